"""What the checks share: the locale of a run, figures written for messages, rows named.

Nothing here knows a check code. :class:`Figures` writes amounts in the locale chosen for the
run (see :func:`run_locale`) and memoises each ledger's decimal places for the life of one
check function's run, so that a check with many findings asks ``Ledger.decimal_places()`` (a
walk over every amount) once per ledger, not once per finding.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from bevilling.core.model import Appropriation, Ledger

__all__ = ["Figures", "decimals", "locale_for_run", "row_name", "run_locale"]

#: The locale figures in messages are written in, set by ``check()`` for one run; a check
#: function called on its own uses ``$BEVILLING_LOCALE`` or Danish.
_LOCALE: ContextVar[str | None] = ContextVar("bevilling_check_locale", default=None)


@contextmanager
def locale_for_run(locale: str) -> Iterator[None]:
    """Write every figure of the checks run inside this block in ``locale``."""
    token = _LOCALE.set(locale)
    try:
        yield
    finally:
        _LOCALE.reset(token)


def run_locale() -> str:
    """The locale of the current run, else ``$BEVILLING_LOCALE``, else Danish."""
    chosen = _LOCALE.get()
    if chosen is not None:
        return chosen
    from bevilling.i18n.formatting import resolve_locale

    try:
        return resolve_locale()
    except ValueError:
        return "da"


def decimals(figure: Decimal) -> int:
    """How many decimals ``figure`` was written with (``1.20`` → 2, ``1200`` → 0)."""
    text = str(figure)  # fast in C; most figures are whole numbers
    if "." not in text and "E" not in text:
        return 0
    exponent = figure.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


class Figures:
    """Writes figures for the messages of one check function's run (create one per run)."""

    def __init__(self) -> None:
        self.locale = run_locale()
        # id(ledger) -> (ledger, places): the ledger is kept so that its id stays its own.
        self._places: dict[int, tuple[Ledger, int]] = {}

    def ledger_places(self, ledger: Ledger) -> int:
        """``ledger.decimal_places()``, computed once per ledger and run."""
        known = self._places.get(id(ledger))
        if known is None:
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


def row_name(a: Appropriation) -> str:
    """How messages name a row: ``D11 "Mikrolån"``."""
    return f'{a.id} "{a.title}"'
