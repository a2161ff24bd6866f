"""Erasure on the server (docs/sync-protocol.md, "Erasure"): every write it accepts to a row of
an erased member is sealed (personal values blank, a tombstone, never un-erased) before it is
merged or stored, and a push that erases a member purges what the server kept about them:
the current state of their rows (blanked whatever the stamps, and sent again), the changes
stored for those rows and the conflicts about them. The rule itself is models/erasure.py."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select, update

from hubapp.models.base import field_stamp
from hubapp.models.erasure import (
    LINKED_TEXT,
    PERSONAL_FIELDS,
    blank_conflict_value,
    blank_personal,
    erasure_stamp,
    linked_member,
    sealed,
)
from hubapp.server.rowstate import RowState
from hubapp.server.schema import changes, conflicts, rows
from hubapp.sync.protocol import CONFLICTS_TABLE, MEMBER_TABLES, WireChange

if TYPE_CHECKING:
    from hubapp.server.push import Push

log = logging.getLogger("hubapp.server")
CHUNK = 500


class Erasures:
    """The erasure rule for one push transaction."""

    def __init__(self, push: Push) -> None:
        self.push = push
        self.erased: set[str] = set()  # members erased before or during this push
        self.new: list[str] = []  # erased by this push: purged once its changes are in
        self.reseal: set[tuple[str, str]] = set()  # rows with words about them: blank again

    def prefetch(self, batch: list[WireChange]) -> None:
        """Which of the members the batch is about are erased: one query per 500."""
        subjects: set[str] = set()
        for change in batch:
            account_of = self.account_member(change) or self.linked_to(change)
            if account_of is not None:
                subjects.add(account_of)
            column = MEMBER_TABLES.get(change.table)
            if column is None:
                continue
            state = self.push.cache.get((change.table, change.row_id))
            subject = state.subject_id if state else None
            subject = subject or (change.row_id if column == "id" else change.fields.get(column))
            if isinstance(subject, str):
                subjects.add(subject)
        ordered = sorted(subjects)
        erased_at = rows.c.data["erased_at"].as_string()
        for start in range(0, len(ordered), CHUNK):
            self.erased.update(
                self.push.conn.scalars(
                    select(rows.c.row_id).where(
                        rows.c.table_name == "members",
                        rows.c.row_id.in_(ordered[start : start + CHUNK]),
                        erased_at.is_not(None),
                    )
                )
            )

    def account_member(self, change: WireChange) -> str | None:
        """The member a staff account (an organiser's) belongs to, if the change is to one."""
        if change.table != "staff_users":
            return None
        found = change.fields.get("member_id")
        if found is None:
            state = self.push.cache.get((change.table, change.row_id))
            found = state.data.get("member_id") if state else None
        return found if isinstance(found, str) else None

    def linked_to(self, change: WireChange) -> str | None:
        """The member a row with free text about them (models.erasure.LINKED_TEXT) is about."""
        if change.table not in LINKED_TEXT:
            return None
        state = self.push.cache.get((change.table, change.row_id))
        return linked_member(change.table, change.fields) or (
            linked_member(change.table, state.data) if state else None
        )

    def seal(self, change: WireChange, subject: str | None) -> WireChange:
        """The change as it may be merged and stored: sealed if its member is erased (for a
        staff account linked to an erased member too, e.g. renamed or switched on again at
        its hub before that hub heard of the erasure)."""
        account_of = self.account_member(change)
        if account_of is not None:
            if account_of not in self.erased:
                return change
            fields = sealed(change.table, change.fields)
            return (
                change if fields == change.fields else change.model_copy(update={"fields": fields})
            )
        linked = self.linked_to(change)
        if linked is not None:  # a record that stays: only its words about them go
            if linked not in self.erased:
                return change
            text = LINKED_TEXT[change.table][1]
            if text.keys().isdisjoint(change.fields):
                return change
            # The words go in with the rest of the change (its other fields as written), and
            # are then blanked with a stamp of the server's (finish): the hub that wrote them
            # is sent the blank too.
            self.reseal.add((change.table, change.row_id))
            return change.model_copy(update={"fields": blank_personal(change.table, change.fields)})
        if subject is None or change.table not in MEMBER_TABLES:
            return change
        erasing = change.table == "members" and change.fields.get("erased_at") is not None
        if erasing and subject not in self.erased:
            self.erased.add(subject)
            self.new.append(subject)
        if subject not in self.erased:
            return change
        fields = sealed(change.table, change.fields)
        if fields == change.fields:
            return change
        return change.model_copy(update={"fields": fields})

    def finish(self) -> None:
        """Purges the members this push erased (after the push's own changes are stored), and
        blanks again, with the server's stamp, the words a late write about them held."""
        if self.reseal:
            self.push.flush()
            resealed = [self.seal_state(t, r) for t, r in sorted(self.reseal)]
            self.purge_changes([s for s in resealed if s is not None])
            self.reseal = set()
        if not self.new:
            return
        push = self.push
        with overwriting_freed_space(push.conn):
            push.flush()
            for member_id in self.new:
                touched = [self.seal_state(t, r) for t, r in self.rows_of(member_id)]
                rewritten = self.purge_changes([s for s in touched if s is not None])
                log.info("erasure of member %s: %d stored changes blanked", member_id, rewritten)
            push.flush()
        self.new = []

    def rows_of(self, member_id: str) -> list[tuple[str, str]]:
        """The member's rows (and conflicts about them), and staff accounts linked to them."""
        conn = self.push.conn
        found = conn.execute(
            select(rows.c.table_name, rows.c.row_id).where(rows.c.subject_id == member_id)
        )
        staff = conn.execute(
            select(rows.c.row_id, rows.c.data).where(rows.c.table_name == "staff_users")
        )
        linked = [r for r, data in staff if _loaded(data).get("member_id") == member_id]
        texts = [
            (table, row_id)
            for table, (column, _blanks) in LINKED_TEXT.items()
            for row_id in conn.scalars(
                select(rows.c.row_id).where(
                    rows.c.table_name == table, rows.c.data[column].as_string() == member_id
                )
            )
        ]
        # Conflicts about those rows are rows of their own, not about her by subject.
        about = rows.c.data["row_id"].as_string()
        text_conflicts = [
            (CONFLICTS_TABLE, row_id)
            for start in range(0, len(texts), CHUNK)
            for row_id in conn.scalars(
                select(rows.c.row_id).where(
                    rows.c.table_name == CONFLICTS_TABLE,
                    about.in_([r for _t, r in texts[start : start + CHUNK]]),
                )
            )
        ]
        return [
            *((t, r) for t, r in found),
            *(("staff_users", r) for r in linked),
            *texts,
            *text_conflicts,
        ]

    def seal_state(self, table: str, row_id: str) -> RowState | None:
        """Blanks a row's current state whatever its stamps (a write that reached the server
        before the erasure may be later than it); each field changed goes out again with a
        new seq, so that every hub holding the member receives the blank."""
        state = self.push.row(table, row_id)
        if state is None:
            return None
        if table == CONFLICTS_TABLE:
            data = state.data
            name, about = str(data.get("field")), str(data.get("table_name"))
            before = (data.get("winner_value"), data.get("loser_value"))
            for key in ("winner_value", "loser_value"):
                data[key] = blank_conflict_value(about, name, data.get(key))
            if (data.get("winner_value"), data.get("loser_value")) != before:
                state.seq = self.push.next_seq()  # sent again: hubs holding it blank theirs
            state.dirty = True
            return state
        if table in LINKED_TEXT:  # the record stays, its words about them go
            forced = dict(LINKED_TEXT[table][1])
        else:
            forced = {**PERSONAL_FIELDS.get(table, {}), "deleted": True}
        changed = [n for n, v in forced.items() if state.data.get(n) != v]
        if table in LINKED_TEXT:
            # Every text field, even one already blank: sent with an erasure stamp, it tells
            # each hub holding the row (the hubs not holding her too) to purge its journal of
            # what the row held, words it may have written itself.
            changed = list(forced)
        if changed:
            seq = self.push.next_seq()
            for name in changed:
                state.data[name] = forced[name]
                state.fseq[name] = seq
                # Later than the value it replaces, which hubs may hold with its own stamp.
                state.clock[name] = erasure_stamp(field_stamp(state.clock, name))
            state.seq = seq
            state.dirty = True
        return state

    def purge_changes(self, states: Sequence[RowState]) -> int:
        """Rewrites the stored changes and conflicts of these rows with personal values
        blanked (found through the index ix_changes_row)."""
        conn = self.push.conn
        by_table: dict[str, list[str]] = {}
        for state in states:
            if state.table != CONFLICTS_TABLE:
                by_table.setdefault(state.table, []).append(state.row_id)
        count = 0
        for table, row_ids in by_table.items():
            for start in range(0, len(row_ids), CHUNK):
                chunk = row_ids[start : start + CHUNK]
                count += _rewrite_changes(conn, table, chunk)
                _rewrite_conflicts(conn, table, chunk)
        return count


def _loaded(value: Any) -> dict[str, Any]:
    """JSON columns arrive as text (SQLite) or already decoded (PostgreSQL's driver)."""
    return dict(json.loads(value) if isinstance(value, str) else value)


def _rewrite_changes(conn: Connection, table: str, row_ids: Sequence[str]) -> int:
    found = conn.execute(
        select(changes.c.seq, changes.c.fields).where(
            changes.c.table_name == table, changes.c.row_id.in_(row_ids)
        )
    ).all()
    count = 0
    for seq, fields in found:
        loaded = _loaded(fields)
        clean = blank_personal(table, loaded)
        if clean != loaded:
            conn.execute(update(changes).where(changes.c.seq == seq).values(fields=clean))
            count += 1
    return count


def _rewrite_conflicts(conn: Connection, table: str, row_ids: Sequence[str]) -> None:
    found = conn.execute(
        select(conflicts.c.id, conflicts.c.field, conflicts.c.winner_value,
               conflicts.c.loser_value)
        .where(conflicts.c.table_name == table, conflicts.c.row_id.in_(row_ids))
    ).all()  # fmt: skip
    for conflict_id, name, winner, loser in found:
        values: dict[str, Any] = {
            "winner_value": blank_conflict_value(table, name, winner),
            "loser_value": blank_conflict_value(table, name, loser),
        }
        if values != {"winner_value": winner, "loser_value": loser}:
            conn.execute(update(conflicts).where(conflicts.c.id == conflict_id).values(**values))


@contextmanager
def overwriting_freed_space(conn: Connection) -> Iterator[None]:
    """On SQLite, content freed by the purge is overwritten with zeros rather than left in
    the file's free space. (PostgreSQL keeps old row versions until VACUUM reclaims them.)"""
    if conn.dialect.name != "sqlite":
        yield
        return
    before = conn.exec_driver_sql("PRAGMA secure_delete").scalar()
    conn.exec_driver_sql("PRAGMA secure_delete=ON")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA secure_delete={int(before or 0)}")
