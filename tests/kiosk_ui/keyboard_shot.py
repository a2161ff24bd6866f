"""The kiosk's Join screen with Qt's on-screen keyboard up, on a real X server (the keyboard
is a window of its own, which the offscreen platform does not show). Needs PySide6-Addons
(`pip install -e ".[kiosk-keyboard]"`), and on Linux libpulse0; run under Xvfb:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \\
        .venv/bin/python -m tests.kiosk_ui.keyboard_shot [OUT.png]

Prints "keyboard shown HEIGHT" (the keyboard's height in pixels) and saves the screen."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from hubapp.ui.kiosk.environment import KeyboardChoice, kiosk_environment


def main(out: Path) -> int:
    if not kiosk_environment(KeyboardChoice.ON):
        print("the on-screen keyboard is not installed")
        return 2
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QGuiApplication

    from hubapp.models.database import Database
    from hubapp.services import staff as staff_service
    from hubapp.ui import theme
    from hubapp.ui.app import make_application
    from hubapp.ui.context import AppContext
    from hubapp.ui.kiosk import KioskWindow
    from hubapp.ui.tasks import TaskRunner
    from tests.kiosk_ui.make_screenshots import Bot
    from tests.kiosk_ui.screens import join_name

    def settle(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    app = make_application()
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    db = Database(Path(tempfile.mkdtemp()))
    staff_service.set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones", "correct horse")
    tasks = TaskRunner()
    window = KioskWindow(AppContext(db=db, tasks=tasks, staff=None), hub_name="Llandovery Library")
    window.resize(1280, 800)
    window.show()
    settle(300)
    join_name(Bot(), window)
    settle(300)
    window.activateWindow()  # Xvfb has no window manager to do it
    from PySide6.QtWidgets import QLineEdit

    first = next(e for e in window.findChildren(QLineEdit) if e.isVisible())
    first.setFocus()
    settle(300)
    focused = QGuiApplication.focusObject()
    QGuiApplication.inputMethod().show()
    settle(1500)
    shown = QGuiApplication.inputMethod().isVisible()
    height = int(QGuiApplication.inputMethod().keyboardRectangle().height())
    screen = QGuiApplication.primaryScreen()
    screen.grabWindow(0).save(str(out))
    print(f"focus on {type(focused).__name__}; keyboard {'shown' if shown else 'hidden'} {height}")
    tasks.wait(5_000)
    window.shut()
    db.close()
    return 0 if shown and height > 0 else 1


if __name__ == "__main__":
    code = main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("kiosk-keyboard.png"))
    sys.stdout.flush()
    # The keyboard's QML scene outlives Python's orderly exit and aborts in it: leave now.
    os._exit(code)
