"""Text from ledgers made safe for each output: terminal, spreadsheet, Markdown, HTML, XML.

A ledger is untrusted input: a title may hold an escape sequence that rewrites the terminal,
a formula that a spreadsheet runs, a ``|`` that adds a Markdown column or a ``<script>``.
Every renderer and exporter passes ledger text through the one function for its output here,
so that the rule is written once (see docs/security.md).

- :func:`visible`: control characters shown as visible escapes (``\\x1b`` -> ``\\x1b`` as four
  characters); for terminals, plain text, excerpts.
- :func:`spreadsheet_text`: OWASP's rule against formula injection: a cell that begins with
  ``=``, ``+``, ``-``, ``@``, tab or carriage return gets a leading apostrophe; control
  characters are made visible. For CSV cells and xlsx text cells.
- :func:`markdown_text`: one line of Markdown that adds no markup: ``|``, ``\\``, ``*``, ``_``,
  backticks, brackets, ``<``, ``>``, ``&`` and a leading ``#`` escaped, line breaks as spaces.
- :func:`xml_text`: text that XML 1.0 can hold (JUnit, xlsx): characters XML forbids made
  visible, then ``& < > " '`` escaped.

Pure functions, no I/O, O(length) each.
"""

from __future__ import annotations

import re

from bevilling.core.lazy import LazyPattern

__all__ = [
    "FORMULA_PREFIXES",
    "markdown_text",
    "spreadsheet_text",
    "visible",
    "xml_safe",
    "xml_text",
]

#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

# C0 controls but tab and line feed, DEL, C1 controls, and the line/paragraph separators and
# bidirectional overrides that reorder or hide what a terminal or an editor shows.  Compiled on
# first use (most runs print only printable text; the six took 0.7 ms at import: start-up).
_CONTROL = LazyPattern("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# The same, with tab and line feed too: for one-line outputs (cells, Markdown table cells).
_CONTROL_OR_BREAK = LazyPattern("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
# What XML 1.0 cannot hold at all, even escaped.
_NOT_XML = LazyPattern("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
# A plain number as a spreadsheet reads it: -1200, -1.200,5, 1,200.50 ...  Not a formula.
_NUMBER = LazyPattern(r"[-+]?[0-9][0-9.,]*\Z")
# A leading ordered-list marker: digits, then "." or ")" (escaped as `1\.`).
_ORDERED = LazyPattern(r"\A([0-9]{1,9})([.)])")
_MARKDOWN_SPECIAL = LazyPattern(r"([\\`*_{}\[\]()<>|!~])")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    r"""``text`` with every control character written as a visible escape.

    Tab and line feed stay (unless ``one_line``, when they become escapes too); ESC, BEL, CR,
    DEL, C1 controls, U+2028/U+2029 and bidirectional overrides never reach the output raw.

    >>> visible("Mikrolån\x1b[2J")
    'Mikrolån\\x1b[2J'
    >>> visible("a\tb\nc", one_line=True)
    'a\\x09b\\x0ac'
    """
    if text.isprintable():  # no control, separator or format character at all: a fast path
        return text
    return (_CONTROL_OR_BREAK if one_line else _CONTROL).sub(_escape, text)


def spreadsheet_text(text: str) -> str:
    """A text cell a spreadsheet shows as text and never runs: OWASP's leading apostrophe.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, tab or carriage return is prefixed with
    ``'``; a plain number written as text (``-1200``, ``-1.200,5``) is left alone, so that
    numbers stay numbers. Control characters are made visible.

    >>> spreadsheet_text("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> spreadsheet_text("-1.200,5")
    '-1.200,5'
    >>> spreadsheet_text("Mikrolån")
    'Mikrolån'
    """
    if text.startswith(FORMULA_PREFIXES) and not _NUMBER.match(text):
        text = "'" + text
    return visible(text)


def markdown_text(text: str) -> str:
    r"""Text that stays one literal cell or line of Markdown: no markup, no HTML, no new line.

    >>> markdown_text("a | b <script>")
    'a \\| b \\<script\\>'
    >>> markdown_text("# Heading\nnext")
    '\\# Heading next'
    >>> markdown_text("    1. item")
    '1\\. item'
    """
    text = _CONTROL_OR_BREAK.sub(
        lambda m: " " if m.group(0) in "\n\r\t\u2028\u2029" else _escape(m), text
    )
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("&", "&amp;")
    # Leading spaces would make a code block (four of them); a leading marker a heading, a
    # list (also `1.` and `1)`) or a quote.
    text = text.lstrip(" ")
    if text.startswith(("#", "+", "-", "=", ">")):
        text = "\\" + text
    else:
        text = _ORDERED.sub(r"\1\\\2", text, count=1)
    return text


def xml_safe(text: str) -> str:
    r"""``text`` without the characters XML 1.0 cannot hold (made visible), not escaped.

    For libraries that escape ``&<>`` themselves but choke on control characters (openpyxl).

    >>> xml_safe("a\x00b\x1bc")
    'a\\x00b\\x1bc'
    """
    if text.isprintable():  # every character XML cannot hold is unprintable: a fast path
        return text
    return _NOT_XML.sub(_escape, text)


def xml_text(text: str) -> str:
    """Text ready to stand inside an XML element or attribute value.

    >>> xml_text('<a href="x">&\\x1b')
    '&lt;a href=&quot;x&quot;&gt;&amp;\\\\x1b'
    """
    text = visible(xml_safe(text))
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&apos;")
    )
