"""A whole meeting through the services, as the clerk runs it: agenda, notice, attendance,
quorum hit and lost, a declaration, a motion with an amendment, a recorded vote, a casting
vote, minutes generated, approved and locked."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from icalendar import Calendar

from hubapp.models.vocab import InterestKind
from hubapp.services.meetings import agenda, approval, attendance, interests, motions
from hubapp.services.meetings.agenda import ItemDetails
from hubapp.services.meetings.documents import minutes_html
from hubapp.services.meetings.guards import MinutesLocked
from hubapp.services.meetings.held import mark_held
from hubapp.services.meetings.ical import meeting_ics
from hubapp.services.meetings.minutes import draft_minutes
from hubapp.services.meetings.notice import notice_status, record_notice_issued
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council


def test_a_full_meeting(council: Council) -> None:
    db, staff, m = council.db, council.staff, council.members
    meeting_id = council.meeting(datetime(2026, 4, 7, 19, 0))
    bench = agenda.add_item(
        db, meeting_id, ItemDetails(title="Bench for the green"), number=7, staff_user_id=staff
    )
    toilets = agenda.add_item(
        db, meeting_id, ItemDetails(title="Public toilets"), number=8, staff_user_id=staff
    )
    assert notice_status(get_meeting(db, meeting_id), date(2026, 3, 30)).on_time
    record_notice_issued(db, meeting_id, date(2026, 3, 30), staff_user_id=staff)
    assert Calendar.from_ical(meeting_ics(get_meeting(db, meeting_id))).walk("VEVENT")

    # Two councillors arrive: not quorate. A third makes it; she leaves before item 8.
    for n in (0, 1):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    assert not get_meeting(db, meeting_id).item(1).quorum.quorate
    for n in (2, 3, 4, 5):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    attendance.record_attendance(
        db,
        meeting_id,
        m[6],
        "apologies",
        apologies_reason="Holiday",
        apologies_accepted=True,
        staff_user_id=staff,
    )
    attendance.record_arrival_and_departure(
        db, meeting_id, m[5], arrived_at_item=None, left_at_item=8, staff_user_id=staff
    )
    view = get_meeting(db, meeting_id)
    assert view.item(7).quorum.present == 6 and view.item(8).quorum.present == 5

    interests.declare_interest(
        db, bench, m[4], InterestKind.PECUNIARY, "Made the quote", staff_user_id=staff
    )
    motion = motions.propose_motion(db, bench, "To buy one bench", m[1], m[2], staff_user_id=staff)
    amendment = motions.propose_motion(
        db, bench, "To buy two benches", m[3], m[5], amends_motion_id=motion, staff_user_id=staff
    )
    assert motions.decide_by_show_of_hands(db, amendment, 3, 2, 0, staff_user_id=staff) == "carried"
    for n, choice in [(0, "for"), (1, "for"), (2, "for"), (3, "against"), (5, "for")]:
        motions.cast_vote(db, motion, m[n], choice, staff_user_id=staff)
    assert motions.close_recorded_vote(db, motion, staff_user_id=staff) == "carried"

    tie = motions.propose_motion(
        db, toilets, "To open the toilets all winter", m[1], m[2], staff_user_id=staff
    )
    assert motions.decide_by_show_of_hands(db, tie, 2, 2, 1, staff_user_id=staff) == "pending"
    assert motions.give_casting_vote(db, tie, "for", staff_user_id=staff) == "carried"

    mark_held(db, meeting_id, staff_user_id=staff)
    approval.start_minutes(db, meeting_id, staff_user_id=staff)
    html = minutes_html(draft_minutes(db, meeting_id))
    assert "RESOLVED (as amended) (25/1): To buy two benches" in html
    assert "RESOLVED (25/2): To open the toilets all winter" in html
    assert "the chair gave a casting vote for the motion" in html
    assert "Ffion Lloyd declared a disclosable pecuniary interest: Made the quote." in html
    assert "Rhys Morgan left the meeting." in html
    assert "For: Gareth Evans, Megan Hughes, Rhys Morgan, Siân Davies." in html
    # The amendment is told between the motion being moved and the motion being decided.
    order = [
        "A motion was proposed by Gareth Evans and seconded by Megan Hughes: To buy one bench.",
        "An amendment was proposed by Owen Jones and seconded by Rhys Morgan",
        "The amendment was carried.",
        "A recorded vote was taken (4 for, 1 against, 0 abstentions).",
        "RESOLVED (as amended) (25/1)",
    ]
    at = [html.index(words) for words in order]
    assert at == sorted(at)

    may = council.meeting(datetime(2026, 5, 5, 19, 0))
    approval.approve_minutes(db, meeting_id, may, staff_user_id=staff)
    with pytest.raises(MinutesLocked):
        approval.save_minutes_text(db, meeting_id, "Edited", staff_user_id=staff)
    with pytest.raises(MinutesLocked):
        motions.withdraw_motion(db, tie, staff_user_id=staff)
