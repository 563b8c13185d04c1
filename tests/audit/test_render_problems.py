"""Renderers of check reports: JSON, GitHub workflow commands and JUnit XML, parsed back."""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import bevilling
from bevilling.audit.registry import check
from bevilling.audit.render import (
    render_report_github,
    render_report_json,
    render_report_junit,
    render_report_text,
)

LEDGER = textwrap.dedent("""\
    format: bevilling/1
    title: Test
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: "Tabel 1: drift, 2015"
        category: driftsmidler
        stated_total: 1300
        appropriations:
          - id: A1
            title: Mikrolån
            description: Der gives 1,9 mio. kr.
            amount: 1200
            expires: 2016
      - name: Tabel 2
        category: driftsmidler
        stated_total: 100
        appropriations:
          - {id: A2, title: X, amount: 90, expires: 2016}
    accepted:
      - {code: total-mismatch, table: Tabel 2, stated: 100, sum: 90, reason: "Trykt sådan: 100%"}
    """)


def report_of(text: str = LEDGER, locale: str = "da") -> bevilling.Report:
    """The report of checking one inline ledger named t.yaml."""
    return check(bevilling.load_string(text, "t.yaml"), locale=locale)


def test_json_has_the_documented_shape() -> None:
    """JSON gives problems with code, severity, message, hint, file, line, accepted, and the
    error and warning counts; accepted findings carry their reason."""
    document = json.loads(render_report_json(report_of()))
    assert (1, 1, 1) == (document["errors"], document["warnings"], document["accepted"])
    first = document["problems"][0]
    assert {"code", "severity", "message", "hint", "file", "line", "accepted"} <= set(first)
    assert [
        ("total-mismatch", "error", 8, None),
        ("description-amount", "warning", 10, None),
        ("total-mismatch", "error", 17, "Trykt sådan: 100%"),
    ] == [(p["code"], p["severity"], p["line"], p["accepted"]) for p in document["problems"]]
    assert "t.yaml" == first["file"]


def test_json_gives_the_figures_of_a_description_amount_finding() -> None:
    """A `description-amount` finding carries its figures in JSON as exact decimal strings in
    the ledger's unit: the amounts the description names (a list) and the row's amount."""
    document = json.loads(render_report_json(report_of()))
    assert [{"scope": "description", "named": ["1900"], "amount": "1200"}] == [
        p["figures"] for p in document["problems"] if p["code"] == "description-amount"
    ]


def test_github_commands_and_escaping() -> None:
    """One workflow command per finding: error/warning/notice (accepted), properties with
    `:` and `,` escaped, data with %, CR and LF escaped; then the summary line."""
    lines = render_report_github(report_of()).splitlines()
    assert 4 == len(lines)
    assert lines[0].startswith("::error file=t.yaml,line=8,title=bevilling total-mismatch::")
    assert 'tabel "Tabel 1%3A drift%2C 2015": oplyst total 1.300' not in lines[0], (
        "message data keeps `:` and `,` unescaped"
    )
    assert (
        'tabel "Tabel 1: drift, 2015": oplyst total 1.300, rækkerne summer til 1.200' in (lines[0])
    )
    assert "%0Atip: sammenhold hvert tal" in lines[0]
    assert lines[1].startswith(
        "::warning file=t.yaml,line=10,endLine=14,title=bevilling description-amount::"
    )
    assert lines[2].startswith(
        "::notice file=t.yaml,line=17,title=bevilling total-mismatch (accepteret)::"
    )
    assert lines[2].endswith("%0Aaccepteret: Trykt sådan: 100%25")
    assert "1 bevillingsfil, 2 bevillinger: 1 fejl, 1 advarsel, 1 accepteret" == lines[3]


def test_github_in_english() -> None:
    """With the English locale the annotations' words are English; the levels (error,
    warning, notice) are GitHub's and the same in both."""
    lines = render_report_github(report_of(locale="en")).splitlines()
    assert (
        'table "Tabel 1: drift, 2015": stated total 1,300, the rows add up to 1,200' in (lines[0])
    )
    assert "%0Ahint: compare each figure" in lines[0]
    assert lines[2].startswith(
        "::notice file=t.yaml,line=17,title=bevilling total-mismatch (accepted)::"
    )
    assert lines[2].endswith("%0Aaccepted: Trykt sådan: 100%25")
    assert "1 ledger, 2 appropriations: 1 error, 1 warning, 1 accepted" == lines[3]


def test_github_property_escaping_of_file_names() -> None:
    """A file name with `,` and `:` is escaped in the file property."""
    ledgers = bevilling.load_string(LEDGER, "a,b:c.yaml")
    first = render_report_github(check(ledgers)).splitlines()[0]
    assert first.startswith("::error file=a%2Cb%3Ac.yaml,line=8,")


def test_junit_parses_with_one_case_per_file_and_check() -> None:
    """JUnit XML: a suite per file, a case per check that ran plus `load`; unaccepted errors
    fail their case, warnings and accepted findings go to system-out (unless strict)."""
    report = report_of()
    root = ET.fromstring(render_report_junit(report))  # noqa: S314 - our own output
    assert "testsuites" == root.tag
    suites = root.findall("testsuite")
    assert ["t.yaml"] == [s.get("name") for s in suites]
    cases = {c.get("name"): c for c in suites[0].findall("testcase")}
    assert ["load", *report.checked] == list(cases)
    assert (str(1 + len(report.checked)), "1") == (root.get("tests"), root.get("failures"))
    failure = cases["total-mismatch"].find("failure")
    assert failure is not None
    assert failure.get("message", "").startswith('1 fund: tabel "Tabel 1: drift, 2015"')
    assert "t.yaml:8: fejl[total-mismatch]" in (failure.text or "")
    out = cases["total-mismatch"].find("system-out")
    assert out is not None
    assert "(accepteret)" in (out.text or "")
    assert cases["description-amount"].find("failure") is None
    strict = ET.fromstring(render_report_junit(report, strict=True))  # noqa: S314
    assert "2" == strict.get("failures")


def test_junit_lists_unloadable_files() -> None:
    """A file that failed to load gets a suite whose `load` case fails."""
    ledgers = bevilling.load_string("format: bevilling/1\ntitle: X\n", "bad.yaml")
    root = ET.fromstring(render_report_junit(check(ledgers)))  # noqa: S314
    case = root.find("testsuite/testcase[@name='load']")
    assert case is not None
    failure = case.find("failure")
    assert failure is not None
    assert "missing-field" == failure.get("type")


def test_text_is_one_line_when_clean() -> None:
    """A clean run prints nothing but the summary line."""
    clean = LEDGER.split("accepted:")[0].replace("1300", "1200").replace("1,9", "1,2")
    clean = clean.replace("stated_total: 100", "stated_total: 90")
    assert "1 bevillingsfil, 2 bevillinger: 0 fejl, 0 advarsler, 0 accepterede\n" == (
        render_report_text(report_of(clean))
    )


# --- issue 11 items 4 and 5: ledger text is safe in every output -----------------------------

HOSTILE = (
    "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
    '  - name: "T\\e]0;pwned\\a"\n    category: driftsmidler\n    stated_total: 2\n'
    "    appropriations:\n"
    '      - {id: A1, title: "Mikrolån\\e[2J\\x9b1m\\u202e\\x00", amount: 0, expires: 2016}\n'
)
_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]")


def test_text_output_shows_control_characters_visibly() -> None:
    """An attacker's title with ESC, BEL, C1 CSI, a bidi override and NUL (written as YAML
    escapes) reaches `check` output as visible escapes, never raw."""
    ledgers = bevilling.load_string(HOSTILE, "t.yaml")
    output = render_report_text(check(ledgers), ledgers.sources)
    assert [] == _RAW.findall(output)
    assert 'Mikrolån\\x1b[2J\\x9b1m\\u202e\\x00"' in output


def test_excerpt_of_a_raw_control_character_in_a_comment_is_visible() -> None:
    """A raw ESC in a comment is a load error whose excerpt quotes the line: visibly."""
    text = "format: bevilling/1\n# evil \x1b]0;pwned\x07\ntitle: T\n"
    ledgers = bevilling.load_string(text, "t.yaml")
    output = render_report_text(check(ledgers), ledgers.sources)
    assert "  2 | # evil \\x1b]0;pwned\\x07\n" in output
    assert [] == _RAW.findall(output)


@pytest.mark.parametrize("strict", [False, True])
def test_junit_with_control_characters_parses(strict: bool) -> None:
    """JUnit XML of findings quoting control characters (NUL, ESC) parses, and shows them
    as visible escapes."""
    root = ET.fromstring(  # noqa: S314 - our own output
        render_report_junit(report_of(HOSTILE), strict=strict)
    )
    texts = " ".join(
        [e.text or "" for e in root.iter()] + [v for e in root.iter() for v in e.attrib.values()]
    )
    assert "Mikrolån\\x1b[2J" in texts
    assert [] == _RAW.findall(texts)


def test_github_annotations_cannot_be_broken_out_of() -> None:
    """A title with a line break and `::error` stays inside its annotation's message: one
    line per finding, control characters visible, `%`, CR and LF escaped."""
    text = HOSTILE.replace("Mikrolån", "Mikrolån\\n::error file=x::pwned 100%")
    output = render_report_github(report_of(text))
    lines = output.splitlines()
    assert 3 == len(lines)  # total-mismatch, zero-amount, the summary
    assert all(line.startswith(("::error ", "::warning ", "1 bevillingsfil")) for line in lines)
    assert "Mikrolån%0A::error file=x::pwned 100%25\\x1b[2J" in output
    assert [] == _RAW.findall(output)


def test_json_writes_control_characters_as_escapes() -> None:
    """JSON output has no raw control character (C1 and bidi overrides are \\u escapes, which
    JSON allows) and decodes to the exact text."""
    output = render_report_json(report_of(HOSTILE))
    assert [] == _RAW.findall(output)
    messages = [p["message"] for p in json.loads(output)["problems"]]
    assert any("Mikrolån\x1b[2J\x9b1m\u202e\x00" in m for m in messages)


def test_junit_work_grows_linearly_with_findings() -> None:
    """Issue 13 item 4: JUnit rendering of 4N findings executes at most ~4x the lines of N
    (findings are grouped by file and check in one pass; no list membership per finding)."""
    from tests.audit.helpers import lines_executed

    def rendered(rows: int) -> int:
        body = "".join(
            f"      - {{id: A{n}, title: X{n}, amount: 0, expires: 2016}}\n" for n in range(rows)
        )
        report = report_of(
            LEDGER.split("tables:")[0] + "tables:\n  - name: T\n    category: driftsmidler\n"
            "    stated_total: 1\n    appropriations:\n" + body
        )
        assert rows == sum(1 for p in report.problems if p.code == "zero-amount")
        return lines_executed(lambda: render_report_junit(report))[1]

    assert rendered(400) <= 4.5 * rendered(100)


# --- issue 12: Danish first -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "message", "title"),
    [
        ("da", 'tabel "Tabel 1: drift, 2015": oplyst total 1.300,',
         "en tabels rækker (eller en bevillingsfils tabeller) summer ikke til den oplyste total"),
        ("en", 'table "Tabel 1: drift, 2015": stated total 1,300,',
         "a table's rows (or a ledger's tables) do not add up to the printed total"),
    ],
)  # fmt: skip
def test_json_text_follows_the_locale_and_identifiers_stay_english(
    locale: str, message: str, title: str
) -> None:
    """JSON `message`, `hint` and `title` are in the report's language; keys, codes and the
    `severity` values are English identifiers in both."""
    first = json.loads(render_report_json(report_of(locale=locale)))["problems"][0]
    assert ("total-mismatch", "error") == (first["code"], first["severity"])
    assert first["message"].startswith(message)
    assert title == first["title"]


def test_json_title_of_a_loader_code_is_translated_through_core() -> None:
    """A loader code's title is the core catalog's description, in the report's language
    (English when the core catalog has no translation yet)."""
    from bevilling.core.problems import LOAD_CODES
    from bevilling.i18n.catalogs import translate

    ledgers = bevilling.load_string("format: bevilling/1\ntitle: X\n", "bad.yaml")
    for locale in ("da", "en"):
        first = json.loads(render_report_json(check(ledgers, locale=locale)))["problems"][0]
        expected = translate("core", LOAD_CODES["missing-field"], locale)
        assert ("missing-field", expected) == (first["code"], first["title"])


def test_summary_counts_files_that_did_not_load_in_both_languages() -> None:
    """The summary line says how many of the files loaded, with Danish and English plurals."""
    ledgers = bevilling.load_string("format: bevilling/1\ntitle: X\n", "bad.yaml")
    assert (
        "0 af 1 bevillingsfil indlæst, 0 bevillinger: 3 fejl, 0 advarsler, 0 accepterede"
        == (render_report_text(check(ledgers)).splitlines()[-1])
    )
    assert (
        "0 of 1 ledger loaded, 0 appropriations: 3 errors, 0 warnings, 0 accepted"
        == (render_report_text(check(ledgers, locale="en")).splitlines()[-1])
    )


def test_long_excerpt_says_how_many_lines_were_left_out() -> None:
    """An excerpt cut after eight lines says how many more there are, in the language asked
    for."""
    from bevilling.audit.render import excerpt
    from bevilling.core.problems import Location, Problem, Severity

    problem = Problem("x", Severity.ERROR, "m", Location("t.yaml", 1, 10))
    sources = {"t.yaml": "\n".join(f"line {n}" for n in range(1, 11))}
    assert excerpt(problem, sources, "da").endswith("   | ... (2 linjer mere)")
    assert excerpt(problem, sources, "en").endswith("   | ... (2 more lines)")


def test_text_labels_follow_the_report_not_the_current_locale() -> None:
    """A report checked in English renders its labels in English even where the current
    locale is Danish (the report remembers the language its findings are written in)."""
    text = render_report_text(report_of(locale="en"))
    assert "t.yaml:8: error[total-mismatch]: table" in text
    assert "  hint: compare each figure" in text
    assert "(accepted)" in text
    assert text.endswith("1 ledger, 2 appropriations: 1 error, 1 warning, 1 accepted\n")


def test_summary_keeps_record_files_apart_from_ledgers(tmp_path: Path) -> None:
    """A user checks a ledger with a good and a broken spending file: the summary said "1 af 2
    bevillingsfiler indlæst og 1 ændrings- eller forbrugsfil" (the broken spending file counted
    as a ledger that did not load). It says how many of each kind loaded."""
    (tmp_path / "l.yaml").write_text(
        "format: bevilling/1\ntitle: E\ndocument: D\nunit: DKK\ntables:\n  - name: T\n"
        "    category: driftsmidler\n    stated_total: 1\n    appropriations:\n"
        "      - {id: A1, title: T, amount: 1, expires: 2016}\n",
        encoding="utf-8",
    )
    head = "format: bevilling-spending/1\ntitle: F\nunit: DKK\nspending:\n"
    (tmp_path / "s1.yaml").write_text(
        head + "  - {appropriation: A1, year: 2016, amount: 1}\n", encoding="utf-8"
    )
    (tmp_path / "s2.yaml").write_text(
        head + "  - {appropriation: A1, year: 16, amount: 1}\n", encoding="utf-8"
    )
    ledgers = bevilling.load(tmp_path)
    assert (
        "1 bevillingsfil og 1 af 2 ændrings- eller forbrugsfiler indlæst, 1 bevilling: 1 fejl,"
        " 0 advarsler, 0 accepterede"
    ) == render_report_text(check(ledgers)).splitlines()[-1]
    assert (
        "1 ledger and 1 of 2 change or spending files loaded, 1 appropriation: 1 error,"
        " 0 warnings, 0 accepted"
    ) == render_report_text(check(ledgers, locale="en")).splitlines()[-1]
