"""The sync status the app shows, read from the hub's database alone: not enrolled, synced with
its time, changes waiting, refused changes, and open conflicts told as names and values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.sync import commands
from hubapp.sync.conflicts import keep_winner
from hubapp.sync.status import open_conflicts, sync_status
from tests.sync.conftest import RunningServer
from tests.sync.hubs import edit, set_up, sign_up, sync
from tests.sync.test_sync_failures import forge

MakeDb = Callable[[str], Database]


def test_a_hub_never_enrolled_says_so_and_counts_its_outbox(make_db: MakeDb) -> None:
    db = make_db("desk-a")
    status = sync_status(db)
    assert not status.enrolled and status.server_url is None
    assert status.last_synced_at is None
    assert status.waiting == 0 and status.problems == 0
    staff_id = set_up(db)
    sign_up(db, staff_id, "Siân", "Llewellyn")
    after = sync_status(db)
    assert not after.enrolled
    assert after.waiting >= 3  # the hub, its administrator and the member at least


def test_after_a_sync_nothing_waits_and_the_time_is_kept(
    sqlite_server: RunningServer, make_db: MakeDb
) -> None:
    db = make_db("desk-a")
    staff_id = set_up(db)
    _hub, code = sqlite_server.add_hub("Llandovery Library")
    commands.enrol(db, sqlite_server.url, code)
    before = datetime.now(UTC) - timedelta(seconds=1)
    sync(db)
    status = sync_status(db)
    assert status.enrolled and status.server_url == sqlite_server.url
    assert status.waiting == 0
    assert status.last_synced_at is not None and status.last_synced_at >= before
    member_id = sign_up(db, staff_id, "Rhodri", "Smith-Jones")
    edit(db, Member, member_id, notes="Keen on the choir")
    assert sync_status(db).waiting == 2
    sync(db)
    assert sync_status(db).waiting == 0


def test_a_refused_change_is_a_problem_not_a_waiting_change(
    sqlite_server: RunningServer, make_db: MakeDb
) -> None:
    db = make_db("desk-a")
    staff_id = set_up(db)
    _hub, code = sqlite_server.add_hub("Llandovery Library")
    commands.enrol(db, sqlite_server.url, code)
    member_id = sign_up(db, staff_id, "Ciarán", "Ó Briain")
    forge(db, "members", member_id, {"shoe_size": 9})
    sync(db)
    status = sync_status(db)
    assert status.waiting == 0
    assert status.refused == 1 and status.problems == 1


def test_an_open_conflict_names_the_member_and_says_which_value_won(
    sqlite_server: RunningServer, make_db: MakeDb
) -> None:
    a, b = make_db("desk-a"), make_db("desk-b")
    staff_id = set_up(a)
    member_id = sign_up(a, staff_id, "Gwenllïan", "ap Dafydd")
    hub_id, code = sqlite_server.add_hub("Llandovery Library")
    commands.enrol(a, sqlite_server.url, code)
    sync(a)
    commands.enrol(b, sqlite_server.url, sqlite_server.code_for(hub_id))
    sync(b)
    edit(a, Member, member_id, notes="from desk A")
    edit(b, Member, member_id, notes="from desk B")  # the later write: it wins
    sync(a)
    sync(b)
    sync(a)
    for db in (a, b):
        assert sync_status(db).conflicts == 1
    [seen_at_a] = open_conflicts(a)
    assert seen_at_a.subject == "Gwenllïan ap Dafydd"
    assert seen_at_a.table == "members" and seen_at_a.field == "notes"
    assert (seen_at_a.kept, seen_at_a.other) == ("from desk B", "from desk A")
    assert seen_at_a.other_here and not seen_at_a.kept_here
    assert seen_at_a.other_hub == "Llandovery Library"
    [seen_at_b] = open_conflicts(b)
    assert seen_at_b.kept_here and not seen_at_b.other_here
    keep_winner(a, seen_at_a.id, staff_user_id=staff_id)
    assert open_conflicts(a) == [] and sync_status(a).conflicts == 0
