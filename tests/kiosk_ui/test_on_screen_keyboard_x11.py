"""Qt's on-screen keyboard really comes up under a kiosk field, on a real X server (Xvfb).
Optional: it needs the kiosk-keyboard extra (PySide6-Addons), xvfb-run and, on Linux,
libpulse; without them the test is skipped and says which is missing."""

from __future__ import annotations

import ctypes.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hubapp.ui.kiosk.environment import virtual_keyboard_installed

REPO = Path(__file__).resolve().parents[2]


def _missing() -> str:
    if not virtual_keyboard_installed():
        return 'PySide6-Addons is not installed (pip install -e ".[kiosk-keyboard]")'
    if shutil.which("xvfb-run") is None:
        return "xvfb-run is not installed (Debian: xvfb)"
    if ctypes.util.find_library("pulse") is None:
        return "libpulse is not installed (Debian: libpulse0); the keyboard's QML needs it"
    return ""


@pytest.mark.skipif(bool(_missing()), reason=_missing() or "ready")
def test_the_keyboard_comes_up_under_the_first_field(tmp_path: Path) -> None:
    shot = tmp_path / "keyboard.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb"}
    env.pop("QT_IM_MODULE", None)
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24",
         sys.executable, "-m", "tests.kiosk_ui.keyboard_shot", str(shot)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "focus on QLineEdit; keyboard shown" in result.stdout
    height = int(result.stdout.strip().rsplit(" ", 1)[-1])
    assert 200 <= height <= 800
    assert shot.stat().st_size > 10_000
