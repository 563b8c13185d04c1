"""Acceptances: the ``accepted:`` entries of a ledger, matched against the findings.

An entry accepts a finding with its code in its ledger, inside the table named by ``table:``
and/or the row whose id is ``appropriation:``. :class:`AcceptanceIndex` is built once per run
(one pass over the rows) and answers for each finding in O(log rows): which table and row of
its file hold the finding's line, then a dictionary lookup of the entries for that code,
table and id (or, when many rows share the line, a test of each entry for that code). It
remembers which entries matched, so that entries matching nothing (``stale-acceptance``)
need no second run of the checks.
"""

from __future__ import annotations

import bisect
import difflib
from collections.abc import Collection, Iterable, Iterator

import attrs

from bevilling.audit.locate import key_line
from bevilling.core.model import Acceptance, Ledger, LedgerSet
from bevilling.core.problems import LOAD_CODES, Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = ["AcceptanceIndex", "did_you_mean", "stale_acceptances", "unknown_codes"]


class _Holders:
    """Named spans of lines (the tables or the rows of a ledger, in file order, never nested)
    and which of them hold a given line.

    A line inside one span only is found by bisection; lines that several spans share (the
    boundary lines of flow-style rows, ``}, {``, or many rows on one line) are kept in a
    dictionary, built in one pass.
    """

    def __init__(self, spans: list[tuple[str, int, int]]) -> None:
        self.starts = [start for _name, start, _last in spans]
        self.spans = spans
        self.boundary: dict[int, set[str]] = {}
        for name, start, last in spans:
            self.boundary.setdefault(start, set()).add(name)
            self.boundary.setdefault(last, set()).add(name)
        self.names = {name for name, _start, _last in spans}

    def at(self, line: int) -> set[str]:
        """The names of the spans that hold ``line``."""
        held = self.boundary.get(line, set())
        index = bisect.bisect_right(self.starts, line) - 1
        if index >= 0:
            name, start, last = self.spans[index]
            if start < line < last:
                held = held | {name}
        return held


class AcceptanceIndex:
    """Every ``accepted:`` entry of a ledger set, indexed by file, code, table and id."""

    def __init__(self, ledgers: LedgerSet) -> None:
        self.ledgers = [lg for lg in ledgers.ledgers if lg.accepted]
        self._tables = {
            lg.file: _Holders([(t.name, t.location.line, t.location.last_line) for t in lg.tables])
            for lg in self.ledgers
        }
        self._rows = {
            lg.file: _Holders(
                [
                    (a.id, a.location.line, a.location.last_line)
                    for t in lg.tables
                    for a in t.appropriations
                ]
            )
            for lg in self.ledgers
        }
        # (file, code, table, id) -> [(position in its ledger's list, the entry), ...]
        self._entries: dict[
            tuple[str, str, str | None, str | None], list[tuple[int, Acceptance]]
        ] = {}
        # (file, code) -> every entry for it, for findings on lines many rows share
        self._by_code: dict[tuple[str, str], list[tuple[int, Acceptance]]] = {}
        for ledger in self.ledgers:
            for position, entry in enumerate(ledger.accepted):
                key = (ledger.file, entry.code, entry.table, entry.appropriation)
                self._entries.setdefault(key, []).append((position, entry))
                self._by_code.setdefault(key[:2], []).append((position, entry))
        self.matched: set[int] = set()
        """The ids of the entries that accepted at least one finding."""

    def accepting(self, problem: Problem) -> Acceptance | None:
        """The first entry (in ledger order) that accepts ``problem``, or None."""
        file, code, line = problem.location.file, problem.code, problem.location.line
        candidates = self._by_code.get((file, code))
        if not candidates:
            return None
        tables = self._tables[file].at(line)
        rows = self._rows[file].at(line)
        found: list[tuple[int, Acceptance]] = []
        if (len(tables) + 1) * (len(rows) + 1) <= len(candidates):
            for where in {(t, r) for t in (None, *tables) for r in (None, *rows)}:
                found.extend(self._entries.get((file, code, *where), ()))
        else:  # fewer entries than places (many rows on one line): test each entry
            found = [
                (position, entry)
                for position, entry in candidates
                if (entry.table is None or entry.table in tables)
                and (entry.appropriation is None or entry.appropriation in rows)
            ]
        if not found:
            return None
        for _position, entry in found:
            self.matched.add(id(entry))
        return min(found, key=lambda hit: hit[0])[1]

    def apply(self, problems: Iterable[Problem]) -> list[Problem]:
        """``problems`` with each accepted one marked with its entry's reason."""
        result = []
        for problem in problems:
            entry = self.accepting(problem)
            result.append(
                problem
                if entry is None
                else attrs.evolve(problem, accepted=" ".join(entry.reason.split()))
            )
        return result

    def describe(self, ledger: Ledger, entry: Acceptance) -> str:
        """What a stale entry names and what of that is not in the ledger, as a sentence."""
        table = appropriation = ""
        if entry.table is not None:
            if entry.table in self._tables[ledger.file].names:
                table = _('table "{table}"', table=entry.table)
            else:
                table = _(
                    'table "{table}" (no table of that name in this ledger)', table=entry.table
                )
        if entry.appropriation is not None:
            if entry.appropriation in self._rows[ledger.file].names:
                appropriation = _("appropriation {id}", id=entry.appropriation)
            else:
                appropriation = _(
                    "appropriation {id} (no row with that id in this ledger)",
                    id=entry.appropriation,
                )
        if table and appropriation:
            return _(
                "the accepted `{code}` for {table} and {appropriation} matches no finding",
                code=entry.code,
                table=table,
                appropriation=appropriation,
            )
        if table or appropriation:
            return _(
                "the accepted `{code}` for {place} matches no finding",
                code=entry.code,
                place=table or appropriation,
            )
        return _("the accepted `{code}` matches no finding", code=entry.code)


def did_you_mean(code: str, known: Iterable[str]) -> str:
    """A hint naming the closest known code, or pointing at docs/checks.md."""
    close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.5)
    if close:
        return _("did you mean `{code}`?", code=close[0])
    return _("see docs/checks.md for every code")


def unknown_codes(ledgers: LedgerSet, acceptable: Collection[str]) -> Iterator[Problem]:
    """An ``unknown-code`` error for each entry whose code no check in ``acceptable`` has."""
    for ledger in ledgers.ledgers:
        for acceptance in ledger.accepted:
            if acceptance.code in acceptable:
                continue
            if acceptance.code in LOAD_CODES:
                message = _(
                    "`{code}` is a loader problem, and those cannot be accepted: a file with a"
                    " loader error is not checked at all",
                    code=acceptance.code,
                )
                hint = _("fix the problem the loader reports instead, and remove this entry")
            else:
                message = _("the accepted code `{code}` is not a check code", code=acceptance.code)
                hint = did_you_mean(acceptance.code, acceptable)
            line = key_line(ledgers, acceptance.location, "code")
            yield Problem(
                "unknown-code", Severity.ERROR, message, Location(ledger.file, line), hint
            )


def stale_acceptances(index: AcceptanceIndex, acceptable: Collection[str]) -> Iterator[Problem]:
    """A ``stale-acceptance`` warning for each entry with a known code that accepted none of
    the findings ``index`` was asked about."""
    for ledger in index.ledgers:
        for acceptance in ledger.accepted:
            if acceptance.code not in acceptable or id(acceptance) in index.matched:
                continue
            yield Problem(
                "stale-acceptance",
                Severity.WARNING,
                index.describe(ledger, acceptance),
                Location(ledger.file, acceptance.location.line, acceptance.location.last_line),
                _(
                    "remove the entry if the discrepancy has been fixed, or correct its `table:`"
                    " or `appropriation:` so that it names the place of the finding"
                ),
            )
