"""The grid every table report becomes, and the engine that fits it to a terminal's width.

A report renderer builds a :class:`Grid` (title, headers, rows of cells, total row, notes);
:func:`bevilling.reports.formats.render_grid` turns it into text in one of the formats.  This
module holds the ``table`` format (plain text for the terminal): long text wraps between
words, then whole columns are left out in the grid's drop order, then long words are cut with
:data:`ELLIPSIS`, so that the table fits ``width``.

Cells are ledger text (escaped per format, see :mod:`bevilling.core.text`) unless they are a
:class:`Label`: text bevilling wrote itself (a label, a formatted number), printed as it is.

Imports nothing else of :mod:`bevilling.reports`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any, TypeAlias

import attrs

from bevilling.core.lazy import LazyPattern
from bevilling.core.text import visible

__all__ = [
    "DROP_ORDER",
    "ELLIPSIS",
    "MIN_WRAP_WIDTH",
    "WRAPPED",
    "Cell",
    "Grid",
    "Label",
    "drop_order",
    "render_table",
    "terminal_text",
]


class Label(str):
    """Text bevilling wrote itself (a label, a formatted amount, a year): never escaped.

    Any other ``str`` cell is ledger text, made safe for the output format.
    """

    __slots__ = ()


Cell: TypeAlias = str | Decimal | None
"""A cell: ledger text, a :class:`Label`, an amount (formatted per format) or empty."""

Part: TypeAlias = tuple[str, bool]
"""A piece of a title: its text and whether bevilling wrote it (True) or a user did."""

#: Wrapped columns are never made narrower than this, nor cut shorter.
MIN_WRAP_WIDTH = 10
#: The end of a line cut short to fit the width (the last resort of the ``table`` format).
ELLIPSIS = "…"
#: The columns ``expiring`` and ``list`` leave out, in this order, when wrapping text is not
#: enough to fit the width: source, organisation, id, phase, target group, category.  Title,
#: amount, unit and expiry are never left out.
DROP_ORDER = ("source", "organisation", "id", "phase", "target_group", "category")
#: The column keys whose text may wrap to fit the width.
WRAPPED = frozenset({"target_group", "organisation", "title", "source", "expires"})
# The whitespace textwrap breaks lines at (it does not break at no-break spaces).
_BREAKS = LazyPattern(r"[\t\n\x0b\x0c\r ]+")


@attrs.frozen(kw_only=True)
class Grid:
    """A report as a table of cells, before it becomes text in one of the formats."""

    title: tuple[Part, ...]
    """The heading printed above the table (text formats only), in parts: a user's text in
    it (an appropriation's title, a filter's value) is escaped per format."""
    headers: tuple[str, ...]
    """Column headers (bevilling's own words)."""
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
    """Lines printed under the table (text formats only; bevilling's own words)."""
    extra: str = ""
    """Text printed after the notes in the ``table`` format (the bar chart)."""
    drop_order: tuple[int | None, ...] = ()
    """Per column: its turn to be left out when the ``table`` format cannot otherwise fit the
    width (0 goes first), or ``None``: never.  Empty: no column is ever left out."""


def drop_order(keys: Sequence[str]) -> tuple[int | None, ...]:
    """Per column key: its turn in :data:`DROP_ORDER`, or ``None`` (never left out)."""
    return tuple(DROP_ORDER.index(k) if k in DROP_ORDER else None for k in keys)


def terminal_text(text: str) -> str:
    r"""Ledger text for a terminal cell: control characters (ESC, BEL, CR, tab, ...) as visible
    escapes; line feeds stay (a multi-line description keeps its lines).

    >>> terminal_text("Mikrolån\x1b]0;owned\x07\tx")
    'Mikrolån\\x1b]0;owned\\x07\\x09x'
    """
    return visible(text).replace("\t", "\\x09")


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
    grid: Grid, rows: list[list[str]], total: list[str] | None, keep: Sequence[int]
) -> tuple[Grid, list[list[str]], list[str] | None]:
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
    grid: Grid, rows: list[list[str]], total: list[str] | None
) -> tuple[Grid, list[list[str]], list[str] | None]:
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


class _Layout:
    """How a grid fits a width in the ``table`` format (a plain class rather than attrs: attrs
    builds a class's methods at import, ~0.5 ms each)."""

    __slots__ = ("cut", "grid", "headers", "left_out", "limits", "rows", "total")

    grid: Grid
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

    def __init__(
        self,
        *,
        grid: Grid,
        rows: list[list[str]],
        total: list[str] | None,
        headers: list[str],
        limits: list[int | None],
        cut: bool,
        left_out: tuple[str, ...],
    ) -> None:
        self.grid = grid
        self.rows = rows
        self.total = total
        self.headers = headers
        self.limits = limits
        self.cut = cut
        self.left_out = left_out


def _layout(grid: Grid, rows: list[list[str]], total: list[str] | None, width: int) -> _Layout:
    """Fit ``grid`` to ``width`` (``0``: as wide as it is).

    First long text wraps between words; when that is not enough, columns are left out in the
    grid's :attr:`~Grid.drop_order` until the table fits; when nothing is left to leave out,
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
    if all(limit is None for limit in limits):  # nothing to wrap (not a terminal, or --width 0)
        return [list(row) for row in rows]
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
    if width <= 0 or all(len(line) <= width for line in text.split("\n")):
        return [text]
    import textwrap

    return [
        wrapped
        for line in text.split("\n")
        for wrapped in textwrap.wrap(line, width, break_on_hyphens=False) or [""]
    ]


def render_table(
    grid: Grid,
    *,
    title: str,
    rows: list[list[str]],
    total: list[str] | None,
    locale: str,
    width: int,
) -> str:
    """The ``table`` format: ``title``, the table, notes and chart, fitted to ``width`` (see
    :func:`_layout`; 0: as wide as it is).  ``title``, ``rows`` and ``total`` are the grid's,
    as text already safe for a terminal."""
    from bevilling.i18n.formatting import label

    grid, rows, total = _without_empty_columns(grid, rows, total)
    layout = _layout(grid, rows, total, width)
    text = simple_table(
        layout.headers,
        _wrapped(layout.rows, layout.limits, layout.cut),
        layout.total,
        right=layout.grid.numeric,
    )
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    notes = [line for note in grid.notes for line in _lines(note, width)]
    if layout.left_out:  # a no-break space keeps "Target group" on one line of the note
        names = ", ".join(name.replace(" ", "\xa0") for name in layout.left_out)
        note = _lines(label("columns_left_out", locale, columns=names), width)
        notes[:0] = [line.replace("\xa0", " ") for line in note]
    parts = [*_lines(title, width), "", text]
    if notes:
        parts += ["", *notes]
    if grid.extra:
        parts += ["", grid.extra.rstrip("\n")]
    return "\n".join(parts) + "\n"


# --- the grid as text: tabulate's "simple" format, without importing tabulate ----------------

# What tabulate splits a multi-line header at, and a multi-line cell when it measures it.
_HEADER_LINES = LazyPattern(r"\r|\n|\r\n")
_CELL_LINES = LazyPattern("[\r\n]")


def simple_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    total: Sequence[str] | None,
    *,
    right: Sequence[bool],
) -> str:
    """``rows`` (and the ``total`` row under a rule) under ``headers`` as text, byte for byte
    what ``tabulate(rows, headers, tablefmt="simple", colalign=..., disable_numparse=True)``
    writes for text cells (with a ``SEPARATING_LINE`` before the total row).

    tabulate itself costs about 20 ms of start-up (it reads its own version through
    ``importlib.metadata`` at import), more than the rest of a small report; this is its
    "simple" format for cells of text, and ``tests/reports/test_table.py`` proves the two equal.
    Columns in ``right`` are aligned right, the others left; every cell is stripped of the
    whitespace around it, and widths are counted in characters (tabulate counts terminal
    columns when the optional ``wcwidth`` is installed, so its tables would differ by where
    it is installed; the layout above counts characters too).
    """
    data = [*rows, *([total] if total is not None else [])]
    multiline = any(
        "\n" in text or "\r" in text for text in (*headers, *(c for r in data for c in r))
    )
    if multiline:
        widths = [max(len(line) for line in _CELL_LINES.split(h)) + 2 for h in headers]
    else:
        widths = [len(header) + 2 for header in headers]
    # Cells, stripped and padded to their column's width (tabulate aligns the data first).
    columns: list[list[str]] = []
    for n in range(len(headers)):
        cells = [row[n].strip() for row in data]
        if multiline:
            widest = max([widths[n], *(len(line) for c in cells for line in _CELL_LINES.split(c))])
        else:
            widest = max([widths[n], *(len(c) for c in cells)])
        pad = str.rjust if data and right[n] else str.ljust
        if multiline:
            cells = ["\n".join(pad(line, widest) for line in c.splitlines()) for c in cells]
        else:
            cells = [pad(c, widest) for c in cells]
        widths[n] = widest
        columns.append(cells)
    # Headers: aligned as their column (left when there are no rows at all), never stripped.
    aligned: list[str] = []
    for n, header in enumerate(headers):
        pad = str.rjust if data and right[n] else str.ljust
        if multiline:
            aligned.append("\n".join(pad(h, widths[n]) for h in _HEADER_LINES.split(header)))
        else:
            aligned.append(pad(header, widths[n]))
    rule = "  ".join("-" * w for w in widths).rstrip()
    lines: list[str] = []

    def add(cells: Sequence[str]) -> None:
        if not multiline:
            lines.append("  ".join(cells).rstrip())
            return
        split = [c.splitlines() for c in cells]
        height = max(len(c) for c in split)
        for i in range(height):
            parts = [c[i] if i < len(c) else " " * w for c, w in zip(split, widths, strict=True)]
            lines.append("  ".join(parts).rstrip())

    add(aligned)
    lines.append(rule)
    for i in range(len(data)):
        if i == len(rows):
            lines.append(rule)
        add([column[i] for column in columns])
    return "\n".join(lines)
