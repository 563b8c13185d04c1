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
from bevilling.audit.rows import rows_of
from bevilling.audit.support import Figures, decimals, row_name
from bevilling.core.model import Appropriation, Ledger, LedgerSet, NumberFormat, Table, Unit
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import N_, catalog

_, _n = catalog(__name__)

__all__ = ["amounts_are_positive", "decimals_are_consistent", "rows_have_money"]

#: The most decimals an amount in each unit plausibly has: øre; 100 kr.; 1.000 kr.
UNIT_DECIMALS = {Unit.DKK: 2, Unit.THOUSAND_DKK: 1, Unit.MILLION_DKK: 3}

# A figure of a table, with what it is (a label and its year, see _what) and how to find its
# line (asked only for findings).
# What a figure is: a message naming it (None for a profile year) and its year, if any.
_Label = tuple[str | None, int | None]
_Figure = tuple[Decimal, _Label, Callable[[], int], Appropriation | None]

_AMOUNT = N_("amount")
_STATED_TOTAL = N_("stated total")
_STATED_YEAR = N_("stated total {year}")


def _what(label: _Label) -> str:
    """The name of a figure in a message: ``beløb``, ``2016``, ``oplyst total 2016``."""
    message, year = label
    if message is None:
        return str(year)
    return _(message, year=year) if year is not None else _(message)


def _row_figures(ledgers: LedgerSet, a: Appropriation) -> Iterator[_Figure]:
    """A row's written figures: its profile years, and its amount unless it is the profile's
    sum (then it says nothing the years do not)."""
    if a.profile is not None:
        for year, value in a.profile.items():
            yield (value, (None, year), _line(ledgers, a.location, "profile", str(year)), a)
        if a.amount == a.profile.total:
            return
    yield (a.amount, (_AMOUNT, None), _line(ledgers, a.location, "amount"), a)


def _table_figures(ledgers: LedgerSet, table: Table) -> Iterator[_Figure]:
    if table.stated_total is not None:
        yield (table.stated_total, (_STATED_TOTAL, None),
               _line(ledgers, table.location, "stated_total"), None)  # fmt: skip
    if table.stated_years is not None:
        for year, value in table.stated_years.items():
            yield (value, (_STATED_YEAR, year),
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
    whole, _point, fraction = format(abs(value), "f").partition(".")
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
    whole_ledgers = rows_of(ledgers).whole_ledgers
    for ledger in ledgers.ledgers:
        if id(ledger) in whole_ledgers:
            continue  # no figure of the ledger has a decimal (the common case)
        cap = UNIT_DECIMALS[ledger.unit]
        for table in ledger.tables:
            if _whole(table):
                continue  # no figure has a decimal: nothing to report (the common case)
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


def _whole(table: Table) -> bool:
    """True when no figure of ``table`` is written with decimals (every amount, profile year
    and stated total: a superset of its figures), read without building the figures."""
    for a in table.appropriations:
        if "." in str(a.amount) or "E" in str(a.amount):
            return False
        if a.profile is not None:
            for _year, value in a.profile.pairs:
                if "." in str(value) or "E" in str(value):
                    return False
    years = table.stated_years.pairs if table.stated_years is not None else ()
    return all(
        figure is None or ("." not in str(figure) and "E" not in str(figure))
        for figure in (table.stated_total, *(value for _year, value in years))
    )


def _extra_decimals(
    ledger: Ledger,
    table: Table,
    value: Decimal,
    *,
    what: _Label,
    line: int,
    row: Appropriation | None,
    most: int | None,
    cap: int,
) -> Problem:
    places = decimals(value)
    written = _written(value, ledger)
    if row is not None:
        subject = _("{row}: {what}", row=row_name(row), what=_what(what))
    else:
        subject = _('table "{table}": {what}', table=table.name, what=_what(what))
    values = {"subject": subject, "written": written, "count": places, "table": table.name}
    too_many = places > cap
    if most is not None and places > most and most and too_many:
        message = _n(
            "{subject} {written} is written with {count} decimal, where the other figures of"
            ' table "{table}" have at most {most} and amounts in {unit} rarely have more than'
            " {cap}: a slip?",
            "{subject} {written} is written with {count} decimals, where the other figures of"
            ' table "{table}" have at most {most} and amounts in {unit} rarely have more than'
            " {cap}: a slip?",
            places,
            most=most,
            cap=cap,
            unit=_unit(ledger),
            **values,
        )
    elif most is not None and places > most and too_many:
        message = _n(
            "{subject} {written} is written with {count} decimal, where the other figures of"
            ' table "{table}" have none and amounts in {unit} rarely have more than {cap}:'
            " a slip?",
            "{subject} {written} is written with {count} decimals, where the other figures of"
            ' table "{table}" have none and amounts in {unit} rarely have more than {cap}:'
            " a slip?",
            places,
            cap=cap,
            unit=_unit(ledger),
            **values,
        )
    elif most is not None and places > most and most:
        message = _n(
            "{subject} {written} is written with {count} decimal, where the other figures of"
            ' table "{table}" have at most {most}: a slip?',
            "{subject} {written} is written with {count} decimals, where the other figures of"
            ' table "{table}" have at most {most}: a slip?',
            places,
            most=most,
            **values,
        )
    elif most is not None and places > most:
        message = _n(
            "{subject} {written} is written with {count} decimal, where the other figures of"
            ' table "{table}" have none: a slip?',
            "{subject} {written} is written with {count} decimals, where the other figures of"
            ' table "{table}" have none: a slip?',
            places,
            **values,
        )
    else:
        message = _n(
            "{subject} {written} is written with {count} decimal, where amounts in {unit}"
            " rarely have more than {cap}: a slip?",
            "{subject} {written} is written with {count} decimals, where amounts in {unit}"
            " rarely have more than {cap}: a slip?",
            places,
            cap=cap,
            unit=_unit(ledger),
            **values,
        )
    place = f"`appropriation: {row.id}`" if row is not None else f"`table: {table.name}`"
    meant = _meant(value) if ledger.number_format is NumberFormat.PLAIN else None
    if meant is not None:
        hint = _(
            "if the source prints {danish} (Danish for {plain}), write {plain}; if it prints"
            " {comma}, the figure is right: accept it with `code: extra-decimals` and {place}",
            danish=meant[0],
            plain=meant[1],
            comma=written.replace(".", ","),
            place=place,
        )
    else:
        hint = _(
            "compare the figure with the source: a decimal point or a digit may have slipped"
            " in; if it is right, accept it with `code: extra-decimals` and {place}",
            place=place,
        )
    return Problem("extra-decimals", Severity.WARNING, message, Location(ledger.file, line), hint)


def _unit(ledger: Ledger) -> str:
    """The unit of ``ledger`` as a heading writes it: ``1.000 kr.``, ``DKK thousand``."""
    from bevilling.i18n.formatting import unit_words

    return unit_words(ledger.unit.value)


def amounts_are_positive(ledgers: LedgerSet) -> Iterator[Problem]:
    """``negative-amount``: no row's amount or profile year is negative (a grant printed in
    a table is not; a reduction is real only if the source prints it negative)."""
    figures = Figures(ledgers)
    for ledger, _table, a in rows_of(ledgers).signed_or_zero:
        if a.amount >= 0 and (
            a.profile is None or all(value >= 0 for _year, value in a.profile.pairs)
        ):
            continue  # nothing negative (the common case), read without building the figures
        negative = [(v, w, line) for v, w, line, _r in _row_figures(ledgers, a) if v < 0]
        if a.profile is not None and a.amount < 0 and a.amount == a.profile.total:
            negative.append((a.amount, (_AMOUNT, None), _line(ledgers, a.location, "amount")))
        if not negative:
            continue
        line = negative[0][2]
        listed = ", ".join(f"{_what(w)} {figures.amount(ledger, v)}" for v, w, _l in negative)
        yield Problem(
            "negative-amount",
            Severity.WARNING,
            _(
                "{row} has a negative figure ({figures}): a grant printed in a table is not"
                " negative",
                row=row_name(a),
                figures=listed,
            ),
            Location(a.location.file, line()),
            _(
                "check the sign against the source and remove the minus if it is a slip; a"
                " reduction (besparelse, negativ tillægsbevilling) printed as a negative row is"
                " real: accept it with `code: negative-amount` and `appropriation: {id}`",
                id=a.id,
            ),
        )


def rows_have_money(ledgers: LedgerSet) -> Iterator[Problem]:
    """``zero-amount``: no row's amount is 0 (it adds nothing to any total: a figure not yet
    written?), and no figure is written ``-0``."""
    for _ledger, _table, a in rows_of(ledgers).signed_or_zero:
        if a.amount != 0 and (
            a.profile is None
            or not any(value == 0 and value.is_signed() for _year, value in a.profile.pairs)
        ):
            continue  # no zero and no -0 (the common case), read without building the figures
        signed = [
            (w, line) for v, w, line, _r in _row_figures(ledgers, a) if v == 0 and v.is_signed()
        ]
        if a.amount == 0:
            if a.amount.is_signed():
                message = _(
                    "{row} has the amount 0 (written -0): it adds nothing to any total",
                    row=row_name(a),
                )
            else:
                message = _("{row} has the amount 0: it adds nothing to any total", row=row_name(a))
            line = _line(ledgers, a.location, "amount")
            hint = _(
                "write the amount the source prints; if the source prints 0 or a dash (–) for"
                " the row, accept it with `code: zero-amount` and `appropriation: {id}`",
                id=a.id,
            )
        elif signed:
            what, line = signed[0]
            message = _(
                "{row}: {what} is written -0, a zero with a minus sign",
                row=row_name(a),
                what=_what(what),
            )
            hint = _("write 0")
        else:
            continue
        yield Problem("zero-amount", Severity.WARNING, message,
                      Location(a.location.file, line()), hint)  # fmt: skip
