"""Fuzzing the loader: arbitrary bytes, arbitrary YAML, and ledgers with arbitrary values.

The only outcomes allowed are a ledger or problems with a file and a line: never another
exception, a hang or a silent misread.  CI runs these with the `ci` hypothesis profile;
`python bench/fuzz.py` runs them with the `long` one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import yaml
from hypothesis import event, given
from hypothesis import strategies as st

from bevilling.core.model import LedgerSet
from bevilling.read import load, load_string

HEADER = "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\n"
PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
GROUPED = re.compile(r"-?[1-9][0-9]{0,2}(?:[.,][0-9]{3})+\Z")

# Scalars that look like numbers, dates, booleans, nulls, or YAML syntax.
NUMBERISH = st.text(alphabet="0123456789.,-+_ :eExXoObB", max_size=12)
TRICKY = st.sampled_from(
    ["NO", "yes", "~", "null", ".nan", ".inf", "1.200", "18.10", "0x10", "1e3", "2016-01-01",
     "1:20", "'", '"', "&a", "*a", "!!str", "- x", "? x", "{", "[", "#", "|", ">", "@", "`",
     "Udløb ikke fastsat", "Faldende profil", "ø", "\t", "", " "]
)  # fmt: skip
SCALAR_TEXT = st.one_of(NUMBERISH, TRICKY, st.text(max_size=20))
# Well-formed numbers in either notation (plain 1200.5, Danish 1.200,5), and near misses.
NUMBERS = st.from_regex(r"-?[0-9]{1,3}([.,]?[0-9]{3}){0,2}([.,][0-9]{1,3})?", fullmatch=True)


def well_formed(result: LedgerSet, file: str) -> None:
    """The contract: a LedgerSet whose problems all have a code, file, line and message."""
    assert isinstance(result, LedgerSet)
    for problem in result.problems:
        assert problem.code
        assert problem.message
        assert file == problem.location.file
        assert problem.location.line >= 0
    assert (not result.ledgers) or result.valid


@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_problems_or_a_ledger(tmp_path_factory: object, data: bytes) -> None:
    """Any bytes at all, written to a file, load without raising."""
    path = Path(tmp_path_factory.mktemp("fuzz")) / "x.yaml"  # type: ignore[attr-defined]
    path.write_bytes(data)
    well_formed(load(path), str(path))


@given(st.binary(max_size=300))
def test_bytes_after_a_valid_header_give_problems_or_a_ledger(
    tmp_path_factory: object, data: bytes
) -> None:
    """Garbage after a real ledger header (the likely case) loads without raising."""
    path = Path(tmp_path_factory.mktemp("fuzz")) / "x.yaml"  # type: ignore[attr-defined]
    path.write_bytes(HEADER.encode() + data)
    well_formed(load(path), str(path))


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | SCALAR_TEXT,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(SCALAR_TEXT, children, max_size=4)
    ),
    max_leaves=20,
)


@given(YAML_VALUES)
def test_arbitrary_yaml_structures_give_problems_or_a_ledger(value: object) -> None:
    """Any YAML document, with or without a ledger header, loads without raising."""
    text = yaml.safe_dump(value, allow_unicode=True)
    well_formed(load_string(text, "s.yaml"), "s.yaml")
    well_formed(load_string(HEADER + "tables: " + text, "s.yaml"), "s.yaml")


# Text fields, whose values must come back exactly as written.
FIELDS = ["id", "target_group", "organisation", "description", "source", "committee",
          "appropriation_no", "function"]  # fmt: skip


@st.composite
def ledger_texts(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A ledger whose rows have arbitrary scalar text in arbitrary fields; also the amounts."""
    rows = []
    amounts = []
    for _ in range(draw(st.integers(1, 4))):
        fields = draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=6))
        amount = draw(st.one_of(NUMBERS, NUMBERS, NUMBERS, NUMBERISH, TRICKY))
        amounts.append(amount)
        row = {
            "title": draw(st.just("x") | SCALAR_TEXT),
            "amount": amount,
            "expires": draw(st.sampled_from(["2016", "open", "Faldende profil"])),
        }
        for field in fields:
            row[field] = draw(SCALAR_TEXT)
        rows.append(row)
    number_format = draw(st.sampled_from(["", "number_format: da\n", "number_format: plain\n"]))
    body = yaml.safe_dump(
        {"tables": [{"name": "T", "category": "driftsmidler", "appropriations": rows}]},
        allow_unicode=True,
    )
    return HEADER + number_format + body, amounts


@given(ledger_texts())
def test_ledgers_with_arbitrary_values_never_misread(case: tuple[str, list[str]]) -> None:
    """When a ledger loads, every amount is exactly the number its text says: no misreads."""
    text, _ = case
    result = load_string(text, "l.yaml")
    well_formed(result, "l.yaml")
    event("loaded" if result.ledgers else "refused")
    if not result.ledgers:
        return
    source = yaml.safe_load(text)
    danish = source.get("number_format") == "da"
    rows = source["tables"][0]["appropriations"]
    loaded = result.ledgers[0].tables[0].appropriations
    assert len(rows) == len(loaded)
    for written, row in zip(rows, loaded, strict=True):
        raw = str(written["amount"]).strip() if not isinstance(written["amount"], bool) else ""
        if danish:
            assert re.fullmatch(r"-?[0-9][0-9.]*(,[0-9]+)?", raw)
            assert not GROUPED.fullmatch(raw) or "." in raw
            expected = Decimal(raw.replace(".", "").replace(",", "."))
        else:
            assert PLAIN.fullmatch(raw)
            assert not GROUPED.fullmatch(raw)
            expected = Decimal(raw)
        assert expected == row.amount
        for field in ("organisation", "appropriation_no", "function", "committee"):
            value = written.get(field)
            if isinstance(value, str) and value.strip() not in ("", "~", "null"):
                assert value == getattr(row, field)


# Long figures in either notation: what once made babel raise decimal.InvalidOperation.
LONG_NUMBERS = st.from_regex(r"-?[0-9]{1,40}([.,][0-9]{3}){0,9}([.,][0-9]{1,12})?", fullmatch=True)


@given(LONG_NUMBERS, st.sampled_from(["", "number_format: da\n"]))
def test_long_amounts_load_in_range_or_are_refused(amount: str, number_format: str) -> None:
    """Any figure of up to ~80 digits gives a ledger within the accepted range or a finding;
    never a decimal exception, in either notation."""
    text = (
        HEADER + number_format + "tables:\n  - name: T\n    category: driftsmidler\n"
        f"    appropriations:\n      - {{title: x, amount: '{amount}', expires: 2016}}\n"
    )
    result = load_string(text, "l.yaml")
    well_formed(result, "l.yaml")
    if result.ledgers:
        value = result.ledgers[0].tables[0].appropriations[0].amount
        assert abs(value) < Decimal(10) ** 15
        assert value == value.quantize(Decimal("0.000001"))
