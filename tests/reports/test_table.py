"""Tests for bevilling.reports.table: the grid and fitting the table format to a width."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import LedgerSet
from bevilling.reports import (
    Filter,
    expiring,
    render_expiring,
    render_list,
    render_show,
    render_timeline,
    render_totals,
    timeline,
    totals,
)
from tests.conftest import ROOT
from tests.reports.helpers import WIDE, load_ok
from tests.strategies import REPORT_WIDTHS, wordy_ledger_sets

WIDE_94 = """\
Appropriations expiring in 2016 (approved)

Id     Category       Target group      Org.    Title                        Amount  Expires
                                                                     (DKK thousand)
-----  -------------  ----------------  ------  -----------------  ----------------  ---------
I01    indsatsmidler  Aktivitetsparate  KEH     Næste stop er job             1,019  2016
                                                - fokus på
                                                socialøkonomiske
                                                virksomheder
I02    indsatsmidler  Flere             CAB     Lokal Forankring              2,000  2016
                                                på Vesterbro og
                                                Kgs. Enghave
-----  -------------  ----------------  ------  -----------------  ----------------  ---------
Total                                                                         3,019

Columns left out to fit the width: Source
"""


WIDE_60 = """\
Appropriations expiring in 2016 (approved)

Category       Title                       Amount  Expires
                                   (DKK thousand)
-------------  ----------------  ----------------  ---------
indsatsmidler  Næste stop er                1,019  2016
               job - fokus på
               socialøkonomiske
               virksomheder
indsatsmidler  Lokal Forankring             2,000  2016
               på Vesterbro og
               Kgs. Enghave
-------------  ----------------  ----------------  ---------
Total                                       3,019

Columns left out to fit the width: Source, Org., Id,
Target group
"""


@pytest.mark.parametrize(("width", "expected"), [(94, WIDE_94), (60, WIDE_60)])
def test_expiring_leaves_out_columns_in_order_to_fit(width: int, expected: str) -> None:
    """When wrapping is not enough, Source goes first, then Org., Id and Target group; the
    note names them in that order, "Total" moves to the first column left, and the title and
    amounts stay.  (The note wraps between names, never inside "Target group".)"""
    text = render_expiring(expiring(load_ok(WIDE), 2016), locale="en", width=width)
    assert expected == text
    assert width == max(len(line) for line in text.split("\n"))


def test_wrapping_alone_leaves_every_column() -> None:
    """A width the table fits by wrapping text between words keeps every column, no note."""
    text = render_expiring(expiring(load_ok(WIDE), 2016), locale="en", width=130)
    assert "Columns left out" not in text
    header = " ".join(text.split("\n")[2:4])
    for name in ["Id", "Category", "Target group", "Org.", "Title", "Source", "Amount"]:
        assert name in header
    assert max(len(line) for line in text.split("\n")) <= 130


def test_the_note_is_danish_in_danish() -> None:
    """The note reads "Kolonner udeladt for at passe til bredden: Kilde" in Danish."""
    text = render_expiring(expiring(load_ok(WIDE), 2016), width=90)
    assert "\nKolonner udeladt for at passe til bredden: Kilde\n" in text


def test_last_resort_cuts_a_long_word_with_an_ellipsis() -> None:
    """A word wider than any column the width allows is cut with '…' once every column that
    may go has gone; the amount and the total row are printed whole."""
    ledgers = load_ok("""
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


@given(wordy_ledger_sets(), REPORT_WIDTHS, st.sampled_from(["da", "en"]))
def test_every_table_report_fits_any_width_from_60(
    ledgers: LedgerSet, width: int, locale: str
) -> None:
    """For any ledgers (long titles, words wider than any column) and any width >= 60, every
    line of every table report fits the width, and the total amount is printed whole."""
    from bevilling.i18n.formatting import format_amount

    chosen = Filter(phase="all")
    result = expiring(ledgers, until=2020, filter=chosen, allow_errors=True)
    texts = {
        "expiring": render_expiring(result, locale=locale, width=width),
        "expiring --include-open": render_expiring(
            result, locale=locale, width=width, include_open=True
        ),
        "timeline": render_timeline(
            timeline(ledgers, filter=chosen, allow_errors=True), locale=locale, width=width
        ),
        "list": render_list(ledgers.entries(), locale=locale, width=width),
        **{
            f"totals --by {by}": render_totals(
                totals(ledgers, by, filter=chosen, allow_errors=True), locale=locale, width=width
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


# --- simple_table: tabulate's "simple" format without tabulate --------------------------------

# Text as the table format's cells hold it (line breaks, spaces, no-break spaces, Danish
# letters, words tabulate would type: "True", "12"), and characters that only tabulate's own
# splitting tells apart (CR, VT, NEL, U+2028), so that both split alike.
_CELL_TEXT = st.one_of(
    st.text(alphabet="ab æø\n\xa0-1.,:\r\x0b\x85\u2028", max_size=12),
    st.sampled_from(["", " ", "True", "False", "12", "1.5", "I alt", "Beløb\n(1.000 kr.)"]),
)


@st.composite
def _tables(
    draw: st.DrawFn,
) -> tuple[list[str], list[list[str]], list[str] | None, list[bool]]:
    columns = draw(st.integers(1, 5))
    row = st.lists(_CELL_TEXT, min_size=columns, max_size=columns)
    headers = draw(row)
    rows = draw(st.lists(row, max_size=4))
    total = draw(st.none() | row)
    right = draw(st.lists(st.booleans(), min_size=columns, max_size=columns))
    return headers, rows, total, right


@given(_tables())
def test_simple_table_writes_what_tabulate_writes(
    table: tuple[list[str], list[list[str]], list[str] | None, list[bool]],
) -> None:
    """The `table` format's grid is byte for byte tabulate's "simple" format (with a separating
    line before the total row), which it replaces to keep tabulate off the start-up path."""
    import tabulate as tabulate_module

    from bevilling.reports.table import simple_table

    headers, rows, total, right = table
    data: list[object] = [*rows]
    if total is not None:
        data += [tabulate_module.SEPARATING_LINE, total]
    wide_chars = tabulate_module.WIDE_CHARS_MODE
    tabulate_module.WIDE_CHARS_MODE = False  # widths in characters, as bevilling counts them
    try:
        expected = tabulate_module.tabulate(
            data,
            headers=headers,
            tablefmt="simple",
            colalign=tuple("right" if r else "left" for r in right),
            disable_numparse=True,
        )
    finally:
        tabulate_module.WIDE_CHARS_MODE = wide_chars
    assert expected == simple_table(headers, rows, total, right=right)


def test_simple_table_of_a_multiline_header_and_total() -> None:
    """A header split over two lines, a wrapped cell and the total under a rule."""
    from bevilling.reports.table import simple_table

    text = simple_table(
        ["Titel", "Beløb\n(1.000 kr.)"],
        [["Mikrolån\nkort", "1.200"], ["Job", "19"]],
        ["I alt", "1.219"],
        right=[False, True],
    )
    expected = (
        "Titel             Beløb\n"
        "            (1.000 kr.)\n"
        "--------  -------------\n"
        "Mikrolån          1.200\n"
        "kort\n"
        "Job                  19\n"
        "--------  -------------\n"
        "I alt             1.219"
    )
    assert expected == text
