"""Queries the web app needs that ``parley.store.queries`` does not (yet) offer.

Each takes an open SQLAlchemy connection and reads the store's tables directly; they are
candidates to fold into the store module. Everything else the app shows comes from the
``Store`` methods themselves.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import case, desc, func, select
from sqlalchemy.engine import Connection

from ..store.event_queries import _event_conditions, _events_from
from ..store.filters import QUAD, QUAD_NAMES
from ..store.queries import ActorRecord, QuoteRecord, find_actors, quote_record
from ..store.query_common import day_expr, until_bound
from ..store.schema import actors, clusters, events, mentions, participants, quotes, stories


def _filtered(q, type: list[str] | None, since: str | None, until: str | None):
    if type:
        q = q.where(events.c.event_type.in_([t.upper() for t in type]))
    if since:
        q = q.where(day_expr() >= since)
    if until:
        q = q.where(day_expr() <= until_bound(until))
    return q


def week_of(d: str | None) -> str | None:
    """``2025-W10`` for a full ``YYYY-MM-DD`` date; None for partial or bad dates."""
    if not d or len(d) != 10:
        return None
    try:
        y, w, _ = date.fromisoformat(d).isocalendar()
    except ValueError:
        return None
    return f"{y}-W{w:02d}"


def period_of(day: str | None, interval: str) -> str | None:
    """The day (``YYYY-MM-DD``), ISO week (``2025-W10``) or month (``2025-03``) of a full date."""
    week = week_of(day)
    if week is None:
        return None
    return {"week": week, "month": day[:7]}.get(interval, day)


def periods_between(first: str, last: str, interval: str) -> list[str]:
    """Every period from ``first`` to ``last`` (both given as periods of ``interval``), in order."""
    out = []
    if interval == "month":
        y, m = int(first[:4]), int(first[5:7])
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    start = date.fromisoformat(week_start(first) if interval == "week" else first)
    step = 7 if interval == "week" else 1
    while True:
        p = period_of(start.isoformat(), interval)
        if p > last:
            return out
        out.append(p)
        start = date.fromordinal(start.toordinal() + step)


def published_range(conn: Connection) -> tuple[str | None, str | None]:
    """The first and last publication dates in the store."""
    return tuple(conn.execute(select(func.min(stories.c.published), func.max(stories.c.published))).one())


def week_start(week: str) -> str:
    """The Monday of an ISO week ``2025-W10`` as ``YYYY-MM-DD``."""
    y, w = week.split("-W")
    return date.fromisocalendar(int(y), int(w), 1).isoformat()


def timeline(
    conn: Connection,
    interval: str = "week",
    type: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    actor_id: int | None = None,
) -> dict[str, Any]:
    """Event counts by type per day, ISO week or month (of one knowledge-base actor's events, in
    either role, with ``actor_id``).

    Events with no full day (only a month or year, or no date at all) are counted under
    ``undated`` instead of being put on an arbitrary day.
    """
    q = select(events.c.date, events.c.event_type, func.count()).select_from(events.join(stories))
    q = _filtered(q, type, since, until).group_by(events.c.date, events.c.event_type)
    if actor_id is not None:
        q = q.where(
            events.c.id.in_(select(participants.c.event_id).where(participants.c.actor_id == actor_id))
        )
    buckets: dict[str, Counter] = defaultdict(Counter)
    undated: Counter = Counter()
    partly: Counter = Counter()
    for day, etype, n in conn.execute(q):
        key = period_of(day, interval)
        if key is not None:
            buckets[key][etype] += n
        elif day:
            partly[etype] += n
        else:
            undated[etype] += n
    types = sorted({t for c in buckets.values() for t in c} | set(undated) | set(partly))
    return {
        "interval": interval,
        "types": types,
        "buckets": [{"period": k, "counts": dict(sorted(buckets[k].items()))} for k in sorted(buckets)],
        "partly_dated": dict(sorted(partly.items())),
        "undated": dict(sorted(undated.items())),
    }


def by_quad(tl: dict[str, Any]) -> dict[str, Any]:
    """A timeline by PLOVER type folded into the four quad classes (verbal/material cooperation/conflict)."""

    def fold(counts: dict[str, int]) -> dict[str, int]:
        out: Counter = Counter()
        for t, n in counts.items():
            out[QUAD_NAMES[QUAD[t]]] += n
        return dict(out)

    return {
        **tl,
        "types": [QUAD_NAMES[q] for q in sorted(QUAD_NAMES) if any(QUAD[t] == q for t in tl["types"])],
        "buckets": [{"period": b["period"], "counts": fold(b["counts"])} for b in tl["buckets"]],
        "partly_dated": fold(tl.get("partly_dated", {})),
        "undated": fold(tl.get("undated", {})),
    }


def countries(conn: Connection, **filters) -> list[dict[str, Any]]:
    """Events per country of their place, by quad class, most events first (filters as ``find_events``)."""
    q = (
        select(events.c.place_country, events.c.event_type, func.count())
        .select_from(_events_from())
        .where(events.c.place_country.is_not(None), *_event_conditions(**filters))
        .group_by(events.c.place_country, events.c.event_type)
    )
    rows: dict[str, Counter] = defaultdict(Counter)
    for code, etype, n in conn.execute(q):
        rows[code][QUAD.get(etype, 0)] += n
    out = [
        {"country": c, "total": sum(n.values()), **{f"q{k}": n.get(k, 0) for k in QUAD_NAMES}}
        for c, n in rows.items()
    ]
    return sorted(out, key=lambda r: (-r["total"], r["country"]))


def places(conn: Connection, **filters) -> list[dict[str, Any]]:
    """Events grouped by place (coordinates, or only a country), with counts by quad class."""
    q = (
        select(
            events.c.place,
            events.c.place_country,
            events.c.lat,
            events.c.lon,
            events.c.event_type,
            func.count(),
        )
        .select_from(_events_from())
        .where(events.c.place_country.is_not(None) | events.c.lat.is_not(None), *_event_conditions(**filters))
        .group_by(events.c.place, events.c.place_country, events.c.lat, events.c.lon, events.c.event_type)
    )
    out: dict[tuple, dict[str, Any]] = {}
    for place, country, lat, lon, etype, n in conn.execute(q):
        key = (place, country, lat, lon)
        p = out.setdefault(
            key, {"place": place, "country": country, "lat": lat, "lon": lon, "total": 0, "quads": Counter()}
        )
        p["total"] += n
        p["quads"][QUAD.get(etype, 0)] += n
    return sorted(out.values(), key=lambda p: -p["total"])


def dyads(
    conn: Connection,
    level: str = "country",
    type: list[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Directed (actor -> recipient) pairs weighted by their number of events, heaviest first.

    ``level="country"`` pairs participant codes; ``level="actor"`` pairs knowledge-base
    actors (by id, with their names).
    """
    a = participants.alias("a")
    r = participants.alias("r")
    ka = actors.alias("ka")
    kr = actors.alias("kr")
    if level == "actor":
        src, dst = a.c.actor_id, r.c.actor_id
    else:
        # Organizations share one code (IGO): the UN, the EU, the AU and NATO are told apart by name.
        src = case((a.c.code.in_(NAMED_CODES), func.coalesce(ka.c.name, a.c.name)), else_=a.c.code)
        dst = case((r.c.code.in_(NAMED_CODES), func.coalesce(kr.c.name, r.c.name)), else_=r.c.code)
    weight = func.count(func.distinct(events.c.id)).label("weight")
    q = (
        select(src.label("source"), dst.label("target"), events.c.event_type, weight)
        .select_from(
            events.join(stories, stories.c.id == events.c.story_id)
            .join(a, (a.c.event_id == events.c.id) & (a.c.role == "actor"))
            .join(r, (r.c.event_id == events.c.id) & (r.c.role == "recipient"))
            .outerjoin(ka, ka.c.id == a.c.actor_id)
            .outerjoin(kr, kr.c.id == r.c.actor_id)
        )
        .where(src.is_not(None), dst.is_not(None), src != dst)
    )
    q = _filtered(q, type, since, until).group_by(src, dst, events.c.event_type)
    pairs: dict[tuple, dict[str, Any]] = {}
    for m in conn.execute(q).mappings():
        p = pairs.setdefault(
            (m["source"], m["target"]), {"source": m["source"], "target": m["target"], "weight": 0}
        )
        p["weight"] += m["weight"]
        quads = p.setdefault("quads", Counter())
        quads[QUAD.get(m["event_type"], 0)] += m["weight"]
    rows = sorted(pairs.values(), key=lambda x: (-x["weight"], str(x["source"]), str(x["target"])))[:limit]
    for x in rows:
        quads = x.pop("quads")
        # the pair's class: the quad class of most of its events (ties: the more conflictual)
        x["quad"] = max(quads, key=lambda k: (quads[k], k))
    if level == "actor" and rows:
        ids = {x["source"] for x in rows} | {x["target"] for x in rows}
        names = dict(conn.execute(select(actors.c.id, actors.c.name).where(actors.c.id.in_(ids))).all())
        for x in rows:
            x["source_name"] = names.get(x["source"], str(x["source"]))
            x["target_name"] = names.get(x["target"], str(x["target"]))
    return rows


#: Participant codes that stand for many different actors: shown by name instead.
NAMED_CODES = ("IGO", "NGO", "MNC")


def actor(conn: Connection, actor_id: int) -> ActorRecord | None:
    """One knowledge-base actor by id (through the store's own actor query)."""
    name = conn.execute(select(actors.c.name).where(actors.c.id == actor_id)).scalar_one_or_none()
    if name is None:
        return None
    return next((a for a in find_actors(conn, name) if a.id == actor_id), None)


def actor_events(conn: Connection, actor_id: int, role: str, limit: int = 200) -> list[dict[str, Any]]:
    """The events an actor took part in as ``role`` ("actor" or "recipient"), newest first."""
    ids = select(participants.c.event_id).where(
        participants.c.actor_id == actor_id, participants.c.role == role
    )
    q = (
        select(
            events.c.id,
            events.c.story_id,
            events.c.event_type,
            events.c.aux_mode,
            events.c.trigger,
            events.c.place,
            day_expr().label("date"),
        )
        .join(stories, stories.c.id == events.c.story_id)
        .where(events.c.id.in_(ids))
        .order_by(desc("date"), events.c.id)
        .limit(limit)
    )
    rows = [dict(m) for m in conn.execute(q).mappings()]
    parts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    if rows:
        pq = (
            select(participants.c.event_id, participants.c.role, participants.c.name, participants.c.code)
            .where(participants.c.event_id.in_([x["id"] for x in rows]))
            .order_by(participants.c.event_id, participants.c.role, participants.c.position)
        )
        for p in conn.execute(pq):
            parts[p.event_id][p.role].append(p.name or p.code or "?")
    for x in rows:
        x["actor"] = parts[x["id"]]["actor"]
        x["recipient"] = parts[x["id"]]["recipient"]
    return rows


def actor_event_count(conn: Connection, actor_id: int, role: str) -> int:
    q = select(func.count(func.distinct(participants.c.event_id))).where(
        participants.c.actor_id == actor_id, participants.c.role == role
    )
    return conn.execute(q).scalar_one()


def actor_quotes(conn: Connection, actor_id: int, limit: int = 200) -> list[QuoteRecord]:
    """Quotes whose speaker is linked to this knowledge-base actor, newest first."""
    q = (
        select(quotes, stories.c.published)
        .join(stories, stories.c.id == quotes.c.story_id)
        .where(quotes.c.speaker_actor_id == actor_id)
        .order_by(desc(stories.c.published), quotes.c.id)
        .limit(limit)
    )
    return [quote_record(r) for r in conn.execute(q).mappings()]


def story_actor_ids(conn: Connection, story_id: str) -> dict[str, int]:
    """``{local actor id: knowledge-base actor id}`` for the actors of one story."""
    q = select(mentions.c.local_id, mentions.c.actor_id).where(
        mentions.c.story_id == story_id, mentions.c.actor_id.is_not(None)
    )
    return dict(conn.execute(q).all())


def latest_cluster_date(conn: Connection, n: int) -> str | None:
    """The date from which on the ``n`` most recent clusters lie (for ``Store.clusters(since=...)``)."""
    q = select(clusters.c.date).where(clusters.c.date.is_not(None)).order_by(desc(clusters.c.date)).limit(n)
    days = list(conn.execute(q).scalars())
    return days[-1] if days else None


def fill_gaps(tl: dict[str, Any], most: int = 400) -> dict[str, Any]:
    """``tl`` with an empty bucket for every period without events between its first and last
    (so a chart's bars stand at even steps of time); unchanged when that would be over ``most``."""
    b = tl["buckets"]
    if len(b) < 2:
        return tl
    every = periods_between(b[0]["period"], b[-1]["period"], tl["interval"])
    if len(every) > most:
        return tl
    have = {x["period"]: x for x in b}
    return {**tl, "buckets": [have.get(p, {"period": p, "counts": {}}) for p in every]}


def period_range(period: str, interval: str) -> tuple[str, str]:
    """The first and last day of a period, for an events filter (``since``, ``until``)."""
    if interval == "week":
        start = date.fromisoformat(week_start(period))
        return start.isoformat(), date.fromordinal(start.toordinal() + 6).isoformat()
    if interval == "month":
        return period + "-01", period
    return period, period
