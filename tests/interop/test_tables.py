"""bevilling.interop.tables: the raw grid, markup cleaning in linear time, the import codes."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bevilling.interop.tables import (
    IMPORT_CODES,
    MAX_AMOUNT_INTEGER_DIGITS,
    MAX_AMOUNT_PLACES,
    amount_out_of_range,
    clean,
    footnote,
)
from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<b>48.779</b>", "48.779"),
        ("Org. <sup>14</sup>", "Org."),
        ("Budgetaftale 2015 <sup>15</sup>", "Budgetaftale 2015"),
        ("<i>(1.000 kr. – 2017 p/l)</i>", "(1.000 kr. – 2017 p/l)"),
        ("A &amp; B", "A & B"),
        ("< 5 år", "< 5 år"),
        ("a <sup>1</sup> b <SUP>2</SUP> c <sup>3", "a  b  c 3"),
        ("Lokal Forankring\npå Vesterbro", "Lokal Forankring på Vesterbro"),
        ("Lokal Forankring\r\n  på\x0bVesterbro", "Lokal Forankring på Vesterbro"),
        ("&#65;&#x42;&#00000067;&#x0000000044", "ABCD"),
        ("&#1114112;&#0;&#0a", "\ufffd\ufffd\ufffda"),
        ("&#" + "1" * 5000 + ";x", "\ufffdx"),
        ("&#x" + "f" * 5000 + "y", "\ufffdy"),
    ],
)
def test_clean_drops_converter_markup(raw: str, expected: str) -> None:
    """Tags and footnote marks go, entities are decoded (a numeric reference beyond Unicode,
    even of thousands of digits, becomes U+FFFD as html.unescape makes it, without its int()
    limit), a lone '<' stays, and a line break inside a cell reads as one space."""
    assert expected == clean(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<sup>14</sup> JKI er forkortelse", ("14", "JKI er forkortelse")),
        ("  <SUP> 15 </SUP>Selve lånet", ("15", "Selve lånet")),
        ("Org. <sup>14</sup>", None),
        ("<sup>14 JKI er", None),
        ("<sup><b>1</b></sup> x", None),
    ],
)
def test_footnote_lines_are_told_by_a_leading_mark(
    raw: str, expected: tuple[str, str] | None
) -> None:
    """A footnote starts with <sup>MARK</sup>; anything else is not one."""
    assert expected == footnote(raw)


def test_markup_scanning_is_linear_on_hostile_cells() -> None:
    """The cells that made the old patterns hang (`<sup>` and thousands of spaces: 4.7 s at
    2k, 320 s at 8k spaces; many unclosed `<sup>`) are cleaned at 100 times that size.  The
    scanners are linear by construction (literal searches, no adjacent unbounded repeats):
    a quadratic regression would take hours here and stop the suite, not pass slowly."""
    spaces = "<sup>" + " " * 800_000 + "x"
    assert "x" == clean(spaces)
    assert None is footnote(spaces)
    unclosed = "<sup>" * 200_000
    assert "" == clean(unclosed)
    tags = "<a" * 200_000
    assert tags == clean(tags)
    assert "\ufffd" == clean("&#" + "0" * 500_000 + "1" * 500_000)
    assert "\ufffd" == clean("&#" + "0" * 500_000)


def test_amount_range() -> None:
    """Up to 15 integer digits and 6 decimals are amounts; beyond is out of range."""
    assert (15, 6) == (MAX_AMOUNT_INTEGER_DIGITS, MAX_AMOUNT_PLACES)
    assert not amount_out_of_range(Decimal("999999999999999.999999"))
    assert amount_out_of_range(Decimal("1" * 16))
    assert amount_out_of_range(Decimal("0.0000001"))
    assert amount_out_of_range(Decimal("1E+300"))
    assert amount_out_of_range(Decimal("NaN"))


def test_every_import_code_is_documented() -> None:
    """Each code in IMPORT_CODES is explained in docs/interop.md's table of codes."""
    text = (ROOT / "docs" / "interop.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `(import-[a-z-]+)` \|", text, flags=re.MULTILINE))
    assert set() == set(IMPORT_CODES) - documented
