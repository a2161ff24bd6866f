"""The words the groups screens show for stored values: kinds, roles, visibility, dates.
Each is a literal inside translate() so that Qt's translation tools can find it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from hubapp.models.vocab import GroupKind, GroupRole

_CTX = "groups"


def _t(text: str) -> str:
    return QCoreApplication.translate(_CTX, text)


def kind_labels() -> dict[str, str]:
    return {
        GroupKind.COMMUNITY_GROUP: _t("Community group"),
        GroupKind.PARISH_COUNCIL: _t("Parish council"),
        GroupKind.COMMUNITY_COUNCIL: _t("Community council"),
        GroupKind.COMMITTEE: _t("Committee"),
    }


def role_labels() -> dict[str, str]:
    return {
        GroupRole.MEMBER: _t("Member"),
        GroupRole.ORGANISER: _t("Organiser"),
        GroupRole.CHAIR: _t("Chair"),
        GroupRole.TREASURER: _t("Treasurer"),
        GroupRole.SECRETARY: _t("Secretary"),
    }


def kind_label(kind: str) -> str:
    return kind_labels().get(kind, kind)


def role_label(role: str) -> str:
    return role_labels().get(role, role)


def visibility_label(is_public: bool) -> str:
    return _t("Public") if is_public else _t("Private")


def visibility_icon_name(is_public: bool) -> str:
    return "mdi6.earth" if is_public else "mdi6.lock-outline"


def error_text(message: str) -> str:
    """A service's message in the user's language (services speak English; see errors.py)."""
    return QCoreApplication.translate("errors", message)


# Marked for the translation tools here (context "dates"), translated when shown.

_DAYS = (
    QT_TRANSLATE_NOOP("dates", "Mon"),
    QT_TRANSLATE_NOOP("dates", "Tue"),
    QT_TRANSLATE_NOOP("dates", "Wed"),
    QT_TRANSLATE_NOOP("dates", "Thu"),
    QT_TRANSLATE_NOOP("dates", "Fri"),
    QT_TRANSLATE_NOOP("dates", "Sat"),
    QT_TRANSLATE_NOOP("dates", "Sun"),
)
_MONTHS = (
    QT_TRANSLATE_NOOP("dates", "Jan"),
    QT_TRANSLATE_NOOP("dates", "Feb"),
    QT_TRANSLATE_NOOP("dates", "Mar"),
    QT_TRANSLATE_NOOP("dates", "Apr"),
    QT_TRANSLATE_NOOP("dates", "May"),
    QT_TRANSLATE_NOOP("dates", "Jun"),
    QT_TRANSLATE_NOOP("dates", "Jul"),
    QT_TRANSLATE_NOOP("dates", "Aug"),
    QT_TRANSLATE_NOOP("dates", "Sep"),
    QT_TRANSLATE_NOOP("dates", "Oct"),
    QT_TRANSLATE_NOOP("dates", "Nov"),
    QT_TRANSLATE_NOOP("dates", "Dec"),
)


def month_short(day: date) -> str:
    """'Dec', in the user's language."""
    return QCoreApplication.translate("dates", str(_MONTHS[day.month - 1]))


def format_day(day: date | None) -> str:
    """'Tue 3 Dec 2026', as everywhere in hubapp."""
    if day is None:
        return ""
    weekday = QCoreApplication.translate("dates", str(_DAYS[day.weekday()]))
    return f"{weekday} {day.day} {month_short(day)} {day.year}"
