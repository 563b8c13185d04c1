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
    subject: str
    """What the figure is the total of, for the message."""
    stated_word: str
    """``stated`` or ``amount``."""
    summed_word: str
    """``rows sum to``, ``tables sum to``, ``profile sums to``."""
    stated: Decimal
    """The printed figure."""
    summed: Decimal
    """The sum of the figures it should equal."""
    figures: int
    """How many figures were summed (for the rounding tolerance)."""
    rounded_to: Decimal | None
    """The declared rounding, if any."""

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
        text = (
            f"{self.subject}: {self.stated_word} {figures.fmt(self.stated, places)},"
            f" {self.summed_word} {figures.fmt(self.summed, places)},"
            f" difference {figures.fmt(self.difference, places)} ({self.ledger.unit.value})"
        )
        if self.within_rounding and self.rounded_to is not None:
            rounding_places = figures.places(self.ledger, self.rounded_to, self.tolerance)
            rounding = figures.fmt(self.rounded_to, rounding_places)
            text += (
                f", within the declared rounding to {rounding}"
                f" (up to {figures.fmt(self.tolerance, rounding_places)}"
                f" for {self.figures} figures)"
            )
        return text


def _table_sum(table: Table) -> Decimal:
    return sum((a.amount for a in table.appropriations), ZERO)


def _sums(ledgers: LedgerSet) -> Iterator[_Sum]:
    """Every printed total, year total and row amount against what it should be the sum of."""
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            subject = f'table "{table.name}"'
            if table.stated_total is not None and table.stated_total != _table_sum(table):
                yield _Sum(
                    kind="table", ledger=ledger,
                    locate=functools.partial(key_location, ledgers, table.location,
                                             "stated_total"),
                    subject=subject, stated_word="stated", summed_word="rows sum to",
                    stated=table.stated_total, summed=_table_sum(table),
                    figures=len(table.appropriations), rounded_to=table.rounded_to,
                )  # fmt: skip
            yield from _year_sums(ledgers, ledger, table)
            for a in table.appropriations:
                if a.profile is None or a.amount == a.profile.total:
                    continue
                yield _Sum(
                    kind="profile", ledger=ledger,
                    locate=functools.partial(key_location, ledgers, a.location, "amount"),
                    subject=row_name(a), stated_word="amount", summed_word="profile sums to",
                    stated=a.amount, summed=a.profile.total, figures=len(a.profile),
                    rounded_to=table.rounded_to,
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
                subject="grand total", stated_word="stated", summed_word="tables sum to",
                stated=ledger.stated_total, summed=sum(subtotals, ZERO),
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
            subject=f'table "{table.name}", {year}'
            + ("" if year in table.stated_years else " (no stated figure)"),
            stated_word="stated", summed_word="rows sum to", stated=stated,
            summed=sum(in_year, ZERO), figures=max(len(in_year), 1),
            rounded_to=table.rounded_to,
        )  # fmt: skip


_ACCEPT_HINT = (
    "if the source itself prints it so, keep the figure as printed and record it under"
    " `accepted:` with the code, the {what} and a reason"
)


def _mismatches(ledgers: LedgerSet, kinds: Collection[str], code: str) -> Iterator[Problem]:
    figures = Figures()
    for s in _sums(ledgers):
        if s.kind in kinds and s.difference != 0 and not s.within_rounding:
            if s.kind == "profile":
                hint = (
                    "compare the row's I alt and its year columns with the source and fix the"
                    " mistyped figure; " + _ACCEPT_HINT.format(what="`appropriation:` id")
                )
            else:
                hint = (
                    "compare each figure with the source and fix a mistyped row or total; "
                    + _ACCEPT_HINT.format(
                        what="`table:` name" if s.kind != "grand" else "ledger (no table)"
                    )
                )
                if s.rounded_to is None and s.kind != "year":
                    hint += "; if the printed figures are rounded, declare `rounded_to`"
            yield Problem(code, Severity.ERROR, s.message(figures), s.locate(), hint)


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
                "nothing to fix if the source prints these figures: rounded figures need not"
                " add up exactly; accept it with `code: total-rounding` to record that",
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
                f'table "{table.name}" states no total (no `stated_total`, no `stated_years`):'
                f" its {rows} {'row is' if rows == 1 else 'rows are'} never compared with a"
                " printed figure",
                Location(table.location.file, key_line(ledgers, table.location, "name")),
                "write the total the source prints under the table (I alt) as `stated_total:`"
                " (and its year totals as `stated_years:`); if the source prints no total,"
                " accept it with `code: unaudited-table`, `table:` and a reason",
            )
