"""Checks of the price index (``format: bevilling-index/1``) against itself and the ledgers.

The index is the user's own file (bevilling ships no figures); these checks make sure that
every conversion a report makes with it is defined and unambiguous:

- ``price-index-bad-value``: a value that is not a positive number;
- ``price-index-duplicate-year``: a year listed twice (which value would count?);
- ``price-index-missing-year``: a gap in the index's years that a ledger's ``price_level``
  falls into (reported at the index, where the line belongs);
- ``price-level-unreachable``: a ledger's ``price_level`` before the first or after the last
  year of the index (reported at the ledger: another edition of the index is needed).

The stated-total checks are not affected: printed totals are compared in the source's own
price level, as printed.  Every check here does nothing when no index is loaded.
"""

from __future__ import annotations

from collections.abc import Iterator

from bevilling.audit.locate import key_line
from bevilling.core.model import Ledger, LedgerSet
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    # Built only when a price index is read (see bevilling.core.prices).
    from bevilling.core.prices import IndexEntry, PriceIndex

__all__ = [
    "index_values_are_positive_numbers",
    "index_years_are_unique",
    "ledger_levels_are_in_the_index",
    "ledger_levels_are_within_the_index",
]

_, _n = catalog(__name__)


def index_values_are_positive_numbers(ledgers: LedgerSet) -> Iterator[Problem]:
    """``price-index-bad-value``: every index value is a number greater than zero."""
    index = ledgers.price_index
    if index is None:
        return
    for entry in index.entries:
        if entry.value is not None and entry.value > 0:
            continue
        message = (
            _(
                "the index value of {year} is {text}, which is not a number",
                year=entry.year,
                text=repr(entry.text),
            )
            if entry.value is None
            else _(
                "the index value of {year} is {text}; an index value must be greater than 0",
                year=entry.year,
                text=entry.text,
            )
        )
        yield Problem(
            "price-index-bad-value",
            Severity.ERROR,
            message,
            entry.location,
            _(
                "write the index value as the source prints it, with a decimal point and"
                " without thousands separators, e.g. `{year}: 100.0`",
                year=entry.year,
            ),
        )


def index_years_are_unique(ledgers: LedgerSet) -> Iterator[Problem]:
    """``price-index-duplicate-year``: every year is listed once in the index."""
    index = ledgers.price_index
    if index is None:
        return
    first: dict[int, IndexEntry] = {}
    for entry in index.entries:
        if entry.year not in first:
            first[entry.year] = entry
            continue
        yield Problem(
            "price-index-duplicate-year",
            Severity.ERROR,
            _(
                "the year {year} is listed twice in the index (first on line {line})",
                year=entry.year,
                line=first[entry.year].location.line,
            ),
            entry.location,
            _("keep one line per year: the value of the edition named in `source:`"),
        )


def _levels(ledgers: LedgerSet) -> dict[int, list[Ledger]]:
    """The ledgers by the price level they state."""
    found: dict[int, list[Ledger]] = {}
    for ledger in ledgers.ledgers:
        if ledger.price_level is not None:
            found.setdefault(ledger.price_level, []).append(ledger)
    return found


def _where(index: PriceIndex, year: int) -> Location:
    """The line where ``year`` belongs in the index: the line of the next year listed."""
    later = [e for e in index.entries if e.year > year]
    line = min(later, key=lambda e: e.year).location.line if later else index.values_line
    return Location(index.file, line)


def ledger_levels_are_in_the_index(ledgers: LedgerSet) -> Iterator[Problem]:
    """``price-index-missing-year``: the index has a line for every price level a ledger
    states within its run of years."""
    index = ledgers.price_index
    if index is None or not index.years:
        return
    listed = set(index.years)
    first, last = index.years[0], index.years[-1]
    for year, owners in sorted(_levels(ledgers).items()):
        if year in listed or not first <= year <= last:
            continue
        yield Problem(
            "price-index-missing-year",
            Severity.WARNING,
            _n(
                "the index has no value for {year}, which {files} needs (price_level {year}):"
                " its amounts cannot be converted to another price level",
                "the index has no value for {year}, which {files} need (price_level {year}):"
                " their amounts cannot be converted to another price level",
                len(owners),
                year=year,
                files=", ".join(ledger.file for ledger in owners),
            ),
            _where(index, year),
            _(
                "add the line `{year}: ...` with the index value of {year} from the edition"
                " named in `source:`",
                year=year,
            ),
        )


def ledger_levels_are_within_the_index(ledgers: LedgerSet) -> Iterator[Problem]:
    """``price-level-unreachable``: every ledger's price level lies within the years of the
    index, so that its amounts can be converted to any year of the index."""
    index = ledgers.price_index
    if index is None or not index.years:
        return
    first, last = index.years[0], index.years[-1]
    for year, owners in sorted(_levels(ledgers).items()):
        if first <= year <= last:
            continue
        for ledger in owners:
            yield Problem(
                "price-level-unreachable",
                Severity.WARNING,
                _(
                    "the amounts are at {year} p/l, but the price index {file} covers"
                    " {first}-{last}: they cannot be converted to another price level",
                    year=year,
                    file=index.file,
                    first=first,
                    last=last,
                ),
                Location(ledger.file, key_line(ledgers, ledger.location, "price_level")),
                _(
                    "use an edition of the index that reaches {year}, or add the value of"
                    " {year} to the index from the same edition",
                    year=year,
                ),
            )
