"""What the frozen `hubapp` executable runs: the same as `python -m hubapp`."""

import sys

from hubapp.cli import main

if __name__ == "__main__":
    sys.exit(main())
