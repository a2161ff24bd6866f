"""Kiosk mode: a full-screen, touch-first window for walk-in visitors (join, find something
to do, feedback, check in), with no way to the staff screens but a staff PIN.

    kiosk_main(data_dir)       everything `hubapp kiosk` needs, returns the exit code
    kiosk_environment(...)     before QApplication: chooses the on-screen keyboard
    run_kiosk(db, ...)         with a QApplication: opens the kiosk window full screen
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from hubapp.models.database import Database
from hubapp.ui.kiosk.environment import KeyboardChoice, kiosk_environment
from hubapp.ui.kiosk.window import IDLE_SECONDS, WARNING_SECONDS, KioskWindow

__all__ = [
    "KeyboardChoice",
    "KioskWindow",
    "kiosk_environment",
    "kiosk_main",
    "run_kiosk",
]

log = logging.getLogger(__name__)

SHORTEST_IDLE_SECONDS = 30
SHORTEST_WARNING_SECONDS = 20


def run_kiosk(
    db: Database,
    *,
    idle_seconds: float = IDLE_SECONDS,
    warning_seconds: int = WARNING_SECONDS,
    full_screen: bool = True,
) -> KioskWindow:
    """Opens the kiosk window on `db` (a QApplication must exist). It stays until a staff
    member leaves with their PIN; then it closes, and `left` carries who it was."""
    from hubapp.services import staff as staff_service
    from hubapp.ui.context import AppContext
    from hubapp.ui.tasks import TaskRunner

    tasks = TaskRunner()
    window = KioskWindow(
        AppContext(db=db, tasks=tasks, staff=None),
        hub_name=staff_service.hub_name(db),
        idle_seconds=idle_seconds,
        warning_seconds=warning_seconds,
    )
    tasks.setParent(window)
    if full_screen:
        window.show_kiosk()
    else:
        window.show()
    return window


def kiosk_main(
    data_dir: Path,
    *,
    idle_seconds: float = IDLE_SECONDS,
    warning_seconds: int = WARNING_SECONDS,
    keyboard: KeyboardChoice | str = KeyboardChoice.AUTO,
) -> int:
    """`hubapp kiosk`: the on-screen keyboard, the app, the hub's database, the window."""
    idle_seconds = max(SHORTEST_IDLE_SECONDS, idle_seconds)
    warning_seconds = max(SHORTEST_WARNING_SECONDS, warning_seconds)
    kiosk_environment(keyboard)
    from sqlalchemy.exc import SQLAlchemyError

    from hubapp.models.database import DatabaseError
    from hubapp.services import staff as staff_service
    from hubapp.ui import theme
    from hubapp.ui.app import database_error_box, make_application

    app = make_application()
    theme.apply_theme(app, theme.ThemeChoice.LIGHT)
    try:
        db = Database(data_dir)
    except (DatabaseError, SQLAlchemyError, OSError) as exc:
        log.error("could not open the database: %s", type(exc).__name__)
        database_error_box(exc, data_dir).exec()
        return 1
    if staff_service.needs_first_run(db):
        print(
            "hubapp kiosk: set up this hub first (run `hubapp` and create a staff account).",
            file=sys.stderr,
        )
        db.close()
        return 1
    window = run_kiosk(db, idle_seconds=idle_seconds, warning_seconds=warning_seconds)
    try:
        return app.exec()
    finally:
        window.ctx.tasks.wait(10_000)
        db.close()
