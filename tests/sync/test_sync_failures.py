"""When things go wrong: a rejected record does not block the others, an old protocol is told to
update and keeps its queue, a revoked device gets 401, out-of-scope gets 403, a failure while
applying a page leaves nothing of it, and transient errors are retried with backoff."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import requests
from sqlalchemy import select

from hubapp.models import Change, ChangeStatus, Group, GroupMembership
from hubapp.models.base import stable_id
from hubapp.models.database import Database
from hubapp.server import admin
from hubapp.services.groups import GroupDetails, enlist_member, register_group
from hubapp.sync import apply, commands
from hubapp.sync.protocol import PROTOCOL_HEADER
from hubapp.sync.transport import NotAuthorised, Retry, TransientError, Transport, UpdateNeeded
from tests.sync.conftest import RunningServer
from tests.sync.hubs import member, pending_count, replica, set_up, sign_up, sync

MakeDb = Callable[[str], Database]


def enrolled(server: RunningServer, make_db: MakeDb, name: str) -> tuple[Database, str]:
    db = make_db(name)
    staff_id = set_up(db, name)
    _hub, code = server.add_hub(name)
    commands.enrol(db, server.url, code)
    return db, staff_id


def forge(db: Database, table: str, row_id: str, fields: dict[str, Any]) -> str:
    """A journal entry the services would never write (as if from a buggy or hostile hub)."""
    with db.write(capture=False) as session:
        change = Change(
            table_name=table,
            row_id=row_id,
            op="update",
            fields=fields,
            hlc=str(db.clock.now()),
            origin="local",
            status=ChangeStatus.PENDING,
            attempts=0,
        )
        session.add(change)
        session.flush()
        return change.change_id


def status_of(db: Database, change_id: str) -> Change:
    with db.read() as session:
        found = session.scalar(select(Change).where(Change.change_id == change_id))
        assert found is not None
        return found


def test_a_rejected_record_is_set_aside_and_does_not_block_the_others(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, staff_id = enrolled(server, make_db, "Llandovery Library")
    first = sign_up(a, staff_id, "Ciarán", "Ó Briain")
    bad_field = forge(a, "members", first, {"shoe_size": 9})
    bad_table = forge(a, "secrets", first, {"x": 1})
    bad_value = forge(a, "members", first, {"first_name": 42})
    # A number the server could not send back as it is (orjson reads it as a float).
    too_big = forge(a, "members", first, {"availability": {"mon": [2**70 + 1]}})
    second = sign_up(a, staff_id, "Rhodri", "Smith-Jones")
    summary = commands.sync_once(a)
    assert summary.ok and summary.rejected == 4
    for change_id, code in (
        (bad_field, "bad_field"),
        (bad_table, "unknown_table"),
        (bad_value, "bad_value"),
        (too_big, "bad_value"),
    ):
        change = status_of(a, change_id)
        assert change.status == ChangeStatus.REJECTED
        assert change.last_error is not None and change.last_error.startswith(code)
    assert pending_count(a) == 0
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(a.hub_id or ""))
    sync(b)
    assert member(b, first) is not None and member(b, second) is not None
    assert member(b, first).first_name == "Ciarán"  # type: ignore[union-attr]


def test_an_old_protocol_is_told_to_update_and_keeps_its_queue(
    server: RunningServer, make_db: MakeDb
) -> None:
    a, staff_id = enrolled(server, make_db, "Llandovery Library")
    sign_up(a, staff_id, "Aoife")
    waiting = pending_count(a)
    old = commands.transport_for(a)
    old.protocol = 0
    summary = commands.sync_once(a, old)
    assert not summary.ok and "update hubapp" in (summary.error or "")
    assert pending_count(a) == waiting
    with pytest.raises(UpdateNeeded):
        old.post("/sync", {"protocol": 0, "cursor": 0, "changes": []})
    answer = requests.post(
        server.url + "/sync", json={}, headers={PROTOCOL_HEADER: "0"}, timeout=10
    )
    assert answer.status_code == 426 and "update hubapp" in answer.json()["detail"]
    assert sync(a).pushed == waiting  # the current version sends the whole queue


def test_a_revoked_device_gets_401_with_a_reason(server: RunningServer, make_db: MakeDb) -> None:
    a, _staff = enrolled(server, make_db, "Llandovery Library")
    sync(a)
    device_id = a.get_setting(commands.DEVICE_SETTING)
    assert device_id and admin.revoke_device(server.engine, device_id)
    with pytest.raises(NotAuthorised, match="withdrawn"):
        commands.transport_for(a).post("/sync", {"cursor": 0, "changes": []})
    summary = commands.sync_once(a)
    assert not summary.ok and "withdrawn" in (summary.error or "")
    unknown = requests.post(
        server.url + "/sync",
        json={"cursor": 0},
        headers={"Authorization": "Bearer nope"},
        timeout=10,
    )
    assert unknown.status_code == 401 and unknown.json()["detail"]


def test_a_member_stays_within_scope_until_a_group_brings_them_in(
    server: RunningServer, make_db: MakeDb
) -> None:
    x, x_staff = enrolled(server, make_db, "Llandovery Library")
    y, y_staff = enrolled(server, make_db, "Talley Village Hall")
    member_id = sign_up(x, x_staff, "Siân", "Llewellyn")
    group = register_group(y, GroupDetails(name="Talley Gardeners"), staff_user_id=y_staff)
    sync(x)
    sync(y)
    sync(x)
    assert member(y, member_id) is None  # registered at X only
    with x.read() as session:
        assert session.get(Group, group.id) is not None  # public data goes everywhere
    # Y asking for X's member gets 403 and nothing else.
    transport = commands.transport_for(y)
    answer = transport.session.get(
        f"{server.url}/rows/members/{member_id}",
        headers={"Authorization": f"Bearer {transport.token}", PROTOCOL_HEADER: "1"},
        timeout=10,
    )
    assert answer.status_code == 403 and set(answer.json()) == {"detail"}
    # Y writing to X's member is rejected, that record only.
    forged = forge(y, "members", member_id, {"notes": "not ours"})
    summary = sync(y)
    assert summary.rejected == 1
    assert status_of(y, forged).last_error.startswith("out_of_scope")  # type: ignore[union-attr]
    # X enlists the member in Y's group: now Y holds them, whole.
    enlist_member(x, group.id, member_id, staff_user_id=x_staff)
    sync(x)
    sync(y)
    found = member(y, member_id)
    assert found is not None and found.first_name == "Siân" and found.notes is None
    with y.read() as session:
        assert (
            session.get(GroupMembership, stable_id("group_membership", group.id, member_id))
            is not None
        )
    x_view, y_view = replica(x), replica(y)
    for key, fields in x_view.items():
        if key[0] in {"members", "member_tags", "consent_records", "group_memberships"}:
            assert y_view[key] == fields


def test_a_failure_while_applying_a_page_applies_nothing_and_the_retry_completes(
    server: RunningServer, make_db: MakeDb, monkeypatch: pytest.MonkeyPatch
) -> None:
    a, staff_id = enrolled(server, make_db, "Llandovery Library")
    names = ["Alys", "Bethan", "Cai", "Dafydd", "Elin"]
    ids = [sign_up(a, staff_id, name) for name in names]
    sync(a)
    b = make_db("desk-b")
    commands.enrol(b, server.url, server.code_for(a.hub_id or ""))
    real = apply.PageMerge.apply_row
    calls = {"n": 0}

    def dies_halfway(self: apply.PageMerge, *args: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 12:
            raise RuntimeError("power cut")
        real(self, *args)

    monkeypatch.setattr(apply.PageMerge, "apply_row", dies_halfway)
    with pytest.raises(RuntimeError, match="power cut"):
        commands.sync_once(b)
    assert b.get_setting(apply.CURSOR_SETTING) is None
    assert replica(b) == {}
    with b.read() as session:
        assert session.scalars(select(Change)).first() is None
    monkeypatch.setattr(apply.PageMerge, "apply_row", real)
    sync(b)
    assert all(member(b, i) is not None for i in ids)
    assert replica(b) == replica(a)


def test_transient_errors_are_retried_with_backoff(make_db: MakeDb) -> None:
    delays: list[float] = []
    transport = Transport(
        "http://127.0.0.1:9", "token", timeout=(0.5, 0.5), retry=Retry(4, 0.5, 30, delays.append)
    )
    with pytest.raises(TransientError):
        transport.post("/sync", {"cursor": 0})
    assert transport.stats.requests == 4 and len(delays) == 3
    assert all(0 <= d <= 0.5 * 2**n for n, d in enumerate(delays, start=1))
