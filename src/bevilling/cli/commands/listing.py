"""``bevilling list``: every appropriation, of every phase.

::

    bevilling list [PATH ...] [--format table|markdown|github|html|csv|json]
                   [--csv-dialect excel|plain] [--locale da|en] [--width N]
                   [--phase approved|proposed|all] [--category C] [--target-group G]
                   [--organisation O] [--source S] [--allow-errors]

Lists every appropriation in the ledgers (default: ``ledger/``), approved and proposed
(``--phase all`` is the default here), with its phase, in the ledger's own unit.  The filters
are case-insensitive and exact.  Ledgers that fail ``bevilling check`` are refused (exit 1, the
errors on stderr) unless ``--allow-errors``.  Exit codes: 0 listed, 1 the ledgers have errors,
2 usage error or unreadable path.  Docs: docs/reports.md.
"""

from __future__ import annotations

import argparse

from bevilling.cli.common import (
    EXIT_OK,
    add_report_options,
    report_setup,
    width,
    write,
)
from bevilling.i18n.catalogs import catalog

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling list``."""
    parser.description = _(
        "List every appropriation in the ledgers, approved and proposed, with its"
        " phase, in the ledger's own unit. Docs: docs/reports.md."
    )
    add_report_options(parser, phase_default="all")
    parser.set_defaults(run=run, command="list")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling list``."""
    setup = report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import render_list

    text = render_list(
        chosen.apply(ledgers),
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=width(args),
    )
    write(text, args)
    return EXIT_OK
