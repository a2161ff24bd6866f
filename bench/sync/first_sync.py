"""Benchmark: a hub seeds N members, pushes them to a local hubapp-server, a second device pulls
them all, then syncs again with nothing to do. Prints requests, bytes and records per second.

    .venv/bin/python bench/sync/first_sync.py --members 10000 [--database-url URL]
"""

from __future__ import annotations

import argparse
import logging
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn

from hubapp.models.database import Database
from hubapp.server import admin
from hubapp.server.app import create_app
from hubapp.server.store import open_store
from hubapp.services import staff
from hubapp.services.seeding import seed_members
from hubapp.sync import commands, credentials
from hubapp.sync.engine import SyncSummary


def report(what: str, seconds: float, summary: SyncSummary, records: int) -> None:
    rate = records / seconds if seconds else 0.0
    print(
        f"{what:<12} {seconds:8.2f} s  {summary.requests:5d} requests  "
        f"{(summary.bytes_sent + summary.bytes_received) / 1e6:8.2f} MB  {rate:10,.0f} rec/s"
        + ("" if summary.ok else f"  FAILED: {summary.error}")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    credentials._keyring_usable = lambda: False  # a benchmark never touches the real keyring
    root = Path(tempfile.mkdtemp(prefix="hubapp-bench-"))
    engine = open_store(args.database_url or f"sqlite:///{root / 'server.sqlite3'}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(engine), host="127.0.0.1", port=port, log_level="error")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    a = Database(root / "hub-a")
    staff.set_up_hub(a, "Bench Hub", "bench", "Bench", "bench-secret")
    seed_members(a, args.members)
    hub_id, code = admin.add_hub(engine, "Bench Hub")
    commands.enrol(a, url, code)
    started = time.perf_counter()
    pushed = commands.sync_once(a)
    report("push", time.perf_counter() - started, pushed, pushed.pushed)
    b = Database(root / "hub-b")
    commands.enrol(b, url, admin.enrol_code(engine, hub_id))
    started = time.perf_counter()
    pulled = commands.sync_once(b)
    report("first pull", time.perf_counter() - started, pulled, pulled.pulled)
    started = time.perf_counter()
    nothing = commands.sync_once(b)
    report("no-op", time.perf_counter() - started, nothing, 0)
    server.should_exit = True


if __name__ == "__main__":
    main()
