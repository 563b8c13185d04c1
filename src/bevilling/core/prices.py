"""Price indexes: the user's own index values per year, and the exact ratio between two years.

A :class:`PriceIndex` is read from a file the user keeps beside the ledgers
(``format: bevilling-index/1``, see docs/ledger-format.md): the index value of each year for
service expenditure, with the source of the figures (e.g. which edition of KL's pris- og
lønskøn).  bevilling ships no figures of its own.

Converting an amount from price level *S* to price level *T* multiplies it by
``index[T] / index[S]``.  The ratio is kept as an exact :class:`~fractions.Fraction` of the two
``Decimal`` index values, so a conversion and its way back give the amount exactly; figures
are rounded only when they are printed.

>>> from bevilling.core.money import D
>>> index = PriceIndex(
...     source="invented",
...     entries=(IndexEntry(2016, "100.0", D("100.0"), Location("i.yaml", 4)),
...              IndexEntry(2017, "101.7", D("101.7"), Location("i.yaml", 5))),
...     location=Location("i.yaml", 1),
... )
>>> index.ratio(2016, 2017)
Fraction(1017, 1000)
>>> index.ratio(2017, 2016) * index.ratio(2016, 2017)
Fraction(1, 1)
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from bevilling.core.problems import Location

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = ["INDEX_FORMAT", "IndexEntry", "PriceIndex"]

#: The value of the ``format`` key of a price index file.
INDEX_FORMAT = "bevilling-index/1"


@attrs.frozen(kw_only=False)
class IndexEntry:
    """One ``year: value`` line of a price index, as written."""

    year: int
    """The year (price level) the value is for."""
    text: str
    """The value exactly as written in the file."""
    value: Decimal | None
    """The value as a number, or None when the text is not a number (a finding of ``check``)."""
    location: Location
    """Where the line is written."""


@attrs.frozen(kw_only=True)
class PriceIndex:
    """A price index file: index values per year and where they come from."""

    source: str
    """Where the figures come from, in the user's words (edition and date of the P/L skøn)."""
    entries: tuple[IndexEntry, ...]
    """Every ``year: value`` line, in file order, also repeated years and unusable values."""
    location: Location
    """The file (line 1 to its last line)."""
    title: str | None = None
    """An optional title."""
    values_line: int = 0
    """The line of the ``values:`` key (0 if absent)."""

    @property
    def file(self) -> str:
        """The path of the index file."""
        return self.location.file

    def value(self, year: int) -> Decimal | None:
        """The usable index value of ``year``: written once, a number, positive; else None."""
        found = [e for e in self.entries if e.year == year]
        if len(found) != 1:
            return None
        value = found[0].value
        return value if value is not None and value > 0 else None

    @property
    def years(self) -> tuple[int, ...]:
        """The years the index lists (each once, in order), usable or not."""
        return tuple(sorted({e.year for e in self.entries}))

    def ratio(self, source: int, target: int) -> Fraction | None:
        """The exact factor from price level ``source`` to ``target``, or None when the index
        has no usable value for one of them.  The same year gives 1 without any value."""
        from fractions import Fraction  # only where price levels are converted (start-up)

        if source == target:
            return Fraction(1)
        have, want = self.value(source), self.value(target)
        if have is None or want is None:
            return None
        return Fraction(want) / Fraction(have)
