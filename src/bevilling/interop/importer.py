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

import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import PurePath
from typing import Generic, TypeVar

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
from bevilling.interop.documents import (
    DocumentTable,
    choose_tables,
    is_document,
    table_input,
    tracked_changes,
)
from bevilling.interop.layout import Part, category_in, part_label, read_parts
from bevilling.interop.mapping import (
    FIELDS,
    GROUPING_FIELDS,
    IGNORE,
    TEXT_FIELDS,
    YEAR,
    Header,
    fill_down_error,
    header_key,
    parse_fill_down,
    stated_in_caption,
)
from bevilling.interop.rows import Total
from bevilling.interop.tables import IMPORT_CODES, RawLine, clean, import_problem

_, _n = catalog(__name__)

_V = TypeVar("_V", Unit, int)
_E = TypeVar("_E", Unit, Phase)

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


def _fill_down_fields(value: object) -> tuple[str, ...]:
    """``ImportOptions.fill_down`` as a tuple of names: one text is one name (not a list of
    its letters); None or another type is a TypeError that says what to pass."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray)):
        names = tuple(value)
        if all(isinstance(name, str) for name in names):
            return names
    raise TypeError(
        "ImportOptions(fill_down=...) takes a tuple of field names, e.g."
        f" ('target_group', 'description'), or () to fill nothing, not {value!r}"[:300]
    )


def _texts(option: str, example: str, value: object) -> tuple[str, ...]:
    """A tuple-of-texts field of ``ImportOptions`` (``names``, ``id_prefixes``): one text is
    one item (``names="Tabel 2"`` is one name, not seven); any other iterable of texts is
    taken in order; None or another type is a TypeError that says what to pass."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Iterable) and not isinstance(value, (bytes, bytearray, Mapping)):
        items = tuple(value)
        if all(isinstance(item, str) for item in items):
            return items
    raise TypeError(
        f"ImportOptions({option}=...) takes a text or a tuple of texts, e.g. {example}, or"
        f" () for none, not {value!r}"[:300]
    )


def _names(value: object) -> tuple[str, ...]:
    """``ImportOptions.names`` (:func:`_texts`)."""
    return _texts("names", "('Tabel 2',)", value)


def _id_prefixes(value: object) -> tuple[str, ...]:
    """``ImportOptions.id_prefixes`` (:func:`_texts`)."""
    return _texts("id_prefixes", "('D',)", value)


def _categories(value: object) -> tuple[Category, ...]:
    """``ImportOptions.categories`` as a tuple of categories: one ``Category`` or one name
    (``"driftsmidler"``) is one category; names are read as ``--category`` reads them; None or
    another type is a TypeError, a name that is no category a ValueError naming the three."""
    items = (value,) if isinstance(value, (str, Category)) else value
    if isinstance(items, Iterable) and not isinstance(items, (bytes, bytearray, Mapping)):
        categories: list[Category] = []
        for item in tuple(items):
            if isinstance(item, Category):
                categories.append(item)
            elif isinstance(item, str):
                try:
                    categories.append(Category(item.strip().casefold()))
                except ValueError:
                    raise ValueError(
                        "ImportOptions(categories=...): "
                        f"{item[:40]!r} is not a category; use Category.DRIFTSMIDLER,"
                        " Category.INDSATSMIDLER, Category.SAERINDSATSER or their names"
                        " 'driftsmidler', 'indsatsmidler', 'særindsatser'"
                    ) from None
            else:
                break
        else:
            return tuple(categories)
    raise TypeError(
        "ImportOptions(categories=...) takes a Category, its name ('driftsmidler') or a tuple"
        f" of them, e.g. (Category.DRIFTSMIDLER,), or () to tell them from the table, not"
        f" {value!r}"[:300]
    )


def _table_numbers(value: object) -> tuple[int, ...]:
    """``ImportOptions.tables`` as a tuple of table numbers: one int is one table
    (``tables=2`` as ``--table 2``); None, a text or a bool is a TypeError that says what to
    pass (a number out of range is the import's ``import-options``)."""
    items = (value,) if isinstance(value, int) else value
    if isinstance(items, Iterable) and not isinstance(items, (str, bytes, bytearray, Mapping)):
        numbers = tuple(items)
        if all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
            return numbers
    raise TypeError(
        "ImportOptions(tables=...) takes a table number or a tuple of them (1-based, as"
        f" --table), e.g. (2,), or () for a document of one table, not {value!r}"[:300]
    )


def _rounding(value: object) -> Decimal | None:
    """``ImportOptions.rounded_to`` as the ledger writes it: an int or a ``Decimal`` made
    plain and without trailing zeros (``Decimal("0.10000000")`` → ``0.1``, as
    ``--rounded-to 0,1000000`` is); a float or a text is a TypeError (a float is not exact;
    ``"0,1"`` reads two ways).  A value that cannot be a rounding (zero, negative, NaN, out of
    range) is kept, for the import to report as ``import-options``."""
    from bevilling.core.money import MAX_INTEGER_DIGITS, D, plain_text

    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return D(value)
    if not isinstance(value, Decimal):
        raise TypeError(
            "ImportOptions(rounded_to=...) takes a Decimal or an int, e.g. Decimal('0.1') for"
            f" figures printed with one decimal, not {type(value).__name__} {value!r}"[:300]
        )
    if value.is_finite() and abs(value.adjusted()) <= 2 * MAX_INTEGER_DIGITS:
        return D(plain_text(value.normalize()))
    return value


def _enum_member(option: str, kind: type[_E], example: str) -> Callable[[object], _E]:
    """A converter for an enum field of ``ImportOptions``: a member, or its value as text
    (``"1000 DKK"``, ``"proposed"``); another text is a ValueError naming the values, another
    type a TypeError."""

    def convert(value: object) -> _E:
        if isinstance(value, kind):
            return value
        if isinstance(value, str):
            try:
                return kind(value.strip())
            except ValueError:
                raise ValueError(
                    f"ImportOptions({option}=...): {value[:40]!r} is not one of"
                    f" {', '.join(repr(m.value) for m in kind)}"
                ) from None
        raise TypeError(
            f"ImportOptions({option}=...) takes a {kind.__name__}, e.g. {example}, or its"
            f" value as text, not {type(value).__name__} {value!r}"[:300]
        )

    return convert


_to_phase = _enum_member("phase", Phase, "Phase.PROPOSED")
_to_unit = _enum_member("unit", Unit, "Unit.THOUSAND_DKK")


def _phase(value: object) -> Phase:
    """``ImportOptions.phase``: a ``Phase`` or its value (``"proposed"``)."""
    return _to_phase(value)


def _unit(value: object) -> Unit | None:
    """``ImportOptions.unit``: None, a ``Unit`` or its value (``"1000 DKK"``)."""
    return None if value is None else _to_unit(value)


def _price_level(value: object) -> int | None:
    """``ImportOptions.price_level``: None or a year as an int; a text (``"2016"``), a bool or
    a float is a TypeError (the text was kept, and never equalled the 2016 a header states)."""
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise TypeError(
        "ImportOptions(price_level=...) takes the year of the price level as an int, e.g."
        f" 2016, or None, not {type(value).__name__} {value!r}"[:300]
    )


def _expiry(value: object) -> Expiry | None:
    """``ImportOptions.expires``: None or an ``Expiry``; a bare year is a TypeError that says
    how to write it (the int was written into the ledger as it was)."""
    if value is None or isinstance(value, Expiry):
        return value
    raise TypeError(
        "ImportOptions(expires=...) takes an Expiry, e.g. Expiry.in_year(2016), or None, not"
        f" {type(value).__name__} {value!r}"[:300]
    )


def _text(option: str, *, optional: bool) -> Callable[[object], str | None]:
    """A converter for a text field of ``ImportOptions`` (``title``, ``output``): a text (a
    path for ``output``), or None where that means "by default"; another type is a
    TypeError."""

    def convert(value: object) -> str | None:
        if isinstance(value, str) or (value is None and optional):
            return value
        if option == "output" and isinstance(value, os.PathLike):
            path = os.fspath(value)
            if isinstance(path, str):
                return path
        raise TypeError(
            f"ImportOptions({option}=...) takes a text{' or None' if optional else ''}, not"
            f" {type(value).__name__} {value!r}"[:300]
        )

    return convert


def _title(value: object) -> str | None:
    """``ImportOptions.title``: a text, or None for the first table's name."""
    return _text("title", optional=True)(value)


def _document(value: object) -> str | None:
    """``ImportOptions.document``: a text, or None for "Imported from …"."""
    return _text("document", optional=True)(value)


def _output(value: object) -> str:
    """``ImportOptions.output``: a text or a path."""
    path = _text("output", optional=False)(value)
    assert path is not None  # noqa: S101 - optional=False never gives None
    return path


def _column_mapping(value: object) -> Mapping[str, str]:
    """``ImportOptions.mapping`` as the import matches it: each column (a header text, or a
    1-based column number as an int or a text) made a key the way ``--map`` makes one (spaces
    collapsed, case folded, no trailing colon: ``{"Tilbud": "title"}`` maps the header
    "Tilbud"; it was never matched), each value a field, a year or ``-``; another field is a
    ValueError, a text or another type instead of a mapping a TypeError."""
    if not isinstance(value, Mapping):
        raise TypeError(
            "ImportOptions(mapping=...) takes a mapping of column (header text or 1-based"
            " number) to field, e.g. {'Tilbud': 'title', 5: '-'}, or"
            f" parse_mapping(['Tilbud=title']), not {type(value).__name__} {value!r}"[:300]
        )
    mapping: dict[str, str] = {}
    for column, field in value.items():
        if isinstance(column, int) and not isinstance(column, bool):
            key = str(column)
        elif isinstance(column, str):
            key = header_key(column)  # as parse_mapping's keys are: never cleaned twice
        else:
            key = ""
        if not key or not isinstance(field, str):
            raise TypeError(
                "ImportOptions(mapping=...) maps a column (a header text or a 1-based number)"
                f" to a field name, not {column!r}: {field!r}"[:300]
            )
        if field not in FIELDS and field != IGNORE and not YEAR.match(field):
            raise ValueError(
                f"ImportOptions(mapping=...): {field[:40]!r} (for {column!r}) is not a field;"
                f" use one of {', '.join(FIELDS)}, a year such as '2016', or '-' to leave the"
                " column out"[:400]
            )
        if mapping.get(key, field) != field:
            raise ValueError(
                f"ImportOptions(mapping=...): {column!r} is mapped twice, to"
                f" {mapping[key]!r} and {field!r}"[:300]
            )
        mapping[key] = field
    return mapping


@attrs.frozen(kw_only=True)
class ImportOptions:
    """What the user tells the importer beyond the table itself (the CLI's options)."""

    output: str = attrs.field(default="imported.yaml", converter=_output)
    """The ledger file to be written: its stem makes the derived ids, its name the locations."""
    title: str | None = attrs.field(default=None, converter=_title)
    """The ledger's title; by default the first table's name."""
    document: str | None = attrs.field(default=None, converter=_document)
    """The source document; by default "Imported from" and the input file names."""
    unit: Unit | None = attrs.field(default=None, converter=_unit)
    """The unit, when the headers do not say it ("Beløb i tusinder" says 1000 DKK): a ``Unit``
    or its value (``"1000 DKK"``)."""
    phase: Phase = attrs.field(default=Phase.APPROVED, converter=_phase)
    """Approved money or a proposal (a budget note): a ``Phase`` or its value."""
    price_level: int | None = attrs.field(default=None, converter=_price_level)
    """The price level, when the headers do not say it ("2016 p/l")."""
    names: tuple[str, ...] = attrs.field(default=(), converter=_names)
    """The table captions, one per input file, in order (one name applies to every file); a
    text is one name."""
    categories: tuple[Category, ...] = attrs.field(default=(), converter=_categories)
    """The categories, one per table (one category applies to every table); a ``Category``
    or its name (``"driftsmidler"``) is one."""
    id_prefixes: tuple[str, ...] = attrs.field(default=(), converter=_id_prefixes)
    """Id prefixes, one per table (``D`` → D01, D02, …); without them ids are derived; a text
    is one prefix."""
    mapping: Mapping[str, str] = attrs.field(factory=dict, converter=_column_mapping)
    """Column (header text or 1-based number) → field, year or ``-``: overrides the header
    rules.  Keys are matched as ``--map`` matches them (case and spacing aside); a value that
    is no field is a ValueError."""
    expires: Expiry | None = attrs.field(default=None, converter=_expiry)
    """The expiry of rows in tables without an Udløb column or year columns."""
    tables: tuple[int, ...] = attrs.field(default=(), converter=_table_numbers)
    """The tables to read from each Word or PDF document, by number (``--table 2``); a
    document of a single table needs none; an int is one table."""
    fill_down: tuple[str, ...] = attrs.field(default=GROUPING_FIELDS, converter=_fill_down_fields)
    """The text fields whose empty cells take the value above them in the same part (cells
    merged in the source); by default the grouping columns target_group, organisation, source
    and committee.  Add ``description`` for a column such as Tabel 8's Tilbudstype; ``()``
    reads every empty cell as empty; a text is one name.  Only the text fields
    (:data:`TEXT_FIELDS`) can be filled; another name is an ``import-options`` error."""
    include_hidden: bool = False
    """Read the rows and columns hidden in a workbook's sheet (by default they are left out,
    as the printed table does not show them; either way ``import-hidden-rows`` names them)."""
    rounded_to: Decimal | None = attrs.field(default=None, converter=_rounding)
    """The rounding of the printed figures (``0.1`` for mio. kr. with one decimal), written as
    ``rounded_to`` of the ledger and of every table: printed totals may then differ from their
    rows by what rounding explains.  An int is taken as is (``1``: whole units); a
    ``Decimal`` is written without trailing zeros; a float or a text is a TypeError.  A
    rounding that is not positive, or that a printed figure is not a multiple of (``check``'s
    ``implausible-rounding``), is an ``import-options`` error."""


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


def read_rows(
    path: str, *, include_hidden: bool = False
) -> tuple[Iterable[RawLine], str | None, list[Problem]]:
    """The lines of one input file, its text (None for xlsx), and problems reading it (a
    warning such as ``import-hidden-rows`` among them does not stop the import).

    ``.xlsx``/``.xlsm`` are workbooks (their hidden rows and columns left out unless
    ``include_hidden``), ``.csv`` is CSV, anything else tab-separated text (whose lines are
    made one at a time, as they are read).
    """
    not_regular = _not_a_regular_file(path)
    if not_regular is not None:
        return [], None, [not_regular]
    suffix = PurePath(path).suffix.casefold()
    if suffix in {".xlsx", ".xlsm"}:
        from bevilling.interop.read_xlsx import read_xlsx

        return read_xlsx(path, include_hidden=include_hidden)
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
    tracked = [p for p in (tracked_changes(path, table) for table in chosen) if p is not None]
    if tracked:
        return [], [*problems, *tracked]
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
        include_hidden = options is not None and options.include_hidden
        lines, text, read_problems = read_rows(path, include_hidden=include_hidden)
        problems.extend(read_problems)
        inputs.append((path, lines, text))
    if any(p.severity is Severity.ERROR for p in problems):
        sources = {path: text for path, _, text in inputs if text is not None}
        return ImportResult(ledger=None, problems=tuple(problems), sources=sources)
    result = _import(inputs, options)
    if problems:  # the warnings of reading (hidden rows, scaled figures), in file order
        found = [*problems, *_hidden_rows_noted(result.problems, problems)]
        found.sort(key=lambda p: (p.location.file, p.location.line))
        result = attrs.evolve(result, problems=tuple(found))
    documents = [path for path in paths if is_document(path)]
    if result.ledger is not None and len(documents) == len(paths) == 1:
        source = _source_file(documents[0], (options or ImportOptions()).output)
        if source is not None:
            result = attrs.evolve(result, ledger=attrs.evolve(result.ledger, source_file=source))
    return result


def _hidden_rows_noted(found: Sequence[Problem], read: Sequence[Problem]) -> list[Problem]:
    """``found`` with the hint of each ``import-total-mismatch`` of a sheet with hidden rows
    (``import-hidden-rows`` among the ``read`` problems) saying so: a hidden row left out,
    or read, is often the difference."""
    hidden = {p.location.file: p for p in read if p.code == "import-hidden-rows"}
    if not hidden:
        return list(found)
    noted = []
    for problem in found:
        if problem.code == "import-total-mismatch" and problem.location.file in hidden:
            problem = attrs.evolve(  # noqa: PLW2901
                problem,
                hint=_(
                    "{hint}; the sheet has hidden rows or columns, see import-hidden-rows at"
                    " line {line}: the printed total may count them, or not",
                    hint=problem.hint or "",
                    line=hidden[problem.location.file].location.line,
                ),
            )
        noted.append(problem)
    return noted


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
        # The caption ("Tabel 2: … (1.000 kr. – 2017 p/l)"; not "Tilskud på 500 kr. pr.
        # deltager") and a line "(mio. kr.)" above the header state a unit too.
        above = [(read.caption_line, read.caption)] if read.caption is not None else []
        stated, above_unit, above_level = _stated_elsewhere(
            read.header, [*above, *read.unit_lines], file, options
        )
        problems.extend(stated)
        for part in read.parts:
            part.unit = part.unit or above_unit
            part.price_level = part.price_level or above_level
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
    unit, price_level, unit_problems = _ledger_unit(named, options)
    problems.extend(unit_problems)
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


def _ledger_unit(
    named: Sequence[tuple[Part, str | None]], options: ImportOptions
) -> tuple[Unit | None, int | None, list[Problem]]:
    """The ledger's unit and price level: the options', else the one the tables state; the
    problems when the tables state none, or different ones, or only some of them state one."""
    problems: list[Problem] = []
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
                _("import the tables of each unit into a ledger of their own")
                if len(units) > 1
                else _(
                    "give it: --unit '1000 DKK' (Beløb i tusinder), --unit DKK or --unit 'mio DKK'"
                ),
            )
        )
    if options.unit is None and unit is not None:  # one unit stated, by some tables only
        problems.extend(_unit_not_stated(named, unit))
    levels = {p.price_level for p, _ in named if p.price_level is not None}
    if options.price_level is None and len(levels) > 1:
        problems.append(_levels_differ(named))
    if options.price_level is None and len(levels) == 1:  # stated by some tables only
        problems.extend(_level_not_stated(named, next(iter(levels))))
    price_level = options.price_level or (levels.pop() if len(levels) == 1 else None)
    return unit, price_level, problems


def _unit_not_stated(named: Sequence[tuple[Part, str | None]], unit: Unit) -> list[Problem]:
    """``import-no-unit`` for each input whose headers state no unit when the other inputs of
    the import state one: its amounts were read in the others' unit without a word (a table
    of kroner beside one of 1.000 kr.)."""
    from bevilling.i18n.formatting import unit_words

    silent = dict.fromkeys(part.file for part, _name in named if part.unit is None)
    return [
        import_problem(
            "import-no-unit",
            file,
            0,
            _(
                "this table states no unit, but the other tables state {unit}",
                unit=unit_words(unit.value),
            ),
            _(
                "if its amounts are in {unit} too, say so with --unit {option}; otherwise"
                " import it into a ledger of its own",
                unit=unit_words(unit.value),
                option=repr(unit.value),
            ),
        )
        for file in silent
    ]


def _level_not_stated(named: Sequence[tuple[Part, str | None]], level: int) -> list[Problem]:
    """``import-no-price-level`` for each input that states no price level when the other
    inputs of the import state one: the ledger's price level would be said of its amounts too,
    without a word."""
    silent = dict.fromkeys(part.file for part, _name in named if part.price_level is None)
    return [
        import_problem(
            "import-no-price-level",
            file,
            0,
            _(
                "this table states no price level, but the other tables state {level}",
                level=_("{level} p/l", level=level),
            ),
            _(
                "if its amounts are in {level} prices too, say so with --price-level {level};"
                " otherwise import it into a ledger of its own",
                level=level,
            ),
        )
        for file in silent
    ]


def _levels_differ(named: Sequence[tuple[Part, str | None]]) -> Problem:
    """``import-header-conflict`` for an import whose tables state different price levels:
    the ledger has one price level, and it was left out without a word."""
    first = next(part for part, _name in named if part.price_level is not None)
    other = next(
        part
        for part, _name in named
        if part.price_level is not None and part.price_level != first.price_level
    )
    return import_problem(
        "import-header-conflict",
        other.file,
        0,
        _(
            "the tables state different price levels: {first} says {first_level}, {second}"
            " says {second_level}; a ledger has one price level",
            first=repr(visible(PurePath(first.file).name, one_line=True)),
            first_level=_("{level} p/l", level=first.price_level),
            second=repr(visible(PurePath(other.file).name, one_line=True)),
            second_level=_("{level} p/l", level=other.price_level),
        ),
        _("import the tables of each price level into a ledger of their own"),
    )


def _stated_elsewhere(
    header: Header | None,
    above: Sequence[tuple[int, str]],
    file: str,
    options: ImportOptions,
) -> tuple[list[Problem], Unit | None, int | None]:
    """The problems of the unit and price level one input states in its header and in the
    lines above it (its caption, a line "(mio. kr.)"), against each other and against
    ``--unit`` / ``--price-level``; and the unit and price level those lines state.

    * Two columns of the header state different ones, or two lines above it do (or one of
      them states two): ``import-header-conflict`` (:func:`_header_conflict`).
    * The header and the caption state different ones ("Beløb (1.000 kr.)" under "Tabel 2: …
      (mio. kr.)"): the source contradicts itself and either reading may be 1 000 times wrong,
      so ``import-caption-conflict`` is an error until the option says which is right; then
      it is a warning naming the text set aside (the choice stays visible).
    * An option that contradicts what the input states (both, when they disagree with each
      other) is ``import-options``: it would silently make every amount 1 000 times too large
      or small (or state the wrong prices); the input's own words win.  The caption is held
      against the option only where the header states nothing or the two disagree.
    """
    from bevilling.i18n.formatting import unit_words

    line = header.line if header is not None else (above[0][0] if above else 0)
    said_units: list[_Statement[Unit]] = []
    said_levels: list[_Statement[int]] = []
    if header is not None:
        said_units = [
            _Statement("header", text, header.line, unit, index + 1)
            for index, text, unit in header.stated_units
        ]
        said_levels = [
            _Statement("header", text, header.line, level, index + 1)
            for index, text, level in header.stated_levels
        ]
    above_units: list[_Statement[Unit]] = []
    above_levels: list[_Statement[int]] = []
    for number, text in above:
        stated = stated_in_caption(text)
        above_units.extend(_Statement("caption", text, number, u, number) for u in stated.units)
        above_levels.extend(
            _Statement("caption", text, number, level, number) for level in stated.price_levels
        )
    problems: list[Problem] = []
    units: list[_Statement[Unit]] = []
    for said, words in ((said_units, _UNIT_WORDS), (above_units, _ABOVE_UNIT_WORDS)):
        found, statement = _header_conflict(said, options.unit, file, words)
        problems.extend(found)
        units.extend([statement] if statement is not None else [])
    levels: list[_Statement[int]] = []
    for said_level, level_words in (
        (said_levels, _LEVEL_WORDS),
        (above_levels, _ABOVE_LEVEL_WORDS),
    ):
        found, level_statement = _header_conflict(
            said_level, options.price_level, file, level_words
        )
        problems.extend(found)
        levels.extend([level_statement] if level_statement is not None else [])
    above_unit = above_units[0].value if above_units else None
    above_level = above_levels[0].value if above_levels else None
    if any(p.severity is Severity.ERROR for p in problems):
        return problems, above_unit, above_level  # a text contradicts itself: said alone
    return (
        [
            *problems,
            *_unit_problems(units, options.unit, file, line, unit_words),
            *_level_problems(levels, options.price_level, file, line),
        ],
        above_unit,
        above_level,
    )


@attrs.frozen
class _Words(Generic[_V]):
    """How the messages of :func:`_header_conflict` say a unit or a price level."""

    option: str
    """The option that says which is right: ``--unit`` or ``--price-level``."""
    value: Callable[[_V], str]
    """The value in a sentence ("1.000 kr.", "2016 p/l")."""
    given: Callable[[_V], str]
    """The value as the option is written ("'1000 DKK'", "2016")."""
    templates: Mapping[str, str]
    """The messages (``N_``), by case: see :data:`_HEADER_UNIT`."""


def _unit_value(unit: Unit) -> str:
    from bevilling.i18n.formatting import unit_words

    return unit_words(unit.value)


def _level_value(level: int) -> str:
    return _("{level} p/l", level=level)


def _header_conflict(
    said: Sequence[_Statement[_V]], given: _V | None, file: str, words: _Words[_V]
) -> tuple[list[Problem], _Statement[_V] | None]:
    """The problem of a header whose columns state different units (or price levels), and the
    statement that stands for the header against the caption (None when none is settled).

    "Beløb (1.000 kr.)" beside "I alt (mio. kr.)", or "2016 (mio. kr.)" beside "2017 (1.000
    kr.)": one of the two makes some amounts 1 000 times wrong, and the last column used to
    win without a word.  Without the option it is the error ``import-header-conflict``
    naming both columns and both units; an option that agrees with one of them is followed,
    with the warning ``import-header-conflict`` (as for a header and a caption that
    disagree); an option that agrees with neither is ``import-options``."""
    if not said:
        return [], None
    first = said[0]
    other = next((s for s in said if s.value != first.value), None)
    if other is None:
        return [], first
    chosen = next((s for s in said if s.value == given), None) if given is not None else None
    if chosen is not None:  # the option's side, and the first column against it
        first = chosen
        other = next(s for s in said if s.value != given)
    pair = sorted((first, other), key=lambda s: s.column)
    one_column = pair[0].column == pair[1].column
    values = {
        "first": pair[0].shown,
        "second": pair[1].shown,
        "first_number": str(pair[0].column),
        "second_number": str(pair[1].column),
        "first_value": words.value(pair[0].value),
        "second_value": words.value(pair[1].value),
    }
    templates = words.templates
    same = "same-" if one_column else ""
    error, taken, neither = (templates[same + key] for key in ("error", "chosen", "neither"))
    hint = templates["hint"]
    if given is None:
        problem = import_problem(
            "import-header-conflict",
            file,
            first.line,
            _(error, **values),
            _(
                "say which is right with {option} {first_option} or {option} {second_option},"
                " or correct the table",
                option=words.option,
                first_option=words.given(pair[0].value),
                second_option=words.given(pair[1].value),
            ),
        )
        return [problem], None
    if chosen is not None:
        problem = import_problem(
            "import-header-conflict",
            file,
            first.line,
            _(taken, **values, given=words.given(given), given_value=words.value(given)),
            _(hint),
            severity=Severity.WARNING,
        )
        return [problem], chosen
    problem = import_problem(
        "import-options",
        file,
        first.line,
        _(neither, **values, given=words.given(given), given_value=words.value(given)),
        _(
            "the table contradicts itself: correct it, or give the {option} that is right"
            " ({first_option} or {second_option})",
            option=words.option,
            first_option=words.given(pair[0].value),
            second_option=words.given(pair[1].value),
        ),
    )
    return [problem], None


_HEADER_UNIT = {
    "error": N_(
        "column {first_number} {first} says the amounts are in {first_value}, but column"
        " {second_number} {second} says {second_value}"
    ),
    "same-error": N_("the header {first} states two units, {first_value} and {second_value}"),
    "chosen": N_(
        "column {first_number} {first} says the amounts are in {first_value}, but column"
        " {second_number} {second} says {second_value}; --unit {given} reads the amounts of"
        " both columns in {given_value}"
    ),
    "same-chosen": N_(
        "the header {first} states two units, {first_value} and {second_value}; --unit {given}"
        " reads the amounts in {given_value}"
    ),
    "neither": N_(
        "--unit {given} says the amounts are in {given_value}, but column {first_number}"
        " {first} says {first_value} and column {second_number} {second} says {second_value}"
    ),
    "same-neither": N_(
        "--unit {given} says the amounts are in {given_value}, but the header {first} states"
        " {first_value} and {second_value}"
    ),
    "hint": N_("correct the table so that it states one unit"),
}
_HEADER_LEVEL = {
    "error": N_(
        "column {first_number} {first} says {first_value}, but column {second_number}"
        " {second} says {second_value}"
    ),
    "same-error": N_(
        "the header {first} states two price levels, {first_value} and {second_value}"
    ),
    "chosen": N_(
        "column {first_number} {first} says {first_value}, but column {second_number}"
        " {second} says {second_value}; --price-level {given} takes {given_value} for both"
        " columns"
    ),
    "same-chosen": N_(
        "the header {first} states two price levels, {first_value} and {second_value};"
        " --price-level {given} takes {given_value}"
    ),
    "neither": N_(
        "--price-level {given} says the amounts are in {given} prices, but column"
        " {first_number} {first} says {first_value} and column {second_number} {second} says"
        " {second_value}"
    ),
    "same-neither": N_(
        "--price-level {given} says the amounts are in {given} prices, but the header {first}"
        " states {first_value} and {second_value}"
    ),
    "hint": N_("correct the table so that it states one price level"),
}
_ABOVE_UNIT = {
    "error": N_(
        "the line {first} above the table says the amounts are in {first_value}, but the line"
        " {second} says {second_value}"
    ),
    "same-error": N_("the caption {first} states two units, {first_value} and {second_value}"),
    "chosen": N_(
        "the line {first} above the table says the amounts are in {first_value}, but the line"
        " {second} says {second_value}; --unit {given} reads the amounts in {given_value}"
    ),
    "same-chosen": N_(
        "the caption {first} states two units, {first_value} and {second_value}; --unit {given}"
        " reads the amounts in {given_value}"
    ),
    "neither": N_(
        "--unit {given} says the amounts are in {given_value}, but the line {first} above the"
        " table says {first_value} and the line {second} says {second_value}"
    ),
    "same-neither": N_(
        "--unit {given} says the amounts are in {given_value}, but the caption {first} states"
        " {first_value} and {second_value}"
    ),
    "hint": N_("correct the table so that it states one unit"),
}
_ABOVE_LEVEL = {
    "error": N_(
        "the line {first} above the table says {first_value}, but the line {second} says"
        " {second_value}"
    ),
    "same-error": N_(
        "the caption {first} states two price levels, {first_value} and {second_value}"
    ),
    "chosen": N_(
        "the line {first} above the table says {first_value}, but the line {second} says"
        " {second_value}; --price-level {given} takes {given_value}"
    ),
    "same-chosen": N_(
        "the caption {first} states two price levels, {first_value} and {second_value};"
        " --price-level {given} takes {given_value}"
    ),
    "neither": N_(
        "--price-level {given} says the amounts are in {given} prices, but the line {first}"
        " above the table says {first_value} and the line {second} says {second_value}"
    ),
    "same-neither": N_(
        "--price-level {given} says the amounts are in {given} prices, but the caption {first}"
        " states {first_value} and {second_value}"
    ),
    "hint": N_("correct the table so that it states one price level"),
}
_UNIT_WORDS: _Words[Unit] = _Words(
    "--unit", _unit_value, lambda unit: repr(unit.value), _HEADER_UNIT
)
_LEVEL_WORDS: _Words[int] = _Words("--price-level", _level_value, str, _HEADER_LEVEL)
_ABOVE_UNIT_WORDS: _Words[Unit] = attrs.evolve(_UNIT_WORDS, templates=_ABOVE_UNIT)
_ABOVE_LEVEL_WORDS: _Words[int] = attrs.evolve(_LEVEL_WORDS, templates=_ABOVE_LEVEL)


@attrs.frozen
class _Statement(Generic[_V]):
    """A unit or price level an input states: where ("header" or "caption"), in which text,
    on which line."""

    where: str
    text: str
    line: int
    value: _V
    column: int = 0
    """The header's column (1-based; 0 for a caption)."""

    @property
    def shown(self) -> str:
        """The text as quoted in a message: one line, visible, cut to 200 characters."""
        return repr(visible(self.text, one_line=True)[:200])


def _disagree(stated: Sequence[_Statement[_V]]) -> bool:
    """True when the header and the caption state different values."""
    return len({s.value for s in stated}) > 1


def _unit_problems(
    units: Sequence[_Statement[Unit]],
    given: Unit | None,
    file: str,
    line: int,
    unit_words: Callable[[str], str],
) -> list[Problem]:
    """The problems of the units an input states (:func:`_stated_elsewhere`)."""
    if _disagree(units):
        header, caption = units
        values = {
            "header": header.shown,
            "caption": caption.shown,
            "header_unit": unit_words(header.value.value),
            "caption_unit": unit_words(caption.value.value),
        }
        if given is None:
            return [
                import_problem(
                    "import-caption-conflict",
                    file,
                    line,
                    _(
                        "the header {header} says the amounts are in {header_unit}, but the"
                        " caption {caption} says {caption_unit}",
                        **values,
                    ),
                    _(
                        "say which is right with --unit {header_option} or --unit"
                        " {caption_option}, or correct the table",
                        header_option=repr(header.value.value),
                        caption_option=repr(caption.value.value),
                    ),
                )
            ]
        if given in {header.value, caption.value}:
            set_aside = caption if given is header.value else header
            return [
                import_problem(
                    "import-caption-conflict",
                    file,
                    line,
                    _(
                        _UNIT_CHOSEN[set_aside.where],
                        **values,
                        given=repr(given.value),
                    ),
                    _("correct the table so that it states one unit"),
                    severity=Severity.WARNING,
                )
            ]
    else:
        units = units[:1]  # the caption is held against the option where the header is silent
    problems = []
    for statement in units:
        if given is None or statement.value is given:
            continue
        stated = unit_words(statement.value.value)
        problems.append(
            import_problem(
                "import-options",
                file,
                statement.line,
                _(
                    _UNIT_CONFLICT[statement.where],
                    given=repr(given.value),
                    given_words=unit_words(given.value),
                    text=statement.shown,
                    stated=stated,
                ),
                _(
                    "leave out --unit: the table states its unit ({stated}); if the table is"
                    " wrong, correct its text instead",
                    stated=stated,
                )
                if len(units) == 1
                else _(
                    "the table contradicts itself: correct it, or give the --unit that is"
                    " right ({header} or {caption})",
                    header=repr(units[0].value.value),
                    caption=repr(units[1].value.value),
                ),
            )
        )
    return problems


def _level_problems(
    levels: Sequence[_Statement[int]], given: int | None, file: str, line: int
) -> list[Problem]:
    """The problems of the price levels an input states (:func:`_stated_elsewhere`)."""
    if _disagree(levels):
        header, caption = levels
        values = {
            "header": header.shown,
            "caption": caption.shown,
            "header_level": str(header.value),
            "caption_level": str(caption.value),
        }
        if given is None:
            return [
                import_problem(
                    "import-caption-conflict",
                    file,
                    line,
                    _(
                        "the header {header} says {header_level} p/l, but the caption {caption}"
                        " says {caption_level} p/l",
                        **values,
                    ),
                    _(
                        "say which is right with --price-level {header_level} or --price-level"
                        " {caption_level}, or correct the table",
                        header_level=values["header_level"],
                        caption_level=values["caption_level"],
                    ),
                )
            ]
        if given in {header.value, caption.value}:
            set_aside = caption if given == header.value else header
            return [
                import_problem(
                    "import-caption-conflict",
                    file,
                    line,
                    _(_LEVEL_CHOSEN[set_aside.where], **values, given=str(given)),
                    _("correct the table so that it states one price level"),
                    severity=Severity.WARNING,
                )
            ]
    else:
        levels = levels[:1]
    problems = []
    for statement in levels:
        if given is None or statement.value == given:
            continue
        problems.append(
            import_problem(
                "import-options",
                file,
                statement.line,
                _(
                    _LEVEL_CONFLICT[statement.where],
                    given=str(given),
                    text=statement.shown,
                    stated=str(statement.value),
                ),
                _(
                    "leave out --price-level: the table states its price level ({stated} p/l);"
                    " if the table is wrong, correct its text instead",
                    stated=str(statement.value),
                )
                if len(levels) == 1
                else _(
                    "the table contradicts itself: correct it, or give the --price-level that"
                    " is right ({header} or {caption})",
                    header=str(levels[0].value),
                    caption=str(levels[1].value),
                ),
            )
        )
    return problems


_UNIT_CONFLICT = {
    "header": N_(
        "--unit {given} says the amounts are in {given_words}, but the header {text} says {stated}"
    ),
    "caption": N_(
        "--unit {given} says the amounts are in {given_words}, but the caption {text} says {stated}"
    ),
}
_UNIT_CHOSEN = {  # by the text set aside
    "caption": N_(
        "the header {header} says the amounts are in {header_unit}, but the caption {caption}"
        " says {caption_unit}; --unit {given} takes the header's unit"
    ),
    "header": N_(
        "the header {header} says the amounts are in {header_unit}, but the caption {caption}"
        " says {caption_unit}; --unit {given} takes the caption's unit"
    ),
}
_LEVEL_CONFLICT = {
    "header": N_(
        "--price-level {given} says the amounts are in {given} prices, but the header {text}"
        " says {stated} p/l"
    ),
    "caption": N_(
        "--price-level {given} says the amounts are in {given} prices, but the caption {text}"
        " says {stated} p/l"
    ),
}
_LEVEL_CHOSEN = {
    "caption": N_(
        "the header {header} says {header_level} p/l, but the caption {caption} says"
        " {caption_level} p/l; --price-level {given} takes the header's"
    ),
    "header": N_(
        "the header {header} says {header_level} p/l, but the caption {caption} says"
        " {caption_level} p/l; --price-level {given} takes the caption's"
    ),
}


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
