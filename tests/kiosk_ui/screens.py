"""Every kiosk screen, and how a visitor gets there: each entry drives a KioskWindow (by
touches and typing, through the real services) to one screen. The accessibility audit, the
keyboard checks and the screenshots all walk this list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QWidget

from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.kiosk.checkin import CheckInFlow
from hubapp.ui.kiosk.feedback import FeedbackFlow
from hubapp.ui.kiosk.find import FindFlow
from hubapp.ui.kiosk.join import JoinFlow
from hubapp.ui.kiosk.look import Look

WAIT = 10_000


def tap(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_into(qtbot: Any, field: QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClicks(field, text)


def shown(qtbot: Any, flow: QWidget, page: QWidget) -> None:
    qtbot.waitUntil(lambda: flow.currentWidget() is page, timeout=WAIT)


def join(window: KioskWindow) -> JoinFlow:
    flow = window.flows["join"]
    assert isinstance(flow, JoinFlow)
    return flow


def find(window: KioskWindow) -> FindFlow:
    flow = window.flows["find"]
    assert isinstance(flow, FindFlow)
    return flow


def feedback(window: KioskWindow) -> FeedbackFlow:
    flow = window.flows["feedback"]
    assert isinstance(flow, FeedbackFlow)
    return flow


def checkin(window: KioskWindow) -> CheckInFlow:
    flow = window.flows["checkin"]
    assert isinstance(flow, CheckInFlow)
    return flow


# ----- Join ------------------------------------------------------------------------------------


def join_name(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.start.tiles["join"])
    assert w.current_screen() == "join"


def join_contact(qtbot: Any, w: KioskWindow) -> None:
    join_name(qtbot, w)
    f = join(w)
    type_into(qtbot, f.edit("first_name"), "Gwen")
    type_into(qtbot, f.edit("last_name"), "Morgan")
    tap(qtbot, f.names.next)
    shown(qtbot, f, f.contact)


def join_interests(qtbot: Any, w: KioskWindow) -> None:
    join_contact(qtbot, w)
    f = join(w)
    type_into(qtbot, f.edit("email"), "gwen@example.net")
    type_into(qtbot, f.edit("postcode"), "SA20 0AB")
    tap(qtbot, f.contact.next)
    shown(qtbot, f, f.interests_step)


def join_language(qtbot: Any, w: KioskWindow) -> None:
    join_interests(qtbot, w)
    f = join(w)
    tap(qtbot, f.interests.chips["growing"])
    tap(qtbot, f.interests.chips["heritage"])
    tap(qtbot, f.interests_step.next)
    shown(qtbot, f, f.language_step)


def join_privacy(qtbot: Any, w: KioskWindow) -> None:
    join_language(qtbot, w)
    f = join(w)
    tap(qtbot, f.language.chips["cy"])
    tap(qtbot, f.language_step.next)
    shown(qtbot, f, f.notice_step)


def join_keep_in_touch(qtbot: Any, w: KioskWindow) -> None:
    join_privacy(qtbot, w)
    f = join(w)
    tap(qtbot, f.notice_step.next)
    shown(qtbot, f, f.in_touch_step)


def join_groups_and_photos(qtbot: Any, w: KioskWindow) -> None:
    join_keep_in_touch(qtbot, w)
    f = join(w)
    tap(qtbot, f.choices["contact_email"])
    tap(qtbot, f.in_touch_step.next)
    shown(qtbot, f, f.choices_step)


def join_thanks(qtbot: Any, w: KioskWindow) -> None:
    join_groups_and_photos(qtbot, w)
    f = join(w)
    tap(qtbot, f.choices["share_with_groups"])
    tap(qtbot, f.choices_step.next)
    shown(qtbot, f, f.thanks)


# ----- Find something to do --------------------------------------------------------------------


def find_interests(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.start.tiles["find"])
    assert w.current_screen() == "find"


def find_when(qtbot: Any, w: KioskWindow) -> None:
    find_interests(qtbot, w)
    f = find(w)
    tap(qtbot, f.likes.chips["growing"])
    tap(qtbot, f.likes_step.next)
    shown(qtbot, f, f.when_step)


def find_travel(qtbot: Any, w: KioskWindow) -> None:
    find_when(qtbot, w)
    f = find(w)
    tap(qtbot, f.days.chips["tue"])
    tap(qtbot, f.parts.chips["morning"])
    tap(qtbot, f.when_step.next)
    shown(qtbot, f, f.travel_step)


def find_needs(qtbot: Any, w: KioskWindow) -> None:
    find_travel(qtbot, w)
    f = find(w)
    tap(qtbot, f.miles.chips["5"])
    type_into(qtbot, f.postcode, "SA20")
    tap(qtbot, f.travel_step.next)
    shown(qtbot, f, f.needs_step)


def find_results(qtbot: Any, w: KioskWindow) -> None:
    find_needs(qtbot, w)
    f = find(w)
    tap(qtbot, f.needs.chips["step_free"])
    tap(qtbot, f.needs_step.next)
    shown(qtbot, f, f.results_step)


def find_contact(qtbot: Any, w: KioskWindow) -> None:
    find_results(qtbot, w)
    f = find(w)
    qtbot.waitUntil(lambda: bool(f.results.cards), timeout=WAIT)
    tap(qtbot, f.results.cards[0].interested)
    shown(qtbot, f, f.contact_step)


def find_thanks(qtbot: Any, w: KioskWindow) -> None:
    find_contact(qtbot, w)
    f = find(w)
    type_into(qtbot, f.name, "Gwen Morgan")
    type_into(qtbot, f.contact, "gwen@example.net")
    tap(qtbot, f.contact_step.next)
    shown(qtbot, f, f.thanks)


# ----- Tell us what you think ------------------------------------------------------------------


def feedback_subject(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.start.tiles["feedback"])
    f = feedback(w)
    qtbot.waitUntil(lambda: bool(f.subjects), timeout=WAIT)


def feedback_which(qtbot: Any, w: KioskWindow) -> None:
    feedback_subject(qtbot, w)
    f = feedback(w)
    tap(qtbot, f.kind_tiles["group"])
    shown(qtbot, f, f.which_step)


def feedback_rating(qtbot: Any, w: KioskWindow) -> None:
    feedback_which(qtbot, w)
    f = feedback(w)
    qtbot.waitUntil(lambda: bool(f.which.chips), timeout=WAIT)
    tap(qtbot, next(iter(f.which.chips.values())))
    shown(qtbot, f, f.face_step)


def feedback_reason(qtbot: Any, w: KioskWindow) -> None:
    feedback_rating(qtbot, w)
    f = feedback(w)
    tap(qtbot, f.faces[4])
    shown(qtbot, f, f.reason_step)


def feedback_comment(qtbot: Any, w: KioskWindow) -> None:
    feedback_reason(qtbot, w)
    f = feedback(w)
    tap(qtbot, f.reasons.chips["Friendly welcome"])
    tap(qtbot, f.reason_step.next)
    shown(qtbot, f, f.comment_step)


def feedback_thanks(qtbot: Any, w: KioskWindow) -> None:
    feedback_comment(qtbot, w)
    f = feedback(w)
    f.comment.setFocus()
    qtbot.keyClicks(f.comment, "Lovely tea and the tools were sharp.")
    tap(qtbot, f.comment_step.next)
    shown(qtbot, f, f.thanks)


# ----- Check in --------------------------------------------------------------------------------


def checkin_contact(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.start.tiles["checkin"])
    assert w.current_screen() == "checkin"


def checkin_proof(qtbot: Any, w: KioskWindow) -> None:
    checkin_contact(qtbot, w)
    f = checkin(w)
    type_into(qtbot, f.contact, "sian@example.org")
    tap(qtbot, f.contact_step.next)
    shown(qtbot, f, f.proof_step)


def checkin_today(qtbot: Any, w: KioskWindow) -> None:
    checkin_proof(qtbot, w)
    f = checkin(w)
    type_into(qtbot, f.day, "14")
    type_into(qtbot, f.month, "3")
    type_into(qtbot, f.year, "1962")
    tap(qtbot, f.proof_step.next)
    shown(qtbot, f, f.today_step)


# ----- the whole screen ------------------------------------------------------------------------


def start(qtbot: Any, w: KioskWindow) -> None:
    assert w.current_screen() == "start"


def start_cymraeg(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.top.language)


def start_high_contrast(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.footer.contrast)
    assert w.kiosk.look == Look(high_contrast=True)


def start_larger_text(qtbot: Any, w: KioskWindow) -> None:
    tap(qtbot, w.footer.larger)
    assert w.kiosk.look == Look(larger_text=True)


def idle_warning(qtbot: Any, w: KioskWindow) -> None:
    join_contact(qtbot, w)
    w.idle.idle.emit()  # as if two minutes had passed
    assert w.warning.isVisible()


def staff_pin(qtbot: Any, w: KioskWindow) -> None:
    w.prompt_staff()
    assert w.exit_prompt.isVisible()


SCREENS: dict[str, Callable[[Any, KioskWindow], None]] = {
    "start": start,
    "start-cymraeg": start_cymraeg,
    "start-high-contrast": start_high_contrast,
    "start-larger-text": start_larger_text,
    "join-name": join_name,
    "join-contact": join_contact,
    "join-interests": join_interests,
    "join-language": join_language,
    "join-privacy": join_privacy,
    "join-keep-in-touch": join_keep_in_touch,
    "join-groups-and-photos": join_groups_and_photos,
    "join-thanks": join_thanks,
    "find-interests": find_interests,
    "find-when": find_when,
    "find-travel": find_travel,
    "find-needs": find_needs,
    "find-results": find_results,
    "find-contact": find_contact,
    "find-thanks": find_thanks,
    "feedback-subject": feedback_subject,
    "feedback-which": feedback_which,
    "feedback-rating": feedback_rating,
    "feedback-reason": feedback_reason,
    "feedback-comment": feedback_comment,
    "feedback-thanks": feedback_thanks,
    "checkin-contact": checkin_contact,
    "checkin-proof": checkin_proof,
    "checkin-today": checkin_today,
    "idle-warning": idle_warning,
    "staff-pin": staff_pin,
}
