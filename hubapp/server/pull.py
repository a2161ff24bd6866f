"""Serving pull pages: the rows in a hub's scope changed after its cursor, with only the fields
changed after it, in server-sequence order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, or_, select

from hubapp.models.base import INSERT_STAMP_KEY, field_stamp
from hubapp.server.schema import counters, member_holders, rows
from hubapp.sync.protocol import MEMBER_TABLES, Scope, WireRow


class OutOfScope(Exception):
    """The hub asked for data it may not hold."""


def in_scope(hub_id: str) -> Any:
    held = select(member_holders.c.member_id).where(member_holders.c.hub_id == hub_id)
    return or_(
        rows.c.scope == Scope.PUBLIC,
        and_(rows.c.scope == Scope.HUB, rows.c.scope_hub_id == hub_id),
        and_(rows.c.scope == Scope.MEMBER, rows.c.subject_id.in_(held)),
    )


def high_water(conn: Connection) -> int:
    return int(conn.execute(select(counters.c.value).where(counters.c.name == "seq")).scalar_one())


def page(conn: Connection, hub_id: str, cursor: int, limit: int) -> tuple[list[WireRow], int, bool]:
    """(rows, next cursor, more). The high-water mark is read first: every seq at or below it
    is committed, so nothing below the returned cursor can appear later."""
    high = high_water(conn)
    if cursor > high:
        raise OutOfScope("This hub's sync position is beyond the server's history.")
    found = conn.execute(
        select(rows.c.table_name, rows.c.row_id, rows.c.seq, rows.c.data, rows.c.clock, rows.c.fseq)
        .where(rows.c.seq > cursor, rows.c.seq <= high, in_scope(hub_id))
        .order_by(rows.c.seq)
        .limit(limit)
    ).all()
    out = []
    for r in found:
        fseq: dict[str, int] = r.fseq
        clock: dict[str, str] = r.clock
        if fseq[INSERT_STAMP_KEY] > cursor:
            out.append(WireRow(table=r.table_name, row_id=r.row_id, fields=r.data, clock=clock))
            continue
        names = [n for n, s in fseq.items() if n != INSERT_STAMP_KEY and s > cursor]
        out.append(
            WireRow(
                table=r.table_name,
                row_id=r.row_id,
                fields={n: r.data.get(n) for n in names},
                clock={n: field_stamp(clock, n) for n in names},
            )
        )
    more = len(found) == limit
    return out, (found[-1].seq if more else high), more


def one_row(conn: Connection, hub_id: str, table: str, row_id: str) -> WireRow:
    """A row's whole current state, if the hub may hold it."""
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
    return WireRow(table=table, row_id=row_id, fields=found.data, clock=found.clock)
