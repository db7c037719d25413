"""Event clusters, filtered (``Store.clusters``)."""

from __future__ import annotations

import json
from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.engine import Connection

from .query_common import actor_condition, as_list, chunks, count_rows, until_bound
from .records import ClusterRecord, typed_records
from .schema import cluster_members, clusters, events, participants


def find_clusters(
    conn: Connection,
    type=None,
    actor: str | None = None,
    since: str | None = None,
    until: str | None = None,
    min_sources: int | None = None,
    limit: int | None = None,
    count: bool = False,
):
    q = select(clusters)
    if type:
        q = q.where(clusters.c.event_type.in_([t.upper() for t in as_list(type)]))
    if actor:
        evs = select(participants.c.event_id).where(actor_condition(actor))
        q = q.where(
            clusters.c.id.in_(select(cluster_members.c.cluster_id).where(cluster_members.c.event_id.in_(evs)))
        )
    if since:
        q = q.where(clusters.c.date >= since)
    if until:  # a month or year includes all of it, as for events
        q = q.where(clusters.c.date <= until_bound(until))
    if min_sources:
        q = q.where(clusters.c.n_sources >= min_sources)
    if count:  # how many rows, for a list's total
        return count_rows(conn, q)
    q = q.order_by(clusters.c.date, clusters.c.id)
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    members: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for chunk in chunks([r["id"] for r in rows]):
        mq = (
            select(cluster_members.c.cluster_id, events.c.id, events.c.story_id)
            .join(events, events.c.id == cluster_members.c.event_id)
            .where(cluster_members.c.cluster_id.in_(chunk))
            .order_by(events.c.id)
        )
        for m in conn.execute(mq):
            members[m.cluster_id].append((m.id, m.story_id))
    out = []
    for r in rows:
        ms = members.get(r["id"], [])
        out.append(
            ClusterRecord(
                cluster_id=r["id"],
                event_type=r["event_type"],
                aux_mode=r["aux_mode"],
                participants=json.loads(r["participants"]),
                date=r["date"],
                sources=r["n_sources"],
                reports=r["n_reports"],
                outlets=json.loads(r["outlets"] or "[]"),
                n_events=r["n_events"],
                first_report=r["first_report"],
                last_report=r["last_report"],
                representative=r["representative"],
                place=r["place"],
                place_country=r["place_country"],
                documents=sorted({s for _, s in ms}),
                events=[e for e, _ in ms],
            )
        )
    return typed_records(out, ClusterRecord)
