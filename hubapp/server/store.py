"""Opening the server's database (embedded SQLite by default, PostgreSQL by URL) and bringing
its schema up to date with the server's own Alembic migrations."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import platformdirs
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, insert, select

from hubapp.server import jsontext
from hubapp.server.schema import counters

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
DB_FILENAME = "hubapp-server.sqlite3"


def default_data_dir() -> Path:
    override = os.environ.get("HUBAPP_SERVER_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir("hubapp-server", "hubapp"))


def default_url() -> str:
    folder = default_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / DB_FILENAME}"


def alembic_config(connection: Any | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def make_engine(url: str | None = None) -> Engine:
    url = url or default_url()
    if not url.startswith("sqlite"):
        # The driver decodes JSON columns itself: with the pull pages' fast decoder.
        return create_engine(
            url,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=10,
            json_deserializer=jsontext.loads,
        )
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # Writers take SQLite's lock up front, so two pushes never deadlock upgrading it.
        mode = connection.get_execution_options().get("sqlite_begin", "")
        connection.exec_driver_sql(f"BEGIN {mode}".strip())

    return engine


def writer(engine: Engine) -> Engine:
    """The engine for read-write transactions (IMMEDIATE on SQLite)."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision, in one transaction."""
    with writer(engine).begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        if conn.execute(select(counters.c.value).where(counters.c.name == "seq")).first() is None:
            conn.execute(insert(counters).values(name="seq", value=0))


def open_store(url: str | None = None) -> Engine:
    engine = make_engine(url)
    migrate(engine)
    return engine
