"""Reading ``.xlsx`` workbooks: the first sheet, as lines of cells (needs openpyxl).

Workbooks come from others, so nothing in one is trusted:

* the ``<dimension>`` element a program writes at the top of a sheet is ignored (openpyxl's
  read-only mode would stop at the row it names; a stale one dropped every row below it);
* a damaged sheet (truncated XML, an entity bomb, which expat refuses, a number too long to
  read) is an ``import-unreadable`` problem, not a traceback;
* a workbook that declares more than :data:`MAX_UNCOMPRESSED_BYTES` of content (a zip bomb) is
  refused before it is unpacked;
* a formula is never evaluated: a formula cell is read as the value the program that saved
  the workbook stored with it; a formula cell with no stored value (a workbook written by a
  program that does not compute formulas) is an ``import-formula-without-value`` error naming
  the sheet, the cell and the formula, for every cell (an amount read as empty is a wrong
  figure; an empty title or grouping cell would be filled down from the row above), one
  problem a cell up to :data:`MAX_FORMULA_PROBLEMS`;
* a cell **merged** over several rows (``<mergeCells>``: a Målgruppe or an Udløb printed once
  for a group of rows) is read as Word and PDF tables are read: its text in its first row, and
  in each row below an empty cell that knows the text it continues
  (:attr:`~bevilling.interop.tables.Cell.merged_from`), which the import reads for text
  columns and never for amounts; a cell merged across columns holds its text in its first
  column.  So one table gives one ledger from a workbook, a Word document or a PDF;
* numeric cells become exact ``Decimal`` values from the shortest text of their binary float
  (what Excel shows); a value beyond the amounts bevilling accepts is kept unrounded, for the
  mapping to report as ``import-amount-out-of-range``.
"""

from __future__ import annotations

import math
import zipfile
from decimal import Decimal
from typing import Any

from bevilling.core.money import D
from bevilling.core.problems import Problem
from bevilling.core.text import visible
from bevilling.i18n.catalogs import N_, catalog
from bevilling.interop.documents import damaged_file
from bevilling.interop.tables import Cell, RawLine, amount_out_of_range, import_problem

_, _n = catalog(__name__)

__all__ = ["MAX_FORMULA_PROBLEMS", "MAX_UNCOMPRESSED_BYTES", "read_xlsx"]

#: The most content (uncompressed, as the zip directory declares it) a workbook may hold.
MAX_UNCOMPRESSED_BYTES = 1 << 30

_HINT = N_("save the table as an .xlsx workbook, or copy it out as tab-separated text")


def read_xlsx(path: str) -> tuple[list[RawLine], str | None, list[Problem]]:
    """The lines of the first sheet of the workbook at ``path`` (no text), and problems."""
    try:
        import openpyxl
    except ImportError:
        hint = _("install the Excel extra: pip install 'bevilling[excel]'")
        message = _("reading .xlsx files needs openpyxl")
        problem = import_problem("import-unreadable", path, 0, message, hint)
        return [], None, [problem]
    too_big = _declared_size_problem(path)
    if too_big is not None:
        return [], None, [too_big]
    lines: list[RawLine] = []
    merges: list[tuple[int, int, int, int]] = []
    try:
        sheet_name, formulas = _read_sheet(
            openpyxl, path, data_only=False, into=lines, merges=merges
        )
        if formulas:  # their values, as the program that saved the workbook computed them
            stored: list[RawLine] = []
            _name, empty_text = _read_sheet(openpyxl, path, data_only=True, into=stored)
    except Exception:  # openpyxl, zipfile and expat raise many kinds, in English
        row = len(lines) + 1 if lines else None
        return [], None, [damaged_file(path, "xlsx", _(_HINT), row=row)]
    if not formulas:
        return _merged(lines, merges), None, []
    problems: list[Problem] = []
    for (row, column), formula in formulas.items():
        cells = stored[row - 1].cells if row <= len(stored) else ()
        value = cells[column - 1] if column <= len(cells) else Cell("")
        if value.raw or (row, column) in empty_text:
            line = lines[row - 1]
            changed = (*line.cells[: column - 1], value, *line.cells[column:])
            lines[row - 1] = RawLine(line.line, changed)
        else:
            problems.append(_formula_without_value(path, sheet_name, row, column, formula))
    if problems:
        return [], None, _capped(problems)
    return _merged(lines, merges), None, []


def _merge_ranges(sheet: Any, into: list[tuple[int, int, int, int]]) -> None:
    """Append the cells merged on ``sheet`` (openpyxl's read-only sheet, which does not read
    them) to ``into``, as (first column, first row, last column, last row), 1-based: the
    ``<mergeCell ref="A2:A4"/>`` elements of the sheet's XML, read by expat (no entities: a
    document type declaration is refused, as it is refused for the cells)."""
    from xml.parsers import expat

    from openpyxl.utils.cell import range_boundaries

    source = getattr(sheet, "_get_source", None)
    if source is None:  # pragma: no cover - another openpyxl: the cells are read unmerged
        return

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(" ")[2] == "mergeCell":
            try:
                bounds = range_boundaries(str(attributes.get("ref", ""))[:40])
            except (ValueError, TypeError):
                return  # not a range: nothing merged
            if all(isinstance(bound, int) and bound > 0 for bound in bounds):
                into.append(bounds)  # type: ignore[arg-type]

    def refuse(*_args: object) -> None:
        raise ValueError("a document type declaration in a worksheet")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with source() as stream:
        parser.ParseFile(stream)


def _merged(lines: list[RawLine], merges: list[tuple[int, int, int, int]]) -> list[RawLine]:
    """``lines`` with each cell covered by a merge below its first row made an empty cell that
    knows the first row's text (in the range's first column; the columns it covers are empty).
    Each position is taken once (ranges that overlap, which Excel never writes, stop where
    another took it): the work is bounded by the cells of the sheet and the ranges."""
    if not merges:
        return lines
    taken: set[tuple[int, int]] = set()
    changed: dict[int, list[Cell]] = {}
    for first_column, first_row, _last_column, last_row in merges:
        if first_row > len(lines) or (first_row, first_column) in taken:
            continue
        top = lines[first_row - 1].cells
        text = top[first_column - 1].raw if first_column <= len(top) else ""
        taken.add((first_row, first_column))
        for row in range(first_row + 1, min(last_row, len(lines)) + 1):
            if (row, first_column) in taken:
                break
            taken.add((row, first_column))
            cells = changed.get(row)
            if cells is None:
                cells = changed[row] = list(lines[row - 1].cells)
            if len(cells) < first_column:
                cells.extend(Cell("") for _ in range(first_column - len(cells)))
            if not cells[first_column - 1].raw:
                cells[first_column - 1] = Cell("", merged_from=text or None)
    for row, cells in changed.items():
        lines[row - 1] = RawLine(lines[row - 1].line, tuple(cells))
    return lines


def _read_sheet(
    openpyxl: Any,
    path: str,
    *,
    data_only: bool,
    into: list[RawLine],
    merges: list[tuple[int, int, int, int]] | None = None,
) -> tuple[str, dict[tuple[int, int], str]]:
    """Append the lines of the workbook's first sheet to ``into``; return the sheet's name and
    the cells to look at again, by (row, column):

    * with ``data_only=False``: each formula cell, with its formula (its cell in the line is
      left empty, for its stored value to fill in);
    * with ``data_only=True``: each cell whose stored value is empty text, as a formula such as
      ``=IF(B2="";"";B2)`` leaves it (Excel and LibreOffice store it as a text cell with an
      empty value, ``t="str"``; a formula nothing computed has no value and no text type).

    With ``merges``, the sheet's merged cells are appended to it (:func:`_merge_ranges`).
    """
    marked: dict[tuple[int, int], str] = {}
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        sheet: Any = workbook.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # never trust the stored <dimension>
        for row_number, row in enumerate(sheet.iter_rows(), start=1):
            cells = []
            for column, cell in enumerate(row, start=1):
                if data_only and cell.value is None and cell.data_type == "str":
                    marked[row_number, column] = ""
                    cells.append(Cell(""))
                elif not data_only and cell.data_type == "f":
                    marked[row_number, column] = _formula_text(cell.value)
                    cells.append(Cell(""))
                else:
                    cells.append(_cell(cell.value, getattr(cell, "number_format", None)))
            into.append(RawLine(row_number, tuple(cells)))
        if merges is not None:
            _merge_ranges(sheet, merges)
        return str(sheet.title), marked
    finally:
        workbook.close()


def _formula_text(value: object) -> str:
    """A formula as written: ``=SUM(C2:C3)``; an array or data-table formula (an object of
    openpyxl's) by its text."""
    text = getattr(value, "text", value)
    return str(text) if text is not None else "="


#: The most formula cells without a value reported one by one (then one line counts the rest).
MAX_FORMULA_PROBLEMS = 20


def _formula_without_value(path: str, sheet: str, row: int, column: int, formula: str) -> Problem:
    """``import-formula-without-value``: a formula cell whose workbook stores no value."""
    from openpyxl.utils import get_column_letter

    return import_problem(
        "import-formula-without-value",
        path,
        row,
        _(
            "cell {cell} of the sheet {sheet} holds the formula {formula} but no stored value"
            " (the program that saved the workbook did not compute it): its figure cannot be"
            " read",
            cell=f"{get_column_letter(column)}{row}",
            sheet=repr(visible(sheet, one_line=True)),
            formula=visible(formula, one_line=True),
        ),
        _(
            "open the workbook in Excel or LibreOffice and save it, so that the values are"
            " stored with the formulas; or type the value in the cell instead of the formula"
        ),
    )


def _capped(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_FORMULA_PROBLEMS` problems, and one that counts the rest."""
    if len(problems) <= MAX_FORMULA_PROBLEMS:
        return problems
    rest = len(problems) - MAX_FORMULA_PROBLEMS
    first = problems[0]
    summary = import_problem(
        "import-formula-without-value",
        first.location.file,
        0,
        _n(
            "{count} more formula cell has no stored value",
            "{count} more formula cells have no stored value",
            rest,
            count=rest,
        ),
        first.hint,
    )
    return [*problems[:MAX_FORMULA_PROBLEMS], summary]


def _declared_size_problem(path: str) -> Problem | None:
    """A problem when the zip directory declares more than the limit (None otherwise, and
    also when the file is no zip: openpyxl then says what it is)."""
    from bevilling.i18n.formatting import format_amount

    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if size <= MAX_UNCOMPRESSED_BYTES:
        return None
    message = _(
        "{path} unpacks to {size} MiB, more than the {limit} MiB a workbook may hold",
        path=visible(path, one_line=True),
        size=format_amount(Decimal(size // (1 << 20))),
        limit=format_amount(Decimal(MAX_UNCOMPRESSED_BYTES // (1 << 20))),
    )
    return import_problem("import-unreadable", path, 0, message, _(_HINT))


def _cell(value: object, number_format: object = None) -> Cell:
    """A workbook value as a cell: numbers keep their exact value (and the decimals their
    number format shows, :func:`shown_places`), the rest its text."""
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell(str(value))
    if isinstance(value, int):
        return Cell(str(value), D(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return Cell(str(value))  # not a number: the mapping reports the text
        # Excel keeps numbers as binary floats; their shortest text is what Excel shows.
        number = D(repr(value))
        if amount_out_of_range(number):
            return Cell(repr(value), number)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1))
        return Cell(format(number, "f"), number, shown_places(number_format))
    return Cell(str(value))


#: Characters of a number format that make it more than a plain number: a percent, a
#: scientific exponent, a fraction, a date or time, text.
_NOT_PLAIN = frozenset("%/@EeDdMmYyHhSs")


def shown_places(number_format: object) -> int | None:
    """The decimals a plain number format shows (``#,##0`` → 0, ``#,##0.0`` → 1), or None
    for General, a missing format and any format that shows a number otherwise (a percent, a
    date, scientific, a trailing scaling comma such as ``#,##0,``): only the first section
    (positive numbers) is read; quoted text, backslash escapes and ``[...]`` codes are skipped.
    One pass over at most 255 characters.

    >>> shown_places("#,##0"), shown_places("#,##0.0_);[Red](#,##0.0)"), shown_places("0%")
    (0, 1, None)
    """
    if not isinstance(number_format, str) or number_format.casefold() == "general":
        return None
    kept = []  # the digit placeholders, decimal points and commas, in order
    quoted = bracket = escaped = False
    for char in number_format[:255]:
        if escaped:
            escaped = False
        elif quoted:
            quoted = char != '"'
        elif bracket:
            bracket = char != "]"
        elif char in "\\_*":  # an escape; _x and *x pad with the next character
            escaped = True
        elif char == '"':
            quoted = True
        elif char == "[":
            bracket = True
        elif char == ";":
            break
        elif char in _NOT_PLAIN:
            return None
        elif char in "0#?.,":
            kept.append(char)
    plain = "".join(kept)
    if not plain.strip(".,") or plain.endswith(","):
        return None  # no digits, or a trailing comma that divides by 1 000
    _whole, _point, decimals = plain.partition(".")
    return sum(char in "0#?" for char in decimals)
