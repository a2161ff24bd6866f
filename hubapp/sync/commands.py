"""What `hubapp enrol` and `hubapp sync` do (and the settings screen, through the worker)."""

from __future__ import annotations

import logging
import platform
import sys
import time
from typing import TextIO

from hubapp.models.database import Database
from hubapp.sync.apply import CURSOR_SETTING
from hubapp.sync.credentials import TokenStore
from hubapp.sync.engine import SyncSummary, run_sync
from hubapp.sync.enrolment import rekey_hub
from hubapp.sync.protocol import EnrolRequest, EnrolResponse
from hubapp.sync.reference import fetch_reference_data, reference_check_due
from hubapp.sync.transport import Retry, SyncError, Transport

log = logging.getLogger("hubapp.sync")
SERVER_SETTING = "sync.server_url"
DEVICE_SETTING = "sync.device_id"
LAST_SYNC_SETTING = "sync.last_synced_at_ms"


class EnrolmentError(SyncError):
    """Enrolment refused or impossible; `str()` says why in words."""


def token_store(db: Database, server_url: str, hub_id: str) -> TokenStore:
    return TokenStore(db.data_dir, f"{server_url.rstrip('/')}#{hub_id}")


def enrol(db: Database, server_url: str, code: str, *, device_name: str | None = None) -> str:
    """Exchanges a one-time code for this device's token; returns the hub id."""
    server_url = server_url.rstrip("/")
    # A hub that has synced may enrol again as a new device of the same hub (a new PC with
    # the database restored from a backup, or a lost token), never as another hub.
    synced_as = db.hub_id if db.get_setting(CURSOR_SETTING) is not None else None
    transport = Transport(server_url)
    request = EnrolRequest(
        code=code, device_name=device_name or platform.node(), node_id=db.node_id
    )
    try:
        answer = EnrolResponse.model_validate(
            transport.post("/enrol", request.model_dump(mode="json"))
        )
    finally:
        transport.close()
    if synced_as is not None and answer.hub_id != synced_as:
        raise EnrolmentError(
            "That code is for another hub. This hub's data has already synced as hub "
            f"{synced_as}: ask the network administrator for a code for that hub "
            "(hubapp-server enrol-code), and to revoke the device just made."
        )
    if db.hub_id is not None and db.hub_id != answer.hub_id:
        log.info("re-keying hub %s to the server's id %s", db.hub_id, answer.hub_id)
        rekey_hub(db, db.hub_id, answer.hub_id)
    elif db.hub_id is None:
        db.set_setting("hub_id", answer.hub_id)
    token_store(db, server_url, answer.hub_id).save(answer.token)
    db.set_setting(SERVER_SETTING, server_url)
    db.set_setting(DEVICE_SETTING, answer.device_id)
    log.info("enrolled as device %s of hub %s", answer.device_id, answer.hub_id)
    with_token = Transport(server_url, answer.token, retry=Retry(attempts=1))
    try:
        _fetch_reference_data(db, with_token)  # a new hub gets the districts at once
    finally:
        with_token.close()
    return answer.hub_id


def transport_for(db: Database) -> Transport:
    server_url = db.get_setting(SERVER_SETTING)
    if not server_url or db.hub_id is None:
        raise EnrolmentError("This hub is not enrolled with a server yet (hubapp enrol).")
    token = token_store(db, server_url, db.hub_id).load()
    if not token:
        raise EnrolmentError("This hub's device token is missing; enrol it again.")
    return Transport(server_url, token)


def sync_once(db: Database, transport: Transport | None = None) -> SyncSummary:
    """One complete sync; never raises for sync failures (see `summary.error`)."""
    own = transport is None
    try:
        transport = transport or transport_for(db)
    except SyncError as exc:
        return SyncSummary(error=str(exc))
    try:
        summary = run_sync(db, transport)
        if summary.ok and reference_check_due(db):
            _fetch_reference_data(db, transport)
    finally:
        if own:
            transport.close()
    if summary.ok:
        db.set_setting(LAST_SYNC_SETTING, str(time.time_ns() // 1_000_000))
    return summary


def _fetch_reference_data(db: Database, transport: Transport) -> None:
    """Postcode districts, when the server has newer ones (docs/reference-data.md). A
    failure here is logged, not a failed sync or enrolment: the districts held still work,
    and the next sync asks again."""
    try:
        fetch_reference_data(db, transport)
    except SyncError as exc:
        log.warning("reference data not fetched: %s", exc)


def token_location(db: Database) -> str | None:
    """Where this device's token is kept, in words (for the settings screen), if enrolled."""
    server_url = db.get_setting(SERVER_SETTING)
    if not server_url or db.hub_id is None:
        return None
    return token_store(db, server_url, db.hub_id).where


def enrol_command(db: Database, server_url: str, code: str, out: TextIO | None = None) -> int:
    """`hubapp enrol --server URL --code CODE`: exit status 0 when enrolled."""
    try:
        hub_id = enrol(db, server_url, code)
    except SyncError as exc:
        print(f"hubapp: enrolment failed: {exc}", file=sys.stderr)
        return 1
    print(
        f"Enrolled with {server_url} as hub {hub_id}; token kept in {token_location(db)}.",
        file=out or sys.stdout,
    )
    return 0


def sync_command(db: Database, out: TextIO | None = None) -> int:
    """`hubapp sync`: one sync, a one-line summary, non-zero exit status on failure."""
    summary = sync_once(db)
    print(summary, file=(out or sys.stdout) if summary.ok else sys.stderr)
    return 0 if summary.ok else 1
