"""bevilling.write.atomic: outputs are written atomically and never overwritten by accident."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bevilling.write.atomic import OutputExistsError, write_atomic, write_files_atomic


def test_write_atomic_writes_text_as_utf8(tmp_path: Path) -> None:
    """Text is written as UTF-8, bytes as they are, with the user's umask (not 0600)."""
    target = tmp_path / "out.yaml"
    write_atomic(target, "Målgruppe\n")
    assert "Målgruppe\n" == target.read_text(encoding="utf-8")
    assert 0o666 & ~_umask() == target.stat().st_mode & 0o777
    assert ["out.yaml"] == os.listdir(tmp_path)


def test_existing_output_is_refused_without_force(tmp_path: Path) -> None:
    """Without force an existing file is left as it was; with force it is replaced."""
    target = tmp_path / "out.yaml"
    target.write_text("work\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="use --force"):
        write_atomic(target, "new\n")
    assert "work\n" == target.read_text(encoding="utf-8")
    write_atomic(target, "new\n", force=True)
    assert "new\n" == target.read_text(encoding="utf-8")
    assert ["out.yaml"] == os.listdir(tmp_path)


def test_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A KeyboardInterrupt while moving into place leaves the target and no temp file."""
    target = tmp_path / "out.yaml"
    target.write_text("work\n", encoding="utf-8")

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new\n", force=True)
    assert ["out.yaml"] == os.listdir(tmp_path)
    assert "work\n" == target.read_text(encoding="utf-8")


def test_missing_directory_is_an_os_error(tmp_path: Path) -> None:
    """Writing into a directory that does not exist raises OSError and leaves nothing."""
    with pytest.raises(OSError, match="No such file"):
        write_atomic(tmp_path / "nowhere" / "out.yaml", "x")
    assert [] == os.listdir(tmp_path)


def test_files_atomic_makes_a_directory_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new directory appears with all its files; an existing one needs force."""
    target = tmp_path / "pkg"
    write_files_atomic(target, {"a.csv": b"1\n", "b.json": b"{}\n"})
    assert ["a.csv", "b.json"] == sorted(os.listdir(target))
    with pytest.raises(OutputExistsError):
        write_files_atomic(target, {"a.csv": b"2\n"})
    write_files_atomic(target, {"a.csv": b"2\n"}, force=True)
    assert b"2\n" == (target / "a.csv").read_bytes()

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", fail)
    with pytest.raises(OSError, match="disk full"):
        write_files_atomic(tmp_path / "other", {"a.csv": b"1\n"})
    assert ["pkg"] == os.listdir(tmp_path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_a_full_disk_while_writing_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ENOSPC in the middle of writing leaves neither the target nor a temporary file."""
    import errno

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(tmp_path / "out.yaml", "Målgruppe\n" * 1000)
    assert [] == os.listdir(tmp_path)


def test_export_on_a_full_disk_reports_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling export` on a full disk says so, exits 2, and leaves no partial file."""
    import errno

    from bevilling.cli import main
    from tests.conftest import ROOT

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "bevillinger.json"
    code = main(["export", "--to", "json", str(ROOT / "ledger"), "-o", str(out)])
    assert (2, []) == (code, os.listdir(tmp_path))
    assert "No space left on device" in capsys.readouterr().err
