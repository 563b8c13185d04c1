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

import re
from decimal import Decimal

from bevilling.core.lazy import LazyPattern
from bevilling.core.money import AmountSyntaxError
from bevilling.i18n.catalogs import (
    LOCALES,
    N_,
    catalog,
    current_locale,
    resolve_locale,
    translate,
)

_, _n = catalog(__name__)

__all__ = [
    "CSV_DIALECTS",
    "LOCALES",
    "amount_error_text",
    "amount_header",
    "count_phrase",
    "format_amount",
    "format_csv_amount",
    "label",
    "parse_danish",
    "resolve_locale",
    "unit_abbreviation",
]

# Characters a Danish amount may contain before babel looks at it.
_DANISH_CHARS = LazyPattern(r"-?[0-9][0-9.]*(?:,[0-9]+)?\Z")
# "1,000" or "12,500": English thousands grouping, which babel would read as 1 and 12.5.
_LOOKS_ENGLISH = LazyPattern(r"-?[1-9][0-9]{0,2}(?:,[0-9]{3})+\Z")


def _plain_danish(text: str) -> bool:
    r"""Whether ``text`` is a Danish number in a common well-formed shape ("0", "5.190",
    "-1.200", "18,3") that babel would read as the same Decimal, and does not look like English
    grouping (_LOOKS_ENGLISH): parse_danish reads those without babel.

    The shapes are ``-?(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})*|[1-9][0-9]*)(?:,[0-9]+)?\Z``, tested
    here without compiling that pattern (start-up; a test compares the two on every shape).
    """
    body = text[1:] if text[:1] == "-" else text
    if not body.isascii():
        return False
    whole, comma, decimals = body.partition(",")
    if comma and not decimals.isdigit():
        return False
    head, *groups = whole.split(".")
    if not head.isdigit() or (head[0] == "0" and whole != "0"):
        return False
    if groups and (len(head) > 3 or not all(len(g) == 3 and g.isdigit() for g in groups)):
        return False
    # "1,000": one comma and three digits after a short whole number is _LOOKS_ENGLISH.
    return not (comma and len(decimals) == 3 and not groups and len(head) <= 3 and head != "0")


def parse_danish(text: str) -> Decimal:
    """Read an amount written in Danish notation (``5.190``, ``18,3``, ``-1.200``), strictly.

    Raises :class:`~bevilling.core.money.AmountSyntaxError` with code ``ambiguous-number`` for text
    that looks like English thousands grouping (``1,000``: babel would read it as 1) and
    ``bad-number`` for anything else that is not a well-formed Danish number.
    """
    stripped = text.strip()
    if _plain_danish(stripped):
        # The common well-formed shapes: the value babel gives, without babel (start-up).
        return Decimal(stripped.replace(".", "").replace(",", "."))
    from babel.numbers import NumberFormatError, parse_decimal

    if _LOOKS_ENGLISH.match(stripped):
        grouped = stripped.replace(",", ".")
        whole = stripped.replace(",", "")
        if stripped.count(",") == 1:
            fraction = Decimal(stripped.replace(",", ".")).normalize()
            message = _(
                "{text} could mean {whole} (English thousands comma) or {fraction}"
                " (Danish decimal comma)",
                text=repr(text),
                whole=whole,
                fraction=fraction,
            )
            hint = _(
                "this ledger declares `number_format: da`: write '{grouped}' for {whole}"
                " (Danish puts '.' between thousands), or '{danish_fraction}' for the fraction",
                grouped=grouped,
                whole=whole,
                danish_fraction=str(fraction).replace(".", ","),
            )
        else:
            message = _("{text} puts commas between thousands, as English does", text=repr(text))
            hint = _("this ledger declares `number_format: da`: write '{grouped}'", grouped=grouped)
        raise AmountSyntaxError(message, code="ambiguous-number", hint=hint)
    if not _DANISH_CHARS.match(stripped):
        raise AmountSyntaxError(
            _("{text} is not a number in Danish notation", text=repr(text)),
            code="bad-number",
            hint=_(
                "write digits with '.' between thousands and ',' before decimals, e.g. '5.190'"
                " or '18,3'; a reduction takes a leading minus"
            ),
        )
    try:
        value = parse_decimal(stripped, locale="da", strict=True)
    except NumberFormatError:
        raise AmountSyntaxError(
            _("{text} is not a well-formed number in Danish notation", text=repr(text)),
            code="bad-number",
            hint=_danish_hint(stripped),
        ) from None
    if not value.is_finite():  # pragma: no cover - the character check rules these out
        raise AmountSyntaxError(
            _("{text} is not finite", text=repr(text)), code="bad-number", hint=""
        )
    return value


def amount_error_text(error: AmountSyntaxError, locale: str | None = None) -> tuple[str, str]:
    """The message and the hint of ``error`` in ``locale`` (default: the current one).

    :mod:`bevilling.core.money` keeps its messages apart from their values (domain ``core``);
    the errors :func:`parse_danish` raises are translated already and come back as they are.

    >>> from bevilling.core.money import parse_plain
    >>> try:
    ...     parse_plain("1.200")
    ... except AmountSyntaxError as error:
    ...     amount_error_text(error, "da")[0]
    "'1.200' ligner et tal med dansk tusindtalsseparator: det kan betyde 1200 eller 1,2"
    """
    locale = locale or current_locale()

    def filled(values: dict[str, object]) -> dict[str, object]:
        return {
            key: format_amount(value, locale) if isinstance(value, Decimal) else value
            for key, value in values.items()
        }

    return (
        translate("core", error.template, locale, **filled(error.values)),
        translate("core", error.hint_template, locale, **filled(error.hint_values)),
    )


def _danish_hint(text: str) -> str:
    """How to write ``text`` in Danish notation, naming no value the text does not say.

    babel proposes regroupings ('1200.5' → '12.005', '0.5' → '5'): values nobody meant. A
    plain decimal gets its Danish spelling; anything else the rule, without a value.
    """
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        danish = f"{Decimal(text):,}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return _(
            "',' comes before the decimals and '.' only between thousands: write '{danish}'"
            " for {text}",
            danish=danish,
            text=text,
        )
    if "." in text:
        return _(
            "put '.' between every three digits counted from the right, and ',' before the"
            " decimals, e.g. '1.234.567,5'"
        )
    return _("write e.g. '5.190' or '18,3'")


def format_amount(value: Decimal, locale: str | None = None, *, places: int | None = None) -> str:
    """Format ``value`` with the locale's grouping and decimal signs.

    ``places`` fixes the number of decimals (rounding half-even, as babel does); by default
    the value's own decimals are shown.
    """
    locale = locale or current_locale()
    if places is None:
        exponent = value.as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
    signs = _SIGNS.get(locale)
    if signs is None or places < 0 or not value.is_finite():
        return _babel_amount(value, locale, places)
    # babel's steps for the pattern "#,##0.00" (NumberPattern.apply), in the same order and
    # the same decimal context, so that the digits, the rounding (half-even) and the errors
    # (a value too long to quantize) are the same: tests/i18n/test_formatting.py proves it.
    group, point = signs
    value = value.scaleb(0)
    negative = value.is_signed()
    rounded = abs(value).normalize().quantize(Decimal(1).scaleb(-places))
    whole, _, fraction = f"{rounded:f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.append(whole[-3:])
        whole = whole[:-3]
    text = group.join([whole, *reversed(groups)])
    if places:
        text += point + fraction
    return "-" + text if negative else text


#: The group and decimal signs of babel's (CLDR's) number symbols for the locales bevilling
#: speaks; :func:`format_amount` writes them without loading babel and its locale data (about
#: 10 ms of every report's start-up).
_SIGNS = {"da": (".", ","), "en": (",", ".")}


def _babel_amount(value: Decimal, locale: str, places: int) -> str:
    """``value`` formatted by babel: for what :func:`format_amount` does not write itself."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    return str(format_decimal(value, format=pattern, locale=locale, decimal_quantization=True))


# --- labels for reports ----------------------------------------------------------------------

#: Every word a report prints: keys to the English wording, translated through the catalogs.
#: Category names are the budget papers' own terms and are printed as they are in both languages.
LABELS: dict[str, str] = {
    "id": N_("Id"),
    "phase": N_("Phase"),
    "category": N_("Category"),
    "target_group": N_("Target group"),
    "organisation": N_("Org."),
    "title": N_("Title"),
    "source": N_("Source"),
    "expires": N_("Expires"),
    "unit": N_("Unit"),
    "ledger": N_("Ledger"),
    "year": N_("Year"),
    "count": N_("Count"),
    "available": N_("Available"),
    "lapsing": N_("Of which lapses"),
    "total": N_("Total"),
    "none": N_("(not given)"),
    "field": N_("Field"),
    "value": N_("Value"),
    "approved": N_("approved"),
    "proposed": N_("proposed"),
    "open": N_("open"),
    "declining": N_("declining"),
    "without_fixed_expiry": N_("without fixed expiry"),
    "appropriation": N_("appropriation"),
    "appropriations": N_("appropriations"),
    "expiring_in": N_("Appropriations expiring in {year}"),
    "expiring_until": N_("Appropriations expired by {year}"),
    "no_expiring": N_("No appropriations expire in {year}."),
    "no_expiring_until": N_("No appropriations have expired by {year}."),
    "no_appropriations": N_("No appropriations."),
    "open_heading": N_("Without fixed expiry"),
    "totals_by": N_("Totals by {by}"),
    "unplaced": N_("Not placed in a year"),
    "chart": N_("Available per year ({unit})"),
    "legend": N_("{full} continues   {lapse} lapses with the year"),
    "by_category": N_("category"),
    "by_target-group": N_("target group"),
    "by_organisation": N_("organisation"),
    "by_source": N_("source"),
    "by_expiry": N_("expiry year"),
    "by_ledger": N_("ledger"),
    "by_phase": N_("phase"),
    "location": N_("Location"),
    "description": N_("Description"),
    "table": N_("Table"),
    "document": N_("Source document"),
    "price_level": N_("Price level"),
    "committee": N_("Committee"),
    "appropriation_no": N_("Appropriation no."),
    "function": N_("Function"),
    "profile": N_("Profile"),
    "amount": N_("Amount"),
    "columns_left_out": N_("Columns left out to fit the width: {columns}"),
}

_UNIT_WORDS = {
    "DKK": N_("DKK"),
    # TRANSLATORS: a table heading's unit ("Beløb (1.000 kr.)"). The English catalog says
    # "DKK thousand" here too, as running text does: one English wording per unit everywhere
    # (and no comma to quote in a CSV header).
    "1000 DKK": N_("DKK 1,000"),
    "mio DKK": N_("DKK million"),
}
_UNIT_ABBREVIATIONS = {
    "DKK": N_("DKK"),
    "1000 DKK": N_("DKK thousand"),
    "mio DKK": N_("DKK million"),
}

#: CSV dialects: ``excel`` (``;``, decimal comma, UTF-8 BOM: what Danish Excel opens) and
#: ``plain`` (``,`` and a decimal point).
CSV_DIALECTS = ("excel", "plain")


def label(key: str, locale: str | None = None, **values: object) -> str:
    """The report word ``key`` in ``locale`` (default: the current one), values filled in.

    >>> label("total", "da"), label("expiring_in", "en", year=2016)
    ('I alt', 'Appropriations expiring in 2016')
    """
    return _(LABELS[key], locale=locale, **values)


def unit_words(unit: str, locale: str | None = None) -> str:
    """A unit (``"1000 DKK"``) as a report prints it: ``1.000 kr.`` / ``DKK thousand``."""
    return _(_UNIT_WORDS[unit], locale=locale)


def unit_abbreviation(unit: str, locale: str | None = None) -> str:
    """A unit as running text abbreviates it: ``t.kr.``, ``mio. kr.``, ``kr.``.

    >>> unit_abbreviation("1000 DKK", "da")
    't.kr.'
    """
    return _(_UNIT_ABBREVIATIONS[unit], locale=locale)


def amount_header(unit: str, locale: str | None = None) -> str:
    """The header of an amount column, with the unit.

    >>> amount_header("1000 DKK", "da"), amount_header("1000 DKK", "en")
    ('Beløb (1.000 kr.)', 'Amount (DKK thousand)')
    """
    return _("Amount ({unit})", locale=locale, unit=unit_words(unit, locale))


def count_phrase(count: int, locale: str | None = None) -> str:
    """``1 bevilling``, ``2 bevillinger`` / ``1 appropriation``, ``2 appropriations``."""
    return _n("{count} appropriation", "{count} appropriations", count, locale=locale, count=count)


def format_csv_amount(value: Decimal, dialect: str = "excel", *, places: int = 0) -> str:
    """An amount for a CSV cell: no grouping; a decimal comma for ``excel``, a point for ``plain``.

    >>> format_csv_amount(Decimal("271.1"), "excel", places=1)
    '271,1'
    >>> format_csv_amount(Decimal("-8219"), "plain")
    '-8219'
    """
    if dialect not in CSV_DIALECTS:
        raise ValueError(
            _(
                "unknown CSV dialect {dialect}: use one of {choices}",
                dialect=repr(dialect),
                choices=", ".join(CSV_DIALECTS),
            )
        )
    text = f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    return text.replace(".", ",") if dialect == "excel" else text
