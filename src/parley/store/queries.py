"""Reading the store: quotes, full-text search, actors, failures and figures here; events and
dyads in ``event_queries``, clusters in ``cluster_queries``, whole documents in ``documents``,
the typed records in ``records``. Every public name stays importable from this module.

Full-text search: SQLite uses the FTS5 tables (``stories_fts``, ``quotes_fts``);
PostgreSQL uses ``to_tsvector('english', ...)`` with GIN indexes. Both take the words of the
query and find rows containing all of them (stemmed on PostgreSQL, prefix-free on SQLite).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, text
from sqlalchemy.engine import Connection

from .cluster_queries import find_clusters
from .documents import document, documents
from .event_queries import count_events, find_dyads, find_events
from .kb import normalise, office_terms
from .query_common import chunks, count_rows
from .records import (
    ActorRecord,
    ClusterRecord,
    DyadRecord,
    EventRecord,
    FailureRecord,
    QuoteRecord,
    Records,
    StoryHit,
    typed_records,
)
from .schema import actor_aliases, actor_offices, actors, clusters, events, failures, quotes, stories

__all__ = [
    "ActorRecord",
    "ClusterRecord",
    "DyadRecord",
    "EventRecord",
    "FailureRecord",
    "FullText",
    "QuoteRecord",
    "Records",
    "StoryHit",
    "count_events",
    "document",
    "documents",
    "find_actors",
    "find_clusters",
    "find_dyads",
    "find_events",
    "find_failures",
    "find_quotes",
    "find_search",
    "find_stats",
    "quote_record",
]

_WORDS = re.compile(r"\w+")


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
            return 0 if count else typed_records([], QuoteRecord)
        q = q.where(search_fn().quote_condition(search))
    if story:
        q = q.where(quotes.c.story_id == story)
    if count:  # how many rows, for a list's total
        return count_rows(conn, q)
    q = q.order_by(stories.c.published, quotes.c.id)
    if limit:
        q = q.limit(limit)
    out = [quote_record(r) for r in conn.execute(q).mappings()]
    return typed_records(out, QuoteRecord)


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
        return typed_records([], StoryHit)
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
    return typed_records([StoryHit(**dict(r)) for r in rows], StoryHit)


def find_actors(conn: Connection, name: str | None = None, limit: int | None = None, count: bool = False):
    q = select(actors)
    if name:
        alias_ids = select(actor_aliases.c.actor_id).where(actor_aliases.c.alias == normalise(name))
        q = q.where(or_(actors.c.id.in_(alias_ids), func.lower(actors.c.name).contains(name.lower())))
    if count:  # how many rows, for a list's total
        return count_rows(conn, q)
    q = q.order_by(actors.c.n_stories.desc(), actors.c.name)
    if limit:
        q = q.limit(limit)
    rows = conn.execute(q).mappings().all()
    ids = [r["id"] for r in rows]
    aliases: dict[int, list[str]] = defaultdict(list)
    offices: dict[int, list[str]] = defaultdict(list)
    office_names: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(ids):
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
    return typed_records(out, ActorRecord)


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
    return typed_records(out, FailureRecord)


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
