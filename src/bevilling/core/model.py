"""The data model: frozen attrs classes and enums.  No I/O, no formatting.

A :class:`LedgerSet` holds the :class:`Ledger` files loaded together; a ledger holds the
printed :class:`Table` objects of one source document; a table holds its
:class:`Appropriation` rows.  Every object that came from a file remembers where
(:class:`~bevilling.core.problems.Location`).  Amounts are ``Decimal`` in the ledger's
:class:`Unit`; change an object by building a new one with ``attrs.evolve``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from decimal import Decimal
from typing import Any, NamedTuple

import attrs

from bevilling.core.lazy import lazy_names
from bevilling.core.money import ZERO
from bevilling.core.problems import N_, BevillingError, Location, Problem, Severity

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core import _model_later as _later
    from bevilling.core._model_later import Change, ChangeKind, ChangeSide, SourceFile, Spending

__all__ = [
    "Acceptance",
    "AmbiguousIdError",
    "Appropriation",
    "Category",
    "Change",
    "ChangeKind",
    "ChangeSide",
    "Entry",
    "Expiry",
    "ExpiryKind",
    "Ledger",
    "LedgerSet",
    "NumberFormat",
    "Phase",
    "Profile",
    "SourceFile",
    "Spending",
    "Table",
    "Unit",
]


# Built on first use (most runs read no change or spending file and no `source_file:`): a
# frozen attrs class is half a millisecond of start-up.  See bevilling.core.lazy.  The
# annotations below name these classes as `_later.Change` (not `Change`), so that
# typing.get_type_hints and attrs.resolve_types resolve them before they are built.
# PriceIndex (built on first use by core.prices) comes along, for the annotations of the
# classes of _model_later, which are evaluated here.
if not TYPE_CHECKING:
    _later = lazy_names(
        __name__,
        "bevilling.core._model_later",
        ("Change", "ChangeKind", "ChangeSide", "PriceIndex", "SourceFile", "Spending"),
    )


class Category(enum.Enum):
    """The three kinds of appropriation, spelled as in the budget papers."""

    DRIFTSMIDLER = "driftsmidler"
    INDSATSMIDLER = "indsatsmidler"
    SAERINDSATSER = "særindsatser"


class Phase(enum.Enum):
    """Budget phase, as in the Fiscal Data Package: approved money or a proposal asking for it."""

    APPROVED = "approved"
    PROPOSED = "proposed"


class NumberFormat(enum.Enum):
    """How amounts are written in a ledger file."""

    PLAIN = "plain"
    """``1200``, ``18.3``: digits and a decimal point (the default)."""
    DA = "da"
    """``'5.190'``, ``'18,3'``: Danish notation, thousands dot and decimal comma."""


class Unit(enum.Enum):
    """The unit a ledger's amounts are written in."""

    DKK = "DKK"
    THOUSAND_DKK = "1000 DKK"
    MILLION_DKK = "mio DKK"

    @property
    def factor(self) -> Decimal:
        """How many kroner one unit is."""
        return _FACTORS[self]

    def convert(self, amount: Decimal, to: Unit) -> Decimal:
        """Convert ``amount`` from this unit to ``to``, exactly (no rounding).

        >>> Unit.MILLION_DKK.convert(Decimal("1.9"), Unit.THOUSAND_DKK)
        Decimal('1900.0')
        """
        if self is to:
            return amount
        return amount * self.factor / to.factor


_FACTORS = {
    Unit.DKK: Decimal(1),
    Unit.THOUSAND_DKK: Decimal(1000),
    Unit.MILLION_DKK: Decimal(1000000),
}


class ExpiryKind(enum.Enum):
    """What an expiry says: a year, no fixed expiry, or a declining profile."""

    YEAR = "year"
    OPEN = "open"
    """"Udløb ikke fastsat": no expiry has been set."""
    DECLINING = "declining"
    """"Faldende profil": the funding tapers off rather than ending in one year."""


@attrs.frozen(order=False)
class Expiry:
    """When an appropriation's funding ends."""

    kind: ExpiryKind
    """Year, open or declining."""
    year: int | None = None
    """The last year with funding, for ``ExpiryKind.YEAR``; otherwise None."""

    @classmethod
    def in_year(cls, year: int) -> Expiry:
        """The funding ends with ``year``."""
        return cls(ExpiryKind.YEAR, year)

    @classmethod
    def open(cls) -> Expiry:
        """No expiry has been set ("Udløb ikke fastsat")."""
        return cls(ExpiryKind.OPEN)

    @classmethod
    def declining(cls) -> Expiry:
        """The funding declines ("Faldende profil")."""
        return cls(ExpiryKind.DECLINING)

    @property
    def sort_key(self) -> tuple[int, int]:
        """Years first, in order, then open, then declining."""
        order = {ExpiryKind.YEAR: 0, ExpiryKind.OPEN: 1, ExpiryKind.DECLINING: 2}
        return (order[self.kind], self.year or 0)

    def __str__(self) -> str:
        return str(self.year) if self.kind is ExpiryKind.YEAR else self.kind.value


@attrs.frozen
class Profile(Mapping[int, Decimal]):
    """A multi-year profile: year → amount, in year order.  Immutable and hashable.

    >>> p = Profile.of({2017: Decimal(600), 2016: Decimal(1000)})
    >>> list(p), p.total, p.last_funded_year
    ([2016, 2017], Decimal('1600'), 2017)
    """

    pairs: tuple[tuple[int, Decimal], ...]
    """The (year, amount) pairs, sorted by year, years unique."""
    # The sum, computed on first use and kept (the profile is frozen); not part of equality,
    # hashing or ``repr``.
    _total: Decimal | None = attrs.field(init=False, default=None, eq=False, repr=False)

    @classmethod
    def of(cls, years: Mapping[int, Decimal]) -> Profile:
        """Build a profile from any year → amount mapping."""
        return cls(tuple(sorted(years.items())))

    def __getitem__(self, year: int) -> Decimal:
        for y, amount in self.pairs:
            if y == year:
                return amount
        raise KeyError(year)

    def __iter__(self) -> Iterator[int]:
        return (y for y, _ in self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __contains__(self, year: object) -> bool:
        return any(y == year for y, _ in self.pairs)

    # The Mapping mixins would look every year up again (`self[year]`, a walk over the pairs):
    # quadratic in the years and a Python call per year, on every row of every check.
    def items(self) -> ItemsView[int, Decimal]:
        """The (year, amount) pairs, in year order."""
        return _ProfileItems(self)

    def values(self) -> ValuesView[Decimal]:
        """The amounts, in year order."""
        return _ProfileValues(self)

    @property
    def total(self) -> Decimal:
        """The sum over all years (computed once)."""
        total = self._total
        if total is None:
            total = sum((amount for _, amount in self.pairs), ZERO)
            object.__setattr__(self, "_total", total)
        return total

    @property
    def last_funded_year(self) -> int | None:
        """The last year with a non-zero amount, or None when every year is zero."""
        funded = [y for y, amount in self.pairs if amount != 0]
        return funded[-1] if funded else None


class _ProfileItems(ItemsView[int, Decimal]):
    """A profile's items, iterated straight from its pairs."""

    _mapping: Profile

    def __iter__(self) -> Iterator[tuple[int, Decimal]]:
        return iter(self._mapping.pairs)


class _ProfileValues(ValuesView[Decimal]):
    """A profile's amounts, iterated straight from its pairs."""

    _mapping: Profile

    def __iter__(self) -> Iterator[Decimal]:
        return (amount for _, amount in self._mapping.pairs)


@attrs.frozen(kw_only=True, weakref_slot=False)
class Appropriation:
    """One row of a printed appropriation table (en bevilling).

    A register holds hundreds of thousands: the class has no slot for weak references (8
    bytes a row), and the loader makes them with :func:`new_appropriation`.
    """

    id: str
    """Stable identifier: as written in the ledger, or derived as ``<file stem>:<table>.<row>``."""
    category: Category
    """Driftsmidler, indsatsmidler or særindsatser (from the table)."""
    title: str
    """Formål/overskrift."""
    amount: Decimal
    """Beløb, in the ledger's unit; the profile's sum when only a profile is given."""
    expiry: Expiry
    """Udløb; when only a profile is given, its last year with a non-zero amount."""
    location: Location
    """Where the row is written."""
    target_group: str | None = None
    """Målgruppe."""
    organisation: str | None = None
    """Org.: the organisation (centre, office) that gets the money."""
    description: str | None = None
    """Beskrivelse."""
    source: str | None = None
    """Kilde: the agreement or decision, e.g. "Budgetaftale 2015"."""
    profile: Profile | None = None
    """Multi-year profile, year → amount, when the source prints one."""
    committee: str | None = None
    """Udvalg, e.g. "BIU"."""
    appropriation_no: str | None = None
    """Bevilling (number), always text: "18.10"."""
    function: str | None = None
    """Kommunal funktion (function code), always text: "6.45.53.1"."""

    @property
    def lapse_year(self) -> int | None:
        """The year the money lapses, as ``expiring`` and ``timeline`` both report it.

        The fixed expiry year; but when the profile's money ends before it (``expires: 2018``
        with a profile funding 2016 and 2017, which ``check`` reports as
        ``expiry-after-profile``), the profile's last funded year: no report shows money
        lapsing in a year the profile gives none.  None for open and declining.

        >>> from bevilling.core.problems import Location
        >>> a = Appropriation(id="A", category=Category.DRIFTSMIDLER, title="T",
        ...     amount=Decimal(1500), expiry=Expiry.in_year(2018), location=Location("t"),
        ...     profile=Profile.of({2016: Decimal(1000), 2017: Decimal(500)}))
        >>> a.lapse_year
        2017
        """
        if self.expiry.kind is not ExpiryKind.YEAR or self.expiry.year is None:
            return None
        last = self.profile.last_funded_year if self.profile is not None else None
        if last is not None and last < self.expiry.year:
            return last
        return self.expiry.year


# The loader makes one Appropriation per row (a million for a large register), and a frozen
# class sets each field through a call of `object.__setattr__` (most of the cost of making
# one).  `new_appropriation` fills an object of a plain class with the very same slots, where
# setting a field is one quick step, and then makes it an Appropriation: CPython checks that
# the two layouts agree (TypeError otherwise), and from then on the object is an ordinary
# frozen Appropriation.  tests/core/test_model.py checks it equals one made by the class.
_Fields = type("_Fields", (), {"__slots__": vars(Appropriation)["__slots__"]})
_new_object: Callable[[type], Any] = object.__new__
_set_class = object.__dict__["__class__"].__set__


def new_appropriation(  # noqa: PLR0917 - one argument per field, in the class order
    id: str,
    category: Category,
    title: str,
    amount: Decimal,
    expiry: Expiry,
    location: Location,
    target_group: str | None,
    organisation: str | None,
    description: str | None,
    source: str | None,
    profile: Profile | None,
    committee: str | None,
    appropriation_no: str | None,
    function: str | None,
) -> Appropriation:
    """``Appropriation(id=id, ...)`` with every field given by position, for the loader.

    The arguments must have the fields' types (the loader's readers guarantee it); the object
    is equal to, and behaves exactly as, one made by the class.
    """
    fields = _new_object(_Fields)
    fields.id = id
    fields.category = category
    fields.title = title
    fields.amount = amount
    fields.expiry = expiry
    fields.location = location
    fields.target_group = target_group
    fields.organisation = organisation
    fields.description = description
    fields.source = source
    fields.profile = profile
    fields.committee = committee
    fields.appropriation_no = appropriation_no
    fields.function = function
    _set_class(fields, Appropriation)
    row: Appropriation = fields
    return row


@attrs.frozen(kw_only=True)
class Table:
    """One printed table of the source document, with the totals it states."""

    name: str
    """The table's caption, e.g. "Tabel 9: Oversigt over indsatsmidler tildelt målgrupperne"."""
    category: Category
    """The category of every row in the table."""
    appropriations: tuple[Appropriation, ...]
    """The rows, in printed order."""
    location: Location
    """Where the table is written."""
    stated_total: Decimal | None = None
    """The "I alt" figure the source prints, as printed (it may not add up)."""
    stated_years: Profile | None = None
    """The per-year totals the source prints, when it prints them."""
    rounded_to: Decimal | None = None
    """The rounding the printed figures declare (0.1 for mio. kr. with one decimal)."""


@attrs.frozen(kw_only=True)
class Acceptance:
    """A known discrepancy in the source, accepted on the record with a reason."""

    code: str
    """The problem code accepted, e.g. ``total-mismatch``."""
    reason: str
    """Why it is accepted (kept in the ledger, shown in every report of the finding)."""
    location: Location
    """Where the acceptance is written."""
    table: str | None = None
    """The name of the table it applies to, if any."""
    appropriation: str | None = None
    """The id of the appropriation it applies to, if any."""
    year: int | None = None
    """The year of the accepted year total (``year-total-mismatch``), if any."""
    stated: Decimal | None = None
    """The printed figure of the accepted finding (``stated:``), for the codes that compare
    figures: the entry accepts only a finding with exactly this figure."""
    summed: Decimal | None = None
    """What the figures added up to when the finding was accepted (``sum:``)."""
    named: tuple[Decimal, ...] | None = None
    """The amounts the row's description names, in the ledger's unit (``named:``), for a
    ``description-amount`` entry: it accepts only a finding naming exactly these."""
    amount: Decimal | None = None
    """The row's amount when its ``description-amount`` finding was accepted (``amount:``)."""

    @property
    def pinned(self) -> bool:
        """True when the entry records the figures it accepts (``stated:`` and ``sum:``)."""
        return self.stated is not None and self.summed is not None


@attrs.frozen(kw_only=True)
class Ledger:
    """One ledger file: the appropriation tables transcribed from one source document."""

    title: str
    """What the ledger is, in the user's words."""
    document: str
    """The source document it was transcribed from."""
    unit: Unit
    """The unit every amount in the file is written in."""
    tables: tuple[Table, ...]
    """The tables, in file order."""
    location: Location
    """The file (line 1)."""
    phase: Phase = Phase.APPROVED
    """Approved money, or a proposal (a budget note asking for money)."""
    price_level: int | None = None
    """The price level (p/l) year of the amounts, e.g. 2016."""
    number_format: NumberFormat = NumberFormat.PLAIN
    """How amounts are written in the file."""
    stated_total: Decimal | None = None
    """The grand total the source prints, as printed."""
    rounded_to: Decimal | None = None
    """The rounding the printed grand total declares."""
    accepted: tuple[Acceptance, ...] = ()
    """Known discrepancies accepted on the record."""
    source_file: _later.SourceFile | None = None
    """The source document as a file, when the ledger names it (``source_file:``)."""
    # Values derived from the fields above, computed on first use and kept: the ledger is
    # frozen, so they never go stale (``attrs.evolve`` makes a new ledger with an empty memo).
    # Not part of equality, hashing or ``repr``.
    _appropriations: tuple[Appropriation, ...] | None = attrs.field(
        init=False, default=None, eq=False, repr=False
    )
    _decimal_places: int | None = attrs.field(init=False, default=None, eq=False, repr=False)

    @property
    def file(self) -> str:
        """The path of the ledger file."""
        return self.location.file

    @property
    def appropriations(self) -> tuple[Appropriation, ...]:
        """Every appropriation of every table, in file order (built once per ledger)."""
        if self._appropriations is None:
            rows = tuple(a for table in self.tables for a in table.appropriations)
            object.__setattr__(self, "_appropriations", rows)
            return rows
        return self._appropriations

    def decimal_places(self) -> int:
        """The largest number of decimals written in any amount of the ledger (0 or more).

        Computed on the first call and kept, so that a caller may ask per row or per finding
        at no cost (reports, checks and exports all do).
        """
        if self._decimal_places is None:
            places = self._count_decimal_places()
            object.__setattr__(self, "_decimal_places", places)
            return places
        return self._decimal_places

    def _count_decimal_places(self) -> int:
        places = 0
        for table in self.tables:
            figures = [table.stated_total, *(a.amount for a in table.appropriations)]
            for figure in figures:
                if figure is not None:
                    exponent = figure.as_tuple().exponent
                    if isinstance(exponent, int) and -exponent > places:
                        places = -exponent
        return places


class Entry(NamedTuple):
    """An appropriation with the table and ledger it belongs to (what reports iterate)."""

    ledger: Ledger
    table: Table
    appropriation: Appropriation


@attrs.frozen(kw_only=True, eq=False)
class LedgerSet:
    """Ledgers loaded together, with every problem found while loading them.

    Files that could not be loaded without errors are not in ``ledgers``; their problems are
    in ``problems``.  ``sources`` keeps each file's text so that problems can quote it.
    """

    ledgers: tuple[Ledger, ...] = ()
    """The ledgers that loaded without errors, in path order."""
    problems: tuple[Problem, ...] = ()
    """Everything found while loading, in file and line order."""
    sources: Mapping[str, str] = attrs.field(factory=dict)
    """Each file's text (decoded), by path, for excerpts."""
    changes: tuple[_later.Change, ...] = ()
    """The changes of every ``bevilling-changes/1`` file that loaded, in path and line order."""
    spending: tuple[_later.Spending, ...] = ()
    """The spending of every ``bevilling-spending/1`` file that loaded, in path and line
    order."""
    record_files: tuple[str, ...] = ()
    """The change and spending files that loaded (with or without records), in path order."""
    price_index: _later.PriceIndex | None = None
    """The price index file found among the paths (``format: bevilling-index/1``), if any."""

    @property
    def valid(self) -> bool:
        """True when loading found no errors."""
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def entries(self) -> EntryIterator:
        """Every appropriation with its ledger and table, in file order.

        The iterator remembers this set (``.ledger_set``), so that a query given
        ``ledgers.entries()`` still knows the set's problems, such as a file that did not load.
        """
        return EntryIterator(self)

    def find(self, appropriation_id: str) -> Entry | None:
        """The appropriation with this id, or None when no appropriation has it.

        Raises :class:`AmbiguousIdError` when two or more have it (a copied ledger file, a
        pasted row): picking the first would show one of them as if it were the only one.
        """
        found = [e for e in self.entries() if e.appropriation.id == appropriation_id]
        if len(found) > 1:
            raise AmbiguousIdError(appropriation_id, found)
        return found[0] if found else None


class AmbiguousIdError(BevillingError, LookupError):
    """Two or more appropriations have the id asked for; :attr:`entries` are all of them.

    The message is English; a layer that shows it translates :attr:`TEMPLATE` (domain
    ``core``) with :attr:`values`.
    """

    TEMPLATE = N_("the id {id} is ambiguous: {count} appropriations have it ({places})")

    def __init__(self, appropriation_id: str, entries: list[Entry]) -> None:
        self.appropriation_id = appropriation_id
        self.entries: tuple[Entry, ...] = tuple(entries)
        """Every appropriation with the id, in file order."""
        self.places: tuple[str, ...] = tuple(str(e.appropriation.location) for e in self.entries)
        """Where each is written, as ``file:line``."""
        self.values = {
            "id": repr(appropriation_id),
            "count": len(self.entries),
            "places": ", ".join(self.places),
        }
        super().__init__(self.TEMPLATE.format(**self.values))

    def __reduce__(self) -> tuple[type[AmbiguousIdError], tuple[str, list[Entry]]]:
        # Exception pickling would call __init__ with the message; rebuild from the entries.
        return (type(self), (self.appropriation_id, list(self.entries)))


_new_tuple = tuple.__new__


class EntryIterator(Iterator[Entry]):
    """The entries of a :class:`LedgerSet` in file order, remembering the set they come from."""

    __slots__ = ("_walk", "ledger_set")

    def __init__(self, ledger_set: LedgerSet) -> None:
        self.ledger_set = ledger_set
        """The set these entries come from (with its load problems)."""
        # tuple.__new__ makes the same Entry as Entry(...) without a Python call per row.
        self._walk = (
            _new_tuple(Entry, (ledger, table, appropriation))
            for ledger in ledger_set.ledgers
            for table in ledger.tables
            for appropriation in table.appropriations
        )

    def __next__(self) -> Entry:
        return next(self._walk)

    def __iter__(self) -> Iterator[Entry]:
        # The walk itself: a `for` loop then takes its entries without a Python call each.
        # Both advance the same walk, so `next()` and a loop still share one position.
        return self._walk
