"""Reports: one module per question (query + result types) and the renderers that print them.

What the layers above may import (from this package, not from its modules):
the queries ``expiring``, ``totals``, ``timeline`` with their results (``Expiring``,
``ExpiringRow``, ``Totals``, ``TotalsGroup``, ``Timeline``, ``TimelineCell``), ``Filter``,
``Dimension``, ``parse_category``, ``report_unit``; the renderers ``render_expiring``,
``render_totals``, ``render_timeline``, ``render_list``, ``render_show``,
``render_entries_json``, ``render_entries_table``, ``entry_record``.

Renderers return strings; none prints. Imports :mod:`bevilling.core`, :mod:`bevilling.i18n`,
:mod:`bevilling.read`, :mod:`bevilling.audit`.
"""

from __future__ import annotations

from bevilling.reports.queries import (
    Dimension,
    Expiring,
    ExpiringRow,
    Filter,
    Timeline,
    TimelineCell,
    Totals,
    TotalsGroup,
    expiring,
    parse_category,
    report_unit,
    timeline,
    totals,
)
from bevilling.reports.render import (
    entry_record,
    render_entries_json,
    render_entries_table,
    render_expiring,
    render_list,
    render_show,
    render_timeline,
    render_totals,
)

__all__ = [
    "Dimension",
    "Expiring",
    "ExpiringRow",
    "Filter",
    "Timeline",
    "TimelineCell",
    "Totals",
    "TotalsGroup",
    "entry_record",
    "expiring",
    "parse_category",
    "render_entries_json",
    "render_entries_table",
    "render_expiring",
    "render_list",
    "render_show",
    "render_timeline",
    "render_totals",
    "report_unit",
    "timeline",
    "totals",
]
