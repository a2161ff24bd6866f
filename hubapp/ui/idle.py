"""Noticing that nobody has touched the keyboard or mouse for a while, so the screen can lock,
and hiding every other window of the app while it is locked."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QWidget

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits `idle` after `timeout_ms` without keyboard, mouse or touch input anywhere in the
    app. Watches through one app-wide event filter; a single-shot timer restarts on input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._timer.setInterval(max(1, timeout_ms))
        self._running = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(1, timeout_ms))
        if self._running:
            self._timer.start()

    def start(self) -> None:
        self._running = True
        self._timer.start()

    def stop(self) -> None:
        self._running = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._running and event.type() in _INPUT_EVENTS:
            self._timer.start()
        return False


class HiddenWindows:
    """While locked, no other window of the app (a dialog, a pop-up) may stay on screen.
    Modal dialogs are closed, as if cancelled, since they would block the lock screen; other
    windows come back on unlock."""

    def __init__(self) -> None:
        self._hidden: list[QWidget] = []

    def hide_all_except(self, keep: QWidget) -> None:
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            popup = QApplication.activePopupWidget()
        for widget in QApplication.topLevelWidgets():
            if widget is keep or not widget.isVisible() or not widget.isWindow():
                continue
            if widget.windowType() == Qt.WindowType.ToolTip:
                widget.hide()
            elif isinstance(widget, QDialog) and widget.isModal():
                widget.reject()
            else:
                widget.hide()
                self._hidden.append(widget)

    def restore(self) -> None:
        for widget in self._hidden:
            try:
                widget.show()
            except RuntimeError:  # the window was deleted while we were locked
                continue
        self._hidden.clear()
