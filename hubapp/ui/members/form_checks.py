"""Checks the member form runs as the librarian leaves each field: each takes what was typed
and returns what to show back in the field (normalised), or raises FieldProblem. The same
services.validation rules run again when the member is saved."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from hubapp.services.errors import FieldProblem
from hubapp.services.validation import (
    clean_name,
    format_phone,
    normalise_email,
    normalise_phone,
    normalise_postcode,
)

DATE_HINT = "Dates look like 21/03/1958."
_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%d %b %Y", "%d %B %Y")


def parse_date(text: str, field: str = "date_of_birth") -> date | None:
    """'21/3/1958', '21-03-1958', '21 Mar 1958' -> a date; empty -> None."""
    typed = " ".join(text.split())
    if not typed:
        return None
    for pattern in _DATE_FORMATS:
        try:
            value = datetime.strptime(typed, pattern).date()
        except ValueError:
            continue
        if value > date.today():
            raise FieldProblem(field, "Date of birth cannot be in the future.")
        if value.year < 1900:
            raise FieldProblem(field, f"“{typed}” is too long ago. {DATE_HINT}")
        return value
    raise FieldProblem(field, f"“{typed}” is not a date. {DATE_HINT}")


def show_date(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_miles(text: str, field: str = "travel_miles") -> float | None:
    typed = text.strip().lower().removesuffix("miles").removesuffix("mi").strip()
    if not typed:
        return None
    if not re.fullmatch(r"\d{1,3}(\.\d+)?", typed):
        raise FieldProblem(field, "Give a number of miles, e.g. 5.")
    miles = float(typed)
    if miles > 500:
        raise FieldProblem(field, "How far they can travel should be between 0 and 500 miles.")
    return miles


def show_miles(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _name(field: str, label: str) -> Callable[[str], str]:
    def check(text: str) -> str:
        return clean_name(text, field, required=False, label=label)

    return check


def _email(text: str) -> str:
    return normalise_email(text)


def _phone(text: str) -> str:
    return format_phone(normalise_phone(text))


def _postcode(text: str) -> str:
    return normalise_postcode(text)


def _date(text: str) -> str:
    value = parse_date(text)
    return show_date(value) if value else text.strip()


def _miles(text: str) -> str:
    return show_miles(parse_miles(text))


# Field name -> check run when the librarian leaves a non-empty field.
CHECKS: dict[str, Callable[[str], str]] = {
    "first_name": _name("first_name", "First name"),
    "last_name": _name("last_name", "Last name"),
    "preferred_name": _name("preferred_name", "Preferred name"),
    "email": _email,
    "phone": _phone,
    "postcode": _postcode,
    "date_of_birth": _date,
    "travel_miles": _miles,
}


def quietly(normalise: Callable[[str], str], text: str) -> str:
    """The normalised value, or '' if `text` is empty or not valid yet (for duplicate
    checks while the librarian is still typing)."""
    if not text.strip():
        return ""
    try:
        return normalise(text)
    except FieldProblem:
        return ""
