"""``Store``: a corpus of extracted stories in SQLite or PostgreSQL.

>>> store = Store("sqlite:///corpus.db")            # doctest: +SKIP
>>> store.add_documents(docs)                       # one transaction  # doctest: +SKIP
>>> store.events(type="CONSULT", actor="USA").to_pandas()  # doctest: +SKIP

Opening a store runs its Alembic migrations, so an old file is brought up to date and a
new one is created. Writes go through ``add_documents`` (one transaction per call, a
story's rows together with the story row), reads through the query methods, which
return lists of typed records with ``to_pandas()`` and ``to_arrow()``.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError

from ..model import Document
from . import queries, schema
from .dedup import DedupConfig
from .feeds import FeedsMixin
from .writer import AddResult, Writer

DEFAULT_URL = "sqlite:///parley.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def resolve_url(url: str | None = None) -> str:
    """The database URL: the argument, else ``PARLEY_DB``, else ``parley.db`` here.

    A bare path is taken as an SQLite file, and ``postgresql://`` uses psycopg 3.
    """
    url = url or os.environ.get("PARLEY_DB") or DEFAULT_URL
    if "://" not in url:
        url = "sqlite:///" + url
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


#: How long a first run waits for another process's switch to WAL or its migration.
LOCK_WAIT_S = 60.0


def _retry_locked(fn, locked: tuple[type[Exception], ...]):
    """``fn()``, again while SQLite answers "database is locked" (up to ``LOCK_WAIT_S``). The
    busy timeout covers ordinary waits, but SQLite returns that error at once, without waiting,
    where waiting could deadlock: a switch of journal mode, or a read transaction that must
    become a write, while another first run on the same empty file is doing either. Both steps
    are safe to repeat (the journal mode is set once; a finished migration leaves nothing to do)."""
    deadline = time.monotonic() + LOCK_WAIT_S
    pause = 0.05
    while True:
        try:
            return fn()
        except locked as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    # WAL: readers never block the writer and see the last committed batch.
    _retry_locked(lambda: cur.execute("PRAGMA journal_mode=WAL"), (sqlite3.OperationalError,))
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


#: PostgreSQL advisory lock keys: one for migrations, one for writing batches.
MIGRATE_LOCK = 0x7061726C  # "parl"
WRITE_LOCK = 0x70617277  # "parw"


def _sqlite_autocommit(dbapi_conn, _record) -> None:
    # SQLAlchemy, not the sqlite3 module, says when a transaction begins (see _sqlite_begin).
    dbapi_conn.isolation_level = None


def _sqlite_begin(conn) -> None:
    # A writing transaction takes the write lock at BEGIN (IMMEDIATE): two ingests at once
    # then take turns instead of both reading, both deciding to add the same new actor, and
    # one failing with "database is locked" when it comes to write.
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writing") else "BEGIN")


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        eng = create_engine(url, connect_args={"timeout": 30})
        event.listen(eng, "connect", _sqlite_pragmas)
        event.listen(eng, "connect", _sqlite_autocommit)
        event.listen(eng, "begin", _sqlite_begin)
        return eng
    return create_engine(url, pool_pre_ping=True)


def write_lock(conn) -> None:
    """Serialise writing transactions: on PostgreSQL an advisory lock held to the end of the
    transaction (SQLite's is taken by BEGIN IMMEDIATE)."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision (no alembic.ini needed).

    Under a lock: two first runs at once on an empty PostgreSQL database would otherwise
    both create the tables, and one would fail."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))

    def upgrade() -> None:
        with engine.connect().execution_options(writing=True) as conn, conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATE_LOCK})
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    if engine.dialect.name == "sqlite":
        _retry_locked(upgrade, (OperationalError, sqlite3.OperationalError))
    else:
        upgrade()


class Store(FeedsMixin):  # feed state for `parley watch`: store/feeds.py
    def __init__(self, url: str | None = None, *, dedup: DedupConfig | None = None, migrate_schema=True):
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        if migrate_schema:
            migrate(self.engine)
        self.dedup = dedup or DedupConfig()

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write_transaction(self) -> Iterator[Connection]:
        """A transaction that writes: it holds the write lock from its first statement.

        A plain (deferred) SQLite transaction that reads and then writes fails at once with
        "database is locked" when another connection took the write lock in between: SQLite
        cannot wait there without risking a deadlock. Taking the lock at BEGIN IMMEDIATE waits
        for the busy timeout instead; on PostgreSQL the advisory write lock plays that part."""
        with self.engine.connect().execution_options(writing=True) as conn, conn.begin():
            write_lock(conn)
            yield conn

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # -- writing ------------------------------------------------------------
    def add_documents(
        self,
        docs: Iterable[Document],
        *,
        run_id: int | None = None,
        replace: bool = False,
        failures: Iterable[dict] = (),
        resolve: dict[str, int] | None = None,
    ) -> AddResult:
        """Store ``docs`` and ``failures`` in one transaction; see ``Writer.add``.

        ``resolve`` maps story ids to failure ids being retried: each failure whose story is
        in the store once the documents are written is marked resolved.
        """
        with self.write_transaction() as conn:
            w = Writer(conn, self.dedup, run_id=run_id)
            for f in failures:
                w.add_failure(**f)
            res = w.add(list(docs), replace=replace)
            if resolve:
                res.resolved = w.resolve_stored(resolve)
            return res

    def load_actors(self, path: str | os.PathLike) -> int:
        """Add or correct knowledge-base actors from a user YAML file; returns how many."""
        from .kb import load_user_actors

        with self.write_transaction() as conn:
            return load_user_actors(conn, path)

    def known(self, ids: Iterable[str]) -> dict[str, str]:
        """``{story id: content hash}`` for those of ``ids`` already stored."""
        ids = list(ids)
        out: dict[str, str] = {}
        with self.engine.connect() as conn:
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                q = select(schema.stories.c.id, schema.stories.c.content_hash).where(
                    schema.stories.c.id.in_(chunk)
                )
                out.update({r.id: r.content_hash for r in conn.execute(q)})
        return out

    # -- reading ------------------------------------------------------------
    def document(self, story_id: str) -> Document | None:
        with self.engine.connect() as conn:
            return queries.document(conn, story_id)

    def documents(self, ids: Iterable[str] | None = None):
        """Every stored story as a ``Document`` (streamed)."""
        with self.engine.connect() as conn:
            yield from queries.documents(conn, ids)

    def cluster_of(self, story_id: str) -> dict[str, int]:
        """``{event id: cluster id}`` for the events of one story."""
        q = (
            select(schema.cluster_members.c.event_id, schema.cluster_members.c.cluster_id)
            .join(schema.events, schema.events.c.id == schema.cluster_members.c.event_id)
            .where(schema.events.c.story_id == story_id)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(q).all())

    def events(self, **filters) -> queries.Records:
        """Events; filters: type, actor, country, since, until, aux_mode, cluster, story,
        min_confidence; and
        limit, offset, sort (``date``, ``-date``, ... see ``filters.EVENT_SORT_KEYS``)."""
        with self.engine.connect() as conn:
            return queries.find_events(conn, **filters)

    def dyads(self, **filters) -> queries.Records:
        """One row per directed dyad of the events ``events(**filters)`` gives."""
        with self.engine.connect() as conn:
            return queries.find_dyads(conn, **filters)

    def clusters(self, **filters) -> queries.Records:
        """Event clusters; filters: type, actor, since, until, min_sources, limit."""
        with self.engine.connect() as conn:
            return queries.find_clusters(conn, **filters)

    def quotes(self, **filters) -> queries.Records:
        """Quotes; filters: speaker, search, story, limit."""
        with self.engine.connect() as conn:
            return queries.find_quotes(conn, search_fn=self._fts, **filters)

    def count(self, what: str, **filters) -> int:
        """How many rows a query gives without limit: ``what`` is events, clusters, quotes or actors
        (with that query's filters), or any table name (no filters)."""
        with self.engine.connect() as conn:
            if what == "events":
                return queries.count_events(conn, **filters)
            if what == "clusters":
                return queries.find_clusters(conn, **filters, count=True)
            if what == "quotes":
                return queries.find_quotes(conn, search_fn=self._fts, **filters, count=True)
            if what == "actors":
                return queries.find_actors(conn, filters.get("name"), count=True)
            t = schema.metadata.tables[what]
            return conn.execute(select(func.count()).select_from(t)).scalar_one()

    def search(self, text: str, limit: int = 20) -> queries.Records:
        """Stories whose title or text matches all words of ``text``, best first."""
        with self.engine.connect() as conn:
            return queries.find_search(conn, self._fts, text, limit)

    def actors(self, name: str | None = None, limit: int | None = None) -> queries.Records:
        with self.engine.connect() as conn:
            return queries.find_actors(conn, name, limit)

    def failures(self, include_resolved: bool = False) -> queries.Records:
        with self.engine.connect() as conn:
            return queries.find_failures(conn, include_resolved)

    def stats(self) -> dict:
        with self.engine.connect() as conn:
            return queries.find_stats(conn)

    def _fts(self):
        return queries.FullText(self.dialect)
