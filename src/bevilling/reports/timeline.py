"""``bevilling timeline``: per year and category, what is available and what lapses (the
funding cliff), with open and declining appropriations apart and a bar chart.

The query :func:`timeline` returns a :class:`Timeline` result; :func:`render_timeline`
prints it.

Imports :mod:`bevilling.reports.filters`, ``guard``, ``table`` and ``formats``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypeAlias

import attrs

from bevilling.core.followup import Book
from bevilling.core.model import Category, Entry, Expiry, ExpiryKind, LedgerSet, Unit
from bevilling.i18n.catalogs import catalog
from bevilling.reports.filters import (
    Filter,
    Source,
    add,
    filter_record,
    level_argument,
    places_of,
    precision,
    report_unit,
    scope_parts,
    unit_argument,
    year_argument,
)
from bevilling.reports.formats import (
    Format,
    amount_text,
    extended_note,
    json_document,
    render_grid,
    with_unit_headers,
)
from bevilling.reports.guard import checked
from bevilling.reports.prices import (
    Converter,
    Exact,
    Prices,
    index_of,
    price_unit_words,
    prices_note,
    prices_record,
)

if TYPE_CHECKING:
    from bevilling.core.model import Ledger
    from bevilling.core.prices import PriceIndex
from bevilling.reports.table import Cell, Grid, Label

__all__ = [
    "CHART_WIDTH",
    "MAX_YEARS",
    "Timeline",
    "TimelineCell",
    "render_timeline",
    "timeline",
    "timeline_grid",
]

#: Amounts with the ledger each comes from, for one printed sum.
_Terms: TypeAlias = 'list[tuple["Ledger", Exact]]'

_, _n = catalog(__name__)

#: The most years one timeline shows: a longer span is refused (a timeline of every year from
#: 1 to 99 999 999 took gigabytes).  Wide enough for every year a ledger can name (1900-2200).
MAX_YEARS = 400


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
    prices: Prices = attrs.field(factory=Prices)
    """The price level of the figures (converted to ``prices.target``, or as written)."""
    year_totals: tuple[tuple[int, Decimal, Decimal], ...] = ()
    """Per year, what is available and what lapses over the categories: the exact sums,
    rounded once (empty: the sums of the cells)."""
    unplaced_totals: tuple[tuple[str, Decimal], ...] = ()
    """``open`` and ``declining`` over the categories, as ``year_totals``."""
    extended: tuple[str, ...] = ()
    """The ids of the appropriations with a profile that a forlængelse (in a change file
    loaded with the ledgers) gives another expiry: the timeline places and lapses them by the
    printed expiry (their profile years).  A pool is placed by the new expiry instead."""
    recorded: tuple[tuple[int, Decimal, Decimal], ...] = ()
    """When change or spending files are loaded: per year shown, the sum of the changes in
    force and of the spending of the appropriations placed in years (open and declining ones
    without a profile are left out, as their money is); empty otherwise.  A pool's records of
    the years before its expiry year are counted in its expiry year (see ``pooled``)."""
    moved: tuple[tuple[str, Expiry, Expiry], ...] = ()
    """The pools (an amount and a fixed expiry, no profile) a forlængelse gives another
    expiry: id, printed expiry, expiry in force.  The timeline places them by the expiry in
    force, as ``expiring`` does, and says so under the table."""
    pooled: tuple[str, ...] = ()
    """The ids of the pools (an amount and a fixed expiry, no profile) with changes or
    spending recorded for years before their expiry year: the timeline places a pool's money
    in its expiry year, so it counts those records there, where the money they draw on is."""

    remaining_totals: tuple[tuple[int, Decimal], ...] = ()
    """With ``recorded``: per year, available + changes − spent, the exact figure rounded once
    (empty: computed from the rounded figures)."""

    def _shown(self, year: int) -> int:
        """``year``, checked: an ``int`` (``TypeError``) among :attr:`years` (``KeyError``: a
        year the timeline does not show would answer 0, as if nothing were there)."""
        year = year_argument(year, bounded=False)
        if year not in self.years:
            raise KeyError(
                f"the timeline shows {self.years[0]}-{self.years[-1]}, not {year}"
                if self.years
                else f"the timeline shows no years, not {year}"
            )
        return year

    def remaining(self, year: int) -> Decimal:
        """What remains of ``year``: available + changes − spent (rounded once)."""
        year = self._shown(year)
        for shown, remaining in self.remaining_totals:
            if shown == year:
                return remaining
        return self.available(year) + self.changes(year) - self.spent(year)

    def changes(self, year: int) -> Decimal:
        """The changes in force in ``year`` (0 when none are recorded)."""
        year = self._shown(year)
        return next((c for y, c, _s in self.recorded if y == year), Decimal(0))

    def spent(self, year: int) -> Decimal:
        """What was spent in ``year`` (0 when no spending is recorded)."""
        year = self._shown(year)
        return next((s for y, _c, s in self.recorded if y == year), Decimal(0))

    def cell(self, year: int, category: Category) -> TimelineCell:
        """The cell of ``year`` and ``category`` (``KeyError`` when not shown)."""
        year = self._shown(year)
        for cell in self.cells:
            if cell.year == year and cell.category is category:
                return cell
        raise KeyError((year, category))

    def available(self, year: int) -> Decimal:
        """Everything available in ``year``, over the categories (``KeyError`` for a year
        not shown, ``TypeError`` for one that is not an ``int``)."""
        year = self._shown(year)
        for shown, available, _lapsing in self.year_totals:
            if shown == year:
                return available
        return add((c.available for c in self.cells if c.year == year), self.places)

    def lapsing(self, year: int) -> Decimal:
        """Everything lapsing with ``year``, over the categories (as :meth:`available`)."""
        year = self._shown(year)
        for shown, _available, lapsing in self.year_totals:
            if shown == year:
                return lapsing
        return add((c.lapsing for c in self.cells if c.year == year), self.places)

    def unplaced(self, kind: str) -> Decimal:
        """Everything ``open`` or ``declining`` (not placed in a year), over the categories."""
        for shown, total in self.unplaced_totals:
            if shown == kind:
                return total
        return add((v for _c, v in getattr(self, kind)), self.places)


def _pool_year(entry: Entry, book: Book | None) -> int | None:
    """For a pool (an amount and a fixed expiry, no profile) with change or spending files
    loaded, the year its money is placed in: its expiry in force (after any forlængelse, as
    ``followup`` and ``expiring`` count it); None otherwise."""
    if book is None:
        return None
    life = book.pool_years(entry.appropriation)
    return None if life is None else life[1]


def _yearly(entry: Entry, book: Book | None = None) -> dict[int, Decimal]:
    """The amounts an appropriation places in years, in its ledger's unit."""
    a = entry.appropriation
    pool_year = _pool_year(entry, book)
    if pool_year is not None:
        return {pool_year: a.amount}
    if a.profile is not None:
        return dict(a.profile.items())
    if a.expiry.kind is ExpiryKind.YEAR and a.expiry.year is not None:
        return {a.expiry.year: a.amount}
    return {}


def _too_many(count: int | None, first: int, last: int) -> ValueError:
    """The refusal of a timeline over ``count`` years (None: more than :data:`MAX_YEARS`)."""
    if count is None:
        message = _(
            "a timeline of more than {most} years ({first} to {last}): give a first and last"
            " year (start and end, --from and --to) at most {most} years apart",
            most=MAX_YEARS, first=first, last=last,
        )  # fmt: skip
    else:
        message = _(
            "a timeline of {count} years ({first} to {last}) is more than {most}: give a first"
            " and last year (start and end, --from and --to) at most {most} years apart",
            count=count, first=first, last=last, most=MAX_YEARS,
        )  # fmt: skip
    return ValueError(message)


def _shown_years(
    placed: list[tuple[Entry, dict[int, Decimal]]],
    years: Iterable[int] | None,
    start: int | None,
    end: int | None,
    recorded: Iterable[int] = (),
) -> list[int]:
    """The years a timeline shows (by default the run over the years the appropriations and
    the ``recorded`` changes and spending name); ``ValueError`` for more than
    :data:`MAX_YEARS`."""
    if years is not None:
        chosen: set[int] = set()
        for year in years:
            chosen.add(year)
            if len(chosen) > MAX_YEARS:
                raise _too_many(None, min(chosen), max(chosen))
        return sorted(chosen)
    named = {year for _entry, yearly in placed for year in yearly} | set(recorded)
    if start is not None and end is not None and start > end:
        raise ValueError(
            _("the first year {start} is after the last year {end}", start=start, end=end)
        )
    first = start if start is not None else min(named, default=end)
    last = end if end is not None else max(named, default=start)
    if first is None or last is None:
        return []
    if last - first + 1 > MAX_YEARS:
        raise _too_many(last - first + 1, first, last)
    return list(range(first, last + 1))


def _arguments(
    years: Iterable[int] | None,
    start: int | None,
    end: int | None,
    price_level: int | None,
    unit: Unit | None,
) -> tuple[Iterable[int] | None, int | None, int | None, int | None, Unit | None]:
    """The arguments of :func:`timeline` that a caller may get wrong, checked by
    :func:`~bevilling.reports.filters.year_argument` and ``unit_argument`` (the years of the
    span for their type only: the span has its own limit, :data:`MAX_YEARS`)."""
    return (
        None if years is None else (year_argument(y, "years", bounded=False) for y in years),
        None if start is None else year_argument(start, "start", bounded=False),
        None if end is None else year_argument(end, "end", bounded=False),
        level_argument(price_level),
        unit_argument(unit),
    )


def timeline(
    ledgers: Source,
    years: Iterable[int] | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
    filter: Filter | None = None,
    unit: Unit | None = None,
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> Timeline:
    """Per year and category: what is available and what lapses (the funding cliff).

    The semantics, chosen because the ledgers do not say when funding starts:

    - **available** in a year: for an appropriation with a profile, the profile's amount for
      that year; for one without a profile and with a fixed expiry year, its whole amount in
      its expiry year only (the year we know it is there; we do not know the start year).
    - **lapsing** with a year: the available amount of the appropriations whose fixed expiry
      is that year (for a profile, the profile's amount in the expiry year; without a profile,
      the whole amount).  What lapses in year *Y* is gone in *Y + 1*: the cliff.  The year is
      :attr:`~bevilling.core.model.Appropriation.lapse_year`, as in ``expiring``: when a
      profile's money ends before its fixed expiry, its last funded year.
    - **open and declining** appropriations never lapse.  With a profile they are available in
      its years; without one they cannot be placed in a year and are returned in ``open`` and
      ``declining``, per category, rather than dropped.

    ``years`` defaults to the run of years from the first to the last that any appropriation
    names (profile years, expiry years) or, when change or spending files are loaded, that a
    change or spending record of the appropriations placed in years names, gaps included so that
    a cliff shows; ``start`` and ``end`` narrow or widen that run. With change or spending files,
    a pool (an amount and a fixed expiry, no profile) is placed and lapses in its expiry year in
    force (after any forlængelse, as ``followup`` and ``expiring`` count it), and so are its
    changes and spending of the years before it (``pooled``): they draw on the money placed
    there. More than
    :data:`MAX_YEARS` years raise ``ValueError``. Over a covering range, the available amounts
    plus ``open`` and ``declining`` sum to the ledgers' money (profile sums for rows with a
    profile, amounts otherwise). Ledgers with unaccepted errors raise
    :class:`~bevilling.reports.guard.LedgerErrorsError`, unless ``allow_errors``.
    ``price_level``, ``price_index`` and ``allow_mixed_price_levels`` as for
    :func:`~bevilling.reports.expiring.expiring`; without a target, only a year (or the open or
    declining row) that adds non-zero amounts of two price levels is refused.

    >>> import bevilling
    >>> ledgers = bevilling.load("ledger/")
    >>> t = timeline(ledgers, range(2015, 2018))
    >>> t.available(2016), t.lapsing(2016)
    (Decimal('8219'), Decimal('8219'))
    """
    years, start, end, price_level, unit = _arguments(years, start, end, price_level, unit)
    index = price_index or index_of(ledgers)
    source = checked(ledgers, allow_errors=allow_errors)
    chosen = (filter or Filter()).apply(source)
    book = (
        Book(source)
        if isinstance(source, LedgerSet) and (source.changes or source.spending)
        else None
    )
    if unit is None and book is not None:
        units = {c.unit for c in source.changes} | {s.unit for s in source.spending}  # type: ignore[union-attr]
        unit = min({report_unit(chosen), *units}, key=lambda u: u.factor)
    unit = unit or report_unit(chosen)
    places = precision(chosen, unit)
    placed = [(entry, _yearly(entry, book)) for entry in chosen]
    record: dict[tuple[str, int], tuple[Decimal, Decimal]] = {}
    pooled: list[str] = []
    if book is not None:
        record, pooled, places = _recorded(book, placed, unit, places)
    shown = _shown_years(placed, years, start, end, (year for _id, year in record))
    money = Converter(
        (e.ledger for e in chosen), unit, places, target=price_level, index=index,
        allow_mixed=allow_mixed_price_levels,
    )  # fmt: skip
    categories = tuple(c for c in Category if any(e.appropriation.category is c for e in chosen))
    # One pass over the rows: (year, category) -> the amounts available and lapsing.
    wanted = set(shown)
    # Keyed by the category's id: an enum hashes by a Python call, once per (row, year).
    available: dict[tuple[int, int], _Terms] = {}
    lapsing: dict[tuple[int, int], _Terms] = {}
    for entry, yearly in placed:
        a = entry.appropriation
        lapses = _pool_year(entry, book) or a.lapse_year
        for year, value in yearly.items():
            if year not in wanted:
                continue
            term = (entry.ledger, money.exact(value, entry.ledger))
            key = (year, id(a.category))
            available.setdefault(key, []).append(term)
            if lapses == year:
                lapsing.setdefault(key, []).append(term)
    recorded: list[tuple[int, Decimal, Decimal]] = []
    remaining: list[tuple[int, Decimal]] = []
    if book is not None:
        recorded, remaining = _against(placed, shown, record, available, money)
    cells = tuple(
        TimelineCell(
            year=year,
            category=category,
            available=money.total(available.get((year, id(category)), ())),
            lapsing=money.total(lapsing.get((year, id(category)), ())),
        )
        for year in shown
        for category in categories
    )
    year_totals = tuple(
        (
            year,
            money.total(t for c in categories for t in available.get((year, id(c)), ())),
            money.total(t for c in categories for t in lapsing.get((year, id(c)), ())),
        )
        for year in shown
    )
    unplaced_totals: list[tuple[str, Decimal]] = []

    def unplaced(kind: ExpiryKind) -> tuple[tuple[Category, Decimal], ...]:
        found: dict[Category, _Terms] = {}
        for entry, yearly in placed:
            a = entry.appropriation
            if a.expiry.kind is kind and not yearly:
                term = (entry.ledger, money.exact(a.amount, entry.ledger))
                found.setdefault(a.category, []).append(term)
        if found:
            every = (t for c in Category for t in found.get(c, ()))
            unplaced_totals.append((kind.value, money.total(every)))
        return tuple((c, money.total(found[c])) for c in Category if c in found)

    open_sums, declining_sums = unplaced(ExpiryKind.OPEN), unplaced(ExpiryKind.DECLINING)
    return Timeline(
        years=tuple(shown),
        categories=categories,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        cells=cells,
        open=open_sums,
        declining=declining_sums,
        prices=money.finish(),
        year_totals=year_totals,
        unplaced_totals=tuple(unplaced_totals),
        recorded=tuple(recorded),
        pooled=tuple(pooled),
        remaining_totals=tuple(remaining),
        extended=tuple(
            e.appropriation.id
            for e in chosen
            if book is not None
            and book.expiry(e.appropriation) != e.appropriation.expiry
            and _pool_year(e, book) is None
        ),
        moved=tuple(
            (e.appropriation.id, e.appropriation.expiry, book.expiry(e.appropriation))
            for e in chosen
            if book is not None
            and book.expiry(e.appropriation) != e.appropriation.expiry
            and _pool_year(e, book) is not None
        ),
    )


# --- rendering -----------------------------------------------------------------------------

#: The bar chart never grows wider than this, whatever the terminal.
CHART_WIDTH = 80


def _bar_chart(result: Timeline, locale: str, width: int, ascii: bool) -> str:
    """Per year a bar of what is available: the part that continues, then the part that lapses."""
    from bevilling.i18n.formatting import format_amount, label

    full, lapse = ("#", "-") if ascii else ("█", "░")
    years = [(str(y), result.available(y), result.lapsing(y)) for y in result.years]
    if not years:
        return ""
    texts = [format_amount(a, locale, places=result.places) for _y, a, _l in years]
    label_width = max(len(y) for y, _a, _l in years)
    amount_width = max(len(t) for t in texts)
    room = max(10, min(width, CHART_WIDTH) - label_width - amount_width - 4)
    largest = max(max(a, Decimal(0)) for _y, a, _l in years)

    def cells(value: Decimal) -> int:
        if largest <= 0 or value <= 0:
            return 0
        return max(1, int((value * room / largest).quantize(Decimal(1), ROUND_HALF_UP)))

    lines = [label("chart", locale, unit=price_unit_words(result.unit, result.prices, locale))]
    for (year, available, lapsing), text in zip(years, texts, strict=True):
        total_cells = cells(available)
        lapse_cells = min(total_cells, cells(min(lapsing, available)))
        bar = full * (total_cells - lapse_cells) + lapse * lapse_cells
        lines.append(f"{year:>{label_width}}  {text:>{amount_width}}  {bar}".rstrip())
    lines.append(label("legend", locale, full=full, lapse=lapse))
    return "\n".join(lines) + "\n"


def _against(
    placed: list[tuple[Entry, dict[int, Decimal]]],
    shown: list[int],
    record: dict[tuple[str, int], tuple[Decimal, Decimal]],
    available: dict[tuple[int, int], _Terms],
    money: Converter,
) -> tuple[list[tuple[int, Decimal, Decimal]], list[tuple[int, Decimal]]]:
    """Per year shown: the changes and the spending (rounded sums), and the remaining
    (available + changes − spent, exact, rounded once as followup's and expiring's)."""
    # Only appropriations placed in years: the open and declining rows without a profile
    # have no year to set their spending against (followup does that).
    years_placed = [entry for entry, yearly in placed if yearly]
    nothing = (Decimal(0), Decimal(0))
    recorded: list[tuple[int, Decimal, Decimal]] = []
    remaining: list[tuple[int, Decimal]] = []
    for year in shown:
        pairs = [(e.ledger, record.get((e.appropriation.id, year), nothing)) for e in years_placed]
        changes = [(ledger, money.exact(c, ledger)) for ledger, (c, _s) in pairs]
        spent = [(ledger, money.exact(s, ledger)) for ledger, (_c, s) in pairs]
        recorded.append((year, money.total(changes), money.total(spent)))
        there = [term for (y, _c), terms in available.items() if y == year for term in terms]
        left = [*there, *changes, *((ledger, -value) for ledger, value in spent)]
        remaining.append((year, money.total(left)))
    return recorded, remaining


def _recorded(
    book: Book,
    placed: list[tuple[Entry, dict[int, Decimal]]],
    unit: Unit,
    places: int,
) -> tuple[dict[tuple[str, int], tuple[Decimal, Decimal]], list[str], int]:
    """Per (appropriation id, year a record names): the changes in force and the spending of
    the appropriations placed in years, each in its ledger's unit (converted as the amounts
    are), a pool's records of the years before its expiry year counted in that year; the ids
    of those pools; and the decimals the figures need in ``unit`` (spending may be recorded
    to the krone)."""
    record: dict[tuple[str, int], tuple[Decimal, Decimal]] = {}
    pooled: list[str] = []
    for entry, yearly in placed:
        if not yearly:
            continue
        own, ident = entry.ledger.unit, entry.appropriation.id
        record_years = book.record_years(ident)
        if not record_years:
            continue
        # A pool's money is placed in its expiry year (in force): what draws on it is too.
        pool_year = _pool_year(entry, book)
        if pool_year is not None and record_years[0] < pool_year:
            pooled.append(ident)
        for year in record_years:
            changes, spent = book.changes_in(ident, year, own), book.spent_in(ident, year, own)
            for value in (changes, spent):
                places = max(places, places_of(own.convert(value, unit)))
            if pool_year is not None and year < pool_year:
                year = pool_year  # noqa: PLW2901 - counted in the pool's year
            before = record.get((ident, year))
            if before is not None:
                changes, spent = before[0] + changes, before[1] + spent
            record[ident, year] = (changes, spent)
    return record, pooled, places


def timeline_grid(result: Timeline, locale: str, *, chart: str = "", spent: bool = False) -> Grid:
    """A :func:`timeline` result as a :class:`~bevilling.reports.table.Grid` (what every format
    but JSON renders, and a section of the HTML page); ``chart`` goes under the table.  With
    ``spent`` and changes or spending recorded, each year also shows the changes in force, what
    was spent and what remains."""
    from bevilling.i18n.formatting import label
    from bevilling.reports.followup import heading

    categories = result.categories
    cells = {(c.year, c.category): c for c in result.cells}
    recorded = spent and bool(result.recorded)

    def against(year: int) -> tuple[Cell, ...]:
        if not recorded:
            return ()
        return (result.changes(year), result.spent(year), result.remaining(year))

    rows: list[tuple[Cell, ...]] = [
        (
            Label(str(year)),
            *(cells[year, c].available for c in categories),
            result.available(year),
            result.lapsing(year),
            *against(year),
        )
        for year in result.years
    ]
    extra = ("changes", "spent", "remaining") if recorded else ()
    for kind, sums in (("open", result.open), ("declining", result.declining)):
        if sums:
            found = dict(sums)
            total = result.unplaced(kind)
            rows.append(
                (
                    Label(label(kind, locale)),
                    *(found.get(c) for c in categories),
                    total,
                    None,
                    *(None for _ in extra),
                )
            )
    title = _(
        "Available and lapsing per year, amount ({unit})",
        locale=locale,
        unit=price_unit_words(result.unit, result.prices, locale),
    )
    return Grid(
        title=((title + " ", True), *scope_parts(result.filter, locale)),
        headers=(
            label("year", locale),
            *(c.value for c in categories),
            label("total", locale),
            label("lapsing", locale),
            *(heading(key, locale) for key in extra),
        ),
        numeric=(False, *(True for _ in categories), True, True, *(True for _ in extra)),
        wrap=(True, *(False for _ in categories), False, False, *(False for _ in extra)),
        rows=tuple(rows),
        places=result.places,
        notes=(
            *prices_note(result.prices, locale),
            *(() if rows else (label("no_appropriations", locale),)),
            *(
                (
                    _n(
                        "{ids} is a pool without a profile (an amount and an expiry): its"
                        " changes and spending of the years before its expiry year are counted"
                        " in that year, where its money is placed",
                        "{ids} are pools without a profile (an amount and an expiry): their"
                        " changes and spending of the years before the expiry year are counted"
                        " in that year, where their money is placed",
                        len(result.pooled),
                        locale=locale,
                        ids=", ".join(result.pooled),
                    ),
                )
                if recorded and result.pooled
                else ()
            ),
            *(
                (
                    _(
                        "placed and lapsing by the printed expiry, though a forlængelse"
                        " extends it (bevilling followup and expiring use the new one): {ids}",
                        locale=locale,
                        ids=", ".join(result.extended),
                    ),
                )
                if result.extended
                else ()
            ),
            *extended_note(result.moved, locale),
        ),
        extra=chart,
        # to fit the width, the categories go (the last first); year, total and lapsing stay
        drop_order=(
            None,
            *range(len(categories) - 1, -1, -1),
            None,
            None,
            *(None for _ in extra),
        ),
    )


def render_timeline(
    result: Timeline,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
    ascii: bool = False,
    spent: bool = False,
) -> str:
    """A :func:`timeline` result: one row per year with what is available per category, the
    year's total and how much of it lapses with the year; then one row each for open and
    declining appropriations that cannot be placed in a year.  The ``table`` format adds a
    bar chart of the years (Unicode blocks, or ``#`` and ``-`` with ``ascii``) that fits 80
    columns.  JSON gives every cell, with the lapsing amount per category.  With ``spent``
    and changes or spending recorded, each year also shows the changes in force, what was
    spent and what remains (available + changes − spent); JSON always gives them then.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {title: A, profile: {2016: 600, 2017: 600}},
    ...       {title: B, amount: 300, expires: 2016}]}
    ... ''')
    >>> print(render_timeline(bevilling.timeline(ledgers), ascii=True), end="")
    Til rådighed og udløb pr. år, beløb (1.000 kr.) (vedtaget)
    <BLANKLINE>
    År      driftsmidler    I alt    Heraf udløber
    ----  --------------  -------  ---------------
    2016             900      900              300
    2017             600      600              600
    <BLANKLINE>
    Til rådighed pr. år (1.000 kr.)
    2016  900  ##############################################-----------------------
    2017  600  ----------------------------------------------
    # fortsætter   - udløber med året
    """

    def amount(value: Decimal) -> str:
        return amount_text(value, result.places)

    if format == "json":
        by_year: dict[int, list[TimelineCell]] = {}
        for c in result.cells:
            by_year.setdefault(c.year, []).append(c)
        return json_document(
            {
                "report": "timeline",
                "filter": filter_record(result.filter),
                "unit": result.unit.value,
                **prices_record(result.prices),
                "years": [
                    {
                        "year": year,
                        "available": amount(result.available(year)),
                        "lapsing": amount(result.lapsing(year)),
                        **(
                            {
                                "changes": amount(result.changes(year)),
                                "spent": amount(result.spent(year)),
                                "remaining": amount(result.remaining(year)),
                            }
                            if result.recorded
                            else {}
                        ),
                        "categories": {
                            c.category.value: {
                                "available": amount(c.available),
                                "lapsing": amount(c.lapsing),
                            }
                            for c in by_year.get(year, ())
                        },
                    }
                    for year in result.years
                ],
                "open": {c.value: amount(v) for c, v in result.open},
                "declining": {c.value: amount(v) for c, v in result.declining},
                **({"pooled": list(result.pooled)} if result.recorded else {}),
                **({"moved": [m[0] for m in result.moved]} if result.moved else {}),
            }
        )
    chart = _bar_chart(result, locale, width or CHART_WIDTH, ascii) if format == "table" else ""
    grid = timeline_grid(result, locale, chart=chart, spent=spent)
    if format == "csv":  # no title line: each figure's header names the unit
        grid = with_unit_headers(grid, price_unit_words(result.unit, result.prices, locale), locale)
    return render_grid(grid, format, locale, csv_dialect, width)
