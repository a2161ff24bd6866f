"""Keeping visitors inside the kiosk: the keys and menus that could lead elsewhere are
swallowed, and the two hidden ways to the staff PIN prompt are watched for: a key chord
(Ctrl+Alt+Shift+K) and a long press on the top-left corner of the screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

CHORD_KEY = Qt.Key.Key_K
CHORD_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.ShiftModifier
)
CORNER_PX = 96
LONG_PRESS_MS = 3000

# Keys that never do anything in the kiosk: they close, cancel, open menus or help.
_DEAD_KEYS = frozenset(
    {
        Qt.Key.Key_Escape,
        Qt.Key.Key_Menu,
        Qt.Key.Key_Close,
        Qt.Key.Key_Back,
        Qt.Key.Key_Print,
        Qt.Key.Key_SysReq,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Meta,
        Qt.Key.Key_Help,
        Qt.Key.Key_Undo,
        Qt.Key.Key_Redo,
        Qt.Key.Key_Copy,
        Qt.Key.Key_Cut,
        Qt.Key.Key_Paste,
        Qt.Key.Key_Insert,
        *(Qt.Key(Qt.Key.Key_F1.value + n) for n in range(35)),
    }
)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)  # fmt: skip


def is_chord(event: QKeyEvent) -> bool:
    wanted = event.modifiers() & (_COMMAND_MODIFIERS | Qt.KeyboardModifier.ShiftModifier)
    return event.key() == CHORD_KEY and wanted == CHORD_MODIFIERS


def is_dead_key(event: QKeyEvent) -> bool:
    """Escape, function keys, menu keys, Insert (Shift+Insert pastes), every Ctrl or Meta
    combination (Ctrl+W, Ctrl+Q, Ctrl+V...) and every Alt one that types nothing (Alt+F4).
    AltGr letters (â, ŵ; Ctrl+Alt on Windows) type text: they pass."""
    if Qt.Key(event.key()) in _DEAD_KEYS:
        return True
    modifiers = event.modifiers()
    if modifiers & Qt.KeyboardModifier.AltModifier:
        text = event.text()
        return not (text and text.isprintable())
    return bool(
        modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier)
    )


def belongs_to(watched: QObject, window: QWidget) -> bool:
    return isinstance(watched, QWidget) and watched.window() is window


class KeyGuard(QObject):
    """An app-wide filter: swallows dead keys and context menus aimed at the kiosk window,
    and emits `chord` for Ctrl+Alt+Shift+K."""

    chord = Signal()

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.ContextMenu:
            return belongs_to(watched, self.window)
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        if not belongs_to(watched, self.window) or not isinstance(event, QKeyEvent):
            return False
        if is_chord(event):
            if kind == QEvent.Type.KeyPress and not event.isAutoRepeat():
                self.chord.emit()
            return True
        return is_dead_key(event)


class CornerPress(QObject):
    """Emits `held` when the top-left corner of `window` is pressed (mouse or finger) and
    held still for `hold_ms`. Nothing there reacts to a touch, so visitors never notice it."""

    held = Signal()

    def __init__(self, window: QWidget, hold_ms: int = LONG_PRESS_MS) -> None:
        super().__init__(window)
        self.window = window
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(hold_ms)
        self.timer.timeout.connect(self.held)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def remove(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def corner(self) -> QRect:
        return QRect(0, 0, CORNER_PX, CORNER_PX)

    def _in_corner(self, global_pos: QPoint) -> bool:
        return self.corner().contains(self.window.mapFromGlobal(global_pos))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not belongs_to(watched, self.window):
            return False
        if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove) and isinstance(
            event, QMouseEvent
        ):
            inside = self._in_corner(event.globalPosition().toPoint())
            if kind == QEvent.Type.MouseButtonPress and inside:
                if not self.timer.isActive():
                    self.timer.start()
            elif not inside:
                self.timer.stop()
        elif kind == QEvent.Type.TouchBegin and isinstance(event, QTouchEvent):
            points = event.points()
            if points and self._in_corner(points[0].globalPosition().toPoint()):
                self.timer.start()
        elif kind in (
            QEvent.Type.MouseButtonRelease,
            QEvent.Type.TouchEnd,
            QEvent.Type.TouchCancel,
        ):
            self.timer.stop()
        return False
