"""Tests for bevilling.reports.expiring: the expiring query and its renderer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import Expiry, ExpiryKind, LedgerSet, Unit
from bevilling.core.money import D
from bevilling.reports import (
    Filter,
    expiring,
    render_expiring,
    totals,
)
from tests.conftest import ROOT
from tests.reports.helpers import MIO, SHIPPED, load_ok
from tests.strategies import ledger_sets


def test_expiring_2016_on_the_shipped_ledgers() -> None:
    """Approved funds ending 2016: D11, D13, I01, I02, total 8.219; D01 + D06 have no end."""
    result = expiring(SHIPPED, 2016)
    assert ["D11", "D13", "I01", "I02"] == [r.appropriation.id for r in result.rows]
    assert [D(1200), D(4000), D(1019), D(2000)] == [r.amount for r in result.rows]
    assert D(8219) == result.total
    assert ["D01", "D06"] == [r.appropriation.id for r in result.open_rows]
    assert D(10131) == result.open_total
    assert (Unit.THOUSAND_DKK, 0) == (result.unit, result.places)


def test_expiring_with_proposals_adds_the_budget_notes() -> None:
    """--phase all adds BI2-1 (1.000) and BI2-2 (500), whose profiles end in 2016: 9.719."""
    result = expiring(SHIPPED, 2016, filter=Filter(phase="all"))
    ids = [r.appropriation.id for r in result.rows]
    assert ["BI2-1", "BI2-2", "D11", "D13", "I01", "I02"] == ids
    assert D(9719) == result.total


def test_expiring_proposed_only() -> None:
    """phase=proposed leaves the approved money out: the VF rows of BIIe end in 2018."""
    result = expiring(SHIPPED, 2018, filter=Filter(phase="proposed"))
    assert ["VF-1", "VF-3", "VF-4", "VF-2"] == [r.appropriation.id for r in result.rows]
    assert D(5400) == result.total
    assert D(0) == expiring(SHIPPED, 2018).total


def test_expiring_until_takes_every_year_up_to_it_in_year_order() -> None:
    """until=2016 is everything that ended in 2015 or 2016, sorted by year, then category."""
    result = expiring(SHIPPED, until=2016)
    years = [r.appropriation.expiry.year for r in result.rows]
    assert sorted(years) == years
    assert 18 == len(result.rows)
    assert D(62671 - 10131) == result.total
    assert result.until


def test_expiring_needs_a_year_or_until_not_both() -> None:
    """Giving neither or both of year and until is a programming error."""
    with pytest.raises(TypeError):
        expiring(SHIPPED)
    with pytest.raises(TypeError):
        expiring(SHIPPED, 2016, until=2017)


def test_explicit_expiry_wins_over_the_profile() -> None:
    """A row with a profile ending 2017 but `expires: 2016` ends in 2016; without expires, 2017.

    `check` reports the early expiry as an error, so the query answers only when asked to
    report anyway (allow_errors=True)."""
    ledgers = load_ok("""
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: P1, title: A, profile: {2016: 100, 2017: 50}, expires: 2016}
      - {id: P2, title: B, profile: {2016: 100, 2017: 50, 2018: 0}}
      - {id: P3, title: C, profile: {2016: 100, 2017: 50}, expires: declining}
""")
    assert ["P1"] == [r.appropriation.id for r in expiring(ledgers, 2016, allow_errors=True).rows]
    result = expiring(ledgers, 2017, allow_errors=True)
    assert ["P2"] == [r.appropriation.id for r in result.rows]
    assert D(150) == result.total
    assert ["P3"] == [r.appropriation.id for r in result.open_rows]


@given(ledger_sets(), st.sampled_from(["approved", "proposed", "all"]))
def test_expiring_over_all_years_plus_open_is_the_grand_total(
    ledgers: LedgerSet, phase: str
) -> None:
    """For any ledgers: expiring totals of every year, plus open and declining, = the total."""
    chosen = Filter(phase=phase)  # type: ignore[arg-type]
    grand = totals(ledgers, filter=chosen, allow_errors=True)
    years = {
        e.appropriation.expiry.year
        for e in chosen.apply(ledgers)
        if e.appropriation.expiry.kind is ExpiryKind.YEAR
    }
    results = [
        expiring(ledgers, y, filter=chosen, unit=grand.unit, allow_errors=True)
        for y in sorted(years)
    ]
    open_total = expiring(
        ledgers, 1900, filter=chosen, unit=grand.unit, allow_errors=True
    ).open_total
    assert grand.total == sum((r.total for r in results), Decimal(0)) + open_total
    if years:
        until = expiring(
            ledgers, until=max(years), filter=chosen, unit=grand.unit, allow_errors=True
        )
        assert until.total == sum((r.total for r in results), Decimal(0))


def test_mio_ledger_keeps_one_decimal_in_both_locales() -> None:
    """mio. kr. with one decimal: 87,7 in Danish, 87.7 in English, unit in the header."""
    result = expiring(load_ok(MIO), 2015)
    da = render_expiring(result)
    en = render_expiring(result, locale="en")
    assert "Beløb (mio. kr.)" in da
    assert "87,7" in da
    assert "18,3" in da
    assert "Amount (DKK million)" in en
    assert "87.7" in en
    assert "1 bevilling uden fast udløb: 1,5" in da
    assert "1 appropriation without fixed expiry: 1.5" in en


def test_empty_result_says_so() -> None:
    """No rows: the table is empty, the total 0 and a note says nothing expires."""
    text = render_expiring(expiring(load_ok(MIO), 2030), locale="en")
    assert "No appropriations expire in 2030." in text
    assert "Total" in text


def test_expiring_shows_the_unspent_part_when_spending_is_recorded() -> None:
    """With spending files loaded, each row has its unspent part (amount + changes − spent)
    beside the amount: a column "Uforbrugt" and `unspent` in JSON; without, neither. D03 is
    printed to expire in 2015, and a forlængelse extends it to 2016: it runs out in 2016."""
    import json

    import bevilling
    from tests.conftest import ROOT

    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
    result = expiring(ledgers, 2016)
    assert [
        ("D03", D(0)),
        ("D11", D(800)),
        ("D13", D(2250)),
        ("I01", D(519)),
        ("I02", D(1100)),
    ] == [(r.appropriation.id, r.unspent) for r in result.rows]
    assert D(4669) == result.unspent_total
    assert ["D03"] == [r.appropriation.id for r in result.rows if r.extended is not None]
    assert "D03" not in [r.appropriation.id for r in expiring(ledgers, 2015).rows]
    assert "Uforbrugt" in render_expiring(result, "csv").splitlines()[0]
    data = json.loads(render_expiring(result, "json"))
    assert ("4669", "0", 2016) == (
        data["unspent_total"],
        data["appropriations"][0]["unspent"],
        data["appropriations"][0]["expires_in_force"],
    )
    plain = expiring(bevilling.load(ROOT / "ledger"), 2016)
    assert (None, None) == (plain.unspent_total, plain.rows[0].unspent)
    assert "Uforbrugt" not in render_expiring(plain, "csv")


def test_expiring_work_grows_linearly_with_rows() -> None:
    """Issue 13: the expiring query and its table on 4N rows of the hand-written layout
    execute at most ~4x the lines of bevilling's code they do on N rows (a counted shape, not
    a time)."""
    import bevilling
    from tests.audit.helpers import hand_ledger, lines_executed

    def run(rows: int) -> int:
        ledgers = bevilling.load_string(hand_ledger(rows), "t.yaml")
        _text, executed = lines_executed(
            lambda: render_expiring(
                expiring(ledgers, 2016, allow_errors=True), "table", locale="da", width=0
            )
        )
        return executed

    small, large = run(100), run(400)
    assert large <= 4.3 * small


def test_a_forlaengelse_that_moves_the_expiry_back_is_not_called_an_extension(
    tmp_path: Path,
) -> None:
    """A forlængelse moves D13's expiry back from 2016 to 2015 (`check` warns:
    extension-earlier). `expiring --year 2015` said "udløbet er forlænget (... 2016 → 2015)";
    the note says the expiry was changed, in both languages."""
    import bevilling
    from tests.conftest import ROOT

    (tmp_path / "c.yaml").write_text(
        "format: bevilling-changes/1\ntitle: Ä\nunit: 1000 DKK\nchanges:\n"
        "  - {kind: forlængelse, decision: BIU 1, appropriation: D13, expires: 2015}\n",
        encoding="utf-8",
    )
    result = expiring(bevilling.load([ROOT / "ledger", tmp_path]), 2015)
    danish = render_expiring(result, locale="da")
    english = render_expiring(result, locale="en")
    assert (False, True, False, True) == (
        "forlænget" in danish,
        "udløbet er ændret ved en forlængelse (vist med det gældende udløb): D13 (2016 → 2015)"
        in danish,
        "extended" in english,
        "expiry changed by a forlængelse (the expiry shown is the one in force): D13"
        " (2016 → 2015)" in english,
    )


def test_a_row_moved_out_of_the_year_by_a_forlaengelse_is_named() -> None:
    """D03 is printed to expire with 2015 and extended to 2016: `expiring --year 2015` leaves it
    out (1.500 below the printed table) and says why; `--until 2016` keeps it, no such note."""
    import json

    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
    result = expiring(ledgers, 2015)
    assert "D03" not in [r.appropriation.id for r in result.rows]
    assert (("D03", Expiry.in_year(2015), Expiry.in_year(2016)),) == result.moved_out
    assert (
        "flyttet ud af 2015 ved en forlængelse (det trykte udløb er 2015): D03 (2015 → 2016)"
    ) in render_expiring(result, width=0)
    assert [{"id": "D03", "expires": 2015, "expires_in_force": 2016}] == json.loads(
        render_expiring(result, "json")
    )["moved_out"]
    assert () == expiring(ledgers, until=2016).moved_out
