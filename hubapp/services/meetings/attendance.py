"""The attendance register: present, apologies (with the reason and whether they were
accepted), absent; in person or remote; officers in attendance; members of the public;
late arrivals and early departures by item number.

Item numbers: "arrived at item 4" means present for item 4 and after; "left at item 7"
means gone before item 7 was taken, so absent for item 7 and after."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hubapp.models import Attendance, Meeting, Member, stable_id
from hubapp.models.database import Database
from hubapp.models.vocab import AttendanceMode, AttendanceStatus, AttendeeRole
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.meetings.guards import (
    current_memberships,
    editable_meeting,
    live_items,
    live_meeting,
)
from hubapp.services.meetings.views import AttendanceRow

_STATUSES = {s.value for s in AttendanceStatus}
_MODES = {m.value for m in AttendanceMode}


def _row_for(session: Session, meeting: Meeting, member_id: str) -> Attendance:
    """The member's one register line for this meeting (same id on every hub)."""
    row_id = stable_id("attendance", meeting.id, member_id)
    row = session.get(Attendance, row_id)
    if row is not None:
        return row
    if member_id not in current_memberships(session, meeting.group_id):
        raise NotFound("That person is not a member of this group.")
    row = Attendance(
        id=row_id, meeting_id=meeting.id, member_id=member_id, role=AttendeeRole.MEMBER
    )
    session.add(row)
    return row


def _set(row: Attendance, **values: object) -> None:
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)


def record_attendance(
    db: Database,
    meeting_id: str,
    member_id: str,
    status: str,
    *,
    mode: str = AttendanceMode.IN_PERSON,
    apologies_reason: str = "",
    apologies_accepted: bool | None = None,
    staff_user_id: str | None,
) -> None:
    """Marks a member present, with apologies, or absent. Marking someone present again
    keeps their late arrival or early departure; other statuses clear it."""
    problems: dict[str, str] = {}
    if status not in _STATUSES:
        problems["status"] = "Choose present, apologies or absent."
    if mode not in _MODES:
        problems["mode"] = "Choose in person or remote."
    if problems:
        raise ValidationFailed(problems)
    apologies = status == AttendanceStatus.APOLOGIES
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        row = _row_for(session, meeting, member_id)
        present = status == AttendanceStatus.PRESENT
        _set(
            row,
            deleted=False,
            status=status,
            mode=mode,
            apologies_reason=(apologies_reason.strip() or None) if apologies else None,
            apologies_accepted=apologies_accepted if apologies else None,
            arrived_at_item=row.arrived_at_item if present else None,
            left_at_item=row.left_at_item if present else None,
        )


def decide_apologies(
    db: Database,
    meeting_id: str,
    member_id: str,
    accepted: bool | None,
    *,
    staff_user_id: str | None,
) -> None:
    """Records whether the meeting accepted (approved) a member's apologies."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        row = _row_for(session, meeting, member_id)
        if row.status != AttendanceStatus.APOLOGIES:
            raise ValidationFailed({"apologies_accepted": "This member did not send apologies."})
        _set(row, apologies_accepted=accepted)


def record_arrival_and_departure(
    db: Database,
    meeting_id: str,
    member_id: str,
    *,
    arrived_at_item: int | None,
    left_at_item: int | None,
    staff_user_id: str | None,
) -> None:
    """Late arrival and early departure of a member who is present, by item number."""
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        count = len(live_items(session, meeting.id))
        problems: dict[str, str] = {}
        for name, value in (("arrived_at_item", arrived_at_item), ("left_at_item", left_at_item)):
            if value is not None and not 1 <= value <= count:
                problems[name] = f"Give an item number from 1 to {count}."
        if (
            not problems
            and arrived_at_item is not None
            and left_at_item is not None
            and left_at_item <= arrived_at_item
        ):
            problems["left_at_item"] = "A member must leave at a later item than they arrived."
        if problems:
            raise ValidationFailed(problems)
        row = _row_for(session, meeting, member_id)
        if row.status != AttendanceStatus.PRESENT:
            raise ValidationFailed(
                {"arrived_at_item": "Mark the member present first, then when they came or left."}
            )
        _set(row, arrived_at_item=arrived_at_item, left_at_item=left_at_item)


def add_officer(
    db: Database,
    meeting_id: str,
    name: str,
    post: str = "",
    *,
    mode: str = AttendanceMode.IN_PERSON,
    staff_user_id: str | None,
) -> str:
    """An officer in attendance who is not a member (the clerk, a council officer). The
    schema has no column for the post, so it is kept with the name: "Jane Lloyd (Clerk)"."""
    clean = " ".join(name.split())
    post = " ".join(post.split())
    if not clean:
        raise ValidationFailed({"name": "Give the officer's name."})
    label = f"{clean} ({post})" if post else clean
    if len(label) > 200:
        raise ValidationFailed({"name": "The name and post are too long (at most 200 characters)."})
    if mode not in _MODES:
        raise ValidationFailed({"mode": "Choose in person or remote."})
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        row = Attendance(
            meeting_id=meeting.id,
            member_id=None,
            name=label,
            role=AttendeeRole.OFFICER,
            status=AttendanceStatus.PRESENT,
            mode=mode,
        )
        session.add(row)
        session.flush()
        return row.id


def remove_officer(db: Database, attendance_id: str, *, staff_user_id: str | None) -> None:
    with db.write(staff_user_id) as session:
        row = session.get(Attendance, attendance_id)
        if row is None or row.deleted or row.member_id is not None:
            raise NotFound("That officer is no longer on the register.")
        editable_meeting(session, row.meeting_id)
        row.deleted = True


def set_public_count(
    db: Database, meeting_id: str, count: int, *, staff_user_id: str | None
) -> None:
    if not 0 <= count <= 100_000:
        raise ValidationFailed({"public_count": "Give the number of members of the public."})
    with db.write(staff_user_id) as session:
        meeting = editable_meeting(session, meeting_id)
        if meeting.public_count != count:
            meeting.public_count = count


def register_rows(session: Session, meeting: Meeting) -> list[AttendanceRow]:
    """Every current member of the group (absent unless recorded otherwise), anyone recorded
    who has since left, then officers. Voting members first, each part by surname."""
    memberships = current_memberships(session, meeting.group_id)
    recorded = list(
        session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting.id, Attendance.deleted.is_(False)
            )
        )
    )
    by_member = {a.member_id: a for a in recorded if a.member_id}
    ids = set(memberships) | set(by_member)
    members = session.scalars(select(Member).where(Member.id.in_(ids))).all()
    members = sorted(members, key=lambda m: (m.sort_key, m.id))
    rows: list[AttendanceRow] = []
    for member in members:
        gm = memberships.get(member.id)
        a = by_member.get(member.id)
        rows.append(
            AttendanceRow(
                member_id=member.id,
                name=member.display_name,
                role=gm.role if gm else AttendeeRole.MEMBER,
                voting=bool(gm and gm.is_voting),
                status=a.status if a else AttendanceStatus.ABSENT,
                mode=a.mode if a else AttendanceMode.IN_PERSON,
                apologies_reason=(a.apologies_reason or "") if a else "",
                apologies_accepted=a.apologies_accepted if a else None,
                arrived_at_item=a.arrived_at_item if a else None,
                left_at_item=a.left_at_item if a else None,
                attendance_id=a.id if a else None,
            )
        )
    rows.sort(key=lambda r: not r.voting)  # stable: keeps surname order within each part
    for a in sorted((a for a in recorded if not a.member_id), key=lambda a: a.created_at):
        rows.append(
            AttendanceRow(
                None, a.name or "", a.role, False, a.status, a.mode, "", None, None, None, a.id
            )
        )
    return rows


def attendance_register(db: Database, meeting_id: str) -> list[AttendanceRow]:
    with db.read() as session:
        return register_rows(session, live_meeting(session, meeting_id))
