"""What the app says about sync, read from the local database alone (no network): enrolled or
not, when it last synced, what waits in the outbox, what the server refused, which conflicts
are open, and each conflict told in the librarian's terms (which member, which value won)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from hubapp.models import Change, ChangeStatus, Group, Hub, Member, SyncConflict
from hubapp.models.database import Database
from hubapp.models.hlc import Stamp
from hubapp.sync.commands import LAST_SYNC_SETTING, SERVER_SETTING
from hubapp.sync.counts import MISMATCH_SETTING, saved_mismatch

CONFLICT_LIMIT = 500  # the screen lists the newest; more than this is a sign of a bigger fault


@dataclass(frozen=True)
class SyncStatus:
    enrolled: bool
    server_url: str | None
    last_synced_at: datetime | None  # UTC
    waiting: int  # local changes not yet acknowledged by the server
    refused: int  # local changes the server would not take, set aside
    conflicts: int  # open (not yet reviewed) conflicts
    # The last end-of-sync count check's differences: (table, rows here, rows on the server).
    count_mismatch: tuple[tuple[str, int, int], ...] = ()

    @property
    def problems(self) -> int:
        """Things a person should look at (a count difference is one, however many tables)."""
        return self.refused + self.conflicts + (1 if self.count_mismatch else 0)


@dataclass(frozen=True)
class ConflictDetail:
    """One open conflict: `kept` is the value every computer now holds, `other` the one set
    aside. `*_here` says whether that value was typed on this computer."""

    id: str
    table: str
    row_id: str
    subject: str | None  # the member's or group's name, when there is one
    field: str
    kept: Any
    other: Any
    kept_here: bool
    other_here: bool
    other_hub: str | None  # the name of the hub the set-aside value came from
    detected_at: datetime  # UTC


def sync_status(db: Database) -> SyncStatus:
    server_url = db.get_setting(SERVER_SETTING)
    last = db.get_setting(LAST_SYNC_SETTING)
    with db.read() as session:
        counts = dict(
            session.execute(
                select(Change.status, func.count())
                .where(
                    Change.origin == "local",
                    Change.status.in_([ChangeStatus.PENDING, ChangeStatus.REJECTED]),
                )
                .group_by(Change.status)
            ).all()
        )
        conflicts = session.scalar(
            select(func.count()).select_from(SyncConflict).where(SyncConflict.resolved_at.is_(None))
        )
    return SyncStatus(
        enrolled=bool(server_url) and db.hub_id is not None,
        server_url=server_url,
        last_synced_at=_from_millis(last),
        waiting=int(counts.get(ChangeStatus.PENDING, 0)),
        refused=int(counts.get(ChangeStatus.REJECTED, 0)),
        conflicts=int(conflicts or 0),
        count_mismatch=tuple(
            (table, here, there)
            for table, (here, there) in sorted(
                saved_mismatch(db.get_setting(MISMATCH_SETTING)).items()
            )
        ),
    )


def _from_millis(text: str | None) -> datetime | None:
    if not text or not text.isdigit():
        return None
    return datetime.fromtimestamp(int(text) / 1000, tz=UTC)


def _node(stamp: str) -> str | None:
    try:
        return Stamp.parse(stamp).node
    except ValueError:
        return None


def open_conflicts(db: Database, limit: int = CONFLICT_LIMIT) -> list[ConflictDetail]:
    """Open conflicts, newest first, with the names a person would recognise."""
    with db.read() as session:
        found = list(
            session.scalars(
                select(SyncConflict)
                .where(SyncConflict.resolved_at.is_(None))
                .order_by(SyncConflict.detected_at.desc())
                .limit(limit)
            )
        )
        subjects = _subjects(session, {(c.table_name, c.row_id) for c in found})
        hub_ids = {c.loser_hub_id for c in found if c.loser_hub_id}
        hubs = dict(session.execute(select(Hub.id, Hub.name).where(Hub.id.in_(hub_ids))).all())
    return [
        ConflictDetail(
            id=c.id,
            table=c.table_name,
            row_id=c.row_id,
            subject=subjects.get((c.table_name, c.row_id)),
            field=c.field,
            kept=c.winner_value,
            other=c.loser_value,
            kept_here=_node(c.winner_stamp) == db.node_id,
            other_here=_node(c.loser_stamp) == db.node_id,
            other_hub=hubs.get(c.loser_hub_id) if c.loser_hub_id else None,
            detected_at=_as_utc(c.detected_at),
        )
        for c in found
    ]


def subjects(db: Database, rows: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The names a person would know (table, row id) rows by: members and groups only."""
    with db.read() as session:
        return _subjects(session, set(rows))


def _subjects(session: Any, rows: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    member_ids = {row_id for table, row_id in rows if table == "members"}
    group_ids = {row_id for table, row_id in rows if table == "groups"}
    if member_ids:
        for row_id, first, last in session.execute(
            select(Member.id, Member.first_name, Member.last_name).where(Member.id.in_(member_ids))
        ):
            out[("members", row_id)] = f"{first} {last}".strip()
    if group_ids:
        for row_id, name in session.execute(
            select(Group.id, Group.name).where(Group.id.in_(group_ids))
        ):
            out[("groups", row_id)] = name
    return out


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the models store UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
