"""Amounts named in descriptions (audit/descriptions.py)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.audit import check, descriptions
from tests.audit.helpers import HEAD, run


def test_description_amount_golden() -> None:
    """A description naming 1,9 mio. kr. for an amount of 1.187 thousand is a warning."""
    output = run("""\
        tables:
          - name: Tablet 8
            category: driftsmidler
            appropriations:
              - id: D09
                description: JKA få 1,9 mio. kr. over aktivitetsbevilling
                title: Aktivitetsbevilling
                amount: 1187
                expires: 2015
        """)
    assert (
        't.yaml:9: advarsel[description-amount]: D09 "Aktivitetsbevilling": beskrivelsen nævner'
        " 1,9 mio. kr. (= 1.900), men beløbet er 1.187 t.kr.\n"
        "   9 |       - id: D09\n"
        "  10 |         description: JKA få 1,9 mio. kr. over aktivitetsbevilling\n"
        "  11 |         title: Aktivitetsbevilling\n"
        "  12 |         amount: 1187\n"
        "  13 |         expires: 2015\n"
        "  tip: sammenhold med kilden: er beløbet tastet forkert, så ret det; siger kilden selv"
        " to forskellige ting, så behold begge som trykt, og registrér fundet under `accepted:`"
        ' med `code: description-amount`, `appropriation: "D09"`, `named: 1900`, `amount: 1187`'
        " og en begrundelse\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 0 fejl, 1 advarsel, 0 accepterede\n"
    ) == output


@pytest.mark.parametrize(
    ("description", "amount", "profile", "warns"),
    [
        ("JKA få 14,8 mio. kr. over aktivitetsbevilling", "14752", None, False),
        ("JKA få 1,9 mio. kr. over aktivitetsbevilling", "1187", None, True),
        ("Der er givet ca. 5,2 mio. kr. til samtaler", "5212", None, False),
        ("Tilsagn på 2,6 mio. kr. i 2015 fra SFR", "2607", None, False),
        ("Konkret søges om 1. mio. kr. til ansættelse", "1000", None, False),
        ("et årsværk (0,5 mio. kr.) til aflønning", "500", None, False),
        ("et årsværk (0,5 mio. kr.) til aflønning", "600", None, True),
        ("svarende til 800.000 kr. årligt", None, {2017: 800, 2018: 800}, False),
        ("svarende til 800.000 kr. årligt", None, {2017: 800, 2018: 950}, True),
        ("afsat 1 mio. kr. årligt fra 2017-2018", None, {2017: 1000, 2018: 1000, 2019: 0}, False),
        ("i alt 3,2 mio. kr. over to år", None, {2017: 1600, 2018: 1600}, False),
        ("0,6 mio. kr. årligt", None, {2017: 600, 2018: 600}, False),
        ("1.200 t.kr. til mikrolån", "1200", None, False),
        ("100 flere møder i 2017 og 2018", "800", None, False),
    ],
)
def test_description_amount_cases(
    description: str, amount: str | None, profile: dict[int, int] | None, warns: bool
) -> None:
    """Amounts in Danish text are parsed and compared within the precision they were written
    with (the row's amount, or each funded year with "årligt"); no amount, no warning."""
    fields = {"id": "X1", "title": "Række", "description": description}
    if amount is not None:
        fields["amount"] = amount
    if profile is not None:
        fields["profile"] = "{" + ", ".join(f"{y}: {v}" for y, v in profile.items()) + "}"
    else:
        fields["expires"] = "2016"
    row = "\n".join(f"        {key}: {value}" for key, value in fields.items())
    text = HEAD + (
        "tables:\n  - name: Tabel 1\n    category: driftsmidler\n    appropriations:\n"
        "      - " + row.lstrip() + "\n"
    )
    ledgers = bevilling.load_string(text)
    assert () == ledgers.problems
    codes = [p.code for p in check(ledgers, select=["description-amount"]).problems]
    assert (["description-amount"] if warns else []) == codes


def test_a_long_run_of_spaces_in_a_description_is_read_in_linear_time() -> None:
    """`description: "1<40 000 spaces>x kr"` took 7.9 s in `check` (80 000: past 20 s): two
    runs of `\\s` side by side in the amount pattern split a run of spaces every way. A run of
    200 000 spaces would now take hours if that came back; it takes milliseconds."""
    import bevilling

    spaces = " " * 200_000
    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T, category: driftsmidler, stated_total: 5, appropriations: [\n"
        f'      {{id: A1, title: x, amount: 5, expires: 2016, description: "1{spaces}x kr"}}]}}\n'
    )
    report = bevilling.check(bevilling.load_string(text, "t.yaml"))
    assert [] == [p.code for p in report.problems]


_TRICKY = [
    "Der afsættes 2 mio. kr. til x; bevilling nr. 3.",
    "1,9 mio. kr. og 2 KR. og 3 Kroner, 4 kroneren, 5 \u212ar, 6 kR",
    "kr 100 og 100 kr",
    "12.5 kr. 1.000.000 kr 1. mio. kr. til",
    "9 kr9 8 kr. 7 kr.x 6 kroner. 5 kronerX",
    "ingen beløb, men krav om 2 krydser",
    "1   mio.   kr.   ",
    "",
    "kr",
    "3kr",
    "3 kr",
    "3 kr.",
    "Kr. 4",
    "\u212a",
    "1\u212ar.",
    "2 t. kr",
    "4.000.000 kr årligt i 2017",
    "100 tusinde kroner om året",
]


@pytest.mark.parametrize("text", _TRICKY)
def test_mentions_are_found_in_their_window_as_in_the_whole_text(text: str) -> None:
    """Issue 13: the amount pattern reads only from a text's first digit to just after its
    last `kr` (:func:`_window`); it finds exactly what it finds in the whole text."""
    from bevilling.audit import descriptions

    whole = [m.span() for m in descriptions._MENTION.finditer(text)]
    window = descriptions._window(text)
    inside = [] if window is None else descriptions._MENTION.finditer(text, *window)
    assert whole == [m.span() for m in inside]


_PIECES = ["kr", "Kr", "KR", "kR", "\u212a", "kroner", "oner", "mio.", "t.", ".", ",", " ",
           "  ", "1", "9", "1.000", "0,5", "x", "å", "\n"]  # fmt: skip


@given(st.lists(st.sampled_from(_PIECES), max_size=14))
def test_the_window_never_changes_the_mentions(parts: list[str]) -> None:
    """Issue 13: for texts made of the pieces a mention is made of, the mentions found in
    the window (:func:`_window`) are those found in the whole text, and a text whose
    mentions the pre-tests rule out (:func:`_naming_kroner`) has none."""
    from bevilling.audit import descriptions

    text = "".join(parts)
    whole = [m.span() for m in descriptions._MENTION.finditer(text)]
    window = descriptions._window(text)
    inside = [] if window is None else descriptions._MENTION.finditer(text, *window)
    assert whole == [m.span() for m in inside]
    if not descriptions._naming_kroner([text]):
        assert [] == whole


@pytest.mark.parametrize(
    ("description", "amount", "named_da", "named_en"),
    [
        ("JKA få 123.456 kr.", "1.2", "123.456 kr. (= 0,123456)", "123.456 kr. (= 0.123456)"),
        ("ca. 12,345678 mio. kr.", "2", "12,345678 mio. kr. (= 12,345678)",
         "12,345678 mio. kr. (= 12.345678)"),
        ("1,5 kr.", "1.2", "1,5 kr. (= 0,0000015)", "1,5 kr. (= 0.0000015)"),
        ("1,9 mio. kr.", "1.25", "1,9 mio. kr. (= 1,90)", "1,9 mio. kr. (= 1.90)"),
    ],
)  # fmt: skip
def test_the_message_shows_the_named_amount_exactly(
    description: str, amount: str, named_da: str, named_en: str
) -> None:
    """In a ledger in mio DKK, the amount a description names is shown converted exactly, in
    both locales (never rounded to the row's decimals, "123.456 kr. (= 0,1)"): the figure a
    user copies into `named:` is the one the message shows (at least the row's decimals)."""
    body = HEAD.replace("1000 DKK", "mio DKK") + (
        "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
        f"      - {{id: A1, title: X, amount: {amount}, expires: 2016,"
        f" description: '{description}'}}\n"
    )
    ledgers = bevilling.load_string(body, "t.yaml")
    danish = check(ledgers, locale="da", select=["description-amount"]).problems
    english = check(ledgers, locale="en", select=["description-amount"]).problems
    assert [f"beskrivelsen nævner {named_da}, men"] == [
        p.message.split(": ", 1)[1].split(" beløbet")[0] for p in danish
    ]
    assert [f"the description says {named_en}, but the"] == [
        p.message.split(": ", 1)[1].split(" amount")[0] for p in english
    ]


#: The patterns as they were written first: each whole pattern ignoring case.
_WHOLE = {
    "_MENTION": re.compile(
        r"(?<![0-9.,])(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<decimals>[0-9]+))?"
        r"(?:\.(?=\s))?\s*"
        r"(?:(?P<unit>mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|t\.|tusind(?:e)?)\s*)?"
        r"(?:kr\b\.?|kroner\b)",
        re.IGNORECASE,
    ),
    "_KRONER": re.compile(r"kr(?:\b|oner\b)", re.IGNORECASE),
    "_YEARLY": re.compile(r"\b(?:årligt|om året|pr\.\s*år|per år|hvert år)\b", re.IGNORECASE),
}
#: Pieces of descriptions: numbers, units and kroner in every case (also the Kelvin sign and
#: the Angstrom sign, which stand for `k` and `å` when case is ignored), white space, words.
DESCRIPTION_PIECES = st.lists(
    st.sampled_from(
        ["1", "1,9", "800.000", "12", ",", ".", " ", "  ", "\t", "\n", "\xa0", "mio", "MIO.",
         "Mia", "milliarder", "mill.", "Millioner", "t.", "T.", "tusinde", "TUSIND", "kr",
         "Kr.", "KR", "kR", "\u212ar", "kroner", "KRONER", "krone", "årligt", "ÅRLIGT",
         "\u212brligt", "om året", "OM ÅRET", "pr.", "år", "per år", "hvert år", "x", "_", "æ",
         "9"]
    ),
    max_size=10,
).map("".join)  # fmt: skip


@pytest.mark.parametrize("name", sorted(_WHOLE))
@given(text=DESCRIPTION_PIECES)
def test_the_patterns_ignore_case_in_their_words_only(name: str, text: str) -> None:
    """_MENTION, _KRONER and _YEARLY ignore case in their words only (they compile in half
    the time: start-up): on any text, the same matches as the whole pattern ignoring case."""
    pattern = getattr(descriptions, name)
    expected = [(m.span(), m.groups()) for m in _WHOLE[name].finditer(text)]
    assert expected == [(m.span(), m.groups()) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("description", "amount", "named"),
    [
        # a reduction row, its figure written with a minus sign: agrees
        ("reduktion på -1,2 mio. kr.", "-1187", None),
        ("reduktion på \u22121,2 mio. kr.", "-1187", None),
        # a figure without a sign names a size: agrees with a reduction too
        ("reduktion på 1,2 mio. kr.", "-1187", None),
        # a figure with a minus sign against a positive amount: the sign disagrees
        ("reduktion på -1,2 mio. kr.", "1187", "-1,2 mio. kr. (= -1.200)"),
        # a signed figure that disagrees is named with its sign, for `named:`
        ("reduktion på -1,9 mio. kr.", "-1187", "-1,9 mio. kr. (= -1.900)"),
        # a dash between figures or words is a range or a compound, not a sign
        ("pulje på 1-2 mio. kr.", "2000", None),
        ("i 2015-1,2 mio. kr. til drift", "1200", None),
        ("JKA-1,2 mio. kr. til drift", "1200", None),
    ],
)
def test_a_minus_sign_before_a_figure_is_its_sign(
    description: str, amount: str, named: str | None
) -> None:
    """A description of a reduction row names its figure with a minus sign ("-1,2 mio. kr."):
    that agrees with an amount of -1.187 t.kr. (it was a false warning on every such row); a
    figure without a sign names a size, of either sign; a dash after a letter or a digit is
    not a sign.  A disagreeing signed figure is shown, and pinned, with its sign."""
    found = bevilling.check(
        bevilling.load_string(
            HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
            f"      - {{id: A1, title: X, amount: {amount}, expires: 2016,"
            f" description: '{description}'}}\n",
            "t.yaml",
        ),
        select=["description-amount"],
    ).problems
    said = [p.message.split("nævner ", 1)[1].split(", men")[0] for p in found]
    assert ([] if named is None else [named]) == said
    if named is not None:
        value = named.split("(= ")[1].rstrip(")").replace(".", "")
        assert f"`named: {value}`" in found[0].hint


def test_a_pinned_signed_figure_accepts_its_finding() -> None:
    """The entry the hint of a signed figure gives (`named: -1900`) loads and accepts exactly
    that finding."""
    body = (
        HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
        "      - {id: A1, title: X, amount: -1187, expires: 2016,"
        " description: 'reduktion på -1,9 mio. kr.'}\n"
        "accepted:\n  - {code: description-amount, appropriation: A1, named: -1900,"
        " amount: -1187, reason: kilden siger begge}\n"
    )
    ledgers = bevilling.load_string(body, "t.yaml")
    assert [] == [p.code for p in ledgers.problems]
    found = bevilling.check(ledgers, select=["description-amount", "stale-acceptance"])
    assert [("description-amount", "kilden siger begge")] == [
        (p.code, p.accepted) for p in found.problems
    ]
