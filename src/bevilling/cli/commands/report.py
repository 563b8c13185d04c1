"""``bevilling report``: one self-contained HTML page for people who never open a terminal.

::

    bevilling report -o rapport.html [PATH ...] [--year YEAR] [--force] [--locale da|en]
                     [--phase ...] [--category ...] [--target-group ...] [--organisation ...]
                     [--source ...] [--allow-errors] [--price-level YEAR]
                     [--allow-mixed-price-levels]

Writes the audit (every finding, errors first), what expires in ``--year`` (default: this
year) and what has no fixed expiry, the timeline as a chart, the totals by category and by
target group (tables and charts) and where the figures come from (ledger files, source
documents, the git revision, the time made) as one HTML file: inline CSS and SVG, no script,
nothing fetched when it is opened.  ``-o -`` writes the page to standard output.  Needs
``pip install 'bevilling[report]'``.  When the ledgers have unaccepted errors the page shows
the audit and leaves the figures out (``--allow-errors``: shows them with a warning).
``--price-level`` converts every figure to one price level; figures that would add different
price levels are left out (exit 1) unless ``--allow-mixed-price-levels``.
``$SOURCE_DATE_EPOCH`` fixes the time the page says it was made (reproducible pages).
With unaccepted errors a warning line on stderr counts them by code, as the other reports
word it (with ``--allow-errors``: that the figures are in although they may be wrong).
Exit codes: 0 written, 1 written but the ledgers have unaccepted errors (also with
``--allow-errors``: the page is written, the errors are still there), 2 usage error,
unreadable path, unwritable output or missing extra.  Docs: docs/reports.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bevilling.cli.common import (
    DEFAULT_PATHS,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_filters,
    add_locale,
    add_paths,
    add_price_options,
    command_error,
    error,
    errors_counted,
    overwrites_input,
    price_options,
    unknown_filter_value,
    warn_mixed_price_levels,
    warn_reporting_anyway,
    warn_unapplied,
    year_type,
)
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from datetime import datetime

_, _n = catalog(__name__)

__all__ = ["configure", "run"]


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling report``."""
    parser.description = _(
        "Write one self-contained HTML page: the check of the ledgers, what expires in"
        " --year, the timeline and the totals as charts and tables, and where the figures"
        " come from. Needs pip install 'bevilling[report]'. Docs: docs/reports.md."
    )
    add_paths(parser)
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar=_("FILE"),
        help=_("the HTML file to write (- for standard output)"),
    )
    parser.add_argument(
        "--year",
        type=year_type,
        metavar=_("YEAR"),
        help=_("the year whose expiries the page lists (default: this year)"),
    )
    parser.add_argument("--force", action="store_true", help=_("overwrite an existing file"))
    add_locale(parser)
    add_filters(parser)
    add_price_options(parser)
    parser.set_defaults(run=run, command="report")


def _made_at() -> datetime:
    """Now, or ``$SOURCE_DATE_EPOCH`` when set (a reproducible build's fixed time)."""
    import os
    from datetime import datetime, timezone

    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return datetime.fromtimestamp(min(int(fixed), 253402300799), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling report``."""
    from datetime import datetime

    from bevilling.audit import render_problems_text
    from bevilling.core.problems import PATH_CODES, MissingExtraError
    from bevilling.core.text import visible
    from bevilling.i18n.catalogs import resolve_locale
    from bevilling.interop import git_revision
    from bevilling.read import load
    from bevilling.reports import Filter, parse_category, render_page, report_page
    from bevilling.write import STDOUT, OutputExistsError, write_atomic

    try:
        locale = resolve_locale(args.locale)
        category = parse_category(args.category) if args.category else None
    except ValueError as exc:
        return error(str(exc))
    chosen = Filter(
        category=category,
        target_group=args.target_group,
        organisation=args.organisation,
        source=args.source,
        phase=args.phase,
    )
    paths = args.paths or DEFAULT_PATHS
    ledgers = load(paths)
    unreadable = [p for p in ledgers.problems if p.code in PATH_CODES]
    if unreadable:
        sys.stderr.write(render_problems_text(unreadable, ledgers.sources))
        return EXIT_USAGE
    unknown = unknown_filter_value(chosen, ledgers, args.command)
    if unknown is not None:
        return unknown
    clash = None if args.output == STDOUT else overwrites_input(args.output, ledgers)
    if clash is not None:
        return error(clash)
    revision = git_revision(paths)
    result = report_page(
        ledgers,
        args.year if args.year is not None else datetime.now().year,  # the local year
        filter=chosen,
        allow_errors=args.allow_errors,
        revision=revision.commit if revision else None,
        uncommitted=revision.uncommitted if revision else False,
        made_at=_made_at(),
        locale=locale,
        **price_options(args),
    )
    try:
        text = render_page(result, locale=locale)
        if args.output == STDOUT:
            sys.stdout.write(text)
        else:
            write_atomic(args.output, text, force=args.force)
    except MissingExtraError as exc:
        return error(str(exc))
    except OutputExistsError:
        return error(_("{file} exists; use --force to overwrite it", file=args.output))
    except OSError as exc:
        from bevilling.read import os_reason

        return error(_("cannot write {file}: {reason}", file=args.output, reason=os_reason(exc)))
    report = result.audit
    if args.output != STDOUT:
        sys.stdout.write(
            _(
                "wrote {file}: {errors}, {warnings}, {accepted}",
                file=visible(args.output, one_line=True),
                errors=_n("{count} error", "{count} errors", report.errors, count=report.errors),
                warnings=_n(
                    "{count} warning", "{count} warnings", report.warnings, count=report.warnings
                ),
                accepted=_n(
                    "{count} accepted", "{count} accepted", report.accepted, count=report.accepted
                ),
            )
            + "\n"
        )
    if result.prices is not None:
        warn_mixed_price_levels(args, result.prices)
    if result.price_refusal is not None:
        sys.stderr.write(
            _(
                "bevilling report: the figures are left out: {reason}",
                reason=visible(result.price_refusal, one_line=True),
            )
            + "\n"
        )
        return EXIT_PROBLEMS
    if not report.valid:
        codes = [p.code for p in report.problems if p.is_error]
        if args.allow_errors:  # the figures are on the page: worded as the other reports say it
            warn_reporting_anyway("report", codes)
            warn_unapplied(ledgers, "report")
            return EXIT_PROBLEMS
        return command_error(
            "report",
            _n(
                "`bevilling check` finds {count} error ({codes}) in these ledgers; the page"
                " shows it and leaves the figures out (they may be wrong); fix it, or use"
                " --allow-errors to put the figures in",
                "`bevilling check` finds {count} errors ({codes}) in these ledgers; the page"
                " shows them and leaves the figures out (they may be wrong); fix them, or use"
                " --allow-errors to put the figures in",
                len(codes),
                **errors_counted(codes),
            ),
            EXIT_PROBLEMS,
        )
    return EXIT_OK
