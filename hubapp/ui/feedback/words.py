"""The words the feedback screens show for stored values (what feedback is about, the faces,
the automatic flags, months), each a literal inside translate() so that Qt's translation
tools find it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hubapp.ui.groups.words import error_text, format_day, month_short
from hubapp.ui.meetings.words import format_when

_CTX = "feedback"

__all__ = ["error_text", "format_day", "format_when", "t"]

FACE_ICONS = {
    1: "mdi6.emoticon-cry-outline",
    2: "mdi6.emoticon-sad-outline",
    3: "mdi6.emoticon-neutral-outline",
    4: "mdi6.emoticon-happy-outline",
    5: "mdi6.emoticon-excited-outline",
}
# The kiosk's words for its faces (context "kiosk"), so staff and visitors see the same.
_FACE_WORDS = {
    1: QT_TRANSLATE_NOOP("kiosk", "Very bad"),
    2: QT_TRANSLATE_NOOP("kiosk", "Bad"),
    3: QT_TRANSLATE_NOOP("kiosk", "All right"),
    4: QT_TRANSLATE_NOOP("kiosk", "Good"),
    5: QT_TRANSLATE_NOOP("kiosk", "Very good"),
}


def t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def subject_kinds() -> dict[str, str]:
    return {
        "hub": t("The hub"),
        "group": t("Group"),
        "public_body": t("Public body"),
        "business": t("Business"),
        "voluntary_body": t("Voluntary body"),
    }


def kind_filters() -> list[tuple[str, str | None]]:
    """What the reports can be narrowed to: (words, subject kind or None for everything)."""
    return [
        (t("Everything"), None),
        (t("The hub"), "hub"),
        (t("Groups"), "group"),
        (t("Public bodies"), "public_body"),
        (t("Businesses"), "business"),
        (t("Voluntary bodies"), "voluntary_body"),
    ]


def subject_kind(kind: str) -> str:
    return subject_kinds().get(kind, kind)


def face_words(rating: int) -> str:
    words = _FACE_WORDS.get(rating)
    return QCoreApplication.translate("kiosk", str(words)) if words else str(rating)


def rating_text(rating: int) -> str:
    """'2 of 5 · Bad'."""
    return t("%1 of 5").replace("%1", str(rating)) + " · " + face_words(rating)


def flag_labels() -> dict[str, str]:
    return {
        "abuse": t("Possibly abusive words"),
        "phone": t("Contains a phone number"),
        "email": t("Contains an email address"),
        "postcode": t("Contains a postcode"),
    }


def flag_text(flag: str) -> str:
    return flag_labels().get(flag, flag)


def month_text(month: date) -> str:
    """'Mar 2027'."""
    return f"{month_short(month)} {month.year}"


def average_text(average: float) -> str:
    return f"{average:.1f}"


def count_text(n: int, one: str, many: str) -> str:
    return (one if n == 1 else many).replace("%n", f"{n:,}")
