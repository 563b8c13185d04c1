"""Tests for bevilling.reports (the package): docstring examples, the API scripts use."""

from __future__ import annotations

import doctest
import subprocess
import sys
from pathlib import Path

import pytest

import bevilling

USER_SCRIPT = """\
from __future__ import annotations

from decimal import Decimal

import bevilling


def main() -> None:
    ledgers: bevilling.LedgerSet = bevilling.load("ledger/")
    chosen = bevilling.Filter(target_group="Aktivitetsparate", phase="all")
    result: bevilling.Expiring = bevilling.expiring(ledgers, 2016, filter=chosen)
    rows: tuple[bevilling.ExpiringRow, ...] = result.rows
    total: Decimal = result.total
    print(len(rows), total, bevilling.render_expiring(result, "csv", locale="en"))
    by: bevilling.Totals = bevilling.totals(ledgers, bevilling.Dimension.SOURCE)
    groups: tuple[bevilling.TotalsGroup, ...] = by.groups
    print(groups, bevilling.render_totals(by, "markdown"))
    line: bevilling.Timeline = bevilling.timeline(ledgers, range(2015, 2019))
    cells: tuple[bevilling.TimelineCell, ...] = line.cells
    print(cells, bevilling.render_timeline(line, ascii=True))
    entry = ledgers.find("D11")
    if entry is not None:
        print(bevilling.render_show(entry), bevilling.render_list(ledgers.entries()))
"""


@pytest.mark.parametrize(
    "name", ["expiring", "totals", "timeline", "listing", "filters", "table", "formats"]
)
def test_docstring_examples(name: str) -> None:
    """The examples in the docstrings of every report module hold."""
    import importlib

    module = importlib.import_module(f"bevilling.reports.{name}")
    assert 0 == doctest.testmod(module).failed


def test_a_user_script_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    """A script using the report API passes `mypy --strict` (py.typed, exported names)."""
    from mypy import api

    script = tmp_path / "report.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(script)]
    )
    assert (0, "") == (status, err), out


def test_a_wrong_user_script_fails_mypy(tmp_path: Path) -> None:
    """mypy sees the real types: a total is a Decimal, not a float."""
    from mypy import api

    script = tmp_path / "wrong.py"
    script.write_text(
        "import bevilling\n"
        "total: float = bevilling.expiring(bevilling.load('ledger/'), 2016).total\n",
        encoding="utf-8",
    )
    out, _err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(script)]
    )
    assert 1 == status
    assert 'Incompatible types in assignment (expression has type "Decimal"' in out


def test_report_names_are_exported_and_lazy() -> None:
    """The report API is in bevilling.__all__ and importing bevilling loads none of it."""
    names = ["expiring", "totals", "timeline", "Filter", "Expiring", "ExpiringRow", "Totals",
             "TotalsGroup", "Timeline", "TimelineCell", "Dimension", "render_expiring",
             "render_totals", "render_timeline", "render_list", "render_show"]  # fmt: skip
    assert set(names) <= set(bevilling.__all__)
    for name in names:
        assert getattr(bevilling, name).__doc__
    code = (
        "import sys, bevilling; "
        "print(sorted(m for m in sys.modules if m.startswith('bevilling.reports') "
        "or m in ('babel', 'tabulate')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "[]\n" == done.stdout
