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

Why over 500 lines: about a fifth is the data package's declarative descriptor (field lists and
the Fiscal Data Package model), the rest the xlsx sheets; the natural split, ``export_xlsx.py``
beside this module, is due with the next exporter.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from bevilling.core.model import Entry, ExpiryKind, LedgerSet, Table, Unit
from bevilling.core.problems import BevillingError
from bevilling.core.text import FORMULA_PREFIXES, spreadsheet_text, visible, xml_safe

if TYPE_CHECKING:
    from bevilling.core.model import Appropriation, Ledger

#: Which budget phases the sheet of expiring funds sums (as ``--phase`` of the reports).
PhaseChoice = Literal["approved", "proposed", "all"]

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
_NOT_IN_SHEET_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_MAX_CELL_TEXT = 32767  # Excel's limit for the text of one cell
_HEADER_FILL = "DDEBF7"


class MissingExtraError(BevillingError):
    """An optional dependency is not installed; the message names the extra to install."""


# --- xlsx ------------------------------------------------------------------------------------


class _Formula(str):
    """A formula bevilling writes itself (``=SUM(...)``); every other ``str`` is text."""

    __slots__ = ()


def sheet_names(names: Iterable[str]) -> list[str]:
    """Excel sheet names for ``names``: at most 31 characters, none of ``[]:*?/\\``, no control
    character, not starting with a formula character (``=+-@``), unique.

    >>> sheet_names(["Tabel 2: Udgifter til service – service", "Tabel 2: Udgifter til service – indsats"])
    ['Tabel 2 Udgifter til service –', 'Tabel 2 Udgifter til servic (2)']
    >>> sheet_names(["=cmd|' /C calc'!A0"])
    ["cmd|' C calc'!A0"]
    """  # noqa: E501
    used: set[str] = set()
    result = []
    for name in names:
        cleaned = _NOT_IN_SHEET_NAME.sub(" ", name.translate(_BAD_SHEET_CHARS))
        base = " ".join(cleaned.split()).lstrip("=+-@ ").strip("'") or "Tabel"
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


def _cell_text(text: str) -> str:
    """Ledger text as an xlsx cell holds it: characters XML cannot hold and control characters
    made visible (openpyxl would raise ``IllegalCharacterError``), cut to Excel's 32 767."""
    text = visible(xml_safe(text))
    if len(text) > _MAX_CELL_TEXT:
        text = text[: _MAX_CELL_TEXT - 1] + "…"
    return text


def _phase_label(phase: PhaseChoice) -> str:
    return _PHASE_WORDS.get(phase, "vedtaget og forslag")


@attrs.define
class _Sheet:
    """A sheet's content before it is streamed: rows of values, and how to show them."""

    title: str
    rows: list[list[Any]] = attrs.field(factory=list)
    number_formats: dict[int, str] = attrs.field(factory=dict)
    """Number format by 1-based column, for numbers and formulas below the header."""
    bold_rows: set[int] = attrs.field(factory=set)
    """1-based rows shown in bold (sums)."""


def _refuse_errors(ledgers: LedgerSet, allow_errors: bool) -> None:
    """Raise :class:`~bevilling.reports.LedgerErrorsError` for ledgers with unaccepted errors
    (a file that did not load, a copied ledger, ...) unless ``allow_errors``: an export is a
    report too, and must not carry figures ``bevilling check`` rejects."""
    from bevilling.reports import require_valid

    require_valid(ledgers, allow_errors=allow_errors)


def export_xlsx(
    ledgers: LedgerSet, *, phase: PhaseChoice = "approved", allow_errors: bool = False
) -> bytes:
    """The ledgers as an Excel workbook (bytes of an ``.xlsx`` file).

    Every table gets its sheet; changes and spending loaded with the ledgers get a sheet each
    ("Ændringer", "Forbrug"); the sheet of expiring funds sums only the budget ``phase``
    (``approved``, the default, as ``bevilling expiring`` reports; ``proposed`` or ``all``)
    and says so in every subtotal.  Text from the ledgers is always a text cell, never a
    formula, and shown as written (see docs/security.md).  Written in openpyxl's write-only
    mode: time and memory grow linearly with the rows.

    Raises :class:`MissingExtraError` when openpyxl is not installed.
    """
    _refuse_errors(ledgers, allow_errors)
    try:
        from openpyxl import Workbook
    except ImportError:
        raise MissingExtraError(
            "exporting to Excel needs openpyxl: install the Excel extra with"
            " pip install 'bevilling[excel]'"
        ) from None
    from bevilling.reports import Filter

    pairs = [(ledger, table) for ledger in ledgers.ledgers for table in ledger.tables]
    records = _record_sheets(ledgers)
    fixed = ["Oversigt", "Udløb pr. år", *(sheet.title for sheet in records)]
    names = sheet_names([*fixed, *(t.name for _, t in pairs)])[len(fixed) :]
    overview = _Sheet("Oversigt")
    overview.rows.append(["Ledger", "Tabel", "Ark", "Kategori", "Fase", "Enhed", "Trykt i alt",
                          "Sum af rækker", "Forskel"])  # fmt: skip
    tables = []
    for (ledger, table), name in zip(pairs, names, strict=True):
        sheet, sum_cell, stated_cell = _table_sheet(name, ledger, table)
        tables.append(sheet)
        row = len(overview.rows) + 1
        overview.rows.append(
            [
                ledger.title,
                table.name,
                name,
                table.category.value,
                _PHASE_WORDS[ledger.phase.value],
                _UNIT_WORDS[ledger.unit],
                _Formula(f"={_quote_sheet(name)}!{stated_cell}")
                if table.stated_total is not None
                else None,
                _Formula(f"={_quote_sheet(name)}!{sum_cell}"),
                _Formula(f'=IF(G{row}="","",G{row}-H{row})'),
            ]
        )
    places = max((ledger.decimal_places() for ledger in ledgers.ledgers), default=0)
    for column in (7, 8, 9):
        overview.number_formats[column] = _number_format(places)
    expiring = _expiring_sheet(Filter(phase=phase).apply(ledgers), phase)
    workbook = Workbook(write_only=True)
    for sheet in (overview, expiring, *records, *tables):
        _write_sheet(workbook, sheet)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _table_sheet(name: str, ledger: Ledger, table: Table) -> tuple[_Sheet, str, str]:
    """One table's sheet; and the cells of the rows' sum and of the printed total."""
    from openpyxl.utils import get_column_letter

    sheet = _Sheet(name)
    rows = table.appropriations
    texts = [(key, title) for key, title in _TEXT_COLUMNS if any(getattr(a, key) for a in rows)]
    if ("title", "Formål/overskrift") not in texts:
        texts.insert(0, ("title", "Formål/overskrift"))
    years = sorted({y for a in rows if a.profile is not None for y in a.profile}
                   | set(table.stated_years or ()))  # fmt: skip
    sheet.rows.append(["Id", *(title for _, title in texts), *(str(y) for y in years),
                       f"Beløb ({_UNIT_WORDS[ledger.unit]})", "Udløb"])  # fmt: skip
    first_number = 2 + len(texts)  # 1-based column of the first year (or the amount)
    amount_column = first_number + len(years)
    for a in rows:
        profile: Mapping[int, Decimal] = a.profile or {}
        sheet.rows.append(
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
    width = amount_column + 1
    labels = (f"Sum af rækker ({_PHASE_WORDS[ledger.phase.value]})", "Trykt i alt",
              "Forskel (trykt − sum)")  # fmt: skip
    footer: list[list[Any]] = [[None] * width for _ in range(4)]  # empty, then three sums
    for row, label in zip(footer[1:], labels, strict=True):
        row[label_column - 1] = label
    stated_years: Mapping[int, Decimal] = table.stated_years or {}
    number_format = _number_format(ledger.decimal_places())
    for offset, column in enumerate(range(first_number, amount_column + 1)):
        letter = get_column_letter(column)
        footer[1][column - 1] = _Formula(f"=SUM({letter}2:{letter}{max(last, 2)})")
        stated = table.stated_total if column == amount_column else stated_years.get(years[offset])
        if stated is not None:
            footer[2][column - 1] = stated
            footer[3][column - 1] = _Formula(f"={letter}{stated_row}-{letter}{sum_row}")
        sheet.number_formats[column] = number_format
    sheet.rows.extend(footer)
    sheet.bold_rows.update((sum_row, stated_row, diff_row))
    amount_letter = get_column_letter(amount_column)
    return sheet, f"{amount_letter}{sum_row}", f"{amount_letter}{stated_row}"


def _expiry_words(a: Appropriation) -> str:
    from bevilling.write import EXPIRY_PHRASES

    return EXPIRY_PHRASES.get(a.expiry.kind, str(a.expiry))


def _expiring_sheet(entries: Sequence[Entry], phase: PhaseChoice) -> _Sheet:
    """Every appropriation of ``phase`` by expiry (years in order, then open, then declining),
    with a live subtotal per expiry that names the phase, in one unit (1.000 kr.)."""
    sheet = _Sheet("Udløb pr. år")
    sheet.rows.append(["Udløb", "Id", "Formål/overskrift", "Tabel", "Kategori", "Fase",
                       f"Beløb ({_UNIT_WORDS[COMMON_UNIT]})"])  # fmt: skip
    ordered = sorted(entries, key=lambda e: e.appropriation.expiry.sort_key)
    amounts = [e.ledger.unit.convert(e.appropriation.amount, COMMON_UNIT) for e in ordered]
    sheet.number_formats[7] = _number_format(_places(amounts))
    phases = _phase_label(phase)
    group_start = 2
    for index, (entry, amount) in enumerate(zip(ordered, amounts, strict=True)):
        a = entry.appropriation
        sheet.rows.append(
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
        following = ordered[index + 1] if index + 1 < len(ordered) else None
        if following is None or following.appropriation.expiry != a.expiry:
            row = len(sheet.rows)
            sheet.rows.append([f"I alt {_expiry_label(a)} ({phases})", None, None, None, None,
                               None, _Formula(f"=SUM(G{group_start}:G{row})")])  # fmt: skip
            sheet.bold_rows.add(row + 1)
            sheet.rows.append([])
            group_start = row + 3  # after the subtotal and one empty row
    return sheet


def _record_sheets(ledgers: LedgerSet) -> list[_Sheet]:
    """The sheets of the changes ("Ændringer": one row per side, or per forlængelse) and the
    spending ("Forbrug"), when change or spending files were loaded; each row with file:line."""
    from bevilling.write import EXPIRY_PHRASES

    sheets = []
    if ledgers.changes:
        changes = _Sheet("Ændringer")
        changes.rows.append(["Type", "Beslutning", "Bevilling", "År", "Beløb", "Enhed", "Udløb",
                             "Note", "Fil", "Linje"])  # fmt: skip
        amounts = []
        for change in ledgers.changes:
            common = [change.kind.value, change.decision or ""]
            where = [change.note or "", change.location.file]
            if not change.sides:
                expires = change.expires
                text = (
                    expires.year
                    if expires is not None and expires.kind is ExpiryKind.YEAR
                    else EXPIRY_PHRASES.get(expires.kind, "") if expires is not None else ""
                )  # fmt: skip
                changes.rows.append([*common, change.appropriation, None, None,
                                     _UNIT_WORDS[change.unit], text, *where,
                                     change.location.line])  # fmt: skip
            for side in change.sides:
                amounts.append(side.amount)
                changes.rows.append([*common, side.appropriation, side.year, side.amount,
                                     _UNIT_WORDS[change.unit], None, *where,
                                     side.location.line])  # fmt: skip
        changes.number_formats[5] = _number_format(_places(amounts))
        sheets.append(changes)
    if ledgers.spending:
        spending = _Sheet("Forbrug")
        spending.rows.append(["Bevilling", "År", "Måneder", "Beløb", "Enhed", "Fil", "Linje"])
        for s in ledgers.spending:
            first, last = s.months
            months = "" if (first, last) == (1, 12) else f"{first}-{last}"
            spending.rows.append([s.appropriation, s.year, months, s.amount, _UNIT_WORDS[s.unit],
                                  s.location.file, s.location.line])  # fmt: skip
        spending.number_formats[4] = _number_format(_places(s.amount for s in ledgers.spending))
        sheets.append(spending)
    return sheets


def _expiry_label(a: Appropriation) -> str:
    if a.expiry.kind is ExpiryKind.YEAR:
        return f"udløb {a.expiry.year}"
    return _expiry_words(a).lower()


def _write_sheet(workbook: Any, sheet: _Sheet) -> None:
    """Stream ``sheet`` into a write-only ``workbook``: widths and frozen header first, then
    the rows, each cell once (no per-cell look-ups: linear in the cells)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    target = workbook.create_sheet(sheet.title)
    rows = [[_cell_text(v) if type(v) is str else v for v in row] for row in sheet.rows]
    for column, width in _widths(rows).items():
        target.column_dimensions[get_column_letter(column)].width = width
    target.freeze_panes = "A2"
    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor=_HEADER_FILL)
    header_alignment = Alignment(vertical="top", wrap_text=True)
    for number, row in enumerate(rows, start=1):
        cells: list[Any] = []
        for column, value in enumerate(row, start=1):
            if value is None:
                cells.append(None)
                continue
            cell = WriteOnlyCell(target, value=value)
            if isinstance(value, str) and not isinstance(value, _Formula):
                cell.data_type = "s"  # text is text, also when it starts with "="
                if value.startswith(FORMULA_PREFIXES):
                    cell.quotePrefix = True  # and stays text when edited in Excel
            elif number > 1 and column in sheet.number_formats:
                cell.number_format = sheet.number_formats[column]
            if number == 1:
                cell.font, cell.fill, cell.alignment = bold, header_fill, header_alignment
            elif number in sheet.bold_rows:
                cell.font = bold
            cells.append(cell)
        target.append(cells)


def _widths(rows: Sequence[Sequence[Any]]) -> dict[int, float]:
    """Columns as wide as their content (numbers as they will show), 8 to 60 characters."""
    widths: dict[int, int] = {}
    for row in rows:
        for column, value in enumerate(row, start=1):
            if value is None:
                continue
            if isinstance(value, _Formula):
                length = 10
            elif isinstance(value, Decimal):
                length = len(f"{value:,}") + 1
            else:
                length = len(str(value))
            if length > widths.get(column, 0):
                widths[column] = length
    return {column: min(max(width + 2, 8), 60) for column, width in widths.items()}


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


# The appropriation's own text fields, in the order of _APPROPRIATION_FIELDS.
_CSV_TEXT_FIELDS = ("target_group", "organisation", "title", "description", "source",
                    "committee", "appropriation_no", "function")  # fmt: skip


def _csv_text(text: str | None) -> str:
    """A text cell of the package's CSV, neutralised against formulas (OWASP: a leading
    apostrophe before ``= + - @``, tab or CR unless it is a number); numbers are not text."""
    return "" if text is None else spreadsheet_text(text)


def export_datapackage(
    ledgers: LedgerSet, name: str = "bevillinger", *, allow_errors: bool = False
) -> dict[str, bytes]:
    """A Frictionless data package: ``{"datapackage.json": …, "appropriations.csv": …,
    "profile.csv": …}`` as bytes.  Amounts are plain decimals (``18.3``) from the Decimal.

    Text cells are neutralised as spreadsheets need (:func:`bevilling.core.text.spreadsheet_text`:
    ``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``); amounts, years and factors are numbers and
    stay as they are (docs/security.md).
    """
    _refuse_errors(ledgers, allow_errors)
    import csv

    from bevilling.reports import json_document
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
        identifier = _csv_text(a.id)
        a_writer.writerow(
            [
                identifier,
                *(_csv_text(text) for text in (ledger.title, ledger.document, table.name)),
                a.category.value,
                *(_csv_text(getattr(a, key)) for key in _CSV_TEXT_FIELDS),
                phase,
                ledger.price_level,
                str(a.expiry),
                format_plain(a.amount),
                "DKK",
                factor,
            ]
        )
        for year, amount in (a.profile or {}).items():
            p_writer.writerow([identifier, year, format_plain(amount), "DKK", factor, phase])
    descriptor = _descriptor(name, ledgers)
    return {
        "datapackage.json": json_document(descriptor).encode(),
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


def export_json(ledgers: LedgerSet, *, allow_errors: bool = False) -> str:
    """Every appropriation as ``bevilling list --format json`` prints it."""
    _refuse_errors(ledgers, allow_errors)
    from bevilling.reports import render_entries_json

    return render_entries_json(ledgers.entries())


def export_csv(
    ledgers: LedgerSet, *, locale: str = "da", dialect: str = "excel", allow_errors: bool = False
) -> str:
    """Every appropriation as ``bevilling list --format csv`` prints it."""
    _refuse_errors(ledgers, allow_errors)
    from bevilling.reports import render_list

    return render_list(ledgers.entries(), "csv", locale=locale, csv_dialect=dialect)


#: Exporter by format, for the CLI.
EXPORTERS: dict[str, Callable[..., Any]] = {
    "xlsx": export_xlsx,
    "datapackage": export_datapackage,
    "json": export_json,
    "csv": export_csv,
}
