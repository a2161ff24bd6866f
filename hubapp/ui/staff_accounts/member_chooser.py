"""Choosing the member a group organiser's account is for: search by name (or email, phone,
postcode) and see each person's officer roles, so the right one is obvious. Opened with
open(); `chosen` says who, with their roles."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.organisers import AccountCandidate, find_account_candidates
from hubapp.ui.context import AppContext
from hubapp.ui.groups.icons import IconKeeper
from hubapp.ui.staff_accounts.words import officer_text
from hubapp.ui.theme import colours, icon
from hubapp.ui.widgets.alive import while_alive

SEARCH_DELAY_MS = 150
CANDIDATE_ROLE = Qt.ItemDataRole.UserRole


class OrganiserMemberChooser(QDialog):
    chosen = Signal(object)  # the AccountCandidate chosen

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._generation = 0
        self.has_searched = False
        self.setWindowTitle(self.tr("Choose the group organiser"))
        self.setMinimumSize(560, 420)
        intro = QLabel(self.tr(
            "The account acts for the groups this member is an officer of (organiser, chair, "
            "secretary or treasurer), and only while they are."
        ))  # fmt: skip
        intro.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Type a name, email, phone or postcode"))
        self.search.setAccessibleName(self.tr("Find the member"))
        self.search.setClearButtonEnabled(True)
        IconKeeper(self).set(
            self.search.addAction(QIcon(), QLineEdit.ActionPosition.LeadingPosition),
            "mdi6.magnify",
            "muted",
        )
        self.search.installEventFilter(self)
        search_label = QLabel(self.tr("&Find the member"))
        search_label.setObjectName("fieldLabel")
        search_label.setBuddy(self.search)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Matching members"))
        self.results.setStyleSheet("QListWidget::item { padding: 6px 8px; }")
        self.results.currentItemChanged.connect(lambda *_: self._enable())
        self.results.itemDoubleClicked.connect(lambda _item: self.choose())
        self.status = QLabel(self.tr("Officers of a group are listed first."))
        self.status.setObjectName("muted")
        self.status.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("&Choose"))
        self.choose_button.setObjectName("primary")
        self.choose_button.setDefault(True)
        self.choose_button.clicked.connect(self.choose)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addWidget(search_label)
        layout.addWidget(self.search)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.search.textEdited.connect(lambda _t: self._timer.start())
        self._enable()

    def search_now(self) -> None:
        """Searches on the worker; answers to older text are dropped."""
        self._timer.stop()
        self._generation += 1
        generation, text, db = self._generation, self.search.text(), self.ctx.db
        if not text.strip():
            self._show([], text, generation)
            return
        self.ctx.tasks.run(
            lambda _p: find_account_candidates(db, text),
            on_success=while_alive(self, lambda found: self._show(found, text, generation)),
        )

    def _show(self, found: list[AccountCandidate], text: str, generation: int) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for candidate in found:
            self.results.addItem(self._item(candidate))
        if found:
            self.results.setCurrentRow(0)
            officers = sum(1 for c in found if c.roles)
            self.status.setText(
                self.tr("Nobody found is an officer of a group: an organiser account for them "
                        "could do nothing. Give them a role in their group first, in Groups.")
                if not officers else self.tr("Officers of a group are listed first.")
            )  # fmt: skip
        elif text.strip():
            self.status.setText(self.tr("No members match “%1”.").replace("%1", text.strip()))
        self.has_searched = bool(text.strip())
        self._enable()

    def _item(self, c: AccountCandidate) -> QListWidgetItem:
        where = " · ".join(x for x in (c.postcode, c.email) if x)
        first = f"{c.display_name}  —  {where}" if where else c.display_name
        roles = officer_text(c.roles)
        item = QListWidgetItem(f"{first}\n{roles}")
        item.setData(CANDIDATE_ROLE, c)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{c.display_name}: {roles}")
        if c.roles:
            item.setIcon(icon("mdi6.account-star", "accent"))
        else:
            item.setIcon(icon("mdi6.account-outline", "muted"))
            item.setForeground(QColor(colours().muted))
        return item

    def current(self) -> AccountCandidate | None:
        item = self.results.currentItem()
        value = item.data(CANDIDATE_ROLE) if item is not None else None
        return value if isinstance(value, AccountCandidate) else None

    def _enable(self) -> None:
        self.choose_button.setEnabled(self.current() is not None)

    def choose(self) -> None:
        candidate = self.current()
        if candidate is None:
            return
        self.chosen.emit(candidate)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down goes from the search into the matches; Enter takes the current match.
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Down and self.results.count():
                self.results.setFocus()
                return True
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._timer.isActive():
                    self.search_now()
                else:
                    self.choose()
                return True
        return super().eventFilter(watched, event)
