"""Fast multi-row inserts of new members and tag links, journalled as the capture hook would."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import fields
from operator import attrgetter
from typing import Any

from sqlalchemy import JSON, Boolean, Date
from sqlalchemy.engine.interfaces import DBAPICursor
from sqlalchemy.orm import Session

from hubapp.models import Change, ChangeStatus, Member, MemberTag, utcnow
from hubapp.models.base import INSERT_STAMP_KEY
from hubapp.models.database import Database
from hubapp.models.vocab import ConsentChannel, TagKind
from hubapp.services.bulk_rows import (
    cached_sort_key,
    fast_stable_id,
    journalled_columns,
    save_clock,
)
from hubapp.services.consent import record_consent
from hubapp.services.csv_import.checking import stored_value
from hubapp.services.csv_import.lookups import TagLookup
from hubapp.services.csv_import.rows import PreviewRow
from hubapp.services.members import _MEMBER_COLUMNS, MemberDetails, new_membership_numbers

# Many rows per INSERT statement, not one statement per row: the full-text trigger on
# members makes SQLite flush the search index at the end of every statement (~100 µs a row
# when each row is its own statement, a few µs when 100 rows share one), and every statement
# has its own cost besides.
ROWS_PER_STATEMENT = 100

# Column order of each table as written here: per-row values first, then those shared by
# the whole batch (converted for the database once).
SHARED = ("created_at", "updated_at", "deleted", "origin_hub_id", "clock")
MEMBER_ROW = (*_MEMBER_COLUMNS, "id", "hub_id", "erased_at", "sort_key", "membership_number")
LINK_ROW = ("id", "member_id", "tag_id")
CHANGE_ROW = ("change_id", "table_name", "row_id", "subject_id", "fields")
JOURNAL_SHARED = ("op", "hlc", "origin", "status", "staff_user_id", "attempts", "created_at")


def new_ids(count: int) -> list[str]:
    """`count` ids laid out as `base.uuid7` lays them out (48-bit milliseconds, version 7,
    random bits, variant 10), made as text directly: making a UUID object per id was a
    tenth of the cost of writing a member and its journal."""
    ms = f"{(time.time_ns() // 1_000_000) & ((1 << 48) - 1):012x}"
    noise = os.urandom(10 * count).hex()
    ids = []
    for i in range(0, 20 * count, 20):
        r = noise[i : i + 20]
        variant = "89ab"[int(r[3], 16) & 3]
        ids.append(f"{ms[:8]}-{ms[8:]}-7{r[:3]}-{variant}{r[4:7]}-{r[7:19]}")
    return ids


def link_id(member_id: str, tag_id: str) -> str:
    """`base.stable_id("member_tag", member_id, tag_id)` (a UUID version 5), computed directly."""
    return fast_stable_id("member_tag", member_id, tag_id)


def _processors(
    model: type[Any], columns: Sequence[str], session: Session
) -> list[tuple[int, Callable[[Any], Any]]]:
    """How SQLAlchemy converts each column's values for SQLite (the dialect's own types), for
    the columns that need converting at all."""
    dialect = session.get_bind().dialect
    table = model.metadata.tables[model.__tablename__]
    found = []
    for i, name in enumerate(columns):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        if process is not None:
            found.append((i, process))
    return found


def _converted(
    model: type[Any], columns: Sequence[str], rows: list[list[Any]], session: Session
) -> None:
    for i, process in _processors(model, columns, session):
        for row in rows:
            if row[i] is not None:
                row[i] = process(row[i])


def _insert(
    cursor: DBAPICursor, table: str, columns: Sequence[str], rows: list[Any], tail: list[Any]
) -> None:
    """One prepared single-row INSERT run for every row (each followed by the `tail` values
    shared by all), through the session's own SQLite connection (so in its transaction),
    without SQLAlchemy's per-statement work, which is most of the cost of small rows."""
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    cursor.executemany(sql, [row + tail for row in rows])


_member_values = attrgetter(*_MEMBER_COLUMNS)
# `checking.stored_value` column by column: which columns store empty text as NULL.
_TEXT_DETAILS = {f.name for f in fields(MemberDetails) if f.type in ("str", str)}
_BLANK_IS_NULL = tuple(
    name in _TEXT_DETAILS and stored_value(name, "") is None for name in _MEMBER_COLUMNS
)


def insert_new_members(
    session: Session, db: Database, batch: list[PreviewRow], tags: TagLookup, staff: str | None
) -> None:
    """New members and their tags by multi-row inserts: the ORM costs several times as much
    per row (and its flush slows as the session fills). Each inserted row is journalled
    exactly as the capture hook in models/changes.py journals an ORM insert (one `changes`
    row with every data field, one clock stamp per batch as per flush), so sync cannot tell
    the difference."""
    rows = [(row, row.details) for row in batch if row.details is not None]
    if not rows:
        return
    tag_ids = [_tag_ids(tags, d) for _, d in rows]
    session.flush()  # free tags just made are inserted (and journalled) before the links
    stamp = str(db.clock.now())
    now = utcnow()
    shared = {
        "created_at": now,
        "updated_at": now,
        "deleted": False,
        "origin_hub_id": db.hub_id,
        "clock": {INSERT_STAMP_KEY: stamp},
    }
    ids = new_ids(len(rows))
    members: list[list[Any]] = []
    links: list[list[Any]] = []
    numbers = new_membership_numbers(len(rows))
    for (row, d), member_id, tag_list, fresh in zip(rows, ids, tag_ids, numbers, strict=True):
        values = [
            v or None if blank_null else v
            for v, blank_null in zip(_member_values(d), _BLANK_IS_NULL, strict=True)
        ]  # stored_value, faster
        number = row.values.get("membership_number") or fresh
        values += (member_id, db.hub_id, None, cached_sort_key(d.last_name, d.first_name), number)
        members.append(values)
        links.extend([link_id(member_id, t), member_id, t] for t in tag_list)
    journal = session.info.get("capture") is not False
    _converted(Member, MEMBER_ROW, members, session)
    shared_row = [shared[name] for name in SHARED]
    _converted(Member, SHARED, [shared_row], session)
    raw = session.connection().connection.dbapi_connection
    assert raw is not None  # the session's connection is open: this is its transaction
    cursor = raw.cursor()
    try:
        after = (_last_rowid(cursor, "members"), _last_rowid(cursor, "member_tags"))
        _insert(cursor, "members", MEMBER_ROW + SHARED, members, shared_row)
        _insert(cursor, "member_tags", LINK_ROW + SHARED, links, shared_row)
        if journal:
            tail: list[Any] = ["insert", stamp, "local", ChangeStatus.PENDING, staff, 0, now]
            _converted(Change, JOURNAL_SHARED, [tail], session)
            _journal(cursor, after, dict(zip(JOURNAL_SHARED, tail, strict=True)))
            save_clock(cursor, db)
    finally:
        cursor.close()
    for (_, d), member_id in zip(rows, ids, strict=True):
        for purpose, granted in d.consents.items():
            record_consent(
                session,
                member_id,
                purpose,
                granted,
                channel=ConsentChannel.IMPORT,
                staff_user_id=staff,
            )


def _tag_ids(tags: TagLookup, d: MemberDetails) -> list[str]:
    """The ids of a row's skills and interests; free tags not known yet are made."""
    skills = {tags.resolve(TagKind.SKILL, name) for name in d.skills}
    return sorted(skills | {tags.resolve(TagKind.INTEREST, name) for name in d.interests})


def _journal_sql(model: type[Any], subject: str) -> str:
    """One INSERT ... SELECT that journals every row of `model`'s table after a given rowid
    exactly as the capture hook journals an ORM insert: a `changes` row whose fields are the
    row's data columns in wire form (JSON built by SQLite's json_object, so the values never
    pass through Python), with a fresh time-ordered change id per row, in rowid order."""
    table = model.__tablename__
    names, dated = journalled_columns(model)
    columns = model.metadata.tables[table].c
    pairs = []
    for name in names:
        kind = columns[name].type
        if isinstance(kind, Boolean):
            value = (
                f"json(CASE WHEN t.{name} IS NULL THEN 'null' "
                f"WHEN t.{name} THEN 'true' ELSE 'false' END)"
            )
        elif isinstance(kind, JSON):
            value = f"json(t.{name})"
        elif name in dated and not isinstance(kind, Date):
            # Stored text is not the wire form; an import never sets these (checked below).
            assert name in _NEVER_SET, f"{table}.{name}: journal its wire form"
            value = "NULL"
        else:
            value = f"t.{name}"  # text, numbers, and dates (stored as ISO text already)
        pairs.append(f"'{name}', {value}")
    # A version 7 UUID: the milliseconds given, "7", random bits, the variant (10xx), random.
    change_id = (
        ":ms8 || '-' || :ms4 || '-7' || substr(r, 1, 3) || '-' || "
        "substr('89ab89ab89ab89ab', instr('0123456789abcdef', substr(r, 4, 1)), 1) || "
        "substr(r, 5, 3) || '-' || substr(r, 8, 12)"
    )
    return (
        f"WITH fresh AS MATERIALIZED (SELECT rowid AS at, lower(hex(randomblob(10))) AS r "
        f"FROM {table} WHERE rowid > :after) "
        f"INSERT INTO changes ({', '.join(CHANGE_ROW + JOURNAL_SHARED)}) "
        f"SELECT {change_id}, '{table}', t.id, t.{subject}, json_object({', '.join(pairs)}), "
        f"{', '.join(':' + name for name in JOURNAL_SHARED)} "
        f"FROM fresh JOIN {table} AS t ON t.rowid = fresh.at ORDER BY fresh.at"
    )


# Columns holding times that the import writes as NULL (MEMBER_ROW's constant None).
_NEVER_SET = frozenset({"erased_at"})
_JOURNAL_MEMBERS = _journal_sql(Member, "id")
_JOURNAL_LINKS = _journal_sql(MemberTag, "member_id")


def _last_rowid(cursor: DBAPICursor, table: str) -> int:
    return int(cursor.execute(f"SELECT coalesce(max(rowid), 0) FROM {table}").fetchone()[0])


def _journal(cursor: DBAPICursor, after: tuple[int, int], shared: dict[str, Any]) -> None:
    """Journals the members and links inserted after rowids `after`, members first."""
    ms = f"{(time.time_ns() // 1_000_000) & ((1 << 48) - 1):012x}"
    params = {"ms8": ms[:8], "ms4": ms[8:], **shared}
    for sql, last in ((_JOURNAL_MEMBERS, after[0]), (_JOURNAL_LINKS, after[1])):
        cursor.execute(sql, {**params, "after": last})
