"""``python -m bevilling``: the same as the ``bevilling`` command."""

from __future__ import annotations

import sys

from bevilling.cli import main

if __name__ == "__main__":
    sys.exit(main())
