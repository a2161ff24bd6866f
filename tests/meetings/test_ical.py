"""The .ics export parses back with icalendar, in Europe/London time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from hubapp.services.meetings.ical import meeting_ics
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council

LONDON = ZoneInfo("Europe/London")


def test_ics_parses_back_with_uid_times_summary_and_place(council: Council) -> None:
    meeting_id = council.meeting(
        datetime(2026, 10, 29, 19, 30),
        ends_at=datetime(2026, 10, 29, 21, 0),
        online_link="https://meet.example.org/llanfair",
    )
    data = meeting_ics(get_meeting(council.db, meeting_id))
    calendar = Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == f"{meeting_id}@hubapp"
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == datetime(2026, 10, 29, 19, 30, tzinfo=LONDON)
    assert end == datetime(2026, 10, 29, 21, 0, tzinfo=LONDON)
    assert str(start.tzinfo) == "Europe/London"
    assert str(event["summary"]) == "Ordinary meeting of Llanfair Parish Council"
    assert str(event["location"]) == "Village hall, Llanfair"
    assert str(event["url"]) == "https://meet.example.org/llanfair"
    assert "1. Apologies for absence" in str(event["description"])
    assert calendar.walk("VTIMEZONE")


def test_online_only_meeting_without_an_end_time(council: Council) -> None:
    meeting_id = council.meeting(
        datetime(2026, 1, 8, 19, 0), venue_text="", online_link="https://meet.example.org/x"
    )
    (event,) = Calendar.from_ical(meeting_ics(get_meeting(council.db, meeting_id))).walk("VEVENT")
    assert str(event["location"]) == "Online"
    assert (event.decoded("dtend") - event.decoded("dtstart")).total_seconds() == 7200
