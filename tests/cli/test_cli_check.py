"""`bevilling check`: golden output, exit codes, formats, options."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bevilling.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the repository root, so that the default path `ledger/` is the shipped one."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)


@pytest.mark.usefixtures("in_root")
def test_shipped_ledgers_pass_and_show_the_accepted_discrepancy(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`bevilling check` (default ledger/) exits 0, shows the accepted 1.200 with the Danish
    reason and the auditor's warnings, and ends with the summary line."""
    assert 0 == main(["check"])
    out = capsys.readouterr().out
    assert (
        'ledger/udsatte-2015.yaml:26: fejl[total-mismatch]: tabel "Tablet 8: Oversigt over'
        ' driftsmidler tildelt målgrupperne": oplyst total 48.779, rækkerne summer til 47.579,'
        " difference 1.200 t.kr. (accepteret)\n"
        "  26 |     stated_total: 48779\n"
        "  accepteret: Den trykte total i kildedokumentet (48.779 t.kr.) overstiger summen af de"
        " 13 trykte rækker (47.579 t.kr.) med 1.200 t.kr. Summen af de trykte rækker anses for"
        " korrekt; uoverensstemmelsen ligger i kildedokumentet og er transskriberet, som den er"
        " trykt. Forskellen svarer til beløbet for Mikrolån (D11).\n"
    ) in out
    assert out.endswith("\n3 bevillingsfiler, 26 bevillinger: 0 fejl, 3 advarsler, 1 accepteret\n")
    assert 4 == out.count("]: ")


@pytest.mark.usefixtures("in_root")
def test_no_accepted_and_strict_fail(capsys: pytest.CaptureFixture[str]) -> None:
    """--no-accepted shows the discrepancy raw and exits 1; --strict fails on warnings."""
    assert 1 == main(["check", "--no-accepted"])
    assert "1 fejl, 3 advarsler, 0 accepterede" in capsys.readouterr().out
    assert 1 == main(["check", "--strict", "ledger/"])
    assert 0 == main(["check", "--strict", "--ignore", "mixed-price-levels,description-amount",
                      "--ignore=possible-duplicate"])  # fmt: skip


@pytest.mark.usefixtures("in_root")
def test_indsatsbudget_golden(capsys: pytest.CaptureFixture[str]) -> None:
    """The example ledger: the 0,1 gap is total-rounding, a warning, and the run passes."""
    assert 0 == main(["check", "examples/ledgers/indsatsbudget-2015.yaml"])
    assert (
        "examples/ledgers/indsatsbudget-2015.yaml:32: advarsel[total-rounding]: samlet total:"
        " oplyst 271,1, tabellerne summer til 271,2, difference -0,1 mio. kr., inden for den"
        " angivne afrunding til 0,1 (højst 0,1 for 4 tal)\n"
        "  32 | stated_total: '271,1'\n"
        "  tip: intet at rette, hvis kilden trykker disse tal: afrundede tal behøver ikke at"
        " summe præcist; acceptér fundet med `code: total-rounding` for at registrere det\n"
        "\n"
        "1 bevillingsfil, 9 bevillinger: 0 fejl, 1 advarsel, 0 accepterede\n"
    ) == capsys.readouterr().out


def test_clean_ledger_prints_one_line(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A clean ledger gives exit 0 and nothing but the summary line."""
    path = write_ledger("""\
        format: bevilling/1
        title: T
        document: Budgetaftale 2015
        unit: 1000 DKK
        tables:
          - {name: T, category: driftsmidler, stated_total: 1200, appropriations: [
              {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
        """)
    assert 0 == main(["check", str(path)])
    assert "1 bevillingsfil, 1 bevilling: 0 fejl, 0 advarsler, 0 accepterede\n" == (
        capsys.readouterr().out
    )
    assert 0 == main(["check", str(path), "--locale", "en"])
    assert "1 ledger, 1 appropriation: 0 errors, 0 warnings, 0 accepted\n" == (
        capsys.readouterr().out
    )


def test_usage_errors_exit_2(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown code (with a did-you-mean), a bad locale and an unreadable path exit 2."""
    path = str(write_ledger("format: bevilling/1\n"))
    assert 2 == main(["check", "--select", "total-mismatc", path])
    assert (
        "bevilling check: fejl: ukendt kode 'total-mismatc': mente du `total-mismatch`?\n"
        == capsys.readouterr().err
    )
    assert 2 == main(["check", "--select", "total-mismatc", path, "--locale", "en"])
    assert (
        "bevilling check: error: unknown code 'total-mismatc': did you mean `total-mismatch`?\n"
        == capsys.readouterr().err
    )
    assert 2 == main(["check", "--locale", "fr", path])
    assert "--locale: sproget 'fr' understøttes ikke" in capsys.readouterr().err
    assert 2 == main(["check", "--format", "json", "no/such/dir"])
    document = json.loads(capsys.readouterr().out)
    assert ["unreadable"] == [p["code"] for p in document["problems"]]


def test_load_errors_exit_1_in_the_chosen_format(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Loader problems are reported like check findings, in the chosen format, and exit 1."""
    path = write_ledger("format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
                        "  - {name: T, category: driftsmidler, appropriations: [\n"
                        "      {title: X, amount: 1.200, expires: 2016}]}\n")  # fmt: skip
    assert 1 == main(["check", "--format", "github", str(path)])
    out = capsys.readouterr().out
    assert out.startswith(f"::error file={path},line=7,title=bevilling ambiguous-number::")


@pytest.mark.usefixtures("in_root")
def test_json_format(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json parses, with the counts, the accepted reason and, for a finding that
    compares figures (and for description-amount), the figures themselves (exact decimal
    strings, for a CI script)."""
    assert 0 == main(["check", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert (0, 3, 1) == (document["errors"], document["warnings"], document["accepted"])
    accepted = [p for p in document["problems"] if p["accepted"]]
    assert ["total-mismatch"] == [p["code"] for p in accepted]
    figures = {"scope": "table", "stated": "48779", "sum": "47579", "difference": "1200",
               "year": None}  # fmt: skip
    assert figures == accepted[0]["figures"]
    described = [p["figures"] for p in document["problems"] if p["code"] == "description-amount"]
    assert [{"scope": "description", "named": ["1900"], "amount": "1187"}] == described
    assert [] == [
        p
        for p in document["problems"]
        if p["code"] not in ("total-mismatch", "description-amount") and "figures" in p
    ]


@pytest.mark.usefixtures("in_root")
def test_locale_en(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale en writes the words in English and the figures in English notation."""
    main(["check", "--locale", "en", "--select", "total-mismatch"])
    assert (
        'error[total-mismatch]: table "Tablet 8: Oversigt over driftsmidler tildelt'
        ' målgrupperne": stated total 48,779, the rows add up to 47,579, difference 1,200'
        " (DKK thousand) (accepted)\n"
    ) in capsys.readouterr().out


def test_subprocess_junit() -> None:
    """`python -m bevilling check --format junit` works as a process and writes XML."""
    import xml.etree.ElementTree as ET

    result = subprocess.run(
        [sys.executable, "-m", "bevilling", "check", "--format", "junit", "--no-accepted"],
        cwd=ROOT, capture_output=True, text=True, check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )  # fmt: skip
    assert 1 == result.returncode, result.stderr
    root = ET.fromstring(result.stdout)  # noqa: S314 - our own output
    names = [s.get("name") for s in root.findall("testsuite")]
    assert [
        "ledger/bi2-saerlig-indsats-udsatte.yaml",
        "ledger/biie-vision-2020-flere-i-fleksjob.yaml",
        "ledger/udsatte-2015.yaml",
    ] == names
    assert "1" == root.get("failures")


def test_pre_commit_hook_and_ci_examples_run_check() -> None:
    """The pre-commit hook and the CI examples run `bevilling check`."""
    import yaml

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert ["bevilling-check"] == [h["id"] for h in hooks]
    assert hooks[0]["entry"].startswith("bevilling check")
    github = (ROOT / "examples" / "ci" / "github-actions.yml").read_text(encoding="utf-8")
    gitlab = (ROOT / "examples" / "ci" / "gitlab-ci.yml").read_text(encoding="utf-8")
    assert "bevilling check --format github" in yaml.safe_load(github)["jobs"]["check"][
        "steps"][-1]["run"]  # fmt: skip
    job = yaml.safe_load(gitlab)["bevilling-check"]
    assert any("bevilling check" in line for line in job["script"])
    assert "bevilling-check.xml" == job["artifacts"]["reports"]["junit"]


MANY = "tests/cli/golden/many-findings.yaml"


@pytest.mark.usefixtures("in_root")
def test_github_limit_counts() -> None:
    """11 errors and 12 warnings: 10 ::error, 10 ::warning, and one line for the rest."""
    from bevilling.audit import check, render_report_github
    from bevilling.i18n.catalogs import use_locale
    from bevilling.read import load

    with use_locale("en"):
        lines = render_report_github(check(load([MANY]))).splitlines()
    assert 10 == sum(line.startswith("::error ") for line in lines)
    assert 10 == sum(line.startswith("::warning ") for line in lines)
    assert lines[0].startswith("::error ")
    assert (
        "bevilling: 1 more error, 2 more warnings not annotated (GitHub shows 10 of each kind"
        " per step); the job summary and `bevilling check` list every finding"
    ) == lines[-2]


@pytest.mark.usefixtures("in_root")
def test_gitlab_is_code_climate_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--format gitlab: Code Climate JSON with description, check_name, fingerprint,
    severity, location.path and location.lines.begin; fingerprints unique (the whole output
    is pinned in tests/cli/golden/check-gitlab*.txt)."""
    assert 1 == main(["check", "--format", "gitlab", MANY])
    issues = json.loads(capsys.readouterr().out)
    for issue in issues:
        assert {"description", "check_name", "fingerprint", "severity", "location"} <= set(issue)
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["lines"]["begin"] >= 1
    assert len(issues) == len({issue["fingerprint"] for issue in issues})
    assert 23 == len(issues)


def test_gitlab_fingerprints_survive_lines_added_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A finding keeps its fingerprint when lines are added above it (GitLab then shows it
    as an old finding, not a new one), and when the report's language changes."""
    ledger = tmp_path / "l.yaml"
    text = (ROOT / MANY).read_text(encoding="utf-8")
    ledger.write_text(text, encoding="utf-8")
    main(["check", "--format", "gitlab", str(ledger)])
    before = [i["fingerprint"] for i in json.loads(capsys.readouterr().out)]
    ledger.write_text("# a new comment\n# and another\n" + text, encoding="utf-8")
    main(["check", "--format", "gitlab", "--locale", "en", str(ledger)])
    after = json.loads(capsys.readouterr().out)
    assert before == [i["fingerprint"] for i in after]
    assert 14 == after[0]["location"]["lines"]["begin"]


def test_gitlab_paths_are_relative_to_the_current_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --format gitlab /abs/path/ledger/x.yaml` run in the repository: GitLab places
    findings by their path from the repository root, so the path is relative to the current
    directory; a file outside it keeps its absolute path."""
    (tmp_path / "repo" / "ledger").mkdir(parents=True)
    ledger = tmp_path / "repo" / "ledger" / "l.yaml"
    ledger.write_text((ROOT / MANY).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    main(["check", "--format", "gitlab", str(ledger)])
    inside = {i["location"]["path"] for i in json.loads(capsys.readouterr().out)}
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    main(["check", "--format", "gitlab", str(ledger)])
    outside = {i["location"]["path"] for i in json.loads(capsys.readouterr().out)}
    assert ({"ledger/l.yaml"}, {str(ledger)}) == (inside, outside)


@pytest.mark.usefixtures("in_root")
def test_github_writes_the_whole_report_to_the_step_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With $GITHUB_STEP_SUMMARY set, the whole report is appended there as Markdown: every
    finding, also those beyond the 10 annotations, ledger text escaped."""
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert 1 == main(["check", "--format", "github", MANY])
    capsys.readouterr()
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n## bevilling check\n")
    assert 23 == text.count("| tests/cli/golden/many-findings.yaml:")
    assert text.index("| fejl |") < text.index("| advarsel |")
