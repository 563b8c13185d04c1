"""Tests for bevilling.interop.git: the revision a folder of ledgers is at (for the HTML page).

(`git_ledger_texts` and `load_texts` are tested with the diff they serve, in test_diff.py.)
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bevilling.interop import GitRevision, git_revision

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def test_commit_and_uncommitted_changes(tmp_path: Path) -> None:
    """The commit of the ledgers' folder, and whether the ledgers differ from it; a file path
    counts as its folder; a folder outside git has no revision."""
    _git(tmp_path, "init", "-q")
    ledger = tmp_path / "ledger" / "a.yaml"
    ledger.parent.mkdir()
    ledger.write_text("format: bevilling/1\n", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "1")
    commit = _git(tmp_path, "rev-parse", "HEAD")
    assert GitRevision(commit, uncommitted=False) == git_revision([str(tmp_path / "ledger")])
    ledger.write_text("format: bevilling/1\ntitle: changed\n", encoding="utf-8")
    assert GitRevision(commit, uncommitted=True) == git_revision([str(ledger)])
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    assert git_revision([str(outside)]) is None
    assert git_revision([]) is None


def test_a_repository_without_commits_has_no_revision(tmp_path: Path) -> None:
    """`git init` without a commit: no revision, no exception."""
    _git(tmp_path, "init", "-q")
    assert git_revision([str(tmp_path)]) is None
