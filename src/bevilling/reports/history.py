"""The life of one appropriation: its grant, each change with its decision, and its spending,
each with ``file:line`` (what ``bevilling show`` adds when changes or spending are loaded).

:func:`history` returns the :class:`HistoryEvent` values in order; :func:`render_show_history`
renders an appropriation's fields (:func:`~bevilling.reports.listing.render_show`) followed by
its history.

Imports :mod:`bevilling.reports.formats`, ``listing`` and ``table``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import attrs

from bevilling.core.model import ChangeKind, Entry, Expiry, ExpiryKind, LedgerSet
from bevilling.core.problems import Location
from bevilling.core.text import visible
from bevilling.i18n.catalogs import N_, catalog
from bevilling.reports.formats import Format, amount_text, expiry_text, json_document, render_grid
from bevilling.reports.listing import entry_record, render_show
from bevilling.reports.table import Cell, Grid, Label

_, _n = catalog(__name__)

__all__ = ["HistoryEvent", "history", "render_show_history"]

#: What each kind of event is called in a report.
EVENT_WORDS = {
    "grant": N_("grant"),
    ChangeKind.SUPPLEMENTARY.value: N_("supplementary appropriation"),
    ChangeKind.REALLOCATION.value: N_("reallocation"),
    ChangeKind.CARRY_OVER.value: N_("carry-over"),
    ChangeKind.EXTENSION.value: N_("extension"),
    "spending": N_("spending"),
}


@attrs.frozen(kw_only=True)
class HistoryEvent:
    """One event in the life of an appropriation, its amount in the appropriation's unit."""

    kind: str
    """``grant``, a :class:`~bevilling.core.model.ChangeKind` value, or ``spending``."""
    location: Location
    """Where it is written."""
    year: int | None = None
    """The year it concerns (none for the grant and a forlængelse)."""
    months: tuple[int, int] | None = None
    """For spending of part of a year: its first and last month."""
    amount: Decimal | None = None
    """Added (changes: negative when taken away), granted or spent."""
    expires: Expiry | None = None
    """The expiry: as printed for the grant, the new one for a forlængelse."""
    decision: str | None = None
    """The decision of a change; the source (Kilde) of the grant."""


def history(ledgers: LedgerSet, entry: Entry) -> tuple[HistoryEvent, ...]:
    """The grant of ``entry``'s appropriation, then its changes (in path and line order), then
    its spending (by year and months); amounts converted exactly to its ledger's unit."""
    ledger, _table, a = entry
    events = [
        HistoryEvent(
            kind="grant",
            location=a.location,
            amount=a.amount,
            expires=a.expiry,
            decision=a.source,
        )
    ]
    for change in ledgers.changes:
        if change.kind is ChangeKind.EXTENSION and change.appropriation == a.id:
            events.append(
                HistoryEvent(
                    kind=change.kind.value,
                    location=change.location,
                    expires=change.expires,
                    decision=change.decision,
                )
            )
        events.extend(
            HistoryEvent(
                kind=change.kind.value,
                location=side.location,
                year=side.year,
                amount=change.unit.convert(side.amount, ledger.unit),
                decision=change.decision,
            )
            for side in change.sides
            if side.appropriation == a.id
        )
    spent = sorted(
        (s for s in ledgers.spending if s.appropriation == a.id),
        key=lambda s: (s.year, s.months, s.location),
    )
    events.extend(
        HistoryEvent(
            kind="spending",
            location=s.location,
            year=s.year,
            months=None if s.months == (1, 12) else s.months,
            amount=s.unit.convert(s.amount, ledger.unit),
        )
        for s in spent
    )
    return tuple(events)


def _places(events: tuple[HistoryEvent, ...], least: int) -> int:
    places = least
    for event in events:
        if event.amount is not None:
            exponent = event.amount.normalize().as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
    return places


def _record(event: HistoryEvent, places: int) -> dict[str, Any]:
    expires = event.expires
    return {
        "kind": event.kind,
        "year": event.year,
        "months": list(event.months) if event.months is not None else None,
        "amount": amount_text(event.amount, places) if event.amount is not None else None,
        "expires": (
            None
            if expires is None
            else expires.year
            if expires.kind is ExpiryKind.YEAR
            else expires.kind.value
        ),
        "decision": event.decision,
        "file": event.location.file,
        "line": event.location.line,
    }


def render_show_history(
    entry: Entry,
    events: tuple[HistoryEvent, ...],
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """The fields of ``entry`` (as :func:`~bevilling.reports.listing.render_show`), then its
    history: one row per event with its year, amount, expiry, decision and ``file:line``.
    JSON: the appropriation's record with ``"history"``, a list of events."""
    from bevilling.i18n.formatting import amount_header, label

    ledger = entry.ledger
    places = _places(events, ledger.decimal_places())
    if format == "json":
        return json_document(
            {**entry_record(entry), "history": [_record(e, places) for e in events]}
        )
    fields = render_show(entry, format, locale=locale, csv_dialect=csv_dialect, width=width)

    def year(event: HistoryEvent) -> Cell:
        if event.year is None:
            return None
        if event.months is None:
            return Label(str(event.year))
        first, last = event.months
        if first == last:
            return Label(_("{year}, month {month}", locale=locale, year=event.year, month=first))
        return Label(
            _(
                "{year}, months {first}-{last}",
                locale=locale,
                year=event.year,
                first=first,
                last=last,
            )
        )

    grid = Grid(
        title=((_("History of {id}", locale=locale, id=entry.appropriation.id), True),),
        headers=(
            _("Event", locale=locale),
            label("year", locale),
            amount_header(ledger.unit.value, locale),
            label("expires", locale),
            _("Decision or source", locale=locale),
            label("location", locale),
        ),
        numeric=(False, False, True, False, False, False),
        wrap=(False, False, False, False, True, False),
        rows=tuple(
            (
                Label(_(EVENT_WORDS[e.kind], locale=locale)),
                year(e),
                e.amount,
                expiry_text(e.expires, locale) if e.expires is not None else None,
                e.decision,
                visible(f"{e.location.file}:{e.location.line}", one_line=True),
            )
            for e in events
        ),
        places=places,
    )
    text = render_grid(grid, format, locale, csv_dialect, width)
    return fields + "\n" + text.removeprefix("\ufeff")
