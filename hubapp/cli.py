"""The `hubapp` command: with no sub-command it opens the desktop app; sub-commands script
everything else. Every sub-command honours --data-dir and HUBAPP_DATA_DIR."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from hubapp import __version__

if TYPE_CHECKING:
    from hubapp.models.database import Database


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="hubapp",
        description="hubapp: members, groups, meetings and feedback for community hubs.",
    )
    parser.add_argument("--version", action="version", version=f"hubapp {__version__}")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder holding this hub's database and logs (default: HUBAPP_DATA_DIR or the "
        "platform's user data folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = sub.add_parser("demo", help="fill the hub with realistic demo data")
    demo.add_argument("--members", type=int, default=2000)
    seed = sub.add_parser("seed", help="generate members quickly, for benchmarks")
    seed.add_argument("--members", type=int, required=True)
    imp = sub.add_parser("import-members", help="import members from a CSV file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
    imp.add_argument(
        "--skip-invalid", action="store_true", help="write the valid rows, report the rest"
    )
    exp = sub.add_parser("export-members", help="export members to a CSV file")
    exp.add_argument("file", type=Path)
    sub.add_parser("self-test", help="check that this installation works, then exit")
    backup = sub.add_parser(
        "backup", help="copy this hub's database to FILE (hubapp can stay open meanwhile)"
    )
    backup.add_argument("file", type=Path, help="the backup file to write (a new file)")
    restore = sub.add_parser(
        "restore",
        help="replace this hub's database with the backup in FILE (close hubapp first)",
    )
    restore.add_argument("file", type=Path, help="a backup written by `hubapp backup`")
    enrol = sub.add_parser("enrol", help="enrol this hub with the central server")
    enrol.add_argument(
        "--server", required=True, help="server address, e.g. https://hubs.example.org"
    )
    enrol.add_argument(
        "--code", required=True, help="the one-time enrolment code from the administrator"
    )
    sub.add_parser("sync", help="sync once with the central server and print a one-line summary")
    kiosk = sub.add_parser(
        "kiosk", help="kiosk mode for walk-in visitors (full screen; a staff PIN leaves it)"
    )
    kiosk.add_argument(
        "--idle-seconds",
        type=int,
        default=120,
        help="seconds without a touch before the screen wipes itself (at least 30)",
    )
    kiosk.add_argument(
        "--on-screen-keyboard",
        choices=["auto", "on", "off"],
        default="auto",
        help="Qt's on-screen keyboard: auto (when no keyboard is plugged in), on or off",
    )
    return parser


def data_dir_from(args: argparse.Namespace) -> Path:
    from hubapp.models.database import default_data_dir

    if args.data_dir is not None:
        os.environ["HUBAPP_DATA_DIR"] = str(args.data_dir)
        return Path(args.data_dir)
    return default_data_dir()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    data_dir = data_dir_from(args)
    from hubapp.logs import configure_logging

    configure_logging(data_dir)
    commands: dict[str | None, Callable[[argparse.Namespace, Path], int]] = {
        None: _run_app,
        "demo": _demo,
        "seed": _seed,
        "import-members": _import_members,
        "export-members": _export_members,
        "self-test": _self_test,
        "backup": _backup,
        "restore": _restore,
        "enrol": _enrol,
        "sync": _sync,
        "kiosk": _kiosk,
    }
    try:
        return commands[args.command](args, data_dir)
    except KeyboardInterrupt:
        return 130


def _open(data_dir: Path) -> Database:
    from hubapp.models.database import Database, DatabaseError

    try:
        return Database(data_dir)
    except DatabaseError as exc:
        print(f"hubapp: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc


def _run_app(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.ui.app import run_app

    return run_app(data_dir)


def _demo(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.services.demo import fill_demo

    db = _open(data_dir)
    summary = fill_demo(db, members=args.members, progress=_print_progress)
    print(summary)
    return 0


def _seed(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.services.seeding import seed_members

    db = _open(data_dir)
    summary = seed_members(db, args.members, progress=_print_progress)
    print(summary)
    return 0


def _import_members(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.services.csv_import import run_import_command

    db = _open(data_dir)
    return run_import_command(
        db, args.file, dry_run=args.dry_run, skip_invalid=args.skip_invalid, out=sys.stdout
    )


def _export_members(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.services.csv_export import export_members

    db = _open(data_dir)
    count = export_members(db, args.file)
    print(f"Exported {count} members to {args.file}")
    return 0


def _self_test(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.selftest import run_self_test

    return run_self_test(data_dir)


def _backup(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.services.backup import BackupError, back_up

    try:
        report = back_up(data_dir, args.file)
    except BackupError as exc:
        print(f"hubapp: {exc}", file=sys.stderr)
        return 1
    print(f"Backed up this hub's database to {report.path} ({report.size_bytes / 1e6:.1f} MB).")
    return 0


def _restore(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.services.backup import BackupError, restore

    try:
        report = restore(data_dir, args.file)
    except BackupError as exc:
        print(f"hubapp: {exc}", file=sys.stderr)
        return 1
    print(f"Restored {report.hub_name or 'the hub'} from {report.source} into {data_dir}.")
    if report.upgraded:
        print(f"Upgraded it from schema {report.revision_in_file} to {report.revision_now}.")
    if report.replaced_copy is not None:
        print(f"The database it replaced is kept at {report.replaced_copy}.")
    return 0


def _enrol(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.sync.commands import enrol_command

    return enrol_command(_open(data_dir), args.server, args.code)


def _sync(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.sync.commands import sync_command

    return sync_command(_open(data_dir))


def _kiosk(args: argparse.Namespace, data_dir: Path) -> int:
    from hubapp.ui.kiosk import kiosk_main  # it sets the keyboard up before Qt starts

    return kiosk_main(data_dir, idle_seconds=args.idle_seconds, keyboard=args.on_screen_keyboard)


def _print_progress(done: int, total: int, what: str) -> None:
    if sys.stderr.isatty():
        print(f"\r{what}: {done:,} of {total:,}", end="" if done < total else "\n", file=sys.stderr)
