"""The ``bevilling`` command: parse arguments, call the library, print, return an exit code.

Exit codes: 0 clean, 1 problems found, 2 usage error or a path that cannot be read.
No business logic lives here, and library modules are imported inside the commands that use
them, so that ``bevilling --version`` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import sys
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from bevilling._version import __version__

if TYPE_CHECKING:
    from bevilling.core.model import LedgerSet
    from bevilling.reports import Filter

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141

#: Where ledgers are kept when no path is given.
DEFAULT_PATHS = ["ledger"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code."""
    _degrade_unencodable_output()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 for --help/--version
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    if not hasattr(args, "run"):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    # A command is a short-lived process that makes many objects and few cycles: the cyclic
    # garbage collector would only slow it down (the loader pauses it for library users too).
    gc.disable()
    warnings.showwarning = _show_warning
    try:
        code: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `bevilling list | head`: the reader went away
        _silence_stdout()
        # Not 0: the command did not finish (`bevilling check | head` must not pass a CI job
        # whose ledgers have errors).  128 + SIGPIPE, as Unix tools killed by it report.
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    return code


def _show_warning(  # noqa: PLR0917 - the signature of warnings.showwarning
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Library warnings (e.g. the slow YAML parser) as one plain line on stderr."""
    sys.stderr.write(f"bevilling: warning: {message}\n")


def _degrade_unencodable_output() -> None:
    """Let stdout and stderr replace what their encoding cannot write (``Bel?b`` on an ASCII
    terminal, ``PYTHONIOENCODING=ascii``) instead of raising UnicodeEncodeError mid-report.

    Only streams in an encoding other than UTF-8/16/32 are changed, and only when they would
    raise: ``?`` takes one column, as the character it replaces, so tables stay aligned.
    """
    import codecs
    import io

    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper) or stream.errors not in _RAISING_HANDLERS:
            continue
        try:
            name = codecs.lookup(stream.encoding).name
        except LookupError:  # pragma: no cover - Python refuses to start with such a stream
            name = ""
        if not name.startswith("utf"):
            stream.reconfigure(errors="replace")


# Error handlers that raise on a character the encoding lacks (surrogateescape raises on
# anything but the surrogates it made).
_RAISING_HANDLERS = frozenset({"strict", "surrogateescape"})


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
    _add_show(commands)
    _add_expiring(commands)
    _add_totals(commands)
    _add_timeline(commands)
    _add_check(commands)
    _add_interop(commands)
    return parser


def _add_interop(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``import``, ``export``, ``diff`` and ``schema`` live in :mod:`bevilling.cli.interop`."""
    from bevilling.cli import interop as cli_interop

    for add in (cli_interop.add_import, cli_interop.add_export, cli_interop.add_diff,
                cli_interop.add_schema):  # fmt: skip
        add(commands)


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
    from bevilling.audit import render_problems_text
    from bevilling.core.problems import PATH_CODES
    from bevilling.read import load

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
    import contextlib
    import io
    import os

    with contextlib.suppress(AttributeError, OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


# --- bevilling list ---------------------------------------------------------------------------


def _add_list(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "list",
        help="list every appropriation, of every phase",
        description="List every appropriation in the ledgers, approved and proposed, with its"
        " phase, in the ledger's own unit. Docs: docs/reports.md.",
    )
    _add_report_options(parser, phase_default="all")
    parser.set_defaults(run=_run_list, command="list")


def _run_list(args: argparse.Namespace) -> int:
    setup = _report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import render_list

    text = render_list(
        chosen.apply(ledgers),
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=_width(args),
    )
    _write(text, args)
    return EXIT_OK


# --- report options shared by list, show, expiring, totals, timeline --------------------------

_FORMATS = ("table", "markdown", "github", "html", "csv", "json")


def _add_report_options(
    parser: argparse.ArgumentParser, *, phase_default: str = "approved", filters: bool = True
) -> None:
    """--format, --csv-dialect, --locale, --width and (with ``filters``) the filter options."""
    _add_paths(parser)
    out = parser.add_argument_group("output")
    out.add_argument(
        "--format",
        choices=_FORMATS,
        default="table",
        help="output format (default: table); json writes amounts as decimal strings",
    )
    out.add_argument(
        "--csv-dialect",
        choices=("excel", "plain"),
        default="excel",
        help="csv for Danish Excel: ';', decimal comma, UTF-8 BOM (excel, the default), or"
        " ',' and '.' (plain)",
    )
    out.add_argument(
        "--locale", help="language and number format: da or en (default: $BEVILLING_LOCALE, da)"
    )
    out.add_argument(
        "--width",
        type=int,
        metavar="N",
        help="fit the table format to N columns: wrap long text, then leave out the least"
        " important columns, then shorten long words (default: the terminal's width, none"
        " when piped; 0: as wide as it is)",
    )
    if not filters:
        return
    select = parser.add_argument_group("filters (case-insensitive, exact)")
    select.add_argument(
        "--phase",
        choices=("approved", "proposed", "all"),
        default=phase_default,
        help=f"budget phase: approved money, proposals or both (default: {phase_default})",
    )
    select.add_argument("--category", help="driftsmidler, indsatsmidler or særindsatser")
    select.add_argument("--target-group", metavar="GROUP", help="e.g. Aktivitetsparate")
    select.add_argument("--organisation", metavar="ORG", help="e.g. JKI")
    select.add_argument("--source", help='e.g. "Budgetaftale 2015"')


def _report_setup(args: argparse.Namespace) -> tuple[LedgerSet, Filter, str] | int:
    """Check the options, load the ledgers: (ledgers, filter, locale), or an exit code."""
    from bevilling.i18n.formatting import resolve_locale
    from bevilling.reports import Filter, parse_category

    try:
        locale = resolve_locale(args.locale)
        category = parse_category(args.category) if getattr(args, "category", None) else None
    except ValueError as error:
        sys.stderr.write(f"bevilling {args.command}: error: {error}\n")
        return EXIT_USAGE
    chosen = Filter(
        category=category,
        target_group=getattr(args, "target_group", None),
        organisation=getattr(args, "organisation", None),
        source=getattr(args, "source", None),
        phase=getattr(args, "phase", "all"),
    )
    ledgers = _load_clean(args.paths)
    if isinstance(ledgers, int):
        return ledgers
    return ledgers, chosen, locale


def _width(args: argparse.Namespace) -> int:
    """--width, else the terminal's width; 0 (no wrapping) when the output is not a terminal."""
    import shutil

    if args.width is not None:
        return int(args.width)
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else 0


def _write(text: str, args: argparse.Namespace) -> None:
    """Print ``text``; CSV goes out as UTF-8 bytes whatever the terminal, for Excel."""
    if args.format == "csv" and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(text)


def _stdout_is_utf8() -> bool:
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


# --- bevilling expiring -----------------------------------------------------------------------


def _add_expiring(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "expiring",
        help="which appropriations run out in a year, and how much that is",
        description="List the appropriations whose funding ends in --year (or by --until),"
        " with a total, and say what has no fixed expiry. Approved money only unless"
        " --phase says otherwise. Docs: docs/reports.md.",
    )
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--year", type=int, help="funding that ends in this year")
    when.add_argument("--until", type=int, metavar="YEAR", help="funding ended by this year")
    parser.add_argument(
        "--include-open",
        action="store_true",
        help="also list the appropriations without a fixed expiry (open or declining)",
    )
    _add_report_options(parser)
    parser.set_defaults(run=_run_expiring, command="expiring")


def _run_expiring(args: argparse.Namespace) -> int:
    setup = _report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import expiring, render_expiring

    result = expiring(ledgers, args.year, until=args.until, filter=chosen)
    text = render_expiring(
        result,
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=_width(args),
        include_open=args.include_open,
    )
    _write(text, args)
    return EXIT_OK


# --- bevilling totals -------------------------------------------------------------------------


def _add_totals(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "totals",
        help="sums grouped by category, target group, organisation, source, expiry, ...",
        description="Sum the appropriations per category (or another --by), with counts and"
        " the grand total, in one unit. Docs: docs/reports.md.",
    )
    parser.add_argument(
        "--by",
        choices=("category", "target-group", "organisation", "source", "expiry", "ledger", "phase"),
        default="category",
        help="what to group by (default: category)",
    )
    _add_report_options(parser)
    parser.set_defaults(run=_run_totals, command="totals")


def _run_totals(args: argparse.Namespace) -> int:
    setup = _report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import render_totals, totals

    result = totals(ledgers, args.by, filter=chosen)
    text = render_totals(
        result, args.format, locale=locale, csv_dialect=args.csv_dialect, width=_width(args)
    )
    _write(text, args)
    return EXIT_OK


# --- bevilling timeline -----------------------------------------------------------------------


def _add_timeline(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "timeline",
        help="per year and category: what is available and what lapses, with a bar chart",
        description="Show per year and category what is available and how much of it lapses"
        " with the year (the funding cliff), and a bar chart. Open and declining"
        " appropriations are shown apart. Docs: docs/reports.md.",
    )
    parser.add_argument("--from", dest="start", type=int, metavar="YEAR", help="first year")
    parser.add_argument("--to", dest="end", type=int, metavar="YEAR", help="last year")
    parser.add_argument(
        "--ascii",
        action="store_true",
        help="draw the chart with ASCII characters (automatic when the output is not UTF-8)",
    )
    _add_report_options(parser)
    parser.set_defaults(run=_run_timeline, command="timeline")


def _run_timeline(args: argparse.Namespace) -> int:
    if args.start is not None and args.end is not None and args.start > args.end:
        sys.stderr.write("bevilling timeline: error: --from must not be after --to\n")
        return EXIT_USAGE
    setup = _report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, chosen, locale = setup
    from bevilling.reports import render_timeline, timeline

    result = timeline(ledgers, start=args.start, end=args.end, filter=chosen)
    text = render_timeline(
        result,
        args.format,
        locale=locale,
        csv_dialect=args.csv_dialect,
        width=_width(args),
        ascii=args.ascii or not _stdout_is_utf8(),
    )
    _write(text, args)
    return EXIT_OK


# --- bevilling show ---------------------------------------------------------------------------


def _add_show(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "show",
        help="everything about one appropriation, with file:line",
        description="Show every field of the appropriation with this id, and where it is"
        " written. Docs: docs/reports.md.",
    )
    parser.add_argument("id", metavar="ID", help="the appropriation's id, e.g. D11")
    _add_report_options(parser, filters=False)
    parser.set_defaults(run=_run_show, command="show")


def _run_show(args: argparse.Namespace) -> int:
    setup = _report_setup(args)
    if isinstance(setup, int):
        return setup
    ledgers, _chosen, locale = setup
    import difflib

    from bevilling.reports import render_show

    entry = ledgers.find(args.id)
    wanted = args.id.casefold()
    if entry is None:  # forgive the case: "d11" is D11 when that is the only match
        matches = [e for e in ledgers.entries() if e.appropriation.id.casefold() == wanted]
        entry = matches[0] if len(matches) == 1 else None
    if entry is None:
        ids = {e.appropriation.id.casefold(): e.appropriation.id for e in ledgers.entries()}
        close = [ids[i] for i in difflib.get_close_matches(wanted, list(ids), n=3, cutoff=0.5)]
        hint = f"; did you mean {' or '.join(close)}?" if close else "; see `bevilling list`"
        sys.stderr.write(f"bevilling show: error: no appropriation has the id {args.id!r}{hint}\n")
        return EXIT_USAGE
    text = render_show(
        entry, args.format, locale=locale, csv_dialect=args.csv_dialect, width=_width(args)
    )
    _write(text, args)
    return EXIT_OK


# --- bevilling check --------------------------------------------------------------------------


def _add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="audit the ledgers: totals, cross-checks, acceptances (for CI)",
        description="Check the ledgers against themselves and their source documents and"
        " report every problem with file:line. Exit 0 when there are no errors (accepted"
        " findings do not count), 1 when there are (or warnings, with --strict), 2 for usage"
        " errors and unreadable paths. Codes: docs/checks.md.",
    )
    _add_paths(parser)
    parser.add_argument(
        "--format",
        choices=["text", "json", "github", "junit"],
        default="text",
        help="output format (default: text); github gives Actions annotations, junit JUnit XML",
    )
    parser.add_argument(
        "--select",
        action="append",
        metavar="CODES",
        help="report only these codes (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        metavar="CODES",
        help="do not report these codes (comma-separated, repeatable)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="fail (exit 1) on warnings as well as errors"
    )
    parser.add_argument(
        "--no-accepted",
        dest="use_accepted",
        action="store_false",
        help="ignore the ledgers' accepted: entries and report every finding raw",
    )
    parser.add_argument("--locale", help="how figures are written: da (default) or en")
    parser.set_defaults(run=_run_check)


def _run_check(args: argparse.Namespace) -> int:
    from bevilling.audit import UnknownCodeError, check
    from bevilling.audit import render as render_problems
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
        )
    except (UnknownCodeError, ValueError) as error:
        sys.stderr.write(f"bevilling check: error: {error}\n")
        return EXIT_USAGE
    if args.format == "json":
        output = render_problems.render_report_json(report)
    elif args.format == "github":
        output = render_problems.render_report_github(report)
    elif args.format == "junit":
        output = render_problems.render_report_junit(report, strict=args.strict)
    else:
        output = render_problems.render_report_text(report, ledgers.sources)
    sys.stdout.write(output)
    if any(p.code in PATH_CODES for p in ledgers.problems):
        return EXIT_USAGE
    return EXIT_OK if report.passed(strict=args.strict) else EXIT_PROBLEMS
