"""CSV import rate: a 20,000-row members spreadsheet into a hub.

    .venv/bin/python bench/bench_import.py --rows 20000

The file is what hubs keep: headers spelt the usual ways ("First name", "Surname",
"E-mail", "Mobile", "Post code"...), national phone numbers, postcodes typed without the
space, skills as "Gardening; Driving". Each run imports it into a fresh hub (or, with
--existing N, a copy of a hub already holding N seeded members, so that every row is checked
against them for duplicates), as `hubapp import-members FILE` does: read and decode, map the
columns, check every row, write all in one transaction. Median over --runs, of the wall
clock and of the CPU time (steadier on a shared machine; SQLite's work is in it too).
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from common import CACHE_ROOT, machine, seeded_database

from hubapp.models.database import Database, backup_file
from hubapp.services import fake_people as fake

TARGET_ROWS_PER_S = 5_000
HEADERS = (
    "First name",
    "Surname",
    "E-mail",
    "Mobile",
    "Post code",
    "Address",
    "Skills",
    "Interests",
    "Language",
)
SKILLS = ("Gardening", "Driving; Cooking", "First aid", "", "", "Computers and IT help")
INTERESTS = ("Reading and libraries", "Local history and heritage; Food", "", "Animals")


def write_sheet(path: Path, rows: int, first_serial: int) -> None:
    rng = random.Random(20_000)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for i in range(rows):
            district = fake.pick_district(rng)
            who = fake.person(rng, district)
            serial = first_serial + i
            mobile = "0" + fake.phone(serial, mobile=True)[3:]
            writer.writerow(
                [
                    who.first_name,
                    who.last_name,
                    fake.email(rng, who, serial) if rng.random() < 0.9 else "",
                    f"{mobile[:5]} {mobile[5:]}" if rng.random() < 0.7 else mobile,
                    fake.postcode(rng, district).replace(" ", "").lower()
                    if rng.random() < 0.3
                    else fake.postcode(rng, district),
                    fake.address(rng, district) if rng.random() < 0.6 else "",
                    fake.pick(rng, SKILLS),
                    fake.pick(rng, INTERESTS),
                    "Cymraeg" if who.welsh and rng.random() < 0.3 else "English",
                ]
            )


def fresh_hub(folder: Path, existing: int) -> Database:
    if existing:
        source = CACHE_ROOT / f"members-{existing}" / "hubapp.sqlite3"
        backup_file(source, folder / "hubapp.sqlite3")
    db = Database(folder)
    if db.hub_id is None:
        from hubapp.services.seeding import ensure_hub

        ensure_hub(db, "Import bench hub")
    return db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--existing",
        type=int,
        default=0,
        help="import into a copy of a hub with this many seeded members",
    )
    args = parser.parse_args()
    try:
        from hubapp.services.csv_import import import_members, preview_import, read_csv
    except ImportError:
        raise SystemExit(
            "hubapp.services.csv_import is not there yet (another helper is writing it): "
            "nothing to measure. This script is ready for it: import_members(db, "
            "read_csv(path), staff_user_id=None) is what it times."
        ) from None
    if args.existing:
        seeded_database(args.existing).close()
    print(f"Machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="hubapp-import-bench-") as scratch:
        sheet = Path(scratch) / "members.csv"
        write_sheet(sheet, args.rows, first_serial=10_000_000)
        size = sheet.stat().st_size / 1e6
        print(
            f"{args.rows:,} rows ({size:.1f} MB) into a hub with {args.existing:,} members; "
            f"{args.runs} runs.\n"
        )
        totals, previews, cpus = [], [], []
        for run in range(args.runs):
            folder = Path(scratch) / f"hub{run}"
            db = fresh_hub(folder, args.existing)
            started = time.perf_counter()
            preview = preview_import(db, read_csv(sheet))
            previews.append(time.perf_counter() - started)
            started, cpu = time.perf_counter(), time.process_time()
            result = import_members(db, read_csv(sheet), staff_user_id=None)
            totals.append(time.perf_counter() - started)
            cpus.append(time.process_time() - cpu)
            counts = ", ".join(f"{k} {v:,}" for k, v in preview.counts.items())
            print(
                f"run {run + 1}: {result.new:,} new, {result.skipped_bad:,} bad "
                f"(preview: {counts}); import {totals[-1]:.2f} s "
                f"(CPU {cpus[-1]:.2f} s), preview alone {previews[-1]:.2f} s"
            )
            db.close()
            shutil.rmtree(folder)
    rate = args.rows / statistics.median(totals)
    cpu_rate = args.rows / statistics.median(cpus)
    print(
        f"\nImport (read, check, write in one transaction): median "
        f"{statistics.median(totals):.2f} s = {rate:,.0f} rows/s "
        f"(target {TARGET_ROWS_PER_S:,}: {rate / TARGET_ROWS_PER_S:.2f}x); by CPU time: median "
        f"{statistics.median(cpus):.2f} s = {cpu_rate:,.0f} rows/s "
        f"({cpu_rate / TARGET_ROWS_PER_S:.2f}x)"
    )
    print(
        f"Preview only (--dry-run): median {statistics.median(previews):.2f} s = "
        f"{args.rows / statistics.median(previews):,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
