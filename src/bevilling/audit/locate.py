"""Where a key is written: the line of ``stated_years: 2016`` inside a table, of ``amount``
inside a row, in block or flow style.

The model remembers the lines each ledger, table, row and acceptance spans; a finding about
one field of it should point at that field's line. :func:`key_line` follows a path of keys
(``"stated_years", "2016"``) through the YAML text the way YAML nests it: in block style a
key belongs to the mapping whose indentation it has (a deeper line belongs to another value,
a shallower one ends the mapping); in flow style (``{2016: 1500, 2017: 0}``) keys are read
token by token, quotes and nested brackets respected. It never looks outside the span it is
given, so a key that is not written (a flow ``stated_years`` whose year is missing, an
``amount`` derived from a profile) gives the line of the nearest enclosing key found, never
the line of a similar key in a sibling row.

Only findings ask for lines, and each lookup reads the lines of its own node: the cost is the
size of the node, never of the file (a node on one line is answered without reading it, so
a hostile ledger of 100 000 rows on one line costs nothing per finding).
"""

from __future__ import annotations

import bisect
import functools
import itertools

from bevilling.core.model import LedgerSet
from bevilling.core.problems import Location, source_lines

__all__ = ["Lines", "key_line", "key_location", "key_position", "lines_of"]

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Protocol

    class _Text(Protocol):
        """Lines of a text by index (line number - 1): a list of every line, or a window."""

        def __getitem__(self, index: int, /) -> str: ...


def _space_end(text: str, at: int) -> int:
    r"""The end of the spaces and tabs in ``text`` from ``at`` on (what ``[ \t]*`` matches)."""
    return len(text) - len(text[at:].lstrip(" \t"))


def _key_end(text: str, at: int, key: str) -> int | None:
    r"""Where ``key:`` (the key plain or quoted, spaces or tabs before the colon, then a space,
    a tab or the end of the line) written at ``at`` ends, just after the colon; else None.

    What ``(['"]?)KEY\1[ \t]*:(?=[ \t]|\Z)`` matches at ``at`` (a test compares them), with
    no pattern to compile per key (start-up).
    """
    first = text[at : at + 1]
    for quote in (first, "") if first in ("'", '"') else ("",):
        end = at + len(quote)
        if not text.startswith(key, end) or not text.startswith(quote, end + len(key)):
            continue
        end = _space_end(text, end + len(key) + len(quote))
        if text[end : end + 1] == ":" and text[end + 1 : end + 2] in ("", " ", "\t"):
            return end + 1
    return None


def key_location(ledgers: LedgerSet, within: Location, *path: str) -> Location:
    """:func:`key_line` as a one-line :class:`Location` in the same file."""
    return Location(within.file, key_line(ledgers, within, *path))


def key_line(ledgers: LedgerSet, within: Location, *path: str) -> int:
    """The line of the last key of ``path`` inside the node that starts at ``within``.

    When a key of the path is not written, the line of the deepest key found (else
    ``within.line``).
    """
    text = ledgers.sources.get(within.file)
    if text is None or within.line < 1 or not path or within.last_line == within.line:
        return within.line  # unknown, or a node on one line: every key of it is on that line
    lines = source_lines(text)
    found = _position(lines, within.line, min(within.last_line, len(lines)), path)
    return found[0] if found is not None else within.line


def key_position(ledgers: LedgerSet, within: Location, *path: str) -> tuple[int, int] | None:
    """The line and column where the last key of ``path`` inside the node that starts at
    ``within`` is written (a node on one line too: in flow style, written order is the
    order of the columns), or None when it is not written there.  The node is the first
    content of its first line: a node written after another on the same line is not found.
    """
    text = ledgers.sources.get(within.file)
    if text is None or within.line < 1 or not path:
        return None
    # only the node's own lines, read without splitting the file (a node on one line of a
    # ledger of 100 000 rows is answered without making a million strings)
    indexed = lines_of(text)
    last = min(within.last_line, indexed.count)
    if within.line > last:
        return None
    return _position(
        _Window(within.line, indexed.between(within.line, last)), within.line, last, path
    )


class _Window:
    """Lines ``first`` and on of a text, indexed as in the list of all its lines."""

    def __init__(self, first: int, lines: list[str]) -> None:
        self._offset = first - 1
        self._lines = lines

    def __getitem__(self, index: int, /) -> str:
        return self._lines[index - self._offset]


def _position(lines: _Text, line: int, last: int, path: tuple[str, ...]) -> tuple[int, int] | None:
    """Where ``path`` is written in the node from ``line`` to ``last``, if anywhere."""
    start = _first_content(lines, line, last)
    if start is None:
        return None
    first, column = start
    return _find(lines, first, column, last, path)


def _first_content(lines: _Text, line: int, last: int) -> tuple[int, int] | None:
    """The first line (from ``line``) with content, and the column of that content after any
    sequence dashes (``- - key:`` → the column of ``key``)."""
    for number in range(line, last + 1):
        text = lines[number - 1]
        column = _skip_dashes(text, _space_end(text, 0))
        if column < len(text) and text[column] != "#":
            return number, column
    return None


def _skip_dashes(text: str, column: int) -> int:
    while column < len(text) and text[column] == "-" and text[column + 1 : column + 2] in (" ", ""):
        column = _space_end(text, column + 1)
    return column


def _find(
    lines: _Text, line: int, column: int, last: int, path: tuple[str, ...]
) -> tuple[int, int] | None:
    """Find ``path`` in the mapping whose first key is at (``line``, ``column``): the line
    and column of its last key."""
    if lines[line - 1][column : column + 1] == "{":
        return _find_flow(lines, line, column, last=last, path=path)
    for number in range(line, last + 1):
        text = lines[number - 1]
        if number == line:
            at = column
        else:
            at = _space_end(text, 0)
            if at == len(text) or text[at] == "#":
                continue  # blank line or comment
            if at < column:
                return None  # the mapping has ended
            if at > column or text[at] == "-":
                continue  # a line of some key's value
        key_end = _key_end(text, at, path[0])
        if key_end is None:
            continue
        if len(path) == 1:
            return number, at
        inside = _find_value(lines, number, key_end, key_column=column, last=last, path=path[1:])
        return inside or (number, at)
    return None


def _find_value(
    lines: _Text, line: int, after: int, *, key_column: int, last: int, path: tuple[str, ...]
) -> tuple[int, int] | None:
    """Find ``path`` in the value of the key on ``line`` that ends at column ``after``."""
    text = lines[line - 1]
    at = _space_end(text, after)
    if at < len(text) and text[at] == "{":
        return _find_flow(lines, line, at, last=last, path=path)
    if at < len(text) and text[at] != "#":
        return None  # a scalar: nothing inside it
    start = _first_content(lines, line + 1, last)
    if start is None:
        return None
    number, column = start
    if column <= key_column and lines[number - 1][column] != "{":
        return None  # no nested block
    return _find(lines, number, column, last, path)


def _find_flow(
    lines: _Text, line: int, column: int, *, last: int, path: tuple[str, ...]
) -> tuple[int, int] | None:
    """Find ``path`` in the flow mapping whose ``{`` is at (``line``, ``column``)."""
    depth = 0
    expect_key = False
    number, at = line, column
    while number <= last:
        text = lines[number - 1]
        while at < len(text):
            char = text[at]
            if char in " \t":
                at += 1
            elif char == "#" and (at == 0 or text[at - 1] in " \t"):
                at = len(text)  # a comment to the end of the line
            elif char in "{[":
                depth += 1
                expect_key = depth == 1 and char == "{"
                at += 1
            elif char in "}]":
                depth -= 1
                if depth == 0:
                    return None
                at += 1
            elif char == ",":
                expect_key = depth == 1
                at += 1
            elif char in "'\"":
                start = number, at
                number, at, value = _quoted(lines, number, at, last)
                if expect_key and depth == 1:
                    hit = _key_hit(lines, start, (number, at), value, last=last, path=path)
                    if hit is not None:
                        return hit
                expect_key = False
                text = lines[number - 1] if number <= last else ""
            else:
                end = at
                while (
                    end < len(text)
                    and text[end] not in ",{}[]"
                    and not (
                        text[end] == ":" and text[end + 1 : end + 2] in (" ", "\t", "", ",", "}")
                    )
                ):
                    end += 1
                if expect_key and depth == 1:
                    hit = _key_hit(
                        lines, (number, at), (number, end), text[at:end].strip(), last=last,
                        path=path,
                    )  # fmt: skip
                    if hit is not None:
                        return hit
                expect_key = False
                at = end + 1 if end < len(text) and text[end] == ":" else max(end, at + 1)
        number += 1
        at = 0
    return None


def _key_hit(
    lines: _Text,
    start: tuple[int, int],
    end: tuple[int, int],
    key: str,
    *,
    last: int,
    path: tuple[str, ...],
) -> tuple[int, int] | None:
    """The line and column for ``path`` when the flow key ``key`` (from ``start`` to
    ``end``, each a line and column) is its first key, else None."""
    if key != path[0]:
        return None
    if len(path) == 1:
        return start
    number, at = end
    text = lines[number - 1]
    colon = _space_end(text, at)
    if colon < len(text) and text[colon] == ":":
        colon += 1
    value = _space_end(text, colon)
    if value < len(text) and text[value] == "{":
        return _find_flow(lines, number, value, last=last, path=path[1:]) or start
    return start


def _quoted(lines: _Text, number: int, at: int, last: int) -> tuple[int, int, str]:
    """Read the quoted scalar starting at (``number``, ``at``): where it ends, and its text."""
    quote = lines[number - 1][at]
    at += 1
    chars: list[str] = []
    while number <= last:
        text = lines[number - 1]
        while at < len(text):
            char = text[at]
            if quote == '"' and char == "\\":
                chars.append(text[at : at + 2])
                at += 2
            elif char == quote:
                if quote == "'" and text[at + 1 : at + 2] == "'":
                    chars.append("'")
                    at += 2
                else:
                    return number, at + 1, "".join(chars)
            else:
                chars.append(char)
                at += 1
        number += 1
        at = 0
        chars.append(" ")
    return number, 0, "".join(chars)


class Lines:
    """The lines of a text as ``text.split("\\n")`` gives them, found without splitting it.

    Splitting a ledger of 100 000 rows makes a million strings to quote a few of its lines;
    instead the newlines are counted per block of the text (C-level passes), and a line is
    found by bisecting those counts and looking for the newlines of one block.
    """

    def __init__(self, text: str, block: int = 1 << 14) -> None:
        self.text = text
        self._block = block
        counts = map(
            text.count,
            itertools.repeat("\n"),
            range(0, len(text), block),
            range(block, len(text) + block, block),
        )
        # the newlines before each block (and, last, in the whole text)
        self._before = list(itertools.accumulate(counts, initial=0))
        self.count = self._before[-1] + 1
        """How many lines the text has (``len(text.split("\\n"))``)."""

    def _start(self, line: int) -> int:
        """Where ``line`` (1 to :attr:`count`) starts: after the text's ``line - 1``-th
        newline."""
        newlines = line - 1
        if newlines == 0:
            return 0
        block = bisect.bisect_left(self._before, newlines) - 1
        position = block * self._block - 1
        for _newline in range(newlines - self._before[block]):
            position = self.text.find("\n", position + 1)
        return position + 1

    def between(self, first: int, last: int) -> list[str]:
        """Lines ``first`` (1 or more) to ``last`` (both included; those past the end left
        out): ``text.split("\\n")[first - 1 : last]``."""
        last = min(last, self.count)
        if first < 1 or first > last:
            return []
        text = self.text
        start = self._start(first)
        found = []
        for _line in range(first, last + 1):
            end = text.find("\n", start)
            if end < 0:
                end = len(text)
            found.append(text[start:end])
            start = end + 1
        return found


@functools.lru_cache(maxsize=16)
def lines_of(text: str) -> Lines:
    """The :class:`Lines` of ``text``, made once per text however many findings quote it
    (excerpts, key positions)."""
    return Lines(text)
