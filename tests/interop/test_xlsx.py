"""bevilling.interop.xlsx: the streaming .xlsx writer, read back by openpyxl (and LibreOffice,
where it is installed)."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bevilling.interop.xlsx import (
    MAX_CELL_TEXT,
    Formula,
    Workbook,
    _PartWriter,
    cell_text,
    column_letter,
)

openpyxl = pytest.importorskip("openpyxl")


def _book(*sheets: tuple[str, list[list[object]]], **options: object) -> bytes:
    book = Workbook()
    for title, rows in sheets:
        book.add_sheet(title, rows, **options)  # type: ignore[arg-type]
    return book.finish()


def _load(data: bytes):  # type: ignore[no-untyped-def]
    return openpyxl.load_workbook(io.BytesIO(data))


def test_cells_read_back_with_their_types_styles_and_formats() -> None:
    """Text, integers, Decimals and formulas come back as such; the header is bold, filled
    and wrapped, bold rows are bold, number formats apply to numbers and formulas below the
    header (not to text, not to the header)."""
    rows: list[list[object]] = [
        ["Id", "Beløb", "År"],
        ["A1", Decimal("1200"), 2016],
        ["A2", Decimal("18.30"), None],
        [],
        ["I alt", Formula("=SUM(B2:B3)", Decimal("1218.3")), None],
    ]
    book = Workbook()
    book.add_sheet("Ark", rows, number_formats={2: "#,##0.0"}, bold_rows={5})
    sheet = _load(book.finish())["Ark"]
    assert [
        ("Id", "Beløb", "År"),
        ("A1", 1200, 2016),
        ("A2", 18.3, None),
        (None, None, None),
        ("I alt", "=SUM(B2:B3)", None),
    ] == list(sheet.iter_rows(values_only=True))
    assert ["General", "#,##0.0", "#,##0.0", "#,##0.0", "General"] == [
        sheet[c].number_format for c in ("B1", "B2", "B3", "B5", "A5")
    ]
    header = sheet["A1"]
    assert (True, "00DDEBF7", "top", True) == (
        header.font.b, header.fill.fgColor.rgb, header.alignment.vertical,
        header.alignment.wrap_text,
    )  # fmt: skip
    assert (False, True, True) == (sheet["A2"].font.b, sheet["A5"].font.b, sheet["B5"].font.b)
    assert ("f", "n", "s") == (sheet["B5"].data_type, sheet["B2"].data_type, sheet["A2"].data_type)
    assert "A2" == sheet.freeze_panes


def test_text_is_never_a_formula_and_keeps_the_quote_prefix() -> None:
    """Text starting with = + - @ or tab is a text cell with Excel's quote prefix (also in
    the header and in bold rows); only Formula makes a formula."""
    hostile = ["=1+1", "+A1", "-JKI", "@SUM(1)", "\tx", '=HYPERLINK("http://x")']
    data = _book(("Ark", [hostile, hostile, hostile]), bold_rows={3})
    sheet = _load(data)["Ark"]
    for row in sheet.iter_rows():
        assert [("s", True)] * len(hostile) == [(c.data_type, c.quotePrefix) for c in row]
        assert hostile == [c.value for c in row]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert b"<f>" not in package.read("xl/worksheets/sheet1.xml")


def test_control_characters_xml_and_excel_escapes_are_shown_as_written() -> None:
    """Characters XML cannot hold and control characters are made visible; &, <, > are
    escaped; Excel's _xHHHH_ escapes stay literal; spaces around a text are kept; a text over
    32 767 characters is cut with an ellipsis."""
    texts = ["a\x00b\x1b[2J\x07", "\ud800\ufffe", "x & <y> \"z\" 'w'", "_x0041_ _X004a_",
             "  both  ", "line\nbreak\ttab", "\u202eevil\u2028", "x" * 40000]  # fmt: skip
    sheet = _load(_book(("Ark", [["H"], *([t] for t in texts)])))["Ark"]
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    expected = [cell_text(t) for t in texts]
    assert expected == values
    assert "a\\x00b\\x1b[2J\\x07" == values[0]
    assert ("_x0041_ _X004a_", "  both  ") == (values[3], values[4])
    assert (MAX_CELL_TEXT, "…") == (len(values[-1]), values[-1][-1])


def test_a_text_that_starts_or_ends_with_a_space_keeps_it() -> None:
    """Every character str.strip() strips, at the start or the end of a text as the cell
    shows it, marks its shared string xml:space="preserve" (and only those texts); all read
    back as written."""
    import sys

    from bevilling.interop.xlsx import _SPACES

    assert frozenset(c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace()) == _SPACES
    texts = [f"{c}a" for c in sorted(_SPACES)] + [f"a{c}" for c in sorted(_SPACES)]
    texts += ["a b", "a\u200bb", "\u200b"]  # inner spaces; a zero-width space is not one
    data = _book(("Ark", [["H"], *([t] for t in texts)]))
    shared = zipfile.ZipFile(io.BytesIO(data)).read("xl/sharedStrings.xml").decode()
    items = ET.fromstring(shared).findall("{*}si/{*}t")  # noqa: S314 - our own output
    preserve = "{http://www.w3.org/XML/1998/namespace}space"
    kept = {item.text: item.get(preserve) == "preserve" for item in items}
    shown = [cell_text(t) for t in ["H", *texts]]  # a control character shows as \\x1d
    assert {t: t != t.strip() for t in shown} == kept
    sheet = _load(data)["Ark"]
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [cell_text(t) for t in texts] == values


def test_numbers_are_written_exactly_never_through_a_float() -> None:
    """A Decimal is written as its plain decimal text (no exponent, no float rounding,
    trailing zeros after the point dropped)."""
    values = [Decimal("12345678901234567890.123456789"), Decimal("1E+3"), Decimal("-0.50"),
              Decimal("18300.000000"), -7]  # fmt: skip
    data = _book(("Ark", [["H"], *([v] for v in values)]))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        sheet = package.read("xl/worksheets/sheet1.xml").decode()
    texts = [v.text for v in ET.fromstring(sheet).iter() if v.tag.endswith("}v")]  # noqa: S314
    assert ["0", "12345678901234567890.123456789", "1000", "-0.5", "18300", "-7"] == texts


def test_widths_follow_the_content() -> None:
    """A column is as wide as its longest content plus 2, numbers as shown with thousands
    separators, formulas as 10; at least 8, at most 60 characters."""
    rows: list[list[object]] = [["Id", "x" * 80, "Beløb", "S"],
                                ["A", "y", Decimal("-1234567.5"), Formula("=1", 1)]]  # fmt: skip
    sheet = _load(_book(("Ark", rows)))["Ark"]
    widths = {c: sheet.column_dimensions[c].width for c in "ABCD"}
    assert {"A": 8, "B": 60, "C": len("-1,234,567.5") + 1 + 2, "D": 12} == widths


def test_the_same_sheets_give_the_same_bytes() -> None:
    """No creation date, fixed zip timestamps: an export is reproducible."""
    rows: list[list[object]] = [["Id"], ["A1"]]
    assert _book(("Ark", rows)) == _book(("Ark", rows))


def test_every_part_is_well_formed_xml_and_the_package_is_complete() -> None:
    """Each part parses; the content types name every part; sheet names are escaped."""
    data = _book(("A & <B>", [["x"]]), ("Ark 'to'", [["y"]]))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = set(package.namelist())
        for name in names:
            ET.fromstring(package.read(name))  # noqa: S314 - our own output
        types = package.read("[Content_Types].xml").decode()
    parts = {"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels"}
    parts |= {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml", "docProps/app.xml"}
    parts |= {"docProps/core.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}
    assert parts == names
    assert all(f'PartName="/{n}"' in types for n in names if n.endswith(".xml") and "[" not in n)
    assert ["A & <B>", "Ark 'to'"] == _load(data).sheetnames


def test_what_cannot_be_written_is_refused() -> None:
    """A float, a bool, a Decimal that is no number, more columns than Excel holds, a
    finished workbook, no sheet."""
    for value in (1.5, True):
        with pytest.raises(TypeError, match="cannot write a"):
            Workbook().add_sheet("A", [["H"], [value]])
    for number in ("NaN", "-Infinity", "sNaN12"):
        with pytest.raises(ValueError, match="not a number Excel holds"):
            Workbook().add_sheet("A", [["H"], [Decimal(number)]])
    with pytest.raises(ValueError, match="Excel holds 16384"):
        Workbook().add_sheet("A", [[None] * 16385])
    with pytest.raises(ValueError, match="at least one sheet"):
        Workbook().finish()
    book = Workbook()
    book.add_sheet("A", [["H"]])
    book.finish()
    with pytest.raises(ValueError, match="finished"):
        book.add_sheet("B", [["H"]])
    with pytest.raises(ValueError, match="outside"):
        column_letter(0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text(max_size=30), st.integers(-(10**12), 10**12),
                          st.decimals(allow_nan=False, allow_infinity=False, places=3,
                                      min_value=-(10**9), max_value=10**9)),
                min_size=1, max_size=6))  # fmt: skip
def test_any_row_reads_back(row: list[object]) -> None:
    """Whatever text, integers and decimals a row holds, openpyxl reads back the same values
    (text as cell_text shows it, numbers equal)."""
    sheet = _load(_book(("Ark", [["H"], row])))["Ark"]
    values = {c.column: c.value for c in sheet[2]} if sheet.max_row >= 2 else {}
    for column, value in enumerate(row, start=1):
        got = values.get(column)
        if value is None or value == "":
            assert got in (None, "")
        elif isinstance(value, str):
            assert cell_text(value) == got
        else:
            assert Decimal(str(value)) == Decimal(str(got))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_it_and_computes_the_formulas(tmp_path: Path) -> None:
    """LibreOffice converts the workbook to CSV: its text, numbers and computed sums."""
    rows: list[list[object]] = [["Id", "Beløb"], ["=1+1", Decimal("1200")],
                                ["Å & <b>", Decimal("18.5")], [],
                                ["I alt", Formula("=SUM(B2:B3)", Decimal("1218.5"))]]  # fmt: skip
    (tmp_path / "book.xlsx").write_bytes(_book(("Ark", rows), number_formats={2: "0.0"}))
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path),
         str(tmp_path / "book.xlsx")],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    lines = (tmp_path / "book.csv").read_text(encoding="utf-8").splitlines()
    assert ["Id,Beløb", "=1+1,1200.0", "Å & <b>,18.5", ",", "I alt,1218.5"] == lines  # =1+1 is text


def _golden_sheets() -> list[tuple[str, list[list[object]], dict[int, str], set[int]]]:
    """4 500 rows (three chunks of rows) of hostile texts, numbers, empty rows, rows of empty
    cells and a formula; and a second sheet."""
    texts = ["=1+1", "+", "-", "@", "\tTab", "\rCR", "x\x00y\x1b[2J", "😀 \ud800", "&<>\"'",
             "_x0041_", " lead", "trail ", "\u2028", "z" * 33000, "Æble", "Beløb"]  # fmt: skip
    rows: list[list[object]] = [["Id", "Tekst", "Beløb", "År", "Udløb"]]
    for n in range(4500):
        if n % 997 == 0:
            rows.append([])
        elif n % 499 == 0:
            rows.append([None] * 5)
        else:
            amount = Decimal(n * 37 % 100000) / (10 if n % 5 == 0 else 1) - (n % 11 == 0) * 500
            expiry = "Udløb ikke fastsat" if n % 13 == 0 else 2016 + n % 3
            rows.append([f"R{n:05d}", texts[n % len(texts)] if n % 7 else None, amount,
                         2015 + n % 5, expiry])  # fmt: skip
    total = sum((row[2] for row in rows[1:] if len(row) > 2 and row[2] is not None), Decimal(0))
    rows.append([None, "I alt", Formula("=SUM(C2:C4501)", total), None, None])
    second: list[list[object]] = [["H", "I"], ["a", 1], ["b", Decimal("2.50")]]
    return [("Ark", rows, {3: "#,##0.0"}, {len(rows)}), ("=Andet", second, {}, set())]


def test_the_parts_are_byte_for_byte_those_of_session_5() -> None:
    """A regression guard for the writer's speed work: every part of this workbook (and the
    zip listing: names, order, dates, sizes) is exactly what the writer of session 5 wrote,
    but for the formula's cached value (``<v>``, session 7) and the width it gives its column
    (the digest is over the uncompressed parts, so another zlib gives the same)."""
    book = Workbook()
    for title, rows, formats, bold in _golden_sheets():
        book.add_sheet(title, rows, number_formats=formats, bold_rows=bold)
    digest = hashlib.sha256()
    with zipfile.ZipFile(io.BytesIO(book.finish())) as package:
        for info in package.infolist():
            digest.update(
                f"{info.filename} {info.date_time} {info.compress_type} {info.file_size}\n".encode()
            )
            digest.update(package.read(info))
    expected = "48993bfece9b62ce123c8eff26af616b8ead11c1b669bf1201ac423e449ea8dd"
    assert expected == digest.hexdigest()


def test_the_work_per_cell_does_not_grow_with_the_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shape, no clock: at N and 4N rows each distinct text is made a shared string once (a
    category repeated on every row is one), and a sheet goes into the zip in chunks of
    2 000 rows, so the pieces written grow linearly with the rows."""
    counts = {"strings": 0, "writes": 0}
    make_string = Workbook._string
    open_part = _PartWriter.open

    def counted_string(self: Workbook, value: str) -> tuple[str, int, str, bool]:
        counts["strings"] += 1
        return make_string(self, value)

    def counted_part(self: _PartWriter, name: str) -> object:
        part = open_part(self, name)
        write = part.write

        def counted_write(data: bytes) -> int:
            counts["writes"] += 1
            return write(data)  # type: ignore[no-any-return]

        part.write = counted_write
        return part

    monkeypatch.setattr(Workbook, "_string", counted_string)
    monkeypatch.setattr(_PartWriter, "open", counted_part)
    seen = []
    for n in (3000, 12000):
        counts.update(strings=0, writes=0)
        rows: list[list[object]] = [["Id", "Kategori", "Beløb"]]
        rows += [[f"R{i}", ("drift", "indsats", "særlig")[i % 3], Decimal(i)] for i in range(n)]
        _book(("Ark", rows))
        seen.append((counts["strings"], counts["writes"]))
    # 3 header texts, 3 categories, n ids; the sheet written a chunk of 2 000 rows at a time
    # (and its head and tail), the shared strings 10 000 at a time (and theirs), 7 small parts
    assert [(3 + 3 + 3000, (2 + 2) + (1 + 2) + 7), (3 + 3 + 12000, (7 + 2) + (2 + 2) + 7)] == seen


def test_a_part_that_cannot_be_written_is_raised_in_the_callers_thread() -> None:
    """The sheets are compressed in a thread of their own: what goes wrong there is raised in
    the caller's (by the next add_sheet(), or here by finish()), and nothing more is written."""
    book = Workbook()
    book.add_sheet("A", [["H"], ["x"]])
    book._parts.wait()
    written = []

    def broken(name: str) -> object:
        written.append(name)
        raise OSError("disk full")

    book._parts.open = broken  # type: ignore[method-assign]
    book.add_sheet("B", [["H"], ["y"]])
    with pytest.raises(OSError, match="disk full"):
        book.finish()
    assert ["xl/worksheets/sheet2.xml"] == written


def test_a_formula_is_written_with_its_value_cached() -> None:
    """Attack 7, finding 27: every formula carries the value it computes, written as the
    cell's ``<v>`` (a number exactly; a text as a text result, ``t="str"``, with control
    characters made visible and never read as a formula; None as an empty text), in normal
    and bold rows, so that a reader that computes nothing reads it."""
    rows: list[list[object]] = [
        ["Id", "Beløb", "Tekst"],
        ["A", Decimal("0.1"), Formula('=IF(B2="","",B2)', Decimal("0.1"))],
        ["B", Decimal("0.2"), Formula("=A1", "=1+1\x1b")],
        ["I alt", Formula("=SUM(B2:B3)", Decimal("0.3")), Formula('=""', None)],
    ]
    data = _book(("Ark", rows), bold_rows={4})
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="C2"><f>IF(B2="","",B2)</f><v>0.1</v></c>' in xml
    assert '<c r="C3" t="str"><f>A1</f><v>=1+1\\x1b</v></c>' in xml
    assert "<f>SUM(B2:B3)</f><v>0.3</v></c>" in xml
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)["Ark"]
    assert [0.1, "=1+1\\x1b", 0.3] == [values["C2"].value, values["C3"].value, values["B4"].value]
    with pytest.raises(TypeError):
        Workbook().add_sheet("Ark", [["Id"], [Formula("=1", 1.5)]])  # type: ignore[arg-type]
