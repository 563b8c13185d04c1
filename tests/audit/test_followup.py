"""Checks of changes and spending (audit/followup.py): the cases around the golden examples of
docs/checks.md (which tests/audit/test_docs_codes.py renders in both languages)."""

from __future__ import annotations

import os
from pathlib import Path

import bevilling
from bevilling.audit import check
from bevilling.i18n.catalogs import use_locale

LEDGER = """\
format: bevilling/1
title: Eksempel
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    stated_total: 1500
    appropriations:
      - {id: A1, title: Mikrolån, amount: 900, expires: 2016, source: Budgetaftale 2015}
      - {id: A2, title: Mentorer, amount: 600, expires: 2016, source: Budgetaftale 2015}
"""


def _findings(tmp_path: Path, records: str, ledger: str = LEDGER) -> list[str]:
    (tmp_path / "l.yaml").write_text(ledger, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(records, encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(tmp_path)  # files named as a user in the folder names them
    try:
        with use_locale("en"):
            report = check(bevilling.load(["l.yaml", "f.yaml"]), locale="en")
    finally:
        os.chdir(cwd)
    return [
        f"{Path(p.location.file).name}:{p.location.line}: {p.severity.value}[{p.code}]: {p.message}"
        for p in report.problems
    ]


def test_clean_records_give_no_finding(tmp_path: Path) -> None:
    """Changes and spending within what is available, with decisions, are clean."""
    records = """\
format: bevilling-spending/1
title: Forbrug 2016
unit: DKK
spending:
  - {appropriation: A1, year: 2016, months: 1-6, amount: 450000}
  - {appropriation: A1, year: 2016, months: 7-12, amount: 450000}
"""
    assert [] == _findings(tmp_path, records)


def test_spending_within_extended_life_and_carried_money(tmp_path: Path) -> None:
    """After a forlængelse, spending of the carried money in the year after is fine; only
    what is carried is available there."""
    (tmp_path / "l.yaml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(
        """\
format: bevilling-changes/1
title: Ændringer
unit: 1000 DKK
changes:
  - {kind: overførsel, decision: BR 20.04.2017, appropriation: A1, from_year: 2016, amount: 100}
  - {kind: forlængelse, decision: BR 20.04.2017 pkt. 9, appropriation: A1, expires: 2017}
""",
        encoding="utf-8",
    )
    (tmp_path / "s.yaml").write_text(
        """\
format: bevilling-spending/1
title: Forbrug
unit: 1000 DKK
spending:
  - {appropriation: A1, year: 2016, amount: 800}
  - {appropriation: A1, year: 2017, amount: 150}
""",
        encoding="utf-8",
    )
    with use_locale("en"):
        report = check(bevilling.load(tmp_path), locale="en")
    assert [("overspending", 6)] == [(p.code, p.location.line) for p in report.problems]


def test_carry_overs_add_up_against_the_unspent(tmp_path: Path) -> None:
    """Two overførsler from one year together may not exceed the unspent: the second one
    that does is the finding."""
    records = """\
format: bevilling-changes/1
title: Ændringer
unit: 1000 DKK
changes:
  - {kind: overførsel, decision: a, appropriation: A2, from_year: 2016, amount: 400}
  - {kind: overførsel, decision: b, appropriation: A2, from_year: 2016, amount: 200}
  - {kind: overførsel, decision: c, appropriation: A2, from_year: 2016, amount: 1}
  - {kind: forlængelse, decision: d, appropriation: A2, expires: 2017}
"""
    findings = _findings(tmp_path, records)
    assert [
        "f.yaml:7: error[carry-over-too-large]: overførsel of 1 DKK thousand from 2016 on A2"
        ' "Mentorer", but only 0 DKK thousand was unspent in 2016'
    ] == findings


def test_carry_over_out_of_the_expiry_year_needs_a_forlaengelse(tmp_path: Path) -> None:
    """A user carries A2's unspent 2016 money to 2017 but records no forlængelse: A2 expires
    with 2016, so the money would sit in 2017 as remaining that never lapses and cannot be
    spent. It is a finding (in Danish by default), and the follow-up of 2016 still shows it
    carried out."""
    records = """\
format: bevilling-changes/1
title: Ændringer
unit: 1000 DKK
changes:
  - {kind: overførsel, decision: BIU 15.03.2017, appropriation: A2, from_year: 2016, amount: 50}
"""
    assert [
        "f.yaml:5: error[carry-over-expired]: overførsel from 2016 to 2017 on A2"
        ' "Mentorer", which expires with 2016: the money carried has no year to be spent in'
    ] == _findings(tmp_path, records)
    with use_locale("da"):
        report = check(bevilling.load(tmp_path), locale="da")
    assert [
        (
            'overførsel fra 2016 til 2017 på A2 "Mentorer", som udløber med 2016: de overførte'
            " midler har intet år at blive brugt i",
            "registrér forlængelsen (`kind: forlængelse`, `expires: 2017`), der lader bevillingen"
            " løbe i 2017, eller lad midlerne bortfalde med 2016",
        )
    ] == [(p.message, p.hint) for p in report.problems]


def test_carry_over_into_an_extended_year_is_clean(tmp_path: Path) -> None:
    """With the forlængelse into the year the money goes to, the same overførsel is clean,
    whichever order the two changes are written in."""
    records = """\
format: bevilling-changes/1
title: Ændringer
unit: 1000 DKK
changes:
  - {kind: forlængelse, decision: BIU 15.03.2017 pkt. 6, appropriation: A2, expires: 2017}
  - {kind: overførsel, decision: BIU 15.03.2017, appropriation: A2, from_year: 2016, amount: 50}
"""
    assert [] == _findings(tmp_path, records)


def test_overlap_names_the_first_overlapping_record(tmp_path: Path) -> None:
    """An export of January imported three times, then a first-quarter record: each repeat
    names the first January record, and so does the quarter (the earliest record it overlaps),
    also when many non-overlapping records of other months come between. One month is
    "month 1" (it was "months 1-1")."""
    rows = [f"  - {{appropriation: A1, year: 2016, months: {m}, amount: 1}}" for m in (5, 6)]
    rows += ["  - {appropriation: A1, year: 2016, months: 1, amount: 1}"] * 3
    rows += ["  - {appropriation: A1, year: 2016, months: 7-12, amount: 1}"]
    rows += ["  - {appropriation: A1, year: 2016, months: 1-3, amount: 1}"]
    rows += ["  - {appropriation: A2, year: 2016, months: 1-3, amount: 1}"]
    records = "format: bevilling-spending/1\ntitle: F\nunit: DKK\nspending:\n"
    records += "\n".join(rows) + "\n"
    findings = _findings(tmp_path, records)
    overlap = "error[spending-overlap]: spending on 'A1' for 2016"
    assert [
        f"f.yaml:8: {overlap} month 1 overlaps the spending at f.yaml:7",
        f"f.yaml:9: {overlap} month 1 overlaps the spending at f.yaml:7",
        f"f.yaml:11: {overlap} months 1-3 overlaps the spending at f.yaml:7",
    ] == [line.replace(str(tmp_path) + os.sep, "") for line in findings]


def test_messages_are_danish_by_default(tmp_path: Path) -> None:
    """Without a locale, the findings are written in Danish."""
    (tmp_path / "l.yaml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: A2, year: 2016, amount: 1700}\n",
        encoding="utf-8",
    )
    with use_locale("da"):
        report = check(bevilling.load(tmp_path), locale="da")
    assert [
        'A2 "Mentorer" har forbrugt 1.700 t.kr. i 2016, 1.100 t.kr. mere end de 600 t.kr. til'
        " rådighed (bevilget 600 t.kr., ændringer 0 t.kr.)"
    ] == [p.message for p in report.problems]


def test_records_without_ledgers_name_unknown_ids(tmp_path: Path) -> None:
    """Spending loaded without its ledger: every id is unknown, and the hint has no
    suggestion to make."""
    (tmp_path / "f.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: DKK\nspending:\n"
        "  - {appropriation: A1, year: 2016, amount: 1}\n",
        encoding="utf-8",
    )
    with use_locale("en"):
        report = check(bevilling.load(tmp_path), locale="en")
    assert [("unknown-appropriation", "write the `id` of the appropriation as its ledger gives"
             " it, and load the ledger together with this file")] == [
        (p.code, p.hint) for p in report.problems
    ]  # fmt: skip


def test_unknown_ids_stay_linear_and_the_hint_short(tmp_path: Path) -> None:
    """A finance officer loads 300 spending rows of another municipality's export against a
    ledger of 300 appropriations: every id is unknown. Each hint is short (no list of every
    known id), a near miss in case still gets its suggestion, and suggesting costs at most a
    bounded number of fuzzy comparisons (counted, not timed: it was one difflib run over every
    known id per unknown id, quadratic)."""
    import difflib
    from unittest import mock

    rows = "".join(
        f"      - {{id: A{i}, title: T{i}, amount: 1, expires: 2016}}\n" for i in range(300)
    )
    ledger = (
        "format: bevilling/1\ntitle: E\ndocument: D\nunit: DKK\ntables:\n  - name: T\n"
        "    category: driftsmidler\n    stated_total: 300\n    appropriations:\n" + rows
    )
    records = "format: bevilling-spending/1\ntitle: F\nunit: DKK\nspending:\n"
    records += "  - {appropriation: a7, year: 2016, amount: 1}\n"
    records += "".join(f"  - {{appropriation: Q{i}, year: 2016, amount: 1}}\n" for i in range(300))
    real = difflib.SequenceMatcher.set_seq1
    with mock.patch.object(
        difflib.SequenceMatcher, "set_seq1", autospec=True, side_effect=real
    ) as compared:
        findings = _findings(tmp_path, records, ledger)
    assert 301 == len(findings)
    assert 301 * 300 // 10 > compared.call_count
    (tmp_path / "l.yaml").write_text(ledger, encoding="utf-8")
    with use_locale("en"):
        hints = [p.hint or "" for p in check(bevilling.load(tmp_path), locale="en").problems]
    assert "did you mean `A7`? (spelled exactly so)" in hints[0]
    assert 200 > max(len(hint) for hint in hints)


def test_a_negative_year_of_spending_is_a_warning_a_correction_is_not(tmp_path: Path) -> None:
    """An export with the wrong sign for the second half-year makes A1's 2016 spending add up
    to -150: a warning at the last record. A2's reversed posting (-50 after 300) is a
    correction and passes."""
    records = """\
format: bevilling-spending/1
title: Forbrug
unit: 1000 DKK
spending:
  - {appropriation: A1, year: 2016, months: 1-6, amount: 200}
  - {appropriation: A1, year: 2016, months: 7-12, amount: -350}
  - {appropriation: A2, year: 2016, months: 1-6, amount: 300}
  - {appropriation: A2, year: 2016, months: 7-12, amount: -50}
"""
    assert [
        "f.yaml:6: warning[negative-spending]: the spending on 'A1' in 2016 adds up to"
        " -150 DKK thousand: less than nothing was spent"
    ] == _findings(tmp_path, records)


def test_records_on_a_proposal_are_a_warning(tmp_path: Path) -> None:
    """A finance officer records spending and an omplacering on BI2-1, an appropriation of a
    budgetnotat (phase: proposed): one warning per record; the approved side is clean."""
    (tmp_path / "p.yaml").write_text(
        "format: bevilling/1\ntitle: N\ndocument: Budgetnotat\nunit: 1000 DKK\n"
        "phase: proposed\ntables:\n  - name: T\n    category: driftsmidler\n"
        "    stated_total: 1000\n    appropriations:\n"
        "      - {id: BI2-1, title: Ventetid, amount: 1000, expires: 2016}\n",
        encoding="utf-8",
    )
    records = """\
format: bevilling-changes/1
title: Ændringer
unit: 1000 DKK
changes:
  - kind: omplacering
    decision: BIU 08.06.2016 pkt. 7
    year: 2016
    sides:
      - {appropriation: A1, amount: -200}
      - {appropriation: BI2-1, amount: 200}
"""
    (tmp_path / "s.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: BI2-1, year: 2016, amount: 300}\n",
        encoding="utf-8",
    )
    (tmp_path / "l.yaml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "f.yaml").write_text(records, encoding="utf-8")
    with use_locale("en"):
        report = check(bevilling.load(tmp_path), locale="en")
    assert [
        (
            "f.yaml",
            'omplacering on BI2-1 "Ventetid", which is a proposal (`phase: proposed` in'
            f" {tmp_path / 'p.yaml'}): it is not granted yet",
        ),
        (
            "s.yaml",
            'spending on BI2-1 "Ventetid", which is a proposal (`phase: proposed` in'
            f" {tmp_path / 'p.yaml'}): it is not granted yet",
        ),
    ] == [(Path(p.location.file).name, p.message) for p in report.problems]


def test_a_forlaengelse_to_an_earlier_year_is_a_warning(tmp_path: Path) -> None:
    """Two forlængelser of A1 (printed expiry 2016): to 2018, then to 2017 (back from the
    2018 in force); one of A2 back to 2015 (before the printed 2016); one to `open`. The two
    that move the expiry back are warnings; the expiry in force is the last."""
    records = """\
format: bevilling-changes/1
title: Ændringer
unit: 1000 DKK
changes:
  - {kind: forlængelse, decision: a, appropriation: A1, expires: 2018}
  - {kind: forlængelse, decision: b, appropriation: A1, expires: 2017}
  - {kind: forlængelse, decision: c, appropriation: A2, expires: 2015}
  - {kind: forlængelse, decision: d, appropriation: A2, expires: open}
"""
    assert [
        "f.yaml:6: warning[extension-earlier]: this forlængelse moves the expiry of A1"
        ' "Mikrolån" back from 2018 to 2017',
        "f.yaml:7: warning[extension-earlier]: this forlængelse moves the expiry of A2"
        ' "Mentorer" back from 2016 to 2015',
    ] == _findings(tmp_path, records)


def test_spending_a_pool_in_an_earlier_year_is_no_overspending(tmp_path: Path) -> None:
    """A pool "500 til og med 2017" spending 300 in 2016 draws on the pool: no finding; 600 in
    2016 is 100 more than the pool holds, worded as what is left of the pool, and the 100 of
    2017 is spent from a pool already 100 short."""
    from tests.reports.helpers import POOL, load_files

    assert [] == [p.code for p in check(load_files(tmp_path, POOL)).problems]
    (tmp_path / "s2.yaml").write_text(
        "format: bevilling-spending/1\ntitle: S2\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: Q, year: 2016, amount: 300}\n",
        encoding="utf-8",
    )
    with use_locale("da"):
        report = check(bevilling.load(tmp_path), locale="da")
    assert [
        'Q "Toårig uden profil" har forbrugt 100 t.kr. i 2017, 200 t.kr. mere end de -100 t.kr.'
        " til rådighed (tilbage af puljen ved årets start -100 t.kr., ændringer 0 t.kr.)",
        'Q "Toårig uden profil" har forbrugt 600 t.kr. i 2016, 100 t.kr. mere end de 500 t.kr.'
        " til rådighed (tilbage af puljen ved årets start 500 t.kr., ændringer 0 t.kr.)",
    ] == [p.message for p in report.problems if p.code == "overspending"]


def test_an_overfoersel_within_a_pool_fits_what_is_left_of_it(tmp_path: Path) -> None:
    """An overførsel of 200 from 2016 to 2017 on the pool (300 spent in 2016 of 500): 200 was
    unspent in 2016, so it fits."""
    from tests.reports.helpers import POOL, load_files

    files = dict(POOL)
    files["c.yaml"] = (
        "format: bevilling-changes/1\ntitle: C\nunit: 1000 DKK\nchanges:\n"
        "  - {kind: overførsel, decision: BR 1, appropriation: Q, from_year: 2016, amount: 200}\n"
    )
    assert [] == [p.code for p in check(load_files(tmp_path, files)).problems]
