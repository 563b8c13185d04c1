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
from bevilling.interop.layout import Part, sum_rows
from bevilling.interop.mapping import Column
from bevilling.interop.rows import Total
from bevilling.interop.tables import import_problem

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
        cells = "cell" if len(filled) == 1 else "cells"
        problems.append(
            import_problem(
                "import-filled-down",
                file,
                filled[0],
                f"column {headers.get(field, field)!r} ({field}): {len(filled)} empty {cells}"
                f" read as the value above (a group printed once, merged cells), lines {shown}",
                f"check these rows' {field} in the written ledger against the source; where an"
                " empty cell means 'none', delete the field from the row",
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
                        file=part.file, line=row.line, subject=f"row {row.title!r}",
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
                    file=part.file, line=total.line, subject=f"table {name!r}",
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
                    file=part.file, line=total.line, subject=f"table {name!r}, {year}",
                    stated=stated, summed=summed, printed=[stated, *amounts],
                    rounded_to=rounded_to, unit=unit, scope="year",
                )
            )  # fmt: skip
    if grand_total is not None and grand_total.amount is not None and named:
        grand, line = grand_total.amount, grand_total.line
        problems.extend(
            _compare(
                file=named[-1][0].file, line=line, subject="the grand total", stated=grand,
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
) -> list[Problem]:
    difference = stated - summed
    if difference == 0:
        return []
    count = figures if figures is not None else len(printed) - 1
    if rounded_to is not None and abs(difference) <= rounded_to * count / 2:
        return []  # declared: `check` reports it as total-rounding, a warning
    from bevilling.i18n.formatting import format_amount

    places = _places(printed)
    step = Decimal(1).scaleb(-places)

    def da(value: Decimal) -> str:
        return format_amount(value, "da", places=places)

    parts = {"ledger": "tables", "table": "rows", "year": "rows", "row": "years"}[scope]
    said = (
        f"{subject}: printed {da(stated)}, its {parts} sum to {da(summed)},"
        f" difference {da(difference)} ({unit.value})"
    )
    where = "at the top of the ledger" if scope == "ledger" else "in the table, under its name"
    code = {"row": "profile-mismatch", "year": "year-total-mismatch"}.get(scope, "total-mismatch")
    if abs(difference) <= step * count / 2:
        return [
            import_problem(
                "import-rounding",
                file,
                line,
                f"{said}: figures printed to {da(step)} need not add up, but the written ledger"
                " fails `bevilling check` until their rounding is declared",
                f"if the source rounds its figures to {da(step)}, declare it: `rounded_to:"
                f" {step}` {where}",
                severity=Severity.WARNING,
            )
        ]
    return [
        import_problem(
            "import-total-mismatch",
            file,
            line,
            f"{said}: the written ledger fails `bevilling check` ({code})",
            "compare the rows with the source; if the source itself prints these figures, keep"
            " them and record the finding under `accepted:` in the written ledger with a reason",
            severity=Severity.WARNING,
        )
    ]
