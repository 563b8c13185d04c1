"""Interop: tables from budget papers into ledgers (import), ledgers out to the files others use
(export), and what a change to the ledgers means (diff).

What the layers above may import (from this package, not from its modules):
``import_tables``, ``ImportOptions``, ``ImportResult``, ``parse_mapping``, ``parse_fill_down``
(``--fill-down``), ``TEXT_FIELDS`` (the fields it may name);
``import_spending_files``, ``SpendingOptions``, ``SpendingImport``, ``parse_spending_mapping``,
``spending_text`` (spending exports into spending files); ``read_document``,
``is_document``, ``describe_table``, ``DocumentTable`` (the tables of a .docx or .pdf);
``check_sources`` (``bevilling check --sources``); ``export_xlsx``,
``export_datapackage``, ``export_json``, ``export_json_chunks`` (the same in pieces, for
writing as they come), ``export_csv``, ``sheet_names``, ``MissingExtraError``;
``diff``, ``render_diff``, ``LedgerDiff``, ``git_ledger_texts``, ``load_texts``, ``GitError``;
``git_revision``, ``GitRevision`` (the commit of a folder, for the HTML page).

Imports every layer below it (core, i18n, read, write, audit, reports); openpyxl, python-docx and
pdfplumber only inside the functions that need them.
"""

from __future__ import annotations

from bevilling.interop.diff import LedgerDiff, diff
from bevilling.interop.diff_render import render_diff
from bevilling.interop.documents import DocumentTable, describe_table, is_document
from bevilling.interop.export import (
    MissingExtraError,
    TooManyRowsError,
    export_csv,
    export_datapackage,
    export_json,
    export_json_chunks,
    export_xlsx,
    sheet_names,
)
from bevilling.interop.git import GitError, GitRevision, git_ledger_texts, git_revision, load_texts
from bevilling.interop.importer import (
    TEXT_FIELDS,
    ImportOptions,
    ImportResult,
    import_tables,
    parse_fill_down,
    parse_mapping,
    read_document,
)
from bevilling.interop.sources import check_sources
from bevilling.interop.spending import (
    SpendingImport,
    SpendingOptions,
    import_spending_files,
    parse_spending_mapping,
    spending_text,
)

__all__ = [
    "TEXT_FIELDS",
    "DocumentTable",
    "GitError",
    "GitRevision",
    "ImportOptions",
    "ImportResult",
    "LedgerDiff",
    "MissingExtraError",
    "SpendingImport",
    "SpendingOptions",
    "TooManyRowsError",
    "check_sources",
    "describe_table",
    "diff",
    "export_csv",
    "export_datapackage",
    "export_json",
    "export_json_chunks",
    "export_xlsx",
    "git_ledger_texts",
    "git_revision",
    "import_spending_files",
    "import_tables",
    "is_document",
    "load_texts",
    "parse_fill_down",
    "parse_mapping",
    "parse_spending_mapping",
    "read_document",
    "render_diff",
    "sheet_names",
    "spending_text",
]
