"""Initial corpus schema, with full-text search for story and quote text.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# SQLite: FTS5 external-content tables over stories.text/title and quotes.text, kept in
# sync by triggers (so every writer, not only Parley's, keeps them right).
SQLITE_FTS = [
    "CREATE VIRTUAL TABLE stories_fts USING fts5(title, text, content='stories', content_rowid='pk')",
    """CREATE TRIGGER stories_fts_ai AFTER INSERT ON stories BEGIN
  INSERT INTO stories_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END""",
    """CREATE TRIGGER stories_fts_ad AFTER DELETE ON stories BEGIN
  INSERT INTO stories_fts(stories_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
END""",
    """CREATE TRIGGER stories_fts_au AFTER UPDATE OF title, text ON stories BEGIN
  INSERT INTO stories_fts(stories_fts, rowid, title, text) VALUES ('delete', old.pk, old.title, old.text);
  INSERT INTO stories_fts(rowid, title, text) VALUES (new.pk, new.title, new.text);
END""",
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(text, content='quotes', content_rowid='pk')",
    """CREATE TRIGGER quotes_fts_ai AFTER INSERT ON quotes BEGIN
  INSERT INTO quotes_fts(rowid, text) VALUES (new.pk, new.text);
END""",
    """CREATE TRIGGER quotes_fts_ad AFTER DELETE ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.pk, old.text);
END""",
    """CREATE TRIGGER quotes_fts_au AFTER UPDATE OF text ON quotes BEGIN
  INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.pk, old.text);
  INSERT INTO quotes_fts(rowid, text) VALUES (new.pk, new.text);
END""",
]

# PostgreSQL: GIN indexes over the English tsvector of the same columns; the queries in
# store.py use the same expressions so the planner can use them.
POSTGRES_FTS = [
    "CREATE INDEX ix_stories_fts ON stories USING GIN (to_tsvector('english', coalesce(title, '') || ' ' || text))",
    "CREATE INDEX ix_quotes_fts ON quotes USING GIN (to_tsvector('english', text))",
]


def _run(statements: list[str]) -> None:
    for stmt in statements:
        op.execute(stmt)


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.Column("sector", sa.String(length=16), nullable=True),
        sa.Column("wikidata_id", sa.String(length=32), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("first_seen", sa.String(length=10), nullable=True),
        sa.Column("last_seen", sa.String(length=10), nullable=True),
        sa.Column("n_stories", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
    )
    op.create_index(op.f("ix_actors_code"), "actors", ["code"], unique=False)
    op.create_table(
        "clusters",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("aux_mode", sa.String(length=16), nullable=True),
        sa.Column("participants", sa.Text(), nullable=False),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("place_country", sa.String(length=8), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_sources", sa.Integer(), nullable=False),
        sa.Column("first_report", sa.String(length=10), nullable=True),
        sa.Column("last_report", sa.String(length=10), nullable=True),
        sa.Column("representative", sa.String(length=260), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clusters")),
    )
    op.create_index(op.f("ix_clusters_date"), "clusters", ["date"], unique=False)
    op.create_index(op.f("ix_clusters_event_type"), "clusters", ["event_type"], unique=False)
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("doc_id", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("created", sa.String(length=32), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("resolved_run", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failures")),
    )
    op.create_index("ix_failures_where", "failures", ["source", "line", "doc_id"], unique=False)
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("started", sa.String(length=32), nullable=False),
        sa.Column("finished", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("engine", sa.String(length=16), nullable=True),
        sa.Column("args", sa.Text(), nullable=True),
        sa.Column("n_read", sa.Integer(), nullable=False),
        sa.Column("n_new", sa.Integer(), nullable=False),
        sa.Column("n_skipped", sa.Integer(), nullable=False),
        sa.Column("n_failed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_runs")),
    )
    op.create_table(
        "stories",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("near_dup_group", sa.String(length=200), nullable=False),
        sa.Column("n_events", sa.Integer(), nullable=False),
        sa.Column("n_quotes", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("ingested", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_stories")),
        sa.UniqueConstraint("id", name=op.f("uq_stories_id")),
    )
    op.create_index(op.f("ix_stories_content_hash"), "stories", ["content_hash"], unique=False)
    op.create_index(op.f("ix_stories_near_dup_group"), "stories", ["near_dup_group"], unique=False)
    op.create_index(op.f("ix_stories_published"), "stories", ["published"], unique=False)
    op.create_table(
        "actor_aliases",
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_aliases_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("alias", "actor_id", name=op.f("pk_actor_aliases")),
    )
    op.create_index(op.f("ix_actor_aliases_actor_id"), "actor_aliases", ["actor_id"], unique=False)
    op.create_table(
        "actor_offices",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("office", sa.String(length=300), nullable=False),
        sa.Column("first_seen", sa.String(length=10), nullable=True),
        sa.Column("last_seen", sa.String(length=10), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_offices_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("actor_id", "office", name=op.f("pk_actor_offices")),
    )
    op.create_table(
        "cluster_keys",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_cluster_keys_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", "cluster_id", name=op.f("pk_cluster_keys")),
    )
    op.create_index(op.f("ix_cluster_keys_cluster_id"), "cluster_keys", ["cluster_id"], unique=False)
    op.create_table(
        "events",
        sa.Column("id", sa.String(length=260), nullable=False),
        sa.Column("story_id", sa.String(length=200), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.Text(), nullable=True),
        sa.Column("context", sa.Text(), nullable=True),
        sa.Column("aux_mode", sa.String(length=16), nullable=True),
        sa.Column("date", sa.String(length=10), nullable=True),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("place", sa.Text(), nullable=True),
        sa.Column("place_country", sa.String(length=8), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("place_feature", sa.String(length=16), nullable=True),
        sa.Column("trigger", sa.Text(), nullable=True),
        sa.Column("trigger_start", sa.Integer(), nullable=True),
        sa.Column("trigger_end", sa.Integer(), nullable=True),
        sa.Column("sentence_start", sa.Integer(), nullable=True),
        sa.Column("sentence_end", sa.Integer(), nullable=True),
        sa.Column("event_text", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("rule", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_events_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_date"), "events", ["date"], unique=False)
    op.create_index(op.f("ix_events_event_type"), "events", ["event_type"], unique=False)
    op.create_index(op.f("ix_events_story_id"), "events", ["story_id"], unique=False)
    op.create_table(
        "lsh_bands",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("hash", sa.BigInteger(), nullable=False),
        sa.Column("story_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_lsh_bands_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("band", "hash", "story_id", name=op.f("pk_lsh_bands")),
    )
    op.create_index(op.f("ix_lsh_bands_story_id"), "lsh_bands", ["story_id"], unique=False)
    op.create_table(
        "mentions",
        sa.Column("id", sa.String(length=260), nullable=False),
        sa.Column("story_id", sa.String(length=200), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.Column("sector", sa.String(length=16), nullable=True),
        sa.Column("office", sa.Text(), nullable=True),
        sa.Column("wikidata_id", sa.String(length=32), nullable=True),
        sa.Column("from_kb", sa.Boolean(), nullable=False),
        sa.Column("spans", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.id"], name=op.f("fk_mentions_actor_id_actors")),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_mentions_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    op.create_index(op.f("ix_mentions_actor_id"), "mentions", ["actor_id"], unique=False)
    op.create_index(op.f("ix_mentions_story_id"), "mentions", ["story_id"], unique=False)
    op.create_table(
        "quotes",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=260), nullable=False),
        sa.Column("story_id", sa.String(length=200), nullable=False),
        sa.Column("local_id", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=True),
        sa.Column("end", sa.Integer(), nullable=True),
        sa.Column("speaker_mention", sa.String(length=260), nullable=True),
        sa.Column("speaker_actor_id", sa.Integer(), nullable=True),
        sa.Column("speaker", sa.Text(), nullable=True),
        sa.Column("speaker_code", sa.String(length=8), nullable=True),
        sa.Column("speaker_span", sa.Text(), nullable=True),
        sa.Column("cue", sa.Text(), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["story_id"], ["stories.id"], name=op.f("fk_quotes_story_id_stories"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_quotes")),
        sa.UniqueConstraint("id", name=op.f("uq_quotes_id")),
    )
    op.create_index(op.f("ix_quotes_speaker_actor_id"), "quotes", ["speaker_actor_id"], unique=False)
    op.create_index(op.f("ix_quotes_story_id"), "quotes", ["story_id"], unique=False)
    op.create_table(
        "story_signatures",
        sa.Column("story_id", sa.String(length=200), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_signatures_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("story_id", name=op.f("pk_story_signatures")),
    )
    op.create_table(
        "cluster_members",
        sa.Column("event_id", sa.String(length=260), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["clusters.id"],
            name=op.f("fk_cluster_members_cluster_id_clusters"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_cluster_members_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_cluster_members")),
    )
    op.create_index(op.f("ix_cluster_members_cluster_id"), "cluster_members", ["cluster_id"], unique=False)
    op.create_table(
        "participants",
        sa.Column("event_id", sa.String(length=260), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("mention_id", sa.String(length=260), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("code", sa.String(length=8), nullable=True),
        sa.Column("sector", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_participants_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", "role", "position", name=op.f("pk_participants")),
    )
    op.create_index(op.f("ix_participants_actor_id"), "participants", ["actor_id"], unique=False)
    op.create_index(op.f("ix_participants_code"), "participants", ["code"], unique=False)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _run(SQLITE_FTS)
    elif dialect == "postgresql":
        _run(POSTGRES_FTS)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for name in ("stories_fts", "quotes_fts"):
            op.execute(f"DROP TABLE IF EXISTS {name}")
        for t in ("stories", "quotes"):
            for k in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {t}_fts_{k}")
    op.drop_index(op.f("ix_participants_code"), table_name="participants")
    op.drop_index(op.f("ix_participants_actor_id"), table_name="participants")
    op.drop_table("participants")
    op.drop_index(op.f("ix_cluster_members_cluster_id"), table_name="cluster_members")
    op.drop_table("cluster_members")
    op.drop_table("story_signatures")
    op.drop_index(op.f("ix_quotes_story_id"), table_name="quotes")
    op.drop_index(op.f("ix_quotes_speaker_actor_id"), table_name="quotes")
    op.drop_table("quotes")
    op.drop_index(op.f("ix_mentions_story_id"), table_name="mentions")
    op.drop_index(op.f("ix_mentions_actor_id"), table_name="mentions")
    op.drop_table("mentions")
    op.drop_index(op.f("ix_lsh_bands_story_id"), table_name="lsh_bands")
    op.drop_table("lsh_bands")
    op.drop_index(op.f("ix_events_story_id"), table_name="events")
    op.drop_index(op.f("ix_events_event_type"), table_name="events")
    op.drop_index(op.f("ix_events_date"), table_name="events")
    op.drop_table("events")
    op.drop_index(op.f("ix_cluster_keys_cluster_id"), table_name="cluster_keys")
    op.drop_table("cluster_keys")
    op.drop_table("actor_offices")
    op.drop_index(op.f("ix_actor_aliases_actor_id"), table_name="actor_aliases")
    op.drop_table("actor_aliases")
    op.drop_index(op.f("ix_stories_published"), table_name="stories")
    op.drop_index(op.f("ix_stories_near_dup_group"), table_name="stories")
    op.drop_index(op.f("ix_stories_content_hash"), table_name="stories")
    op.drop_table("stories")
    op.drop_table("ingest_runs")
    op.drop_index("ix_failures_where", table_name="failures")
    op.drop_table("failures")
    op.drop_index(op.f("ix_clusters_event_type"), table_name="clusters")
    op.drop_index(op.f("ix_clusters_date"), table_name="clusters")
    op.drop_table("clusters")
    op.drop_index(op.f("ix_actors_code"), table_name="actors")
    op.drop_table("actors")
