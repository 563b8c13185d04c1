"""bevilling.interop.read_docx: the tables of a Word document, merged cells as Word prints them.

The acceptance tests print the seeds' tables into generated .docx files (tests/interop/
documents.py) and import them: the result equals the shipped budget-note ledgers field by
field, for the fields the tables print (the hand ledgers add text from the notes' prose).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

import bevilling
from bevilling.core.model import Phase, Unit
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.importer import ImportOptions, import_tables
from bevilling.interop.read_docx import read_docx
from tests.interop.documents import (
    ROOT,
    Printed,
    bi2_printed,
    biie_printed,
    tabel_8_printed,
    write_docx,
    write_tracked_docx,
)

#: The fields the budget notes' tables print.
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


@pytest.mark.parametrize("merged", [True, False], ids=["merged cells", "every cell filled"])
def test_bi2_from_word_is_the_shipped_ledger(tmp_path: Path, merged: bool) -> None:
    """Seed 004's Tabel 2 in a Word document, with Udvalg/Bevilling/Funktion merged over both
    rows and the total's label over four columns (or every cell filled), imports to the
    shipped BI2 ledger: every printed field, the totals, the unit and price level from the
    header, and the name from the caption before the table."""
    document = write_docx(tmp_path / "bi2.docx", [bi2_printed(merged=merged)], before=["Økonomi"])
    result = import_tables([str(document)], ImportOptions(output=str(tmp_path / "bi2.yaml")))
    assert [] == [p.code for p in result.problems]
    assert result.ledger is not None
    shipped = _shipped("bi2-saerlig-indsats-udsatte.yaml")
    assert _fields(shipped, BI2_FIELDS) == _fields(result.ledger, BI2_FIELDS)
    assert _tables(shipped) == _tables(result.ledger)
    assert (Unit.THOUSAND_DKK, 2016) == (result.ledger.unit, result.ledger.price_level)


def test_biie_two_parts_from_word_are_the_shipped_ledger(tmp_path: Path) -> None:
    """Seed 002's two-part Tabel 2 (a "Service" label over the width, two total lines) in a
    Word document imports to the two tables of the shipped BIIe ledger."""
    document = write_docx(tmp_path / "biie.docx", [biie_printed()])
    result = import_tables(
        [str(document)], ImportOptions(output=str(tmp_path / "biie.yaml"), phase=Phase.PROPOSED)
    )
    assert [] == [p.code for p in result.problems]
    assert result.ledger is not None
    shipped = _shipped("biie-vision-2020-flere-i-fleksjob.yaml")
    assert _fields(shipped, BIIE_FIELDS) == _fields(result.ledger, BIIE_FIELDS)
    assert _tables(shipped) == _tables(result.ledger)
    assert (Unit.THOUSAND_DKK, 2017, Phase.PROPOSED) == (
        result.ledger.unit,
        result.ledger.price_level,
        result.ledger.phase,
    )


def test_merged_cells_are_read_from_the_grid(tmp_path: Path) -> None:
    """A cell merged across columns leaves the columns it covers empty (python-docx's
    ``row.cells`` would repeat it); one merged down rows is an empty cell that knows the text
    it continues."""
    document = write_docx(tmp_path / "m.docx", [bi2_printed(merged=True)])
    ((table,), problems) = read_docx(str(document))
    assert [] == problems
    total = table.lines[3]
    assert ["Udgifter til service i alt", "", "", ""] == [c.text for c in total.cells[:4]]
    continued = table.lines[2].cells[1]
    assert ("", "BIU") == (continued.text, continued.merged_from)
    assert (1, "Tabel 2: Udgifter til service", None) == (table.number, table.heading, table.page)


def test_an_amount_merged_down_rows_is_never_counted_twice(tmp_path: Path) -> None:
    """An amount cell merged over two rows is read once: the second row has no amount and is
    left out with a warning (the money is not doubled)."""
    rows: list[list[str | None]] = [
        ["Formål", "Beløb i tusinder", "Udløb"],
        ["Mentor", "1.000", "2016"],
        ["Mikrolån", None, "2016"],
        ["I alt", "1.000", ""],
    ]
    document = write_docx(
        tmp_path / "a.docx", [Printed("Tabel 1: Driftsmidler", rows, {(1, 1): (2, 1)})]
    )
    result = import_tables([str(document)], ImportOptions(output=str(tmp_path / "a.yaml")))
    assert ["import-skipped-row"] == [p.code for p in result.problems]
    assert result.ledger is not None
    assert [("Mentor", 1000)] == [(a.title, a.amount) for a in result.ledger.appropriations]


def test_footnote_marks_in_superscript_are_left_out(tmp_path: Path) -> None:
    """A header "Org." with a superscript footnote mark reads as "Org."; a cell that holds
    "<b>" in Word is text, kept as written (no markup is dropped from a document)."""
    import docx

    from bevilling.core.model import Expiry

    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for row, texts in enumerate(
        (["Formål", "Org. ", "Beløb i tusinder"], ["<b>Mentor</b> & co", "JKI", "1.200"],
         ["I alt", "", "1.200"])
    ):  # fmt: skip
        for column, text in enumerate(texts):
            table.cell(row, column).text = text
    table.cell(0, 1).paragraphs[0].add_run("14").font.superscript = True
    path = tmp_path / "n.docx"
    document.save(str(path))
    result = import_tables(
        [str(path)],
        ImportOptions(output="n.yaml", names=("Tabel 1: Drift",), expires=Expiry.open()),
    )
    assert [] == [p.code for p in result.problems]
    assert result.ledger is not None
    (row,) = result.ledger.appropriations
    assert ("<b>Mentor</b> & co", "JKI") == (row.title, row.organisation)


def test_a_broken_word_file_is_a_problem(tmp_path: Path) -> None:
    """A file that is not a Word document (an old .doc, a truncated download) is
    ``import-unreadable``, not a traceback."""
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    tables, problems = read_docx(str(path))
    assert ([], ["import-unreadable"]) == (tables, [p.code for p in problems])
    with use_locale("en"):
        (problem,) = read_docx(str(path))[1]
    # Not python-docx's English "Package not found at '...'" inside a Danish sentence.
    assert (
        f"{path} is not a valid Word file: the file is damaged or of another type"
        == problem.message
    )
    assert (
        f"{path} er ikke en gyldig Word-fil: filen er beskadiget eller af en anden type"
        == problems[0].message
    )


@pytest.mark.parametrize("how", ["truncated", "part missing", "bytes overwritten"])
def test_a_damaged_word_file_says_so_without_the_library_s_english(
    tmp_path: Path, how: str
) -> None:
    """A Word file cut off, without its document part (python-docx's KeyError "There is no
    item named 'word/document.xml' in the archive") or with overwritten bytes (zlib's "Error -3
    while decompressing data") is import-unreadable in Danish, with the hint, and in English
    under --locale en."""
    import io
    import zipfile

    whole = write_docx(tmp_path / "whole.docx", [bi2_printed(merged=False)]).read_bytes()
    if how == "truncated":
        data = whole[: len(whole) // 2]
    else:
        source, out = zipfile.ZipFile(io.BytesIO(whole)), io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if not (how == "part missing" and info.filename == "word/document.xml"):
                    target.writestr(info, source.read(info.filename))
        data = out.getvalue()
        if how == "bytes overwritten":
            start = data.index(b"word/document.xml") + 30
            data = data[:start] + bytes(40) + data[start + 40 :]
    path = tmp_path / "budgetnotat.docx"
    path.write_bytes(data)
    tables, (problem,) = read_docx(str(path))
    assert (
        [],
        "import-unreadable",
        f"{path} er ikke en gyldig Word-fil: filen er beskadiget eller af en anden type",
        "åbn den i Word og gem den som Word-dokument (.docx); en gammel .doc-fil eller et"
        " dokument med adgangskode kan ikke læses",
    ) == (tables, problem.code, problem.message, problem.hint)
    with use_locale("en"):
        (problem,) = read_docx(str(path))[1]
    assert f"{path} is not a valid Word file: the file is damaged or of another type" == (
        problem.message
    )


def test_a_document_without_tables_is_a_problem(tmp_path: Path) -> None:
    """A Word document with text and no table is ``import-no-tables``."""
    path = write_docx(tmp_path / "text.docx", [], before=["Økonomi", "Ingen tabel her."])
    result = import_tables([str(path)], ImportOptions(output="x.yaml"))
    assert ["import-no-tables"] == [p.code for p in result.problems]


def test_without_python_docx_the_problem_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without python-docx, reading a .docx is ``import-missing-extra`` naming
    ``bevilling[docx]``."""
    path = write_docx(tmp_path / "bi2.docx", [bi2_printed(merged=False)])
    monkeypatch.setitem(sys.modules, "docx", None)
    with use_locale("en"):
        tables, problems = read_docx(str(path))
    assert ([], ["import-missing-extra"]) == (tables, [p.code for p in problems])
    assert "pip install 'bevilling[docx]'" in (problems[0].hint or "")


def test_tabel_8_with_merged_groups_from_word_is_the_example_ledger(tmp_path: Path) -> None:
    """Tabel 8 with Målgruppe and Tilbudstype merged down their rows in Word: every row is
    read under its group and offer type (the merge says so: no fill-down is guessed, no
    warning), giving the example ledger's titles, descriptions, target groups and amounts."""
    from bevilling.core.model import Category, Expiry
    from bevilling.interop.importer import parse_mapping

    document = write_docx(tmp_path / "ib.docx", [tabel_8_printed()])
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
    assert [t.name for t in example.ledgers[0].tables] == [t.name for t in result.ledger.tables]


@pytest.mark.parametrize("variant", ["inserted", "deleted", "caption"])
def test_a_table_with_tracked_changes_is_refused(tmp_path: Path, variant: str) -> None:
    """python-docx reads neither inserted nor deleted text: "1" + inserted ".2" + "00" was
    imported as 100 for Word's 1.200, and a total read the same way agreed (attack 7 #43). A
    table (or its caption) with tracked changes not yet accepted or rejected is refused, with
    the row, and nothing is written."""
    path = write_tracked_docx(
        tmp_path / "t.docx", deleted=variant == "deleted", caption=variant == "caption"
    )
    ((table,), problems) = read_docx(str(path))
    assert ([], 0 if variant == "caption" else 2) == (problems, table.tracked)
    options = ImportOptions(output=str(tmp_path / "t.yaml"))
    result = import_tables([str(path)], options)
    assert result.ledger is None
    (problem,) = result.problems
    row = "" if variant == "caption" else " (fra række 2)"
    assert ("import-tracked-changes", f"{path}#table-1", 0 if variant == "caption" else 2) == (
        problem.code,
        problem.location.file,
        problem.location.line,
    )
    assert problem.message == (
        f"tabel 1 i {path} har registrerede ændringer, som hverken er accepteret eller"
        f" afvist{row}: tallene kan hverken læses som den gamle eller den nye udgave"
        if variant != "caption"
        else f"overskriften til tabel 1 i {path} har registrerede ændringer, som hverken er"
        " accepteret eller afvist: den kan hverken læses som den gamle eller den nye udgave"
    )
    assert "acceptér eller afvis ændringerne i Word først" in str(problem.hint)
    with use_locale("en"):
        english = import_tables([str(path)], options).problems[0]
    assert "accept or reject the changes in Word first" in str(english.hint)
