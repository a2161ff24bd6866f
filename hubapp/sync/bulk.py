"""Writing the new rows of a pull page: one executemany per table straight to the driver, with
exactly the values the ORM would have stored (its own bind processors and column defaults),
their journal entries (origin remote), and, for many new members at once, the full-text
index filled once per page rather than row by row by its trigger (models.search_fill).

A first pull brings hundreds of thousands of rows; through the ORM each would cost tens of
microseconds of Python before SQLite saw it. Here the work is per column, not per value."""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from sqlalchemy import JSON, Boolean, Integer, String, Table
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine.interfaces import DBAPIConnection

from hubapp.models import Base, Change, ChangeStatus
from hubapp.models.base import BOOKKEEPING_COLUMNS, INSERT_STAMP_KEY
from hubapp.models.people import member_sort_key
from hubapp.models.search_fill import SearchIndexFill
from hubapp.sync.protocol import MEMBER_TABLES
from hubapp.sync.values import HISTORY_VALUES, TOLD_WITH_SIGN_UP, from_wire, same_moment

DIALECT = sqlite.dialect()
INDEX_IN_BULK = 200  # new members in one page above which the search index is filled at once
Convert = Callable[[Any], Any]


@dataclass
class NewRows:
    """New rows of one table with the same fields, column by column."""

    table: str
    fields: Sequence[str]
    ids: list[str]
    columns: list[list[Any]]  # wire values, one list per field
    clocks: list[dict[str, str]]


@lru_cache(maxsize=65536)
def _sort_key(last_name: str, first_name: str) -> str:
    return member_sort_key(last_name, first_name)


@cache
def _converter(table: str, name: str) -> Convert | None:
    """Wire value to stored value: the column's kind (from_wire), then its bind processor.
    None where the driver stores the wire value as the ORM would (text, numbers, booleans)."""
    column = Base.metadata.tables[table].columns[name]
    if isinstance(column.type, String | Integer | Boolean) and not isinstance(column.type, JSON):
        return None
    process = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    kind_changes = from_wire(table, name, "2000-01-01") != "2000-01-01"  # dates and times
    if process is None and not kind_changes:
        return None

    def convert(value: Any) -> Any:
        if value is None:
            return None
        value = from_wire(table, name, value)
        return process(value) if process else value

    return convert


def _default(table: Table, name: str) -> Any:
    """What the ORM would store in a column the page does not carry, once per page."""
    column = table.columns[name]
    value = None
    if column.default is not None and getattr(column.default, "is_scalar", False):
        value = column.default.arg  # type: ignore[attr-defined]
    elif column.default is not None and getattr(column.default, "is_callable", False):
        value = column.default.arg(None)  # type: ignore[attr-defined]
    process = column.type.dialect_impl(DIALECT).bind_processor(DIALECT)
    return process(value) if process and value is not None else value


def _insert_sql(table: str, names: Sequence[str]) -> str:
    quote = DIALECT.identifier_preparer.quote
    return (
        f"INSERT INTO {quote(table)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )


_JOURNAL = (
    "change_id", "table_name", "row_id", "subject_id", "op", "fields", "hlc", "origin",
    "status", "attempts", "created_at",
)  # fmt: skip
_JOURNAL_SQL = _insert_sql(Change.__tablename__, _JOURNAL)


def write_new_rows(
    raw: DBAPIConnection, rows: NewRows, signed_up: Mapping[str, str] | None = None
) -> int:
    """Inserts the rows and their journal entries in the connection's transaction.
    `signed_up`: the members they are about, with their sign-ups' stamps (sign_ups)."""
    if not rows.ids:
        return 0
    table = Base.metadata.tables[rows.table]
    names: list[str] = ["id", "clock"]
    sources: list[Iterable[Any]] = [rows.ids, [clock_text(c) for c in rows.clocks]]
    for name, column in zip(rows.fields, rows.columns, strict=True):
        if name in table.columns and name not in BOOKKEEPING_COLUMNS:
            convert = _converter(rows.table, name)
            names.append(name)
            sources.append([convert(v) for v in column] if convert else column)
    for name in table.columns.keys():  # noqa: SIM118 (a ColumnCollection)
        if name in names or name == "sort_key":
            continue
        names.append(name)
        sources.append(itertools.repeat(_default(table, name)))
    if "sort_key" in table.columns:
        names.append("sort_key")
        sources.append(_sort_keys(rows))
    fill = _index_fill(raw, rows)
    after = fill.pause(raw) if fill else 0
    # Constant columns are endless repeats: zip stops with the rows.
    params = zip(*sources, strict=False)
    raw.executemany(_insert_sql(rows.table, names), params)
    if fill:
        fill.resume(raw, after, _indexed(rows))
    raw.executemany(_JOURNAL_SQL, _journal(rows, signed_up or {}))
    return len(rows.ids)


def clock_text(clock: dict[str, str]) -> str:
    """A clock as the JSON column stores it (json.dumps); the usual insert-only clock is
    written out directly, the rest (and any stamp with a character to escape) by json."""
    if len(clock) == 1:
        stamp = clock.get(INSERT_STAMP_KEY)
        if stamp is not None and _PLAIN.fullmatch(stamp):
            return f'{{"*": "{stamp}"}}'
    return json.dumps(clock)


_PLAIN = re.compile(r"[0-9A-Za-z-]*")


def _sort_keys(rows: NewRows) -> list[str]:
    fields = list(rows.fields)
    last = rows.columns[fields.index("last_name")] if "last_name" in fields else None
    first = rows.columns[fields.index("first_name")] if "first_name" in fields else None
    count = len(rows.ids)
    return [
        _sort_key((last[i] if last else "") or "", (first[i] if first else "") or "")
        for i in range(count)
    ]


def _index_fill(raw: DBAPIConnection, rows: NewRows) -> SearchIndexFill | None:
    if rows.table != "members" or len(rows.ids) < INDEX_IN_BULK:
        return None
    return SearchIndexFill.read(raw)


def _indexed(rows: NewRows) -> int:
    """How many of the new members the search index takes (not deleted, not erased)."""
    fields = list(rows.fields)
    count = len(rows.ids)
    deleted = rows.columns[fields.index("deleted")] if "deleted" in fields else [False] * count
    erased = rows.columns[fields.index("erased_at")] if "erased_at" in fields else [None] * count
    return sum(1 for d, e in zip(deleted, erased, strict=True) if not d and e is None)


def sign_ups(raw: DBAPIConnection, rows: NewRows) -> dict[str, str]:
    """For rows of a table told with their member's sign-up (values.TOLD_WITH_SIGN_UP): the
    members they are about that this hub holds, with the stamps of their inserts."""
    if rows.table not in TOLD_WITH_SIGN_UP or "member_id" not in rows.fields:
        return {}
    members = sorted({m for m in rows.columns[list(rows.fields).index("member_id")] if m})
    found = raw.execute(
        "SELECT id, json_extract(clock, '$.\"*\"') FROM members "
        "WHERE id IN (SELECT value FROM json_each(?))",
        (json.dumps(members),),
    )
    return {member: stamp for member, stamp in found if isinstance(stamp, str)}


def _journal(rows: NewRows, signed_up: Mapping[str, str]) -> Iterable[tuple[Any, ...]]:
    """One `changes` entry per row, with what values.remote_journal_fields keeps of it."""
    fields = list(rows.fields)
    # The member a row is about: the member row itself, or the member it points at.
    member = MEMBER_TABLES.get(rows.table) or "member_id"
    if member == "id":
        subjects: Sequence[str | None] = rows.ids
    elif member in fields:
        subjects = rows.columns[fields.index(member)]
    else:
        subjects = [None] * len(rows.ids)
    now = _default(Change.__table__, "created_at")  # type: ignore[arg-type]
    remote, applied = "remote", ChangeStatus.APPLIED.value
    ids = uuid7_run(len(rows.ids))
    # Only what the member's history reads (values.HISTORY_VALUES): mostly nothing at all.
    keep = [
        (name, rows.columns[fields.index(name)])
        for name in sorted(HISTORY_VALUES.get(rows.table, ()))
        if name in fields
    ]
    texts: Iterable[str] = (
        _texts([name for name, _ in keep], zip(*(column for _, column in keep), strict=True))
        if keep
        else itertools.repeat("{}")
    )
    told = rows.table in TOLD_WITH_SIGN_UP
    for change_id, row_id, subject, text, clock in zip(
        ids, rows.ids, subjects, texts, rows.clocks, strict=False
    ):
        sign_up = signed_up.get(subject) if told and subject else None
        if sign_up and same_moment(sign_up, clock.get(INSERT_STAMP_KEY, "")):
            continue
        yield (
            change_id, rows.table, row_id, subject, "insert", text, max(clock.values()), remote,
            applied, 0, now,
        )  # fmt: skip


def _texts(names: list[str], rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """Each row's values as a JSON object; the same values give the same text, made once
    (a page's members are nearly all `{"deleted":false}`)."""
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    made: dict[tuple[Any, ...], str] = {}
    for values in rows:
        key = (*values, *map(type, values))  # True and 1 are equal keys, not equal JSON
        try:
            text = made.get(key)
        except TypeError:  # a value that is a list or an object
            yield dumps(dict(zip(names, values, strict=True)))
            continue
        if text is None:
            text = made[key] = dumps(dict(zip(names, values, strict=True)))
        yield text


def uuid7_run(count: int) -> list[str]:
    """`count` version 7 UUIDs for now, increasing (a counter in the bits RFC 9562 allows for
    it), with one draw of randomness for the run rather than one per id."""
    ms = time.time_ns() // 1_000_000
    head = f"{ms & ((1 << 48) - 1):012x}"
    prefix = f"{head[:8]}-{head[8:12]}-7"
    base = int.from_bytes(os.urandom(8), "big")
    tail = f"{base & ((1 << 48) - 1):012x}"
    start = (base >> 48) & 0x3FF  # leave room above, so a run never wraps
    return [
        f"{prefix}{(start + i) >> 14 & 0xFFF:03x}-{0x8000 | (start + i) & 0x3FFF:04x}-{tail}"
        for i in range(count)
    ]
