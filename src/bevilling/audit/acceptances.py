"""Acceptances: the ``accepted:`` entries of a ledger, matched against the findings.

An entry accepts a finding with its code in its ledger, inside the table named by ``table:``
and/or the row whose id is ``appropriation:``. :class:`AcceptanceIndex` is built once per run
(one pass over the rows) and answers for each finding in O(log rows): which table and row of
its file hold the finding's line, then a dictionary lookup of the entries for that code,
table and id (or, when many rows share the line, a test of each entry for that code). It
remembers which entries matched, so that entries matching nothing (``stale-acceptance``)
need no second run of the checks.  The entries of a figure code are looked up by their
figures too (thousands of entries for one table are not each tested against each finding);
on a line that many rows share (rows written on one line) a finding is answered once per
figures, and the unaccepted ones are kept under the line, not under each of its rows, so that
neither time nor memory grows with the square of the rows or of the entries.

An entry of a code that compares figures (:data:`FIGURE_CODES`: ``total-mismatch`` and its
kin) is *pinned*: it records the figures it accepts (``stated:``, ``sum:``, and ``year:`` for a
year total) and names the place (``table:``, or ``appropriation:`` for a row's profile; none
for a ledger's grand total).  It accepts only a finding with exactly those figures in exactly
that place, so that a later slip in an accepted table (a row mistyped after the entry was
written) is an error again, and the entry is reported stale with the figures to write if the
source does print them.  An entry of such a code without its figures or its place accepts
nothing and is an error (``unpinned-acceptance``): it would otherwise cover any future slip.

An entry of ``description-amount`` (:data:`DESCRIPTION_CODE`) is pinned the same way, by the
figures of that finding: ``named:`` (the amounts the row's description names, in the ledger's
unit) and ``amount:`` (the row's amount), with the row it is about (``appropriation:``).  A
later change of the row's amount, or of an amount its description names, brings the finding
back, and the entry is reported stale.  An entry of it without these keys (as written before
they existed) accepts nothing; since the finding is only a warning, the entry hides nothing
either, so it is a ``stale-acceptance`` warning too, whose hint gives the keys to add.

An entry that repeats an earlier one of its ledger (same code, place and figures) accepts
nothing the first does not: it is reported stale.  A key an entry's code does not use
(``named:`` on ``total-mismatch``, ``stated:`` on ``description-amount``) would be ignored by
the match: each is an ``ignored-key`` warning.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
from collections.abc import Collection, Iterable, Iterator

import attrs

from bevilling.audit.locate import key_line, key_position
from bevilling.core.model import Acceptance, Appropriation, Ledger, LedgerSet, Table
from bevilling.core.problems import LOAD_CODES, Location, Problem, Severity, Sums
from bevilling.i18n.catalogs import catalog
from bevilling.i18n.formatting import format_amount

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core.problems import Described

_, _n = catalog(__name__)

__all__ = [
    "DESCRIPTION_CODE",
    "ENTRY_CODES",
    "FIGURE_CODES",
    "AcceptanceIndex",
    "did_you_mean",
    "ignored_keys",
    "stale_acceptances",
    "unknown_codes",
    "unpinned_acceptances",
]

#: The codes whose findings compare a printed figure with a sum: an entry accepting one of
#: them must record the figures (``stated:``, ``sum:``) and the place it accepts.
FIGURE_CODES = frozenset({"total-mismatch", "total-rounding", "year-total-mismatch",
                          "profile-mismatch"})  # fmt: skip
#: The codes of findings about the ``accepted:`` entries themselves: they cannot be accepted
#: (the registry's ``META_CODES``).
ENTRY_CODES = ("unknown-code", "stale-acceptance", "unpinned-acceptance", "ignored-key")
#: The code whose findings compare a row's amount with the amounts its description names: an
#: entry accepting one must record them (``named:``, ``amount:``) and its row.
DESCRIPTION_CODE = "description-amount"


def _pins(entry: Acceptance, sums: Sums) -> bool:
    """True when the pinned ``entry`` records exactly these figures, for this kind of place."""
    if not entry.pinned or (entry.stated, entry.summed, entry.year) != (
        sums.stated, sums.summed, sums.year
    ):  # fmt: skip
        return False
    if sums.scope == "table":
        return entry.table is not None
    if sums.scope == "row":
        return entry.appropriation is not None
    return entry.table is None and entry.appropriation is None


def _pins_description(entry: Acceptance, described: Described) -> bool:
    """True when ``entry`` records exactly the figures of this ``description-amount`` finding
    for its row (the named amounts in any order, each as often as the description names it)."""
    return (
        entry.appropriation == described.appropriation
        and entry.amount is not None
        and entry.named is not None
        and entry.amount == described.amount
        and sorted(entry.named) == sorted(described.named)
    )


def _records_figures(entry: Acceptance) -> bool:
    """True when ``entry`` records the figures its code is pinned by: ``named:`` and
    ``amount:`` for ``description-amount``, ``stated:`` and ``sum:`` for the others."""
    if entry.code == DESCRIPTION_CODE:
        return entry.named is not None and entry.amount is not None
    return entry.pinned


def unpinned(ledger: Ledger, entry: Acceptance) -> bool:
    """True for an entry of a figure code that lacks its figures or the place it needs (an
    entry of ``description-amount`` lacking them is reported stale instead: its finding is a
    warning, so the entry hides nothing)."""
    if entry.code not in FIGURE_CODES:
        return False
    if not entry.pinned:
        return True
    if entry.code == "year-total-mismatch":
        return entry.table is None or entry.year is None
    if entry.code == "profile-mismatch":
        return entry.appropriation is None
    # total-mismatch, total-rounding: without a place only the grand total is meant
    return entry.table is None and entry.appropriation is None and ledger.stated_total is None


class _Seen:
    """A finding of a pinned code that no entry accepted, with its figures and the places
    holding it (a plain class rather than attrs: attrs builds a class's methods at import,
    ~0.5 ms each)."""

    __slots__ = ("figures", "first", "problem", "rows", "tables")

    problem: Problem
    figures: Sums | Described
    tables: frozenset[str]
    rows: frozenset[str]
    first: tuple[str | None, str | None]
    """The first table and row (by name) holding it: the place a hint proposes."""

    def __init__(
        self,
        problem: Problem,
        figures: Sums | Described,
        places: tuple[frozenset[str], frozenset[str], tuple[str | None, str | None]],
    ) -> None:
        self.problem = problem
        self.figures = figures
        self.tables, self.rows, self.first = places


def _pinned_figures(problem: Problem) -> Sums | Described | None:
    """The figures an entry accepting ``problem`` must record (None: its place decides)."""
    if problem.code in FIGURE_CODES:
        return problem.sums
    if problem.code == DESCRIPTION_CODE:
        return problem.described
    return None


def _figures_key(problem: Problem) -> tuple[object, ...]:
    """What of ``problem`` decides which entries accept it, besides its code and place."""
    figures = _pinned_figures(problem)
    if isinstance(figures, Sums):
        return (figures.scope, figures.stated, figures.summed, figures.year)
    if figures is not None:  # Described
        return (figures.appropriation, figures.amount, tuple(sorted(figures.named)))
    return ()


def _loose(name: str) -> str:
    """``name`` as a reader would compare it: spaces collapsed, case folded."""
    return " ".join(name.split()).casefold()


class _Holders:
    """Named spans of lines (the tables or the rows of a ledger, in file order, never nested)
    and which of them hold a given line.

    The spans are three columns in file order (names, first lines, last lines), read with
    C-level passes.  A line inside one span only is found by bisection of the first lines;
    the spans that start or end on a line (the boundary lines of flow-style rows, ``}, {``,
    or many rows on one line) by bisection of the first and of the last lines, which are
    in order too.  Should the last lines not be in order, they are kept in a dictionary,
    built in one pass.
    """

    def __init__(self, names: list[str], starts: list[int], lasts: list[int]) -> None:
        self._names = names
        self.starts = starts
        self.lasts = lasts
        self.boundary: dict[int, set[str]] | None = None
        self._at: dict[int, set[str]] = {}
        if not all(map(operator.le, lasts, itertools.islice(lasts, 1, None))):
            self.boundary = {}
            for name, start, last in zip(names, starts, lasts, strict=True):
                self.boundary.setdefault(start, set()).add(name)
                self.boundary.setdefault(last, set()).add(name)

    @functools.cached_property
    def names(self) -> set[str]:
        """Every span's name."""
        return set(self._names)

    def spans(self, name: str) -> list[tuple[int, int]]:
        """The first and last lines of each span named ``name`` (ids may repeat)."""
        return self._spans_by_name.get(name, [])

    @functools.cached_property
    def _spans_by_name(self) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {}
        for name, start, last in zip(self._names, self.starts, self.lasts, strict=True):
            found.setdefault(name, []).append((start, last))
        return found

    @functools.cached_property
    def loosely(self) -> dict[str, str]:
        """The first name (file order) of each :func:`_loose` form of the names."""
        found: dict[str, str] = {}
        for name in self._names:
            found.setdefault(_loose(name), name)
        return found

    def at(self, line: int) -> set[str]:
        """The names of the spans that hold ``line`` (kept per line: the findings on a line
        that many rows share, 100 000 rows written on one, each ask again)."""
        held = self._at.get(line)
        if held is None:
            held = self._at[line] = self._holding(line)
        return held

    def _holding(self, line: int) -> set[str]:
        names, starts, lasts = self._names, self.starts, self.lasts
        index = bisect.bisect_right(starts, line)
        if self.boundary is not None:
            held = self.boundary.get(line, set())
        else:
            held = set(names[bisect.bisect_left(starts, line) : index])
            held.update(names[bisect.bisect_left(lasts, line) : bisect.bisect_right(lasts, line)])
        index -= 1
        if index >= 0 and starts[index] < line < lasts[index]:
            held = held | {names[index]}
        return held


def _spans(spans: Iterable[Table] | Iterable[Appropriation], name: str) -> _Holders:
    """The :class:`_Holders` of tables or rows, named by their attribute ``name``."""
    listed = list(spans)
    starts = list(map(operator.attrgetter("location.line"), listed))
    # `Location.last_line` is max(line, end_line): taken in C, not by a call per span
    ends = map(operator.attrgetter("location.end_line"), listed)
    return _Holders(
        list(map(operator.attrgetter(name), listed)), starts, list(map(max, starts, ends))
    )


class AcceptanceIndex:
    """Every ``accepted:`` entry of a ledger set, indexed by file, code, table and id."""

    def __init__(self, ledgers: LedgerSet) -> None:
        self.ledgers = [lg for lg in ledgers.ledgers if lg.accepted]
        self._every_ledger = ledgers.ledgers
        self._names_elsewhere: dict[str, dict[str, str]] = {}
        self._ledger = {lg.file: lg for lg in self.ledgers}
        # file -> the spans of its tables, of its rows: built when a finding in the file
        # meets an entry of its code (a clean ledger never pays for them)
        self._table_spans: dict[str, _Holders] = {}
        self._row_spans: dict[str, _Holders] = {}
        # (file, code, table, id) -> [(position in its ledger's list, the entry), ...]
        self._entries: dict[tuple[object, ...], list[tuple[int, Acceptance]]] = {}
        # (file, code) -> every entry for it, for findings on lines many rows share
        self._by_code: dict[tuple[str, str], list[tuple[int, Acceptance]]] = {}
        # the entries of figure codes recording their figures, by (file, code, table, id,
        # stated, sum, year) and by (file, code, stated, sum, year)
        self._pinned: dict[tuple[object, ...], list[tuple[int, Acceptance]]] = {}
        self._by_figures: dict[tuple[object, ...], list[tuple[int, Acceptance]]] = {}
        for ledger in self.ledgers:
            for position, entry in enumerate(ledger.accepted):
                key = (ledger.file, entry.code, entry.table, entry.appropriation)
                self._entries.setdefault(key, []).append((position, entry))
                self._by_code.setdefault(key[:2], []).append((position, entry))
                if entry.code in FIGURE_CODES and entry.pinned:
                    figures = (entry.stated, entry.summed, entry.year)
                    self._pinned.setdefault((*key, *figures), []).append((position, entry))
                    self._by_figures.setdefault((*key[:2], *figures), []).append((position, entry))
        self.matched: set[int] = set()
        """The ids of the entries that accepted at least one finding."""
        # (file, code, table or row or None) -> the findings of figure codes no entry
        # accepted, in that table or row (None: all of them), for the hints
        self._unaccepted: dict[tuple[str, str, object], list[_Seen]] = {}
        # (file, code, table, id) -> the findings of candidates() but those kept under a line
        self._candidates: dict[tuple[str, str, str | None, str | None], list[_Seen]] = {}
        # (file, code) -> the lines many rows share holding unaccepted findings (and sorted)
        self._crowded: dict[tuple[str, str], set[int]] = {}
        self._crowded_lines: dict[tuple[str, str], list[int]] = {}
        # (file, code, table, line) -> the findings kept under a crowded line, in a table
        self._on_line: dict[tuple[str, str, str | None, int], list[_Seen]] = {}
        # the places of a line, frozen once per line (not per finding)
        self._frozen: dict[
            tuple[int, int],
            tuple[frozenset[str], frozenset[str], tuple[str | None, str | None]],
        ] = {}
        # (file, code, line, figures) -> the entry accepting the findings there with these
        # figures (None: none): on a line many rows share, every finding with the same
        # figures meets the same entries, and is answered once
        self._answer: dict[tuple[object, ...], Acceptance | None] = {}

    def _tables(self, file: str) -> _Holders:
        found = self._table_spans.get(file)
        if found is None:
            found = self._table_spans[file] = _spans(self._ledger[file].tables, "name")
        return found

    def _rows(self, file: str) -> _Holders:
        found = self._row_spans.get(file)
        if found is None:
            ledger = self._ledger[file]
            rows = (a for table in ledger.tables for a in table.appropriations)
            found = self._row_spans[file] = _spans(rows, "id")
        return found

    def accepting(self, problem: Problem) -> Acceptance | None:
        """The first entry (in ledger order) that accepts ``problem``, or None."""
        file, code, line = problem.location.file, problem.code, problem.location.line
        candidates = self._by_code.get((file, code))
        if not candidates:
            return None
        tables = self._tables(file).at(line)
        rows = self._rows(file).at(line)
        if len(rows) > _CROWDED:
            answer_key = (file, code, line, *_figures_key(problem))
            if answer_key in self._answer:
                answer = self._answer[answer_key]
                figures = _pinned_figures(problem)
                if answer is None and figures is not None:
                    self._unaccepted_at(problem, figures, tables, rows)
                return answer
            answer = self._accepting(problem, tables, rows)
            self._answer[answer_key] = answer
            return answer
        return self._accepting(problem, tables, rows)

    def _accepting(self, problem: Problem, tables: set[str], rows: set[str]) -> Acceptance | None:
        file, code = problem.location.file, problem.code
        candidates = self._by_code[(file, code)]
        entries = self._entries
        pinned: tuple[object, ...] = ()
        if code in FIGURE_CODES and problem.sums is not None:
            # only the entries recording exactly these figures can accept it (thousands of
            # entries for one table, each its own figures, are not each tested)
            pinned = (problem.sums.stated, problem.sums.summed, problem.sums.year)
            candidates = self._by_figures.get((file, code, *pinned), [])
            entries = self._pinned
        found: list[tuple[int, Acceptance]] = []
        described = problem.described if code == DESCRIPTION_CODE else None
        if not candidates:
            pass
        elif described is not None:
            # an entry accepting it names its row (the finding's own, among the line's rows)
            if described.appropriation in rows:
                for table in (None, *tables):
                    found.extend(entries.get((file, code, table, described.appropriation), ()))
        elif (len(tables) + 1) * (len(rows) + 1) <= len(candidates):
            for where in {(t, r) for t in (None, *tables) for r in (None, *rows)}:
                found.extend(entries.get((file, code, *where, *pinned), ()))
        else:  # fewer entries than places (many rows on one line): test each entry
            found = [
                (position, entry)
                for position, entry in candidates
                if (entry.table is None or entry.table in tables)
                and (entry.appropriation is None or entry.appropriation in rows)
            ]
        figures = _pinned_figures(problem)
        if isinstance(figures, Sums):
            sums = figures
            found = [(position, entry) for position, entry in found if _pins(entry, sums)]
        elif figures is not None:  # Described
            described = figures
            found = [hit for hit in found if _pins_description(hit[1], described)]
        if figures is not None and not found:
            self._unaccepted_at(problem, figures, tables, rows)
        if not found:
            return None
        for _position, entry in found:
            self.matched.add(id(entry))
        return min(found, key=lambda hit: hit[0])[1]

    def _unaccepted_at(
        self, problem: Problem, figures: Sums | Described, tables: set[str], rows: set[str]
    ) -> None:
        """Keep a finding of a pinned code that no entry accepted under each place holding
        it, for the hints; on a line that many rows share (written on one line), under the
        line rather than under each of its rows (a description's finding: its own row)."""
        file, code, line = problem.location.file, problem.code, problem.location.line
        # the sets of a line are the same objects for every finding on it (_Holders.at)
        frozen = self._frozen.get((id(tables), id(rows)))
        if frozen is None:
            first = (min(tables, default=None), min(rows, default=None))
            frozen = self._frozen[(id(tables), id(rows))] = (
                frozenset(tables),
                frozenset(rows),
                first,
            )
        seen = _Seen(problem, figures, frozen)
        places: set[object] = {None, *tables}
        if not isinstance(figures, Sums):  # Described
            places.add(figures.appropriation)
        elif len(rows) <= _CROWDED:
            places.update(rows)
        else:
            places.add(("line", line))
            self._crowded.setdefault((file, code), set()).add(line)
            self._crowded_lines.pop((file, code), None)
        for place in places:
            self._unaccepted.setdefault((file, code, place), []).append(seen)

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

    def candidates(self, ledger: Ledger, entry: Acceptance) -> tuple[list[_Seen], int]:
        """The unaccepted findings of ``entry``'s code in the place it names (in its table
        and row, when it names them): those on the first line holding any, in file order
        (at most :data:`_NEAREST_AMONG`), and how many there are in all.

        Kept per code and place: thousands of entries naming one table each ask for the same
        findings, read once; the findings of a line that many rows share are kept once for
        the line, not once for each of its rows, and each entry naming one of these rows
        takes the first few of them (so that neither the findings kept nor the work per
        entry grows with the rows on the line).
        """
        file = ledger.file
        key = (file, entry.code, entry.table, entry.appropriation)
        own = self._candidates.get(key)
        if own is None:
            own = self._candidates[key] = self._find_candidates(ledger, entry)
        lists = [own]
        if entry.appropriation is not None and (file, entry.code) in self._crowded:
            lists.extend(
                self._crowded_candidates(file, entry.code, entry.table, line)
                for line in self._crowded_in(file, entry.code, entry.appropriation)
            )
        count = sum(map(len, lists))
        if count == 0:
            return [], 0
        by_line = operator.attrgetter("problem.location.line")
        merged: Iterator[_Seen]
        if len(lists) > 1:
            import heapq  # only rows written on one line need it (start-up)

            merged = heapq.merge(*lists, key=by_line)
        else:
            merged = iter(own)
        first = next(merged)
        line = first.problem.location.line
        head = [first]
        head.extend(
            itertools.islice(
                itertools.takewhile(lambda seen: by_line(seen) == line, merged),
                _NEAREST_AMONG - 1,
            )
        )
        return head, count

    def _crowded_in(self, file: str, code: str, appropriation: str) -> list[int]:
        """The crowded lines (with findings of ``code``) that a row of that id spans."""
        lines = self._crowded_lines.get((file, code))
        if lines is None:
            lines = self._crowded_lines[(file, code)] = sorted(self._crowded[(file, code)])
        found: set[int] = set()  # an id may repeat on one line (duplicate-id)
        for start, last in self._rows(file).spans(appropriation):
            found.update(lines[bisect.bisect_left(lines, start) : bisect.bisect_right(lines, last)])
        return sorted(found)

    def _crowded_candidates(
        self, file: str, code: str, table: str | None, line: int
    ) -> list[_Seen]:
        key = (file, code, table, line)
        found = self._on_line.get(key)
        if found is None:
            found = self._on_line[key] = [
                seen
                for seen in self._unaccepted.get((file, code, ("line", line)), ())
                if table is None or table in seen.tables
            ]
        return found

    def _find_candidates(self, ledger: Ledger, entry: Acceptance) -> list[_Seen]:
        place = entry.appropriation if entry.appropriation is not None else entry.table
        return sorted(
            (
                seen
                for seen in self._unaccepted.get((ledger.file, entry.code, place), ())
                if (entry.table is None or entry.table in seen.tables)
                and (entry.appropriation is None or entry.appropriation in seen.rows)
                # a description's finding names its own row (others may share its line)
                and not (
                    not isinstance(seen.figures, Sums)  # Described
                    and entry.appropriation not in (None, seen.figures.appropriation)
                )
            ),
            key=lambda seen: seen.problem.location.line,
        )

    def meant(self, ledger: Ledger, entry: Acceptance) -> tuple[str, str, str | None] | None:
        """When no table or row of ``entry``'s ledger has the name it gives: the key, and the
        name of one it may mean, written with other spaces or case (``table: "tabel 1 "``
        for "Tabel 1", file None), or the file of another ledger that has that name."""
        for key, written, spans in (
            ("table", entry.table, self._tables),
            ("appropriation", entry.appropriation, self._rows),
        ):
            if written is not None and written not in spans(ledger.file).names:
                name = spans(ledger.file).loosely.get(_loose(written))
                if name is not None:
                    return key, name, None
                other = self._elsewhere(key).get(written) if len(self._every_ledger) > 1 else None
                if other is not None:
                    return key, written, other
        return None

    def _elsewhere(self, key: str) -> dict[str, str]:
        """Table names (``key`` "table") or row ids, each with the first ledger file having
        it: built once, on the first entry naming a place its own ledger lacks."""
        found = self._names_elsewhere.get(key)
        if found is None:
            found = self._names_elsewhere[key] = {}
            for ledger in self._every_ledger:
                for table in ledger.tables:
                    if key == "table":
                        found.setdefault(table.name, ledger.file)
                    else:
                        for row in table.appropriations:
                            found.setdefault(row.id, ledger.file)
        return found

    def describe(self, ledger: Ledger, entry: Acceptance) -> str:
        """What a stale entry names and what of that is not in the ledger, as a sentence."""
        table = appropriation = ""
        if entry.table is not None:
            if entry.table in self._tables(ledger.file).names:
                table = _('table "{table}"', table=entry.table)
            else:
                table = _(
                    'table "{table}" (no table of that name in this ledger)', table=entry.table
                )
        if entry.appropriation is not None:
            if entry.appropriation in self._rows(ledger.file).names:
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
    import difflib

    close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.5)
    if close:
        return _("did you mean `{code}`?", code=close[0])
    return _("see docs/checks.md for every code")


def unknown_codes(ledgers: LedgerSet, acceptable: Collection[str]) -> Iterator[Problem]:
    """An ``unknown-code`` error for each entry whose code no check in ``acceptable`` has."""
    hints: dict[str, str] = {}  # the same misspelt code in many entries: compared once
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
            elif acceptance.code in ENTRY_CODES:
                message = _(
                    "`{code}` is a finding about the accepted entries themselves, and those"
                    " cannot be accepted",
                    code=acceptance.code,
                )
                hint = _("correct the entry that finding is about instead, and remove this one")
            else:
                message = _("the accepted code `{code}` is not a check code", code=acceptance.code)
                hint = hints.get(acceptance.code) or hints.setdefault(
                    acceptance.code, did_you_mean(acceptance.code, acceptable)
                )
            line = key_line(ledgers, acceptance.location, "code")
            yield Problem(
                "unknown-code", Severity.ERROR, message, Location(ledger.file, line), hint
            )


def _pinned_by(entry: Acceptance) -> tuple[object, ...]:
    """What decides which findings ``entry`` accepts: its code, place and figures."""
    named = None if entry.named is None else tuple(sorted(entry.named))
    return (entry.code, entry.table, entry.appropriation, entry.year, entry.stated,
            entry.summed, named, entry.amount)  # fmt: skip


def repeated(ledger: Ledger) -> dict[int, Acceptance]:
    """The entries of ``ledger`` that repeat an earlier one (same code, place and figures:
    they accept nothing it does not), by id, each with the first entry it repeats."""
    first: dict[tuple[object, ...], Acceptance] = {}
    found: dict[int, Acceptance] = {}
    for entry in ledger.accepted:
        earlier = first.setdefault(_pinned_by(entry), entry)
        if earlier is not entry:
            found[id(entry)] = earlier
    return found


def _place(entry: Acceptance) -> str | None:
    """The place an entry names, as a phrase (None: the whole ledger)."""
    table = None if entry.table is None else _('table "{table}"', table=entry.table)
    if entry.appropriation is None:
        return table
    appropriation = _("appropriation {id}", id=entry.appropriation)
    if table is None:
        return appropriation
    return _("{table} and {appropriation}", table=table, appropriation=appropriation)


def _repeat(ledger: Ledger, entry: Acceptance, first: Acceptance) -> Problem:
    """The ``stale-acceptance`` of ``entry``, which repeats ``first``."""
    place = _place(entry)
    line = first.location.line
    if place is None:
        message = _(
            "the accepted `{code}` repeats the entry on line {line}: it accepts nothing that"
            " one does not",
            code=entry.code,
            line=line,
        )
    else:
        message = _(
            "the accepted `{code}` for {place} repeats the entry on line {line}: it accepts"
            " nothing that one does not",
            code=entry.code,
            place=place,
            line=line,
        )
    return Problem(
        "stale-acceptance",
        Severity.WARNING,
        message,
        Location(ledger.file, entry.location.line, entry.location.last_line),
        _(
            "remove this entry: the entry on line {line} accepts the same findings, and its"
            " reason is the one shown",
            line=line,
        ),
    )


def _unpinned_description(index: AcceptanceIndex, ledger: Ledger, entry: Acceptance) -> Problem:
    """The ``stale-acceptance`` of a ``description-amount`` entry without ``named:``,
    ``amount:`` or ``appropriation:``: it accepts nothing, and the hint gives the keys."""
    if not _records_figures(entry):
        message = _(
            "the accepted `{code}` does not record the figures it accepts (`named:`"
            " and `amount:`): it would accept any later change of the row's amount or"
            " of its description too, so it accepts nothing",
            code=entry.code,
        )
    else:
        message = _(
            "the accepted `{code}` names no row (`appropriation:`), so it accepts nothing",
            code=entry.code,
        )
    found, count = index.candidates(ledger, entry)
    keys = _entry_keys(ledger, found[0], entry) if found else None
    if keys is not None:
        hint = _write_keys(found, count, keys)
    elif found:  # the finding names an amount no ledger can record: its hint says so
        hint = found[0].problem.hint or ""
    else:
        hint = _(
            "no `{code}` finding is left in the place the entry names: remove the entry (or"
            " correct its `appropriation:` if it names the wrong row)",
            code=entry.code,
        )
    return Problem(
        "stale-acceptance",
        Severity.WARNING,
        message,
        Location(ledger.file, entry.location.line, entry.location.last_line),
        hint,
    )


def _write_keys(found: list[_Seen], count: int, keys: str) -> str:
    """The hint of an entry that lacks its figures: the finding's, and the keys to write."""
    return _n(
        "the finding reads {figures} (line {line}): if the source prints these"
        " figures, write {keys} in the entry; if not, fix the mistyped figure",
        "{count} findings of this code; the first reads {figures} (line {line}):"
        " if the source prints these figures, write {keys} in the entry (one entry"
        " for each finding); if not, fix the mistyped figure",
        count,
        count=count,
        figures=_figures_now(found[0]),
        line=found[0].problem.location.line,
        keys=keys,
    )


def stale_acceptances(index: AcceptanceIndex, acceptable: Collection[str]) -> Iterator[Problem]:
    """A ``stale-acceptance`` warning for each entry with a known code that accepted none of
    the findings ``index`` was asked about, for each ``description-amount`` entry without its
    figures or row, and for each entry that repeats an earlier one."""
    for ledger in index.ledgers:
        repeats = repeated(ledger)
        for acceptance in ledger.accepted:
            if acceptance.code not in acceptable:
                continue
            first = repeats.get(id(acceptance))
            if first is not None:
                yield _repeat(ledger, acceptance, first)
                continue
            if id(acceptance) in index.matched or unpinned(ledger, acceptance):
                continue  # accepted a finding, or reported as unpinned-acceptance
            if acceptance.code == DESCRIPTION_CODE and (
                not _records_figures(acceptance) or acceptance.appropriation is None
            ):
                yield _unpinned_description(index, ledger, acceptance)
                continue
            found, count = (
                index.candidates(ledger, acceptance) if _records_figures(acceptance) else ([], 0)
            )
            yield Problem(
                "stale-acceptance",
                Severity.WARNING,
                index.describe(ledger, acceptance),
                Location(ledger.file, acceptance.location.line, acceptance.location.last_line),
                _stale_hint(ledger, acceptance, found, count, index.meant(ledger, acceptance)),
            )


#: More rows than this on one line make it crowded: the unaccepted findings there are kept
#: under the line, not under each row (:meth:`AcceptanceIndex._unaccepted_at`).
_CROWDED = 8

#: How many findings on the first line of a stale entry's place are compared with it for the
#: nearest (a table's year totals: one per year); more (rows written on one line) are not,
#: so that thousands of stale entries for such a place cost no more each.
_NEAREST_AMONG = 64


def _stale_hint(
    ledger: Ledger,
    entry: Acceptance,
    found: list[_Seen],
    count: int,
    meant: tuple[str, str, str | None] | None,
) -> str:
    """The hint of a pinned ``entry`` that matches none of the ``count`` findings of its code
    in its place: the keys in which it differs from the nearest of them (of ``found``, those
    on the first line holding any, the one differing in the fewest keys), what that finding
    reads, and the keys to write; or, when it names no table or row of the ledger but one
    with other spaces or case (``meant``), that one."""
    if found:
        nearest = min(found, key=lambda seen: _distance(_differing(entry, seen.figures)))
        keys = _entry_keys(ledger, nearest, entry)
    else:
        keys = None
    if keys is None and meant is not None and meant[2] is not None:
        if meant[0] == "table":
            return _(
                "{file} has a table of that name, this ledger none: an entry accepts the"
                " findings of its own ledger only, so write it in {file}",
                file=meant[2],
            )
        return _(
            "{file} has a row with that id, this ledger none: an entry accepts the findings of"
            " its own ledger only, so write it in {file}",
            file=meant[2],
        )
    if keys is None and meant is not None:
        from bevilling.write import quote

        return _(
            "did you mean `{key}: {name}`? Names are compared exactly, spaces and case too:"
            " correct the entry so",
            key=meant[0],
            name=quote(meant[1]),
        )
    if keys is None:
        return _(
            "remove the entry if the discrepancy has been fixed, or correct its"
            " `table:` or `appropriation:` so that it names the place of the finding"
        )
    changed = _differing(entry, nearest.figures)
    if not changed:  # its figures, in a place of another kind (a row's, not the table's)
        return _(
            "the entry records the figures of the finding, but not its place: the finding"
            " reads {figures} (line {line}); update the entry to {keys}",
            figures=_figures_now(nearest),
            line=nearest.problem.location.line,
            keys=keys,
        )
    if changed == ["year"] and isinstance(nearest.figures, Sums) and nearest.figures.year is None:
        return _(
            "a `{code}` finding is not about one year, so the entry's `year: {year}` matches"
            " none: the finding reads {figures} (line {line}), as the entry records. Remove"
            " `year:` from the entry (it then reads {keys}), or correct `code:` if the entry"
            " is meant for a year total (`year-total-mismatch`)",
            code=entry.code,
            year=entry.year,
            figures=_figures_now(nearest),
            line=nearest.problem.location.line,
            keys=keys,
        )
    return _n(
        "the entry differs from the finding in {changed}: the finding now reads {figures}"
        " (line {line}). If the source prints these figures, update the entry to {keys};"
        " if not, fix the figure that changed",
        "the entry differs from the nearest of {count} findings of this code in {changed}:"
        " it reads {figures} (line {line}). If the source prints these figures, update the"
        " entry to {keys}; if not, fix the figure that changed",
        count,
        count=count,
        changed=", ".join(f"`{key}:`" for key in changed),
        figures=_figures_now(nearest),
        line=nearest.problem.location.line,
        keys=keys,
    )


def _distance(differing: list[str]) -> tuple[int, bool]:
    """How far a finding differing from an entry in the keys ``differing`` is from it: in
    fewer keys is nearer; in as many, one of the entry's year is nearer."""
    return len(differing), "year" in differing


def _differing(entry: Acceptance, figures: Sums | Described) -> list[str]:
    """The keys of ``entry`` whose values are not the figures of a finding (written order of
    the format: ``year``, ``stated``, ``sum``; ``named``, ``amount``)."""
    if not isinstance(figures, Sums):  # Described
        named = None if entry.named is None else sorted(entry.named)
        return [
            key
            for key, differs in (
                ("named", named != sorted(figures.named)),
                ("amount", entry.amount != figures.amount),
            )
            if differs
        ]
    return [
        key
        for key, differs in (
            ("year", entry.year != figures.year),
            ("stated", entry.stated != figures.stated),
            ("sum", entry.summed != figures.summed),
        )
        if differs
    ]


def _entry_keys(ledger: Ledger, seen: _Seen, entry: Acceptance) -> str | None:
    """The keys of an entry accepting exactly ``seen``, as the ledger writes them (None: a
    ``description-amount`` finding naming an amount no ledger can record): its place is the
    one ``entry`` names when that holds the finding (rows written on one line share it),
    else the first holding it."""
    if not isinstance(seen.figures, Sums):  # Described
        from bevilling.audit.descriptions import entry_keys

        return entry_keys(seen.figures, ledger.number_format)
    # Imported here: only a finding no entry accepts needs the writer (start-up).
    from bevilling.write import format_ledger_amount, quote

    sums = seen.figures
    keys = []
    table = entry.table if entry.table in seen.tables else seen.first[0]
    row = entry.appropriation if entry.appropriation in seen.rows else seen.first[1]
    if sums.scope == "table" and table is not None:
        keys.append(f"table: {quote(table)}")
    if sums.scope == "row" and row is not None:
        keys.append(f"appropriation: {quote(row)}")
    if sums.year is not None:
        keys.append(f"year: {sums.year}")
    keys.append(f"stated: {format_ledger_amount(sums.stated, ledger.number_format)}")
    keys.append(f"sum: {format_ledger_amount(sums.summed, ledger.number_format)}")
    return ", ".join(f"`{key}`" for key in keys)


def _figures_now(seen: _Seen) -> str:
    """The figures of ``seen`` as a phrase (locale notation)."""
    sums = seen.figures
    if not isinstance(sums, Sums):  # Described
        return _(
            "description {named}, amount {amount}",
            named=" / ".join(map(format_amount, sums.named)),
            amount=format_amount(sums.amount),
        )
    if sums.year is not None:
        return _(
            "year {year}: stated {stated}, sum {sum}, difference {difference}",
            year=sums.year,
            stated=format_amount(sums.stated),
            sum=format_amount(sums.summed),
            difference=format_amount(sums.stated - sums.summed),
        )
    return _(
        "stated {stated}, sum {sum}, difference {difference}",
        stated=format_amount(sums.stated),
        sum=format_amount(sums.summed),
        difference=format_amount(sums.stated - sums.summed),
    )


def unpinned_acceptances(index: AcceptanceIndex) -> Iterator[Problem]:
    """An ``unpinned-acceptance`` error for each entry of a figure code (:data:`FIGURE_CODES`)
    that does not record its figures (``stated:``, ``sum:``, ``year:`` for a year total) or
    its place (``table:``, ``appropriation:``): such an entry accepts nothing, because it
    would accept any later slip in the same place too.  An entry repeating an earlier one is
    reported once, as a repeat (``stale-acceptance``)."""
    for ledger in index.ledgers:
        repeats = repeated(ledger)
        for entry in ledger.accepted:
            if not unpinned(ledger, entry) or id(entry) in repeats:
                continue
            if not _records_figures(entry):
                message = _(
                    "the accepted `{code}` does not record the figures it accepts (`stated:`"
                    " and `sum:`): it would accept any later slip in the same place too, so it"
                    " accepts nothing",
                    code=entry.code,
                )
            elif entry.code == "profile-mismatch":
                message = _(
                    "the accepted `{code}` names no row (`appropriation:`), so it accepts nothing",
                    code=entry.code,
                )
            elif entry.code == "year-total-mismatch" and entry.table is not None:
                message = _(
                    "the accepted `{code}` names no year (`year:`), so it accepts nothing",
                    code=entry.code,
                )
            else:
                message = _(
                    "the accepted `{code}` names no table (`table:`), so it accepts nothing",
                    code=entry.code,
                )
            found, count = index.candidates(ledger, entry)
            keys = _entry_keys(ledger, found[0], entry) if found else None
            if keys is not None:
                hint = _write_keys(found, count, keys)
            else:
                hint = _(
                    "write the figures of the finding the entry accepts: `stated:` (the printed"
                    " figure) and `sum:` (what the figures add up to), with `table:` (or"
                    " `appropriation:` for a row's profile, `year:` for a year total); or"
                    " remove the entry if nothing is left to accept"
                )
            yield Problem(
                "unpinned-acceptance",
                Severity.ERROR,
                message,
                Location(ledger.file, entry.location.line, entry.location.last_line),
                hint,
            )


#: The keys that pin an entry of a figure code, and of ``description-amount``, with the
#: attribute of :class:`~bevilling.core.model.Acceptance` holding each.
_FIGURE_KEYS: tuple[tuple[str, str], ...] = (("stated", "stated"), ("sum", "summed"),
                                              ("year", "year"))  # fmt: skip
_DESCRIPTION_KEYS: tuple[tuple[str, str], ...] = (("named", "named"), ("amount", "amount"))


def ignored_keys(ledgers: LedgerSet, acceptable: Collection[str]) -> Iterator[Problem]:
    """An ``ignored-key`` warning for each key of an entry with a known code that the code
    does not use: ``named:``/``amount:`` on a figure code, ``stated:``/``sum:``/``year:`` on
    ``description-amount``, any of them on a code matched by its place alone."""
    for ledger in ledgers.ledgers:
        for entry in ledger.accepted:
            if entry.code not in acceptable:
                continue  # unknown-code
            if entry.code in FIGURE_CODES:
                unused = _DESCRIPTION_KEYS
            elif entry.code == DESCRIPTION_CODE:
                unused = _FIGURE_KEYS
            else:
                unused = _FIGURE_KEYS + _DESCRIPTION_KEYS
            present = [key for key, attribute in unused if getattr(entry, attribute) is not None]
            for key, line in _written_order(ledgers, entry, present):
                if entry.code in FIGURE_CODES:
                    hint = _(
                        "`{key}:` belongs to an accepted `description-amount`; an accepted"
                        " `{code}` records `stated:` and `sum:`: remove `{key}:`, or correct"
                        " `code:` if the entry is meant for another check",
                        key=key,
                        code=entry.code,
                    )
                elif entry.code == DESCRIPTION_CODE:
                    hint = _(
                        "`{key}:` belongs to the accepted totals (`total-mismatch` and its kin);"
                        " an accepted `description-amount` records `named:` and `amount:`:"
                        " remove `{key}:`, or correct `code:` if the entry is meant for another"
                        " check",
                        key=key,
                    )
                else:
                    hint = _(
                        "an accepted `{code}` is matched by its place alone (`table:`,"
                        " `appropriation:`): remove `{key}:`, or correct `code:` if the entry is"
                        " meant for another check",
                        code=entry.code,
                        key=key,
                    )
                yield Problem(
                    "ignored-key",
                    Severity.WARNING,
                    _(
                        "the accepted `{code}` does not use `{key}:`: the key is ignored",
                        code=entry.code,
                        key=key,
                    ),
                    Location(ledger.file, line),
                    hint,
                )


def _written_order(ledgers: LedgerSet, entry: Acceptance, keys: list[str]) -> list[tuple[str, int]]:
    """``keys`` of ``entry`` in the order they are written, each with its line (two or more
    on one line, ``{stated: 1, named: 2}``, by their columns).  Should a key not be found
    where the entry is written, the order given."""
    if len(keys) < 2:
        return [(key, key_line(ledgers, entry.location, key)) for key in keys]
    positions = [key_position(ledgers, entry.location, key) for key in keys]
    if None in positions:
        return [(key, key_line(ledgers, entry.location, key)) for key in keys]
    found = sorted(zip(positions, keys, strict=True), key=operator.itemgetter(0))
    return [(key, position[0]) for position, key in found if position is not None]
