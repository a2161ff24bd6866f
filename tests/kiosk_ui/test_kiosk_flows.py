"""The four things a visitor can do, end to end through the real services and a real SQLite
file: join, find something to do (and say "I'm interested"), tell us what you think, and
check in (see test_kiosk_checkin.py for its privacy)."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtWidgets import QLabel

from hubapp.services import consent
from hubapp.services.feedback import feedback_summary, moderation_queue
from hubapp.services.member_profile import get_member_profile
from hubapp.services.opportunities import interests_for
from hubapp.services.sign_up_review import sign_ups_to_review
from hubapp.ui.kiosk import KioskWindow
from tests.kiosk_ui.conftest import WAIT
from tests.kiosk_ui.hub import Hub
from tests.kiosk_ui.screens import SCREENS, feedback, find, join, shown, tap, type_into

# ----- Join --------------------------------------------------------------------------------------


def test_a_visitor_joins_with_each_consent_recorded(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["join-groups-and-photos"](qtbot, kiosk)
    flow = join(kiosk)
    member_id = flow.sign_up_id
    assert not flow.choices["contact_phone"].isVisibleTo(flow.in_touch_step)  # no phone given
    tap(qtbot, flow.choices["photographs"])
    tap(qtbot, flow.choices_step.next)
    shown(qtbot, flow, flow.thanks)
    assert flow.thanks.title.text() == "Thank you, Gwen!"
    profile = get_member_profile(kiosk.ctx.db, member_id)
    assert profile.display_name == "Gwen Morgan"
    assert profile.details.email == "gwen@example.net"
    assert profile.details.postcode == "SA20 0AB"
    assert profile.details.preferred_language == "cy"
    assert sorted(profile.details.interests) == ["Growing food", "Local history and heritage"]
    assert profile.membership_number and profile.membership_number in flow.thanks_words.text()
    given = {p: (s.granted, s.wording_version, s.channel) for p, s in profile.consents.items()}
    version = consent.PRIVACY_NOTICE_VERSION
    assert given == {
        "contact_email": (True, version, "kiosk"),
        "newsletter": (False, version, "kiosk"),
        "share_with_groups": (False, version, "kiosk"),
        "photographs": (True, version, "kiosk"),
    }  # each purpose asked about, yes or no; phone contact was never asked


def test_a_look_alike_is_thanked_the_same_and_flagged_for_staff(
    qtbot: Any, kiosk: KioskWindow, hub: Hub
) -> None:
    tap(qtbot, kiosk.start.tiles["join"])
    flow = join(kiosk)
    type_into(qtbot, flow.edit("first_name"), "Sian")
    type_into(qtbot, flow.edit("last_name"), "Llewellyn")
    tap(qtbot, flow.names.next)
    type_into(qtbot, flow.edit("email"), "sian@example.org")
    tap(qtbot, flow.contact.next)
    for page in (flow.interests_step, flow.language_step, flow.notice_step, flow.in_touch_step):
        shown(qtbot, flow, page)
        tap(qtbot, page.next)
    shown(qtbot, flow, flow.choices_step)
    member_id = flow.sign_up_id
    tap(qtbot, flow.choices_step.next)
    shown(qtbot, flow, flow.thanks)
    words = flow.thanks.title.text() + flow.thanks_words.text()
    assert words.startswith("Thank you, Sian!You have joined.")
    assert not re.search(r"already|again|welcome back|Llewellyn|Siân", words, re.IGNORECASE)
    flagged = {r.member_id: r for r in sign_ups_to_review(kiosk.ctx.db)}
    assert member_id in flagged  # a new record, for staff to look at...
    assert hub.sian_id in {m.member_id for m in flagged[member_id].matches}
    assert get_member_profile(kiosk.ctx.db, hub.sian_id).display_name == "Siân Llewellyn"


def test_join_asks_again_for_what_is_missing(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["join-name"](qtbot, kiosk)
    flow = join(kiosk)
    tap(qtbot, flow.names.next)
    assert flow.currentWidget() is flow.names
    assert "first name" in flow.fields["first_name"].error.text()
    type_into(qtbot, flow.edit("first_name"), "Gwen")
    tap(qtbot, flow.names.next)
    tap(qtbot, flow.contact.next)  # neither email nor phone
    assert flow.currentWidget() is flow.contact
    type_into(qtbot, flow.edit("email"), "not an email")
    tap(qtbot, flow.contact.next)
    for page in (flow.interests_step, flow.language_step, flow.notice_step, flow.in_touch_step):
        tap(qtbot, page.next)
    tap(qtbot, flow.choices_step.next)
    # The service finds the bad email: back to that step, the words under the field.
    shown(qtbot, flow, flow.contact)
    assert flow.fields["email"].has_error
    assert flow.edit("first_name").text() == "Gwen"  # nothing typed is lost


# ----- Find something to do ----------------------------------------------------------------------


def test_find_ranks_explains_and_passes_interest_on(
    qtbot: Any, kiosk: KioskWindow, hub: Hub
) -> None:
    SCREENS["find-results"](qtbot, kiosk)
    flow = find(kiosk)
    qtbot.waitUntil(lambda: bool(flow.results.cards), timeout=WAIT)
    titles = [card.title.text() for card in flow.results.cards]
    assert titles[0] == "Community garden helpers"  # Tuesday mornings, growing, step-free
    assert set(titles) == {
        "Community garden helpers",
        "Repair café fixers",
        "Telephone befriending",
    }  # nothing is hidden
    reasons = flow.results.cards[0].reasons.text()
    assert "✓ You like growing food" in reasons
    assert "Tuesday" in reasons
    tap(qtbot, flow.results.cards[0].interested)
    shown(qtbot, flow, flow.contact_step)
    assert "Community garden helpers" in flow.contact_step.hint.text()
    type_into(qtbot, flow.name, "Gwen Morgan")
    type_into(qtbot, flow.contact, "07700 900456")
    tap(qtbot, flow.contact_step.next)
    shown(qtbot, flow, flow.thanks)
    shown_interest = interests_for(kiosk.ctx.db, hub.gardening_id)
    assert [(i.name, i.channel) for i in shown_interest] == [("Gwen Morgan", "kiosk")]
    assert shown_interest[0].member_id is None  # no identity was needed to look


def test_interest_needs_a_name_and_a_way_to_reply(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["find-contact"](qtbot, kiosk)
    flow = find(kiosk)
    tap(qtbot, flow.contact_step.next)
    assert flow.name_field.has_error and flow.contact_field.has_error
    assert flow.currentWidget() is flow.contact_step


# ----- Tell us what you think --------------------------------------------------------------------


def test_feedback_about_the_hub_is_stored_anonymously(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["feedback-subject"](qtbot, kiosk)
    flow = feedback(kiosk)
    tap(qtbot, flow.kind_tiles["hub"])
    shown(qtbot, flow, flow.face_step)
    assert flow.face_step.title.text() == "How was Llandovery Library?"
    tap(qtbot, flow.faces[2])
    tap(qtbot, flow.reasons.chips["Opening hours"])
    tap(qtbot, flow.reason_step.next)
    flow.comment.setPlainText("Open later on Thursdays, please")
    tap(qtbot, flow.comment_step.next)
    shown(qtbot, flow, flow.thanks)
    queue = moderation_queue(kiosk.ctx.db)
    assert [(q.subject_kind, q.rating, q.reason, q.comment) for q in queue] == [
        ("hub", 2, "Opening hours", "Open later on Thursdays, please")]  # fmt: skip
    no_figures = [label.text() for label in kiosk.findChildren(QLabel)
                  if label.isVisible() and re.search(r"\d", label.text())]  # fmt: skip
    assert no_figures == []  # no running results: no counts, no averages


def test_a_rapid_second_tap_on_send_is_ignored(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["feedback-comment"](qtbot, kiosk)
    flow = feedback(kiosk)
    subject = flow.subject_id
    flow.send()
    flow.send()  # a second tap before the first has come back
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.thanks, timeout=WAIT)
    flow.go(flow.comment_step)
    flow.send()  # and again once it has: the service takes it for a repeat press
    qtbot.waitUntil(lambda: flow.currentWidget() is flow.thanks, timeout=WAIT)
    kiosk.ctx.tasks.wait(WAIT)
    summary = feedback_summary(kiosk.ctx.db, "group", subject)
    assert [s.count for s in summary] == [1]


def test_feedback_about_a_group_names_it(qtbot: Any, kiosk: KioskWindow, hub: Hub) -> None:
    SCREENS["feedback-which"](qtbot, kiosk)
    flow = feedback(kiosk)
    qtbot.waitUntil(lambda: bool(flow.which.chips), timeout=WAIT)
    assert [c.text() for c in flow.which.chips.values()] == ["Caffi Trwsio", "Llandovery Growers"]
    tap(qtbot, flow.which.chips[hub.repair_group_id])
    shown(qtbot, flow, flow.face_step)
    assert flow.face_step.title.text() == "How was Caffi Trwsio?"
