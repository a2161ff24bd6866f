"""Applying one sync answer at the hub: its acks and rejects, one pull page and the new cursor, all
in ONE local transaction, merging per field by stamp and keeping the losing values of conflicts."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from hubapp.models import Base, Change, ChangeStatus, LocalSetting, SyncConflict
from hubapp.models.base import INSERT_STAMP_KEY, field_stamp, uuid7
from hubapp.models.changes import CLOCK_SETTING, to_wire
from hubapp.models.database import Database
from hubapp.models.hlc import Stamp
from hubapp.models.people import member_sort_key
from hubapp.sync.protocol import CONFLICTS_TABLE, MEMBER_TABLES, SyncResponse, WireRow
from hubapp.sync.values import from_wire

log = logging.getLogger("hubapp.sync")
CURSOR_SETTING = "sync.cursor"
CHUNK = 500  # ids per IN (...) query, well under SQLite's variable limit
NEW_ROW = object()  # marks a row inserted earlier in the same page


@dataclass
class Applied:
    rows: int = 0
    conflicts: int = 0
    rejected: int = 0


@cache
def model_for() -> dict[str, type[Any]]:
    return {m.local_table.name: m.class_ for m in Base.registry.mappers}  # type: ignore[attr-defined]


@contextmanager
def replica_session(db: Database) -> Iterator[Session]:
    """A transaction without change capture and without foreign-key enforcement: replicated
    rows may point at rows outside this hub's scope (a member of another hub)."""
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")  # only takes effect outside a transaction
        try:
            with Session(bind=conn, expire_on_commit=False) as session, session.begin():
                yield session
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def apply_response(db: Database, answer: SyncResponse) -> Applied:
    """Everything in `answer` lands, or (on any error) nothing does and the cursor stays."""
    with replica_session(db) as session:
        done = Applied()
        if answer.acks:
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
        if answer.rows:
            PageMerge(db, session, done).run(answer.rows)
        save_setting(session, CURSOR_SETTING, str(answer.cursor))
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
        self.new_rows: dict[type[Any], list[dict[str, Any]]] = {}
        self.latest = ""
        self.hub_id = db.hub_id

    def run(self, page: list[WireRow]) -> None:
        pending = self.pending_fields({(r.table, r.row_id) for r in page})
        existing = self.prefetch(page)
        for wire in page:
            self.apply_row(wire, existing, pending)
        self.session.flush()
        for model, values in self.new_rows.items():
            # Rows of one table share their keys, except fields a hub never set: fill them with
            # the column defaults by inserting each distinct key set separately.
            by_keys: dict[frozenset[str], list[dict[str, Any]]] = {}
            for row in values:
                by_keys.setdefault(frozenset(row), []).append(row)
            for same in by_keys.values():
                self.session.execute(insert(model.__table__), same)
        if self.journal:
            self.session.execute(insert(Change), self.journal)
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

    def prefetch(self, page: list[WireRow]) -> dict[tuple[str, str], Any]:
        ids: dict[str, list[str]] = defaultdict(list)
        for wire in page:
            ids[wire.table].append(wire.row_id)
        out: dict[tuple[str, str], Any] = {}
        for table, row_ids in ids.items():
            model = SyncConflict if table == CONFLICTS_TABLE else model_for().get(table)
            if model is None:
                continue
            for chunk in chunks(row_ids):
                for obj in self.session.scalars(select(model).where(model.id.in_(chunk))):
                    out[(table, obj.id)] = obj
        return out

    def apply_row(
        self,
        wire: WireRow,
        existing: dict[tuple[str, str], Any],
        pending: set[tuple[str, str, str]],
    ) -> None:
        key = (wire.table, wire.row_id)
        if wire.table == CONFLICTS_TABLE:
            if key not in existing:
                self.add_conflict(wire)
            return
        model = model_for().get(wire.table)
        if model is None:
            log.warning("pulled a row of unknown table %s; skipped", wire.table)
            return
        for stamp in wire.clock.values():
            self.latest = max(self.latest, stamp)
        obj = existing.get(key)
        if obj is None:
            if INSERT_STAMP_KEY not in wire.clock:
                log.warning("row %s/%s arrived without its insert; skipped", *key)
                return
            values = {n: from_wire(wire.table, n, v) for n, v in wire.fields.items()}
            values["id"] = wire.row_id
            values["clock"] = dict(wire.clock)
            if wire.table == "members":  # what the ORM's before_insert hook would do
                values["sort_key"] = member_sort_key(
                    values.get("last_name") or "", values.get("first_name") or ""
                )
            # New rows go in by executemany at the end of the page: far cheaper than the ORM.
            self.new_rows.setdefault(model, []).append(values)
            existing[key] = NEW_ROW
            self.record_new(wire, max(wire.clock.values()))
            self.done.rows += 1
            return
        if obj is NEW_ROW:
            return  # the same row twice in one page cannot happen; be safe anyway
        changed: dict[str, Any] = {}
        stamps: dict[str, str] = {}
        for name, value in wire.fields.items():
            remote = field_stamp(wire.clock, name)
            local = field_stamp(obj.clock or {}, name)
            if remote == local:
                continue
            mine = to_wire(getattr(obj, name))
            clash = (wire.table, wire.row_id, name) in pending and mine != value
            if remote > local:
                if clash:
                    self.local_conflict(wire, name, (value, remote), (mine, local))
                setattr(obj, name, from_wire(wire.table, name, value))
                changed[name] = value
                stamps[name] = remote
            elif clash:
                self.local_conflict(wire, name, (mine, local), (value, remote))
        if changed:
            obj.clock = {**(obj.clock or {}), **stamps}
            self.record(obj, "update", changed, max(stamps.values()))
            self.done.rows += 1

    def record_new(self, wire: WireRow, stamp: str) -> None:
        member = MEMBER_TABLES.get(wire.table)
        subject = wire.row_id if member == "id" else wire.fields.get(member or "member_id")
        self.journal_entry(wire.table, wire.row_id, subject, "insert", wire.fields, stamp)

    def record(self, obj: Any, op: str, fields: dict[str, Any], stamp: str) -> None:
        table = obj.__tablename__
        subject = obj.id if table == "members" else getattr(obj, "member_id", None)
        self.journal_entry(table, obj.id, subject, op, fields, stamp)

    def journal_entry(
        self,
        table: str,
        row_id: str,
        subject: str | None,
        op: str,
        fields: dict[str, Any],
        stamp: str,
    ) -> None:
        """Journal what was applied (origin remote, never sent back) for the member's history."""
        self.journal.append(
            {
                "change_id": uuid7(),
                "table_name": table,
                "row_id": row_id,
                "subject_id": subject,
                "op": op,
                "fields": fields,
                "hlc": stamp,
                "origin": "remote",
                "status": ChangeStatus.APPLIED,
                "attempts": 0,
            }
        )

    def add_conflict(self, wire: WireRow) -> None:
        f = wire.fields
        self.session.add(
            SyncConflict(
                id=wire.row_id,
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
        self, wire: WireRow, name: str, winner: tuple[Any, str], loser: tuple[Any, str]
    ) -> None:
        self.session.add(
            SyncConflict(
                table_name=wire.table,
                row_id=wire.row_id,
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
