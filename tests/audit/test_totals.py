"""Checks of printed totals (audit/totals.py): a golden test per code, inline ledger to output."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.audit import check
from tests.audit.helpers import HEAD, codes, report, run

ROOT = Path(__file__).resolve().parents[2]


def test_total_mismatch_golden() -> None:
    """A table whose rows do not add up to its stated total is an error naming both figures
    and the difference, in the ledger's unit and Danish notation."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 48779
            appropriations:
              - {id: A1, title: Mikrolån, amount: 47579, expires: 2016}
        """)
    assert (
        't.yaml:8: fejl[total-mismatch]: tabel "Tabel 1": oplyst total 48.779, rækkerne summer'
        " til 47.579, difference 1.200 t.kr.\n"
        "  8 |     stated_total: 48779\n"
        "  tip: sammenhold hvert tal med kilden, og ret et fejltastet tal; trykker kilden selv"
        " tallene sådan, så behold dem som trykt, og registrér fundet under `accepted:` med"
        ' koden, `table: "Tabel 1"`, `stated: 48779`, `sum: 47579` og en begrundelse; er de'
        " trykte tal afrundede, så angiv `rounded_to`\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


def test_grand_total_mismatch_and_english_locale() -> None:
    """The ledger's grand total is compared with its tables (printed subtotals), and
    --locale en writes the figures in English notation."""
    ledgers = bevilling.load_string(
        HEAD
        + textwrap.dedent("""\
        stated_total: 5000
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 1200
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
          - name: Tabel 2
            category: driftsmidler
            appropriations:
              - {id: A2, title: IPS, amount: 2040, expires: 2016}
        """),
        "t.yaml",
    )
    report = check(ledgers, locale="en")
    assert [
        "t.yaml:5: error[total-mismatch]: grand total: stated 5,000, the tables add up to"
        " 3,240, difference 1,760 (DKK thousand)",
    ] == [str(p) for p in report.problems]


def test_total_rounding_golden() -> None:
    """A difference the declared rounding explains is a warning, not an error."""
    output = run("""\
        rounded_to: 1
        stated_total: 3001
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1000, expires: 2016}
          - name: Tabel 2
            category: driftsmidler
            appropriations:
              - {id: A2, title: IPS, amount: 2000, expires: 2016}
        """)
    assert (
        "t.yaml:6: advarsel[total-rounding]: samlet total: oplyst 3.001, tabellerne summer til"
        " 3.000, difference 1 t.kr., inden for den angivne afrunding til 1 (højst 1 for 2 tal)\n"
        "  6 | stated_total: 3001\n"
        "  tip: intet at rette, hvis kilden trykker disse tal: afrundede tal behøver ikke at"
        " summe præcist; acceptér fundet med `code: total-rounding` for at registrere det\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 0 fejl, 1 advarsel, 0 accepterede\n"
    ) == output


def test_rounding_tolerance_is_never_guessed() -> None:
    """Without `rounded_to` the comparison is exact; beyond the tolerance it is an error."""
    body = """\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 1001
            {rounding}
            appropriations:
              - {{id: A1, title: Mikrolån, amount: 1000, expires: 2016}}
        """
    codes = {
        rounding: [p.code for p in check(bevilling.load_string(HEAD + textwrap.dedent(
            body.format(rounding=rounding)))).problems]
        for rounding in ("", "rounded_to: 1", "rounded_to: 2", "rounded_to: 0.5")
    }  # fmt: skip
    assert {
        "": ["total-mismatch"],
        "rounded_to: 1": ["total-mismatch"],  # one figure: up to 0.5
        # one figure: up to 1, but 1001 is no multiple of 2: the rounding is implausible
        "rounded_to: 2": ["total-mismatch", "implausible-rounding"],
        "rounded_to: 0.5": ["total-mismatch"],
    } == codes


def test_year_total_mismatch_golden() -> None:
    """stated_years are compared with the per-year sums of the rows' profiles."""
    output = run("""\
        tables:
          - name: Tabel 2
            category: driftsmidler
            stated_years:
              2017: 1700
              2018: 1600
            appropriations:
              - id: VF-1
                title: Sagsforberedelse
                profile: {2017: 1700, 2018: 1700}
        """)
    assert (
        't.yaml:10: fejl[year-total-mismatch]: tabel "Tabel 2", 2018: oplyst total 1.600,'
        " rækkerne summer til 1.700, difference -100 t.kr.\n"
        "  10 |       2018: 1600\n"
        "  tip: sammenhold hvert tal med kilden, og ret et fejltastet tal; trykker kilden selv"
        " tallene sådan, så behold dem som trykt, og registrér fundet under `accepted:` med"
        ' koden, `table: "Tabel 2"`, `year: 2018`, `stated: 1600`, `sum: 1700` og en'
        " begrundelse\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


def test_profile_mismatch_golden() -> None:
    """An appropriation's amount (the printed I alt) must equal the sum of its profile."""
    output = run("""\
        tables:
          - name: Tabel 2
            category: driftsmidler
            appropriations:
              - id: BI2-1
                title: Ventetid
                profile: {2016: 1000, 2017: 500}
                amount: 1000
        """)
    assert (
        't.yaml:12: fejl[profile-mismatch]: BI2-1 "Ventetid": beløb 1.000, profilen summer til'
        " 1.500, difference -500 t.kr.\n"
        "  12 |         amount: 1000\n"
        "  tip: sammenhold rækkens I alt og årskolonner med kilden, og ret det fejltastede tal;"
        " trykker kilden selv tallet sådan, så behold det som trykt, og registrér fundet under"
        ' `accepted:` med koden, `appropriation: "BI2-1"`, `stated: 1000`, `sum: 1500` og en'
        " begrundelse\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


amounts = st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False)


@given(st.lists(amounts, min_size=1, max_size=8))
def test_rows_that_add_up_never_mismatch(rows: list[Decimal]) -> None:
    """Property: a table whose stated total is the exact sum of its rows has no total
    finding, and changing the total by more than the tolerance always gives one."""

    def ledger(total: Decimal) -> str:
        items = "\n".join(
            f"      - {{id: R{i}, title: Række {i}, amount: {row}, expires: 2016}}"
            for i, row in enumerate(rows)
        )
        return (
            HEAD + "tables:\n  - name: T\n    category: driftsmidler\n"
            f"    stated_total: {total}\n    rounded_to: 0.1\n    appropriations:\n{items}\n"
        )

    total = sum(rows, Decimal(0))
    exact = check(bevilling.load_string(ledger(total)), select=["total-mismatch", "total-rounding"])
    assert () == exact.problems
    off = total + Decimal("0.1") * len(rows)
    wrong = check(bevilling.load_string(ledger(off)), select=["total-mismatch", "total-rounding"])
    assert ["total-mismatch"] == [p.code for p in wrong.problems]


def test_indsatsbudget_rounding_is_a_warning() -> None:
    """271,1 printed against 271,2 summed subtotals is total-rounding, not an error (four
    subtotals rounded to 0,1 explain up to 0,1: three standard deviations of their rounding)."""
    ledgers = bevilling.load(ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml")
    report = check(ledgers)
    assert [("total-rounding", "samlet total: oplyst 271,1, tabellerne summer til 271,2,"
             " difference -0,1 mio. kr., inden for den angivne afrunding til 0,1 (højst 0,1"
             " for 4 tal)")
            ] == [(p.code, p.message) for p in report.problems]  # fmt: skip
    assert report.valid
    english = check(ledgers, locale="en")
    assert [("total-rounding", "grand total: stated 271.1, the tables add up to 271.2,"
             " difference -0.1 (DKK million), within the declared rounding to 0.1 (up to 0.1"
             " for 4 figures)")
            ] == [(p.code, p.message) for p in english.problems]  # fmt: skip


def test_unaudited_table_golden() -> None:
    """A table transcribed without its "I alt" line (no stated_total, no stated_years) is
    never audited: a warning at the table's name, saying so and how to fix or accept it."""
    output = run(
        """\
        tables:
          - name: "Tabel 10: Oversigt over særindsatser"
            category: særindsatser
            appropriations:
              - {id: S01, title: Projekt Kompas, amount: 960, expires: 2015}
              - {id: S02, title: IPS, amount: 2040, expires: 2015}
        """,
        ignore=(),
    )
    assert (
        't.yaml:6: advarsel[unaudited-table]: tabel "Tabel 10: Oversigt over særindsatser" har'
        " ingen oplyst total (hverken `stated_total` eller `stated_years`): dens 2 rækker bliver"
        " aldrig sammenholdt med et trykt tal\n"
        '  6 |   - name: "Tabel 10: Oversigt over særindsatser"\n'
        "  tip: skriv den total, kilden trykker under tabellen (I alt), som `stated_total:` (og"
        " årstotalerne som `stated_years:`); trykker kilden ingen total, så acceptér fundet med"
        " `code: unaudited-table`, `table:` og en begrundelse\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 0 fejl, 1 advarsel, 0 accepterede\n"
    ) == output


@pytest.mark.parametrize(
    ("totals", "expected"),
    [
        ("    stated_total: 3000\n", []),
        ("    stated_years: {2015: 3000}\n", []),
        ("", ["unaudited-table"]),
    ],
)
def test_unaudited_table_needs_a_printed_total(totals: str, expected: list[str]) -> None:
    """A stated_total or stated_years audits the table; neither leaves it unaudited."""
    body = (
        "tables:\n  - name: T\n    category: særindsatser\n" + totals + "    appropriations:\n"
        "      - {id: S01, title: Kompas, profile: {2015: 960}}\n"
        "      - {id: S02, title: IPS, profile: {2015: 2040}}\n"
    )
    assert expected == [code for _line, code in codes(body, ignore=())]


def test_unaudited_table_is_audited_by_the_grand_total() -> None:
    """A table without its own total counts towards the ledger's stated grand total, which
    audits it: no warning."""
    body = """\
        stated_total: 3000
        tables:
          - name: T
            category: særindsatser
            appropriations:
              - {id: S01, title: Kompas, amount: 960, expires: 2015}
              - {id: S02, title: IPS, amount: 2040, expires: 2015}
        """
    assert [] == codes(body, ignore=())


def test_unaudited_table_is_accepted_with_a_reason() -> None:
    """Like any finding, unaudited-table is accepted with `table:` and a reason."""
    found, _ledgers = report(
        """\
        tables:
          - name: T
            category: særindsatser
            appropriations:
              - {id: S01, title: Kompas, amount: 960, expires: 2015}
        accepted:
          - {code: unaudited-table, table: T, reason: Kilden trykker ingen total.}
        """,
        ignore=(),
    )
    assert [("unaudited-table", "Kilden trykker ingen total.")] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert found.passed(strict=True)


def test_flow_stated_years_mismatch_points_at_the_stated_years_line() -> None:
    """Issue 10 item 7: a mismatch in flow-style `stated_years: {2016: 1500, ...}` points at
    the stated_years line, not at the row's `2016:` profile line below it (as the fuller
    example in docs/ledger-format.md was written)."""
    output = run("""\
        tables:
          - name: "Tabel 2: Udgifter til service"
            category: driftsmidler
            stated_years: {2016: 1500, 2017: 0}
            stated_total: 1000
            appropriations:
              - id: BI2-1
                title: Ventetid
                profile:
                  2016: 1000
                  2017: 0
        """)
    assert (
        't.yaml:8: fejl[year-total-mismatch]: tabel "Tabel 2: Udgifter til service", 2016: oplyst'
        " total 1.500, rækkerne summer til 1.000, difference 500 t.kr.\n"
        "  8 |     stated_years: {2016: 1500, 2017: 0}\n"
        "  tip: sammenhold hvert tal med kilden, og ret et fejltastet tal; trykker kilden selv"
        " tallene sådan, så behold dem som trykt, og registrér fundet under `accepted:` med"
        ' koden, `table: "Tabel 2: Udgifter til service"`, `year: 2016`, `stated: 1500`,'
        " `sum: 1000` og en begrundelse\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output.split("  hint:")[0]


def test_year_missing_from_block_stated_years_points_at_stated_years() -> None:
    """A year the rows fund but stated_years does not list points at `stated_years:` (the
    lookup never strays into a row's profile with that year)."""
    found, _ledgers = report("""\
        tables:
          - name: T
            category: driftsmidler
            stated_years:
              2016: 1000
            appropriations:
              - id: A1
                title: X
                profile:
                  2016: 1000
                  2017: 500
        """)
    assert [(8, "year-total-mismatch")] == [(p.location.line, p.code) for p in found.problems]


def test_rows_without_a_profile_count_in_their_expiry_year() -> None:
    """Trust gap 2: in a table that states only year totals, a row without a profile was in
    no year sum, so a mistyped amount passed. It counts in its expiry year now: 600 typed
    for the printed 500 is a year-total-mismatch."""
    body = """\
        tables:
          - name: Tabel 2
            category: driftsmidler
            stated_years: {2016: 1500, 2017: 500}
            appropriations:
              - {id: BI2-1, title: Ventetid, profile: {2016: 1000, 2017: 500}}
              - {id: BI2-2, title: Kontaktflade, amount: AMOUNT, expires: 2016}
        """
    assert [] == codes(body.replace("AMOUNT", "500"))
    assert [(8, "year-total-mismatch")] == codes(body.replace("AMOUNT", "600"))


def test_unaudited_row_only_where_nothing_else_audits_it() -> None:
    """A row with no profile and no expiry year in a table with year totals only is
    unaudited-row; a stated_total (or a grand total) audits it, so no warning then."""
    body = """\
        tables:
          - name: Tabel 2
            category: driftsmidler
            stated_years: {2016: 1000}TOTAL
            appropriations:
              - {id: BI2-1, title: Ventetid, profile: {2016: 1000}}
              - {id: BI2-3, title: Mentorer, amount: 300, expires: open}
        """
    assert [(11, "unaudited-row")] == codes(body.replace("TOTAL", ""))
    assert [] == codes(body.replace("TOTAL", "\n            stated_total: 1300"))
    assert [] == codes("stated_total: 1300\n" + textwrap.dedent(body.replace("TOTAL", "")))


def test_a_rounding_the_figures_contradict_excuses_nothing() -> None:
    """Trust gap 3: `rounded_to: 200` declared over figures in whole t.kr. (5190, 1187) made a
    200 difference over three rows a total-rounding warning. No figure is a multiple of
    200, so the declaration is implausible (a warning) and the mismatch stays an error."""
    body = """\
        tables:
          - name: Tabel 1
            category: driftsmidler
            rounded_to: ROUNDING
            stated_total: 7177
            appropriations:
              - {id: A1, title: Fremskudt indsats, amount: 5190, expires: 2016}
              - {id: A2, title: Aktivitetsbevilling, amount: 1187, expires: 2016}
              - {id: A3, title: Mikrolån, amount: 600, expires: 2016}
        """
    found, _ledgers = report(body.replace("ROUNDING", "200"))
    assert [("implausible-rounding", "warning"), ("total-mismatch", "error")] == [
        (p.code, p.severity.value) for p in found.problems
    ]
    assert not found.valid


def test_a_rounding_the_figures_fit_still_gives_its_tolerance() -> None:
    """Figures that are all multiples of the declared rounding keep its tolerance."""
    found, _ledgers = report("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            rounded_to: 100
            stated_total: 7100
            appropriations:
              - {id: A1, title: X, amount: 5200, expires: 2016}
              - {id: A2, title: Y, amount: 1200, expires: 2016}
              - {id: A3, title: Z, amount: 600, expires: 2016}
        """)
    assert ["total-rounding"] == [p.code for p in found.problems]


def test_the_declared_rounding_is_shown_as_declared() -> None:
    """`rounded_to: 0.1` over three figures: the message names the rounding as declared (0,1),
    not with the decimals of the tolerance (0,10), in both locales; the tolerance is a
    multiple of it (0,1 for three figures, no longer half of 0,1 per figure: 0,15)."""
    body = HEAD.replace("1000 DKK", "mio DKK") + (
        "tables:\n  - name: T\n    category: driftsmidler\n    rounded_to: 0.1\n"
        "    stated_total: 3.1\n    appropriations:\n"
        "      - {id: A1, title: X, amount: 1, expires: 2016}\n"
        "      - {id: A2, title: Y, amount: 1, expires: 2016}\n"
        "      - {id: A3, title: Z, amount: 1, expires: 2016}\n"
    )
    ledgers = bevilling.load_string(body, "t.yaml")
    danish = check(ledgers, locale="da", select=["total-rounding"]).problems
    english = check(ledgers, locale="en", select=["total-rounding"]).problems
    assert [
        'tabel "T": oplyst total 3,1, rækkerne summer til 3,0, difference 0,1 mio. kr., inden'
        " for den angivne afrunding til 0,1 (højst 0,1 for 3 tal)"
    ] == [p.message for p in danish]
    assert [
        'table "T": stated total 3.1, the rows add up to 3.0, difference 0.1 (DKK million),'
        " within the declared rounding to 0.1 (up to 0.1 for 3 figures)"
    ] == [p.message for p in english]
    implausible = check(
        bevilling.load_string(body.replace("rounded_to: 0.1", "rounded_to: 1"), "t.yaml"),
        locale="da",
        select=["implausible-rounding"],
    )
    assert [
        'tabel "T" angiver `rounded_to` 1, men 3,1 går ikke op i den (1 tal går ikke op): der'
        " gælder ingen afrundingstolerance"
    ] == [p.message for p in implausible.problems]


def _twenty_rows(slipped: str) -> str:
    """Attack 7 #13's table: mio. kr. rounded to 0,1, 20 rows of 1,2 printed, I alt 24,0, with
    R05 typed as ``slipped``."""
    rows = "".join(
        f"      - {{id: R{i:02}, title: Række {i}, amount: {slipped if i == 5 else '1.2'},"
        " expires: 2016}\n"
        for i in range(1, 21)
    )
    return HEAD.replace("1000 DKK", "mio DKK") + (
        "tables:\n  - name: T1\n    category: driftsmidler\n    rounded_to: 0.1\n"
        "    stated_total: 24.0\n    appropriations:\n" + rows
    )


def test_a_mistyped_digit_in_a_rounded_table_is_a_mismatch() -> None:
    """Attack 7 #13, as the user made it: 20 rows of 1,2 with one typed 2,2 against the
    printed 24,0 were within "rounding" (half of 0,1 per row: up to 1,0), a warning whose hint
    said "intet at rette", and expiring printed 25,0 with exit 0.  Twenty figures rounded to
    0,1 explain up to 0,3 now (three standard deviations of their rounding errors): 1,0 is a
    total-mismatch error saying what the rounding explains, and the reports refuse."""
    ledgers = bevilling.load_string(_twenty_rows("2.2"), "r.yaml")
    danish = check(ledgers)
    assert [
        (
            "total-mismatch",
            'tabel "T1": oplyst total 24,0, rækkerne summer til 25,0, difference -1,0 mio. kr.,'
            " mere end den angivne afrunding til 0,1 kan forklare (højst 0,3 for 20 tal)",
        )
    ] == [(p.code, p.message) for p in danish.problems]
    assert "intet at rette" not in danish.problems[0].hint
    assert [
        'table "T1": stated total 24.0, the rows add up to 25.0, difference -1.0 (DKK million),'
        " more than the declared rounding to 0.1 explains (up to 0.3 for 20 figures)"
    ] == [p.message for p in check(ledgers, locale="en").problems]
    with pytest.raises(bevilling.LedgerErrorsError):
        bevilling.expiring(ledgers, 2016)
    for slipped in ("2.1", "1.7", "1.6"):  # 0,9, 0,5 and 0,4 off: mismatches too
        slip = check(bevilling.load_string(_twenty_rows(slipped), "r.yaml"))
        assert ["total-mismatch"] == [p.code for p in slip.problems]


def test_rounding_of_twenty_figures_explains_three_tenths() -> None:
    """0,1 to 0,3 off over 20 figures rounded to 0,1 stays the total-rounding warning."""
    for slipped, difference in (("1.3", "-0,1"), ("1.5", "-0,3"), ("0.9", "0,3")):
        report = check(bevilling.load_string(_twenty_rows(slipped), "r.yaml"))
        assert ["total-rounding"] == [p.code for p in report.problems], slipped
        assert f"difference {difference} mio. kr., inden for" in report.problems[0].message
        assert report.valid


@given(st.integers(min_value=1, max_value=400))
def test_the_tolerance_is_three_standard_deviations(figures: int) -> None:
    """The tolerance is the largest multiple of the rounding within 3 standard deviations of
    the difference of figures + 1 rounding errors (q·√((n + 1)/12)); a single figure gets none;
    never more than the worst case, half a unit per figure."""
    from bevilling.audit import rounding_tolerance

    q = Decimal("0.1")
    tolerance = rounding_tolerance(q, figures)
    if figures == 1:
        assert Decimal(0) == tolerance
        return
    sd = q * (Decimal(figures + 1) / 12).sqrt()
    assert tolerance % q == 0
    assert tolerance <= 3 * sd < tolerance + q
    assert tolerance <= q * figures / 2
