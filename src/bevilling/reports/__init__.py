"""Reports: one module per question, with its query, its result types and its renderer.

- :mod:`~bevilling.reports.expiring`, :mod:`~bevilling.reports.totals`,
  :mod:`~bevilling.reports.timeline`: a query over a ledger set, its frozen result, its
  renderer;
- :mod:`~bevilling.reports.listing`: ``list`` and ``show`` (the appropriations themselves);
- :mod:`~bevilling.reports.filters`: :class:`Filter`, the unit and precision of a report;
- :mod:`~bevilling.reports.guard`: every query refuses ledgers with unaccepted errors
  (:class:`LedgerErrorsError`) unless called with ``allow_errors=True``;
- :mod:`~bevilling.reports.table` (the grid and the engine that fits it to a terminal) and
  :mod:`~bevilling.reports.formats` (csv, markdown, github, html, json; the escaping each
  output format guarantees).

What the layers above may import (from this package, not from its modules):
the queries ``expiring``, ``totals``, ``timeline``, ``followup``, ``history``, ``select``,
``lookup`` with
their results (``Expiring``, ``ExpiringRow``, ``Totals``, ``TotalsGroup``, ``Timeline``,
``TimelineCell``, ``Followup``, ``FollowupRow``, ``HistoryEvent``),
``LedgerErrorsError``, ``require_valid``, ``Filter``, ``Dimension``, ``parse_category``,
``report_unit``, ``FORMATS``, ``MAX_YEARS``; the renderers ``render_expiring``,
``render_totals``, ``render_followup``, ``render_timeline``, ``render_list``, ``render_show``,
``render_entries_json``, ``render_entries_table``, ``render_show_history``, ``entry_record``.

Renderers return strings; none prints. Imports :mod:`bevilling.core`, :mod:`bevilling.i18n`,
:mod:`bevilling.read`, :mod:`bevilling.audit`.
"""

from __future__ import annotations

from bevilling.reports.expiring import Expiring, ExpiringRow, expiring, render_expiring
from bevilling.reports.filters import Filter, parse_category, report_unit
from bevilling.reports.followup import Followup, FollowupRow, followup, render_followup
from bevilling.reports.formats import FORMATS, json_document
from bevilling.reports.guard import LedgerErrorsError, require_valid
from bevilling.reports.history import HistoryEvent, history, render_show_history
from bevilling.reports.listing import (
    entry_record,
    lookup,
    render_entries_json,
    render_entries_table,
    render_list,
    render_show,
    select,
)
from bevilling.reports.timeline import MAX_YEARS, Timeline, TimelineCell, render_timeline, timeline
from bevilling.reports.totals import Dimension, Totals, TotalsGroup, render_totals, totals

__all__ = [
    "FORMATS",
    "MAX_YEARS",
    "Dimension",
    "Expiring",
    "ExpiringRow",
    "Filter",
    "Followup",
    "FollowupRow",
    "HistoryEvent",
    "LedgerErrorsError",
    "Timeline",
    "TimelineCell",
    "Totals",
    "TotalsGroup",
    "entry_record",
    "expiring",
    "followup",
    "history",
    "json_document",
    "lookup",
    "parse_category",
    "render_entries_json",
    "render_entries_table",
    "render_expiring",
    "render_followup",
    "render_list",
    "render_show",
    "render_show_history",
    "render_timeline",
    "render_totals",
    "report_unit",
    "require_valid",
    "select",
    "timeline",
    "totals",
]
