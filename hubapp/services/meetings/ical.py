"""The meeting as an iCalendar (.ics) event for members' calendars, in UK local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from hubapp.services.meetings.views import MeetingView, local_time

# When no end time was given, calendars still need one: two hours is a usual meeting.
DEFAULT_LENGTH = timedelta(hours=2)


def meeting_ics(meeting: MeetingView, *, now: datetime | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//hubapp//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    # The meeting's id is the same on every hub, so re-importing updates the one event.
    event.add("uid", f"{meeting.id}@hubapp")
    event.add("dtstamp", now or datetime.now(UTC))
    start = local_time(meeting.starts_at)
    end = local_time(meeting.ends_at) if meeting.ends_at else start + DEFAULT_LENGTH
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", meeting.title)
    where = meeting.venue_name or meeting.venue_text
    if meeting.venue_address:
        where = f"{where}, {' '.join(meeting.venue_address.split())}"
    if where:
        event.add("location", where)
    elif meeting.online_link:
        event.add("location", "Online")
    if meeting.online_link:
        event.add("url", meeting.online_link)
    lines = [f"{i.number}. {i.title}" for i in meeting.items]
    if meeting.online_link:
        lines.insert(0, f"Join online: {meeting.online_link}\n")
    if lines:
        event.add("description", "\n".join(lines))
    if meeting.status == "cancelled":
        event.add("status", "CANCELLED")
    calendar.add_component(event)
    if hasattr(calendar, "add_missing_timezones"):
        calendar.add_missing_timezones()  # a VTIMEZONE for Europe/London, for older clients
    return bytes(calendar.to_ical())
