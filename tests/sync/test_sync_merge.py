"""Merging: edits to different fields both survive in either order; the same field gets the same
winner everywhere with the loser kept as a conflict; delete against concurrent edit follows the
documented rule; a hub clock a day wrong loses no later edit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select

from hubapp.models import Member, SyncConflict
from hubapp.models.database import Database
from hubapp.sync import commands
from hubapp.sync.conflicts import (
    keep_winner,
    list_conflicts,
    problem_counts,
    restore_losing_value,
)
from tests.sync.conftest import RunningServer
from tests.sync.hubs import edit, member, replica, server_state, set_up, sign_up, sync

MakeDb = Callable[[str], Database]
DAY_MS = 24 * 60 * 60 * 1000


def two_devices(server: RunningServer, make_db: MakeDb) -> tuple[Database, Database, str]:
    a, b = make_db("desk-a"), make_db("desk-b")
    staff_id = set_up(a)
    member_id = sign_up(a, staff_id, "Gwenllïan", "ap Dafydd")
    hub_id, code = server.add_hub("Llandovery Library")
    commands.enrol(a, server.url, code)
    sync(a)
    commands.enrol(b, server.url, server.code_for(hub_id))
    sync(b)
    return a, b, member_id


def conflicts(db: Database) -> list[SyncConflict]:
    with db.read() as session:
        return list(session.scalars(select(SyncConflict)))


def assert_converged(server: RunningServer, *dbs: Database) -> None:
    first = replica(dbs[0])
    for db in dbs[1:]:
        assert replica(db) == first
    state = server_state(server.engine)
    for key, fields in first.items():
        assert {k: v for k, v in state[key].items() if k in fields} == fields, key


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_edits_to_different_fields_both_survive(
    server: RunningServer, make_db: MakeDb, order: str
) -> None:
    a, b, member_id = two_devices(server, make_db)
    edit(a, Member, member_id, phone="+441550720999")
    edit(b, Member, member_id, notes="Keen on the community garden")
    first, second = (a, b) if order == "ab" else (b, a)
    sync(first)
    sync(second)
    sync(first)
    for db in (a, b):
        found = member(db, member_id)
        assert found is not None
        assert found.phone == "+441550720999"
        assert found.notes == "Keen on the community garden"
    assert_converged(server, a, b)
    assert conflicts(a) == conflicts(b) == []


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_the_same_field_has_one_winner_everywhere_and_the_loser_is_kept(
    server: RunningServer, make_db: MakeDb, order: str
) -> None:
    a, b, member_id = two_devices(server, make_db)
    edit(a, Member, member_id, notes="from desk A")
    edit(b, Member, member_id, notes="from desk B")  # later stamp: B's value wins
    first, second = (a, b) if order == "ab" else (b, a)
    sync(first)
    sync(second)
    sync(first)
    for db in (a, b):
        found = member(db, member_id)
        assert found is not None and found.notes == "from desk B"
    assert_converged(server, a, b)
    for db in (a, b):
        kept = conflicts(db)
        assert len(kept) == 1, [(c.winner_value, c.loser_value, c.detected_by) for c in kept]
        assert kept[0].field == "notes"
        assert kept[0].winner_value == "from desk B"
        assert kept[0].loser_value == "from desk A"
        assert kept[0].loser_hub_id == a.hub_id


def test_a_sequential_edit_is_not_a_conflict(server: RunningServer, make_db: MakeDb) -> None:
    a, b, member_id = two_devices(server, make_db)
    edit(a, Member, member_id, notes="first")
    sync(a)
    sync(b)
    edit(b, Member, member_id, notes="second, having seen the first")
    sync(b)
    sync(a)
    assert member(a, member_id).notes == "second, having seen the first"  # type: ignore[union-attr]
    assert conflicts(a) == conflicts(b) == []


def test_delete_against_a_concurrent_edit(server: RunningServer, make_db: MakeDb) -> None:
    """The rule: `deleted` is a field like any other. The row stays deleted, the edit to
    another field is kept, and an un-delete wins only if it is the later write."""
    a, b, member_id = two_devices(server, make_db)
    edit(a, Member, member_id, deleted=True)
    edit(b, Member, member_id, notes="edited while A deleted")
    sync(b)
    sync(a)
    sync(b)
    for db in (a, b):
        found = member(db, member_id)
        assert found is not None and found.deleted is True
        assert found.notes == "edited while A deleted"
    edit(b, Member, member_id, deleted=False)  # a later un-delete revives it with the edit
    sync(b)
    sync(a)
    restored = member(a, member_id)
    assert restored is not None and restored.deleted is False
    assert restored.notes == "edited while A deleted"
    assert_converged(server, a, b)


@pytest.mark.parametrize("skewed", ["a", "b"])
@pytest.mark.parametrize("skew_ms", [-DAY_MS, DAY_MS])
def test_a_clock_a_day_wrong_loses_no_later_edit(
    server: RunningServer, make_db: MakeDb, skewed: str, skew_ms: int
) -> None:
    a, b, member_id = two_devices(server, make_db)
    wrong = a if skewed == "a" else b
    wall = wrong.clock._wall
    wrong.clock._wall = lambda: wall() + skew_ms  # that computer's date is a day out
    edit(a, Member, member_id, notes="A's edit")
    sync(a)
    sync(b)  # B sees A's edit, and its clock moves past A's stamp
    edit(b, Member, member_id, notes="B's later edit")
    sync(b)
    sync(a)
    for db in (a, b):
        assert member(db, member_id).notes == "B's later edit"  # type: ignore[union-attr]
    assert conflicts(a) == conflicts(b) == []


def test_restoring_the_losing_value_wins_everywhere(server: RunningServer, make_db: MakeDb) -> None:
    a, b, member_id = two_devices(server, make_db)
    edit(a, Member, member_id, notes="from desk A")
    edit(b, Member, member_id, notes="from desk B")
    sync(a)
    sync(b)
    sync(a)
    assert problem_counts(a) == (0, 1, 0)
    (kept,) = list_conflicts(a)
    assert (kept.winner_value, kept.loser_value) == ("from desk B", "from desk A")
    restore_losing_value(a, kept.id, staff_user_id=None)
    assert list_conflicts(a) == [] and list_conflicts(a, include_resolved=True)[0].resolved
    sync(a)
    sync(b)
    for db in (a, b):
        assert member(db, member_id).notes == "from desk A"  # type: ignore[union-attr]
    keep_winner(b, list_conflicts(b)[0].id, staff_user_id=None)
    assert problem_counts(b) == (0, 0, 0)
    assert_converged(server, a, b)
