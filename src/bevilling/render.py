"""Renderers for reports: each returns a string, none prints.

JSON output writes amounts as decimal strings (``"14752"``, ``"271.1"``) so that no reader
turns them into binary floats, and expiries as a year number or ``"open"``/``"declining"``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from bevilling.model import Entry, ExpiryKind

__all__ = ["entry_record", "render_entries_json", "render_entries_table"]


def entry_record(entry: Entry) -> dict[str, Any]:
    """One appropriation as JSON-ready values: what ``bevilling list --format json`` prints."""
    ledger, table, a = entry
    return {
        "id": a.id,
        "file": a.location.file,
        "line": a.location.line,
        "ledger": ledger.title,
        "table": table.name,
        "phase": ledger.phase.value,
        "unit": ledger.unit.value,
        "price_level": ledger.price_level,
        "category": a.category.value,
        "target_group": a.target_group,
        "organisation": a.organisation,
        "title": a.title,
        "description": a.description,
        "source": a.source,
        "amount": str(a.amount),
        "expires": a.expiry.year if a.expiry.kind is ExpiryKind.YEAR else a.expiry.kind.value,
        "profile": (
            {str(year): str(amount) for year, amount in a.profile.items()}
            if a.profile is not None
            else None
        ),
        "committee": a.committee,
        "appropriation_no": a.appropriation_no,
        "function": a.function,
    }


def render_entries_json(entries: Iterable[Entry]) -> str:
    """The appropriations as a JSON document ``{"appropriations": [...]}``, newline-terminated.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
    ... ''')
    >>> print(render_entries_json(ledgers.entries()))  # doctest: +ELLIPSIS
    {
      "appropriations": [
        {
          "id": "A1",
    ...
          "amount": "1200",
          "expires": 2016,
    ...
    """
    records = [entry_record(entry) for entry in entries]
    return json.dumps({"appropriations": records}, ensure_ascii=False, indent=2) + "\n"


def render_entries_table(entries: Iterable[Entry], locale: str = "da") -> str:
    """The appropriations as a plain-text table: phase, category, target group, title, amount."""
    from tabulate import tabulate

    from bevilling.formatting import format_amount

    rows = [
        [
            a.id,
            ledger.phase.value,
            a.category.value,
            a.target_group or "",
            a.organisation or "",
            a.title,
            format_amount(a.amount, locale),
            ledger.unit.value,
            str(a.expiry),
        ]
        for ledger, _table, a in entries
    ]
    headers = ["id", "phase", "category", "target group", "org.", "title", "amount", "unit",
               "expires"]  # fmt: skip
    return tabulate(rows, headers=headers, colalign=_ALIGN, disable_numparse=True) + "\n"


_ALIGN = ("left",) * 6 + ("right", "left", "left")
