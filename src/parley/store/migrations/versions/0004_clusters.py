"""Event coreference: features and block per event, reports and outlets per cluster.

Revision ID: 0004_clusters
Revises: 0003_feeds

The clusters of a store made before this revision were formed by the old key matching
(type, nested country codes, two days), which joined unrelated happenings; they are dropped
here, and the stored events are clustered again by coreference (store/clusters.py).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_clusters"
down_revision = "0003_feeds"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index(op.f("ix_cluster_keys_cluster_id"), table_name="cluster_keys")
    op.drop_table("cluster_keys")
    op.execute("DELETE FROM cluster_members")
    op.execute("DELETE FROM clusters")
    with op.batch_alter_table("clusters") as batch:
        batch.add_column(sa.Column("n_reports", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("outlets", sa.Text(), nullable=True))
    op.create_table(
        "coref_events",
        sa.Column("event_id", sa.String(length=260), nullable=False),
        sa.Column("story_id", sa.String(length=200), nullable=False),
        sa.Column("block", sa.String(length=100), nullable=True),
        sa.Column("features", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_coref_events_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_coref_events")),
    )
    op.create_index(op.f("ix_coref_events_story_id"), "coref_events", ["story_id"], unique=False)
    op.create_index(op.f("ix_coref_events_block"), "coref_events", ["block"], unique=False)
    from parley.store import clusters
    from parley.store.dedup import DedupConfig

    clusters.rebuild(op.get_bind(), DedupConfig().coref_config())


def downgrade() -> None:
    op.drop_index(op.f("ix_coref_events_block"), table_name="coref_events")
    op.drop_index(op.f("ix_coref_events_story_id"), table_name="coref_events")
    op.drop_table("coref_events")
    with op.batch_alter_table("clusters") as batch:
        batch.drop_column("outlets")
        batch.drop_column("n_reports")
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
