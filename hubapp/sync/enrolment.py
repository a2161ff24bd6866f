"""Taking on the server's hub id at enrolment: a database set up before it was enrolled has its
own hub id, re-keyed here (hub row, every reference, the pending outbox) in one transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from hubapp.models import Base, Change, ChangeStatus, Hub, LocalSetting
from hubapp.models.database import Database


def hub_columns() -> list[tuple[Any, str]]:
    """(table, column name) of every column holding a hub id."""
    out = []
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            points_at_hubs = any(fk.column.table.name == "hubs" for fk in column.foreign_keys)
            if points_at_hubs or column.name == "origin_hub_id":
                out.append((table, column.name))
    return out


def rekey_hub(db: Database, old: str, new: str) -> None:
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.begin() as conn:
        # Foreign keys are checked at commit, when every reference has moved.
        conn.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        conn.execute(update(Hub).where(Hub.id == old).values(id=new))
        for table, name in hub_columns():
            conn.execute(update(table).where(table.c[name] == old).values({name: new}))
        names = {name for _, name in hub_columns()}
        for change in conn.execute(
            select(Change.seq, Change.row_id, Change.fields).where(
                Change.status == ChangeStatus.PENDING
            )
        ).all():
            fields = {k: (new if k in names and v == old else v) for k, v in change.fields.items()}
            row_id = new if change.row_id == old else change.row_id
            if fields != change.fields or row_id != change.row_id:
                conn.execute(
                    update(Change)
                    .where(Change.seq == change.seq)
                    .values(fields=fields, row_id=row_id)
                )
        conn.execute(update(LocalSetting).where(LocalSetting.key == "hub_id").values(value=new))
    db.hub_id = new
