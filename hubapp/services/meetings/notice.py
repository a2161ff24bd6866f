"""Notice of a meeting: the last day the summons may be issued, and whether it is late.

For parish and community councils the notice is "clear days": neither the day of issue nor
the day of the meeting counts, and nor do Sundays, Christmas Day, Good Friday or bank
holidays (Local Government Act 1972, Sch. 12 and s. 243). Bank holidays come from the
`holidays` package (England, or Wales for community councils). An annual parish meeting
needs at least seven clear days. Other groups count plain calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays

from hubapp.models.database import Database
from hubapp.models.vocab import GroupKind, MeetingType
from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings.guards import live_meeting
from hubapp.services.meetings.views import MeetingView, format_day, local_time

ANNUAL_PARISH_MEETING_DAYS = 7
_COUNCILS = (GroupKind.PARISH_COUNCIL, GroupKind.COMMUNITY_COUNCIL)


@lru_cache(maxsize=64)
def _bank_holidays(year: int, subdiv: str) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=subdiv, years=year))


def counts_as_clear_day(day: date, subdiv: str = "ENG") -> bool:
    """Sundays, bank holidays, Christmas Day and Good Friday do not count."""
    if day.weekday() == 6:
        return False
    # Christmas Day and Good Friday are in the bank holiday list for England and Wales.
    return day not in _bank_holidays(day.year, subdiv)


def last_issue_date(
    meeting_date: date,
    clear_days: int = 3,
    *,
    exclude_non_working: bool = True,
    subdiv: str = "ENG",
) -> date:
    """The last day on which the summons can be issued with `clear_days` clear days."""
    day = meeting_date
    counted = 0
    while counted < clear_days:
        day -= timedelta(days=1)
        if not exclude_non_working or counts_as_clear_day(day, subdiv):
            counted += 1
    # `day` is the earliest clear day; the issue must be on a day before it.
    return day - timedelta(days=1)


@dataclass(frozen=True)
class NoticeRule:
    clear_days: int
    exclude_non_working: bool
    subdiv: str


def notice_rule(group_kind: str, meeting_type: str, clear_days: int) -> NoticeRule:
    days = clear_days
    if meeting_type == MeetingType.ANNUAL_PARISH:
        days = max(days, ANNUAL_PARISH_MEETING_DAYS)
    subdiv = "WLS" if group_kind == GroupKind.COMMUNITY_COUNCIL else "ENG"
    return NoticeRule(days, group_kind in _COUNCILS, subdiv)


@dataclass(frozen=True)
class NoticeStatus:
    deadline: date
    issued_on: date | None
    on_time: bool
    message: str


def notice_status(meeting: MeetingView, today: date | None = None) -> NoticeStatus:
    """Whether the summons was (or, if issued today, would be) issued in time."""
    rule = notice_rule(meeting.group_kind, meeting.meeting_type, meeting.notice_clear_days)
    meeting_day = local_time(meeting.starts_at).date()
    deadline = last_issue_date(
        meeting_day,
        rule.clear_days,
        exclude_non_working=rule.exclude_non_working,
        subdiv=rule.subdiv,
    )
    kind = "clear days" if rule.exclude_non_working else "days"
    if meeting.notice_issued_on is not None:
        issued = meeting.notice_issued_on
        on_time = issued <= deadline
        message = f"The summons was issued on {format_day(issued)}, " + (
            "in time."
            if on_time
            else f"too late: it had to be issued by {format_day(deadline)} "
            f"({rule.clear_days} {kind} before the meeting)."
        )
        return NoticeStatus(deadline, issued, on_time, message)
    day = today or date.today()
    on_time = day <= deadline
    if on_time:
        left = (deadline - day).days
        when = "today" if left == 0 else f"by {format_day(deadline)}"
        message = f"Issue the summons {when} to give {rule.clear_days} {kind}' notice."
    else:
        message = (
            f"Too late to give proper notice: the summons had to be issued by "
            f"{format_day(deadline)} ({rule.clear_days} {kind} before the meeting). A meeting "
            "held without proper notice may be challenged; consider moving the date."
        )
    return NoticeStatus(deadline, None, on_time, message)


def record_notice_issued(
    db: Database, meeting_id: str, issued_on: date | None, *, staff_user_id: str | None
) -> None:
    """Records the day the summons was issued (None clears it)."""
    with db.write(staff_user_id) as session:
        meeting = live_meeting(session, meeting_id)
        if issued_on is not None and issued_on > local_time(meeting.starts_at).date():
            raise ValidationFailed(
                {"notice_issued_on": "The summons cannot be issued after the meeting."}
            )
        if meeting.notice_issued_on != issued_on:
            meeting.notice_issued_on = issued_on
