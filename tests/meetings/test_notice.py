"""Notice: clear days around Easter and Christmas, the annual parish meeting's seven days,
plain days for other groups, and the status the scheduler shows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from hubapp.models.vocab import GroupKind, MeetingType
from hubapp.services.errors import ValidationFailed
from hubapp.services.meetings.notice import (
    counts_as_clear_day,
    last_issue_date,
    notice_status,
    record_notice_issued,
)
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council


@pytest.mark.parametrize(
    ("meeting_day", "deadline"),
    [
        # Thu 2 Apr 2026: Wed, Tue, Mon are clear, so issue by Sunday 29 March.
        (date(2026, 4, 2), date(2026, 3, 29)),
        # Tue 7 Apr 2026: Easter Monday, Sunday and Good Friday do not count.
        (date(2026, 4, 7), date(2026, 3, 31)),
        # Mon 13 Apr 2026: Sat 11, Thu 9, Fri 10 count; Sunday 12 does not.
        (date(2026, 4, 13), date(2026, 4, 8)),
        # Tue 29 Dec 2026: Boxing Day (observed on Mon 28), Sun 27, Boxing Day and Christmas
        # Day do not count; Thu 24, Wed 23, Tue 22 do.
        (date(2026, 12, 29), date(2026, 12, 21)),
    ],
)
def test_three_clear_days(meeting_day: date, deadline: date) -> None:
    assert last_issue_date(meeting_day, 3) == deadline
    assert last_issue_date(meeting_day, 3, subdiv="WLS") == deadline


def test_which_days_count() -> None:
    assert not counts_as_clear_day(date(2026, 4, 3))  # Good Friday
    assert not counts_as_clear_day(date(2026, 12, 25))  # Christmas Day
    assert not counts_as_clear_day(date(2026, 4, 5))  # a Sunday
    assert not counts_as_clear_day(date(2026, 5, 25))  # Spring bank holiday
    assert counts_as_clear_day(date(2026, 4, 4))  # Easter Saturday
    assert counts_as_clear_day(date(2027, 3, 1))  # St David's Day is not a bank holiday


def test_plain_days_when_non_working_days_are_not_excluded() -> None:
    assert last_issue_date(date(2026, 4, 7), 3, exclude_non_working=False) == date(2026, 4, 3)


def test_status_before_and_after_the_deadline_and_once_issued(council: Council) -> None:
    meeting_id = council.meeting(datetime(2026, 4, 7, 19, 0))
    view = get_meeting(council.db, meeting_id)
    early = notice_status(view, today=date(2026, 3, 30))
    assert (early.on_time, early.deadline) == (True, date(2026, 3, 31))
    assert "by Tue 31 Mar 2026" in early.message
    assert "today" in notice_status(view, today=date(2026, 3, 31)).message
    late = notice_status(view, today=date(2026, 4, 1))
    assert not late.on_time
    assert "Too late" in late.message and "Tue 31 Mar 2026" in late.message
    record_notice_issued(council.db, meeting_id, date(2026, 4, 1), staff_user_id=council.staff)
    issued = notice_status(get_meeting(council.db, meeting_id))
    assert (issued.issued_on, issued.on_time) == (date(2026, 4, 1), False)
    assert "too late" in issued.message
    with pytest.raises(ValidationFailed):
        record_notice_issued(council.db, meeting_id, date(2026, 4, 8), staff_user_id=council.staff)


def test_annual_parish_meeting_and_other_groups(council: Council) -> None:
    meeting_id = council.meeting(
        datetime(2026, 5, 14, 19, 0), meeting_type=MeetingType.ANNUAL_PARISH
    )
    view = get_meeting(council.db, meeting_id)
    # Seven clear days before Thu 14 May 2026, skipping Sun 10 and the bank holiday Mon 4.
    assert notice_status(view, date(2026, 5, 1)).deadline == date(2026, 5, 5)
    club = replace(view, group_kind=GroupKind.COMMUNITY_GROUP, meeting_type="ordinary")
    assert notice_status(club, date(2026, 5, 1)).deadline == date(2026, 5, 10)
