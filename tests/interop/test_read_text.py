"""bevilling.interop.read_text: tab-separated text and CSV files, as users and attackers make
them: Danish Excel's CSV, cells with line breaks, broken quoting, oversized cells."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from bevilling.core.model import Category
from bevilling.interop.importer import ImportOptions, ImportResult, import_tables
from bevilling.interop.read_text import csv_lines, tab_lines

HEADER = "Formål/overskrift;Beløb i tusinder;Udløb\n"


def _import_csv(tmp_path: Path, text: str) -> ImportResult:
    path = tmp_path / "tabel.csv"
    path.write_text(text, encoding="utf-8")
    return import_tables([str(path)], ImportOptions(
        output=str(tmp_path / "out.yaml"), categories=(Category.DRIFTSMIDLER,)))  # fmt: skip


def test_csv_with_semicolons_is_imported(tmp_path: Path) -> None:
    """A CSV file as Danish Excel saves it (';', decimal comma, BOM) imports like text."""
    result = _import_csv(
        tmp_path,
        "\ufeff" + HEADER + 'Mikrolån;1.200;2016\n"Tekst; med semikolon";18,5;2015\n',
    )
    assert result.ledger is not None
    assert [("Mikrolån", Decimal(1200)), ("Tekst; med semikolon", Decimal("18.5"))] == [
        (a.title, a.amount) for a in result.ledger.appropriations
    ]


def test_a_multi_line_csv_cell_keeps_its_words_apart(tmp_path: Path) -> None:
    """A cell wrapped in Excel (Alt+Enter) is one cell whose line break reads as a space:
    "Lokal Forankring på Vesterbro", not "Forankringpå"; the rows after it keep their own
    line numbers (a record's line is its first line)."""
    result = _import_csv(
        tmp_path, HEADER + '"Lokal Forankring\npå Vesterbro";2.000;2016\nB;x;2016\n'
    )
    assert [("import-bad-number", 4)] == [(p.code, p.location.line) for p in result.problems]
    lines, problems = csv_lines(
        HEADER + '"Lokal Forankring\r\npå Vesterbro";2.000;2016\nB;1;2016\n'
    )
    assert [] == problems
    assert [(1, "Formål/overskrift"), (2, "Lokal Forankring på Vesterbro"), (4, "B")] == [
        (line.line, line.cells[0].text) for line in lines
    ]


def test_a_header_only_csv_says_it_has_no_rows(tmp_path: Path) -> None:
    """A CSV file with a header and nothing else is an error that says so, at the header."""
    result = _import_csv(tmp_path, HEADER)
    assert [("import-empty", 1)] == [(p.code, p.location.line) for p in result.problems]
    assert "tabellen har en overskriftslinje (linje 1), men ingen rækker" == (
        result.problems[0].message
    )


def test_an_unclosed_quote_is_malformed_at_its_line(tmp_path: Path) -> None:
    """A quote that is never closed would swallow the rest of the file into one cell: it is
    an error at the record where it opens, with a hint, not "nothing written" alone."""
    result = _import_csv(tmp_path, HEADER + 'A;1;2016\n"Lokal Forankring;1.200;2016\nB;500;2016\n')
    assert [("import-malformed", 3)] == [(p.code, p.location.line) for p in result.problems]
    assert result.problems[0].message == (
        'anførselstegnet (") i rækken, der begynder på linje 3, bliver aldrig lukket'
    )
    assert None is result.ledger


def test_a_cell_over_128_kib_is_malformed_not_a_traceback(tmp_path: Path) -> None:
    """A 200 000-character cell (the csv module's limit is 128 KiB) is a problem at its line."""
    result = _import_csv(tmp_path, HEADER + '"' + "x" * 200_000 + '";1.200;2016\n')
    assert [("import-malformed", 2)] == [(p.code, p.location.line) for p in result.problems]


def test_text_after_a_closing_quote_is_malformed(tmp_path: Path) -> None:
    """`"abc"def` is not CSV that Excel writes: an error, not a silently joined "abcdef"."""
    result = _import_csv(tmp_path, HEADER + '"abc"def;1;2016\n')
    assert [("import-malformed", 2)] == [(p.code, p.location.line) for p in result.problems]


def test_the_delimiter_is_told_from_the_first_line() -> None:
    """';' when the first line has one, else tab, else ','; commas in later cells do not
    mislead it."""
    assert [["a", "b,c"]] == [[c.raw for c in line.cells] for line in csv_lines("a;b,c\n")[0]]
    assert [["a", "b"], ["1,5", "2"]] == [
        [c.raw for c in line.cells] for line in csv_lines("a\tb\n1,5\t2\n")[0]
    ]
    assert [["a", "b"]] == [[c.raw for c in line.cells] for line in csv_lines("a,b\n")[0]]


def test_tab_lines_are_made_one_at_a_time() -> None:
    """Tab-separated text is split lazily: a million-line paste is never a list of cells."""
    lines = tab_lines("a\tb\n" * 1_000_000)
    first = next(iter(lines))
    assert (1, ("a", "b")) == (first.line, tuple(c.raw for c in first.cells))
