"""Applying one sync answer at the hub: its acks and rejects, one pull page, the new cursor and
(at the end of a sync) the count check, all in ONE local transaction. Rows merge per field by
stamp, keeping the losing values of conflicts; rows new to the hub go in by bulk insert."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from hubapp.models import Base, Change, ChangeStatus, LocalSetting, SyncConflict
from hubapp.models.base import INSERT_STAMP_KEY, field_stamp, uuid7
from hubapp.models.changes import CLOCK_SETTING, to_wire
from hubapp.models.collector import collector_paused
from hubapp.models.database import Database
from hubapp.models.erasure import sealed_by_erasure
from hubapp.models.hlc import Stamp
from hubapp.sync.bulk import NewRows, sign_ups, write_new_rows
from hubapp.sync.counts import check_counts
from hubapp.sync.erasure import overwrite_until_commit, purge_erased_on_page, purge_sealed_rows
from hubapp.sync.protocol import (
    CONFLICTS_TABLE,
    COUNTS_TABLE,
    DERIVED_IDS,
    UNCONTESTED_FIELDS,
    SyncResponse,
    WireRow,
)
from hubapp.sync.values import derive_id, from_wire, remote_journal_fields

log = logging.getLogger("hubapp.sync")
CURSOR_SETTING = "sync.cursor"
# Where the hub's pull started, while one of several pages is under way (SyncRequest.base):
# the cursor of its last complete pull. Saved with the cursor, page by page.
BASE_SETTING = "sync.base"
CHUNK = 2_000  # ids per IN (...) query, well under SQLite's variable limit
NEW_ROW = object()  # marks a row inserted earlier in the same page
PAGE_CACHE_KIB = -131072  # SQLite's page cache while applying a page (negative: in KiB)


class GarbledPage(ValueError):
    """A page whose columns do not line up, or whose ids cannot be made again."""


@dataclass
class Applied:
    rows: int = 0
    conflicts: int = 0
    rejected: int = 0
    # After the count check: the tables whose counts differ, as (here, on the server);
    # None when no check was made with this answer.
    counts_differ: dict[str, tuple[int, int]] | None = None


@cache
def model_for() -> dict[str, type[Any]]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers}  # type: ignore[attr-defined]


@dataclass
class Block:
    """Rows of one table carrying the same fields, column by column (a version 2 block, or
    version 1 rows grouped so), and which of them turned out to be new here."""

    table: str
    fields: list[str]
    ids: list[str]
    columns: list[list[Any]]
    clocks: list[dict[str, str]]
    new: list[int] = field(default_factory=list)

    def new_rows(self) -> NewRows:
        if len(self.new) == len(self.ids):
            return NewRows(self.table, self.fields, self.ids, self.columns, self.clocks)
        pick = self.new
        return NewRows(
            self.table,
            self.fields,
            [self.ids[i] for i in pick],
            [[column[i] for i in pick] for column in self.columns],
            [self.clocks[i] for i in pick],
        )


class Incoming:
    """One row of a page, read from its block."""

    __slots__ = ("block", "index", "row_id")

    def __init__(self, block: Block, index: int) -> None:
        self.block = block
        self.index = index
        self.row_id = block.ids[index]

    @property
    def table(self) -> str:
        return self.block.table

    @property
    def clock(self) -> dict[str, str]:
        return self.block.clocks[self.index]

    @property
    def fields(self) -> dict[str, Any]:
        i = self.index
        return {n: c[i] for n, c in zip(self.block.fields, self.block.columns, strict=True)}


def blocks_of(answer: SyncResponse) -> tuple[list[Block], dict[str, int] | None]:
    """The page as blocks, and the server's counts if the answer carries them."""
    out: list[Block] = []
    for b in answer.blocks:
        size = len(b.clocks)
        if len(b.values) != len(b.fields) or any(len(c) != size for c in b.values):
            raise GarbledPage(f"a block of {b.table} whose columns do not line up")
        ids = _derived_ids(b.table, b.fields, b.values, size) if b.derived else b.ids
        if len(ids) != size:
            raise GarbledPage(f"a block of {b.table} with {len(ids)} ids for {size} rows")
        out.append(Block(b.table, b.fields, ids, b.values, b.clocks))
    counts = answer.counts
    groups: dict[tuple[str, tuple[str, ...]], list[WireRow]] = defaultdict(list)
    for row in answer.rows:  # version 1
        if row.table == COUNTS_TABLE:
            counts = {k: int(v) for k, v in row.fields.items()}
        else:
            groups[(row.table, tuple(row.fields))].append(row)
    for (table, names), rows in groups.items():
        columns = [[r.fields[n] for r in rows] for n in names]
        out.append(
            Block(table, list(names), [r.row_id for r in rows], columns, [r.clock for r in rows])
        )
    return out, counts


def _save_base(session: Session, answer: SyncResponse) -> None:
    """A pull's last page completes it: its cursor is the next pull's base. A page of several
    keeps the base no later than the cursor it started from (a cursor set back to 0, to pull
    everything again, takes the base with it)."""
    if not answer.more:
        save_setting(session, BASE_SETTING, str(answer.cursor))
        return
    kept = session.get(LocalSetting, BASE_SETTING)
    started = session.get(LocalSetting, CURSOR_SETTING)
    start = int(started.value) if started else 0
    if kept is None or int(kept.value) > start:
        save_setting(session, BASE_SETTING, str(start))


def _derived_ids(table: str, fields: list[str], values: list[list[Any]], size: int) -> list[str]:
    rule = DERIVED_IDS.get(table)
    if rule is None or not set(rule[1:]) <= set(fields):
        raise GarbledPage(f"ids of {table} cannot be made from its fields")
    parts = [values[fields.index(p)] for p in rule[1:]]
    if not all(isinstance(v, str) for column in parts for v in column):
        raise GarbledPage(f"ids of {table} cannot be made from empty fields")
    return [derive_id(rule[0], *(column[i] for column in parts)) for i in range(size)]


@contextmanager
def replica_session(db: Database) -> Iterator[Session]:
    """A transaction without change capture and without foreign-key enforcement: replicated
    rows may point at rows outside this hub's scope (a member of another hub)."""
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        # A larger page cache while a page goes in: a first pull inserts into every index of
        # tables of 100,000s of rows, and the default 2 MB sends it back to disk for pages.
        previous = raw.execute("PRAGMA cache_size").fetchone()
        raw.execute(f"PRAGMA cache_size={PAGE_CACHE_KIB}")
        try:
            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                yield session
        finally:
            raw.execute("PRAGMA foreign_keys=ON")
            raw.execute(f"PRAGMA cache_size={int(previous[0]) if previous else -2000}")


def apply_response(db: Database, answer: SyncResponse, *, pulled: bool = True) -> Applied:
    """Everything in `answer` lands, or (on any error) nothing does and the cursor stays.
    `pulled`: the answer is a pull page (its last page completes the pull: BASE_SETTING)."""
    blocks, counts = blocks_of(answer)
    with collector_paused(), replica_session(db) as session:
        done = Applied()
        for chunk in chunks(answer.acks):
            session.execute(
                update(Change)
                .where(Change.change_id.in_(chunk), Change.origin == "local")
                .values(status=ChangeStatus.SENT, last_error=None)
            )
        for reject in answer.rejects:
            done.rejected += 1
            log.warning("change %s rejected by the server: %s", reject.change_id, reject.code)
            session.execute(
                update(Change)
                .where(Change.change_id == reject.change_id)
                .values(
                    status=ChangeStatus.REJECTED,
                    last_error=f"{reject.code}: {reject.reason}",
                    attempts=Change.attempts + 1,
                )
            )
        if blocks:
            PageMerge(db, session, done).run(blocks)
        if pulled:
            _save_base(session, answer)
        save_setting(session, CURSOR_SETTING, str(answer.cursor))
        if counts is not None:
            session.flush()
            done.counts_differ = check_counts(session, counts)
    return done


def chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def save_setting(session: Session, key: str, value: str) -> None:
    found = session.get(LocalSetting, key)
    if found is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        found.value = value


class PageMerge:
    def __init__(self, db: Database, session: Session, done: Applied) -> None:
        self.db = db
        self.session = session
        self.done = done
        self.journal: list[dict[str, Any]] = []
        self.latest = ""
        self.hub_id = db.hub_id
        self.unknown: set[str] = set()
        self.sealed: dict[str, set[str]] = {}  # rows given values the server sealed

    def run(self, blocks: list[Block]) -> None:
        pending = self.pending_fields({(b.table, i) for b in blocks for i in b.ids})
        existing = self.prefetch(blocks)
        for block in blocks:
            for index in range(len(block.ids)):
                self.apply_row(Incoming(block, index), existing, pending)
            if block.table != CONFLICTS_TABLE and block.table in model_for():
                stamps = (max(c.values()) for c in block.clocks if c)
                self.latest = max(self.latest, *stamps, "")
        self.session.flush()
        raw = self.session.connection().connection.dbapi_connection
        assert raw is not None
        # Members first: the rows their sign-up brought (values.TOLD_WITH_SIGN_UP) are told
        # with it, whichever page of the sync they come on.
        for block in sorted(blocks, key=lambda b: b.table != "members"):
            if block.new:
                rows = block.new_rows()
                write_new_rows(raw, rows, sign_ups(raw, rows))
        if self.journal:
            self.session.execute(insert(Change), self.journal)
        purge_erased_on_page(self.session, blocks)  # the erasure rule: sync/erasure.py
        purge_sealed_rows(self.session, self.sealed)  # values the server sealed: words go
        if self.latest:
            # Later local writes must sort after everything seen, whatever the wall clock says.
            self.db.clock.observe(Stamp.parse(self.latest))
            save_setting(self.session, CLOCK_SETTING, str(self.db.clock.last))

    def pending_fields(self, keys: set[tuple[str, str]]) -> set[tuple[str, str, str]]:
        """Local writes not yet acknowledged (made during this sync) to rows on the page."""
        found = self.session.execute(
            select(Change.table_name, Change.row_id, Change.fields).where(
                Change.status == ChangeStatus.PENDING
            )
        )
        return {
            (table, row_id, name)
            for table, row_id, fields in found
            if (table, row_id) in keys
            for name in fields
        }

    def prefetch(self, blocks: list[Block]) -> dict[tuple[str, str], Any]:
        """The rows on the page this hub already holds (as ORM objects, to merge into)."""
        ids: dict[str, list[str]] = defaultdict(list)
        for block in blocks:
            ids[block.table].extend(block.ids)
        raw = self.session.connection().connection.dbapi_connection
        assert raw is not None
        out: dict[tuple[str, str], Any] = {}
        for table, row_ids in ids.items():
            model = SyncConflict if table == CONFLICTS_TABLE else model_for().get(table)
            if model is None:
                continue
            # Which are here: one query with the ids as one JSON parameter, not 1,000s of them.
            name = str(model.__tablename__)
            held = [
                found
                for (found,) in raw.execute(
                    f'SELECT id FROM "{name}" WHERE id IN (SELECT value FROM json_each(?))',
                    (json.dumps(row_ids),),
                )
            ]
            for chunk in chunks(held):
                for obj in self.session.scalars(select(model).where(model.id.in_(chunk))):
                    out[(table, obj.id)] = obj
        return out

    def apply_row(
        self,
        row: Incoming,
        existing: dict[tuple[str, str], Any],
        pending: set[tuple[str, str, str]],
    ) -> None:
        key = (row.table, row.row_id)
        if row.table == CONFLICTS_TABLE:
            held = existing.get(key)
            if held is None:
                self.add_conflict(row.row_id, row.fields)
                existing[key] = NEW_ROW
            elif held is not NEW_ROW:  # sent again: its values blanked by an erasure
                for name in ("winner_value", "loser_value"):
                    if getattr(held, name) != row.fields.get(name):
                        setattr(held, name, row.fields.get(name))
            return
        model = model_for().get(row.table)
        if model is None:
            if row.table not in self.unknown:
                self.unknown.add(row.table)
                log.warning("pulled rows of unknown table %s; skipped", row.table)
            return
        obj = existing.get(key)
        if obj is None:
            if INSERT_STAMP_KEY not in row.clock:
                log.warning("row %s/%s arrived without its insert; skipped", *key)
                return
            # New rows go in by executemany at the end of the page: far cheaper than the ORM.
            row.block.new.append(row.index)
            existing[key] = NEW_ROW
            self.done.rows += 1
            return
        if obj is NEW_ROW:
            return  # the same row twice in one page cannot happen; be safe anyway
        self.merge(obj, row, pending)

    def merge(self, obj: Any, row: Incoming, pending: set[tuple[str, str, str]]) -> None:
        changed: dict[str, Any] = {}
        stamps: dict[str, str] = {}
        clock = row.clock
        for name, value in row.fields.items():
            remote = field_stamp(clock, name)
            local = field_stamp(obj.clock or {}, name)
            if remote == local:
                continue
            erasure = sealed_by_erasure(remote)
            if erasure:
                if not self.sealed:
                    overwrite_until_commit(self.session)  # before the old words are freed
                self.sealed.setdefault(row.table, set()).add(row.row_id)
            mine = to_wire(getattr(obj, name))
            clash = (
                (row.table, row.row_id, name) in pending
                and mine != value
                and name not in UNCONTESTED_FIELDS
            )
            if remote > local or erasure:  # an erasure's blank holds whatever the stamps
                if clash and not erasure:
                    self.local_conflict(row, name, (value, remote), (mine, local))
                setattr(obj, name, from_wire(row.table, name, value))
                changed[name] = value
                stamps[name] = max(remote, local)
            elif clash:
                self.local_conflict(row, name, (mine, local), (value, remote))
        if changed:
            obj.clock = {**(obj.clock or {}), **stamps}
            self.record(obj, changed, max(stamps.values()))
            self.done.rows += 1

    def record(self, obj: Any, fields: dict[str, Any], stamp: str) -> None:
        """Journal what was applied (origin remote, never sent back) for the member's history."""
        table = obj.__tablename__
        subject = obj.id if table == "members" else getattr(obj, "member_id", None)
        self.journal.append(
            {
                "change_id": uuid7(),
                "table_name": table,
                "row_id": obj.id,
                "subject_id": subject,
                "op": "update",
                "fields": remote_journal_fields(table, "update", fields),
                "hlc": stamp,
                "origin": "remote",
                "status": ChangeStatus.APPLIED,
                "attempts": 0,
            }
        )

    def add_conflict(self, row_id: str, f: dict[str, Any]) -> None:
        self.session.add(
            SyncConflict(
                id=row_id,
                table_name=f["table_name"],
                row_id=f["row_id"],
                field=f["field"],
                winner_value=f.get("winner_value"),
                winner_stamp=f["winner_stamp"],
                loser_value=f.get("loser_value"),
                loser_stamp=f["loser_stamp"],
                loser_hub_id=f.get("loser_hub_id"),
                detected_by="server",
            )
        )
        self.done.conflicts += 1

    def local_conflict(
        self, row: Incoming, name: str, winner: tuple[Any, str], loser: tuple[Any, str]
    ) -> None:
        self.session.add(
            SyncConflict(
                table_name=row.table,
                row_id=row.row_id,
                field=name,
                winner_value=winner[0],
                winner_stamp=winner[1],
                loser_value=loser[0],
                loser_stamp=loser[1],
                loser_hub_id=self.hub_id if loser[1].endswith(self.db.node_id) else None,
                detected_by="hub",
            )
        )
        self.done.conflicts += 1
