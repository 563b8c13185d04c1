"""Tests for bevilling.core.followup: granted, changes, spent, remaining and lapses per year."""

from __future__ import annotations

from decimal import Decimal

import attrs

import bevilling
from bevilling.core.followup import Book, extended_expiries, granted_in, placed_expiry
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
    """Y is a pool (900, no profile) extended to 2018 (the last forlængelse by line): 2016: 900
    − 100 carried − 700,5 spent leaves 99,5, which carries on (a pool lapses only with its
    expiry year); 2017: 99,5 left of the pool + the 100 carried; 2018: the 199,5 left of the
    pool lapses, the unspent over the life."""
    book, ledgers = _book()
    entry = next(iter(ledgers.entries()))
    first = book.position(entry, 2016)
    second = book.position(entry, 2017, Unit.DKK)
    last = book.position(entry, 2018)
    assert (Decimal(900), Decimal(-100), Decimal("700.5"), Decimal("99.5"), Decimal(0)) == (
        first.granted, first.changes, first.spent, first.remaining, first.lapses,
    )  # fmt: skip
    assert (Decimal(99500), Decimal(199500), Decimal(199500), Decimal(0)) == (
        second.granted, second.available, second.remaining, second.lapses,
    )  # fmt: skip
    assert (Decimal("199.5"), Decimal("199.5")) == (last.granted, last.lapses)
    assert (2016, 2018) == book.pool_years(Y)
    assert Expiry.in_year(2018) == book.expiry(Y)
    assert Decimal("199.5") == book.unspent(entry, Unit.THOUSAND_DKK)


def test_what_lapses_is_never_negative() -> None:
    """Overspent in its expiry year: nothing lapses."""
    spent = Spending(appropriation="P", year=2017, amount=Decimal(500), unit=Unit.THOUSAND_DKK,
                     location=AT)  # fmt: skip
    ledgers = LedgerSet(ledgers=LEDGER.ledgers, spending=(spent,))
    entry = list(ledgers.entries())[1]
    position = Book(ledgers).position(entry, 2017)
    assert (Decimal(-100), Decimal(0)) == (position.remaining, position.lapses)


def test_unspent_money_of_a_profile_year_lapses_with_that_year() -> None:
    """P has a profile of 600 in 2016 and 400 in 2017 and expires with 2017. A finance officer
    follows up 2016 with 500 spent: the 100 left lapses with 2016 (a year's money is the
    year's: only an overførsel carries it on), so the report warns before the year ends.
    Carried over, it no longer lapses with 2016; it counts in 2017 and lapses there if unspent.
    Open appropriations never lapse."""
    spent = Spending(appropriation="P", year=2016, amount=Decimal(500), unit=Unit.THOUSAND_DKK,
                     location=AT)  # fmt: skip
    on_open = Spending(appropriation="O", year=2016, amount=Decimal(1), unit=Unit.THOUSAND_DKK,
                       location=AT)  # fmt: skip
    ledgers = LedgerSet(ledgers=LEDGER.ledgers, spending=(spent, on_open))
    _y, p, o = list(ledgers.entries())
    book = Book(ledgers)
    assert (Decimal(100), Decimal(100)) == (
        book.position(p, 2016).remaining, book.position(p, 2016).lapses,
    )  # fmt: skip
    assert (Decimal(530), Decimal(0)) == (
        book.position(o, 2016).remaining, book.position(o, 2016).lapses,
    )  # fmt: skip
    carry = Change(
        kind=ChangeKind.CARRY_OVER, decision="x", unit=Unit.THOUSAND_DKK, location=AT,
        appropriation="P",
        sides=(
            ChangeSide(appropriation="P", year=2016, amount=Decimal(-100), location=AT),
            ChangeSide(appropriation="P", year=2017, amount=Decimal(100), location=AT),
        ),
    )  # fmt: skip
    carried = Book(LedgerSet(ledgers=LEDGER.ledgers, spending=(spent,), changes=(carry,)))
    assert (Decimal(0), Decimal(500)) == (
        carried.position(p, 2016).lapses, carried.position(p, 2017).lapses,
    )  # fmt: skip


def test_nothing_is_granted_after_the_expiry_in_force() -> None:
    """O runs without a fixed expiry (531 a year); a forlængelse fixes its expiry at 2017.
    The follow-up of 2018 showed 531 granted and 531 lapsing for a year it no longer runs in;
    after the expiry in force nothing is granted (before it, the printed amounts stand)."""
    fixed = Change(
        kind=ChangeKind.EXTENSION, decision="x", unit=Unit.DKK, location=AT,
        appropriation="O", expires=Expiry.in_year(2017),
    )  # fmt: skip
    ledgers = LedgerSet(ledgers=LEDGER.ledgers, changes=(fixed,))
    o = list(ledgers.entries())[2]
    book = Book(ledgers)
    assert [(Decimal(531), Decimal(531)), (Decimal(0), Decimal(0))] == [
        (book.position(o, year).granted, book.position(o, year).lapses) for year in (2017, 2018)
    ]


def test_records_on_an_id_two_appropriations_have_are_applied_to_neither() -> None:
    """With a copy of the ledger loaded (duplicate-id, reported under --allow-errors), a
    spending of 400 on Y was counted on each copy: 800 spent in the follow-up's total, a wrong
    figure. Records that point at such an id (a change with one side on it too) are applied to
    none of the copies and listed in Book.unapplied; records on other ids are applied."""
    on_y = Spending(appropriation="Y", year=2016, amount=Decimal(400), unit=Unit.THOUSAND_DKK,
                    location=AT)  # fmt: skip
    on_p = Spending(appropriation="P", year=2016, amount=Decimal(100), unit=Unit.THOUSAND_DKK,
                    location=AT)  # fmt: skip
    moved = Change(
        kind=ChangeKind.REALLOCATION, decision="x", unit=Unit.THOUSAND_DKK, location=AT,
        sides=(ChangeSide(appropriation="Y", year=2016, amount=Decimal(-50), location=AT),
               ChangeSide(appropriation="O", year=2016, amount=Decimal(50), location=AT)),
    )  # fmt: skip
    copy = LEDGER.ledgers[0]
    only_y = copy.tables[0].appropriations[:1]
    other = attrs.evolve(copy, tables=(attrs.evolve(copy.tables[0], appropriations=only_y),))
    ledgers = LedgerSet(ledgers=(copy, other), spending=(on_y, on_p), changes=(moved,))
    book = Book(ledgers)
    y, p, o, y_copy = list(ledgers.entries())
    positions = [book.position(e, 2016) for e in (y, y_copy, p, o)]
    assert [(Decimal(0), Decimal(0))] * 2 + [(Decimal(0), Decimal(100))] + [(0, 0)] == [
        (position.changes, position.spent) for position in positions
    ]
    assert (frozenset({"Y"}), (moved, on_y)) == (book.shared, book.unapplied)
    assert Decimal(900) == book.unspent(y, Unit.THOUSAND_DKK)


def test_a_pool_is_granted_what_is_left_of_it_at_the_start_of_each_year() -> None:
    """Y (900, no profile, expires 2016) spends 200 in 2015: its life starts in 2015 (the first
    year a record names), 2015 is granted 900 and lapses nothing, 2016 is granted the 700 left
    and lapses what it leaves; 2014 (before any record) is granted 0."""
    spent = [
        Spending(appropriation="Y", year=year, amount=Decimal(amount), unit=Unit.THOUSAND_DKK,
                 location=AT)
        for year, amount in ((2015, 200), (2016, 650))
    ]  # fmt: skip
    ledgers = LedgerSet(ledgers=LEDGER.ledgers, spending=tuple(spent))
    book = Book(ledgers)
    entry = next(iter(ledgers.entries()))
    figures = [
        (p.granted, p.spent, p.remaining, p.lapses)
        for p in (book.position(entry, year) for year in (2014, 2015, 2016, 2017))
    ]
    assert [
        (Decimal(0), Decimal(0), Decimal(0), Decimal(0)),
        (Decimal(900), Decimal(200), Decimal(700), Decimal(0)),
        (Decimal(700), Decimal(650), Decimal(50), Decimal(50)),
        (Decimal(0), Decimal(0), Decimal(0), Decimal(0)),
    ] == figures
    assert ((2015, 2016), None, None) == (
        book.pool_years(Y), book.pool_years(P), book.pool_years(OPEN),
    )  # fmt: skip


def test_the_placed_expiry_is_the_extended_or_lapse_year() -> None:
    """A forlængelse's expiry wins; else a profile's last funded year before the printed
    expiry; else the printed expiry."""
    short = (
        bevilling.load_string(
            "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
            "  - name: T1\n    category: driftsmidler\n    appropriations:\n"
            "      - {id: S, title: A, expires: 2018, profile: {2016: 1, 2017: 1}}\n"
        )
        .ledgers[0]
        .appropriations[0]
    )
    extension = Change(
        kind=ChangeKind.EXTENSION, decision="x", unit=Unit.DKK, location=AT,
        appropriation="Y", expires=Expiry.in_year(2019),
    )  # fmt: skip
    extended = extended_expiries(LedgerSet(ledgers=LEDGER.ledgers, changes=(extension,)))
    assert {"Y": Expiry.in_year(2019)} == extended
    assert [Expiry.in_year(2019), Expiry.in_year(2016), Expiry.in_year(2017), Expiry.open()] == [
        placed_expiry(Y, extended), placed_expiry(Y), placed_expiry(short),
        placed_expiry(OPEN, extended),
    ]  # fmt: skip
