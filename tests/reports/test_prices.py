"""Tests for bevilling.reports.prices: conversion to one price level, refusal of mixed ones."""

from __future__ import annotations

import csv
import json
import pickle
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import Ledger, LedgerSet, Unit
from bevilling.core.money import D
from bevilling.core.prices import IndexEntry, PriceIndex
from bevilling.core.problems import Location
from bevilling.i18n.catalogs import use_locale
from bevilling.reports import (
    Filter,
    MixedPriceLevelsError,
    expiring,
    listing_prices,
    render_list,
    render_show,
    render_totals,
    timeline,
    totals,
)
from bevilling.reports.prices import Converter, add_exact
from tests.conftest import ROOT

INDEX_FILE = ROOT / "examples" / "prisindeks-opdigtet.yaml"
"""The invented example index (2014-2020; not KL's pris- og lønskøn)."""

WITH_INDEX = bevilling.load([ROOT / "ledger", INDEX_FILE])
"""The shipped ledgers and the invented example index."""

INDEX = WITH_INDEX.price_index
assert INDEX is not None

PROPOSED = Filter(phase="proposed")
"""The two budget notes: BI2 at 2016 p/l, BIIe at 2017 p/l."""

ALL_SHIPPED = [
    *bevilling.load(ROOT / "ledger").ledgers,
    *bevilling.load(ROOT / "examples" / "ledgers").ledgers,
]
"""Every shipped ledger."""


def index_of(values: dict[int, Decimal]) -> PriceIndex:
    """An (invented) index with these values."""
    entries = tuple(
        IndexEntry(year, str(value), value, Location("i.yaml", n))
        for n, (year, value) in enumerate(values.items(), start=4)
    )
    return PriceIndex(source="opdigtet", entries=entries, location=Location("i.yaml", 1))


def exactly(ledger: Ledger, amount: Decimal, target: int) -> Fraction:
    """``amount`` of ``ledger`` at ``target`` p/l with the example index, as a Fraction."""
    assert ledger.price_level is not None
    assert INDEX is not None
    ratio = INDEX.ratio(ledger.price_level, target)
    assert ratio is not None
    return Fraction(amount) * ratio


def half_even(value: Fraction, places: int = 0) -> Decimal:
    """``value`` rounded half to even (what reports print)."""
    return Decimal(round(value * 10**places)).scaleb(-places)


# --- exactness -----------------------------------------------------------------------------

VALUES = st.integers(min_value=1, max_value=10**5).map(lambda n: D(n).scaleb(-1))


@given(st.lists(VALUES, min_size=7, max_size=7), st.integers(min_value=2014, max_value=2020))
def test_every_shipped_ledger_converts_to_a_common_level_and_back_exactly(
    values: list[Decimal], common: int
) -> None:
    """Every amount and profile year of every shipped ledger (a ledger without a level taken
    to be at 2015 p/l), converted to a common level and back, is exactly what was written."""
    index = index_of(dict(zip(range(2014, 2021), values, strict=True)))
    for written in ALL_SHIPPED:
        ledger = written if written.price_level else attrs.evolve(written, price_level=2015)
        there = Converter([ledger], ledger.unit, 0, target=common, index=index)
        assert ledger.price_level is not None
        back_ratio = index.ratio(common, ledger.price_level)
        assert back_ratio is not None
        for a in ledger.appropriations:
            for amount in (a.amount, *(a.profile.values() if a.profile else ())):
                converted = there.exact(amount, ledger)
                back = Fraction(converted) * back_ratio
                assert Fraction(amount) == back


def test_totals_of_the_two_budget_notes_at_2017_are_the_sum_of_the_converted_rows() -> None:
    """BI2 (2016 p/l) and BIIe (2017 p/l) at 2017 p/l: each group and the grand total are the
    exact sums of the converted rows, rounded once (BI2's 1.500 is 1.536,76...)."""
    result = totals(WITH_INDEX, "ledger", filter=PROPOSED, price_level=2017)
    rows = [(e.ledger, e.appropriation.amount) for e in PROPOSED.apply(WITH_INDEX)]
    exact = sum((exactly(ledger, amount, 2017) for ledger, amount in rows), Fraction(0))
    assert half_even(exact) == result.total == Decimal(6937)
    assert [Decimal(1537), Decimal(5400)] == [g.amount for g in result.groups]
    assert (2017, (2017,), ()) == (result.prices.target, result.prices.levels, result.prices.mixed)


def test_expiring_rows_are_rounded_and_the_total_is_the_exact_sum() -> None:
    """Each row is its own exact value rounded; the total is the exact sum rounded once."""
    result = expiring(WITH_INDEX, 2016, filter=PROPOSED, price_level=2017)
    assert [Decimal(1025), Decimal(512)] == [r.amount for r in result.rows]
    exact = sum((exactly(r.ledger, r.appropriation.amount, 2017) for r in result.rows), Fraction(0))
    assert half_even(exact) == result.total == Decimal(1537)


def test_timeline_converts_every_year_and_the_year_totals_are_exact_sums() -> None:
    """At 2016 p/l the BIIe years shrink by 102/104,5; a year's total is the exact sum."""
    result = timeline(WITH_INDEX, filter=PROPOSED, price_level=2016)
    assert (Decimal(1500), Decimal(2635)) == (result.available(2016), result.available(2017))
    biie = Fraction(2700) * Fraction(1020, 1045)
    assert half_even(biie) == result.available(2018) == result.lapsing(2018)


def test_rounding_is_half_to_even_and_only_when_the_result_is_made() -> None:
    """508,5 rounds to 508 and 509,5 to 510 (half to even, as the printed figures do)."""
    index = index_of({2016: D(100), 2017: D("101.7")})
    ledger = attrs.evolve(ALL_SHIPPED[0], price_level=2016)
    money = Converter([ledger], Unit.THOUSAND_DKK, 0, target=2017, index=index)
    assert (Decimal(508), Decimal(1017)) == (
        money.row(D(500), ledger)[1],
        money.row(D(1000), ledger)[1],
    )
    assert Decimal(510) == money.rounded(Fraction(1019, 2))


def test_exact_sums_stay_decimal_without_a_conversion() -> None:
    """Without a price conversion the arithmetic is the Decimal arithmetic it always was."""
    assert Decimal("3.5") == add_exact([D("1.2"), D("2.3")])
    assert Fraction(7, 2) == add_exact([D("1.5"), Fraction(2)])


# --- refusing and allowing mixed price levels ----------------------------------------------


def test_a_sum_of_two_price_levels_is_refused_naming_the_ledgers() -> None:
    """Without a target, the budget notes' total would add 2016 and 2017 kroner: refused,
    naming each ledger and its level."""
    with pytest.raises(MixedPriceLevelsError) as raised:
        totals(WITH_INDEX, filter=PROPOSED)
    assert [
        ("ledger/bi2-saerlig-indsats-udsatte.yaml", 2016),
        ("ledger/biie-vision-2020-flere-i-fleksjob.yaml", 2017),
    ] == [(str(Path(n.file).relative_to(ROOT)), n.price_level) for n in raised.value.ledgers]
    with (
        use_locale("en"),
        pytest.raises(MixedPriceLevelsError, match=r"different price levels: .*2016 p/l"),
    ):
        totals(WITH_INDEX, filter=PROPOSED)


def test_allowing_mixed_levels_adds_them_and_says_so() -> None:
    """With allow_mixed_price_levels the sum is as written (6.900) and the result, and its
    table's note, name the ledgers."""
    result = totals(WITH_INDEX, filter=PROPOSED, allow_mixed_price_levels=True)
    assert (Decimal(6900), None, 2) == (result.total, result.prices.level, len(result.prices.mixed))
    text = render_totals(result, locale="en")
    assert "Warning: adds amounts of different price levels" in text


def test_a_report_over_one_level_is_unchanged() -> None:
    """Approved money (no price level stated) reports as it always did, index or not."""
    plain = expiring(bevilling.load(ROOT / "ledger"), 2016)
    with_index = expiring(WITH_INDEX, 2016)
    assert (plain.total, plain.rows) == (with_index.total, with_index.rows)
    assert (None, ()) == (with_index.prices.target, with_index.prices.mixed)


def test_timeline_refuses_only_a_year_that_adds_two_levels() -> None:
    """All phases: each year holds non-zero money of one stated level only (BI2's 2017-2019
    are 0), so the timeline is reported; a year that adds two levels is refused."""
    result = timeline(WITH_INDEX, filter=Filter(phase="all"))
    assert ((2016, 2017), ()) == (result.prices.levels, result.prices.mixed)
    text = """
format: bevilling/1
title: T
document: D
unit: 1000 DKK
price_level: 2016
tables:
  - {name: T, category: driftsmidler, appropriations: [{title: A, profile: {2017: 5}}]}
"""
    other = bevilling.load_string(text.replace("2016", "2017").replace("T\n", "U\n"), "u.yaml")
    both = LedgerSet(ledgers=(*bevilling.load_string(text, "t.yaml").ledgers, *other.ledgers))
    with pytest.raises(MixedPriceLevelsError):
        timeline(both, allow_errors=True)  # the two tables look copied: not the point here


def test_a_ledger_without_a_level_cannot_be_converted() -> None:
    """With a target, approved money (no `price_level`) is refused, saying why."""
    with use_locale("en"):
        with pytest.raises(MixedPriceLevelsError, match=r"udsatte-2015.yaml \(no price level"):
            totals(WITH_INDEX, filter=Filter(phase="all"), price_level=2017)
        result = totals(
            WITH_INDEX, filter=Filter(phase="all"), price_level=2017,
            allow_mixed_price_levels=True,
        )  # fmt: skip
    assert ("udsatte-2015.yaml", None) == (
        Path(result.prices.mixed[0].file).name,
        result.prices.mixed[0].price_level,
    )


def test_a_year_the_index_lacks_is_refused_with_the_reason() -> None:
    """A target the index does not cover names the index and the year."""
    with (
        use_locale("en"),
        pytest.raises(MixedPriceLevelsError, match="has no usable value for 2030"),
    ):
        totals(WITH_INDEX, filter=PROPOSED, price_level=2030)


def test_no_index_converts_only_what_is_already_at_the_target() -> None:
    """Without an index, 2017 p/l ledgers are at 2017 p/l already; 2016 cannot be converted."""
    shipped = bevilling.load(ROOT / "ledger")
    with use_locale("en"), pytest.raises(MixedPriceLevelsError, match="no price index"):
        totals(shipped, filter=PROPOSED, price_level=2017)
    only_biie = Filter(phase="proposed", source="Budgetnotat BIIe Vision 2020: Flere i fleksjob")
    assert Decimal(5400) == totals(shipped, filter=only_biie, price_level=2017).total


# --- list and show ---------------------------------------------------------------------------


def test_list_converts_each_row_and_names_the_level_in_its_header() -> None:
    """`list` at 2017 p/l: BI2-1's 1.000 is 1.025 in the table and 1000 × 104,5 / 102,0 =
    1024,509804 in CSV (data keeps six decimals: attack 7 #33); the header says "(2017 p/l)"."""
    chosen = PROPOSED.apply(WITH_INDEX)
    text = render_list(chosen, "csv", locale="en", csv_dialect="plain", price_level=2017,
                       price_index=INDEX)  # fmt: skip
    assert "Amount (2017 p/l)" in text.splitlines()[0]
    assert ",1024.509804," in text.splitlines()[1]
    table = render_list(chosen, locale="en", price_level=2017, price_index=INDEX)
    assert " 1,025 " in table.splitlines()[4]


MIO_AT_2018 = """
format: bevilling/1
title: B
document: D
unit: mio DKK
price_level: 2018
tables:
  - name: T
    category: indsatsmidler
    stated_total: 2.5
    appropriations:
      - {id: B1, title: Fire, amount: 1.3, expires: 2016}
      - {id: B2, title: Fem, amount: 1.2, profile: {2016: 0.6, 2017: 0.6}}
"""


def test_data_outputs_keep_converted_decimals_so_profiles_add_up() -> None:
    """Attack 7 #33: at 2016 p/l (index 102,0 / 106,0) B2's 1,2 mio. kr. is 1,154717 and its
    profile 0,577358 + 0,577358: the JSON record and the CSV said 1,2 and 0,6 + 0,6 (rounded to
    the ledger's 0,1), so a spreadsheet summing the export was off by up to 0,05 a figure."""
    ledgers = bevilling.load_string(MIO_AT_2018, "b.yaml")
    entries = list(ledgers.entries())
    document = json.loads(render_list(entries, "json", price_level=2016, price_index=INDEX))
    converted = {r["id"]: r["converted"] for r in document["appropriations"]}
    assert {"price_level": 2016, "amount": "1.250943", "profile": None} == converted["B1"]
    assert {"2016": "0.577358", "2017": "0.577358"} == converted["B2"]["profile"]
    assert "1.154717" == converted["B2"]["amount"]
    csv = render_list(entries, "csv", csv_dialect="plain", price_level=2016, price_index=INDEX)
    assert ["1.250943", "1.154717"] == [line.split(",")[6] for line in csv.splitlines()[1:3]]


def test_list_refuses_rows_it_cannot_convert_unless_allowed() -> None:
    """Approved rows have no price level: refused, or shown as written with a note."""
    with pytest.raises(MixedPriceLevelsError):
        render_list(WITH_INDEX.entries(), price_level=2017)
    text = render_list(WITH_INDEX.entries(), price_level=2017, allow_mixed_price_levels=True,
                       locale="en")  # fmt: skip
    assert "Warning: not converted to 2017 p/l" in text
    prices = listing_prices(WITH_INDEX.entries(), 2017, INDEX)
    assert ["udsatte-2015.yaml"] == [Path(n.file).name for n in prices.mixed]


def test_show_gives_the_amount_as_printed_and_converted() -> None:
    """`show BI2-1 --price-level 2017`: both amounts and both profiles, rounded as printed in
    the text; JSON `converted` keeps six decimals."""
    entry = next(e for e in WITH_INDEX.entries() if e.appropriation.id == "BI2-1")
    text = render_show(entry, locale="en", price_level=2017, price_index=INDEX)
    fields = [line.split("  ")[0] + " = " + line.split()[-1] for line in text.splitlines()[4:]]
    assert "Amount (DKK thousand) = 1,000" in fields
    assert "Amount (DKK thousand, 2017 p/l) = 1,025" in fields
    assert "Profile (2017 p/l) = 1,025" in fields
    document = render_show(entry, "json", price_level=2017, price_index=INDEX)
    assert '"converted": {\n    "price_level": 2017,\n    "amount": "1024.509804"' in document


def test_show_says_why_it_cannot_convert() -> None:
    """A row without a price level: the converted field says why instead of a figure."""
    entry = next(e for e in WITH_INDEX.entries() if e.appropriation.id == "D11")
    text = render_show(entry, locale="en", price_level=2017, price_index=INDEX)
    assert "cannot be converted: the ledger states no price level" in text


def test_the_mixed_levels_error_survives_pickling() -> None:
    """Exception pickling (multiprocessing, concurrent.futures) called __init__ with the
    message and failed; the error comes back with its ledgers, target and message."""
    with pytest.raises(MixedPriceLevelsError) as raised:
        totals(WITH_INDEX, filter=PROPOSED)
    copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own bytes
    assert (raised.value.ledgers, None, str(raised.value)) == (copy.ledgers, copy.target, str(copy))


def test_level_note_is_built_on_first_use_and_is_one_class() -> None:
    """`LevelNote` is built when first used; `bevilling.reports.LevelNote`,
    `bevilling.reports.prices.LevelNote` and a pickle all give the one class, which says it
    belongs to bevilling.reports.prices."""
    code = (
        "import sys, pickle, bevilling.reports.prices as p;"
        " before = 'bevilling.reports._price_notes' in sys.modules;"
        " from bevilling.reports import LevelNote; import bevilling.reports._price_notes as q;"
        " print(before, LevelNote is p.LevelNote is q.LevelNote,"
        " pickle.loads(pickle.dumps(p.LevelNote('a.yaml', 2016))) == q.LevelNote('a.yaml', 2016),"
        " LevelNote.__module__, 'LevelNote' in dir(p))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False True True bevilling.reports.prices True" == done.stdout.splitlines()[-1]


def test_show_csv_keeps_the_converted_decimals() -> None:
    """Attack 8 #2: `show --format csv --price-level 2017` rounded the converted amount to the
    ledger's 0,1 (1,3 beside a profile of 0,6 + 0,6); CSV is data, as list's and JSON are:
    1,2 × 104,5 / 102,0 = 1,229412 and 0,6 × 104,5 / 102,0 = 0,614706."""
    ledgers = bevilling.load_string(MIO_AT_2018.replace("2018", "2016", 1), "b.yaml")
    entry = next(e for e in ledgers.entries() if e.appropriation.id == "B2")
    text = render_show(entry, "csv", csv_dialect="plain", price_level=2017, price_index=INDEX)
    rows = dict(csv.reader(text.splitlines()[1:]))
    assert "1.229412" == rows["Beløb (mio. kr., 2017 p/l)"]
    assert ("0.614706", "0.614706") == (
        rows["Profil (2017 p/l) 2016"],
        rows["Profil (2017 p/l) 2017"],
    )


def test_show_says_the_index_is_missing_not_the_price_level() -> None:
    """Attack 8 #3: without an index `show` said "the ledger states no price level" of a
    ledger that states one."""
    ledgers = bevilling.load_string(MIO_AT_2018, "b.yaml")
    entry = next(iter(ledgers.entries()))
    with use_locale("en"):
        text = render_show(entry, locale="en", price_level=2017)
    assert "cannot be converted: no price index is loaded" in text
    with pytest.raises(TypeError, match="price_level takes a year as an int"):
        render_show(entry, price_level="2017")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="price_level takes a year as an int"):
        render_list([entry], price_level=2017.0)  # type: ignore[arg-type]
