"""The guard every query passes first: no figure from ledgers with unaccepted errors.

A ledger set with errors gives wrong figures without a word: a file that failed to load is
missing from every total, a copied file doubles them (``duplicate-id``), a table that does not
add up prints a total that disagrees with its rows.  :func:`require_valid` runs
:func:`bevilling.audit.check` (load problems and every check; accepted findings excepted) and
raises :class:`LedgerErrorsError` naming the errors, unless the caller passes
``allow_errors=True``.  The report is cached per :class:`~bevilling.core.model.LedgerSet`
object (and per group of ledgers whose entries are given), so that a script asking many
questions pays for the check once; what a query answers never depends on what was asked
before it.

Imports :mod:`bevilling.audit` and nothing else of :mod:`bevilling.reports`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from bevilling.core.model import Entry, Ledger, LedgerSet
from bevilling.core.problems import BevillingError, Problem
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from bevilling.audit import Report

__all__ = ["LedgerErrorsError", "require_valid"]

_, _n = catalog(__name__)

#: How many problems the exception's message names; the rest are counted.
SHOWN = 3

# One check report per ledger set object (LedgerSet compares by identity).
_REPORTS: weakref.WeakKeyDictionary[LedgerSet, Report] = weakref.WeakKeyDictionary()


class _Ledgers:
    """Reports and passes remembered per group of ledgers (by identity), forgotten when any
    ledger of a group is collected (an id can then be reused by another object)."""

    def __init__(self) -> None:
        # A group's key is the frozenset of its ledgers' ids; the refs prove they still live.
        self.refs: dict[int, weakref.ref[Ledger]] = {}
        self.groups: dict[int, set[frozenset[int]]] = {}
        # The check report of the entries of exactly these ledgers (their own set, built here).
        self.reports: dict[frozenset[int], Report] = {}
        # The ledgers of every set that passed, in its order (the ids, by the set's key).
        self.passed: dict[frozenset[int], tuple[int, ...]] = {}

    def _alive(self, ledger: Ledger) -> bool:
        ref = self.refs.get(id(ledger))
        return ref is not None and ref() is ledger

    def _track(self, ledgers: Iterable[Ledger], key: frozenset[int]) -> None:
        for ledger in ledgers:
            if not self._alive(ledger):
                self._drop(id(ledger))
                self.refs[id(ledger)] = weakref.ref(ledger, self._forget(id(ledger)))
            self.groups.setdefault(id(ledger), set()).add(key)

    def _forget(self, ledger_id: int) -> Callable[[weakref.ref[Ledger]], None]:
        def forget(ref: weakref.ref[Ledger]) -> None:
            if self.refs.get(ledger_id) is ref:
                self._drop(ledger_id)

        return forget

    def _drop(self, ledger_id: int) -> None:
        self.refs.pop(ledger_id, None)
        for key in self.groups.pop(ledger_id, ()):
            self.reports.pop(key, None)
            self.passed.pop(key, None)

    def remember_passed(self, ledgers: Sequence[Ledger]) -> None:
        key = frozenset(map(id, ledgers))
        self._track(ledgers, key)
        self.passed[key] = tuple(map(id, ledgers))

    def passed_together(self, ledgers: Sequence[Ledger]) -> bool:
        """True when one set that passed held every one of ``ledgers``, in this order."""
        if not ledgers or not all(map(self._alive, ledgers)):
            return False
        key = frozenset(map(id, ledgers))
        for group in self.groups.get(id(ledgers[0]), ()):
            order = self.passed.get(group)
            if order is not None and key <= group:
                wanted = [id(ledger) for ledger in ledgers]
                if [i for i in order if i in key] == wanted:
                    return True
        return False

    def report(self, ledgers: Sequence[Ledger]) -> Report | None:
        key = frozenset(map(id, ledgers))
        if not all(map(self._alive, ledgers)):
            return None
        return self.reports.get(key)

    def remember_report(self, ledgers: Sequence[Ledger], report: Report) -> None:
        key = frozenset(map(id, ledgers))
        self._track(ledgers, key)
        self.reports[key] = report

    def clear(self) -> None:
        """Forget everything (tests: a fresh process)."""
        self.refs.clear()
        self.groups.clear()
        self.reports.clear()
        self.passed.clear()


_LEDGERS = _Ledgers()


def _forget_all() -> None:
    """Forget every remembered check (tests compare a query with a fresh process)."""
    _REPORTS.clear()
    _LEDGERS.clear()


class LedgerErrorsError(BevillingError):
    """The ledgers have errors that make report figures wrong; nothing was reported.

    ``problems`` holds every unaccepted error (load problems and check findings), in the order
    ``bevilling check`` prints them.  Fix them, accept a known discrepancy in the ledger, or
    call the query with ``allow_errors=True`` to report anyway.  The message is in the current
    locale (the first :data:`SHOWN` errors, then how many more).
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        from bevilling.audit import problem_line

        self.problems: tuple[Problem, ...] = tuple(problems)
        count = len(self.problems)
        # A message may reach a terminal: ledger text in it shows its control characters.
        shown = "; ".join(visible(problem_line(p), one_line=True) for p in self.problems[:SHOWN])
        more = count - SHOWN
        if more > 0:
            shown = _n(
                "{shown}; and {count} more", "{shown}; and {count} more", more,
                shown=shown, count=more,
            )  # fmt: skip
        super().__init__(
            _n(
                "the ledgers have {count} unaccepted error, so report figures would be wrong:"
                " {errors}. Run `bevilling check` to see it; fix it, or pass allow_errors=True"
                " to report anyway",
                "the ledgers have {count} unaccepted errors, so report figures would be wrong:"
                " {errors}. Run `bevilling check` to see them all; fix them, or pass"
                " allow_errors=True to report anyway",
                count,
                count=count,
                errors=shown,
            )
        )

    def __reduce__(self) -> tuple[type[LedgerErrorsError], tuple[tuple[Problem, ...]]]:
        # Exception pickling would call __init__ with the message; rebuild from the problems.
        return (type(self), (self.problems,))


def _report(ledgers: LedgerSet) -> Report:
    report = _REPORTS.get(ledgers)
    if report is None:
        from bevilling.audit import check

        report = check(ledgers, errors_only=True)
        _REPORTS[ledgers] = report
    return report


def require_valid(ledgers: LedgerSet | Iterable[Entry], *, allow_errors: bool) -> None:
    """Raise :class:`LedgerErrorsError` when ``ledgers`` have unaccepted errors, unless
    ``allow_errors`` (which also lets a query report without a file that failed to load, where
    the CLI refuses: the caller tests ``ledgers.valid`` when that matters).

    Entries given without their ledger set (a list, ``[r.entry for r in result.rows]``) are
    checked through the ledgers they belong to, together and in path order, as
    ``bevilling.load`` of those files would check them; their load problems are not known
    here.  The answer never depends on the queries asked before: the check is skipped only
    when one set that passed held every one of those ledgers, in the same order (a part of a
    set without errors has none: the checks compare rows within a ledger, or name the later
    of two copies, which is later in the whole too), and a report is reused only for exactly
    the same ledgers.  Entries of two sets that each passed alone are checked together: a
    copied ledger in the other set is a ``duplicate-id`` there.  The check runs once per
    ledger set object (and once per group of ledgers given as entries), however many
    queries follow.
    """
    if allow_errors:
        return
    if isinstance(ledgers, LedgerSet):
        report = _report(ledgers)
        if report.valid:
            _LEDGERS.remember_passed(ledgers.ledgers)
    else:
        owners = _in_path_order({id(entry.ledger): entry.ledger for entry in ledgers}.values())
        if _LEDGERS.passed_together(owners):
            return
        report = _LEDGERS.report(owners) or _check_together(owners)
    if not report.valid:
        raise LedgerErrorsError([p for p in report.problems if p.is_error])


def _check_together(owners: tuple[Ledger, ...]) -> Report:
    from bevilling.audit import check

    report = check(LedgerSet(ledgers=owners), errors_only=True)
    _LEDGERS.remember_report(owners, report)
    return report


def _in_path_order(ledgers: Iterable[Ledger]) -> tuple[Ledger, ...]:
    """The ledgers in the order a load of their files gives them (the checks name the later
    of two copies, where an ``accepted:`` entry would be); ledgers of one path (a file loaded
    twice) keep their order."""
    return tuple(sorted(ledgers, key=lambda ledger: ledger.location.file))


def checked(
    ledgers: LedgerSet | Iterable[Entry], *, allow_errors: bool
) -> LedgerSet | tuple[Entry, ...]:
    """``ledgers`` ready for a query, after :func:`require_valid`: a ledger set as it is, other
    entries as a tuple.

    Entries from ``LedgerSet.entries()`` are checked as their whole set, load problems
    included: ``expiring(ledgers.entries(), 2016)`` refuses what ``expiring(ledgers, 2016)``
    refuses.
    """
    if isinstance(ledgers, LedgerSet):
        require_valid(ledgers, allow_errors=allow_errors)
        return ledgers
    owner = getattr(ledgers, "ledger_set", None)
    entries = tuple(ledgers)
    require_valid(owner if isinstance(owner, LedgerSet) else entries, allow_errors=allow_errors)
    return entries
