"""Renders every kiosk screen at 1920x1080 and 1280x800 into docs/screenshots/, as
kiosk-<screen>-<w>x<h>.png, on the small hub of tests/kiosk_ui/hub.py (offscreen). Run from
the repository root:

    .venv/bin/python -m tests.kiosk_ui.make_screenshots [SCREEN...] [1920x1080|1280x800]
        [cy] [larger] [--out DIR]

`cy` renders them in Welsh instead (kiosk-<screen>-cy-<w>x<h>.png; "start-cymraeg" is then
left out, as its switch would go back to English); `larger` with larger text switched on
(kiosk-<screen>-larger-<w>x<h>.png); `--out DIR` writes them to DIR.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QEventLoop, QTimer
from PySide6.QtTest import QTest

from hubapp.models.database import Database
from hubapp.services import staff as staff_service
from hubapp.ui import theme
from hubapp.ui.app import make_application
from hubapp.ui.context import AppContext
from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.kiosk.look import Look
from hubapp.ui.kiosk.words import Language
from hubapp.ui.tasks import TaskRunner
from tests.kiosk_ui.hub import make_hub
from tests.kiosk_ui.screens import SCREENS

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZES = ((1920, 1080), (1280, 800))


class Bot:
    """Just enough of pytest-qt's qtbot for the screen helpers."""

    def mouseClick(self, widget: Any, button: Any) -> None:
        QTest.mouseClick(widget, button)

    def keyClicks(self, widget: Any, text: str) -> None:
        QTest.keyClicks(widget, text)

    def waitUntil(self, check: Any, timeout: int = 10_000) -> None:
        deadline = QDeadlineTimer(timeout)
        while not check():
            if deadline.hasExpired():
                raise TimeoutError("the screen did not come")
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def settle(ms: int = 150) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(args: list[str]) -> int:
    """`args`: screen names and sizes ("1280x800") to make, none meaning all; `cy` for
    Welsh; `--out DIR` for somewhere other than docs/screenshots."""
    out = OUT
    if "--out" in args:
        at = args.index("--out")
        out = Path(args[at + 1])
        args = args[:at] + args[at + 2 :]
    welsh, larger = "cy" in args, "larger" in args
    language, suffix = (Language.WELSH, "-cy") if welsh else (Language.ENGLISH, "")
    suffix += "-larger" if larger else ""
    sizes = [size for size in SIZES if f"{size[0]}x{size[1]}" in args] or list(SIZES)
    wanted = [a for a in args if a in SCREENS]
    app = make_application()
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    db = Database(Path(tempfile.mkdtemp()))
    admin = staff_service.set_up_hub(db, "Llandovery Library", "rhian", "Rhian Jones",
                                     "correct horse")  # fmt: skip
    make_hub(db, admin)
    out.mkdir(parents=True, exist_ok=True)
    bot = Bot()
    for name, reach in SCREENS.items():
        if (wanted and name not in wanted) or (welsh and name == "start-cymraeg"):
            continue
        if larger and name in ("start-high-contrast", "start-larger-text"):
            continue  # (they expect the normal look first)
        for width, height in sizes:
            tasks = TaskRunner()
            window = KioskWindow(AppContext(db=db, tasks=tasks, staff=None),
                                 hub_name=staff_service.hub_name(db),
                                 language=language)  # fmt: skip
            window.resize(width, height)
            if larger:
                window.set_look(Look(larger_text=True))
            window.show()
            settle()
            reach(bot, window)
            settle()
            path = out / f"kiosk-{name}{suffix}-{width}x{height}.png"
            window.grab().save(str(path))
            print(path)
            tasks.wait(10_000)
            window.shut()
            window.deleteLater()
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
