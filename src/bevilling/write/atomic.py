"""Writing output files without ever losing work: refuse to overwrite, write atomically.

Everything bevilling writes to a named file (``import -o``, ``export -o``) goes through
:func:`write_atomic`: the data is written to a temporary file next to the target, flushed to
disk, and only then moved into place with one rename.  A reader never sees half a file, and an
error or Ctrl-C part-way leaves the target as it was and no temporary file behind.  Without
``force`` an existing target is refused, also when it appears between the check and the write.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

__all__ = ["OutputExistsError", "write_atomic", "write_files_atomic"]


class OutputExistsError(FileExistsError):
    """The output file exists and ``force`` was not given."""


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, force: bool = False) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically.

    Raises :class:`OutputExistsError` when ``path`` exists and ``force`` is false, and
    ``OSError`` when the directory cannot be written; in every case no partial file is left.
    """
    target = Path(path)
    if not force and (target.exists() or target.is_symlink()):
        raise OutputExistsError(f"{target} exists; use --force to overwrite it")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    directory = target.parent
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o666 & ~_umask())
        if force:
            os.replace(temporary, target)
        else:
            _link_exclusive(temporary, target)
    except BaseException:  # also KeyboardInterrupt: never leave the temporary file behind
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _link_exclusive(temporary: str, target: Path) -> None:
    """Move ``temporary`` to ``target`` unless ``target`` exists (no window for a race)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputExistsError(f"{target} exists; use --force to overwrite it") from None
    except OSError:  # a file system without hard links: check, then rename
        if target.exists():
            raise OutputExistsError(f"{target} exists; use --force to overwrite it") from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def write_files_atomic(
    directory: str | os.PathLike[str], files: Mapping[str, bytes], *, force: bool = False
) -> None:
    """Write ``files`` (name → bytes) into ``directory``, each file atomically.

    A new directory is built under a temporary name and renamed into place, so it appears
    complete or not at all.  An existing directory is refused without ``force``; with it, the
    named files are replaced one by one (other files in it are left alone).
    """
    target = Path(directory)
    if target.exists():
        if not force:
            raise OutputExistsError(f"{target} exists; use --force to overwrite it")
        if not target.is_dir():
            raise NotADirectoryError(f"{target} exists and is not a directory")
        for name, data in files.items():
            write_atomic(target / name, data, force=True)
        return
    parent = target.parent
    temporary = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".tmp"))
    try:
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        os.chmod(temporary, 0o777 & ~_umask())
        os.rename(temporary, target)
    except BaseException:
        for child in temporary.glob("*"):
            with contextlib.suppress(FileNotFoundError):
                child.unlink()
        with contextlib.suppress(OSError):
            temporary.rmdir()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
