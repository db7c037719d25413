"""Feed state in the store: the feeds ``parley watch`` follows and the entries it has seen.

``Store`` mixes in ``FeedsMixin``. The watcher and the web app reach feed state only through
these methods. ``add_feed_batch`` writes a batch of stories together with the marks of the
entries they came from, in one transaction: a crash never leaves a story stored whose entry
is unmarked (it would be fetched and stored again) or an entry marked whose story is lost.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, insert, select, update

from ..model import Document
from . import schema
from .writer import AddResult, Writer

#: Back-off after consecutive failures: every x 2^n, at most this long.
MAX_BACKOFF = timedelta(hours=24)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(t: datetime) -> str:
    return t.astimezone(UTC).isoformat(timespec="seconds")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class FeedRecord:
    id: int
    url: str
    name: str | None
    every_seconds: int
    added: str | None
    etag: str | None
    last_modified: str | None
    next_due: str | None
    last_fetch: str | None
    last_status: str | None
    last_error: str | None
    failures: int
    n_new_last: int
    n_stories: int
    n_errors: int

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class EntryMark:
    """What became of one feed entry; ``status``: stored, duplicate, failed or retry."""

    key: str
    url: str | None
    status: str
    story_id: str | None = None
    canonical_url: str | None = None


def _feed(row) -> FeedRecord:
    return FeedRecord(**{k: row[k] for k in FeedRecord.__dataclass_fields__})


class FeedsMixin:
    # -- the feeds --------------------------------------------------------------
    def add_feed(self, url: str, name: str | None = None, every_seconds: int = 900) -> FeedRecord:
        """Follow ``url`` (due at once); an already followed URL gets the new name and interval."""
        t = schema.feeds
        with self.write_transaction() as conn:
            row = conn.execute(select(t.c.id).where(t.c.url == url)).first()
            if row is None:
                conn.execute(
                    insert(t).values(
                        url=url,
                        name=name,
                        every_seconds=every_seconds,
                        added=iso(utcnow()),
                        next_due=iso(utcnow()),
                        failures=0,
                        n_new_last=0,
                        n_stories=0,
                        n_errors=0,
                    )
                )
            else:
                conn.execute(update(t).where(t.c.id == row.id).values(name=name, every_seconds=every_seconds))
            return _feed(conn.execute(select(t).where(t.c.url == url)).mappings().one())

    def remove_feed(self, feed: int | str) -> bool:
        """Stop following a feed (by id or URL); its stories stay in the store."""
        t = schema.feeds
        cond = t.c.id == feed if isinstance(feed, int) else t.c.url == feed
        with self.write_transaction() as conn:
            row = conn.execute(select(t.c.id).where(cond)).first()
            if row is None:
                return False
            # Explicitly: SQLite only cascades with foreign keys on, and other writers may not be.
            conn.execute(delete(schema.feed_entries).where(schema.feed_entries.c.feed_id == row.id))
            conn.execute(delete(t).where(t.c.id == row.id))
            return True

    def feeds(self) -> list[FeedRecord]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(schema.feeds).order_by(schema.feeds.c.id)).mappings()
            return [_feed(r) for r in rows]

    def feed(self, feed_id: int) -> FeedRecord | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(schema.feeds).where(schema.feeds.c.id == feed_id)).mappings().first()
            return _feed(row) if row else None

    def due_feeds(self, at: datetime | None = None) -> list[FeedRecord]:
        t = schema.feeds
        when = iso(at or utcnow())
        with self.engine.connect() as conn:
            q = select(t).where((t.c.next_due.is_(None)) | (t.c.next_due <= when)).order_by(t.c.next_due)
            return [_feed(r) for r in conn.execute(q).mappings()]

    # -- entries -----------------------------------------------------------------
    def seen_entries(self, feed_id: int, keys: Iterable[str]) -> dict[str, tuple[str, int]]:
        """``{entry key: (status, attempts)}`` for those of ``keys`` this feed has handled."""
        t = schema.feed_entries
        keys = list(keys)
        out: dict[str, tuple[str, int]] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(keys), 500):
                q = select(t.c.entry_key, t.c.status, t.c.attempts).where(
                    t.c.feed_id == feed_id, t.c.entry_key.in_(keys[i : i + 500])
                )
                out.update({r.entry_key: (r.status, r.attempts) for r in conn.execute(q)})
        return out

    def stored_url(self, url: str) -> str | None:
        """The story id stored from this (canonical) URL by any feed, if any."""
        t = schema.feed_entries
        q = select(t.c.story_id).where(t.c.url_hash == sha1(url), t.c.status == "stored").limit(1)
        with self.engine.connect() as conn:
            return conn.execute(q).scalar()

    def add_feed_batch(
        self,
        feed_id: int,
        docs: list[Document],
        marks: list[EntryMark],
        failures: Iterable[dict] = (),
        run_id: int | None = None,
    ) -> AddResult:
        """Store ``docs`` (as ``add_documents`` does), ``failures`` and the entry ``marks``, in
        one transaction."""
        with self.write_transaction() as conn:
            w = Writer(conn, self.dedup, run_id=run_id)
            for f in failures:
                w.add_failure(**f)
            res = w.add(docs)
            t = schema.feed_entries
            stamp = iso(utcnow())
            written = set(res.stored_ids)
            for m in marks:
                if m.status == "stored" and m.story_id not in written:
                    m.status = "duplicate"  # the writer found it stored already
                old = conn.execute(
                    select(t.c.attempts).where(t.c.feed_id == feed_id, t.c.entry_key == m.key)
                ).first()
                values = {
                    "url": m.url,
                    "url_hash": sha1(m.canonical_url or m.url) if (m.canonical_url or m.url) else None,
                    "story_id": m.story_id,
                    "status": m.status,
                    "seen": stamp,
                }
                if old is None:
                    conn.execute(insert(t).values(feed_id=feed_id, entry_key=m.key, attempts=1, **values))
                else:
                    conn.execute(
                        update(t)
                        .where(t.c.feed_id == feed_id, t.c.entry_key == m.key)
                        .values(attempts=old.attempts + 1, **values)
                    )
            stored = sum(1 for m in marks if m.status == "stored")
            if stored:
                f = schema.feeds
                conn.execute(update(f).where(f.c.id == feed_id).values(n_stories=f.c.n_stories + stored))
            return res

    # -- fetch outcomes ---------------------------------------------------------
    def feed_fetched(
        self,
        feed_id: int,
        *,
        status: str,
        n_new: int,
        etag: str | None = None,
        last_modified: str | None = None,
        keep_validators: bool = False,
        not_before: datetime | None = None,
    ) -> None:
        """A fetch that worked (``ok`` or ``not modified``): failures reset, next due in ``every``.

        ``keep_validators``: some entries are still to do, so the next fetch must not be
        answered 304 (the old ETag/Last-Modified stay).
        """
        t = schema.feeds
        now = utcnow()
        with self.write_transaction() as conn:
            every = conn.execute(select(t.c.every_seconds).where(t.c.id == feed_id)).scalar_one()
            due = now + timedelta(seconds=every)
            if not_before and not_before > due:
                due = not_before
            values = {
                "last_fetch": iso(now),
                "last_status": status,
                "last_error": None,
                "failures": 0,
                "n_new_last": n_new,
                "next_due": iso(due),
            }
            if not keep_validators and status == "ok":
                values.update(etag=etag, last_modified=last_modified)
            conn.execute(update(t).where(t.c.id == feed_id).values(**values))

    def feed_failed(self, feed_id: int, reason: str, not_before: datetime | None = None) -> None:
        """A failed fetch: recorded on the feed and in the failures table; next due backs off."""
        t = schema.feeds
        now = utcnow()
        with self.write_transaction() as conn:
            row = conn.execute(
                select(t.c.url, t.c.every_seconds, t.c.failures).where(t.c.id == feed_id)
            ).one()
            n = row.failures + 1
            wait = min(timedelta(seconds=row.every_seconds) * 2 ** min(n, 10), MAX_BACKOFF)
            due = now + wait
            if not_before and not_before > due:
                due = not_before
            conn.execute(
                update(t)
                .where(t.c.id == feed_id)
                .values(
                    last_fetch=iso(now),
                    last_status="failed",
                    last_error=reason[:2000],
                    failures=n,
                    n_new_last=0,
                    n_errors=t.c.n_errors + 1,
                    next_due=iso(due),
                )
            )
            Writer(conn, self.dedup).add_failure(reason=f"feed: {reason}"[:2000], source=row.url)

    def feed_stories(self, limit: int = 50, since: str | None = None) -> list[dict]:
        """The stories the feeds brought in, newest first: feed, story id, title, url, when."""
        e, s, f = schema.feed_entries, schema.stories, schema.feeds
        q = (
            select(
                e.c.seen,
                e.c.story_id,
                f.c.id.label("feed_id"),
                func.coalesce(f.c.name, f.c.url).label("feed"),
                s.c.title,
                s.c.url,
                s.c.published,
                s.c.n_events,
            )
            .join(s, s.c.id == e.c.story_id)
            .join(f, f.c.id == e.c.feed_id)
            .where(e.c.status == "stored")
            .order_by(e.c.seen.desc(), e.c.story_id)
            .limit(limit)
        )
        if since:
            q = q.where(e.c.seen >= since)  # the same second may hold more: callers skip known ids
        with self.engine.connect() as conn:
            return [dict(r) for r in conn.execute(q).mappings()]
