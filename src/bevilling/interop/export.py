"""Ledgers → the files finance staff and open-data portals use: Excel, data packages, JSON, CSV.

Every exporter returns the bytes (or texts) of what it makes and writes nothing itself; the
CLI writes them with :func:`bevilling.write.atomic.write_atomic`.

* :func:`export_xlsx`: a workbook with an overview sheet, one sheet per table (amounts as real
  numbers in a ``#,##0`` number format, which Danish Excel shows as ``48.779``; the printed total
  beside a live ``=SUM()`` of the rows and their difference; frozen header row; column widths)
  and a sheet of expiring funds per year.  Needs the ``excel`` extra (openpyxl).
* :func:`export_datapackage`: a Frictionless Tabular Data Package in the style of the Fiscal
  Data Package: ``appropriations.csv`` (one row per appropriation: amount, currency, factor,
  phase as the budget phase, and the classifications) and ``profile.csv`` (amount per fiscal
  year), described by ``datapackage.json``.
* :func:`export_json` and :func:`export_csv`: the appropriations as ``bevilling list`` gives
  them in JSON and CSV.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bevilling.core.model import Entry, ExpiryKind, LedgerSet, Table, Unit
from bevilling.core.problems import BevillingError

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from bevilling.core.model import Appropriation, Ledger

__all__ = [
    "EXPORT_FORMATS",
    "MissingExtraError",
    "export_csv",
    "export_datapackage",
    "export_json",
    "export_xlsx",
    "sheet_names",
]

#: The formats ``bevilling export --to`` writes.
EXPORT_FORMATS = ("xlsx", "datapackage", "json", "csv")

#: The unit of the sheet of expiring funds, where ledgers of different units meet.
COMMON_UNIT = Unit.THOUSAND_DKK

_UNIT_WORDS = {Unit.DKK: "kr.", Unit.THOUSAND_DKK: "1.000 kr.", Unit.MILLION_DKK: "mio. kr."}
_PHASE_WORDS = {"approved": "vedtaget", "proposed": "forslag"}
_TEXT_COLUMNS = (
    ("target_group", "Målgruppe"),
    ("organisation", "Org."),
    ("title", "Formål/overskrift"),
    ("description", "Beskrivelse"),
    ("source", "Kilde"),
    ("committee", "Udvalg"),
    ("appropriation_no", "Bevilling"),
    ("function", "Funktion"),
)
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
_HEADER_FILL = "DDEBF7"


class MissingExtraError(BevillingError):
    """An optional dependency is not installed; the message names the extra to install."""


# --- xlsx ------------------------------------------------------------------------------------


def sheet_names(names: Iterable[str]) -> list[str]:
    """Excel sheet names for ``names``: at most 31 characters, none of ``[]:*?/\\``, unique.

    >>> sheet_names(["Tabel 2: Udgifter til service – service", "Tabel 2: Udgifter til service – indsats"])
    ['Tabel 2 Udgifter til service –', 'Tabel 2 Udgifter til servic (2)']
    """  # noqa: E501
    used: set[str] = set()
    result = []
    for name in names:
        base = " ".join(name.translate(_BAD_SHEET_CHARS).split()).strip("'") or "Tabel"
        candidate = base[:31].rstrip()
        number = 1
        while candidate.casefold() in used:
            number += 1
            suffix = f" ({number})"
            candidate = base[: 31 - len(suffix)].rstrip() + suffix
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _number_format(places: int) -> str:
    """``#,##0`` or ``#,##0.0…``: Excel shows it with the reader's separators (48.779 in da)."""
    return "#,##0" + ("." + "0" * places if places > 0 else "")


def _places(values: Iterable[Decimal]) -> int:
    places = 0
    for value in values:
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def export_xlsx(ledgers: LedgerSet) -> bytes:
    """The ledgers as an Excel workbook (bytes of an ``.xlsx`` file).

    Raises :class:`MissingExtraError` when openpyxl is not installed.
    """
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError(
            "exporting to Excel needs openpyxl: install the Excel extra with"
            " pip install 'bevilling[excel]'"
        ) from None
    workbook = Workbook()
    overview = workbook.create_sheet("Oversigt", 0)
    for sheet in list(workbook.worksheets[1:]):  # the empty default sheet
        workbook.remove(sheet)
    pairs = [(ledger, table) for ledger in ledgers.ledgers for table in ledger.tables]
    names = sheet_names(["Oversigt", "Udløb pr. år", *(t.name for _, t in pairs)])[2:]
    headers = ["Ledger", "Tabel", "Ark", "Kategori", "Fase", "Enhed", "Trykt i alt",
               "Sum af rækker", "Forskel"]  # fmt: skip
    overview.append(headers)
    for (ledger, table), name in zip(pairs, names, strict=True):
        sheet = workbook.create_sheet(name)
        sum_cell, stated_cell = _table_sheet(sheet, ledger, table)
        row = overview.max_row + 1
        overview.append(
            [
                ledger.title,
                table.name,
                name,
                table.category.value,
                _PHASE_WORDS[ledger.phase.value],
                _UNIT_WORDS[ledger.unit],
                f"={_quote_sheet(name)}!{stated_cell}" if table.stated_total is not None else None,
                f"={_quote_sheet(name)}!{sum_cell}",
                f'=IF(G{row}="","",G{row}-H{row})',
            ]
        )
        number_format = _number_format(ledger.decimal_places())
        for column in "GHI":
            overview[f"{column}{row}"].number_format = number_format
    _style_header(overview, len(headers))
    _widths(overview)
    expiring = workbook.create_sheet("Udløb pr. år", 1)
    _expiring_sheet(expiring, list(ledgers.entries()))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_sheet(sheet: Worksheet, ledger: Ledger, table: Table) -> tuple[str, str]:
    """Fill one table's sheet; return the cells of the rows' sum and the printed total."""
    from openpyxl.utils import get_column_letter

    rows = table.appropriations
    texts = [(key, title) for key, title in _TEXT_COLUMNS if any(getattr(a, key) for a in rows)]
    if ("title", "Formål/overskrift") not in texts:
        texts.insert(0, ("title", "Formål/overskrift"))
    years = sorted({y for a in rows if a.profile is not None for y in a.profile}
                   | set(table.stated_years or ()))  # fmt: skip
    headers = ["Id", *(title for _, title in texts), *(str(y) for y in years),
               f"Beløb ({_UNIT_WORDS[ledger.unit]})", "Udløb"]  # fmt: skip
    sheet.append(headers)
    first_number = 2 + len(texts)  # 1-based column of the first year (or the amount)
    amount_column = first_number + len(years)
    number_format = _number_format(ledger.decimal_places())
    for a in rows:
        profile: Mapping[int, Decimal] = a.profile or {}
        sheet.append(
            [
                a.id,
                *(getattr(a, key) for key, _ in texts),
                *(profile.get(y) for y in years),
                a.amount,
                a.expiry.year if a.expiry.kind is ExpiryKind.YEAR else _expiry_words(a),
            ]
        )
    last = 1 + len(rows)
    label_column = 2 if texts else 1
    sum_row, stated_row, diff_row = last + 2, last + 3, last + 4
    sheet.cell(sum_row, label_column, "Sum af rækker")
    sheet.cell(stated_row, label_column, "Trykt i alt")
    sheet.cell(diff_row, label_column, "Forskel (trykt − sum)")
    stated_years: Mapping[int, Decimal] = table.stated_years or {}
    for offset, column in enumerate(range(first_number, amount_column + 1)):
        letter = get_column_letter(column)
        sheet.cell(sum_row, column, f"=SUM({letter}2:{letter}{max(last, 2)})")
        stated = table.stated_total if column == amount_column else stated_years.get(years[offset])
        if stated is not None:
            sheet.cell(stated_row, column, stated)
            sheet.cell(diff_row, column, f"={letter}{stated_row}-{letter}{sum_row}")
        for row in range(2, diff_row + 1):
            sheet.cell(row, column).number_format = number_format
    for row in (sum_row, stated_row, diff_row):
        for column in range(1, len(headers) + 1):
            sheet.cell(row, column).font = _bold()
    _style_header(sheet, len(headers))
    _widths(sheet)
    amount_letter = get_column_letter(amount_column)
    return f"{amount_letter}{sum_row}", f"{amount_letter}{stated_row}"


def _expiry_words(a: Appropriation) -> str:
    from bevilling.write import EXPIRY_PHRASES

    return EXPIRY_PHRASES.get(a.expiry.kind, str(a.expiry))


def _expiring_sheet(sheet: Worksheet, entries: Sequence[Entry]) -> None:
    """Every appropriation by expiry (years in order, then open, then declining), with a
    live subtotal per expiry, in one unit (1.000 kr.)."""
    headers = ["Udløb", "Id", "Formål/overskrift", "Tabel", "Kategori", "Fase",
               f"Beløb ({_UNIT_WORDS[COMMON_UNIT]})"]  # fmt: skip
    sheet.append(headers)
    ordered = sorted(entries, key=lambda e: e.appropriation.expiry.sort_key)
    amounts = [e.ledger.unit.convert(e.appropriation.amount, COMMON_UNIT) for e in ordered]
    number_format = _number_format(_places(amounts))
    group_start = 2
    for index, (entry, amount) in enumerate(zip(ordered, amounts, strict=True)):
        a = entry.appropriation
        sheet.append(
            [
                a.expiry.year if a.expiry.kind is ExpiryKind.YEAR else _expiry_words(a),
                a.id,
                a.title,
                entry.table.name,
                a.category.value,
                _PHASE_WORDS[entry.ledger.phase.value],
                amount,
            ]
        )
        sheet.cell(sheet.max_row, 7).number_format = number_format
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if following is None or following.appropriation.expiry != a.expiry:
            row = sheet.max_row
            sheet.append([f"I alt {_expiry_label(a)}", None, None, None, None, None,
                          f"=SUM(G{group_start}:G{row})"])  # fmt: skip
            sheet.cell(sheet.max_row, 7).number_format = number_format
            for column in range(1, 8):
                sheet.cell(sheet.max_row, column).font = _bold()
            group_start = sheet.max_row + 2  # after the subtotal and one empty row
            sheet.append([])
    _style_header(sheet, len(headers))
    _widths(sheet)


def _expiry_label(a: Appropriation) -> str:
    if a.expiry.kind is ExpiryKind.YEAR:
        return f"udløb {a.expiry.year}"
    return _expiry_words(a).lower()


def _bold() -> Any:
    from openpyxl.styles import Font

    return Font(bold=True)


def _style_header(sheet: Worksheet, columns: int) -> None:
    from openpyxl.styles import Alignment, PatternFill

    for column in range(1, columns + 1):
        cell = sheet.cell(1, column)
        cell.font = _bold()
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    sheet.freeze_panes = "A2"


def _widths(sheet: Worksheet) -> None:
    """Columns as wide as their content (numbers as they will show), 8 to 60 characters."""
    from openpyxl.utils import get_column_letter

    widths: dict[int, int] = {}
    for row in sheet.iter_rows():
        for cell in row:
            value = cell.value
            if value is None or (isinstance(value, str) and value.startswith("=")):
                length = 10 if value is not None else 0
            elif isinstance(value, Decimal):
                length = len(f"{value:,}") + 1
            else:
                length = len(str(value))
            column = cell.column or 1
            widths[column] = max(widths.get(column, 0), length)
    for column, width in widths.items():
        sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 60)


# --- data package ----------------------------------------------------------------------------

_APPROPRIATION_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", "The appropriation's id in its ledger."),
    ("ledger", "string", "The ledger's title."),
    ("document", "string", "The source document the ledger was transcribed from."),
    ("table", "string", "The printed table's caption."),
    ("category", "string", "driftsmidler, indsatsmidler or særindsatser."),
    ("target_group", "string", "Målgruppe."),
    ("organisation", "string", "Org.: the organisation that gets the money."),
    ("title", "string", "Formål/overskrift."),
    ("description", "string", "Beskrivelse."),
    ("source", "string", "Kilde: the agreement or decision."),
    ("committee", "string", "Udvalg."),
    ("appropriation_no", "string", "Bevilling (number), as text."),
    ("function", "string", "Kommunal funktion (function code), as text."),
    ("budget_phase", "string", "approved or proposed (Fiscal Data Package budget phase)."),
    ("price_level", "integer", "The price level (p/l) year of the amounts."),
    ("expires", "string", "The last funded year, 'open' or 'declining'."),
    ("amount", "number", "The amount, in units of `factor` kroner."),
    ("currency", "string", "ISO 4217 currency code."),
    ("factor", "integer", "How many kroner one unit of `amount` is (1000 for 1.000 kr.)."),
]
_PROFILE_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", "The appropriation's id (appropriations.csv)."),
    ("fiscal_year", "integer", "The fiscal year (fiscal period) of the amount."),
    ("amount", "number", "The amount in that year, in units of `factor` kroner."),
    ("currency", "string", "ISO 4217 currency code."),
    ("factor", "integer", "How many kroner one unit of `amount` is."),
    ("budget_phase", "string", "approved or proposed."),
]


def export_datapackage(ledgers: LedgerSet, name: str = "bevillinger") -> dict[str, bytes]:
    """A Frictionless data package: ``{"datapackage.json": …, "appropriations.csv": …,
    "profile.csv": …}`` as bytes.  Amounts are plain decimals (``18.3``) from the Decimal."""
    import csv

    from bevilling.write import format_plain

    appropriations = io.StringIO()
    profile = io.StringIO()
    a_writer = csv.writer(appropriations, lineterminator="\n")
    p_writer = csv.writer(profile, lineterminator="\n")
    a_writer.writerow([f for f, _, _ in _APPROPRIATION_FIELDS])
    p_writer.writerow([f for f, _, _ in _PROFILE_FIELDS])
    for ledger, table, a in ledgers.entries():
        factor = str(int(ledger.unit.factor))
        phase = ledger.phase.value
        a_writer.writerow(
            [
                a.id, ledger.title, ledger.document, table.name, a.category.value,
                a.target_group, a.organisation, a.title, a.description, a.source, a.committee,
                a.appropriation_no, a.function, phase,
                ledger.price_level, str(a.expiry), format_plain(a.amount), "DKK", factor,
            ]
        )  # fmt: skip
        for year, amount in (a.profile or {}).items():
            p_writer.writerow([a.id, year, format_plain(amount), "DKK", factor, phase])
    descriptor = _descriptor(name, ledgers)
    return {
        "datapackage.json": (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode(),
        "appropriations.csv": appropriations.getvalue().encode("utf-8"),
        "profile.csv": profile.getvalue().encode("utf-8"),
    }


def _schema(fields: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [{"name": n, "type": t, "description": d} for n, t, d in fields]


def _descriptor(name: str, ledgers: LedgerSet) -> dict[str, Any]:
    documents = sorted({ledger.document for ledger in ledgers.ledgers})
    return {
        "name": name,
        "title": "Bevillinger (budget appropriations)",
        "description": "Appropriations transcribed from: " + "; ".join(documents),
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {
                "name": "appropriations",
                "path": "appropriations.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": _schema(_APPROPRIATION_FIELDS),
                    "missingValues": [""],
                },
            },
            {
                "name": "profile",
                "path": "profile.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": _schema(_PROFILE_FIELDS),
                    "missingValues": [""],
                    "foreignKeys": [
                        {
                            "fields": "id",
                            "reference": {"resource": "appropriations", "fields": "id"},
                        }
                    ],
                },
            },
        ],
        # The Fiscal Data Package model: which columns are measures and which classify them.
        "model": {
            "measures": {
                "amount": {"source": "amount", "currency": "DKK", "factor_source": "factor"},
            },
            "dimensions": {
                "activity": {"attributes": {"title": {"source": "title"}}, "primaryKey": "title"},
                "functional-classification": {
                    "attributes": {"category": {"source": "category"}},
                    "primaryKey": "category",
                    "dimensionType": "classification",
                },
                "beneficiary": {
                    "attributes": {"target_group": {"source": "target_group"}},
                    "primaryKey": "target_group",
                },
                "administrative-classification": {
                    "attributes": {"organisation": {"source": "organisation"}},
                    "primaryKey": "organisation",
                    "dimensionType": "classification",
                },
                "source": {"attributes": {"source": {"source": "source"}}, "primaryKey": "source"},
                "budget-phase": {
                    "attributes": {"budget_phase": {"source": "budget_phase"}},
                    "primaryKey": "budget_phase",
                },
                "fiscal-period": {
                    "attributes": {"fiscal_year": {"source": "fiscal_year", "resource": "profile"}},
                    "primaryKey": "fiscal_year",
                    "dimensionType": "datetime",
                },
            },
        },
    }


# --- json and csv, as in the reports ---------------------------------------------------------


def export_json(ledgers: LedgerSet) -> str:
    """Every appropriation as ``bevilling list --format json`` prints it."""
    from bevilling.reports import render_entries_json

    return render_entries_json(ledgers.entries())


def export_csv(ledgers: LedgerSet, *, locale: str = "da", dialect: str = "excel") -> str:
    """Every appropriation as ``bevilling list --format csv`` prints it."""
    from bevilling.reports import render_list

    return render_list(ledgers.entries(), "csv", locale=locale, csv_dialect=dialect)


#: Exporter by format, for the CLI.
EXPORTERS: dict[str, Callable[..., Any]] = {
    "xlsx": export_xlsx,
    "datapackage": export_datapackage,
    "json": export_json,
    "csv": export_csv,
}
