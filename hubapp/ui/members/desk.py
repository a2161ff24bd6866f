"""The librarian's desk: sign a person up in under a minute with the keyboard alone, with
likely duplicates shown as they type. Enter (or Ctrl+Enter, Ctrl+S) saves; Esc clears."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.models import uuid7
from hubapp.services import members as member_service
from hubapp.services.errors import (
    LikelyDuplicate,
    ServiceError,
    ValidationFailed,
)
from hubapp.services.members import MemberSummary
from hubapp.ui.context import AppContext
from hubapp.ui.members.duplicate_panel import DuplicatePanel
from hubapp.ui.members.duplicate_watch import DuplicateWatch
from hubapp.ui.members.member_form import MemberForm, set_tab_chain
from hubapp.ui.members.words import error_words
from hubapp.ui.widgets.forms import PageHeader

log = logging.getLogger(__name__)

PANEL_WIDTH = 320
NARROW_PANEL_WIDTH = 260
NARROW_PAGE = 1000  # below this width the panel gives the form some room


class DeskPage(QWidget):
    saved = Signal(str)  # the new member's id
    save_refused = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.member_id = uuid7()
        self.saving = False
        self.header = PageHeader(
            self.tr("Sign up a member"),
            self.tr("Fields marked * are needed. Everything else can be added later."),
        )
        self.form = MemberForm(ctx)
        self.panel = DuplicatePanel()
        self.panel.setFixedWidth(PANEL_WIDTH)
        self.panel.open_requested.connect(self.open_member)
        self.status = QLabel()
        self.status.setObjectName("formError")
        self.status.setWordWrap(True)
        self.clear_button = QPushButton(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the form (Esc)"))
        self.clear_button.clicked.connect(self.ask_to_clear)
        self.save_button = QPushButton(self.tr("Sign up"))
        self.save_button.setObjectName("primary")
        self.save_button.setToolTip(self.tr("Sign up this person (Enter or Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        for button in (self.clear_button, self.save_button):
            button.setAutoDefault(True)  # Enter on a focused button presses it
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 8, 0, 0)
        actions.addWidget(self.status, 1)
        actions.addWidget(self.clear_button)
        actions.addWidget(self.save_button)
        left = QVBoxLayout()
        left.addWidget(self.form, 1)
        left.addLayout(actions)
        body = QHBoxLayout()
        body.setSpacing(24)
        body.addLayout(left, 1)
        body.addWidget(self.panel, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.addWidget(self.header)
        layout.addLayout(body, 1)
        self.duplicates = DuplicateWatch(ctx, self.form, self)
        self.duplicates.found.connect(self.panel.set_matches)
        shortcuts = ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S")
        for keys in shortcuts:
            self._shortcut(keys, self.save)
        self._shortcut("Ctrl+O", self.panel.open_selected)
        set_tab_chain([
            *self.form.tab_chain(), self.save_button, self.clear_button,
            self.panel.list, self.panel.open_button, self.panel.different,
        ])  # fmt: skip
        ctx.events.groups_changed.connect(self.form.load_choices)

    def _shortcut(self, keys: str, slot: Callable[[], object]) -> None:
        shortcut = QShortcut(QKeySequence(keys), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        narrow = event.size().width() < NARROW_PAGE
        self.panel.setFixedWidth(NARROW_PANEL_WIDTH if narrow else PANEL_WIDTH)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self.focusWidget() is None:
            QTimer.singleShot(0, lambda: self.form.first_field().setFocus())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Fields pass Enter and Esc on when they have no use for them (a text field, a tick
        # box); the notes box and the tag pickers keep Enter for themselves.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.save()
        elif event.key() == Qt.Key.Key_Escape:
            self.ask_to_clear()
        else:
            super().keyPressEvent(event)

    # ----- duplicates -------------------------------------------------------------------------

    def check_duplicates(self) -> None:
        self.duplicates.check_now()

    def open_member(self, member_id: str) -> None:
        if member_id:
            self.ctx.events.open_member.emit(member_id)

    # ----- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        if self.saving:
            return  # a second Enter or click while the first save runs
        self.duplicates.stop()
        self.status.clear()
        details = self.form.checked_details()
        if details is None:
            self.status.setText("⚠ " + self.tr("Please check the highlighted fields."))
            self.save_refused.emit()
            return
        self.form.clear_problems()
        self.saving = True
        self.save_button.setEnabled(False)
        member_id = self.member_id
        confirmed = self.panel.confirmed_different
        group_id = self.form.group_id()
        db, staff_id = self.ctx.db, self.ctx.staff_id
        self.ctx.tasks.run(
            lambda _progress: member_service.sign_up_member(
                db, details, staff_user_id=staff_id, member_id=member_id,
                confirmed_different=confirmed, group_id=group_id,
            ),
            on_success=self._saved,
            on_failure=self._failed,
        )  # fmt: skip

    def _saved(self, summary: MemberSummary) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        log.info("member %s signed up at the desk", summary.id)
        db, staff_id, events = self.ctx.db, self.ctx.staff_id, self.ctx.events

        def undo() -> None:
            member_service.set_deleted(db, summary.id, True, staff_user_id=staff_id)
            events.members_changed.emit()

        events.notify.emit(self.tr("%1 signed up").replace("%1", summary.display_name), undo)
        events.members_changed.emit()
        self.reset()
        self.saved.emit(summary.id)

    def _failed(self, exc: Exception) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, LikelyDuplicate):
            self.panel.set_matches(exc.matches)
            self.panel.ask_to_confirm()
            self.status.setText("⚠ " + self.tr("Not saved: they may already be registered."))
        elif isinstance(exc, ValidationFailed):
            self.form.show_problems(exc.problems)
            self.status.setText("⚠ " + self.tr("Please check the highlighted fields."))
        elif isinstance(exc, ServiceError):
            self.status.setText("⚠ " + error_words(str(exc)))
        else:
            log.error("sign-up failed: %s", type(exc).__name__)
            self.status.setText(
                "⚠ " + self.tr("Could not save just now. Nothing you typed is lost; try again.")
            )
        self.save_refused.emit()

    # ----- clearing ---------------------------------------------------------------------------

    def ask_to_clear(self) -> None:
        if self.form.has_input():
            answer = QMessageBox.question(
                self,
                self.tr("Clear the form?"),
                self.tr("What you have typed for this person will be lost."),
                QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,
            )
            if answer != QMessageBox.StandardButton.Discard:
                return
        self.reset()

    def reset(self) -> None:
        """Ready for the next person: a fresh form and a fresh member id."""
        self.duplicates.stop()
        self.member_id = uuid7()
        self.form.reset()
        self.panel.reset()
        self.status.clear()
        self.form.first_field().setFocus(Qt.FocusReason.OtherFocusReason)
