"""Renderers for problems (load and check findings): each returns a string, none prints.

The text form follows hledger's error standard: location first, what is wrong in one
sentence, the offending lines as an excerpt, then how to fix it::

    ledger/udsatte-2015.yaml:26: fejl[total-mismatch]: tabel "Tablet 8: ...": oplyst total ...
      26 |     stated_total: 48779
      tip: sammenhold hvert tal med kilden ...

Every word the renderers add (``fejl``/``error``, ``advarsel``/``warning``, ``tip``/``hint``,
``accepteret``/``accepted``, the summary line) is in the report's locale (the one
:func:`~bevilling.audit.registry.check` wrote the findings in), or, for bare problems, in the
current locale. Problem codes, JSON keys and the ``severity`` values of JSON stay English:
they are identifiers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from bevilling.audit.locate import lines_of as _lines
from bevilling.core.problems import LOAD_CODES, Problem, Severity, Sums
from bevilling.core.text import markdown_text, visible, xml_safe
from bevilling.i18n.catalogs import N_, catalog, translate

_, _n = catalog(__name__)

if TYPE_CHECKING:
    from bevilling.audit.registry import Report
    from bevilling.core.problems import Described

__all__ = [
    "GITHUB_ANNOTATIONS",
    "GITLAB_SEVERITY",
    "MAX_EXCERPT_LINES",
    "SUMMARY_ROWS",
    "describe_code",
    "excerpt",
    "problem_line",
    "problem_record",
    "render_problems_text",
    "render_report_github",
    "render_report_gitlab",
    "render_report_json",
    "render_report_junit",
    "render_report_markdown",
    "render_report_text",
    "summary_line",
]

#: Excerpts longer than this are cut, with a line saying how many lines were left out.
MAX_EXCERPT_LINES = 8

_SEVERITY = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}


def problem_line(problem: Problem, locale: str | None = None) -> str:
    """``file:line: severity[code]: message``, the severity in ``locale`` (default: current).

    What ``str(problem)`` gives, with ``fejl``/``advarsel`` in Danish; the message is shown as
    written (:func:`~bevilling.audit.registry.check` wrote it in its locale).
    """
    severity = _(_SEVERITY[problem.severity], locale=locale)
    return f"{problem.location}: {severity}[{problem.code}]: {problem.message}"


def excerpt(problem: Problem, sources: Mapping[str, str], locale: str | None = None) -> str:
    """The lines of the source the problem points at, numbered, indented; "" if unknown.

    Control characters in the lines (an escape sequence in a title or a comment) are shown
    as visible escapes, never sent to the terminal raw."""
    text = sources.get(problem.location.file)
    first = problem.location.line
    if text is None or first < 1:
        return ""
    lines = _lines(text)
    last = min(problem.location.last_line, lines.count)
    if first > lines.count:
        return ""
    shown = range(first, min(last, first + MAX_EXCERPT_LINES - 1) + 1)
    width = len(str(shown[-1]))
    out = [
        f"  {n:>{width}} | {visible(line)}".rstrip()
        for n, line in zip(shown, lines.between(shown[0], shown[-1]), strict=True)
    ]
    if last > shown[-1]:
        more = last - shown[-1]
        left_out = _n(
            "... ({count} more line)", "... ({count} more lines)", more, locale=locale, count=more
        )
        out.append(f"  {'':>{width}} | {left_out}")
    return "\n".join(out)


def render_problems_text(
    problems: Iterable[Problem],
    sources: Mapping[str, str] | None = None,
    *,
    locale: str | None = None,
) -> str:
    """Every problem as ``file:line: severity[code]: message``, its excerpt and its hint.

    The words added (severity, ``tip``, ``accepteret``) are in ``locale`` (default: the
    current one). Ledger text in messages, excerpts, hints and reasons has its control
    characters shown as visible escapes (:func:`bevilling.core.text.visible`): the output is
    safe for a terminal.
    """
    blocks = []
    for problem in problems:
        parts = [visible(problem_line(problem, locale), one_line=True)]
        if problem.accepted is not None:
            parts[0] += " " + _("(accepted)", locale=locale)
        quoted = excerpt(problem, sources or {}, locale)
        if quoted:
            parts.append(quoted)
        if problem.accepted is not None:
            reason = visible(problem.accepted, one_line=True)
            parts.append("  " + _("accepted: {reason}", locale=locale, reason=reason))
        elif problem.hint:
            hint = visible(problem.hint, one_line=True)
            parts.append("  " + _("hint: {hint}", locale=locale, hint=hint))
        blocks.append("\n".join(parts))
    return "".join(block + "\n" for block in blocks)


# --- reports of `bevilling check` ---------------------------------------------------------


def summary_line(report: Report) -> str:
    """One line, in the report's locale: "3 bevillingsfiler, 26 bevillinger: 0 fejl,
    3 advarsler, 1 accepteret" ("3 ledgers, 26 appropriations: 0 errors, 3 warnings,
    1 accepted")."""
    locale = report.locale
    files = len(report.files)
    if files > report.ledgers:
        ledgers = _n(
            "{loaded} of {count} ledger loaded",
            "{loaded} of {count} ledgers loaded",
            files,
            locale=locale,
            loaded=report.ledgers,
            count=files,
        )
    else:
        ledgers = _n(
            "{count} ledger",
            "{count} ledgers",
            report.ledgers,
            locale=locale,
            count=report.ledgers,
        )
    read = max(report.record_files_read, report.record_files)
    if read > report.record_files:
        records = _n(
            "{loaded} of {count} change or spending file loaded",
            "{loaded} of {count} change or spending files loaded",
            read,
            locale=locale,
            loaded=report.record_files,
            count=read,
        )
    else:
        records = _n(
            "{count} change or spending file",
            "{count} change or spending files",
            report.record_files,
            locale=locale,
            count=report.record_files,
        )
    if read:
        ledgers = _("{ledgers} and {records}", locale=locale, ledgers=ledgers, records=records)
    return _(
        "{ledgers}, {appropriations}: {errors}, {warnings}, {accepted}",
        locale=locale,
        ledgers=ledgers,
        appropriations=_n(
            "{count} appropriation",
            "{count} appropriations",
            report.appropriations,
            locale=locale,
            count=report.appropriations,
        ),
        errors=_n(
            "{count} error", "{count} errors", report.errors, locale=locale, count=report.errors
        ),
        warnings=_n(
            "{count} warning",
            "{count} warnings",
            report.warnings,
            locale=locale,
            count=report.warnings,
        ),
        accepted=_n(
            "{count} accepted",
            "{count} accepted",
            report.accepted,
            locale=locale,
            count=report.accepted,
        ),
    )


def render_report_text(report: Report, sources: Mapping[str, str] | None = None) -> str:
    """Every finding with its excerpt and hint (accepted ones with their reason), then the
    summary line; nothing but the summary line when there is nothing to report."""
    body = render_problems_text(report.problems, sources, locale=report.locale)
    return body + ("\n" if body else "") + summary_line(report) + "\n"


def describe_code(code: str, locale: str | None = None) -> str:
    """What a code means, in one line, in ``locale`` (default: the current one): a check's
    title (or a ``--sources`` code's), or the loader's description of a loader code (the code
    itself if unknown)."""
    from bevilling.audit.registry import CHECKS, SOURCE_CODES

    for entry in CHECKS:
        if entry.code == code:
            return entry.describe(locale)
    if code in SOURCE_CODES:
        return _(SOURCE_CODES[code][1], locale=locale)
    if code in LOAD_CODES:
        return translate("core", LOAD_CODES[code], locale)
    return code


def problem_record(problem: Problem, locale: str | None = None) -> dict[str, Any]:
    """One finding as JSON-ready values (what ``--format json`` prints per problem); the
    ``title`` in ``locale`` (default: the current one)."""
    return {
        "code": problem.code,
        "severity": problem.severity.value,
        "message": problem.message,
        "hint": problem.hint,
        "file": problem.location.file,
        "line": problem.location.line,
        "end_line": problem.location.last_line,
        "accepted": problem.accepted,
        "title": describe_code(problem.code, locale),
        **({} if problem.sums is None else {"figures": _figures(problem.sums)}),
        **({} if problem.described is None else {"figures": _described(problem.described)}),
    }


def _figures(sums: Sums) -> dict[str, Any]:
    """The figures a finding compares, as decimal strings (exact, as the ledger has them)."""
    return {
        "scope": sums.scope,
        "stated": str(sums.stated),
        "sum": str(sums.summed),
        "difference": str(sums.stated - sums.summed),
        "year": sums.year,
    }


def _described(described: Described) -> dict[str, Any]:
    """The figures of a ``description-amount`` finding, as decimal strings (exact, in the
    ledger's unit): the amounts the description names, in its order, and the row's amount."""
    return {
        "scope": "description",
        "named": [format(value, "f") for value in described.named],
        "amount": format(described.amount, "f"),
    }


def render_report_json(report: Report) -> str:
    """``{"problems": [...], "errors": N, "warnings": N, ...}``, newline-terminated.

    Each problem has ``code``, ``severity``, ``message``, ``hint``, ``file``, ``line``,
    ``accepted`` (the recorded reason, or null), ``end_line`` and ``title`` (what the code
    means), and for findings that compare figures (``total-mismatch`` and its kin)
    ``figures``: ``scope``, ``stated``, ``sum``, ``difference`` (decimal strings, in the
    ledger's unit) and ``year``, for ``description-amount`` ``figures``: ``scope``
    (``description``), ``named`` (a list) and ``amount``; ``message``, ``hint`` and
    ``title`` are in the report's locale, the keys, codes and ``severity`` values
    (``error``, ``warning``) are English identifiers. The document also gives ``accepted``
    (count), ``valid``, ``ledgers``, ``appropriations`` and ``checked`` (the check codes that
    ran).
    """
    import json

    document = {
        "problems": [problem_record(p, report.locale) for p in report.problems],
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


#: GitHub Actions shows at most this many annotations of each level (error, warning,
#: notice) per step and drops the rest without a word.
GITHUB_ANNOTATIONS = 10


def _github_level(problem: Problem) -> str:
    if problem.accepted is not None:
        return "notice"
    return "error" if problem.severity is Severity.ERROR else "warning"


def _github_command(problem: Problem, locale: str | None) -> str:
    level = _github_level(problem)
    if problem.accepted is not None:
        title = _("bevilling {code} (accepted)", locale=locale, code=problem.code)
        detail = _("accepted: {reason}", locale=locale, reason=problem.accepted)
    else:
        title = f"bevilling {problem.code}"
        detail = _("hint: {hint}", locale=locale, hint=problem.hint) if problem.hint else ""
    location = problem.location
    properties = [f"file={_escape_property(location.file)}"]
    if location.line:
        properties.append(f"line={location.line}")
        if location.last_line > location.line:
            properties.append(f"endLine={location.last_line}")
    properties.append(f"title={_escape_property(title)}")
    message = problem.message + (f"\n{detail}" if detail else "")
    return f"::{level} {','.join(properties)}::{_escape_data(message)}"


def render_report_github(report: Report, *, limit: int = GITHUB_ANNOTATIONS) -> str:
    """GitHub Actions workflow commands, errors first, then the summary line.

    Errors become ``::error``, warnings ``::warning`` and accepted findings ``::notice``
    annotations on the file and line; the hint (or the accepted reason) follows the message
    on a second line.  GitHub shows only :data:`GITHUB_ANNOTATIONS` annotations of each level
    per step, so at most ``limit`` of each are written (errors first, then warnings, then
    notices), and a plain line says how many more there are (the job summary, see
    :func:`render_report_markdown`, lists them all).
    """
    locale = report.locale
    levels = ("error", "warning", "notice")
    by_level: dict[str, list[Problem]] = {level: [] for level in levels}
    for problem in report.problems:
        by_level[_github_level(problem)].append(problem)
    lines = [_github_command(p, locale) for level in levels for p in by_level[level][:limit]]
    left_out = {level: max(0, len(by_level[level]) - limit) for level in levels}
    if any(left_out.values()):
        phrases = {
            "error": _n(
                "{count} more error", "{count} more errors", left_out["error"],
                locale=locale, count=left_out["error"],
            ),
            "warning": _n(
                "{count} more warning", "{count} more warnings", left_out["warning"],
                locale=locale, count=left_out["warning"],
            ),
            "notice": _n(
                "{count} more accepted finding", "{count} more accepted findings",
                left_out["notice"], locale=locale, count=left_out["notice"],
            ),
        }  # fmt: skip
        counts = ", ".join(phrases[level] for level in levels if left_out[level])
        lines.append(
            _(
                "bevilling: {counts} not annotated (GitHub shows {limit} of each kind per step);"
                " the job summary and `bevilling check` list every finding",
                locale=locale,
                counts=counts,
                limit=limit,
            )
        )
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


#: The job summary lists at most this many findings (GitHub takes 1 MiB per step).
SUMMARY_ROWS = 500


def render_report_markdown(report: Report) -> str:
    """The whole report as GitHub-flavoured Markdown, for ``$GITHUB_STEP_SUMMARY``: a heading,
    the summary line and a table of the findings (errors first), every ledger text escaped
    (:func:`bevilling.core.text.markdown_text`)."""
    locale = report.locale
    order = {"error": 0, "warning": 1, "notice": 2}
    problems = sorted(report.problems, key=lambda p: order[_github_level(p)])
    words = {
        "error": _("error", locale=locale),
        "warning": _("warning", locale=locale),
        "notice": _("accepted", locale=locale),
    }
    lines = [
        "## bevilling check",
        "",
        f"**{markdown_text(summary_line(report))}**",
        "",
    ]
    if problems:
        lines += [
            "| {} | {} | {} | {} | {} |".format(
                _("Severity", locale=locale),
                _("Code", locale=locale),
                _("File:line", locale=locale),
                _("Finding", locale=locale),
                _("Hint or reason", locale=locale),
            ),
            "| --- | --- | --- | --- | --- |",
        ]
    for problem in problems[:SUMMARY_ROWS]:
        level = _github_level(problem)
        note = problem.accepted if problem.accepted is not None else problem.hint or ""
        if problem.accepted is not None:
            note = _("accepted: {reason}", locale=locale, reason=problem.accepted)
        cells = [
            words[level],
            markdown_text(problem.code),
            markdown_text(str(problem.location)),
            markdown_text(problem.message),
            markdown_text(note),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    if len(problems) > SUMMARY_ROWS:
        lines += [
            "",
            _(
                "… and {count} more: run `bevilling check` to see them all.",
                locale=locale,
                count=len(problems) - SUMMARY_ROWS,
            ),
        ]
    return "\n".join(lines) + "\n"


#: The Code Climate severity of each kind of finding, as GitLab's Code Quality shows it.
GITLAB_SEVERITY = {"error": "major", "warning": "minor", "notice": "info"}


def render_report_gitlab(report: Report, sources: Mapping[str, str] | None = None) -> str:
    """The findings as a GitLab Code Quality report (Code Climate JSON): a list of issues
    with ``description``, ``check_name`` (the code), ``fingerprint``, ``severity``
    (errors ``major``, warnings ``minor``, accepted findings ``info``) and
    ``location.path`` / ``location.lines.begin``.

    The fingerprint is a SHA-256 of the code, the file and the text of the lines the finding
    points at (with a counter for identical ones), not of the line number or the message: it
    stays the same when lines are added above the finding or the report's language changes,
    so that GitLab shows only new findings as new.

    GitLab places a finding by its path from the repository root: a file under the current
    directory (where CI runs) is given relative to it, also when ``check`` was given an
    absolute path.
    """
    import hashlib

    seen: dict[tuple[str, str, str], int] = {}
    issues = []
    for problem in report.problems:
        location = problem.location
        text = (sources or {}).get(location.file)
        if text is not None and location.line >= 1:
            lines = _lines(text).between(location.line, location.last_line)
            anchor = "\n".join(line.strip() for line in lines)
        else:
            anchor = str(location.line)
        key = (problem.code, location.file, anchor)
        count = seen.get(key, 0)
        seen[key] = count + 1
        digest = hashlib.sha256(
            "\0".join([*key, str(count)]).encode("utf-8", "surrogatepass")
        ).hexdigest()
        description = problem.message
        if problem.accepted is not None:
            description += " " + _(
                "(accepted: {reason})", locale=report.locale, reason=problem.accepted
            )
        issues.append(
            {
                "type": "issue",
                "check_name": problem.code,
                "description": visible(description, one_line=True),
                "categories": ["Bug Risk"],
                "fingerprint": digest,
                "severity": GITLAB_SEVERITY[_github_level(problem)],
                "location": {
                    "path": _repository_path(location.file),
                    "lines": {"begin": max(1, location.line)},
                },
            }
        )
    import json

    text = json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def _repository_path(file: str) -> str:
    """``file`` relative to the current directory when it lies under it (as GitLab wants
    paths), else as given."""
    import os

    if not os.path.isabs(file):
        return file
    try:
        here = os.getcwd()
        relative = os.path.relpath(file, here)
    except (OSError, ValueError):  # no current directory, another drive
        return file
    return file if relative == os.pardir or relative.startswith(os.pardir + os.sep) else relative


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
                            _n(
                                "{count} problem: {message}",
                                "{count} problems: {message}",
                                len(failing),
                                locale=report.locale,
                                count=len(failing),
                                message=failing[0].message,
                            ),
                            one_line=True,
                        )
                    ),
                )
                failure.text = xml_safe(render_problems_text(failing, locale=report.locale))
            if others:
                ET.SubElement(case, "system-out").text = xml_safe(
                    render_problems_text(others, locale=report.locale)
                )
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
