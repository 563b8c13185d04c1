"""Tests for bevilling.reports.totals: sums grouped by a dimension, and their renderer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.model import LedgerSet
from bevilling.core.money import D
from bevilling.reports import (
    Dimension,
    Filter,
    render_totals,
    totals,
)
from tests.reports.helpers import MIXED_A, MIXED_B, SHIPPED, load_ok
from tests.strategies import ledger_sets


def _mixed() -> LedgerSet:
    a = load_ok(MIXED_A)
    b = load_ok(MIXED_B)
    return LedgerSet(ledgers=a.ledgers + b.ledgers)


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
    assert ["aktivitetsparate", "Flere", None] == [g.key for g in result.groups]
    assert D(1900) == result.groups[-1].amount


def test_totals_refuse_an_unknown_dimension() -> None:
    """Grouping by something that is not a dimension says which ones there are."""
    with pytest.raises(ValueError, match="category, target-group"):
        totals(SHIPPED, "colour")


@given(ledger_sets(), st.sampled_from(list(Dimension)))
def test_totals_by_any_dimension_sum_to_the_grand_total(ledgers: LedgerSet, by: Dimension) -> None:
    """Groups of any dimension add up to the same grand total and count, and match by-category."""
    result = totals(ledgers, by, filter=Filter(phase="all"), allow_errors=True)
    by_category = totals(ledgers, Dimension.CATEGORY, filter=Filter(phase="all"), allow_errors=True)
    assert result.total == sum((g.amount for g in result.groups), Decimal(0))
    assert result.count == sum(g.count for g in result.groups)
    assert (by_category.total, by_category.count) == (result.total, result.count)


def test_totals_by_expiry_use_the_expiry_a_forlaengelse_gives(tmp_path: Path) -> None:
    """P and Q are printed to expire with 2016 and extended to 2017: grouped under 2017, as
    `expiring --year 2017` lists them (1.500), with expiring's note; JSON names them."""
    import json

    import bevilling
    from tests.reports.helpers import EXTENDED, load_files

    ledgers = load_files(tmp_path, EXTENDED)
    result = totals(ledgers, "expiry")
    assert [(2017, 2, D(1500))] == [(g.key, g.count, g.amount) for g in result.groups]
    assert D(1500) == bevilling.expiring(ledgers, 2017).total
    assert (
        "udløbene er ændret ved forlængelser (vist med de gældende udløb): P (2016 → 2017),"
        " Q (2016 → 2017)"
    ) in render_totals(result)
    assert [{"id": "P", "expires": 2016, "expires_in_force": 2017},
            {"id": "Q", "expires": 2016, "expires_in_force": 2017}] == json.loads(
        render_totals(result, "json"))["extended"]  # fmt: skip
    assert () == totals(ledgers, "category").extended


SPELLINGS = """
format: bevilling/1
title: Stavemåder
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    stated_total: 600
    appropriations:
      - {id: A, title: A, target_group: Aktivitetsparate, source: Budgetaftale 2015,
         amount: 100, expires: 2016}
      - {id: B, title: B, target_group: "aktivitetsparate ", source: budgetaftale 2015,
         amount: 200, expires: 2016}
      - {id: C, title: C, target_group: "Aktivitets\\u00adparate", source: Budgetaftale  2015,
         amount: 300, expires: 2016}
"""


def test_totals_group_spellings_a_filter_cannot_tell_apart() -> None:
    """Case, blanks and a soft hyphen split one target group or source in three, while the
    filter matched two of them (attack 7 #31): one group, the first spelling, 600."""
    ledgers = load_ok(SPELLINGS)
    for by in ("target-group", "source"):
        result = totals(ledgers, by)
        assert [(by_first(by), 3, D("600"))] == [(g.key, g.count, g.amount) for g in result.groups]
    for wanted in ("aktivitetsparate", "Aktivitets\u00adparate", " AKTIVITETSPARATE "):
        chosen = Filter(target_group=wanted)
        assert D("600") == totals(ledgers, "target-group", filter=chosen).total
    assert D("600") == totals(ledgers, filter=Filter(source="budgetaftale  2015")).total


def by_first(by: str) -> str:
    """The first spelling of SPELLINGS in the dimension ``by``."""
    return "Aktivitetsparate" if by == "target-group" else "Budgetaftale 2015"
