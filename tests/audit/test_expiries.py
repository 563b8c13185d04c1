"""Checks of expiries (audit/expiries.py)."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.audit import expiries
from tests.audit.helpers import codes, run


def test_expiry_before_source_golden() -> None:
    """An expiry before the year of the decision named in the source is an error; a year in a
    name ("Vision 2020") is not a decision year."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - id: A1
                title: Mikrolån
                source: Budgetaftale 2015
                amount: 1200
                expires: 2014
              - id: A2
                title: Fleksjob
                source: "Budgetnotat BIIe Vision 2020: Flere i fleksjob"
                amount: 1200
                expires: 2018
        """)
    assert (
        't.yaml:13: fejl[expiry-before-source]: A1 "Mikrolån" udløber 2014, før 2015, som kilden'
        " 'Budgetaftale 2015' nævner\n"
        "  13 |         expires: 2014\n"
        "  tip: sammenhold kolonnerne Udløb og Kilde med kildedokumentet: en bevilling kan ikke"
        " udløbe før den beslutning, der gav den\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


def test_declining_profile_golden() -> None:
    """A row marked "Faldende profil" whose profile rises is an error at the rising year."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - id: D06
                title: Rehabiliteringsteam
                expires: Faldende profil
                profile:
                  2015: 9600
                  2016: 9800
        """)
    assert (
        't.yaml:14: fejl[declining-profile]: D06 "Rehabiliteringsteam" har faldende profil, men'
        " profilen stiger fra 9.600 i 2015 til 9.800 i 2016\n"
        "  14 |           2016: 9800\n"
        "  tip: sammenhold profilen med kilden, eller giv rækken det udløb, kilden angiver\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


def test_expiry_before_profile_golden() -> None:
    """`expires: 2017` with money in 2018 and 2019 is an error at the expires line: expiring
    would say the money ended while timeline still counts it."""
    output = run("""\
        tables:
          - name: Tabel 2
            category: driftsmidler
            stated_total: 1500
            appropriations:
              - id: VF-1
                title: Sagsforberedelse
                expires: 2017
                profile: {2017: 500, 2018: 500, 2019: 500}
        """)
    assert (
        't.yaml:12: fejl[expiry-before-profile]: VF-1 "Sagsforberedelse" udløber 2017, men'
        " profilen har beløb i senere år (2018: 500, 2019: 500)\n"
        "  12 |         expires: 2017\n"
        "  tip: sammenhold kolonnen Udløb og årskolonnerne med kilden: løber pengene til 2019, så"
        " skriv `expires: 2019` (eller udelad `expires`: så er udløbet det sidste år med beløb);"
        " er et senere år tastet forkert, så ret det\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


@pytest.mark.parametrize(
    ("expires", "profile", "found"),
    [
        ("2019", "{2017: 500, 2018: 500, 2019: 500}", False),
        ("2020", "{2017: 500, 2018: 0}", False),  # later than the money: not this check
        ("2017", "{2017: 500, 2018: 0, 2019: 0}", False),  # zero years are no money
        ("2017", "{2017: 500, 2018: 0, 2019: 1}", True),
        ("open", "{2017: 500, 2018: 500}", False),
    ],
)
def test_expiry_before_profile_cases(expires: str, profile: str, found: bool) -> None:
    """Only a year expiry before a later year with money is reported."""
    body = (
        "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
        f"      - {{id: A1, title: X, expires: {expires}, profile: {profile}}}\n"
    )
    assert found == ("expiry-before-profile" in [code for _line, code in codes(body)])


#: _SOURCE_YEAR as it was written first: the whole pattern ignoring case.
_WHOLE_SOURCE_YEAR = re.compile(
    r"(?:aftale|aftalen|forlig|finanslov|finansloven|budget|budgettet|sag|indsatser"
    r"|beslutning|bevilling|notat|overførsel)\s+((?:19|20)[0-9]{2})"
    r"(?:\s*[-–/]\s*([0-9]{2}))?(?![0-9])",
    re.IGNORECASE,
)
#: Pieces of sources: the words in every case (also the characters that stand for `i`, `s`
#: and `k` when case is ignored), white space of every kind, years, dashes, other words.
SOURCE_PIECES = st.lists(
    st.sampled_from(
        ["aftale", "AFTALEN", "Budget", "budgetTET", "sag", "ſag", "SAG", "Forlig", "finanslov",
         "FINANSLOVEN", "indsatser", "beslutning", "bevilling", "notat", "overførsel",
         "OVERFØRSEL", "İndsatser", "ındsatser", "Vision", "Budgetnotat", "\u212a", " ", "  ",
         "\t", "\n", "\xa0", "\u2003", "\x1c", "2015", "1999", "2020", "2100", "1899", "15",
         "9", "-", "–", "/", ":", "x", "e", "n", "."]
    ),
    max_size=8,
).map("".join)  # fmt: skip


@given(SOURCE_PIECES)
def test_the_source_year_pattern_ignores_case_in_its_words_only(text: str) -> None:
    """_SOURCE_YEAR ignores case in its words only (it compiles in half the time: start-up):
    on any source, the same matches as the whole pattern ignoring case."""
    expected = [(m.span(), m.groups()) for m in _WHOLE_SOURCE_YEAR.finditer(text)]
    assert expected == [(m.span(), m.groups()) for m in expiries._SOURCE_YEAR.finditer(text)]


@given(SOURCE_PIECES, st.integers(1890, 2110))
def test_a_source_without_a_later_year_is_decided_without_the_pattern(text: str, year: int) -> None:
    """_may_name_year_after is False only when no year the pattern finds is after ``year``:
    then the expiry is not before the source, and the pattern need not be compiled."""
    later = [y for y in expiries._years(text) if y > year]
    assert expiries._may_name_year_after(text, year) or [] == later


def test_the_folding_of_the_source_words_is_what_ignoring_case_matches() -> None:
    """Over all of Unicode: a character matches a letter of the words ignoring case exactly
    when its lower case (after _SOURCE_FOLD) is that letter; `\\s` is str.isspace."""
    letters = sorted(set("".join(expiries._SOURCE_WORDS)))
    differ = [
        (letter, f"U+{code:04X}")
        for code in range(sys.maxunicode + 1)
        if re.match("[" + "".join(letters) + "]", chr(code), re.IGNORECASE)
        for letter in letters
        if bool(re.match(letter, chr(code), re.IGNORECASE))
        != (chr(code).translate(expiries._SOURCE_FOLD).lower() == letter)
    ]
    assert [] == differ
    assert [] == [
        c for c in range(sys.maxunicode + 1) if bool(re.match(r"\s", chr(c))) != chr(c).isspace()
    ]
