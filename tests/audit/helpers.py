"""What the audit tests share: the head of an inline ledger, and running check on it."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable, Iterable
from typing import TypeVar

import bevilling
from bevilling.audit import Report, check, render_report_text

HEAD = """\
format: bevilling/1
title: Test
document: Budgetaftale 2015
unit: 1000 DKK
"""

#: The goldens of other codes leave out ``unaudited-table``, which their small tables (no
#: printed total) would all give; the tests in test_totals.py pin that warning itself.
QUIET: tuple[str, ...] = ("unaudited-table",)


def report(
    body: str, *, file: str = "t.yaml", ignore: Iterable[str] = QUIET, **options: object
) -> tuple[Report, bevilling.LedgerSet]:
    """Load a ledger written inline (after HEAD) and check it in Danish."""
    ledgers = bevilling.load_string(HEAD + textwrap.dedent(body), file)
    found = check(ledgers, locale="da", ignore=ignore, **options)  # type: ignore[arg-type]
    return found, ledgers


def run(body: str, *, file: str = "t.yaml", **options: object) -> str:
    """Check a ledger written inline (after HEAD) and render the report as text."""
    found, ledgers = report(body, file=file, **options)  # type: ignore[arg-type]
    return render_report_text(found, ledgers.sources)


def codes(body: str, **options: object) -> list[tuple[int, str]]:
    """The (line, code) of every finding of an inline ledger."""
    found, _ledgers = report(body, **options)  # type: ignore[arg-type]
    return [(p.location.line, p.code) for p in found.problems]


_T = TypeVar("_T")


def lines_executed(work: Callable[[], _T]) -> tuple[_T, int]:
    """``work()``, and how many lines of bevilling's own code it executed: an operation count
    for tests of shape (N against 4N), never a time."""
    executed = 0

    def tracer(frame: object, event: str, arg: object) -> object:
        nonlocal executed
        if event == "line":
            executed += 1
        return tracer

    def start(frame: object, event: str, arg: object) -> object:
        code = frame.f_code  # type: ignore[attr-defined]
        return tracer if "/bevilling/" in code.co_filename else None

    previous = sys.gettrace()
    sys.settrace(start)  # type: ignore[arg-type]
    try:
        result = work()
    finally:
        sys.settrace(previous)
    return result, executed


def hand_ledger(rows: int) -> str:
    """A ledger of ``rows`` rows laid out as people write them by hand (issue 13): comments
    between tables and rows and after values, blank lines, quoted titles with ``: `` and
    `` #`` (and escapes), folded and literal descriptions naming amounts, flow-style profiles,
    and round amounts shared by many rows (every fifth row ``amount: 500``, ``expires: 2016``).
    Every table adds up; the only findings are the shared round amounts' look-alikes."""
    tables = []
    for t in range(rows // 20):
        lines = []
        total = 0
        for r in range(20):
            n = t * 20 + r
            if r % 5 == 0:
                amount, title = 500, f'"Mentor {n}: \\"ekstra\\" # {t}"'
            else:
                amount, title = 1001 + 2 * n, f"'Række {n}: en ''god'' indsats'"
            total += amount
            row = [
                f"      # række {n}",
                f"      - id: R{n}",
                f"        title: {title}",
                f"        amount: {amount}  # t.kr.",
                "        expires: 2016",
            ]
            if r % 4 == 1:
                row += [f"        profile: {{2016: {amount}, 2017: 0}}"]
            if r % 3 == 0:
                row += [
                    "        description: >-",
                    "          Der afsættes 0,5 mio. kr. til",
                    f"          indsatsen nummer {n}.",
                ]
            elif r % 3 == 1:
                row += ["        description: |-", "          Første linje.", "          Anden."]
            lines.append("\n".join(row) + "\n")
        tables.append(
            f"\n# Tabel {t}\n\n  - name: 'Tabel {t}: drift'\n    category: driftsmidler\n"
            f"    stated_total: {total}   # I alt\n    appropriations:\n" + "".join(lines)
        )
    return HEAD + "tables:\n" + "".join(tables)
