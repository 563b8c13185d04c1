"""bevilling.interop.advice: what `check` will still find in an imported ledger's totals,
said at the input's total line with what to declare; which cells were filled down."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from bevilling.core.model import Category
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.importer import ImportOptions, ImportResult, import_text


def _table(text: str, **options: Any) -> ImportResult:
    """Import ``text`` (``|`` for tabs, dedented) as table.txt into out.yaml."""
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "table.txt",
                       ImportOptions(output="out.yaml", **options))  # fmt: skip


def test_a_total_that_rounding_cannot_explain_is_a_total_mismatch_warning() -> None:
    """A table whose rows do not add up to its printed total (beyond rounding) is written,
    with a warning at the total's line that `check` will fail and what to do."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|500|2016
        B|700|2016
        I alt|1.300|
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert [("import-total-mismatch", 4)] == [(p.code, p.location.line) for p in result.problems]
    assert result.ok
    assert (
        "tabellen 'table': oplyst total 1.300, rækkerne summer til 1.200, difference 100"
        " t.kr.: den skrevne bevillingsfil består ikke `bevilling check` (total-mismatch)"
    ) == result.problems[0].message


YEARS = """
    (1.000 kr. – 2016 p/l)|2016|2017|I alt
    A|1,4|1,4|2,8
    B|1,4|1,4|2,8
    C|1,4|1,4|2,8
    Udgifter til service i alt|4,3|4,1|8,3
    """


def test_year_totals_within_printed_rounding_ask_for_the_rounding() -> None:
    """I alt 8,3 and year totals 4,3 and 4,1 for three rows of 1,4 + 1,4 are within what
    figures printed to 0,1 explain: one import-rounding warning each, at the total line."""
    result = _table(YEARS)
    assert [
        "tabellen 'table': oplyst total 8,3, rækkerne summer til 8,4, difference -0,1 t.kr.",
        "tabellen 'table', 2016: oplyst total 4,3, rækkerne summer til 4,2, difference 0,1 t.kr.",
        "tabellen 'table', 2017: oplyst total 4,1, rækkerne summer til 4,2, difference -0,1 t.kr.",
    ] == [p.message.split(": tal, der")[0] for p in result.problems]
    assert {("import-rounding", 5)} == {(p.code, p.location.line) for p in result.problems}
    assert (
        "afrunder kilden sine tal til 0,1, så indlæs med --rounded-to 0,1, eller angiv det i"
        " tabellen, under dens navn:"
        " `rounded_to: 0.1`"
    ) == result.problems[0].hint


def test_rounding_advice_in_english_writes_english_figures() -> None:
    """With the English locale the same advice is English, its figures in English notation
    (8.3, not 8,3); the value to declare is the ledger's own notation either way."""
    with use_locale("en"):
        result = _table(YEARS)
    assert (
        "table 'table': stated total 8.3, the rows add up to 8.4, difference -0.1 (DKK thousand):"
        " figures printed to 0.1 need not add up, but the written ledger fails `bevilling"
        " check` until their rounding is declared"
    ) == result.problems[0].message
    assert (
        "if the source rounds its figures to 0.1, import with --rounded-to 0.1, or declare it"
        " in the table, under its name:"
        " `rounded_to: 0.1`"
    ) == result.problems[0].hint


def test_declared_rounding_silences_what_it_explains_and_only_that() -> None:
    """With rounded_to 0,1 the year differences (0,1 each, within 3 x 0,05) are no longer
    reported, and the tables carry the rounding so that `check` agrees."""
    result = _table(YEARS, rounded_to=Decimal("0.1"))
    assert () == result.problems
    assert result.ledger is not None
    assert [Decimal("0.1")] == [t.rounded_to for t in result.ledger.tables]
    assert Category.DRIFTSMIDLER is result.ledger.tables[0].category


def test_a_row_whose_years_do_not_add_up_to_its_i_alt_is_reported_at_the_row() -> None:
    """A row printing I alt 1.600 over years 600 + 600 (check: profile-mismatch) is a warning
    at the row's line; the table's totals agree with the rows as printed."""
    result = _table(
        """
        (1.000 kr. – 2017 p/l)|2017|2018|I alt
        Sagsforberedende indsats|600|600|1.600
        Udgifter til service i alt|600|600|1.600
        """
    )
    assert [("import-total-mismatch", 2)] == [(p.code, p.location.line) for p in result.problems]
    assert (
        "rækken 'Sagsforberedende indsats': beløb 1.600, profilen summer til 1.200, difference"
        " 400 t.kr.: den skrevne bevillingsfil består ikke `bevilling check`"
        " (profile-mismatch)"
    ) == result.problems[0].message


MIO = """
    Formål/overskrift|Beløb (mio. kr.)|2016|2017|Udløb
    A|1,4|0,7|0,7|2017
    B|2,45|1,2|1,25|2017
    I alt|3,85|1,9|1,95|
    """


def test_a_rounding_a_figure_is_not_a_multiple_of_is_an_error_proposing_the_printed_one() -> None:
    """rounded_to 0,1 where a row prints 2,45 and 1,25: `check` would call it
    implausible-rounding and grant no tolerance, so the import stops (import-options) at the
    first such figure, counting every figure that is not a multiple (amounts, years, totals:
    2,45, 1,25, 3,85, 1,95), and proposes the rounding the figures are printed to (0,01)."""
    result = _table(MIO, categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal("0.1"))
    assert (None, [("import-options", 3)]) == (
        result.ledger,
        [(p.code, p.location.line) for p in result.problems],
    )
    assert (
        "tallene er ikke afrundet til 0,1 (--rounded-to): 2,45 er ikke et multiplum af den"
        " (4 tal er det ikke)"
    ) == result.problems[0].message
    assert "angiv den afrunding, tallene er trykt med: --rounded-to 0,01" == result.problems[0].hint
    with use_locale("en"):
        english = _table(MIO, categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal("0.1"))
    assert (
        "the figures are not rounded to 0.1 (--rounded-to): 2.45 is not a multiple of it"
        " (4 figures are not)",
        "give the rounding the figures are printed to: --rounded-to 0.01",
    ) == (english.problems[0].message, english.problems[0].hint)


def test_the_proposed_rounding_is_accepted() -> None:
    """The rounding the misfit proposes (0,01) fits every figure: the import goes through,
    with nothing to advise (the figures add up)."""
    result = _table(MIO, categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal("0.01"))
    assert result.ok
    assert [] == [p.code for p in result.problems]


def test_a_rounding_that_is_not_positive_or_out_of_range_is_an_error() -> None:
    """From Python any Decimal can be passed: 0, a negative, a NaN, or more decimals than a
    ledger keeps are import-options errors (the loader would refuse the written file)."""
    for value in ("0", "-0.1", "NaN", "1E-7", "1E+20"):
        result = _table(MIO, categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal(value))
        assert (None, ["import-options"]) == (result.ledger, [p.code for p in result.problems])
    assert (
        "afrundingen (--rounded-to) skal være større end 0 med højst 15 cifre før decimaltegnet"
        " og 6 efter det, ikke -0.1"
    ) == _table(MIO, categories=(Category.DRIFTSMIDLER,), rounded_to=Decimal("-0.1")).problems[
        0
    ].message


def test_a_year_total_is_allowed_rounding_only_for_the_rows_with_money_in_that_year() -> None:
    """`check` grants a year total half the rounding per row with a figure in that year: 2017
    below has one (1,4), so 1,5 against 1,4 is beyond 0,1's rounding, and the import says so
    (year-total-mismatch) instead of staying silent because the table has three rows; 2016's
    difference (three figures) is within it, and `check` agrees on both."""
    text = """
        (mio. kr. – 2016 p/l)|2016|2017|I alt
        A|1,4||1,4
        B|1,4|1,4|2,8
        C|1,4||1,4
        Udgifter til service i alt|4,3|1,5|5,7
        """
    result = _table(text, rounded_to=Decimal("0.1"))
    assert [("import-total-mismatch", 5)] == [(p.code, p.location.line) for p in result.problems]
    assert result.problems[0].message.startswith("tabellen 'table', 2017: oplyst total 1,5")
    assert result.ledger is not None
    import bevilling
    from bevilling.write.dump import dump

    back = bevilling.load_string(dump(result.ledger), "out.yaml")
    assert ["total-rounding", "total-rounding", "year-total-mismatch"] == sorted(
        p.code for p in bevilling.check(back).problems
    )
