"""Change capture: every write to a syncable row lands in the `changes` journal in the same
transaction, and nothing else does."""

from __future__ import annotations

import contextlib
import types
from datetime import UTC
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hubapp.models import Change, ChangeStatus, Member
from hubapp.models import hlc as hlc_module
from hubapp.models.base import INSERT_STAMP_KEY
from hubapp.models.changes import CLOCK_SETTING, HardDeleteError
from hubapp.models.database import Database
from hubapp.models.hlc import Stamp


def _changes(db: Database, row_id: str | None = None) -> list[Change]:
    with db.read() as session:
        query = select(Change).order_by(Change.seq)
        if row_id is not None:
            query = query.where(Change.row_id == row_id)
        return list(session.scalars(query))


def _add_member(db: Database, staff_id: str | None = "staff-1", **fields: object) -> str:
    values: dict[str, object] = {"first_name": "Siân", "last_name": "Llewellyn"} | fields
    with db.write(staff_id) as session:
        member = Member(**values)
        session.add(member)
        session.flush()
        return member.id


class TestInsert:
    def test_insert_is_journalled_with_every_data_field(self, db: Database) -> None:
        member_id = _add_member(db, email="sian@example.org", postcode="SA19 6AB")
        [change] = _changes(db, member_id)
        assert change.table_name == "members"
        assert change.op == "insert"
        assert change.subject_id == member_id
        assert change.staff_user_id == "staff-1"
        assert change.status == ChangeStatus.PENDING
        assert change.origin == "local"
        assert change.fields["first_name"] == "Siân"
        assert change.fields["email"] == "sian@example.org"
        assert change.fields["postcode"] == "SA19 6AB"
        # Bookkeeping is not data: never shipped as a field change.
        for column in ("id", "created_at", "updated_at", "clock", "sort_key"):
            assert column not in change.fields
        assert change.created_at.tzinfo is UTC

    def test_insert_stamps_the_row_clock_with_the_change_stamp(self, db: Database) -> None:
        member_id = _add_member(db)
        [change] = _changes(db, member_id)
        with db.read() as session:
            member = session.get(Member, member_id)
            assert member is not None
            assert member.clock == {INSERT_STAMP_KEY: change.hlc}
            assert member.created_at.tzinfo is UTC
            assert member.deleted is False

    def test_journal_row_is_written_in_the_same_transaction(self, db: Database) -> None:
        with db.write("staff-1") as session:
            member = Member(first_name="Gwenllïan", last_name="ap Dafydd")
            session.add(member)
            session.flush()
            # Visible inside the writing transaction...
            inside = session.scalar(select(func.count()).select_from(Change))
            # ...and not to anyone else until it commits.
            with db.read() as other:
                outside = other.scalar(select(func.count()).select_from(Change))
        assert inside == 1
        assert outside == 0
        assert len(_changes(db)) == 1

    def test_rollback_leaves_no_journal_row(self, db: Database) -> None:
        clock_before = db.get_setting(CLOCK_SETTING)
        with pytest.raises(RuntimeError, match="changed my mind"), db.write("staff-1") as session:
            session.add(Member(first_name="Ó Briain"))
            session.flush()
            raise RuntimeError("changed my mind")
        assert _changes(db) == []
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Member)) == 0
        assert db.get_setting(CLOCK_SETTING) == clock_before

    def test_several_rows_in_one_unit_of_work_share_one_stamp(self, db: Database) -> None:
        with db.write() as session:
            session.add_all([Member(first_name="A"), Member(first_name="B")])
        changes = _changes(db)
        assert len(changes) == 2
        assert changes[0].hlc == changes[1].hlc
        assert changes[0].change_id != changes[1].change_id

    def test_origin_hub_is_set_from_the_database(self, db: Database) -> None:
        db.set_setting("hub_id", "hub-123")
        member_id = _add_member(db)
        with db.read() as session:
            member = session.get(Member, member_id)
            assert member is not None
            assert member.origin_hub_id == "hub-123"


class TestUpdate:
    def test_update_journals_only_the_changed_fields(self, db: Database) -> None:
        member_id = _add_member(db, email="old@example.org", phone="+447700900123")
        with db.write("staff-2") as session:
            member = session.get(Member, member_id)
            assert member is not None
            member.email = "new@example.org"
            member.phone = "+447700900123"  # same value: not a change
        insert, update = _changes(db, member_id)
        assert update.op == "update"
        assert update.fields == {"email": "new@example.org"}
        assert update.staff_user_id == "staff-2"
        assert update.hlc > insert.hlc

    def test_update_stamps_only_the_changed_fields_in_the_row_clock(self, db: Database) -> None:
        member_id = _add_member(db)
        with db.write() as session:
            member = session.get(Member, member_id)
            assert member is not None
            member.notes = "Can help on Tuesdays"
        insert, update = _changes(db, member_id)
        with db.read() as session:
            member = session.get(Member, member_id)
            assert member is not None
            assert member.clock == {INSERT_STAMP_KEY: insert.hlc, "notes": update.hlc}

    def test_unchanged_write_journals_nothing(self, db: Database) -> None:
        member_id = _add_member(db)
        with db.write() as session:
            member = session.get(Member, member_id)
            assert member is not None
            member.first_name = "Siân"
        assert len(_changes(db, member_id)) == 1

    def test_soft_delete_is_an_update_of_the_tombstone(self, db: Database) -> None:
        member_id = _add_member(db)
        with db.write() as session:
            member = session.get(Member, member_id)
            assert member is not None
            member.deleted = True
        last = _changes(db, member_id)[-1]
        assert last.op == "update"
        assert last.fields == {"deleted": True}


def test_hard_delete_of_a_syncable_row_raises(db: Database) -> None:
    member_id = _add_member(db)
    with pytest.raises(HardDeleteError), db.write() as session:
        member = session.get(Member, member_id)
        session.delete(member)
    with db.read() as session:
        assert session.get(Member, member_id) is not None


def test_capture_false_writes_nothing_to_the_journal(db: Database) -> None:
    with db.write(capture=False) as session:
        member = Member(first_name="Remote", last_name="Person")
        session.add(member)
        session.flush()
        member_id = member.id
    with db.write(capture=False) as session:
        found = session.get(Member, member_id)
        assert found is not None
        found.notes = "applied from the server"
    assert _changes(db) == []


def test_the_clock_survives_reopening_with_a_wall_clock_behind(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Database(data_dir)
    try:
        _add_member(first)
        last_stamp = _changes(first)[-1].hlc
        node = first.node_id
    finally:
        first.close()
    assert Stamp.parse(last_stamp).node == node
    # The PC's clock is now a day behind: a fresh clock would issue older stamps.
    behind = types.SimpleNamespace(
        time_ns=lambda: (Stamp.parse(last_stamp).millis - 86_400_000) * 10**6
    )
    monkeypatch.setattr(hlc_module, "time", behind)
    second = Database(data_dir)
    try:
        assert second.node_id == node
        _add_member(second, first_name="Dafydd")
        newest = _changes(second)[-1].hlc
    finally:
        second.close()
    assert newest > last_stamp
    assert Stamp.parse(newest).node == node


@pytest.mark.parametrize("fails", [False, True])
def test_bulk_write_journals_skips_key_checks_and_restores_them(db: Database, fails: bool) -> None:
    class Stop(Exception):
        pass

    with pytest.raises(Stop) if fails else contextlib.nullcontext(), db.bulk_write() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 0
        assert session.connection().in_transaction()
        session.add(Member(first_name="Bulk", last_name="Row", hub_id="no such hub"))
        session.flush()  # no foreign key check: the caller answers for its references
        if fails:
            raise Stop
    assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert raw.in_transaction is False
    assert len(_changes(db)) == (0 if fails else 1)
