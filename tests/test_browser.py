"""The HTML page of `bevilling report` in a real browser: headless Chromium driven by selenium.

The browser is Debian's `chromium` with its `chromium-driver` (`.ci/run` installs them); no
browser or driver is ever downloaded (the driver's path is given, and Selenium Manager is
told to stay offline).  Without them the tests are skipped, saying what to install.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: A4's width less the page margins of the print style sheet (12 mm each side), in CSS px.
A4_PRINT_WIDTH = round((210 - 2 * 12) / 25.4 * 96)

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _missing() -> str:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    if BROWSER is None or DRIVER is None:
        return (
            "no browser: install Debian's chromium and chromium-driver"
            " (apt-get install chromium chromium-driver; .ci/run does)"
        )
    try:
        import jinja2  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError:
        return "the report extra is not installed (pip install -e '.[test]')"
    return ""


pytestmark = pytest.mark.skipif(bool(_missing()), reason=_missing() or "ok")


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page of the shipped ledgers for 2016, in Danish."""
    import bevilling
    from bevilling.reports import report_page
    from bevilling.reports.page_html import render_page

    result = report_page(
        bevilling.load(str(ROOT / "ledger")),
        2016,
        made_at=datetime(2026, 1, 5, 9, 30, tzinfo=timezone.utc),
        revision="0123456789abcdef",
    )
    path = tmp_path_factory.mktemp("page") / "rapport.html"
    path.write_text(render_page(result, locale="da"), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium as root needs no sandbox; a fresh profile, nothing fetched."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(BROWSER)
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
        "--window-size=1200,900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SE_OFFLINE", "true")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def opened(browser: Any, page_file: Path) -> Any:
    """The page, opened fresh on a screen of 1200 px."""
    browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    browser.get(page_file.as_uri())
    return browser


def test_no_console_errors_and_every_section(opened: Any) -> None:
    """The page loads without a console error, and every section is there with its heading."""
    from selenium.webdriver.common.by import By

    severe = [entry for entry in opened.get_log("browser") if entry["level"] == "SEVERE"]
    assert [] == severe
    headings = {
        section: opened.find_element(By.ID, f"{section}-heading").text
        for section in ("overview", "check", "expiring", "timeline", "totals", "provenance")
    }
    assert {
        "overview": "Overblik",
        "check": "Kontrol",
        "expiring": "Udløber i 2016",
        "timeline": "Til rådighed og udløb pr. år",
        "totals": "I alt",
        "provenance": "Hvor tallene kommer fra",
    } == headings
    assert 0 == opened.execute_script("return document.scripts.length")


def test_expiring_total_in_danish_format(opened: Any) -> None:
    """The page's text holds the 2016 expiring total as Danish writes it, in the table's
    total row."""
    from selenium.webdriver.common.by import By

    total_row = opened.find_element(By.CSS_SELECTOR, "#expiring-table tfoot tr").text
    assert "I alt 8.219" == total_row
    assert "8.219" in opened.find_element(By.TAG_NAME, "body").text


def test_timeline_bars_have_heights_in_proportion(opened: Any) -> None:
    """The chart has a column of every category for every year, available and lapsing, and
    the columns' heights are in the proportion of the figures (2015: 44.321, 2016: 8.219)."""
    bars = opened.execute_script(
        'return [...document.querySelectorAll(\'#timeline-chart g[id^="timeline-chart-available-"],'
        ' #timeline-chart g[id^="timeline-chart-lapsing-"]\')]'
        ".filter(g => !g.id.endsWith('-figure'))"
        ".map(g => [g.id, g.getBBox().height])"
    )
    heights = dict(bars)
    categories = ("driftsmidler", "indsatsmidler", "saerindsatser")
    expected = {
        f"timeline-chart-{kind}-{year}-{category}"
        for kind in ("available", "lapsing")
        for year in (2015, 2016)
        for category in categories
    }
    assert expected == set(heights)

    def column(kind: str, year: int) -> float:
        return sum(heights[f"timeline-chart-{kind}-{year}-{c}"] for c in categories)

    assert column("available", 2015) / column("available", 2016) == pytest.approx(
        44321 / 8219, rel=0.01
    )
    assert heights["timeline-chart-available-2015-driftsmidler"] / heights[
        "timeline-chart-available-2015-indsatsmidler"
    ] == pytest.approx(32248 / 9073, rel=0.01)
    assert column("lapsing", 2016) == pytest.approx(column("available", 2016), rel=0.01)
    labels = opened.execute_script(
        "return [...document.querySelectorAll('#timeline-chart text')].map(t => t.textContent)"
    )
    assert {"44.321", "8.219", "32.248", "40.000"} <= set(labels)


def _overflowing(browser: Any, width: int) -> list[str]:
    """What sticks out to the right of ``width`` CSS px: the page itself, a table, a chart or
    an excerpt; on screen a data table may instead scroll inside its own region (WCAG 1.4.10
    allows that for data tables), which must then be focusable to scroll by keyboard."""
    return list(
        browser.execute_script(
            "const w = arguments[0]; const out = [];"
            "if (document.documentElement.scrollWidth > w) out.push('page');"
            "for (const e of document.querySelectorAll('table, svg, pre')) {"
            "  const wrap = e.closest('.table-wrap');"
            "  const inside = wrap && getComputedStyle(wrap).overflowX === 'auto'"
            "    && wrap.tabIndex === 0 && wrap.getBoundingClientRect().right <= w + 0.5;"
            "  const right = e.getBoundingClientRect().right;"
            "  if (right > w + 0.5 && !inside) out.push(e.id || e.tagName);"
            "}"
            "return out;",
            width,
        )
    )


def test_print_layout_fits_a4_width(opened: Any) -> None:
    """In print media, at the width of an A4 page less its margins, nothing sticks out: no
    table is cut, the charts are scaled down; and Chromium prints it to A4 as a PDF."""
    import base64

    opened.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    opened.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_PRINT_WIDTH, "height": 1100, "deviceScaleFactor": 1, "mobile": False},
    )
    assert [] == _overflowing(opened, A4_PRINT_WIDTH)
    cut = opened.execute_script(
        "return [...document.querySelectorAll('table')]"
        ".filter(t => t.getBoundingClientRect().right > arguments[0] + 0.5).map(t => t.id)",
        A4_PRINT_WIDTH,
    )
    assert [] == cut
    widest_chart = opened.execute_script(
        "return Math.max(...[...document.querySelectorAll('svg.chart')]"
        ".map(s => s.getBoundingClientRect().width))"
    )
    assert widest_chart <= A4_PRINT_WIDTH
    pdf = opened.execute_cdp_cmd(
        "Page.printToPDF", {"paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True}
    )
    assert base64.b64decode(pdf["data"]).startswith(b"%PDF")


def test_readable_at_200_percent_zoom(opened: Any) -> None:
    """At 200 % zoom a 1280 px window is 640 CSS px wide: the page reflows, and only a wide
    data table scrolls sideways, inside its own keyboard-focusable region."""
    opened.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 640, "height": 900, "deviceScaleFactor": 2, "mobile": False},
    )
    assert [] == _overflowing(opened, 640)


LONG = "Ø" * 200
HOSTILE = f"""\
format: bevilling/1
title: "{LONG}"
document: "<script>alert(1)</script>"
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    stated_total: 1500
    appropriations:
      - {{id: "{LONG[:60]}", title: "{LONG}", target_group: "{LONG}", organisation: "{LONG}",
         source: "{LONG}", amount: 1500, expires: 2016}}
"""


def test_hostile_long_words_fit_the_paper_too(
    browser: Any, tmp_path: Path, write_ledger: Any
) -> None:
    """A ledger whose every text is one 200-character word (and a <script> document): no
    console error, no script ran, and in print nothing sticks out of A4's width."""
    import bevilling
    from bevilling.reports import render_page, report_page

    ledger = write_ledger(HOSTILE, "lang.yaml")
    result = report_page(bevilling.load(str(ledger)), 2016, made_at=datetime(2026, 1, 5))
    target = tmp_path / "lang.html"
    target.write_text(render_page(result), encoding="utf-8")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "screen"})
    browser.get(target.as_uri())
    assert [] == [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert 0 == browser.execute_script("return document.scripts.length")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": A4_PRINT_WIDTH, "height": 1100, "deviceScaleFactor": 1, "mobile": False},
    )
    try:
        assert [] == _overflowing(browser, A4_PRINT_WIDTH)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
