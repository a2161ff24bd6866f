"""Opening the hub's SQLite file: location, connection settings, migrations with a backup
first, and short units of work (`db.read()` / `db.write()`)."""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs
from sqlalchemy import Engine, create_engine, delete, event, insert, select
from sqlalchemy.orm import Session, sessionmaker

from hubapp.models.base import uuid7
from hubapp.models.changes import CLOCK_SETTING, ChangeCapture
from hubapp.models.hlc import HybridLogicalClock, Stamp
from hubapp.models.hub import LocalSetting

if TYPE_CHECKING:
    from alembic.config import Config

DB_FILENAME = "hubapp.sqlite3"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")


class DatabaseError(Exception):
    """The database could not be opened; `str()` says why in words for the user."""


class NewerDatabaseError(DatabaseError):
    pass


class MigrationError(DatabaseError):
    pass


def default_data_dir() -> Path:
    override = os.environ.get("HUBAPP_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("hubapp", "hubapp"))


def alembic_config(connection: Any | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def make_engine(path: Path) -> Engine:
    # hide_parameters: SQL errors and logs never carry the values (names, emails...) written.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin, so that DDL
        # in migrations is transactional and writers can take the lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def backup_file(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently (SQLite's online backup API)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


# `revision = "0002_sync_state"` at the start of a line of a migration script.
_REVISION_LINE = re.compile(r"^revision\s*(?::\s*str\s*)?=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_LINE = re.compile(r"^down_revision\s*(?::[^=]*)?=\s*(.+)$", re.MULTILINE)


def quick_head() -> str | None:
    """The newest revision, read from the migration scripts' text without importing alembic
    (which costs ~0.2 s of CPU at every start). None when the scripts are not a simple
    chain this can read for sure; then alembic itself decides."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        found, down = _REVISION_LINE.findall(text), _DOWN_LINE.findall(text)
        if len(found) != 1 or len(down) != 1:
            return None
        revisions.add(found[0])
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down[0]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The revision the database file is at (None for a new, empty file)."""
    with engine.connect() as conn:
        has_table = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first()
        if has_table is None:
            return None
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    return rows[0][0] if len(rows) == 1 else None


@dataclass
class MigrationReport:
    from_revision: str | None
    to_revision: str
    backup: Path | None


def migrate(path: Path, engine: Engine) -> MigrationReport:
    """Bring the file at `path` to the newest schema, after taking a copy of it.

    Refuses a database written by a newer hubapp. A failed migration is rolled back in full
    (SQLite DDL is transactional here) and the copy is left beside it.
    """
    current = current_revision(engine)
    if current is not None and current == quick_head():
        return MigrationReport(current, current, None)  # the usual start: nothing to do
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return MigrationReport(current, head, None)
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise NewerDatabaseError(
            f"This hub's database ({path}) was written by a newer version of hubapp "
            f"(schema {current}). Please install the newer hubapp; nothing was changed."
        )
    backup: Path | None = None
    if current is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.parent / "backups" / f"hubapp-before-{head[:12]}-{stamp}.sqlite3"
        backup_file(path, backup)
    try:
        with engine.connect() as conn:
            # Batch migrations rebuild tables, so foreign keys are checked once at the end
            # instead; the pragma only takes effect outside a transaction.
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with conn.begin():
                    command.upgrade(alembic_config(conn), "head")
                    problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if problems:
                        raise MigrationError(f"foreign key check failed: {problems[:5]}")
            finally:
                raw.execute("PRAGMA foreign_keys=ON")
    except Exception as exc:
        where = f" A copy of the database from before the upgrade is at {backup}." if backup else ""
        raise MigrationError(f"Upgrading the hub's database failed: {exc}.{where}") from exc
    return MigrationReport(current, head, backup)


class Database:
    """One hub's local database. Thread-safe: each unit of work gets its own session."""

    def __init__(self, data_dir: Path, *, migrate_now: bool = True) -> None:
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.path = self.data_dir / DB_FILENAME
        self.engine = make_engine(self.path)
        self.migration: MigrationReport | None = None
        if migrate_now:
            try:
                self.migration = migrate(self.path, self.engine)
            except DatabaseError:
                self.engine.dispose()
                raise
        self._writer = self.engine.execution_options(sqlite_begin="IMMEDIATE")
        self.node_id = self._setting_or_create("node_id", uuid7)
        last = self.get_setting(CLOCK_SETTING)
        self.clock = HybridLogicalClock(self.node_id, Stamp.parse(last) if last else None)
        self._read_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._write_factory = sessionmaker(self._writer, expire_on_commit=False)
        ChangeCapture(self.clock, lambda: self.hub_id).install(self._write_factory)
        self.hub_id: str | None = self.get_setting("hub_id")

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for reading; nothing it does is committed."""
        with self._read_factory() as session:
            yield session

    @contextmanager
    def write(self, staff_user_id: str | None = None, *, capture: bool = True) -> Iterator[Session]:
        """One transaction, taken with the write lock up front; committed if the block
        finishes, rolled back if it raises. Changes are journalled for sync."""
        with self._write_factory() as session:
            session.info["staff_user_id"] = staff_user_id
            session.info["capture"] = capture
            with session.begin():
                yield session

    @contextmanager
    def bulk_write(self, staff_user_id: str | None = None) -> Iterator[Session]:
        """`write` for bulk writers whose every reference is right by construction (rows
        they just made, ids they just looked up): foreign keys are not checked for the
        transaction, which saves a lookup per reference. The pragma only takes effect
        outside a transaction, so it is set on the connection before BEGIN and restored
        after, whether the block commits or not."""
        with self._writer.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert raw is not None
            raw.execute("PRAGMA foreign_keys=OFF")
            try:
                with self._write_factory(bind=conn) as session:
                    session.info["staff_user_id"] = staff_user_id
                    session.info["capture"] = True
                    with session.begin():
                        yield session
            finally:
                if conn.in_transaction():
                    conn.rollback()
                raw.execute("PRAGMA foreign_keys=ON")

    def get_setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(LocalSetting.value).where(LocalSetting.key == key)).first()
        return row[0] if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.engine.execution_options(sqlite_begin="IMMEDIATE").begin() as conn:
            conn.execute(delete(LocalSetting).where(LocalSetting.key == key))
            conn.execute(insert(LocalSetting).values(key=key, value=value))
        if key == "hub_id":
            self.hub_id = value

    def _setting_or_create(self, key: str, make: Any) -> str:
        value = self.get_setting(key)
        if value is None:
            value = str(make())
            self.set_setting(key, value)
        return value

    def close(self) -> None:
        self.engine.dispose()
