"""bevilling.interop.sources: `check --sources`, each ledger against the document it names.

The documents are generated from the seeds' tables (tests/interop/documents.py); the ledgers
are the import's (which names the document in ``source_file:``) or the shipped ones pointed
at a generated document.  Each kind of slip gives one ``source-mismatch`` at the field's line.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import attrs
import pytest

import bevilling
from bevilling.audit import check
from bevilling.core.problems import Problem
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.importer import ImportOptions, import_tables
from bevilling.interop.sources import check_sources
from bevilling.write.dump import dump
from tests.interop.documents import (
    ROOT,
    bi2_printed,
    biie_printed,
    write_docx,
    write_pdf,
    write_tracked_docx,
)


def _imported(tmp_path: Path, document: Path, name: str = "t.yaml", table: int = 1) -> Path:
    """The ledger the import writes from ``document``'s table, in ``tmp_path``."""
    output = tmp_path / name
    result = import_tables([str(document)], ImportOptions(output=str(output), tables=(table,)))
    assert result.ledger is not None, result.problems
    output.write_text(dump(result.ledger), encoding="utf-8")
    return output


def _findings(*paths: Path) -> list[Problem]:
    with use_locale("en"):
        return check_sources(bevilling.load([str(p) for p in paths]))


def _lines(problems: list[Problem]) -> list[str]:
    return [
        f"{Path(p.location.file).name}:{p.location.line}: {p.severity.value}[{p.code}]: {p.message}"
        for p in problems
    ]


def test_the_import_names_its_document_and_checks_clean(tmp_path: Path) -> None:
    """A ledger imported from a Word document names it (path from the ledger's folder, the
    SHA-256 checksum) and `check --sources` finds nothing; so for a PDF."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "ledger").mkdir()
    docx = write_docx(tmp_path / "docs" / "bi2.docx", [bi2_printed(merged=True)])
    pdf = write_pdf(tmp_path / "docs" / "bilag.pdf", [bi2_printed(merged=False), biie_printed()])
    first = _imported(tmp_path / "ledger", docx, "bi2.yaml")
    second = _imported(tmp_path / "ledger", pdf, "biie.yaml", table=2)
    ledger = bevilling.load(first).ledgers[0]
    assert ledger.source_file is not None
    assert ("../docs/bi2.docx", hashlib.sha256(docx.read_bytes()).hexdigest()) == (
        ledger.source_file.path,
        ledger.source_file.sha256,
    )
    assert [] == _findings(first, second)


def test_the_shipped_ledgers_agree_with_documents_of_their_tables(tmp_path: Path) -> None:
    """The shipped BI2 and BIIe ledgers, pointed at generated Word and PDF documents of their
    printed tables, give no source finding: every printed cell agrees (the text the ledgers
    take from the notes' prose is not compared)."""
    write_docx(tmp_path / "bi2.docx", [bi2_printed(merged=True)])
    write_pdf(tmp_path / "biie.pdf", [biie_printed()])
    for name, document in (
        ("bi2-saerlig-indsats-udsatte.yaml", "bi2.docx"),
        ("biie-vision-2020-flere-i-fleksjob.yaml", "biie.pdf"),
    ):
        text = (ROOT / "ledger" / name).read_text(encoding="utf-8")
        text = text.replace("\nunit:", f"\nsource_file:\n  path: {document}\nunit:", 1)
        (tmp_path / name).write_text(text, encoding="utf-8")
    ledgers = bevilling.load(str(tmp_path))
    assert () == ledgers.problems
    report = check(ledgers, sources=check_sources)
    assert [] == [p for p in report.problems if p.code.startswith("source-")]
    assert "source-mismatch" in report.checked


def _slipped(tmp_path: Path) -> Path:
    """BI2 from a Word document, then three slips typed into the ledger: the committee of
    row 1, the amount of row 2 (and its 2016), and a row deleted from a copy of the table."""
    document = write_docx(tmp_path / "bi2.docx", [bi2_printed(merged=True)])
    ledger = _imported(tmp_path, document)
    text = ledger.read_text(encoding="utf-8")
    text = text.replace('committee: "BIU"', 'committee: "BUU"', 1)
    text = text.replace("2016: 500\n", "2016: 600\n").replace("amount: 500\n", "amount: 600\n")
    ledger.write_text(text, encoding="utf-8")
    return ledger


def test_every_cell_that_differs_is_a_finding_at_its_line(tmp_path: Path) -> None:
    """A mistyped committee, amount and profile year are each a `source-mismatch` at the
    ledger's line of the field, with the document's table and row."""
    ledger = _slipped(tmp_path)
    lines = ledger.read_text(encoding="utf-8").split("\n")
    problems = _findings(ledger)
    assert [
        'the committee: the ledger has "BUU", the source document has "BIU" (table 1, row 2)',
        "the amount: the ledger has 600, the source document has 500 (table 1, row 3)",
        "2016: the ledger has 600, the source document has 500 (table 1, row 3)",
    ] == [p.message for p in problems]
    assert ['committee: "BUU"', "amount: 600", "2016: 600"] == [
        lines[p.location.line - 1].strip() for p in problems
    ]


def test_a_row_on_one_side_only_is_one_finding(tmp_path: Path) -> None:
    """A row deleted from the ledger is one finding (rows are paired by title, not shifted);
    a row the document lacks is one too; the printed totals are compared as well."""
    document = write_docx(tmp_path / "bi2.docx", [bi2_printed(merged=False)])
    ledger = _imported(tmp_path, document)
    text = ledger.read_text(encoding="utf-8")
    first = text.index("      - title:")
    second = text.index("      - title:", first + 1)
    ledger.write_text(text[:first] + text[second:], encoding="utf-8")
    problems = _findings(ledger)
    assert [
        'source-mismatch: the document has a row the ledger lacks: "Nedbringe ventetid på'
        " koordinerende sagsbehandlere og opstart i indsats for borgere visiteret til"
        ' ressourceforløb" (table 1, row 2)'
    ] == [f"{p.code}: {p.message}" for p in problems]
    renamed = text.replace("Forstærket kontaktflade", "Styrket kontaktflade")
    renamed = renamed.replace("stated_total: 1500", "stated_total: 1400")
    ledger.write_text(renamed, encoding="utf-8")
    assert [
        "the printed total: the ledger has 1,400, the source document has 1,500 (table 1, row 4)",
        'the title: the ledger has "Styrket kontaktflade til sanktionstruede borgere gennem'
        ' opsøgende praksis", the source document has "Forstærket kontaktflade til'
        ' sanktionstruede borgere gennem opsøgende praksis" (table 1, row 3)',
    ] == [p.message for p in _findings(ledger)]


def test_a_replaced_document_is_source_changed(tmp_path: Path) -> None:
    """A document replaced by another version: `source-changed` (a warning, at the `sha256`
    line, with the new checksum in the hint), and the cells that changed."""
    ledger = _imported(tmp_path, write_pdf(tmp_path / "b.pdf", [bi2_printed(merged=True)]))
    printed = bi2_printed(merged=True)
    rows = [list(r) for r in printed.rows]
    rows[1][4] = "1.100"
    from tests.interop.documents import Printed

    write_pdf(tmp_path / "b.pdf", [Printed(printed.caption, rows, printed.spans, printed.widths)])
    problems = _findings(ledger)
    assert ["source-changed", "source-mismatch"] == [p.code for p in problems]
    changed = problems[0]
    assert "sha256:" in ledger.read_text(encoding="utf-8").split("\n")[changed.location.line - 1]
    digest = hashlib.sha256((tmp_path / "b.pdf").read_bytes()).hexdigest()
    assert f"`sha256: {digest}`" in (changed.hint or "")
    assert problems[1].message == (
        "2016: the ledger has 1,000, the source document has 1,100 (page 1, table 1, row 2)"
    )


def test_a_table_not_in_the_document_is_source_table_missing(tmp_path: Path) -> None:
    """A ledger table whose name the document's tables do not have is
    `source-table-missing`, at the table's line, with the document's table names."""
    document = write_docx(tmp_path / "d.docx", [bi2_printed(merged=True), biie_printed()])
    ledger = _imported(tmp_path, document)
    text = ledger.read_text(encoding="utf-8")
    ledger.write_text(text.replace('- name: "Tabel 2: Udgifter', '- name: "Tabel 3: Udgifter'))
    (problem,) = _findings(ledger)
    assert ("source-table-missing", 'the table "Tabel 3: Udgifter til service" is not in the'
            " source document d.docx") == (problem.code, problem.message)  # fmt: skip
    assert "Tabel 2. Udgifter til service – indsats" in (problem.hint or "")


@pytest.mark.parametrize("damage", ["missing", "broken", "scan"])
def test_a_document_that_cannot_be_read_is_source_unreadable(tmp_path: Path, damage: str) -> None:
    """A document that is gone, broken or a scan is `source-unreadable` at the `path` line,
    with the import's reason; nothing else is compared."""
    document = write_pdf(tmp_path / "b.pdf", [bi2_printed(merged=True)])
    ledger = _imported(tmp_path, document)
    if damage == "missing":
        document.unlink()
    elif damage == "broken":
        document.write_bytes(document.read_bytes()[:300])
    else:
        from fpdf import FPDF

        pdf = FPDF()
        pdf.add_page()
        pdf.rect(10, 10, 50, 50)
        pdf.output(str(document))
    problems = _findings(ledger)
    changed = [] if damage == "missing" else [("source-changed", "sha256")]
    assert [*changed, ("source-unreadable", "path")] == [
        (
            p.code,
            ledger.read_text(encoding="utf-8")
            .split("\n")[p.location.line - 1]
            .split(":")[0]
            .strip(),
        )
        for p in problems
    ]


def test_a_source_with_tracked_changes_is_source_unreadable(tmp_path: Path) -> None:
    """A source document whose table holds tracked changes not yet accepted or rejected is
    compared with neither version (python-docx would read a mix of the two, attack 7 #43):
    `source-unreadable`, with the import's reason and hint."""
    document = write_docx(tmp_path / "b.docx", [bi2_printed(merged=True)])
    ledger = _imported(tmp_path, document)
    write_tracked_docx(document)  # the document replaced by one under review
    problems = [p for p in _findings(ledger) if p.code != "source-changed"]
    assert ["source-unreadable"] == [p.code for p in problems]
    assert "has tracked changes that are not accepted or rejected (from row 2)" in (
        problems[0].message
    )
    assert "accept or reject the changes in Word first" in str(problems[0].hint)


def test_a_table_file_can_be_the_source(tmp_path: Path) -> None:
    """`source_file:` may name a table file (the seed's tab-separated text): the only table
    of each side is the same table; a changed cell is found."""
    seed = ROOT / "tests" / "data" / "seeds" / "bi2-tabel2.txt"
    shutil.copy(seed, tmp_path / "bi2-tabel2.txt")
    text = (ROOT / "ledger" / "bi2-saerlig-indsats-udsatte.yaml").read_text(encoding="utf-8")
    text = text.replace("\nunit:", "\nsource_file: {path: bi2-tabel2.txt}\nunit:", 1)
    text = text.replace("function: 6.45.53.1", "function: 6.45.53.2", 1)
    (tmp_path / "bi2.yaml").write_text(text, encoding="utf-8")
    assert [
        'the function code: the ledger has "6.45.53.2", the source document has "6.45.53.1"'
        " (table 1, row 2)"
    ] == [p.message for p in _findings(tmp_path / "bi2.yaml")]


def test_source_findings_are_accepted_selected_and_danish(tmp_path: Path) -> None:
    """The source codes can be accepted (with `appropriation:`), selected and ignored like
    the checks' codes, and their messages are Danish by default."""
    ledger = _slipped(tmp_path)
    ledgers = bevilling.load(ledger)
    report = check(ledgers, sources=check_sources, select=["source-mismatch"])
    assert 3 == report.errors
    assert "bevillingsfilen har" in report.problems[0].message
    ignored = check(ledgers, sources=check_sources, ignore=["source-mismatch"]).problems
    assert [] == [p.code for p in ignored if p.code.startswith("source-")]
    text = ledger.read_text(encoding="utf-8")
    text += (
        "accepted:\n  - code: source-mismatch\n    appropriation: t:1.1\n"
        "    reason: Udvalget hedder BUU efter omlægningen\n"
    )
    ledger.write_text(text, encoding="utf-8")
    report = check(bevilling.load(ledger), sources=check_sources, select=["source-mismatch"])
    assert (2, 1) == (report.errors, report.accepted)


def _doc_examples(tmp_path: Path) -> list[Path]:
    """The ledgers of docs/checks.md's source examples: BI2 from a Word document with three
    slips; from a PDF with a row deleted and the PDF then replaced; with a table renamed; and
    with its PDF gone."""
    slipped = _slipped(tmp_path / "slipped")
    deleted = _imported(
        tmp_path / "deleted",
        write_pdf(tmp_path / "deleted" / "bi2.pdf", [bi2_printed(merged=True)]),
    )
    text = deleted.read_text(encoding="utf-8")
    first = text.index("      - title:")
    deleted.write_text(text[:first] + text[text.index("      - title:", first + 1) :])
    write_pdf(tmp_path / "deleted" / "bi2.pdf", [bi2_printed(merged=False)])
    renamed = _imported(
        tmp_path / "renamed",
        write_docx(tmp_path / "renamed" / "d.docx", [bi2_printed(merged=True), biie_printed()]),
    )
    text = renamed.read_text(encoding="utf-8")
    renamed.write_text(text.replace('- name: "Tabel 2: Udgifter', '- name: "Tabel 3: Udgifter'))
    gone = _imported(
        tmp_path / "gone", write_pdf(tmp_path / "gone" / "b.pdf", [bi2_printed(merged=True)])
    )
    (tmp_path / "gone" / "b.pdf").unlink()
    return [slipped, deleted, renamed, gone]


def test_the_examples_in_the_docs_are_real_output(tmp_path: Path) -> None:
    """The `source-*` findings shown in docs/checks.md, in Danish and in English, are what
    `check --sources` prints for the slips they describe (checksums and a long title shown
    cut with "…")."""
    from bevilling.audit import problem_line

    for folder in ("slipped", "deleted", "renamed", "gone"):
        (tmp_path / folder).mkdir()
    ledgers = _doc_examples(tmp_path)
    found = []
    for locale in ("da", "en"):
        with use_locale(locale):
            for ledger in ledgers:
                found += [
                    problem_line(attrs.evolve(p, location=attrs.evolve(p.location, file="t.yaml")))
                    for p in check_sources(bevilling.load(ledger))
                ]
    found = [re.sub("[0-9a-f]{12}…", "…", line) for line in found]
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    shown = re.findall(r"^t\.yaml:\d+: \w+\[source-[a-z-]+\]: .*$", docs, re.MULTILINE)
    assert 12 == len(shown)
    for line in shown:
        pattern = re.escape(re.sub("[0-9a-f]{12}…", "…", line)).replace("…", ".*")
        assert any(re.fullmatch(pattern, f) for f in found), line


@pytest.mark.parametrize("path", ["/etc/passwd", "fifo.pdf", "folder.pdf"])
def test_only_regular_document_files_are_read(tmp_path: Path, path: str) -> None:
    """A `source_file:` naming a file that is no document or table file (``/etc/passwd``,
    whose lines would be quoted in findings), a named pipe (which would block) or a folder is
    `source-unreadable`, and nothing is read from it."""
    import os

    if path == "fifo.pdf":
        os.mkfifo(tmp_path / path)
    elif path == "folder.pdf":
        (tmp_path / path).mkdir()
    text = (ROOT / "ledger" / "bi2-saerlig-indsats-udsatte.yaml").read_text(encoding="utf-8")
    text = text.replace("\nunit:", f"\nsource_file: {{path: {path}}}\nunit:", 1)
    (tmp_path / "bi2.yaml").write_text(text, encoding="utf-8")
    assert ["source-unreadable"] == [p.code for p in _findings(tmp_path / "bi2.yaml")]
