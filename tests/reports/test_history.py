"""Tests for bevilling.reports.history: an appropriation's grant, changes and spending."""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest

import bevilling
from bevilling.cli import main
from bevilling.reports import history, render_show_history
from tests.conftest import ROOT

EXAMPLE = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
D03 = next(e for e in EXAMPLE.entries() if e.appropriation.id == "D03")

HISTORY_D03 = """\
Historik for D03

Hændelse     År                 Beløb (1.000 kr.)  Udløb    Beslutning eller kilde    Sted
-----------  ---------------  -------------------  -------  ------------------------  ----------------------------------------
bevilling                                   1.500  2015     Intern bevilling          ledger/udsatte-2015.yaml:44
overførsel   2015                            -300           BR 21.04.2016 pkt. 9      examples/followup/aendringer.yaml:26
overførsel   2016                             300           BR 21.04.2016 pkt. 9      examples/followup/aendringer.yaml:26
forlængelse                                        2016     BR 21.04.2016 pkt. 9      examples/followup/aendringer.yaml:31
forbrug      2015                           1.200                                     examples/followup/forbrug-2015.yaml:10
forbrug      2016, måned 1-6                  300                                     examples/followup/forbrug-2016-h1.yaml:8
"""  # noqa: E501


def test_history_in_order_with_places() -> None:
    """The grant, then each change side and forlængelse in file order, then spending by year."""
    events = history(EXAMPLE, D03)
    assert [
        ("grant", None, Decimal(1500), "Intern bevilling", 44),
        ("overførsel", 2015, Decimal(-300), "BR 21.04.2016 pkt. 9", 26),
        ("overførsel", 2016, Decimal(300), "BR 21.04.2016 pkt. 9", 26),
        ("forlængelse", None, None, "BR 21.04.2016 pkt. 9", 31),
        ("spending", 2015, Decimal(1200), None, 10),
        ("spending", 2016, Decimal(300), None, 8),
    ] == [(e.kind, e.year, e.amount, e.decision, e.location.line) for e in events]
    assert (None, (1, 6)) == (events[4].months, events[5].months)


def test_history_converts_to_the_ledgers_unit() -> None:
    """Spending recorded in kroner shows in the ledger's 1.000 kr., exactly."""
    spent = bevilling.Spending(
        appropriation="D03",
        year=2015,
        amount=Decimal("1234.5"),
        unit=bevilling.Unit.DKK,
        location=bevilling.Location("s.yaml", 5),
    )
    ledgers = bevilling.LedgerSet(ledgers=EXAMPLE.ledgers, spending=(spent,))
    assert [Decimal(1500), Decimal("1.2345")] == [e.amount for e in history(ledgers, D03)]


def test_json_has_the_record_and_the_history() -> None:
    """JSON: the appropriation's record with a history list of events with file and line."""
    data = json.loads(render_show_history(D03, history(EXAMPLE, D03), "json"))
    assert ("D03", 6) == (data["id"], len(data["history"]))
    assert {
        "kind": "forlængelse",
        "year": None,
        "months": None,
        "amount": None,
        "expires": 2016,
        "decision": "BR 21.04.2016 pkt. 9",
        "file": str(ROOT / "examples" / "followup" / "aendringer.yaml"),
        "line": 31,
    } == data["history"][3]


def test_show_prints_the_history(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling show D03 ledger/ examples/followup/` ends with the history, in Danish."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        code = main(["show", "D03", "--width", "120", "ledger/", "examples/followup/"])
    finally:
        os.chdir(cwd)
    out = capsys.readouterr().out
    assert 0 == code
    assert out.endswith(HISTORY_D03)


def test_csv_history_neutralises_formulas() -> None:
    """A decision that starts like a formula is written as text in CSV."""
    change = bevilling.Change(
        kind=bevilling.ChangeKind.EXTENSION,
        decision="=HYPERLINK(1)",
        unit=bevilling.Unit.DKK,
        location=bevilling.Location("c.yaml", 3),
        appropriation="D03",
        expires=bevilling.Expiry.in_year(2017),
    )
    ledgers = bevilling.LedgerSet(ledgers=EXAMPLE.ledgers, changes=(change,))
    text = render_show_history(D03, history(ledgers, D03), "csv")
    assert "'=HYPERLINK(1)" in text
    assert "\n=HYPERLINK" not in text
    assert ";=HYPERLINK" not in text


def test_months_read_as_english_in_english(tmp_path: os.PathLike[str]) -> None:
    """`show D03 --locale en` listed the half-year's spending as "2016, month 1-6"; a range of
    months is "months 1-6", one month "month 7" (Danish: "måned 1-6", "måned 7")."""
    from pathlib import Path

    folder = Path(tmp_path)
    (folder / "s.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: D03, year: 2016, months: 7, amount: 1}\n",
        encoding="utf-8",
    )
    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup", folder])
    d03 = next(e for e in ledgers.entries() if e.appropriation.id == "D03")
    english = render_show_history(d03, history(ledgers, d03), locale="en")
    danish = render_show_history(d03, history(ledgers, d03), locale="da")
    assert (True, True, True, True) == (
        "2016, months 1-6 " in english, "2016, month 7 " in english,
        "2016, måned 1-6 " in danish, "2016, måned 7 " in danish,
    )  # fmt: skip
