"""Price levels in reports: converting to one price level, and refusing to add mixed ones.

Budget papers state their money "i 2016 p/l" or "i 2017 p/l" (a ledger's ``price_level``), and
kroner of different price levels must not be added as if they were the same money.  Every
query (``expiring``, ``totals``, ``timeline``; ``list`` and ``show`` through
:func:`converter`) therefore handles price levels through a :class:`Converter`:

- **With a target** (``price_level=2017``): every amount is converted exactly, by the ratio
  ``index[2017] / index[source]`` of the price index (:class:`~bevilling.core.prices.PriceIndex`,
  by default the one loaded with the ledgers).  The exact value is kept
  (a :class:`~fractions.Fraction` when the ratio does not end in decimals), sums are exact, and
  a figure is rounded (half to even) to the report's precision only when it is put in the
  result.  A ledger that cannot be converted (no ``price_level``, no index, a year the index
  lacks) is refused, naming it.
- **Without a target**: a sum that would add non-zero amounts of two stated price levels is
  refused (:class:`MixedPriceLevelsError`) naming the ledgers and their levels.  A ledger with
  no ``price_level`` is taken to be at the level of the others.  A report over one price level
  is what it always was.

With ``allow_mixed=True`` (``--allow-mixed-price-levels``) nothing is refused: what cannot be
converted is added as written, and the result's :class:`Prices` names the ledgers, so that
renderers and the CLI can say so.

Imports :mod:`bevilling.core` and :mod:`bevilling.i18n` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from bevilling.core.lazy import lazy_names
from bevilling.core.model import Ledger, LedgerSet, Unit
from bevilling.core.money import MAX_INTEGER_DIGITS
from bevilling.core.problems import BevillingError
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from fractions import Fraction

    from bevilling.core.prices import PriceIndex
    from bevilling.reports import _price_notes as _later
    from bevilling.reports._price_notes import LevelNote
    from bevilling.reports.filters import Source

__all__ = [
    "CONVERTED_PLACES",
    "Converter",
    "Exact",
    "LevelNote",
    "MixedPriceLevelsError",
    "Prices",
    "data_figure",
    "index_of",
    "price_amount_header",
    "price_unit_words",
    "prices_note",
    "prices_record",
    "prices_warning",
]

_, _n = catalog(__name__)

# Built on first use (most reports add no ledgers of mixed price levels): a frozen attrs class
# is half a millisecond of start-up.  See bevilling.core.lazy.  Prices names it
# `_later.LevelNote`, so that typing.get_type_hints resolves it before it is built.
if not TYPE_CHECKING:
    _later = lazy_names(__name__, "bevilling.reports._price_notes", ("LevelNote",))

#: Converted amounts must stay in the range of amounts a ledger may hold (15 digits before the
#: decimal sign), so that every sum and rounding stays exact in Decimal arithmetic.
_LIMIT = 10**MAX_INTEGER_DIGITS

#: Decimals of a converted amount in the data outputs (JSON, CSV, the data package; the xlsx
#: cells too): a conversion seldom ends, and rounding it to the ledger's printed precision
#: (0,1 mio. kr.) would move each figure by up to half of that, so that a converted profile no
#: longer added up to its converted amount.  Six decimals keep it within a krone of a mio. kr.
CONVERTED_PLACES = 6


def data_figure(value: Decimal, places: int) -> Decimal:
    """A converted amount already rounded to :data:`CONVERTED_PLACES`, as a data output
    writes it: with the decimals it needs, at least ``places`` (its ledger's), so that an
    amount the conversion leaves whole reads as printed.

    >>> data_figure(Decimal("1.300000"), 1), data_figure(Decimal("1.241741"), 1)
    (Decimal('1.3'), Decimal('1.241741'))
    """
    exponent = value.normalize().as_tuple().exponent
    needed = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return value.quantize(Decimal(1).scaleb(-max(places, needed)))


#: An exact amount: a ``Decimal`` (no price conversion, or one that ends), else a ``Fraction``.
#: (A type for annotations only: ``fractions`` is imported where a price level is converted.)
Exact: TypeAlias = "Decimal | Fraction"


@attrs.frozen(kw_only=True)
class Prices:
    """The price level of a result's figures."""

    target: int | None = None
    """The price level every figure was converted to, or None (as written)."""
    levels: tuple[int, ...] = ()
    """The stated price levels of the figures, in order: ``(2017,)`` when converted to 2017;
    empty when no ledger states one."""
    mixed: tuple[_later.LevelNote, ...] = ()
    """Ledgers added at other price levels (``allow_mixed``): empty unless mixed."""
    index_source: str | None = None
    """The ``source:`` of the index used for the conversion."""

    @property
    def level(self) -> int | None:
        """The one price level of every figure, or None (not stated, or mixed)."""
        return self.levels[0] if len(self.levels) == 1 and not self.mixed else None


def _level_note(file: str, price_level: int | None, reason: str = "") -> LevelNote:
    """``LevelNote(file, price_level, reason)``, the class built on its first use."""
    from bevilling.reports._price_notes import LevelNote

    return LevelNote(file, price_level, reason)


def _notes_text(notes: Iterable[LevelNote]) -> str:
    parts = []
    for note in notes:
        level = (
            _("{year} p/l", year=note.price_level)
            if note.price_level is not None
            else _("no price level stated")
        )
        reason = f"; {note.reason}" if note.reason else ""
        # A file name is the user's (or an attacker's): never a control character raw.
        parts.append(f"{visible(note.file, one_line=True)} ({level}{reason})")
    return ", ".join(parts)


class MixedPriceLevelsError(BevillingError):
    """A report would add amounts of different price levels; nothing was reported.

    ``ledgers`` names each ledger involved with its price level (and, with a target, why it
    cannot be converted).  Convert to one level (``price_level=``, with a price index), report
    on one level at a time, or pass ``allow_mixed=True`` to add them anyway.
    """

    def __init__(self, notes: Iterable[LevelNote], target: int | None) -> None:
        self.ledgers: tuple[LevelNote, ...] = tuple(notes)
        self.target = target
        named = visible(_notes_text(self.ledgers), one_line=True)
        if target is None:
            message = _(
                "the report would add amounts of different price levels: {ledgers}. Convert"
                " them to one price level (--price-level YEAR, with a price index file beside"
                " the ledgers), report on one price level at a time, or add them anyway with"
                " --allow-mixed-price-levels",
                ledgers=named,
            )
        else:
            message = _(
                "the amounts of {ledgers} cannot be converted to {year} p/l, so the report"
                " would add amounts of different price levels. Give the ledger its"
                " `price_level`, complete the price index, or add them as written with"
                " --allow-mixed-price-levels",
                ledgers=named,
                year=target,
            )
        super().__init__(message)

    def __reduce__(
        self,
    ) -> tuple[type[MixedPriceLevelsError], tuple[tuple[LevelNote, ...], int | None]]:
        # Exception pickling would call __init__ with the message; rebuild from the notes.
        return (type(self), (self.ledgers, self.target))


def index_of(ledgers: Source) -> PriceIndex | None:
    """The price index loaded with ``ledgers`` (a ledger set, or its entries), if any."""
    if isinstance(ledgers, LedgerSet):
        return ledgers.price_index
    owner = getattr(ledgers, "ledger_set", None)
    return owner.price_index if isinstance(owner, LedgerSet) else None


class Converter:
    """The amounts of one report in its unit and price level, exactly; refuses mixed sums.

    Create one per query with the entries it covers; pass every amount through
    :meth:`exact` (or :meth:`row`), every printed sum through :meth:`total`, and call
    :meth:`finish` for the result's :class:`Prices` (it raises :class:`MixedPriceLevelsError`).
    """

    def __init__(
        self,
        ledgers: Iterable[Ledger],
        unit: Unit,
        places: int,
        *,
        target: int | None = None,
        index: PriceIndex | None = None,
        allow_mixed: bool = False,
    ) -> None:
        self.unit = unit
        self.places = places
        self.target = target
        self.index = index
        self.allow_mixed = allow_mixed
        self._quantum = Decimal(1).scaleb(-places)
        self._ratios: dict[int, Fraction | None] = {}
        self._refused: dict[int, LevelNote] = {}
        self._mixed: dict[int, LevelNote] = {}
        self._levels: set[int] = set()
        stated: set[int] = set()
        for ledger in {id(lg): lg for lg in ledgers}.values():
            self._ratios[id(ledger)] = self._ratio(ledger)
            if ledger.price_level is not None:
                stated.add(ledger.price_level)
        # True while every amount seen comes from ledgers of one stated price level (or none):
        # then no sum can mix levels, and total() need not look at each term's ledger.
        self._one_level = len(stated) <= 1

    def _ratio(self, ledger: Ledger) -> Fraction | None:
        """The factor from the ledger's price level to the target (None: not converted)."""
        level, target = ledger.price_level, self.target
        if target is None:
            return None
        if level == target:
            from fractions import Fraction

            return Fraction(1)
        reason = ""
        if level is None:
            reason = ""
        elif self.index is None:
            reason = _("no price index is loaded")
        else:
            ratio = self.index.ratio(level, target)
            if ratio is not None:
                return ratio
            missing = level if self.index.value(level) is None else target
            reason = _(
                "the price index {file} has no usable value for {year}",
                file=self.index.file,
                year=missing,
            )
        self._refused[id(ledger)] = _level_note(ledger.file, level, reason)
        return None

    def refused(self, ledger: Ledger) -> LevelNote | None:
        """Why some amount of ``ledger`` was not converted (or added at another level) so far,
        or None."""
        return self._mixed.get(id(ledger))

    def converts(self, ledger: Ledger) -> bool:
        """True when the ledger's amounts are converted to the target."""
        return self._ratios.get(id(ledger)) is not None

    def exact(self, amount: Decimal, ledger: Ledger) -> Exact:
        """``amount`` of ``ledger`` in the report's unit and price level, exactly."""
        value = ledger.unit.convert(amount, self.unit)
        key = id(ledger)
        if key not in self._ratios:  # a ledger not given at the start: terms are looked at
            self._one_level = False
        ratio = self._ratios.get(key)
        if ratio is None:
            if self.target is not None and amount != 0:
                self._unconverted(ledger)
            elif ledger.price_level is not None and amount != 0:
                self._levels.add(ledger.price_level)
            return value
        if ratio == 1:
            if amount != 0:
                self._levels.add(self.target)  # type: ignore[arg-type]  # a ratio: a target
            return value
        from fractions import Fraction

        converted = Fraction(value) * ratio
        if abs(converted) >= _LIMIT:
            # Absurd index values (0.000001 and 10**15): refuse, as the loader refuses such an
            # amount, rather than print a figure no ledger could hold.
            self._too_large(ledger)
            return value
        if amount != 0:
            self._levels.add(self.target)  # type: ignore[arg-type]  # a ratio: a target
        if converted.denominator == 1:
            return Decimal(converted.numerator)
        return converted

    def _too_large(self, ledger: Ledger) -> None:
        reason = _(
            "a converted amount is outside the range of amounts: check the index values of"
            " {source} and {target}",
            source=ledger.price_level,
            target=self.target,
        )
        self._mixed[id(ledger)] = _level_note(ledger.file, ledger.price_level, reason)

    def _unconverted(self, ledger: Ledger) -> None:
        note = self._refused.get(id(ledger)) or _level_note(ledger.file, ledger.price_level)
        self._mixed[id(ledger)] = note

    def rounded(self, value: Exact) -> Decimal:
        """``value`` rounded (half to even) to the report's decimals: what is printed."""
        if isinstance(value, Decimal):
            return value.quantize(self._quantum)
        scaled = value * 10**self.places
        return Decimal(round(scaled)).scaleb(-self.places)

    def row(self, amount: Decimal, ledger: Ledger) -> tuple[Exact, Decimal]:
        """The exact value of ``amount`` and the figure printed for it."""
        value = self.exact(amount, ledger)
        return value, self.rounded(value)

    def total(self, terms: Iterable[tuple[Ledger, Exact]]) -> Decimal:
        """The exact sum of ``terms``, rounded once; a sum of non-zero amounts of two stated
        price levels (without a target) is recorded as mixed."""
        pairs = list(terms)
        if self.target is None and not self._one_level:
            stated = {
                ledger.price_level
                for ledger, value in pairs
                if value != 0 and ledger.price_level is not None
            }
            if len(stated) > 1:
                for ledger, value in pairs:
                    if value != 0 and ledger.price_level is not None:
                        self._mixed[id(ledger)] = _level_note(ledger.file, ledger.price_level)
        return self.rounded(add_exact([value for _ledger, value in pairs]))

    def finish(self) -> Prices:
        """The price level of the result; :class:`MixedPriceLevelsError` when mixed and not
        allowed."""
        mixed = tuple(sorted(self._mixed.values(), key=lambda note: note.file))
        if mixed and not self.allow_mixed:
            raise MixedPriceLevelsError(mixed, self.target)
        levels = set(self._levels)
        for note in mixed:
            if note.price_level is not None:
                levels.add(note.price_level)
        return Prices(
            target=self.target,
            levels=tuple(sorted(levels)),
            mixed=mixed,
            index_source=self.index.source if self.index is not None and self.target else None,
        )


def add_exact(values: Iterable[Exact]) -> Exact:
    """The exact sum of exact amounts (a ``Decimal`` while every term is one)."""
    values = list(values)
    try:  # every term a Decimal (no price conversion): the same sum, in C
        return sum(values, Decimal(0))
    except TypeError:  # a Fraction among them: Decimal and Fraction do not add
        pass
    decimal_sum = Decimal(0)
    fraction_sum: Fraction | None = None
    for value in values:
        if isinstance(value, Decimal):
            decimal_sum += value
        else:
            fraction_sum = value if fraction_sum is None else fraction_sum + value
    if fraction_sum is None:
        return decimal_sum
    from fractions import Fraction

    return fraction_sum + Fraction(decimal_sum)


# --- rendering -----------------------------------------------------------------------------


def price_unit_words(unit: Unit, prices: Prices, locale: str) -> str:
    """The unit as a heading names it, with the price level when converted:
    ``1.000 kr.`` or ``1.000 kr., 2017 p/l``."""
    from bevilling.i18n.formatting import unit_words

    words = unit_words(unit.value, locale)
    if prices.target is None:
        return words
    return _("{unit}, {year} p/l", locale=locale, unit=words, year=prices.target)


def price_amount_header(unit: Unit, prices: Prices, locale: str) -> str:
    """The amount column's header: ``Beløb (1.000 kr.)``, converted ``Beløb (1.000 kr., 2017
    p/l)``."""
    from bevilling.i18n.formatting import amount_header

    if prices.target is None:
        return amount_header(unit.value, locale)
    return _("Amount ({unit})", locale=locale, unit=price_unit_words(unit, prices, locale))


def prices_warning(prices: Prices, locale: str) -> str | None:
    """What a result that adds amounts of different price levels (allowed) must say, or None."""
    if not prices.mixed:
        return None
    with _locale(locale):
        ledgers = _notes_text(prices.mixed)
    if prices.target is None:
        return _("adds amounts of different price levels: {ledgers}", locale=locale,
                 ledgers=ledgers)  # fmt: skip
    return _(
        "not converted to {year} p/l, amounts as written: {ledgers}",
        locale=locale,
        year=prices.target,
        ledgers=ledgers,
    )


def prices_note(prices: Prices, locale: str) -> tuple[str, ...]:
    """The note a report prints under its table when it adds amounts of different price
    levels (allowed): empty otherwise."""
    warning = prices_warning(prices, locale)
    if warning is None:
        return ()
    return (_("Warning: {warning}", locale=locale, warning=warning),)


def _locale(locale: str) -> Any:
    from bevilling.i18n.catalogs import use_locale

    return use_locale(locale)


def prices_record(prices: Prices) -> dict[str, Any]:
    """The JSON keys that say the price level of a report's figures: ``price_level`` (the one
    level of every figure, else null), and, when converted or mixed, how."""
    record: dict[str, Any] = {"price_level": prices.level}
    if prices.target is not None:
        record["price_index_source"] = prices.index_source
    if prices.mixed:
        record["mixed_price_levels"] = [
            {"file": note.file, "price_level": note.price_level} for note in prices.mixed
        ]
    return record
