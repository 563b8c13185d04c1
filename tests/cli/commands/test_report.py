"""Tests for bevilling.cli.commands.report: the page is written, exit codes, options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT

pytest.importorskip("jinja2")
pytest.importorskip("matplotlib")

BROKEN = """\
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - {name: T, category: driftsmidler, stated_total: 5, appropriations: [
      {title: X, amount: 4, expires: 2016}]}
"""


@pytest.fixture
def epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed time of making (2026-01-01 00:00 UTC) and the default locale."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)


@pytest.mark.usefixtures("epoch")
def test_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling report -o rapport.html --year 2016` writes the page, says so, exits 0; the
    page says when it was made ($SOURCE_DATE_EPOCH) and holds 8.219."""
    target = tmp_path / "rapport.html"
    assert 0 == main(["report", "-o", str(target), "--year", "2016", str(ROOT / "ledger")])
    assert f"skrev {target}: 0 fejl, 3 advarsler, 1 accepteret\n" == capsys.readouterr().out
    html = target.read_text(encoding="utf-8")
    assert "2026-01-01 00:00 UTC" in html
    assert "I alt</th>" in html
    assert ">8.219<" in html


@pytest.mark.usefixtures("epoch")
def test_refuses_to_overwrite_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing file is kept unless --force (as `export` does)."""
    target = tmp_path / "rapport.html"
    target.write_text("mine", encoding="utf-8")
    assert 2 == main(["report", "-o", str(target), str(ROOT / "ledger")])
    assert "findes allerede; brug --force" in capsys.readouterr().err
    assert "mine" == target.read_text(encoding="utf-8")
    assert 0 == main(["report", "-o", str(target), "--force", str(ROOT / "ledger")])
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.usefixtures("epoch")
def test_standard_output_and_english(capsys: pytest.CaptureFixture[str]) -> None:
    """`-o -` writes the page to standard output; --locale en writes it in English."""
    assert 0 == main(
        ["report", "-o", "-", "--year", "2016", "--locale", "en", str(ROOT / "ledger")]
    )
    out = capsys.readouterr().out
    assert '<html lang="en">' in out
    assert ">8,219<" in out


@pytest.mark.usefixtures("epoch")
def test_errors_write_the_page_and_exit_1(
    tmp_path: Path, write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Ledgers with errors: the page is still written (CI publishes it), without figures, and
    the exit code is 1; --allow-errors adds the figures."""
    ledger = write_ledger(BROKEN)
    target = tmp_path / "rapport.html"
    assert 1 == main(["report", "-o", str(target), str(ledger)])
    assert capsys.readouterr().err == (
        "bevilling report: fejl: `bevilling check` finder 1 fejl (total-mismatch ×1) i disse"
        " bevillingsfiler; siden viser den og udelader tallene (de kan være forkerte); ret fejlen,"
        " eller brug --allow-errors for at få tallene med\n"
    )
    html = target.read_text(encoding="utf-8")
    assert "total-mismatch" in html
    assert 'id="expiring"' not in html
    assert 1 == main(["report", "-o", str(target), "--force", "--allow-errors", str(ledger)])
    assert 'id="expiring"' in target.read_text(encoding="utf-8")


@pytest.mark.usefixtures("epoch")
def test_allow_errors_says_the_page_is_made_from_ledgers_with_errors(
    tmp_path: Path, write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`report --allow-errors` printed the same line as without it ("the page shows them"),
    although the page now holds figures that may be wrong; it says so as every other report
    does with --allow-errors: how many errors, of which codes (exit 1: the errors are there)."""
    ledger = write_ledger(BROKEN)
    target = tmp_path / "rapport.html"
    argv = ["report", "-o", str(target), "--force", "--allow-errors", str(ledger)]
    assert 1 == main(argv)
    assert capsys.readouterr().err == (
        "bevilling report: advarsel: `bevilling check` finder 1 fejl (total-mismatch ×1) i disse"
        " bevillingsfiler; rapporten laves alligevel (--allow-errors), så tallene kan være"
        " forkerte\n"
    )
    assert 1 == main([*argv, "--locale", "en"])
    assert capsys.readouterr().err == (
        "bevilling report: warning: `bevilling check` finds 1 error (total-mismatch ×1) in these"
        " ledgers; reporting anyway (--allow-errors), so the figures may be wrong\n"
    )


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unreadable path, an unknown category or locale, a two-digit year, no -o: exit 2,
    and no page."""
    target = tmp_path / "rapport.html"
    assert 2 == main(["report", "-o", str(target), str(tmp_path / "missing")])
    assert 2 == main(["report", "-o", str(target), "--category", "drift", str(ROOT / "ledger")])
    assert 2 == main(["report", "-o", str(target), "--locale", "fr", str(ROOT / "ledger")])
    assert 2 == main(["report", "-o", str(target), "--year", "16"])
    assert 2 == main(["report", str(ROOT / "ledger")])
    capsys.readouterr()
    assert not target.exists()


def test_missing_extra_is_a_clear_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the report extra: exit 2 and the pip command, no traceback."""
    import sys

    monkeypatch.setitem(sys.modules, "jinja2", None)
    assert 2 == main(["report", "-o", str(tmp_path / "r.html"), str(ROOT / "ledger")])
    assert "pip install 'bevilling[report]'" in capsys.readouterr().err


def test_ci_examples_publish_the_page() -> None:
    """examples/ci: GitHub uploads rapport.html as an artifact (also when the check fails) and
    ends with `check --format github`; GitLab exposes the page and a Code Quality report."""
    import yaml

    github = yaml.safe_load((ROOT / "examples" / "ci" / "github-actions.yml").read_text("utf-8"))
    steps = github["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(run.startswith("bevilling report -o rapport.html") for run in runs)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert ("always()", "rapport.html") == (upload["if"], upload["with"]["path"])
    assert runs[-1].startswith("bevilling check --format github")
    gitlab = yaml.safe_load((ROOT / "examples" / "ci" / "gitlab-ci.yml").read_text("utf-8"))
    job = gitlab["bevilling-check"]
    assert any(line.startswith("bevilling report -o rapport.html") for line in job["script"])
    assert any("check --format gitlab" in line for line in job["script"])
    assert ["rapport.html"] == job["artifacts"]["paths"]
    assert "gl-code-quality-report.json" == job["artifacts"]["reports"]["codequality"]
    assert job["artifacts"]["expose_as"]


def test_report_line_of_the_ci_example_runs(tmp_path: Path) -> None:
    """The shell line of the examples (`... || [ $? -eq 1 ]`) passes when the page is written
    with errors and fails for a usage error."""
    import subprocess
    import sys

    (tmp_path / "bad.yaml").write_text(BROKEN, encoding="utf-8")
    line = f"{sys.executable} -m bevilling report -o {tmp_path}/r.html {{}} || [ $? -eq 1 ]"
    written = subprocess.run(["sh", "-c", line.format(tmp_path / "bad.yaml")], check=False)
    assert 0 == written.returncode
    assert (tmp_path / "r.html").exists()
    missing = subprocess.run(["sh", "-c", line.format(tmp_path / "missing")], check=False,
                             capture_output=True)  # fmt: skip
    assert 0 != missing.returncode


def test_only_report_imports_matplotlib_and_jinja2() -> None:
    """The import cost of the report extra is paid by `bevilling report` alone: the other
    commands, `import bevilling` and `import bevilling.reports` never import them."""
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "import bevilling, bevilling.reports\n"
        "from bevilling.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['expiring', '--year', '2016']); main(['check']); main(['timeline'])\n"
        "print(sorted(m for m in ('matplotlib', 'jinja2', 'markupsafe') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "[]\n" == done.stdout


@pytest.mark.usefixtures("epoch")
def test_price_levels(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--phase all mixes 2016 and 2017 p/l: the page is written without the figures, saying
    why, exit 1; --allow-mixed-price-levels shows them with a warning; --price-level 2017 with
    a price index converts every figure."""
    target = tmp_path / "r.html"
    ledgers = str(ROOT / "ledger")
    assert 1 == main(["report", "-o", str(target), "--phase", "all", ledgers])
    assert "tallene er udeladt" in capsys.readouterr().err
    assert 'id="expiring"' not in target.read_text(encoding="utf-8")
    argv = ["report", "-o", str(target), "--force", "--phase", "all", ledgers]
    assert 0 == main([*argv, "--allow-mixed-price-levels"])
    assert "--allow-mixed-price-levels" in capsys.readouterr().err
    index = str(ROOT / "examples" / "prisindeks-opdigtet.yaml")
    assert 0 == main(
        ["report", "-o", str(target), "--force", "--phase", "proposed", "--price-level",
         "2017", ledgers, index]
    )  # fmt: skip
    assert "Beløb (1.000 kr., 2017 p/l)" in target.read_text(encoding="utf-8")
