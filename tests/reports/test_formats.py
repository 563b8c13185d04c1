"""Tests for bevilling.reports.formats: every output format, and what each makes safe."""

from __future__ import annotations

import json
import re

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import LedgerSet
from bevilling.reports import (
    FORMATS,
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
from bevilling.reports.formats import Format, json_chunks, json_document, json_lines
from tests.reports.helpers import MIO, WIDE, load_ok
from tests.strategies import ledger_sets


def test_html_escapes_text() -> None:
    """Text from the ledger is escaped in HTML: '<Kontanthjælp & co>' cannot inject markup."""
    text = render_expiring(expiring(load_ok(MIO), 2015), "html")
    assert "&lt;Kontanthjælp &amp; co&gt;" in text
    assert "<Kontanthjælp" not in text


def test_unknown_format_is_refused() -> None:
    """A format that is not one of FORMATS raises rather than printing something else."""
    with pytest.raises(ValueError, match="ukendt format 'xml': brug et af table, markdown"):
        render_totals(totals(load_ok(MIO)), "xml")  # type: ignore[arg-type]


@given(ledger_sets())
def test_every_format_renders_any_ledger_set(ledgers: LedgerSet) -> None:
    """Every report renders in every format for any ledgers, and JSON totals match the query."""
    chosen = Filter(phase="all")
    result = expiring(ledgers, 2016, filter=chosen, allow_errors=True)
    for fmt in FORMATS:
        assert render_expiring(result, fmt, include_open=True).endswith("\n")
        assert render_totals(
            totals(ledgers, "expiry", filter=chosen, allow_errors=True), fmt
        ).endswith("\n")
    document = json.loads(render_expiring(result, "json"))
    assert result.total == bevilling.D(document["total"])
    chart = render_timeline(timeline(ledgers, filter=chosen, allow_errors=True), width=80).split(
        "\n\n"
    )[-1]
    assert all(len(line) <= 80 for line in chart.split("\n"))


@pytest.mark.parametrize("fmt", ["markdown", "github", "html", "csv", "json"])
def test_only_the_table_format_fits_the_width(fmt: Format) -> None:
    """markdown, github, html, csv and json are for pasting elsewhere: width changes nothing."""
    result = expiring(load_ok(WIDE), 2016)
    assert render_expiring(result, fmt) == render_expiring(result, fmt, width=40)


# --- issue 11: every output is safe to open, whatever the ledger says ----------------------

HOSTILE = r"""
format: bevilling/1
title: "=HYPERLINK(\"http://evil\",\"klik\")"
document: D
unit: 1000 DKK
tables:
  - name: "-2+3 Tabel"
    category: driftsmidler
    stated_total: 700
    appropriations:
      - {id: "=1+1", title: "<script>alert(1)</script> | x", amount: 1200, expires: 2016,
         target_group: "+cmd|' /C calc'!A0", organisation: "@SUM(1)",
         source: "<img src=x onerror=alert(1)>"}
      - {id: A2, title: "\e]0;owned\a\e[2J\u009b31m", amount: -500, expires: 2016,
         description: "# Heading\n- item", target_group: "\tTab", organisation: "\rCR"}
"""

#: Control characters that must never reach an output raw (line feed is a line break).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _outputs(ledgers: LedgerSet, fmt: str, dialect: str = "excel") -> dict[str, str]:
    """Every report over ``ledgers`` in ``fmt``, by name."""
    options = {"locale": "da", "csv_dialect": dialect}
    outputs = {
        "expiring": render_expiring(expiring(ledgers, 2016), fmt, include_open=True, **options),
        "list": render_list(ledgers.entries(), fmt, **options),
        "timeline": render_timeline(timeline(ledgers), fmt, **options),
        **{
            f"totals --by {by}": render_totals(totals(ledgers, by), fmt, **options)
            for by in ("target-group", "organisation", "source", "ledger", "expiry")
        },
        **{
            f"show {entry.appropriation.id}": render_show(entry, fmt, **options)
            for entry in ledgers.entries()
        },
    }
    return outputs


def test_csv_of_every_report_neutralises_formulas_and_keeps_numbers() -> None:
    """A ledger whose texts start with =, +, -, @, tab or CR: in the CSV of every report each
    such cell starts with an apostrophe (OWASP), and the negative amount stays a number."""
    import csv
    import io

    ledgers = bevilling.load_string(HOSTILE, "hostile.yaml")
    for dialect, delimiter in (("excel", ";"), ("plain", ",")):
        for name, text in _outputs(ledgers, "csv", dialect).items():
            cells = [c for row in csv.reader(io.StringIO(text), delimiter=delimiter) for c in row]
            formulas = [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
            formulas += [c for c in cells if c.startswith("-") and not c[1:].isdigit()]
            assert [] == formulas, (name, dialect)
            assert None is RAW_CONTROL.search(text.replace("\r\n", "\n")), (name, dialect)
    listed = _outputs(ledgers, "csv", "plain")["list"]
    assert "'=1+1,vedtaget,driftsmidler,'+cmd|' /C calc'!A0,'@SUM(1)" in listed
    assert ",-500,1.000 kr.,2016\n" in listed
    assert "Beløb (1.000 kr.);-500\r\n" in _outputs(ledgers, "csv")["show A2"]
    assert "'=HYPERLINK" in _outputs(ledgers, "csv")["totals --by ledger"]


@pytest.mark.parametrize("fmt", ["markdown", "github"])
def test_markdown_cannot_inject_html_columns_or_headings(fmt: str) -> None:
    """<script>, <img onerror> and | from a ledger are escaped in markdown and github: every
    table line has as many column separators as the header, and no line starts a heading."""
    ledgers = bevilling.load_string(HOSTILE, "hostile.yaml")
    for name, text in _outputs(ledgers, fmt).items():
        assert None is re.search(r"(?<!\\)<", text), name  # every < escaped: no tag
        assert None is RAW_CONTROL.search(text), name
        table = [line for line in text.split("\n") if line.startswith("|")]
        separators = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
        assert 1 == len(separators), (name, table)
        assert not any(line.startswith("#") for line in text.split("\n")), name
    assert r"\<script\>alert\(1\)\</script\> \| x" in _outputs(ledgers, fmt)["show =1+1"]


def test_html_escapes_every_ledger_text() -> None:
    """HTML output holds no tag from the ledger and no raw control character."""
    ledgers = bevilling.load_string(HOSTILE, "hostile.yaml")
    for name, text in _outputs(ledgers, "html").items():
        assert "<script" not in text, name
        assert "<img" not in text, name
        assert None is RAW_CONTROL.search(text), name
    assert "<h2>=1+1: &lt;script&gt;" in _outputs(ledgers, "html")["show =1+1"]


def test_the_terminal_never_gets_an_escape_sequence() -> None:
    """ESC, BEL, CSI (U+009B), tab and CR in ledger text reach the terminal as visible
    escapes in every report's table format (list, show, expiring, totals)."""
    ledgers = bevilling.load_string(HOSTILE, "hostile.yaml")
    outputs = _outputs(ledgers, "table")
    for name, text in outputs.items():
        assert None is RAW_CONTROL.search(text), name
        assert "\t" not in text, name
    assert r"\x1b]0;owned\x07\x1b[2J\x9b31m" in outputs["list"]
    assert r"A2: \x1b]0;owned\x07" in outputs["show A2"].split("\n")[0]
    assert r"\x09Tab" in outputs["totals --by target-group"]


def test_json_escapes_every_control_character_and_keeps_the_text() -> None:
    """JSON output holds no raw control character (C1 and DEL included) and reads back to
    exactly the ledger's text."""
    ledgers = bevilling.load_string(HOSTILE, "hostile.yaml")
    for name, text in _outputs(ledgers, "json").items():
        assert None is RAW_CONTROL.search(text), name
        json.loads(text)
    records = json.loads(_outputs(ledgers, "json")["list"])["appropriations"]
    assert "\x1b]0;owned\x07\x1b[2J\x9b31m" == records[1]["title"]


@given(
    st.text(
        alphabet=st.sampled_from(list("=+-@\t\r\n\x1b\x07\x9b\u2028|<>#*_`[]()&;,\"' aZ1")),
        max_size=12,
    )
)
@example("+1")  # a signed plain number stays a number (found by the fuzzer, session 7)
@example("+1+1")
def test_any_text_with_formula_prefixes_and_controls_is_safe_in_every_format(text: str) -> None:
    """Fuzz: any title made of formula prefixes, control characters and markup, through every
    format of list and show: parseable output, no formula cell, no raw control character, the
    same number of Markdown columns on every line."""
    import csv
    import io

    from bevilling.core.model import Ledger

    base = bevilling.load_string(MIO, "mio.yaml").ledgers[0]
    table = base.tables[0]
    row = attrs.evolve(table.appropriations[0], title=text, target_group=text)
    ledger: Ledger = attrs.evolve(base, tables=(attrs.evolve(table, appropriations=(row,)),))
    entries = list(LedgerSet(ledgers=(ledger,)).entries())
    for fmt in FORMATS:
        for output in (render_list(entries, fmt), render_show(entries[0], fmt)):
            assert None is RAW_CONTROL.search(output.replace("\r\n", "\n")), fmt
            if fmt == "json":
                assert text == json.loads(output).get("title", text)
            if fmt == "csv":
                cells = [c for r in csv.reader(io.StringIO(output), delimiter=";") for c in r]
                assert [] == [c for c in cells if c[:1] in ("=", "@", "\t", "\r")]
                # A signed plain number ("-1200", "+1") stays a number (spreadsheet_text's
                # rule: it runs nothing); anything else after a sign is escaped.
                assert [] == [c for c in cells if c[:1] in ("-", "+") and not c[1:]
                              .replace(",", "").replace(".", "").isdigit()]  # fmt: skip
            if fmt in ("markdown", "github"):
                lines = [line for line in output.split("\n") if line.startswith("|")]
                assert 1 == len({len(re.findall(r"(?<!\\)\|", line)) for line in lines})


# --- issue 13: JSON lists encoded record by record, in pieces ---------------------------------


class _Text(str):
    """A str subclass (as reports.table.Label): json.dumps writes it as a string."""


class _Number(int):
    """An int subclass (as an IntEnum): json.dumps writes it as its int value."""


_TEXTS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=8
) | st.sampled_from(["%s", "%", "%%(x)s", "\x00", "\u2028", "\x85", "\u202e", "\ufeff", '"\\'])
_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | _TEXTS
    | _TEXTS.map(_Text) | st.integers().map(_Number)
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(inner, max_size=2).map(tuple)
        | st.dictionaries(_TEXTS | st.integers() | st.none(), inner, max_size=3)
    ),
    max_leaves=8,
)
_RECORDS = st.dictionaries(_TEXTS | st.integers(), _VALUES, max_size=6)


@given(st.lists(_RECORDS, max_size=230))
def test_json_lines_write_what_json_dumps_writes(records: list[dict[str, object]]) -> None:
    """json_lines (json_chunks joined) is json_document of the whole list, byte for byte, for
    any records: nested dicts and lists, tuples, floats (NaN too), subclasses of str and int,
    keys that are not strings or hold '%', NUL, line separators and bidi marks in text."""
    assert json_document({"records": records}) == json_lines("records", records)


def test_json_chunks_yield_a_piece_per_hundred_records() -> None:
    """230 records: three pieces of records (100, 100, 30) and the closing brackets; none:
    one piece, the empty list."""
    pieces = list(json_chunks("rows", ({"n": n} for n in range(230))))
    assert [100, 100, 30, 0] == [piece.count('"n": ') for piece in pieces]
    assert ['{\n  "rows": []\n}\n'] == list(json_chunks("rows", []))
