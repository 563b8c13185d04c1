"""The guard every query passes first: no figure from ledgers with unaccepted errors.

A ledger set with errors gives wrong figures without a word: a file that failed to load is
missing from every total, a copied file doubles them (``duplicate-id``), a table that does not
add up prints a total that disagrees with its rows.  :func:`require_valid` runs
:func:`bevilling.audit.check` (load problems and every check; accepted findings excepted) and
raises :class:`LedgerErrorsError` naming the errors, unless the caller passes
``allow_errors=True``.  The report is cached per :class:`~bevilling.core.model.LedgerSet`
object, so that a script asking many questions pays for the check once.

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
# The ledgers (by identity) of every set that passed: entries chosen from such a set need no
# second check (a part of a set without errors has none).
_PASSED: dict[int, weakref.ref[Ledger]] = {}


def _forget(key: int) -> Callable[[weakref.ref[Ledger]], None]:
    def forget(_ref: weakref.ref[Ledger]) -> None:
        _PASSED.pop(key, None)

    return forget


def _remember_passed(ledgers: LedgerSet) -> None:
    for ledger in ledgers.ledgers:
        _PASSED[id(ledger)] = weakref.ref(ledger, _forget(id(ledger)))


def _passed(ledger: Ledger) -> bool:
    ref = _PASSED.get(id(ledger))
    return ref is not None and ref() is ledger


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
    ``allow_errors``.

    Entries given without their ledger set (``expiring(ledgers.entries(), 2016)``) are checked
    through the ledgers they belong to (no second time when those ledgers belong to a set that
    passed); their load problems are not known here.  The check runs once per ledger set
    object, however many queries follow.
    """
    if allow_errors:
        return
    if isinstance(ledgers, LedgerSet):
        report = _report(ledgers)
        if report.valid:
            _remember_passed(ledgers)
    else:
        owners = {id(entry.ledger): entry.ledger for entry in ledgers}
        if all(_passed(ledger) for ledger in owners.values()):
            return
        report = _report(LedgerSet(ledgers=tuple(owners.values())))
    if not report.valid:
        raise LedgerErrorsError([p for p in report.problems if p.is_error])


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
