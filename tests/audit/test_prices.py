"""Tests for bevilling.audit.prices: the price index checked against itself and the ledgers."""

from __future__ import annotations

from pathlib import Path

from bevilling.audit import check
from bevilling.core.model import LedgerSet
from bevilling.i18n.catalogs import use_locale
from bevilling.read import load_string

ROOT = Path(__file__).resolve().parents[2]

#: Invented figures (not KL's pris- og lønskøn): tests only.
INDEX = """\
format: bevilling-index/1
source: Opdigtede tal
values:
  2015: 98.0
  2016: 100.0
  2017: 102.0
"""


def ledger(price_level: int | None = 2016) -> str:
    """``t.yaml``: one table of one row, at ``price_level`` (line 5)."""
    level = f"price_level: {price_level}\n" if price_level is not None else ""
    return (
        "format: bevilling/1\ntitle: Test\ndocument: Budgetaftale 2015\nunit: 1000 DKK\n"
        + level
        + "tables:\n  - name: Tabel 1\n    category: driftsmidler\n    stated_total: 1200\n"
        "    appropriations:\n      - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}\n"
    )


def together(index: str, *ledgers: tuple[str, str]) -> LedgerSet:
    """The index ``i.yaml`` loaded with the ledgers (file, text)."""
    loaded = [load_string(text, file) for file, text in ledgers]
    indexed = load_string(index, "i.yaml")
    return LedgerSet(
        ledgers=tuple(lg for part in loaded for lg in part.ledgers),
        problems=(*indexed.problems, *(p for part in loaded for p in part.problems)),
        sources={"i.yaml": index, **dict(ledgers)},
        price_index=indexed.price_index,
    )


def findings(ledgers: LedgerSet) -> list[tuple[str, str, int]]:
    """(code, file, line) of every finding of the price index checks."""
    return [
        (p.code, p.location.file, p.location.line)
        for p in check(ledgers).problems
        if p.code.startswith("price-")
    ]


def test_a_complete_index_gives_no_finding() -> None:
    """An index that covers every ledger's level, each year once, positive: nothing."""
    ledgers = together(INDEX, ("t.yaml", ledger(2016)), ("u.yaml", ledger(None)))
    assert [] == findings(ledgers)


def test_no_index_no_finding() -> None:
    """Without an index, the price index checks report nothing (mixed-price-levels remains)."""
    assert [] == findings(load_string(ledger(2016), "t.yaml"))


def test_bad_values_are_errors_at_their_lines() -> None:
    """Not a number, zero and negative values: one error each, at the value's line."""
    text = INDEX.replace("98.0", "'98,0'").replace("100.0", "0").replace("102.0", "-1.5")
    assert [
        ("price-index-bad-value", "i.yaml", 4),
        ("price-index-bad-value", "i.yaml", 5),
        ("price-index-bad-value", "i.yaml", 6),
    ] == findings(together(text, ("t.yaml", ledger(2016))))


def test_a_repeated_year_is_an_error_at_its_second_line() -> None:
    """The second line of a year is reported, naming the first."""
    report = check(together(INDEX + "  2016: 100.5\n", ("t.yaml", ledger(2016))))
    (problem,) = [p for p in report.problems if p.code == "price-index-duplicate-year"]
    assert ("i.yaml", 7, False) == (problem.location.file, problem.location.line, report.valid)
    assert "året 2016 står to gange i indekset (første gang på linje 5)" == problem.message


def test_a_missing_year_is_a_finding_with_file_and_line() -> None:
    """A ledger's level in a gap of the index: a warning at the index, on the line of the next
    year (where the missing line belongs), naming every ledger that needs it."""
    text = INDEX.replace("  2016: 100.0\n", "")
    ledgers = together(text, ("t.yaml", ledger(2016)), ("u.yaml", ledger(2016)))
    assert [("price-index-missing-year", "i.yaml", 5)] == findings(ledgers)
    (problem,) = [p for p in check(ledgers).problems if p.code == "price-index-missing-year"]
    with use_locale("en"):
        (english,) = [p for p in check(ledgers).problems if p.code.startswith("price-")]
    assert "t.yaml, u.yaml need (price_level 2016)" in english.message
    assert "som t.yaml, u.yaml skal bruge" in problem.message


def test_a_level_outside_the_index_is_a_finding_at_the_ledger() -> None:
    """A level before the first or after the last year: a warning at the ledger's
    `price_level` line (line 5), not at the index."""
    ledgers = together(INDEX, ("t.yaml", ledger(2014)), ("u.yaml", ledger(2019)))
    assert [
        ("price-level-unreachable", "t.yaml", 5),
        ("price-level-unreachable", "u.yaml", 5),
    ] == findings(ledgers)


def test_the_shipped_ledgers_with_the_example_index_pass() -> None:
    """The invented example index covers the shipped ledgers' levels (2016, 2017)."""
    from bevilling.read import load

    ledgers = load([ROOT / "ledger", ROOT / "examples" / "prisindeks-opdigtet.yaml"])
    assert ledgers.price_index is not None
    assert [] == findings(ledgers)
