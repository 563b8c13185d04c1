"""Acceptance (issue 12, "Danish first"): the command line speaks one language at a time.

`bevilling check ledger/ --no-accepted`, `bevilling --help`, every command's `--help` and the
usual usage errors print no English sentence in the default locale, and no Danish one with
`--locale en`, ledger excerpts and quoted ledger text aside.

The detector looks for the small words every sentence of a language needs (English: the, is,
are, and, not, ...; Danish: og, ikke, er, der, skal, ...) in the output, after taking out what
is not bevilling's own wording: excerpt lines (`  26 |     stated_total: 48779`), text in
quotes or backticks, every text the shipped ledgers contain (titles, table names,
descriptions, quoted in a message or not), option names and the values a user types
(`--no-accepted`, `{approved,proposed,all}`), paths and environment variables.  Words both
languages write (`for`, `i`, `to`, `at`, `en`, `have`, `by`) are not used; nor is `all`, a
value of ``--phase`` (``standard: all``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bevilling.cli import main
from bevilling.cli.commands import COMMANDS
from tests.conftest import ROOT

#: Words no Danish sentence uses and most English ones do.
ENGLISH = frozenset({
    "the", "is", "are", "and", "not", "should", "must", "which", "with", "this", "that", "these",
    "those", "of", "in", "on", "or", "from", "be", "was", "were", "has", "does", "do", "can",
    "cannot", "will", "would", "when", "where", "if", "than", "then", "there", "their", "its",
    "it", "an", "a", "as", "no", "into", "only", "also", "each", "every", "any", "been", "being",
    "what", "how",
})  # fmt: skip
#: Words no English sentence uses and most Danish ones do.
DANISH = frozenset({
    "og", "ikke", "er", "der", "skal", "eller", "med", "til", "af", "som", "kan", "det", "den",
    "de", "et", "på", "fra", "ved", "om", "har", "hvis", "når", "ingen", "alle", "dem", "denne",
    "disse", "også", "efter", "før", "kun", "men", "så", "sig", "sin", "sit", "hvor", "hvad",
    "hver", "bliver", "blev", "være", "været", "vises", "står",
})  # fmt: skip

EXCERPT = re.compile(r"^\s*\d+ \| .*$", re.MULTILINE)
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
CHOICES = re.compile(r"\{[^}\s]*\}")
QUOTED = re.compile(r"\"[^\"\n]*\"|'[^'\n]*'|`[^`\n]*`|“[^”\n]*”|«[^»\n]*»")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def _ledger_texts() -> list[str]:
    """Every text the shipped ledgers contain (longest first, so that a title is taken out
    before a word of it)."""
    texts: set[str] = set()

    def walk(node: object) -> Iterator[str]:
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for key, value in node.items():
                yield from walk(key)
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for path in sorted((ROOT / "ledger").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts.update(text.strip() for text in walk(data) if len(text.strip()) >= 3)
    return sorted(texts, key=len, reverse=True)


LEDGER_TEXTS = _ledger_texts()


def own_words(output: str) -> list[str]:
    """The words of ``output`` that are bevilling's own wording (lower-cased)."""
    text = EXCERPT.sub("", output)
    for ledger_text in LEDGER_TEXTS:
        text = text.replace(ledger_text, " ")
    text = QUOTED.sub(" ", text)
    text = CHOICES.sub(" ", OPTION.sub(" ", text))  # --no-accepted, {approved,proposed,all}
    words = []
    for token in text.split():
        if any(sign in token for sign in "/=_$"):
            continue  # paths, key=value, LC_ALL, $BEVILLING_LOCALE
        words.extend(word.lower() for word in WORD.findall(token))
    return words


def foreign_words(output: str, locale: str) -> list[str]:
    """The function words of the *other* language in ``output``, with their lines."""
    foreign = ENGLISH if locale == "da" else DANISH
    found = []
    for line in output.splitlines():
        hits = [word for word in own_words(line) if word in foreign]
        if hits:
            found.append(f"{hits}: {line.strip()}")
    return found


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    """stdout and stderr of `bevilling ARGV`, run from the repository root."""
    import os

    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        main(argv)
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return out + err


COMMAND_LINES = [
    ["check", "ledger/", "--no-accepted"],
    ["--help"],
    *[[command.name, "--help"] for command in COMMANDS],
    # usage errors: argparse's words and bevilling's
    [],
    ["lst"],
    ["show"],
    ["expiring", "--year", "16"],
    ["expiring"],
    ["list", "--format", "pdf"],
    ["list", "--width"],
    ["totals", "--nope"],
    ["timeline", "--from", "2020", "--to", "2016"],
    ["show", "D1"],
    ["import", "x.tsv", "-o", "x.yaml", "--expires", "17"],
    ["diff", "ledger"],
    ["export", "--to", "xlsx"],
    ["--locale", "fr", "list"],
]


@pytest.fixture(autouse=True)
def _no_locale_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda argv: " ".join(argv) or "(none)")
def test_no_english_sentence_by_default(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """In the default locale (Danish) not one English function word is printed."""
    output = _run(capsys, argv)
    assert output.strip()
    assert [] == foreign_words(output, "da")


@pytest.mark.parametrize("argv", COMMAND_LINES, ids=lambda argv: " ".join(argv) or "(none)")
def test_no_danish_sentence_in_english(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """With --locale en (given first, as a global option) not one Danish function word."""
    locale = ["--locale", "en"] if argv[:2] != ["--locale", "fr"] else []
    output = _run(capsys, [*locale, *argv])
    assert output.strip()
    expected_locale = "en" if locale else "da"
    assert [] == foreign_words(output, expected_locale)


def test_the_locale_after_the_command_speaks_english_too(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`bevilling check --locale en --help`: the same English as with the global option."""
    assert _run(capsys, ["--locale", "en", "check", "--help"]) == _run(
        capsys, ["check", "--locale", "en", "--help"]
    )


@pytest.mark.parametrize("argv", [["--help"], ["check", "ledger/", "--no-accepted"]])
def test_the_detector_finds_the_other_language(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """The detector is not blind: the English output fails the Danish test and the Danish
    output the English one (many lines each)."""
    english = _run(capsys, ["--locale", "en", *argv])
    danish = _run(capsys, argv)
    assert len(foreign_words(english, "da")) >= 3
    assert len(foreign_words(danish, "en")) >= 3


def test_the_detector_leaves_ledger_text_and_excerpts_alone() -> None:
    """Excerpts, quoted text and the ledgers' own texts are not bevilling's wording."""
    output = (
        "  98 |         description: JKA få 1,9 mio. kr. over aktivitetsbevilling til målgruppen\n"
        'warning[x]: table "Tablet 8: Oversigt over driftsmidler tildelt målgrupperne" and'
        " Borgere med svær psykisk sygdom `code: x`\n"
    )
    assert ["['and']: " + output.splitlines()[1].strip()] == foreign_words(output, "da")
    assert [] == foreign_words(output, "en")
