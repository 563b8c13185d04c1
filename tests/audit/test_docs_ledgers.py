"""Every ledger shown in docs/*.md and README.md passes `check`, or gives exactly the findings
shown after it.

A ```yaml block is a ledger when it holds `format: bevilling/1` (a whole file). Indented
snippets (one row, an `accepted:` list) are parts of a ledger, not ledgers, and are not
checked. The ```` ``` ```` block right after a ledger, when it holds
`t.yaml:N: severity[code]: message` lines, is the output the page promises: those lines must
be exactly the findings, in order, in the language of the severity shown (`fejl`/`advarsel`:
Danish; `error`/`warning`: English). Without one, the ledger must pass `check --strict` with
nothing to report. docs/checks.md, whose examples show every code in both languages, has a
test of its own (test_docs_codes.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bevilling
from bevilling.audit import check, problem_line
from bevilling.i18n.catalogs import use_locale

ROOT = Path(__file__).resolve().parents[2]
DOCS = [
    *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "checks.md"),
    ROOT / "README.md",
]
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
_FINDING = re.compile(
    r"^t\.yaml:\d+: (?:fejl|advarsel|error|warning)\[[a-z-]+\]: .*$", re.MULTILINE
)


def ledgers_in_docs() -> list[tuple[str, int, str, list[str] | None]]:
    """(page, line, ledger text, the finding lines shown after it or None) for each ledger."""
    found = []
    for page in DOCS:
        text = page.read_text(encoding="utf-8")
        blocks = list(_BLOCK.finditer(text))
        for n, block in enumerate(blocks):
            language, body = block.group(1), block.group(2)
            if language != "yaml":
                continue
            if "format: bevilling/1" in body:
                ledger = body
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
    assert {"ledger-format.md"} <= pages
    assert len(LEDGERS) >= 2


@pytest.mark.parametrize(
    ("page", "line", "text", "shown"),
    LEDGERS,
    ids=[f"{page}:{line}" for page, line, _text, _shown in LEDGERS],
)
def test_ledger_in_docs_checks_as_shown(
    page: str, line: int, text: str, shown: list[str] | None
) -> None:
    """A ledger in the docs loads and checks to exactly the findings the page shows after it
    (none when it shows none), in the language the page shows them in."""
    english = bool(shown) and re.match(r"\S+ (?:error|warning)\[", (shown or [""])[0])
    locale = "en" if english else "da"
    with use_locale(locale):
        ledgers = bevilling.load_string(text, "t.yaml")
        report = check(ledgers)
    assert (shown or []) == [problem_line(p, locale) for p in report.problems], f"{page}:{line}"
