"""Reading PDF documents: every ruled table, as lines of cells (needs pdfplumber).

pdfplumber finds a table from the lines that rule its cells (``find_tables``, its default
"lines" strategy); a table set with spaces alone is not found (``import-no-tables``: copy it
out as text).  Each table gets the page it is on and, as its heading, the nearest caption
("Tabel 9: …") in the three lines of text above it, else the line right above it.

* A cell's text is made from the characters inside the cell's own box, so that the text of a
  cell merged down several rows is kept whole (pdfplumber's ``extract`` takes only the part of
  it inside the first row).  Wrapped lines are joined with a space, a line ending in a hyphen
  joined to the next word without one (``rehabiliteringsteam-`` + ``møder``).
* A position covered by a cell merged across columns is empty; one covered by a cell merged
  down rows is an empty cell that knows the text it continues
  (:attr:`~bevilling.interop.tables.Cell.merged_from`), read for text columns only.
* A table that runs over a page break is one table: the table at the top of the next page is
  its rest when it repeats its header row (skipped by the import, as in copied text), or when
  its columns line up with it and no caption of its own stands above it.

A PDF that cannot be read is a problem, never a traceback: ``import-encrypted`` for one that
needs a password, ``import-no-text`` for pages without a text layer (a scan), and
``import-unreadable`` for a broken file.  The page count read is capped at
:data:`MAX_PAGES`.
"""

from __future__ import annotations

import html
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, NamedTuple

from bevilling.core.problems import Problem
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog
from bevilling.interop.documents import (
    DocumentTable,
    caption_text,
    damaged_file,
    heading_of,
    joined_lines,
    missing_extra,
)
from bevilling.interop.tables import Cell, RawLine, import_problem

_, _n = catalog(__name__)

__all__ = ["MAX_PAGES", "read_pdf"]

#: The most pages read from one PDF (a budget paper has tens; a larger file is refused).
MAX_PAGES = 2000


def read_pdf(path: str) -> tuple[list[DocumentTable], list[Problem]]:
    """The tables of the PDF at ``path``, and the problems reading it."""
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFPasswordIncorrect
    except ImportError:
        return [], [missing_extra(path, "pdfplumber", "pdf")]
    shown = visible(path, one_line=True)
    try:
        with pdfplumber.open(path) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                message = _(
                    "{file} has {count} pages, more than the {limit} read from one document",
                    file=shown,
                    count=len(pdf.pages),
                    limit=MAX_PAGES,
                )
                hint = _("save the pages with the table as a PDF of their own")
                return [], [import_problem("import-unreadable", path, 0, message, hint)]
            found: list[_Found] = []
            any_text = False
            for page in pdf.pages:
                any_text = any_text or bool(page.chars)
                found.extend(_page_tables(page))
    except Exception as error:  # pdfminer raises many kinds for a broken file
        # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect())
        if any(isinstance(e, PDFPasswordIncorrect) for e in (error, *error.args)):
            return [], [_encrypted(path)]
        # pdfminer's reasons are English ("Unexpected EOF", "No /Root object! - Is this
        # really a PDF?"): the message says what they mean to the user.
        hint = _("check that the file is a whole PDF (a download may have been cut short)")
        return [], [damaged_file(path, "pdf", hint)]
    if not any_text:
        return [], [
            import_problem(
                "import-no-text",
                path,
                0,
                _(
                    "there is no text in this PDF ({file}): its pages are images, as a scan is",
                    file=shown,
                ),
                _(
                    "ask for the document as a PDF made from Word, or copy the table by hand;"
                    " a scan must be read by OCR first"
                ),
            )
        ]
    return _numbered(found), []


def _encrypted(path: str) -> Problem:
    return import_problem(
        "import-encrypted",
        path,
        0,
        _("{file} is protected by a password", file=visible(path, one_line=True)),
        _("save a copy without the password (in a PDF reader: print to PDF) and import that"),
    )


class _Found(NamedTuple):
    """One table as found on a page."""

    page: int
    columns: tuple[float, ...]  # the left edge of each column
    rows: list[list[Cell]]
    heading: str | None


def _page_tables(page: Any) -> list[_Found]:
    """Each table on ``page``, with its columns' edges, its rows of cells and its heading."""
    found = []
    for table in page.find_tables():
        rows = _rows(page, table)
        if not any(cell.raw for row in rows for cell in row):
            continue
        top = table.bbox[1]
        above = page.crop((0, 0, page.width, max(top, 0.1)), strict=False)
        heading = heading_of((above.extract_text() or "").split("\n")[-3:])
        columns = tuple(round(column.bbox[0], 1) for column in table.columns)
        found.append(_Found(page.page_number, columns, rows, heading))
    return found


def _in_box(char: Any, box: Sequence[float]) -> bool:
    middle_x = (char["x0"] + char["x1"]) / 2
    middle_y = (char["top"] + char["bottom"]) / 2
    x0, top, x1, bottom = box
    return bool(x0 <= middle_x < x1 and top <= middle_y < bottom)


def _rows(page: Any, table: Any) -> list[list[Cell]]:
    """The cells of ``table`` row by row, merged cells as the module's docstring says."""
    from pdfplumber.utils.text import extract_text

    box = table.bbox
    # The table's characters by their vertical middle: each cell looks only at the band of
    # characters between its top and bottom (a bisection), not at every character of the table.
    chars = sorted(
        (char for char in page.chars if _in_box(char, box)),
        key=lambda char: (char["top"] + char["bottom"]) / 2,
    )
    middles = [(char["top"] + char["bottom"]) / 2 for char in chars]
    rows: list[list[Cell]] = []
    last: dict[int, tuple[Any, str]] = {}  # column -> (box, raw) of the last cell there
    for row in table.rows:
        cells = []
        row_top = row.bbox[1]
        for column, cell_box in enumerate(row.cells):
            if cell_box is None:
                above = last.get(column)
                continued = above is not None and above[0][3] > row_top + 1
                cells.append(Cell("", merged_from=above[1] if continued and above else None))
                continue
            band = chars[bisect_left(middles, cell_box[1]) : bisect_left(middles, cell_box[3])]
            inside = [char for char in band if _in_box(char, cell_box)]
            text = joined_lines(extract_text(inside)) if inside else ""
            raw = html.escape(text, quote=False)
            last[column] = (cell_box, raw)
            cells.append(Cell(raw))
        rows.append(cells)
    return rows


def _numbered(found: list[_Found]) -> list[DocumentTable]:
    """Number the tables; join a table continued on the next page."""
    tables: list[DocumentTable] = []
    previous: _Found | None = None
    for this in found:
        if tables and previous is not None and _continues(previous, this):
            last = tables[-1]
            start = len(last.lines)
            lines = [RawLine(start + i, tuple(row)) for i, row in enumerate(this.rows, start=1)]
            tables[-1] = DocumentTable(last.number, last.heading, (*last.lines, *lines), last.page)
        else:
            lines = [RawLine(i, tuple(row)) for i, row in enumerate(this.rows, start=1)]
            tables.append(DocumentTable(len(tables) + 1, this.heading, tuple(lines), this.page))
        previous = this
    return tables


def _texts(row: list[Cell]) -> list[str]:
    return [cell.text for cell in row]


def _continues(before: _Found, this: _Found) -> bool:
    """True when ``this`` table, first on the page after ``before``'s, is the rest of it: the
    same columns, and its first row repeats ``before``'s header row, or no caption of its own
    stands above it and its columns line up with ``before``'s."""
    if this.page != before.page + 1 or not this.rows or not before.rows:
        return False
    if len(this.rows[0]) != len(before.rows[0]):
        return False
    header = next((row for row in before.rows if sum(1 for c in row if c.text) >= 2), None)
    if header is not None and _texts(header) == _texts(this.rows[0]):
        return True
    aligned = len(this.columns) == len(before.columns) and all(
        abs(a - b) <= 2 for a, b in zip(this.columns, before.columns, strict=True)
    )
    return aligned and caption_text(this.heading) is None
