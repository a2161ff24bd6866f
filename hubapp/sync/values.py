"""Field values on the wire: checking them against the local schema (server side) and turning
them back into column values (hub side)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, Integer, String, Text

from hubapp.models import Base
from hubapp.models.base import STABLE_ID_NAMESPACE
from hubapp.sync.protocol import synced_fields

Check = Callable[[Any], str | None]


def _python_kind(column: Column[Any]) -> str:
    kind = column.type
    impl = getattr(kind, "impl", kind)
    for cls, name in (
        (Boolean, "bool"),
        (Integer, "int"),
        (Float, "float"),
        (DateTime, "datetime"),
        (Date, "date"),
        (JSON, "json"),
        (String, "str"),
        (Text, "str"),
    ):
        if isinstance(impl, cls) or isinstance(kind, cls):
            return name
    return "json"


def _check_for(column: Column[Any]) -> Check:
    kind = _python_kind(column)
    length = getattr(column.type, "length", None)
    nullable = bool(column.nullable)

    def check(value: Any) -> str | None:
        if value is None:
            return None if nullable else "may not be empty"
        if kind == "bool":
            ok = isinstance(value, bool)
        elif kind == "int":
            ok = isinstance(value, int) and not isinstance(value, bool)
        elif kind == "float":
            ok = isinstance(value, int | float) and not isinstance(value, bool)
        elif kind in ("date", "datetime"):
            try:
                parse = date.fromisoformat if kind == "date" else datetime.fromisoformat
                parse(value)
                ok = True
            except (TypeError, ValueError):
                ok = False
        elif kind == "str":
            ok = isinstance(value, str) and (length is None or len(value) <= length)
        else:
            ok = True
        return None if ok else f"is not a valid {kind}"

    return check


@cache
def field_checks() -> dict[str, dict[str, Check]]:
    fields = synced_fields()
    return {
        table: {name: _check_for(Base.metadata.tables[table].columns[name]) for name in names}
        for table, names in fields.items()
    }


@cache
def _kinds(table: str) -> dict[str, str]:
    return {c.name: _python_kind(c) for c in Base.metadata.tables[table].columns}


def from_wire(table: str, field: str, value: Any) -> Any:
    """A wire value as the column value the ORM expects."""
    if value is None:
        return None
    kind = _kinds(table).get(field)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "datetime":
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed
    return value


def derive_id(kind: str, *parts: str) -> str:
    """`models.base.stable_id(kind, *parts)` (a version 5 UUID), computed directly: ids left
    out of version 2 pages are made again this way, one per row, so speed counts."""
    h = hashlib.sha1(_NAMESPACE + "\x1f".join((kind, *parts)).encode()).hexdigest()
    return f"{h[:8]}-{h[8:12]}-5{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:32]}"


# The variant bits (10xx) of the first hex digit of the fourth group.
_VARIANT = {f"{n:x}": f"{n & 0x3 | 0x8:x}" for n in range(16)}
_NAMESPACE = STABLE_ID_NAMESPACE.bytes


# What the journal keeps of a change pulled from the server (origin remote): the field names
# (the member's history says "changed email, phone"), and values only where the history is
# told from them (services.member_profile: consent given or withdrawn, deleted or restored).
# The server keeps the network's audit trail; a second copy of every pulled person's details
# here would only be more personal data to guard (and to purge on erasure), and writing it
# was a third of a first pull's cost.
HISTORY_VALUES: dict[str, frozenset[str]] = {
    "members": frozenset({"deleted"}),
    "consent_records": frozenset({"purpose", "granted"}),
}


# Link rows a member's sign-up brings with it: written by the same device within a moment of
# the member row (SIGN_UP_MOMENT_MS, as services.member_profile groups a history), pulled in
# the same page or a later one, they get no journal entry of their own: the history says
# "Signed up" either way, and a first pull of 100,000 members brings 175,000 of them (a third
# of its cost was their entries). One added later (another day) is journalled as usual.
TOLD_WITH_SIGN_UP = frozenset({"member_tags"})
SIGN_UP_MOMENT_MS = 500


def same_moment(sign_up: str, stamp: str) -> bool:
    """Whether a stamp was made by the device that made `sign_up`, within a moment after it
    (stamps: milliseconds-counter-node, models.hlc)."""
    first, later = sign_up.split("-", 2), stamp.split("-", 2)
    if len(first) != 3 or len(later) != 3 or not (first[0].isdigit() and later[0].isdigit()):
        return False
    return later[2] == first[2] and 0 <= int(later[0]) - int(first[0]) <= SIGN_UP_MOMENT_MS


def remote_journal_fields(table: str, op: str, fields: dict[str, Any]) -> dict[str, Any]:
    """The `fields` a remote change is journalled with: for an insert only the values the
    history reads; for an update every field name, with those values alone."""
    keep = HISTORY_VALUES.get(table, frozenset())
    if op == "insert":
        return {name: fields[name] for name in keep if name in fields}
    return {name: (value if name in keep else None) for name, value in fields.items()}
