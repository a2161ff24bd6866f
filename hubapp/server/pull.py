"""Serving pull pages: the rows in a hub's scope changed after its cursor, with only the fields
changed after it, in server-sequence order; in version 1 one object per row (`page`), in
version 2 column by column (`blocks`). Also the end-of-sync counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Text, and_, exists, func, or_, select, type_coerce

from hubapp.models.base import INSERT_STAMP_KEY, field_stamp
from hubapp.server import jsontext
from hubapp.server.rowstate import node_of
from hubapp.server.schema import counters, member_holders, rows
from hubapp.sync.protocol import (
    CONFLICTS_TABLE,
    COUNTS_TABLE,
    MEMBER_PRIVATE_FIELDS,
    MEMBER_TABLES,
    Scope,
    WireRow,
)


class OutOfScope(Exception):
    """The hub asked for data it may not hold."""


def in_scope(hub_id: str, *, walk: bool = False) -> Any:
    """Rows the hub may hold. EXISTS per row (a primary-key probe) rather than IN (all the
    hub's members): the cost follows the rows looked at, not the members the hub holds.
    With `walk`, the scope is tested on each row as read, never through the scope index:
    a page then walks the sequence index from the cursor (SQLite would otherwise gather
    every row of each scope through ix_rows_scope, and sort them)."""
    scope = rows.c.scope.concat("") if walk else rows.c.scope
    held = exists().where(
        member_holders.c.member_id == rows.c.subject_id, member_holders.c.hub_id == hub_id
    )
    return or_(
        scope == Scope.PUBLIC,
        and_(scope == Scope.HUB, rows.c.scope_hub_id == hub_id),
        and_(scope == Scope.MEMBER, held),
    )


def high_water(conn: Connection) -> int:
    return int(conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one())


@dataclass
class PageRow:
    table: str
    row_id: str
    fields: dict[str, Any]
    clock: dict[str, str]


@dataclass
class Page:
    rows: list[PageRow]
    cursor: int
    more: bool
    moved: bool  # the server's sequence is past the hub's cursor: something happened


class Echo:
    """Which stamps are a device's own writes that its database already holds (`own`, the
    latest of them, from the request): those fields need not go back to it."""

    def __init__(self, own: str | None) -> None:
        self.node = node_of(own) if own else ""
        self.own = own or ""

    def held(self, stamp: str) -> bool:
        return bool(self.node) and stamp <= self.own and node_of(stamp) == self.node


def _loaded(value: Any) -> Any:
    """JSON columns arrive as text (SQLite) or already decoded (PostgreSQL's driver)."""
    return jsontext.loads(value) if isinstance(value, str) else value


def _private_field(table: str, field: str) -> bool:
    rule = MEMBER_PRIVATE_FIELDS.get(table)
    return rule is not None and field in rule[1]


def _note_private(
    private: list[tuple[int, str]], index: int, table: str, data: dict[str, Any]
) -> None:
    rule = MEMBER_PRIVATE_FIELDS.get(table)
    if rule is not None and isinstance(member := data.get(rule[0]), str):
        private.append((index, member))


def one_snapshot(conn: Connection) -> Connection:
    """The connection, set (before its transaction begins) to see one snapshot throughout,
    so that counts agree with the page and its cursor. SQLite's read transactions always
    do; PostgreSQL's default (READ COMMITTED) sees each statement's own."""
    if conn.dialect.name == "postgresql" and not conn.in_transaction():
        conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def fetch(
    conn: Connection,
    hub_id: str,
    cursor: int,
    limit: int,
    own: str | None = None,
    base: int | None = None,
) -> Page:
    """The next page after `cursor`. The high-water mark is read first: every seq at or below
    it is committed, so nothing below the returned cursor can appear later. `base`: where the
    hub's pull started (SyncRequest.base); a row born after it is sent whole, any other with
    the fields written after it."""
    base = cursor if base is None else base
    high = high_water(one_snapshot(conn))
    if cursor > high:
        raise OutOfScope("This hub's sync position is beyond the server's history.")
    found = conn.execute(
        select(
            rows.c.table_name,
            rows.c.row_id,
            rows.c.seq,
            type_coerce(rows.c.data, Text),
            type_coerce(rows.c.clock, Text),
            type_coerce(rows.c.fseq, Text),
            rows.c.fseq[INSERT_STAMP_KEY].as_integer(),
        )
        .where(rows.c.seq > cursor, rows.c.seq <= high, in_scope(hub_id, walk=True))
        .order_by(rows.c.seq)
        .limit(limit + 1)
    ).all()
    more = len(found) > limit
    found = found[:limit]
    echo = Echo(own)
    out: list[PageRow] = []
    private: list[tuple[int, str]] = []  # rows with MEMBER_PRIVATE_FIELDS: place, member
    conflicts: list[tuple[int, str]] = []  # conflicts about one of them: place, row
    for table, row_id, _seq, data, clock_text, fseq, born in found:
        clock: dict[str, str] = _loaded(clock_text)
        if table == CONFLICTS_TABLE:
            kept = _loaded(data)
            if _private_field(str(kept.get("table_name")), str(kept.get("field"))):
                conflicts.append((len(out), str(kept.get("row_id"))))
            out.append(PageRow(table, row_id, kept, clock))
            continue
        if born > base:
            if not echo.held(clock[INSERT_STAMP_KEY]):  # new to the hub: the whole row
                fields: dict[str, Any] = _loaded(data)
                _note_private(private, len(out), table, fields)
                if echo.node and len(clock) > 1:
                    fields = {
                        n: v for n, v in fields.items() if not echo.held(field_stamp(clock, n))
                    }
                out.append(PageRow(table, row_id, fields, clock))
                continue
            names = [n for n in clock if n != INSERT_STAMP_KEY]  # its own insert: later writes
        else:
            seqs: dict[str, int] = _loaded(fseq)
            names = [n for n, s in seqs.items() if n != INSERT_STAMP_KEY and s > base]
        # Only the fields changed after the cursor, each with its own stamp.
        stamps = {n: field_stamp(clock, n) for n in names}
        stamps = {n: s for n, s in stamps.items() if not echo.held(s)}
        if stamps:
            values = _loaded(data)
            _note_private(private, len(out), table, values)
            out.append(PageRow(table, row_id, {n: values.get(n) for n in stamps}, stamps))
    _withhold_private_fields(conn, hub_id, out, private, conflicts)
    return Page(
        [r for r in out if r.fields or r.clock.get(INSERT_STAMP_KEY)],
        found[-1].seq if more else high,
        more,
        high > cursor,
    )


def _withhold_private_fields(
    conn: Connection,
    hub_id: str,
    out: list[PageRow],
    private: list[tuple[int, str]],
    conflicts: list[tuple[int, str]],
) -> None:
    """Drops MEMBER_PRIVATE_FIELDS from the page's public rows (`private`: their places in
    `out` and the member each names) about members this hub does not hold, and the conflicts
    about those fields (`conflicts`: places and the rows they are about) altogether."""
    if conflicts:
        about = sorted({row_id for _i, row_id in conflicts})
        member_of = {
            row_id: member
            for row_id, member in conn.execute(
                select(rows.c.row_id, rows.c.data["member_id"].as_string()).where(
                    rows.c.table_name.in_(list(MEMBER_PRIVATE_FIELDS)), rows.c.row_id.in_(about)
                )
            )
        }
        private = [*private, *((i, member_of.get(r) or "") for i, r in conflicts)]
    if not private:
        return
    named = sorted({member for _i, member in private if member})
    held = set(
        conn.scalars(
            select(member_holders.c.member_id).where(
                member_holders.c.hub_id == hub_id, member_holders.c.member_id.in_(named)
            )
        )
    )
    for index, member in private:
        if member in held:
            continue
        row = out[index]
        if row.table == CONFLICTS_TABLE:  # nothing of it may go: sent empty, then dropped
            row.fields, row.clock = {}, {}
            continue
        for name in MEMBER_PRIVATE_FIELDS[row.table][1]:
            row.fields.pop(name, None)
            if name != INSERT_STAMP_KEY:
                row.clock.pop(name, None)


def page(
    conn: Connection, hub_id: str, cursor: int, limit: int, *, with_counts: bool = True
) -> tuple[list[WireRow], int, bool]:
    """Version 1: (rows, next cursor, more). On the last page of a sync in which anything
    moved, a `_counts` pseudo-row (row id: the cursor) carries the end-of-sync counts."""
    got = fetch(conn, hub_id, cursor, limit)
    out = [WireRow.model_construct(**r.__dict__) for r in got.rows]
    if with_counts and got.moved and not got.more:
        out.append(counts_row(counts(conn, hub_id), got.cursor))
    return out, got.cursor, got.more


def counts_row(found: dict[str, int], cursor: int) -> WireRow:
    return WireRow.model_construct(table=COUNTS_TABLE, row_id=str(cursor), fields=found, clock={})


def counts(conn: Connection, hub_id: str) -> dict[str, int]:
    """How many rows of each table (the `_conflicts` pseudo-table aside) the hub holds on the
    server, in the same snapshot as the page just read."""
    shared = (
        select(rows.c.table_name, func.count())
        .where(
            or_(
                rows.c.scope == Scope.PUBLIC,
                and_(rows.c.scope == Scope.HUB, rows.c.scope_hub_id == hub_id),
            )
        )
        .group_by(rows.c.table_name)
    )
    held = (
        select(rows.c.table_name, func.count())
        .select_from(member_holders)
        .join(rows, rows.c.subject_id == member_holders.c.member_id)
        # From the hub's members to their rows (ix_member_holders_hub, then ix_rows_subject):
        # the scope is tested as read, so SQLite cannot start from every member row instead.
        .where(member_holders.c.hub_id == hub_id, rows.c.scope.concat("") == Scope.MEMBER)
        .group_by(rows.c.table_name)
    )
    out: dict[str, int] = {}
    for query in (shared, held):
        for table, n in conn.execute(query):
            if table != CONFLICTS_TABLE:
                out[table] = out.get(table, 0) + int(n)
    return out


def one_row(conn: Connection, hub_id: str, table: str, row_id: str) -> WireRow:
    """A row's whole current state, if the hub may hold it (a table's, not a pseudo-table's
    such as `_conflicts`: those reach a hub only in its pages, under their rules)."""
    if table.startswith("_"):
        raise LookupError("no such row")
    found = conn.execute(
        select(rows).where(rows.c.table_name == table, rows.c.row_id == row_id)
    ).first()
    if found is None:
        raise LookupError("no such row")
    allowed = conn.execute(
        select(rows.c.row_id).where(
            rows.c.table_name == table, rows.c.row_id == row_id, in_scope(hub_id)
        )
    ).first()
    if allowed is None:
        kind = "member" if table in MEMBER_TABLES else "row"
        raise OutOfScope(f"That {kind} is not held by this hub.")
    got = [PageRow(table, row_id, dict(_loaded(found.data)), dict(_loaded(found.clock)))]
    private: list[tuple[int, str]] = []
    _note_private(private, 0, table, got[0].fields)
    _withhold_private_fields(conn, hub_id, got, private, [])
    return WireRow(table=table, row_id=row_id, fields=got[0].fields, clock=got[0].clock)
