"""``bevilling show``: everything about one appropriation, with file:line.

::

    bevilling show ID [PATH ...] [--format table|markdown|github|html|csv|json]
                      [--csv-dialect excel|plain] [--locale da|en] [--width N]

Shows every field of the appropriation with this id and where it is written; when change or
spending files are loaded with the ledgers, also its whole history (the grant, each change
with its decision, the spending per year), each with file:line.  The id is
matched exactly, else case-insensitively when that finds one appropriation; an unknown id is a
usage error (exit 2) with a did-you-mean.  An id that two or more appropriations share is
ambiguous: ``show`` names every place it is written (file:line) and exits 1, rather than
pick one.

``show`` is not refused when ``bevilling check`` finds errors elsewhere: it prints no sum or
other derived figure, only the fields as written at the place it names, and it is the tool for
looking at a finding.  It says so, though: a warning line on stderr counts the errors.
Exit codes: 0 shown, 1 ambiguous id or ledgers that do not load, 2 usage error (unknown id)
or unreadable path.  Docs: docs/reports.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bevilling.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_report_options,
    command_error,
    command_warning,
    number,
    report_setup,
    width,
    write,
)
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from bevilling.core.model import Entry, LedgerSet

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling show``."""
    parser.description = _(
        "Show every field of the appropriation with this id, and where it is"
        " written. Docs: docs/reports.md."
    )
    parser.add_argument(
        "id", metavar="ID", help=_("the appropriation's id, e.g. {example}", example="D11")
    )
    add_report_options(parser, filters=False)
    parser.set_defaults(run=run, command="show")


def _matches(ledgers: LedgerSet, wanted: str) -> list[Entry]:
    """The entries with the id ``wanted``; else those whose id matches it ignoring case."""
    exact = [e for e in ledgers.entries() if e.appropriation.id == wanted]
    if exact:
        return exact
    folded = wanted.casefold()
    return [e for e in ledgers.entries() if e.appropriation.id.casefold() == folded]


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling show``."""
    setup = report_setup(args, gate=False)
    if isinstance(setup, int):
        return setup
    ledgers, _chosen, locale = setup
    import difflib

    from bevilling.core.text import visible
    from bevilling.reports import render_show

    matches = _matches(ledgers, args.id)
    if len({e.appropriation.id for e in matches}) > 1:  # "d11" when D11 and d11 both exist
        matches = []
    if not matches:
        wanted = args.id.casefold()
        ids = {e.appropriation.id.casefold(): e.appropriation.id for e in ledgers.entries()}
        close = [ids[i] for i in difflib.get_close_matches(wanted, list(ids), n=3, cutoff=0.5)]
        if close:
            message = _(
                "no appropriation has the id {id}; did you mean {choices}?",
                id=repr(args.id),
                choices=_either(close),
            )
        else:
            message = _("no appropriation has the id {id}; see `bevilling list`", id=repr(args.id))
        return command_error("show", message, EXIT_USAGE)
    if len(matches) > 1:
        places = "".join(
            f"  {visible(e.appropriation.location.file, one_line=True)}:"
            f"{e.appropriation.location.line}: {visible(e.appropriation.title, one_line=True)}\n"
            for e in matches
        )
        command_error(
            "show",
            _(
                "the id {id} is ambiguous: {count} appropriations have it",
                id=repr(args.id),
                count=number(len(matches)),
            ),
        )
        hint = _(
            "give each appropriation an id of its own (`bevilling check` reports"
            " duplicate-id), then show it"
        )
        sys.stderr.write(places + "  " + _("hint: {hint}", hint=hint) + "\n")
        return EXIT_PROBLEMS
    _warn_about_errors(ledgers)
    if ledgers.changes or ledgers.spending:  # the appropriation's whole history
        from bevilling.reports import history, render_show_history

        events = history(ledgers, matches[0])
        text = render_show_history(
            matches[0], events, args.format, locale=locale, csv_dialect=args.csv_dialect,
            width=width(args),
        )  # fmt: skip
        write(text, args)
        return EXIT_OK
    text = render_show(
        matches[0],
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=width(args),
        price_level=args.price_level,
        price_index=ledgers.price_index,
    )
    write(text, args)
    return EXIT_OK


def _warn_about_errors(ledgers: LedgerSet) -> None:
    """One warning line on stderr when ``bevilling check`` finds errors in the ledgers."""
    from bevilling.audit import check

    report = check(ledgers, errors_only=True)
    if not report.valid:
        count = report.errors
        command_warning(
            "show",
            _n(
                "`bevilling check` finds {count} error in these ledgers; the fields below are"
                " shown as written",
                "`bevilling check` finds {count} errors in these ledgers; the fields below are"
                " shown as written",
                count,
                count=number(count),
            ),
        )


def _either(choices: list[str]) -> str:
    """``D11``, ``D11 or D12``, ``D11, D12 or D13`` in the current locale."""
    if len(choices) == 1:
        return choices[0]
    return _("{choices} or {last}", choices=", ".join(choices[:-1]), last=choices[-1])
