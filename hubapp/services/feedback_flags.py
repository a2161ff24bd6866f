"""Automatic flags on feedback comments, for the moderator: obvious abuse (a small word list)
and personal data (phone numbers, email addresses, postcodes). A flag never hides or changes
a comment; every comment waits for a person to approve or hide it anyway."""

from __future__ import annotations

import re

import phonenumbers

from hubapp.services.validation import looks_like_postcode

# Stems of obvious abuse, English and Welsh, matched at the start of a word ("fuck" finds
# "fucking"). Short on purpose: it only puts a comment first in the queue with a flag.
ABUSIVE_STEMS = (
    "fuck",
    "shit",
    "cunt",
    "bastard",
    "wanker",
    "twat",
    "bitch",
    "dickhead",
    "prick",
    "arsehole",
    "asshole",
    "bollock",
    "piss off",
    "slag",
    "retard",
    "scum",
    "kill you",
    "cachu",
    "ffwc",
    "ffyc",
    "twll din",
)
_ABUSE = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in ABUSIVE_STEMS) + ")", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# UK numbers as people write them: 0 or +44, then ten digits, spaces or dashes anywhere.
_UK_PHONE = re.compile(r"(?<![\d+])(?:\+44[\s-]?(?:\(0\))?|0)(?:\d[\s-]?){9}\d(?!\d)")
_POSTCODE_LIKE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.I)


def comment_flags(comment: str) -> list[str]:
    """The flags a comment earns: any of "abuse", "phone", "email", "postcode"."""
    flags = []
    if _ABUSE.search(comment):
        flags.append("abuse")
    if _has_phone(comment):
        flags.append("phone")
    if _EMAIL.search(comment):
        flags.append("email")
    if any(looks_like_postcode(m.group(0)) for m in _POSTCODE_LIKE.finditer(comment)):
        flags.append("postcode")
    return flags


def _has_phone(text: str) -> bool:
    if _UK_PHONE.search(text):
        return True
    # Numbers from elsewhere ("+353 1 234 5678"), as libphonenumber's matcher finds them.
    return any(True for _ in phonenumbers.PhoneNumberMatcher(text, "GB"))
