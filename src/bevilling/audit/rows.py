"""The rows of a ledger set as columns, and the facts several checks need, computed once.

Every check used to walk all rows itself, reading the same attributes and working out the
same facts (is any figure negative? which rows have a profile, and the last year it funds?).
:func:`rows_of` gives one :class:`Rows` per ledger set, kept while the ledger set lives (a
ledger set is immutable, so its facts never go stale): the rows in file order and columns of
their fields, read once with C-level ``map`` where that suffices, and facts computed on first
use.  The facts are *pre-tests*: each names the rows that may give a finding (a superset),
and the check applies its own exact test to those rows only, so the findings and their order
are those of a walk over every row.

Nothing here knows a check code, writes a message or holds the ledger set itself (only its
ledgers), so a memoised :class:`Rows` never keeps a ledger set alive.
"""

from __future__ import annotations

import functools
import itertools
import operator
import weakref
from collections.abc import Callable, Hashable
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any, TypeVar

from bevilling.core.model import Appropriation, ExpiryKind, Ledger, LedgerSet, Profile, Table
from bevilling.core.money import ZERO

__all__ = ["Row", "Rows", "forget", "rows_of", "whole"]

_ONE = Decimal(1)

_T = TypeVar("_T")

#: A row with its ledger and table (unpacked as ``LedgerSet.entries()`` gives them).
Row = tuple[Ledger, Table, Appropriation]

_MEMO: weakref.WeakKeyDictionary[LedgerSet, Rows] = weakref.WeakKeyDictionary()


def rows_of(ledgers: LedgerSet) -> Rows:
    """The :class:`Rows` of ``ledgers``, built on the first call for this ledger set."""
    found = _MEMO.get(ledgers)
    if found is None:
        found = _MEMO[ledgers] = Rows(ledgers.ledgers)
    return found


def forget(ledgers: LedgerSet) -> None:
    """Drop the :class:`Rows` of ``ledgers`` (``check`` does when it is done: a command that
    keeps two ledger sets, ``diff``, need not keep their columns too)."""
    _MEMO.pop(ledgers, None)


def whole(figures: list[Decimal]) -> bool:
    """True when every figure is written without decimals and without an exponent (its
    exponent is 0: ``1200``, ``-0``; not ``1.20``, ``1.0`` or ``1E+3``).  A C-level pass."""
    return all(map(_ONE.same_quantum, figures))


class Rows:
    """The rows of the ledgers, in file order, with columns and memoised facts."""

    def __init__(self, ledgers: tuple[Ledger, ...]) -> None:
        self.ledgers = ledgers
        """The ledgers, in path order."""
        self._columns: dict[str, list[Any]] = {}
        self._facts: dict[Callable[[Rows], Any], Any] = {}
        # id(ledger) -> (ledger, its decimal places)
        self._places: dict[int, tuple[Ledger, int]] = {}

    def decimal_places(self, ledger: Ledger) -> int:
        """``ledger.decimal_places()`` (for one of these ledgers), once per ledger set: 0 when
        every amount and stated table total is written without decimals and exponent (one
        C-level pass), else the ledger's own count."""
        known = self._places.get(id(ledger))
        if known is None:
            stated = [t.stated_total for t in ledger.tables if t.stated_total is not None]
            if self.whole_amounts and whole(stated):
                places = 0  # the common case, in C-level passes
            else:
                figures = list(map(attrgetter("amount"), ledger.appropriations))
                places = 0 if whole(figures) and whole(stated) else ledger.decimal_places()
            known = self._places[id(ledger)] = (ledger, places)
        return known[1]

    def fact(self, compute: Callable[[Rows], _T]) -> _T:
        """``compute(self)``, computed on the first call for this ledger set and kept: for a
        fact of one family of checks that several of its checks read (it must hold no
        message, which depends on the locale, and not the ledger set)."""
        if compute not in self._facts:
            self._facts[compute] = compute(self)
        return self._facts[compute]  # type: ignore[no-any-return]

    def column(self, attribute: str) -> list[Any]:
        """The rows' values of ``attribute`` (dotted for a nested one: ``expiry.year``), in
        row order, read once."""
        found = self._columns.get(attribute)
        if found is None:
            found = self._columns[attribute] = list(map(attrgetter(attribute), self.rows))
        return found

    @functools.cached_property
    def entries(self) -> list[Row]:
        """Every row with its ledger and table (as ``LedgerSet.entries()``), in file order."""
        return list(zip(self._ledger_column, self._table_column, self.rows, strict=True))

    @functools.cached_property
    def _tables(self) -> list[Table]:
        return list(itertools.chain.from_iterable(map(attrgetter("tables"), self.ledgers)))

    @functools.cached_property
    def _table_column(self) -> list[Table]:
        """Each row's table (C-level: each table repeated as often as it has rows)."""
        sizes = map(len, map(attrgetter("appropriations"), self._tables))
        return list(itertools.chain.from_iterable(map(itertools.repeat, self._tables, sizes)))

    @functools.cached_property
    def _ledger_column(self) -> list[Ledger]:
        """Each row's ledger."""
        sizes = (sum(len(t.appropriations) for t in ledger.tables) for ledger in self.ledgers)
        return list(itertools.chain.from_iterable(map(itertools.repeat, self.ledgers, sizes)))

    @functools.cached_property
    def rows(self) -> list[Appropriation]:
        """Every row, in file order."""
        return list(itertools.chain.from_iterable(map(attrgetter("appropriations"), self._tables)))

    @functools.cached_property
    def amounts(self) -> list[Decimal]:
        """The rows' amounts."""
        return self.column("amount")

    @functools.cached_property
    def profiles(self) -> list[Profile | None]:
        """The rows' profiles (None for a row without one)."""
        return self.column("profile")

    @functools.cached_property
    def profile_values(self) -> list[Decimal]:
        """Every year's figure of every profile, in row and year order."""
        pairs = itertools.chain.from_iterable(map(attrgetter("pairs"), filter(None, self.profiles)))
        return list(map(itemgetter(1), pairs))

    @functools.cached_property
    def expiry_years(self) -> list[int | None]:
        """The rows' expiry years (None for an open or declining expiry)."""
        return self.column("expiry.year")

    @functools.cached_property
    def expiry_kinds(self) -> list[ExpiryKind]:
        """The rows' kinds of expiry."""
        return self.column("expiry.kind")

    @functools.cached_property
    def _has_profile(self) -> list[bool]:
        """For each row, whether it has a profile."""
        return list(map(operator.is_not, self.profiles, itertools.repeat(None)))

    @functools.cached_property
    def profile_mismatches(self) -> frozenset[int]:
        """The ids of the rows whose amount differs from the sum of their profile (the sums
        made as ``Profile.total`` makes them, in C-level passes over all profiles)."""
        rows = list(itertools.compress(self.rows, self._has_profile))
        profiles = itertools.compress(self.profiles, self._has_profile)
        values = map(map, itertools.repeat(itemgetter(1)), map(attrgetter("pairs"), profiles))
        totals = map(sum, values, itertools.repeat(ZERO))
        amounts = map(attrgetter("amount"), rows)
        return frozenset(map(id, itertools.compress(rows, map(operator.ne, amounts, totals))))

    @functools.cached_property
    def signed_or_zero(self) -> list[Row]:
        """The rows whose amount is 0 or less, or with a profile year written negative or
        ``-0`` (a sign): every row with a negative figure or a zero amount is among them."""
        amounts = self.amounts
        if (not amounts or min(amounts) > 0) and not any(
            map(Decimal.is_signed, self.profile_values)
        ):
            return []  # the common case, told by two C-level passes
        return [
            entry
            for entry in self.entries
            if entry[2].amount <= 0
            or (
                entry[2].profile is not None
                and any(value.is_signed() for _year, value in entry[2].profile.pairs)
            )
        ]

    @functools.cached_property
    def whole_amounts(self) -> bool:
        """True when every row's amount is written without decimals and exponent."""
        return whole(self.amounts)

    @functools.cached_property
    def whole_ledgers(self) -> frozenset[int]:
        """The ids of the ledgers none of whose tables' figures (stated totals and year
        totals, rows' amounts and profile years) is written with decimals or an exponent
        (:func:`whole`): then no table of it is."""
        stated: list[Decimal] = []
        for table in self._tables:
            if table.stated_total is not None:
                stated.append(table.stated_total)
            if table.stated_years is not None:
                stated.extend(map(itemgetter(1), table.stated_years.pairs))
        if self.whole_amounts and whole(self.profile_values) and whole(stated):
            return frozenset(map(id, self.ledgers))  # the common case, in C-level passes
        found = set()
        for ledger in self.ledgers:
            rows = [a for table in ledger.tables for a in table.appropriations]
            figures = list(map(attrgetter("amount"), rows))
            profiles = filter(None, map(attrgetter("profile"), rows))
            pairs = itertools.chain.from_iterable(map(attrgetter("pairs"), profiles))
            figures.extend(map(itemgetter(1), pairs))
            for table in ledger.tables:
                if table.stated_total is not None:
                    figures.append(table.stated_total)
                if table.stated_years is not None:
                    figures.extend(map(itemgetter(1), table.stated_years.pairs))
            if whole(figures):
                found.add(id(ledger))
        return frozenset(found)

    @functools.cached_property
    def profile_ends(self) -> list[tuple[Row, Profile, int, int | None]]:
        """The rows with an expiry year and a profile, each with the profile, that year and
        the last year the profile funds (a non-zero figure; None when every year is 0)."""
        found = []
        year_kind = ExpiryKind.YEAR
        for entry, kind, year, profile in zip(
            itertools.compress(self.entries, self._has_profile),
            itertools.compress(self.expiry_kinds, self._has_profile),
            itertools.compress(self.expiry_years, self._has_profile),
            itertools.compress(self.profiles, self._has_profile),
            strict=True,
        ):
            if profile is None or kind is not year_kind or year is None:
                continue
            pairs = profile.pairs
            if pairs and pairs[-1][1]:
                last: int | None = pairs[-1][0]
            else:
                last = next((y for y, value in reversed(pairs) if value), None)
            found.append((entry, profile, year, last))
        return found

    @functools.cached_property
    def declining(self) -> list[tuple[Row, Profile]]:
        """The rows marked declining ("Faldende profil") that have a profile, with it."""
        declining = ExpiryKind.DECLINING
        return [
            (entry, profile)
            for entry, kind, profile in zip(
                self.entries, self.expiry_kinds, self.profiles, strict=True
            )
            if kind is declining and profile is not None
        ]

    def repeated(self, column: list[Hashable]) -> bool:
        """True when two values of ``column`` (one per row) are equal (a C-level pass)."""
        return len(set(column)) != len(column)
