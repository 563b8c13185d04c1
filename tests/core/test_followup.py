"""Tests for bevilling.core.followup: granted, changes, spent, remaining and lapses per year."""

from __future__ import annotations

from decimal import Decimal

import bevilling
from bevilling.core.followup import Book, granted_in
from bevilling.core.model import Change, ChangeKind, ChangeSide, Expiry, LedgerSet, Spending, Unit
from bevilling.core.problems import Location

LEDGER = bevilling.load_string(
    "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
    "  - name: T1\n    category: driftsmidler\n    appropriations:\n"
    "      - {id: Y, title: A, amount: 900, expires: 2016}\n"
    "      - {id: P, title: B, profile: {2016: 600, 2017: 400}}\n"
    "      - {id: O, title: C, amount: 531, expires: open}\n"
)
Y, P, OPEN = LEDGER.ledgers[0].appropriations
AT = Location("c.yaml", 1)


def test_granted_in_a_year() -> None:
    """A year expiry: the amount in that year; a profile: its year; open: every year."""
    assert [Decimal(900), Decimal(0), Decimal(400), Decimal(0), Decimal(531)] == [
        granted_in(Y, 2016), granted_in(Y, 2015), granted_in(P, 2017), granted_in(P, 2018),
        granted_in(OPEN, 1999),
    ]  # fmt: skip


def _book() -> tuple[Book, LedgerSet]:
    def extension(line: int, year: int) -> Change:
        return Change(
            kind=ChangeKind.EXTENSION, decision="x", unit=Unit.DKK, location=Location("c", line),
            appropriation="Y", expires=Expiry.in_year(year),
        )  # fmt: skip

    carry = Change(
        kind=ChangeKind.CARRY_OVER,
        decision="x",
        unit=Unit.DKK,
        location=AT,
        appropriation="Y",
        sides=(
            ChangeSide(appropriation="Y", year=2016, amount=Decimal(-100000), location=AT),
            ChangeSide(appropriation="Y", year=2017, amount=Decimal(100000), location=AT),
        ),
    )
    spent = Spending(
        appropriation="Y", year=2016, amount=Decimal("700.5"), unit=Unit.THOUSAND_DKK,
        location=AT,
    )  # fmt: skip
    ledgers = LedgerSet(
        ledgers=LEDGER.ledgers,
        changes=(extension(9, 2018), carry, extension(5, 2017)),
        spending=(spent,),
    )
    return Book(ledgers), ledgers


def test_positions_carry_over_and_lapse() -> None:
    """2016: 900 − 100 carried − 700,5 spent leaves 99,5, which does not lapse (extended to
    2018, the last forlængelse by line); 2017: the 100 carried; unspent over the life: 199,5."""
    book, ledgers = _book()
    entry = next(iter(ledgers.entries()))
    first = book.position(entry, 2016)
    second = book.position(entry, 2017, Unit.DKK)
    assert (Decimal(900), Decimal(-100), Decimal("700.5"), Decimal("99.5"), Decimal(0)) == (
        first.granted, first.changes, first.spent, first.remaining, first.lapses,
    )  # fmt: skip
    assert (Decimal(100000), Decimal(100000)) == (second.available, second.remaining)
    assert Expiry.in_year(2018) == book.expiry(Y)
    assert Decimal("199.5") == book.unspent(entry, Unit.THOUSAND_DKK)
    assert [2016, 2017] == book.years("Y")


def test_what_lapses_is_never_negative() -> None:
    """Overspent in its expiry year: nothing lapses."""
    spent = Spending(appropriation="P", year=2017, amount=Decimal(500), unit=Unit.THOUSAND_DKK,
                     location=AT)  # fmt: skip
    ledgers = LedgerSet(ledgers=LEDGER.ledgers, spending=(spent,))
    entry = list(ledgers.entries())[1]
    position = Book(ledgers).position(entry, 2017)
    assert (Decimal(-100), Decimal(0)) == (position.remaining, position.lapses)
