"""bevilling.write.dump: the one writer of ledger files reads back as exactly what it wrote."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import bevilling
from bevilling.core.problems import Location
from bevilling.write.dump import (
    _ESCAPES,
    _TO_ESCAPE,
    _escape,
    _printable,
    dump,
    format_plain,
    quote,
    same_content,
    without_locations,
)
from tests.strategies import ANY_TEXT, written_amounts, written_ledgers

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(
    [*(ROOT / "ledger").glob("*.yaml"), *(ROOT / "examples" / "ledgers").glob("*.yaml")]
)


def _one(text: str, file: str = "ledger.yaml") -> bevilling.Ledger:
    loaded = bevilling.load_string(textwrap.dedent(text).lstrip("\n"), file)
    assert () == loaded.problems
    return loaded.ledgers[0]


def test_dump_writes_format_first_keys_in_documented_order_and_quotes_text() -> None:
    """The file starts with `format: bevilling/1`, then the ledger keys in the order of
    docs/ledger-format.md; texts are double-quoted, amounts plain, derived fields left out."""
    ledger = _one(
        """
        format: bevilling/1
        title: Eksempel
        document: "Budgetnotat BI2: Tabel 2"
        unit: 1000 DKK
        phase: proposed
        price_level: 2016
        stated_total: 1500
        tables:
          - name: "Tabel 2: Udgifter til service"
            category: driftsmidler
            stated_total: 1500
            stated_years: {2016: 1500, 2017: 0}
            appropriations:
              - id: BI2-1
                title: Nedbringe ventetid
                committee: NO
                appropriation_no: 18.10
                profile: {2016: 1500, 2017: 0}
              - title: Uden id
                amount: 0.5
                expires: Faldende profil
        accepted:
          - code: total-mismatch
            table: "Tabel 2: Udgifter til service"
            year: 2016
            stated: 1500
            sum: 1400.5
            reason: Som trykt.
        """
    )
    expected = textwrap.dedent(
        """\
        format: bevilling/1
        # Kilde: BI2
        title: "Eksempel"
        document: "Budgetnotat BI2: Tabel 2"
        unit: 1000 DKK
        phase: proposed
        price_level: 2016
        stated_total: 1500
        tables:
          - name: "Tabel 2: Udgifter til service"
            category: driftsmidler
            stated_total: 1500
            stated_years:
              2016: 1500
              2017: 0
            appropriations:
              - id: "BI2-1"
                title: "Nedbringe ventetid"
                committee: "NO"
                appropriation_no: "18.10"
                profile:
                  2016: 1500
                  2017: 0
                amount: 1500
              - title: "Uden id"
                amount: 0.5
                expires: "Faldende profil"
        accepted:
          - code: "total-mismatch"
            table: "Tabel 2: Udgifter til service"
            year: 2016
            stated: 1500
            sum: 1400.5
            reason: "Som trykt."
        """
    )
    assert expected == dump(ledger, comment="Kilde: BI2")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_ledgers_read_back_equal(path: Path) -> None:
    """Every shipped ledger, dumped and loaded again, is the same ledger (lines aside)."""
    original = bevilling.load(path)
    assert () == original.problems
    ledger = original.ledgers[0]
    back = bevilling.load_string(dump(ledger), ledger.file)
    assert () == back.problems
    assert [without_locations(ledger)] == [without_locations(x) for x in back.ledgers]


@settings(max_examples=150, deadline=None)
@given(written_ledgers())
def test_any_ledger_reads_back_equal(ledger: bevilling.Ledger) -> None:
    """Any ledger (any text, any amount, either notation) reads back equal after dump."""
    back = bevilling.load_string(dump(ledger), ledger.file)
    assert () == back.problems
    assert [without_locations(ledger)] == [without_locations(x) for x in back.ledgers]


@given(ANY_TEXT)
def test_quote_is_read_back_by_yaml_as_the_same_text(text: str) -> None:
    """A quoted text is exactly the text to any YAML reader (PyYAML here)."""
    assert {"key": text} == yaml.safe_load(f"key: {quote(text)}\n")


@given(written_amounts())
def test_format_plain_reads_back_as_the_same_number(value: Decimal) -> None:
    """Plain notation from the Decimal: no exponent, no grouping, the same value."""
    from bevilling.core.money import parse_plain

    text = format_plain(value)
    assert "E" not in text.upper()
    assert value == parse_plain(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1E+3", "1000"),
        ("1.200", "1.2000"),  # 1.200 would be refused as ambiguous Danish grouping
        ("-500", "-500"),
        ("18.30", "18.30"),
        ("0.000001", "0.000001"),
        ("-0", "0"),
    ],
)
def test_format_plain_examples(value: str, expected: str) -> None:
    """Exponents are written out, ambiguous decimals get a trailing zero, -0 is 0."""
    assert expected == format_plain(Decimal(value))


def test_danish_ledger_is_written_in_danish_notation() -> None:
    """A ledger declared `number_format: da` keeps its amounts as printed: '18,3', '1.200'."""
    ledger = _one(
        """
        format: bevilling/1
        title: T
        document: D
        unit: mio DKK
        number_format: da
        tables:
          - name: T
            category: indsatsmidler
            appropriations:
              - {title: A, amount: '18,3', expires: 2015}
              - {title: B, amount: '1.200', expires: 2015}
              - {title: C, amount: '1,0000', expires: 2015}
        """
    )
    text = dump(ledger)
    assert ["amount: '18,3'", "amount: '1.200'", "amount: '1,0000'"] == [
        line.strip() for line in text.splitlines() if "amount:" in line
    ]


def test_description_acceptances_are_written_in_the_ledgers_notation() -> None:
    """`named:` and `amount:` of an entry are written as the ledger writes amounts: one named
    amount alone, several as a flow list whose Danish values are quoted (their comma never
    splits the list), and read back the same."""
    ledger = _one(
        """
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        number_format: da
        tables: []
        accepted:
          - {code: description-amount, appropriation: D09, named: '1.900', amount: '1.187', reason: R}
          - {code: description-amount, appropriation: D10, named: ['2.600', '1,9'], amount: '0,5', reason: R}
        """  # noqa: E501
    )
    text = dump(ledger)
    assert [
        "named: '1.900'",
        "amount: '1.187'",
        "named: ['2.600', '1,9']",
        "amount: '0,5'",
    ] == [line.strip() for line in text.splitlines() if line.strip().startswith(("named", "amou"))]
    back = bevilling.load_string(text, ledger.file)
    assert [without_locations(ledger)] == [without_locations(x) for x in back.ledgers]


def test_derived_ids_are_not_written_but_written_ids_are() -> None:
    """Ids the loader derives (`<stem>:<table>.<row>` of the ledger's own file) are left out,
    so they stay derived; written ids are kept."""
    ledger = _one(
        """
        format: bevilling/1
        title: T
        document: D
        unit: DKK
        tables:
          - name: T
            category: driftsmidler
            appropriations:
              - {title: A, amount: 1, expires: 2015}
              - {id: B1, title: B, amount: 2, expires: 2015}
        """,
        "ledger/budget.yaml",
    )
    assert ["budget:1.1", "B1"] == [a.id for a in ledger.appropriations]
    assert ['- id: "B1"'] == [line.strip() for line in dump(ledger).splitlines() if "id:" in line]


@given(st.sampled_from(["\u2028", "\x85", "\t", "\x00", "\ufeff", '"', "\\", "\n", " #"]))
def test_quote_escapes_characters_yaml_would_change(char: str) -> None:
    """Line separators, tabs, NUL, BOM, quotes and backslashes survive quoting."""
    text = f"a{char}b"
    assert text == yaml.safe_load(quote(text))


def test_a_comment_with_control_characters_is_written_visibly_and_reads_back() -> None:
    """`bevilling import` of a table whose footnote held ESC (or DEL, NEL, U+2028, a bidi
    override) ended in "internal error: the ledger does not read back": the comment is now
    written with visible escapes, one `#` line per line break."""
    import bevilling
    from bevilling.write import dump

    ledger = bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T, category: driftsmidler, appropriations: [\n"
        "      {id: A, title: x, amount: 5, expires: 2016}]}\n",
        "t.yaml",
    ).ledgers[0]
    text = dump(ledger, comment="note \x1bhere\x7f\x85\u2028\u202e\nnext line")
    assert "# note \\x1bhere\\x7f\\x85\\u2028\\u202e\n# next line\n" in text
    assert () == bevilling.load_string(text, "back.yaml").problems


# --- issue 13: quote and the read-back comparison of import, without the per-character cost ---


def _quote_by_character(text: str) -> str:
    """quote as it was written before: one test per character (the reference)."""
    out = ['"']
    for char in text:
        escaped = _ESCAPES.get(char)
        if escaped is not None:
            out.append(escaped)
        elif _printable(char):
            out.append(char)
        elif ord(char) <= 0xFF:
            out.append(f"\\x{ord(char):02x}")
        else:
            out.append(f"\\u{ord(char):04x}")
    out.append('"')
    return "".join(out)


def test_quote_escapes_exactly_what_the_printable_rule_escapes() -> None:
    """Every code point, alone and all in one text: quote writes what the per-character rule
    (_ESCAPES, then PyYAML's printable set) writes."""
    every = "".join(chr(code) for code in range(0x110000))
    assert _quote_by_character(every) == quote(every)
    assert [] == [
        code for code in range(0x110000) if _quote_by_character(chr(code)) != quote(chr(code))
    ]


@settings(max_examples=40, deadline=None)
@given(written_ledgers(), written_ledgers())
def test_same_content_is_the_comparison_without_locations(
    first: bevilling.Ledger, second: bevilling.Ledger
) -> None:
    """same_content(a, b) is without_locations(a) == without_locations(b): for two ledgers,
    a ledger and its copy on other lines, and a copy with one field changed."""
    assert (without_locations(first) == without_locations(second)) == same_content(first, second)
    moved = attrs.evolve(
        first,
        location=Location(first.file, 7),
        tables=tuple(
            attrs.evolve(
                t,
                location=Location(first.file, 9),
                appropriations=tuple(
                    attrs.evolve(a, location=Location(first.file, a.location.line + 3))
                    for a in t.appropriations
                ),
            )
            for t in first.tables
        ),
    )
    assert same_content(first, moved)
    assert not same_content(first, attrs.evolve(first, location=Location("other.yaml", 1)))
    assert not same_content(first, attrs.evolve(first, title=first.title + "x"))
    rows = [(n, t) for n, t in enumerate(first.tables) if t.appropriations]
    if rows:
        n, table = rows[0]
        row = attrs.evolve(table.appropriations[0], amount=table.appropriations[0].amount + 1)
        changed = attrs.evolve(table, appropriations=(row, *table.appropriations[1:]))
        other = attrs.evolve(first, tables=(*first.tables[:n], changed, *first.tables[n + 1 :]))
        assert not same_content(first, other)


@given(
    st.lists(
        st.text(st.characters(exclude_categories=()), max_size=3)
        | st.sampled_from(['"', "\\", "\n", "\x85", "\u2028", "\ufeff", "\ud800", "æ", "a b"]),
        max_size=8,
    ).map("".join)
)
def test_quote_skips_the_pattern_only_where_it_would_find_nothing(text: str) -> None:
    """quote() writes printable text without `"` or `\\` as it is, without compiling
    _TO_ESCAPE (start-up): on any text, surrogates too, what the pattern alone writes."""
    assert '"' + _TO_ESCAPE.sub(_escape, text) + '"' == quote(text)
