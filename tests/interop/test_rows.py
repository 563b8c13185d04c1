"""bevilling.interop.rows: cells to amounts, expiries and text, with a problem at the line of
every cell that cannot be read, and no cell that can crash or hang the import."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.model import Category, Expiry
from bevilling.i18n.catalogs import use_locale
from bevilling.i18n.formatting import parse_danish
from bevilling.interop.importer import ImportOptions, ImportResult, import_text
from bevilling.interop.rows import (
    amount_value,
    hidden_decimals,
    is_breakdown_text,
    is_total_text,
    total_words,
)
from bevilling.interop.tables import Cell


def _table(text: str, **options: Any) -> ImportResult:
    """Import ``text`` (``|`` for tabs, dedented) as table.txt into out.yaml."""
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "table.txt",
                       ImportOptions(output="out.yaml", **options))  # fmt: skip


def _codes(result: ImportResult) -> list[tuple[str, int]]:
    return [(p.code, p.location.line) for p in result.problems]


def test_bad_cells_are_problems_with_their_line_and_nothing_is_imported() -> None:
    """A malformed or English-looking number and an unknown expiry are each a problem on
    their own line; with any error there is no ledger."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|1,000|2016
        B|12.34|2016
        C|500|snart
        D|700|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert None is result.ledger
    assert [("import-bad-number", 2), ("import-bad-number", 3), ("import-bad-expiry", 4)] == (
        _codes(result)
    )
    assert (
        "'Beløb i tusinder' er '1,000', som er tvetydigt: 1000 med engelsk tusindtalskomma"
        " eller 1 med dansk decimalkomma"
    ) == result.problems[0].message
    assert (result.problems[0].hint or "").endswith("ret cellen til '1.000', hvis den betyder 1000")
    assert "'Beløb i tusinder' er '12.34', som ikke er et tal i dansk talformat" == (
        result.problems[1].message
    )


def test_an_ambiguous_amount_in_english_names_both_readings_in_english_notation() -> None:
    """With the English locale the message is English and the Danish-comma reading of
    '12,500' is written 12.5 (English notation), the English one as plain digits."""
    with use_locale("en"):
        result = _table(
            """
            Formål/overskrift|Beløb i tusinder|Udløb
            A|12,500|2016
            B|1,000,000|2016
            """,
            categories=(Category.DRIFTSMIDLER,),
        )
    assert [
        "'Beløb i tusinder' is '12,500', which is ambiguous: 12500 with an English thousands"
        " comma, or 12.5 with a Danish decimal comma",
        "'Beløb i tusinder' is '1,000,000', which puts commas between thousands, as English does",
    ] == [p.message for p in result.problems]
    assert [
        "tables are read in Danish notation: correct the cell to '12.500' if it means 12500",
        "tables are read in Danish notation: correct the cell to '1.000.000' if it means 1000000",
    ] == [p.hint for p in result.problems]


def test_danish_numbers_and_expiry_phrases_are_read() -> None:
    """'5.190', '1,9' and '-1.200' are Danish numbers; the Udløb phrases map to open and
    declining; a '-' amount leaves the row out with a warning."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|5.190|Udløb ikke fastsat
        B|1,9|Faldende profil
        C|-1.200|2017
        D|-|2017
        <b>I alt i tusinder</b>|<b>3.991,9</b>|
        """,
        categories=(Category.INDSATSMIDLER,),
    )
    assert [("import-skipped-row", 5)] == _codes(result)
    assert result.ledger is not None
    assert [
        (Decimal(5190), Expiry.open()),
        (Decimal("1.9"), Expiry.declining()),
        (Decimal(-1200), Expiry.in_year(2017)),
    ] == [(a.amount, a.expiry) for a in result.ledger.appropriations]
    assert Decimal("3991.9") == result.ledger.tables[0].stated_total


def test_extra_cells_beyond_the_header_are_problems() -> None:
    """A row with more cells than the header (a tab inside a cell) is reported, not
    silently cut."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|500|2016|løst
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert [("import-extra-cell", 2)] == _codes(result)


def test_absurd_amounts_are_out_of_range_not_crashes() -> None:
    """A 31-digit amount, a 5 000-digit one (once reported as "no line with two or more
    cells"), 1 000 groups of '.000' (once an InvalidOperation traceback) and a number with
    seven decimals are each import-amount-out-of-range at their line."""
    result = _table(
        f"""
        Formål/overskrift|Beløb i tusinder|Udløb
        A|{"1" * 31}|2016
        B|{"1" * 5000}|2016
        C|{"1.000" * 1000}|2016
        D|0,1234567|2016
        E|999.999.999.999.999,999999|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert [("import-amount-out-of-range", n) for n in (2, 3, 4, 5)] == _codes(result)
    message = result.problems[1].message
    assert message.startswith("'Beløb i tusinder' er '11111111111111111111'…(5.000 tegn),")
    assert message.endswith("(højst 15 cifre før decimaltegnet og 6 efter)")


def test_a_numeric_entity_of_thousands_of_digits_is_text_not_a_traceback() -> None:
    """`&#` and 5 000 digits in a cell (html.unescape's int() limit) reads as U+FFFD."""
    result = _table(
        f"""
        Formål/overskrift|Beløb i tusinder|Udløb
        A&#{"9" * 5000};|500|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert result.ledger is not None
    assert ["A\ufffd"] == [a.title for a in result.ledger.appropriations]


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=3, allow_nan=False))
def test_the_fast_path_reads_what_the_danish_parser_reads(value: Decimal) -> None:
    """Amounts in their common Danish shapes are read without babel, to the same value (and
    what the parser refuses as ambiguous, '1,000', is still refused)."""
    from bevilling.core.money import AmountSyntaxError
    from bevilling.i18n.formatting import format_amount

    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    text = format_amount(value, "da", places=max(0, -exponent))
    try:
        expected: object = parse_danish(text)
    except AmountSyntaxError as error:
        expected = error.code
    try:
        actual: object = amount_value(Cell(text))
    except AmountSyntaxError as error:
        actual = error.code
    assert (expected, str(expected)) == (actual, str(actual))


TOTALS = [
    "I alt", "I ALT", "Ialt", "I alt, drift", "I alt*", "I alt\u00b9", "I alt²³", "Sum",
    "Sum i alt", "Total", "Totalt", "Total i alt", "Samlet", "Samlet:", "Samlet total",
    "Hovedtotal", "Hovedsum", "Subtotal", "Deltotal", "Delsum", "Grand total",
    "Udgifter til service i alt", "I alt (1.000 kr.)", "I alt 2016", "Alt i alt",
]  # fmt: skip
NOT_TOTALS = [
    "Mentor", "Summer school", "SUM01", "Totalentreprise", "Samlet indsats for ledige",
    "Heraf i alt til løn", "Ialtså", "Ialt2016x", "", "Alt",
]  # fmt: skip


def test_the_words_of_a_total_line() -> None:
    """Attack 7, finding 10: "Total", "Totalt", "Ialt", "Samlet (total)", "Hovedtotal",
    "Subtotal", "I alt, drift" and footnoted totals ("I alt*", "I alt¹") were rows. One
    vocabulary (the table and the spending import): whole words, footnote marks dropped;
    "Samlet" only alone; a breakdown ("Heraf i alt …") is no total."""
    assert ([True] * len(TOTALS), [False] * len(NOT_TOTALS)) == (
        [is_total_text(t) for t in TOTALS], [is_total_text(t) for t in NOT_TOTALS],
    )  # fmt: skip


def test_the_words_of_a_breakdown_line() -> None:
    """Attack 7, finding 9: "Heraf …" (and Deraf, Hvoraf, Herunder, Derunder, Heriblandt, Of
    which) begins a breakdown of the line above; "Herning" or "Deraffinering" do not."""
    breakdowns = [
        "Heraf til JKI",
        "heraf løn",
        "Deraf overført",
        "Hvoraf",
        "Herunder JKI",
        "Derunder",
        "Heriblandt mentorer",
        "Of which salaries",
        "<b>Heraf</b>",
    ]
    others = ["Herning", "Deraffinering", "Offentlig", "Mentor heraf", "I alt"]
    assert ([True] * len(breakdowns), [False] * len(others)) == (
        [is_breakdown_text(t.replace("<b>", "").replace("</b>", "")) for t in breakdowns],
        [is_breakdown_text(t) for t in others],
    )  # fmt: skip


def test_total_words_keep_what_names_the_part() -> None:
    """The words beside the total's own name the part: "I alt, drift" → "drift"."""
    assert ["drift", "Udgifter til service", "", "", "drift"] == [
        total_words(t)
        for t in ("I alt, drift", "Udgifter til service i alt", "Samlet total", "I alt\u00b9",
                  "Total drift")
    ]  # fmt: skip


def test_hostile_total_labels_are_read_in_linear_time() -> None:
    """A label of a million blanks, letters or marks is read (no pattern backtracks)."""
    for label in ("i" + " " * 10**6, "samlet" + "," * 10**6 + "x", "¹" * 10**6, "heraf" * 10**5):
        is_total_text(label), is_breakdown_text(label), total_words(label)


def test_hidden_decimals_name_the_figure_shown_and_the_value_held() -> None:
    """A workbook cell formatted to whole thousands that holds 1199,6 (attack 7, finding 12):
    a warning naming both, in Danish and English; a value with no more decimals than shown
    is no problem."""
    problem = hidden_decimals(Decimal("1199.6"), 0, "t.xlsx", 2, "Beløb i tusinder")
    assert problem is not None
    assert ("import-hidden-decimals", "t.xlsx", 2) == (
        problem.code, problem.location.file, problem.location.line,
    )  # fmt: skip
    assert (
        "cellen i 'Beløb i tusinder' viser 1.200, men indeholder 1.199,6 (talformatet skjuler"
        " decimaler): 1.199,6 indlæses"
    ) == problem.message
    with use_locale("en"):
        english = hidden_decimals(Decimal("-0.25"), 1, "t.xlsx", 2, "=HYPERLINK(1)")
    assert english is not None
    assert (
        "the cell of '=HYPERLINK(1)' shows -0.3, but holds -0.25 (its number format hides"
        " decimals): -0.25 is imported"
    ) == english.message
    assert None is hidden_decimals(Decimal("1200"), 0, "t.xlsx", 2, "B")
    assert None is hidden_decimals(Decimal("1.5"), 2, "t.xlsx", 2, "B")
