"""One CSV row's cells turned into member details, checked by the desk's own rules."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from functools import lru_cache

from hubapp.models.people import fold
from hubapp.models.vocab import DayPart, Language, Weekday
from hubapp.services.csv_import.mapping import CONSENT_FIELDS, JOINED_FIELDS
from hubapp.services.errors import FieldProblem
from hubapp.services.members import (
    MemberDetails,
    clean_details,
)
from hubapp.services.validation import normalise_email

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


def clean_row_details(details: MemberDetails) -> MemberDetails:
    """`clean_details`, with the email and phone checked by the shortcuts when they apply."""
    email = quick_email(details.email) if details.email.strip() else None
    phone = quick_phone(details.phone) if details.phone.strip() else None
    if email is None and phone is None:
        return clean_details(details)
    rest = details  # ours to change: made for this row by to_details
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
