"""`python -m hubapp` is the same as the `hubapp` command."""

import sys

from hubapp.cli import main

sys.exit(main())
