"""`python -m server ...` is `pix-server ...`."""

import sys

from server.cli import main

sys.exit(main())
