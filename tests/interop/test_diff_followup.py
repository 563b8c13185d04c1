"""Tests for bevilling.interop.diff_followup: changes and spending in `bevilling diff`."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

import bevilling
from bevilling.interop import diff, git_ledger_texts, load_texts, render_diff
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "followup"


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(EXAMPLE, folder)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def changed(tmp_path: Path) -> tuple[Path, Path]:
    """The example, and a copy with more spending on D11 and a later forlængelse of D03."""
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _edit(new / "forbrug-2016-h1.yaml", "months: 1-6, amount: 400}", "months: 1-6, amount: 450}")
    _edit(new / "aendringer.yaml", "    expires: 2016\n", "    expires: 2017\n")
    _edit(new / "aendringer.yaml", "    amount: -250\n", "    amount: -200\n")
    return old, new


def test_diff_lists_sums_and_expiries_that_changed(changed: tuple[Path, Path]) -> None:
    """Per appropriation and year the sums of changes and spending, and the expiry of a
    forlængelse; nothing else of the follow-up."""
    old, new = changed
    result = diff(bevilling.load(old), bevilling.load(new))
    assert [
        ("D03", None, "expires", "2016", "2017"),
        ("D11", 2016, "spent", Decimal(400), Decimal(450)),
        ("D13", 2016, "changes", Decimal(-250), Decimal(-200)),
    ] == [(c.appropriation, c.year, c.what, c.old, c.new) for c in result.followup]
    assert not result.empty
    assert diff(bevilling.load(old), bevilling.load(old)).empty


def test_diff_renders_the_section(changed: tuple[Path, Path]) -> None:
    """Text and Markdown in Danish, JSON with decimal strings."""
    old, new = changed
    result = diff(bevilling.load(old), bevilling.load(new))
    text = render_diff(result)
    assert (
        "Ændringer og forbrug (t.kr.):\n"
        "  D03: udløb: 2016 → 2017\n"
        "  D11 2016: forbrug: 400 → 450 (ændring +50)\n"
        "  D13 2016: ændringer: -250 → -200 (ændring +50)\n"
    ) in text
    assert "| D11 2016: forbrug | 400 | 450 | +50 |" in render_diff(result, "markdown")
    data = json.loads(render_diff(result, "json"))
    assert {"appropriation": "D11", "year": 2016, "what": "spent", "old": "400",
            "new": "450", "kind": None} == data["followup"][1]  # fmt: skip


def test_markdown_escapes_ids(tmp_path: Path) -> None:
    """An id from a spending file cannot add markup to a pull-request comment."""
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "f.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: DKK\nspending:\n"
        "  - {appropriation: '| <script> # x', year: 2016, amount: 5}\n",
        encoding="utf-8",
    )
    text = render_diff(diff(bevilling.LedgerSet(), bevilling.load(folder)), "markdown")
    assert "<script>" not in text
    assert "| <script" not in text


def test_git_revisions_load_change_and_spending_files(tmp_path: Path) -> None:
    """`diff --git REV` reads the change and spending files of the revision too."""
    if shutil.which("git") is None:  # pragma: no cover
        pytest.skip("git is not installed")
    repo = _copy(tmp_path, "repo")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x")
    loaded = load_texts(git_ledger_texts("HEAD", ["."], cwd=str(repo)))
    assert (5, 23, 3) == (len(loaded.changes), len(loaded.spending), len(loaded.record_files))


def _texts(result: object) -> list[tuple[object, ...]]:
    return [
        (c.appropriation, c.year, c.kind, c.what, c.old, c.new)
        for c in result.followup  # type: ignore[attr-defined]
        if c.kind is not None
    ]


def test_a_changed_decision_or_note_is_shown(tmp_path: Path) -> None:
    """`diff` compared figures only: a corrected `decision:` (the reference a memo cites) or
    `note:` showed "no changes". Each text that differs is a line of its own, with the record's
    kind, appropriation and year; texts of records that did not change are not shown."""
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _edit(new / "aendringer.yaml", "BIU 14.03.2016 pkt. 5", "BIU 14.03.2016 pkt. 6")
    _edit(new / "aendringer.yaml", "til Husum\n", "til Husum og Tingbjerg\n")
    _edit(new / "aendringer.yaml", "BIU 09.03.2015 pkt. 4", "BIU 09.03.2015 pkt. 3")
    result = diff(bevilling.load(old), bevilling.load(new))
    assert [
        ("D02", 2015, "tillægsbevilling", "decision", "BIU 09.03.2015 pkt. 4",
         "BIU 09.03.2015 pkt. 3"),
        ("D02", 2015, "tillægsbevilling", "note",
         "Udvidelse af den fremskudte indsats til Husum",
         "Udvidelse af den fremskudte indsats til Husum og Tingbjerg"),
        ("D13", 2016, "tillægsbevilling", "decision", "BIU 14.03.2016 pkt. 5",
         "BIU 14.03.2016 pkt. 6"),
    ] == _texts(result)  # fmt: skip
    assert not result.empty
    assert (
        '  D13 2016 (tillægsbevilling): beslutning: "BIU 14.03.2016 pkt. 5" →'
        ' "BIU 14.03.2016 pkt. 6"\n'
    ) in render_diff(result)
    assert (
        '  D13 2016 (supplementary appropriation): decision: "BIU 14.03.2016 pkt. 5" →'
        ' "BIU 14.03.2016 pkt. 6"\n'
    ) in render_diff(result, locale="en")
    record = json.loads(render_diff(result, "json"))["followup"][-1]
    assert {"appropriation": "D13", "year": 2016, "what": "decision", "kind": "tillægsbevilling",
            "old": "BIU 14.03.2016 pkt. 5", "new": "BIU 14.03.2016 pkt. 6"} == record  # fmt: skip


def test_records_moved_or_copied_in_the_file_are_matched_by_their_figures(tmp_path: Path) -> None:
    """Records have no id: one that moved in the file is still itself (no text change), a
    decision removed (`decision:` left out) is a change to none, and when two records of the
    same kind for the same appropriation both changed their figures nothing is paired by
    guess (their sums show)."""
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    path = new / "aendringer.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  # A tillægsbevilling")
    second = text.index("  # An omplacering")
    moved = text[:first] + text[second:] + text[first:second]  # the first record last
    path.write_text(moved.replace("    decision: BIU 08.06.2015 pkt. 7\n", ""), encoding="utf-8")
    result = diff(bevilling.load(old), bevilling.load(new))
    assert [("D08, D09", 2015, "omplacering", "decision", "BIU 08.06.2015 pkt. 7", None)] == (
        _texts(result)
    )
    assert "–" in render_diff(result).splitlines()[1]


def test_decision_texts_reach_no_output_unsafe(tmp_path: Path) -> None:
    """A decision holding a line break, an escape sequence or Markdown cannot break the
    terminal line or add markup to the pull-request comment."""
    old, new = _copy(tmp_path, "old"), _copy(tmp_path, "new")
    _edit(
        new / "aendringer.yaml",
        "decision: BIU 14.03.2016 pkt. 5",
        'decision: "x\\n| <script> \\e[2J"',
    )
    result = diff(bevilling.load(old), bevilling.load(new))
    text = render_diff(result)
    assert '"x\\x0a| <script> \\x1b[2J"' in text
    markdown = render_diff(result, "markdown")
    assert "<script>" not in markdown
    assert "\x1b" not in markdown
    line = next(x for x in markdown.splitlines() if "beslutning" in x)
    assert 5 == line.count(" | ") + 2  # no extra column: | label | før | efter | ændring |
