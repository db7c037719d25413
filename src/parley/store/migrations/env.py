"""Alembic environment: run by ``parley.store.migrate`` with a live connection, no alembic.ini."""

from alembic import context

from parley.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
