"""Marking a meeting held feeds each member's activity once; the six-month warnings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from hubapp.models import Activity, GroupMembership
from hubapp.services.meetings import attendance
from hubapp.services.meetings.held import add_months, lapse_warnings, mark_held
from tests.meetings.council import Council


def activities(council: Council) -> list[tuple[str, date, bool]]:
    with council.db.read() as session:
        rows = session.scalars(select(Activity).where(Activity.kind == "meeting_attended"))
        return sorted((a.member_id, a.occurred_on, a.deleted) for a in rows)


def test_attendance_feeds_activity_once_per_meeting_and_member(council: Council) -> None:
    db, staff, m = council.db, council.staff, council.members
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    for n in (0, 1):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    attendance.record_attendance(db, meeting_id, m[2], "apologies", staff_user_id=staff)
    assert mark_held(db, meeting_id, staff_user_id=staff) == 2
    assert mark_held(db, meeting_id, staff_user_id=staff) == 2
    day = date(2026, 7, 9)
    assert activities(council) == sorted([(m[0], day, False), (m[1], day, False)])
    # A correction to the register before the minutes are approved is followed.
    attendance.record_attendance(db, meeting_id, m[1], "absent", staff_user_id=staff)
    mark_held(db, meeting_id, staff_user_id=staff)
    assert activities(council) == sorted([(m[0], day, False), (m[1], day, True)])


def test_lapse_warnings_from_five_months(council: Council) -> None:
    db, staff, m = council.db, council.staff, council.members
    january = council.meeting(datetime(2026, 1, 8, 19, 0))
    march = council.meeting(datetime(2026, 3, 5, 19, 0))
    for n in range(7):
        attendance.record_attendance(db, january, m[n], "present", staff_user_id=staff)
    for n in range(5):
        attendance.record_attendance(db, march, m[n], "present", staff_user_id=staff)
    attendance.record_attendance(
        db, march, m[5], "apologies", apologies_accepted=True, staff_user_id=staff
    )
    attendance.record_attendance(
        db, march, m[6], "apologies", apologies_accepted=False, staff_user_id=staff
    )
    # Joining counts as a start: the council's members joined "today" in the fixture.
    assert lapse_warnings(db, council.group_id, date(2026, 6, 1)) == []
    with db.write(staff) as session:
        for link in session.scalars(select(GroupMembership)):
            link.joined_on = date(2025, 5, 1)
    warned = lapse_warnings(db, council.group_id, date(2026, 6, 10))
    assert [(w.name, w.lapses_on, w.lapsed) for w in warned] == [
        ("Eleri Price", date(2026, 7, 8), False)
    ]
    assert warned[0].message == (
        "Eleri Price last attended on Thu 8 Jan 2026: membership lapses on Wed 8 Jul 2026 "
        "unless they attend or the council approves their apologies."
    )
    later = lapse_warnings(db, council.group_id, date(2026, 8, 10))
    assert [(w.name, w.counted_because, w.lapsed) for w in later] == [
        ("Eleri Price", "attended", True),
        ("Ffion Lloyd", "attended", False),
        ("Gareth Evans", "attended", False),
        ("Megan Hughes", "attended", False),
        ("Owen Jones", "attended", False),
        ("Rhys Morgan", "approved apologies", False),
        ("Siân Davies", "attended", False),
    ]
    assert "Alun Adviser" not in {w.name for w in later}


def test_add_months_keeps_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 15), 5) == date(2026, 6, 15)
