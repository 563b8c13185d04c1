"""Tests for bevilling.read.loader: every problem code, the typing traps, hostile input."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from bevilling.core.model import (
    Category,
    Expiry,
    ExpiryKind,
    LedgerSet,
    NumberFormat,
    Phase,
    Profile,
    Unit,
)
from bevilling.core.problems import LOAD_CODES, Location, Severity
from bevilling.i18n.catalogs import use_locale
from bevilling.read.loader import load, load_string

HEADER = """\
format: bevilling/1
title: Test
document: Budgetaftale 2015
unit: 1000 DKK
"""


def ledger(body: str, header: str = HEADER) -> str:
    """A ledger's text: the standard header and a dedented body."""
    return header + textwrap.dedent(body).lstrip("\n")


def one_table(rows: str, table_extra: str = "", header: str = HEADER) -> str:
    """A ledger with one driftsmidler table holding the dedented ``rows``."""
    rows = textwrap.indent(textwrap.dedent(rows).strip("\n"), "      ")
    extra = textwrap.indent(textwrap.dedent(table_extra).strip("\n"), "    ")
    extra = extra + "\n" if extra else ""
    return ledger(
        f"tables:\n  - name: Tabel 1\n    category: driftsmidler\n{extra}"
        f"    appropriations:\n{rows}\n",
        header,
    )


def codes(result: LedgerSet) -> list[tuple[str, int]]:
    """The (code, line) of every problem, in order."""
    return [(p.code, p.location.line) for p in result.problems]


def only_row(text: str) -> object:
    """The single appropriation of a ledger that must load cleanly."""
    result = load_string(text)
    assert [] == codes(result)
    return result.ledgers[0].tables[0].appropriations[0]


# --- a clean ledger ----------------------------------------------------------------------------


def test_a_complete_ledger_loads_into_the_model() -> None:
    """Every key of format v1 lands in the right attribute with the right type."""
    text = """\
format: bevilling/1
title: Særlig indsats
document: Budgetnotat BI2
unit: 1000 DKK
phase: proposed
price_level: 2016
stated_total: 1500
rounded_to: 1
tables:
  - name: Tabel 2
    category: driftsmidler
    stated_total: 1500
    stated_years: {2016: 1500, 2017: 0}
    rounded_to: 1
    appropriations:
      - id: BI2-1
        target_group: Ressourceforløb
        organisation: JKI
        description: Fire koordinerende sagsbehandlere
        title: Nedbringe ventetid
        source: Budgetnotat BI2
        committee: BIU
        appropriation_no: 18.10
        function: 6.45.53.1
        profile: {2016: 1000, 2017: 0}
accepted:
  - code: total-mismatch
    table: Tabel 2
    reason: Kendt fejl i kilden
"""
    result = load_string(text, "bi2.yaml")
    assert ([], True) == (codes(result), result.valid)
    (led,) = result.ledgers
    assert ("Særlig indsats", "Budgetnotat BI2", Unit.THOUSAND_DKK, Phase.PROPOSED, 2016) == (
        led.title,
        led.document,
        led.unit,
        led.phase,
        led.price_level,
    )
    assert (Decimal(1500), Decimal(1)) == (led.stated_total, led.rounded_to)
    (table,) = led.tables
    assert (Category.DRIFTSMIDLER, Decimal(1500)) == (table.category, table.stated_total)
    assert Profile.of({2016: Decimal(1500), 2017: Decimal(0)}) == table.stated_years
    (row,) = table.appropriations
    assert ("BI2-1", "18.10", "6.45.53.1", "BIU") == (
        row.id,
        row.appropriation_no,
        row.function,
        row.committee,
    )
    assert (Decimal(1000), Expiry.in_year(2016)) == (row.amount, row.expiry)
    assert Location("bi2.yaml", 16, 25) == row.location
    (acceptance,) = led.accepted
    assert ("total-mismatch", "Tabel 2", None, "Kendt fejl i kilden") == (
        acceptance.code,
        acceptance.table,
        acceptance.appropriation,
        acceptance.reason,
    )


def test_defaults_for_optional_ledger_keys() -> None:
    """Phase defaults to approved, notation to plain; optional fields are None."""
    result = load_string(one_table("- {title: Mikrolån, amount: 1200, expires: 2016}"))
    (led,) = result.ledgers
    assert (Phase.APPROVED, NumberFormat.PLAIN, None, None, ()) == (
        led.phase,
        led.number_format,
        led.price_level,
        led.stated_total,
        led.accepted,
    )
    row = led.tables[0].appropriations[0]
    assert (None, None, None, None, None) == (
        row.target_group,
        row.organisation,
        row.description,
        row.source,
        row.profile,
    )


# --- values are read by their field's type, never by YAML's implicit typing ---------------------


@pytest.mark.parametrize(
    ("field", "written", "expected"),
    [
        ("appropriation_no", "18.10", "18.10"),
        ("function", "6.45.53.1", "6.45.53.1"),
        ("organisation", "NO", "NO"),
        ("organisation", "yes", "yes"),
        ("organisation", "0x10", "0x10"),
        ("organisation", "1e3", "1e3"),
        ("committee", "012", "012"),
        ("source", "2015-01-01", "2015-01-01"),
        ("target_group", "1:20", "1:20"),
        ("title", ".inf", ".inf"),
        ("id", "1.0", "1.0"),
    ],
)
def test_text_fields_keep_the_text_as_written(field: str, written: str, expected: str) -> None:
    """`18.10` stays "18.10", `NO` stays "NO", `0x10` stays "0x10": no implicit typing."""
    text = one_table(f"- {{title: x, amount: 1, expires: 2016, {field}: {written}}}")
    if field == "title":
        text = one_table(f"- {{title: {written}, amount: 1, expires: 2016}}")
    row = only_row(text)
    assert expected == getattr(row, field)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("1200", "1200"),
        ("'1200'", "1200"),
        ('"-500"', "-500"),
        ("18.3", "18.3"),
        ("0", "0"),
        ("0.500", "0.500"),
    ],
)
def test_plain_amounts_are_exact_decimals(written: str, expected: str) -> None:
    """Quoted or not, a plain amount is the exact Decimal of its text."""
    row = only_row(one_table(f"- {{title: x, amount: {written}, expires: 2016}}"))
    assert Decimal(expected) == row.amount  # type: ignore[attr-defined]
    assert expected == str(row.amount)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("1.200", "ambiguous-number"),
        ("'14.752'", "ambiguous-number"),
        ("'1,000'", "ambiguous-number"),
        (".nan", "bad-number"),
        (".inf", "bad-number"),
        ("-.inf", "bad-number"),
        ("1e3", "bad-number"),
        ("0x10", "bad-number"),
        ("0o17", "bad-number"),
        ("1_000", "bad-number"),
        ("1:20", "bad-number"),
        ("+5", "bad-number"),
        ("'1 000'", "bad-number"),
        ("abc", "bad-number"),
        ("'1,5'", "bad-number"),
    ],
)
def test_amounts_in_other_notations_are_refused(written: str, code: str) -> None:
    """1.200 is ambiguous; NaN, infinities, exponents, hex, octal, sexagesimal are refused."""
    result = load_string(one_table(f"- {{title: x, amount: {written}, expires: 2016}}"))
    assert [(code, 9)] == codes(result)
    assert () == result.ledgers


DANISH = HEADER + "number_format: da\n"


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("'5.190'", "5190"),
        ("5.190", "5190"),
        ("'18,3'", "18.3"),
        ('"18,3"', "18.3"),
        ("'-1.200'", "-1200"),
        ("'14.752,5'", "14752.5"),
        ("1200", "1200"),
        ("'0,5'", "0.5"),
    ],
)
def test_danish_notation_is_parsed_when_declared(written: str, expected: str) -> None:
    """With `number_format: da`, '5.190' is 5190 and '18,3' is 18.3, exactly."""
    row = only_row(one_table(f"- {{title: x, amount: {written}, expires: 2016}}", header=DANISH))
    assert Decimal(expected) == row.amount  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("'1,000'", "ambiguous-number"),
        ("'12,500'", "ambiguous-number"),
        ("'1.5'", "bad-number"),
        ("'12.34'", "bad-number"),
        ("'1.2.3'", "bad-number"),
        ("',5'", "bad-number"),
        ("'1e3'", "bad-number"),
        ("NaN", "bad-number"),
        ("'1 000'", "bad-number"),
    ],
)
def test_danish_notation_refuses_english_and_malformed_numbers(written: str, code: str) -> None:
    """In Danish notation `1,000` would be 1 to babel: it is refused, as are malformed figures."""
    result = load_string(
        one_table(f"- {{title: x, amount: {written}, expires: 2016}}", header=DANISH)
    )
    assert [(code, 10)] == codes(result)


def test_danish_notation_hint_suggests_the_wellformed_spelling() -> None:
    """'12.34' in a Danish ledger gets the Danish spelling of what it says (12,34); babel's
    regroupings are not passed on, because they propose values nobody meant ('1200.5' →
    '12.005', '0.5' → '5')."""
    expected = {
        "12.34": "'12,34' for 12.34",
        "1200.5": "'1.200,5' for 1200.5",
        "0.5": "'0,5' for 0.5",
        "1.20": "'1,20' for 1.20",
    }
    for text, proposal in expected.items():
        result = load_string(
            one_table(f"- {{title: x, amount: '{text}', expires: 2016}}", header=DANISH)
        )
        hint = result.problems[0].hint or ""
        assert (text, True) == (text, hint.endswith(f"skriv {proposal}")), hint
    with use_locale("en"):
        result = load_string(
            one_table("- {title: x, amount: '12.34', expires: 2016}", header=DANISH)
        )
    assert (
        "this ledger declares `number_format: da`, where ',' comes before the decimals and '.'"
        " only between thousands: write '12,34' for 12.34"
    ) == result.problems[0].hint


def test_negative_amounts_are_reductions() -> None:
    """A leading minus writes a saving or reduction."""
    row = only_row(one_table("- {title: Besparelse, amount: -500, expires: 2016}"))
    assert Decimal(-500) == row.amount  # type: ignore[attr-defined]


# --- expiry and profiles -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2015", Expiry.in_year(2015)),
        ("'2016'", Expiry.in_year(2016)),
        ("open", Expiry.open()),
        ("Udløb ikke fastsat", Expiry.open()),
        ("udløb  ikke fastsat", Expiry.open()),
        ("declining", Expiry.declining()),
        ("Faldende profil", Expiry.declining()),
    ],
)
def test_expiry_forms(written: str, expected: Expiry) -> None:
    """A year, open/declining, and the Danish phrases as printed are all understood."""
    row = only_row(one_table(f"- {{title: x, amount: 1, expires: {written}}}"))
    assert expected == row.expiry  # type: ignore[attr-defined]


def test_a_profile_only_row_takes_its_sum_and_last_funded_year() -> None:
    """Without amount and expires, the amount is the profile's sum, the expiry its last money."""
    row = only_row(one_table("- {title: x, profile: {2016: 600, 2017: 600, 2018: 0}}"))
    assert (Decimal(1200), Expiry.in_year(2017)) == (row.amount, row.expiry)  # type: ignore[attr-defined]


def test_explicit_amount_and_expiry_win_over_the_profile() -> None:
    """Stated values are kept as written; comparing them with the profile is the checker's job."""
    row = only_row(one_table("- {title: x, amount: 999, expires: open, profile: {2016: 1000}}"))
    assert (Decimal(999), Expiry.open()) == (row.amount, row.expiry)  # type: ignore[attr-defined]


def test_a_profile_without_money_needs_an_expiry() -> None:
    """An all-zero profile cannot say when funding ends: bad-expiry, with the fix."""
    result = load_string(one_table("- {title: x, profile: {2016: 0}}"))
    assert [("bad-expiry", 9)] == codes(result)
    assert "tilføj `expires:`" in (result.problems[0].hint or "")


def test_derived_ids_name_file_table_and_row() -> None:
    """Rows without an id get `<file stem>:<table>.<row>`."""
    result = load_string(
        one_table("- {title: a, amount: 1, expires: 2016}\n- {title: b, amount: 2, expires: 2016}"),
        "x/udsatte.yaml",
    )
    assert ["udsatte:1.1", "udsatte:1.2"] == [e.appropriation.id for e in result.entries()]


def test_expiry_kinds_sort_years_first() -> None:
    """Years sort in order before open, and open before declining."""
    expiries = [Expiry.declining(), Expiry.open(), Expiry.in_year(2016), Expiry.in_year(2015)]
    ordered = sorted(expiries, key=lambda e: e.sort_key)
    assert ["2015", "2016", "open", "declining"] == [str(e) for e in ordered]
    assert ExpiryKind.YEAR is ordered[0].kind


# --- one test per problem code ---------------------------------------------------------------


def test_code_unreadable_for_a_missing_path(tmp_path: Path) -> None:
    """A path that does not exist is a problem (the CLI exits 2 for it), not an exception."""
    missing = tmp_path / "nope.yaml"
    result = load(missing)
    assert [("unreadable", 0)] == codes(result)
    assert f"{missing} findes ikke" == result.problems[0].message
    with use_locale("en"):
        assert f"{missing} does not exist" == load(missing).problems[0].message


def test_code_unreadable_for_a_file_that_cannot_be_opened(
    write_ledger: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A permission error while reading is reported with the reason, in the user's words."""
    path = write_ledger("format: bevilling/1\n")
    real_open = open

    def failing_open(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    result = load(path)
    assert [("unreadable", 0)] == codes(result)
    assert f"{path} kan ikke læses: ingen adgang" == result.problems[0].message
    with use_locale("en"):
        assert f"{path} cannot be read: permission denied" == load(path).problems[0].message


def test_code_no_ledgers_for_an_empty_directory(tmp_path: Path) -> None:
    """A directory without *.yaml files is reported, so a wrong path never passes silently."""
    result = load(tmp_path)
    assert [("no-ledgers", 0)] == codes(result)


def test_code_not_utf8_for_latin1_with_a_hint(tmp_path: Path) -> None:
    """Latin-1 bytes get the line of the first bad byte and a hint naming the encoding."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes("format: bevilling/1\ntitle: Målgruppe\n".encode("latin-1"))
    result = load(path)
    assert [("not-utf8", 2)] == codes(result)
    assert "Latin-1" in (result.problems[0].hint or "")


def test_code_not_utf8_for_utf16(tmp_path: Path) -> None:
    """UTF-16 (what some Windows editors save) is named as such."""
    path = tmp_path / "u16.yaml"
    path.write_bytes("format: bevilling/1\n".encode("utf-16"))
    assert ["filen er UTF-16-tekst; bevillingsfiler skal være UTF-8"] == [
        p.message for p in load(path).problems
    ]


def test_code_not_utf8_for_nul_bytes() -> None:
    """A NUL byte means a binary file, not a ledger."""
    assert [("not-utf8", 2)] == codes(load_string("format: bevilling/1\ntitle: \x00\n"))


def test_code_yaml_syntax_with_the_line() -> None:
    """Invalid YAML is reported at the line the parser stopped, with a hint on quoting."""
    result = load_string("format: bevilling/1\ntitle: [unclosed\nunit: x\n")
    assert [("yaml-syntax", 3)] == codes(result)
    assert "anførselstegn" in (result.problems[0].hint or "")


def test_code_yaml_syntax_for_tabs() -> None:
    """A tab used for indentation is a syntax error at its line."""
    assert [("yaml-syntax", 2)] == codes(load_string("format: bevilling/1\n\ttitle: x\n"))


def test_code_yaml_tag_is_reported_and_never_constructed(tmp_path: Path) -> None:
    """`!!python/object/apply` is reported, never run; every tag is refused."""
    marker = tmp_path / "pwned"
    text = one_table(
        f"- {{title: x, amount: 1, expires: 2016, source: !!python/object/apply:os.system"
        f" ['touch {marker}']}}\n- {{title: !!str y, amount: !!float 2, expires: 2016}}"
    )
    result = load_string(text)
    assert [("yaml-tag", 9), ("wrong-type", 9), ("yaml-tag", 10), ("yaml-tag", 10)] == codes(result)
    assert not marker.exists()


def test_code_yaml_alias_stops_alias_bombs() -> None:
    """Anchors and aliases are refused once per file, so a billion-laughs file costs nothing."""
    bomb = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    result = load_string("format: bevilling/1\n" + bomb)
    assert 1 == sum(p.code == "yaml-alias" for p in result.problems)


def test_code_yaml_alias_for_merge_keys() -> None:
    """`<<: *base` is an alias too: rows must be written out in full."""
    text = one_table("- &base {title: x, amount: 1, expires: 2016}\n- {<<: *base, title: y}")
    assert "yaml-alias" in [code for code, _ in codes(load_string(text))]


def test_code_too_deep_without_recursion() -> None:
    """10 000 levels of nesting are reported once, quickly, without a RecursionError."""
    text = "format: bevilling/1\ntitle: " + "[" * 10000 + "]" * 10000 + "\n"
    result = load_string(text)
    assert "too-deep" in [p.code for p in result.problems]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "~\n"])
def test_code_empty_file(text: str) -> None:
    """An empty file (only comments, or null) is named as empty, with what a ledger starts with."""
    result = load_string(text)
    assert [("empty-file", 1)] == codes(result)
    assert "format: bevilling/1" in (result.problems[0].hint or "")


def test_code_multiple_documents() -> None:
    """A second `---` document is refused rather than silently ignored."""
    text = one_table("- {title: x, amount: 1, expires: 2016}") + "---\nformat: bevilling/1\n"
    assert [("multiple-documents", 10)] == codes(load_string(text))


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("title: x\n", 1),
        ("- a\n- b\n", 1),
        ("just text\n", 1),
        ("format: bevilling/2\n", 1),
        ("title: x\nformat: bevilling/1\n", 1),
    ],
)
def test_code_bad_format(text: str, line: int) -> None:
    """Files that do not start with `format: bevilling/1` are not read as ledgers."""
    assert "bad-format" == codes(load_string(text))[0][0]
    assert line == codes(load_string(text))[0][1]


INDEX = """\
format: bevilling-index/1
source: Opdigtede tal (test)
values:
  2016: 100.0
  2017: 102.0
"""


def test_code_multiple_price_indexes(tmp_path: Path) -> None:
    """Two price index files among the paths: the second is an error at its line 1, the first
    is the index the reports convert with (docs/ledger-format.md#price-index-files)."""
    (tmp_path / "a.yaml").write_text(INDEX, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(INDEX, encoding="utf-8")
    result = load(tmp_path)
    assert [("multiple-price-indexes", 1)] == codes(result)
    assert str(tmp_path / "b.yaml") == result.problems[0].location.file
    assert result.price_index is not None
    assert str(tmp_path / "a.yaml") == result.price_index.file


def test_a_price_index_is_not_a_ledger(tmp_path: Path) -> None:
    """A price index beside the ledgers is read as the set's index, not refused as a ledger
    (`bad-format`), and counts as no ledger."""
    (tmp_path / "index.yaml").write_text(INDEX, encoding="utf-8")
    (tmp_path / "t.yaml").write_text(one_table("- {title: A, amount: 1, expires: 2016}\n"))
    result = load(tmp_path)
    assert ([], 1) == (codes(result), len(result.ledgers))
    assert result.price_index is not None
    assert (Decimal("102.0"), 5) == (
        result.price_index.value(2017),
        result.price_index.entries[1].location.line,
    )


def test_code_duplicate_key_at_every_level() -> None:
    """Duplicate keys are errors at ledger, table, row and profile level, naming the first line."""
    text = ledger("""\
        title: Again
        tables:
          - name: T
            category: driftsmidler
            name: T2
            appropriations:
              - title: x
                amount: 1
                amount: 2
                profile: {2016: 1, 2016: 2}
                expires: 2016
        """)
    result = load_string(text)
    assert [
        ("duplicate-key", 5),
        ("duplicate-key", 9),
        ("duplicate-key", 13),
        ("duplicate-key", 14),
    ] == codes(result)
    assert (
        "`title` står to gange i denne bevillingsfil (første gang på linje 2); YAML ville"
        " stiltiende kun beholde den sidste"
    ) == result.problems[0].message
    assert "`amount` står to gange i denne bevilling" in result.problems[2].message
    with use_locale("en"):
        english = load_string(text).problems
    assert (
        "`title` appears twice in this ledger (first on line 2); YAML would silently keep only"
        " the last one"
    ) == english[0].message


def test_code_wrong_type() -> None:
    """A list where text belongs, text where a list belongs: wrong-type with what was expected."""
    text = ledger("""\
        tables:
          - name: [a, b]
            category: driftsmidler
            appropriations: none
        """)
    result = load_string(text)
    assert [("wrong-type", 6), ("wrong-type", 8)] == codes(result)
    assert "`name` skal være tekst, ikke en liste" == result.problems[0].message
    assert "`appropriations` skal være en liste af rækker, ikke tekst ('none')" == (
        result.problems[1].message
    )
    with use_locale("en"):
        english = load_string(text).problems
    assert [
        "`name` must be text, not a list",
        "`appropriations` must be a list of rows, not text ('none')",
    ] == [p.message for p in english]


def test_code_unknown_field_with_did_you_mean() -> None:
    """Typos and Danish column names get a "did you mean" with the format's key."""
    result = load_string(
        one_table(
            "- {title: x, amount: 1, expires: 2016, organization: JKI, målgruppe: Alle,"
            " expiry: 2016}"
        )
    )
    assert [("unknown-field", 9)] * 3 == codes(result)
    assert [
        "mente du `organisation`?",
        "mente du `target_group`?",
        "mente du `expires`?",
    ] == [p.hint for p in result.problems]
    assert "`organization` er ikke et felt i en bevilling" == result.problems[0].message


def test_code_missing_field() -> None:
    """Required keys that are absent or empty are named, each with what to write."""
    text = ledger(
        """\
        tables:
          - category: driftsmidler
            appropriations:
              - amount: 1
              - title: y
              - title:
                amount: 1
                expires: 2016
        """,
        header="format: bevilling/1\ntitle: T\n",
    )
    result = load_string(text)
    assert [
        ("missing-field", 1),
        ("missing-field", 1),
        ("missing-field", 4),
        ("missing-field", 6),
        ("missing-field", 6),
        ("missing-field", 7),
        ("missing-field", 7),
        ("missing-field", 8),
    ] == codes(result)
    messages = [p.message for p in result.problems]
    assert "en bevillingsfil skal have `document`" in messages
    assert "en tabel skal have `name`" in messages
    assert "en bevilling skal have `amount` eller `profile`" in messages
    assert "`title` har ingen værdi" in messages
    with use_locale("en"):
        english = [p.message for p in load_string(text).problems]
    assert "a ledger needs `document`" in english
    assert "an appropriation needs `amount` or `profile`" in english
    assert "`title` has no value" in english


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("driftmidler", "mente du `driftsmidler`?"),
        ("Driftsmidler", "mente du `driftsmidler`? (stavet præcis sådan)"),
        ("saerindsatser", "mente du `særindsatser`? (stavet præcis sådan)"),
        ("indsats", "mente du `indsatsmidler`?"),
    ],
)
def test_code_unknown_category_with_did_you_mean(written: str, hint: str) -> None:
    """Only the exact Danish spellings are categories; near misses get the right one."""
    text = ledger(f"tables:\n  - {{name: T, category: {written}, appropriations: []}}\n")
    result = load_string(text)
    assert [("unknown-category", 6)] == codes(result)
    assert hint == result.problems[0].hint


def test_code_bad_expiry_with_did_you_mean() -> None:
    """A misspelt Danish phrase is caught and corrected."""
    result = load_string(one_table("- {title: x, amount: 1, expires: Udløb ikke fastsatt}"))
    assert [("bad-expiry", 9)] == codes(result)
    assert "mente du `Udløb ikke fastsat`?" == result.problems[0].hint


@pytest.mark.parametrize("written", ["'16'", "20166", "1850", "2016-12-31", "soon"])
def test_code_bad_expiry_for_impossible_years(written: str) -> None:
    """Two-digit, five-digit, far-past and dated years are not expiries."""
    assert [("bad-expiry", 9)] == codes(
        load_string(one_table(f"- {{title: x, amount: 1, expires: {written}}}"))
    )


def test_code_bad_year_in_profiles_and_price_level() -> None:
    """Profile keys and the price level must be four-digit years."""
    text = one_table(
        "- {title: x, profile: {'16': 1, 2017: 2}}",
        header=HEADER + "price_level: 2016 p/l\n",
    )
    assert [("bad-year", 5), ("bad-year", 10)] == codes(load_string(text))


def test_code_bad_value_for_unit_phase_and_notation() -> None:
    """Closed choices (unit, phase, number_format, rounded_to) get the allowed values."""
    text = ledger(
        "tables: []\n",
        header="format: bevilling/1\ntitle: T\ndocument: D\nunit: t.kr.\nphase: vedtaget\n"
        "number_format: dk\nrounded_to: 0\n",
    )
    result = load_string(text)
    assert [("bad-value", 4), ("bad-value", 5), ("bad-value", 6), ("bad-value", 7)] == codes(result)
    assert "mente du `1000 DKK`?" == result.problems[0].hint
    assert "`rounded_to` skal være positiv, ikke 0" == result.problems[3].message
    assert (
        "`phase` er 'vedtaget', som ikke er en af `approved` eller `proposed`"
        == result.problems[1].message
    )


def test_code_ambiguous_number_and_bad_number_carry_the_fix() -> None:
    """The hint of an ambiguous amount gives the digits to write."""
    result = load_string(one_table("- {title: x, amount: 1.200, expires: 2016}"))
    assert "ambiguous-number" == result.problems[0].code
    assert (
        "`amount`: '1.200' ligner et tal med dansk tusindtalsseparator: det kan betyde 1200"
        " eller 1,2" == result.problems[0].message
    )
    assert (result.problems[0].hint or "").startswith("skriv 1200, hvis kilden trykker 1.200")
    with use_locale("en"):
        english = load_string(one_table("- {title: x, amount: 1.200, expires: 2016}")).problems
    assert (
        "`amount`: '1.200' looks like Danish thousands grouping: it could mean 1200 or 1.2"
        == english[0].message
    )
    assert (english[0].hint or "").startswith("write 1200 if the source prints 1.200")


def test_code_amount_out_of_range_for_16_integer_digits_or_7_decimals() -> None:
    """15 digits and 6 decimals load; one more of either is refused with its own code."""
    text = one_table("""\
        - {title: a, amount: 999999999999999.999999, expires: 2016}
        - {title: b, amount: 1000000000000000, expires: 2016}
        - {title: c, amount: 0.0000001, expires: 2016}
        - {title: d, profile: {2016: 99999999999999999999999}}
        """)
    assert [("amount-out-of-range", line) for line in (10, 11, 12)] == codes(load_string(text))


def test_code_misplaced_row_for_rows_indented_as_tables() -> None:
    """Rows written at the level of `- name:` under a table without rows: one finding."""
    text = ledger("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
          - title: a
            amount: 1
            expires: 2016
          - title: b
            amount: 2
            expires: 2016
        """)
    result = load_string(text)
    assert [("misplaced-row", 9)] == codes(result)
    assert (result.problems[0].hint or "").startswith(
        "ryk den (og eventuelle rækker efter den) ind under `appropriations:` på linje 8"
    )


def test_a_row_key_dedented_to_the_table_says_where_it_belongs() -> None:
    """`amount:` written at the table's level: the hint says it belongs to the row above."""
    text = one_table("- title: a\n  expires: 2016\n") + "    amount: 1\n"
    result = load_string(text)
    assert [("missing-field", 9), ("unknown-field", 11)] == codes(result)
    assert "hører til en bevilling" in (result.problems[1].hint or "")


def test_every_load_code_is_tested_here() -> None:
    """This module has a test named after every loader code (a guard for new codes)."""
    names = " ".join(name for name in globals() if name.startswith("test_code"))
    untested = [code for code in LOAD_CODES if code.replace("-", "_") not in names]
    assert [] == untested


# --- every problem is reported, with where and how ----------------------------------------------


def test_all_problems_are_reported_not_only_the_first() -> None:
    """Five independent mistakes in one file give five problems, in line order."""
    text = one_table("""\
        - {title: a, amount: 1.200, expires: 2016}
        - {title: b, amount: 1, expires: someday}
        - {title: c, amount: 1, expires: 2016, kilde: x}
        - {title: d, amount: 0x10, expires: 2016}
        - {amount: 1, expires: 2016}
        """)
    assert [
        ("ambiguous-number", 9),
        ("bad-expiry", 10),
        ("unknown-field", 11),
        ("bad-number", 12),
        ("missing-field", 13),
    ] == codes(load_string(text))


def test_every_problem_has_file_line_message_and_hint() -> None:
    """No problem is reported without a place, a sentence and a way forward."""
    text = one_table("- {title: a, amount: 1.200, expires: x, org: y, profile: {'z': 1}}")
    result = load_string(text, "f.yaml")
    assert result.problems
    for problem in result.problems:
        assert ("f.yaml", True, True, True, Severity.ERROR) == (
            problem.location.file,
            problem.location.line >= 1,
            bool(problem.message),
            bool(problem.hint),
            problem.severity,
        )


def test_a_file_with_errors_is_left_out_but_others_load(write_ledger: Callable[..., Path]) -> None:
    """One broken ledger does not hide the good ones; its problems are all kept."""
    write_ledger(one_table("- {title: a, amount: 1, expires: 2016}"), "a.yaml")
    bad = write_ledger(one_table("- {title: b, amount: 1.5.5, expires: 2016}"), "b.yaml")
    result = load(bad.parent)
    assert (["Test"], [("bad-number", 9)], False) == (
        [led.title for led in result.ledgers],
        codes(result),
        result.valid,
    )


# --- files and directories -------------------------------------------------------------------


def test_directories_are_walked_sorted_recursively_skipping_hidden(
    write_ledger: Callable[..., Path], tmp_path: Path
) -> None:
    """Every *.yaml and *.yml below a directory, sorted; .git and other hidden dirs skipped."""
    for name in ["b.yml", "a.yaml", "sub/c.yaml", ".git/d.yaml", "notes.txt"]:
        write_ledger(one_table("- {title: a, amount: 1, expires: 2016}"), name)
    result = load(tmp_path)
    files = [os.path.relpath(led.file, tmp_path) for led in result.ledgers]
    assert ["a.yaml", "b.yml", os.path.join("sub", "c.yaml")] == files


def test_a_file_named_twice_is_loaded_once(write_ledger: Callable[..., Path]) -> None:
    """Overlapping paths (a file and its directory) load each file once."""
    path = write_ledger(one_table("- {title: a, amount: 1, expires: 2016}"))
    assert 1 == len(load([path, path.parent, str(path)]).ledgers)


def test_a_symlink_loop_does_not_hang(write_ledger: Callable[..., Path], tmp_path: Path) -> None:
    """A directory link back to its parent is not followed."""
    write_ledger(one_table("- {title: a, amount: 1, expires: 2016}"), "d/a.yaml")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d", target_is_directory=True)
    assert 1 == len(load(tmp_path).ledgers)


def test_bom_and_crlf_are_accepted_with_correct_lines(tmp_path: Path) -> None:
    """A UTF-8 BOM and Windows line ends load; lines still count from 1 at the first line."""
    text = one_table("- {title: Mikrolån, amount: 1.200, expires: 2016}")
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = load(path)
    assert [("ambiguous-number", 9)] == codes(result)
    assert (
        "      - {title: Mikrolån, amount: 1.200, expires: 2016}"
        == (result.sources[str(path)].split("\n")[8])
    )


def test_sources_keep_each_files_text_for_excerpts(write_ledger: Callable[..., Path]) -> None:
    """The decoded text of every readable file is kept, by path."""
    path = write_ledger("format: bevilling/1\n")
    assert {str(path): "format: bevilling/1\n"} == dict(load(path).sources)


# --- streaming ---------------------------------------------------------------------------------


def test_number_format_declared_after_the_tables_still_applies() -> None:
    """Tables are read while parsing; a `number_format` written below them is still honoured."""
    text = one_table("- {title: x, amount: '5.190', expires: 2016}") + "number_format: da\n"
    row = only_row(text)
    assert Decimal(5190) == row.amount  # type: ignore[attr-defined]


def test_every_way_of_reading_gives_the_same_ledgers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fast path, libyaml with streaming, libyaml on the whole tree: the same ledgers, problems."""
    from bevilling.read import fastpath
    from bevilling.read import yamltree as yt
    from tests.conftest import ROOT

    paths = [ROOT / "ledger", ROOT / "examples" / "ledgers", ROOT / "tests" / "hostile"]
    fast = load(paths)
    monkeypatch.setattr(fastpath, "parse_simple", lambda text, on_table=None: None)
    streamed = load(paths)
    whole_tree = yt.parse_tree
    monkeypatch.setattr(yt, "parse_tree", lambda text, on_table=None: whole_tree(text))
    assert (fast.ledgers, fast.problems) == (streamed.ledgers, streamed.problems)
    assert (fast.ledgers, fast.problems) == (load(paths).ledgers, load(paths).problems)


def test_a_fast_read_that_gives_up_halfway_reports_each_problem_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A plain first table (with a mistake) read fast, then a row the fast path leaves to
    libyaml (a quoted value in a flow mapping): one problem."""
    from bevilling.read import fastpath
    from bevilling.read import yamltree as yt

    text = ledger("""\
        tables:
          - name: T1
            category: driftsmidler
            appropriations:
              - title: x
                amount: 1.200
                expires: 2016
          - name: T2
            category: driftsmidler
            appropriations:
              - {title: 'y', amount: 1, expires: 2016}
        """)
    streamed: list[int] = []
    real = fastpath.parse_simple

    def spy(text: str, on_table: yt.TableHook | None = None) -> yt.Node | None:
        def hook(node: yt.Mapping, index: int, root: yt.Mapping) -> yt.Node:
            streamed.append(index)
            assert on_table is not None
            return on_table(node, index, root)

        return real(text, hook)

    monkeypatch.setattr(fastpath, "parse_simple", spy)
    assert [("ambiguous-number", 10)] == codes(load_string(text))
    assert [1] == streamed  # the first table was read by the fast path before it gave up


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('reason: ""', "`reason` har ingen værdi"),
        ("reason: '   '", "`reason` indeholder kun mellemrum eller usynlige tegn ('   ')"),
        ('reason: "\\t"', "`reason` indeholder kun mellemrum eller usynlige tegn ('\\t')"),
        (
            'reason: "\\u00a0\\u200b"',
            "`reason` indeholder kun mellemrum eller usynlige tegn ('\\xa0\\u200b')",
        ),
        ("reason: >-\n      \n", "`reason` har ingen værdi"),
    ],
)
def test_an_acceptance_with_a_blank_reason_is_a_missing_reason(written: str, message: str) -> None:
    """An accepted entry must say why: a `reason:` that is empty or only spaces, tabs, no-break
    or zero-width spaces is `missing-field` on its line, as a `reason:` without a value is,
    with the same hint, in Danish and English; the file is not checked."""
    text = ledger(
        f"""\
        tables: []
        accepted:
          - code: total-mismatch
            table: T
            stated: 2
            sum: 1
            {written}
        """
    )
    result = load_string(text, "t.yaml")
    assert (
        [("missing-field", 11)],
        [message],
        ["tilføj `reason:` med begrundelsen for, at afvigelsen accepteres"],
    ) == (codes(result), [p.message for p in result.problems], [p.hint for p in result.problems])
    assert ((), False) == (result.ledgers, result.valid)
    with use_locale("en"):
        english = load_string(text, "t.yaml").problems
    assert ["add `reason:` saying why the discrepancy is accepted"] == [p.hint for p in english]
    assert english[0].message.startswith(("`reason` has no value", "`reason` holds only spaces"))


@pytest.mark.parametrize(
    ("written", "message", "hint"),
    [
        (
            "code: negative-amount, appropriation: ",
            "`appropriation` har ingen værdi",
            "skriv id'et på den række, posten gælder; en post uden `table:` og `appropriation:`"
            " gælder hele bevillingsfilen",
        ),
        (
            "code: negative-amount, appropriation: ''",
            "`appropriation` har ingen værdi",
            "skriv id'et på den række, posten gælder; en post uden `table:` og `appropriation:`"
            " gælder hele bevillingsfilen",
        ),
        (
            "code: negative-amount, table: ~",
            "`table` har ingen værdi",
            "skriv navnet på den tabel, posten gælder, som dens `name:` lyder; en post uden"
            " `table:` og `appropriation:` gælder hele bevillingsfilen",
        ),
        (
            'code: " "',
            "`code` indeholder kun mellemrum eller usynlige tegn (' ')",
            "tilføj `code:` med koden for det accepterede fund, fx total-mismatch",
        ),
    ],
)
def test_an_acceptance_naming_an_empty_place_or_code_is_a_missing_field(
    written: str, message: str, hint: str
) -> None:
    """`appropriation:` or `table:` written without a value would make the entry apply to the
    whole ledger (accepting the findings of every row); a blank `code:` names no check: each
    is `missing-field` on its line, and nothing is accepted."""
    result = load_string(
        ledger(
            f"""\
            tables: []
            accepted:
              - {{{written}, reason: Kilden trykker et negativt beløb for A1.}}
            """
        ),
        "t.yaml",
    )
    assert ([("missing-field", 7)], [message], [hint]) == (
        codes(result),
        [p.message for p in result.problems],
        [p.hint for p in result.problems],
    )
    assert () == result.ledgers


def test_an_item_that_is_not_keys_and_values_is_named_in_words() -> None:
    """A list item written as text where keys and values belong is named in the user's
    language ("et accepteret fund", "en tabel"), never by an English phrase in backticks."""
    result = load_string(ledger("tables:\n  - x\naccepted:\n  -\n"), "t.yaml")
    assert [
        "en tabel skal være felter med værdier (`felt: værdi`), ikke tekst ('x')",
        "et accepteret fund skal være felter med værdier (`felt: værdi`), ikke tekst ('')",
    ] == [p.message for p in result.problems]
    with use_locale("en"):
        english = load_string(ledger("tables:\n  - x\n"), "t.yaml").problems
    assert ["a table must be a mapping of keys and values, not text ('x')"] == [
        p.message for p in english
    ]


def test_a_reason_with_text_around_blanks_is_read_as_written() -> None:
    """A reason with visible text is read as written, no-break spaces and all."""
    result = load_string(
        ledger(
            """\
            tables: []
            accepted:
              - {code: total-mismatch, table: T, stated: 2, sum: 1, reason: "\\u00a0Tryk\\u200bfejl "}
            """  # noqa: E501
        )
    )
    assert ([], "\u00a0Tryk\u200bfejl ") == (codes(result), result.ledgers[0].accepted[0].reason)


def test_an_acceptance_records_its_figures_in_the_ledgers_notation() -> None:
    """`stated:`, `sum:` and `year:` of an accepted entry are read like every amount and year
    of the ledger (its notation, no YAML typing): `'48.779'` in a Danish ledger is 48779,
    `1.200` in a plain one is ambiguous and refused."""
    danish = load_string(
        ledger(
            """\
            number_format: da
            tables: []
            accepted:
              - {code: total-mismatch, table: T, year: 2016, stated: '48.779', sum: '47.579,5', reason: R}
            """  # noqa: E501
        )
    )
    entry = danish.ledgers[0].accepted[0]
    assert (2016, Decimal(48779), Decimal("47579.5"), True) == (
        entry.year,
        entry.stated,
        entry.summed,
        entry.pinned,
    )
    plain = load_string(
        ledger(
            """\
            tables: []
            accepted:
              - {code: total-mismatch, table: T, stated: 1.200, sum: 1200, reason: R}
            """
        )
    )
    assert ["ambiguous-number"] == [p.code for p in plain.problems]


def test_a_description_acceptance_records_named_amounts_and_the_rows_amount() -> None:
    """`named:` (one amount or a list) and `amount:` are read like every amount of the ledger:
    `'1.900'` in a Danish ledger is 1900 and `'1,9'` is 1.9 (never YAML's 1.9 for `1.900`)."""
    danish = load_string(
        ledger(
            """\
            number_format: da
            tables: []
            accepted:
              - {code: description-amount, appropriation: D09, named: '1.900', amount: '1.187', reason: R}
              - {code: description-amount, appropriation: D10, named: ['2.600', '1,9'], amount: '0,5', reason: R}
            """  # noqa: E501
        )
    )
    assert () == danish.problems
    assert [
        ((Decimal(1900),), Decimal(1187)),
        ((Decimal(2600), Decimal("1.9")), Decimal("0.5")),
    ] == [(entry.named, entry.amount) for entry in danish.ledgers[0].accepted]


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("1.900", ("ambiguous-number", 9)),
        ("NO", ("bad-number", 9)),
        ("0x10", ("bad-number", 9)),
        ("[]", ("missing-field", 9)),
        ("null", ("missing-field", 9)),
        ("{a: 1}", ("wrong-type", 9)),
        ("[1900, [1]]", ("wrong-type", 9)),
        ("[1900, NO]", ("bad-number", 9)),
        ("9999999999999999", ("amount-out-of-range", 9)),
    ],
)
def test_a_bad_named_value_is_a_problem(value: str, problem: tuple[str, int]) -> None:
    """A `named:` that is not an amount or a non-empty list of amounts is a loader problem
    at its line, never a traceback nor a value lost to YAML typing."""
    found = load_string(
        ledger(
            f"""\
            tables: []
            accepted:
              - code: description-amount
                appropriation: D09
                named: {value}
                amount: 1187
                reason: R
            """
        )
    )
    assert [problem] == [(p.code, p.location.line) for p in found.problems]


# --- issue 13: the hand-written layout is read on the fast path, in linear work -------------


def test_the_hand_layout_loads_on_the_fast_path_in_linear_work() -> None:
    """Issue 13: a ledger written as people write them (folded and literal descriptions,
    flow-style profiles, comments, quoted titles with escapes, blank lines) is parsed by the
    fast path, not libyaml, and loading 4N rows executes at most ~4x the lines of bevilling's
    code that N rows do (a counted shape, not a time)."""
    from bevilling.read import fastpath
    from tests.audit.helpers import hand_ledger, lines_executed

    def run(rows: int) -> int:
        text = hand_ledger(rows)
        assert fastpath.parse_simple(text) is not None
        ledgers, executed = lines_executed(lambda: load_string(text, "t.yaml"))
        assert () == ledgers.problems
        assert rows == len(ledgers.ledgers[0].appropriations)
        return executed

    small, large = run(100), run(400)
    assert large <= 4.3 * small


def test_rows_of_one_year_share_one_expiry_and_records_keep_their_own() -> None:
    """Issue 13: the rows of a load that expire in one year share one (frozen) Expiry, one
    object per year instead of per row; `parse_expiry` (which change files read a
    forlængelse with) still makes a new one, so an expiry in force is never the printed one
    by identity."""
    from bevilling.read.values import parse_expiry

    ledgers = load_string(
        HEADER + "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
        "      - {title: A, amount: 1, expires: 2016}\n"
        "      - {title: B, amount: 2, expires: '2016'}\n"
        "      - {title: C, amount: 3, expires: 2017}\n"
    )
    a, b, c = ledgers.ledgers[0].appropriations
    assert (True, False) == (a.expiry is b.expiry, a.expiry is c.expiry)
    assert Expiry.in_year(2016) == a.expiry
    assert parse_expiry("2016") is not a.expiry


def _general_rows_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the loader read every row with its general reader (`any_row`), as before the
    one-pass reader existed."""
    from bevilling.read import loader

    monkeypatch.setattr(loader._Reader, "plain_row", lambda *_args: None)


def _loaded(paths: list[Path]) -> list[tuple[object, ...]]:
    """Each file's ledgers (compared field by field, locations included) and problems."""
    result: list[tuple[object, ...]] = []
    for path in paths:
        loaded = load(path)
        result.append((str(path), loaded.ledgers, [(p.code, str(p.location), p.message,
                       p.hint) for p in loaded.problems]))  # fmt: skip
    return result


ROW_VARIANTS = """\
- {title: A, amount: 1200, expires: 2016}
- {id: X-1, title: "B", amount: '1200', expires: '2016', target_group: Alle, source: ~}
- {title: C, profile: {2016: 100, 2017: 0}}
- {title: D, profile: {2017: 5, 2016: 7}}
- {title: E, amount: 10, profile: {2016: 4, 2017: 6}, expires: open}
- {title: F, amount: -5.5, expires: Udløb ikke fastsat, committee: BIU, function: 6.45}
- {title: G, amount: 18.10, expires: declining, appropriation_no: '18.10', id: ''}
- {title: H, amount: 0, expires: ' 2016 ', description: null, organisation: ''}
- {title: I, amount: 1200, expires: 2016, id: null, target_group: "null"}
- {title: J, profile: {2016: 0, 2017: 0}, expires: 2017}
- {title: K, amount: 007, expires: faldende profil}
"""


def test_the_one_pass_row_reader_reads_every_row_as_the_general_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader's one-pass row reader reads each row it takes to exactly the appropriation
    the general reader makes (every field, file and line), and leaves every other row, with
    its problems, to the general reader: on generated registers of both layouts, with and
    without changed rows, the shipped ledgers, the hostile corpus and rows written every
    which way, in both number formats."""
    from tests.conftest import ROOT

    paths = [*ROOT.glob("ledger/*.yaml"), *ROOT.glob("examples/ledgers/*.yaml"),
             *ROOT.glob("tests/hostile/*.yaml")]  # fmt: skip
    for style, vary in (("plain", "0"), ("hand", "0"), ("plain", "40"), ("hand", "40")):
        out = tmp_path / f"{style}-{vary}.yaml"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "400", str(out), "--style",
             style, "--vary", vary, "--seed", "7"],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        paths.append(out)
    rows = textwrap.indent(ROW_VARIANTS, "      ")
    for number_format in ("plain", "da"):
        variants = tmp_path / f"variants-{number_format}.yaml"
        variants.write_text(
            one_table(rows, header=HEADER + f"number_format: {number_format}\n"),
            encoding="utf-8",
        )
        paths.append(variants)
    fast = _loaded(paths)
    _general_rows_only(monkeypatch)
    general = _loaded(paths)
    assert general == fast
    assert [1, 0] == [len(load(p).ledgers) for p in paths[-2:]]  # `-5.5` is not Danish


def test_rows_share_their_repeated_texts_and_figures() -> None:
    """Rows that repeat a target group, organisation, source, title, expiry or profile year
    share one object for it (a register holds each once), and are still equal, frozen rows."""
    loaded = load_string(one_table("""\
          - {title: Mikrolån, amount: 1200, expires: 2016, target_group: Alle, source: BA 2015}
          - {title: Mikrolån, amount: 1200, expires: 2016, target_group: Alle, source: BA 2015}
          - {title: Profil, profile: {2016: 100, 2017: 50}}
          - {title: Profil, profile: {2016: 100, 2017: 50}}
        """))  # fmt: skip
    first, second, third, fourth = loaded.ledgers[0].appropriations
    shared = ["target_group", "source", "title", "expiry", "amount"]
    assert shared == [name for name in shared if getattr(first, name) is getattr(second, name)]
    assert third.profile is not None
    assert fourth.profile is not None
    assert third.profile.pairs[0] is fourth.profile.pairs[0]
    assert third.expiry is fourth.expiry
    assert Expiry.in_year(2017) == third.expiry
    assert (Location("<string>", 9, 9), Location("<string>", 10, 10)) == (
        first.location, second.location)  # fmt: skip
    with pytest.raises(AttributeError):
        first.title = "x"  # type: ignore[misc]
