"""What every benchmark shares: statistics that survive a noisy shared machine, a cached
seeded database (seeding 100,000 members once, not for every run), and a machine line."""

from __future__ import annotations

import math
import os
import platform
import sqlite3
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from hubapp.models.database import Database  # noqa: E402

CACHE_ROOT = Path(os.environ.get("HUBAPP_BENCH_DIR", "/tmp/hubapp-bench"))


def median_ms(samples: Sequence[float]) -> float:
    return statistics.median(samples) * 1000


def p95_ms(samples: Sequence[float]) -> float:
    """The 95th percentile (nearest rank): with 20 samples, the second slowest."""
    ordered = sorted(samples)
    rank = max(0, min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1))
    return ordered[rank] * 1000


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"load average {load:.1f} at start"
    )


def seeded_database(members: int, *, fresh: bool = False, quiet: bool = False) -> Database:
    """A database holding `members` seeded members, kept under CACHE_ROOT between runs."""
    from hubapp.services.member_search import members_count
    from hubapp.services.seeding import seed_member_rows

    folder = CACHE_ROOT / f"members-{members}"
    if fresh and folder.exists():
        for path in folder.iterdir():
            if path.is_file():
                path.unlink()
    db = Database(folder)
    with db.read() as session:
        have = members_count(session)
    if have < members:
        if not quiet:
            print(f"Seeding {members - have:,} members into {folder} (once) …", flush=True)
        report = seed_member_rows(db, members - have)
        if not quiet:
            print(f"  {report.summary()}", flush=True)
    return db
