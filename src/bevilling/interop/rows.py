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
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import attrs

from bevilling.core.model import Expiry, Profile
from bevilling.core.money import AmountSyntaxError
from bevilling.core.problems import Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.i18n.formatting import format_amount
from bevilling.interop.mapping import GROUPING_FIELDS, TEXT_FIELDS, YEAR, Header, without_units
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
    "EXPIRES_ABOVE",
    "NIL",
    "Row",
    "Total",
    "amount_value",
    "hidden_decimals",
    "is_breakdown_text",
    "is_plain_total",
    "is_total",
    "is_total_text",
    "not_an_amount",
    "read_row",
    "read_total",
    "total_words",
]

# Every pattern below runs on user text; each is linear (see docs/interop.md, "Untrusted
# inputs").  The words of a total line, as whole words (not "Summer", "SUM01", "Totalentreprise"):
# "I alt" (also "Ialt", "I alt, drift", "Udgifter til service i alt"), "Sum", "Total", "Totalt",
# "Hovedtotal", "Hovedsum", "Subtotal", "Deltotal", "Delsum", "Grand total"; literals around a
# single \s+, so linear.  The text is matched without footnote marks ("I alt¹", "I alt*"):
# :func:`_unmarked`.
_TOTAL = re.compile(
    r"(?<!\w)(?:i\s+alt|ialt|sum|total|totalt|totaler|totalsum|hovedtotal|hovedsum|subtotal"
    r"|deltotal|delsum|grand\s+total)(?!\w)",
    re.IGNORECASE,
)
# "Samlet" is a total only as the whole label ("Samlet", "Samlet:"), not "Samlet indsats".
_SAMLET = re.compile(r"\W*samlet\W*\Z", re.IGNORECASE)
# A breakdown of the line above ("Heraf løn", "Deraf overført fra 2015", "Herunder JKI", "Of
# which"): its money is part of that line, never an appropriation of its own.
_BREAKDOWN = re.compile(
    r"\W*(?:heraf|deraf|hvoraf|herunder|derunder|heriblandt|of\s+which)(?!\w)", re.IGNORECASE
)
# Runs of letters, and the words of a unit that a bare total label may carry.
_LETTERS = re.compile(r"[^\W\d_]+")
_UNIT_WORDS = frozenset({"i", "kr", "t", "tkr", "mio", "tusinder", "tusind"})
# Footnote marks a PDF or Word copy leaves on a label: superscript digits, *, †, ‡.
_MARKS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹*†‡]")
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
    if cell.number_format is not None:
        problems.append(not_an_amount(cell, file, line.line, column))
        return None
    try:
        value = amount_value(cell)
        if value is not None and cell.places is not None:
            hidden = hidden_decimals(value, cell.places, file, line.line, column)
            if hidden is not None:
                problems.append(hidden)
        return value
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


def not_an_amount(cell: Cell, file: str, line: int, column: str) -> Problem:
    """``import-bad-number`` for a workbook number that its number format shows as a
    percentage (0,25 shown as 25 %), a date, or by conditions that leave open how: never
    read as an amount (it would be a wrong figure: 0,25 t.kr. for 25 %)."""
    from bevilling.core.text import visible
    from bevilling.interop.read_xlsx import number_shown

    kind = number_shown(cell.number_format).kind
    values = {
        "column": repr(visible(column, one_line=True)[:60]),
        "value": repr(visible(cell.text, one_line=True)[:40]),
        "format": visible(cell.number_format or "", one_line=True)[:60],
    }
    if kind == "percent":
        message = _(
            "{column} holds {value}, which the sheet shows as a percentage (number format"
            " {format}): a percentage is not an amount",
            **values,
        )
    elif kind == "unsure":
        message = _(
            "{column} holds {value}, and its number format {format} shows it one way or"
            " another by conditions: the figure the sheet shows cannot be told",
            **values,
        )
    else:
        message = _(
            "{column} holds {value}, which the sheet shows as a date or a time (number format"
            " {format}): a date is not an amount",
            **values,
        )
    hint = _(
        "if the cell is an amount, give it a plain number format in the workbook (such as"
        " #,##0) and import again; if the column holds no amounts, map it elsewhere with --map"
    )
    return import_problem("import-bad-number", file, line, message, hint)


def hidden_decimals(
    value: Decimal, places: int, file: str, line: int, column: str
) -> Problem | None:
    """``import-hidden-decimals`` when a workbook cell holds more decimals than its number
    format shows (1199,6 shown as 1.200): the import reads the value the cell holds, which no
    printed copy of the sheet shows."""
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int) or -exponent <= places:
        return None
    from bevilling.core.text import visible

    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    values = {
        "column": repr(visible(column, one_line=True)[:60]),
        "shown": format_amount(shown, places=places),
        "value": format_amount(value),
    }
    return import_problem(
        "import-hidden-decimals",
        file,
        line,
        _(
            "the cell of {column} shows {shown}, but holds {value} (its number format hides"
            " decimals): {value} is imported",
            **values,
        ),
        _(
            "if the printed table says {shown}, type {shown} into the cell (or round it in the"
            " workbook) and import again; if {value} is right, keep it (the source then differs"
            " from the sheet as printed)",
            **values,
        ),
        severity=Severity.WARNING,
    )


def is_total(line: RawLine, header: Header) -> str | None:
    """The label of a total line ("I alt i tusinder"), or None for any other line.

    The first text of the line names a total (:func:`is_total_text`) and no other text column
    holds anything but the expiry: a line with a target group or a description of its own is
    a row.  A paper may print the year on its total line too, but a row whose title merely
    contains a total word has an expiry as well, so with an expiry the label must be a bare
    total ("I alt", "Total", "Sum (1.000 kr.)"; not "Total renovering").
    """
    texts = [(i, c.text) for i, c in enumerate(line.cells) if c.text]
    if not texts or not is_total_text(texts[0][1]):
        return None
    expires = header.field_column("expires")
    if any(i in header.words and i != expires for i, _ in texts[1:]):
        return None
    if any(i == expires for i, _ in texts[1:]) and not _bare(texts[0][1]):
        return None  # "Total renovering | 500 | 2016": a row whose title says "total"
    return texts[0][1]


def is_plain_total(label: str) -> bool:
    """True when a total label cannot be an appropriation's title: it says nothing but that it
    is a total (its unit or year aside: "I alt", "Subtotal", "Sum (1.000 kr.)"), it ends in
    its total word ("Udgifter til service i alt", "Drift, total") or it begins "I alt" ("I
    alt, drift").  A label whose total word is followed by other words ("Total renovering",
    "Totalt rygeforbud", "Hovedsum til skoler", "Subtotal drift") may be a title: the import
    takes it for a total only when its figures are the sum of the rows it would close.

    >>> [is_plain_total(t) for t in ("Total", "Service i alt", "I alt, drift", "Total renovering")]
    [True, True, True, False]
    """
    if _bare(label):
        return True
    text = " ".join(_unmarked(label).split())
    found = list(_TOTAL.finditer(text))
    if not found:
        return _SAMLET.match(text) is not None
    after = _LETTERS.findall(without_units(text[found[-1].end() :]))
    if all(word in _UNIT_WORDS for word in after):
        return True  # "Udgifter til service i alt (1.000 kr.)", "Total (mill. kr., 2016-pl)"
    first = found[0]
    lead = "".join(first.group().split()).casefold()
    return lead == "ialt" and not _LETTERS.search(text[: first.start()])


def _bare(label: str) -> bool:
    """True when a total label says nothing but that it is a total (and its unit or year):
    "I alt", "Total", "I alt (1.000 kr.)", "Sum 2016", not "Total renovering"."""
    words = _LETTERS.findall(total_words(label).casefold())
    return all(word in _UNIT_WORDS for word in words)


def _unmarked(text: str) -> str:
    """``text`` without footnote marks ("I alt¹" → "I alt"), cut to a label's length."""
    text = text[:500]
    return text if _MARKS.search(text) is None else _MARKS.sub("", text)


def is_total_text(text: str) -> bool:
    """True when ``text`` names a total: "I alt" ("Ialt", "I alt, drift", "Udgifter til
    service i alt", "I alt¹"), "Sum", "Total", "Totalt", "Hovedtotal", "Hovedsum",
    "Subtotal", "Deltotal", "Delsum", "Samlet".

    The one vocabulary of totals of the table import and the spending import.  A breakdown
    ("Heraf i alt til løn") is not a total (:func:`is_breakdown_text`).

    >>> [is_total_text(t) for t in ("I alt, drift", "Totalt", "Sum", "Summer", "Samlet indsats")]
    [True, True, True, False, False]
    """
    unmarked = _unmarked(text)
    if _BREAKDOWN.match(unmarked):
        return False
    return _TOTAL.search(unmarked) is not None or _SAMLET.match(unmarked) is not None


def is_breakdown_text(text: str) -> bool:
    """True when ``text`` begins a breakdown of the line above: "Heraf løn", "Deraf …",
    "Hvoraf …", "Herunder …", "Of which …" (its money is counted in that line).

    >>> is_breakdown_text("Heraf til JKI"), is_breakdown_text("Herning")
    (True, False)
    """
    return _BREAKDOWN.match(_unmarked(text)) is not None


def total_words(label: str) -> str:
    """The words of a total label beside its total words and marks ("Udgifter til service i
    alt" → "Udgifter til service", "I alt, drift" → "drift")."""
    words = _TOTAL.sub(" ", _unmarked(label))
    if _SAMLET.match(words):
        return ""
    return " ".join(words.split()).strip(" ,.:;-–—")


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
    printed = _text(_cell(line, header.field_column("expires")))
    earlier = above.get(EXPIRES_ABOVE)
    expiry = _expiry(line, header, file, expires, profile=profile, problems=found, earlier=earlier)
    if printed:
        above[EXPIRES_ABOVE] = printed
    elif (
        earlier is not None
        and expires is not None
        and expiry == expires
        and profile is None
        and _printed_expiry(earlier) != expires
    ):
        filled.append("expires")  # --expires under a printed Udløb: a merged cell?
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
    if found:  # warnings (hidden decimals) are said; errors leave the row out
        problems.extend(p for p in found if p.severity is not Severity.ERROR)
        found = [p for p in found if p.severity is Severity.ERROR]
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


#: The key of ``above`` (:func:`read_row`) that holds the last Udløb printed in the part.
EXPIRES_ABOVE = "expires"


def _printed_expiry(text: str) -> Expiry | None:
    """The expiry an Udløb cell's text states (a year or a phrase), or None."""
    text = " ".join(text.split())
    if YEAR.match(text):
        return Expiry.in_year(int(text))
    return _EXPIRY_PHRASES.get(text.casefold())


def _expiry(
    line: RawLine,
    header: Header,
    file: str,
    expires: Expiry | None,
    *,
    profile: Profile | None,
    problems: list[Problem],
    earlier: str | None = None,
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
    hint = _("give the expiry of such rows with --expires YEAR (or open, declining)")
    if index is None:
        message = _("the row has no expiry: the table has no Udløb column")
    elif earlier is not None:
        from bevilling.core.text import visible

        message = _(
            "the row has no expiry: the Udløb cell is empty, under {text} on a row above (one"
            " cell merged over a group of rows?)",
            text=repr(visible(earlier, one_line=True)[:40]),
        )
        hint = _(
            "type the expiry into the empty Udløb cells (the year printed above them, if the"
            " cell is merged over the group); --expires gives every such row the same expiry,"
            " whatever is printed above it"
        )
    else:
        message = _("the row has no expiry: the Udløb cell is empty")
    problems.append(import_problem("import-missing-value", file, line.line, message, hint))
    return None
