"""Word and PDF documents for the tests, written here from the seeds' tables.

The budget papers themselves are not in the repository; their tables are (the raw table text
in ``tests/data/seeds/``, transcribed into the shipped ledgers under ``ledger/``).  These
builders print such a table into a real ``.docx`` (python-docx) or ``.pdf`` (fpdf2, ruled
cells as Word prints them), with a caption before it and merged cells where a Word user would
merge them, so that the import reads the documents as it would read the originals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
SEEDS = TESTS / "data" / "seeds"

#: (row, column) -> (rows, columns) a cell spans.
Spans = Mapping[tuple[int, int], tuple[int, int]]


@attrs.frozen
class Printed:
    """One table as printed: its caption, its rows (None: covered by a merged cell) and the
    cells merged over several rows or columns."""

    caption: str | None
    rows: Sequence[Sequence[str | None]]
    spans: Spans = attrs.field(factory=dict)
    widths: Sequence[float] | None = None


def seed_rows(name: str) -> list[list[str]]:
    """The rows of a seed table as printed: converter markup dropped, the rule line left out
    (in the document it is a border, not a row)."""
    rows = []
    for line in (SEEDS / name).read_text(encoding="utf-8").splitlines():
        cells = [
            c.replace("<i>", "").replace("</i>", "").replace("<b>", "").replace("</b>", "")
            for c in line.split("\t")
        ]
        if cells[0].strip() == "<hr/>":
            continue
        rows.append(cells)
    return rows


def bi2_printed(*, merged: bool) -> Printed:
    """Seed 004, BI2 Tabel 2 (Udvalg/Bevilling/Funktion, years, I alt).  ``merged``: Udvalg,
    Bevilling and Funktion printed once for both rows and the total line's label over the
    first four columns, as a Word table merges them; else every cell filled."""
    rows: list[list[str | None]] = [list(r) for r in seed_rows("bi2-tabel2.txt")]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    if merged:
        for column in (1, 2, 3):
            rows[2][column] = None
            spans[(1, column)] = (2, 1)
        rows[3][1:4] = [None, None, None]
        spans[(3, 0)] = (1, 4)
    return Printed(
        "Tabel 2: Udgifter til service", rows, spans, (100, 16, 18, 20, 14, 14, 14, 14, 16)
    )


def biie_printed() -> Printed:
    """Seed 002, BIIe Tabel 2: a "Service" label over the whole width, the service part with
    its total line, then the indsats part with its own (the printed rule is a border)."""
    rows: list[list[str | None]] = [list(r) for r in seed_rows("biie-tabel2.txt")]
    rows[0] = ["Service", None, None, None, None, None]
    return Printed(
        "Tabel 2. Udgifter til service", rows, {(0, 0): (1, 6)}, (120, 22, 22, 22, 22, 22)
    )


def tabel_8_printed() -> Printed:
    """Tabel 8 of the indsatsbudget as Word prints it: each Målgruppe merged down its group's
    rows and each Tilbudstype down its offers' rows (the seed's empty cells)."""
    rows: list[list[str | None]] = [list(r) for r in seed_rows("indsatsbudget-2015-tabel8.txt")]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for column in (0, 1):
        start = None
        for r in range(1, len(rows)):
            label = rows[r][0] or ""
            if label in {"Sum", "I alt"}:
                start = None
                continue
            if rows[r][column] == "" and start is not None:
                rows[r][column] = None
                spans[(start, column)] = (r - start + 1, 1)
            elif rows[r][column]:
                start = r
    return Printed("Tabel 8: Anvendelse af tilbud for målgrupperne", rows, spans)


def write_docx(path: Path, tables: Sequence[Printed], *, before: Sequence[str] = ()) -> Path:
    """A Word document with ``before`` paragraphs, then each table after its caption."""
    import docx

    document = docx.Document()
    for text in before:
        document.add_paragraph(text)
    for printed in tables:
        if printed.caption is not None:
            document.add_paragraph(printed.caption)
        rows = printed.rows
        columns = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=columns)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                if text is not None:
                    table.cell(r, c).text = text
        for (r, c), (height, width) in printed.spans.items():
            text = rows[r][c] or ""
            merged = table.cell(r, c).merge(table.cell(r + height - 1, c + width - 1))
            merged.text = text
        document.add_paragraph("")
    document.save(str(path))
    return path


def write_xlsx(path: Path, printed: Printed) -> Path:
    """A workbook whose first sheet holds the table after its caption (a cell of its own), with
    its merged cells merged as Excel merges them (openpyxl keeps only the first cell's text)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    top = 1
    if printed.caption is not None:
        sheet.cell(1, 1, printed.caption)
        top = 2
    for r, row in enumerate(printed.rows):
        for c, text in enumerate(row):
            if text:
                sheet.cell(top + r, c + 1, text)
    for (r, c), (height, width) in printed.spans.items():
        sheet.merge_cells(
            start_row=top + r,
            start_column=c + 1,
            end_row=top + r + height - 1,
            end_column=c + width,
        )
    workbook.save(str(path))
    return path


def write_pdf(
    path: Path,
    tables: Sequence[Printed],
    *,
    before: Sequence[str] = (),
    repeat_header: bool = False,
) -> Path:
    """A PDF (landscape A4, Helvetica 8 pt) with each table ruled, after its caption; a table
    too long for a page runs on (``repeat_header``: with its first row repeated at the top of
    the next page, as Word prints a table whose header row repeats)."""
    from fpdf import FPDF

    pdf = FPDF(orientation="L")
    pdf.core_fonts_encoding = "windows-1252"  # "–" of "(1.000 kr. – 2016 p/l)"
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    for text in before:
        pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
    for printed in tables:
        if printed.caption is not None:
            pdf.ln(4)
            pdf.cell(0, 6, printed.caption, new_x="LMARGIN", new_y="NEXT")
        with pdf.table(
            col_widths=printed.widths,
            first_row_as_headings=repeat_header,
            repeat_headings=1 if repeat_header else 0,
            text_align="LEFT",
        ) as table:
            for r, row in enumerate(printed.rows):
                line = table.row()
                for c, text in enumerate(row):
                    if text is None:
                        continue
                    height, width = printed.spans.get((r, c), (1, 1))
                    line.cell(text, rowspan=height, colspan=width)
    pdf.output(str(path))
    return path


def write_tracked_docx(path: Path, *, deleted: bool = False, caption: bool = False) -> Path:
    """A Word table whose amount cell of A is "1" + a tracked insertion ".2" + "00" (Word shows
    1.200 until the change is accepted or rejected), as a budget note still in review; or
    (``deleted``) "1." + a tracked deletion "2" + inserted "0" + "00"; or (``caption``) the
    change in the caption only ("Tabel 1 (1.000 kr.)" with "mio." inserted)."""
    import docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    heading = document.add_paragraph("Tabel 1: Særindsatser ")
    if caption:
        heading._p.append(
            parse_xml(
                f'<w:ins {nsdecls("w")} w:id="9" w:author="A" w:date="2016-01-01T00:00:00Z">'
                "<w:r><w:t>(mio. kr.)</w:t></w:r></w:ins>"
            )
        )
    table = document.add_table(rows=4, cols=3)
    for r, row in enumerate(
        [["Formål", "Beløb i tusinder", "Udløb"], ["A", "", "2016"], ["B", "500", "2016"],
         ["I alt", "1.700", ""]]
    ):  # fmt: skip
        for c, text in enumerate(row):
            if text:
                table.cell(r, c).text = text
    paragraph = table.cell(1, 1).paragraphs[0]
    if caption:
        paragraph.add_run("1.200")
    else:
        paragraph.add_run("1." if deleted else "1")
        change = (
            '<w:del {ns} w:id="1" w:author="A" w:date="2016-01-01T00:00:00Z"><w:r><w:delText>2'
            '</w:delText></w:r></w:del><w:ins {ns} w:id="2" w:author="A"'
            ' w:date="2016-01-01T00:00:00Z"><w:r><w:t>0</w:t></w:r></w:ins>'
            if deleted
            else '<w:ins {ns} w:id="1" w:author="A" w:date="2016-01-01T00:00:00Z"><w:r><w:t>.2'
            "</w:t></w:r></w:ins>"
        )
        for element in parse_xml(f"<w:root {nsdecls('w')}>{change.format(ns=nsdecls('w'))}"
                                 "</w:root>"):  # fmt: skip
            paragraph._p.append(element)
        paragraph.add_run("00")
    document.save(str(path))
    return path
