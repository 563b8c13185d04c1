"""Tests for bevilling.reports.queries: expiring, totals, timeline, filters and unit conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import Category, ExpiryKind, LedgerSet, Unit
from bevilling.core.money import D
from bevilling.reports.queries import (
    Dimension,
    Filter,
    expiring,
    parse_category,
    report_unit,
    timeline,
    totals,
)
from tests.conftest import ROOT
from tests.strategies import ledger_sets

SHIPPED = bevilling.load(ROOT / "ledger")


def _load(text: str) -> LedgerSet:
    ledgers = bevilling.load_string(text, "t.yaml")
    assert () == ledgers.problems
    return ledgers


MIXED_A = """
format: bevilling/1
title: Tusinder
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: T1, title: Mikrolån, amount: 1200, expires: 2016, target_group: Flere}
      - {id: T2, title: Rådgivning, amount: 531, expires: open, target_group: aktivitetsparate}
"""

MIXED_B = """
format: bevilling/1
title: Millioner
document: Indsatsbudget
unit: mio DKK
tables:
  - name: Tabel 8
    category: indsatsmidler
    appropriations:
      - {id: M1, title: Mentor, amount: 18.3, expires: 2016, target_group: Aktivitetsparate}
      - {id: M2, title: Uddannelse, amount: 1.9, expires: 2015}
"""


def _mixed() -> LedgerSet:
    a = _load(MIXED_A)
    b = _load(MIXED_B)
    return LedgerSet(ledgers=a.ledgers + b.ledgers)


# --- expiring ------------------------------------------------------------------------------


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
    """A row with a profile ending 2017 but `expires: 2016` ends in 2016; without expires, 2017."""
    ledgers = _load("""
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
    assert ["P1"] == [r.appropriation.id for r in expiring(ledgers, 2016).rows]
    result = expiring(ledgers, 2017)
    assert ["P2"] == [r.appropriation.id for r in result.rows]
    assert D(150) == result.total
    assert ["P3"] == [r.appropriation.id for r in result.open_rows]


def test_mixed_units_are_converted_exactly_to_the_smallest() -> None:
    """1000 DKK and mio DKK report in 1000 DKK: 18,3 mio. is 18.300 t.kr., exactly, whole."""
    result = expiring(_mixed(), 2016)
    assert Unit.THOUSAND_DKK == result.unit
    assert 0 == result.places
    assert [D(1200), D(18300)] == [r.amount for r in result.rows]
    assert "19500" == str(result.total)


def test_a_larger_unit_keeps_the_precision_needed() -> None:
    """Asked for mio. kr., 1.200 t.kr. is 1,200 mio.: three decimals, nothing rounded."""
    result = expiring(_mixed(), 2016, unit=Unit.MILLION_DKK)
    assert 3 == result.places
    assert "19.500" == str(result.total)


def test_one_decimal_ledger_keeps_its_decimal() -> None:
    """A mio. kr. ledger with one decimal reports in mio. kr. with one decimal."""
    result = totals(_load(MIXED_B))
    assert (Unit.MILLION_DKK, 1) == (result.unit, result.places)
    assert "20.2" == str(result.total)


# --- filters -------------------------------------------------------------------------------


def test_filters_match_case_insensitively_and_exactly() -> None:
    """target_group 'AKTIVITETSPARATE' finds both spellings; 'aktiv' finds nothing."""
    ledgers = _mixed()
    matched = Filter(target_group="AKTIVITETSPARATE").apply(ledgers)
    assert ["T2", "M1"] == [e.appropriation.id for e in matched]
    assert [] == Filter(target_group="aktiv").apply(ledgers)
    assert ["M1", "M2"] == [
        e.appropriation.id for e in Filter(category=Category.INDSATSMIDLER).apply(ledgers)
    ]


def test_filters_on_the_shipped_ledgers() -> None:
    """Organisation "jki" matches JKI exactly (not D11's "JKI, JKA og 2. kontor"); source
    "budgetaftale 2015" leaves D11 and D13 of the 2016 list."""
    by_org = expiring(SHIPPED, until=2016, filter=Filter(organisation="jki"))
    assert ["D02", "D03", "D04", "D05", "I04"] == [r.appropriation.id for r in by_org.rows]
    by_source = expiring(SHIPPED, 2016, filter=Filter(source="budgetaftale 2015"))
    assert ["D11", "D13"] == [r.appropriation.id for r in by_source.rows]


def test_filter_refuses_an_unknown_phase() -> None:
    """Filter(phase='vedtaget') is an error, not an empty report."""
    with pytest.raises(ValueError, match="unknown phase"):
        Filter(phase="vedtaget")  # type: ignore[arg-type]


def test_parse_category_suggests_the_nearest() -> None:
    """Category names are read case-insensitively; a near miss gets a did-you-mean."""
    assert Category.SAERINDSATSER == parse_category(" Særindsatser ")
    with pytest.raises(ValueError, match="did you mean 'indsatsmidler'"):
        parse_category("indsatsmiddel")


def test_report_unit_without_entries_is_thousands() -> None:
    """An empty report is in 1.000 kr., the budget papers' usual unit."""
    assert Unit.THOUSAND_DKK == report_unit([])


# --- totals --------------------------------------------------------------------------------


def test_totals_by_category_on_the_shipped_ledgers() -> None:
    """Approved: driftsmidler 47.579 (the rows, not the printed 48.779), 12.092, 3.000."""
    result = totals(SHIPPED, "category")
    assert [("driftsmidler", 13, D(47579)), ("indsatsmidler", 5, D(12092)),
            ("særindsatser", 2, D(3000))] == [
        (g.key, g.count, g.amount) for g in result.groups
    ]  # fmt: skip
    assert (20, D(62671)) == (result.count, result.total)


def test_totals_by_expiry_orders_years_then_open_then_declining() -> None:
    """Expiry groups: 2015, 2016, then open and declining."""
    result = totals(SHIPPED, Dimension.EXPIRY)
    assert [2015, 2016, "open", "declining"] == [g.key for g in result.groups]
    assert [D(44321), D(8219), D(531), D(9600)] == [g.amount for g in result.groups]


def test_totals_put_missing_values_in_a_group_of_their_own_last() -> None:
    """Rows without a target group are the None group, after the named ones."""
    result = totals(_mixed(), "target_group")
    assert ["aktivitetsparate", "Aktivitetsparate", "Flere", None] == [g.key for g in result.groups]
    assert D(1900) == result.groups[-1].amount


def test_totals_refuse_an_unknown_dimension() -> None:
    """Grouping by something that is not a dimension says which ones there are."""
    with pytest.raises(ValueError, match="category, target-group"):
        totals(SHIPPED, "colour")


# --- timeline ------------------------------------------------------------------------------


def test_timeline_of_the_shipped_ledgers() -> None:
    """2016 has 9.719 available (all lapsing); 2017 2.700 continuing; 2018 2.700 lapsing."""
    result = timeline(SHIPPED, filter=Filter(phase="all"))
    assert (2015, 2016, 2017, 2018, 2019) == result.years
    assert (D(9719), D(9719)) == (result.available(2016), result.lapsing(2016))
    assert (D(2700), D(0)) == (result.available(2017), result.lapsing(2017))
    assert (D(2700), D(2700)) == (result.available(2018), result.lapsing(2018))
    assert D(1000) == result.cell(2017, Category.INDSATSMIDLER).available
    assert ((Category.DRIFTSMIDLER, D(531)),) == result.open
    assert ((Category.DRIFTSMIDLER, D(9600)),) == result.declining


def test_timeline_window_fills_gaps_and_can_widen() -> None:
    """start/end give every year between them, money or not."""
    result = timeline(SHIPPED, start=2014, end=2017)
    assert (2014, 2015, 2016, 2017) == result.years
    assert D(0) == result.available(2014)
    assert D(0) == result.available(2017)


def test_open_and_declining_never_lapse() -> None:
    """A declining row with a profile is available in its years but lapses nowhere."""
    ledgers = _load("""
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: P1, title: A, profile: {2016: 300, 2017: 200}, expires: declining}
      - {id: P2, title: B, amount: 100, expires: open}
""")
    result = timeline(ledgers, range(2015, 2019))
    assert [D(0), D(300), D(200), D(0)] == [result.available(y) for y in result.years]
    assert [D(0)] * 4 == [result.lapsing(y) for y in result.years]
    assert ((Category.DRIFTSMIDLER, D(100)),) == result.open
    assert () == result.declining


# --- properties ----------------------------------------------------------------------------


@given(ledger_sets(), st.sampled_from(["approved", "proposed", "all"]))
def test_expiring_over_all_years_plus_open_is_the_grand_total(
    ledgers: LedgerSet, phase: str
) -> None:
    """For any ledgers: expiring totals of every year, plus open and declining, = the total."""
    chosen = Filter(phase=phase)  # type: ignore[arg-type]
    grand = totals(ledgers, filter=chosen)
    years = {
        e.appropriation.expiry.year
        for e in chosen.apply(ledgers)
        if e.appropriation.expiry.kind is ExpiryKind.YEAR
    }
    results = [expiring(ledgers, y, filter=chosen, unit=grand.unit) for y in sorted(years)]
    open_total = expiring(ledgers, 0, filter=chosen, unit=grand.unit).open_total
    assert grand.total == sum((r.total for r in results), Decimal(0)) + open_total
    if years:
        until = expiring(ledgers, until=max(years), filter=chosen, unit=grand.unit)
        assert until.total == sum((r.total for r in results), Decimal(0))


@given(ledger_sets(), st.sampled_from(list(Dimension)))
def test_totals_by_any_dimension_sum_to_the_grand_total(ledgers: LedgerSet, by: Dimension) -> None:
    """Groups of any dimension add up to the same grand total and count, and match by-category."""
    result = totals(ledgers, by, filter=Filter(phase="all"))
    by_category = totals(ledgers, Dimension.CATEGORY, filter=Filter(phase="all"))
    assert result.total == sum((g.amount for g in result.groups), Decimal(0))
    assert result.count == sum(g.count for g in result.groups)
    assert (by_category.total, by_category.count) == (result.total, result.count)


@given(ledger_sets())
def test_timeline_over_its_years_accounts_for_every_amount(ledgers: LedgerSet) -> None:
    """Available over the covering years + open + declining = profile sums or amounts; lapsing
    comes only from rows with a fixed expiry year, and a window shows the same cells."""
    chosen = Filter(phase="all")
    result = timeline(ledgers, filter=chosen)
    unit = result.unit
    expected = Decimal(0)
    fixed = Decimal(0)
    for entry in chosen.apply(ledgers):
        a = entry.appropriation
        money = a.profile.total if a.profile is not None else a.amount
        converted = entry.ledger.unit.convert(money, unit)
        if a.profile is not None or a.expiry.kind is ExpiryKind.YEAR:
            expected += converted
        if a.expiry.kind is ExpiryKind.YEAR:
            in_year = (
                a.profile.get(a.expiry.year or 0, Decimal(0)) if a.profile is not None else a.amount
            )
            fixed += entry.ledger.unit.convert(in_year, unit)
    placed = sum((result.available(y) for y in result.years), Decimal(0))
    unplaced = sum((v for _c, v in (*result.open, *result.declining)), Decimal(0))
    total_open = sum(
        (
            e.ledger.unit.convert(e.appropriation.amount, unit)
            for e in chosen.apply(ledgers)
            if e.appropriation.expiry.kind is not ExpiryKind.YEAR
            and e.appropriation.profile is None
        ),
        Decimal(0),
    )
    assert expected == placed
    assert total_open == unplaced
    assert fixed == sum((result.lapsing(y) for y in result.years), Decimal(0))
    if len(result.years) > 2:
        window = timeline(ledgers, result.years[1:-1], filter=chosen, unit=unit)
        assert [c for c in result.cells if c.year in window.years] == list(window.cells)
