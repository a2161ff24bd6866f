"""Reference data from the server: postcode-district centroids, for offline distances.

Separate from the change journal: the table is the same for every hub and is replaced whole
when the network administrator imports a new ONS Postcode Directory (a few times a year).
A hub asks right after enrolling, then during a sync at most once a day, so an ordinary sync
stays one request; the districts come only when the server's version differs from the one
held. See docs/reference-data.md.
"""

from __future__ import annotations

import logging
import time

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import delete, insert

from hubapp.models import PostcodeDistrict
from hubapp.models.database import Database
from hubapp.models.engagement import POSTCODE_DISTRICTS_VERSION_SETTING
from hubapp.sync.transport import TransientError, Transport

log = logging.getLogger("hubapp.sync")
POSTCODE_DISTRICTS_PATH = "/reference/postcode-districts"
CHECKED_SETTING = "reference.checked_at_ms"
CHECK_EVERY_MS = 24 * 60 * 60 * 1000


class ReferenceRequest(BaseModel):
    """The version the hub holds (0: none from the server yet)."""

    have_version: int = Field(default=0, ge=0)


class PostcodeDistrictsAnswer(BaseModel):
    """The server's version; the districts themselves only when the hub's copy differs.
    Each district is [outward code, latitude, longitude]."""

    version: int
    districts: list[tuple[str, float, float]] | None = None


def held_version(db: Database) -> int:
    """The server version of the districts held here (0 for the shipped sample or none)."""
    held = db.get_setting(POSTCODE_DISTRICTS_VERSION_SETTING) or ""
    return int(held) if held.isdigit() else 0


def replace_postcode_districts(
    db: Database, districts: list[tuple[str, float, float]], version: int
) -> None:
    """Replaces every district in one transaction (not journalled: reference data is not
    the hub's to send back), then records the version."""
    rows = [
        {"district": code.strip().upper(), "latitude": lat, "longitude": lon}
        for code, lat, lon in districts
    ]
    with db.write(capture=False) as session:
        session.execute(delete(PostcodeDistrict))
        if rows:
            session.execute(insert(PostcodeDistrict), rows)
    db.set_setting(POSTCODE_DISTRICTS_VERSION_SETTING, str(version))


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def reference_check_due(db: Database) -> bool:
    """True when the server was last asked about reference data a day or more ago (or
    never, or the clock went back)."""
    checked = db.get_setting(CHECKED_SETTING) or ""
    if not checked.isdigit():
        return True
    return not 0 <= now_ms() - int(checked) < CHECK_EVERY_MS


def fetch_reference_data(db: Database, transport: Transport) -> int | None:
    """Asks the server for newer postcode districts and stores them. Returns how many were
    received, or None when the hub's copy is current (or the server has none). Raises
    SyncError when the server cannot be asked."""
    have = held_version(db)
    request = ReferenceRequest(have_version=have)
    raw = transport.post(POSTCODE_DISTRICTS_PATH, request.model_dump(mode="json"))
    try:
        answer = PostcodeDistrictsAnswer.model_validate(raw)
    except ValidationError as exc:
        raise TransientError("the server's reference data was garbled") from exc
    db.set_setting(CHECKED_SETTING, str(now_ms()))
    if answer.districts is None or answer.version == have:
        return None
    replace_postcode_districts(db, answer.districts, answer.version)
    log.info("postcode districts updated to version %d (%d)", answer.version, len(answer.districts))
    return len(answer.districts)
