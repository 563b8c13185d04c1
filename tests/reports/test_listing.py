"""Tests for bevilling.reports.listing: list and show."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given

import bevilling
from bevilling.core.model import Entry, Ledger, LedgerSet
from bevilling.reports import (
    Filter,
    MixedPriceLevelsError,
    entries_json_chunks,
    entry_record,
    json_document,
    lookup,
    render_entries_json,
    render_list,
    render_show,
    select,
)
from bevilling.reports.formats import Format
from tests.conftest import ROOT
from tests.reports.helpers import MIO, load_ok
from tests.strategies import written_ledgers

INDEX = ROOT / "examples" / "prisindeks-opdigtet.yaml"
"""The invented example index (2014-2020)."""


def test_show_lists_the_profile_year_by_year() -> None:
    """render_show prints each profile year on its own line in the table format."""
    ledgers = bevilling.load(ROOT / "ledger")
    entry = ledgers.find("VF-1")
    assert entry is not None
    text = render_show(entry, locale="en", width=0)
    assert "Profile                2017: 600\n                       2018: 600\n" in text
    assert text.rstrip().endswith("biie-vision-2020-flere-i-fleksjob.yaml:34")
    markdown = render_show(entry, "markdown")
    assert "2017: 600; 2018: 600" in markdown


def test_list_prints_each_ledger_in_its_own_precision() -> None:
    """list: mio. kr. rows keep their decimal, unit per row; no conversion, no total."""
    text = render_list(load_ok(MIO).entries(), width=0)
    assert "18,3  mio. kr.  2015" in text
    assert "I alt" not in text


# --- issue 10, item 6: numbers in CSV are numbers --------------------------------------------


def test_show_csv_writes_amounts_as_numbers_in_the_dialect() -> None:
    """show --format csv wrote display text (1.200, 18,3 with grouping); now the amount and
    each profile year are numbers: 1200 and 600 in both dialects, 18,3 / 18.3 for decimals."""
    ledgers = bevilling.load(ROOT / "ledger")
    entry = ledgers.find("VF-1")
    assert entry is not None
    plain = render_show(entry, "csv", csv_dialect="plain", locale="en")
    assert "Amount (DKK thousand),1200\nProfile 2017,600\nProfile 2018,600\n" in plain
    d11 = ledgers.find("D11")
    assert d11 is not None
    assert "Beløb (1.000 kr.);1200\r\n" in render_show(d11, "csv")
    mio = load_ok(MIO).find("KH-1")
    assert mio is not None
    assert "Beløb (mio. kr.);18,3\r\n" in render_show(mio, "csv")
    assert "Beløb (mio. kr.),18.3\n" in render_show(mio, "csv", csv_dialect="plain")


def test_list_csv_writes_amounts_as_numbers_in_the_dialect() -> None:
    """list --format csv: 1200 (not 1.200) and 18,3 (excel) or 18.3 (plain)."""
    ledgers = bevilling.load(ROOT / "ledger")
    assert ";1200;1.000 kr.;2016\r\n" in render_list(ledgers.entries(), "csv")
    assert ",18.3,mio. kr.,2015\n" in render_list(
        load_ok(MIO).entries(), "csv", csv_dialect="plain"
    )


# --- select and lookup: the list/show queries ------------------------------------------------


def test_lookup_finds_every_row_of_a_duplicated_id(write_ledger: Callable[..., Path]) -> None:
    """An id written twice is ambiguous: lookup returns both rows (with allow_errors, since
    check reports the duplicate), so that `show` can name both places."""
    path = write_ledger(
        """
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
              - {id: A1, title: Rådgivning, amount: 531, expires: 2017}
        """
    )
    found = lookup(bevilling.load(path), "A1", allow_errors=True)
    assert [9, 10] == [e.appropriation.location.line for e in found]


def test_lookup_forgives_case_only_when_nothing_matches_exactly() -> None:
    """`d11` finds D11; an exact match wins; an unknown id finds nothing."""
    ledgers = bevilling.load(ROOT / "ledger")
    assert ["D11"] == [e.appropriation.id for e in lookup(ledgers, "d11")]
    assert () == lookup(ledgers, "nope")


def test_select_covers_every_phase_by_default() -> None:
    """select() is what `bevilling list` shows: approved money and proposals, in file order."""
    ledgers = bevilling.load(ROOT / "ledger")
    assert list(ledgers.entries()) == list(select(ledgers))
    approved = select(ledgers, Filter(phase="approved"))
    assert {"approved"} == {e.ledger.phase.value for e in approved}


# --- issue 11 item 16, issue 13 item 1: linear cost and lean JSON ---------------------------


def _rows(count: int) -> LedgerSet:
    rows = "\n".join(
        f"      - {{id: R{n}, title: Row {n}, amount: {n}.5, expires: 2016}}" for n in range(count)
    )
    return bevilling.load_string(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - name: Tabel 1\n    category: driftsmidler\n    appropriations:\n" + rows + "\n",
        "rows.yaml",
    )


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "markdown"])
def test_list_walks_the_amounts_once_per_ledger(
    monkeypatch: pytest.MonkeyPatch, fmt: Format
) -> None:
    """At N and 4N rows, list asks each ledger for its precision, which walks its amounts once
    (it did so per row: 274 s at 20 000 rows)."""
    from bevilling.core.model import Ledger

    walks: list[int] = []
    original = Ledger._count_decimal_places

    def counting(self: Ledger) -> int:
        walks.append(len(self.appropriations))
        return original(self)

    monkeypatch.setattr(Ledger, "_count_decimal_places", counting)
    for count in (50, 200):
        walks.clear()
        render_list(_rows(count).entries(), fmt, width=0)
        assert ([count] if fmt != "json" else []) == walks


def test_list_json_is_the_document_json_dumps_writes() -> None:
    """render_entries_json encodes one record at a time, and writes exactly the text that
    json.dumps of the whole document with indent=2 writes (and {"appropriations": []})."""
    ledgers = bevilling.load(ROOT / "ledger")
    records = [entry_record(entry) for entry in ledgers.entries()]
    whole = json.dumps({"appropriations": records}, ensure_ascii=False, indent=2) + "\n"
    assert whole == render_entries_json(ledgers.entries())
    assert '{\n  "appropriations": []\n}\n' == render_entries_json([])


def test_show_writes_a_file_name_with_a_line_break_on_one_line() -> None:
    """A ledger named `a<LF>b.yaml` split the Sted cell of `show` over two table rows, where
    `check` writes `a\\x0ab.yaml`; it is one line, escaped as check writes it, in every text
    format and in the history table."""
    from bevilling.reports.history import history, render_show_history

    text = (ROOT / "ledger" / "udsatte-2015.yaml").read_text(encoding="utf-8")
    entry = bevilling.load_string(text, "a\nb.yaml").find("D11")
    assert entry is not None
    for format in ("table", "markdown", "csv", "html"):
        shown = render_show(entry, format, width=0)
        assert "a\nb.yaml" not in shown, format
        assert "x0ab.yaml:114" in shown, format
    events = history(LedgerSet(ledgers=(entry.ledger,)), entry)
    assert "a\\x0ab.yaml:114" in render_show_history(entry, events, "table", width=0)


# --- issue 13: the JSON list written as it is encoded ----------------------------------------


def _document(entries: list[Entry]) -> str:
    """The JSON list as it was made before it was streamed: one document, json.dumps'd."""
    return json_document({"appropriations": [entry_record(entry) for entry in entries]})


def test_list_json_in_pieces_is_the_document_on_every_shipped_ledger() -> None:
    """Joined, the pieces of entries_json_chunks are the document json.dumps writes, byte for
    byte, on the shipped ledgers and examples (also with a price level), and render_list and
    render_entries_json give the same text."""
    for paths in ([ROOT / "ledger"], [ROOT / "examples" / "ledgers"], [ROOT / "ledger", INDEX]):
        ledgers = bevilling.load(paths)
        entries = list(ledgers.entries())
        assert _document(entries) == "".join(entries_json_chunks(ledgers.entries()))
        assert _document(entries) == render_list(entries, "json")
    with_index = bevilling.load([ROOT / "ledger", INDEX])
    chosen = Filter(phase="proposed").apply(with_index)
    converted = "".join(
        entries_json_chunks(chosen, price_level=2017, price_index=with_index.price_index)
    )
    assert (
        render_entries_json(chosen, price_level=2017, price_index=with_index.price_index)
        == converted
    )
    records = json.loads(converted)["appropriations"]
    assert {2017} == {record["converted"]["price_level"] for record in records}


@given(written_ledgers())
def test_list_json_in_pieces_is_the_document_on_any_ledger(ledger: Ledger) -> None:
    """Any text (quotes, backslashes, control characters, U+2028, bidi marks, '%s') and any
    amounts: the streamed list is the json.dumps document, byte for byte, also over several
    pieces (the ledger repeated past a hundred rows)."""
    entries = list(LedgerSet(ledgers=(ledger,)).entries())
    many = entries * (1 + 150 // max(1, len(entries)))
    assert _document(entries) == "".join(entries_json_chunks(entries))
    assert _document(many) == "".join(entries_json_chunks(many))


def test_list_json_refuses_mixed_price_levels_before_the_first_piece() -> None:
    """With a price level, rows that cannot be converted raise when the pieces are asked for,
    not halfway through writing them (stdout would hold half a document)."""
    with_index = bevilling.load([ROOT / "ledger", INDEX])
    with pytest.raises(MixedPriceLevelsError):
        entries_json_chunks(
            with_index.entries(), price_level=2017, price_index=with_index.price_index
        )


def test_list_json_pieces_hold_a_hundred_records_each() -> None:
    """The pieces are made as they are asked for, a hundred records each: memory stays that of
    one piece, whatever the number of rows."""
    entries = list(bevilling.load(ROOT / "ledger").entries())
    many = (entries * (250 // len(entries) + 1))[:250]
    consumed: list[int] = []

    def counted() -> Iterator[Entry]:
        for number, entry in enumerate(many, start=1):
            consumed.append(number)
            yield entry

    pieces = entries_json_chunks(counted())
    assert [] == consumed
    first = next(pieces)
    assert (100, 100) == (len(consumed), first.count('\n    {\n      "id": '))
    assert [100, 50, 0] == [piece.count('\n    {\n      "id": ') for piece in pieces][0:3]


def test_list_shows_the_expiry_a_forlaengelse_gives(tmp_path: Path) -> None:
    """With the expiries forlængelser give, the rows show the expiry in force (2017, as
    expiring) and a note names them with the printed one."""
    from bevilling.core.followup import extended_expiries
    from tests.reports.helpers import EXTENDED, load_files

    ledgers = load_files(tmp_path, EXTENDED)
    text = render_list(ledgers.entries(), width=0, extended=extended_expiries(ledgers))
    assert "1.000 kr.  2017\n" in text
    assert "2016 → 2017" in text
    assert "2016\n" not in render_list(
        ledgers.entries(), "csv", extended=extended_expiries(ledgers)
    )
