"""Feeds followed by ``parley watch`` and the entries seen of each.

Revision ID: 0003_feeds
Revises: 0002_roles
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_feeds"
down_revision = "0002_roles"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=True),
        sa.Column("every_seconds", sa.Integer(), nullable=False),
        sa.Column("added", sa.String(length=32), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("next_due", sa.String(length=32), nullable=True),
        sa.Column("last_fetch", sa.String(length=32), nullable=True),
        sa.Column("last_status", sa.String(length=40), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("n_new_last", sa.Integer(), nullable=False),
        sa.Column("n_stories", sa.Integer(), nullable=False),
        sa.Column("n_errors", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feeds")),
        sa.UniqueConstraint("url", name=op.f("uq_feeds_url")),
    )
    op.create_index(op.f("ix_feeds_next_due"), "feeds", ["next_due"], unique=False)
    op.create_table(
        "feed_entries",
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("entry_key", sa.String(length=64), nullable=False),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("url_hash", sa.String(length=40), nullable=True),
        sa.Column("story_id", sa.String(length=200), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("seen", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["feed_id"], ["feeds.id"], name=op.f("fk_feed_entries_feed_id_feeds"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("feed_id", "entry_key", name=op.f("pk_feed_entries")),
    )
    op.create_index(op.f("ix_feed_entries_url_hash"), "feed_entries", ["url_hash"], unique=False)
    op.create_index(op.f("ix_feed_entries_story_id"), "feed_entries", ["story_id"], unique=False)
    op.create_index(op.f("ix_feed_entries_seen"), "feed_entries", ["seen"], unique=False)


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feeds")
