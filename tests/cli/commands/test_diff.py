"""Tests for bevilling.cli.commands.diff: ledgers with errors are compared as written, with one
warning per side after every load problem; the old side is checked as soon as it is loaded, the
new one after the diff."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from bevilling.cli import main

WRONG_TOTAL = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        stated_total: 1000
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1200, expires: 2016}
          - {id: D2, title: Mentor, amount: 500, expires: 2015}
    """
)
"""A ledger whose printed total does not hold: one `total-mismatch` error."""


def _files(tmp_path: Path) -> tuple[Path, Path]:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(WRONG_TOTAL, encoding="utf-8")
    new.write_text(WRONG_TOTAL.replace("amount: 500", "amount: 650"), encoding="utf-8")
    return old, new


def test_errors_on_both_sides_are_one_warning_each_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Both sides fail `bevilling check`: the diff is printed, exit 0, and stderr has the
    warning for OLD, then the one for NEW."""
    old, new = _files(tmp_path)
    assert 0 == main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    assert "  ~ D2: Mentor (Tabel 1, 650 t.kr.)" in out
    assert (
        f"bevilling diff: advarsel: `bevilling check` finder 1 fejl i GAMMEL ({old}); de"
        " sammenlignes, som de står\n"
        f"bevilling diff: advarsel: `bevilling check` finder 1 fejl i NY ({new}); de"
        " sammenlignes, som de står\n"
    ) == err


def test_a_side_that_does_not_load_stops_the_diff_without_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """OLD does not load: its problem is shown, NEW is still read (its load problems would be
    shown too), no check warning is printed for either side, and the exit code is 1."""
    old, new = _files(tmp_path)
    old.write_text("format: bevilling/1\ntitle: [\n", encoding="utf-8")
    assert 1 == main(["diff", str(old), str(new)])
    out, err = capsys.readouterr()
    assert "" == out
    assert f"{old}:3: fejl[yaml-syntax]" in err
    assert "advarsel" not in err
    assert 1 == main(["diff", str(new), str(old)])
    assert "advarsel" not in capsys.readouterr().err


def test_diff_frees_the_old_side_before_checking_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old side is checked as soon as it is loaded and compared without its text (which
    only findings quote); the new side is checked after the diff, when only the old rows the
    result names are kept: two ledger sets and a check's working memory are never held at
    once.  What is printed is as before (see the test above)."""
    import bevilling.audit
    import bevilling.interop

    events: list[tuple[str, ...]] = []
    original_diff, original_check = bevilling.interop.diff, bevilling.audit.check

    def recording_diff(old: bevilling.LedgerSet, new: bevilling.LedgerSet) -> object:
        events.append(("diff", str(len(old.sources)), str(len(new.sources))))
        return original_diff(old, new)

    def recording_check(ledgers: bevilling.LedgerSet, **options: bool) -> object:
        events.append(("check", *(Path(ledger.file).name for ledger in ledgers.ledgers)))
        return original_check(ledgers, **options)

    monkeypatch.setattr(bevilling.interop, "diff", recording_diff)
    monkeypatch.setattr(bevilling.audit, "check", recording_check)
    old, new = _files(tmp_path)
    assert 0 == main(["diff", str(old), str(new)])
    assert [("check", "old.yaml"), ("diff", "0", "1"), ("check", "new.yaml")] == events
    assert "D2" in capsys.readouterr().out
