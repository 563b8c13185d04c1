"""Tests for bevilling.core.money: the one place amounts are made."""

from __future__ import annotations

import re
from decimal import Decimal, Inexact, localcontext

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.money import (
    AmountSyntaxError,
    D,
    check_amount_range,
    meant_value,
    parse_plain,
    too_many_digits,
)


def test_d_makes_decimals_from_text_int_and_decimal() -> None:
    """D() accepts text, ints and Decimals and returns the exact Decimal."""
    assert [Decimal("1200"), Decimal("18.30"), Decimal(7), Decimal("0.1")] == [
        D("1200"),
        D("18.30"),
        D(7),
        D(Decimal("0.1")),
    ]


@pytest.mark.parametrize("value", [0.1, 1.0, float("nan")])
def test_d_refuses_floats(value: float) -> None:
    """A float can never become an amount, whatever its value."""
    with pytest.raises(TypeError, match="refuses float"):
        D(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [True, False])
def test_d_refuses_booleans(value: bool) -> None:
    """Booleans are ints in Python; D() still refuses them."""
    with pytest.raises(TypeError, match="refuses bool"):
        D(value)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN"])
def test_d_refuses_non_finite_text(value: str) -> None:
    """NaN and infinities are not amounts."""
    with pytest.raises(ValueError, match="non-finite"):
        D(value)


def test_d_refuses_text_that_is_no_number() -> None:
    """Text that Decimal cannot read is a ValueError naming the text."""
    with pytest.raises(ValueError, match="'abc'"):
        D("abc")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", Decimal(0)),
        ("531", Decimal(531)),
        ("14752", Decimal(14752)),
        ("18.3", Decimal("18.3")),
        ("-500", Decimal(-500)),
        ("0.500", Decimal("0.500")),
        ("1.2345", Decimal("1.2345")),
        ("1.20", Decimal("1.20")),
        (" 42 ", Decimal(42)),
    ],
)
def test_parse_plain_reads_the_plain_notation(text: str, expected: Decimal) -> None:
    """Digits, an optional decimal part and a leading minus are read exactly."""
    assert expected == parse_plain(text)


@pytest.mark.parametrize("text", ["1.200", "14.752", "5.190", "-1.200", "1.234.567"])
def test_parse_plain_calls_danish_grouping_ambiguous(text: str) -> None:
    """`1.200` could be 1.2 or 1200: it is refused as ambiguous, with the fix in the hint."""
    with pytest.raises(AmountSyntaxError) as caught:
        parse_plain(text)
    assert "ambiguous-number" == caught.value.code
    assert text.replace(".", "") in caught.value.hint
    assert "number_format: da" in caught.value.hint


def test_parse_plain_names_both_readings_of_an_ambiguous_amount() -> None:
    """The message says what the two readings of `1.200` are, so the user can pick one."""
    with pytest.raises(AmountSyntaxError, match=r"could mean 1200 or 1\.2$"):
        parse_plain("1.200")


@pytest.mark.parametrize(
    ("text", "plain"), [("1,000", "1000"), ("12,500", "12500"), ("1,000,000", "1000000")]
)
def test_parse_plain_calls_english_grouping_ambiguous(text: str, plain: str) -> None:
    """`1,000` is 1000 to an English reader and 1,0 to a Danish one: refused as ambiguous."""
    with pytest.raises(AmountSyntaxError) as caught:
        parse_plain(text)
    assert ("ambiguous-number", True) == (caught.value.code, plain in caught.value.hint)


@pytest.mark.parametrize(
    ("text", "hint_part"),
    [
        ("1,5", "1.5"),
        ("1e3", "exponent"),
        ("0x10", "decimal digits"),
        ("1_000", "1000"),
        ("+5", "plus"),
        ("nan", "finite"),
        (".inf", "finite"),
        ("", "digits"),
        (".5", "digits"),
        ("5.", "digits"),
        ("1 000", "1000"),
        ("12:30", "digits"),
    ],
)
def test_parse_plain_refuses_other_notations(text: str, hint_part: str) -> None:
    """Every notation but plain digits is refused as bad-number, with a hint fitting it."""
    with pytest.raises(AmountSyntaxError) as caught:
        parse_plain(text)
    assert "bad-number" == caught.value.code
    assert hint_part in caught.value.hint


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, max_value=10**12, min_value=-(10**12)
    )
)
def test_parse_plain_reads_back_what_format_f_writes(value: Decimal) -> None:
    """Any finite Decimal written with format(value, 'f') reads back equal (when unambiguous)."""
    text = format(value, "f")
    if re.fullmatch(r"-?[1-9][0-9]{0,2}\.[0-9]{3}", text):  # looks like 1.200: refused
        with pytest.raises(AmountSyntaxError, match="Danish thousands grouping"):
            parse_plain(text)
    else:
        assert value == parse_plain(text)


def test_the_ambiguous_message_writes_both_readings_in_plain_digits() -> None:
    """`100.000` could mean 100000 or 100 (it used to print `1E+2` for the second reading)."""
    with pytest.raises(AmountSyntaxError, match=r"could mean 100000 or 100$"):
        parse_plain("100.000")


@pytest.mark.parametrize(
    ("text", "in_range"),
    [("999999999999999.999999", True), ("-999999999999999", True), ("0.000001", True),
     ("1000000000000000", False), ("0.0000001", False), ("1E+20", False), ("0E-10", False)],
)  # fmt: skip
def test_check_amount_range_bounds_integer_digits_and_decimals(text: str, in_range: bool) -> None:
    """15 digits before the point and 6 after it; one more of either is out of range."""
    if in_range:
        assert D(text) == check_amount_range(D(text), text)
    else:
        with pytest.raises(AmountSyntaxError) as caught:
            check_amount_range(D(text), text)
        assert "amount-out-of-range" == caught.value.code


IN_RANGE = st.decimals(
    min_value=-(10**15) + 1, max_value=10**15 - 1, places=6, allow_nan=False, allow_infinity=False
)


@given(st.lists(IN_RANGE, min_size=1, max_size=50), st.integers(1, 20_000))
def test_sums_of_amounts_in_range_are_exact(values: list[Decimal], copies: int) -> None:
    """Up to a million amounts in range (50 values, 20 000 times) sum without rounding in the
    default decimal context: with `Inexact` trapped, neither the sum nor the largest times the
    count raises."""
    with localcontext() as context:
        context.traps[Inexact] = True
        biggest = max(values, key=abs) * copies
        total = sum(values, Decimal(0)) * copies
    assert (biggest, total) == (biggest.quantize(Decimal("0.000001")), total)


def test_too_many_digits_counts_digits_not_characters() -> None:
    """21 digits with separators are not too many; 22 are, before any parsing."""
    assert (False, True) == (
        too_many_digits("999.999.999.999.999,999999"),
        too_many_digits("9" * 22),
    )


@pytest.mark.parametrize(
    ("text", "meant"),
    [("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("1 234 567,89", "1234567.89"),
     ("−5", "-5"), ("1.200", None), ("1,200", None), ("12.34,5", None), ("1.234.5", None)],
)  # fmt: skip
def test_meant_value_only_where_one_reading_exists(text: str, meant: str | None) -> None:
    """A printed figure's value when its separators tell it; None when two readings remain."""
    assert (None if meant is None else Decimal(meant)) == meant_value(text)


def test_an_amount_error_keeps_its_catalog_message_apart_from_its_values() -> None:
    """core imports no translation code: the error carries the English catalog message and its
    values (a Decimal stays a Decimal, for the reader's notation); str() and hint are English."""
    with pytest.raises(AmountSyntaxError) as caught:
        parse_plain("1.200")
    error = caught.value
    assert (
        "{text} looks like Danish thousands grouping: it could mean {whole} or {fraction}",
        {"text": "'1.200'", "whole": "1200", "fraction": Decimal("1.2")},
    ) == (error.template, error.values)
    assert "'1.200' looks like Danish thousands grouping: it could mean 1200 or 1.2" == str(error)
    assert error.hint.startswith("write 1200 if the source prints 1.200 in Danish notation")
    assert {"plain": "1200", "printed": "1.200"} == error.hint_values
