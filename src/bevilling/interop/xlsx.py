"""A streaming ``.xlsx`` writer of our own: sheets of rows straight into the zip, no cell objects.

Why not openpyxl: even in its write-only mode openpyxl builds a ``WriteOnlyCell`` (and its
style objects) per cell and serialises it through an XML tree; at 100 000 appropriations the
export took 10–12× the time of parsing the ledger (bench/README.md).  A workbook is a zip of a
few XML parts, and the export needs only a small part of SpreadsheetML: text, numbers,
formulas, a handful of styles (bold, the header fill, number formats, the quote prefix),
column widths and a frozen header row.  This module writes exactly that, row by row:

* text goes to the shared-strings table, each distinct text escaped once (a category, a phase
  or a table name repeated on 100 000 rows is one entry); a cell holds its index;
* **text is always a text cell, never a formula**: a formula is only what the caller marks
  with :class:`Formula`; text that starts with ``= + - @`` or tab also gets Excel's quote
  prefix, so that it stays text when edited (docs/security.md); characters XML cannot hold
  and control characters are made visible (``\\x1b``), Excel's ``_xHHHH_`` escapes are
  escaped, and a text is cut to Excel's 32 767 characters;
* numbers (``int``, ``Decimal``) are written in plain decimal notation as given (never
  through ``float``), dates are not used;
* each sheet's rows are rendered once into its part (the ``<cols>`` widths, computed on the
  way, go in front), so time and memory grow linearly with the rows; a rendered sheet is
  compressed into the zip in a thread of its own (zlib lets the next sheet render meanwhile
  on a second core), the parts in the same order with the same bytes;
* the output is reproducible: the same sheets give the same bytes (fixed zip timestamps, no
  creation date).

Readers tested: openpyxl (the tests load every workbook back) and LibreOffice (when
``soffice`` is installed).  Imports nothing outside the standard library and ``core.text``.
"""

from __future__ import annotations

import collections
import io
import re
import threading
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from bevilling.core.text import FORMULA_PREFIXES, visible, xml_safe

__all__ = [
    "MAX_CELL_TEXT",
    "MAX_ROWS",
    "Formula",
    "SheetStyle",
    "Workbook",
    "cell_text",
    "column_letter",
]

MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
MAX_ROWS = 1_048_576  # Excel's limit for the rows of one sheet
_MAX_COLUMNS = 16_384

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# Excel reads _xHHHH_ in a text as the character U+HHHH: a literal one is written _x005F_xHHHH_.
_EXCEL_ESCAPE = re.compile("_(x[0-9A-Fa-f]{4}_)")
# The built-in number formats Excel knows by id (ECMA-376 18.8.30); others get ids from 164.
_BUILTIN_FORMATS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4}
_ROWS_PER_CHUNK = 2000
# What str.strip() strips (str.isspace()): a text that starts or ends with one keeps it.
_SPACES = frozenset(
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_EPOCH = (1980, 1, 1, 0, 0, 0)
_IDLE_SECONDS = 0.5  # how long the thread that compresses the sheets waits for more


class Formula(str):
    """A formula the exporter writes itself (``=SUM(D2:D9)``), with the value it computes
    (a ``Decimal``, an ``int`` or a text; None: empty text), which is written beside it as
    the cell's cached value, so that a reader that computes nothing (a mail preview, pandas,
    Power BI, ``data_only`` openpyxl, bevilling's own import) reads the figure; every other
    ``str`` is text.

    >>> Formula("=SUM(D2:D3)", Decimal(3)).value
    Decimal('3')
    """

    value: Decimal | int | str | None

    def __new__(cls, text: str, value: Decimal | int | str | None) -> Formula:
        formula = super().__new__(cls, text)
        formula.value = value
        return formula


def column_letter(column: int) -> str:
    """The letters of a 1-based column: 1 → ``A``, 27 → ``AA``.

    >>> [column_letter(n) for n in (1, 26, 27, 702, 703, 16384)]
    ['A', 'Z', 'AA', 'ZZ', 'AAA', 'XFD']
    """
    if not 1 <= column <= _MAX_COLUMNS:
        raise ValueError(f"column {column} is outside 1..{_MAX_COLUMNS}")
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def cell_text(text: str) -> str:
    """Text as a cell holds it: characters XML cannot hold and control characters made
    visible, cut to Excel's 32 767 characters (the last one an ellipsis).

    >>> cell_text("Mikro\\x00lån\\x1b[2J")
    'Mikro\\\\x00lån\\\\x1b[2J'
    """
    if not text.isprintable():  # printable text has nothing to make visible (a fast path)
        text = visible(xml_safe(text))
    if len(text) > MAX_CELL_TEXT:
        text = text[: MAX_CELL_TEXT - 1] + "…"
    return text


def _escape(text: str) -> str:
    """``text`` for XML element content (``&``, ``<``, ``>``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _attribute(text: str) -> str:
    return _escape(text).replace('"', "&quot;")


def _decimal_text(value: Decimal) -> tuple[str, int]:
    """A Decimal in the plain notation a cell's ``<v>`` holds, exact (never through a float),
    without trailing zeros after the point; and the width it shows with (:func:`_number_width`
    of the Decimal as written).

    >>> _decimal_text(Decimal("18300.0")), _decimal_text(Decimal("-1234.500")), _decimal_text(Decimal("1E+3"))
    (('18300', 9), ('-1234.5', 11), ('1000', 6))
    """  # noqa: E501
    if not value.is_finite():
        raise ValueError(f"cannot write {value} into a cell: not a number Excel holds")
    text = str(value)
    if "E" in text:
        text = f"{value:f}"
    width = _number_width(text)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text, width


def _number_width(text: str) -> int:
    """How wide ``text`` (a plain decimal) shows with thousands separators, plus one:
    ``len(f"{value:,}") + 1``.

    >>> _number_width("-1234567.25"), len(f"{Decimal('-1234567.25'):,}") + 1
    (14, 14)
    """
    point = text.find(".")
    digits = (len(text) if point < 0 else point) - (text[0] == "-")
    return len(text) + max(digits - 1, 0) // 3 + 1


class SheetStyle:
    """The kinds of cell a sheet has: the header row, bold rows, the rest."""

    NORMAL = 0
    HEADER = 1
    BOLD = 2


class _Styles:
    """The cell formats (``cellXfs``) used, each (kind, number format, quote prefix) once."""

    def __init__(self) -> None:
        self.formats: dict[str, int] = {}
        self.xfs: dict[tuple[int, int, bool], int] = {(SheetStyle.NORMAL, 0, False): 0}

    def format_id(self, code: str) -> int:
        known = _BUILTIN_FORMATS.get(code)
        if known is not None:
            return known
        if code not in self.formats:
            self.formats[code] = 164 + len(self.formats)
        return self.formats[code]

    def xf(self, kind: int, number_format: int, quote: bool) -> int:
        key = (kind, number_format, quote)
        index = self.xfs.get(key)
        if index is None:
            index = self.xfs[key] = len(self.xfs)
        return index

    def xml(self, fill: str) -> str:
        formats = "".join(
            f'<numFmt numFmtId="{number}" formatCode="{_attribute(code)}"/>'
            for code, number in self.formats.items()
        )
        xfs = []
        for kind, number_format, quote in self.xfs:
            header = kind == SheetStyle.HEADER
            font, fill_id = (1, 2) if header else (int(kind == SheetStyle.BOLD), 0)
            attributes = f'numFmtId="{number_format}" fontId="{font}" fillId="{fill_id}"'
            attributes += ' borderId="0" xfId="0"'
            if number_format:
                attributes += ' applyNumberFormat="1"'
            if font:
                attributes += ' applyFont="1"'
            if fill_id:
                attributes += ' applyFill="1"'
            if quote:
                attributes += ' quotePrefix="1"'
            if kind == SheetStyle.HEADER:
                xfs.append(
                    f'<xf {attributes} applyAlignment="1">'
                    '<alignment vertical="top" wrapText="1"/></xf>'
                )
            else:
                xfs.append(f"<xf {attributes}/>")
        return (
            f'{_XML_HEAD}<styleSheet xmlns="{_MAIN}">'
            + (f'<numFmts count="{len(self.formats)}">{formats}</numFmts>' if formats else "")
            + '<fonts count="2">'
            '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
            '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
            '<fills count="3"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill>'
            f'<fill><patternFill patternType="solid"><fgColor rgb="00{fill}"/>'
            '<bgColor indexed="64"/></patternFill></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border>'
            "</borders>"
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
            "</cellStyleXfs>"
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
        )


class Workbook:
    """An ``.xlsx`` workbook written sheet by sheet; :meth:`finish` gives its bytes.

    >>> book = Workbook()
    >>> book.add_sheet("Ark", [["Id", "Beløb"], ["=1+1", Decimal("1200")]], widths=False)
    >>> data = book.finish()
    >>> data[:2]
    b'PK'
    """

    def __init__(self, *, header_fill: str = "DDEBF7", compresslevel: int = 1) -> None:
        self._buffer = io.BytesIO()
        self._zip = zipfile.ZipFile(
            self._buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        )
        self._header_fill = header_fill
        self._level = compresslevel
        self._names: list[str] = []
        self._styles = _Styles()
        self._strings: dict[str, tuple[str, int, str, bool]] = {}
        """Shared string by the caller's text (see :meth:`_string`)."""
        self._shared: list[str] = []
        """The shared strings' XML (``<si>…</si>``), in index order."""
        self._finished = False
        self._quoted = f' s="{self._styles.xf(SheetStyle.NORMAL, 0, True)}"'
        self._parts = _PartWriter(self._zip, compresslevel)
        """Compresses the sheets into the zip, in order, beside the rendering of the next."""

    def _part(self, name: str) -> Any:
        return self._parts.open(name)

    def _write(self, name: str, text: str) -> None:
        with self._part(name) as part:
            part.write(text.encode("utf-8"))

    def _string(self, value: str) -> tuple[str, int, str, bool]:
        """The shared string of ``value``, added on first use: the end of its cell in a
        normal row (from the closing quote of ``r``), its width, its index, whether it needs
        the quote prefix."""
        text = value if value.isprintable() and len(value) <= MAX_CELL_TEXT else cell_text(value)
        index = str(len(self._shared))
        if text.startswith(FORMULA_PREFIXES):
            entry = (f'"{self._quoted} t="s"><v>{index}</v></c>', len(text), index, True)
        else:
            entry = (f'" t="s"><v>{index}</v></c>', len(text), index, False)
        escaped = text
        if "&" in text or "<" in text or ">" in text:
            escaped = _escape(text)
        if "_x" in escaped:
            escaped = _EXCEL_ESCAPE.sub(r"_x005F_\1", escaped)
        if text and (text[0] in _SPACES or text[-1] in _SPACES):  # kept: xml:space="preserve"
            self._shared.append(f'<si><t xml:space="preserve">{escaped}</t></si>')
        else:
            self._shared.append(f"<si><t>{escaped}</t></si>")
        self._strings[value] = entry
        return entry

    def add_sheet(
        self,
        title: str,
        rows: Iterable[Sequence[Any]],
        *,
        number_formats: Mapping[int, str] | None = None,
        bold_rows: Iterable[int] = (),
        widths: bool = True,
    ) -> None:
        """A sheet named ``title`` (a valid, unique Excel name: see
        :func:`bevilling.interop.export.sheet_names`) holding ``rows``.

        The first row is the header (bold, filled, wrapped, frozen above the rest); rows
        numbered (from 1) in ``bold_rows`` are bold; a number or formula below the header in
        a column of ``number_formats`` (1-based) gets that format.  A cell is ``None``
        or ``""`` (empty), a ``str`` (text: always a text cell), a :class:`Formula`, an ``int`` or a
        ``Decimal``.  With ``widths`` each column is as wide as its content (8 to 60
        characters; numbers as they will show with thousands separators, formulas as 10).
        """
        if self._finished:
            raise ValueError("the workbook is finished")
        sheet = _SheetWriter(self, number_formats or {}, set(bold_rows))
        sheet.write(rows)
        self._names.append(title)
        columns = sheet.columns
        head = self._sheet_head(
            len(self._names), f"A1:{column_letter(max(columns, 1))}{max(sheet.rows, 1)}",
            sheet.width if widths else [],
        )  # fmt: skip
        sheet.chunks.insert(0, head)
        sheet.chunks.append(
            '</sheetData><pageMargins left="0.75" right="0.75" top="1" bottom="1"'
            ' header="0.5" footer="0.5"/></worksheet>'
        )
        self._parts.submit(f"xl/worksheets/sheet{len(self._names)}.xml", sheet.chunks)

    def _sheet_head(self, index: int, dimension: str, width: list[int]) -> str:
        columns = "".join(
            f'<col min="{column}" max="{column}" width="{min(max(w + 2, 8), 60)}" customWidth="1"/>'
            for column, w in enumerate(width)
            if column and w
        )
        selected = ' tabSelected="1"' if index == 1 else ""
        return (
            f'{_XML_HEAD}<worksheet xmlns="{_MAIN}" xmlns:r="{_REL}">'
            f'<dimension ref="{dimension}"/>'
            f'<sheetViews><sheetView{selected} workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            "</sheetView></sheetViews>"
            '<sheetFormatPr defaultRowHeight="15"/>'
            + (f"<cols>{columns}</cols>" if columns else "")
            + "<sheetData>"
        )

    def finish(self) -> bytes:
        """Write the shared strings, styles, workbook and package parts; the file's bytes."""
        if self._finished:
            raise ValueError("the workbook is finished")
        if not self._names:
            raise ValueError("a workbook needs at least one sheet")
        self._finished = True
        self._parts.wait()
        with self._part("xl/sharedStrings.xml") as part:
            count = len(self._shared)
            part.write(
                f'{_XML_HEAD}<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">'.encode()
            )
            for start in range(0, count, 10_000):
                part.write("".join(self._shared[start : start + 10_000]).encode("utf-8"))
            part.write(b"</sst>")
        self._shared.clear()
        self._strings.clear()
        self._write("xl/styles.xml", self._styles.xml(self._header_fill))
        sheets = "".join(
            f'<sheet name="{_attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(self._names, start=1)
        )
        self._write(
            "xl/workbook.xml",
            f'{_XML_HEAD}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>',
        )
        count = len(self._names)
        relations = [
            (f"rId{n}", "worksheet", f"worksheets/sheet{n}.xml") for n in range(1, count + 1)
        ]
        relations += [(f"rId{count + 1}", "styles", "styles.xml"),
                      (f"rId{count + 2}", "sharedStrings", "sharedStrings.xml")]  # fmt: skip
        self._write("xl/_rels/workbook.xml.rels", _relationships(relations, _REL))
        self._write(
            "_rels/.rels",
            _relationships(
                [
                    ("rId1", "officeDocument", "xl/workbook.xml"),
                    ("rId2", "metadata/core-properties", "docProps/core.xml"),
                    ("rId3", "extended-properties", "docProps/app.xml"),
                ],
                _REL,
                core=True,
            ),
        )
        self._write(
            "docProps/app.xml",
            f"{_XML_HEAD}<Properties xmlns="
            '"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>bevilling</Application></Properties>",
        )
        self._write(
            "docProps/core.xml",
            f"{_XML_HEAD}<cp:coreProperties xmlns:cp="
            '"http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
            ' xmlns:dc="http://purl.org/dc/elements/1.1/">'
            "<dc:creator>bevilling</dc:creator></cp:coreProperties>",
        )
        overrides = [
            ("/xl/workbook.xml", f"{_TYPE}.sheet.main+xml"),
            *((f"/xl/worksheets/sheet{n}.xml", f"{_TYPE}.worksheet+xml")
              for n in range(1, count + 1)),
            ("/xl/styles.xml", f"{_TYPE}.styles+xml"),
            ("/xl/sharedStrings.xml", f"{_TYPE}.sharedStrings+xml"),
            ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
            ("/docProps/app.xml",
             "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
        ]  # fmt: skip
        self._write(
            "[Content_Types].xml",
            f'{_XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels"'
            ' ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
            + "</Types>",
        )
        self._zip.close()
        return self._buffer.getvalue()


class _PartWriter:
    """Writes parts into the zip, in the order given, in a thread of its own.

    Compressing a sheet (zlib, which lets other threads run meanwhile) takes about a fifth of
    the export; done here, it overlaps the rendering of the next sheet on a second core.
    The zip gets the same parts in the same order with the same bytes as when written in
    line: only the thread differs.  The thread runs while there is work and ends after
    :data:`_IDLE_SECONDS` without, so an unfinished workbook leaves nothing behind; an error
    in it is raised by the next :meth:`submit` or :meth:`wait`.
    """

    def __init__(self, package: zipfile.ZipFile, level: int) -> None:
        self._package = package
        self._level = level
        self._jobs: collections.deque[tuple[str, list[str]]] = collections.deque()
        self._pending = 0  # parts given and not yet written
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._error: BaseException | None = None

    def submit(self, name: str, chunks: list[str]) -> None:
        """Write the part ``name`` holding ``chunks`` (texts, UTF-8 encoded on the way)."""
        self._raise()
        with self._ready:
            self._jobs.append((name, chunks))
            self._pending += 1
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="bevilling-xlsx", daemon=True
                )
                self._thread.start()
            self._ready.notify_all()

    def open(self, name: str) -> Any:
        """The part ``name``, open for writing (deflated, with the fixed date)."""
        info = zipfile.ZipInfo(name, date_time=_EPOCH)
        info.compress_type = zipfile.ZIP_DEFLATED
        info._compresslevel = self._level  # type: ignore[attr-defined]  # Python <= 3.12
        return self._package.open(info, "w")

    def wait(self) -> None:
        """Return when every part given is written (raise what writing one raised)."""
        with self._ready:
            while self._pending:
                self._ready.wait()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def _run(self) -> None:
        while True:
            with self._ready:
                if not self._jobs:
                    self._ready.wait(_IDLE_SECONDS)
                    if not self._jobs:
                        self._thread = None
                        return
                name, chunks = self._jobs.popleft()
            try:
                if self._error is None:
                    with self.open(name) as part:
                        while chunks:
                            part.write(chunks.pop(0).encode("utf-8"))
            except BaseException as error:  # raised in the caller's thread
                self._error = error
            finally:
                with self._ready:
                    self._pending -= 1
                    self._ready.notify_all()


class _SheetWriter:
    """One sheet's rows as SheetML, in chunks of rows; the column widths found on the way."""

    def __init__(self, book: Workbook, formats: Mapping[int, str], bold: set[int]) -> None:
        self.book = book
        styles = book._styles
        self.styles = styles
        self.formats = {column: styles.format_id(code) for column, code in formats.items()}
        self.bold = bold
        self.letters: list[str] = [""]
        self.number_style: list[str] = [""]
        """Per column: the style attribute of a number or formula in a normal row."""
        self.starts: list[str] = [""]
        """Per column: a cell's start up to its row number (``<c r="B``)."""
        self.middles: list[str] = [""]
        """Per column: a number's cell in a normal row, from its row number to the number."""
        self.width: list[int] = [0]
        self.chunks: list[str] = []
        self.rows = 0
        self.columns = 0

    def grow(self, columns: int) -> None:
        """Letters, styles and widths up to ``columns``."""
        if columns > _MAX_COLUMNS:
            raise ValueError(f"a row of {columns} cells: Excel holds {_MAX_COLUMNS}")
        for column in range(len(self.letters), columns + 1):
            self.letters.append(column_letter(column))
            normal = self.styles.xf(SheetStyle.NORMAL, self.formats.get(column, 0), False)
            self.number_style.append(f' s="{normal}"' if normal else "")
            self.starts.append(f'<c r="{self.letters[-1]}')
            self.middles.append(f'"{self.number_style[-1]}><v>')
            self.width.append(0)
        self.columns = max(self.columns, columns)

    def write(self, rows: Iterable[Sequence[Any]]) -> None:  # noqa: PLR0915 - one hot loop
        """Render ``rows``: normal rows on the fast path, the header and bold rows apart.

        The loop is written out by hand (no helper per cell, no ``max()``, no list or join
        per row: the cells go straight into the chunk's pieces): at 100 000 rows it runs for
        two million cells."""
        get_string = self.book._strings.get
        add_string = self.book._string
        letters, number_style, width = self.letters, self.number_style, self.width
        starts, middles = self.starts, self.middles
        bold = self.bold
        body: list[str] = []  # the pieces of the rows of the next chunk
        add = body.append
        held = 0  # how many rows body holds
        number = 0
        for number, row in enumerate(rows, start=1):
            if not row:
                continue
            if len(row) >= len(letters):
                self.grow(len(row))
            if number == 1 or number in bold:
                add(self._special(number, row))
                held += 1
                continue
            r = str(number)
            add(f'<row r="{r}">')
            column = 0
            for value in row:
                column += 1
                if value is None:
                    continue
                kind = type(value)
                if kind is str:
                    if not value:  # an empty text is an empty cell
                        continue
                    entry = get_string(value) or add_string(value)
                    add(f"{starts[column]}{r}{entry[0]}")
                    length = entry[1]
                elif kind is Decimal:
                    text = str(value)
                    if text.isdigit():  # a whole amount: 1200 shows as 1.200 (and one more)
                        length = len(text)
                        length += (length - 1) // 3 + 1
                    else:
                        text, length = _decimal_text(value)
                    add(f"{starts[column]}{r}{middles[column]}{text}</v></c>")
                elif kind is int:
                    text = str(value)
                    add(f"{starts[column]}{r}{middles[column]}{text}</v></c>")
                    length = len(text)
                else:
                    cell, length = self._cell(value, letters[column] + r, number_style[column])
                    add(cell)
                if length > width[column]:  # noqa: PLR1730 - cheaper than max() per cell
                    width[column] = length
            add("</row>")
            held += 1
            if held >= _ROWS_PER_CHUNK:
                self.chunks.append("".join(body))
                body.clear()
                held = 0
        if number > MAX_ROWS:
            raise ValueError(f"{number} rows: an Excel sheet holds {MAX_ROWS}")
        self.chunks.append("".join(body))
        self.rows = number

    def _cell(self, value: Any, reference: str, number_style: str) -> tuple[str, int]:
        """A formula, or text given as a ``str`` subclass, in a normal row."""
        if isinstance(value, Formula):
            kind, content, length = _formula(value)
            return f'<c r="{reference}"{number_style}{kind}>{content}</c>', length
        if isinstance(value, str):
            text = str(value)
            if not text:
                return "", 0
            entry = self.book._strings.get(text) or self.book._string(text)
            return f'<c r="{reference}{entry[0]}', entry[1]
        raise TypeError(f"cannot write a {type(value).__name__} into a cell")

    def _special(self, number: int, row: Sequence[Any]) -> str:
        """The header row (bold, filled, wrapped: no number format) or a bold row."""
        styles, book = self.styles, self.book
        kind = SheetStyle.HEADER if number == 1 else SheetStyle.BOLD
        r = str(number)
        cells = [f'<row r="{r}">']
        for column, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            reference = self.letters[column] + r
            if isinstance(value, str) and not isinstance(value, Formula):
                _end, length, index, quote = book._strings.get(str(value)) or book._string(
                    str(value)
                )
                style = styles.xf(kind, 0, quote)
                cells.append(f'<c r="{reference}" s="{style}" t="s"><v>{index}</v></c>')
            else:
                number_format = 0 if kind == SheetStyle.HEADER else self.formats.get(column, 0)
                style = styles.xf(kind, number_format, False)
                typed = ""
                if isinstance(value, Formula):
                    typed, content, length = _formula(value)
                elif isinstance(value, Decimal):
                    text, length = _decimal_text(value)
                    content = f"<v>{text}</v>"
                elif type(value) is int:
                    text = str(value)
                    content, length = f"<v>{text}</v>", len(text)
                else:
                    raise TypeError(f"cannot write a {type(value).__name__} into a cell")
                cells.append(f'<c r="{reference}" s="{style}"{typed}>{content}</c>')
            self.width[column] = max(self.width[column], length)
        cells.append("</row>")
        return "".join(cells)


def _formula(formula: Formula) -> tuple[str, str, int]:
    """A formula cell's type attribute (`` t="str"`` for a text value), its ``<f>`` and the
    cached ``<v>`` of its value, and the width it shows with (at least 10)."""
    value = formula.value
    source = f"<f>{_escape(formula[1:])}</f>"
    if isinstance(value, Decimal):
        text, width = _decimal_text(value)
        return "", f"{source}<v>{text}</v>", max(width, 10)
    if type(value) is int:
        text = str(value)
        return "", f"{source}<v>{text}</v>", max(len(text) + (len(text) - 1) // 3 + 1, 10)
    if value is None or isinstance(value, str):
        text = cell_text(value or "")  # a cached value is never read as a formula
        return ' t="str"', f"{source}<v>{_escape(text)}</v>", max(len(text), 10)
    raise TypeError(f"cannot write a {type(value).__name__} as a formula's value")


def _relationships(
    relations: list[tuple[str, str, str]], namespace: str, *, core: bool = False
) -> str:
    items = []
    for identifier, kind, target in relations:
        base = "http://schemas.openxmlformats.org/package/2006/relationships" if (
            core and kind.startswith("metadata/")
        ) else namespace  # fmt: skip
        items.append(f'<Relationship Id="{identifier}" Type="{base}/{kind}" Target="{target}"/>')
    return f'{_XML_HEAD}<Relationships xmlns="{_PKG_REL}">{"".join(items)}</Relationships>'
