"""bevilling.interop.export: Excel workbooks, open-data packages, JSON and CSV from the ledgers."""

from __future__ import annotations

import io
import json
import os
import sys
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.text import visible, xml_safe
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.export import (
    export_csv,
    export_datapackage,
    export_json,
    export_xlsx,
    sheet_names,
)

ROOT = Path(__file__).resolve().parents[2]

LEDGER = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: "Tabel 1: Driftsmidler [2015]"
        category: driftsmidler
        stated_total: 1800
        appropriations:
          - {id: D1, title: Mikrolån, organisation: JKI, amount: 1200, expires: 2016}
          - {id: D2, title: Mentor, amount: 500, expires: Faldende profil}
      - name: "Tabel 2: Udgifter til service"
        category: indsatsmidler
        stated_years: {2016: 300, 2017: 300}
        stated_total: 600
        appropriations:
          - {id: P1, title: Projekt, profile: {2016: 300, 2017: 300}, amount: 600}
    """
)
MIO = textwrap.dedent(
    """\
    format: bevilling/1
    title: Indsatsbudget
    document: Tabel 8
    unit: mio DKK
    number_format: da
    tables:
      - name: "Tabel 8"
        category: indsatsmidler
        stated_total: '18,3'
        appropriations:
          - {id: KH-1, title: Fastholdelsesmentor, amount: '18,3', expires: 2016}
    """
)


def _ledgers(*texts: str) -> bevilling.LedgerSet:
    ledgers, problems = [], []
    for n, text in enumerate(texts):
        loaded = bevilling.load_string(text, f"l{n}.yaml")
        ledgers.extend(loaded.ledgers)
        problems.extend(loaded.problems)
    assert [] == problems
    return bevilling.LedgerSet(ledgers=tuple(ledgers))


def _workbook(*texts: str):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(export_xlsx(_ledgers(*texts), allow_errors=True)))


def test_xlsx_has_an_overview_an_expiry_sheet_and_a_sheet_per_table() -> None:
    """Sheets: Oversigt, Udløb pr. år, then one per table with a valid, unique name."""
    workbook = _workbook(LEDGER, MIO)
    expected = ["Oversigt", "Udløb pr. år", "Tabel 1 Driftsmidler 2015",
                "Tabel 2 Udgifter til service", "Tabel 8"]  # fmt: skip
    assert expected == workbook.sheetnames


def test_xlsx_table_sheet_values_formulas_and_number_formats() -> None:
    """Rows as real numbers in #,##0 format, the printed total beside a live =SUM() of the
    rows and their difference, frozen header row, widths set."""
    sheet = _workbook(LEDGER)["Tabel 1 Driftsmidler 2015"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [
        ["Id", "Org.", "Formål/overskrift", "Beløb (1.000 kr.)", "Udløb"],
        ["D1", "JKI", "Mikrolån", 1200, 2016],
        ["D2", None, "Mentor", 500, "Faldende profil"],
        [None, None, None, None, None],
        [None, "Sum af rækker (vedtaget)", None, "=SUM(D2:D3)", None],
        [None, "Oplyst total", None, 1800, None],
        [None, "Difference (oplyst − sum)", None, "=D6-D5", None],
    ] == rows
    assert ["#,##0"] * 5 == [sheet[f"D{n}"].number_format for n in (2, 3, 5, 6, 7)]
    assert "A2" == sheet.freeze_panes
    assert all(sheet.column_dimensions[c].width >= 8 for c in "ABCDE")


def test_xlsx_year_columns_get_their_own_sums_and_decimals_their_format() -> None:
    """Profiles become year columns with a sum and printed total each; a mio. kr. ledger
    with one decimal gets #,##0.0."""
    workbook = _workbook(LEDGER, MIO)
    years = workbook["Tabel 2 Udgifter til service"]
    assert [
        ["Id", "Formål/overskrift", "2016", "2017", "Beløb (1.000 kr.)", "Udløb"],
        ["P1", "Projekt", 300, 300, 600, 2017],
    ] == [list(r) for r in years.iter_rows(min_row=1, max_row=2, values_only=True)]
    assert ["=SUM(C2:C2)", "=SUM(D2:D2)", "=SUM(E2:E2)"] == [years[f"{c}4"].value for c in "CDE"]
    assert [300, 300, 600] == [years[f"{c}5"].value for c in "CDE"]
    mio = workbook["Tabel 8"]
    assert (Decimal("18.3"), "#,##0.0") == (Decimal(str(mio["C2"].value)), mio["C2"].number_format)


def test_xlsx_overview_links_to_the_sums_and_the_expiry_sheet_groups_by_year() -> None:
    """The overview refers to each sheet's cells; the expiry sheet lists rows by expiry in
    1.000 kr. (mio. kr. converted) with a live subtotal per expiry."""
    workbook = _workbook(LEDGER, MIO)
    overview = workbook["Oversigt"]
    assert ["='Tabel 1 Driftsmidler 2015'!D6", "='Tabel 1 Driftsmidler 2015'!D5"] == [
        overview["G2"].value, overview["H2"].value,
    ]  # fmt: skip
    expiring = [list(r) for r in workbook["Udløb pr. år"].iter_rows(values_only=True)]
    assert ["Udløb", "Id", "Formål/overskrift", "Tabel", "Kategori", "Fase",
            "Beløb (1.000 kr.)"] == expiring[0]  # fmt: skip
    summary = [(r[0], r[1], r[6]) for r in expiring[1:] if any(v is not None for v in r)]
    assert [
        (2016, "D1", 1200),
        (2016, "KH-1", 18300),
        ("I alt udløb 2016 (vedtaget)", None, "=SUM(G2:G3)"),
        (2017, "P1", 600),
        ("I alt udløb 2017 (vedtaget)", None, "=SUM(G6:G6)"),
        ("Faldende profil", "D2", 500),
        ("I alt faldende profil (vedtaget)", None, "=SUM(G9:G9)"),
    ] == summary


def test_xlsx_in_english_has_english_sheet_names_headers_and_labels() -> None:
    """With locale en (given, or the current locale) the sheet names, headers, phases, units,
    expiry words and subtotals are English; ledger text stays as written."""
    from openpyxl import load_workbook

    english = load_workbook(
        io.BytesIO(export_xlsx(_ledgers(LEDGER), allow_errors=True, locale="en"))
    )
    with use_locale("en"):
        current = load_workbook(io.BytesIO(export_xlsx(_ledgers(LEDGER), allow_errors=True)))
    assert english.sheetnames == current.sheetnames
    assert ["Overview", "Expiry by year", "Tabel 1 Driftsmidler 2015",
            "Tabel 2 Udgifter til service"] == english.sheetnames  # fmt: skip
    overview = [list(r) for r in english["Overview"].iter_rows(values_only=True)]
    assert ["Ledger", "Table", "Sheet", "Category", "Phase", "Unit", "Stated total",
            "Sum of rows", "Difference"] == overview[0]  # fmt: skip
    assert ["Eksempel", "Tabel 1: Driftsmidler [2015]", "Tabel 1 Driftsmidler 2015",
            "driftsmidler", "approved", "DKK thousand"] == overview[1][:6]  # fmt: skip
    rows = [list(r) for r in english["Tabel 1 Driftsmidler 2015"].iter_rows(values_only=True)]
    assert ["Id", "Org.", "Title", "Amount (DKK thousand)", "Expires"] == rows[0]
    assert ["D2", None, "Mentor", 500, "Declining profile"] == rows[2]
    assert ["Sum of rows (approved)", "Stated total", "Difference (stated − sum)"] == [
        r[1] for r in rows[4:]
    ]
    expiring = [list(r) for r in english["Expiry by year"].iter_rows(values_only=True)]
    assert ["Expires", "Id", "Title", "Table", "Category", "Phase",
            "Amount (DKK thousand)"] == expiring[0]  # fmt: skip
    assert [
        "Total expiring 2016 (approved)",
        "Total expiring 2017 (approved)",
        "Total with a declining profile (approved)",
    ] == [r[0] for r in expiring if str(r[0]).startswith("Total")]


def test_xlsx_danish_overview_names_phase_and_unit_in_danish() -> None:
    """The default (Danish) overview: Danish headers, phase and unit words."""
    overview = [list(r) for r in _workbook(LEDGER)["Oversigt"].iter_rows(values_only=True)]
    assert ["Bevillingsfil", "Tabel", "Ark", "Kategori", "Fase", "Enhed", "Oplyst total",
            "Sum af rækker", "Difference"] == overview[0]  # fmt: skip
    assert ["driftsmidler", "vedtaget", "1.000 kr."] == overview[1][3:6]


def test_an_open_expiry_is_written_as_the_budget_papers_write_it() -> None:
    """An open expiry is "Udløb ikke fastsat" in Danish ("Open expiry" in English), with its
    own subtotal."""
    text = LEDGER.replace("expires: 2016}", "expires: Udløb ikke fastsat}")
    rows = list(_workbook(text)["Udløb pr. år"].iter_rows(values_only=True))
    assert ("Udløb ikke fastsat", "D1") == rows[4][:2]
    assert "I alt udløb ikke fastsat (vedtaget)" == rows[5][0]
    with use_locale("en"):
        rows = list(_workbook(text)["Expiry by year"].iter_rows(values_only=True))
    assert ("Open expiry", "D1") == rows[4][:2]
    assert "Total without fixed expiry (approved)" == rows[5][0]


def test_sheet_names_avoid_excels_reserved_history() -> None:
    """Excel refuses a sheet named "History" (any case): a table of that name gets a number;
    a name with nothing left is "Tabel" ("Table" in English)."""
    assert ["History (2)", "history (3)", "Tabel"] == sheet_names(["History", "history", "[]"])
    assert ["Table"] == sheet_names(["::"], locale="en")


def test_xlsx_needs_no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """bevilling writes the workbook itself: without openpyxl the export still works (the
    Excel extra is for reading .xlsx on import)."""
    import zipfile

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    data = export_xlsx(_ledgers(LEDGER), allow_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as workbook:
        names = workbook.namelist()
    assert {"xl/workbook.xml", "xl/styles.xml", "xl/sharedStrings.xml",
            "xl/worksheets/sheet4.xml"} <= set(names)  # fmt: skip


def test_xlsx_refuses_a_sheet_larger_than_excel_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    """A sheet of more rows than Excel holds (1 048 576; here made 5) is refused with a message
    naming the sheet and the formats without the limit, in Danish or English; no workbook."""
    from bevilling.interop import TooManyRowsError, xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    with pytest.raises(TooManyRowsError) as refused:
        export_xlsx(_ledgers(LEDGER), allow_errors=True)
    assert (
        "arket 'Udløb pr. år' ville få 9 rækker, men et Excel-ark kan højst rumme 5:"
        " eksportér til csv eller datapackage i stedet"
    ) == str(refused.value)
    with use_locale("en"), pytest.raises(TooManyRowsError, match="would have 9 rows"):
        export_xlsx(_ledgers(LEDGER), allow_errors=True)


def test_sheet_names_drop_what_xml_cannot_hold() -> None:
    """A table made through the Python API may carry a lone surrogate or U+FFFE in its name:
    the sheet name drops them (the workbook's XML could not hold them)."""
    assert ["A B C"] == sheet_names(["A\ud800B\ufffeC"])


@given(st.lists(st.text(max_size=40), min_size=1, max_size=12))
def test_sheet_names_are_valid_and_unique(names: list[str]) -> None:
    """Excel's rules: 1 to 31 characters, none of []:*?/\\, no two equal ignoring case; and
    nothing XML cannot hold (a lone surrogate, U+FFFE) or a control character."""
    result = sheet_names(names)
    assert all(n == xml_safe(visible(n)) for n in result)
    assert len(names) == len(result)
    assert all(1 <= len(n) <= 31 for n in result)
    assert not any(set("[]:*?/\\") & set(n) for n in result)
    assert len(result) == len({n.casefold() for n in result})


def test_datapackage_validates_with_frictionless(tmp_path: Path) -> None:
    """The data package of the shipped ledgers is valid Frictionless (fields, types, keys)."""
    import frictionless

    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "ledgers"])
    for name, data in export_datapackage(ledgers, allow_errors=True).items():
        (tmp_path / name).write_bytes(data)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert [] == report.flatten(["type", "note"])
    assert report.valid


def test_datapackage_rows_carry_amount_currency_factor_phase_and_periods() -> None:
    """Amounts are exact decimal text with currency DKK and the unit's factor; profiles give
    one row per fiscal year; the descriptor has the Fiscal Data Package model."""
    files = export_datapackage(_ledgers(LEDGER, MIO), allow_errors=True)
    rows = files["appropriations.csv"].decode().splitlines()
    assert rows[0].endswith("budget_phase,price_level,expires,amount,currency,factor")
    assert rows[1].endswith("approved,,2016,1200,DKK,1000")
    assert rows[4].endswith("approved,,2016,18.3,DKK,1000000")
    assert [
        "id,fiscal_year,amount,currency,factor,budget_phase",
        "P1,2016,300,DKK,1000,approved",
        "P1,2017,300,DKK,1000,approved",
    ] == files["profile.csv"].decode().splitlines()
    descriptor = json.loads(files["datapackage.json"])
    assert {"source": "amount", "currency": "DKK", "factor_source": "factor"} == descriptor[
        "model"
    ]["measures"]["amount"]


def test_datapackage_describes_itself_in_danish_or_english() -> None:
    """The descriptor's title and descriptions are Danish by default and English with locale
    en; field names, values and the model are identifiers and the same in both."""
    ledgers = _ledgers(LEDGER)
    danish = json.loads(export_datapackage(ledgers, allow_errors=True)["datapackage.json"])
    english = json.loads(
        export_datapackage(ledgers, allow_errors=True, locale="en")["datapackage.json"]
    )
    assert ("Bevillinger", "Bevillinger overført fra: Budgetaftale 2015") == (
        danish["title"], danish["description"],
    )  # fmt: skip
    assert ("Budget appropriations", "Appropriations transcribed from: Budgetaftale 2015") == (
        english["title"], english["description"],
    )  # fmt: skip
    fields = [r["schema"]["fields"] for r in danish["resources"]]
    assert "Bevillingens id i bevillingsfilen." == fields[0][0]["description"]
    assert (
        "The appropriation's id in its ledger."
        == (english["resources"][0]["schema"]["fields"][0]["description"])
    )
    assert [[f["name"] for f in resource] for resource in fields] == [
        [f["name"] for f in r["schema"]["fields"]] for r in english["resources"]
    ]
    assert danish["model"] == english["model"]


def test_json_and_csv_are_the_reports() -> None:
    """JSON is `bevilling list --format json`; CSV is the list report's CSV."""
    from bevilling.reports import render_entries_json, render_list

    ledgers = _ledgers(LEDGER)
    assert render_entries_json(ledgers.entries()) == export_json(ledgers, allow_errors=True)
    assert render_list(ledgers.entries(), "csv") == export_csv(ledgers, allow_errors=True)
    assert '"amount": "1200"' in export_json(ledgers, allow_errors=True)


# --- hostile text, phases, scale ---------------------------------------------------------------

HOSTILE = textwrap.dedent(
    """\
    format: bevilling/1
    title: "=HYPERLINK(\\"http://evil.example\\", \\"Klik\\")"
    document: "@SUM(1+1)*cmd|' /C calc'!A0"
    unit: 1000 DKK
    tables:
      - name: "=cmd|' /C calc'!A0"
        category: driftsmidler
        stated_total: -100
        appropriations:
          - id: "=1+1"
            title: "+Mikrolån\\e[2J\\a\\x00"
            organisation: "-JKI"
            source: "\\tBudgetaftale\\r2015"
            amount: -100
            expires: 2016
    """
)


def test_xlsx_writes_ledger_text_as_text_never_as_a_formula() -> None:
    """Issue 11 item 1: a title, id, table name, ledger title or source starting with `=`,
    `+`, `-`, `@` or tab is a text cell (quote-prefixed, so it stays text when edited in
    Excel), shown as written; the only formulas are bevilling's own sums and references, and
    the sheet name drops the `=`."""
    workbook = _workbook(HOSTILE)
    assert ["Oversigt", "Udløb pr. år", "cmd|' C calc'!A0"] == workbook.sheetnames
    formulas, texts = [], {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    formulas.append(cell.value)
                elif isinstance(cell.value, str) and cell.value[0] in "=+-@\t":
                    texts[cell.value] = cell.quotePrefix
    assert [
        "='cmd|'' C calc''!A0'!E5",
        "='cmd|'' C calc''!A0'!E4",
        '=IF(G2="","",G2-H2)',
        "=SUM(G2:G2)",
        "=SUM(E2:E2)",
        "=E5-E4",
    ] == formulas
    assert {
        '=HYPERLINK("http://evil.example", "Klik")': True,
        "=cmd|' /C calc'!A0": True,
        "=1+1": True,
        "+Mikrolån\\x1b[2J\\x07\\x00": True,
        "-JKI": True,
        "\tBudgetaftale\\x0d2015": True,
    } == texts
    assert -100 == workbook["cmd|' C calc'!A0"]["E2"].value  # a negative amount is a number


def test_xlsx_with_control_characters_does_not_crash() -> None:
    """Issue 11 item 5: NUL, ESC, BEL, vertical tab and C1 controls in any text no longer
    raise openpyxl's IllegalCharacterError; they are shown as visible escapes."""
    text = LEDGER.replace("title: Mikrolån", 'title: "Mikro\\0lån\\e\\v\\x85\\u2028"')
    sheet = _workbook(text)["Tabel 1 Driftsmidler 2015"]
    assert "Mikro\\x00lån\\x1b\\x0b\\x85\\u2028" == sheet["C2"].value


def test_xlsx_expiring_sheet_sums_approved_money_as_the_cli_does() -> None:
    """Issue 10 item 5: on the shipped ledgers the 2016 subtotal of the expiring sheet holds
    approved money only, 8.219 as `bevilling expiring --year 2016` says (not 9.719 with the
    proposals), and says so; `phase="all"` adds the proposals and names both phases."""
    from openpyxl import load_workbook

    ledgers = bevilling.load(ROOT / "ledger")

    def year_2016(phase: str) -> tuple[Decimal, str]:
        data = export_xlsx(ledgers, phase=phase)  # type: ignore[arg-type]
        rows = list(load_workbook(io.BytesIO(data))["Udløb pr. år"].iter_rows(values_only=True))
        amounts = sum(Decimal(str(r[6])) for r in rows[1:] if r[0] == 2016)
        label = next(r[0] for r in rows if str(r[0]).startswith("I alt udløb 2016"))
        return amounts, label

    assert (Decimal(8219), "I alt udløb 2016 (vedtaget)") == year_2016("approved")
    assert (Decimal(9719), "I alt udløb 2016 (vedtaget og forslag)") == year_2016("all")
    assert Decimal(8219) == bevilling.expiring(ledgers, 2016).total
    default = load_workbook(io.BytesIO(export_xlsx(ledgers)))["Udløb pr. år"]
    assert "I alt udløb 2016 (vedtaget)" in [r[0] for r in default.iter_rows(values_only=True)]


def test_xlsx_work_grows_linearly_with_the_rows() -> None:
    """Issue 11 item 16 and issue 13: 10 000 rows took 38 s with openpyxl's random-access
    sheets, and 10–12x the YAML floor with its write-only cells.  bevilling's own writer
    renders each row once; the Python calls the export makes grow linearly: from N to 4N rows
    the extra calls are 3 times those from N to 2N.  Counted, not timed."""
    import cProfile
    import pstats

    def ledgers(rows: int) -> bevilling.LedgerSet:
        lines = [f"      - {{id: R{n}, title: Række {n}, amount: {n + 1}, expires: 2016}}"
                 for n in range(rows)]  # fmt: skip
        text = LEDGER.split("      - {id: D1")[0].replace("    stated_total: 1800\n", "")
        return _ledgers(text + "\n".join(lines) + "\n")

    def calls(rows: int) -> int:
        profile = cProfile.Profile()
        profile.runcall(export_xlsx, ledgers(rows))
        return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]

    export_xlsx(ledgers(1))  # imports done before counting
    one, two, four = calls(100), calls(200), calls(400)
    assert four - one <= 3.3 * (two - one)


def _reference_workbook(sheets: list[Any]) -> bytes:
    """The sheets as the exporter wrote them with openpyxl's write-only cells until issue 13:
    the reference the new writer is compared with."""
    from decimal import Decimal as _Decimal

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from bevilling.interop.xlsx import Formula, cell_text

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        target = workbook.create_sheet(sheet.title)
        rows = [[cell_text(v) if type(v) is str else v for v in row] for row in sheet.rows]
        widths: dict[int, int] = {}
        for row in rows:
            for column, value in enumerate(row, start=1):
                if value is None:
                    continue
                if isinstance(value, Formula):
                    length = 10
                elif isinstance(value, _Decimal):
                    length = len(f"{value:,}") + 1
                else:
                    length = len(str(value))
                widths[column] = max(widths.get(column, 0), length)
        for column, width in widths.items():
            target.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)
        target.freeze_panes = "A2"
        bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        alignment = Alignment(vertical="top", wrap_text=True)
        for number, row in enumerate(rows, start=1):
            cells: list[Any] = []
            for column, value in enumerate(row, start=1):
                if value is None:
                    cells.append(None)
                    continue
                cell = WriteOnlyCell(target, value=value)
                if isinstance(value, str) and not isinstance(value, Formula):
                    cell.data_type = "s"
                    if value.startswith(("=", "+", "-", "@", "\t", "\r")):
                        cell.quotePrefix = True
                elif number > 1 and column in sheet.number_formats:
                    cell.number_format = sheet.number_formats[column]
                if number == 1:
                    cell.font, cell.fill, cell.alignment = bold, fill, alignment
                elif number in sheet.bold_rows:
                    cell.font = bold
                cells.append(cell)
            target.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _contents(data: bytes) -> dict[str, Any]:
    """What a reader sees in a workbook: per sheet every cell's value, type, number format,
    bold, fill, alignment and quote prefix; the column widths; the frozen pane."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    contents: dict[str, Any] = {"sheets": workbook.sheetnames}
    for sheet in workbook.worksheets:
        cells = {}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    fill = cell.fill.fgColor.rgb if cell.fill.fill_type else None
                    cells[cell.coordinate] = (
                        cell.value, type(cell.value).__name__, cell.data_type,
                        cell.number_format, bool(cell.font.b), fill, cell.alignment.vertical,
                        bool(cell.alignment.wrap_text), bool(cell.quotePrefix),
                    )  # fmt: skip
        widths = {k: d.width for k, d in sheet.column_dimensions.items() if d.customWidth}
        contents[sheet.title] = (cells, widths, sheet.freeze_panes)
    return contents


INDEX = "examples/prisindeks-opdigtet.yaml"


@pytest.mark.parametrize(
    ("paths", "options"),
    [
        (["ledger"], {}),
        (["ledger"], {"phase": "all", "locale": "en"}),
        (["ledger", "examples/ledgers"], {"allow_errors": True}),
        (["ledger", INDEX], {"phase": "proposed", "price_level": 2017}),
        (["ledger", INDEX], {"price_level": 2017, "allow_mixed_price_levels": True}),
        (["ledger", "examples/followup"], {"allow_errors": True}),
    ],
    ids=["shipped", "shipped-all-en", "with-examples", "price-level", "mixed-levels", "followup"],
)  # fmt: skip
def test_xlsx_reads_back_as_openpyxl_wrote_it(
    paths: list[str], options: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13: the workbook of bevilling's own writer reads back in openpyxl exactly as the
    openpyxl-written one did, on the shipped ledgers and the examples (with the sheets of
    changes and spending of the follow-up example): every sheet, cell
    value and type, number format, bold, fill, alignment, quote prefix, column width and
    frozen pane."""
    from bevilling.interop import export

    sheets: list[Any] = []
    write = export._write_sheet

    def keep(workbook: Any, sheet: Any) -> None:
        sheets.append(sheet)
        write(workbook, sheet)

    monkeypatch.setattr(export, "_write_sheet", keep)
    data = export_xlsx(bevilling.load([ROOT / path for path in paths]), **options)
    assert _contents(_reference_workbook(sheets)) == _contents(data)


def test_xlsx_with_hostile_text_reads_back_as_openpyxl_wrote_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Formula-like text, control characters, Excel's `_x0041_` escapes, spaces around a
    text, a 40 000-character title: read back as openpyxl's writer gave them (text cells with
    the quote prefix, visible escapes, cut at 32 767 characters)."""
    from bevilling.interop import export

    more = f'organisation: "  _x0041_ & <b> "\n        description: "{"x" * 40000}"'
    text = HOSTILE.replace('organisation: "-JKI"', more)
    sheets: list[Any] = []
    write = export._write_sheet

    def keep(workbook: Any, sheet: Any) -> None:
        sheets.append(sheet)
        write(workbook, sheet)

    monkeypatch.setattr(export, "_write_sheet", keep)
    data = export_xlsx(_ledgers(text), allow_errors=True)
    contents = _contents(data)
    assert _contents(_reference_workbook(sheets)) == contents
    cells = contents["cmd|' C calc'!A0"][0]
    assert "  _x0041_ & <b> " == cells["B2"][0]
    assert (32767, "…") == (len(cells["D2"][0]), cells["D2"][0][-1])


_CHECKED = ("id", "ledger", "document", "table", "title", "organisation", "source", "amount",
            "factor", "expires")  # fmt: skip


def test_datapackage_csv_neutralises_formulas_and_keeps_numbers() -> None:
    """Issue 11 item 2: the data package's CSV text cells that start with `=`, `+`, `-`, `@`,
    tab or CR get OWASP's leading apostrophe; amounts (also negative), years and factors stay
    numbers; the CSV reads back with one column per field."""
    import csv

    files = export_datapackage(_ledgers(HOSTILE), allow_errors=True)
    header, row = list(csv.reader(io.StringIO(files["appropriations.csv"].decode())))
    record = dict(zip(header, row, strict=True))
    assert {
        "id": "'=1+1",
        "ledger": '\'=HYPERLINK("http://evil.example", "Klik")',
        "document": "'@SUM(1+1)*cmd|' /C calc'!A0",
        "table": "'=cmd|' /C calc'!A0",
        "title": "'+Mikrolån\\x1b[2J\\x07\\x00",
        "organisation": "'-JKI",
        "source": "'\tBudgetaftale\\x0d2015",
        "amount": "-100",
        "factor": "1000",
        "expires": "2016",
    } == {key: record[key] for key in _CHECKED}
    profile = list(csv.reader(io.StringIO(files["profile.csv"].decode())))
    assert 1 == len(profile)  # the header only: no profile


def test_datapackage_with_hostile_text_still_validates(tmp_path: Path) -> None:
    """The neutralised package is still valid Frictionless (the foreign keys match: the
    profile's ids are neutralised the same way)."""
    import frictionless

    text = HOSTILE.replace("amount: -100", "profile: {2016: -100, 2017: 0}")
    for name, data in export_datapackage(_ledgers(text), allow_errors=True).items():
        (tmp_path / name).write_bytes(data)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert [] == report.flatten(["type", "note"])


def test_cli_export_dash_writes_to_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Issue 11 item 11: `export --to csv -o -` and `--to xlsx -o -` write to standard output
    (no file named `-`, no "wrote" line in the stream); `--to datapackage -o -` is a usage
    error; `-o /dev/null`-like targets (a FIFO) are refused with --force, exit 2."""
    from openpyxl import load_workbook

    from bevilling.cli import main

    monkeypatch.chdir(tmp_path)
    ALLOW = ["--allow-errors"]  # noqa: N806 - LEDGER's printed total is off on purpose
    (tmp_path / "l.yaml").write_text(LEDGER, encoding="utf-8")
    assert 0 == main(["export", "--to", "csv", "l.yaml", "-o", "-", *ALLOW])
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("\ufeffId;")
    assert "wrote" not in out
    assert 0 == main(["export", "--to", "xlsx", "l.yaml", "-o", "-", *ALLOW])
    workbook = load_workbook(io.BytesIO(capsysbinary.readouterr().out))
    assert "Oversigt" == workbook.sheetnames[0]
    assert 2 == main(["export", "--to", "datapackage", "l.yaml", "-o", "-", *ALLOW])
    assert b"angiv -o MAPPE" in capsysbinary.readouterr().err
    os.mkfifo(tmp_path / "pipe")
    assert 2 == main(["export", "--to", "json", "l.yaml", "-o", "pipe", "--force", *ALLOW])
    assert b"pipe er en FIFO" in capsysbinary.readouterr().err  # the message is write's
    assert ["l.yaml", "pipe"] == sorted(os.listdir(tmp_path))


def test_the_library_exports_refuse_ledgers_with_errors(tmp_path: Path) -> None:
    """`bevilling.export_xlsx(ledgers)` of a folder holding a copy of a ledger listed every
    row twice without a word (the CLI refused): every export function raises
    LedgerErrorsError, naming the findings, unless called with allow_errors=True."""
    import shutil

    import bevilling

    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", tmp_path / "udsatte-2015.yaml")
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", tmp_path / "udsatte-2015 - Kopi.yaml")
    ledgers = bevilling.load(tmp_path)
    for export in (export_xlsx, export_datapackage, export_json, export_csv):
        with pytest.raises(bevilling.LedgerErrorsError, match="duplicate-id"):
            export(ledgers)
    assert export_json(ledgers, allow_errors=True).count('"id": "D11"') == 2


def test_datapackage_json_holds_no_raw_control_character() -> None:
    """A ledger whose document is `T\\x1b[31m\\u2028\\x85` put raw U+2028 and NEL into
    datapackage.json's description; it is written by the reports' JSON writer, which escapes
    them."""
    import json

    import bevilling

    text = (
        'format: bevilling/1\ntitle: T\ndocument: "T\\e[31m\\u2028\\x85"\nunit: 1000 DKK\n'
        "tables:\n  - {name: T, category: driftsmidler, stated_total: 5, appropriations: [\n"
        "      {id: A, title: x, amount: 5, expires: 2016}]}\n"
    )
    raw = export_datapackage(bevilling.load_string(text, "t.yaml"))["datapackage.json"]
    decoded = raw.decode("utf-8")
    assert [] == [c for c in decoded if c in "\x1b\x85\u2028"]
    assert json.loads(decoded)["description"].endswith("T\x1b[31m\u2028\x85")


def test_xlsx_has_sheets_of_changes_and_spending_when_loaded() -> None:
    """With change and spending files: a sheet "Ændringer" (a row per side, or forlængelse)
    and a sheet "Forbrug", each row with file and line; text stays text, amounts numbers."""
    from openpyxl import load_workbook

    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
    hostile = bevilling.Spending(
        appropriation="=cmd|' /C calc'!A0",
        year=2016,
        amount=Decimal("1.5"),
        unit=bevilling.Unit.DKK,
        location=bevilling.Location("s.yaml", 3),
        months=(1, 6),
    )
    ledgers = bevilling.LedgerSet(
        ledgers=ledgers.ledgers, changes=ledgers.changes, spending=(*ledgers.spending, hostile)
    )
    workbook = load_workbook(io.BytesIO(export_xlsx(ledgers, allow_errors=True)))
    assert ["Oversigt", "Udløb pr. år", "Ændringer", "Forbrug"] == workbook.sheetnames[:4]
    changes = [list(r) for r in workbook["Ændringer"].iter_rows(values_only=True)]
    assert ["overførsel", "BR 21.04.2016 pkt. 9", "D03", 2016, 300, "1.000 kr.", None, None,
            str(ROOT / "examples" / "followup" / "aendringer.yaml"), 26] == changes[5]  # fmt: skip
    assert ("forlængelse", "D03", None, 2016) == (
        changes[6][0],
        changes[6][2],
        changes[6][4],
        changes[6][6],
    )
    spending = [list(r) for r in workbook["Forbrug"].iter_rows(values_only=True)]
    assert ["=cmd|' /C calc'!A0", 2016, "1-6", 1.5, "kr.", "s.yaml", 3] == spending[-1]
    assert "s" == workbook["Forbrug"].cell(row=len(spending), column=1).data_type
    plain = load_workbook(io.BytesIO(export_xlsx(bevilling.load(ROOT / "ledger"))))
    assert "Forbrug" not in plain.sheetnames


# --- price levels (issue 15) -------------------------------------------------------------------

PRICED = bevilling.load([ROOT / "ledger", ROOT / "examples" / "prisindeks-opdigtet.yaml"])
"""The shipped ledgers with the invented example index (not KL's pris- og lønskøn)."""


def test_xlsx_expiring_sheet_at_a_price_level() -> None:
    """The sheet of expiring funds is converted (its header names the level; each amount to
    6 decimals, shown with the ledgers' precision); the table sheets stay as printed."""
    from openpyxl import load_workbook

    data = export_xlsx(PRICED, phase="proposed", price_level=2017)
    workbook = load_workbook(io.BytesIO(data))
    rows = list(workbook["Udløb pr. år"].iter_rows(values_only=True))
    assert "Beløb (1.000 kr., 2017 p/l)" == rows[0][6]
    bi2 = {r[1]: r[6] for r in rows if r[1] in {"BI2-1", "BI2-2"}}
    assert {"BI2-1": pytest.approx(1024.509804), "BI2-2": pytest.approx(512.254902)} == bi2
    table = list(workbook["Tabel 2 Udgifter til service"].iter_rows(values_only=True))
    assert 1000 in table[1]


def test_xlsx_refuses_a_subtotal_of_two_price_levels() -> None:
    """Two ledgers expiring in 2016 at 2016 and 2017 p/l: the 2016 subtotal would mix them."""
    a = LEDGER.replace("unit: 1000 DKK", "unit: 1000 DKK\nprice_level: 2016")
    b = MIO.replace("unit: mio DKK", "unit: mio DKK\nprice_level: 2017")
    ledgers = _ledgers(a, b)
    with pytest.raises(bevilling.MixedPriceLevelsError):
        export_xlsx(ledgers, allow_errors=True)
    assert export_xlsx(ledgers, allow_errors=True, allow_mixed_price_levels=True)


def test_datapackage_at_a_price_level_adds_converted_columns() -> None:
    """`converted_price_level` and `converted_amount` beside the printed `amount`, described
    in the schema; without a target the package is as it was."""
    only_bi2 = bevilling.load(
        [
            ROOT / "ledger" / "bi2-saerlig-indsats-udsatte.yaml",
            ROOT / "examples" / "prisindeks-opdigtet.yaml",
        ]
    )
    files = export_datapackage(only_bi2, price_level=2017)
    header, first = files["appropriations.csv"].decode().splitlines()[:2]
    assert header.endswith(",amount,currency,factor,converted_price_level,converted_amount")
    assert first.endswith(",2016,2016,1000,DKK,1000,2017,1024.509804")
    profile = files["profile.csv"].decode().splitlines()
    assert "BI2-1,2016,1000,DKK,1000,proposed,2017,1024.509804" == profile[1]
    fields = json.loads(files["datapackage.json"])["resources"][0]["schema"]["fields"]
    assert "converted_amount" == fields[-1]["name"]
    plain = export_datapackage(only_bi2)
    assert b"converted" not in plain["appropriations.csv"]


def test_datapackage_refuses_rows_it_cannot_convert() -> None:
    """Approved money states no price level: refused at a target, unless allowed (empty
    converted cells)."""
    with pytest.raises(bevilling.MixedPriceLevelsError):
        export_datapackage(PRICED, price_level=2017)
    files = export_datapackage(PRICED, price_level=2017, allow_mixed_price_levels=True)
    d11 = next(r for r in files["appropriations.csv"].decode().splitlines() if r.startswith("D11"))
    assert d11.endswith(",1200,DKK,1000,,")


def test_the_sheet_of_expiring_funds_uses_the_expiry_in_force(tmp_path: Path) -> None:
    """P and Q, printed to expire with 2016 and extended to 2017 by forlængelse: the sheet puts
    them under "I alt udløb 2017" (as `expiring --year 2017`), and a note names them."""
    from openpyxl import load_workbook

    from tests.reports.helpers import EXTENDED, load_files

    book = load_workbook(io.BytesIO(export_xlsx(load_files(tmp_path, EXTENDED))))
    rows = list(book.worksheets[1].iter_rows(values_only=True))
    assert [2017, 2017] == [row[0] for row in rows[1:3]]
    assert "I alt udløb 2017 (vedtaget)" == rows[3][0]
    assert (
        "udløbene er ændret ved forlængelser (grupperet efter de gældende udløb):"
        " P (2016 → 2017), Q (2016 → 2017)"
    ) == rows[-1][0]


def _meaning(formula: str, sheet: str, values: Any) -> object:
    """What one of the exporter's formulas computes, from the cached values of ``values`` (a
    data_only workbook): ``=SUM(D2:D9)``, ``='Sheet'!D5``, ``=D6-D5``,
    ``=IF(G2="","",G2-H2)``; as a Decimal (or "" for an empty text)."""
    import re

    def number(name: str, reference: str) -> Decimal:
        value = values[name][reference].value
        return Decimal(0) if value in (None, "") else Decimal(str(value))

    if match := re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula):
        column, first, _same, last = match.groups()
        return sum((number(sheet, f"{column}{row}") for row in range(int(first), int(last) + 1)),
                   Decimal(0))  # fmt: skip
    if match := re.fullmatch(r"='?(.+?)'?!([A-Z]+\d+)", formula):
        return number(match.group(1).replace("''", "'"), match.group(2))
    if match := re.fullmatch(r"=([A-Z]+\d+)-([A-Z]+\d+)", formula):
        return number(sheet, match.group(1)) - number(sheet, match.group(2))
    if match := re.fullmatch(r'=IF\(([A-Z]+\d+)="","",\1-([A-Z]+\d+)\)', formula):
        if values[sheet][match.group(1)].value in (None, ""):
            return ""
        return number(sheet, match.group(1)) - number(sheet, match.group(2))
    raise AssertionError(f"a formula the test does not know: {formula}")


@pytest.mark.parametrize(
    ("paths", "options"),
    [
        (["ledger"], {}),
        (["ledger", "examples/ledgers"], {"allow_errors": True, "phase": "all"}),
        (["ledger", INDEX], {"price_level": 2017, "allow_mixed_price_levels": True}),
        (["ledger", "examples/followup"], {"allow_errors": True, "locale": "en"}),
    ],
    ids=["shipped", "with-examples", "price-level", "followup-en"],
)  # fmt: skip
def test_xlsx_every_formula_has_its_value_cached(paths: list[str], options: dict[str, Any]) -> None:
    """Attack 7, finding 27: the totals were formulas without cached values (``<f>`` without
    ``<v>``): a mail preview, pandas, Power BI and openpyxl's data_only saw them empty.  Every
    formula cell now holds its value, and it is what the formula computes from the cells."""
    import re
    import zipfile

    from openpyxl import load_workbook

    data = export_xlsx(bevilling.load([ROOT / path for path in paths]), **options)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/"):
                xml = package.read(name).decode()
                assert xml.count("<f>") == len(re.findall(r"</f><v>[^<]*</v></c>", xml)), name
    formulas, values = (
        load_workbook(io.BytesIO(data)),
        load_workbook(io.BytesIO(data), data_only=True),
    )
    seen = 0
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                seen += 1
                cached = values[sheet.title][cell.coordinate].value
                meaning = _meaning(str(cell.value), sheet.title, values)
                if meaning == "":
                    assert cached in ("", None), cell.coordinate
                else:
                    assert meaning == Decimal(str(cached)), (sheet.title, cell.coordinate)
    assert seen > 10


def test_xlsx_formula_values_are_exact_decimals() -> None:
    """The cached sums are the exact Decimal sums (0,1 + 0,2 is 0,3, never
    0,30000000000000004), written in plain notation."""
    import zipfile

    text = LEDGER.replace("amount: 1200", "amount: '0.1'").replace("amount: 500", "amount: '0.2'")
    text = text.replace("stated_total: 1800", "stated_total: '0.3'")
    data = export_xlsx(_ledgers(text), allow_errors=True)
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("xl/worksheets/sheet3.xml").decode()
    assert "<f>SUM(D2:D3)</f><v>0.3</v>" in xml
    assert "<f>D6-D5</f><v>0</v>" in xml
