"""Finding the live rows a meeting write needs, and refusing writes that the rules forbid
(locked minutes, people who are not voting members present at an item)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import (
    AgendaItem,
    Attendance,
    Group,
    GroupMembership,
    InterestDeclaration,
    Meeting,
    Member,
)
from hubapp.models.vocab import AttendanceStatus, InterestKind, MinutesStatus
from hubapp.services.errors import NotFound, ServiceError
from hubapp.services.meetings.views import format_when


class MinutesLocked(ServiceError):
    """The meeting's minutes were approved: nothing recorded at it may change any more."""


def live_group(session: Session, group_id: str) -> Group:
    group = session.get(Group, group_id)
    if group is None or group.deleted:
        raise NotFound("That group no longer exists.")
    return group


def live_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None or meeting.deleted:
        raise NotFound("That meeting no longer exists.")
    return meeting


def refuse_if_locked(session: Session, meeting: Meeting) -> None:
    if meeting.minutes_status != MinutesStatus.APPROVED:
        return
    when = ""
    if meeting.minutes_approved_by_meeting_id:
        at = session.get(Meeting, meeting.minutes_approved_by_meeting_id)
        if at is not None:
            when = f" at the meeting on {format_when(at.starts_at)}"
    raise MinutesLocked(
        f"The minutes of this meeting were approved{when} and are locked, so nothing "
        "recorded at it can be changed. Record a correction instead."
    )


def editable_meeting(session: Session, meeting_id: str) -> Meeting:
    meeting = live_meeting(session, meeting_id)
    refuse_if_locked(session, meeting)
    return meeting


def live_item(session: Session, item_id: str) -> AgendaItem:
    item = session.get(AgendaItem, item_id)
    if item is None or item.deleted:
        raise NotFound("That agenda item no longer exists.")
    return item


def editable_item(session: Session, item_id: str) -> tuple[AgendaItem, Meeting]:
    item = live_item(session, item_id)
    meeting = editable_meeting(session, item.meeting_id)
    return item, meeting


def live_items(session: Session, meeting_id: str) -> list[AgendaItem]:
    return list(
        session.scalars(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, AgendaItem.deleted.is_(False))
            .order_by(AgendaItem.position, AgendaItem.id)
        )
    )


def current_memberships(session: Session, group_id: str) -> dict[str, GroupMembership]:
    """The group's current members (live membership, live unerased member), by member id."""
    query = (
        select(GroupMembership)
        .join(Member, Member.id == GroupMembership.member_id)
        .where(
            GroupMembership.group_id == group_id,
            GroupMembership.deleted.is_(False),
            Member.deleted.is_(False),
            Member.erased_at.is_(None),
        )
    )
    return {gm.member_id: gm for gm in session.scalars(query)}


def voting_member_ids(session: Session, group_id: str) -> set[str]:
    """Voting members: current memberships with `is_voting` set, whatever their role (a chair
    or treasurer is a councillor too; co-opted advisers are added with is_voting off)."""
    return {m for m, gm in current_memberships(session, group_id).items() if gm.is_voting}


def member_names(session: Session, ids: Iterable[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    rows = session.execute(
        select(Member.id, Member.first_name, Member.preferred_name, Member.last_name).where(
            Member.id.in_(wanted)
        )
    )
    return {i: f"{p or f} {last}".strip() for i, f, p, last in rows}


def attendance_by_member(session: Session, meeting_id: str) -> dict[str, Attendance]:
    rows = session.scalars(
        select(Attendance).where(
            Attendance.meeting_id == meeting_id,
            Attendance.deleted.is_(False),
            Attendance.member_id.is_not(None),
        )
    )
    return {a.member_id: a for a in rows if a.member_id}


def is_present_at(attendance: Attendance | None, number: int) -> bool:
    if attendance is None or attendance.status != AttendanceStatus.PRESENT:
        return False
    if attendance.arrived_at_item is not None and number < attendance.arrived_at_item:
        return False
    return not (attendance.left_at_item is not None and number >= attendance.left_at_item)


def present_voters(session: Session, meeting: Meeting, number: int) -> set[str]:
    """Voting members present at item `number`."""
    voting = voting_member_ids(session, meeting.group_id)
    present = attendance_by_member(session, meeting.id)
    return {m for m in voting if is_present_at(present.get(m), number)}


def pecuniary_ids(session: Session, item_id: str) -> set[str]:
    return set(
        session.scalars(
            select(InterestDeclaration.member_id).where(
                InterestDeclaration.agenda_item_id == item_id,
                InterestDeclaration.deleted.is_(False),
                InterestDeclaration.kind == InterestKind.PECUNIARY,
            )
        )
    )


def eligible_voters(session: Session, item: AgendaItem, meeting: Meeting) -> set[str]:
    """Who may vote on an item: voting members present at it, less anyone who declared a
    pecuniary interest in it."""
    return present_voters(session, meeting, item.position) - pecuniary_ids(session, item.id)
