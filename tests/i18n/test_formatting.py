"""Tests for bevilling.i18n.formatting: report words, unit headers, amounts in both locales, CSV."""

from __future__ import annotations

import doctest
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.money import D
from bevilling.i18n import formatting
from bevilling.i18n.catalogs import use_locale
from bevilling.i18n.formatting import (
    LABELS,
    amount_header,
    count_phrase,
    format_amount,
    format_csv_amount,
    label,
    unit_abbreviation,
    unit_words,
)


def test_docstring_examples() -> None:
    """The examples in the module's docstrings hold."""
    assert 0 == doctest.testmod(formatting).failed


@pytest.mark.parametrize(
    ("unit", "locale", "expected"),
    [
        ("1000 DKK", "da", "Beløb (1.000 kr.)"),
        ("1000 DKK", "en", "Amount (DKK thousand)"),
        ("mio DKK", "da", "Beløb (mio. kr.)"),
        ("mio DKK", "en", "Amount (DKK million)"),
        ("DKK", "da", "Beløb (kr.)"),
        ("DKK", "en", "Amount (DKK)"),
    ],
)
def test_amount_header_names_the_unit(unit: str, locale: str, expected: str) -> None:
    """The amount column's header says the unit, as a Danish or English reader writes it."""
    assert expected == amount_header(unit, locale)


@pytest.mark.parametrize(
    ("value", "locale", "places", "expected"),
    [
        ("8219", "da", 0, "8.219"),
        ("8219", "en", 0, "8,219"),
        ("1.5", "da", 1, "1,5"),
        ("1.5", "en", 1, "1.5"),
        ("271.2", "da", 1, "271,2"),
        ("-47579", "da", 0, "-47.579"),
        ("18300.0", "da", 0, "18.300"),
    ],
)
def test_format_amount_by_locale(value: str, locale: str, places: int, expected: str) -> None:
    """Danish groups with '.' and uses a decimal comma; English the other way round."""
    assert expected == format_amount(D(value), locale, places=places)


def test_count_phrase_singular_and_plural() -> None:
    """1 bevilling, 2 bevillinger; 1 appropriation, 2 appropriations."""
    assert ["1 bevilling", "2 bevillinger", "1 appropriation", "2 appropriations"] == [
        count_phrase(1, "da"),
        count_phrase(2, "da"),
        count_phrase(1, "en"),
        count_phrase(2, "en"),
    ]


def test_unit_abbreviation_for_running_text() -> None:
    """Memos write t.kr. and mio. kr."""
    assert ("t.kr.", "mio. kr.") == (unit_abbreviation("1000 DKK"), unit_abbreviation("mio DKK"))


@pytest.mark.parametrize("unit", ["DKK", "1000 DKK", "mio DKK"])
def test_english_names_each_unit_one_way_in_headings_and_running_text(unit: str) -> None:
    """English has one wording per unit ("DKK thousand" in a report heading, a CSV header, a
    finding and a diff alike; "DKK 1,000" beside "DKK thousand" read as two units), while
    Danish headings write 1.000 kr. and running text t.kr., as the budget papers do."""
    assert unit_words(unit, "en") == unit_abbreviation(unit, "en")
    assert ("1.000 kr.", "t.kr.") == (
        unit_words("1000 DKK", "da"),
        unit_abbreviation("1000 DKK", "da"),
    )


@pytest.mark.parametrize("key", sorted(LABELS))
def test_every_label_is_translated_in_both_locales(key: str) -> None:
    """Every report word has its own Danish wording; the English one is the message itself."""
    values = {"year": 2016, "by": "x", "unit": "u", "full": "#", "lapse": "-", "columns": "c"}
    english = label(key, "en", **values)
    danish = label(key, "da", **values)
    assert LABELS[key].format(**values) == english
    assert key in {"id", "organisation", "by_organisation"} or danish != english


def test_a_label_in_each_locale() -> None:
    """A label with a placeholder, in Danish and English."""
    assert "Bevillinger der udløber i 2016" == label("expiring_in", "da", year=2016)
    assert "Appropriations expiring in 2016" == label("expiring_in", "en", year=2016)


def test_csv_amount_refuses_an_unknown_dialect() -> None:
    """Only excel and plain are CSV dialects."""
    with pytest.raises(ValueError, match="ukendt CSV-variant"):
        format_csv_amount(D(1), "semicolon")
    with use_locale("en"), pytest.raises(ValueError, match="unknown CSV dialect"):
        format_csv_amount(D(1), "semicolon")


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=3))
def test_csv_amounts_read_back_exactly(units: int, places: int) -> None:
    """A CSV amount, read back (comma as decimal sign for excel), is the amount; no grouping."""
    value = D(units).scaleb(-places)
    excel = format_csv_amount(value, "excel", places=places)
    plain = format_csv_amount(value, "plain", places=places)
    assert "." not in excel
    assert value == D(excel.replace(",", "."))
    assert value == D(plain)


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=2))
def test_formatted_amounts_parse_back(units: int, places: int) -> None:
    """format_amount in Danish, parsed with parse_danish, gives the amount back exactly (up to
    two decimals: the loader refuses '1,000' as ambiguous on purpose)."""
    value = D(units).scaleb(-places)
    assert value == formatting.parse_danish(format_amount(value, "da", places=places))


def test_an_amount_error_reads_in_either_language() -> None:
    """A core amount error (message, hint and a Decimal value) in Danish and in English; an
    error parse_danish raised is already in the current locale and comes back as it is."""
    from bevilling.core.money import AmountSyntaxError, parse_plain
    from bevilling.i18n.formatting import amount_error_text

    with pytest.raises(AmountSyntaxError) as caught:
        parse_plain("1,500")
    assert (
        "'1,500' kan betyde 1500 (engelsk tusindtalskomma) eller 1,5 (dansk decimalkomma)",
        "skriv 1500, hvis du mener det hele tal; uden `number_format: da` skrives tal uden"
        " separatorer",
    ) == amount_error_text(caught.value)
    assert (
        "'1,500' could mean 1500 (English thousands comma) or 1.5 (Danish decimal comma)",
        "write 1500 if you mean the whole number; plain ledgers use no separators",
    ) == amount_error_text(caught.value, "en")
    with pytest.raises(AmountSyntaxError) as caught:
        formatting.parse_danish("x")
    assert (str(caught.value), caught.value.hint) == amount_error_text(caught.value)


def _outcome(function: object, *args: object, **kwargs: object) -> object:
    """What a call returns, or the class of what it raises."""
    try:
        return function(*args, **kwargs)  # type: ignore[operator]
    except Exception as error:  # compared, not handled
        return type(error)


# Finite decimals of every size bevilling may meet and beyond: long coefficients, large and
# small exponents, negative zero; decimals from 0 to 40 (past the context's 28 digits, where
# quantize fails in both).
_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False) | st.builds(
    lambda sign, digits, exponent: D(f"{sign}{digits}E{exponent}"),
    st.sampled_from(["", "-"]),
    st.from_regex(r"[0-9]{1,35}", fullmatch=True),
    st.integers(-40, 30),
)


@given(_DECIMALS, st.sampled_from(["da", "en"]), st.none() | st.integers(0, 40))
def test_format_amount_writes_what_babel_writes(
    value: object, locale: str, places: int | None
) -> None:
    """format_amount writes the Danish and English figures itself, to keep babel and its locale
    data off the start-up path: the same text as babel's format_decimal, or the same error."""
    from decimal import Decimal

    from babel.numbers import format_decimal

    assert isinstance(value, Decimal)
    if places is None:
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    else:
        decimals = places
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    expected = _outcome(
        format_decimal, value, format=pattern, locale=locale, decimal_quantization=True
    )
    assert expected == _outcome(format_amount, value, locale, places=places)


def test_format_amount_leaves_other_values_to_babel() -> None:
    """Infinity and a locale bevilling does not speak still go through babel."""
    from decimal import Decimal

    assert "∞" == format_amount(Decimal("Infinity"), "da")
    assert "1\xa0200" == format_amount(D("1200"), "sv")


@given(
    st.from_regex(
        r"-?[0-9]{1,3}(\.[0-9]{3}){0,4}(,[0-9]{1,4})?|-?[0-9]{1,12}(,[0-9]{1,4})?", fullmatch=True
    )
)
def test_parse_danish_reads_what_babel_reads(text: str) -> None:
    """Well-formed Danish numbers are read without babel, to the same Decimal (digits and
    exponent) that babel's strict parse_decimal gives; what babel refuses is refused."""
    from babel.numbers import NumberFormatError, parse_decimal

    from bevilling.core.money import AmountSyntaxError

    try:
        expected: object = str(parse_decimal(text, locale="da", strict=True))
    except NumberFormatError:
        expected = AmountSyntaxError
    try:
        actual: object = str(formatting.parse_danish(text))
    except AmountSyntaxError:
        actual = AmountSyntaxError
    if formatting._LOOKS_ENGLISH.match(text):  # refused before either parser looks at it
        assert AmountSyntaxError == actual
    else:
        assert expected == actual


#: The common well-formed Danish shapes, as parse_danish tested them first.
_PLAIN_DANISH = re.compile(r"-?(?:0|[1-9][0-9]{0,2}(?:\.[0-9]{3})*|[1-9][0-9]*)(?:,[0-9]+)?\Z")


@given(st.text(st.sampled_from("0123456789.,-+ \u0663\xb2e"), max_size=12))
def test_plain_danish_shapes_are_told_apart_without_a_pattern(text: str) -> None:
    """_plain_danish (no pattern to compile: start-up) is True exactly where the Danish
    shapes pattern matches and the English grouping pattern does not."""
    expected = bool(_PLAIN_DANISH.match(text)) and not formatting._LOOKS_ENGLISH.match(text)
    assert expected == formatting._plain_danish(text)


@pytest.mark.parametrize(
    "text",
    ["0", "-0", "0,5", "0,000", "1,000", "-12,500", "1234,500", "1.234,500", "00", "0.000",
     "1.200", "1.20", "12.345.678,9", "1234", ",5", "5,", "-", "", "1,2,3", "1.2345"],
)  # fmt: skip
def test_plain_danish_shapes_at_their_edges(text: str) -> None:
    """The edges of the shapes: a leading zero, English-looking grouping, groups of three."""
    expected = bool(_PLAIN_DANISH.match(text)) and not formatting._LOOKS_ENGLISH.match(text)
    assert expected == formatting._plain_danish(text)
