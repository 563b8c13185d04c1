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


def test_items_per_ledger_and_failure_lists_problems(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--bevilling DIR gives one item per ledger file; a failing item lists file:line, in
    Danish by default and in English with BEVILLING_LOCALE=en."""
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)
    ledgers = pytester.mkdir("ledger")
    (ledgers / "bad.yaml").write_text(BAD, encoding="utf-8")
    (ledgers / "good.yaml").write_text(GOOD, encoding="utf-8")
    result = pytester.runpytest("--bevilling", "ledger", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*ledger/bad.yaml FAILED*",
        "*ledger/good.yaml PASSED*",
        "ledger/bad.yaml: 1 fund",
        "ledger/bad.yaml:6: fejl[[]total-mismatch]: tabel \"T\": *",
    ])  # fmt: skip
    monkeypatch.setenv("BEVILLING_LOCALE", "en")
    result = pytester.runpytest("--bevilling", "ledger", "-v")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "ledger/bad.yaml: 1 problem",
        "ledger/bad.yaml:6: error[[]total-mismatch]: table \"T\": *",
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


def test_a_26_digit_danish_amount_fails_an_item_never_internalerror(
    pytester: pytest.Pytester,
) -> None:
    """`pytest --bevilling` on a ledger with `'10.000.000.000.000.000.000.000.000'` ended in
    INTERNALERROR; the run now ends with a failing item (exit 1) and the other tests run."""
    ledgers = pytester.mkdir("ledger")
    huge = GOOD.replace("amount: 1200", "amount: '10.000.000.000.000.000.000.000.000'")
    (ledgers / "huge.yaml").write_text(huge.replace("stated_total: 1200, ", ""), encoding="utf-8")
    pytester.makepyfile("def test_ok():\n    assert True\n")
    result = pytester.runpytest_subprocess("--bevilling", "ledger", timeout=120)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.assert_outcomes(passed=1, failed=1)


def test_an_exception_while_checking_is_one_failing_item(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should loading or checking raise (a bug in bevilling; here a check made to raise
    decimal.InvalidOperation), the run gets one failing `bevilling` item that names it."""
    import bevilling.audit

    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)

    # The inner run shares this process: put the real check back afterwards.
    monkeypatch.setattr(bevilling.audit, "check", bevilling.audit.check)
    ledgers = pytester.mkdir("ledger")
    (ledgers / "good.yaml").write_text(GOOD, encoding="utf-8")
    pytester.makeconftest(
        textwrap.dedent("""\
        import decimal

        import bevilling.audit


        def _explode(*args, **kwargs):
            raise decimal.InvalidOperation("boom")


        bevilling.audit.check = _explode
        """)
    )
    pytester.makepyfile("def test_ok():\n    assert True\n")
    result = pytester.runpytest_subprocess("--bevilling", "ledger", "-v", timeout=120)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines([
        "*::bevilling FAILED*",
        "bevilling kunne ikke indlæse og kontrollere ledger: InvalidOperation: boom",
        "Det er en fejl i bevilling, ikke et fund i bevillingsfilerne: meld den venligst sammen"
        " med den bevillingsfil, der udløste den.",
    ])  # fmt: skip


def test_a_fifo_in_the_ledger_folder_does_not_hang_the_plugin(pytester: pytest.Pytester) -> None:
    """A FIFO (named pipe) beside the ledgers hung `pytest --bevilling`; now the run ends (in
    its own process, with a time limit that fails the test instead of hanging it)."""
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    ledgers = pytester.mkdir("ledger")
    (ledgers / "good.yaml").write_text(GOOD, encoding="utf-8")
    os.mkfifo(ledgers / "pipe.yaml")
    result = pytester.runpytest_subprocess("--bevilling", "ledger", "-v", timeout=60)
    assert "INTERNALERROR" not in result.stdout.str() + result.stderr.str()
    result.stdout.fnmatch_lines(["*ledger/good.yaml PASSED*"])
