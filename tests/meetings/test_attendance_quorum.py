"""The register (present, apologies, absent, remote, officers, the public, comings and
goings) and the quorum computed live at each item."""

from __future__ import annotations

from datetime import datetime

import pytest

from hubapp.models.vocab import AttendanceMode
from hubapp.services.errors import NotFound, ValidationFailed
from hubapp.services.meetings import attendance
from hubapp.services.meetings.quorum import quorum_at, quorum_needed
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council


def mark(council: Council, meeting_id: str, indexes: range | list[int], **kw: object) -> None:
    for n in indexes:
        attendance.record_attendance(
            council.db, meeting_id, council.members[n], "present", staff_user_id=council.staff, **kw
        )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("members", "needed"), [(0, 3), (2, 3), (7, 3), (9, 3), (10, 4), (12, 4), (13, 5)]
)
def test_quorum_is_a_third_rounded_up_and_never_below_three(members: int, needed: int) -> None:
    assert quorum_needed(members, 1 / 3, 3) == needed


def test_register_lists_every_member_voting_first_then_officers(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    mark(council, meeting_id, [0, 1])
    attendance.record_attendance(
        db,
        meeting_id,
        council.members[2],
        "present",
        mode=AttendanceMode.REMOTE,
        staff_user_id=staff,
    )
    attendance.record_attendance(
        db,
        meeting_id,
        council.members[3],
        "apologies",
        apologies_reason="Working away",
        apologies_accepted=True,
        staff_user_id=staff,
    )
    officer = attendance.add_officer(db, meeting_id, "Bethan Rees", "Clerk", staff_user_id=staff)
    attendance.set_public_count(db, meeting_id, 4, staff_user_id=staff)
    view = get_meeting(db, meeting_id)
    rows = view.attendance
    assert [r.name for r in rows[:7]] == [council.names[m] for m in council.members]
    assert (rows[7].name, rows[7].voting) == ("Alun Adviser", False)
    assert (rows[8].name, rows[8].member_id, rows[8].attendance_id) == (
        "Bethan Rees (Clerk)",
        None,
        officer,
    )
    assert [r.status for r in rows[:5]] == ["present", "present", "present", "apologies", "absent"]
    assert rows[2].mode == "remote"
    assert (rows[3].apologies_reason, rows[3].apologies_accepted) == ("Working away", True)
    assert view.public_count == 4
    attendance.decide_apologies(db, meeting_id, council.members[3], False, staff_user_id=staff)
    attendance.record_attendance(db, meeting_id, council.members[3], "present", staff_user_id=staff)
    row = get_meeting(db, meeting_id).attendance[3]
    assert (row.status, row.apologies_reason, row.apologies_accepted) == ("present", "", None)
    attendance.remove_officer(db, officer, staff_user_id=staff)
    assert len(attendance.attendance_register(db, meeting_id)) == 8


def test_quorum_is_reached_lost_and_regained_with_comings_and_goings(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    # Only the adviser and two councillors: the adviser does not count.
    attendance.record_attendance(db, meeting_id, council.adviser, "present", staff_user_id=staff)
    mark(council, meeting_id, [0, 1])
    start = quorum_at(db, meeting_id)
    assert (start.needed, start.present, start.voting_members, start.quorate) == (3, 2, 7, False)
    assert "Not quorate: 2 voting members present and 3 needed" in start.message
    mark(council, meeting_id, [2])
    attendance.record_arrival_and_departure(
        db, meeting_id, council.members[2], arrived_at_item=3, left_at_item=6, staff_user_id=staff
    )
    view = get_meeting(db, meeting_id)
    assert [i.quorum.quorate for i in view.items] == [
        False,
        False,
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert view.item(6).quorum.message.startswith("Not quorate at item 6: 2 voting members")
    assert quorum_at(db, meeting_id, 4).message == (
        "Quorate at item 4: 3 voting members present, 3 needed."
    )


def test_comings_and_goings_are_checked(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    member = council.members[4]
    with pytest.raises(ValidationFailed) as failed:
        attendance.record_arrival_and_departure(
            db, meeting_id, member, arrived_at_item=5, left_at_item=5, staff_user_id=staff
        )
    assert "later item" in failed.value.problems["left_at_item"]
    with pytest.raises(ValidationFailed) as failed:
        attendance.record_arrival_and_departure(
            db, meeting_id, member, arrived_at_item=12, left_at_item=None, staff_user_id=staff
        )
    assert failed.value.problems["arrived_at_item"] == "Give an item number from 1 to 8."
    with pytest.raises(ValidationFailed) as failed:
        attendance.record_arrival_and_departure(
            db, meeting_id, member, arrived_at_item=2, left_at_item=None, staff_user_id=staff
        )
    assert "Mark the member present first" in failed.value.problems["arrived_at_item"]
    with pytest.raises(NotFound):
        attendance.record_attendance(db, meeting_id, "stranger", "present", staff_user_id=staff)
    with pytest.raises(ValidationFailed) as failed:
        attendance.record_attendance(
            db, meeting_id, member, "asleep", mode="carrier pigeon", staff_user_id=staff
        )
    assert set(failed.value.problems) == {"status", "mode"}
