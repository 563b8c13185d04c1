"""The shape of one input: header, parts, labels, total lines, footnotes, merged cells.

:func:`read_parts` walks the lines of one input once and returns its :class:`Part` values (each
becomes a table of the ledger), its footnotes and its grand total:

* the **header line** is the first line with at least two cells; a copy of it further down (a
  page break) is skipped;
* a single text cell before the header that starts like a caption ("Tabel 9: Oversigt over
  indsatsmidler …") is the input's **caption**, its tables' name unless ``--name`` gives one;
* a line with a single text cell before the header or right after a rule is a **part label**
  (BIIe's "Service");
* a line ``<hr/>`` (a printed rule) ends one **part** and starts the next;
* a **total line** ("I alt", "I alt i tusinder", "Udgifter til service i alt", "Sum") gives the
  part's ``stated_total`` (and ``stated_years``) and ends it; a total line right after another
  one is the grand total of the ledger;
* a line that starts with a footnote mark (``<sup>14</sup> JKI er …``) is a **footnote**;
* a **grouping column** (Målgruppe, Org., Kilde, Udvalg) printed once per group of rows, as a
  Word table with merged cells copies, is read as a person reads it: an empty cell takes the
  value above it in the same part (never an amount, a title or a year); each part remembers the
  group it holds as its **heading** ("LAB 2.3 Kontanthjælp"), which names its table.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal

import attrs

from bevilling.core.model import Category, Expiry, Unit
from bevilling.core.problems import Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.interop.mapping import (
    GROUPING_FIELDS,
    Header,
    Stated,
    read_header,
    stated_in_caption,
)
from bevilling.interop.rows import (
    Row,
    Total,
    is_breakdown_text,
    is_total,
    is_total_text,
    read_row,
    read_total,
    total_words,
)
from bevilling.interop.tables import RawLine, clean, footnote, import_problem

_, _n = catalog(__name__)

__all__ = ["Part", "category_in", "part_label", "read_parts", "sum_rows"]

# A caption copied with the table: "Tabel 9: …", "Tablet 8: …", "Table 2. …" (linear).
_CAPTION = re.compile(r"(?i)(?:tabel|tablet|table)\s?[0-9]+\b")
# Words of a total line that do not name the part (linear: literals around single spaces).
_PHRASES = re.compile(r"(?i)\budgifter til\b|\bi tusinder\b")


@attrs.define
class Part:
    """One part of an input (a table of the ledger to be): its rows and printed total."""

    file: str
    """The input file."""
    label: str | None = None
    """The label line before it ("Service"), if any."""
    rows: list[Row] = attrs.Factory(list)
    """The rows read."""
    total: Total | None = None
    """Its total line, if printed."""
    unit: Unit | None = None
    """The unit the header names."""
    price_level: int | None = None
    """The price level the header names."""
    heading: str | None = None
    """The group every row belongs to, printed on its first row (Tabel 8's "LAB 2.3 …")."""
    filled: dict[str, list[int]] = attrs.Factory(dict)
    """Grouping field → the lines whose empty cell took the value above."""


@attrs.frozen
class _Input:
    """What one input holds, once read."""

    parts: list[Part]
    notes: list[str]
    grand_total: Total | None
    problems: list[Problem]
    header: Header | None
    caption: str | None = None
    caption_line: int = 0
    """The caption's line in the input (0: a document table's heading)."""
    unit_lines: tuple[tuple[int, str], ...] = ()
    """(line, text) of each single-cell line before the header that states a unit or price
    level the way a caption does ("(mio. kr.)" printed above the table)."""


def read_parts(
    lines: Iterable[RawLine],
    file: str,
    *,
    mapping: dict[str, str],
    expires: Expiry | None,
    grouping: Collection[str] = GROUPING_FIELDS,
) -> _Input:
    """The parts (tables) of one input, its footnotes, a grand total and the problems.

    When the header cannot be mapped, only the header's problems are reported: every row
    would fail the same way, and the fix (``--map``) is one option away.  The lines are read
    once, in order (an iterator is never materialised).
    """
    reader = _Reader(file, mapping, expires, grouping)
    for line in lines:
        if not reader.read(line):
            break
    return reader.finish()


class _Reader:
    """The state of one pass over the lines of an input."""

    def __init__(
        self,
        file: str,
        mapping: dict[str, str],
        expires: Expiry | None,
        grouping: Collection[str],
    ) -> None:
        self.file = file
        self.mapping = mapping
        self.expires = expires
        self.grouping = grouping
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.parts: list[Part] = []
        self.part = Part(file)
        self.above: dict[str, str] = {}  # grouping field -> the value printed above
        self.first_groups: dict[str, str] | None = None  # those printed on the part's first row
        self.header: Header | None = None
        self.grand_total: Total | None = None
        self.any_text = False
        self.header_failed = False
        self.caption: str | None = None
        self.caption_line = 0
        self.unit_lines: list[tuple[int, str]] = []

    def _close(self) -> None:
        """End the current part (keeping it if it has rows or a total) and start the next."""
        part = self.part
        if part.total is None:
            self.problems.extend(_looks_like_total(part))
        if part.rows or part.total:
            part.heading = _heading(part, self.first_groups, self.header)
            self.parts.append(part)
        self.part, self.above, self.first_groups = Part(self.file), {}, None

    def read(self, line: RawLine) -> bool:
        """Read one line; False when the rest need not be read (the header failed)."""
        self.any_text = self.any_text or any(cell.raw.strip() for cell in line.cells)
        kind = _classify(line, self.header)
        if kind in {"blank", "header-again"}:
            return True
        if kind == "rule":
            self._close()
        elif kind == "footnote":
            mark = footnote(line.cells[0].raw)
            if mark is not None:
                self.notes.append(f"{mark[0]} {clean(mark[1])}".strip())
        elif kind == "label" and (self.header is None or not self.part.rows):
            text = next(cell.text for cell in line.cells if cell.text)
            if self.header is None and self.caption is None and _CAPTION.match(text):
                self.caption = text  # "Tabel 9: Oversigt over …" copied with the table
                self.caption_line = line.line
            else:
                self.part.label = text
                stated = stated_in_caption(text) if self.header is None else Stated()
                if stated.units or stated.price_levels:  # "(mio. kr.)" above the table
                    self.unit_lines.append((line.line, text))
        elif self.header is None:
            self.header, header_problems = read_header(line, self.file, self.mapping)
            self.problems.extend(header_problems)
            if any(p.severity is Severity.ERROR for p in header_problems):
                self.header_failed = True
                return False
        else:
            self._row_or_total(line, self.header)
        return True

    def _row_or_total(self, line: RawLine, header: Header) -> None:
        for cell in line.cells:
            if cell.text:
                if is_breakdown_text(cell.text):
                    self.problems.append(_breakdown(line, cell.text, self.file))
                    return
                break
        label = is_total(line, header)
        if label is None:
            if self.first_groups is None:
                self.first_groups = _groups(line, header, self.grouping)
            row, filled = read_row(
                line,
                header,
                self.file,
                expires=self.expires,
                above=self.above,
                problems=self.problems,
                grouping=self.grouping,
            )
            if row is not None:
                self.part.rows.append(row)
                for field in filled:
                    self.part.filled.setdefault(field, []).append(row.line)
            return
        total = read_total(line, label, header, self.file, self.problems)
        if not self.part.rows and self.parts and self.parts[-1].total is not None:
            self.grand_total = total
            return
        self.part.total = total
        self._close()

    def finish(self) -> _Input:
        """What the input holds; an empty input or a header without rows is a problem."""
        header = self.header
        if self.header_failed:
            return _Input(
                [],
                self.notes,
                None,
                self.problems,
                header,
                self.caption,
                self.caption_line,
                tuple(self.unit_lines),
            )
        if self.part.rows:
            self._close()
        for p in self.parts:
            p.unit, p.price_level = (header.unit, header.price_level) if header else (None, None)
        if header is None:
            message = _("the input holds no table: no line with two or more cells")
            if not self.any_text:
                message = _("the input is empty")
            hint = _("copy the table with its header line")
            self.problems.append(import_problem("import-empty", self.file, 0, message, hint))
        elif not self.parts and not any(p.severity is Severity.ERROR for p in self.problems):
            skipped = sum(p.code == "import-skipped-row" for p in self.problems)
            if skipped:
                message = _n(
                    "the table has a header (line {line}) but no row with an amount"
                    " ({count} row left out)",
                    "the table has a header (line {line}) but no row with an amount"
                    " ({count} rows left out)",
                    skipped,
                    line=header.line,
                    count=skipped,
                )
            else:
                message = _("the table has a header (line {line}) but no row", line=header.line)
            hint = _("copy the rows of the table with its header line")
            self.problems.append(
                import_problem("import-empty", self.file, header.line, message, hint)
            )
        return _Input(
            self.parts,
            self.notes,
            self.grand_total,
            self.problems,
            header,
            self.caption,
            self.caption_line,
            tuple(self.unit_lines),
        )


def _breakdown(line: RawLine, label: str, file: str) -> Problem:
    """``import-skipped-row`` for a breakdown line ("Heraf løn 600"): its money is part of
    the line above, so it is left out, with a warning."""
    from bevilling.core.text import visible

    return import_problem(
        "import-skipped-row",
        file,
        line.line,
        _(
            "the line {label} breaks down the line above (of which): left out, its money is"
            " counted there",
            label=repr(visible(label, one_line=True)[:80]),
        ),
        _(
            "if it is an appropriation of its own, give it a title that does not begin"
            " 'Heraf', 'Deraf', 'Herunder' or 'Of which' in the input"
        ),
        severity=Severity.WARNING,
    )


def _looks_like_total(part: Part) -> list[Problem]:
    """``import-looks-like-total`` when a part without a total line ends in a row whose
    amount is the sum of the two or more rows above it: most likely a total line whose label
    was not recognised, which would count the part's money twice."""
    rows = part.rows
    if len(rows) < 3:
        return []
    last = rows[-1]
    above = sum((row.amount for row in rows[:-1]), Decimal(0))
    if last.amount == 0 or last.amount != above:
        return []
    from bevilling.core.text import visible
    from bevilling.i18n.formatting import format_amount

    return [
        import_problem(
            "import-looks-like-total",
            part.file,
            last.line,
            _n(
                "the last row {title} has the amount {amount}, the sum of the {count} row above"
                " it: is it a total line? Read as an appropriation, its money is counted twice",
                "the last row {title} has the amount {amount}, the sum of the {count} rows above"
                " it: is it a total line? Read as an appropriation, its money is counted twice",
                len(rows) - 1,
                title=repr(visible(last.title, one_line=True)[:80]),
                amount=format_amount(last.amount),
                count=len(rows) - 1,
            ),
            _(
                "if it is the table's total, label it 'I alt' in the input and import again;"
                " if it is an appropriation, check the written ledger against the source"
            ),
            severity=Severity.WARNING,
        )
    ]


def _groups(line: RawLine, header: Header, grouping: Collection[str]) -> dict[str, str]:
    """The grouping fields printed on ``line`` (the first row of a part)."""
    groups = {}
    for field in grouping:
        index = header.field_column(field)
        if index is not None and index < len(line.cells):
            text = line.cells[index].text
            if text:
                groups[field] = text
    return groups


def _heading(part: Part, first: dict[str, str] | None, header: Header | None) -> str | None:
    """The group of the leftmost grouping column printed on the part's first row that every
    row of the part shares, or None."""
    if not first or header is None or not part.rows:
        return None
    for field in sorted(first, key=lambda f: header.field_column(f) or 0):
        value = first[field]
        if all(row.texts.get(field) == value for row in part.rows):
            return value
    return None


def _classify(line: RawLine, header: Header | None) -> str:
    """What a line is: blank, rule, footnote, header-again, label, or other (header/row)."""
    texts = [cell.text for cell in line.cells]
    nonempty = [cell.raw for cell in line.cells if cell.raw.strip()]
    if len(nonempty) == 1 and _is_rule(nonempty[0]):
        return "rule"
    if not any(texts):
        return "blank"
    if len(nonempty) == 1 and footnote(line.cells[0].raw) is not None:
        return "footnote"
    if header is not None and _trimmed(texts) == _trimmed(header.texts):
        return "header-again"  # the header again, after a page break
    filled = [t for t in texts if t]
    if len(filled) == 1 and not is_total_text(filled[0]):
        return "label"
    return "other"


def _is_rule(raw: str) -> bool:
    """True for a printed rule: ``<hr/>``, ``<hr>``, ``<HR />``."""
    compact = "".join(raw.split()).casefold()
    return compact in {"<hr>", "<hr/>"}


def _trimmed(texts: Sequence[str]) -> tuple[str, ...]:
    """The texts without trailing empty cells."""
    end = len(texts)
    while end and not texts[end - 1]:
        end -= 1
    return tuple(texts[:end])


def part_label(part: Part) -> str | None:
    """ "service" for "Udgifter til service i alt", else the label line, else the heading."""
    if part.total is not None:
        words = _PHRASES.sub(" ", total_words(part.total.label))
        words = " ".join(words.split())
        if words:
            return words
    return part.label or part.heading


def category_in(texts: Iterable[str | None]) -> Category | None:
    """The category the first text naming one names ("særindsats", "indsats", "drift")."""
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


def sum_rows(part: Part) -> Decimal:
    """The sum of the part's amounts."""
    return sum((row.amount for row in part.rows), Decimal(0))
