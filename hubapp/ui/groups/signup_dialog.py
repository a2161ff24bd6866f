"""Sign up someone new straight into a group: the desk's sign-up form in a dialog, with the
same duplicate rule as the desk; a likely match can be enlisted instead of signing up twice."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.models.base import uuid7
from hubapp.services.duplicates import DuplicateMatch
from hubapp.services.errors import LikelyDuplicate, ServiceError, ValidationFailed
from hubapp.services.groups import MembershipChange, enlist_member
from hubapp.services.members import MemberSummary, sign_up_member
from hubapp.ui.context import AppContext
from hubapp.ui.groups.confirm import ask
from hubapp.ui.groups.words import error_text
from hubapp.ui.members.duplicate_watch import DuplicateWatch
from hubapp.ui.members.member_form import MemberForm

log = logging.getLogger(__name__)

MATCH_ROLE = Qt.ItemDataRole.UserRole


class SignUpIntoGroupDialog(QDialog):
    """Accepted once the person is in the group; `member_id` and `display_name` say who, and
    `enlisted_existing` whether they turned out to be someone already known."""

    def __init__(
        self,
        ctx: AppContext,
        group_id: str,
        group_name: str,
        typed: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.group_id = group_id
        # Chosen now, so a second press of Save finds the first save (see sign_up_member).
        self.new_member_id = uuid7()
        self.member_id = ""
        self.display_name = ""
        self.enlisted_existing = False
        self.busy = False
        self.setWindowTitle(self.tr("Sign up someone new into %1").replace("%1", group_name))
        self.resize(980, 760)

        intro = QLabel(
            self.tr(
                "They will be signed up as a member of the hub and enlisted in %1. "
                "Fields marked * are needed; everything else can be added later."
            ).replace("%1", group_name)
        )
        intro.setWordWrap(True)
        intro.setObjectName("muted")
        self.form = MemberForm(ctx, offer_groups=False)
        self.edits = self.form.edits
        words = typed.split()
        if words:
            self.edits["first_name"].setText(words[0])
            self.edits["last_name"].setText(" ".join(words[1:]))

        self.matches_box = QFrame()
        self.matches_box.setObjectName("card")
        self.matches_label = QLabel(
            self.tr(
                "⚠ This looks like someone already registered. Enlist them instead, or "
                "confirm that this is a different person."
            )
        )
        self.matches_label.setWordWrap(True)
        self.matches_label.setObjectName("fieldError")
        self.matches = QListWidget()
        self.matches.setAccessibleName(self.tr("Possible matches"))
        self.matches.itemActivated.connect(lambda _i: self.enlist_match())
        self.use_match = QPushButton(self.tr("En&list this person instead"))
        self.use_match.setAutoDefault(False)
        self.use_match.clicked.connect(self.enlist_match)
        self.different = QPushButton(self.tr("This is a &different person: sign them up"))
        self.different.setAutoDefault(False)
        self.different.clicked.connect(lambda: self.save(confirmed_different=True))
        match_buttons = QHBoxLayout()
        match_buttons.addWidget(self.use_match)
        match_buttons.addWidget(self.different)
        match_buttons.addStretch(1)
        box = QVBoxLayout(self.matches_box)
        box.addWidget(self.matches_label)
        box.addWidget(self.matches)
        box.addLayout(match_buttons)
        self.matches_box.setVisible(False)

        self.form_error = QLabel()
        self.form_error.setObjectName("formError")
        self.form_error.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Sign &up and enlist"))
        self.save_button.setObjectName("primary")
        self.save_button.setDefault(True)
        self.save_button.setToolTip(self.tr("Sign up and enlist (Enter)"))
        self.save_button.clicked.connect(lambda: self.save())
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.form_error, 1)
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.matches_box)
        layout.addLayout(buttons)

        self.duplicates = DuplicateWatch(ctx, self.form, self)
        self.duplicates.found.connect(lambda matches: self._show_matches(matches, focus=False))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        # After the typed name was carried over, start where the next word goes.
        start = self.edits["last_name"] if self.edits["first_name"].text() else None
        (start or self.edits["first_name"]).setFocus(Qt.FocusReason.OtherFocusReason)

    # -- duplicates as they type ----------------------------------------------------------------

    def _show_matches(self, matches: list[DuplicateMatch], *, focus: bool) -> None:
        reasons = {
            "same email": self.tr("same email"),
            "same phone": self.tr("same phone"),
            "similar name, same postcode": self.tr("similar name, same postcode"),
        }
        self.matches.clear()
        for match in matches:
            why = ", ".join(reasons.get(r, r) for r in match.reasons)
            where = f" · {match.postcode}" if match.postcode else ""
            item = QListWidgetItem(f"{match.display_name}{where}  ({why})")
            item.setData(MATCH_ROLE, match.member_id)
            self.matches.addItem(item)
        self.matches.setCurrentRow(0)
        rows = min(max(len(matches), 1), 3)
        self.matches.setFixedHeight(rows * max(self.matches.sizeHintForRow(0), 24) + 8)
        self.matches_box.setVisible(bool(matches))
        if focus and matches:
            self.matches.setFocus()

    # -- saving -----------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        for button in (self.save_button, self.use_match, self.different):
            button.setEnabled(not busy)

    def save(self, *, confirmed_different: bool = False) -> None:
        if self.busy:
            return
        self.duplicates.stop()
        self.form_error.clear()
        details = self.form.checked_details()
        if details is None:
            self.form_error.setText("⚠ " + self.tr("Please check the highlighted fields."))
            return
        self.form.clear_problems()
        self._set_busy(True)
        db, staff = self.ctx.db, self.ctx.staff_id
        member_id, group_id = self.new_member_id, self.group_id
        self.ctx.tasks.run(
            lambda _p: sign_up_member(
                db,
                details,
                staff_user_id=staff,
                member_id=member_id,
                confirmed_different=confirmed_different,
                group_id=group_id,
            ),
            on_success=self._signed_up,
            on_failure=self._failed,
        )

    def _signed_up(self, summary: MemberSummary) -> None:
        self._set_busy(False)
        self.member_id, self.display_name = summary.id, summary.display_name
        log.info("member %s signed up into group %s", summary.id, self.group_id)
        self.accept()

    def enlist_match(self) -> None:
        item = self.matches.currentItem()
        if self.busy or item is None:
            return
        self._set_busy(True)
        db, staff, group_id = self.ctx.db, self.ctx.staff_id, self.group_id
        member_id = str(item.data(MATCH_ROLE))
        self.ctx.tasks.run(
            lambda _p: enlist_member(db, group_id, member_id, staff_user_id=staff),
            on_success=self._enlisted,
            on_failure=self._failed,
        )

    def _enlisted(self, change: MembershipChange) -> None:
        self._set_busy(False)
        self.member_id, self.display_name = change.member_id, change.display_name
        self.enlisted_existing = True
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, LikelyDuplicate):
            self._show_matches(exc.matches, focus=True)
            self.form_error.setText("⚠ " + self.tr("Not saved: they may already be registered."))
        elif isinstance(exc, ValidationFailed):
            self.form.show_problems(exc.problems)
            self.form_error.setText("⚠ " + self.tr("Please check the highlighted fields."))
        elif isinstance(exc, ServiceError):
            self.form_error.setText("⚠ " + error_text(str(exc)))
        else:
            self.form_error.setText(
                "⚠ " + self.tr("Could not save just now. Nothing you typed is lost; try again.")
            )

    def reject(self) -> None:
        # Esc must not throw away what was typed without asking.
        if self.busy:
            return
        if not self.form.has_input() or self.member_id:
            super().reject()
            return
        ask(
            self,
            self.tr("Discard this sign-up?"),
            self.tr("What you have typed for this person will be lost."),
            self.tr("Discard"),
            lambda: QDialog.reject(self),
            undoable=False,
        )
