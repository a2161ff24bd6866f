"""Erasure across the network, with the real server on SQLite and PostgreSQL: hub X erases a
member that hub Y also holds; after syncing, neither hub's rows, journal, conflicts or file,
nor the server's rows, stored changes and conflicts, hold anything of theirs. A concurrent
offline edit from Y with a later stamp, before or after the erasure reaches the server, brings
nothing back; nor does an attempt to un-erase."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hubapp.models import (
    Activity,
    Attendance,
    Change,
    ExpressionOfInterest,
    Feedback,
    InterestDeclaration,
    Member,
    Opportunity,
    StaffUser,
    SyncConflict,
)
from hubapp.models.database import Database
from hubapp.models.erasure import PERSONAL_FIELDS
from hubapp.server.schema import changes as server_changes
from hubapp.server.schema import conflicts as server_conflicts
from hubapp.server.schema import rows as server_rows
from hubapp.services import members as member_service
from hubapp.services.erasure import erase_member
from hubapp.services.groups import GroupDetails, enlist_member, register_group
from hubapp.services.staff import SignedInStaff, sign_in
from hubapp.sync import commands
from tests.linked_records import WORDS, add_linked_records, words_in
from tests.sync.conftest import RunningServer
from tests.sync.hubs import SECRET, edit, member, replica, set_up, sync
from tests.sync.test_sync_failures import forge

MakeDb = Callable[[str], Database]
DAY_MS = 24 * 60 * 60 * 1000
EMAIL = "gwenllian.dafydd@example.net"
SECRETS = ["Gwenllïan", "ap Dafydd", EMAIL, "gwen.mill@example.org", "Lives by the old mill",
           "12 Heol y Felin", "7700900456"]  # fmt: skip
LATE = ["Moved to Aberystwyth", "Gwenllïan Morgan", "gwen.new@example.com", "Wants to sing"]
MEMBER_SCOPE = {"members", "member_tags", "consent_records", "activities", "group_memberships",
                "expressions_of_interest"}  # fmt: skip


class Network:
    """Hub X (Llandovery), where Gwen signed up, and hub Y (Talley), which holds her because
    she joined a group Y runs. Both have synced everything, including a conflict about her."""

    def __init__(self, server: RunningServer, make_db: MakeDb) -> None:
        self.server = server
        self.x, self.x_admin = self.enrolled(make_db, "Llandovery Library")
        self.y, self.y_admin = self.enrolled(make_db, "Talley Village Hall")
        details = member_service.MemberDetails(
            first_name="Gwenllïan", last_name="ap Dafydd", email="gwen.mill@example.org",
            phone="07700 900456", address="12 Heol y Felin", notes="Lives by the old mill",
            skills=["Gardening"], consents={"contact_email": True},
        )  # fmt: skip
        self.gwen = member_service.sign_up_member(
            self.x, details, staff_user_id=self.x_admin.id, confirmed_different=True
        ).id
        details.email = EMAIL
        member_service.update_member(self.x, self.gwen, details, staff_user_id=self.x_admin.id)
        group = register_group(self.y, GroupDetails(name="Talley Choir"), staff_user_id=None)
        sync(self.y)
        sync(self.x)
        enlist_member(self.x, group.id, self.gwen, staff_user_id=self.x_admin.id)
        sync(self.x)
        sync(self.y)
        # Both hubs change her notes without seeing each other: a conflict, kept everywhere.
        edit(self.x, Member, self.gwen, notes="Lives by the old mill, Llandovery")
        edit(self.y, Member, self.gwen, notes="Lives by the old mill, Talley")
        for db in (self.x, self.y, self.x, self.y):
            sync(db)
        assert member(self.y, self.gwen) is not None

    def enrolled(self, make_db: MakeDb, name: str) -> tuple[Database, SignedInStaff]:
        db = make_db(name)
        set_up(db, name)
        _hub, code = self.server.add_hub(name)
        commands.enrol(db, self.server.url, code)
        return db, sign_in(db, "rhian", SECRET)


def hub_text(db: Database) -> str:
    """Everything a hub keeps about rows in words: its member-scope rows, journal, conflicts."""
    with db.read() as session:
        journal = [c.fields for c in session.scalars(select(Change))]
        kept = [(c.winner_value, c.loser_value) for c in session.scalars(select(SyncConflict))]
    rows = {f"{t}/{i}": v for (t, i), v in replica(db).items() if t in MEMBER_SCOPE}
    return json.dumps([rows, journal, kept], ensure_ascii=False, default=str).lower()


def hub_file(db: Database) -> bytes:
    files = [db.path, Path(f"{db.path}-wal")]
    return b"".join(f.read_bytes() for f in files if f.exists()).lower()


def server_text(server: RunningServer) -> str:
    with server.engine.connect() as conn:
        found = [
            [list(r) for r in conn.execute(select(server_rows.c.data))],
            [list(r) for r in conn.execute(select(server_changes.c.fields))],
            [list(r) for r in conn.execute(select(server_conflicts))],
        ]
    return json.dumps(found, ensure_ascii=False, default=str).lower()


def assert_gone(
    net: Network, words: list[str], *, files: bool = False, y_journal: bool = True
) -> None:
    y_rows = [list(v.values()) for v in replica(net.y).values()]
    y_text = (
        hub_text(net.y)
        if y_journal
        else json.dumps(y_rows, ensure_ascii=False, default=str).lower()
    )
    places = {"x": hub_text(net.x), "y": y_text, "server": server_text(net.server)}
    left = {(where, w) for where, text in places.items() for w in words if w.lower() in text}
    assert not left, f"personal data left behind: {sorted(left)}"
    if files:
        for name, db in (("x", net.x), ("y", net.y)):
            raw = hub_file(db)
            left = {(name, w) for w in words if w.lower().encode() in raw}
            assert not left, f"personal data left in a database file: {sorted(left)}"


def assert_erased_everywhere(net: Network) -> None:
    state = {k: v for k, v in replica(net.x).items() if k[0] in MEMBER_SCOPE}
    assert {k: v for k, v in replica(net.y).items() if k[0] in MEMBER_SCOPE} == state
    with net.server.engine.connect() as conn:
        on_server = {
            (r.table_name, r.row_id): r.data
            for r in conn.execute(select(server_rows).where(server_rows.c.subject_id == net.gwen))
        }
    for db in (net.x, net.y):
        found = member(db, net.gwen)
        assert found is not None and found.erased_at is not None and found.deleted
        assert (found.first_name, found.last_name, found.email) == ("Erased", "member", None)
    for (table, _row_id), data in on_server.items():
        if table.startswith("_"):
            continue
        assert data["deleted"] is True, table
        for name, blank in PERSONAL_FIELDS[table].items():
            assert data.get(name, blank) == blank, (table, name)
    assert on_server[("members", net.gwen)]["erased_at"] is not None


def test_the_check_can_fail(server: RunningServer, make_db: MakeDb) -> None:
    """Before the erasure, every place holds her details: the assertions below mean something."""
    net = Network(server, make_db)
    with pytest.raises(AssertionError, match="personal data left behind"):
        assert_gone(net, SECRETS)
    assert "lives by the old mill, talley" in server_text(server)
    assert all(s.lower().encode() in hub_file(net.y) for s in (EMAIL, "Gwenllïan"))


def test_an_erasure_purges_every_replica_and_the_server(
    server: RunningServer, make_db: MakeDb
) -> None:
    net = Network(server, make_db)
    erase_member(net.x, net.gwen, net.x_admin)
    sync(net.x)
    summary = sync(net.y)
    assert summary.ok and not summary.counts_differ
    sync(net.x)
    assert_erased_everywhere(net)
    assert_gone(net, [*SECRETS, "Lives by the old mill, Talley"], files=True)
    with net.y.read() as session:
        kept = session.scalars(
            select(SyncConflict).where(SyncConflict.table_name.in_(MEMBER_SCOPE))
        ).all()
        assert kept and all(c.resolved_at is not None for c in kept)  # nothing to restore
        record = session.scalars(select(Activity).where(Activity.kind == "erasure")).all()
        assert [r.staff_user_id for r in record] == [net.x_admin.id]


def late_edit(db: Database, member_id: str) -> None:
    """An edit made offline at a hub that has not heard of the erasure, its clock a day fast
    (so its stamps are later than the erasure's), adding a row about her as well."""
    wall = db.clock._wall
    db.clock._wall = lambda: wall() + DAY_MS  # type: ignore[method-assign]
    edit(db, Member, member_id, notes="Moved to Aberystwyth", first_name="Gwenllïan Morgan",
         email="gwen.new@example.com", deleted=False)  # fmt: skip
    with db.write() as session:
        opportunity = session.scalars(select(Opportunity)).first()
        if opportunity is None:
            opportunity = Opportunity(title="Choir concert")
            session.add(opportunity)
            session.flush()
        session.add(
            ExpressionOfInterest(
                opportunity_id=opportunity.id, member_id=member_id, message="Wants to sing"
            )
        )
        when = date(2026, 6, 1)
        session.add(
            Activity(member_id=member_id, kind="volunteered", occurred_on=when,
                     description="Wants to sing")
        )  # fmt: skip


@pytest.mark.parametrize("order", ["erasure_reaches_the_server_first", "edit_reaches_it_first"])
def test_a_concurrent_offline_edit_with_a_later_stamp_brings_nothing_back(
    server: RunningServer, make_db: MakeDb, order: str
) -> None:
    net = Network(server, make_db)
    erase_member(net.x, net.gwen, net.x_admin)
    late_edit(net.y, net.gwen)
    first, second = (net.x, net.y) if order.startswith("erasure") else (net.y, net.x)
    sync(first)
    sync(second)
    sync(first)
    sync(second)
    assert_erased_everywhere(net)
    assert_gone(net, [*SECRETS, *LATE], files=True)
    for db in (net.x, net.y):
        with db.read() as session:
            rows: list[Any] = session.scalars(
                select(ExpressionOfInterest).where(ExpressionOfInterest.member_id == net.gwen)
            ).all()
            assert rows and all(r.deleted and r.message is None for r in rows)


def test_an_erased_member_cannot_be_un_erased(server: RunningServer, make_db: MakeDb) -> None:
    net = Network(server, make_db)
    erase_member(net.x, net.gwen, net.x_admin)
    sync(net.x)
    sync(net.y)
    # A hub (buggy, old or hostile) writes her back, erased_at cleared, with a later stamp.
    forge(net.y, "members", net.gwen, {"erased_at": None, "first_name": "Gwenllïan",
                                       "email": EMAIL, "deleted": False})  # fmt: skip
    sync(net.y)
    sync(net.x)
    assert_erased_everywhere(net)
    # (Y's own journal keeps the entry it forged: that hub's journal is its own doing.)
    assert_gone(net, [EMAIL, "Gwenllïan"], y_journal=False)


def test_her_organiser_account_edited_late_at_its_hub_stays_sealed(
    server: RunningServer, make_db: MakeDb
) -> None:
    """Y made Gwen an organiser's account; X erases her; Y, not yet told, renames the account
    and switches it back on. The server seals that edit like any other about her."""
    net = Network(server, make_db)
    with net.y.write(net.y_admin.id) as session:
        account = StaffUser(hub_id=net.y.hub_id, username="gwen-choir", role="organiser",
                            display_name="Gwenllïan (choir)", secret_hash="x",
                            member_id=net.gwen)  # fmt: skip
        session.add(account)
        session.flush()
        account_id = account.id
    sync(net.y)
    erase_member(net.x, net.gwen, net.x_admin)
    sync(net.x)
    wall = net.y.clock._wall
    net.y.clock._wall = lambda: wall() + DAY_MS  # type: ignore[method-assign]
    edit(net.y, StaffUser, account_id, display_name="Gwenllïan ap Dafydd (choir)", active=True)
    sync(net.y)
    sync(net.y)
    with server.engine.connect() as conn:
        data = conn.execute(
            select(server_rows.c.data).where(server_rows.c.row_id == account_id)
        ).scalar_one()
        stored = [
            f for (f,) in conn.execute(
                select(server_changes.c.fields).where(server_changes.c.row_id == account_id)
            )
        ]  # fmt: skip
    data = json.loads(data) if isinstance(data, str) else data
    assert (data["display_name"], data["active"]) == ("Erased member", False)
    assert "gwenll" not in json.dumps(stored, ensure_ascii=False).lower()
    with net.y.read() as session:
        here = session.get(StaffUser, account_id)
        assert here is not None and (here.display_name, here.active) == ("Erased member", False)


@pytest.mark.parametrize("order", ["erasure_reaches_the_server_first", "edit_reaches_it_first"])
def test_her_words_in_meeting_and_feedback_records_go_everywhere_and_stay_gone(
    server: RunningServer, make_db: MakeDb, order: str
) -> None:
    net = Network(server, make_db)
    linked = add_linked_records(net.x, net.x_admin.id, net.gwen)
    sync(net.x)
    sync(net.y)
    with net.y.read() as session:  # meetings are network-wide: Y holds her apologies
        attended = session.scalars(select(Attendance).where(Attendance.member_id == net.gwen))
        attendance_id = attended.one().id
    assert words_in(server_text(server), WORDS) == WORDS  # the check can fail
    erase_member(net.x, net.gwen, net.x_admin)
    # Y has not heard: it edits her apologies with its clock a day fast (a later stamp).
    wall = net.y.clock._wall
    net.y.clock._wall = lambda: wall() + DAY_MS  # type: ignore[method-assign]
    edit(net.y, Attendance, attendance_id, apologies_reason="Still poorly after the operation")
    first, second = (net.x, net.y) if order.startswith("erasure") else (net.y, net.x)
    for db in (first, second, first, second):
        sync(db)
    for db in (net.x, net.y):
        with db.read() as session:
            attended_row = session.get(Attendance, attendance_id)
            assert attended_row is not None and attended_row.status == "apologies"
            assert attended_row.apologies_reason is None and not attended_row.deleted
            declared = session.scalars(
                select(InterestDeclaration).where(InterestDeclaration.member_id == net.gwen)
            ).one()
            assert declared.note is None and not declared.deleted
    with net.x.read() as session:
        feedback = session.get(Feedback, linked.feedback_id)
        assert feedback is not None and (feedback.rating, feedback.comment) == (2, None)
    words = [*WORDS, "Still poorly after the operation"]
    assert not words_in(server_text(server), words)
    for name, db in (("x", net.x), ("y", net.y)):
        with db.read() as session:
            journal = json.dumps([c.fields for c in session.scalars(select(Change))])
        left = words_in(journal, words) + words_in(hub_file(db), words)
        assert not left, (name, left)


@pytest.mark.parametrize("when", ["before_the_erasure", "late_with_a_fast_clock"])
def test_a_hub_not_holding_her_keeps_none_of_the_words_it_wrote_about_her(
    server: RunningServer, make_db: MakeDb, when: str
) -> None:
    """Z does not hold Gwen, but meeting records are public: it edits her declaration's note
    (before the erasure, or after it without having heard). Z is then sent the blank like
    everyone (the server's stamp, not Z's own) and purges its journal of the words."""
    net = Network(server, make_db)
    z, _z_admin = net.enrolled(make_db, "Myddfai Hall")
    add_linked_records(net.x, net.x_admin.id, net.gwen)
    for db in (net.x, net.y, z):
        sync(db)
    assert member(z, net.gwen) is None
    with z.read() as session:
        declared = session.scalars(
            select(InterestDeclaration).where(InterestDeclaration.member_id == net.gwen)
        ).one()
    words = "Z heard she is the café owner's aunt"
    if when == "before_the_erasure":
        edit(z, InterestDeclaration, declared.id, note=words)
        sync(z)
    erase_member(net.x, net.gwen, net.x_admin)
    if when != "before_the_erasure":
        wall = z.clock._wall
        z.clock._wall = lambda: wall() + DAY_MS  # type: ignore[method-assign]
        # With a change to the kind of interest in the same write: that part stands.
        edit(z, InterestDeclaration, declared.id, note=words, kind="pecuniary")
    for db in (z, net.x, z, net.x, net.y):
        sync(db)
    everything = [*WORDS, words]
    assert not words_in(server_text(server), everything)
    kind = "other_registrable" if when == "before_the_erasure" else "pecuniary"
    for name, db in (("x", net.x), ("y", net.y), ("z", z)):
        with db.read() as session:
            found = session.get(InterestDeclaration, declared.id)
            assert found is not None and found.note is None and not found.deleted, name
            assert found.kind == kind, name
            about = select(SyncConflict).where(SyncConflict.row_id == declared.id)
            kept = session.scalars(about).all()  # the words' conflicts, blanked; no other
            assert all((c.field, c.winner_value, c.loser_value) == ("note", None, None)
                       for c in kept), name  # fmt: skip
            journal = json.dumps([c.fields for c in session.scalars(select(Change))])
        left = words_in(journal, everything) + words_in(hub_file(db), everything)
        assert not left, (name, left)
