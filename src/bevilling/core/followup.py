"""The arithmetic of a follow-up: what an appropriation was granted, changed and spent, per year.

Pure functions over the model, shared by the checks (``audit``) and the report (``reports``).
Every figure is exact: amounts of change and spending files are converted to the unit asked for
with :meth:`Unit.convert`, never rounded here.

What an appropriation is **granted** in a year (the printed figures, never edited; nothing
after the expiry in force, when a forlængelse fixes or moves it):

- with a profile: the profile's amount for that year (0 for a year it does not name);
- without a profile, with an expiry year (a **pool**: "500 til og med 2017", an amount and
  an expiry, no yearly split): the pool is there over its whole life, so every year up to
  the expiry in force draws on it.  Granted in a year is what is left of the pool at the
  start of the year: its amount + the changes of the earlier years − their spending
  (:meth:`Book.granted`).  The ledgers do not say when a pool starts: its first year is
  the first year a change or spending record names it, else its expiry year; before that
  it is granted 0.  Its unspent money carries on from year to year and lapses only with the
  expiry year (a profile is what splits money into years);
- without a profile and without a fixed expiry ("Udløb ikke fastsat", "Faldende profil"): its
  amount in every year (an ongoing appropriation's yearly amount; for a declining one the
  year's amount is really unknown, and ``bevilling followup`` shows it as such, while the
  checks compare with the whole amount).

**Changes** in force in a year are the sides of every change for that appropriation and year
(an overførsel from *Y* to *Y + 1* is −amount in *Y* and +amount in *Y + 1*); **spent** is the
sum of its spending in the year; **remaining** = granted + changes − spent.  The amounts of a
change or spending record that points at an id several appropriations have (``duplicate-id``)
are applied to none of them (:attr:`Book.unapplied`): counted on each copy, they would count
twice.  What **lapses**
with a year is the positive remaining of an appropriation with a fixed expiry year (after any
forlængelse), in every year: a year's money is the year's, and only an overførsel carries what
is unspent into the next year (so the unspent money of a profile year before the expiry lapses
with that year, and a forlængelse alone carries nothing); a pool's money lapses only with its
expiry year (see above).  Open and declining appropriations run on: nothing of theirs lapses.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from bevilling.core import model
from bevilling.core.model import Appropriation, Entry, Expiry, ExpiryKind, LedgerSet, Unit
from bevilling.core.money import ZERO

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core.model import Change, ChangeSide, Spending

# The follow-up classes are built when a change or spending file is first read (see
# bevilling.core.model): this module names `model.ChangeKind` only where a change is at hand.

__all__ = ["Book", "Position", "extended_expiries", "granted_in", "placed_expiry"]


def granted_in(a: Appropriation, year: int) -> Decimal:
    """What ``a`` was granted for ``year``, in its ledger's unit, as printed, before any
    change or spending: a pool's whole amount in its printed expiry year only (see
    :meth:`Book.granted` for what a pool holds in a year)."""
    if a.profile is not None:
        return a.profile.get(year, ZERO)
    if a.expiry.kind is ExpiryKind.YEAR:
        return a.amount if a.expiry.year == year else ZERO
    return a.amount


class Position:
    """One appropriation in one year: granted, changes and spent, in one unit.

    A plain value class rather than attrs (``bevilling expiring`` imports this module, and
    attrs generates and compiles a class's methods at import, about 0.5 ms a class); compared
    and hashed by its four figures.
    """

    __slots__ = ("changes", "granted", "lapses", "spent")

    granted: Decimal
    """As printed, for the year."""
    changes: Decimal
    """The sum of the changes in force in the year."""
    spent: Decimal
    """The sum of the spending recorded for the year."""
    lapses: Decimal
    """The positive remaining, with a fixed expiry year (0 for open and declining)."""

    def __init__(
        self, *, granted: Decimal, changes: Decimal, spent: Decimal, lapses: Decimal
    ) -> None:
        self.granted = granted
        self.changes = changes
        self.spent = spent
        self.lapses = lapses

    def _figures(self) -> tuple[Decimal, Decimal, Decimal, Decimal]:
        return (self.granted, self.changes, self.spent, self.lapses)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Position):
            return NotImplemented
        return self._figures() == other._figures()

    def __hash__(self) -> int:
        return hash(self._figures())

    def __repr__(self) -> str:
        return (
            f"Position(granted={self.granted!r}, changes={self.changes!r},"
            f" spent={self.spent!r}, lapses={self.lapses!r})"
        )

    @property
    def available(self) -> Decimal:
        """Granted + changes."""
        return self.granted + self.changes

    @property
    def remaining(self) -> Decimal:
        """Granted + changes − spent."""
        return self.granted + self.changes - self.spent


class Book:
    """The changes and spending of a ledger set, indexed by appropriation and year."""

    def __init__(self, ledgers: LedgerSet) -> None:
        self.ledgers = ledgers
        self.entries: dict[str, Entry] = {}
        shared: set[str] = set()
        for entry in ledgers.entries():
            if entry.appropriation.id in self.entries:
                shared.add(entry.appropriation.id)
            else:
                self.entries[entry.appropriation.id] = entry
        self.shared: frozenset[str] = frozenset(shared)
        """The ids that several appropriations have (``duplicate-id``, reported by
        ``bevilling check``; a report shows them only with ``--allow-errors``)."""
        self.unapplied: tuple[Change | Spending, ...] = ()
        """The change (with amounts) and spending records that point at an id of
        :attr:`shared`: their amounts are applied to none of the appropriations with that id
        (applied to each, a change would be counted once per copy; applied to one, the choice
        would be a guess).  A forlængelse still gives the expiry: it counts no money."""
        unapplied: list[Change | Spending] = []
        self.sides: dict[tuple[str, int], list[tuple[ChangeSide, Change]]] = {}
        self.extensions: dict[str, list[Change]] = {}
        for change in ledgers.changes:
            if change.kind is model.ChangeKind.EXTENSION and change.appropriation is not None:
                # An expiry is the same for every copy: no money is counted twice.
                self.extensions.setdefault(change.appropriation, []).append(change)
            if shared and change.sides and _points_at(change, shared):
                unapplied.append(change)
                continue
            for side in change.sides:
                self.sides.setdefault((side.appropriation, side.year), []).append((side, change))
        self.spending: dict[tuple[str, int], list[Spending]] = {}
        for item in ledgers.spending:
            if item.appropriation in shared:
                unapplied.append(item)
                continue
            self.spending.setdefault((item.appropriation, item.year), []).append(item)
        self.unapplied = tuple(unapplied)
        # Per appropriation, every side and spending (for unspent), made on first use.
        self._by_id: dict[str, tuple[list[tuple[ChangeSide, Change]], list[Spending]]] | None = None
        # Per appropriation (by identity), its pool years (see pool_years), made on first use.
        self._pools: dict[int, tuple[int, int] | None] = {}

    def _records_by_id(
        self,
    ) -> dict[str, tuple[list[tuple[ChangeSide, Change]], list[Spending]]]:
        """Per appropriation id, every change side and spending record (made on first use)."""
        if self._by_id is None:
            by_id: dict[str, tuple[list[tuple[ChangeSide, Change]], list[Spending]]] = {}
            for (appropriation_id, _year), sides in self.sides.items():
                by_id.setdefault(appropriation_id, ([], []))[0].extend(sides)
            for (appropriation_id, _year), records in self.spending.items():
                by_id.setdefault(appropriation_id, ([], []))[1].extend(records)
            self._by_id = by_id
        return self._by_id

    def record_years(self, appropriation_id: str) -> list[int]:
        """The years, in order, that the change sides and spending of the appropriation name."""
        sides, records = self._records_by_id().get(appropriation_id, ([], []))
        return sorted({side.year for side, _change in sides} | {s.year for s in records})

    def pool_years(self, a: Appropriation) -> tuple[int, int] | None:
        """For a pool (no profile, a fixed expiry year, also in force): its first year (the
        first year a change or spending record names it, at most the expiry year) and its
        expiry year in force; None for any other appropriation."""
        if a.profile is not None or a.expiry.kind is not ExpiryKind.YEAR:
            return None
        if id(a) in self._pools:
            return self._pools[id(a)]
        self._pools[id(a)] = found = self._pool_years(a)
        return found

    def _pool_years(self, a: Appropriation) -> tuple[int, int] | None:
        expiry = self.expiry(a)
        if expiry.kind is not ExpiryKind.YEAR or expiry.year is None:
            return None
        years = self.record_years(a.id)
        return (min(years[0], expiry.year) if years else expiry.year, expiry.year)

    def granted(self, entry: Entry, year: int, unit: Unit | None = None) -> Decimal:
        """What the appropriation of ``entry`` holds for ``year`` before the year's changes
        and spending, in ``unit`` (default: its ledger's): :func:`granted_in`, except for a
        pool, which holds in each year of its life what is left of it at the start of the
        year (its amount + the changes of the earlier years − their spending), and 0 after
        its expiry in force."""
        a = entry.appropriation
        own = entry.ledger.unit
        unit = unit or own
        expiry = self.expiry(a)
        if expiry.kind is ExpiryKind.YEAR and expiry.year is not None and year > expiry.year:
            return ZERO  # nothing is granted after the expiry in force
        life = self.pool_years(a)
        if life is None:
            return own.convert(granted_in(a, year), unit)
        if year < life[0]:
            return ZERO
        sides, records = self._records_by_id().get(a.id, ([], []))
        earlier_changes = _sum(
            change.unit.convert(side.amount, unit) for side, change in sides if side.year < year
        )
        earlier_spent = _sum(s.unit.convert(s.amount, unit) for s in records if s.year < year)
        return own.convert(a.amount, unit) + earlier_changes - earlier_spent

    def has_records(self) -> bool:
        """True when the set holds any change or spending."""
        return bool(self.ledgers.changes or self.ledgers.spending)

    def expiry(self, a: Appropriation) -> Expiry:
        """The expiry in force: the last forlængelse (in file and line order), else the
        printed one."""
        extensions = self.extensions.get(a.id)
        if extensions:
            last = max(extensions, key=lambda c: (c.location.file, c.location.line))
            if last.expires is not None:
                return last.expires
        return a.expiry

    def changes_in(
        self, appropriation_id: str, year: int, unit: Unit, *, carry_out: bool = True
    ) -> Decimal:
        """The sum of the change sides for the appropriation and year, in ``unit``; without
        ``carry_out``, leaving out what overførsler take out of the year."""
        return _sum(
            change.unit.convert(side.amount, unit)
            for side, change in self.sides.get((appropriation_id, year), ())
            if carry_out or not (change.kind is model.ChangeKind.CARRY_OVER and side.amount < 0)
        )

    def spent_in(self, appropriation_id: str, year: int, unit: Unit) -> Decimal:
        """The sum of the spending recorded for the appropriation and year, in ``unit``."""
        return _sum(
            s.unit.convert(s.amount, unit) for s in self.spending.get((appropriation_id, year), ())
        )

    def unspent(self, entry: Entry, unit: Unit) -> Decimal:
        """What is left of the appropriation over its whole life, in ``unit``: its amount plus
        every change minus every spending (an overførsel moves money between years and
        changes nothing here)."""
        a = entry.appropriation
        sides, records = self._records_by_id().get(a.id, ([], []))
        changes = _sum(change.unit.convert(side.amount, unit) for side, change in sides)
        spent = _sum(s.unit.convert(s.amount, unit) for s in records)
        return entry.ledger.unit.convert(a.amount, unit) + changes - spent

    def position(self, entry: Entry, year: int, unit: Unit | None = None) -> Position:
        """The appropriation of ``entry`` in ``year``, in ``unit`` (default: its ledger's)."""
        a = entry.appropriation
        unit = unit or entry.ledger.unit
        expiry = self.expiry(a)
        # Nothing is granted after the expiry in force (a forlængelse may fix or move it).
        granted = self.granted(entry, year, unit)
        changes = self.changes_in(a.id, year, unit)
        spent = self.spent_in(a.id, year, unit)
        remaining = granted + changes - spent
        # A year's money is the year's (etårighed): what a year leaves unspent and no
        # overførsel carries on lapses with it, in the expiry year and in the profile years
        # before it alike; a pool's carries on to its expiry year.  Open and declining
        # appropriations run on: nothing lapses.
        lapses = remaining if expiry.kind is ExpiryKind.YEAR and remaining > 0 else ZERO
        if lapses and expiry.year is not None and year < expiry.year and self.pool_years(a):
            lapses = ZERO
        return Position(granted=granted, changes=changes, spent=spent, lapses=lapses)


def extended_expiries(ledgers: LedgerSet) -> dict[str, Expiry]:
    """Per appropriation id, the expiry a forlængelse among ``ledgers``' changes gives it,
    where that differs from the printed one (empty without changes)."""
    if not ledgers.changes:
        return {}
    book = Book(ledgers)
    found: dict[str, Expiry] = {}
    for appropriation_id in book.extensions:
        entry = book.entries.get(appropriation_id)
        if entry is not None:
            in_force = book.expiry(entry.appropriation)
            if in_force != entry.appropriation.expiry:
                found[appropriation_id] = in_force
    return found


def placed_expiry(a: Appropriation, extended: dict[str, Expiry] | None = None) -> Expiry:
    """The expiry by which the reports place ``a``'s money (``expiring``, ``totals --by
    expiry``, the export's sheet of expiring funds): the one a forlængelse gives it (in
    ``extended``, from :func:`extended_expiries`), else the year its money lapses
    (:attr:`Appropriation.lapse_year`: a profile's last funded year when that is before the
    printed expiry), else the printed expiry."""
    if extended:
        in_force = extended.get(a.id)
        if in_force is not None:
            return in_force
    lapses = a.lapse_year
    if lapses is not None and lapses != a.expiry.year:
        return Expiry.in_year(lapses)
    return a.expiry


def _points_at(change: Change, ids: frozenset[str] | set[str]) -> bool:
    """True when ``change`` is about, or has a side on, one of ``ids``."""
    return change.appropriation in ids or any(side.appropriation in ids for side in change.sides)


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)
