"""Start Propono: `python main.py` is the same as the `propono` command."""

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
