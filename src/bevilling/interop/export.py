"""Ledgers → the files finance staff and open-data portals use: Excel, data packages, JSON, CSV.

Every exporter returns the bytes (or texts) of what it makes and writes nothing itself; the
CLI writes them with :func:`bevilling.write.atomic.write_atomic`.

* :func:`export_xlsx`: a workbook with an overview sheet, one sheet per table (amounts as real
  numbers in a ``#,##0`` number format, which Danish Excel shows as ``48.779``; the printed total
  beside a live ``=SUM()`` of the rows and their difference; frozen header row; column widths)
  and a sheet of expiring funds per year, written by :mod:`bevilling.interop.xlsx` (our own
  streaming writer: no extra needed).
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
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Any, Literal

import attrs

from bevilling.core.followup import extended_expiries, placed_expiry
from bevilling.core.model import Category, Expiry, ExpiryKind, LedgerSet, Table, Unit
from bevilling.core.problems import BevillingError, MissingExtraError
from bevilling.core.text import spreadsheet_text
from bevilling.i18n.catalogs import N_, catalog, current_locale
from bevilling.interop import xlsx as _xlsx
from bevilling.interop.xlsx import Formula as _Formula
from bevilling.interop.xlsx import Workbook, column_letter

if TYPE_CHECKING:
    from bevilling.core.model import Appropriation, Ledger
    from bevilling.core.prices import PriceIndex
    from bevilling.reports import Converter

_, _n = catalog(__name__)

#: Which budget phases the sheet of expiring funds sums (as ``--phase`` of the reports).
PhaseChoice = Literal["approved", "proposed", "all"]

__all__ = [
    "EXPORT_FORMATS",
    "MissingExtraError",
    "TooManyRowsError",
    "export_csv",
    "export_datapackage",
    "export_json",
    "export_json_chunks",
    "export_xlsx",
    "sheet_names",
]

#: The formats ``bevilling export --to`` writes.
EXPORT_FORMATS = ("xlsx", "datapackage", "json", "csv")

#: The unit of the sheet of expiring funds, where ledgers of different units meet.
COMMON_UNIT = Unit.THOUSAND_DKK

# TRANSLATORS: the column headers of the exported workbook are the budget papers' own, which
# `bevilling import` reads back ("Formål/overskrift", "Bevilling").
_TEXT_COLUMNS = (
    ("target_group", N_("Target group")),
    ("organisation", N_("Org.")),
    ("title", N_("Title")),
    ("description", N_("Description")),
    ("source", N_("Source")),
    ("committee", N_("Committee")),
    ("appropriation_no", N_("Appropriation no.")),
    ("function", N_("Function")),
)
# TRANSLATORS: an expiry in a cell of the exported workbook, as the budget papers write it.
_EXPIRY_WORDS = {ExpiryKind.OPEN: N_("Open expiry"), ExpiryKind.DECLINING: N_("Declining profile")}
#: Names Excel refuses for a sheet (it keeps "History" for its change tracking).
_RESERVED_SHEET_NAMES = frozenset({"history"})
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
# Control characters, and what XML cannot hold (a lone surrogate, U+FFFE, U+FFFF).
_NOT_IN_SHEET_NAME = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)


# --- xlsx ------------------------------------------------------------------------------------


class TooManyRowsError(BevillingError):
    """A sheet of the workbook would have more rows than Excel holds (1 048 576): the message
    names the sheet and says which formats hold any number of rows."""


def sheet_names(names: Iterable[str], *, locale: str | None = None) -> list[str]:
    """Excel sheet names for ``names``: at most 31 characters, none of ``[]:*?/\\``, no control
    character, not starting with a formula character (``=+-@``), not Excel's reserved
    ``History``, unique.  A name with nothing left is called "Tabel" ("Table" in English).

    >>> sheet_names(["Tabel 2: Udgifter til service – service", "Tabel 2: Udgifter til service – indsats"])
    ['Tabel 2 Udgifter til service –', 'Tabel 2 Udgifter til servic (2)']
    >>> sheet_names(["=cmd|' /C calc'!A0"])
    ["cmd|' C calc'!A0"]
    """  # noqa: E501
    used: set[str] = set(_RESERVED_SHEET_NAMES)
    fallback = _("Table", locale=locale)
    result = []
    for name in names:
        cleaned = _NOT_IN_SHEET_NAME.sub(" ", name.translate(_BAD_SHEET_CHARS))
        base = " ".join(cleaned.split()).lstrip("=+-@ ").strip("'") or fallback
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


def _phase_label(phase: PhaseChoice, locale: str) -> str:
    """The phases a subtotal sums: ``vedtaget``, ``forslag`` or ``vedtaget og forslag``."""
    from bevilling.i18n.formatting import label

    if phase == "all":
        return _("approved and proposed", locale=locale)
    return label(phase, locale)


@attrs.define
class _Sheet:
    """A sheet's content before it is streamed: rows of values, and how to show them."""

    title: str
    rows: list[Sequence[Any]] = attrs.field(factory=list)
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
    ledgers: LedgerSet,
    *,
    phase: PhaseChoice = "approved",
    allow_errors: bool = False,
    locale: str | None = None,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> bytes:
    """The ledgers as an Excel workbook (bytes of an ``.xlsx`` file), its sheet names and
    headers in ``locale`` (default: the current one; Danish unless told otherwise).

    Every table gets its sheet; changes and spending loaded with the ledgers get a sheet each
    ("Ændringer", "Forbrug"); the sheet of expiring funds sums only the budget ``phase``
    (``approved``, the default, as ``bevilling expiring`` reports; ``proposed`` or ``all``)
    and says so in every subtotal.  The table sheets are the transcription, in each source's
    own price level (the printed totals are in it); the sheet of expiring funds, where
    ledgers meet, is converted to ``price_level`` (its header says so) with ``price_index``
    (default: the one loaded with the ledgers), each amount to 6 decimals and shown with the
    ledgers' precision.  Without ``price_level``, a subtotal that would add amounts of two
    price levels raises :class:`~bevilling.reports.MixedPriceLevelsError`, unless
    ``allow_mixed_price_levels``.  A sheet of more rows than Excel holds raises
    :class:`TooManyRowsError`.  Text from the ledgers is always a text cell, never a
    formula, and shown as written (see docs/security.md).  Written row by row by
    :class:`bevilling.interop.xlsx.Workbook`: time and memory grow linearly with the rows,
    and the same ledgers give the same bytes.
    """
    from bevilling.reports.filters import level_argument

    price_level = level_argument(price_level)
    _refuse_errors(ledgers, allow_errors)
    from bevilling.i18n.formatting import label, unit_words
    from bevilling.reports import Filter

    locale = locale or current_locale()
    pairs = [(ledger, table) for ledger in ledgers.ledgers for table in ledger.tables]
    record_titles = [
        *([_("Changes", locale=locale)] if ledgers.changes else []),
        *([_("Spending", locale=locale)] if ledgers.spending else []),
    ]
    overview_name, expiring_name, *names = sheet_names(
        [
            _("Overview", locale=locale),
            _("Expiry by year", locale=locale),
            *record_titles,
            *(table.name for _ledger, table in pairs),
        ],
        locale=locale,
    )
    record_names, names = names[: len(record_titles)], names[len(record_titles) :]
    records = _record_sheets(ledgers, record_names, locale)
    overview = _Sheet(overview_name)
    overview.rows.append(
        [
            label("ledger", locale),
            label("table", locale),
            _("Sheet", locale=locale),
            label("category", locale),
            label("phase", locale),
            label("unit", locale),
            _("Stated total", locale=locale),
            _("Sum of rows", locale=locale),
            _("Difference", locale=locale),
        ]
    )
    tables = []
    for (ledger, table), name in zip(pairs, names, strict=True):
        sheet, sum_cell, stated_cell, summed = _table_sheet(name, ledger, table, locale)
        tables.append(sheet)
        row = len(overview.rows) + 1
        stated = table.stated_total
        overview.rows.append(
            [
                ledger.title,
                table.name,
                name,
                table.category.value,
                label(ledger.phase.value, locale),
                unit_words(ledger.unit.value, locale),
                _Formula(f"={_quote_sheet(name)}!{stated_cell}", stated)
                if stated is not None
                else None,
                _Formula(f"={_quote_sheet(name)}!{sum_cell}", summed),
                _Formula(
                    f'=IF(G{row}="","",G{row}-H{row})', None if stated is None else stated - summed
                ),
            ]
        )
    places = max((ledger.decimal_places() for ledger in ledgers.ledgers), default=0)
    for column in (7, 8, 9):
        overview.number_formats[column] = _number_format(places)
    phases = Filter(phase=phase).phases
    expiring = _expiring_sheet(
        expiring_name, [ledger for ledger in ledgers.ledgers if ledger.phase in phases], phase,
        locale, extended=extended_expiries(ledgers),
        price_level=price_level, price_index=price_index or ledgers.price_index,
        allow_mixed=allow_mixed_price_levels,
    )  # fmt: skip
    sheets = (overview, expiring, *records, *tables)
    for sheet in sheets:
        count = len(sheet.rows)
        while count and not sheet.rows[count - 1]:  # an empty last row is not written
            count -= 1
        if count > _xlsx.MAX_ROWS:
            from bevilling.i18n.formatting import format_amount

            raise TooManyRowsError(
                _(
                    "the sheet {sheet} would have {rows} rows, and an Excel sheet holds at most"
                    " {limit}: export to csv or datapackage instead",
                    sheet=repr(sheet.title),
                    rows=format_amount(Decimal(count)),
                    limit=format_amount(Decimal(_xlsx.MAX_ROWS)),
                )
            )
    workbook = Workbook()
    for sheet in sheets:
        _write_sheet(workbook, sheet)
    return workbook.finish()


def _table_sheet(
    name: str, ledger: Ledger, table: Table, locale: str
) -> tuple[_Sheet, str, str, Decimal]:
    """One table's sheet; the cells of the rows' sum and of the printed total; and the sum
    of the amounts (each formula is written with the value it computes)."""
    from bevilling.i18n.formatting import amount_header, label

    sheet = _Sheet(name)
    rows = table.appropriations
    texts = [
        (key, title)
        for key, title in _TEXT_COLUMNS
        if key == "title" or any(map(attrgetter(key), rows))
    ]
    years = sorted({y for a in rows if a.profile is not None for y in a.profile}
                   | set(table.stated_years or ()))  # fmt: skip
    sheet.rows.append(
        [
            label("id", locale),
            *(_(title, locale=locale) for _key, title in texts),
            *(str(y) for y in years),
            amount_header(ledger.unit.value, locale),
            label("expires", locale),
        ]
    )
    first_number = 2 + len(texts)  # 1-based column of the first year (or the amount)
    amount_column = first_number + len(years)
    # The rows column by column (100 000 of them are common): one pass per column.
    block: list[list[Any]] = [
        list(map(attrgetter(key), rows)) for key in ("id", *(key for key, _title in texts))
    ]
    if years:
        place = {y: n for n, y in enumerate(years)}
        profiles: list[list[Decimal | None]] = [[None] * len(rows) for _year in years]
        for index, a in enumerate(rows):
            if a.profile is not None:
                for y, value in a.profile.pairs:
                    profiles[place[y]][index] = value
        block += profiles
    words = _expiry_cells(locale)
    year = ExpiryKind.YEAR
    block.append([a.amount for a in rows])
    block.append([expiry.year if expiry.kind is year else words[expiry.kind]
                  for expiry in map(attrgetter("expiry"), rows)])  # fmt: skip
    sheet.rows.extend(zip(*block, strict=True))
    last = 1 + len(rows)
    label_column = 2 if texts else 1
    sum_row, stated_row, diff_row = last + 2, last + 3, last + 4
    width = amount_column + 1
    labels = (
        _("Sum of rows ({phase})", locale=locale, phase=label(ledger.phase.value, locale)),
        _("Stated total", locale=locale),
        _("Difference (stated − sum)", locale=locale),
    )
    footer: list[list[Any]] = [[None] * width for _row in range(4)]  # empty, then three sums
    for row, text in zip(footer[1:], labels, strict=True):
        row[label_column - 1] = text
    stated_years: Mapping[int, Decimal] = table.stated_years or {}
    number_format = _number_format(ledger.decimal_places())
    summed = Decimal(0)
    for offset, column in enumerate(range(first_number, amount_column + 1)):
        letter = column_letter(column)
        summed = sum(filter(None, block[column - 1]), Decimal(0))
        footer[1][column - 1] = _Formula(f"=SUM({letter}2:{letter}{max(last, 2)})", summed)
        stated = table.stated_total if column == amount_column else stated_years.get(years[offset])
        if stated is not None:
            footer[2][column - 1] = stated
            footer[3][column - 1] = _Formula(
                f"={letter}{stated_row}-{letter}{sum_row}", stated - summed
            )
        sheet.number_formats[column] = number_format
    sheet.rows.extend(footer)
    sheet.bold_rows.update((sum_row, stated_row, diff_row))
    amount_letter = column_letter(amount_column)
    return sheet, f"{amount_letter}{sum_row}", f"{amount_letter}{stated_row}", summed


def _expiry_cells(locale: str) -> dict[ExpiryKind, str]:
    """An expiry that is not a year, as a cell shows it: "Faldende profil"."""
    return {kind: _(words, locale=locale) for kind, words in _EXPIRY_WORDS.items()}


def _expiring_sheet(
    name: str,
    ledgers: Sequence[Ledger],
    phase: PhaseChoice,
    locale: str,
    *,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed: bool = False,
    extended: dict[str, Expiry] | None = None,
) -> _Sheet:
    """Every appropriation of ``ledgers`` (those of ``phase``) by expiry (years in order, then
    open, then declining), with a live subtotal per expiry that names the phase, in one unit
    (1.000 kr.) and, with ``price_level``, one price level.  The expiry is the year the money
    lapses, as ``bevilling expiring`` places it: the one a forlængelse gives (``extended``, by
    id; a note under the last subtotal names them), or a profile's last funded year when that
    is before the printed expiry."""
    from bevilling.i18n.formatting import label
    from bevilling.reports import Converter, Prices, price_amount_header

    sheet = _Sheet(name)
    sheet.rows.append(
        [
            label("expires", locale),
            label("id", locale),
            _("Title", locale=locale),
            label("table", locale),
            label("category", locale),
            label("phase", locale),
            price_amount_header(COMMON_UNIT, Prices(target=price_level), locale),
        ]
    )
    apps, owners, table_names, sizes, expiries = _by_expiry(ledgers, extended or {})
    if all(ledger.unit is COMMON_UNIT for ledger in ledgers):
        plain = list(map(attrgetter("amount"), apps))
    else:
        plain = [a.amount if ledger.unit is COMMON_UNIT else
                 ledger.unit.convert(a.amount, COMMON_UNIT)
                 for a, ledger in zip(apps, owners, strict=True)]  # fmt: skip
    money = Converter(
        ledgers, COMMON_UNIT, 6, target=price_level, index=price_index,
        allow_mixed=allow_mixed,
    )  # fmt: skip
    # Without a target an amount's exact value is the plain one (no conversion to record).
    exact = (
        plain
        if price_level is None
        else [money.exact(a.amount, ledger) for a, ledger in zip(apps, owners, strict=True)]
    )
    bounds = list(itertools.accumulate(sizes, initial=0))
    for start, end in itertools.pairwise(bounds):
        # a subtotal of two price levels is refused (or allowed)
        money.total(zip(owners[start:end], exact[start:end], strict=True))
    money.finish()
    amounts = plain if price_level is None else [money.rounded(value) for value in exact]
    # A ledger in 1.000 kr. without decimals adds none (most do): only the others are looked at.
    whole = {id(ledger) for ledger in ledgers
             if ledger.unit is COMMON_UNIT and ledger.decimal_places() == 0}  # fmt: skip
    decimals = (value for ledger, value in zip(owners, plain, strict=True)
                if id(ledger) not in whole)  # fmt: skip
    places = _places(decimals) if len(whole) < len(ledgers) else 0
    sheet.number_formats[7] = _number_format(places)
    phases = _phase_label(phase, locale)
    words = _expiry_cells(locale)
    phase_words = {id(ledger): label(ledger.phase.value, locale) for ledger in ledgers}
    categories = {id(category): category.value for category in Category}
    year = ExpiryKind.YEAR
    rows = sheet.rows
    row = 1  # the last row so far
    for start, end in itertools.pairwise(bounds):
        group = apps[start:end]
        expiry = expiries[start]
        rows.extend(
            zip(
                [expiry.year if expiry.kind is year else words[expiry.kind]] * len(group),
                map(attrgetter("id"), group),
                map(attrgetter("title"), group),
                table_names[start:end],
                [categories[id(category)] for category in map(attrgetter("category"), group)],
                [phase_words[id(ledger)] for ledger in owners[start:end]],
                amounts[start:end],
                strict=True,
            )
        )
        subtotal = _expiry_total(expiry, phases, locale)
        rows.append([subtotal, None, None, None, None, None,
                     _Formula(f"=SUM(G{row + 1}:G{row + len(group)})",
                              sum(amounts[start:end], Decimal(0)))])  # fmt: skip
        row += len(group) + 1
        sheet.bold_rows.add(row)
        rows.append([])
        row += 1
    moved = [a for a in apps if a.id in (extended or ())]
    if moved:
        rows.append(
            [
                _n(
                    "expiry changed by a forlængelse (grouped by the one in force): {ids}",
                    "expiries changed by forlængelser (grouped by the ones in force): {ids}",
                    len(moved),
                    locale=locale,
                    ids=", ".join(
                        f"{a.id} ({_expiry_word(a.expiry, words)} →"
                        f" {_expiry_word(placed_expiry(a, extended), words)})"
                        for a in moved
                    ),
                )
            ]
        )
    return sheet


def _expiry_word(expiry: Expiry, words: dict[ExpiryKind, str]) -> str:
    return str(expiry.year) if expiry.kind is ExpiryKind.YEAR else words[expiry.kind]


def _by_expiry(
    ledgers: Sequence[Ledger], extended: dict[str, Expiry]
) -> tuple[list[Appropriation], list[Ledger], list[str], list[int], list[Expiry]]:
    """Every appropriation of ``ledgers`` in expiry order (years, then open, then declining;
    the expiry in force, see :func:`bevilling.core.followup.placed_expiry`), file order within
    one expiry, as parallel lists: the appropriations, their ledgers, their tables' names; how
    many rows each expiry has, in that order; and each row's expiry in force."""
    apps: list[Appropriation] = []
    owners: list[Ledger] = []
    table_names: list[str] = []
    for ledger in ledgers:
        for table in ledger.tables:
            apps += table.appropriations
            owners += [ledger] * len(table.appropriations)
            table_names += [table.name] * len(table.appropriations)
    rank = {ExpiryKind.YEAR: 0, ExpiryKind.OPEN: 1, ExpiryKind.DECLINING: 2}
    groups: dict[tuple[int, int], list[int]] = {}
    placed = [
        a.expiry if a.profile is None and a.id not in extended else placed_expiry(a, extended)
        for a in apps
    ]
    for index, expiry in enumerate(placed):
        key = (rank[expiry.kind], expiry.year or 0)
        group = groups.get(key)
        if group is None:
            groups[key] = [index]
        else:
            group.append(index)
    ranked = [groups[key] for key in sorted(groups)]
    sizes = list(map(len, ranked))
    order = [index for group in ranked for index in group]
    apps = list(map(apps.__getitem__, order))
    owners = list(map(owners.__getitem__, order))
    table_names = list(map(table_names.__getitem__, order))
    return apps, owners, table_names, sizes, list(map(placed.__getitem__, order))


def _record_sheets(ledgers: LedgerSet, names: Sequence[str], locale: str) -> list[_Sheet]:
    """The sheets of the changes (one row per side, or per forlængelse) and the spending, when
    change or spending files were loaded, named ``names``; each row with file:line."""
    from bevilling.i18n.formatting import label, unit_words

    sheets = []
    remaining = list(names)
    where_headers = [_("File", locale=locale), _("Line", locale=locale)]
    if ledgers.changes:
        changes = _Sheet(remaining.pop(0))
        changes.rows.append([_("Kind", locale=locale), _("Decision", locale=locale),
                             label("id", locale), label("year", locale),
                             _("Amount", locale=locale), label("unit", locale),
                             label("expires", locale), _("Note", locale=locale),
                             *where_headers])  # fmt: skip
        amounts = []
        for change in ledgers.changes:
            common = [change.kind.value, change.decision or ""]
            unit = unit_words(change.unit.value, locale)
            where = [change.note or "", change.location.file]
            if not change.sides:
                expires = change.expires
                text: Any = ""
                if expires is not None and expires.kind is ExpiryKind.YEAR:
                    text = expires.year
                elif expires is not None:
                    words = _EXPIRY_WORDS.get(expires.kind)
                    text = str(expires) if words is None else _(words, locale=locale)
                changes.rows.append([*common, change.appropriation, None, None, unit, text,
                                     *where, change.location.line])  # fmt: skip
            for side in change.sides:
                amounts.append(side.amount)
                changes.rows.append([*common, side.appropriation, side.year, side.amount, unit,
                                     None, *where, side.location.line])  # fmt: skip
        changes.number_formats[5] = _number_format(_places(amounts))
        sheets.append(changes)
    if ledgers.spending:
        spending = _Sheet(remaining.pop(0))
        spending.rows.append([label("id", locale), label("year", locale),
                              _("Months", locale=locale), _("Amount", locale=locale),
                              label("unit", locale), *where_headers])  # fmt: skip
        for s in ledgers.spending:
            first, last = s.months
            months = "" if (first, last) == (1, 12) else f"{first}-{last}"
            spending.rows.append([s.appropriation, s.year, months, s.amount,
                                  unit_words(s.unit.value, locale), s.location.file,
                                  s.location.line])  # fmt: skip
        spending.number_formats[4] = _number_format(_places(s.amount for s in ledgers.spending))
        sheets.append(spending)
    return sheets


def _expiry_total(expiry: Expiry, phases: str, locale: str) -> str:
    """The label of an expiry's subtotal: "I alt udløb 2016 (vedtaget)"."""
    if expiry.kind is ExpiryKind.YEAR:
        return _("Total expiring {year} ({phases})", locale=locale, year=expiry.year, phases=phases)
    if expiry.kind is ExpiryKind.OPEN:
        return _("Total without fixed expiry ({phases})", locale=locale, phases=phases)
    return _("Total with a declining profile ({phases})", locale=locale, phases=phases)


def _write_sheet(workbook: Workbook, sheet: _Sheet) -> None:
    """Stream ``sheet`` into ``workbook``: its widths, frozen header, styles and cells."""
    workbook.add_sheet(
        sheet.title, sheet.rows, number_formats=sheet.number_formats, bold_rows=sheet.bold_rows
    )


# --- data package ----------------------------------------------------------------------------

# The descriptions are translated when the descriptor is made (Danish by default).
_APPROPRIATION_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", N_("The appropriation's id in its ledger.")),
    ("ledger", "string", N_("The ledger's title.")),
    ("document", "string", N_("The source document the ledger was transcribed from.")),
    ("table", "string", N_("The printed table's caption.")),
    ("category", "string", N_("driftsmidler, indsatsmidler or særindsatser.")),
    ("target_group", "string", N_("Target group (Målgruppe).")),
    ("organisation", "string", N_("Org.: the organisation that gets the money.")),
    ("title", "string", N_("Title (Formål/overskrift).")),
    ("description", "string", N_("Description (Beskrivelse).")),
    ("source", "string", N_("Source (Kilde): the agreement or decision.")),
    ("committee", "string", N_("Committee (Udvalg).")),
    ("appropriation_no", "string", N_("Appropriation number (Bevilling), as text.")),
    ("function", "string", N_("The municipal function code (Funktion), as text.")),
    ("budget_phase", "string", N_("approved or proposed (Fiscal Data Package budget phase).")),
    ("price_level", "integer", N_("The price level (p/l) year of the amounts.")),
    ("expires", "string", N_("The last funded year, 'open' or 'declining'.")),
    ("amount", "number", N_("The amount, in units of `factor` kroner.")),
    ("currency", "string", N_("ISO 4217 currency code.")),
    ("factor", "integer", N_("How many kroner one unit of `amount` is (1000 for 1.000 kr.).")),
]
_PROFILE_FIELDS: list[tuple[str, str, str]] = [
    ("id", "string", N_("The appropriation's id (appropriations.csv).")),
    ("fiscal_year", "integer", N_("The fiscal year (fiscal period) of the amount.")),
    ("amount", "number", N_("The amount in that year, in units of `factor` kroner.")),
    ("currency", "string", N_("ISO 4217 currency code.")),
    ("factor", "integer", N_("How many kroner one unit of `amount` is.")),
    ("budget_phase", "string", N_("approved or proposed.")),
]


# The columns a package converted to one price level adds to both files.
_CONVERTED_FIELDS: list[tuple[str, str, str]] = [
    ("converted_price_level", "integer",
     N_("The price level (p/l) year `converted_amount` is in.")),
    ("converted_amount", "number", N_("`amount` converted to `converted_price_level` with the"
     " price index named in the package description, to six decimals (no more than the exact"
     " value needs, no fewer than the ledger's).")),
]  # fmt: skip


# The appropriation's own text fields, in the order of _APPROPRIATION_FIELDS.
_CSV_TEXT_FIELDS = ("target_group", "organisation", "title", "description", "source",
                    "committee", "appropriation_no", "function")  # fmt: skip


def _csv_text(text: str | None) -> str:
    """A text cell of the package's CSV, neutralised against formulas (OWASP: a leading
    apostrophe before ``= + - @``, tab or CR unless it is a number); numbers are not text."""
    return "" if text is None else spreadsheet_text(text)


def export_datapackage(
    ledgers: LedgerSet,
    name: str = "bevillinger",
    *,
    allow_errors: bool = False,
    locale: str | None = None,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> dict[str, bytes]:
    """A Frictionless data package: ``{"datapackage.json": …, "appropriations.csv": …,
    "profile.csv": …}`` as bytes.  Amounts are plain decimals (``18.3``) from the Decimal.
    The descriptor's title and descriptions are in ``locale`` (default: the current one); the
    field names and values (``approved``, ``open``) are identifiers and stay as they are.

    With ``price_level`` both CSV files get two more columns, ``converted_price_level`` and
    ``converted_amount`` (the amount at that price level, to six decimals:
    :func:`~bevilling.reports.prices.data_figure`);
    ``amount`` and ``price_level`` stay as printed.  A row that cannot be converted raises
    :class:`~bevilling.reports.MixedPriceLevelsError`, unless ``allow_mixed_price_levels``
    (its converted cells are then empty).

    Text cells are neutralised as spreadsheets need (:func:`bevilling.core.text.spreadsheet_text`:
    ``=HYPERLINK(…)`` is written ``'=HYPERLINK(…)``); amounts, years and factors are numbers and
    stay as they are (docs/security.md).
    """
    _refuse_errors(ledgers, allow_errors)
    import csv

    from bevilling.reports import json_document
    from bevilling.reports.prices import data_figure
    from bevilling.write import format_plain

    appropriations = io.StringIO()
    profile = io.StringIO()
    a_writer = csv.writer(appropriations, lineterminator="\n")
    p_writer = csv.writer(profile, lineterminator="\n")
    converted = [] if price_level is None else _CONVERTED_FIELDS
    a_writer.writerow([f for f, _, _ in [*_APPROPRIATION_FIELDS, *converted]])
    p_writer.writerow([f for f, _, _ in [*_PROFILE_FIELDS, *converted]])
    money = _converters(ledgers, price_level, price_index)
    seen: dict[str, str] = {}  # a ledger's title, a table's caption: the same on many rows

    def text(value: str | None) -> str:
        """:func:`_csv_text`, each distinct text worked out once."""
        if value is None:
            return ""
        safe = seen.get(value)
        if safe is None:
            safe = seen[value] = _csv_text(value)
        return safe

    categories = {id(category): category.value for category in Category}
    expiries: dict[tuple[int, int | None], str] = {}
    get_texts = attrgetter(*_CSV_TEXT_FIELDS)
    for ledger in ledgers.ledgers:
        factor = str(int(ledger.unit.factor))
        convert = money.get(id(ledger))
        places = ledger.decimal_places()

        def more(
            amount: Decimal, convert: Any = convert, ledger: Ledger = ledger, places: int = places
        ) -> list[Any]:
            if convert is None:
                return []
            if not convert.converts(ledger):
                convert.exact(amount, ledger)  # recorded: refused below unless allowed
                return ["", ""]
            return [price_level, format_plain(data_figure(convert.row(amount, ledger)[1], places))]

        phase = ledger.phase.value
        about = [text(ledger.title), text(ledger.document)]
        for table in ledger.tables:
            caption = text(table.name)
            for a in table.appropriations:
                identifier = text(a.id)
                expiry = a.expiry
                key = (id(expiry.kind), expiry.year)
                expires = expiries.get(key)
                if expires is None:
                    expires = expiries[key] = str(expiry)
                row = [identifier, *about, caption, categories[id(a.category)],
                       *map(text, get_texts(a)), phase, ledger.price_level, expires,
                       format_plain(a.amount), "DKK", factor]  # fmt: skip
                if convert is not None:
                    row += more(a.amount)
                a_writer.writerow(row)
                for year, amount in a.profile.pairs if a.profile is not None else ():
                    p_writer.writerow(
                        [identifier, year, format_plain(amount), "DKK", factor, phase,
                         *more(amount)]
                    )  # fmt: skip
    _refuse_mixed(money, allow_mixed_price_levels)
    index = price_index or ledgers.price_index
    descriptor = _descriptor(name, ledgers, locale or current_locale(), converted)
    if price_level is not None:
        descriptor["description"] += ". " + _(
            "converted_amount: {level} p/l, converted with the price index {index}",
            locale=locale or current_locale(),
            level=price_level,
            index=index.source if index is not None else _("(none)", locale=locale),
        )
    return {
        "datapackage.json": json_document(descriptor).encode(),
        "appropriations.csv": appropriations.getvalue().encode("utf-8"),
        "profile.csv": profile.getvalue().encode("utf-8"),
    }


def _schema(fields: list[tuple[str, str, str]], locale: str) -> list[dict[str, Any]]:
    return [{"name": n, "type": t, "description": _(d, locale=locale)} for n, t, d in fields]


def _converters(
    ledgers: LedgerSet, price_level: int | None, price_index: PriceIndex | None
) -> dict[int, Converter]:
    """Per ledger (by id), the converter of its amounts to ``price_level`` in its own unit, to
    :data:`~bevilling.reports.prices.CONVERTED_PLACES` decimals (data: a conversion rounded to
    the ledger's printed precision would move each figure); empty without a target."""
    from bevilling.reports import Converter
    from bevilling.reports.filters import year_argument
    from bevilling.reports.prices import CONVERTED_PLACES

    if price_level is None:
        return {}
    price_level = year_argument(price_level, "price_level")
    index = price_index or ledgers.price_index
    return {
        id(ledger): Converter(
            [ledger],
            ledger.unit,
            CONVERTED_PLACES,
            target=price_level,
            index=index,
            allow_mixed=True,
        )
        for ledger in ledgers.ledgers
    }


def _refuse_mixed(converters: dict[int, Converter], allow_mixed: bool) -> None:
    """:class:`~bevilling.reports.MixedPriceLevelsError` naming the ledgers whose rows could
    not be converted, unless ``allow_mixed``."""
    from bevilling.reports import MixedPriceLevelsError

    notes = [note for money in converters.values() for note in money.finish().mixed]
    if notes and not allow_mixed:
        target = next(iter(converters.values())).target
        raise MixedPriceLevelsError(sorted(notes, key=lambda note: note.file), target)


def _descriptor(
    name: str, ledgers: LedgerSet, locale: str, converted: list[tuple[str, str, str]]
) -> dict[str, Any]:
    documents = sorted({ledger.document for ledger in ledgers.ledgers})
    return {
        "name": name,
        "title": _("Budget appropriations", locale=locale),
        "description": _(
            "Appropriations transcribed from: {documents}",
            locale=locale,
            documents="; ".join(documents),
        ),
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
                    "fields": _schema([*_APPROPRIATION_FIELDS, *converted], locale),
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
                    "fields": _schema([*_PROFILE_FIELDS, *converted], locale),
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


def export_json(
    ledgers: LedgerSet,
    *,
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> str:
    """Every appropriation as ``bevilling list --format json`` prints it (with
    ``price_level``: each with ``"converted"``, the amount and profile at that level)."""
    from bevilling.reports.filters import level_argument

    price_level = level_argument(price_level)
    pieces = export_json_chunks(
        ledgers, allow_errors=allow_errors, price_level=price_level, price_index=price_index,
        allow_mixed_price_levels=allow_mixed_price_levels,
    )  # fmt: skip
    return "".join(pieces)


def export_json_chunks(
    ledgers: LedgerSet,
    *,
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> Iterator[str]:
    """:func:`export_json` in pieces of text, to be written as they come (joined, they are its
    text exactly).  Ledgers with errors and rows that cannot be converted are refused here,
    when it is called, before the first piece."""
    from bevilling.reports.filters import level_argument

    price_level = level_argument(price_level)
    _refuse_errors(ledgers, allow_errors)
    from bevilling.reports import entries_json_chunks

    return entries_json_chunks(
        ledgers.entries(), price_level=price_level, price_index=price_index,
        allow_mixed_price_levels=allow_mixed_price_levels,
    )  # fmt: skip


def export_csv(
    ledgers: LedgerSet,
    *,
    locale: str | None = None,
    dialect: str = "excel",
    allow_errors: bool = False,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> str:
    """Every appropriation as ``bevilling list --format csv`` prints it, in ``locale`` (default:
    the current one); with ``price_level`` the amounts converted, the header naming the level."""
    from bevilling.reports.filters import level_argument

    price_level = level_argument(price_level)
    _refuse_errors(ledgers, allow_errors)
    from bevilling.reports import render_list

    return render_list(
        ledgers.entries(), "csv", locale=locale or current_locale(), csv_dialect=dialect,
        price_level=price_level, price_index=price_index,
        allow_mixed_price_levels=allow_mixed_price_levels,
    )  # fmt: skip


#: Exporter by format, for the CLI.
EXPORTERS: dict[str, Callable[..., Any]] = {
    "xlsx": export_xlsx,
    "datapackage": export_datapackage,
    "json": export_json,
    "csv": export_csv,
}
