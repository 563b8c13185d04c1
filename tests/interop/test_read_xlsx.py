"""bevilling.interop.read_xlsx: workbooks, including damaged and hostile ones, built in the
test with openpyxl and zipfile as a user's program or an attacker would write them."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from bevilling.core.model import Category, Expiry
from bevilling.interop import read_xlsx as read_xlsx_module
from bevilling.interop.importer import ImportOptions, ImportResult, import_tables

pytest.importorskip("openpyxl")

HEADER = ["Formål/overskrift", "Org.", "Beløb i tusinder", "Udløb"]
SHEET = "xl/worksheets/sheet1.xml"


def _book(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite(data: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with its first sheet's XML changed by ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            target.writestr(info, change(content) if info.filename == SHEET else content)
    return out.getvalue()


def _import(tmp_path: Path, data: bytes) -> ImportResult:
    path = tmp_path / "tabel.xlsx"
    path.write_bytes(data)
    return import_tables([str(path)], ImportOptions(
        output=str(tmp_path / "out.yaml"), categories=(Category.INDSATSMIDLER,)))  # fmt: skip


def test_xlsx_sheet_is_imported_with_numbers_as_decimals(tmp_path: Path) -> None:
    """The first sheet of a workbook imports; numeric cells become exact Decimals."""
    result = _import(tmp_path, _book([HEADER, ["Mikrolån", "JKI", 1200, 2016],
                                      ["Mentor", "KEH", 18.3, "Faldende profil"]]))  # fmt: skip
    assert result.ledger is not None
    assert [
        ("Mikrolån", "JKI", Decimal(1200), Expiry.in_year(2016)),
        ("Mentor", "KEH", Decimal("18.3"), Expiry.declining()),
    ] == [(a.title, a.organisation, a.amount, a.expiry) for a in result.ledger.appropriations]


def test_a_stale_dimension_element_drops_no_row(tmp_path: Path) -> None:
    """A program that wrote `<dimension ref="A1:D2"/>` over a sheet of four rows: every row
    is read (openpyxl's read-only mode would stop at row 2)."""
    rows = [HEADER, ["A", "JKI", 100, 2016], ["B", "JKI", 200, 2016], ["C", "JKI", 300, 2016]]
    data = _rewrite(_book(rows), lambda xml: re.sub(
        rb'<dimension ref="[^"]*" ?/>', b'<dimension ref="A1:D2"/>', xml))  # fmt: skip
    assert b'<dimension ref="A1:D2"/>' in zipfile.ZipFile(io.BytesIO(data)).read(SHEET)
    result = _import(tmp_path, data)
    assert result.ledger is not None
    assert ["A", "B", "C"] == [a.title for a in result.ledger.appropriations]


def test_an_amount_of_1e300_is_out_of_range_not_a_crash(tmp_path: Path) -> None:
    """A numeric cell of 1e300 is an import-amount-out-of-range error at its row."""
    result = _import(tmp_path, _book([HEADER, ["A", "JKI", 1e300, 2016]]))
    assert [("import-amount-out-of-range", 2)] == [
        (p.code, p.location.line) for p in result.problems
    ]


def test_a_truncated_sheet_is_unreadable_not_a_traceback(tmp_path: Path) -> None:
    """A sheet whose XML stops half-way is import-unreadable, in Danish (not expat's English
    reason inside a Danish sentence)."""
    data = _rewrite(_book([HEADER, ["A", "JKI", 100, 2016]]), lambda xml: xml[: len(xml) // 2])
    result = _import(tmp_path, data)
    assert [
        (
            "import-unreadable",
            f"{tmp_path / 'tabel.xlsx'} er ikke en gyldig regnearksfil: filen er beskadiget eller"
            " af en anden type",
        )
    ] == [(p.code, p.message) for p in result.problems]


def _damaged(data: bytes, how: str) -> bytes:
    """A workbook damaged as files are: cut off, a part missing, a part's bytes overwritten."""
    if how == "truncated":
        return data[: len(data) // 2]
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if how == "part missing" and info.filename == "[Content_Types].xml":
                continue
            target.writestr(info, source.read(info.filename))
    damaged = bytearray(out.getvalue())
    if how == "bytes overwritten":  # inside the sheet's compressed data: a CRC/inflate error
        start = damaged.index(SHEET.encode()) + len(SHEET) + 10
        damaged[start : start + 40] = bytes(40)
    return bytes(damaged)


@pytest.mark.parametrize("how", ["truncated", "part missing", "bytes overwritten"])
def test_a_damaged_workbook_says_so_in_danish_and_in_english(tmp_path: Path, how: str) -> None:
    """zipfile's "There is no item named '[Content_Types].xml' in the archive" or zlib's "Error
    -3 while decompressing data" reached a Danish user inside the sentence; the problem says the
    file is damaged or of another type, with a hint, in the chosen language."""
    from bevilling.i18n.catalogs import use_locale

    data = _damaged(_book([HEADER, ["A", "JKI", 100, 2016]]), how)
    path = tmp_path / "tabel.xlsx"
    (problem,) = _import(tmp_path, data).problems
    assert (
        "import-unreadable",
        f"{path} er ikke en gyldig regnearksfil: filen er beskadiget eller af en anden type",
        "gem tabellen som .xlsx-projektmappe, eller kopiér den ud som tabulatorsepareret tekst",
        str(path),
    ) == (problem.code, problem.message, problem.hint, problem.location.file)
    with use_locale("en"):
        (problem,) = _import(tmp_path, data).problems
    assert (
        f"{path} is not a valid spreadsheet file: the file is damaged or of another type",
        "save the table as an .xlsx workbook, or copy it out as tab-separated text",
    ) == (problem.message, problem.hint)


def test_an_entity_bomb_is_refused_as_unreadable(tmp_path: Path) -> None:
    """A sheet with a billion-laughs DTD is refused by the XML parser; the user gets a
    problem, not a traceback, and nothing is expanded into memory."""
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10)
    ]
    dtd = ("<!DOCTYPE worksheet [" + "".join(entities) + "]>").encode()

    def bomb(xml: bytes) -> bytes:
        return dtd + xml.replace(b"<t>A</t>", b"<t>&a9;</t>")

    result = _import(tmp_path, _rewrite(_book([HEADER, ["A", "JKI", 100, 2016]]), bomb))
    assert ["import-unreadable"] == [p.code for p in result.problems]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A workbook whose parts unpack to more than the limit is refused from its directory."""
    monkeypatch.setattr(read_xlsx_module, "MAX_UNCOMPRESSED_BYTES", 1000)
    result = _import(tmp_path, _book([HEADER, ["A", "JKI", 100, 2016]]))
    assert ["import-unreadable"] == [p.code for p in result.problems]
    assert "en projektmappe må fylde" in result.problems[0].message


def test_unreadable_inputs_are_problems(tmp_path: Path) -> None:
    """A broken workbook is a problem, not a traceback."""
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    result = import_tables([str(broken)])
    assert ["import-unreadable"] == [p.code for p in result.problems]
    # Not zipfile's English "File is not a zip file" inside a Danish sentence.
    assert (
        f"{broken} er ikke en gyldig regnearksfil: filen er beskadiget eller af en anden type"
    ) == result.problems[0].message


def _formula_book() -> bytes:
    """A workbook as a program that writes formulas but does not compute them saves it
    (openpyxl): C3 and the total C4 are formulas without a stored value."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Indsatser"
    for row in [HEADER, ["Mentor", "JKI", 100, 2016], ["Netværk", "JKI", "=C2*2", 2016]]:
        sheet.append(row)
    sheet.append(["I alt", None, "=SUM(C2:C3)", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_formula_without_a_stored_value_is_an_error_naming_sheet_cell_and_formula(
    tmp_path: Path,
) -> None:
    """Such a cell was read as empty: the row's amount and the stated total silently gone (a
    wrong figure). Each is an import-formula-without-value error at its row, naming the sheet,
    the cell and the formula, with a hint; in English under --locale en."""
    from bevilling.i18n.catalogs import use_locale

    result = _import(tmp_path, _formula_book())
    assert None is result.ledger
    hint = (
        "åbn projektmappen i Excel eller LibreOffice, og gem den, så værdierne bliver gemt"
        " sammen med formlerne; eller skriv værdien i cellen i stedet for formlen"
    )
    expected = [
        (
            "import-formula-without-value",
            3,
            "celle C3 i arket 'Indsatser' indeholder formlen =C2*2, men ingen gemt værdi"
            " (programmet, der gemte projektmappen, har ikke beregnet den): tallet kan ikke læses",
            hint,
        ),
        (
            "import-formula-without-value",
            4,
            "celle C4 i arket 'Indsatser' indeholder formlen =SUM(C2:C3), men ingen gemt værdi"
            " (programmet, der gemte projektmappen, har ikke beregnet den): tallet kan ikke læses",
            hint,
        ),
    ]
    assert expected == [(p.code, p.location.line, p.message, p.hint) for p in result.problems]
    assert all(p.is_error for p in result.problems)
    with use_locale("en"):
        first = _import(tmp_path, _formula_book()).problems[0]
    assert (
        "cell C3 of the sheet 'Indsatser' holds the formula =C2*2 but no stored value (the"
        " program that saved the workbook did not compute it): its figure cannot be read",
        "open the workbook in Excel or LibreOffice and save it, so that the values are stored"
        " with the formulas; or type the value in the cell instead of the formula",
    ) == (first.message, first.hint)


def test_a_formula_with_its_stored_value_is_read_as_that_value(tmp_path: Path) -> None:
    """The workbook once Excel or LibreOffice saved it: each formula has its value stored
    (`<v>200</v>`), which is read; a formula whose value is empty text (`t="str"`, as
    `=IF(B2="";"";B2)` leaves it) is an empty cell, not a problem."""

    def computed(xml: bytes) -> bytes:
        xml = xml.replace(b"<f>C2*2</f><v></v>", b"<f>C2*2</f><v>200</v>")
        xml = xml.replace(b"<f>SUM(C2:C3)</f><v></v>", b"<f>SUM(C2:C3)</f><v>300</v>")
        empty_text = b'<c r="B4" t="str"><f>IF(1,"","x")</f><v></v></c>'
        return xml.replace(b'<c r="C4">', empty_text + b'<c r="C4">')

    book = _rewrite(_formula_book(), computed)
    assert b'<c r="B4" t="str">' in zipfile.ZipFile(io.BytesIO(book)).read(SHEET)
    result = _import(tmp_path, book)
    assert () == result.problems
    assert result.ledger is not None
    (table,) = result.ledger.tables
    assert ([Decimal(100), Decimal(200)], Decimal(300)) == (
        [row.amount for row in table.appropriations],
        table.stated_total,
    )


def test_many_formulas_without_values_are_counted_after_the_first_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet of formulas nobody computed does not print a problem per cell: the first
    MAX_FORMULA_PROBLEMS, then one that counts the rest."""
    monkeypatch.setattr(read_xlsx_module, "MAX_FORMULA_PROBLEMS", 1)
    result = _import(tmp_path, _formula_book())
    assert [
        ("import-formula-without-value", 3),
        ("import-formula-without-value", 0),
    ] == [(p.code, p.location.line) for p in result.problems]
    assert "1 formelcelle mere har ingen gemt værdi" == result.problems[1].message


def test_an_array_formula_is_named_by_its_text(tmp_path: Path) -> None:
    """An array formula (`{=SUM(C2:C3*2)}`) without a stored value is named by its formula,
    not by the name of the object the library reads it as."""
    from openpyxl import Workbook
    from openpyxl.worksheet.formula import ArrayFormula

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["Mentor", "JKI", None, 2016])
    sheet["C2"] = ArrayFormula("C2", "=SUM(1*2)")
    buffer = io.BytesIO()
    workbook.save(buffer)
    (problem,) = _import(tmp_path, buffer.getvalue()).problems
    assert problem.message.startswith("celle C2 i arket 'Sheet' indeholder formlen =SUM(1*2), ")


# --- session 6 attack, finding 6: merged cells ---------------------------------------------


def test_a_merged_udloeb_or_title_is_read_in_each_of_its_rows(tmp_path: Path) -> None:
    """Attack 6, finding 6b: a workbook with Udløb 2016 merged over B2:B3 (mu.xlsx) was
    `import-missing-value` "Udløb-cellen er tom" at row 3, while Word and PDF read a merged
    Udløb in each row.  The workbook's `<mergeCells>` are read: both rows expire in 2016."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [["Titel", "Udløb", "Beløb i tusinder"], ["A", 2016, 100], ["B", None, 200]]:
        sheet.append(row)
    sheet.merge_cells("B2:B3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(tmp_path, buffer.getvalue())
    assert [] == [p.code for p in result.problems]
    assert result.ledger is not None
    assert [Expiry.in_year(2016)] * 2 == [a.expiry for a in result.ledger.appropriations]


def test_a_merged_amount_is_never_counted_twice(tmp_path: Path) -> None:
    """A merged amount cell (one figure for two rows) is read in its first row only, as in
    Word: the second row has no amount and is left out with a warning, never a second 300."""
    data = _rewrite(
        _book([HEADER, ["A", "X", 300, 2016], ["B", "X", None, 2016]]),
        lambda xml: xml.replace(b"</sheetData>", b'</sheetData><mergeCells count="1">'
                                b'<mergeCell ref="C2:C3"/></mergeCells>'),
    )  # fmt: skip
    result = _import(tmp_path, data)
    assert ["import-skipped-row"] == [p.code for p in result.problems]
    assert result.ledger is not None
    assert [Decimal(300)] == [a.amount for a in result.ledger.appropriations]


@pytest.mark.parametrize(
    "ranges",
    [
        b'<mergeCell ref="A1:XFD1048576"/>' * 2000,  # the whole sheet, 2 000 times over
        b'<mergeCell ref="B2:B3"/><mergeCell ref="B1:B9"/><mergeCell ref="nonsense"/>'
        b'<mergeCell ref="B0:C0"/><mergeCell/>',
    ],
    ids=["whole-sheet", "overlapping-and-bad"],
)
def test_hostile_merges_are_bounded_and_never_a_traceback(tmp_path: Path, ranges: bytes) -> None:
    """Merges an attacker writes (the whole sheet merged thousands of times, ranges that
    overlap, a ref that is no range, row 0) cost no more than the sheet's cells and end in a
    ledger or a problem, never a traceback: each position is taken once."""
    rows: list[list[object]] = [HEADER, *[[f"T{n}", "X", n, 2016] for n in range(1, 50)]]
    data = _rewrite(
        _book(rows),
        lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1">' + ranges + b"</mergeCells>"
        ),
    )
    result = _import(tmp_path, data)
    assert all(p.code.startswith("import-") for p in result.problems)


def test_a_cell_whose_number_format_hides_decimals_is_a_warning(tmp_path: Path) -> None:
    """Attack 7, finding 12: A 1199,6 formatted #,##0 (Excel shows 1.200, as the paper
    prints), F 1234,5, the total 4750,4: the ledger got 1199.6 without a word. Each such
    amount cell is import-hidden-decimals at its row, naming the figure shown and the value
    held (which is imported); a cell whose format shows its decimals, General, or a whole
    number is no warning."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    rows: list[tuple[str, object, str]] = [
        ("A", 1199.6, "#,##0"), ("B", 0.25, "0.00"), ("C", 100.5, "General"),
        ("D", 1200, "#,##0"), ("I alt", 2500.35, "#,##0.0"),
    ]  # fmt: skip
    sheet.append(HEADER)
    for title, value, number_format in rows:
        total = title == "I alt"
        sheet.append([title, None if total else "JKI", value, None if total else 2016])
        sheet.cell(row=sheet.max_row, column=3).number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(tmp_path, buffer.getvalue())
    assert result.ledger is not None
    assert [Decimal("1199.6"), Decimal("0.25"), Decimal("100.5"), Decimal(1200)] == [
        a.amount for a in result.ledger.appropriations
    ]
    assert [("import-hidden-decimals", 2), ("import-hidden-decimals", 6)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert (
        "cellen i 'Beløb i tusinder' viser 2.500,4, men indeholder 2.500,35 (talformatet skjuler"
        " decimaler): 2.500,35 indlæses"
    ) == result.problems[1].message


@pytest.mark.parametrize(
    ("number_format", "places"),
    [("#,##0", 0), ("#,##0.00", 2), ("0.0_);[Red](0.0)", 1), ('"kr "#,##0.00', 2),
     ("[$-406]#,##0;-#,##0", 0), ("_-* #,##0_-;-* #,##0_-;_-* \"-\"_-;_-@_-", 0),
     ("General", None), (None, None), ("0%", None), ("0.0E+00", None), ("yyyy-mm-dd", None),
     ("#,##0,", 0), ("#,##0.0,,", 1), ("@", None), ("# ?/?", None), ('"x"', None),
     ("\\" * 10**5, None), ('"' * 10**5, None)],
)  # fmt: skip
def test_the_decimals_a_number_format_shows(number_format: object, places: int | None) -> None:
    """Plain formats give their decimals (the first section; quoted text, escapes, [codes]
    skipped; a scaling comma: the decimals of the figure divided); General, percent,
    scientific, dates, text and fractions give None (the value is shown otherwise); hostile
    formats are read in one pass."""
    assert places == read_xlsx_module.shown_places(number_format)


def _formatted(rows: list[tuple[object, ...]], formats: dict[tuple[int, int], str]) -> bytes:
    """A workbook of ``rows`` whose cells at (row, column), 1-based, have a number format."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in rows:
        sheet.append(list(row))
    for (row, column), number_format in formats.items():
        sheet.cell(row=row, column=column).number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


SCALED_HEADER = ("Titel", "Beløb (1.000 kr.)", "Udløb")


def test_a_thousands_scaling_format_imports_the_figure_the_sheet_shows(tmp_path: Path) -> None:
    """Attack 7, finding 16: kroner in the cells, shown in thousands by the format #,##0,
    (Danish Excel shows 1.200 for 1200000) under "Beløb (1.000 kr.)": the ledger got 1200000
    t.kr., 1 000 times too much, without a word.  The figures shown are read, exactly (a
    kroner figure shown rounded keeps its decimals, with import-hidden-decimals), and one
    import-scaled-number warning counts the cells and names the first."""
    rows = [SCALED_HEADER, ("A", 1200000, 2016), ("B", 800000, 2016), ("C", 1234567, 2016),
            ("I alt", 3234567, None)]  # fmt: skip
    data = _formatted(rows, {(row, 2): "#,##0," for row in range(2, 6)})
    result = _import(tmp_path, data)
    assert result.ledger is not None
    table = result.ledger.tables[0]
    assert [Decimal(1200), Decimal(800), Decimal("1234.567")] == [
        a.amount for a in table.appropriations
    ]
    assert Decimal("3234.567") == table.stated_total
    assert [("import-scaled-number", 2), ("import-hidden-decimals", 4),
            ("import-hidden-decimals", 5)] == [
        (p.code, p.location.line) for p in result.problems
    ]  # fmt: skip
    assert (
        "4 celler i arket viser deres værdi divideret med 1.000, som deres talformat siger (B2"
        " indeholder 1.200.000 og viser 1.200): tallene, som de vises, indlæses"
    ) == result.problems[0].message


@pytest.mark.parametrize(
    ("number_format", "value", "amount"),
    [("#,##0,,", 2500000, Decimal("2.5")), ("#,##0.0,,", 2500000.0, Decimal("2.5")),
     ("0,.0", 1500, Decimal("1.5")), ("[Red]#,##0,", 3000, Decimal(3)),
     ('#,##0,;-#,##0,;"-"', -4000, Decimal(-4)), ("#,##0;-#,##0,", -4000, Decimal(-4)),
     ("#,##0,;-#,##0", -4000, Decimal(-4000)), ('#,##0" t.kr."', 5000, Decimal(5000)),
     ("#,##0,,,,,,", 7 * 10**18, Decimal(7)), ("0\\,", 5000, Decimal(5000))],
)  # fmt: skip
def test_the_scaling_follows_the_section_of_the_sign(
    tmp_path: Path, number_format: str, value: object, amount: Decimal
) -> None:
    """Millions (,,), decimals, a comma before the point, colours, the section for negative
    numbers (scaled or not, as that section says), quoted text and escaped commas (no
    scaling): each amount is the figure Excel shows."""
    data = _formatted([SCALED_HEADER, ("A", value, 2016)], {(2, 2): number_format})
    result = _import(tmp_path, data)
    assert result.ledger is not None, result.problems
    assert [amount] == [a.amount for a in result.ledger.appropriations]


def test_a_scaled_figure_beyond_the_decimals_a_ledger_holds_is_refused(tmp_path: Path) -> None:
    """1.200.000 shown by #,##0,,,,,, is 0,0000000000012: more decimals than an amount may
    have; refused at its line, never rounded."""
    data = _formatted([SCALED_HEADER, ("A", 1200000, 2016)], {(2, 2): "#,##0,,,,,,"})
    result = _import(tmp_path, data)
    assert result.ledger is None
    assert ["import-amount-out-of-range"] == [
        p.code for p in result.problems if p.severity.value == "error"
    ]


@pytest.mark.parametrize(
    ("number_format", "value", "words"),
    [("0.0%", 0.25, "som en procentdel"), ("yyyy-mm-dd", 42370, "som en dato"),
     ("[h]:mm", 1.5, "som en dato"), ("[>=1000]#,##0,;#,##0", 5000, "betingelser")],
)  # fmt: skip
def test_a_percentage_or_a_date_in_the_amount_column_is_a_bad_number(
    tmp_path: Path, number_format: str, value: object, words: str
) -> None:
    """Attack 7, finding 16: a percent cell (0,25 shown as 25,0 %) was read as the amount
    0,25.  A number shown as a percentage, a date or a time, or by a format whose conditions
    leave open how (the sections scale differently), is import-bad-number naming the column,
    the value and the format."""
    data = _formatted([SCALED_HEADER, ("A", value, 2016)], {(2, 2): number_format})
    result = _import(tmp_path, data)
    assert result.ledger is None
    assert [("import-bad-number", 2)] == [(p.code, p.location.line) for p in result.problems]
    assert words in result.problems[0].message
    assert number_format in result.problems[0].message


@pytest.mark.parametrize(
    ("number_format", "shown"),
    [("#,##0,", ("number", 0, 1)), ("#,##0.0,,", ("number", 1, 2)), ("0.0%", ("percent", None, 0)),
     ("0\\%", ("number", 0, 0)), ('"%"0', ("number", 0, 0)), ("d. mmmm yyyy", ("date", None, 0)),
     ("[$-406]#,##0,", ("number", 0, 1)), ("General;[Red]-General", ("number", None, 0)),
     ("0.00E+00", ("number", None, 0)), ("@", ("number", None, 0)),
     ("[<0]0,;0", ("unsure", None, 0)), ("[<0]0;0", ("number", 0, 0)),
     ("," * 300, ("number", None, 0)), ("[" * 300, ("number", None, 0)),
     ("0;" * 300, ("number", 0, 0))],
)  # fmt: skip
def test_how_a_number_format_shows_a_positive_number(
    number_format: str, shown: tuple[str, int | None, int]
) -> None:
    """Kind, decimals and scaling of the section for positive numbers; escaped and quoted
    percent signs are text; conditions that agree are no doubt; hostile formats end."""
    assert shown == tuple(read_xlsx_module.number_shown(number_format, Decimal(1)))


def _hidden_book(total: object) -> bytes:
    """Attack 7, finding 24's sheet: A 1000, a hidden 'Gammel B (udgået)' 700, C 500, and the
    total ``total``; column D (a note) hidden too."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [(*SCALED_HEADER, "Note"), ("A", 1000, 2016, None),
                ("Gammel B (udgået)", 700, 2015, "udgår"), ("C", 500, 2016, None),
                ("I alt", total, None, None)]:  # fmt: skip
        sheet.append(list(row))
    sheet.row_dimensions[3].hidden = True
    sheet.column_dimensions["D"].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_hidden_rows_and_columns_are_left_out_with_a_warning(tmp_path: Path) -> None:
    """Attack 7, finding 24: a hidden row became an appropriation without a word (and the
    mismatch hint said to keep it).  The printed table does not show it: hidden rows and
    columns are left out, and import-hidden-rows names them."""
    result = _import(tmp_path, _hidden_book(1500))
    assert result.ledger is not None
    assert [("A", Decimal(1000)), ("C", Decimal(500))] == [
        (a.title, a.amount) for a in result.ledger.appropriations
    ]
    assert [("import-hidden-rows", 1), ("import-hidden-rows", 3)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert (
        "række 3 er skjult i arket 'Sheet': den er udeladt, da den trykte tabel ikke viser den"
    ) == result.problems[1].message


def test_with_include_hidden_the_hidden_rows_are_read_and_the_mismatch_names_them(
    tmp_path: Path,
) -> None:
    """--include-hidden reads the hidden row (still a warning); the printed total that does
    not count it is a total-mismatch whose hint points at the hidden rows.  The default,
    with a total that counts the hidden row (=SUM over it), is a mismatch with the same
    pointer."""
    path = tmp_path / "tabel.xlsx"
    path.write_bytes(_hidden_book(1500))
    options = ImportOptions(output=str(tmp_path / "out.yaml"), mapping={"note": "description"},
                            categories=(Category.INDSATSMIDLER,), include_hidden=True)  # fmt: skip
    result = import_tables([str(path)], options)
    assert [Decimal(1000), Decimal(700), Decimal(500)] == [
        a.amount
        for a in result.ledger.appropriations  # type: ignore[union-attr]
    ]
    mismatch = [p for p in result.problems if p.code == "import-total-mismatch"]
    assert 1 == len(mismatch)
    assert "import-hidden-rows" in (mismatch[0].hint or "")
    result = _import(tmp_path, _hidden_book(2200))
    mismatch = [p for p in result.problems if p.code == "import-total-mismatch"]
    assert "import-hidden-rows" in (mismatch[0].hint or "")


def _heights(xml: bytes) -> bytes:
    """Rows 1, 2 and 4 given a height, row 3 a height of 0."""
    for row, height in ((1, b"15"), (2, b"15"), (3, b"0"), (4, b"15")):
        old = b'<row r="%d"' % row
        xml = xml.replace(old, old + b' ht="' + height + b'"', 1)
    return xml


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml.replace(b'<row r="3"', b'<row r="3" ht="0" customHeight="1"', 1),
        lambda xml: _heights(xml.replace(b"<sheetFormatPr", b'<sheetFormatPr zeroHeight="1"', 1)),
    ],
)  # fmt: skip
def test_a_row_of_height_zero_is_hidden_too(
    tmp_path: Path, change: Callable[[bytes], bytes]
) -> None:
    """A row of height 0, or a row without a height in a sheet whose rows are hidden by
    default (zeroHeight), shows nothing either: left out with the warning."""
    data = _rewrite(_book([HEADER, ["A", "JKI", 1000, 2016], ["B", "JKI", 700, 2016],
                           ["C", "JKI", 500, 2016]]), change)  # fmt: skip
    result = _import(tmp_path, data)
    assert result.ledger is not None
    assert ["A", "C"] == [a.title for a in result.ledger.appropriations]
    assert [("import-hidden-rows", 3)] == [(p.code, p.location.line) for p in result.problems]


def test_a_workbook_bevilling_exported_says_what_it_is(tmp_path: Path) -> None:
    """Attack 7, finding 27: importing the workbook `bevilling export --to xlsx` wrote read
    its overview sheet as a table.  It is import-exported-workbook, pointing at the ledgers."""
    from bevilling.interop.xlsx import Workbook

    book = Workbook()
    book.add_sheet("Oversigt", [["Bevillingsfil", "Tabel"], ["a", "b"]])
    result = _import(tmp_path, book.finish())
    assert result.ledger is None
    assert ["import-exported-workbook"] == [p.code for p in result.problems]


def test_hostile_hidden_column_ranges_are_bounded(tmp_path: Path) -> None:
    """20 000 ``<col>`` elements each hiding every column (and one beyond Excel's last): the
    union is made once, bounded by Excel's 16 384 columns; the hidden columns are left out
    and the import says why it has no table, never a hang or a traceback."""
    cols = b"<cols>" + b'<col min="1" max="99999999" hidden="1"/>' * 20000 + b"</cols>"
    data = _rewrite(_book([HEADER, ["A", "JKI", 1000, 2016]]),
                    lambda xml: xml.replace(b"<sheetData>", cols + b"<sheetData>", 1))  # fmt: skip
    result = _import(tmp_path, data)
    assert result.ledger is None
    assert "import-hidden-rows" in [p.code for p in result.problems]


def test_a_hidden_first_sheet_is_passed_over_with_a_warning(tmp_path: Path) -> None:
    """The first sheet of the file may be hidden (a working sheet): the finance officer sees
    the first sheet shown, and that one is read, with import-hidden-rows naming the hidden
    sheet; both reads of a sheet with formulas take the same sheet."""
    from openpyxl import Workbook

    workbook = Workbook()
    hidden = workbook.active
    assert hidden is not None
    hidden.title = "Arbejdsark"
    hidden.append(HEADER)
    hidden.append(["Gammel", "JKI", 999, 2016])
    hidden.sheet_state = "hidden"
    shown = workbook.create_sheet("Bilag")
    shown.append(HEADER)
    shown.append(["A", "JKI", 1000, 2016])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(tmp_path, buffer.getvalue())
    assert result.ledger is not None
    assert ["A"] == [a.title for a in result.ledger.appropriations]
    assert [("import-hidden-rows", 0)] == [(p.code, p.location.line) for p in result.problems]
    assert (
        "arket 'Arbejdsark' før 'Bilag' er skjult: 'Bilag', det første ark, regnearket viser,"
        " indlæses"
    ) == result.problems[0].message


def test_a_group_whose_first_row_is_hidden_keeps_its_target_group(tmp_path: Path) -> None:
    """Attack 8 #10 / diff9 R2: the first row of the group "Jobparate" is hidden (left out);
    the visible row under it, its Målgruppe cell empty (merged), took "Aktivitetsparate" from
    the row above the hidden one.  It continues the hidden row's text, and amounts never do."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in [("Målgruppe", "Titel", "Beløb (1.000 kr.)", "Udløb"),
                ("Aktivitetsparate", "Mentor", 100, 2016),
                ("Jobparate", "Afsluttet forløb", 50, 2016),
                (None, "Virksomhedspraktik", 300, 2016),
                ("I alt", None, 400, None)]:  # fmt: skip
        sheet.append(list(row))
    sheet.row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = _import(tmp_path, buffer.getvalue())
    assert result.ledger is not None
    assert [("Mentor", "Aktivitetsparate", Decimal(100)),
            ("Virksomhedspraktik", "Jobparate", Decimal(300))] == [
        (a.title, a.target_group, a.amount) for a in result.ledger.appropriations
    ]  # fmt: skip
