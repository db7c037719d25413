"""The corpus schema, one definition for SQLite and PostgreSQL (SQLAlchemy Core).

Ids: stories keep their own id; everything found in a story gets ``<story id>/<local id>``
(``S1/E2``) so ids stay unique across the corpus and readable. Lists (context codes,
mention spans) are JSON text: they are read back whole, never searched in SQL.

Changing this file needs a new Alembic revision under ``migrations/versions``; the test
``test_store.py::test_migrations_match_schema`` fails while the two disagree.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started", String(32), nullable=False),
    Column("finished", String(32)),
    Column("status", String(16), nullable=False),  # running, done (a crashed run stays "running")
    Column("engine", String(16)),
    Column("args", Text),  # JSON: paths and options
    Column("n_read", Integer, nullable=False, default=0),
    Column("n_new", Integer, nullable=False, default=0),
    Column("n_skipped", Integer, nullable=False, default=0),
    Column("n_failed", Integer, nullable=False, default=0),
)

stories = Table(
    "stories",
    metadata,
    # An integer key besides the story id: FTS5 external-content tables need a stable rowid.
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(200), nullable=False, unique=True),
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10), index=True),
    Column("source", Text),
    Column("content_hash", String(40), nullable=False, index=True),
    Column("text", Text, nullable=False),
    # Syndicated copies share a group: the id of the first story of the group.
    Column("near_dup_group", String(200), nullable=False, index=True),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_quotes", Integer, nullable=False, default=0),
    Column("run_id", Integer),
    Column("ingested", String(32)),
)

# MinHash signatures (for the Jaccard check) and their LSH band hashes (for finding candidates).
story_signatures = Table(
    "story_signatures",
    metadata,
    Column("story_id", String(200), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("signature", LargeBinary, nullable=False),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("band", Integer, primary_key=True),
    Column("hash", BigInteger, primary_key=True),
    Column(
        "story_id", String(200), ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True, index=True
    ),
)

# The actor knowledge base, across stories.
actors = Table(
    "actors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32)),
    Column("code", String(8), index=True),
    Column("sector", String(16)),
    Column("wikidata_id", String(32)),
    Column("origin", String(16), nullable=False),  # learned, user
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
    Column("n_stories", Integer, nullable=False, default=0),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("alias", String(300), primary_key=True),  # normalised: lower case, single spaces
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True, index=True),
    Column("origin", String(16), nullable=False),  # name, surname, user
)

actor_offices = Table(
    "actor_offices",
    metadata,
    Column("actor_id", Integer, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("office", String(300), primary_key=True),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
)

# One row per actor of a story (the story's own actor, linked to the knowledge base).
mentions = Table(
    "mentions",
    metadata,
    Column("id", String(260), primary_key=True),  # story id / local actor id
    Column("story_id", String(200), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False),
    Column("actor_id", Integer, ForeignKey("actors.id"), index=True),
    Column("name", Text, nullable=False),
    Column("kind", String(32)),
    Column("code", String(8)),
    Column("sector", String(16)),
    Column("office", Text),
    Column("wikidata_id", String(32)),
    Column("from_kb", Boolean, nullable=False, default=False),  # code/office filled from the KB
    Column("spans", Text),  # JSON [[start, end, text], ...]
)

events = Table(
    "events",
    metadata,
    Column("id", String(260), primary_key=True),
    Column("story_id", String(200), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False),
    Column("event_type", String(16), nullable=False, index=True),
    Column("mode", Text),
    Column("context", Text),  # JSON list
    Column("aux_mode", String(16)),
    Column("date", String(10), index=True),
    Column("date_text", Text),
    Column("place", Text),
    Column("place_country", String(8)),
    Column("lat", Float),
    Column("lon", Float),
    Column("place_feature", String(16)),
    Column("trigger", Text),
    Column("trigger_start", Integer),
    Column("trigger_end", Integer),
    Column("sentence_start", Integer),
    Column("sentence_end", Integer),
    Column("event_text", Text),
    Column("confidence", Float),
    Column("rule", Text),
)

participants = Table(
    "participants",
    metadata,
    Column("event_id", String(260), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("role", String(10), primary_key=True),  # actor, recipient
    Column("position", Integer, primary_key=True),
    Column("mention_id", String(260)),
    Column("actor_id", Integer, index=True),
    Column("name", Text),
    Column("code", String(8), index=True),
    Column("sector", String(16)),
    Column("path", String(60)),  # how the role layer found the participant (subject, by-phrase, ...)
)

quotes = Table(
    "quotes",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(260), nullable=False, unique=True),
    Column("story_id", String(200), ForeignKey("stories.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("local_id", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("speaker_mention", String(260)),
    Column("speaker_actor_id", Integer, index=True),
    Column("speaker", Text),  # the speaker's name as stored (KB name when linked)
    Column("speaker_code", String(8)),
    Column("speaker_span", Text),  # JSON [start, end, text] of the speaker's mention
    Column("cue", Text),
    Column("cue_start", Integer),
    Column("cue_end", Integer),
)

clusters = Table(
    "clusters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("event_type", String(16), nullable=False, index=True),
    Column("aux_mode", String(16)),
    Column("participants", Text, nullable=False),  # JSON sorted list of codes
    Column("date", String(10), index=True),  # anchor date: the day most of its reports give
    Column("place_country", String(8)),
    Column("place", Text),
    Column("n_events", Integer, nullable=False, default=0),
    Column("n_sources", Integer, nullable=False, default=0),  # independent outlets
    Column("n_reports", Integer, nullable=False, default=0),  # stories
    Column("outlets", Text),  # JSON sorted list of outlet names
    Column("first_report", String(10)),
    Column("last_report", String(10)),
    Column("representative", String(260)),
)

# Event coreference (store/clusters.py): each event's features and its block
# ("TYPE/AUX|day ordinal", null without a day), by which the events near a day are read.
coref_events = Table(
    "coref_events",
    metadata,
    Column("event_id", String(260), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("story_id", String(200), nullable=False, index=True),
    Column("block", String(100), index=True),
    Column("features", Text, nullable=False),  # JSON, coref.features
)

cluster_members = Table(
    "cluster_members",
    metadata,
    Column("event_id", String(260), ForeignKey("events.id", ondelete="CASCADE"), primary_key=True),
    Column("cluster_id", Integer, ForeignKey("clusters.id", ondelete="CASCADE"), nullable=False, index=True),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer),
    Column("source", Text),
    Column("line", Integer),
    Column("doc_id", String(200)),
    Column("reason", Text, nullable=False),
    Column("raw", Text),  # the story as JSON, when we had it, so --retry-failed needs no file
    Column("created", String(32)),
    Column("attempts", Integer, nullable=False, default=1),
    Column("resolved_run", Integer),  # set when a retry succeeded
)

Index("ix_failures_where", failures.c.source, failures.c.line, failures.c.doc_id)

#: Tables a story's rows live in, children first (the order to delete them in).
STORY_TABLES = (
    coref_events,
    cluster_members,
    participants,
    events,
    quotes,
    mentions,
    lsh_bands,
    story_signatures,
)

# Feeds followed by ``parley watch`` and what the watcher has seen of them. Times are ISO
# strings in UTC (as elsewhere), so ``next_due <= now`` compares as text.
feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("name", String(200)),
    Column("every_seconds", Integer, nullable=False),
    Column("added", String(32)),
    Column("etag", Text),  # for conditional GET
    Column("last_modified", Text),
    Column("next_due", String(32), index=True),
    Column("last_fetch", String(32)),
    Column("last_status", String(40)),  # ok, not modified, failed
    Column("last_error", Text),
    Column("failures", Integer, nullable=False, default=0),  # consecutive: drives the back-off
    Column("n_new_last", Integer, nullable=False, default=0),  # stories stored by the last fetch
    Column("n_stories", Integer, nullable=False, default=0),
    Column("n_errors", Integer, nullable=False, default=0),
)

# One row per feed entry handled. Written in the same transaction as the entry's story, so a
# crash leaves an entry either stored and marked or neither (and the next round fetches it).
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_key", String(64), primary_key=True),  # sha1 of the entry id (or link)
    Column("url", Text),
    Column("url_hash", String(40), index=True),  # sha1 of the canonical URL: the same article twice
    Column("story_id", String(200), index=True),
    Column("status", String(16), nullable=False),  # stored, duplicate, failed, retry
    Column("attempts", Integer, nullable=False, default=1),
    Column("seen", String(32), index=True),
)
