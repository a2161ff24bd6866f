"""The Opportunities section and a member's "Ways to get involved", driven like staff would:
keyboard first, real widgets, real services, a real SQLite file."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from hubapp.services import opportunities as service
from hubapp.services.staff import SignedInStaff
from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import MainWindow
from hubapp.ui.members import MembersPage
from hubapp.ui.opportunities import OpportunitiesPage
from tests.ui.engagement_hub import EngagementHub, make_engagement_hub
from tests.ui.test_accessibility import audit, controls, describe

Notes = list[tuple[str, Callable[[], None] | None]]
WAIT = 10_000


@pytest.fixture
def notes(ctx: AppContext) -> Notes:
    caught: Notes = []
    ctx.events.notify.connect(lambda text, undo: caught.append((text, undo)))
    return caught


def settle(qtbot: Any, ctx: AppContext) -> None:
    """Every background job done and its answer delivered: each test ends with this, as
    pytest-qt closes the widgets before fixtures are torn down."""
    qtbot.waitUntil(lambda: not ctx.tasks.busy, timeout=WAIT)


def shown(qtbot: Any, widget: Any) -> Any:
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> OpportunitiesPage:
    widget = shown(qtbot, OpportunitiesPage(ctx))
    qtbot.waitUntil(lambda: widget.list.has_loaded and widget.choices_loaded, timeout=WAIT)
    return widget


@pytest.fixture
def hub(ctx: AppContext, admin: SignedInStaff) -> EngagementHub:
    return make_engagement_hub(ctx.db, admin)


def open_opportunity(qtbot: Any, page: OpportunitiesPage, opportunity_id: str) -> None:
    page.list.reload()
    qtbot.waitUntil(lambda: any(r.id == opportunity_id for r in page.list.shown), timeout=WAIT)
    page.list.select(opportunity_id)
    view = page.view
    qtbot.waitUntil(lambda: view.profile is not None and view.profile.id == opportunity_id,
                    timeout=WAIT)  # fmt: skip
    qtbot.waitUntil(lambda: view.interest.has_loaded and view.people.has_loaded, timeout=WAIT)


def test_post_an_opportunity_by_keyboard(
    qtbot: Any, page: OpportunitiesPage, ctx: AppContext, notes: Notes
) -> None:
    assert page.right.currentWidget() is page.empty
    assert "Nothing posted yet" in page.list.empty.text()
    qtbot.keyClick(page.list.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    assert page.right.currentWidget() is form
    assert form.title.hasFocus()

    # Enter on an empty form: the problem is said under the title, and focus goes there.
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert form.fields["title"].has_error
    assert "Give the opportunity a title" in form.fields["title"].error.text()

    qtbot.keyClicks(form.title, "Library book delivery")
    qtbot.keyClick(form.title, Qt.Key.Key_Tab)
    assert form.description.hasFocus()
    qtbot.keyClicks(form.description, "Taking books to people who cannot get out.")
    qtbot.keyClick(form.description, Qt.Key.Key_Tab)
    assert form.group.hasFocus()
    qtbot.keyClick(form.group, Qt.Key.Key_Tab)
    assert form.when.kind.hasFocus()
    qtbot.keyClick(form.when.kind, Qt.Key.Key_Down)  # whenever suits -> on one date
    qtbot.keyClick(form.when.kind, Qt.Key.Key_Down)  # -> every week
    assert form.when.kind.currentData() == "weekly"
    wednesday = form.when.weekly.days["wed"]
    wednesday.setFocus()
    qtbot.keyClick(wednesday, Qt.Key.Key_Space)
    assert wednesday.isChecked()
    start, end = form.when.weekly.start, form.when.weekly.end
    start.setFocus()
    qtbot.keyClicks(start, "14:00")
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    assert end.hasFocus()
    qtbot.keyClicks(end, "4pm")
    form.skills.input.setFocus()
    qtbot.keyClicks(form.skills.input, "Driving")
    qtbot.keyClick(form.skills.input, Qt.Key.Key_Return)  # adds the skill
    assert form.skills.tags() == ["Driving"]

    # A time that is not one: refused under the days and times, focus on it, nothing lost.
    qtbot.keyClick(form.skills.input, Qt.Key.Key_Return)
    assert form.fields["recurrence"].has_error
    assert "“4pm” is not a time" in form.fields["recurrence"].error.text()
    assert end.hasFocus()
    assert form.title.text() == "Library book delivery"
    assert form.description.toPlainText() == "Taking books to people who cannot get out."
    assert (end.text(), form.skills.tags(), wednesday.isChecked()) == ("4pm", ["Driving"], True)
    assert service.list_opportunities(ctx.db, active_only=False) == []

    end.selectAll()
    qtbot.keyClicks(end, "16:00")
    qtbot.keyClick(end, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.right.currentWidget() is page.view, timeout=WAIT)
    [row] = service.list_opportunities(ctx.db)
    assert (row.title, row.when_text) == ("Library book delivery", "Wednesdays, 14:00–16:00")
    assert ("Library book delivery posted", None) in notes
    qtbot.waitUntil(lambda: page.view.profile is not None, timeout=WAIT)
    assert page.view.header.title.text() == "Library book delivery"
    assert "Skills wanted: Driving" in page.view.wants.text()
    qtbot.waitUntil(lambda: page.list.current_id() == row.id, timeout=WAIT)

    # Saving the same form twice never posts it twice.
    form.save()
    qtbot.waitUntil(lambda: not form.saving, timeout=WAIT)
    assert len(service.list_opportunities(ctx.db)) == 1
    settle(qtbot, ctx)


def test_edit_withdraw_and_reopen(
    qtbot: Any, page: OpportunitiesPage, ctx: AppContext, hub: EngagementHub, notes: Notes
) -> None:
    open_opportunity(qtbot, page, hub.repair)
    view = page.view
    page.list.list.setFocus()
    qtbot.keyClick(page.list.list, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    assert page.right.currentWidget() is form and form.editing
    assert form.title.text() == "Repair café fixers"
    assert form.location.currentData() == "venue"
    # The venue was added after the page opened: the choices are read again for the form.
    qtbot.waitUntil(lambda: form.venue.currentData() == hub.venue, timeout=WAIT)
    assert form.when.weekly.days["sat"].isChecked()
    form.title.selectAll()
    qtbot.keyClicks(form.title, "Repair cafe fixers and helpers")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.right.currentWidget() is view, timeout=WAIT)
    qtbot.waitUntil(lambda: view.header.title.text() == "Repair cafe fixers and helpers",
                    timeout=WAIT)  # fmt: skip
    assert service.get_opportunity(ctx.db, hub.repair).details.title == (
        "Repair cafe fixers and helpers"
    )
    assert service.get_opportunity(ctx.db, hub.repair).details.venue_id == hub.venue

    qtbot.waitUntil(lambda: view.withdraw_button.isVisible(), timeout=WAIT)
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.reopen_button.isVisible(), timeout=WAIT)
    assert "Withdrawn" in view.banner.text.text()
    assert not service.get_opportunity(ctx.db, hub.repair).active
    qtbot.waitUntil(lambda: hub.repair not in [r.id for r in page.list.shown], timeout=WAIT)
    page.list.show_filter.setCurrentIndex(page.list.show_filter.findData("withdrawn"))
    qtbot.waitUntil(lambda: [r.id for r in page.list.shown] == [hub.repair], timeout=WAIT)
    qtbot.mouseClick(view.reopen_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: service.get_opportunity(ctx.db, hub.repair).active, timeout=WAIT)
    assert ("Repair cafe fixers and helpers withdrawn", None) in notes
    settle(qtbot, ctx)


def test_interest_shown_is_listed_and_marked_contacted(
    qtbot: Any, page: OpportunitiesPage, ctx: AppContext, hub: EngagementHub, notes: Notes
) -> None:
    open_opportunity(qtbot, page, hub.garden)
    panel = page.view.interest
    assert page.view.tabs.currentWidget() is panel
    assert page.view.tabs.tabText(0) == "Interest shown (2, 2 new)"
    names = [r.name for r in panel.model.rows]
    assert names == ["Huw Bevan", "Siân Llewellyn"]
    cell = panel.model.index(0, 0).data()
    assert "visitor, not a member" in cell
    assert "at the kiosk" in panel.model.index(0, 2).data()
    assert "at the desk" in panel.model.index(1, 2).data()
    assert not panel.open_member.isEnabled()  # a visitor has no member page

    panel.table.setFocus()
    qtbot.keyClick(panel.table, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: panel.model.rows[0].status == "contacted", timeout=WAIT)
    statuses = {r.name: r.status for r in service.interests_for(ctx.db, hub.garden)}
    assert statuses == {"Huw Bevan": "contacted", "Siân Llewellyn": "new"}
    assert ("Huw Bevan marked contacted", None) in notes
    qtbot.waitUntil(lambda: page.view.tabs.tabText(0) == "Interest shown (2, 1 new)", timeout=WAIT)
    qtbot.waitUntil(lambda: "1 new interest" in page.list.list.currentItem().text(), timeout=WAIT)

    panel.table.selectRow(1)
    assert panel.open_member.isEnabled()
    with qtbot.waitSignal(ctx.events.open_member) as opened:
        qtbot.mouseClick(panel.open_member, Qt.MouseButton.LeftButton)
    assert opened.args == [hub.sian]
    settle(qtbot, ctx)


def test_people_who_might_fit_ranked_with_reasons(
    qtbot: Any, page: OpportunitiesPage, ctx: AppContext, hub: EngagementHub, notes: Notes
) -> None:
    open_opportunity(qtbot, page, hub.garden)
    view = page.view
    page.list.list.setFocus()
    qtbot.keyClick(page.list.list, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    panel = view.people
    assert view.tabs.currentWidget() is panel
    names = [p.display_name for p in panel.model.rows]
    assert names[0] == "Siân Llewellyn"
    assert names.index("Siân Llewellyn") < names.index("Gareth Price")
    sian = panel.model.index(0, 1).data()
    for reason in ("✓ Tuesdays", "✓ good at gardening", "✓ likes growing food"):
        assert reason in sian
    gareth_row = names.index("Gareth Price")
    gareth = panel.model.index(gareth_row, 1).data()
    assert "⚠ Tuesdays: not when they said they are free" in gareth
    # Privacy: only those who agreed to be contacted are marked so.
    assert panel.model.index(0, 3).data() == "✓ May be contacted"
    assert panel.model.index(gareth_row, 3).data() == "– Not agreed"

    # Record interest for someone (they said yes on the phone): it joins Interest shown.
    eleri_row = names.index("Eleri Morgan")
    panel.table.selectRow(eleri_row)
    qtbot.mouseClick(panel.record, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Eleri Morgan" in [r.name for r in view.interest.model.rows],
                    timeout=WAIT)  # fmt: skip
    [eleri] = [r for r in service.interests_for(ctx.db, hub.garden) if r.member_id == hub.eleri]
    assert (eleri.channel, eleri.status) == ("desk", "new")
    assert ("Interest recorded for Eleri Morgan", None) in notes
    settle(qtbot, ctx)


def test_search_and_filter_the_list(
    qtbot: Any, page: OpportunitiesPage, hub: EngagementHub
) -> None:
    page.list.reload()
    qtbot.waitUntil(lambda: len(page.list.shown) == 3, timeout=WAIT)
    page.list.search.setFocus()
    qtbot.keyClicks(page.list.search, "caffi")
    qtbot.waitUntil(lambda: [r.id for r in page.list.shown] == [hub.repair], timeout=WAIT)
    qtbot.keyClicks(page.list.search, " zzz")
    qtbot.waitUntil(lambda: not page.list.shown, timeout=WAIT)
    assert page.list.empty.text() == "Nothing matches “caffi zzz”."
    page.list.search.clear()
    qtbot.waitUntil(lambda: len(page.list.shown) == 3, timeout=WAIT)
    qtbot.keyClick(page.list.search, Qt.Key.Key_Down)
    assert page.list.list.hasFocus()
    settle(qtbot, page.ctx)


def test_a_members_page_shows_ways_to_get_involved(
    qtbot: Any, ctx: AppContext, hub: EngagementHub, notes: Notes
) -> None:
    members = shown(qtbot, MembersPage(ctx))
    members.show_member(hub.sian)
    ways = members.ways
    qtbot.waitUntil(lambda: ways.has_loaded, timeout=WAIT)
    titles = [m.title for m in ways.matches]
    assert titles[0] == "Community garden helpers"
    assert set(titles) == {"Community garden helpers", "Repair café fixers",
                           "Telephone befriending"}  # fmt: skip
    texts = [label.text() for label in ways.findChildren(type(members.profile.title))]
    assert any("good at gardening" in t and "likes growing food" in t for t in texts)
    assert not any("you are good at" in t for t in texts)  # worded about them, for staff
    # She already showed interest in the garden; the repair café is one click away.
    assert ways.recorded[hub.garden].isVisibleTo(ways)
    assert not ways.buttons[hub.garden].isVisibleTo(ways)
    button = ways.buttons[hub.repair]
    assert button.accessibleName() == "Express interest in Repair café fixers for them"
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: ways.recorded[hub.repair].isVisibleTo(ways), timeout=WAIT)
    [row] = service.interests_for(ctx.db, hub.repair)
    assert (row.member_id, row.channel, row.status) == (hub.sian, "desk", "new")
    assert notes[-1][0] == ("Siân Llewellyn is interested in Repair café fixers: the organiser "
                            "will see it")  # fmt: skip
    settle(qtbot, ctx)


# ----- accessibility ---------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: Any, ctx: AppContext, hub: EngagementHub) -> MainWindow:
    main = shown(qtbot, build_main_window(ctx))
    main.hub = hub  # type: ignore[attr-defined]
    return main


def _opportunities(qtbot: Any, window: MainWindow) -> OpportunitiesPage:
    window.show_section("opportunities")
    page = window.page_by_key["opportunities"]
    assert isinstance(page, OpportunitiesPage)
    qtbot.waitUntil(lambda: page.list.has_loaded and page.choices_loaded, timeout=WAIT)
    open_opportunity(qtbot, page, window.hub.garden)  # type: ignore[attr-defined]
    return page


def interest_tab(qtbot: Any, window: MainWindow) -> None:
    _opportunities(qtbot, window)


def people_tab(qtbot: Any, window: MainWindow) -> None:
    page = _opportunities(qtbot, window)
    page.view.tabs.setCurrentWidget(page.view.people)


def post_form(qtbot: Any, window: MainWindow) -> None:
    page = _opportunities(qtbot, window)
    page.new_opportunity()
    page.form.location.setCurrentIndex(page.form.location.findData("venue"))
    page.form.when.choose("weekly")


def member_page(qtbot: Any, window: MainWindow) -> None:
    window.show_section("members")
    page = window.page_by_key["members"]
    assert isinstance(page, MembersPage)
    page.show_member(window.hub.sian)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.ways.has_loaded, timeout=WAIT)


SCREENS = {
    "interest shown": interest_tab,
    "people who might fit": people_tab,
    "post an opportunity": post_form,
    "member page with ways to get involved": member_page,
}


@pytest.mark.parametrize("screen", SCREENS)
def test_accessibility(qtbot: Any, window: MainWindow, screen: str) -> None:
    SCREENS[screen](qtbot, window)
    assert len(controls(window)) >= 8  # the audit looked at something
    offenders = audit(window)
    assert not offenders, f"{screen}:\n" + "\n".join(offenders)
    settle(qtbot, window.ctx)


def test_rail_takes_you_to_the_section(qtbot: Any, window: MainWindow) -> None:
    assert window.rail.sections().index("opportunities") == 4
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "opportunities"
    page = window.page_by_key["opportunities"]
    assert page.isAncestorOf(QApplication.focusWidget())
    settle(qtbot, window.ctx)


def tab_walk(qtbot: Any, first: QWidget) -> list[QWidget]:
    """The controls Tab visits from `first` until it comes round again."""
    first.setFocus()
    qtbot.waitUntil(first.hasFocus, timeout=WAIT)
    reached: list[QWidget] = []
    for _ in range(200):
        widget = QApplication.focusWidget()
        assert widget is not None
        if reached and widget is first:
            break
        reached.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return reached


@pytest.mark.parametrize("screen", ["people who might fit", "post an opportunity"])
def test_tab_reaches_every_control(qtbot: Any, window: MainWindow, screen: str) -> None:
    SCREENS[screen](qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    page = window.page_by_key["opportunities"]
    assert isinstance(page, OpportunitiesPage)
    reached = tab_walk(qtbot, page.list.new_button)
    tabbable = [w for w in controls(page)
                if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()]  # fmt: skip
    missed = [describe(w) for w in tabbable if w not in reached]
    assert not missed, "Tab never reaches:\n" + "\n".join(missed)
    settle(qtbot, window.ctx)
