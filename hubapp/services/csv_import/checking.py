"""Checking every row of a file: the preview, built in the same way inside the import."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from hubapp.models import (
    Member,
)
from hubapp.models.database import Database
from hubapp.models.vocab import TagKind
from hubapp.services.consent import current_consents
from hubapp.services.csv_import.lookups import TagLookup, load_members, tag_links
from hubapp.services.csv_import.mapping import (
    FIELD_LABELS,
    Mapping,
    MappingProblem,
    mapping_problems,
    propose_mapping_for,
)
from hubapp.services.csv_import.matching import ComparedPerson, DuplicateIndex, existing_people
from hubapp.services.csv_import.reading import CsvTable
from hubapp.services.csv_import.rows import (
    BATCH,
    PHASE_CHECKING,
    ImportPreview,
    PreviewRow,
    Progress,
    RowProblem,
    RowStatus,
)
from hubapp.services.csv_import.values import row_values, to_details
from hubapp.services.errors import ValidationFailed
from hubapp.services.members import (
    _MEMBER_COLUMNS,
    MemberDetails,
    clean_details,
)


def _details_of(member: Member) -> MemberDetails:
    """A member's details without their tags (an update only touches the file's columns)."""
    values = {name: getattr(member, name) for name in _MEMBER_COLUMNS}
    for name, value in values.items():
        if value is None and name not in ("date_of_birth", "travel_miles"):
            values[name] = ""
    values["availability"] = dict(member.availability or {})
    return MemberDetails(**values)


def stored_value(name: str, value: Any) -> Any:
    """A cleaned value as `members._apply_details` stores it (empty text is NULL)."""
    if isinstance(value, str) and name not in ("first_name", "last_name"):
        return value or None
    return value


_FIELD_ORDER = {name: i for i, name in enumerate(FIELD_LABELS)}


def _check_row(number: int, values: dict[str, str], members: dict[str, Member]) -> PreviewRow:
    member_id = values.get("id", "")
    problems: dict[str, str] = {}
    base: MemberDetails | None = None
    member = members.get(member_id) if member_id else None
    if member_id and member is None:
        problems["id"] = (
            f"No member has the id “{member_id}”. Leave the id empty to add a new member, or "
            "set this column to Ignore if it is the spreadsheet's own numbering."
        )
    elif member is not None and member.erased_at is not None:
        problems["id"] = "This member's details were erased on request; they cannot be updated."
    elif member is not None and member.deleted:
        problems["id"] = "This member was deleted. Restore them first, or leave the id empty."
    elif member is not None:
        base = _details_of(member)
    details, parse_problems = to_details(values, base)
    problems.update(parse_problems)
    if len(values.get("membership_number", "")) > 20:
        problems["membership_number"] = "Membership numbers have at most 20 characters."
    clean: MemberDetails | None = None
    try:
        clean = clean_details(details)
    except ValidationFailed as failed:
        for name, message in failed.problems.items():
            problems.setdefault(name, message)
    if problems:
        listed = sorted(problems.items(), key=lambda p: _FIELD_ORDER.get(p[0], 99))
        return PreviewRow(
            number,
            RowStatus.BAD,
            values,
            None,
            [RowProblem(number, f, m) for f, m in listed],
            member_id or None,
        )
    status = RowStatus.UPDATE if member is not None else RowStatus.NEW
    return PreviewRow(number, status, values, clean, member_id=member_id or None)


def _mark_duplicates(rows: list[PreviewRow], existing: DuplicateIndex) -> None:
    earlier = DuplicateIndex()
    updated: dict[str, int] = {}
    for row in rows:
        if row.status is RowStatus.UPDATE and row.member_id:
            if row.member_id in updated:
                row.status, row.repeat_of = RowStatus.REPEAT, updated[row.member_id]
                row.reasons = ("same id",)
            updated.setdefault(row.member_id, row.row)
            continue
        if row.status is not RowStatus.NEW or row.details is None:
            continue
        d = row.details
        probe = ComparedPerson(f"row{row.row}", d.first_name, d.last_name, d.preferred_name,
                               d.email, d.phone, d.postcode, d.address, row.row)  # fmt: skip
        match = existing.best(probe)
        if match is not None:
            row.status, row.member_id = RowStatus.MATCHED, match[0].id
            row.member_name, row.reasons = match[0].display_name, match[1]
            continue
        match = earlier.best(probe)
        if match is not None:
            row.status, row.repeat_of = RowStatus.REPEAT, match[0].row
            row.member_name, row.reasons = match[0].display_name, match[1]
            continue
        earlier.add(probe)


def _touched(present: set[str]) -> set[str]:
    if "full_name" in present:
        return present | {"first_name", "last_name"}
    return present


def _mark_changes(
    session: Session,
    rows: list[PreviewRow],
    members: dict[str, Member],
    tags: TagLookup,
    present: set[str],
) -> None:
    """Which fields each update really changes; an update that changes nothing is marked
    unchanged (so exporting then importing the same file writes nothing)."""
    updates = [r for r in rows if r.status is RowStatus.UPDATE]
    touched = _touched(present)
    kinds = [
        (k, n)
        for k, n in ((TagKind.SKILL, "skills"), (TagKind.INTEREST, "interests"))
        if n in touched
    ]
    links = tag_links(session, {r.member_id or "" for r in updates}) if kinds else {}
    for row in updates:
        member, d = members[row.member_id or ""], row.details
        assert d is not None
        changed = [
            n
            for n in _MEMBER_COLUMNS
            if n in touched and stored_value(n, getattr(d, n)) != getattr(member, n)
        ]
        if "membership_number" in touched and (
            (row.values.get("membership_number") or None) != member.membership_number
        ):
            changed.append("membership_number")
        for kind, name in kinds:
            wanted = {tags.find(kind, n) for n in getattr(d, name)}
            if None in wanted or wanted != links.get((member.id, kind), set()):
                changed.append(name)
        if d.consents:
            now = current_consents(session, member.id)
            if any(p not in now or now[p].granted != g for p, g in d.consents.items()):
                changed.append("consents")
        row.changed = tuple(changed)
        if not changed:
            row.status = RowStatus.UNCHANGED


@dataclass
class CheckedFile:
    preview: ImportPreview
    members: dict[str, Member]
    tags: TagLookup


def check_file(
    session: Session, table: CsvTable, mapping: Mapping, progress: Progress | None
) -> CheckedFile:
    problems = mapping_problems(mapping)
    if problems:
        raise MappingProblem(problems)
    columns = [(i, f) for i, h in enumerate(table.headers) if (f := mapping.get(h))]
    present = {f for _, f in columns}
    parsed = [(number, row_values(cells, columns)) for number, cells in table.rows]
    members = load_members(session, {v["id"] for _, v in parsed if v.get("id")})
    total = len(parsed)
    rows: list[PreviewRow] = []
    for i, (number, values) in enumerate(parsed):
        if progress is not None and i % BATCH == 0:
            progress(i, total, PHASE_CHECKING)
        rows.append(_check_row(number, values, members))
    news = [r.details for r in rows if r.status is RowStatus.NEW and r.details is not None]
    _mark_duplicates(rows, existing_people(session, news))
    tags = TagLookup(session)
    _mark_changes(session, rows, members, tags, present)
    if progress is not None:
        progress(total, total, PHASE_CHECKING)
    return CheckedFile(ImportPreview(table, mapping, rows), members, tags)


@contextmanager
def without_cyclic_gc() -> Iterator[None]:
    """Pauses Python's cycle collector: checking a file makes hundreds of thousands of
    long-lived objects (rows, details, dicts) and no cyclic garbage, and the collector's
    repeated passes over them cost ~15% of an import. Reference counting still frees
    everything as usual."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def preview_import(
    db: Database,
    table: CsvTable,
    mapping: Mapping | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    """What importing would do, row by row. Writes nothing."""
    with without_cyclic_gc(), db.read() as session:
        return check_file(session, table, mapping or propose_mapping_for(table), progress).preview
