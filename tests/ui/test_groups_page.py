"""The groups screens driven like a librarian would: keyboard first, real widgets, real database."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox, QPushButton, QWidget

from hubapp.models.vocab import GroupKind, GroupRole
from hubapp.services import groups
from hubapp.services.groups import GroupDetails
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.ui.context import AppContext
from hubapp.ui.groups import GroupsPage
from hubapp.ui.groups.signup_dialog import SignUpIntoGroupDialog

Notes = list[tuple[str, Callable[[], None] | None]]


@pytest.fixture
def notes(ctx: AppContext) -> Notes:
    caught: Notes = []
    ctx.events.notify.connect(lambda text, undo: caught.append((text, undo)))
    return caught


@pytest.fixture
def page(qtbot: Any, ctx: AppContext) -> GroupsPage:
    widget = GroupsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: widget.list.has_loaded)
    return widget


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    """Types like a keyboard would, Welsh letters included (QTest only knows ASCII)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def add_member(ctx: AppContext, first: str, last: str, email: str, postcode: str = "") -> str:
    details = MemberDetails(first_name=first, last_name=last, email=email, postcode=postcode)
    return sign_up_member(ctx.db, details, staff_user_id=ctx.staff_id).id


def open_group(qtbot: Any, page: GroupsPage, ctx: AppContext, name: str) -> str:
    group_id = groups.register_group(ctx.db, GroupDetails(name=name), staff_user_id=ctx.staff_id).id
    ctx.events.open_group.emit(group_id)
    qtbot.waitUntil(lambda: page.group.profile is not None and page.group.profile.id == group_id)
    return group_id


def roles_in(ctx: AppContext, group_id: str) -> dict[str, str]:
    return {m.member_id: m.role for m in groups.get_group(ctx.db, group_id).members}


def test_register_a_group_by_keyboard(
    qtbot: Any, page: GroupsPage, ctx: AppContext, notes: Notes
) -> None:
    assert page.list.states.currentWidget() is page.list.empty
    assert "No groups yet" in page.list.empty.message.text()
    page.list.empty.button.setFocus()
    qtbot.keyClick(page.list.empty.button, Qt.Key.Key_Space)
    form = page.form
    assert page.stack.currentWidget() is form
    assert form.name.hasFocus()

    # Enter with problems: messages under the fields, focus on the first, nothing lost.
    qtbot.keyClicks(form.contact_phone, "12345")
    qtbot.keyClick(form.contact_phone, Qt.Key.Key_Return)
    assert form.fields["name"].has_error and form.fields["contact_phone"].has_error
    assert form.name.hasFocus()
    assert form.contact_phone.text() == "12345"

    type_text(qtbot, form.name, "Côr Meibion")
    qtbot.keyClick(form.name, Qt.Key.Key_Tab)
    assert form.welsh_name.hasFocus()
    type_text(qtbot, form.welsh_name, "Côr Meibion Llanymddyfri")
    form.kind.setFocus()
    qtbot.keyClick(form.kind, Qt.Key.Key_Down)  # community group -> parish council
    form.contact_phone.selectAll()
    qtbot.keyClicks(form.contact_phone, "01550 720123")
    qtbot.keyClick(form.contact_phone, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.group)
    qtbot.waitUntil(lambda: page.group.profile is not None)
    assert page.group.header.title.text() == "Côr Meibion"
    assert ("Côr Meibion registered", None) in notes
    [row] = groups.list_groups(ctx.db)
    assert (row.name, row.kind) == ("Côr Meibion", GroupKind.PARISH_COUNCIL)
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1)

    # The same name again is refused with words under the name, and a way to open it.
    page.register_group()
    qtbot.keyClicks(form.name, "cor meibion")
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.fields["name"].has_error)
    assert "already a group called “Côr Meibion”" in form.fields["name"].error.text()
    assert form.name.text() == "cor meibion"
    assert form.open_taken.isVisibleTo(form)
    assert len(groups.list_groups(ctx.db)) == 1


def test_list_search_and_enter_opens(qtbot: Any, page: GroupsPage, ctx: AppContext) -> None:
    for name in ("Book club", "Côr Meibion", "Walkers"):
        groups.register_group(ctx.db, GroupDetails(name=name), staff_user_id=ctx.staff_id)
    ctx.events.groups_changed.emit()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 3)
    page.list.search.setFocus()
    qtbot.keyClicks(page.list.search, "cor")
    qtbot.waitUntil(lambda: [r.name for r in page.list.model.rows] == ["Côr Meibion"])
    assert page.list.count.text() == "1 group"
    qtbot.keyClick(page.list.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.group.profile is not None)
    assert page.group.profile is not None and page.group.profile.details.name == "Côr Meibion"


def test_enlist_an_existing_member_with_the_picker(
    qtbot: Any, page: GroupsPage, ctx: AppContext, notes: Notes
) -> None:
    megan = add_member(ctx, "Megan", "Price", "megan@example.org")
    add_member(ctx, "Rhys", "Evans", "rhys@example.org")
    group_id = open_group(qtbot, page, ctx, "Walkers")
    view = page.group
    assert view.members_stack.currentWidget() is view.members_empty

    picker = view.picker
    picker.edit.setFocus()
    with qtbot.waitSignal(picker.searched):
        qtbot.keyClicks(picker.edit, "meg")
    assert picker.popup.isVisible()
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    assert picker.results.currentItem().text().startswith("Megan Price")
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert groups.group_member_ids(ctx.db, group_id) == {megan}
    assert view.members_title.text() == "Members (1)"
    assert view.selected_member_id() == megan
    assert notes[-1][0] == "Megan Price enlisted in Walkers"
    qtbot.waitUntil(lambda: [r.member_count for r in page.list.model.rows] == [1])

    # Looking for her again shows she is already in, and cannot be picked.
    with qtbot.waitSignal(picker.searched):
        qtbot.keyClicks(picker.edit, "megan")
    assert "already in this group" in picker.results.item(0).text()
    assert not picker.results.item(0).flags() & Qt.ItemFlag.ItemIsEnabled


def test_sign_up_someone_new_straight_into_the_group(
    qtbot: Any, page: GroupsPage, ctx: AppContext, notes: Notes
) -> None:
    group_id = open_group(qtbot, page, ctx, "Youth forum")
    qtbot.mouseClick(page.group.sign_up_button, Qt.MouseButton.LeftButton)
    dialog = page.group.signup_dialog
    assert isinstance(dialog, SignUpIntoGroupDialog)
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.edits["first_name"].hasFocus)
    type_text(qtbot, dialog.edits["first_name"], "Gwenllïan")
    qtbot.keyClick(dialog.edits["first_name"], Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.edits["last_name"], "ap Dafydd")
    qtbot.keyClicks(dialog.edits["postcode"], "sa200ab")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.edits["postcode"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.group.model.rowCount() == 1)
    assert page.group.model.rows[0].display_name == "Gwenllïan ap Dafydd"
    assert page.group.model.rows[0].postcode == "SA20 0AB"
    assert groups.group_member_ids(ctx.db, group_id) == {dialog.member_id}
    assert notes[-1][0] == "Gwenllïan ap Dafydd signed up and enlisted in Youth forum"


def test_sign_up_that_matches_someone_known_can_enlist_them_instead(
    qtbot: Any, page: GroupsPage, ctx: AppContext
) -> None:
    known = add_member(ctx, "Siân", "Llewellyn", "sian@example.org")
    group_id = open_group(qtbot, page, ctx, "Book club")
    page.group.sign_up_new("Sian Llewelyn")
    dialog = page.group.signup_dialog
    assert dialog is not None
    assert dialog.edits["first_name"].text() == "Sian"
    qtbot.keyClicks(dialog.edits["email"], "SIAN@example.org")
    qtbot.keyClick(dialog.edits["email"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.matches_box.isVisible())
    assert dialog.matches.item(0).text().startswith("Siân Llewellyn")
    assert "same email" in dialog.matches.item(0).text()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.use_match, Qt.MouseButton.LeftButton)
    assert dialog.enlisted_existing
    assert groups.group_member_ids(ctx.db, group_id) == {known}


def test_confirming_a_different_person_signs_them_up(
    qtbot: Any, page: GroupsPage, ctx: AppContext
) -> None:
    known = add_member(ctx, "Siân", "Llewellyn", "sian@example.org", "SA20 0AB")
    group_id = open_group(qtbot, page, ctx, "Book club")
    page.group.sign_up_new("Sian Llewellyn")
    dialog = page.group.signup_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.edits["postcode"], "SA20 0AB")
    qtbot.keyClick(dialog.edits["postcode"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.matches_box.isVisible())
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.different, Qt.MouseButton.LeftButton)
    members = groups.group_member_ids(ctx.db, group_id)
    assert len(members) == 1 and known not in members


def test_change_a_role_with_the_combo_and_in_the_table(
    qtbot: Any, page: GroupsPage, ctx: AppContext, notes: Notes
) -> None:
    rhys = add_member(ctx, "Rhys", "Evans", "rhys@example.org")
    group_id = open_group(qtbot, page, ctx, "Parish council")
    groups.enlist_member(ctx.db, group_id, rhys, staff_user_id=ctx.staff_id)
    ctx.events.groups_changed.emit()
    view = page.group
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    view.table.setFocus()
    view.table.selectRow(0)
    assert view.selection_bar.isVisible()

    combo = view.selected_role
    combo.setFocus()
    combo.setCurrentIndex(combo.findData(GroupRole.ORGANISER.value) - 1)
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the keyboard way: one step down to Organiser
    qtbot.waitUntil(lambda: view.model.rows[0].role == GroupRole.ORGANISER)
    assert roles_in(ctx, group_id) == {rhys: GroupRole.ORGANISER}
    assert notes[-1][0] == "Rhys Evans is now organiser"

    # In the table itself: F2 on the role opens a combo; picking a role saves it.
    role_cell = view.proxy.index(0, view.model.ROLE)
    view.table.setCurrentIndex(role_cell)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_F2)
    editor = view.table.viewport().findChild(QComboBox)
    assert editor is not None
    chair = editor.findData(GroupRole.CHAIR.value)
    editor.setCurrentIndex(chair)
    editor.activated.emit(chair)
    qtbot.waitUntil(lambda: notes[-1][0] == "Rhys Evans is now chair")
    assert roles_in(ctx, group_id) == {rhys: GroupRole.CHAIR}

    # Undo from the toast puts the role back.
    undo = notes[-1][1]
    assert undo is not None
    undo()
    qtbot.waitUntil(lambda: roles_in(ctx, group_id) == {rhys: GroupRole.ORGANISER})


def test_remove_from_group_asks_once_and_can_be_undone(
    qtbot: Any, page: GroupsPage, ctx: AppContext, notes: Notes
) -> None:
    ann = add_member(ctx, "Ann", "Jones", "ann@example.org")
    ben = add_member(ctx, "Ben", "Jones", "ben@example.org")
    group_id = open_group(qtbot, page, ctx, "Choir")
    for person in (ann, ben):
        groups.enlist_member(ctx.db, group_id, person, staff_user_id=ctx.staff_id)
    groups.set_member_role(ctx.db, group_id, ann, GroupRole.SECRETARY, staff_user_id=ctx.staff_id)
    ctx.events.groups_changed.emit()
    view = page.group
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    view.table.setFocus()
    view.table.selectRow(
        view.proxy.mapFromSource(view.model.index(view.model.row_for(ann), 0)).row()
    )
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)

    box = view.findChild(QMessageBox, "confirmBox")
    assert box is not None and "Remove Ann Jones from Choir?" in box.text()
    yes = box.findChild(QPushButton, "confirmYes")
    qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.model.rowCount() == 1)
    assert groups.group_member_ids(ctx.db, group_id) == {ben}
    assert view.members_title.text() == "Members (1)"
    text, undo = notes[-1]
    assert text == "Ann Jones removed from Choir" and undo is not None

    undo()
    qtbot.waitUntil(lambda: view.model.rowCount() == 2)
    assert roles_in(ctx, group_id) == {ann: GroupRole.SECRETARY, ben: GroupRole.MEMBER}


def test_delete_group_goes_back_to_the_list_with_undo(
    qtbot: Any, page: GroupsPage, ctx: AppContext, notes: Notes
) -> None:
    open_group(qtbot, page, ctx, "Old group")
    page.group.delete_group()
    box = page.group.findChild(QMessageBox, "confirmBox")
    assert box is not None
    qtbot.mouseClick(box.findChild(QPushButton, "confirmYes"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.list)
    qtbot.waitUntil(lambda: page.list.states.currentWidget() is page.list.empty)
    undo = notes[-1][1]
    assert notes[-1][0] == "Old group deleted" and undo is not None
    undo()
    qtbot.waitUntil(lambda: page.list.model.rowCount() == 1)
