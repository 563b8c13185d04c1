"""Tests for bevilling.reports.page: the query behind `bevilling report`."""

from __future__ import annotations

from datetime import datetime, timezone

import bevilling
from bevilling.core.model import Category, Phase
from bevilling.reports import Filter, report_page
from tests.conftest import ROOT

MADE = datetime(2026, 1, 5, tzinfo=timezone.utc)


def test_figures_and_provenance_of_the_shipped_ledgers() -> None:
    """The page's figures are the reports' (8.219 expiring in 2016), the audit covers every
    ledger, and the provenance lists each ledger with its document and price level."""
    result = report_page(bevilling.load(str(ROOT / "ledger")), 2016, made_at=MADE, revision="abc")
    assert result.expiring is not None
    assert result.timeline is not None
    assert "8219" == str(result.expiring.total)
    assert (0, 3, 1) == (result.audit.errors, result.audit.warnings, result.audit.accepted)
    assert not result.figures_withheld
    info = {ledger.file.rsplit("/", 1)[-1]: ledger for ledger in result.provenance.ledgers}
    assert 2017 == info["biie-vision-2020-flere-i-fleksjob.yaml"].price_level
    assert Phase.PROPOSED == info["biie-vision-2020-flere-i-fleksjob.yaml"].phase
    assert ("abc", MADE) == (result.provenance.revision, result.provenance.made_at)


def test_filter_narrows_the_figures_not_the_audit() -> None:
    """--category narrows the figures; the audit still covers every ledger."""
    chosen = Filter(category=Category.INDSATSMIDLER)
    result = report_page(bevilling.load(str(ROOT / "ledger")), 2016, filter=chosen, made_at=MADE)
    assert result.by_category is not None
    assert ["indsatsmidler"] == [g.key for g in result.by_category.groups]
    assert 26 == result.audit.appropriations


def test_errors_withhold_the_figures_unless_allowed() -> None:
    """Unaccepted errors: the audit is there, the figures are not (they would be wrong);
    allow_errors computes them and says so; a file that did not load is in the provenance."""
    text = (
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T, category: driftsmidler, stated_total: 5, appropriations: [\n"
        "      {title: X, amount: 4, expires: 2016}]}\n"
    )
    ledgers = bevilling.load_string(text, "t.yaml")
    withheld = report_page(ledgers, 2016, made_at=MADE)
    assert withheld.figures_withheld
    assert withheld.expiring is None
    assert 1 == withheld.audit.errors
    allowed = report_page(ledgers, 2016, made_at=MADE, allow_errors=True)
    assert allowed.allow_errors
    assert allowed.expiring is not None
    broken = bevilling.load_string("format: bevilling/1\ntitle: X\n", "bad.yaml")
    assert ("bad.yaml",) == report_page(broken, 2016).provenance.unloaded


def test_price_levels_of_the_figures() -> None:
    """The page records the price levels of the ledgers its figures cover: the approved
    ledger states none; with the proposals (2016 and 2017 p/l) the figures are left out and
    the page says why, unless mixed levels are allowed or one level is asked for."""
    ledgers = bevilling.load(str(ROOT / "ledger"))
    plain = report_page(ledgers, 2016)
    assert (None,) == plain.price_levels
    assert plain.prices is not None
    assert plain.price_refusal is None
    everything = Filter(phase="all")
    refused = report_page(ledgers, 2016, filter=everything)
    assert refused.expiring is None
    assert "2017 p/l" in (refused.price_refusal or "")
    allowed = report_page(ledgers, 2016, filter=everything, allow_mixed_price_levels=True)
    assert allowed.prices is not None
    assert allowed.prices.mixed, "the totals add 2016 and 2017 p/l"
    index = bevilling.load(
        [str(ROOT / "ledger"), str(ROOT / "examples" / "prisindeks-opdigtet.yaml")]
    )
    converted = report_page(index, 2016, filter=Filter(phase="proposed"), price_level=2017)
    assert converted.prices is not None
    assert 2017 == converted.prices.target
