"""The audit: checks of a ledger set against itself and its source, acceptances, the report.

What the layers above may import (from this package, not from its modules):
``check``, ``CHECKS``, ``Check``, ``Report``, ``UnknownCodeError``, ``resolve_codes``,
``all_codes``, ``SOURCE_CODES``; ``key_location`` (the line a key is written on, for
findings made above this layer); the renderers of findings ``render_problems_text``,
``render_report_text``, ``render_report_json``, ``render_report_github``,
``render_report_junit``,
``render_report_gitlab`` (Code Quality), ``render_report_markdown`` (the job summary),
``excerpt`` (the numbered source lines of a finding), and
``problem_line`` (one finding's first line, severity in the user's language) and
``describe_code`` (what a code means, in the user's language); ``rounding_tolerance`` (what a
declared ``rounded_to`` explains, also for the import's advice).

Every message and hint of the checks comes from the ``audit`` message catalog, in the locale
:func:`check` runs in (Danish by default); codes stay English.

Where things live: ``registry`` (the registry, :func:`check`, the report), one module per
family of checks (``totals``, ``figures``, ``descriptions``, ``duplicates``, ``expiries``,
``references``), ``acceptances`` (matching ``accepted:`` entries), ``locate`` (the line a
key is written on), ``support`` (figures in messages), ``rows`` (the rows as columns and
the facts several checks share, computed once per ledger set: a new check that walks every
row reads them there), ``render`` (findings as text, JSON, GitHub annotations, JUnit XML).
A new check goes into the module of its family (or a new
one) and one line of the registry's table (``registry._TABLE``), with a section in docs/checks.md.

Imports :mod:`bevilling.core`, :mod:`bevilling.i18n`, :mod:`bevilling.read`.
"""

from __future__ import annotations

from bevilling.core.lazy import lazy_package

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.audit.locate import key_location
    from bevilling.audit.registry import (
        CHECKS,
        SOURCE_CODES,
        Check,
        Report,
        UnknownCodeError,
        all_codes,
        check,
        resolve_codes,
    )
    from bevilling.audit.render import (
        describe_code,
        excerpt,
        problem_line,
        render_problems_text,
        render_report_github,
        render_report_gitlab,
        render_report_json,
        render_report_junit,
        render_report_markdown,
        render_report_text,
    )
    from bevilling.audit.totals import rounding_tolerance

__all__ = [
    "CHECKS",
    "SOURCE_CODES",
    "Check",
    "Report",
    "UnknownCodeError",
    "all_codes",
    "check",
    "describe_code",
    "excerpt",
    "key_location",
    "problem_line",
    "render_problems_text",
    "render_report_github",
    "render_report_gitlab",
    "render_report_json",
    "render_report_junit",
    "render_report_markdown",
    "render_report_text",
    "resolve_codes",
    "rounding_tolerance",
]

# Each name is imported from its module on first use (start-up): see bevilling.core.lazy.
lazy_package(
    __name__,
    {
        "locate": ("key_location",),
        "registry": (
            "CHECKS",
            "SOURCE_CODES",
            "Check",
            "Report",
            "UnknownCodeError",
            "all_codes",
            "check",
            "resolve_codes",
        ),
        "render": (
            "describe_code",
            "excerpt",
            "problem_line",
            "render_problems_text",
            "render_report_github",
            "render_report_gitlab",
            "render_report_json",
            "render_report_junit",
            "render_report_markdown",
            "render_report_text",
        ),
        "totals": ("rounding_tolerance",),
    },
)
