"""Checks of changes and spending (the follow-up): every record names a known appropriation,
falls inside its life, stays within what is available, and comes from a decision.

The figures are those of :class:`bevilling.core.followup.Book`, in the appropriation's ledger
unit.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from bevilling.audit.expiries import source_years
from bevilling.audit.support import Figures, row_name
from bevilling.core import model
from bevilling.core.followup import Book
from bevilling.core.model import Appropriation, Expiry, ExpiryKind, LedgerSet, Phase, Unit
from bevilling.core.money import ZERO
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core.model import Spending

# `model.ChangeKind`, named only where a change is at hand: the follow-up classes are built
# when a change or spending file is first read (start-up; see bevilling.core.model).

_, _n = catalog(__name__)

__all__ = [
    "carry_overs_fit_unspent",
    "carry_overs_from_running_appropriations",
    "changes_have_decisions",
    "extensions_do_not_shorten",
    "reallocations_cancel",
    "records_name_approved_appropriations",
    "records_name_known_appropriations",
    "spending_is_not_negative",
    "spending_periods_do_not_overlap",
    "spending_within_available",
    "spending_within_life",
]


def _fmt(figures: Figures, value: Decimal, unit: Unit) -> str:
    from bevilling.i18n.formatting import unit_abbreviation

    exponent = value.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return f"{figures.fmt(value, places)} {unit_abbreviation(unit.value, figures.locale)}"


def records_name_known_appropriations(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unknown-appropriation``: every change and spending names the id of an appropriation
    in the ledgers loaded with it."""
    if not ledgers.changes and not ledgers.spending:
        return
    known = {entry.appropriation.id for entry in ledgers.entries()}
    places: list[tuple[str, Location]] = []
    for change in ledgers.changes:
        named = {side.appropriation: side.location for side in change.sides}
        if change.appropriation is not None:
            named = {change.appropriation: change.location}
        places += list(named.items())
    places += [(s.appropriation, s.location) for s in ledgers.spending]
    suggest = _Suggestions(known)
    for appropriation, location in places:
        if appropriation not in known:
            suggestion = suggest(appropriation)
            yield Problem(
                "unknown-appropriation",
                Severity.ERROR,
                _("no appropriation in the ledgers has the id {id}", id=repr(appropriation)),
                location,
                _(
                    "write the `id` of the appropriation as its ledger gives it ({suggestion}),"
                    " and load the ledger together with this file",
                    suggestion=suggestion,
                )
                if suggestion
                else _(
                    "write the `id` of the appropriation as its ledger gives it, and load the"
                    " ledger together with this file"
                ),
            )


#: Fuzzy "did you mean" suggestions are looked for among at most this many known ids, and for
#: at most this many distinct unknown ids: each costs a comparison with every known id, and an
#: export loaded against the wrong ledgers has thousands of unknown ids.
_FUZZY_KNOWN = 500
_FUZZY_UNKNOWN = 20
#: With this many known ids or fewer, a hint without a near miss lists them all.
_LISTED = 10


class _Suggestions:
    """A short "did you mean" for an unknown id, in time linear in the number of records: the
    same id spelled in another case (a dictionary look-up), else a near miss (for the first
    few unknown ids, among a bounded number of known ones); never a list of every id."""

    def __init__(self, known: set[str]) -> None:
        self.known = sorted(known)
        self.folded: dict[str, str] = {}
        for ident in self.known:
            self.folded.setdefault(ident.casefold().strip(), ident)
        self.made: dict[str, str | None] = {}

    def __call__(self, unknown: str) -> str | None:
        if unknown in self.made:
            return self.made[unknown]
        if not self.known:
            return None
        if len(self.known) <= _LISTED:
            from bevilling.read.values import did_you_mean

            return did_you_mean(unknown, self.known)  # a near miss, or the few ids there are
        same = self.folded.get(unknown.casefold().strip())
        suggestion = None
        if same is not None:
            suggestion = _("did you mean `{word}`? (spelled exactly so)", word=same)
        elif len(self.known) <= _FUZZY_KNOWN and len(self.made) < _FUZZY_UNKNOWN:
            import difflib

            close = difflib.get_close_matches(unknown, self.known, n=1, cutoff=0.6)
            if close:
                suggestion = _("did you mean `{word}`?", word=close[0])
        self.made[unknown] = suggestion
        return suggestion


def _outside_life(book: Book, a: Appropriation, year: int) -> bool:
    """True when ``year`` lies after the expiry in force or before the source's year."""
    expiry = book.expiry(a)
    if expiry.kind is ExpiryKind.YEAR and expiry.year is not None and year > expiry.year:
        return True
    years = source_years(a.source) if a.source else ()
    return bool(years) and year < min(years)


def spending_within_life(ledgers: LedgerSet) -> Iterator[Problem]:
    """``spending-outside-life``: spending falls in no year after the appropriation's expiry
    (after any forlængelse) and in no year before the year its source names."""
    if not ledgers.spending:
        return
    book = Book(ledgers)
    for spent in ledgers.spending:
        entry = book.entries.get(spent.appropriation)
        if entry is None:
            continue
        a = entry.appropriation
        expiry = book.expiry(a)
        if expiry.kind is ExpiryKind.YEAR and expiry.year is not None and spent.year > expiry.year:
            yield Problem(
                "spending-outside-life",
                Severity.ERROR,
                _(
                    "spending in {year} on {row}, which expired with {expiry}",
                    year=spent.year,
                    row=row_name(a),
                    expiry=expiry.year,
                ),
                spent.location,
                _(
                    "check the year and the appropriation id against the finance system; if the"
                    " appropriation was extended, record the forlængelse in a change file with"
                    " its decision"
                ),
            )
            continue
        years = source_years(a.source) if a.source else ()
        if years and spent.year < min(years):
            yield Problem(
                "spending-outside-life",
                Severity.ERROR,
                _(
                    "spending in {year} on {row}, before {first} named in its source {source}",
                    year=spent.year,
                    row=row_name(a),
                    first=min(years),
                    source=repr(a.source),
                ),
                spent.location,
                _("check the year and the appropriation id against the finance system"),
            )


def spending_within_available(ledgers: LedgerSet) -> Iterator[Problem]:
    """``overspending``: what is spent in a year is not more than what is available in it
    (granted + changes) — overforbrug."""
    if not ledgers.spending:
        return
    book = Book(ledgers)
    figures = Figures(ledgers)
    reported: set[tuple[str, int]] = set()
    for spent in ledgers.spending:
        key = (spent.appropriation, spent.year)
        entry = book.entries.get(spent.appropriation)
        if entry is None or key in reported:
            continue
        reported.add(key)
        if _outside_life(book, entry.appropriation, spent.year):
            continue  # spending-outside-life says it
        position = book.position(entry, spent.year)
        if position.spent > position.available:
            unit = entry.ledger.unit
            last = book.spending[key][-1]
            values = {
                "row": row_name(entry.appropriation),
                "spent": _fmt(figures, position.spent, unit),
                "year": spent.year,
                "over": _fmt(figures, position.spent - position.available, unit),
                "available": _fmt(figures, position.available, unit),
                "granted": _fmt(figures, position.granted, unit),
                "changes": _fmt(figures, position.changes, unit),
            }
            message = (
                _(
                    "{row} spent {spent} in {year}, {over} more than the {available} available"
                    " (left of the pool at the start of the year {granted}, changes {changes})",
                    **values,
                )
                if _drawn_over_years(book, entry.appropriation)
                else _(
                    "{row} spent {spent} in {year}, {over} more than the {available} available"
                    " (granted {granted}, changes {changes})",
                    **values,
                )
            )
            yield Problem(
                "overspending",
                Severity.WARNING,
                message,
                last.location,
                _(
                    "an overforbrug: record the tillægsbevilling or omplacering that covers it,"
                    " or check the spending against the finance system"
                ),
            )


def _drawn_over_years(book: Book, a: Appropriation) -> bool:
    """True for a pool whose life runs over more than one year (see
    :meth:`bevilling.core.followup.Book.pool_years`)."""
    life = book.pool_years(a)
    return life is not None and life[0] < life[1]


def carry_overs_fit_unspent(ledgers: LedgerSet) -> Iterator[Problem]:
    """``carry-over-too-large``: what overførsler carry out of a year is not more than what was
    unspent in it (granted + the other changes − spent)."""
    if not ledgers.changes:
        return
    book = Book(ledgers)
    figures = Figures(ledgers)
    carried: dict[tuple[str, int], Decimal] = {}
    for change in ledgers.changes:
        if change.kind is not model.ChangeKind.CARRY_OVER or not change.sides:
            continue
        side = change.sides[0]
        entry = book.entries.get(side.appropriation)
        if entry is None:
            continue
        expiry = book.expiry(entry.appropriation)
        if expiry.kind is ExpiryKind.YEAR and expiry.year is not None and side.year > expiry.year:
            continue  # carry-over-expired says it
        key = (side.appropriation, side.year)
        unit = entry.ledger.unit
        amount = change.unit.convert(-side.amount, unit)
        carried[key] = carried.get(key, ZERO) + amount
        a = entry.appropriation
        unspent = (
            book.granted(entry, side.year)
            + book.changes_in(a.id, side.year, unit, carry_out=False)
            - book.spent_in(a.id, side.year, unit)
        )
        if carried[key] > unspent:
            yield Problem(
                "carry-over-too-large",
                Severity.ERROR,
                _(
                    "overførsel of {amount} from {year} on {row}, but only {unspent} was unspent"
                    " in {year}",
                    amount=_fmt(figures, amount, unit),
                    year=side.year,
                    row=row_name(a),
                    unspent=_fmt(figures, max(unspent - carried[key] + amount, ZERO), unit),
                ),
                change.location,
                _(
                    "carry at most what was unspent (granted + changes − spent); check the"
                    " amount against the decision and the spending recorded for the year"
                ),
            )


def carry_overs_from_running_appropriations(ledgers: LedgerSet) -> Iterator[Problem]:
    """``carry-over-expired``: an overførsel leaves a year in which the appropriation still
    ran (not a year after its expiry, forlængelser counted), and goes to a year in which it
    still runs (money carried past the expiry in force would neither lapse nor be spendable:
    the follow-up would show it as remaining for ever)."""
    if not ledgers.changes:
        return
    book = Book(ledgers)
    for change in ledgers.changes:
        if change.kind is not model.ChangeKind.CARRY_OVER or not change.sides:
            continue
        side = change.sides[0]
        entry = book.entries.get(side.appropriation)
        if entry is None:
            continue
        expiry = book.expiry(entry.appropriation)
        if expiry.kind is ExpiryKind.YEAR and expiry.year is not None and side.year > expiry.year:
            yield Problem(
                "carry-over-expired",
                Severity.ERROR,
                _(
                    "overførsel from {year} on {row}, which expired with {expiry}: nothing was"
                    " left to carry",
                    year=side.year,
                    row=row_name(entry.appropriation),
                    expiry=expiry.year,
                ),
                change.location,
                _(
                    "money lapses with the expiry year; carry from {expiry} at the latest, or"
                    " record the forlængelse that kept the appropriation running",
                    expiry=expiry.year,
                ),
            )
        elif expiry.kind is ExpiryKind.YEAR and side.year == expiry.year:
            yield Problem(
                "carry-over-expired",
                Severity.ERROR,
                _(
                    "overførsel from {year} to {next} on {row}, which expires with {year}: the"
                    " money carried has no year to be spent in",
                    year=side.year,
                    next=side.year + 1,
                    row=row_name(entry.appropriation),
                ),
                change.location,
                _(
                    "record the forlængelse (`kind: forlængelse`, `expires: {next}`) that lets"
                    " the appropriation run in {next}, or leave the money to lapse with {year}",
                    year=side.year,
                    next=side.year + 1,
                ),
            )


def reallocations_cancel(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unbalanced-reallocation``: the sides of an omplacering add up to zero (money moved,
    none made or lost)."""
    figures = Figures(ledgers)
    for change in ledgers.changes:
        if change.kind is not model.ChangeKind.REALLOCATION:
            continue
        total = sum((side.amount for side in change.sides), ZERO)
        if total != 0:
            yield Problem(
                "unbalanced-reallocation",
                Severity.ERROR,
                _(
                    "the sides of this omplacering add up to {total}, not 0",
                    total=_fmt(figures, total, change.unit),
                ),
                change.location,
                _(
                    "an omplacering moves money: the amount taken (negative) and the amounts"
                    " given (positive) must cancel; money added is a tillægsbevilling"
                ),
            )


def changes_have_decisions(ledgers: LedgerSet) -> Iterator[Problem]:
    """``missing-decision``: every change names the decision it comes from."""
    for change in ledgers.changes:
        if not (change.decision or "").strip():
            yield Problem(
                "missing-decision",
                Severity.ERROR,
                _("this {kind} names no decision", kind=change.kind.value),
                change.location,
                _(
                    "add `decision:` with the body, date and item of the decision, e.g."
                    " `decision: BIU 14.03.2016 pkt. 5`"
                ),
            )


def spending_periods_do_not_overlap(ledgers: LedgerSet) -> Iterator[Problem]:
    """``spending-overlap``: no two spending records cover the same months of the same
    appropriation (the same export imported twice)."""
    # Per appropriation and year, the first record covering each month: a record is checked
    # against at most 12 months, never against every earlier record (exports run to 100 000
    # rows).
    first: dict[tuple[str, int], dict[int, tuple[int, Spending]]] = {}
    for index, later in enumerate(ledgers.spending):
        months = first.setdefault((later.appropriation, later.year), {})
        span = range(later.months[0], later.months[1] + 1)
        covered = [months[m] for m in span if m in months]
        for m in span:
            months.setdefault(m, (index, later))
        if covered:
            earlier = min(covered, key=lambda pair: pair[0])[1]
            yield Problem(
                "spending-overlap",
                Severity.ERROR,
                _(
                    "spending on {id} for {year} months {first}-{last} overlaps the"
                    " spending at {other}",
                    id=repr(later.appropriation),
                    year=later.year,
                    first=later.months[0],
                    last=later.months[1],
                    other=str(earlier.location),
                )
                if later.months[0] != later.months[1]
                else _(
                    "spending on {id} for {year} month {month} overlaps the spending at {other}",
                    id=repr(later.appropriation),
                    year=later.year,
                    month=later.months[0],
                    other=str(earlier.location),
                ),
                later.location,
                _(
                    "the same spending seems to be recorded twice (an export imported"
                    " twice?): remove one, or give each record the months it covers"
                ),
            )


def records_name_approved_appropriations(ledgers: LedgerSet) -> Iterator[Problem]:
    """``record-on-proposal``: a change or spending names an appropriation of a proposal
    (``phase: proposed``): money is not granted, let alone spent, before it is approved.
    One finding per record, at its line."""
    if not ledgers.changes and not ledgers.spending:
        return
    book = Book(ledgers)
    places: list[tuple[str, str, Location]] = []
    for change in ledgers.changes:
        named = dict.fromkeys(side.appropriation for side in change.sides)
        if change.appropriation is not None:
            named = {change.appropriation: None}
        places += [(ident, change.kind.value, change.location) for ident in named]
    places += [(s.appropriation, _("spending"), s.location) for s in ledgers.spending]
    for ident, what, location in places:
        entry = book.entries.get(ident)
        if entry is None or entry.ledger.phase is not Phase.PROPOSED:
            continue
        yield Problem(
            "record-on-proposal",
            Severity.WARNING,
            _(
                "{what} on {row}, which is a proposal (`phase: proposed` in {file}): it is not"
                " granted yet",
                what=what,
                row=row_name(entry.appropriation),
                file=entry.ledger.file,
            ),
            location,
            _(
                "record changes and spending on the approved appropriation; when the proposal"
                " has been approved, load the ledger of the approved budget (`phase: approved`)"
            ),
        )


def spending_is_not_negative(ledgers: LedgerSet) -> Iterator[Problem]:
    """``negative-spending``: what an appropriation spent in a year adds up to 0 or more (a
    negative record is a correction; a negative year is an export with the wrong sign, or
    income booked as spending)."""
    if not ledgers.spending:
        return
    book = Book(ledgers)
    figures = Figures(ledgers)
    for (ident, year), records in book.spending.items():
        entry = book.entries.get(ident)
        unit = entry.ledger.unit if entry is not None else records[0].unit
        spent = book.spent_in(ident, year, unit)
        if spent < 0:
            yield Problem(
                "negative-spending",
                Severity.WARNING,
                _(
                    "the spending on {id} in {year} adds up to {spent}: less than nothing was"
                    " spent",
                    id=repr(ident),
                    year=year,
                    spent=_fmt(figures, spent, unit),
                ),
                records[-1].location,
                _(
                    "check the sign of the amounts against the finance system (spending is"
                    " positive, a correction negative); income is not spending"
                ),
            )


def extensions_do_not_shorten(ledgers: LedgerSet) -> Iterator[Problem]:
    """``extension-earlier``: a forlængelse moves the expiry later (or opens it), never to a
    year before the expiry in force until then (the printed one, or the forlængelse before it
    in file and line order)."""
    if not ledgers.changes:
        return
    book = Book(ledgers)
    for ident, changes in book.extensions.items():
        entry = book.entries.get(ident)
        if entry is None:
            continue
        before = entry.appropriation.expiry
        for change in sorted(changes, key=lambda c: (c.location.file, c.location.line)):
            after = change.expires
            if after is None:
                continue
            if _earlier(after, before):
                yield Problem(
                    "extension-earlier",
                    Severity.WARNING,
                    _(
                        "this forlængelse moves the expiry of {row} back from {before} to {after}",
                        row=row_name(entry.appropriation),
                        before=before.year,
                        after=after.year,
                    ),
                    change.location,
                    _(
                        "a forlængelse extends: check the year against the decision; a decision"
                        " that ends the appropriation early may stay, and this warning says so"
                    ),
                )
            before = after


def _earlier(after: Expiry, before: Expiry) -> bool:
    return (
        after.kind is ExpiryKind.YEAR
        and before.kind is ExpiryKind.YEAR
        and after.year is not None
        and before.year is not None
        and after.year < before.year
    )
