"""`bevilling import` (cli/commands/importing.py): what the command refuses before reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from bevilling.cli import main

TABLE = "Titel\tBeløb\tUdløb\nMikrolån\t1.200\t2016\nI alt\t1.200\t\n"


@pytest.mark.parametrize("spending", [False, True])
def test_an_output_that_is_an_input_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], spending: bool
) -> None:
    """`import t.txt -o t.txt --force` would overwrite the table being imported: refused
    (exit 2) and the input left as it was, for tables and spending exports alike; also when
    the output names the input by another path."""
    table = tmp_path / "t.txt"
    table.write_text(TABLE, encoding="utf-8")
    other = tmp_path / "sub" / ".." / "t.txt"
    (tmp_path / "sub").mkdir()
    extra = ["--spending", "--ledgers", str(tmp_path)] if spending else []
    codes = [
        main(["import", str(table), "-o", str(path), "--force", *extra]) for path in (table, other)
    ]
    err = capsys.readouterr().err
    assert ([2, 2], TABLE) == (codes, table.read_text(encoding="utf-8"))
    assert "er en af inputfilerne; vælg en anden outputfil" in err


def test_spending_needs_an_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`import --spending` without -o says what to give (listing tables is for documents)."""
    export = tmp_path / "e.csv"
    export.write_text("Id;År;Forbrug\nD11;2016;400\n", encoding="utf-8")
    assert 2 == main(["import", "--spending", str(export)])
    assert "--spending kræver -o FIL" in capsys.readouterr().err


def test_a_ledger_that_does_not_read_back_as_imported_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The safety net of import: the written text is loaded back and compared with what was
    imported before anything is written; a text that reads back as another amount (a bug in
    the writer, simulated here) is refused (exit 2), and no file appears."""
    import bevilling.write
    from bevilling.write.dump import dump

    def slipping(*args: object, **kwargs: object) -> str:
        return dump(*args, **kwargs).replace("amount: 1200", "amount: 1201")  # type: ignore[arg-type]

    monkeypatch.setattr(bevilling.write, "dump", slipping)
    table, output = tmp_path / "t.txt", tmp_path / "out.yaml"
    table.write_text(TABLE, encoding="utf-8")
    assert 2 == main(
        [
            "import",
            str(table),
            "-o",
            str(output),
            "--category",
            "driftsmidler",
            "--unit",
            "1000 DKK",
        ]
    )
    assert "intern fejl" in capsys.readouterr().err
    assert not output.exists()
    monkeypatch.undo()
    assert 0 == main(
        [
            "import",
            str(table),
            "-o",
            str(output),
            "--category",
            "driftsmidler",
            "--unit",
            "1000 DKK",
        ]
    )
    assert "amount: 1200" in output.read_text(encoding="utf-8")
