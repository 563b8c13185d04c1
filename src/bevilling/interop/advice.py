"""What an import tells the user beyond the problems of single cells.

* :func:`filled_down`: one ``import-filled-down`` warning per grouping column whose empty
  cells took the value above them (merged cells), with the lines;
* :func:`totals_advice`: each printed total (table, year, grand) against what its rows add up
  to, as ``bevilling check`` will compare them, said at the total's line of the input with
  what the written ledger still needs: ``import-rounding`` when rounding of the printed figures
  explains the difference (declare ``rounded_to``), ``import-total-mismatch`` otherwise (also
  when a declared rounding is finer than the figures are printed to, and explains too little);
* :func:`rounding_misfit` (the first step of :func:`totals_advice`): ``import-options`` when
  the declared rounding (``--rounded-to``) is not one the printed figures can have (a figure
  that is not a multiple of it): ``check`` would grant it no tolerance
  (``implausible-rounding``), so nothing is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from bevilling.core.model import ExpiryKind, Unit
from bevilling.core.problems import Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.interop.layout import Part, sum_rows
from bevilling.interop.mapping import Column
from bevilling.interop.rows import Total
from bevilling.interop.tables import import_problem

_, _n = catalog(__name__)

__all__ = ["filled_down", "rounding_misfit", "totals_advice"]


def filled_down(parts: Sequence[Part], columns: Sequence[Column], file: str) -> list[Problem]:
    """One warning per grouping column whose empty cells took the value above them."""
    lines: dict[str, list[int]] = {}
    for part in parts:
        for field, filled in part.filled.items():
            lines.setdefault(field, []).extend(filled)
    headers = {c.field: c.header for c in columns}
    problems = []
    for field, filled in lines.items():
        shown = ", ".join(str(n) for n in filled[:12]) + (", …" if len(filled) > 12 else "")
        if field == "expires":
            problems.append(_expires_under_year(file, filled, shown))
            continue
        problems.append(
            import_problem(
                "import-filled-down",
                file,
                filled[0],
                _n(
                    "column {header} ({field}): {count} empty cell read as the value above"
                    " (a group printed once, merged cells), line {lines}",
                    "column {header} ({field}): {count} empty cells read as the value above"
                    " (a group printed once, merged cells), lines {lines}",
                    len(filled),
                    header=repr(headers.get(field, field)),
                    field=field,
                    count=len(filled),
                    lines=shown,
                ),
                _(
                    "check these rows' {field} in the written ledger against the source; where"
                    " an empty cell means 'none', delete the field from the row",
                    field=field,
                ),
                severity=Severity.WARNING,
            )
        )
    return problems


def _expires_under_year(file: str, filled: Sequence[int], shown: str) -> Problem:
    """``import-expires-under-year``: ``--expires`` gave its expiry to empty Udløb cells below
    a cell that prints another one (a cell merged over a group, copied as text, holds the
    group's year on its first row only)."""
    return import_problem(
        "import-expires-under-year",
        file,
        filled[0],
        _n(
            "--expires gave its expiry to {count} row whose Udløb cell is empty under a cell"
            " that prints another expiry (one cell merged over a group of rows?), line {lines}",
            "--expires gave its expiry to {count} rows whose Udløb cells are empty under a cell"
            " that prints another expiry (one cell merged over a group of rows?), lines {lines}",
            len(filled),
            count=len(filled),
            lines=shown,
        ),
        _(
            "check these rows' expires in the written ledger against the source: a group's"
            " year printed once belongs to every row of the group"
        ),
        severity=Severity.WARNING,
    )


def _in_year(part: Part, year: int) -> list[Decimal]:
    """The rows' money in ``year``, as ``check`` counts it for a year total (and so its
    rounding tolerance, which grows with the figures summed): each profile's figure for the
    year, and the whole amount of a row without a profile that expires in it."""
    figures = []
    for row in part.rows:
        if row.profile is not None:
            if year in row.profile:
                figures.append(row.profile[year])
        elif row.expiry.kind is ExpiryKind.YEAR and row.expiry.year == year:
            figures.append(row.amount)
    return figures


def _places(values: Iterable[Decimal]) -> int:
    places = 0
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


def _figures(
    named: Sequence[tuple[Part, str | None]], grand_total: Total | None
) -> Iterator[tuple[str, int, Decimal]]:
    """(file, line, figure) of every figure a declared rounding covers, as ``check`` takes
    them: each table's totals, year totals, amounts and profiles, and the grand total (the
    subtotals are sums of these)."""
    for part, _name in named:
        for row in part.rows:
            yield part.file, row.line, row.amount
            if row.profile is not None:
                yield from ((part.file, row.line, value) for value in row.profile.values())
        total = part.total
        if total is not None:
            if total.amount is not None:
                yield part.file, total.line, total.amount
            yield from ((part.file, total.line, value) for value in (total.years or {}).values())
    if grand_total is not None and grand_total.amount is not None and named:
        yield named[-1][0].file, grand_total.line, grand_total.amount


def rounding_misfit(
    named: Sequence[tuple[Part, str | None]],
    grand_total: Total | None,
    rounded_to: Decimal | None,
) -> list[Problem]:
    """``import-options`` (an error) when ``rounded_to`` cannot be the rounding of the printed
    figures: not positive, beyond the amounts a ledger keeps, or a figure is not a multiple
    of it (``--rounded-to 1`` for figures printed to 0,1).  The hint proposes the rounding
    the figures are printed to."""
    if rounded_to is None or not named:
        return []
    from bevilling.core.money import (
        MAX_DECIMALS,
        MAX_INTEGER_DIGITS,
        AmountSyntaxError,
        check_amount_range,
    )
    from bevilling.i18n.formatting import format_amount

    file = named[0][0].file
    try:
        fits = rounded_to.is_finite() and rounded_to > 0
        if fits:
            check_amount_range(rounded_to.normalize(), "")
    except AmountSyntaxError:
        fits = False
    if not fits:
        return [
            import_problem(
                "import-options",
                file,
                0,
                _(
                    "the rounding (--rounded-to) must be greater than 0, with at most {digits}"
                    " digits before the decimal sign and {decimals} after it, not {value}",
                    digits=MAX_INTEGER_DIGITS,
                    decimals=MAX_DECIMALS,
                    value=str(rounded_to)[:40],
                ),
                _("give the rounding of the printed figures, e.g. 0.1 for one decimal"),
            )
        ]
    figures = list(_figures(named, grand_total))
    off = [(where, line, value) for where, line, value in figures if value % rounded_to != 0]
    if not off:
        return []
    where, line, figure = off[0]
    places = _places(value for _where, _line, value in figures)
    step = Decimal(1).scaleb(-places)
    return [
        import_problem(
            "import-options",
            where,
            line,
            _n(
                "the figures are not rounded to {rounding} (--rounded-to): {figure} is not a"
                " multiple of it ({count} figure is not)",
                "the figures are not rounded to {rounding} (--rounded-to): {figure} is not a"
                " multiple of it ({count} figures are not)",
                len(off),
                rounding=format_amount(rounded_to.normalize()),
                figure=format_amount(figure),
                count=len(off),
            ),
            _(
                "give the rounding the figures are printed to: --rounded-to {step}",
                step=format_amount(step, places=places),
            ),
        )
    ]


def totals_advice(
    named: Sequence[tuple[Part, str | None]],
    grand_total: Total | None,
    rounded_to: Decimal | None,
    unit: Unit,
) -> list[Problem]:
    """What ``bevilling check`` will find in the printed totals of the written ledger, said
    at the total's line with what to declare: the rounding when it explains the difference
    (``import-rounding``), else a look at the source (``import-total-mismatch``).  A declared
    rounding the figures do not fit is the one problem instead (:func:`rounding_misfit`)."""
    misfit = rounding_misfit(named, grand_total, rounded_to)
    if misfit:
        return misfit
    problems: list[Problem] = []
    subtotals: list[Decimal] = []
    for part, name in named:
        rows = sum_rows(part)
        amounts = [row.amount for row in part.rows]
        for row in part.rows:
            if row.profile is not None and row.amount != row.profile.total:
                problems.extend(
                    _compare(
                        file=part.file, line=row.line, subject=repr(row.title),
                        stated=row.amount, summed=row.profile.total,
                        printed=[row.amount, *row.profile.values()], rounded_to=rounded_to,
                        unit=unit, scope="row",
                    )
                )  # fmt: skip
        total = part.total
        subtotals.append(total.amount if total and total.amount is not None else rows)
        if total is None:
            continue
        if total.amount is not None:
            problems.extend(
                _compare(
                    file=part.file, line=total.line, subject=repr(name),
                    stated=total.amount, summed=rows, printed=[total.amount, *amounts],
                    rounded_to=rounded_to, unit=unit, scope="table",
                )
            )  # fmt: skip
        for year, stated in (total.years or {}).items():
            in_year = _in_year(part, year)
            problems.extend(
                _compare(
                    file=part.file, line=total.line, subject=repr(name), year=year,
                    stated=stated, summed=sum(in_year, Decimal(0)), printed=[stated, *amounts],
                    rounded_to=rounded_to, unit=unit, scope="year",
                    figures=max(len(in_year), 1),
                )
            )  # fmt: skip
    if grand_total is not None and grand_total.amount is not None and named:
        grand, line = grand_total.amount, grand_total.line
        problems.extend(
            _compare(
                file=named[-1][0].file, line=line, subject="", stated=grand,
                summed=sum(subtotals, Decimal(0)), printed=[grand, *subtotals],
                rounded_to=rounded_to, unit=unit, scope="ledger", figures=len(subtotals),
            )
        )  # fmt: skip
    return problems


def _compare(
    *,
    file: str,
    line: int,
    subject: str,
    stated: Decimal,
    summed: Decimal,
    printed: Sequence[Decimal],
    rounded_to: Decimal | None,
    unit: Unit,
    scope: str,
    figures: int | None = None,
    year: int | None = None,
) -> list[Problem]:
    """The advice on one printed figure against its parts: ``subject`` names the row or table
    (``repr`` of its title or name); ``scope`` is ``row`` (its profile's years), ``table`` (its
    rows), ``year`` (a year column of a table's rows) or ``ledger`` (the grand total)."""
    difference = stated - summed
    if difference == 0:
        return []
    count = figures if figures is not None else len(printed) - 1
    from bevilling.audit import rounding_tolerance  # check's tolerance, to agree with it

    if rounded_to is not None and abs(difference) <= rounding_tolerance(rounded_to, count):
        return []  # declared: `check` reports it as total-rounding, a warning
    from bevilling.i18n.formatting import format_amount, unit_abbreviation

    places = _places(printed)
    step = Decimal(1).scaleb(-places)

    def shown(value: Decimal) -> str:
        return format_amount(value, places=places)

    values = {
        "subject": subject,
        "year": year,
        "stated": shown(stated),
        "summed": shown(summed),
        "difference": shown(difference),
        "unit": unit_abbreviation(unit.value),
    }
    if scope == "row":
        said = _(
            "row {subject}: amount {stated}, the profile adds up to {summed}, difference"
            " {difference} ({unit})",
            **values,
        )
    elif scope == "table":
        said = _(
            "table {subject}: stated total {stated}, the rows add up to {summed}, difference"
            " {difference} ({unit})",
            **values,
        )
    elif scope == "year":
        said = _(
            "table {subject}, {year}: stated total {stated}, the rows add up to {summed},"
            " difference {difference} ({unit})",
            **values,
        )
    else:
        said = _(
            "grand total: stated {stated}, the tables add up to {summed}, difference"
            " {difference} ({unit})",
            **values,
        )
    code = {"row": "profile-mismatch", "year": "year-total-mismatch"}.get(scope, "total-mismatch")
    if abs(difference) <= rounding_tolerance(step, count):
        if scope == "ledger":
            hint = _(
                "if the source rounds its figures to {step}, import with --rounded-to {step},"
                " or declare it at the top of the ledger: `rounded_to: {value}`",
                step=shown(step),
                value=step,
            )
        else:
            hint = _(
                "if the source rounds its figures to {step}, import with --rounded-to {step},"
                " or declare it in the table, under its name: `rounded_to: {value}`",
                step=shown(step),
                value=step,
            )
        if rounded_to is None:
            message = _(
                "{said}: figures printed to {step} need not add up, but the written ledger"
                " fails `bevilling check` until their rounding is declared",
                said=said,
                step=shown(step),
            )
        else:  # declared finer than the figures are printed (0,01 for figures to 0,1)
            message = _(
                "{said}: more than the declared rounding to {rounding} explains, so the"
                " written ledger fails `bevilling check`; figures printed to {step} may differ"
                " so",
                said=said,
                rounding=format_amount(rounded_to.normalize()),
                step=shown(step),
            )
        # Declared too fine, `check` reports total-mismatch (an error), not total-rounding: the
        # code says so, as for any difference the declared rounding does not explain.
        code = "import-rounding" if rounded_to is None else "import-total-mismatch"
        return [import_problem(code, file, line, message, hint, severity=Severity.WARNING)]
    return [
        import_problem(
            "import-total-mismatch",
            file,
            line,
            _("{said}: the written ledger fails `bevilling check` ({code})", said=said, code=code),
            _(
                "compare the rows with the source; if the source itself prints these figures,"
                " keep them and record the finding under `accepted:` in the written ledger with"
                " a reason"
            ),
            severity=Severity.WARNING,
        )
    ]
