"""The shipped ledgers load cleanly and say what the source tables print.

The ledgers in ``ledger/`` and ``examples/ledgers/`` are transcriptions of printed tables.
These tests read the raw tab-separated table text that they were transcribed from (copies in
``tests/data/seeds/``, see the README there) with a deliberately small parser, and compare
every row and every printed total with what ``bevilling.load`` makes of the ledger files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
SEEDS = TESTS / "data" / "seeds"

LEDGER_FILES = sorted(
    [*(ROOT / "ledger").glob("*.yaml"), *(ROOT / "examples" / "ledgers").glob("*.yaml")]
)

UDSATTE = ROOT / "ledger" / "udsatte-2015.yaml"
BI2 = ROOT / "ledger" / "bi2-saerlig-indsats-udsatte.yaml"
BIIE = ROOT / "ledger" / "biie-vision-2020-flere-i-fleksjob.yaml"
INDSATSBUDGET = ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml"

TABLET_8 = "Tablet 8: Oversigt over driftsmidler tildelt målgrupperne"
TABEL_9 = "Tabel 9: Oversigt over indsatsmidler tildelt målgrupperne"
TABEL_10 = "Tabel 10: Oversigt over særindsatser"
TABEL_8_USE = "Tabel 8: Anvendelse af tilbud for målgrupperne"


# --- the raw tables ------------------------------------------------------------------------

_FOOTNOTE_MARK = re.compile(r"<sup>[^<]*</sup>")
_MARKUP = re.compile(r"<[^>]*>")
_YEAR = re.compile(r"[0-9]{4}\Z")
_EXPIRY_PHRASES = {"Udløb ikke fastsat": ("open", None), "Faldende profil": ("declining", None)}


def _cells(line: str) -> list[str]:
    """Split one raw line on tabs; drop footnote marks (<sup>14</sup>) and markup (<b>, <i>)."""
    return [_MARKUP.sub("", _FOOTNOTE_MARK.sub("", cell)).strip() for cell in line.split("\t")]


def _seed_lines(name: str) -> list[str]:
    """The lines of a copied raw table, without empty lines."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    return [line for line in text.split("\n") if line.strip()]


def _da(text: str) -> Decimal:
    """A number as printed in Danish notation: '5.190' is 5190, '18,3' is 18.3."""
    return Decimal(text.replace(".", "").replace(",", "."))


def _expiry(text: str) -> tuple[str, int | None]:
    """The printed Udløb as (kind, year): 'Udløb ikke fastsat' is open, '2015' a year."""
    if text in _EXPIRY_PHRASES:
        return _EXPIRY_PHRASES[text]
    return ("year", int(text))


def _read_overview(name: str) -> tuple[list[dict[str, Any]], Decimal]:
    """Rows and printed total of a section 9 overview table (Målgruppe ... Beløb, Udløb)."""
    rows: list[dict[str, Any]] = []
    total: Decimal | None = None
    for line in _seed_lines(name):
        if line.startswith("<sup>"):  # a footnote printed inside the block at a page break
            continue
        cells = _cells(line)
        if cells[0] == "Målgruppe":  # the header (printed again after a page break)
            continue
        if cells[0].startswith("I alt"):
            total = _da(cells[5])
            continue
        target_group, organisation, description, title, source, amount, expires = cells
        rows.append(
            {
                "target_group": target_group,
                "organisation": organisation,
                "description": description,
                "title": title,
                "source": source,
                "amount": _da(amount),
                "expiry": _expiry(expires),
            }
        )
    assert total is not None, f"{name} has no 'I alt' line"
    return rows, total


def _read_year_table(name: str) -> list[dict[str, Any]]:
    """The parts of a budget note's table with year columns.

    Each part is a dict with ``rows`` and ``total`` (the "... i alt" line); a part ends at its
    total line.  Each row (and total) has ``label``, ``columns`` (the non-year text columns by
    header), ``profile`` (year -> amount, empty cells left out) and ``amount`` ("I alt").
    """
    header: list[str] | None = None
    parts: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    for line in _seed_lines(name):
        cells = _cells(line)
        if not any(cells):  # a rule (<hr/>) between two parts
            continue
        if header is None:
            if "I alt" in cells:
                header = cells
            continue
        row: dict[str, Any] = {"label": cells[0], "columns": {}, "profile": {}}
        for heading, cell in zip(header[1:], cells[1:], strict=True):
            if _YEAR.match(heading):
                if cell:
                    row["profile"][int(heading)] = _da(cell)
            elif heading == "I alt":
                row["amount"] = _da(cell)
            else:
                row["columns"][heading] = cell
        if cells[0].endswith("i alt"):
            parts.append({"rows": rows, "total": row})
            rows = []
        else:
            rows.append(row)
    assert not rows, f"{name}: rows after the last total line"
    return parts


def _read_indsatsbudget(name: str) -> tuple[dict[str, dict[str, Any]], Decimal]:
    """Tabel 8 (afsnit 6): per målgruppe, the rows with a budget figure and the printed Sum.

    Målgruppe and Tilbudstype are printed once per group of rows (merged cells): an empty
    cell takes the value printed above it.  Rows whose budget cell is '-' or empty are left
    out, as in the ledger.  Returns ({målgruppe: {"rows": [...], "sum": ...}}, I alt).
    """
    budget_column = 5
    groups: dict[str, dict[str, Any]] = {}
    group: dict[str, Any] | None = None
    offer_type = ""
    target_group = ""
    grand_total: Decimal | None = None
    for line in _seed_lines(name)[1:]:  # after the header
        cells = _cells(line)
        if cells[0] == "Sum":
            assert group is not None
            group["sum"] = _da(cells[budget_column])
            continue
        if cells[0] == "I alt":
            grand_total = _da(cells[budget_column])
            continue
        if cells[0].startswith("LAB "):
            group = groups.setdefault(cells[0], {"rows": [], "sum": None})
            target_group = cells[0]
        if cells[1]:
            offer_type = cells[1]
        budget = cells[budget_column] if len(cells) > budget_column else ""
        if budget in ("", "-"):
            continue
        assert group is not None
        group["rows"].append(
            {
                "title": cells[2],
                "description": offer_type,
                "target_group": target_group,
                "amount": _da(budget),
            }
        )
    assert grand_total is not None
    return groups, grand_total


# --- the ledgers ---------------------------------------------------------------------------


@functools.cache
def _load(path: Path) -> Any:
    """``bevilling.load`` of one file, loaded once per test session."""
    import bevilling

    return bevilling.load(str(path))


def _ledger(path: Path) -> Any:
    """The one ledger of a file that must load cleanly."""
    ledger_set = _load(path)
    assert [] == [str(p) for p in ledger_set.problems]
    assert 1 == len(ledger_set.ledgers)
    return ledger_set.ledgers[0]


def _table(path: Path, name: str) -> Any:
    """The table called ``name`` in the ledger file ``path``."""
    tables = {table.name: table for table in _ledger(path).tables}
    assert name in tables, f"no table {name!r} in {path.name}: {sorted(tables)}"
    return tables[name]


def _profile(profile: Mapping[int, Decimal] | None) -> dict[int, Decimal] | None:
    """A profile as a plain dict (or None), for comparison."""
    return None if profile is None else dict(profile)


# --- (a) every shipped ledger loads without problems ---------------------------------------


def test_the_shipped_ledger_files_are_all_there() -> None:
    """The four transcribed ledgers exist where the glob below looks for them."""
    expected = {
        "ledger/bi2-saerlig-indsats-udsatte.yaml",
        "ledger/biie-vision-2020-flere-i-fleksjob.yaml",
        "ledger/udsatte-2015.yaml",
        "examples/ledgers/indsatsbudget-2015.yaml",
    }
    assert expected <= {path.relative_to(ROOT).as_posix() for path in LEDGER_FILES}


@pytest.mark.parametrize(
    "path", LEDGER_FILES, ids=[p.relative_to(ROOT).as_posix() for p in LEDGER_FILES]
)
def test_every_shipped_ledger_loads_without_problems(path: Path) -> None:
    """Each ledger in ledger/ and examples/ledgers/ loads with no problem and has tables."""
    ledger_set = _load(path)
    assert [] == [str(p) for p in ledger_set.problems]
    assert () == ledger_set.problems
    assert ledger_set.valid
    assert 1 == len(ledger_set.ledgers)
    assert ledger_set.ledgers[0].tables
    assert all(table.appropriations for table in ledger_set.ledgers[0].tables)


def test_all_shipped_ledgers_load_together_with_unique_ids() -> None:
    """Loading every shipped file at once gives one ledger each and no id used twice."""
    import bevilling

    ledger_set = bevilling.load([str(p) for p in LEDGER_FILES])
    assert [] == [str(p) for p in ledger_set.problems]
    assert len(LEDGER_FILES) == len(ledger_set.ledgers)
    ids = [entry.appropriation.id for entry in ledger_set.entries()]
    assert sorted(set(ids)) == sorted(ids)


# --- (b) fidelity: the ledger rows are the printed rows ------------------------------------


@pytest.mark.parametrize(
    ("table_name", "seed", "category", "ids"),
    [
        (TABLET_8, "udsatte-2015-tablet8.txt", "driftsmidler", [f"D{i:02}" for i in range(1, 14)]),
        (TABEL_9, "udsatte-2015-tabel9.txt", "indsatsmidler", [f"I{i:02}" for i in range(1, 6)]),
        (TABEL_10, "udsatte-2015-tabel10.txt", "særindsatser", ["S01", "S02"]),
    ],
    ids=["tablet-8", "tabel-9", "tabel-10"],
)
def test_udsatte_2015_rows_are_the_printed_rows(
    table_name: str, seed: str, category: str, ids: list[str]
) -> None:
    """Every row of the three section 9 tables matches the source, cell by cell, in order."""
    expected_rows, expected_total = _read_overview(seed)
    table = _table(UDSATTE, table_name)
    actual_rows = [
        {
            "target_group": a.target_group,
            "organisation": a.organisation,
            "description": a.description,
            "title": a.title,
            "source": a.source,
            "amount": a.amount,
            "expiry": (a.expiry.kind.value, a.expiry.year),
        }
        for a in table.appropriations
    ]
    assert expected_rows == actual_rows
    assert expected_total == table.stated_total
    assert category == table.category.value
    assert ids == [a.id for a in table.appropriations]
    assert all(a.profile is None for a in table.appropriations)


def test_udsatte_2015_ledger_header() -> None:
    """The udsatte ledger is approved money in 1000 DKK, with the three tables in order."""
    ledger = _ledger(UDSATTE)
    assert "1000 DKK" == ledger.unit.value
    assert "approved" == ledger.phase.value
    assert [TABLET_8, TABEL_9, TABEL_10] == [table.name for table in ledger.tables]
    assert ledger.document.startswith("Bilag til analyse af udsatte borgere i Københavns Kommune")


def test_bi2_rows_are_the_printed_rows() -> None:
    """BI2 Tabel 2: titles, Udvalg, Bevilling, Funktion, profiles and I alt as printed."""
    (part,) = _read_year_table("bi2-tabel2.txt")
    table = _table(BI2, "Tabel 2: Udgifter til service")
    expected_rows = [
        {
            "title": row["label"],
            "committee": row["columns"]["Udvalg"],
            "appropriation_no": row["columns"]["Bevilling"],
            "function": row["columns"]["Funktion"],
            "profile": row["profile"],
            "amount": row["amount"],
        }
        for row in part["rows"]
    ]
    actual_rows = [
        {
            "title": a.title,
            "committee": a.committee,
            "appropriation_no": a.appropriation_no,
            "function": a.function,
            "profile": _profile(a.profile),
            "amount": a.amount,
        }
        for a in table.appropriations
    ]
    assert expected_rows == actual_rows
    assert part["total"]["profile"] == _profile(table.stated_years)
    assert part["total"]["amount"] == table.stated_total
    assert "driftsmidler" == table.category.value
    assert ["BI2-1", "BI2-2"] == [a.id for a in table.appropriations]


def test_bi2_ledger_header_and_derived_expiry() -> None:
    """BI2 is a proposal at 2016 p/l; its expiry comes from the profile (last funded: 2016)."""
    ledger = _ledger(BI2)
    assert "1000 DKK" == ledger.unit.value
    assert "proposed" == ledger.phase.value
    assert 2016 == ledger.price_level
    for appropriation in ledger.appropriations:
        assert ("year", 2016) == (appropriation.expiry.kind.value, appropriation.expiry.year)
        assert "Budgetnotat BI2 – Særlig indsats for de udsatte borgere" == appropriation.source
    assert ["Ressourceforløb", "Aktivitetsparate"] == [
        a.target_group for a in ledger.appropriations
    ]


def test_bi2_descriptions_state_the_row_amounts() -> None:
    """The quoted sentences of the note name the amounts the rows carry (1 and 0,5 mio. kr.)."""
    first, second = _ledger(BI2).appropriations
    assert "Konkret søges om 1. mio. kr." in first.description
    assert Decimal(1000) == first.amount
    assert "(0,5 mio. kr.)" in second.description
    assert Decimal(500) == second.amount


@pytest.mark.parametrize(
    ("part_index", "table_name", "category", "ids"),
    [
        (0, "Tabel 2. Udgifter til service – service", "driftsmidler", ["VF-1", "VF-3", "VF-4"]),
        (1, "Tabel 2. Udgifter til service – indsats", "indsatsmidler", ["VF-2"]),
    ],
    ids=["service", "indsats"],
)
def test_biie_rows_are_the_printed_rows(
    part_index: int, table_name: str, category: str, ids: list[str]
) -> None:
    """BIIe Tabel 2, both parts: titles, 2017/2018 profiles, I alt and the part totals."""
    part = _read_year_table("biie-tabel2.txt")[part_index]
    table = _table(BIIE, table_name)
    expected_rows = [
        {"title": row["label"], "profile": row["profile"], "amount": row["amount"]}
        for row in part["rows"]
    ]
    actual_rows = [
        {"title": a.title, "profile": _profile(a.profile), "amount": a.amount}
        for a in table.appropriations
    ]
    assert expected_rows == actual_rows
    assert part["total"]["profile"] == _profile(table.stated_years)
    assert part["total"]["amount"] == table.stated_total
    assert category == table.category.value
    assert ids == [a.id for a in table.appropriations]
    for appropriation in table.appropriations:
        assert ("year", 2018) == (appropriation.expiry.kind.value, appropriation.expiry.year)
        assert "BIU" == appropriation.committee
        assert "Budgetnotat BIIe Vision 2020: Flere i fleksjob" == appropriation.source


def test_biie_ledger_header() -> None:
    """BIIe is a proposal at 2017 p/l in 1000 DKK, with exactly the two parts as tables."""
    ledger = _ledger(BIIE)
    assert "1000 DKK" == ledger.unit.value
    assert "proposed" == ledger.phase.value
    assert 2017 == ledger.price_level
    assert 2 == len(_read_year_table("biie-tabel2.txt"))
    assert 2 == len(ledger.tables)


def test_indsatsbudget_rows_are_the_printed_rows() -> None:
    """Tabel 8 (afsnit 6): each målgruppe's budgeted rows and printed Sum, in Danish notation."""
    groups, grand_total = _read_indsatsbudget("indsatsbudget-2015-tabel8.txt")
    ledger = _ledger(INDSATSBUDGET)
    assert [f"{TABEL_8_USE} – {group}" for group in groups] == [t.name for t in ledger.tables]
    for group, expected in groups.items():
        table = _table(INDSATSBUDGET, f"{TABEL_8_USE} – {group}")
        actual_rows = [
            {
                "title": a.title,
                "description": a.description,
                "target_group": a.target_group,
                "amount": a.amount,
            }
            for a in table.appropriations
        ]
        assert expected["rows"] == actual_rows
        assert expected["sum"] == table.stated_total
        assert Decimal("0.1") == table.rounded_to
        assert "indsatsmidler" == table.category.value
        for appropriation in table.appropriations:
            assert "Indsatsbudget 2015" == appropriation.source
            assert ("year", 2015) == (appropriation.expiry.kind.value, appropriation.expiry.year)
    assert grand_total == ledger.stated_total
    assert Decimal("0.1") == ledger.rounded_to
    assert "mio DKK" == ledger.unit.value
    assert "da" == ledger.number_format.value
    assert "approved" == ledger.phase.value


# --- (c) known facts about the sources ----------------------------------------------------


def test_tablet_8_rows_sum_to_less_than_the_printed_total() -> None:
    """Tablet 8 prints 48.779 but its 13 rows add up to 47.579: kept, and accepted on record."""
    table = _table(UDSATTE, TABLET_8)
    assert 13 == len(table.appropriations)
    assert Decimal(47579) == sum(a.amount for a in table.appropriations)
    assert Decimal(48779) == table.stated_total
    (acceptance,) = _ledger(UDSATTE).accepted
    assert ("total-mismatch", TABLET_8, None) == (
        acceptance.code,
        acceptance.table,
        acceptance.appropriation,
    )
    assert "1.200" in acceptance.reason


def test_tablet_8_raw_rows_sum_to_less_than_the_printed_total() -> None:
    """The discrepancy is in the source itself: the raw rows add up to 47.579, not 48.779."""
    rows, total = _read_overview("udsatte-2015-tablet8.txt")
    assert Decimal(47579) == sum(row["amount"] for row in rows)
    assert Decimal(48779) == total


@pytest.mark.parametrize(
    ("table_name", "count", "total"),
    [(TABEL_9, 5, Decimal(12092)), (TABEL_10, 2, Decimal(3000))],
    ids=["tabel-9", "tabel-10"],
)
def test_tabel_9_and_10_rows_add_up(table_name: str, count: int, total: Decimal) -> None:
    """Tabel 9 sums to 12.092 and Tabel 10 to 3.000, as printed."""
    table = _table(UDSATTE, table_name)
    assert count == len(table.appropriations)
    assert total == sum(a.amount for a in table.appropriations)
    assert total == table.stated_total


def test_expiry_phrases_are_read_as_kinds() -> None:
    """'Udløb ikke fastsat' (D01) is an open expiry and 'Faldende profil' (D06) a declining one."""
    rows = {a.id: a for a in _table(UDSATTE, TABLET_8).appropriations}
    assert "open" == rows["D01"].expiry.kind.value
    assert None is rows["D01"].expiry.year
    assert "declining" == rows["D06"].expiry.kind.value


def test_appropriation_number_and_function_are_text() -> None:
    """Bevilling 18.10 and Funktion 6.45.53.1 are read as the text printed, not as numbers."""
    for appropriation in _ledger(BI2).appropriations:
        assert "18.10" == appropriation.appropriation_no
        assert "6.45.53.1" == appropriation.function
        assert "BIU" == appropriation.committee


def test_indsatsbudget_subtotals_differ_from_the_printed_total_by_rounding() -> None:
    """The four Sum lines add up to 271,2 while the source prints 271,1 (kept as printed)."""
    ledger = _ledger(INDSATSBUDGET)
    assert Decimal("271.2") == sum(table.stated_total for table in ledger.tables)
    assert Decimal("271.1") == ledger.stated_total


# --- the format reference ------------------------------------------------------------------

FORMAT_DOC = ROOT / "docs" / "ledger-format.md"


def test_the_format_reference_examples_load_without_problems(tmp_path: Path) -> None:
    """Every complete ledger example (a yaml block starting with `format:`) in the docs loads."""
    import bevilling

    text = FORMAT_DOC.read_text(encoding="utf-8")
    examples = [
        block
        for block in re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)
        if block.startswith("format: bevilling/1")
    ]
    assert examples
    for number, example in enumerate(examples, start=1):
        path = tmp_path / f"example-{number}.yaml"
        path.write_text(example, encoding="utf-8")
        ledger_set = bevilling.load(str(path))
        assert [] == [str(p) for p in ledger_set.problems]
        assert 1 == len(ledger_set.ledgers)


def test_the_format_reference_documents_every_loader_problem_code() -> None:
    """Each code the loader can report has a row in the problem-code table of the docs."""
    from bevilling.core.problems import LOAD_CODES

    text = FORMAT_DOC.read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([a-z0-9-]+)` \|", text, flags=re.MULTILINE))
    assert set() == set(LOAD_CODES) - documented
