"""The interop commands: bevilling import, export, diff and schema (exact outputs)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import bevilling
from bevilling.cli import main

TESTS = Path(__file__).resolve().parents[1]
SEEDS = TESTS / "data" / "seeds"

LEDGER = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1200, expires: 2016}
          - {id: D2, title: Mentor, amount: 500, expires: 2015}
    """
)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- import --------------------------------------------------------------------------------------


def test_import_writes_a_ledger_that_checks_and_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling import` writes the ledger, says so, and `bevilling list` reads it."""
    output = tmp_path / "bi2.yaml"
    code, out, err = _run(capsys, "import", str(SEEDS / "bi2-tabel2.txt"), "-o", str(output),
                          "--name", "Tabel 2: Udgifter til service", "--id-prefix", "BI2-",
                          "--phase", "proposed", "--title", "BI2",
                          "--document", "Budgetnotat BI2")  # fmt: skip
    assert (0, f"skrev {output}: 2 bevillinger i 1 tabel\n", "") == (code, out, err)
    text = output.read_text(encoding="utf-8")
    assert text.startswith(
        "format: bevilling/1\n# Indlæst med `bevilling import` fra "
        f"{SEEDS / 'bi2-tabel2.txt'}.\n"
        'title: "BI2"\ndocument: "Budgetnotat BI2"\nunit: 1000 DKK\nphase: proposed\n'
        "price_level: 2016\n"
    )
    code, out, _ = _run(capsys, "list", "--format", "json", str(output))
    assert 0 == code
    assert '"id": "BI2-01"' in out


def test_import_to_standard_output_prints_the_ledger_and_writes_no_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bevilling import TABLE -o -` wrote a file named `-`; it now prints the ledger on
    standard output (the summary goes to stderr, so stdout is the ledger alone)."""
    monkeypatch.chdir(tmp_path)
    code, out, err = _run(capsys, "import", str(SEEDS / "bi2-tabel2.txt"), "-o", "-",
                          "--id-prefix", "BI2-", "--phase", "proposed")  # fmt: skip
    assert (0, "skrev -: 2 bevillinger i 1 tabel\n") == (code, err)
    assert [] == list(tmp_path.iterdir())
    ledgers = bevilling.load_string(out, "stdout.yaml")
    assert () == ledgers.problems
    assert ["BI2-01", "BI2-02"] == [e.appropriation.id for e in ledgers.entries()]


def test_an_output_name_with_escapes_is_shown_visibly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`-o "$(printf 'o\033]0;x\007.yaml')"` printed the name raw ("wrote ..." set the
    terminal's title; so did "... exists"): names are shown with visible escapes."""
    output = tmp_path / "o\x1b]0;x\x07.yaml"
    table = str(SEEDS / "bi2-tabel2.txt")
    code, out, err = _run(capsys, "import", table, "-o", str(output), "--phase", "proposed")
    assert (0, "") == (code, err)
    assert "\x1b" not in out
    assert "o\\x1b]0;x\\x07.yaml" in out
    code, out, err = _run(capsys, "import", table, "-o", str(output), "--phase", "proposed")
    assert (2, "") == (code, out)
    assert "\x1b" not in err
    assert "o\\x1b]0;x\\x07.yaml findes allerede" in err


def test_an_output_name_with_a_line_break_stays_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`import -o $'o\\n...'` and `export -o` printed "skrev o" and the rest of the name on a
    line of its own (a second line anyone can word); `report` already wrote `\\x0a`."""
    output = tmp_path / "o\nok.yaml"
    table = str(SEEDS / "bi2-tabel2.txt")
    code, out, err = _run(capsys, "import", table, "-o", str(output), "--phase", "proposed")
    assert (0, "", f"skrev {tmp_path}/o\\x0aok.yaml: 2 bevillinger i 1 tabel\n") == (code, err, out)
    exported = tmp_path / "e\nok.csv"
    code, out, err = _run(capsys, "export", "--to", "csv", "-o", str(exported), str(output))
    assert (0, "", f"skrev {tmp_path}/e\\x0aok.csv: 2 bevillinger (csv)\n") == (code, err, out)


def test_import_refuses_an_existing_output_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing output is never overwritten without --force (exit 2, file untouched)."""
    output = tmp_path / "out.yaml"
    output.write_text("my work\n", encoding="utf-8")
    table = str(SEEDS / "udsatte-2015-tabel10.txt")
    code, out, err = _run(capsys, "import", table, "-o", str(output))
    refusal = f"bevilling: {output} findes allerede; brug --force for at overskrive den\n"
    assert (2, "", refusal) == (code, out, err)
    code, out, err = _run(capsys, "import", table, "-o", str(output), "--locale", "en")
    assert (2, "", f"bevilling: {output} exists; use --force to overwrite it\n") == (
        code, out, err,
    )  # fmt: skip
    assert "my work\n" == output.read_text(encoding="utf-8")
    code, out, err = _run(capsys, "import", table, "-o", str(output), "--force",
                          "--name", "Tabel 10: Oversigt over særindsatser")  # fmt: skip
    assert (0, f"skrev {output}: 2 bevillinger i 1 tabel\n", "") == (code, out, err)
    assert ["out.yaml"] == os.listdir(tmp_path)


def test_import_with_unmappable_input_prints_problems_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Problems with file:line, excerpt and hint; exit 1; no output file."""
    table = tmp_path / "tabel.txt"
    table.write_text("Formål/overskrift\tBeløb i tusinder\tUdløb\nMikrolån\t1,000\t2016\n",
                     encoding="utf-8")  # fmt: skip
    output = tmp_path / "out.yaml"
    code, out, err = _run(capsys, "import", str(table), "-o", str(output),
                          "--category", "driftsmidler")  # fmt: skip
    expected = (
        f"{table}:2: fejl[import-bad-number]: 'Beløb i tusinder' er '1,000', som er tvetydigt:"
        " 1000 med engelsk tusindtalskomma eller 1 med dansk decimalkomma\n"
        "  2 | Mikrolån\t1,000\t2016\n"
        "  tip: tabeller læses i dansk talformat: ret cellen til '1.000', hvis den betyder 1000\n"
        f"bevilling: intet skrevet til {output}: ret fejlene ovenfor\n"
    )
    assert (1, "", expected) == (code, out, err)
    assert not output.exists()
    code, out, err = _run(capsys, "import", str(table), "-o", str(output),
                          "--category", "driftsmidler", "--locale", "en")  # fmt: skip
    expected = (
        f"{table}:2: error[import-bad-number]: 'Beløb i tusinder' is '1,000', which is"
        " ambiguous: 1000 with an English thousands comma, or 1 with a Danish decimal comma\n"
        "  2 | Mikrolån\t1,000\t2016\n"
        "  hint: tables are read in Danish notation: correct the cell to '1.000' if it means"
        " 1000\n"
        f"bevilling: nothing written to {output}: fix the problems above\n"
    )
    assert (1, "", expected) == (code, out, err)


def test_import_bad_map_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--map with an unknown field is a usage error naming the fields."""
    code, _, err = _run(capsys, "import", str(SEEDS / "bi2-tabel2.txt"), "-o",
                        str(tmp_path / "o.yaml"), "--map", "Tilbud=beløb")  # fmt: skip
    assert 2 == code
    assert err.startswith("bevilling: --map 'Tilbud=beløb': 'beløb' er ikke et felt; brug et af")


# --- export --------------------------------------------------------------------------------------


def test_export_xlsx_and_datapackage_write_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """xlsx writes a workbook, datapackage a directory; both refuse to overwrite."""
    ledger = tmp_path / "l.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    xlsx = tmp_path / "b.xlsx"
    assert (0, f"skrev {xlsx}: 2 bevillinger (xlsx)\n", "") == _run(
        capsys, "export", "--to", "xlsx", str(ledger), "-o", str(xlsx)
    )
    assert xlsx.read_bytes().startswith(b"PK")
    package = tmp_path / "pakke"
    assert (0, f"wrote {package}: 2 appropriations (datapackage)\n", "") == _run(
        capsys, "export", "--to", "datapackage", str(ledger), "-o", str(package), "--locale", "en"
    )
    assert ["appropriations.csv", "datapackage.json", "profile.csv"] == sorted(os.listdir(package))
    assert 2 == _run(capsys, "export", "--to", "xlsx", str(ledger), "-o", str(xlsx))[0]


def test_export_json_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """json and csv print to standard output without -o."""
    ledger = tmp_path / "l.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    code, out, _ = _run(capsys, "export", "--to", "json", str(ledger))
    assert 0 == code
    assert out.startswith('{\n  "appropriations": [\n')


def test_export_xlsx_needs_no_openpyxl(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """bevilling writes the workbook itself: without openpyxl (the Excel extra, for reading
    .xlsx on import) `export --to xlsx` still writes it, exit 0."""
    import zipfile

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    ledger = tmp_path / "l.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    code, out, err = _run(capsys, "export", "--to", "xlsx", str(ledger), "-o",
                          str(tmp_path / "b.xlsx"), "--allow-errors")  # fmt: skip
    assert (0, "") == (code, err)
    assert out.startswith(f"skrev {tmp_path / 'b.xlsx'}: ")
    with zipfile.ZipFile(tmp_path / "b.xlsx") as workbook:
        assert "xl/workbook.xml" in workbook.namelist()


def test_export_xlsx_too_large_for_excel_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sheet larger than Excel holds: one line naming the sheet and the other formats, exit
    2, no file (Excel's limit made 3 rows here)."""
    from bevilling.interop import xlsx

    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    ledger = tmp_path / "l.yaml"
    ledger.write_text(LEDGER, encoding="utf-8")
    code, out, err = _run(capsys, "export", "--to", "xlsx", str(ledger), "-o",
                          str(tmp_path / "b.xlsx"))  # fmt: skip
    assert (2, "") == (code, out)
    assert err.startswith("bevilling: arket 'Udløb pr. år' ville få 6 rækker")
    assert err.endswith("eksportér til csv eller datapackage i stedet\n")
    assert not (tmp_path / "b.xlsx").exists()


# --- diff ----------------------------------------------------------------------------------------


def test_diff_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling diff OLD NEW` prints the change; --exit-code makes a difference exit 1."""
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(LEDGER, encoding="utf-8")
    new.write_text(LEDGER.replace("amount: 500", "amount: 650"), encoding="utf-8")
    expected = textwrap.dedent(
        f"""\
        Ændret:
          ~ D2: Mentor (Tabel 1, 650 t.kr.) [{new}:10]
              beløb: 500 t.kr. → 650 t.kr.

        Tabeller:
          Tabel 1 (Eksempel): 1.700 t.kr. → 1.850 t.kr. (ændring +150 t.kr.)

        I alt (t.kr.):
          vedtaget: 1.700 t.kr. → 1.850 t.kr. (ændring +150 t.kr.)
        """
    )
    assert (0, expected, "") == _run(capsys, "diff", str(old), str(new))
    assert 1 == _run(capsys, "diff", "--exit-code", str(old), str(new))[0]
    assert 0 == _run(capsys, "diff", "--exit-code", str(old), str(old))[0]


def test_diff_needs_two_paths(capsys: pytest.CaptureFixture[str]) -> None:
    """One path without --git is a usage error."""
    code, _, err = _run(capsys, "diff", "ledger")
    refusal = "bevilling: diff skal have GAMMEL og NY (to filer eller mapper) eller --git REV\n"
    assert (2, refusal) == (code, err)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_against_a_revision(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`bevilling diff --git HEAD` compares the committed ledgers with the working tree, in
    Markdown for a pull request; an unknown revision is exit 2 with git's message."""
    repo = tmp_path

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)

    git("init", "-q")
    (repo / "ledger").mkdir()
    (repo / "ledger" / "eksempel.yaml").write_text(LEDGER, encoding="utf-8")
    git("add", ".")
    git("-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "ledger")
    (repo / "ledger" / "eksempel.yaml").write_text(
        LEDGER.replace("      - {id: D2, title: Mentor, amount: 500, expires: 2015}\n", ""),
        encoding="utf-8",
    )
    monkeypatch.chdir(repo)
    expected = textwrap.dedent(
        """\
        ## Ændringer i bevillinger
        ### Fjernet (1)
        - **D2: Mentor** (Tabel 1, 500 t.kr., `ledger/eksempel.yaml:10`)

        ### Tabeller
        | | før | efter | ændring |
        | --- | ---: | ---: | ---: |
        | Tabel 1 (Eksempel) | 1.700 t.kr. | 1.200 t.kr. | -500 t.kr. |

        ### I alt (t.kr.)
        | | før | efter | ændring |
        | --- | ---: | ---: | ---: |
        | vedtaget | 1.700 t.kr. | 1.200 t.kr. | -500 t.kr. |
        """
    )
    assert (0, expected, "") == _run(capsys, "diff", "--git", "HEAD", "--format", "markdown")
    code, out, err = _run(capsys, "diff", "--git", "nope")
    assert (2, "") == (code, out)
    assert err == (
        "bevilling: git kender ingen version 'nope': angiv en gren, et tag eller et commit-id"
        " (`git log --oneline` viser dem) (git siger: 'fatal: Not a valid object name nope')\n"
    )


# --- schema, and the command as a subprocess ------------------------------------------------------


def test_schema_prints_the_shipped_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling schema` prints the JSON Schema shipped in the package."""
    from bevilling.read.schema import schema_text

    assert (0, schema_text(), "") == _run(capsys, "schema")


def test_import_and_diff_as_a_subprocess(tmp_path: Path) -> None:
    """The installed entry point runs import and diff end to end."""
    output = tmp_path / "s.yaml"
    run = subprocess.run(
        [sys.executable, "-m", "bevilling", "import", str(SEEDS / "udsatte-2015-tabel10.txt"),
         "-o", str(output), "--id-prefix", "S", "--name", "Tabel 10: Oversigt over særindsatser"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (0, f"skrev {output}: 2 bevillinger i 1 tabel\n", "") == (
        run.returncode, run.stdout, run.stderr,
    )  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "bevilling", "diff", str(output), str(output)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (0, "Ingen ændringer i bevillingerne.\n", "") == (run.returncode, run.stdout, run.stderr)


def test_ci_example_posts_the_git_diff_as_markdown() -> None:
    """examples/ci/ledger-diff.yml is valid YAML and runs `bevilling diff --git` in Markdown
    against the pull request's base, with the full history checked out."""
    import yaml

    workflow = yaml.safe_load((TESTS.parent / "examples" / "ci" / "ledger-diff.yml").read_text())
    steps = workflow["jobs"]["diff"]["steps"]
    assert {"fetch-depth": 0} == steps[0]["with"]
    script = next(s["run"] for s in steps if "bevilling diff" in s.get("run", ""))
    assert 'bevilling diff --git "$BASE" ledger --format markdown' in script


# --- import from Word and PDF documents (issue 17) ---------------------------------------------


def test_import_lists_the_tables_of_a_document_without_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling import DOC` without -o lists the tables (number, page, heading, size) in
    Danish and says how to import one; a text table without -o is a usage error."""
    from tests.interop.documents import bi2_printed, biie_printed, write_pdf

    document = write_pdf(tmp_path / "bilag.pdf", [bi2_printed(merged=True), biie_printed()])
    code, out, err = _run(capsys, "import", str(document))
    assert (0, "") == (code, err)
    assert [
        f"{document}: 2 tabeller",
        "  tabel 1 (side 1): Tabel 2: Udgifter til service (4 rækker × 9 kolonner)",
        "  tabel 2 (side 1): Tabel 2. Udgifter til service (8 rækker × 6 kolonner)",
        "indlæs en af dem med: bevilling import FIL --table N -o BEVILLINGSFIL.yaml",
    ] == out.splitlines()
    code, out, err = _run(capsys, "import", str(SEEDS / "bi2-tabel2.txt"))
    assert (2, "") == (code, out)
    assert "-o BEVILLINGSFIL.yaml skal angives" in err


def test_import_a_chosen_table_of_a_word_document(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--table 2` imports that table; the ledger names its document (`source_file:`) and
    `check --sources` passes; without --table, several tables are an error listing them."""
    from tests.interop.documents import bi2_printed, biie_printed, write_docx

    document = write_docx(tmp_path / "note.docx", [biie_printed(), bi2_printed(merged=True)])
    output = tmp_path / "bi2.yaml"
    code, out, err = _run(capsys, "import", str(document), "-o", str(output))
    assert (1, "") == (code, out)
    assert "[import-ambiguous-table]" in err
    code, out, err = _run(capsys, "import", str(document), "--table", "2", "-o", str(output))
    assert (0, "") == (code, err)
    assert 'source_file:\n  path: "note.docx"\n' in output.read_text(encoding="utf-8")
    assert 0 == main(["check", "--sources", str(output)])
    capsys.readouterr()
    code, out, err = _run(
        capsys, "import", str(document), "--table", "3", "-o", str(output), "--force"
    )
    assert 1 == code
    assert "[import-options]" in err
    code, out, err = _run(capsys, "import", str(document), "--table", "x", "-o", str(output))
    assert 2 == code
    assert "'x' er ikke et tabelnummer" in err


def test_import_of_a_scan_or_a_locked_pdf_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A PDF without text exits 2 with "der er ingen tekst i denne PDF"; nothing is written."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 80, 40)
    scan = tmp_path / "scan.pdf"
    pdf.output(str(scan))
    code, out, err = _run(capsys, "import", str(scan), "-o", str(tmp_path / "x.yaml"))
    assert (2, "") == (code, out)
    assert "[import-no-text]: der er ingen tekst i denne PDF" in err
    assert not (tmp_path / "x.yaml").exists()
    code, out, err = _run(capsys, "import", str(scan))
    assert 2 == code
    assert "import-no-text" in err


def test_check_sources_reports_a_changed_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling check --sources` exits 1 on a cell that differs from the document, and
    plain `check` does not read the document at all."""
    from tests.interop.documents import bi2_printed, write_docx

    document = write_docx(tmp_path / "bi2.docx", [bi2_printed(merged=True)])
    output = tmp_path / "bi2.yaml"
    assert 0 == main(["import", str(document), "-o", str(output)])
    text = output.read_text(encoding="utf-8").replace(
        'function: "6.45.53.1"', 'function: "6.45.35.1"', 1
    )
    output.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert 0 == main(["check", str(output)])
    capsys.readouterr()
    code, out, _err = _run(capsys, "check", "--sources", str(output))
    assert 1 == code
    assert (
        'fejl[source-mismatch]: funktionen: bevillingsfilen har "6.45.35.1", kildedokumentet'
        ' har "6.45.53.1" (tabel 1, række 2)'
    ) in out
