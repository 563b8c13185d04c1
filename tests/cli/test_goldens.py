"""Golden outputs of every command, in Danish (the default) and in English (`--locale en`).

Each case runs `bevilling ARGS` from the repository root on the shipped ledgers (or the
fixtures in tests/cli/golden/) and compares the exit code, stdout and stderr with
``tests/cli/golden/<case>.<da|en>.txt``.  The files are the real outputs, read by a person:
a change of wording shows up here as a diff to review in both languages.

After an intended change, rewrite the files and read the diff before committing it::

    BEVILLING_GOLDEN=update python -m pytest -p no:cacheprovider tests/cli/test_goldens.py
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
FIXTURES = GOLDEN.relative_to(ROOT).as_posix()
SEEDS = "tests/data/seeds"

#: The cases: name -> command line (run from the repository root, paths relative to it).
CASES = {
    "help": ["--help"],
    "help-check": ["check", "--help"],
    "check": ["check", "ledger/"],
    "check-no-accepted": ["check", "ledger/", "--no-accepted"],
    "check-indsatsbudget": ["check", "examples/ledgers/indsatsbudget-2015.yaml"],
    "check-load-errors": ["check", f"{FIXTURES}/broken.yaml"],
    "check-github": ["check", "ledger/", "--format", "github"],
    "check-github-many": ["check", f"{FIXTURES}/many-findings.yaml", "--format", "github"],
    "check-gitlab": ["check", "ledger/", "--format", "gitlab"],
    "check-gitlab-many": ["check", f"{FIXTURES}/many-findings.yaml", "--format", "gitlab"],
    "help-report": ["report", "--help"],
    "expiring": ["expiring", "--year", "2016", "--width", "0"],
    "expiring-until": ["expiring", "--until", "2015", "--include-open", "--width", "0"],
    "totals": ["totals", "--by", "target-group", "--width", "0"],
    "timeline": ["timeline", "--from", "2015", "--to", "2020", "--phase", "all", "--width", "0"],
    "show": ["show", "D11", "--width", "0"],
    "show-unknown": ["show", "D1"],
    "refused": ["totals", f"{FIXTURES}/off.yaml"],
    "diff": ["diff", f"{FIXTURES}/old.yaml", f"{FIXTURES}/new.yaml"],
    "diff-markdown": ["diff", f"{FIXTURES}/old.yaml", f"{FIXTURES}/new.yaml", "--format",
                      "markdown"],
    "diff-followup": ["diff", f"{FIXTURES}/diff-followup/old", f"{FIXTURES}/diff-followup/new"],
    "diff-followup-markdown": ["diff", f"{FIXTURES}/diff-followup/old",
                               f"{FIXTURES}/diff-followup/new", "--format", "markdown"],
    "import": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-", "--phase", "proposed",
               "--id-prefix", "VF-", "--title", "BIIe Vision 2020: Flere i fleksjob",
               "--document", "Budgetnotat BIIe Vision 2020: Flere i fleksjob"],
    "import-errors": ["import", f"{SEEDS}/indsatsbudget-2015-tabel8.txt", "-o", "-"],
    "import-fill-down-unknown": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-",
                                 "--fill-down", "udvalg,Målgruppe"],
    "import-fill-down-title": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-",
                               "--fill-down", "title"],
    "import-rounded-to-ambiguous": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-",
                                    "--rounded-to", "1.000"],
    "import-rounded-to-zero": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-",
                               "--rounded-to", "0,0"],
    "import-rounded-to-misfit": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-",
                                 "--phase", "proposed", "--rounded-to", "1000"],
    "import-unit-conflict": ["import", f"{SEEDS}/biie-tabel2.txt", "-o", "-", "--unit",
                             "mio DKK", "--price-level", "2016"],
    "import-caption-conflict": ["import", f"{FIXTURES}/caption-conflict.tsv", "-o", "-",
                                "--category", "driftsmidler"],
    "import-caption-chosen": ["import", f"{FIXTURES}/caption-conflict.tsv", "-o", "-",
                              "--category", "driftsmidler", "--unit", "1000 DKK"],
    "import-header-conflict": ["import", f"{FIXTURES}/header-conflict.tsv", "-o", "-",
                               "--category", "driftsmidler"],
    "import-header-chosen": ["import", f"{FIXTURES}/header-conflict.tsv", "-o", "-",
                             "--category", "driftsmidler", "--unit", "mio DKK"],
    "usage-error": ["expiring", "--year", "16"],
    "price-level": ["timeline", "--phase", "proposed", "--price-level", "2017", "ledger",
                    "examples/prisindeks-opdigtet.yaml", "--width", "0", "--ascii"],
    "price-level-show": ["show", "VF-1", "--price-level", "2016", "ledger",
                         "examples/prisindeks-opdigtet.yaml", "--width", "0"],
    "mixed-price-levels": ["totals", "--phase", "proposed"],
    "mixed-price-levels-allowed": ["totals", "--phase", "proposed", "--allow-mixed-price-levels"],
    "price-index-check": ["check", "ledger", f"{FIXTURES}/prisindeks-hul.yaml"],
    "help-followup": ["followup", "--help"],
    "followup": ["followup", "--year", "2016", "ledger", "examples/followup", "--width", "0"],
    "followup-json": ["followup", "--year", "2015", "ledger", "examples/followup", "--format",
                      "json"],
    "followup-price-level": ["followup", "--year", "2016", "--phase", "proposed",
                             "--price-level", "2017", "ledger", "examples/followup",
                             "examples/prisindeks-opdigtet.yaml", "--width", "0"],
    "check-followup": ["check", "ledger", "examples/followup"],
    "expiring-unspent": ["expiring", "--year", "2016", "ledger", "examples/followup", "--width",
                         "0"],
    "timeline-spent": ["timeline", "--from", "2015", "--to", "2017", "--spent", "ledger",
                       "examples/followup", "--width", "0", "--ascii"],
    "show-history": ["show", "D03", "ledger", "examples/followup", "--width", "0"],
    "import-spending": ["import", "--spending", f"{FIXTURES}/forbrug-eksport.csv", "-o", "-",
                        "--ledgers", "ledger"],
}  # fmt: skip

LOCALES = {"da": [], "en": ["--locale", "en"]}


def render(argv: list[str], code: int, out: str, err: str) -> str:
    """A case as its golden file shows it."""
    return f"$ bevilling {shlex.join(argv)}\n[exit {code}]\n--- stdout\n{out}--- stderr\n{err}"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``bevilling ARGV`` in-process from the repository root."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        code = main(argv)
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return render(argv, code, out, err)


@pytest.fixture(autouse=True)
def _default_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.setenv("COLUMNS", "80")


@pytest.mark.parametrize("locale", list(LOCALES))
@pytest.mark.parametrize("case", list(CASES))
def test_golden_output(case: str, locale: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The command prints exactly its golden output, in each language."""
    actual = run([*LOCALES[locale], *CASES[case]], capsys)
    path = GOLDEN / f"{case}.{locale}.txt"
    if os.environ.get("BEVILLING_GOLDEN") == "update":
        path.write_text(actual, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == actual


def test_every_golden_file_belongs_to_a_case() -> None:
    """No golden file is left over from a case that was removed or renamed."""
    expected = {f"{case}.{locale}.txt" for case in CASES for locale in LOCALES}
    assert set() == {path.name for path in GOLDEN.glob("*.txt")} - expected
