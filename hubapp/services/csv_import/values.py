"""One CSV row's cells turned into member details, checked by the desk's own rules."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

from hubapp.models.people import fold
from hubapp.models.vocab import DayPart, Language, Weekday
from hubapp.services.csv_import.mapping import CONSENT_FIELDS, JOINED_FIELDS
from hubapp.services.members import (
    MemberDetails,
)

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


@lru_cache(maxsize=1024)
def _fold_answer(text: str) -> str:
    """`fold` of a yes/no or language cell: a sheet holds the same few answers over and over."""
    return fold(text)


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


def row_values(cells: tuple[str, ...], columns: list[tuple[int, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    width = len(cells)
    for index, fld in columns:
        text = cells[index].strip() if index < width else ""
        if text[:1] == "'" and text[1:2] in _FORMULA_START:
            # Exports put a ' before cells a spreadsheet would run as a formula.
            text = text[1:]
        if fld not in values:
            values[fld] = text
        elif fld in JOINED_FIELDS:
            values[fld] = JOINED_FIELDS[fld].join(v for v in (values[fld], text) if v)
        elif not values[fld]:
            values[fld] = text
    return values


def to_details(
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
            answer = _fold_answer(values[name])
            if answer in _YES or answer in _NO:
                setattr(out, name, answer in _YES)
            else:
                problems[name] = f"“{values[name]}” should be yes or no."
    if "preferred_language" in values:
        language = _LANGUAGES.get(_fold_answer(values["preferred_language"]))
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
            answer = _fold_answer(values[key])
            if answer in _YES or answer in _NO:
                out.consents[purpose] = answer in _YES
            else:
                problems[key] = f"“{values[key]}” should be yes or no."
    return out, problems


# Plain ASCII addresses and UK numbers (nearly every row of a hub's sheet) take these exact
# shortcuts: the full checks cost ~170 µs a row, most of an import's time.
