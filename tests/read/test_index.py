"""Tests for bevilling.read.index: price index files, read with the safety of ledgers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bevilling.core.prices import IndexEntry
from bevilling.core.problems import Location
from bevilling.i18n.catalogs import use_locale
from bevilling.read import load_string

#: Invented figures (not KL's pris- og lønskøn): tests only.
INDEX = """\
format: bevilling-index/1
# Opdigtede tal.
title: Testindeks
source: Opdigtede tal til test
values:
  2015: 98.0
  2016: 100.0
  2017: 102.5
"""


def problems(text: str) -> list[tuple[str, int]]:
    """(code, line) of every load problem of ``text`` read as ``i.yaml``."""
    return [(p.code, p.location.line) for p in load_string(text, "i.yaml").problems]


def test_an_index_file_is_read_with_file_and_line_on_every_value() -> None:
    """Every `year: value` line becomes an entry with the text as written, the exact Decimal
    and its file:line; the source and title are kept."""
    loaded = load_string(INDEX, "i.yaml")
    index = loaded.price_index
    assert index is not None
    assert ((), ()) == (loaded.ledgers, loaded.problems)
    assert IndexEntry(2017, "102.5", Decimal("102.5"), Location("i.yaml", 8)) == index.entries[2]
    assert ("Opdigtede tal til test", "Testindeks", 5) == (
        index.source,
        index.title,
        index.values_line,
    )
    assert (2015, 2016, 2017) == index.years


def test_values_are_never_typed_by_yaml() -> None:
    """`100.10` keeps its text and decimals, `0x10`, `1e2` and `NO` are kept as written and
    read as no number (a finding of `check`), never as 16, 100.0 or false."""
    text = INDEX.replace("98.0", "100.10").replace("100.0", "0x10").replace("102.5", "1e2")
    index = load_string(text + "  2018: NO\n", "i.yaml").price_index
    assert index is not None
    assert [("100.10", Decimal("100.10")), ("0x10", None), ("1e2", None), ("NO", None)] == [
        (e.text, e.value) for e in index.entries
    ]


def test_a_repeated_year_is_kept_for_check_to_report() -> None:
    """A year listed twice is not a YAML duplicate-key error here: both lines are kept, and
    `check` reports `price-index-duplicate-year` (the index then has no value for it)."""
    index = load_string(INDEX + "  2016: 101.0\n", "i.yaml").price_index
    assert index is not None
    assert ([2015, 2016, 2017, 2016], None) == (
        [e.year for e in index.entries],
        index.value(2016),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (INDEX.replace("source: Opdigtede tal til test\n", ""), [("missing-field", 1)]),
        (INDEX.split("values:", maxsplit=1)[0], [("missing-field", 1)]),
        (INDEX.split("values:", maxsplit=1)[0] + "values:\n", [("missing-field", 5)]),
        (INDEX.split("values:", maxsplit=1)[0] + "values: [1, 2]\n", [("wrong-type", 5)]),
        (INDEX.split("values:", maxsplit=1)[0] + "values: {}\n", [("bad-value", 5)]),
        (INDEX + "  17: 103.0\n", [("bad-year", 9)]),
        (INDEX + "  2018: [1]\n", [("wrong-type", 9)]),
        (INDEX + "kilde: x\n", [("unknown-field", 9)]),
        (INDEX.replace("title: Testindeks", "title: &a Testindeks"), [("yaml-alias", 3)]),
        (INDEX.replace("format: bevilling-index/1\n", "") + "format: bevilling-index/1\n",
         [("bad-format", 2)]),
    ],
    ids=["no-source", "no-values", "empty-values", "values-list", "no-years", "short-year",
         "value-list", "unknown-key", "alias", "format-last"],
)  # fmt: skip
def test_malformed_index_files_are_problems_with_lines(
    text: str, expected: list[tuple[str, int]]
) -> None:
    """A malformed index is a load problem with its line (the file is then not used), never
    an exception."""
    assert expected == problems(text)
    assert load_string(text, "i.yaml").price_index is None


def test_index_messages_are_danish_by_default_and_english_on_request() -> None:
    """The index's own messages come from the catalogs (read domain)."""
    text = INDEX.replace("source: Opdigtede tal til test\n", "")
    (problem,) = load_string(text, "i.yaml").problems
    assert "et prisindeks skal have `source`: hvor tallene kommer fra" == problem.message
    with use_locale("en"):
        (problem,) = load_string(text, "i.yaml").problems
    assert "a price index needs `source`: where its figures come from" == problem.message


def test_a_second_index_is_reported_by_one_index() -> None:
    """`one_index` names the first index in the message of every later one."""
    from bevilling.read.index import one_index

    first = load_string(INDEX, "a.yaml").price_index
    second = load_string(INDEX, "b.yaml").price_index
    assert first is not None
    assert second is not None
    (problem,) = one_index([first, second])
    assert ("multiple-price-indexes", "b.yaml") == (problem.code, problem.location.file)
    assert "a.yaml" in problem.message


def test_the_documented_index_and_the_example_file_load_cleanly() -> None:
    """The index shown in docs/ledger-format.md and examples/prisindeks-opdigtet.yaml load
    without a problem, and both say that their figures are invented."""
    import re

    from tests.conftest import ROOT

    page = (ROOT / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    (shown,) = [
        block
        for block in re.findall(r"^```yaml\n(.*?)^```$", page, flags=re.M | re.S)
        if "bevilling-index/1" in block
    ]
    example = (ROOT / "examples" / "prisindeks-opdigtet.yaml").read_text(encoding="utf-8")
    for text in (shown, example):
        loaded = load_string(text, "i.yaml")
        assert ((), True) == (loaded.problems, loaded.price_index is not None)
        assert "OPDIGTEDE TAL" in text


def test_an_index_value_with_too_many_digits_is_out_of_range() -> None:
    """A value that is a number but longer than bevilling accepts is `amount-out-of-range`
    (not "not a number"), at its line; like any file with a load error, the index is left
    out (the reports then refuse to convert rather than use it)."""
    text = (
        "format: bevilling-index/1\ntitle: P\nsource: S\nvalues:\n  2016: 100.0\n"
        "  2017: 1000000000000000000000000000.5\n"
    )
    ledgers = load_string(text, "p.yaml")
    problems = [(p.code, p.location.line) for p in ledgers.problems]
    assert [("amount-out-of-range", 6)] == problems
    assert ledgers.price_index is None
