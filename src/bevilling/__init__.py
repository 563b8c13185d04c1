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

import sys

from bevilling._version import __version__

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from bevilling.audit import CHECKS, Check, Report, check
    from bevilling.core.model import (
        Acceptance,
        AmbiguousIdError,
        Appropriation,
        Category,
        Change,
        ChangeKind,
        ChangeSide,
        Entry,
        Expiry,
        ExpiryKind,
        Ledger,
        LedgerSet,
        NumberFormat,
        Phase,
        Profile,
        Spending,
        Table,
        Unit,
    )
    from bevilling.core.money import D
    from bevilling.core.prices import PriceIndex
    from bevilling.core.problems import BevillingError, Location, Problem, Severity
    from bevilling.i18n.catalogs import set_locale, use_locale
    from bevilling.interop import (
        ImportOptions,
        ImportResult,
        LedgerDiff,
        diff,
        export_datapackage,
        export_xlsx,
        import_tables,
        render_diff,
    )
    from bevilling.read import load, load_string
    from bevilling.reports import (
        Dimension,
        Expiring,
        ExpiringRow,
        Filter,
        Followup,
        FollowupRow,
        LedgerErrorsError,
        MixedPriceLevelsError,
        Prices,
        Timeline,
        TimelineCell,
        Totals,
        TotalsGroup,
        UnknownFilterValueError,
        expiring,
        followup,
        render_entries_json,
        render_expiring,
        render_followup,
        render_list,
        render_show,
        render_timeline,
        render_totals,
        timeline,
        totals,
    )
    from bevilling.write import dump

__all__ = [
    "CHECKS",
    "Acceptance",
    "AmbiguousIdError",
    "Appropriation",
    "BevillingError",
    "Category",
    "Change",
    "ChangeKind",
    "ChangeSide",
    "Check",
    "D",
    "Dimension",
    "Entry",
    "Expiring",
    "ExpiringRow",
    "Expiry",
    "ExpiryKind",
    "Filter",
    "Followup",
    "FollowupRow",
    "ImportOptions",
    "ImportResult",
    "Ledger",
    "LedgerDiff",
    "LedgerErrorsError",
    "LedgerSet",
    "Location",
    "MixedPriceLevelsError",
    "NumberFormat",
    "Phase",
    "PriceIndex",
    "Prices",
    "Problem",
    "Profile",
    "Report",
    "Severity",
    "Spending",
    "Table",
    "Timeline",
    "TimelineCell",
    "Totals",
    "TotalsGroup",
    "Unit",
    "UnknownFilterValueError",
    "__version__",
    "check",
    "diff",
    "dump",
    "expiring",
    "export_datapackage",
    "export_xlsx",
    "followup",
    "import_tables",
    "load",
    "load_string",
    "render_diff",
    "render_entries_json",
    "render_expiring",
    "render_followup",
    "render_list",
    "render_show",
    "render_timeline",
    "render_totals",
    "set_locale",
    "timeline",
    "totals",
    "use_locale",
]

# Public name → the module that defines it.
_WHERE = {
    "CHECKS": "audit",
    "Check": "audit",
    "Report": "audit",
    "check": "audit",
    "LedgerDiff": "interop",
    "diff": "interop",
    "render_diff": "interop",
    "dump": "write",
    "export_datapackage": "interop",
    "export_xlsx": "interop",
    "ImportOptions": "interop",
    "ImportResult": "interop",
    "import_tables": "interop",
    "load": "read",
    "load_string": "read",
    "D": "core.money",
    "PriceIndex": "core.prices",
    "BevillingError": "core.problems",
    "Location": "core.problems",
    "Problem": "core.problems",
    "Severity": "core.problems",
    "set_locale": "i18n.catalogs",
    "use_locale": "i18n.catalogs",
    "render_entries_json": "reports",
    **dict.fromkeys(["Followup", "FollowupRow", "followup", "render_followup"], "reports"),
    **dict.fromkeys(["Change", "ChangeKind", "ChangeSide", "Spending"], "core.model"),
    **dict.fromkeys(
        ["render_expiring", "render_list", "render_show", "render_timeline", "render_totals"],
        "reports",
    ),
    **dict.fromkeys(
        [
            "Dimension", "Expiring", "ExpiringRow", "Filter", "LedgerErrorsError", "Timeline",
            "TimelineCell", "MixedPriceLevelsError", "Prices",
            "Totals", "TotalsGroup", "UnknownFilterValueError", "expiring", "timeline", "totals",
        ],
        "reports",
    ),
    **dict.fromkeys(
        [
            "Acceptance", "AmbiguousIdError", "Appropriation", "Category", "Entry", "Expiry",
            "ExpiryKind", "Ledger", "LedgerSet", "NumberFormat", "Phase", "Profile",
            "Table", "Unit",
        ],
        "core.model",
    ),
}  # fmt: skip


# The layer packages: `import bevilling; bevilling.write.dump(...)` works as an import of
# `bevilling.write` would, whatever was imported before.
_PACKAGES = frozenset({"audit", "cli", "core", "i18n", "interop", "read", "reports", "write"})


def __getattr__(name: str) -> Any:
    if name in _PACKAGES:
        __import__(f"bevilling.{name}")
        return sys.modules[f"bevilling.{name}"]
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'bevilling' has no attribute {name!r}")
    __import__(f"bevilling.{module}")  # not importlib.import_module: 0.3 ms of start-up
    value = getattr(sys.modules[f"bevilling.{module}"], name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
