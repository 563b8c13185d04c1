"""Figures as written: signs and decimals that are likely slips (audit/figures.py)."""

from __future__ import annotations

import pytest

from tests.audit.helpers import codes, run


def test_extra_decimals_golden() -> None:
    """`amount: 1.20` in a table of whole thousands is likely 1.200 with a zero too few: a
    warning at the amount, with the figure the user probably meant and how to accept it."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 4001.20
            appropriations:
              - {id: A1, title: Mikrolån, amount: 4000, expires: 2016}
              - id: A2
                title: Sundhedsguider
                amount: 1.20
                expires: 2016
        """)
    assert (
        't.yaml:13: advarsel[extra-decimals]: A2 "Sundhedsguider": beløb 1.20 er skrevet med 2'
        " decimaler, men beløb i 1.000 kr. har sjældent mere end 1: en tastefejl?\n"
        "  13 |         amount: 1.20\n"
        "  tip: trykker kilden 1.200 (dansk talformat for 1200), så skriv 1200; trykker den"
        " 1,20, er tallet rigtigt: acceptér det med `code: extra-decimals` og"
        " `appropriation: A2`\n"
    ) in output
    assert [(8, "extra-decimals"), (13, "extra-decimals")] == codes("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 4001.20
            appropriations:
              - {id: A1, title: Mikrolån, amount: 4000, expires: 2016}
              - id: A2
                title: Sundhedsguider
                amount: 1.20
                expires: 2016
        """)


def test_extra_decimals_more_than_the_rest_of_the_table() -> None:
    """`2.2000` among figures of one decimal (mio. kr.) is more than any other figure of the
    table has: a warning naming what the others have, and the likely 2.200."""
    output = run(
        """\
        tables:
          - name: Tabel 8
            category: indsatsmidler
            stated_total: 220.3
            appropriations:
              - {id: A1, title: Løntilskud, amount: 218.1, expires: 2016}
              - {id: A2, title: Mentor, amount: 2.2000, expires: 2016}
        """.replace("1000 DKK", "mio DKK")
    )
    assert (
        't.yaml:11: advarsel[extra-decimals]: A2 "Mentor": beløb 2.2000 er skrevet med 4'
        ' decimaler, men de øvrige tal i tabel "Tabel 8" har højst 1, og beløb i 1.000 kr. har'
        " sjældent mere end 1: en tastefejl?"
    ) in output


@pytest.mark.parametrize(
    ("amounts", "warned"),
    [
        (["1200", "2040"], []),
        (["1200.5", "2040.5"], []),  # every figure with one decimal: consistent
        (["1200", "2040.5"], [10]),  # one decimal among whole thousands
        (["1.5"], []),  # a lone figure within what the unit has
        (["1.25"], [9]),  # a lone figure finer than 10 kr.
    ],
)
def test_extra_decimals_cases(amounts: list[str], warned: list[int]) -> None:
    """Decimals are compared with the other figures of the table, and with the unit."""
    rows = "".join(
        f"      - {{id: A{n}, title: R{n}, amount: {a}, expires: 2016}}\n"
        for n, a in enumerate(amounts)
    )
    body = "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n" + rows
    assert warned == [line for line, code in codes(body) if code == "extra-decimals"]


def test_negative_amount_golden() -> None:
    """A negative row in a printed table is a warning: a slip of the sign, or a reduction to
    accept with a reason."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 700
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
              - {id: A2, title: Besparelse på administration, amount: -500, expires: 2016}
        """)
    assert (
        't.yaml:11: advarsel[negative-amount]: A2 "Besparelse på administration" har et negativt'
        " tal (beløb -500): en bevilling i en trykt tabel er ikke negativ\n"
        "  11 |       - {id: A2, title: Besparelse på administration, amount: -500, expires:"
        " 2016}\n"
        "  tip: sammenhold fortegnet med kilden, og fjern minusset, hvis det er en tastefejl; en"
        " besparelse eller negativ tillægsbevilling, som kilden trykker som en negativ række, er"
        " reel: acceptér den med `code: negative-amount` og `appropriation: A2`\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 0 fejl, 1 advarsel, 0 accepterede\n"
    ) == output


def test_negative_profile_year_points_at_the_year() -> None:
    """A negative year of a profile is reported at that year's line."""
    body = """\
        tables:
          - name: T
            category: driftsmidler
            stated_total: 700
            appropriations:
              - id: A1
                title: X
                profile:
                  2016: 1000
                  2017: -300
        """
    assert [(14, "negative-amount")] == codes(body)


def test_zero_amount_golden() -> None:
    """A row of 0 adds nothing to any total: a warning (a figure not yet written?)."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 1200
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
              - {id: A2, title: Sundhedsguider, amount: 0, expires: 2016}
        """)
    assert (
        't.yaml:11: advarsel[zero-amount]: A2 "Sundhedsguider" har beløbet 0: rækken bidrager'
        " ikke til nogen total\n"
        "  11 |       - {id: A2, title: Sundhedsguider, amount: 0, expires: 2016}\n"
        "  tip: skriv det beløb, kilden trykker; trykker kilden 0 eller en tankestreg (–) for"
        " rækken, så acceptér fundet med `code: zero-amount` og `appropriation: A2`\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 0 fejl, 1 advarsel, 0 accepterede\n"
    ) == output


def test_minus_zero_is_reported() -> None:
    """`amount: -0` is a zero row written with a sign; `2017: -0` in a profile is a zero year
    with a sign (zero years of a profile are normal, the sign is not)."""
    body = """\
        tables:
          - name: T
            category: driftsmidler
            stated_total: 1000
            appropriations:
              - {id: A1, title: X, amount: -0, expires: 2016}
              - id: A2
                title: Y
                profile:
                  2016: 1000
                  2017: -0
        """
    found = run(body)
    assert 'A1 "X" har beløbet 0 (skrevet -0)' in found
    assert 't.yaml:15: advarsel[zero-amount]: A2 "Y": 2017 er skrevet -0' in found
