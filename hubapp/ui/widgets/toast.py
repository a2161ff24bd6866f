"""A short, non-blocking confirmation at the bottom of the window ("Siân Llewellyn added"),
with an Undo button when the action can be undone. It never takes the keyboard focus."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QEnterEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from hubapp.ui import theme

SHOW_MS = 6_000
SHOW_WITH_UNDO_MS = 10_000
MARGIN = 24


class Toast(QFrame):
    """Lives inside `host`, at the bottom left of `area` (a part of the host, by default all
    of it), where pages seldom keep their buttons. A new message replaces the one showing."""

    def __init__(self, host: QWidget, area: QWidget | None = None) -> None:
        super().__init__(host)
        self._area = area or host
        self.setObjectName("toast")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._host = host
        self._undo: Callable[[], object] | None = None
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setMaximumWidth(520)
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.setToolTip(self.tr("Undo (Ctrl+Z)"))
        self.undo_button.setAccessibleName(self.tr("Undo"))
        self.undo_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.undo_button.clicked.connect(self.undo)
        self.close_button = QPushButton()
        self.close_button.setAccessibleName(self.tr("Dismiss message"))
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.clicked.connect(self.dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.undo_button)
        layout.addWidget(self.close_button)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.dismiss)
        # Ctrl+Z undoes the last action from anywhere in the window; a text field with the
        # focus still gets Ctrl+Z first for its own typing.
        self._shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Undo), host)
        self._shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self._shortcut.setEnabled(False)
        self._shortcut.activated.connect(self.undo)
        host.installEventFilter(self)
        theme.theme_events().changed.connect(self._restyle)
        self._restyle()
        self.hide()

    def show_message(self, text: str, undo: Callable[[], object] | None = None) -> None:
        self._undo = undo
        self.message.setText(text)
        self.setAccessibleName(text)
        self.undo_button.setVisible(undo is not None)
        self._shortcut.setEnabled(undo is not None)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(SHOW_WITH_UNDO_MS if undo else SHOW_MS)
        _announce(self, text)

    def undo(self) -> None:
        action, self._undo = self._undo, None
        self.dismiss()
        if action is not None:
            action()

    def dismiss(self) -> None:
        self._timer.stop()
        self._shortcut.setEnabled(False)
        self._undo = None
        self.hide()

    @property
    def has_undo(self) -> bool:
        return self._undo is not None

    def enterEvent(self, event: QEnterEvent) -> None:
        # Someone reaching for Undo should not see it vanish under the pointer.
        self._timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self.isVisible():
            self._timer.start(SHOW_MS // 2)
        super().leaveEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._host and event.type() == QEvent.Type.Resize:
            self._place()
        return False

    def _place(self) -> None:
        origin = QPoint(0, 0)
        if self._area is not self._host:
            origin = self._area.mapTo(self._host, origin)
        area = QRect(origin, self._area.size())
        size = self.sizeHint()
        width = min(max(size.width(), 320), area.width() - 2 * MARGIN)
        self.resize(width, size.height())
        self.move(area.left() + MARGIN, max(0, area.bottom() - size.height() - MARGIN))

    def _restyle(self) -> None:
        self.close_button.setIcon(theme.icon("mdi6.close", "toast_text"))


def _announce(widget: QWidget, text: str) -> None:
    """Screen readers hear the message (Qt 6.8+ announcement events)."""
    try:
        from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
    except ImportError:
        return
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
