"""A connection cut at any byte, in either direction, followed by retries, leaves hub and server
identical with nothing lost and nothing duplicated (through a fault-injecting TCP proxy)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from hubapp.models import Change, Member
from hubapp.models.database import Database
from hubapp.server.schema import changes as server_changes
from hubapp.sync import commands
from tests.sync.conftest import RunningServer
from tests.sync.hubs import (
    edit,
    pending_count,
    replica,
    server_state,
    set_up,
    sign_up,
    sync,
    sync_until_done,
)
from tests.sync.proxy import FaultyProxy

MakeDb = Callable[[str], Database]
OFFSETS = [1, 30, 90, 160, 250, 330, 420, 520, 640, 800]


def local_changes(db: Database) -> int:
    with db.read() as session:
        count = session.scalar(
            select(func.count()).select_from(Change).where(Change.origin == "local")
        )
    return int(count or 0)


@pytest.mark.parametrize("direction", ["up", "down"])
def test_cuts_at_any_byte_lose_nothing_and_duplicate_nothing(
    server: RunningServer, make_db: MakeDb, proxy: FaultyProxy, direction: str
) -> None:
    a, b = make_db("desk-a"), make_db("desk-b")
    staff_id = set_up(a)
    hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    commands.enrol(b, server.url, server.code_for(hub_id))
    names = ["Alys", "Bethan", "Cai", "Dafydd", "Elin", "Ffion", "Gareth", "Huw", "Iolo", "Jac"]
    ids = []
    failures = 0
    for n, offset in enumerate(OFFSETS):
        ids.append(sign_up(a, staff_id, names[n]))
        if n:
            edit(a, Member, ids[n - 1], notes=f"edit {n}")
        for db in (a, b):
            proxy.cut_next(direction, offset)
            failures += sum(not s.ok for s in sync_until_done(db, proxy))
            proxy.plans.clear()  # an offset beyond this sync's traffic cuts nothing
    # The faults really happened, and each cost at most one failed attempt (a cut that lands
    # after the last byte the client needed, e.g. in the TCP close, can cost none).
    assert proxy.cuts >= len(OFFSETS)
    assert len(OFFSETS) // 2 <= failures <= proxy.cuts
    sync(a)
    sync(b)
    assert pending_count(a) == 0
    assert replica(a) == replica(b)
    state = server_state(server.engine)
    assert set(state) == set(replica(a))
    with server.engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(server_changes))
    assert stored == local_changes(a) + local_changes(b)
