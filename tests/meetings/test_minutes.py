"""Minutes: generated from the record, edited, approved and locked, corrected in the open;
the HTML documents escape what was typed; the public summary leaves out confidential items."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from hubapp.models.vocab import InterestKind
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.meetings import actions, agenda, approval, attendance, interests, motions
from hubapp.services.meetings.actions import ActionDetails
from hubapp.services.meetings.agenda import ItemDetails
from hubapp.services.meetings.documents import agenda_html, minutes_html
from hubapp.services.meetings.guards import MinutesLocked
from hubapp.services.meetings.minutes import draft_minutes, minutes_text, public_summary_text
from hubapp.services.meetings.reading import get_meeting
from tests.meetings.council import Council


def recorded_meeting(council: Council) -> str:
    db, staff, m = council.db, council.staff, council.members
    meeting_id = council.meeting(datetime(2026, 7, 9, 19, 0))
    secret = agenda.add_item(
        db,
        meeting_id,
        ItemDetails(title="Staffing <review>", confidential=True),
        staff_user_id=staff,
    )
    for n in range(5):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    attendance.record_attendance(
        db,
        meeting_id,
        m[5],
        "apologies",
        apologies_reason="Unwell",
        apologies_accepted=True,
        staff_user_id=staff,
    )
    attendance.add_officer(db, meeting_id, "Bethan Rees", "Clerk", staff_user_id=staff)
    attendance.set_public_count(db, meeting_id, 3, staff_user_id=staff)
    finance = get_meeting(db, meeting_id).item(7).id
    interests.declare_interest(
        db, finance, m[4], InterestKind.PECUNIARY, "Tenders for the work", staff_user_id=staff
    )
    agenda.set_item_notes(
        db, finance, "The clerk reported the <balance> & reserves.", staff_user_id=staff
    )
    motion = motions.propose_motion(
        db, finance, "To pay invoices totalling £1,240", m[1], m[2], staff_user_id=staff
    )
    motions.decide_by_show_of_hands(db, motion, 3, 1, 0, staff_user_id=staff)
    actions.add_action(
        db,
        meeting_id,
        ActionDetails(
            "Pay the invoices",
            owner_name="The clerk",
            due_on=date(2026, 7, 31),
            agenda_item_id=finance,
        ),
        staff_user_id=staff,
    )
    hidden = motions.propose_motion(
        db, secret, "To regrade the clerk's post", m[1], m[2], staff_user_id=staff
    )
    motions.decide_by_show_of_hands(db, hidden, 4, 0, 0, staff_user_id=staff)
    actions.add_action(
        db,
        meeting_id,
        ActionDetails("Write to the clerk", agenda_item_id=secret),
        staff_user_id=staff,
    )
    return meeting_id


def test_draft_minutes_say_what_was_recorded(council: Council) -> None:
    meeting_id = recorded_meeting(council)
    draft = draft_minutes(council.db, meeting_id)
    assert draft.present == (
        "Siân Davies (chair)",
        "Gareth Evans",
        "Megan Hughes",
        "Owen Jones",
        "Ffion Lloyd",
    )
    assert draft.apologies == ("Rhys Morgan: Unwell (accepted)",)
    assert draft.absent == ("Eleri Price",)
    assert draft.officers == ("Bethan Rees (Clerk)",)
    finance = draft.items[6]
    assert finance.declarations == (
        "Ffion Lloyd declared a disclosable pecuniary interest: Tenders for the work.",
    )
    assert finance.motions == (
        "A motion was proposed by Gareth Evans and seconded by Megan Hughes: To pay invoices "
        "totalling £1,240.",
        "On a show of hands: 3 for, 1 against, 0 abstentions.",
        "RESOLVED (26/1): To pay invoices totalling £1,240",
    )
    assert finance.actions == ("Action (The clerk): Pay the invoices, by Fri 31 Jul 2026.",)
    text = minutes_text(draft)
    assert "7. Finance" in text and "Members of the public: 3." in text
    assert "9. Staffing <review> (confidential)" in text


def test_html_escapes_everything_and_shows_the_group(council: Council) -> None:
    meeting_id = recorded_meeting(council)
    html = minutes_html(draft_minutes(council.db, meeting_id))
    assert "<h1>Llanfair Parish Council</h1>" in html
    assert "Staffing &lt;review&gt;" in html and "<review>" not in html
    assert "&lt;balance&gt; &amp; reserves" in html
    assert "RESOLVED (26/1)" in html and "Draft minutes" in html
    # Which meeting it is is said once, in the heading; only the resolution is in bold.
    assert html.count("Minutes of the Ordinary meeting") == 1
    assert '<p class="resolved">RESOLVED (26/1): To pay invoices totalling £1,240</p>' in html
    assert "<p>On a show of hands: 3 for, 1 against, 0 abstentions.</p>" in html
    summons = agenda_html(get_meeting(council.db, meeting_id), issued_on=date(2026, 7, 2))
    assert "Members of the council are summoned" in summons
    assert "<h3>9. Staffing &lt;review&gt;</h3>" in summons
    assert "Issued on Thu 2 Jul 2026" in summons


def test_approval_locks_and_corrections_are_shown_not_edited_in(council: Council) -> None:
    db, staff = council.db, council.staff
    meeting_id = recorded_meeting(council)
    text = approval.start_minutes(db, meeting_id, staff_user_id=staff)
    approval.save_minutes_text(
        db, meeting_id, text + "\nThe chair closed the meeting.\n", staff_user_id=staff
    )
    with pytest.raises(ServiceError, match="not approved yet"):
        approval.add_minute_correction(db, meeting_id, "Too early", staff_user_id=staff)
    august = council.meeting(datetime(2026, 8, 6, 19, 0))
    with pytest.raises(ValidationFailed):
        approval.approve_minutes(db, august, meeting_id, staff_user_id=staff)  # earlier meeting
    approval.approve_minutes(db, meeting_id, august, staff_user_id=staff)
    view = get_meeting(db, meeting_id)
    assert view.locked and view.minutes_approved_by_meeting_id == august
    assert view.minutes_text.endswith("The chair closed the meeting.\n")
    with pytest.raises(MinutesLocked, match="approved at the meeting on Thu 6 Aug 2026, 19:00"):
        approval.save_minutes_text(db, meeting_id, "Rewritten", staff_user_id=staff)
    finance = view.item(7).id
    for attempt in (
        lambda: agenda.set_item_notes(db, finance, "Changed", staff_user_id=staff),
        lambda: attendance.record_attendance(
            db, meeting_id, council.members[6], "present", staff_user_id=staff
        ),
        lambda: agenda.add_item(db, meeting_id, ItemDetails(title="Late"), staff_user_id=staff),
        lambda: approval.check_editable(db, meeting_id),
    ):
        with pytest.raises(MinutesLocked):
            attempt()
    approval.add_minute_correction(
        db,
        meeting_id,
        "Item 7: the total was £1,420.",
        made_at_meeting_id=august,
        staff_user_id=staff,
    )
    html = minutes_html(draft_minutes(db, meeting_id))
    assert "Approved as a correct record at the meeting on Thu 6 Aug 2026, 19:00." in html
    assert "Corrections recorded after approval" in html
    assert "Item 7: the total was £1,420." in html
    assert "To pay invoices totalling £1,240" in html  # the approved text is unchanged
    # Doing the work is not editing the minutes.
    action = view.actions[0].id
    actions.set_action_done(db, action, True, on=date(2026, 7, 20), staff_user_id=staff)


def test_public_summary_leaves_out_confidential_items(council: Council) -> None:
    db = council.db
    meeting_id = recorded_meeting(council)
    council.meeting(datetime(2026, 9, 3, 19, 0))
    summary = public_summary_text(draft_minutes(db, meeting_id))
    assert "What was decided\n- To pay invoices totalling £1,240" in summary
    assert "What happens next\n- Pay the invoices (by Fri 31 Jul 2026)" in summary
    assert "The next meeting is on Thu 3 Sep 2026, 19:00." in summary
    assert "clerk's post" not in summary and "Write to the clerk" not in summary
    approval.save_public_summary(db, meeting_id, summary, staff_user_id=council.staff)
    assert get_meeting(db, meeting_id).public_summary == summary.strip()
