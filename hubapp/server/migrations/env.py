"""Alembic environment for the server's database. `hubapp.server.store.migrate` passes an open
connection in `config.attributes["connection"]`."""

from __future__ import annotations

from alembic import context

from hubapp.server.schema import metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("server migrations run through hubapp.server.store.migrate()")
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
