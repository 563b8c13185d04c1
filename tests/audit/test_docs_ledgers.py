"""Every ledger shown in docs/*.md and README.md passes `check`, or gives exactly the findings
shown after it.

A ```yaml block is a ledger when it holds `format: bevilling/1` (a whole file) or, in
docs/checks.md, when it starts with a top-level key and holds `tables:` (it is then added to
the head that page gives, as the page says). Indented snippets (one row, an `accepted:`
list) are parts of a ledger, not ledgers, and are not checked. The ```` ``` ```` block right
after a ledger, when it holds `t.yaml:N: severity[code]: message` lines, is the output the
page promises: those lines must be exactly the findings, in order. Without one, the ledger
must pass `check --strict` with nothing to report.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bevilling
from bevilling.audit import check

ROOT = Path(__file__).resolve().parents[2]
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
_FINDING = re.compile(r"^t\.yaml:\d+: (?:error|warning)\[[a-z-]+\]: .*$", re.MULTILINE)


def _head(text: str) -> str:
    """The head docs/checks.md adds its examples to (the block after it says so)."""
    at = text.find("add their lines to this head")
    match = _BLOCK.search(text, at) if at >= 0 else None
    return match.group(2) if match else ""


def ledgers_in_docs() -> list[tuple[str, int, str, list[str] | None]]:
    """(page, line, ledger text, the finding lines shown after it or None) for each ledger."""
    found = []
    for page in DOCS:
        text = page.read_text(encoding="utf-8")
        head = _head(text)
        blocks = list(_BLOCK.finditer(text))
        for n, block in enumerate(blocks):
            language, body = block.group(1), block.group(2)
            if language != "yaml" or body == head:
                continue
            if "format: bevilling/1" in body:
                ledger = body
            elif head and re.match(r"[a-z_]+:", body) and re.search(r"^tables:", body, re.M):
                ledger = head + body
            else:
                continue  # a part of a ledger
            shown = None
            following = blocks[n + 1] if n + 1 < len(blocks) else None
            if following is not None and following.group(1) == "":
                between = text[block.end() : following.start()]
                if not between.strip():
                    shown = _FINDING.findall(following.group(2))
            line = text.count("\n", 0, block.start()) + 1
            found.append((page.name, line, ledger, shown))
    return found


LEDGERS = ledgers_in_docs()


def test_the_docs_show_ledgers() -> None:
    """The extraction finds the ledgers of both pages (a guard: a change of the pattern that
    finds nothing would make every other test here pass vacuously)."""
    pages = {page for page, _line, _text, _shown in LEDGERS}
    assert {"checks.md", "ledger-format.md"} <= pages
    assert len(LEDGERS) >= 10


@pytest.mark.parametrize(
    ("page", "line", "text", "shown"),
    LEDGERS,
    ids=[f"{page}:{line}" for page, line, _text, _shown in LEDGERS],
)
def test_ledger_in_docs_checks_as_shown(
    page: str, line: int, text: str, shown: list[str] | None
) -> None:
    """A ledger in the docs loads and checks to exactly the findings the page shows after it
    (none when it shows none)."""
    ledgers = bevilling.load_string(text, "t.yaml")
    report = check(ledgers, locale="da")
    assert (shown or []) == [str(p) for p in report.problems], f"{page}:{line}"
