"""bevilling.interop.layout: parts, total lines, labels, footnotes and merged group cells of
one input, read as a person reads the printed table."""

from __future__ import annotations

import textwrap
from typing import Any

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
