"""Tests for bevilling.reports.followup: granted, changes, spent, remaining and lapses."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import Change, ChangeKind, ChangeSide, LedgerSet, Unit
from bevilling.core.money import D
from bevilling.core.problems import Location
from bevilling.reports import Filter, LedgerErrorsError, followup, render_followup
from tests.conftest import ROOT
from tests.strategies import ledger_sets, with_changes_and_spending

EXAMPLE = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])


def _row(result: bevilling.Followup, id: str) -> tuple[Decimal, ...]:
    row = next(r for r in result.rows if r.id == id)
    return (row.granted, row.changes, row.spent, row.remaining, row.lapses)


def test_followup_of_the_example_2015() -> None:
    """The invented 2015 follow-up: a tillægsbevilling, an omplacering, an overførsel out of
    2015 (with a forlængelse), and what lapses with 2015."""
    result = followup(EXAMPLE, 2015)
    assert (D(5190), D(400), D(5300), D(290), D(290)) == _row(result, "D02")
    assert (D(14752), D(-500), D(14000), D(252), D(252)) == _row(result, "D08")
    assert (D(1187), D(500), D(1650), D(37), D(37)) == _row(result, "D09")
    assert (D(1500), D(-300), D(1200), D(0), D(0)) == _row(result, "D03")
    assert (D(531), D(0), D(500), D(31), D(0)) == _row(result, "D01")  # open: never lapses
    assert (D(54452), D(100), D(52992), D(1560), D(1029)) == (
        result.granted,
        result.changes,
        result.spent,
        result.remaining,
        result.lapses,
    )
    assert "D11" not in {r.id for r in result.rows}  # granted in 2016 only


def test_followup_of_the_example_2016_carries_the_money() -> None:
    """In 2016 the carried 300 is available to D03 (extended to 2016) and spent."""
    result = followup(EXAMPLE, 2016)
    assert (D(0), D(300), D(300), D(0), D(0)) == _row(result, "D03")
    assert (D(4000), D(-250), D(1500), D(2250), D(2250)) == _row(result, "D13")
    assert ["D01", "D03", "D06", "D11", "D13", "I01", "I02"] == [r.id for r in result.rows]


def test_json_rows_have_exactly_the_keys() -> None:
    """JSON: per row `id` and the five figures, as decimal strings, and the totals."""
    data = json.loads(render_followup(followup(EXAMPLE, 2016), "json"))
    assert {"id", "granted", "changes", "spent", "remaining", "lapses"} == set(data["rows"][0])
    assert {"id": "D13", "granted": "4000", "changes": "-250", "spent": "1500",
            "remaining": "2250", "lapses": "2250"} == data["rows"][4]  # fmt: skip
    assert ("followup", 2016, "1000 DKK", "10040") == (
        data["report"],
        data["year"],
        data["unit"],
        data["total"]["remaining"],
    )


def test_headings_are_danish_by_default_and_english_on_request() -> None:
    """Bevilget, Ændringer, Forbrug, Rest, Bortfalder; Granted ... Lapses in English."""
    only = Filter(category=bevilling.Category.INDSATSMIDLER)
    result = followup(EXAMPLE, 2016, filter=only)
    danish = render_followup(result, "csv").splitlines()[0]
    english = render_followup(result, "csv", locale="en").splitlines()[0]
    assert "\ufeffId;Titel;Udløb;Bevilget;Ændringer;Forbrug;Rest;Bortfalder" == danish
    assert "\ufeffId;Title;Expires;Granted;Changes;Spent;Remaining;Lapses" == english


@pytest.mark.parametrize("format", ["table", "markdown", "github", "html", "csv", "json"])
def test_every_format_renders(format: str) -> None:
    """Every output format renders the follow-up, figures included."""
    text = render_followup(followup(EXAMPLE, 2016), format)  # type: ignore[arg-type]
    assert "2250" in text.replace(".", "")


def test_followup_refuses_ledgers_with_errors() -> None:
    """An omplacering that does not cancel is an error: the report refuses, unless asked."""
    bad = Change(
        kind=ChangeKind.REALLOCATION,
        decision="BIU 1.1.2016 pkt. 1",
        unit=Unit.THOUSAND_DKK,
        location=Location("c.yaml", 5),
        sides=(
            ChangeSide(
                appropriation="D11", year=2016, amount=D(-5), location=Location("c.yaml", 6)
            ),
            ChangeSide(appropriation="D13", year=2016, amount=D(4), location=Location("c.yaml", 7)),
        ),
    )
    ledgers = LedgerSet(ledgers=EXAMPLE.ledgers, changes=(bad,))
    with pytest.raises(LedgerErrorsError, match="unbalanced-reallocation"):
        followup(ledgers, 2016)
    assert D(-1) == followup(ledgers, 2016, allow_errors=True).changes


def test_units_convert_exactly() -> None:
    """Spending in kroner against a ledger in 1.000 kr.: the report is in kroner."""
    ledgers = bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T1, category: driftsmidler, stated_total: 5, appropriations: ["
        "{id: A, title: X, amount: 5, expires: 2016}]}\n"
    )
    spent = bevilling.Spending(
        appropriation="A", year=2016, amount=D("1234.5"), unit=Unit.DKK, location=Location("s", 1)
    )
    result = followup(LedgerSet(ledgers=ledgers.ledgers, spending=(spent,)), 2016)
    assert (Unit.DKK, 1, D("3765.5")) == (result.unit, result.places, result.remaining)


@given(st.data())
def test_remaining_is_granted_plus_changes_minus_spent(data: st.DataObject) -> None:
    """For every row and every total: remaining = granted + changes − spent; the totals are
    the sums of the rows."""
    ledgers = data.draw(ledger_sets().flatmap(with_changes_and_spending))
    year = data.draw(st.integers(min_value=2013, max_value=2018))
    result = followup(ledgers, year, filter=Filter(phase="all"), allow_errors=True)
    for row in result.rows:
        assert row.remaining == row.granted + row.changes - row.spent
        assert D(0) <= row.lapses <= max(row.remaining, D(0))
    assert result.remaining == result.granted + result.changes - result.spent
    for key in ("granted", "changes", "spent", "remaining", "lapses"):
        assert getattr(result, key) == sum((getattr(r, key) for r in result.rows), D(0))


@given(st.data())
def test_an_omplacering_never_changes_the_grand_total(data: st.DataObject) -> None:
    """Adding a balanced omplacering between any two appropriations leaves the totals of
    granted + changes and of remaining as they were."""
    ledgers = data.draw(ledger_sets().flatmap(with_changes_and_spending))
    ids = [e.appropriation.id for e in ledgers.entries()]
    if not ids:
        return
    year = data.draw(st.integers(min_value=2013, max_value=2018))
    moved = data.draw(st.integers(min_value=-(10**6), max_value=10**6))
    first, second = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
    where = Location("o.yaml", 1)
    omplacering = Change(
        kind=ChangeKind.REALLOCATION,
        decision="BIU 14.03.2016 pkt. 5",
        unit=data.draw(st.sampled_from(list(Unit))),
        location=where,
        sides=(
            ChangeSide(appropriation=first, year=year, amount=D(-moved), location=where),
            ChangeSide(appropriation=second, year=year, amount=D(moved), location=where),
        ),
    )
    after = LedgerSet(
        ledgers=ledgers.ledgers,
        changes=(*ledgers.changes, omplacering),
        spending=ledgers.spending,
    )
    everything = Filter(phase="all")
    unit = Unit.DKK
    before_result = followup(ledgers, year, filter=everything, unit=unit, allow_errors=True)
    after_result = followup(after, year, filter=everything, unit=unit, allow_errors=True)
    assert (
        before_result.granted + before_result.changes == after_result.granted + after_result.changes
    )
    assert before_result.remaining == after_result.remaining


def test_the_example_says_its_figures_are_invented() -> None:
    """Every file of examples/followup/ says that its changes or spending are invented."""
    files = sorted((ROOT / "examples" / "followup").glob("*.yaml"))
    assert 3 == len(files)
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert "OPFUNDNE" in text
        assert "INVENTED" in text
