"""``bevilling report``: everything about a set of ledgers on one page, for people who never
open a terminal.

The query :func:`report_page` runs the audit and the reports the page shows (what expires in the
year, the timeline, the totals by category and by target group) and records where the
figures come from; it returns a :class:`Page`.  :func:`bevilling.reports.page_html.render_page`
turns it into one self-contained HTML file.

The page always shows the audit.  When the ledgers have unaccepted errors the figures would
be wrong, so the figure sections are left out (``figures_withheld``) and the page says why,
unless the caller passes ``allow_errors=True`` (the page then carries a warning).

>>> import bevilling
>>> from datetime import datetime, timezone
>>> made = datetime(2026, 1, 5, tzinfo=timezone.utc)
>>> result = report_page(bevilling.load("ledger/"), 2016, made_at=made)
>>> result.expiring.total, result.audit.errors, len(result.provenance.ledgers)
(Decimal('8219'), 0, 3)

Imports :mod:`bevilling.audit` and the report modules ``expiring``, ``timeline``, ``totals``
and ``filters``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

import attrs

from bevilling.audit import Report
from bevilling.core.model import LedgerSet, Phase, Unit
from bevilling.reports.expiring import Expiring, expiring
from bevilling.reports.filters import Filter, level_argument, year_argument
from bevilling.reports.followup import Followup, followup
from bevilling.reports.prices import MixedPriceLevelsError, Prices
from bevilling.reports.timeline import Timeline, timeline
from bevilling.reports.totals import Totals, totals

__all__ = ["LedgerInfo", "Page", "Provenance", "report_page"]


@attrs.frozen(kw_only=True)
class LedgerInfo:
    """One ledger file the page was made from."""

    file: str
    """The path as read."""
    title: str
    """The ledger's title."""
    document: str
    """The source document it was transcribed from."""
    phase: Phase
    """Approved or proposed."""
    unit: Unit
    """The unit its amounts are written in."""
    price_level: int | None
    """The price level (p/l) of its amounts, when the ledger states one."""
    tables: int
    """How many tables."""
    appropriations: int
    """How many appropriations."""


@attrs.frozen(kw_only=True)
class Provenance:
    """Where the figures of a page come from."""

    ledgers: tuple[LedgerInfo, ...]
    """The ledgers loaded, in path order."""
    unloaded: tuple[str, ...]
    """Files read that did not load (their problems are in the audit)."""
    revision: str | None = None
    """The git commit of the ledgers' folder, when it is in git."""
    uncommitted: bool = False
    """True when the ledgers have changes not committed to ``revision``."""
    made_at: datetime | None = None
    """When the page was made."""
    version: str = ""
    """The bevilling version that made it."""


@attrs.frozen(kw_only=True)
class Page:
    """What ``bevilling report`` shows: the audit, the figures and their provenance."""

    year: int
    """The year whose expiries the page lists."""
    filter: Filter
    """The criteria of the figure sections (the audit always covers every ledger)."""
    audit: Report
    """The result of :func:`bevilling.audit.check` on every ledger."""
    sources: Mapping[str, str] = attrs.field(repr=False)
    """Each file's text, for the excerpts of the findings."""
    figures_withheld: bool
    """True when the ledgers have unaccepted errors and the figures were not computed (see
    also ``price_refusal``)."""
    allow_errors: bool
    """True when the figures were computed although the ledgers have errors."""
    expiring: Expiring | None
    """What expires in ``year`` (and what has no fixed expiry); None when withheld."""
    timeline: Timeline | None
    """The timeline over every year the ledgers name; None when withheld."""
    by_category: Totals | None
    """Totals by category; None when withheld."""
    by_target_group: Totals | None
    """Totals by target group; None when withheld."""
    provenance: Provenance
    """Ledger files, titles, source documents, git revision, time made."""
    followup: Followup | None = None
    """The follow-up of ``year`` (granted, changes, spent, remaining, lapses) when changes or
    spending are recorded with the ledgers; None otherwise or when withheld."""
    price_levels: tuple[int | None, ...] = ()
    """The price levels (p/l years) of the ledgers the figures cover, in order; None for
    ledgers that state none."""
    prices: Prices | None = None
    """The price level of every figure (converted to ``prices.target``, or as written; mixed
    ones named), when the figures are there."""
    price_refusal: str | None = None
    """Why the figures were left out although the ledgers pass the check: they would add
    amounts of different price levels (the message of ``MixedPriceLevelsError``)."""


def _prices(*results: Expiring | Timeline | Totals | None) -> Prices | None:
    """The price level of the page's figures: the first result that adds mixed levels (so the
    page warns), else the first result's."""
    found = [result.prices for result in results if result is not None]
    return next((prices for prices in found if prices.mixed), found[0] if found else None)


def report_page(
    ledgers: LedgerSet,
    year: int,
    *,
    filter: Filter | None = None,
    allow_errors: bool = False,
    revision: str | None = None,
    uncommitted: bool = False,
    made_at: datetime | None = None,
    locale: str | None = None,
    price_level: int | None = None,
    allow_mixed_price_levels: bool = False,
) -> Page:
    """The audit of ``ledgers`` and the figures of the page for ``year``.

    ``filter`` narrows the figure sections (not the audit).  ``revision`` (with
    ``uncommitted``) and ``made_at`` are recorded as given (the command line finds them; this
    function does no I/O).  ``locale`` is the language of the findings' messages (default:
    the current locale).  With unaccepted errors the figures are withheld unless
    ``allow_errors``.  ``price_level`` converts every figure to that price level (with the
    price index loaded with the ledgers); figures that would add amounts of different price
    levels are left out (``price_refusal`` says why) unless ``allow_mixed_price_levels``.
    """
    from bevilling._version import __version__
    from bevilling.audit import check

    year = year_argument(year)
    price_level = level_argument(price_level)
    chosen = filter or Filter()
    report = check(ledgers, locale=locale)
    withheld = not report.valid and not allow_errors
    ending = cliff = by_category = by_target_group = None
    recorded: Followup | None = None
    refusal = None
    if not withheld:
        try:
            ending = expiring(
                ledgers,
                year,
                filter=chosen,
                allow_errors=True,
                price_level=price_level,
                allow_mixed_price_levels=allow_mixed_price_levels,
            )
            cliff = timeline(
                ledgers,
                filter=chosen,
                allow_errors=True,
                price_level=price_level,
                allow_mixed_price_levels=allow_mixed_price_levels,
            )
            by_category, by_target_group = (
                totals(
                    ledgers,
                    by,
                    filter=chosen,
                    allow_errors=True,
                    price_level=price_level,
                    allow_mixed_price_levels=allow_mixed_price_levels,
                )
                for by in ("category", "target-group")
            )
            if ledgers.changes or ledgers.spending:
                recorded = followup(
                    ledgers,
                    year,
                    filter=chosen,
                    allow_errors=True,
                    price_level=price_level,
                    allow_mixed_price_levels=allow_mixed_price_levels,
                )
        except MixedPriceLevelsError as refused:
            ending = cliff = by_category = by_target_group = recorded = None
            refusal = str(refused)
    covered = {id(entry.ledger): entry.ledger for entry in chosen.apply(ledgers)}
    levels = sorted(
        {ledger.price_level for ledger in covered.values()}, key=lambda y: (y is None, y or 0)
    )
    loaded = {ledger.file for ledger in ledgers.ledgers}
    provenance = Provenance(
        ledgers=tuple(
            LedgerInfo(
                file=ledger.file,
                title=ledger.title,
                document=ledger.document,
                phase=ledger.phase,
                unit=ledger.unit,
                price_level=ledger.price_level,
                tables=len(ledger.tables),
                appropriations=len(ledger.appropriations),
            )
            for ledger in ledgers.ledgers
        ),
        unloaded=tuple(file for file in report.files if file not in loaded),
        revision=revision,
        uncommitted=uncommitted,
        made_at=made_at,
        version=__version__,
    )
    return Page(
        year=year,
        filter=chosen,
        audit=report,
        sources=ledgers.sources,
        figures_withheld=withheld,
        allow_errors=allow_errors and not report.valid,
        expiring=ending,
        timeline=cliff,
        by_category=by_category,
        by_target_group=by_target_group,
        followup=recorded,
        provenance=provenance,
        price_levels=tuple(levels),
        prices=_prices(ending, cliff, by_category, by_target_group),
        price_refusal=refusal,
    )
