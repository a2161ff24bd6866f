"""Importing members from the spreadsheets hubs already keep: reading a CSV file of any
common shape, proposing a column mapping, a preview of every row, and writing the good rows
in one transaction.

Policy (also in docs/import-export.md):
- Nothing is written until `import_members` is called. It writes every good row or none
  (with `skip_invalid`: the good rows, and the bad ones are still reported), in one
  transaction that checks every row again, so the result is right even if someone signed up
  at the desk between the preview and the import.
- A row with a known member `id` updates that member: only the columns present in the file
  (a blank cell clears that field). An unknown, deleted or erased id makes the row bad.
- A row without an id that the shared duplicate rule (`services.duplicates`) says is likely
  an existing member is *matched* to that member: reported and skipped. An existing member
  is never changed on a guess; to update people, export, edit and re-import with their ids.
- A row that is likely the same person as an earlier row of the file is reported, skipped.
- Consent is never assumed from an import: consent records are written only for explicit
  consent columns (`consent_newsletter` and so on, "yes" or "no"), on the channel "import".
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO

import charset_normalizer
from sqlalchemy import Connection, Date, DateTime, Dialect, Table, inspect, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from hubapp.models import (
    Change,
    ChangeStatus,
    LocalSetting,
    Member,
    MemberTag,
    Tag,
    stable_id,
    utcnow,
    uuid7,
)
from hubapp.models.base import BOOKKEEPING_COLUMNS, INSERT_STAMP_KEY, UTCDateTime
from hubapp.models.changes import CLOCK_SETTING, to_wire
from hubapp.models.database import Database
from hubapp.models.people import fold, member_sort_key
from hubapp.models.vocab import ConsentChannel, DayPart, Language, TagKind, Weekday
from hubapp.services.consent import PURPOSE_LABELS, current_consents, record_consent
from hubapp.services.duplicates import NAME_SIMILARITY_THRESHOLD, name_similarity
from hubapp.services.errors import FieldProblem, ServiceError, ValidationFailed
from hubapp.services.members import (
    _MEMBER_COLUMNS,
    MemberDetails,
    _set_tags,
    clean_details,
    new_membership_number,
)
from hubapp.services.validation import normalise_email
from hubapp.services.vocabulary import resolve_tag, slugify

Progress = Callable[[int, int, str], None]
Mapping = dict[str, str | None]

# What a progress callback is told it is doing (plain words, in case they are shown as such).
PHASE_CHECKING = "Checking rows"
PHASE_IMPORTING = "Importing members"
# Rows per flush: big enough for fast multi-row inserts, small enough to report progress
# (and honour Cancel) several times a second.
BATCH = 1000
# SQLite allows many more, but short IN lists keep each lookup on its index.
IN_CHUNK = 500

# ---------------------------------------------------------------- reading the file


class CsvUnreadable(ServiceError):
    """The file cannot be read as a table of members; `str()` says why and what to do."""


ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 with BOM",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
}
DELIMITER_LABELS = {",": "commas", ";": "semicolons", "\t": "tabs"}


@dataclass(frozen=True)
class CsvTable:
    """A file as read: its header and its rows, each with its spreadsheet row number (the
    header is row 1, blank rows still count). Blank rows are left out."""

    name: str
    encoding: str
    delimiter: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    blank_rows: int = 0

    @property
    def encoding_label(self) -> str:
        return ENCODING_LABELS.get(self.encoding, self.encoding)

    @property
    def delimiter_label(self) -> str:
        return DELIMITER_LABELS.get(self.delimiter, repr(self.delimiter))

    def sample(self, column: int, count: int = 3) -> list[str]:
        """The first few non-empty values of a column, to help choose its meaning."""
        found: list[str] = []
        for _, cells in self.rows:
            if column < len(cells) and cells[column].strip():
                found.append(cells[column].strip())
                if len(found) == count:
                    break
        return found


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding used. UTF-8 is preferred whenever the bytes are
    valid UTF-8; otherwise Windows-1252 (what Excel on Windows saves), unless
    charset-normalizer is sure that the file is something else."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CsvUnreadable(
            "This is an Excel workbook, not a CSV file. In Excel, choose File, Save As, "
            "“CSV UTF-8”, then import that file."
        )
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    encoding = "cp1252"
    matches = charset_normalizer.from_bytes(data[:1_000_000])
    best = matches.best()
    if best is not None:
        # Short files fit several code pages equally well; then Windows-1252 wins.
        fits_1252 = any(m.encoding == "cp1252" and m.chaos <= best.chaos for m in matches)
        encoding = "cp1252" if fits_1252 else best.encoding
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        encoding = "cp1252"
        text = data.decode(encoding, errors="replace")
    if "\x00" in text:
        raise CsvUnreadable("This file is not a text file. Save the spreadsheet as CSV first.")
    return text, encoding


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first rows into the most columns,
    the same number in every row."""
    sample = text[:65536]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rindex("\n")]
    best, best_score = ",", -1.0
    for delimiter in (",", ";", "\t"):
        widths = [
            len(r)
            for r in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
            if any(c.strip() for c in r)
        ][:50]
        if not widths or widths[0] < 2:
            continue
        steady = sum(1 for w in widths if w == widths[0]) / len(widths)
        score = steady * widths[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv(source: Path | bytes, name: str = "") -> CsvTable:
    """Reads a CSV file (or its bytes). Raises CsvUnreadable with words for the user."""
    if isinstance(source, Path):
        name = name or source.name
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise CsvUnreadable(f"There is no file “{source}”.") from None
        except IsADirectoryError:
            raise CsvUnreadable(f"“{source}” is a folder, not a CSV file.") from None
        except OSError as exc:
            raise CsvUnreadable(
                f"The file “{source}” could not be read ({exc.strerror})."
            ) from None
    else:
        data = source
    text, encoding = decode_bytes(data)
    delimiter = sniff_delimiter(text)
    headers: tuple[str, ...] | None = None
    rows: list[tuple[int, tuple[str, ...]]] = []
    blank = 0
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, cells in enumerate(reader, start=1):
            if not any(c.strip() for c in cells):
                blank += headers is not None
                continue
            if headers is None:
                headers = _unique_headers(cells)
            else:
                rows.append((number, tuple(cells)))
    except csv.Error as exc:
        raise CsvUnreadable(f"The file is not a readable CSV file ({exc}).") from None
    if headers is None:
        raise CsvUnreadable("The file is empty: there is no header row naming the columns.")
    return CsvTable(name, encoding, delimiter, headers, tuple(rows), blank)


def _unique_headers(cells: list[str]) -> tuple[str, ...]:
    seen: Counter[str] = Counter()
    out = []
    for i, cell in enumerate(cells):
        header = cell.replace("\ufeff", "").strip() or f"Column {i + 1}"
        seen[header] += 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return tuple(out)


# ---------------------------------------------------------------- column mapping

CONSENT_FIELDS = {f"consent_{purpose}": purpose for purpose in PURPOSE_LABELS}

# Every field a column can fill, in the order offered to the user.
FIELD_LABELS: dict[str, str] = {
    "id": "Member id (updates that member)",
    "first_name": "First name",
    "last_name": "Last name",
    "full_name": "Full name (split at the first space)",
    "preferred_name": "Preferred name",
    "email": "Email",
    "phone": "Phone",
    "postcode": "Postcode",
    "address": "Address",
    "preferred_language": "Preferred language",
    "skills": "Skills",
    "interests": "Interests",
    "date_of_birth": "Date of birth",
    "membership_number": "Membership number",
    "speaks_welsh": "Speaks Welsh",
    "availability": "Availability",
    "needs_step_free": "Needs step-free access",
    "access_needs": "Access needs",
    "travel_miles": "How far they can travel (miles)",
    "has_own_transport": "Has own transport",
    "heard_about": "How they heard of us",
    "notes": "Notes",
    **{key: f"Consent: {PURPOSE_LABELS[p]}" for key, p in CONSENT_FIELDS.items()},
}

# Header spellings seen in hubs' spreadsheets (English and Welsh), compared after `header_key`.
_SPELLINGS: dict[str, str] = {
    "id": "id memberid uuid",
    "first_name": "firstname forename forenames givenname givennames first christianname "
    "fname enwcyntaf",
    "last_name": "lastname surname familyname last lname cyfenw",
    "full_name": "name fullname membername yourname enw enwllawn",
    "preferred_name": "preferredname knownas nickname preferredfirstname",
    "email": "email emailaddress mail emailaddr ebost cyfeiriadebost",
    "phone": "phone mobile telephone tel phonenumber mobilenumber mobileno telephonenumber "
    "telno contactnumber mob landline ffon rhiffon",
    "postcode": "postcode postalcode zip zipcode codpost",
    "address": "address address1 address2 address3 address4 addressline1 addressline2 "
    "addressline3 street town city village county streetaddress cyfeiriad tref",
    "preferred_language": "language preferredlanguage lang iaith languagepreference",
    "skills": "skills skill sgiliau",
    "interests": "interests interest diddordebau",
    "date_of_birth": "dateofbirth dob birthdate birthday born dyddiadgeni",
    "membership_number": "membershipnumber membershipno memberno membernumber cardnumber",
    "speaks_welsh": "speakswelsh welshspeaker welsh",
    "availability": "availability available whenavailable",
    "needs_step_free": "needsstepfree stepfree stepfreeaccess",
    "access_needs": "accessneeds access mobility mobilityneeds",
    "travel_miles": "travelmiles travel howfar miles",
    "has_own_transport": "hasowntransport owntransport transport",
    "heard_about": "heardabout howheard howdidyouhearaboutus referral source",
    "notes": "notes note comments comment nodiadau",
    **{key: key.replace("_", "") for key in CONSENT_FIELDS},
}
_BY_SPELLING = {word: fld for fld, words in _SPELLINGS.items() for word in words.split()}
# Several columns may feed these; their cells are joined. Other fields take the first
# non-empty cell (e.g. "Mobile" then "Telephone").
JOINED_FIELDS = {"address": ", ", "notes": "\n", "access_needs": "\n"}


def header_key(header: str) -> str:
    """'E-mail ' -> 'email', 'Post code' -> 'postcode': case, accents, spaces, punctuation out."""
    return re.sub(r"[^a-z0-9]", "", fold(header))


def propose_mapping(headers: Iterable[str]) -> Mapping:
    """Which field each column probably holds (None: ignore it)."""
    mapping: Mapping = {}
    for header in headers:
        key = header_key(re.sub(r"\s*\(\d+\)$", "", header))
        mapped = _BY_SPELLING.get(key)
        if mapped is None and key.startswith("consent"):
            mapped = next(
                (
                    f
                    for f, p in CONSENT_FIELDS.items()
                    if key.endswith(header_key(p)) or key.endswith(header_key(PURPOSE_LABELS[p]))
                ),
                None,
            )
        mapping[header] = mapped
    return mapping


def mapping_problems(mapping: Mapping) -> list[str]:
    """What stops a file with this mapping from being imported at all."""
    used = {f for f in mapping.values() if f}
    problems = [f"“{f}” is not something hubapp can import." for f in used - FIELD_LABELS.keys()]
    if not used & {"first_name", "full_name", "id"}:
        problems.append(
            "No column is set to First name (or Full name). Choose which column holds "
            "people's first names."
        )
    return problems


class MappingProblem(ServiceError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))


# ---------------------------------------------------------------- one row's values

_YES = {"yes", "y", "true", "1", "ie", "do", "x", "ticked"}
_NO = {"no", "n", "false", "0", "na", "naddo", ""}
_LANGUAGES = {
    "": Language.ENGLISH,
    "en": Language.ENGLISH,
    "english": Language.ENGLISH,
    "saesneg": Language.ENGLISH,
    "eng": Language.ENGLISH,
    "cy": Language.WELSH,
    "cym": Language.WELSH,
    "welsh": Language.WELSH,
    "cymraeg": Language.WELSH,
}
_DATE_FORMATS = (
    "%Y-%m-%d",
    "%d/%m/%Y",
    "%d-%m-%Y",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%d/%m/%y",
    "%d-%m-%y",
    "%d.%m.%y",
)
_FORMULA_START = ("=", "+", "-", "@")
DATE_HINT = "Dates look like 21/03/1958."


def split_list(text: str) -> list[str]:
    """'Gardening; Driving' (or 'Gardening, Driving' in one quoted cell) -> two names."""
    separator = ";" if ";" in text else ","
    return [part.strip() for part in text.split(separator) if part.strip()]


def parse_date(text: str) -> date:
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
        if "%y" in fmt and parsed > date.today():
            parsed = parsed.replace(year=parsed.year - 100)  # '58' is 1958, not 2058
        return parsed
    raise ValueError(text)


def parse_availability(text: str) -> dict[str, list[str]]:
    """'mon morning evening; sat afternoon' -> {'mon': ['morning', 'evening'], ...}."""
    days = {d.value: d.value for d in Weekday}
    days.update({fold(d.name): d.value for d in Weekday})
    out: dict[str, list[str]] = {}
    for item in split_list(text):
        words = fold(item).replace(":", " ").split()
        day = days.get(words[0][:3]) if words else None
        parts = [w for w in words[1:] if w in {p.value for p in DayPart}]
        if day is None or len(parts) != len(words) - 1:
            raise ValueError(item)
        out.setdefault(day, []).extend(p for p in parts if p not in out.get(day, []))
    return out


def _unguard(text: str) -> str:
    """Exports put a ' before cells that a spreadsheet would run as a formula; take it off."""
    if text.startswith("'") and text[1:2] in _FORMULA_START:
        return text[1:]
    return text


def _row_values(cells: tuple[str, ...], columns: list[tuple[int, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, fld in columns:
        text = _unguard(cells[index].strip()) if index < len(cells) else ""
        if fld not in values:
            values[fld] = text
        elif fld in JOINED_FIELDS:
            values[fld] = JOINED_FIELDS[fld].join(v for v in (values[fld], text) if v)
        elif not values[fld]:
            values[fld] = text
    return values


def _to_details(
    values: dict[str, str], base: MemberDetails | None
) -> tuple[MemberDetails, dict[str, str]]:
    """The typed details a row gives (on top of `base`), and what could not be understood."""
    out = MemberDetails() if base is None else replace(base, consents={})
    problems: dict[str, str] = {}
    for name in (
        "first_name",
        "last_name",
        "preferred_name",
        "email",
        "phone",
        "postcode",
        "address",
        "access_needs",
        "heard_about",
        "notes",
    ):
        if name in values:
            setattr(out, name, values[name])
    if values.get("full_name") and not values.get("first_name"):
        first, _, last = values["full_name"].strip().partition(" ")
        out.first_name = first
        if not values.get("last_name"):
            out.last_name = last.strip()
    for name in ("speaks_welsh", "needs_step_free", "has_own_transport"):
        if name in values:
            answer = fold(values[name])
            if answer in _YES or answer in _NO:
                setattr(out, name, answer in _YES)
            else:
                problems[name] = f"“{values[name]}” should be yes or no."
    if "preferred_language" in values:
        language = _LANGUAGES.get(fold(values["preferred_language"]))
        if language is None:
            problems["preferred_language"] = (
                f"“{values['preferred_language']}” is not a language hubapp offers. "
                "Use English or Cymraeg."
            )
        else:
            out.preferred_language = language
    if "date_of_birth" in values:
        out.date_of_birth = None
        if values["date_of_birth"]:
            try:
                out.date_of_birth = parse_date(values["date_of_birth"])
            except ValueError:
                problems["date_of_birth"] = (
                    f"“{values['date_of_birth']}” is not a date. {DATE_HINT}"
                )
    if "travel_miles" in values:
        miles = re.sub(r"(?i)\s*(miles?|mi)$", "", values["travel_miles"])
        try:
            out.travel_miles = float(miles) if miles else None
        except ValueError:
            problems["travel_miles"] = f"“{values['travel_miles']}” is not a number of miles."
    for name in ("skills", "interests"):
        if name in values:
            setattr(out, name, split_list(values[name]))
    if "availability" in values:
        try:
            out.availability = parse_availability(values["availability"])
        except ValueError as exc:
            problems["availability"] = (
                f"“{exc}” is not a day and a part of the day. "
                "Availability looks like “mon morning; sat afternoon evening”."
            )
    for key, purpose in CONSENT_FIELDS.items():
        if values.get(key):
            answer = fold(values[key])
            if answer in _YES or answer in _NO:
                out.consents[purpose] = answer in _YES
            else:
                problems[key] = f"“{values[key]}” should be yes or no."
    return out, problems


def propose_mapping_for(table: CsvTable) -> Mapping:
    """`propose_mapping`, but an "ID" column is used as member ids only if it holds hubapp's
    ids: spreadsheets often number their rows 1, 2, 3 in a column called ID."""
    mapping = propose_mapping(table.headers)
    for i, header in enumerate(table.headers):
        if mapping[header] == "id" and not all(_UUID.match(v) for v in table.sample(i, 20)):
            mapping[header] = None
    return mapping


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")

# ---------------------------------------------------------------- the preview


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
    words.append(_rows(counts[RowStatus.BAD], "bad row"))
    return ", ".join(words)


@dataclass(frozen=True)
class _Person:
    """Someone a row is compared with: an existing member or an earlier row."""

    id: str
    first_name: str
    last_name: str
    preferred_name: str
    email: str
    phone: str
    postcode: str
    address: str
    row: int = 0
    home: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "home", _home_key(self.first_name, self.last_name, self.address))

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}".strip()


@lru_cache(maxsize=65536)
def _sort_key(last_name: str, first_name: str) -> str:
    """`people.member_sort_key`, remembered: a sheet repeats the same names many times."""
    return member_sort_key(last_name, first_name)


def _fold_text(text: str) -> str:
    """`people.fold`, without its Unicode work when the text is plain ASCII."""
    return " ".join(text.casefold().split()) if text.isascii() else fold(text)


def _home_key(first_name: str, last_name: str, address: str) -> str:
    return f"{_sort_key(last_name, first_name)}\x1e{_fold_text(address)}" if address else ""


class _DuplicateIndex:
    """The shared duplicate rule (`find_likely_duplicates`: same email, or same phone, or a
    similar name with the same postcode) applied to many rows against people loaded up front
    with a few IN queries, instead of one query per row.

    One more rule for imports, where many rows give only a name and an address: the same
    name and the same address is the same person (else re-importing a sheet would add them
    twice)."""

    def __init__(self) -> None:
        self.keyed: dict[tuple[str, str], list[_Person]] = {}

    def add(self, p: _Person) -> None:
        keys = (p.email, p.phone, p.postcode, p.home)
        for kind, value in zip(("email", "phone", "postcode", "home"), keys, strict=True):
            if value:
                self.keyed.setdefault((kind, value), []).append(p)

    def best(self, d: _Person) -> tuple[_Person, tuple[str, ...]] | None:
        """The likeliest match for the person `d` (a row), and why."""
        home = d.home
        candidates: dict[str, _Person] = {}
        for kind, value in (
            ("email", d.email),
            ("phone", d.phone),
            ("postcode", d.postcode),
            ("home", home),
        ):
            for person in self.keyed.get((kind, value), ()) if value else ():
                candidates.setdefault(person.id, person)
        found: tuple[float, _Person, tuple[str, ...]] | None = None
        for person in candidates.values():
            reasons, score = [], 0.0
            if d.email and person.email == d.email:
                reasons.append("same email")
                score += 100
            if d.phone and person.phone == d.phone:
                reasons.append("same phone")
                score += 100
            if d.postcode and person.postcode == d.postcode:
                similarity = name_similarity(
                    d.first_name, d.last_name, person.first_name, person.last_name
                )
                if person.preferred_name:
                    similarity = max(
                        similarity,
                        name_similarity(
                            d.first_name, d.last_name, person.preferred_name, person.last_name
                        ),
                    )
                if similarity >= NAME_SIMILARITY_THRESHOLD:
                    reasons.append("similar name, same postcode")
                    score += similarity
            if home and home == person.home:
                reasons.append("same name and address")
                score += 100
            if reasons and (found is None or score > found[0]):
                found = (score, person, tuple(reasons))
        return (found[1], found[2]) if found else None


def _chunks(values: Iterable[str]) -> Iterable[list[str]]:
    items = sorted(values)
    for start in range(0, len(items), IN_CHUNK):
        yield items[start : start + IN_CHUNK]


def _existing_people(session: Session, rows: list[MemberDetails]) -> _DuplicateIndex:
    """Every live member who shares an email, phone, postcode or name-and-address with any
    of the rows, loaded with a few IN queries on indexed columns."""
    index = _DuplicateIndex()
    seen: set[str] = set()
    query = select(
        Member.id,
        Member.first_name,
        Member.last_name,
        Member.preferred_name,
        Member.email,
        Member.phone,
        Member.postcode,
        Member.address,
    ).where(Member.deleted.is_(False), Member.erased_at.is_(None))
    lookups = [
        (Member.email, {d.email for d in rows if d.email}),
        (Member.phone, {d.phone for d in rows if d.phone}),
        (Member.postcode, {d.postcode for d in rows if d.postcode}),
        (Member.sort_key, {_sort_key(d.last_name, d.first_name) for d in rows if d.address}),
    ]
    for column, values in lookups:
        for chunk in _chunks(values):
            for r in session.execute(query.where(column.in_(chunk))):
                if r.id not in seen:
                    seen.add(r.id)
                    index.add(
                        _Person(
                            r.id,
                            r.first_name,
                            r.last_name or "",
                            r.preferred_name or "",
                            r.email or "",
                            r.phone or "",
                            r.postcode or "",
                            r.address or "",
                        )
                    )
    return index


class _TagLookup:
    """Skill and interest names to tag ids, by the rule of `vocabulary.resolve_tag` (English
    or Welsh name, or slug), loaded once; new free tags are made only when writing."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.keys: dict[tuple[str, str], str] = {}
        self.deleted: set[str] = set()
        for t in session.execute(
            select(Tag.id, Tag.kind, Tag.slug, Tag.name, Tag.name_cy, Tag.deleted)
        ):
            self._remember(t.kind, t.id, t.slug, t.name, t.name_cy, t.deleted)

    def _remember(
        self, kind: str, ident: str, slug: str, name: str, name_cy: str | None, deleted: bool
    ) -> None:
        for key in (fold(name), fold(name_cy or ""), slug, "\x1f" + slug):
            if key:
                self.keys.setdefault((kind, key), ident)
        if deleted:
            self.deleted.add(ident)

    def find(self, kind: str, text: str) -> str | None:
        return self.keys.get((kind, fold(text))) or self.keys.get((kind, "\x1f" + slugify(text)))

    def resolve(self, kind: str, text: str) -> str:
        found = self.find(kind, text)
        if found is not None and found not in self.deleted:
            return found
        tag = resolve_tag(self.session, kind, text)  # adds a free tag, or restores one
        self.deleted.discard(tag.id)
        self._remember(kind, tag.id, tag.slug, tag.name, tag.name_cy, False)
        return tag.id


def _load_members(session: Session, ids: set[str]) -> dict[str, Member]:
    found: dict[str, Member] = {}
    for chunk in _chunks(ids):
        found.update((m.id, m) for m in session.scalars(select(Member).where(Member.id.in_(chunk))))
    return found


def _tag_links(session: Session, ids: Iterable[str]) -> dict[tuple[str, str], set[str]]:
    """(member id, tag kind) -> the ids of their live tags."""
    links: dict[tuple[str, str], set[str]] = {}
    query = (
        select(MemberTag.member_id, Tag.kind, Tag.id)
        .join(Tag, Tag.id == MemberTag.tag_id)
        .where(MemberTag.deleted.is_(False))
    )
    for chunk in _chunks(ids):
        for member_id, kind, tag_id in session.execute(query.where(MemberTag.member_id.in_(chunk))):
            links.setdefault((member_id, kind), set()).add(tag_id)
    return links


def _details_of(member: Member) -> MemberDetails:
    """A member's details without their tags (an update only touches the file's columns)."""
    values = {name: getattr(member, name) for name in _MEMBER_COLUMNS}
    for name, value in values.items():
        if value is None and name not in ("date_of_birth", "travel_miles"):
            values[name] = ""
    values["availability"] = dict(member.availability or {})
    return MemberDetails(**values)


def _stored(name: str, value: Any) -> Any:
    """A cleaned value as `members._apply_details` stores it (empty text is NULL)."""
    if isinstance(value, str) and name not in ("first_name", "last_name"):
        return value or None
    return value


_FIELD_ORDER = {name: i for i, name in enumerate(FIELD_LABELS)}

# Plain ASCII addresses and UK numbers (nearly every row of a hub's sheet) take these exact
# shortcuts: the full checks cost ~170 µs a row, most of an import's time.
_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)",
    re.ASCII,
)
_UK_PHONE = re.compile(r"(?:0|\+44)([1-9][0-9]{9})", re.ASCII)


@lru_cache(maxsize=4096)
def _domain_ok(domain: str) -> bool:
    try:
        return normalise_email("a@" + domain) == "a@" + domain
    except FieldProblem:
        return False


def quick_email(text: str) -> str | None:
    """`normalise_email`'s answer for a plain address (the domain is checked by it, once per
    domain), or None when only the full check can tell."""
    candidate = text.strip().lower()
    found = _PLAIN_EMAIL.fullmatch(candidate)
    if found is None or len(candidate) > 254 or candidate.index("@") > 64:
        return None
    return candidate if _domain_ok(found.group(1)) else None


def quick_phone(text: str) -> str | None:
    """`normalise_phone`'s answer for a UK number written with digits, spaces and dashes
    (0 or +44, then ten digits: every such number is possible), else None."""
    found = _UK_PHONE.fullmatch(re.sub(r"[ -]", "", text.strip()))
    return f"+44{found.group(1)}" if found else None


def _clean(details: MemberDetails) -> MemberDetails:
    """`clean_details`, with the email and phone checked by the shortcuts when they apply."""
    email = quick_email(details.email) if details.email.strip() else None
    phone = quick_phone(details.phone) if details.phone.strip() else None
    if email is None and phone is None:
        return clean_details(details)
    rest = details  # ours to change: made for this row by _to_details
    rest.email = "" if email else details.email
    rest.phone = "" if phone else details.phone
    # clean_details asks for one way to reach the person; the checked email or phone is one,
    # so stand in for it while the other fields are checked.
    stand_in = not (
        rest.email.strip() or rest.phone.strip() or rest.postcode.strip() or rest.address.strip()
    )
    if stand_in:
        rest.address = "(email or phone)"
    clean = clean_details(rest)
    clean.email = email or clean.email
    clean.phone = phone or clean.phone
    if stand_in:
        clean.address = ""
    return clean


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
    details, parse_problems = _to_details(values, base)
    problems.update(parse_problems)
    if len(values.get("membership_number", "")) > 20:
        problems["membership_number"] = "Membership numbers have at most 20 characters."
    clean: MemberDetails | None = None
    try:
        clean = _clean(details)
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


def _mark_duplicates(rows: list[PreviewRow], existing: _DuplicateIndex) -> None:
    earlier = _DuplicateIndex()
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
        probe = _Person(f"row{row.row}", d.first_name, d.last_name, d.preferred_name, d.email,
                        d.phone, d.postcode, d.address, row.row)  # fmt: skip
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
    tags: _TagLookup,
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
    links = _tag_links(session, {r.member_id or "" for r in updates}) if kinds else {}
    for row in updates:
        member, d = members[row.member_id or ""], row.details
        assert d is not None
        changed = [
            n
            for n in _MEMBER_COLUMNS
            if n in touched and _stored(n, getattr(d, n)) != getattr(member, n)
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
class _Checked:
    preview: ImportPreview
    members: dict[str, Member]
    tags: _TagLookup


def _check(
    session: Session, table: CsvTable, mapping: Mapping, progress: Progress | None
) -> _Checked:
    problems = mapping_problems(mapping)
    if problems:
        raise MappingProblem(problems)
    columns = [(i, f) for i, h in enumerate(table.headers) if (f := mapping.get(h))]
    present = {f for _, f in columns}
    parsed = [(number, _row_values(cells, columns)) for number, cells in table.rows]
    members = _load_members(session, {v["id"] for _, v in parsed if v.get("id")})
    total = len(parsed)
    rows: list[PreviewRow] = []
    for i, (number, values) in enumerate(parsed):
        if progress is not None and i % BATCH == 0:
            progress(i, total, PHASE_CHECKING)
        rows.append(_check_row(number, values, members))
    news = [r.details for r in rows if r.status is RowStatus.NEW and r.details is not None]
    _mark_duplicates(rows, _existing_people(session, news))
    tags = _TagLookup(session)
    _mark_changes(session, rows, members, tags, present)
    if progress is not None:
        progress(total, total, PHASE_CHECKING)
    return _Checked(ImportPreview(table, mapping, rows), members, tags)


def preview_import(
    db: Database,
    table: CsvTable,
    mapping: Mapping | None = None,
    progress: Progress | None = None,
) -> ImportPreview:
    """What importing would do, row by row. Writes nothing."""
    with db.read() as session:
        return _check(session, table, mapping or propose_mapping_for(table), progress).preview


# ---------------------------------------------------------------- writing


class BadRows(ServiceError):
    """Some rows are bad and `skip_invalid` was not given: nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        self.preview = preview
        count = len(preview.bad_rows)
        super().__init__(f"{count:,} rows are bad, so nothing was imported.")


@dataclass(frozen=True)
class ImportResult:
    preview: ImportPreview  # as checked inside the import's own transaction
    new: int
    updated: int

    @property
    def skipped_bad(self) -> int:
        return len(self.preview.bad_rows)


def import_members(
    db: Database,
    table: CsvTable,
    mapping: Mapping | None = None,
    *,
    staff_user_id: str | None,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Checks every row again and writes the new and updated members in one transaction.
    Raises BadRows (writing nothing) if any row is bad, unless `skip_invalid`. A progress
    callback that raises (e.g. on Cancel) rolls everything back."""
    with db.write(staff_user_id) as session:
        checked = _check(session, table, mapping or propose_mapping_for(table), progress)
        if checked.preview.bad_rows and not skip_invalid:
            raise BadRows(checked.preview)
        new, updated = _write(session, db, checked, staff_user_id, progress)
    return ImportResult(checked.preview, new, updated)


def _write(
    session: Session,
    db: Database,
    checked: _Checked,
    staff_user_id: str | None,
    progress: Progress | None,
) -> tuple[int, int]:
    rows = [r for r in checked.preview.rows if r.status in WRITTEN]
    batch: list[PreviewRow] = []
    updated = 0
    for i, row in enumerate(rows, start=1):
        if row.status is RowStatus.NEW:
            batch.append(row)
        else:
            _update(session, checked, row, staff_user_id)
            updated += 1
        if i % BATCH == 0 or i == len(rows):
            _insert_new(session, db, batch, checked.tags, staff_user_id)
            batch = []
            session.flush()
            if progress is not None:
                progress(i, len(rows), PHASE_IMPORTING)
    return len(rows) - updated, updated


def _update(session: Session, checked: _Checked, row: PreviewRow, staff: str | None) -> None:
    """Writes only what the row changes, through the ORM (journalled by the usual hook)."""
    d = row.details
    assert d is not None
    member = checked.members[row.member_id or ""]
    for name in row.changed:
        if name in _MEMBER_COLUMNS:
            setattr(member, name, _stored(name, getattr(d, name)))
    if "membership_number" in row.changed:
        member.membership_number = row.values.get("membership_number") or None
    for kind, name in ((TagKind.SKILL, "skills"), (TagKind.INTEREST, "interests")):
        if name in row.changed:
            _set_tags(session, member.id, kind, getattr(d, name))
    if "consents" in row.changed:
        now = current_consents(session, member.id)
        for purpose, granted in d.consents.items():
            if purpose not in now or now[purpose].granted != granted:
                record_consent(
                    session,
                    member.id,
                    purpose,
                    granted,
                    channel=ConsentChannel.IMPORT,
                    staff_user_id=staff,
                )


def _insert_new(
    session: Session,
    db: Database,
    batch: list[PreviewRow],
    tags: _TagLookup,
    staff: str | None,
) -> None:
    """New members and their tags by multi-row Core inserts: the ORM costs several times as
    much per row (and its flush slows as the session fills). Each inserted row is journalled
    exactly as the capture hook in models/changes.py journals an ORM insert (one `changes`
    row with every data field, one clock stamp per batch as per flush), so sync cannot tell
    the difference."""
    rows = [(row, row.details) for row in batch if row.details is not None]
    if not rows:
        return
    tag_ids = [
        {
            tags.resolve(kind, name)
            for kind, names in ((TagKind.SKILL, d.skills), (TagKind.INTEREST, d.interests))
            for name in names
        }
        for _, d in rows
    ]
    session.flush()  # free tags just made are inserted (and journalled) before the links
    stamp = str(db.clock.now())
    now = utcnow()
    # The same for every row of the batch, so converted for the database only once.
    shared = {
        "created_at": now,
        "updated_at": now,
        "deleted": False,
        "origin_hub_id": db.hub_id,
        "clock": {INSERT_STAMP_KEY: stamp},
    }
    members: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    for (row, d), ids in zip(rows, tag_ids, strict=True):
        member = {name: _stored(name, getattr(d, name)) for name in _MEMBER_COLUMNS}
        member["id"] = member_id = uuid7()
        member["hub_id"] = db.hub_id
        member["erased_at"] = None
        member["sort_key"] = _sort_key(d.last_name, d.first_name)
        member["membership_number"] = row.values.get("membership_number") or new_membership_number()
        members.append(member)
        links.extend(
            {"id": stable_id("member_tag", member_id, t), "member_id": member_id, "tag_id": t}
            for t in sorted(ids)
        )
    connection = session.connection()
    _insert_rows(connection, Member, members, shared)
    _insert_rows(connection, MemberTag, links, shared)
    if session.info.get("capture") is not False:
        journal = {
            "op": "insert",
            "hlc": stamp,
            "origin": "local",
            "status": ChangeStatus.PENDING,
            "staff_user_id": staff,
            "attempts": 0,
            "created_at": now,
        }
        changes = [_change("members", m, shared, m["id"]) for m in members]
        changes += [_change("member_tags", t, shared, t["member_id"]) for t in links]
        _insert_rows(connection, Change, changes, journal)
        save = sqlite_insert(LocalSetting).values(key=CLOCK_SETTING, value=str(db.clock.last))
        connection.execute(
            save.on_conflict_do_update(index_elements=["key"], set_={"value": save.excluded.value})
        )
    for (_, d), member in zip(rows, members, strict=True):
        for purpose, granted in d.consents.items():
            record_consent(
                session,
                member["id"],
                purpose,
                granted,
                channel=ConsentChannel.IMPORT,
                staff_user_id=staff,
            )


# Many rows per INSERT statement, not one statement per row: the full-text trigger on
# members makes SQLite flush the search index at the end of every statement (~100 µs a row
# when each row is its own statement, a few µs when 100 rows share one), and every statement
# has its own cost besides.
_ROWS_PER_STATEMENT = 100


def _insert_rows(
    connection: Connection,
    model: type[Any],
    rows: list[dict[str, Any]],
    shared: dict[str, Any],
) -> None:
    """Multi-row INSERTs of `rows`, each also given the `shared` values. Every value is
    converted by its column type's own bind processor, as SQLAlchemy would, but without
    compiling a statement with thousands of parameters (and shared values only once)."""
    if not rows:
        return
    table = model.metadata.tables[model.__tablename__]
    columns = list(rows[0])
    convert = [_processor(table, c, connection.dialect) for c in columns]
    tail = []
    for name, value in shared.items():
        process = _processor(table, name, connection.dialect)
        tail.append(value if process is None else process(value))
    names = ", ".join(columns + list(shared))
    one = "(" + ", ".join("?" * (len(columns) + len(shared))) + ")"
    for start in range(0, len(rows), _ROWS_PER_STATEMENT):
        chunk = rows[start : start + _ROWS_PER_STATEMENT]
        params: list[Any] = []
        for row in chunk:
            params.extend(
                v if f is None else f(v)
                for f, v in zip(convert, map(row.__getitem__, columns), strict=True)
            )
            params.extend(tail)
        connection.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES " + ", ".join([one] * len(chunk)),
            tuple(params),
        )


def _processor(table: Table, column: str, dialect: Dialect) -> Callable[[Any], Any] | None:
    """How SQLAlchemy converts a value of this column for this database (the dialect's own
    type: SQLite's DATETIME, not the generic one)."""
    type_ = table.c[column].type
    return type_.dialect_impl(dialect).bind_processor(dialect)


def _data_columns(model: type[Any]) -> tuple[list[str], frozenset[str]]:
    """The columns journalled for a model, and those of them holding dates or times."""
    columns = [c for c in inspect(model).column_attrs if c.key not in BOOKKEEPING_COLUMNS]
    dated = frozenset(
        c.key for c in columns if isinstance(c.columns[0].type, Date | DateTime | UTCDateTime)
    )
    return [c.key for c in columns], dated


_JOURNALLED = {"members": _data_columns(Member), "member_tags": _data_columns(MemberTag)}


def _change(
    table: str, values: dict[str, Any], shared: dict[str, Any], subject: str
) -> dict[str, Any]:
    """The journal entry the capture hook would write for this inserted row."""
    columns, dated = _JOURNALLED[table]
    fields = {key: values[key] if key in values else shared[key] for key in columns}
    for key in dated:
        fields[key] = to_wire(fields[key])
    return {
        "change_id": uuid7(),
        "table_name": table,
        "row_id": values["id"],
        "subject_id": subject,
        "fields": fields,
    }


# ---------------------------------------------------------------- the command line


def run_import_command(
    db: Database, path: Path, *, dry_run: bool, skip_invalid: bool, out: TextIO
) -> int:
    """`hubapp import-members`: 0 when every row was good, 1 when any row was bad (nothing
    written, unless --skip-invalid), 2 when the file cannot be imported at all."""
    import sys

    try:
        table = read_csv(Path(path))
        mapping = propose_mapping_for(table)
        print(
            f"Read {table.name}: {len(table.rows):,} rows, {table.encoding_label}, "
            f"separated by {table.delimiter_label}.",
            file=out,
        )
        used = [f"{h} → {FIELD_LABELS[f]}" for h, f in mapping.items() if f]
        print("Columns: " + "; ".join(used) + ".", file=out)
        if any(not f for f in mapping.values()):
            print(
                "Ignored columns: " + ", ".join(h for h, f in mapping.items() if not f) + ".",
                file=out,
            )
        written = False
        if dry_run:
            preview = preview_import(db, table, mapping)
        else:
            try:
                result = import_members(
                    db, table, mapping, staff_user_id=None, skip_invalid=skip_invalid
                )
                preview, written = result.preview, True
            except BadRows as failed:
                preview = failed.preview
    except (CsvUnreadable, MappingProblem) as exc:
        print(f"hubapp: cannot import {path}: {exc}", file=sys.stderr)
        return 2
    print(summary_line(preview.counts) + ".", file=out)
    _print_report(preview, out)
    bad = len(preview.bad_rows)
    if dry_run:
        print("Dry run: nothing was written.", file=out)
    elif not written:
        print(
            "Nothing was written. Fix the bad rows, or run again with --skip-invalid to "
            f"import the other {_rows(preview.to_write, 'row')}.",
            file=out,
        )
    else:
        new = preview.counts[RowStatus.NEW]
        skipped = f"; {_rows(bad, 'bad row')} skipped." if bad else "."
        print(
            f"Imported: {new:,} new member{'' if new == 1 else 's'}, "
            f"{preview.counts[RowStatus.UPDATE]:,} updated{skipped}",
            file=out,
        )
    return 1 if bad else 0


def _rows(n: int, what: str) -> str:
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def _print_report(preview: ImportPreview, out: TextIO) -> None:
    if preview.bad_rows:
        print("Bad rows:", file=out)
        for problem in preview.problems:
            print(f"  {problem.text}", file=out)
    skipped = [r for r in preview.rows if r.status in (RowStatus.MATCHED, RowStatus.REPEAT)]
    if skipped:
        print("Skipped, already known:", file=out)
        for row in skipped:
            why = ", ".join(row.reasons)
            if row.status is RowStatus.MATCHED:
                print(
                    f"  Row {row.row}: matches existing member {row.member_name} ({why}).", file=out
                )
            else:
                print(f"  Row {row.row}: same person as row {row.repeat_of} ({why}).", file=out)
