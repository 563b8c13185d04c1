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

from bevilling.core.money import AmountSyntaxError

__all__ = [
    "CSV_DIALECTS",
    "LOCALES",
    "amount_header",
    "count_phrase",
    "format_amount",
    "format_csv_amount",
    "label",
    "parse_danish",
    "resolve_locale",
    "unit_abbreviation",
]

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

    Raises :class:`~bevilling.core.money.AmountSyntaxError` with code ``ambiguous-number`` for text
    that looks like English thousands grouping (``1,000``: babel would read it as 1) and
    ``bad-number`` for anything else that is not a well-formed Danish number.
    """
    from babel.numbers import NumberFormatError, parse_decimal

    stripped = text.strip()
    if _LOOKS_ENGLISH.match(stripped):
        grouped = stripped.replace(",", ".")
        whole = stripped.replace(",", "")
        if stripped.count(",") == 1:
            fraction = Decimal(stripped.replace(",", ".")).normalize()
            message = (
                f"{text!r} could mean {whole} (English thousands comma) or {fraction}"
                " (Danish decimal comma)"
            )
            hint = (
                f"this ledger declares `number_format: da`: write '{grouped}' for {whole}"
                f" (Danish puts '.' between thousands), or '{str(fraction).replace('.', ',')}'"
                " for the fraction"
            )
        else:
            message = f"{text!r} puts commas between thousands, as English does"
            hint = f"this ledger declares `number_format: da`: write '{grouped}'"
        raise AmountSyntaxError(message, code="ambiguous-number", hint=hint)
    if not _DANISH_CHARS.match(stripped):
        raise AmountSyntaxError(
            f"{text!r} is not a number in Danish notation",
            code="bad-number",
            hint="write digits with '.' between thousands and ',' before decimals, e.g. '5.190'"
            " or '18,3'; a reduction takes a leading minus",
        )
    try:
        value = parse_decimal(stripped, locale="da", strict=True)
    except NumberFormatError:
        raise AmountSyntaxError(
            f"{text!r} is not a well-formed number in Danish notation",
            code="bad-number",
            hint=_danish_hint(stripped),
        ) from None
    if not value.is_finite():  # pragma: no cover - the character check rules these out
        raise AmountSyntaxError(f"{text!r} is not finite", code="bad-number", hint="")
    return value


def _danish_hint(text: str) -> str:
    """How to write ``text`` in Danish notation, naming no value the text does not say.

    babel proposes regroupings ('1200.5' → '12.005', '0.5' → '5'): values nobody meant. A
    plain decimal gets its Danish spelling; anything else the rule, without a value.
    """
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        danish = f"{Decimal(text):,}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return (
            f"',' comes before the decimals and '.' only between thousands: write '{danish}'"
            f" for {text}"
        )
    if "." in text:
        return (
            "put '.' between every three digits counted from the right, and ',' before the"
            " decimals, e.g. '1.234.567,5'"
        )
    return "write e.g. '5.190' or '18,3'"


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


# --- labels for reports ----------------------------------------------------------------------

#: Every word a report prints, per locale.  Category names are the budget papers' own terms and
#: are printed as they are in both languages.
LABELS: dict[str, dict[str, str]] = {
    "da": {
        "id": "Id",
        "phase": "Fase",
        "category": "Kategori",
        "target_group": "Målgruppe",
        "organisation": "Org.",
        "title": "Titel",
        "source": "Kilde",
        "expires": "Udløb",
        "unit": "Enhed",
        "ledger": "Ledger",
        "year": "År",
        "count": "Antal",
        "available": "Til rådighed",
        "lapsing": "Heraf udløber",
        "total": "I alt",
        "none": "(ikke angivet)",
        "field": "Felt",
        "value": "Værdi",
        "approved": "vedtaget",
        "proposed": "forslag",
        "open": "udløb ikke fastsat",
        "declining": "faldende profil",
        "without_fixed_expiry": "uden fast udløb",
        "appropriation": "bevilling",
        "appropriations": "bevillinger",
        "expiring_in": "Bevillinger der udløber i {year}",
        "expiring_until": "Bevillinger der er udløbet senest i {year}",
        "no_expiring": "Ingen bevillinger udløber i {year}.",
        "no_expiring_until": "Ingen bevillinger er udløbet senest i {year}.",
        "no_appropriations": "Ingen bevillinger.",
        "open_heading": "Uden fast udløb",
        "totals_by": "I alt fordelt på {by}",
        "timeline": "Til rådighed og udløb pr. år",
        "unplaced": "Ikke fordelt på år",
        "chart": "Til rådighed pr. år ({unit})",
        "legend": "{full} fortsætter   {lapse} udløber med året",
        "by_category": "kategori",
        "by_target-group": "målgruppe",
        "by_organisation": "organisation",
        "by_source": "kilde",
        "by_expiry": "udløbsår",
        "by_ledger": "ledger",
        "by_phase": "fase",
        "location": "Sted",
        "description": "Beskrivelse",
        "table": "Tabel",
        "document": "Kildedokument",
        "price_level": "Pris- og lønniveau",
        "committee": "Udvalg",
        "appropriation_no": "Bevilling nr.",
        "function": "Funktion",
        "profile": "Profil",
        "amount": "Beløb",
        "columns_left_out": "Kolonner udeladt for at passe til bredden: {columns}",
    },
    "en": {
        "id": "Id",
        "phase": "Phase",
        "category": "Category",
        "target_group": "Target group",
        "organisation": "Org.",
        "title": "Title",
        "source": "Source",
        "expires": "Expires",
        "unit": "Unit",
        "ledger": "Ledger",
        "year": "Year",
        "count": "Count",
        "available": "Available",
        "lapsing": "Of which lapses",
        "total": "Total",
        "none": "(not given)",
        "field": "Field",
        "value": "Value",
        "approved": "approved",
        "proposed": "proposed",
        "open": "open",
        "declining": "declining",
        "without_fixed_expiry": "without fixed expiry",
        "appropriation": "appropriation",
        "appropriations": "appropriations",
        "expiring_in": "Appropriations expiring in {year}",
        "expiring_until": "Appropriations expired by {year}",
        "no_expiring": "No appropriations expire in {year}.",
        "no_expiring_until": "No appropriations have expired by {year}.",
        "no_appropriations": "No appropriations.",
        "open_heading": "Without fixed expiry",
        "totals_by": "Totals by {by}",
        "timeline": "Available and lapsing per year",
        "unplaced": "Not placed in a year",
        "chart": "Available per year ({unit})",
        "legend": "{full} continues   {lapse} lapses with the year",
        "by_category": "category",
        "by_target-group": "target group",
        "by_organisation": "organisation",
        "by_source": "source",
        "by_expiry": "expiry year",
        "by_ledger": "ledger",
        "by_phase": "phase",
        "location": "Location",
        "description": "Description",
        "table": "Table",
        "document": "Source document",
        "price_level": "Price level",
        "committee": "Committee",
        "appropriation_no": "Appropriation no.",
        "function": "Function",
        "profile": "Profile",
        "amount": "Amount",
        "columns_left_out": "Columns left out to fit the width: {columns}",
    },
}

_UNIT_WORDS = {
    "da": {"DKK": "kr.", "1000 DKK": "1.000 kr.", "mio DKK": "mio. kr."},
    "en": {"DKK": "DKK", "1000 DKK": "DKK 1,000", "mio DKK": "DKK million"},
}
_UNIT_ABBREVIATIONS = {
    "da": {"DKK": "kr.", "1000 DKK": "t.kr.", "mio DKK": "mio. kr."},
    "en": {"DKK": "DKK", "1000 DKK": "DKK thousand", "mio DKK": "DKK million"},
}

#: CSV dialects: ``excel`` (``;``, decimal comma, UTF-8 BOM: what Danish Excel opens) and
#: ``plain`` (``,`` and a decimal point).
CSV_DIALECTS = ("excel", "plain")


def label(key: str, locale: str = "da", **values: object) -> str:
    """The report word ``key`` in ``locale``, with ``{placeholders}`` filled from ``values``.

    >>> label("total", "da"), label("expiring_in", "en", year=2016)
    ('I alt', 'Appropriations expiring in 2016')
    """
    text = LABELS[locale][key]
    return text.format(**values) if values else text


def unit_words(unit: str, locale: str = "da") -> str:
    """A unit (``"1000 DKK"``) as a report prints it: ``1.000 kr.`` / ``DKK 1,000``."""
    return _UNIT_WORDS[locale][unit]


def unit_abbreviation(unit: str, locale: str = "da") -> str:
    """A unit as running text abbreviates it: ``t.kr.``, ``mio. kr.``, ``kr.``.

    >>> unit_abbreviation("1000 DKK")
    't.kr.'
    """
    return _UNIT_ABBREVIATIONS[locale][unit]


def amount_header(unit: str, locale: str = "da") -> str:
    """The header of an amount column, with the unit.

    >>> amount_header("1000 DKK", "da"), amount_header("1000 DKK", "en")
    ('Beløb (1.000 kr.)', 'Amount (DKK 1,000)')
    """
    return f"{label('amount', locale)} ({unit_words(unit, locale)})"


def count_phrase(count: int, locale: str = "da") -> str:
    """``1 bevilling``, ``2 bevillinger`` / ``1 appropriation``, ``2 appropriations``."""
    word = label("appropriation" if count == 1 else "appropriations", locale)
    return f"{count} {word}"


def format_csv_amount(value: Decimal, dialect: str = "excel", *, places: int = 0) -> str:
    """An amount for a CSV cell: no grouping; a decimal comma for ``excel``, a point for ``plain``.

    >>> format_csv_amount(Decimal("271.1"), "excel", places=1)
    '271,1'
    >>> format_csv_amount(Decimal("-8219"), "plain")
    '-8219'
    """
    if dialect not in CSV_DIALECTS:
        raise ValueError(f"unknown CSV dialect {dialect!r}: use one of {', '.join(CSV_DIALECTS)}")
    text = f"{value.quantize(Decimal(1).scaleb(-places)):f}"
    return text.replace(".", ",") if dialect == "excel" else text
