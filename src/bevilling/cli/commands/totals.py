"""``bevilling totals``: sums grouped by category, target group, organisation, source, ...

::

    bevilling totals [--by category|target-group|organisation|source|expiry|ledger|phase]
                     [PATH ...] [report options and filters as for ``list``] [--allow-errors]

Sums the appropriations per ``--by`` group (default: category), with counts and the grand
total, in one unit.  Approved money only unless ``--phase`` says otherwise.  Ledgers that fail
``bevilling check`` are refused (exit 1, the errors on stderr) unless ``--allow-errors``.
Exit codes: 0 reported, 1 the ledgers have errors, 2 usage error or unreadable path.
Docs: docs/reports.md.
"""

from __future__ import annotations

import argparse

from bevilling.cli.common import (
    EXIT_OK,
    add_report_options,
    mixed_price_levels,
    price_options,
    report_setup,
    warn_mixed_price_levels,
    width,
    write,
)
from bevilling.i18n.catalogs import catalog

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling totals``."""
    parser.description = _(
        "Sum the appropriations per category (or another --by), with counts and"
        " the grand total, in one unit. Docs: docs/reports.md."
    )
    parser.add_argument(
        "--by",
        choices=("category", "target-group", "organisation", "source", "expiry", "ledger", "phase"),
        default="category",
        help=_("what to group by (default: category)"),
    )
    add_report_options(parser)
    parser.set_defaults(run=run, command="totals")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling totals``."""
    setup = report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import MixedPriceLevelsError, render_totals, totals

    try:
        result = totals(ledgers, args.by, filter=chosen, allow_errors=True, **price_options(args))
    except MixedPriceLevelsError as error:
        return mixed_price_levels(args, error)
    warn_mixed_price_levels(args, result.prices)
    text = render_totals(
        result, args.format, locale=locale, csv_dialect=args.csv_dialect, width=width(args)
    )
    write(text, args)
    return EXIT_OK
