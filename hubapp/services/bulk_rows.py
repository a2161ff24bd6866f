"""What the two bulk writers (seeding, CSV import) share so their rows match the ORM's own.
SearchIndexFill, which the first pull uses too, is models/search_fill.py (imported here for
them)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from typing import Any

from sqlalchemy import Date, DateTime, inspect
from sqlalchemy.engine.interfaces import DBAPIConnection, DBAPICursor

from hubapp.models.base import BOOKKEEPING_COLUMNS, STABLE_ID_NAMESPACE, UTCDateTime
from hubapp.models.changes import CLOCK_SETTING
from hubapp.models.database import Database
from hubapp.models.people import member_sort_key
from hubapp.models.search_fill import SearchIndexFill as SearchIndexFill


def fast_stable_id(*parts: str) -> str:
    """models.base.stable_id without the uuid module's overhead (the same value: a version 5
    UUID in the same namespace; a test checks they agree)."""
    h = hashlib.sha1(_NAMESPACE + "\x1f".join(parts).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


# The variant bits (10xx) of the first hex digit of the fourth group.
_VARIANT = {f"{n:x}": f"{n & 0x3 | 0x8:x}" for n in range(16)}
_NAMESPACE = STABLE_ID_NAMESPACE.bytes


@lru_cache(maxsize=65536)
def cached_sort_key(last_name: str, first_name: str) -> str:
    """`people.member_sort_key`, remembered: many members share a name."""
    return member_sort_key(last_name, first_name)


def journalled_columns(model: type[Any]) -> tuple[list[str], frozenset[str]]:
    """The columns ChangeCapture journals for a model (`changes.data_columns`), and those
    of them holding dates or times."""
    columns = [c for c in inspect(model).column_attrs if c.key not in BOOKKEEPING_COLUMNS]
    dated = frozenset(
        c.key for c in columns if isinstance(c.columns[0].type, Date | DateTime | UTCDateTime)
    )
    return [c.key for c in columns], dated


_SAVE_CLOCK = (
    "INSERT INTO local_settings (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
)


def save_clock(raw: DBAPIConnection | DBAPICursor, db: Database) -> None:
    """Persist the clock with the changes, as ChangeCapture does, through a DB-API
    connection or cursor (so in whatever transaction it is in)."""
    raw.execute(_SAVE_CLOCK, (CLOCK_SETTING, str(db.clock.last)))
