"""``bevilling totals``: sums grouped by category, target group, organisation, source, expiry,
ledger or phase, with the grand total.

The query :func:`totals` returns a :class:`Totals` result; :func:`render_totals` prints it.

Imports :mod:`bevilling.reports.filters`, ``guard``, ``table`` and ``formats``.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TYPE_CHECKING, TypeAlias

import attrs

from bevilling.core.followup import extended_expiries, placed_expiry
from bevilling.core.model import Category, Entry, Expiry, ExpiryKind, LedgerSet, Phase, Unit
from bevilling.i18n.catalogs import catalog
from bevilling.reports.filters import (
    Filter,
    Source,
    filter_record,
    level_argument,
    precision,
    report_unit,
    scope_parts,
    text_key,
    unit_argument,
)
from bevilling.reports.formats import (
    Format,
    amount_text,
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
    from bevilling.core.model import Ledger
    from bevilling.core.prices import PriceIndex
from bevilling.reports.table import Cell, Grid, Label

__all__ = [
    "Dimension",
    "GroupKey",
    "Totals",
    "TotalsGroup",
    "render_totals",
    "totals",
    "totals_grid",
]

_, _n = catalog(__name__)


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
        raise ValueError(
            _("cannot group by {text}: use one of {choices}", text=repr(text), choices=names)
        )


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
    then open and declining, text alphabetically); the group for "not given" comes last.
    Texts that differ only in case, blanks or invisible characters are one group (as a
    filter matches them), keyed by the first spelling in file order."""
    count: int
    """How many appropriations in all."""
    total: Decimal
    """The grand total (the sum of every group)."""
    prices: Prices = attrs.field(factory=Prices)
    """The price level of the figures (converted to ``prices.target``, or as written)."""
    extended: tuple[tuple[str, Expiry, Expiry], ...] = ()
    """By expiry: the appropriations a forlængelse (in a change file loaded with the
    ledgers) gives another expiry, grouped by that one (as ``expiring`` places them): id,
    printed expiry, expiry in force."""


#: The dimensions whose values are text a filter matches (see :func:`_key`).
_TEXT_DIMENSIONS = frozenset({Dimension.TARGET_GROUP, Dimension.ORGANISATION, Dimension.SOURCE})


def _key(entry: Entry, by: Dimension, extended: dict[str, Expiry] | None = None) -> GroupKey:
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
        # The year the money lapses, as expiring reports it (a forlængelse moves it).
        expiry = placed_expiry(a, extended)
        return expiry.year if expiry.kind is ExpiryKind.YEAR else expiry.kind.value
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
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> Totals:
    """The sum and count of appropriations per value of ``by``, and the grand total.

    Rows whose field is not given (no target group, say) form a group of their own with key
    None, so that the groups always add up to the grand total.  By expiry, an appropriation
    is in the group of the year its money lapses, as ``expiring`` places it: the expiry a
    ``forlængelse`` gives it (when change files are loaded with the ledgers; listed in
    :attr:`Totals.extended`), or a profile's last funded year when that is before the printed
    expiry.  Ledgers with unaccepted
    errors raise :class:`~bevilling.reports.guard.LedgerErrorsError`, unless
    ``allow_errors``.  ``price_level``, ``price_index`` and ``allow_mixed_price_levels`` as
    for :func:`~bevilling.reports.expiring.expiring`: converted, each group and the grand
    total are the exact sums of the converted amounts, rounded once.

    >>> import bevilling
    >>> ledgers = bevilling.load("ledger/")
    >>> {g.key: str(g.amount) for g in totals(ledgers, "category").groups}
    {'driftsmidler': '47579', 'indsatsmidler': '12092', 'særindsatser': '3000'}
    """
    dimension = Dimension.parse(by)
    price_level = level_argument(price_level)
    unit = unit_argument(unit)
    index = price_index or index_of(ledgers)
    source = checked(ledgers, allow_errors=allow_errors)
    chosen = (filter or Filter()).apply(source)
    unit = unit or report_unit(chosen)
    places = precision(chosen, unit)
    money = Converter(
        (e.ledger for e in chosen), unit, places, target=price_level, index=index,
        allow_mixed=allow_mixed_price_levels,
    )  # fmt: skip
    extended = (
        extended_expiries(source)
        if dimension is Dimension.EXPIRY and isinstance(source, LedgerSet)
        else {}
    )
    sums: dict[GroupKey, list[tuple[Ledger, Exact]]] = {}
    # Text groups are the values a filter cannot tell apart (case, blanks, a soft hyphen):
    # one group per text_key, shown as the first spelling met.
    spelling: dict[str, GroupKey] = {}
    texts = dimension in _TEXT_DIMENSIONS
    for entry in chosen:
        amount = money.exact(entry.appropriation.amount, entry.ledger)
        key = _key(entry, dimension, extended)
        if texts and isinstance(key, str):
            key = spelling.setdefault(text_key(key), key)
        sums.setdefault(key, []).append((entry.ledger, amount))
    keys = sorted(sums, key=lambda key: _group_order(dimension, key))
    groups = tuple(
        TotalsGroup(key=key, count=len(sums[key]), amount=money.total(sums[key])) for key in keys
    )
    total = money.total(term for key in keys for term in sums[key])
    return Totals(
        by=dimension,
        filter=filter or Filter(),
        unit=unit,
        places=places,
        groups=groups,
        count=len(chosen),
        total=total,
        prices=money.finish(),
        extended=tuple(
            (e.appropriation.id, e.appropriation.expiry, extended[e.appropriation.id])
            for e in chosen
            if e.appropriation.id in extended
        ),
    )


# --- rendering -----------------------------------------------------------------------------


def _group_label(key: GroupKey, by: str, locale: str) -> Cell:
    """The first cell of a group's row: the value as written in the ledgers (escaped per
    format), or bevilling's word for it ("(ikke angivet)", "udløb ikke fastsat", a phase)."""
    from bevilling.i18n.formatting import label

    if key is None:
        return Label(label("none", locale))
    if (by == "expiry" and isinstance(key, str)) or by == "phase":
        return Label(label(str(key), locale))
    if isinstance(key, int) or by == "category":
        return Label(str(key))
    return key


def _expiry_value(expiry: Expiry) -> int | str:
    return expiry.year if expiry.kind is ExpiryKind.YEAR and expiry.year else expiry.kind.value


def totals_grid(result: Totals, locale: str) -> Grid:
    """A :func:`totals` result as a :class:`~bevilling.reports.table.Grid` (what every format
    but JSON renders, and a section of the HTML page)."""
    from bevilling.i18n.formatting import label

    by = result.by.value
    dimension = label(f"by_{by}", locale)
    return Grid(
        title=(
            (f"{label('totals_by', locale, by=dimension)} ", True),
            *scope_parts(result.filter, locale),
        ),
        headers=(
            dimension[:1].upper() + dimension[1:],
            label("count", locale),
            price_amount_header(result.unit, result.prices, locale),
        ),
        numeric=(False, True, True),
        wrap=(True, False, False),
        rows=tuple(
            (_group_label(g.key, by, locale), Label(str(g.count)), g.amount) for g in result.groups
        ),
        places=result.places,
        total=(Label(label("total", locale)), Label(str(result.count)), result.total),
        notes=(
            *prices_note(result.prices, locale),
            *(() if result.groups else (label("no_appropriations", locale),)),
            *extended_note(result.extended, locale),
        ),
    )


def render_totals(
    result: Totals,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """A :func:`totals` result: one line per group (count and amount), and the grand total.
    Rows without a value for the dimension are the group "(ikke angivet)".

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: mio DKK
    ... tables:
    ...   - {name: Tabel 1, category: indsatsmidler, appropriations: [
    ...       {title: Mentor, amount: 18.3, expires: 2015},
    ...       {title: Uddannelse, amount: 20.4, expires: 2015}]}
    ... ''')
    >>> print(render_totals(bevilling.totals(ledgers, "category")), end="")
    I alt fordelt på kategori (vedtaget)
    <BLANKLINE>
    Kategori         Antal    Beløb (mio. kr.)
    -------------  -------  ------------------
    indsatsmidler        2                38,7
    -------------  -------  ------------------
    I alt                2                38,7
    """
    by = result.by.value
    if format == "json":
        return json_document(
            {
                "report": "totals",
                "by": by,
                "filter": filter_record(result.filter),
                "unit": result.unit.value,
                **prices_record(result.prices),
                "groups": [
                    {
                        "key": g.key,
                        "count": g.count,
                        "amount": amount_text(g.amount, result.places),
                    }
                    for g in result.groups
                ],
                "count": result.count,
                "total": amount_text(result.total, result.places),
                **(
                    {
                        "extended": [
                            {
                                "id": ident,
                                "expires": _expiry_value(printed),
                                "expires_in_force": _expiry_value(in_force),
                            }
                            for ident, printed, in_force in result.extended
                        ]
                    }
                    if result.extended
                    else {}
                ),
            }
        )
    grid = totals_grid(result, locale)
    return render_grid(grid, format, locale, csv_dialect, width)
