"""The declarative base, column types and the columns every syncable row carries."""

from __future__ import annotations

import os
import secrets
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, MetaData, String, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Namespace for ids that must be identical on every hub (vocabulary tags, link rows), so that
# two hubs adding "gardening" or enlisting the same member in the same group converge on one row.
STABLE_ID_NAMESPACE = uuid.UUID("6f1d3c3e-2b7a-4c55-9a51-4b9c1f0e7a11")


def uuid7() -> str:
    """A time-ordered UUID (RFC 9562 version 7) as text: rows made offline never collide,
    and ids sort roughly by creation time, which keeps B-tree inserts local."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 68) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def stable_id(*parts: str) -> str:
    """A deterministic UUID (version 5) from the given parts."""
    return str(uuid.uuid5(STABLE_ID_NAMESPACE, "\x1f".join(parts)))


def utcnow() -> datetime:
    return datetime.now(UTC)


def random_token(nbytes: int = 16) -> str:
    return secrets.token_urlsafe(nbytes)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes, stored naive-in-UTC (SQLite has no time zones)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; hubapp stores aware UTC datetimes only")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


class Syncable:
    """Columns every synced row has.

    `clock` maps each field written since the insert to the hybrid-logical-clock stamp of that
    write, and "*" to the insert's stamp; the sync engine merges per field by comparing these
    stamps (the node id inside a stamp breaks ties). See `field_stamp`.
    """

    __syncable__ = True

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=uuid7)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    origin_hub_id: Mapped[str | None] = mapped_column(String(36))
    clock: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


# Columns that are bookkeeping, not data: never captured as a field change.
BOOKKEEPING_COLUMNS = frozenset({"id", "created_at", "updated_at", "clock", "sort_key"})

# In `clock`, the stamp of the insert, which stands for every field not written since.
INSERT_STAMP_KEY = "*"


def field_stamp(clock: dict[str, Any], field: str) -> str:
    """The stamp of the last write to `field` of a row with this clock."""
    return str(clock.get(field) or clock.get(INSERT_STAMP_KEY) or "")
