"""Interop: tables from budget papers into ledgers (import), ledgers out to the files others use
(export), and what a change to the ledgers means (diff).

What the layers above may import (from this package, not from its modules):
``import_tables``, ``ImportOptions``, ``ImportResult``, ``parse_mapping``;
``import_spending_files``, ``SpendingOptions``, ``SpendingImport``, ``parse_spending_mapping``,
``spending_text``; ``export_xlsx``,
``export_datapackage``, ``export_json``, ``export_csv``, ``sheet_names``, ``MissingExtraError``;
``diff``, ``render_diff``, ``LedgerDiff``, ``git_ledger_texts``, ``load_texts``, ``GitError``.

Imports every layer below it (core, i18n, read, write, audit, reports); openpyxl only inside the
functions that need it.
"""

from __future__ import annotations

from bevilling.interop.diff import LedgerDiff, diff
from bevilling.interop.diff_render import render_diff
from bevilling.interop.export import (
    MissingExtraError,
    export_csv,
    export_datapackage,
    export_json,
    export_xlsx,
    sheet_names,
)
from bevilling.interop.git import GitError, git_ledger_texts, load_texts
from bevilling.interop.importer import ImportOptions, ImportResult, import_tables, parse_mapping
from bevilling.interop.spending import (
    SpendingImport,
    SpendingOptions,
    import_spending_files,
    parse_spending_mapping,
    spending_text,
)

__all__ = [
    "GitError",
    "ImportOptions",
    "ImportResult",
    "LedgerDiff",
    "MissingExtraError",
    "SpendingImport",
    "SpendingOptions",
    "diff",
    "export_csv",
    "export_datapackage",
    "export_json",
    "export_xlsx",
    "git_ledger_texts",
    "import_spending_files",
    "import_tables",
    "load_texts",
    "parse_mapping",
    "parse_spending_mapping",
    "render_diff",
    "sheet_names",
    "spending_text",
]
