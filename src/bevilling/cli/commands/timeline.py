"""``bevilling timeline``: per year and category, what is available and what lapses.

::

    bevilling timeline [--from YEAR] [--to YEAR] [--ascii] [--spent] [PATH ...]
                       [report options and filters as for ``list``] [--allow-errors]

Shows per year and category what is available and how much of it lapses with the year (the
funding cliff), and a bar chart (``--ascii``, or automatically when stdout is not UTF-8).
Open and declining appropriations are shown apart.  ``--spent`` adds per year the changes in
force, the spending and what remains, from the change and spending files among the paths.
Years run from 1900 to 2200 and ``--from`` must not be after ``--to``.  Ledgers that fail
``bevilling check`` are refused (exit 1, the errors on stderr) unless ``--allow-errors``.
Exit codes: 0 reported, 1 the ledgers have errors, 2 usage error or unreadable path.
Docs: docs/reports.md.
"""

from __future__ import annotations

import argparse

from bevilling.cli.common import (
    EXIT_OK,
    EXIT_USAGE,
    add_report_options,
    command_error,
    mixed_price_levels,
    price_options,
    report_setup,
    stdout_is_utf8,
    warn_mixed_price_levels,
    width,
    write,
    year_type,
)
from bevilling.i18n.catalogs import catalog

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling timeline``."""
    parser.description = _(
        "Show per year and category what is available and how much of it lapses"
        " with the year (the funding cliff), and a bar chart. Open and declining"
        " appropriations are shown apart. Docs: docs/reports.md."
    )
    parser.add_argument(
        "--from", dest="start", type=year_type, metavar=_("YEAR"), help=_("first year")
    )
    parser.add_argument("--to", dest="end", type=year_type, metavar=_("YEAR"), help=_("last year"))
    parser.add_argument(
        "--ascii",
        action="store_true",
        help=_("draw the chart with ASCII characters (automatic when the output is not UTF-8)"),
    )
    parser.add_argument(
        "--spent",
        action="store_true",
        help=_(
            "beside what is available per year, the changes, the spending and what remains"
            " (from the change and spending files among the paths)"
        ),
    )
    add_report_options(parser)
    parser.set_defaults(run=run, command="timeline")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling timeline``."""
    if args.start is not None and args.end is not None and args.start > args.end:
        return command_error("timeline", _("--from must not be after --to"), EXIT_USAGE)
    setup = report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import MixedPriceLevelsError, render_timeline, timeline

    try:
        result = timeline(
            ledgers, start=args.start, end=args.end, filter=chosen, allow_errors=True,
            **price_options(args),
        )  # fmt: skip
    except MixedPriceLevelsError as error:
        return mixed_price_levels(args, error)
    warn_mixed_price_levels(args, result.prices)
    text = render_timeline(
        result,
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=width(args),
        ascii=args.ascii or not stdout_is_utf8(),
        spent=args.spent,
    )
    write(text, args)
    return EXIT_OK
