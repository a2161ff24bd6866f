"""Fixtures for the kiosk tests: a small hub, and kiosk windows on it (offscreen, 1280x800,
with background jobs on a real worker thread)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hubapp.models.database import Database
from hubapp.services import kiosk as kiosk_service
from hubapp.services import staff as staff_service
from hubapp.services.staff import SignedInStaff
from hubapp.ui.context import AppContext
from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.tasks import TaskRunner
from tests.kiosk_ui.hub import Hub, make_hub

WAIT = 10_000
OpenKiosk = Callable[..., KioskWindow]


@pytest.fixture(autouse=True)
def forget_wrong_tries() -> None:
    """The services count wrong check-ins and PINs in memory, per process: each test starts
    with none, whatever ran before it."""
    kiosk_service._failures.times.clear()
    staff_service._failures.clear()


@pytest.fixture
def hub(db: Database, admin: SignedInStaff) -> Hub:
    return make_hub(db, admin)


@pytest.fixture
def open_kiosk(qtbot: Any, db: Database, hub: Hub) -> Iterator[OpenKiosk]:
    """Opens a kiosk window; keyword arguments go to KioskWindow (short timeouts)."""
    made: list[tuple[KioskWindow, TaskRunner]] = []

    def open_window(size: tuple[int, int] = (1280, 800), **options: Any) -> KioskWindow:
        tasks = TaskRunner()
        options.setdefault("hub_name", "Llandovery Library")
        window = KioskWindow(AppContext(db=db, tasks=tasks, staff=None), **options)
        made.append((window, tasks))
        window.resize(*size)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
        return window

    yield open_window
    for window, tasks in made:
        tasks.wait(WAIT)
        window.shut()
        window.deleteLater()


@pytest.fixture
def kiosk(open_kiosk: OpenKiosk) -> KioskWindow:
    return open_kiosk()
