"""The same money listed twice (audit/duplicates.py)."""

from __future__ import annotations

from pathlib import Path

import bevilling
from bevilling.audit import check, problem_line
from bevilling.i18n.catalogs import use_locale
from tests.audit.helpers import HEAD, QUIET, codes, run


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
        't.yaml:13: advarsel[possible-duplicate]: S02 "IPS" (2.040, udløber 2015) er måske de'
        ' samme midler som I04 "BIU særindsatser, IPS" (t.yaml:9, Tabel 9): samme beløb og udløb,'
        " fælles ord i titlen: ips\n"
        "  13 |       - {id: S02, title: IPS, amount: 2040, expires: 2015}\n"
        "  tip: opfører kilden de samme midler to gange, så tæl dem kun med én gang (slet den ene"
        " række, med en kommentar); er det forskellige midler, så acceptér fundet med `code:"
        " possible-duplicate` og `appropriation: S02`\n"
        "\n"
        "1 bevillingsfil, 3 bevillinger: 0 fejl, 1 advarsel, 0 accepterede\n"
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
    report = check(bevilling.load(tmp_path), ignore=QUIET)
    assert [
        f'{tmp_path / "b.yaml"}:7: advarsel[possible-duplicate]: B1 "IPS-team" (2,04, udløber'
        f' 2015) er måske de samme midler som A1 "IPS-team" ({tmp_path / "a.yaml"}:7, T1,'
        " Test): samme beløb og udløb, fælles ord i titlen: ips, team"
    ] == [problem_line(p) for p in report.problems]
    english = check(bevilling.load(tmp_path), ignore=QUIET, locale="en")
    assert [
        f'{tmp_path / "b.yaml"}:7: warning[possible-duplicate]: B1 "IPS-team" (2.04, expires'
        f' 2015) may be the same money as A1 "IPS-team" at {tmp_path / "a.yaml"}:7 (T1, Test):'
        " same amount and expiry, shared title words ips, team"
    ] == [problem_line(p, "en") for p in english.problems]


def test_duplicate_row_golden() -> None:
    """The same row pasted twice in one table (no ids: the loader derives different ones)
    is an error at the copy, naming the first; only rows of different tables were compared
    before."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 2400
            appropriations:
              - title: Mikrolån
                amount: 1200
                expires: 2016
              - title: Mikrolån
                amount: 1200
                expires: 2016
        """)
    assert (
        't.yaml:13: fejl[duplicate-row]: t:1.2 "Mikrolån" (1.200, udløber 2016) gentager t:1.1'
        ' (t.yaml:10) i alle felter undtagen id: samme række står to gange i tabel "Tabel 1"\n'
        "  13 |       - title: Mikrolån\n"
        "  14 |         amount: 1200\n"
        "  15 |         expires: 2016\n"
        "  tip: er rækken indsat to gange, så slet kopien; trykker kilden virkelig rækken mere"
        " end én gang, så acceptér fundet med `code: duplicate-row` og `appropriation: t:1.2`\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


def test_same_title_in_one_table_differing_elsewhere_is_a_possible_duplicate() -> None:
    """Two rows of one table with the same title, amount and expiry that differ in another
    field (the target group) may be different money: a warning, not an error."""
    body = """\
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 1500
            appropriations:
              - {id: A1, title: Mikrolån, target_group: Flere, amount: 500, expires: 2016}
              - {id: A2, title: Mikrolån, target_group: Alle, amount: 500, expires: 2016}
              - {id: A3, title: Sundhedsguider, amount: 500, expires: 2016}
        """
    assert [(11, "possible-duplicate")] == codes(body)


def test_rows_that_look_alike_give_one_finding_per_group() -> None:
    """Ten one-row ledgers with the same amount, expiry and title word give ONE finding that
    names five of the other rows and counts the rest (issue 11 item 16: 10 000 such ledgers
    gave 975 100 warnings)."""
    ledgers = bevilling.LedgerSet(
        ledgers=tuple(
            ledger
            for n in range(10)
            for ledger in bevilling.load_string(
                HEAD.replace("title: Test", f"title: L{n}")
                + "tables:\n  - name: T\n    category: driftsmidler\n    stated_total: 500\n"
                f"    appropriations:\n      - {{id: A{n}, title: Mentor {n}, amount: 500,"
                " expires: 2016}\n",
                f"l{n}.yaml",
            ).ledgers
        )
    )
    problems = check(ledgers, select=["possible-duplicate"]).problems
    assert 1 == len(problems)
    assert problems[0].message.startswith(
        'A1 "Mentor 1" (500, udløber 2016) er måske de samme midler som A0 "Mentor 0"'
        " (l0.yaml:10, T, L0), A2"
    )
    assert problems[0].message.endswith(
        'A5 "Mentor 5" (l5.yaml:10, T, L5) og 4 rækker mere: samme beløb og udløb, fælles ord i'
        " titlen: mentor"
    )
    with use_locale("en"):
        english = check(ledgers, select=["possible-duplicate"]).problems[0].message
    assert english.endswith(
        'A5 "Mentor 5" at l5.yaml:10 (T, L5) and 4 more rows: same amount and expiry, shared'
        " title words mentor"
    )


def test_many_rows_of_one_round_amount_are_linear() -> None:
    """Issue 13 item 3: N rows of `amount: 500, expires: 2016` sharing a title word, over
    tables of 20 rows, give one finding, and the number of group operations grows linearly
    (counted calls of the union-find step, not time)."""
    from bevilling.audit import duplicates

    def run_with(rows: int) -> tuple[int, int]:
        tables = "".join(
            f"  - name: T{t}\n    category: driftsmidler\n    appropriations:\n"
            + "".join(
                f"      - {{id: R{t}-{r}, title: Mentor {t} {r}, amount: 500, expires: 2016}}\n"
                for r in range(20)
            )
            for t in range(rows // 20)
        )
        ledgers = bevilling.load_string(HEAD + "tables:\n" + tables)
        calls = 0
        original = duplicates._Group.root

        def counting(self: duplicates._Group, index: int) -> int:
            nonlocal calls
            calls += 1
            return original(self, index)

        duplicates._Group.root = counting  # type: ignore[method-assign]
        try:
            found = check(ledgers, select=["possible-duplicate"]).problems
        finally:
            duplicates._Group.root = original  # type: ignore[method-assign]
        return len(found), calls

    small, large = run_with(200), run_with(800)
    assert (1, 1) == (small[0], large[0])
    assert large[1] <= 4.5 * small[1]


def test_a_copied_ledger_without_ids_is_a_duplicate_table(tmp_path: Path) -> None:
    """`cp a.yaml "a - Kopi.yaml"` of a ledger whose rows have no ids doubled every figure
    with exit 0: the derived ids differ by file, so `duplicate-id` never fired. The copy's
    table is now a `duplicate-table` error at the copy, naming the first."""
    import bevilling

    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        '  - name: "Tabel 1"\n    category: driftsmidler\n    stated_total: 3000\n'
        "    appropriations:\n"
        "      - {title: Mikrolån, amount: 1200, expires: 2016}\n"
        "      - {title: Sundhedsguider, amount: 1800, expires: 2016}\n"
    )
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "a - Kopi.yaml").write_text(text, encoding="utf-8")
    report = bevilling.check(bevilling.load(tmp_path))
    errors = [(p.code, p.location.file, p.location.line) for p in report.problems if p.is_error]
    assert [("duplicate-table", str(tmp_path / "a.yaml"), 6)] == errors
    assert f"{tmp_path / 'a - Kopi.yaml'}:6" in report.problems[0].message


def test_tables_with_the_same_rows_but_other_names_are_not_duplicate_tables() -> None:
    """Two tables of one ledger that hold the same rows under different names (e.g. a
    source that lists a row in two overviews) are left to `possible-duplicate`."""
    import bevilling

    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: Tabel 9, category: driftsmidler, stated_total: 5, appropriations: [\n"
        "      {title: IPS, amount: 5, expires: 2016}]}\n"
        "  - {name: Tabel 10, category: driftsmidler, stated_total: 5, appropriations: [\n"
        "      {title: IPS, amount: 5, expires: 2016}]}\n"
    )
    report = bevilling.check(bevilling.load_string(text, "t.yaml"))
    assert ["possible-duplicate"] == [p.code for p in report.problems]


def test_the_same_table_under_another_name_is_a_duplicate_table(tmp_path: Path) -> None:
    """Attack 7 #28, as the user made it: Tablet 8 imported from its text seed (the import
    names the table "udsatte-2015-tablet8" after the file) beside the hand-transcribed ledger:
    the same 13 rows under the same printed 48.779 gave only possible-duplicate warnings, and
    totals printed 110.250 (Tablet 8 twice).  The name no longer decides: duplicate-table."""
    from tests.conftest import ROOT

    folder = tmp_path / "dup"
    folder.mkdir()
    (folder / "udsatte-2015.yaml").write_text(
        (ROOT / "ledger" / "udsatte-2015.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    from bevilling.cli import main

    seed = ROOT / "tests" / "data" / "seeds" / "udsatte-2015-tablet8.txt"
    out = folder / "tablet8.yaml"
    main(["import", str(seed), "-o", str(out), "--category", "driftsmidler"])
    assert out.exists()
    report = check(bevilling.load(folder))
    found = [p for p in report.problems if p.code == "duplicate-table"]
    assert 1 == len(found)
    assert found[0].message.startswith(
        'tabel "Tablet 8: Oversigt over driftsmidler tildelt målgrupperne" gentager tabel'
        ' "udsatte-2015-tablet8" ('
    )
    assert "(13 rækker, alle felter undtagen id)" in found[0].message
