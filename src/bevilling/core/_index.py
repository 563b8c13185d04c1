"""The classes of :mod:`bevilling.core.prices`, built when a price index is first used.

A frozen attrs class costs about half a millisecond to build (attrs writes and compiles its
methods when the class is made), and most runs read no price index file, so
:mod:`bevilling.core.prices` imports this module when :class:`IndexEntry` or
:class:`PriceIndex` is first used (PEP 562).  Import them from :mod:`bevilling.core.prices`,
never from here: each class says that it belongs there (``__module__``), so that pickles,
``repr`` and the documentation name the public module, and it is one object however it is
reached.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from bevilling.core.problems import Location

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from fractions import Fraction

__all__ = ["IndexEntry", "PriceIndex"]


@attrs.frozen(kw_only=False)
class IndexEntry:
    """One ``year: value`` line of a price index, as written."""

    __module__ = "bevilling.core.prices"

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

    __module__ = "bevilling.core.prices"

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
