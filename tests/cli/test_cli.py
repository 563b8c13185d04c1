"""Tests for bevilling.cli: the thin command line (version, exit codes, list --format json)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bevilling import __version__
from bevilling.cli import main
from tests.conftest import ROOT

SMALL = """\
format: bevilling/1
title: Lille
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - id: D11
        target_group: Flere
        organisation: JKI
        title: Mikrolån
        source: Budgetaftale 2015
        amount: 1200
        expires: 2016
        appropriation_no: 18.10
      - title: Rehabiliteringsteam
        amount: 9600
        expires: Faldende profil
        profile: {2016: 5000, 2017: 4600}
"""


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling --version` prints the version and exits 0."""
    assert 0 == main(["--version"])
    assert f"bevilling {__version__}\n" == capsys.readouterr().out


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a command the help goes to stderr and the exit code is 2."""
    assert 2 == main([])
    assert "brug: bevilling" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's usage errors come back as exit code 2, not as SystemExit."""
    assert 2 == main(["list", "--no-such-option"])
    assert "ukendte argumenter" in capsys.readouterr().err


def test_list_json_golden(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`list --format json` gives every field; amounts are decimal strings, expiry year or kind."""
    path = write_ledger(SMALL, "lille.yaml")
    assert 0 == main(["list", str(path), "--format", "json"])
    common = {"file": str(path), "ledger": "Lille", "table": "Tabel 1", "phase": "approved",
              "unit": "1000 DKK", "price_level": None, "category": "driftsmidler",
              "description": None, "committee": None, "function": None}  # fmt: skip
    expected = {
        "appropriations": [
            {**common, "id": "D11", "line": 9, "target_group": "Flere", "organisation": "JKI",
             "title": "Mikrolån", "source": "Budgetaftale 2015", "amount": "1200",
             "expires": 2016, "profile": None, "appropriation_no": "18.10"},
            {**common, "id": "lille:1.2", "line": 17, "target_group": None, "organisation": None,
             "title": "Rehabiliteringsteam", "source": None, "amount": "9600",
             "expires": "declining", "profile": {"2016": "5000", "2017": "4600"},
             "appropriation_no": None},
        ]
    }  # fmt: skip
    assert expected == json.loads(capsys.readouterr().out)


def test_load_errors_exit_1_with_every_problem_on_stderr(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A ledger with errors is never reported on: the problems go to stderr, exit 1."""
    path = write_ledger(SMALL.replace("1200", "1.200").replace("driftsmidler", "driftmidler"))
    assert 1 == main(["list", str(path)])
    out, err = capsys.readouterr()
    assert "" == out
    assert f"{path}:7: fejl[unknown-category]: `category` er 'driftmidler'" in err
    assert f"{path}:14: fejl[ambiguous-number]: `amount`: '1.200'" in err
    assert "  14 |         amount: 1.200\n  tip: skriv 1200" in err
    assert err.endswith(
        "bevilling: bevillingsfilerne ovenfor har fejl; ret dem (`bevilling check` viser dem"
        " alle), før der laves rapporter på dem\n"
    )
    assert 1 == main(["list", str(path), "--locale", "en"])
    err = capsys.readouterr().err
    assert f"{path}:7: error[unknown-category]: `category` is 'driftmidler'" in err
    assert err.endswith(
        "bevilling: the ledgers above have errors; fix them (`bevilling check` lists them"
        " all) before reporting on them\n"
    )


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is a usage error."""
    assert 2 == main(["list", str(tmp_path / "nope")])
    assert "findes ikke" in capsys.readouterr().err


def test_python_m_bevilling_runs_on_the_shipped_ledgers() -> None:
    """`python -m bevilling list ledger/ --format json` works as a process, from the repo root."""
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", "list", "ledger", "--format", "json"],
        cwd=ROOT, capture_output=True, text=True, check=False, encoding="utf-8",
    )  # fmt: skip
    assert (0, "") == (done.returncode, done.stderr)
    ids = [row["id"] for row in json.loads(done.stdout)["appropriations"]]
    assert 26 == len(ids)
    assert {"D01", "D13", "I05", "S02", "BI2-1", "VF-4"} <= set(ids)


class _ClosedPipe(io.StringIO):
    """A stdout whose reader has gone away, as after `bevilling ... | head -1`."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


@pytest.mark.parametrize("command", [["list", "--format", "json"], ["check"]])
def test_a_broken_pipe_ends_quietly_with_141(
    command: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """When the reader goes away: no traceback, and 141 (as after SIGPIPE), never 0."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert 141 == main(command)
    assert "" == capsys.readouterr().err
