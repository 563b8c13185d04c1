"""Tests for bevilling.reports.charts: matplotlib's SVG, Danish or English on the axes."""

from __future__ import annotations

import re
import sys

import pytest

import bevilling
from bevilling.core.problems import MissingExtraError
from bevilling.reports import timeline, totals
from bevilling.reports.charts import MAX_BARS, timeline_chart, totals_chart
from tests.conftest import ROOT

pytest.importorskip("matplotlib")


def _ledgers() -> bevilling.LedgerSet:
    return bevilling.load(str(ROOT / "ledger"))


def test_timeline_chart_bars_ids_and_danish_axis() -> None:
    """One <g> per year, category and column (available, lapsing), ids from bevilling's own
    words; the figures and the axis in Danish notation; a <title> and a text alternative."""
    chart = timeline_chart(timeline(_ledgers()), "da")
    ids = re.findall(r'<g id="(timeline-chart-(?:available|lapsing)-\d{4}-[a-z]+)">', chart.svg)
    assert 12 == len(ids)
    assert "timeline-chart-available-2015-saerindsatser" in ids
    assert chart.svg.startswith("<svg ")
    assert 'role="img"' in chart.svg
    assert '<title id="timeline-chart-title">' in chart.svg
    texts = re.findall(r">([^<>]+)</text>", chart.svg)
    assert {"44.321", "8.219", "32.248", "40.000"} <= set(texts)
    assert "44.321" in chart.description
    assert "<?xml" not in chart.svg
    assert "<script" not in chart.svg


def test_english_axis() -> None:
    """In English the axis says 40,000."""
    chart = timeline_chart(timeline(_ledgers()), "en")
    assert "40,000" in re.findall(r">([^<>]+)</text>", chart.svg)


def test_deterministic() -> None:
    """The same result gives the same SVG (no date, fixed ids)."""
    result = timeline(_ledgers())
    assert timeline_chart(result, "da").svg == timeline_chart(result, "da").svg


def test_totals_chart_labels_are_text_not_math_and_cut() -> None:
    """A $ in a group's name is a dollar sign (matplotlib's math parser is off), a long name is
    cut with …, and at most MAX_BARS bars are drawn."""
    names = [f"${n}$ " + "x" * 60 for n in range(MAX_BARS + 5)]
    rows = "\n".join(
        f"      - {{title: T{n}, target_group: '{name}', amount: 1, expires: 2016}}"
        for n, name in enumerate(names)
    )
    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - name: Tabel 1\n    category: driftsmidler\n    appropriations:\n" + rows + "\n"
    )
    result = totals(bevilling.load_string(text, "t.yaml"), "target-group")
    chart = totals_chart(result, names, "da", "tg", "Titel")
    assert MAX_BARS == len(re.findall(r'<g id="tg-bar-\d+">', chart.svg))
    assert "$0$ xxxxxx" in chart.svg
    assert "…" in chart.svg
    assert f"de første {MAX_BARS} af {MAX_BARS + 5}" in chart.description


def test_missing_matplotlib_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib the chart says which extra to install."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    with pytest.raises(MissingExtraError, match=r"pip install 'bevilling\[report\]'"):
        timeline_chart(timeline(_ledgers()), "da")
