"""Renderers for reports: each returns a string, none prints.

Every report renders in the formats of :data:`FORMATS`: ``table`` (plain text for the
terminal, long text wrapped to ``width``), ``markdown``, ``github`` and ``html`` (tables from
tabulate), ``csv`` (``excel`` dialect: ``;``, decimal comma and a UTF-8 BOM, what Danish Excel
opens; ``plain``: ``,`` and a decimal point) and ``json``.  Words and numbers follow the
locale (``da`` or ``en``) through :mod:`bevilling.i18n.formatting`; amounts print with the
precision of the ledgers (whole thousands stay whole, mio. kr. keep their decimal).

JSON output writes amounts as decimal strings (``"14752"``, ``"271.1"``) so that no reader
turns them into binary floats, and expiries as a year number or ``"open"``/``"declining"``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import attrs

from bevilling.core.model import Entry, ExpiryKind

if TYPE_CHECKING:
    from bevilling.core.model import Expiry
    from bevilling.reports.queries import Expiring, ExpiringRow, Filter, Timeline, Totals

__all__ = [
    "FORMATS",
    "entry_record",
    "render_entries_json",
    "render_entries_table",
    "render_expiring",
    "render_list",
    "render_show",
    "render_timeline",
    "render_totals",
]

Format = Literal["table", "markdown", "github", "html", "csv", "json"]
"""An output format."""

#: The output formats every report renders in.
FORMATS: tuple[Format, ...] = ("table", "markdown", "github", "html", "csv", "json")


def entry_record(entry: Entry) -> dict[str, Any]:
    """One appropriation as JSON-ready values: what ``bevilling list --format json`` prints."""
    ledger, table, a = entry
    return {
        "id": a.id,
        "file": a.location.file,
        "line": a.location.line,
        "ledger": ledger.title,
        "table": table.name,
        "phase": ledger.phase.value,
        "unit": ledger.unit.value,
        "price_level": ledger.price_level,
        "category": a.category.value,
        "target_group": a.target_group,
        "organisation": a.organisation,
        "title": a.title,
        "description": a.description,
        "source": a.source,
        "amount": str(a.amount),
        "expires": a.expiry.year if a.expiry.kind is ExpiryKind.YEAR else a.expiry.kind.value,
        "profile": (
            {str(year): str(amount) for year, amount in a.profile.items()}
            if a.profile is not None
            else None
        ),
        "committee": a.committee,
        "appropriation_no": a.appropriation_no,
        "function": a.function,
    }


def render_entries_json(entries: Iterable[Entry]) -> str:
    """The appropriations as a JSON document ``{"appropriations": [...]}``, newline-terminated.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
    ... ''')
    >>> print(render_entries_json(ledgers.entries()))  # doctest: +ELLIPSIS
    {
      "appropriations": [
        {
          "id": "A1",
    ...
          "amount": "1200",
          "expires": 2016,
    ...
    """
    records = [entry_record(entry) for entry in entries]
    return json.dumps({"appropriations": records}, ensure_ascii=False, indent=2) + "\n"


# --- the grid every table report becomes -------------------------------------------------------

Cell: TypeAlias = str | Decimal | None
_TABLEFMT = {"table": "simple", "markdown": "pipe", "github": "github", "html": "html"}
#: Wrapped columns are never made narrower than this, nor cut shorter.
MIN_WRAP_WIDTH = 10
#: The end of a line cut short to fit the width (the last resort of the ``table`` format).
ELLIPSIS = "…"
#: The columns ``expiring`` and ``list`` leave out, in this order, when wrapping text is not
#: enough to fit the width: source, organisation, id, phase, target group, category.  Title,
#: amount, unit and expiry are never left out.
DROP_ORDER = ("source", "organisation", "id", "phase", "target_group", "category")
# The whitespace textwrap breaks lines at (it does not break at no-break spaces).
_BREAKS = re.compile(r"[\t\n\x0b\x0c\r ]+")


@attrs.frozen(kw_only=True)
class _Grid:
    """A report as a table of cells, before it becomes text in one of the formats."""

    title: str
    """The heading printed above the table (text formats only)."""
    headers: tuple[str, ...]
    """Column headers."""
    numeric: tuple[bool, ...]
    """Per column: amounts and counts, aligned right."""
    wrap: tuple[bool, ...]
    """Per column: may wrap to fit the width (long text)."""
    rows: tuple[tuple[Cell, ...], ...]
    """The data rows."""
    places: int
    """Decimals of the Decimal cells."""
    total: tuple[Cell, ...] | None = None
    """The total row, printed under a rule (not written to CSV)."""
    notes: tuple[str, ...] = ()
    """Lines printed under the table (text formats only)."""
    extra: str = ""
    """Text printed after the notes in the ``table`` format (the bar chart)."""
    drop_order: tuple[int | None, ...] = ()
    """Per column: its turn to be left out when the ``table`` format cannot otherwise fit the
    width (0 goes first), or ``None``: never.  Empty: no column is ever left out."""


def _cell_text(cell: Cell, locale: str, places: int) -> str:
    from bevilling.i18n.formatting import format_amount

    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return format_amount(cell, locale, places=places)
    return cell


def _fit(
    rows: Sequence[Sequence[str]],
    total: Sequence[str] | None,
    headers: Sequence[str],
    wrap: Sequence[bool],
    width: int,
    *,
    cut: bool = False,
) -> tuple[list[int | None], bool]:
    """Column widths that make a ``simple`` table fit ``width``, narrowing wrappable columns,
    and whether the table then fits.

    The widest wrappable column gives way first, down to its longest word (and at least
    :data:`MIN_WRAP_WIDTH`), so that text wraps between words and no word is cut.  With
    ``cut`` the longest word no longer counts (:func:`_wrapped` cuts longer lines with
    :data:`ELLIPSIS`), but the header and the total row still do: they are never cut.  Columns
    that do not wrap (ids, amounts, years) keep their width.  tabulate pads a header by two and
    puts two spaces between columns.
    """
    every = [*rows, *([total] if total is not None else [])]
    header_widths = [max(len(line) for line in h.split("\n")) + 2 for h in headers]
    widths = [
        max([header_widths[n], *(len(line) for row in every for line in row[n].split("\n"))])
        for n in range(len(headers))
    ]
    floors = [
        max(
            [
                MIN_WRAP_WIDTH,
                header_widths[n],
                *(len(word) for row in (every if not cut else []) for word in _words(row[n])),
                *(len(line) for line in (total[n].split("\n") if total is not None else ())),
            ]
        )
        for n in range(len(headers))
    ]
    limits: list[int | None] = [None] * len(headers)
    budget = width - 2 * (len(headers) - 1)
    while sum(widths) > budget:
        candidates = [n for n, w in enumerate(widths) if wrap[n] and w > floors[n]]
        if not candidates:
            break
        widest = max(candidates, key=lambda n: widths[n])
        widths[widest] -= 1
        limits[widest] = widths[widest]
    return limits, sum(widths) <= budget


def _words(text: str) -> list[str]:
    """The words textwrap keeps whole: text between spaces, tabs and line breaks."""
    return [word for word in _BREAKS.split(text) if word]


def _columns(
    grid: _Grid, rows: list[list[str]], total: list[str] | None, keep: Sequence[int]
) -> tuple[_Grid, list[list[str]], list[str] | None]:
    """``grid`` and its cells with only the columns ``keep``.  The total row's label ("I alt")
    moves to the first column kept when its own column is left out."""
    if len(keep) == len(grid.headers):
        return grid, rows, total

    def pick(values: Sequence[Any]) -> tuple[Any, ...]:
        return tuple(values[n] for n in keep)

    narrowed = attrs.evolve(
        grid,
        headers=pick(grid.headers),
        numeric=pick(grid.numeric),
        wrap=pick(grid.wrap),
        drop_order=pick(grid.drop_order) if grid.drop_order else (),
    )
    kept_total = None
    if total is not None:
        kept_total = [total[n] for n in keep]
        if keep and keep[0] != 0 and total[0] and not kept_total[0]:
            kept_total[0] = total[0]
    return narrowed, [[row[n] for n in keep] for row in rows], kept_total


def _without_empty_columns(
    grid: _Grid, rows: list[list[str]], total: list[str] | None
) -> tuple[_Grid, list[list[str]], list[str] | None]:
    """Drop the text columns that are empty in every row (no target group given anywhere, say),
    so that the terminal table spends its width on what is there."""
    keep = [
        n
        for n in range(len(grid.headers))
        if not grid.wrap[n] or not rows or any(row[n] for row in rows)
    ]
    return _columns(grid, rows, total, keep)


def _split_headers(headers: Sequence[str], width: int) -> list[str]:
    """The headers, with the unit of an amount header on a line of its own ("Beløb\\n(1.000
    kr.)") when the headers alone would crowd ``width``."""
    if sum(len(h) + 2 for h in headers) + len(headers) * 6 > width:
        return [h.replace(" (", "\n(") for h in headers]
    return list(headers)


@attrs.frozen(kw_only=True)
class _Layout:
    """How a grid fits a width in the ``table`` format."""

    grid: _Grid
    """The grid with the columns that are printed."""
    rows: list[list[str]]
    """Their cells, not yet wrapped."""
    total: list[str] | None
    """The total row, never wrapped or cut."""
    headers: list[str]
    """The headers as printed."""
    limits: list[int | None]
    """Per column: the width its cells wrap to, or ``None``."""
    cut: bool
    """Lines longer than their column are cut with :data:`ELLIPSIS`."""
    left_out: tuple[str, ...]
    """The headers of the columns left out to fit, in the order they were left out."""


def _layout(grid: _Grid, rows: list[list[str]], total: list[str] | None, width: int) -> _Layout:
    """Fit ``grid`` to ``width`` (``0``: as wide as it is).

    First long text wraps between words; when that is not enough, columns are left out in the
    grid's :attr:`~_Grid.drop_order` until the table fits; when nothing is left to leave out,
    long lines are cut with :data:`ELLIPSIS`.  Headers, amounts and the total row are never
    wrapped or cut, so a table may stay wider than a very narrow width.
    """
    headers = list(grid.headers)
    if width <= 0:
        return _Layout(grid=grid, rows=rows, total=total, headers=headers,
                       limits=[None] * len(headers), cut=False, left_out=())  # fmt: skip
    turns = sorted((turn, n) for n, turn in enumerate(grid.drop_order) if turn is not None)
    ranked = [n for _turn, n in turns]
    left_out: list[int] = []
    while True:
        keep = [n for n in range(len(grid.headers)) if n not in left_out]
        kept, kept_rows, kept_total = _columns(grid, rows, total, keep)
        headers = _split_headers(kept.headers, width)
        limits, fits = _fit(kept_rows, kept_total, headers, kept.wrap, width)
        if fits or len(left_out) == len(ranked):
            break
        left_out.append(ranked[len(left_out)])
    if not fits:
        limits, _fits = _fit(kept_rows, kept_total, headers, kept.wrap, width, cut=True)
    return _Layout(
        grid=kept,
        rows=kept_rows,
        total=kept_total,
        headers=headers,
        limits=limits,
        cut=not fits,
        left_out=tuple(grid.headers[n] for n in left_out),
    )


def _wrapped(
    rows: Sequence[Sequence[str]], limits: Sequence[int | None], cut: bool = False
) -> list[list[str]]:
    """The cells of ``rows`` wrapped between words to the column ``limits``, each line of a
    cell on its own.  With ``cut`` (the last resort) words may also break after a hyphen
    (``ledger/biie-`` ``vision-2020.yaml:34``), and lines still longer than their column end
    in :data:`ELLIPSIS`."""
    import textwrap

    def fitted(cell: str, limit: int | None) -> str:
        if limit is None:
            return cell
        lines: list[str] = []
        for line in cell.split("\n"):
            wrapped = textwrap.wrap(line, limit, break_on_hyphens=cut, break_long_words=False)
            lines += wrapped or [""]
        if cut:
            lines = [line if len(line) <= limit else line[: limit - 1] + ELLIPSIS for line in lines]
        return "\n".join(lines)

    return [[fitted(cell, limit) for cell, limit in zip(row, limits, strict=True)] for row in rows]


def _lines(text: str, width: int) -> list[str]:
    """``text`` (a heading or a note) wrapped between words to ``width`` (0: as it is)."""
    import textwrap

    if width <= 0 or all(len(line) <= width for line in text.split("\n")):
        return [text]
    return [
        wrapped
        for line in text.split("\n")
        for wrapped in textwrap.wrap(line, width, break_on_hyphens=False) or [""]
    ]


def _render_grid(grid: _Grid, format: str, locale: str, csv_dialect: str, width: int | None) -> str:
    if format == "csv":
        return _render_csv(grid, csv_dialect)
    if format not in _TABLEFMT:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")
    from tabulate import tabulate

    rows = [[_cell_text(c, locale, grid.places) for c in row] for row in grid.rows]
    total = None
    if grid.total is not None:
        total = [_cell_text(c, locale, grid.places) for c in grid.total]
    if format == "table":
        return _render_table(grid, rows, total, locale, width or 0)
    text = tabulate(
        [*rows, *([total] if total is not None else [])],
        headers=grid.headers,
        tablefmt=_TABLEFMT[format],
        colalign=tuple("right" if numeric else "left" for numeric in grid.numeric),
        disable_numparse=True,
    )
    if format == "html":
        import html

        lines = [f"<h2>{html.escape(grid.title)}</h2>", text]
        lines += [f"<p>{html.escape(note)}</p>" for note in grid.notes]
        return "\n".join(lines) + "\n"
    parts = [grid.title, "", text]
    if grid.notes:
        parts += ["", *grid.notes]
    return "\n".join(parts) + "\n"


def _render_table(
    grid: _Grid, rows: list[list[str]], total: list[str] | None, locale: str, width: int
) -> str:
    """The ``table`` format: heading, table, notes and chart, fitted to ``width`` (see
    :func:`_layout`; 0: as wide as it is)."""
    from tabulate import SEPARATING_LINE, tabulate

    from bevilling.i18n.formatting import label

    grid, rows, total = _without_empty_columns(grid, rows, total)
    layout = _layout(grid, rows, total, width)
    table_rows: list[Any] = _wrapped(layout.rows, layout.limits, layout.cut)
    if layout.total is not None:
        table_rows += [SEPARATING_LINE, layout.total]
    text = tabulate(
        table_rows,
        headers=layout.headers,
        tablefmt="simple",
        colalign=tuple("right" if numeric else "left" for numeric in layout.grid.numeric),
        disable_numparse=True,
    )
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    notes = [line for note in grid.notes for line in _lines(note, width)]
    if layout.left_out:  # a no-break space keeps "Target group" on one line of the note
        names = ", ".join(name.replace(" ", "\xa0") for name in layout.left_out)
        note = _lines(label("columns_left_out", locale, columns=names), width)
        notes[:0] = [line.replace("\xa0", " ") for line in note]
    parts = [*_lines(grid.title, width), "", text]
    if notes:
        parts += ["", *notes]
    if grid.extra:
        parts += ["", grid.extra.rstrip("\n")]
    return "\n".join(parts) + "\n"


def _render_csv(grid: _Grid, dialect: str) -> str:
    """The data rows as CSV (no title, total row or notes, so that the file stays data)."""
    import csv
    import io

    from bevilling.i18n.formatting import format_csv_amount

    def text(cell: Cell) -> str:
        if cell is None:
            return ""
        if isinstance(cell, Decimal):
            return format_csv_amount(cell, dialect, places=grid.places)
        return cell

    format_csv_amount(Decimal(0), dialect)  # refuses an unknown dialect
    out = io.StringIO()
    if dialect == "excel":
        out.write("\ufeff")
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    else:
        writer = csv.writer(out, delimiter=",", lineterminator="\n")
    writer.writerow(grid.headers)
    writer.writerows([text(cell) for cell in row] for row in grid.rows)
    return out.getvalue()


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _amount_text(value: Decimal, places: int) -> str:
    """An amount as a JSON decimal string, with the report's decimals."""
    return f"{value.quantize(Decimal(1).scaleb(-places)):f}"


def _filter_record(filter: Filter) -> dict[str, Any]:
    return {
        "phase": filter.phase,
        "category": filter.category.value if filter.category is not None else None,
        "target_group": filter.target_group,
        "organisation": filter.organisation,
        "source": filter.source,
    }


def _expiry_text(expiry: Expiry, locale: str) -> str:
    from bevilling.i18n.formatting import label

    if expiry.kind is ExpiryKind.YEAR:
        return str(expiry.year)
    return label(expiry.kind.value, locale)


def _scope(filter: Filter, locale: str) -> str:
    """What the report covers, for its title: the phase and any criteria."""
    from bevilling.i18n.formatting import label

    words = {
        "approved": label("approved", locale),
        "proposed": label("proposed", locale),
        "all": f"{label('approved', locale)} + {label('proposed', locale)}",
    }
    parts = [words[filter.phase]]
    criteria = (
        ("category", filter.category.value if filter.category is not None else None),
        ("target_group", filter.target_group),
        ("organisation", filter.organisation),
        ("source", filter.source),
    )
    parts += [f"{label(key, locale).lower()}: {value}" for key, value in criteria if value]
    return "(" + "; ".join(parts) + ")"


# --- bevilling expiring ------------------------------------------------------------------------


def _expiring_grid(result: Expiring, locale: str, include_open: bool) -> _Grid:
    from bevilling.i18n.formatting import amount_header, count_phrase, format_amount, label

    with_phase = result.filter.phase != "approved"
    keys = ["id", *(["phase"] if with_phase else [])]
    keys += ["category", "target_group", "organisation", "title", "source"]

    def row(r: ExpiringRow) -> tuple[Cell, ...]:
        a = r.appropriation
        cells: list[Cell] = [a.id]
        if with_phase:
            cells.append(label(r.ledger.phase.value, locale))
        cells += [a.category.value, a.target_group, a.organisation, a.title, a.source]
        return (*cells, r.amount, _expiry_text(a.expiry, locale))

    headers = (
        *(label(k, locale) for k in keys),
        amount_header(result.unit.value, locale),
        label("expires", locale),
    )
    rows = [row(r) for r in result.rows]
    if include_open:
        rows += [row(r) for r in result.open_rows]
    total: list[Cell] = [label("total", locale)] + [None] * (len(headers) - 1)
    total[-2] = result.total + (result.open_total if include_open else 0)
    notes = []
    if not result.rows:
        none_key = "no_expiring_until" if result.until else "no_expiring"
        notes.append(label(none_key, locale, year=result.year))
    if result.open_rows:
        amount = format_amount(result.open_total, locale, places=result.places)
        phrase = count_phrase(len(result.open_rows), locale)
        notes.append(f"{phrase} {label('without_fixed_expiry', locale)}: {amount}")
    key = "expiring_until" if result.until else "expiring_in"
    return _Grid(
        title=f"{label(key, locale, year=result.year)} {_scope(result.filter, locale)}",
        headers=headers,
        numeric=(*(False for _ in keys), True, False),
        wrap=(*(k in _WRAPPED for k in keys), False, True),
        rows=tuple(rows),
        places=result.places,
        total=tuple(total),
        notes=tuple(notes),
        drop_order=(*_drop_order(keys), None, None),
    )


def _drop_order(keys: Sequence[str]) -> tuple[int | None, ...]:
    """Per column key: its turn in :data:`DROP_ORDER`, or ``None`` (never left out)."""
    return tuple(DROP_ORDER.index(k) if k in DROP_ORDER else None for k in keys)


_WRAPPED = frozenset({"target_group", "organisation", "title", "source", "expires"})


def _row_record(row: ExpiringRow, places: int) -> dict[str, Any]:
    return {**entry_record(row.entry), "report_amount": _amount_text(row.amount, places)}


def render_expiring(
    result: Expiring,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
    include_open: bool = False,
) -> str:
    """An :func:`~bevilling.reports.queries.expiring` result as text in ``format``.

    The table lists id, category, target group, organisation, title, source, amount (in the
    result's unit, named in the header) and expiry (and the phase when proposals are
    included), then a total row and a note on what has no fixed expiry, e.g.
    ``2 bevillinger uden fast udløb: 10.131``.  With ``include_open`` those rows are listed
    too and counted in the total row.  In the ``table`` format, text columns that are empty in
    every row are left out, and the table fits ``width``: long text wraps between words, then
    columns go in :data:`DROP_ORDER` (named in a note), then long words are cut (see
    :func:`_layout`); the other formats ignore ``width``.  JSON gives every
    field of each appropriation (as ``bevilling list``) plus ``report_amount``, the amount in
    the report's unit.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
    ... ''')
    >>> print(render_expiring(bevilling.expiring(ledgers, 2016), locale="en"), end="")
    Appropriations expiring in 2016 (approved)
    <BLANKLINE>
    Id     Category      Title       Amount (DKK 1,000)  Expires
    -----  ------------  --------  --------------------  ---------
    A1     driftsmidler  Mikrolån                 1,200  2016
    -----  ------------  --------  --------------------  ---------
    Total                                         1,200
    """
    if format == "json":
        return _json(
            {
                "report": "expiring",
                "year": result.year,
                "until": result.until,
                "filter": _filter_record(result.filter),
                "unit": result.unit.value,
                "count": len(result.rows),
                "total": _amount_text(result.total, result.places),
                "appropriations": [_row_record(r, result.places) for r in result.rows],
                "without_fixed_expiry": {
                    "count": len(result.open_rows),
                    "total": _amount_text(result.open_total, result.places),
                    "appropriations": [_row_record(r, result.places) for r in result.open_rows],
                },
            }
        )
    grid = _expiring_grid(result, locale, include_open)
    return _render_grid(grid, format, locale, csv_dialect, width)


# --- bevilling totals --------------------------------------------------------------------------


def _group_label(key: str | int | None, by: str, locale: str) -> str:
    from bevilling.i18n.formatting import label

    if key is None:
        return label("none", locale)
    if (by == "expiry" and isinstance(key, str)) or by == "phase":
        return label(str(key), locale)
    return str(key)


def render_totals(
    result: Totals,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """A :func:`~bevilling.reports.queries.totals` result: one line per group (count and amount),
    and the grand total.  Rows without a value for the dimension are the group "(ikke angivet)".

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: mio DKK
    ... tables:
    ...   - {name: Tabel 1, category: indsatsmidler, appropriations: [
    ...       {title: Mentor, amount: 18.3, expires: 2015},
    ...       {title: Uddannelse, amount: 20.4, expires: 2015}]}
    ... ''')
    >>> print(render_totals(bevilling.totals(ledgers, "category")), end="")
    I alt fordelt på kategori (vedtaget)
    <BLANKLINE>
    Kategori         Antal    Beløb (mio. kr.)
    -------------  -------  ------------------
    indsatsmidler        2                38,7
    -------------  -------  ------------------
    I alt                2                38,7
    """
    from bevilling.i18n.formatting import amount_header, label

    by = result.by.value
    if format == "json":
        return _json(
            {
                "report": "totals",
                "by": by,
                "filter": _filter_record(result.filter),
                "unit": result.unit.value,
                "groups": [
                    {
                        "key": g.key,
                        "count": g.count,
                        "amount": _amount_text(g.amount, result.places),
                    }
                    for g in result.groups
                ],
                "count": result.count,
                "total": _amount_text(result.total, result.places),
            }
        )
    dimension = label(f"by_{by}", locale)
    grid = _Grid(
        title=f"{label('totals_by', locale, by=dimension)} {_scope(result.filter, locale)}",
        headers=(
            dimension[:1].upper() + dimension[1:],
            label("count", locale),
            amount_header(result.unit.value, locale),
        ),
        numeric=(False, True, True),
        wrap=(True, False, False),
        rows=tuple(
            (_group_label(g.key, by, locale), str(g.count), g.amount) for g in result.groups
        ),
        places=result.places,
        total=(label("total", locale), str(result.count), result.total),
        notes=() if result.groups else (label("no_appropriations", locale),),
    )
    return _render_grid(grid, format, locale, csv_dialect, width)


# --- bevilling timeline ------------------------------------------------------------------------

#: The bar chart never grows wider than this, whatever the terminal.
CHART_WIDTH = 80


def _bar_chart(result: Timeline, locale: str, width: int, ascii: bool) -> str:
    """Per year a bar of what is available: the part that continues, then the part that lapses."""
    from bevilling.i18n.formatting import format_amount, label, unit_words

    full, lapse = ("#", "-") if ascii else ("█", "░")
    years = [(str(y), result.available(y), result.lapsing(y)) for y in result.years]
    if not years:
        return ""
    texts = [format_amount(a, locale, places=result.places) for _y, a, _l in years]
    label_width = max(len(y) for y, _a, _l in years)
    amount_width = max(len(t) for t in texts)
    room = max(10, min(width, CHART_WIDTH) - label_width - amount_width - 4)
    largest = max(max(a, Decimal(0)) for _y, a, _l in years)

    def cells(value: Decimal) -> int:
        if largest <= 0 or value <= 0:
            return 0
        return max(1, int((value * room / largest).quantize(Decimal(1), ROUND_HALF_UP)))

    lines = [label("chart", locale, unit=unit_words(result.unit.value, locale))]
    for (year, available, lapsing), text in zip(years, texts, strict=True):
        total_cells = cells(available)
        lapse_cells = min(total_cells, cells(min(lapsing, available)))
        bar = full * (total_cells - lapse_cells) + lapse * lapse_cells
        lines.append(f"{year:>{label_width}}  {text:>{amount_width}}  {bar}".rstrip())
    lines.append(label("legend", locale, full=full, lapse=lapse))
    return "\n".join(lines) + "\n"


def render_timeline(
    result: Timeline,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
    ascii: bool = False,
) -> str:
    """A :func:`~bevilling.reports.queries.timeline` result: one row per year with what is available
    per category, the year's total and how much of it lapses with the year; then one row each
    for open and declining appropriations that cannot be placed in a year.  The ``table``
    format adds a bar chart of the years (Unicode blocks, or ``#`` and ``-`` with ``ascii``)
    that fits 80 columns.  JSON gives every cell, with the lapsing amount per category.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {title: A, profile: {2016: 600, 2017: 600}},
    ...       {title: B, amount: 300, expires: 2016}]}
    ... ''')
    >>> print(render_timeline(bevilling.timeline(ledgers), ascii=True), end="")
    Til rådighed og udløb pr. år, beløb (1.000 kr.) (vedtaget)
    <BLANKLINE>
    År      driftsmidler    I alt    Heraf udløber
    ----  --------------  -------  ---------------
    2016             900      900              300
    2017             600      600              600
    <BLANKLINE>
    Til rådighed pr. år (1.000 kr.)
    2016  900  ##############################################-----------------------
    2017  600  ----------------------------------------------
    # fortsætter   - udløber med året
    """
    from bevilling.i18n.formatting import amount_header, label

    def amount(value: Decimal) -> str:
        return _amount_text(value, result.places)

    if format == "json":
        return _json(
            {
                "report": "timeline",
                "filter": _filter_record(result.filter),
                "unit": result.unit.value,
                "years": [
                    {
                        "year": year,
                        "available": amount(result.available(year)),
                        "lapsing": amount(result.lapsing(year)),
                        "categories": {
                            c.category.value: {
                                "available": amount(c.available),
                                "lapsing": amount(c.lapsing),
                            }
                            for c in result.cells
                            if c.year == year
                        },
                    }
                    for year in result.years
                ],
                "open": {c.value: amount(v) for c, v in result.open},
                "declining": {c.value: amount(v) for c, v in result.declining},
            }
        )
    categories = result.categories
    rows: list[tuple[Cell, ...]] = [
        (
            str(year),
            *(result.cell(year, c).available for c in categories),
            result.available(year),
            result.lapsing(year),
        )
        for year in result.years
    ]
    for kind, sums in (("open", result.open), ("declining", result.declining)):
        if sums:
            found = dict(sums)
            total = sum(found.values(), Decimal(0))
            rows.append((label(kind, locale), *(found.get(c) for c in categories), total, None))
    unit = amount_header(result.unit.value, locale)
    grid = _Grid(
        title=f"{label('timeline', locale)}, {unit[:1].lower()}{unit[1:]}"
        f" {_scope(result.filter, locale)}",
        headers=(
            label("year", locale),
            *(c.value for c in categories),
            label("total", locale),
            label("lapsing", locale),
        ),
        numeric=(False, *(True for _ in categories), True, True),
        wrap=(True, *(False for _ in categories), False, False),
        rows=tuple(rows),
        places=result.places,
        notes=() if rows else (label("no_appropriations", locale),),
        extra=_bar_chart(result, locale, width or CHART_WIDTH, ascii) if format == "table" else "",
        # to fit the width, the categories go (the last first); year, total and lapsing stay
        drop_order=(None, *range(len(categories) - 1, -1, -1), None, None),
    )
    return _render_grid(grid, format, locale, csv_dialect, width)


# --- bevilling list and show -------------------------------------------------------------------


def render_list(
    entries: Iterable[Entry],
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """Appropriations as ``bevilling list`` shows them: id, phase, category, target group,
    organisation, title, amount in the ledger's own unit and precision, unit and expiry.

    No total row: the rows may be in different units.  JSON is :func:`render_entries_json`.
    """
    from bevilling.i18n.formatting import count_phrase, format_amount, label, unit_words

    chosen = list(entries)
    if format == "json":
        return render_entries_json(chosen)
    places = {id(ledger): ledger.decimal_places() for ledger, _t, _a in chosen}
    rows: list[tuple[Cell, ...]] = []
    for ledger, _table, a in chosen:
        amount: Cell = a.amount
        if format != "csv":  # each ledger keeps its own precision
            amount = format_amount(a.amount, locale, places=places[id(ledger)])
        cells = (a.id, label(ledger.phase.value, locale), a.category.value, a.target_group,
                 a.organisation, a.title)  # fmt: skip
        rows.append(
            (*cells, amount, unit_words(ledger.unit.value, locale), _expiry_text(a.expiry, locale))
        )
    keys = ("id", "phase", "category", "target_group", "organisation", "title", "amount",
            "unit", "expires")  # fmt: skip
    grid = _Grid(
        title=count_phrase(len(rows), locale),
        headers=tuple(label(k, locale) for k in keys),
        numeric=tuple(k == "amount" for k in keys),
        wrap=tuple(k in _WRAPPED for k in keys),
        rows=tuple(rows),
        places=max(places.values(), default=0),
        drop_order=_drop_order(keys),
    )
    return _render_grid(grid, format, locale, csv_dialect, width)


def render_entries_table(entries: Iterable[Entry], locale: str = "da") -> str:
    """The appropriations as a plain-text table (:func:`render_list`, ``table`` format)."""
    return render_list(entries, "table", locale=locale)


def render_show(
    entry: Entry,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """Everything about one appropriation, field by field, ending with its ``file:line``.

    Fields the ledger does not give are left out of the text formats; JSON is the
    appropriation's record as in ``bevilling list --format json``.
    """
    from bevilling.i18n.formatting import amount_header, format_amount, label

    if format == "json":
        return _json(entry_record(entry))
    ledger, table, a = entry
    places = ledger.decimal_places()
    profile = None
    if a.profile is not None:
        separator = "\n" if format == "table" else "; "
        profile = separator.join(
            f"{year}: {format_amount(amount, locale, places=places)}"
            for year, amount in a.profile.items()
        )
    fields: list[tuple[str, str | None]] = [
        (label("id", locale), a.id),
        (label("title", locale), a.title),
        (label("category", locale), a.category.value),
        (label("target_group", locale), a.target_group),
        (label("organisation", locale), a.organisation),
        (label("description", locale), a.description),
        (label("source", locale), a.source),
        (amount_header(ledger.unit.value, locale), format_amount(a.amount, locale, places=places)),
        (label("profile", locale), profile),
        (label("expires", locale), _expiry_text(a.expiry, locale)),
        (label("phase", locale), label(ledger.phase.value, locale)),
        (label("price_level", locale), str(ledger.price_level) if ledger.price_level else None),
        (label("committee", locale), a.committee),
        (label("appropriation_no", locale), a.appropriation_no),
        (label("function", locale), a.function),
        (label("table", locale), table.name),
        (label("ledger", locale), ledger.title),
        (label("document", locale), ledger.document),
        (label("location", locale), f"{a.location.file}:{a.location.line}"),
    ]
    grid = _Grid(
        title=f"{a.id}: {a.title}",
        headers=(label("field", locale), label("value", locale)),
        numeric=(False, False),
        wrap=(False, True),
        rows=tuple((name, value) for name, value in fields if value is not None),
        places=0,
    )
    return _render_grid(grid, format, locale, csv_dialect, width)
