"""The hostile corpus in tests/hostile/: each file and the exact problems it must produce.

Every file is something a user, a converter or an attacker could put in a ledger directory.
The loader must answer each with problems that have a file and a line, quickly, and never
with an exception, a hang, memory exhaustion or a silent misread.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from bevilling.read import load

HOSTILE = Path(__file__).parent / "hostile"

MISSING_HEADER = [("missing-field", 1)] * 4

EXPECTED: dict[str, list[tuple[str, int]]] = {
    "alias-bomb.yaml": [*MISSING_HEADER, ("yaml-alias", 2)]
    + [("unknown-field", line) for line in range(2, 11)],
    "bom.yaml": [],
    "control-char.yaml": [("yaml-syntax", 9)],
    "crlf.yaml": [],
    "danish-notation-english-grouping.yaml": [("ambiguous-number", 11), ("ambiguous-number", 12)],
    "deep-block-nesting.yaml": [*MISSING_HEADER, ("unknown-field", 2), ("too-deep", 34)],
    "deep-nesting.yaml": [*MISSING_HEADER[:3], ("too-deep", 2), ("wrong-type", 2)],
    "duplicate-keys.yaml": [("duplicate-key", line) for line in (3, 8, 10, 14, 15, 19)],
    "empty.yaml": [("empty-file", 1)],
    "format-2.yaml": [("bad-format", 1)],
    "key-is-a-list.yaml": [*MISSING_HEADER, ("wrong-type", 2), ("unknown-field", 2)],
    "latin1.yaml": [("not-utf8", 9)],
    "list-document.yaml": [("bad-format", 1)],
    "multiple-documents.yaml": [("multiple-documents", 10)],
    "not-a-ledger.yaml": [("bad-format", 1)],
    "nul-byte.yaml": [("not-utf8", 9)],
    "null-document.yaml": [("empty-file", 1)],
    "numbers-every-notation.yaml": [("ambiguous-number", 9), ("ambiguous-number", 10)]
    + [("bad-number", line) for line in range(11, 23)]
    + [("missing-field", 23)]
    + [("bad-number", line) for line in range(24, 28)],
    "only-comments.yaml": [("empty-file", 1)],
    "python-name.yaml": [("yaml-tag", 1)],
    "python-object-apply.yaml": [("yaml-tag", 9), ("wrong-type", 9)],
    "sexagesimal.yaml": [("bad-number", 9), ("bad-number", 10)],
    "tab-indent.yaml": [("yaml-syntax", 10)],
    "unclosed-quote.yaml": [("yaml-syntax", 10)],
    "utf16.yaml": [("not-utf8", 1)],
    "yaml11-booleans.yaml": [],
}


def test_the_corpus_and_the_table_agree() -> None:
    """Every file in tests/hostile/ has its expected problems listed here, and vice versa."""
    assert sorted(EXPECTED) == sorted(os.listdir(HOSTILE))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_exactly_its_problems(name: str) -> None:
    """Each hostile file produces exactly the listed (code, line) problems, in order."""
    result = load(HOSTILE / name)
    assert EXPECTED[name] == [(p.code, p.location.line) for p in result.problems]
    assert all(p.location.file == str(HOSTILE / name) and p.hint for p in result.problems)


def test_yaml_11_booleans_stay_text() -> None:
    """`NO`, `on`, `off`, `y`, `Yes` are the text written, not booleans."""
    (row,) = load(HOSTILE / "yaml11-booleans.yaml").ledgers[0].tables[0].appropriations
    assert ("yes", "NO", "on", "off", "y", "Yes") == (
        row.title, row.organisation, row.target_group, row.source, row.committee,
        row.description,
    )  # fmt: skip


def test_python_tags_are_never_constructed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Loading `!!python/object/apply:os.system` runs nothing."""
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    load(HOSTILE / "python-object-apply.yaml")
    assert [] == calls


def test_a_50_mb_scalar_is_read_without_trouble(tmp_path: Path) -> None:
    """A single 50 MB description loads (it is valid, if odd) in bounded time and memory."""
    path = tmp_path / "big.yaml"
    head = (HOSTILE / "crlf.yaml").read_text(encoding="utf-8").split("      - {")[0]
    path.write_text(
        head + "      - title: x\n        amount: 1\n        expires: 2016\n"
        "        description: " + "ø" * (25 * 1024 * 1024) + "\n",
        encoding="utf-8",
    )
    start = time.perf_counter()
    result = load(path)
    elapsed = time.perf_counter() - start
    assert ((), 25 * 1024 * 1024) == (
        result.problems,
        len(result.ledgers[0].appropriations[0].description or ""),
    )
    assert elapsed < 60  # a hang guard, not a benchmark


def test_a_directory_loop_through_a_symlink_ends(tmp_path: Path) -> None:
    """A symlink from a directory to its ancestor is not followed, so the walk ends."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "l.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    result = load(tmp_path)
    assert ((), 1) == (result.problems, len(result.ledgers))


def test_a_symlinked_file_twice_is_loaded_once(tmp_path: Path) -> None:
    """A ledger reachable by two names is one ledger, not a duplicate."""
    (tmp_path / "l.yaml").write_bytes((HOSTILE / "bom.yaml").read_bytes())
    (tmp_path / "m.yaml").symlink_to(tmp_path / "l.yaml")
    assert 1 == len(load(tmp_path).ledgers)


def test_a_dangling_symlink_is_unreadable(tmp_path: Path) -> None:
    """A link to nothing, named on the command line, is a path problem."""
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    assert ["unreadable"] == [p.code for p in load(tmp_path / "gone.yaml").problems]
