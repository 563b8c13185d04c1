"""A spending export from the finance system → a spending file (``bevilling-spending/1``).

The export is CSV, tab-separated text or the first sheet of an ``.xlsx`` workbook (read by the
same readers as the table import), with Danish headers and Danish numbers: a column with the
appropriation's id (or its function code, mapped to the one appropriation of the ledgers that
has it), the year (or ``--year`` for all rows), optionally the months, and the amount spent.
Rows of the same appropriation, year and months are added up (an export lists postings).

Nothing is guessed: a header that maps to no field, a cell that is not a number or a year, a
function code that no (or more than one) appropriation has are problems with the input's file
and line, and :func:`spending_text` writes a file that :func:`import_spending`'s caller loads
back and compares before writing (see ``bevilling import --spending``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal

import attrs

from bevilling.core.model import LedgerSet, Spending, Unit
from bevilling.core.money import AmountSyntaxError
from bevilling.core.problems import Location, Problem, Severity
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog
from bevilling.interop.mapping import IGNORE, header_key, unit_in, units_in
from bevilling.interop.rows import hidden_decimals, is_total_text, not_an_amount
from bevilling.interop.tables import RawLine, amount_out_of_range, clean, import_problem

_, _n = catalog(__name__)

__all__ = [
    "SPENDING_FIELDS",
    "SpendingImport",
    "SpendingOptions",
    "import_spending",
    "import_spending_files",
    "parse_spending_mapping",
    "spending_text",
]

#: The fields a column of a spending export can hold.
SPENDING_FIELDS = ("appropriation", "function", "year", "months", "amount")

#: Header words (as :func:`header_key` makes them) → field.  An amount header may name its unit
#: ("Forbrug i 1.000 kr.").
_HEADERS = {
    "id": "appropriation", "bevillings-id": "appropriation", "bevillingsid": "appropriation",
    "bevilling id": "appropriation", "appropriation": "appropriation",
    "funktion": "function", "funktionskode": "function", "function": "function",
    "år": "year", "regnskabsår": "year", "year": "year",
    "måned": "months", "måneder": "months", "periode": "months", "months": "months",
}  # fmt: skip
_AMOUNT_WORDS = ("forbrug", "beløb", "bogført", "regnskab", "amount")
_YEAR = re.compile(r"(19|20|21)[0-9]{2}\Z")
_MONTHS = re.compile(r"([0-9]{1,2})(?:\s*[-–]\s*([0-9]{1,2}))?\Z")


@attrs.frozen(kw_only=True)
class SpendingOptions:
    """What the user tells the spending import beyond the export itself."""

    output: str = "forbrug.yaml"
    """The spending file to be written (its name is the location of the records)."""
    title: str | None = None
    """The file's title; by default "Forbrug" and the input file names."""
    source: str | None = None
    """Where the figures come from; by default the input file names."""
    unit: Unit | None = None
    """The unit of the amounts, when the amount header does not say it."""
    year: int | None = None
    """The year of rows in an export without a year column."""
    months: tuple[int, int] | None = None
    """The months of rows in an export without a months column (default: the whole year)."""
    mapping: Mapping[str, str] = attrs.field(factory=dict)
    """Column (header text or 1-based number) → field or ``-``: overrides the header rules."""
    include_hidden: bool = False
    """Read the rows and columns hidden in a workbook's sheet (by default they are left out;
    either way ``import-hidden-rows`` names them)."""


@attrs.frozen(kw_only=True)
class SpendingImport:
    """The spending read from the exports, or None when anything could not be mapped."""

    spending: tuple[Spending, ...] | None
    """The records (added up per appropriation, year and months), when there were no errors."""
    unit: Unit | None
    """Their unit."""
    problems: tuple[Problem, ...]
    """Every problem found, with the input file and line."""
    sources: Mapping[str, str]
    """Each text input's text, by path, for excerpts."""
    rows_read: int = 0
    """The number of export rows read."""

    @property
    def ok(self) -> bool:
        """True when there are no errors: the file can be written."""
        return self.spending is not None and not any(
            p.severity is Severity.ERROR for p in self.problems
        )


def parse_spending_mapping(items: Iterable[str]) -> dict[str, str]:
    """``["Konto=-", "3=amount"]`` → ``{"konto": "-", "3": "amount"}``; ValueError if bad."""
    mapping: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        field = field.strip()
        if not sep or not column.strip():
            raise ValueError(_("--map {item}: write COLUMN=field, e.g. 'Konto=-'", item=repr(item)))
        if field not in SPENDING_FIELDS and field != IGNORE:
            raise ValueError(
                _(
                    "--map {item}: {field} is not a field of a spending export; use one of"
                    " {allowed}",
                    item=repr(item),
                    field=repr(field),
                    allowed=", ".join([*SPENDING_FIELDS, "-"]),
                )
            )
        mapping[header_key(clean(column))] = field
    return mapping


def _field(header: str, number: int, mapping: Mapping[str, str]) -> str | None:
    key = header_key(header)
    given = mapping.get(key) or mapping.get(str(number))
    if given is not None:
        return given
    if key in _HEADERS:
        return _HEADERS[key]
    if any(key.startswith(word) for word in _AMOUNT_WORDS):
        return "amount"
    return None


class _Reader:
    """Reads the lines of one export, collecting problems and the rows as records."""

    def __init__(
        self,
        file: str,
        options: SpendingOptions,
        functions: Mapping[str, list[str]],
        known: Mapping[str, str] | None = None,
    ):
        self.file = file
        self.options = options
        self.functions = functions
        self.known = known or {}
        """The ids of the ledgers' appropriations, by their case-folded spelling (empty:
        no ledgers, every id is taken as written)."""
        self.ids = frozenset(self.known.values())
        self.problems: list[Problem] = []
        self.columns: dict[str, int] = {}
        self.unit: Unit | None = None
        self.amount_header = ""
        self.rows = 0
        self.block = _Block()
        """The rows since the last total line."""
        self.whole = _Block()
        """Every row of the export."""
        self.totals = 0
        """The total lines read."""

    def error(self, code: str, line: int, message: str, hint: str) -> None:
        self.problems.append(import_problem(code, self.file, line, message, hint))

    def _unit_stated(self, line: int, text: str) -> None:
        """``import-options`` when ``--unit`` contradicts the unit the amount header states
        ("Forbrug i 1.000 kr." with ``--unit 'mio DKK'``: every figure 1 000 times too large)."""
        from bevilling.i18n.formatting import unit_words

        given, stated = self.options.unit, self.unit
        if given is None or stated is None or given is stated:
            return
        self.error(
            "import-options",
            line,
            _(
                "--unit {given} says the amounts are in {given_words}, but the header {text} says"
                " {stated}",
                given=repr(given.value),
                given_words=unit_words(given.value),
                text=repr(visible(text, one_line=True)[:200]),
                stated=unit_words(stated.value),
            ),
            _(
                "leave out --unit: the table states its unit ({stated}); if the table is"
                " wrong, correct its text instead",
                stated=unit_words(stated.value),
            ),
        )

    def _two_units(self, line: int, text: str) -> None:
        """``import-header-conflict`` when the amount header names two units ("Forbrug (1.000
        kr. / mio. kr.)"): the first one was taken without a word."""
        from bevilling.i18n.formatting import unit_words

        units = units_in(text)
        if len(units) < 2:
            return
        self.error(
            "import-header-conflict",
            line,
            _(
                "the header {first} states two units, {first_value} and {second_value}",
                first=repr(visible(text, one_line=True)[:200]),
                first_value=unit_words(units[0].value),
                second_value=unit_words(units[1].value),
            ),
            _("correct the table so that it states one unit"),
        )

    def header(self, line: RawLine) -> bool:
        """Map the header line; False when a column cannot be mapped."""
        seen: dict[str, int] = {}
        for number, cell in enumerate(line.cells, start=1):
            text = cell.text
            if not text:
                continue
            field = _field(text, number, self.options.mapping)
            if field is None:
                self.error(
                    "import-unknown-column",
                    line.line,
                    _(
                        "column {number} {header} maps to no field of a spending export",
                        number=number,
                        header=repr(visible(text, one_line=True)),
                    ),
                    _(
                        "map it with --map '{header}=FIELD' (FIELD: {fields}), or leave it out"
                        " with --map '{header}=-'",
                        header=visible(text, one_line=True),
                        fields=", ".join(SPENDING_FIELDS),
                    ),
                )
                continue
            if field == IGNORE:
                continue
            if field in seen:
                self.error(
                    "import-duplicate-column",
                    line.line,
                    _(
                        "columns {first} and {second} both map to {field}",
                        first=seen[field],
                        second=number,
                        field=field,
                    ),
                    _("leave one out with --map 'COLUMN=-'"),
                )
                continue
            seen[field] = number
            self.columns[field] = number - 1
            if field == "amount":
                self.amount_header = text
                self.unit = unit_in(text)
                self._unit_stated(line.line, text)
                self._two_units(line.line, text)
        missing = [
            name
            for name, present in (
                ("amount", "amount" in seen),
                ("appropriation", "appropriation" in seen or "function" in seen),
                ("year", "year" in seen or self.options.year is not None),
            )
            if not present
        ]
        for name in missing:
            hint = {
                "amount": _("the amount column is headed Forbrug, Beløb or Bogført; or map it"),
                "appropriation": _(
                    "a column with the appropriation's id (Id) or its function code (Funktion)"
                ),
                "year": _("give the year of every row with --year, or a column År"),
            }[name]
            self.error(
                "import-missing-column",
                line.line,
                _("the export has no column for {field}", field=name),
                hint,
            )
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def cell(self, line: RawLine, field: str) -> str:
        index = self.columns.get(field)
        if index is None or index >= len(line.cells):
            return ""
        return line.cells[index].text

    def row(self, line: RawLine) -> tuple[str, int, tuple[int, int], Decimal] | None:
        """One row as (id, year, months, amount), or None (a problem, or a line to skip)."""
        texts = [c.text for c in line.cells]
        if not any(texts):
            return None
        ident = self.cell(line, "appropriation")
        code = self.cell(line, "function")
        if ident not in self.ids and (
            is_total_text(ident or code)
            or (not ident and not code and any(is_total_text(t) for t in texts if t))
        ):
            self.total(line)  # an "I alt" line: compared with the rows it closes
            return None
        self.rows += 1
        appropriation = self.identifier(line.line, ident) if ident else None
        appropriation = appropriation if ident else self.function(line.line, code)
        year = self.year(line)
        months = self.months(line)
        amount = self.amount(line)
        if appropriation is None or year is None or months is None or amount is None:
            self.block.failed = self.whole.failed = True
            return None
        for block in (self.block, self.whole):
            block.rows += 1
            block.amount += amount
        return appropriation, year, months, amount

    def total(self, line: RawLine) -> None:
        """Compare a total line's amount with the rows since the last one (or, right after
        another total line, with every row of the export: a grand total): an
        ``import-total-mismatch`` error when they differ by more than the total's own
        rounding (rows missing from a filtered or truncated export)."""
        block = self.block if self.block.rows or not self.totals else self.whole
        self.block = _Block()
        self.totals += 1
        index = self.columns["amount"]
        cell = line.cells[index] if index < len(line.cells) else None
        if cell is None or (cell.number is None and not cell.text) or block.failed:
            return  # no printed figure, or rows with errors (reported)
        stated = self.amount(line)
        if stated is None:
            return
        exponent = stated.as_tuple().exponent
        summed = block.amount
        rounded = (  # the sum as printed to the total's decimals
            summed.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
            if isinstance(exponent, int) and not amount_out_of_range(summed)
            else summed
        )
        if rounded == stated:
            return
        from bevilling.i18n.formatting import format_amount

        self.error(
            "import-total-mismatch",
            line.line,
            _n(
                "the export's total is {stated}, but its {count} row adds up to {summed}"
                " (difference {difference})",
                "the export's total is {stated}, but its {count} rows add up to {summed}"
                " (difference {difference})",
                block.rows,
                stated=format_amount(stated),
                count=block.rows,
                summed=format_amount(summed),
                difference=format_amount(stated - summed),
            ),
            _(
                "rows are missing from the export, or it was changed after it was made"
                " (filtered, cut short, a row deleted): export it again whole; if rows were"
                " left out on purpose, delete the total line"
            ),
        )

    def identifier(self, line: int, ident: str) -> str | None:
        """``ident``, when the ledgers have it (or no ledgers were given); else a problem."""
        if not self.ids or ident in self.ids:
            return ident
        same = self.known.get(ident.casefold().strip())
        self.error(
            "import-unmapped-row",
            line,
            _(
                "no appropriation of the ledgers has the id {id}",
                id=repr(visible(ident, one_line=True)),
            ),
            _("did you mean `{word}`? (spelled exactly so)", word=same)
            if same is not None
            else _(
                "write the id as the ledgers give it, or name the ledger that has it with --ledgers"
            ),
        )
        return None

    def function(self, line: int, code: str) -> str | None:
        ids = self.functions.get(code, [])
        if len(ids) == 1:
            return ids[0]
        if not code:
            self.error(
                "import-missing-value",
                line,
                _("the row names no appropriation (no id and no function code)"),
                _("fill in the id or the function code, or leave the row out of the export"),
            )
        else:
            self.error(
                "import-unmapped-row",
                line,
                _n(
                    "the function code {code} belongs to {count} appropriation of the ledgers",
                    "the function code {code} belongs to {count} appropriations of the ledgers",
                    len(ids),
                    code=repr(visible(code, one_line=True)),
                    count=len(ids),
                ),
                _(
                    "give the export a column with the appropriation ids, or give exactly one"
                    " appropriation in the ledgers this `function`"
                ),
            )
        return None

    def year(self, line: RawLine) -> int | None:
        text = self.cell(line, "year")
        if "year" not in self.columns or (not text and self.options.year is not None):
            return self.options.year
        if _YEAR.match(text):
            return int(text)
        self.error(
            "import-bad-value",
            line.line,
            _("the year {text} is not a four-digit year", text=repr(visible(text, one_line=True))),
            _("write the year in full, e.g. 2016"),
        )
        return None

    def months(self, line: RawLine) -> tuple[int, int] | None:
        text = self.cell(line, "months")
        if "months" not in self.columns or not text:
            return self.options.months or (1, 12)
        match = _MONTHS.match(text)
        if match is not None:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if 1 <= first <= last <= 12:
                return (first, last)
        self.error(
            "import-bad-value",
            line.line,
            _("the months {text} are not a month or a run of months",
              text=repr(visible(text, one_line=True))),
            _("write e.g. 1-6 for January to June, or 7 for July"),
        )  # fmt: skip
        return None

    def amount(self, line: RawLine) -> Decimal | None:
        index = self.columns["amount"]
        cell = line.cells[index] if index < len(line.cells) else None
        value: Decimal | None = None
        if cell is not None and cell.number_format is not None:
            self.problems.append(not_an_amount(cell, self.file, line.line, self.amount_header))
            return None
        if cell is not None and cell.number is not None:
            value = cell.number
            if cell.places is not None:
                hidden = hidden_decimals(
                    value, cell.places, self.file, line.line, self.amount_header
                )
                if hidden is not None:
                    self.problems.append(hidden)
        elif cell is not None and cell.text:
            from bevilling.i18n.formatting import parse_danish

            try:
                value = parse_danish(cell.text)
            except AmountSyntaxError as error:
                self.error("import-bad-number", line.line, str(error), error.hint)
                return None
        if value is None:
            self.error(
                "import-missing-value",
                line.line,
                _("the row has no amount"),
                _("fill in the amount spent (0 if nothing), or leave the row out"),
            )
            return None
        if amount_out_of_range(value):
            self.error(
                "import-amount-out-of-range",
                line.line,
                _("the amount {value} is beyond what bevilling accepts", value=str(value)[:40]),
                _("check the figure; choose a larger unit with --unit"),
            )
            return None
        return value


def _unit_not_stated(files: Sequence[str], unit: Unit) -> list[Problem]:
    """``import-no-unit`` for each export whose amount header states no unit, imported with
    exports that state one: its figures were read in their unit without a word."""
    from bevilling.i18n.formatting import unit_words

    return [
        import_problem(
            "import-no-unit",
            file,
            0,
            _(
                "this export states no unit, but the other exports state {unit}",
                unit=unit_words(unit.value),
            ),
            _(
                "if its amounts are in {unit} too, say so with --unit {option}; otherwise"
                " import it on its own",
                unit=unit_words(unit.value),
                option=repr(unit.value),
            ),
        )
        for file in dict.fromkeys(files)
    ]


@attrs.define
class _Block:
    """The rows of an export a total line closes: how many, their sum, and whether any of
    them could not be read (then the total is not compared)."""

    rows: int = 0
    amount: Decimal = Decimal(0)
    failed: bool = False


def import_spending(
    inputs: Sequence[tuple[str, Iterable[RawLine], str | None]],
    options: SpendingOptions | None = None,
    ledgers: LedgerSet | None = None,
) -> SpendingImport:
    """Read spending exports (``(file, lines, text)``, as ``interop.read_rows`` gives them)."""
    options = options or SpendingOptions()
    functions: dict[str, list[str]] = {}
    known: dict[str, str] = {}
    for entry in ledgers.entries() if ledgers is not None else ():
        known.setdefault(entry.appropriation.id.casefold().strip(), entry.appropriation.id)
        if entry.appropriation.function:
            functions.setdefault(entry.appropriation.function, []).append(entry.appropriation.id)
    problems: list[Problem] = []
    sums: dict[tuple[str, int, tuple[int, int]], Decimal] = {}
    first_line: dict[tuple[str, int, tuple[int, int]], int] = {}
    units: set[Unit] = set()
    silent: list[str] = []  # the exports whose amount header states no unit
    rows = 0
    for file, lines, _text in inputs:
        reader = _Reader(file, options, functions, known)
        iterator = iter(lines)
        header = next((line for line in iterator if any(c.text for c in line.cells)), None)
        if header is None or not reader.header(header):
            problems.extend(reader.problems)
            if header is None:
                problems.append(
                    import_problem(
                        "import-empty", file, 0, _("the export holds no header line"),
                        _("export the spending with its header line (Id, År, Forbrug)"),
                    )
                )  # fmt: skip
            continue
        if reader.unit is not None:
            units.add(reader.unit)
        else:
            silent.append(file)
        for line in iterator:
            found = reader.row(line)
            if found is None:
                continue
            ident, year, months, amount = found
            key = (ident, year, months)
            sums[key] = sums.get(key, Decimal(0)) + amount
            first_line.setdefault(key, line.line)
        problems.extend(reader.problems)
        rows += reader.rows
    sources = {file: text for file, _lines, text in inputs if text is not None}
    unit = options.unit or (units.pop() if len(units) == 1 else None)
    file0 = inputs[0][0] if inputs else "<export>"
    if options.unit is None and unit is not None:  # its figures would be read in the others'
        problems.extend(_unit_not_stated(silent, unit))
    if unit is None and not any(p.severity is Severity.ERROR for p in problems):
        problems.append(
            import_problem(
                "import-no-unit", file0, 0,
                _("the unit of the amounts cannot be told from the headers"),
                _("give it: --unit '1000 DKK', --unit DKK or --unit 'mio DKK'"),
            )
        )  # fmt: skip
    errors = any(p.severity is Severity.ERROR for p in problems)
    if not errors and not sums:
        problems.append(
            import_problem(
                "import-empty", file0, 0, _("no row with spending was read from the export"),
                _("export the spending with its header line and rows"),
            )
        )  # fmt: skip
        errors = True
    if errors or unit is None:
        return SpendingImport(
            spending=None, unit=unit, problems=tuple(problems), sources=sources, rows_read=rows
        )
    spending = tuple(
        Spending(
            appropriation=ident,
            year=year,
            months=months,
            amount=amount,
            unit=unit,
            location=Location(options.output, 0),
        )
        for (ident, year, months), amount in sums.items()
    )
    return SpendingImport(
        spending=spending, unit=unit, problems=tuple(problems), sources=sources, rows_read=rows
    )


def import_spending_files(
    paths: Sequence[str], options: SpendingOptions | None = None, ledgers: LedgerSet | None = None
) -> SpendingImport:
    """Read the spending exports in ``paths`` (text, ``.csv`` or ``.xlsx``); function codes are
    mapped to the appropriations of ``ledgers``."""
    from bevilling.interop.importer import read_rows

    inputs = []
    problems: list[Problem] = []
    for path in paths:
        include_hidden = options is not None and options.include_hidden
        lines, text, read_problems = read_rows(path, include_hidden=include_hidden)
        problems.extend(read_problems)
        inputs.append((path, lines, text))
    if any(p.severity is Severity.ERROR for p in problems):
        sources = {path: text for path, _lines, text in inputs if text is not None}
        return SpendingImport(spending=None, unit=None, problems=tuple(problems), sources=sources)
    result = import_spending(inputs, options, ledgers)
    if problems:  # the warnings of reading (hidden rows, scaled figures), in file order
        found = sorted(
            (*problems, *result.problems), key=lambda p: (p.location.file, p.location.line)
        )
        result = attrs.evolve(result, problems=tuple(found))
    return result


def spending_text(
    spending: Sequence[Spending], unit: Unit, *, title: str, source: str | None, comment: str
) -> str:
    """The spending file (``format: bevilling-spending/1``) holding ``spending``, in plain
    notation, every text quoted so that it reads back exactly."""
    from bevilling.write import format_plain, quote

    lines = ["format: bevilling-spending/1"]
    lines += [f"# {visible(part, one_line=True)}" for part in comment.splitlines()]
    lines += [f"title: {quote(title)}"]
    if source is not None:
        lines.append(f"source: {quote(source)}")
    lines += [f"unit: {unit.value}", "spending:"]
    for s in spending:
        lines.append(f"  - appropriation: {quote(s.appropriation)}")
        lines.append(f"    year: {s.year}")
        if s.months != (1, 12):
            first, last = s.months
            lines.append(f"    months: {first if first == last else f'{first}-{last}'}")
        lines.append(f"    amount: {format_plain(s.amount)}")
    return "\n".join(lines) + "\n"
