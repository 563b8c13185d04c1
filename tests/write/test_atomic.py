"""bevilling.write.atomic: outputs are written atomically and never overwritten by accident."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bevilling.i18n.catalogs import use_locale
from bevilling.write.atomic import (
    NotRegularFileError,
    OutputExistsError,
    write_atomic,
    write_files_atomic,
    write_output,
)


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
    with pytest.raises(OutputExistsError, match="findes allerede; brug --force for at overskrive"):
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
    """A new directory appears with all its files; an existing one needs force, and is then
    replaced as a whole (a file the new package no longer has is gone too)."""
    target = tmp_path / "pkg"
    write_files_atomic(target, {"a.csv": b"1\n", "b.json": b"{}\n"})
    assert ["a.csv", "b.json"] == sorted(os.listdir(target))
    with pytest.raises(OutputExistsError):
        write_files_atomic(target, {"a.csv": b"2\n"})
    write_files_atomic(target, {"a.csv": b"2\n", "b.json": b"[]\n"}, force=True)
    assert (b"2\n", b"[]\n") == ((target / "a.csv").read_bytes(), (target / "b.json").read_bytes())
    assert ["pkg"] == os.listdir(tmp_path)

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "rename", fail)
    with pytest.raises(OSError, match="disk full"):
        write_files_atomic(tmp_path / "other", {"a.csv": b"1\n"})
    assert ["pkg"] == os.listdir(tmp_path)


def test_interrupted_package_replacement_keeps_the_old_package_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 11 item 10: Ctrl-C while `export --to datapackage --force` replaces a package
    leaves the old package as it was (never the new datapackage.json beside old CSV files),
    and no temporary directory."""
    target = tmp_path / "pkg"
    old = {"datapackage.json": b"old\n", "appropriations.csv": b"old\n"}
    write_files_atomic(target, old)
    real_rename = os.rename
    calls: list[str] = []

    def interrupt_second(source: str, destination: str) -> None:
        calls.append(str(destination))
        if len(calls) == 2:  # the new package moving into place
            raise KeyboardInterrupt
        real_rename(source, destination)

    monkeypatch.setattr(os, "rename", interrupt_second)
    with pytest.raises(KeyboardInterrupt):
        write_files_atomic(
            target, {"datapackage.json": b"new\n", "appropriations.csv": b"new\n"}, force=True
        )
    monkeypatch.undo()
    assert ["pkg"] == os.listdir(tmp_path)
    assert old == {name: (target / name).read_bytes() for name in sorted(os.listdir(target))}


def test_package_replacement_never_empties_a_directory_with_other_files(tmp_path: Path) -> None:
    """`export --to datapackage -o ledger --force` must not delete the ledgers: a directory
    holding other files than the package's is refused, also with force, and left alone."""
    ledger = tmp_path / "ledger"
    ledger.mkdir()
    (ledger / "udsatte-2015.yaml").write_text("format: bevilling/1\n", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"andre filer end pakkens \(udsatte"):
        write_files_atomic(ledger, {"datapackage.json": b"{}\n"}, force=True)
    assert ["udsatte-2015.yaml"] == os.listdir(ledger)


def test_package_replacement_keeps_permissions(tmp_path: Path) -> None:
    """A package replaced with force keeps its directory's and its files' permissions."""
    target = tmp_path / "pkg"
    write_files_atomic(target, {"a.csv": b"1\n"})
    os.chmod(target / "a.csv", 0o600)
    os.chmod(target, 0o700)
    write_files_atomic(target, {"a.csv": b"2\n", "new.csv": b"3\n"}, force=True)
    assert (0o700, 0o600) == (
        target.stat().st_mode & 0o777,
        (target / "a.csv").stat().st_mode & 0o777,
    )
    assert 0o666 & ~_umask() == (target / "new.csv").stat().st_mode & 0o777


def test_force_keeps_the_permissions_of_the_replaced_file(tmp_path: Path) -> None:
    """Issue 11 item 11: `--force` over a 0600 file leaves a 0600 file (not 0644)."""
    target = tmp_path / "secret.json"
    target.write_text("old\n", encoding="utf-8")
    os.chmod(target, 0o600)
    write_atomic(target, "new\n", force=True)
    assert ("new\n", 0o600) == (target.read_text(encoding="utf-8"), target.stat().st_mode & 0o777)


def test_force_never_replaces_a_device_or_fifo(tmp_path: Path) -> None:
    """Issue 11 item 11: `-o /dev/null --force` must not turn the device into a file; a FIFO,
    a directory and a link to a device are refused alike and left as they were."""
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    null_link = tmp_path / "null"
    null_link.symlink_to("/dev/null")
    (tmp_path / "dir").mkdir()
    for target, kind in ((fifo, "en FIFO"), (null_link, "en enhed"), (tmp_path / "dir", "en map")):
        with pytest.raises(NotRegularFileError, match=f"er {kind}"):
            write_atomic(target, "x", force=True)
    with use_locale("en"), pytest.raises(NotRegularFileError, match="is a FIFO; not replaced"):
        write_atomic(fifo, "x", force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert "/dev/null" == os.readlink(null_link)
    assert ["dir", "null", "pipe"] == sorted(os.listdir(tmp_path))


def test_force_through_a_symbolic_link_replaces_the_file_it_names(tmp_path: Path) -> None:
    """A link to a file stays a link; the file it names gets the new content and keeps its
    permissions."""
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "out.csv"
    link.symlink_to(real.name)
    write_atomic(link, "new\n", force=True)
    assert (True, "new\n", 0o640) == (
        link.is_symlink(),
        real.read_text(encoding="utf-8"),
        real.stat().st_mode & 0o777,
    )


def test_a_long_valid_name_can_be_written(tmp_path: Path) -> None:
    """Issue 11 item 11: a 250-character name (the file system allows 255 bytes) is written:
    the temporary name is short, not the target's name plus a suffix."""
    target = tmp_path / ("b" * 246 + ".csv")
    write_atomic(target, "x\n")
    write_atomic(target, "y\n", force=True)
    assert ("y\n", [target.name]) == (target.read_text(encoding="utf-8"), os.listdir(tmp_path))


def test_dash_writes_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11 item 11: `-o -` means standard output, not a file named `-`."""
    import io

    monkeypatch.chdir(tmp_path)
    out = io.BytesIO()
    write_output("-", "Målgruppe\n", stdout=out)
    assert ("Målgruppe\n".encode(), []) == (out.getvalue(), os.listdir(tmp_path))
    write_output("./-", b"file\n")
    assert b"file\n" == (tmp_path / "-").read_bytes()


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
    # The OS's reason in the user's language (Danish by default), not the system's English.
    assert "der er ikke mere plads på drevet" in capsys.readouterr().err


def test_write_atomic_writes_pieces_as_they_come(tmp_path: Path) -> None:
    """Pieces of text (a streamed export) are written one after the other, as UTF-8; the
    file appears only when the last one is written."""
    target = tmp_path / "out.json"
    seen: list[list[str]] = []

    def pieces() -> Iterator[str]:
        for piece in ("{\n", '  "Målgruppe": ', "1\n}\n"):
            seen.append(os.listdir(tmp_path))
            yield piece

    write_atomic(target, pieces())
    assert '{\n  "Målgruppe": 1\n}\n' == target.read_text(encoding="utf-8")
    assert all("out.json" not in names for names in seen)
    assert ["out.json"] == os.listdir(tmp_path)


def test_a_failing_piece_leaves_the_target_as_it_was(tmp_path: Path) -> None:
    """An error while the pieces are made (a refusal halfway) leaves the old file and no
    temporary file: never half an export."""
    target = tmp_path / "out.json"
    target.write_text("old\n", encoding="utf-8")

    def pieces() -> Iterator[str]:
        yield "new, but only half"
        raise ValueError("refused halfway")

    with pytest.raises(ValueError, match="refused halfway"):
        write_atomic(target, pieces(), force=True)
    assert "old\n" == target.read_text(encoding="utf-8")
    assert ["out.json"] == os.listdir(tmp_path)
