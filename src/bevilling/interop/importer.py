"""Tables from budget papers → a ledger: tab-separated text, CSV and ``.xlsx`` sheets.

Finance staff copy appropriation tables out of Word or PDF documents; what they get is
tab-separated text with Danish headers ("Målgruppe", "Beløb i tusinder", "Udløb"), Danish
numbers ("5.190", "1,9"), converter markup (``<b>``, ``<sup>14</sup>``), footnotes, a header
repeated after a page break, and "I alt" lines.  :func:`import_tables` reads such tables (and
CSV files and the first sheet of an ``.xlsx`` workbook, which have the same shape) into a
:class:`~bevilling.core.model.Ledger`; :func:`bevilling.write.dump.dump` writes it as a
format v1 file.

Nothing is guessed silently: a header that maps to no field, a cell that is not a number, a row
without a title, a table whose category cannot be told are problems with the input's file and
line and a hint (``--map COLUMN=field`` fixes a column by hand).  See ``docs/interop.md``.

The shape of an input:

* the **header line** is the first line with at least two cells that map to a field; a copy of
  it further down (a page break) is skipped;
* a line with a single text cell before the header or right after a rule is a **part label**
  (BIIe's "Service");
* a line ``<hr/>`` (a printed rule) ends one **part** of the table and starts the next: each part
  becomes a table of its own;
* a **total line** ("I alt", "I alt i tusinder", "Udgifter til service i alt", "Sum") gives the
  part's ``stated_total`` (and ``stated_years`` where there are year columns) and ends it; a
  total line right after another one is the grand total of the ledger;
* a line that starts with a footnote mark (``<sup>14</sup> JKI er …``) is a **footnote**: it is
  kept for the ledger's header comment, not read as a row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path, PurePath

import attrs

from bevilling.core.model import (
    Appropriation,
    Category,
    Expiry,
    Ledger,
    Phase,
    Profile,
    Table,
    Unit,
)
from bevilling.core.money import AmountSyntaxError, D
from bevilling.core.problems import Location, Problem, Severity

__all__ = [
    "FIELDS",
    "IMPORT_CODES",
    "ImportOptions",
    "ImportResult",
    "RawLine",
    "import_tables",
    "import_text",
    "parse_mapping",
    "read_rows",
]

#: Every code the importer reports, with a one-line description.
IMPORT_CODES: dict[str, str] = {
    "import-unreadable": "an input file cannot be read (missing, not UTF-8, not a workbook)",
    "import-unknown-column": "a header names a column that maps to no ledger field",
    "import-duplicate-column": "two columns map to the same field",
    "import-missing-column": "the header has no column for a field every row needs",
    "import-bad-number": "a cell that holds an amount is not a Danish number",
    "import-bad-expiry": "an Udløb cell is not a year, 'Udløb ikke fastsat' or 'Faldende profil'",
    "import-missing-value": "a row has no title, amount or expiry",
    "import-extra-cell": "a row has text in a column without a header",
    "import-no-category": "the category of a table cannot be told from the input",
    "import-no-unit": "the unit of the amounts cannot be told from the input",
    "import-options": "an option (--name, --category, --id-prefix) does not fit the tables",
    "import-skipped-row": "a row without any amount ('-') was left out (warning)",
    "import-empty": "the input holds no rows",
}

#: The fields a column can map to (``--map COLUMN=field``); a 4-digit year is a profile
#: column and ``-`` ignores the column.
FIELDS = (
    "title",
    "target_group",
    "organisation",
    "description",
    "source",
    "committee",
    "appropriation_no",
    "function",
    "amount",
    "expires",
)
_TEXT_FIELDS = (
    "target_group",
    "organisation",
    "description",
    "source",
    "committee",
    "appropriation_no",
    "function",
)
IGNORE = "-"

#: Danish (and English) headers → field, matched on the casefolded header without markup.
HEADERS: dict[str, str] = {
    "målgruppe": "target_group", "målgrupper": "target_group", "target group": "target_group",
    "org.": "organisation", "org": "organisation", "organisation": "organisation",
    "organisation/center": "organisation", "center": "organisation",
    "beskrivelse": "description", "description": "description",
    "formål/overskrift": "title", "formål": "title", "overskrift": "title", "titel": "title",
    "tiltag": "title", "title": "title",
    "kilde": "source", "source": "source",
    "beløb": "amount", "beløb i tusinder": "amount", "beløb i 1.000 kr.": "amount",
    "i alt": "amount", "amount": "amount", "total": "amount",
    "udløb": "expires", "expires": "expires",
    "udvalg": "committee", "bevilling": "appropriation_no", "funktion": "function",
}  # fmt: skip

_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_RULE = re.compile(r"\s*<hr\s*/?>\s*\Z", re.IGNORECASE)
_FOOTNOTE = re.compile(r"\s*<sup>\s*([^<]*?)\s*</sup>\s*(.*)\Z", re.IGNORECASE | re.DOTALL)
_YEAR = re.compile(r"(19|20|21)[0-9]{2}\Z")
_TOTAL = re.compile(r"(?:^|\s)(?:i\s+alt|sum)(?:\s|$)", re.IGNORECASE)
_PRICE_LEVEL = re.compile(r"((?:19|20|21)[0-9]{2})\s*-?\s*p\s*/\s*l", re.IGNORECASE)
_NIL = frozenset({"", "-", "–", "—"})
_EXPIRY_PHRASES = {
    "udløb ikke fastsat": Expiry.open(),
    "ikke fastsat": Expiry.open(),
    "faldende profil": Expiry.declining(),
}


def _unit_in(text: str) -> Unit | None:
    """The unit a header or label names ("Beløb i tusinder", "(1.000 kr. – 2016 p/l)")."""
    lowered = text.casefold()
    if "mio" in lowered:
        return Unit.MILLION_DKK
    if "tusind" in lowered or "1.000 kr" in lowered or "1000 kr" in lowered or "t.kr" in lowered:
        return Unit.THOUSAND_DKK
    if re.search(r"(?:^|[\s(])kr\.?(?:$|[\s)])", lowered):
        return Unit.DKK
    return None


def clean(cell: str) -> str:
    """A cell without converter markup: footnote marks and tags dropped, entities decoded.

    >>> clean("Budgetaftale 2015 <sup>15</sup>"), clean("<b>48.779</b>")
    ('Budgetaftale 2015', '48.779')
    """
    return html.unescape(_TAG.sub("", _SUP.sub("", cell))).strip()


def _key(header: str) -> str:
    return " ".join(header.split()).casefold().rstrip(":")


# --- options and results ---------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ImportOptions:
    """What the user tells the importer beyond the table itself (the CLI's options)."""

    output: str = "imported.yaml"
    """The ledger file to be written: its stem makes the derived ids, its name the locations."""
    title: str | None = None
    """The ledger's title; by default the first table's name."""
    document: str | None = None
    """The source document; by default "Imported from" and the input file names."""
    unit: Unit | None = None
    """The unit, when the headers do not say it ("Beløb i tusinder" says 1000 DKK)."""
    phase: Phase = Phase.APPROVED
    """Approved money or a proposal (a budget note)."""
    price_level: int | None = None
    """The price level, when the headers do not say it ("2016 p/l")."""
    names: tuple[str, ...] = ()
    """The table captions, one per input file, in order (one name applies to every file)."""
    categories: tuple[Category, ...] = ()
    """The categories, one per table (one category applies to every table)."""
    id_prefixes: tuple[str, ...] = ()
    """Id prefixes, one per table (``D`` → D01, D02, …); without them ids are derived."""
    mapping: Mapping[str, str] = attrs.field(factory=dict)
    """Column (header text or 1-based number) → field or ``-``: overrides the header rules."""
    expires: Expiry | None = None
    """The expiry of rows in tables without an Udløb column or year columns."""


@attrs.frozen(kw_only=True)
class ImportResult:
    """The ledger read from the inputs, or None when anything could not be mapped."""

    ledger: Ledger | None
    """The ledger, when there were no errors."""
    problems: tuple[Problem, ...]
    """Every problem found, with the input file and line."""
    sources: Mapping[str, str]
    """Each text input's text, by path, for excerpts in problem reports."""
    notes: tuple[str, ...] = ()
    """Footnotes found in the inputs, for the written ledger's header comment."""
    rows_read: int = 0
    """The number of rows read as appropriations."""

    @property
    def ok(self) -> bool:
        """True when there are no errors: the ledger can be written."""
        return self.ledger is not None and not any(
            p.severity is Severity.ERROR for p in self.problems
        )


@attrs.frozen
class Cell:
    """One cell of an input line: its raw text and, for a spreadsheet number, its value."""

    raw: str
    """The text as read (markup and all)."""
    number: Decimal | None = None
    """The value of a numeric spreadsheet cell."""

    @property
    def text(self) -> str:
        """The text without markup."""
        return clean(self.raw)


@attrs.frozen
class RawLine:
    """One line (row) of an input, with its 1-based line number in the file."""

    line: int
    """The line (text, CSV) or row (xlsx) number."""
    cells: tuple[Cell, ...]
    """The cells, in column order."""


# --- reading the inputs ----------------------------------------------------------------------


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """``["Tilbud=title", "5=-"]`` → ``{"tilbud": "title", "5": "-"}``; ValueError if bad."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        field = field.strip()
        if not sep or not column.strip():
            raise ValueError(f"--map {item!r}: write COLUMN=field, e.g. 'Tilbud=title'")
        if field not in FIELDS and field != IGNORE and not _YEAR.match(field):
            allowed = ", ".join([*FIELDS, "a year such as 2016", "- (ignore the column)"])
            raise ValueError(f"--map {item!r}: {field!r} is not a field; use one of {allowed}")
        mapping[_key(clean(column))] = field
    return mapping


def read_rows(path: str) -> tuple[list[RawLine], str | None, list[Problem]]:
    """The lines of one input file, its text (None for xlsx), and problems reading it."""
    suffix = PurePath(path).suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(path)
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        message = f"cannot read {path}: {error.strerror}"
        return [], None, [_problem("import-unreadable", path, 0, message, "check the path")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return (
            [],
            None,
            [
                _problem(
                    "import-unreadable",
                    path,
                    0,
                    f"{path} is not UTF-8 text",
                    "save the table as UTF-8 text (in Excel: CSV UTF-8), or import the .xlsx file",
                )
            ],
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if suffix == ".csv":
        return _csv_lines(text), text, []
    return tab_lines(text), text, []


def tab_lines(text: str) -> list[RawLine]:
    """Tab-separated text (as copied from Word or PDF) → lines of cells."""
    return [
        RawLine(number, tuple(Cell(cell) for cell in line.split("\t")))
        for number, line in enumerate(text.split("\n"), start=1)
    ]


def _csv_lines(text: str) -> list[RawLine]:
    import csv

    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.split("\n"), dialect)
    return [RawLine(reader.line_num, tuple(Cell(c) for c in cells)) for cells in reader]


def _read_xlsx(path: str) -> tuple[list[RawLine], str | None, list[Problem]]:
    try:
        import openpyxl
    except ImportError:
        return (
            [],
            None,
            [
                _problem(
                    "import-unreadable",
                    path,
                    0,
                    "reading .xlsx files needs openpyxl",
                    "install the Excel extra: pip install 'bevilling[excel]'",
                )
            ],
        )
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a bad file
        return (
            [],
            None,
            [
                _problem(
                    "import-unreadable",
                    path,
                    0,
                    f"cannot read {path} as a workbook: {error}",
                    "save the table as an .xlsx workbook, or copy it out as tab-separated text",
                )
            ],
        )
    sheet = workbook.worksheets[0]
    lines = []
    for row_number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = []
        for value in row:
            if value is None:
                cells.append(Cell(""))
            elif isinstance(value, bool):
                cells.append(Cell(str(value)))
            elif isinstance(value, int):
                cells.append(Cell(str(value), D(value)))
            elif isinstance(value, float):
                # Excel keeps numbers as binary floats; their shortest text is what Excel shows.
                number = D(repr(value))
                if number == number.to_integral_value():
                    number = number.quantize(Decimal(1))
                cells.append(Cell(format(number, "f"), number))
            else:
                cells.append(Cell(str(value)))
        lines.append(RawLine(row_number, tuple(cells)))
    workbook.close()
    return lines, None, []


# --- the header ------------------------------------------------------------------------------


@attrs.frozen
class _Column:
    index: int
    header: str
    field: str | None  # a FIELDS name, "year:2016", IGNORE, or None (no header)


@attrs.frozen
class _Header:
    line: int
    texts: tuple[str, ...]
    columns: tuple[_Column, ...]
    unit: Unit | None
    price_level: int | None

    def field_column(self, field: str) -> int | None:
        for column in self.columns:
            if column.field == field:
                return column.index
        return None

    @property
    def years(self) -> list[tuple[int, int]]:
        return [
            (int(c.field[5:]), c.index)
            for c in self.columns
            if c.field is not None and c.field.startswith("year:")
        ]


def _map_header(texts: Sequence[str], mapping: Mapping[str, str]) -> tuple[list[str | None], int]:
    """Each header's field (None: unknown or empty) and how many headers were recognised."""
    fields: list[str | None] = []
    known = 0
    for index, text in enumerate(texts):
        key = _key(text)
        field = mapping.get(str(index + 1), mapping.get(key)) if key or mapping else None
        if field is None and key:
            field = HEADERS.get(key)
            if field is None and key.startswith("beløb"):
                field = "amount"
        if field is not None and _YEAR.match(field):
            field = f"year:{field}"
        elif field is None and _YEAR.match(key):
            field = f"year:{key}"
        if field is not None and field != IGNORE:
            known += 1
        fields.append(field)
    return fields, known


def _header(line: RawLine, file: str, options: ImportOptions) -> tuple[_Header, list[Problem]]:
    texts = tuple(cell.text for cell in line.cells)
    fields, _ = _map_header(texts, options.mapping)
    problems: list[Problem] = []
    unit = None
    price_level = None
    has_years = any(f is not None and f.startswith("year:") for f in fields)
    for index, (text, field) in enumerate(zip(texts, fields, strict=True)):
        found_unit = _unit_in(text) if field in {None, "amount"} else None
        level = _PRICE_LEVEL.search(text)
        if found_unit is not None:
            unit = found_unit
        if level is not None and field is None:
            price_level = int(level.group(1))
        if field is None and index == 0 and has_years and "title" not in fields:
            fields[0] = "title"  # the unnamed first column of a multi-year table
    columns = []
    seen: dict[str, str] = {}
    for index, (text, field) in enumerate(zip(texts, fields, strict=True)):
        if field is None and text:
            problems.append(
                _problem(
                    "import-unknown-column",
                    file,
                    line.line,
                    f"column {index + 1} {text!r} maps to no ledger field",
                    f"map it by hand: --map '{text}=FIELD' with FIELD one of"
                    f" {', '.join(FIELDS)}, a year, or - to leave the column out",
                )
            )
        if field is not None and field != IGNORE:
            if field in seen:
                problems.append(
                    _problem(
                        "import-duplicate-column",
                        file,
                        line.line,
                        f"columns {seen[field]!r} and {text!r} both map to {field}",
                        f"leave one out: --map '{text}=-'",
                    )
                )
            seen[field] = text
        columns.append(_Column(index, text, field))
    header = _Header(line.line, texts, tuple(columns), unit, price_level)
    if header.field_column("title") is None:
        problems.append(
            _problem(
                "import-missing-column",
                file,
                line.line,
                "the header has no title column (Formål/overskrift)",
                "map the column that names each row: --map 'COLUMN=title'",
            )
        )
    if header.field_column("amount") is None and not header.years:
        problems.append(
            _problem(
                "import-missing-column",
                file,
                line.line,
                "the header has no amount column (Beløb, I alt) and no year columns",
                "map the column with the amounts: --map 'COLUMN=amount'",
            )
        )
    return header, problems


# --- the rows --------------------------------------------------------------------------------


@attrs.frozen
class _Row:
    line: int
    title: str
    amount: Decimal
    expiry: Expiry
    profile: Profile | None
    texts: Mapping[str, str]


@attrs.frozen
class _Total:
    line: int
    label: str
    amount: Decimal | None
    years: Profile | None


@attrs.define
class _Part:
    file: str
    label: str | None = None
    rows: list[_Row] = attrs.Factory(list)
    total: _Total | None = None
    unit: Unit | None = None
    price_level: int | None = None


def _amount_cell(cell: Cell) -> Decimal | None:
    """The value of an amount cell (None when printed empty or '-'); raises if malformed."""
    if cell.number is not None:
        return cell.number
    text = cell.text
    if text in _NIL:
        return None
    from bevilling.i18n.formatting import parse_danish

    return parse_danish(text)


def _cell(line: RawLine, index: int | None) -> Cell:
    if index is None or index >= len(line.cells):
        return Cell("")
    return line.cells[index]


def _is_total(line: RawLine, header: _Header) -> str | None:
    """The label of a total line ("I alt i tusinder"), or None for any other line."""
    texts = [(i, c.text) for i, c in enumerate(line.cells) if c.text]
    if not texts or not _TOTAL.search(texts[0][1]):
        return None
    words = {c.index for c in header.columns if c.field in {"title", "expires", *_TEXT_FIELDS}}
    if not any(i in words for i, _ in texts[1:]):
        return texts[0][1]
    return None


def _is_year(field: str | None) -> bool:
    return field is not None and field.startswith("year:")


def _read_total(
    line: RawLine, label: str, header: _Header, file: str, problems: list[Problem]
) -> _Total:
    amount = _number(line, header.field_column("amount"), header, file, problems)
    years = {}
    for year, index in header.years:
        value = _number(line, index, header, file, problems)
        if value is not None:
            years[year] = value
    return _Total(line.line, label, amount, Profile.of(years) if years else None)


def _number(
    line: RawLine, index: int | None, header: _Header, file: str, problems: list[Problem]
) -> Decimal | None:
    cell = _cell(line, index)
    try:
        return _amount_cell(cell)
    except AmountSyntaxError as error:
        column = header.texts[index] if index is not None else ""
        text = cell.text
        if error.code == "ambiguous-number":
            message = (
                f"{column!r} is {text!r}, which is ambiguous: {text.replace(',', '')} with an"
                f" English thousands comma, or {text.replace(',', '.', 1)} with a Danish decimal"
                " comma"
            )
            hint = (
                f"tables are read in Danish notation: correct the cell to"
                f" '{text.replace(',', '.')}' if it means {text.replace(',', '')}"
            )
        else:
            message = f"{column!r} is {text!r}, which is not a number in Danish notation"
            hint = (
                "tables are read in Danish notation ('5.190', '18,3', '-1.200'; '-' or an"
                " empty cell for no amount): correct the cell, or map the column elsewhere"
                " with --map"
            )
        problems.append(_problem("import-bad-number", file, line.line, message, hint))
        return None


def _read_row(
    line: RawLine, header: _Header, file: str, options: ImportOptions, problems: list[Problem]
) -> _Row | None:
    found: list[Problem] = []
    texts: dict[str, str] = {}
    for column in header.columns:
        text = _cell(line, column.index).text
        if column.field is None and text:
            found.append(
                _problem(
                    "import-extra-cell",
                    file,
                    line.line,
                    f"column {column.index + 1} has {text!r} but no header",
                    f"map the column by number: --map '{column.index + 1}=FIELD', or"
                    f" --map '{column.index + 1}=-' to leave it out",
                )
            )
        if column.field in _TEXT_FIELDS and text:
            texts[column.field] = text
    for index in range(len(header.columns), len(line.cells)):
        text = line.cells[index].text
        if text:
            found.append(
                _problem(
                    "import-extra-cell",
                    file,
                    line.line,
                    f"column {index + 1} has {text!r}, beyond the header's"
                    f" {len(header.columns)} columns",
                    "check that the row was copied whole (a tab inside a cell splits it)",
                )
            )
    title = _cell(line, header.field_column("title")).text
    amount = _number(line, header.field_column("amount"), header, file, found)
    years: dict[int, Decimal] = {}
    for year, index in header.years:
        value = _number(line, index, header, file, found)
        if value is not None:
            years[year] = value
    profile = Profile.of(years) if years else None
    expiry = _expiry(line, header, file, options, profile=profile, problems=found)
    if not title:
        found.append(
            _problem(
                "import-missing-value",
                file,
                line.line,
                "the row has no title",
                "every row needs its Formål/overskrift; if the line is a heading, remove it",
            )
        )
    if not found and amount is None and profile is None:
        problems.append(
            _problem(
                "import-skipped-row",
                file,
                line.line,
                f"the row {title!r} has no amount (printed empty or '-'): left out",
                "transcribe it by hand if it is an appropriation",
                severity=Severity.WARNING,
            )
        )
        return None
    problems.extend(found)
    if found or expiry is None:
        return None
    if amount is None:
        amount = profile.total if profile is not None else Decimal(0)
    return _Row(line.line, title, amount, expiry, profile, texts)


def _expiry(
    line: RawLine,
    header: _Header,
    file: str,
    options: ImportOptions,
    *,
    profile: Profile | None,
    problems: list[Problem],
) -> Expiry | None:
    index = header.field_column("expires")
    cell = _cell(line, index)
    text = " ".join(cell.text.split())
    if cell.number is not None and cell.number == cell.number.to_integral_value():
        text = str(int(cell.number))
    if text:
        if _YEAR.match(text):
            return Expiry.in_year(int(text))
        phrase = _EXPIRY_PHRASES.get(text.casefold())
        if phrase is not None:
            return phrase
        problems.append(
            _problem(
                "import-bad-expiry",
                file,
                line.line,
                f"Udløb is {cell.text!r}, which is not a year, 'Udløb ikke fastsat' or"
                " 'Faldende profil'",
                "fix the cell, or leave the column out (--map 'Udløb=-') and give --expires",
            )
        )
        return None
    if profile is not None:
        last = profile.last_funded_year
        if last is not None:
            return Expiry.in_year(last)
    if options.expires is not None:
        return options.expires
    where = "the Udløb cell is empty" if index is not None else "the table has no Udløb column"
    problems.append(
        _problem(
            "import-missing-value",
            file,
            line.line,
            f"the row has no expiry: {where}",
            "give the expiry of such rows with --expires YEAR (or open, declining)",
        )
    )
    return None


# --- one input -> parts ----------------------------------------------------------------------


def _parts(
    lines: Sequence[RawLine], file: str, options: ImportOptions
) -> tuple[list[_Part], list[str], Decimal | None, list[Problem]]:
    """The parts (tables) of one input, its footnotes, a grand total and the problems.

    When the header cannot be mapped, only the header's problems are reported: every row
    would fail the same way, and the fix (``--map``) is one option away.
    """
    problems: list[Problem] = []
    notes: list[str] = []
    parts: list[_Part] = []
    part = _Part(file)
    header: _Header | None = None
    grand_total: Decimal | None = None
    for line in lines:
        kind = _classify(line, header)
        if kind in {"blank", "header-again"}:
            continue
        if kind == "rule":
            if part.rows or part.total:
                parts.append(part)
            part = _Part(file)
        elif kind == "footnote":
            footnote = _FOOTNOTE.match(line.cells[0].raw)
            if footnote is not None:
                notes.append(f"{footnote.group(1)} {clean(footnote.group(2))}".strip())
        elif kind == "label" and (header is None or not part.rows):
            part.label = next(cell.text for cell in line.cells if cell.text)
        elif header is None:
            header, header_problems = _header(line, file, options)
            problems.extend(header_problems)
            if any(p.severity is Severity.ERROR for p in header_problems):
                return [], notes, None, problems
        else:
            label = _is_total(line, header)
            if label is None:
                row = _read_row(line, header, file, options, problems)
                if row is not None:
                    part.rows.append(row)
                continue
            total = _read_total(line, label, header, file, problems)
            if not part.rows and parts and parts[-1].total is not None:
                grand_total = total.amount
                continue
            part.total = total
            parts.append(part)
            part = _Part(file)
    if part.rows:
        parts.append(part)
    for p in parts:
        p.unit, p.price_level = (header.unit, header.price_level) if header else (None, None)
    if header is None:
        problems.append(
            _problem(
                "import-empty",
                file,
                0,
                "the input holds no table: no line with two or more cells",
                "copy the table with its header line",
            )
        )
    return parts, notes, grand_total, problems


def _classify(line: RawLine, header: _Header | None) -> str:
    """What a line is: blank, rule, footnote, header-again, label, or other (header/row)."""
    texts = [cell.text for cell in line.cells]
    nonempty = [cell.raw for cell in line.cells if cell.raw.strip()]
    if len(nonempty) == 1 and _RULE.match(nonempty[0]):
        return "rule"
    if not any(texts):
        return "blank"
    if len(nonempty) == 1 and _FOOTNOTE.match(line.cells[0].raw):
        return "footnote"
    if header is not None and _trimmed(texts) == _trimmed(header.texts):
        return "header-again"  # the header again, after a page break
    filled = [t for t in texts if t]
    if len(filled) == 1 and _TOTAL.search(filled[0]) is None:
        return "label"
    return "other"


def _trimmed(texts: Sequence[str]) -> tuple[str, ...]:
    """The texts without trailing empty cells."""
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return tuple(texts[:end])


def _part_label(part: _Part) -> str | None:
    """ "service" for "Udgifter til service i alt", else the part's label line."""
    if part.total is not None:
        words = _TOTAL.sub(" ", part.total.label)
        words = re.sub(r"(?i)\budgifter til\b|\bi tusinder\b", " ", words)
        words = " ".join(words.split())
        if words:
            return words
    return part.label


def _category(texts: Iterable[str | None]) -> Category | None:
    for text in texts:
        if not text:
            continue
        lowered = text.casefold()
        if "særindsats" in lowered:
            return Category.SAERINDSATSER
        if "indsats" in lowered:
            return Category.INDSATSMIDLER
        if "drift" in lowered or "service" in lowered:
            return Category.DRIFTSMIDLER
    return None


def _per_table(values: tuple[str, ...] | tuple[Category, ...], index: int) -> object:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return values[index] if index < len(values) else None


# --- the whole import ------------------------------------------------------------------------


def import_text(
    text: str, file: str = "<table>", options: ImportOptions | None = None
) -> ImportResult:
    """Import one table given as tab-separated text (as copied from Word or PDF)."""
    return _import([(file, tab_lines(text.replace("\r\n", "\n")), text)], options)


def import_tables(paths: Sequence[str], options: ImportOptions | None = None) -> ImportResult:
    """Import the tables in ``paths`` (text, ``.csv`` or ``.xlsx``) into one ledger."""
    inputs = []
    problems: list[Problem] = []
    for path in paths:
        lines, text, read_problems = read_rows(path)
        problems.extend(read_problems)
        inputs.append((path, lines, text))
    if problems:
        sources = {path: text for path, _, text in inputs if text is not None}
        return ImportResult(ledger=None, problems=tuple(problems), sources=sources)
    return _import(inputs, options)


def _import(
    inputs: Sequence[tuple[str, Sequence[RawLine], str | None]], options: ImportOptions | None
) -> ImportResult:
    options = options or ImportOptions()
    problems: list[Problem] = []
    notes: list[str] = []
    sources = {file: text for file, _, text in inputs if text is not None}
    named: list[tuple[_Part, str | None]] = []
    grand_total: Decimal | None = None
    if len(options.names) > 1 and len(options.names) != len(inputs):
        problems.append(
            _problem(
                "import-options",
                inputs[0][0] if inputs else "<table>",
                0,
                f"{len(options.names)} --name options for {len(inputs)} input files",
                "give one --name per input file, in the same order",
            )
        )
    for number, (file, lines, _text) in enumerate(inputs):
        parts, file_notes, file_grand, file_problems = _parts(lines, file, options)
        problems.extend(file_problems)
        notes.extend(f"{PurePath(file).name}: footnote {note}" for note in file_notes)
        grand_total = file_grand if file_grand is not None else grand_total
        base = _per_table(options.names, number)
        for part in parts:
            label = _part_label(part)
            if isinstance(base, str):
                name = f"{base} – {label}" if len(parts) > 1 and label else base
            else:
                name = label if len(parts) > 1 and label else PurePath(file).stem
            named.append((part, name))
    tables, table_problems = _tables(named, options)
    problems.extend(table_problems)
    unit = options.unit
    units = {p.unit for p, _ in named if p.unit is not None}
    if unit is None and len(units) == 1:
        unit = units.pop()
    if unit is None and named:
        problems.append(
            _problem(
                "import-no-unit",
                named[0][0].file,
                0,
                "the unit of the amounts cannot be told from the headers"
                + (f" (they say {', '.join(sorted(u.value for u in units))})" if units else ""),
                "give it: --unit '1000 DKK' (Beløb i tusinder), --unit DKK or --unit 'mio DKK'",
            )
        )
    levels = {p.price_level for p, _ in named if p.price_level is not None}
    price_level = options.price_level or (levels.pop() if len(levels) == 1 else None)
    rows_read = sum(len(p.rows) for p, _ in named)
    problems.sort(key=lambda p: (p.location.file, p.location.line))
    errors = any(p.severity is Severity.ERROR for p in problems)
    if errors or unit is None or not tables:
        return ImportResult(
            ledger=None,
            problems=tuple(problems),
            sources=sources,
            notes=tuple(notes),
            rows_read=rows_read,
        )
    files = ", ".join(PurePath(file).name for file, _, _ in inputs)
    ledger = Ledger(
        title=options.title or tables[0].name,
        document=options.document or f"Imported from {files}",
        unit=unit,
        tables=tuple(tables),
        location=Location(options.output, 1),
        phase=options.phase,
        price_level=price_level,
        stated_total=grand_total,
    )
    return ImportResult(
        ledger=ledger,
        problems=tuple(problems),
        sources=sources,
        notes=tuple(notes),
        rows_read=rows_read,
    )


def _tables(
    named: Sequence[tuple[_Part, str | None]], options: ImportOptions
) -> tuple[list[Table], list[Problem]]:
    problems: list[Problem] = []
    tables: list[Table] = []
    stem = PurePath(options.output).stem
    where = Location(options.output, 0)
    for option, values in (
        ("--category", options.categories),
        ("--id-prefix", options.id_prefixes),
    ):
        if len(values) > 1 and len(values) != len(named):
            problems.append(
                _problem(
                    "import-options",
                    named[0][0].file if named else "<table>",
                    0,
                    f"{len(values)} {option} options for {len(named)} tables",
                    f"give one {option} for every table, or one for all of them",
                )
            )
            return tables, problems
    numbered: dict[str, int] = {}  # rows numbered so far per id prefix: ids stay unique
    for number, (part, name) in enumerate(named, start=1):
        given = _per_table(options.categories, number - 1)
        category = (
            given
            if isinstance(given, Category)
            else _category([part.total.label if part.total else None, part.label, name])
        )
        line = part.rows[0].line if part.rows else 0
        if category is None:
            problems.append(
                _problem(
                    "import-no-category",
                    part.file,
                    line,
                    f"the category of table {name!r} cannot be told from the input",
                    "give it: --category driftsmidler, indsatsmidler or særindsatser (one per"
                    " table, in order)",
                )
            )
            continue
        prefix = _per_table(options.id_prefixes, number - 1)
        rows = []
        for index, row in enumerate(part.rows, start=1):
            derived = f"{stem}:{number}.{index}"
            ident = derived
            if isinstance(prefix, str):
                numbered[prefix] = numbered.get(prefix, 0) + 1
                ident = f"{prefix}{numbered[prefix]:02d}"
            rows.append(
                Appropriation(
                    id=ident,
                    category=category,
                    title=row.title,
                    amount=row.amount,
                    expiry=row.expiry,
                    location=where,
                    profile=row.profile,
                    target_group=row.texts.get("target_group"),
                    organisation=row.texts.get("organisation"),
                    description=row.texts.get("description"),
                    source=row.texts.get("source"),
                    committee=row.texts.get("committee"),
                    appropriation_no=row.texts.get("appropriation_no"),
                    function=row.texts.get("function"),
                )
            )
        total = part.total
        tables.append(
            Table(
                name=name or PurePath(part.file).stem,
                category=category,
                appropriations=tuple(rows),
                location=where,
                stated_total=total.amount if total else None,
                stated_years=total.years if total else None,
            )
        )
    return tables, problems


def _problem(
    code: str,
    file: str,
    line: int,
    message: str,
    hint: str | None,
    *,
    severity: Severity = Severity.ERROR,
) -> Problem:
    return Problem(code, severity, message, Location(file, line), hint)
