"""The kiosk window's frame: full screen and frameless, four big choices, touch-sized
controls, large type, and the language, high-contrast and larger-text switches on every
screen."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit

from hubapp.ui import theme
from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.kiosk.look import BASE_PT, LARGER_PT, Look
from hubapp.ui.kiosk.words import Language
from tests.kiosk_ui.conftest import OpenKiosk
from tests.kiosk_ui.screens import SCREENS, tap

TOUCH_MINIMUM = 48
FLOW_SCREENS = [name for name in SCREENS if name.split("-")[0] in {"join", "find", "feedback",
                                                                    "checkin"}]  # fmt: skip


def visible_buttons(window: KioskWindow) -> list[QAbstractButton]:
    return [b for b in window.findChildren(QAbstractButton) if b.isVisible()]


def test_the_start_screen_offers_four_big_choices(kiosk: KioskWindow) -> None:
    assert kiosk.current_screen() == "start"
    tiles = kiosk.start.tiles
    assert [tile.accessibleName() for tile in tiles.values()] == [
        "Join", "Find something to do", "Tell us what you think", "Check in"]  # fmt: skip
    for tile in tiles.values():
        assert tile.isVisible()
        assert tile.height() >= 150 and tile.width() >= 400
    assert not kiosk.footer.start_again.isVisible()  # nothing to start again from


def test_the_window_is_frameless_and_stays_on_top(kiosk: KioskWindow) -> None:
    flags = kiosk.windowFlags()
    assert flags & Qt.WindowType.FramelessWindowHint
    assert flags & Qt.WindowType.WindowStaysOnTopHint


@pytest.mark.parametrize("screen", FLOW_SCREENS)
def test_every_screen_has_touch_sized_controls_large_type_and_the_switches(
    qtbot: Any, kiosk: KioskWindow, screen: str
) -> None:
    SCREENS[screen](qtbot, kiosk)
    buttons = visible_buttons(kiosk)
    assert len(buttons) >= 5
    small = [b.text() or b.accessibleName() for b in buttons if b.height() < TOUCH_MINIMUM]
    assert not small, f"{screen}: controls under {TOUCH_MINIMUM} px high: {small}"
    fields = [f for f in kiosk.findChildren(QLineEdit) if f.isVisible()]
    assert all(f.height() >= TOUCH_MINIMUM for f in fields)
    for text in [w for w in kiosk.findChildren(QLabel) if w.isVisible() and w.text()]:
        assert text.font().pointSizeF() >= BASE_PT, f"{screen}: small type in {text.text()!r}"
    for switch in (kiosk.top.language, kiosk.footer.start_again, kiosk.footer.contrast,
                   kiosk.footer.larger):  # fmt: skip
        assert switch.isVisible(), f"{screen}: {switch.text()} is missing"


def test_the_language_switch_speaks_welsh_and_back(qtbot: Any, kiosk: KioskWindow) -> None:
    assert kiosk.top.language.text() == "Cymraeg"
    tap(qtbot, kiosk.top.language)
    assert kiosk.kiosk.language == Language.WELSH
    assert kiosk.start.tiles["join"].accessibleName() == "Ymuno"
    assert kiosk.footer.contrast.text() == "Cyferbyniad uchel"
    assert kiosk.top.language.text() == "English"
    tap(qtbot, kiosk.top.language)
    assert kiosk.start.tiles["join"].accessibleName() == "Join"


def test_switching_language_mid_flow_keeps_what_was_typed(qtbot: Any, kiosk: KioskWindow) -> None:
    SCREENS["join-contact"](qtbot, kiosk)
    flow = kiosk.flows["join"]
    tap(qtbot, kiosk.top.language)
    assert flow.contact.next.text() == "Nesaf"
    assert flow.edit("first_name").text() == "Gwen"  # type: ignore[attr-defined]
    assert kiosk.current_screen() == "join"


def test_high_contrast_and_larger_text(qtbot: Any, kiosk: KioskWindow) -> None:
    title = kiosk.start.title
    assert kiosk.palette().color(QPalette.ColorRole.Window).name().upper() == theme.LIGHT.window
    tap(qtbot, kiosk.footer.contrast)
    assert kiosk.footer.contrast.isChecked()
    assert kiosk.palette().color(QPalette.ColorRole.Window).name().upper() == "#000000"
    assert "#FFD600" in kiosk.styleSheet()  # the high-contrast accent
    tap(qtbot, kiosk.footer.larger)
    assert kiosk.kiosk.look == Look(high_contrast=True, larger_text=True)
    assert kiosk.footer.larger.font().pointSizeF() == pytest.approx(LARGER_PT)
    assert title.font().pointSizeF() > LARGER_PT
    tap(qtbot, kiosk.footer.contrast)
    tap(qtbot, kiosk.footer.larger)
    assert kiosk.kiosk.look == Look()
    assert kiosk.footer.larger.font().pointSizeF() == pytest.approx(BASE_PT)


def test_start_again_wipes_the_visit_but_keeps_the_language(qtbot: Any, kiosk: KioskWindow) -> None:
    tap(qtbot, kiosk.top.language)
    SCREENS["join-contact"](qtbot, kiosk)
    tap(qtbot, kiosk.footer.start_again)
    assert kiosk.current_screen() == "start"
    assert kiosk.flows["join"].edit("first_name").text() == ""  # type: ignore[attr-defined]
    assert kiosk.kiosk.language == Language.WELSH


def test_fits_a_small_touch_screen(open_kiosk: OpenKiosk) -> None:
    window = open_kiosk(size=(1280, 800))
    assert window.minimumSizeHint().height() <= 800
    assert window.minimumSizeHint().width() <= 1280


def test_no_other_window_ever_opens(qtbot: Any, kiosk: KioskWindow) -> None:
    for name in ("join-thanks", "find-thanks"):
        kiosk.start_again()
        SCREENS[name](qtbot, kiosk)
        others = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not kiosk]
        assert not others, [type(w).__name__ for w in others]
