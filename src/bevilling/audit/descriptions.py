"""Checks of amounts named in descriptions ("JKA få 1,9 mio. kr."): they agree with the row."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from decimal import Decimal

from bevilling.audit.rows import rows_of
from bevilling.audit.support import Figures, row_name
from bevilling.core import problems
from bevilling.core.lazy import LazyPattern
from bevilling.core.model import LedgerSet, NumberFormat, Unit
from bevilling.core.money import AmountSyntaxError, check_amount_range
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core.problems import Described

_, _n = catalog(__name__)

__all__ = ["descriptions_agree_with_amounts", "entry_keys"]

_MENTION = LazyPattern(
    r"(?<![0-9.,])(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<decimals>[0-9]+))?"
    r"(?:\.(?=\s))?\s*"
    # The unit ends at its last letter or dot and the spaces after it belong to the `\s*` in
    # the same optional group: no two runs of `\s` stand side by side, so a run of spaces can
    # be split only one way (linear; `\s*(unit)?\s*` was quadratic in the run's length).
    # Case is ignored in the words only (the number has none): the same matches as the whole
    # pattern with re.IGNORECASE (a test compares them), compiled in half the time (start-up).
    r"(?i:(?:(?P<unit>mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|t\.|tusind(?:e)?)"
    r"\s*)?(?:kr\b\.?|kroner\b))"
)
#: What every mention ends with (the end of :data:`_MENTION`, matched the same way): a text
#: without it names no amount; searched before the whole pattern, which is many times slower.
_KRONER = LazyPattern(r"(?i:kr(?:\b|oner\b))")
_UNIT_WORDS = {"mia": Decimal(10) ** 9, "mil": Decimal(10) ** 6, "mio": Decimal(10) ** 6,
               "t.": Decimal(1000), "tus": Decimal(1000)}  # fmt: skip
_YEARLY = LazyPattern(r"\b(?i:årligt|om året|pr\.\s*år|per år|hvert år)\b")


class _Mention:
    """An amount named in a description, in kroner, with the precision it was written with
    (a plain class rather than attrs: attrs builds a class's methods at import, ~0.5 ms)."""

    __slots__ = ("kroner", "precision", "signed", "text")

    text: str
    """As written, e.g. ``1,9 mio. kr.``."""
    kroner: Decimal
    """Its value in kroner."""
    precision: Decimal
    """Half a unit of its last significant digit, in kroner."""
    signed: bool
    """True when it is written with a minus sign ("-1,2 mio. kr."; ``kroner`` is negative);
    False for a figure without a sign, which names a size."""

    def __init__(
        self, *, text: str, kroner: Decimal, precision: Decimal, signed: bool = False
    ) -> None:
        self.text = text
        self.kroner = kroner
        self.precision = precision
        self.signed = signed


def _naming_kroner(texts: list[str | None]) -> list[int]:
    """The positions of the texts that may name an amount, in order: those in which
    :data:`_KRONER` finds `kr`.

    Every mention ends in kr./kroner, and the pattern matches `kr` ignoring case, as `k`,
    `K` or the Kelvin sign and `r` or `R`: a text with none of `kr`, `Kr`, `KR`, `kR` and the
    Kelvin sign names no amount (substring tests are many times faster than the pattern on
    a text without them).
    """
    return [
        index
        for index, text in enumerate(texts)
        if text
        and ("kr" in text or "Kr" in text or "KR" in text or "kR" in text or "\u212a" in text)
        and _KRONER.search(text)
    ]


@functools.lru_cache(maxsize=4096)
def _danish(written: str) -> Decimal | None:
    """``written`` read as a Danish number, or None (``1,000``: English or Danish?); the
    same few figures recur in many descriptions, so each is read once."""
    from bevilling.i18n.formatting import parse_danish

    try:
        return parse_danish(written)
    except AmountSyntaxError:
        return None


@functools.lru_cache(maxsize=4096)
def _value(
    number: str, decimals: str | None, unit_text: str | None
) -> tuple[Decimal, Decimal] | None:
    """A mention's value in kroner and half a unit of its last significant digit, from its
    number, decimals and unit as written (the same few recur: each is read once)."""
    written = number + ("," + decimals if decimals else "")
    value = _danish(written)
    if value is None:
        return None
    unit = (unit_text or "").strip().lower()
    factor = next((f for prefix, f in _UNIT_WORDS.items() if unit.startswith(prefix)), None)
    factor = factor if factor is not None else Decimal(1)
    if decimals:
        step = Decimal(1).scaleb(-len(decimals))
    elif unit:  # "1 mio. kr.", "10 mio. kr.": to the nearest whole unit named
        step = Decimal(1)
    else:  # whole kroner are as precise as their last non-zero digit: 800.000 → 100.000
        digits = number.replace(".", "")
        zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
        step = Decimal(10) ** zeros
    return value * factor, step * factor / 2


def _window(text: str) -> tuple[int, int] | None:
    """Where in ``text`` its mentions can be: from its first digit to just after its last
    `kr` (None when it has no digit or no `kr`).

    Exact, not a guess: a mention starts with a digit (the look-behind before it reads the
    text before the window, as it reads the whole text), and ends with the `kr\b` or
    `kroner\b` that :data:`_KRONER` finds, and then an optional dot; so each ends at most one
    character after the end of the last `kr` found.  That character stays inside the window,
    so `\b` and the dot read it as in the whole text; and no `kr\b` or `kroner\b` ends at
    the window's end (that would be a later `kr` than the last).
    """
    digit = _DIGIT.search(text)
    if digit is None:
        return None
    end = -1
    for match in _KRONER.finditer(text, digit.start()):
        end = match.end()
    if end < 0:
        return None
    return digit.start(), min(end + 1, len(text))


_DIGIT = LazyPattern("[0-9]")


def _mentions(text: str) -> Iterator[_Mention]:
    """The amounts a Danish text names: "1,9 mio. kr.", "800.000 kr.", "1. mio. kr."."""
    window = _window(text)
    if window is None:
        return
    for match in _MENTION.finditer(text, *window):
        number, decimals, unit = match.group("number", "decimals", "unit")
        found = _value(number, decimals, unit)
        if found is not None:
            start = match.start()
            if _signed(text, start):  # "-1,2 mio. kr.": a reduction, with its sign
                yield _Mention(
                    text=text[start - 1] + match.group(0).strip(),
                    kroner=-found[0],
                    precision=found[1],
                    signed=True,
                )
            else:
                yield _Mention(text=match.group(0).strip(), kroner=found[0], precision=found[1])


#: The minus signs a figure may be written with: the hyphen-minus and the minus sign.
_MINUS = frozenset("-\u2212")


def _signed(text: str, start: int) -> bool:
    """True when the mention starting at ``start`` is written with a minus sign right before
    it ("reduktion på -1,2 mio. kr."), and the sign is not a dash between two words or
    figures ("1-2 mio. kr.", "2015-1,9 mio. kr.": a range)."""
    if start == 0 or text[start - 1] not in _MINUS:
        return False
    return start == 1 or not text[start - 2].isalnum()


def _agrees_with(mention: _Mention, kroner: Decimal) -> bool:
    """True when ``kroner`` is what ``mention`` names, within its precision.  A figure written
    without a sign names a size ("reduktion på 1,2 mio. kr." for a row of -1.187 t.kr.), so it
    agrees with an amount of either sign; one written with a minus sign agrees only with a
    negative amount."""
    if not mention.signed:
        kroner = abs(kroner)
    return abs(kroner - mention.kroner) <= mention.precision


def _agrees(mention: _Mention, amount: Decimal, unit: Unit) -> bool:
    return _agrees_with(mention, unit.convert(amount, Unit.DKK))


def descriptions_agree_with_amounts(ledgers: LedgerSet) -> Iterator[Problem]:
    """``description-amount``: an amount named in the description ("1,9 mio. kr.") agrees with
    the row's amount, or with every funded year of its profile when the text says "årligt",
    within the precision the text was written with.  Warns only when no named amount agrees."""
    figures = Figures(ledgers)
    rows = rows_of(ledgers)
    texts = rows.column("description")
    for index in _naming_kroner(texts):
        ledger, _table, a = rows.entries[index]
        text = texts[index]
        mentions = list(_mentions(text))
        if not mentions:
            continue
        kroner = ledger.unit.convert(a.amount, Unit.DKK)
        if any(_agrees_with(m, kroner) for m in mentions):
            continue  # a mention agrees with the amount (the common case)
        yearly = bool(_YEARLY.search(text))
        funded = [v for v in (a.profile or {}).values() if v != 0]
        if (
            yearly
            and funded
            and any(all(_agrees(m, v, ledger.unit) for v in funded) for m in mentions)
        ):
            continue  # "årligt": a mention agrees with every funded year
        places = figures.places(ledger, a.amount)
        named = [Unit.DKK.convert(m.kroner, ledger.unit) for m in mentions]
        # each named amount exactly (never rounded to the row's decimals): the figure to
        # copy into `named:` is the one shown
        said = ", ".join(
            f"{m.text} (= {figures.fmt(value, figures.places(ledger, a.amount, value))})"
            for m, value in zip(mentions, named, strict=True)
        )
        amount = figures.fmt(a.amount, places)
        if yearly and funded:
            message = _(
                "{row}: the description says {said}, but the amount is {amount} ({unit}) and"
                " the years are {years}",
                row=row_name(a),
                said=said,
                amount=amount,
                unit=figures.unit(ledger),
                years=", ".join(
                    f"{y}: {figures.fmt(v, places)}" for y, v in (a.profile or {}).items() if v
                ),
            )
        else:
            message = _(
                "{row}: the description says {said}, but the amount is {amount} ({unit})",
                row=row_name(a),
                said=said,
                amount=amount,
                unit=figures.unit(ledger),
            )
        described = problems.Described(a.id, tuple(map(_exact, named)), a.amount)
        yield Problem(
            "description-amount",
            Severity.WARNING,
            message,
            Location(a.location.file, a.location.line, a.location.last_line),
            _hint(described, ledger.number_format, mentions),
            described=described,
        )


def _exact(value: Decimal) -> Decimal:
    """``value`` without trailing zeros (``1900.0000`` → ``1900``): the same number, as a
    ledger would write it."""
    return value.normalize() if value else Decimal(0)


def _recordable(value: Decimal) -> bool:
    """True when a ledger can record ``value`` (it is within the range of amounts)."""
    try:
        check_amount_range(value, "")
    except AmountSyntaxError:
        return False
    return True


def entry_keys(described: Described, number_format: NumberFormat) -> str | None:
    """The keys of an ``accepted:`` entry accepting exactly the finding of ``described``, as
    the ledger writes them (each in backticks), or None when a named amount is outside the
    range a ledger can record (such a finding cannot be pinned, so cannot be accepted)."""
    # Imported here: only a finding needs the writer (start-up).
    from bevilling.write import format_ledger_amount, format_named, quote

    if not all(map(_recordable, described.named)):
        return None
    keys = (
        f"appropriation: {quote(described.appropriation)}",
        f"named: {format_named(described.named, number_format)}",
        f"amount: {format_ledger_amount(described.amount, number_format)}",
    )
    return ", ".join(f"`{key}`" for key in keys)


def _hint(described: Described, number_format: NumberFormat, mentions: list[_Mention]) -> str:
    """How to fix the finding, or accept it with exactly its figures."""
    keys = entry_keys(described, number_format)
    if keys is None:
        said = ", ".join(
            m.text for m, value in zip(mentions, described.named, strict=True)
            if not _recordable(value)
        )  # fmt: skip
        return _(
            "check the source: if the amount is mistyped, fix it; the description names an"
            " amount a ledger cannot record ({said}), so the finding cannot be accepted: correct"
            " the description, or leave the check out with `--ignore description-amount`",
            said=said,
        )
    return _(
        "check the source: if the amount is mistyped, fix it; if the source itself disagrees,"
        " keep both as printed and record the finding under `accepted:` with `code:"
        " description-amount`, {keys} and a reason",
        keys=keys,
    )
