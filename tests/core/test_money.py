"""Tests for bevilling.core.money: the one place amounts are made."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.money import AmountSyntaxError, D, parse_plain


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
