"""Events and their directed dyads, filtered and sorted (``Store.events``, ``Store.dyads``)."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from .query_common import actor_condition, as_list, day_expr, participants_of, until_bound
from .records import DyadRecord, EventRecord, Records, typed_records
from .schema import cluster_members, events, participants, stories


def _event_conditions(
    type=None,
    actor: str | None = None,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    aux_mode: str | None = None,
    cluster: int | None = None,
    story: str | None = None,
    min_confidence: float | None = None,
) -> list:
    """The WHERE conditions of an events query (over events, stories and cluster_members)."""
    where = []
    if min_confidence is not None:
        where.append(events.c.confidence >= float(min_confidence))
    if type:
        where.append(events.c.event_type.in_([t.upper() for t in as_list(type)]))
    if actor:
        where.append(events.c.id.in_(select(participants.c.event_id).where(actor_condition(actor))))
    if country:
        where.append(events.c.place_country == country.upper())
    if since:
        where.append(day_expr() >= since)
    if until:
        where.append(day_expr() <= until_bound(until))
    if aux_mode:
        where.append(events.c.aux_mode.is_(None) if aux_mode == "none" else events.c.aux_mode == aux_mode)
    if cluster is not None:
        where.append(cluster_members.c.cluster_id == int(cluster))
    if story:
        where.append(events.c.story_id == story)
    return where


def _events_from():
    return events.join(stories, stories.c.id == events.c.story_id).outerjoin(
        cluster_members, cluster_members.c.event_id == events.c.id
    )


def _event_order(sort: str | None) -> list:
    """ORDER BY for a sort key of ``filters.EVENT_SORT_KEYS`` (``-key``: descending); ties by id."""
    key = (sort or "date").lstrip("-")
    desc_ = bool(sort and sort.startswith("-"))
    col = {
        "date": day_expr(),
        "published": stories.c.published,
        "event_type": events.c.event_type,
        "place_country": events.c.place_country,
        "confidence": events.c.confidence,
        "story_id": events.c.story_id,
    }.get(key)
    if col is None:
        raise ValueError(f"cannot sort by {sort!r}")
    first = col.desc().nulls_last() if desc_ else col.asc().nulls_last()
    return [first, events.c.id.desc() if desc_ else events.c.id]


def count_events(conn: Connection, **filters) -> int:
    """How many events ``find_events`` would give with these filters and no limit."""
    q = select(func.count()).select_from(_events_from()).where(*_event_conditions(**filters))
    return conn.execute(q).scalar_one()


def find_events(
    conn: Connection, *, limit: int | None = None, offset: int = 0, sort: str | None = None, **filters
) -> Records:
    """Events filtered (the filters of ``_event_conditions``); ``sort`` one of
    ``filters.EVENT_SORT_KEYS`` (default date, oldest first)."""
    q = (
        select(events, stories.c.published, cluster_members.c.cluster_id)
        .select_from(_events_from())
        .where(*_event_conditions(**filters))
        .order_by(*_event_order(sort))
    )
    if limit:
        q = q.limit(limit)
    if offset:
        q = q.offset(offset)
    rows = conn.execute(q).mappings().all()
    parts = participants_of(conn, [r["id"] for r in rows])
    out = []
    for r in rows:
        p = parts.get(r["id"], {})
        out.append(
            EventRecord(
                id=r["id"],
                story_id=r["story_id"],
                published=r["published"],
                event_type=r["event_type"],
                mode=r["mode"],
                context=json.loads(r["context"] or "[]"),
                aux_mode=r["aux_mode"],
                date=r["date"],
                actor=[x["name"] for x in p.get("actor", [])],
                actor_codes=[x["code"] for x in p.get("actor", []) if x["code"]],
                recipient=[x["name"] for x in p.get("recipient", [])],
                recipient_codes=[x["code"] for x in p.get("recipient", []) if x["code"]],
                place=r["place"],
                place_country=r["place_country"],
                lat=r["lat"],
                lon=r["lon"],
                trigger=r["trigger"],
                # the stored sentence keeps the newlines around it; a row wants just the sentence
                event_text=(r["event_text"] or "").strip() or None,
                confidence=r["confidence"],
                cluster_id=r["cluster_id"],
            )
        )
    return typed_records(out, EventRecord)


def find_dyads(conn: Connection, **filters) -> Records:
    """The directed dyads of the events ``find_events`` gives (see ``DyadRecord``), in its order."""
    events_ = find_events(conn, **filters)
    parts = participants_of(conn, [e.id for e in events_])
    out = []
    for e in events_:
        p = parts.get(e.id, {})
        actors = [(x["name"], x["code"]) for x in p.get("actor", [])]
        recips = [(x["name"], x["code"]) for x in p.get("recipient", [])]
        reciprocal = not recips and len(actors) > 1
        if reciprocal:
            pairs = [(a, b) for a in actors for b in actors if a is not b]
        elif recips:
            pairs = [(a, r) for a in actors or [(None, None)] for r in recips]
        else:
            pairs = [(a, (None, None)) for a in actors]
        for (an, ac), (rn, rc) in pairs:
            out.append(
                DyadRecord(
                    event_id=e.id,
                    story_id=e.story_id,
                    event_type=e.event_type,
                    mode=e.mode,
                    aux_mode=e.aux_mode,
                    date=e.date,
                    actor=an or "",
                    actor_code=ac or None,
                    recipient=rn,
                    recipient_code=rc or None,
                    reciprocal=reciprocal,
                    place_country=e.place_country,
                    confidence=e.confidence,
                )
            )
    return typed_records(out, DyadRecord)
