"""Erasure of a person, the rule every replica follows (docs/sync-protocol.md, "Erasure"): which
fields of a member's rows are personal and what they become, and the hub's purge of a member's
rows, journal and conflicts, so that the data is gone, not hidden.

Once a member is erased, every row about them (the member row and their rows of the
member-scope tables) holds the blank values below and is a tombstone, whatever is written to
it later and whatever the stamp. The server seals every write it accepts after an erasure
(server/erasure.py); a hub purges what it holds when it erases a member (services/erasure.py)
or learns of an erasure (the pull hook in sync/erasure.py), and re-seals any row it merges
into an erased member's rows."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from hubapp.models import Base, Change, SyncConflict, utcnow
from hubapp.models.people import member_sort_key
from hubapp.models.subjects import MEMBER_TABLES

# The purge logs under sync's name: its lines in hubapp.log keep the name they always had.
log = logging.getLogger("hubapp.sync")

ERASED_FIRST_NAME = "Erased"
ERASED_LAST_NAME = "member"
# The activity that records, on every hub holding the member, that an erasure happened, when
# and by whom (its staff id and origin hub): id stable_id(ERASURE_KIND, member id).
ERASURE_KIND = "erasure"

# Per member-scope table: each personal column and the value it holds once erased. Every
# other data column is listed in KEPT_FIELDS (a test checks that the two cover the table, so
# that a new column cannot be forgotten).
PERSONAL_FIELDS: dict[str, dict[str, Any]] = {
    "members": {
        "first_name": ERASED_FIRST_NAME,
        "last_name": ERASED_LAST_NAME,
        "preferred_name": None,
        "email": None,
        "phone": None,
        "postcode": None,
        "address": None,
        "date_of_birth": None,
        "membership_number": None,
        "preferred_language": "en",
        "speaks_welsh": False,
        "availability": {},
        "needs_step_free": False,
        "access_needs": None,
        "travel_miles": None,
        "has_own_transport": False,
        "heard_about": None,
        "notes": None,
    },
    "member_tags": {},  # the link itself goes (a tombstone): which skills, not who
    "consent_records": {},  # kept as tombstones: what was agreed, when, by which channel
    "activities": {"description": None},
    "group_memberships": {},
    "expressions_of_interest": {"visitor_name": None, "visitor_contact": None, "message": None},
    # A group organiser's staff account, linked to their member record: switched off too.
    "staff_users": {"display_name": "Erased member", "active": False},
}


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# What stays: links, dates and codes that say nothing about who the person was.
KEPT_FIELDS: dict[str, frozenset[str]] = {
    "members": _names("hub_id erased_at deleted origin_hub_id"),
    "member_tags": _names("member_id tag_id deleted origin_hub_id"),
    "consent_records": _names(
        "member_id purpose granted wording_version channel staff_user_id recorded_at deleted "
        "origin_hub_id"
    ),
    "activities": _names(
        "member_id kind occurred_on hours group_id meeting_id staff_user_id deleted origin_hub_id"
    ),
    "group_memberships": _names(
        "group_id member_id role is_voting joined_on left_on deleted origin_hub_id"
    ),
    "expressions_of_interest": _names(
        "opportunity_id member_id status channel deleted origin_hub_id"
    ),
    "staff_users": _names(
        "hub_id username role secret_hash last_sign_in_at member_id deleted origin_hub_id"
    ),
}

# Free text about the member in records that stay when they are erased, because they belong
# to something else (a meeting's attendance and declarations, feedback about a group): the
# column naming the member, and each text column with its blank. The record stays, linked to
# the erased member row (now "Erased member"), not a tombstone; its words about them go. The
# erasing hub writes the blanks through its journal; the server seals later writes and
# rewrites the changes it stored (server/erasure.py), a hub learning of the erasure blanks
# them too (seal_rows), and journals and conflicts are purged as for the member's own rows.
# Minutes already written up (a meeting's text) are not searched for the name.
LINKED_TEXT: dict[str, tuple[str, dict[str, Any]]] = {
    "attendances": ("member_id", {"apologies_reason": None}),
    "interest_declarations": ("member_id", {"note": None}),
    "feedback": ("member_id", {"comment": None}),
}

# The node of the stamps the server gives the values it seals under this rule: later than what
# they replace and from no hub, so every holder takes the blank (the hub that wrote the words
# too, which is otherwise never sent its own writes back), and a hub receiving one knows to
# purge its journal of what the row held (sync/apply.py).
ERASURE_NODE = "erasure"


def erasure_stamp(after: str) -> str:
    """A stamp of ERASURE_NODE one millisecond later than `after` (models.hlc's format)."""
    millis = after.split("-", 1)[0]
    return f"{(int(millis) if millis.isdigit() else 0) + 1:016d}-00000-{ERASURE_NODE}"


def sealed_by_erasure(stamp: str) -> bool:
    return stamp.endswith(f"-{ERASURE_NODE}") and stamp.count("-") == 2


# The tables whose rows about a member are erased with them, and the column naming the member:
# the member-scope tables, and staff accounts (hub scope) linked to the member.
ERASED_TABLES: dict[str, str] = {**MEMBER_TABLES, "staff_users": "member_id"}
CHILD_TABLES = tuple(t for t in ERASED_TABLES if t != "members")
CHUNK = 500


def blank_personal(table: str, fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` with every personal value replaced by its blank (for journals and stored
    changes: which fields were written stays, what was written goes)."""
    personal = _blanks(table)
    if not personal or personal.keys().isdisjoint(fields):
        return fields
    return {k: personal.get(k, v) for k, v in fields.items()}


def _blanks(table: str) -> dict[str, Any]:
    """The personal columns of a table's rows about an erased member, with their blanks."""
    if table in PERSONAL_FIELDS:
        return PERSONAL_FIELDS[table]
    return LINKED_TEXT[table][1] if table in LINKED_TEXT else {}


def linked_member(table: str, fields: dict[str, Any]) -> str | None:
    """The member a row of a LINKED_TEXT table is about, from its fields."""
    if table not in LINKED_TEXT:
        return None
    found = fields.get(LINKED_TEXT[table][0])
    return found if isinstance(found, str) else None


def sealed(table: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A write to a row of an erased member as every replica applies it: personal values
    blank, `deleted` true, and `erased_at` never cleared (a null is dropped)."""
    out = blank_personal(table, fields)
    if out.get("deleted") is False:
        out = {**out, "deleted": True}
    if table == "members" and "erased_at" in out and out["erased_at"] is None:
        out = {k: v for k, v in out.items() if k != "erased_at"}
    return out


def blank_conflict_value(table: str, field: str, value: Any) -> Any:
    return _blanks(table).get(field, value)


# ----- the hub's purge --------------------------------------------------------------------------


@contextmanager
def overwriting_freed_space(session: Session) -> Iterator[None]:
    """SQLite's secure_delete for the session's connection while the block runs: content
    freed by the purge is overwritten with zeros, not left in the file's free space."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    before = raw.execute("PRAGMA secure_delete").fetchone()
    raw.execute("PRAGMA secure_delete=ON")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA secure_delete={int(before[0]) if before else 0}")


def row_ids_of(session: Session, member_ids: Sequence[str]) -> dict[str, list[str]]:
    """The ids of every row about these members, per member-scope table."""
    out: dict[str, list[str]] = {"members": list(member_ids)}
    for table in CHILD_TABLES:
        model = Base.metadata.tables[table]
        out[table] = [
            row_id
            for chunk in _chunks(member_ids)
            for row_id in session.scalars(select(model.c.id).where(model.c.member_id.in_(chunk)))
        ]
    return out


def seal_rows(session: Session, member_ids: Sequence[str]) -> None:
    """Blanks and tombstones every row about these members, without journalling (the hub
    applying a pulled erasure: the server holds the same values)."""
    for table in ERASED_TABLES:
        model = Base.metadata.tables[table]
        values: dict[str, Any] = {**PERSONAL_FIELDS[table], "deleted": True}
        key = model.c.id if table == "members" else model.c.member_id
        if table == "members":
            values["sort_key"] = member_sort_key(ERASED_LAST_NAME, ERASED_FIRST_NAME)
        for chunk in _chunks(member_ids):
            session.execute(update(model).where(key.in_(chunk)).values(**values))
    for table, (column, blanks) in LINKED_TEXT.items():
        model = Base.metadata.tables[table]
        for chunk in _chunks(member_ids):
            session.execute(update(model).where(model.c[column].in_(chunk)).values(**blanks))


def linked_row_ids(session: Session, member_ids: Sequence[str]) -> dict[str, list[str]]:
    """The ids of the LINKED_TEXT rows about these members, per table."""
    out: dict[str, list[str]] = {}
    for table, (column, _blanks) in LINKED_TEXT.items():
        model = Base.metadata.tables[table]
        out[table] = [
            row_id
            for chunk in _chunks(member_ids)
            for row_id in session.scalars(select(model.c.id).where(model.c[column].in_(chunk)))
        ]
    return out


def purge_row_journal(session: Session, table: str, row_ids: Sequence[str]) -> int:
    """Rewrites the journal entries about these rows with their personal values blanked (a
    hub receiving values sealed by the server: ERASURE_NODE). Returns how many changed."""
    changed = 0
    for chunk in _chunks(row_ids):
        found = session.execute(
            select(Change.seq, Change.fields).where(
                Change.table_name == table, Change.row_id.in_(chunk)
            )
        ).all()
        for seq, fields in found:
            clean = blank_personal(table, fields or {})
            if clean != fields:
                session.execute(update(Change).where(Change.seq == seq).values(fields=clean))
                changed += 1
    return changed


def purge_journal(session: Session, member_ids: Sequence[str]) -> int:
    """Rewrites every journal entry about these members, local or remote, pending or sent,
    with the personal values blanked. Pending entries stay pending: they carry no data now.
    Returns how many entries changed."""
    changed = 0
    for chunk in _chunks(member_ids):
        found = session.execute(
            select(Change.seq, Change.table_name, Change.fields).where(Change.subject_id.in_(chunk))
        ).all()
        for seq, table, fields in found:
            clean = blank_personal(table, fields or {})
            if clean != fields:
                session.execute(update(Change).where(Change.seq == seq).values(fields=clean))
                changed += 1
    return changed


def purge_conflicts(
    session: Session, rows: dict[str, list[str]], *, personal_only: bool = False
) -> int:
    """Blanks the personal values kept by conflicts about these rows, and closes them:
    there is nothing left for staff to restore (`personal_only`: only the conflicts about a
    personal column; for LINKED_TEXT rows, whose other columns stay). Returns how many
    conflicts changed."""
    changed = 0
    now = utcnow()
    c = SyncConflict.__table__.c
    for table, row_ids in rows.items():
        for chunk in _chunks(row_ids):
            found = session.execute(
                select(c.id, c.field, c.winner_value, c.loser_value, c.resolved_at).where(
                    c.table_name == table, c.row_id.in_(chunk)
                )
            ).all()
            for conflict_id, name, winner, loser, resolved_at in found:
                if personal_only and name not in _blanks(table):
                    continue
                values = {
                    "winner_value": blank_conflict_value(table, name, winner),
                    "loser_value": blank_conflict_value(table, name, loser),
                    "resolved_at": resolved_at or now,
                }
                session.execute(update(SyncConflict).where(c.id == conflict_id).values(**values))
                changed += 1
    return changed


def forget_search_entries(session: Session) -> None:
    """Merges the full-text index into one segment: a delete only adds a marker beside the
    old entries, and merging drops both, so the person's words leave the file."""
    raw = session.connection().connection.dbapi_connection
    assert raw is not None
    raw.execute("INSERT INTO members_fts(members_fts) VALUES ('optimize')")


def truncate_wal(raw: Any, wait_ms: int = 200) -> bool:
    """Copies the write-ahead log into the database file and empties it, so that old page
    images (holding the person's details) do not linger in it. Waits at most `wait_ms` for
    readers; returns False if it could not finish (the log is reused and overwritten later)."""
    before = raw.execute("PRAGMA busy_timeout").fetchone()
    raw.execute(f"PRAGMA busy_timeout={int(wait_ms)}")
    try:
        busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.execute(f"PRAGMA busy_timeout={int(before[0]) if before else 10000}")
    return bool(busy) and busy[0] == 0


def purge_members(
    session: Session, member_ids: Sequence[str], *, seal: bool, search: bool = True
) -> None:
    """Everything this hub keeps about these erased members, purged in the session's
    transaction: their rows (`seal`: blanked here without journalling; the erasing hub's
    service writes them itself, through the journal), journal entries and conflicts, and
    (`search`: when they were in it until now) the search index's copy."""
    if not member_ids:
        return
    with overwriting_freed_space(session):
        if seal:
            seal_rows(session, member_ids)
        rows = row_ids_of(session, member_ids)
        journal = purge_journal(session, member_ids)
        conflicts = purge_conflicts(session, rows)
        linked = linked_row_ids(session, member_ids)
        conflicts += purge_conflicts(session, linked, personal_only=True)
        if search:
            forget_search_entries(session)
    log.info(
        "erasure: purged %d members (%d journal entries, %d conflicts)",
        len(member_ids), journal, conflicts,
    )  # fmt: skip


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
