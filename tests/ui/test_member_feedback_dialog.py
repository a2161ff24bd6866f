"""Recording a member's feedback at the desk from their page: about a council meeting, by
keyboard alone, so the clerk can tell them when the meeting's summary goes out; a missing
rating is refused with everything typed kept."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hubapp.models.vocab import GroupKind
from hubapp.services import groups as group_service
from hubapp.services import members as member_service
from hubapp.services.feedback import moderation_queue
from hubapp.services.meetings.scheduling import MeetingDetails, schedule_meeting
from hubapp.services.meetings.summary_recipients import summary_recipients
from hubapp.services.members import MemberDetails
from hubapp.ui import theme
from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.members import MembersPage
from hubapp.ui.members.feedback_dialog import (
    MemberFeedbackCard,
    RecordFeedbackDialog,
)
from tests.ui.test_accessibility import audit

WAIT = 10_000
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass
class Hub:
    sian: str
    council: str
    meeting: str


@pytest.fixture
def hub(ctx: AppContext) -> Hub:
    staff = ctx.staff_id
    sian = member_service.sign_up_member(
        ctx.db,
        MemberDetails(first_name="Siân", last_name="Llewellyn", email="sian@example.org",
                      consents={"contact_email": True}),
        staff_user_id=staff, confirmed_different=True,
    ).id  # fmt: skip
    council = group_service.register_group(
        ctx.db,
        group_service.GroupDetails(name="Llanfair Community Council",
                                   kind=GroupKind.COMMUNITY_COUNCIL),
        staff_user_id=staff,
    ).id  # fmt: skip
    held = (datetime.now() - timedelta(days=6)).replace(hour=19, minute=30, second=0, microsecond=0)
    meeting = schedule_meeting(
        ctx.db,
        MeetingDetails(group_id=council, starts_at=held, ends_at=held + timedelta(hours=2),
                       venue_text="Neuadd y pentref"),
        staff_user_id=staff,
    )  # fmt: skip
    return Hub(sian, council, meeting)


def member_page(qtbot: Any, ctx: AppContext, hub: Hub) -> tuple[MembersPage, MemberFeedbackCard]:
    page = MembersPage(ctx)
    card = page.feedback
    qtbot.addWidget(page)
    page.resize(1180, 800)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    ctx.events.open_member.emit(hub.sian)
    assert card.member_id == hub.sian and card.isVisibleTo(page)
    return page, card


def open_dialog(qtbot: Any, card: MemberFeedbackCard) -> RecordFeedbackDialog:
    card.button.setFocus()
    qtbot.keyClick(card.button, Qt.Key.Key_Space)
    dialog = card.dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.subject.isEnabled() and dialog.meetings_loaded, timeout=WAIT)
    assert dialog.subject.hasFocus()
    return dialog


@pytest.fixture
def screenshot() -> Iterator[bool]:
    """HUBAPP_SCREENSHOTS=1 refreshes the docs' picture, in the light theme (applied before
    the screens are built, as at start-up)."""
    wanted = bool(os.environ.get("HUBAPP_SCREENSHOTS"))
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if wanted:
        theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    yield wanted
    if wanted:
        app.setStyleSheet("")


def key(
    qtbot: Any, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, k, modifier)


def test_record_a_members_feedback_about_a_council_meeting_by_keyboard(
    qtbot: Any, ctx: AppContext, hub: Hub
) -> None:
    page, card = member_page(qtbot, ctx, hub)
    notes: list[str] = []
    ctx.events.notify.connect(lambda text, _undo: notes.append(text))
    dialog = open_dialog(qtbot, card)
    assert dialog.subject.currentText() == "Llandovery Library (the hub)"
    key(qtbot, Qt.Key.Key_Down)  # the council, the next subject
    assert dialog.subject.currentText() == "Llanfair Community Council · group or council"
    qtbot.waitUntil(lambda: dialog.meetings_loaded, timeout=WAIT)
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.meeting.hasFocus()
    key(qtbot, Qt.Key.Key_Down)  # its latest meeting
    assert dialog.meeting.currentData() == hub.meeting
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.ratings.button(1).hasFocus()
    key(qtbot, Qt.Key.Key_Space)  # Very unhappy…
    for _ in range(3):
        key(qtbot, Qt.Key.Key_Right)  # …to Happy
    assert dialog.ratings.checkedId() == 4
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.reason.hasFocus()
    qtbot.keyClicks(dialog.reason, "Information")
    key(qtbot, Qt.Key.Key_Tab)
    assert dialog.comment.hasFocus()
    qtbot.keyClicks(dialog.comment, "Clear minutes, thank you.")
    key(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(dialog.comment, "Please tell me about the footpath.")
    with qtbot.waitSignal(dialog.recorded, timeout=WAIT):
        key(qtbot, Qt.Key.Key_Return)  # Enter saves

    found = summary_recipients(ctx.db, hub.meeting)
    assert [(p.member_id, p.email) for p in found.people] == [(hub.sian, "sian@example.org")]
    assert found.anonymous_count == 0
    [item] = moderation_queue(ctx.db)  # the comment waits for moderation, as at the kiosk
    assert (item.subject_id, item.rating, item.reason, item.channel) == (
        hub.council,
        4,
        "Information",
        "desk",
    )
    assert item.comment == "Clear minutes, thank you.\nPlease tell me about the footpath."
    assert notes[-1] == "Feedback recorded for Siân Llewellyn"
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
    # Focus goes back where the desk left off (the window's focus, once it is active again).
    assert page.focusWidget() is card.button
    page.close()


def test_a_missing_rating_is_refused_and_nothing_typed_is_lost(
    qtbot: Any, ctx: AppContext, hub: Hub
) -> None:
    _page, card = member_page(qtbot, ctx, hub)
    dialog = open_dialog(qtbot, card)
    dialog.reason.setCurrentIndex(dialog.reason.findData("Waiting time"))
    dialog.comment.setFocus()
    qtbot.keyClicks(dialog.comment, "The queue was long.")
    key(qtbot, Qt.Key.Key_Return)
    rating = dialog.fields["rating"]
    assert rating.has_error
    assert rating.error.text() == "⚠ Choose how they feel, from Very unhappy to Very happy."
    assert dialog.ratings.button(1).hasFocus()  # focus on the problem
    assert dialog.isVisible()
    assert dialog.comment.toPlainText() == "The queue was long."
    assert dialog.reason.currentData() == "Waiting time"
    assert moderation_queue(ctx.db) == [] and not ctx.tasks.busy
    # Choosing a rating clears the message; Esc then cancels without saving.
    key(qtbot, Qt.Key.Key_Space)
    assert not rating.has_error
    key(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert moderation_queue(ctx.db) == []


def test_the_member_page_and_the_dialog_pass_the_audit(
    qtbot: Any, ctx: AppContext, hub: Hub, screenshot: bool
) -> None:
    window = build_main_window(ctx)
    qtbot.addWidget(window)
    page = window.page_by_key["members"]
    assert isinstance(page, MembersPage)
    card = page.feedback
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("members")
    page.show_member(hub.sian)
    qtbot.waitUntil(lambda: page.ways.has_loaded, timeout=WAIT)
    assert card.button.isVisible()
    assert audit(window) == []  # no Alt letter clash with the rest of the window
    dialog = open_dialog(qtbot, card)
    assert dialog.windowTitle() == "Record feedback from Siân Llewellyn"
    dialog.subject.setCurrentIndex(1)
    qtbot.waitUntil(lambda: dialog.meeting.isEnabled(), timeout=WAIT)
    assert audit(dialog) == []
    dialog.meeting.setCurrentIndex(1)
    dialog.ratings.button(5).setChecked(True)
    dialog.reason.setCurrentIndex(dialog.reason.findData("Information"))
    dialog.comment.setPlainText("Clear minutes, thank you. Please tell me about the footpath.")
    dialog.save_button.setFocus()
    if screenshot:
        dialog.grab().save(str(SCREENSHOT / "member-feedback-dialog.png"))
    dialog.reject()


def test_a_deleted_member_has_no_feedback_button(qtbot: Any, ctx: AppContext, hub: Hub) -> None:
    page, card = member_page(qtbot, ctx, hub)
    member_service.set_deleted(ctx.db, hub.sian, True, staff_user_id=ctx.staff_id)
    ctx.events.members_changed.emit()
    assert page.profile.profile is not None and page.profile.profile.deleted
    assert not card.isVisibleTo(page)
