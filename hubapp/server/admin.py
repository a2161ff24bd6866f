"""Hubs, devices, enrolment codes and tokens: what the admin commands and /enrol do."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, and_, case, func, insert, select, update

from hubapp.models.base import uuid7
from hubapp.server.schema import devices, enrolment_codes, hubs
from hubapp.server.store import writer

CODE_LIFETIME = timedelta(days=7)
# No 0/O or 1/I/L: codes are read out over the phone and typed by hand.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class EnrolmentRefused(Exception):
    """The code is unknown, used, expired, or its hub is revoked; `str()` says which."""


class NotAuthorised(Exception):
    """The token is unknown, or its device or hub was revoked; `str()` says which."""


@dataclass(frozen=True)
class Device:
    id: str
    hub_id: str
    name: str


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    return "".join(c for c in code.upper() if c.isalnum())


def now() -> datetime:
    return datetime.now(UTC)


def aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time here is UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _new_code(conn: Any, hub_id: str) -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    conn.execute(
        insert(enrolment_codes).values(
            code_hash=digest(raw),
            hub_id=hub_id,
            created_at=now(),
            expires_at=now() + CODE_LIFETIME,
        )
    )
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def add_hub(engine: Engine, name: str) -> tuple[str, str]:
    """A new hub and its first one-time enrolment code."""
    hub_id = uuid7()
    with writer(engine).begin() as conn:
        conn.execute(insert(hubs).values(id=hub_id, name=name.strip(), created_at=now()))
        code = _new_code(conn, hub_id)
    return hub_id, code


def enrol_code(engine: Engine, hub_id: str) -> str:
    """A fresh one-time code for another device of an existing hub."""
    with writer(engine).begin() as conn:
        hub = conn.execute(select(hubs).where(hubs.c.id == hub_id)).first()
        if hub is None:
            raise LookupError(f"No hub with id {hub_id}.")
        if hub.revoked_at is not None:
            raise LookupError(f"Hub {hub_id} was revoked; add it again with add-hub.")
        return _new_code(conn, hub_id)


def list_hubs(engine: Engine) -> list[dict[str, Any]]:
    live = func.sum(
        case((and_(devices.c.id.is_not(None), devices.c.revoked_at.is_(None)), 1), else_=0)
    )
    query = (
        select(hubs, func.count(devices.c.id).label("devices"), live.label("live"))
        .outerjoin(devices, devices.c.hub_id == hubs.c.id)
        .group_by(hubs.c.id)
        .order_by(hubs.c.created_at)
    )
    with engine.connect() as conn:
        return [
            {
                "hub_id": r.id,
                "name": r.name,
                "created_at": aware(r.created_at).isoformat(),
                "revoked": r.revoked_at is not None,
                "devices": int(r.devices),
                "active_devices": int(r.live or 0),
            }
            for r in conn.execute(query)
        ]


def list_devices(engine: Engine, hub_id: str) -> list[dict[str, Any]]:
    with engine.connect() as conn:
        found = conn.execute(select(devices).where(devices.c.hub_id == hub_id))
        return [
            {"device_id": r.id, "name": r.name, "revoked": r.revoked_at is not None} for r in found
        ]


def revoke_device(engine: Engine, device_id: str) -> bool:
    with writer(engine).begin() as conn:
        done = conn.execute(
            update(devices)
            .where(devices.c.id == device_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=now())
        )
    return bool(done.rowcount)


def revoke_hub(engine: Engine, hub_id: str) -> bool:
    with writer(engine).begin() as conn:
        done = conn.execute(
            update(hubs)
            .where(hubs.c.id == hub_id, hubs.c.revoked_at.is_(None))
            .values(revoked_at=now())
        )
    return bool(done.rowcount)


def enrol(engine: Engine, code: str, device_name: str, node_id: str) -> tuple[Device, str, str]:
    """Spends a code: a new device of its hub, its bearer token (shown once) and the hub name."""
    with writer(engine).begin() as conn:
        found = conn.execute(
            select(enrolment_codes, hubs.c.name, hubs.c.revoked_at.label("hub_revoked"))
            .join(hubs, hubs.c.id == enrolment_codes.c.hub_id)
            .where(enrolment_codes.c.code_hash == digest(normalise_code(code)))
        ).first()
        if found is None:
            raise EnrolmentRefused("That enrolment code is not known. Check it and try again.")
        if found.used_at is not None:
            raise EnrolmentRefused("That enrolment code was already used. Ask for a new one.")
        if aware(found.expires_at) < now():
            raise EnrolmentRefused("That enrolment code has expired. Ask for a new one.")
        if found.hub_revoked is not None:
            raise EnrolmentRefused("That hub's access was withdrawn.")
        conn.execute(
            update(enrolment_codes)
            .where(enrolment_codes.c.code_hash == found.code_hash)
            .values(used_at=now())
        )
        token = secrets.token_urlsafe(32)
        device = Device(uuid7(), found.hub_id, device_name.strip() or "hub device")
        conn.execute(
            insert(devices).values(
                id=device.id,
                hub_id=device.hub_id,
                name=device.name,
                node_id=node_id or None,
                token_hash=digest(token),
                created_at=now(),
            )
        )
    return device, token, str(found.name)


def authenticate(engine: Engine, token: str) -> Device:
    with engine.connect() as conn:
        found = conn.execute(
            select(devices, hubs.c.revoked_at.label("hub_revoked"))
            .join(hubs, hubs.c.id == devices.c.hub_id)
            .where(devices.c.token_hash == digest(token))
        ).first()
    if found is None:
        raise NotAuthorised("This device is not enrolled with the server (unknown token).")
    if found.revoked_at is not None:
        raise NotAuthorised(
            "This device's access to the server was withdrawn. Ask the network administrator "
            "for a new enrolment code."
        )
    if found.hub_revoked is not None:
        raise NotAuthorised("This hub's access to the server was withdrawn.")
    return Device(found.id, found.hub_id, found.name)
