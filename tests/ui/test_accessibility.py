"""An accessibility audit of every screen: each control a keyboard can reach has a name a
screen reader can say, icon-only buttons have a tooltip too, no two labels on one screen share
an Alt letter, and Tab on the desk reaches every control."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTextEdit,
    QWidget,
)

from hubapp.models.database import Database
from hubapp.services import groups as group_service
from hubapp.services import members as member_service
from hubapp.services.members import MemberDetails
from hubapp.ui.app import Entrance, build_main_window
from hubapp.ui.context import AppContext
from hubapp.ui.groups import GroupsPage
from hubapp.ui.import_dialog import ImportDialog
from hubapp.ui.main_window import MainWindow
from hubapp.ui.members import DeskPage, MembersPage
from hubapp.ui.tasks import TaskRunner

WAIT = 10_000
CONTROLS = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QTextEdit, QPlainTextEdit,
            QAbstractItemView, QSlider, QTabBar)  # fmt: skip
# Parts of a bigger control that the control itself names (a combo's own text field).
PART_OF = (QComboBox, QAbstractSpinBox)


def describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton | QLineEdit) else ""
    name = widget.objectName()
    return f"{type(widget).__name__}({name or ''}{'; ' if name and text else ''}{text!r})"


def controls(window: QWidget) -> list[QWidget]:
    """The visible controls in `window` that can take the keyboard focus."""
    found: list[QWidget] = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or not widget.isVisible():
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if isinstance(widget.parentWidget(), PART_OF):
            continue
        found.append(widget)
    return found


def buddies(window: QWidget) -> list[QWidget]:
    """The controls that a visible label names."""
    labelled = []
    for label in window.findChildren(QLabel):
        buddy = label.buddy()
        if buddy is not None and label.isVisible() and label.text().strip():
            labelled.append(buddy)
    return labelled


def unnamed(window: QWidget) -> list[str]:
    """Controls a screen reader could not name, and icon-only buttons without a tooltip."""
    labelled = buddies(window)
    offenders = []
    for widget in controls(window):
        text = widget.text().replace("&", "").strip() if isinstance(widget, QAbstractButton) else ""
        by_label = any(buddy is widget for buddy in labelled)
        named = bool(widget.accessibleName().strip() or text or by_label)
        icon_only = isinstance(widget, QAbstractButton) and not text and not widget.icon().isNull()
        if icon_only and not (widget.accessibleName().strip() and widget.toolTip().strip()):
            offenders.append(f"{describe(widget)}: icon-only, needs a name and a tooltip")
        elif not named:
            offenders.append(f"{describe(widget)}: no accessible name")
    return offenders


def mnemonic(text: str) -> str | None:
    plain = text.replace("&&", "")
    if "&" not in plain or plain.lstrip().startswith("<"):  # rich text has entities, not letters
        return None
    at = plain.index("&") + 1
    return plain[at].lower() if at < len(plain) else None


def mnemonic_clashes(window: QWidget) -> list[str]:
    """Letters used by more than one visible label or button in the same window."""
    owners: dict[str, list[str]] = {}
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, QLabel | QAbstractButton) or not widget.isVisible():
            continue
        if isinstance(widget, QLabel) and widget.buddy() is None:
            continue  # without a buddy, Alt+letter does nothing
        letter = mnemonic(widget.text())
        if letter is not None and widget.window() is window:
            owners.setdefault(letter, []).append(widget.text())
    return [f"Alt+{k.upper()}: {v}" for k, v in sorted(owners.items()) if len(v) > 1]


def audit(window: QWidget) -> list[str]:
    return unnamed(window) + mnemonic_clashes(window)


# ----- the screens -------------------------------------------------------------------------------


def add_people(db: Database, staff_id: str | None) -> tuple[str, str]:
    def sign_up(first: str, last: str, **more: Any) -> str:
        details = MemberDetails(first_name=first, last_name=last, **more)
        return member_service.sign_up_member(db, details, staff_user_id=staff_id,
                                             confirmed_different=True).id  # fmt: skip

    sian = sign_up("Siân", "Llewellyn", email="sian@example.org", postcode="SA19 6AB",
                   skills=["Gardening"], consents={"contact_email": True})  # fmt: skip
    sign_up("Jon", "Jones", postcode="SA20 0AB", phone="07700 900123")
    sign_up("Gwenllïan", "ap Dafydd", email="gwen@example.net")
    group = group_service.register_group(
        db, group_service.GroupDetails(name="Caffi Trwsio", purpose="Mending things"),
        staff_user_id=staff_id,
    )  # fmt: skip
    group_service.enlist_member(db, group.id, sian, "organiser", staff_user_id=staff_id)
    group_service.register_group(db, group_service.GroupDetails(name="Côr Meibion"),
                                 staff_user_id=staff_id)  # fmt: skip
    return sian, group.id


@pytest.fixture
def window(qtbot: Any, ctx: AppContext) -> Iterator[MainWindow]:
    people = add_people(ctx.db, ctx.staff_id)
    window = build_main_window(ctx)
    window.people = people  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    yield window
    ctx.tasks.wait(WAIT)


def desk(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("desk")
    return window


def desk_with_a_match(qtbot: Any, window: MainWindow) -> QWidget:
    """The likely-duplicate panel beside the form, and the toast of the last sign-up."""
    window.show_section("desk")
    page = window.page_by_key["desk"]
    assert isinstance(page, DeskPage)
    for name, text in (("first_name", "Sian"), ("last_name", "Llewelyn"), ("postcode", "SA19 6AB")):
        page.form.edits[name].setText(text)
    page.check_duplicates()
    assert page.panel.showing
    window.ctx.events.notify.emit("Jon Jones signed up", lambda: None)
    assert window.toast.isVisible()
    return window


def members_list(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("members")
    page = window.page_by_key["members"]
    assert isinstance(page, MembersPage)
    page.refresh()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 3, timeout=WAIT)
    return window


def member_page(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("members")
    page = window.page_by_key["members"]
    assert isinstance(page, MembersPage)
    page.show_member(window.people[0])  # type: ignore[attr-defined]
    assert page.stack.currentWidget() is page.profile
    return window


def member_edit(qtbot: Any, window: MainWindow) -> QWidget:
    member_page(qtbot, window)
    page = window.page_by_key["members"]
    assert isinstance(page, MembersPage)
    page.edit_member(window.people[0])  # type: ignore[attr-defined]
    assert page.stack.currentWidget() is page.editor
    return window


def groups_list(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("groups")
    page = window.page_by_key["groups"]
    assert isinstance(page, GroupsPage)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 2, timeout=WAIT)
    return window


def group_page(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("groups")
    page = window.page_by_key["groups"]
    assert isinstance(page, GroupsPage)
    page.show_group(window.people[1])  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: page.group.model.rowCount() == 1, timeout=WAIT)
    page.group.table.selectRow(0)  # the bar for the chosen member shows too
    return window


def register_group(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("groups")
    page = window.page_by_key["groups"]
    assert isinstance(page, GroupsPage)
    page.register_group()
    return window


def settings(qtbot: Any, window: MainWindow) -> QWidget:
    window.show_section("settings")
    return window


def lock_screen(qtbot: Any, window: MainWindow) -> QWidget:
    window.lock()
    assert window.locked
    return window


SCREENS: dict[str, Callable[[Any, MainWindow], QWidget]] = {
    "desk": desk,
    "desk with a likely duplicate": desk_with_a_match,
    "members list": members_list,
    "member page": member_page,
    "member edit form": member_edit,
    "groups list": groups_list,
    "group page": group_page,
    "register a group": register_group,
    "settings": settings,
    "lock screen": lock_screen,
}


@pytest.mark.parametrize("screen", SCREENS)
def test_main_window_screens(qtbot: Any, window: MainWindow, screen: str) -> None:
    shown = SCREENS[screen](qtbot, window)
    assert len(controls(shown)) >= 3  # the audit looked at something
    offenders = audit(shown)
    assert not offenders, f"{screen}:\n" + "\n".join(offenders)


@pytest.fixture
def entrance(qtbot: Any, db: Database) -> Iterator[Entrance]:
    tasks = TaskRunner()
    screen = Entrance(db, tasks)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitExposed(screen)
    yield screen
    tasks.wait(WAIT)


def test_first_run_screen(entrance: Entrance) -> None:
    entrance.show_first_run()
    assert len(controls(entrance)) >= 5
    offenders = audit(entrance)
    assert not offenders, "\n".join(offenders)


def test_sign_in_screen(entrance: Entrance) -> None:
    entrance.show_sign_in("Llandovery Library")
    assert len(controls(entrance)) >= 3
    offenders = audit(entrance)
    assert not offenders, "\n".join(offenders)


def test_import_dialog_first_step(qtbot: Any, ctx: AppContext) -> None:
    dialog = ImportDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert len(controls(dialog)) >= 3
    offenders = audit(dialog)
    assert not offenders, "\n".join(offenders)
    ctx.tasks.wait(WAIT)


def test_sign_up_into_a_group_dialog(qtbot: Any, window: MainWindow) -> None:
    group_page(qtbot, window)
    view = window.page_by_key["groups"].group  # type: ignore[attr-defined]
    view.sign_up_new("Sian Llewelyn")
    dialog = view.signup_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.edits["postcode"].setText("SA19 6AB")
    qtbot.keyClick(dialog.edits["postcode"], Qt.Key.Key_Return)  # shows the likely match
    qtbot.waitUntil(dialog.matches_box.isVisible, timeout=WAIT)
    assert len(controls(dialog)) >= 5
    offenders = audit(dialog)
    assert not offenders, "\n".join(offenders)
    dialog.reject()


def test_the_audit_catches_what_it_should(qtbot: Any) -> None:
    """The checks above can fail: a nameless field, a bare icon and a doubled letter."""
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    from hubapp.ui import theme

    def labelled(text: str) -> QLabel:
        label = QLabel(text)
        label.setBuddy(QLineEdit(host))  # named by its label alone: that is enough
        layout.addWidget(label.buddy())
        return label

    host = QWidget()
    qtbot.addWidget(host)
    layout = QVBoxLayout(host)
    layout.addWidget(QLineEdit())  # no name at all
    layout.addWidget(QPushButton(theme.icon("mdi6.close"), ""))  # a bare icon
    layout.addWidget(QPushButton("&Save"))  # Alt+S twice
    layout.addWidget(labelled("&Surname"))
    layout.addWidget(labelled("&Name"))
    host.show()
    qtbot.waitExposed(host)
    found = audit(host)
    assert len(found) == 3, found
    assert "no accessible name" in found[0] and "icon-only" in found[1]
    assert found[2].startswith("Alt+S:")


# ----- the desk's tab chain ----------------------------------------------------------------------


def test_tab_from_the_first_field_reaches_every_control_on_the_desk(
    qtbot: Any, window: MainWindow
) -> None:
    window.show_section("desk")
    page = window.page_by_key["desk"]
    assert isinstance(page, DeskPage)
    desk_with_a_match(qtbot, window)  # a match in the panel: its controls are in play too
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    first = page.form.first_field()
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
    tabbable = [
        w for w in controls(page)
        if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()
    ]  # fmt: skip
    missed = [describe(w) for w in tabbable if w not in reached]
    assert not missed, "Tab never reaches:\n" + "\n".join(missed)
