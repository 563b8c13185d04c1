"""The output formats every report renders in, and what each guarantees for untrusted text.

:data:`FORMATS`: ``table`` (plain text for the terminal, fitted to a width by
:mod:`bevilling.reports.table`), ``markdown``, ``github`` and ``html`` (tables from tabulate),
``csv`` (``excel`` dialect: ``;``, decimal comma and a UTF-8 BOM, what Danish Excel opens;
``plain``: ``,`` and a decimal point) and ``json``.

Ledger text is made safe once per format here, through :mod:`bevilling.core.text`:

- ``table``: control characters (ESC, BEL, CR, tab, DEL, C1, bidi overrides) as visible
  escapes; nothing reaches the terminal raw.
- ``markdown``/``github``: :func:`~bevilling.core.text.markdown_text`: no ``|`` column, no
  HTML, no link, no heading, one line per cell.
- ``html``: every text HTML-escaped (tabulate escapes cells; titles and notes here), control
  characters visible.
- ``csv``: OWASP formula neutralisation (:func:`~bevilling.core.text.spreadsheet_text`) on
  every text cell; amounts are numbers in the dialect's notation (``1200``, ``271,1``;
  a negative amount stays a number).
- ``json``: amounts as decimal strings; every control character, DEL, C1 and the line and
  paragraph separators ``\\u``-escaped.

Imports :mod:`bevilling.reports.table` only (of this package).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from bevilling.core.model import ExpiryKind
from bevilling.core.text import markdown_text, spreadsheet_text, visible
from bevilling.i18n.catalogs import catalog
from bevilling.reports.table import Cell, Grid, Label, Part, render_table, terminal_text

if TYPE_CHECKING:
    from bevilling.core.model import Expiry

__all__ = [
    "FORMATS",
    "Format",
    "amount_text",
    "expiry_text",
    "extended_note",
    "json_chunks",
    "json_document",
    "json_lines",
    "render_grid",
    "with_unit_headers",
]

_, _n = catalog(__name__)

Format = Literal["table", "markdown", "github", "html", "csv", "json"]
"""An output format."""

#: The output formats every report renders in.
FORMATS: tuple[Format, ...] = ("table", "markdown", "github", "html", "csv", "json")

_TABLEFMT = {"table": "simple", "markdown": "pipe", "github": "github", "html": "html"}
# What json.dumps(ensure_ascii=False) leaves raw but a terminal or an editor acts on.
# (A pattern, compiled by re when JSON is first written; start-up.)
_JSON_RAW = "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"


def _cell_text(cell: Cell, locale: str, places: int) -> str:
    from bevilling.i18n.formatting import format_amount

    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format_amount(cell, locale, places=places)
    return str(cell)


def _safe(escape: Any, cell: Cell, locale: str, places: int) -> str:
    """A cell as text, ledger text passed through ``escape`` (labels and amounts are not)."""
    if isinstance(cell, str) and not isinstance(cell, Label):
        return str(escape(cell))
    return _cell_text(cell, locale, places)


def _title(parts: Iterable[Part], escape: Any) -> str:
    return "".join(text if trusted else escape(text) for text, trusted in parts)


def _one_line(text: str) -> str:
    return visible(text, one_line=True)


def render_grid(grid: Grid, format: str, locale: str, csv_dialect: str, width: int | None) -> str:
    """``grid`` as text in ``format`` (any of :data:`FORMATS` but ``json``)."""
    if format == "csv":
        return _render_csv(grid, csv_dialect)
    if format not in _TABLEFMT:
        raise ValueError(
            _(
                "unknown format {format}: use one of {choices}",
                format=repr(format), choices=", ".join(FORMATS),
            )
        )  # fmt: skip
    escape = {"table": terminal_text, "html": visible}.get(format, markdown_text)

    from bevilling.i18n.formatting import format_amount

    places = grid.places

    def texts(cells: Iterable[Cell]) -> list[str]:
        # _safe() per cell, with the two common kinds (ledger text, amounts) inline.
        return [
            escape(cell)
            if type(cell) is str
            else format_amount(cell, locale, places=places)
            if type(cell) is Decimal
            else _safe(escape, cell, locale, places)
            for cell in cells
        ]

    rows = [texts(row) for row in grid.rows]
    total = texts(grid.total) if grid.total is not None else None
    if format == "table":
        title = _title(grid.title, _one_line)
        return render_table(
            grid, title=title, rows=rows, total=total, locale=locale, width=width or 0
        )
    from tabulate import tabulate

    text = tabulate(
        [*rows, *([total] if total is not None else [])],
        headers=grid.headers,
        tablefmt=_TABLEFMT[format],
        colalign=tuple("right" if numeric else "left" for numeric in grid.numeric),
        disable_numparse=True,
    )
    if format == "html":
        import html

        title = html.escape(_title(grid.title, _one_line))
        lines = [f"<h2>{title}</h2>", text]
        lines += [f"<p>{html.escape(note)}</p>" for note in grid.notes]
        return "\n".join(lines) + "\n"
    parts = [_title(grid.title, markdown_text), "", text]
    if grid.notes:  # a note may name a file (price levels): no markup from it
        parts += ["", *(markdown_text(note) for note in grid.notes)]
    return "\n".join(parts) + "\n"


def _render_csv(grid: Grid, dialect: str) -> str:
    """The data rows as CSV (no title, total row or notes, so that the file stays data).

    Amounts are numbers in the dialect's notation; every text cell is neutralised against
    formula injection (a leading ``=``, ``+``, ``-``, ``@``, tab or CR gets an apostrophe).
    """
    import csv
    import io

    from bevilling.i18n.formatting import format_csv_amount

    format_csv_amount(Decimal(0), dialect)  # refuses an unknown dialect
    # What format_csv_amount does, with its checks done once: a list has 100 000 rows.
    quantum = Decimal(1).scaleb(-grid.places)
    comma = dialect == "excel"
    seen: dict[str, str] = {}  # the same phase, unit or target group on many rows

    def text(cell: Cell) -> str:
        if cell is None:
            return ""
        if isinstance(cell, Decimal):
            figure = f"{cell.quantize(quantum):f}"
            return figure.replace(".", ",") if comma else figure
        safe = seen.get(cell)
        if safe is None:
            safe = seen[cell] = spreadsheet_text(cell)
        return safe

    out = io.StringIO()
    if dialect == "excel":
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow([spreadsheet_text(h) for h in grid.headers])
    writer.writerows(map(text, row) for row in grid.rows)
    return out.getvalue()


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group(0)):04x}"


def json_document(document: dict[str, Any]) -> str:
    """``document`` as indented JSON, newline-terminated, no control character raw."""
    import json  # only where JSON is written (start-up)

    text = json.dumps(document, ensure_ascii=False, indent=2)
    return re.sub(_JSON_RAW, _json_escape, text) + "\n"


def json_lines(key: str, records: Iterable[dict[str, Any]]) -> str:
    """``{key: [records...]}`` as :func:`json_document` writes it, encoded one record at a time
    (a list of 100 000 records never exists as one object tree of encoder chunks)."""
    return "".join(json_chunks(key, records))


#: Records encoded per piece :func:`json_chunks` yields (about 100 KB of JSON).
_RECORDS_PER_CHUNK = 100
# The values the C encoder writes as json.dumps(indent=2) does (exact types: a subclass may
# have its own str or repr); the rest (dicts, lists, ...) goes through _indented.
_SCALARS = frozenset({str, int, float, bool, type(None)})
# What a terminal or an editor acts on, which ensure_ascii=False leaves raw (_JSON_RAW).
_RAW_CHARACTERS = tuple(
    chr(code)
    for code in (*range(0x7F, 0xA0), 0x2028, 0x2029, *range(0x202A, 0x202F),
                 *range(0x2066, 0x206A), 0xFEFF)
)  # fmt: skip
_Encode = Callable[[str], str]


def json_chunks(key: str, records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """:func:`json_lines` in pieces, a hundred records at a time, for writing as they come:
    joined, the pieces are exactly :func:`json_lines`'s text, which is
    ``json.dumps({key: [...]}, ensure_ascii=False, indent=2)`` made safe as
    :func:`json_document` makes it.  Memory stays that of one piece, whatever the number of
    records.
    """
    import json  # only where JSON is written (start-up)

    head = "{\n  " + json.dumps(key, ensure_ascii=False) + ": ["
    chunk: list[dict[str, Any]] = []
    written = False
    for record in records:
        chunk.append(record)
        if len(chunk) == _RECORDS_PER_CHUNK:
            yield ("," if written else head) + _json_safe(_encode_records(chunk))
            written, chunk = True, []
    if chunk:
        yield ("," if written else head) + _json_safe(_encode_records(chunk))
        written = True
    yield "\n  ]\n}\n" if written else head + "]\n}\n"


def _encode_records(records: list[dict[str, Any]]) -> str:
    """``records`` as items of the list in :func:`json_chunks` (each line indented, each
    record after ``\\n`` and four spaces, ``,`` between them), not yet made safe.

    Fast: the scalar values of all the records are encoded by one call of the C encoder and
    set into a ``%`` template per set of keys (:func:`_record_template`); nested values by
    :func:`_indented`.  ``json.dumps(indent=2)`` would use the pure-Python encoder, about
    three times as slow.
    """
    encoder, encode = _encoders()
    templates: list[str | None] = []
    scalars: list[Any] = []
    for record in records:
        template = _record_template(tuple(record), encode) if type(record) is dict else None
        templates.append(template)
        if template is not None:
            scalars += record.values()
    # The values the C encoder must not write (a profile's dict): found by their types, with
    # C-level scans (a Python loop over every value took as long as the encoding).
    kinds = list(map(type, scalars))
    nested: list[tuple[int, Any]] = []  # (index in scalars, the value encoded apart)
    for kind in set(kinds).difference(_SCALARS):
        index = kinds.index(kind)
        while True:
            nested.append((index, scalars[index]))
            scalars[index] = None
            try:
                index = kinds.index(kind, index + 1)
            except ValueError:
                break
    parts = encoder(scalars).split("\0") if scalars else []
    if parts:  # the list's brackets (one part may have both)
        parts[0] = parts[0][1:]
        parts[-1] = parts[-1][:-1]
    for index, value in nested:
        parts[index] = _indented(value, "      ", encode)
    texts = []
    start = 0
    for record, template in zip(records, templates, strict=True):
        if template is None:
            texts.append(_indented(record, "    ", encode))
            continue
        end = start + len(record)
        texts.append(template % tuple(parts[start:end]))
        start = end
    return "\n    " + ",\n    ".join(texts)


@functools.cache
def _encoders() -> tuple[Callable[[list[Any]], str], _Encode]:
    """The encoder of a list of scalars with NUL between them (the C encoder escapes every
    control character inside strings, so a NUL in its output is a separator and nothing
    else), and the C encoder of one string; made on first use (start-up)."""
    import json
    from json.encoder import encode_basestring

    return json.JSONEncoder(ensure_ascii=False, separators=("\0", ": ")).encode, encode_basestring


@functools.lru_cache(maxsize=64)
def _record_template(keys: tuple[Any, ...], encode: _Encode) -> str | None:
    """The text of a record with these keys at the depth of :func:`json_chunks`, a ``%s`` for
    each value; None when a key is not a string (json.dumps converts those: left to it)."""
    if not keys or any(type(name) is not str for name in keys):
        return None
    items = ",\n      ".join(encode(name).replace("%", "%%") + ": %s" for name in keys)
    return "{\n      " + items + "\n    }"


def _json_safe(text: str) -> str:
    """JSON text with what a terminal or an editor acts on ``\\u``-escaped (:data:`_JSON_RAW`;
    looked for character by character first: ``in`` is several times faster than the
    regular expression on text without characters beyond Latin-1)."""
    if any(character in text for character in _RAW_CHARACTERS):
        return re.sub(_JSON_RAW, _json_escape, text)
    return text


def _indented(value: Any, indent: str, encode: _Encode) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it at the depth
    ``indent`` (each line after the first starts with ``indent``), byte for byte.

    Strings, ``None``, booleans, ints, and dicts (with string keys) and lists of such values
    are encoded here, strings by ``encode`` (:func:`json.encoder.encode_basestring`, in C);
    anything else (floats, other keys, subclasses) by :func:`json.dumps` itself.
    """
    kind = type(value)
    if kind is str:
        return encode(value)
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return int.__repr__(value)
    inner = indent + "  "
    if kind is dict and value:
        parts = []
        for name, item in value.items():
            if type(name) is not str:
                return _dumps_indented(value, indent)
            kind = type(item)
            if kind is str:
                text = encode(item)
            elif item is None:
                text = "null"
            else:
                text = _indented(item, inner, encode)
            parts.append(encode(name) + ": " + text)
        return "{\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "}"
    if kind is list and value:
        parts = [_indented(item, inner, encode) for item in value]
        return "[\n" + inner + (",\n" + inner).join(parts) + "\n" + indent + "]"
    return _dumps_indented(value, indent)


def _dumps_indented(value: Any, indent: str) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


def amount_text(value: Decimal, places: int) -> str:
    """An amount as a JSON decimal string, with the report's decimals."""
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def expiry_text(expiry: Expiry, locale: str) -> Label:
    """An expiry as a report cell: the year, or "udløb ikke fastsat"/"faldende profil"."""
    from bevilling.i18n.formatting import label

    if expiry.kind is ExpiryKind.YEAR:
        return Label(str(expiry.year))
    return Label(label(expiry.kind.value, locale))


def extended_note(extended: tuple[tuple[str, Expiry, Expiry], ...], locale: str) -> tuple[str, ...]:
    """The note naming the appropriations placed by the expiry a forlængelse gives them
    (id, printed expiry, expiry in force), as ``expiring`` words it; () when none."""
    if not extended:
        return ()
    return (
        _n(
            "expiry changed by a forlængelse (the expiry shown is the one in force): {ids}",
            "expiries changed by forlængelser (the expiries shown are the ones in force): {ids}",
            len(extended),
            locale=locale,
            ids=", ".join(
                f"{ident} ({expiry_text(printed, locale)} → {expiry_text(in_force, locale)})"
                for ident, printed, in_force in extended
            ),
        ),
    )


def with_unit_headers(grid: Grid, unit: str, locale: str, *, skip: tuple[int, ...] = ()) -> Grid:
    """``grid`` with the unit in the header of every numeric column ("Bevilget (1.000 kr.)")
    but those of ``skip`` (a year, say): for CSV, which has no title line to name the unit of
    figures without one."""
    import attrs

    headers = [
        _("{heading} ({unit})", locale=locale, heading=heading, unit=unit)
        if numeric and index not in skip
        else heading
        for index, (heading, numeric) in enumerate(zip(grid.headers, grid.numeric, strict=True))
    ]
    return attrs.evolve(grid, headers=tuple(headers))
