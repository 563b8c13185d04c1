"""The JSON Schema of ledger format v1, shipped with the package (``bevilling schema``).

Editors use it to complete and validate ledgers as they are typed (see ``docs/interop.md``).
It mirrors the loader's rules: known keys only at every level, required keys, the allowed
values of ``category``/``unit``/``phase``/``number_format``, amounts and years as written.
The loader remains the judge: it also refuses ambiguous numbers such as ``1.200`` in plain
ledgers, which a schema cannot tell apart from Danish notation.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_FILE", "schema", "schema_text"]

#: The schema's file name inside the package.
SCHEMA_FILE = "ledger-v1.schema.json"


def schema_text() -> str:
    """The schema as JSON text (what ``bevilling schema`` prints)."""
    return resources.files(__name__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")


def schema() -> dict[str, Any]:
    """The schema as a dictionary."""
    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded
