"""Checks of printed totals: table totals, grand totals, year totals, row profiles, rounding,
and tables that print no total at all (and so are never audited)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterator
from decimal import Decimal

import attrs

from bevilling.audit.locate import key_line, key_location
from bevilling.audit.support import Figures, row_name
from bevilling.core.model import Ledger, LedgerSet, Table
from bevilling.core.money import ZERO
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = [
    "differences_within_rounding",
    "profiles_add_up_to_amounts",
    "stated_totals_add_up",
    "tables_state_a_total",
    "year_totals_add_up",
]


@attrs.frozen(kw_only=True)
class _Sum:
    """A printed figure compared with the sum it should equal."""

    kind: str
    """``table``, ``grand``, ``year`` or ``profile``: which comparison."""
    ledger: Ledger
    """The ledger the figures are in."""
    locate: Callable[[], Location]
    """Finds where the printed figure is written (only asked for figures that disagree)."""
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
    year: int | None = None
    """The year of a year total."""
    year_stated: bool = True
    """False when the table states nothing for :attr:`year` (the rows have money in it)."""

    @property
    def difference(self) -> Decimal:
        """Printed minus summed."""
        return self.stated - self.summed

    @property
    def tolerance(self) -> Decimal:
        """Half of ``rounded_to`` per summed figure; zero (exact) when none is declared."""
        if self.rounded_to is None:
            return ZERO
        return self.rounded_to * self.figures / 2

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
        if self.within_rounding and self.rounded_to is not None:
            rounding_places = figures.places(self.ledger, self.rounded_to, self.tolerance)
            text = _n(
                "{finding}, within the declared rounding to {rounding} (up to {tolerance}"
                " for {count} figure)",
                "{finding}, within the declared rounding to {rounding} (up to {tolerance}"
                " for {count} figures)",
                self.figures,
                finding=text,
                rounding=figures.fmt(self.rounded_to, rounding_places),
                tolerance=figures.fmt(self.tolerance, rounding_places),
                count=self.figures,
            )
        return text


def _table_sum(table: Table) -> Decimal:
    return sum((a.amount for a in table.appropriations), ZERO)


def _sums(ledgers: LedgerSet) -> Iterator[_Sum]:
    """Every printed total, year total and row amount against what it should be the sum of."""
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            if table.stated_total is not None and table.stated_total != _table_sum(table):
                yield _Sum(
                    kind="table", ledger=ledger,
                    locate=functools.partial(key_location, ledgers, table.location,
                                             "stated_total"),
                    name=table.name, stated=table.stated_total, summed=_table_sum(table),
                    figures=len(table.appropriations), rounded_to=table.rounded_to,
                )  # fmt: skip
            yield from _year_sums(ledgers, ledger, table)
            for a in table.appropriations:
                if a.profile is None or a.amount == a.profile.total:
                    continue
                yield _Sum(
                    kind="profile", ledger=ledger,
                    locate=functools.partial(key_location, ledgers, a.location, "amount"),
                    name=row_name(a), stated=a.amount, summed=a.profile.total,
                    figures=len(a.profile), rounded_to=table.rounded_to,
                )  # fmt: skip
        if ledger.stated_total is None:
            continue
        subtotals = [
            t.stated_total if t.stated_total is not None else _table_sum(t) for t in ledger.tables
        ]
        if ledger.stated_total != sum(subtotals, ZERO):
            yield _Sum(
                kind="grand", ledger=ledger,
                locate=functools.partial(key_location, ledgers, ledger.location, "stated_total"),
                name="", stated=ledger.stated_total, summed=sum(subtotals, ZERO),
                figures=len(subtotals), rounded_to=ledger.rounded_to,
            )  # fmt: skip


def _year_sums(ledgers: LedgerSet, ledger: Ledger, table: Table) -> Iterator[_Sum]:
    if table.stated_years is None:
        return
    profiled = [a.profile for a in table.appropriations if a.profile is not None]
    years = sorted(set(table.stated_years) | {y for p in profiled for y, v in p.items() if v})
    for year in years:
        in_year = [p[year] for p in profiled if year in p]
        stated = table.stated_years.get(year, ZERO)
        if stated == sum(in_year, ZERO):
            continue
        # A year that is not written points at the `stated_years` line (the lookup falls
        # back to the deepest key it finds).
        locate = functools.partial(key_location, ledgers, table.location, "stated_years", str(year))
        yield _Sum(
            kind="year", ledger=ledger, locate=locate,
            name=table.name, year=year, year_stated=year in table.stated_years, stated=stated,
            summed=sum(in_year, ZERO), figures=max(len(in_year), 1),
            rounded_to=table.rounded_to,
        )  # fmt: skip


def _hint(s: _Sum) -> str:
    """How to fix (or accept) a mismatch of the kind of ``s``."""
    if s.kind == "profile":
        return _(
            "compare the row's I alt and its year columns with the source and fix the mistyped"
            " figure; if the source itself prints it so, keep the figure as printed and record"
            " it under `accepted:` with the code, the `appropriation:` id and a reason"
        )
    if s.kind == "year":
        return _(
            "compare each figure with the source and fix a mistyped row or total; if the"
            " source itself prints it so, keep the figure as printed and record it under"
            " `accepted:` with the code, the `table:` name and a reason"
        )
    if s.kind == "grand" and s.rounded_to is None:
        return _(
            "compare each figure with the source and fix a mistyped table total; if the source"
            " itself prints it so, keep the figure as printed and record it under `accepted:`"
            " with the code and a reason (no `table:`); if the printed figures are rounded,"
            " declare `rounded_to`"
        )
    if s.kind == "grand":
        return _(
            "compare each figure with the source and fix a mistyped table total; if the source"
            " itself prints it so, keep the figure as printed and record it under `accepted:`"
            " with the code and a reason (no `table:`)"
        )
    if s.rounded_to is None:
        return _(
            "compare each figure with the source and fix a mistyped row or total; if the"
            " source itself prints it so, keep the figure as printed and record it under"
            " `accepted:` with the code, the `table:` name and a reason; if the printed"
            " figures are rounded, declare `rounded_to`"
        )
    return _(
        "compare each figure with the source and fix a mistyped row or total; if the source"
        " itself prints it so, keep the figure as printed and record it under `accepted:` with"
        " the code, the `table:` name and a reason"
    )


def _mismatches(ledgers: LedgerSet, kinds: Collection[str], code: str) -> Iterator[Problem]:
    figures = Figures()
    for s in _sums(ledgers):
        if s.kind in kinds and s.difference != 0 and not s.within_rounding:
            yield Problem(code, Severity.ERROR, s.message(figures), s.locate(), _hint(s))


def stated_totals_add_up(ledgers: LedgerSet) -> Iterator[Problem]:
    """``total-mismatch``: each table's rows add up to its ``stated_total``; the tables to the
    ledger's grand total (each table counted at its printed subtotal when it has one)."""
    return _mismatches(ledgers, {"table", "grand"}, "total-mismatch")


def differences_within_rounding(ledgers: LedgerSet) -> Iterator[Problem]:
    """``total-rounding``: a difference no larger than the declared ``rounded_to`` explains
    (half a unit per summed figure).  Without ``rounded_to`` comparison is exact."""
    figures = Figures()
    for s in _sums(ledgers):
        if s.within_rounding:
            yield Problem(
                "total-rounding",
                Severity.WARNING,
                s.message(figures),
                s.locate(),
                _(
                    "nothing to fix if the source prints these figures: rounded figures need"
                    " not add up exactly; accept it with `code: total-rounding` to record that"
                ),
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
