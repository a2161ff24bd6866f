"""Checking and normalising what people type: names, UK postcodes, email, UK phone numbers.

Names are never "corrected": we accept every Unicode letter and keep them exactly as typed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from hubapp.services.errors import FieldProblem

# The UK postcode shape (outward code, then inward code "9AA"); GIR 0AA is the one oddity.
_POSTCODE = re.compile(
    r"^(GIR0AA|[A-PR-UWYZ][0-9][0-9]?[0-9ABEHMNPRVWXY]?[0-9][ABD-HJLNP-UW-Z]{2}|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][0-9]?[0-9ABEHMNPRVWXY]?[0-9][ABD-HJLNP-UW-Z]{2}|"
    r"[A-PR-UWYZ][0-9][A-HJKPSTUW][0-9][ABD-HJLNP-UW-Z]{2}|"
    r"[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY][0-9][ABD-HJLNP-UW-Z]{2})$"
)
_NAME_PUNCTUATION = set(" '’‘-.‐")
# Plain ASCII names (most of them) are checked against these sets in one step each.
_ASCII_NAME_PUNCTUATION = frozenset(c for c in _NAME_PUNCTUATION if c.isascii())
_ASCII_NAME_CHARS = _ASCII_NAME_PUNCTUATION | frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
)

POSTCODE_HINT = "Postcodes look like SA19 6AB."
PHONE_HINT = "Phone numbers look like 07700 900123 or 01550 720123."


def normalise_postcode(text: str, field: str = "postcode") -> str:
    """'sa196ab' -> 'SA19 6AB'; raises FieldProblem if it is not a UK postcode."""
    compact = re.sub(r"\s+", "", text).upper()
    if not _POSTCODE.match(compact):
        raise FieldProblem(field, f"“{text.strip()}” is not a UK postcode. {POSTCODE_HINT}")
    return f"{compact[:-3]} {compact[-3:]}"


def postcode_district(postcode: str) -> str:
    """The outward code: 'SA19 6AB' -> 'SA19'."""
    return postcode.split(" ")[0] if " " in postcode else postcode[:-3]


def looks_like_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(re.sub(r"\s+", "", text).upper()))


_PLAIN_EMAIL = re.compile(
    r"[a-z0-9_+-]+(?:\.[a-z0-9_+-]+)*@((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+"
    r"[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?)",
    re.ASCII,
)
_UK_PHONE = re.compile(r"(?:0|\+44)([1-9][0-9]{9})", re.ASCII)


@lru_cache(maxsize=4096)
def _domain_ok(domain: str) -> bool:
    try:
        return _checked_email("a@" + domain) == "a@" + domain
    except FieldProblem:
        return False


def quick_email(text: str) -> str | None:
    """`normalise_email`'s answer for a plain address (the domain is checked by the full
    check, once per domain), or None when only the full check can tell. Most addresses are
    plain, and the full check costs ~100 µs: a CSV import of thousands of rows feels it."""
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


def normalise_email(text: str, field: str = "email") -> str:
    """Checks the shape only (we are offline); stored in lower case for matching."""
    return quick_email(text) or _checked_email(text, field)


def _checked_email(text: str, field: str = "email") -> str:
    candidate = text.strip()
    try:
        result = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError:
        raise FieldProblem(
            field,
            f"“{candidate}” is not an email address. Email addresses look like name@example.com.",
        ) from None
    return result.normalized.lower()


def normalise_phone(text: str, field: str = "phone") -> str:
    """Any common UK (or international '+') format -> E.164, e.g. '+447700900123'."""
    quick = quick_phone(text)
    if quick is not None:
        return quick
    candidate = text.strip()
    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        raise FieldProblem(field, f"“{candidate}” is not a phone number. {PHONE_HINT}") from None
    # "Possible" (right length for its kind) rather than "valid": the metadata lags new
    # number ranges, and a librarian must never be stopped by a real number.
    reason = phonenumbers.is_possible_number_with_reason(number)
    # Nearly all UK numbers have ten digits after the 0; the few nine-digit ones (016977 3456,
    # 0800 123 456) are valid in the metadata, so a short number must pass that stricter test.
    uk_length_ok = (
        number.country_code != 44
        or len(str(number.national_number)) == 10
        or phonenumbers.is_valid_number(number)
    )
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE or not uk_length_ok:
        digits = re.sub(r"\D", "", candidate)
        hint = "It has too few digits. " if len(digits) < 10 else ""
        raise FieldProblem(
            field, f"“{candidate}” is not a valid UK phone number. {hint}{PHONE_HINT}"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    """For display: '+447700900123' -> '07700 900123' (national format for UK numbers)."""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return e164
    if number.country_code == 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def clean_name(text: str, field: str, *, required: bool = True, label: str = "Name") -> str:
    """Keeps the name exactly as typed (trimmed); rejects only what cannot be a name."""
    name = text.strip()
    if not name.isascii():
        name = unicodedata.normalize("NFC", name)
    if not name:
        if required:
            raise FieldProblem(field, f"{label} is needed.")
        return ""
    if len(name) > 120:
        raise FieldProblem(field, f"{label} is too long (at most 120 characters).")
    if _ASCII_NAME_CHARS.issuperset(name) and not _ASCII_NAME_PUNCTUATION.issuperset(name):
        return name  # the checks below would pass it: letters, allowed marks, one letter
    for char in name:
        category = unicodedata.category(char)
        if not (category[0] in "LM" or char in _NAME_PUNCTUATION):
            raise FieldProblem(
                field,
                f"{label} has “{char}”, which is not a letter. Names may use any letters, "
                "spaces, hyphens and apostrophes.",
            )
    if not any(unicodedata.category(c)[0] == "L" for c in name):
        raise FieldProblem(field, f"{label} needs at least one letter.")
    return name
