"""From the lines under a header to rows and totals: amounts, expiries, text fields.

:func:`read_row` reads one line as a :class:`Row` (title, amount, expiry, profile, text fields;
an empty grouping cell takes the value above it, see :mod:`bevilling.interop.layout`) and
:func:`read_total` an "I alt" line as a :class:`Total`.  Every cell that cannot be read is a
problem with its line and a hint; nothing is guessed.

Amounts are read strictly in Danish notation (``5.190``, ``18,3``, ``-1.200``), by the parser
the loader uses for ``number_format: da`` ledgers; the common well-formed shapes take a fast
path that gives the same value without babel.  Amounts outside the range every ledger keeps
(:data:`~bevilling.interop.tables.MAX_AMOUNT_INTEGER_DIGITS`) are refused before any
arithmetic, and text of thousands of digits is never handed to a parser.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, MutableMapping
from decimal import Decimal, InvalidOperation

import attrs

from bevilling.core.model import Expiry, Profile
from bevilling.core.money import AmountSyntaxError
from bevilling.core.problems import Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.i18n.formatting import format_amount
from bevilling.interop.mapping import GROUPING_FIELDS, TEXT_FIELDS, YEAR, Header
from bevilling.interop.tables import (
    MAX_AMOUNT_INTEGER_DIGITS,
    MAX_AMOUNT_PLACES,
    Cell,
    RawLine,
    amount_out_of_range,
    clean,
    import_problem,
)

_, _n = catalog(__name__)

__all__ = [
    "NIL",
    "Row",
    "Total",
    "amount_value",
    "is_total",
    "is_total_text",
    "read_row",
    "read_total",
    "total_words",
]

# Every pattern below runs on user text; each is linear (see docs/interop.md, "Untrusted
# inputs").  "I alt", "Sum": a single \s+ between literals.
_TOTAL = re.compile(r"(?:^|\s)(?:i\s+alt|sum)(?:\s|$)", re.IGNORECASE)
# Danish notation in its common well-formed shapes: read without babel (same value).
# ("1,000" is left to the parser, which refuses it as ambiguous: English thousands or 1,0?)
_FAST_DANISH = re.compile(r"-?(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})*)(?:,[0-9]+)?\Z")
_LOOKS_ENGLISH = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+\Z")
_NUMBER_CHARS = frozenset("0123456789.,-+ ")
#: Longer amount text is refused as out of range without being parsed.
_MAX_AMOUNT_TEXT = 2 * (MAX_AMOUNT_INTEGER_DIGITS + MAX_AMOUNT_PLACES)
NIL = frozenset({"", "-", "–", "—"})
_EXPIRY_PHRASES = {
    "udløb ikke fastsat": Expiry.open(),
    "ikke fastsat": Expiry.open(),
    "faldende profil": Expiry.declining(),
    # as an English export writes them (and the ledger format's own words)
    "open expiry": Expiry.open(),
    "open": Expiry.open(),
    "declining profile": Expiry.declining(),
    "declining": Expiry.declining(),
}


@attrs.frozen
class Row:
    """One appropriation row read from a line."""

    line: int
    """The row's line in the input."""
    title: str
    """The title cell."""
    amount: Decimal
    """The amount (the profile's total when only year columns are given)."""
    expiry: Expiry
    """The expiry (the Udløb cell, the last funded year, or --expires)."""
    profile: Profile | None
    """The amounts by year, from year columns."""
    texts: Mapping[str, str]
    """The text fields (target_group, organisation, …) that have a value."""


@attrs.frozen
class Total:
    """A total line ("I alt", "Sum")."""

    line: int
    """The total's line in the input."""
    label: str
    """Its label ("I alt i tusinder")."""
    amount: Decimal | None
    """The printed total of the amount column."""
    years: Profile | None
    """The printed totals of the year columns."""


def _cell(line: RawLine, index: int | None) -> Cell:
    if index is None or index >= len(line.cells):
        return Cell("")
    return line.cells[index]


def _text(cell: Cell) -> str:
    """A text cell's text: its own, or, for an empty cell merged with the one above it (one
    cell over several rows in a Word or PDF table), that cell's (never for an amount)."""
    if not cell.text and cell.merged_from is not None:
        return clean(cell.merged_from)
    return cell.text


class _OutOfRangeError(ValueError):
    """An amount beyond the range bevilling accepts."""


def amount_value(cell: Cell) -> Decimal | None:
    """The value of an amount cell (None when printed empty or '-').

    Raises :class:`~bevilling.core.money.AmountSyntaxError` for text that is not a Danish
    number and ``ValueError`` for a value out of range.
    """
    if cell.number is not None:
        value = cell.number
    else:
        text = cell.text
        if text in NIL:
            return None
        if _FAST_DANISH.match(text) and not _LOOKS_ENGLISH.match(text):
            value = Decimal(text.replace(".", "").replace(",", "."))
        elif len(text) > _MAX_AMOUNT_TEXT and set(text) <= _NUMBER_CHARS:
            raise _OutOfRangeError(text)  # never hand thousands of digits to a parser
        else:
            from bevilling.i18n.formatting import parse_danish

            try:
                value = parse_danish(text)
            except (InvalidOperation, OverflowError, ValueError) as error:
                if isinstance(error, AmountSyntaxError):
                    raise
                raise AmountSyntaxError(str(error), code="bad-number", hint="") from None
    if amount_out_of_range(value):
        raise _OutOfRangeError(str(value))
    return value


def _number(
    line: RawLine, index: int | None, header: Header, file: str, problems: list[Problem]
) -> Decimal | None:
    cell = _cell(line, index)
    column = header.texts[index] if index is not None and index < len(header.texts) else ""
    try:
        return amount_value(cell)
    except AmountSyntaxError as error:
        text = cell.text
        if error.code == "ambiguous-number":
            whole = text.replace(",", "")
            if text.count(",") == 1:
                message = _(
                    "{column} is {text}, which is ambiguous: {whole} with an English thousands"
                    " comma, or {fraction} with a Danish decimal comma",
                    column=repr(column),
                    text=repr(text),
                    whole=whole,
                    fraction=format_amount(Decimal(text.replace(",", ".")).normalize()),
                )
            else:
                message = _(
                    "{column} is {text}, which puts commas between thousands, as English does",
                    column=repr(column),
                    text=repr(text),
                )
            hint = _(
                "tables are read in Danish notation: correct the cell to '{grouped}' if it"
                " means {whole}",
                grouped=text.replace(",", "."),
                whole=whole,
            )
        else:
            message = _(
                "{column} is {text}, which is not a number in Danish notation",
                column=repr(column),
                text=repr(text),
            )
            hint = _(
                "tables are read in Danish notation ('5.190', '18,3', '-1.200'; '-' or an"
                " empty cell for no amount): correct the cell, or map the column elsewhere"
                " with --map"
            )
        problems.append(import_problem("import-bad-number", file, line.line, message, hint))
    except _OutOfRangeError:
        if len(cell.text) <= 40:
            shown = repr(cell.text)
        else:
            shown = _(
                "{start}…({count} characters)",
                start=repr(cell.text[:20]),
                count=format_amount(Decimal(len(cell.text))),
            )
        message = _(
            "{column} is {text}, beyond the amounts bevilling accepts (at most {digits} digits"
            " before the decimal sign and {places} after it)",
            column=repr(column),
            text=shown,
            digits=MAX_AMOUNT_INTEGER_DIGITS,
            places=MAX_AMOUNT_PLACES,
        )
        hint = _("check the cell against the source; a figure this size is a slip or not an amount")
        problems.append(
            import_problem("import-amount-out-of-range", file, line.line, message, hint)
        )
    return None


def is_total(line: RawLine, header: Header) -> str | None:
    """The label of a total line ("I alt i tusinder"), or None for any other line."""
    texts = [(i, c.text) for i, c in enumerate(line.cells) if c.text]
    if not texts or not _TOTAL.search(texts[0][1]):
        return None
    if not any(i in header.words for i, _ in texts[1:]):
        return texts[0][1]
    return None


def is_total_text(text: str) -> bool:
    """True when ``text`` names a total ("I alt", "Sum", "Udgifter til service i alt")."""
    return _TOTAL.search(text) is not None


def total_words(label: str) -> str:
    """The words of a total label beside "i alt"/"sum" ("Udgifter til service i alt" →
    "Udgifter til service")."""
    return " ".join(_TOTAL.sub(" ", label).split())


def read_total(
    line: RawLine, label: str, header: Header, file: str, problems: list[Problem]
) -> Total:
    """The total line's printed figures."""
    amount = _number(line, header.field_column("amount"), header, file, problems)
    years = {}
    for year, index in header.years:
        value = _number(line, index, header, file, problems)
        if value is not None:
            years[year] = value
    return Total(line.line, label, amount, Profile.of(years) if years else None)


def read_row(
    line: RawLine,
    header: Header,
    file: str,
    *,
    expires: Expiry | None,
    above: MutableMapping[str, str],
    problems: list[Problem],
    grouping: Collection[str] = GROUPING_FIELDS,
) -> tuple[Row | None, tuple[str, ...]]:
    """The row on ``line`` (None when it has errors or no amount) and the ``grouping`` fields
    it took from ``above``, the values of the grouping columns on the lines above in the same
    part (updated here with this line's)."""
    found: list[Problem] = []
    texts: dict[str, str] = {}
    filled: list[str] = []
    for column in header.columns:
        text = _text(_cell(line, column.index))
        if column.field is None and text:
            found.append(
                import_problem(
                    "import-extra-cell",
                    file,
                    line.line,
                    _(
                        "column {number} has {text} but no header",
                        number=column.index + 1,
                        text=repr(text),
                    ),
                    _(
                        "map the column by number: --map '{number}=FIELD', or --map"
                        " '{number}=-' to leave it out",
                        number=column.index + 1,
                    ),
                )
            )
        if column.field in grouping and column.field in TEXT_FIELDS:
            if text:
                above[column.field] = text
            elif column.field in above:
                text = above[column.field]
                filled.append(column.field)
        if column.field in TEXT_FIELDS and text:
            texts[column.field] = text
    for index in range(len(header.columns), len(line.cells)):
        text = line.cells[index].text
        if text:
            found.append(
                import_problem(
                    "import-extra-cell",
                    file,
                    line.line,
                    _(
                        "column {number} has {text}, beyond the header's {count} columns",
                        number=index + 1,
                        text=repr(text),
                        count=len(header.columns),
                    ),
                    _("check that the row was copied whole (a tab inside a cell splits it)"),
                )
            )
    title = _text(_cell(line, header.field_column("title")))
    amount = _number(line, header.field_column("amount"), header, file, found)
    years: dict[int, Decimal] = {}
    for year, index in header.years:
        value = _number(line, index, header, file, found)
        if value is not None:
            years[year] = value
    profile = Profile.of(years) if years else None
    expiry = _expiry(line, header, file, expires, profile=profile, problems=found)
    if not title:
        found.append(
            import_problem(
                "import-missing-value",
                file,
                line.line,
                _("the row has no title"),
                _("every row needs its Formål/overskrift; if the line is a heading, remove it"),
            )
        )
    if not found and amount is None and profile is None:
        problems.append(
            import_problem(
                "import-skipped-row",
                file,
                line.line,
                _(
                    "the row {title} has no amount (printed empty or '-'): left out",
                    title=repr(title),
                ),
                _("transcribe it by hand if it is an appropriation"),
                severity=Severity.WARNING,
            )
        )
        return None, ()
    problems.extend(found)
    if found or expiry is None:
        return None, ()
    if amount is None:
        amount = profile.total if profile is not None else Decimal(0)
    return Row(line.line, title, amount, expiry, profile, texts), tuple(filled)


def _expiry(
    line: RawLine,
    header: Header,
    file: str,
    expires: Expiry | None,
    *,
    profile: Profile | None,
    problems: list[Problem],
) -> Expiry | None:
    index = header.field_column("expires")
    cell = _cell(line, index)
    text = " ".join(_text(cell).split())
    if (
        cell.number is not None
        and not amount_out_of_range(cell.number)
        and cell.number == cell.number.to_integral_value()
    ):
        text = str(int(cell.number))
    if text:
        if YEAR.match(text):
            return Expiry.in_year(int(text))
        phrase = _EXPIRY_PHRASES.get(text.casefold())
        if phrase is not None:
            return phrase
        shown = cell.text if len(cell.text) <= 60 else f"{text[:40]}…"
        problems.append(
            import_problem(
                "import-bad-expiry",
                file,
                line.line,
                _(
                    "Udløb is {text}, which is not a year, 'Udløb ikke fastsat' or"
                    " 'Faldende profil'",
                    text=repr(shown),
                ),
                _("fix the cell, or leave the column out (--map 'Udløb=-') and give --expires"),
            )
        )
        return None
    if profile is not None:
        last = profile.last_funded_year
        if last is not None:
            return Expiry.in_year(last)
    if expires is not None:
        return expires
    message = (
        _("the row has no expiry: the Udløb cell is empty")
        if index is not None
        else _("the row has no expiry: the table has no Udløb column")
    )
    problems.append(
        import_problem(
            "import-missing-value",
            file,
            line.line,
            message,
            _("give the expiry of such rows with --expires YEAR (or open, declining)"),
        )
    )
    return None
