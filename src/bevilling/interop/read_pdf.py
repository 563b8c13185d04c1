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
* A table that runs over a page break, with its header repeated at the top of the next page,
  is one table (the repeated header is skipped by the import, as in copied text).

A PDF that cannot be read is a problem, never a traceback: ``import-encrypted`` for one that
needs a password, ``import-no-text`` for pages without a text layer (a scan), and
``import-unreadable`` for a broken file.  The page count read is capped at
:data:`MAX_PAGES`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from bevilling.core.problems import Problem
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog
from bevilling.interop.documents import DocumentTable, heading_of, joined_lines, missing_extra
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
            found: list[tuple[int, Any, list[list[Cell]], str | None]] = []
            any_text = False
            for page in pdf.pages:
                any_text = any_text or bool(page.chars)
                found.extend(_page_tables(page))
    except Exception as error:  # pdfminer raises many kinds for a broken file
        # pdfplumber wraps pdfminer's errors: PdfminerException(PDFPasswordIncorrect())
        if any(isinstance(e, PDFPasswordIncorrect) for e in (error, *error.args)):
            return [], [_encrypted(path)]
        reason = " ".join(str(error).split())[:200] or type(error).__name__
        message = _(
            "cannot read {file} as a PDF: {reason}",
            file=shown,
            reason=visible(reason, one_line=True),
        )
        hint = _("check that the file is a whole PDF (a download may have been cut short)")
        return [], [import_problem("import-unreadable", path, 0, message, hint)]
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


def _page_tables(page: Any) -> list[tuple[int, Any, list[list[Cell]], str | None]]:
    """(page number, bbox, rows of cells, heading) of each table on ``page``."""
    found = []
    for table in page.find_tables():
        rows = _rows(page, table)
        if not any(cell.raw for row in rows for cell in row):
            continue
        top = table.bbox[1]
        above = page.crop((0, 0, page.width, max(top, 0.1)), strict=False)
        heading = heading_of((above.extract_text() or "").split("\n")[-3:])
        found.append((page.page_number, table.bbox, rows, heading))
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
    chars = [char for char in page.chars if _in_box(char, box)]
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
            inside = [char for char in chars if _in_box(char, cell_box)]
            text = joined_lines(extract_text(inside)) if inside else ""
            raw = html.escape(text, quote=False)
            last[column] = (cell_box, raw)
            cells.append(Cell(raw))
        rows.append(cells)
    return rows


def _numbered(found: list[tuple[int, Any, list[list[Cell]], str | None]]) -> list[DocumentTable]:
    """Number the tables; join a table continued on the next page (its header repeated)."""
    tables: list[DocumentTable] = []
    previous_page = 0
    for page, _box, rows, heading in found:
        texts = [cell.text for cell in rows[0]] if rows else []
        if tables and page == previous_page + 1 and _continues(tables[-1], texts, rows):
            last = tables[-1]
            start = len(last.lines)
            lines = [RawLine(start + i, tuple(row)) for i, row in enumerate(rows, start=1)]
            tables[-1] = DocumentTable(last.number, last.heading, (*last.lines, *lines), last.page)
        else:
            lines = [RawLine(i, tuple(row)) for i, row in enumerate(rows, start=1)]
            tables.append(DocumentTable(len(tables) + 1, heading, tuple(lines), page))
        previous_page = page
    return tables


def _continues(table: DocumentTable, first: list[str], rows: list[list[Cell]]) -> bool:
    """True when a table starting with the row ``first`` repeats ``table``'s header row (the
    same number of columns, the same texts): the rest of it after a page break."""
    header = next((line for line in table.lines if sum(1 for c in line.cells if c.text) >= 2), None)
    if header is None or not rows or len(rows[0]) != table.columns:
        return False
    return [cell.text for cell in header.cells] == first
