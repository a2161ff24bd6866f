"""The main window's frame: sections by role, shortcuts, global search, toasts, the status
bar, settings and the theme."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hubapp.models.database import Database
from hubapp.models.vocab import StaffRole
from hubapp.services import staff as staff_service
from hubapp.services.groups import GroupDetails, register_group
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import SignedInStaff
from hubapp.ui import theme
from hubapp.ui.app import build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import MainWindow, SyncState
from hubapp.ui.tasks import TaskRunner
from tests.ui.stand_ins import use_stand_in_pages


@pytest.fixture(autouse=True)
def stand_in_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    use_stand_in_pages(monkeypatch)


def open_window(qtbot: Any, ctx: AppContext) -> MainWindow:
    window = build_main_window(ctx)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    return window


@pytest.fixture
def window(qtbot: Any, ctx: AppContext) -> MainWindow:
    return open_window(qtbot, ctx)


@pytest.fixture
def desk_ctx(qtbot: Any, db: Database, admin: SignedInStaff) -> Any:
    staff_service.add_staff(db, admin, "bethan", "Bethan Morgan", StaffRole.DESK, "pin-4821")
    runner = TaskRunner()
    yield AppContext(db=db, tasks=runner, staff=staff_service.sign_in(db, "bethan", "pin-4821"))
    runner.wait(10_000)


def test_sections_in_order_with_settings_last(window: MainWindow) -> None:
    assert window.rail.sections() == [
        "desk", "members", "groups", "meetings", "opportunities", "feedback", "settings"
    ]  # fmt: skip
    assert window.current_section() == "desk"


def test_a_desk_account_sees_no_staff_management(qtbot: Any, desk_ctx: AppContext) -> None:
    window = open_window(qtbot, desk_ctx)
    # No meetings; opportunities (a groups permission) and feedback, yes.
    assert window.rail.sections() == [
        "desk", "members", "groups", "opportunities", "feedback", "settings"
    ]  # fmt: skip
    assert window.settings.staff_section is None
    assert not hasattr(window.settings, "idle_minutes")
    assert "Bethan Morgan · Desk" in window.staff_label.text.text()


def test_an_administrator_manages_staff_and_the_screen_lock(window: MainWindow) -> None:
    assert window.settings.staff_section is not None
    assert window.settings.idle_minutes.value() == staff_service.DEFAULT_IDLE_LOCK_MINUTES


def test_ctrl_number_switches_sections(qtbot: Any, window: MainWindow) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(window, Qt.Key.Key_2, ctrl)
    assert window.current_section() == "members"
    qtbot.keyClick(window, Qt.Key.Key_4, ctrl)
    assert window.current_section() == "meetings"
    qtbot.keyClick(window, Qt.Key.Key_5, ctrl)
    assert window.current_section() == "opportunities"
    qtbot.keyClick(window, Qt.Key.Key_6, ctrl)
    assert window.current_section() == "feedback"
    qtbot.keyClick(window, Qt.Key.Key_7, ctrl)
    assert window.current_section() == "settings"
    assert window.pages.currentWidget() is window.settings
    assert QApplication.focusWidget() is window.settings.theme_choice  # its first field
    qtbot.keyClick(window, Qt.Key.Key_1, ctrl)
    assert window.current_section() == "desk"


def test_arrow_keys_move_along_the_rail(qtbot: Any, window: MainWindow) -> None:
    desk = window.rail.button("desk")
    assert desk is not None
    desk.setFocus()
    qtbot.keyClick(desk, Qt.Key.Key_Down)
    assert window.current_section() == "members"


def test_ctrl_k_finds_a_member_and_opens_them(
    qtbot: Any, ctx: AppContext, window: MainWindow
) -> None:
    member = sign_up_member(
        ctx.db,
        MemberDetails(first_name="Siân", last_name="Llewellyn", postcode="SA20 0AB"),
        staff_user_id=ctx.staff_id,
    )
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.search.hasFocus()
    qtbot.keyClicks(window.search, "llewel")
    qtbot.waitUntil(lambda: window.search.popup.isVisible())
    assert "Siân Llewellyn" in window.search.results.item(0).text()

    with qtbot.waitSignal(ctx.events.open_member) as opened:
        qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert opened.args == [member.id]
    assert window.current_section() == "members"
    assert window.search.text() == ""
    assert not window.search.popup.isVisible()


def test_global_search_opens_a_group(qtbot: Any, ctx: AppContext, window: MainWindow) -> None:
    group = register_group(
        ctx.db, GroupDetails(name="Llandovery Walkers"), staff_user_id=ctx.staff_id
    )
    window.focus_search()
    qtbot.keyClicks(window.search, "walkers")
    qtbot.waitUntil(lambda: window.search.popup.isVisible())
    with qtbot.waitSignal(ctx.events.open_group) as opened:
        qtbot.keyClick(window.search, Qt.Key.Key_Enter)
    assert opened.args == [group.id]
    assert window.current_section() == "groups"


def test_global_search_says_when_nothing_matches(qtbot: Any, window: MainWindow) -> None:
    window.focus_search()
    qtbot.keyClicks(window.search, "zzzz")
    qtbot.waitUntil(lambda: window.search.popup.isVisible())
    assert window.search.results.count() == 1
    assert "Nothing matches" in window.search.results.item(0).text()
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert not window.search.popup.isVisible()
    assert window.search.text() == ""


def test_a_toast_with_undo_calls_the_undo_once(ctx: AppContext, window: MainWindow) -> None:
    undone: list[str] = []
    ctx.events.notify.emit("Siân Llewellyn added", lambda: undone.append("undo"))
    assert window.toast.isVisible()
    assert window.toast.message.text() == "Siân Llewellyn added"
    assert window.toast.undo_button.isVisible()

    window.toast.undo_button.click()
    assert undone == ["undo"]
    assert not window.toast.isVisible()
    window.toast.undo()  # nothing left to undo
    assert undone == ["undo"]


def test_a_toast_without_undo_has_no_undo_button(ctx: AppContext, window: MainWindow) -> None:
    ctx.events.notify.emit("Settings saved", None)
    assert window.toast.isVisible()
    assert not window.toast.undo_button.isVisible()
    assert not window.toast.has_undo


def test_status_bar_says_who_where_and_the_sync_truth(window: MainWindow) -> None:
    assert window.staff_label.text.text() == "Rhian Jones · Administrator"
    assert window.hub_label.text.text() == "Llandovery Library"
    sync = window.sync_status
    assert sync.state == SyncState.OFFLINE
    assert "Working offline" in sync.text.text()
    sync.set_state(SyncState.WAITING, waiting=3)
    assert "3" in sync.text.text() and "waiting" in sync.text.text()
    sync.set_state(SyncState.SYNCING, done=40, total=120)
    assert "40 of 120" in sync.text.text()


def test_saving_the_idle_time_reaches_the_lock(
    qtbot: Any, ctx: AppContext, window: MainWindow
) -> None:
    window.settings.idle_minutes.setValue(12)
    qtbot.mouseClick(window.settings.idle_minutes_save, Qt.MouseButton.LeftButton)
    assert staff_service.idle_lock_minutes(ctx.db) == 12
    assert window.idle.timeout_ms == 12 * 60_000


def test_adding_and_switching_off_a_staff_account(
    qtbot: Any, ctx: AppContext, window: MainWindow
) -> None:
    accounts = window.settings.staff_section
    assert accounts is not None
    notes: list[tuple[str, Any]] = []
    ctx.events.notify.connect(lambda text, undo: notes.append((text, undo)))
    qtbot.keyClicks(accounts.new_name, "Bethan Morgan")
    qtbot.keyClicks(accounts.new_username, "bethan")
    accounts.new_role.setCurrentIndex(accounts.new_role.findData(str(StaffRole.CLERK)))
    qtbot.keyClicks(accounts.new_secret, "pin-4821")
    qtbot.keyClicks(accounts.new_secret_again, "pin-4821")
    qtbot.keyClick(accounts.new_secret_again, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: accounts.table.rowCount() == 2)
    assert accounts.new_name.text() == ""
    bethan = next(r for r in staff_service.list_staff(ctx.db) if r.username == "bethan")
    assert bethan.role == StaffRole.CLERK and bethan.active

    accounts.table.selectRow([r.id for r in accounts.rows].index(bethan.id))
    assert accounts.switch.isEnabled()
    qtbot.mouseClick(accounts.switch, Qt.MouseButton.LeftButton)
    assert not next(r for r in staff_service.list_staff(ctx.db) if r.id == bethan.id).active
    text, undo = notes[-1]
    assert "can no longer sign in" in text
    undo()
    assert next(r for r in staff_service.list_staff(ctx.db) if r.id == bethan.id).active


def test_you_cannot_switch_off_your_own_account(window: MainWindow) -> None:
    accounts = window.settings.staff_section
    assert accounts is not None
    accounts.table.selectRow(0)
    assert accounts.rows[0].username == "rhian"
    assert not accounts.switch.isEnabled()


@pytest.fixture
def restore_theme() -> Any:
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    app.setStyleSheet("")


def test_choosing_high_contrast_applies_and_is_remembered(
    ctx: AppContext, window: MainWindow, restore_theme: None
) -> None:
    combo = window.settings.theme_choice
    combo.setCurrentIndex(combo.findData(str(theme.ThemeChoice.HIGH_CONTRAST)))
    assert ctx.db.get_setting(theme.THEME_SETTING) == "high_contrast"
    assert theme.colours() is theme.HIGH_CONTRAST
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.palette().window().color().name() == "#000000"
    assert "$" not in app.styleSheet()


@pytest.mark.parametrize("colours", [theme.LIGHT, theme.DARK, theme.HIGH_CONTRAST])
def test_every_theme_keeps_text_readable(colours: theme.Colours) -> None:
    for background in (colours.window, colours.surface):
        for name in ("text", "muted", "accent", "error", "warning", "success"):
            ratio = theme.contrast_ratio(getattr(colours, name), background)
            assert ratio >= 4.5, f"{name} on {background}: {ratio:.2f}"
        # Field borders and other controls: WCAG's 3:1 for non-text contrast.
        assert theme.contrast_ratio(colours.border_strong, background) >= 3
    assert theme.contrast_ratio(colours.on_accent, colours.accent) >= 4.5
    assert theme.contrast_ratio(colours.on_accent_soft, colours.accent_soft) >= 4.5
    assert theme.contrast_ratio(colours.toast_text, colours.toast_bg) >= 4.5
    assert theme.contrast_ratio(colours.toast_action, colours.toast_bg) >= 4.5


@pytest.mark.parametrize(
    "choice", [theme.ThemeChoice.LIGHT, theme.ThemeChoice.DARK, theme.ThemeChoice.HIGH_CONTRAST]
)
def test_every_rail_label_fits_in_every_theme(
    window: MainWindow, restore_theme: None, choice: theme.ThemeChoice
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.apply_theme(app, choice)
    window.resize(1280, 800)
    window.show()
    QApplication.processEvents()
    for key in window.rail.sections():
        button = window.rail.button(key)
        assert button is not None
        # Qt's own measure of the label, icon, padding and border it needs: not cut ("Fee…ack").
        assert button.sizeHint().width() <= button.width(), (key, choice)
        assert button.geometry().right() < window.rail.width()
    assert window.rail.width() <= 140  # still a rail, not a panel
