"""Accepting pushed changes: idempotence by change id, validation and scope, a server sequence
number per accepted change, and the per-field last-writer-wins merge into the current rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update

from hubapp.models.base import INSERT_STAMP_KEY, field_stamp, uuid7
from hubapp.models.erasure import sealed_by_erasure
from hubapp.server import jsontext
from hubapp.server.admin import Device
from hubapp.server.erasure import Erasures
from hubapp.server.rowstate import Refused, RowState, node_of, state_of, values_of, vars_of
from hubapp.server.schema import changes, conflicts, counters, devices, member_holders, rows
from hubapp.sync.protocol import (
    CONFLICTS_TABLE,
    HUB_TABLES,
    MEMBER_TABLES,
    PUBLIC_TABLES,
    UNCONTESTED_FIELDS,
    Reject,
    Scope,
    WireChange,
)
from hubapp.sync.values import field_checks

_UPDATE_ROW = (
    update(rows)
    .where(rows.c.table_name == bindparam("t"), rows.c.row_id == bindparam("r"))
    .values(
        seq=bindparam("seq", type_=rows.c.seq.type),
        data=bindparam("data", type_=rows.c.data.type),
        clock=bindparam("clock", type_=rows.c.clock.type),
        fseq=bindparam("fseq", type_=rows.c.fseq.type),
    )
)


@dataclass
class PushResult:
    acks: list[str] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


class Push:
    """One push transaction. The counter row is locked for the whole transaction, so sequence
    numbers are handed out (and become visible) strictly in order."""

    def __init__(self, conn: Connection, device: Device, cursor: int) -> None:
        self.conn = conn
        self.device = device
        self.cursor = cursor
        self.checks = field_checks()
        self.cache: dict[tuple[str, str], RowState | None] = {}
        self.holders: dict[str, bool] = {}
        self.stored: list[dict[str, Any]] = []
        self.conflict_rows: list[dict[str, Any]] = []
        self.node_hubs: dict[str, str | None] = {}
        self.new_holders: list[dict[str, str]] = []
        self.erasures = Erasures(self)  # the erasure rule: server/erasure.py
        locked = select(counters.c.value).where(counters.c.name == "seq").with_for_update()
        self.seq = int(conn.execute(locked).scalar_one())
        self.now = datetime.now(UTC)

    def next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # -- reading state -------------------------------------------------------------------------
    def row(self, table: str, row_id: str) -> RowState | None:
        key = (table, row_id)
        if key not in self.cache:
            found = self.conn.execute(
                select(rows).where(rows.c.table_name == table, rows.c.row_id == row_id)
            ).first()
            self.cache[key] = None if found is None else state_of(found)
        return self.cache[key]

    def holds(self, member_id: str, hub_id: str | None = None) -> bool:
        hub_id = hub_id or self.device.hub_id
        key = f"{member_id}/{hub_id}"
        if key not in self.holders:
            found = self.conn.execute(
                select(member_holders.c.member_id).where(
                    member_holders.c.member_id == member_id, member_holders.c.hub_id == hub_id
                )
            ).first()
            self.holders[key] = found is not None
        return self.holders[key]

    def hub_of_node(self, node: str) -> str | None:
        if node not in self.node_hubs:
            self.node_hubs[node] = self.conn.execute(
                select(devices.c.hub_id).where(devices.c.node_id == node).limit(1)
            ).scalar()
        return self.node_hubs[node]

    # -- the push ------------------------------------------------------------------------------
    def prefetch(self, batch: list[WireChange]) -> None:
        """Every row the batch touches, in one query per table rather than one per change."""
        by_table: dict[str, set[str]] = {}
        for change in batch:
            by_table.setdefault(change.table, set()).add(change.row_id)
        for table, row_ids in by_table.items():
            for key in row_ids:
                self.cache.setdefault((table, key), None)
            ordered = sorted(row_ids)  # once, not once per chunk
            for start in range(0, len(ordered), 500):
                chunk = ordered[start : start + 500]
                for found in self.conn.execute(
                    select(rows).where(rows.c.table_name == table, rows.c.row_id.in_(chunk))
                ):
                    self.cache[(table, found.row_id)] = state_of(found)
        self.prefetch_holders(batch)

    def prefetch_holders(self, batch: list[WireChange]) -> None:
        """Whether this hub holds each member the batch is about, in one query per 500."""
        hub = self.device.hub_id
        members: set[str] = set()
        for change in batch:
            column = MEMBER_TABLES.get(change.table)
            if column is None:
                continue
            state = self.cache.get((change.table, change.row_id))
            subject = state.subject_id if state else None
            subject = subject or (change.row_id if column == "id" else change.fields.get(column))
            if isinstance(subject, str):
                members.add(subject)
        ordered = sorted(members)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            held = set(
                self.conn.scalars(
                    select(member_holders.c.member_id).where(
                        member_holders.c.hub_id == hub, member_holders.c.member_id.in_(chunk)
                    )
                )
            )
            for member_id in chunk:
                self.holders[f"{member_id}/{hub}"] = member_id in held

    def run(self, batch: list[WireChange]) -> PushResult:
        result = PushResult()
        ids = [c.change_id for c in batch]
        known = set(
            self.conn.scalars(select(changes.c.change_id).where(changes.c.change_id.in_(ids)))
        )
        self.prefetch(batch)
        self.erasures.prefetch(batch)
        for change in batch:
            if change.change_id in known:
                result.acks.append(change.change_id)  # a resend: stored once, acked again
                continue
            try:
                self.accept(change)
            except Refused as refused:
                result.rejects.append(Reject(change_id=change.change_id, **vars_of(refused)))
                continue
            known.add(change.change_id)
            result.acks.append(change.change_id)
        self.flush()
        self.erasures.finish()
        return result

    def validate(self, change: WireChange) -> None:
        checks = self.checks.get(change.table)
        if checks is None:
            raise Refused("unknown_table", f"'{change.table}' is not a table that syncs.")
        for name, value in change.fields.items():
            check = checks.get(name)
            if check is None:
                raise Refused("bad_field", f"{change.table} has no field '{name}'.")
            problem = check(value) or jsontext.unstorable(value)
            if problem:
                raise Refused("bad_value", f"{change.table}.{name} {problem}.")
        if node_of(change.hlc) == "":
            raise Refused("bad_value", "the change's clock stamp is malformed.")

    def scope_of(
        self, change: WireChange, state: RowState | None
    ) -> tuple[str, str | None, str | None]:
        """(scope, subject member, owning hub) for a change, or Refused if out of scope."""
        hub = self.device.hub_id
        table = change.table
        if table in PUBLIC_TABLES:
            return Scope.PUBLIC, None, None
        subject_column = MEMBER_TABLES.get(table)
        if subject_column is not None:
            subject = state.subject_id if state else None
            if state is None:
                subject = (
                    change.row_id if subject_column == "id" else change.fields.get(subject_column)
                )
            if state is not None and state.scope == Scope.HUB:
                subject = None
            if subject is None:  # e.g. interest shown by someone who is not a member
                if state is not None and state.scope_hub_id != hub:
                    raise Refused("out_of_scope", "that row belongs to another hub.")
                return Scope.HUB, None, hub
            if subject_column != "id" and change.fields.get(subject_column, subject) != subject:
                raise Refused("bad_value", "a row cannot move to another member.")
            new_member = table == "members" and state is None
            if not new_member and not self.holds(subject):
                raise Refused("out_of_scope", "that member is not held by this hub.")
            return Scope.MEMBER, subject, None
        if table in HUB_TABLES:
            if state is not None and state.scope_hub_id != hub:
                raise Refused("out_of_scope", "that row belongs to another hub.")
            return Scope.HUB, None, hub
        raise Refused("unknown_table", f"'{table}' is not a table that syncs.")

    def accept(self, change: WireChange) -> None:
        self.validate(change)
        state = self.row(change.table, change.row_id)
        if state is None and change.op == "update":
            raise Refused("unknown_row", "an edit of a row the server never received.")
        scope, subject, owner = self.scope_of(change, state)
        change = self.erasures.seal(change, subject)
        seq = self.next_seq()
        if state is None:
            state = RowState(
                change.table,
                change.row_id,
                dict(change.fields),
                {INSERT_STAMP_KEY: change.hlc},
                {INSERT_STAMP_KEY: seq},
                scope,
                subject,
                owner,
                seq,
                new=True,
                dirty=True,
            )
            self.cache[(change.table, change.row_id)] = state
        else:
            self.merge(state, change, seq)
        self.stored.append(
            {
                "seq": seq,
                "change_id": change.change_id,
                "hub_id": self.device.hub_id,
                "device_id": self.device.id,
                "table_name": change.table,
                "row_id": change.row_id,
                "op": change.op,
                "fields": change.fields,
                "hlc": change.hlc,
                "received_at": self.now,
            }
        )
        self.after_accept(change, state)

    def merge(self, state: RowState, change: WireChange, seq: int) -> None:
        stamp = change.hlc
        for name, value in change.fields.items():
            current = field_stamp(state.clock, name)
            if stamp == current:
                continue
            field_seq = state.fseq.get(name, state.fseq[INSERT_STAMP_KEY])
            concurrent = (
                field_seq > self.cursor
                and node_of(current) != node_of(stamp)
                and name not in UNCONTESTED_FIELDS
                and not sealed_by_erasure(current)
            )
            old = state.data.get(name)
            if stamp > current:
                if concurrent and old != value:
                    self.conflict(state, name, (value, stamp), (old, current))
                state.data[name] = value
                state.clock[name] = stamp
                state.fseq[name] = seq
                state.seq = seq
                state.dirty = True
            elif concurrent and old != value:
                self.conflict(state, name, (old, current), (value, stamp))

    def conflict(
        self, state: RowState, name: str, winner: tuple[Any, str], loser: tuple[Any, str]
    ) -> None:
        seq = self.next_seq()
        conflict_id = uuid7()
        fields = {
            "table_name": state.table,
            "row_id": state.row_id,
            "field": name,
            "winner_value": winner[0],
            "winner_stamp": winner[1],
            "loser_value": loser[0],
            "loser_stamp": loser[1],
            "loser_hub_id": self.hub_of_node(node_of(loser[1])),
            "detected_at": self.now.isoformat(),
        }
        self.conflict_rows.append({"id": conflict_id, **fields, "detected_at": self.now})
        # Sent to hubs like a row, in the scope of the row it is about.
        self.cache[(CONFLICTS_TABLE, conflict_id)] = RowState(
            CONFLICTS_TABLE,
            conflict_id,
            fields,
            {INSERT_STAMP_KEY: winner[1]},
            {INSERT_STAMP_KEY: seq},
            state.scope,
            state.subject_id,
            state.scope_hub_id,
            seq,
            new=True,
            dirty=True,
        )

    def after_accept(self, change: WireChange, state: RowState) -> None:
        """Who holds a member changes with registrations and group memberships."""
        if change.table == "members":
            # A member registered just now has no older rows to send again.
            fresh = state.new
            self.add_holder(state.row_id, self.device.hub_id if fresh else None, fresh)
            registered = state.data.get("hub_id")
            if registered:
                self.add_holder(state.row_id, registered, fresh)
        elif change.table == "group_memberships" and state.subject_id:
            group = self.row("groups", str(state.data.get("group_id")))
            running = group.data.get("hub_id") if group else None
            if running:
                self.add_holder(state.subject_id, running)

    def add_holder(self, member_id: str, hub_id: str | None, fresh: bool = False) -> None:
        if hub_id is None:
            return
        key = f"{member_id}/{hub_id}"
        # A member first seen in this push has no holders yet: no need to ask the database.
        if self.holders.get(key) or (not fresh and self.holds(member_id, hub_id)):
            return
        self.new_holders.append({"member_id": member_id, "hub_id": hub_id})
        self.holders[key] = True
        if not fresh:
            self.resequence(member_id)

    def resequence(self, member_id: str) -> None:
        """A hub that comes to hold a member must receive the member's rows whole, even though
        its cursor is past them: give them fresh sequence numbers."""
        self.flush()
        found = self.conn.execute(
            select(rows.c.table_name, rows.c.row_id).where(rows.c.subject_id == member_id)
        ).all()
        for table, row_id in found:
            state = self.row(table, row_id)
            assert state is not None
            seq = self.next_seq()
            state.seq = seq
            state.fseq = {INSERT_STAMP_KEY: seq}
            state.dirty = True

    def flush(self) -> None:
        dirty = [s for s in self.cache.values() if s is not None and s.dirty]
        new = [s for s in dirty if s.new]
        if new:
            self.conn.execute(insert(rows), [values_of(s) for s in new])
        changed = [
            {"t": s.table, "r": s.row_id, "seq": s.seq, "data": s.data, "clock": s.clock,
             "fseq": s.fseq}
            for s in dirty
            if not s.new
        ]  # fmt: skip
        if changed:  # one executemany, not a statement per row
            self.conn.execute(_UPDATE_ROW, changed)
        for s in dirty:
            s.new = s.dirty = False
        if self.new_holders:
            self.conn.execute(insert(member_holders), self.new_holders)
            self.new_holders = []
        if self.stored:
            self.conn.execute(insert(changes), self.stored)
            self.stored = []
        if self.conflict_rows:
            self.conn.execute(insert(conflicts), self.conflict_rows)
            self.conflict_rows = []
        self.conn.execute(update(counters).where(counters.c.name == "seq").values(value=self.seq))
