"""bevilling.interop.importer: tables copied from budget papers become ledgers, or clear problems.

The acceptance tests import the raw table text of the seeds (copies in tests/data/seeds/) and
compare the result with the hand-transcribed ledgers in ledger/.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import Category, Expiry, Phase, Unit
from bevilling.interop.importer import (
    ImportOptions,
    ImportResult,
    clean,
    import_tables,
    import_text,
    parse_mapping,
)
from bevilling.write.dump import dump, without_locations

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
SEEDS = TESTS / "data" / "seeds"

TABLET_8 = "Tablet 8: Oversigt over driftsmidler tildelt målgrupperne"
TABEL_9 = "Tabel 9: Oversigt over indsatsmidler tildelt målgrupperne"
TABEL_10 = "Tabel 10: Oversigt over særindsatser"

ALL_FIELDS = ("title", "amount", "expiry", "profile", "target_group", "organisation",
              "description", "source", "committee", "appropriation_no", "function")  # fmt: skip
#: The fields the budget notes' tables print (the hand ledgers add text from the notes).
BI2_FIELDS = ("title", "amount", "expiry", "profile", "committee", "appropriation_no", "function")
BIIE_FIELDS = ("title", "amount", "expiry", "profile")


def _fields(ledger: bevilling.Ledger, fields: tuple[str, ...]) -> list[list[dict[str, Any]]]:
    """Per table, each row's chosen fields."""
    return [
        [{f: getattr(a, f) for f in fields} for a in table.appropriations]
        for table in ledger.tables
    ]


def _hand(name: str) -> bevilling.Ledger:
    loaded = bevilling.load(ROOT / "ledger" / name)
    assert () == loaded.problems
    return loaded.ledgers[0]


def _imported(result: ImportResult) -> bevilling.Ledger:
    assert [] == [str(p) for p in result.problems]
    assert result.ledger is not None
    return result.ledger


def _round_trip(ledger: bevilling.Ledger) -> None:
    """The written ledger loads back, with no problems, to exactly the rows that were read."""
    back = bevilling.load_string(dump(ledger), ledger.file)
    assert () == back.problems
    assert [without_locations(ledger)] == [without_locations(x) for x in back.ledgers]


# --- acceptance: the seeds give the hand-transcribed ledgers -----------------------------------


def test_section_9_imports_to_the_hand_transcribed_ledger() -> None:
    """Tablet 8 (page break, repeated header, footnote, <sup>/<b> markup), Tabel 9 and Tabel
    10 give the 20 rows of ledger/udsatte-2015.yaml, every field and id, and the totals."""
    result = import_tables(
        [str(SEEDS / f) for f in
         ("udsatte-2015-tablet8.txt", "udsatte-2015-tabel9.txt", "udsatte-2015-tabel10.txt")],
        ImportOptions(output="udsatte-2015.yaml", names=(TABLET_8, TABEL_9, TABEL_10),
                      id_prefixes=("D", "I", "S")),
    )  # fmt: skip
    ledger = _imported(result)
    hand = _hand("udsatte-2015.yaml")
    assert _fields(hand, ("id", *ALL_FIELDS)) == _fields(ledger, ("id", *ALL_FIELDS))
    assert [(t.name, t.category, t.stated_total) for t in hand.tables] == [
        (t.name, t.category, t.stated_total) for t in ledger.tables
    ]
    assert Unit.THOUSAND_DKK is ledger.unit
    assert 20 == result.rows_read
    assert [
        "udsatte-2015-tablet8.txt: footnote 14 JKI er forkortelse for jobcentret Center for"
        " Jobindsats, JKA er jobcentret Center for Arbejdsfastholdelse og KEH er Københavns"
        " Erhvervshus"
    ] == list(result.notes)
    _round_trip(ledger)


def test_bi2_imports_to_the_hand_transcribed_ledger() -> None:
    """BI2 Tabel 2: the unnamed first column is the title, Udvalg/Bevilling/Funktion map,
    2016-2019 are the profile, "I alt" the amount, the total line the stated totals, and the
    header's "(1.000 kr. – 2016 p/l)" the unit and price level."""
    ledger = _imported(
        import_tables([str(SEEDS / "bi2-tabel2.txt")],
                      ImportOptions(output="bi2.yaml", names=("Tabel 2: Udgifter til service",)))
    )  # fmt: skip
    hand = _hand("bi2-saerlig-indsats-udsatte.yaml")
    assert _fields(hand, BI2_FIELDS) == _fields(ledger, BI2_FIELDS)
    assert [(t.name, t.category, t.stated_total, t.stated_years) for t in hand.tables] == [
        (t.name, t.category, t.stated_total, t.stated_years) for t in ledger.tables
    ]
    assert (Unit.THOUSAND_DKK, 2016) == (ledger.unit, ledger.price_level)
    assert "18.10" == ledger.appropriations[0].appropriation_no
    _round_trip(ledger)


def test_biie_two_parts_become_two_tables_like_the_hand_ledger() -> None:
    """BIIe Tabel 2: the <hr/> rule splits it into a service part (driftsmidler) and an
    indsats part (indsatsmidler), told from their "Udgifter til … i alt" lines, each with its
    own totals; empty year cells are left out of the profiles."""
    ledger = _imported(
        import_tables([str(SEEDS / "biie-tabel2.txt")],
                      ImportOptions(output="biie.yaml", names=("Tabel 2. Udgifter til service",),
                                    phase=Phase.PROPOSED))
    )  # fmt: skip
    hand = _hand("biie-vision-2020-flere-i-fleksjob.yaml")
    assert _fields(hand, BIIE_FIELDS) == _fields(ledger, BIIE_FIELDS)
    assert [(t.name, t.category, t.stated_total, t.stated_years) for t in hand.tables] == [
        (t.name, t.category, t.stated_total, t.stated_years) for t in ledger.tables
    ]
    assert (Unit.THOUSAND_DKK, 2017, Phase.PROPOSED) == (
        ledger.unit, ledger.price_level, ledger.phase,
    )  # fmt: skip
    _round_trip(ledger)


# --- reading cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>48.779</b>", "48.779"),
        ("Org. <sup>14</sup>", "Org."),
        ("Budgetaftale 2015 <sup>15</sup>", "Budgetaftale 2015"),
        ("<i>(1.000 kr. – 2017 p/l)</i>", "(1.000 kr. – 2017 p/l)"),
        ("A &amp; B", "A & B"),
        ("< 5 år", "< 5 år"),
    ],
)
def test_clean_drops_converter_markup(raw: str, expected: str) -> None:
    """Tags and footnote marks go, entities are decoded, a lone '<' stays."""
    assert expected == clean(raw)


def _table(text: str, **options: Any) -> ImportResult:
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "table.txt",
                       ImportOptions(output="out.yaml", **options))  # fmt: skip


def test_unknown_header_is_a_problem_at_the_header_line_with_a_map_hint() -> None:
    """A header that maps to no field stops the import with its line and a --map hint; the
    rows are not reported one by one."""
    result = _table(
        """
        Målgruppe|Tilbud|Beløb i tusinder|Udløb
        Alle|Mentor|1.200|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert None is result.ledger
    assert [("import-unknown-column", 1), ("import-missing-column", 1)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert "--map 'Tilbud=FIELD'" in (result.problems[0].hint or "")


def test_map_fixes_a_column_and_leaves_one_out() -> None:
    """--map COLUMN=field maps a header (by text or number); COLUMN=- leaves it out."""
    result = _table(
        """
        Målgruppe|Tilbud|Antal|Beløb i tusinder|Udløb
        Alle|Mentor|12|1.200|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
        mapping=parse_mapping(["Tilbud=title", "3=-"]),
    )
    ledger = _imported(result)
    assert [("Mentor", "Alle", Decimal(1200), Expiry.in_year(2016))] == [
        (a.title, a.target_group, a.amount, a.expiry) for a in ledger.appropriations
    ]


def test_bad_cells_are_problems_with_their_line_and_nothing_is_imported() -> None:
    """A malformed or English-looking number and an unknown expiry are each a problem on
    their own line; with any error there is no ledger."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|1,000|2016
        B|12.34|2016
        C|500|snart
        D|700|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert None is result.ledger
    assert [("import-bad-number", 2), ("import-bad-number", 3), ("import-bad-expiry", 4)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert (result.problems[0].hint or "").endswith("correct the cell to '1.000' if it means 1000")


def test_danish_numbers_and_expiry_phrases_are_read() -> None:
    """'5.190', '1,9' and '-1.200' are Danish numbers; the Udløb phrases map to open and
    declining; a '-' amount leaves the row out with a warning."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|5.190|Udløb ikke fastsat
        B|1,9|Faldende profil
        C|-1.200|2017
        D|-|2017
        <b>I alt i tusinder</b>|<b>5.991,9</b>|
        """,
        categories=(Category.INDSATSMIDLER,),
    )
    assert [("import-skipped-row", 5)] == [(p.code, p.location.line) for p in result.problems]
    assert result.ledger is not None
    assert [
        (Decimal(5190), Expiry.open()),
        (Decimal("1.9"), Expiry.declining()),
        (Decimal(-1200), Expiry.in_year(2017)),
    ] == [(a.amount, a.expiry) for a in result.ledger.appropriations]
    assert Decimal("5991.9") == result.ledger.tables[0].stated_total


def test_category_that_cannot_be_told_is_a_problem() -> None:
    """Without --category, a caption or a total line naming the kind of money, the import
    asks for --category."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|500|2016
        """
    )
    assert ["import-no-category"] == [p.code for p in result.problems]
    assert "--category" in (result.problems[0].hint or "")


def test_missing_unit_and_expiry_are_problems_with_hints() -> None:
    """A table whose headers do not name the unit, and rows without an Udløb, ask for
    --unit and --expires; given them, the import succeeds."""
    text = """
        Formål/overskrift|Beløb
        A|500
        """
    result = _table(text, categories=(Category.DRIFTSMIDLER,))
    assert ["import-missing-value"] == [p.code for p in result.problems]
    result = _table(text, categories=(Category.DRIFTSMIDLER,), expires=Expiry.in_year(2016))
    assert ["import-no-unit"] == [p.code for p in result.problems]
    fixed = _table(text, categories=(Category.DRIFTSMIDLER,), expires=Expiry.in_year(2016),
                   unit=Unit.DKK)  # fmt: skip
    assert Unit.DKK is _imported(fixed).unit


def test_extra_cells_beyond_the_header_are_problems() -> None:
    """A row with more cells than the header (a tab inside a cell) is reported, not
    silently cut."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|500|2016|løst
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert [("import-extra-cell", 2)] == [(p.code, p.location.line) for p in result.problems]


def test_csv_with_semicolons_is_imported(tmp_path: Path) -> None:
    """A CSV file as Danish Excel saves it (';', decimal comma, BOM) imports like text."""
    path = tmp_path / "tabel.csv"
    path.write_text(
        "\ufeffFormål/overskrift;Beløb i tusinder;Udløb\nMikrolån;1.200;2016\n"
        '"Tekst; med semikolon";18,5;2015\n',
        encoding="utf-8",
    )
    ledger = _imported(import_tables([str(path)], ImportOptions(
        output=str(tmp_path / "out.yaml"), categories=(Category.DRIFTSMIDLER,))))  # fmt: skip
    assert [("Mikrolån", Decimal(1200)), ("Tekst; med semikolon", Decimal("18.5"))] == [
        (a.title, a.amount) for a in ledger.appropriations
    ]


def test_xlsx_sheet_is_imported_with_numbers_as_decimals(tmp_path: Path) -> None:
    """The first sheet of a workbook imports; numeric cells become exact Decimals."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Formål/overskrift", "Org.", "Beløb i tusinder", "Udløb"])
    sheet.append(["Mikrolån", "JKI", 1200, 2016])
    sheet.append(["Mentor", "KEH", 18.3, "Faldende profil"])
    path = tmp_path / "tabel.xlsx"
    workbook.save(path)
    ledger = _imported(import_tables([str(path)], ImportOptions(
        output=str(tmp_path / "out.yaml"), categories=(Category.INDSATSMIDLER,))))  # fmt: skip
    assert [
        ("Mikrolån", "JKI", Decimal(1200), Expiry.in_year(2016)),
        ("Mentor", "KEH", Decimal("18.3"), Expiry.declining()),
    ] == [(a.title, a.organisation, a.amount, a.expiry) for a in ledger.appropriations]


def test_unreadable_inputs_are_problems(tmp_path: Path) -> None:
    """A missing file, a Latin-1 file and a broken workbook are problems, not tracebacks."""
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Formål\tBeløb\n".encode("latin-1"))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a zip")
    result = import_tables([str(tmp_path / "missing.txt"), str(latin), str(broken)])
    assert ["import-unreadable"] * 3 == [p.code for p in result.problems]


_CELL = st.text(alphabet=st.characters(blacklist_characters="\t\n\r<>&", blacklist_categories=("Cs", "Cc")), min_size=1, max_size=20).filter(lambda t: t.strip() == t and t != "" and t not in {"-", "–", "—"})  # noqa: E501  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_CELL, st.integers(-10**7, 10**7), st.integers(2000, 2030)),
                min_size=1, max_size=8))  # fmt: skip
def test_any_table_imports_and_reads_back_to_the_rows_read(
    rows: list[tuple[str, int, int]],
) -> None:
    """Any table of text titles, integer amounts and years imports to exactly those rows,
    and the written ledger loads back to them."""
    from bevilling.i18n.formatting import format_amount

    titles = [t for t, _, _ in rows]
    if any(title.casefold() in {"formål/overskrift"} or " i alt" in f" {title.casefold()} "
           or title.casefold().startswith(("sum", "i alt")) for title in titles):  # fmt: skip
        return
    text = "Formål/overskrift\tBeløb i tusinder\tUdløb\n" + "".join(
        f"{title}\t{format_amount(Decimal(amount), 'da')}\t{year}\n" for title, amount, year in rows
    )
    ledger = _imported(import_text(text, "t.txt", ImportOptions(
        output="out.yaml", categories=(Category.DRIFTSMIDLER,))))  # fmt: skip
    assert [(t, Decimal(a), Expiry.in_year(y)) for t, a, y in rows] == [
        (a.title, a.amount, a.expiry) for a in ledger.appropriations
    ]
    _round_trip(ledger)


def test_one_id_prefix_numbers_rows_across_tables() -> None:
    """One --id-prefix for a two-part table numbers on across the parts: ids stay unique."""
    ledger = _imported(
        import_tables([str(SEEDS / "biie-tabel2.txt")],
                      ImportOptions(output="biie.yaml", id_prefixes=("VF-",)))
    )  # fmt: skip
    assert [["VF-01", "VF-02", "VF-03"], ["VF-04"]] == [
        [a.id for a in t.appropriations] for t in ledger.tables
    ]
    assert ["service", "indsats"] == [t.name for t in ledger.tables]
