"""The audit checks: one golden test per code (inline ledger → exact text output)."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.audit.checks import CHECKS, UnknownCodeError, check, resolve_codes
from bevilling.audit.render import render_report_text
from bevilling.core.problems import LOAD_CODES

ROOT = Path(__file__).resolve().parents[2]

HEAD = """\
format: bevilling/1
title: Test
document: Budgetaftale 2015
unit: 1000 DKK
"""


def run(body: str, *, file: str = "t.yaml", **options: object) -> str:
    """Check a ledger written inline (after HEAD) and render the report as text."""
    ledgers = bevilling.load_string(HEAD + textwrap.dedent(body), file)
    report = check(ledgers, locale="da", **options)  # type: ignore[arg-type]
    return render_report_text(report, ledgers.sources)


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
        't.yaml:8: error[total-mismatch]: table "Tabel 1": stated 48.779, rows sum to 47.579,'
        " difference 1.200 (1000 DKK)\n"
        "  8 |     stated_total: 48779\n"
        "  hint: compare each figure with the source and fix a mistyped row or total; if the"
        " source itself prints it so, keep the figure as printed and record it under"
        " `accepted:` with the code, the `table:` name and a reason; if the printed figures"
        " are rounded, declare `rounded_to`\n"
        "\n"
        "1 ledger, 1 appropriation: 1 error, 0 warnings, 0 accepted\n"
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
        "t.yaml:5: error[total-mismatch]: grand total: stated 5,000, tables sum to 3,240,"
        " difference 1,760 (1000 DKK)"
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
        "t.yaml:6: warning[total-rounding]: grand total: stated 3.001, tables sum to 3.000,"
        " difference 1 (1000 DKK), within the declared rounding to 1 (up to 1 for 2 figures)\n"
        "  6 | stated_total: 3001\n"
        "  hint: nothing to fix if the source prints these figures: rounded figures need not"
        " add up exactly; accept it with `code: total-rounding` to record that\n"
        "\n"
        "1 ledger, 2 appropriations: 0 errors, 1 warning, 0 accepted\n"
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
        "rounded_to: 2": ["total-rounding"],  # one figure: up to 1
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
        't.yaml:10: error[year-total-mismatch]: table "Tabel 2", 2018: stated 1.600, rows sum'
        " to 1.700, difference -100 (1000 DKK)\n"
        "  10 |       2018: 1600\n"
        "  hint: compare each figure with the source and fix a mistyped row or total; if the"
        " source itself prints it so, keep the figure as printed and record it under"
        " `accepted:` with the code, the `table:` name and a reason\n"
        "\n"
        "1 ledger, 1 appropriation: 1 error, 0 warnings, 0 accepted\n"
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
        't.yaml:12: error[profile-mismatch]: BI2-1 "Ventetid": amount 1.000, profile sums to'
        " 1.500, difference -500 (1000 DKK)\n"
        "  12 |         amount: 1000\n"
        "  hint: compare the row's I alt and its year columns with the source and fix the"
        " mistyped figure; if the source itself prints it so, keep the figure as printed and"
        " record it under `accepted:` with the code, the `appropriation:` id and a reason\n"
        "\n"
        "1 ledger, 1 appropriation: 1 error, 0 warnings, 0 accepted\n"
    ) == output


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
        't.yaml:9: warning[description-amount]: D09 "Aktivitetsbevilling": the description'
        " says 1,9 mio. kr. (= 1.900), but the amount is 1.187 (1000 DKK)\n"
        "   9 |       - id: D09\n"
        "  10 |         description: JKA få 1,9 mio. kr. over aktivitetsbevilling\n"
        "  11 |         title: Aktivitetsbevilling\n"
        "  12 |         amount: 1187\n"
        "  13 |         expires: 2015\n"
        "  hint: check the source: if the amount is mistyped, fix it; if the source itself"
        " disagrees, keep both as printed and accept it with `code: description-amount` and"
        " `appropriation: D09`\n"
        "\n"
        "1 ledger, 1 appropriation: 0 errors, 1 warning, 0 accepted\n"
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


def test_possible_duplicate_golden() -> None:
    """The same amount and expiry with shared title words in two tables names both places."""
    output = run("""\
        tables:
          - name: Tabel 9
            category: indsatsmidler
            appropriations:
              - {id: I04, title: "BIU særindsatser, IPS", amount: 2040, expires: 2015}
          - name: Tabel 10
            category: særindsatser
            appropriations:
              - {id: S02, title: IPS, amount: 2040, expires: 2015}
              - {id: S03, title: Kompas, amount: 2040, expires: 2015}
        """)
    assert (
        't.yaml:13: warning[possible-duplicate]: S02 "IPS" (2.040, expires 2015) may be the'
        ' same money as I04 "BIU særindsatser, IPS" at t.yaml:9 (Tabel 9): same amount and'
        " expiry, shared title words ips\n"
        "  13 |       - {id: S02, title: IPS, amount: 2040, expires: 2015}\n"
        "  hint: if the source lists the same money twice, count it once (remove one row, with"
        " a comment); if they are different money, accept it with `code: possible-duplicate`"
        " and `appropriation: S02`\n"
        "\n"
        "1 ledger, 3 appropriations: 0 errors, 1 warning, 0 accepted\n"
    ) == output


def test_possible_duplicate_across_ledgers_converts_units(tmp_path: Path) -> None:
    """Across ledgers amounts are compared in kroner (units convert exactly): 2.040 t.kr.
    and 2,04 mio. kr. are the same money; the message names the other ledger."""
    (tmp_path / "a.yaml").write_text(
        HEAD + "tables:\n  - {name: T1, category: særindsatser, appropriations: [\n"
        "      {id: A1, title: IPS-team, amount: 2040, expires: 2015}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(
        HEAD.replace("1000 DKK", "mio DKK").replace("title: Test", "title: Andet")
        + "tables:\n  - {name: T2, category: særindsatser, appropriations: [\n"
        "      {id: B1, title: IPS-team, amount: 2.04, expires: 2015}]}\n",
        encoding="utf-8",
    )
    report = check(bevilling.load(tmp_path))
    assert [
        f'{tmp_path / "b.yaml"}:7: warning[possible-duplicate]: B1 "IPS-team" (2,04, expires'
        f' 2015) may be the same money as A1 "IPS-team" at {tmp_path / "a.yaml"}:7 (T1, Test):'
        " same amount and expiry, shared title words ips, team"
    ] == [str(p) for p in report.problems]


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
        't.yaml:13: error[expiry-before-source]: A1 "Mikrolån" expires 2014, before 2015 named'
        " in its source 'Budgetaftale 2015'\n"
        "  13 |         expires: 2014\n"
        "  hint: check the Udløb and Kilde columns of the source: the funding cannot end before"
        " the decision that granted it\n"
        "\n"
        "1 ledger, 2 appropriations: 1 error, 0 warnings, 0 accepted\n"
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
        't.yaml:14: error[declining-profile]: D06 "Rehabiliteringsteam" is marked declining,'
        " but its profile rises from 9.600 in 2015 to 9.800 in 2016\n"
        "  14 |           2016: 9800\n"
        "  hint: check the profile against the source, or give the row the expiry the source"
        " states\n"
        "\n"
        "1 ledger, 1 appropriation: 1 error, 0 warnings, 0 accepted\n"
    ) == output


def test_duplicate_id_golden() -> None:
    """Two rows with one id: the second is reported, naming the first."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - id: A1
                title: Mikrolån
                amount: 1200
                expires: 2016
              - id: A1
                title: Sundhedsguider
                amount: 500
                expires: 2016
        """)
    assert (
        "t.yaml:13: error[duplicate-id]: the id 'A1' is also used at t.yaml:9\n"
        "  13 |       - id: A1\n"
        "  hint: give every row its own id: reports and `accepted:` entries refer to rows by it\n"
        "\n"
        "1 ledger, 2 appropriations: 1 error, 0 warnings, 0 accepted\n"
    ) == output


@pytest.mark.parametrize(
    ("code", "bad"),
    [("6.45.53", False), ("6.45.53.1", False), ("6.45.5", True), ("645531", True),
     ("6.45.53.12", True), ("06.45.53", True)],
)  # fmt: skip
def test_bad_function_code(code: str, bad: bool) -> None:
    """Function codes are d.dd.dd with an optional .d, and nothing else."""
    ledgers = bevilling.load_string(
        HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
        f"      - id: A1\n        title: X\n        function: {code}\n"
        "        amount: 1\n        expires: 2016\n"
    )
    problems = check(ledgers).problems
    assert (["bad-function-code"] if bad else []) == [p.code for p in problems]
    if bad:
        assert (
            f"t.yaml:11: error[bad-function-code]: A1 \"X\": the function code '{code}' is not"
            " of the form d.dd.dd or d.dd.dd.d"
        ).replace("t.yaml", "<string>") == str(problems[0])


def test_mixed_price_levels_golden(tmp_path: Path) -> None:
    """Ledgers at different price levels checked together give a warning at the second."""
    for name, level in (("a.yaml", 2016), ("b.yaml", 2017)):
        (tmp_path / name).write_text(
            HEAD + f"price_level: {level}\ntables:\n  - {{name: T, category: driftsmidler,"
            f" appropriations: [{{id: {name[0]}, title: X{level}, amount: 1, expires: 2016}}]}}\n",
            encoding="utf-8",
        )
    report = check(bevilling.load(tmp_path))
    assert [
        f"{tmp_path / 'b.yaml'}:5: warning[mixed-price-levels]: the amounts are at 2017 p/l,"
        f" but {tmp_path / 'a.yaml'} is at 2016 p/l: totals across these ledgers mix price"
        " levels"
    ] == [str(p) for p in report.problems]


ACCEPTED_LEDGER = """\
    tables:
      - name: Tablet 8
        category: driftsmidler
        stated_total: 48779
        appropriations:
          - {id: D11, title: Mikrolån, amount: 47579, expires: 2016}
    accepted:
      - code: total-mismatch
        table: Tablet 8
        reason: >-
          Den trykte total overstiger
          summen af rækkerne med 1.200 t.kr.
    """


def test_accepted_finding_is_shown_and_does_not_fail() -> None:
    """An accepted finding is still shown, marked accepted with the reason (folded text
    joined on one line), and the report is valid."""
    ledgers = bevilling.load_string(HEAD + textwrap.dedent(ACCEPTED_LEDGER), "t.yaml")
    report = check(ledgers)
    assert (True, 0, 1) == (report.valid, report.errors, report.accepted)
    assert (
        't.yaml:8: error[total-mismatch]: table "Tablet 8": stated 48.779, rows sum to 47.579,'
        " difference 1.200 (1000 DKK) (accepted)\n"
        "  8 |     stated_total: 48779\n"
        "  accepted: Den trykte total overstiger summen af rækkerne med 1.200 t.kr.\n"
        "\n"
        "1 ledger, 1 appropriation: 0 errors, 0 warnings, 1 accepted\n"
    ) == render_report_text(report, ledgers.sources)


def test_no_accepted_reports_raw() -> None:
    """use_accepted=False reports every finding raw: the accepted error fails again."""
    ledgers = bevilling.load_string(HEAD + textwrap.dedent(ACCEPTED_LEDGER), "t.yaml")
    report = check(ledgers, use_accepted=False)
    assert (False, 1, 0) == (report.valid, report.errors, report.accepted)


def test_acceptance_matches_only_its_place() -> None:
    """An acceptance for one appropriation does not accept the same code elsewhere."""
    ledgers = bevilling.load_string(
        HEAD
        + textwrap.dedent("""\
        tables:
          - name: T
            category: driftsmidler
            appropriations:
              - {id: A1, title: X, amount: 1, profile: {2016: 2}}
              - {id: A2, title: Y, amount: 1, profile: {2016: 3}}
        accepted:
          - {code: profile-mismatch, appropriation: A1, reason: Trykt sådan.}
        """)
    )
    report = check(ledgers)
    assert [("A1", "Trykt sådan."), ("A2", None)] == [
        (p.message.split()[0], p.accepted) for p in report.problems
    ]


def test_stale_acceptance_golden() -> None:
    """An acceptance that matches no finding is a warning, saying why when it can tell."""
    output = run("""\
        tables:
          - name: T
            category: driftsmidler
            stated_total: 1
            appropriations:
              - {id: A1, title: X, amount: 1, expires: 2016}
        accepted:
          - code: total-mismatch
            table: Tabel 1
            reason: Rettet.
        """)
    assert (
        "t.yaml:12: warning[stale-acceptance]: the accepted `total-mismatch` for table"
        ' "Tabel 1" (no table of that name in this ledger) matches no finding\n'
        "  12 |   - code: total-mismatch\n"
        "  13 |     table: Tabel 1\n"
        "  14 |     reason: Rettet.\n"
        "  hint: remove the entry if the discrepancy has been fixed, or correct its `table:` or"
        " `appropriation:` so that it names the place of the finding\n"
        "\n"
        "1 ledger, 1 appropriation: 0 errors, 1 warning, 0 accepted\n"
    ) == output


def test_unknown_code_golden() -> None:
    """An acceptance naming an unknown code is an error with a did-you-mean; loader codes
    cannot be accepted."""
    output = run("""\
        tables:
          - name: T
            category: driftsmidler
            appropriations:
              - {id: A1, title: X, amount: 1, expires: 2016}
        accepted:
          - {code: total-mismatc, reason: Tastefejl.}
          - {code: bad-number, reason: Trykt sådan.}
        """)
    assert (
        "t.yaml:11: error[unknown-code]: the accepted code `total-mismatc` is not a check code\n"
        "  11 |   - {code: total-mismatc, reason: Tastefejl.}\n"
        "  hint: did you mean `total-mismatch`?\n"
        "t.yaml:12: error[unknown-code]: `bad-number` is a loader problem, and those cannot be"
        " accepted: a file with a loader error is not checked at all\n"
        "  12 |   - {code: bad-number, reason: Trykt sådan.}\n"
        "  hint: fix the problem the loader reports instead, and remove this entry\n"
        "\n"
        "1 ledger, 1 appropriation: 2 errors, 0 warnings, 0 accepted\n"
    ) == output


def test_loader_problems_come_first_through_the_same_channel(tmp_path: Path) -> None:
    """Loader problems are in the report, before the check findings (even of files that sort
    earlier), and count as errors."""
    (tmp_path / "a.yaml").write_text(
        HEAD + "tables:\n  - {name: T, category: driftsmidler, stated_total: 2, appropriations:"
        " [{id: A1, title: X, amount: 1, expires: 2016}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(HEAD + "tables:\n  - {name: T, category: drift}\n")
    report = check(bevilling.load(tmp_path))
    assert [
        ("b.yaml", "missing-field"),
        ("b.yaml", "unknown-category"),
        ("a.yaml", "total-mismatch"),
    ] == [(Path(p.location.file).name, p.code) for p in report.problems]
    assert (False, 3, 1) == (report.valid, report.errors, report.ledgers)


def test_select_and_ignore() -> None:
    """--select keeps only the given codes (comma-separated counts), --ignore drops them;
    unknown codes raise with a did-you-mean."""
    ledgers = bevilling.load(ROOT / "ledger")
    assert ["description-amount"] == [
        p.code for p in check(ledgers, select=["description-amount"]).problems
    ]
    ignored = check(ledgers, ignore=["description-amount,possible-duplicate"])
    assert {"mixed-price-levels", "total-mismatch"} == {p.code for p in ignored.problems}
    with pytest.raises(UnknownCodeError, match="did you mean `total-mismatch`"):
        resolve_codes(["total-mismatc"])


def test_shipped_ledgers_audit() -> None:
    """The shipped ledgers: the accepted 1.200 discrepancy plus what an auditor finds."""
    report = check(bevilling.load(ROOT / "ledger"))
    assert [
        ("biie-vision-2020-flere-i-fleksjob.yaml", 24, "mixed-price-levels", False),
        ("udsatte-2015.yaml", 26, "total-mismatch", True),
        ("udsatte-2015.yaml", 95, "description-amount", False),
        ("udsatte-2015.yaml", 202, "possible-duplicate", False),
    ] == [
        (Path(p.location.file).name, p.location.line, p.code, p.accepted is not None)
        for p in report.problems
    ]
    assert (True, 0, 3, 1) == (report.valid, report.errors, report.warnings, report.accepted)


def test_indsatsbudget_rounding_is_a_warning() -> None:
    """271,1 printed against 271,2 summed subtotals is total-rounding, not an error."""
    report = check(bevilling.load(ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml"))
    assert [("total-rounding", "grand total: stated 271,1, tables sum to 271,2, difference"
             " -0,1 (mio DKK), within the declared rounding to 0,1 (up to 0,2 for 4 figures)")
            ] == [(p.code, p.message) for p in report.problems]  # fmt: skip
    assert report.valid


def test_every_code_is_documented() -> None:
    """docs/checks.md has a section for every loader and check code (a real guard: adding a
    code without documenting it fails here)."""
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### `([a-z0-9-]+)`", text, re.MULTILINE))
    codes = {*LOAD_CODES, *(c.code for c in CHECKS)}
    assert set() == codes - headings
    assert set() == headings - codes


def test_registry_is_well_formed() -> None:
    """Codes are unique slugs and each check has a title and a documented function."""
    codes = [c.code for c in CHECKS]
    assert len(codes) == len(set(codes))
    assert set() == set(codes) & set(LOAD_CODES)
    for entry in CHECKS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", entry.code)
        assert entry.title
        assert entry.function.__doc__
        assert entry.function.__doc__.lstrip().startswith(f"``{entry.code}``")


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
