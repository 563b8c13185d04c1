"""The audit: checks of a ledger set against itself and its source, acceptances, the report.

What the layers above may import (from this package, not from its modules):
``check``, ``CHECKS``, ``Check``, ``Report``, ``UnknownCodeError``, ``resolve_codes``; the
renderers of findings ``render_problems_text``, ``render_report_text``, ``render_report_json``,
``render_report_github``, ``render_report_junit``.

Imports :mod:`bevilling.core`, :mod:`bevilling.i18n`, :mod:`bevilling.read`.
"""

from __future__ import annotations

from bevilling.audit.checks import CHECKS, Check, Report, UnknownCodeError, check, resolve_codes
from bevilling.audit.render import (
    render_problems_text,
    render_report_github,
    render_report_json,
    render_report_junit,
    render_report_text,
)

__all__ = [
    "CHECKS",
    "Check",
    "Report",
    "UnknownCodeError",
    "check",
    "render_problems_text",
    "render_report_github",
    "render_report_json",
    "render_report_junit",
    "render_report_text",
    "resolve_codes",
]
