"""Every script in examples/ runs against the shipped ledgers and prints what it promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def _run(script: str, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args],
        capture_output=True,
        cwd=cwd,
        env=ENV,
        check=False,
    )


def test_every_example_is_tested() -> None:
    """A new script in examples/ needs a test here: the list of scripts is pinned."""
    expected = ["expiring_to_csv.py", "memo_by_target_group.py", "merge_and_compare.py"]
    assert expected == [path.name for path in SCRIPTS]


@pytest.mark.parametrize("script", [path.name for path in SCRIPTS])
def test_every_example_runs_with_its_defaults(script: str, tmp_path: Path) -> None:
    """Each script runs from another directory with no arguments and exits 0, quietly."""
    done = _run(script, cwd=tmp_path)
    assert (0, b"") == (done.returncode, done.stderr)
    assert done.stdout


def test_expiring_to_csv_writes_a_file_for_danish_excel(tmp_path: Path) -> None:
    """expiring_to_csv.py 2016 writes the four approved rows with BOM, ';' and CRLF."""
    output = tmp_path / "udloeb.csv"
    done = _run("expiring_to_csv.py", "2016", str(ROOT / "ledger"), "-o", str(output))
    assert f"{output}: 4 bevillinger, 8.219 t.kr.\n" == done.stdout.decode("utf-8")
    data = output.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfId;Kategori;")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert ["D11", "D13", "I01", "I02", ""] == [line.split(";")[0] for line in lines[1:]]
    assert "Mikrolån;Budgetaftale 2015;1200;2016" in lines[1]


def test_expiring_to_csv_with_proposals(tmp_path: Path) -> None:
    """--phase all adds the two BI2 proposals: six rows, 9.719 t.kr."""
    output = tmp_path / "alle.csv"
    done = _run("expiring_to_csv.py", "2016", "-o", str(output), "--phase", "all")
    assert f"{output}: 6 bevillinger, 9.719 t.kr.\n" == done.stdout.decode("utf-8")


def test_memo_by_target_group() -> None:
    """One Danish sentence per target group of the 2016 expiries, then the total."""
    done = _run("memo_by_target_group.py", "2016")
    expected = (
        "Bevillinger der udløber i 2016, fordelt på målgrupper:\n"
        "\n"
        "Aktivitetsparate: 1 bevilling, 1.019 t.kr. udløber i 2016.\n"
        "Alle: 1 bevilling, 4.000 t.kr. udløber i 2016.\n"
        "Flere: 2 bevillinger, 3.200 t.kr. udløber i 2016.\n"
        "\n"
        "I alt: 4 bevillinger, 8.219 t.kr.\n"
    )
    assert expected == done.stdout.decode("utf-8")


def test_memo_for_2015() -> None:
    """For 2015 the Aktivitetsparate paragraph sums D02-D05 and I03-I05: 7 rows, 17.063."""
    lines = _run("memo_by_target_group.py", "2015").stdout.decode("utf-8").split("\n")
    assert "Aktivitetsparate: 7 bevillinger, 17.063 t.kr. udløber i 2015." == lines[2]
    assert "I alt: 14 bevillinger, 44.321 t.kr." == lines[-2]


def test_merge_and_compare_converts_mio_to_thousands() -> None:
    """Udsatte 2015 (1.000 kr.) vs Indsatsbudget 2015 (mio. kr.): compared in 1.000 kr."""
    done = _run("merge_and_compare.py")
    expected = """\
Beløb (1.000 kr.)
Kategori         udsatte-2015.yaml    indsatsbudget-2015.yaml    forskel    I alt
-------------  -------------------  -------------------------  ---------  -------
driftsmidler                47.579                          0    -47.579   47.579
indsatsmidler               12.092                    271.200    259.108  283.292
særindsatser                 3.000                          0     -3.000    3.000
I alt                       62.671                    271.200    208.529  333.871
"""
    assert expected == done.stdout.decode("utf-8")


def test_merge_and_compare_in_english_by_phase() -> None:
    """The two budget notes by phase, in English: 2016 p/l and 2017 p/l are refused as they
    are; at 2017 p/l with the (invented) example index, BI2's 1.500 is 1.537."""
    notes = (
        str(ROOT / "ledger" / "bi2-saerlig-indsats-udsatte.yaml"),
        str(ROOT / "ledger" / "biie-vision-2020-flere-i-fleksjob.yaml"),
    )
    refused = _run("merge_and_compare.py", *notes, "--by", "phase", "--locale", "en")
    assert (1, b"") == (refused.returncode, refused.stdout)
    assert b"different price levels" in refused.stderr
    index = str(ROOT / "examples" / "prisindeks-opdigtet.yaml")
    done = _run(
        "merge_and_compare.py", *notes, "--by", "phase", "--locale", "en",
        "--price-level", "2017", "--price-index", index,
    )  # fmt: skip
    lines = done.stdout.decode("utf-8").split("\n")
    assert "Amount (DKK thousand), 2017 p/l" == lines[0]
    assert ["proposed", "1,537", "5,400", "3,863", "6,937"] == lines[3].split()


def test_merge_and_compare_refuses_a_broken_ledger(tmp_path: Path) -> None:
    """A ledger with errors: the problems on stderr, exit 1, no table."""
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: bevilling/1\ntitle: T\n", encoding="utf-8")
    done = _run("merge_and_compare.py", str(ROOT / "ledger" / "udsatte-2015.yaml"), str(broken))
    assert (1, b"") == (done.returncode, done.stdout)
    assert b"missing-field" in done.stderr


@pytest.mark.parametrize("script", [path.name for path in SCRIPTS])
def test_every_example_refuses_a_copied_ledger(script: str, tmp_path: Path) -> None:
    """A copy of a ledger left in the folder (every figure doubled): each script prints the
    duplicate-id errors with file:line on stderr, exits 1 and writes no figure."""
    import shutil

    folder = tmp_path / "ledger"
    folder.mkdir()
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", folder / "udsatte-2015.yaml")
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", folder / "udsatte-2015 - Kopi.yaml")
    if script == "merge_and_compare.py":
        args = [str(folder / "udsatte-2015.yaml"), str(folder / "udsatte-2015 - Kopi.yaml")]
    else:
        args = ["2016", str(folder)]
    done = _run(script, *args, cwd=tmp_path)
    assert (1, b"") == (done.returncode, done.stdout)
    assert b"fejl[duplicate-id]" in done.stderr
    assert b"udsatte-2015" in done.stderr
    assert b"Traceback" not in done.stderr
