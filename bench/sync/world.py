"""The states the sync benchmarks start from, built once and cached under
/tmp/hubapp-sync-bench (HUBAPP_SYNC_BENCH_DIR moves it), and a real `hubapp-server run` in
its own process (so the server and the hub do not share one interpreter's lock).

- `base-N`: a server holding N members (with their skills and interests) of "Bench Hub",
  pushed there by device A, which seeded them with `hubapp seed` (services.seeding) first.
- `pulled-N`: `base-N` plus device B of the same hub, which made the first pull.
- `big-N-K`: `pulled-N` with (K-1) x N more members of K-1 other hubs added straight into the
  server's tables (bulk insert, one transaction), so the server holds K x N members of which
  hub B holds N; B has synced once since (its cursor is past the other hubs' rows).

Each benchmark run works on a copy (SQLite's backup API), never on the cache itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from hubapp.models.database import Database  # noqa: E402
from hubapp.server import admin  # noqa: E402
from hubapp.server.store import make_engine  # noqa: E402
from hubapp.services import staff  # noqa: E402
from hubapp.services.seeding import seed_member_rows, uuid7_at  # noqa: E402
from hubapp.sync import commands, credentials  # noqa: E402

CACHE = Path(os.environ.get("HUBAPP_SYNC_BENCH_DIR", "/tmp/hubapp-sync-bench"))
SERVER_DB = "server.sqlite3"
HUB_NAME = "Bench Hub"
SECRET = "bench-secret-1"
# Cached states are server and hub databases, which the server and Database() bring up to
# date when they open them; bump this when what they hold changes meaning (or use --fresh).
STATE_VERSION = "v1"

# A benchmark never touches the real keyring: tokens go to the file fallback.
credentials._keyring_usable = lambda: False  # type: ignore[attr-defined]


def _seed_every_member_column() -> None:
    """A stopgap while the seeder lags the model: member columns added since (e.g.
    `review_reason`) are seeded empty (None), as a desk sign-up would leave them."""
    import random

    from hubapp.models import Member
    from hubapp.services import fake_people

    sample = fake_people.member_fields(random.Random(0), fake_people.Serials(0, 0, 0))
    missing = [c.name for c in Member.__table__.columns if c.name not in sample]
    missing = [n for n in missing if n not in ("id", "created_at", "updated_at", "deleted")]
    missing = [n for n in missing if n not in ("origin_hub_id", "clock", "sort_key", "hub_id")]
    if not missing:
        return
    real = fake_people.member_fields

    def complete(*args: object, **kwargs: object) -> dict[str, object]:
        row = real(*args, **kwargs)  # type: ignore[arg-type]
        for name in missing:
            row.setdefault(name, None)
        return row

    fake_people.member_fields = complete  # type: ignore[assignment]


_seed_every_member_column()


def copy_db(source: Path, target: Path) -> None:
    """A consistent copy of one SQLite file (WAL included), through the backup API."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            (target.parent / (target.name + suffix)).unlink()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst, pages=65536)
    finally:
        dst.close()
        src.close()


def copy_state(source: Path, target: Path) -> None:
    """A state folder: server.sqlite3, meta.json, and hub-*/ folders (each a hub database
    and its token file)."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for item in source.iterdir():
        if item.suffix == ".sqlite3":
            copy_db(item, target / item.name)
        elif item.is_dir():
            (target / item.name).mkdir()
            for inner in item.iterdir():
                if inner.name.endswith(".sqlite3"):
                    copy_db(inner, target / item.name / inner.name)
                elif inner.is_file() and not inner.name.endswith(("-wal", "-shm")):
                    shutil.copy2(inner, target / item.name / inner.name)
        elif item.is_file() and not item.name.endswith(("-wal", "-shm")):
            shutil.copy2(item, target / item.name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """`hubapp-server run` on a free loopback port, over a state folder's server.sqlite3."""

    def __init__(self, folder: Path) -> None:
        self.url_db = f"sqlite:///{folder / SERVER_DB}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "server.log", "ab")  # noqa: SIM115 (closed in stop)
        # `hubapp-server run`, from the tree this benchmark belongs to.
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        command = [sys.executable, "-m", "hubapp.server.cli", "run"]
        self.process = subprocess.Popen(
            [*command, "--database-url", self.url_db, "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=REPO,
        )
        self.engine = make_engine(self.url_db)
        for _ in range(600):  # at most ~60 s (migrating a big file takes a moment)
            if self.process.poll() is not None:
                raise RuntimeError(f"hubapp-server exited; see {folder / 'server.log'}")
            with contextlib.suppress(requests.RequestException):
                if requests.get(self.url + "/health", timeout=1).ok:
                    return
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("hubapp-server did not start")

    def cpu(self) -> float:
        """CPU seconds the server process has used (user + system), from /proc."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        self.engine.dispose()
        self.log.close()

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextlib.contextmanager
def running(folder: Path) -> Iterator[ServerProcess]:
    server = ServerProcess(folder)
    try:
        yield server
    finally:
        server.stop()


@dataclass
class Meta:
    hub_id: str
    members: int
    rows: int
    notes: dict[str, float | int | str]

    def save(self, folder: Path) -> None:
        (folder / "meta.json").write_text(json.dumps(self.__dict__, indent=1))

    @classmethod
    def load(cls, folder: Path) -> Meta:
        return cls(**json.loads((folder / "meta.json").read_text()))


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def state_dir(name: str) -> Path:
    return CACHE / STATE_VERSION / name


def base(members: int) -> Path:
    """A server holding `members` members, pushed by device A of Bench Hub."""
    folder = state_dir(f"base-{members}")
    if (folder / "meta.json").exists():
        return folder
    building = folder.with_name(folder.name + ".building")
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    log(f"building {folder.name}: seeding {members:,} members at device A (hubapp seed)")
    a = Database(building / "hub-a")
    staff.set_up_hub(a, HUB_NAME, "bench", "Bench Admin", SECRET)
    seeded = seed_member_rows(a, members)
    engine = make_engine(f"sqlite:///{building / SERVER_DB}")
    engine.dispose()
    with running(building) as server:
        hub_id, code = admin.add_hub(server.engine, HUB_NAME)
        commands.enrol(a, server.url, code)
        log(f"  seeded in {seeded.seconds:.1f} s; pushing to the server")
        started = time.perf_counter()
        summary = commands.sync_once(a)
        took = time.perf_counter() - started
        assert summary.ok, summary.error
        with server.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT count(*) FROM rows").scalar_one()
    a.close()
    log(f"  pushed {summary.pushed:,} changes in {took:.1f} s ({summary.requests} requests)")
    Meta(
        hub_id,
        members,
        int(rows),
        {
            "seed_s": round(seeded.seconds, 1),
            "push_s": round(took, 1),
            "push_requests": summary.requests,
            "push_changes": summary.pushed,
            "push_bytes": summary.bytes_sent + summary.bytes_received,
        },
    ).save(building)
    building.rename(folder)
    return folder


def enrol_device(server: ServerProcess, folder: Path, name: str, hub_id: str) -> Database:
    db = Database(folder / name)
    commands.enrol(db, server.url, admin.enrol_code(server.engine, hub_id))
    return db


def save_pulled(run_folder: Path, members: int) -> Path:
    """Keeps a run's state (server + device B after its first pull) as `pulled-N`."""
    folder = state_dir(f"pulled-{members}")
    if not (folder / "meta.json").exists():
        building = folder.with_name(folder.name + ".building")
        copy_state(run_folder, building)
        shutil.rmtree(building / "hub-a", ignore_errors=True)
        building.rename(folder)
    return folder


def big(members: int, hubs: int, pulled: Path) -> Path:
    """`pulled-N` grown to `hubs` x N members: the other hubs' members are made from Bench
    Hub's own rows with new ids, straight into the server's `rows`, `changes` and
    `member_holders` tables (executemany, one transaction), then B syncs once."""
    folder = state_dir(f"big-{members}-{hubs}")
    if (folder / "meta.json").exists():
        return folder
    building = folder.with_name(folder.name + ".building")
    copy_state(pulled, building)
    meta = Meta.load(building)
    started = time.perf_counter()
    added = bulk_other_hubs(building / SERVER_DB, meta.hub_id, hubs - 1)
    took = time.perf_counter() - started
    log(f"  bulk-inserted {added:,} rows of {hubs - 1} other hubs in {took:.1f} s")
    with running(building) as server:
        b = Database(building / "hub-b")
        started = time.perf_counter()
        transport = commands.transport_for(b)
        transport.base_url = server.url
        summary = commands.sync_once(b, transport)
        transport.close()
        catch_up = time.perf_counter() - started
        assert summary.ok, summary.error
        b.close()
        with server.engine.connect() as conn:
            rows = conn.exec_driver_sql("SELECT count(*) FROM rows").scalar_one()
    log(f"  B caught up past them in {catch_up:.2f} s ({summary.requests} requests)")
    meta.members = members * hubs
    meta.rows = int(rows)
    meta.notes.update(
        {"bulk_s": round(took, 1), "bulk_rows": added, "catch_up_s": round(catch_up, 2)}
    )
    meta.save(building)
    building.rename(folder)
    return folder


def bulk_other_hubs(path: Path, hub_id: str, others: int) -> int:
    """Copies of Bench Hub's member-scope rows for `others` new hubs, with new ids."""
    con = sqlite3.connect(path, isolation_level=None)
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA cache_size=-1000000")
    source = con.execute(
        "SELECT table_name, row_id, data, clock, subject_id FROM rows "
        "WHERE scope = 'member' ORDER BY seq"
    ).fetchall()
    now = datetime.now(UTC).replace(tzinfo=None).isoformat(" ")
    con.execute("BEGIN IMMEDIATE")
    seq = int(con.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0])
    added = 0
    for n in range(others):
        other = uuid7_at(int(time.time() * 1000) - 1000 * n)
        device = uuid7_at(int(time.time() * 1000))
        con.execute(
            "INSERT INTO hubs (id, name, created_at) VALUES (?, ?, ?)",
            (other, f"Other hub {n + 1}", now),
        )
        new_ids: dict[str, str] = {}
        rows, changes, holders = [], [], []
        base_ms = int(time.time() * 1000) - 10_000_000
        for i, (table, row_id, data, clock, subject) in enumerate(source):
            new_id = uuid7_at(base_ms + i)
            if table == "members":
                new_ids[row_id] = new_id
                holders.append((new_id, other))
            member = new_ids[subject]
            text = data.replace(hub_id, other)
            if table != "members":
                text = text.replace(subject, member)
            seq += 1
            rows.append((table, new_id, seq, text, clock, f'{{"*": {seq}}}', member))
            stamp = json.loads(clock)["*"]
            changes.append(
                (seq, uuid7_at(base_ms + i), other, device, table, new_id, text, stamp, now)
            )
        con.executemany(
            "INSERT INTO rows (table_name, row_id, seq, data, clock, fseq, scope, subject_id) "
            "VALUES (?, ?, ?, ?, ?, ?, 'member', ?)",
            rows,
        )
        con.executemany(
            "INSERT INTO changes (seq, change_id, hub_id, device_id, table_name, row_id, op, "
            "fields, hlc, received_at) VALUES (?, ?, ?, ?, ?, ?, 'insert', ?, ?, ?)",
            changes,
        )
        con.executemany("INSERT INTO member_holders (member_id, hub_id) VALUES (?, ?)", holders)
        added += len(rows)
        log(f"    other hub {n + 1}/{others}: {len(rows):,} rows")
    con.execute("UPDATE counters SET value = ? WHERE name = 'seq'", (seq,))
    con.execute("COMMIT")
    con.close()
    return added
