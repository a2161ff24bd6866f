"""Asking once before a removal. The question is window-modal but never blocks the event loop
(`open`, not `exec`), so background work carries on and tests can answer it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask(
    parent: QWidget,
    title: str,
    text: str,
    yes_text: str,
    on_yes: Callable[[], None],
    *,
    undoable: bool = True,
) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("confirmBox")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    if undoable:
        box.setInformativeText(
            QCoreApplication.translate("groups", "You can undo this straight afterwards.")
        )
    yes = box.addButton(yes_text, QMessageBox.ButtonRole.DestructiveRole)
    yes.setObjectName("confirmYes")
    no = box.addButton(QMessageBox.StandardButton.Cancel)
    # Where Undo follows, Enter may confirm; otherwise Enter keeps things as they are.
    box.setDefaultButton(yes if undoable else no)
    box.setEscapeButton(no)

    def finished() -> None:
        if box.clickedButton() is yes:
            on_yes()
        box.deleteLater()

    box.finished.connect(finished)
    box.open()
    return box
