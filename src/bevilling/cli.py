"""The ``bevilling`` command: parse arguments, call the library, print, return an exit code.

Exit codes: 0 clean, 1 problems found, 2 usage error or a path that cannot be read.
No business logic lives here, and library modules are imported inside the commands that use
them, so that ``bevilling --version`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bevilling._version import __version__

if TYPE_CHECKING:
    from bevilling.model import LedgerSet

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2

#: Where ledgers are kept when no path is given.
DEFAULT_PATHS = ["ledger"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 for --help/--version
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        code: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `bevilling list | head`: the reader went away, which is fine
        _silence_stdout()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    return code


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="bevilling",
        description="Track public budget appropriations (bevillinger) in YAML ledgers.",
        epilog="Ledger format: docs/ledger-format.md. Exit codes: 0 clean, 1 problems,"
        " 2 usage error or unreadable path.",
    )
    parser.add_argument("--version", action="version", version=f"bevilling {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_list(commands)
    return parser


# --- shared helpers ------------------------------------------------------------------------


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="ledger files or directories (default: ledger/)",
    )


def _load_clean(paths: list[str]) -> LedgerSet | int:
    """Load ``paths``; on problems print them to stderr and return the exit code instead."""
    from bevilling.loader import load
    from bevilling.problems import PATH_CODES
    from bevilling.render_problems import render_problems_text

    ledgers = load(paths or DEFAULT_PATHS)
    if ledgers.problems:
        sys.stderr.write(render_problems_text(ledgers.problems, ledgers.sources))
    if any(p.code in PATH_CODES for p in ledgers.problems):
        return EXIT_USAGE
    if not ledgers.valid:
        sys.stderr.write(
            "bevilling: the ledgers above have errors; fix them (`bevilling check` lists them"
            " all) before reporting on them\n"
        )
        return EXIT_PROBLEMS
    return ledgers


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's flush cannot fail."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


# --- bevilling list ---------------------------------------------------------------------------


def _add_list(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "list",
        help="list every appropriation, of every phase",
        description="List every appropriation in the ledgers, approved and proposed.",
    )
    _add_paths(parser)
    parser.add_argument(
        "--format",
        choices=["table", "json"],
        default="table",
        help="output format (default: table); json gives every field, amounts as strings",
    )
    parser.set_defaults(run=_run_list)


def _run_list(args: argparse.Namespace) -> int:
    ledgers = _load_clean(args.paths)
    if isinstance(ledgers, int):
        return ledgers
    from bevilling import render

    if args.format == "json":
        sys.stdout.write(render.render_entries_json(ledgers.entries()))
    else:
        sys.stdout.write(render.render_entries_table(ledgers.entries()))
    return EXIT_OK
