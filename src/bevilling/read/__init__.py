"""Reading ledgers: YAML text -> a small tree with lines -> the model, with problems as values.

- :mod:`~bevilling.read.files`: finding ledger files under paths, reading and decoding them;
- :mod:`~bevilling.read.yamltree`: YAML text -> tree of text nodes with lines (libyaml events);
- :mod:`~bevilling.read.fastpath`: the same tree for the plain block layout, without libyaml;
- :mod:`~bevilling.read.values`: single values (amounts, years, expiries, enums) with hints;
- :mod:`~bevilling.read.loader`: :func:`load`/:func:`load_string`, the model from the tree;
- :mod:`~bevilling.read.schema`: the JSON Schema of format v1 for editors.

What the layers above may import (from this package, not from its modules):
``load``, ``load_string``, ``parse_expiry``, ``FORMAT``, ``is_ledger_name``; ``read_records``,
``record_format``, ``CHANGES_FORMAT``, ``SPENDING_FORMAT``; ``schema``, ``schema_text``.

Imports only :mod:`bevilling.core` and :mod:`bevilling.i18n`.
"""

from __future__ import annotations

from bevilling.core.lazy import lazy_package

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.read.files import is_ledger_name, os_reason, record_format
    from bevilling.read.followup import CHANGES_FORMAT, SPENDING_FORMAT, read_records
    from bevilling.read.loader import FORMAT, load, load_string, parse_expiry
    from bevilling.read.schema import schema, schema_text

__all__ = [
    "CHANGES_FORMAT",
    "FORMAT",
    "SPENDING_FORMAT",
    "is_ledger_name",
    "load",
    "load_string",
    "os_reason",
    "parse_expiry",
    "read_records",
    "record_format",
    "schema",
    "schema_text",
]

# Each name is imported from its module on first use (start-up): see bevilling.core.lazy.
lazy_package(
    __name__,
    {
        "files": (
            "is_ledger_name",
            "os_reason",
            "record_format",
        ),
        "followup": (
            "CHANGES_FORMAT",
            "SPENDING_FORMAT",
            "read_records",
        ),
        "loader": (
            "FORMAT",
            "load",
            "load_string",
            "parse_expiry",
        ),
        "schema": (
            "schema",
            "schema_text",
        ),
    },
)
