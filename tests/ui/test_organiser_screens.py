"""A group organiser's account in the real main window: only Get involved (and how the app
looks), only their group's opportunities and the interest shown in them, with contacts; and
an administrator making such an account in Settings, choosing the member by name."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from hubapp.models.database import Database
from hubapp.models.vocab import GroupRole, StaffRole
from hubapp.services import groups as group_service
from hubapp.services import opportunities as opp
from hubapp.services import staff as staff_service
from hubapp.services.staff import SignedInStaff
from hubapp.ui import theme
from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import MainWindow
from hubapp.ui.opportunities import OpportunitiesPage
from hubapp.ui.staff_accounts import StaffAccounts
from hubapp.ui.staff_accounts.member_chooser import OrganiserMemberChooser
from hubapp.ui.tasks import TaskRunner
from tests.organiser_hub import OrganiserHub, make_organiser_hub
from tests.ui.engagement_hub import make_engagement_hub
from tests.ui.test_accessibility import audit

WAIT = 10_000
SHOTS = os.environ.get("HUBAPP_SHOTS")  # e.g. /tmp/shots/organiser: save what the tests show


def shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))


@pytest.fixture
def light() -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    yield


@pytest.fixture
def town(db: Database, admin: SignedInStaff) -> OrganiserHub:
    return make_organiser_hub(db, admin)


@pytest.fixture
def organiser_ctx(qtbot: Any, db: Database, town: OrganiserHub) -> Iterator[AppContext]:
    runner = TaskRunner()
    yield AppContext(db=db, tasks=runner, staff=town.organiser)
    runner.wait(WAIT)


def open_window(qtbot: Any, ctx: AppContext) -> MainWindow:
    window = build_main_window(ctx)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    return window


def loaded_page(qtbot: Any, window: MainWindow) -> OpportunitiesPage:
    page = window.page_by_key["opportunities"]
    assert isinstance(page, OpportunitiesPage)
    qtbot.waitUntil(lambda: page.list.has_loaded and page.choices_loaded, timeout=WAIT)
    return page


def test_an_organiser_sees_only_get_involved_for_their_group(
    qtbot: Any, light: None, organiser_ctx: AppContext, town: OrganiserHub
) -> None:
    window = open_window(qtbot, organiser_ctx)
    assert window.rail.sections() == ["opportunities", "settings"]
    assert window.current_section() == "opportunities"
    assert "Siân Llewellyn · Group organiser" in window.staff_label.text.text()
    # No way to members: no search, no member pages, no sync details (they name members).
    assert not window.search.isVisible() and not window.search.can_search
    window.ctx.events.open_member.emit(town.hub.gareth)
    assert window.current_section() == "opportunities"
    window.show_sync_page()
    assert window.current_section() == "opportunities"

    page = loaded_page(qtbot, window)
    assert [r.title for r in page.list.rows] == ["Community garden helpers"]
    assert page.list.scope_note.text() == "For your groups: Llandovery Growers"
    view = page.view
    qtbot.waitUntil(lambda: view.profile is not None and view.interest.has_loaded, timeout=WAIT)
    assert view.profile is not None and view.profile.id == town.hub.garden
    assert view.tabs.count() == 1  # no "People who might fit": it ranks the hub's members
    assert not view.interest.open_member.isVisible()
    shown = {(r.name, r.contact) for r in view.interest.model.rows}
    assert shown == {("Huw Bevan", "huw@example.net"), ("Siân Llewellyn", "sian@example.org")}
    assert "(2, 2 new)" in view.tabs.tabText(0)
    assert audit(window) == []
    shot(window, "organiser-main-window")

    # Following up: Huw is marked contacted, through the services, as her account.
    row = next(n for n, r in enumerate(view.interest.model.rows) if r.name == "Huw Bevan")
    view.interest.table.selectRow(row)
    qtbot.mouseClick(view.interest.contacted, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: any(r.name == "Huw Bevan" and r.status == "contacted"
                    for r in view.interest.model.rows), timeout=WAIT,
    )  # fmt: skip
    assert opp.interests_waiting(organiser_ctx.db, staff_user_id=town.organiser.id)[0].name == (
        "Siân Llewellyn"
    )

    # Posting: only her group is offered, not the hub itself.
    qtbot.keyClick(page.list.new_button, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = page.form
    assert page.right.currentWidget() is form
    offered = [form.group.itemText(n) for n in range(form.group.count())]
    assert offered == ["Llandovery Growers"]
    qtbot.keyClicks(form.title, "Seed swap helpers")
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Seed swap helpers" in [r.title for r in page.list.rows],
                    timeout=WAIT)  # fmt: skip
    saved = opp.list_opportunities(organiser_ctx.db, staff_user_id=town.organiser.id)
    assert {r.group_name for r in saved} == {"Llandovery Growers"}

    # Settings: how the app looks, nothing about the hub's staff, data or sync.
    window.show_section("settings")
    settings = window.settings
    assert settings.staff_section is None
    for part in ("idle_minutes", "sync_button", "data_folder"):
        assert not hasattr(settings, part), part
    organiser_ctx.tasks.wait(WAIT)


def test_an_organiser_who_is_no_longer_an_officer_sees_nothing_to_do(
    qtbot: Any, admin: SignedInStaff, organiser_ctx: AppContext, town: OrganiserHub
) -> None:
    group_service.set_member_role(organiser_ctx.db, town.hub.growers, town.hub.sian,
                                  GroupRole.MEMBER, staff_user_id=admin.id)  # fmt: skip
    window = open_window(qtbot, organiser_ctx)
    page = loaded_page(qtbot, window)
    assert page.list.rows == []
    assert not page.list.new_button.isEnabled()
    assert page.list.scope_note.text() == "You are not an officer of any group at the moment."
    assert "Ask the hub's staff" in page.list.empty.text()
    assert page.right.currentWidget() is page.empty
    assert not page.empty.button.isVisible()
    qtbot.keyClick(page.list.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.right.currentWidget() is page.empty  # Ctrl+N does nothing either
    organiser_ctx.tasks.wait(WAIT)


# -- making the account -----------------------------------------------------------------------


@pytest.fixture
def accounts(qtbot: Any, ctx: AppContext, admin: SignedInStaff) -> StaffAccounts:
    hub = make_engagement_hub(ctx.db, admin)
    group_service.enlist_member(ctx.db, hub.caffi, hub.eleri, GroupRole.TREASURER,
                                staff_user_id=admin.id)  # fmt: skip
    window = open_window(qtbot, ctx)
    window.show_section("settings")
    section = window.settings.staff_section
    assert section is not None
    section.hub = hub  # type: ignore[attr-defined]
    return section


def choose(qtbot: Any, accounts: StaffAccounts, typed: str) -> OrganiserMemberChooser:
    qtbot.mouseClick(accounts.new_member, Qt.MouseButton.LeftButton)
    chooser = accounts.chooser
    assert chooser is not None and chooser.isVisible()
    qtbot.waitUntil(chooser.search.hasFocus, timeout=WAIT)
    qtbot.keyClicks(chooser.search, typed)
    qtbot.waitUntil(lambda: chooser.has_searched and chooser.results.count() > 0, timeout=WAIT)
    return chooser


def test_an_administrator_makes_a_group_organisers_account(
    qtbot: Any, light: None, ctx: AppContext, accounts: StaffAccounts
) -> None:
    member_field = accounts.new_fields["member_id"]
    assert not member_field.isVisible()
    accounts.new_role.setCurrentIndex(accounts.new_role.findData(str(StaffRole.ORGANISER)))
    assert accounts.new_role.currentText() == "Group organiser"
    assert member_field.isVisible()
    assert audit(accounts.window()) == []
    # Tab follows reading order: role, then the member, then the password.
    accounts.new_role.setFocus()
    qtbot.waitUntil(accounts.new_role.hasFocus, timeout=WAIT)
    qtbot.keyClick(accounts.new_role, Qt.Key.Key_Tab)
    assert accounts.new_member.hasFocus()
    qtbot.keyClick(accounts.new_member, Qt.Key.Key_Tab)
    assert accounts.new_secret.hasFocus()

    # Gareth is in no group: choosing him says so plainly, and adding is refused.
    chooser = choose(qtbot, accounts, "Gareth")
    assert "Not an officer of any group" in chooser.results.item(0).text()
    assert "Nobody found is an officer of a group" in chooser.status.text()
    qtbot.keyClick(chooser.search, Qt.Key.Key_Return)
    assert not chooser.isVisible()
    assert member_field.has_error
    assert "Gareth Price is not an officer" in member_field.error.text()
    assert accounts.new_name.text() == "Gareth Price"
    assert accounts.new_username.text() == "gareth"

    # Eleri is Caffi Trwsio's treasurer: her role is shown, and the account is made.
    accounts.new_name.clear()
    accounts.new_username.clear()
    chooser = choose(qtbot, accounts, "Eleri")
    first = chooser.results.item(0).text()
    assert first.startswith("Eleri Morgan") and "Treasurer of Caffi Trwsio" in first
    assert audit(chooser) == []
    shot(chooser, "organiser-member-chooser")
    qtbot.keyClick(chooser.search, Qt.Key.Key_Down)  # into the matches, and Enter chooses
    assert chooser.results.hasFocus()
    qtbot.keyClick(chooser.results, Qt.Key.Key_Return)
    assert not chooser.isVisible()
    assert not member_field.has_error
    assert member_field.hint.text() == "Treasurer of Caffi Trwsio"
    assert accounts.new_member.text() == "Eleri Morgan"
    assert (accounts.new_name.text(), accounts.new_username.text()) == ("Eleri Morgan", "eleri")
    qtbot.keyClicks(accounts.new_secret, "caffi-2468")
    qtbot.keyClicks(accounts.new_secret_again, "caffi-2468")
    accounts.ensurePolished()
    shot(accounts, "organiser-account-form")
    qtbot.keyClick(accounts.new_secret_again, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: accounts.table.rowCount() == 2, timeout=WAIT)

    row = next(r for r in staff_service.list_staff(ctx.db) if r.username == "eleri")
    hub = accounts.hub  # type: ignore[attr-defined]
    assert (row.role, row.member_id, row.active) == (StaffRole.ORGANISER, hub.eleri, True)
    shown = [accounts.table.item(r, 2).text() for r in range(accounts.table.rowCount())]
    assert "Group organiser" in shown
    assert accounts.new_member.text() == "Choose a member…"  # the form is ready for another
    eleri = staff_service.sign_in(ctx.db, "eleri", "caffi-2468")
    assert [r.title for r in opp.list_opportunities(ctx.db, staff_user_id=eleri.id)] == [
        "Repair café fixers"
    ]


def test_an_organiser_account_without_a_member_is_refused_under_the_field(
    qtbot: Any, accounts: StaffAccounts
) -> None:
    accounts.new_role.setCurrentIndex(accounts.new_role.findData(str(StaffRole.ORGANISER)))
    qtbot.keyClicks(accounts.new_name, "Owain Rees")
    qtbot.keyClicks(accounts.new_username, "owain")
    qtbot.keyClicks(accounts.new_secret, "pin-12345")
    qtbot.keyClicks(accounts.new_secret_again, "pin-12345")
    qtbot.keyClick(accounts.new_secret_again, Qt.Key.Key_Return)
    member_field = accounts.new_fields["member_id"]
    qtbot.waitUntil(lambda: member_field.has_error, timeout=WAIT)
    assert "Choose the member this organiser account is for." in member_field.error.text()
    assert accounts.new_member.hasFocus()
    assert accounts.table.rowCount() == 1
