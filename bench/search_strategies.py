"""Why broad searches are slow at 100,000 members, and what would make them fast.

    .venv/bin/python bench/search_strategies.py --members 100000

Compares, keystroke by keystroke (medians in ms, first page of 40 rows included):
- current: services.member_search's query, every matching key sorted by name;
- 2-phase: count the matches, then fetch only the first page (walk the name index when
  matches are many, sort them when few); the other keys can follow in the background;
- 2-ph p1: the same over a full-text index with one-letter prefixes (prefix = '1 2 3');
- suggested: 2-phase, plus one letter = surnames starting with it (a range of the name
  index), and phone-like or postcode-like input = a range of the phone (E.164) or postcode
  index, not the text index.

Read-only on the benchmark database: the variant index is a TEMP table of this connection.
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import time
from collections.abc import Callable

from common import CACHE_ROOT, machine, seeded_database

from hubapp.services.member_search import fts_expression

KEYSTROKES = ("l", "ll", "lle", "llew", "j", "jo", "jon", "s", "sa", "sa1", "sa19", "0",
              "07", "0770", "07700 9", "si", "sian", "sian@")  # fmt: skip
PAGE = 40
WALK_ABOVE = 3_000  # more matches than this: walk the name index for a page

CURRENT = (
    "SELECT m.rowid FROM members m WHERE m.deleted = 0 AND m.erased_at IS NULL AND m.rowid IN "
    "(SELECT rowid FROM {fts} WHERE {fts} MATCH ?) ORDER BY m.sort_key, m.rowid"
)
# The text index only holds live members (its triggers see to it): no tombstone test needed.
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
LETTER_COUNT = "SELECT count(*) FROM members WHERE sort_key >= ? AND sort_key < ?"
LETTER_PAGE = (
    "SELECT rowid FROM members WHERE sort_key >= ? AND sort_key < ? AND deleted = 0 "
    "ORDER BY sort_key, rowid LIMIT ?"
)
PHONE_COUNT = "SELECT count(*) FROM members WHERE phone >= ? AND phone < ?"
POSTCODE_COUNT = "SELECT count(*) FROM members WHERE postcode >= ? AND postcode < ?"
POSTCODE_WALK = (
    "SELECT rowid FROM members INDEXED BY ix_members_sort_key WHERE postcode >= ? "
    "AND postcode < ? AND deleted = 0 ORDER BY sort_key, rowid LIMIT ?"
)
POSTCODE_SORTED = (
    "SELECT rowid FROM members WHERE postcode >= ? AND postcode < ? AND deleted = 0 "
    "ORDER BY sort_key, rowid LIMIT ?"
)
# The start of a postcode: a district ("SA19", "LD1") and maybe the sector ("SA19 6").
POSTCODE_START = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?( \d[A-Z]{0,2})?$")
PHONE_WALK = (
    "SELECT rowid FROM members INDEXED BY ix_members_sort_key WHERE phone >= ? AND phone < ? "
    "AND deleted = 0 ORDER BY sort_key, rowid LIMIT ?"
)
PHONE_SORTED = (
    "SELECT rowid FROM members WHERE phone >= ? AND phone < ? AND deleted = 0 "
    "ORDER BY sort_key, rowid LIMIT ?"
)


def page_rows(conn: sqlite3.Connection, keys: list[int]) -> None:
    conn.execute(ROWS.format(keys=",".join(str(k) for k in keys[:PAGE]))).fetchall()


def current(conn: sqlite3.Connection, fts: str, typed: str) -> int:
    keys = [r[0] for r in conn.execute(CURRENT.format(fts=fts), (fts_expression(typed),))]
    page_rows(conn, keys)
    return len(keys)


def two_phase(conn: sqlite3.Connection, fts: str, typed: str) -> int:
    expr = fts_expression(typed)
    count = int(conn.execute(COUNT.format(fts=fts), (expr,)).fetchone()[0])
    sql = WALK_PAGE if count > WALK_ABOVE else SORTED_PAGE
    page_rows(conn, [r[0] for r in conn.execute(sql.format(fts=fts), (expr, PAGE))])
    return count


def suggested(conn: sqlite3.Connection, fts: str, typed: str) -> int:
    text = typed.strip()
    digits = re.sub(r"\D", "", text)
    if len(text) == 1 and text.isalpha():
        low = text.casefold()
        bounds = (low, chr(ord(low) + 1))
        count = int(conn.execute(LETTER_COUNT, bounds).fetchone()[0])
        page_rows(conn, [r[0] for r in conn.execute(LETTER_PAGE, (*bounds, PAGE))])
        return count
    if digits and re.fullmatch(r"[\d\s()+-]+", text):
        # National "07700 9" and international "+44 7700 9" both become "+4477009".
        prefix = "+44" + digits[1:] if digits.startswith("0") else "+" + digits
        bounds = (prefix, prefix + ":")  # ":" sorts just after "9"
        count = int(conn.execute(PHONE_COUNT, bounds).fetchone()[0])
        sql = PHONE_WALK if count > WALK_ABOVE else PHONE_SORTED
        page_rows(conn, [r[0] for r in conn.execute(sql, (*bounds, PAGE))])
        return count
    if POSTCODE_START.match(text.upper()):
        bounds = (text.upper(), text.upper() + "~")  # "~" sorts after letters and digits
        count = int(conn.execute(POSTCODE_COUNT, bounds).fetchone()[0])
        sql = POSTCODE_WALK if count > WALK_ABOVE else POSTCODE_SORTED
        page_rows(conn, [r[0] for r in conn.execute(sql, (*bounds, PAGE))])
        return count
    return two_phase(conn, fts, typed)


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
    strategies: dict[str, Callable[[str], int]] = {
        "current": lambda t: current(conn, "members_fts", t),
        "2-phase": lambda t: two_phase(conn, "members_fts", t),
        "2-ph p1": lambda t: two_phase(conn, "fts1", t),
        "suggested": lambda t: suggested(conn, "members_fts", t),
    }
    print(f"\nMedians of {args.repeats} runs, ms (first page of {PAGE} rows included)")
    print(f"{'typed':<10}{'matches':>9}" + "".join(f"{k:>11}" for k in strategies))
    results: dict[str, list[float]] = {k: [] for k in strategies}
    for typed in KEYSTROKES:
        line, found = "", 0
        for name, fn in strategies.items():
            ms, count = median_ms(lambda f=fn, t=typed: f(t), args.repeats)  # type: ignore[misc]
            results[name].append(ms)
            found = count if name == "current" else found
            line += f"{ms:>11.1f}"
        print(f"{typed!r:<10}{found:>9,}{line}")
    for label, summary in (("median", statistics.median), ("slowest", max)):
        print(f"{label:<19}" + "".join(f"{summary(v):>11.1f}" for v in results.values()))
    print(
        "(matches: the current search's; 'suggested' counts surnames for one letter, phone "
        "numbers for digits and postcodes for postcode starts.)"
    )


if __name__ == "__main__":
    main()
