"""bevilling.interop.documents: what the Word and PDF readers share: the tables, their listing,
the choice of tables (``--table``), headings, wrapped lines and the zip limit."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from bevilling.i18n.catalogs import use_locale
from bevilling.interop import documents
from bevilling.interop.documents import (
    DocumentTable,
    caption_text,
    choose_tables,
    describe_table,
    heading_of,
    is_document,
    joined_lines,
    table_input,
    zip_too_big,
)
from bevilling.interop.tables import Cell, RawLine


def _table(
    number: int, heading: str | None, rows: int = 2, page: int | None = None
) -> DocumentTable:
    lines = tuple(RawLine(n, (Cell("a"), Cell("b"), Cell("c"))) for n in range(1, rows + 1))
    return DocumentTable(number, heading, lines, page)


def test_documents_are_told_by_suffix() -> None:
    """.docx and .pdf (any case) are documents; text, CSV and workbooks are not."""
    assert [True, True, False, False, False] == [
        is_document(p) for p in ("a.docx", "B.PDF", "a.txt", "a.csv", "a.xlsx")
    ]


def test_one_table_needs_no_choice_several_do() -> None:
    """A document of one table gives it; of several, without --table, a problem that lists
    them; --table chooses in the order given; a number the document lacks is import-options;
    no table at all is import-no-tables."""
    one, two = _table(1, "Tabel 1: A"), _table(2, "Tabel 2: B", page=3)
    assert ([one], []) == choose_tables("d.docx", [one], ())
    assert ([two, one], []) == choose_tables("d.docx", [one, two], (2, 1))
    with use_locale("en"):
        chosen, problems = choose_tables("d.pdf", [one, two], ())
    assert ([], ["import-ambiguous-table"]) == (chosen, [p.code for p in problems])
    assert (
        "d.pdf holds 2 tables; choose which to import: table 1: Tabel 1: A (2 rows × 3 columns);"
        " table 2 (page 3): Tabel 2: B (2 rows × 3 columns)"
    ) == problems[0].message
    assert ["import-options"] == [p.code for p in choose_tables("d.pdf", [one], (4,))[1]]
    assert ["import-no-tables"] == [p.code for p in choose_tables("d.pdf", [], ())[1]]


def test_the_listing_line_is_danish_by_default_and_safe() -> None:
    """A table's line in the listing is Danish by default, and a heading with a terminal
    escape is shown with a visible escape."""
    assert "tabel 1: Tabel 1: A (1 række × 3 kolonner)" == describe_table(
        _table(1, "Tabel 1: A", rows=1)
    )
    assert "\x1b" not in describe_table(_table(1, "Tabel \x1b[2J 1"))


def test_headings_prefer_a_nearby_caption() -> None:
    """The heading is the nearest caption among the last three paragraphs, else the nearest
    paragraph; a caption (only) becomes the table's first line, naming it."""
    assert "Tabel 2: Udgifter til service" == heading_of(
        ["Tabel 2: Udgifter til service", "(kilde: budgetnotat)", ""]
    )
    assert "Økonomi" == heading_of(["Indledning", "Økonomi"])
    assert heading_of(["", " "]) is None
    assert 200 == len(heading_of(["x" * 5000]) or "")
    assert caption_text("Økonomi") is None
    file, lines, text = table_input("d.docx", _table(2, "Tabel  2:   B"))
    assert ("d.docx#table-2", "Tabel 2: B", 0) == (file, lines[0].cells[0].text, lines[0].line)
    assert "a\tb\tc\na\tb\tc" == text
    assert 2 == len(table_input("d.docx", _table(2, "Økonomi"))[1])


def test_wrapped_lines_join_as_printed() -> None:
    """Lines of a wrapped cell join with a space; after a hyphen joined to a word, without."""
    assert "rehabiliteringsteam-møder til ekstra fleksjob" == joined_lines(
        "rehabiliteringsteam-\nmøder til\nekstra fleksjob"
    )
    assert "" == joined_lines("\n \n")


def test_a_zip_that_declares_too_much_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Word file whose zip directory declares more than the limit is import-unreadable
    before anything is unpacked; a file that is no zip is left to the reader."""
    path = tmp_path / "big.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "0" * 10_000)
    monkeypatch.setattr(documents, "MAX_UNCOMPRESSED_BYTES", 1_000)
    problem = zip_too_big(str(path))
    assert problem is not None
    assert "import-unreadable" == problem.code
    (tmp_path / "no.docx").write_bytes(b"plain")
    assert zip_too_big(str(tmp_path / "no.docx")) is None
