"""Every locale-dependent call (babel) lives here: parsing Danish numbers, formatting amounts.

babel and its locale data are imported on first use, not at import time, so that commands
which never format a number (``bevilling --version``) do not pay for them.

>>> format_amount(Decimal("48779"), "da")
'48.779'
>>> format_amount(Decimal("271.1"), "en", places=1)
'271.1'
>>> parse_danish("5.190")
Decimal('5190')
"""

from __future__ import annotations

import os
import re
from decimal import Decimal

from bevilling.money import AmountSyntaxError

__all__ = ["LOCALES", "format_amount", "parse_danish", "resolve_locale"]

#: The locales bevilling speaks: Danish (the default) and English.
LOCALES = ("da", "en")

#: The environment variable that sets the locale when no --locale is given.
LOCALE_ENV = "BEVILLING_LOCALE"


def resolve_locale(requested: str | None = None) -> str:
    """The locale to use: ``requested``, else ``$BEVILLING_LOCALE``, else Danish.

    Accepts ``da``/``en`` and longer tags such as ``da_DK`` or ``en-GB``; anything else
    raises ``ValueError`` (the CLI turns that into a usage error).
    """
    value = requested or os.environ.get(LOCALE_ENV) or "da"
    language = value.replace("-", "_").split("_")[0].split(".")[0].lower()
    if language not in LOCALES:
        raise ValueError(f"unsupported locale {value!r}: use one of {', '.join(LOCALES)}")
    return language


# Characters a Danish amount may contain before babel looks at it.
_DANISH_CHARS = re.compile(r"-?[0-9][0-9.]*(?:,[0-9]+)?\Z")
# "1,000" or "12,500": English thousands grouping, which babel would read as 1 and 12.5.
_LOOKS_ENGLISH = re.compile(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+\Z")


def parse_danish(text: str) -> Decimal:
    """Read an amount written in Danish notation (``5.190``, ``18,3``, ``-1.200``), strictly.

    Raises :class:`~bevilling.money.AmountSyntaxError` with code ``ambiguous-number`` for text
    that looks like English thousands grouping (``1,000``: babel would read it as 1) and
    ``bad-number`` for anything else that is not a well-formed Danish number.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    stripped = text.strip()
    if _LOOKS_ENGLISH.match(stripped):
        grouped = stripped.replace(",", ".")
        raise AmountSyntaxError(
            f"{text!r} looks like English thousands grouping: in Danish notation it means"
            f" {stripped.replace(',', '.', 1)}",
            code="ambiguous-number",
            hint=(
                f"this ledger declares `number_format: da`, so write '{grouped}' if you mean"
                f" {stripped.replace(',', '')} (Danish uses '.' between thousands), or"
                f" '{Decimal(stripped.replace(',', '.', 1)).normalize()}' if you mean the"
                " fraction"
            ),
        )
    if not _DANISH_CHARS.match(stripped):
        raise AmountSyntaxError(
            f"{text!r} is not a number in Danish notation",
            code="bad-number",
            hint="write digits with '.' between thousands and ',' before decimals, e.g. '5.190'"
            " or '18,3'; a reduction takes a leading minus",
        )
    try:
        value = parse_decimal(stripped, locale="da", strict=True)
    except NumberFormatError as error:
        suggestions = getattr(error, "suggestions", None) or []
        shown = " or ".join(f"'{s}'" for s in suggestions)
        raise AmountSyntaxError(
            f"{text!r} is not a well-formed number in Danish notation",
            code="bad-number",
            hint=f"did you mean {shown}?" if shown else "write e.g. '5.190' or '18,3'",
        ) from None
    if not value.is_finite():  # pragma: no cover - the character check rules these out
        raise AmountSyntaxError(f"{text!r} is not finite", code="bad-number", hint="")
    return value


def format_amount(value: Decimal, locale: str = "da", *, places: int | None = None) -> str:
    """Format ``value`` with the locale's grouping and decimal signs.

    ``places`` fixes the number of decimals (rounding half-even, as babel does); by default
    the value's own decimals are shown.
    """
    from babel.numbers import format_decimal

    if places is None:
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(value, format=pattern, locale=locale, decimal_quantization=True))
