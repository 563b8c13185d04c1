"""The ``bevilling`` command line: thin commands over the library.

``app`` builds the parser and maps outcomes to exit codes; each command lives in a module of its
own. Nothing outside ``cli`` imports from here except the console-script entry point
(``bevilling.cli:main``) and ``python -m bevilling``.
"""

from __future__ import annotations

import gc

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` and return the exit code (see
    :func:`bevilling.cli.app.main`).

    Without ``argv`` this is the program (the console script, ``python -m bevilling``), and
    its process ends right after.  The cyclic garbage collector is then off from the import of
    the command line on (a run makes many objects and few cycles), and at the end the objects
    the run made are left out of every collection (``gc.freeze()``): switched back on, the
    collector would go through all of them at once, and the interpreter's exit would go
    through them again, only to free the few cycles among them, memory the exit gives back
    anyway (28 M of the 336 M instructions of ``bevilling expiring`` on the shipped
    ledgers).  A command closes what it opens; it leaves no finaliser to a collection.  The
    collector is then as it was.  With ``argv`` (tests, scripts that go on) nothing is frozen.
    """
    if argv is not None:
        from bevilling.cli.app import main as run

        return run(argv)
    collecting = gc.isenabled()
    gc.disable()
    try:
        from bevilling.cli.app import main as run

        return run()
    finally:
        gc.freeze()
        if collecting:
            gc.enable()
