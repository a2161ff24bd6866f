"""The hybrid logical clock: stamps never go backwards, move past what they observe, survive
hours of clock skew, and sort the same as text and as tuples."""

from __future__ import annotations

import random

from hubapp.models.hlc import COUNTER_LIMIT, HybridLogicalClock, Stamp

HOUR_MS = 3_600_000
DAY_MS = 24 * HOUR_MS
T0 = 1_795_000_000_000  # a wall time in late 2026, in milliseconds


class FakeWall:
    """A wall clock the test sets by hand."""

    def __init__(self, millis: int) -> None:
        self.millis = millis

    def __call__(self) -> int:
        return self.millis


def test_follows_wall_time_when_it_moves_forward() -> None:
    wall = FakeWall(T0)
    clock = HybridLogicalClock("node-a", wall_millis=wall)
    assert clock.now() == Stamp(T0, 0, "node-a")
    wall.millis += 5
    assert clock.now() == Stamp(T0 + 5, 0, "node-a")


def test_monotonic_when_the_wall_clock_goes_backwards() -> None:
    wall = FakeWall(T0)
    clock = HybridLogicalClock("node-a", wall_millis=wall)
    stamps = [clock.now()]
    wall.millis -= HOUR_MS  # someone "corrects" the PC's clock by an hour
    stamps += [clock.now() for _ in range(3)]
    wall.millis += 10  # still behind the last stamp
    stamps.append(clock.now())
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == len(stamps)
    assert all(s.millis == T0 for s in stamps)
    assert [s.counter for s in stamps] == [0, 1, 2, 3, 4]


def test_same_millisecond_increments_the_counter() -> None:
    clock = HybridLogicalClock("n", wall_millis=FakeWall(T0))
    assert [clock.now().counter for _ in range(4)] == [0, 1, 2, 3]


def test_counter_overflow_borrows_the_next_millisecond() -> None:
    clock = HybridLogicalClock("n", Stamp(T0, COUNTER_LIMIT, "n"), wall_millis=FakeWall(T0))
    stamp = clock.now()
    assert stamp == Stamp(T0 + 1, 0, "n")
    assert stamp > Stamp(T0, COUNTER_LIMIT, "n")


def test_observe_moves_past_a_remote_stamp_from_the_future() -> None:
    wall = FakeWall(T0)
    clock = HybridLogicalClock("local", wall_millis=wall)
    clock.now()
    remote = Stamp(T0 + 2 * HOUR_MS, 7, "remote")  # a hub whose clock is two hours fast
    clock.observe(remote)
    after = clock.now()
    assert after > remote
    assert after.millis == remote.millis
    assert after.counter == remote.counter + 1


def test_observe_an_older_remote_stamp_changes_nothing_visible() -> None:
    wall = FakeWall(T0)
    clock = HybridLogicalClock("local", wall_millis=wall)
    before = clock.now()
    clock.observe(Stamp(T0 - HOUR_MS, 99, "remote"))
    assert clock.now() > before


def test_observe_same_millisecond_takes_the_larger_counter() -> None:
    clock = HybridLogicalClock("local", wall_millis=FakeWall(T0))
    clock.now()
    clock.observe(Stamp(T0, 40, "remote"))
    assert clock.now() == Stamp(T0, 41, "local")


def test_when_the_wall_is_ahead_of_everything_wall_time_wins() -> None:
    wall = FakeWall(T0)
    clock = HybridLogicalClock("local", wall_millis=wall)
    clock.now()
    wall.millis = T0 + 1000
    clock.observe(Stamp(T0 + 500, 3, "remote"))
    assert clock.now() == Stamp(T0 + 1000, 1, "local")


def test_a_day_of_skew_either_way_loses_no_ordering() -> None:
    """Two hubs, one a day fast and one a day slow, exchanging stamps: each causally later
    event gets a larger stamp than everything its hub has seen."""
    fast_wall, slow_wall = FakeWall(T0 + DAY_MS), FakeWall(T0 - DAY_MS)
    fast = HybridLogicalClock("fast", wall_millis=fast_wall)
    slow = HybridLogicalClock("slow", wall_millis=slow_wall)
    seen_by_slow: list[Stamp] = []
    for step in range(20):
        stamp = fast.now()
        slow.observe(stamp)
        seen_by_slow.append(stamp)
        reply = slow.now()
        assert reply > max(seen_by_slow)
        fast.observe(reply)
        assert fast.now() > reply
        fast_wall.millis += step
        slow_wall.millis += 3 * step
    # The slow hub's stamps stay near the fast hub's time, not a day behind.
    assert slow.now().millis >= T0 + DAY_MS


def test_resuming_from_a_saved_stamp_never_goes_backwards() -> None:
    saved = Stamp(T0 + DAY_MS, 12, "n")
    clock = HybridLogicalClock("n", saved, wall_millis=FakeWall(T0))  # wall a day behind
    assert clock.now() > saved


def test_string_order_matches_tuple_order() -> None:
    rng = random.Random(20261123)
    stamps = [
        Stamp(
            rng.choice([0, 1, T0, T0 + 1, T0 + DAY_MS, 10**15]),
            rng.choice([0, 1, 9, 10, 99_999]),
            rng.choice(["0190a1b2-0000-7000-8000-000000000001", "a", "b", "node-z"]),
        )
        for _ in range(300)
    ]
    by_tuple = sorted(stamps)
    by_text = sorted(stamps, key=str)
    assert [str(s) for s in by_tuple] == [str(s) for s in by_text]


def test_text_round_trip_with_a_uuid_node() -> None:
    node = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"  # node ids are UUIDs, full of dashes
    stamp = Stamp(T0, 42, node)
    assert str(stamp) == f"{T0:016d}-00042-{node}"
    assert Stamp.parse(str(stamp)) == stamp
