"""Reading text inputs: tab-separated text (copied out of Word or PDF) and CSV files.

:func:`read_text_file` decodes a file (UTF-8, with or without BOM) and splits it into
:class:`~bevilling.interop.tables.RawLine` values: tab-separated text by line, CSV by record
(a quoted cell may hold line breaks and separators; the record's line is its first line).

A malformed CSV file (a quote that is never closed, a cell over :data:`MAX_CELL_CHARS`) is an
``import-malformed`` problem with its line, never a traceback (the limit is checked here: the
csv module's own is process-wide, and libraries such as frictionless raise it); the delimiter
is told from the first line (``;`` as Danish Excel writes it, else tab, else ``,``), not by
``csv.Sniffer``, whose regular expressions are slow on large samples.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from bevilling.core.problems import Problem
from bevilling.i18n.catalogs import catalog
from bevilling.interop.tables import Cell, RawLine, import_problem
from bevilling.read import os_reason

_, _n = catalog(__name__)

__all__ = ["MAX_CELL_CHARS", "csv_lines", "read_text_file", "tab_lines"]

#: The longest CSV cell read (128 KiB of text, the csv module's default limit); a longer one is
#: ``import-malformed``: no cell of a budget table is that long, an unclosed quote is.
MAX_CELL_CHARS = 131072


def read_text_file(path: str, *, csv: bool) -> tuple[Iterable[RawLine], str | None, list[Problem]]:
    """The lines of a text (``csv=False``: tab-separated) file, its text and problems.

    Tab-separated lines are made one at a time as the caller reads them: a million-row paste
    is never a list of every cell at once."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        message = _("cannot read {path}: {reason}", path=path, reason=os_reason(error))
        hint = _("check the path")
        return [], None, [import_problem("import-unreadable", path, 0, message, hint)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        hint = _("save the table as UTF-8 text (in Excel: CSV UTF-8), or import the .xlsx file")
        message = _("{path} is not UTF-8 text", path=path)
        problem = import_problem("import-unreadable", path, 0, message, hint)
        return [], None, [problem]
    del data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if csv:
        lines, problems = csv_lines(text, path)
        return lines, text, problems
    return tab_lines(text), text, []


def tab_lines(text: str) -> Iterator[RawLine]:
    """Tab-separated text (as copied from Word or PDF) → lines of cells, one per line."""
    for number, line in enumerate(text.split("\n"), start=1):
        yield RawLine(number, tuple(Cell(cell) for cell in line.split("\t")))


def _delimiter(text: str) -> str:
    """``;`` if the first non-empty line has one (Danish Excel), else tab if it has one, else
    ``,``.  A quoted header such as ``"Beløb; i alt"`` can mislead this; the header line of a
    budget table has no such quotes."""
    for line in text.split("\n", 20)[:20]:
        if line.strip():
            for delimiter in (";", "\t"):
                if delimiter in line:
                    return delimiter
            return ","
    return ";"


def csv_lines(text: str, file: str = "<table.csv>") -> tuple[list[RawLine], list[Problem]]:
    """CSV text → lines of cells (one per record) and the problems of a malformed file."""
    import csv
    import io

    delimiter = _delimiter(text)
    lines: list[RawLine] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    try:
        for cells in reader:
            if any(len(cell) > MAX_CELL_CHARS for cell in cells):
                # the csv module's limit is process-wide; a library may have raised it
                return lines, [_malformed(file, start, "field larger than field limit")]
            lines.append(RawLine(start, tuple(Cell(cell) for cell in cells)))
            start = reader.line_num + 1
    except csv.Error as error:
        return lines, [_malformed(file, start, str(error))]
    return lines, []


def _malformed(file: str, line: int, reason: str) -> Problem:
    """The ``import-malformed`` problem for the record that starts at ``line``."""
    if "field larger than field limit" in reason:
        message = _(
            "a cell in the row starting on line {line} is longer than {size} KiB of text:"
            " no table cell is that long",
            line=line,
            size=MAX_CELL_CHARS // 1024,
        )
        hint = _(
            "a quote that is never closed makes the rest of the file one cell: check line"
            " {line}; or the file is not a table",
            line=line,
        )
    elif "unexpected end of data" in reason or "EOF" in reason:
        message = _(
            'the quote (") opened in the row starting on line {line} is never closed', line=line
        )
        hint = _('close the quote, or double a quote that belongs to the text ("")')
    else:
        message = _(
            "the row starting on line {line} is not valid CSV: {reason}", line=line, reason=reason
        )
        hint = _('a quoted cell must end with " right before the separator ("Tekst; mere";1.200)')
    return import_problem("import-malformed", file, line, message, hint)
