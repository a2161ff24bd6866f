"""The words and date formats the member screens show: day and time names, languages, roles,
channels, duplicate reasons and history entries, all through Qt's translator."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QLocale, QTime

from hubapp.models.vocab import DayPart, GroupRole, Language, Weekday


def tr(text: str) -> str:
    return QCoreApplication.translate("members", text)


def error_words(message: str) -> str:
    """A service's English message, through the translator (context "errors")."""
    return QCoreApplication.translate("errors", message)


def day_names() -> list[tuple[str, str, str]]:
    """(value, short label, full name) for each day, Monday first."""
    return [
        (Weekday.MON, tr("Mon"), tr("Monday")),
        (Weekday.TUE, tr("Tue"), tr("Tuesday")),
        (Weekday.WED, tr("Wed"), tr("Wednesday")),
        (Weekday.THU, tr("Thu"), tr("Thursday")),
        (Weekday.FRI, tr("Fri"), tr("Friday")),
        (Weekday.SAT, tr("Sat"), tr("Saturday")),
        (Weekday.SUN, tr("Sun"), tr("Sunday")),
    ]


def part_names() -> list[tuple[str, str]]:
    return [
        (DayPart.MORNING, tr("Morning")),
        (DayPart.AFTERNOON, tr("Afternoon")),
        (DayPart.EVENING, tr("Evening")),
    ]


def language_names() -> list[tuple[str, str]]:
    # Each language is named in itself, as people expect to find their own language.
    return [(Language.ENGLISH, "English"), (Language.WELSH, "Cymraeg")]


def role_name(role: str) -> str:
    names: dict[str, str] = {
        GroupRole.MEMBER: tr("Member"),
        GroupRole.ORGANISER: tr("Organiser"),
        GroupRole.CHAIR: tr("Chair"),
        GroupRole.TREASURER: tr("Treasurer"),
        GroupRole.SECRETARY: tr("Secretary"),
    }
    return names.get(role, role)


def channel_name(channel: str) -> str:
    names = {
        "desk": tr("at the desk"),
        "kiosk": tr("at the kiosk"),
        "paper": tr("on a paper form"),
        "phone": tr("by phone"),
        "import": tr("imported"),
    }
    return names.get(channel, channel)


def reason_words(reason: str) -> str:
    names = {
        "same email": tr("same email"),
        "same phone": tr("same phone"),
        "similar name, same postcode": tr("similar name, same postcode"),
        "same name and address": tr("same name and address"),
    }
    return names.get(reason, reason)


def activity_name(kind: str) -> str:
    names = {
        "volunteered": tr("Volunteered"),
        "meeting_attended": tr("Attended a meeting"),
        "event_organised": tr("Organised an event"),
        "donated": tr("Donated"),
        "other": tr("Other"),
    }
    return names.get(kind, kind)


HEARD_ABOUT_CHOICES = (
    "A friend or family member",
    "Library or hub staff",
    "Poster or leaflet",
    "Social media",
    "Website",
    "Local paper or radio",
    "A local group",
    "Other",
)


def heard_about_choices() -> list[str]:
    return [tr(text) for text in HEARD_ABOUT_CHOICES]


FIELD_WORDS = {
    "first_name": "first name",
    "last_name": "last name",
    "preferred_name": "preferred name",
    "email": "email",
    "phone": "phone",
    "postcode": "postcode",
    "address": "address",
    "date_of_birth": "date of birth",
    "preferred_language": "language",
    "speaks_welsh": "speaks Welsh",
    "availability": "availability",
    "needs_step_free": "step-free access",
    "access_needs": "access needs",
    "travel_miles": "travel distance",
    "has_own_transport": "own transport",
    "heard_about": "how they heard of us",
    "notes": "notes",
    "deleted": "deleted or restored",
    "granted": "consent",
    "role": "role",
}


def field_words(names: tuple[str, ...]) -> str:
    return ", ".join(tr(FIELD_WORDS.get(n, n.replace("_", " "))) for n in names)


def format_date(value: date | None, with_day: bool = True) -> str:
    """'Tue 3 Dec 2026' (or '3 Dec 2026' without the day name)."""
    if value is None:
        return ""
    pattern = "ddd d MMM yyyy" if with_day else "d MMM yyyy"
    return QLocale().toString(QDate(value.year, value.month, value.day), pattern)


def format_moment(value: datetime) -> str:
    """A UTC moment in local time: 'Tue 3 Dec 2026 19:30'."""
    local = value.astimezone()
    moment = QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
    return QLocale().toString(moment, "ddd d MMM yyyy HH:mm")


def count_words(n: int, one: str, many: str) -> str:
    """'1 member', '12,345 members' (digits grouped the British way)."""
    number = f"{n:,}"
    return (one if n == 1 else many).replace("%n", number)
