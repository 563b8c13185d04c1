"""Accepted findings, stale and unknown acceptances (audit/acceptances.py)."""

from __future__ import annotations

import textwrap

import bevilling
from bevilling.audit import check, render_report_text
from tests.audit.helpers import HEAD, QUIET, lines_executed, report, run

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
    report = check(ledgers, ignore=QUIET)
    assert (True, 0, 1) == (report.valid, report.errors, report.accepted)
    assert (
        't.yaml:8: fejl[total-mismatch]: tabel "Tablet 8": oplyst total 48.779, rækkerne summer'
        " til 47.579, difference 1.200 t.kr. (accepteret)\n"
        "  8 |     stated_total: 48779\n"
        "  accepteret: Den trykte total overstiger summen af rækkerne med 1.200 t.kr.\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 0 fejl, 0 advarsler, 1 accepteret\n"
    ) == render_report_text(report, ledgers.sources)


def test_no_accepted_reports_raw() -> None:
    """use_accepted=False reports every finding raw: the accepted error fails again."""
    ledgers = bevilling.load_string(HEAD + textwrap.dedent(ACCEPTED_LEDGER), "t.yaml")
    report = check(ledgers, use_accepted=False, ignore=QUIET)
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
    report = check(ledgers, ignore=QUIET)
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
        "t.yaml:12: advarsel[stale-acceptance]: accepteringen af `total-mismatch` for tabel"
        ' "Tabel 1" (ingen tabel med det navn i denne bevillingsfil) svarer ikke til noget fund\n'
        "  12 |   - code: total-mismatch\n"
        "  13 |     table: Tabel 1\n"
        "  14 |     reason: Rettet.\n"
        "  tip: slet posten, hvis uoverensstemmelsen er rettet, eller ret dens `table:` eller"
        " `appropriation:`, så den peger på fundets sted\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 0 fejl, 1 advarsel, 0 accepterede\n"
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
        "t.yaml:11: fejl[unknown-code]: den accepterede kode `total-mismatc` er ikke en"
        " kontrolkode\n"
        "  11 |   - {code: total-mismatc, reason: Tastefejl.}\n"
        "  tip: mente du `total-mismatch`?\n"
        "t.yaml:12: fejl[unknown-code]: `bad-number` er et indlæsningsproblem, og den slags kan"
        " ikke accepteres: en fil med en indlæsningsfejl bliver slet ikke kontrolleret\n"
        "  12 |   - {code: bad-number, reason: Trykt sådan.}\n"
        "  tip: ret i stedet det problem, indlæsningen melder, og slet denne post\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 2 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


def test_acceptance_of_a_row_sharing_its_line_with_others() -> None:
    """Rows written in one flow sequence on one line share that line: an acceptance for the
    first of them still accepts its finding (the index knows every row of a shared line)."""
    found, _ledgers = report("""\
        tables:
          - name: T
            category: driftsmidler
            stated_total: 2
            appropriations: [{id: A1, title: X, amount: 0, expires: 2016}, {id: A2, title: Y, amount: 2, expires: 2016}]
        accepted:
          - {code: zero-amount, appropriation: A1, reason: Trykt med streg.}
        """)  # noqa: E501
    assert [("zero-amount", "Trykt med streg.")] == [(p.code, p.accepted) for p in found.problems]


def test_acceptance_work_grows_linearly() -> None:
    """Issue 13 item 2: N accepted findings with N entries cost linear work (the index is
    built once; each finding is a lookup, not a scan of every entry and every row)."""

    def work(rows: int) -> int:
        body = "".join(
            f"      - {{id: A{n}, title: X{n}, amount: 0, expires: 2016}}\n" for n in range(rows)
        )
        entries = "".join(
            f"  - {{code: zero-amount, appropriation: A{n}, reason: Streg.}}\n" for n in range(rows)
        )
        ledgers = bevilling.load_string(
            HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    stated_total: 0\n"
            "    appropriations:\n" + body + "accepted:\n" + entries
        )
        found, executed = lines_executed(lambda: check(ledgers, select=["zero-amount"]))
        assert rows == found.accepted
        return executed

    assert work(400) <= 4.5 * work(100)
