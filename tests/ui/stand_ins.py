"""Simple pages that stand in for the real ones when the main window's frame is tested."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from hubapp.ui import main_window
from hubapp.ui.context import AppContext


class StandInPage(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()


def use_stand_in_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell is tested with simple pages; the real ones have their own tests (and the
    self-test builds the window with them)."""
    real = main_window._sections()
    monkeypatch.setattr(
        main_window,
        "_sections",
        lambda: [(key, icon, permission, StandInPage) for key, icon, permission, _ in real],
    )
