"""What the import preview says about each row, and the words used to report it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from hubapp.services.csv_import.mapping import FIELD_LABELS, Mapping
from hubapp.services.csv_import.reading import CsvTable
from hubapp.services.members import (
    MemberDetails,
)

Progress = Callable[[int, int, str], None]


# What a progress callback is told it is doing (plain words, in case they are shown as such).
PHASE_CHECKING = "Checking rows"
PHASE_IMPORTING = "Importing members"
# Rows per flush: big enough for fast multi-row inserts, small enough to report progress
# (and honour Cancel) several times a second.
BATCH = 1000


class RowStatus(StrEnum):
    NEW = "new"
    UPDATE = "update"
    UNCHANGED = "unchanged"  # an update that changes nothing
    MATCHED = "matched"  # likely an existing member: skipped
    REPEAT = "repeat"  # likely the same person as an earlier row: skipped
    BAD = "bad"


WRITTEN = (RowStatus.NEW, RowStatus.UPDATE)


@dataclass(frozen=True)
class RowProblem:
    row: int
    field: str
    message: str

    @property
    def text(self) -> str:
        return f"Row {self.row}: {describe_problem(self.field, self.message)}"


def describe_problem(field_name: str, message: str) -> str:
    """'“SA19” is not a UK postcode…' -> 'postcode “SA19” is not a UK postcode…'."""
    if message.startswith("“"):
        label = FIELD_LABELS.get(field_name, field_name).split(" (")[0]
        return f"{label[0].lower()}{label[1:]} {message}"
    return message


@dataclass
class PreviewRow:
    row: int
    status: RowStatus
    values: dict[str, str]  # the row's cells by field, as in the file
    details: MemberDetails | None  # cleaned; for an update, the member as they will be
    problems: list[RowProblem] = field(default_factory=list)
    member_id: str | None = None  # the member updated, or matched
    member_name: str = ""  # the matched member, or the earlier row's person
    reasons: tuple[str, ...] = ()
    repeat_of: int | None = None
    changed: tuple[str, ...] = ()


@dataclass
class ImportPreview:
    table: CsvTable
    mapping: Mapping
    rows: list[PreviewRow]

    @property
    def counts(self) -> Counter[RowStatus]:
        return Counter(r.status for r in self.rows)

    @property
    def bad_rows(self) -> list[PreviewRow]:
        return [r for r in self.rows if r.status is RowStatus.BAD]

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    @property
    def to_write(self) -> int:
        return sum(1 for r in self.rows if r.status in WRITTEN)

    def can_import(self, skip_invalid: bool) -> bool:
        return self.to_write > 0 and (skip_invalid or not self.bad_rows)

    @property
    def ignored_columns(self) -> list[str]:
        return [h for h in self.table.headers if not self.mapping.get(h)]


def summary_line(counts: Counter[RowStatus]) -> str:
    parts = [
        (RowStatus.NEW, "new"),
        (RowStatus.UPDATE, "updated"),
        (RowStatus.UNCHANGED, "unchanged"),
        (RowStatus.MATCHED, "matched to existing members"),
        (RowStatus.REPEAT, "repeated in the file"),
    ]
    words = [f"{counts[s]:,} {w}" for s, w in parts if counts[s] or s is RowStatus.NEW]
    words.append(counted(counts[RowStatus.BAD], "bad row"))
    return ", ".join(words)


def counted(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")
