"""The meeting screens' manners: an empty state that offers the first meeting, Ctrl+N and Esc,
problems shown next to what caused them with nothing typed lost, a locked meeting read-only
everywhere, and every control on every tab named for a screen reader."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hubapp.models.database import Database
from hubapp.services.meetings import approval, attendance, motions
from hubapp.services.meetings.reading import get_meeting
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.meetings import MeetingsPage
from tests.meetings.council import Council, make_council
from tests.meetings.test_summary_recipients import EMAIL, PHONE, give_feedback, resident
from tests.ui.test_accessibility import audit


@pytest.fixture
def council(db: Database, admin: SignedInStaff) -> Council:
    return make_council(db, admin)


def open_page(qtbot: Any, ctx: AppContext) -> MeetingsPage:
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1190, 740)
    page.show()
    page.activateWindow()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.list.has_loaded)
    return page


def settle(qtbot: Any, ctx: AppContext) -> None:
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=10_000)


def open_meeting(qtbot: Any, page: MeetingsPage, ctx: AppContext, meeting_id: str) -> None:
    page.list.reload(select=meeting_id)
    qtbot.waitUntil(lambda: page.state.view is not None and page.state.view.id == meeting_id)
    settle(qtbot, ctx)


def test_no_meetings_yet_then_ctrl_n_and_esc(qtbot: Any, ctx: AppContext, council: Council) -> None:
    page = open_page(qtbot, ctx)
    assert page.right.currentWidget() is page.empty
    assert "No meetings yet" in page.list.empty.text()
    page.list.new_button.setFocus()
    qtbot.keyClick(page.list.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.schedule_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.form.group.hasFocus)
    assert dialog.form.group.currentData() == council.group_id
    assert "Issue the summons by" in dialog.form.notice.text.text()
    assert audit(dialog) == []
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


def test_refusals_are_shown_and_nothing_typed_is_lost(
    qtbot: Any, ctx: AppContext, council: Council
) -> None:
    meeting_id = council.meeting(datetime(2027, 4, 6, 19, 0))
    page = open_page(qtbot, ctx)
    open_meeting(qtbot, page, ctx, meeting_id)
    # A motion on an item with nobody present: the proposer list is empty, so it is asked for.
    page.tabs.setCurrentWidget(page.run)
    run = page.run
    run.go_to(4)
    assert run.quorum.kind == "error"
    qtbot.keyClicks(run.motions.wording, "To thank the volunteers")
    qtbot.keyClick(run.motions.propose_button, Qt.Key.Key_Space)
    assert run.motions.fields["proposer_id"].has_error
    assert run.motions.wording.toPlainText() == "To thank the volunteers"
    # Notes typed and then left are saved; moving to another item keeps them.
    run.notes.setFocus()
    qtbot.keyClicks(run.notes, "Thanks were given.")
    run.next_button.setFocus()
    settle(qtbot, ctx)
    assert page.state.view is not None and page.state.view.item(4).notes == "Thanks were given."
    # Empty minutes are refused in the banner; the editor keeps what is there.
    page.tabs.setCurrentWidget(page.minutes)
    page.minutes.editor.setFocus()
    qtbot.keyClicks(page.minutes.editor, "   ")
    qtbot.keyClick(page.minutes.save_button, Qt.Key.Key_Space)
    settle(qtbot, ctx)
    assert page.problem.isVisible() and "cannot be empty" in page.problem.text.text()
    assert page.minutes.editor.toPlainText() == "   "


def test_a_locked_meeting_is_read_only_everywhere(
    qtbot: Any, ctx: AppContext, council: Council
) -> None:
    db, staff, m = council.db, council.staff, council.members
    meeting_id = council.meeting(datetime(2027, 4, 6, 19, 0))
    later = council.meeting(datetime(2027, 5, 4, 19, 0))
    for n in range(4):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    item = get_meeting(db, meeting_id).item(5)
    motion = motions.propose_motion(db, item.id, "To note the report", m[0], m[1],
                                    staff_user_id=staff)  # fmt: skip
    motions.decide_by_show_of_hands(db, motion, 4, 0, 0, staff_user_id=staff)
    approval.approve_minutes(db, meeting_id, later, staff_user_id=staff)
    page = open_page(qtbot, ctx)
    open_meeting(qtbot, page, ctx, meeting_id)
    assert page.minutes.status.kind == "locked"
    assert "locked" in page.minutes.status.text.text()
    assert page.minutes.editor.isReadOnly()
    assert "RESOLVED" in page.minutes.editor.toPlainText()
    assert not page.agenda.add_button.isEnabled() and not page.agenda.title.isEnabled()
    assert not page.attendance.rows[m[0]].status.isEnabled()
    assert not page.attendance.all_present.isEnabled()
    assert not page.run.declare_button.isEnabled() and page.run.notes.isReadOnly()
    assert not page.header.edit_button.isEnabled()
    assert page.minutes.correct_button.isVisibleTo(page.minutes)


def test_every_tab_names_its_controls(qtbot: Any, ctx: AppContext, council: Council) -> None:
    db, staff, m = council.db, council.staff, council.members
    meeting_id = council.meeting(datetime(2027, 4, 6, 19, 0))
    for n in range(5):
        attendance.record_attendance(db, meeting_id, m[n], "present", staff_user_id=staff)
    page = open_page(qtbot, ctx)
    open_meeting(qtbot, page, ctx, meeting_id)
    problems: dict[str, list[str]] = {}
    for tab in (page.agenda, page.attendance, page.run, page.minutes):
        page.tabs.setCurrentWidget(tab)
        found = audit(page)
        if found:
            problems[tab.accessibleName()] = found
    assert problems == {}


def test_the_register_warns_of_the_six_month_rule(
    qtbot: Any, ctx: AppContext, council: Council
) -> None:
    # Nobody has attended since joining the council: by this meeting, over five months on.
    joined = date.today()
    starts = datetime.combine(joined + timedelta(days=160), time(19, 0))
    meeting_id = council.meeting(starts)
    page = open_page(qtbot, ctx)
    open_meeting(qtbot, page, ctx, meeting_id)
    page.tabs.setCurrentWidget(page.attendance)
    banner = page.attendance.lapses
    qtbot.waitUntil(banner.isVisible)
    assert banner.kind == "warning"
    assert "joined on" in banner.text.text() and "lapses on" in banner.text.text()
    assert "…and 3 more." in banner.text.text()  # seven councillors: four named, then a count


def test_a_meeting_is_cancelled_and_reinstated_with_one_button(
    qtbot: Any, ctx: AppContext, council: Council
) -> None:
    meeting_id = council.meeting(datetime(2027, 4, 6, 19, 0))
    page = open_page(qtbot, ctx)
    open_meeting(qtbot, page, ctx, meeting_id)
    header = page.header
    assert header.cancel_button.isVisible() and header.cancel_button.text() == "Cancel meeting"
    qtbot.keyClick(header.cancel_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state.view is not None and page.state.view.status == "cancelled")
    settle(qtbot, ctx)
    assert "cancelled" in header.notice.text.text()
    assert "Cancelled" in header.subtitle.text()
    assert header.cancel_button.text() == "Reinstate meeting"
    qtbot.keyClick(header.cancel_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.state.view is not None and page.state.view.status == "scheduled")
    settle(qtbot, ctx)
    assert "Cancelled" not in header.subtitle.text()
    assert get_meeting(council.db, meeting_id).status == "scheduled"


def test_the_summary_is_copied_with_the_addresses_of_those_who_gave_feedback(
    qtbot: Any, ctx: AppContext, council: Council
) -> None:
    db, staff = council.db, council.staff
    meeting_id = council.meeting(datetime(2027, 4, 6, 19, 0))
    give_feedback(council, meeting_id, resident(db, staff, "Nia", {EMAIL: True}))
    give_feedback(council, meeting_id, resident(db, staff, "Dewi", {PHONE: True}))
    give_feedback(council, meeting_id, resident(db, staff, "Carys", {}))
    give_feedback(council, meeting_id)
    page = open_page(qtbot, ctx)
    open_meeting(qtbot, page, ctx, meeting_id)
    page.tabs.setCurrentWidget(page.minutes)
    sharing = page.minutes.sharing
    assert sharing.line.text() == (
        "Gave feedback on this meeting: 3 people (2 can be contacted) and 1 anonymously"
    )
    assert not sharing.panel.isVisible()
    # Nothing to copy yet: said in the banner, and the clipboard is left alone.
    QApplication.clipboard().setText("before")
    qtbot.keyClick(sharing.copy_button, Qt.Key.Key_Space)
    assert page.problem.isVisible() and "summary first" in page.problem.text.text()
    assert QApplication.clipboard().text() == "before"
    # Typed (not yet saved) words are what is copied; the addresses appear, selected.
    page.minutes.summary.setFocus()
    qtbot.keyClicks(page.minutes.summary, "The council will buy two oak benches.")
    qtbot.keyClick(sharing.copy_button, Qt.Key.Key_Space)
    qtbot.waitUntil(sharing.panel.isVisible)
    assert QApplication.clipboard().text() == "The council will buy two oak benches."
    assert sharing.emails.toPlainText() == "nia@example.org"
    assert sharing.emails.hasFocus()
    assert sharing.emails.textCursor().selectedText() == "nia@example.org"
    note = sharing.others.text()
    assert "Dewi Rowlands may be phoned on +44" in note
    assert "Not agreed to be contacted: Carys Rowlands." in note
    assert audit(page) == []
    qtbot.keyClick(sharing.hide_button, Qt.Key.Key_Space)
    assert not sharing.panel.isVisible()
