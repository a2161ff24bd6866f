"""Erasing a person: administrators only; every personal field blanked and every row about them
a tombstone; this hub's journal, conflicts, search index and database file purged of the old
values (not hidden); the fact of the erasure kept."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import inspect, select

from hubapp.models import (
    Activity,
    Attendance,
    Base,
    Change,
    ChangeStatus,
    ConsentRecord,
    ExpressionOfInterest,
    Feedback,
    GroupMembership,
    InterestDeclaration,
    Member,
    MemberTag,
    Opportunity,
    StaffUser,
    SyncConflict,
)
from hubapp.models.base import BOOKKEEPING_COLUMNS
from hubapp.models.database import Database
from hubapp.models.erasure import (
    ERASED_TABLES,
    KEPT_FIELDS,
    LINKED_TEXT,
    PERSONAL_FIELDS,
    overwriting_freed_space,
)
from hubapp.services import groups as group_service
from hubapp.services import members as member_service
from hubapp.services import staff as staff_service
from hubapp.services.erasure import erase_member, erasure_of, may_erase
from hubapp.services.errors import NotAllowed, NotFound
from hubapp.services.member_profile import get_member_profile
from hubapp.services.member_search import MemberQuery, search_member_keys
from hubapp.services.members import set_deleted, withdraw_consent
from hubapp.services.staff import SignedInStaff
from tests.linked_records import WORDS, add_linked_records, words_in

EMAIL = "gwenllian.dafydd@example.net"
OLD_EMAIL = "gwen.mill@example.org"
SECRETS = [
    EMAIL,
    OLD_EMAIL,
    "Gwenllïan",
    "ap Dafydd",
    "dafydd",
    "Lives by the old mill",
    "Needs a hearing loop",
    "12 Heol y Felin",
    "Can bring her own trowel",
    "Keen to help with the garden",
]


def sign_up_gwen(db: Database, staff_id: str) -> str:
    details = member_service.MemberDetails(
        first_name="Gwenllïan",
        last_name="ap Dafydd",
        email=OLD_EMAIL,
        phone="07700 900456",
        postcode="SA20 0AB",
        address="12 Heol y Felin, Llandovery",
        date_of_birth=date(1958, 4, 2),
        access_needs="Needs a hearing loop",
        notes="Lives by the old mill",
        skills=["Gardening"],
        interests=["Local history"],
        consents={"contact_email": True},
    )
    member_id = member_service.sign_up_member(
        db, details, staff_user_id=staff_id, confirmed_different=True
    ).id
    details.email = EMAIL  # a later edit: the old address is only in the journal now
    member_service.update_member(db, member_id, details, staff_user_id=staff_id)
    return member_id


def add_the_rest(db: Database, staff_id: str, member_id: str) -> None:
    group = group_service.register_group(
        db, group_service.GroupDetails(name="Caffi Trwsio"), staff_user_id=staff_id
    )
    group_service.enlist_member(db, group.id, member_id, "member", staff_user_id=staff_id)
    with db.write(staff_id) as session:
        opportunity = Opportunity(title="Community garden")
        session.add(opportunity)
        session.flush()
        session.add(
            ExpressionOfInterest(
                opportunity_id=opportunity.id,
                member_id=member_id,
                message="Keen to help with the garden",
            )
        )
        session.add(
            Activity(
                member_id=member_id,
                kind="volunteered",
                occurred_on=date(2026, 5, 1),
                hours=2.5,
                description="Can bring her own trowel",
            )
        )
        # A conflict kept from an earlier sync, whose losing value is the old address.
        session.add(
            SyncConflict(
                table_name="members",
                row_id=member_id,
                field="email",
                winner_value=EMAIL,
                winner_stamp="0001",
                loser_value=OLD_EMAIL,
                loser_stamp="0000",
            )
        )


@pytest.fixture
def gwen(db: Database, admin: SignedInStaff) -> str:
    member_id = sign_up_gwen(db, admin.id)
    add_the_rest(db, admin.id, member_id)
    return member_id


def database_bytes(db: Database) -> bytes:
    files = [db.path, Path(f"{db.path}-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists())


def test_every_personal_column_is_classified() -> None:
    """A new column on a table erasure touches must be put in PERSONAL_FIELDS or KEPT_FIELDS."""
    for table in ERASED_TABLES:
        columns = {c.name for c in Base.metadata.tables[table].columns} - BOOKKEEPING_COLUMNS
        personal, kept = set(PERSONAL_FIELDS[table]), KEPT_FIELDS[table]
        assert not personal & kept, table
        assert personal | kept == columns, (table, columns ^ (personal | kept))
    for table, (column, blanks) in LINKED_TEXT.items():  # records that stay, words that go
        columns = set(Base.metadata.tables[table].columns.keys())
        assert {column, *blanks} <= columns and table not in ERASED_TABLES, table


def test_erasure_blanks_the_member_and_every_row_about_them(
    db: Database, admin: SignedInStaff, gwen: str
) -> None:
    erased = erase_member(db, gwen, admin)
    assert erased.staff_name == "Rhian Jones"
    assert erased.hub_name == "Llandovery Library"
    with db.read() as session:
        member = session.get(Member, gwen)
        assert member is not None and member.erased_at is not None and member.deleted
        assert (member.first_name, member.last_name) == ("Erased", "member")
        for name, blank in PERSONAL_FIELDS["members"].items():
            assert getattr(member, name) == blank, name
        assert member.hub_id == admin.hub_id  # kept: who holds the record
        for model in (MemberTag, ConsentRecord, Activity, GroupMembership, ExpressionOfInterest):
            rows = session.scalars(select(model).where(model.member_id == gwen)).all()
            assert rows, model
            for row in rows:
                assert row.deleted, model
                for name, blank in PERSONAL_FIELDS[model.__tablename__].items():
                    assert getattr(row, name) == blank, (model, name)
        record = [a for a in session.scalars(select(Activity)) if a.kind == "erasure"]
        assert len(record) == 1 and record[0].staff_user_id == admin.id


def test_nothing_of_theirs_is_left_in_the_journal_conflicts_or_the_file(
    db: Database, admin: SignedInStaff, gwen: str
) -> None:
    before = database_bytes(db).lower()
    assert all(s.lower().encode() in before for s in SECRETS[:3])  # the check can fail
    erase_member(db, gwen, admin)
    with db.read() as session:
        journal = json.dumps(
            [c.fields for c in session.scalars(select(Change))], ensure_ascii=False
        ).lower()
        conflicts = session.scalars(select(SyncConflict)).all()
    for secret in SECRETS:
        assert secret.lower() not in journal, secret
    assert [(c.winner_value, c.loser_value) for c in conflicts] == [(None, None)]
    assert conflicts[0].resolved_at is not None  # nothing left for staff to restore
    raw = database_bytes(db).lower()
    found = [s for s in SECRETS if s.lower().encode() in raw]
    assert not found, f"still in the database file: {found}"


def test_the_erasure_is_journalled_to_sync_and_carries_no_data(
    db: Database, admin: SignedInStaff, gwen: str
) -> None:
    erase_member(db, gwen, admin)
    with db.read() as session:
        pending = session.scalars(
            select(Change).where(Change.status == ChangeStatus.PENDING, Change.subject_id == gwen)
        ).all()
    erasure = [c for c in pending if c.table_name == "members" and c.fields.get("erased_at")]
    assert len(erasure) == 1
    assert erasure[0].staff_user_id == admin.id
    assert erasure[0].fields["first_name"] == "Erased"
    assert erasure[0].fields["deleted"] is True
    # The sign-up itself is still waiting to be sent, and would now send blanks only.
    inserts = [c for c in pending if c.table_name == "members" and c.op == "insert"]
    assert inserts and inserts[0].fields["email"] is None


def test_search_no_longer_finds_them(db: Database, admin: SignedInStaff, gwen: str) -> None:
    def found(text: str) -> list[int]:
        with db.read() as session:
            return search_member_keys(session, MemberQuery(text=text))

    assert found("Gwenllïan") and found("07700 900456")
    erase_member(db, gwen, admin)
    for typed in ("Gwenllïan", "dafydd", EMAIL, "07700 900456", "SA20", "Erased"):
        assert found(typed) == [], typed


def test_their_page_shows_a_shell(db: Database, admin: SignedInStaff, gwen: str) -> None:
    time.sleep(0.6)  # a moment after her sign-up (the history groups what is written at once)
    erase_member(db, gwen, admin)
    profile = get_member_profile(db, gwen)
    assert profile.display_name == "Erased member"
    assert profile.details.email == "" and profile.details.notes == ""
    assert profile.groups == [] and profile.activity == []
    erasure = erasure_of(db, gwen)
    assert erasure is not None and erasure.staff_user_id == admin.id
    # The erasure is one entry in her history, its own record and tombstones included.
    latest = profile.history[0]
    assert "erased_at" in latest.fields and latest.who == "Rhian Jones"
    assert all("erased_at" not in e.fields and e.what != "Changed activity"
               for e in profile.history[1:])  # fmt: skip


def test_only_administrators_may_erase(db: Database, admin: SignedInStaff, gwen: str) -> None:
    staff_service.add_staff(db, admin, "dai", "Dai Evans", "desk", "dai-secret-1")
    desk = staff_service.sign_in(db, "dai", "dai-secret-1")
    assert may_erase(admin) and not may_erase(desk) and not may_erase(None)
    with pytest.raises(NotAllowed):
        erase_member(db, gwen, desk)
    with db.read() as session:
        member = session.get(Member, gwen)
        assert member is not None and member.erased_at is None and member.email == EMAIL
    assert erasure_of(db, gwen) is None


def test_erasing_twice_changes_nothing_and_unknown_members_are_refused(
    db: Database, admin: SignedInStaff, gwen: str
) -> None:
    first = erase_member(db, gwen, admin)
    with db.read() as session:
        count = len(session.scalars(select(Change)).all())
    assert erase_member(db, gwen, admin) == first
    with db.read() as session:
        assert len(session.scalars(select(Change)).all()) == count
    with pytest.raises(NotFound):
        erase_member(db, "no-such-member", admin)
    # Nor can they be restored, or their consent written again, afterwards.
    with pytest.raises(NotFound):
        set_deleted(db, gwen, False, staff_user_id=admin.id)
    with pytest.raises(NotFound):
        withdraw_consent(db, gwen, "newsletter", staff_user_id=admin.id)
    with db.read() as session:
        assert len(session.scalars(select(Change)).all()) == count


def test_an_organisers_staff_account_is_switched_off_with_them(
    db: Database, admin: SignedInStaff, gwen: str
) -> None:
    with db.write(admin.id) as session:
        session.add(
            StaffUser(
                hub_id=admin.hub_id,
                username="gwen",
                display_name="Gwenllïan ap Dafydd",
                role="organiser",
                secret_hash="x",
                member_id=gwen,
            )
        )
    erase_member(db, gwen, admin)
    with db.read() as session:
        account = session.scalar(select(StaffUser).where(StaffUser.username == "gwen"))
        assert account is not None
        assert (account.display_name, account.active, account.deleted) == (
            "Erased member",
            False,
            True,
        )
        assert inspect(account).attrs.member_id.value == gwen


def test_the_purge_overwrites_freed_space_and_then_puts_the_setting_back(db: Database) -> None:
    """SQLite builds differ (Debian's overwrites by default, Windows' and macOS' do not)."""
    with db.write() as session:
        raw = session.connection().connection.dbapi_connection
        assert raw is not None
        original = raw.execute("PRAGMA secure_delete").fetchone()[0]
        raw.execute("PRAGMA secure_delete=0")
        with overwriting_freed_space(session):
            assert raw.execute("PRAGMA secure_delete").fetchone()[0] == 1
        assert raw.execute("PRAGMA secure_delete").fetchone()[0] == 0
        raw.execute(f"PRAGMA secure_delete={original}")


def test_her_words_in_records_that_stay_are_blanked(
    db: Database, admin: SignedInStaff, gwen: str
) -> None:
    linked = add_linked_records(db, admin.id, gwen)
    assert words_in(database_bytes(db), WORDS) == WORDS  # the check can fail
    erase_member(db, gwen, admin)
    with db.read() as session:
        attended = session.scalars(select(Attendance).where(Attendance.member_id == gwen)).one()
        declared = session.scalars(
            select(InterestDeclaration).where(InterestDeclaration.member_id == gwen)
        ).one()
        feedback = session.get(Feedback, linked.feedback_id)
        # The meeting's record and the rating stay; the words about her go.
        assert (attended.status, attended.apologies_reason, attended.deleted) == (
            "apologies", None, False,
        )  # fmt: skip
        assert (declared.note, declared.deleted) == (None, False)
        assert declared.kind == "other_registrable"
        assert feedback is not None and (feedback.rating, feedback.comment) == (2, None)
        journal = json.dumps([c.fields for c in session.scalars(select(Change))])
    assert not words_in(journal, WORDS)
    left = words_in(database_bytes(db), WORDS)
    assert not left, f"left in the database file: {left}"
