""":class:`~bevilling.reports.prices.LevelNote`, built when a result first names a ledger
at another price level.

A frozen attrs class costs about half a millisecond to build (attrs writes and compiles its
methods when the class is made), and most reports add no ledgers of mixed price levels, so
:mod:`bevilling.reports.prices` imports this module when :class:`LevelNote` is first used
(PEP 562).  Import it from :mod:`bevilling.reports.prices` (or :mod:`bevilling.reports`),
never from here: the class says that it belongs there (``__module__``), so that pickles,
``repr`` and the documentation name the public module, and it is one object however it is
reached.
"""

from __future__ import annotations

import attrs

__all__ = ["LevelNote"]


@attrs.frozen
class LevelNote:
    """A ledger whose amounts a result adds at their own price level (allowed, or refused)."""

    __module__ = "bevilling.reports.prices"

    file: str
    """The ledger's file."""
    price_level: int | None
    """Its ``price_level`` (None: not stated)."""
    reason: str = ""
    """Why it was not converted, when a target was asked for (translated)."""
