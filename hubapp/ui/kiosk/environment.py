"""Setting up the process for kiosk mode before Qt starts: the on-screen keyboard (Qt Virtual
Keyboard) is an input-method plugin chosen by the QT_IM_MODULE environment variable, which
Qt reads once, when the QApplication is created."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, MutableMapping
from enum import StrEnum
from pathlib import Path

log = logging.getLogger(__name__)

IM_MODULE = "QT_IM_MODULE"
VIRTUAL_KEYBOARD = "qtvirtualkeyboard"


class KeyboardChoice(StrEnum):
    AUTO = "auto"  # on where no physical keyboard is attached (Linux); else the system's own
    ON = "on"
    OFF = "off"


def physical_keyboard_attached(input_dir: Path = Path("/dev/input")) -> bool:
    """Linux names keyboards "...-kbd" under /dev/input/by-id and by-path. Elsewhere this
    cannot be told, so a keyboard is assumed (Windows and macOS have their own touch
    keyboards for touch screens)."""
    if not sys.platform.startswith("linux"):
        return True
    for folder in ("by-id", "by-path"):
        try:
            if any(p.name.endswith("-kbd") for p in (input_dir / folder).iterdir()):
                return True
        except OSError:
            continue
    return False


def virtual_keyboard_installed() -> bool:
    """Is Qt Virtual Keyboard there to load? It needs the input-context plugin, the QML
    module the keyboard is drawn with and the library they link to (the last two come with
    PySide6-Addons, not PySide6-Essentials; the standard installer bundle has none of them, the
    kiosk bundle all three)."""
    from PySide6.QtCore import QLibraryInfo  # QtCore only: safe before QApplication exists

    plugins = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))
    if not any((plugins / "platforminputcontexts").glob("*qtvirtualkeyboard*")):
        return False
    qml = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.QmlImportsPath))
    if not (qml / "QtQuick" / "VirtualKeyboard" / "qmldir").is_file():
        return False
    folders = {
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.LibrariesPath)),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.BinariesPath)),
        Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PrefixPath)),
    }
    return any(
        any(folder.glob(pattern))
        for folder in folders
        for pattern in ("*Qt6VirtualKeyboard.*", "Qt6VirtualKeyboard*.dll", "QtVirtualKeyboard*")
    )


def kiosk_environment(
    keyboard: KeyboardChoice | str = KeyboardChoice.AUTO,
    *,
    environ: MutableMapping[str, str] | None = None,
    keyboard_attached: Callable[[], bool] = physical_keyboard_attached,
    keyboard_installed: Callable[[], bool] = virtual_keyboard_installed,
) -> bool:
    """Call before the QApplication is created. Chooses the on-screen keyboard (sets
    QT_IM_MODULE=qtvirtualkeyboard) when asked to, or on "auto" when no physical keyboard
    is attached, provided it is installed. Returns whether it was chosen."""
    env = os.environ if environ is None else environ
    choice = KeyboardChoice(keyboard)
    wanted = choice == KeyboardChoice.ON or (
        choice == KeyboardChoice.AUTO and not keyboard_attached()
    )
    if not wanted:
        return False
    if not keyboard_installed():
        log.warning(
            "the on-screen keyboard (Qt Virtual Keyboard) is not installed: use the kiosk "
            "installer (hubapp-kiosk) or install PySide6-Addons, or attach a keyboard"
        )
        return False
    env[IM_MODULE] = VIRTUAL_KEYBOARD
    return True
