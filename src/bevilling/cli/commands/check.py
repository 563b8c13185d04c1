"""``bevilling check``: audit the ledgers (for people and for CI).

::

    bevilling check [PATH ...] [--format text|json|github|gitlab|junit] [--select CODES]
                    [--ignore CODES] [--strict] [--no-accepted] [--sources] [--locale da|en]

Checks the ledgers (default: ``ledger/``) against themselves and their source documents and
reports every problem with file:line, excerpt and hint: load problems first, then the
findings of every check.  ``--select``/``--ignore`` take the codes of docs/checks.md
(comma-separated, repeatable); ``--no-accepted`` ignores the ledgers' ``accepted:`` entries;
``--sources`` also reads each ledger's ``source_file:`` again and compares every cell (the
``source-*`` codes).
``--format github`` writes GitHub Actions annotations (at most 10 of each kind, errors first,
as GitHub shows no more; the whole report goes to ``$GITHUB_STEP_SUMMARY`` as Markdown when
that is set), ``gitlab`` a GitLab Code Quality report (Code Climate JSON), ``junit`` JUnit
XML.
Exit codes: 0 no unaccepted errors, 1 errors (or warnings, with ``--strict``), 2 usage error
or unreadable path.  Codes: docs/checks.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from bevilling.cli.common import (
    DEFAULT_PATHS,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    add_locale,
    add_paths,
    command_error,
)
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from bevilling.audit import Report
    from bevilling.core.model import LedgerSet
    from bevilling.core.problems import Problem

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling check``."""
    parser.description = _(
        "Check the ledgers against themselves and their source documents and"
        " report every problem with file:line. Exit 0 when there are no errors (accepted"
        " findings do not count), 1 when there are (or warnings, with --strict), 2 for usage"
        " errors and unreadable paths. Codes: docs/checks.md."
    )
    add_paths(parser)
    parser.add_argument(
        "--format",
        choices=["text", "json", "github", "gitlab", "junit"],
        default="text",
        help=_(
            "output format (default: text); github gives Actions annotations (and the job"
            " summary), gitlab a Code Quality report, junit JUnit XML"
        ),
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar=_("CODES"),
        help=_("report only these codes (comma-separated, repeatable)"),
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar=_("CODES"),
        help=_("do not report these codes (comma-separated, repeatable)"),
    )
    parser.add_argument(
        "--strict", action="store_true", help=_("fail (exit 1) on warnings as well as errors")
    )
    parser.add_argument(
        "--no-accepted",
        dest="use_accepted",
        action="store_false",
        help=_("ignore the ledgers' accepted: entries and report every finding raw"),
    )
    parser.add_argument(
        "--sources",
        action="store_true",
        help=_(
            "also read each ledger's source_file (a .docx, .pdf or table file) again and"
            " report every cell where the ledger and the document disagree"
        ),
    )
    add_locale(parser)
    parser.set_defaults(run=run, command="check")


def _check_sources() -> Callable[[LedgerSet], Iterable[Problem]]:
    """The interop layer's check of ledgers against their source documents."""
    from bevilling.interop import check_sources

    return check_sources


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling check``."""
    from bevilling.audit import (
        UnknownCodeError,
        check,
        render_report_github,
        render_report_gitlab,
        render_report_json,
        render_report_junit,
        render_report_text,
    )
    from bevilling.core.problems import PATH_CODES
    from bevilling.read import load

    ledgers = load(args.paths or DEFAULT_PATHS)
    try:
        report = check(
            ledgers,
            select=args.select,
            ignore=args.ignore,
            use_accepted=args.use_accepted,
            locale=args.locale,
            sources=_check_sources() if args.sources else None,
        )
    except (UnknownCodeError, ValueError) as exc:
        return command_error("check", str(exc), EXIT_USAGE)
    if args.format == "json":
        output = render_report_json(report)
    elif args.format == "github":
        output = render_report_github(report)
        _write_step_summary(report)
    elif args.format == "gitlab":
        output = render_report_gitlab(report, ledgers.sources)
    elif args.format == "junit":
        output = render_report_junit(report, strict=args.strict)
    else:
        output = render_report_text(report, ledgers.sources)
    sys.stdout.write(output)
    if any(p.code in PATH_CODES for p in ledgers.problems):
        return EXIT_USAGE
    return EXIT_OK if report.passed(strict=args.strict) else EXIT_PROBLEMS


def _write_step_summary(report: Report) -> None:
    """Append the whole report as Markdown to ``$GITHUB_STEP_SUMMARY``, when that is set."""
    import os

    from bevilling.audit import render_report_markdown
    from bevilling.core.text import visible

    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8", errors="replace") as summary:
            summary.write(render_report_markdown(report))
    except OSError as exc:
        from bevilling.read import os_reason

        sys.stderr.write(
            _(
                "bevilling check: warning: cannot write the job summary {path}: {reason}",
                path=visible(path, one_line=True),
                reason=os_reason(exc),
            )
            + "\n"
        )
