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
        't.yaml:13: warning[extra-decimals]: A2 "Sundhedsguider": amount 1.20 is written with 2'
        " decimals, where amounts in 1000 DKK rarely have more than 1: a slip?\n"
        "  13 |         amount: 1.20\n"
        "  hint: if the source prints 1.200 (Danish for 1200), write 1200; if it prints 1,20,"
        " the figure is right: accept it with `code: extra-decimals` and `appropriation: A2`\n"
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
        't.yaml:11: warning[extra-decimals]: A2 "Mentor": amount 2.2000 is written with 4'
        ' decimals, where the other figures of table "Tabel 8" have at most 1 and amounts in'
        " 1000 DKK rarely have more than 1: a slip?"
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
        't.yaml:11: warning[negative-amount]: A2 "Besparelse på administration" has a negative'
        " figure (amount -500): a grant printed in a table is not negative\n"
        "  11 |       - {id: A2, title: Besparelse på administration, amount: -500,"
        " expires: 2016}\n"
        "  hint: check the sign against the source and remove the minus if it is a slip; a"
        " reduction (besparelse, negativ tillægsbevilling) printed as a negative row is real:"
        " accept it with `code: negative-amount` and `appropriation: A2`\n"
        "\n"
        "1 ledger, 2 appropriations: 0 errors, 1 warning, 0 accepted\n"
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
        't.yaml:11: warning[zero-amount]: A2 "Sundhedsguider" has the amount 0: it adds nothing'
        " to any total\n"
        "  11 |       - {id: A2, title: Sundhedsguider, amount: 0, expires: 2016}\n"
        "  hint: write the amount the source prints; if the source prints 0 or a dash (–) for"
        " the row, accept it with `code: zero-amount` and `appropriation: A2`\n"
        "\n"
        "1 ledger, 2 appropriations: 0 errors, 1 warning, 0 accepted\n"
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
    assert 'A1 "X" has the amount 0 (written -0)' in found
    assert 't.yaml:15: warning[zero-amount]: A2 "Y": 2017 is written -0' in found
