"""The tables of a budget paper itself: a Word (``.docx``) or PDF document.

A reader per format (:mod:`~bevilling.interop.read_docx` with python-docx,
:mod:`~bevilling.interop.read_pdf` with pdfplumber) finds the document's tables and turns each
into the raw lines of :mod:`~bevilling.interop.tables`, as :mod:`~bevilling.interop.read_text`
does for a copied table; the import reads them like any other input (header, Danish numbers,
"I alt" lines, merged cells).  This module holds what the two share: :class:`DocumentTable`,
the choice of tables (``--table``) and the problems
of a document that cannot be read.

The libraries are optional extras (``bevilling[docx]``, ``bevilling[pdf]``), imported only by
the reader that needs one; without it the problem ``import-missing-extra`` names the extra.

A document comes from others: its text is never run or trusted.  A Word file is a zip of XML
(refused when its directory declares more than :data:`MAX_UNCOMPRESSED_BYTES`; lxml resolves no
entities); a PDF that cannot be read (broken, encrypted, without a text layer) is a problem
with its own code, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import PurePath

import attrs

from bevilling.core.problems import Problem
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog
from bevilling.interop.tables import Cell, RawLine, import_problem

_, _n = catalog(__name__)

__all__ = [
    "DOCUMENT_SUFFIXES",
    "MAX_UNCOMPRESSED_BYTES",
    "DocumentTable",
    "caption_text",
    "choose_tables",
    "damaged_file",
    "describe_table",
    "is_document",
    "joined_lines",
    "missing_extra",
    "table_input",
    "zip_too_big",
]

#: The suffixes read as documents (a table is chosen from them), with the extra each needs.
DOCUMENT_SUFFIXES: dict[str, str] = {".docx": "docx", ".pdf": "pdf"}

#: The most content (uncompressed, as the zip directory declares it) a Word file may hold.
MAX_UNCOMPRESSED_BYTES = 1 << 30

# A caption: "Tabel 2: …", "Tablet 8 …", "Table 2. …" (linear: literals, one optional space).
_CAPTION = re.compile(r"(?i)(?:tabel|tablet|table)\s?[0-9]+\b")
# The longest heading kept (a paragraph before a table may be a whole section of text).
_MAX_HEADING = 200


@attrs.frozen
class DocumentTable:
    """One table of a document, as lines of cells (line = the table's 1-based row)."""

    number: int
    """Its number in the document, 1-based, in reading order (``--table N``)."""
    heading: str | None
    """The caption or paragraph printed just before it ("Tabel 2: Udgifter til service")."""
    lines: tuple[RawLine, ...]
    """Its rows, each a line of cells; ``line`` is the row's number in the table."""
    page: int | None = None
    """The page it starts on (PDF); None for a Word document, which has no fixed pages."""
    tracked: int | None = None
    """The first row (1-based; 0 for its heading) holding a tracked change that is not yet
    accepted or rejected (Word's Track Changes), or None: such a table reads neither the old
    nor the new version (see :func:`tracked_changes`)."""

    @property
    def columns(self) -> int:
        """The number of columns (of the widest row)."""
        return max((len(line.cells) for line in self.lines), default=0)

    def key(self, path: str) -> str:
        """The name of this table in problems: ``budgetnotat.docx#table-2`` (line = row)."""
        return f"{path}#table-{self.number}"

    def text(self) -> str:
        """The rows as tab-separated text, for excerpts in problem reports."""
        return "\n".join(
            "\t".join(" ".join(cell.raw.split()) for cell in line.cells) for line in self.lines
        )


def is_document(path: str) -> bool:
    """True for a path read as a document (``.docx``, ``.pdf``)."""
    return PurePath(path).suffix.casefold() in DOCUMENT_SUFFIXES


def missing_extra(path: str, library: str, extra: str) -> Problem:
    """``import-missing-extra``: reading this kind of document needs an optional library."""
    return import_problem(
        "import-missing-extra",
        path,
        0,
        _(
            "reading {file} needs {library}, which is not installed",
            file=visible(path, one_line=True),
            library=library,
        ),
        _("install the extra: pip install 'bevilling[{extra}]'", extra=extra),
    )


def damaged_file(path: str, kind: str, hint: str, *, row: int | None = None) -> Problem:
    """``import-unreadable`` for a file its reader's library cannot read: ``kind`` is
    ``docx``, ``xlsx`` or ``pdf``; ``row`` the first row of a sheet that could not be read,
    when the rows above it could.

    The library's own reason is left out: it is English (zipfile's "File is not a zip file",
    pdfminer's "Unexpected EOF", a ``KeyError`` for a missing part of the zip) and tells a
    finance officer nothing but that the file is damaged or is not what its name says.
    """
    file = visible(path, one_line=True)
    if kind == "docx":
        message = _(
            "{file} is not a valid Word file: the file is damaged or of another type", file=file
        )
    elif kind == "pdf":
        message = _(
            "{file} is not a valid PDF file: the file is damaged or of another type", file=file
        )
    elif row is None:
        message = _(
            "{file} is not a valid spreadsheet file: the file is damaged or of another type",
            file=file,
        )
    else:
        message = _(
            "{file} is not a valid spreadsheet file: the file is damaged (it cannot be read"
            " from row {row} on)",
            file=file,
            row=row,
        )
    return import_problem("import-unreadable", path, 0, message, hint)


def zip_too_big(path: str) -> Problem | None:
    """``import-unreadable`` when the zip directory declares more than the limit (None when it
    does not, and when the file is no zip: the reader then says what it is)."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (OSError, zipfile.BadZipFile, ValueError):
        return None
    if size <= MAX_UNCOMPRESSED_BYTES:
        return None
    return import_problem(
        "import-unreadable",
        path,
        0,
        _(
            "{file} unpacks to {size} MiB, more than the {limit} MiB a document may hold",
            file=visible(path, one_line=True),
            size=size // (1 << 20),
            limit=MAX_UNCOMPRESSED_BYTES // (1 << 20),
        ),
        _("check that the file is the budget paper; or copy the table out as text"),
    )


def joined_lines(text: str) -> str:
    """The lines of a wrapped cell as one text: a space between lines, none after a line that
    ends in a hyphen joined to a word (``rehabiliteringsteam-`` + ``møder``).

    >>> joined_lines("Styrket\\nindsats"), joined_lines("rehabiliteringsteam-\\nmøder")
    ('Styrket indsats', 'rehabiliteringsteam-møder')
    >>> joined_lines("1.000 -\\n2.000")
    '1.000 - 2.000'
    """
    parts = [part.strip() for part in text.replace("\r", "\n").split("\n")]
    joined = ""
    for part in parts:
        if not part:
            continue
        if joined.endswith("-") and not joined.endswith(" -") and part[:1].isalpha():
            joined += part
        else:
            joined = f"{joined} {part}" if joined else part
    return joined


def caption_text(text: str | None) -> str | None:
    """A heading that is a table caption ("Tabel 2: …"), or None."""
    if text is None:
        return None
    text = " ".join(text.split())
    return text if _CAPTION.match(text) else None


def heading_of(texts: Sequence[str]) -> str | None:
    """The heading of a table from the paragraphs before it (the last first): the nearest
    caption among the last three, else the nearest paragraph; cut to a sane length."""
    nearest = [" ".join(text.split()) for text in reversed(texts) if text.strip()][:3]
    if not nearest:
        return None
    chosen = next((text for text in nearest if _CAPTION.match(text)), nearest[0])
    return chosen if len(chosen) <= _MAX_HEADING else chosen[: _MAX_HEADING - 1] + "…"


def describe_table(table: DocumentTable) -> str:
    """One line about a table for the listing: number, page, size and heading (made safe)."""
    rows, columns = len(table.lines), table.columns
    size = _n("{rows} row", "{rows} rows", rows, rows=rows)
    size += " × " + _n("{columns} column", "{columns} columns", columns, columns=columns)
    heading = visible(table.heading, one_line=True) if table.heading else _("(no heading)")
    if table.page is not None:
        return _(
            "table {number} (page {page}): {heading} ({size})",
            number=table.number,
            page=table.page,
            heading=heading,
            size=size,
        )
    return _("table {number}: {heading} ({size})", number=table.number, heading=heading, size=size)


def choose_tables(
    path: str, tables: Sequence[DocumentTable], chosen: Sequence[int]
) -> tuple[list[DocumentTable], list[Problem]]:
    """The tables ``--table`` chose (all of one when the document has only one), or problems:
    ``import-no-tables``, ``import-ambiguous-table`` (several and none chosen), and
    ``import-options`` (a number the document does not have)."""
    shown = visible(path, one_line=True)
    if not tables:
        return [], [
            import_problem(
                "import-no-tables",
                path,
                0,
                _("{file} holds no table", file=shown),
                _(
                    "only tables with cells are read (in a PDF: ruled cells); if the table is"
                    " text set with spaces, copy it out as tab-separated text"
                ),
            )
        ]
    if not chosen:
        if len(tables) == 1:
            return list(tables), []
        listing = "; ".join(describe_table(table) for table in tables)
        return [], [
            import_problem(
                "import-ambiguous-table",
                path,
                0,
                _(
                    "{file} holds {count} tables; choose which to import: {listing}",
                    file=shown,
                    count=len(tables),
                    listing=listing,
                ),
                _(
                    "give --table N (repeat it for several tables); `bevilling import {file}`"
                    " without -o lists the tables",
                    file=shown,
                ),
            )
        ]
    by_number = {table.number: table for table in tables}
    missing = [number for number in chosen if number not in by_number]
    if missing:
        return [], [
            import_problem(
                "import-options",
                path,
                0,
                _n(
                    "--table {numbers}: {file} has only {count} table",
                    "--table {numbers}: {file} has only {count} tables",
                    len(tables),
                    numbers=", ".join(str(n) for n in missing),
                    file=shown,
                    count=len(tables),
                ),
                _("`bevilling import {file}` without -o lists the tables", file=shown),
            )
        ]
    return [by_number[number] for number in chosen], []


def tracked_changes(path: str, table: DocumentTable) -> Problem | None:
    """``import-tracked-changes`` for a table with tracked changes not yet accepted or
    rejected: the text read from it is neither the old nor the new version (inserted and
    deleted text are both left out: "1" + inserted ".2" + "00" reads 100 for Word's 1.200),
    so the table is refused rather than guessed."""
    if table.tracked is None:
        return None
    shown = visible(path, one_line=True)
    return import_problem(
        "import-tracked-changes",
        table.key(path),
        table.tracked,
        _(
            "table {table} of {file} has tracked changes that are not accepted or rejected"
            " (from row {row}): its figures could be read as neither the old nor the new"
            " version",
            table=table.number,
            file=shown,
            row=table.tracked,
        )
        if table.tracked
        else _(
            "the caption of table {table} of {file} has tracked changes that are not accepted"
            " or rejected: it could be read as neither the old nor the new version",
            table=table.number,
            file=shown,
        ),
        _(
            "accept or reject the changes in Word first (Gennemse > Acceptér or Afvis), save"
            " the document, and read it again"
        ),
    )


def table_input(path: str, table: DocumentTable) -> tuple[str, list[RawLine], str]:
    """One chosen table as an input of the import: its name in problems, its lines (with its
    caption first, when its heading is one, so that it names the table) and its text."""
    lines = list(table.lines)
    caption = caption_text(table.heading)
    if caption is not None:
        lines.insert(0, RawLine(0, (Cell(caption),)))
    return table.key(path), lines, table.text()
