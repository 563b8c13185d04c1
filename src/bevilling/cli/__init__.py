"""The ``bevilling`` command line: thin commands over the library.

``app`` builds the parser and maps outcomes to exit codes; each command lives in a module of its
own. Nothing outside ``cli`` imports from here except the console-script entry point
(``bevilling.cli:main``) and ``python -m bevilling``.
"""

from __future__ import annotations

from bevilling.cli.app import main

__all__ = ["main"]
