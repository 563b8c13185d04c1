"""Tables from budget papers → a ledger: the import as a whole.

Finance staff copy appropriation tables out of Word or PDF documents; what they get is
tab-separated text with Danish headers ("Målgruppe", "Beløb i tusinder", "Udløb"), Danish
numbers ("5.190", "1,9"), converter markup (``<b>``, ``<sup>14</sup>``), footnotes, a header
repeated after a page break, merged group cells and "I alt" lines.  :func:`import_tables` reads
such tables (and CSV files and the first sheet of an ``.xlsx`` workbook, which have the same
shape) into a :class:`~bevilling.core.model.Ledger`; :func:`bevilling.write.dump` writes it as
a format v1 file.

The work is split by concern: a reader per format (:mod:`~bevilling.interop.read_text`,
:mod:`~bevilling.interop.read_xlsx`) makes the raw grid (:mod:`~bevilling.interop.tables`);
:mod:`~bevilling.interop.mapping` maps the header to ledger fields and
:mod:`~bevilling.interop.rows` the cells under it; :mod:`~bevilling.interop.layout` finds the
parts, totals, footnotes, caption and merged cells of one input;
:mod:`~bevilling.interop.advice` says what ``bevilling check`` will still find (a total that
rounding explains, a printed total that disagrees with its rows) and which cells were filled
down.  This module names the tables, tells their categories, numbers the ids and builds the
ledger.

Nothing is guessed silently: a header that maps to no field, a cell that is not a number, a row
without a title, a table whose category cannot be told are problems with the input's file and
line and a hint (``--map COLUMN=field`` fixes a column by hand).  See ``docs/interop.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath

import attrs

from bevilling.core.model import (
    Appropriation,
    Category,
    Expiry,
    Ledger,
    Phase,
    SourceFile,
    Table,
    Unit,
)
from bevilling.core.problems import Location, Problem, Severity
from bevilling.core.text import visible
from bevilling.i18n.catalogs import N_, catalog
from bevilling.interop.advice import filled_down, totals_advice
from bevilling.interop.documents import DocumentTable, choose_tables, is_document, table_input
from bevilling.interop.layout import Part, category_in, part_label, read_parts
from bevilling.interop.mapping import (
    FIELDS,
    GROUPING_FIELDS,
    IGNORE,
    TEXT_FIELDS,
    YEAR,
    fill_down_error,
    header_key,
    parse_fill_down,
    price_level_in,
    unit_in,
)
from bevilling.interop.rows import Total
from bevilling.interop.tables import IMPORT_CODES, RawLine, clean, import_problem

_, _n = catalog(__name__)

__all__ = [
    "FIELDS",
    "GROUPING_FIELDS",
    "IMPORT_CODES",
    "TEXT_FIELDS",
    "ImportOptions",
    "ImportResult",
    "import_tables",
    "import_text",
    "parse_fill_down",
    "parse_mapping",
    "read_document",
    "read_rows",
]


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
    tables: tuple[int, ...] = ()
    """The tables to read from each Word or PDF document, by number (``--table 2``); a
    document of a single table needs none."""
    fill_down: tuple[str, ...] = GROUPING_FIELDS
    """The text fields whose empty cells take the value above them in the same part (cells
    merged in the source); by default the grouping columns target_group, organisation, source
    and committee.  Add ``description`` for a column such as Tabel 8's Tilbudstype; ``()``
    reads every empty cell as empty.  Only the text fields (:data:`TEXT_FIELDS`) can be
    filled; another name is an ``import-options`` error."""
    rounded_to: Decimal | None = None
    """The rounding of the printed figures (``0.1`` for mio. kr. with one decimal), written as
    ``rounded_to`` of the ledger and of every table: printed totals may then differ from their
    rows by what rounding explains.  A rounding that is not positive, or that a printed figure
    is not a multiple of (``check``'s ``implausible-rounding``), is an ``import-options``
    error."""


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


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """``["Tilbud=title", "5=-"]`` → ``{"tilbud": "title", "5": "-"}``; ValueError if bad."""
    mapping: dict[str, str] = {}
    given: dict[str, str] = {}
    for item in items:
        column, sep, field = item.rpartition("=")
        field = field.strip()
        if not sep or not column.strip():
            raise ValueError(
                _("--map {item}: write COLUMN=field, e.g. 'Tilbud=title'", item=repr(item))
            )
        if field not in FIELDS and field != IGNORE and not YEAR.match(field):
            raise ValueError(
                _(
                    "--map {item}: {field} is not a field; use one of {fields}, a year such as"
                    " 2016, or - to leave the column out",
                    item=repr(item),
                    field=repr(field),
                    fields=", ".join(FIELDS),
                )
            )
        key = header_key(clean(column))
        if key in mapping and mapping[key] != field:
            # The last one silently won: the column the user meant as title was not one.
            raise ValueError(
                _(
                    "--map {item}: the column is already mapped by --map {earlier}; map each"
                    " column once",
                    item=repr(item),
                    earlier=repr(given[key]),
                )
            )
        mapping[key] = field
        given[key] = item
    return mapping


def _not_a_regular_file(path: str) -> Problem | None:
    """``import-unreadable`` for a path that is missing or cannot be looked at, and for a named
    pipe, device, socket or directory: such a "file" is never opened (a FIFO would wait for a
    writer forever, /dev/zero never ends)."""
    import os
    import stat

    from bevilling.read import os_reason

    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        # Said here, in the catalog's words: the document readers would pass on their
        # libraries' English ("Package not found at ...", "[Errno 2] No such file ...").
        return import_problem(
            "import-unreadable",
            path,
            0,
            _("cannot read {path}: {reason}", path=visible(path), reason=os_reason(error)),
            _("check the path"),
        )
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        message = _KIND_MESSAGES["directory"]
    elif stat.S_ISFIFO(mode):
        message = _KIND_MESSAGES["fifo"]
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        message = _KIND_MESSAGES["device"]
    elif stat.S_ISSOCK(mode):
        message = _KIND_MESSAGES["socket"]
    else:
        message = _KIND_MESSAGES["other"]
    return import_problem(
        "import-unreadable",
        path,
        0,
        _(message, path=visible(path)),
        _("name the table file itself (a .txt, .csv or .xlsx file)"),
    )


_KIND_MESSAGES = {
    "directory": N_("{path} is a directory; only regular files are imported"),
    "fifo": N_("{path} is a named pipe (FIFO); only regular files are imported"),
    "device": N_("{path} is a device; only regular files are imported"),
    "socket": N_("{path} is a socket; only regular files are imported"),
    "other": N_("{path} is not a regular file; only regular files are imported"),
}


def read_document(path: str) -> tuple[list[DocumentTable], list[Problem]]:
    """Every table of the ``.docx`` or ``.pdf`` document at ``path``, and the problems."""
    not_regular = _not_a_regular_file(path)
    if not_regular is not None:
        return [], [not_regular]
    if PurePath(path).suffix.casefold() == ".pdf":
        from bevilling.interop.read_pdf import read_pdf

        return read_pdf(path)
    from bevilling.interop.read_docx import read_docx

    return read_docx(path)


def read_rows(path: str) -> tuple[Iterable[RawLine], str | None, list[Problem]]:
    """The lines of one input file, its text (None for xlsx), and problems reading it.

    ``.xlsx``/``.xlsm`` are workbooks, ``.csv`` is CSV, anything else tab-separated text
    (whose lines are made one at a time, as they are read).
    """
    not_regular = _not_a_regular_file(path)
    if not_regular is not None:
        return [], None, [not_regular]
    suffix = PurePath(path).suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        from bevilling.interop.read_xlsx import read_xlsx

        return read_xlsx(path)
    from bevilling.interop.read_text import read_text_file

    return read_text_file(path, csv=suffix == ".csv")


def _document_tables(
    path: str, options: ImportOptions
) -> tuple[list[tuple[str, Iterable[RawLine], str | None]], list[Problem]]:
    """The tables ``options.tables`` chooses from the document at ``path``, as inputs."""
    not_regular = _not_a_regular_file(path)
    if not_regular is not None:
        return [], [not_regular]
    found, problems = read_document(path)
    if problems:
        return [], problems
    chosen, problems = choose_tables(path, found, options.tables)
    return [table_input(path, table) for table in chosen], problems


def import_text(
    text: str, file: str = "<table>", options: ImportOptions | None = None
) -> ImportResult:
    """Import one table given as tab-separated text (as copied from Word or PDF)."""
    from bevilling.interop.read_text import tab_lines

    return _import([(file, tab_lines(text.replace("\r\n", "\n")), text)], options)


def import_tables(paths: Sequence[str], options: ImportOptions | None = None) -> ImportResult:
    """Import the tables in ``paths`` (text, ``.csv``, ``.xlsx``, or the tables chosen from a
    ``.docx`` or ``.pdf`` document) into one ledger."""
    inputs: list[tuple[str, Iterable[RawLine], str | None]] = []
    problems: list[Problem] = []
    for path in paths:
        if is_document(path):
            tables, read_problems = _document_tables(path, options or ImportOptions())
            problems.extend(read_problems)
            inputs.extend(tables)
            continue
        lines, text, read_problems = read_rows(path)
        problems.extend(read_problems)
        inputs.append((path, lines, text))
    if any(p.severity is Severity.ERROR for p in problems):
        sources = {path: text for path, _, text in inputs if text is not None}
        return ImportResult(ledger=None, problems=tuple(problems), sources=sources)
    result = _import(inputs, options)
    documents = [path for path in paths if is_document(path)]
    if result.ledger is not None and len(documents) == len(paths) == 1:
        source = _source_file(documents[0], (options or ImportOptions()).output)
        if source is not None:
            result = attrs.evolve(result, ledger=attrs.evolve(result.ledger, source_file=source))
    return result


def _source_file(path: str, output: str) -> SourceFile | None:
    """``source_file:`` for a ledger imported from the document at ``path``: its path from the
    output's folder (from the working directory for ``-o -``) and its SHA-256 checksum."""
    import hashlib
    import os
    from pathlib import Path

    try:
        digest = hashlib.sha256(Path(path).read_bytes())
    except OSError:
        return None
    folder = "." if output == "-" else os.path.dirname(os.path.abspath(output))
    try:
        relative = os.path.relpath(os.path.abspath(path), os.path.abspath(folder))
    except ValueError:  # another drive (Windows)
        relative = os.path.abspath(path)
    return SourceFile(path=PurePath(relative).as_posix(), sha256=digest.hexdigest())


def _import(
    inputs: Sequence[tuple[str, Iterable[RawLine], str | None]], options: ImportOptions | None
) -> ImportResult:
    options = options or ImportOptions()
    problems = _fill_down_problems(options, inputs[0][0] if inputs else "<table>")
    notes: list[str] = []
    sources = {file: text for file, _, text in inputs if text is not None}
    named: list[tuple[Part, str | None]] = []
    grand_total: Total | None = None
    if len(options.names) > 1 and len(options.names) != len(inputs):
        problems.append(
            import_problem(
                "import-options",
                inputs[0][0] if inputs else "<table>",
                0,
                _n(
                    "{count} --name options for {files} input file",
                    "{count} --name options for {files} input files",
                    len(inputs),
                    count=len(options.names),
                    files=len(inputs),
                ),
                _("give one --name per input file, in the same order"),
            )
        )
    mapping = dict(options.mapping)
    for number, (file, lines, _text) in enumerate(inputs):
        read = read_parts(
            lines, file, mapping=mapping, expires=options.expires, grouping=options.fill_down
        )
        problems.extend(read.problems)
        if read.caption is not None:  # "Tabel 2: … (1.000 kr. – 2017 p/l)"
            for part in read.parts:
                part.unit = part.unit or unit_in(read.caption)
                part.price_level = part.price_level or price_level_in(read.caption)
        notes.extend(
            _("{file}: footnote {note}", file=PurePath(file).name, note=note) for note in read.notes
        )
        grand_total = read.grand_total if read.grand_total is not None else grand_total
        if read.header is not None:
            problems.extend(filled_down(read.parts, read.header.columns, file))
        base = _per_table(options.names, number)
        if base is None:
            base = read.caption
        for part in read.parts:
            label = part_label(part)
            if isinstance(base, str):
                name = f"{base} – {label}" if len(read.parts) > 1 and label else base
            else:
                name = label if len(read.parts) > 1 and label else PurePath(file).stem
            named.append((part, name))
    tables, table_problems = _tables(named, options)
    problems.extend(table_problems)
    unit = options.unit
    units = {p.unit for p, _ in named if p.unit is not None}
    if unit is None and len(units) == 1:
        unit = units.pop()
    if unit is None and named:
        problems.append(
            import_problem(
                "import-no-unit",
                named[0][0].file,
                0,
                _(
                    "the unit of the amounts cannot be told from the headers (they say {units})",
                    units=", ".join(sorted(u.value for u in units)),
                )
                if units
                else _("the unit of the amounts cannot be told from the headers"),
                _("give it: --unit '1000 DKK' (Beløb i tusinder), --unit DKK or --unit 'mio DKK'"),
            )
        )
    levels = {p.price_level for p, _ in named if p.price_level is not None}
    price_level = options.price_level or (levels.pop() if len(levels) == 1 else None)
    rows_read = sum(len(p.rows) for p, _ in named)
    errors = any(p.severity is Severity.ERROR for p in problems)
    if not errors and not (unit is not None and tables):
        problems.append(  # never "nothing written" without saying why
            import_problem(
                "import-empty",
                inputs[0][0] if inputs else "<table>",
                0,
                _("no table with rows was read from the input"),
                _("copy the table with its header line and rows"),
            )
        )
        errors = True
    if not errors:  # a rounding the figures do not fit (rounding_misfit) is an error
        problems.extend(
            totals_advice(named, grand_total, options.rounded_to, unit or Unit.THOUSAND_DKK)
        )
    problems.sort(key=lambda p: (p.location.file, p.location.line))
    if unit is None or any(p.severity is Severity.ERROR for p in problems):
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
        document=options.document or _("Imported from {files}", files=files),
        unit=unit,
        tables=tuple(tables),
        location=Location(options.output, 1),
        phase=options.phase,
        price_level=price_level,
        stated_total=grand_total.amount if grand_total is not None else None,
        rounded_to=options.rounded_to,
    )
    return ImportResult(
        ledger=ledger,
        problems=tuple(problems),
        sources=sources,
        notes=tuple(notes),
        rows_read=rows_read,
    )


def _fill_down_problems(options: ImportOptions, file: str) -> list[Problem]:
    """``import-options`` for each field of ``options.fill_down`` that is not a text field."""
    return [
        import_problem(
            "import-options",
            file,
            0,
            reason,
            _("fill down text fields only: {fields}", fields=", ".join(TEXT_FIELDS)),
        )
        for reason in map(fill_down_error, options.fill_down)
        if reason is not None
    ]


def _per_table(values: tuple[str, ...] | tuple[Category, ...], index: int) -> object:
    if not values:
        return None
    if len(values) == 1:
        return values[0]
    return values[index] if index < len(values) else None


def _tables(
    named: Sequence[tuple[Part, str | None]], options: ImportOptions
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
                import_problem(
                    "import-options",
                    named[0][0].file if named else "<table>",
                    0,
                    _n(
                        "{count} {option} options for {tables} table",
                        "{count} {option} options for {tables} tables",
                        len(named),
                        count=len(values),
                        option=option,
                        tables=len(named),
                    ),
                    _("give one {option} for every table, or one for all of them", option=option),
                )
            )
            return tables, problems
    numbered: dict[str, int] = {}  # rows numbered so far per id prefix: ids stay unique
    for number, (part, name) in enumerate(named, start=1):
        given = _per_table(options.categories, number - 1)
        category = (
            given
            if isinstance(given, Category)
            else category_in([part.total.label if part.total else None, part.label, name])
        )
        line = part.rows[0].line if part.rows else 0
        if category is None:
            problems.append(
                import_problem(
                    "import-no-category",
                    part.file,
                    line,
                    _(
                        "the category of table {name} cannot be told from the input",
                        name=repr(name),
                    ),
                    _(
                        "give it: --category driftsmidler, indsatsmidler or særindsatser (one per"
                        " table, in order)"
                    ),
                )
            )
            continue
        prefix = _per_table(options.id_prefixes, number - 1)
        rows = []
        for index, row in enumerate(part.rows, start=1):
            ident = f"{stem}:{number}.{index}"
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
                rounded_to=options.rounded_to,
            )
        )
    return tables, problems
