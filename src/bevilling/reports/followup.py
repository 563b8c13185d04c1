"""``bevilling followup``: per appropriation, what was granted, changed, spent and what is left
in a year, and what lapses unspent with it (budgetopfølgning).

The query :func:`followup` returns a :class:`Followup` result; :func:`render_followup`
prints it.  The arithmetic (what counts as granted, changes and spent in a year) is
:mod:`bevilling.core.followup`'s, shared with the checks.

Imports :mod:`bevilling.reports.filters`, ``guard``, ``table`` and ``formats``.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from bevilling.core.followup import Book
from bevilling.core.model import (
    Appropriation,
    Category,
    Entry,
    Expiry,
    ExpiryKind,
    LedgerSet,
    Unit,
)
from bevilling.core.money import exact_decimals
from bevilling.i18n.catalogs import N_, catalog
from bevilling.reports.filters import (
    Filter,
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
    price_amount_header,
    price_unit_words,
    prices_note,
    prices_record,
)
from bevilling.reports.table import Grid, Label

if TYPE_CHECKING:
    from bevilling.core.model import Ledger
    from bevilling.core.prices import PriceIndex

_, _n = catalog(__name__)

__all__ = [
    "COLUMNS",
    "Followup",
    "FollowupRow",
    "followup",
    "followup_grid",
    "heading",
    "render_followup",
]

#: The figures of a row, in column order, with their headings.
COLUMNS = (
    ("granted", N_("Granted")),
    ("changes", N_("Changes")),
    ("spent", N_("Spent")),
    ("remaining", N_("Remaining")),
    ("lapses", N_("Lapses")),
)

#: Headings the other reports borrow when spending is recorded.
_HEADINGS = {
    **dict(COLUMNS),
    "unspent": N_("Unspent"),
    "available": N_("Available"),
}


def heading(key: str, locale: str | None = None) -> str:
    """A follow-up heading (``granted`` ... ``lapses``, ``unspent``, ``available``) in
    ``locale``.

    >>> heading("remaining", "da"), heading("unspent", "en")
    ('Rest', 'Unspent')
    """
    return _(_HEADINGS[key], locale=locale)


@attrs.frozen(kw_only=True)
class FollowupRow:
    """One appropriation in the year of a follow-up, in the result's unit."""

    id: str
    """The appropriation's id."""
    title: str
    """Its title."""
    category: Category
    """Its category."""
    expiry: Expiry
    """Its expiry in force (after any forlængelse)."""
    granted: Decimal | None
    """Granted for the year, as printed; None when the year's amount cannot be known (a
    declining appropriation without a profile: "Faldende profil", no yearly amounts)."""
    changes: Decimal
    """The sum of the changes in force for the year."""
    spent: Decimal
    """Spent in the year."""
    remaining: Decimal | None
    """Granted + changes − spent; None when ``granted`` is."""
    lapses: Decimal | None
    """The remaining that lapses with the year: for an appropriation with a fixed expiry
    year, what the year leaves after spending and overførsler (never below 0), in the expiry
    year and in the profile years before it; for a pool, in its expiry year only; 0 for open
    and declining; None when ``granted`` is."""
    pool: bool = False
    """True for a pool (an amount and a fixed expiry, no profile) whose life runs over more
    than one year: ``granted`` is then what is left of the pool at the start of the year
    (see :meth:`bevilling.core.followup.Book.granted`)."""


@attrs.frozen(kw_only=True)
class Followup:
    """A follow-up of one year: a row per appropriation, and the totals."""

    year: int
    """The year followed up."""
    filter: Filter
    """The criteria the report was made with."""
    unit: Unit
    """The unit of every amount."""
    places: int
    """Decimals to print amounts with."""
    rows: tuple[FollowupRow, ...]
    """One row per appropriation with money, changes or spending in the year, in file order."""
    granted: Decimal
    """The total granted (of the rows whose granted is known: every total leaves out the
    rows whose year amount cannot be known, so that remaining = granted + changes − spent
    holds for the totals too)."""
    changes: Decimal
    """The total of the changes."""
    spent: Decimal
    """The total spent."""
    remaining: Decimal
    """The total remaining (= granted + changes − spent)."""
    lapses: Decimal
    """The total that lapses with the year."""
    prices: Prices = attrs.field(factory=Prices)
    """The price level of the figures (converted to ``prices.target``, or as written)."""


@exact_decimals
def followup(
    ledgers: LedgerSet,
    year: int,
    *,
    filter: Filter | None = None,
    unit: Unit | None = None,
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> Followup:
    """Per appropriation, for ``year``: granted, changes, spent, remaining and what lapses.

    An appropriation is a row when it has money granted for the year (see
    :mod:`bevilling.core.followup`), changes in force in it or spending recorded for it.
    Changes and spending come from the ``bevilling-changes/1`` and ``bevilling-spending/1``
    files loaded with the ledgers.  Every row and the totals hold remaining = granted +
    changes − spent exactly (the totals are the sums of the rows as printed).  Ledgers with
    unaccepted errors (an unknown id in a spending file, an omplacering that does not cancel,
    ...) raise :class:`~bevilling.reports.guard.LedgerErrorsError`, unless ``allow_errors``.

    A **pool** (an amount and a fixed expiry, no profile: "500 til og med 2017") is there
    over its whole life: every year up to its expiry draws on it, its row's granted is what is
    left of it at the start of the year (its amount + the changes of the earlier years − their
    spending), and only its expiry year's remaining lapses (:attr:`FollowupRow.pool`; see
    :mod:`bevilling.core.followup`).  It is a row in every year of its life, from the first
    year a change or spending record names it.

    A **declining** appropriation without a profile ("Faldende profil", an amount and no yearly
    split) has no amount that can be known for one year: its row's granted, remaining and
    lapses are None (shown empty, with a note on the report), and the totals leave the row
    out.

    Changes and spending count at their appropriation's price level (the ledger's
    ``price_level``).  With ``price_level`` every figure is converted to that level with
    ``price_index`` (by default the index loaded with the ledgers) exactly, and rounded once
    when printed: a row's remaining and lapses are the exact remaining rounded (as
    ``expiring``'s unspent), and each total is the exact sum rounded, so a printed figure can
    differ by one in the last place from the sum of the printed figures beside or above it.
    Without it, a total that would add figures of two price levels raises
    :class:`~bevilling.reports.prices.MixedPriceLevelsError`, unless
    ``allow_mixed_price_levels``.

    >>> import bevilling
    >>> ledgers = bevilling.load(["ledger/", "examples/followup/"])
    >>> row = next(r for r in bevilling.followup(ledgers, 2015).rows if r.id == "D02")
    >>> row.granted, row.changes, row.spent, row.remaining, row.lapses
    (Decimal('5190'), Decimal('400'), Decimal('5300'), Decimal('290'), Decimal('290'))
    """
    year = year_argument(year)
    price_level = level_argument(price_level)
    unit = unit_argument(unit)
    index = price_index or index_of(ledgers)
    source = checked(ledgers, allow_errors=allow_errors)
    if not isinstance(source, LedgerSet):  # pragma: no cover - typed as a ledger set
        raise TypeError("followup() takes the LedgerSet that holds the changes and spending")
    chosen = (filter or Filter()).apply(source)
    book = Book(source)
    unit = unit or _unit(chosen, book)
    # Each row's figures in its ledger's own unit and price level, exact.
    kept = []
    places = precision(chosen, unit)
    for entry in chosen:
        a = entry.appropriation
        running = a.profile is None and ExpiryKind.YEAR not in (a.expiry.kind, book.expiry(a).kind)
        touched = (a.id, year) in book.sides or (a.id, year) in book.spending
        life = book.pool_years(a)
        pooled = life is not None and life[0] <= year <= life[1]
        position = book.position(entry, year)
        if not (running or touched or pooled or position.granted):
            continue
        own = entry.ledger.unit
        for value in (position.granted, position.changes, position.spent):
            places = max(places, places_of(own.convert(value, unit)))
        kept.append((entry, position))
    money = Converter(
        (e.ledger for e in chosen), unit, places, target=price_level, index=index,
        allow_mixed=allow_mixed_price_levels,
    )  # fmt: skip
    quantum = Decimal(1).scaleb(-places)
    rows: list[FollowupRow] = []
    keys = [key for key, _heading in COLUMNS]
    terms: dict[str, list[tuple[Ledger, Exact]]] = {key: [] for key in keys}
    for entry, position in kept:
        ledger = entry.ledger
        printed: dict[str, Decimal] = {}
        unknown = _year_unknown(entry.appropriation)
        for key in keys:
            # Each figure converted exactly and rounded once: the remaining is the exact
            # remaining rounded (as expiring's unspent), not a sum of rounded figures.
            exact = money.exact(getattr(position, key), ledger)
            if not unknown:  # a row whose year amount cannot be known is in no total
                terms[key].append((ledger, exact))
            printed[key] = money.rounded(exact).quantize(quantum)
        life = book.pool_years(entry.appropriation)
        rows.append(
            FollowupRow(
                id=entry.appropriation.id,
                title=entry.appropriation.title,
                category=entry.appropriation.category,
                expiry=book.expiry(entry.appropriation),
                granted=None if unknown else printed["granted"],
                changes=printed["changes"],
                spent=printed["spent"],
                remaining=None if unknown else printed["remaining"],
                lapses=None if unknown else printed["lapses"],
                pool=life is not None and life[0] < life[1],
            )
        )

    def total(key: str) -> Decimal:
        # the exact sum, rounded once; a total of two price levels is refused (or allowed)
        return money.total(terms[key]).quantize(quantum)

    return Followup(
        year=year,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        rows=tuple(rows),
        granted=total("granted"),
        changes=total("changes"),
        spent=total("spent"),
        remaining=total("remaining"),
        lapses=total("lapses"),
        prices=money.finish(),
    )


def _year_unknown(a: Appropriation) -> bool:
    """True when what ``a`` holds for one year cannot be known: declining without a profile."""
    return a.profile is None and a.expiry.kind is ExpiryKind.DECLINING


def _unit(entries: Sequence[Entry], book: Book) -> Unit:
    """The smallest unit of the ledgers, changes and spending: every conversion stays exact."""
    units = {report_unit(entries)} if entries else set()
    units |= {c.unit for c in book.ledgers.changes} | {s.unit for s in book.ledgers.spending}
    return min(units, key=lambda u: u.factor) if units else Unit.THOUSAND_DKK


# --- rendering -----------------------------------------------------------------------------


def followup_grid(result: Followup, locale: str) -> Grid:
    """A :func:`followup` result as a :class:`~bevilling.reports.table.Grid` (what every
    format but JSON renders, and a section of the HTML page)."""
    from bevilling.i18n.formatting import label

    keys = [key for key, _heading in COLUMNS]
    unit = price_amount_header(result.unit, result.prices, locale)
    title = _(
        "Follow-up {year}, {unit}",
        locale=locale,
        year=result.year,
        unit=unit[:1].lower() + unit[1:],
    )
    return Grid(
        title=((title + " ", True), *scope_parts(result.filter, locale)),
        headers=(
            label("id", locale),
            label("title", locale),
            label("expires", locale),
            *(_(heading, locale=locale) for _key, heading in COLUMNS),
        ),
        numeric=(False, False, True, True, True, True, True, True),
        wrap=(False, True, False, False, False, False, False, False),
        rows=tuple(
            (
                row.id,
                row.title,
                expiry_text(row.expiry, locale),
                *(getattr(row, key) for key in keys),
            )
            for row in result.rows
        ),
        places=result.places,
        total=(
            Label(label("total", locale)),
            None,
            None,
            *(getattr(result, key) for key in keys),
        ),
        notes=(
            *prices_note(result.prices, locale),
            *(() if result.rows else (label("no_appropriations", locale),)),
            *_pool_note(result, locale),
            *_unknown_note(result, locale),
        ),
        drop_order=(None, None, 0, None, None, None, None, None),
    )


def _unknown_note(result: Followup, locale: str) -> tuple[str, ...]:
    """The note naming the rows whose year amount cannot be known (left out of the totals)."""
    unknown = [row.id for row in result.rows if row.granted is None]
    if not unknown:
        return ()
    return (
        _n(
            "{ids} has a declining profile without yearly amounts: what it has for {year}"
            " cannot be known, so Granted, Remaining and Lapses are left empty and the row is"
            " left out of the totals (write its profile in the ledger)",
            "{ids} have a declining profile without yearly amounts: what they have for {year}"
            " cannot be known, so Granted, Remaining and Lapses are left empty and the rows"
            " are left out of the totals (write their profiles in the ledger)",
            len(unknown),
            locale=locale,
            ids=", ".join(unknown),
            year=result.year,
        ),
    )


def _pool_note(result: Followup, locale: str) -> tuple[str, ...]:
    """The note naming the pools among the rows, whose granted is what is left of the pool."""
    pools = [row.id for row in result.rows if row.pool]
    if not pools:
        return ()
    return (
        _n(
            "{ids} is a pool without a profile (an amount and an expiry): Granted is what is"
            " left of it at the start of {year} (its amount + the changes of the earlier years"
            " − their spending); what it leaves unspent carries on and lapses only with its"
            " expiry year",
            "{ids} are pools without a profile (an amount and an expiry): Granted is what is"
            " left of each at the start of {year} (its amount + the changes of the earlier"
            " years − their spending); what they leave unspent carries on and lapses only with"
            " the expiry year",
            len(pools),
            locale=locale,
            ids=", ".join(pools),
            year=result.year,
        ),
    )


def _amount_or_none(value: Decimal | None, places: int) -> str | None:
    return None if value is None else amount_text(value, places)


def render_followup(
    result: Followup,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """A :func:`followup` result: a row per appropriation (id, title, expiry and the five
    figures) with the totals; JSON gives per row ``id`` and the five figures, as decimal
    strings.

    >>> import bevilling
    >>> ledgers = bevilling.load(["ledger/", "examples/followup/"])
    >>> only = bevilling.Filter(category=bevilling.Category.INDSATSMIDLER)
    >>> print(render_followup(bevilling.followup(ledgers, 2016, filter=only), width=90), end="")
    Opfølgning 2016, beløb (1.000 kr.) (vedtaget; kategori: indsatsmidler)
    <BLANKLINE>
    Id     Titel               Udløb    Bevilget    Ændringer    Forbrug    Rest    Bortfalder
    -----  ----------------  -------  ----------  -----------  ---------  ------  ------------
    I01    Næste stop er        2016       1.019            0        500     519           519
           job - fokus på
           socialøkonomiske
           virksomheder
    I02    Lokal Forankring     2016       2.000            0        900   1.100         1.100
           på Vesterbro og
           Kgs. Enghave
    -----  ----------------  -------  ----------  -----------  ---------  ------  ------------
    I alt                                  3.019            0      1.400   1.619         1.619
    """
    keys = [key for key, _heading in COLUMNS]
    if format == "json":
        return json_document(
            {
                "report": "followup",
                "year": result.year,
                "filter": filter_record(result.filter),
                "unit": result.unit.value,
                **prices_record(result.prices),
                "rows": [
                    {
                        "id": row.id,
                        **{key: _amount_or_none(getattr(row, key), result.places) for key in keys},
                        **({"pool": True} if row.pool else {}),
                    }
                    for row in result.rows
                ],
                "total": {key: amount_text(getattr(result, key), result.places) for key in keys},
            }
        )
    grid = followup_grid(result, locale)
    if format == "csv":  # no title line: each figure's header names the unit
        unit = price_unit_words(result.unit, result.prices, locale)
        grid = with_unit_headers(grid, unit, locale, skip=(2,))  # not the expiry
    return render_grid(grid, format, locale, csv_dialect, width)
