"""Scheduling a meeting of a group or council: what kind, when, where, who chairs and
clerks it; and the lists of upcoming and past meetings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import AgendaItem, Group, Meeting, Venue, uuid7
from hubapp.models.database import Database
from hubapp.models.vocab import MeetingType
from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings.agenda import standard_items
from hubapp.services.meetings.guards import (
    current_memberships,
    editable_meeting,
)
from hubapp.services.meetings.views import LONDON, MeetingRow, meeting_title, place_label


@dataclass
class MeetingDetails:
    """What the schedule-a-meeting form holds. Naive times are UK local time."""

    group_id: str = ""
    meeting_type: str = MeetingType.ORDINARY
    title: str = ""
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    venue_id: str | None = None
    venue_text: str = ""
    online_link: str = ""
    chair_member_id: str | None = None
    clerk_name: str = ""


def to_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=LONDON)
    return moment.astimezone(UTC)


def _check(session: Session, details: MeetingDetails) -> dict[str, str]:
    problems: dict[str, str] = {}
    if session.get(Group, details.group_id) is None:
        problems["group_id"] = "Choose the group or council that is meeting."
    if details.meeting_type not in {t.value for t in MeetingType}:
        problems["meeting_type"] = "Choose what kind of meeting this is."
    if len(details.title.strip()) > 200:
        problems["title"] = "The title is too long (at most 200 characters)."
    if details.starts_at is None:
        problems["starts_at"] = "Give the date and time the meeting starts."
    elif details.ends_at is not None and to_utc(details.ends_at) <= to_utc(details.starts_at):
        problems["ends_at"] = "The meeting must end after it starts."
    venue = session.get(Venue, details.venue_id) if details.venue_id else None
    if details.venue_id and (venue is None or venue.deleted):
        problems["venue_id"] = "That venue no longer exists; choose another."
    link = details.online_link.strip()
    if link and not link.lower().startswith(("https://", "http://")):
        problems["online_link"] = "The online link should start with https://"
    if not (details.venue_id or details.venue_text.strip() or link):
        problems["venue_id"] = (
            "Say where the meeting is: choose a venue, type the place, or give an online link."
        )
    if details.chair_member_id and "group_id" not in problems:
        members = current_memberships(session, details.group_id)
        if details.chair_member_id not in members:
            problems["chair_member_id"] = "The chair must be a member of the group."
    if len(details.clerk_name.strip()) > 200:
        problems["clerk_name"] = "The clerk's name is too long (at most 200 characters)."
    return problems


def _apply(meeting: Meeting, details: MeetingDetails) -> None:
    assert details.starts_at is not None
    values = {
        "meeting_type": details.meeting_type,
        "title": details.title.strip() or None,
        "starts_at": to_utc(details.starts_at),
        "ends_at": to_utc(details.ends_at) if details.ends_at else None,
        "venue_id": details.venue_id or None,
        "venue_text": details.venue_text.strip() or None,
        "online_link": details.online_link.strip() or None,
        "chair_member_id": details.chair_member_id or None,
        "clerk_name": details.clerk_name.strip() or None,
    }
    # Only real changes are written, so only they are journalled and synced.
    for name, value in values.items():
        if getattr(meeting, name) != value:
            setattr(meeting, name, value)


def schedule_meeting(
    db: Database,
    details: MeetingDetails,
    *,
    staff_user_id: str | None,
    with_standard_items: bool = True,
    meeting_id: str | None = None,
) -> str:
    """Schedules a meeting and returns its id; the standard agenda items are added unless
    asked not to. `meeting_id` (chosen when the form opens) makes a double save harmless."""
    with db.write(staff_user_id) as session:
        if meeting_id is not None and session.get(Meeting, meeting_id) is not None:
            return meeting_id
        problems = _check(session, details)
        if problems:
            raise ValidationFailed(problems)
        meeting = Meeting(id=meeting_id or uuid7(), group_id=details.group_id)
        _apply(meeting, details)
        session.add(meeting)
        if with_standard_items:
            for number, (kind, title) in enumerate(standard_items(), start=1):
                session.add(
                    AgendaItem(
                        meeting_id=meeting.id, position=number, title=title, standard_kind=kind
                    )
                )
        return meeting.id


def edit_meeting(
    db: Database, meeting_id: str, details: MeetingDetails, *, staff_user_id: str | None
) -> None:
    """Changes when, where and who; the group cannot change once the meeting exists."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        details.group_id = meeting.group_id
        problems = _check(session, details)
        if problems:
            raise ValidationFailed(problems)
        _apply(meeting, details)


def set_meeting_status(
    db: Database, meeting_id: str, status: str, *, staff_user_id: str | None
) -> None:
    """ "scheduled" or "cancelled"; marking a meeting held is `mark_held` (it feeds records)."""
    if status not in ("scheduled", "cancelled"):
        raise ValidationFailed({"status": "A meeting can be scheduled or cancelled here."})
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        if meeting.status != status:
            meeting.status = status


def list_meetings(
    db: Database,
    group_id: str | None = None,
    *,
    upcoming: bool = True,
    now: datetime | None = None,
    limit: int | None = None,
) -> list[MeetingRow]:
    """Upcoming meetings soonest first, or past ones latest first; of one group or all.
    A meeting is upcoming until it has ended (or, with no end time, until it starts)."""
    moment = to_utc(now) if now else datetime.now(UTC)
    query = (
        select(Meeting, Group.name, Venue.name)
        .join(Group, Group.id == Meeting.group_id)
        .outerjoin(Venue, Venue.id == Meeting.venue_id)
        .where(Meeting.deleted.is_(False), Group.deleted.is_(False))
    )
    if group_id is not None:
        query = query.where(Meeting.group_id == group_id)
    with db.read() as session:
        found = session.execute(query).all()
    rows = []
    for meeting, group_name, venue_name in found:
        end = meeting.ends_at or meeting.starts_at
        if (end >= moment) != upcoming:
            continue
        rows.append(
            MeetingRow(
                id=meeting.id,
                group_id=meeting.group_id,
                group_name=group_name,
                meeting_type=meeting.meeting_type,
                title=meeting_title(meeting.title, meeting.meeting_type, group_name),
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                place=place_label(
                    venue_name or "", meeting.venue_text or "", meeting.online_link or ""
                ),
                status=meeting.status,
                minutes_status=meeting.minutes_status,
            )
        )
    rows.sort(key=lambda r: (r.starts_at, r.id), reverse=not upcoming)
    return rows[:limit] if limit is not None else rows
