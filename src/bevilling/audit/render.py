"""Renderers for problems (load and check findings): each returns a string, none prints.

The text form follows hledger's error standard: location first, what is wrong in one
sentence, the offending lines as an excerpt, then how to fix it::

    ledger/udsatte-2015.yaml:12: error[ambiguous-number]: `amount` '1.200' looks like ...
       12 |         amount: 1.200
       hint: write 1200 if the source prints 1.200 in Danish notation ...
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bevilling.core.problems import LOAD_CODES, Problem, Severity, source_lines
from bevilling.core.text import visible, xml_safe

if TYPE_CHECKING:
    from bevilling.audit.registry import Report

__all__ = [
    "MAX_EXCERPT_LINES",
    "excerpt",
    "problem_record",
    "render_problems_text",
    "render_report_github",
    "render_report_json",
    "render_report_junit",
    "render_report_text",
    "summary_line",
]

#: Excerpts longer than this are cut, with a line saying how many lines were left out.
MAX_EXCERPT_LINES = 8


def excerpt(problem: Problem, sources: Mapping[str, str]) -> str:
    """The lines of the source the problem points at, numbered, indented; "" if unknown.

    Control characters in the lines (an escape sequence in a title or a comment) are shown
    as visible escapes, never sent to the terminal raw."""
    text = sources.get(problem.location.file)
    first = problem.location.line
    if text is None or first < 1:
        return ""
    lines = source_lines(text)
    last = min(problem.location.last_line, len(lines))
    if first > len(lines):
        return ""
    shown = range(first, min(last, first + MAX_EXCERPT_LINES - 1) + 1)
    width = len(str(shown[-1]))
    out = [f"  {n:>{width}} | {visible(lines[n - 1])}".rstrip() for n in shown]
    if last > shown[-1]:
        out.append(f"  {'':>{width}} | ... ({last - shown[-1]} more lines)")
    return "\n".join(out)


def render_problems_text(
    problems: Iterable[Problem], sources: Mapping[str, str] | None = None
) -> str:
    """Every problem as ``file:line: severity[code]: message``, its excerpt and its hint.

    Ledger text in messages, excerpts, hints and reasons has its control characters shown as
    visible escapes (:func:`bevilling.core.text.visible`): the output is safe for a terminal.
    """
    blocks = []
    for problem in problems:
        parts = [visible(str(problem), one_line=True)]
        if problem.accepted is not None:
            parts[0] += " (accepted)"
        quoted = excerpt(problem, sources or {})
        if quoted:
            parts.append(quoted)
        if problem.accepted is not None:
            parts.append(f"  accepted: {visible(problem.accepted, one_line=True)}")
        elif problem.hint:
            parts.append(f"  hint: {visible(problem.hint, one_line=True)}")
        blocks.append("\n".join(parts))
    return "".join(block + "\n" for block in blocks)


# --- reports of `bevilling check` ---------------------------------------------------------


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary_line(report: Report) -> str:
    """One line: "3 ledgers, 26 appropriations: 0 errors, 3 warnings, 1 accepted"."""
    ledgers = _plural(report.ledgers, "ledger")
    files = len(report.files)
    if files > report.ledgers:
        ledgers = f"{report.ledgers} of {_plural(files, 'ledger')} loaded"
    return (
        f"{ledgers}, {_plural(report.appropriations, 'appropriation')}:"
        f" {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')},"
        f" {report.accepted} accepted"
    )


def render_report_text(report: Report, sources: Mapping[str, str] | None = None) -> str:
    """Every finding with its excerpt and hint (accepted ones with their reason), then the
    summary line; nothing but the summary line when there is nothing to report."""
    body = render_problems_text(report.problems, sources)
    return body + ("\n" if body else "") + summary_line(report) + "\n"


def _title(code: str) -> str:
    from bevilling.audit.registry import CHECKS, SOURCE_CODES

    for entry in CHECKS:
        if entry.code == code:
            return entry.title
    if code in SOURCE_CODES:
        return SOURCE_CODES[code][1]
    return LOAD_CODES.get(code, code)


def problem_record(problem: Problem) -> dict[str, Any]:
    """One finding as JSON-ready values (what ``--format json`` prints per problem)."""
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "message": problem.message,
        "hint": problem.hint,
        "file": problem.location.file,
        "line": problem.location.line,
        "end_line": problem.location.last_line,
        "accepted": problem.accepted,
        "title": _title(problem.code),
    }


def render_report_json(report: Report) -> str:
    """``{"problems": [...], "errors": N, "warnings": N, ...}``, newline-terminated.

    Each problem has ``code``, ``severity``, ``message``, ``hint``, ``file``, ``line``,
    ``accepted`` (the recorded reason, or null), ``end_line`` and ``title``; the document
    also gives ``accepted`` (count), ``valid``, ``ledgers``, ``appropriations`` and
    ``checked`` (the check codes that ran).
    """
    import json

    document = {
        "problems": [problem_record(p) for p in report.problems],
        "errors": report.errors,
        "warnings": report.warnings,
        "accepted": report.accepted,
        "valid": report.valid,
        "ledgers": report.ledgers,
        "appropriations": report.appropriations,
        "files": list(report.files),
        "checked": list(report.checked),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    # JSON escapes C0 controls itself; DEL, C1 controls, line separators and bidirectional
    # overrides are valid JSON raw, but not safe on a terminal: write them as \u escapes.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def _escape_data(text: str) -> str:
    # Control characters first (a log viewer renders ANSI escapes), then GitHub's own escapes.
    text = visible(text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_report_github(report: Report) -> str:
    """GitHub Actions workflow commands, one per finding, then the summary line.

    Errors become ``::error``, warnings ``::warning`` and accepted findings ``::notice``
    annotations on the file and line; the hint (or the accepted reason) follows the message
    on a second line.
    """
    lines = []
    for problem in report.problems:
        if problem.accepted is not None:
            level, title = "notice", f"bevilling {problem.code} (accepted)"
            detail = f"accepted: {problem.accepted}"
        else:
            level = "error" if problem.severity is Severity.ERROR else "warning"
            title = f"bevilling {problem.code}"
            detail = f"hint: {problem.hint}" if problem.hint else ""
        location = problem.location
        properties = [f"file={_escape_property(location.file)}"]
        if location.line:
            properties.append(f"line={location.line}")
            if location.last_line > location.line:
                properties.append(f"endLine={location.last_line}")
        properties.append(f"title={_escape_property(title)}")
        message = problem.message + (f"\n{detail}" if detail else "")
        lines.append(f"::{level} {','.join(properties)}::{_escape_data(message)}")
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def render_report_junit(report: Report, *, strict: bool = False) -> str:
    """JUnit XML: one test suite per ledger file, one test case per file and check.

    The case ``load`` holds the loader's problems for the file; each check that ran has a
    case named by its code.  A case fails for unaccepted errors (and warnings, when
    ``strict``); accepted findings and tolerated warnings are listed in ``system-out``.
    GitLab, Jenkins and Azure DevOps read this format. Control characters from ledgers are
    shown as visible escapes, so that the XML always parses.
    """
    import xml.etree.ElementTree as ET

    files = list(report.files)
    known = set(files)
    # (file, case) -> its findings: one pass over the problems, whatever their number.
    by_case: dict[tuple[str, str], list[Problem]] = {}
    for problem in report.problems:
        file = problem.location.file
        if file not in known:
            known.add(file)
            files.append(file)
        case_name = "load" if problem.code in LOAD_CODES else problem.code
        by_case.setdefault((file, case_name), []).append(problem)
    root = ET.Element("testsuites", name="bevilling check")
    total_tests = total_failures = 0
    for file in files:
        name = xml_safe(visible(file, one_line=True))
        suite = ET.SubElement(root, "testsuite", name=name)
        tests = failures = 0
        for case_name in ("load", *report.checked):
            found = by_case.get((file, case_name), [])
            case = ET.SubElement(suite, "testcase", classname=name, name=case_name, file=name)
            tests += 1
            failing: list[Problem] = []
            others: list[Problem] = []
            for p in found:
                (failing if p.is_error or (strict and p.accepted is None) else others).append(p)
            if failing:
                failures += 1
                failure = ET.SubElement(
                    case,
                    "failure",
                    type=failing[0].code,
                    message=xml_safe(
                        visible(
                            f"{_plural(len(failing), 'problem')}: {failing[0].message}",
                            one_line=True,
                        )
                    ),
                )
                failure.text = xml_safe(render_problems_text(failing))
            if others:
                ET.SubElement(case, "system-out").text = xml_safe(render_problems_text(others))
        suite.set("tests", str(tests))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        total_tests += tests
        total_failures += failures
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
