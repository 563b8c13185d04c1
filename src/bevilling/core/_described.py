"""The class :class:`Described` of :mod:`bevilling.core.problems`, built when first used.

A frozen attrs class costs about half a millisecond to build (attrs writes and compiles its
methods when the class is made), and only a run with a ``description-amount`` finding or
entry needs this one, so :mod:`bevilling.core.problems` imports this module when
:class:`Described` is first used (PEP 562).  Import it from :mod:`bevilling.core.problems`,
never from here: the class says that it belongs there (``__module__``), so that pickles,
``repr`` and the documentation name the public module, and it is one object however it is
reached.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

__all__ = ["Described"]


@attrs.frozen
class Described:
    """The figures of a ``description-amount`` finding: the amounts a row's description names
    and the row's amount.

    An ``accepted:`` entry of that code accepts only a finding with exactly these figures for
    this row, so that a later change of the amount or of the description is reported again.
    """

    __module__ = "bevilling.core.problems"

    appropriation: str
    """The id of the row."""
    named: tuple[Decimal, ...]
    """The amounts the description names, converted exactly to the ledger's unit, in the
    order they are written."""
    amount: Decimal
    """The row's amount."""
