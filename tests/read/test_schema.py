"""bevilling.read.schema: the JSON Schema of format v1 accepts the shipped ledgers, rejects the
rest."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bevilling.read.schema import schema, schema_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*(ROOT / "ledger").glob("*.yaml"), *(ROOT / "examples" / "ledgers").glob("*.yaml")])  # noqa: E501  # fmt: skip


def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema())


def _as_written(path: Path) -> Any:
    """The YAML with every scalar kept as the text written, as the loader reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The shipped schema is itself valid, and `bevilling schema` prints the same text."""
    jsonschema.Draft202012Validator.check_schema(schema())
    assert "https://json-schema.org/draft/2020-12/schema" == schema()["$schema"]
    assert schema_text().startswith("{\n")


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_every_shipped_ledger_validates(path: Path) -> None:
    """Every ledger in ledger/ and examples/ledgers/ is valid, read as text and as YAML
    typing would read it (as an editor's YAML extension sees it)."""
    assert [] == [e.message for e in _validator().iter_errors(_as_written(path))]
    typed = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [] == [e.message for e in _validator().iter_errors(typed)]


def _udsatte() -> Any:
    return _as_written(ROOT / "ledger" / "udsatte-2015.yaml")


@pytest.mark.parametrize(
    ("where", "key"),
    [
        ((), "beløb"),
        (("tables", 0), "total"),
        (("tables", 0, "appropriations", 0), "udløb"),
        (("accepted", 0), "note"),
    ],
)
def test_unknown_fields_are_rejected_at_every_level(where: tuple[Any, ...], key: str) -> None:
    """additionalProperties is false for the ledger, tables, rows and acceptances."""
    document = copy.deepcopy(_udsatte())
    node = document
    for step in where:
        node = node[step]
    node[key] = "1"
    errors = list(_validator().iter_errors(document))
    assert [f"Additional properties are not allowed ('{key}' was unexpected)"] == [
        e.message for e in errors
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.pop("unit"), "'unit' is a required property"),
        (lambda d: d.update(format="bevilling/2"), "'bevilling/1' was expected"),
        (lambda d: d["tables"][0].update(category="drift"), "is not one of"),
        (lambda d: d["tables"][0]["appropriations"][0].pop("expires"), "'expires' is a required"),
        (lambda d: d["tables"][0]["appropriations"][0].update(expires="snart"), "is not valid"),
        (lambda d: d["tables"][0]["appropriations"][0].update(amount="1e3"), "is not valid"),
        (lambda d: d.update(unit="kr."), "is not one of"),
    ],
)
def test_wrong_values_are_rejected(change: Any, expected: str) -> None:
    """Required keys, the format version, enums, expiries and amounts are checked."""
    document = copy.deepcopy(_udsatte())
    change(document)
    messages = [e.message for e in _validator().iter_errors(document)]
    assert any(expected in m for m in messages), messages


def test_danish_expiry_phrases_and_danish_amounts_are_accepted() -> None:
    """'Udløb ikke fastsat' in any case and spacing, and '5.190' / '18,3' amounts, pass."""
    document = copy.deepcopy(_udsatte())
    row = document["tables"][0]["appropriations"][0]
    row.update(expires="udløb  IKKE fastsat", amount="5.190")
    document["tables"][0]["appropriations"][1].update(amount="18,3")
    assert [] == [e.message for e in _validator().iter_errors(document)]
