"""What the kiosk bundle's `hubapp` executable runs (installers/build --kiosk): the same as
`python -m hubapp`, plus `hubapp check-keyboard`, which proves Qt's on-screen keyboard comes up
on this computer (hubapp/ui/kiosk/keyboard_check.py; installers/check runs it under Xvfb)."""

import sys

from hubapp.cli import main

if __name__ == "__main__":
    if sys.argv[1:2] == ["check-keyboard"]:
        from hubapp.ui.kiosk.keyboard_check import main as check_keyboard

        check_keyboard(sys.argv[2:])  # exits by itself
    sys.exit(main())
