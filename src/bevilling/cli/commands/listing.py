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
    mixed_price_levels,
    price_options,
    report_setup,
    warn_mixed_price_levels,
    width,
    write,
)
from bevilling.i18n.catalogs import catalog

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Iterator

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
    from bevilling.core.followup import extended_expiries
    from bevilling.reports import (
        MixedPriceLevelsError,
        entries_json_chunks,
        listing_prices,
        render_list,
    )

    prices = price_options(args)
    try:
        if args.format == "json":  # written as it is encoded: never the whole list at once
            text: str | Iterator[str] = entries_json_chunks(
                chosen.apply(ledgers), price_index=ledgers.price_index, **prices
            )
        else:
            text = render_list(
                chosen.apply(ledgers),
                args.format,
                locale=locale,
                csv_dialect=args.csv_dialect,
                width=width(args),
                price_index=ledgers.price_index,
                extended=extended_expiries(ledgers),
                **prices,
            )
    except MixedPriceLevelsError as error:
        return mixed_price_levels(args, error)
    if args.allow_mixed_price_levels and args.price_level is not None:
        warn_mixed_price_levels(
            args, listing_prices(chosen.apply(ledgers), args.price_level, ledgers.price_index)
        )
    write(text, args)
    return EXIT_OK
