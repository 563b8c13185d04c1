"""Tests for bevilling.core.prices: the exact ratio between two price levels."""

from __future__ import annotations

import pickle
import subprocess
import sys
from decimal import Decimal
from fractions import Fraction

import attrs
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.money import D
from bevilling.core.prices import IndexEntry, PriceIndex
from bevilling.core.problems import Location
from tests.conftest import ROOT

#: Index values as a user writes them: positive, one or two decimals (invented in tests).
VALUES = st.integers(min_value=1, max_value=10**6).map(lambda n: D(n).scaleb(-1))


def index_of(values: dict[int, Decimal | None]) -> PriceIndex:
    """A price index with these values (None: a value that is not a number)."""
    entries = tuple(
        IndexEntry(year, str(value), value, Location("i.yaml", line))
        for line, (year, value) in enumerate(values.items(), start=4)
    )
    return PriceIndex(source="opdigtet", entries=entries, location=Location("i.yaml", 1))


def test_ratio_is_the_exact_quotient_of_the_two_values() -> None:
    """2016 → 2017 is index[2017] / index[2016] as a Fraction, not a rounded Decimal."""
    index = index_of({2016: D("102.0"), 2017: D("104.5")})
    assert Fraction(1045, 1020) == index.ratio(2016, 2017)
    assert Fraction(1020, 1045) == index.ratio(2017, 2016)


def test_same_year_needs_no_value() -> None:
    """Converting a level to itself is 1, even when the index does not list the year."""
    assert Fraction(1) == index_of({}).ratio(2016, 2016)


def test_missing_unusable_and_repeated_years_give_no_ratio() -> None:
    """No ratio for a year that is missing, not a number, not positive, or listed twice."""
    index = index_of({2015: None, 2016: D(100), 2017: D(0), 2018: D(-1)})
    doubled = PriceIndex(
        source="opdigtet",
        entries=(*index.entries, IndexEntry(2016, "101", D(101), Location("i.yaml", 9))),
        location=Location("i.yaml", 1),
    )
    assert [None, None, None, None] == [
        index.ratio(2016, 2015),
        index.ratio(2016, 2017),
        index.ratio(2018, 2016),
        doubled.ratio(2016, 2019),
    ]
    assert (None, D(100)) == (doubled.value(2016), index.value(2016))


@given(VALUES, VALUES, VALUES, st.integers(min_value=-(10**15), max_value=10**15))
def test_a_round_trip_through_any_levels_is_exact(
    a: Decimal, b: Decimal, c: Decimal, units: int
) -> None:
    """Any amount converted from A to B to C and back to A is exactly the amount."""
    index = index_of({2015: a, 2016: b, 2017: c})
    amount = Fraction(D(units).scaleb(-6))
    there = amount * index.ratio(2015, 2016) * index.ratio(2016, 2017)  # type: ignore[operator]
    back = there * index.ratio(2017, 2015)  # type: ignore[operator]
    assert amount == back


def _run(code: str) -> str:
    """The last line ``code`` prints, run in a fresh interpreter (nothing imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()[-1]


def test_the_index_classes_are_built_on_first_use() -> None:
    """`INDEX_FORMAT` (which the loader needs for every file) builds no class; the first use of
    `PriceIndex` builds both, and every way of reaching them gives the same objects."""
    code = (
        "import sys; from bevilling.core.prices import INDEX_FORMAT;"
        " before = 'bevilling.core._index' in sys.modules;"
        " import bevilling, pickle, bevilling.core.prices as p, bevilling.core._index as i;"
        " print(before, bevilling.PriceIndex is p.PriceIndex is i.PriceIndex,"
        " p.IndexEntry is i.IndexEntry, pickle.loads(pickle.dumps(p.PriceIndex)) is i.PriceIndex,"
        " p.PriceIndex.__module__, 'IndexEntry' in dir(p))"
    )
    assert "False True True True bevilling.core.prices True" == _run(code)


def test_an_index_object_pickles_and_evolves() -> None:
    """A PriceIndex made by the class built on first use pickles and evolves as before."""
    index = index_of({2016: D("100.0"), 2017: D("101.7")})
    again = pickle.loads(pickle.dumps(index))  # noqa: S301 - our own bytes
    assert (index, PriceIndex) == (again, type(again))
    assert "KL" == attrs.evolve(index, source="KL").source
