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
    AppropriationChange,
    AuditChange,
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
    lines.extend(followup_lines(result.followup, _unit(TOTAL_UNIT, locale), markdown, locale))
    lines.extend(_audit_lines(result, markdown, locale))
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


def _audit_lines(result: LedgerDiff, markdown: bool, locale: str) -> list[str]:
    """The section on what ``bevilling check`` is told and finds: the error counts when they
    changed, ``accepted:`` entries added and removed, declarations changed."""
    errors = result.errors if result.errors and result.errors[0] != result.errors[1] else None
    if errors is None and not result.audit:
        return []
    word = _("Check", locale=locale)
    lines = [f"### {word}" if markdown else f"{word}:"]
    bullet = "- " if markdown else "  "
    if errors is not None:
        lines.append(
            bullet
            + _(
                "errors `bevilling check` finds: {before} → {after}",
                locale=locale, before=errors[0], after=errors[1],
            )
        )  # fmt: skip
    lines.extend(bullet + _audit_line(change, markdown, locale) for change in result.audit)
    lines.append("")
    return lines


def _audit_line(change: AuditChange, markdown: bool, locale: str) -> str:
    def text(value: str) -> str:
        return markdown_text(value) if markdown else _one_line(value)

    def value(figure: str | None) -> str:
        if figure is None:
            return "–"
        return _code(figure) if markdown else _one_line(figure)

    if change.status == "added":
        return _(
            "accepted finding added in {ledger}: {entry}",
            locale=locale, ledger=text(change.ledger), entry=value(change.new),
        )  # fmt: skip
    if change.status == "removed":
        return _(
            "accepted finding removed from {ledger}: {entry}",
            locale=locale, ledger=text(change.ledger), entry=value(change.old),
        )  # fmt: skip
    place = (
        _(
            "{table} in {ledger}",
            locale=locale,
            table=text(change.table),
            ledger=text(change.ledger),
        )
        if change.table is not None
        else text(change.ledger)
    )
    key = _code(change.key) if markdown else f"`{change.key}`"
    return _(
        "{key} of {place}: {before} → {after}",
        locale=locale, key=key, place=place, before=value(change.old), after=value(change.new),
    )  # fmt: skip


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
        "audit": [
            {
                "status": c.status,
                "ledger": c.ledger,
                "key": c.key,
                "table": c.table,
                "old": c.old,
                "new": c.new,
            }
            for c in result.audit
        ],
        "errors": (
            None if result.errors is None else {"old": result.errors[0], "new": result.errors[1]}
        ),
    }
