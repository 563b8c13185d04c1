"""What an import tells the user beyond the problems of single cells.

* :func:`filled_down`: one ``import-filled-down`` warning per grouping column whose empty
  cells took the value above them (merged cells), with the lines;
* :func:`totals_advice`: each printed total (table, year, grand) against what its rows add up
  to, as ``bevilling check`` will compare them, said at the total's line of the input with
  what the written ledger still needs: ``import-rounding`` when rounding of the printed figures
  explains the difference (declare ``rounded_to``), ``import-total-mismatch`` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from bevilling.core.model import Unit
from bevilling.core.problems import Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.interop.layout import Part, sum_rows
from bevilling.interop.mapping import Column
from bevilling.interop.rows import Total
from bevilling.interop.tables import import_problem

_, _n = catalog(__name__)

__all__ = ["filled_down", "totals_advice"]


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


def _places(values: Iterable[Decimal]) -> int:
    places = 0
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


def totals_advice(
    named: Sequence[tuple[Part, str | None]],
    grand_total: Total | None,
    rounded_to: Decimal | None,
    unit: Unit,
) -> list[Problem]:
    """What ``bevilling check`` will find in the printed totals of the written ledger, said
    at the total's line with what to declare: the rounding when it explains the difference
    (``import-rounding``), else a look at the source (``import-total-mismatch``)."""
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
            summed = sum(
                (r.profile.get(year, Decimal(0)) for r in part.rows if r.profile is not None),
                Decimal(0),
            )
            problems.extend(
                _compare(
                    file=part.file, line=total.line, subject=repr(name), year=year,
                    stated=stated, summed=summed, printed=[stated, *amounts],
                    rounded_to=rounded_to, unit=unit, scope="year",
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
    if rounded_to is not None and abs(difference) <= rounded_to * count / 2:
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
    if abs(difference) <= step * count / 2:
        if scope == "ledger":
            hint = _(
                "if the source rounds its figures to {step}, declare it at the top of the"
                " ledger: `rounded_to: {value}`",
                step=shown(step),
                value=step,
            )
        else:
            hint = _(
                "if the source rounds its figures to {step}, declare it in the table, under its"
                " name: `rounded_to: {value}`",
                step=shown(step),
                value=step,
            )
        return [
            import_problem(
                "import-rounding",
                file,
                line,
                _(
                    "{said}: figures printed to {step} need not add up, but the written ledger"
                    " fails `bevilling check` until their rounding is declared",
                    said=said,
                    step=shown(step),
                ),
                hint,
                severity=Severity.WARNING,
            )
        ]
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
