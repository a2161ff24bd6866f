"""The import dialog, driven with the keyboard alone: choose the messy file, accept the
proposed columns, see the bad rows by number, skip them, import, close."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import func, select

from hubapp.models import Member
from hubapp.models.database import Database
from hubapp.services.members import MemberDetails, sign_up_member
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.import_dialog import ImportDialog

MESSY = Path(__file__).parent.parent / "data" / "csv" / "messy-cp1252.csv"


@pytest.fixture
def dialog(qtbot, ctx: AppContext, admin: SignedInStaff) -> Iterator[ImportDialog]:  # type: ignore[no-untyped-def]
    details = MemberDetails(first_name="Ffion", last_name="Rees", email="ffion.rees@example.org")
    sign_up_member(ctx.db, details, staff_user_id=admin.id)
    window = ImportDialog(ctx)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.path_edit.hasFocus())
    yield window
    ctx.tasks.wait(10_000)


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focus(), key)


def members(db: Database) -> int:
    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(Member)) or 0)


def test_keyboard_import_of_a_messy_file(qtbot, dialog: ImportDialog, ctx: AppContext) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focus(), str(MESSY))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.COLUMNS)
    assert "Windows-1252" in dialog.mapping_page.summary.text()
    assert "semicolons" in dialog.mapping_page.summary.text()
    assert dialog.mapping_page.mapping()["Post code"] == "postcode"
    assert dialog.mapping_page.mapping()["Favourite biscuit"] is None
    assert focus() is dialog.mapping_page.combos["Forename"]

    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.ROWS)
    assert dialog.model.rowCount() == 10
    problems = [dialog.bad_list.item(i).text() for i in range(dialog.bad_list.count())]
    assert problems == [
        "Row 7: postcode “SA19” is not a UK postcode. Postcodes look like SA19 6AB.",
        "Row 8: email “geraint@@example.org” is not an email address. Email addresses look "
        "like name@example.com.",
    ]
    assert "6 new members" in dialog.counts.text()
    assert "1 already a member" in dialog.counts.text()
    statuses = [dialog.model.index(r, 1).data() for r in range(10)]
    assert statuses.count("Needs fixing") == 2 and statuses[6] == "Already a member"
    # Nothing can be imported while rows are bad, unless they are skipped.
    assert not dialog.next_button.isEnabled()
    assert focus() is dialog.skip_bad
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.next_button.isEnabled()
    assert dialog.next_button.text().replace("&", "") == "Import 6 members"
    assert members(ctx.db) == 1

    with qtbot.waitSignal(ctx.events.members_changed, timeout=20_000):
        press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.DONE)
    assert members(ctx.db) == 7
    assert dialog.done_title.text() == "6 members imported"
    assert "2 bad rows were skipped" in dialog.done_lines.text()
    assert dialog.done_bad_list.count() == 2
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert dialog.result() == ImportDialog.DialogCode.Accepted


def test_unreadable_file_is_explained_beside_the_field(
    qtbot, dialog: ImportDialog, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    workbook = tmp_path / "members.xlsx"
    workbook.write_bytes(b"PK\x03\x04 not a csv")
    qtbot.keyClicks(focus(), str(workbook))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.file_error.isVisible())
    assert "Excel workbook" in dialog.file_error.text()
    assert dialog.pages.currentIndex() == ImportDialog.FILE
    assert focus() is dialog.path_edit


def test_cancel_while_importing_writes_nothing(  # type: ignore[no-untyped-def]
    qtbot, dialog: ImportDialog, ctx: AppContext, tmp_path: Path
) -> None:
    big = tmp_path / "big.csv"
    lines = ["First name,Surname,Email"]
    letters = "abcdefghijklmnopqrstuvwxyz"
    surnames = [f"{a}{b}{c}".title() for a in letters for b in letters for c in letters]
    lines += [f"Nia,{surnames[i]},nia{i}@example.org" for i in range(4000)]
    big.write_text("\n".join(lines), encoding="utf-8")
    qtbot.keyClicks(focus(), str(big))
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.COLUMNS)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == ImportDialog.ROWS, timeout=30_000)
    assert dialog.next_button.text().replace("&", "") == "Import 4,000 members"
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.task is not None
    # Esc stops the import; the dialog stays open to say so.
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: dialog.task is None, timeout=30_000)
    assert dialog.isVisible()
    assert dialog.rows_note.text() == "Stopped. Nothing was written."
    assert members(ctx.db) == 1
