"""Tests for bevilling.reports.render (report renderers) and the public API scripts use."""

from __future__ import annotations

import doctest
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import LedgerSet
from bevilling.reports import queries, render
from bevilling.reports.queries import Filter, expiring, timeline, totals
from bevilling.reports.render import (
    FORMATS,
    render_expiring,
    render_list,
    render_show,
    render_timeline,
    render_totals,
)
from tests.conftest import ROOT
from tests.strategies import REPORT_WIDTHS, ledger_sets, wordy_ledger_sets

MIO = """
format: bevilling/1
title: Indsatsbudget
document: D
unit: mio DKK
number_format: da
tables:
  - name: Tabel 8
    category: indsatsmidler
    appropriations:
      - {id: KH-1, title: Fastholdelsesmentor, amount: '18,3', expires: 2015,
         target_group: <Kontanthjælp & co>}
      - {id: KH-2, title: Helhedsorienteret mentor, amount: '69,4', expires: 2015}
      - {id: KH-3, title: Løbende, amount: '1,5', expires: open}
"""


def _load(text: str) -> LedgerSet:
    ledgers = bevilling.load_string(textwrap.dedent(text), "mio.yaml")
    assert () == ledgers.problems
    return ledgers


@pytest.mark.parametrize("module", [render, queries])
def test_docstring_examples(module: object) -> None:
    """The examples in the docstrings of render and queries hold."""
    assert 0 == doctest.testmod(module).failed  # type: ignore[arg-type]


def test_mio_ledger_keeps_one_decimal_in_both_locales() -> None:
    """mio. kr. with one decimal: 87,7 in Danish, 87.7 in English, unit in the header."""
    result = expiring(_load(MIO), 2015)
    da = render_expiring(result)
    en = render_expiring(result, locale="en")
    assert "Beløb (mio. kr.)" in da
    assert "87,7" in da
    assert "18,3" in da
    assert "Amount (DKK million)" in en
    assert "87.7" in en
    assert "1 bevilling uden fast udløb: 1,5" in da
    assert "1 appropriation without fixed expiry: 1.5" in en


def test_empty_result_says_so() -> None:
    """No rows: the table is empty, the total 0 and a note says nothing expires."""
    text = render_expiring(expiring(_load(MIO), 2030), locale="en")
    assert "No appropriations expire in 2030." in text
    assert "Total" in text


def test_html_escapes_text() -> None:
    """Text from the ledger is escaped in HTML: '<Kontanthjælp & co>' cannot inject markup."""
    text = render_expiring(expiring(_load(MIO), 2015), "html")
    assert "&lt;Kontanthjælp &amp; co&gt;" in text
    assert "<Kontanthjælp" not in text


def test_unknown_format_is_refused() -> None:
    """A format that is not one of FORMATS raises rather than printing something else."""
    with pytest.raises(ValueError, match="unknown format"):
        render_totals(totals(_load(MIO)), "xml")  # type: ignore[arg-type]


def test_timeline_puts_open_rows_apart_and_never_lapsing() -> None:
    """The open 1,5 has its own row with no lapsing figure; the chart fits 80 columns."""
    text = render_timeline(timeline(_load(MIO), start=2015, end=2016), width=200)
    lines = text.split("\n")
    assert ["udløb", "ikke", "fastsat", "1,5", "1,5"] == lines[6].split()
    assert max(len(line) for line in lines) <= 80
    assert "2015  87,7  " + "░" * 66 in text


def test_timeline_ascii_chart() -> None:
    """ascii=True draws '#' for what continues and '-' for what lapses."""
    ledgers = _load("""
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
    document = json.loads(render_timeline(timeline(_load(MIO)), "json"))
    assert [{"year": 2015, "available": "87.7", "lapsing": "87.7",
             "categories": {"indsatsmidler": {"available": "87.7", "lapsing": "87.7"}}}] == (
        document["years"]
    )  # fmt: skip
    assert {"indsatsmidler": "1.5"} == document["open"]


def test_show_lists_the_profile_year_by_year() -> None:
    """render_show prints each profile year on its own line in the table format."""
    ledgers = bevilling.load(ROOT / "ledger")
    entry = ledgers.find("VF-1")
    assert entry is not None
    text = render_show(entry, locale="en", width=0)
    assert "Profile             2017: 600\n                    2018: 600\n" in text
    assert text.rstrip().endswith("biie-vision-2020-flere-i-fleksjob.yaml:34")
    markdown = render_show(entry, "markdown")
    assert "2017: 600; 2018: 600" in markdown


def test_list_prints_each_ledger_in_its_own_precision() -> None:
    """list: mio. kr. rows keep their decimal, unit per row; no conversion, no total."""
    text = render_list(_load(MIO).entries(), width=0)
    assert "18,3  mio. kr.  2015" in text
    assert "I alt" not in text


@given(ledger_sets())
def test_every_format_renders_any_ledger_set(ledgers: LedgerSet) -> None:
    """Every report renders in every format for any ledgers, and JSON totals match the query."""
    chosen = Filter(phase="all")
    result = expiring(ledgers, 2016, filter=chosen)
    for fmt in FORMATS:
        assert render_expiring(result, fmt, include_open=True).endswith("\n")
        assert render_totals(totals(ledgers, "expiry", filter=chosen), fmt).endswith("\n")
    document = json.loads(render_expiring(result, "json"))
    assert result.total == bevilling.D(document["total"])
    chart = render_timeline(timeline(ledgers, filter=chosen), width=80).split("\n\n")[-1]
    assert all(len(line) <= 80 for line in chart.split("\n"))


# --- the public API ------------------------------------------------------------------------

USER_SCRIPT = """\
from __future__ import annotations

from decimal import Decimal

import bevilling


def main() -> None:
    ledgers: bevilling.LedgerSet = bevilling.load("ledger/")
    chosen = bevilling.Filter(target_group="Aktivitetsparate", phase="all")
    result: bevilling.Expiring = bevilling.expiring(ledgers, 2016, filter=chosen)
    rows: tuple[bevilling.ExpiringRow, ...] = result.rows
    total: Decimal = result.total
    print(len(rows), total, bevilling.render_expiring(result, "csv", locale="en"))
    by: bevilling.Totals = bevilling.totals(ledgers, bevilling.Dimension.SOURCE)
    groups: tuple[bevilling.TotalsGroup, ...] = by.groups
    print(groups, bevilling.render_totals(by, "markdown"))
    line: bevilling.Timeline = bevilling.timeline(ledgers, range(2015, 2019))
    cells: tuple[bevilling.TimelineCell, ...] = line.cells
    print(cells, bevilling.render_timeline(line, ascii=True))
    entry = ledgers.find("D11")
    if entry is not None:
        print(bevilling.render_show(entry), bevilling.render_list(ledgers.entries()))
"""


def test_a_user_script_type_checks_under_mypy_strict(tmp_path: Path) -> None:
    """A script using the report API passes `mypy --strict` (py.typed, exported names)."""
    from mypy import api

    script = tmp_path / "report.py"
    script.write_text(USER_SCRIPT, encoding="utf-8")
    out, err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(script)]
    )
    assert (0, "") == (status, err), out


def test_a_wrong_user_script_fails_mypy(tmp_path: Path) -> None:
    """mypy sees the real types: a total is a Decimal, not a float."""
    from mypy import api

    script = tmp_path / "wrong.py"
    script.write_text(
        "import bevilling\n"
        "total: float = bevilling.expiring(bevilling.load('ledger/'), 2016).total\n",
        encoding="utf-8",
    )
    out, _err, status = api.run(
        ["--strict", "--no-incremental", "--cache-dir", str(tmp_path / ".mypy"), str(script)]
    )
    assert 1 == status
    assert 'Incompatible types in assignment (expression has type "Decimal"' in out


def test_report_names_are_exported_and_lazy() -> None:
    """The report API is in bevilling.__all__ and importing bevilling loads none of it."""
    names = ["expiring", "totals", "timeline", "Filter", "Expiring", "ExpiringRow", "Totals",
             "TotalsGroup", "Timeline", "TimelineCell", "Dimension", "render_expiring",
             "render_totals", "render_timeline", "render_list", "render_show"]  # fmt: skip
    assert set(names) <= set(bevilling.__all__)
    for name in names:
        assert getattr(bevilling, name).__doc__
    code = (
        "import sys, bevilling; "
        "print(sorted(m for m in ('bevilling.reports.queries', 'bevilling.reports.render', "
        "'babel', 'tabulate') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "[]\n" == done.stdout


# --- issue 4: the table format fits the width ----------------------------------------------

WIDE = """
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: indsatsmidler
    appropriations:
      - {id: I01, target_group: Aktivitetsparate, organisation: KEH,
         source: Beskæftigelses-aftale 2013, amount: 1019, expires: 2016,
         title: Næste stop er job - fokus på socialøkonomiske virksomheder}
      - {id: I02, target_group: Flere, organisation: CAB, source: Budgetaftale 2014,
         title: Lokal Forankring på Vesterbro og Kgs. Enghave, amount: 2000, expires: 2016}
"""

WIDE_90 = """\
Appropriations expiring in 2016 (approved)

Id     Category       Target group      Org.    Title                    Amount  Expires
                                                                    (DKK 1,000)
-----  -------------  ----------------  ------  ----------------  -------------  ---------
I01    indsatsmidler  Aktivitetsparate  KEH     Næste stop er             1,019  2016
                                                job - fokus på
                                                socialøkonomiske
                                                virksomheder
I02    indsatsmidler  Flere             CAB     Lokal Forankring          2,000  2016
                                                på Vesterbro og
                                                Kgs. Enghave
-----  -------------  ----------------  ------  ----------------  -------------  ---------
Total                                                                     3,019

Columns left out to fit the width: Source
"""

WIDE_60 = """\
Appropriations expiring in 2016 (approved)

Category       Title                       Amount  Expires
                                      (DKK 1,000)
-------------  -------------------  -------------  ---------
indsatsmidler  Næste stop er job -          1,019  2016
               fokus på
               socialøkonomiske
               virksomheder
indsatsmidler  Lokal Forankring på          2,000  2016
               Vesterbro og Kgs.
               Enghave
-------------  -------------------  -------------  ---------
Total                                       3,019

Columns left out to fit the width: Source, Org., Id,
Target group
"""


@pytest.mark.parametrize(("width", "expected"), [(90, WIDE_90), (60, WIDE_60)])
def test_expiring_leaves_out_columns_in_order_to_fit(width: int, expected: str) -> None:
    """When wrapping is not enough, Source goes first, then Org., Id and Target group; the
    note names them in that order, "Total" moves to the first column left, and the title and
    amounts stay.  (The note wraps between names, never inside "Target group".)"""
    text = render_expiring(expiring(_load(WIDE), 2016), locale="en", width=width)
    assert expected == text
    assert width == max(len(line) for line in text.split("\n"))


def test_wrapping_alone_leaves_every_column() -> None:
    """A width the table fits by wrapping text between words keeps every column, no note."""
    text = render_expiring(expiring(_load(WIDE), 2016), locale="en", width=130)
    assert "Columns left out" not in text
    header = " ".join(text.split("\n")[2:4])
    for name in ["Id", "Category", "Target group", "Org.", "Title", "Source", "Amount"]:
        assert name in header
    assert max(len(line) for line in text.split("\n")) <= 130


def test_the_note_is_danish_in_danish() -> None:
    """The note reads "Kolonner udeladt for at passe til bredden: Kilde" in Danish."""
    text = render_expiring(expiring(_load(WIDE), 2016), width=90)
    assert "\nKolonner udeladt for at passe til bredden: Kilde\n" in text


def test_last_resort_cuts_a_long_word_with_an_ellipsis() -> None:
    """A word wider than any column the width allows is cut with '…' once every column that
    may go has gone; the amount and the total row are printed whole."""
    ledgers = _load("""
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: indsatsmidler
    appropriations:
      - {id: I01, target_group: Aktivitetsparate, amount: 1019, expires: 2016,
         title: Sagsbehandlerressourceforstærkningsindsatsevalueringsrapporteringsgrundlag}
""")
    expected = """\
Bevillinger der udløber i 2016 (vedtaget)

Titel                             Beløb (1.000 kr.)  Udløb
------------------------------  -------------------  -------
Sagsbehandlerressourceforstær…                1.019  2016
------------------------------  -------------------  -------
I alt                                         1.019

Kolonner udeladt for at passe til bredden: Id, Målgruppe,
Kategori
"""
    assert expected == render_expiring(expiring(ledgers, 2016), width=60)


def test_timeline_leaves_out_categories_last_first() -> None:
    """timeline at 60 columns: the category columns go (the last first); year, total and what
    lapses stay, and the chart fits too."""
    ledgers = bevilling.load(ROOT / "ledger")
    result = timeline(ledgers, start=2015, end=2016, filter=Filter(phase="all"))
    expected = """\
Til rådighed og udløb pr. år, beløb (1.000 kr.) (vedtaget +
forslag)

År                    driftsmidler    I alt    Heraf udløber
------------------  --------------  -------  ---------------
2015                        32.248   44.321           44.321
2016                         6.700    9.719            9.719
udløb ikke fastsat             531      531
faldende profil              9.600    9.600

Kolonner udeladt for at passe til bredden: særindsatser,
indsatsmidler

Til rådighed pr. år (1.000 kr.)
2015  44.321  ----------------------------------------------
2016   9.719  ----------
# fortsætter   - udløber med året
"""
    assert expected == render_timeline(result, width=60, ascii=True)


def test_show_keeps_profile_lines_and_breaks_a_path_at_a_hyphen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """show at 60 columns: each profile year stays on its own line, and the file:line, too
    long for the value column, breaks after a hyphen rather than losing its line number."""
    monkeypatch.chdir(ROOT)
    entry = bevilling.load("ledger").find("VF-1")
    assert entry is not None
    text = render_show(entry, width=60)
    assert "Profil              2017: 600\n                    2018: 600\n" in text
    assert "…" not in text
    assert text.endswith(
        "Sted                ledger/biie-vision-2020-flere-i-\n"
        "                    fleksjob.yaml:34\n"
    )
    assert max(len(line) for line in text.split("\n")) <= 60


@pytest.mark.parametrize("fmt", ["markdown", "github", "html", "csv", "json"])
def test_only_the_table_format_fits_the_width(fmt: render.Format) -> None:
    """markdown, github, html, csv and json are for pasting elsewhere: width changes nothing."""
    result = expiring(_load(WIDE), 2016)
    assert render_expiring(result, fmt) == render_expiring(result, fmt, width=40)


@given(wordy_ledger_sets(), REPORT_WIDTHS, st.sampled_from(["da", "en"]))
def test_every_table_report_fits_any_width_from_60(
    ledgers: LedgerSet, width: int, locale: str
) -> None:
    """For any ledgers (long titles, words wider than any column) and any width >= 60, every
    line of every table report fits the width, and the total amount is printed whole."""
    from bevilling.i18n.formatting import format_amount

    chosen = Filter(phase="all")
    result = expiring(ledgers, until=2020, filter=chosen)
    texts = {
        "expiring": render_expiring(result, locale=locale, width=width),
        "expiring --include-open": render_expiring(
            result, locale=locale, width=width, include_open=True
        ),
        "timeline": render_timeline(timeline(ledgers, filter=chosen), locale=locale, width=width),
        "list": render_list(ledgers.entries(), locale=locale, width=width),
        **{
            f"totals --by {by}": render_totals(
                totals(ledgers, by, filter=chosen), locale=locale, width=width
            )
            for by in ("category", "target-group", "organisation", "source", "expiry", "ledger")
        },
        **{
            f"show {entry.appropriation.id}": render_show(entry, locale=locale, width=width)
            for entry in list(ledgers.entries())[:3]
        },
    }
    for name, text in texts.items():
        too_wide = [line for line in text.split("\n") if len(line) > width]
        assert [] == too_wide, name
    total = format_amount(result.total, locale, places=result.places)
    assert f"  {total}\n" in texts["expiring"]
