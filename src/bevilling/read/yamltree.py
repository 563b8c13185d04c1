"""Turn YAML text into a small tree of text nodes with line numbers, safely.

This is the only module that talks to PyYAML.  It reads the parser's *events* and builds its
own nodes, so that:

* nothing is ever constructed: no ``!!python/...`` object, and no implicit typing either (every
  scalar keeps the exact text the user wrote: ``1.200``, ``18.10``, ``NO``, ``0x10``);
* duplicate keys are kept, so the reader can report them (YAML itself keeps the last one);
* anchors, aliases and explicit tags are reported instead of followed, so an alias bomb costs
  nothing;
* nesting deeper than any ledger needs is reported and skipped without recursion; flow
  nesting (``[[[...``) that deep stops the parse at once, because libyaml's cost grows with the
  square of the flow depth (300 000 levels would take minutes);
* line numbers are the file's ``\n`` lines, although YAML also breaks lines at CR, NEL, U+2028
  and U+2029 (inside a quoted title they would shift every later line and excerpt).

The C parser (libyaml) is used when PyYAML has it; the pure-Python parser otherwise.

Over 500 lines on purpose: ``parse_tree`` is one flat loop over parser events (the loader's hot
path, no function call per scalar) and the helpers it inlines around belong with it; the line
mapping and the event-class lookup are the two small pieces around libyaml that keep it exact;
the catalog messages of its problems (and the libyaml complaints the catalogs translate) are
written out where they are reported.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, Union

from bevilling.i18n.catalogs import N_, catalog

if TYPE_CHECKING:
    import yaml
    from yaml.events import Event

__all__ = [
    "HAS_LIBYAML",
    "MAX_DEPTH",
    "MAX_PER_CODE",
    "NULLS",
    "Converted",
    "Invalid",
    "Mapping",
    "Node",
    "Scalar",
    "Sequence",
    "SlowParserWarning",
    "TableHook",
    "TreeProblem",
    "hand_over",
    "parse_tree",
]

_, _n = catalog(__name__)

#: Ledgers nest five levels deep (ledger → tables → table → appropriations → profile); we allow
#: generous room and report anything deeper as ``too-deep``.
MAX_DEPTH = 32

#: Plain scalars that mean "no value" (an empty value, ``~`` and ``null``).
NULLS = frozenset({"", "~", "null", "Null", "NULL"})

# PyYAML is imported on the first parse, not with this module: the fast path
# (bevilling.read.fastpath) reads the usual ledgers without it, and its import is about a tenth
# of a report's start-up.  _load_yaml() sets the names below.
_UNSET: Any = object()

#: The C parser is 7-11 times faster; without it we fall back to the pure-Python one, and say
#: so (once per process) with a :class:`SlowParserWarning`.
# CBaseLoader is libyaml's parser with the base constructor; we only ever call get_event().
_CParser: Any = _UNSET
# The module whose event and error classes the parser makes, for the _CParser it was found for.
_EV: Any = None
_EV_FOR: Any = _UNSET
# The common base of libyaml's scanner and parser errors, and of every YAML error.
_MARKED_ERROR: type[yaml.MarkedYAMLError]
_YAML_ERROR: type[yaml.YAMLError]

if TYPE_CHECKING:
    #: Whether PyYAML has libyaml's C parser (read on first use: it imports PyYAML).
    HAS_LIBYAML: bool
else:

    def __getattr__(name: str) -> object:
        if name == "HAS_LIBYAML":
            import yaml

            return getattr(yaml, "CBaseLoader", None) is not None
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load_yaml() -> None:
    """Import PyYAML and find the classes its parser makes (once, and again if a test swaps
    the parser)."""
    global _CParser, _EV, _EV_FOR, _MARKED_ERROR, _YAML_ERROR  # noqa: PLW0603 - set once
    import yaml

    if _CParser is _UNSET:
        _CParser = getattr(yaml, "CBaseLoader", None)
    if _EV_FOR is _CParser:
        return
    _EV = _parser_classes()
    _MARKED_ERROR = (
        _EV.ParserError.__mro__[1] if hasattr(_EV, "ParserError") else yaml.MarkedYAMLError
    )
    _YAML_ERROR = _MARKED_ERROR.__mro__[1]
    _EV_FOR = _CParser


def _parser_classes() -> Any:
    """Where the event and error classes the parser really creates live.

    libyaml's extension module cannot be imported twice: it keeps the classes of the first
    ``import yaml``. Where ``yaml`` was imported anew (pytest's in-process runs drop and
    re-import modules), ``yaml.ScalarEvent`` is another class than the events libyaml makes,
    and a test by class would never see the end of the stream. So the classes are taken from
    the module that makes them.
    """
    import yaml

    if _CParser is None:
        return yaml
    made_by = sys.modules.get("yaml._yaml") or yaml
    return made_by if hasattr(made_by, "StreamEndEvent") else yaml


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


SLOW_PARSER_MESSAGE = N_(
    "PyYAML has no libyaml (C) parser on this machine, so ledgers are read 7-11 times more"
    " slowly; install libyaml (Debian/Ubuntu: apt-get install libyaml-dev) and then"
    " `pip install --force-reinstall --no-binary pyyaml pyyaml`"
)
"""The :class:`SlowParserWarning`'s text (a catalog message: translated when warned)."""

#: What libyaml says most often, and where: translated when the catalogs know it (anything
#: else is quoted as libyaml wrote it).
_PARSER_WORDS = frozenset(
    {
        N_("mapping values are not allowed in this context"),
        N_("mapping values are not allowed here"),
        N_("could not find expected ':'"),
        N_("did not find expected key"),
        N_("did not find expected node content"),
        N_("did not find expected ',' or '}'"),
        N_("did not find expected ',' or ']'"),
        N_("did not find expected '-' indicator"),
        N_("found unexpected end of stream"),
        N_("found character that cannot start any token"),
        N_("found unknown escape character"),
        N_("found a tab character that violates indentation"),
        N_("found a tab character where an indentation space is expected"),
        N_("found undefined tag handle"),
        N_("block sequence entries are not allowed in this context"),
        N_("invalid YAML"),
        N_("while scanning a simple key"),
        N_("while parsing a block mapping"),
        N_("while parsing a block collection"),
        N_("while parsing a flow mapping"),
        N_("while parsing a flow sequence"),
        N_("while scanning a quoted scalar"),
        N_("while parsing a quoted scalar"),
        N_("while scanning a plain scalar"),
        N_("while scanning for the next token"),
        N_("while parsing a node"),
        # The rest of libyaml's scanner and parser messages (rarer, but a user meets them).
        N_("did not find expected alphabetic or numeric character"),
        N_("did not find expected comment or line break"),
        N_("did not find expected whitespace or line break"),
        N_("did not find the expected '>'"),
        N_("did not find expected '!'"),
        N_("did not find expected hexdecimal number"),
        N_("did not find expected <document start>"),
        N_("did not find URI escaped octet"),
        N_("found invalid Unicode character escape code"),
        N_("found unexpected document indicator"),
        N_("found an indentation indicator equal to 0"),
        N_("found an incorrect leading UTF-8 octet"),
        N_("found an incorrect trailing UTF-8 octet"),
        N_("found unknown directive name"),
        N_("found duplicate %YAML directive"),
        N_("found duplicate %TAG directive"),
        N_("found incompatible YAML document"),
        N_("mapping keys are not allowed in this context"),
        N_("while scanning an anchor"),
        N_("while scanning an alias"),
        N_("while scanning a tag"),
        N_("while parsing a tag"),
        N_("while scanning a block scalar"),
        N_("while scanning a directive"),
        N_("while scanning a %YAML directive"),
        N_("while scanning a %TAG directive"),
        N_("while parsing a block node"),
        N_("while parsing a flow node"),
    }
)


def _parser_words(text: str) -> str:
    """libyaml's ``text`` in the current locale, when the catalogs have it."""
    return _(text) if text in _PARSER_WORDS else text


_ALIAS_MESSAGE = N_("anchors and aliases (&name, *name, <<: *name) are not used in ledgers")
_ALIAS_HINT = N_("write each value out in full, so that every row reads like the source table")

#: What YAML counts as a line break; only ``\n`` starts a line of the file as editors show it.
# (A pattern, compiled by re on first use: only files with such breaks need it; start-up.)
_YAML_BREAKS = "\r\n|[\r\n\x85\u2028\u2029]"


def _line_map(text: str) -> list[int] | None:
    """For each 0-based YAML line, the 0-based line of the file; None when they are the same.

    YAML breaks lines at CR, NEL (U+0085), U+2028 and U+2029 as well as at LF; the rest of
    bevilling (excerpts, editors) counts LF only.
    """
    if not ("\r" in text or "\x85" in text or "\u2028" in text or "\u2029" in text):
        return None
    lines = [0]
    line = 0
    for match in re.finditer(_YAML_BREAKS, text):
        if "\n" in match.group():
            line += 1
        lines.append(line)
    return lines


def _remap(owner: Any, names: tuple[str, ...], lines: list[int]) -> None:
    """Replace the marks ``owner.<name>`` by marks on the file's lines (libyaml's are frozen)."""
    import yaml

    for name in names:
        mark = getattr(owner, name, None)
        if mark is not None:
            line = lines[min(mark.line, len(lines) - 1)]
            setattr(owner, name, yaml.Mark("", mark.index, line, mark.column, None, 0))


def _events(text: str) -> Iterator[Any]:
    """The parser's events for ``text``, from libyaml when available, with the file's lines.

    Typed as ``Any``: the hot loop reads event attributes that differ per event class.
    """
    # Both classes parse only; we never call their construct or compose methods.
    if _CParser is not None:
        parser = _CParser(text)
    else:
        import yaml

        warnings.warn(_(SLOW_PARSER_MESSAGE), SlowParserWarning, stacklevel=4)
        parser = yaml.SafeLoader(text)
    lines = _line_map(text)
    try:
        while True:
            try:
                event = parser.get_event()
            except _MARKED_ERROR as error:
                if lines is not None:
                    _remap(error, ("problem_mark", "context_mark"), lines)
                raise
            if lines is not None:
                _remap(event, ("start_mark", "end_mark"), lines)
            if event is None:  # past the end of the stream
                return
            yield event
            if isinstance(event, _EV.StreamEndEvent):
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
    import yaml

    _load_yaml()
    problems: list[TreeProblem] = []
    counts: dict[str, int] = {}

    def report(code: str, line: int, message: str, hint: str, once: bool = False) -> None:
        seen = counts.get(code, 0)
        counts[code] = seen + 1
        if seen == 0 or (not once and seen < MAX_PER_CODE):
            problems.append(TreeProblem(code, line, message, hint))
        elif not once and seen == MAX_PER_CODE:
            problems.append(
                TreeProblem(
                    code, line, _("... and more [{code}] problems from here on", code=code), hint
                )
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
    scalar_event, alias_event = _EV.ScalarEvent, _EV.AliasEvent
    starts = (_EV.MappingStartEvent, _EV.SequenceStartEvent)
    ends = (_EV.MappingEndEvent, _EV.SequenceEndEvent)

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
                    _("a mapping key must be plain text, not a list or mapping"),
                    _("write the key as a word followed by a colon, e.g. `title:`"),
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
                    if event.flow_style:
                        return None, problems  # see below: flow nesting stops the parse
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
                        _(
                            "the YAML nests more than {depth} levels deep here; the rest of the"
                            " file was not read",
                            depth=MAX_DEPTH,
                        )
                        if event.flow_style
                        else _(
                            "the YAML nests more than {depth} levels deep here", depth=MAX_DEPTH
                        ),
                        _(
                            "a ledger nests at most five levels (tables, appropriations,"
                            " profile); check the brackets and the indentation"
                        ),
                        once=True,
                    )
                    if event.flow_style:
                        # libyaml checks every open flow level on each token: going on past
                        # here would cost the square of the depth. Nothing deeper is a ledger.
                        return None, problems
                    skipping = 1
                    continue
                container: Mapping | Sequence = (
                    Mapping(line) if kind is _EV.MappingStartEvent else Sequence(line)
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
                    hand_over(stack, closed, on_table)
            elif kind is alias_event:
                line = event.start_mark.line + 1
                report(
                    "yaml-alias",
                    line,
                    _(_ALIAS_MESSAGE),
                    _(_ALIAS_HINT),
                    once=True,
                )
                attach(Invalid(line))
            elif kind is _EV.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    problems.append(
                        TreeProblem(
                            "multiple-documents",
                            event.start_mark.line + 1,
                            _("the file holds more than one YAML document (a second `---`)"),
                            _(
                                "keep one ledger per file: move the second document to a file"
                                " of its own"
                            ),
                        )
                    )
                    break
    except _MARKED_ERROR as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        tab = _tab_in_indentation(text, line)
        if tab is not None:
            problems.append(tab)
            return None, problems
        what = _parser_words(error.problem or "invalid YAML")
        message = (
            _(
                "the file is not valid YAML: {problem} ({context})",
                problem=what,
                context=_parser_words(error.context),
            )
            if error.context
            else _("the file is not valid YAML: {problem}", problem=what)
        )
        problems.append(
            TreeProblem(
                "yaml-syntax",
                line,
                message,
                _(
                    "check the indentation and quoting near this line; text containing `: ` or"
                    " starting with a special character must be quoted"
                ),
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
                _(
                    "line {line} holds the control character {character} ({code}), which YAML"
                    " does not allow in text",
                    line=line,
                    character=repr(chr(error.character)),
                    code=f"U+{error.character:04X}",
                ),
                _(
                    "delete the character (it is invisible in most editors; it often comes from"
                    " copying out of a PDF)"
                ),
            )
        )
        return None, problems
    except _YAML_ERROR as error:  # pragma: no cover - every other YAMLError is marked
        problems.append(
            TreeProblem(
                "yaml-syntax", 0, _("the file is not valid YAML: {problem}", problem=str(error)),
                _("the file must be plain UTF-8 text"),
            )
        )  # fmt: skip
        return None, problems
    return root, problems


def _tab_in_indentation(text: str, number: int) -> TreeProblem | None:
    """The tab in the indentation of line ``number``, where libyaml stopped, if there is one.

    libyaml says "found character that cannot start any token"; a user needs to hear "tab".
    """
    if "\t" not in text or number < 1:
        return None
    start = 0
    for _skipped in range(number - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    indentation = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indentation:
        return None
    column = indentation.index("\t") + 1
    return TreeProblem(
        "yaml-syntax",
        number,
        _(
            "line {line} is indented with a tab (column {column}); YAML indents with spaces only",
            line=number,
            column=column,
        ),
        _(
            "replace the tab at the start of line {line} with spaces, so that the key lines up"
            " with the keys above it (editors: turn on 'insert spaces for tabs')",
            line=number,
        ),
    )


def hand_over(stack: list[Mapping | Sequence], closed: Node, on_table: TableHook) -> None:
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
        report("yaml-alias", line, _(_ALIAS_MESSAGE), _(_ALIAS_HINT), once=True)
    tag = getattr(event, "tag", None)
    if tag is not None:
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        report(
            "yaml-tag",
            line,
            _(
                "the explicit YAML tag {tag} is not used in ledgers (it was not acted on)",
                tag=shown,
            ),
            _("remove the tag: every value is read as the field's type from the text you write"),
        )
