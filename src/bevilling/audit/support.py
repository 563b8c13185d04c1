"""What the checks share: figures written for messages, rows and expiries named.

Nothing here knows a check code. :class:`Figures` writes amounts in the current locale (the
one :func:`~bevilling.audit.registry.check` runs the checks in) and memoises each ledger's
decimal places for the life of one check function's run, so that a check with many findings
asks ``Ledger.decimal_places()`` (a walk over every amount) once per ledger, not once per
finding.
"""

from __future__ import annotations

from decimal import Decimal

from bevilling.core.model import Appropriation, Expiry, ExpiryKind, Ledger, LedgerSet
from bevilling.i18n.catalogs import catalog, current_locale

_, _n = catalog(__name__)

__all__ = ["Figures", "decimals", "expiry_phrase", "row_name"]


def decimals(figure: Decimal) -> int:
    """How many decimals ``figure`` was written with (``1.20`` → 2, ``1200`` → 0)."""
    text = str(figure)  # fast in C; most figures are whole numbers
    if "." not in text and "E" not in text:
        return 0
    exponent = figure.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class Figures:
    """Writes figures for the messages of one check function's run (create one per run,
    with the ledger set checked: its ledgers' decimal places are then memoised with it)."""

    def __init__(self, ledgers: LedgerSet | None = None) -> None:
        self.locale = current_locale()
        self._ledgers = ledgers
        # id(ledger) -> (ledger, places): the ledger is kept so that its id stays its own.
        self._places: dict[int, tuple[Ledger, int]] = {}

    def ledger_places(self, ledger: Ledger) -> int:
        """``ledger.decimal_places()``, computed once per ledger and run (and once per ledger
        set, when the run knows its ledger set)."""
        known = self._places.get(id(ledger))
        if known is None:
            if self._ledgers is not None:
                from bevilling.audit.rows import rows_of

                known = (ledger, rows_of(self._ledgers).decimal_places(ledger))
            else:
                known = (ledger, ledger.decimal_places())
            self._places[id(ledger)] = known
        return known[1]

    def places(self, ledger: Ledger, *figures: Decimal) -> int:
        """The decimals to show: the ledger's, or more if a figure has more."""
        places = self.ledger_places(ledger)
        for figure in figures:
            exponent = figure.normalize().as_tuple().exponent
            if isinstance(exponent, int):
                places = max(places, -exponent)
        return places

    def fmt(self, value: Decimal, places: int) -> str:
        """``value`` in the run's locale with ``places`` decimals."""
        from bevilling.i18n.formatting import format_amount

        return format_amount(value, self.locale, places=places)

    def amount(self, ledger: Ledger, value: Decimal) -> str:
        """``value`` with the ledger's decimals (more if it has more)."""
        return self.fmt(value, self.places(ledger, value))

    def unit(self, ledger: Ledger) -> str:
        """The ledger's unit as running text abbreviates it (``t.kr.``, ``DKK thousand``)."""
        from bevilling.i18n.formatting import unit_abbreviation

        return unit_abbreviation(ledger.unit.value, self.locale)

    def unit_words(self, ledger: Ledger) -> str:
        """The ledger's unit as a heading writes it (``1.000 kr.``, ``DKK thousand``)."""
        from bevilling.i18n.formatting import unit_words

        return unit_words(ledger.unit.value, self.locale)


def row_name(a: Appropriation) -> str:
    """How messages name a row: ``D11 "Mikrolån"``."""
    return f'{a.id} "{a.title}"'


def expiry_phrase(expiry: Expiry) -> str:
    """How messages name an expiry: ``udløber 2016``, ``udløb ikke fastsat``, ``faldende
    profil``."""
    if expiry.kind is ExpiryKind.YEAR:
        return _("expires {year}", year=expiry.year)
    if expiry.kind is ExpiryKind.DECLINING:
        return _("declining profile")
    return _("no fixed expiry")
