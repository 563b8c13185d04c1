"""The fast path: the block layouts people write, parsed without libyaml, proven equal to it.

What bevilling writes, what large registers use and what people write by hand is a small
subset of YAML: block mappings and ``- key: value`` sequences, one key per line, plain or
quoted values, folded or literal descriptions (``description: >-`` and the text below), and
one-line flow mappings (``profile: {2016: 1000, 2017: 0}``, ``- {title: x, amount: 1}``).
:func:`parse_simple` reads that subset 3-4 times faster than libyaml's events (it makes no
event object per node) and builds the very nodes :func:`bevilling.read.yamltree.parse_tree`
would, with the same lines; for anything else it returns None and the caller uses the
reference.  tests/read/test_fastpath.py holds the proof: agreement on every shipped, hostile
and generated file and under random edits.
"""

# ruff: noqa: PLR0915, PLR1730 - parse_simple is one flat loop over lines on purpose (the hot
# path), and `if a > b: b = a` there avoids a call to max() per line.

from __future__ import annotations

import re
import sys

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
_NOT_SIMPLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
#: First characters that make a key or a plain value more than plain text (flow collections,
#: anchors, aliases, tags, block scalars, quotes, comments, directives, reserved characters).
_INDICATORS = frozenset("[]{},&*!|>'\"#%@`")


#: A double-quoted value with escapes, and the escapes the fast path decodes itself.
_DOUBLE_QUOTED = re.compile(r'"((?:[^"\\]|\\.)*)"')
_ESCAPE = re.compile(r"\\(u[0-9A-Fa-f]{4}|.)")
_ESCAPES = {"\\": "\\", '"': '"', "/": "/", "n": "\n", "t": "\t"}

#: A one-line flow mapping of plain words: `{2016: 1000, 2017: 0}`, `{title: Mikrolån, ...}`.
_FLOW_KEY = r"\w[\w.-]*"
_FLOW_VALUE = r"-?\w[\w.-]*(?: +\w[\w.-]*)*"
_FLOW_ENTRY = re.compile(rf"({_FLOW_KEY}) *: +({_FLOW_VALUE})")
_FLOW_MAPPING = re.compile(
    rf"(\{{ *(?:{_FLOW_KEY} *: +{_FLOW_VALUE}(?: *, *{_FLOW_KEY} *: +{_FLOW_VALUE})*)? *\}})"
    r"(?: +#.*)?\Z"
)

#: Block scalar headers the fast path reads: folded or literal, clipped or stripped.
_BLOCK_HEADERS = {">": (False, True), ">-": (False, False), "|": (True, True), "|-": (True, False)}


class _DeclineError(Exception):
    """An escape the fast path leaves to libyaml."""


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape in _ESCAPES:
        return _ESCAPES[escape]
    if len(escape) == 5:
        character = chr(int(escape[1:], 16))
        if not _NOT_SIMPLE.match(character):
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


def parse_simple(text: str, on_table: TableHook | None = None) -> Node | None:
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
    this on every ledger, the hostile corpus, generated layouts and random edits).  It is 3-4
    times faster because it does not make an event object per node.
    """
    if _NOT_SIMPLE.search(text):
        return None
    intern = sys.intern
    indicators = _INDICATORS
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
        if closed.end_line > parent.end_line:
            parent.end_line = closed.end_line
        if on_table is not None and len(stack) == 2:
            hand_over(stack, closed, on_table)

    def finish_block() -> None:
        """Attach the block scalar just read to its mapping."""
        assert block is not None  # noqa: S101 - only called while a block scalar is open
        value = ("\n" if block_literal else " ").join(block_lines) + ("\n" if block_clip else "")
        block.pairs.append((block_key, block_line, Scalar(value, block_line, block_last, False)))
        if block_last > block.end_line:
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
                if number > mapping.end_line:
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
            rest = content[1:].lstrip(" ")
            sequence = stack[-1]
            if rest[0] == "{":  # a row written as a one-line flow mapping
                item = value_node(rest, number)
                if item is None:
                    return None
                sequence.items.append(item)
                if number > sequence.end_line:
                    sequence.end_line = number
                continue
            column += len(content) - len(rest)
            content = rest
            mapping = Mapping(number)
            sequence.items.append(mapping)
            if number > sequence.end_line:
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
        if number > target.end_line:
            target.end_line = number
        if len(stack) > MAX_DEPTH:
            return None
    if block is not None:
        if block_indent < 0:
            return None
        finish_block()
    if pending is not None:
        return None
    while stack:
        close()
    return root
