"""Editing a member: the desk's form, filled in, with the same checks. Enter saves only what
changed; Esc goes back (asking first if anything was changed)."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from hubapp.services import members as member_service
from hubapp.services.errors import ServiceError, ValidationFailed
from hubapp.services.members import MemberDetails, MemberSummary
from hubapp.ui.context import AppContext
from hubapp.ui.members.member_form import MemberForm, set_tab_chain
from hubapp.ui.members.words import error_words
from hubapp.ui.widgets.forms import PageHeader

log = logging.getLogger(__name__)

FORM_WIDTH = 920


class MemberEditView(QWidget):
    saved = Signal(str)
    cancelled = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = ""
        self.saving = False
        self._loaded = MemberDetails()
        self.header = PageHeader(self.tr("Edit member"))
        # Groups are managed on the member's and the group's pages, not here.
        self.form = MemberForm(ctx, offer_groups=False)
        self.status = QLabel()
        self.status.setObjectName("formError")
        self.status.setWordWrap(True)
        self.cancel = QPushButton(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Back without saving (Esc)"))
        self.cancel.clicked.connect(self.ask_to_cancel)
        self.save_button = QPushButton(self.tr("Save changes"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Save changes (Enter or Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        for button in (self.cancel, self.save_button):
            button.setAutoDefault(True)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.cancel)
        actions.addWidget(self.save_button)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.header)
        column.addWidget(self.form, 1)
        column.addLayout(actions)
        holder = QWidget()
        holder.setLayout(column)
        holder.setMaximumWidth(FORM_WIDTH)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(holder, 1)
        layout.addStretch(0)
        set_tab_chain([*self.form.tab_chain(), self.save_button, self.cancel])
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)

    def edit(self, member_id: str, name: str, details: MemberDetails) -> None:
        self.member_id = member_id
        self.header.title.setText(self.tr("Edit %1").replace("%1", name))
        self.form.load_choices()
        self.form.set_details(details)
        self._loaded, _ = self.form.details()
        self.status.clear()
        self.form.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def changed(self) -> bool:
        details, _ = self.form.details()
        return details != self._loaded

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.ask_to_cancel()
        else:
            super().keyPressEvent(event)

    def save(self) -> None:
        if self.saving or not self.member_id:
            return
        details = self.form.checked_details()
        if details is None:
            self.status.setText("⚠ " + self.tr("Please check the highlighted fields."))
            return
        # Only the consent answers that changed are recorded again.
        details.consents = self.form.consent.changed_answers()
        self.saving = True
        self.save_button.setEnabled(False)
        db, staff_id, member_id = self.ctx.db, self.ctx.staff_id, self.member_id
        self.ctx.tasks.run(
            lambda _p: member_service.update_member(db, member_id, details, staff_user_id=staff_id),
            on_success=self._saved,
            on_failure=self._failed,
        )

    def _saved(self, summary: MemberSummary) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        log.info("member %s edited", summary.id)
        self.ctx.events.notify.emit(
            self.tr("Changes to %1 saved").replace("%1", summary.display_name), None
        )
        self.ctx.events.members_changed.emit()
        self.saved.emit(summary.id)

    def _failed(self, exc: Exception) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationFailed):
            self.form.show_problems(exc.problems)
            self.status.setText("⚠ " + self.tr("Please check the highlighted fields."))
        elif isinstance(exc, ServiceError):
            self.status.setText("⚠ " + error_words(str(exc)))
        else:
            log.error("editing member %s failed: %s", self.member_id, type(exc).__name__)
            self.status.setText("⚠ " + self.tr("Could not save just now. Try again."))

    def ask_to_cancel(self) -> None:
        if self.changed():
            answer = QMessageBox.question(
                self,
                self.tr("Leave without saving?"),
                self.tr("Your changes to this member will be lost."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.cancelled.emit(self.member_id)
