"""Starting the desktop app: the QApplication, the theme, opening the hub's database, and the
way through the screens: first-run set-up or sign-in, then the main window, and back to
sign-in when someone signs out."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication, QMessageBox, QStackedWidget, QWidget
from sqlalchemy.exc import SQLAlchemyError

from hubapp import __version__
from hubapp.models.database import Database, DatabaseError
from hubapp.services import staff as staff_service
from hubapp.services.staff import SignedInStaff
from hubapp.ui import theme
from hubapp.ui.context import AppContext
from hubapp.ui.signin import FirstRunScreen, SignInScreen
from hubapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from hubapp.ui.main_window import MainWindow

log = logging.getLogger(__name__)


def make_application(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("hubapp")
    app.setApplicationDisplayName("hubapp")
    app.setOrganizationName("hubapp")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("hubapp")
    app.setWindowIcon(theme.app_icon())
    return app


def build_main_window(ctx: AppContext, *, idle_timeout_ms: int | None = None) -> MainWindow:
    """The main window for the signed-in staff member in `ctx` (used by tests and self-test)."""
    # Imported here, not at the top: the sign-in screen comes up sooner without the main
    # window's modules (search, groups, validation); they load once someone signs in.
    from hubapp.ui.main_window import MainWindow

    return MainWindow(ctx, idle_timeout_ms=idle_timeout_ms)


class Entrance(QStackedWidget):
    """The window shown before anyone is signed in: first-run set-up or sign-in."""

    def __init__(self, db: Database, tasks: TaskRunner) -> None:
        super().__init__()
        self.setWindowTitle("hubapp")
        self.setWindowIcon(theme.app_icon())
        self.resize(1280, 800)
        self.setMinimumSize(640, 560)
        self.first_run = FirstRunScreen(db, tasks)
        self.sign_in = SignInScreen(db, tasks)
        self.addWidget(self.first_run)
        self.addWidget(self.sign_in)

    def show_first_run(self) -> None:
        self.setCurrentWidget(self.first_run)
        self.first_run.setFocus()

    def show_sign_in(self, hub_name: str) -> None:
        self.setWindowTitle(f"{hub_name} · hubapp" if hub_name else "hubapp")
        self.setCurrentWidget(self.sign_in)
        self.sign_in.reset(hub_name)


class AppFlow(QObject):
    """Moves between the entrance (set-up, sign-in) and the main window. A new main window
    is built for every sign-in, so nothing of one person's work is left for the next."""

    def __init__(
        self, db: Database, tasks: TaskRunner, *, idle_timeout_ms: int | None = None
    ) -> None:
        super().__init__()
        self.db, self.tasks = db, tasks
        self.idle_timeout_ms = idle_timeout_ms
        self.entrance = Entrance(db, tasks)
        self.entrance.first_run.done.connect(self.signed_in)
        self.entrance.sign_in.signed_in.connect(self.signed_in)
        self.main_window: MainWindow | None = None

    def start(self) -> None:
        if staff_service.needs_first_run(self.db):
            self.entrance.show_first_run()
        else:
            self.entrance.show_sign_in(self._hub_name())
        self.entrance.show()

    def signed_in(self, staff: SignedInStaff) -> None:
        log.info("staff %s signed in", staff.id)
        ctx = AppContext(db=self.db, tasks=self.tasks, staff=staff)
        window = build_main_window(ctx, idle_timeout_ms=self.idle_timeout_ms)
        window.signed_out.connect(self.signed_out)
        _take_place_of(window, self.entrance)
        self.main_window = window
        window.show()
        self.entrance.hide()

    def signed_out(self) -> None:
        window, self.main_window = self.main_window, None
        if window is None:
            return
        log.info("staff %s signed out", window.staff.id)
        self.entrance.show_sign_in(window.staff.hub_name)
        _take_place_of(self.entrance, window)
        # Show the entrance before closing, so the app does not quit with its last window.
        self.entrance.show()
        window.close()
        window.deleteLater()

    def _hub_name(self) -> str:
        return staff_service.hub_name(self.db)


def _take_place_of(new: QWidget, old: QWidget) -> None:
    """The next window opens where the last one was, so the screen does not jump about."""
    if not old.isVisible():
        return
    if old.isMaximized() or old.isFullScreen():
        new.setWindowState(old.windowState())
    else:
        new.setGeometry(old.geometry())


def database_error_box(error: Exception, data_dir: Path) -> QMessageBox:
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(QCoreApplication.translate("app", "hubapp cannot open this hub"))
    box.setText(QCoreApplication.translate("app", "The hub’s database could not be opened."))
    if isinstance(error, DatabaseError):
        details = str(error)  # already in words for the user
    else:
        details = QCoreApplication.translate(
            "app",
            "The file in %1 may be damaged. Nothing was changed. Ask for help, and "
            "keep the folder as it is.",
        ).replace("%1", str(data_dir))
    box.setInformativeText(details)
    box.setDetailedText(f"{type(error).__name__}: {error}")
    box.setStandardButtons(QMessageBox.StandardButton.Close)
    return box


def run_app(data_dir: Path) -> int:
    app = make_application()
    try:
        db = Database(data_dir)
    except (DatabaseError, SQLAlchemyError, OSError) as exc:
        log.error("could not open the database: %s", type(exc).__name__)
        # Themed once, here or below: the hub's own choice is only known once it is open.
        theme.apply_theme(app, theme.ThemeChoice.SYSTEM)
        database_error_box(exc, data_dir).exec()
        return 1
    theme.apply_theme(app, theme.parse_choice(db.get_setting(theme.THEME_SETTING)))
    tasks = TaskRunner()
    flow = AppFlow(db, tasks)
    flow.start()
    try:
        return app.exec()
    finally:
        tasks.wait(10_000)
        db.close()
