"""What the commands share: exit codes, paths, loading, the audit gate, report options, output.

Every command module in :mod:`bevilling.cli.commands` imports from here and from nothing else
of the CLI, so the commands never import one another.  Like the commands, this module imports
only the standard library and the message catalogs (:mod:`bevilling.i18n.catalogs`, which
reads a catalog on first use) at import time; the library (loader, checks, reports) is
imported inside the functions that use it, so that building the parser (and
``bevilling --version``) stays fast.

Every word printed here and by the commands comes from the ``cli`` catalog, in the locale
:func:`bevilling.cli.app.main` set from ``--locale``/``$BEVILLING_LOCALE`` (Danish by default).

Validation of numbers happens in the parser (``type=`` functions below), so that an absurd
value is a usage error (exit 2) before anything is loaded:

- every year option (``--year``, ``--until``, ``--from``, ``--to``, ``--price-level``, the year
  of ``--expires``) takes a year from :data:`YEAR_MIN` to :data:`YEAR_MAX`, the range the
  loader accepts in ledgers; a two-digit year gets a did-you-mean (``16`` -> ``2016?``);
- ``--width`` takes 0 (no limit) or a number of columns up to :data:`WIDTH_MAX`.
"""

from __future__ import annotations

import argparse
import sys

from bevilling.cli.language import ArgumentParser, terminal_columns
from bevilling.i18n.catalogs import catalog, resolve_locale

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from typing import TypedDict

    from bevilling.core.model import LedgerSet
    from bevilling.reports import Filter, MixedPriceLevelsError, Prices

__all__ = [
    "DEFAULT_PATHS",
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEMS",
    "EXIT_USAGE",
    "WIDTH_MAX",
    "YEAR_MAX",
    "YEAR_MIN",
    "CommandParser",
    "PriceOptions",
    "add_allow_errors",
    "add_filters",
    "add_locale",
    "add_paths",
    "add_price_options",
    "add_report_options",
    "audit_gate",
    "command_error",
    "command_warning",
    "error",
    "errors_counted",
    "filter_value",
    "load_clean",
    "locale_type",
    "mixed_price_levels",
    "number",
    "overwrites_input",
    "price_options",
    "refuse_repeated",
    "report_setup",
    "stdout_is_utf8",
    "unknown_filter_value",
    "warn_mixed_price_levels",
    "warn_reporting_anyway",
    "warn_unapplied",
    "width",
    "width_type",
    "write",
    "year_guess",
    "year_type",
]

_, _n = catalog(__name__)

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE

#: Where ledgers are kept when no path is given.
DEFAULT_PATHS = ["ledger"]

#: The years a year option accepts: the range the loader accepts for ``expires`` and profiles.
YEAR_MIN, YEAR_MAX = 1900, 2200

#: The widest ``--width`` (in columns); wider is a typo, not a terminal.
WIDTH_MAX = 10_000


class CommandParser(ArgumentParser):
    """A command's parser: its positionals (paths, ids) may come before, between or after
    the options, as in ``bevilling show A2 --format html FILE``.

    Plain argparse fills every positional at the first run of positional words, so a path
    after an option was "unrecognized".  This parser parses intermixed (options first, then
    the words left over as positionals) with the same messages and exit codes. A command
    line with ``--`` is parsed the plain way: the words after it are positionals, also when
    they begin with ``-``.
    """

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._intermixing:  # parse_known_intermixed_args calls back here, twice
            return super().parse_known_args(args, namespace)
        if args is not None:
            self._refuse_repeated(args)
        if args is not None and "--" in args:
            # After `--` nothing is an option (`show -- -A1 FILE`); intermixed parsing drops the
            # `--` between its two passes, so such a command line is parsed the plain way.
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False

    def _refuse_repeated(self, args: Sequence[str]) -> None:
        refuse_repeated(self, args)


def refuse_repeated(parser: argparse.ArgumentParser, args: Sequence[str]) -> None:
    """A usage error when an option that takes one value is given twice (``--year 2015
    --year 2016``, ``-o a.html -ob.html``): argparse would silently keep the last, and the
    report would answer another question than the one asked."""
    single = {
        option: action
        for action in parser._actions
        if isinstance(action, argparse._StoreAction) and action.nargs is None
        for option in action.option_strings
    }
    seen: dict[int, str] = {}
    for word in args:
        if word == "--":
            break
        if word.startswith("--"):
            name = word.split("=", 1)[0]
        elif word.startswith("-") and word[:2] in single:
            name = word[:2]  # a short option with its value attached: -ob.html
        else:
            name = word
        action = single.get(name)
        if action is None and name.startswith("--") and parser.allow_abbrev:
            found = {a for option, a in single.items() if option.startswith(name)}
            action = found.pop() if len(found) == 1 else None
        if action is None:
            continue
        if id(action) in seen:
            parser.error(
                _(
                    "{option} is given more than once; give it once (only the last one"
                    " would count)",
                    option=action.option_strings[-1],
                )
            )
        seen[id(action)] = name


def error(message: str) -> int:
    """Print ``bevilling: message`` on stderr, one line, and return the usage exit code."""
    from bevilling.core.text import visible

    # Messages quote paths and names the user or a ledger gave: never a raw escape sequence,
    # and never a line break (a path may hold one): a usage error is one line.
    sys.stderr.write(f"bevilling: {visible(message, one_line=True)}\n")
    return EXIT_USAGE


def command_error(command: str, message: str, code: int = EXIT_USAGE) -> int:
    """Print ``bevilling COMMAND: error: message`` (in the current locale) on stderr, one
    line; return ``code``."""
    from bevilling.core.text import visible

    line = _("bevilling {command}: error: {message}", command=command, message=message)
    sys.stderr.write(visible(line, one_line=True) + "\n")
    return code


def command_warning(command: str, message: str) -> None:
    """Print ``bevilling COMMAND: warning: message`` (in the current locale) on stderr, one
    line."""
    from bevilling.core.text import visible

    line = _("bevilling {command}: warning: {message}", command=command, message=message)
    sys.stderr.write(visible(line, one_line=True) + "\n")
    sys.stderr.flush()  # above the report on a terminal


# --- numbers the parser validates ------------------------------------------------------------


def year_guess(value: int) -> int | None:
    """The year a two-digit year means (``16`` -> 2016), else None.

    Two-digit years are read as POSIX ``strptime("%y")`` reads them: 00-68 are 2000-2068,
    69-99 are 1969-1999.
    """
    if 0 <= value <= 99:
        return value + (2000 if value < 69 else 1900)
    return None


def year_type(text: str) -> int:
    """argparse ``type=`` for a year option: an integer from YEAR_MIN to YEAR_MAX."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.lstrip("+-").isdigit()):
        raise argparse.ArgumentTypeError(_("{text} is not a year", text=repr(text)))
    value = int(stripped)
    if not YEAR_MIN <= value <= YEAR_MAX:
        guess = year_guess(value)
        if guess is not None:
            message = _(
                "{value} is not a year from {first} to {last}; did you mean {guess}?",
                value=value,
                first=YEAR_MIN,
                last=YEAR_MAX,
                guess=guess,
            )
        else:
            message = _(
                "{value} is not a year from {first} to {last}",
                value=value,
                first=YEAR_MIN,
                last=YEAR_MAX,
            )
        raise argparse.ArgumentTypeError(message)
    return value


def width_type(text: str) -> int:
    """argparse ``type=`` for ``--width``: 0 (no limit) or 1 to WIDTH_MAX columns."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.lstrip("+-").isdigit()):
        raise argparse.ArgumentTypeError(_("{text} is not a number of columns", text=repr(text)))
    value = int(stripped)
    if not 0 <= value <= WIDTH_MAX:
        raise argparse.ArgumentTypeError(
            _(
                "{value} is not a width: give the number of columns, from 1 to {most},"
                " or 0 for no limit",
                value=value,
                most=number(WIDTH_MAX),
            )
        )
    return value


def locale_type(text: str) -> str:
    """argparse ``type=`` for ``--locale``: ``da`` or ``en`` (also ``da_DK``, ``en-GB``)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(_("give a locale: da or en"))
    try:
        return resolve_locale(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def number(count: int) -> str:
    """A count in the current locale's notation: ``10.000`` in Danish, ``10,000`` in English."""
    from decimal import Decimal

    from bevilling.i18n.formatting import format_amount

    return format_amount(Decimal(count))


def add_locale(parser: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    """``--locale da|en``: the language of every word and the notation of every figure.

    The value is read before the parser is built (see :mod:`bevilling.cli.language`); the
    parser checks it, so that a locale bevilling does not speak is a usage error.
    """
    parser.add_argument(
        "--locale",
        type=locale_type,
        metavar="da|en",
        help=_(
            "language and number format: da (Danish) or en (English); default:"
            " $BEVILLING_LOCALE, else da (LANG and LC_ALL are not read)"
        ),
    )


# --- paths and loading -----------------------------------------------------------------------


def add_paths(parser: argparse.ArgumentParser) -> None:
    """The ``PATH ...`` positional of the commands that read ledgers."""
    parser.add_argument(
        "paths",
        nargs="*",
        # A default makes the paths optional for argparse: without one, intermixed parsing
        # (Python 3.11) named them among the required arguments of `bevilling show`.
        default=[],
        metavar=_("PATH"),
        help=_("ledger files or directories (default: ledger/)"),
    )


def load_clean(paths: list[str]) -> LedgerSet | int:
    """Load ``paths``; on problems print them to stderr and return the exit code instead.

    A ledger that does not load is not in the set at all, so a load error always stops a
    report (``--allow-errors`` does not override it): exit 1, or 2 for a path that cannot be
    read.
    """
    from bevilling.core.problems import PATH_CODES
    from bevilling.read import load

    ledgers = load(paths or DEFAULT_PATHS)
    if ledgers.problems:
        from bevilling.audit import render_problems_text

        sys.stderr.write(render_problems_text(ledgers.problems, ledgers.sources))
    if any(p.code in PATH_CODES for p in ledgers.problems):
        return EXIT_USAGE
    if not ledgers.valid:
        sys.stderr.write(
            _(
                "bevilling: the ledgers above have errors; fix them (`bevilling check` lists"
                " them all) before reporting on them"
            )
            + "\n"
        )
        return EXIT_PROBLEMS
    return ledgers


def add_allow_errors(parser: argparse.ArgumentParser) -> None:
    """``--allow-errors``: report on ledgers that fail ``bevilling check``."""
    parser.add_argument(
        "--allow-errors",
        action="store_true",
        help=_(
            "report even when `bevilling check` finds errors in the ledgers (a warning line"
            " on stderr says so); ledgers that cannot be read still stop the report"
        ),
    )


def _codes_counted(codes: Sequence[str]) -> str:
    """``duplicate-id ×20, total-mismatch ×1``: each code with its count (codes are English
    identifiers in every locale)."""
    from collections import Counter

    counted = Counter(codes)
    return ", ".join(f"{code} ×{number(count)}" for code, count in sorted(counted.items()))


def audit_gate(ledgers: LedgerSet, command: str, *, allow_errors: bool) -> int | None:
    """Run the error checks on ``ledgers`` (``check(errors_only=True)``: what decides whether
    ``bevilling check`` passes); refuse to report (return 1) when one finds an error.

    Accepted findings do not count, warnings never stop a report (nor are they looked for).
    On refusal the errors go to stderr with file:line, excerpt and hint, and a last line says
    how to go on.  With
    ``allow_errors`` one warning line goes to stderr instead (stdout stays the report alone,
    so json and csv output still parse) and None is returned: report.
    """
    from bevilling.audit import check

    report = check(ledgers, errors_only=True)
    if report.valid:
        return None
    errors = [p for p in report.problems if p.is_error]
    count = len(errors)
    values = {"count": number(count), "codes": _codes_counted([p.code for p in errors])}
    if allow_errors:
        warn_reporting_anyway(command, [p.code for p in errors])
        warn_unapplied(ledgers, command)
        return None
    from bevilling.audit import render_problems_text

    sys.stderr.write(render_problems_text(errors, ledgers.sources))
    command_error(
        command,
        _n(
            "`bevilling check` finds {count} error ({codes}) in these ledgers, so the figures"
            " may be wrong; fix it (or accept the finding in the ledger), or use"
            " --allow-errors to report anyway",
            "`bevilling check` finds {count} errors ({codes}) in these ledgers, so the figures"
            " may be wrong; fix them (or accept a finding in the ledger), or use"
            " --allow-errors to report anyway",
            count,
            **values,
        ),
    )
    return EXIT_PROBLEMS


def warn_reporting_anyway(command: str, codes: Sequence[str]) -> None:
    """The warning line of ``--allow-errors``: how many errors ``bevilling check`` finds (the
    ``codes`` of the unaccepted errors), and that the figures may be wrong."""
    count = len(codes)
    command_warning(
        command,
        _n(
            "`bevilling check` finds {count} error ({codes}) in these ledgers; reporting"
            " anyway (--allow-errors), so the figures may be wrong",
            "`bevilling check` finds {count} errors ({codes}) in these ledgers; reporting"
            " anyway (--allow-errors), so the figures may be wrong",
            count,
            count=number(count),
            codes=_codes_counted(codes),
        ),
    )


def errors_counted(codes: Sequence[str]) -> dict[str, str]:
    """``count`` and ``codes`` (``duplicate-id ×20, total-mismatch ×1``) of the unaccepted
    errors with these ``codes``, for a message."""
    return {"count": number(len(codes)), "codes": _codes_counted(codes)}


#: The most ids named in the warning of :func:`warn_unapplied`.
_MAX_IDS_SHOWN = 10


def warn_unapplied(ledgers: LedgerSet, command: str) -> None:
    """One warning line when change or spending records point at an id that several
    appropriations have (``duplicate-id``, reported only with ``--allow-errors``): they are
    applied to none of them (:attr:`bevilling.core.followup.Book.unapplied`), so that no
    change or spending is counted once per copy."""
    if not (ledgers.changes or ledgers.spending):
        return
    from bevilling.core.followup import Book

    book = Book(ledgers)
    unapplied = book.unapplied
    if not unapplied:
        return
    ids = sorted(
        {
            appropriation
            for record in unapplied
            for appropriation in _record_ids(record)
            if appropriation in book.shared
        }
    )
    count = len(unapplied)
    shown = ", ".join(ids[:_MAX_IDS_SHOWN]) + (", …" if len(ids) > _MAX_IDS_SHOWN else "")
    command_warning(
        command,
        _n(
            "{count} change or spending record points at an id that several appropriations"
            " have ({ids}); it is applied to none of them, so their changes and spending are"
            " left out",
            "{count} change and spending records point at ids that several appropriations"
            " have ({ids}); they are applied to none of them, so their changes and spending"
            " are left out",
            count,
            count=number(count),
            ids=shown,
        ),
    )


def _record_ids(record: object) -> list[str]:
    """The ids a change or spending record points at."""
    found = [getattr(record, "appropriation", None)]
    found += [side.appropriation for side in getattr(record, "sides", ())]
    return [i for i in found if i is not None]


# --- report options shared by list, show, expiring, totals, timeline ------------------------

FORMATS = ("table", "markdown", "github", "html", "csv", "json")


def add_report_options(
    parser: argparse.ArgumentParser, *, phase_default: str = "approved", filters: bool = True
) -> None:
    """PATH, --format, --csv-dialect, --locale, --width and (with ``filters``) the filter
    options and --allow-errors."""
    add_paths(parser)
    out = parser.add_argument_group(_("output"))
    out.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help=_("output format (default: table); json writes amounts as decimal strings"),
    )
    out.add_argument(
        "--csv-dialect",
        choices=("excel", "plain"),
        default="excel",
        help=_(
            "csv for Danish Excel: ';', decimal comma, UTF-8 BOM (excel, the default), or"
            " ',' and '.' (plain)"
        ),
    )
    add_locale(out)
    out.add_argument(
        "--width",
        type=width_type,
        metavar="N",
        help=_(
            "fit the table format to N columns: wrap long text, then leave out the least"
            " important columns, then shorten long words (default: the terminal's width, none"
            " when piped; 0: as wide as it is)"
        ),
    )
    add_price_options(parser)
    if filters:
        add_filters(parser, phase_default=phase_default)


def filter_value(text: str) -> str:
    """A filter's value (``--target-group`` ...): an empty one is a usage error.

    ``--category ''`` filtered nothing and ``--target-group ''`` everything away, both
    silently (a shell variable that was never set)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(
            _("an empty value matches nothing: give a value, or leave the option out")
        )
    return text


def add_filters(parser: argparse.ArgumentParser, *, phase_default: str = "approved") -> None:
    """The filter options (--phase, --category, --target-group, --organisation, --source)
    and --allow-errors."""
    select = parser.add_argument_group(_("filters (case-insensitive, exact)"))
    select.add_argument(
        "--phase",
        choices=("approved", "proposed", "all"),
        default=phase_default,
        help=_(
            "budget phase: approved money, proposals or both (default: {phase})",
            phase=phase_default,
        ),
    )
    select.add_argument(
        "--category",
        type=filter_value,
        metavar=_("CATEGORY"),
        help=_("driftsmidler, indsatsmidler or særindsatser"),
    )
    select.add_argument(
        "--target-group",
        type=filter_value,
        metavar=_("GROUP"),
        help=_("e.g. {example}", example="Aktivitetsparate"),
    )
    select.add_argument(
        "--organisation",
        type=filter_value,
        metavar=_("ORG"),
        help=_("e.g. {example}", example="JKI"),
    )
    select.add_argument(
        "--source",
        type=filter_value,
        metavar=_("SOURCE"),
        help=_("e.g. {example}", example='"Budgetaftale 2015"'),
    )
    add_allow_errors(parser)


def add_price_options(parser: argparse.ArgumentParser) -> None:
    """``--price-level YEAR`` and ``--allow-mixed-price-levels`` (docs/reports.md)."""
    from bevilling.i18n.catalogs import catalog

    _, _n = catalog(__name__)
    prices = parser.add_argument_group(_("price levels (p/l)"))
    prices.add_argument(
        "--price-level",
        type=year_type,
        metavar=_("YEAR"),
        help=_(
            "convert every amount to this price level (e.g. 2017 for 2017 p/l) with the price"
            " index file among the paths (format: bevilling-index/1)"
        ),
    )
    prices.add_argument(
        "--allow-mixed-price-levels",
        action="store_true",
        help=_(
            "add amounts of different price levels (or that cannot be converted) as written,"
            " with a warning, instead of refusing"
        ),
    )


if TYPE_CHECKING:  # a type only: typing stays out of start-up

    class PriceOptions(TypedDict):
        """The price-level keywords every query takes."""

        price_level: int | None
        allow_mixed_price_levels: bool


def price_options(args: argparse.Namespace) -> PriceOptions:
    """The price-level keywords of a query, from the command line."""
    return {
        "price_level": getattr(args, "price_level", None),
        "allow_mixed_price_levels": getattr(args, "allow_mixed_price_levels", False),
    }


def mixed_price_levels(args: argparse.Namespace, error: MixedPriceLevelsError) -> int:
    """Print why a report refused to add amounts of different price levels; exit 1."""
    from bevilling.core.text import visible
    from bevilling.i18n.catalogs import catalog

    _, _n = catalog(__name__)
    sys.stderr.write(
        _(
            "bevilling {command}: error: {message}",
            command=args.command,
            message=visible(str(error)),
        )
        + "\n"
    )
    return EXIT_PROBLEMS


def warn_mixed_price_levels(args: argparse.Namespace, prices: Prices) -> None:
    """One warning line on stderr when a report adds amounts of different price levels
    (``--allow-mixed-price-levels``): stdout stays the report alone."""
    if not prices.mixed:
        return
    from bevilling.core.text import visible
    from bevilling.i18n.catalogs import catalog, current_locale
    from bevilling.reports import prices_warning

    _, _n = catalog(__name__)
    note = prices_warning(prices, current_locale()) or ""
    sys.stderr.write(
        _(
            "bevilling {command}: warning: {message} (--allow-mixed-price-levels)",
            command=args.command,
            message=visible(note, one_line=True),
        )
        + "\n"
    )
    sys.stderr.flush()


def report_setup(
    args: argparse.Namespace, *, gate: bool = True
) -> tuple[LedgerSet, Filter, str] | int:
    """Check the options, load the ledgers and (with ``gate``) audit them: (ledgers, filter,
    locale), or an exit code."""
    from bevilling.i18n.formatting import resolve_locale
    from bevilling.reports import Filter, parse_category

    try:
        locale = resolve_locale(args.locale)
        category = parse_category(args.category) if getattr(args, "category", None) else None
    except ValueError as exc:
        return command_error(args.command, str(exc))
    chosen = Filter(
        category=category,
        target_group=getattr(args, "target_group", None),
        organisation=getattr(args, "organisation", None),
        source=getattr(args, "source", None),
        phase=getattr(args, "phase", "all"),
    )
    ledgers = load_clean(args.paths)
    if isinstance(ledgers, int):
        return ledgers
    if gate:
        refused = audit_gate(ledgers, args.command, allow_errors=args.allow_errors)
        if refused is not None:
            return refused
    unknown = unknown_filter_value(chosen, ledgers, args.command)
    if unknown is not None:
        return unknown
    return ledgers, chosen, locale


def unknown_filter_value(chosen: Filter, ledgers: LedgerSet, command: str) -> int | None:
    """The usage error (exit 2, nothing on stdout) for a filter value that no appropriation of
    the ledgers has in any year or phase (``--target-group Aktivitetsparat``: a typo, which
    would report 0), with a did-you-mean; None when every value is there."""
    from bevilling.reports import UnknownFilterValueError

    try:
        chosen.require_known(ledgers)
    except UnknownFilterValueError as exc:
        return command_error(command, str(exc))
    return None


# --- output ----------------------------------------------------------------------------------


def width(args: argparse.Namespace) -> int:
    """--width, else the terminal's width; 0 (no wrapping) when the output is not a terminal."""
    if args.width is not None:
        return int(args.width)
    return terminal_columns() if sys.stdout.isatty() else 0


def overwrites_input(output: str, ledgers: LedgerSet) -> str | None:
    """The usage error to print when ``output`` names a file ``ledgers`` were read from (also
    by another path): ``report -o ledger/udsatte-2015.yaml --force`` replaced the ledger with
    the page. None when it does not."""
    if names_an_input(output, {*ledgers.sources, *ledgers.record_files}):
        return _("{path} is one of the input files; choose another output", path=output)
    return None


def names_an_input(output: str, inputs: Iterable[str]) -> bool:
    """True when ``output`` is one of ``inputs``, also by another path or a link (by path
    when a file does not exist yet): writing it would destroy what is being read."""
    import os

    for path in inputs:
        try:
            same = os.path.samefile(output, path)
        except OSError:
            same = os.path.abspath(output) == os.path.abspath(path)
        if same:
            return True
    return False


def write(text: str | Iterable[str], args: argparse.Namespace) -> None:
    """Print ``text``, or its pieces as they come (a long JSON list is never one string);
    CSV goes out as UTF-8 bytes whatever the terminal, for Excel."""
    pieces = (text,) if isinstance(text, str) else text
    if args.format == "csv" and hasattr(sys.stdout, "buffer"):
        sys.stdout.flush()
        for piece in pieces:
            sys.stdout.buffer.write(piece.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        for piece in pieces:
            sys.stdout.write(piece)


def stdout_is_utf8() -> bool:
    """Whether stdout writes UTF-8 (else the timeline's chart is drawn in ASCII)."""
    import codecs

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
