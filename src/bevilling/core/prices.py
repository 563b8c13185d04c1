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
>>> from bevilling.core.prices import IndexEntry, PriceIndex
>>> from bevilling.core.problems import Location
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

from bevilling.core.lazy import lazy_names

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core._index import IndexEntry, PriceIndex

__all__ = ["INDEX_FORMAT", "IndexEntry", "PriceIndex"]

#: The value of the ``format`` key of a price index file.
INDEX_FORMAT = "bevilling-index/1"

# Built on first use (most runs read no price index): a frozen attrs class is half a
# millisecond of start-up.  See bevilling.core.lazy.
lazy_names(__name__, "bevilling.core._index", ("IndexEntry", "PriceIndex"))
