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

import re
from collections.abc import Iterable
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
    "json_document",
    "json_lines",
    "render_grid",
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
    import json  # only where JSON is written (start-up)

    pieces = []
    raw = re.compile(_JSON_RAW)
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        pieces.append("    " + raw.sub(_json_escape, text))
    if not pieces:
        return json_document({key: []})
    head = json.dumps(key, ensure_ascii=False)
    return "{\n  " + head + ": [\n" + ",\n".join(pieces) + "\n  ]\n}\n"


def amount_text(value: Decimal, places: int) -> str:
    """An amount as a JSON decimal string, with the report's decimals."""
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def expiry_text(expiry: Expiry, locale: str) -> Label:
    """An expiry as a report cell: the year, or "udløb ikke fastsat"/"faldende profil"."""
    from bevilling.i18n.formatting import label

    if expiry.kind is ExpiryKind.YEAR:
        return Label(str(expiry.year))
    return Label(label(expiry.kind.value, locale))
