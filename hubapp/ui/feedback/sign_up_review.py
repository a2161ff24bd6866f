"""Kiosk sign-ups that look like someone already registered. The kiosk never merges or says
so; staff decide here: the same person (merge the new sign-up into the existing record) or
a different person (keep both; the flag goes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.duplicates import DuplicateMatch
from hubapp.services.kiosk import resolve_review, sign_ups_to_review
from hubapp.services.sign_up_review import SignUpToReview
from hubapp.services.validation import format_phone
from hubapp.ui.context import AppContext
from hubapp.ui.feedback.words import count_text, format_when, t
from hubapp.ui.groups.confirm import ask
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.meetings.banner import Banner
from hubapp.ui.meetings.state import problem_text
from hubapp.ui.members.words import reason_words
from hubapp.ui.widgets.alive import while_alive
from hubapp.ui.widgets.forms import empty_message

ID_ROLE = Qt.ItemDataRole.UserRole
LIST_WIDTH = 320


def _reason_words(match: DuplicateMatch) -> str:
    return ", ".join(reason_words(r) for r in match.reasons)


class SignUpReviewTab(QWidget):
    resolved = Signal()
    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[SignUpToReview] = []
        self.has_loaded = False
        self.merge_box: QMessageBox | None = None
        self._generation = 0
        self.count = QLabel()
        self.count.setObjectName("muted")
        self.list = QListWidget()
        self.list.setAccessibleName(t("Sign-ups to review"))
        self.list.setStyleSheet("QListWidget::item { padding: 8px; }")
        self.list.currentItemChanged.connect(lambda *_: self._show_current())
        left = QWidget()
        left.setFixedWidth(LIST_WIDTH)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.count)
        column.addWidget(self.list, 1)
        self._build_detail()
        self.empty = empty_message(
            t(
                "Nothing to review. Kiosk sign-ups that look like someone "
                "already registered wait here for a decision."
            ),
            centred=True,
        )
        body = QWidget()
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(24)
        row.addWidget(left)
        row.addWidget(self.detail, 1)
        self.states = QStackedWidget()
        self.states.addWidget(body)
        self.states.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 12, 0, 0)
        layout.addWidget(self.states)

    def _build_detail(self) -> None:
        self.detail = QWidget()
        icons = IconKeeper(self)
        self.name = QLabel()
        self.name.setObjectName("sectionTitle")
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(t("Signed up alone at the kiosk. It may be someone already registered: "
                        "check with them if you can before merging."))  # fmt: skip
        note.setObjectName("muted")
        note.setWordWrap(True)
        heading = QLabel(t("May be the same person as"))
        heading.setObjectName("fieldLabel")
        self.matches = QListWidget()
        self.matches.setAccessibleName(t("May be the same person as"))
        self.matches.setWordWrap(True)
        self.matches.setStyleSheet("QListWidget::item { padding: 8px; }")

        heading.setBuddy(self.matches)
        self.merge_button = QPushButton(t("Same person: &merge"))
        self.merge_button.setObjectName("primary")
        icons.set(self.merge_button, "mdi6.call-merge", "on_accent")
        self.merge_button.setToolTip(t("Merge the new sign-up into the chosen record"))
        self.different_button = QPushButton(t("&Different person"))
        icons.set(self.different_button, "mdi6.account-multiple-check-outline")
        self.different_button.setToolTip(t("Keep both records; the flag goes"))
        self.open_button = QPushButton(t("Open the &existing record"))
        icons.set(self.open_button, "mdi6.account-outline")
        self.merge_button.clicked.connect(self.merge)
        self.different_button.clicked.connect(self.different)
        self.open_button.clicked.connect(self._open_existing)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.merge_button, self.different_button, self.open_button):
            button.setAutoDefault(True)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.problem = Banner(closable=True)
        column = QVBoxLayout(self.detail)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        for widget in (self.name, self.facts, note, heading, self.matches):
            column.addWidget(widget)
        column.addLayout(buttons)
        column.addWidget(self.problem)
        column.addStretch(1)

    def reload(self) -> None:
        self._generation += 1
        generation, db = self._generation, self.ctx.db
        self.ctx.tasks.run(
            lambda _p: sign_ups_to_review(db),
            on_success=while_alive(self, lambda rows: self._loaded(rows, generation)),
            on_failure=while_alive(
                self, lambda exc: self.problem.show_message("error", problem_text(exc))
            ),
        )

    def _loaded(self, rows: list[SignUpToReview], generation: int) -> None:
        if generation != self._generation:
            return
        self.rows = rows
        self.list.blockSignals(True)
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(f"{row.display_name}\n{format_when(row.signed_up_at)}")
            item.setData(ID_ROLE, row.member_id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        if rows:
            self.list.setCurrentRow(0)
        self.states.setCurrentIndex(0 if rows else 1)
        self.count.setText(count_text(len(rows), t("1 sign-up to review"),
                                      t("%n sign-ups to review")))  # fmt: skip
        self._show_current()
        self.has_loaded = True
        self.loaded.emit()

    def current(self) -> SignUpToReview | None:
        row = self.list.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def chosen_match(self) -> DuplicateMatch | None:
        review, row = self.current(), self.matches.currentRow()
        if review is None or not 0 <= row < len(review.matches):
            return None
        return review.matches[row]

    def _show_current(self) -> None:
        review = self.current()
        self.problem.hide()
        self.detail.setEnabled(review is not None)
        if review is None:
            return
        self.name.setText(review.display_name)
        facts = [
            review.email,
            format_phone(review.phone) if review.phone else "",
            review.postcode,
            t("signed up %1").replace("%1", format_when(review.signed_up_at)),
        ]
        self.facts.setText(" · ".join(f for f in facts if f))
        self.matches.clear()
        for match in review.matches:
            where = f" · {match.postcode}" if match.postcode else ""
            self.matches.addItem(f"{match.display_name}{where}\n{_reason_words(match)}")
        shown = max(1, min(self.matches.count(), 3))
        self.matches.setFixedHeight(shown * 56 + 4)
        if review.matches:
            self.matches.setCurrentRow(0)
        else:
            self.matches.addItem(t("Nobody now: the likely match may have been changed since."))
        self.merge_button.setEnabled(bool(review.matches))
        self.open_button.setEnabled(bool(review.matches))

    def merge(self) -> None:
        review, match = self.current(), self.chosen_match()
        if review is None or match is None:
            return
        text = t("Merge the kiosk sign-up of %1 into %2’s record?").replace(
            "%1", review.display_name).replace("%2", match.display_name)  # fmt: skip
        self.merge_box = ask(self, t("Same person"), text, t("Merge"),
                             lambda: self._resolve(review, match), undoable=False)  # fmt: skip
        self.merge_box.setInformativeText(t(
            "Details the record lacks are filled in from the sign-up, and its consents, "
            "groups and interest are kept. The sign-up itself is then removed."))  # fmt: skip

    def different(self) -> None:
        review = self.current()
        if review is not None:
            self._resolve(review, None)

    def _resolve(self, review: SignUpToReview, match: DuplicateMatch | None) -> None:
        db, staff = self.ctx.db, self.ctx.staff_id
        merge_into = match.member_id if match else None
        if match is None:
            say = t("%1 kept as a different person").replace("%1", review.display_name)
        else:
            say = t("Merged into %1’s record").replace("%1", match.display_name)

        def done(_id: str) -> None:
            self.ctx.events.notify.emit(say, None)
            self.ctx.events.members_changed.emit()
            self.resolved.emit()
            self.reload()

        self.ctx.tasks.run(
            lambda _p: resolve_review(db, review.member_id, merge_into=merge_into,
                                      staff_user_id=staff),
            on_success=while_alive(self, done),
            on_failure=while_alive(self, self._problem),
        )  # fmt: skip

    def _problem(self, exc: Exception) -> None:
        self.problem.show_message("error", problem_text(exc))

    def _open_existing(self) -> None:
        match = self.chosen_match()
        if match is not None:
            self.ctx.events.open_member.emit(match.member_id)
