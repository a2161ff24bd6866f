"""Filling the members' full-text index (`members_fts`, made by hand in the first migration
with its triggers) once per bulk write: shared by the bulk writers of seeding, CSV import and
the first pull."""

from __future__ import annotations

from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor


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
