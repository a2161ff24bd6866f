"""Randomised (hypothesis): random edits on three devices, random sync orders and connections cut
at random bytes. At the end every replica equals the server, and every field holds the edit with
the latest stamp: no committed edit is lost, whatever happened on the way."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from hubapp.models import Change, Member
from hubapp.models.database import Database
from hubapp.server import exchange
from hubapp.sync import commands
from tests.sync.conftest import RunningServer
from tests.sync.hubs import (
    edit,
    member,
    replica,
    server_state,
    set_up,
    sign_up,
    sync,
    sync_until_done,
)
from tests.sync.proxy import FaultyProxy

MakeDb = Callable[[str], Database]
FIELDS = ["notes", "address", "heard_about", "deleted"]
_examples = itertools.count()

edits = st.tuples(st.just("edit"), st.integers(0, 2), st.integers(0, 1), st.sampled_from(FIELDS))
syncs = st.tuples(
    st.just("sync"),
    st.integers(0, 2),
    st.one_of(st.none(), st.tuples(st.sampled_from(["up", "down"]), st.integers(1, 3000))),
)


def latest_writes(dbs: list[Database]) -> dict[tuple[str, str], tuple[str, Any]]:
    """(member, field) -> (stamp, value) of the last local write anywhere."""
    out: dict[tuple[str, str], tuple[str, Any]] = {}
    for db in dbs:
        with db.read() as session:
            for change in session.scalars(
                select(Change).where(Change.origin == "local", Change.table_name == "members")
            ):
                for name, value in change.fields.items():
                    key = (change.row_id, name)
                    if key not in out or change.hlc > out[key][0]:
                        out[key] = (change.hlc, value)
    return out


@pytest.mark.slow
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.one_of(edits, syncs), min_size=4, max_size=25),
    page=st.sampled_from([2, 3, exchange.PAGE_SIZE]),  # pulls of many small pages too
)
def test_random_edits_syncs_and_cuts_converge_without_loss(
    server: RunningServer,
    make_db: MakeDb,
    proxy: FaultyProxy,
    steps: list[tuple[Any, ...]],
    page: int,
) -> None:
    default = exchange.PAGE_SIZE
    exchange.PAGE_SIZE = page
    try:
        converge(server, make_db, proxy, steps)
    finally:
        exchange.PAGE_SIZE = default


def converge(
    server: RunningServer, make_db: MakeDb, proxy: FaultyProxy, steps: list[tuple[Any, ...]]
) -> None:
    n = next(_examples)
    devices = [make_db(f"ex{n}-{d}") for d in "abc"]
    staff_id = set_up(devices[0])
    members = [sign_up(devices[0], staff_id, name) for name in ("Alys", "Bethan")]
    hub_id, code = server.add_hub(f"Hub {n}")
    commands.enrol(devices[0], server.url, code)
    for db in devices[1:]:
        commands.enrol(db, server.url, server.code_for(hub_id))
    for db in devices:
        sync(db)
    for number, step in enumerate(steps):
        if step[0] == "edit":
            _, device, which, field = step
            db = devices[device]
            current = member(db, members[which])
            assert current is not None
            value: Any = (not current.deleted) if field == "deleted" else f"{device}:{number}"
            edit(db, Member, members[which], **{field: value})
        else:
            _, device, cut = step
            if cut is not None:
                proxy.cut_next(*cut)
            sync_until_done(devices[device], proxy)
            proxy.plans.clear()
    for db in [*devices, *devices]:  # twice round: everyone sees everyone's last push
        sync(db)
    views = [replica(db) for db in devices]
    assert views[0] == views[1] == views[2]
    state = server_state(server.engine)
    for key, fields in views[0].items():
        assert {k: v for k, v in state[key].items() if k in fields} == fields, key
    for (member_id, name), (_stamp, value) in latest_writes(devices).items():
        assert views[0][("members", member_id)][name] == value, (member_id, name)
