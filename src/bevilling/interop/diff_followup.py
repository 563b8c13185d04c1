"""What a change to the change and spending files means, for ``bevilling diff``.

:func:`followup_changes` compares, per appropriation and year, the sum of the changes in force
and of the spending (in kroner, given in :data:`~bevilling.interop.diff.TOTAL_UNIT`), per
appropriation the expiry its forlængelser give, and the texts of each change record
(``decision:``, ``note:``); :func:`followup_lines` renders them for the text and Markdown forms
of the diff.

Change records have no id, so a record of the new files is matched with its old self: first
records alike in every field drop out, then records with the same kind and figures (sides,
years, amounts, expiry) are paired in file order, then the one record left of a kind for an
appropriation on each side (its figures changed too). A text that differs between a pair is
shown; a record with no partner (added or removed) shows in the sums.  Spending records have
no text fields.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

import attrs

from bevilling.core.model import Change, Expiry, ExpiryKind, LedgerSet, Unit
from bevilling.core.money import ZERO
from bevilling.core.text import markdown_text, visible
from bevilling.i18n.catalogs import N_, catalog

_, _n = catalog(__name__)

__all__ = ["FollowupChange", "followup_changes", "followup_lines", "followup_record"]

#: The figures compared, and what the diff calls them.
WHAT = {
    "changes": N_("changes"),
    "spent": N_("spending"),
    "expires": N_("expiry"),
    "decision": N_("decision"),
    "note": N_("note"),
}
#: The kinds of change, as the diff names them (the ledger's words are Danish).
KINDS = {
    "tillægsbevilling": N_("supplementary appropriation"),
    "omplacering": N_("reallocation"),
    "overførsel": N_("carry-over"),
    "forlængelse": N_("extension"),
}
#: The text fields of a change record that the diff compares.
TEXTS = ("decision", "note")
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
    """``changes`` (the sum of the changes in force), ``spent``, ``expires`` (the expiry
    the forlængelser give; None without one), or ``decision`` or ``note``, a text of one
    change record."""
    old: Decimal | str | None
    """Before: an amount in the diff's unit, an expiry, or a text as written (None: none)."""
    new: Decimal | str | None
    """After."""
    kind: str | None = None
    """For ``decision`` and ``note``: the kind of the change record (``tillægsbevilling``,
    ``omplacering``, ``overførsel``, ``forlængelse``); None for the figures.  Its
    :attr:`appropriation` is then the appropriations the record is about (``D08, D09`` for an
    omplacering) and :attr:`year` its year (None when its sides are in different years)."""


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
    found += _text_changes(old, new, unit)
    order = {"changes": 0, "spent": 1, "expires": 2, "decision": 3, "note": 4}
    return tuple(
        sorted(found, key=lambda c: (c.appropriation, c.year or 0, order[c.what], c.kind or ""))
    )


def _about(change: Change) -> str:
    """The appropriations a change record is about: its own, else its sides' (in order)."""
    if change.appropriation is not None:
        return change.appropriation
    return ", ".join(dict.fromkeys(side.appropriation for side in change.sides))


def _figures(change: Change, unit: Unit) -> tuple[object, ...]:
    """What a change record does, in ``unit``: kind, appropriation, expiry and sides."""
    sides = sorted(
        (side.appropriation, side.year, change.unit.convert(side.amount, unit))
        for side in change.sides
    )
    return (change.kind.value, change.appropriation, _expiry_text(change.expires), *sides)


def _texts(change: Change) -> tuple[str | None, ...]:
    return tuple(getattr(change, field) for field in TEXTS)


def _in_order(ledgers: LedgerSet) -> list[Change]:
    return sorted(ledgers.changes, key=lambda c: (c.location.file, c.location.line))


def _text_changes(old: LedgerSet, new: LedgerSet, unit: Unit) -> list[FollowupChange]:
    """The texts of change records that differ between a record and its old self (see the
    module's docstring for how records are matched)."""
    before, after = _in_order(old), _in_order(new)
    pairs: list[tuple[Change, Change]] = []

    def unchanged(change: Change) -> object:
        return (_figures(change, unit), _texts(change))

    def same_figures(change: Change) -> object:
        return _figures(change, unit)

    alikes: tuple[Callable[[Change], object], ...] = (unchanged, same_figures)
    for alike in alikes:  # unchanged records drop out; then same figures pair in order
        waiting: dict[object, list[Change]] = {}
        for change in after:
            waiting.setdefault(alike(change), []).append(change)
        left: list[Change] = []
        for change in before:
            partners = waiting.get(alike(change))
            if partners:
                pairs.append((change, partners.pop(0)))
            else:
                left.append(change)
        before, after = left, [c for partners in waiting.values() for c in partners]
    # The figures changed too: paired when one record of its kind and appropriation is left.
    lone_before: dict[tuple[str, str], list[Change]] = {}
    lone_after: dict[tuple[str, str], list[Change]] = {}
    for changes, lone in ((before, lone_before), (after, lone_after)):
        for change in changes:
            lone.setdefault((change.kind.value, _about(change)), []).append(change)
    for key, olds in lone_before.items():
        news = lone_after.get(key, [])
        if len(olds) == 1 and len(news) == 1:
            pairs.append((olds[0], news[0]))
    found: list[FollowupChange] = []
    for was, now in pairs:
        years = {side.year for side in (*now.sides, *was.sides)}
        year = next(iter(years)) if len(years) == 1 else None
        found.extend(
            FollowupChange(
                appropriation=_about(now),
                year=year,
                what=field,
                old=getattr(was, field),
                new=getattr(now, field),
                kind=now.kind.value,
            )
            for field in TEXTS
            if getattr(was, field) != getattr(now, field)
        )
    return found


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

    def safe(text: str) -> str:
        return markdown_text(text) if markdown else visible(text, one_line=True)

    def text(value: Decimal | str | None, quoted: bool) -> str:
        if value is None:
            return "–"
        if isinstance(value, Decimal):
            return format_amount(value, locale)
        return f'"{safe(value)}"' if quoted else value

    for c in changes:
        what = _(WHAT[c.what], locale=locale)
        ident = safe(c.appropriation)
        if c.year is not None:
            ident = f"{ident} {c.year}"
        if c.kind is not None:
            ident += f" ({_(KINDS[c.kind], locale=locale) if c.kind in KINDS else safe(c.kind)})"
        label = f"{ident}: {what}"
        quoted = c.what in TEXTS
        old, new = text(c.old, quoted), text(c.new, quoted)
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
        "kind": change.kind,
    }
