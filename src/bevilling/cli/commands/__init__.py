"""One module per ``bevilling`` command, each documenting its command in its docstring.

Each command module has ``configure(parser)``, which gives the command's parser its
description, arguments and defaults (``run`` and ``command``), and ``run(args) -> int``, which
does the work and returns the exit code.  A module imports only the standard library and
:mod:`bevilling.cli.common` at import time; the library is imported inside ``run``.

:data:`COMMANDS` lists them with the one-line help of ``bevilling --help``, so that the parser
imports and configures only the command being run (see :func:`bevilling.cli.app.build_parser`):
``bevilling --version`` and every command start without importing the other nine.

To add a command, copy :mod:`~bevilling.cli.commands.totals` (a report) or
:mod:`~bevilling.cli.commands.schema` (the smallest), and add a line to :data:`COMMANDS` in the
order ``bevilling --help`` shows them.  Every word a command prints goes through the ``cli``
catalog (``_, _n = catalog(__name__)``; the help line here is marked with ``N_``): run
``python tools/catalogs.py update cli`` and translate the new messages (docs/translating.md).
Module names that would be keywords or shadow the standard library get a gerund: ``listing``
for ``list``, ``importing`` for ``import``.
"""

from __future__ import annotations

import argparse
import collections
import sys

from bevilling.i18n.catalogs import N_

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import NamedTuple, Protocol

__all__ = ["COMMANDS", "Command", "CommandModule", "command_module"]


# typing's NamedTuple and Protocol for the type checker; at run time a plain namedtuple, so
# that `bevilling --version` does not import typing (start-up).
if TYPE_CHECKING:

    class Command(NamedTuple):
        """A command as ``bevilling --help`` lists it, and the module that implements it."""

        name: str
        """What the user types: ``bevilling list``."""
        module: str
        """The module in this package: ``listing``."""
        help: str
        """The one line ``bevilling --help`` shows: an English message id of the ``cli`` catalog,
        translated when the help is printed."""

    class CommandModule(Protocol):
        """What each command module provides."""

        def configure(self, parser: argparse.ArgumentParser) -> None:
            """Give the command's parser its description, arguments and defaults."""

        def run(self, args: argparse.Namespace) -> int:
            """Run the command; return its exit code."""

else:
    Command = collections.namedtuple("Command", ["name", "module", "help"])
    Command.__doc__ = (
        "A command as ``bevilling --help`` lists it, and the module that implements it."
    )


#: The commands, in the order of ``bevilling --help``.
COMMANDS = (
    Command("list", "listing", N_("list every appropriation, of every phase")),
    Command("show", "show", N_("everything about one appropriation, with file:line")),
    Command(
        "expiring", "expiring", N_("which appropriations run out in a year, and how much that is")
    ),
    Command(
        "totals",
        "totals",
        N_("sums grouped by category, target group, organisation, source, expiry, ..."),
    ),
    Command(
        "timeline",
        "timeline",
        N_("per year and category: what is available and what lapses, with a bar chart"),
    ),
    Command(
        "followup",
        "followup",
        N_("per appropriation: granted, changes, spent, what remains and what lapses in a year"),
    ),
    Command(
        "report",
        "report",
        N_("one HTML page with the check, expiries, timeline and totals as charts and tables"),
    ),
    Command("check", "check", N_("audit the ledgers: totals, cross-checks, acceptances (for CI)")),
    Command(
        "import", "importing", N_("make a ledger from tables copied out of Word/PDF, CSV or .xlsx")
    ),
    Command(
        "export", "export", N_("export the ledgers to Excel, an open-data package, JSON or CSV")
    ),
    Command("diff", "diff", N_("show what changed between two versions of the ledgers")),
    Command("schema", "schema", N_("print the JSON Schema of the ledger format (for editors)")),
)


def command_module(command: Command) -> CommandModule:
    """Import the module of ``command``."""
    full = f"{__name__}.{command.module}"
    __import__(full)  # not importlib.import_module: importing importlib is 0.3 ms of start-up
    module: CommandModule = sys.modules[full]
    return module
