"""The kiosk's Join screen with Qt's on-screen keyboard up, on a real X server (the keyboard
is a window of its own, which the offscreen platform does not show), for
docs/screenshots/kiosk-on-screen-keyboard-1280x800.png. Needs PySide6-Addons
(`pip install -e ".[kiosk-keyboard]"`), and on Linux libpulse0; run under Xvfb:

    QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \\
        .venv/bin/python -m tests.kiosk_ui.keyboard_shot [OUT.png]

Prints "on-screen keyboard ok: ..., HEIGHT pixels high" and saves the screen. The work is
hubapp/ui/kiosk/keyboard_check.py's (`hubapp check-keyboard` in the kiosk bundle), on a hub
with a real-looking name."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from hubapp.ui.kiosk.keyboard_check import run

if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "kiosk-keyboard.png")
    code = run(out, hub_name="Llandovery Library")
    sys.stdout.flush()
    # The keyboard's QML scene outlives Python's orderly exit and aborts in it: leave now.
    os._exit(code)
