"""The end-of-sync count check (Anki's sanity check): after a sync in which anything moved, the
hub and the server agree on how many rows of each table the hub holds; a difference is
reported (summary, saved setting, status, log), never ignored, and clears once put right. A sync
with nothing to do makes no check (it stays one small request) unless a difference stands."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import delete, func, select

from hubapp.models import Member, MemberTag
from hubapp.models.database import Database
from hubapp.sync import apply, commands
from hubapp.sync.counts import MISMATCH_SETTING, local_counts, saved_mismatch
from hubapp.sync.engine import SyncSummary
from hubapp.sync.status import sync_status
from tests.sync.conftest import RunningServer
from tests.sync.hubs import edit, replica, set_up, sign_up, sync

MakeDb = Callable[[str], Database]


def two_devices(server: RunningServer, make_db: MakeDb) -> tuple[Database, Database, str]:
    """Desk A with three members, synced; device B of the same hub, synced after it."""
    a, b = make_db("desk-a"), make_db("desk-b")
    staff_id = set_up(a)
    hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    for name in ("Alys", "Bethan", "Cai"):
        sign_up(a, staff_id, name)
    sync(a)
    commands.enrol(b, server.url, server.code_for(hub_id))
    return a, b, staff_id


def members_in(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def test_after_a_sync_that_moved_anything_the_counts_are_checked_and_agree(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, b, _staff = two_devices(server, make_db)
    pulled = sync(b)
    assert pulled.pulled > 0
    assert pulled.counts_checked and pulled.counts_differ == {}
    assert b.get_setting(MISMATCH_SETTING) is None
    with b.read() as session:
        here = local_counts(session)
    assert here is not None and here["members"] == 3 and here["hubs"] == 1
    member_id = next(k[1] for k in replica(a) if k[0] == "members")
    edit(a, Member, member_id, notes="rang back")
    pushed = sync(a)  # a push moves the server's sequence, so the pusher checks too
    assert pushed.pushed == 1 and pushed.counts_checked and pushed.counts_differ == {}


def test_a_sync_with_nothing_to_do_makes_no_check(server: RunningServer, make_db: MakeDb) -> None:
    _a, b, _staff = two_devices(server, make_db)
    sync(b)
    again = sync(b)
    assert again.pulled == again.pushed == 0
    assert not again.counts_checked


def test_a_row_lost_at_the_hub_is_reported_and_cleared_when_it_returns(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, b, staff_id = two_devices(server, make_db)
    sync(b)
    with b.write(capture=False) as session:  # as if a page had been half lost
        lost = session.scalar(select(Member.id).where(Member.first_name == "Bethan"))
        session.execute(delete(MemberTag).where(MemberTag.member_id == lost))
        session.execute(delete(Member).where(Member.id == lost))
    sign_up(a, staff_id, "Dafydd")  # something to move, so that B's next sync checks
    sync(a)
    summary = sync(b)
    assert summary.ok  # the sync itself worked; the difference is a problem to look at
    assert summary.counts_checked
    assert summary.counts_differ["members"] == (3, 4)
    assert "members: 3 here but 4 on the server" in str(summary)
    assert summary.problems and "members" in summary.problems[0]
    assert saved_mismatch(b.get_setting(MISMATCH_SETTING))["members"] == (3, 4)
    assert sync_status(b).count_mismatch == (("members", 3, 4),) and sync_status(b).problems == 1
    # A sync with nothing to move asks for the counts again while a difference stands.
    again = sync(b)
    assert again.pulled == 0 and again.counts_checked and again.counts_differ["members"] == (3, 4)
    # Pulling everything again (cursor 0) brings the row back; the check then agrees.
    b.set_setting(apply.CURSOR_SETTING, "0")
    healed = sync(b)
    assert healed.counts_checked and healed.counts_differ == {}
    assert b.get_setting(MISMATCH_SETTING) is None
    assert members_in(b) == 4
    assert replica(a) == replica(b)


def test_a_row_that_never_reached_the_server_is_reported(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, b, _staff = two_devices(server, make_db)
    sync(b)
    # A row written without its journal entry (a bug the check exists to catch).
    with a.write(capture=False) as session:
        session.add(Member(first_name="Heb", last_name="Gofnod", hub_id=a.hub_id))
    member_id = next(k[1] for k in replica(a) if k[0] == "members")
    edit(a, Member, member_id, notes="something to send")
    summary = sync(a)
    assert summary.counts_differ == {"members": (4, 3)}


def test_no_check_while_local_changes_wait(server: RunningServer, make_db: MakeDb) -> None:
    a, _b, staff_id = two_devices(server, make_db)
    sign_up(a, staff_id, "Elin")  # written, not yet sent
    with a.read() as session:
        assert local_counts(session) is None


@pytest.mark.parametrize("version", [1, 2])
def test_the_check_works_in_both_protocol_versions(
    server: RunningServer, make_db: MakeDb, version: int
) -> None:
    _a, b, _staff = two_devices(server, make_db)
    transport = commands.transport_for(b)
    transport.protocol = version
    summary: SyncSummary = commands.sync_once(b, transport)
    transport.close()
    assert summary.ok, summary.error
    assert summary.counts_checked and summary.counts_differ == {}
    assert members_in(b) == 3
