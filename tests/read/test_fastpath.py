"""Tests for bevilling.read.fastpath: the layouts people write, read without libyaml, as libyaml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def agrees_with_libyaml(text: str) -> bool:
    """If the fast path accepts ``text``, libyaml parses it cleanly into the same tree.

    Returns whether the fast path accepted it (so tests can check they exercise it).
    """
    fast = fastpath.parse_simple(text)
    if fast is None:
        return False
    reference, problems = yt.parse_tree(text)
    assert [] == [(p.code, p.line, p.message) for p in problems]
    assert shape(reference) == shape(fast)
    return True


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
    assert [] == [text for text in declined if fastpath.parse_simple(text) is not None]


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
