"""The one place where amounts become :class:`~decimal.Decimal`.

Every amount in bevilling is a ``Decimal`` from the first character read to the last one
printed.  :func:`D` is the only constructor the rest of the code uses; it refuses floats (and
booleans, which are ints in disguise) so that a binary fraction can never sneak into a sum.

:func:`parse_plain` reads the text of a ledger amount in the plain notation (``1200``,
``-500``, ``18.3``).  It does not use babel: the Danish notation is parsed in
:mod:`bevilling.i18n.formatting`, where every locale-dependent call lives.

The messages of :class:`AmountSyntaxError` are marked with :func:`N_` for the ``core``
catalog and kept apart from their values (``core`` imports no translation code; a ``Decimal``
value is formatted for the reader's locale): the layer that shows one translates it, with
:func:`bevilling.i18n.formatting.amount_error_text`.

>>> D("1200") + D(300)
Decimal('1500')
>>> D(0.1)
Traceback (most recent call last):
...
TypeError: D() refuses float 0.1: floats cannot hold amounts exactly; pass the text '0.1' instead
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from decimal import Decimal, InvalidOperation

from bevilling.core.lazy import LazyPattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ParamSpec, TypeVar

    P = ParamSpec("P")
    R = TypeVar("R")

__all__ = [
    "EXACT_DIGITS",
    "MAX_DECIMALS",
    "MAX_INTEGER_DIGITS",
    "ZERO",
    "AmountSyntaxError",
    "D",
    "amount_range_error",
    "check_amount_range",
    "exact_context",
    "exact_decimals",
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
_PLAIN = LazyPattern(r"-?[0-9]+(?:\.[0-9]+)?\Z")
# What Danish thousands grouping looks like: 1.200, 14.752, 1.234.567 (never a leading 0).
_LOOKS_GROUPED = LazyPattern(r"-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+\Z")
# ... and English grouping: 1,000 (or, to a Danish reader, 1 with a decimal comma).
_LOOKS_ENGLISH_GROUPED = LazyPattern(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+\Z")


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a deferred message
    """Mark ``message`` for the ``core`` catalog; the layer that shows it translates it."""
    return message


class AmountSyntaxError(ValueError):
    """The text of an amount is not a number in the expected notation.

    ``code`` is the problem code the loader reports (``ambiguous-number``, ``bad-number`` or
    ``amount-out-of-range``) and ``hint`` says how to write the value instead.  Both are
    English; ``template``/``values`` and ``hint_template``/``hint_values`` keep the catalog
    message (domain ``core``) apart from its values, for the layer that translates them.  A
    message given without values (already translated by :mod:`bevilling.i18n`) is its own
    template.
    """

    def __init__(
        self,
        message: str,
        *,
        code: str,
        hint: str,
        values: Mapping[str, object] | None = None,
        hint_values: Mapping[str, object] | None = None,
    ) -> None:
        self.template = message
        self.values: dict[str, object] = dict(values or {})
        self.hint_template = hint
        self.hint_values: dict[str, object] = dict(hint_values or {})
        super().__init__(_fill(message, self.values))
        self.code = code
        self.hint = _fill(hint, self.hint_values)


def _fill(template: str, values: Mapping[str, object]) -> str:
    """``template`` with ``values`` (a ``Decimal`` in plain notation), in English."""
    if not values:
        return template
    return template.format(
        **{k: plain_text(v) if isinstance(v, Decimal) else v for k, v in values.items()}
    )


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
    shown = f"{text.strip()[:40]!r}{'...' if len(text.strip()) > 40 else ''}"
    return AmountSyntaxError(
        N_(
            "{text} is outside the range of amounts bevilling accepts (at most {digits} digits"
            " before the decimal sign and {decimals} after it)"
        ),
        values={"text": shown, "digits": MAX_INTEGER_DIGITS, "decimals": MAX_DECIMALS},
        code="amount-out-of-range",
        hint=N_(
            "check the figure against the source document: a digit may have been repeated;"
            " for amounts this large, choose a larger `unit` (1000 DKK or mio DKK)"
        ),
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
        if stripped.count(".") > 1:
            message = N_("{text} looks like Danish thousands grouping: it could mean {whole}")
            values: dict[str, object] = {"text": repr(text), "whole": plain}
        else:
            message = N_(
                "{text} looks like Danish thousands grouping: it could mean {whole} or {fraction}"
            )
            fraction = Decimal(stripped).normalize()
            values = {"text": repr(text), "whole": plain, "fraction": fraction}
        raise AmountSyntaxError(
            message,
            values=values,
            code="ambiguous-number",
            hint=N_(
                "write {plain} if the source prints {printed} in Danish notation (no thousands"
                " separator in plain ledgers), or declare `number_format: da` at the top of the"
                " ledger to write Danish numbers ('5.190', '18,3')"
            ),
            hint_values={"plain": plain, "printed": stripped},
        )
    if _LOOKS_ENGLISH_GROUPED.match(stripped):
        plain = stripped.replace(",", "")
        if stripped.count(",") == 1:
            message = N_(
                "{text} could mean {whole} (English thousands comma) or {fraction} (Danish"
                " decimal comma)"
            )
            fraction = Decimal(stripped.replace(",", ".", 1)).normalize()
            values = {"text": repr(text), "whole": plain, "fraction": fraction}
        else:
            message = N_("{text} uses commas between thousands")
            values = {"text": repr(text)}
        raise AmountSyntaxError(
            message,
            values=values,
            code="ambiguous-number",
            hint=N_("write {plain} if you mean the whole number; plain ledgers use no separators"),
            hint_values={"plain": plain},
        )
    if _PLAIN.match(stripped):
        return Decimal(stripped)
    hint, hint_values = _bad_number_hint(stripped)
    raise AmountSyntaxError(
        N_("{text} is not a plain number"),
        values={"text": repr(text)},
        code="bad-number",
        hint=hint,
        hint_values=hint_values,
    )


#: A number as people print it: sign, digits grouped by one separator, one decimal separator.
#: (A pattern, compiled by re on first use: only a hint needs it; start-up.)
_PRINTED = (
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
    match = re.match(_PRINTED, text.strip())
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


def _bad_number_hint(text: str) -> tuple[str, dict[str, object]]:
    """Say how to write ``text`` as a plain number, as precisely as we can tell: the hint's
    catalog message and its values.

    A hint that proposes a number proposes the value the text stands for, never another.
    """
    lowered = text.lower()
    if lowered.lstrip("+-.") in {"nan", "inf", "infinity"}:
        return N_("amounts must be finite numbers: write the figure from the source document"), {}
    meant = meant_value(text)
    if meant is not None:
        written: dict[str, object] = {"written": plain_text(meant)}
        if "," in text:
            return N_(
                "write {written} (plain ledgers use a decimal point and no thousands"
                " separator), or declare `number_format: da` to write Danish numbers such as"
                " '1.234,5'"
            ), written
        if text.startswith("+"):
            return N_("write {written} without the plus sign"), written
        if text.startswith("\u2212"):
            return N_("write {written} with the ordinary minus sign (-)"), written
        return N_("write {written} without separators"), written
    if "e" in lowered and not lowered.startswith("0x"):
        return N_("write the number out in full digits, without an exponent"), {}
    if lowered.startswith(("0x", "-0x", "0o", "0b")):
        return N_("write the amount in decimal digits"), {}
    if text == "":
        return N_("write the amount as digits, for example 1200"), {}
    if text.startswith("+"):
        return N_("remove the plus sign, and write the figure as plain digits (1234.5)"), {}
    return N_(
        "write digits with an optional decimal point and a leading minus for reductions,"
        " without thousands separators (1234.5)"
    ), {}


#: Significant digits every sum bevilling makes fits in: an amount has at most 15 + 6 digits,
#: converting mio. kr. to kr. adds 6, and a sum of a million records 6 more (33); Python's
#: default context keeps 28 and rounds (or, in ``quantize``, raises) beyond them.
EXACT_DIGITS = 64


def exact_context() -> AbstractContextManager[decimal.Context]:
    """A decimal context, for a ``with`` block, in which sums and conversions of amounts stay
    exact (:data:`EXACT_DIGITS` significant digits; the current context's other settings).

    >>> from decimal import getcontext
    >>> with exact_context():
    ...     getcontext().prec
    64
    """
    context = decimal.getcontext().copy()
    context.prec = max(context.prec, EXACT_DIGITS)
    return decimal.localcontext(context)


def exact_decimals(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run in :func:`exact_context` (for the queries of the library API, which
    callers use outside the command line)."""

    @functools.wraps(function)
    def exact(*args: P.args, **kwargs: P.kwargs) -> R:
        with exact_context():
            return function(*args, **kwargs)

    return exact
