"""Minute numbers for resolutions, in the group's format (e.g. "{yy}/{n}" gives "24/101"):
{n} counts from 1 in each council year and continues across the group's meetings; numbers
are handed out in the order motions are carried and never reused."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hubapp.models import AgendaItem, Group, Meeting, Motion
from hubapp.services.meetings.views import LONDON, local_time


def council_year(day: date, start_month: int) -> int:
    """The calendar year in which the council year containing `day` began."""
    return day.year if day.month >= start_month else day.year - 1


def format_minute_number(pattern: str, year: int, n: int) -> str:
    """{yy}: two-digit year the council year began; {yyyy}: four digits; {n}: the number."""
    try:
        return pattern.format(yy=f"{year % 100:02d}", yyyy=str(year), n=n)
    except (KeyError, IndexError, ValueError):
        # A mistyped format must not stop a meeting: fall back to the usual one.
        return f"{year % 100:02d}/{n}"


def _year_bounds(year: int, start_month: int) -> tuple[datetime, datetime]:
    start = datetime(year, start_month, 1, tzinfo=LONDON).astimezone(UTC)
    end = datetime(year + 1, start_month, 1, tzinfo=LONDON).astimezone(UTC)
    return start, end


def next_minute_number(session: Session, meeting: Meeting, group: Group) -> tuple[int, str]:
    """The next number in the council year of `meeting`. Tombstoned motions and meetings
    still count, so a number once given is never given again."""
    month = group.council_year_start_month if 1 <= group.council_year_start_month <= 12 else 5
    year = council_year(local_time(meeting.starts_at).date(), month)
    start, end = _year_bounds(year, month)
    last = session.scalar(
        select(func.max(Motion.minute_sequence))
        .join(AgendaItem, AgendaItem.id == Motion.agenda_item_id)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(Meeting.group_id == group.id, Meeting.starts_at >= start, Meeting.starts_at < end)
    )
    n = (last or 0) + 1
    return n, format_minute_number(group.minute_number_format, year, n)
