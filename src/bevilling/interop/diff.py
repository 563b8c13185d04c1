"""What a change to the ledgers means: appropriations added, removed and changed, and totals.

:func:`diff` compares two :class:`~bevilling.core.model.LedgerSet` values (pure: no I/O);
:func:`git_ledger_texts` reads the ledger files of a git revision (the only I/O here, kept
apart); :func:`render_diff` renders the result as text, Markdown (for a pull-request comment)
or JSON.

Appropriations are matched by their written ``id``; rows without one (whose id the loader
derives from their position, ``<file>:<table>.<row>``, which shifts when a row is inserted) are
matched by table, title and organisation instead.  Amounts are compared by value in kroner, so
rewriting a ledger from ``1000 DKK`` to ``mio DKK`` is not a change of money.  Table totals are
the sums of the rows; the grand totals are per phase (approved money and proposals are never
added together) and in one unit, 1.000 kr.
"""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Any

import attrs

from bevilling.core.model import Appropriation, Entry, ExpiryKind, Ledger, LedgerSet, Phase, Unit
from bevilling.core.money import ZERO
from bevilling.core.problems import BevillingError, Problem

__all__ = [
    "DIFF_FORMATS",
    "TOTAL_UNIT",
    "AppropriationChange",
    "FieldChange",
    "GitError",
    "LedgerDiff",
    "TotalChange",
    "diff",
    "git_ledger_texts",
    "render_diff",
]

#: The unit grand totals are given in.
TOTAL_UNIT = Unit.THOUSAND_DKK

#: The formats :func:`render_diff` writes.
DIFF_FORMATS = ("text", "markdown", "json")

#: The fields compared, in the order changes are listed.
COMPARED = (
    "amount", "expires", "profile", "source", "title", "target_group", "organisation",
    "description", "committee", "appropriation_no", "function", "category", "table", "phase",
    "unit",
)  # fmt: skip


@attrs.frozen
class FieldChange:
    """One field of an appropriation that differs between the old and the new ledgers."""

    field: str
    """The field's name as in the ledger format (``amount``, ``expires``, ``profile``, …)."""
    old: str | None
    """The old value as text (amounts with their unit), or None when absent."""
    new: str | None
    """The new value as text, or None when absent."""


@attrs.frozen(kw_only=True)
class AppropriationChange:
    """An appropriation added, removed or changed."""

    status: str
    """``added``, ``removed`` or ``changed``."""
    key: str
    """What it was matched by: its id, or ``table / title / organisation``."""
    old: Entry | None
    """The appropriation before (None when added)."""
    new: Entry | None
    """The appropriation after (None when removed)."""
    fields: tuple[FieldChange, ...] = ()
    """The fields that changed (for ``changed``)."""
    amount_change: Decimal = ZERO
    """New minus old amount, in :data:`TOTAL_UNIT`."""

    @property
    def entry(self) -> Entry:
        """The newest version of the appropriation."""
        entry = self.new or self.old
        assert entry is not None  # noqa: S101 - one of the two is always set
        return entry


@attrs.frozen(kw_only=True)
class TotalChange:
    """A sum before and after: of one table's rows, or a grand total per phase."""

    label: str
    """The table's name (with the ledger's title), or the phase for a grand total."""
    unit: Unit
    """The unit of ``old`` and ``new``."""
    old: Decimal
    """The sum before (0 when the table is new)."""
    new: Decimal
    """The sum after (0 when the table was removed)."""
    old_stated: Decimal | None = None
    """The printed total before, for a table."""
    new_stated: Decimal | None = None
    """The printed total after, for a table."""

    @property
    def change(self) -> Decimal:
        """New minus old."""
        return self.new - self.old


@attrs.frozen(kw_only=True)
class LedgerDiff:
    """The difference between two sets of ledgers."""

    changes: tuple[AppropriationChange, ...]
    """Every appropriation added, removed or changed, in the new ledgers' order."""
    tables: tuple[TotalChange, ...]
    """Every table whose sum or printed total changed."""
    totals: tuple[TotalChange, ...]
    """The grand total per phase, in :data:`TOTAL_UNIT` (phases present on either side)."""

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return not self.changes and not self.tables

    def of(self, status: str) -> tuple[AppropriationChange, ...]:
        """The changes with this status."""
        return tuple(c for c in self.changes if c.status == status)


# --- comparing -------------------------------------------------------------------------------

_DERIVED_ID = re.compile(r":[0-9]+\.[0-9]+\Z")


def _has_written_id(entry: Entry) -> bool:
    stem = PurePath(entry.appropriation.location.file).stem
    derived = entry.appropriation.id.startswith(f"{stem}:") and _DERIVED_ID.search(
        entry.appropriation.id
    )
    return not derived


def _keyed(ledgers: LedgerSet) -> dict[str, Entry]:
    """Each appropriation under its matching key; repeated keys get ``#2``, ``#3``."""
    keyed: dict[str, Entry] = {}
    for entry in ledgers.entries():
        a = entry.appropriation
        if _has_written_id(entry):
            key = a.id
        else:
            key = " / ".join(part for part in (entry.table.name, a.title, a.organisation) if part)
        unique, number = key, 1
        while unique in keyed:
            number += 1
            unique = f"{key} #{number}"
        keyed[unique] = entry
    return keyed


def _in_kroner(entry: Entry, amount: Decimal) -> Decimal:
    return entry.ledger.unit.convert(amount, Unit.DKK)


def _amount_text(amount: Decimal, unit: Unit) -> str:
    return f"{amount} {unit.value}"


def _expiry_text(a: Appropriation) -> str:
    return str(a.expiry.year) if a.expiry.kind is ExpiryKind.YEAR else a.expiry.kind.value


def _profile_text(entry: Entry) -> str | None:
    profile = entry.appropriation.profile
    if profile is None:
        return None
    return ", ".join(f"{year}: {amount}" for year, amount in profile.items())


def _fields(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    a, b = old.appropriation, new.appropriation
    changes = []
    for field in COMPARED:
        if field == "amount":
            same = _in_kroner(old, a.amount) == _in_kroner(new, b.amount)
            before = _amount_text(a.amount, old.ledger.unit)
            after = _amount_text(b.amount, new.ledger.unit)
        elif field == "expires":
            before, after = _expiry_text(a), _expiry_text(b)
            same = before == after
        elif field == "profile":
            same = _profile_kroner(old) == _profile_kroner(new)
            before, after = _profile_text(old) or "", _profile_text(new) or ""
        elif field == "category":
            before, after = a.category.value, b.category.value
            same = before == after
        elif field == "table":
            before, after = old.table.name, new.table.name
            same = before == after
        elif field == "phase":
            before, after = old.ledger.phase.value, new.ledger.phase.value
            same = before == after
        elif field == "unit":
            continue  # a unit change alone is no change of money: amounts are compared in kr.
        else:
            before, after = getattr(a, field), getattr(b, field)
            same = before == after
        if not same:
            changes.append(FieldChange(field, before or None, after or None))
    return tuple(changes)


def _profile_kroner(entry: Entry) -> dict[int, Decimal] | None:
    profile = entry.appropriation.profile
    if profile is None:
        return None
    return {year: _in_kroner(entry, amount) for year, amount in profile.items()}


def _total_unit(entry: Entry, amount: Decimal) -> Decimal:
    return entry.ledger.unit.convert(amount, TOTAL_UNIT)


def diff(old: LedgerSet, new: LedgerSet) -> LedgerDiff:
    """What changed from ``old`` to ``new``: appropriations, table sums, grand totals."""
    before, after = _keyed(old), _keyed(new)
    changes: list[AppropriationChange] = []
    for key, entry in after.items():
        previous = before.get(key)
        if previous is None:
            changes.append(
                AppropriationChange(
                    status="added",
                    key=key,
                    old=None,
                    new=entry,
                    amount_change=_total_unit(entry, entry.appropriation.amount),
                )
            )
            continue
        fields = _fields(previous, entry)
        if fields:
            changes.append(
                AppropriationChange(
                    status="changed",
                    key=key,
                    old=previous,
                    new=entry,
                    fields=fields,
                    amount_change=_total_unit(entry, entry.appropriation.amount)
                    - _total_unit(previous, previous.appropriation.amount),
                )
            )
    for key, entry in before.items():
        if key not in after:
            changes.append(
                AppropriationChange(
                    status="removed",
                    key=key,
                    old=entry,
                    new=None,
                    amount_change=-_total_unit(entry, entry.appropriation.amount),
                )
            )
    return LedgerDiff(changes=tuple(changes), tables=_tables(old, new), totals=_totals(old, new))


def _table_sums(
    ledgers: LedgerSet,
) -> dict[tuple[str, str], tuple[Ledger, Decimal, Decimal | None]]:
    sums = {}
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            total = sum((a.amount for a in table.appropriations), ZERO)
            sums[(ledger.title, table.name)] = (ledger, total, table.stated_total)
    return sums


def _tables(old: LedgerSet, new: LedgerSet) -> tuple[TotalChange, ...]:
    before, after = _table_sums(old), _table_sums(new)
    changes = []
    for key in [*after, *(k for k in before if k not in after)]:
        old_ledger, old_sum, old_stated = before.get(key, (None, ZERO, None))
        new_ledger, new_sum, new_stated = after.get(key, (None, ZERO, None))
        unit = (new_ledger or old_ledger).unit  # type: ignore[union-attr]
        if old_ledger is not None and old_ledger.unit is not unit:
            old_sum = old_ledger.unit.convert(old_sum, unit)
            if old_stated is not None:
                old_stated = old_ledger.unit.convert(old_stated, unit)
        in_both = old_ledger is not None and new_ledger is not None
        if in_both and old_sum == new_sum and old_stated == new_stated:
            continue
        changes.append(
            TotalChange(
                label=f"{key[1]} ({key[0]})",
                unit=unit,
                old=old_sum,
                new=new_sum,
                old_stated=old_stated,
                new_stated=new_stated,
            )
        )
    return tuple(changes)


def _totals(old: LedgerSet, new: LedgerSet) -> tuple[TotalChange, ...]:
    def sums(ledgers: LedgerSet) -> dict[Phase, Decimal]:
        result: dict[Phase, Decimal] = {}
        for entry in ledgers.entries():
            phase = entry.ledger.phase
            amount = _total_unit(entry, entry.appropriation.amount)
            result[phase] = result.get(phase, ZERO) + amount
        return result

    before, after = sums(old), sums(new)
    return tuple(
        TotalChange(
            label=phase.value,
            unit=TOTAL_UNIT,
            old=before.get(phase, ZERO),
            new=after.get(phase, ZERO),
        )
        for phase in Phase
        if phase in before or phase in after
    )


# --- git -------------------------------------------------------------------------------------


class GitError(BevillingError):
    """A git command failed (not a repository, an unknown revision, git not installed)."""


def git_ledger_texts(
    revision: str, paths: Sequence[str], *, cwd: str | None = None
) -> dict[str, str]:
    """The text of every ``*.yaml``/``*.yml`` file below ``paths`` at git ``revision``.

    Paths are relative to ``cwd`` (default: the current directory), as ``git ls-tree`` shows
    them.  Raises :class:`GitError` with git's message when git fails.
    """
    listing = _git(["ls-tree", "-r", "--name-only", revision, "--", *paths], cwd)
    files = [line for line in listing.splitlines() if line.endswith((".yaml", ".yml"))]
    return {file: _git(["show", f"{revision}:./{file}"], cwd) for file in sorted(files)}


def _git(arguments: list[str], cwd: str | None) -> str:
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments passed as a list
            ["git", *arguments],  # noqa: S607 - git is found on PATH like any user's git
            cwd=cwd,
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise GitError(f"cannot run git: {error}") from None
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {arguments[0]} failed: {message}")
    return result.stdout.decode("utf-8", "replace")


def load_texts(texts: Mapping[str, str]) -> LedgerSet:
    """Load ledgers from ``path → text`` (e.g. :func:`git_ledger_texts`) into one set."""
    from bevilling.read import load_string

    ledgers: list[Ledger] = []
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    for file, text in texts.items():
        loaded = load_string(text, file)
        ledgers.extend(loaded.ledgers)
        problems.extend(loaded.problems)
        sources.update(loaded.sources)
    return LedgerSet(ledgers=tuple(ledgers), problems=tuple(problems), sources=sources)


# --- rendering -------------------------------------------------------------------------------

_PHASE_LABELS = {
    "da": {"approved": "vedtaget", "proposed": "forslag"},
    "en": {"approved": "approved", "proposed": "proposed"},
}
_WORDS = {
    "da": {
        "added": "Tilføjet", "removed": "Fjernet", "changed": "Ændret", "tables": "Tabeller",
        "totals": "I alt", "nothing": "Ingen ændringer i bevillingerne.", "sum": "sum",
        "stated": "trykt i alt", "change": "ændring",
    },
    "en": {
        "added": "Added", "removed": "Removed", "changed": "Changed", "tables": "Tables",
        "totals": "Totals", "nothing": "No changes to the appropriations.", "sum": "sum",
        "stated": "stated total", "change": "change",
    },
}  # fmt: skip
_UNIT_LABELS = {
    "da": {Unit.DKK: "kr.", Unit.THOUSAND_DKK: "t.kr.", Unit.MILLION_DKK: "mio. kr."},
    "en": {Unit.DKK: "DKK", Unit.THOUSAND_DKK: "DKK 1,000", Unit.MILLION_DKK: "DKK m"},
}


def render_diff(result: LedgerDiff, format: str = "text", *, locale: str = "da") -> str:
    """The diff as ``text`` (default), ``markdown`` (a pull-request comment) or ``json``."""
    if format == "json":
        return json.dumps(_record(result), ensure_ascii=False, indent=2) + "\n"
    markdown = format == "markdown"
    words = _WORDS[locale]
    lines: list[str] = ["## Ændringer i bevillinger" if locale == "da" and markdown else
                        "## Changes to appropriations" if markdown else ""]  # fmt: skip
    lines = [line for line in lines if line]
    if result.empty:
        lines.append(words["nothing"])
        return "\n".join(lines) + "\n"
    for status in ("added", "removed", "changed"):
        group = result.of(status)
        if not group:
            continue
        lines.append(f"### {words[status]} ({len(group)})" if markdown else f"{words[status]}:")
        for change in group:
            lines.extend(_change_lines(change, markdown, locale))
        lines.append("")
    if result.tables:
        lines.append(f"### {words['tables']}" if markdown else f"{words['tables']}:")
        lines.extend(_total_lines(result.tables, markdown, locale))
        lines.append("")
    lines.append(
        f"### {words['totals']} ({_UNIT_LABELS[locale][TOTAL_UNIT]})"
        if markdown
        else f"{words['totals']} ({_UNIT_LABELS[locale][TOTAL_UNIT]}):"
    )
    lines.extend(_total_lines(result.totals, markdown, locale, phases=True))
    return "\n".join(lines).rstrip("\n") + "\n"


def _amount(value: Decimal, unit: Unit, locale: str, *, signed: bool = False) -> str:
    from bevilling.i18n.formatting import format_amount

    text = format_amount(value, locale)
    if signed and value > 0:
        text = "+" + text
    return f"{text} {_UNIT_LABELS[locale][unit]}"


def _change_lines(change: AppropriationChange, markdown: bool, locale: str) -> list[str]:
    entry = change.entry
    a = entry.appropriation
    unit = entry.ledger.unit
    where = f"{a.location.file}:{a.location.line}"
    head = f"{a.id}: {a.title}" if _has_written_id(entry) else a.title
    amount = _amount(a.amount, unit, locale)
    if markdown:
        head = f"**{_md(head)}** ({_md(entry.table.name)}, {amount}, `{where}`)"
        first = f"- {head}"
    else:
        first = (
            f"  {'+' if change.status == 'added' else '-' if change.status == 'removed' else '~'}"
        )
        first += f" {head} ({entry.table.name}, {amount}) [{where}]"
    lines = [first]
    for field in change.fields:
        old, new = _field_value(field, field.old, locale), _field_value(field, field.new, locale)
        if markdown:
            lines.append(f"  - {field.field}: {_md(old)} → {_md(new)}")
        else:
            lines.append(f"      {field.field}: {old} → {new}")
    return lines


def _field_value(field: FieldChange, value: str | None, locale: str) -> str:
    if value is None:
        return "–"
    if field.field == "expires" and value in {"open", "declining"}:
        from bevilling.write import EXPIRY_PHRASES

        return EXPIRY_PHRASES[ExpiryKind(value)] if locale == "da" else value
    if field.field == "amount":
        number, _, unit = value.partition(" ")
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
    words = _WORDS[locale]
    lines = []
    if markdown:
        lines.append(
            "| | før | efter | ændring |" if locale == "da" else "| | before | after | change |"
        )
        lines.append("| --- | ---: | ---: | ---: |")
    for total in totals:
        label = _PHASE_LABELS[locale][total.label] if phases else total.label
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
            stated = f" ({words['stated']}: {before} → {after})"
        if markdown:
            lines.append(f"| {_md(label)}{_md(stated)} | {old} | {new} | {change} |")
        else:
            lines.append(f"  {label}: {old} → {new} ({words['change']} {change}){stated}")
    return lines


def _md(text: str) -> str:
    """Text safe inside a Markdown table or emphasis: pipes, stars, underscores escaped."""
    return re.sub(r"([\\|*_`\[\]<>])", r"\\\1", text)


def _record(result: LedgerDiff) -> dict[str, Any]:
    from bevilling.reports import entry_record

    def total(t: TotalChange) -> dict[str, Any]:
        return {
            "label": t.label,
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
    }
