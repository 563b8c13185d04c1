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

__all__ = [
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "ZERO",
    "AmountSyntaxError",
    "D",
    "amount_range_error",
    "check_amount_range",
    "parse_plain",
    "plain_text",
    "too_many_digits",
]

ZERO = Decimal(0)

#: The range of amounts bevilling accepts: at most 15 digits before the decimal point (below
#: 10**15, several hundred times Denmark's yearly state budget in DKK) and at most 6 after it
#: (one krone in an amount written in millions).  Any sum of up to a million such amounts has
#: at most 27 significant digits, so it is exact in Python's default decimal context (28
#: digits): no report can round, overflow or raise on a ledger that loads.
MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 6

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


def too_many_digits(text: str) -> bool:
    """True when ``text`` holds more digits than any amount in range can be written with.

    Cheap, and checked before a locale parser or ``Decimal`` sees the text.
    """
    limit = MAX_INTEGER_DIGITS + MAX_DECIMALS
    return len(text) > limit and sum(character.isdigit() for character in text) > limit


def amount_range_error(text: str) -> AmountSyntaxError:
    """The ``amount-out-of-range`` error for the amount written as ``text``."""
    return AmountSyntaxError(
        f"{text.strip()[:40]!r}{'...' if len(text.strip()) > 40 else ''} is outside the range"
        f" of amounts bevilling accepts (at most {MAX_INTEGER_DIGITS} digits before the"
        f" decimal sign and {MAX_DECIMALS} after it)",
        code="amount-out-of-range",
        hint="check the figure against the source document: a digit may have been repeated;"
        " for amounts this large, choose a larger `unit` (1000 DKK or mio DKK)",
    )


def check_amount_range(value: Decimal, text: str) -> Decimal:
    """``value`` if it is within the accepted range, else :class:`AmountSyntaxError`.

    >>> check_amount_range(D("999999999999999.999999"), "")
    Decimal('999999999999999.999999')
    >>> check_amount_range(D("1000000000000000"), "1000000000000000")
    Traceback (most recent call last):
    ...
    bevilling.core.money.AmountSyntaxError: '1000000000000000' is outside the range of amounts \
bevilling accepts (at most 15 digits before the decimal sign and 6 after it)
    """
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int):
        raise amount_range_error(text)
    integer_digits = len(digits) + exponent if value else 0
    if integer_digits > MAX_INTEGER_DIGITS or -exponent > MAX_DECIMALS:
        raise amount_range_error(text)
    return value


def plain_text(value: Decimal) -> str:
    """``value`` in the plain notation of a ledger (no exponent, no grouping).

    >>> plain_text(D("1234.5")), plain_text(D("-0.05")), plain_text(D("1E+3"))
    ('1234.5', '-0.05', '1000')
    """
    return format(value, "f")


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
            plain
            if stripped.count(".") > 1
            else f"{plain} or {plain_text(Decimal(stripped).normalize())}"
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
            f" {plain_text(Decimal(stripped.replace(',', '.', 1)).normalize())} (Danish decimal"
            " comma)"
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


#: A number as people print it: sign, digits grouped by one separator, one decimal separator.
_PRINTED = re.compile(
    r"(?P<sign>[-+\u2212]?)(?P<head>[0-9]+)"
    r"(?P<groups>(?P<sep>[ ._,'\u00a0\u202f])[0-9]{3}(?:(?P=sep)[0-9]{3})*)?"
    r"(?:(?P<dec>[.,])(?P<decimals>[0-9]+))?\Z"
)


def meant_value(text: str) -> Decimal | None:
    """The value a number printed with separators stands for, when only one reading exists.

    ``1.234,5`` (Danish) and ``1,234.5`` (English) are both 1234.5; ``1 200`` is 1200.  None
    when the text could mean two values (``1.200``: 1200 or 1.2) or is no printed number.

    >>> meant_value("1.234,5"), meant_value("1,234.5"), meant_value("1 200"), meant_value("1.200")
    (Decimal('1234.5'), Decimal('1234.5'), Decimal('1200'), None)
    """
    match = _PRINTED.match(text.strip())
    if match is None:
        return None
    head, sep, dec = match["head"], match["sep"], match["dec"]
    grouped = match["groups"] is not None
    if grouped and (len(head) > 3 or head.startswith("0") or sep == dec):
        return None  # groups of three after a head of one to three digits, or no grouping
    if not dec and grouped and sep in ".," and match["groups"].count(sep) == 1:
        return None  # 1.200 / 1,200: a group or decimals?
    if dec and not grouped and len(match["decimals"]) == 3 and len(head) <= 3 and head[0] != "0":
        return None  # 1,200 / 1.200 with a sign in front: the same question
    digits = head + (match["groups"] or "").replace(sep or " ", "")
    number = digits + ("." + match["decimals"] if dec else "")
    value = Decimal(number)
    return -value if match["sign"] in ("-", "\u2212") else value


def _bad_number_hint(text: str) -> str:
    """Say how to write ``text`` as a plain number, as precisely as we can tell.

    A hint that proposes a number proposes the value the text stands for, never another.
    """
    lowered = text.lower()
    if lowered.lstrip("+-.") in {"nan", "inf", "infinity"}:
        return "amounts must be finite numbers: write the figure from the source document"
    meant = meant_value(text)
    if meant is not None:
        written = plain_text(meant)
        if "," in text:
            return (
                f"write {written} (plain ledgers use a decimal point and no thousands"
                " separator), or declare `number_format: da` to write Danish numbers such as"
                " '1.234,5'"
            )
        if text.startswith("+"):
            return f"write {written} without the plus sign"
        if text.startswith("\u2212"):
            return f"write {written} with the ordinary minus sign (-)"
        return f"write {written} without separators"
    if "e" in lowered and not lowered.startswith("0x"):
        return "write the number out in full digits, without an exponent"
    if lowered.startswith(("0x", "-0x", "0o", "0b")):
        return "write the amount in decimal digits"
    if text == "":
        return "write the amount as digits, for example 1200"
    if text.startswith("+"):
        return "remove the plus sign, and write the figure as plain digits (1234.5)"
    return (
        "write digits with an optional decimal point and a leading minus for reductions,"
        " without thousands separators (1234.5)"
    )
