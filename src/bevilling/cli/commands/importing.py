"""``bevilling import``: make a ledger from tables copied out of Word/PDF, CSV or .xlsx.

::

    bevilling import TABLE [TABLE ...] -o LEDGER.yaml [--force] [--name CAPTION ...]
                     [--category C ...] [--id-prefix PREFIX ...] [--map COLUMN=FIELD ...]
                     [--title T] [--document D] [--unit "1000 DKK"|DKK|"mio DKK"]
                     [--phase approved|proposed] [--price-level YEAR]
                     [--expires YEAR|open|declining] [--fill-down FIELDS | --no-fill-down]
                     [--rounded-to AMOUNT] [--include-hidden]
    bevilling import --spending EXPORT [EXPORT ...] -o SPENDING.yaml [--force]
                     [--year YEAR] [--months 1-6] [--unit U] [--map COLUMN=FIELD ...]
                     [--title T] [--source S] [--ledgers PATH ...] [--include-hidden]

Reads appropriation tables (tab-separated text copied from a Word or PDF budget paper, CSV, or
the first sheet of an .xlsx workbook) and writes them as one new ledger file, one table per
TABLE file.  Nothing is written when any row or header cannot be mapped; the written ledger
always reads back as imported.  An existing output is refused unless ``--force``.  Years
(``--price-level``, ``--expires``) run from 1900 to 2200.  Exit codes: 0 written, 1 problems
in the tables (listed on stderr), 2 usage error, unreadable input or unwritable output.
``--fill-down`` names the text fields whose empty cells take the value above them (merged
cells; by default the grouping columns), ``--no-fill-down`` fills none; ``--rounded-to`` is
the rounding of the printed figures in the table's unit, typed in either notation when it
reads the same in both (``0,1`` or ``0.1``; ``1.000`` is refused as 1000-or-1).
Rows and columns hidden in a workbook's sheet are left out with a warning (the printed table
does not show them); ``--include-hidden`` reads them.
With ``--spending`` the files are spending exports from the finance system (CSV, text or .xlsx
with Danish headers and numbers: Id or Funktion, År, Måned, Forbrug), written as a spending
file (``format: bevilling-spending/1``); function codes are mapped to the appropriations of
``--ledgers`` (default ``ledger/``).  The same care applies: nothing is written until every
column is mapped, and the file is loaded back and compared before it is written.
The module is ``importing`` because ``import`` is a keyword.  Docs: docs/interop.md.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from typing import TYPE_CHECKING

from bevilling.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    YEAR_MAX,
    YEAR_MIN,
    add_locale,
    error,
    names_an_input,
    number,
    year_guess,
    year_type,
)
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from decimal import Decimal

    from bevilling.core.model import Expiry, LedgerSet
    from bevilling.interop import ImportResult

__all__ = ["configure", "run"]

_, _n = catalog(__name__)

#: Problems of the input files themselves (not of their tables): exit 2, like a usage error.
_EXIT_USAGE_CODES = frozenset(
    {"import-unreadable", "import-encrypted", "import-no-text", "import-missing-extra"}
)


def _expiry(text: str) -> Expiry:
    """``--expires``: what a ledger's ``expires:`` accepts (see ``read.parse_expiry``)."""
    from bevilling.read import parse_expiry

    expiry = parse_expiry(text)
    if expiry is None:
        stripped = text.strip()
        guess = year_guess(int(stripped)) if stripped.isascii() and stripped.isdigit() else None
        values = {"text": repr(text), "first": YEAR_MIN, "last": YEAR_MAX}
        if guess is not None:
            message = _(
                "{text} is not a year ({first}-{last}), open or declining; did you mean {guess}?",
                guess=guess,
                **values,
            )
        else:
            message = _("{text} is not a year ({first}-{last}), open or declining", **values)
        raise argparse.ArgumentTypeError(message)
    return expiry


def _fill_down(text: str) -> tuple[str, ...]:
    """``--fill-down``: text fields, comma-separated (``target_group,description``)."""
    from bevilling.interop import parse_fill_down

    try:
        return parse_fill_down([text])
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# A rounding as a person types it, in Danish notation ("0,1", "1.000", "1.000,5") or English
# ("0.1", "1,000", "1,000.5"): digits, grouped by threes or not, then decimals.  Linear.
_DANISH_TYPED = re.compile(r"(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[1-9][0-9]*)(?:,[0-9]+)?\Z")
_ENGLISH_TYPED = re.compile(r"(?:0|[1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)(?:\.[0-9]+)?\Z")


def _readings(text: str) -> tuple[Decimal | None, Decimal | None]:
    """What ``text`` (no sign) is in Danish notation and in English notation (None: not a
    number in that notation).  ``,1`` and ``.1`` read as ``0,1`` and ``0.1``."""
    from bevilling.core.money import D

    if text[:1] in {",", "."}:
        text = "0" + text
    danish = D(text.replace(".", "").replace(",", ".")) if _DANISH_TYPED.match(text) else None
    english = D(text.replace(",", "")) if _ENGLISH_TYPED.match(text) else None
    return danish, english


def _typed(value: Decimal) -> str:
    """``value`` as the user can type it back for exactly that value: no thousands separator,
    the current locale's decimal sign (``0,1`` in Danish), and, where that alone would read
    two ways (``1,125``: 1.125 or 1125), a trailing zero (``1,1250``)."""
    from bevilling.core.money import plain_text
    from bevilling.i18n.catalogs import current_locale

    text = plain_text(value)
    if "." in text and current_locale() == "da":
        text = text.replace(".", ",")
    if "." in text or "," in text:
        while {r for r in _readings(text) if r is not None} != {value}:
            text += "0"
    return text


def _rounding(text: str) -> Decimal:
    """``--rounded-to``: a positive amount in Danish or English notation, refused when the two
    read it differently (``1.000``: 1000 in Danish, 1 in English)."""
    from bevilling.core.money import (
        MAX_DECIMALS,
        MAX_INTEGER_DIGITS,
        AmountSyntaxError,
        check_amount_range,
    )

    stripped = text.strip()
    # As typed when it is only blanks (' ', not ''); else without the blanks around it.
    shown = repr((stripped or text)[:40]) + ("..." if len(stripped or text) > 40 else "")
    unsigned = stripped.lstrip("-\u2212")
    if len(unsigned) > 64 and not unsigned.strip("0123456789.,"):
        unsigned = "9" * 64  # more digits than any amount: refused as out of range below
    danish, english = _readings(unsigned) if len(unsigned) <= 64 else (None, None)
    if danish is not None and english is not None and danish != english:
        raise argparse.ArgumentTypeError(
            _(
                "{text} is {danish} in Danish notation but {english} in English; write"
                " {danish} or {english}, whichever you mean",
                text=shown,
                danish=_typed(danish.normalize()),
                english=_typed(english.normalize()),
            )
        )
    value = danish if danish is not None else english
    if value is None:
        raise argparse.ArgumentTypeError(
            _(
                "{text} is not a number: give the rounding of the printed figures in the"
                " table's unit, e.g. 0.1 for figures printed with one decimal",
                text=shown,
            )
        )
    value = value.normalize()
    if value == 0 or stripped[:1] in {"-", "\u2212"}:
        raise argparse.ArgumentTypeError(
            _("{text} is not a rounding: it must be greater than 0", text=shown)
        )
    try:
        check_amount_range(value, stripped)
    except AmountSyntaxError:
        raise argparse.ArgumentTypeError(
            _(
                "{text} is not a rounding bevilling can keep: at most {digits} digits before"
                " the decimal sign and {decimals} after it",
                text=shown,
                digits=MAX_INTEGER_DIGITS,
                decimals=MAX_DECIMALS,
            )
        ) from None
    from bevilling.core.money import D, plain_text

    return D(plain_text(value))  # 1E+1 -> 10: written as the ledger writes amounts


def _table_numbers(text: str) -> tuple[int, ...]:
    """``--table``: one table number or several, comma-separated (``2`` or ``2,3``)."""
    numbers = []
    for part in text.split(","):
        stripped = part.strip()
        if not (stripped.isascii() and stripped.isdigit()) or not 0 < int(stripped[:6]) < 10**5:
            raise argparse.ArgumentTypeError(
                _("'{text}' is not a table number (1, 2, …)", text=text[:40])
            )
        numbers.append(int(stripped))
    return tuple(numbers)


def _list_tables(paths: list[str]) -> int:
    """``bevilling import DOCUMENT`` without -o: list the tables of each document."""
    from bevilling.audit import render_problems_text
    from bevilling.core.text import visible
    from bevilling.interop import describe_table, is_document, read_document

    others = [path for path in paths if not is_document(path)]
    if others:
        return error(
            _(
                "-o LEDGER.yaml is needed to import {file} (only .docx and .pdf documents are"
                " listed without it)",
                file=others[0],
            )
        )
    status = EXIT_OK
    for path in paths:
        tables, problems = read_document(path)
        if problems:
            sys.stderr.write(render_problems_text(problems, {}))
            status = EXIT_USAGE
            continue
        sys.stdout.write(
            _n(
                "{file}: {count} table",
                "{file}: {count} tables",
                len(tables),
                file=visible(path, one_line=True),
                count=len(tables),
            )
            + "\n"
        )
        sys.stdout.write("".join(f"  {describe_table(table)}\n" for table in tables))
    if status == EXIT_OK:
        sys.stdout.write(
            _("import one with: bevilling import FILE --table N -o LEDGER.yaml") + "\n"
        )
    return status


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling import``."""
    parser.description = _(
        "Read appropriation tables (tab-separated text copied from a Word or PDF"
        " budget paper, CSV, the first sheet of an .xlsx workbook, or the tables chosen with"
        " --table from a .docx or .pdf document) and write them as a new ledger file. Several"
        " TABLE files become several tables of one ledger. Nothing is written when any row or"
        " header cannot be mapped. Without -o, the tables of .docx and .pdf documents are"
        " listed. See docs/interop.md."
    )
    parser.add_argument("tables", nargs="+", metavar=_("TABLE"), help=_("the table files to read"))
    parser.add_argument(
        "-o",
        "--output",
        metavar=_("LEDGER.yaml"),
        help=_(
            "the ledger file to write (refused if it exists, unless --force);"
            " - writes it to standard output; without it, the tables of .docx and .pdf"
            " documents are listed"
        ),
    )
    parser.add_argument(
        "--table",
        action="append",
        default=[],
        type=_table_numbers,
        metavar="N",
        help=_(
            "the table to read from a .docx or .pdf document, by its number in the listing"
            " (repeat, or 2,3, for several)"
        ),
    )
    parser.add_argument("--force", action="store_true", help=_("overwrite an existing output file"))
    parser.add_argument(
        "--name",
        action="append",
        default=[],
        metavar=_("CAPTION"),
        help=_("the printed caption of each TABLE file, in order (repeat)"),
    )
    parser.add_argument(
        "--category",
        action="append",
        default=[],
        choices=["driftsmidler", "indsatsmidler", "særindsatser"],
        help=_(
            "the category of each table, in order (one applies to all);"
            " by default told from the caption or the total line"
        ),
    )
    parser.add_argument(
        "--id-prefix",
        action="append",
        default=[],
        metavar=_("PREFIX"),
        help=_("give rows ids PREFIX01, PREFIX02, … (one per table, in order)"),
    )
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar=_("COLUMN=FIELD"),
        help=_("map a column (header text or number) to a field, or to - to leave it out (repeat)"),
    )
    parser.add_argument(
        "--title",
        metavar=_("TITLE"),
        help=_("the ledger's title (default: the first caption)"),
    )
    parser.add_argument(
        "--document",
        metavar=_("DOCUMENT"),
        help=_("the source document (default: the file names)"),
    )
    parser.add_argument(
        "--unit",
        choices=["1000 DKK", "DKK", "mio DKK"],
        help=_("the unit, when the headers do not say it"),
    )
    parser.add_argument(
        "--phase",
        choices=["approved", "proposed"],
        default="approved",
        help=_("approved money (default) or a proposal (a budget note)"),
    )
    parser.add_argument(
        "--price-level",
        type=year_type,
        metavar=_("YEAR"),
        help=_("the price level (p/l), when the headers do not say it"),
    )
    parser.add_argument(
        "--expires",
        type=_expiry,
        metavar=_("YEAR|open|declining"),
        help=_("the expiry of rows in tables without an Udløb column"),
    )
    parser.add_argument(
        "--include-hidden",
        action="store_true",
        help=_(
            "read the rows and columns hidden in a workbook's sheet (by default they are left"
            " out, as the printed table does not show them)"
        ),
    )
    fill = parser.add_mutually_exclusive_group()
    fill.add_argument(
        "--fill-down",
        action="append",
        default=[],
        type=_fill_down,
        metavar=_("FIELDS"),
        help=_(
            "the text fields whose empty cells take the value above them (cells merged in the"
            " source), comma-separated or repeated, instead of the default"
            " target_group,organisation,source,committee; e.g. target_group,description for a"
            " column such as Tabel 8's Tilbudstype mapped to description"
        ),
    )
    fill.add_argument(
        "--no-fill-down",
        action="store_true",
        help=_("read every empty cell as empty (fill nothing down)"),
    )
    parser.add_argument(
        "--rounded-to",
        type=_rounding,
        metavar=_("AMOUNT"),
        help=_(
            "the rounding of the printed figures, in the table's unit (0,1 or 0.1 for mio. kr."
            " with one decimal), written as rounded_to of the ledger and every table: totals"
            " may then differ from their rows by rounding"
        ),
    )
    spending = parser.add_argument_group(_("spending exports (--spending)"))
    spending.add_argument(
        "--spending",
        action="store_true",
        help=_("the files are spending exports: write a spending file (bevilling-spending/1)"),
    )
    spending.add_argument(
        "--year",
        type=year_type,
        metavar=_("YEAR"),
        help=_("the year of rows without a year column"),
    )
    spending.add_argument(
        "--months",
        type=_months,
        metavar=_("M-M"),
        help=_("the months of rows without a months column"),
    )
    spending.add_argument(
        "--source",
        metavar=_("SOURCE"),
        help=_("where the figures come from (default: the files)"),
    )
    spending.add_argument(
        "--ledgers",
        action="append",
        default=[],
        metavar=_("PATH"),
        help=_("the ledgers whose function codes map rows to appropriations (default: ledger/)"),
    )
    add_locale(parser)
    parser.set_defaults(run=run, command="import")


def _months(text: str) -> tuple[int, int]:
    """``--months``: ``1-6`` or ``7``."""
    first, _sep, last = text.strip().partition("-")
    try:
        months = (int(first), int(last or first))
    except ValueError:
        months = (0, 0)
    if not 1 <= months[0] <= months[1] <= 12:
        raise argparse.ArgumentTypeError(
            _("{text} is not a month or a run of months (1-6)", text=repr(text))
        )
    return months


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling import``."""

    from bevilling.audit import render_problems_text
    from bevilling.core.model import Category, Phase, Unit
    from bevilling.core.text import visible
    from bevilling.i18n.formatting import count_phrase
    from bevilling.interop import ImportOptions, import_tables, parse_mapping
    from bevilling.read import load_string
    from bevilling.write import STDOUT, OutputExistsError, dump, same_content, write_output

    if args.output is None and not args.spending:
        return _list_tables(args.tables)
    if args.output is None:
        return error(_("--spending needs -o FILE (or -o - for standard output)"))
    to_stdout = args.output == STDOUT
    if not to_stdout and names_an_input(args.output, args.tables):
        return error(_("{path} is one of the input files; choose another output", path=args.output))
    if not to_stdout and os.path.lexists(args.output) and not args.force:
        return error(_("{path} exists; use --force to overwrite it", path=args.output))
    if args.spending:
        if args.fill_down or args.no_fill_down or args.rounded_to is not None:
            return error(
                _("--fill-down, --no-fill-down and --rounded-to apply to tables, not to --spending")
            )
        return _run_spending(args)
    try:
        mapping = parse_mapping(args.map)
    except ValueError as exc:
        return error(str(exc))
    fill_down: dict[str, tuple[str, ...]] = {}
    if args.no_fill_down:
        fill_down["fill_down"] = ()
    elif args.fill_down:
        named = (field for fields in args.fill_down for field in fields)
        fill_down["fill_down"] = tuple(dict.fromkeys(named))
    options = ImportOptions(
        **fill_down,
        rounded_to=args.rounded_to,
        output=args.output,
        title=args.title,
        document=args.document,
        unit=Unit(args.unit) if args.unit else None,
        phase=Phase(args.phase),
        price_level=args.price_level,
        names=tuple(args.name),
        categories=tuple(Category(c) for c in args.category),
        id_prefixes=tuple(args.id_prefix),
        mapping=mapping,
        expires=args.expires,
        tables=tuple(number for numbers in args.table for number in numbers),
        include_hidden=args.include_hidden,
    )
    result = import_tables(args.tables, options)
    if result.problems:
        sys.stderr.write(render_problems_text(result.problems, result.sources))
    if any(p.code in _EXIT_USAGE_CODES for p in result.problems):
        return EXIT_USAGE
    if not result.ok or result.ledger is None:
        sys.stderr.write(
            _(
                "bevilling: nothing written to {path}: fix the problems above",
                path=visible(args.output, one_line=True),
            )
            + "\n"
        )
        return EXIT_PROBLEMS
    comment = "\n".join(
        [
            _("Imported by `bevilling import` from {files}.", files=", ".join(args.tables)),
            *_read_as(result, args),
            *result.notes,
        ]
    )
    text = dump(result.ledger, comment=comment)
    back = load_string(text, args.output)
    if (
        back.problems or len(back.ledgers) != 1 or not same_content(back.ledgers[0], result.ledger)
    ):  # pragma: no cover - a bug in dump; never write a file that does not read back
        sys.stderr.write(render_problems_text(back.problems, back.sources))
        return error(_("internal error: the ledger does not read back as imported; not written"))
    try:
        write_output(args.output, text, force=args.force)
    except OutputExistsError as exc:
        return error(str(exc))
    except OSError as exc:
        from bevilling.read import os_reason

        return error(_("cannot write {path}: {reason}", path=args.output, reason=os_reason(exc)))
    tables = len(result.ledger.tables)
    rows = len(result.ledger.appropriations)
    # With `-o -` standard output is the ledger alone; the summary goes to stderr.
    (sys.stderr if to_stdout else sys.stdout).write(
        _(
            "wrote {path}: {appropriations} in {tables}",
            path=visible(args.output, one_line=True),
            appropriations=count_phrase(rows),
            tables=_n("{count} table", "{count} tables", tables, count=number(tables)),
        )
        + "\n"
    )
    return EXIT_OK


#: Warnings repeated in the written ledger's header comment (they decide how to read it).
_KEPT_IN_COMMENT = frozenset(
    {
        "import-caption-conflict",
        "import-header-conflict",
        "import-looks-like-total",
        "import-expires-under-year",
        "import-hidden-rows",
        "import-scaled-number",
    }
)


def _read_as(result: ImportResult, args: argparse.Namespace) -> list[str]:
    """The header comment's lines on how the figures and cells were read: the declared
    rounding, the cells filled down (or none, with ``--no-fill-down``), and the unit or price
    level an option chose where header and caption disagree, a last row that may be a total
    line, the rows --expires gave an expiry under a printed one, the hidden rows and columns
    of a workbook left out (or read) and the cells read as their number format divides them,
    for whoever reviews the ledger after the warnings have scrolled away."""
    from pathlib import PurePath

    from bevilling.i18n.formatting import format_amount, unit_abbreviation

    lines = []
    if args.rounded_to is not None and result.ledger is not None:
        lines.append(
            _(
                "The printed figures are rounded to {rounding} {unit} (--rounded-to): totals"
                " may differ from their rows by rounding.",
                rounding=format_amount(args.rounded_to),
                unit=unit_abbreviation(result.ledger.unit.value),
            )
        )
    if args.no_fill_down:
        lines.append(_("Empty cells were read as empty (--no-fill-down)."))
    lines.extend(
        _(
            "{file}: {finding} (--fill-down).",
            file=PurePath(p.location.file).name,
            finding=p.message,
        )
        for p in result.problems
        if p.code == "import-filled-down"
    )
    lines.extend(  # which of two contradicting texts --unit/--price-level followed; rows
        # that may be a total line or have taken --expires under a printed expiry
        _(  # "… som mio. kr." ends in its own full stop
            "{file}: {finding}.", file=PurePath(p.location.file).name, finding=p.message.rstrip(".")
        )
        for p in result.problems
        if p.code in _KEPT_IN_COMMENT
    )
    return lines


def _run_spending(args: argparse.Namespace) -> int:
    """``bevilling import --spending``: spending exports → a spending file, checked on the way."""
    from pathlib import PurePath

    from bevilling.audit import render_problems_text
    from bevilling.core.model import Unit
    from bevilling.core.text import visible
    from bevilling.interop import (
        SpendingOptions,
        import_spending_files,
        parse_spending_mapping,
        spending_text,
    )
    from bevilling.read import load, read_records
    from bevilling.write import STDOUT, OutputExistsError, write_output

    try:
        mapping = parse_spending_mapping(args.map)
    except ValueError as exc:
        return error(str(exc))
    ledgers = None
    paths = args.ledgers or (["ledger"] if os.path.isdir("ledger") else [])
    if paths:
        ledgers = load(paths)
        if not ledgers.valid:
            sys.stderr.write(render_problems_text(ledgers.problems, ledgers.sources))
            return error(_("the ledgers named by --ledgers have errors; fix them first"))
        read = _read_inputs(ledgers)
        if args.output != STDOUT and names_an_input(args.output, read):
            return error(
                _(
                    "{path} is read as an input (a ledger, change file or price index of"
                    " --ledgers): writing the spending there would destroy it; choose another"
                    " output",
                    path=visible(args.output, one_line=True),
                )
            )
    files = ", ".join(PurePath(path).name for path in args.tables)
    options = SpendingOptions(
        output=args.output,
        title=args.title,
        source=args.source,
        unit=Unit(args.unit) if args.unit else None,
        year=args.year,
        months=args.months,
        mapping=mapping,
        include_hidden=args.include_hidden,
    )
    result = import_spending_files(args.tables, options, ledgers)
    if result.problems:
        sys.stderr.write(render_problems_text(result.problems, result.sources))
    if any(p.code == "import-unreadable" for p in result.problems):
        return EXIT_USAGE
    if not result.ok or result.spending is None or result.unit is None:
        sys.stderr.write(
            "bevilling: "
            + _(
                "nothing written to {path}: fix the problems above",
                path=visible(args.output, one_line=True),
            )
            + "\n"
        )
        return EXIT_PROBLEMS
    text = spending_text(
        result.spending,
        result.unit,
        title=args.title or _("Spending ({files})", files=files),
        source=args.source or files,
        comment=_("Imported by `bevilling import --spending` from {files}.", files=files),
    )
    records, problems = read_records(text, args.output, "bevilling-spending/1")
    back = [] if records is None else [_figures(s) for s in records.spending]
    if problems or back != [_figures(s) for s in result.spending]:  # pragma: no cover - a bug
        return error(_("internal error: the spending does not read back as imported; not written"))
    try:
        write_output(args.output, text, force=args.force)
    except OutputExistsError as exc:
        return error(str(exc))
    except OSError as exc:
        from bevilling.read import os_reason

        return error(_("cannot write {path}: {reason}", path=args.output, reason=os_reason(exc)))
    count = len(result.spending)
    records_text = _n("{count} spending record", "{count} spending records", count, count=count)
    rows_text = _n("{count} row", "{count} rows", result.rows_read, count=result.rows_read)
    (sys.stderr if args.output == STDOUT else sys.stdout).write(
        _(
            "wrote {path}: {records} from {rows}",
            path=visible(args.output, one_line=True),
            records=records_text,
            rows=rows_text,
        )
        + "\n"
    )
    return EXIT_OK


def _read_inputs(ledgers: LedgerSet) -> list[str]:
    """The files of ``ledgers`` that the spending import reads as input: every ledger,
    change file and price index (not an earlier spending file, which a new export of the
    same spending replaces with ``--force``)."""
    from bevilling.read import SPENDING_FORMAT, record_format

    return [
        path for path, text in ledgers.sources.items() if record_format(text) != SPENDING_FORMAT
    ]


def _figures(spent: object) -> tuple[object, ...]:
    """What must read back: id, year, months, amount and unit (not the location)."""
    return tuple(
        getattr(spent, key) for key in ("appropriation", "year", "months", "amount", "unit")
    )
