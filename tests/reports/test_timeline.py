"""Tests for bevilling.reports.timeline: available and lapsing per year, and the chart."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given

import bevilling
from bevilling.core.model import Category, ExpiryKind, LedgerSet
from bevilling.core.money import D
from bevilling.i18n.catalogs import use_locale
from bevilling.reports import (
    Filter,
    expiring,
    render_timeline,
    timeline,
)
from tests.conftest import ROOT
from tests.reports.helpers import MIO, SHIPPED, load_ok
from tests.strategies import ledger_sets


def test_timeline_of_the_shipped_ledgers() -> None:
    """2016 has 9.719 available (all lapsing); 2017 2.700 continuing; 2018 2.700 lapsing."""
    result = timeline(SHIPPED, filter=Filter(phase="all"))
    assert (2015, 2016, 2017, 2018, 2019) == result.years
    assert (D(9719), D(9719)) == (result.available(2016), result.lapsing(2016))
    assert (D(2700), D(0)) == (result.available(2017), result.lapsing(2017))
    assert (D(2700), D(2700)) == (result.available(2018), result.lapsing(2018))
    assert D(1000) == result.cell(2017, Category.INDSATSMIDLER).available
    assert ((Category.DRIFTSMIDLER, D(531)),) == result.open
    assert ((Category.DRIFTSMIDLER, D(9600)),) == result.declining


def test_timeline_window_fills_gaps_and_can_widen() -> None:
    """start/end give every year between them, money or not."""
    result = timeline(SHIPPED, start=2014, end=2017)
    assert (2014, 2015, 2016, 2017) == result.years
    assert D(0) == result.available(2014)
    assert D(0) == result.available(2017)


def test_open_and_declining_never_lapse() -> None:
    """A declining row with a profile is available in its years but lapses nowhere."""
    ledgers = load_ok("""
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: P1, title: A, profile: {2016: 300, 2017: 200}, expires: declining}
      - {id: P2, title: B, amount: 100, expires: open}
""")
    result = timeline(ledgers, range(2015, 2019))
    assert [D(0), D(300), D(200), D(0)] == [result.available(y) for y in result.years]
    assert [D(0)] * 4 == [result.lapsing(y) for y in result.years]
    assert ((Category.DRIFTSMIDLER, D(100)),) == result.open
    assert () == result.declining


@given(ledger_sets())
def test_timeline_over_its_years_accounts_for_every_amount(ledgers: LedgerSet) -> None:
    """Available over the covering years + open + declining = profile sums or amounts; lapsing
    comes only from rows with a fixed expiry year, and a window shows the same cells."""
    chosen = Filter(phase="all")
    result = timeline(ledgers, filter=chosen, allow_errors=True)
    unit = result.unit
    expected = Decimal(0)
    fixed = Decimal(0)
    for entry in chosen.apply(ledgers):
        a = entry.appropriation
        money = a.profile.total if a.profile is not None else a.amount
        converted = entry.ledger.unit.convert(money, unit)
        if a.profile is not None or a.expiry.kind is ExpiryKind.YEAR:
            expected += converted
        if a.expiry.kind is ExpiryKind.YEAR:
            in_year = (
                a.profile.get(a.expiry.year or 0, Decimal(0)) if a.profile is not None else a.amount
            )
            fixed += entry.ledger.unit.convert(in_year, unit)
    placed = sum((result.available(y) for y in result.years), Decimal(0))
    unplaced = sum((v for _c, v in (*result.open, *result.declining)), Decimal(0))
    total_open = sum(
        (
            e.ledger.unit.convert(e.appropriation.amount, unit)
            for e in chosen.apply(ledgers)
            if e.appropriation.expiry.kind is not ExpiryKind.YEAR
            and e.appropriation.profile is None
        ),
        Decimal(0),
    )
    assert expected == placed
    assert total_open == unplaced
    assert fixed == sum((result.lapsing(y) for y in result.years), Decimal(0))
    if len(result.years) > 2:
        window = timeline(ledgers, result.years[1:-1], filter=chosen, unit=unit, allow_errors=True)
        assert [c for c in result.cells if c.year in window.years] == list(window.cells)


def test_timeline_puts_open_rows_apart_and_never_lapsing() -> None:
    """The open 1,5 has its own row with no lapsing figure; the chart fits 80 columns."""
    text = render_timeline(timeline(load_ok(MIO), start=2015, end=2016), width=200)
    lines = text.split("\n")
    assert ["udløb", "ikke", "fastsat", "1,5", "1,5"] == lines[6].split()
    assert max(len(line) for line in lines) <= 80
    assert "2015  87,7  " + "░" * 66 in text


def test_timeline_ascii_chart() -> None:
    """ascii=True draws '#' for what continues and '-' for what lapses."""
    ledgers = load_ok("""
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {title: A, profile: {2016: 600, 2017: 600}}
      - {title: B, amount: 600, expires: 2016}
""")
    chart = render_timeline(timeline(ledgers), ascii=True).split("\n")[-5:-1]
    assert [
        "Til rådighed pr. år (1.000 kr.)",
        "2016  1.200  " + "#" * 33 + "-" * 34,
        "2017    600  " + "-" * 34,
        "# fortsætter   - udløber med året",
    ] == chart


def test_timeline_json_has_lapsing_per_category() -> None:
    """JSON gives each year's cells per category and the open amounts, as decimal strings."""
    document = json.loads(render_timeline(timeline(load_ok(MIO)), "json"))
    assert [{"year": 2015, "available": "87.7", "lapsing": "87.7",
             "categories": {"indsatsmidler": {"available": "87.7", "lapsing": "87.7"}}}] == (
        document["years"]
    )  # fmt: skip
    assert {"indsatsmidler": "1.5"} == document["open"]


# --- issue 11, item 16: a timeline's span is bounded ---------------------------------------


def test_an_unreasonable_span_is_refused_before_any_work() -> None:
    """`timeline --from 1 --to 99999999` grew past 7 GB; the query refuses more than MAX_YEARS
    years with a clear error, whether the span comes from start/end or a range of years."""
    from bevilling.reports import MAX_YEARS

    ledgers = bevilling.load(ROOT / "ledger")
    with pytest.raises(ValueError, match=r"over 99999999 år \(1 til 99999999\) er mere end 400"):
        timeline(ledgers, start=1, end=99999999)
    with use_locale("en"), pytest.raises(ValueError, match=r"99999999 years \(1 to 99999999\)"):
        timeline(ledgers, start=1, end=99999999)
    with pytest.raises(ValueError, match="mere end 400 år"):
        timeline(ledgers, range(1, 10**12))
    assert MAX_YEARS == len(timeline(ledgers, start=2000, end=2000 + MAX_YEARS - 1).years)


def test_every_span_a_ledger_can_name_is_shown() -> None:
    """Years 1900 and 2200 (the widest a ledger loads) still make a timeline, gaps included."""
    ledgers = load_ok("""
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: A1, title: A, profile: {1900: 100, 2200: 100}, expires: 2200}
""")
    result = timeline(ledgers, allow_errors=True)
    assert (301, Decimal(100)) == (len(result.years), result.lapsing(2200))


def test_timeline_sets_spending_against_what_is_available() -> None:
    """With change and spending files, each year has its changes and spending (of the
    appropriations placed in years); what remains is what followup says lapses, here."""
    import json

    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
    result = timeline(ledgers, range(2015, 2017))
    # D03, a pool printed to expire with 2015 and extended to 2016, is placed in 2016 with
    # its 2015 records (-300 carried out, 1.200 spent): each year's Rest is followup's Bortfalder
    assert [(2015, D(400), D(42192)), (2016, D(-250), D(4800))] == list(result.recorded)
    table = render_timeline(result, ascii=True, spent=True)
    assert "Ændringer    Forbrug    Rest" in table
    assert "9.719         -250      4.800   4.669\n" in table
    data = json.loads(render_timeline(result, "json"))
    assert ("1029", "42192") == (data["years"][0]["remaining"], data["years"][0]["spent"])
    assert (D(1029), D(4669)) == (
        bevilling.followup(ledgers, 2015).lapses,
        bevilling.followup(ledgers, 2016).lapses,
    )
    plain = render_timeline(result, ascii=True)
    assert "Forbrug" not in plain
    assert () == timeline(bevilling.load(ROOT / "ledger")).recorded


def test_the_title_names_unit_and_scope_in_either_language() -> None:
    """The heading is one sentence per language, the unit and the phases in the report's words."""
    ledgers = bevilling.load(ROOT / "ledger")
    result = timeline(ledgers, start=2015, end=2015, filter=Filter(phase="all"))
    da = render_timeline(result, locale="da").split("\n")[0]
    en = render_timeline(result, locale="en").split("\n")[0]
    assert (
        "Til rådighed og udløb pr. år, beløb (1.000 kr.) (vedtaget + forslag)",
        "Available and lapsing per year, amount (DKK thousand) (approved + proposed)",
    ) == (da, en)


EXPIRES_AFTER_PROFILE = """\
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 2
    category: driftsmidler
    stated_total: 1800
    appropriations:
      - {id: VF-1, title: Sagsforberedelse, profile: {2016: 1000, 2017: 500}, expires: 2018}
      - {id: VF-2, title: Mentorer, amount: 300, expires: 2018}
"""


def test_expiring_and_timeline_agree_when_expires_is_after_the_profile() -> None:
    """Trust gap 5: `expires: 2018` on a profile funding 2016-2017. `expiring --year 2018`
    listed it (1.500) while the timeline showed nothing lapsing in 2018 and its 2017 money
    continuing. Now `check` refuses the ledger (expiry-after-profile), and with the finding
    accepted both reports put the lapse in 2017, the profile's last funded year."""
    ledgers = bevilling.load_string(EXPIRES_AFTER_PROFILE, "t.yaml")
    assert ["expiry-after-profile"] == [p.code for p in bevilling.check(ledgers).problems]
    with pytest.raises(bevilling.LedgerErrorsError):
        timeline(ledgers)
    accepted = bevilling.load_string(
        EXPIRES_AFTER_PROFILE
        + "accepted:\n  - {code: expiry-after-profile, appropriation: VF-1, reason: Trykt.}\n",
        "t.yaml",
    )
    t = timeline(accepted)
    lapsing = {year: t.lapsing(year) for year in t.years}
    in_expiring = {
        year: [r.appropriation.id for r in expiring(accepted, year).rows] for year in t.years
    }
    assert {2016: Decimal(0), 2017: Decimal(500), 2018: Decimal(300)} == lapsing
    assert {2016: [], 2017: ["VF-1"], 2018: ["VF-2"]} == in_expiring
    # every year the timeline shows a lapse, `expiring` lists exactly the rows lapsing
    assert all(bool(in_expiring[y]) == bool(lapsing[y]) for y in t.years)


def test_timeline_work_grows_linearly_with_rows() -> None:
    """Issue 13: the timeline query and its table on 4N rows of the hand-written layout
    execute at most ~4x the lines of bevilling's code they do on N rows (a counted shape, not
    a time); the check that guards it runs before, outside the count."""
    from tests.audit.helpers import hand_ledger, lines_executed

    def run(rows: int) -> int:
        ledgers = bevilling.load_string(hand_ledger(rows), "t.yaml")
        bevilling.check(ledgers)
        _text, executed = lines_executed(
            lambda: render_timeline(timeline(ledgers, allow_errors=True), "table", locale="da")
        )
        return executed

    small, large = run(100), run(400)
    assert large <= 4.3 * small


def test_a_pools_earlier_spending_counts_in_its_expiry_year(tmp_path: Path) -> None:
    """The pool "500 til og med 2017" spent 300 in 2016 and 100 in 2017: the timeline places
    its 500 in 2017 and the 400 spent there too (Rest 100, what followup says lapses), with a
    note naming it; no year shows the 300 against nothing."""
    from tests.reports.helpers import POOL, load_files

    result = timeline(load_files(tmp_path, POOL))
    assert ((2017,), ("Q",)) == (result.years, result.pooled)
    assert (D(500), D(0), D(400), D(100)) == (
        result.available(2017), result.changes(2017), result.spent(2017), result.remaining(2017),
    )  # fmt: skip
    text = " ".join(render_timeline(result, spent=True).split())
    assert (
        "Q er en pulje uden profil (et beløb og et udløb): dens ændringer og forbrug i årene før"
        " udløbsåret er talt med i udløbsåret, hvor puljens beløb står"
    ) in text
    assert ["Q"] == json.loads(render_timeline(result, "json"))["pooled"]


def test_the_default_years_reach_the_last_year_a_record_names(tmp_path: Path) -> None:
    """P and Q, printed to expire with 2016, are extended to 2017 and spend 100 there, with 300
    carried over: the default run reaches 2017, where Q, a pool, is placed by its expiry in
    force with its 2016 records (changes 200, spent 500, Rest 200, as followup 2017 lapses);
    P, with a profile, stays in its printed years (noted); spending 1.300 in all, changes 0."""
    from tests.reports.helpers import EXTENDED, load_files

    ledgers = load_files(tmp_path, EXTENDED)
    result = timeline(ledgers)
    assert (2015, 2016, 2017) == result.years
    assert (D(500), D(200), D(500), D(200)) == (
        result.available(2017), result.changes(2017), result.spent(2017), result.remaining(2017),
    )  # fmt: skip
    assert (("P",), ("Q",)) == (result.extended, result.pooled)
    assert (D(1300), D(0)) == (
        sum(result.spent(y) for y in result.years),
        sum(result.changes(y) for y in result.years),
    )
    assert D(200) == bevilling.followup(ledgers, 2017).lapses


def test_the_csv_headers_name_the_unit() -> None:
    """CSV has no title line: each amount header names the unit, never the year's."""
    text = render_timeline(timeline(SHIPPED), "csv", csv_dialect="plain")
    assert (
        "År,driftsmidler (1.000 kr.),indsatsmidler (1.000 kr.),særindsatser (1.000 kr.),"
        "I alt (1.000 kr.),Heraf udløber (1.000 kr.)"
    ) == text.splitlines()[0]


def test_a_year_the_timeline_does_not_show_is_refused_not_zero() -> None:
    """Attack 8 #6: `available("2016")` (a year as text) and a year not shown answered 0;
    `cell()` raised a bare KeyError; start after end gave an empty timeline."""
    ledgers = bevilling.load(ROOT / "ledger")
    result = timeline(ledgers, range(2015, 2018))
    assert Decimal("8219") == result.available(2016)
    with pytest.raises(TypeError, match="takes a year as an int"):
        result.available("2016")  # type: ignore[arg-type]
    with pytest.raises(KeyError, match="the timeline shows 2015-2017, not 2030"):
        result.lapsing(2030)
    with pytest.raises(KeyError, match="not 2014"):
        result.cell(2014, result.categories[0])
    with pytest.raises(ValueError, match="det første år, 2017, ligger efter det sidste, 2016"):
        timeline(ledgers, start=2017, end=2016)


def test_a_pool_moved_by_a_forlaengelse_is_named_under_the_table() -> None:
    """diff9 R1: with the example change files D03 (printed 2015, extended to 2016) moved its
    1.500 from 2015 to 2016 in `timeline` without a word; the note of `expiring`, `list` and
    `totals --by expiry` now says so, and JSON names it under "moved"."""
    ledgers = bevilling.load([ROOT / "ledger", ROOT / "examples" / "followup"])
    result = timeline(ledgers)
    assert [("D03", 2015, 2016)] == [(i, p.year, f.year) for i, p, f in result.moved]
    text = render_timeline(result, locale="da")
    assert (
        "udløbet er ændret ved en forlængelse (vist med det gældende udløb): D03 (2015 → 2016)"
        in (text)
    )
    assert ["D03"] == json.loads(render_timeline(result, "json"))["moved"]
