"""Tests for bevilling.interop.git: the revision a folder of ledgers is at (for the HTML page).

(`git_ledger_texts` and `load_texts` are tested with the diff they serve, in test_diff.py; here
the words of a git failure.)
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


def test_git_failures_are_told_in_danish_with_git_s_words_as_a_detail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`diff --git` passed git's English ("fatal: not a git repository ...", "fatal: Not a
    valid object name x") on as the whole message; each failure says what it means in the
    user's language, git's own words quoted at the end (git runs with LC_ALL=C, so they are
    told apart whatever the user's LANG), and English under --locale en."""
    from bevilling.i18n.catalogs import use_locale
    from bevilling.interop import GitError, git_ledger_texts

    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    with pytest.raises(GitError) as raised:
        git_ledger_texts("HEAD", ["."], cwd=str(outside))
    assert str(raised.value) == (
        "bevillingsfilerne ligger ikke i et git-repository, så der er ingen version at"
        " sammenligne med; angiv GAMMEL og NY som to filer eller mapper (git siger: 'fatal:"
        " not a git repository (or any of the parent directories): .git')"
    )
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    with use_locale("en"), pytest.raises(GitError) as raised:
        git_ledger_texts("v2", ["."], cwd=str(repo))
    assert str(raised.value) == (
        "git knows no revision 'v2': give a branch, a tag or a commit id (`git log --oneline`"
        " lists them) (git says: 'fatal: Not a valid object name v2')"
    )
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    with pytest.raises(GitError) as raised:
        git_ledger_texts("HEAD", ["."], cwd=str(repo))
    assert str(raised.value) == (
        "kan ikke køre git (filen eller mappen findes ikke): `diff --git` kræver, at git er"
        " installeret; eller angiv GAMMEL og NY som to filer eller mapper"
    )


def test_ledgers_in_a_repository_are_read_from_outside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cd /tmp && bevilling diff --git HEAD /srv/repo/ledger` said the ledgers were not in a
    git repository (git ran in the current directory: attack 7 #41): git runs in the folder of
    each path, and the files are named as the paths given spell them."""
    from bevilling.cli import main
    from bevilling.interop import git_ledger_texts

    repo = tmp_path / "repo"
    (repo / "ledger").mkdir(parents=True)
    ledger = repo / "ledger" / "a.yaml"
    ledger.write_text("format: bevilling/1\n", encoding="utf-8")
    (repo / "ledger" / "b.yaml").write_text("format: bevilling/1\ntitle: B\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "1")
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(outside)
    folder = str(repo / "ledger")
    assert {
        f"{folder}/a.yaml": "format: bevilling/1\n",
        f"{folder}/b.yaml": "format: bevilling/1\ntitle: B\n",
    } == git_ledger_texts("HEAD", [folder])
    assert [f"{folder}/a.yaml"] == list(git_ledger_texts("HEAD", [str(ledger)]))
    monkeypatch.chdir(repo)
    assert ["ledger/a.yaml", "ledger/b.yaml"] == list(git_ledger_texts("HEAD", ["ledger/"]))
    assert ["ledger/a.yaml"] == list(git_ledger_texts("HEAD", ["ledger/a.yaml"]))
    monkeypatch.chdir(repo / "ledger")
    assert ["a.yaml", "b.yaml"] == list(git_ledger_texts("HEAD", ["."]))
    monkeypatch.chdir(outside)
    assert 2 == main(["diff", "--git", "HEAD", str(outside)])  # really outside: told so
