"""README.md is tested: its quick start, shown outputs and Python example are real."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def blocks(language: str) -> list[str]:
    """The fenced code blocks of README.md in ``language`` ("" for unmarked ones)."""
    return re.findall(rf"^```{language}\n(.*?)^```$", README, flags=re.M | re.S)


def test_quick_start_is_two_commands_and_ci_runs_them() -> None:
    """The quick start installs and runs the main job, then tests; .ci/run runs the same."""
    install, tests = blocks("sh")[:2]
    assert "python -m pip install -e '.[test]' && bevilling expiring --year 2016\n" == install
    assert "python -m pytest\n" == tests
    assert "python -m pip install -e '.[test]'\n" in CI
    assert "\nbevilling expiring --year 2016\n" in CI
    assert "\npython -m pytest\n" in CI


@pytest.mark.parametrize(
    "shown", [b for b in blocks("") if b.startswith("$ bevilling ")], ids=lambda b: b[:40]
)
def test_shown_output_is_what_the_command_prints(shown: str) -> None:
    """Each `$ bevilling ...` block shows exactly what the command prints today."""
    command, _, expected = shown.partition("\n")
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", *shlex.split(command.removeprefix("$ bevilling "))],
        cwd=ROOT, capture_output=True, text=True, check=False, encoding="utf-8",
        env={"PATH": "", "COLUMNS": "200", "BEVILLING_LOCALE": "da"},
    )  # fmt: skip
    assert expected == done.stdout


def test_python_example_runs() -> None:
    """The "From Python" example runs as written, from the repository root."""
    (example,) = blocks("python")
    done = subprocess.run(
        [sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True,
        check=False, encoding="utf-8",
    )  # fmt: skip
    assert ("", 0) == (done.stderr, done.returncode)
    assert "8219\n" in done.stdout
    assert "| D11 " in done.stdout
