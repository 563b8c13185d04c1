"""The rows as columns and the facts the checks share (audit/rows.py)."""

from __future__ import annotations

import gc
import weakref
from decimal import Decimal

import bevilling
from bevilling.audit.rows import rows_of, whole
from bevilling.core.model import ExpiryKind
from tests.audit.helpers import HEAD

_BODY = """\
tables:
  - name: T1
    category: driftsmidler
    stated_total: 10
    appropriations:
      - {id: A1, title: a, amount: 500, expires: 2016}
      - {id: A2, title: b, amount: 0, expires: 2016}
      - {id: A3, title: c, profile: {2016: 300, 2017: -0}, expires: 2017}
      - {id: A4, title: d, profile: {2016: 300, 2017: 0}, amount: 400, expires: 2016}
      - {id: A5, title: e, profile: {2016: 5, 2017: 9}, expires: Faldende profil}
      - {id: A6, title: f, amount: -3, expires: 2015}
  - name: T2
    category: driftsmidler
    stated_years: {2016: 1.5}
    appropriations:
      - {id: B1, title: g, amount: 1.20, expires: 2016}
      - {id: B2, title: h, profile: {2016: 0, 2017: 0}, expires: 2018}
"""


def _ledgers() -> bevilling.LedgerSet:
    ledgers = bevilling.load_string(HEAD + _BODY, "t.yaml")
    assert () == ledgers.problems
    return ledgers


def test_rows_are_the_entries_in_file_order() -> None:
    """The rows, their ledgers and tables are those of ``LedgerSet.entries()``."""
    ledgers = _ledgers()
    rows = rows_of(ledgers)
    assert [tuple(e) for e in ledgers.entries()] == rows.entries
    assert [e.appropriation.amount for e in ledgers.entries()] == rows.amounts
    assert [e.appropriation.expiry.year for e in ledgers.entries()] == rows.column("expiry.year")


def test_facts_are_those_of_a_walk_over_every_row() -> None:
    """Each fact names the rows a plain walk over the rows names."""
    ledgers = _ledgers()
    rows = rows_of(ledgers)
    every = [e.appropriation for e in ledgers.entries()]
    ids = {id(a): a.id for a in every}
    assert ["A2", "A3", "A6", "B2"] == [a.id for _l, _t, a in rows.signed_or_zero]
    assert ["A4"] == sorted(ids[i] for i in rows.profile_mismatches)
    assert [("A3", 2017, 2016), ("A4", 2016, 2016), ("B2", 2018, None)] == [
        (a.id, year, last) for (_l, _t, a), _p, year, last in rows.profile_ends
    ]
    assert ["A5"] == [a.id for (_l, _t, a), _p in rows.declining]
    assert all(
        (a.expiry.kind is ExpiryKind.DECLINING and a.profile is not None) == (a.id in {"A5"})
        for a in every
    )
    assert frozenset() == rows.whole_ledgers  # B1 is written 1.20, T2's year total 1.5
    assert not rows.whole_amounts


def test_rows_are_kept_per_ledger_set_and_do_not_keep_it_alive() -> None:
    """One :class:`Rows` per ledger set, built once; it does not keep the set alive."""
    ledgers = _ledgers()
    assert rows_of(ledgers) is rows_of(ledgers)
    assert rows_of(ledgers) is not rows_of(_ledgers())
    gone = weakref.ref(ledgers)
    del ledgers
    gc.collect()
    assert gone() is None


def test_whole_means_no_decimals_and_no_exponent() -> None:
    """A figure is whole when it is written as an integer: not 1.0, 1.20 or 1E+3."""
    assert whole([Decimal("1200"), Decimal("-0"), Decimal("0")])
    for figure in ("1.0", "1.20", "1E+3", "NaN", "Infinity"):
        assert not whole([Decimal(1), Decimal(figure)])
