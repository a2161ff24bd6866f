"""Beside the sign-up form: people who may already be registered, found as the librarian
types. Enter on a match (or Ctrl+O) opens them instead; saving anyway needs the explicit
"This is a different person" tick."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from hubapp.services.duplicates import DuplicateMatch
from hubapp.ui import theme
from hubapp.ui.members.words import reason_words

_ID = Qt.ItemDataRole.UserRole
_REASONS = Qt.ItemDataRole.UserRole + 1
MAX_SHOWN = 5
_Index = QModelIndex | QPersistentModelIndex


class _MatchDelegate(QStyledItemDelegate):
    """Two lines per match: the name (bold) and postcode, then why it looks the same."""

    @staticmethod
    def _text_width(option: QStyleOptionViewItem) -> int:
        widget = option.widget
        width = widget.width() if widget is not None else option.rect.width()
        return max(width - 28, 80)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        reasons = option.fontMetrics.boundingRect(
            QRect(0, 0, self._text_width(option), 1000),
            int(Qt.TextFlag.TextWordWrap),
            str(index.data(_REASONS)),
        )
        return QSize(option.rect.width(), option.fontMetrics.height() + reasons.height() + 16)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        line = opt.fontMetrics.height()
        rect = opt.rect.adjusted(10, 8, -10, -8)
        painter.save()
        bold = QFont(opt.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(opt.palette.color(role))
        first = QRect(rect.x(), rect.y(), rect.width(), line)
        flags = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.drawText(first, flags, str(index.data(Qt.ItemDataRole.DisplayRole)))
        painter.setFont(opt.font)
        if not selected:
            painter.setPen(opt.palette.color(opt.palette.ColorRole.PlaceholderText))
        second = QRect(rect.x(), rect.y() + line, rect.width(), rect.height() - line)
        wrap = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop) | int(
            Qt.TextFlag.TextWordWrap
        )
        painter.drawText(second, wrap, str(index.data(_REASONS)))
        painter.restore()


class DuplicatePanel(QFrame):
    open_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicatePanel")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.matches: list[DuplicateMatch] = []
        self._confirmed_ids: set[str] = set()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.title.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Likely matches"))
        self.list.setItemDelegate(_MatchDelegate(self.list))
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.installEventFilter(self)
        self.list.itemActivated.connect(lambda item: self.open_requested.emit(item.data(_ID)))
        self.open_button = QPushButton(self.tr("Open this member (Ctrl+O)"))
        self.open_button.setAutoDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.different = QCheckBox(self.tr("This is a &different person"))
        self.different.setAccessibleDescription(
            self.tr("Tick to sign them up although they look like someone already registered.")
        )
        self.different.toggled.connect(self._on_different)
        self.shortcuts = QLabel()
        self.shortcuts.setObjectName("fieldHint")
        self.shortcuts.setWordWrap(True)
        self.shortcuts.setTextFormat(Qt.TextFormat.RichText)
        self.shortcuts.setText(
            "<table cellspacing='0' cellpadding='3'>"
            + "".join(
                f"<tr><td><b>{key}</b></td><td>&nbsp;&nbsp;{what}</td></tr>"
                for key, what in (
                    (self.tr("Enter"), self.tr("Sign up")),
                    (self.tr("Tab"), self.tr("Next field")),
                    (self.tr("Esc"), self.tr("Clear the form")),
                    (self.tr("Ctrl+O"), self.tr("Open a likely match")),
                    (self.tr("Alt+letter"), self.tr("Jump to a field")),
                )
            )
            + "</table>"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self.title)
        layout.addWidget(self.message)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.open_button)
        layout.addWidget(self.different)
        layout.addStretch(0)
        layout.addWidget(self.shortcuts)
        theme.theme_events().changed.connect(self._restyle)
        self.set_matches([])

    @property
    def showing(self) -> bool:
        return bool(self.matches)

    @property
    def confirmed_different(self) -> bool:
        """Ticked for (at least) every match now shown."""
        ids = {m.member_id for m in self.matches}
        return self.different.isChecked() and ids <= self._confirmed_ids

    def set_matches(self, matches: list[DuplicateMatch]) -> None:
        ids = {m.member_id for m in matches}
        if not ids <= self._confirmed_ids:
            # New people to compare with: the librarian must look again.
            self.different.setChecked(False)
        self.matches = list(matches)
        self.list.clear()
        for match in matches:
            reasons = ", ".join(reason_words(r) for r in match.reasons)
            where = f" · {match.postcode}" if match.postcode else ""
            item = QListWidgetItem(f"{match.display_name}{where}")
            item.setData(_ID, match.member_id)
            item.setData(_REASONS, reasons[:1].upper() + reasons[1:])
            item.setData(
                Qt.ItemDataRole.AccessibleTextRole, f"{match.display_name}{where}, {reasons}"
            )
            item.setToolTip(self.tr("Enter opens %1").replace("%1", match.display_name))
            self.list.addItem(item)
        self._fit_list()
        if matches:
            self.list.setCurrentRow(0)
            self.title.setText("⚠ " + self.tr("Already registered?"))
            count = len(matches)
            self.message.setText(
                self.tr("This looks like someone we already know. Open them instead, or tick "
                        "below if this is someone else.")
                if count == 1
                else self.tr("These look like people we already know. Open one of them "
                             "instead, or tick below if this is someone else.")
            )  # fmt: skip
        else:
            self.title.setText(self.tr("Already a member?"))
            self.message.setText(
                self.tr("As you type a name, email, phone or postcode, anyone who may "
                        "already be registered appears here.")
            )  # fmt: skip
        for widget in (self.list, self.open_button, self.different):
            widget.setVisible(bool(matches))
        self.setProperty("warning", bool(matches))
        self._restyle()

    def _fit_list(self) -> None:
        """As tall as the matches (up to five), so a single match is a compact card."""
        shown = min(self.list.count(), MAX_SHOWN)
        height = sum(self.list.sizeHintForRow(i) for i in range(shown))
        self.list.setFixedHeight(height + 2 * self.list.frameWidth() + 2)

    def reset(self) -> None:
        self._confirmed_ids.clear()
        self.different.setChecked(False)
        self.set_matches([])

    def ask_to_confirm(self) -> None:
        """After a save was refused: point at the choice to make."""
        self.message.setText(
            self.tr("Not saved yet. Open the existing member (Ctrl+O), or tick “This is a "
                    "different person” and save again.")
        )  # fmt: skip
        self.different.setFocus(Qt.FocusReason.OtherFocusReason)

    def open_selected(self) -> None:
        item = self.list.currentItem() or self.list.item(0)
        if item is not None:
            self.open_requested.emit(item.data(_ID))

    def _on_different(self, checked: bool) -> None:
        self._confirmed_ids = {m.member_id for m in self.matches} if checked else set()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.list and event.type() == QEvent.Type.Resize:
            self._fit_list()
        # Enter on a match opens it; without this the list passes Enter on, which saves.
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.open_selected()
            return True
        return super().eventFilter(watched, event)

    def _restyle(self) -> None:
        c = theme.colours()
        border = c.warning if self.property("warning") else c.border
        self.setStyleSheet(
            f"QFrame#duplicatePanel {{ background: {c.surface}; border: "
            f"{c.border_width + (1 if self.property('warning') else 0)}px solid {border};"
            f" border-radius: 10px; }}"
            f" QFrame#duplicatePanel QListWidget {{ border: 1px solid {c.border}; }}"
            f" QFrame#duplicatePanel QListWidget::item {{ padding: 6px 8px; }}"
            + (
                f" QFrame#duplicatePanel QLabel#sectionTitle {{ color: {c.warning}; }}"
                if self.property("warning")
                else ""
            )
        )
