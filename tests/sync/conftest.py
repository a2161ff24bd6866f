"""Fixtures for the sync tests: a real hubapp-server (uvicorn on a free loopback port, in a
thread) over a real SQLite file, and hub databases in temporary folders."""

from __future__ import annotations

import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import pytest
import requests
import uvicorn
from sqlalchemy import Engine, make_url

from hubapp.models.database import Database
from hubapp.server import admin
from hubapp.server.app import create_app
from hubapp.server.cli import KEEP_ALIVE_SECONDS
from hubapp.server.store import open_store
from tests.sync.proxy import FaultyProxy


@dataclass
class RunningServer:
    url: str
    engine: Engine
    server: uvicorn.Server | None = None

    def stop(self) -> None:
        """Takes the server off the network (as a broken link would), for "offline" tests."""
        assert self.server is not None
        self.server.should_exit = True
        port = urlparse(self.url).port
        for _ in range(200):  # bounded polling until connections are refused, at most ~10 s
            try:
                socket.create_connection(("127.0.0.1", port or 0), timeout=0.2).close()
            except OSError:
                return
            threading.Event().wait(0.05)
        raise AssertionError("hubapp-server did not stop")

    def add_hub(self, name: str) -> tuple[str, str]:
        return admin.add_hub(self.engine, name)

    def code_for(self, hub_id: str) -> str:
        return admin.enrol_code(self.engine, hub_id)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def serve(engine: Engine) -> Iterator[RunningServer]:
    port = free_port()
    config = uvicorn.Config(
        create_app(engine),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=1,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,  # as `hubapp-server run`
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):  # bounded polling for the start, at most ~10 s
        if server.started:
            break
        thread.join(0.05)
    assert server.started, "hubapp-server did not start"
    assert requests.get(url + "/health", timeout=5).json()["ok"]
    try:
        yield RunningServer(url, engine, server)
    finally:
        server.should_exit = True
        thread.join(10)
        engine.dispose()


def fresh_postgres_database(cluster_url: str) -> str:
    """A new empty database in the throwaway cluster, so each test starts clean."""
    import psycopg

    name = f"server_{uuid.uuid4().hex[:12]}"
    base = make_url(cluster_url)
    dsn = f"host={base.host} port={base.port} user={base.username} dbname={base.database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def server_url_for_db(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return fresh_postgres_database(request.getfixturevalue("postgres_url"))
    return f"sqlite:///{tmp_path / 'server.sqlite3'}"


@pytest.fixture
def server(server_url_for_db: str) -> Iterator[RunningServer]:
    engine = open_store(server_url_for_db)
    yield from serve(engine)


@pytest.fixture
def sqlite_server(tmp_path: Path) -> Iterator[RunningServer]:
    """A server on SQLite only, for hub-side tests whose server database does not matter."""
    yield from serve(open_store(f"sqlite:///{tmp_path / 'server.sqlite3'}"))


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the real keyring: the file fallback is what they exercise."""
    monkeypatch.setattr("hubapp.sync.credentials._keyring_usable", lambda: False)


@pytest.fixture
def make_db(tmp_path: Path) -> Iterator[Callable[[str], Database]]:
    opened: list[Database] = []

    def make(name: str) -> Database:
        db = Database(tmp_path / name)
        opened.append(db)
        return db

    yield make
    for db in opened:
        db.close()


@pytest.fixture
def proxy(server: RunningServer) -> Iterator[FaultyProxy]:
    port = urlparse(server.url).port
    assert port is not None
    faulty = FaultyProxy(port)
    yield faulty
    faulty.close()
