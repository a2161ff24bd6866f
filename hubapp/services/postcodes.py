"""Postcode-district centroids (reference data) and distances between places, offline.

A hub starts with a small sample table shipped in hubapp/resources (Wales and the English
borders, approximate centroids); the network administrator's import of the ONS Postcode
Directory reaches every hub by sync and replaces it (see docs/reference-data.md).
"""

from __future__ import annotations

import csv
import math
import re
import threading
import weakref
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from hubapp.models import PostcodeDistrict
from hubapp.models.database import Database
from hubapp.models.engagement import POSTCODE_DISTRICTS_VERSION_SETTING
from hubapp.services.validation import looks_like_postcode

SAMPLE_CSV = Path(__file__).resolve().parent.parent / "resources" / "postcode_districts_sample.csv"
# The version of the districts this hub holds: "sample", or the server's version number.
VERSION_SETTING = POSTCODE_DISTRICTS_VERSION_SETTING
SAMPLE_VERSION = "sample"
EARTH_RADIUS_MILES = 3958.8

# An outward code on its own: "SA20", "LD1", "CF10", "W1A", "EC1A".
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")

LatLon = tuple[float, float]


def district_of(text: str) -> str | None:
    """The postcode district (outward code) of a full postcode or of a district typed on its
    own ("sa20 0ab" -> "SA20", "ld1" -> "LD1"); None when it is neither."""
    compact = re.sub(r"\s+", "", text or "").upper()
    if not compact:
        return None
    if looks_like_postcode(compact):
        return compact[:-3]
    return compact if _OUTWARD.match(compact) else None


def haversine_miles(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in miles ("as the crow flies")."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(h)))


def read_sample() -> list[tuple[str, float, float]]:
    """The shipped sample table: (district, latitude, longitude)."""
    with SAMPLE_CSV.open(encoding="utf-8", newline="") as handle:
        return [
            (row["district"], float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        ]


def ensure_postcode_districts(db: Database) -> int:
    """Loads the shipped sample if this hub has no districts at all (first run, or a hub
    that has not yet synced reference data). Returns how many districts it added."""
    with db.read() as session:
        if session.scalar(select(func.count()).select_from(PostcodeDistrict)):
            if held_version(db) is None:
                db.set_setting(VERSION_SETTING, "local")  # loaded by other means
            return 0
    rows = read_sample()
    with db.write() as session:
        if session.scalar(select(func.count()).select_from(PostcodeDistrict)):
            return 0  # another thread loaded it meanwhile
        _insert(session, rows)
    db.set_setting(VERSION_SETTING, SAMPLE_VERSION)
    return len(rows)


def _insert(session: Session, rows: list[tuple[str, float, float]]) -> None:
    if rows:
        session.execute(
            insert(PostcodeDistrict),
            [{"district": d, "latitude": lat, "longitude": lon} for d, lat, lon in rows],
        )


def held_version(db: Database) -> str | None:
    """The version of the districts held here, None before any were loaded."""
    return db.get_setting(VERSION_SETTING)


_cache: weakref.WeakKeyDictionary[Database, tuple[str | None, dict[str, LatLon]]] = (
    weakref.WeakKeyDictionary()
)
_cache_lock = threading.Lock()


def centroids(db: Database) -> dict[str, LatLon]:
    """Every district's centroid, by outward code. Read once per version of the table
    (loading the sample first if the table is empty), then served from memory."""
    version = held_version(db)
    with _cache_lock:
        cached = _cache.get(db)
    if cached is not None and cached[0] == version and version is not None:
        return cached[1]
    if version is None:
        ensure_postcode_districts(db)
        version = held_version(db)
    with db.read() as session:
        table = {
            d: (lat, lon)
            for d, lat, lon in session.execute(
                select(
                    PostcodeDistrict.district, PostcodeDistrict.latitude, PostcodeDistrict.longitude
                )
            )
        }
    with _cache_lock:
        _cache[db] = (version, table)
    return table


def place_of(table: dict[str, LatLon], postcode: str | None) -> LatLon | None:
    """Where a postcode (or district) is, to the district's centroid; None if unknown."""
    district = district_of(postcode or "")
    return table.get(district) if district else None
