"""Reading Word documents (``.docx``): every table, as lines of cells (needs python-docx).

Each table of the document body becomes a :class:`~bevilling.interop.documents.DocumentTable`
with the paragraph before it as its heading ("Tabel 2: Udgifter til service").  The cells are
read from the table's own XML grid, not from python-docx's ``row.cells`` (which repeats a
merged cell in every position it covers), so that a merged cell comes out as Word prints it:

* a cell merged **across columns** (``gridSpan``) holds its text in its first column, the
  columns it covers are empty (a total line "Udgifter til service i alt" over the title and
  Udvalg columns stays one label);
* a cell merged **down rows** (``vMerge``) holds its text in its first row; the rows below get
  an empty cell that knows the text it continues
  (:attr:`~bevilling.interop.tables.Cell.merged_from`), which the import reads for text
  columns (Udvalg, Bevilling, Målgruppe …) and never for amounts.

A document whose cells already repeat the text (as some converters write merged cells) reads
the same, and an empty cell that is not merged is left to the import's fill-down of grouping
columns (``import-filled-down``).  Superscript runs (footnote marks such as "Org. ¹⁴") are left
out, like ``<sup>`` in copied text.  Cell text is escaped so that the import's markup cleaning
gives it back exactly (a cell "<b>" in Word is text, not markup).

A table (or the paragraphs before it, its caption) holding tracked changes that are not yet
accepted or rejected (``w:ins``, ``w:del``, moves, inserted or deleted cells) records the first
row that does (:attr:`~bevilling.interop.documents.DocumentTable.tracked`): python-docx reads
neither the inserted nor the deleted text, so such a table is refused by whoever reads it
(``import-tracked-changes``), never read as a mix of the two versions.
"""

from __future__ import annotations

import html
from typing import Any

from bevilling.core.problems import Problem
from bevilling.i18n.catalogs import catalog
from bevilling.interop.documents import (
    DocumentTable,
    damaged_file,
    heading_of,
    missing_extra,
    zip_too_big,
)
from bevilling.interop.tables import Cell, RawLine

_, _n = catalog(__name__)

__all__ = ["read_docx"]

#: The most rows and columns one table may have (a Word table holds at most 63 columns).
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000


def read_docx(path: str) -> tuple[list[DocumentTable], list[Problem]]:
    """The tables of the Word document at ``path``, and the problems reading it."""
    try:
        import docx
    except ImportError:
        return [], [missing_extra(path, "python-docx", "docx")]
    too_big = zip_too_big(path)
    if too_big is not None:
        return [], [too_big]
    try:
        document = docx.Document(path)
        return _tables(document), []
    except Exception:  # python-docx, zipfile and lxml raise many kinds, in English
        return [], [_unreadable(path)]


def _unreadable(path: str) -> Problem:
    return damaged_file(
        path,
        "docx",
        _(
            "open it in Word and save it as a Word document (.docx); an old .doc file or a"
            " password-protected document cannot be read"
        ),
    )


def _tables(document: Any) -> list[DocumentTable]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    tables: list[DocumentTable] = []
    before: list[str] = []
    revised: list[bool] = []  # per paragraph of `before`: holds a tracked change
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            before.append(_paragraph_text(item))
            revised.append(bool(item._p.xpath(_REVISIONS)))
            del before[:-3], revised[:-3]
        elif isinstance(item, Table):
            lines = _lines(item)
            if lines:
                tracked = _first_revised_row(item)
                if tracked is None and any(revised):
                    tracked = 0
                tables.append(
                    DocumentTable(len(tables) + 1, heading_of(before), tuple(lines), None, tracked)
                )
            before, revised = [], []
    return tables


#: Tracked changes not yet accepted or rejected: inserted and deleted text or paragraph marks,
#: moved text, inserted, deleted and merged cells (formatting changes change no text).
_REVISIONS = (
    ".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo | .//w:cellIns | .//w:cellDel"
    " | .//w:cellMerge"
)


def _first_revised_row(table: Any) -> int | None:
    """The first row (1-based) of ``table`` with a tracked change, or None (one search of the
    whole table first: a table without changes costs one XPath)."""
    if not table._tbl.xpath(_REVISIONS):
        return None
    for number, tr in enumerate(table._tbl.tr_lst, start=1):
        if tr.xpath(_REVISIONS):
            return number
    return 1  # a change outside the rows (the table's own properties)


def _paragraph_text(paragraph: Any) -> str:
    """A paragraph's text without superscript runs (footnote marks)."""
    from docx.text.run import Run

    parts = []
    for item in paragraph.iter_inner_content():
        if isinstance(item, Run) and item.font.superscript:
            continue
        parts.append(item.text)
    return "".join(parts)


def _cell_text(tc: Any, table: Any) -> str:
    """A cell's paragraphs, one line each, as escaped raw text for :class:`Cell`."""
    from docx.table import _Cell

    cell = _Cell(tc, table)
    return html.escape("\n".join(_paragraph_text(p) for p in cell.paragraphs), quote=False)


def _lines(table: Any) -> list[RawLine]:
    """The rows of ``table`` on its grid: spans across columns empty, spans down rows
    remembered (see the module's docstring)."""
    lines: list[RawLine] = []
    tops: dict[int, str] = {}  # column -> the text of the cell a vMerge continues
    for number, tr in enumerate(table._tbl.tr_lst[:MAX_ROWS], start=1):
        cells: list[Cell] = [Cell("")] * min(tr.grid_before, MAX_COLUMNS)
        for tc in tr.tc_lst:
            column = len(cells)
            if column >= MAX_COLUMNS:
                break
            span = max(1, min(tc.grid_span, MAX_COLUMNS - column))
            if tc.vMerge == "continue":
                cells.append(Cell("", merged_from=tops.get(column)))
            else:
                raw = _cell_text(tc, table)
                if tc.vMerge == "restart":
                    tops[column] = raw
                else:
                    tops.pop(column, None)
                cells.append(Cell(raw))
            cells.extend([Cell("")] * (span - 1))
        lines.append(RawLine(number, tuple(cells)))
    return lines
