"""First-run set-up, signing in and out, and the idle lock, driven through the real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel

from hubapp.models.database import Database
from hubapp.services import staff as staff_service
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import SignedInStaff
from hubapp.ui.app import AppFlow, build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.main_window import MainWindow
from hubapp.ui.tasks import TaskRunner
from tests.ui.stand_ins import use_stand_in_pages

ADMIN_SECRET = "correct horse"  # the conftest `admin` fixture's password


@pytest.fixture(autouse=True)
def fresh_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrong guesses in other tests must not lock these accounts out."""
    monkeypatch.setattr(staff_service, "_failures", {})


@pytest.fixture(autouse=True)
def stand_in_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    use_stand_in_pages(monkeypatch)


@pytest.fixture
def flow(qtbot: Any, db: Database) -> Iterator[AppFlow]:
    tasks = TaskRunner()
    app_flow = AppFlow(db, tasks)
    qtbot.addWidget(app_flow.entrance)
    yield app_flow
    tasks.wait(10_000)
    if app_flow.main_window is not None:
        app_flow.main_window.close()


def type_text(widget: Any, text: str) -> None:
    """Types like a keyboard would, including letters QTest cannot (â, ï)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def visible_texts(widget: Any) -> str:
    return " ".join(label.text() for label in widget.findChildren(QLabel) if label.isVisible())


def signed_in_window(qtbot: Any, flow: AppFlow) -> MainWindow:
    qtbot.waitUntil(lambda: flow.main_window is not None and flow.main_window.isVisible())
    assert flow.main_window is not None
    return flow.main_window


def test_first_run_creates_the_admin_and_lands_on_the_main_window(
    qtbot: Any, flow: AppFlow, db: Database
) -> None:
    flow.start()
    screen = flow.entrance.first_run
    assert flow.entrance.currentWidget() is screen
    qtbot.keyClicks(screen.hub_name, "Llandovery Library")
    type_text(screen.display_name, "Siân Llewellyn")
    assert screen.username.text() == "sian"  # suggested from the name
    qtbot.keyClicks(screen.secret, "a good secret")
    qtbot.keyClicks(screen.secret_again, "a good secret")
    qtbot.keyClick(screen.secret_again, Qt.Key.Key_Return)

    window = signed_in_window(qtbot, flow)
    assert not flow.entrance.isVisible()
    assert not staff_service.needs_first_run(db)
    assert window.staff.role == "admin"
    assert "Siân Llewellyn · Administrator" in window.staff_label.text.text()
    assert window.hub_label.text.text() == "Llandovery Library"
    assert staff_service.sign_in(db, "sian", "a good secret").display_name == "Siân Llewellyn"


def test_first_run_keeps_what_was_typed_when_the_secrets_differ(
    qtbot: Any, flow: AppFlow, db: Database
) -> None:
    flow.start()
    screen = flow.entrance.first_run
    qtbot.keyClicks(screen.hub_name, "Llandovery Library")
    qtbot.keyClicks(screen.display_name, "Rhian Jones")
    qtbot.keyClicks(screen.secret, "a good secret")
    qtbot.keyClicks(screen.secret_again, "a good secreT")
    qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)

    assert screen.fields["secret_again"].has_error
    assert screen.hub_name.text() == "Llandovery Library"
    assert staff_service.needs_first_run(db)
    assert flow.main_window is None


def test_first_run_shows_the_services_problems_by_the_fields(
    qtbot: Any, flow: AppFlow, db: Database
) -> None:
    flow.start()
    screen = flow.entrance.first_run
    qtbot.keyClicks(screen.display_name, "Rhian Jones")
    qtbot.keyClicks(screen.secret, "abc")
    qtbot.keyClicks(screen.secret_again, "abc")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: screen.fields["hub_name"].has_error)
    assert screen.fields["secret"].has_error
    assert not screen.fields["display_name"].has_error
    assert staff_service.needs_first_run(db)


def test_sign_in_with_a_wrong_then_the_right_secret(
    qtbot: Any, flow: AppFlow, admin: SignedInStaff
) -> None:
    flow.start()
    screen = flow.entrance.sign_in
    assert flow.entrance.currentWidget() is screen
    assert screen.title.text() == "Llandovery Library"
    qtbot.keyClicks(screen.username, "rhian")
    qtbot.keyClicks(screen.secret, "not my secret")
    qtbot.keyClick(screen.secret, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: screen.message.isVisible())
    assert "do not match" in screen.message.text()
    assert screen.secret.text() == ""
    assert screen.username.text() == "rhian"
    assert flow.main_window is None

    qtbot.keyClicks(screen.secret, ADMIN_SECRET)
    qtbot.keyClick(screen.secret, Qt.Key.Key_Enter)
    window = signed_in_window(qtbot, flow)
    assert window.staff.id == admin.id


def test_signing_out_returns_to_an_empty_sign_in_screen(
    qtbot: Any, flow: AppFlow, admin: SignedInStaff
) -> None:
    flow.start()
    flow.signed_in(admin)
    window = signed_in_window(qtbot, flow)
    qtbot.mouseClick(window.sign_out_button, Qt.MouseButton.LeftButton)

    assert flow.main_window is None
    assert flow.entrance.isVisible()
    assert flow.entrance.currentWidget() is flow.entrance.sign_in
    assert flow.entrance.sign_in.username.text() == ""
    assert flow.entrance.sign_in.secret.text() == ""


@pytest.fixture
def locking_window(qtbot: Any, ctx: AppContext) -> MainWindow:
    window = build_main_window(ctx, idle_timeout_ms=150)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_idle_lock_hides_everything_and_only_the_right_secret_unlocks(
    qtbot: Any, ctx: AppContext, locking_window: MainWindow
) -> None:
    window = locking_window
    member = sign_up_member(
        ctx.db,
        MemberDetails(first_name="Gwenllïan", last_name="ap Dafydd", postcode="SA19 6AB"),
        staff_user_id=ctx.staff_id,
    )
    window.search.setText("Dafydd")
    window.search.search_now()
    assert window.search.popup.isVisible()

    qtbot.waitUntil(lambda: window.locked, timeout=5_000)
    assert not window.workspace.isVisible()
    assert not window.search.popup.isVisible()
    assert window.search.text() == ""
    assert not window.statusBar().isVisible()
    shown = visible_texts(window)
    assert "Llandovery Library" in shown and "Rhian Jones" in shown
    assert "Gwenllïan" not in shown and "SA19" not in shown
    assert member.id

    lock = window.lock_screen
    qtbot.keyClicks(lock.secret, "a wrong guess")
    qtbot.keyClick(lock.secret, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lock.message.isVisible())
    assert window.locked
    assert lock.secret.text() == ""

    with qtbot.waitSignal(window.lock_changed) as unlocked:
        qtbot.keyClicks(lock.secret, ADMIN_SECRET)
        qtbot.keyClick(lock.secret, Qt.Key.Key_Return)
    assert unlocked.args == [False]
    assert window.workspace.isVisible()
    assert window.statusBar().isVisible()
    assert window.idle.timeout_ms == 150


def test_locking_wipes_the_lock_screen_and_hides_other_windows(qtbot: Any, ctx: AppContext) -> None:
    window = build_main_window(ctx)  # the hub's own idle time: minutes, not reached here
    qtbot.addWidget(window)
    window.show()
    dialog = QDialog(window)
    dialog.setModal(False)
    dialog.show()
    window.lock_screen.secret.setText("half-typed")

    window.lock()
    assert window.locked
    assert not dialog.isVisible()
    assert window.lock_screen.secret.text() == ""

    window.unlock()
    assert dialog.isVisible()
    assert not window.locked


def test_sign_in_as_someone_else_from_the_lock_screen(
    qtbot: Any, flow: AppFlow, admin: SignedInStaff
) -> None:
    flow.start()
    flow.signed_in(admin)
    window = signed_in_window(qtbot, flow)
    window.lock()
    qtbot.mouseClick(window.lock_screen.other, Qt.MouseButton.LeftButton)

    assert flow.main_window is None
    assert flow.entrance.currentWidget() is flow.entrance.sign_in
    assert flow.entrance.isVisible()
