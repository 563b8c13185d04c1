"""Every problem code (loader and check) has a golden example in docs/checks.md, rendered in
Danish and in English, and `check` renders it exactly so in both languages.

Each `### \\`code\\`` section of docs/checks.md gives a ledger (one or more ```yaml blocks
before its first output block) and the output `bevilling check` prints for it: a block whose
findings read `fejl[...]`/`advarsel[...]` (Danish, the default) and one whose findings read
`error[...]`/`warning[...]` (`--locale en`). A ```yaml block is added to the head the page
gives unless it is a whole file: one that holds `format:`, or whose first line is
`# file: NAME` (it is then saved as NAME; several such blocks are checked together). A change
or spending file (`format: bevilling-changes/1`, `bevilling-spending/1`) is saved as `f.yaml`
and checked together with the ledger of the page's section "Checks of changes and spending"
(`l.yaml`). A block
whose first line says `# saved as Latin-1` is saved in that encoding. The three codes about
paths have no ledger; the test makes the path the page names (`PATHS`).

An output block's finding lines must be exactly the findings, in order; its other lines
(excerpts, hints) must appear in the output in the order shown (a line ending in `...` is a
prefix). The Danish rendering may hold no English sentence, the English no Danish one
(`test_no_sentence_in_the_other_language`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import bevilling
from bevilling.audit import SOURCE_CODES, all_codes, check, render_report_text
from bevilling.i18n.catalogs import use_locale

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "checks.md"
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
_SECTION = re.compile(r"^### `([a-z0-9-]+)`\n(.*?)(?=^##)", re.MULTILINE | re.DOTALL)
_FINDING = re.compile(
    r"^\S+?(?::\d+)?: (fejl|advarsel|error|warning)\[[a-z0-9-]+\]: ", re.MULTILINE
)
_LANGUAGE = {"fejl": "da", "advarsel": "da", "error": "en", "warning": "en"}

#: The codes about paths: the path each example names, and how the test makes it.
PATHS = {"unreadable": "mangler.yaml", "no-ledgers": "tom"}


def _head(text: str) -> str:
    at = text.find("add their lines to this head")
    match = _BLOCK.search(text, at)
    assert match is not None, "docs/checks.md gives the head of its examples"
    return match.group(2)


_RECORDS = re.compile(r"^format: bevilling-(?:changes|spending)/1$", re.MULTILINE)


def _records_ledger(text: str) -> str:
    """The ledger the examples of change and spending files are checked with."""
    at = text.find("## Checks of changes and spending")
    match = _BLOCK.search(text, at)
    assert match is not None, "docs/checks.md gives the ledger of the follow-up examples"
    return match.group(2)


def examples() -> dict[str, tuple[list[tuple[str, str]], dict[str, str]]]:
    """code -> (the files of its example as (name, text), {locale: the output shown})."""
    text = PAGE.read_text(encoding="utf-8")
    head = _head(text)
    records_ledger = _records_ledger(text)
    found = {}
    for section in _SECTION.finditer(text):
        code, body = section.group(1), section.group(2)
        files: list[tuple[str, str]] = []
        shown: dict[str, str] = {}
        for block in _BLOCK.finditer(body):
            language, content = block.group(1), block.group(2)
            if language == "yaml" and not shown:
                name = "t.yaml"
                first = content.split("\n", 1)[0]
                if first.startswith("# file: "):
                    name = first.removeprefix("# file: ").strip()
                elif _RECORDS.search(content):
                    name = "f.yaml"
                    files.append(("l.yaml", records_ledger))
                elif not re.search(r"^format:", content, re.MULTILINE):
                    content = head + content
                files.append((name, content))
            elif language == "" and (finding := _FINDING.search(content)):
                shown[_LANGUAGE[finding.group(1)]] = content
        found[code] = (files, shown)
    return found


#: The examples of every code `check` renders from a ledger alone; those of `check --sources`
#: need a Word or PDF document, and tests/interop/test_sources.py renders them.
ALL_EXAMPLES = examples()
EXAMPLES = {code: example for code, example in ALL_EXAMPLES.items() if code not in SOURCE_CODES}


def rendered(code: str, locale: str, where: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `bevilling check` prints for the example of ``code`` in ``locale``."""
    files, _shown = EXAMPLES[code]
    monkeypatch.chdir(where)
    for name, text in files:
        latin = text.startswith("# saved as Latin-1")
        (where / name).parent.mkdir(parents=True, exist_ok=True)
        (where / name).write_bytes(text.encode("latin-1" if latin else "utf-8"))
    if code == "no-ledgers":
        (where / PATHS[code]).mkdir()
    paths = [PATHS[code]] if code in PATHS else [name for name, _text in files]
    with use_locale(locale):
        ledgers = bevilling.load(paths)
        report = check(ledgers)
    return render_report_text(report, ledgers.sources)


def test_every_code_has_an_example_in_both_languages() -> None:
    """Every loader and check code has a section with a ledger (or a path) and the output in
    Danish and in English (a guard: a code without a golden example fails here)."""
    missing = [
        code
        for code in all_codes()
        if code not in ALL_EXAMPLES
        or set(ALL_EXAMPLES[code][1]) != {"da", "en"}
        or not (ALL_EXAMPLES[code][0] or code in PATHS or code in SOURCE_CODES)
    ]
    assert [] == missing


def _agrees(shown: str, output: str) -> list[str]:
    """How ``shown`` differs from ``output`` (empty when the page shows the output)."""
    problems = []
    want = [line for line in shown.splitlines() if _FINDING.match(line)]
    have = [line for line in output.splitlines() if _FINDING.match(line)]
    if want != have:
        problems.append(f"findings: shown {want!r}, printed {have!r}")
    lines = output.splitlines()
    at = 0
    for line in shown.splitlines():
        prefix = line.removesuffix("...")
        while at < len(lines) and not (
            lines[at] == line or (prefix != line and lines[at].startswith(prefix))
        ):
            at += 1
        if at == len(lines):
            problems.append(f"not printed (in this order): {line!r}")
            break
        at += 1
    return problems


@pytest.mark.parametrize("locale", ["da", "en"])
@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_example_renders_as_shown(
    code: str, locale: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check` prints the example of each code exactly as docs/checks.md shows it, in Danish
    and in English."""
    shown = EXAMPLES[code][1].get(locale, "")
    assert [] == _agrees(shown, rendered(code, locale, tmp_path, monkeypatch))


# --- no English sentence in Danish output, no Danish one in English -------------------------

#: Words that make a sentence English or Danish (quoted ledger text is left out first).
ENGLISH_WORDS = frozenset(
    ("the", "is", "are", "was", "be", "should", "but", "which", "and", "of", "with", "not",
     "has", "this", "that", "its", "it", "from", "than", "when", "where", "an", "or")
)  # fmt: skip
DANISH_WORDS = frozenset(
    ("og", "er", "ikke", "der", "til", "af", "det", "den", "en", "et", "på", "med", "som",
     "eller", "men", "har", "hvis", "skal", "kan", "fra")
)  # fmt: skip
_QUOTED = re.compile(r'"[^"\n]*"|\'[^\'\n]*\'|`[^`\n]*`')
_EXCERPT = re.compile(r"^\s+\d* \| .*$", re.MULTILINE)
_CODE = re.compile(r"^\S+?(?::\d+)?: \w+\[[a-z0-9-]+\]", re.MULTILINE)


def foreign_words(text: str, words: frozenset[str]) -> list[str]:
    """The ``words`` in ``text`` outside quotes, excerpts, places and codes.

    >>> foreign_words('t.yaml:1: fejl[not-utf8]: tabel "Is the best": the rows', ENGLISH_WORDS)
    ['the']
    """
    text = _QUOTED.sub(" ", _CODE.sub(" ", _EXCERPT.sub(" ", text)))
    return [word for word in re.findall(r"[^\W\d_]+", text.casefold()) if word in words]


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_no_sentence_in_the_other_language(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Danish output of an example has no English function word outside quoted ledger
    text and excerpts, and the English output no Danish one."""
    (tmp_path / "da").mkdir()
    (tmp_path / "en").mkdir()
    danish = rendered(code, "da", tmp_path / "da", monkeypatch)
    english = rendered(code, "en", tmp_path / "en", monkeypatch)
    assert ([], []) == (
        foreign_words(_without_ledger_names(danish), ENGLISH_WORDS),
        foreign_words(_without_ledger_names(english), DANISH_WORDS),
    )


def _without_ledger_names(text: str) -> str:
    """``text`` without the ledger text messages name unquoted: table names in parentheses
    with a place (``t.yaml:6 (Tabel 9)``, ``(t.yaml:6, Tabel 9)``) and the title words of
    ``possible-duplicate``."""
    text = re.sub(r"\S+\.yaml:\d+ \([^)]*\)|\(\S+\.yaml:\d+, [^)]*\)", " ", text)
    return re.sub(r"(shared title words|fælles ord i titlen:) .*", "", text)


def test_the_detector_finds_a_sentence_in_the_other_language() -> None:
    """The detector is not vacuous: it finds an English sentence left in Danish output and a
    Danish one in English output."""
    assert ["the", "is"] == foreign_words("t.yaml:1: fejl[x]: the total is wrong", ENGLISH_WORDS)
    assert ["er", "ikke"] == foreign_words("t.yaml:1: error[x]: totalen er ikke", DANISH_WORDS)
