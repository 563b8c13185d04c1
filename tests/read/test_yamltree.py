"""Tests for bevilling.read.yamltree: YAML text → text nodes with lines, safely."""

from __future__ import annotations

import subprocess
import sys
import warnings

import pytest

from bevilling.i18n.catalogs import use_locale
from bevilling.read import yamltree as yt
from tests.conftest import ROOT


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
    assert "... og flere [yaml-tag]-fejl herfra" == problems[-1].message


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
    from bevilling.read import fastpath
    from tests.conftest import ROOT

    # The shipped ledgers all take the fast path; make this one go through the parser.
    monkeypatch.setattr(fastpath, "parse_simple", lambda text, on_table=None: None)
    monkeypatch.setattr(yt, "_CParser", None)
    monkeypatch.setattr("warnings.showwarning", warnings.showwarning)
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        assert 0 == main(["list", str(ROOT / "ledger" / "udsatte-2015.yaml"), "--format", "json"])
    err = capsys.readouterr().err
    assert err.startswith("bevilling: advarsel: PyYAML har ingen libyaml-parser (C)")


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r"])
def test_yaml_only_line_breaks_do_not_shift_line_numbers(separator: str) -> None:
    """A line or paragraph separator, NEL or lone CR in a quoted value: later lines stay true."""
    root, problems = yt.parse_tree(f'a: "x{separator}y"\nb: 1\nc: [\n')
    assert [("yaml-syntax", 4)] == [(p.code, p.line) for p in problems]
    root, _ = yt.parse_tree(f'a: "x{separator}y"\nb: 1\n')
    assert isinstance(root, yt.Mapping)
    assert [("a", 1), ("b", 2)] == [(key, line) for key, line, _ in root.pairs]


def test_a_tab_in_the_indentation_is_named_with_line_and_column() -> None:
    """libyaml's "cannot start any token" becomes: this line is indented with a tab, here."""
    _, problems = yt.parse_tree("a:\n  b: 1\n \tc: 2\n")
    assert [
        (
            3,
            "linje 3 er indrykket med et tabulatortegn (kolonne 2); YAML indrykker kun med"
            " mellemrum",
        )
    ] == [(p.line, p.message) for p in problems]
    with use_locale("en"):
        _root, problems = yt.parse_tree("a:\n  b: 1\n \tc: 2\n")
    assert [(3, "line 3 is indented with a tab (column 2); YAML indents with spaces only")] == [
        (p.line, p.message) for p in problems
    ]


def test_libyaml_s_common_complaints_are_translated() -> None:
    """What libyaml says most often reads in the user's language; the rest is quoted as is."""
    _root, problems = yt.parse_tree("a: [1, 2\n")
    assert [
        "filen er ikke gyldig YAML: det forventede ',' eller ']' mangler (i en liste skrevet"
        " med [ ])"
    ] == [p.message for p in problems]
    with use_locale("en"):
        _root, problems = yt.parse_tree("a: [1, 2\n")
    assert [
        "the file is not valid YAML: did not find expected ',' or ']' (while parsing a flow"
        " sequence)"
    ] == [p.message for p in problems]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &\n", "der mangler et bogstav eller ciffer (i et anker, &navn)"),
        ("a: !<x\n", "det forventede '>' mangler (i et tag, !navn)"),
        (
            "a: >x\n",
            "der mangler en kommentar eller et linjeskift (i en tekst over flere linjer,"
            " skrevet med | eller >)",
        ),
        (
            "%x\n---\na: 1\n",
            "fandt et ukendt direktiv (i et direktiv, en linje der begynder med %)",
        ),
        (
            "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
            "fandt %YAML-direktivet to gange",
        ),
    ],
)
def test_libyaml_s_rarer_complaints_are_danish_too(text: str, expected: str) -> None:
    """A broken anchor, tag, block scalar or directive gets a Danish sentence, not libyaml's
    English inside a Danish one ("did not find expected comment or line break")."""
    _root, problems = yt.parse_tree(text)
    assert ["filen er ikke gyldig YAML: " + expected] == [p.message for p in problems]


def test_deep_flow_nesting_stops_the_parse_at_the_limit() -> None:
    """`[[[[...` past MAX_DEPTH ends reading there (libyaml's cost grows with its square)."""
    root, problems = yt.parse_tree("a: " + "[" * 100_000 + "\n")
    assert (None, [("too-deep", 1)]) == (root, [(p.code, p.line) for p in problems])


def test_deep_block_nesting_is_skipped_and_reading_goes_on() -> None:
    """Block nesting past the limit is skipped (it cannot be cheap to write): the rest is read."""
    deep = "".join(" " * level + "- \n" for level in range(40))
    root, problems = yt.parse_tree("a:\n" + deep + "b: 1\n")
    assert isinstance(root, yt.Mapping)
    assert (["a", "b"], ["too-deep"]) == ([k for k, _, _ in root.pairs], [p.code for p in problems])


def test_a_second_import_of_yaml_still_ends_the_stream() -> None:
    """pytest's in-process runs drop modules and import them anew; libyaml's extension keeps
    the event classes of the first import, so a test by ``yaml.StreamEndEvent`` never saw the
    end and `pytest --bevilling-strict` after another in-process run looped forever. The tree
    takes its classes from the module that makes the events."""
    import subprocess
    import sys

    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T, category: driftsmidler, appropriations: [\n"
        "      {id: A1, title: 'x, y', amount: 1, expires: 2016}]}\n"
    )
    code = (
        "import sys, bevilling\n"
        f"text = {text!r}\n"
        "first = bevilling.load_string(text, 'a.yaml')\n"
        "for name in [m for m in sys.modules if m.split('.')[0] in ('yaml', 'bevilling')]:\n"
        "    del sys.modules[name]\n"
        "import bevilling\n"
        "again = bevilling.load_string(text, 'a.yaml')\n"
        "print(len(first.problems), len(again.problems), [e.appropriation.title for e in "
        "again.entries()])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "0 0 ['x, y']\n" == done.stdout


def test_pyyaml_is_imported_by_the_first_parse_only() -> None:
    """Importing the tree module (as the fast path does) does not import PyYAML: the usual
    ledgers are read without it, and its import is a tenth of a report's start-up."""
    code = (
        "import sys; import bevilling.read.yamltree as yt; before = 'yaml' in sys.modules;"
        " yt.parse_tree('a: 1\\n'); print(before, 'yaml' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False True" == done.stdout.strip()
