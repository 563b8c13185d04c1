"""bevilling.core.text: the fast path for printable text."""

from __future__ import annotations

import sys

from bevilling.core import text


def test_every_character_made_visible_is_unprintable() -> None:
    """visible() and xml_safe() return printable text unchanged without a regular expression
    (str.isprintable): that is right only if every character their patterns replace is
    unprintable.  Checked over all of Unicode."""
    patterns = [text._CONTROL, text._CONTROL_OR_BREAK, text._NOT_XML]
    printable = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if chr(code).isprintable() and any(p.match(chr(code)) for p in patterns)
    ]
    assert [] == printable


def test_printable_text_is_returned_as_it_is() -> None:
    """The fast path gives what the slow one gives, and the same object."""
    sample = "Mikrolån – 1.200 kr. (2016) «=SUM» ü"
    assert sample is text.visible(sample)
    assert sample is text.xml_safe(sample)
    assert "a\\x1bb\tc" == text.visible("a\x1bb\tc")
    assert "a\\x09b" == text.visible("a\tb", one_line=True)
