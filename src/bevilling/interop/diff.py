"""What a change to the ledgers means: appropriations added, removed and changed, and totals.

:func:`diff` compares two :class:`~bevilling.core.model.LedgerSet` values (pure: no I/O).  The
rest of the feature lives beside it: :mod:`bevilling.interop.diff_render` renders the result as
text, Markdown (for a pull-request comment) or JSON, and :mod:`bevilling.interop.git` reads the
ledger files of a git revision (the only I/O, kept apart).

Appropriations are matched by their written ``id``; rows without one (whose id the loader
derives from their position, ``<file>:<table>.<row>``, which shifts when a row is inserted) are
matched by table, title and organisation instead.  Amounts are compared by value in kroner, so
rewriting a ledger from ``1000 DKK`` to ``mio DKK`` is not a change of money.  Table totals are
the sums of the rows; the grand totals are per phase (approved money and proposals are never
added together) and in one unit, 1.000 kr.
"""

from __future__ import annotations

import functools
import json
import operator
import re
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath

import attrs

from bevilling.core.model import (
    Acceptance,
    Appropriation,
    Entry,
    ExpiryKind,
    Ledger,
    LedgerSet,
    Phase,
    Profile,
    Table,
    Unit,
)
from bevilling.core.money import ZERO
from bevilling.interop.diff_followup import FollowupChange, followup_changes

__all__ = [
    "COMPARED",
    "TOTAL_UNIT",
    "AppropriationChange",
    "AuditChange",
    "FieldChange",
    "LedgerDiff",
    "TotalChange",
    "detached",
    "diff",
    "has_written_id",
]

#: The unit grand totals are given in.
TOTAL_UNIT = Unit.THOUSAND_DKK

#: The fields compared, in the order changes are listed.
COMPARED = (
    "amount", "expires", "profile", "source", "title", "target_group", "organisation",
    "description", "committee", "appropriation_no", "function", "category", "table", "phase",
    "price_level", "unit",
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
    table: str | None = None
    """For a table: its name (``label`` is ``table (ledger)``)."""
    ledger: str | None = None
    """For a table: its ledger's title."""
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
    price_level: int | None = None
    """For a grand total over ledgers of several price levels: the level it sums (money of
    different years' prices is never added into one figure)."""

    @property
    def change(self) -> Decimal:
        """New minus old."""
        return self.new - self.old


@attrs.frozen(kw_only=True)
class AuditChange:
    """A change to what ``bevilling check`` is told rather than to the money: an ``accepted:``
    entry added or removed, or a declaration the checks read (``rounded_to``,
    ``stated_years``, a ledger's ``stated_total``) changed.  Such an edit can make a failing
    ledger pass without changing one appropriation, so a review must see it."""

    status: str
    """``added`` or ``removed`` (an ``accepted:`` entry), ``changed`` (a declaration)."""
    ledger: str
    """The title of the ledger it is in."""
    key: str
    """``accepted``, or the declaration's key as written: ``rounded_to``, ``stated_years``,
    ``stated_total``."""
    table: str | None = None
    """The table whose declaration changed (None: the ledger's own, or an entry)."""
    old: str | None = None
    """The value before (an entry as a YAML flow mapping), None when there was none."""
    new: str | None = None
    """The value after, None when there is none."""


@attrs.frozen(kw_only=True)
class LedgerDiff:
    """The difference between two sets of ledgers."""

    changes: tuple[AppropriationChange, ...]
    """Every appropriation added, removed or changed, in the new ledgers' order."""
    tables: tuple[TotalChange, ...]
    """Every table whose sum or printed total changed."""
    totals: tuple[TotalChange, ...]
    """The grand total per phase, in :data:`TOTAL_UNIT` (phases present on either side)."""
    followup: tuple[FollowupChange, ...] = ()
    """The sums of changes and spending per appropriation and year, and the expiries of
    forlængelser, that changed (from the change and spending files)."""
    audit: tuple[AuditChange, ...] = ()
    """The ``accepted:`` entries added and removed and the declarations the checks read that
    changed, in the new ledgers' order, then those only the old ones had."""
    errors: tuple[int, int] | None = None
    """How many errors ``bevilling check`` finds before and after, when the caller checked
    both sides (:func:`diff` does no checking: the command line sets it)."""

    @property
    def empty(self) -> bool:
        """True when nothing changed."""
        return (
            not self.changes
            and not self.tables
            and not self.followup
            and not self.audit
            and (self.errors is None or self.errors[0] == self.errors[1])
        )

    def of(self, status: str) -> tuple[AppropriationChange, ...]:
        """The changes with this status."""
        return tuple(c for c in self.changes if c.status == status)


# --- comparing -------------------------------------------------------------------------------

_DERIVED_ID = re.compile(r":[0-9]+\.[0-9]+\Z")


def has_written_id(entry: Entry) -> bool:
    """True when the appropriation's id was written in the ledger (not derived from its place)."""
    identifier = entry.appropriation.id
    if ":" not in identifier:  # a derived id is `<file stem>:<table>.<row>`
        return True
    stem = _stem(entry.appropriation.location.file)
    derived = identifier.startswith(f"{stem}:") and _DERIVED_ID.search(identifier)
    return not derived


@functools.lru_cache(maxsize=256)
def _stem(file: str) -> str:
    return PurePath(file).stem


def _keyed(ledgers: LedgerSet) -> dict[str, Entry]:
    """Each appropriation under its matching key; repeated keys get ``#2``, ``#3``.

    Linear: the last number given to each key is remembered, so the k-th repeat of a key is
    found in one step, not by trying ``#2`` to ``#k`` (a literal key such as ``X #2`` written
    in the ledger is still stepped over).
    """
    keyed: dict[str, Entry] = {}
    last_number: dict[str, int] = {}
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            for a in table.appropriations:
                entry = Entry(ledger, table, a)
                if has_written_id(entry):
                    key = a.id
                else:
                    key = " / ".join(part for part in (table.name, a.title, a.organisation) if part)
                if key not in keyed:
                    keyed[key] = entry
                    continue
                number = last_number.get(key, 1)
                unique = key
                while unique in keyed:
                    number += 1
                    unique = f"{key} #{number}"
                last_number[key] = number
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


# The fields of an appropriation that COMPARED names (its expiry is `expires`), and of its
# ledger (`unit` too: a unit change falls to _compare, which compares money in kroner).
_ROW_FIELDS = operator.attrgetter(
    "amount", "expiry", "profile", "source", "title", "target_group", "organisation",
    "description", "committee", "appropriation_no", "function", "category",
)  # fmt: skip
_LEDGER_FIELDS = operator.attrgetter("unit", "phase", "price_level")


def _unchanged(old: Entry, new: Entry) -> bool:
    """True when every compared field is equal as written (most rows of a diff): then
    :func:`_fields` finds no change either, and need not make its texts.  False says
    nothing (a unit change, an amount rewritten in another unit): :func:`_fields` decides."""
    return (
        _ROW_FIELDS(old.appropriation) == _ROW_FIELDS(new.appropriation)
        and old.table.name == new.table.name
        and (old.ledger is new.ledger or _LEDGER_FIELDS(old.ledger) == _LEDGER_FIELDS(new.ledger))
    )


def _fields(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    return () if _unchanged(old, new) else _compare(old, new)


def _compare(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    """The fields of :data:`COMPARED` that differ, compared as money where they are money."""
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
        elif field == "price_level":  # the same figure in another year's prices is other money
            levels = (old.ledger.price_level, new.ledger.price_level)
            before, after = (str(level) if level is not None else "" for level in levels)
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
    return LedgerDiff(
        changes=tuple(changes),
        tables=_tables(old, new),
        totals=_totals(old, new),
        followup=followup_changes(old, new, TOTAL_UNIT),
        audit=_audit(old, new),
    )


def detached(result: LedgerDiff) -> LedgerDiff:
    """``result`` with each old entry holding its own row only: its ledger and table kept
    without their tables and rows, so that the old ledgers can be freed while the result is
    kept (``bevilling diff`` checks the new side after the diff, with the old one gone).

    Everything a rendering reads of an entry is the same: the row itself, its table's name
    and fields, its ledger's title, phase, unit, price level and file.
    """
    ledgers: dict[int, Ledger] = {}
    tables: dict[int, Table] = {}

    def alone(entry: Entry | None) -> Entry | None:
        if entry is None:
            return None
        ledger = ledgers.get(id(entry.ledger))
        if ledger is None:
            ledger = ledgers[id(entry.ledger)] = attrs.evolve(entry.ledger, tables=())
        table = tables.get(id(entry.table))
        if table is None:
            table = tables[id(entry.table)] = attrs.evolve(entry.table, appropriations=())
        return Entry(ledger, table, entry.appropriation)

    changes = tuple(attrs.evolve(change, old=alone(change.old)) for change in result.changes)
    return attrs.evolve(result, changes=changes)


def _table_sums(
    ledgers: LedgerSet,
) -> dict[tuple[str, str, int], tuple[Ledger, Decimal, Decimal | None]]:
    """Each table's sum, keyed by its ledger's title, its name and which of the tables of
    that title and name it is (1, 2, ...): two tables of one name (in one ledger, or in two
    ledgers of one title) are two keys, never one overwriting the other."""
    sums = {}
    seen: dict[tuple[str, str], int] = {}
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            total = sum((a.amount for a in table.appropriations), ZERO)
            number = seen[(ledger.title, table.name)] = seen.get((ledger.title, table.name), 0) + 1
            sums[(ledger.title, table.name, number)] = (ledger, total, table.stated_total)
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
                label=f"{key[1]}{f' #{key[2]}' if key[2] > 1 else ''} ({key[0]})",
                table=key[1],
                ledger=key[0],
                unit=unit,
                old=old_sum,
                new=new_sum,
                old_stated=old_stated,
                new_stated=new_stated,
            )
        )
    return tuple(changes)


def _plain(value: Decimal) -> str:
    """A figure of an entry or a declaration as a ledger writes it plainly (``47579``,
    ``0.1``): the text of a YAML value, not a report's."""
    return f"{value:f}"


def _entry_text(entry: Acceptance) -> str:
    """An ``accepted:`` entry as the YAML flow mapping a ledger would hold (its keys are the
    file's own, so a reviewer recognises it), reason last."""
    parts = [f"code: {entry.code}"]
    for key, value in (("table", entry.table), ("appropriation", entry.appropriation)):
        if value is not None:
            parts.append(f"{key}: {json.dumps(value, ensure_ascii=False)}")
    if entry.year is not None:
        parts.append(f"year: {entry.year}")
    for key, figure in (("stated", entry.stated), ("sum", entry.summed), ("amount", entry.amount)):
        if figure is not None:
            parts.append(f"{key}: {_plain(figure)}")
    if entry.named is not None:
        parts.append(f"named: [{', '.join(map(_plain, entry.named))}]")
    parts.append(f"reason: {json.dumps(entry.reason, ensure_ascii=False)}")
    return "{" + ", ".join(parts) + "}"


def _years_text(profile: Profile | None) -> str | None:
    if profile is None:
        return None
    return "{" + ", ".join(f"{year}: {_plain(amount)}" for year, amount in profile.pairs) + "}"


def _numbered(titles: Iterable[str]) -> list[tuple[str, int]]:
    """Each title with which of that title it is (1, 2, ...), as :func:`_table_sums` keys."""
    seen: dict[str, int] = {}
    keys = []
    for title in titles:
        seen[title] = seen.get(title, 0) + 1
        keys.append((title, seen[title]))
    return keys


def _declarations(ledgers: LedgerSet) -> dict[tuple[str, ...], str | None]:
    """Every declaration the checks read, keyed by (ledger title, its number, table name,
    its number, key), as text (None: not declared)."""
    found: dict[tuple[str, ...], str | None] = {}
    for (title, number), ledger in zip(
        _numbered(ledger.title for ledger in ledgers.ledgers), ledgers.ledgers, strict=True
    ):
        found[(title, str(number), "", "", "rounded_to")] = _maybe(ledger.rounded_to)
        found[(title, str(number), "", "", "stated_total")] = _maybe(ledger.stated_total)
        for (name, count), table in zip(
            _numbered(table.name for table in ledger.tables), ledger.tables, strict=True
        ):
            found[(title, str(number), name, str(count), "rounded_to")] = _maybe(table.rounded_to)
            found[(title, str(number), name, str(count), "stated_years")] = _years_text(
                table.stated_years
            )
    return found


def _maybe(value: Decimal | None) -> str | None:
    return None if value is None else _plain(value)


def _audit(old: LedgerSet, new: LedgerSet) -> tuple[AuditChange, ...]:
    """What changed in what the checks are told (see :class:`AuditChange`): entries compared
    as written (a changed reason is one removed and one added), counted, so that a repeated
    entry added is seen; declarations per ledger and table as :func:`_tables` pairs them."""
    changes: list[AuditChange] = []
    before = _declarations(old)
    after = _declarations(new)
    for key in [*after, *(k for k in before if k not in after)]:
        was, now = before.get(key), after.get(key)
        if was != now and (key in before or now is not None):
            changes.append(
                AuditChange(
                    status="changed", ledger=key[0], key=key[4], table=key[2] or None,
                    old=was, new=now,
                )
            )  # fmt: skip
    entries_before = Counter(
        (ledger.title, _entry_text(e)) for ledger in old.ledgers for e in ledger.accepted
    )
    entries_after = Counter(
        (ledger.title, _entry_text(e)) for ledger in new.ledgers for e in ledger.accepted
    )
    changes.extend(
        AuditChange(status="added", ledger=title, key="accepted", new=text)
        for (title, text), count in entries_after.items()
        for _repeat in range(count - entries_before.get((title, text), 0))
    )
    changes.extend(
        AuditChange(status="removed", ledger=title, key="accepted", old=text)
        for (title, text), count in entries_before.items()
        for _repeat in range(count - entries_after.get((title, text), 0))
    )
    return tuple(changes)


def _totals(old: LedgerSet, new: LedgerSet) -> tuple[TotalChange, ...]:
    """The grand total per phase, and per price level when the ledgers state several: kroner
    of 2016 and 2017 prices are never added into one figure."""

    def sums(ledgers: LedgerSet) -> dict[tuple[Phase, int | None], Decimal]:
        result: dict[tuple[Phase, int | None], Decimal] = {}
        for ledger in ledgers.ledgers:  # row by row, in file order; the key once per ledger
            if not any(table.appropriations for table in ledger.tables):
                continue
            key = (ledger.phase, ledger.price_level)
            total, convert = result.get(key, ZERO), ledger.unit.convert
            for table in ledger.tables:
                for a in table.appropriations:
                    total = total + convert(a.amount, TOTAL_UNIT)
            result[key] = total
        return result

    before, after = sums(old), sums(new)
    if len({level for _, level in (*before, *after) if level is not None}) <= 1:
        before, after = _fold_levels(before), _fold_levels(after)  # one level: one total a phase
    keys = sorted(
        {*before, *after},
        key=lambda k: (list(Phase).index(k[0]), -1 if k[1] is None else k[1]),
    )
    return tuple(
        TotalChange(
            label=phase.value,
            unit=TOTAL_UNIT,
            old=before.get((phase, level), ZERO),
            new=after.get((phase, level), ZERO),
            price_level=level,
        )
        for phase, level in keys
    )


def _fold_levels(
    sums: dict[tuple[Phase, int | None], Decimal],
) -> dict[tuple[Phase, int | None], Decimal]:
    """The sums per phase alone (for ledgers that share one price level or state none)."""
    folded: dict[tuple[Phase, int | None], Decimal] = {}
    for (phase, _), value in sums.items():
        folded[(phase, None)] = folded.get((phase, None), ZERO) + value
    return folded
