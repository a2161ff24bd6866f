"""What the two bulk writers (seeding, CSV import) share so their rows match the ORM's own."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, DateTime, inspect
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor

from hubapp.models.base import BOOKKEEPING_COLUMNS, STABLE_ID_NAMESPACE, UTCDateTime
from hubapp.models.changes import CLOCK_SETTING
from hubapp.models.database import Database
from hubapp.models.people import member_sort_key


def fast_stable_id(*parts: str) -> str:
    """models.base.stable_id without the uuid module's overhead (the same value: a version 5
    UUID in the same namespace; a test checks they agree)."""
    h = hashlib.sha1(_NAMESPACE + "\x1f".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


# The variant bits (10xx) of the first hex digit of the fourth group.
_VARIANT = {f"{n:x}": f"{n & 0x3 | 0x8:x}" for n in range(16)}
_NAMESPACE = STABLE_ID_NAMESPACE.bytes


@lru_cache(maxsize=65536)
def cached_sort_key(last_name: str, first_name: str) -> str:
    """`people.member_sort_key`, remembered: many members share a name."""
    return member_sort_key(last_name, first_name)


def journalled_columns(model: type[Any]) -> tuple[list[str], frozenset[str]]:
    """The columns ChangeCapture journals for a model (`changes.data_columns`), and those
    of them holding dates or times."""
    columns = [c for c in inspect(model).column_attrs if c.key not in BOOKKEEPING_COLUMNS]
    dated = frozenset(
        c.key for c in columns if isinstance(c.columns[0].type, Date | DateTime | UTCDateTime)
    )
    return [c.key for c in columns], dated


_SAVE_CLOCK = (
    "INSERT INTO local_settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def save_clock(raw: DBAPIConnection | DBAPICursor, db: Database) -> None:
    """Persist the clock with the changes, as ChangeCapture does, through a DB-API
    connection or cursor (so in whatever transaction it is in)."""
    raw.execute(_SAVE_CLOCK, (CLOCK_SETTING, str(db.clock.last)))


class SearchIndexFill:
    """Fills the members' full-text index once per bulk write instead of once per row.

    The insert trigger costs far more per row than one set-based INSERT ... SELECT over all
    the new rows (about six times, measured). So, inside the writer's transaction, the
    trigger is dropped, the rows go in, the index is filled with the trigger's own statement
    run over the new rows, and the trigger is re-created from its stored text: the
    transaction commits all of it or none, so the index and the trigger can never be left
    out of step. Every call takes the DB-API connection (or a cursor on it) whose
    transaction the rows are written in.
    """

    TRIGGER = "members_fts_insert"

    def __init__(self, trigger_sql: str, fill_sql: str) -> None:
        self.trigger_sql = trigger_sql
        self.fill_sql = fill_sql

    @classmethod
    def read(cls, raw: DBAPIConnection | DBAPICursor) -> SearchIndexFill | None:
        """None (keep the trigger) if it is not the single INSERT ... SELECT ... WHERE
        this knows how to run over many rows."""
        row = raw.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (cls.TRIGGER,)
        ).fetchone()
        if row is None:
            return None
        trigger_sql = str(row[0])
        begin, end = trigger_sql.upper().find(" BEGIN "), trigger_sql.upper().rfind("END")
        body = trigger_sql[begin + len(" BEGIN ") : end].strip().rstrip(";")
        where = body.rfind("WHERE")
        if not body.startswith("INSERT INTO members_fts") or where < 0 or ";" in body:
            return None
        fill_sql = (
            f"{body[:where]} FROM members AS NEW WHERE NEW.rowid > :after AND "
            f"{body[where + len('WHERE') :]}"
        )
        return cls(trigger_sql, fill_sql)

    def pause(self, raw: DBAPIConnection | DBAPICursor) -> int:
        """Drops the trigger; returns the last rowid before the new rows."""
        raw.execute(f"DROP TRIGGER {self.TRIGGER}")
        last = raw.execute("SELECT coalesce(max(rowid), 0) FROM members").fetchone()
        return int(last[0] or 0)

    def resume(self, raw: DBAPIConnection | DBAPICursor, after: int, expected: int) -> None:
        """Indexes the members after rowid `after` and puts the trigger back."""
        filled = raw.execute(self.fill_sql, {"after": after}).rowcount
        if filled != expected:  # never commit members that search could not find
            raise RuntimeError(f"search index filled {filled} rows, expected {expected}")
        raw.execute(self.trigger_sql)
