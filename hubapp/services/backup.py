"""`hubapp backup FILE` and `hubapp restore FILE`: the hub's whole database as one file, to keep
safe or to move a hub to a new computer.

Both copy with SQLite's online backup API. A backup reads one consistent snapshot while hubapp
stays open and goes on writing (the database is in WAL mode, so neither waits for the other). A
restore checks the file (an SQLite database, intact, a hub's, a schema this hubapp knows),
upgrades a copy of it to this hubapp's schema, and only then swaps it in, after taking a copy
of the database it replaces. It refuses while the database is open anywhere: every connection
to a WAL database holds a shared lock on it, so an exclusive lock is granted only when none is
open. Until the swap, the hub's database is not touched; the swap itself is one rename.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from hubapp.models.database import DB_FILENAME, Database, DatabaseError, alembic_config
from hubapp.services.errors import ServiceError

# Tables every hub database has had since the first schema: a file without them is not a hub's
# (the central server's database, say, also has an alembic_version table).
HUB_TABLES = frozenset({"alembic_version", "local_settings", "hubs", "members", "changes"})
SQLITE_HEADER = b"SQLite format 3\x00"
STAGING_DIR = "restoring"
NOTHING_CHANGED = "Nothing was changed."


class BackupError(ServiceError):
    """A backup or restore could not be done; `str()` says why and what to do."""


class DatabaseInUse(BackupError):
    """The hub's database is open in hubapp (or another program), so it cannot be replaced."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class RestoreReport:
    source: Path
    hub_name: str
    revision_in_file: str
    revision_now: str
    replaced_copy: Path | None  # the database that was there before, kept in backups/

    @property
    def upgraded(self) -> bool:
        return self.revision_in_file != self.revision_now


def back_up(data_dir: Path, target: Path) -> BackupReport:
    """Copies the hub's database in `data_dir` to `target`, a new file: one self-contained
    SQLite file (no -wal beside it), checked after writing."""
    live = Path(data_dir) / DB_FILENAME
    target = Path(target)
    if not live.is_file():
        raise BackupError(f"There is no hub database in {data_dir} to back up.")
    if target.exists():
        raise BackupError(f"{target} already exists. Choose another name, or move it away first.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(live, partial, read_only=False)
        problem = _integrity_problem(partial, quick=True)
        if problem:
            raise BackupError(f"The copy failed SQLite's check ({problem}); {target} not written.")
        os.replace(partial, target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"The backup could not be written to {target}: {exc}.") from exc
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(target, target.stat().st_size)


def restore(data_dir: Path, source: Path) -> RestoreReport:
    """Replaces the hub's database in `data_dir` with the backup in `source` (left as it is).
    Raises BackupError, with the hub's database untouched, if anything is wrong."""
    data_dir, source = Path(data_dir), Path(source)
    if not source.is_file():
        raise BackupError(f"{source} does not exist. {NOTHING_CHANGED}")
    if not _has_sqlite_header(source):
        raise BackupError(
            f"{source} is not a hubapp backup: it is not an SQLite database. {NOTHING_CHANGED}"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / STAGING_DIR
    shutil.rmtree(staging, ignore_errors=True)  # left by a restore that was cut short
    staging.mkdir()
    try:
        staged = staging / DB_FILENAME
        try:
            _copy(source, staged, read_only=True)
        except sqlite3.Error as exc:
            raise BackupError(f"{source} could not be read: {exc}. {NOTHING_CHANGED}") from exc
        revision = _check_hub_database(staged, source)
        hub_name, revision_now = _upgrade(staging, source)
        replaced = _swap_in(staged, data_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreReport(source, hub_name, revision, revision_now, replaced)


def _copy(source: Path, target: Path, *, read_only: bool) -> None:
    """SQLite's online backup of `source` into a new file `target`, left in rollback-journal
    mode so that it is one self-contained file."""
    if read_only:  # never changes the file it reads (a backup on a memory stick, say)
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    else:
        src = sqlite3.connect(source, timeout=10)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)  # one step: a single read transaction, so one consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


def _has_sqlite_header(path: Path) -> bool:
    with path.open("rb") as file:
        return file.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def _integrity_problem(path: Path, *, quick: bool = False) -> str | None:
    """SQLite's own check of every page and index; None when it finds nothing wrong."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
    finally:
        conn.close()
    return None if rows == [("ok",)] else str(rows[0][0])


def _check_hub_database(staged: Path, source: Path) -> str:
    """The schema revision of the hub database in `staged` (a copy of `source`); BackupError
    if it is damaged, not a hub's, or from a newer hubapp."""
    try:
        problem = _integrity_problem(staged)
        conn = sqlite3.connect(staged)
        try:
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
            tables = {row[0] for row in conn.execute(query)}
            versions = (
                conn.execute("SELECT version_num FROM alembic_version").fetchall()
                if "alembic_version" in tables
                else []
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        message = f"{source} is damaged and cannot be read ({exc}). {NOTHING_CHANGED}"
        raise BackupError(message) from exc
    if problem:
        raise BackupError(
            f"{source} is damaged: SQLite's integrity check found “{problem}”. {NOTHING_CHANGED}"
        )
    missing = HUB_TABLES - tables
    if missing or len(versions) != 1:
        raise BackupError(
            f"{source} is not a hubapp backup: it is an SQLite database, but not a hub's "
            f"(it has no {', '.join(sorted(missing)) or 'schema version'}). {NOTHING_CHANGED}"
        )
    revision = str(versions[0][0])
    if revision not in _known_revisions():
        raise BackupError(
            f"{source} was made by a newer version of hubapp (schema {revision}). Install that "
            f"version or a later one, then restore again. {NOTHING_CHANGED}"
        )
    return revision


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def _upgrade(staging: Path, source: Path) -> tuple[str, str]:
    """Opens the staged copy as a hub's database, which brings it to this hubapp's schema.
    Returns the hub's name and the schema revision it is now at."""
    from hubapp.services.staff import hub_name

    try:
        db = Database(staging)
    except DatabaseError as exc:
        raise BackupError(f"{source} could not be upgraded: {exc} {NOTHING_CHANGED}") from exc
    try:
        name = hub_name(db)
        revision = db.migration.to_revision if db.migration else ""
    finally:
        db.close()  # the last connection: the WAL is folded in and removed
    return name, revision


def _swap_in(staged: Path, data_dir: Path) -> Path | None:
    """Moves `staged` into place as the hub's database, first keeping a copy of the one there
    (in backups/). Returns where that copy is, or None if there was no database."""
    live = data_dir / DB_FILENAME
    kept: Path | None = None
    if live.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        kept = data_dir / "backups" / f"hubapp-before-restore-{stamp}.sqlite3"
        _keep_copy_while_closed(live, kept)
    try:
        if Path(f"{live}-wal").exists():
            # Opened again since the copy: a WAL left beside the new file would corrupt it.
            raise DatabaseInUse(_in_use_message(data_dir))
        try:
            os.replace(staged, live)
        except OSError as exc:  # Windows will not replace a file another program has open
            raise DatabaseInUse(_in_use_message(data_dir)) from exc
    except DatabaseInUse:
        if kept is not None:
            kept.unlink(missing_ok=True)
        raise
    return kept


def _keep_copy_while_closed(live: Path, kept: Path) -> None:
    """Copies the hub's database to `kept` under an exclusive lock, which SQLite grants only
    if no connection (in any program) has the database open; DatabaseInUse otherwise. A
    database too damaged for SQLite to open is kept as it is, files and all."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    if not _has_sqlite_header(live):  # opening it would let SQLite discard its -wal file
        _move_damaged(live, kept)
        return
    conn = sqlite3.connect(live, timeout=0, isolation_level=None)
    try:
        # In exclusive locking mode the lock, once taken, is held until the connection closes.
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise DatabaseInUse(_in_use_message(live.parent)) from exc
            raise
        conn.execute("COMMIT")
        copy = sqlite3.connect(kept)
        try:
            conn.backup(copy)
        finally:
            copy.close()
    except sqlite3.DatabaseError:  # not a database any more: what a restore is for
        conn.close()
        _move_damaged(live, kept)
    finally:
        conn.close()  # the last connection: SQLite folds the WAL in and deletes it


def _move_damaged(live: Path, kept: Path) -> None:
    """Keeps a damaged database file byte for byte, and moves its -wal and -shm files aside
    with it, so that they are never applied to the restored database."""
    shutil.copy2(live, kept)
    for end in ("-wal", "-shm"):
        sidecar = Path(f"{live}{end}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{kept}{end}"))


def _in_use_message(data_dir: Path) -> str:
    return (
        f"The hub's database in {data_dir} is open, in hubapp or another program. Close "
        f"hubapp on this computer (and any sync that is running), then restore again. "
        f"{NOTHING_CHANGED}"
    )
