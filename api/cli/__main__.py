"""`python -m api.cli ...` is `emkg ...` (the tests start the command line this way)."""

import sys

from api.cli import main

sys.exit(main())
