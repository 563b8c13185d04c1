"""What a change to the change and spending files means, for ``bevilling diff``.

:func:`followup_changes` compares, per appropriation and year, the sum of the changes in force
and of the spending (in kroner, given in :data:`~bevilling.interop.diff.TOTAL_UNIT`), and per
appropriation the expiry its forlængelser give; :func:`followup_lines` renders them for the
text and Markdown forms of the diff.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs

from bevilling.core.model import Expiry, ExpiryKind, LedgerSet, Unit
from bevilling.core.money import ZERO
from bevilling.core.text import markdown_text, visible
from bevilling.i18n.catalogs import N_, catalog

_, _n = catalog(__name__)

__all__ = ["FollowupChange", "followup_changes", "followup_lines", "followup_record"]

#: The figures compared, and what the diff calls them.
WHAT = {"changes": N_("changes"), "spent": N_("spending"), "expires": N_("expiry")}
#: The columns of the Markdown table, and the word before a difference.
COLUMNS = (N_("before"), N_("after"), N_("change"))


@attrs.frozen(kw_only=True)
class FollowupChange:
    """A figure of the follow-up that differs between the old and the new files."""

    appropriation: str
    """The appropriation's id."""
    year: int | None
    """The year, for ``changes`` and ``spent``; None for ``expires``."""
    what: str
    """``changes`` (the sum of the changes in force), ``spent`` or ``expires`` (the expiry
    the forlængelser give; None without one)."""
    old: Decimal | str | None
    """Before: an amount in the diff's unit, or an expiry."""
    new: Decimal | str | None
    """After."""


def _sums(ledgers: LedgerSet, unit: Unit) -> dict[tuple[str, int, str], Decimal]:
    sums: dict[tuple[str, int, str], Decimal] = {}
    for change in ledgers.changes:
        for side in change.sides:
            key = (side.appropriation, side.year, "changes")
            sums[key] = sums.get(key, ZERO) + change.unit.convert(side.amount, unit)
    for spent in ledgers.spending:
        key = (spent.appropriation, spent.year, "spent")
        sums[key] = sums.get(key, ZERO) + spent.unit.convert(spent.amount, unit)
    return sums


def _expiry_text(expiry: Expiry | None) -> str | None:
    if expiry is None:
        return None
    return str(expiry.year) if expiry.kind is ExpiryKind.YEAR else expiry.kind.value


def _extensions(ledgers: LedgerSet) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for change in sorted(ledgers.changes, key=lambda c: (c.location.file, c.location.line)):
        if change.appropriation is not None and change.expires is not None:
            found[change.appropriation] = _expiry_text(change.expires)
    return found


def followup_changes(old: LedgerSet, new: LedgerSet, unit: Unit) -> tuple[FollowupChange, ...]:
    """Every sum of changes or spending per appropriation and year, and every expiry from a
    forlængelse, that differs from ``old`` to ``new``; by id, year and figure."""
    before, after = _sums(old, unit), _sums(new, unit)
    found = [
        FollowupChange(
            appropriation=key[0],
            year=key[1],
            what=key[2],
            old=before.get(key, ZERO),
            new=after.get(key, ZERO),
        )
        for key in {*before, *after}
        if before.get(key, ZERO) != after.get(key, ZERO)
    ]
    old_expiry, new_expiry = _extensions(old), _extensions(new)
    found += [
        FollowupChange(
            appropriation=ident,
            year=None,
            what="expires",
            old=old_expiry.get(ident),
            new=new_expiry.get(ident),
        )
        for ident in {*old_expiry, *new_expiry}
        if old_expiry.get(ident) != new_expiry.get(ident)
    ]
    order = {"changes": 0, "spent": 1, "expires": 2}
    return tuple(sorted(found, key=lambda c: (c.appropriation, c.year or 0, order[c.what])))


def followup_lines(
    changes: Iterable[FollowupChange], unit_label: str, markdown: bool, locale: str
) -> list[str]:
    """The section of the diff about changes and spending (empty when nothing differs)."""
    from bevilling.i18n.formatting import format_amount

    changes = list(changes)
    if not changes:
        return []
    heading = _("Changes and spending ({unit})", locale=locale, unit=unit_label)
    lines = [f"### {heading}" if markdown else f"{heading}:"]
    if markdown:
        lines += [
            "| | " + " | ".join(_(word, locale=locale) for word in COLUMNS) + " |",
            "| --- | ---: | ---: | ---: |",
        ]

    def text(value: Decimal | str | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, Decimal):
            return format_amount(value, locale)
        return value

    for c in changes:
        what = _(WHAT[c.what], locale=locale)
        ident = (
            markdown_text(c.appropriation) if markdown else visible(c.appropriation, one_line=True)
        )
        label = f"{ident} {c.year}: {what}" if c.year is not None else f"{ident}: {what}"
        old, new = text(c.old), text(c.new)
        delta = ""
        if isinstance(c.old, Decimal) and isinstance(c.new, Decimal):
            difference = c.new - c.old
            delta = ("+" if difference > 0 else "") + format_amount(difference, locale)
        if markdown:
            lines.append(f"| {label} | {old} | {new} | {delta} |")
        else:
            word = _(COLUMNS[2], locale=locale)
            change = f" ({word} {delta})" if delta else ""
            lines.append(f"  {label}: {old} → {new}{change}")
    lines.append("")
    return lines


def followup_record(change: FollowupChange) -> dict[str, Any]:
    """One change as JSON-ready values (amounts as decimal strings)."""

    def value(v: Decimal | str | None) -> str | None:
        return None if v is None else str(v)

    return {
        "appropriation": change.appropriation,
        "year": change.year,
        "what": change.what,
        "old": value(change.old),
        "new": value(change.new),
    }
