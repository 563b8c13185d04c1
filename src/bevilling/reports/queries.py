"""Queries: pure functions over a :class:`~bevilling.core.model.LedgerSet` that answer the
questions finance staff ask, returning frozen result objects (never strings; see
:mod:`bevilling.reports.render`).

- :func:`expiring`: which appropriations run out in a year (or by a year), and how much that is;
- :func:`totals`: sums grouped by category, target group, organisation, source, expiry, ledger
  or phase;
- :func:`timeline`: per year and category, what is available and what lapses (the "funding
  cliff").

Every query takes a :class:`Filter` (category, target group, organisation, source, budget phase;
approved money only unless asked otherwise) and sums amounts of ledgers in different units
after exact conversion to one unit (:func:`report_unit`): the smallest unit among the ledgers
reported on, so that every amount stays exact.

>>> import bevilling
>>> ledgers = bevilling.load_string('''
... format: bevilling/1
... title: T
... document: D
... unit: 1000 DKK
... tables:
...   - name: Tabel 1
...     category: driftsmidler
...     appropriations:
...       - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
...       - {id: A2, title: Rådgivning, amount: 531, expires: open}
... ''')
>>> result = expiring(ledgers, 2016)
>>> [row.appropriation.id for row in result.rows], result.total, result.open_total
(['A1'], Decimal('1200'), Decimal('531'))
"""

from __future__ import annotations

import difflib
import enum
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Literal, TypeAlias

import attrs

from bevilling.core.model import (
    Appropriation,
    Category,
    Entry,
    ExpiryKind,
    Ledger,
    LedgerSet,
    Phase,
    Unit,
)
from bevilling.core.money import ZERO

__all__ = [
    "Dimension",
    "Expiring",
    "ExpiringRow",
    "Filter",
    "PhaseChoice",
    "Timeline",
    "TimelineCell",
    "Totals",
    "TotalsGroup",
    "expiring",
    "parse_category",
    "report_unit",
    "timeline",
    "totals",
]

PhaseChoice = Literal["approved", "proposed", "all"]
"""Which budget phase a report covers: approved money (the default), proposals, or both."""

PHASE_CHOICES: tuple[PhaseChoice, ...] = ("approved", "proposed", "all")

#: Anything a query accepts as ledgers: a loaded set, or entries already chosen.
Source: TypeAlias = LedgerSet | Iterable[Entry]


# --- filters -------------------------------------------------------------------------------


def parse_category(text: str) -> Category:
    """The category spelled ``text`` (case-insensitive); ``ValueError`` with a suggestion if none.

    >>> parse_category("Særindsatser")
    <Category.SAERINDSATSER: 'særindsatser'>
    >>> parse_category("drift")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown category 'drift': did you mean 'driftsmidler'? (...)
    """
    wanted = text.strip().casefold()
    for category in Category:
        if category.value == wanted:
            return category
    names = [c.value for c in Category]
    close = difflib.get_close_matches(wanted, names, n=1, cutoff=0.4)
    hint = f": did you mean {close[0]!r}?" if close else ":"
    raise ValueError(f"unknown category {text!r}{hint} ({', '.join(names)})")


def _phase_choice(value: str) -> PhaseChoice:
    for choice in PHASE_CHOICES:
        if value == choice:
            return choice
    raise ValueError(f"unknown phase {value!r}: use one of {', '.join(PHASE_CHOICES)}")


def _strip_or_none(value: str | None) -> str | None:
    return None if value is None else value.strip()


@attrs.frozen(kw_only=True)
class Filter:
    """Which appropriations a report covers; shared by every query and command.

    Text criteria match case-insensitively and exactly (``"aktivitetsparate"`` matches the
    target group "Aktivitetsparate", ``"aktiv"`` does not); ``None`` means any value.

    >>> sorted(phase.value for phase in Filter(target_group="aktivitetsparate", phase="all").phases)
    ['approved', 'proposed']
    """

    category: Category | None = None
    """Only this category."""
    target_group: str | None = attrs.field(default=None, converter=_strip_or_none)
    """Only this target group (Målgruppe)."""
    organisation: str | None = attrs.field(default=None, converter=_strip_or_none)
    """Only this organisation (Org.)."""
    source: str | None = attrs.field(default=None, converter=_strip_or_none)
    """Only this source (Kilde), e.g. "budgetaftale 2015"."""
    phase: PhaseChoice = attrs.field(default="approved", converter=_phase_choice)
    """``approved`` (the default), ``proposed`` or ``all``."""

    @property
    def phases(self) -> frozenset[Phase]:
        """The budget phases covered."""
        if self.phase == "all":
            return frozenset(Phase)
        return frozenset({Phase(self.phase)})

    def matches(self, entry: Entry) -> bool:
        """True when the appropriation passes every criterion."""
        ledger, _table, a = entry
        return (
            ledger.phase in self.phases
            and (self.category is None or a.category is self.category)
            and _same(self.target_group, a.target_group)
            and _same(self.organisation, a.organisation)
            and _same(self.source, a.source)
        )

    def apply(self, ledgers: Source) -> list[Entry]:
        """The entries of ``ledgers`` that pass, in file order."""
        return [entry for entry in _entries(ledgers) if self.matches(entry)]


def _same(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value is not None and value.strip().casefold() == wanted.casefold())


def _entries(ledgers: Source) -> Iterator[Entry]:
    if isinstance(ledgers, LedgerSet):
        return ledgers.entries()
    return iter(ledgers)


# --- units and precision -------------------------------------------------------------------


def report_unit(entries: Iterable[Entry]) -> Unit:
    """The unit a report over ``entries`` is written in: the smallest unit among their ledgers.

    Converting to a smaller unit multiplies by a power of ten, so every amount stays exact;
    with no entries, 1.000 kr. (the unit of most budget papers).
    """
    units = {entry.ledger.unit for entry in entries}
    if not units:
        return Unit.THOUSAND_DKK
    return min(units, key=lambda unit: unit.factor)


def _shift(source: Unit, target: Unit) -> int:
    """How many decimal places a conversion from ``source`` to ``target`` adds (may be < 0)."""
    ratio = target.factor / source.factor
    return len(str(int(ratio))) - 1 if ratio >= 1 else -(len(str(int(1 / ratio))) - 1)


def _places_of(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _precision(entries: Sequence[Entry], unit: Unit) -> int:
    """Decimals a report in ``unit`` prints: the ledgers' own precision, carried over exactly.

    A ledger in mio. kr. with one decimal reported in 1.000 kr. needs none; the same ledger
    reported in mio. kr. keeps its one decimal.  Never fewer than any converted amount needs.
    """
    places = 0
    for ledger in {id(e.ledger): e.ledger for e in entries}.values():
        places = max(places, ledger.decimal_places() + _shift(ledger.unit, unit))
    for _ledger, _table, a in entries:
        amounts = [a.amount, *(a.profile.values() if a.profile is not None else ())]
        for amount in amounts:
            places = max(places, _places_of(_ledger.unit.convert(amount, unit)))
    return places


def _convert(amount: Decimal, ledger: Ledger, unit: Unit, places: int) -> Decimal:
    """``amount`` of ``ledger`` in ``unit``, written with ``places`` decimals (exactly)."""
    return ledger.unit.convert(amount, unit).quantize(Decimal(1).scaleb(-places))


def _sum(amounts: Iterable[Decimal], places: int) -> Decimal:
    return sum(amounts, ZERO).quantize(Decimal(1).scaleb(-places))


# --- expiring ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ExpiringRow:
    """One appropriation in a report, with its amount in the report's unit."""

    entry: Entry
    """The appropriation with its ledger and table."""
    amount: Decimal
    """The appropriation's amount converted (exactly) to the report's unit."""

    @property
    def appropriation(self) -> Appropriation:
        """The appropriation (shortcut for ``entry.appropriation``)."""
        return self.entry.appropriation

    @property
    def ledger(self) -> Ledger:
        """The ledger it was loaded from (shortcut for ``entry.ledger``)."""
        return self.entry.ledger


@attrs.frozen(kw_only=True)
class Expiring:
    """The answer to "which funds run out in ``year``?": rows, total and what has no end year."""

    year: int
    """The year asked about."""
    until: bool
    """True for "ended in or before ``year``", False for "ending in ``year``"."""
    filter: Filter
    """The criteria the report was made with."""
    unit: Unit
    """The unit of every amount in the result."""
    places: int
    """Decimals to print amounts with (the ledgers' precision in ``unit``)."""
    rows: tuple[ExpiringRow, ...]
    """The appropriations ending (by) then, by expiry year, category and file order."""
    total: Decimal
    """The sum of ``rows``."""
    open_rows: tuple[ExpiringRow, ...]
    """Appropriations without a fixed expiry (open or declining), which never count as expiring."""
    open_total: Decimal
    """The sum of ``open_rows``."""


def _row_order(row: ExpiringRow, order: dict[int, int]) -> tuple[int, int, int, int]:
    a = row.appropriation
    categories = list(Category)
    return (*a.expiry.sort_key, categories.index(a.category), order[id(a)])


def expiring(
    ledgers: Source,
    year: int | None = None,
    *,
    until: int | None = None,
    filter: Filter | None = None,
    unit: Unit | None = None,
) -> Expiring:
    """The appropriations whose funding ends in ``year`` (or, with ``until``, by that year).

    An appropriation ends in the year of its fixed expiry; when the ledger gives only a
    profile, in the profile's last non-zero year (the loader derives that; an explicit
    ``expires`` wins).  Its whole amount is reported.  Open ("Udløb ikke fastsat") and
    declining ("Faldende profil") appropriations never expire in a year: they are returned in
    ``open_rows`` so that a report can say what it left out.  Only approved money counts
    unless ``filter`` asks for proposals; amounts are converted to ``unit`` (by default
    :func:`report_unit`).

    >>> import bevilling
    >>> ledgers = bevilling.load("ledger/")
    >>> expiring(ledgers, 2016).total
    Decimal('8219')
    >>> expiring(ledgers, until=2016, filter=Filter(phase="all")).total
    Decimal('54040')
    """
    if (year is None) == (until is None):
        raise TypeError("expiring() takes a year, or until=year, not both")
    asked = until if until is not None else year
    assert asked is not None  # noqa: S101 - narrowed above, for mypy
    chosen = (filter or Filter()).apply(ledgers)
    unit = unit or report_unit(chosen)
    places = _precision(chosen, unit)
    order = {id(entry.appropriation): n for n, entry in enumerate(chosen)}
    rows: list[ExpiringRow] = []
    open_rows: list[ExpiringRow] = []
    for entry in chosen:
        row = ExpiringRow(
            entry=entry, amount=_convert(entry.appropriation.amount, entry.ledger, unit, places)
        )
        expiry = entry.appropriation.expiry
        if expiry.kind is not ExpiryKind.YEAR:
            open_rows.append(row)
        elif expiry.year == asked or (until is not None and (expiry.year or 0) <= asked):
            rows.append(row)
    rows.sort(key=lambda row: _row_order(row, order))
    open_rows.sort(key=lambda row: _row_order(row, order))
    return Expiring(
        year=asked,
        until=until is not None,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        rows=tuple(rows),
        total=_sum((r.amount for r in rows), places),
        open_rows=tuple(open_rows),
        open_total=_sum((r.amount for r in open_rows), places),
    )


# --- totals --------------------------------------------------------------------------------


class Dimension(enum.Enum):
    """What :func:`totals` groups by."""

    CATEGORY = "category"
    TARGET_GROUP = "target-group"
    ORGANISATION = "organisation"
    SOURCE = "source"
    EXPIRY = "expiry"
    LEDGER = "ledger"
    PHASE = "phase"

    @classmethod
    def parse(cls, text: str | Dimension) -> Dimension:
        """The dimension named ``text`` (``target-group`` or ``target_group``)."""
        if isinstance(text, Dimension):
            return text
        wanted = text.strip().casefold().replace("_", "-")
        for dimension in cls:
            if dimension.value == wanted:
                return dimension
        names = ", ".join(d.value for d in cls)
        raise ValueError(f"cannot group by {text!r}: use one of {names}")


GroupKey: TypeAlias = str | int | None


@attrs.frozen(kw_only=True)
class TotalsGroup:
    """One line of :func:`totals`: a value of the dimension, how many rows and their sum."""

    key: GroupKey
    """The value grouped on: a category name, a target group, an expiry year (int) or
    ``"open"``/``"declining"``, a ledger title, a phase; None when the field is not given."""
    count: int
    """How many appropriations."""
    amount: Decimal
    """Their sum, in the result's unit."""


@attrs.frozen(kw_only=True)
class Totals:
    """Sums grouped by one dimension, with the grand total."""

    by: Dimension
    """The dimension grouped by."""
    filter: Filter
    """The criteria the report was made with."""
    unit: Unit
    """The unit of every amount."""
    places: int
    """Decimals to print amounts with."""
    groups: tuple[TotalsGroup, ...]
    """One group per value, in the dimension's natural order (category order, years in order
    then open and declining, text alphabetically); the group for "not given" comes last."""
    count: int
    """How many appropriations in all."""
    total: Decimal
    """The grand total (the sum of every group)."""


def _key(entry: Entry, by: Dimension) -> GroupKey:
    ledger, _table, a = entry
    if by is Dimension.CATEGORY:
        return a.category.value
    if by is Dimension.TARGET_GROUP:
        return a.target_group
    if by is Dimension.ORGANISATION:
        return a.organisation
    if by is Dimension.SOURCE:
        return a.source
    if by is Dimension.EXPIRY:
        return a.expiry.year if a.expiry.kind is ExpiryKind.YEAR else a.expiry.kind.value
    if by is Dimension.LEDGER:
        return ledger.title
    return ledger.phase.value


def _group_order(by: Dimension, key: GroupKey) -> tuple[int, int, str]:
    if key is None:
        return (9, 0, "")
    if by is Dimension.CATEGORY:
        return (0, [c.value for c in Category].index(str(key)), "")
    if by is Dimension.PHASE:
        return (0, [p.value for p in Phase].index(str(key)), "")
    if isinstance(key, int):
        return (0, key, "")
    if by is Dimension.EXPIRY:
        return (1, 0 if key == "open" else 1, "")
    return (0, 0, key.casefold())


def totals(
    ledgers: Source,
    by: Dimension | str = Dimension.CATEGORY,
    *,
    filter: Filter | None = None,
    unit: Unit | None = None,
) -> Totals:
    """The sum and count of appropriations per value of ``by``, and the grand total.

    Rows whose field is not given (no target group, say) form a group of their own with key
    None, so that the groups always add up to the grand total.

    >>> import bevilling
    >>> ledgers = bevilling.load("ledger/")
    >>> {g.key: str(g.amount) for g in totals(ledgers, "category").groups}
    {'driftsmidler': '47579', 'indsatsmidler': '12092', 'særindsatser': '3000'}
    """
    dimension = Dimension.parse(by)
    chosen = (filter or Filter()).apply(ledgers)
    unit = unit or report_unit(chosen)
    places = _precision(chosen, unit)
    sums: dict[GroupKey, list[Decimal]] = {}
    for entry in chosen:
        amount = _convert(entry.appropriation.amount, entry.ledger, unit, places)
        sums.setdefault(_key(entry, dimension), []).append(amount)
    keys = sorted(sums, key=lambda key: _group_order(dimension, key))
    groups = tuple(
        TotalsGroup(key=key, count=len(sums[key]), amount=_sum(sums[key], places)) for key in keys
    )
    return Totals(
        by=dimension,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        groups=groups,
        count=len(chosen),
        total=_sum((g.amount for g in groups), places),
    )


# --- timeline ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TimelineCell:
    """One category in one year of the timeline."""

    year: int
    """The year."""
    category: Category
    """The category."""
    available: Decimal
    """Money known to be there in the year (see :func:`timeline`)."""
    lapsing: Decimal
    """The part of ``available`` whose funding ends with this year (the cliff into next year)."""


@attrs.frozen(kw_only=True)
class Timeline:
    """Per year and category: what is available and what lapses; open and declining apart."""

    years: tuple[int, ...]
    """The years shown, in order."""
    categories: tuple[Category, ...]
    """The categories with money in the filtered ledgers, in category order."""
    filter: Filter
    """The criteria the report was made with."""
    unit: Unit
    """The unit of every amount."""
    places: int
    """Decimals to print amounts with."""
    cells: tuple[TimelineCell, ...]
    """One cell per year and category, year by year in category order."""
    open: tuple[tuple[Category, Decimal], ...]
    """Per category, appropriations with no expiry set and no profile ("Udløb ikke fastsat"):
    not placed in any year, never lapsing."""
    declining: tuple[tuple[Category, Decimal], ...]
    """Per category, declining appropriations without a profile ("Faldende profil"): not
    placed in any year, never lapsing."""

    def cell(self, year: int, category: Category) -> TimelineCell:
        """The cell of ``year`` and ``category`` (``KeyError`` when not shown)."""
        for cell in self.cells:
            if cell.year == year and cell.category is category:
                return cell
        raise KeyError((year, category))

    def available(self, year: int) -> Decimal:
        """Everything available in ``year``, over the categories."""
        return _sum((c.available for c in self.cells if c.year == year), self.places)

    def lapsing(self, year: int) -> Decimal:
        """Everything lapsing with ``year``, over the categories."""
        return _sum((c.lapsing for c in self.cells if c.year == year), self.places)


def _yearly(entry: Entry) -> dict[int, Decimal]:
    """The amounts an appropriation places in years, in its ledger's unit."""
    a = entry.appropriation
    if a.profile is not None:
        return dict(a.profile.items())
    if a.expiry.kind is ExpiryKind.YEAR and a.expiry.year is not None:
        return {a.expiry.year: a.amount}
    return {}


def timeline(
    ledgers: Source,
    years: Iterable[int] | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    filter: Filter | None = None,
    unit: Unit | None = None,
) -> Timeline:
    """Per year and category: what is available and what lapses (the funding cliff).

    The semantics, chosen because the ledgers do not say when funding starts:

    - **available** in a year: for an appropriation with a profile, the profile's amount for
      that year; for one without a profile and with a fixed expiry year, its whole amount in
      its expiry year only (the year we know it is there; we do not know the start year).
    - **lapsing** with a year: the available amount of the appropriations whose fixed expiry
      is that year (for a profile, the profile's amount in the expiry year; without a profile,
      the whole amount).  What lapses in year *Y* is gone in *Y + 1*: the cliff.
    - **open and declining** appropriations never lapse.  With a profile they are available in
      its years; without one they cannot be placed in a year and are returned in ``open`` and
      ``declining``, per category, rather than dropped.

    ``years`` defaults to the run of years from the first to the last that any appropriation
    names (profile years, expiry years), gaps included so that a cliff shows; ``start`` and
    ``end`` narrow or widen that run.  Over a covering range, the available amounts plus
    ``open`` and ``declining`` sum to the ledgers' money (profile sums for rows with a
    profile, amounts otherwise).

    >>> import bevilling
    >>> ledgers = bevilling.load("ledger/")
    >>> t = timeline(ledgers, range(2015, 2018))
    >>> t.available(2016), t.lapsing(2016)
    (Decimal('8219'), Decimal('8219'))
    """
    chosen = (filter or Filter()).apply(ledgers)
    unit = unit or report_unit(chosen)
    places = _precision(chosen, unit)
    placed = [(entry, _yearly(entry)) for entry in chosen]
    if years is None:
        named = {year for _entry, yearly in placed for year in yearly}
        first = start if start is not None else min(named, default=end)
        last = end if end is not None else max(named, default=start)
        shown = list(range(first, last + 1)) if first is not None and last is not None else []
    else:
        shown = sorted(set(years))
    categories = tuple(c for c in Category if any(e.appropriation.category is c for e in chosen))
    cells = []
    for year in shown:
        for category in categories:
            available: list[Decimal] = []
            lapsing: list[Decimal] = []
            for entry, yearly in placed:
                a = entry.appropriation
                if a.category is not category or year not in yearly:
                    continue
                amount = _convert(yearly[year], entry.ledger, unit, places)
                available.append(amount)
                if a.expiry.kind is ExpiryKind.YEAR and a.expiry.year == year:
                    lapsing.append(amount)
            cells.append(
                TimelineCell(
                    year=year,
                    category=category,
                    available=_sum(available, places),
                    lapsing=_sum(lapsing, places),
                )
            )

    def unplaced(kind: ExpiryKind) -> tuple[tuple[Category, Decimal], ...]:
        found: dict[Category, list[Decimal]] = {}
        for entry, yearly in placed:
            a = entry.appropriation
            if a.expiry.kind is kind and not yearly:
                found.setdefault(a.category, []).append(
                    _convert(a.amount, entry.ledger, unit, places)
                )
        return tuple((c, _sum(found[c], places)) for c in Category if c in found)

    return Timeline(
        years=tuple(shown),
        categories=categories,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        cells=tuple(cells),
        open=unplaced(ExpiryKind.OPEN),
        declining=unplaced(ExpiryKind.DECLINING),
    )
