"""The librarian's whole day at the desk, through the real app: first run, signing out and in,
signing people up with the keyboard alone, a likely duplicate, a bad postcode fixed without
losing anything, finding a member, enlisting them in a group, and importing a messy CSV."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from hubapp.models.database import Database
from hubapp.services import groups as group_service
from hubapp.services import staff as staff_service
from hubapp.services.member_profile import get_member_profile
from hubapp.ui import import_dialog
from hubapp.ui.app import AppFlow
from hubapp.ui.groups import GroupsPage
from hubapp.ui.import_dialog import ImportDialog
from hubapp.ui.main_window import MainWindow
from hubapp.ui.members import DeskPage, MembersPage
from hubapp.ui.tasks import TaskRunner

MESSY = Path(__file__).parent.parent / "data" / "csv" / "messy-cp1252.csv"
WAIT = 10_000  # a loaded machine is slow; the waits end as soon as the thing happens
SECRET = "a good secret"
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture(autouse=True)
def fresh_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrong guesses in other tests must not lock this account out."""
    monkeypatch.setattr(staff_service, "_failures", {})


@pytest.fixture
def flow(qtbot: Any, db: Database) -> Iterator[AppFlow]:
    tasks = TaskRunner()
    app_flow = AppFlow(db, tasks)
    qtbot.addWidget(app_flow.entrance)
    yield app_flow
    tasks.wait(WAIT)
    if app_flow.main_window is not None:
        app_flow.main_window.close()


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_text(qtbot: Any, text: str) -> None:
    """Types into whatever has the focus, letters QTest cannot type (â, é) included."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(focus(), char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(focus(), event)


def press(qtbot: Any, key: Qt.Key, times: int = 1, modifier: Any = None) -> None:
    for _ in range(times):
        qtbot.keyClick(focus(), key, modifier or Qt.KeyboardModifier.NoModifier)


def answer_next_question(button: QMessageBox.StandardButton) -> None:
    """Presses `button` on the question box about to open (it runs its own event loop)."""
    tries = [500]

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(button).click()
        elif tries[0] > 0:
            tries[0] -= 1
            QTimer.singleShot(10, answer)

    QTimer.singleShot(0, answer)


def window_of(qtbot: Any, flow: AppFlow) -> MainWindow:
    qtbot.waitUntil(lambda: flow.main_window is not None and flow.main_window.isVisible(),
                    timeout=WAIT)  # fmt: skip
    window = flow.main_window
    assert window is not None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=WAIT)
    return window


def wait_for_focus(qtbot: Any, widget: QWidget) -> None:
    """Waits until `widget` has its window's focus and the window is the active one. (Offscreen,
    a window can lose its activation to a hidden popup, which a desktop would give back.)"""
    window = widget.window()
    qtbot.waitUntil(lambda: window.focusWidget() is widget, timeout=WAIT)
    if not window.isActiveWindow():
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    qtbot.waitUntil(lambda: focus() is widget, timeout=WAIT)


def shown_names(page: MembersPage) -> list[str]:
    model = page.list.model
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def first_run_and_sign_in_again(qtbot: Any, flow: AppFlow, db: Database) -> MainWindow:
    flow.start()
    setup = flow.entrance.first_run
    assert flow.entrance.currentWidget() is setup
    qtbot.waitExposed(flow.entrance)
    flow.entrance.activateWindow()
    qtbot.waitUntil(flow.entrance.isActiveWindow, timeout=WAIT)
    setup.hub_name.setFocus()
    type_text(qtbot, "Llyfrgell Llanymddyfri")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Rhian Jones")
    assert setup.username.text() == "rhian"  # suggested from the name
    press(qtbot, Qt.Key.Key_Tab, 2)  # past the suggested user name
    assert focus() is setup.secret
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Return)
    window = window_of(qtbot, flow)
    assert window.staff.role == "admin"
    assert window.hub_label.text.text() == "Llyfrgell Llanymddyfri"
    assert not staff_service.needs_first_run(db)

    qtbot.keyClick(window.sign_out_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: flow.entrance.isVisible(), timeout=WAIT)
    sign_in = flow.entrance.sign_in
    assert flow.main_window is None
    assert flow.entrance.currentWidget() is sign_in
    flow.entrance.activateWindow()
    qtbot.waitUntil(sign_in.username.hasFocus, timeout=WAIT)
    type_text(qtbot, "rhian")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "not my secret")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: sign_in.message.isVisible(), timeout=WAIT)
    assert "do not match" in sign_in.message.text()
    assert flow.main_window is None
    assert focus() is sign_in.secret and sign_in.secret.text() == ""
    type_text(qtbot, SECRET)
    press(qtbot, Qt.Key.Key_Return)
    window = window_of(qtbot, flow)
    assert window.staff.username == "rhian"
    assert window.current_section() == "desk"
    return window


def test_a_day_at_the_desk(qtbot: Any, flow: AppFlow, db: Database, monkeypatch: Any) -> None:
    window = first_run_and_sign_in_again(qtbot, flow, db)
    desk = window.page_by_key["desk"]
    members = window.page_by_key["members"]
    groups = window.page_by_key["groups"]
    assert isinstance(desk, DeskPage) and isinstance(members, MembersPage)
    assert isinstance(groups, GroupsPage)
    form = desk.form
    wait_for_focus(qtbot, form.first_field())

    # --- Sign a person up with the keyboard alone ----------------------------------------------
    type_text(qtbot, "Siân")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Llewellyn")
    press(qtbot, Qt.Key.Key_Tab, 3)  # past the preferred name and date of birth
    type_text(qtbot, "sian@example.org")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "07700900123")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "sa196ab")
    press(qtbot, Qt.Key.Key_Tab)
    assert form.edits["postcode"].text() == "SA19 6AB"
    type_text(qtbot, "3 Heol y Castell")
    with qtbot.waitSignal(desk.saved, timeout=WAIT) as saved:
        press(qtbot, Qt.Key.Key_Return)
    sian = saved.args[0]
    qtbot.waitUntil(lambda: window.toast.isVisible(), timeout=WAIT)
    assert window.toast.message.text() == "Siân Llewellyn signed up"
    assert form.edits["email"].text() == ""  # ready for the next person
    details = get_member_profile(db, sian).details
    assert (details.phone, details.postcode) == ("+447700900123", "SA19 6AB")

    # --- A similar name at the same postcode: the likely duplicate, opened with Ctrl+O ---------
    wait_for_focus(qtbot, form.first_field())
    type_text(qtbot, "Sian")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "Llewelyn")
    press(qtbot, Qt.Key.Key_Tab, 5)
    assert focus() is form.edits["postcode"]
    type_text(qtbot, "SA19 6AB")
    qtbot.waitUntil(lambda: desk.panel.showing, timeout=WAIT)
    assert desk.panel.list.item(0).text().startswith("Siân Llewellyn")
    press(qtbot, Qt.Key.Key_O, modifier=CTRL)
    qtbot.waitUntil(lambda: window.current_section() == "members", timeout=WAIT)
    assert members.stack.currentWidget() is members.profile
    assert members.profile.title.text() == "Siân Llewellyn"
    assert members.current_member_id() == sian

    # --- Back at the desk: nothing was lost by looking; start again for someone else -----------
    qtbot.keyClick(window, Qt.Key.Key_1, CTRL)
    assert window.current_section() == "desk"
    assert form.first_field().text() == "Sian" and form.edits["postcode"].text() == "SA19 6AB"
    form.first_field().setFocus()
    answer_next_question(QMessageBox.StandardButton.Discard)
    press(qtbot, Qt.Key.Key_Escape)
    assert form.first_field().text() == "" and form.edits["postcode"].text() == ""
    wait_for_focus(qtbot, form.first_field())

    # --- A bad postcode: the message under the field, the focus on it, nothing lost ------------
    type_text(qtbot, "Gwen")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "ap Dafydd")
    press(qtbot, Qt.Key.Key_Tab, 3)
    type_text(qtbot, "gwen@example.net")
    press(qtbot, Qt.Key.Key_Tab)
    type_text(qtbot, "01550 720456")
    press(qtbot, Qt.Key.Key_Tab, 2)
    type_text(qtbot, "1 Stryd Fawr")
    press(qtbot, Qt.Key.Key_Backtab)
    assert focus() is form.edits["postcode"]
    type_text(qtbot, "SA19 6XX9")
    with qtbot.waitSignal(desk.save_refused, timeout=WAIT):
        press(qtbot, Qt.Key.Key_Return)
    postcode = form.fields["postcode"]
    assert postcode.has_error and "SA19 6AB" in postcode.error.text()
    assert focus() is form.edits["postcode"]
    typed = {name: form.edits[name].text() for name in
             ("first_name", "last_name", "email", "phone", "postcode", "address")}  # fmt: skip
    assert typed == {
        "first_name": "Gwen", "last_name": "ap Dafydd", "email": "gwen@example.net",
        "phone": "01550 720456", "postcode": "SA19 6XX9", "address": "1 Stryd Fawr",
    }  # fmt: skip
    press(qtbot, Qt.Key.Key_A, modifier=CTRL)
    type_text(qtbot, "sa19 6ab")
    with qtbot.waitSignal(desk.saved, timeout=WAIT) as saved:
        press(qtbot, Qt.Key.Key_Return)
    gwen = saved.args[0]
    assert not postcode.has_error
    details = get_member_profile(db, gwen).details
    assert (details.first_name, details.postcode, details.address) == (
        "Gwen", "SA19 6AB", "1 Stryd Fawr",
    )  # fmt: skip

    # --- Find her in Members by part of her surname --------------------------------------------
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_section() == "members"
    if members.stack.currentWidget() is members.profile:  # still on Siân's page
        members.profile.edit.setFocus()
        press(qtbot, Qt.Key.Key_Left, modifier=ALT)
    assert members.stack.currentWidget() is members.list
    members.list.search.setFocus()
    with qtbot.waitSignal(members.list.searched, timeout=WAIT):
        type_text(qtbot, "dafy")
    qtbot.waitUntil(lambda: shown_names(members) == ["Gwen ap Dafydd"], timeout=WAIT)
    assert members.list.count.text() == "1 of 2 members"

    # --- Register a group and enlist her with the picker ---------------------------------------
    qtbot.keyClick(window, Qt.Key.Key_3, CTRL)
    assert window.current_section() == "groups"
    qtbot.waitUntil(lambda: groups.list.has_loaded, timeout=WAIT)
    assert groups.list.states.currentWidget() is groups.list.empty
    groups.list.empty.button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert groups.stack.currentWidget() is groups.form
    assert focus() is groups.form.name
    type_text(qtbot, "Caffi Trwsio")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: groups.stack.currentWidget() is groups.group, timeout=WAIT)
    qtbot.waitUntil(lambda: groups.group.profile is not None, timeout=WAIT)
    view = groups.group
    assert view.header.title.text() == "Caffi Trwsio"
    wait_for_focus(qtbot, view.picker.edit)
    with qtbot.waitSignal(view.picker.searched, timeout=WAIT):
        type_text(qtbot, "gwen")
    assert view.picker.popup.isVisible()
    press(qtbot, Qt.Key.Key_Down)
    assert view.picker.results.currentItem().text().startswith("Gwen ap Dafydd")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=WAIT)
    assert group_service.group_member_ids(db, view.group_id) == {gwen}
    assert view.members_title.text() == "Members (1)"

    # --- Import the messy spreadsheet from the Members page, skipping the bad rows -------------
    # The file chooser is the system's own; the test stands in for the librarian's choice.
    monkeypatch.setattr(import_dialog.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *_a, **_k: (str(MESSY), "")))  # fmt: skip
    # exec() would run the dialog's own event loop, out of the test's reach; open() is the
    # same window-modal dialog without it.
    monkeypatch.setattr(ImportDialog, "exec", lambda self: self.open())
    qtbot.keyClick(window, Qt.Key.Key_2, CTRL)
    assert window.current_section() == "members"
    importer = next(b for b in members.list.findChildren(import_dialog.QPushButton)
                    if b.text().replace("&", "") == "Import from CSV…")  # fmt: skip
    assert importer.isVisible()
    importer.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    dialog = members.findChild(ImportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    wait_for_focus(qtbot, dialog.path_edit)
    press(qtbot, Qt.Key.Key_R, modifier=ALT)  # "Browse…" (pressed after a short flash)
    qtbot.waitUntil(lambda: dialog.path_edit.text() == str(MESSY), timeout=WAIT)
    dialog.path_edit.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.COLUMNS, timeout=WAIT)
    assert "Windows-1252" in dialog.mapping_page.summary.text()
    first_column = dialog.mapping_page.first_combo()
    assert first_column is not None
    wait_for_focus(qtbot, first_column)
    press(qtbot, Qt.Key.Key_Return)  # the proposed columns are right
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.ROWS, timeout=WAIT)
    assert dialog.bad_list.count() == 2
    assert dialog.bad_list.item(0).text().startswith("Row 7:")
    assert not dialog.next_button.isEnabled()
    wait_for_focus(qtbot, dialog.skip_bad)
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.next_button.isEnabled()
    with qtbot.waitSignal(members.list.searched, timeout=WAIT):  # the list refreshes itself
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.DONE, timeout=WAIT)
    assert "2 bad rows were skipped" in dialog.done_lines.text()
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)

    with qtbot.waitSignal(members.list.searched, timeout=WAIT):
        members.list.search.clear()
    names = shown_names(members)
    for person in ("Rhodri Morgan", "Nia O’Connor", "Siobhán Ó Briain", "Dafydd ap Rhys"):
        assert person in names, person
    assert "Mererid Hopwood" not in names and "Geraint Thomas" not in names  # bad rows
    assert names.count("Siân Llewellyn") == 1  # matched to the one signed up at the desk
