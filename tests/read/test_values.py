"""Tests for bevilling.read.values: hints that propose a number name the value meant."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.model import NumberFormat
from bevilling.core.money import AmountSyntaxError
from bevilling.i18n.catalogs import use_locale
from bevilling.i18n.formatting import format_amount
from bevilling.read import values
from bevilling.read.values import read_amount, unit_hint, year_hint

#: "write 1234.5", "skriv '1.234,5'": the number a hint proposes to write instead (the hint of
#: a Danish-notation error is in the current locale; core's ``hint`` is English).
_PROPOSAL = re.compile(r"(?:write|skriv) '?(-?[0-9][0-9.,]*[0-9]|[0-9])'?")


def proposals(hint: str, notation: NumberFormat) -> list[Decimal]:
    """The values of the numbers ``hint`` tells the user to write, read in ``notation``."""
    return [read_amount(text, notation) for text in _PROPOSAL.findall(hint)]


AMOUNTS = st.decimals(
    min_value=Decimal("-999999999999"), max_value=Decimal("999999999999"), places=2
).filter(lambda value: value.is_finite())


@given(AMOUNTS, st.sampled_from(["da", "en"]), st.sampled_from(list(NumberFormat)))
def test_every_number_a_hint_proposes_is_the_value_meant(
    value: Decimal, printed_in: str, notation: NumberFormat
) -> None:
    """An amount printed in Danish or English notation, written into a plain or Danish ledger:
    it loads as itself when the notations agree, and otherwise any number the hint proposes
    reads back as the value the printed figure means (never 1000x off)."""
    text = format_amount(value, printed_in)
    try:
        loaded = read_amount(text, notation)
    except AmountSyntaxError as error:
        proposed = proposals(error.hint, notation)
        assert proposed == [] or value in proposed
    else:
        if (notation is NumberFormat.DA) == (printed_in == "da") or "," not in text:
            assert value == loaded or (notation is NumberFormat.DA and "." in text)


@pytest.mark.parametrize(
    ("written", "value"),
    [("1.234,5", "1234.5"), ("1,234.5", "1234.5"), ("1 234,5", "1234.5"), ("12,5", "12.5"),
     ("1_000", "1000"), ("+5", "5"), ("1.234.567,89", "1234567.89")],
)  # fmt: skip
def test_a_plain_ledger_hint_names_the_value_of_a_printed_number(written: str, value: str) -> None:
    """`1.234,5` → write 1234.5 (it used to propose 1.2345, a thousand times too small)."""
    with pytest.raises(AmountSyntaxError) as caught:
        read_amount(written, NumberFormat.PLAIN)
    assert [Decimal(value)] == proposals(caught.value.hint, NumberFormat.PLAIN)


@pytest.mark.parametrize("written", ["1.23,5", "12:30", "+1.200", "1.2.3"])
def test_a_hint_proposes_no_number_when_the_value_is_unclear(written: str) -> None:
    """Where the meaning cannot be told, the hint explains the notation instead of guessing."""
    with pytest.raises(AmountSyntaxError) as caught:
        read_amount(written, NumberFormat.PLAIN)
    assert [] == proposals(caught.value.hint, NumberFormat.PLAIN)


@pytest.mark.parametrize(
    ("written", "hint"),
    [("ultimo 2017", "mente du `2017`?"), ("31.12.2017", "mente du `2017`?"),
     ("17", "mente du `2017`?"), ("2017-12-31", "mente du `2017`?"),
     ("31/12-17", "mente du `2017`?"), ("2016 p/l", "mente du `2016`?"),
     ("2016-2017", None), ("snart", None)],
)  # fmt: skip
def test_a_year_hidden_in_text_is_suggested(written: str, hint: str | None) -> None:
    """Dates, `ultimo` and two-digit years suggest the four-digit year; two years suggest none."""
    assert hint == year_hint(written)
    with use_locale("en"):
        assert (hint and hint.replace("mente du", "did you mean")) == year_hint(written)


def test_the_reader_speaks_the_current_language() -> None:
    """A value's problem reads in Danish by default and in English on request; the English
    message of a core amount error is kept in ``str()`` for programmers."""
    from bevilling.read.loader import load_string

    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T, category: driftsmidler, appropriations: [{title: x, amount: '1,5',"
        " expires: 2016}]}\n"
    )
    danish = load_string(text).problems[0]
    with use_locale("en"):
        english = load_string(text).problems[0]
    assert (
        "`amount`: '1,5' er ikke et tal skrevet med cifre og evt. decimalpunktum",
        "skriv 1.5 (uden `number_format: da` skrives tal med decimalpunktum og uden"
        " tusindtalsseparator), eller angiv `number_format: da` for at skrive tal på dansk som"
        " '1.234,5'",
    ) == (danish.message, danish.hint)
    assert (
        "`amount`: '1,5' is not a plain number",
        "write 1.5 (plain ledgers use a decimal point and no thousands separator), or declare"
        " `number_format: da` to write Danish numbers such as '1.234,5'",
    ) == (english.message, english.hint)


def test_a_5000_digit_amount_is_out_of_range_without_parsing_it() -> None:
    """Huge figures never reach babel or Decimal arithmetic: a finding with its own code."""
    for notation in NumberFormat:
        with pytest.raises(AmountSyntaxError) as caught:
            read_amount("9" * 5000, notation)
        assert "amount-out-of-range" == caught.value.code


@given(st.text(st.sampled_from("0123456789 -\n\u0663\xb2x"), max_size=6))
def test_a_year_is_four_digits_as_the_pattern_says(text: str) -> None:
    """_four_digits (no pattern to compile: start-up) is what `[0-9]{4}\\Z` matches."""
    assert bool(re.match(r"[0-9]{4}\Z", text)) == values._four_digits(text)


UNITS = ["DKK", "1000 DKK", "mio DKK"]


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("t.kr.", "mente du `1000 DKK`?"),
        ("mill. kr.", "mente du `mio DKK`?"),
        ("Mio. kr.", "mente du `mio DKK`?"),
        ("mio dkk", "mente du `mio DKK`? (stavet præcis sådan)"),
        ("mia DKK", "bevilling har ingen enhed for milliarder"),
        ("mia. kr.", "bevilling har ingen enhed for milliarder"),
        ("milliarder kr.", "bevilling har ingen enhed for milliarder"),
        ("100.000 kr", "brug en af `DKK`, `1000 DKK` eller `mio DKK`; en enhed gættes aldrig"),
        ("mia", "bevilling har ingen enhed for milliarder"),
    ],
)
def test_unit_hint_never_proposes_a_unit_of_another_magnitude(written: str, hint: str) -> None:
    """`unit: mia DKK` got "did you mean `mio DKK`?" (attack 7 #20): following it made every
    amount 1 000 times too small.  Only synonyms and other spellings are proposed."""
    assert unit_hint(written, UNITS).startswith(hint)
