"""Choosing the on-screen keyboard before Qt starts (QT_IM_MODULE=qtvirtualkeyboard), and
the plain-Python parts of running kiosk mode. The keyboard itself is not drawn offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest

from hubapp.ui.kiosk import KeyboardChoice, kiosk_environment
from hubapp.ui.kiosk.environment import IM_MODULE, VIRTUAL_KEYBOARD, physical_keyboard_attached


def choose(keyboard: str, *, attached: bool, installed: bool = True) -> dict[str, str]:
    environ: dict[str, str] = {}
    chosen = kiosk_environment(
        keyboard,
        environ=environ,
        keyboard_attached=lambda: attached,
        keyboard_installed=lambda: installed,
    )
    assert chosen == (environ.get(IM_MODULE) == VIRTUAL_KEYBOARD)
    return environ


def test_on_sets_the_input_method_module() -> None:
    assert choose("on", attached=True) == {IM_MODULE: VIRTUAL_KEYBOARD}


def test_auto_sets_it_only_where_no_keyboard_is_attached() -> None:
    assert choose(KeyboardChoice.AUTO, attached=False) == {IM_MODULE: VIRTUAL_KEYBOARD}
    assert choose(KeyboardChoice.AUTO, attached=True) == {}


def test_off_never_sets_it() -> None:
    assert choose("off", attached=False) == {}


def test_a_missing_plugin_is_not_chosen(caplog: pytest.LogCaptureFixture) -> None:
    assert choose("on", attached=False, installed=False) == {}
    assert "PySide6-Addons" in caplog.text


def test_an_unknown_choice_is_refused() -> None:
    with pytest.raises(ValueError):
        kiosk_environment("sometimes", environ={})


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="Linux /dev/input")
def test_keyboards_are_found_under_dev_input(tmp_path: Path) -> None:
    (tmp_path / "by-id").mkdir()
    (tmp_path / "by-id" / "usb-Touch_Panel-event-if00").touch()
    assert not physical_keyboard_attached(tmp_path)
    (tmp_path / "by-path").mkdir()
    (tmp_path / "by-path" / "platform-i8042-serio-0-event-kbd").touch()
    assert physical_keyboard_attached(tmp_path)
