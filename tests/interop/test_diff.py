"""bevilling.interop.diff: what a change to the ledgers means, matched by id or by title."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings

import bevilling
from bevilling.interop.diff import GitError, diff, git_ledger_texts, load_texts, render_diff
from bevilling.write.dump import dump
from tests.strategies import ledger_sets

OLD = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1200, expires: 2016, source: Budgetaftale 2015}
          - {id: D2, title: Mentor, amount: 500, expires: 2015}
          - {id: D3, title: Rehabiliteringsteam, amount: 9600, expires: Faldende profil}
      - name: Tabel 2
        category: indsatsmidler
        appropriations:
          - {title: Uden id, organisation: JKI, amount: 100, expires: 2015}
    """
)
NEW = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1500, expires: 2017, source: Budgetaftale 2016}
          - {id: D4, title: Ny indsats, amount: 250.5, expires: 2016}
          - {id: D3, title: Rehabiliteringsteam, amount: 9600, expires: Faldende profil}
      - name: Tabel 2
        category: indsatsmidler
        appropriations:
          - {title: Indsat række, amount: 10, expires: 2015}
          - {title: Uden id, organisation: JKI, amount: 100, expires: 2015}
    """
)


def _set(text: str, file: str = "ledger/eksempel.yaml") -> bevilling.LedgerSet:
    loaded = bevilling.load_string(text, file)
    assert () == loaded.problems
    return loaded


def test_added_removed_and_changed_are_found_by_id_and_by_title() -> None:
    """D1 changed (amount, expiry, source), D2 removed, D4 added; the row without an id is
    matched by table, title and organisation although its position (derived id) moved."""
    result = diff(_set(OLD), _set(NEW))
    assert [
        ("changed", "D1", ("amount", "expires", "source")),
        ("added", "D4", ()),
        ("added", "Tabel 2 / Indsat række", ()),
        ("removed", "D2", ()),
    ] == [(c.status, c.key, tuple(f.field for f in c.fields)) for c in result.changes]
    assert [Decimal(300), Decimal("250.5"), Decimal(10), Decimal(-500)] == [
        c.amount_change for c in result.changes
    ]


def test_table_sums_and_grand_totals_change() -> None:
    """Each changed table's sum before and after; the grand total per phase in 1.000 kr."""
    result = diff(_set(OLD), _set(NEW))
    assert [
        ("Tabel 1 (Eksempel)", Decimal(11300), Decimal("11350.5")),
        ("Tabel 2 (Eksempel)", Decimal(100), Decimal(110)),
    ] == [(t.label, t.old, t.new) for t in result.tables]
    assert [("approved", Decimal(11400), Decimal("11460.5"), Decimal("60.5"))] == [
        (t.label, t.old, t.new, t.change) for t in result.totals
    ]


def test_text_rendering_in_danish() -> None:
    """The default text form, Danish numbers and words."""
    expected = textwrap.dedent(
        """\
        Tilføjet:
          + D4: Ny indsats (Tabel 1, 250,5 t.kr.) [ledger/eksempel.yaml:10]
          + Indsat række (Tabel 2, 10 t.kr.) [ledger/eksempel.yaml:15]

        Fjernet:
          - D2: Mentor (Tabel 1, 500 t.kr.) [ledger/eksempel.yaml:10]

        Ændret:
          ~ D1: Mikrolån (Tabel 1, 1.500 t.kr.) [ledger/eksempel.yaml:9]
              amount: 1.200 t.kr. → 1.500 t.kr.
              expires: 2016 → 2017
              source: Budgetaftale 2015 → Budgetaftale 2016

        Tabeller:
          Tabel 1 (Eksempel): 11.300 t.kr. → 11.350,5 t.kr. (ændring +50,5 t.kr.)
          Tabel 2 (Eksempel): 100 t.kr. → 110 t.kr. (ændring +10 t.kr.)

        I alt (t.kr.):
          vedtaget: 11.400 t.kr. → 11.460,5 t.kr. (ændring +60,5 t.kr.)
        """
    )
    assert expected == render_diff(diff(_set(OLD), _set(NEW)))


def test_markdown_rendering_in_english_for_a_pull_request() -> None:
    """Markdown: headings with counts, bold rows, tables of totals; English numbers."""
    text = render_diff(diff(_set(OLD), _set(NEW)), "markdown", locale="en")
    assert text.startswith("## Changes to appropriations\n### Added (2)\n- **D4: Ny indsats**")
    assert "  - amount: 1,200 DKK 1,000 → 1,500 DKK 1,000\n" in text
    assert "| approved | 11,400 DKK 1,000 | 11,460.5 DKK 1,000 | +60.5 DKK 1,000 |\n" in text


def test_json_rendering_keeps_amounts_as_strings() -> None:
    """JSON lists every change with both records and amounts as decimal strings."""
    record = json.loads(render_diff(diff(_set(OLD), _set(NEW)), "json"))
    assert {"field": "amount", "old": "1200 1000 DKK", "new": "1500 1000 DKK"} == record["changes"][
        0
    ]["fields"][0]
    expected = {"label": "approved", "unit": "1000 DKK", "old": "11400", "new": "11460.5",
                "change": "60.5", "old_stated": None, "new_stated": None}  # fmt: skip
    assert expected == record["totals"][0]


def test_a_unit_change_alone_is_no_change_of_money() -> None:
    """Rewriting a ledger from 1000 DKK to mio DKK with the same money changes nothing."""
    mio = OLD.replace("unit: 1000 DKK", "unit: mio DKK")
    for old, new in (("1200", "1.2"), ("500", "0.5"), ("9600", "9.6"), ("100,", "0.1,")):
        mio = mio.replace(f"amount: {old}", f"amount: {new}")
    result = diff(_set(OLD), _set(mio))
    assert () == result.changes
    assert () == result.tables


def test_no_changes() -> None:
    """Identical ledgers: nothing to report, said so in words."""
    result = diff(_set(OLD), _set(OLD))
    assert result.empty
    assert "Ingen ændringer i bevillingerne.\n" == render_diff(result)


@settings(max_examples=50, deadline=None)
@given(ledger_sets())
def test_a_ledger_set_compared_with_itself_has_no_changes(ledgers: bevilling.LedgerSet) -> None:
    """diff(x, x) is empty for any ledgers, and totals before and after are equal."""
    result = diff(ledgers, ledgers)
    assert () == result.changes
    assert all(t.change == 0 for t in result.totals)


@settings(max_examples=50, deadline=None)
@given(ledger_sets(), ledger_sets())
def test_total_change_is_the_sum_of_the_row_changes(
    old: bevilling.LedgerSet, new: bevilling.LedgerSet
) -> None:
    """The grand totals' change equals the sum of every appropriation's amount change."""
    result = diff(old, new)
    assert sum(t.change for t in result.totals) == sum(c.amount_change for c in result.changes)


# --- git -----------------------------------------------------------------------------------------

pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytestmark_git
def test_git_ledger_texts_reads_a_revision(tmp_path: Path) -> None:
    """The ledger files below the paths at a revision, as committed (not as in the tree)."""
    _git(tmp_path, "init", "-q")
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "eksempel.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "ledger" / "notes.txt").write_text("not a ledger", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "1")
    (tmp_path / "ledger" / "eksempel.yaml").write_text(NEW, encoding="utf-8")
    texts = git_ledger_texts("HEAD", ["ledger"], cwd=str(tmp_path))
    assert {"ledger/eksempel.yaml": OLD} == texts
    old = load_texts(texts)
    assert ["D1", "D2", "D3", "eksempel:2.1"] == [e.appropriation.id for e in old.entries()]


@pytestmark_git
def test_git_failure_is_a_git_error(tmp_path: Path) -> None:
    """An unknown revision (or no repository) raises GitError with git's message."""
    _git(tmp_path, "init", "-q")
    with pytest.raises(GitError, match="git ls-tree failed"):
        git_ledger_texts("no-such-revision", ["ledger"], cwd=str(tmp_path))


def test_dump_then_diff_shows_no_change() -> None:
    """A ledger rewritten by bevilling's writer means the same money: no diff."""
    ledger = _set(OLD).ledgers[0]
    assert diff(_set(OLD), _set(dump(ledger))).empty
