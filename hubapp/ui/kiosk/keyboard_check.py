"""Proves Qt's on-screen keyboard really comes up on this computer: opens the kiosk on a
throwaway hub (never this hub's own data), touches the first field of Join and asks Qt
whether the keyboard is showing, and how tall it is.

    hubapp check-keyboard [--screenshot FILE]      (the kiosk bundle, installers/build --kiosk)
    python -m hubapp.ui.kiosk.keyboard_check [--screenshot FILE]       (from source)

It needs a real screen: the keyboard is a window of its own, which Qt's offscreen platform
never shows (CI runs it under Xvfb). Prints "on-screen keyboard ok: ..." and exits 0; exits 1
if the keyboard did not come up, 2 if it is not installed at all."""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hubapp.ui.kiosk.environment import KeyboardChoice, kiosk_environment

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLineEdit

    from hubapp.ui.kiosk.window import KioskWindow

SHOW_TIMEOUT_MS = 15_000  # the keyboard's QML loads on first use: seconds on a slow computer
SCREEN = (1280, 800)


@dataclass(frozen=True)
class KeyboardReport:
    focused: str  # the class of the widget holding the focus after the touch
    shown: bool
    height: int  # the keyboard's height in pixels

    @property
    def ok(self) -> bool:
        return self.shown and self.height > 0

    def line(self) -> str:
        if self.ok:
            return (
                f"on-screen keyboard ok: shown under the first field of Join "
                f"(focus on {self.focused}), {self.height} pixels high"
            )
        return (
            f"the on-screen keyboard did not come up (focus on {self.focused}, "
            f"shown: {'yes' if self.shown else 'no'}, height {self.height} pixels)"
        )


def wait_ms(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def touch(widget: QLineEdit) -> None:
    """A press and release in the middle of `widget`, as a finger on a touch screen gives
    (Qt turns touches into these): the field takes the focus and asks for the keyboard."""
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    local = QPointF(widget.rect().center())
    scene = QPointF(widget.mapToGlobal(local.toPoint()))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for kind, buttons in (
        (QEvent.Type.MouseButtonPress, left),
        (QEvent.Type.MouseButtonRelease, none),
    ):
        event = QMouseEvent(kind, local, scene, left, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(widget, event)


def wait_for_keyboard(timeout_ms: int = SHOW_TIMEOUT_MS) -> None:
    """Returns once the keyboard is showing with its size known, or after `timeout_ms`."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    method = QGuiApplication.inputMethod()

    def up() -> bool:
        return method.isVisible() and method.keyboardRectangle().height() > 0

    if up():
        return
    loop = QEventLoop()

    def check() -> None:
        if up():
            loop.quit()

    method.visibleChanged.connect(check)
    method.keyboardRectangleChanged.connect(check)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    method.visibleChanged.disconnect(check)
    method.keyboardRectangleChanged.disconnect(check)


def bring_up_keyboard(window: KioskWindow) -> KeyboardReport:
    """With the kiosk window on screen: Join, then a touch on its first field."""
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QLineEdit

    window.start.tiles["join"].click()
    wait_ms(300)
    window.activateWindow()  # a bare X server (Xvfb) has no window manager to do it
    first = next(e for e in window.findChildren(QLineEdit) if e.isVisible())
    touch(first)
    wait_for_keyboard()
    wait_ms(300)  # let the keyboard finish sliding up before anyone looks
    method = QGuiApplication.inputMethod()
    focused = QGuiApplication.focusObject()
    return KeyboardReport(
        focused=type(focused).__name__ if focused is not None else "nothing",
        shown=method.isVisible(),
        height=int(method.keyboardRectangle().height()),
    )


def run(screenshot: Path | None = None, *, hub_name: str = "Keyboard check") -> int:
    """Returns the exit code; then leave with os._exit (see main)."""
    if not kiosk_environment(KeyboardChoice.ON):
        print("the on-screen keyboard (Qt Virtual Keyboard) is not installed in this hubapp")
        return 2
    from hubapp.models.database import Database
    from hubapp.services import staff as staff_service
    from hubapp.ui import theme
    from hubapp.ui.app import make_application
    from hubapp.ui.context import AppContext
    from hubapp.ui.kiosk.window import KioskWindow
    from hubapp.ui.tasks import TaskRunner

    app = make_application()
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    scratch = Path(tempfile.mkdtemp(prefix="hubapp-keyboard-check-"))
    db = Database(scratch)
    try:
        # A random secret nobody knows: this throwaway hub's staff account is never used.
        staff_service.set_up_hub(db, hub_name, "check", "Check", secrets.token_urlsafe(24))
        tasks = TaskRunner()
        window = KioskWindow(AppContext(db=db, tasks=tasks, staff=None), hub_name=hub_name)
        window.resize(*SCREEN)
        window.show()
        wait_ms(300)
        report = bring_up_keyboard(window)
        if screenshot is not None:
            app.primaryScreen().grabWindow(0).save(str(screenshot))
        print(report.line())
        tasks.wait(5_000)
        window.shut()
    finally:
        db.close()
        shutil.rmtree(scratch, ignore_errors=True)
    return 0 if report.ok else 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="hubapp check-keyboard",
        description="Check that the kiosk's on-screen keyboard comes up on this computer.",
    )
    parser.add_argument("--screenshot", type=Path, help="also save the screen to this PNG file")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    code = run(args.screenshot)
    sys.stdout.flush()
    sys.stderr.flush()
    # The keyboard's QML scene outlives Python's orderly exit and aborts in it: leave now.
    os._exit(code)


if __name__ == "__main__":
    main()
