"""Erasing a person's data on request, from their page: a card for administrators with one
button, and the dialog that says plainly what erasure does (for good, on every hub at its next
sync, and what is kept) and asks for an explicit tick before it does it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.erasure import Erasure, erase_member, may_erase
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.members.member_profile import Card
from hubapp.ui.members.words import error_words, format_moment, tr

TEXT_WIDTH = 560


def erased_words(erasure: Erasure) -> str:
    """'Their data was erased on Tue 3 Dec 2026 19:30 by Rhian Jones at Llandovery Library.'"""
    text = tr("This person’s data was erased on %1").replace("%1", format_moment(erasure.erased_at))
    if erasure.staff_name:
        text += " " + tr("by %1").replace("%1", erasure.staff_name)
    if erasure.hub_name:
        text += " " + tr("at %1").replace("%1", erasure.hub_name)
    return text + ". " + tr("Only the record that it was erased is kept.")


class EraseMemberDialog(QDialog):
    """'Erase Siân Llewellyn's data?' with what happens, what is kept, and a tick to confirm.
    Cancel is the default; Erase is enabled only once the box is ticked."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Erase this person’s data"))
        heading = QLabel(tr("Erase %1’s data?").replace("%1", name))
        heading.setObjectName("sectionTitle")
        heading.setWordWrap(True)
        warning = QLabel("⚠ " + tr("This cannot be undone."))
        warning.setObjectName("formError")
        what = QLabel(
            tr("Their name, contact details, address, date of birth, access needs, notes, "
               "skills and interests, and what they wrote when showing interest in a way to "
               "get involved, are removed for good: from this computer now, and from every "
               "hub in the network at its next sync. Their groups, consents and activity are "
               "removed from their record, and they can no longer be found.")
        )  # fmt: skip
        kept = QLabel(
            tr("What is kept: that their data was erased, when, and by whom. Meeting records "
               "(attendance, votes, declarations) stay as public records and show “Erased "
               "member”, without their apologies reasons, declaration notes or feedback "
               "comments; minutes already written keep their words: edit those by hand if "
               "they name them. Backups made before today still hold their details until "
               "they are deleted.")
        )  # fmt: skip
        for label in (what, kept):
            label.setWordWrap(True)
            label.setMinimumWidth(TEXT_WIDTH)  # ~70 characters a line; the height follows
        self.confirm = QCheckBox(tr("I &understand: erase %1’s data for good").replace("%1", name))
        self.confirm.setAccessibleName(tr("I understand that this erases their data for good"))
        self.erase_button = QPushButton(
            theme.icon("mdi6.account-remove-outline"), tr("&Erase their data")
        )
        self.erase_button.setAccessibleName(tr("Erase their data"))
        self.erase_button.setEnabled(False)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setAccessibleName(tr("Cancel: keep their data"))
        self.cancel_button.setDefault(True)
        self.confirm.toggled.connect(self.erase_button.setEnabled)
        self.erase_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.erase_button)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(12)
        for widget in (heading, warning, what, kept, self.confirm):
            layout.addWidget(widget)
        layout.addSpacing(4)
        layout.addLayout(buttons)
        self.setTabOrder(self.confirm, self.cancel_button)
        self.setTabOrder(self.cancel_button, self.erase_button)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.confirm.setFocus(Qt.FocusReason.OtherFocusReason)  # the one thing to decide


class ErasureCard(Card):
    """'Erase this person's data…' on a member's page, for administrators only."""

    erased = Signal(str)  # member id, once the erasure is saved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(tr("Erasing their data"), parent)
        self.ctx = ctx
        self.member_id = ""
        self.member_name = ""
        self.dialog: EraseMemberDialog | None = None
        note = QLabel(tr("If they ask for their data to be erased, it is removed for good from "
                         "every hub in the network. Only administrators can do this."))  # fmt: skip
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.button = QPushButton(theme.icon("mdi6.account-remove-outline"),
                                  tr("Erase this person’s d&ata…"))  # fmt: skip
        self.button.setAccessibleName(tr("Erase this person’s data"))
        self.button.setAutoDefault(True)
        self.button.clicked.connect(self.open_dialog)
        self.set_rows([note, self.button])
        self.setVisible(False)

    def show_member(self, member_id: str, name: str, *, erased: bool) -> None:
        self.member_id, self.member_name = member_id, name
        self.setVisible(may_erase(self.ctx.staff) and not erased)

    def open_dialog(self) -> EraseMemberDialog | None:
        if not self.member_id or not may_erase(self.ctx.staff):
            return None
        self.dialog = EraseMemberDialog(self.member_name, self)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.accepted.connect(self.erase)
        self.dialog.rejected.connect(lambda: self.button.setFocus())
        self.dialog.open()
        return self.dialog

    def erase(self) -> None:
        db, staff, events = self.ctx.db, self.ctx.staff, self.ctx.events
        member_id, name = self.member_id, self.member_name
        if staff is None:
            return

        def done(_erasure: Erasure) -> None:
            events.notify.emit(tr("%1’s data was erased").replace("%1", name), None)
            self.erased.emit(member_id)
            events.members_changed.emit()

        self.ctx.tasks.run(
            lambda _p: erase_member(db, member_id, staff),
            on_success=done,
            on_failure=lambda exc: events.notify.emit(error_words(str(exc)), None),
            label=tr("Erasing their data…"),
            parent=self,
        )
