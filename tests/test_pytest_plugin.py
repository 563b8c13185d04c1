"""The pytest plugin: inert by default, one item per ledger when enabled."""

from __future__ import annotations

import textwrap

import pytest

pytest_plugins = ["pytester"]

GOOD = """\
format: bevilling/1
title: God
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - {name: T, category: driftsmidler, stated_total: 1200, appropriations: [
      {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
"""
BAD = (
    GOOD.replace("title: God", "title: Dårlig")
    .replace("1200, appropriations", "1300, appropriations")
    .replace("A1", "B1")
)


def test_inert_without_option(pytester: pytest.Pytester) -> None:
    """Without --bevilling or the ini option, no ledger items are collected."""
    pytester.makefile(".yaml", ledger=BAD)
    pytester.makepyfile("def test_ok():\n    assert True\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)


def test_items_per_ledger_and_failure_lists_problems(pytester: pytest.Pytester) -> None:
    """--bevilling DIR gives one item per ledger file; a failing item lists file:line."""
    ledgers = pytester.mkdir("ledger")
    (ledgers / "bad.yaml").write_text(BAD, encoding="utf-8")
    (ledgers / "good.yaml").write_text(GOOD, encoding="utf-8")
    result = pytester.runpytest("--bevilling", "ledger", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*ledger/bad.yaml FAILED*",
        "*ledger/good.yaml PASSED*",
        "ledger/bad.yaml: 1 problem",
        "ledger/bad.yaml:6: error[total-mismatch]: table \"T\": stated 1.300, rows sum to"
        " 1.200, difference 100 (1000 DKK)",
    ])  # fmt: skip


def test_ini_option_and_strict(pytester: pytest.Pytester) -> None:
    """The ini option bevilling_paths enables the plugin; --bevilling-strict fails warnings."""
    ledgers = pytester.mkdir("ledger")
    warning = GOOD.replace("title: Mikrolån", "title: Mikrolån, description: 5 mio. kr.")
    (ledgers / "w.yaml").write_text(warning, encoding="utf-8")
    pytester.makeini(
        textwrap.dedent("""\
        [pytest]
        bevilling_paths = ledger
        """)
    )
    pytester.runpytest().assert_outcomes(passed=1)
    pytester.runpytest("--bevilling-strict").assert_outcomes(failed=1)
