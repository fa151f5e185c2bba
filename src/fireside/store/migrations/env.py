"""Alembic environment: always runs on a connection handed over by fireside.store.migrate."""

from __future__ import annotations

from alembic import context

from fireside.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - fireside always passes a connection
    raise RuntimeError("fireside migrations run through fireside.store.migrate.upgrade()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
