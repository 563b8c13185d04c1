"""docs/interop.md is tested: every `$ bevilling ...` block shows what the command prints.

Each block of shown commands runs, in order, in a folder of its own that holds what the page
names: the seed tables (`seeds/`), the shipped ledgers (`ledger/`), the spending export and
the Word document the page shows (made here), and `old.yaml`/`new.yaml` (the shipped
`udsatte-2015.yaml` and the edit the page describes).  A command's output is its standard
error, then its standard output, as a terminal shows them; `...` in a shown output stands for
any lines.  A ```` ```text ```` block after "giving" is the file the command before it wrote.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PAGE = ROOT / "docs" / "interop.md"
TEXT = PAGE.read_text(encoding="utf-8")
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def shown_blocks() -> list[tuple[int, str]]:
    """(line, body) of each block that shows a `$ bevilling` command and its output."""
    return [
        (TEXT.count("\n", 0, block.start()) + 1, block.group(2))
        for block in _BLOCK.finditer(TEXT)
        if block.group(1) in {"", "console"} and block.group(2).startswith("$ bevilling ")
    ]


def commands(body: str) -> list[tuple[list[str], list[str]]]:
    """The commands of a block (continuation lines joined) and the output lines shown."""
    found: list[tuple[list[str], list[str]]] = []
    lines = body.splitlines()
    n = 0
    while n < len(lines):
        command = lines[n].removeprefix("$ ")
        while command.endswith("\\"):
            n += 1
            command = command[:-1] + " " + lines[n].strip()
        n += 1
        output = []
        while n < len(lines) and not lines[n].startswith("$ "):
            output.append(lines[n])
            n += 1
        found.append((shlex.split(command)[1:], output))
    return found


def matches(shown: list[str], actual: list[str]) -> bool:
    """True when ``actual`` is ``shown``, a `...` line standing for any lines (or none)."""
    if not shown:
        return not actual
    if shown[0] == "...":
        return any(matches(shown[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and shown[0] == actual[0] and matches(shown[1:], actual[1:])


def _block_after(marker: str) -> str:
    """The body of the first block after ``marker`` in the page."""
    block = _BLOCK.search(TEXT, TEXT.index(marker))
    assert block is not None
    return block.group(2)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder with what the page's commands read."""
    shutil.copytree(ROOT / "tests" / "data" / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "ledger", tmp_path / "ledger")
    (tmp_path / "forbrug-export.csv").write_text(
        _block_after("with `forbrug-export.csv`:"), encoding="utf-8"
    )
    old = (ROOT / "ledger" / "udsatte-2015.yaml").read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(old, encoding="utf-8")
    new = old.replace("amount: 531\n", "amount: 631\n", 1).replace(
        "amount: 9600\n        expires: Faldende profil", "amount: 9600\n        expires: 2017", 1
    )
    assert 2 == sum(a != b for a, b in zip(old.splitlines(), new.splitlines(), strict=True))
    (tmp_path / "new.yaml").write_text(new, encoding="utf-8")
    _budget_note(tmp_path / "budgetnotat-bi2.docx")
    return tmp_path


def _budget_note(path: Path) -> None:
    """The BI2 budget note as Word prints it: an overview table, then Tabel 2."""
    pytest.importorskip("docx")
    from tests.interop.documents import Printed, bi2_printed, write_docx

    overview = Printed(
        "Tabel 1: Økonomisk overblik",
        [
            ["1.000 kr.", "2017", "2018"],
            ["Service", "1.000", "1.000"],
            ["Indsats", "500", "500"],
            ["Anlæg", "0", "0"],
            ["I alt", "1.500", "1.500"],
        ],
    )
    write_docx(path, [overview, bi2_printed(merged=True)])


@pytest.mark.parametrize(("line", "body"), shown_blocks(), ids=lambda x: str(x)[:12])
def test_shown_output_is_what_the_command_prints(line: int, body: str, folder: Path) -> None:
    """Each `$ bevilling ...` of docs/interop.md prints what the page shows (Danish, the
    default locale), with the inputs the page names."""
    cwd = ROOT if "diff tests/cli/golden" in body else folder  # fixtures of the repository
    for argv, shown in commands(body):
        done = subprocess.run(
            [sys.executable, "-m", "bevilling", *argv], cwd=cwd, capture_output=True,
            text=True, check=False, encoding="utf-8",
            env={"PATH": "", "COLUMNS": "200", "BEVILLING_LOCALE": "da"},
        )  # fmt: skip
        actual = (done.stderr + done.stdout).splitlines()
        assert matches(shown, actual), (line, argv, "\n".join(actual))


def test_the_written_spending_file_is_the_one_shown(folder: Path) -> None:
    """The spending file the page says the import writes ("giving") is the file written."""
    argv = ["import", "--spending", "forbrug-export.csv", "-o", "ledger/forbrug-2016-h1.yaml"]
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", *argv], cwd=folder, capture_output=True, text=True,
        check=False, encoding="utf-8", env={"PATH": "", "BEVILLING_LOCALE": "da"},
    )  # fmt: skip
    assert 0 == done.returncode, done.stderr
    written = (folder / "ledger" / "forbrug-2016-h1.yaml").read_text(encoding="utf-8")
    assert _block_after("\ngiving\n") == written


def test_every_shown_block_is_found() -> None:
    """The blocks the page shows are all found (a change of fence would skip them silently)."""
    assert 6 <= len(shown_blocks())


def test_the_python_example_runs_in_a_fresh_process(folder: Path) -> None:
    """Attack 6, finding 8: the page's "From Python" example called `bevilling.write.dump`
    after `import bevilling`, an AttributeError in a fresh process (the lazy package did not
    import its subpackages), and no test ran the page's Python.  It runs here as written, in
    a new interpreter, with the files it names, and its import takes the `if result.ok:` path."""
    example = re.search(r"## From Python\n\n```python\n(.*?)^```$", TEXT, re.MULTILINE | re.DOTALL)
    assert example is not None
    shutil.copy(folder / "seeds" / "udsatte-2015-tabel9.txt", folder / "tabel9.txt")
    _budget_note(folder / "budgetnotat.docx")
    shutil.copytree(folder / "ledger", folder / "old")
    checks = (
        "\nassert result.ok and text.startswith('format: bevilling/1'), result.problems"
        "\nassert note.ok and isinstance(workbook, bytes) and 'datapackage.json' in files\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", example.group(1) + checks], cwd=folder, capture_output=True,
        text=True, check=False, encoding="utf-8", env={"PATH": "", "BEVILLING_LOCALE": "da"},
    )  # fmt: skip
    assert ("", 0) == (done.stderr, done.returncode)


def test_the_layer_packages_are_attributes_of_the_package_in_a_fresh_process() -> None:
    """`import bevilling; bevilling.write.dump` (and `bevilling.core.model`, `bevilling.interop
    .check_sources`) work as after `import bevilling.write`, whatever was imported before."""
    code = (
        "import bevilling\n"
        "print(bevilling.write.dump.__name__, bevilling.core.model.__name__,"
        " bevilling.interop.check_sources.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False,
        encoding="utf-8",
    )  # fmt: skip
    assert ("dump bevilling.core.model check_sources\n", "") == (done.stdout, done.stderr)
