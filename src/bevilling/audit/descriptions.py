"""Checks of amounts named in descriptions ("JKA få 1,9 mio. kr."): they agree with the row."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from decimal import Decimal

from bevilling.audit.support import Figures, row_name
from bevilling.core.model import LedgerSet, Unit
from bevilling.core.money import AmountSyntaxError
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = ["descriptions_agree_with_amounts"]

_MENTION = re.compile(
    r"(?<![0-9.,])(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<decimals>[0-9]+))?"
    r"(?:\.(?=\s))?\s*"
    # The unit ends at its last letter or dot and the spaces after it belong to the `\s*` in
    # the same optional group: no two runs of `\s` stand side by side, so a run of spaces can
    # be split only one way (linear; `\s*(unit)?\s*` was quadratic in the run's length).
    r"(?:(?P<unit>mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|t\.|tusind(?:e)?)\s*)?"
    r"(?:kr\b\.?|kroner\b)",
    re.IGNORECASE,
)
_UNIT_WORDS = {"mia": Decimal(10) ** 9, "mil": Decimal(10) ** 6, "mio": Decimal(10) ** 6,
               "t.": Decimal(1000), "tus": Decimal(1000)}  # fmt: skip
_YEARLY = re.compile(r"\b(?:årligt|om året|pr\.\s*år|per år|hvert år)\b", re.IGNORECASE)


class _Mention:
    """An amount named in a description, in kroner, with the precision it was written with
    (a plain class rather than attrs: attrs builds a class's methods at import, ~0.5 ms)."""

    __slots__ = ("kroner", "precision", "text")

    text: str
    """As written, e.g. ``1,9 mio. kr.``."""
    kroner: Decimal
    """Its value in kroner."""
    precision: Decimal
    """Half a unit of its last significant digit, in kroner."""

    def __init__(self, *, text: str, kroner: Decimal, precision: Decimal) -> None:
        self.text = text
        self.kroner = kroner
        self.precision = precision


def _may_mention(text: str) -> bool:
    """False when ``text`` names no amount: every mention ends in kr./kroner, and the pattern
    matches `kr` ignoring case, as `k`, `K` or the Kelvin sign and `r` or `R` (substring tests
    are many times faster than the pattern on a text without them)."""
    return "kr" in text or "Kr" in text or "KR" in text or "kR" in text or "\u212a" in text


@functools.lru_cache(maxsize=4096)
def _danish(written: str) -> Decimal | None:
    """``written`` read as a Danish number, or None (``1,000``: English or Danish?); the
    same few figures recur in many descriptions, so each is read once."""
    from bevilling.i18n.formatting import parse_danish

    try:
        return parse_danish(written)
    except AmountSyntaxError:
        return None


def _mentions(text: str) -> Iterator[_Mention]:
    """The amounts a Danish text names: "1,9 mio. kr.", "800.000 kr.", "1. mio. kr."."""
    if not _may_mention(text):
        return
    for match in _MENTION.finditer(text):
        written = match.group("number") + (
            "," + match.group("decimals") if match.group("decimals") else ""
        )
        value = _danish(written)
        if value is None:
            continue
        unit = (match.group("unit") or "").strip().lower()
        factor = next((f for prefix, f in _UNIT_WORDS.items() if unit.startswith(prefix)), None)
        factor = factor if factor is not None else Decimal(1)
        if match.group("decimals"):
            step = Decimal(1).scaleb(-len(match.group("decimals")))
        elif unit:  # "1 mio. kr.", "10 mio. kr.": to the nearest whole unit named
            step = Decimal(1)
        else:  # whole kroner are as precise as their last non-zero digit: 800.000 → 100.000
            digits = match.group("number").replace(".", "")
            zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
            step = Decimal(10) ** zeros
        yield _Mention(
            text=match.group(0).strip(), kroner=value * factor, precision=step * factor / 2
        )


def _agrees(mention: _Mention, amount: Decimal, unit: Unit) -> bool:
    kroner = unit.convert(amount, Unit.DKK)
    return abs(kroner - mention.kroner) <= mention.precision


def descriptions_agree_with_amounts(ledgers: LedgerSet) -> Iterator[Problem]:
    """``description-amount``: an amount named in the description ("1,9 mio. kr.") agrees with
    the row's amount, or with every funded year of its profile when the text says "årligt",
    within the precision the text was written with.  Warns only when no named amount agrees."""
    figures = Figures()
    for ledger, _table, a in ledgers.entries():
        if not a.description or not _may_mention(a.description):
            continue
        mentions = list(_mentions(a.description))
        if not mentions:
            continue
        yearly = bool(_YEARLY.search(a.description))
        funded = [v for v in (a.profile or {}).values() if v != 0]
        if any(
            _agrees(m, a.amount, ledger.unit)
            or (yearly and funded and all(_agrees(m, v, ledger.unit) for v in funded))
            for m in mentions
        ):
            continue
        places = figures.places(ledger, a.amount)
        said = ", ".join(
            f"{m.text} (= {figures.fmt(Unit.DKK.convert(m.kroner, ledger.unit), places)})"
            for m in mentions
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
        yield Problem(
            "description-amount",
            Severity.WARNING,
            message,
            Location(a.location.file, a.location.line, a.location.last_line),
            _(
                "check the source: if the amount is mistyped, fix it; if the source itself"
                " disagrees, keep both as printed and accept it with `code: description-amount`"
                " and `appropriation: {id}`",
                id=a.id,
            ),
        )
