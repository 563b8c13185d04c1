"""Tests for bevilling.cli.commands.show: an ambiguous id is said, with every place it is
written; errors elsewhere are shown with a warning, not refused."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT


def test_a_duplicated_id_is_ambiguous_with_both_places(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`show D11` with a copy of the ledger in the folder silently showed the first; now it says
    the id is ambiguous, names both file:line, and exits 1."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", folder / "udsatte-2015.yaml")
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", folder / "udsatte-2015 - Kopi.yaml")
    assert 1 == main(["show", "D11", str(folder)])
    out, err = capsys.readouterr()
    assert "" == out
    places = (
        f"  {folder / 'udsatte-2015 - Kopi.yaml'}:114: Mikrolån\n"
        f"  {folder / 'udsatte-2015.yaml'}:114: Mikrolån\n"
    )
    assert (
        "bevilling show: fejl: id'et 'D11' er tvetydigt: 2 bevillinger har det\n"
        f"{places}"
        "  tip: giv hver bevilling sit eget id (`bevilling check` melder duplicate-id), og vis"
        " den så\n"
    ) == err
    assert 1 == main(["show", "D11", str(folder), "--locale", "en"])
    assert (
        "bevilling show: error: the id 'D11' is ambiguous: 2 appropriations have it\n"
        f"{places}"
        "  hint: give each appropriation an id of its own (`bevilling check` reports"
        " duplicate-id), then show it\n"
    ) == capsys.readouterr().err


TWO = """\
format: bevilling/1
title: Lille
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: D11, title: Mikrolån, amount: 1200, expires: 2016}
      - {id: D11, title: "Mentor\\e[2J", amount: 500, expires: 2016}
"""


def test_an_id_repeated_in_one_file_ignoring_case_too(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Asked as `d11`, two D11 rows are ambiguous too; titles are shown without escapes."""
    path = write_ledger(TWO, "lille.yaml")
    assert 1 == main(["show", "d11", str(path)])
    err = capsys.readouterr().err
    assert f"  {path}:9: Mikrolån\n  {path}:10: Mentor\\x1b[2J\n" in err
    assert "\x1b" not in err


def test_show_warns_about_errors_elsewhere_but_shows(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A table that does not add up does not stop `show` (it prints the row as written, the
    tool for looking at a finding), but a warning line on stderr says the ledgers have errors."""
    ledger = TWO.replace('      - {id: D11, title: "Mentor', '      - {id: D12, title: "Mentor')
    ledger = ledger.replace("    category: driftsmidler\n", "    category: driftsmidler\n"
                            "    stated_total: 9999\n")  # fmt: skip
    path = write_ledger(ledger, "lille.yaml")
    assert 0 == main(["show", "D11", str(path), "--format", "json"])
    out, err = capsys.readouterr()
    assert "Mikrolån" in out
    assert (
        "bevilling show: advarsel: `bevilling check` finder 1 fejl i disse bevillingsfiler;"
        " felterne nedenfor vises, som de står\n"
    ) == err
    assert 0 == main(["show", "D11", str(path), "--format", "json", "--locale", "en"])
    assert (
        "bevilling show: warning: `bevilling check` finds 1 error in these ledgers; the fields"
        " below are shown as written\n"
    ) == capsys.readouterr().err


def test_an_unknown_id_is_still_a_usage_error_with_a_suggestion(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An id nobody has: exit 2 and a did-you-mean, as before."""
    path = write_ledger(TWO.replace('id: D11, title: "M', 'id: D12, title: "M'), "lille.yaml")
    assert 2 == main(["show", "D13", str(path)])
    assert (
        "bevilling show: fejl: ingen bevilling har id'et 'D13'; mente du D12 eller D11?\n"
        == capsys.readouterr().err
    )
    assert 2 == main(["--locale", "en", "show", "D13", str(path)])
    assert (
        "bevilling show: error: no appropriation has the id 'D13'; did you mean D12 or D11?\n"
        == capsys.readouterr().err
    )
