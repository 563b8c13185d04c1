"""Tests for bevilling.interop.spending: a spending export → a spending file, read back."""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.cli import main
from bevilling.core.model import Unit
from bevilling.i18n.catalogs import use_locale
from bevilling.i18n.formatting import format_amount
from bevilling.interop.read_text import csv_lines
from bevilling.interop.rows import is_total_text
from bevilling.interop.spending import (
    SpendingOptions,
    import_spending,
    parse_spending_mapping,
    spending_text,
)
from bevilling.interop.tables import clean
from bevilling.read import SPENDING_FORMAT, read_records
from tests.conftest import ROOT

EXPORT = """\
Id;År;Måned;Forbrug i 1.000 kr.
D11;2016;1-6;400
D13;2016;1-6;1.000,5
D13;2016;1-6;499,5
I01;2016;;250
I alt;;;2.150
"""


def _import(text: str, options: SpendingOptions | None = None, ledgers: object = None):  # type: ignore[no-untyped-def]
    lines, problems = csv_lines(text, "export.csv")
    assert [] == problems
    with use_locale("en"):
        return import_spending([("export.csv", lines, text)], options, ledgers)  # type: ignore[arg-type]


def test_an_export_is_added_up_per_appropriation_year_and_months() -> None:
    """Postings of one appropriation and period are summed; the total line is skipped; the
    unit comes from the amount header; Danish numbers are read exactly."""
    result = _import(EXPORT)
    assert ([], Unit.THOUSAND_DKK, 4) == (list(result.problems), result.unit, result.rows_read)
    assert [
        ("D11", 2016, (1, 6), Decimal("400")),
        ("D13", 2016, (1, 6), Decimal("1500.0")),
        ("I01", 2016, (1, 12), Decimal("250")),
    ] == [(s.appropriation, s.year, s.months, s.amount) for s in result.spending or ()]


def test_the_file_reads_back_and_checks_with_the_ledgers(tmp_path: Path) -> None:
    """The written text is a spending file that loads with the shipped ledgers and passes."""
    result = _import(EXPORT)
    assert result.spending is not None
    text = spending_text(
        result.spending, Unit.THOUSAND_DKK, title="Forbrug 2016", source="export.csv",
        comment="Imported.",
    )  # fmt: skip
    (tmp_path / "forbrug.yaml").write_text(text, encoding="utf-8")
    ledgers = bevilling.load([ROOT / "ledger", tmp_path])
    report = bevilling.check(ledgers)
    assert (3, 0) == (len(ledgers.spending), report.errors)


def test_unknown_columns_and_bad_cells_are_problems_with_lines() -> None:
    """Nothing is imported while a column is unmapped or a cell cannot be read."""
    result = _import("Id;År;Forbrug i kr.;Konto\nD11;16;5;x\nD12;2016;1,000;y\n")
    assert (None, [(1, "import-unknown-column")]) == (
        result.spending,
        [(p.location.line, p.code) for p in result.problems],
    )
    mapped = _import(
        "Id;År;Forbrug i kr.;Konto\nD11;16;5;x\nD12;2016;1,000;y\n;2016;5;z\nD14;2016;;z\n",
        SpendingOptions(mapping=parse_spending_mapping(["Konto=-"])),
    )
    assert [
        (2, "import-bad-value"),
        (3, "import-bad-number"),
        (4, "import-missing-value"),
        (5, "import-missing-value"),
    ] == [(p.location.line, p.code) for p in mapped.problems]


def test_missing_columns_unit_and_options() -> None:
    """Without an amount or id column, or a year, the import says what is missing; --year
    and --unit supply them."""
    result = _import("Tekst;Beløb\nx;5\n", SpendingOptions(mapping={"tekst": "-"}))
    assert ["import-missing-column", "import-missing-column"] == [p.code for p in result.problems]
    no_unit = _import("Id;Beløb\nD11;5\n", SpendingOptions(year=2016))
    assert ["import-no-unit"] == [p.code for p in no_unit.problems]
    given_unit = _import(
        "Id;Beløb\nD11;5\n", SpendingOptions(year=2016, unit=Unit.DKK, months=(7, 12))
    )
    assert [("D11", 2016, (7, 12), Decimal(5), Unit.DKK)] == [
        (s.appropriation, s.year, s.months, s.amount, s.unit) for s in given_unit.spending or ()
    ]
    with pytest.raises(ValueError, match="er ikke et felt"):
        parse_spending_mapping(["Konto=title"])


def test_function_codes_map_to_the_one_appropriation() -> None:
    """A function code names the appropriation that has it; none or several is a problem."""
    ledgers = bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: DKK\ntables:\n"
        "  - name: T1\n    category: driftsmidler\n    appropriations:\n"
        "      - {id: A, title: X, amount: 5, expires: 2016, function: 6.45.53}\n"
        "      - {id: B, title: Y, amount: 5, expires: 2016, function: 6.45.54}\n"
        "      - {id: C, title: Z, amount: 5, expires: 2016, function: 6.45.54}\n"
    )
    result = _import(
        "Funktion;År;Forbrug i kr.\n6.45.53;2016;3\n6.45.54;2016;1\n9.99.99;2016;1\n",
        ledgers=ledgers,
    )
    assert [(3, "import-unmapped-row"), (4, "import-unmapped-row")] == [
        (p.location.line, p.code) for p in result.problems
    ]
    ok = _import("Funktion;År;Forbrug i kr.\n6.45.53;2016;3\n", ledgers=ledgers)
    assert ["A"] == [s.appropriation for s in ok.spending or ()]


def test_hostile_text_is_written_safely() -> None:
    """Ids with quotes, colons, backslashes, control characters and formula starts read back
    exactly (line breaks in a cell are read as a space, as in every import)."""
    ident = 'D"1: =cmd|\x1b[31m#x\\'
    result = _import(f'Id;År;Forbrug i kr.\n"{ident.replace(chr(34), chr(34) * 2)}";2016;5\n')
    assert result.spending is not None
    text = spending_text(result.spending, Unit.DKK, title="T\nx", source=None, comment="a\nb")
    records, problems = read_records(text, "f.yaml", SPENDING_FORMAT)
    assert ([], [ident]) == (problems, [s.appropriation for s in records.spending])  # type: ignore[union-attr]


def test_cli_import_spending(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling import --spending` writes the file, which loads back; --force to overwrite."""
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, encoding="utf-8")
    out = tmp_path / "forbrug.yaml"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        code = main(["import", "--spending", str(export), "-o", str(out)])
        again = main(["import", "--spending", str(export), "-o", str(out)])
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    assert (0, 2) == (code, again)
    assert f"skrev {out}: 3 forbrugsposter fra 4 rækker\n" == captured.out
    assert 3 == len(bevilling.load(out).spending)


_IDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12
).filter(
    # as written in the cell: converter markup (`<b>`, `&amp;`) is read as markup, not text
    lambda t: clean(t) == t and not is_total_text(t)
)


@given(
    st.lists(
        st.tuples(
            _IDS,
            st.integers(min_value=1990, max_value=2100),
            st.sampled_from([(1, 12), (1, 6), (7, 12), (3, 3)]),
            st.integers(min_value=-(10**12), max_value=10**12),
            st.integers(min_value=0, max_value=2),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_import_write_and_load_back_give_the_same_figures(
    rows: list[tuple[str, int, tuple[int, int], int, int]],
) -> None:
    """Any export written in Danish notation (up to two decimals: '1,234' would be ambiguous
    and is refused): the sums per appropriation, year and months survive import, writing the
    spending file and loading it back, exactly."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Id", "År", "Måned", "Forbrug i kr."])
    expected: dict[tuple[str, int, tuple[int, int]], Decimal] = {}
    for ident, year, months, units, places in rows:
        amount = Decimal(units).scaleb(-places)
        first, last = months
        writer.writerow(
            [ident, year, f"{first}-{last}", format_amount(amount, "da", places=places)]
        )
        key = (ident, year, months)
        expected[key] = expected.get(key, Decimal(0)) + amount
    result = _import(out.getvalue())
    assert [] == list(result.problems)
    assert result.spending is not None
    text = spending_text(result.spending, Unit.DKK, title="T", source=None, comment="")
    records, problems = read_records(text, "f.yaml", SPENDING_FORMAT)
    assert [] == problems
    assert records is not None
    assert expected == {(s.appropriation, s.year, s.months): s.amount for s in records.spending}


def test_ids_the_ledgers_do_not_have_are_not_written() -> None:
    """A finance officer imports an export by id against the ledgers: 'd11' (another case)
    and 'X99' (no such appropriation) were written to the spending file, for `check` to find
    later. Like an unmapped function code, they are problems of the export's lines, and
    nothing is written; without ledgers, ids are taken as written."""
    ledgers = bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: DKK\ntables:\n"
        "  - name: T1\n    category: driftsmidler\n    appropriations:\n"
        "      - {id: D11, title: X, amount: 5, expires: 2016}\n"
    )
    export = "Id;År;Forbrug i kr.\nD11;2016;3\nd11;2016;1\nX99;2016;1\n"
    with use_locale("en"):
        result = _import(export, ledgers=ledgers)
    assert [
        (3, "import-unmapped-row", "did you mean `D11`? (spelled exactly so)"),
        (4, "import-unmapped-row", "write the id as the ledgers give it, or name the ledger"
         " that has it with --ledgers"),
    ] == [(p.location.line, p.code, p.hint) for p in result.problems]  # fmt: skip
    assert None is result.spending
    assert ["D11", "d11", "X99"] == [s.appropriation for s in _import(export).spending or ()]


def test_a_unit_option_against_the_amount_header_is_an_error() -> None:
    """Like a table's (attack 6, finding 5): `bevilling import --spending` of an export headed
    "Forbrug i 1.000 kr." with `--unit 'mio DKK'` wrote `unit: mio DKK` and the same figures
    (400 thousand kroner spent became 400 million).  It is `import-options` at the header,
    naming the header, both units and the fix; the agreeing unit is fine."""
    text = "Id;År;Måned;Forbrug i 1.000 kr.\nD11;2016;1-6;400\n"
    result = _import(text, SpendingOptions(unit=Unit.MILLION_DKK))
    assert (None, [("import-options", 1)]) == (
        result.spending, [(p.code, p.location.line) for p in result.problems],
    )  # fmt: skip
    assert (
        "--unit 'mio DKK' says the amounts are in DKK million, but the header"
        " 'Forbrug i 1.000 kr.' says DKK thousand"
    ) == result.problems[0].message
    assert [] == list(_import(text, SpendingOptions(unit=Unit.THOUSAND_DKK)).problems)


def test_an_amount_header_of_two_units_is_an_error() -> None:
    """ "Forbrug (1.000 kr. / mio. kr.)" names two units: the million was taken without a
    word.  It is `import-header-conflict` at the header, naming it and both units."""
    text = "Id;År;Forbrug (1.000 kr. / mio. kr.)\nD11;2016;400\n"
    result = _import(text)
    assert (None, [("import-header-conflict", 1)]) == (
        result.spending, [(p.code, p.location.line) for p in result.problems],
    )  # fmt: skip
    assert (
        "the header 'Forbrug (1.000 kr. / mio. kr.)' states two units, DKK million and DKK thousand"
    ) == result.problems[0].message


def test_an_export_without_a_unit_beside_one_with_a_unit_is_import_no_unit() -> None:
    """Two exports, "Forbrug i 1.000 kr." and a bare "Forbrug": the second's figures were
    read (and added up) in 1.000 kr. without a word.  It is `import-no-unit` at the second
    export; `--unit '1000 DKK'` says it is so."""
    first = "Id;År;Forbrug i 1.000 kr.\nD11;2016;400\n"
    second = "Id;År;Forbrug\nD11;2016;100\n"
    inputs = []
    for name, text in (("a.csv", first), ("b.csv", second)):
        lines, problems = csv_lines(text, name)
        assert [] == problems
        inputs.append((name, list(lines), text))
    with use_locale("en"):
        result = import_spending(inputs)  # type: ignore[arg-type]
        said = import_spending(inputs, SpendingOptions(unit=Unit.THOUSAND_DKK))  # type: ignore[arg-type]
    assert (None, [("import-no-unit", "b.csv")]) == (
        result.spending, [(p.code, p.location.file) for p in result.problems],
    )  # fmt: skip
    assert (
        "this export states no unit, but the other exports state DKK thousand"
    ) == result.problems[0].message
    assert ((), Unit.THOUSAND_DKK) == (said.problems, said.unit)


def test_the_exports_total_line_is_compared_with_its_rows() -> None:
    """Attack 7, finding 14: an export whose "I alt" says 2.900 under rows adding up to
    1.400,5 (rows lost: a filtered export, a row deleted in Excel) was written without a
    word. The total line is compared with the rows since the last total (right after one:
    all rows, a grand total, against the rows themselves): a difference is
    import-total-mismatch, an error, nothing is written; a total printed to fewer decimals
    than its rows is compared as rounded; an empty total cell is not compared."""
    short = _import("Id;År;Måned;Forbrug i 1.000 kr.\nD11;2016;1-6;400\nD13;2016;1-6;1.000,5\n"
                    "I alt;;;2.900\n")  # fmt: skip
    assert (None, [("import-total-mismatch", 4)]) == (
        short.spending, [(p.code, p.location.line) for p in short.problems],
    )  # fmt: skip
    assert (
        "the export's total is 2,900, but its 2 rows add up to 1,400.5 (difference 1,499.5)"
    ) == short.problems[0].message
    consistent = [
        "Id;År;Forbrug i kr.\nD11;2016;400\nD13;2016;1.000,5\nI alt;;1.401\n",
        "Id;År;Forbrug i kr.\nD11;2016;400\nSum 2016;;400\nD13;2017;5\nTotal 2017;;5\nTotal;;405\n",
        "Id;År;Forbrug i kr.\nD11;2016;400\nI alt;;\n",
    ]
    assert [[], [], []] == [list(_import(text).problems) for text in consistent]
    subtotals = _import("Id;År;Forbrug i kr.\nD11;2016;400\nI alt;;400\nD13;2016;5\n"
                        "I alt;;6\nHovedtotal;;406\n")  # fmt: skip
    assert [("import-total-mismatch", 5), ("import-total-mismatch", 6)] == [
        (p.code, p.location.line) for p in subtotals.problems
    ]


def test_a_total_line_of_any_spelling_is_no_spending_but_a_known_id_is() -> None:
    """The spending import knows the table import's total words ("Totalt", "I alt¹"); an id
    the ledgers have is a row whatever it says ("Sum" as an id)."""
    ledgers = bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: DKK\ntables:\n"
        "  - name: T1\n    category: driftsmidler\n    appropriations:\n"
        "      - {id: Sum, title: X, amount: 5, expires: 2016}\n"
    )
    export = "Id;År;Forbrug i kr.\nSum;2016;3\nTotalt;;3\nI alt\u00b9;;3\n"
    result = _import(export, ledgers=ledgers)
    assert ([], [("Sum", Decimal(3))]) == (
        list(result.problems), [(s.appropriation, s.amount) for s in result.spending or ()],
    )  # fmt: skip


def test_a_spending_workbook_reads_the_figures_its_formats_show(tmp_path: Path) -> None:
    """Attack 7, finding 16 in a spending export: kroner shown in thousands (#,##0,) are
    read as the thousands shown; a percentage in the amount column is import-bad-number; a
    hidden row is left out with import-hidden-rows."""
    openpyxl = pytest.importorskip("openpyxl")
    from bevilling.interop.spending import import_spending_files

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [("Id", "År", "Måned", "Forbrug i 1.000 kr."), ("D11", 2016, "1-6", 400000),
                ("D13", 2016, "1-6", 1000500), ("I01", 2016, "1-6", 999)]:  # fmt: skip
        sheet.append(list(row))
    for row in (2, 3):
        sheet.cell(row=row, column=4).number_format = "#,##0,"
    sheet.row_dimensions[4].hidden = True
    path = tmp_path / "forbrug.xlsx"
    workbook.save(path)
    ledgers = bevilling.load([ROOT / "ledger"])
    result = import_spending_files([str(path)], SpendingOptions(), ledgers)
    assert [("D11", Decimal(400)), ("D13", Decimal("1000.5"))] == [
        (s.appropriation, s.amount) for s in result.spending or ()
    ]
    assert ["import-scaled-number", "import-hidden-decimals", "import-hidden-rows"] == [
        p.code for p in result.problems
    ]
    sheet.cell(row=2, column=4).number_format = "0%"
    workbook.save(path)
    result = import_spending_files([str(path)], SpendingOptions(), ledgers)
    assert result.spending is None
    assert [("import-bad-number", 2)] == [
        (p.code, p.location.line) for p in result.problems if p.severity.value == "error"
    ]
