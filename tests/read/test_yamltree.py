"""Tests for bevilling.read.yamltree: YAML text → text nodes with lines, safely."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.read import yamltree as yt


def test_scalars_keep_their_text_and_lines() -> None:
    """Every scalar keeps the exact text written, and where it starts and ends."""
    root, problems = yt.parse_tree("a: 1.200\nb: |\n  x\n  y\nc: NO\n")
    assert [] == [p.code for p in problems]
    assert isinstance(root, yt.Mapping)
    values = [(k, v.value, v.line, v.end_line) for k, _, v in root.pairs  # type: ignore[union-attr]
              if isinstance(v, yt.Scalar)]  # fmt: skip
    assert [("a", "1.200", 1, 1), ("b", "x\ny\n", 2, 4), ("c", "NO", 5, 5)] == values
    assert (1, 5) == (root.line, root.end_line)


def test_plain_and_quoted_nulls_differ() -> None:
    """An unquoted ~ is null; a quoted '~' is the text ~."""
    root, _ = yt.parse_tree("a: ~\nb: '~'\nc:\n")
    assert isinstance(root, yt.Mapping)
    assert [True, False, True] == [v.is_null for _, _, v in root.pairs]  # type: ignore[union-attr]


def test_duplicate_keys_are_kept_for_the_reader() -> None:
    """YAML would keep only the last `a`; the tree keeps both so the loader can report it."""
    root, _ = yt.parse_tree("a: 1\na: 2\n")
    assert isinstance(root, yt.Mapping)
    assert [("a", 1), ("a", 2)] == [(k, line) for k, line, _ in root.pairs]


def test_libyaml_is_used() -> None:
    """The C parser is available in the test environment (it is 7-11 times faster)."""
    assert yt.HAS_LIBYAML


def test_too_many_tags_are_capped() -> None:
    """A file with thousands of tags yields a bounded list of problems."""
    text = "".join(f"k{i}: !!str v\n" for i in range(5000))
    _, problems = yt.parse_tree(text)
    assert yt.MAX_PER_CODE + 1 == len(problems)
    assert problems[-1].message.startswith("... and more [yaml-tag]")


def test_a_non_scalar_key_is_reported() -> None:
    """`? [a, b]: x` uses a list as a key, which no ledger does."""
    _, problems = yt.parse_tree("? [a, b]\n: x\n")
    assert ["wrong-type"] == [p.code for p in problems]


def test_the_slow_parser_is_never_used_silently(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml the pure-Python parser still works, and says how to get the C one."""
    monkeypatch.setattr(yt, "_CParser", None)
    with pytest.warns(yt.SlowParserWarning, match="libyaml-dev"):
        root, problems = yt.parse_tree("a: 1.200\n")
    assert ([], "1.200") == (problems, root.pairs[0][2].value)  # type: ignore[union-attr]


def test_the_cli_shows_the_slow_parser_warning_as_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling` prints library warnings as `bevilling: warning: ...`, not as a traceback."""
    from bevilling.cli import main
    from tests.conftest import ROOT

    monkeypatch.setattr(yt, "_CParser", None)
    monkeypatch.setattr("warnings.showwarning", warnings.showwarning)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert 0 == main(["list", str(ROOT / "ledger" / "udsatte-2015.yaml"), "--format", "json"])
    err = capsys.readouterr().err
    assert err.startswith("bevilling: warning: PyYAML has no libyaml (C) parser")


# --- the fast path agrees with libyaml -----------------------------------------------------------


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
    fast = yt.parse_simple(text)
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
    """Flow collections, block scalars, escapes, tabs, anchors and nulls go to libyaml."""
    declined = [
        "a: {b: 1}\n", "a: [1]\n", "a: |\n  x\n", "a: >-\n  x\n", 'a: "x\\ny"\n', "a:\tb\n",
        "a: &x 1\n", "a: *x\n", "a: !!str 1\n", "a:\n", "a:\n  b\n", "a: b\n  c\n", "- a\n",
        "a: 1\n---\nb: 2\n", "a: 'x\n", 'a: "x" y\n', "a: b: c\n", "? a\n: b\n", "a:b\n",
        "a: 1\r\nb: 2\n", "a: x\u2028y\n", "a: \x07\n", "a:\n  - b\n", "  a: 1\n b: 2\n",
    ]  # fmt: skip
    assert [] == [text for text in declined if yt.parse_simple(text) is not None]


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
     "2016: 1\n", "\n    ", "\n      - id: Z\n"]
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
