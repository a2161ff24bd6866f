"""Sync problems for staff: kept conflicts (restore the losing value with one click, or keep the
winner) and changes the server refused. Plain Python for the "Sync problems" screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from hubapp.models import Change, ChangeStatus, SyncConflict, utcnow
from hubapp.models.database import Database
from hubapp.sync.apply import model_for
from hubapp.sync.values import from_wire


@dataclass(frozen=True)
class ConflictView:
    id: str
    table: str
    row_id: str
    field: str
    winner_value: Any
    loser_value: Any
    loser_hub_id: str | None
    detected_at: datetime
    resolved: bool


@dataclass(frozen=True)
class RefusedChange:
    change_id: str
    table: str
    row_id: str
    fields: list[str]
    reason: str


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[ConflictView]:
    query = select(SyncConflict).order_by(SyncConflict.detected_at.desc())
    if not include_resolved:
        query = query.where(SyncConflict.resolved_at.is_(None))
    with db.read() as session:
        return [
            ConflictView(
                c.id,
                c.table_name,
                c.row_id,
                c.field,
                c.winner_value,
                c.loser_value,
                c.loser_hub_id,
                c.detected_at,
                c.resolved_at is not None,
            )
            for c in session.scalars(query)
        ]


def list_refused(db: Database) -> list[RefusedChange]:
    with db.read() as session:
        found = session.scalars(
            select(Change).where(Change.status == ChangeStatus.REJECTED).order_by(Change.seq)
        )
        return [
            RefusedChange(c.change_id, c.table_name, c.row_id, sorted(c.fields), c.last_error or "")
            for c in found
        ]


def problem_counts(db: Database) -> tuple[int, int, int]:
    """(changes waiting, open conflicts, refused changes) for the status bar."""
    with db.read() as session:
        waiting = session.scalar(
            select(func.count()).select_from(Change).where(Change.status == ChangeStatus.PENDING)
        )
        refused = session.scalar(
            select(func.count()).select_from(Change).where(Change.status == ChangeStatus.REJECTED)
        )
        open_conflicts = session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
        )
    return int(waiting or 0), int(open_conflicts or 0), int(refused or 0)


def restore_losing_value(db: Database, conflict_id: str, *, staff_user_id: str | None) -> None:
    """Writes the losing value again. It is a new edit with a new stamp, so it wins everywhere
    once synced; the conflict is marked resolved."""
    with db.write(staff_user_id) as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is None:
            raise LookupError("That conflict no longer exists.")
        model = model_for()[conflict.table_name]
        row = session.get(model, conflict.row_id)
        if row is None:
            raise LookupError("The row that conflict is about is not on this hub.")
        setattr(
            row,
            conflict.field,
            from_wire(conflict.table_name, conflict.field, conflict.loser_value),
        )
        conflict.resolved_at = utcnow()
        conflict.resolved_by = staff_user_id


def keep_winner(db: Database, conflict_id: str, *, staff_user_id: str | None) -> None:
    with db.write(staff_user_id) as session:
        conflict = session.get(SyncConflict, conflict_id)
        if conflict is not None and conflict.resolved_at is None:
            conflict.resolved_at = utcnow()
            conflict.resolved_by = staff_user_id
