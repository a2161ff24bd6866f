"""The accessibility audit (tests/ui/test_accessibility.py) on every kiosk screen: each
control a keyboard can reach has a name a screen reader can say, and icon-only buttons a
tooltip too."""

from __future__ import annotations

from typing import Any

import pytest

from hubapp.ui.kiosk import KioskWindow
from tests.kiosk_ui.screens import SCREENS
from tests.ui.test_accessibility import audit, controls


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_kiosk_screen_passes_the_audit(qtbot: Any, kiosk: KioskWindow, screen: str) -> None:
    SCREENS[screen](qtbot, kiosk)
    assert len(controls(kiosk)) >= 3  # the audit looked at something
    offenders = audit(kiosk)
    assert not offenders, f"{screen}:\n" + "\n".join(offenders)


def test_the_chips_say_what_they_are_about(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["find-when"](qtbot, kiosk)
    find = kiosk.flows["find"]
    for chips in (find.days, find.parts):  # type: ignore[attr-defined]
        assert chips.accessibleName()
        assert all(chip.isCheckable() and chip.accessibleName() for chip in chips.chips.values())
