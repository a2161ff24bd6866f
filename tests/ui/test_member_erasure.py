"""Erasing a person from their page: administrators only; a dialog that says what happens and
needs an explicit tick (Cancel is the default, and erases nothing); after it, their page is a
shell that says when and by whom, and they are gone from the list."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from hubapp.models import Member
from hubapp.services import staff as staff_service
from hubapp.services.erasure import erasure_of
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.members import MembersPage
from hubapp.ui.members.erasure import EraseMemberDialog
from tests.ui.test_accessibility import audit
from tests.ui.test_members_page import open_page, shown_names, sign_up

WAIT = 10_000
SHOTS = os.environ.get("HUBAPP_SCREENSHOTS")  # a folder to save screenshots to, to look at


def shoot(widget: object, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(Path(SHOTS) / f"{name}.png"))  # type: ignore[attr-defined]


@pytest.fixture
def sian(ctx: AppContext) -> str:
    sign_up(ctx.db, "Jon", "Jones", postcode="SA20 0AB")
    return sign_up(
        ctx.db, "Siân", "Llewellyn", email="sian@example.org", phone="07700 900123",
        postcode="SA19 6AB", notes="Prefers mornings", consents={"contact_email": True},
    )  # fmt: skip


@pytest.fixture
def page(qtbot, ctx: AppContext, sian: str) -> Iterator[MembersPage]:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, ctx)
    page.show_member(sian)
    yield page
    ctx.tasks.wait(WAIT)


def open_dialog(qtbot, page: MembersPage) -> EraseMemberDialog:  # type: ignore[no-untyped-def]
    assert page.erasure.isVisible()
    page.erasure.button.setFocus()
    qtbot.keyClick(page.erasure.button, Qt.Key.Key_Space)
    dialog = page.erasure.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.confirm)
    return dialog


def test_an_administrator_erases_someone_with_the_keyboard(
    qtbot, page: MembersPage, ctx: AppContext, sian: str
) -> None:  # type: ignore[no-untyped-def]
    shoot(page, "erasure-card")
    assert audit(page) == []  # every control named, no Alt+letter clashes
    assert page.erasure.button.accessibleName() == "Erase this person’s data"
    dialog = open_dialog(qtbot, page)
    shoot(dialog, "erasure-dialog")
    assert audit(dialog) == []
    words = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "Erase Siân Llewellyn’s data?" in words
    assert "cannot be undone" in words and "every hub in the network" in words
    assert "What is kept: that their data was erased, when, and by whom" in words
    # Nothing happens until the box is ticked; Enter alone would press Cancel.
    assert not dialog.erase_button.isEnabled() and dialog.cancel_button.isDefault()
    assert dialog.focusWidget() is dialog.confirm  # the one thing to decide comes first
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    assert dialog.erase_button.isEnabled()
    shoot(dialog, "erasure-dialog-ticked")
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.cancel_button
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.erase_button
    with qtbot.waitSignal(page.erasure.erased, timeout=WAIT):
        qtbot.keyClick(dialog.erase_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.profile.title.text() == "Erased member", timeout=WAIT)
    erasure = erasure_of(ctx.db, sian)
    assert erasure is not None and erasure.staff_name == "Rhian Jones"
    note = page.profile.deleted_note.text()
    assert "erased on" in note and "by Rhian Jones" in note and "Siân" not in note
    assert not page.profile.edit.isVisible() and not page.profile.delete.isVisible()
    assert not page.erasure.isVisible() and not page.profile.details.isVisible()
    shoot(page, "erasure-done")
    with ctx.db.read() as session:
        member = session.get(Member, sian)
        assert member is not None and member.email is None and member.erased_at is not None
    qtbot.waitUntil(lambda: shown_names(page) == ["Jon Jones"], timeout=WAIT)


def test_cancel_erases_nothing(qtbot, page: MembersPage, ctx: AppContext, sian: str) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, page)
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Space)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert erasure_of(ctx.db, sian) is None
    assert page.profile.title.text() == "Siân Llewellyn"


def test_staff_who_are_not_administrators_are_not_offered_it(
    qtbot, ctx: AppContext, admin: SignedInStaff, sian: str
) -> None:  # type: ignore[no-untyped-def]
    staff_service.add_staff(ctx.db, admin, "dai", "Dai Evans", "desk", "dai-secret-1")
    ctx.staff = staff_service.sign_in(ctx.db, "dai", "dai-secret-1")
    page = open_page(qtbot, ctx)
    page.show_member(sian)
    assert page.profile.title.text() == "Siân Llewellyn"
    assert not page.erasure.isVisible()
    assert page.erasure.open_dialog() is None
