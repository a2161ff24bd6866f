"""Alembic environment for the hub's local database. hubapp passes an open connection (inside
one transaction) in `config.attributes["connection"]`; see hubapp.models.database.migrate."""

from __future__ import annotations

from typing import Any

from alembic import context

from hubapp.models import Base

# Tables that SQLAlchemy does not model: the full-text index and its shadow tables.
UNMODELLED_PREFIXES = ("members_fts",)


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    return not (type_ == "table" and name and name.startswith(UNMODELLED_PREFIXES))


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("hubapp migrations run through hubapp.models.database.migrate()")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
