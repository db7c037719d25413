"""Participants record how the role layer found them (``path``: subject, passive-agent, ...).

Revision ID: 0002_roles
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_roles"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.add_column(sa.Column("path", sa.String(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participants") as batch:
        batch.drop_column("path")
