"""The Feedback section driven like staff would: moderating comments by keyboard (flags said
in words), reports per subject with averages and counts by month (approved comments only),
and kiosk sign-ups to review. Real widgets, real services, a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from hubapp.services import feedback as service
from hubapp.services.kiosk import sign_ups_to_review
from hubapp.services.member_profile import get_member_profile
from hubapp.services.staff import SignedInStaff
from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.feedback import FeedbackPage
from hubapp.ui.main_window import MainWindow
from tests.ui.engagement_hub import EngagementHub, make_engagement_hub
from tests.ui.test_accessibility import audit, controls, describe
from tests.ui.test_opportunities_page import settle, shown, tab_walk

Notes = list[tuple[str, Callable[[], None] | None]]
WAIT = 10_000


@pytest.fixture
def notes(ctx: AppContext) -> Notes:
    caught: Notes = []
    ctx.events.notify.connect(lambda text, undo: caught.append((text, undo)))
    return caught


@pytest.fixture
def hub(ctx: AppContext, admin: SignedInStaff) -> EngagementHub:
    return make_engagement_hub(ctx.db, admin)


@pytest.fixture
def page(qtbot: Any, ctx: AppContext, hub: EngagementHub) -> FeedbackPage:
    widget = shown(qtbot, FeedbackPage(ctx))
    qtbot.waitUntil(lambda: widget.moderation.has_loaded and widget.reports.has_loaded
                    and widget.sign_ups.has_loaded, timeout=WAIT)  # fmt: skip
    return widget


def approved_comments(ctx: AppContext) -> list[str]:
    return [c.comment for s in service.feedback_summary(ctx.db) for c in s.comments]


def test_moderate_by_keyboard_with_flags_in_words(
    qtbot: Any, page: FeedbackPage, ctx: AppContext, notes: Notes
) -> None:
    tab = page.moderation
    assert page.tabs.currentWidget() is tab
    assert page.tabs.tabText(0) == "Comments to moderate (3)"
    # Flagged first, each flag in words in the list and above the comment.
    first, second, third = (tab.list.item(n).text() for n in range(3))
    assert first.startswith("⚠ Contains a phone number")
    assert second.startswith("⚠ Possibly abusive words")
    assert not third.startswith("⚠")
    assert tab.flags.isVisibleTo(tab)
    assert "Contains a phone number" in tab.flags.text.text()
    assert "Ring me on 07700 900123" in tab.comment.text()
    assert tab.rating.text().startswith("1 of 5 · Very bad")

    # H hides the flagged one: it never reaches a report.
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(tab.items) == 2, timeout=WAIT)
    assert ("Comment hidden", None) in notes
    assert not any("07700" in c for c in approved_comments(ctx))
    assert page.tabs.tabText(0) == "Comments to moderate (2)"

    # R goes to the reply; Reply saves it and approves the comment (Alt+R).
    assert tab.current() is not None and "scum" in tab.current().comment  # type: ignore[union-attr]
    qtbot.keyClick(tab.list, Qt.Key.Key_Down)  # the noticeboard comment
    assert "noticeboard" in tab.comment.text()
    qtbot.keyClick(tab.list, Qt.Key.Key_R)
    assert tab.reply_box.hasFocus()
    qtbot.keyClick(tab.reply_box, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: tab.reply_field.has_error, timeout=WAIT)  # nothing written yet
    assert "Write the reply first" in tab.reply_field.error.text()
    qtbot.keyClicks(tab.reply_box, "Thank you! We will keep it up to date.")
    qtbot.keyClick(tab.reply_box, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(tab.items) == 1, timeout=WAIT)
    [hub_summary] = service.feedback_summary(ctx.db, "hub")
    replied = [c for c in hub_summary.comments if "noticeboard" in c.comment]
    assert [c.reply for c in replied] == ["Thank you! We will keep it up to date."]

    # A approves what is left; the queue says it is empty.
    tab.list.setFocus()
    qtbot.keyClick(tab.list, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: not tab.items, timeout=WAIT)
    assert tab.states.currentWidget() is tab.empty
    assert page.tabs.tabText(0) == "Comments to moderate"
    assert any("scum" in c for c in approved_comments(ctx))
    assert service.moderation_queue(ctx.db) == []
    settle(qtbot, ctx)


def test_reports_show_averages_and_counts_by_month(
    qtbot: Any, page: FeedbackPage, ctx: AppContext
) -> None:
    qtbot.keyClick(page.moderation.list, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    reports = page.reports
    assert page.tabs.currentWidget() is reports
    qtbot.waitUntil(lambda: reports.has_loaded, timeout=WAIT)
    names = [s.subject_name for s in reports.summaries]
    assert names == ["Llandovery Library", "Carmarthenshire County Council", "Llandovery Growers"]
    hub_row = [reports.model.index(0, n).data() for n in range(4)]
    # Nine ratings about the hub (a hidden or waiting comment's rating counts all the same).
    expected = service.feedback_summary(ctx.db, "hub")[0]
    assert hub_row == ["Llandovery Library", "The hub", "9", f"{expected.average:.1f}"]
    assert expected.count == 9
    assert reports.title.text() == "Llandovery Library"
    assert f"Average {expected.average:.1f} out of 5 from 9 ratings." in reports.summary.text()
    months = [(reports.months.index(n, 1).data(), reports.months.index(n, 2).data())
              for n in range(reports.months.rowCount())]  # fmt: skip
    assert [int(count) for count, _ in months] == [m.count for m in reversed(expected.months)]
    assert len(months) == 3
    assert len(reports.chart.months) == 3
    assert "from" in reports.chart.accessibleDescription()

    # Only approved comments are listed: not the ones waiting, not hidden ones.
    words = " ".join(label.text() for label in reports.findChildren(type(reports.title)))
    assert "Rhian found me the bus timetable." in words
    assert "Closed on Saturday afternoons" in words
    assert "07700 900123" not in words and "noticeboard" not in words

    # Narrowed to groups, the group alone.
    reports.kind.setCurrentIndex(reports.kind.findData("group"))
    qtbot.waitUntil(lambda: [s.subject_name for s in reports.summaries]
                    == ["Llandovery Growers"], timeout=WAIT)  # fmt: skip
    assert reports.model.index(0, 3).data() == "4.5"
    settle(qtbot, ctx)


def test_an_approved_comment_reaches_the_report(
    qtbot: Any, page: FeedbackPage, ctx: AppContext
) -> None:
    tab = page.moderation
    qtbot.keyClick(tab.list, Qt.Key.Key_Down)
    qtbot.keyClick(tab.list, Qt.Key.Key_Down)
    assert "noticeboard" in tab.comment.text()
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(tab.items) == 2, timeout=WAIT)
    page.show_tab(page.reports)

    def listed() -> bool:
        words = " ".join(label.text() for label in page.reports.findChildren(type(tab.subject)))
        return "The new noticeboard is really useful." in words

    qtbot.waitUntil(listed, timeout=WAIT)
    settle(qtbot, ctx)


def test_a_kiosk_sign_up_that_is_someone_else(
    qtbot: Any, page: FeedbackPage, ctx: AppContext, hub: EngagementHub, notes: Notes
) -> None:
    tab = page.sign_ups
    page.show_tab(tab)
    assert page.tabs.tabText(2) == "Sign-ups to review (1)"
    qtbot.waitUntil(lambda: tab.has_loaded and bool(tab.rows), timeout=WAIT)
    assert tab.name.text() == "Sian Llewelyn"
    assert tab.matches.item(0).text().startswith("Siân Llewellyn · SA20 0AB")
    assert "same email" in tab.matches.item(0).text()
    qtbot.keyClick(tab.list, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not tab.rows, timeout=WAIT)
    assert sign_ups_to_review(ctx.db) == []
    assert not get_member_profile(ctx.db, hub.sign_up).deleted  # both records stay
    assert ("Sian Llewelyn kept as a different person", None) in notes
    assert tab.states.currentIndex() == 1  # "Nothing to review"
    settle(qtbot, ctx)


def test_a_kiosk_sign_up_merged_into_the_existing_record(
    qtbot: Any, page: FeedbackPage, ctx: AppContext, hub: EngagementHub
) -> None:
    tab = page.sign_ups
    page.show_tab(tab)
    qtbot.waitUntil(lambda: tab.has_loaded and bool(tab.rows), timeout=WAIT)
    qtbot.mouseClick(tab.merge_button, Qt.MouseButton.LeftButton)
    box = tab.findChild(QMessageBox, "confirmBox")
    assert box is not None
    assert "Merge the kiosk sign-up of Sian Llewelyn into Siân Llewellyn’s record?" in box.text()
    qtbot.mouseClick(box.findChild(QPushButton, "confirmYes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not tab.rows, timeout=WAIT)
    assert get_member_profile(ctx.db, hub.sign_up).deleted
    assert not get_member_profile(ctx.db, hub.sian).deleted
    settle(qtbot, ctx)


# ----- accessibility ---------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: Any, ctx: AppContext, hub: EngagementHub) -> MainWindow:
    return shown(qtbot, build_main_window(ctx))


def _feedback(qtbot: Any, window: MainWindow) -> FeedbackPage:
    window.show_section("feedback")
    page = window.page_by_key["feedback"]
    assert isinstance(page, FeedbackPage)
    qtbot.waitUntil(lambda: page.moderation.has_loaded and page.reports.has_loaded
                    and page.sign_ups.has_loaded, timeout=WAIT)  # fmt: skip
    return page


@pytest.mark.parametrize("tab", ["moderation", "reports", "sign_ups"])
def test_accessibility(qtbot: Any, window: MainWindow, tab: str) -> None:
    page = _feedback(qtbot, window)
    page.show_tab(getattr(page, tab))
    qtbot.waitUntil(lambda: getattr(page, tab).has_loaded, timeout=WAIT)
    assert len(controls(window)) >= 8  # the audit looked at something
    offenders = audit(window)
    assert not offenders, f"{tab}:\n" + "\n".join(offenders)
    settle(qtbot, window.ctx)


@pytest.mark.parametrize("tab", ["moderation", "reports", "sign_ups"])
def test_tab_reaches_every_control(qtbot: Any, window: MainWindow, tab: str) -> None:
    page = _feedback(qtbot, window)
    page.show_tab(getattr(page, tab))
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    reached = tab_walk(qtbot, page.tabs.tabBar())
    tabbable = [w for w in controls(page)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()]  # fmt: skip
    missed = [describe(w) for w in tabbable if w not in reached]
    assert not missed, "Tab never reaches:\n" + "\n".join(missed)
    settle(qtbot, window.ctx)
