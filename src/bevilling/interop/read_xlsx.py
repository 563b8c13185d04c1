"""Reading ``.xlsx`` workbooks: the first sheet shown, as lines of cells (needs openpyxl).

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

import datetime
import functools
import math
import zipfile
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from typing import Any, NamedTuple

import attrs

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


def read_xlsx(
    path: str, *, include_hidden: bool = False
) -> tuple[list[RawLine], str | None, list[Problem]]:
    """The lines of the first sheet of the workbook at ``path`` (no text), and problems.

    Rows and columns hidden in the sheet (which no printed or exported copy of it shows) are
    left out, with an ``import-hidden-rows`` warning naming them; with ``include_hidden``
    they are read, and the warning says so."""
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
    exported = _exported_by_bevilling(path)
    if exported is not None:
        return [], None, [exported]
    lines: list[RawLine] = []
    layout = _Layout()
    try:
        sheet_name, formulas = _read_sheet(
            openpyxl, path, data_only=False, into=lines, layout=layout
        )
        if formulas:  # their values, as the program that saved the workbook computed them
            stored: list[RawLine] = []
            _name, empty_text = _read_sheet(openpyxl, path, data_only=True, into=stored)
    except Exception:  # openpyxl, zipfile and expat raise many kinds, in English
        row = len(lines) + 1 if lines else None
        return [], None, [damaged_file(path, "xlsx", _(_HINT), row=row)]
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
    lines = _merged(lines, layout.merges)
    notes = _scaled_cells(lines, path)
    lines, hidden = _without_hidden(lines, layout, path, sheet_name, include_hidden)
    return lines, None, [*hidden, *notes]


class _Layout:
    """What the sheet's XML says beyond its cells, as openpyxl's read-only mode leaves it
    unread: the merged cells, and the rows and columns hidden."""

    def __init__(self) -> None:
        self.merges: list[tuple[int, int, int, int]] = []
        """(first column, first row, last column, last row), 1-based."""
        self.rows: set[int] = set()
        """The hidden rows, 1-based."""
        self.column_ranges: list[tuple[int, int]] = []
        """The hidden columns, as ``<col min max>`` ranges (1-based, inclusive)."""
        self.hidden_sheets: list[str] = []
        """The hidden sheets before the sheet read (the first one shown)."""
        self.rows_hidden_by_default = False
        """``<sheetFormatPr zeroHeight="1">``: a row is hidden unless it has a height."""
        self.shown_rows: set[int] = set()
        """With :attr:`rows_hidden_by_default`: the rows given a height."""

    def hidden_columns(self) -> set[int]:
        """The hidden columns: the union of the ranges, made in order (so that a sheet of many
        overlapping ranges costs no more than Excel's 16 384 columns, plus the sort)."""
        columns: set[int] = set()
        reached = 0  # every column up to here is in the set already
        for first, last in sorted(self.column_ranges):
            start = max(first, reached + 1)
            if start <= last:
                columns.update(range(start, last + 1))
                reached = last
        return columns

    def hidden_row(self, row: int) -> bool:
        if self.rows_hidden_by_default:
            return row not in self.shown_rows
        return row in self.rows


def _true(value: str | None) -> bool:
    return value is not None and value.strip().casefold() in ("1", "true")


def _zero(value: str | None) -> bool:
    try:
        return value is not None and float(value[:40]) <= 0
    except ValueError:
        return False


def _whole(value: str | None, default: int) -> int:
    try:
        return int(value[:8]) if value is not None else default
    except ValueError:
        return default


def _sheet_layout(sheet: Any, layout: _Layout) -> None:
    """Read into ``layout`` the cells merged on ``sheet`` (openpyxl's read-only sheet, which
    does not read them: the ``<mergeCell ref="A2:A4"/>`` elements) and its hidden rows and
    columns (``<row hidden="1">``, a row of height 0, ``<col hidden="1">``, a column of width
    0, every row without a height of a sheet whose rows are hidden by default), from the
    sheet's XML, by expat (no entities: a document type declaration is refused, as it is
    refused for the cells).  Column ranges are bounded by Excel's 16 384 columns."""
    from xml.parsers import expat

    from openpyxl.utils.cell import range_boundaries

    source = getattr(sheet, "_get_source", None)
    if source is None:  # pragma: no cover - another openpyxl: the cells are read unmerged
        return
    row_number = 0

    def start(name: str, attributes: dict[str, str]) -> None:
        nonlocal row_number
        local = name.rpartition(" ")[2]
        if local == "row":
            row_number = _whole(attributes.get("r"), row_number + 1)
            height = attributes.get("ht")
            if _true(attributes.get("hidden")) or (
                _true(attributes.get("customHeight")) and _zero(height)
            ):
                layout.rows.add(row_number)
            elif height is not None and not _zero(height):
                layout.shown_rows.add(row_number)
        elif local == "col":
            if _true(attributes.get("hidden")) or _zero(attributes.get("width")):
                first = max(_whole(attributes.get("min"), 0), 1)
                last = min(_whole(attributes.get("max"), 0), _MAX_COLUMNS)
                if first <= last:
                    layout.column_ranges.append((first, last))
        elif local == "sheetFormatPr":
            layout.rows_hidden_by_default = _true(attributes.get("zeroHeight"))
        elif local == "mergeCell":
            try:
                bounds = range_boundaries(str(attributes.get("ref", ""))[:40])
            except (ValueError, TypeError):
                return  # not a range: nothing merged
            if all(isinstance(bound, int) and bound > 0 for bound in bounds):
                layout.merges.append(bounds)  # type: ignore[arg-type]

    def refuse(*_args: object) -> None:
        raise ValueError("a document type declaration in a worksheet")

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    with source() as stream:
        parser.ParseFile(stream)


_MAX_COLUMNS = 16_384


def _without_hidden(
    lines: list[RawLine], layout: _Layout, path: str, sheet: str, include_hidden: bool
) -> tuple[list[RawLine], list[Problem]]:
    """``lines`` without the hidden rows, and with the cells of hidden columns empty (so that
    the columns keep their numbers for ``--map``), unless ``include_hidden``; and an
    ``import-hidden-rows`` warning naming the hidden rows and columns that hold anything (and
    the hidden sheets passed over for the first one shown)."""
    from openpyxl.utils import get_column_letter

    rows = [line.line for line in lines if layout.hidden_row(line.line) and _filled(line.cells)]
    filled: set[int] = set()  # the hidden columns that hold anything: one pass over the cells
    hidden_columns = layout.hidden_columns()
    if hidden_columns:
        for line in lines:
            for column, cell in enumerate(line.cells, start=1):
                if cell.raw and column in hidden_columns:
                    filled.add(column)
    columns = sorted(filled)
    problems = []
    if layout.hidden_sheets:
        problems.append(
            _hidden_problem(
                path,
                0,
                _n(
                    "the sheet {hidden} before {sheet} is hidden: {sheet}, the first sheet the"
                    " workbook shows, is read",
                    "the sheets {hidden} before {sheet} are hidden: {sheet}, the first sheet the"
                    " workbook shows, is read",
                    len(layout.hidden_sheets),
                    hidden=_listed(
                        [repr(visible(name, one_line=True)) for name in layout.hidden_sheets]
                    ),
                    sheet=repr(visible(sheet, one_line=True)),
                ),
                _("to import another sheet, save it as a workbook of its own"),
            )
        )
    if not rows and not columns:
        return lines, problems
    if not include_hidden:
        hidden_rows = set(rows)
        kept = []
        # The texts of the hidden rows just passed, by column: a visible row under them that
        # leaves a text cell empty continues the hidden row's text (a group whose first row is
        # hidden), never the text of the row above the hidden ones.  Amounts never read it.
        above: dict[int, str] = {}
        for line in lines:
            if line.line in hidden_rows:
                above.update(
                    (column, cell.raw) for column, cell in enumerate(line.cells) if cell.raw
                )
                continue
            if above:
                line = RawLine(  # noqa: PLW2901
                    line.line,
                    tuple(
                        attrs.evolve(cell, merged_from=above[column])
                        if not cell.raw and cell.merged_from is None and column in above
                        else cell
                        for column, cell in enumerate(line.cells)
                    ),
                )
                above = {}
            if columns and any(c <= len(line.cells) for c in columns):
                cells = list(line.cells)
                for column in columns:
                    if column <= len(cells):
                        cells[column - 1] = Cell("")
                line = RawLine(line.line, tuple(cells))  # noqa: PLW2901
            kept.append(line)
        lines = kept
    values = {"sheet": repr(visible(sheet, one_line=True))}
    if rows:
        shown = _listed([str(row) for row in rows])
        if include_hidden:
            message = _n(
                "row {rows} is hidden in the sheet {sheet}: it is read (--include-hidden),"
                " though the printed table does not show it",
                "rows {rows} are hidden in the sheet {sheet}: they are read (--include-hidden),"
                " though the printed table does not show them",
                len(rows),
                rows=shown,
                **values,
            )
            hint = _("leave out --include-hidden to read only the rows the sheet shows")
        else:
            message = _n(
                "row {rows} is hidden in the sheet {sheet}: it is left out, as the printed"
                " table does not show it",
                "rows {rows} are hidden in the sheet {sheet}: they are left out, as the printed"
                " table does not show them",
                len(rows),
                rows=shown,
                **values,
            )
            hint = _(
                "if a hidden row is an appropriation of the table, show it in the workbook, or"
                " import with --include-hidden"
            )
        problems.append(_hidden_problem(path, rows[0], message, hint))
    if columns:
        shown = _listed([get_column_letter(column) for column in columns])
        if include_hidden:
            message = _n(
                "column {columns} is hidden in the sheet {sheet}: it is read"
                " (--include-hidden), though the printed table does not show it",
                "columns {columns} are hidden in the sheet {sheet}: they are read"
                " (--include-hidden), though the printed table does not show them",
                len(columns),
                columns=shown,
                **values,
            )
            hint = _("leave out --include-hidden to read only the columns the sheet shows")
        else:
            message = _n(
                "column {columns} is hidden in the sheet {sheet}: it is left out, as the"
                " printed table does not show it",
                "columns {columns} are hidden in the sheet {sheet}: they are left out, as the"
                " printed table does not show them",
                len(columns),
                columns=shown,
                **values,
            )
            hint = _(
                "if a hidden column belongs to the table, show it in the workbook, or import"
                " with --include-hidden"
            )
        problems.append(_hidden_problem(path, 1, message, hint))
    return lines, problems


def _scaled_cells(lines: list[RawLine], path: str) -> list[Problem]:
    """An ``import-scaled-number`` warning per division a number format made (``#,##0,``:
    by 1 000), counting the cells and naming the first: the figure the sheet shows is read,
    and the header's unit must be the unit of that figure."""
    from openpyxl.utils import get_column_letter

    from bevilling.core.problems import Severity
    from bevilling.i18n.formatting import format_amount

    found: dict[int, list[Any]] = {}  # scale -> [count, row, column, cell]
    for line in lines:
        for column, cell in enumerate(line.cells, start=1):
            if cell.scale and cell.number is not None:
                seen = found.get(cell.scale)
                if seen is None:
                    found[cell.scale] = [1, line.line, column, cell]
                else:
                    seen[0] += 1
    problems = []
    for scale, (count, row, column, cell) in sorted(found.items()):
        factor = Decimal(1000) ** scale
        message = _n(
            "{count} cell of the sheet shows its value divided by {factor}, as its number format"
            " says ({cell} holds {held} and shows {shown}): the figure shown is read",
            "{count} cells of the sheet show their values divided by {factor}, as their number"
            " formats say ({cell} holds {held} and shows {shown}): the figures shown are read",
            count,
            count=format_amount(Decimal(count)),
            factor=format_amount(factor),
            cell=f"{get_column_letter(column)}{row}",
            held=format_amount(cell.number * factor),
            shown=format_amount(cell.number),
        )
        hint = _(
            "the unit in the header is taken as the unit of the figures shown ({shown}, not"
            " {held}): check that it is",
            shown=format_amount(cell.number),
            held=format_amount(cell.number * factor),
        )
        problems.append(
            import_problem(
                "import-scaled-number", path, row, message, hint, severity=Severity.WARNING
            )
        )
    return problems


def _exported_by_bevilling(path: str) -> Problem | None:
    """``import-exported-workbook`` when the workbook is one ``bevilling export --to xlsx``
    wrote (its ``docProps/app.xml`` names bevilling): its first sheet is an overview of
    ledgers, not a table, and its ledgers are files bevilling reads as they are."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open("docProps/app.xml") as part:
            head = part.read(4096)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError):
        return None
    if b"<Application>bevilling</Application>" not in head:
        return None
    return import_problem(
        "import-exported-workbook",
        path,
        0,
        _(
            "{path} is a workbook written by `bevilling export`: its first sheet is an"
            " overview of ledgers, not a table of appropriations",
            path=visible(path, one_line=True),
        ),
        _(
            "use the ledger files it was exported from: every command reads them as they are;"
            " to import one table from the workbook, copy its sheet (the header and the rows,"
            " without the sums below them) into a workbook of its own"
        ),
    )


def _filled(cells: tuple[Cell, ...]) -> bool:
    return any(cell.raw for cell in cells)


def _listed(items: list[str]) -> str:
    """At most 20 items, comma-separated, then an ellipsis."""
    return ", ".join(items[:20]) + (", …" if len(items) > 20 else "")


def _hidden_problem(path: str, line: int, message: str, hint: str) -> Problem:
    from bevilling.core.problems import Severity

    return import_problem(
        "import-hidden-rows", path, line, message, hint, severity=Severity.WARNING
    )


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
    layout: _Layout | None = None,
) -> tuple[str, dict[tuple[int, int], str]]:
    """Append the lines of the workbook's first sheet shown (hidden sheets before it passed
    over) to ``into``; return the sheet's name and
    the cells to look at again, by (row, column):

    * with ``data_only=False``: each formula cell, with its formula (its cell in the line is
      left empty, for its stored value to fill in);
    * with ``data_only=True``: each cell whose stored value is empty text, as a formula such as
      ``=IF(B2="";"";B2)`` leaves it (Excel and LibreOffice store it as a text cell with an
      empty value, ``t="str"``; a formula nothing computed has no value and no text type).

    With ``layout``, the sheet's merged cells and hidden rows and columns are read into it
    (:func:`_sheet_layout`).
    """
    marked: dict[tuple[int, int], str] = {}
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    try:
        sheets: list[Any] = list(workbook.worksheets)
        shown = [s for s in sheets if getattr(s, "sheet_state", "visible") == "visible"]
        sheet: Any = shown[0] if shown else sheets[0]
        if layout is not None:
            layout.hidden_sheets = [str(s.title) for s in sheets[: sheets.index(sheet)]]
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
        if layout is not None:
            _sheet_layout(sheet, layout)
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
    """A workbook value as a cell: numbers keep their exact value, divided as their number
    format divides them (``#,##0,`` shows 1200000 as 1.200: the cell is 1200, the figure on
    the screen and on paper) with the decimals that format shows (:func:`number_shown`); a
    number shown as a percentage or a date is no amount (its text, and its format in
    :attr:`~bevilling.interop.tables.Cell.number_format`); the rest is its text."""
    if value is None:
        return Cell("")
    if isinstance(value, bool):
        return Cell(str(value))
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        # openpyxl makes a date of a number shown as a date: never an amount
        return Cell(str(value), number_format=_format_text(number_format) or "date")
    if isinstance(value, int):
        number = D(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            return Cell(str(value))  # not a number: the mapping reports the text
        # Excel keeps numbers as binary floats; their shortest text is what Excel shows.
        number = D(repr(value))
    else:
        return Cell(str(value))
    shown = number_shown(number_format, number)
    if shown.kind != "number":  # a percentage, a date, or a format that cannot be told
        return Cell(format(number, "f"), number_format=_format_text(number_format))
    if shown.scale:  # exact: 1234567 shown as 1.235 is 1234.567
        number = number.scaleb(-3 * shown.scale, _EXACT)
        if number == number.to_integral_value():
            number = number.quantize(Decimal(1), context=_EXACT)
        else:
            number = number.normalize(_EXACT)
    if amount_out_of_range(number):
        if shown.scale:  # the figure divided, as the sheet shows it
            return Cell(format(number, "f")[:60], number, scale=shown.scale)
        return Cell(str(value) if isinstance(value, int) else repr(value), number)
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return Cell(format(number, "f"), number, shown.places, scale=shown.scale)


#: Exact decimal arithmetic for the scaling (no rounding at 28 digits).
_EXACT = Context(prec=MAX_PREC, Emin=MIN_EMIN, Emax=MAX_EMAX)


def _format_text(number_format: object) -> str | None:
    """A number format as a problem may quote it (at most 60 characters)."""
    if not isinstance(number_format, str):
        return None
    return visible(number_format[:60], one_line=True)[:60]


class Shown(NamedTuple):
    """How a number format shows a number (:func:`number_shown`)."""

    kind: str
    """``number`` (the value itself, perhaps divided: General, plain, scientific, a fraction,
    text), ``percent`` (the value × 100), ``date`` (a date or time), or ``unsure`` (sections
    chosen by conditions that show numbers differently: which applies is not told)."""
    places: int | None
    """The decimals shown, for a plain format; None for General and the rest."""
    scale: int
    """The thousands the number is divided by: 1 for ``#,##0,``, 2 for ``#,##0,,``."""


_GENERAL = Shown("number", None, 0)

#: Characters of a format that show a date or a time (outside quotes, escapes and [codes]).
_DATE = frozenset("yYmMdDhHsSbBgG")  # (g, b: era and Buddhist years)


@functools.lru_cache(maxsize=256)
def _sections(number_format: str) -> tuple[tuple[Shown, bool], ...]:
    """Each section of ``number_format`` (``;`` between them, at most four) as it shows a
    number, and whether it has a condition (``[>=1000]``).  One pass over at most 255
    characters; quoted text, backslash escapes, ``_x``/``*x`` padding and ``[...]`` codes
    (colours, locales) are skipped; ``[h]``, ``[mm]``, ``[ss]`` are elapsed times."""
    sections: list[tuple[Shown, bool]] = []
    kept: list[str] = []  # the digit placeholders, decimal points and commas, in order
    kind = "number"
    plain = True  # no exponent, fraction, text or General: the decimals can be counted
    condition = False
    quoted = escaped = False
    bracket: list[str] | None = None
    text = number_format[:255]
    position = 0
    while position < len(text):
        char = text[position]
        position += 1
        if escaped:
            escaped = False
        elif quoted:
            quoted = char != '"'
        elif bracket is not None:
            if char != "]":
                bracket.append(char)
                continue
            code = "".join(bracket).casefold()
            bracket = None
            if code[:1] in ("<", ">", "="):
                condition = True
            elif code and set(code) <= set("hms"):
                kind = "date"
        elif char in "\\_*":  # an escape; _x and *x pad with the next character
            escaped = True
        elif char == '"':
            quoted = True
        elif char == "[":
            bracket = []
        elif char == ";":
            sections.append((_section(kind, plain, kept), condition))
            kept, kind, plain, condition = [], "number", True, False
            if len(sections) == 4:
                break
        elif char in "gG" and text[position - 1 : position + 6].casefold() == "general":
            plain = False
            position += 6
        elif char == "%":
            kind = "percent" if kind == "number" else kind
        elif char in _DATE:
            kind = "date"
        elif (char in "eE" and text[position : position + 1] in ("+", "-")) or char in "/@":
            plain = False
        elif char in "0#?.,":
            kept.append(char)
    else:
        sections.append((_section(kind, plain, kept), condition))
    return tuple(sections)


def _section(kind: str, plain: bool, kept: list[str]) -> Shown:
    """One section's :class:`Shown` from its placeholders, points and commas."""
    scale = 0
    run = 0  # commas since the last placeholder
    before = False  # a placeholder or point before the run
    for char in kept:
        if char == ",":
            run += 1 if before else 0
            continue
        if run and char == ".":
            scale += run  # 0,.0: the commas right before the point divide
        run = 0
        before = True
    scale += run  # 0, and 0.0,,: the commas after the last placeholder divide
    if kind != "number":
        return Shown(kind, None, 0)
    digits = "".join(kept)
    if not plain or not digits.strip(".,"):
        return Shown("number", None, scale)
    _whole, _point, decimals = digits.partition(".")
    return Shown("number", sum(char in "0#?" for char in decimals), scale)


def number_shown(number_format: object, value: Decimal | None = None) -> Shown:
    """How ``number_format`` shows ``value``: by the section for its sign (one section: all;
    two: positive and zero, negative; three or four: positive, negative, zero); when any
    section has a condition (``[>=1000000]#,##0,,;#,##0,``), the sections must agree, else
    the kind is ``unsure``.

    >>> number_shown("#,##0,"), number_shown("0.0%")
    (Shown(kind='number', places=0, scale=1), Shown(kind='percent', places=None, scale=0))
    >>> number_shown("#,##0;-#,##0,", Decimal(-5)).scale
    1
    """
    if not isinstance(number_format, str):
        return _GENERAL
    number_format = number_format[:255]  # Excel's limit: a longer one costs no more per cell
    if number_format.casefold() == "general":
        return _GENERAL
    sections = _sections(number_format)
    numbers = [shown for shown, _condition in sections[:3]]
    if any(condition for _shown, condition in sections):
        first = numbers[0]
        if all((s.kind, s.scale) == (first.kind, first.scale) for s in numbers):
            return first
        return Shown("unsure", None, 0)
    if value is not None and value < 0 and len(numbers) > 1:
        return numbers[1]
    if value is not None and value == 0 and len(numbers) > 2:
        return numbers[2]
    return numbers[0]


def shown_places(number_format: object) -> int | None:
    """The decimals a plain number format shows its positive numbers with (``#,##0`` → 0,
    ``#,##0.0,`` → 1: after the division), or None for General, a missing format and any
    format that shows a number otherwise (a percent, a date, scientific, a fraction, text).

    >>> shown_places("#,##0"), shown_places("#,##0.0_);[Red](#,##0.0)"), shown_places("0%")
    (0, 1, None)
    """
    shown = number_shown(number_format)
    return shown.places if shown.kind == "number" else None
