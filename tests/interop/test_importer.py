"""bevilling.interop.importer: tables copied from budget papers become ledgers, or clear problems.

The acceptance tests import the raw table text of the seeds (copies in tests/data/seeds/) and
compare the result with the hand-transcribed ledgers in ledger/ and examples/ledgers/; the
reading of each format, the mapping and the layout have their own test modules.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import Category, Expiry, Phase, Unit
from bevilling.core.money import D
from bevilling.core.problems import Severity
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.importer import (
    GROUPING_FIELDS,
    ImportOptions,
    ImportResult,
    import_tables,
    import_text,
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


def _imported(result: ImportResult, *expected: str) -> bevilling.Ledger:
    assert list(expected) == [p.code for p in result.problems]
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
    10 give the 20 rows of ledger/udsatte-2015.yaml, every field and id, and the totals; the
    printed 48.779 of Tablet 8 (the rows sum to 47.579, an error of the source that the hand
    ledger accepts) is a warning at its "I alt" line."""
    result = import_tables(
        [str(SEEDS / f) for f in
         ("udsatte-2015-tablet8.txt", "udsatte-2015-tabel9.txt", "udsatte-2015-tabel10.txt")],
        ImportOptions(output="udsatte-2015.yaml", names=(TABLET_8, TABEL_9, TABEL_10),
                      id_prefixes=("D", "I", "S")),
    )  # fmt: skip
    ledger = _imported(result, "import-total-mismatch")
    hand = _hand("udsatte-2015.yaml")
    assert _fields(hand, ("id", *ALL_FIELDS)) == _fields(ledger, ("id", *ALL_FIELDS))
    assert [(t.name, t.category, t.stated_total) for t in hand.tables] == [
        (t.name, t.category, t.stated_total) for t in ledger.tables
    ]
    assert Unit.THOUSAND_DKK is ledger.unit
    assert 20 == result.rows_read
    assert [
        "udsatte-2015-tablet8.txt: fodnote 14 JKI er forkortelse for jobcentret Center for"
        " Jobindsats, JKA er jobcentret Center for Arbejdsfastholdelse og KEH er Københavns"
        " Erhvervshus"
    ] == list(result.notes)
    mismatch = result.problems[0]
    assert ("udsatte-2015-tablet8.txt", 19, Severity.WARNING) == (
        Path(mismatch.location.file).name, mismatch.location.line, mismatch.severity,
    )  # fmt: skip
    assert mismatch.message.endswith(
        "oplyst total 48.779, rækkerne summer til 47.579, difference 1.200 t.kr.: den skrevne"
        " bevillingsfil består ikke `bevilling check` (total-mismatch)"
    )
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


# --- the import as a whole ---------------------------------------------------------------------


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


def _table(text: str, **options: Any) -> ImportResult:
    """Import ``text`` (``|`` for tabs, dedented) as table.txt into out.yaml."""
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "table.txt",
                       ImportOptions(output="out.yaml", **options))  # fmt: skip


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


# --- issue 10 item 10: Tabel 8 of the indsatsbudget (merged cells, Sum lines, rounding) --------

TABEL_8 = "Tabel 8: Anvendelse af tilbud for målgrupperne"
#: The options of docs/interop.md's example for this table.
TABEL_8_MAP = ["Tilbudstype=description", "Tilbud=title", "Antal forløb 2015 (forventet)=-",
               "5=-", "Indsatsbudget 2015 (mio. kr.)=amount"]  # fmt: skip


def _tabel_8(**options: Any) -> ImportResult:
    """Import the seed copy of Tabel 8 as the docs show it, with ``options`` on top."""
    from bevilling.interop.importer import parse_mapping

    return import_tables(
        [str(SEEDS / "indsatsbudget-2015-tabel8.txt")],
        ImportOptions(output="ib.yaml", names=(TABEL_8,), mapping=parse_mapping(TABEL_8_MAP),
                      categories=(Category.INDSATSMIDLER,), expires=Expiry.in_year(2015),
                      **options),
    )  # fmt: skip


def test_tabel_8_s_loentilskud_rows_are_read_in_their_columns() -> None:
    """Session 7: the seed's two Løntilskud rows were shifted one column to the left (as in
    the extraction of Tabel 8; Tabel 2 of the same document prints them aligned), so their
    Tilbud was read from the count column: the import skipped rows "titled" '42' and '200'
    and read "Løntilskud (kap.12)" as a target group.  Corrected, they are the offers
    "Offentlig løntilskud" and "Øvrige private løntilskud" of LAB 2.3 Kontanthjælp, skipped
    (budget "-") like the other rows without an amount, and the block's Sum of 218,8 agrees
    with its rows."""
    result = _tabel_8(fill_down=("target_group", "description"), rounded_to=Decimal("0.1"))
    skipped = [p.message for p in result.problems if p.location.line in {8, 9}]
    assert [
        "rækken 'Offentlig løntilskud' har intet beløb (tom eller '-'): udeladt",
        "rækken 'Øvrige private løntilskud' har intet beløb (tom eller '-'): udeladt",
    ] == skipped
    ledger = _imported(result, *(p.code for p in result.problems))
    first = ledger.tables[0]
    assert ("LAB 2.3 Kontanthjælp", D("218.8"), D("218.8")) == (
        first.appropriations[0].target_group,
        first.stated_total,
        sum((a.amount for a in first.appropriations), D(0)),
    )
    assert ["import-filled-down", "import-filled-down"] == [
        p.code for p in result.problems if p.code != "import-skipped-row"
    ]


def test_tabel_8_puts_every_row_under_its_target_group_and_names_tables_by_group() -> None:
    """Målgruppe is printed once per group (merged cells in Word): every row of a group is
    read under it, so no money is left "(ikke angivet)"; each "Sum" block becomes a table
    named from its group, as in the hand ledger.  The user is told which cells were filled
    (one warning at the first) and what `check` still needs: the rounding of 271,1."""
    result = _tabel_8()
    assert result.ledger is not None
    hand = bevilling.load(ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml").ledgers[0]
    assert [t.name for t in hand.tables] == [t.name for t in result.ledger.tables]
    assert _fields(hand, ("title", "target_group", "amount", "expiry")) == _fields(
        result.ledger, ("title", "target_group", "amount", "expiry")
    )
    assert [] == [a.title for a in result.ledger.appropriations if a.target_group is None]
    found = [(p.code, p.location.line) for p in result.problems
             if p.code != "import-skipped-row"]  # fmt: skip
    assert [("import-filled-down", 3), ("import-rounding", 31)] == found
    filled, rounding = (p for p in result.problems if p.code != "import-skipped-row")
    assert (
        "kolonnen 'Målgruppe' (target_group): 6 tomme celler er læst som værdien ovenfor (en"
        " gruppe, der kun står én gang; flettede celler), linje 3, 4, 5, 13, 14, 20"
    ) == filled.message
    assert (
        "samlet total: oplyst 271,1, tabellerne summer til 271,2, difference -0,1"
        " mio. kr.: tal, der er afrundet til 0,1, behøver ikke at summe præcist, men den"
        " skrevne bevillingsfil består ikke `bevilling check`, før afrundingen er angivet"
    ) == rounding.message
    assert (
        "afrunder kilden sine tal til 0,1, så indlæs med --rounded-to 0,1, eller angiv det øverst"
        " i bevillingsfilen: `rounded_to: 0.1`"
    ) == rounding.hint
    with use_locale("en"):
        english = [p for p in _tabel_8().problems if p.code != "import-skipped-row"]
    assert (
        "column 'Målgruppe' (target_group): 6 empty cells read as the value above (a group"
        " printed once, merged cells), lines 3, 4, 5, 13, 14, 20"
    ) == english[0].message
    assert (
        "grand total: stated 271.1, the tables add up to 271.2, difference -0.1 (DKK"
        " million): figures printed to 0.1 need not add up, but the written ledger fails"
        " `bevilling check` until their rounding is declared"
    ) == english[1].message
    assert (
        "if the source rounds its figures to 0.1, import with --rounded-to 0.1, or declare it"
        " at the top of the ledger:"
        " `rounded_to: 0.1`"
    ) == english[1].hint


def test_tabel_8_with_the_rounding_declared_passes_check_like_the_hand_ledger() -> None:
    """Declaring the rounding (and filling down Tilbudstype too, as the hand ledger reads it)
    gives the hand ledger's rows and totals, and the written ledger passes `check` with only
    the total-rounding warning the hand ledger has."""
    grouping = ("target_group", "organisation", "source", "description")
    result = _tabel_8(rounded_to=Decimal("0.1"), fill_down=grouping)
    ledger = result.ledger
    assert ledger is not None
    assert ["import-filled-down"] * 2 == [
        p.code for p in result.problems if p.code != "import-skipped-row"
    ]
    hand = bevilling.load(ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml").ledgers[0]
    fields = ("title", "description", "target_group", "amount", "expiry")
    assert _fields(hand, fields) == _fields(ledger, fields)
    assert [(t.name, t.stated_total, t.rounded_to) for t in hand.tables] == [
        (t.name, t.stated_total, t.rounded_to) for t in ledger.tables
    ]
    assert (hand.stated_total, hand.rounded_to) == (ledger.stated_total, ledger.rounded_to)
    back = bevilling.load_string(dump(ledger), "ib.yaml")
    assert ["total-rounding"] == [p.code for p in bevilling.check(back).problems]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\n\n",
        "Formål/overskrift|Beløb i tusinder|Udløb\n",
        "Formål/overskrift|Beløb i tusinder|Udløb\nA|-|2016\nB||2016\n",
        "Forankring på Vesterbro\n",
    ],
)
def test_nothing_is_refused_without_an_error_that_says_why(text: str) -> None:
    """An empty input, a header without rows, rows without any amount, a single label: no
    ledger, and always an error naming the problem (never "fix the problems above" with
    none above)."""
    result = _table(text, categories=(Category.DRIFTSMIDLER,))
    assert None is result.ledger
    assert ["import-empty"] == [p.code for p in result.problems if p.severity is Severity.ERROR]


_PIECES = [*"\t\n\r ;,.-0123456789<>/&#\"'xaIltSumsup\u2028\x00", "<sup>", "</sup>", "I alt",
           "Sum", "Formål/overskrift", "Beløb i tusinder", "Udløb", "Målgruppe", "&#9999999999;",
           "<hr/>", "1.200", "18,3", "2016"]  # fmt: skip
#: Text made of the pieces tables are made of, in any order: headers, totals, markup, numbers.
_HOSTILE = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_HOSTILE)
def test_any_text_imports_or_says_why_never_a_traceback(text: str) -> None:
    """Any text (markup, numbers, separators, header words, control characters) gives a
    result, never an exception; a result without a ledger always carries an error."""
    options = ImportOptions(output="o.yaml", categories=(Category.DRIFTSMIDLER,))
    result = import_text(text, "t.txt", options)
    if result.ledger is None:
        assert any(p.severity is Severity.ERROR for p in result.problems)


def test_a_fifo_or_a_device_is_refused_not_read(tmp_path: Path) -> None:
    """`bevilling import FIFO` hung until killed and `bevilling import /dev/zero` grew past
    5 GB: a table that is not a regular file is `import-unreadable`, never opened."""
    import os

    from bevilling.interop import import_tables

    fifo = tmp_path / "tabel.txt"
    os.mkfifo(fifo)
    for path in (str(fifo), "/dev/zero", str(tmp_path)):
        result = import_tables([path])
        assert [("import-unreadable", path)] == [(p.code, p.location.file) for p in result.problems]
        assert result.ledger is None


def test_a_missing_document_says_so_in_the_catalog_s_words(tmp_path: Path) -> None:
    """A missing .docx said python-docx's English "Package not found at ...", a missing .pdf
    "[Errno 2] No such file or directory": like a missing text file, it is 'findes ikke'."""
    from bevilling.interop.importer import read_document

    for name in ("mangler.docx", "mangler.pdf", "mangler.xlsx", "mangler.txt"):
        path = str(tmp_path / name)
        problems = [*read_document(path)[1]] if name[-4:] in {"docx", ".pdf"} else []
        problems += import_tables([path]).problems
        assert [
            ("import-unreadable", f"kan ikke læse {path}: filen eller mappen findes ikke"),
        ] * len(problems) == [(p.code, p.message) for p in problems]
        assert problems


# --- session 6 attack, finding 5: --unit / --price-level against what the table states ------


def _stated(
    kind: str,
    tmp_path: Path,
    caption: str | None,
    header: str,
    rows: list[list[str]] | None = None,
) -> str:
    """One table, 'Titel' and ``header`` over two rows and an "I alt" (or ``rows``), after
    ``caption``, as a file of ``kind`` (txt, csv, xlsx, docx, pdf); its path."""
    from tests.interop.documents import Printed, write_docx, write_pdf, write_xlsx

    if rows is None:
        rows = [["Titel", header], ["C", "1.000"], ["D", "2.000"], ["I alt", "3.000"]]
    path = tmp_path / f"k2.{kind}"
    if kind in {"txt", "csv"}:
        sep = "\t" if kind == "txt" else ";"
        # A caption line of CSV ends in its separator: the first line tells the separator.
        lines = ([caption + sep] if caption else []) + [sep.join(row) for row in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    elif kind == "xlsx":
        pytest.importorskip("openpyxl")
        write_xlsx(path, Printed(caption, rows))
    elif kind == "docx":
        pytest.importorskip("docx")
        write_docx(path, [Printed(caption, rows)])
    else:
        pytest.importorskip("fpdf")
        pytest.importorskip("pdfplumber")
        write_pdf(path, [Printed(caption, rows)])
    return str(path)


KINDS = ["txt", "csv", "xlsx", "docx", "pdf"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_unit_option_against_the_header_s_unit_is_an_error_for_every_input_kind(
    kind: str, tmp_path: Path
) -> None:
    """Attack 6, finding 5: `printf 'Titel\\tBeløb i tusinder\\nC\\t1.000\\n...' > k2.txt;
    bevilling import k2.txt ... --unit 'mio DKK'` wrote `unit: mio DKK`, `amount: 1000` (1
    million kroner became 1 billion) without a word.  Now the option that contradicts the
    header is `import-options` at the header's line, naming the header, both units and the fix,
    and nothing is written; from text, CSV, a workbook, Word and PDF alike."""
    path = _stated(kind, tmp_path, None, "Beløb i tusinder")
    options = ImportOptions(
        output="out.yaml", unit=Unit.MILLION_DKK, categories=(Category.DRIFTSMIDLER,),
        expires=Expiry.in_year(2016),
    )  # fmt: skip
    result = import_tables([path], options)
    assert (None, ["import-options"]) == (result.ledger, [p.code for p in result.problems])
    (problem,) = result.problems
    assert (
        "--unit 'mio DKK' siger, at beløbene er i mio. kr., men kolonneoverskriften"
        " 'Beløb i tusinder' siger 1.000 kr."
    ) == problem.message
    assert (
        "udelad --unit: tabellen oplyser selv sin enhed (1.000 kr.); er tabellen forkert, så"
        " ret dens tekst i stedet"
    ) == problem.hint
    agreeing = import_tables([path], attrs.evolve(options, unit=Unit.THOUSAND_DKK))
    assert (Unit.THOUSAND_DKK, D(1000)) == (
        _imported(agreeing).unit, _imported(agreeing).appropriations[0].amount,
    )  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_unit_and_price_level_options_against_the_caption_are_errors(
    kind: str, tmp_path: Path
) -> None:
    """The same for a unit and a price level that only the caption states ("Tabel 2: … (1.000
    kr. – 2017 p/l)"): `--unit DKK --price-level 2016` is two `import-options` errors (kroner
    for thousands; 2016 prices for 2017's), in English with `--locale en`."""
    caption = "Tabel 2: Udgifter til service (1.000 kr. – 2017 p/l)"
    path = _stated(kind, tmp_path, caption, "Beløb")
    options = ImportOptions(
        output="out.yaml", unit=Unit.DKK, price_level=2016, categories=(Category.DRIFTSMIDLER,),
        expires=Expiry.in_year(2016),
    )  # fmt: skip
    with use_locale("en"):
        result = import_tables([path], options)
    assert None is result.ledger
    assert [
        f"--unit 'DKK' says the amounts are in DKK, but the caption {caption!r} says DKK thousand",
        f"--price-level 2016 says the amounts are in 2016 prices, but the caption {caption!r}"
        " says 2017 p/l",
    ] == [p.message for p in result.problems if p.code == "import-options"]
    assert ["import-options", "import-options"] == [p.code for p in result.problems]
    agreeing = _imported(import_tables([path], attrs.evolve(options, unit=None, price_level=None)))
    assert (Unit.THOUSAND_DKK, 2017) == (agreeing.unit, agreeing.price_level)


def test_tables_in_two_units_are_not_joined_by_a_unit_option(tmp_path: Path) -> None:
    """Two tables whose headers name two units cannot be one ledger: the hint of
    `import-no-unit` says to import them apart (`--unit` would now contradict one of them)."""
    thousands = tmp_path / "a.txt"
    thousands.write_text("Titel\tBeløb i tusinder\tUdløb\nC\t1.000\t2016\n", encoding="utf-8")
    millions = tmp_path / "b.txt"
    millions.write_text("Titel\tBeløb (mio. kr.)\tUdløb\nD\t1,2\t2016\n", encoding="utf-8")
    options = ImportOptions(output="out.yaml", categories=(Category.DRIFTSMIDLER,))
    result = import_tables([str(thousands), str(millions)], options)
    assert ["import-no-unit"] == [p.code for p in result.problems]
    assert "indlæs tabellerne i hver enhed i en bevillingsfil for sig" == result.problems[0].hint
    given = import_tables([str(thousands), str(millions)], attrs.evolve(options, unit=Unit.DKK))
    assert [("import-options", 1)] * 2 == [(p.code, p.location.line) for p in given.problems]


# --- session 6 attack, findings 2 and 3: ImportOptions from Python ----------------------------

K = "Titel\tBeløb i tusinder\tUdløb\nC\t1.000\t2016\nD\t2.000\t2016\nI alt\t3.000\t\n"


@pytest.mark.parametrize("given", ["0.10000000", "0.1000000", "1.0000000", "1E+1"])
def test_a_decimal_rounding_with_trailing_zeros_is_written_so_that_the_ledger_loads(
    given: str,
) -> None:
    """Attack 6, finding 2: `ImportOptions(..., rounded_to=Decimal("0.10000000"))` gave an ok
    result whose ledger, written by dump, did not load (`rounded_to: 0.10000000`: more than 6
    decimals, amount-out-of-range twice).  The option is normalised as `--rounded-to` is."""
    options = ImportOptions(
        output="k.yaml", categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal(given)
    )
    ledger = _imported(import_text(K, "k.txt", options))
    assert Decimal(given).normalize() == ledger.rounded_to
    assert "." not in str(ledger.rounded_to) or not str(ledger.rounded_to).endswith("0")
    _round_trip(ledger)


def test_an_int_rounding_is_whole_units_and_a_float_or_text_is_a_type_error() -> None:
    """Attack 6, finding 3: `rounded_to=1` (the natural way to say whole thousands), `0.1` and
    `"0,1"` ended in `AttributeError: 'int' object has no attribute 'is_finite'`.  An int is
    taken (as `D(1)`); a float (not exact) and a text (`"0,1"` reads two ways) are a TypeError
    at `ImportOptions(...)` that says to pass a Decimal or an int."""
    options = ImportOptions(output="k.yaml", categories=(Category.DRIFTSMIDLER,), rounded_to=1)
    assert (Decimal(1), "Decimal") == (options.rounded_to, type(options.rounded_to).__name__)
    ledger = _imported(import_text(K, "k.txt", options))
    assert Decimal(1) == ledger.rounded_to
    for wrong in (0.1, "0,1", True):
        with pytest.raises(TypeError, match=r"takes a Decimal or an int|refuses bool"):
            ImportOptions(rounded_to=wrong)  # type: ignore[arg-type]


def test_a_rounding_that_is_no_rounding_from_python_is_still_import_options() -> None:
    """Zero, a negative value, NaN and a value beyond range are kept by ImportOptions and
    reported by the import as `import-options` (never a traceback, nothing written)."""
    for wrong in ("0", "-1", "NaN", "1E+100000"):
        options = ImportOptions(
            output="k.yaml", categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal(wrong)
        )
        result = import_text(K, "k.txt", options)
        assert (None, ["import-options"]) == (result.ledger, [p.code for p in result.problems])


def test_fill_down_given_one_text_is_one_field_and_none_a_clear_type_error() -> None:
    """Attack 6, finding 3: `fill_down="target_group"` was read letter by letter (12
    `import-options` errors 't', 'a', 'r', ...) and `fill_down=None` ended in "'NoneType' object
    is not iterable".  A text is one field name; None is a TypeError that says what to pass."""
    assert ("target_group",) == ImportOptions(fill_down="target_group").fill_down  # type: ignore[arg-type]
    listed = ImportOptions(fill_down=["target_group", "source"])  # type: ignore[arg-type]
    assert ("target_group", "source") == listed.fill_down
    wrong = import_text(K, "k.txt", ImportOptions(fill_down="målgruppe"))  # type: ignore[arg-type]
    assert ["import-options"] == [p.code for p in wrong.problems if p.code == "import-options"]
    for bad in (None, 5, ("target_group", 1)):
        with pytest.raises(TypeError, match=r"takes a tuple of field names"):
            ImportOptions(fill_down=bad)  # type: ignore[arg-type]


# --- session 6 attack, finding 6: merged cells read alike from xlsx, docx and pdf -----------


@pytest.mark.parametrize("fill_down", [(), GROUPING_FIELDS])
def test_one_table_with_merged_cells_is_one_ledger_from_xlsx_docx_and_pdf(
    tmp_path: Path, fill_down: tuple[str, ...]
) -> None:
    """Attack 6, finding 6: the same table (Målgruppe merged A2:A4, Beskrivelse merged B2:B3,
    as mkx.py/mkd.py/mkp2.py made it) gave B and C the target group G1 and B the description
    D1 from Word and PDF, also with --no-fill-down, but not from the workbook, whose merged
    cells were ignored.  Now the workbook's merges are read like Word's grid: the three files
    give the same ledger, with and without fill-down (and an Udløb merged down two rows is
    read in both, finding 6b)."""
    from tests.interop.documents import Printed, write_docx, write_pdf, write_xlsx

    for module in ("openpyxl", "docx", "fpdf", "pdfplumber"):
        pytest.importorskip(module)
    rows: list[list[str | None]] = [
        ["Målgruppe", "Beskrivelse", "Titel", "Beløb i tusinder", "Udløb"],
        ["G1", "D1", "A", "100", "2016"],
        [None, None, "B", "200", None],
        [None, "D2", "C", "300", "2017"],
        ["I alt", "", "", "600", ""],
    ]
    spans = {(1, 0): (3, 1), (1, 1): (2, 1), (1, 4): (2, 1)}
    printed = Printed("Tabel 1: Driftsmidler", rows, spans)
    options = ImportOptions(output="out.yaml", fill_down=fill_down)
    ledgers = {}
    for kind, write in (("xlsx", write_xlsx), ("docx", write_docx), ("pdf", write_pdf)):
        path = tmp_path / f"t.{kind}"
        write(path, printed if kind == "xlsx" else [printed])  # type: ignore[operator]
        result = import_tables([str(path)], options)
        ledgers[kind] = without_locations(_imported(result))
    expected = [
        ("A", "G1", "D1", D(100), Expiry.in_year(2016)),
        ("B", "G1", "D1", D(200), Expiry.in_year(2016)),
        ("C", "G1", "D2", D(300), Expiry.in_year(2017)),
    ]
    assert expected == [
        (a.title, a.target_group, a.description, a.amount, a.expiry)
        for a in ledgers["xlsx"].appropriations
    ]
    assert ledgers["xlsx"].tables == ledgers["docx"].tables == ledgers["pdf"].tables


def test_a_caption_s_unit_is_not_held_against_the_option_when_the_header_states_one() -> None:
    """The header's unit wins over the caption's (as the import reads them): a caption that
    happens to name kroner ("Tilskud på 500 kr. pr. borger") does not make `--unit '1000
    DKK'` an error when the header ("Beløb i tusinder") agrees with the option."""
    text = (
        "Tabel 4: Tilskud på 500 kr. pr. borger\nTitel\tBeløb i tusinder\tUdløb\nC\t1.000\t2016\n"
    )
    options = ImportOptions(
        output="k.yaml", categories=(Category.DRIFTSMIDLER,), unit=Unit.THOUSAND_DKK
    )
    assert Unit.THOUSAND_DKK == _imported(import_text(text, "k.txt", options)).unit


# --- session 6: a header and a caption that state different units or price levels ------------

CONFLICT = "Tabel 2: Udgifter til service (mio. kr.)"


def _options(**given: Any) -> ImportOptions:
    return ImportOptions(
        output="out.yaml", categories=(Category.DRIFTSMIDLER,), expires=Expiry.in_year(2016),
        **given,
    )  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_a_header_and_a_caption_of_different_units_are_an_error_for_every_input_kind(
    kind: str, tmp_path: Path
) -> None:
    """`bevilling import k2.txt --category driftsmidler` of a table headed "Beløb (1.000 kr.)"
    under the caption "Tabel 2: Udgifter til service (mio. kr.)" wrote `unit: 1000 DKK`
    without a word: the header won, and if the caption was right every amount was 1 000
    times too small.  The source contradicts itself, so the user decides: the error
    `import-caption-conflict` at the header's line names both texts, and its hint both
    --unit values; nothing is written.  From text, CSV, a workbook, Word and PDF alike."""
    path = _stated(kind, tmp_path, CONFLICT, "Beløb (1.000 kr.)")
    result = import_tables([path], _options())
    assert (None, ["import-caption-conflict"]) == (
        result.ledger, [p.code for p in result.problems],
    )  # fmt: skip
    (problem,) = result.problems
    assert (Severity.ERROR, 2 if kind in {"txt", "csv", "xlsx"} else 1) == (
        problem.severity, problem.location.line,
    )  # fmt: skip
    assert (
        "kolonneoverskriften 'Beløb (1.000 kr.)' siger, at beløbene er i 1.000 kr., men"
        f" tabeloverskriften {CONFLICT!r} siger mio. kr."
    ) == problem.message
    assert (
        "angiv, hvad der er rigtigt, med --unit '1000 DKK' eller --unit 'mio DKK', eller ret"
        " tabellen"
    ) == problem.hint
    with use_locale("en"):
        (english,) = import_tables([path], _options()).problems
    assert (
        "the header 'Beløb (1.000 kr.)' says the amounts are in DKK thousand, but the caption"
        f" {CONFLICT!r} says DKK million"
    ) == english.message


@pytest.mark.parametrize(
    ("unit", "kept"),
    [(Unit.THOUSAND_DKK, "kolonneoverskriften"), (Unit.MILLION_DKK, "tabeloverskriften")],
)
def test_a_unit_option_that_takes_one_side_is_followed_with_a_warning(
    unit: Unit, kept: str, tmp_path: Path
) -> None:
    """`--unit '1000 DKK'` (or `'mio DKK'`) on that table says which text is right: the
    ledger is written in that unit, and a warning `import-caption-conflict` names the text set
    aside (the CLI also writes it into the ledger's header comment), so the choice never
    passes unseen."""
    path = _stated("txt", tmp_path, CONFLICT, "Beløb (1.000 kr.)")
    result = import_tables([path], _options(unit=unit))
    ledger = _imported(result, "import-caption-conflict")
    (problem,) = result.problems
    assert (unit, D(1000), Severity.WARNING) == (
        ledger.unit, ledger.appropriations[0].amount, problem.severity,
    )  # fmt: skip
    assert problem.message.endswith(f"; --unit {unit.value!r} følger {kept}")
    assert "ret tabellen, så den kun oplyser én enhed" == problem.hint


def test_a_unit_option_that_takes_neither_side_is_an_error_against_both(tmp_path: Path) -> None:
    """`--unit DKK` on that table contradicts both texts: two `import-options` errors, at the
    caption's and the header's line, whose hint says the table contradicts itself."""
    path = _stated("txt", tmp_path, CONFLICT, "Beløb (1.000 kr.)")
    result = import_tables([path], _options(unit=Unit.DKK))
    assert [("import-options", 1), ("import-options", 2)] == [
        (p.code, p.location.line) for p in result.problems
    ]
    assert {
        "tabellen modsiger sig selv: ret den, eller angiv den --unit, der er rigtig ('1000 DKK'"
        " eller 'mio DKK')"
    } == {p.hint for p in result.problems}


def test_a_header_and_a_caption_of_different_price_levels_are_an_error() -> None:
    """The same for the price level: a multi-year table headed "(1.000 kr. – 2017 p/l)" under
    "Tabel 2: Udgifter (1.000 kr. – 2016 p/l)" is `import-caption-conflict`; `--price-level
    2016` takes the caption's (a warning); `--price-level 2015` is `import-options` twice."""
    text = (
        "Tabel 2: Udgifter (1.000 kr. – 2016 p/l)\n"
        "(1.000 kr. – 2017 p/l)\t2017\t2018\tI alt\nC\t100\t100\t200\n"
    )
    result = import_text(text, "k.txt", _options())
    assert [("import-caption-conflict", Severity.ERROR)] == [
        (p.code, p.severity) for p in result.problems
    ]
    assert (
        "kolonneoverskriften '(1.000 kr. – 2017 p/l)' siger 2017 p/l, men tabeloverskriften"
        " 'Tabel 2: Udgifter (1.000 kr. – 2016 p/l)' siger 2016 p/l"
    ) == result.problems[0].message
    chosen = import_text(text, "k.txt", _options(price_level=2016))
    assert 2016 == _imported(chosen, "import-caption-conflict").price_level
    assert chosen.problems[0].message.endswith("; --price-level 2016 følger tabeloverskriften")
    neither = import_text(text, "k.txt", _options(price_level=2015))
    assert ["import-options"] * 2 == [p.code for p in neither.problems]


def test_a_caption_that_merely_mentions_an_amount_states_no_unit() -> None:
    """A caption such as "Tabel 4: Tilskud på 500 kr. pr. deltager" mentions an amount; it
    states no unit: under "Beløb i tusinder" it is no conflict (the ledger is in 1000 DKK),
    and under a bare "Beløb" it no longer makes the amounts kroner silently: the unit is asked
    for (`import-no-unit`)."""
    caption = "Tabel 4: Tilskud på 500 kr. pr. deltager\n"
    thousands = import_text(caption + "Titel\tBeløb i tusinder\nC\t1.000\n", "k.txt", _options())
    assert Unit.THOUSAND_DKK == _imported(thousands).unit
    bare = import_text(caption + "Titel\tBeløb\nC\t1.000\n", "k.txt", _options())
    assert ["import-no-unit"] == [p.code for p in bare.problems]


def test_a_header_and_a_caption_that_agree_are_no_problem() -> None:
    """ "Beløb (1.000 kr.)" under "Tabel 2: … (1.000 kr. – 2017 p/l)" states one unit twice:
    imported without a problem, in 1000 DKK at 2017 p/l."""
    text = "Tabel 2: Udgifter (1.000 kr. – 2017 p/l)\nTitel\tBeløb (1.000 kr.)\nC\t1.000\n"
    ledger = _imported(import_text(text, "k.txt", _options()))
    assert (Unit.THOUSAND_DKK, 2017) == (ledger.unit, ledger.price_level)


# --- session 7: two columns of a header that state different units or price levels ----------

#: A multi-year table whose corner cell says mio. kr. and whose total column says 1.000 kr.
TWO_UNITS = [
    ["Mio. kr.", "2016", "2017", "Beløb i alt (1.000 kr.)"],
    ["C", "0,6", "0,6", "1.200"],
    ["D", "0,4", "0,4", "800"],
]


@pytest.mark.parametrize("kind", KINDS)
def test_two_columns_of_different_units_are_an_error_for_every_input_kind(
    kind: str, tmp_path: Path
) -> None:
    """`bevilling import` of a multi-year table with "Mio. kr." in its corner and "Beløb i
    alt (1.000 kr.)" over the totals wrote `unit: 1000 DKK` without a word (the last column
    won): the profiles 0,6 + 0,6 were read as 1 200 kroner, not 1,2 million.  Now it is the
    error `import-header-conflict` at the header's line naming both columns and both units,
    with a hint naming both --unit values; nothing is written.  From text, CSV, a workbook,
    Word and PDF alike."""
    path = _stated(kind, tmp_path, None, "", TWO_UNITS)
    result = import_tables([path], _options())
    assert (None, [("import-header-conflict", Severity.ERROR, 1)]) == (
        result.ledger, [(p.code, p.severity, p.location.line) for p in result.problems],
    )  # fmt: skip
    (problem,) = result.problems
    assert (
        "kolonne 1 'Mio. kr.' siger, at beløbene er i mio. kr., men kolonne 4 'Beløb i alt"
        " (1.000 kr.)' siger 1.000 kr."
    ) == problem.message
    assert (
        "angiv, hvad der er rigtigt, med --unit 'mio DKK' eller --unit '1000 DKK', eller ret"
        " tabellen"
    ) == problem.hint
    with use_locale("en"):
        (english,) = import_tables([path], _options()).problems
    assert (
        "column 1 'Mio. kr.' says the amounts are in DKK million, but column 4 'Beløb i alt"
        " (1.000 kr.)' says DKK thousand"
    ) == english.message
    assert (
        "say which is right with --unit 'mio DKK' or --unit '1000 DKK', or correct the table"
    ) == english.hint


@pytest.mark.parametrize("unit", [Unit.MILLION_DKK, Unit.THOUSAND_DKK])
def test_a_unit_option_that_takes_one_column_s_side_is_followed_with_a_warning(
    unit: Unit, tmp_path: Path
) -> None:
    """`--unit 'mio DKK'` (or `'1000 DKK'`) says which column is right: the ledger is written
    in that unit, with the warning `import-header-conflict` saying every column is read in it
    (and the profiles then disagree with the totals: `import-total-mismatch`, as they should)."""
    path = _stated("txt", tmp_path, None, "", TWO_UNITS)
    result = import_tables([path], _options(unit=unit))
    assert result.ledger is not None
    assert unit == result.ledger.unit
    conflict = [p for p in result.problems if p.code == "import-header-conflict"]
    assert [Severity.WARNING] == [p.severity for p in conflict]
    words = {Unit.MILLION_DKK: "mio. kr.", Unit.THOUSAND_DKK: "1.000 kr."}[unit]
    assert conflict[0].message.endswith(
        f"; med --unit {unit.value!r} læses beløbene i begge kolonner som {words}"
    )
    assert "ret tabellen, så den kun oplyser én enhed" == conflict[0].hint
    assert {"import-header-conflict", "import-total-mismatch"} == {p.code for p in result.problems}


def test_a_unit_option_that_takes_neither_column_s_side_is_import_options() -> None:
    """`--unit DKK` on that table agrees with neither column: one `import-options` error
    naming both columns, whose hint says the table contradicts itself."""
    text = "\n".join("\t".join(row) for row in TWO_UNITS) + "\n"
    result = import_text(text, "k.txt", _options(unit=Unit.DKK))
    assert (None, ["import-options"]) == (result.ledger, [p.code for p in result.problems])
    (problem,) = result.problems
    assert (
        "--unit 'DKK' siger, at beløbene er i kr., men kolonne 1 'Mio. kr.' siger mio. kr., og"
        " kolonne 4 'Beløb i alt (1.000 kr.)' siger 1.000 kr."
    ) == problem.message
    assert (
        "tabellen modsiger sig selv: ret den, eller angiv den --unit, der er rigtig ('mio DKK'"
        " eller '1000 DKK')"
    ) == problem.hint


def test_year_columns_of_different_units_mapped_by_hand_are_an_error() -> None:
    """ "2016 (mio. kr.)" beside "2017 (1.000 kr.)", mapped with `--map '2016 (mio. kr.)=2016'`:
    a year column's unit was never read, so the import asked for --unit and took whichever
    was given.  Now the two columns are `import-header-conflict`; two year columns that agree
    state the table's unit."""
    mapping = {"2016 (mio. kr.)": "2016", "2017 (1.000 kr.)": "2017"}
    text = "Titel\t2016 (mio. kr.)\t2017 (1.000 kr.)\nC\t1\t1.000\n"
    result = import_text(text, "k.txt", _options(mapping=mapping))
    assert (None, ["import-header-conflict"]) == (result.ledger, [p.code for p in result.problems])
    agree = import_text(
        "Titel\t2016 (mio. kr.)\t2017 (mio. kr.)\nC\t1\t1\n",
        "k.txt",
        _options(mapping={"2016 (mio. kr.)": "2016", "2017 (mio. kr.)": "2017"}),
    )
    assert Unit.MILLION_DKK == _imported(agree).unit


def test_one_header_that_names_two_units_is_an_error() -> None:
    """ "Beløb (1.000 kr. / mio. kr.)" names two units in one cell: the million won, silently.
    It is `import-header-conflict` naming the header and both units."""
    text = "Titel\tBeløb (1.000 kr. / mio. kr.)\nC\t1\n"
    result = import_text(text, "k.txt", _options())
    assert ["import-header-conflict"] == [p.code for p in result.problems]
    assert (
        "kolonneoverskriften 'Beløb (1.000 kr. / mio. kr.)' angiver to enheder, mio. kr. og"
        " 1.000 kr."
    ) == result.problems[0].message


def test_two_columns_of_different_price_levels_are_an_error() -> None:
    """ "(1.000 kr., 2016 p/l)" in the corner and "I alt (2017 p/l)" over the totals: the last
    price level won.  It is `import-header-conflict`; `--price-level 2017` takes that one
    (a warning); `--price-level 2015` is `import-options`."""
    text = "(1.000 kr., 2016 p/l)\t2016\t2017\tBeløb i alt (2017 p/l)\nC\t1\t1\t2\n"
    result = import_text(text, "k.txt", _options())
    assert [("import-header-conflict", Severity.ERROR)] == [
        (p.code, p.severity) for p in result.problems
    ]
    assert (
        "kolonne 1 '(1.000 kr., 2016 p/l)' siger 2016 p/l, men kolonne 4 'Beløb i alt (2017"
        " p/l)' siger 2017 p/l"
    ) == result.problems[0].message
    chosen = import_text(text, "k.txt", _options(price_level=2017))
    assert 2017 == _imported(chosen, "import-header-conflict").price_level
    assert chosen.problems[0].message.endswith(
        "; med --price-level 2017 gælder 2017 p/l for begge kolonner"
    )
    neither = import_text(text, "k.txt", _options(price_level=2015))
    assert ["import-options"] == [p.code for p in neither.problems]


def test_a_column_left_out_states_nothing() -> None:
    """A column left out with `--map 'COLUMN=-'` is not read, so its unit is no conflict:
    "I alt (mio. kr.)" beside "Beløb (1.000 kr.)", the first mapped out, gives 1000 DKK."""
    text = "Titel\tBeløb (1.000 kr.)\tI alt (mio. kr.)\nC\t100\t0,1\n"
    ledger = _imported(import_text(text, "k.txt", _options(mapping={"i alt (mio. kr.)": "-"})))
    assert Unit.THOUSAND_DKK == ledger.unit


def test_the_chosen_column_is_still_held_against_the_caption() -> None:
    """With the header's conflict settled by `--unit '1000 DKK'`, a caption stating mio. kr.
    still disagrees with the unit taken: a second warning, `import-caption-conflict`."""
    text = "Tabel 2: Udgifter (mio. kr.)\n" + "\n".join("\t".join(row) for row in TWO_UNITS) + "\n"
    result = import_text(text, "k.txt", _options(unit=Unit.THOUSAND_DKK))
    assert Unit.THOUSAND_DKK == _imported(
        result, "import-header-conflict", "import-caption-conflict", "import-total-mismatch",
        "import-total-mismatch",
    ).unit  # fmt: skip


def test_a_line_above_the_table_that_states_a_unit_is_held_against_the_header() -> None:
    """A line "(mio. kr.)" printed above a table headed "Beløb (1.000 kr.)" was read as a
    part label and its unit ignored: the ledger was in 1000 DKK without a word.  Such a line
    states the unit as a caption does: against the header it is `import-caption-conflict`;
    above a header without a unit it is the table's unit, and held against `--unit`."""
    header = "Titel\tBeløb (1.000 kr.)\tUdløb\nA\t1.200\t2016\n"
    conflict = import_text("(mio. kr.)\n" + header, "k.txt", _options())
    assert [("import-caption-conflict", 2)] == [
        (p.code, p.location.line) for p in conflict.problems
    ]
    assert (
        "kolonneoverskriften 'Beløb (1.000 kr.)' siger, at beløbene er i 1.000 kr., men"
        " tabeloverskriften '(mio. kr.)' siger mio. kr."
    ) == conflict.problems[0].message
    bare = "(mio. kr.)\nTitel\tBeløb\tUdløb\nA\t1,2\t2016\n"
    assert Unit.MILLION_DKK == _imported(import_text(bare, "k.txt", _options())).unit
    against = import_text(bare, "k.txt", _options(unit=Unit.THOUSAND_DKK))
    assert ["import-options"] == [p.code for p in against.problems]
    label = "Service\nTitel\tBeløb (1.000 kr.)\tUdløb\nA\t1.200\t2016\n"
    assert Unit.THOUSAND_DKK == _imported(import_text(label, "k.txt", _options())).unit
    two = import_text("Tabel 2: Udgifter (mio. kr.)\n(1.000 kr.)\n" + header, "k.txt", _options())
    assert [("import-header-conflict", 1)] == [(p.code, p.location.line) for p in two.problems]
    assert (
        "linjen 'Tabel 2: Udgifter (mio. kr.)' over tabellen siger, at beløbene er i mio. kr.,"
        " men linjen '(1.000 kr.)' siger 1.000 kr."
    ) == two.problems[0].message


def test_a_caption_that_states_two_units_is_an_error() -> None:
    """ "Tabel 2: Udgifter (1.000 kr.), heraf anlæg (mio. kr.)" states two units: the first
    one was taken without a word.  It is `import-header-conflict` naming the caption and both
    units; `--unit 'mio DKK'` takes one side (a warning)."""
    text = "Tabel 2: Udgifter (1.000 kr.), heraf anlæg (mio. kr.)\nTitel\tBeløb\nC\t1.000\n"
    result = import_text(text, "k.txt", _options())
    assert [("import-header-conflict", Severity.ERROR, 1)] == [
        (p.code, p.severity, p.location.line) for p in result.problems
    ]
    assert (
        "tabeloverskriften 'Tabel 2: Udgifter (1.000 kr.), heraf anlæg (mio. kr.)' angiver to"
        " enheder, 1.000 kr. og mio. kr."
    ) == result.problems[0].message
    with use_locale("en"):
        english = import_text(text, "k.txt", _options()).problems[0].message
    assert (
        "the caption 'Tabel 2: Udgifter (1.000 kr.), heraf anlæg (mio. kr.)' states two units,"
        " DKK thousand and DKK million"
    ) == english
    chosen = import_text(text, "k.txt", _options(unit=Unit.MILLION_DKK))
    assert Unit.MILLION_DKK == _imported(chosen, "import-header-conflict").unit


def test_a_table_without_a_unit_beside_one_with_a_unit_is_import_no_unit(tmp_path: Path) -> None:
    """Two tables imported together, the first headed "Beløb (1.000 kr.)", the second a bare
    "Beløb": the second's amounts were read in 1.000 kr. without a word.  It is
    `import-no-unit` at the second file, naming the others' unit; `--unit '1000 DKK'` says
    it is so."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Titel\tBeløb (1.000 kr.)\tUdløb\nA\t1.200\t2016\n", encoding="utf-8")
    second.write_text("Titel\tBeløb\tUdløb\nB\t500\t2016\n", encoding="utf-8")
    result = import_tables([str(first), str(second)], _options())
    assert (None, [("import-no-unit", str(second))]) == (
        result.ledger, [(p.code, p.location.file) for p in result.problems],
    )  # fmt: skip
    assert (
        "denne tabel angiver ingen enhed, men de andre tabeller angiver 1.000 kr."
    ) == result.problems[0].message
    said = import_tables([str(first), str(second)], _options(unit=Unit.THOUSAND_DKK))
    assert Unit.THOUSAND_DKK == _imported(said).unit


def test_tables_of_different_price_levels_are_an_error(tmp_path: Path) -> None:
    """Two tables at 2016 p/l and 2017 p/l imported together gave a ledger without a price
    level, without a word.  It is `import-header-conflict` naming both files and both price
    levels (a ledger has one)."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Titel\tBeløb (1.000 kr., 2016 p/l)\nA\t1.200\n", encoding="utf-8")
    second.write_text("Titel\tBeløb (1.000 kr., 2017 p/l)\nB\t500\n", encoding="utf-8")
    result = import_tables([str(first), str(second)], _options())
    assert (None, ["import-header-conflict"]) == (
        result.ledger, [p.code for p in result.problems],
    )  # fmt: skip
    assert (
        "tabellerne angiver forskellige pris- og lønniveauer: 'a.txt' siger 2016 p/l, 'b.txt'"
        " siger 2017 p/l; en bevillingsfil har ét pris- og lønniveau"
    ) == result.problems[0].message


def test_a_table_without_a_price_level_beside_one_with_is_import_no_price_level(
    tmp_path: Path,
) -> None:
    """A table at "2016 p/l" imported with one that states no price level gave a ledger at
    2016 p/l, said of both without a word.  The second is `import-no-price-level`;
    `--price-level 2016` says it is so."""
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("Titel\tBeløb (1.000 kr., 2016 p/l)\nA\t1.200\n", encoding="utf-8")
    second.write_text("Titel\tBeløb (1.000 kr.)\nB\t500\n", encoding="utf-8")
    result = import_tables([str(first), str(second)], _options())
    assert (None, [("import-no-price-level", str(second))]) == (
        result.ledger, [(p.code, p.location.file) for p in result.problems],
    )  # fmt: skip
    with use_locale("en"):
        english = import_tables([str(first), str(second)], _options()).problems[0]
    assert (
        "this table states no price level, but the other tables state 2016 p/l",
        "if its amounts are in 2016 prices too, say so with --price-level 2016; otherwise"
        " import it into a ledger of its own",
    ) == (english.message, english.hint)
    said = import_tables([str(first), str(second)], _options(price_level=2016))
    assert 2016 == _imported(said).price_level


# --- session 6: the tuple fields of ImportOptions from Python ---------------------------------


def test_names_and_id_prefixes_given_one_text_are_one_item() -> None:
    """`ImportOptions(names="Tabel 2")` was seven names ('T', 'a', 'b', ...: an
    `import-options` error "7 --name options for 1 input file") and `id_prefixes="DR"` two
    prefixes; a text is one name or prefix, any iterable of texts is taken in order."""
    options = _options(names="Tabel 2", id_prefixes="DR")
    assert (("Tabel 2",), ("DR",)) == (options.names, options.id_prefixes)
    ledger = _imported(import_text(K, "k.txt", options))
    assert ("Tabel 2", ["DR01", "DR02"]) == (
        ledger.tables[0].name, [a.id for a in ledger.appropriations],
    )  # fmt: skip
    assert ("A", "B") == ImportOptions(names=["A", "B"]).names  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["names", "id_prefixes"])
@pytest.mark.parametrize("bad", [None, 5, b"DR", ("A", 1), {"A": "B"}])
def test_names_and_id_prefixes_of_another_type_are_a_type_error(field: str, bad: object) -> None:
    """None, a number, bytes, a tuple with a non-text or a dict is a TypeError at
    `ImportOptions(...)` that says what to pass (not a traceback deep in the import)."""
    with pytest.raises(TypeError, match=rf"ImportOptions\({field}=\.\.\.\) takes a text or a"):
        ImportOptions(**{field: bad})


def test_categories_take_a_category_or_its_name() -> None:
    """`categories="driftsmidler"` was twelve categories, one per letter (`import-options`
    "12 gange --category, men 1 tabel"); one Category or one name is one category, names are
    read as --category reads them, and a name that is no category is a ValueError naming the
    three."""
    assert (Category.DRIFTSMIDLER,) == ImportOptions(categories="driftsmidler").categories  # type: ignore[arg-type]
    assert (Category.SAERINDSATSER,) == ImportOptions(categories=Category.SAERINDSATSER).categories  # type: ignore[arg-type]
    both = ImportOptions(categories=["Indsatsmidler", Category.DRIFTSMIDLER])  # type: ignore[list-item]
    assert (Category.INDSATSMIDLER, Category.DRIFTSMIDLER) == both.categories
    ledger = _imported(import_text(K, "k.txt", ImportOptions(categories="særindsatser")))  # type: ignore[arg-type]
    assert Category.SAERINDSATSER == ledger.tables[0].category
    with pytest.raises(ValueError, match=r"'drift' is not a category; use Category"):
        ImportOptions(categories="drift")  # type: ignore[arg-type]
    for bad in (None, 1, (Category.DRIFTSMIDLER, 2)):
        with pytest.raises(TypeError, match=r"takes a Category, its name"):
            ImportOptions(categories=bad)  # type: ignore[arg-type]


def test_tables_take_one_number_or_several() -> None:
    """`tables=2` (as `--table 2`) and `tables="2"` were kept as given, not as a tuple of
    table numbers; one int is one table, an iterable of ints is taken in order, and a text,
    a bool or None is a TypeError that says to pass numbers."""
    assert ((2,), (1, 3)) == (ImportOptions(tables=2).tables, ImportOptions(tables=[1, 3]).tables)  # type: ignore[arg-type]
    for bad in ("2", True, None, (1, "2")):
        with pytest.raises(TypeError, match=r"takes a table number or a tuple of them"):
            ImportOptions(tables=bad)  # type: ignore[arg-type]


# --- session 7: every field of ImportOptions from Python --------------------------------------


def test_unit_and_phase_take_a_member_or_its_value() -> None:
    """`ImportOptions(unit="1000 DKK")` was kept as text and the import ended in
    "AttributeError: 'str' object has no attribute 'value'"; `phase="proposed"` was written
    into the ledger as a bare text.  The value of a member is that member; another text is a
    ValueError naming the values, another type a TypeError."""
    options = ImportOptions(unit="1000 DKK", phase="proposed")  # type: ignore[arg-type]
    assert (Unit.THOUSAND_DKK, Phase.PROPOSED) == (options.unit, options.phase)
    ledger = _imported(import_text(K, "k.txt", _options(unit="1000 DKK")))  # type: ignore[arg-type]
    assert Unit.THOUSAND_DKK == ledger.unit
    with pytest.raises(ValueError, match=r"'tusind' is not one of 'DKK', '1000 DKK', 'mio DKK'"):
        ImportOptions(unit="tusind")  # type: ignore[arg-type]
    for field, bad in (("unit", 1000), ("phase", None), ("phase", True)):
        with pytest.raises(TypeError, match=rf"ImportOptions\({field}=\.\.\.\) takes a"):
            ImportOptions(**{field: bad})


def test_price_level_expires_and_texts_refuse_other_types() -> None:
    """`price_level="2016"` was kept as text (never equal to the 2016 a header states),
    `expires=2016` was written as a bare int, `title=3` and `output=None` went through: each
    is a TypeError that says what to pass; a path is a fine `output`."""
    for field, bad in (
        ("price_level", "2016"), ("price_level", True), ("price_level", 2016.0),
        ("expires", 2016), ("title", 3), ("document", b"x"), ("output", None),
    ):  # fmt: skip
        with pytest.raises(TypeError, match=rf"ImportOptions\({field}=\.\.\.\) takes"):
            ImportOptions(**{field: bad})
    assert "out/k.yaml" == ImportOptions(output=Path("out/k.yaml")).output  # type: ignore[arg-type]
    assert (2016, None) == (ImportOptions(price_level=2016).price_level, ImportOptions().title)


def test_mapping_keys_are_matched_as_map_matches_them_and_values_are_fields() -> None:
    """`mapping={"Titel": "title"}` was never matched (the header is matched case-folded) and
    `{"Beløb i tusinder": "bogus"}` mapped a column to a field that does not exist, which
    surfaced as "no amount column"; a text instead of a mapping ended in "dictionary update
    sequence element #0 has length 1".  Keys are made as --map makes them (a column number
    may be an int), values must be fields, a year or '-'; a text is a TypeError."""
    options = ImportOptions(mapping={"  Titel ": "title", 2: "amount", "Udløb:": "-"})  # type: ignore[dict-item]
    assert {"titel": "title", "2": "amount", "udløb": "-"} == options.mapping
    left_out = import_text(K, "k.txt", _options(mapping={"BELØB I TUSINDER": "-"}))
    assert ["import-missing-column"] == [p.code for p in left_out.problems]  # it was matched
    with pytest.raises(ValueError, match=r"'bogus' \(for 'Beløb i tusinder'\) is not a field"):
        ImportOptions(mapping={"Beløb i tusinder": "bogus"})
    with pytest.raises(ValueError, match=r"mapped twice"):
        ImportOptions(mapping={"Titel": "title", "TITEL": "-"})
    for bad in ("Titel=title", ["Titel=title"], {"Titel": 5}, {None: "title"}):
        with pytest.raises(TypeError, match=r"ImportOptions\(mapping=\.\.\.\)"):
            ImportOptions(mapping=bad)  # type: ignore[arg-type]
