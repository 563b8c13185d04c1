"""Tests for bevilling.reports.page_html: the HTML page, its escaping, its languages."""

from __future__ import annotations

import re
import sys
import textwrap
from datetime import datetime, timezone
from decimal import Decimal
from html.parser import HTMLParser

import pytest

import bevilling
from bevilling.core.problems import MissingExtraError
from bevilling.reports import report_page
from bevilling.reports.page_html import HtmlTable, grid_section, render_page, sections
from bevilling.reports.table import Grid, Label
from tests.conftest import ROOT

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

MADE = datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc)

HOSTILE = textwrap.dedent("""\
    format: bevilling/1
    title: "<script>alert('title')</script>"
    document: "<img src=x onerror=alert(1)> & co"
    unit: 1000 DKK
    tables:
      - name: "</table><script>alert('table')</script>"
        category: driftsmidler
        stated_total: 1500
        appropriations:
          - id: "<b>X1</b>"
            title: "<script>alert('x')</script>"
            target_group: "<svg onload=alert(1)>$\\\\frac{1}{2}$ \\x1b[2J"
            organisation: "=HYPERLINK(\\"http://evil\\")"
            source: "</text><script>alert(2)</script>"
            amount: 1000
            expires: 2016
          - id: X2
            title: Mikrolån
            target_group: "<img src=x onerror=alert(3)>"
            amount: 500
            expires: open
    """)


class _Tags(HTMLParser):
    """Every start tag of a document, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parsed(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def _page(text: str = HOSTILE, year: int = 2016, locale: str = "da") -> str:
    ledgers = bevilling.load_string(text, "hostile.yaml")
    return render_page(report_page(ledgers, year, made_at=MADE, revision="abc"), locale=locale)


def test_hostile_ledger_text_is_text_everywhere() -> None:
    """Titles, ids, target groups (also on the chart's SVG labels), sources and documents
    with <script>, <img onerror>, <svg onload> and an SVG </text> show as text: the page has
    no script, no event handler, no element a ledger put there."""
    html = _page()
    tags = _parsed(html).tags
    assert "script" not in tags
    assert "img" not in tags
    assert "b" not in tags
    assert [] == [name for name in _parsed(html).attributes if name.startswith("on")]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "&lt;svg onload=alert(1)&gt;" in html
    text = "".join(_parsed(html).text)
    assert "<script>alert('title')</script>" in text
    assert "<img src=x onerror=alert(3)>" in text, "the SVG label is the text as written"
    assert "\x1b" not in html
    assert "\\x1b[2J" in text, "control characters are visible escapes"
    assert "$\\frac{1}{2}$" in text, "a $ is a dollar sign, not matplotlib's math"


def test_every_svg_label_is_escaped() -> None:
    """The target-group chart's labels come from the ledger: matplotlib escapes them."""
    html = _page()
    start = html.index('id="by-target-group-chart"')
    chart = html[start : html.index("</svg>", start)]
    assert "<img" not in chart
    assert "&lt;img src=x onerror=alert(3)&gt;" in chart


def test_danish_page() -> None:
    """Danish by default: headings, the total row and the figures in Danish notation, the
    chart's axis too (40.000), lang="da"."""
    html = _shipped()
    text = "".join(_parsed(html).text)
    assert '<html lang="da">' in html
    for heading in ("Overblik", "Kontrol", "Udløber i 2016", "Hvor tallene kommer fra"):
        assert heading in text
    assert "8.219" in text
    assert "40.000" in text, "the y axis of the timeline chart"
    assert "Beløb (1.000 kr.)" in text


def test_english_page() -> None:
    """--locale en: English words and English notation, in tables and on the charts."""
    html = _shipped("en")
    text = "".join(_parsed(html).text)
    assert '<html lang="en">' in html
    for heading in ("At a glance", "Check", "Expiring in 2016", "Where the figures come from"):
        assert heading in text
    assert "8,219" in text
    assert "40,000" in text
    assert "8.219" not in text


def _shipped(locale: str = "da") -> str:
    """The page of the shipped ledgers for 2016."""
    result = report_page(bevilling.load(str(ROOT / "ledger")), 2016, made_at=MADE, revision="abc")
    return render_page(result, locale=locale)


def test_self_contained_and_deterministic() -> None:
    """No script, no external reference (no http(s) URL in any src or href, no @import),
    and the same ledgers give the same bytes."""
    first = _shipped()
    assert first == _shipped()
    assert re.search(r'(src|href)="(?!#)', first) is None
    assert "@import" not in first
    assert "<script" not in first


def test_findings_errors_first_with_excerpt_hint_and_reason() -> None:
    """Errors come before warnings and accepted findings; each finding has its code,
    file:line, excerpt, and its hint or its accepted reason."""
    text = textwrap.dedent("""\
        format: bevilling/1
        title: T
        document: Budgetaftale 2015
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 100
            appropriations:
              - {id: A1, title: X, amount: 90, expires: 2016}
          - name: Tabel 2
            category: driftsmidler
            appropriations:
              - {id: A2, title: Y, amount: 0, expires: 2016}
        """)
    html = render_page(report_page(bevilling.load_string(text, "t.yaml"), 2016, made_at=MADE))
    severities = re.findall(r'<tr class="finding (\w+)">', html)
    assert severities == sorted(severities, key=["error", "warning", "accepted"].index)
    assert "error" == severities[0]
    assert '<code class="location">t.yaml:8</code>' in html
    assert "   8 |     stated_total: 100" in html or "8 |     stated_total: 100" in html
    assert 'class="hint"' in html
    assert "Tallene er udeladt" in html, "errors: the figures are withheld"
    assert 'id="expiring"' not in html


def test_allow_errors_shows_figures_with_a_warning() -> None:
    """With allow_errors the figures are there, under a warning."""
    text = HOSTILE.replace("stated_total: 1500", "stated_total: 1400")
    ledgers = bevilling.load_string(text, "t.yaml")
    html = render_page(report_page(ledgers, 2016, made_at=MADE, allow_errors=True))
    assert 'id="expiring"' in html
    assert "Lavet med --allow-errors" in html


def test_total_row_label_spans_the_empty_columns() -> None:
    """The total row's label spans the text columns, so that "I alt" is never squeezed."""
    table = HtmlTable(
        id="t", caption="c", headers=("Id", "Titel", "Beløb"), numeric=(False, False, True),
        rows=(("A", "B", "1"),), total=("I alt", "", "1"),
    )  # fmt: skip
    assert 2 == table.total_span


def test_a_new_section_from_any_report_grid() -> None:
    """grid_section turns any report's grid into a section (how follow-up or price levels
    join the page); render_page puts extra sections before the provenance."""
    grid = Grid(
        title=(("Opfølgning ", True), ("<b>x</b>", False)),
        headers=("Id", "Rest"),
        numeric=(False, True),
        wrap=(False, False),
        rows=((Label("A1"), None),),
        places=0,
    )
    section = grid_section("followup", "Opfølgning", grid, "da")
    result = report_page(bevilling.load(str(ROOT / "ledger")), 2016, made_at=MADE)
    html = render_page(result, extra=[section])
    assert html.index('id="followup"') < html.index('id="provenance"')
    assert "Opfølgning &lt;b&gt;x&lt;/b&gt;" in html
    assert ["overview", "check", "expiring", "timeline", "totals", "provenance"] == [
        s.id for s in sections(result, "da")
    ]


def test_provenance_names_files_titles_documents_revision_and_time() -> None:
    """The provenance lists every ledger file with its title and source document, the git
    revision and the time made."""
    html = _shipped()
    section = html[html.index('id="provenance"') :]
    assert "ledger/udsatte-2015.yaml" in section or "udsatte-2015.yaml" in section
    assert "Bevillinger fra politiske aftaler til udsatte borgere 2015" in section
    assert "2017 p/l" in section
    assert "abc" in section
    assert "2026-01-05 09:30 UTC" in section


def test_missing_extra_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without jinja2 the renderer says which extra to install."""
    monkeypatch.setitem(sys.modules, "jinja2", None)
    result = report_page(bevilling.load(str(ROOT / "ledger")), 2016, made_at=MADE)
    with pytest.raises(MissingExtraError, match=r"bevilling\[report\]"):
        render_page(result)


def test_overview_names_the_price_level() -> None:
    """The overview says the price level of the figures; mixed levels leave the figures out
    with the reason, or (allowed) are named in a warning; converted figures say their level
    in every amount header and on the charts' axes."""
    from bevilling.reports import Filter

    ledgers = bevilling.load(str(ROOT / "ledger"))
    plain = render_page(report_page(ledgers, 2016, made_at=MADE))
    assert "ikke angivet i bevillingsfilerne" in plain
    everything = Filter(phase="all")
    refused = render_page(report_page(ledgers, 2016, filter=everything, made_at=MADE))
    assert "Tallene er udeladt:" in refused
    assert 'id="expiring"' not in refused
    allowed = render_page(
        report_page(ledgers, 2016, filter=everything, made_at=MADE, allow_mixed_price_levels=True)
    )
    assert 'id="expiring"' in allowed
    with_index = bevilling.load(
        [str(ROOT / "ledger"), str(ROOT / "examples" / "prisindeks-opdigtet.yaml")]
    )
    converted = render_page(
        report_page(with_index, 2016, filter=Filter(phase="proposed"), price_level=2017)
    )
    assert "Beløb (1.000 kr., 2017 p/l)" in converted
    assert 3 == converted.count("Beløb (1.000 kr., 2017 p/l)</text>"), "every chart's axis"


def test_very_long_words_get_break_opportunities() -> None:
    """A word of more than 40 characters gets a <wbr> every 10 (copied text stays as written),
    so that a table holding it fits the paper; its parts are still escaped, and file names in
    the findings are left whole (they break on paper by CSS)."""
    word = "Ø" * 38 + "<&>"
    html = _page(HOSTILE.replace("title: Mikrolån", f'title: "{word}"'))
    assert "ØØØØØØØØØØ<wbr>ØØØØØØØØØØ<wbr>ØØØØØØØØØØ<wbr>ØØØØØØØØ&lt;&amp;<wbr>&gt;" in html
    shipped = _shipped()
    assert re.search(
        r'<code class="location">[^<]*/ledger/biie-vision-2020-flere-i-fleksjob\.yaml:24</code>',
        shipped,
    )


def test_ids_are_unique_and_every_reference_resolves() -> None:
    """Three charts on one page share no id (matplotlib's figure_1, axes_1, ... are made the
    chart's own), and every url(#...) and href="#..." names an id of the page."""
    html = _shipped()
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    references = re.findall(r'(?:url\(#|href="#)([^")]+)', html)
    assert references
    assert [] == [name for name in references if name not in set(ids)]


def test_provenance_says_when_the_ledgers_are_not_committed() -> None:
    """A revision with uncommitted changes says so; outside git the page says that."""
    ledgers = bevilling.load(str(ROOT / "ledger"))
    dirty = render_page(report_page(ledgers, 2016, revision="abc123", uncommitted=True))
    assert "abc123, med ændringer i bevillingsfilerne, der endnu ikke er committet" in dirty
    assert "ikke i git" in render_page(report_page(ledgers, 2016))


def test_followup_section_when_spending_is_recorded() -> None:
    """With changes and spending beside the ledgers (the invented example), the page has the
    follow-up of the year: granted, changes, spent, remaining and lapses, with totals."""
    ledgers = bevilling.load([str(ROOT / "ledger"), str(ROOT / "examples" / "followup")])
    html = render_page(report_page(ledgers, 2016, made_at=MADE))
    section = html[html.index('<section id="followup"') : html.index('<section id="provenance"')]
    assert "Opfølgning 2016" in section
    for heading in ("Bevilget", "Ændringer", "Forbrug", "Rest", "Bortfalder"):
        assert f">{heading}</th>" in section
    assert ">4.940<" in section, "the total remaining, as bevilling followup prints it"
    assert 'id="followup"' not in _shipped(), "no spending recorded: no follow-up section"


def test_the_open_table_totals_its_own_unspent_column() -> None:
    """With spending recorded, the table of appropriations without a fixed expiry showed the
    expiring rows' unspent total (4.669) under its own rows of -229 and -4.000 (lifetime
    "unspent" of a yearly amount, which read as overspending): that table has no unspent
    column now, and its total is its own rows' amount."""
    ledgers = bevilling.load([str(ROOT / "ledger"), str(ROOT / "examples" / "followup")])
    result = bevilling.expiring(ledgers, 2016)
    html = render_page(report_page(ledgers, 2016, made_at=MADE))
    table = html[html.index('id="open-table"') :]
    table = table[: table.index("</table>")]
    footer = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", table[table.rindex("I alt") :]))
    assert (Decimal("4669"), None) == (result.unspent_total, result.open_unspent_total)
    assert [None, None] == [r.unspent for r in result.open_rows]
    assert "I alt 10.131" == footer.strip()
    assert "Uforbrugt" not in table
