"""Form building blocks: a labelled field with its validation message underneath, a page
header, an empty state, and the scrolling column of cards of the settings pages. Labels are
buddies of their fields, so Alt+letter works."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)


class FormField(QWidget):
    """Label above, field, then a message line that appears only when there is a problem."""

    def __init__(
        self,
        label: str,
        field: QWidget,
        *,
        required: bool = False,
        hint: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.field = field
        self.label = QLabel(label + (" *" if required else ""))
        self.label.setObjectName("fieldLabel")
        self.label.setBuddy(field)
        if not field.accessibleName():
            field.setAccessibleName(label.replace("&", ""))
        if required:
            field.setAccessibleDescription(self.tr("Required"))
        self.hint = QLabel(hint)
        self.hint.setObjectName("fieldHint")
        self.hint.setWordWrap(True)
        if not hint:  # (showing a label before it has a parent opens it as a window)
            self.hint.hide()
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setVisible(False)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        layout.addWidget(self.label)
        layout.addWidget(field)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)

    def show_error(self, message: str) -> None:
        # An icon-like prefix as well as colour, so the meaning does not rest on colour alone.
        self.error.setText("⚠ " + message)
        self.error.setVisible(True)
        self.field.setProperty("invalid", True)
        self.field.setAccessibleDescription(message)
        self._restyle()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.setVisible(False)
        self.field.setProperty("invalid", False)
        self.field.setAccessibleDescription("")
        self._restyle()

    @property
    def has_error(self) -> bool:
        return self.error.isVisible()

    def _restyle(self) -> None:
        style = self.field.style()
        style.unpolish(self.field)
        style.polish(self.field)
        self.field.updateGeometry()


class PageHeader(QWidget):
    """A page title, an optional line under it, and room for actions on the right."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        self.title.setAccessibleName(title)
        self.subtitle = QLabel(subtitle)
        self.subtitle.setObjectName("pageSubtitle")
        if not subtitle:  # (showing a label before it has a parent opens it as a window)
            self.subtitle.hide()
        self.subtitle.setWordWrap(True)
        text = QVBoxLayout()
        text.setSpacing(2)
        text.addWidget(self.title)
        text.addWidget(self.subtitle)
        self._actions = QHBoxLayout()  # (not `actions`: that would hide QWidget.actions())
        self._actions.setSpacing(8)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 8)
        row.addLayout(text, 1)
        row.addLayout(self._actions)

    def add_action(self, button: QPushButton) -> QPushButton:
        self._actions.addWidget(button)
        return button


class EmptyState(QFrame):
    """What belongs in an empty list, and the button that fills it."""

    def __init__(self, message: str, action_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.message = empty_message(message, centred=True)
        self.button = QPushButton(action_text)
        self.button.setObjectName("primary")
        if not action_text:  # (showing it here, before it has a parent, opens it as a window)
            self.button.hide()
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


def card_column(column: QVBoxLayout, max_width: int) -> QScrollArea:
    """A page's column of cards, no wider than `max_width`, scrolling when it is taller than
    the window. The scroll area takes no focus: it follows the focused field instead."""
    body = QWidget()
    body.setObjectName("scrollBody")
    body.setMaximumWidth(max_width)
    body.setLayout(column)
    scroll = _scrolling_on_the_left(body, (0, 0, 8, 0))
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return scroll


def _scrolling_on_the_left(column: QWidget, margins: tuple[int, int, int, int]) -> QScrollArea:
    """`column` on the left of a scroll area that fills its place (the column no wider than
    its own maximum width, the rest of the row empty)."""
    holder = QWidget()
    holder.setObjectName("scrollBody")
    row = QHBoxLayout(holder)
    row.setContentsMargins(*margins)
    row.addWidget(column, 1)
    row.addStretch(0)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(holder)
    return scroll


def form_column(max_width: int) -> tuple[QWidget, QVBoxLayout]:
    """A full-page form's column (no wider than `max_width`) and the layout to fill."""
    column = QWidget()
    column.setObjectName("scrollBody")
    column.setMaximumWidth(max_width)
    body = QVBoxLayout(column)
    body.setContentsMargins(0, 0, 0, 0)
    body.setSpacing(8)
    return column, body


def finish_form_page(
    page: QWidget, column: QWidget, body: QVBoxLayout, error: QWidget, *buttons: QPushButton
) -> QScrollArea:
    """Ends a full-page form: its error line, its buttons in a row, and the column on the
    page's left in a scroll area that fills the page (returned)."""
    body.addWidget(error)
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    body.addSpacing(8)
    body.addLayout(row)
    body.addStretch(1)
    scroll = _scrolling_on_the_left(column, (24, 24, 24, 24))
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
    return scroll


def empty_message(text: str = "", *, centred: bool = False) -> QLabel:
    """The words a list or table shows in its place while it has nothing to show."""
    label = QLabel(text)
    label.setObjectName("emptyMessage")
    label.setWordWrap(True)
    if centred:
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return label
