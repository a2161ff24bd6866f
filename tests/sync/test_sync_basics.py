"""Enrolment and the first syncs against a real hubapp-server: two devices of one hub share its
data, a sync with nothing to do is one small request, pushes are idempotent."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from hubapp.models import Hub, Member, StaffUser, Tag
from hubapp.models.database import Database
from hubapp.server.schema import changes as server_changes
from hubapp.server.schema import conflicts as server_conflicts
from hubapp.sync import commands
from hubapp.sync.conflicts import list_conflicts
from hubapp.sync.engine import pending
from hubapp.sync.protocol import SyncRequest, SyncResponse
from hubapp.sync.transport import Transport
from tests.sync.conftest import RunningServer
from tests.sync.hubs import member, pending_count, replica, server_state, set_up, sign_up, sync

MakeDb = Callable[[str], Database]


def enrolled_pair(server: RunningServer, make_db: MakeDb) -> tuple[Database, Database, str, str]:
    """Desk PC A (set up before enrolling, with one member) and a fresh second device B."""
    a, b = make_db("desk-a"), make_db("desk-b")
    staff_id = set_up(a)
    member_id = sign_up(a, staff_id, "Siân", "Llewellyn")
    hub_id, code = server.add_hub("Llandovery Library")
    assert commands.enrol(a, server.url, code) == hub_id
    sync(a)
    commands.enrol(b, server.url, server.code_for(hub_id))
    sync(b)
    return a, b, hub_id, member_id


def test_enrol_rekeys_the_hub_and_a_second_device_gets_everything(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, b, hub_id, member_id = enrolled_pair(server, make_db)
    assert a.hub_id == hub_id and b.hub_id == hub_id
    with a.read() as session:
        assert session.get(Hub, hub_id) is not None
        assert session.scalar(select(StaffUser.hub_id)) == hub_id
        assert session.scalar(select(Member.hub_id)) == hub_id
    found = member(b, member_id)
    assert found is not None and found.first_name == "Siân"
    assert found.sort_key  # ORM events ran on apply
    with b.read() as session:
        assert session.scalar(select(StaffUser.username)) == "rhian"
    assert pending_count(a) == 0
    assert replica(a) == replica(b)
    server_rows = server_state(server.engine)
    assert {k for k in server_rows} == set(replica(a))


def test_the_token_is_kept_in_a_private_file_without_a_keyring(
    server: RunningServer, make_db: MakeDb
) -> None:
    a = make_db("desk-a")
    hub_id, code = server.add_hub("Talley Hall")
    commands.enrol(a, server.url, code)
    token_file = a.data_dir / "sync-token"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    assert commands.token_store(a, server.url, hub_id).load()


def test_a_sync_with_nothing_to_do_is_one_small_request(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, _b, _hub, _m = enrolled_pair(server, make_db)
    summary = sync(a)
    assert summary.requests == 1
    assert summary.bytes_sent + summary.bytes_received < 1024, summary
    assert summary.pushed == summary.pulled == 0
    assert "pushed 0" in str(summary) and "\n" not in str(summary)


def test_pushing_the_same_batch_twice_stores_it_once(
    server: RunningServer, make_db: MakeDb
) -> None:
    a = make_db("desk-a")
    staff_id = set_up(a)
    _hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    sign_up(a, staff_id, "Aoife", "O'Neill")
    batch = pending(a, 1000)
    assert batch
    transport = commands.transport_for(a)
    request = SyncRequest(cursor=0, pull=False, changes=batch).model_dump(mode="json")
    first = SyncResponse.model_validate(transport.post("/sync", request))
    second = SyncResponse.model_validate(transport.post("/sync", request))
    ids = {c.change_id for c in batch}
    assert set(first.acks) == ids == set(second.acks)
    with server.engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(server_changes))
    assert stored == len(batch)
    # The hub's own sync afterwards finds nothing to resend twice and converges.
    sync(a)
    assert pending_count(a) == 0


def test_a_transport_counts_every_request(server: RunningServer, make_db: MakeDb) -> None:
    a = make_db("desk-a")
    _hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    transport: Transport = commands.transport_for(a)
    summary = commands.sync_once(a, transport)
    assert summary.ok and transport.stats.requests == summary.requests == 1


def test_the_enrol_and_sync_commands_report_in_one_line(
    server: RunningServer, make_db: MakeDb, capsys: pytest.CaptureFixture[str]
) -> None:
    a = make_db("desk-a")
    assert commands.sync_command(a) == 1  # not enrolled yet: says so, exits non-zero
    assert "not enrolled" in capsys.readouterr().err
    assert commands.enrol_command(a, server.url, "WRONG-CODE") == 1
    assert "not known" in capsys.readouterr().err
    _hub, code = server.add_hub("Llandovery Library")
    assert commands.enrol_command(a, server.url, code) == 0
    assert "private file" in capsys.readouterr().out
    assert commands.sync_command(a) == 0
    line = capsys.readouterr().out
    assert line.startswith("Synced: pushed") and line.count("\n") == 1


def test_hubs_joining_the_network_make_no_problems_about_the_shared_vocabulary(
    server: RunningServer, make_db: Callable[[str], Database]
) -> None:
    """Every hub seeds the same skills and interests (same ids), each as their first writer
    (origin_hub_id): the latest wins, and nobody is asked which hub wrote "Gardening" first."""
    hubs = [make_db(name) for name in ("llandovery", "talley", "myddfai")]
    for db, name in zip(hubs, ("Llandovery Library", "Talley Village Hall", "Myddfai Hall"),
                        strict=True):  # fmt: skip
        set_up(db, name)
        _hub, code = server.add_hub(name)
        commands.enrol(db, server.url, code)
    for db in (*hubs, *hubs):
        summary = sync(db)
        assert summary.ok and summary.conflicts == 0
    with hubs[0].read() as session:
        tags = session.scalars(select(Tag)).all()
    assert len(tags) > 10  # the vocabulary is there, shared
    for db in hubs:
        assert list_conflicts(db, include_resolved=True) == []
        assert replica(db)[("tags", tags[0].id)] == replica(hubs[0])[("tags", tags[0].id)]
    with server.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(server_conflicts)).scalar() == 0
