"""Why broad searches are slow at 100,000 members, and what would make them fast: compares,
keystroke by keystroke, the current strategy (every matching key, sorted by name) with a
two-phase one (count the matches, then fetch only the first page; the rest of the keys can
follow in the background or as the list scrolls).

    .venv/bin/python bench/search_strategies.py --members 100000

Read-only on the benchmark database: the variant full-text index with one-letter prefixes
is built in a TEMP table on this connection only.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import time
from collections.abc import Callable

from common import CACHE_ROOT, machine, seeded_database

from hubapp.services.member_search import fts_expression

KEYSTROKES = (
    "l",
    "ll",
    "lle",
    "llew",
    "j",
    "jo",
    "jon",
    "s",
    "sa",
    "sa1",
    "sa19",
    "0",
    "07",
    "0770",
    "07700 9",
    "si",
    "sian",
    "sian@",
)
PAGE = 40
# Above this many matches, walking the name index until a page is found beats sorting them.
WALK_ABOVE = 3_000

CURRENT = (
    "SELECT m.rowid FROM members m WHERE m.deleted = 0 AND m.erased_at IS NULL AND m.rowid IN "
    "(SELECT rowid FROM {fts} WHERE {fts} MATCH ?) ORDER BY m.sort_key, m.rowid"
)
# The index only holds live members (its triggers see to it), so no tombstone test is needed.
WALK_PAGE = (
    "SELECT rowid FROM members INDEXED BY ix_members_sort_key WHERE rowid IN "
    "(SELECT rowid FROM {fts} WHERE {fts} MATCH ?) ORDER BY sort_key, rowid LIMIT ?"
)
SORTED_PAGE = CURRENT + " LIMIT ?"
COUNT = "SELECT count(*) FROM {fts} WHERE {fts} MATCH ?"
ROWS = (
    "SELECT rowid, id, first_name, last_name, preferred_name, email, phone, postcode, "
    "created_at FROM members WHERE rowid IN ({keys})"
)


def page_rows(conn: sqlite3.Connection, keys: list[int]) -> None:
    conn.execute(ROWS.format(keys=",".join(str(k) for k in keys[:PAGE]))).fetchall()


def current(conn: sqlite3.Connection, fts: str, expr: str) -> int:
    keys = [r[0] for r in conn.execute(CURRENT.format(fts=fts), (expr,))]
    page_rows(conn, keys)
    return len(keys)


def two_phase(conn: sqlite3.Connection, fts: str, expr: str) -> int:
    count = int(conn.execute(COUNT.format(fts=fts), (expr,)).fetchone()[0])
    sql = WALK_PAGE if count > WALK_ABOVE else SORTED_PAGE
    keys = [r[0] for r in conn.execute(sql.format(fts=fts), (expr, PAGE))]
    page_rows(conn, keys)
    return count


def build_one_letter_index(conn: sqlite3.Connection) -> float:
    """A copy of members_fts with prefix = '1 2 3', filled by the insert trigger's own SQL."""
    trigger = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'members_fts_insert'"
    ).fetchone()[0]
    body = trigger[trigger.index("SELECT") : trigger.rindex("END")].strip().rstrip(";")
    where = body.rfind("WHERE")
    select = f"{body[:where]} FROM members AS NEW {body[where:]}"
    conn.execute(
        "CREATE VIRTUAL TABLE temp.fts1 USING fts5(name, contact, postcode, "
        "tokenize = \"unicode61 remove_diacritics 2\", prefix = '1 2 3')"
    )
    started = time.perf_counter()
    conn.execute(f"INSERT INTO temp.fts1 (rowid, name, contact, postcode) {select}")
    return time.perf_counter() - started


def median_ms(fn: Callable[[], int], repeats: int) -> tuple[float, int]:
    result = fn()
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args()
    seeded_database(args.members).close()
    path = CACHE_ROOT / f"members-{args.members}" / "hubapp.sqlite3"
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    print(f"Machine: {machine()}")
    print("Query plan of the current search:")
    for row in conn.execute("EXPLAIN QUERY PLAN " + CURRENT.format(fts="members_fts"), ("x",)):
        print("   ", row[3])
    print(f"Building a one-letter-prefix copy of the index … {build_one_letter_index(conn):.1f} s")
    print(f"\nMedians of {args.repeats} runs, ms (first page of {PAGE} rows included)")
    print(f"{'typed':<10}{'matches':>9}{'current':>10}{'2-phase':>10}{'2-ph, p1':>10}")
    totals = {"current": [], "two": [], "two1": []}
    for typed in KEYSTROKES:
        expr = fts_expression(typed)
        assert expr is not None
        now, found = median_ms(lambda e=expr: current(conn, "members_fts", e), args.repeats)
        two, _ = median_ms(lambda e=expr: two_phase(conn, "members_fts", e), args.repeats)
        two1, _ = median_ms(lambda e=expr: two_phase(conn, "fts1", e), args.repeats)
        totals["current"].append(now)
        totals["two"].append(two)
        totals["two1"].append(two1)
        print(f"{typed!r:<10}{found:>9,}{now:>10.1f}{two:>10.1f}{two1:>10.1f}")
    print(
        f"{'median':<19}{statistics.median(totals['current']):>10.1f}"
        f"{statistics.median(totals['two']):>10.1f}{statistics.median(totals['two1']):>10.1f}"
    )
    print(
        f"{'slowest':<19}{max(totals['current']):>10.1f}{max(totals['two']):>10.1f}"
        f"{max(totals['two1']):>10.1f}"
    )
    print(
        "\n2-phase: count, then one page (walk the name index above "
        f"{WALK_ABOVE:,} matches, else sort the matches); p1: index with prefix = '1 2 3'."
    )


if __name__ == "__main__":
    main()
