"""The services' problem messages in the visitor's language. The services speak plain English
(no Qt below the UI), and some messages carry what the visitor typed ("“SA99” is not a UK
postcode. ..."): each is matched against these templates, %1 standing for the typed part,
and the template's translation is filled in again. A message not listed shows as written.
tests/kiosk_ui/test_kiosk_welsh.py makes each message through the real services, so a
change of wording there that leaves this list behind fails a test."""

from __future__ import annotations

import re
from functools import cache

from hubapp.ui.kiosk.words import QT_TRANSLATE_NOOP, translate

CONTEXT = "errors"

# The most particular first: "too few digits" before the plain "not a valid UK phone number".
TEMPLATES = (
    QT_TRANSLATE_NOOP(
        "errors",
        "“%1” is not a valid UK phone number. It has too few digits. "
        "Phone numbers look like 07700 900123 or 01550 720123.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "“%1” is not a valid UK phone number. "
        "Phone numbers look like 07700 900123 or 01550 720123.",
    ),
    QT_TRANSLATE_NOOP(
        "errors",
        "“%1” is not a phone number. Phone numbers look like 07700 900123 or 01550 720123.",
    ),
    QT_TRANSLATE_NOOP(
        "errors", "“%1” is not an email address. Email addresses look like name@example.com."
    ),
    QT_TRANSLATE_NOOP("errors", "“%1” is not a UK postcode. Postcodes look like SA19 6AB."),
    # services.validation.clean_name, for the names the kiosk asks for
    QT_TRANSLATE_NOOP("errors", "First name is needed."),
    QT_TRANSLATE_NOOP("errors", "First name is too long (at most 120 characters)."),
    QT_TRANSLATE_NOOP(
        "errors",
        "First name has “%1”, which is not a letter. "
        "Names may use any letters, spaces, hyphens and apostrophes.",
    ),
    QT_TRANSLATE_NOOP("errors", "First name needs at least one letter."),
    QT_TRANSLATE_NOOP("errors", "Last name is too long (at most 120 characters)."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Last name has “%1”, which is not a letter. "
        "Names may use any letters, spaces, hyphens and apostrophes.",
    ),
    QT_TRANSLATE_NOOP("errors", "Last name needs at least one letter."),
    QT_TRANSLATE_NOOP("errors", "Your name is needed."),
    QT_TRANSLATE_NOOP("errors", "Your name is too long (at most 120 characters)."),
    QT_TRANSLATE_NOOP(
        "errors",
        "Your name has “%1”, which is not a letter. "
        "Names may use any letters, spaces, hyphens and apostrophes.",
    ),
    QT_TRANSLATE_NOOP("errors", "Your name needs at least one letter."),
    # services.members.clean_details and services.kiosk.self_sign_up
    QT_TRANSLATE_NOOP(
        "errors", "Give at least one way to reach them: email, phone, postcode or address."
    ),
    QT_TRANSLATE_NOOP("errors", "Choose English or Cymraeg."),
    QT_TRANSLATE_NOOP("errors", "The consent choices could not be recorded."),
    # services.opportunities.express_interest
    QT_TRANSLATE_NOOP(
        "errors", "Give an email address or a phone number, so the organiser can reach you."
    ),
    # services.staff.sign_in (the staff prompt that leaves kiosk mode)
    QT_TRANSLATE_NOOP("errors", "That user name and password or PIN do not match."),
    QT_TRANSLATE_NOOP("errors", "Too many wrong attempts. Wait a minute, then try again."),
    QT_TRANSLATE_NOOP("errors", "This account cannot leave kiosk mode. Ask the hub's staff."),
)


@cache
def template_pattern(template: str) -> re.Pattern[str]:
    head, marker, tail = template.partition("%1")
    typed = "(.*)" if marker else ""
    return re.compile(re.escape(head) + typed + re.escape(tail), re.DOTALL)


def problem_words(message: str) -> str:
    """`message` (from a service) in the kiosk's language."""
    for template in TEMPLATES:
        found = template_pattern(template).fullmatch(message)
        if found is None:
            continue
        words = translate(CONTEXT, template)
        return words.replace("%1", found.group(1), 1) if found.groups() else words
    return translate(CONTEXT, message)
