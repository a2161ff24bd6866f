"""What the frozen `hubapp-server` executable runs: the same as the `hubapp-server` command."""

import sys

from hubapp.server.cli import main

if __name__ == "__main__":
    sys.exit(main())
