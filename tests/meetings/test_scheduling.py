"""Scheduling meetings: the form's rules, editing, standard items, and the lists."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hubapp.models.vocab import MeetingType
from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings.agenda import standard_items
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.meetings.scheduling import (
    MeetingDetails,
    edit_meeting,
    list_meetings,
    schedule_meeting,
    set_meeting_status,
)
from tests.meetings.council import Council


def test_a_new_meeting_has_the_standard_items_and_uk_local_times(council: Council) -> None:
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 30), ends_at=datetime(2026, 7, 9, 21, 0))
    view = get_meeting(council.db, meeting_id)
    assert [i.title for i in view.items] == [title for _, title in standard_items()]
    assert [i.number for i in view.items] == list(range(1, 9))
    assert view.items[1].standard_kind == "declarations"
    # 19:30 in July is British Summer Time: 18:30 UTC.
    assert view.starts_at == datetime(2026, 7, 9, 18, 30, tzinfo=UTC)
    assert view.title == "Ordinary meeting of Llanfair Parish Council"
    assert view.chair_name == "Siân Davies"
    assert view.place == "Village hall, Llanfair"


def test_without_standard_items_and_saving_twice_makes_one_meeting(council: Council) -> None:
    details = MeetingDetails(
        group_id=council.group_id,
        meeting_type=MeetingType.EXTRAORDINARY,
        starts_at=datetime(2026, 7, 9, 19, 0),
        online_link="https://meet.example.org/llanfair",
    )
    first = schedule_meeting(
        council.db,
        details,
        staff_user_id=council.staff,
        with_standard_items=False,
        meeting_id="0190aaaa-0000-7000-8000-000000000001",
    )
    again = schedule_meeting(
        council.db,
        details,
        staff_user_id=council.staff,
        meeting_id="0190aaaa-0000-7000-8000-000000000001",
    )
    assert first == again
    view = get_meeting(council.db, first)
    assert view.items == ()
    assert view.place == "Online"
    assert len(list_meetings(council.db, council.group_id, now=datetime(2026, 1, 1))) == 1


def test_every_problem_is_named_by_field(council: Council) -> None:
    details = MeetingDetails(
        group_id=council.group_id,
        meeting_type="picnic",
        starts_at=datetime(2026, 7, 9, 19, 0),
        ends_at=datetime(2026, 7, 9, 18, 0),
        online_link="meet.example.org",
        chair_member_id="not-a-member",
    )
    with pytest.raises(ValidationFailed) as failed:
        schedule_meeting(council.db, details, staff_user_id=council.staff)
    problems = failed.value.problems
    assert set(problems) == {"meeting_type", "ends_at", "online_link", "chair_member_id"}
    assert "end after it starts" in problems["ends_at"]
    nowhere = MeetingDetails(group_id=council.group_id, starts_at=datetime(2026, 7, 9, 19))
    with pytest.raises(ValidationFailed) as failed:
        schedule_meeting(council.db, nowhere, staff_user_id=council.staff)
    assert "Say where the meeting is" in failed.value.problems["venue_id"]


def test_editing_changes_when_and_where_but_not_the_group(council: Council) -> None:
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    details = MeetingDetails(
        group_id="someone-else",
        meeting_type=MeetingType.ANNUAL,
        starts_at=datetime(2026, 7, 16, 19, 0),
        venue_text="School hall",
        online_link="https://meet.example.org/x",
        clerk_name="Bethan Rees",
    )
    edit_meeting(council.db, meeting_id, details, staff_user_id=council.staff)
    view = get_meeting(council.db, meeting_id)
    assert view.group_id == council.group_id
    assert view.meeting_type == "annual"
    assert view.place == "School hall and online"
    assert view.chair_member_id is None


def test_upcoming_and_past_lists_of_a_group_and_the_hub(council: Council) -> None:
    past = council.meeting(datetime(2026, 3, 5, 19, 0))
    soon = council.meeting(datetime(2026, 6, 4, 19, 0))
    later = council.meeting(datetime(2026, 7, 2, 19, 0))
    other = council.meeting(
        datetime(2026, 6, 1, 10, 0), meeting_type=MeetingType.COMMITTEE, title="Planning"
    )
    now = datetime(2026, 5, 20, 12, 0)
    upcoming = list_meetings(council.db, council.group_id, now=now)
    assert [r.id for r in upcoming] == [other, soon, later]
    assert upcoming[0].title == "Planning"
    assert [r.id for r in list_meetings(council.db, upcoming=False, now=now)] == [past]
    set_meeting_status(council.db, later, "cancelled", staff_user_id=council.staff)
    assert list_meetings(council.db, now=now, limit=1)[0].id == other
    assert list_meetings(council.db, now=now)[-1].status == "cancelled"
    with pytest.raises(ValidationFailed):
        set_meeting_status(council.db, later, "held", staff_user_id=council.staff)
