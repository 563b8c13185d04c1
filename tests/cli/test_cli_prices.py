"""`--price-level` and `--allow-mixed-price-levels` on the command line: goldens in Danish and
English, refusal (exit 1) and allowing (a warning on stderr), JSON and CSV saying the level."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT

INDEX = "examples/prisindeks-opdigtet.yaml"
"""The invented example index (not KL's pris- og lønskøn)."""


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process from the repository root (so paths print as ledger/...)."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        code = main(list(argv))
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return code, out, err


TOTALS_DA = """\
I alt fordelt på kategori (forslag)

Kategori         Antal    Beløb (1.000 kr., 2017 p/l)
-------------  -------  -----------------------------
driftsmidler         5                          4.937
indsatsmidler        1                          2.000
-------------  -------  -----------------------------
I alt                6                          6.937
"""

TOTALS_EN = """\
Totals by category (proposed)

Category         Count    Amount (DKK thousand, 2017 p/l)
-------------  -------  ---------------------------------
driftsmidler         5                              4,937
indsatsmidler        1                              2,000
-------------  -------  ---------------------------------
Total                6                              6,937
"""

TIMELINE_DA = """\
Til rådighed og udløb pr. år, beløb (1.000 kr., 2017 p/l) (forslag)

År      driftsmidler    indsatsmidler    I alt    Heraf udløber
----  --------------  ---------------  -------  ---------------
2016           1.537                0    1.537            1.537
2017           1.700            1.000    2.700                0
2018           1.700            1.000    2.700            2.700
2019               0                0        0                0

Til rådighed pr. år (1.000 kr., 2017 p/l)
2016  1.537  --------------------------------------
2017  2.700  ###################################################################
2018  2.700  -------------------------------------------------------------------
2019      0
# fortsætter   - udløber med året
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["totals"], TOTALS_DA),
        (["totals", "--locale", "en"], TOTALS_EN),
        (["timeline", "--ascii"], TIMELINE_DA),
    ],
    ids=["totals-da", "totals-en", "timeline-da"],
)
def test_golden_outputs_at_one_price_level(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """The two budget notes at 2017 p/l: BI2's 1.500 (2016 p/l) is 1.537 with the invented
    index; the headings say "(2017 p/l)"."""
    argv += ["--phase", "proposed", "--price-level", "2017", "ledger", INDEX, "--width", "0"]
    assert (0, expected, "") == _run(capsys, *argv)


def test_mixed_price_levels_are_refused_with_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    """Without a target, adding 2016 and 2017 kroner is refused: exit 1, nothing on stdout,
    the ledgers and their levels on stderr."""
    code, out, err = _run(capsys, "totals", "--phase", "proposed")
    assert (1, "") == (code, out)
    assert err.startswith("bevilling totals: fejl: rapporten ville lægge beløb i forskellige")
    assert "ledger/bi2-saerlig-indsats-udsatte.yaml (2016 p/l)" in err
    assert "ledger/biie-vision-2020-flere-i-fleksjob.yaml (2017 p/l)" in err


def test_mixed_price_levels_in_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The refusal in English (BEVILLING_LOCALE=en)."""
    monkeypatch.setenv("BEVILLING_LOCALE", "en")
    code, _out, err = _run(capsys, "expiring", "--until", "2018", "--phase", "proposed")
    assert 1 == code
    assert "error: the report would add amounts of different price levels" in err


def test_allowing_mixed_price_levels_warns_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """--allow-mixed-price-levels prints the sum as written, with one warning line on stderr
    and a note under the table."""
    code, out, err = _run(capsys, "totals", "--phase", "proposed", "--allow-mixed-price-levels")
    assert 0 == code
    assert "I alt                6                6.900" in out
    assert "Advarsel: lægger beløb i forskellige pris- og lønniveauer sammen" in out
    assert err.startswith("bevilling totals: advarsel: lægger beløb i forskellige")
    assert 1 == err.count("\n")


def test_allow_errors_does_not_allow_mixed_price_levels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The two options are independent: --allow-errors is about check's errors only."""
    code, _out, _err = _run(capsys, "totals", "--phase", "proposed", "--allow-errors")
    assert 1 == code


def test_one_price_level_needs_neither_option(capsys: pytest.CaptureFixture[str]) -> None:
    """A report over one price level (approved money) is as it always was, index or not."""
    plain = _run(capsys, "expiring", "--year", "2016")
    with_index = _run(capsys, "expiring", "--year", "2016", "ledger", INDEX)
    assert plain == with_index
    assert 0 == plain[0]


def test_json_says_the_price_level_of_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    """`price_level` is the level of every figure (null when not stated); converted, the
    index's source is named."""
    argv = ["totals", "--phase", "proposed", "--format", "json", "ledger", INDEX]
    document = json.loads(_run(capsys, *argv, "--price-level", "2016")[1])
    assert (2016, "1537") != (document["price_level"], document["total"])
    assert 2016 == document["price_level"]
    assert "Opdigtede tal" in document["price_index_source"]
    plain = json.loads(_run(capsys, "totals", "--format", "json")[1])
    assert None is plain["price_level"]
    mixed = json.loads(_run(capsys, *argv, "--allow-mixed-price-levels")[1])
    assert (None, [2016, 2017]) == (
        mixed["price_level"],
        [m["price_level"] for m in mixed["mixed_price_levels"]],
    )


def test_list_and_show_at_a_price_level(capsys: pytest.CaptureFixture[str]) -> None:
    """`list` converts each row (the header names the level; CSV keeps six decimals, the
    table rounds as printed); `show` gives both amounts."""
    code, out, _err = _run(
        capsys, "list", "--phase", "proposed", "--price-level", "2017", "--format", "csv",
        "--csv-dialect", "plain", "ledger", INDEX,
    )  # fmt: skip
    assert 0 == code
    assert "Beløb (2017 p/l)" in out.splitlines()[0]
    assert "BI2-1,forslag" in out
    assert ",1024.509804," in out
    code, out, _err = _run(capsys, "show", "BI2-1", "--price-level", "2017", "ledger", INDEX)
    assert 0 == code
    assert re.search(r"^Beløb \(1\.000 kr\.\) +1\.000$", out, re.MULTILINE)
    assert re.search(r"^Beløb \(1\.000 kr\., 2017 p/l\) +1\.025$", out, re.MULTILINE)


def test_export_csv_and_json_at_a_price_level(capsys: pytest.CaptureFixture[str]) -> None:
    """`export --to csv|json --price-level`: the CSV header names the level, JSON records
    carry `converted` (six decimals: 500 × 104,5 / 102,0 = 512,254902); rows that cannot be
    converted are refused (exit 1)."""
    notes = ["ledger/bi2-saerlig-indsats-udsatte.yaml", INDEX]
    code, out, _err = _run(capsys, "export", "--to", "csv", "--price-level", "2017", *notes)
    assert (0, "Beløb (2017 p/l)") == (code, out.splitlines()[0].split(";")[6])
    code, out, _err = _run(capsys, "export", "--to", "json", "--price-level", "2017", *notes)
    records = json.loads(out)["appropriations"]
    assert ["1024.509804", "512.254902"] == [r["converted"]["amount"] for r in records]
    code, out, err = _run(
        capsys, "export", "--to", "json", "--price-level", "2017", "ledger", INDEX
    )
    assert (1, "") == (code, out)
    assert "ledger/udsatte-2015.yaml (intet pris- og lønniveau angivet)" in err


def test_a_bad_price_level_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`--price-level 17` is a usage error with a did-you-mean, before anything is loaded."""
    code, _out, err = _run(capsys, "totals", "--price-level", "17")
    assert 2 == code
    assert "mente du 2017?" in err


def _section() -> str:
    """The "Price levels" section of docs/reports.md."""
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    return text.split("## Price levels", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(
    "shown",
    re.findall(r"^```\n(\$ bevilling .*?)^```$", _section(), flags=re.M | re.S),
    ids=lambda block: block.split("\n")[0][:60],
)
def test_docs_worked_example_is_what_the_commands_print(
    capsys: pytest.CaptureFixture[str], shown: str
) -> None:
    """Each `$ bevilling ...` block of docs/reports.md#price-levels is what the command prints
    (on stdout, or for a refusal on stderr)."""
    command, _, expected = shown.partition("\n")
    code, out, err = _run(capsys, *shlex.split(command.removeprefix("$ bevilling ")))
    assert expected == (out if code == 0 else err)


def test_docs_python_example_runs() -> None:
    """The Python example of docs/reports.md#price-levels prints what its comment says."""
    (example,) = re.findall(r"^```python\n(.*?)^```$", _section(), flags=re.M | re.S)
    done = subprocess.run(
        [sys.executable, "-c", example], cwd=ROOT, capture_output=True, text=True, check=False,
        encoding="utf-8",
    )  # fmt: skip
    assert ("", "6937 2017\n") == (done.stderr, done.stdout)
