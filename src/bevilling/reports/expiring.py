"""``bevilling expiring``: which appropriations run out in a year (or by a year), and how much.

The query :func:`expiring` returns an :class:`Expiring` result (rows, total, and what has no
fixed expiry); :func:`render_expiring` prints it in any format.

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

Imports :mod:`bevilling.reports.filters`, ``guard``, ``table``, ``formats`` and (for JSON)
``listing``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from bevilling.core.followup import Book
from bevilling.core.model import (
    Appropriation,
    Category,
    Entry,
    Expiry,
    ExpiryKind,
    Ledger,
    LedgerSet,
    Unit,
)
from bevilling.core.money import exact_decimals
from bevilling.i18n.catalogs import catalog
from bevilling.reports.filters import (
    Filter,
    Source,
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
    expiry_text,
    extended_note,
    json_document,
    render_grid,
)
from bevilling.reports.guard import checked
from bevilling.reports.prices import (
    Converter,
    Exact,
    Prices,
    index_of,
    price_amount_header,
    prices_note,
    prices_record,
)

if TYPE_CHECKING:
    from bevilling.core.prices import PriceIndex
from bevilling.reports.table import WRAPPED, Cell, Grid, Label, drop_order

__all__ = ["Expiring", "ExpiringRow", "expiring", "expiring_grid", "render_expiring"]

_, _n = catalog(__name__)


@attrs.frozen(kw_only=True)
class ExpiringRow:
    """One appropriation in a report, with its amount in the report's unit."""

    entry: Entry
    """The appropriation with its ledger and table."""
    amount: Decimal
    """The appropriation's amount in the report's unit (exactly) and price level (rounded to
    the report's decimals when converted)."""
    unspent: Decimal | None = None
    """When spending is recorded (spending files loaded with the ledgers): what is left of the
    amount over the appropriation's life (amount + changes − spending), in the report's unit
    and price level; None for an appropriation without a fixed expiry (its amount is yearly:
    ``followup`` gives what is left of a year)."""
    extended: Expiry | None = None
    """The expiry a forlængelse (in a change file loaded with the ledgers) gives it, when that
    differs from the printed one; the report places the row by it."""

    @property
    def expiry(self) -> Expiry:
        """The expiry in force: the forlængelse's, else the printed one."""
        return self.extended or self.entry.appropriation.expiry

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
    prices: Prices = attrs.field(factory=Prices)
    """The price level of the figures (converted to ``prices.target``, or as written)."""
    all_total: Decimal | None = None
    """The sum of ``rows`` and ``open_rows`` (exact, rounded once); None: ``total + open_total``."""
    unspent_total: Decimal | None = None
    """The sum of the unspent part of ``rows``, when spending is recorded."""
    all_unspent_total: Decimal | None = None
    """The sum of the unspent part of ``rows`` and ``open_rows`` (whose part is None, see
    :attr:`ExpiringRow.unspent`), when spending is recorded."""
    open_unspent_total: Decimal | None = None
    """Always None: the rows without a fixed expiry have no unspent part."""
    moved_out: tuple[tuple[str, Expiry, Expiry], ...] = ()
    """The appropriations the printed ledgers place in the year asked (or by it, with
    ``until``) that a forlængelse moves out of it: id, printed expiry, expiry in force.  Not
    in ``rows``; a note names them, so that a total checked against the printed table is
    explained."""


_CATEGORY_ORDER = {category: n for n, category in enumerate(Category)}


def _row_order(row: ExpiringRow, order: dict[int, int]) -> tuple[int, int, int, int]:
    a = row.appropriation
    return (*row.expiry.sort_key, _CATEGORY_ORDER[a.category], order[id(a)])


@exact_decimals
def expiring(
    ledgers: Source,
    year: int | None = None,
    *,
    until: int | None = None,
    filter: Filter | None = None,
    unit: Unit | None = None,
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> Expiring:
    """The appropriations whose funding ends in ``year`` (or, with ``until``, by that year).

    An appropriation ends in the year of its fixed expiry; when the ledger gives only a
    profile, in the profile's last non-zero year (the loader derives that; an explicit
    ``expires`` wins, unless the profile's money ends before it: then the last funded year,
    :attr:`~bevilling.core.model.Appropriation.lapse_year`, the year ``timeline`` shows it
    lapsing too).  When change files are loaded with the ledgers, a ``forlængelse`` moves the
    expiry (the row's :attr:`~ExpiringRow.extended`): the appropriation runs out in the new
    year, not the printed one.  Its whole amount is reported.  Open ("Udløb ikke fastsat") and
    declining ("Faldende profil") appropriations never expire in a year: they are returned in
    ``open_rows`` so that a report can say what it left out.  Only approved money counts
    unless ``filter`` asks for proposals; amounts are converted to ``unit`` (by default
    :func:`~bevilling.reports.filters.report_unit`).

    Ledgers with unaccepted errors (a file that failed to load, a duplicated id, a table that
    does not add up) raise :class:`~bevilling.reports.guard.LedgerErrorsError` naming them,
    unless ``allow_errors``: their figures would be wrong.

    With ``price_level`` every amount is converted to that price level with ``price_index``
    (by default the index loaded with the ledgers), exactly, and rounded to the report's
    decimals only in the result; without it, a report that would add amounts of two price
    levels raises :class:`~bevilling.reports.prices.MixedPriceLevelsError`, unless
    ``allow_mixed_price_levels`` (see :mod:`bevilling.reports.prices`).

    >>> import bevilling
    >>> ledgers = bevilling.load("ledger/")
    >>> expiring(ledgers, 2016).total
    Decimal('8219')
    >>> expiring(ledgers, until=2016, filter=Filter(phase="all")).total
    Decimal('54040')
    """
    if (year is None) == (until is None):
        raise TypeError("expiring() takes a year, or until=year, not both")
    asked = year_argument(*((until, "until") if until is not None else (year, "year")))
    price_level = level_argument(price_level)
    unit = unit_argument(unit)
    index = price_index or index_of(ledgers)
    source = checked(ledgers, allow_errors=allow_errors)
    chosen = (filter or Filter()).apply(source)
    unit = unit or report_unit(chosen)
    places = precision(chosen, unit)
    book, unspent, places = _unspent(source, chosen, unit, places)
    money = Converter(
        (e.ledger for e in chosen), unit, places, target=price_level, index=index,
        allow_mixed=allow_mixed_price_levels,
    )  # fmt: skip
    order = {id(entry.appropriation): n for n, entry in enumerate(chosen)}
    rows: list[ExpiringRow] = []
    open_rows: list[ExpiringRow] = []
    moved_out: list[tuple[str, Expiry, Expiry]] = []
    exact: dict[int, Exact] = {}
    exact_unspent: dict[int, Exact] = {}
    for entry in chosen:
        a = entry.appropriation
        lapses = a.lapse_year
        in_force = book.expiry(a) if book is not None else a.expiry
        extended = None if in_force == a.expiry else in_force
        if extended is not None:  # a forlængelse: the money lapses with the new expiry
            printed = lapses
            lapses = extended.year if extended.kind is ExpiryKind.YEAR else None
            if _in(printed, asked, until) and not _in(lapses, asked, until):
                moved_out.append((a.id, a.expiry, extended))
        if lapses is not None and not _in(lapses, asked, until):
            continue
        is_open = lapses is None
        value, amount = money.row(a.amount, entry.ledger)
        left = None
        # Open and declining rows have a yearly amount and no end: "unspent over the life"
        # has no meaning for them (it would read as overspending); `followup` gives their year.
        if unspent and not is_open:
            left_value, left = money.row(unspent[id(entry)], entry.ledger)
            exact_unspent[id(entry)] = left_value
        row = ExpiringRow(entry=entry, amount=amount, unspent=left, extended=extended)
        exact[id(row)] = value
        (open_rows if is_open else rows).append(row)
    rows.sort(key=lambda row: _row_order(row, order))
    open_rows.sort(key=lambda row: _row_order(row, order))

    def terms(
        chosen_rows: list[ExpiringRow], values: dict[int, Exact]
    ) -> list[tuple[Ledger, Exact]]:
        return [(r.ledger, values[id(r)]) for r in chosen_rows]

    # Rows and open rows may be added (include_open): one sum for the price-level rule.
    all_total = money.total(terms(rows + open_rows, exact))
    unspent_total = all_unspent_total = open_unspent_total = None
    if unspent:
        by_row = {id(r): exact_unspent[id(r.entry)] for r in rows}
        unspent_total = all_unspent_total = money.total(terms(rows, by_row))
    return Expiring(
        year=asked,
        until=until is not None,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        rows=tuple(rows),
        total=money.total(terms(rows, exact)),
        open_rows=tuple(open_rows),
        open_total=money.total(terms(open_rows, exact)),
        prices=money.finish(),
        all_total=all_total,
        unspent_total=unspent_total,
        all_unspent_total=all_unspent_total,
        open_unspent_total=open_unspent_total,
        moved_out=tuple(moved_out),
    )


def _unspent(
    source: Source, chosen: Sequence[Entry], unit: Unit, places: int
) -> tuple[Book | None, dict[int, Decimal], int]:
    """The follow-up book (None without change or spending files); per entry (by id) what is
    unspent over its life, in its ledger's own unit (so that it converts to the report's as
    the amount does), when spending is recorded; and the decimals that needs in ``unit``."""
    if not (isinstance(source, LedgerSet) and (source.changes or source.spending)):
        return None, {}, places
    book = Book(source)
    unspent: dict[int, Decimal] = {}
    if book.ledgers.spending:
        unspent = {id(e): book.unspent(e, e.ledger.unit) for e in chosen}
        for e in chosen:
            places = max(places, places_of(e.ledger.unit.convert(unspent[id(e)], unit)))
    return book, unspent, places


def _in(lapses: int | None, asked: int, until: int | None) -> bool:
    """True when money lapsing with ``lapses`` is asked about (``until``: by ``asked``)."""
    return lapses is not None and (lapses == asked or (until is not None and lapses <= asked))


# --- rendering -----------------------------------------------------------------------------


def expiring_grid(result: Expiring, locale: str, include_open: bool = False) -> Grid:
    """An :func:`expiring` result as a :class:`~bevilling.reports.table.Grid` (what every
    format but JSON renders, and a section of the HTML page)."""
    from bevilling.i18n.formatting import format_amount, label

    with_phase = result.filter.phase != "approved"
    keys = ["id", *(["phase"] if with_phase else [])]
    keys += ["category", "target_group", "organisation", "title", "source"]

    def row(r: ExpiringRow) -> tuple[Cell, ...]:
        a = r.appropriation
        cells: list[Cell] = [a.id]
        if with_phase:
            cells.append(Label(label(r.ledger.phase.value, locale)))
        cells += [Label(a.category.value), a.target_group, a.organisation, a.title, a.source]
        spent = (r.unspent,) if with_unspent else ()
        return (*cells, r.amount, *spent, expiry_text(r.expiry, locale))

    with_unspent = result.unspent_total is not None
    if with_unspent:  # only with spending files: the follow-up report's words (start-up)
        from bevilling.reports.followup import heading
    headers = (
        *(label(k, locale) for k in keys),
        price_amount_header(result.unit, result.prices, locale),
        *((heading("unspent", locale),) if with_unspent else ()),
        label("expires", locale),
    )
    rows = [row(r) for r in result.rows]
    if include_open:
        rows += [row(r) for r in result.open_rows]
    total: list[Cell] = [Label(label("total", locale))] + [None] * (len(headers) - 1)
    total[len(keys)] = result.total
    if include_open:
        total[len(keys)] = (
            result.all_total if result.all_total is not None else result.total + result.open_total
        )
    if with_unspent:
        total[len(keys) + 1] = result.all_unspent_total if include_open else result.unspent_total
    notes = list(prices_note(result.prices, locale))
    if with_unspent and include_open and result.open_rows:
        notes.append(
            _(
                "{column} is left empty for appropriations without a fixed expiry: their amount"
                " is yearly (bevilling followup gives what is left of a year)",
                locale=locale,
                column=heading("unspent", locale),
            )
        )
    moved = [r for r in (*result.rows, *result.open_rows) if r.extended is not None]
    notes += extended_note(
        tuple((r.appropriation.id, r.appropriation.expiry, r.expiry) for r in moved), locale
    )
    if result.moved_out:
        ids = ", ".join(
            f"{ident} ({expiry_text(printed, locale)} → {expiry_text(in_force, locale)})"
            for ident, printed, in_force in result.moved_out
        )
        count = len(result.moved_out)
        notes.append(
            _n(
                "moved past {year} by a forlængelse (the printed expiry is {year} or earlier):"
                " {ids}",
                "moved past {year} by forlængelser (the printed expiries are {year} or"
                " earlier): {ids}",
                count,
                locale=locale,
                year=result.year,
                ids=ids,
            )
            if result.until
            else _n(
                "moved out of {year} by a forlængelse (the printed expiry is {year}): {ids}",
                "moved out of {year} by forlængelser (the printed expiries are {year}): {ids}",
                count,
                locale=locale,
                year=result.year,
                ids=ids,
            )
        )
    if not result.rows:
        none_key = "no_expiring_until" if result.until else "no_expiring"
        notes.append(label(none_key, locale, year=result.year))
    if result.open_rows:
        count = len(result.open_rows)
        notes.append(
            _n(
                "{count} appropriation without fixed expiry: {amount}",
                "{count} appropriations without fixed expiry: {amount}",
                count,
                locale=locale,
                count=count,
                amount=format_amount(result.open_total, locale, places=result.places),
            )
        )
    key = "expiring_until" if result.until else "expiring_in"
    return Grid(
        title=(
            (label(key, locale, year=result.year) + " ", True),
            *scope_parts(result.filter, locale),
        ),
        headers=headers,
        numeric=(*(False for _ in keys), True, *((True,) if with_unspent else ()), False),
        wrap=(*(k in WRAPPED for k in keys), False, *((False,) if with_unspent else ()), True),
        rows=tuple(rows),
        places=result.places,
        total=tuple(total),
        notes=tuple(notes),
        drop_order=(*drop_order(keys), None, *((None,) if with_unspent else ()), None),
    )


def _expiry_value(expiry: Expiry) -> int | str:
    return expiry.year if expiry.kind is ExpiryKind.YEAR and expiry.year else expiry.kind.value


def _row_record(row: ExpiringRow, places: int) -> dict[str, Any]:
    # Only JSON needs the listing's record of a row (start-up of the other formats).
    from bevilling.reports.listing import entry_record

    unspent = {} if row.unspent is None else {"unspent": amount_text(row.unspent, places)}
    extended = {}
    if row.extended is not None:
        e = row.extended
        extended = {"expires_in_force": e.year if e.kind is ExpiryKind.YEAR else e.kind.value}
    return {
        **entry_record(row.entry),
        "report_amount": amount_text(row.amount, places),
        **unspent,
        **extended,
    }


def render_expiring(
    result: Expiring,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
    include_open: bool = False,
) -> str:
    """An :func:`expiring` result as text in ``format``.

    The table lists id, category, target group, organisation, title, source, amount (in the
    result's unit, named in the header) and expiry (and the phase when proposals are
    included), then a total row and a note on what has no fixed expiry, e.g.
    ``2 bevillinger uden fast udløb: 10.131``.  With ``include_open`` those rows are listed
    too and counted in the total row.  In the ``table`` format, text columns that are empty in
    every row are left out, and the table fits ``width``: long text wraps between words, then
    columns go in :data:`~bevilling.reports.table.DROP_ORDER` (named in a note), then long
    words are cut; the other formats ignore ``width``.  JSON gives every field of each
    appropriation (as ``bevilling list``) plus ``report_amount``, the amount in the report's
    unit.  When spending is recorded, a column "Uforbrugt" (and ``unspent`` in JSON) gives
    the unspent part beside each amount.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
    ... ''')
    >>> print(render_expiring(bevilling.expiring(ledgers, 2016), locale="en"), end="")
    Appropriations expiring in 2016 (approved)
    <BLANKLINE>
    Id     Category      Title       Amount (DKK thousand)  Expires
    -----  ------------  --------  -----------------------  ---------
    A1     driftsmidler  Mikrolån                    1,200  2016
    -----  ------------  --------  -----------------------  ---------
    Total                                            1,200
    """
    if format == "json":
        return json_document(
            {
                "report": "expiring",
                "year": result.year,
                "until": result.until,
                "filter": filter_record(result.filter),
                "unit": result.unit.value,
                **prices_record(result.prices),
                "count": len(result.rows),
                "total": amount_text(result.total, result.places),
                **(
                    {}
                    if result.unspent_total is None
                    else {"unspent_total": amount_text(result.unspent_total, result.places)}
                ),
                "appropriations": [_row_record(r, result.places) for r in result.rows],
                "without_fixed_expiry": {
                    "count": len(result.open_rows),
                    "total": amount_text(result.open_total, result.places),
                    "appropriations": [_row_record(r, result.places) for r in result.open_rows],
                },
                **(
                    {
                        "moved_out": [
                            {
                                "id": ident,
                                "expires": _expiry_value(printed),
                                "expires_in_force": _expiry_value(in_force),
                            }
                            for ident, printed, in_force in result.moved_out
                        ]
                    }
                    if result.moved_out
                    else {}
                ),
            }
        )
    grid = expiring_grid(result, locale, include_open)
    return render_grid(grid, format, locale, csv_dialect, width)
