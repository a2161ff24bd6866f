"""The hub's side of a first pull alone: the pages a new device of Bench Hub is sent for N
members are fetched once from the cached server (world.base), then applied to copies of a
freshly enrolled hub, and the hub's CPU for applying them is reported (median of --runs). No
network, no server process while applying: a steadier measure of the apply than
bench_sync.py's first pull, for comparing changes to the hub's apply.

    .venv/bin/python bench/sync/apply_pages.py [--members 100000] [--runs 3]
        [--without indexes,search,journal]

`--without` measures what the hub's schema costs, by leaving parts out (for measuring only;
the app never does): `indexes` drops the secondary indexes of members, member_tags and
changes before the pull and builds them after it (the build is counted), `search` skips the
members' full-text index, `journal` writes no journal entries for the pulled rows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from common import machine  # noqa: E402
from world import SERVER_DB, Meta, base, copy_db, enrol_device, log, running, state_dir  # noqa: E402

from hubapp.models.database import Database  # noqa: E402
from hubapp.server import exchange  # noqa: E402
from hubapp.server.admin import Device  # noqa: E402
from hubapp.server.store import make_engine  # noqa: E402
from hubapp.sync import bulk  # noqa: E402
from hubapp.sync.apply import apply_response  # noqa: E402
from hubapp.sync.protocol import SyncRequest, SyncResponse  # noqa: E402

PARTS = ("indexes", "search", "journal")
TABLES = ("members", "member_tags", "changes")


def pages_and_hub(members: int) -> tuple[list[bytes], Path]:
    """The gzip pages of a first pull of `members`, and a freshly enrolled hub (cached)."""
    folder = state_dir(f"apply-{members}")
    if (folder / "pages.json.gz").exists():
        return json.loads(gzip.decompress((folder / "pages.json.gz").read_bytes())), folder
    source = base(members)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy_db(source / SERVER_DB, folder / SERVER_DB)
    hub_id = Meta.load(source).hub_id
    with running(folder) as server:
        enrol_device(server, folder, "hub", hub_id).close()
    engine = make_engine(f"sqlite:///{folder / SERVER_DB}")
    device = Device("bench", hub_id, "bench")
    pages: list[str] = []
    cursor, more = 0, True
    while more:
        answer = exchange.answer(engine, device, SyncRequest(cursor=cursor, base=0), "gzip")
        data = json.loads(gzip.decompress(answer.body))
        cursor, more = data["cursor"], bool(data.get("more"))
        pages.append(answer.body.hex())
    engine.dispose()
    (folder / "pages.json.gz").write_bytes(gzip.compress(json.dumps(pages).encode()))
    log(f"saved {len(pages)} pages and an enrolled hub in {folder}")
    return pages, folder


def drop_indexes(path: Path) -> list[str]:
    """Drops the secondary indexes of TABLES; returns their CREATE statements."""
    with sqlite3.connect(path) as conn:
        found = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({', '.join('?' for _ in TABLES)})",
            TABLES,
        ).fetchall()
        for name, _sql in found:
            conn.execute(f'DROP INDEX "{name}"')
    return [sql for _name, sql in found]


def one_run(pages: list[Any], hub: Path, without: set[str], work: Path) -> float:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(hub, work)
    dropped = drop_indexes(work / "hubapp.sqlite3") if "indexes" in without else []
    if "search" in without:  # else its insert trigger would fill it row by row
        with sqlite3.connect(work / "hubapp.sqlite3") as conn:
            conn.execute("DROP TRIGGER IF EXISTS members_fts_insert")
    db = Database(work)
    answers = [SyncResponse.model_validate(json.loads(gzip.decompress(p))) for p in pages]
    started = time.process_time()
    for answer in answers:
        apply_response(db, answer)
    with db.engine.begin() as conn:
        for sql in dropped:
            conn.exec_driver_sql(sql)
    took = time.process_time() - started
    db.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--without", default="", help=f"comma-separated: {', '.join(PARTS)}")
    args = parser.parse_args()
    without = {p for p in args.without.split(",") if p}
    unknown = without - set(PARTS)
    if unknown:
        parser.error(f"--without takes {', '.join(PARTS)}, not {', '.join(sorted(unknown))}")
    if "search" in without:
        bulk._index_fill = lambda raw, rows: None  # type: ignore[assignment]
    if "journal" in without:
        bulk._journal = lambda rows, signed_up: iter(())  # type: ignore[assignment]
    hex_pages, folder = pages_and_hub(args.members)
    pages = [bytes.fromhex(p) for p in hex_pages]
    hub = folder / "hub"
    print(f"# {machine()}")
    cpus = []
    for n in range(args.runs):
        cpus.append(one_run(pages, hub, without, folder / "run"))
        print(f"  run {n + 1}: apply CPU {cpus[-1]:.2f} s", flush=True)
    label = f"without {', '.join(sorted(without))}" if without else "as the app does"
    print(f"apply {args.members:,} members' pages ({len(pages)} pages), {label}: "
          f"median CPU {statistics.median(cpus):.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
