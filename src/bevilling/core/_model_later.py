"""The classes of :mod:`bevilling.core.model` that most runs never need, built on first use.

A frozen attrs class costs about half a millisecond to build (attrs writes and compiles its
methods when the class is made; no ``.pyc`` keeps them), and a run builds only the classes it
meets.  The follow-up records (:class:`ChangeKind`, :class:`ChangeSide`, :class:`Change`,
:class:`Spending`) are needed only when change or spending files are read, and
:class:`SourceFile` only when a ledger names its source document (``source_file:``), so
:mod:`bevilling.core.model` imports this module when one of their names is first used
(PEP 562).  Import them from :mod:`bevilling.core.model`, never from here: each class says
that it belongs there (``__module__``), so that pickles, ``repr`` and the documentation name
the public module, and it is one object however it is reached.
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

from bevilling.core.prices import PriceIndex
from bevilling.core.problems import Location

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    # For the type checker only (the annotations are strings at run time): importing the
    # model here at run time would make the two modules import each other.
    from bevilling.core.model import Acceptance, Expiry, Unit

# PriceIndex is handed on to core.model (see there).
__all__ = ["Change", "ChangeKind", "ChangeSide", "PriceIndex", "SourceFile", "Spending"]


@attrs.frozen(kw_only=True)
class SourceFile:
    """The source document as a file (``source_file:``): where it is and its checksum, so that
    ``bevilling check --sources`` can read it again and compare every cell."""

    __module__ = "bevilling.core.model"

    path: str
    """The document's path as written: relative to the ledger file's folder, or absolute."""
    sha256: str | None = None
    """The SHA-256 checksum of the document (64 hex digits) when it was transcribed."""
    location: Location = attrs.field(eq=False, factory=lambda: Location(""))
    """Where ``source_file:`` is written (not part of equality)."""


class ChangeKind(enum.Enum):
    """The kinds of change decided after the grant, spelled as in the budget papers."""

    __module__ = "bevilling.core.model"

    SUPPLEMENTARY = "tillægsbevilling"
    """A supplementary appropriation: money added (or taken away) for one year."""
    REALLOCATION = "omplacering"
    """Money moved between appropriations in one year: every side at once."""
    CARRY_OVER = "overførsel"
    """Unspent money of one year carried to the next."""
    EXTENSION = "forlængelse"
    """A changed expiry."""


@attrs.frozen(kw_only=True)
class ChangeSide:
    """What a change does to one appropriation in one year: an amount added (or, negative,
    taken away), in the unit of its file."""

    __module__ = "bevilling.core.model"

    appropriation: str
    """The id of the appropriation changed."""
    year: int
    """The year the amount is added to (or taken from)."""
    amount: Decimal
    """Added (positive) or taken away (negative)."""
    location: Location
    """Where the side is written."""


@attrs.frozen(kw_only=True)
class Change:
    """A change decided after the grant (from a ``bevilling-changes/1`` file).

    Each change is its :attr:`sides`: a tillægsbevilling one side, an omplacering one per
    appropriation (they cancel), an overførsel two (taken from the year it leaves, added to the
    next).  A forlængelse has no sides, only :attr:`expires`.
    """

    __module__ = "bevilling.core.model"

    kind: ChangeKind
    """Tillægsbevilling, omplacering, overførsel or forlængelse."""
    decision: str | None
    """The decision it comes from, as written: body, date, item ("BIU 14.03.2016 pkt. 5")."""
    unit: Unit
    """The unit of the file's amounts."""
    location: Location
    """Where the change is written."""
    sides: tuple[ChangeSide, ...] = ()
    """What it adds to or takes from each appropriation and year."""
    appropriation: str | None = None
    """The appropriation a forlængelse, tillægsbevilling or overførsel is about."""
    expires: Expiry | None = None
    """The new expiry, for a forlængelse."""
    note: str | None = None
    """Free text: what the change is for."""
    accepted: tuple[Acceptance, ...] = attrs.field(default=(), eq=False)
    """The findings about this change accepted on it (``accepted:`` with ``code:`` and
    ``reason:``, e.g. a ``duplicate-change`` where a body really decided the same twice)."""


@attrs.frozen(kw_only=True)
class Spending:
    """Money spent (forbrug) from one appropriation in one year or part of a year (from a
    ``bevilling-spending/1`` file)."""

    __module__ = "bevilling.core.model"

    appropriation: str
    """The id of the appropriation spent from."""
    year: int
    """The year."""
    amount: Decimal
    """What was spent, in the file's unit."""
    unit: Unit
    """The unit of the file's amounts."""
    location: Location
    """Where it is written."""
    months: tuple[int, int] = (1, 12)
    """The first and last month of the period (1-12); the whole year by default."""

    def overlaps(self, other: Spending) -> bool:
        """True when both are for the same appropriation and year and their months overlap."""
        return (
            self.appropriation == other.appropriation
            and self.year == other.year
            and self.months[0] <= other.months[1]
            and other.months[0] <= self.months[1]
        )
