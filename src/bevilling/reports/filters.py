"""What a report covers: :class:`Filter` (category, target group, organisation, source, budget
phase), :func:`parse_category`, and the unit and precision every query reports in
(:func:`report_unit`).

Shared by every report module; imports nothing else of :mod:`bevilling.reports`.
"""

from __future__ import annotations

import functools
import operator
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, Literal, TypeAlias

import attrs

from bevilling.core.model import Category, Entry, Ledger, LedgerSet, Phase, Unit
from bevilling.core.money import ZERO
from bevilling.core.problems import BevillingError
from bevilling.i18n.catalogs import N_, catalog

__all__ = [
    "PHASE_CHOICES",
    "YEAR_MAX",
    "YEAR_MIN",
    "Filter",
    "PhaseChoice",
    "Source",
    "UnknownFilterValueError",
    "filter_record",
    "level_argument",
    "parse_category",
    "places_of",
    "report_unit",
    "scope_parts",
    "text_key",
    "unit_argument",
    "year_argument",
]

_, _n = catalog(__name__)

PhaseChoice = Literal["approved", "proposed", "all"]
"""Which budget phase a report covers: approved money (the default), proposals, or both."""

PHASE_CHOICES: tuple[PhaseChoice, ...] = ("approved", "proposed", "all")

#: Anything a query accepts as ledgers: a loaded set, or entries already chosen.
Source: TypeAlias = LedgerSet | Iterable[Entry]

#: The years a query takes: those a ledger can name (the loader reads ``expires`` and profile
#: years from 1900 to 2200); a year outside can match nothing, so asking for it is a slip.
YEAR_MIN, YEAR_MAX = 1900, 2200


def year_argument(value: object, name: str = "year", *, bounded: bool = True) -> int:
    """``value`` as a query's year (or price level): an ``int`` from 1900 to 2200.

    ``TypeError`` for anything that is not an integer (a year read from ``sys.argv`` or a
    CSV cell is text: ``int()`` it first; a bool is refused, a float too), and, unless not
    ``bounded`` (a timeline's span, which has its own limit), ``ValueError`` for a year no
    ledger can name (``16`` for 2016).  A query that compared the text ``"2016"`` with the
    ledgers' years would find nothing and answer 0.

    >>> year_argument(2016)
    2016
    >>> year_argument("2016")
    Traceback (most recent call last):
    ...
    TypeError: year takes a year as an int, not '2016' (str)
    """
    if not isinstance(value, bool):
        try:
            year = operator.index(value)  # type: ignore[arg-type]
        except TypeError:
            pass
        else:
            if not bounded or YEAR_MIN <= year <= YEAR_MAX:
                return year
            raise ValueError(
                _(
                    "{name} {year} is not a year from {first} to {last}, the years a ledger"
                    " can name",
                    name=name, year=year, first=YEAR_MIN, last=YEAR_MAX,
                )
            )  # fmt: skip
    raise TypeError(f"{name} takes a year as an int, not {value!r} ({type(value).__name__})")


def level_argument(value: object) -> int | None:
    """A query's ``price_level``: ``None``, or a year as :func:`year_argument` checks it."""
    return None if value is None else year_argument(value, "price_level")


def unit_argument(value: object) -> Unit | None:
    """``value`` as a query's unit: ``None``, a :class:`~bevilling.core.model.Unit`, or its
    value as text (``"mio DKK"``); ``ValueError`` for other text, ``TypeError`` otherwise.

    >>> unit_argument("mio DKK")
    <Unit.MILLION_DKK: 'mio DKK'>
    """
    if value is None or isinstance(value, Unit):
        return value
    if isinstance(value, str):
        for unit in Unit:
            if unit.value == value.strip():
                return unit
        raise ValueError(
            _(
                "unknown unit {text}: use one of {choices}",
                text=repr(value), choices=", ".join(repr(u.value) for u in Unit),
            )
        )  # fmt: skip
    raise TypeError(f"unit takes a Unit or its text, not {value!r} ({type(value).__name__})")


def parse_category(text: str) -> Category:
    """The category spelled ``text`` (case-insensitive); ``ValueError`` with a suggestion if none.

    >>> parse_category("Særindsatser")
    <Category.SAERINDSATSER: 'særindsatser'>
    >>> parse_category("drift")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: ukendt kategori 'drift': mente du 'driftsmidler'? (...)
    """
    wanted = text.strip().casefold()
    for category in Category:
        if category.value == wanted:
            return category
    names = ", ".join(c.value for c in Category)
    import difflib

    close = difflib.get_close_matches(wanted, [c.value for c in Category], n=1, cutoff=0.4)
    if close:
        raise ValueError(
            _(
                "unknown category {text}: did you mean {close}? ({choices})",
                text=repr(text), close=repr(close[0]), choices=names,
            )
        )  # fmt: skip
    raise ValueError(_("unknown category {text}: ({choices})", text=repr(text), choices=names))


def _phase_choice(value: str) -> PhaseChoice:
    for choice in PHASE_CHOICES:
        if value == choice:
            return choice
    raise ValueError(
        _(
            "unknown phase {value}: use one of {choices}",
            value=repr(value), choices=", ".join(PHASE_CHOICES),
        )
    )  # fmt: skip


def _strip_or_none(value: str | None) -> str | None:
    if value is None or isinstance(value, str):
        return None if value is None else value.strip()
    raise TypeError(f"a filter's text takes a str, not {value!r} ({type(value).__name__})")


def _category_or_none(value: Category | str | None) -> Category | None:
    """A filter's category: a :class:`~bevilling.core.model.Category`, or its name as text
    (:func:`parse_category`: ``ValueError`` with a suggestion for a misspelling, which
    would otherwise match nothing and make every total 0)."""
    if value is None or isinstance(value, Category):
        return value
    if isinstance(value, str):
        return parse_category(value)
    raise TypeError(f"a filter's category takes a Category, not {value!r} ({type(value).__name__})")


@attrs.frozen(kw_only=True)
class Filter:
    """Which appropriations a report covers; shared by every query and command.

    Text criteria match case-insensitively and exactly (``"aktivitetsparate"`` matches the
    target group "Aktivitetsparate", ``"aktiv"`` does not), blanks collapsed and invisible
    characters ignored (:func:`text_key`); ``None`` means any value.  A value that no
    appropriation of the ledgers has, in any year or phase, is almost surely a typo:
    :meth:`apply` (and so every query) raises :class:`UnknownFilterValueError` with a
    did-you-mean rather than answer 0.

    >>> sorted(phase.value for phase in Filter(target_group="aktivitetsparate", phase="all").phases)
    ['approved', 'proposed']
    """

    category: Category | None = attrs.field(default=None, converter=_category_or_none)
    """Only this category (a :class:`~bevilling.core.model.Category` or its name:
    ``"driftsmidler"``; a misspelling raises ``ValueError``)."""
    target_group: str | None = attrs.field(default=None, converter=_strip_or_none)
    """Only this target group (Målgruppe)."""
    organisation: str | None = attrs.field(default=None, converter=_strip_or_none)
    """Only this organisation (Org.)."""
    source: str | None = attrs.field(default=None, converter=_strip_or_none)
    """Only this source (Kilde), e.g. "budgetaftale 2015"."""
    phase: PhaseChoice = attrs.field(default="approved", converter=_phase_choice)
    """``approved`` (the default), ``proposed`` or ``all``."""

    @property
    def phases(self) -> frozenset[Phase]:
        """The budget phases covered."""
        if self.phase == "all":
            return frozenset(Phase)
        return frozenset({Phase(self.phase)})

    def matches(self, entry: Entry) -> bool:
        """True when the appropriation passes every criterion."""
        return self._matches(entry, self.phases)

    def _matches(self, entry: Entry, phases: frozenset[Phase]) -> bool:
        ledger, _table, a = entry
        return (
            ledger.phase in phases
            and (self.category is None or a.category is self.category)
            and _same(self.target_group, a.target_group)
            and _same(self.organisation, a.organisation)
            and _same(self.source, a.source)
        )

    def apply(self, ledgers: Source) -> list[Entry]:
        """The entries of ``ledgers`` that pass, in file order.

        Raises :class:`UnknownFilterValueError` when a text criterion (target group,
        organisation, source) names a value that no appropriation of the ledgers has, in any
        year, phase or category (entries given without their set: of the ledgers they belong
        to); nothing is raised for values that exist but not together, nor for no ledgers.
        """
        phases = self.phases
        criteria = (self.category, self.target_group, self.organisation, self.source)
        if criteria == (None, None, None, None):  # the phase alone (the common case): fast
            entries = entries_of(ledgers)
            if len(phases) == len(Phase):
                return list(entries)
            return [entry for entry in entries if entry.ledger.phase in phases]
        given = ledgers if isinstance(ledgers, LedgerSet) else list(entries_of(ledgers))
        chosen = [entry for entry in entries_of(given) if self._matches(entry, phases)]
        if not chosen:  # a value no row has matches nothing: only then look for one
            self.require_known(_whole(ledgers, given))
        return chosen

    def require_known(self, ledgers: Source) -> None:
        """Raise :class:`UnknownFilterValueError` for the first text criterion whose value no
        appropriation of ``ledgers`` has (compared as :meth:`matches` compares); nothing when
        ``ledgers`` hold no appropriation at all.  The commands call it before they report."""
        wanted = [
            (field, value)
            for field, value in (
                ("target_group", self.target_group),
                ("organisation", self.organisation),
                ("source", self.source),
            )
            if value is not None
        ]
        if not wanted:
            return
        rows = [entry.appropriation for entry in entries_of(ledgers)]
        if not rows:
            return
        for field, value in wanted:
            spellings: dict[str, str] = {}  # each value once, however its case varies
            for text in sorted({getattr(a, field) for a in rows} - {None}):
                spellings.setdefault(text_key(text), text)
            if text_key(value) not in spellings:
                raise UnknownFilterValueError(field, value, list(spellings.values()))


def _whole(source: Source, given: LedgerSet | list[Entry]) -> LedgerSet:
    """What the criteria's values are looked for in: the ledger set, or the set the entries
    come from (``ledgers.entries()``), or every row of the ledgers the entries belong to."""
    if isinstance(given, LedgerSet):
        return given
    owner = getattr(source, "ledger_set", None)
    if isinstance(owner, LedgerSet):
        return owner
    return LedgerSet(ledgers=tuple({id(entry.ledger): entry.ledger for entry in given}.values()))


#: The message of :class:`UnknownFilterValueError`, by criterion.
_UNKNOWN = {
    "target_group": N_(
        "no appropriation in the ledgers has the target group {value} (in any year or phase);"
        " {suggestion}"
    ),
    "organisation": N_(
        "no appropriation in the ledgers has the organisation {value} (in any year or phase);"
        " {suggestion}"
    ),
    "source": N_(
        "no appropriation in the ledgers has the source {value} (in any year or phase);"
        " {suggestion}"
    ),
}
#: With this many values or fewer, a suggestion without a near miss lists them all; with more
#: than :data:`_FUZZY`, no near miss is looked for (each costs a comparison with every value).
_LISTED = 12
_FUZZY = 500


class UnknownFilterValueError(BevillingError, ValueError):
    """A filter names a value that no appropriation of the ledgers has, in any year or phase
    (``Filter(target_group="Aktivitetsparat")`` where the ledgers say "Aktivitetsparate"):
    a typo, almost surely, which would otherwise be answered with 0.

    ``field`` is the criterion (``target_group``, ``organisation``, ``source``), ``value``
    the value asked for, ``known`` the values the ledgers have (sorted).  The message, in the
    current locale, names the value and suggests the nearest one.
    """

    def __init__(self, field: str, value: str, known: Sequence[str]) -> None:
        from bevilling.core.text import visible

        self.field = field
        self.value = value
        self.known: tuple[str, ...] = tuple(known)
        super().__init__(
            _(
                _UNKNOWN[field],
                value=repr(visible(value, one_line=True)),
                suggestion=_suggestion(field, value, self.known),
            )
        )

    def __reduce__(self) -> tuple[type[UnknownFilterValueError], tuple[str, str, tuple[str, ...]]]:
        # Exception pickling would call __init__ with the message; rebuild from the values.
        return (type(self), (self.field, self.value, self.known))


def _suggestion(field: str, value: str, known: Sequence[str]) -> str:
    """The import's did-you-mean over the values the ledgers have: a near miss, or every value
    when there are few; else where to see them."""
    from bevilling.core.text import visible
    from bevilling.read.values import did_you_mean

    if not known:
        return _("the ledgers give this field no value at all")
    shown = [visible(v, one_line=True) for v in known]
    hint = None
    if len(shown) <= _FUZZY:
        hint = did_you_mean(value, shown, listing=len(shown) <= _LISTED)
    if hint is None:
        hint = _(
            "`bevilling totals --by {option} --phase all` lists the values the ledgers have",
            option=field.replace("_", "-"),
        )
    return hint


def _same(wanted: str | None, value: str | None) -> bool:
    return wanted is None or (value is not None and text_key(value) == text_key(wanted))


@functools.lru_cache(maxsize=4096)  # a report meets the same few values on every row
def text_key(value: str) -> str:
    """What a text criterion compares and a report groups by: ``value`` in Unicode's
    compatibility form (NFKC: a decomposed "å", a ligature "ﬁ", full-width "ＪＫＩ" as
    typed), without the characters that show as nothing (format characters: a soft hyphen
    copied from a PDF, zero-width spaces and joiners, direction marks, a byte-order mark),
    its blanks collapsed to one space, case folded.  "Budgetaftale  2015",
    "budgetaftale 2015 " and "Budget\u00adaftale 2015" are one source.

    >>> text_key(" Aktivitets\u00adparate  ") == text_key("aktivitetsparate")
    True
    >>> text_key("Unge pa\u030a kanten\u200e") == text_key("Unge på kanten")
    True
    """
    if not value.isascii():  # ASCII has no format characters and is its own NFKC form
        value = "".join(
            c for c in unicodedata.normalize("NFKC", value) if unicodedata.category(c) != "Cf"
        )
    return " ".join(value.split()).casefold()


def entries_of(ledgers: Source) -> Iterator[Entry]:
    """The entries of a ledger set, or the entries given."""
    if isinstance(ledgers, LedgerSet):
        return ledgers.entries()
    return iter(ledgers)


def filter_record(filter: Filter) -> dict[str, Any]:
    """The criteria as JSON-ready values (every report's ``"filter"``)."""
    return {
        "phase": filter.phase,
        "category": filter.category.value if filter.category is not None else None,
        "target_group": filter.target_group,
        "organisation": filter.organisation,
        "source": filter.source,
    }


def scope_parts(filter: Filter, locale: str) -> tuple[tuple[str, bool], ...]:
    """What the report covers, for its title: ``(text, trusted)`` parts, the phase and any
    criteria, e.g. ``(vedtaget; målgruppe: Aktivitetsparate)``.  A criterion's value is the
    caller's text (``trusted`` False), for the renderers to escape per format."""
    from bevilling.i18n.formatting import label

    words = {
        "approved": label("approved", locale),
        "proposed": label("proposed", locale),
        "all": _("approved + proposed", locale=locale),
    }
    parts: list[tuple[str, bool]] = [("(" + words[filter.phase], True)]
    criteria = (
        ("category", filter.category.value if filter.category is not None else None),
        ("target_group", filter.target_group),
        ("organisation", filter.organisation),
        ("source", filter.source),
    )
    for key, value in criteria:
        if value:
            parts += [(f"; {label(key, locale).lower()}: ", True), (value, False)]
    parts.append((")", True))
    return tuple(parts)


# --- units and precision -------------------------------------------------------------------


def report_unit(entries: Iterable[Entry]) -> Unit:
    """The unit a report over ``entries`` is written in: the smallest unit among their ledgers.

    Converting to a smaller unit multiplies by a power of ten, so every amount stays exact;
    with no entries, 1.000 kr. (the unit of most budget papers).
    """
    units = {entry.ledger.unit for entry in entries}
    if not units:
        return Unit.THOUSAND_DKK
    return min(units, key=lambda unit: unit.factor)


def _shift(source: Unit, target: Unit) -> int:
    """How many decimal places a conversion from ``source`` to ``target`` adds (may be < 0)."""
    ratio = target.factor / source.factor
    return len(str(int(ratio))) - 1 if ratio >= 1 else -(len(str(int(1 / ratio))) - 1)


def places_of(value: Decimal) -> int:
    """The decimals ``value`` needs to be shown exactly (``1.50`` needs 1, ``1200`` none)."""
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def precision(entries: Sequence[Entry], unit: Unit) -> int:
    """Decimals a report in ``unit`` prints: the ledgers' own precision, carried over exactly.

    A ledger in mio. kr. with one decimal reported in 1.000 kr. needs none; the same ledger
    reported in mio. kr. keeps its one decimal.  Never fewer than any converted amount needs.
    """
    places = 0
    shifts: dict[int, int] = {}
    for ledger in {id(e.ledger): e.ledger for e in entries}.values():
        shift = shifts[id(ledger)] = _shift(ledger.unit, unit)
        places = max(places, ledger.decimal_places() + shift)
    for ledger, _table, a in entries:
        if shifts[id(ledger)] >= 0:
            # Converting to a unit as small or smaller multiplies by a power of ten: a figure
            # keeps at most its own decimals, which decimal_places() above covers for amounts,
            # and a whole number (most figures) stays whole.  Only profile years with decimals
            # can need more.
            if a.profile is None:
                continue
            amounts = [
                value for _year, value in a.profile.pairs if "." in str(value) or "E" in str(value)
            ]
        else:
            amounts = [a.amount, *(a.profile.values() if a.profile is not None else ())]
        for amount in amounts:
            places = max(places, places_of(ledger.unit.convert(amount, unit)))
    return places


def convert(amount: Decimal, ledger: Ledger, unit: Unit, places: int) -> Decimal:
    """``amount`` of ``ledger`` in ``unit``, written with ``places`` decimals (exactly)."""
    return ledger.unit.convert(amount, unit).quantize(Decimal(1).scaleb(-places))


def add(amounts: Iterable[Decimal], places: int) -> Decimal:
    """The sum of ``amounts``, written with ``places`` decimals."""
    return sum(amounts, ZERO).quantize(Decimal(1).scaleb(-places))
