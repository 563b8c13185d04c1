"""bevilling.interop.layout: parts, total lines, labels, footnotes and merged group cells of
one input, read as a person reads the printed table."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bevilling.core.model import Category, Expiry
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.importer import ImportOptions, ImportResult, import_text


def _table(text: str, **options: Any) -> ImportResult:
    """Import ``text`` (``|`` for tabs, dedented) as table.txt into out.yaml."""
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "table.txt",
                       ImportOptions(output="out.yaml", categories=(Category.INDSATSMIDLER,),
                                     **options))  # fmt: skip


GROUPED = """
    Målgruppe|Org.|Formål/overskrift|Beløb i tusinder|Udløb
    Aktivitetsparate|JKI|Mentor|100|2016
    ||Uddannelse|200|2016
    |KEH|Praktik|300|2016
    Sum|||600|
    Fleksjob||Rådgivning|50|2016
    ||Løntilskud|-|2016
    Sum|||50|
    |JKA|Kursus|25|2016
    |KEH|Kursus 2|10|2016
    Sum|||35|
    <b>I alt</b>|||685|
    """


def test_group_cells_printed_once_are_read_down_to_the_next_group() -> None:
    """Målgruppe and Org. printed once per group (merged cells in Word) apply to the rows
    below them in the same part; a "Sum" line ends the group (the row after it has no
    Målgruppe of its own, and gets none); each filled column is one warning."""
    result = _table(GROUPED)
    assert result.ledger is not None
    assert [
        ("Mentor", "Aktivitetsparate", "JKI"),
        ("Uddannelse", "Aktivitetsparate", "JKI"),
        ("Praktik", "Aktivitetsparate", "KEH"),
        ("Rådgivning", "Fleksjob", None),
        ("Kursus", None, "JKA"),
        ("Kursus 2", None, "KEH"),
    ] == [(a.title, a.target_group, a.organisation) for a in result.ledger.appropriations]
    assert [("import-filled-down", 3), ("import-filled-down", 3), ("import-skipped-row", 7)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert [
        "kolonnen 'Målgruppe' (target_group): 2 tomme celler er læst som værdien ovenfor (en"
        " gruppe, der kun står én gang; flettede celler), linje 3, 4",
        "kolonnen 'Org.' (organisation): 1 tom celle er læst som værdien ovenfor (en gruppe,"
        " der kun står én gang; flettede celler), linje 3",
    ] == [p.message for p in result.problems[:2]]
    with use_locale("en"):
        english = _table(GROUPED).problems
    assert [
        "column 'Målgruppe' (target_group): 2 empty cells read as the value above (a group"
        " printed once, merged cells), lines 3, 4",
        "column 'Org.' (organisation): 1 empty cell read as the value above (a group printed"
        " once, merged cells), line 3",
    ] == [p.message for p in english[:2]]


def test_parts_are_named_from_the_group_they_hold() -> None:
    """Several "Sum" blocks become tables named "<caption> – <group>" from the group on their
    first row; a block without one group keeps the caption alone."""
    result = _table(GROUPED, names=("Tabel 8",))
    assert result.ledger is not None
    assert ["Tabel 8 – Aktivitetsparate", "Tabel 8 – Fleksjob", "Tabel 8"] == [
        t.name for t in result.ledger.tables
    ]


def test_fill_down_can_be_chosen_or_turned_off() -> None:
    """fill_down=() reads every empty cell as empty; a field such as description can be
    added for a column like Tabel 8's Tilbudstype.  Amounts are never filled: an empty
    amount leaves its row out."""
    plain = _table(GROUPED, fill_down=())
    assert plain.ledger is not None
    assert [None, None] == [a.target_group for a in plain.ledger.appropriations[1:3]]
    assert "import-filled-down" not in [p.code for p in plain.problems]
    described = _table(
        """
        Målgruppe|Beskrivelse|Formål/overskrift|Beløb i tusinder|Udløb
        Alle|Mentor (kap. 9)|Fastholdelse|100|2016
        ||Helhed||2016
        ||Uddannelse|300|2016
        """,
        fill_down=("target_group", "description"),
    )
    assert described.ledger is not None
    assert [("Fastholdelse", "Mentor (kap. 9)"), ("Uddannelse", "Mentor (kap. 9)")] == [
        (a.title, a.description) for a in described.ledger.appropriations
    ]


def test_a_rule_starts_a_new_part_and_a_new_group() -> None:
    """After <hr/> nothing is carried over from the part above."""
    result = _table(
        """
        Målgruppe|Formål/overskrift|Beløb i tusinder|Udløb
        Alle|A|100|2016
        <hr/>
        |B|200|2016
        """,
        expires=Expiry.in_year(2016),
    )
    assert result.ledger is not None
    assert [("A", "Alle"), ("B", None)] == [
        (a.title, a.target_group) for a in result.ledger.appropriations
    ]


def test_footnotes_and_a_repeated_header_are_not_rows() -> None:
    """A footnote line is kept for the header comment; the header again (a page break) and
    blank lines are skipped."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|100|2016

        <sup>14</sup> JKI er <b>Center</b> for Jobindsats
        Formål/overskrift|Beløb i tusinder|Udløb
        B|200|2016
        """
    )
    assert result.ledger is not None
    assert ["A", "B"] == [a.title for a in result.ledger.appropriations]
    assert ("table.txt: fodnote 14 JKI er Center for Jobindsats",) == result.notes


def test_a_caption_copied_with_the_table_names_it_and_tells_its_category() -> None:
    """A "Tabel 9: …" line copied above the header is the table's name (without --name) and
    tells its category; a plain label such as "Service" is not a caption."""
    result = import_text(
        "Tabel 9: Oversigt over indsatsmidler tildelt målgrupperne\n"
        "Formål/overskrift\tBeløb i tusinder\tUdløb\nA\t100\t2016\n",
        "tabel9.txt",
        ImportOptions(output="out.yaml"),
    )
    assert result.ledger is not None
    assert [
        ("Tabel 9: Oversigt over indsatsmidler tildelt målgrupperne", Category.INDSATSMIDLER)
    ] == [(t.name, t.category) for t in result.ledger.tables]
    named = import_text(
        "Tabel 9: Oversigt\nFormål/overskrift\tBeløb i tusinder\tUdløb\nA\t100\t2016\n",
        "tabel9.txt",
        ImportOptions(output="out.yaml", names=("Given",), categories=(Category.DRIFTSMIDLER,)),
    )
    assert named.ledger is not None
    assert ["Given"] == [t.name for t in named.ledger.tables]


def test_a_table_whose_every_row_is_left_out_counts_them_with_the_right_plural() -> None:
    """ "1 række udeladt", "2 rækker udeladt" ("1 row left out", "2 rows left out"): the
    count of left-out rows is a plural message, not "(1 left out)"."""
    one = "Formål/overskrift|Beløb i tusinder|Udløb\nA|-|2016\n"
    two = one + "B|-|2016\n"
    heading = "tabellen har en overskriftslinje (linje 1), men ingen rækker med beløb"
    assert [f"{heading} (1 række udeladt)", f"{heading} (2 rækker udeladt)"] == [
        _table(one).problems[0].message,
        _table(two).problems[0].message,
    ]
    with use_locale("en"):
        english = [_table(one).problems[0].message, _table(two).problems[0].message]
    heading = "the table has a header (line 1) but no row with an amount"
    assert [f"{heading} (1 row left out)", f"{heading} (2 rows left out)"] == english


def _drift(text: str, **options: Any) -> ImportResult:
    """Import ``text`` (``|`` for tabs) as a driftsmidler table."""
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "tl.txt",
                       ImportOptions(output="tl.yaml", categories=(Category.DRIFTSMIDLER,),
                                     **options))  # fmt: skip


@pytest.mark.parametrize(
    "label",
    ["Total", "Totalt", "Ialt", "Samlet", "Samlet total", "I alt, drift", "Hovedtotal",
     "Subtotal", "I alt*", "I alt\u00b9", "<b>I alt</b><sup>2</sup>", "Sum"],
)  # fmt: skip
def test_total_lines_of_every_spelling_give_the_stated_total(label: str) -> None:
    """Attack 7, finding 10: `printf "Titel|Beløb i tusinder|Udløb / A|1.000|2016 / B|500|2016
    / Total|1.500|"`, imported with --expires 2016, gave a third appropriation "Total" 1.500
    (the table's money doubled), no stated_total, no warning. Each spelling is the table's
    total line."""
    result = _drift(f"Titel|Beløb i tusinder|Udløb\nA|1.000|2016\nB|500|2016\n{label}|1.500|\n",
                    expires=Expiry.in_year(2016))  # fmt: skip
    assert result.ledger is not None
    (table,) = result.ledger.tables
    assert ([], ["A", "B"], Decimal(1500)) == (
        list(result.problems), [a.title for a in table.appropriations], table.stated_total,
    )  # fmt: skip


def test_a_total_line_that_prints_the_expiry_too_is_a_total() -> None:
    """Attack 7, finding 10: an "I alt" line with 2016 in its Udløb cell was the row "I alt"
    1.500 (expiring 2016 said 3.000 for a paper's 1.500). The expiry cell does not make a
    bare total line a row; a target group of its own does (it is then an appropriation), and
    so does a title beyond the total word ("Total renovering")."""
    result = _drift("Titel|Målgruppe|Beløb i tusinder|Udløb\nA||1.000|2016\nB||500|2016\n"
                    "I alt||1.500|2016\n")  # fmt: skip
    assert result.ledger is not None
    assert ([], ["A", "B"], Decimal(1500)) == (
        list(result.problems),
        [a.title for a in result.ledger.appropriations],
        result.ledger.tables[0].stated_total,
    )
    row = _drift("Titel|Målgruppe|Beløb i tusinder|Udløb\nA||1.000|2016\nSum|Unge|500|2016\n")
    assert row.ledger is not None
    assert ["A", "Sum"] == [a.title for a in row.ledger.appropriations]
    # A title with a total word and an expiry is a row (a bare "Total" with one is a total);
    # were it the sum of the rows above, import-looks-like-total would say so.
    titled = _drift("Titel|Beløb i tusinder|Udløb\nA|500|2016\nTotal renovering|500|2016\n"
                    "Sum (1.000 kr.)|1.000|2016\n")  # fmt: skip
    assert titled.ledger is not None
    assert ([], ["A", "Total renovering"], Decimal(1000)) == (
        list(titled.problems),
        [a.title for a in titled.ledger.appropriations],
        titled.ledger.tables[0].stated_total,
    )


def test_a_breakdown_line_is_left_out_with_a_warning() -> None:
    """Attack 7, finding 9: "Heraf til JKI 600" under "I alt 1.500" became a second table with
    the appropriation "Heraf til JKI" (expiring 2016 said 2.100 for the paper's 1.500), no
    warning. A breakdown line, after the total or among the rows, is left out with a warning
    (import-skipped-row) at its line: the table keeps its rows and its total agrees."""
    result = _drift("Titel|Beløb i tusinder|Udløb\nA|1.000|2016\nHeraf løn|600|\nB|500|2016\n"
                    "I alt|1.500|\nHeraf til JKI|600|\nOf which: IT|100|\n",
                    expires=Expiry.in_year(2016))  # fmt: skip
    assert result.ledger is not None
    assert (["A", "B"], 1) == (
        [a.title for a in result.ledger.appropriations], len(result.ledger.tables),
    )  # fmt: skip
    assert [("import-skipped-row", 3), ("import-skipped-row", 6), ("import-skipped-row", 7)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert (
        "linjen 'Heraf til JKI' er en opdeling af linjen ovenfor (heraf): udeladt, dens beløb er"
        " talt med dér"
    ) == result.problems[1].message
    with use_locale("en"):
        english = _drift("Titel|Beløb i tusinder|Udløb\nA|1.000|2016\nI alt|1.000|\n"
                         "Heraf =cmd|600|\n")  # fmt: skip
    assert [
        "the line 'Heraf =cmd' breaks down the line above (of which): left out, its money is"
        " counted there"
    ] == [p.message for p in english.problems]


def test_a_last_row_that_adds_up_the_rows_above_is_a_warning() -> None:
    """Attack 7, finding 10: a total line whose label is not known ("Ramme") is read as an
    appropriation; when the last row of a table without a total line is the sum of the two
    or more rows above it, import-looks-like-total says so (Danish and English). Two equal
    rows, or a table with a total line, are not flagged."""
    text = "Titel|Beløb i tusinder|Udløb\nA|1.000|2016\nB|500|2016\nRamme|1.500|2016\n"
    result = _drift(text)
    assert result.ledger is not None
    assert [("import-looks-like-total", 4)] == [(p.code, p.location.line) for p in result.problems]
    assert (
        "den sidste række 'Ramme' har beløbet 1.500, summen af de 2 rækker ovenfor: er det en"
        " totallinje? Læst som en bevilling bliver pengene talt med to gange"
    ) == result.problems[0].message
    with use_locale("en"):
        english = _drift(text)
    assert (
        "the last row 'Ramme' has the amount 1,500, the sum of the 2 rows above it: is it a"
        " total line? Read as an appropriation, its money is counted twice"
    ) == english.problems[0].message
    quiet = [
        "Titel|Beløb i tusinder|Udløb\nA|500|2016\nB|500|2016\n",
        "Titel|Beløb i tusinder|Udløb\nA|0|2016\nB|0|2016\nC|0|2016\n",
        "Titel|Beløb i tusinder|Udløb\nA|1.000|2016\nB|500|2016\nC|1.500|2016\nI alt|3.000|\n",
    ]
    assert [[], [], []] == [list(_drift(t).problems) for t in quiet]


MERGED_EXPIRY = (
    "Titel|Beløb i tusinder|Udløb\nA|100|2015\nB|200|\nC|300|\nD|400|2016\nI alt|1.000|\n"
)


def test_an_empty_expiry_under_a_printed_one_names_it_and_expires_warns() -> None:
    """Attack 7, finding 15: an Udløb printed once for a group (merged cells, copied as text):
    the hint led to --expires 2016, which gave B and C (printed under 2015) 2016 silently. The
    error names the expiry above and what --expires does; --expires under another printed
    year is a warning listing the rows (none when it gives the year printed above)."""
    result = _drift(MERGED_EXPIRY)
    assert [("import-missing-value", 3), ("import-missing-value", 4)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert (
        "rækken har intet udløb: udløbscellen er tom, under '2015' på en række ovenfor (én"
        " celle flettet over en gruppe af rækker?)"
    ) == result.problems[0].message
    guessed = _drift(MERGED_EXPIRY, expires=Expiry.in_year(2016))
    assert guessed.ledger is not None
    assert [("import-expires-under-year", 3)] == [
        (p.code, p.location.line) for p in guessed.problems
    ]
    with use_locale("en"):
        english = _drift(MERGED_EXPIRY, expires=Expiry.in_year(2016))
    assert (
        "--expires gave its expiry to 2 rows whose Udløb cells are empty under a cell that prints"
        " another expiry (one cell merged over a group of rows?), lines 3, 4"
    ) == english.problems[0].message
    same = _drift(MERGED_EXPIRY, expires=Expiry.in_year(2015))
    assert ([], [2015, 2015, 2015, 2016]) == (
        list(same.problems),
        [a.expiry.year for a in same.ledger.appropriations] if same.ledger else [],
    )


# --- attack 8, finding 14: a title beginning with a total word ---------------------------------

TITLED = "Tabel 1: Driftsmidler (1.000 kr.)\nTitel|Beløb\nMikrolån|500\n{label}|500\nMentor|300\n"


@pytest.mark.parametrize(
    "label",
    ["Total renovering", "Totalt rygeforbud", "Total for unge", "Hovedsum til skoler",
     "Subtotal drift", "Delsum unge", "Total ombygning af plejecenter"],
)  # fmt: skip
def test_a_title_beginning_with_a_total_word_stays_an_appropriation(label: str) -> None:
    """Attack 8, finding 14: "Total renovering 500" under "Mikrolån 500" (no Udløb of its own)
    was read as a subtotal: the row vanished and the table was split, without a word (800 of
    1.300 imported). A label whose total word is followed by other words is a total only when
    its figures are the sum of the two or more rows it would close; otherwise it is a row,
    with the warning import-total-word at its line."""
    result = _drift(TITLED.format(label=label), expires=Expiry.in_year(2016))
    assert result.ledger is not None
    assert (["Mikrolån", label, "Mentor"], 1, [("import-total-word", 4)]) == (
        [a.title for a in result.ledger.appropriations],
        len(result.ledger.tables),
        [(p.code, p.location.line) for p in result.problems],
    )
    assert (
        f"linjen {label!r} begynder med et totalord, men dens tal er ikke summen af rækkerne"
        " ovenfor: læst som en bevilling"
    ) == result.problems[0].message
    with use_locale("en"):
        english = _drift(TITLED.format(label=label), expires=Expiry.in_year(2016))
    assert (
        f"the line {label!r} begins with a total word, but its figures are not the sum of the"
        " rows above it: read as an appropriation"
    ) == english.problems[0].message


def test_a_titled_total_that_differs_from_its_rows_stays_a_row() -> None:
    """Attack 8, finding 14 (tr5): "Total renovering 500" under "Mikrolån 400" vanished and
    only an import-total-mismatch said 400 ≠ 500. It is a row; the table's "I alt" agrees."""
    result = _drift("Titel|Beløb i tusinder|Udløb\nMikrolån|400|2016\nTotal renovering|500|\n"
                    "Mentor|300|2016\nI alt|1.200|\n", expires=Expiry.in_year(2016))  # fmt: skip
    assert result.ledger is not None
    assert (["Mikrolån", "Total renovering", "Mentor"], Decimal(1200), ["import-total-word"]) == (
        [a.title for a in result.ledger.appropriations],
        result.ledger.tables[0].stated_total,
        [p.code for p in result.problems],
    )


def test_a_titled_subtotal_that_is_the_sum_of_its_rows_is_a_total() -> None:
    """A subtotal with words after its total word ("Subtotal drift", "Total, anlæg") that
    prints the sum of the two or more rows above it closes them, as before; so do the plain
    labels ("Drift i alt", "I alt, anlæg") whatever the figures say."""
    result = _drift("Titel|Beløb i tusinder|Udløb\nA|100|2016\nB|200|2016\nSubtotal drift|300|\n"
                    "C|50|2016\nD|25|2016\nTotal, anlæg|75|\nE|10|2016\nF|10|2016\n"
                    "I alt, anlæg|25|\n")  # fmt: skip
    assert result.ledger is not None
    assert ([Decimal(300), Decimal(75), Decimal(25)], ["import-total-mismatch"]) == (
        [t.stated_total for t in result.ledger.tables],
        [p.code for p in result.problems],
    )


def test_a_title_beginning_with_a_total_word_in_a_workbook_stays_an_appropriation(
    tmp_path: Path,
) -> None:
    """Attack 8, finding 14, as the user made it in Excel (/tmp/attack8/x/totalrow.xlsx): the
    same row vanished from a workbook with numbers in its cells."""
    openpyxl = pytest.importorskip("openpyxl")
    from bevilling.interop.importer import import_tables

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    for row in (["Tabel 1: Driftsmidler (1.000 kr.)"], ["Titel", "Beløb"], ["Mikrolån", 500],
                ["Total renovering", 500], ["Mentor", 300]):  # fmt: skip
        sheet.append(row)
    path = tmp_path / "totalrow.xlsx"
    workbook.save(str(path))
    result = import_tables(
        [str(path)], ImportOptions(output="out.yaml", expires=Expiry.in_year(2016))
    )
    assert result.ledger is not None
    assert (["Mikrolån", "Total renovering", "Mentor"], ["import-total-word"]) == (
        [a.title for a in result.ledger.appropriations],
        [p.code for p in result.problems],
    )


def test_a_total_with_its_unit_or_price_level_is_a_total_whatever_its_figures() -> None:
    """A total label that says only its unit or price level beside its total word ("Total
    (mill. kr.)", "Sum (DKK, 2016-pl)") is a plain total line, also when its figure differs
    from the rows (then import-total-mismatch says so): only words of a title make a row."""
    result = _drift("Titel|Beløb i tusinder|Udløb\nA|100|2016\nB|200|2016\n"
                    "Total (mill. kr., 2016-pl)|350|\n")  # fmt: skip
    assert result.ledger is not None
    assert (["A", "B"], Decimal(350), ["import-total-mismatch"]) == (
        [a.title for a in result.ledger.appropriations],
        result.ledger.tables[0].stated_total,
        [p.code for p in result.problems],
    )
