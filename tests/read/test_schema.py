"""bevilling.read.schema: the JSON Schema of format v1 (draft-07, descriptions from the
catalogs) accepts the shipped ledgers, rejects the rest."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from bevilling.i18n.catalogs import use_locale
from bevilling.read.schema import DRAFT, SCHEMA_FILE, schema, schema_text, shipped_text

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted([*(ROOT / "ledger").glob("*.yaml"), *(ROOT / "examples" / "ledgers").glob("*.yaml")])  # noqa: E501  # fmt: skip


def _validator() -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(schema())


def _as_written(path: Path) -> Any:
    """The YAML with every scalar kept as the text written, as the loader reads it."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # noqa: S506


#: Every keyword JSON Schema draft-07 defines (validation, annotations, core).
DRAFT_07_KEYWORDS = frozenset({
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "readOnly",
    "writeOnly", "examples", "multipleOf", "maximum", "exclusiveMaximum", "minimum",
    "exclusiveMinimum", "maxLength", "minLength", "pattern", "additionalItems", "items",
    "maxItems", "minItems", "uniqueItems", "contains", "maxProperties", "minProperties",
    "required", "additionalProperties", "definitions", "properties", "patternProperties",
    "dependencies", "propertyNames", "const", "enum", "type", "format", "contentMediaType",
    "contentEncoding", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
})  # fmt: skip


def _keywords(node: Any, inside_names: bool = False) -> set[str]:
    """The keywords used anywhere in a schema (property and definition names excepted)."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if not inside_names:
                found.add(key)
            found |= _keywords(value, inside_names=key in ("properties", "definitions"))
    elif isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    return found


def test_schema_is_a_valid_draft_07_schema_with_draft_07_keywords_only() -> None:
    """The schema declares draft-07 (what yaml-language-server supports fully), is valid
    draft-07 and uses no keyword of a later draft ($defs, unevaluatedProperties, ...)."""
    jsonschema.Draft7Validator.check_schema(schema())
    assert "http://json-schema.org/draft-07/schema#" == schema()["$schema"] == DRAFT
    assert set() == _keywords(schema()) - DRAFT_07_KEYWORDS
    assert schema_text().startswith("{\n")


def test_every_reference_resolves_and_has_no_siblings() -> None:
    """Each `$ref` names a definition, alone in its object (draft-07 ignores its siblings: a
    description goes next to an `allOf` holding the reference)."""
    text = schema_text()
    document = schema()
    refs: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(document)
    assert refs
    for ref in refs:
        assert ["$ref"] == list(ref), ref
        name = ref["$ref"].removeprefix("#/definitions/")
        assert name in document["definitions"], text


def test_the_shipped_file_is_the_danish_rendering() -> None:
    """ledger-v1.schema.json in the package is the schema in Danish, as generated (to update
    it: python -c "from bevilling.read.schema import schema_text; print(schema_text('da'),
    end='')" > src/bevilling/read/schema/ledger-v1.schema.json)."""
    assert schema_text("da") == shipped_text(), SCHEMA_FILE
    with use_locale("en"):
        assert schema_text("da") == shipped_text()


def test_descriptions_are_danish_by_default_and_english_on_request() -> None:
    """An editor shows the descriptions in the locale the schema was printed in; the rules
    are the same in both."""
    danish = schema()
    with use_locale("en"):
        english = schema()
    assert "Kategori" not in str(english)
    assert (
        "Pengenes art i alle rækker: driftsmidler, indsatsmidler eller særindsatser.",
        "The kind of money in every row: driftsmidler, indsatsmidler or særindsatser.",
    ) == (
        danish["definitions"]["table"]["properties"]["category"]["description"],
        english["definitions"]["table"]["properties"]["category"]["description"],
    )
    assert (
        "Målgruppe."
        == danish["definitions"]["appropriation"]["properties"]["target_group"]["description"]
    )
    assert schema("en") == english

    def rules(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: rules(v) for k, v in node.items() if k not in ("description", "title")}
        if isinstance(node, list):
            return [rules(item) for item in node]
        return node

    assert rules(danish) == rules(english)


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
        (lambda d: d["accepted"][0].update(reason="  "), "does not match"),
        (lambda d: d["accepted"][0].update(reason=""), "does not match"),
        (lambda d: d["accepted"][0].update(table=None), "is not of type"),
        (lambda d: d["accepted"][0].update(appropriation=""), "does not match"),
        (lambda d: d["accepted"][0].update(code=" "), "does not match"),
    ],
)
def test_wrong_values_are_rejected(change: Any, expected: str) -> None:
    """Required keys, the format version, enums, expiries and amounts are checked; an
    accepted entry's code, place and reason must be written out (not empty, not spaces)."""
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
