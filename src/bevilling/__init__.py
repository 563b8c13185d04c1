"""bevilling: track public budget appropriations (bevillinger) in YAML ledgers.

Load ledgers, audit them against the totals printed in their source documents, and ask
which funds run out when::

    import bevilling

    ledgers = bevilling.load("ledger/")
    for problem in ledgers.problems:
        print(problem)
    for entry in ledgers.entries():
        print(entry.appropriation.title, entry.appropriation.amount)

Names are imported on first use, so that ``import bevilling`` and ``bevilling --version``
stay fast; type checkers see them all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from bevilling._version import __version__

if TYPE_CHECKING:
    from bevilling.loader import load, load_string
    from bevilling.model import (
        Acceptance,
        Appropriation,
        Category,
        Entry,
        Expiry,
        ExpiryKind,
        Ledger,
        LedgerSet,
        NumberFormat,
        Phase,
        Profile,
        Table,
        Unit,
    )
    from bevilling.money import D
    from bevilling.problems import BevillingError, Location, Problem, Severity
    from bevilling.render import render_entries_json

__all__ = [
    "Acceptance",
    "Appropriation",
    "BevillingError",
    "Category",
    "D",
    "Entry",
    "Expiry",
    "ExpiryKind",
    "Ledger",
    "LedgerSet",
    "Location",
    "NumberFormat",
    "Phase",
    "Problem",
    "Profile",
    "Severity",
    "Table",
    "Unit",
    "__version__",
    "load",
    "load_string",
    "render_entries_json",
]

# Public name → the module that defines it.
_WHERE = {
    "load": "loader",
    "load_string": "loader",
    "D": "money",
    "BevillingError": "problems",
    "Location": "problems",
    "Problem": "problems",
    "Severity": "problems",
    "render_entries_json": "render",
    **dict.fromkeys(
        [
            "Acceptance", "Appropriation", "Category", "Entry", "Expiry", "ExpiryKind",
            "Ledger", "LedgerSet", "NumberFormat", "Phase", "Profile", "Table", "Unit",
        ],
        "model",
    ),
}  # fmt: skip


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'bevilling' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"bevilling.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
