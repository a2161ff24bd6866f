"""A member's page: their details, groups (with role), consents (with Withdraw, one action
each), activity and the history of changes to their details."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.member_profile import MemberProfile
from hubapp.ui import theme
from hubapp.ui.members.profile_sections import (
    activity_rows,
    consent_rows,
    detail_rows,
    group_rows,
    history_rows,
)
from hubapp.ui.members.words import format_date


class Card(QFrame):
    """A titled white panel; `body` is where its rows go."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        self.body = QVBoxLayout()
        self.body.setSpacing(8)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(self.body)

    def set_rows(self, widgets: list[QWidget]) -> None:
        while (item := self.body.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for widget in widgets:
            self.body.addWidget(widget)


class MemberProfileView(QWidget):
    back_requested = Signal()
    edit_requested = Signal(str)
    delete_requested = Signal(str, str)
    restore_requested = Signal(str, str)
    withdraw_requested = Signal(str, str)  # member id, purpose
    open_group = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile: MemberProfile | None = None
        self.back = QPushButton(theme.icon("mdi6.arrow-left"), self.tr("All members"))
        self.back.setObjectName("link")
        self.back.setToolTip(self.tr("Back to all members (Alt+Left)"))
        self.back.clicked.connect(self.back_requested)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.subtitle = QLabel()
        self.subtitle.setObjectName("pageSubtitle")
        self.subtitle.setWordWrap(True)
        self.deleted_note = QLabel()
        self.deleted_note.setObjectName("formError")
        self.edit = QPushButton(theme.icon("mdi6.pencil", "on_accent"), self.tr("&Edit"))
        self.edit.setObjectName("primary")
        self.edit.setToolTip(self.tr("Edit their details (Ctrl+E)"))
        self.edit.clicked.connect(self._edit)
        self.delete = QPushButton(theme.icon("mdi6.delete-outline"), self.tr("&Delete"))
        self.delete.clicked.connect(self._delete_or_restore)
        for button in (self.back, self.edit, self.delete):
            button.setAutoDefault(True)
        self.details = Card(self.tr("Details"))
        self.groups = Card(self.tr("Groups"))
        self.consents = Card(self.tr("Consent"))
        self.activity = Card(self.tr("Activity"))
        self.history = Card(self.tr("History of changes"))
        self._layout()
        for keys, slot in (("Ctrl+E", self._edit), ("Alt+Left", self.back_requested.emit),
                           ("Esc", self.back_requested.emit)):  # fmt: skip
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def _layout(self) -> None:
        heading = QVBoxLayout()
        heading.setSpacing(2)
        heading.addWidget(self.title)
        heading.addWidget(self.subtitle)
        heading.addWidget(self.deleted_note)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.edit, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.delete, 0, Qt.AlignmentFlag.AlignTop)
        columns = QGridLayout()
        columns.setHorizontalSpacing(16)
        columns.setVerticalSpacing(16)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addWidget(self.details)
        left.addWidget(self.groups)
        left.addWidget(self.history)
        left.addStretch(1)
        right = QVBoxLayout()
        right.setSpacing(16)
        right.addWidget(self.consents)
        right.addWidget(self.activity)
        right.addStretch(1)
        self._right = right
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        body = QWidget()
        body.setObjectName("scrollBody")
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 8, 16)
        inner.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        self.scroll_area = scroll
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.setSpacing(8)
        layout.addWidget(self.back, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)

    def add_card(self, card: QWidget, position: int | None = None) -> None:
        """A card from elsewhere (e.g. ways to get involved) in the right-hand column; at
        its end (above the stretch) without a position."""
        if position is None:
            position = self._right.count() - 1
        self._right.insertWidget(position, card)

    def show_profile(self, profile: MemberProfile) -> None:
        self.profile = profile
        d = profile.details
        self.title.setText(profile.display_name)
        since = format_date(profile.created_at.astimezone().date())
        parts = [self.tr("Member since %1").replace("%1", since)]
        if profile.membership_number:
            parts.append(self.tr("Membership number %1").replace("%1", profile.membership_number))
        if d.preferred_name and d.preferred_name != d.first_name:
            parts.append(self.tr("Full name %1 %2").replace("%1", d.first_name)
                         .replace("%2", d.last_name).strip())  # fmt: skip
        self.subtitle.setText(" · ".join(parts))
        self.deleted_note.setText(
            "⚠ " + self.tr("This member was deleted. They no longer appear in lists or searches.")
        )
        self.deleted_note.setObjectName("formError")
        self.deleted_note.style().polish(self.deleted_note)
        self.deleted_note.setVisible(profile.deleted)
        for widget in self._record_parts():
            widget.setVisible(True)  # (hidden while an erased member was shown)
        self.edit.setEnabled(not profile.deleted)
        self.delete.setText(self.tr("&Restore") if profile.deleted else self.tr("&Delete"))
        self.details.set_rows(detail_rows(d))
        self.groups.set_rows(group_rows(profile, self.open_group.emit))
        self.consents.set_rows(
            consent_rows(profile, lambda purpose: self.withdraw_requested.emit(profile.id, purpose))
        )
        self.activity.set_rows(activity_rows(profile))
        self.history.set_rows(history_rows(profile))
        self.scroll_area.verticalScrollBar().setValue(0)

    def show_erased(self, words: str) -> None:
        """After show_profile, for a member whose data was erased: what remains is the fact
        of the erasure (`words`) and the history of changes, with nothing to edit."""
        self.title.setText(self.tr("Erased member"))
        self.subtitle.setText("")
        self.deleted_note.setText(words)
        self.deleted_note.setObjectName("muted")
        self.deleted_note.setWordWrap(True)
        self.deleted_note.style().polish(self.deleted_note)
        self.deleted_note.setVisible(True)
        for widget in self._record_parts():
            widget.setVisible(False)

    def _record_parts(self) -> tuple[QWidget, ...]:
        """What an erased member's page no longer shows."""
        return (self.edit, self.delete, self.details, self.groups, self.consents, self.activity)

    def _edit(self) -> None:
        if self.profile is not None and not self.profile.deleted:
            self.edit_requested.emit(self.profile.id)

    def _delete_or_restore(self) -> None:
        if self.profile is None:
            return
        signal = self.restore_requested if self.profile.deleted else self.delete_requested
        signal.emit(self.profile.id, self.profile.display_name)
