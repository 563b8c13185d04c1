"""The fast path: the block layouts people write, parsed without libyaml, proven equal to it.

What bevilling writes, what large registers use and what people write by hand is a small
subset of YAML: block mappings and ``- key: value`` sequences, one key per line, plain or
quoted values, folded or literal descriptions (``description: >-`` and the text below), and
one-line flow mappings (``profile: {2016: 1000, 2017: 0}``, ``- {title: x, amount: 1}``).
:func:`parse_simple` reads that subset about three times faster than libyaml's events (it
makes no event object per node) and builds the very nodes
:func:`bevilling.read.yamltree.parse_tree` would, with the same lines; for anything else it
returns None and the caller uses the reference.  tests/read/test_fastpath.py holds the
proof: agreement on every shipped, hostile and generated file and under random edits.

It has two lanes.  The line lane reads one line at a time, and reads everything.  The row
lane takes over at the first row of a list (``- id: ...``): one regex call cuts the next few
thousand lines into tokens (a ``key: value`` line, a block scalar with its text, a nested
mapping of scalars, a comment), each of which the line lane would read the same way on its
own, and a short loop turns them into nodes; at the first line it does not read (the end of
the list, or anything unusual) it hands back to the line lane, which reads on from there.
The row lane is used only on texts large enough to repay compiling its patterns
(_ROW_LANE_MIN_SIZE); the tests run both lanes on every text.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from itertools import islice

from bevilling.core.lazy import LazyPattern
from bevilling.read.yamltree import (
    MAX_DEPTH,
    Mapping,
    Node,
    Scalar,
    Sequence,
    TableHook,
    hand_over,
)

__all__ = ["parse_simple"]


#: Characters that make the fast path decline the whole text: tabs, carriage returns, YAML's
#: other line breaks (NEL, U+2028/2029), byte order marks, and everything YAML does not allow.
#: Listed as the characters refused, not as the complement of those allowed: the same set
#: (tests/read/test_fastpath.py compares them over every code point), compiled in 0.4 ms
#: instead of 8 (re builds a 64 KiB table for the big ranges of the complement; start-up).
#: (The surrogates are written as the pattern's own escapes, not as characters of the string:
#: mypyc, which bench/compiled.py uses to price a compiled fast path, refuses those.)
_NOT_SIMPLE = LazyPattern(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029" r"\ud800-\udfff" "\ufeff\ufffe\uffff]"
)
#: The bytes of Latin-1 text that _NOT_SIMPLE does not refuse (deleted with bytes.translate,
#: which is twice as fast as the search; what is left over is refused).
_SIMPLE_LATIN_1 = b"\n" + bytes(range(0x20, 0x7F)) + bytes(range(0xA0, 0x100))
#: How much text is checked at once that way (the bytes are a copy: kept small).
_CHECK_SIZE = 1 << 20
#: Text that is not Latin-1 and at most this long is first tested with str.isprintable, which
#: decides most of it without compiling _NOT_SIMPLE (see _has_refused_characters).
_PRINTABLE_FIRST = 1 << 16
#: First characters that make a key or a plain value more than plain text (flow collections,
#: anchors, aliases, tags, block scalars, quotes, comments, directives, reserved characters).
_INDICATORS = frozenset("[]{},&*!|>'\"#%@`")
#: First characters of a value that value_node() must look at (quotes, flow mappings, `- `,
#: `? `, `: ` and the other indicators); any other value is plain text.
_PLAIN_STOP = _INDICATORS | frozenset("-?:")


#: A double-quoted value with escapes, and the escapes the fast path decodes itself.
_DOUBLE_QUOTED = LazyPattern(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = LazyPattern(r"\\(u[0-9A-Fa-f]{4}|.)")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t"}

#: A one-line flow mapping of plain words: `{2016: 1000, 2017: 0}`, `{title: Mikrolån, ...}`.
_FLOW_KEY = r"\w[\w.-]*"
_FLOW_VALUE = r"-?\w[\w.-]*(?: +\w[\w.-]*)*"
_FLOW_ENTRY = LazyPattern(rf"({_FLOW_KEY}) *: +({_FLOW_VALUE})")
_FLOW_MAPPING = LazyPattern(
    rf"(\{{ *(?:{_FLOW_KEY} *: +{_FLOW_VALUE}(?: *, *{_FLOW_KEY} *: +{_FLOW_VALUE})*)? *\}})"
    r"(?: +#.*)?\Z"
)

#: Block scalar headers the fast path reads: folded or literal, clipped or stripped.
_BLOCK_HEADERS = {">": (False, True), ">-": (False, False), "|": (True, True), "|-": (True, False)}

#: The row lane: runs of appropriation rows (``- key: value`` and the lines under it) that
#: parse_simple cuts into lines with one regex call per few thousand lines instead of line by
#: line.  Every line of a run is one the line lane reads the same way on its own: a key at the
#: row's key column with a plain value (no ``: ``, no `` #``, not ending in ``:``), a quoted
#: value, or a one-line flow mapping of plain words, each optionally followed by a comment; a
#: key followed by a block mapping of such scalars one indentation deeper (``profile:`` and
#: its years); a folded or literal block scalar whose text lines share one indentation, with
#: no blank line in it or right after it, followed by a line at or left of the key column
#: (where the line lane ends the block too); blank lines and comments.  Any other line is
#: ``bad``: the row lane stops there and the line lane reads on.
_KEY = r"\w[\w.-]*"
_PLAIN = (
    "[^ \\n" + re.escape("".join(sorted(_PLAIN_STOP))) + "]"
    r"[^\n: ]*(?:(?::(?=[^\n ])| +(?=[^\n #]))[^\n: ]*)*"
)
_NEGATIVE = r"[-?:](?=[^ \n])[^\n: ]*(?:(?::(?=[^\n ])| +(?=[^\n #]))[^\n: ]*)*"
_DOUBLE = r'[^"\\\n]*(?:\\[^\n][^"\\\n]*)*'
_SINGLE = r"[^'\n]*(?:''[^'\n]*)*"
_FLOW = rf"\{{ *(?:{_FLOW_KEY} *: +{_FLOW_VALUE}(?: *, *{_FLOW_KEY} *: +{_FLOW_VALUE})*)? *\}}"
_VALUE_END = r"(?: +#[^\n]*| *)\n"
_SCALAR = rf"""(?:{_PLAIN}|{_NEGATIVE}|"{_DOUBLE}"|'{_SINGLE}'){_VALUE_END}"""
_FILLER = r" *(?:#[^\n]*)?\n"
#: Cuts a nested block mapping of a run into its (key, plain, double-quoted, single-quoted).
_NESTED_LINES = LazyPattern(
    rf"""(?m)^ *({_KEY}): +(?:({_PLAIN}|{_NEGATIVE})|"({_DOUBLE})"|'({_SINGLE})'){_VALUE_END}"""
)
#: How much text the row lane cuts into tokens at once (about).  The first cut of a run is
#: small (a list of tables is a run of rows too, but it stops at the first table's
#: `appropriations:`), the next ones grow to the most.
_FIRST_CUT = 1 << 9
_MOST_CUT = 1 << 14
#: Rows whose dash stands further right than this are left to the line lane (one compiled
#: pattern per column).
_MAX_ROW_COLUMN = 40
#: Texts shorter than this (in characters) are read by the line lane alone.  The row lane saves
#: about 12 µs per 1000 characters of rows (hand and plain layouts alike), but compiling its
#: two patterns costs 1.5 to 2.5 ms (start-up), once per text and column: it breaks even at
#: about 120 000 to 200 000 characters (350 to 550 rows).  A ledger of the shipped size (3 to
#: 11 KB) would spend twenty times what the lane saves it.  Either lane gives the same nodes.
_ROW_LANE_MIN_SIZE = 1 << 17
#: After this many runs in a row that read at most one row, the row lane gives up on a list
#: of rows and leaves the rest of it to the line lane, which reads everything (never a
#: different result; only the cost of trying is saved).
_LANE_PATIENCE = 16

#: What one line (or block scalar, or nested mapping) of a run was cut into.
_Token = tuple[str, str, str, str, str, str, str, str, str, str, str]


def _row_lines(column: int) -> re.Pattern[str]:
    """The pattern that cuts the rows whose dash stands at ``column`` into tokens.

    Groups: dash, key, plain, double-quoted (between the quotes), single-quoted or flow (as
    written), block header, block text, its indentation (when not two deeper than the key),
    nested mapping, its indentation (likewise), other (a blank line, a comment, or a line the
    row lane does not read).  Every line start matches, and every token ends at the end of a
    line: the tokens of a text are its lines, a block scalar or nested mapping counting as one.
    Few groups: each one costs the cut time.
    """
    dash = " " * column + "- "
    key = " " * (column + 2)
    deeper = " " * (column + 3)
    step = " " * (column + 4)
    line = r"[^ \n][^\n]*\n"
    return re.compile(
        rf"(?m)^(?:(?:(?P<dash>{dash})|{key})(?P<key>{_KEY}):(?: +(?:"
        rf"""(?:(?P<plain>{_PLAIN}|{_NEGATIVE})|"(?P<double>{_DOUBLE})"|"""
        rf"""(?P<value>'{_SINGLE}'|{_FLOW})){_VALUE_END}"""
        rf"|(?P<header>[>|]-?)\n(?P<text>{step}{line}(?:{step}{line})*"
        rf"|(?P<indent>{deeper} *){line}(?:(?P=indent){line})*)(?!{deeper})(?! *\n)(?! +\Z))"
        rf"|\n(?P<nested>(?:{step}{_KEY}: +{_SCALAR})+"
        rf"|(?P<inner>{deeper} *){_KEY}: +{_SCALAR}(?:(?P=inner){_KEY}: +{_SCALAR})*))"
        rf"|(?P<other>{_FILLER}|[^\n]*\n|[^\n]+))"
    )


class _RowLane:
    """The row lane over one text: per column of dashes, the tokens cut and the next one."""

    __slots__ = ("patterns", "states", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.patterns: dict[int, tuple[re.Pattern[str], re.Pattern[str]]] = {}
        # Per column: the tokens of the last cut, the next one to read, its line, and the
        # offset where the cut ends.
        self.states: dict[int, tuple[list[_Token], int, int, int]] = {}

    def read(  # noqa: PLR0915 - one flat loop over tokens on purpose (the hot path)
        self, sequence: Sequence, start: int, number: int, column: int
    ) -> tuple[Mapping, int, int] | None:
        """Read the rows from the row (a dash at ``column``) at ``start`` (line ``number``).

        Returns the last row read, left open, the offset and the line number of the last
        line read (the line lane reads on after it); None when the row at ``start`` is not
        one the row lane reads.  Raises _DeclineError where the line lane would decline.
        """
        text = self.text
        tokens, cursor, line, end = self.states.get(column) or ([], 0, 0, 0)
        # Skip the lines the line lane read since the row lane stopped.
        while line < number and cursor < len(tokens):
            token = tokens[cursor]
            line += 1 + token[6].count("\n") + token[8].count("\n")
            cursor += 1
        size = _FIRST_CUT
        if line != number or cursor >= len(tokens):
            cut = self._cut(start, column, size)
            if cut is None:
                return None
            tokens, end = cut
            cursor = 0
        # A line of the current cut whose offset is known: where the stop is looked for.
        known, known_line = start, number
        intern = sys.intern
        items = sequence.items
        step = " " * (column + 4)
        row: Mapping | None = None
        # Where the pairs go: the current row's (a run starts with a row).
        nowhere: list[tuple[str, int, Node]] = []
        add: Callable[[tuple[str, int, Node]], None] = nowhere.append
        number -= 1
        dash_line = 0
        while True:
            for (
                dash, key, plain, double, value, header, body, indent, nested, _inner, other,
            ) in islice(tokens, cursor, None):  # fmt: skip
                if other:
                    if other.lstrip(" ")[:1] not in ("#", "\n", ""):
                        break  # a line the row lane does not read
                    number += 1  # a blank line or a comment
                    cursor += 1
                    continue
                number += 1
                cursor += 1
                if dash:
                    if row is not None:
                        row.end_line = row.pairs[-1][2].end_line
                    row = Mapping(number)
                    items.append(row)
                    add = row.pairs.append
                    dash_line = number
                if plain:
                    add((intern(key), number, Scalar(plain, number, number, True)))
                elif double:
                    if "\\" in double:
                        add((intern(key), number, _escaped(double, number)))
                    else:
                        add((intern(key), number, Scalar(double, number, number, False)))
                elif header:
                    lines = body.count("\n")
                    width = indent or step
                    text_ = body[len(width) : -1].replace(
                        "\n" + width, "\n" if header[0] == "|" else " "
                    )
                    if header[-1] != "-":
                        text_ += "\n"
                    add((intern(key), number, Scalar(text_, number, number + lines, False)))
                    number += lines
                elif value:
                    if value[0] == "'":
                        text_ = value[1:-1].replace("''", "'")
                        add((intern(key), number, Scalar(text_, number, number, False)))
                    else:
                        add((intern(key), number, _flow_entries(value, number)))
                elif nested:
                    add((intern(key), number, _nested(nested, number)))
                    number += nested.count("\n")
                else:  # an empty double-quoted value
                    add((intern(key), number, Scalar("", number, number, False)))
            else:
                # Every token read: the cut ended where a row starts, or at the end of the text.
                offset = end
                if end < len(text):
                    size = min(size * 4, _MOST_CUT)
                    cut = self._cut(end, column, size)
                    if cut is not None:
                        known, known_line = end, number + 1
                        tokens, end = cut
                        cursor = 0
                        continue
                    tokens, cursor = [], 0
                break
            offset = _line_start(text, other, known, number + 1 - known_line)
            break
        self.states[column] = (tokens, cursor, number + 1, end)
        if row is None:
            return None
        row.end_line = row.pairs[-1][2].end_line
        sequence.end_line = max(sequence.end_line, dash_line)
        return row, offset, number

    def _cut(self, start: int, column: int, size: int) -> tuple[list[_Token], int] | None:
        """The tokens from ``start`` to a line some ``size`` characters on (or the end).

        The cut ends before a line that is not blank and stands at or left of the rows' key
        column: no token reaches past such a line or looks beyond it, so the tokens are those
        of the whole text.  None when there is no such line near (rows with long nested
        parts, such as the list of tables: the line lane reads those).
        """
        patterns = self.patterns.get(column)
        if patterns is None:
            patterns = self.patterns[column] = (
                _row_lines(column),
                re.compile(rf"\n(?! {{{column + 3}}})(?! *(?:\n|\Z))"),
            )
        text = self.text
        near = start + size + 3 * max(size, 512)
        if near >= len(text):
            end = len(text)
        else:
            found = patterns[1].search(text, start + size, near)
            if found is None:
                return None
            end = found.start() + 1
        return patterns[0].findall(text, start, end), end


def _line_start(text: str, line: str, start: int, lines: int) -> int:
    """The offset of ``line`` (a whole line of the text), ``lines`` lines after ``start``."""
    position = start
    while True:
        found = text.find(line, position)
        if found < 0:  # pragma: no cover - the line is there: the tokens tile the text
            raise _DeclineError
        lines -= text.count("\n", position, found)
        if lines == 0 and (found == 0 or text[found - 1] == "\n"):
            return found
        if lines < 0:  # pragma: no cover - as above
            raise _DeclineError
        position = found + 1
        lines -= text.count("\n", found, position)


def _escaped(double: str, number: int) -> Scalar:
    """The scalar of a double-quoted value with escapes (the text between the quotes)."""
    node = _double_quoted(f'"{double}"', number)
    if node is None:
        raise _DeclineError
    return node


def _flow_entries(flow: str, number: int) -> Mapping:
    """The mapping of a one-line flow mapping the row pattern let in (see _flow_mapping)."""
    mapping = Mapping(number)
    intern = sys.intern
    mapping.pairs = [
        (intern(key), number, Scalar(value, number, number, True))
        for key, value in _FLOW_ENTRY.findall(flow, 1, len(flow) - 1)
    ]
    return mapping


def _nested(text: str, number: int) -> Mapping:
    """The block mapping of scalars (the lines ``text``) under the key on line ``number``."""
    mapping = Mapping(number + 1)
    pairs = mapping.pairs
    intern = sys.intern
    found = _NESTED_LINES.findall(text)
    if len(found) != text.count("\n"):  # pragma: no cover - the row pattern let them all in
        raise _DeclineError
    for key, plain, double, single in found:
        number += 1
        if plain:
            node = Scalar(plain, number, number, True)
        elif "\\" in double:
            node = _escaped(double, number)
        else:
            node = Scalar(double or single.replace("''", "'"), number, number, False)
        pairs.append((intern(key), number, node))
    mapping.end_line = number
    return mapping


class _DeclineError(Exception):
    """An escape the fast path leaves to libyaml."""


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape in _ESCAPES:
        return _ESCAPES[escape]
    if len(escape) == 5:
        character = chr(int(escape[1:], 16))
        # A printable character is never refused (see _has_refused_characters).
        if character.isprintable() or not _NOT_SIMPLE.match(character):
            return character
    raise _DeclineError


def _double_quoted(rest: str, number: int) -> Scalar | None:
    """A double-quoted value with backslash escapes, or None to leave it to libyaml."""
    match = _DOUBLE_QUOTED.match(rest)
    if match is None:
        return None
    tail = rest[match.end() :]
    if tail and (tail[0] != " " or tail.lstrip(" ")[:1] != "#"):
        return None
    try:
        value = _ESCAPE.sub(_unescape, match.group(1))
    except _DeclineError:
        return None
    return Scalar(value, number, number, False)


def _flow_mapping(rest: str, number: int) -> Mapping | None:
    """A one-line flow mapping of plain words, or None to leave it to libyaml."""
    match = _FLOW_MAPPING.match(rest)
    if match is None:
        return None
    mapping = Mapping(number)
    end = match.end(1) - 1
    intern = sys.intern
    for match in _FLOW_ENTRY.finditer(rest, 1, end):
        mapping.pairs.append(
            (intern(match.group(1)), number, Scalar(match.group(2), number, number, True))
        )
    return mapping


def _has_refused_characters(text: str) -> bool:
    """Whether ``text`` holds a character of _NOT_SIMPLE (Latin-1 parts checked as bytes)."""
    for start in range(0, len(text), _CHECK_SIZE):
        part = text[start : start + _CHECK_SIZE]
        try:
            encoded = part.encode("latin-1")
        except UnicodeEncodeError:
            # Every character _NOT_SIMPLE refuses is unprintable (str.isprintable), and the
            # line feed is the only unprintable one it lets through: a small text that is
            # printable without its line feeds holds none, and the pattern is compiled only
            # for the rest (a no-break space, a soft hyphen...; start-up).  A large part is
            # searched at once: the test costs as much as the search there.
            if (
                len(part) > _PRINTABLE_FIRST or not part.replace("\n", "").isprintable()
            ) and _NOT_SIMPLE.search(part):
                return True
            continue
        if encoded.translate(None, _SIMPLE_LATIN_1):
            return True
    return False


def _plain_head(head: str) -> tuple[int, str] | None:
    """The column and (interned) key of a line head such as ``"    title"``, if it is plain.

    None for anything the general lane must look at: dashes, comments, quotes, colons and
    other indicators in the key, and document markers.
    """
    key = head.lstrip(" ")
    column = len(head) - len(key)
    key = key.rstrip(" ")
    if (
        not key
        or key[0] in _INDICATORS
        or key[0] in "-?:"
        or "#" in key
        or "'" in key
        or ":" in key
        or (column == 0 and key.startswith("..."))
    ):
        return None
    return column, sys.intern(key)


def parse_simple(  # noqa: PLR0915 - one flat loop over lines on purpose (the hot path)
    text: str, on_table: TableHook | None = None
) -> Node | None:
    r"""Parse ``text`` without libyaml if it uses only the layouts above; else None.

    Block mappings and ``- key: value`` sequences, one key per line; values that are plain,
    single-quoted or double-quoted (with the escapes ``\\`` ``\"`` ``\/`` ``\n`` ``\t`` and
    ``\uXXXX``) on one line; folded and literal block scalars (``>``, ``>-``, ``|``, ``|-``)
    whose lines all share one indentation, without blank lines between them; one-line flow
    mappings of plain words; comments and blank lines.  Anything else (flow sequences,
    multi-line flow or quoted values, anchors, tags, other escapes, tabs, several documents,
    odd indentation, any YAML error) makes it return None, and the caller parses with
    :func:`~bevilling.read.yamltree.parse_tree`, which is the reference: for every text this
    accepts, it builds the same nodes with the same lines (tests/read/test_fastpath.py checks
    this on every ledger, the hostile corpus, generated layouts and random edits).  It is about
    three times faster because it does not make an event object per node, and because the
    rows of a list are cut into tokens by a regex (in C) rather than line by line (_RowLane).
    """
    if _has_refused_characters(text):
        return None
    intern = sys.intern
    indicators = _INDICATORS
    plain_stop = _PLAIN_STOP
    root: Mapping | None = None
    # Open containers, innermost last, with the column their keys or dashes stand at.
    stack: list[Mapping | Sequence] = []
    columns: list[int] = []
    # A key whose value is the block on the following lines: (mapping, key, line, column).
    pending: tuple[Mapping, str, int, int] | None = None
    # A block scalar being read: its mapping, key, key line and key column, literal or folded,
    # clipped or stripped; the indentation of its lines (-1 before the first), the lines, the
    # blank lines after the last one, and the last line it covers.
    block: Mapping | None = None
    block_key = ""
    block_line = block_column = block_indent = block_blank = block_last = 0
    block_literal = block_clip = False
    block_lines: list[str] = []

    def close() -> None:
        closed = stack.pop()
        columns.pop()
        if not stack:
            return
        parent = stack[-1]
        if closed.end_line > parent.end_line:  # noqa: PLR1730 - no call to max() per line
            parent.end_line = closed.end_line
        if on_table is not None and len(stack) == 2:
            hand_over(stack, closed, on_table)

    def finish_block() -> None:
        """Attach the block scalar just read to its mapping."""
        assert block is not None  # noqa: S101 - only called while a block scalar is open
        value = ("\n" if block_literal else " ").join(block_lines) + ("\n" if block_clip else "")
        block.pairs.append((block_key, block_line, Scalar(value, block_line, block_last, False)))
        if block_last > block.end_line:  # noqa: PLR1730 - no call to max() per line
            block.end_line = block_last

    def value_node(rest: str, number: int) -> Node | None:
        """The node a one-line value's text stands for, or None when it is not a simple one."""
        first = rest[0]
        if first == '"':
            end = rest.find('"', 1)
            if end < 0:
                return None
            value = rest[1:end]
            if "\\" in value:
                return _double_quoted(rest, number)
            tail = rest[end + 1 :]
            if tail and (tail[0] != " " or tail.lstrip(" ")[:1] != "#"):
                return None
            node = Scalar(value, number, number, False)
        elif first == "'":
            end = rest.find("'", 1)
            while end >= 0 and rest[end + 1 : end + 2] == "'":
                end = rest.find("'", end + 2)
            if end < 0:
                return None
            value = rest[1:end].replace("''", "'")
            tail = rest[end + 1 :]
            if tail and (tail[0] != " " or tail.lstrip(" ")[:1] != "#"):
                return None
            node = Scalar(value, number, number, False)
        elif first == "{":
            if len(stack) >= MAX_DEPTH - 1:
                return None
            return _flow_mapping(rest, number)
        else:
            if first in indicators or (first in "-?:" and rest[1:2] in ("", " ")):
                return None
            hash_ = rest.find(" #")
            value = rest[:hash_].rstrip(" ") if hash_ >= 0 else rest
            if ": " in value or value.endswith(":"):
                return None
            node = Scalar(value, number, number, True)
        return node

    # The row lane pays for compiling its patterns only on large texts (_ROW_LANE_MIN_SIZE).
    lane = _RowLane(text) if len(text) >= _ROW_LANE_MIN_SIZE else None
    # Per list of rows (by id; a table's list lives until its table is handed over): how many
    # runs of the row lane in a row stopped within their first row (at _LANE_PATIENCE the row
    # lane is not tried on that list again).
    misses: dict[int, int] = {}

    # Line heads ("        title") seen before: their column and key, or None when the head
    # is not a plain key (those lines take the general lane below).
    heads: dict[str, tuple[int, str] | None] = {}

    # One line at a time, cut out of the text with find(): a large file's lines are never all
    # in memory at once (a list of them, or io.StringIO's copy, would double the peak).
    size = len(text)
    start = 0
    number = 0
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        raw = text[start:end]
        line_start = start
        start = end + 1
        number += 1
        if block is not None:
            content = raw.lstrip(" ")
            column = len(raw) - len(content)
            if not content:
                if raw or block_indent < 0:
                    return None  # spaces on an empty line, or blank lines before the text
                block_blank += 1
                block_last = number
                continue
            if block_indent < 0:
                if column <= block_column:
                    return None  # an empty block scalar
                block_indent = column
            if column >= block_indent:
                if column > block_indent or block_blank:
                    return None  # a more indented line, or a blank line inside the text
                block_lines.append(raw[column:])
                block_last = number
                continue
            if column > block_column and content[0] != "#":
                return None  # the text ends at a line indented between key and text
            finish_block()
            block = None
        # Fast lane: `key: value` continuing the open mapping at its column.  The general lane
        # would do exactly this for such a line; here it costs a find and a dict lookup.
        if pending is None and stack:
            cut = raw.find(": ")
            if cut > 0:
                head = raw[:cut]
                if head in heads:
                    known = heads[head]
                else:
                    known = heads[head] = _plain_head(head)
                if known is not None and known[0] == columns[-1]:
                    target = stack[-1]
                    rest = raw[cut + 2 :].strip(" ")
                    if type(target) is Mapping and rest and rest[0] != "#":
                        if rest[0] in ">|":
                            header = _BLOCK_HEADERS.get(rest.split(" #", 1)[0].rstrip(" "))
                            if header is None:
                                return None
                            block, block_key, block_line = target, known[1], number
                            block_column, block_indent = known[0], -1
                            block_literal, block_clip = header
                            block_lines, block_blank, block_last = [], 0, number
                            continue
                        if rest[0] not in plain_stop:
                            # A plain value (most lines): value_node()'s last case, inline.
                            hash_ = rest.find(" #")
                            value = rest[:hash_].rstrip(" ") if hash_ >= 0 else rest
                            if ": " in value or value.endswith(":"):
                                return None
                            target.pairs.append(
                                (known[1], number, Scalar(value, number, number, True))
                            )
                        else:
                            node = value_node(rest, number)
                            if node is None:
                                return None
                            target.pairs.append((known[1], number, node))
                        target.end_line = number
                        continue
        content = raw.lstrip(" ")
        if not content or content[0] == "#":
            continue
        column = len(raw) - len(content)
        if column == 0 and content.startswith(("---", "...", "%")):
            return None
        content = content.rstrip(" ")
        if pending is not None:
            mapping, key, key_line, key_column = pending
            pending = None
            dash = content[0] == "-" and content[1:2] in ("", " ")
            if column > key_column or (column == key_column and dash):
                container: Mapping | Sequence = Sequence(number) if dash else Mapping(number)
                mapping.pairs.append((key, key_line, container))
                if number > mapping.end_line:  # noqa: PLR1730 - no call to max() per line
                    mapping.end_line = number
                stack.append(container)
                columns.append(column)
            else:
                return None  # `key:` with nothing under it: a null, left to the reference
        elif stack and column > columns[-1]:
            return None  # a continuation line of a multi-line value, or bad indentation
        while stack and (
            column < columns[-1]
            or (column == columns[-1] and type(stack[-1]) is Sequence and content[0] != "-")
        ):
            close()
        if not stack:
            if root is not None or content[0] == "-":
                return None  # a second root, or a root that is a list
            root = Mapping(number)
            stack.append(root)
            columns.append(column)
        elif column != columns[-1]:
            return None
        if content[0] == "-":
            if type(stack[-1]) is not Sequence or content[1:2] != " ":
                return None
            sequence = stack[-1]
            # (Not for the items of the root's list, which close() hands over one by one.)
            if (
                lane is not None
                and 2 < len(stack) < MAX_DEPTH - 3
                and column <= _MAX_ROW_COLUMN
                and misses.get(id(sequence), 0) < _LANE_PATIENCE
            ):
                read_before = len(sequence.items)
                try:
                    run = lane.read(sequence, line_start, number, column)
                except _DeclineError:
                    return None
                # A run that stops within its first row gained nothing: after a few in a row
                # the line lane reads this list's rows alone (a layout the row lane never
                # reads would otherwise cost a cut per row on top of the line lane).
                if run is None or len(sequence.items) - read_before <= 1:
                    misses[id(sequence)] = misses.get(id(sequence), 0) + 1
                else:
                    misses[id(sequence)] = 0
                if run is not None:
                    # The row lane read the rows from here on; the line lane reads on after.
                    row, start, number = run
                    stack.append(row)
                    columns.append(column + 2)
                    continue
            rest = content[1:].lstrip(" ")
            if rest[0] == "{":  # a row written as a one-line flow mapping
                item = value_node(rest, number)
                if item is None:
                    return None
                sequence.items.append(item)
                if number > sequence.end_line:  # noqa: PLR1730 - no call to max() per line
                    sequence.end_line = number
                continue
            column += len(content) - len(rest)
            content = rest
            mapping = Mapping(number)
            sequence.items.append(mapping)
            if number > sequence.end_line:  # noqa: PLR1730 - no call to max() per line
                sequence.end_line = number
            stack.append(mapping)
            columns.append(column)
        target = stack[-1]
        if type(target) is not Mapping:
            return None
        # key: value
        colon = content.find(":")
        if colon <= 0 or content[colon + 1 : colon + 2] not in ("", " "):
            return None
        key = content[:colon].rstrip(" ")
        if not key or key[0] in indicators or key[0] in "-?:" or "#" in key or "'" in key:
            return None
        rest = content[colon + 1 :].lstrip(" ")
        if not rest or rest[0] == "#":
            pending = (target, intern(key), number, column)
            continue
        if rest[0] in ">|":
            header = _BLOCK_HEADERS.get(rest.split(" #", 1)[0].rstrip(" "))
            if header is None or len(stack) > MAX_DEPTH:
                return None
            block, block_key, block_line = target, intern(key), number
            block_column, block_indent = column, -1
            block_literal, block_clip = header
            block_lines, block_blank, block_last = [], 0, number
            continue
        node = value_node(rest, number)
        if node is None:
            return None
        target.pairs.append((intern(key), number, node))
        if number > target.end_line:  # noqa: PLR1730 - no call to max() per line
            target.end_line = number
        if len(stack) > MAX_DEPTH:
            return None
    if block is not None:
        if block_indent < 0:
            return None
        if not text.endswith("\n"):
            # The text's last line ends the file without a line break: a clipped block scalar
            # keeps the final line break only if there is one (libyaml: "Linje 2", not "…\n").
            block_clip = False
        finish_block()
    if pending is not None:
        return None
    while stack:
        close()
    return root
