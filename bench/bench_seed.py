"""Seed rate: how fast `hubapp seed --members N` generates realistic members.

    .venv/bin/python bench/bench_seed.py --members 100000

Each run seeds a fresh hub (its own temporary folder) with services.seeding.seed_members:
members, their skills and interests, and a journal entry per row (as the desk would leave
them, unsent). For scale, the same kind of members written through the ORM one object at a
time (with change capture, as sign-up does) is timed on a small sample, against the seeder
on the same sample. Median over --runs.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from common import machine

from hubapp.models import Member, MemberTag
from hubapp.models.database import Database
from hubapp.services import fake_people as fake
from hubapp.services.seeding import _MEMBERS, _RowMaker, ensure_hub, seed_member_rows

TARGET_S = 60.0  # "100,000 in well under a minute"
TARGET_MEMBERS = 100_000


def orm_rate(folder: Path, count: int) -> float:
    """Members a second through the ORM, one object at a time with change capture on (as
    sign-up writes), for the same people and skill links as the seeder makes."""
    db = Database(folder)
    hub_id = ensure_hub(db)
    batch = _RowMaker(random.Random(1), hub_id, fake.Serials(0, 0, 0), count, None, False).batch(
        count
    )
    fields = set(_MEMBERS.fields) - {"date_of_birth"}
    started = time.perf_counter()
    with db.write() as session:
        for row in batch.members:
            session.add(Member(id=row["id"], **{k: row[k] for k in fields}))
        session.flush()
        for row in batch.tags:
            session.add(MemberTag(id=row["id"], member_id=row["member_id"], tag_id=row["tag_id"]))
    took = time.perf_counter() - started
    db.close()
    return count / took


def seeder_rate(folder: Path, count: int) -> float:
    db = Database(folder)
    report = seed_member_rows(db, count)
    db.close()
    return report.rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-journal", action="store_true", help="seed without journal rows")
    parser.add_argument("--orm-sample", type=int, default=2_000)
    args = parser.parse_args()
    print(f"Machine: {machine()}")
    print(
        f"{args.members:,} members per run, journal {'off' if args.no_journal else 'on'}; "
        f"{args.runs} runs, each into a fresh hub.\n"
    )
    seconds, cpus = [], []
    with tempfile.TemporaryDirectory(prefix="hubapp-seed-bench-") as scratch:
        for run in range(args.runs):
            db = Database(Path(scratch) / f"run{run}")
            cpu = time.process_time()
            report = seed_member_rows(db, args.members, journal=not args.no_journal)
            cpus.append(time.process_time() - cpu)
            seconds.append(report.seconds)
            size = db.path.stat().st_size / 1e6
            db.close()
            print(f"run {run + 1}: {report.summary()} CPU {cpus[-1]:.1f} s; file {size:,.0f} MB")
        if args.orm_sample:
            orm = orm_rate(Path(scratch) / "orm", args.orm_sample)
            small = seeder_rate(Path(scratch) / "small", args.orm_sample)
    wall = statistics.median(seconds)
    rate = args.members / wall
    cpu = statistics.median(cpus)
    print(
        f"\nSeed: median {wall:.1f} s for {args.members:,} = {rate:,.0f} members/s "
        f"(CPU {cpu:.1f} s = {args.members / cpu:,.0f} members/s); "
        f"{wall * TARGET_MEMBERS / args.members / TARGET_S:.2f}x of the one-minute budget "
        "for 100,000"
    )
    if args.orm_sample:
        print(
            f"Same {args.orm_sample:,} people and skill links into a fresh hub: ORM one object "
            f"at a time {orm:,.0f} members/s, seeder {small:,.0f} members/s "
            f"({small / orm:.1f}x)"
        )


if __name__ == "__main__":
    main()
