"""The raw grid of an imported table: lines of cells, markup cleaning, and the import's codes.

Every reader (:mod:`~bevilling.interop.read_text` for tab-separated text and CSV,
:mod:`~bevilling.interop.read_xlsx` for workbooks) turns its input into :class:`RawLine` values;
:mod:`~bevilling.interop.mapping` and :mod:`~bevilling.interop.layout` read ledger rows from
them.  This module imports nothing of the interop package, so every other module may import it.

The input is untrusted (a file mailed by someone else).  Everything here runs in time linear in
the length of the text: no regular expression with nested or adjacent unbounded repeats over
the same characters (see ``docs/interop.md``, "Untrusted inputs").
"""

from __future__ import annotations

import html
import re
from decimal import Decimal

import attrs

from bevilling.core.money import (
    MAX_DECIMALS,
    MAX_INTEGER_DIGITS,
    AmountSyntaxError,
    check_amount_range,
)
from bevilling.core.problems import Location, Problem, Severity

__all__ = [
    "IMPORT_CODES",
    "MAX_AMOUNT_INTEGER_DIGITS",
    "MAX_AMOUNT_PLACES",
    "Cell",
    "RawLine",
    "amount_out_of_range",
    "clean",
    "footnote",
    "import_problem",
]

#: Every code the importer reports, with a one-line description (each is in docs/interop.md).
IMPORT_CODES: dict[str, str] = {
    "import-unreadable": "an input file cannot be read (missing, not UTF-8, not a workbook)",
    "import-formula-without-value": (
        "a workbook cell holds a formula but no stored value (nothing computed it)"
    ),
    "import-malformed": "a CSV file is not well formed (an unclosed quote, a 128 KiB cell)",
    "import-unknown-column": "a header names a column that maps to no ledger field",
    "import-duplicate-column": "two columns map to the same field",
    "import-missing-column": "the header has no column for a field every row needs",
    "import-bad-number": (
        "a cell that holds an amount is not a Danish number (or is a workbook number shown as"
        " a percentage or a date)"
    ),
    "import-amount-out-of-range": "an amount is larger or more precise than bevilling accepts",
    "import-bad-expiry": "an Udløb cell is not a year, 'Udløb ikke fastsat' or 'Faldende profil'",
    "import-missing-value": "a row has no title, amount or expiry",
    "import-extra-cell": "a row has text in a column without a header",
    "import-no-category": "the category of a table cannot be told from the input",
    "import-no-unit": (
        "the unit of the amounts cannot be told from the input, or one table states no unit"
        " beside tables that state one"
    ),
    "import-no-price-level": (
        "one table states no price level beside tables that state one (--price-level says it"
        " is the same)"
    ),
    "import-caption-conflict": (
        "the header and the caption state different units or price levels (a warning when"
        " --unit or --price-level says which is right)"
    ),
    "import-header-conflict": (
        "two columns of a header, or the lines above it, state different units or price"
        " levels, or one of them states two, or the tables of one import state different price"
        " levels (a warning when --unit or --price-level says which is right)"
    ),
    "import-options": (
        "an option (--name, --category, --id-prefix, --fill-down, --rounded-to) does not fit"
        " the tables, or --unit/--price-level contradicts what a header or caption states"
    ),
    "import-skipped-row": (
        "a row without any amount ('-'), or a breakdown line ('Heraf …') of the line above,"
        " was left out (warning)"
    ),
    "import-looks-like-total": (
        "the last row of a table without a total line is the sum of the rows above it: a"
        " total line whose label was not recognised? (warning)"
    ),
    "import-filled-down": "empty cells of a grouping column took the value above (warning)",
    "import-expires-under-year": (
        "--expires filled empty Udløb cells under a cell that prints another expiry (a cell"
        " merged over a group?) (warning)"
    ),
    "import-rounding": "a printed total differs from its rows by undeclared rounding (warning)",
    "import-total-mismatch": (
        "a printed total differs from its rows: `check` will fail (warning); the total line of"
        " a spending export differs from its rows (error)"
    ),
    "import-hidden-decimals": (
        "a workbook cell holds more decimals than its number format shows (1199,6 shown as"
        " 1.200); the value held is imported (warning)"
    ),
    "import-scaled-number": (
        "workbook cells whose number format divides the value held (#,##0, shows 1200000 as"
        " 1.200): the figures shown are read (warning)"
    ),
    "import-hidden-rows": (
        "rows or columns hidden in the workbook sheet were left out, or read with"
        " --include-hidden; hidden sheets before the first one shown were passed over (warning)"
    ),
    "import-exported-workbook": (
        "the workbook was written by `bevilling export`: read its ledgers, not the workbook"
    ),
    "import-empty": "the input holds no table, or a header without any row",
    "import-bad-value": "a year or months cell of a spending export cannot be read",
    "import-unmapped-row": (
        "a spending row's id or function code names no appropriation of the ledgers"
        " (a function code: or several)"
    ),
    "import-no-tables": "a .docx or .pdf document holds no table that can be read",
    "import-ambiguous-table": "a document holds several tables and --table does not choose",
    "import-encrypted": "a document is protected by a password",
    "import-no-text": "a PDF has no text layer (its pages are images, as a scan is)",
    "import-missing-extra": "reading a .docx or .pdf needs an extra: bevilling[docx], [pdf]",
    "import-tracked-changes": (
        "a Word table holds tracked changes not yet accepted or rejected (neither version can"
        " be read)"
    ),
}

#: The amounts bevilling accepts, as the loader accepts them (:mod:`bevilling.core.money`): at
#: most this many digits before the decimal sign ...
MAX_AMOUNT_INTEGER_DIGITS = MAX_INTEGER_DIGITS
#: ... and at most this many decimals.
MAX_AMOUNT_PLACES = MAX_DECIMALS


def amount_out_of_range(value: Decimal) -> bool:
    """True when the loader would refuse ``value`` as out of range (or it is not finite).

    >>> amount_out_of_range(Decimal("271.1")), amount_out_of_range(Decimal("1E+300"))
    (False, True)
    """
    try:
        check_amount_range(value, str(value)[:50])
    except AmountSyntaxError:
        return True
    return False


@attrs.frozen
class Cell:
    """One cell of an input line: its raw text and, for a spreadsheet number, its value."""

    raw: str
    """The text as read (markup and all)."""
    number: Decimal | None = None
    """The value of a numeric spreadsheet cell."""
    places: int | None = None
    """For a numeric workbook cell, the decimals its number format shows (``#,##0``: 0); None
    when it shows the value as it is (General) or differently (a percent, a date, a scaling
    comma)."""
    scale: int = 0
    """For a numeric workbook cell, the thousands its number format divides the value held
    by (``#,##0,``: 1); :attr:`number` is the value divided, the figure the sheet shows."""
    number_format: str | None = None
    """For a workbook number shown as a percentage or a date (or by a format whose
    conditions leave it open): that format; such a cell has no :attr:`number`, it is never an
    amount."""
    merged_from: str | None = None
    """The text of the cell above that this one continues, when the input says that they are
    one cell merged over rows (a Word or PDF table): read where no money can be counted twice
    (text fields, the title, the expiry), never as an amount."""
    text: str = attrs.field(init=False, eq=False, repr=False)
    """The text without markup (:func:`clean`), made once."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "text", clean(self.raw))


@attrs.frozen
class RawLine:
    """One line (row) of an input, with its 1-based line number in the file."""

    line: int
    """The line (text, CSV: the first line of a record) or row (xlsx) number."""
    cells: tuple[Cell, ...]
    """The cells, in column order."""


_SUP_OPEN = re.compile(r"<sup>", re.IGNORECASE)
_SUP_CLOSE = re.compile(r"</sup>", re.IGNORECASE)
# A tag: '<', a letter, anything but angle brackets, '>'.  Linear: each scan stops at the next
# '<' or '>', so no character is scanned by two attempts.
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
# Numeric character references beyond Unicode (8 or more significant decimal digits, 7 hex)
# become U+FFFD, as html.unescape makes them, but without its int() of thousands of digits
# (refused above 4 300); leading zeros are dropped first (the same value).
_CHARREF_ZEROS = re.compile(r"&#0+(?=[0-9])|&#([xX])0+(?=[0-9a-fA-F])")
_HUGE_CHARREF = re.compile(r"&#(?:[1-9][0-9]{7,}|[xX][1-9a-fA-F][0-9a-fA-F]{6,});?")
_LINE_BREAKS = ("\r\n", "\n", "\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
# Any character that makes a cell more than its stripped text (one C-level scan).
_SPECIAL = re.compile("[<&\r\n\u2028\u2029\x85\x0b\x0c]")


def _without_zeros(match: re.Match[str]) -> str:
    return f"&#{match.group(1) or ''}"


def _drop_footnote_marks(text: str) -> str:
    """``text`` without ``<sup>…</sup>`` spans (each from a ``<sup>`` to the next ``</sup>``).

    Written as two literal searches instead of ``<sup>.*?</sup>``, which rescans the rest of
    the text from every unclosed ``<sup>`` (quadratic).
    """
    if "<" not in text:
        return text
    kept = []
    position = 0
    while True:
        opening = _SUP_OPEN.search(text, position)
        if opening is None:
            break
        closing = _SUP_CLOSE.search(text, opening.end())
        if closing is None:
            break  # no later <sup> can be closed either
        kept.append(text[position : opening.start()])
        position = closing.end()
    kept.append(text[position:])
    return "".join(kept)


def clean(cell: str) -> str:
    """A cell without converter markup: footnote marks and tags dropped, entities decoded, a
    line break inside the cell (a wrapped CSV or workbook cell) read as one space.

    >>> clean("Budgetaftale 2015 <sup>15</sup>"), clean("<b>48.779</b>")
    ('Budgetaftale 2015', '48.779')
    >>> clean("Lokal Forankring\\npå Vesterbro")
    'Lokal Forankring på Vesterbro'
    """
    if _SPECIAL.search(cell) is None:
        return cell.strip()
    text = _drop_footnote_marks(cell)
    if "<" in text:
        text = _TAG.sub("", text)
    if "&" in text:
        text = _HUGE_CHARREF.sub("\ufffd", _CHARREF_ZEROS.sub(_without_zeros, text))
        text = html.unescape(text)
    if any(mark in text for mark in _LINE_BREAKS):
        for mark in _LINE_BREAKS:
            text = text.replace(mark, "\n")
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return text.strip()


def footnote(raw: str) -> tuple[str, str] | None:
    """``(mark, text)`` of a footnote line (``<sup>14</sup> JKI er …``), or None.

    The mark is what stands between ``<sup>`` and ``</sup>`` (without a ``<``); the text is the
    rest of the cell.  Plain string operations: linear in the cell's length.

    >>> footnote("<sup>14</sup> JKI er forkortelse for Center for Jobindsats")
    ('14', 'JKI er forkortelse for Center for Jobindsats')
    >>> footnote("Org. <sup>14</sup>") is None
    True
    """
    stripped = raw.lstrip()
    if stripped[:5].casefold() != "<sup>":
        return None
    closing = _SUP_CLOSE.search(stripped, 5)
    if closing is None:
        return None
    mark = stripped[5 : closing.start()]
    if "<" in mark:
        return None
    return mark.strip(), stripped[closing.end() :].strip()


def import_problem(
    code: str,
    file: str,
    line: int,
    message: str,
    hint: str | None,
    *,
    severity: Severity = Severity.ERROR,
) -> Problem:
    """A problem of the import, at ``file:line`` of the input (line 0: the file as a whole)."""
    assert code in IMPORT_CODES, code  # noqa: S101 - a typo in a code is a bug, caught by tests
    return Problem(code, severity, message, Location(file, line), hint)
