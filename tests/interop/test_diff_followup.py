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
            "new": "450"} == data["followup"][1]  # fmt: skip


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
