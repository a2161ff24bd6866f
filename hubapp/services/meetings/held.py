"""After a meeting: marking it held, which adds "meeting attended" to each member's
activity record, and the six-month rule: a councillor who attends no meeting for six
months, without apologies the council approved, stops being a councillor (Local
Government Act 1972, s. 85). The clerk is warned from five months on."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from hubapp.models import Activity, Attendance, Meeting, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import ActivityKind, AttendanceStatus
from hubapp.services.meetings.guards import (
    current_memberships,
    editable_meeting,
    live_group,
    member_names,
)
from hubapp.services.meetings.views import format_day, local_time, meeting_title

WARN_AFTER_MONTHS = 5
LAPSE_AFTER_MONTHS = 6


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def mark_held(db: Database, meeting_id: str, *, staff_user_id: str | None) -> int:
    """Marks the meeting held and brings the members' activity records in line with the
    register: one "meeting attended" per member per meeting (the same id on every hub), so
    marking it held again after a correction adds nothing twice. Returns how many attended."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        group = live_group(session, meeting.group_id)
        if meeting.status != "held":
            meeting.status = "held"
        rows = session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id,
                Attendance.member_id.is_not(None),
                Attendance.deleted.is_(False),
            )
        ).all()
        present = {
            a.member_id for a in rows if a.member_id and a.status == AttendanceStatus.PRESENT
        }
        existing = {
            a.member_id: a
            for a in session.scalars(
                select(Activity).where(
                    Activity.meeting_id == meeting.id,
                    Activity.kind == ActivityKind.MEETING_ATTENDED,
                )
            )
        }
        day = local_time(meeting.starts_at).date()
        title = meeting_title(meeting.title, meeting.meeting_type, group.name)
        for member_id in present | set(existing):
            activity = existing.get(member_id)
            if member_id in present and activity is None:
                session.add(
                    Activity(
                        id=stable_id("meeting_attended", meeting.id, member_id),
                        member_id=member_id,
                        kind=ActivityKind.MEETING_ATTENDED,
                        occurred_on=day,
                        group_id=group.id,
                        meeting_id=meeting.id,
                        description=title,
                        staff_user_id=staff_user_id,
                    )
                )
            elif activity is not None and activity.deleted == (member_id in present):
                activity.deleted = member_id not in present
        return len(present)


@dataclass(frozen=True)
class LapseWarning:
    member_id: str
    name: str
    last_counted_on: date
    counted_because: str  # "attended", "approved apologies" or "joined"
    lapses_on: date
    lapsed: bool
    message: str


def lapse_warnings(db: Database, group_id: str, today: date | None = None) -> list[LapseWarning]:
    """Voting members five months or more past their last attendance or approved apologies
    (or their joining, if neither), soonest to lapse first."""
    day = today or date.today()
    with db.read() as session:
        live_group(session, group_id)
        memberships = {
            m: gm for m, gm in current_memberships(session, group_id).items() if gm.is_voting
        }
        last: dict[str, tuple[date, str]] = {}
        rows = session.execute(
            select(
                Attendance.member_id,
                Attendance.status,
                Attendance.apologies_accepted,
                Meeting.starts_at,
            )
            .join(Meeting, Meeting.id == Attendance.meeting_id)
            .where(
                Meeting.group_id == group_id,
                Meeting.deleted.is_(False),
                Meeting.status != "cancelled",
                Attendance.deleted.is_(False),
                Attendance.member_id.in_(list(memberships)),
            )
        )
        for member_id, status, accepted, starts_at in rows:
            on = local_time(starts_at).date()
            if member_id is None or on > day:
                continue
            if status == AttendanceStatus.PRESENT:
                why = "attended"
            elif status == AttendanceStatus.APOLOGIES and accepted:
                why = "approved apologies"
            else:
                continue
            if member_id not in last or on > last[member_id][0]:
                last[member_id] = (on, why)
        names = member_names(session, memberships)
        joined = {
            m: gm.joined_on or local_time(gm.created_at).date() for m, gm in memberships.items()
        }
    warnings = []
    for member_id in memberships:
        counted, why = last.get(member_id, (joined[member_id], "joined"))
        counted, why = max((counted, why), (joined[member_id], "joined"))
        if day < add_months(counted, WARN_AFTER_MONTHS):
            continue
        lapses = add_months(counted, LAPSE_AFTER_MONTHS)
        name = names.get(member_id, "")
        since = {
            "attended": "last attended",
            "approved apologies": "last had apologies approved",
            "joined": "joined",
        }[why]
        message = f"{name} {since} on {format_day(counted)}: " + (
            f"membership lapsed on {format_day(lapses)}."
            if day >= lapses
            else f"membership lapses on {format_day(lapses)} unless they attend or the "
            "council approves their apologies."
        )
        warnings.append(LapseWarning(member_id, name, counted, why, lapses, day >= lapses, message))
    warnings.sort(key=lambda w: (w.lapses_on, w.name))
    return warnings
