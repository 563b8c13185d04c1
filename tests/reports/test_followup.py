"""Tests for bevilling.reports.followup: granted, changes, spent, remaining and lapses."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import bevilling
from bevilling.core.followup import Book
from bevilling.core.model import Change, ChangeKind, ChangeSide, ExpiryKind, LedgerSet, Unit
from bevilling.core.money import D
from bevilling.core.problems import Location
from bevilling.reports import Filter, LedgerErrorsError, followup, render_followup
from tests.conftest import ROOT
from tests.strategies import ledger_sets, with_changes_and_spending

EXAMPLE = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])


def _row(result: bevilling.Followup, id: str) -> tuple[Decimal, ...]:
    row = next(r for r in result.rows if r.id == id)
    return (row.granted, row.changes, row.spent, row.remaining, row.lapses)


def test_followup_of_the_example_2015() -> None:
    """The invented 2015 follow-up: a tillægsbevilling, an omplacering, an overførsel out of
    2015 (with a forlængelse), and what lapses with 2015."""
    result = followup(EXAMPLE, 2015)
    assert (D(5190), D(400), D(5300), D(290), D(290)) == _row(result, "D02")
    assert (D(14752), D(-500), D(14000), D(252), D(252)) == _row(result, "D08")
    assert (D(1187), D(500), D(1650), D(37), D(37)) == _row(result, "D09")
    assert (D(1500), D(-300), D(1200), D(0), D(0)) == _row(result, "D03")
    assert (D(531), D(0), D(500), D(31), D(0)) == _row(result, "D01")  # open: never lapses
    # D06 (Faldende profil, no profile: 9.100 spent) is in no total: its year is unknown
    assert (D(44852), D(100), D(43892), D(1060), D(1029)) == (
        result.granted,
        result.changes,
        result.spent,
        result.remaining,
        result.lapses,
    )
    assert "D11" not in {r.id for r in result.rows}  # granted in 2016 only


def test_followup_of_the_example_2016_carries_the_money() -> None:
    """In 2016 the carried 300 is available to D03 (extended to 2016) and spent."""
    result = followup(EXAMPLE, 2016)
    assert (D(0), D(300), D(300), D(0), D(0)) == _row(result, "D03")
    assert (D(4000), D(-250), D(1500), D(2250), D(2250)) == _row(result, "D13")
    assert ["D01", "D03", "D06", "D11", "D13", "I01", "I02"] == [r.id for r in result.rows]


def test_json_rows_have_exactly_the_keys() -> None:
    """JSON: per row `id` and the five figures, as decimal strings, and the totals."""
    data = json.loads(render_followup(followup(EXAMPLE, 2016), "json"))
    assert {"id", "granted", "changes", "spent", "remaining", "lapses"} == set(data["rows"][0])
    assert {"id": "D13", "granted": "4000", "changes": "-250", "spent": "1500",
            "remaining": "2250", "lapses": "2250"} == data["rows"][4]  # fmt: skip
    assert ("followup", 2016, "1000 DKK", "4940") == (
        data["report"],
        data["year"],
        data["unit"],
        data["total"]["remaining"],
    )


def test_headings_are_danish_by_default_and_english_on_request() -> None:
    """Bevilget, Ændringer, Forbrug, Rest, Bortfalder; Granted ... Lapses in English."""
    only = Filter(category=bevilling.Category.INDSATSMIDLER)
    result = followup(EXAMPLE, 2016, filter=only)
    danish = render_followup(result, "csv").splitlines()[0]
    english = render_followup(result, "csv", locale="en").splitlines()[0]
    assert (
        "\ufeffId;Titel;Udløb;Bevilget (1.000 kr.);Ændringer (1.000 kr.);Forbrug (1.000 kr.);"
        "Rest (1.000 kr.);Bortfalder (1.000 kr.)"
    ) == danish
    assert (
        "\ufeffId;Title;Expires;Granted (DKK thousand);Changes (DKK thousand);"
        "Spent (DKK thousand);Remaining (DKK thousand);Lapses (DKK thousand)"
    ) == english


@pytest.mark.parametrize("format", ["table", "markdown", "github", "html", "csv", "json"])
def test_every_format_renders(format: str) -> None:
    """Every output format renders the follow-up, figures included."""
    text = render_followup(followup(EXAMPLE, 2016), format)  # type: ignore[arg-type]
    assert "2250" in text.replace(".", "")


def test_followup_refuses_ledgers_with_errors() -> None:
    """An omplacering that does not cancel is an error: the report refuses, unless asked."""
    bad = Change(
        kind=ChangeKind.REALLOCATION,
        decision="BIU 1.1.2016 pkt. 1",
        unit=Unit.THOUSAND_DKK,
        location=Location("c.yaml", 5),
        sides=(
            ChangeSide(
                appropriation="D11", year=2016, amount=D(-5), location=Location("c.yaml", 6)
            ),
            ChangeSide(appropriation="D13", year=2016, amount=D(4), location=Location("c.yaml", 7)),
        ),
    )
    ledgers = LedgerSet(ledgers=EXAMPLE.ledgers, changes=(bad,))
    with pytest.raises(LedgerErrorsError, match="unbalanced-reallocation"):
        followup(ledgers, 2016)
    assert D(-1) == followup(ledgers, 2016, allow_errors=True).changes


def test_units_convert_exactly() -> None:
    """Spending in kroner against a ledger in 1.000 kr.: the report is in kroner."""
    ledgers = bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T1, category: driftsmidler, stated_total: 5, appropriations: ["
        "{id: A, title: X, amount: 5, expires: 2016}]}\n"
    )
    spent = bevilling.Spending(
        appropriation="A", year=2016, amount=D("1234.5"), unit=Unit.DKK, location=Location("s", 1)
    )
    result = followup(LedgerSet(ledgers=ledgers.ledgers, spending=(spent,)), 2016)
    assert (Unit.DKK, 1, D("3765.5")) == (result.unit, result.places, result.remaining)


@given(st.data())
def test_remaining_is_granted_plus_changes_minus_spent(data: st.DataObject) -> None:
    """For every row and every total: remaining = granted + changes − spent; the totals are
    the sums of the rows."""
    ledgers = data.draw(ledger_sets().flatmap(with_changes_and_spending))
    year = data.draw(st.integers(min_value=2013, max_value=2018))
    result = followup(ledgers, year, filter=Filter(phase="all"), allow_errors=True)
    known = [row for row in result.rows if row.granted is not None]
    for row in known:
        assert row.granted is not None
        assert row.remaining is not None
        assert row.lapses is not None
        assert row.remaining == row.granted + row.changes - row.spent
        assert D(0) <= row.lapses <= max(row.remaining, D(0))
    for row in result.rows:  # a year amount that cannot be known: none of its figures
        assert (row.granted is None) == (row.remaining is None) == (row.lapses is None)
    assert result.remaining == result.granted + result.changes - result.spent
    for key in ("granted", "changes", "spent", "remaining", "lapses"):
        assert getattr(result, key) == sum((getattr(r, key) for r in known), D(0))


@given(st.data())
def test_an_omplacering_never_changes_the_grand_total(data: st.DataObject) -> None:
    """Adding a balanced omplacering between any two appropriations leaves the totals of
    granted + changes and of remaining as they were (unless it is the first record of a pool
    before its expiry year: that starts the pool's life earlier, a new fact, tested apart; or
    a side is on a declining row without a profile, which no total counts)."""
    ledgers = data.draw(ledger_sets().flatmap(with_changes_and_spending))
    ids = [e.appropriation.id for e in ledgers.entries()]
    if not ids:
        return
    year = data.draw(st.integers(min_value=2013, max_value=2018))
    moved = data.draw(st.integers(min_value=-(10**6), max_value=10**6))
    first, second = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
    book = Book(ledgers)
    for entry in ledgers.entries():
        a = entry.appropriation
        if a.id in (first, second):
            life = book.pool_years(a)
            assume(life is None or year >= life[0])
            # a declining row without a profile is in no total (its year is unknown)
            assume(a.profile is not None or a.expiry.kind is not ExpiryKind.DECLINING)
    where = Location("o.yaml", 1)
    omplacering = Change(
        kind=ChangeKind.REALLOCATION,
        decision="BIU 14.03.2016 pkt. 5",
        unit=data.draw(st.sampled_from(list(Unit))),
        location=where,
        sides=(
            ChangeSide(appropriation=first, year=year, amount=D(-moved), location=where),
            ChangeSide(appropriation=second, year=year, amount=D(moved), location=where),
        ),
    )
    after = LedgerSet(
        ledgers=ledgers.ledgers,
        changes=(*ledgers.changes, omplacering),
        spending=ledgers.spending,
    )
    everything = Filter(phase="all")
    unit = Unit.DKK
    before_result = followup(ledgers, year, filter=everything, unit=unit, allow_errors=True)
    after_result = followup(after, year, filter=everything, unit=unit, allow_errors=True)
    assert (
        before_result.granted + before_result.changes == after_result.granted + after_result.changes
    )
    assert before_result.remaining == after_result.remaining


def test_the_example_says_its_figures_are_invented() -> None:
    """Every file of examples/followup/ says that its changes or spending are invented."""
    files = sorted((ROOT / "examples" / "followup").glob("*.yaml"))
    assert 3 == len(files)
    for file in files:
        text = file.read_text(encoding="utf-8")
        assert "OPFUNDNE" in text
        assert "INVENTED" in text


def test_profile_years_lapse_and_proposals_follow_the_phase(tmp_path: Path) -> None:
    """The shipped ledgers with records of a finance officer: VF-1 (a budgetnotat, phase:
    proposed) is funded 600 in 2017 and 600 in 2018 (expiry 2018); 450 spent in 2017 leaves
    150, which lapses with 2017 (no overførsel carries it). An omplacering moves 200 in 2016
    from the approved D11 to the proposed BI2-1: --phase approved counts only D11's side,
    --phase proposed only BI2-1's, --phase all both (the grand total of changes is 0); every
    row and total holds remaining = granted + changes − spent."""
    (tmp_path / "c.yaml").write_text(
        "format: bevilling-changes/1\ntitle: Ä\nunit: 1000 DKK\nchanges:\n"
        "  - kind: omplacering\n    decision: BIU 1\n    year: 2016\n    sides:\n"
        "      - {appropriation: D11, amount: -200}\n"
        "      - {appropriation: BI2-1, amount: 200}\n",
        encoding="utf-8",
    )
    (tmp_path / "s.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: VF-1, year: 2017, amount: 450}\n",
        encoding="utf-8",
    )
    ledgers = bevilling.load([ROOT / "ledger", tmp_path])
    proposed = followup(ledgers, 2017, filter=Filter(phase="proposed"), allow_errors=True)
    assert (D(600), D(0), D(450), D(150), D(150)) == _row(proposed, "VF-1")
    changes = {}
    for phase in ("approved", "proposed", "all"):
        result = followup(
            ledgers, 2016, filter=Filter(phase=phase), allow_errors=True,
            allow_mixed_price_levels=True,
        )  # fmt: skip
        changes[phase] = result.changes
        for row in (*result.rows, result):
            if row.granted is not None and row.remaining is not None:
                assert row.remaining == row.granted + row.changes - row.spent
    assert {"approved": D(-200), "proposed": D(200), "all": D(0)} == changes


def test_the_library_query_is_exact_outside_the_command_line(tmp_path: Path) -> None:
    """A script calls `bevilling.followup` on a ledger in kr. with millionths and spending in
    mio. kr. at the largest amounts allowed: the sums need 29 digits (Python's default decimal
    context keeps 28, and raised InvalidOperation); the query computes them exactly."""
    (tmp_path / "l.yaml").write_text(
        "format: bevilling/1\ntitle: E\ndocument: D\nunit: DKK\ntables:\n  - name: T\n"
        "    category: driftsmidler\n    stated_total: 0.000001\n    appropriations:\n"
        "      - {id: A1, title: T, amount: 0.000001, expires: open}\n",
        encoding="utf-8",
    )
    rows = "".join(
        f"  - {{appropriation: A1, year: 2016, months: {m}, amount: 999999999999999.999999}}\n"
        for m in range(1, 13)
    )
    (tmp_path / "s.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: mio DKK\nspending:\n" + rows,
        encoding="utf-8",
    )
    result = followup(bevilling.load(tmp_path), 2016, allow_errors=True)
    assert D("-11999999999999999999987.999999") == result.rows[0].remaining


def test_a_pool_without_a_profile_is_drawn_on_over_its_whole_life(tmp_path: Path) -> None:
    """A pool "500 til og med 2017" (no profile) spends 300 in 2016 and 100 in 2017: 2016 has
    500 granted, 200 left that carries on (nothing lapses); 2017 has the 200 left of the pool,
    100 left that lapses (as expiring's unspent 100), and a note says what Bevilget means."""
    from tests.reports.helpers import POOL, load_files

    ledgers = load_files(tmp_path, POOL)
    first, last = followup(ledgers, 2016), followup(ledgers, 2017)
    figures = [
        (r.id, r.granted, r.changes, r.spent, r.remaining, r.lapses, r.pool)
        for r in (*first.rows, *last.rows)
    ]
    assert [
        ("Q", D(500), D(0), D(300), D(200), D(0), True),
        ("Q", D(200), D(0), D(100), D(100), D(100), True),
    ] == figures
    assert D(100) == bevilling.expiring(ledgers, 2017).unspent_total
    assert () == followup(ledgers, 2015).rows
    text = " ".join(render_followup(last).split())  # the note wraps at the table's width
    assert (
        "Q er en pulje uden profil (et beløb og et udløb): Bevilget er, hvad der er tilbage af"
        " puljen ved starten af 2017 (beløbet + tidligere års ændringer − tidligere års"
        " forbrug); det uforbrugte føres videre og bortfalder først med udløbsåret"
    ) in text
    data = json.loads(render_followup(last, "json"))
    assert {"id": "Q", "granted": "200", "changes": "0", "spent": "100", "remaining": "100",
            "lapses": "100", "pool": True} == data["rows"][0]  # fmt: skip


def test_a_price_level_converts_exactly_and_rounds_once(tmp_path: Path) -> None:
    """At 2017 p/l (index 2016: 102,3, 2017: 104,7) A1's 333 granted and 100 spent (2016 p/l)
    leave (333 − 100) × 104,7 / 102,3 = 238,46: Rest and Bortfalder 238, as expiring's
    Uforbrugt, though the row prints 341 − 102; the total granted is the exact 2.540,08
    rounded once, not the sum of the rounded rows (2.541)."""
    ledgers = bevilling.load(_copy_of_prices(tmp_path))
    result = followup(ledgers, 2016, price_level=2017)
    a1 = next(r for r in result.rows if r.id == "A1")
    assert (D(341), D(102), D(238), D(238)) == (a1.granted, a1.spent, a1.remaining, a1.lapses)
    unspent = next(r for r in bevilling.expiring(ledgers, 2016, price_level=2017).rows
                   if r.appropriation.id == "A1").unspent  # fmt: skip
    assert D(238) == unspent
    assert (D(2540), D(1618), D(922), D(922)) == (
        result.granted, result.spent, result.remaining, result.lapses,
    )  # fmt: skip
    assert D(922) == bevilling.timeline(ledgers, price_level=2017).remaining(2016)


def _copy_of_prices(folder: Path) -> Path:
    """Two ledgers at 2016 and 2018 p/l, an index and spending (attack7 #1)."""
    files = {
        "a.yaml": "format: bevilling/1\ntitle: A 2016\ndocument: Notat A\nunit: 1000 DKK\n"
        "price_level: 2016\ntables:\n  - name: Tabel A\n    category: driftsmidler\n"
        "    stated_total: 1001\n    appropriations:\n"
        "      - {id: A1, title: En, amount: 333, expires: 2016}\n"
        "      - {id: A2, title: To, amount: 334, expires: 2016}\n"
        "      - {id: A3, title: Tre, amount: 334, expires: 2017}\n",
        "b.yaml": "format: bevilling/1\ntitle: B mio\ndocument: Notat B\nunit: mio DKK\n"
        "price_level: 2018\ntables:\n  - name: Tabel B\n    category: indsatsmidler\n"
        "    stated_total: 2.5\n    appropriations:\n"
        "      - {id: B1, title: Fire, amount: 1.3, expires: 2016}\n"
        "      - {id: B2, title: Fem, amount: 1.2, profile: {2016: 0.6, 2017: 0.6}}\n",
        "idx.yaml": "format: bevilling-index/1\ntitle: Indeks\nsource: Test\n"
        "values:\n  2016: 102.3\n  2017: 104.7\n  2018: 107.1\n",
        "s.yaml": "format: bevilling-spending/1\ntitle: F\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: A1, year: 2016, amount: 100}\n"
        "  - {appropriation: B1, year: 2016, amount: 1000}\n"
        "  - {appropriation: B2, year: 2016, amount: 550}\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_csv_headers_name_the_unit() -> None:
    """CSV has no title line: each figure's header names the unit (kroner when a spending file
    in kroner makes the report's unit DKK), never the expiry's."""
    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
    first = render_followup(followup(ledgers, 2016), "csv", csv_dialect="plain").splitlines()[0]
    assert (
        "Id,Titel,Udløb,Bevilget (1.000 kr.),Ændringer (1.000 kr.),Forbrug (1.000 kr.),"
        "Rest (1.000 kr.),Bortfalder (1.000 kr.)"
    ) == first
    in_kroner = render_followup(followup(ledgers, 2016, unit=Unit.DKK), "csv", locale="en")
    assert "Granted (DKK)" in in_kroner.splitlines()[0]


def test_a_declining_row_without_a_profile_has_no_known_year_amount() -> None:
    """D06 (Faldende profil, 9.600, no profile) spends 4.500 in 2016: what it has for 2016
    cannot be known, so Bevilget, Rest and Bortfalder are None (empty, JSON null), a note says
    so, and the totals leave it out: 8.750 + 50 − 3.860 = 4.940."""
    result = followup(EXAMPLE, 2016)
    d06 = next(r for r in result.rows if r.id == "D06")
    assert (None, D(0), D(4500), None, None) == (
        d06.granted, d06.changes, d06.spent, d06.remaining, d06.lapses,
    )  # fmt: skip
    assert (D(8750), D(50), D(3860), D(4940), D(4669)) == (
        result.granted, result.changes, result.spent, result.remaining, result.lapses,
    )  # fmt: skip
    assert "D06 har en faldende profil uden årsbeløb" in render_followup(result)
    row = next(r for r in json.loads(render_followup(result, "json"))["rows"] if r["id"] == "D06")
    assert (None, None, None) == (row["granted"], row["remaining"], row["lapses"])
