"""The rendering of a :class:`~bevilling.interop.diff.LedgerDiff`: text, Markdown, JSON.

:func:`render_diff` returns a string (it prints nothing).  Text from the ledgers is made safe
for each output with :mod:`bevilling.core.text`: the text form shows control characters as
visible escapes and keeps every item on one line (a title with a line break cannot forge
another item); the Markdown form (a pull-request comment) escapes every character that would
make markup, HTML or a new line, so a title cannot add a heading, a table column or a script.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from bevilling.core.model import Unit
from bevilling.core.text import markdown_text, visible
from bevilling.i18n.catalogs import N_, catalog
from bevilling.interop.diff import (
    TOTAL_UNIT,
    AcceptanceChange,
    AppropriationChange,
    FieldChange,
    LedgerDiff,
    TotalChange,
    has_written_id,
)
from bevilling.interop.diff_followup import followup_lines, followup_record

_, _n = catalog(__name__)

__all__ = ["DIFF_FORMATS", "render_diff"]

#: The formats :func:`render_diff` writes.
DIFF_FORMATS = ("text", "markdown", "json")

_STATUS_WORDS = {"added": N_("Added"), "removed": N_("Removed"), "changed": N_("Changed")}

#: The name of each compared field as the diff shows it (``amount:`` / ``beløb:``).
_FIELD_NAMES = {
    # TRANSLATORS: the names of an appropriation's fields in the diff, lower case, e.g.
    # "amount: 1.200 t.kr. → 1.500 t.kr.".
    "amount": N_("amount"),
    "expires": N_("expires"),
    "profile": N_("profile"),
    "source": N_("source"),
    "title": N_("title"),
    "target_group": N_("target group"),
    "organisation": N_("organisation"),
    "description": N_("description"),
    "committee": N_("committee"),
    "appropriation_no": N_("appropriation no."),
    "function": N_("function"),
    "category": N_("category"),
    "table": N_("table"),
    "phase": N_("phase"),
    "price_level": N_("price level"),
    "unit": N_("unit"),
}


def render_diff(result: LedgerDiff, format: str = "text", *, locale: str | None = None) -> str:
    """The diff as ``text`` (default), ``markdown`` (a pull-request comment) or ``json``, in
    ``locale`` (default: the current one); the JSON's keys and values are the same in both."""
    if format == "json":
        return json.dumps(_record(result), ensure_ascii=False, indent=2) + "\n"
    from bevilling.i18n.catalogs import current_locale

    locale = locale or current_locale()
    markdown = format == "markdown"
    heading = _("Changes to appropriations", locale=locale)
    lines: list[str] = [f"## {heading}"] if markdown else []
    if result.empty:
        lines.append(_("No changes to the appropriations.", locale=locale))
        return "\n".join(lines) + "\n"
    for status in ("added", "removed", "changed"):
        group = result.of(status)
        if not group:
            continue
        word = _(_STATUS_WORDS[status], locale=locale)
        lines.append(f"### {word} ({len(group)})" if markdown else f"{word}:")
        for change in group:
            lines.extend(_change_lines(change, markdown, locale))
        lines.append("")
    lines.extend(_accepted_lines(result.accepted, markdown, locale))
    lines.extend(followup_lines(result.followup, _unit(TOTAL_UNIT, locale), markdown, locale))
    if result.tables:
        word = _("Tables", locale=locale)
        lines.append(f"### {word}" if markdown else f"{word}:")
        lines.extend(_total_lines(result.tables, markdown, locale))
        lines.append("")
    heading = _("Totals ({unit})", locale=locale, unit=_unit(TOTAL_UNIT, locale))
    lines.append(f"### {heading}" if markdown else f"{heading}:")
    lines.extend(_total_lines(result.totals, markdown, locale, phases=True))
    return "\n".join(lines).rstrip("\n") + "\n"


def _unit(unit: Unit, locale: str) -> str:
    from bevilling.i18n.formatting import unit_abbreviation

    return unit_abbreviation(unit.value, locale)


def _amount(value: Decimal, unit: Unit, locale: str, *, signed: bool = False) -> str:
    from bevilling.i18n.formatting import format_amount

    text = format_amount(value, locale)
    if signed and value > 0:
        text = "+" + text
    return f"{text} {_unit(unit, locale)}"


#: Fields whose values the renderer formats itself (numbers, years, fixed phrases).
_FORMATTED = frozenset({"amount", "expires", "profile", "category", "phase"})


def _one_line(text: str) -> str:
    """Ledger text for one line of the text form: control characters and breaks as escapes."""
    return visible(text, one_line=True)


def _code(text: str) -> str:
    """``text`` as a Markdown code span, whatever backticks it holds (CommonMark's rule: a
    fence longer than any run of backticks inside); breaks and controls made visible."""
    text = visible(text, one_line=True)
    longest, run = 0, 0
    for character in text:
        run = run + 1 if character == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    padding = " " if longest else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def _change_lines(change: AppropriationChange, markdown: bool, locale: str) -> list[str]:
    entry = change.entry
    a = entry.appropriation
    unit = entry.ledger.unit
    where = f"{a.location.file}:{a.location.line}"
    written_id = has_written_id(entry)
    amount = _amount(a.amount, unit, locale)
    if markdown:
        head = (
            f"{markdown_text(a.id)}: {markdown_text(a.title)}"
            if written_id
            else (markdown_text(a.title))
        )
        first = f"- **{head}** ({markdown_text(entry.table.name)}, {amount}, {_code(where)})"
    else:
        head = f"{a.id}: {a.title}" if written_id else a.title
        sign = "+" if change.status == "added" else "-" if change.status == "removed" else "~"
        first = f"  {sign} {_one_line(head)} ({_one_line(entry.table.name)}, {amount})"
        first += f" [{_one_line(where)}]"
    lines = [first]
    for field in change.fields:
        old, new = _field_value(field, field.old, locale), _field_value(field, field.new, locale)
        name = _(_FIELD_NAMES[field.field], locale=locale)
        if markdown:
            if field.field not in _FORMATTED:  # ledger text; amounts and years are ours
                old, new = markdown_text(old), markdown_text(new)
            lines.append(f"  - {name}: {old} → {new}")
        else:
            lines.append(f"      {name}: {_one_line(old)} → {_one_line(new)}")
    return lines


def _accepted_lines(
    changes: tuple[AcceptanceChange, ...], markdown: bool, locale: str
) -> list[str]:
    """The section of the diff about ``accepted:`` entries (empty when none changed): each
    entry's code and keys, its ledger and its reason (before and after, when rewritten)."""
    if not changes:
        return []
    heading = _("Accepted findings", locale=locale)
    lines = [f"### {heading} ({len(changes)})" if markdown else f"{heading}:"]
    for change in changes:
        keys = _acceptance_keys(change)
        if change.status == "changed" and change.old_reason is not None:
            old, new = change.old_reason, change.entry.reason
            if markdown:
                reason = _(
                    "reason: {old} → {new}",
                    locale=locale,
                    old=markdown_text(" ".join(old.split())),
                    new=markdown_text(" ".join(new.split())),
                )
            else:
                reason = _(
                    "reason: {old} → {new}",
                    locale=locale,
                    old=_one_line(" ".join(old.split())),
                    new=_one_line(" ".join(new.split())),
                )
        else:
            text = " ".join(change.entry.reason.split())
            reason = markdown_text(text) if markdown else _one_line(text)
        if markdown:
            word = _(_STATUS_WORDS[change.status], locale=locale).lower()
            ledger = markdown_text(change.ledger)
            lines.append(f"- {word}: {_code(keys)} ({ledger}): {reason}")
        else:
            sign = "+" if change.status == "added" else "-" if change.status == "removed" else "~"
            lines.append(f"  {sign} {_one_line(keys)} ({_one_line(change.ledger)}): {reason}")
    lines.append("")
    return lines


def _acceptance_keys(change: AcceptanceChange) -> str:
    """``code: total-mismatch, table: "Tabel 1", stated: 48779, sum: 47579``: the keys of an
    entry that decide what it accepts, as a ledger writes them (plain notation)."""
    from bevilling.write import quote

    entry = change.entry
    keys = [f"code: {quote(entry.code)}"]
    if entry.table is not None:
        keys.append(f"table: {quote(entry.table)}")
    if entry.appropriation is not None:
        keys.append(f"appropriation: {quote(entry.appropriation)}")
    if entry.year is not None:
        keys.append(f"year: {entry.year}")
    for key, value in (("stated", entry.stated), ("sum", entry.summed)):
        if value is not None:
            keys.append(f"{key}: {value}")
    if entry.named is not None:
        keys.append("named: [" + ", ".join(map(str, entry.named)) + "]")
    if entry.amount is not None:
        keys.append(f"amount: {entry.amount}")
    return ", ".join(keys)


def _field_value(field: FieldChange, value: str | None, locale: str) -> str:
    if value is None:
        return "–"
    if field.field == "expires" and value in {"open", "declining"}:
        from bevilling.i18n.formatting import label

        return label(value, locale)
    if field.field == "phase" and value in {"approved", "proposed"}:
        from bevilling.i18n.formatting import label

        return label(value, locale)
    if field.field == "amount":
        number, _space, unit = value.partition(" ")
        return _amount(Decimal(number), Unit(unit), locale)
    if field.field == "profile" and value:
        from bevilling.i18n.formatting import format_amount

        pairs = [pair.split(": ") for pair in value.split(", ")]
        return "; ".join(
            f"{year}: {format_amount(Decimal(amount), locale)}" for year, amount in pairs
        )
    return value


def _total_lines(
    totals: Iterable[TotalChange], markdown: bool, locale: str, *, phases: bool = False
) -> list[str]:
    from bevilling.i18n.formatting import label as report_label

    lines = []
    if markdown:
        before, after, change = (
            _("before", locale=locale),
            _("after", locale=locale),
            _("change", locale=locale),
        )
        lines.append(f"| | {before} | {after} | {change} |")
        lines.append("| --- | ---: | ---: | ---: |")
    for total in totals:
        label = report_label(total.label, locale) if phases else total.label
        if total.price_level is not None:
            label = _("{label} ({year} p/l)", locale=locale, label=label, year=total.price_level)
        if markdown and total.table is not None and total.ledger is not None:
            label = f"{markdown_text(total.table)} ({markdown_text(total.ledger)})"
        elif markdown:
            label = markdown_text(label)
        else:
            label = _one_line(label)
        old = _amount(total.old, total.unit, locale)
        new = _amount(total.new, total.unit, locale)
        change = _amount(total.change, total.unit, locale, signed=True)
        stated = ""
        if total.old_stated != total.new_stated:
            before = (
                _amount(total.old_stated, total.unit, locale)
                if total.old_stated is not None
                else "–"
            )
            after = (
                _amount(total.new_stated, total.unit, locale)
                if total.new_stated is not None
                else "–"
            )
            stated = " " + _(
                "(stated total: {before} → {after})", locale=locale, before=before, after=after
            )
        if markdown:
            lines.append(f"| {label}{stated} | {old} | {new} | {change} |")
        else:
            changed = _("(change {change})", locale=locale, change=change)
            lines.append(f"  {label}: {old} → {new} {changed}{stated}")
    return lines


def _record(result: LedgerDiff) -> dict[str, Any]:
    from bevilling.reports import entry_record

    def total(t: TotalChange) -> dict[str, Any]:
        return {
            "label": t.label,
            "price_level": t.price_level,
            "unit": t.unit.value,
            "old": str(t.old),
            "new": str(t.new),
            "change": str(t.change),
            "old_stated": None if t.old_stated is None else str(t.old_stated),
            "new_stated": None if t.new_stated is None else str(t.new_stated),
        }

    return {
        "changes": [
            {
                "status": c.status,
                "key": c.key,
                "old": entry_record(c.old) if c.old else None,
                "new": entry_record(c.new) if c.new else None,
                "fields": [{"field": f.field, "old": f.old, "new": f.new} for f in c.fields],
                "amount_change": str(c.amount_change),
                "amount_change_unit": TOTAL_UNIT.value,
            }
            for c in result.changes
        ],
        "tables": [total(t) for t in result.tables],
        "totals": [total(t) for t in result.totals],
        "followup": [followup_record(c) for c in result.followup],
        "accepted": [
            {
                "status": c.status,
                "ledger": c.ledger,
                "code": c.entry.code,
                "table": c.entry.table,
                "appropriation": c.entry.appropriation,
                "year": c.entry.year,
                "stated": None if c.entry.stated is None else str(c.entry.stated),
                "sum": None if c.entry.summed is None else str(c.entry.summed),
                "named": None if c.entry.named is None else [str(n) for n in c.entry.named],
                "amount": None if c.entry.amount is None else str(c.entry.amount),
                "reason": c.entry.reason,
                "old_reason": c.old_reason,
            }
            for c in result.accepted
        ],
    }
