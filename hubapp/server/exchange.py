"""One `POST /sync` round trip (docs/sync-protocol.md): the push, one pull page and, at the end
of a sync in which anything moved, the counts; answered in the protocol version the hub asked
in, as bytes ready to send (gzip when the hub accepts it and it is worth it).

`hubapp.server.app` calls `answer` from a worker thread and sends what it returns."""

from __future__ import annotations

import gzip
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from hubapp.models.collector import collector_paused
from hubapp.server import jsontext
from hubapp.server.admin import Device
from hubapp.server.pull import Page, PageRow, counts, counts_row, fetch, one_snapshot
from hubapp.server.push import Push
from hubapp.server.store import writer
from hubapp.sync.protocol import (
    DERIVED_IDS,
    GZIP_LEVEL,
    GZIP_THRESHOLD,
    PAGE_SIZE,
    Reject,
    SyncRequest,
    WireRow,
)
from hubapp.sync.values import derive_id

log = logging.getLogger("hubapp.server")


@dataclass
class Answer:
    """An encoded answer: the body and the headers that go with it."""

    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"


def server_time_ms() -> int:
    return time.time_ns() // 1_000_000


@contextmanager
def snapshot(engine: Engine) -> Iterator[Connection]:
    """A read transaction seeing one snapshot (pull.one_snapshot), so the counts match the
    page and its cursor."""
    with engine.connect() as conn, one_snapshot(conn).begin():
        yield conn


def answer(engine: Engine, device: Device, body: SyncRequest, accept_encoding: str = "") -> Answer:
    """Push, pull, count and encode. Raises pull.OutOfScope (a 403) for a cursor the server
    never handed out."""
    acks: list[str] = []
    rejects: list[Reject] = []
    if body.changes:
        with writer(engine).begin() as conn:
            result = Push(conn, device, body.cursor).run(body.changes)
        acks, rejects = result.acks, result.rejects
        log.info("device %s pushed %d (%d rejected)", device.id, len(body.changes), len(rejects))
    # A page read, built and encoded: many small objects at once. (Not around the push: its
    # transaction may wait for the write lock, and the collector is the whole process's.)
    with collector_paused():
        return _page(engine, device, body, accept_encoding, acks, rejects)


def _page(
    engine: Engine,
    device: Device,
    body: SyncRequest,
    accept_encoding: str,
    acks: list[str],
    rejects: list[Reject],
) -> Answer:
    got = Page([], body.cursor, False, False)
    found: dict[str, int] | None = None
    if body.pull:
        version2 = body.protocol >= 2
        with snapshot(engine) as conn:
            limit = min(PAGE_SIZE, body.page or PAGE_SIZE)
            base = body.base if version2 and body.base is not None else body.cursor
            own = body.own if version2 else None
            got = fetch(conn, device.hub_id, body.cursor, limit, own, min(base, body.cursor))
            if (got.moved or (version2 and body.check)) and not got.more:
                found = counts(conn, device.hub_id)
    out: dict[str, Any] = {"cursor": got.cursor, "server_time_ms": server_time_ms()}
    if got.more:
        out["more"] = True
    if acks:
        out["acks"] = acks
    if rejects:
        out["rejects"] = [r.model_dump() for r in rejects]
    if body.protocol >= 2:
        if got.rows:
            out["blocks"] = blocks_of(got.rows)
        if found is not None:
            out["counts"] = found
    else:
        rows = [WireRow.model_construct(**r.__dict__).model_dump() for r in got.rows]
        if found is not None:
            rows.append(counts_row(found, got.cursor).model_dump())
        if rows:
            out["rows"] = rows
    return encoded(out, accept_encoding)


def encoded(data: dict[str, Any], accept_encoding: str) -> Answer:
    raw = jsontext.dumps(data)
    if len(raw) > GZIP_THRESHOLD and "gzip" in accept_encoding.lower():
        return Answer(gzip.compress(raw, GZIP_LEVEL), {"Content-Encoding": "gzip"})
    return Answer(raw)


def blocks_of(page: list[PageRow]) -> list[dict[str, Any]]:
    """Version 2: the page's rows grouped by table and field names, column by column, ids
    left out where every row of a block has the id made from its parts."""
    groups: dict[tuple[str, tuple[str, ...]], list[PageRow]] = {}
    for row in page:
        groups.setdefault((row.table, tuple(row.fields)), []).append(row)
    out = []
    for (table, names), members in groups.items():
        derived, explicit = _split_derived(table, names, members)
        for rows, is_derived in ((derived, True), (explicit, False)):
            if rows:
                out.append(_block(table, names, rows, is_derived))
    return out


def _split_derived(
    table: str, names: tuple[str, ...], rows: list[PageRow]
) -> tuple[list[PageRow], list[PageRow]]:
    rule = DERIVED_IDS.get(table)
    if rule is None or not set(rule[1:]) <= set(names):
        return [], rows
    kind, parts = rule[0], rule[1:]
    derived: list[PageRow] = []
    explicit: list[PageRow] = []
    for row in rows:
        values = [row.fields[p] for p in parts]
        ok = all(isinstance(v, str) for v in values) and derive_id(kind, *values) == row.row_id
        (derived if ok else explicit).append(row)
    return derived, explicit


def _block(
    table: str, names: tuple[str, ...], rows: list[PageRow], derived: bool
) -> dict[str, Any]:
    block: dict[str, Any] = {"table": table, "fields": list(names)}
    if derived:
        block["derived"] = True
    else:
        block["ids"] = [r.row_id for r in rows]
    columns = zip(*(r.fields.values() for r in rows), strict=True) if names else ()
    block["values"] = [list(c) for c in columns]
    block["clocks"] = [r.clock for r in rows]
    return block
