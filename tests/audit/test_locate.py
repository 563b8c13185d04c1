"""Where a key is written (audit/locate.py): block and flow style, never a sibling's line."""

from __future__ import annotations

import re
import textwrap

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.audit import locate
from bevilling.audit.locate import Lines, key_line, key_position
from bevilling.core.problems import Location

TEXT = textwrap.dedent("""\
    format: bevilling/1
    title: Test
    document: D
    unit: 1000 DKK
    # a comment with stated_total: 1
    tables:
      - name: "T: 1, {x}"
        category: driftsmidler
        stated_years: {2016: 1500, "2017": 0,
                       2018: 5}
        stated_total: 1505
        appropriations:
          - id: A1
            title: "amount: 3, profile: {2016: 9}"
            description: >-
              2016: folded text
              amount: more text
            profile:
              2016: 1000
              # 2017: a comment
              2017: 0
            amount: 1000
          - {id: A2, title: 'it''s: {2016}', profile: {2016: 500}, amount: 500}
    stated_total: 1505
    """)


@pytest.fixture(scope="module")
def ledgers() -> bevilling.LedgerSet:
    """The ledger above, loaded."""
    loaded = bevilling.load_string(TEXT, "t.yaml")
    assert () == loaded.problems
    return loaded


@pytest.mark.parametrize(
    ("node", "path", "line"),
    [
        ("ledger", ("stated_total",), 24),
        ("ledger", ("tables",), 6),
        ("table", ("stated_total",), 11),
        ("table", ("stated_years", "2016"), 9),
        ("table", ("stated_years", "2017"), 9),  # quoted flow key
        ("table", ("stated_years", "2018"), 10),  # on the flow mapping's second line
        ("table", ("stated_years", "2019"), 9),  # not written: the stated_years line
        ("table", ("name",), 7),
        ("A1", ("amount",), 22),  # not the text "amount:" in the title or the description
        ("A1", ("profile", "2016"), 19),  # not "2016:" in the folded description
        ("A1", ("profile", "2017"), 21),  # not the comment
        ("A1", ("expires",), 13),  # not written: the row's line
        ("A2", ("amount",), 23),
        ("A2", ("profile", "2016"), 23),
    ],
)
def test_key_line(
    ledgers: bevilling.LedgerSet, node: str, path: tuple[str, ...], line: int
) -> None:
    """Keys are found at their own nesting level in block and flow style, quoted or not,
    past comments, folded text and look-alike text in values; a key that is not written
    gives the line of the deepest key found."""
    ledger = ledgers.ledgers[0]
    within = {
        "ledger": ledger.location,
        "table": ledger.tables[0].location,
        **{a.id: a.location for a in ledger.appropriations},
    }[node]
    assert line == key_line(ledgers, within, *path)


@pytest.mark.parametrize(
    ("node", "path", "position"),
    [
        ("A2", ("id",), (23, 9)),
        ("A2", ("title",), (23, 17)),  # the quoted title's text holds "s: {2016}"
        ("A2", ("profile", "2016"), (23, 51)),
        ("A2", ("amount",), (23, 63)),
        ("A1", ("amount",), (22, 8)),
        ("A1", ("profile", "2017"), (21, 10)),
        ("table", ("stated_years", "2017"), (9, 31)),  # quoted flow key: its quote
        ("A2", ("expires",), None),
        ("A1", ("expires",), None),
    ],
)
def test_key_position(
    ledgers: bevilling.LedgerSet,
    node: str,
    path: tuple[str, ...],
    position: tuple[int, int] | None,
) -> None:
    """key_position gives the line and column of a key (0-based column: in a flow mapping
    on one line, the order of the columns is the order written), None when not written."""
    ledger = ledgers.ledgers[0]
    within = {
        "table": ledger.tables[0].location,
        **{a.id: a.location for a in ledger.appropriations},
    }[node]
    assert position == key_position(ledgers, within, *path)


def test_key_line_of_unknown_file_is_the_node_line() -> None:
    """Without the file's text, the node's own line."""
    assert 7 == key_line(bevilling.LedgerSet(), Location("nowhere.yaml", 7, 9), "amount")


LINE_PIECES = st.lists(
    st.sampled_from(["amount", "2016", "'", '"', " ", "\t", ":", "x", "-", "#", "\r", "é"]),
    max_size=8,
).map("".join)


@given(LINE_PIECES, st.sampled_from(["amount", "2016", "'", "", "a:b"]), st.integers(0, 12))
def test_a_key_is_found_as_the_pattern_for_it_finds_it(text: str, key: str, at: int) -> None:
    """_key_end (no pattern to compile per key: start-up) ends where the key pattern's match
    at ``at`` ends, or is None where it does not match; _space_end as `[ \\t]*`."""
    pattern = re.compile(rf"(['\"]?){re.escape(key)}\1[ \t]*:(?=[ \t]|\Z)")
    match = pattern.match(text, at)
    assert (None if match is None else match.end()) == locate._key_end(text, at, key)
    spaces = re.compile(r"[ \t]*").match(text, at)
    assert (spaces.end() if spaces else at) == locate._space_end(text, at)


@given(
    st.lists(st.sampled_from(["a", "æ", "\n", "\n\n", "\r\n", "x" * 700, "\u2028"]), max_size=80),
    st.integers(1, 200),
    st.integers(-1, 12),
)
def test_lines_are_found_as_a_split_gives_them(parts: list[str], first: int, more: int) -> None:
    """Issue 13: excerpts find their lines without splitting the whole text (blocks of
    newlines counted, then bisected): the lines are those of ``text.split("\\n")``."""
    text = "".join(parts)
    lines = Lines(text, block=64)  # small blocks, so that a few hundred characters span many
    assert len(text.split("\n")) == lines.count
    assert text.split("\n")[first - 1 : first + more] == lines.between(first, first + more)
