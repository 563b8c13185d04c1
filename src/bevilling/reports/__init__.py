"""Reports: one module per question, with its query, its result types and its renderer.

- :mod:`~bevilling.reports.expiring`, :mod:`~bevilling.reports.totals`,
  :mod:`~bevilling.reports.timeline`: a query over a ledger set, its frozen result, its
  renderer;
- :mod:`~bevilling.reports.listing`: ``list`` and ``show`` (the appropriations themselves);
- :mod:`~bevilling.reports.filters`: :class:`Filter`, the unit and precision of a report;
- :mod:`~bevilling.reports.prices`: price levels: converting to one (``price_level=``) and
  refusing to add mixed ones (:class:`MixedPriceLevelsError`);
- :mod:`~bevilling.reports.guard`: every query refuses ledgers with unaccepted errors
  (:class:`LedgerErrorsError`) unless called with ``allow_errors=True``;
- :mod:`~bevilling.reports.page` (``bevilling report``: the audit and the figures of one
  HTML page), :mod:`~bevilling.reports.page_html` (its sections and jinja2 template) and
  :mod:`~bevilling.reports.charts` (matplotlib's SVG charts); jinja2 and matplotlib are
  imported only when a page is rendered;
- :mod:`~bevilling.reports.table` (the grid and the engine that fits it to a terminal) and
  :mod:`~bevilling.reports.formats` (csv, markdown, github, html, json; the escaping each
  output format guarantees).

What the layers above may import (from this package, not from its modules):
the queries ``expiring``, ``totals``, ``timeline``, ``followup``, ``history``, ``select``,
``lookup`` with their results (``Expiring``, ``ExpiringRow``, ``Totals``, ``TotalsGroup``,
``Timeline``, ``TimelineCell``, ``Followup``, ``FollowupRow``, ``HistoryEvent``),
``LedgerErrorsError``, ``require_valid``, ``MixedPriceLevelsError``, ``Prices``,
``LevelNote``, ``Converter``, ``prices_note``, ``prices_warning``,
``listing_prices``, ``Filter``, ``UnknownFilterValueError``, ``Dimension``, ``parse_category``,
``report_unit``,
``FORMATS``, ``MAX_YEARS``; the renderers ``render_expiring``, ``render_totals``,
``render_followup``, ``render_timeline``, ``render_list``, ``render_show``,
``render_show_history``, ``render_entries_json``, ``render_entries_table``, ``entry_record``,
``entries_json_chunks`` (the JSON list in pieces, for writing as they come); the grids
``expiring_grid``, ``timeline_grid``, ``totals_grid``; the page ``report_page``, ``Page``,
``Provenance``, ``render_page``, ``grid_section``, ``Section``.

Renderers return strings (``entries_json_chunks`` an iterator of them); none prints.
Imports :mod:`bevilling.core`, :mod:`bevilling.i18n`, :mod:`bevilling.read`,
:mod:`bevilling.audit`.
"""

from __future__ import annotations

from bevilling.core.lazy import lazy_package

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.reports.expiring import (
        Expiring,
        ExpiringRow,
        expiring,
        expiring_grid,
        render_expiring,
    )
    from bevilling.reports.filters import (
        Filter,
        UnknownFilterValueError,
        parse_category,
        report_unit,
    )
    from bevilling.reports.followup import Followup, FollowupRow, followup, render_followup
    from bevilling.reports.formats import FORMATS, json_document
    from bevilling.reports.guard import LedgerErrorsError, require_valid
    from bevilling.reports.history import HistoryEvent, history, render_show_history
    from bevilling.reports.listing import (
        entries_json_chunks,
        entry_record,
        listing_prices,
        lookup,
        render_entries_json,
        render_entries_table,
        render_list,
        render_show,
        select,
    )
    from bevilling.reports.page import Page, Provenance, report_page
    from bevilling.reports.page_html import Section, grid_section, render_page
    from bevilling.reports.prices import (
        Converter,
        LevelNote,
        MixedPriceLevelsError,
        Prices,
        price_amount_header,
        prices_note,
        prices_warning,
    )
    from bevilling.reports.timeline import (
        MAX_YEARS,
        Timeline,
        TimelineCell,
        render_timeline,
        timeline,
        timeline_grid,
    )
    from bevilling.reports.totals import (
        Dimension,
        Totals,
        TotalsGroup,
        render_totals,
        totals,
        totals_grid,
    )

__all__ = [
    "FORMATS",
    "MAX_YEARS",
    "Converter",
    "Dimension",
    "Expiring",
    "ExpiringRow",
    "Filter",
    "Followup",
    "FollowupRow",
    "HistoryEvent",
    "LedgerErrorsError",
    "LevelNote",
    "MixedPriceLevelsError",
    "Page",
    "Prices",
    "Provenance",
    "Section",
    "Timeline",
    "TimelineCell",
    "Totals",
    "TotalsGroup",
    "UnknownFilterValueError",
    "entries_json_chunks",
    "entry_record",
    "expiring",
    "expiring_grid",
    "followup",
    "grid_section",
    "history",
    "json_document",
    "listing_prices",
    "lookup",
    "parse_category",
    "price_amount_header",
    "prices_note",
    "prices_warning",
    "render_entries_json",
    "render_entries_table",
    "render_expiring",
    "render_followup",
    "render_list",
    "render_page",
    "render_show",
    "render_show_history",
    "render_timeline",
    "render_totals",
    "report_page",
    "report_unit",
    "require_valid",
    "select",
    "timeline",
    "timeline_grid",
    "totals",
    "totals_grid",
]

# Each name is imported from its module on first use (start-up): see bevilling.core.lazy.
lazy_package(
    __name__,
    {
        "expiring": (
            "Expiring",
            "ExpiringRow",
            "expiring",
            "expiring_grid",
            "render_expiring",
        ),
        "filters": (
            "Filter",
            "UnknownFilterValueError",
            "parse_category",
            "report_unit",
        ),
        "followup": (
            "Followup",
            "FollowupRow",
            "followup",
            "render_followup",
        ),
        "formats": (
            "FORMATS",
            "json_document",
        ),
        "guard": (
            "LedgerErrorsError",
            "require_valid",
        ),
        "history": (
            "HistoryEvent",
            "history",
            "render_show_history",
        ),
        "listing": (
            "entries_json_chunks",
            "entry_record",
            "listing_prices",
            "lookup",
            "render_entries_json",
            "render_entries_table",
            "render_list",
            "render_show",
            "select",
        ),
        "page": (
            "Page",
            "Provenance",
            "report_page",
        ),
        "page_html": (
            "Section",
            "grid_section",
            "render_page",
        ),
        "prices": (
            "Converter",
            "LevelNote",
            "MixedPriceLevelsError",
            "Prices",
            "price_amount_header",
            "prices_note",
            "prices_warning",
        ),
        "timeline": (
            "MAX_YEARS",
            "Timeline",
            "TimelineCell",
            "render_timeline",
            "timeline",
            "timeline_grid",
        ),
        "totals": (
            "Dimension",
            "Totals",
            "TotalsGroup",
            "render_totals",
            "totals",
            "totals_grid",
        ),
    },
)
