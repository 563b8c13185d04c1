"""bevilling.interop.read_pdf: the ruled tables of a PDF, and every way a PDF cannot be read.

The acceptance tests print the seeds' tables into generated PDFs (fpdf2, tests/interop/
documents.py) and import them: the result equals the shipped budget-note ledgers field by
field, for the fields the tables print.  A scan (no text layer), a PDF protected by a
password and a broken file are problems with their own codes.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import bevilling
from bevilling.core.model import Phase, Unit
from bevilling.core.text import spreadsheet_text
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.export import export_csv
from bevilling.interop.importer import ImportOptions, import_tables
from bevilling.interop.read_pdf import read_pdf
from bevilling.write.dump import dump
from tests.interop.documents import (
    ROOT,
    Printed,
    bi2_printed,
    biie_printed,
    tabel_8_printed,
    write_pdf,
)

BI2_FIELDS = ("title", "amount", "expiry", "profile", "committee", "appropriation_no", "function")
BIIE_FIELDS = ("title", "amount", "expiry", "profile")


def _fields(ledger: bevilling.Ledger, fields: tuple[str, ...]) -> list[list[dict[str, Any]]]:
    return [[{f: getattr(a, f) for f in fields} for a in t.appropriations] for t in ledger.tables]


def _tables(ledger: bevilling.Ledger) -> list[tuple[Any, ...]]:
    return [(t.name, t.category, t.stated_total, t.stated_years) for t in ledger.tables]


def _shipped(name: str) -> bevilling.Ledger:
    loaded = bevilling.load(ROOT / "ledger" / name)
    assert () == loaded.problems
    return loaded.ledgers[0]


def test_bi2_and_biie_from_one_pdf_are_the_shipped_ledgers(tmp_path: Path) -> None:
    """A PDF with seed 004's Tabel 2 (Udvalg/Bevilling/Funktion merged over both rows) and
    seed 002's two-part Tabel 2: ``--table 1`` and ``--table 2`` import to the shipped BI2 and
    BIIe ledgers, field by field, with unit, price level and names from the page."""
    document = write_pdf(
        tmp_path / "bilag.pdf", [bi2_printed(merged=True), biie_printed()], before=["Økonomi"]
    )
    bi2 = import_tables([str(document)], ImportOptions(output="bi2.yaml", tables=(1,)))
    biie = import_tables(
        [str(document)], ImportOptions(output="biie.yaml", tables=(2,), phase=Phase.PROPOSED)
    )
    assert ([], []) == ([p.code for p in bi2.problems], [p.code for p in biie.problems])
    assert bi2.ledger is not None
    assert biie.ledger is not None
    shipped_bi2 = _shipped("bi2-saerlig-indsats-udsatte.yaml")
    shipped_biie = _shipped("biie-vision-2020-flere-i-fleksjob.yaml")
    assert _fields(shipped_bi2, BI2_FIELDS) == _fields(bi2.ledger, BI2_FIELDS)
    assert _tables(shipped_bi2) == _tables(bi2.ledger)
    assert _fields(shipped_biie, BIIE_FIELDS) == _fields(biie.ledger, BIIE_FIELDS)
    assert _tables(shipped_biie) == _tables(biie.ledger)
    assert [(Unit.THOUSAND_DKK, 2016), (Unit.THOUSAND_DKK, 2017)] == [
        (bi2.ledger.unit, bi2.ledger.price_level),
        (biie.ledger.unit, biie.ledger.price_level),
    ]


def test_tables_have_their_page_heading_and_merged_cells(tmp_path: Path) -> None:
    """Each table has its page and caption; a cell merged down rows continues into the rows
    below, one merged across columns leaves them empty."""
    document = write_pdf(tmp_path / "b.pdf", [bi2_printed(merged=True), biie_printed()])
    tables, problems = read_pdf(str(document))
    assert [] == problems
    assert [(1, 1, "Tabel 2: Udgifter til service"), (2, 1, "Tabel 2. Udgifter til service")] == [
        (t.number, t.page, t.heading) for t in tables
    ]
    continued = tables[0].lines[2].cells[3]
    assert ("", "6.45.53.1") == (continued.text, continued.merged_from)
    assert ["Service", "", ""] == [c.text for c in tables[1].lines[0].cells[:3]]


def test_a_table_over_a_page_break_is_one_table(tmp_path: Path) -> None:
    """A table of 60 rows runs over a page break with its header repeated: it is one table,
    the repeated header is skipped, and every row is read once."""
    rows: list[list[str | None]] = [["Formål", "Beløb i tusinder", "Udløb"]]
    rows += [[f"Tiltag nummer {n}", "1.000", "2016"] for n in range(1, 61)]
    rows.append(["I alt", "60.000", ""])
    document = write_pdf(
        tmp_path / "long.pdf",
        [Printed("Tabel 9: Oversigt over driftsmidler", rows, {}, (120, 40, 30))],
        repeat_header=True,
    )
    tables, problems = read_pdf(str(document))
    assert [] == problems
    (table,) = tables
    assert 1 == table.page
    result = import_tables([str(document)], ImportOptions(output="long.yaml"))
    assert [] == [p.code for p in result.problems]
    assert result.ledger is not None
    assert [f"Tiltag nummer {n}" for n in range(1, 61)] == [
        a.title for a in result.ledger.appropriations
    ]


def test_a_scanned_pdf_without_text_is_a_clear_problem(tmp_path: Path) -> None:
    """A PDF whose page is an image (no text layer) is ``import-no-text``: "there is no text in
    this PDF", not a crash and not "no tables"."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 150, 80)  # lines that look like a table, but no text
    pdf.line(20, 40, 170, 40)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    result = import_tables([str(path)], ImportOptions(output="x.yaml"))
    assert ["import-no-text"] == [p.code for p in result.problems]
    with use_locale("en"):
        (problem,) = read_pdf(str(path))[1]
    assert problem.message.startswith("there is no text in this PDF")


def test_a_pdf_protected_by_a_password_is_a_problem(tmp_path: Path) -> None:
    """A PDF that needs a password to open is ``import-encrypted``."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(text="Tabel 1")
    pdf.set_encryption(owner_password="ejer", user_password="hemmelig")  # noqa: S106 - a test file
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    tables, problems = read_pdf(str(path))
    assert ([], ["import-encrypted"]) == (tables, [p.code for p in problems])


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.7\n", b"not a pdf at all", b"%PDF-1.4\n1 0 obj << /Type /Catalog"],
    ids=["empty", "header only", "text", "truncated"],
)
def test_a_broken_pdf_is_a_problem(tmp_path: Path, content: bytes) -> None:
    """An empty, truncated or foreign file named .pdf is ``import-unreadable`` (or, with no
    pages to read, ``import-no-text``), never a traceback."""
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    tables, problems = read_pdf(str(path))
    assert [] == tables
    assert [p.code for p in problems] in (["import-unreadable"], ["import-no-text"])


def test_a_cut_off_pdf_is_unreadable(tmp_path: Path) -> None:
    """A real PDF cut off halfway (a download that stopped) is ``import-unreadable``."""
    whole = write_pdf(tmp_path / "whole.pdf", [bi2_printed(merged=False)])
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole.read_bytes()[:400])
    assert ["import-unreadable"] == [p.code for p in read_pdf(str(path))[1]]


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.4\n1 0 obj << /Type /Catalog", b"%PDF-1.4\n" + bytes(200)],
    ids=["cut off", "garbage after the header"],
)
def test_a_damaged_pdf_says_so_without_pdfminer_s_english(tmp_path: Path, content: bytes) -> None:
    """A PDF that begins as one and breaks off showed pdfminer's "Unexpected EOF" (or "No /Root
    object!") inside the Danish sentence; the problem says the file is damaged or of another
    type, with the hint, and the same in English under --locale en."""
    path = tmp_path / "budgetnotat.pdf"
    path.write_bytes(content)
    (problem,) = read_pdf(str(path))[1]
    assert (
        "import-unreadable",
        f"{path} er ikke en gyldig PDF-fil: filen er beskadiget eller af en anden type",
        "tjek, at filen er en hel PDF (en download kan være afbrudt undervejs)",
    ) == (problem.code, problem.message, problem.hint)
    with use_locale("en"):
        (problem,) = read_pdf(str(path))[1]
    assert (
        f"{path} is not a valid PDF file: the file is damaged or of another type",
        "check that the file is a whole PDF (a download may have been cut short)",
    ) == (problem.message, problem.hint)


def test_a_file_that_is_no_pdf_says_so_in_danish(tmp_path: Path) -> None:
    """A file named .pdf that is not one said pdfminer's English "No /Root object! - Is this
    really a PDF?" inside the Danish sentence; it says that it is not a valid PDF file."""
    path = tmp_path / "brev.pdf"
    path.write_text("Kære kollega\n", encoding="utf-8")
    (problem,) = read_pdf(str(path))[1]
    assert (
        "import-unreadable",
        f"{path} er ikke en gyldig PDF-fil: filen er beskadiget eller af en anden type",
    ) == (problem.code, problem.message)


def test_a_pdf_with_text_and_no_ruled_table_has_no_tables(tmp_path: Path) -> None:
    """A PDF of running text has no table: ``import-no-tables``, with a hint to copy the table
    out as text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.multi_cell(0, 5, "Økonomi. Der søges om 1 mio. kr. i 2016.")
    path = tmp_path / "text.pdf"
    pdf.output(str(path))
    result = import_tables([str(path)], ImportOptions(output="x.yaml"))
    assert ["import-no-tables"] == [p.code for p in result.problems]


def test_hostile_cell_text_reaches_no_output_unsafe(tmp_path: Path) -> None:
    """Cell text like a formula ("=cmd|' /C calc'!A0") or a terminal escape is data: it is
    imported as written, written to the ledger as an escaped, quoted text, and neutralised in
    the CSV export."""
    hostile = "=cmd|' /C calc'!A0"
    escape = "Mentor \x1b]0;pwned\x07"
    rows: list[list[str | None]] = [
        ["Formål", "Beløb i tusinder", "Udløb"],
        [hostile, "1.000", "2016"],
        [escape, "500", "2016"],
        ["I alt", "1.500", ""],
    ]
    document = write_pdf(tmp_path / "h.pdf", [Printed("Tabel 1: Drift", rows, {}, (120, 40, 30))])
    result = import_tables([str(document)], ImportOptions(output=str(tmp_path / "h.yaml")))
    assert [] == [p.code for p in result.problems]
    assert result.ledger is not None
    titles = [a.title for a in result.ledger.appropriations]
    assert hostile == titles[0]
    text = dump(result.ledger)
    assert "\x1b" not in text
    assert "\x07" not in text
    back = bevilling.load_string(text, "h.yaml")
    assert titles == [a.title for a in back.ledgers[0].appropriations]
    assert spreadsheet_text(hostile).startswith("'=")
    assert "'=cmd" in export_csv(back)


def test_without_pdfplumber_the_problem_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without pdfplumber, reading a .pdf is ``import-missing-extra`` naming
    ``bevilling[pdf]``."""
    path = write_pdf(tmp_path / "bi2.pdf", [bi2_printed(merged=False)])
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    with use_locale("en"):
        tables, problems = read_pdf(str(path))
    assert ([], ["import-missing-extra"]) == (tables, [p.code for p in problems])
    assert "pip install 'bevilling[pdf]'" in (problems[0].hint or "")


def test_tabel_8_with_merged_groups_from_pdf_is_the_example_ledger(tmp_path: Path) -> None:
    """Tabel 8 with Målgruppe and Tilbudstype merged down their rows, printed to PDF: the
    text of a merged cell (drawn once, across its rows) is read for each of its rows, giving
    the example ledger's titles, descriptions, target groups and amounts."""
    from bevilling.core.model import Category, Expiry
    from bevilling.interop.importer import parse_mapping

    document = write_pdf(tmp_path / "ib.pdf", [tabel_8_printed()])
    result = import_tables(
        [str(document)],
        ImportOptions(
            output="ib.yaml",
            mapping=parse_mapping(
                [
                    "Tilbudstype=description",
                    "Tilbud=title",
                    "Antal forløb 2015 (forventet)=-",
                    "5=-",
                    "Indsatsbudget 2015 (mio. kr.)=amount",
                ]
            ),
            categories=(Category.INDSATSMIDLER,),
            expires=Expiry.in_year(2015),
        ),
    )
    assert ["import-rounding"] == [
        p.code for p in result.problems if p.code != "import-skipped-row"
    ]
    assert result.ledger is not None
    example = bevilling.load(ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml")
    fields = ("title", "description", "target_group", "amount", "expiry")
    assert _fields(example.ledgers[0], fields) == _fields(result.ledger, fields)
