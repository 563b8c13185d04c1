"""The JSON Schema of ledger format v1, for editors (``bevilling schema``).

Editors use it to complete and validate ledgers as they are typed: with the YAML extension of
VS Code (yaml-language-server), the first line of a ledger ::

    # yaml-language-server: $schema=../ledger-v1.schema.json

is enough (see docs/ledger-format.md).  The schema declares JSON Schema draft-07, the draft
yaml-language-server supports fully, and uses only draft-07 keywords; a description next to a
reference is written ``{"allOf": [{"$ref": ...}], "description": ...}``, because draft-07
ignores the siblings of ``$ref``.

It mirrors the loader's rules: known keys only at every level, required keys, the allowed
values of ``category``/``unit``/``phase``/``number_format``, amounts and years as written.
The loader remains the judge: it also refuses ambiguous numbers such as ``1.200`` in plain
ledgers, which a schema cannot tell apart from Danish notation.

The descriptions an editor shows come from the catalogs: :func:`schema` and
:func:`schema_text` build the schema in the current locale (Danish unless asked otherwise:
``bevilling schema --locale en``).  The file shipped in the package, ``ledger-v1.schema.json``,
is the Danish rendering (a test keeps it equal to :func:`schema_text` in Danish).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from bevilling.i18n.catalogs import catalog, current_locale, use_locale

__all__ = ["DRAFT", "SCHEMA_FILE", "schema", "schema_text", "shipped_text"]

_, _n = catalog(__name__)

#: The schema's file name inside the package.
SCHEMA_FILE = "ledger-v1.schema.json"

#: The JSON Schema draft the schema declares.
DRAFT = "http://json-schema.org/draft-07/schema#"

_ID = "https://bevilling.invalid/schema/ledger-v1.schema.json"

# Text fields: YAML typing would make `18.10` a number and `NO` a boolean; the loader reads
# them as text, so the schema accepts what an editor's YAML typing sees.
_TEXT = ["string", "number", "boolean"]
_OPTIONAL_TEXT = [*_TEXT, "null"]
_AMOUNT_PATTERN = (
    r"^\s*(-?[0-9]+(\.[0-9]+)?|-?[0-9]{1,3}(\.[0-9]{3})*(,[0-9]+)?|-?[0-9]+(,[0-9]+)?)\s*$"
)
_YEAR_PATTERN = r"^\s*(19|20|21)[0-9]{2}\s*$"
# Text an accepted entry must write out (code, place, reason): not empty, not only spaces.
_VISIBLE = r"\S"
_EXPIRY_PATTERN = (
    r"^\s*(open|declining|[uU][dD][lL][øØ][bB]\s+[iI][kK][kK][eE]\s+[fF][aA][sS][tT][sS][aA][tT]"
    r"|[fF][aA][lL][dD][eE][nN][dD][eE]\s+[pP][rR][oO][fF][iI][lL])\s*$"
)


def _ref(name: str, description: str) -> dict[str, Any]:
    """A reference to ``definitions/name`` with a description of its own (draft-07 style)."""
    return {"allOf": [{"$ref": f"#/definitions/{name}"}], "description": description}


def _text(description: str, *, optional: bool = False) -> dict[str, Any]:
    return {"type": _OPTIONAL_TEXT if optional else _TEXT, "description": description}


def schema(locale: str | None = None) -> dict[str, Any]:
    """The schema as a dictionary, its descriptions in ``locale`` (default: the current one)."""
    with use_locale(locale or current_locale()):
        return _schema()


def _schema() -> dict[str, Any]:
    return {
        "$schema": DRAFT,
        "$id": _ID,
        "title": _("bevilling ledger, format v1 (bevilling/1)"),
        "description": _(
            "A ledger of budget appropriations transcribed from one source document. See"
            " docs/ledger-format.md. The loader (bevilling check) is stricter than this schema"
            " on numbers: in plain ledgers '1.200' is refused as ambiguous."
        ),
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "title", "document", "unit", "tables"],
        "properties": {
            "format": {
                "const": "bevilling/1",
                "description": _("The format version; write it as the first line."),
            },
            "title": _text(_("What the ledger is.")),
            "document": _text(_("The source document the tables were transcribed from.")),
            "source_file": {
                "type": "object",
                "additionalProperties": False,
                "required": ["path"],
                "description": _(
                    "The source document as a file, for `bevilling check --sources`: its path"
                    " (relative to the ledger's folder) and its SHA-256 checksum."
                ),
                "properties": {
                    "path": {
                        "type": "string",
                        "minLength": 1,
                        "description": _(
                            "The document's path: relative to the ledger file's folder, or"
                            " absolute."
                        ),
                    },
                    "sha256": {
                        "type": "string",
                        "pattern": "^[0-9a-fA-F]{64}$",
                        "description": _(
                            "The SHA-256 checksum of the document (64 hex digits, as sha256sum"
                            " prints it)."
                        ),
                    },
                },
            },
            "unit": {
                "enum": ["1000 DKK", "DKK", "mio DKK"],
                "description": _("The unit of every amount in the file: 1000 DKK, DKK or mio DKK."),
            },
            "phase": {
                "enum": ["approved", "proposed"],
                "description": _(
                    "approved: money granted (the default); proposed: a proposal, e.g. a budget"
                    " note."
                ),
            },
            "price_level": _ref("year", _("The price level (p/l) year, e.g. 2016.")),
            "number_format": {
                "enum": ["plain", "da"],
                "description": _(
                    "How amounts are written: plain (1200, 18.3) or da, Danish notation"
                    " ('1.200', '18,3')."
                ),
            },
            "stated_total": _ref("amount", _("The printed grand total, as printed.")),
            "rounded_to": _ref("amount", _("The rounding of the printed grand total.")),
            "tables": {
                "type": "array",
                "minItems": 1,
                "items": {"$ref": "#/definitions/table"},
                "description": _("The printed tables, in order."),
            },
            "accepted": {
                "type": ["array", "null"],
                "items": {"$ref": "#/definitions/acceptance"},
                "description": _("Known discrepancies, accepted with a reason."),
            },
        },
        "definitions": {
            "amount": {
                "description": _(
                    "An amount in the ledger's notation: plain (1200, 18.3) or, with"
                    " number_format: da, Danish ('5.190', '18,3')."
                ),
                "anyOf": [
                    {"type": "number"},
                    {"type": "string", "pattern": _AMOUNT_PATTERN},
                ],
            },
            "year": {
                "description": _("A four-digit year."),
                "anyOf": [
                    {"type": "integer", "minimum": 1900, "maximum": 2200},
                    {"type": "string", "pattern": _YEAR_PATTERN},
                ],
            },
            "years": {
                "description": _("An amount per year: one `year: amount` per line."),
                "type": "object",
                "propertyNames": {"pattern": "^(19|20|21)[0-9]{2}$"},
                "additionalProperties": {"$ref": "#/definitions/amount"},
                "minProperties": 1,
            },
            "expires": {
                "description": _(
                    "A year, open (Udløb ikke fastsat) or declining (Faldende profil)."
                ),
                "anyOf": [
                    {"$ref": "#/definitions/year"},
                    {"type": "string", "pattern": _EXPIRY_PATTERN},
                ],
            },
            "appropriation": _appropriation(),
            "table": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "category", "appropriations"],
                "properties": {
                    "name": _text(_("The table's caption as printed, e.g. 'Tabel 9: ...'.")),
                    "category": {
                        "enum": ["driftsmidler", "indsatsmidler", "særindsatser"],
                        "description": _(
                            "The kind of money in every row: driftsmidler, indsatsmidler or"
                            " særindsatser."
                        ),
                    },
                    "stated_total": _ref("amount", _("The table's printed total (I alt).")),
                    "stated_years": _ref("years", _("The printed totals per year.")),
                    "rounded_to": _ref(
                        "amount", _("The rounding of the printed figures, e.g. 0.1.")
                    ),
                    "appropriations": {
                        "type": "array",
                        "items": {"$ref": "#/definitions/appropriation"},
                        "description": _("The rows, in printed order."),
                    },
                },
            },
            "acceptance": {
                "type": "object",
                "additionalProperties": False,
                "required": ["code", "reason"],
                "properties": {
                    "code": {
                        "type": "string",
                        "pattern": _VISIBLE,
                        "description": _("The problem code accepted, e.g. total-mismatch."),
                    },
                    "table": {
                        **_text(_("The name of the table the finding is about.")),
                        "pattern": _VISIBLE,
                    },
                    "appropriation": {
                        **_text(_("The id of the appropriation the finding is about.")),
                        "pattern": _VISIBLE,
                    },
                    "year": _ref(
                        "year", _("The year of the accepted year total (year-total-mismatch).")
                    ),
                    "stated": _ref(
                        "amount",
                        _(
                            "The printed figure of the accepted finding, as the finding states"
                            " it: the entry accepts only a finding with exactly this figure."
                        ),
                    ),
                    "sum": _ref(
                        "amount",
                        _(
                            "What the rows (or the profile, or the tables) add up to in the"
                            " accepted finding: the entry accepts only a finding with exactly"
                            " this sum."
                        ),
                    ),
                    "named": {
                        "description": _(
                            "The amounts the row's description names (description-amount), in"
                            " the ledger's unit, as the finding states them: one amount, or a"
                            " list when it names several. The entry accepts only a finding"
                            " naming exactly these."
                        ),
                        "anyOf": [
                            {"$ref": "#/definitions/amount"},
                            {
                                "type": "array",
                                "minItems": 1,
                                "items": {"$ref": "#/definitions/amount"},
                            },
                        ],
                    },
                    "amount": _ref(
                        "amount",
                        _(
                            "The row's amount in the accepted description-amount finding: the"
                            " entry accepts only a finding with exactly this amount."
                        ),
                    ),
                    "reason": {
                        "type": "string",
                        "pattern": _VISIBLE,
                        "description": _("Why the finding is accepted."),
                    },
                },
            },
        },
    }


def _appropriation() -> dict[str, Any]:
    """The schema of one row."""
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["title"],
        "anyOf": [{"required": ["amount"]}, {"required": ["profile"]}],
        "if": {"not": {"required": ["profile"]}},
        "then": {"required": ["expires"]},
        "properties": {
            "id": _text(_("A short, stable identifier, e.g. D11.")),
            "title": _text(_("The appropriation's title (Formål/overskrift) as printed.")),
            "amount": _ref(
                "amount",
                _(
                    "The amount (Beløb) in the ledger's unit; with a profile, the row's printed"
                    " total (I alt)."
                ),
            ),
            "profile": _ref("years", _("The amount per year (year: amount).")),
            "expires": _ref("expires", _("Expiry (Udløb): a year, open or declining.")),
            "target_group": _text(_("Target group (Målgruppe)."), optional=True),
            "organisation": _text(_("Organisation (Org.)."), optional=True),
            "description": _text(_("Description (Beskrivelse)."), optional=True),
            "source": _text(_("Source (Kilde)."), optional=True),
            "committee": _text(_("Committee (Udvalg)."), optional=True),
            "appropriation_no": _text(
                _("Appropriation number (Bevilling), always read as text."), optional=True
            ),
            "function": _text(_("Function code (Funktion), always read as text."), optional=True),
        },
    }


def schema_text(locale: str | None = None) -> str:
    """The schema as JSON text in ``locale`` (default: the current one): what ``bevilling
    schema`` prints."""
    return json.dumps(schema(locale), ensure_ascii=False, indent=2) + "\n"


def shipped_text() -> str:
    """The schema file shipped in the package (the Danish rendering)."""
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
