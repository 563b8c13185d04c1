"""Reading ``.xlsx`` workbooks: the first sheet, as lines of cells (needs openpyxl).

Workbooks come from others, so nothing in one is trusted:

* the ``<dimension>`` element a program writes at the top of a sheet is ignored (openpyxl's
  read-only mode would stop at the row it names; a stale one dropped every row below it);
* a damaged sheet (truncated XML, an entity bomb, which expat refuses, a number too long to
  read) is an ``import-unreadable`` problem, not a traceback;
* a workbook that declares more than :data:`MAX_UNCOMPRESSED_BYTES` of content (a zip bomb) is
  refused before it is unpacked;
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

__all__ = ["MAX_UNCOMPRESSED_BYTES", "read_xlsx"]

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
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        try:
            sheet: Any = workbook.worksheets[0]
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()  # never trust the stored <dimension>
            for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                lines.append(RawLine(row_number, tuple(_cell(value) for value in row)))
        finally:
            workbook.close()
    except Exception:  # openpyxl, zipfile and expat raise many kinds, in English
        row = len(lines) + 1 if lines else None
        return [], None, [damaged_file(path, "xlsx", _(_HINT), row=row)]
    return lines, None, []


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


def _cell(value: object) -> Cell:
    """A workbook value as a cell: numbers keep their exact value, the rest its text."""
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
        return Cell(format(number, "f"), number)
    return Cell(str(value))
