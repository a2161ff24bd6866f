"""When an opportunity happens, as data (days of the week and parts of the day, to match
against people's availability) and as words, in English and in Welsh."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hubapp.models.vocab import DayPart, Weekday

DAYS = tuple(d.value for d in Weekday)
PARTS = tuple(p.value for p in DayPart)
DAY_NAMES = {
    "mon": ("Monday", "Dydd Llun"),
    "tue": ("Tuesday", "Dydd Mawrth"),
    "wed": ("Wednesday", "Dydd Mercher"),
    "thu": ("Thursday", "Dydd Iau"),
    "fri": ("Friday", "Dydd Gwener"),
    "sat": ("Saturday", "Dydd Sadwrn"),
    "sun": ("Sunday", "Dydd Sul"),
}
PART_NAMES = {
    "morning": ("morning", "bore"),
    "afternoon": ("afternoon", "prynhawn"),
    "evening": ("evening", "noswaith"),
}
MONTHS_CY = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)

Slots = dict[str, frozenset[str]]  # day -> parts of the day


def local_zone() -> ZoneInfo | None:
    try:
        return ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:  # no time zone data (some Windows set-ups): use UTC
        return None


def part_of_day(hhmm: str) -> str:
    hour = int(hhmm.split(":")[0])
    return "morning" if hour < 12 else "afternoon" if hour < 17 else "evening"


def parts_between(start: str, end: str) -> frozenset[str]:
    """The parts of the day a slot from `start` to `end` ("HH:MM") touches; all three when
    it has no times."""
    if not start:
        return frozenset(PARTS)
    first = PARTS.index(part_of_day(start))
    last = PARTS.index(part_of_day(end)) if end else first
    if end and end.endswith(":00") and last > first and int(end[:2]) in (12, 17):
        last -= 1  # ending at noon is a morning slot
    return frozenset(PARTS[first : last + 1])


def recurrence_slots(recurrence: Mapping[str, Any] | None) -> Slots:
    """Days and parts of a stored recurrence, in either stored form (see the model)."""
    if not recurrence:
        return {}
    if "days" in recurrence:
        parts = parts_between(str(recurrence.get("start") or ""), str(recurrence.get("end") or ""))
        return {d: parts for d in recurrence["days"] if d in DAY_NAMES}
    return {
        d: frozenset(p for p in when if p in PART_NAMES) or frozenset(PARTS)
        for d, when in recurrence.items()
        if d in DAY_NAMES
    }


def one_off_slots(at: datetime | None) -> Slots:
    if at is None:
        return {}
    local = at.astimezone(local_zone()) if local_zone() else at
    return {DAYS[local.weekday()]: frozenset({part_of_day(local.strftime("%H:%M"))})}


def _join(words: list[str], conjunction: str) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def days_words(days: list[str]) -> tuple[str, str]:
    """("Tuesdays and Thursdays", "Dydd Mawrth a Dydd Iau") for the given days."""
    ordered = [d for d in DAYS if d in days]
    english = _join([DAY_NAMES[d][0] + "s" for d in ordered], "and")
    welsh = _join([DAY_NAMES[d][1] for d in ordered], "a")
    return english, welsh


def date_words(at: datetime) -> tuple[str, str]:
    """("Saturday 14 March", "Dydd Sadwrn 14 Mawrth") in local time."""
    zone = local_zone()
    local = at.astimezone(zone) if zone else at
    day = DAYS[local.weekday()]
    english = f"{DAY_NAMES[day][0]} {local.day} {local.strftime('%B')}"
    welsh = f"{DAY_NAMES[day][1]} {local.day} {MONTHS_CY[local.month - 1]}"
    return english, welsh


def when_text(one_off_at: datetime | None, recurrence: Mapping[str, Any] | None) -> str:
    """English words for when: "Saturday 14 March 2027, 10:00", "Tuesdays and Thursdays,
    10:00–12:00", "Tuesday mornings", or "Whenever suits"."""
    if one_off_at is not None:
        zone = local_zone()
        local = one_off_at.astimezone(zone) if zone else one_off_at
        return f"{date_words(one_off_at)[0]} {local.year}, {local.strftime('%H:%M')}"
    if recurrence and "days" in recurrence:
        start, end = str(recurrence.get("start") or ""), str(recurrence.get("end") or "")
        days = days_words(list(recurrence["days"]))[0]
        times = f"{start}–{end}" if start and end else start
        return f"{days}, {times}" if times else days or "Whenever suits"
    slots = recurrence_slots(recurrence)
    if not slots:
        return "Whenever suits"
    pieces = []
    for day in DAYS:
        if day in slots:
            parts = [p for p in PARTS if p in slots[day]]
            if len(parts) == len(PARTS):
                pieces.append(DAY_NAMES[day][0] + "s")
            else:
                pieces.append(f"{DAY_NAMES[day][0]} {_join([p + 's' for p in parts], 'and')}")
    return "; ".join(pieces)
