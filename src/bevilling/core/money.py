"""The one place where amounts become :class:`~decimal.Decimal`.

Every amount in bevilling is a ``Decimal`` from the first character read to the last one
printed.  :func:`D` is the only constructor the rest of the code uses; it refuses floats (and
booleans, which are ints in disguise) so that a binary fraction can never sneak into a sum.

:func:`parse_plain` reads the text of a ledger amount in the plain notation (``1200``,
``-500``, ``18.3``).  It does not use babel: the Danish notation is parsed in
:mod:`bevilling.i18n.formatting`, where every locale-dependent call lives.

>>> D("1200") + D(300)
Decimal('1500')
>>> D(0.1)
Traceback (most recent call last):
...
TypeError: D() refuses float 0.1: floats cannot hold amounts exactly; pass the text '0.1' instead
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = ["ZERO", "AmountSyntaxError", "D", "parse_plain"]

ZERO = Decimal(0)

# Plain notation: optional minus, digits, optional "." and digits.  Nothing else.
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
# What Danish thousands grouping looks like: 1.200, 14.752, 1.234.567 (never a leading 0).
_LOOKS_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+\Z")
# ... and English grouping: 1,000 (or, to a Danish reader, 1 with a decimal comma).
_LOOKS_ENGLISH_GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+\Z")


class AmountSyntaxError(ValueError):
    """The text of an amount is not a number in the expected notation.

    ``code`` is the problem code the loader reports (``ambiguous-number`` or ``bad-number``)
    and ``hint`` says how to write the value instead.
    """

    def __init__(self, message: str, *, code: str, hint: str) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


def D(value: str | int | Decimal) -> Decimal:  # noqa: N802 - beancount's name for the helper
    """Make a ``Decimal`` from text, an int or a ``Decimal``; refuse floats and booleans.

    Text is taken as Python's ``Decimal`` reads it; use :func:`parse_plain` for ledger
    input, which is stricter.  Non-finite values (NaN, infinities) are refused.
    """
    if isinstance(value, bool):
        raise TypeError(f"D() refuses bool {value!r}: it is not an amount")
    if isinstance(value, float):
        raise TypeError(
            f"D() refuses float {value!r}: floats cannot hold amounts exactly;"
            f" pass the text {str(value)!r} instead"
        )
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(f"D() cannot read {value!r} as a number") from None
    else:
        raise TypeError(f"D() takes str, int or Decimal, not {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"D() refuses the non-finite value {value!r}")
    return result


def parse_plain(text: str) -> Decimal:
    """Read an amount written in the plain notation of a ledger.

    Plain digits with an optional ``.`` decimal part and an optional leading minus.  A value
    that looks like Danish thousands grouping (``1.200``) is refused as ambiguous, because a
    reader cannot tell 1.2 from 1200; NaN, infinities, exponents, hexadecimal, underscores,
    thousands commas and spaces are refused as not being plain numbers.

    >>> parse_plain("14752")
    Decimal('14752')
    >>> parse_plain("-0.5")
    Decimal('-0.5')
    """
    stripped = text.strip()
    if _LOOKS_GROUPED.match(stripped):
        plain = stripped.replace(".", "")
        readings = (
            plain if stripped.count(".") > 1 else f"{plain} or {Decimal(stripped).normalize()}"
        )
        raise AmountSyntaxError(
            f"{text!r} looks like Danish thousands grouping: it could mean {readings}",
            code="ambiguous-number",
            hint=(
                f"write {plain} if the source prints {stripped} in Danish notation (no"
                " thousands separator in plain ledgers), or declare `number_format: da` at"
                " the top of the ledger to write Danish numbers ('5.190', '18,3')"
            ),
        )
    if _LOOKS_ENGLISH_GROUPED.match(stripped):
        plain = stripped.replace(",", "")
        raise AmountSyntaxError(
            f"{text!r} could mean {plain} (English thousands comma) or"
            f" {Decimal(stripped.replace(',', '.', 1)).normalize()} (Danish decimal comma)"
            if stripped.count(",") == 1
            else f"{text!r} uses commas between thousands",
            code="ambiguous-number",
            hint=f"write {plain} if you mean the whole number; plain ledgers use no separators",
        )
    if _PLAIN.match(stripped):
        return Decimal(stripped)
    raise AmountSyntaxError(
        f"{text!r} is not a plain number",
        code="bad-number",
        hint=_bad_number_hint(stripped),
    )


def _bad_number_hint(text: str) -> str:
    """Say how to write ``text`` as a plain number, as precisely as we can tell."""
    lowered = text.lower()
    if lowered.lstrip("+-.") in {"nan", "inf", "infinity"}:
        return "amounts must be finite numbers: write the figure from the source document"
    if "," in text and re.fullmatch(r"-?[0-9]+,[0-9]+", text):
        return (
            f"write {text.replace(',', '.')} with a decimal point, or declare"
            " `number_format: da` to write Danish numbers such as '18,3'"
        )
    if "," in text:
        return (
            f"write {text.replace(',', '')} without thousands separators, or declare"
            " `number_format: da`"
        )
    if "e" in lowered and not lowered.startswith("0x"):
        return "write the number out in full digits, without an exponent"
    if lowered.startswith(("0x", "-0x", "0o", "0b")):
        return "write the amount in decimal digits"
    if "_" in text or " " in text:
        return f"write {re.sub(r'[_ ]', '', text)} without separators"
    if text.startswith("+"):
        return f"write {text[1:]} without the plus sign"
    if text == "":
        return "write the amount as digits, for example 1200"
    return "write digits with an optional decimal point and a leading minus for reductions"
