"""Erasing a person's data on request (the right to erasure): administrators only. Their
personal fields are blanked and their rows made tombstones, through the journal, so every hub
that holds them does the same at its next sync; the old values are purged from this hub's
journal, conflicts and search index, not hidden. What stays is the fact of the erasure: when,
by whom and at which hub. The rule and the purge: models/erasure.py."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import Activity, Base, Hub, Member, StaffUser, stable_id, utcnow
from hubapp.models.database import Database
from hubapp.models.erasure import (
    ERASED_TABLES,
    ERASURE_KIND,
    LINKED_TEXT,
    PERSONAL_FIELDS,
    overwriting_freed_space,
    purge_members,
    truncate_wal,
)
from hubapp.services.errors import NotFound
from hubapp.services.staff import Permission, SignedInStaff

log = logging.getLogger(__name__)

# Who may erase: the administrator's own permissions (staff accounts, settings).
ERASE_PERMISSION = Permission.STAFF


@dataclass(frozen=True)
class Erasure:
    """That a member's data was erased: when, by whom (their name where this hub knows the
    staff account, else "") and at which hub."""

    member_id: str
    erased_at: datetime
    staff_user_id: str | None
    staff_name: str
    hub_name: str


def may_erase(staff: SignedInStaff | None) -> bool:
    return staff is not None and staff.can(ERASE_PERMISSION)


def erase_member(db: Database, member_id: str, staff: SignedInStaff) -> Erasure:
    """Erases a member's personal data, in one write transaction: the member row and every
    row about them blanked and made tombstones (journalled, so it syncs), a record of the
    erasure kept, and this hub's journal, conflicts and search index purged of the old
    values. Erasing someone already erased changes nothing. Raises NotAllowed, NotFound."""
    staff.require(ERASE_PERMISSION)
    with db.write(staff.id) as session, overwriting_freed_space(session):
        member = session.get(Member, member_id)
        if member is None:
            raise NotFound("That member's record no longer exists.")
        if member.erased_at is None:
            with session.no_autoflush:  # one journal entry per row, all with one stamp
                _erase_rows(session, member, staff.id)
            session.flush()  # journalled now, so that the purge below reaches these entries
            purge_members(session, [member_id], seal=False)
    log.info("member %s erased by staff %s", member_id, staff.id)
    with db.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        if raw is not None and not truncate_wal(raw):
            log.info("erasure: the write-ahead log is in use; it will be overwritten later")
    found = erasure_of(db, member_id)
    assert found is not None
    return found


def _erase_rows(session: Session, member: Member, staff_id: str) -> None:
    now = utcnow()
    models = {m.class_.__tablename__: m.class_ for m in Base.registry.mappers}
    for table, column in ERASED_TABLES.items():
        model = models[table]
        if table == "members":
            found: list[Any] = [member]
        else:
            found = list(session.scalars(select(model).where(getattr(model, column) == member.id)))
        for row in found:
            _blank(row, PERSONAL_FIELDS[table])
            if table == "group_memberships" and row.left_on is None and not row.deleted:
                row.left_on = date.today()
            if not row.deleted:
                row.deleted = True
    for table, (column, blanks) in LINKED_TEXT.items():
        model = models[table]
        for row in session.scalars(select(model).where(getattr(model, column) == member.id)):
            _blank(row, blanks)  # the record stays (a meeting's, a group's); its words go
    member.erased_at = now
    # The record that stays: an erasure happened, when, by whom (a tombstone itself, like
    # every row about the member; read by erasure_of).
    record_id = stable_id(ERASURE_KIND, member.id)
    if session.get(Activity, record_id) is None:
        session.add(
            Activity(
                id=record_id,
                member_id=member.id,
                kind=ERASURE_KIND,
                occurred_on=date.today(),
                staff_user_id=staff_id,
                deleted=True,
            )
        )


def _blank(row: Any, blanks: dict[str, Any]) -> None:
    for name, blank in blanks.items():
        if getattr(row, name) != blank:
            setattr(row, name, dict(blank) if isinstance(blank, dict) else blank)


def erasure_of(db: Database, member_id: str) -> Erasure | None:
    """The record of a member's erasure, or None if they are not erased."""
    with db.read() as session:
        member = session.get(Member, member_id)
        if member is None or member.erased_at is None:
            return None
        record = session.get(Activity, stable_id(ERASURE_KIND, member_id))
        staff_id = record.staff_user_id if record is not None else None
        staff = session.get(StaffUser, staff_id) if staff_id else None
        hub_id = record.origin_hub_id if record is not None else None
        hub = session.get(Hub, hub_id) if hub_id else None
        return Erasure(
            member_id=member_id,
            erased_at=member.erased_at,
            staff_user_id=staff_id,
            staff_name=staff.display_name if staff is not None and not staff.deleted else "",
            hub_name=hub.name if hub is not None else "",
        )
