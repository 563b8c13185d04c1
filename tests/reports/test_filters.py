"""Tests for bevilling.reports.filters: filters, the report unit and precision."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.model import Category, LedgerSet, Unit
from bevilling.core.money import D
from bevilling.i18n.catalogs import use_locale
from bevilling.reports import (
    Filter,
    UnknownFilterValueError,
    expiring,
    followup,
    parse_category,
    report_page,
    report_unit,
    timeline,
    totals,
)
from bevilling.reports.filters import PhaseChoice, text_key, unit_argument, year_argument
from tests.reports.helpers import MIXED_A, MIXED_B, SHIPPED, load_ok
from tests.strategies import ledger_sets


def _mixed() -> LedgerSet:
    a = load_ok(MIXED_A)
    b = load_ok(MIXED_B)
    return LedgerSet(ledgers=a.ledgers + b.ledgers)


def test_mixed_units_are_converted_exactly_to_the_smallest() -> None:
    """1000 DKK and mio DKK report in 1000 DKK: 18,3 mio. is 18.300 t.kr., exactly, whole."""
    result = expiring(_mixed(), 2016)
    assert Unit.THOUSAND_DKK == result.unit
    assert 0 == result.places
    assert [D(1200), D(18300)] == [r.amount for r in result.rows]
    assert "19500" == str(result.total)


def test_a_larger_unit_keeps_the_precision_needed() -> None:
    """Asked for mio. kr., 1.200 t.kr. is 1,200 mio.: three decimals, nothing rounded."""
    result = expiring(_mixed(), 2016, unit=Unit.MILLION_DKK)
    assert 3 == result.places
    assert "19.500" == str(result.total)


def test_one_decimal_ledger_keeps_its_decimal() -> None:
    """A mio. kr. ledger with one decimal reports in mio. kr. with one decimal."""
    result = totals(load_ok(MIXED_B))
    assert (Unit.MILLION_DKK, 1) == (result.unit, result.places)
    assert "20.2" == str(result.total)


def test_filters_match_case_insensitively_and_exactly() -> None:
    """target_group 'AKTIVITETSPARATE' finds both spellings; 'aktiv' matches nothing, and as
    no row has it, it is refused with the one value it begins (not an empty answer)."""
    ledgers = _mixed()
    matched = Filter(target_group="AKTIVITETSPARATE").apply(ledgers)
    assert ["T2", "M1"] == [e.appropriation.id for e in matched]
    with pytest.raises(UnknownFilterValueError) as refused:
        Filter(target_group="aktiv").apply(ledgers)
    assert (
        "ingen bevilling i bevillingsfilerne har målgruppen 'aktiv' (uanset år og fase); mente"
        " du `Aktivitetsparate`?"
    ) == str(refused.value)
    assert ["M1", "M2"] == [
        e.appropriation.id for e in Filter(category=Category.INDSATSMIDLER).apply(ledgers)
    ]


def test_filters_on_the_shipped_ledgers() -> None:
    """Organisation "jki" matches JKI exactly (not D11's "JKI, JKA og 2. kontor"); source
    "budgetaftale 2015" leaves D11 and D13 of the 2016 list."""
    by_org = expiring(SHIPPED, until=2016, filter=Filter(organisation="jki"))
    assert ["D02", "D03", "D04", "D05", "I04"] == [r.appropriation.id for r in by_org.rows]
    by_source = expiring(SHIPPED, 2016, filter=Filter(source="budgetaftale 2015"))
    assert ["D11", "D13"] == [r.appropriation.id for r in by_source.rows]


def test_filter_refuses_an_unknown_phase() -> None:
    """Filter(phase='vedtaget') is an error, not an empty report."""
    with pytest.raises(ValueError, match="ukendt fase 'vedtaget': brug en af approved"):
        Filter(phase="vedtaget")  # type: ignore[arg-type]
    with use_locale("en"), pytest.raises(ValueError, match="unknown phase 'vedtaget'"):
        Filter(phase="vedtaget")  # type: ignore[arg-type]


def test_parse_category_suggests_the_nearest() -> None:
    """Category names are read case-insensitively; a near miss gets a did-you-mean."""
    assert Category.SAERINDSATSER == parse_category(" Særindsatser ")
    with pytest.raises(
        ValueError, match="ukendt kategori 'indsatsmiddel': mente du 'indsatsmidler'"
    ):
        parse_category("indsatsmiddel")
    with use_locale("en"), pytest.raises(ValueError, match="did you mean 'indsatsmidler'"):
        parse_category("indsatsmiddel")


def test_filter_reads_a_category_name_and_refuses_a_misspelling() -> None:
    """A script's Filter(category="driftsmiddel") answered 0 without a word (attack 7 #30):
    a category given by name is read as parse_category reads it, a misspelling raises."""
    assert Category.DRIFTSMIDLER == Filter(category=" Driftsmidler").category  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="ukendt kategori 'driftsmiddel': mente du 'driftsmidler'"):
        Filter(category="driftsmiddel")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="a filter's category takes a Category, not 1"):
        Filter(category=1)  # type: ignore[arg-type]
    named = expiring(SHIPPED, 2016, filter=Filter(category="driftsmidler"))  # type: ignore[arg-type]
    typed = expiring(SHIPPED, 2016, filter=Filter(category=Category.DRIFTSMIDLER))
    assert typed == named


def test_filter_refuses_text_criteria_that_are_not_text() -> None:
    """Filter(target_group=5) is a TypeError that says so, not an AttributeError."""
    with pytest.raises(TypeError, match="a filter's text takes a str, not 5 "):
        Filter(target_group=5)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", ["2016", True, 2016.0, D("2016"), None, b"2016"])
def test_year_argument_refuses_what_is_not_an_int(year: object) -> None:
    """A year read from sys.argv or a CSV cell is text: expiring(ledgers, "2016") answered 0
    (attack 7 #30).  Only an int is a year; a bool or float is refused too."""
    with pytest.raises(TypeError, match="year takes a year as an int"):
        year_argument(year)


def test_year_argument_refuses_a_year_no_ledger_can_name() -> None:
    """16 for 2016 would match nothing: a ValueError naming the range, in both languages."""
    assert (1900, 2200) == (year_argument(1900), year_argument(2200))
    with pytest.raises(ValueError, match="year 16 er ikke et år fra 1900 til 2200"):
        year_argument(16)
    with use_locale("en"), pytest.raises(ValueError, match="until 2201 is not a year from 1900"):
        year_argument(2201, "until")


def test_unit_argument_reads_a_unit_by_its_text() -> None:
    """unit="mio DKK" is read as Unit.MILLION_DKK; other text is a ValueError listing the
    units (it was an AttributeError from deep inside)."""
    assert (None, Unit.MILLION_DKK, Unit.DKK) == (
        unit_argument(None),
        unit_argument("mio DKK"),
        unit_argument(Unit.DKK),
    )
    with pytest.raises(ValueError, match=r"ukendt enhed 'mio\. kr\.': brug en af 'DKK'"):
        unit_argument("mio. kr.")
    with pytest.raises(TypeError, match="unit takes a Unit or its text, not 1000"):
        unit_argument(1000)


def test_every_query_refuses_a_year_given_as_text() -> None:
    """Each public query checks its year arguments as the user passed them."""
    calls = [
        lambda: expiring(SHIPPED, "2016"),  # type: ignore[arg-type]
        lambda: expiring(SHIPPED, until="2016"),  # type: ignore[arg-type]
        lambda: expiring(SHIPPED, 2016, price_level="2017"),  # type: ignore[arg-type]
        lambda: followup(SHIPPED, "2016"),  # type: ignore[arg-type]
        lambda: timeline(SHIPPED, ["2016"]),  # type: ignore[list-item]
        lambda: timeline(SHIPPED, start="2015"),  # type: ignore[arg-type]
        lambda: timeline(SHIPPED, end=True),
        lambda: totals(SHIPPED, price_level=True),
        lambda: report_page(SHIPPED, "2016"),  # type: ignore[arg-type]
    ]
    for call in calls:
        with pytest.raises(TypeError, match="takes a year as an int"):
            call()
    assert D("8219") == expiring(SHIPPED, 2016, unit="1000 DKK").total  # type: ignore[arg-type]


def test_report_unit_without_entries_is_thousands() -> None:
    """An empty report is in 1.000 kr., the budget papers' usual unit."""
    assert Unit.THOUSAND_DKK == report_unit([])


@given(
    ledger_sets(),
    st.sampled_from(["approved", "proposed", "all"]),
    st.none() | st.sampled_from(list(Category)),
    st.none() | st.sampled_from(["jki", "Flere"]),
)
def test_apply_keeps_exactly_the_entries_that_match(
    ledgers: LedgerSet, phase: PhaseChoice, category: Category | None, organisation: str | None
) -> None:
    """apply (with its shortcut for a filter on the phase alone) keeps, in file order, exactly
    the entries matches() accepts; an organisation no row has is refused instead."""
    chosen = Filter(phase=phase, category=category, organisation=organisation)
    expected = [e for e in ledgers.entries() if chosen.matches(e)]
    from bevilling.reports.filters import text_key

    known = {
        text_key(e.appropriation.organisation)
        for e in ledgers.entries()
        if e.appropriation.organisation is not None
    }
    absent = organisation is not None and text_key(organisation) not in known
    if absent and any(True for _entry in ledgers.entries()):  # a value no row has: refused
        with pytest.raises(UnknownFilterValueError):
            chosen.apply(ledgers)
        return
    assert expected == chosen.apply(ledgers)


def test_a_value_no_appropriation_has_is_refused_with_a_did_you_mean() -> None:
    """Attack 7 #4, in the library: a target group, organisation or source that no
    appropriation has in any year or phase (a typo) raised nothing and every query answered
    0.  Every query raises UnknownFilterValueError naming the value and the nearest one the
    ledgers have (in the current locale); values that exist but not together, or not in the
    phase asked, still answer 0."""
    from bevilling.reports import followup, select, timeline

    cases = [
        (
            Filter(target_group="Aktivitetsparat"),
            "målgruppen 'Aktivitetsparat'",
            "Aktivitetsparate",
        ),
        (Filter(organisation="JKl"), "organisationen 'JKl'", "JKI"),
        (Filter(source="Budgetaftale 2051"), "kilden 'Budgetaftale 2051'", "Budgetaftale 2015"),
    ]
    for chosen, named, meant in cases:
        for query in (
            lambda f: expiring(SHIPPED, 2016, filter=f),
            lambda f: totals(SHIPPED, filter=f),
            lambda f: timeline(SHIPPED, filter=f),
            lambda f: followup(SHIPPED, 2016, filter=f),
            lambda f: select(SHIPPED, filter=f),
            lambda f: expiring(list(SHIPPED.entries()), 2016, filter=f),
        ):
            with pytest.raises(UnknownFilterValueError) as refused:
                query(chosen)
            assert (
                f"ingen bevilling i bevillingsfilerne har {named} (uanset år og fase); mente du"
                f" `{meant}`?"
            ) == str(refused.value)
            assert isinstance(refused.value, ValueError)
    with use_locale("en"), pytest.raises(UnknownFilterValueError) as english:
        totals(SHIPPED, filter=Filter(organisation="JKl"))
    assert (
        "no appropriation in the ledgers has the organisation 'JKl' (in any year or phase);"
        " did you mean `JKI`?"
    ) == str(english.value)
    assert ("organisation", "JKl") == (english.value.field, english.value.value)
    assert "JKI" in english.value.known
    both = Filter(target_group="Revalidender", organisation="JKI")  # each exists, not together
    assert 0 == totals(SHIPPED, filter=both).total
    rows = expiring(SHIPPED, 2016).rows  # entries without their set: their ledgers' values
    assert 0 == totals([r.entry for r in rows], filter=Filter(source="Budgetaftale 2012")).total


def test_unknown_filter_values_survive_pickling() -> None:
    """The error comes back with its field, value and the values the ledgers have."""
    import pickle

    with pytest.raises(UnknownFilterValueError) as raised:
        totals(SHIPPED, filter=Filter(target_group="zzz"))
    copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own bytes
    assert (raised.value.known, str(raised.value)) == (copy.known, str(copy))


def test_text_key_folds_what_prints_alike() -> None:
    """Attack 8 #1: a decomposed "å" (NFD), a direction mark, a no-break space, a ligature
    and full-width letters printed like the plain text but split a group."""
    plain = text_key("Unge på kanten")
    for spelling in (
        "Unge pa\u030a kanten",
        "Unge\u200e på kanten",
        "Unge\u00a0på kanten",
        "Unge på kanten\u202c",
        " UNGE PÅ  KANTEN ",
    ):
        assert plain == text_key(spelling)
    assert text_key("JKI") == text_key("ＪＫＩ")
    assert text_key("finansiering") == text_key("\ufb01nansiering")
    assert text_key("JKI") != text_key("JKI, JKA og 2. kontor")
