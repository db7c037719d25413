"""Reading the store: typed records, lists of them with ``to_pandas()`` / ``to_arrow()``.

Full-text search: SQLite uses the FTS5 tables (``stories_fts``, ``quotes_fts``);
PostgreSQL uses ``to_tsvector('english', ...)`` with GIN indexes. Both take the words of the
query and find rows containing all of them (stemmed on PostgreSQL, prefix-free on SQLite).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from ..model import Actor, Document, Event, Location, Quote, TextSpan
from .kb import normalise, office_terms
from .schema import (
    actor_aliases,
    actor_offices,
    actors,
    cluster_members,
    clusters,
    events,
    failures,
    mentions,
    participants,
    quotes,
    stories,
)

_WORDS = re.compile(r"\w+")
_CODE = re.compile(r"^[A-Z]{3}$")


class Records(list):
    """A list of records (dataclasses) that converts to pandas and Arrow."""

    def to_dicts(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self]

    def to_pandas(self):
        import pandas as pd

        if not self:
            return pd.DataFrame(columns=self._columns())
        return pd.DataFrame(self.to_dicts())

    def to_arrow(self):
        import pyarrow as pa

        if not self:
            return pa.table({c: [] for c in self._columns()})
        return pa.Table.from_pylist(self.to_dicts())

    def _columns(self) -> list[str]:
        t = getattr(self, "record_type", None)
        return [f.name for f in fields(t)] if t else []


def _records(items, record_type) -> Records:
    r = Records(items)
    r.record_type = record_type
    return r


@dataclass(slots=True)
class EventRecord:
    id: str
    story_id: str
    published: str | None
    event_type: str
    mode: str | None
    context: list[str]
    aux_mode: str | None
    date: str | None
    actor: list[str]  # names
    actor_codes: list[str]
    recipient: list[str]
    recipient_codes: list[str]
    place: str | None
    place_country: str | None
    lat: float | None
    lon: float | None
    trigger: str | None
    event_text: str | None
    confidence: float | None
    cluster_id: int | None


@dataclass(slots=True)
class DyadRecord:
    """One directed dyad of an event, as dyadic event datasets list them: an event with two
    actors and one recipient is two rows; a reciprocal event (all parties actors, no
    recipient: "France, Germany and Italy met") is every ordered pair of its actors; an event
    with one party and no recipient is one row with no recipient."""

    event_id: str
    story_id: str
    event_type: str
    mode: str | None
    aux_mode: str | None
    date: str | None
    actor: str
    actor_code: str | None
    recipient: str | None
    recipient_code: str | None
    reciprocal: bool
    place_country: str | None
    confidence: float | None


def find_dyads(conn: Connection, **filters) -> Records:
    """The directed dyads of the events ``find_events`` gives (see ``DyadRecord``), in its order."""
    events_ = find_events(conn, **filters)
    parts = _participants(conn, [e.id for e in events_])
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
    return _records(out, DyadRecord)


@dataclass(slots=True)
class ClusterRecord:
    cluster_id: int
    event_type: str
    aux_mode: str | None
    participants: list[str]
    date: str | None
    sources: int  # independent outlets (syndicated copies count once)
    reports: int  # stories
    outlets: list[str]
    n_events: int
    first_report: str | None
    last_report: str | None
    representative: str | None
    place: str | None
    place_country: str | None
    documents: list[str]
    events: list[str]


@dataclass(slots=True)
class QuoteRecord:
    id: str
    story_id: str
    published: str | None
    speaker: str | None
    speaker_code: str | None
    text: str
    cue: str | None
    start: int | None
    end: int | None


@dataclass(slots=True)
class StoryHit:
    id: str
    title: str | None
    published: str | None
    source: str | None
    url: str | None
    snippet: str


@dataclass(slots=True)
class ActorRecord:
    id: int
    name: str
    kind: str | None
    code: str | None
    sector: str | None
    origin: str
    offices: list[str]
    aliases: list[str]
    first_seen: str | None
    last_seen: str | None
    n_stories: int
    terms: list[str] = field(default_factory=list)  # terms of office from the knowledge base


@dataclass(slots=True)
class FailureRecord:
    id: int
    run_id: int | None
    source: str | None
    line: int | None
    doc_id: str | None
    reason: str
    attempts: int
    created: str | None
    resolved_run: int | None


class FullText:
    """Dialect-specific full-text conditions."""

    def __init__(self, dialect: str):
        self.dialect = dialect

    @staticmethod
    def words(q: str) -> list[str]:
        return _WORDS.findall(q)

    def fts5(self, q: str) -> str:
        return " ".join('"' + w.replace('"', "") + '"' for w in self.words(q))

    def quote_condition(self, q: str):
        if self.dialect == "sqlite":
            ids = text("SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :fq").bindparams(fq=self.fts5(q))
            return quotes.c.pk.in_(ids)
        if self.dialect == "postgresql":
            return func.to_tsvector(literal_column("'english'"), quotes.c.text).op("@@")(
                func.plainto_tsquery(literal_column("'english'"), " ".join(self.words(q)))
            )
        return and_(*[quotes.c.text.ilike(f"%{w}%") for w in self.words(q)])


def _day_expr():
    return func.coalesce(events.c.date, stories.c.published)


def _actor_condition(actor: str):
    """Participant by code (``USA``) or by name/alias (``Rubio``)."""
    if _CODE.match(actor):
        return participants.c.code == actor
    alias_ids = select(actor_aliases.c.actor_id).where(actor_aliases.c.alias == normalise(actor))
    return or_(
        participants.c.actor_id.in_(alias_ids), func.lower(participants.c.name).contains(actor.lower())
    )


def _as_list(x) -> list[str] | None:
    if x is None:
        return None
    if isinstance(x, str):
        return [p.strip() for p in x.split(",") if p.strip()]
    return list(x)


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
        where.append(events.c.event_type.in_([t.upper() for t in _as_list(type)]))
    if actor:
        where.append(events.c.id.in_(select(participants.c.event_id).where(_actor_condition(actor))))
    if country:
        where.append(events.c.place_country == country.upper())
    if since:
        where.append(_day_expr() >= since)
    if until:  # a month or year ("2025-03") includes all of it
        where.append(_day_expr() <= (until if len(until) == 10 else until + "\uffff"))
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
        "date": _day_expr(),
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
    parts = _participants(conn, [r["id"] for r in rows])
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
    return _records(out, EventRecord)


def _count(conn: Connection, q) -> int:
    return conn.execute(select(func.count()).select_from(q.subquery())).scalar_one()


def _chunks(xs: list, n: int = 500):
    for i in range(0, len(xs), n):
        yield xs[i : i + n]


def _participants(conn: Connection, event_ids: list[str]) -> dict[str, dict[str, list[dict]]]:
    out: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for chunk in _chunks(event_ids):
        q = (
            select(participants)
            .where(participants.c.event_id.in_(chunk))
            .order_by(participants.c.event_id, participants.c.role, participants.c.position)
        )
        for r in conn.execute(q).mappings():
            out[r["event_id"]][r["role"]].append(dict(r))
    return out


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
        q = q.where(clusters.c.event_type.in_([t.upper() for t in _as_list(type)]))
    if actor:
        evs = select(participants.c.event_id).where(_actor_condition(actor))
        q = q.where(
            clusters.c.id.in_(select(cluster_members.c.cluster_id).where(cluster_members.c.event_id.in_(evs)))
        )
    if since:
        q = q.where(clusters.c.date >= since)
    if until:  # a month or year includes all of it, as for events
        q = q.where(clusters.c.date <= (until if len(until) == 10 else until + "\uffff"))
    if min_sources:
        q = q.where(clusters.c.n_sources >= min_sources)
    if count:  # how many rows, for a list's total
        return _count(conn, q)
    q = q.order_by(clusters.c.date, clusters.c.id)
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    members: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for chunk in _chunks([r["id"] for r in rows]):
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
    return _records(out, ClusterRecord)


def find_quotes(
    conn: Connection,
    search_fn,
    speaker: str | None = None,
    search: str | None = None,
    story: str | None = None,
    limit: int | None = None,
    count: bool = False,
):
    q = select(quotes, stories.c.published).join(stories, stories.c.id == quotes.c.story_id)
    if speaker:
        alias_ids = select(actor_aliases.c.actor_id).where(actor_aliases.c.alias == normalise(speaker))
        q = q.where(
            or_(
                quotes.c.speaker_actor_id.in_(alias_ids),
                func.lower(quotes.c.speaker).contains(speaker.lower()),
            )
        )
    if search:
        if not FullText.words(search):
            return 0 if count else _records([], QuoteRecord)
        q = q.where(search_fn().quote_condition(search))
    if story:
        q = q.where(quotes.c.story_id == story)
    if count:  # how many rows, for a list's total
        return _count(conn, q)
    q = q.order_by(stories.c.published, quotes.c.id)
    if limit:
        q = q.limit(limit)
    out = [quote_record(r) for r in conn.execute(q).mappings()]
    return _records(out, QuoteRecord)


def quote_record(r) -> QuoteRecord:
    """A ``QuoteRecord`` from a row of ``quotes`` joined with the story's ``published``."""
    return QuoteRecord(
        id=r["id"],
        story_id=r["story_id"],
        published=r["published"],
        speaker=r["speaker"],
        speaker_code=r["speaker_code"],
        text=r["text"],
        cue=r["cue"],
        start=r["start"],
        end=r["end"],
    )


def find_search(conn: Connection, search_fn, q: str, limit: int = 20) -> Records:
    fts = search_fn()
    words = fts.words(q)
    if not words:
        return _records([], StoryHit)
    if fts.dialect == "sqlite":
        sql = text(
            "SELECT s.id, s.title, s.published, s.source, s.url, "
            "snippet(stories_fts, 1, '[', ']', '…', 16) AS snippet "
            "FROM stories_fts JOIN stories s ON s.pk = stories_fts.rowid "
            "WHERE stories_fts MATCH :q ORDER BY rank LIMIT :n"
        )
        rows = conn.execute(sql, {"q": fts.fts5(q), "n": limit}).mappings()
    elif fts.dialect == "postgresql":
        sql = text(
            "SELECT s.id, s.title, s.published, s.source, s.url, "
            "ts_headline('english', s.text, plainto_tsquery('english', :q), "
            "'StartSel=[, StopSel=], MaxFragments=1, MaxWords=30, MinWords=10') AS snippet "
            "FROM stories s WHERE to_tsvector('english', coalesce(s.title, '') || ' ' || s.text) "
            "@@ plainto_tsquery('english', :q) "
            "ORDER BY ts_rank(to_tsvector('english', coalesce(s.title, '') || ' ' || s.text), "
            "plainto_tsquery('english', :q)) DESC, s.id LIMIT :n"
        )
        rows = conn.execute(sql, {"q": " ".join(words), "n": limit}).mappings()
    else:
        cond = and_(*[stories.c.text.ilike(f"%{w}%") for w in words])
        rows = conn.execute(
            select(
                stories.c.id,
                stories.c.title,
                stories.c.published,
                stories.c.source,
                stories.c.url,
                func.substr(stories.c.text, 1, 200).label("snippet"),
            )
            .where(cond)
            .limit(limit)
        ).mappings()
    return _records([StoryHit(**dict(r)) for r in rows], StoryHit)


def find_actors(conn: Connection, name: str | None = None, limit: int | None = None, count: bool = False):
    q = select(actors)
    if name:
        alias_ids = select(actor_aliases.c.actor_id).where(actor_aliases.c.alias == normalise(name))
        q = q.where(or_(actors.c.id.in_(alias_ids), func.lower(actors.c.name).contains(name.lower())))
    if count:  # how many rows, for a list's total
        return _count(conn, q)
    q = q.order_by(actors.c.n_stories.desc(), actors.c.name)
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    ids = [r["id"] for r in rows]
    aliases: dict[int, list[str]] = defaultdict(list)
    offices: dict[int, list[str]] = defaultdict(list)
    office_names: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        for a in conn.execute(
            select(actor_aliases).where(actor_aliases.c.actor_id.in_(chunk)).order_by(actor_aliases.c.alias)
        ):
            aliases[a.actor_id].append(a.alias)
        for o in conn.execute(
            select(actor_offices)
            .where(actor_offices.c.actor_id.in_(chunk))
            .order_by(actor_offices.c.last_seen)
        ):
            span = f" ({o.first_seen or '?'}..{o.last_seen or '?'})" if (o.first_seen or o.last_seen) else ""
            offices[o.actor_id].append(o.office + span)
            office_names[o.actor_id].append(o.office)
    out = [
        ActorRecord(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            code=r["code"],
            sector=r["sector"],
            origin=r["origin"],
            offices=offices.get(r["id"], []),
            aliases=aliases.get(r["id"], []),
            first_seen=r["first_seen"],
            last_seen=r["last_seen"],
            n_stories=r["n_stories"],
            terms=office_terms(r["name"], office_names.get(r["id"], [])) if r["kind"] == "person" else [],
        )
        for r in rows
    ]
    return _records(out, ActorRecord)


def find_failures(conn: Connection, include_resolved: bool = False) -> Records:
    q = select(failures).order_by(failures.c.id)
    if not include_resolved:
        q = q.where(failures.c.resolved_run.is_(None))
    out = [
        FailureRecord(
            id=r["id"],
            run_id=r["run_id"],
            source=r["source"],
            line=r["line"],
            doc_id=r["doc_id"],
            reason=r["reason"],
            attempts=r["attempts"],
            created=r["created"],
            resolved_run=r["resolved_run"],
        )
        for r in conn.execute(q).mappings()
    ]
    return _records(out, FailureRecord)


def _week(d: str | None) -> str | None:
    if not d or len(d) != 10:
        return None
    try:
        y, w, _ = date.fromisoformat(d).isocalendar()
    except ValueError:
        return None
    return f"{y}-W{w:02d}"


def find_stats(conn: Connection) -> dict[str, Any]:
    def n(t, *where):
        return conn.execute(select(func.count()).select_from(t).where(*where)).scalar_one()

    by_type = dict(
        conn.execute(
            select(events.c.event_type, func.count())
            .group_by(events.c.event_type)
            .order_by(events.c.event_type)
        ).all()
    )
    # An event counts in the week of its own date; one dated only to a month or a year, and one
    # with no date of its own, are counted apart (never put in the week its story came out).
    weeks: Counter[str] = Counter()
    undated = partly = 0
    for d, c in conn.execute(select(events.c.date, func.count()).group_by(events.c.date)):
        if not d:
            undated += c
        elif _week(d):
            weeks[_week(d)] += c
        else:
            partly += c
    return {
        "stories": n(stories),
        "syndication_groups": conn.execute(
            select(func.count(func.distinct(stories.c.near_dup_group)))
        ).scalar_one(),
        "events": n(events),
        "clusters": n(clusters),
        "quotes": n(quotes),
        "actors": n(actors),
        "failures": n(failures, failures.c.resolved_run.is_(None)),
        "by_type": by_type,
        "by_week": dict(sorted(weeks.items())),
        "partly_dated": partly,
        "undated": undated,
    }


# -- whole documents ------------------------------------------------------------------


def document(conn: Connection, story_id: str) -> Document | None:
    return next(documents(conn, [story_id]), None)


def documents(conn: Connection, ids: Iterable[str] | None = None, chunk: int = 200) -> Iterator[Document]:
    """Stored stories rebuilt as ``Document``s (with the KB's fills), streamed in chunks."""
    if ids is not None:
        ids = list(ids)
        for part in _chunks(ids, chunk):
            rows = conn.execute(select(stories).where(stories.c.id.in_(part))).mappings().all()
            by_id = {r["id"]: r for r in rows}
            yield from _build(conn, [by_id[i] for i in part if i in by_id])
        return
    last = 0
    while True:
        rows = (
            conn.execute(select(stories).where(stories.c.pk > last).order_by(stories.c.pk).limit(chunk))
            .mappings()
            .all()
        )
        if not rows:
            return
        last = rows[-1]["pk"]
        yield from _build(conn, rows)


def _build(conn: Connection, rows) -> Iterator[Document]:
    sids = [r["id"] for r in rows]
    ment: dict[str, list] = defaultdict(list)
    for m in conn.execute(
        select(mentions).where(mentions.c.story_id.in_(sids)).order_by(mentions.c.id)
    ).mappings():
        ment[m["story_id"]].append(m)
    evs: dict[str, list] = defaultdict(list)
    for e in conn.execute(select(events).where(events.c.story_id.in_(sids))).mappings():
        evs[e["story_id"]].append(e)
    parts = _participants(conn, [e["id"] for es in evs.values() for e in es])
    qts: dict[str, list] = defaultdict(list)
    for q in conn.execute(select(quotes).where(quotes.c.story_id.in_(sids)).order_by(quotes.c.pk)).mappings():
        qts[q["story_id"]].append(q)
    for r in rows:
        sid = r["id"]
        doc = Document(
            id=sid,
            text=r["text"],
            published=r["published"],
            title=r["title"],
            url=r["url"],
            source=r["source"],
        )
        doc.actors = [
            Actor(
                id=m["local_id"],
                name=m["name"],
                kind=m["kind"],
                code=m["code"],
                sector=m["sector"],
                office=m["office"],
                wikidata_id=m["wikidata_id"],
                mentions=[TextSpan(t, s, e) for s, e, t in json.loads(m["spans"] or "[]")],
            )
            for m in sorted(ment[sid], key=lambda m: _local_order(m["local_id"]))
        ]
        by_mention = {f"{sid}/{a.id}": a.id for a in doc.actors}
        for e in sorted(evs[sid], key=lambda e: _local_order(e["local_id"])):
            p = parts.get(e["id"], {})
            loc = None
            if e["place"] is not None:
                loc = Location(
                    name=e["place"],
                    country_code=e["place_country"],
                    lat=e["lat"],
                    lon=e["lon"],
                    feature=e["place_feature"],
                )
            doc.events.append(
                Event(
                    id=e["local_id"],
                    event_type=e["event_type"],
                    trigger=TextSpan(e["trigger"] or "", e["trigger_start"] or 0, e["trigger_end"] or 0),
                    sentence=TextSpan(
                        e["event_text"] or "", e["sentence_start"] or 0, e["sentence_end"] or 0
                    ),
                    rule=e["rule"] or "",
                    mode=e["mode"],
                    context=json.loads(e["context"] or "[]"),
                    aux_mode=e["aux_mode"],
                    actor=[by_mention.get(x["mention_id"], x["name"]) for x in p.get("actor", [])],
                    recipient=[by_mention.get(x["mention_id"], x["name"]) for x in p.get("recipient", [])],
                    date=e["date"],
                    date_text=e["date_text"],
                    event_loc=loc,
                    confidence=e["confidence"] if e["confidence"] is not None else 0.5,
                )
            )
        doc.quotes = [
            Quote(
                id=q["local_id"],
                text=q["text"],
                start=q["start"],
                end=q["end"],
                speaker=by_mention.get(q["speaker_mention"]),
                speaker_mention=_span(q["speaker_span"]),
                cue=TextSpan(q["cue"], q["cue_start"], q["cue_end"]) if q["cue"] is not None else None,
            )
            for q in sorted(qts[sid], key=lambda q: _local_order(q["local_id"]))
        ]
        yield doc


def _span(js: str | None) -> TextSpan | None:
    if not js:
        return None
    start, end, t = json.loads(js)
    return TextSpan(t, start, end)


def _local_order(local_id: str):
    """``E10`` after ``E9``: order local ids by their number when they have one."""
    m = re.match(r"^(\D*)(\d+)$", local_id)
    return (m.group(1), int(m.group(2)), "") if m else (local_id, 0, local_id)
