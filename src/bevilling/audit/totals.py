"""Checks of printed totals: table totals, grand totals, year totals, row profiles, rounding,
and tables that print no total at all (and so are never audited)."""

from __future__ import annotations

import math
import operator
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal

from bevilling.audit.locate import key_line, key_location
from bevilling.audit.rows import Rows, rows_of
from bevilling.audit.support import Figures, row_name
from bevilling.core.model import ExpiryKind, Ledger, LedgerSet, Table
from bevilling.core.money import ZERO
from bevilling.core.problems import Location, Problem, Severity, Sums
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = [
    "differences_within_rounding",
    "profiles_add_up_to_amounts",
    "rounding_tolerance",
    "roundings_fit_the_figures",
    "rows_count_in_a_year_total",
    "stated_totals_add_up",
    "tables_state_a_total",
    "year_totals_add_up",
]


def rounding_tolerance(rounded_to: Decimal, figures: int) -> Decimal:
    """The largest difference between a printed total and the sum of ``figures`` printed
    figures that rounding each to ``rounded_to`` explains (docs/checks.md, ``total-rounding``).

    The printed total and each figure were rounded from exact values: the difference is the
    total's rounding error minus the figures' errors, ``figures + 1`` independent errors
    spread evenly over ``[-q/2, q/2]`` (``q`` = ``rounded_to``), each with variance
    ``q²/12``: its standard deviation is ``q·√((figures + 1)/12)``.  A difference beyond
    three standard deviations happens by rounding less than 3 times in 1 000 (fewer than
    the normal curve's 0,27 %: a sum of a few even errors has thinner tails); a mistyped
    digit is far likelier.  The figures are multiples of ``q``, so the tolerance is the
    largest multiple of ``q`` within 3 standard deviations: ``q·⌊√(3·(figures + 1)/4)⌋``, at
    least ``q`` from two figures on.  A single figure is its total rounded the same way:
    nothing is explained, the comparison is exact.

    >>> [str(rounding_tolerance(Decimal("0.1"), n)) for n in (1, 2, 4, 5, 20, 100)]
    ['0', '0.1', '0.1', '0.2', '0.3', '0.8']

    (The worst case, ``q/2`` per figure, would excuse 1,0 in a table of 20 rows rounded to
    0,1: a row typed 2,2 for the printed 1,2.)
    """
    if figures < 2:
        return ZERO
    return rounded_to * math.isqrt(3 * (figures + 1) // 4)


class _Sum:
    """A printed figure compared with the sum it should equal (a plain class rather than
    attrs: attrs builds a class's methods at import, ~0.5 ms each)."""

    __slots__ = ("figures", "kind", "ledger", "name", "path", "place", "rounded_to",
                 "rounding_fits", "stated", "summed", "within", "year", "year_stated")  # fmt: skip

    kind: str
    """``table``, ``grand``, ``year`` or ``profile``: which comparison."""
    ledger: Ledger
    """The ledger the figures are in."""
    within: Location
    """The node the printed figure is written in (the table, the row, the ledger)."""
    path: tuple[str, ...]
    """The keys leading to the printed figure inside :attr:`within` (its line is looked up
    only for figures that disagree: :meth:`locate`)."""
    name: str
    """What the figure is the total of: the table's name, or the row's name (``D11 "X"``)."""
    stated: Decimal
    """The printed figure."""
    summed: Decimal
    """The sum of the figures it should equal."""
    figures: int
    """How many figures were summed (for the rounding tolerance)."""
    rounded_to: Decimal | None
    """The declared rounding, if any."""
    rounding_fits: bool
    """False when a figure under the declared rounding is not a multiple of it: the figures
    are not rounded so, and the declaration explains no difference (``implausible-rounding``)."""
    year: int | None
    """The year of a year total."""
    year_stated: bool
    """False when the table states nothing for :attr:`year` (the rows have money in it)."""
    place: str
    """The table's name (table and year totals) or the row's id (profiles)."""

    def __init__(
        self,
        *,
        kind: str,
        ledger: Ledger,
        within: Location,
        path: tuple[str, ...],
        name: str,
        stated: Decimal,
        summed: Decimal,
        figures: int,
        rounded_to: Decimal | None,
        rounding_fits: bool = True,
        year: int | None = None,
        year_stated: bool = True,
        place: str = "",
    ) -> None:
        self.kind = kind
        self.ledger = ledger
        self.within = within
        self.path = path
        self.name = name
        self.stated = stated
        self.summed = summed
        self.figures = figures
        self.rounded_to = rounded_to
        self.rounding_fits = rounding_fits
        self.year = year
        self.year_stated = year_stated
        self.place = place

    def locate(self, ledgers: LedgerSet) -> Location:
        """Where the printed figure is written."""
        return key_location(ledgers, self.within, *self.path)

    def entry_keys(self) -> str:
        """The keys of an ``accepted:`` entry accepting exactly this finding, as written."""
        # Imported here: only a finding needs the writer (start-up).
        from bevilling.write import format_ledger_amount, quote

        keys = []
        if self.kind in ("table", "year"):
            keys.append(f"table: {quote(self.place)}")
        if self.kind == "profile":
            keys.append(f"appropriation: {quote(self.place)}")
        if self.year is not None:
            keys.append(f"year: {self.year}")
        keys.append(f"stated: {format_ledger_amount(self.stated, self.ledger.number_format)}")
        keys.append(f"sum: {format_ledger_amount(self.summed, self.ledger.number_format)}")
        return ", ".join(f"`{key}`" for key in keys)

    @property
    def sums(self) -> Sums:
        """The figures compared, for matching ``accepted:`` entries."""
        scope = {"table": "table", "year": "table", "grand": "grand", "profile": "row"}
        return Sums(scope[self.kind], self.stated, self.summed, self.year)

    @property
    def difference(self) -> Decimal:
        """Printed minus summed."""
        return self.stated - self.summed

    @property
    def tolerance(self) -> Decimal:
        """What rounding to ``rounded_to`` explains for the figures summed
        (:func:`rounding_tolerance`); zero (exact) when none is declared, or when the figures
        contradict the declaration (a figure that is not a multiple of it)."""
        if self.rounded_to is None or not self.rounding_fits:
            return ZERO
        return rounding_tolerance(self.rounded_to, self.figures)

    @property
    def within_rounding(self) -> bool:
        """True for a non-zero difference that the declared rounding explains."""
        return self.difference != 0 and abs(self.difference) <= self.tolerance

    def message(self, figures: Figures) -> str:
        places = figures.places(self.ledger, self.stated, self.summed)
        values = {
            "stated": figures.fmt(self.stated, places),
            "summed": figures.fmt(self.summed, places),
            "difference": figures.fmt(self.difference, places),
            "unit": figures.unit(self.ledger),
        }
        if self.kind == "table":
            text = _(
                'table "{table}": stated total {stated}, the rows add up to {summed},'
                " difference {difference} ({unit})",
                table=self.name, **values,
            )  # fmt: skip
        elif self.kind == "grand":
            text = _(
                "grand total: stated {stated}, the tables add up to {summed},"
                " difference {difference} ({unit})",
                **values,
            )
        elif self.kind == "year" and self.year_stated:
            text = _(
                'table "{table}", {year}: stated total {stated}, the rows add up to {summed},'
                " difference {difference} ({unit})",
                table=self.name, year=self.year, **values,
            )  # fmt: skip
        elif self.kind == "year":
            text = _(
                'table "{table}", {year}: no stated total (counts as {stated}), the rows add up'
                " to {summed}, difference {difference} ({unit})",
                table=self.name, year=self.year, **values,
            )  # fmt: skip
        else:
            text = _(
                "{row}: amount {stated}, the profile adds up to {summed},"
                " difference {difference} ({unit})",
                row=self.name, **values,
            )  # fmt: skip
        if self.rounded_to is not None and self.tolerance and not self.within_rounding:
            rounding_places = figures.places(self.ledger, self.rounded_to, self.tolerance)
            text = _n(
                "{finding}, more than the declared rounding to {rounding} explains (up to"
                " {tolerance} for {count} figure)",
                "{finding}, more than the declared rounding to {rounding} explains (up to"
                " {tolerance} for {count} figures)",
                self.figures,
                finding=text,
                rounding=figures.fmt(self.rounded_to, _decimals(self.rounded_to)),
                tolerance=figures.fmt(self.tolerance, rounding_places),
                count=self.figures,
            )
        if self.within_rounding and self.rounded_to is not None:
            rounding_places = figures.places(self.ledger, self.rounded_to, self.tolerance)
            text = _n(
                "{finding}, within the declared rounding to {rounding} (up to {tolerance}"
                " for {count} figure)",
                "{finding}, within the declared rounding to {rounding} (up to {tolerance}"
                " for {count} figures)",
                self.figures,
                finding=text,
                # the rounding as declared (0,1), the tolerance with its own decimals (0,15)
                rounding=figures.fmt(self.rounded_to, _decimals(self.rounded_to)),
                tolerance=figures.fmt(self.tolerance, rounding_places),
                count=self.figures,
            )
        return text


def _decimals(value: Decimal) -> int:
    """The decimals ``value`` is written with (``0.1``: 1, ``0.10``: 2, ``1``: 0)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _table_sum(table: Table) -> Decimal:
    return sum(map(_amount, table.appropriations), ZERO)


_amount = operator.attrgetter("amount")


def _table_figures(table: Table) -> Iterator[Decimal]:
    """Every figure a table prints: its totals, its rows' amounts and profiles."""
    if table.stated_total is not None:
        yield table.stated_total
    if table.stated_years is not None:
        yield from table.stated_years.values()
    for a in table.appropriations:
        yield a.amount
        if a.profile is not None:
            yield from a.profile.values()


def _grand_figures(ledger: Ledger) -> list[Decimal]:
    """The figures the grand total is compared with: itself and each table's subtotal."""
    if ledger.stated_total is None:
        return []
    subtotals = [
        t.stated_total if t.stated_total is not None else _table_sum(t) for t in ledger.tables
    ]
    return [ledger.stated_total, *subtotals]


def _not_multiples(figures: Iterable[Decimal], rounded_to: Decimal | None) -> list[Decimal]:
    """The figures that are not a multiple of ``rounded_to`` (none when none is declared)."""
    if rounded_to is None or rounded_to <= 0:
        return []
    return [f for f in figures if f % rounded_to != 0]


def _sums(ledgers: LedgerSet) -> list[_Sum]:
    """Every printed total, year total and row amount that differs from what it should be
    the sum of (computed once per ledger set: four checks read them)."""
    return rows_of(ledgers).fact(_differing_sums)


def _differing_sums(rows: Rows) -> list[_Sum]:
    return list(_walk_sums(rows.ledgers, rows.profile_mismatches))


def _walk_sums(ledger_list: tuple[Ledger, ...], mismatched: frozenset[int]) -> Iterator[_Sum]:
    """The sums of :func:`_sums`; ``mismatched`` are the ids of the rows whose amount differs
    from the sum of their profile."""
    for ledger in ledger_list:
        table_sums = [_table_sum(table) for table in ledger.tables]
        for table, table_sum in zip(ledger.tables, table_sums, strict=True):
            fits = not _not_multiples(_table_figures(table), table.rounded_to)
            if table.stated_total is not None and table.stated_total != table_sum:
                yield _Sum(
                    kind="table", ledger=ledger,
                    within=table.location, path=("stated_total",),
                    name=table.name, place=table.name, stated=table.stated_total,
                    summed=table_sum,
                    figures=len(table.appropriations), rounded_to=table.rounded_to,
                    rounding_fits=fits,
                )  # fmt: skip
            yield from _year_sums(ledger, table, fits)
            if not mismatched:
                continue  # every row's amount is its profile's sum (the common case)
            for a in table.appropriations:
                if id(a) not in mismatched or a.profile is None:
                    continue
                yield _Sum(
                    kind="profile", ledger=ledger,
                    within=a.location, path=("amount",),
                    name=row_name(a), place=a.id, stated=a.amount, summed=a.profile.total,
                    figures=len(a.profile), rounded_to=table.rounded_to, rounding_fits=fits,
                )  # fmt: skip
        if ledger.stated_total is None:
            continue
        subtotals = [
            t.stated_total if t.stated_total is not None else table_sum
            for t, table_sum in zip(ledger.tables, table_sums, strict=True)
        ]
        if ledger.stated_total != sum(subtotals, ZERO):
            yield _Sum(
                kind="grand", ledger=ledger,
                within=ledger.location, path=("stated_total",),
                name="", stated=ledger.stated_total, summed=sum(subtotals, ZERO),
                figures=len(subtotals), rounded_to=ledger.rounded_to,
                rounding_fits=not _not_multiples(_grand_figures(ledger), ledger.rounded_to),
            )  # fmt: skip


def _year_amounts(table: Table) -> list[dict[int, Decimal]]:
    """Each row's money by year, as the table's year columns print it: its profile, or, for a
    row without one, its whole amount in its expiry year (a row of a budget note's table
    printed ``1.000  0  0  0 | 1.000`` is ``amount: 1000, expires: 2016``).  A row without a
    profile and without an expiry year has no year (``unaudited-row``)."""
    years = []
    for a in table.appropriations:
        if a.profile is not None:
            years.append(dict(a.profile.items()))
        elif a.expiry.kind is ExpiryKind.YEAR and a.expiry.year is not None:
            years.append({a.expiry.year: a.amount})
    return years


def _year_sums(ledger: Ledger, table: Table, fits: bool) -> Iterator[_Sum]:
    if table.stated_years is None:
        return
    rows = _year_amounts(table)
    years = sorted(set(table.stated_years) | {y for r in rows for y, v in r.items() if v})
    for year in years:
        in_year = [r[year] for r in rows if year in r]
        stated = table.stated_years.get(year, ZERO)
        if stated == sum(in_year, ZERO):
            continue
        # A year that is not written points at the `stated_years` line (the lookup falls
        # back to the deepest key it finds).
        yield _Sum(
            kind="year", ledger=ledger,
            within=table.location, path=("stated_years", str(year)),
            name=table.name, place=table.name, year=year,
            year_stated=year in table.stated_years, stated=stated,
            summed=sum(in_year, ZERO), figures=max(len(in_year), 1),
            rounded_to=table.rounded_to, rounding_fits=fits,
        )  # fmt: skip


def _hint(s: _Sum) -> str:
    """How to fix (or accept) a mismatch of the kind of ``s``."""
    keys = s.entry_keys()
    if s.kind == "profile":
        return _(
            "compare the row's I alt and its year columns with the source and fix the mistyped"
            " figure; if the source itself prints it so, keep the figure as printed and record"
            " it under `accepted:` with the code, {keys} and a reason",
            keys=keys,
        )
    if s.rounded_to is None and s.kind != "year":
        return _(
            "compare each figure with the source and fix a mistyped figure; if the source"
            " itself prints it so, keep the figure as printed and record it under `accepted:`"
            " with the code, {keys} and a reason; if the printed figures are rounded, declare"
            " `rounded_to`",
            keys=keys,
        )
    return _(
        "compare each figure with the source and fix a mistyped figure; if the source itself"
        " prints it so, keep the figure as printed and record it under `accepted:` with the"
        " code, {keys} and a reason",
        keys=keys,
    )


def _mismatches(ledgers: LedgerSet, kinds: Collection[str], code: str) -> Iterator[Problem]:
    figures = Figures(ledgers)
    for s in _sums(ledgers):
        if s.kind in kinds and s.difference != 0 and not s.within_rounding:
            yield Problem(
                code, Severity.ERROR, s.message(figures), s.locate(ledgers), _hint(s), sums=s.sums
            )


def stated_totals_add_up(ledgers: LedgerSet) -> Iterator[Problem]:
    """``total-mismatch``: each table's rows add up to its ``stated_total``; the tables to the
    ledger's grand total (each table counted at its printed subtotal when it has one)."""
    return _mismatches(ledgers, {"table", "grand"}, "total-mismatch")


def differences_within_rounding(ledgers: LedgerSet) -> Iterator[Problem]:
    """``total-rounding``: a difference no larger than the declared ``rounded_to`` explains
    (:func:`rounding_tolerance`).  Without ``rounded_to`` comparison is exact."""
    figures = Figures(ledgers)
    for s in _sums(ledgers):
        if s.within_rounding:
            yield Problem(
                "total-rounding",
                Severity.WARNING,
                s.message(figures),
                s.locate(ledgers),
                # The keys to write come with `unpinned-acceptance` when an entry lacks them
                # (this hint is quoted in README.md).
                _(
                    "nothing to fix if the source prints these figures: rounded figures need"
                    " not add up exactly; accept it with `code: total-rounding` to record that"
                ),
                sums=s.sums,
            )


def year_totals_add_up(ledgers: LedgerSet) -> Iterator[Problem]:
    """``year-total-mismatch``: a table's ``stated_years`` equal the per-year profile sums."""
    return _mismatches(ledgers, {"year"}, "year-total-mismatch")


def profiles_add_up_to_amounts(ledgers: LedgerSet) -> Iterator[Problem]:
    """``profile-mismatch``: an appropriation's ``amount`` equals the sum of its profile."""
    return _mismatches(ledgers, {"profile"}, "profile-mismatch")


def tables_state_a_total(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unaudited-table``: a table states a printed total (``stated_total`` or
    ``stated_years``), or its ledger states a grand total: otherwise nothing its rows add up
    to is ever compared, and a mistyped, missing or doubled row passes unseen."""
    for ledger in ledgers.ledgers:
        if ledger.stated_total is not None:
            continue  # every table counts towards the audited grand total
        for table in ledger.tables:
            if table.stated_total is not None or table.stated_years is not None:
                continue
            rows = len(table.appropriations)
            yield Problem(
                "unaudited-table",
                Severity.WARNING,
                _n(
                    'table "{table}" states no total (no `stated_total`, no `stated_years`):'
                    " its {count} row is never compared with a printed figure",
                    'table "{table}" states no total (no `stated_total`, no `stated_years`):'
                    " its {count} rows are never compared with a printed figure",
                    rows,
                    table=table.name,
                    count=rows,
                ),
                Location(table.location.file, key_line(ledgers, table.location, "name")),
                _(
                    "write the total the source prints under the table (I alt) as"
                    " `stated_total:` (and its year totals as `stated_years:`); if the source"
                    " prints no total, accept it with `code: unaudited-table`, `table:` and a"
                    " reason"
                ),
            )


def rows_count_in_a_year_total(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unaudited-row``: in a table audited only by its year totals (``stated_years``, no
    ``stated_total``, no grand total in its ledger), a row without a profile and without an
    expiry year counts in no year total, so its amount is never compared with a printed
    figure."""
    for ledger in ledgers.ledgers:
        if ledger.stated_total is not None:
            continue  # the grand total counts every row
        for table in ledger.tables:
            if table.stated_years is None or table.stated_total is not None:
                continue
            for a in table.appropriations:
                if a.profile is not None or a.expiry.kind is ExpiryKind.YEAR:
                    continue
                yield Problem(
                    "unaudited-row",
                    Severity.WARNING,
                    _(
                        "{row} has no profile and no expiry year, so it counts in none of the"
                        ' year totals of table "{table}", and the table states no total: its'
                        " amount is never compared with a printed figure",
                        row=row_name(a),
                        table=table.name,
                    ),
                    Location(a.location.file, a.location.line, a.location.last_line),
                    _(
                        "write the row's year columns as `profile:` (the table prints them),"
                        " or the table's I alt as `stated_total:`; if the source prints"
                        " neither, accept it with `code: unaudited-row`, `appropriation:` and"
                        " a reason"
                    ),
                )


def roundings_fit_the_figures(ledgers: LedgerSet) -> Iterator[Problem]:
    """``implausible-rounding``: every figure a declared ``rounded_to`` covers (a table's
    totals, amounts and profiles; the grand total and the table subtotals) is a multiple of
    it.  A figure that is not was not rounded so: the declaration is wrong, and no rounding
    tolerance is granted on its strength (mismatches stay errors)."""
    figures = Figures(ledgers)
    for ledger in ledgers.ledgers:
        places: list[tuple[str | None, Location, Decimal | None, list[Decimal]]] = [
            (t.name, t.location, t.rounded_to, _not_multiples(_table_figures(t), t.rounded_to))
            for t in ledger.tables
        ]
        places.append(
            (
                None,
                ledger.location,
                ledger.rounded_to,
                _not_multiples(_grand_figures(ledger), ledger.rounded_to),
            )
        )
        for table, where, rounded_to, off in places:
            if not off or rounded_to is None:
                continue
            shown = figures.places(ledger, rounded_to, off[0])
            values = {
                "rounding": figures.fmt(rounded_to, _decimals(rounded_to)),  # as declared
                "figure": figures.fmt(off[0], shown),
                "count": len(off),
            }
            if table is None:
                message = _n(
                    "the grand total declares `rounded_to` {rounding}, but {figure} is not a"
                    " multiple of it ({count} figure is not): no rounding tolerance applies",
                    "the grand total declares `rounded_to` {rounding}, but {figure} is not a"
                    " multiple of it ({count} figures are not): no rounding tolerance applies",
                    len(off), **values,
                )  # fmt: skip
            else:
                message = _n(
                    'table "{table}" declares `rounded_to` {rounding}, but {figure} is not a'
                    " multiple of it ({count} figure is not): no rounding tolerance applies",
                    'table "{table}" declares `rounded_to` {rounding}, but {figure} is not a'
                    " multiple of it ({count} figures are not): no rounding tolerance applies",
                    len(off), table=table, **values,
                )  # fmt: skip
            yield Problem(
                "implausible-rounding",
                Severity.WARNING,
                message,
                Location(where.file, key_line(ledgers, where, "rounded_to")),
                _(
                    "`rounded_to` is the unit the source rounds its printed figures to (0.1 for"
                    " mio. kr. with one decimal): correct it to what the figures show, or"
                    " remove it if the figures are not rounded"
                ),
            )
