"""Renderers for problems (load and check findings): each returns a string, none prints.

The text form follows hledger's error standard: location first, what is wrong in one
sentence, the offending lines as an excerpt, then how to fix it::

    ledger/udsatte-2015.yaml:12: error[ambiguous-number]: `amount` '1.200' looks like ...
       12 |         amount: 1.200
       hint: write 1200 if the source prints 1.200 in Danish notation ...
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from bevilling.problems import Problem

__all__ = ["MAX_EXCERPT_LINES", "excerpt", "render_problems_text"]

#: Excerpts longer than this are cut, with a line saying how many lines were left out.
MAX_EXCERPT_LINES = 8


def excerpt(problem: Problem, sources: Mapping[str, str]) -> str:
    """The lines of the source the problem points at, numbered, indented; "" if unknown."""
    text = sources.get(problem.location.file)
    first = problem.location.line
    if text is None or first < 1:
        return ""
    lines = text.split("\n")
    last = min(problem.location.last_line, len(lines))
    if first > len(lines):
        return ""
    shown = range(first, min(last, first + MAX_EXCERPT_LINES - 1) + 1)
    width = len(str(shown[-1]))
    out = [f"  {n:>{width}} | {lines[n - 1]}".rstrip() for n in shown]
    if last > shown[-1]:
        out.append(f"  {'':>{width}} | ... ({last - shown[-1]} more lines)")
    return "\n".join(out)


def render_problems_text(
    problems: Iterable[Problem], sources: Mapping[str, str] | None = None
) -> str:
    """Every problem as ``file:line: severity[code]: message``, its excerpt and its hint."""
    blocks = []
    for problem in problems:
        parts = [str(problem)]
        if problem.accepted is not None:
            parts[0] += " (accepted)"
        quoted = excerpt(problem, sources or {})
        if quoted:
            parts.append(quoted)
        if problem.accepted is not None:
            parts.append(f"  accepted: {problem.accepted}")
        elif problem.hint:
            parts.append(f"  hint: {problem.hint}")
        blocks.append("\n".join(parts))
    return "".join(block + "\n" for block in blocks)
