"""Accepted findings, stale and unknown acceptances (audit/acceptances.py)."""

from __future__ import annotations

import re
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import bevilling
from bevilling.audit import check, render_report_text
from bevilling.audit.acceptances import ENTRY_CODES
from bevilling.audit.registry import META_CODES
from bevilling.core.model import NumberFormat
from bevilling.write import format_ledger_amount
from tests.audit.helpers import HEAD, QUIET, lines_executed, report, run
from tests.conftest import ROOT

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
        stated: 48779
        sum: 47579
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
          - {code: profile-mismatch, appropriation: A1, stated: 1, sum: 2, reason: Trykt sådan.}
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
            stated: 2
            sum: 1
            reason: Rettet.
        """)
    assert (
        "t.yaml:12: advarsel[stale-acceptance]: accepteringen af `total-mismatch` for tabel"
        ' "Tabel 1" (ingen tabel med det navn i denne bevillingsfil) svarer ikke til noget fund\n'
        "  12 |   - code: total-mismatch\n"
        "  13 |     table: Tabel 1\n"
        "  14 |     stated: 2\n"
        "  15 |     sum: 1\n"
        "  16 |     reason: Rettet.\n"
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
        "  tip: ret i stedet den fejl, indlæsningen melder, og slet denne post\n"
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


@pytest.mark.parametrize(
    "entry",
    [
        # one table, each entry its own figures: each finding tested against every entry
        "{{code: profile-mismatch, table: T, stated: 10, sum: {sum}, reason: R{n}.}}",
        # each entry its own row and wrong figures: stale, the candidates asked per entry
        "{{code: profile-mismatch, appropriation: A{n}, stated: 10, sum: 8, reason: R{n}.}}",
        # right figures, keys the code does not use
        "{{code: profile-mismatch, appropriation: A{n}, stated: 10, sum: 9, named: 1, amount: 2,"
        " reason: R{n}.}}",
    ],
)
def test_thousands_of_pinned_entries_cost_linear_work(entry: str) -> None:
    """N rows with a profile finding each and N entries for them, accepting, stale, unpinned
    or with ignored keys: the work per entry stays constant (operation counts at N and 4N):
    the entries of a figure code are looked up by their figures, and the findings of a place
    a stale or unpinned entry names are gathered once per place."""

    def work(rows: int) -> int:
        body = "".join(
            f"      - {{id: A{n}, title: X{n}, amount: 10, expires: 2016, profile: {{2016: 9}}}}\n"
            for n in range(rows)
        )
        entries = "".join("  - " + entry.format(n=n, sum=100 + n) + "\n" for n in range(rows))
        ledgers = bevilling.load_string(
            HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
            + body + "accepted:\n" + entries
        )  # fmt: skip
        found, executed = lines_executed(lambda: check(ledgers, ignore=QUIET))
        assert rows <= len(found.problems)
        return executed

    assert work(400) <= 4.5 * work(100)


@pytest.mark.parametrize(
    "entry",
    [
        "{{code: profile-mismatch, appropriation: A{n}, stated: 10, sum: 9, reason: R{n}.}}",
        "{{code: profile-mismatch, appropriation: A{n}, stated: 10, sum: 8, reason: R{n}.}}",
        "{{code: description-amount, appropriation: A{n}, named: 5, amount: 10, reason: R{n}.}}",
    ],
)
def test_entries_for_rows_written_on_one_line_cost_linear_work(entry: str) -> None:
    """N rows written on one line, a finding each, and N entries for them (accepting, stale,
    or for a description): a finding on that line is answered once for its figures, and the
    unaccepted ones are kept once for the line, not once for each of its N rows."""

    def work(rows: int) -> int:
        body = ", ".join(
            f"{{id: A{n}, title: X{n}, amount: 10, expires: 2016, profile: {{2016: 9}},"
            f" description: 'JKA får 5.000 kr.'}}"
            for n in range(rows)
        )
        entries = "".join("  - " + entry.format(n=n) + "\n" for n in range(rows))
        ledgers = bevilling.load_string(
            HEAD + f"tables:\n  - {{name: T, category: driftsmidler, appropriations: [{body}]}}\n"
            + "accepted:\n" + entries
        )  # fmt: skip
        found, executed = lines_executed(lambda: check(ledgers, ignore=QUIET))
        assert rows <= len(found.problems)
        return executed

    assert work(400) <= 4.5 * work(100)


def test_a_stale_entry_for_a_row_on_a_shared_line_is_told_its_own_row() -> None:
    """Rows written on one line share the line of their findings: a stale entry for the
    second row is told the keys for that row, not for the first."""
    rows = ", ".join(
        f"{{id: A{n}, title: X, amount: 10, expires: 2016, profile: {{2016: 9}}}}"
        for n in range(12)
    )
    found, _ledgers = report(
        f"tables:\n  - {{name: T, category: driftsmidler, appropriations: [{rows}]}}\n"
        "accepted:\n  - {code: profile-mismatch, appropriation: A1, stated: 10, sum: 8,"
        " reason: R.}\n"
    )
    (stale,) = [p for p in found.problems if p.code == "stale-acceptance"]
    assert '`appropriation: "A1"`, `stated: 10`, `sum: 9`' in (stale.hint or "")
    assert "det nærmeste af 12 fund" in (stale.hint or "")
    twice = rows.replace("id: A2,", "id: A1,")  # an id twice on the line: its findings once
    found, _ledgers = report(
        f"tables:\n  - {{name: T, category: driftsmidler, appropriations: [{twice}]}}\n"
        "accepted:\n  - {code: profile-mismatch, appropriation: A1, stated: 10, sum: 8,"
        " reason: R.}\n"
    )
    (stale,) = [p for p in found.problems if p.code == "stale-acceptance"]
    assert "det nærmeste af 12 fund" in (stale.hint or "")


def _shipped_with_d11(tmp_path: Path, amount: str) -> Path:
    """ledger/udsatte-2015.yaml with D11's amount changed (a slip after the acceptance)."""
    text = (ROOT / "ledger" / "udsatte-2015.yaml").read_text(encoding="utf-8")
    at = text.index("id: D11")
    slipped = text[:at] + text[at:].replace("amount: 1200", f"amount: {amount}", 1)
    path = tmp_path / "udsatte-2015.yaml"
    path.write_text(slipped, encoding="utf-8")
    return path


def test_accepted_total_does_not_hide_a_later_slip(tmp_path: Path) -> None:
    """Trust gap 1: the shipped ledger accepts 48.779 printed against 47.579 summed; D11
    mistyped 1200 -> 1300 makes the rows add up to 47.679: the finding is an error again and
    the entry is stale, with the figures the finding now reads and the keys to write."""
    ledgers = bevilling.load(_shipped_with_d11(tmp_path, "1300"))
    found = check(ledgers)
    assert [("total-mismatch", None), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems if p.code.endswith(("mismatch", "acceptance"))
    ]
    assert not found.valid
    stale = next(p for p in found.problems if p.code == "stale-acceptance")
    assert (
        "posten afviger fra fundet i `sum:`: fundet lyder nu oplyst 48.779, sum 47.679,"
        " difference 1.100 (linje 26). Trykker kilden disse tal, så ret posten til"
        ' `table: "Tablet 8: Oversigt over driftsmidler tildelt målgrupperne"`, `stated: 48779`,'
        " `sum: 47679`; ellers ret det tal, der har ændret sig"
    ) == stale.hint


def test_the_shipped_acceptance_still_accepts_its_own_figures(tmp_path: Path) -> None:
    """The pinned entry of the shipped ledger accepts exactly 48.779 against 47.579."""
    found = check(bevilling.load(_shipped_with_d11(tmp_path, "1200")))
    assert (True, 1) == (found.valid, found.accepted)


def test_unpinned_total_acceptance_accepts_nothing() -> None:
    """An entry of a figure code without `stated:`/`sum:` accepts nothing and is an error
    (unpinned-acceptance) whose hint gives the keys to write."""
    found, _ledgers = report("""\
        tables:
          - {name: T1, category: driftsmidler, stated_total: 1300, appropriations: [{id: A1, title: X, amount: 1200, expires: 2016}]}
        accepted:
          - {code: total-mismatch, table: T1, reason: Trykt sådan.}
        """)  # noqa: E501
    assert [("total-mismatch", None), ("unpinned-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert (
        "fundet lyder oplyst 1.300, sum 1.200, difference 100 (linje 6): trykker kilden disse"
        ' tal, så skriv `table: "T1"`, `stated: 1300`, `sum: 1200` i posten; ellers ret det'
        " fejltastede tal"
    ) == found.problems[1].hint


def test_total_acceptance_without_table_covers_no_table() -> None:
    """Trust gap 1b: an entry of `total-mismatch` without `table:` used to accept the
    mismatch of every table. In a ledger without a grand total it is unpinned; with one, it
    means the grand total only, and a table's finding with the same figures stays an error."""
    tables = """\
        tables:
          - {name: T1, category: driftsmidler, stated_total: 1300, appropriations: [{id: A1, title: X, amount: 1200, expires: 2016}]}
          - {name: T2, category: driftsmidler, stated_total: 1300, appropriations: [{id: A2, title: Y, amount: 1200, expires: 2016}]}
        accepted:
          - {code: total-mismatch, stated: 1300, sum: 1200, reason: Trykt sådan.}
        """  # noqa: E501
    found, _ledgers = report(tables)
    assert ["total-mismatch", "total-mismatch", "unpinned-acceptance"] == [
        p.code for p in found.problems if p.accepted is None
    ]
    found, _ledgers = report("stated_total: 2600\n" + textwrap.dedent(tables))
    assert [
        ("total-mismatch", None),
        ("total-mismatch", None),
        ("stale-acceptance", None),
    ] == [(p.code, p.accepted) for p in found.problems]


def test_pinned_entries_of_each_figure_code_in_danish_notation() -> None:
    """Pinned entries of year totals and profiles, written in the ledger's Danish notation
    (read by the same amount parser), accept exactly their findings."""
    found, _ledgers = report("""\
        number_format: da
        tables:
          - name: T
            category: driftsmidler
            stated_years: {2017: '1.700', 2018: '1.600'}
            appropriations:
              - {id: VF-1, title: X, amount: '3.300', profile: {2017: '1.700', 2018: '1.700'}}
        accepted:
          - {code: year-total-mismatch, table: T, year: 2018, stated: '1.600', sum: '1.700', reason: Trykt.}
          - {code: profile-mismatch, appropriation: VF-1, stated: '3.300', sum: '3.400', reason: Trykt.}
        """)  # noqa: E501
    assert [("year-total-mismatch", "Trykt."), ("profile-mismatch", "Trykt.")] == [
        (p.code, p.accepted) for p in found.problems
    ]


def test_year_acceptance_without_year_is_unpinned() -> None:
    """A `year-total-mismatch` entry must name its year: without, it accepts nothing."""
    found, _ledgers = report("""\
        tables:
          - name: T
            category: driftsmidler
            stated_years: {2017: 1700, 2018: 1600}
            appropriations:
              - {id: VF-1, title: X, profile: {2017: 1700, 2018: 1700}}
        accepted:
          - {code: year-total-mismatch, table: T, stated: 1600, sum: 1700, reason: Trykt.}
        """)
    assert ["year-total-mismatch", "unpinned-acceptance"] == [p.code for p in found.problems]


def test_spans_holding_a_line_are_found_by_bisection_as_by_a_walk() -> None:
    """Issue 13: the tables or rows holding a line, found by bisecting their first and last
    lines, are those a walk over every span finds: rows on one line, rows sharing a boundary
    line, one-line rows.  Last lines out of order (never in a ledger: its spans are not
    nested) fall back to a dictionary of the boundary lines, as before."""
    import bisect

    from bevilling.audit.acceptances import _Holders

    def make(listed: list[tuple[str, int, int]]) -> _Holders:
        return _Holders(
            [name for name, _s, _l in listed],
            [start for _n, start, _l in listed],
            [last for _n, _s, last in listed],
        )

    spans = [("a", 1, 3), ("b", 3, 3), ("c", 3, 5), ("d", 6, 6), ("e", 6, 6), ("f", 7, 9),
             ("g", 12, 12)]  # fmt: skip
    holders = make(spans)
    assert holders.boundary is None
    for line in range(0, 14):
        assert {name for name, start, last in spans if start <= line <= last} == holders.at(line)
    assert set("abcdefg") == holders.names
    nested = [("a", 1, 4), ("b", 2, 2), ("c", 4, 6)]
    holders = make(nested)
    assert holders.boundary is not None
    starts = [start for _n, start, _l in nested]
    for line in range(0, 8):  # the dictionary and the bisection of the first lines
        held = {name for name, start, last in nested if line in (start, last)}
        index = bisect.bisect_right(starts, line) - 1
        if index >= 0 and nested[index][1] < line < nested[index][2]:
            held.add(nested[index][0])
        assert held == holders.at(line)


def test_rows_on_one_line_are_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13: 400 rows written on one line, each with a finding, and an entry accepting
    one of them: which rows hold that line is worked out once per kind of span (tables,
    rows), not once per finding (each time a set of all 400 rows: quadratic)."""
    from bevilling.audit.acceptances import _Holders

    calls = 0
    original = _Holders._holding

    def counting(self: _Holders, line: int) -> set[str]:
        nonlocal calls
        calls += 1
        return original(self, line)

    monkeypatch.setattr(_Holders, "_holding", counting)
    rows = ", ".join(
        f"{{id: A{i}, title: t{i}, amount: -{i + 1}, expires: 2016}}" for i in range(400)
    )
    text = (
        HEAD + f"tables:\n  - {{name: T, category: driftsmidler, appropriations: [{rows}]}}\n"
        "accepted:\n  - {code: negative-amount, appropriation: A7, reason: Trykt sådan.}\n"
    )
    report = check(bevilling.load_string(text, "t.yaml"), select=["negative-amount"])
    assert 400 == len(report.problems)
    assert calls <= 2


# --- description-amount: pinned by `named:` and `amount:` -----------------------------------

D09_ROW = """\
    tables:
      - name: Tabel 8
        category: driftsmidler
        stated_total: {amount}
        appropriations:
          - id: D09
            description: {description}
            title: Aktivitetsbevilling
            amount: {amount}
            expires: 2015
    accepted:
    """


def _d09(entry: str, *, amount: str = "1187", description: str = "JKA få 1,9 mio. kr.") -> str:
    """The D09 row of the shipped ledger (its description names 1,9 mio. kr. for 1.187 t.kr.)
    with ``amount`` and ``description``, and the ``accepted:`` entry ``entry``."""
    return textwrap.dedent(D09_ROW).format(amount=amount, description=description) + entry


def test_pinned_description_acceptance_accepts_its_finding() -> None:
    """An entry with the row, the amount the description names (in the ledger's unit) and the
    row's amount accepts the finding: shown with the reason, nothing stale, nothing failed."""
    output = run(
        _d09("  - {code: description-amount, appropriation: D09, named: 1900, amount: 1187,"
             " reason: Kilden siger begge dele.}\n")
    )  # fmt: skip
    assert (
        't.yaml:10: advarsel[description-amount]: D09 "Aktivitetsbevilling": beskrivelsen'
        " nævner 1,9 mio. kr. (= 1.900), men beløbet er 1.187 t.kr. (accepteret)\n"
        "  10 |       - id: D09\n"
        "  11 |         description: JKA få 1,9 mio. kr.\n"
        "  12 |         title: Aktivitetsbevilling\n"
        "  13 |         amount: 1187\n"
        "  14 |         expires: 2015\n"
        "  accepteret: Kilden siger begge dele.\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 0 fejl, 0 advarsler, 1 accepteret\n"
    ) == output


def test_a_later_mistyped_amount_is_no_longer_accepted() -> None:
    """The row's amount mistyped after the entry was written (1187 -> 1178): the warning comes
    back and the entry is stale, with the figures the finding now reads and the keys to write
    if the source really says so."""
    found, _ledgers = report(
        _d09("  - {code: description-amount, appropriation: D09, named: 1900, amount: 1187,"
             " reason: Kilden siger begge dele.}\n", amount="1178")
    )  # fmt: skip
    assert [("description-amount", None), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert (
        "posten afviger fra fundet i `amount:`: fundet lyder nu beskrivelse 1.900, beløb"
        ' 1.178 (linje 10). Trykker kilden disse tal, så ret posten til `appropriation: "D09"`,'
        " `named: 1900`, `amount: 1178`; ellers ret det tal, der har ændret sig"
    ) == found.problems[1].hint


def test_a_changed_description_figure_is_no_longer_accepted() -> None:
    """The description's amount changed after the entry was written (1,9 -> 1,8 mio. kr.):
    the warning comes back and the entry is stale, with the new figures, in English too."""
    body = _d09(
        "  - {code: description-amount, appropriation: D09, named: 1900, amount: 1187,"
        " reason: Kilden siger begge dele.}\n",
        description="JKA få 1,8 mio. kr.",
    )
    found, _ledgers = report(body)
    assert [("description-amount", None), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    english = check(bevilling.load_string(HEAD + body, "t.yaml"), locale="en", ignore=QUIET)
    assert (
        "the entry differs from the finding in `named:`: the finding now reads description"
        " 1,800, amount 1,187 (line 10). If the source prints these figures, update the entry"
        ' to `appropriation: "D09"`, `named: 1800`, `amount: 1187`; if not, fix the figure that'
        " changed"
    ) == english.problems[1].hint


def test_an_unpinned_description_acceptance_is_stale_with_the_lines_to_add() -> None:
    """An entry with only `appropriation:` (as written before `named:`/`amount:` existed)
    accepts nothing, so it hides nothing: the warning stays, the entry is a stale-acceptance
    warning (not an error: a ledger that passed without the entry passes with it) whose hint
    gives the exact keys to add, and the report is valid."""
    body = _d09("  - {code: description-amount, appropriation: D09, reason: Trykt.}\n")
    found, ledgers = report(body)
    assert (
        't.yaml:10: advarsel[description-amount]: D09 "Aktivitetsbevilling": beskrivelsen'
        " nævner 1,9 mio. kr. (= 1.900), men beløbet er 1.187 t.kr.\n"
        "  10 |       - id: D09\n"
        "  11 |         description: JKA få 1,9 mio. kr.\n"
        "  12 |         title: Aktivitetsbevilling\n"
        "  13 |         amount: 1187\n"
        "  14 |         expires: 2015\n"
        "  tip: sammenhold med kilden: er beløbet tastet forkert, så ret det; siger kilden selv"
        " to forskellige ting, så behold begge som trykt, og registrér fundet under `accepted:`"
        ' med `code: description-amount`, `appropriation: "D09"`, `named: 1900`, `amount: 1187`'
        " og en begrundelse\n"
        "t.yaml:16: advarsel[stale-acceptance]: accepteringen af `description-amount` angiver"
        " ikke de tal, den accepterer (`named:` og `amount:`): den ville også dække enhver"
        " senere ændring af rækkens beløb eller beskrivelse, så den accepterer ingenting\n"
        "  16 |   - {code: description-amount, appropriation: D09, reason: Trykt.}\n"
        "  tip: fundet lyder beskrivelse 1.900, beløb 1.187 (linje 10): trykker kilden disse"
        ' tal, så skriv `appropriation: "D09"`, `named: 1900`, `amount: 1187` i posten; ellers'
        " ret det fejltastede tal\n"
        "\n"
        "1 bevillingsfil, 1 bevilling: 0 fejl, 2 advarsler, 0 accepterede\n"
    ) == render_report_text(found, ledgers.sources)
    assert (True, 0, 2) == (found.valid, found.errors, found.warnings)
    ignored, _ledgers = report(body, ignore=(*QUIET, "description-amount"))
    assert (True, ["stale-acceptance"]) == (ignored.valid, [p.code for p in ignored.problems])


def test_an_unpinned_description_acceptance_of_a_row_without_a_finding() -> None:
    """The row's description names no amount any more: the old entry is a stale-acceptance
    warning whose hint says it can be removed, in both languages."""
    body = _d09(
        "  - {code: description-amount, appropriation: D09, reason: Trykt.}\n",
        description="JKA får penge",
    )
    found, _ledgers = report(body)
    assert [("stale-acceptance", "warning")] == [(p.code, p.severity.value) for p in found.problems]
    assert (
        "der er ikke længere noget fund af `description-amount` dér, hvor posten peger: fjern"
        " posten (eller ret dens `appropriation:`, hvis den nævner den forkerte række)"
    ) == found.problems[0].hint
    english = check(bevilling.load_string(HEAD + body, "t.yaml"), locale="en", ignore=QUIET)
    assert (
        "no `description-amount` finding is left in the place the entry names: remove the entry"
        " (or correct its `appropriation:` if it names the wrong row)"
    ) == english.problems[0].hint


@pytest.mark.parametrize(
    "entry",
    [
        "{code: description-amount, named: 1900, amount: 1187, reason: R.}",
        "{code: description-amount, table: Tabel 8, named: 1900, amount: 1187, reason: R.}",
        "{code: description-amount, appropriation: D09, named: 1900, reason: R.}",
        "{code: description-amount, appropriation: D09, amount: 1187, reason: R.}",
    ],
)
def test_a_description_entry_without_its_row_or_a_figure_is_stale(entry: str) -> None:
    """Without `appropriation:`, `named:` or `amount:` an entry accepts nothing: the warning
    stays, and the entry is a stale-acceptance warning (never an error) with the keys to
    write."""
    found, _ledgers = report(_d09(f"  - {entry}\n"))
    assert [("description-amount", None), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert found.valid
    assert '`appropriation: "D09"`, `named: 1900`, `amount: 1187`' in (found.problems[1].hint or "")


def test_keys_an_entry_of_its_code_does_not_use_are_reported() -> None:
    """`stated:`, `sum:`, `year:` on a `description-amount` entry, and `named:`, `amount:` on a
    `total-mismatch` entry, are ignored by the match: each is an `ignored-key` warning on its
    own line, with a hint; the entries still accept their findings."""
    found, _ledgers = report(
        _d09("  - code: description-amount\n    appropriation: D09\n    named: 1900\n"
             "    amount: 1187\n    year: 2015\n    stated: 1\n    sum: 2\n    reason: R.\n"
             "  - {code: total-mismatch, table: Tabel 8, stated: 1187, sum: 1187, named: 1900,"
             " amount: 1187, reason: R.}\n")
    )  # fmt: skip
    assert [
        (10, "description-amount", "R."),
        (20, "ignored-key", None),
        (21, "ignored-key", None),
        (22, "ignored-key", None),
        (24, "ignored-key", None),
        (24, "ignored-key", None),
        (24, "stale-acceptance", None),
    ] == [(p.location.line, p.code, p.accepted) for p in found.problems]
    assert (
        "accepteringen af `description-amount` bruger ikke `year:`: feltet ignoreres",
        "`year:` hører til de accepterede totaler (`total-mismatch` og dens slægtninge); en"
        " accepteret `description-amount` angiver `named:` og `amount:`: fjern `year:`, eller"
        " ret `code:`, hvis posten er ment for en anden kontrol",
    ) == (found.problems[1].message, found.problems[1].hint)
    english = check(
        bevilling.load_string(
            HEAD + _d09("  - {code: total-mismatch, table: Tabel 8, stated: 1187, sum: 1187,"
                        " named: 1900, reason: R.}\n"), "t.yaml"
        ), locale="en", ignore=QUIET,
    )  # fmt: skip
    assert [
        (
            "ignored-key",
            "the accepted `total-mismatch` does not use `named:`: the key is ignored",
            "`named:` belongs to an accepted `description-amount`; an accepted `total-mismatch`"
            " records `stated:` and `sum:`: remove `named:`, or correct `code:` if the entry"
            " is meant for another check",
        )
    ] == [(p.code, p.message, p.hint) for p in english.problems if p.code == "ignored-key"]


def test_figures_on_an_entry_of_a_code_matched_by_its_place_are_reported() -> None:
    """`stated:` on a `negative-amount` entry (matched by its place alone) is ignored: an
    `ignored-key` warning saying so; the entry still accepts its finding."""
    found, _ledgers = report("""\
        tables:
          - {name: T, category: driftsmidler, appropriations: [{id: A1, title: X, amount: -5, expires: 2016}]}
        accepted:
          - {code: negative-amount, appropriation: A1, stated: -5, reason: R.}
        """)  # noqa: E501
    assert [("negative-amount", "R."), ("ignored-key", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert (
        "en accepteret `negative-amount` genkendes alene på sit sted (`table:`,"
        " `appropriation:`): fjern `stated:`, eller ret `code:`, hvis posten er ment for en"
        " anden kontrol"
    ) == found.problems[1].hint


def test_ignored_keys_are_listed_in_the_order_written() -> None:
    """Several ignored keys on one line (a flow entry) are listed in the order the user wrote
    them, not in a fixed order; a quoted key and a key inside the reason's text do not
    mislead the order."""
    found, _ledgers = report("""\
        tables:
          - {name: T, category: driftsmidler, appropriations: [{id: A1, title: X, amount: -5, expires: 2016}]}
        accepted:
          - {code: negative-amount, appropriation: A1, sum: 1, "amount": -5, year: 2016, named: 3, stated: 2, reason: 'stated: 1, amount: 2'}
          - code: negative-amount
            appropriation: A1
            named: 3
            stated: 2
            reason: R.
        """)  # noqa: E501
    assert [
        (8, "sum"),
        (8, "amount"),
        (8, "year"),
        (8, "named"),
        (8, "stated"),
        (11, "named"),
        (12, "stated"),
    ] == [
        (p.location.line, p.message.split("`")[3].rstrip(":"))
        for p in found.problems
        if p.code == "ignored-key"
    ]


def test_a_year_on_a_total_entry_is_named_in_the_stale_hint() -> None:
    """A `year:` on a `total-mismatch` entry (a finding about no single year) makes the entry
    match nothing although its figures are the finding's: the hint says that the year is what
    differs and gives the entry without it, in Danish and English."""
    body = """\
        tables:
          - {name: T, category: driftsmidler, stated_total: 48779, appropriations: [{id: A1, title: X, amount: 47579, expires: 2016}]}
        accepted:
          - {code: total-mismatch, table: T, year: 2016, stated: 48779, sum: 47579, reason: R.}
        """  # noqa: E501
    found, ledgers = report(body)
    assert [("total-mismatch", None), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert (
        "et `total-mismatch`-fund gælder ikke et enkelt år, så postens `year: 2016` passer ikke"
        " til noget fund: fundet lyder oplyst 48.779, sum 47.579, difference 1.200 (linje 6),"
        ' som posten angiver. Fjern `year:` fra posten (så lyder den `table: "T"`,'
        " `stated: 48779`, `sum: 47579`), eller ret `code:`, hvis posten er ment for en"
        " årstotal (`year-total-mismatch`)"
    ) == found.problems[1].hint
    english = check(ledgers, locale="en", ignore=QUIET)
    assert (
        "a `total-mismatch` finding is not about one year, so the entry's `year: 2016` matches"
        " none: the finding reads stated 48,779, sum 47,579, difference 1,200 (line 6), as the"
        ' entry records. Remove `year:` from the entry (it then reads `table: "T"`,'
        " `stated: 48779`, `sum: 47579`), or correct `code:` if the entry is meant for a year"
        " total (`year-total-mismatch`)"
    ) == english.problems[1].hint


def test_the_stale_hint_names_the_keys_that_differ() -> None:
    """A stale year-total entry is compared with the nearest finding of its place (on the
    same line, the one differing in the fewest keys): the hint names the keys that differ and
    the year the finding is for; an entry with the figures of a table's total but a row's
    place is told the place to write."""
    found, _ledgers = report("""\
        tables:
          - name: T
            category: driftsmidler
            stated_years: {2016: 900, 2017: 1600, 2018: 1600}
            appropriations:
              - {id: A1, title: X, amount: 4200, expires: 2018, profile: {2016: 1000, 2017: 1500, 2018: 1700}}
        accepted:
          - {code: year-total-mismatch, table: T, year: 2017, stated: 1600, sum: 1700, reason: R.}
        """)  # noqa: E501
    hints = [p.hint for p in found.problems if p.code == "stale-acceptance"]
    assert [
        "posten afviger i `sum:` fra det nærmeste af 3 fund med denne kode: det lyder år 2017:"
        " oplyst 1.600, sum 1.500, difference 100 (linje 8). Trykker kilden disse tal, så ret"
        ' posten til `table: "T"`, `year: 2017`, `stated: 1600`, `sum: 1500`; ellers ret det'
        " tal, der har ændret sig"
    ] == hints
    with_year = check(
        bevilling.load_string(
            HEAD
            + textwrap.dedent("""\
            tables:
              - {name: T, category: driftsmidler, stated_years: {2017: 1600, 2018: 1600}, appropriations: [{id: A1, title: X, amount: 3300, expires: 2018, profile: {2017: 1600, 2018: 1700}}]}
            accepted:
              - {code: year-total-mismatch, table: T, year: 2017, stated: 1600, sum: 1700, reason: R.}
            """),  # noqa: E501
            "t.yaml",
        ),
        locale="en",
        ignore=QUIET,
    )
    assert [
        "the entry differs from the finding in `year:`: the finding now reads year 2018:"
        " stated 1,600, sum 1,700, difference -100 (line 6). If the source prints these"
        ' figures, update the entry to `table: "T"`, `year: 2018`, `stated: 1600`, `sum: 1700`;'
        " if not, fix the figure that changed",
    ] == [p.hint for p in with_year.problems if p.code == "stale-acceptance"]
    place = check(
        bevilling.load_string(
            HEAD
            + textwrap.dedent("""\
            tables:
              - {name: T, category: driftsmidler, stated_total: 48779, appropriations: [{id: A1, title: X, amount: 47579, expires: 2016}]}
            accepted:
              - {code: total-mismatch, appropriation: A1, stated: 48779, sum: 47579, reason: R.}
            """),  # noqa: E501
            "t.yaml",
        ),
        locale="en",
        ignore=QUIET,
    )
    assert [
        "the entry records the figures of the finding, but not its place: the finding reads"
        ' stated 48,779, sum 47,579, difference 1,200 (line 6); update the entry to `table: "T"`,'
        " `stated: 48779`, `sum: 47579`"
    ] == [p.hint for p in place.problems if p.code == "stale-acceptance"]


def test_a_place_named_with_other_spaces_or_case_is_pointed_out() -> None:
    """An entry naming a table or a row with other spaces or case than the ledger writes it
    matches nothing (names are compared exactly): the stale hint names the one meant."""
    found, _ledgers = report("""\
        tables:
          - {name: Tabel 1, category: driftsmidler, stated_total: 48779, appropriations: [{id: A1, title: X, amount: -5, expires: 2016}]}
        accepted:
          - {code: total-mismatch, table: "tabel  1 ", stated: 48779, sum: -5, reason: R.}
          - {code: negative-amount, appropriation: a1, reason: R.}
        """)  # noqa: E501
    assert [
        'mente du `table: "Tabel 1"`? Navne sammenlignes præcist, også mellemrum og store og'
        " små bogstaver: ret posten til det",
        'mente du `appropriation: "A1"`? Navne sammenlignes præcist, også mellemrum og store'
        " og små bogstaver: ret posten til det",
    ] == [p.hint for p in found.problems if p.code == "stale-acceptance"]


def test_an_entry_naming_a_place_of_another_ledger_is_told_where_it_belongs(
    tmp_path: Path,
) -> None:
    """An entry accepts the findings of its own ledger only: one naming a table or a row that
    only another ledger has is stale, and the hint names that ledger's file."""
    table = (
        "tables:\n  - {{name: {name}, category: driftsmidler, stated_total: 48779,"
        " appropriations: [{{id: {id}, title: X, amount: 47579, expires: 2016}}]}}\n"
    )
    (tmp_path / "b.yaml").write_text(HEAD + table.format(name="Tabel 1", id="A1"), "utf-8")
    (tmp_path / "a.yaml").write_text(
        HEAD
        + table.format(name="Tabel 2", id="B1")
        + "accepted:\n"
        + "  - {code: total-mismatch, table: Tabel 1, stated: 48779, sum: 47579, reason: R.}\n"
        + "  - {code: zero-amount, appropriation: A1, reason: R.}\n",
        "utf-8",
    )
    found = check(bevilling.load(tmp_path), ignore=QUIET)
    assert [
        "b.yaml har en tabel med det navn, denne bevillingsfil ingen: en post accepterer kun"
        " fund i sin egen bevillingsfil, så skriv den i b.yaml",
        "b.yaml har en række med det id, denne bevillingsfil ingen: en post accepterer kun fund"
        " i sin egen bevillingsfil, så skriv den i b.yaml",
    ] == [
        (p.hint or "").replace(str(tmp_path) + "/", "")
        for p in found.problems
        if p.code == "stale-acceptance"
    ]


def test_an_entry_for_a_finding_about_entries_is_told_it_cannot_be_accepted() -> None:
    """`stale-acceptance` and its kin are check codes, but about the entries themselves: an
    entry accepting one is told so (not "not a check code", which docs/checks.md would
    contradict); the codes are the registry's META_CODES."""
    found, _ledgers = report("""\
        tables: []
        accepted:
          - {code: stale-acceptance, reason: R.}
        """)
    assert [
        (
            "unknown-code",
            "`stale-acceptance` er et fund om selve de accepterede poster, og de kan ikke"
            " accepteres",
            "ret i stedet den post, fundet handler om, og fjern denne",
        )
    ] == [(p.code, p.message, p.hint) for p in found.problems]
    assert set(ENTRY_CODES) == set(META_CODES)


def test_a_repeated_entry_is_reported() -> None:
    """Two identical entries: the first accepts the finding, the second accepts nothing the
    first does not, and is reported stale (naming the first's line), in both languages;
    the ignored-key check and the duplicate leave out entries with an unknown code."""
    entry = (
        "  - {code: description-amount, appropriation: D09, named: 1900, amount: 1187,"
        " reason: R.}\n"
    )
    body = _d09(entry + entry)
    found, _ledgers = report(body)
    assert [
        (10, "description-amount", "R."),
        (17, "stale-acceptance", None),
    ] == [(p.location.line, p.code, p.accepted) for p in found.problems]
    assert (
        "accepteringen af `description-amount` for bevilling D09 gentager posten på linje 16:"
        " den accepterer intet, som den første ikke allerede accepterer",
        "fjern posten: posten på linje 16 accepterer de samme fund, og dens begrundelse er den,"
        " der vises",
    ) == (found.problems[1].message, found.problems[1].hint)
    english = check(bevilling.load_string(HEAD + body, "t.yaml"), locale="en", ignore=QUIET)
    assert (
        "the accepted `description-amount` for appropriation D09 repeats the entry on line 16:"
        " it accepts nothing that one does not",
        "remove this entry: the entry on line 16 accepts the same findings, and its reason is"
        " the one shown",
    ) == (english.problems[1].message, english.problems[1].hint)
    unknown = "  - {code: no-such-code, stated: 1, reason: R.}\n"
    found, _ledgers = report(_d09(unknown + unknown, description="JKA får penge"))
    assert ["unknown-code", "unknown-code"] == [p.code for p in found.problems]


def test_a_repeated_unpinned_total_entry_is_reported_once_as_unpinned() -> None:
    """Two identical unpinned `total-mismatch` entries: the first is the unpinned error, the
    second only the repeat (a warning)."""
    entry = "  - {code: total-mismatch, table: Tabel 1, reason: R.}\n"
    found, _ledgers = report(
        "tables:\n  - {name: Tabel 1, category: driftsmidler, stated_total: 48779,"
        " appropriations: [{id: A1, title: Mikrolån, amount: 47579, expires: 2016}]}\n"
        "accepted:\n" + entry + entry
    )
    assert [
        (6, "total-mismatch"),
        (8, "unpinned-acceptance"),
        (9, "stale-acceptance"),
    ] == [(p.location.line, p.code) for p in found.problems]


def test_description_entries_in_danish_notation() -> None:
    """`number_format: da`: the hint writes the figures in the ledger's notation, quoted
    (`'1.900'` stays 1900, `'1,9'` stays 1.9, never YAML's 1.9 or a float), and an entry
    written so accepts exactly the finding, in a ledger in 1000 DKK and in one in mio DKK."""
    thousands = _d09(
        "  - {code: description-amount, appropriation: D09, named: '1.900', amount: '1.187',"
        " reason: R.}\n",
        amount="'1.187'",
    )
    found, _ledgers = report("number_format: da\n" + thousands)
    assert [("description-amount", "R.")] == [(p.code, p.accepted) for p in found.problems]
    millions = HEAD.replace("1000 DKK", "mio DKK") + "number_format: da\n"
    row = _d09("", amount="'1,25'", description="JKA få 1.900.000 kr.")
    found = check(bevilling.load_string(millions + row, "t.yaml"), locale="da")
    assert "`named: '1,9'`, `amount: '1,25'`" in (found.problems[0].hint or "")
    entry = "  - {code: description-amount, appropriation: D09, named: '1,9', amount: '1,25', reason: R.}\n"  # noqa: E501
    found = check(bevilling.load_string(millions + row + entry, "t.yaml"), locale="da")
    assert [("description-amount", "R.")] == [(p.code, p.accepted) for p in found.problems]


def test_a_description_naming_several_amounts() -> None:
    """A description naming two amounts, neither agreeing: the hint lists both (a flow list),
    an entry with both in any order accepts, and an entry with only one of them does not."""
    description = "2,6 mio. kr. i 2015 og 3 mio. kr. i 2016"
    found, _ledgers = report(_d09("", description=description))
    assert '`appropriation: "D09"`, `named: [2600, 3000]`, `amount: 1187`' in (
        found.problems[0].hint or ""
    )
    found, _ledgers = report(
        _d09("  - {code: description-amount, appropriation: D09, named: [3000, 2600],"
             " amount: 1187, reason: R.}\n", description=description)
    )  # fmt: skip
    assert [("description-amount", "R.")] == [(p.code, p.accepted) for p in found.problems]
    found, _ledgers = report(
        _d09("  - {code: description-amount, appropriation: D09, named: 2600, amount: 1187,"
             " reason: R.}\n", description=description)
    )  # fmt: skip
    assert [("description-amount", None), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    danish = _d09("", description=description, amount="'1.187'")
    found, _ledgers = report("number_format: da\n" + danish)
    assert "`named: ['2.600', '3.000']`, `amount: '1.187'`" in (found.problems[0].hint or "")


def test_description_entries_on_other_rows_and_twice_for_one_row() -> None:
    """A pinned entry on a row whose description names no amount is stale; of two entries for
    one row, the one with the finding's figures accepts it and the other is stale."""
    found, _ledgers = report(
        _d09("  - {code: description-amount, appropriation: D09, named: 1900, amount: 1187,"
             " reason: R.}\n", description="JKA får penge")
    )  # fmt: skip
    assert ["stale-acceptance"] == [p.code for p in found.problems]
    found, _ledgers = report(
        _d09("  - {code: description-amount, appropriation: D09, named: 1900, amount: 1178,"
             " reason: Gammel.}\n"
             "  - {code: description-amount, appropriation: D09, named: 1900, amount: 1187,"
             " reason: Ny.}\n")
    )  # fmt: skip
    assert [("description-amount", "Ny."), ("stale-acceptance", None)] == [
        (p.code, p.accepted) for p in found.problems
    ]
    assert 16 == found.problems[1].location.line  # the entry with the old amount


def test_a_description_entry_never_accepts_another_row() -> None:
    """Two rows on one line with the same figures: an entry for one accepts only its own."""
    found, _ledgers = report("""\
        tables:
          - {name: T, category: driftsmidler, appropriations: [{id: A1, title: X, amount: 5, expires: 2016, description: 1 mio. kr.}, {id: A2, title: Y, amount: 5, expires: 2016, description: 1 mio. kr.}]}
        accepted:
          - {code: description-amount, appropriation: A2, named: 1000, amount: 5, reason: R.}
        """)  # noqa: E501
    assert [("A1", None), ("A2", "R.")] == [
        (p.message.split()[0], p.accepted) for p in found.problems
    ]


def test_a_description_naming_an_amount_no_ledger_can_record() -> None:
    """0,5 kr. in a ledger in mio DKK is 0.0000005, beyond the 6 decimals an amount may have:
    no entry could pin it, so the hint says so instead of giving keys that would not load."""
    body = HEAD.replace("1000 DKK", "mio DKK") + _d09("", description="0,5 kr.", amount="5")
    found = check(bevilling.load_string(body, "t.yaml"), locale="da")
    assert (
        "sammenhold med kilden: er beløbet tastet forkert, så ret det; beskrivelsen nævner et"
        " beløb, som en bevillingsfil ikke kan rumme (0,5 kr.), så fundet kan ikke accepteres:"
        " ret beskrivelsen, eller udelad kontrollen med `--ignore description-amount`"
    ) == found.problems[0].hint


@st.composite
def _mentions(draw: st.DrawFn) -> str:
    """An amount as a Danish text names it: `1,9 mio. kr.`, `800.000 kr.`, `12 t.kr.`."""
    whole = draw(st.integers(min_value=0, max_value=9_999_999))
    number = f"{whole:,}".replace(",", ".") if draw(st.booleans()) else str(whole)
    decimals = draw(st.none() | st.from_regex(r"[0-9]{1,3}", fullmatch=True))
    unit = draw(st.sampled_from(["", "mio. ", "mia. ", "t.", "tusind "]))
    return f"{number}{',' + decimals if decimals else ''} {unit}kr."


_KEYS = re.compile(r"`((?:appropriation|named|amount): [^`]+)`")


@given(
    unit=st.sampled_from(["DKK", "1000 DKK", "mio DKK"]),
    number_format=st.sampled_from(list(NumberFormat)),
    amount=st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False),
    mentions=st.lists(_mentions(), min_size=1, max_size=3),
)
def test_an_entry_written_from_the_hint_accepts_exactly_that_finding(
    unit: str, number_format: NumberFormat, amount: Decimal, mentions: list[str]
) -> None:
    """Whatever the unit, notation, amount and amounts named: the entry a `description-amount`
    finding's hint gives, pasted under `accepted:`, accepts that finding and is neither stale
    nor unpinned; the same entry no longer accepts the row with its amount changed by 1."""
    head = HEAD.replace("1000 DKK", unit) + f"number_format: {number_format.value}\n"

    def row(value: Decimal) -> str:
        return (
            "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
            f"      - id: A-1\n        title: X\n        description: {' og '.join(mentions)}\n"
            f"        amount: {format_ledger_amount(value, number_format)}\n"
            "        expires: 2016\n"
        )

    codes = ["description-amount", "stale-acceptance", "unpinned-acceptance", "ignored-key"]
    found = check(bevilling.load_string(head + row(amount), "t.yaml"), select=codes)
    assume(found.problems)
    keys = _KEYS.findall(found.problems[0].hint or "")
    assume(keys)  # else: the description names an amount no ledger can record (tested above)
    entry = "accepted:\n  - code: description-amount\n" + "".join(f"    {k}\n" for k in keys)
    entry += "    reason: R.\n"
    ledgers = bevilling.load_string(head + row(amount) + entry, "t.yaml")
    assert () == ledgers.problems
    assert [("description-amount", "R.")] == [
        (p.code, p.accepted) for p in check(ledgers, select=codes).problems
    ]
    changed = check(bevilling.load_string(head + row(amount + 1) + entry, "t.yaml"), select=codes)
    assert [] == [p.code for p in changed.problems if p.accepted is not None]


def test_a_stale_description_entry_names_its_own_row_on_a_shared_line() -> None:
    """Two rows on one line, A1's finding unaccepted, A2's entry stale (its amount changed):
    the stale hint gives A2's new figures, never A1's finding that shares the line."""
    found, _ledgers = report("""\
        tables:
          - {name: T, category: driftsmidler, appropriations: [{id: A1, title: X, amount: 5, expires: 2016, description: 1 mio. kr.}, {id: A2, title: Y, amount: 7, expires: 2016, description: 2 mio. kr.}]}
        accepted:
          - {code: description-amount, appropriation: A2, named: 2000, amount: 6, reason: R.}
        """)  # noqa: E501
    assert ["description-amount", "description-amount", "stale-acceptance"] == [
        p.code for p in found.problems
    ]
    assert '`appropriation: "A2"`, `named: 2000`, `amount: 7`' in (found.problems[2].hint or "")
