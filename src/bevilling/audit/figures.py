"""Checks of figures as written: a sign or a number of decimals that is likely a slip.

- ``negative-amount``: a grant printed in a table is not negative; a negative row is a
  reduction (besparelse, negativ tillægsbevilling) only if the source prints it so.
- ``zero-amount``: a row of 0 (or ``-0``) adds nothing to any total: usually a figure not yet
  written, or a dash (–) in the source.
- ``extra-decimals``: ``amount: 1.20`` or ``2.2000`` in a table of whole thousands is likely
  ``1.200``/``2.200`` (Danish notation) with a digit too few or too many.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from bevilling.audit.locate import key_line
from bevilling.audit.support import Figures, decimals, row_name
from bevilling.core.model import Appropriation, Ledger, LedgerSet, NumberFormat, Table, Unit
from bevilling.core.problems import Location, Problem, Severity

__all__ = ["amounts_are_positive", "decimals_are_consistent", "rows_have_money"]

#: The most decimals an amount in each unit plausibly has: øre; 100 kr.; 1.000 kr.
UNIT_DECIMALS = {Unit.DKK: 2, Unit.THOUSAND_DKK: 1, Unit.MILLION_DKK: 3}

# A figure of a table, with what it is and how to find its line (asked only for findings).
_Figure = tuple[Decimal, str, Callable[[], int], Appropriation | None]


def _row_figures(ledgers: LedgerSet, a: Appropriation) -> Iterator[_Figure]:
    """A row's written figures: its profile years, and its amount unless it is the profile's
    sum (then it says nothing the years do not)."""
    if a.profile is not None:
        for year, value in a.profile.items():
            yield (value, f"{year}", _line(ledgers, a.location, "profile", str(year)), a)
        if a.amount == a.profile.total:
            return
    yield (a.amount, "amount", _line(ledgers, a.location, "amount"), a)


def _table_figures(ledgers: LedgerSet, table: Table) -> Iterator[_Figure]:
    if table.stated_total is not None:
        yield (table.stated_total, "stated_total",
               _line(ledgers, table.location, "stated_total"), None)  # fmt: skip
    if table.stated_years is not None:
        for year, value in table.stated_years.items():
            yield (value, f"stated_years {year}",
                   _line(ledgers, table.location, "stated_years", str(year)), None)  # fmt: skip
    for a in table.appropriations:
        yield from _row_figures(ledgers, a)


def _line(ledgers: LedgerSet, within: Location, *path: str) -> Callable[[], int]:
    return lambda: key_line(ledgers, within, *path)


def _written(value: Decimal, ledger: Ledger) -> str:
    text = format(value, "f")
    return text.replace(".", ",") if ledger.number_format is NumberFormat.DA else text


def _meant(value: Decimal) -> tuple[str, str] | None:
    """What a plain figure like ``1.20`` or ``2.2000`` would be as Danish thousands, written
    the Danish way and the plain way (``1.200``, ``1200``); None if it cannot be that."""
    whole, _, fraction = format(abs(value), "f").partition(".")
    if not 1 <= len(whole) <= 3 or whole.startswith("0") or not fraction:
        return None
    if len(fraction) > 3 and fraction[3:].strip("0"):
        return None
    three = fraction[:3].ljust(3, "0")
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{three}", f"{sign}{int(whole + three)}"


def decimals_are_consistent(ledgers: LedgerSet) -> Iterator[Problem]:
    """``extra-decimals``: no figure is written with more decimals than every other figure of
    its table, or than its unit plausibly has (``amount: 1.20`` among whole thousands is likely
    a slip for ``1.200``)."""
    for ledger in ledgers.ledgers:
        cap = UNIT_DECIMALS[ledger.unit]
        for table in ledger.tables:
            figures = list(_table_figures(ledgers, table))
            counts: dict[int, int] = {}
            for value, *_rest in figures:
                counts[decimals(value)] = counts.get(decimals(value), 0) + 1
            reported: set[int] = set()
            for value, what, line, row in figures:
                places = decimals(value)
                if places == 0 or (row is not None and id(row) in reported):
                    continue
                others = [p for p, n in counts.items() if p != places or n > 1]
                most = max(others) if others else None
                if not ((most is not None and places > most) or places > cap):
                    continue
                if row is not None:
                    reported.add(id(row))
                yield _extra_decimals(
                    ledger, table, value, what=what, line=line(), row=row, most=most, cap=cap
                )


def _extra_decimals(
    ledger: Ledger,
    table: Table,
    value: Decimal,
    *,
    what: str,
    line: int,
    row: Appropriation | None,
    most: int | None,
    cap: int,
) -> Problem:
    places = decimals(value)
    written = _written(value, ledger)
    subject = f"{row_name(row)}: {what}" if row is not None else f'table "{table.name}": {what}'
    reasons = []
    if most is not None and places > most:
        reasons.append(
            f'the other figures of table "{table.name}" have '
            + (f"at most {most}" if most else "none")
        )
    if places > cap:
        reasons.append(f"amounts in {ledger.unit.value} rarely have more than {cap}")
    place = f"`appropriation: {row.id}`" if row is not None else f"`table: {table.name}`"
    meant = _meant(value) if ledger.number_format is NumberFormat.PLAIN else None
    if meant is not None:
        hint = (
            f"if the source prints {meant[0]} (Danish for {meant[1]}), write {meant[1]}; if it"
            f" prints {written.replace('.', ',')}, the figure is right: accept it with"
            f" `code: extra-decimals` and {place}"
        )
    else:
        hint = (
            "compare the figure with the source: a decimal point or a digit may have slipped"
            f" in; if it is right, accept it with `code: extra-decimals` and {place}"
        )
    return Problem(
        "extra-decimals",
        Severity.WARNING,
        f"{subject} {written} is written with {places} decimal{'s' if places > 1 else ''},"
        f" where {' and '.join(reasons)}: a slip?",
        Location(ledger.file, line),
        hint,
    )


def amounts_are_positive(ledgers: LedgerSet) -> Iterator[Problem]:
    """``negative-amount``: no row's amount or profile year is negative (a grant printed in
    a table is not; a reduction is real only if the source prints it negative)."""
    figures = Figures()
    for ledger, _table, a in ledgers.entries():
        negative = [(v, w, line) for v, w, line, _r in _row_figures(ledgers, a) if v < 0]
        if a.profile is not None and a.amount < 0 and a.amount == a.profile.total:
            negative.append((a.amount, "amount", _line(ledgers, a.location, "amount")))
        if not negative:
            continue
        line = negative[0][2]
        listed = ", ".join(f"{w} {figures.amount(ledger, v)}" for v, w, _l in negative)
        yield Problem(
            "negative-amount",
            Severity.WARNING,
            f"{row_name(a)} has a negative figure ({listed}): a grant printed in a table is"
            " not negative",
            Location(a.location.file, line()),
            "check the sign against the source and remove the minus if it is a slip; a"
            " reduction (besparelse, negativ tillægsbevilling) printed as a negative row is"
            f" real: accept it with `code: negative-amount` and `appropriation: {a.id}`",
        )


def rows_have_money(ledgers: LedgerSet) -> Iterator[Problem]:
    """``zero-amount``: no row's amount is 0 (it adds nothing to any total: a figure not yet
    written?), and no figure is written ``-0``."""
    for _ledger, _table, a in ledgers.entries():
        signed = [
            (w, line) for v, w, line, _r in _row_figures(ledgers, a) if v == 0 and v.is_signed()
        ]
        if a.amount == 0:
            message = (
                f"{row_name(a)} has the amount 0"
                + (" (written -0)" if a.amount.is_signed() else "")
                + ": it adds nothing to any total"
            )
            line = _line(ledgers, a.location, "amount")
            hint = (
                "write the amount the source prints; if the source prints 0 or a dash (–) for"
                " the row, accept it with `code: zero-amount` and"
                f" `appropriation: {a.id}`"
            )
        elif signed:
            what, line = signed[0]
            message = f"{row_name(a)}: {what} is written -0, a zero with a minus sign"
            hint = "write 0"
        else:
            continue
        yield Problem("zero-amount", Severity.WARNING, message,
                      Location(a.location.file, line()), hint)  # fmt: skip
