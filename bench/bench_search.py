"""Search-as-you-type and duplicate-check latency at 100,000 members.

    .venv/bin/python bench/bench_search.py --members 100000

Each search is what the Members list does per keystroke: a fresh read session, the keys of
every match in name order (services.member_search.search_member_keys) and the rows of the
first visible page (member_rows of the first 40 keys). Each duplicate check is
find_likely_duplicates with a realistic probe. Every query runs --repeats times after one
cold run; the figures are medians and 95th percentiles in milliseconds.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from common import machine, median_ms, p95_ms, seeded_database
from sqlalchemy import select

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.services.duplicates import DuplicateProbe, find_likely_duplicates
from hubapp.services.member_search import (
    MemberQuery,
    member_rows,
    search_first_keys,
    search_member_keys,
)

TARGET_MS = 30.0
PAGE = 40
FIRST_KEYS = 200  # as the members list (hubapp/ui/members/member_list.py) asks for
# What a librarian types, one key at a time.
TYPED = ("llew", "jon", "sa19", "07700 9", "sian@")


def keystrokes(word: str) -> list[str]:
    return [word[:i] for i in range(1, len(word) + 1) if word[i - 1] != " "]


def search_once(db: Database, typed: str) -> int:
    """What the members list does on a keystroke before it can show anything: the count and
    the first keys in name order (search_first_keys), then the rows of the visible page."""
    with db.read() as session:
        first = search_first_keys(session, MemberQuery(text=typed), FIRST_KEYS)
        member_rows(session, first.keys[:PAGE])
    return first.total


def all_keys_once(db: Database, typed: str) -> int:
    """Every matching key in name order: what the list fetches in the background, after it
    has shown the first page, so that the scroll bar covers every match."""
    with db.read() as session:
        keys = search_member_keys(session, MemberQuery(text=typed))
    return len(keys)


def timed(fn: Callable[[], object], repeats: int) -> tuple[list[float], float, object]:
    started = time.perf_counter()
    result = fn()  # the cold run, reported apart
    cold = time.perf_counter() - started
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples, cold, result


def probes(db: Database, count: int) -> dict[str, list[DuplicateProbe]]:
    """Probes built from real seeded members (so each finds its match), and a new person."""
    rng = random.Random(7)
    with db.read() as session:
        rows = session.execute(
            select(Member.first_name, Member.last_name, Member.email, Member.phone, Member.postcode)
            .where(Member.email.is_not(None), Member.phone.is_not(None))
            .limit(count * 40)
        ).all()
    picked = rng.sample(rows, k=min(count, len(rows)))
    return {
        "name + postcode": [
            DuplicateProbe(first_name=r[0], last_name=r[1], postcode=r[4]) for r in picked
        ],
        "email": [DuplicateProbe(email=r[2]) for r in picked],
        "phone": [DuplicateProbe(phone=r[3]) for r in picked],
        "everything typed": [DuplicateProbe(r[0], r[1], r[2], r[3], r[4]) for r in picked],
        "a new person": [
            DuplicateProbe("Gwenllïan", "Ó Briain", "gob@example.org", "+447700111222", "SA20 0QQ")
        ],
    }


def check_duplicates(db: Database, probe_list: list[DuplicateProbe]) -> Callable[[], object]:
    cycle = iter(range(10**9))

    def run() -> object:
        probe = probe_list[next(cycle) % len(probe_list)]
        with db.read() as session:
            return find_likely_duplicates(session, probe)

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--fresh", action="store_true", help="seed a new database first")
    args = parser.parse_args()
    db = seeded_database(args.members, fresh=args.fresh)
    print(f"Machine: {machine()}")
    print(f"Members: {args.members:,}; {args.repeats} runs per query after one cold run.\n")

    print("Search as you type (count + first keys in name order + first page of 40 rows)")
    print(f"{'typed':<12}{'matches':>9}{'cold ms':>9}{'median':>9}{'p95':>9}")
    medians: list[float] = []
    worst_p95 = 0.0
    for word in TYPED:
        for typed in keystrokes(word):
            samples, cold, found = timed(lambda t=typed: search_once(db, t), args.repeats)
            medians.append(median_ms(samples))
            worst_p95 = max(worst_p95, p95_ms(samples))
            print(
                f"{typed!r:<12}{found:>9,}{cold * 1000:>9.1f}{median_ms(samples):>9.1f}"
                f"{p95_ms(samples):>9.1f}"
            )
    samples, cold, found = timed(lambda: search_once(db, ""), args.repeats)
    print(
        f"{'(nothing)':<12}{found:>9,}{cold * 1000:>9.1f}{median_ms(samples):>9.1f}"
        f"{p95_ms(samples):>9.1f}   (the list as it opens)"
    )
    overall = sorted(medians)[len(medians) // 2]
    print(
        f"Median of the keystroke medians: {overall:.1f} ms (target {TARGET_MS:.0f} ms: "
        f"{overall / TARGET_MS:.2f}x); slowest keystroke median {max(medians):.1f} ms "
        f"({max(medians) / TARGET_MS:.2f}x); worst p95 {worst_p95:.1f} ms\n"
    )

    print("Every matching key in name order (fetched in the background after the first page)")
    print(f"{'typed':<12}{'matches':>9}{'median':>9}{'p95':>9}")
    for typed in ("l", "s", "jon", "llew", "sa19", "07700 9"):
        samples, _cold, found = timed(lambda t=typed: all_keys_once(db, t), args.repeats)
        print(f"{typed!r:<12}{found:>9,}{median_ms(samples):>9.1f}{p95_ms(samples):>9.1f}")
    print()

    print("Duplicate check (find_likely_duplicates)")
    print(f"{'probe':<18}{'matches':>9}{'cold ms':>9}{'median':>9}{'p95':>9}")
    dup_medians = []
    for label, probe_list in probes(db, args.repeats).items():
        samples, cold, found = timed(check_duplicates(db, probe_list), args.repeats)
        dup_medians.append(median_ms(samples))
        count = len(found) if isinstance(found, list) else 0
        print(
            f"{label:<18}{count:>9}{cold * 1000:>9.1f}{median_ms(samples):>9.1f}"
            f"{p95_ms(samples):>9.1f}"
        )
    print(
        f"Slowest duplicate-check median: {max(dup_medians):.1f} ms "
        f"(target {TARGET_MS:.0f} ms: {max(dup_medians) / TARGET_MS:.2f}x)"
    )
    db.close()


if __name__ == "__main__":
    main()
