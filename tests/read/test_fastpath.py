"""Tests for bevilling.read.fastpath: the layouts people write, read without libyaml, as libyaml."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.read import fastpath
from bevilling.read import yamltree as yt


def shape(node: yt.Node | None) -> object:
    """A node tree as nested tuples: kinds, texts, lines and end lines, for comparison."""
    if isinstance(node, yt.Scalar):
        return ("scalar", node.value, node.line, node.end_line, node.plain)
    if isinstance(node, yt.Mapping):
        return ("map", node.line, node.end_line, [(k, ln, shape(v)) for k, ln, v in node.pairs])
    if isinstance(node, yt.Sequence):
        return ("seq", node.line, node.end_line, [shape(v) for v in node.items])
    return None if node is None else (type(node).__name__, node.line)


@contextmanager
def lane(name: str) -> Iterator[None]:
    """Make parse_simple take the row lane on any text (``"row"``: its rows go to the row lane
    as on a large text) or never (``"line"``), whatever the text's size."""
    size = {"row": 0, "line": sys.maxsize}[name]
    with mock.patch.object(fastpath, "_ROW_LANE_MIN_SIZE", size):
        yield


def parse_both(text: str) -> list[yt.Node | None]:
    """parse_simple on ``text`` in both lanes: with the row lane (as on a large text), and the
    line lane alone.  Either may decline (the caller then asks libyaml); when both read the
    text, they read the same nodes."""
    with lane("row"):
        row = fastpath.parse_simple(text)
    with lane("line"):
        line = fastpath.parse_simple(text)
    if row is not None and line is not None:
        assert shape(line) == shape(row)
    return [row, line]


def agrees_with_libyaml(text: str) -> bool:
    """If the fast path accepts ``text``, libyaml parses it cleanly into the same tree, in
    both lanes (with the row lane as on a large text, and the line lane alone).

    Returns whether both lanes accepted it (so tests can check they exercise them).
    """
    both = parse_both(text)
    if both == [None, None]:
        return False
    reference, problems = yt.parse_tree(text)
    assert [] == [(p.code, p.line, p.message) for p in problems]
    # Streaming: the same tables handed over, in the same order, each when complete.
    expected = handed_over(yt.parse_tree, text)
    for name, fast in zip(("row", "line"), both, strict=True):
        if fast is not None:
            assert shape(reference) == shape(fast)
            with lane(name):
                assert expected == handed_over(fastpath.parse_simple, text)
    return None not in both


SIMPLE_LEDGER = """\
# yaml-language-server: $schema=ledger-v1.schema.json
format: bevilling/1
title: "Syntetisk: register #1"
document: 'Budgetaftale 2015, afsnit ''9'''
unit: 1000 DKK
tables:
  - name: "Tabel 1: Oversigt"   # kommentar
    category: driftsmidler
    stated_total: 1500

    appropriations:
    - id: R1
      title: Mikrolån # efter værdi
      amount: -5
      expires: Udløb ikke fastsat
      organisation: NO
      appropriation_no: 18.10
      profile:
          2016: 1000
          2017: 0
    - id: "R2"
      title: a#b c:d
      amount: 1.200
      expires: ~
  - name: T2
    category: særindsatser
    appropriations:
      - {title: flow, amount: 1, expires: 2016}
"""


def test_the_fast_path_declines_what_it_does_not_cover() -> None:
    """Flow sequences, odd block scalars, other escapes, tabs, anchors and nulls go to libyaml."""
    declined = [
        "a: [1]\n", 'a: "x\\ay"\n', 'a: "\\x41"\n', 'a: "\\ud800"\n', "a:\tb\n",
        "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a:\n", "a:\n  b\n", "a: b\n  c\n", "- a\n",
        "a: 1\n---\nb: 2\n", "a: 'x\n", 'a: "x" y\n', "a: b: c\n", "? a\n: b\n", "a:b\n",
        "a: 1\r\nb: 2\n", "a: x\u2028y\n", "a: \x07\n", "a:\n  - b\n", "  a: 1\n b: 2\n",
        "a: >+\n  x\n", "a: >2\n  x\n", "a: >-\nb: 1\n", "a: |\n\n  x\n", "a: >-\n  x\n\n  y\n",
        "a: >-\n  x\n    y\n", "a: >-\n  x\n  \nb: 1\n", "a: {b: 'x'}\n", "a: {b: 1,}\n",
        "a: {b: ~}\n", "a: {b: [1]}\n", "a: {b: 1\n", "a:\n  - {b: 1} x\n", "a:\n    b: >-\n   x\n",
    ]  # fmt: skip
    assert [] == [text for text in declined if parse_both(text) != [None, None]]


@pytest.mark.parametrize(
    "text",
    [
        "a: >-\n  x\n  y\nb: 1\n", "a: >\n  x\n\n\nb: 1\n", "a: |\n  x \n  y\nb: 1\n",
        "a: |-\n  x\n", "a: >-\n  x\n  y", "a: >-\n  x\n # c\nb: 1\n", "a: >-\n  x\n\n# c\nb: 1\n",
        "a: >- # c\n  x\nb: 1\n", "a: >-\n  x # y\n  'q' \"z\" : w\nb: 1\n", "a: >-\n  x\n\n",
        "a:\n  - b: >-\n      x\n    c: 1\n  - d: 1\n", 'a: "\\u00e6\\/\\"\\\\ x \\n\\t"\n',
        "a:\n- {b: 1, c: d e}\n- {x: -1}\n", "a: {b: 1} # c}\n", "a: { b : 1 , c: 2 }\n", "a: {}\n",
        "a: {2016: 1000, 2017: 0, 2016: 5}\n", "a:\n  - {b: x}\n  - c: 1\n",
    ],
)  # fmt: skip
def test_the_fast_path_reads_folded_text_flow_mappings_and_escapes(text: str) -> None:
    """Block scalars, one-line flow mappings and escapes: read fast, exactly as libyaml does."""
    assert agrees_with_libyaml(text)


def test_the_fast_path_reads_the_hand_written_layout(tmp_path: Path) -> None:
    """bench/generate.py --style hand (folded descriptions, flow profiles, comments between
    rows, quoted titles with `:` and `#`, blank lines between tables) is read fast and right."""
    from tests.conftest import ROOT

    for seed in ("1", "2", "3"):
        out = tmp_path / f"hand-{seed}.yaml"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "300", str(out), "--style",
             "hand", "--seed", seed],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        assert agrees_with_libyaml(out.read_text(encoding="utf-8"))


def test_the_fast_path_agrees_on_every_shipped_and_hostile_file() -> None:
    """On the files the project ships and the hostile corpus, fast path == libyaml."""
    from tests.conftest import ROOT

    paths = [*ROOT.glob("ledger/*.yaml"), *ROOT.glob("examples/ledgers/*.yaml"),
             *ROOT.glob("tests/hostile/*.yaml")]  # fmt: skip
    accepted = 0
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        accepted += agrees_with_libyaml(text)
    assert accepted >= 3  # the two budget notes and the CRLF-free corpus files are plain


@pytest.mark.parametrize(
    "text", ["a: 1\n   ", "a: 1", "\n\na: 1\n\n", "a: 1 # c\n# c\n", "a:\n- b: 1\n"]
)
def test_the_fast_path_handles_line_ends_and_blank_lines(text: str) -> None:
    """Trailing spaces without a newline, no final newline, blank lines and comments."""
    assert agrees_with_libyaml(text)


def test_the_fast_path_accepts_the_plain_layout() -> None:
    """The plain layout, with comments, quotes, blank lines and indentless lists, is fast."""
    plain = SIMPLE_LEDGER.split("  - name: T2", maxsplit=1)[0]
    assert agrees_with_libyaml(plain)


MUTATIONS = st.sampled_from(
    [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "''", "\n", "\n  ", "\n- ", "&",
     "*", "!", "|", ">", "?", "{", "}", "[", "]", ",", "%", "@", "`", "\\", "~", "x", "ø",
     "2016: 1\n", "\n    ", "\n      - id: Z\n", ">-\n", "|\n", "\n\n", ", ", "{a: 1}", "\\u00e6",
     "\\n", '\\"', "\n          x\n", "\n        ", "+", "-\n"]
)  # fmt: skip


@given(st.lists(st.tuples(st.integers(0, len(SIMPLE_LEDGER)), MUTATIONS, st.booleans()),
                max_size=4))  # fmt: skip
def test_the_fast_path_never_disagrees_with_libyaml(edits: list[tuple[int, str, bool]]) -> None:
    """After any small edit of a ledger, the fast path either declines or matches libyaml."""
    text = SIMPLE_LEDGER
    for position, piece, delete in edits:
        text = text[:position] + ("" if delete else piece) + text[position + (1 if delete else 0) :]
    agrees_with_libyaml(text)
    agrees_with_libyaml(text.split("  - name: T2", maxsplit=1)[0])


HAND_LEDGER = """\
format: bevilling/1
title: "Håndskrevet: #2"
document: Budgetnotat
unit: 1000 DKK
tables:

  # Tabel 1
  - name: "Tabel 1: Oversigt"
    category: driftsmidler
    stated_years: {2016: 1500, 2017: 0}
    appropriations:
      # første række
      - id: R1
        title: "Mikrolån \\u00e6 \\"x\\""
        description: >-
          Der afsættes 1,5 mio. kr. til
          mikrolån: se side 4 # ikke en kommentar
        profile: {2016: 1500, 2017: 0}

      - title: Literal
        description: |
          linje 1
          linje 2
        amount: 1.200   # som trykt
        expires: 2016
      - {title: flow, amount: 1, expires: 2016}
"""


@given(st.lists(st.tuples(st.integers(0, len(HAND_LEDGER)), MUTATIONS, st.booleans()),
                max_size=4))  # fmt: skip
def test_the_fast_path_never_disagrees_with_libyaml_on_hand_written_text(
    edits: list[tuple[int, str, bool]],
) -> None:
    """After any small edit of a hand-written ledger, the fast path declines or matches."""
    text = HAND_LEDGER
    for position, piece, delete in edits:
        text = text[:position] + ("" if delete else piece) + text[position + (1 if delete else 0) :]
    agrees_with_libyaml(text)


def test_the_hand_written_ledger_takes_the_fast_path() -> None:
    """The ledger the mutation test edits is itself read fast (else that test proves nothing)."""
    assert agrees_with_libyaml(HAND_LEDGER)


@pytest.mark.parametrize("rows", [20, 100])
def test_the_fast_path_agrees_on_the_hand_layout_of_the_scaling_tests(rows: int) -> None:
    """The hand-written ledger of the tests of shape (tests/audit/helpers.py: comments after
    values, `>-` and `|-` descriptions, flow profiles, titles with `\\"`, `''`, `: ` and ` #`) is
    read by the fast path into libyaml's very tree (so those tests measure the fast path)."""
    from tests.audit.helpers import hand_ledger

    assert agrees_with_libyaml(hand_ledger(rows))


def test_the_refused_characters_are_those_outside_what_the_fast_path_reads() -> None:
    """`_NOT_SIMPLE` lists the characters the fast path refuses (it compiles twenty times
    faster than a complement with big ranges): the same set, over every code point, as "not a
    line feed, printable ASCII, or the YAML-printable ranges but U+2028/2029 and the BOM"."""
    import re

    allowed = re.compile(
        "[\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
    )
    refused = fastpath._NOT_SIMPLE
    differ = [
        code
        for code in range(0x110000)
        if bool(refused.match(chr(code))) == bool(allowed.match(chr(code)))
    ]
    assert [] == differ


# The row lane: runs of rows cut into tokens by one regex call, read as the line lane would.

ROW = """\
      - id: R{n}
        title: Mikrolån {n} # titel
        target_group: "Borgere: alle #1"
        organisation: 'JKA ''x'''
        description: >-
          Der afsættes {n} mio. kr. til
          mikrolån: se side 4 # ikke en kommentar
        profile: {{2016: {n}, 2017: 0}}
        years:
          2016: {n}
          2017: "0"
        note: |
          linje 1
          linje 2
        amount: -{n}
        expires: 2016
"""


def rows_ledger(middle: str = "", rows: int = 3, tail: str = "") -> str:
    """A ledger of ``rows`` rows with ``middle`` (more rows, or an edge) among them."""
    head = "format: bevilling/1\ntables:\n  - name: T1\n    appropriations:\n"
    before = "".join(ROW.format(n=n) for n in range(rows))
    after = "".join(ROW.format(n=n) for n in range(rows, 2 * rows))
    return head + before + middle + after + tail


def read_by_the_row_lane(text: str) -> int:
    """How many appropriations (rows with an `id`) of ``text`` the row lane read."""
    rows = 0
    read = fastpath._RowLane.read

    def counting(lane: fastpath._RowLane, sequence: yt.Sequence, *args: int) -> object:
        nonlocal rows
        before = len(sequence.items)
        result = read(lane, sequence, *args)
        rows += sum(
            1
            for item in sequence.items[before:]
            if isinstance(item, yt.Mapping) and item.pairs[0][0] == "id"
        )
        return result

    assert agrees_with_libyaml(text)
    with mock.patch.object(fastpath._RowLane, "read", counting), lane("row"):
        fastpath.parse_simple(text)
    return rows


def test_the_row_lane_reads_the_rows_people_write() -> None:
    """Plain, quoted and escaped values, comments, folded and literal text, flow and block
    profiles, negative amounts: every row is read by the row lane, into libyaml's tree."""
    assert 6 == read_by_the_row_lane(rows_ledger())


def test_the_row_lane_gives_up_on_a_list_whose_rows_it_never_reads() -> None:
    """Rows that each hold a line the row lane does not read (a key with a space) would cost a
    cut per row on top of the line lane: after _LANE_PATIENCE short runs the row lane is not
    tried on that list again, per list, and the tree is still libyaml's."""
    odd = "".join(ROW.format(n=n).replace("\n", "\n        my note: x\n", 1) for n in range(200))
    text = rows_ledger(odd) + "  - name: T2\n    appropriations:\n" + odd
    assert agrees_with_libyaml(text)
    calls = 0
    read = fastpath._RowLane.read

    def counting(lane: fastpath._RowLane, *args: object) -> object:
        nonlocal calls
        calls += 1
        return read(lane, *args)  # type: ignore[arg-type]

    with mock.patch.object(fastpath._RowLane, "read", counting), lane("row"):
        fastpath.parse_simple(text)
    # Per list: the first run reads the three plain rows, then the odd ones miss; without
    # giving up it would be tried at each of the 400 odd rows.
    assert calls <= 2 * (fastpath._LANE_PATIENCE + 1) < 100


@contextmanager
def small_cuts(first: int = 1, most: int = 64) -> Iterator[None]:
    """Make the row lane cut the text into tiny pieces, so cuts fall everywhere."""
    with (
        mock.patch.object(fastpath, "_FIRST_CUT", first),
        mock.patch.object(fastpath, "_MOST_CUT", most),
    ):
        yield


@pytest.mark.parametrize("first", [1, 7, 30, 100, 400])
def test_the_row_lane_agrees_wherever_its_cuts_fall(first: int) -> None:
    """However the text is cut into pieces for the tokens, the rows are the same."""
    with small_cuts(first, 4 * first):
        assert 6 == read_by_the_row_lane(rows_ledger())


ROW_EDGES = [
    "      - id: A\n        # a comment inside the row\n        title: x\n",
    "      - id: A\n        description: >-\n          x\n          # text, not a comment\n",
    "      - id: A\n        description: >-\n          x\n        # c\n        amount: 1\n",
    "      - id: A\n        description: >-\n            x\n          # c\n        amount: 1\n",
    "      - id: A\n        description: >-\n          x\n      # c\n",
    "      - id: A\n        description: >-\n          x\n# c\n",
    '      - id: A\n        title: "a: b #c"\n', "      - id: A\n        title: 'a: b #c'\n",
    "      - id: A\n        title: abc:\n", "      - id: A\n        title: a: b\n",
    "      - id: A\n        title: a #b\n", "      - id: A\n        title: a#b\n",
    "      - id: A\n        title: a:b\n", "      - id: A\n        title: abc   \n",
    "      - id: A   \n        amount: 5 # c  \n", "      - id: A\n        title: a  b\n",
    "      - id: A\n        title: abc\n          def\n",
    "      - id: A\n        title: abc\n  def\n",
    "      - id: A\n         title: x\n", "      - id: A\n       title: x\n",
    "      - {id: A, amount: 1}\n", "      - id: A\n        profile: {2016: 1, 2017: 2} # c\n",
    "      - id: A\n        profile: { 2016: 1 ,2017: 2 }\n", "      - id: A\n        p: {}\n",
    "      - id: A\n        profile: {2016: 1\n", "      - id: A\n        profile: {2016: [1]}\n",
    "      - id: A\n        profile: {2016: 1} x\n", "      - id: A\n        p: {a: 'x'}\n",
    "      - id: A\n        description: >-\n          a\n\n          b\n",
    "      - id: A\n        description: >\n          a\n\n        amount: 1\n",
    "      - id: A\n        description: >-\n          a\n\n\n      - id: B\n",
    "      - id: A\n        description: >-\n          a\n          \n        amount: 1\n",
    "      - id: A\n        description: |+\n          a\n", "      - id: A\n        d: >2\n   a\n",
    "      - id: A\n        description: >-\n          a\n            b\n",
    "      - id: A\n        description: >-\n            a\n          b\n",
    "      - id: A\n        description: |-\n            a\n            b\n        c: 1\n",
    "      - id: A\n        p:\n            2016: 1\n          2017: 2\n",
    "      - id: A\n        p:\n            2016: 1\n            2017: 2\n        c: 1\n",
    "      - id: A\n        description: >-\n\n          a\n", "      - id: A\n        d: >-\n",
    "      - id: A\n        description: >- # c\n          a\n",
    "      - id: A\n        description: >-\n        a\n", "      - description: |\n          a\n",
    "      - id: A\n        profile:\n          2016: 1\n          2017: 2\n",
    "      - id: A\n        profile:\n          2016: 1\n          # c\n          2017: 2\n",
    "      - id: A\n        profile:\n          2016: 1\n            2017: 2\n",
    "      - id: A\n        profile:\n          2016: 1\n\n          2017: 2\n",
    "      - id: A\n        profile:\n          2016: 1\n         2017: 2\n",
    "      - id: A\n        profile:\n        2016: 1\n", "      - id: A\n        profile:\n",
    "      - id: A\n        profile:\n          - 1\n", "      - profile:\n          2016: 1\n",
    "      - id: A\n        profile: # c\n          2016: 1\n",
    "      - id: A\n        profile:\n          2016: 'x''y'\n          2017: \"\\u00e6\"\n",
    "      - id: A\n        profile:\n          2016:\n            a: 1\n",
    '      - id: A\n        title: "a\\"b\\u00e6\\/\\\\"\n',
    '      - id: A\n        title: "a\\x41"\n',
    "      - id: A\n        title: 'it''s'\n", "      - id: A\n        title: 'it's'\n",
    '      - id: A\n        title: ""\n', "      - id: A\n        title: ''\n",
    "      - id: A\n        amount: -5\n", "      - id: A\n        amount: - 5\n",
    "      - id: A\n        amount: -\n", "      - id: A\n        title: :x\n",
    "      - id: A\n        title: ?x\n", "      - id: A\n        title: \xa0x\n",
    "      - id: A\n        a.b-c_2: 1\n", "      - id: A\n        my key: 1\n",
    "      - id: A\n        id: B\n", "      - id: A\n        title: ~\n",
    "      - id: A\n        title: &a x\n", "      - id: A\n        title: *a\n",
    "      - id: A\n        title: !!str x\n", "      - id: A\n        title: [1]\n",
    "      - id: A\n        title: x\n---\n", "      - id: A\n...\n", "      -   id: A\n",
    "      -\n        id: A\n", "      - - A\n", "      - id: A\n      title: x\n",
    "      - ? id\n        : A\n", "      - id: A\n        title: |\n          x\n\n        a: 1\n",
    "  - name: T2\n    appropriations:\n      - id: A\n",
    "  - name: T2\n    appropriations:\n    - id: A\n      description: >-\n        x\n"
    "    - id: B\n",
    "\n  # next table\n\n  - name: T2\n    appropriations:\n      - id: A\n",
]  # fmt: skip


@pytest.mark.parametrize("edge", ROW_EDGES)
def test_the_row_lane_agrees_at_its_edges(edge: str) -> None:
    """Comments, quotes with `: ` and ` #`, values ending in `:`, trailing spaces, deeper
    lines, keys at the wrong column, flow rows, blank lines in and after block scalars,
    nested mappings, escapes and the next table: libyaml's tree, or left to libyaml."""
    for first in (4096, 1, 50):
        with small_cuts(first, 4 * first):
            agrees_with_libyaml(rows_ledger(edge))
            agrees_with_libyaml(rows_ledger(edge, rows=1))
            agrees_with_libyaml(rows_ledger(edge, rows=0))


@pytest.mark.parametrize(
    "tail",
    ["", "\n", "\n\n", "   ", "# c", "  - name: T2\n", "x: 1\n", "          more\n", "   \n"],
)
def test_the_row_lane_agrees_at_the_end_of_the_file(tail: str) -> None:
    """The last row ends the file: with or without a newline, blank lines, spaces, a
    comment, the next table, a key of the root, or a line deeper than the row."""
    endings = [
        "      - id: Z\n        amount: 1", "      - id: Z\n        d: >-\n          x",
        "      - id: Z\n        d: >-\n          x\n",
        "      - id: Z\n        p:\n          2016: 1",
        "      - id: Z\n        p: {2016: 1}", "      - id: Z\n        t: 'x'",
    ]  # fmt: skip
    for ending in endings:
        for text in (rows_ledger(ending + tail), rows_ledger(ending + "\n" + tail)):
            for first in (4096, 1, 13):
                with small_cuts(first, 4 * first):
                    agrees_with_libyaml(text)


def test_the_row_lane_leaves_crlf_and_tabs_to_libyaml() -> None:
    """Carriage returns and tabs anywhere send the whole text to libyaml."""
    text = rows_ledger()
    assert [None, None] == parse_both(text.replace("\n", "\r\n"))
    assert [None, None] == parse_both(text.replace("Mikrolån 2", "Mikrolån\t2"))


def test_the_row_lane_reads_rows_at_any_column() -> None:
    """Indentless lists and deeper ones: the row lane follows the dashes' column."""
    for indent in (0, 1, 4, 9):
        pad = " " * indent
        row = f"{pad}- id: A\n{pad}  d: >-\n{pad}     x\n{pad}  p:\n{pad}     2016: 1\n"
        text = f"format: bevilling/1\ntables:\n- name: T1\n  rows:\n    x:\n{row}{row}"
        agrees_with_libyaml(text)
        assert agrees_with_libyaml(f"rows:\n{row}{row}{row}")


def test_the_row_lane_reads_only_texts_large_enough_to_repay_its_patterns() -> None:
    """The row lane's patterns cost 1.5 to 2.5 ms to compile (start-up): a text shorter than
    _ROW_LANE_MIN_SIZE (the shipped ledgers: 3 to 11 KB) is read by the line lane alone, and
    its patterns are not compiled; a longer one is read by the row lane."""
    read = fastpath._RowLane.read
    runs: list[int] = []

    def counting(lane_: fastpath._RowLane, *args: object) -> object:
        runs.append(len(lane_.text))
        return read(lane_, *args)  # type: ignore[arg-type]

    small = rows_ledger(rows=30)
    large = rows_ledger(rows=400)
    assert len(small) < fastpath._ROW_LANE_MIN_SIZE <= len(large)
    with mock.patch.object(fastpath._RowLane, "read", counting):
        assert fastpath.parse_simple(small) is not None
        assert [] == runs
        assert fastpath.parse_simple(large) is not None
    assert {len(large)} == set(runs)


def test_the_row_lane_reads_a_long_run_in_several_cuts() -> None:
    """A table of more rows than one cut holds is read whole, cut after cut."""
    text = rows_ledger(rows=300)
    assert len(text) > 2 * fastpath._MOST_CUT
    assert 600 == read_by_the_row_lane(text)


ROW_MUTATIONS = st.sampled_from(
    [" ", "  ", "-", "- ", ":", ": ", "#", " #", "'", '"', "''", "\n", "\n  ", "\n- ", "{",
     "}", "[", "|", ">", "?", ",", "\\", "~", "x", "ø", "\xa0", "\n\n", "\n    ", "\n      ",
     "\n        ", "\n          ", "\n            ", "\n      - id: Z\n", ">-\n", "|\n",
     "\n          x\n", "2016: 1\n", "{a: 1}", "\\u00e6", '\\"', "-\n", "&", "!", "%", "@"]
)  # fmt: skip


@given(
    st.lists(st.tuples(st.integers(0, len(rows_ledger(rows=2))), ROW_MUTATIONS, st.booleans()),
             max_size=4),
    st.sampled_from([4096, 1, 9, 60]),
)  # fmt: skip
def test_the_row_lane_never_disagrees_with_libyaml(
    edits: list[tuple[int, str, bool]], first: int
) -> None:
    """After any small edit of rows the row lane reads, the fast path declines or matches."""
    text = rows_ledger(rows=2)
    for position, piece, delete in edits:
        text = text[:position] + ("" if delete else piece) + text[position + (1 if delete else 0) :]
    with small_cuts(first, 4 * first):
        agrees_with_libyaml(text)


def test_the_latin_1_check_refuses_what_the_pattern_refuses() -> None:
    """The bytes the quick check lets through are those _NOT_SIMPLE does not refuse, and a
    refused character is found in Latin-1 text and in other text, at any place."""
    allowed = [code for code in range(256) if not fastpath._NOT_SIMPLE.match(chr(code))]
    assert allowed == list(fastpath._SIMPLE_LATIN_1)
    with mock.patch.object(fastpath, "_CHECK_SIZE", 7):
        for text in ("a: æ\n" * 5, "a: €\n" * 5):
            assert not fastpath._has_refused_characters(text)
            for position in range(len(text)):
                for refused in ("\t", "\x85", "\u2028", "\ufeff", "\x00"):
                    spoilt = text[:position] + refused + text[position:]
                    assert fastpath._has_refused_characters(spoilt)


def handed_over(parse: Callable[..., object], text: str) -> list[object]:
    """The tables ``parse`` hands to the hook, in order: index, and the table as parsed."""
    seen: list[object] = []

    def hook(table: yt.Mapping, index: int, root: yt.Mapping) -> yt.Node:
        seen.append((index, shape(table), [key for key, _, _ in root.pairs]))
        return yt.Converted(table.line, table.end_line, index)

    parse(text, hook)
    return seen


@pytest.mark.parametrize(
    "tables",
    [
        "  - name: T2\n    appropriations:\n      - id: A\n",
        "  - id: A\n    amount: 1\n  - id: B\n    amount: 2\n    d: >-\n      x\n  - id: C\n",
        "  - name: T2\n  - name: T3\n    p:\n      2016: 1\n",
    ],
)
def test_the_row_lane_hands_over_each_table_as_the_line_lane_does(tables: str) -> None:
    """Streaming: every table (also a run of table items that look like rows) is handed to
    the hook once, as soon as it is complete, as libyaml's parser hands it over."""
    text = rows_ledger(tail=tables)
    assert agrees_with_libyaml(text)
    expected = handed_over(yt.parse_tree, text)
    for first in (4096, 1, 50):
        with small_cuts(first, 4 * first), lane("row"):
            assert expected == handed_over(fastpath.parse_simple, text)


@pytest.mark.parametrize("header", [">", "|", ">-", "|-"])
@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_a_block_scalar_at_the_end_of_the_file_keeps_a_line_break_only_if_there_is_one(
    header: str, ending: str
) -> None:
    """A clipped block scalar that is the last value of a file without a final line break
    ends without one, as in libyaml (found by the differential attack of session 5: the fast
    path added a line break)."""
    text = rows_ledger() + f"      - id: X\n        description: {header}\n          Linje 1\n"
    text += "          Linje 2" + ending
    assert agrees_with_libyaml(text)


def test_every_refused_character_is_unprintable() -> None:
    """_has_refused_characters and _unescape skip _NOT_SIMPLE (compiled only then: start-up)
    for text that is printable once its line feeds are taken out: right only if every
    character it refuses is unprintable and the line feed is not refused.  Over all of
    Unicode; and a `\\uXXXX` escape is decoded exactly when its character is not refused."""
    printable = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if chr(code).isprintable() and fastpath._NOT_SIMPLE.match(chr(code))
    ]
    assert [] == printable
    assert fastpath._NOT_SIMPLE.match("\n") is None
    differ = [
        f"U+{code:04X}"
        for code in range(0x10000)
        if (fastpath._double_quoted(f'"\\u{code:04x}"', 1) is None)
        != bool(fastpath._NOT_SIMPLE.match(chr(code)))
    ]
    assert [] == differ


@given(
    st.lists(
        st.text(st.characters(exclude_categories=()), max_size=3)
        | st.sampled_from(["\n", "\t", "\x85", "\u2028", "\ufeff", "\ud800", "\xa0", "\xad",
                           "€", "æ", "a: 1", "\uffff", "\U0001f600"]),
        max_size=8,
    ).map("".join)
)  # fmt: skip
def test_the_refused_character_check_is_the_pattern(text: str) -> None:
    """On any text (any code point, surrogates too, Latin-1 or not, in any part, tested for
    printable characters first or not), the fast path refuses the text exactly when
    _NOT_SIMPLE finds a character in it."""
    for size, first in [(fastpath._CHECK_SIZE, fastpath._PRINTABLE_FIRST), (5, 5), (5, 0)]:
        with (
            mock.patch.object(fastpath, "_CHECK_SIZE", size),
            mock.patch.object(fastpath, "_PRINTABLE_FIRST", first),
        ):
            assert bool(fastpath._NOT_SIMPLE.search(text)) == fastpath._has_refused_characters(text)
