"""Helpers for the sync tests: set up a hub, enrol devices, edit members, compare replicas."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from hubapp.models import Base, Change, ChangeStatus, Member
from hubapp.models.changes import to_wire
from hubapp.models.database import Database
from hubapp.server.schema import rows as server_rows
from hubapp.services import staff as staff_service
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.sync import commands
from hubapp.sync.engine import SyncSummary
from hubapp.sync.protocol import synced_fields
from hubapp.sync.transport import Retry, Transport
from tests.sync.proxy import FaultyProxy

SECRET = "correct horse"


def set_up(db: Database, hub_name: str = "Llandovery Library") -> str:
    """First run at a hub; returns the administrator's staff id."""
    return staff_service.set_up_hub(db, hub_name, "rhian", "Rhian Jones", SECRET).id


def sign_up(db: Database, staff_id: str | None, first: str, last: str = "Jones") -> str:
    details = MemberDetails(first_name=first, last_name=last, phone="01550 720123")
    return sign_up_member(db, details, staff_user_id=staff_id, confirmed_different=True).id


def edit(db: Database, table_model: type[Any], row_id: str, **values: Any) -> None:
    with db.write() as session:
        row = session.get(table_model, row_id)
        assert row is not None
        for name, value in values.items():
            setattr(row, name, value)


def member(db: Database, member_id: str) -> Member | None:
    with db.read() as session:
        return session.get(Member, member_id)


def sync(db: Database) -> SyncSummary:
    summary = commands.sync_once(db)
    assert summary.ok, summary.error
    return summary


def pending_count(db: Database) -> int:
    with db.read() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Change)
                .where(Change.status == ChangeStatus.PENDING)
            )
            or 0
        )


def replica(db: Database) -> dict[tuple[str, str], dict[str, Any]]:
    """Every synced row's fields (as wire values) in a hub database."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    with db.read() as session:
        for table, names in synced_fields().items():
            model_table = Base.metadata.tables[table]
            for row in session.execute(select(model_table)).mappings():
                out[(table, row["id"])] = {n: to_wire(row[n]) for n in sorted(names)}
    return out


def server_state(engine: Any) -> dict[tuple[str, str], Any]:
    with engine.connect() as conn:
        return {
            (r.table_name, r.row_id): r.data
            for r in conn.execute(select(server_rows)).all()
            if not r.table_name.startswith("_")
        }


def via(db: Database, proxy: FaultyProxy) -> Transport:
    real = commands.transport_for(db)
    # One attempt per sync here: the test itself plays the scheduler that tries again.
    return Transport(proxy.url, real.token, timeout=(5, 30), retry=Retry(1, 0, 0, lambda s: None))


def sync_until_done(db: Database, proxy: FaultyProxy) -> list[SyncSummary]:
    tries = []
    for _ in range(20):
        summary = commands.sync_once(db, via(db, proxy))
        tries.append(summary)
        if summary.ok:
            return tries
    raise AssertionError(f"sync never completed: {tries[-1]}")
