"""Exporting members to a CSV file that opens in any spreadsheet and imports back unchanged.

Columns: the canonical ones (`CANONICAL_COLUMNS`), then every other importable detail.
UTF-8, one member per row, skills and interests separated by "; ". Deleted and erased members
are left out. Rows are streamed from the database in chunks, so exporting 100,000 members
never holds them all in memory. Cells a spreadsheet would run as a formula (starting with
= + - @) get a leading ' (the import takes it off again).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from hubapp.models import Member, MemberTag, Tag
from hubapp.models.database import Database
from hubapp.models.vocab import DayPart, Language, TagKind, Weekday
from hubapp.services.validation import format_phone

CANONICAL_COLUMNS = (
    "id",
    "first_name",
    "last_name",
    "preferred_name",
    "email",
    "phone",
    "postcode",
    "address",
    "preferred_language",
    "skills",
    "interests",
)
EXTRA_COLUMNS = (
    "membership_number",
    "date_of_birth",
    "speaks_welsh",
    "availability",
    "needs_step_free",
    "access_needs",
    "travel_miles",
    "has_own_transport",
    "heard_about",
    "notes",
)
COLUMNS = CANONICAL_COLUMNS + EXTRA_COLUMNS
LANGUAGE_WORDS = {Language.ENGLISH: "English", Language.WELSH: "Cymraeg"}
CHUNK = 1000
# Tag lookups per query: SQLite allows more, but this keeps each IN list short.
_IN_CHUNK = 500
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_MEMBER_FIELDS = [getattr(Member, c) for c in COLUMNS if c not in ("skills", "interests")]


def format_availability(availability: dict[str, Any] | None) -> str:
    """{'mon': ['morning', 'evening']} -> 'mon morning evening' (days in week order)."""
    parts_order = [p.value for p in DayPart]
    items = []
    for day in (d.value for d in Weekday):
        when = (availability or {}).get(day) or []
        if when:
            items.append(" ".join([day, *sorted(when, key=parts_order.index)]))
    return "; ".join(items)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _guard(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_START) else text


def member_cells(row: Row[Any], tags: dict[tuple[str, str], list[str]]) -> list[str]:
    """One member as the cells of a row, in `COLUMNS` order."""
    cells = []
    for column in COLUMNS:
        if column == "skills":
            value = "; ".join(tags.get((row.id, TagKind.SKILL), []))
        elif column == "interests":
            value = "; ".join(tags.get((row.id, TagKind.INTEREST), []))
        elif column == "phone":
            value = format_phone(row.phone) if row.phone else ""
        elif column == "preferred_language":
            value = LANGUAGE_WORDS.get(row.preferred_language, row.preferred_language or "")
        elif column == "availability":
            value = format_availability(row.availability)
        else:
            value = _text(getattr(row, column))
        cells.append(_guard(value))
    return cells


def _tags_of(session: Session, member_ids: list[str]) -> dict[tuple[str, str], list[str]]:
    tags: dict[tuple[str, str], list[str]] = {}
    query = (
        select(MemberTag.member_id, Tag.kind, Tag.name)
        .join(Tag, Tag.id == MemberTag.tag_id)
        .where(MemberTag.deleted.is_(False))
        .order_by(Tag.name)
    )
    for start in range(0, len(member_ids), _IN_CHUNK):
        chunk = member_ids[start : start + _IN_CHUNK]
        for member_id, kind, name in session.execute(query.where(MemberTag.member_id.in_(chunk))):
            tags.setdefault((member_id, kind), []).append(name)
    return tags


def member_rows(session: Session) -> Iterable[list[str]]:
    """Every live member as CSV cells, in name order, a chunk at a time."""
    query = (
        select(*_MEMBER_FIELDS)
        .where(Member.deleted.is_(False), Member.erased_at.is_(None))
        .order_by(Member.sort_key, Member.id)
        .execution_options(yield_per=CHUNK)
    )
    for part in session.execute(query).partitions():
        tags = _tags_of(session, [r.id for r in part])
        for row in part:
            yield member_cells(row, tags)


def export_members(
    db: Database,
    path: Path,
    *,
    bom: bool = False,
    progress: Callable[[int, int, str], None] | None = None,
) -> int:
    """Writes every live member to `path` and returns how many. `bom=True` starts the file
    with a byte-order mark, which Excel needs to see that the file is UTF-8. The file
    appears only when complete (written beside it, then renamed)."""
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    count = 0
    try:
        with (
            db.read() as session,
            partial.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as out,
        ):
            live = (Member.deleted.is_(False), Member.erased_at.is_(None))
            total = session.scalar(select(func.count()).where(*live)) if progress else 0
            writer = csv.writer(out)
            writer.writerow(COLUMNS)
            for cells in member_rows(session):
                writer.writerow(cells)
                count += 1
                # A callback that raises (Cancel) leaves no file behind.
                if progress is not None and count % CHUNK == 0:
                    progress(count, total or 0, "")
            if progress is not None:
                progress(count, count, "")
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return count
