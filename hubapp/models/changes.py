"""Change capture: every write to a syncable row is journalled in the `changes` table in the
same transaction as the write itself, so a crash can never lose a change or ship a phantom.

The journal is both the sync outbox (status `pending` until the server acknowledges it) and
the history shown on a member's page. Rows written by the sync engine when it applies changes
from the server are journalled with origin `remote` and are never sent back.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text, event, insert, inspect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from hubapp.models.base import (
    BOOKKEEPING_COLUMNS,
    INSERT_STAMP_KEY,
    Base,
    Syncable,
    utcnow,
    uuid7,
)
from hubapp.models.hlc import HybridLogicalClock
from hubapp.models.hub import LocalSetting

CLOCK_SETTING = "hlc_last"


class ChangeStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"
    APPLIED = "applied"  # a remote change applied here


class Change(Base):
    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(36), unique=True, default=uuid7)
    table_name: Mapped[str] = mapped_column(String(60))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    # The member a change concerns (the member row itself, or a row pointing at one), so a
    # member's history and erasure can find every change about them.
    subject_id: Mapped[str | None] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(10))
    fields: Mapped[dict[str, Any]] = mapped_column(JSON)
    hlc: Mapped[str] = mapped_column(String(80))
    origin: Mapped[str] = mapped_column(String(10), default="local")
    status: Mapped[str] = mapped_column(String(10), default=ChangeStatus.PENDING)
    staff_user_id: Mapped[str | None] = mapped_column(String(36))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_changes_status_seq", "status", "seq"),)


def to_wire(value: Any) -> Any:
    """A column value as JSON-ready data."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def data_columns(obj: Syncable) -> list[str]:
    mapper = inspect(type(obj))
    return [c.key for c in mapper.column_attrs if c.key not in BOOKKEEPING_COLUMNS]


class HardDeleteError(RuntimeError):
    """Syncable rows are never deleted outright; set `deleted = True` (a tombstone) instead."""


class ChangeCapture:
    """Installs the journalling hooks on a sessionmaker.

    Set `session.info["capture"] = False` to write without journalling (the sync engine does,
    and journals what it applied itself); `session.info["staff_user_id"]` names who acted.
    """

    def __init__(self, clock: HybridLogicalClock, hub_id: Callable[[], str | None]) -> None:
        self.clock = clock
        self.hub_id = hub_id

    def install(self, factory: sessionmaker[Session]) -> None:
        event.listen(factory, "before_flush", self._before_flush)
        event.listen(factory, "after_flush", self._after_flush)

    def _before_flush(self, session: Session, flush_context: Any, instances: Any) -> None:
        for obj in session.deleted:
            if isinstance(obj, Syncable):
                raise HardDeleteError(f"{type(obj).__name__} rows are soft-deleted, not removed")
        if session.info.get("capture") is False:
            return
        pending: list[tuple[Syncable, str, list[str]]] = []
        stamp: str | None = None
        # `session.new` builds a new set on every access: take it once, not once per object.
        new = session.new
        for obj in [*new, *session.dirty]:
            if not isinstance(obj, Syncable):
                continue
            if obj in new:
                op, fields = "insert", data_columns(obj)
                if obj.id is None:
                    obj.id = uuid7()
                if obj.origin_hub_id is None:
                    obj.origin_hub_id = self.hub_id()
            else:
                state = inspect(obj)
                fields = [
                    key for key in data_columns(obj) if state.attrs[key].history.has_changes()
                ]
                if not fields:
                    continue
                op = "update"
            stamp = stamp or str(self.clock.now())
            if op == "insert":
                obj.clock = {INSERT_STAMP_KEY: stamp}
            else:
                obj.clock = {**(obj.clock or {}), **dict.fromkeys(fields, stamp)}
            pending.append((obj, op, fields))
        if pending:
            session.info["_captured"] = (stamp, pending)

    def _after_flush(self, session: Session, flush_context: Any) -> None:
        captured = session.info.pop("_captured", None)
        if not captured:
            return
        stamp, pending = captured
        staff = session.info.get("staff_user_id")
        rows = []
        for obj, op, fields in pending:
            subject = obj.id if obj.__tablename__ == "members" else getattr(obj, "member_id", None)
            rows.append(
                {
                    "change_id": uuid7(),
                    "table_name": obj.__tablename__,
                    "row_id": obj.id,
                    "subject_id": subject,
                    "op": op,
                    "fields": {key: to_wire(getattr(obj, key)) for key in fields},
                    "hlc": stamp,
                    "origin": "local",
                    "status": ChangeStatus.PENDING,
                    "staff_user_id": staff,
                    "attempts": 0,
                    "created_at": utcnow(),
                }
            )
        connection = session.connection()
        connection.execute(insert(Change), rows)
        # Persist the clock with the change, so a restart with a wrong wall clock still
        # issues stamps later than every stamp already written.
        save = sqlite_insert(LocalSetting).values(key=CLOCK_SETTING, value=str(self.clock.last))
        connection.execute(
            save.on_conflict_do_update(index_elements=["key"], set_={"value": save.excluded.value})
        )
