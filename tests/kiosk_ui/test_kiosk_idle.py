"""Privacy on a shared screen: after a spell without input the kiosk warns, gives time to
carry on, and then wipes every field on every screen and shows the start screen again
(driven here with timeouts of a fraction of a second)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton, QLineEdit, QPlainTextEdit

from hubapp.ui.kiosk import KioskWindow
from hubapp.ui.kiosk.look import Look
from hubapp.ui.kiosk.words import Language
from tests.kiosk_ui.conftest import WAIT, OpenKiosk
from tests.kiosk_ui.screens import SCREENS, checkin, feedback, find, join, tap, type_into

IDLE = 1.0  # seconds: longer than any step of filling the screens in
TICK_MS = 40  # a "second" of the warning's countdown
WARNING = 5  # of those seconds


def fill_every_flow(qtbot: Any, window: KioskWindow) -> None:
    """Something typed or chosen on each of the four flows, then the window left mid-flow."""
    SCREENS["feedback-comment"](qtbot, window)
    feedback(window).comment.setPlainText("The heating was off")
    tap(qtbot, window.footer.start_again)  # (which wipes: so fill it again, by hand)
    feedback(window).comment.setPlainText("The heating was off")
    feedback(window).reasons.set_selected(["Access"])
    find(window).likes.set_selected(["growing", "heritage"])
    find(window).postcode.setText("SA20")
    find(window).name.setText("Gwen Morgan")
    checkin(window).contact.setText("sian@example.org")
    checkin(window).year.setText("1962")
    SCREENS["join-contact"](qtbot, window)
    type_into(qtbot, join(window).edit("email"), "gwen@example.net")


def filled_in(window: KioskWindow) -> list[str]:
    """Every field, choice and text that still holds something a visitor gave."""
    found = [f"field {e.accessibleName()!r}: {e.text()!r}"
             for e in window.findChildren(QLineEdit) if e.text()]  # fmt: skip
    found += [f"text {t.accessibleName()!r}" for t in window.findChildren(QPlainTextEdit)
              if t.toPlainText()]  # fmt: skip
    found += [f"choice {b.accessibleName()!r}" for b in window.findChildren(QAbstractButton)
              if b.isCheckable() and b.isChecked()]  # fmt: skip
    return found


def test_idle_warns_then_wipes_every_field_on_every_screen(
    qtbot: Any, open_kiosk: OpenKiosk
) -> None:
    window = open_kiosk(idle_seconds=IDLE, warning_seconds=WARNING, second_ms=TICK_MS)
    tap(qtbot, window.top.language)
    tap(qtbot, window.footer.contrast)
    fill_every_flow(qtbot, window)
    assert len(filled_in(window)) >= 8  # the check below looks at real content
    qtbot.waitUntil(window.warning.isVisible, timeout=WAIT)
    assert window.warning.remaining == WARNING
    assert window.current_screen() == "join"  # nothing is wiped while the warning shows
    qtbot.waitUntil(lambda: not window.warning.isVisible(), timeout=WAIT)
    assert window.current_screen() == "start"
    assert filled_in(window) == []
    assert join(window).edit("first_name").isUndoAvailable() is False
    assert window.kiosk.language == Language.ENGLISH  # the next visitor starts afresh
    assert window.kiosk.look == Look()
    assert window.start.tiles["join"].accessibleName() == "Join"


def test_carry_on_keeps_everything(qtbot: Any, open_kiosk: OpenKiosk) -> None:
    window = open_kiosk(idle_seconds=IDLE, warning_seconds=WARNING, second_ms=TICK_MS)
    SCREENS["join-contact"](qtbot, window)
    qtbot.waitUntil(window.warning.isVisible, timeout=WAIT)
    tap(qtbot, window.warning.stay)
    assert not window.warning.isVisible()
    assert window.current_screen() == "join"
    assert join(window).edit("first_name").text() == "Gwen"
    qtbot.waitUntil(window.warning.isVisible, timeout=WAIT)  # and it watches again


def test_start_again_now_wipes_at_once(qtbot: Any, open_kiosk: OpenKiosk) -> None:
    window = open_kiosk(idle_seconds=IDLE, warning_seconds=60)
    SCREENS["checkin-proof"](qtbot, window)
    qtbot.waitUntil(window.warning.isVisible, timeout=WAIT)
    tap(qtbot, window.warning.leave)
    assert window.current_screen() == "start"
    assert filled_in(window) == []


def test_the_warning_gives_the_time_it_promises(qtbot: Any, open_kiosk: OpenKiosk) -> None:
    window = open_kiosk(idle_seconds=IDLE, warning_seconds=20, second_ms=TICK_MS)
    SCREENS["join-contact"](qtbot, window)
    qtbot.waitUntil(window.warning.isVisible, timeout=WAIT)
    assert "20 seconds" in window.warning.words.text()
    seen: set[int] = set()
    qtbot.waitUntil(lambda: seen.add(window.warning.remaining) or not window.warning.isVisible(),
                    timeout=WAIT)  # fmt: skip
    assert max(seen) == 20 and min(seen) <= 2  # counted all the way down before wiping


def test_idle_on_the_start_screen_needs_no_warning(qtbot: Any, open_kiosk: OpenKiosk) -> None:
    window = open_kiosk(idle_seconds=IDLE, warning_seconds=WARNING, second_ms=TICK_MS)
    tap(qtbot, window.footer.larger)
    qtbot.waitUntil(lambda: window.kiosk.look == Look(), timeout=WAIT)
    assert not window.warning.isVisible()


def test_idle_closes_the_staff_prompt_and_forgets_it(qtbot: Any, open_kiosk: OpenKiosk) -> None:
    window = open_kiosk(idle_seconds=IDLE, warning_seconds=WARNING, second_ms=TICK_MS)
    window.prompt_staff()
    window.exit_prompt.username.setText("rhian")
    qtbot.waitUntil(lambda: not window.exit_prompt.isVisible(), timeout=WAIT)
    assert window.exit_prompt.username.text() == ""


def test_a_thank_you_returns_to_the_start_by_itself(qtbot: Any, open_kiosk: OpenKiosk) -> None:
    window = open_kiosk()
    window.kiosk.thanks_ms = 200
    SCREENS["feedback-thanks"](qtbot, window)
    qtbot.waitUntil(lambda: window.current_screen() == "start", timeout=WAIT)
    assert filled_in(window) == []
