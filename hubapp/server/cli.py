"""The `hubapp-server` command: run the API, the admin commands that enrol and revoke hubs, and
the import of reference data (postcode districts) that every hub receives by sync."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hubapp.server import admin
from hubapp.server.store import open_store

# Longer than the app's automatic sync interval (5 minutes): on a 300 ms link a new
# connection costs a round trip, and over HTTPS two or three.
KEEP_ALIVE_SECONDS = 330


def _print(args: argparse.Namespace, data: Any, words: str) -> None:
    print(json.dumps(data) if args.json else words)


def cmd_run(args: argparse.Namespace) -> int:
    import uvicorn

    from hubapp.server.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    engine = open_store(args.database_url)
    uvicorn.run(
        create_app(engine),
        host=args.host,
        port=args.port,
        log_level="info",
        timeout_keep_alive=args.keep_alive,
    )
    return 0


def cmd_add_hub(args: argparse.Namespace) -> int:
    hub_id, code = admin.add_hub(open_store(args.database_url), args.name)
    _print(
        args,
        {"hub_id": hub_id, "code": code},
        f"Hub {args.name!r} added.\n  hub id: {hub_id}\n  enrolment code (one use, 7 days): {code}",
    )
    return 0


def cmd_enrol_code(args: argparse.Namespace) -> int:
    try:
        code = admin.enrol_code(open_store(args.database_url), args.hub_id)
    except LookupError as exc:
        print(exc, file=sys.stderr)
        return 1
    _print(args, {"hub_id": args.hub_id, "code": code}, f"Enrolment code: {code}")
    return 0


def cmd_list_hubs(args: argparse.Namespace) -> int:
    engine = open_store(args.database_url)
    hubs = admin.list_hubs(engine)
    for hub in hubs:
        hub["device_list"] = admin.list_devices(engine, hub["hub_id"])
    lines = [
        f"{h['hub_id']}  {h['name']}  {h['active_devices']}/{h['devices']} devices"
        + ("  (revoked)" if h["revoked"] else "")
        for h in hubs
    ]
    _print(args, hubs, "\n".join(lines) or "No hubs yet.")
    return 0


def cmd_revoke_device(args: argparse.Namespace) -> int:
    done = admin.revoke_device(open_store(args.database_url), args.device_id)
    _print(
        args,
        {"device_id": args.device_id, "revoked": done},
        "Revoked." if done else "No such active device.",
    )
    return 0 if done else 1


def cmd_revoke_hub(args: argparse.Namespace) -> int:
    done = admin.revoke_hub(open_store(args.database_url), args.hub_id)
    _print(
        args,
        {"hub_id": args.hub_id, "revoked": done},
        "Revoked." if done else "No such active hub.",
    )
    return 0 if done else 1


def cmd_import_postcodes(args: argparse.Namespace) -> int:
    from hubapp.server.reference import ImportProblem, import_postcodes

    try:
        report = import_postcodes(open_store(args.database_url), args.file)
    except (ImportProblem, OSError, UnicodeDecodeError) as exc:
        print(f"hubapp-server: {exc}", file=sys.stderr)
        return 1
    _print(args, vars(report), str(report))
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", help="SQLAlchemy URL (default: embedded SQLite file)")
    common.add_argument("--json", action="store_true", help="machine-readable output")
    parser = argparse.ArgumentParser(prog="hubapp-server", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", parents=[common], help="serve the API")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8765)
    run.add_argument(
        "--keep-alive",
        type=int,
        default=KEEP_ALIVE_SECONDS,
        metavar="SECONDS",
        help="keep an idle connection open this long, so a hub's next automatic sync "
        f"needs no new connection (default {KEEP_ALIVE_SECONDS})",
    )
    run.set_defaults(func=cmd_run)
    add = sub.add_parser("add-hub", parents=[common], help="add a hub; prints its enrolment code")
    add.add_argument("name")
    add.set_defaults(func=cmd_add_hub)
    code = sub.add_parser("enrol-code", parents=[common], help="a code for another device")
    code.add_argument("hub_id")
    code.set_defaults(func=cmd_enrol_code)
    sub.add_parser("list-hubs", parents=[common]).set_defaults(func=cmd_list_hubs)
    dev = sub.add_parser("revoke-device", parents=[common])
    dev.add_argument("device_id")
    dev.set_defaults(func=cmd_revoke_device)
    hub = sub.add_parser("revoke-hub", parents=[common])
    hub.add_argument("hub_id")
    hub.set_defaults(func=cmd_revoke_hub)
    postcodes = sub.add_parser(
        "import-postcodes",
        parents=[common],
        help="load postcode-district centroids from an ONS Postcode Directory CSV",
    )
    postcodes.add_argument("file", type=Path, help="the ONSPD CSV (columns pcds, lat, long)")
    postcodes.set_defaults(func=cmd_import_postcodes)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
