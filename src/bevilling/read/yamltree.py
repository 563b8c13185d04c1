"""Turn YAML text into a small tree of text nodes with line numbers, safely.

This is the only module that talks to PyYAML.  It reads the parser's *events* and builds its
own nodes, so that:

* nothing is ever constructed: no ``!!python/...`` object, and no implicit typing either (every
  scalar keeps the exact text the user wrote: ``1.200``, ``18.10``, ``NO``, ``0x10``);
* duplicate keys are kept, so the reader can report them (YAML itself keeps the last one);
* anchors, aliases and explicit tags are reported instead of followed, so an alias bomb costs
  nothing;
* nesting deeper than any ledger needs is reported and skipped without recursion.

The C parser (libyaml) is used when PyYAML has it; the pure-Python parser otherwise.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, Union

import yaml

if TYPE_CHECKING:
    from yaml.events import Event

__all__ = [
    "MAX_DEPTH",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "SlowParserWarning",
    "TreeProblem",
    "parse_tree",
]

#: Ledgers nest five levels deep (ledger → tables → table → appropriations → profile); we allow
#: generous room and report anything deeper as ``too-deep``.
MAX_DEPTH = 32

#: Plain scalars that mean "no value" (an empty value, ``~`` and ``null``).
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

#: The C parser is 7-11 times faster; without it we fall back to the pure-Python one, and say
#: so (once per process) with a :class:`SlowParserWarning`.
# CBaseLoader is libyaml's parser with the base constructor; we only ever call get_event().
_CParser = getattr(yaml, "CBaseLoader", None)
HAS_LIBYAML = _CParser is not None

#: At most this many problems of one code are reported per file (a hostile file can hold
#: millions of tags); the rest are summarised in one more problem.
MAX_PER_CODE = 50


class Scalar:
    """A scalar exactly as written: its text, where it starts and ends, and if it was quoted."""

    __slots__ = ("end_line", "line", "plain", "value")

    def __init__(self, value: str, line: int, end_line: int, plain: bool) -> None:
        self.value = value
        self.line = line
        self.end_line = end_line
        self.plain = plain

    @property
    def is_null(self) -> bool:
        """True for an unquoted empty value, ``~`` or ``null``."""
        return self.plain and self.value in NULLS


class Mapping:
    """A mapping with its (key, key line, value) entries in file order, duplicates included.

    Keys are kept as interned text with their line rather than as nodes: a ledger repeats the
    same dozen keys on every row, so this halves the memory of a large file's tree.
    """

    __slots__ = ("end_line", "line", "pairs")

    def __init__(self, line: int) -> None:
        self.line = line
        self.end_line = line
        self.pairs: list[tuple[str, int, Node]] = []


class Sequence:
    """A sequence with its items in file order."""

    __slots__ = ("end_line", "items", "line")

    def __init__(self, line: int) -> None:
        self.line = line
        self.end_line = line
        self.items: list[Node] = []


class Invalid:
    """Stands where a node was refused (alias, too deep, bad key) so that pairs stay aligned."""

    __slots__ = ("end_line", "line")

    def __init__(self, line: int) -> None:
        self.line = line
        self.end_line = line


class Converted:
    """Stands where a table was converted while parsing; ``value`` is what it became."""

    __slots__ = ("end_line", "line", "value")

    def __init__(self, line: int, end_line: int, value: object) -> None:
        self.line = line
        self.end_line = end_line
        self.value = value


#: Called with each finished item of the top-level ``tables`` list, its 1-based index and the
#: root mapping as parsed so far; what it returns replaces the item, so the item's nodes can
#: be freed as soon as the parser has passed them.
TableHook = Callable[["Mapping", int, "Mapping"], "Node"]

Node = Union[Scalar, Mapping, Sequence, Invalid, Converted]  # noqa: UP007 - a runtime alias on 3.10


class _Reporter(Protocol):
    def __call__(
        self, code: str, line: int, message: str, hint: str, once: bool = False
    ) -> None: ...


class TreeProblem:
    """A problem found while building the tree: code, 1-based line, message and hint."""

    __slots__ = ("code", "hint", "line", "message")

    def __init__(self, code: str, line: int, message: str, hint: str) -> None:
        self.code = code
        self.line = line
        self.message = message
        self.hint = hint


class SlowParserWarning(RuntimeWarning):
    """PyYAML was installed without libyaml, so ledgers are parsed by the slow Python parser."""


SLOW_PARSER_MESSAGE = (
    "PyYAML has no libyaml (C) parser on this machine, so ledgers are read 7-11 times more"
    " slowly; install libyaml (Debian/Ubuntu: apt-get install libyaml-dev) and then"
    " `pip install --force-reinstall --no-binary pyyaml pyyaml`"
)


def _events(text: str) -> Iterator[Any]:
    """The parser's events for ``text``, from libyaml when available.

    Typed as ``Any``: the hot loop reads event attributes that differ per event class.
    """
    # Both classes parse only; we never call their construct or compose methods.
    if _CParser is not None:
        parser = _CParser(text)
    else:
        warnings.warn(SLOW_PARSER_MESSAGE, SlowParserWarning, stacklevel=4)
        parser = yaml.SafeLoader(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if isinstance(event, yaml.StreamEndEvent):
                return
    finally:
        parser.dispose()


def parse_tree(
    text: str, on_table: TableHook | None = None
) -> tuple[Node | None, list[TreeProblem]]:
    """Parse one YAML document into a tree of :class:`Node` objects.

    Returns ``(None, problems)`` when the text holds no document or cannot be parsed.  Never
    raises for any input text.  With ``on_table``, each mapping in the root's ``tables`` list
    is handed over as soon as it is complete and replaced by what the hook returns (streaming:
    a large ledger never holds all its nodes at once).  This loop is the loader's hot path:
    scalars (nine events in ten) are handled inline, without a function call.
    """
    problems: list[TreeProblem] = []
    counts: dict[str, int] = {}

    def report(code: str, line: int, message: str, hint: str, once: bool = False) -> None:
        seen = counts.get(code, 0)
        counts[code] = seen + 1
        if seen == 0 or (not once and seen < MAX_PER_CODE):
            problems.append(TreeProblem(code, line, message, hint))
        elif not once and seen == MAX_PER_CODE:
            problems.append(
                TreeProblem(code, line, f"... and more [{code}] problems from here on", hint)
            )

    root: Node | None = None
    stack: list[Mapping | Sequence] = []
    # Per open container: the mapping key waiting for its value (None when the next node is a
    # key, and always None for sequences) and that key's line.
    keys: list[str | None] = []
    key_lines: list[int] = []
    documents = 0
    skipping = 0  # > 0 while skipping a subtree that nests too deep
    intern = sys.intern
    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    starts = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
    ends = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

    def attach(node: Node) -> None:
        """Put a container or placeholder where the parser is: a value, an item or the root."""
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if type(parent) is Sequence:
            parent.items.append(node)
        elif keys[-1] is None:  # a list or mapping used as a key
            if type(node) is not Invalid:
                report(
                    "wrong-type", node.line,
                    "a mapping key must be plain text, not a list or mapping",
                    "write the key as a word followed by a colon, e.g. `title:`",
                )  # fmt: skip
            keys[-1] = ""
            key_lines[-1] = node.line
            return
        else:
            parent.pairs.append((keys[-1], key_lines[-1], node))  # type: ignore[union-attr]
            keys[-1] = None
        if node.end_line > parent.end_line:
            parent.end_line = node.end_line

    try:
        for event in _events(text):
            kind = type(event)
            if skipping:
                if kind in starts:
                    skipping += 1
                elif kind in ends:
                    skipping -= 1
                    if not skipping:
                        attach(Invalid(event.start_mark.line + 1))
                continue
            if kind is scalar_event:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag is not None:
                    _anchor_or_tag(event, line, report)
                mark = event.end_mark
                # A block scalar's end mark sits at column 0 of the line after it.
                end = mark.line if mark.column == 0 and mark.line > 0 else mark.line + 1
                if end < line:
                    end = line
                value: str = event.value
                # libyaml reports the plain style as "" and PyYAML's parser as None.
                node = Scalar(value, line, end, not event.style)
                if not stack:
                    root = node
                    continue
                parent = stack[-1]
                if type(parent) is Mapping:
                    key = keys[-1]
                    if key is None:
                        keys[-1] = intern(value)
                        key_lines[-1] = line
                        continue
                    parent.pairs.append((key, key_lines[-1], node))
                    keys[-1] = None
                else:
                    parent.items.append(node)  # type: ignore[union-attr]
                if end > parent.end_line:
                    parent.end_line = end
            elif kind in starts:
                line = event.start_mark.line + 1
                if event.anchor is not None or event.tag is not None:
                    _anchor_or_tag(event, line, report)
                if len(stack) >= MAX_DEPTH:
                    report(
                        "too-deep",
                        line,
                        f"the YAML nests more than {MAX_DEPTH} levels deep here",
                        "a ledger nests at most five levels (tables, appropriations, profile);"
                        " check the indentation",
                        once=True,
                    )
                    skipping = 1
                    continue
                container: Mapping | Sequence = (
                    Mapping(line) if kind is yaml.MappingStartEvent else Sequence(line)
                )
                attach(container)
                stack.append(container)
                keys.append(None)
                key_lines.append(line)
            elif kind in ends:
                closed = stack.pop()
                keys.pop()
                key_lines.pop()
                if stack and closed.end_line > stack[-1].end_line:
                    stack[-1].end_line = closed.end_line
                if on_table is not None and len(stack) == 2:
                    _hand_over(stack, closed, on_table)
            elif kind is alias_event:
                line = event.start_mark.line + 1
                report(
                    "yaml-alias",
                    line,
                    "anchors and aliases (&name, *name, <<: *name) are not used in ledgers",
                    "write each value out in full, so that every row reads like the source table",
                    once=True,
                )
                attach(Invalid(line))
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(
                        TreeProblem(
                            "multiple-documents",
                            event.start_mark.line + 1,
                            "the file holds more than one YAML document (a second `---`)",
                            "keep one ledger per file: move the second document to a file of"
                            " its own",
                        )
                    )
                    break
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        what = error.problem or "invalid YAML"
        context = f" ({error.context})" if error.context else ""
        problems.append(
            TreeProblem(
                "yaml-syntax",
                line,
                f"the file is not valid YAML: {what}{context}",
                "check the indentation and quoting near this line; text containing `: ` or"
                " starting with a special character must be quoted",
            )
        )
        return None, problems
    except yaml.reader.ReaderError as error:  # a character YAML does not allow in text
        position = error.position if isinstance(error.position, int) else 0
        line = text.count("\n", 0, position) + 1
        problems.append(
            TreeProblem(
                "yaml-syntax",
                line,
                f"line {line} holds the control character {chr(error.character)!r}"
                f" (U+{error.character:04X}), which YAML does not allow in text",
                "delete the character (it is invisible in most editors; it often comes from"
                " copying out of a PDF)",
            )
        )
        return None, problems
    except yaml.YAMLError as error:  # pragma: no cover - every other YAMLError is marked
        problems.append(
            TreeProblem(
                "yaml-syntax", 0, f"the file is not valid YAML: {error}",
                "the file must be plain UTF-8 text",
            )
        )  # fmt: skip
        return None, problems
    return root, problems


def _hand_over(stack: list[Mapping | Sequence], closed: Node, on_table: TableHook) -> None:
    """If ``closed`` is a finished item of the root's ``tables`` list, hand it to ``on_table``.

    ``stack`` holds the containers still open: the root mapping and, under its last key, the
    list ``closed`` was the last item of.
    """
    top, items = stack
    if (
        type(closed) is Mapping
        and type(top) is Mapping
        and type(items) is Sequence
        and top.pairs
        and top.pairs[-1][0] == "tables"
        and top.pairs[-1][2] is items
        and items.items
        and items.items[-1] is closed
    ):
        items.items[-1] = on_table(closed, len(items.items), top)


def _anchor_or_tag(event: Event, line: int, report: _Reporter) -> None:
    """Report an anchor (``&name``) or an explicit tag (``!!python/...``) on ``event``."""
    if getattr(event, "anchor", None) is not None:
        report(
            "yaml-alias",
            line,
            "anchors and aliases (&name, *name, <<: *name) are not used in ledgers",
            "write each value out in full, so that every row reads like the source table",
            once=True,
        )
    tag = getattr(event, "tag", None)
    if tag is not None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        report(
            "yaml-tag",
            line,
            f"the explicit YAML tag {shown} is not used in ledgers (it was not acted on)",
            "remove the tag: every value is read as the field's type from the text you write",
        )


# --- the fast path for plain block layouts ---------------------------------------------------

#: Characters that make the fast path decline the whole text: tabs, carriage returns, YAML's
#: other line breaks (NEL, U+2028/2029), byte order marks, and everything YAML does not allow.
_NOT_SIMPLE = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
#: First characters that make a key or a plain value more than plain text (flow collections,
#: anchors, aliases, tags, block scalars, quotes, comments, directives, reserved characters).
_INDICATORS = frozenset("[]{},&*!|>'\"#%@`")


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
    """Parse ``text`` without libyaml if it uses only the plain block layout; else None.

    The layout is what bevilling writes and what large registers use: block mappings and
    ``- key: value`` sequences, one key per line, values that are plain, single-quoted or
    double-quoted (without escapes) on one line, comments and blank lines.  Anything else
    (flow collections, block scalars, multi-line values, anchors, tags, escapes, tabs,
    several documents, odd indentation, any YAML error) makes it return None, and the caller
    parses with :func:`parse_tree`, which is the reference: for every text this accepts, it
    builds the same nodes with the same lines (tests/test_yamltree.py checks this on every
    ledger, the hostile corpus and generated layouts).  It is 3-4 times faster because it
    does not make an event object per node.
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

    def close() -> None:
        closed = stack.pop()
        columns.pop()
        if not stack:
            return
        parent = stack[-1]
        if closed.end_line > parent.end_line:
            parent.end_line = closed.end_line
        if on_table is not None and len(stack) == 2:
            _hand_over(stack, closed, on_table)

    def value_node(rest: str, number: int) -> Scalar | None:
        """The scalar a value's text stands for, or None when it is not a simple one."""
        first = rest[0]
        if first == '"':
            end = rest.find('"', 1)
            if end < 0:
                return None
            value = rest[1:end]
            if "\\" in value:
                return None
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
                block: Mapping | Sequence = Sequence(number) if dash else Mapping(number)
                mapping.pairs.append((key, key_line, block))
                if number > mapping.end_line:
                    mapping.end_line = number
                stack.append(block)
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
            column += len(content) - len(rest)
            content = rest
            item = Mapping(number)
            sequence = stack[-1]
            sequence.items.append(item)
            if number > sequence.end_line:
                sequence.end_line = number
            stack.append(item)
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
        node = value_node(rest, number)
        if node is None:
            return None
        target.pairs.append((intern(key), number, node))
        if number > target.end_line:
            target.end_line = number
        if len(stack) > MAX_DEPTH:
            return None
    if pending is not None:
        return None
    while stack:
        close()
    return root
