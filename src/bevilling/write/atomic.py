"""Writing output files without ever losing work: refuse to overwrite, write atomically.

Everything bevilling writes to a named file (``import -o``, ``export -o``) goes through
:func:`write_atomic`: the data is written to a temporary file next to the target, flushed to
disk, and only then moved into place with one rename.  A reader never sees half a file, and an
error or Ctrl-C part-way leaves the target as it was and no temporary file behind.

- Without ``force`` an existing target is refused, also when it appears between the check and
  the write.
- With ``force`` the replaced file keeps its permissions (a ``0600`` file stays ``0600``) and,
  where the user may, its owner and group.  A symbolic link to a file is followed (the link
  stays, the file it names is replaced).
- Only a regular file is ever replaced: a device (``/dev/null``), a FIFO, a socket or a
  directory is refused with :class:`NotRegularFileError`, also with ``force``.
- The temporary name is short (``.<first 16 characters>.<random>.tmp``), so every name the
  file system accepts can be written.

:func:`write_files_atomic` does the same for a directory of files (a data package): it is built
complete under a temporary name beside the target and renamed into place; with ``force`` an
existing package is replaced as a whole, never mixed old and new.  :func:`write_output` adds
``-`` for standard output, as command-line tools spell it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

from bevilling.i18n.catalogs import catalog

__all__ = [
    "STDOUT",
    "NotRegularFileError",
    "OutputExistsError",
    "write_atomic",
    "write_files_atomic",
    "write_output",
]

_, _n = catalog(__name__)

#: The output name that means standard output.
STDOUT = "-"

# How much of the target's name the temporary name repeats (characters, at most 64 bytes).
_NAME_IN_TEMPORARY = 16


class OutputExistsError(FileExistsError):
    """The output file exists and ``force`` was not given (the message is for the user)."""

    def __init__(self, target: str | os.PathLike[str], message: str | None = None) -> None:
        super().__init__(message or _("{path} exists; use --force to overwrite it", path=target))
        self.filename = os.fspath(target)

    def __str__(self) -> str:
        return str(self.args[0])


class NotRegularFileError(OSError):
    """The output exists and is not a regular file (a device, FIFO, socket or directory)."""


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a directory")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISFIFO(mode):
        return _("a FIFO")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


def _existing(target: Path, force: bool) -> tuple[Path, os.stat_result | None]:
    """The path to replace (a link's file) and its status, or None when there is no file.

    Raises :class:`OutputExistsError` without ``force`` and :class:`NotRegularFileError` for
    anything but a regular file.
    """
    try:
        link = os.lstat(target)
    except FileNotFoundError:
        return target, None
    if stat.S_ISLNK(link.st_mode):
        try:
            status = os.stat(target)
        except FileNotFoundError:
            raise NotRegularFileError(
                _("{path} is a symbolic link to nothing; not replaced", path=target)
            ) from None
        real = Path(os.path.realpath(target))
    else:
        status, real = link, target
    # A folder or a device is refused first: suggesting --force would only lead to this.
    if not stat.S_ISREG(status.st_mode):
        raise NotRegularFileError(
            _("{path} is {kind}; not replaced", path=target, kind=_kind(status.st_mode))
        )
    if not force:
        raise OutputExistsError(target)
    return real, status


def _keep_status(temporary: str, status: os.stat_result | None) -> None:
    """Give the temporary file the replaced file's permissions and owner, or the umask's."""
    if status is None:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    os.chmod(temporary, stat.S_IMODE(status.st_mode) & 0o777)  # never set-id bits
    with contextlib.suppress(OSError):  # only root (or the owner, for the group) may
        os.chown(temporary, status.st_uid, status.st_gid)


def _temporary_prefix(target: Path) -> str:
    return f".{target.name[:_NAME_IN_TEMPORARY]}."


def write_atomic(
    path: str | os.PathLike[str], data: bytes | str | Iterable[str], *, force: bool = False
) -> None:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically.

    ``data`` may also be pieces of text, written as they come (a long export is never one
    string): the file appears only once the last piece is written, and an exception raised
    while making the pieces leaves no file (nor the target changed), as any other failure.

    Raises :class:`OutputExistsError` when ``path`` exists and ``force`` is false,
    :class:`NotRegularFileError` when it is not a regular file, and ``OSError`` when the
    directory cannot be written; in every case no partial file is left.
    """
    target, status = _existing(Path(path), force)
    pieces = (data,) if isinstance(data, (bytes, str)) else data
    fd, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=_temporary_prefix(target), suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            for piece in pieces:
                handle.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            handle.flush()
            os.fsync(handle.fileno())
        _keep_status(temporary, status)
        if status is not None:
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
        raise OutputExistsError(target) from None
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(target):
            raise OutputExistsError(target) from None
        os.replace(temporary, target)
        return
    os.unlink(temporary)


def write_output(
    path: str | os.PathLike[str],
    data: bytes | str,
    *,
    force: bool = False,
    stdout: BinaryIO | None = None,
) -> None:
    """:func:`write_atomic`, except that ``-`` writes ``data`` to standard output (``stdout``,
    default ``sys.stdout.buffer``); a file named ``-`` is written as ``./-``."""
    if os.fspath(path) != STDOUT:
        write_atomic(path, data, force=force)
        return
    stream = stdout if stdout is not None else sys.stdout.buffer
    stream.write(data.encode("utf-8") if isinstance(data, str) else data)
    stream.flush()


def write_files_atomic(
    directory: str | os.PathLike[str], files: Mapping[str, bytes], *, force: bool = False
) -> None:
    """Write ``files`` (name → bytes) as the directory ``directory``, whole or not at all.

    The directory is built complete under a temporary name beside the target, then renamed
    into place.  An existing directory is refused without ``force``; with it, it is replaced
    as a whole (its permissions kept), but only when it holds nothing but files of these
    names: a directory with other content (``-o ledger``) is refused, never emptied.
    """
    target = Path(directory)
    status: os.stat_result | None = None
    if os.path.lexists(target):
        if not force:
            raise OutputExistsError(target)
        status = os.lstat(target)
        if not stat.S_ISDIR(status.st_mode):
            raise NotADirectoryError(
                _("{path} exists and is not a directory; not replaced", path=target)
            )
        others = sorted(name for name in os.listdir(target) if name not in files)
        if others:
            shown = ", ".join(others[:3]) + (", …" if len(others) > 3 else "")
            raise OutputExistsError(
                target,
                _(
                    "{path} holds other files than the package ({names}); not replaced: give a"
                    " new or an empty directory",
                    path=target,
                    names=shown,
                ),
            )
    temporary = Path(
        tempfile.mkdtemp(dir=target.parent, prefix=_temporary_prefix(target), suffix=".tmp")
    )
    try:
        for name, data in files.items():
            with open(temporary / name, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            old = target / name
            old_status = os.lstat(old) if status is not None and old.is_file() else None
            _keep_status(str(temporary / name), old_status)
        if status is None:
            os.chmod(temporary, 0o777 & ~_umask())
            os.rename(temporary, target)  # fails if the target appeared meanwhile
        else:
            os.chmod(temporary, stat.S_IMODE(status.st_mode))
            _swap_directories(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _swap_directories(new: Path, target: Path) -> None:
    """Put ``new`` in the place of the directory ``target`` and remove the old one.

    Two renames: the old directory aside, the new one in.  Should the second fail (or be
    interrupted), the old directory is put back: ``target`` is always the old package or the
    new one, never a mixture.
    """
    aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=_temporary_prefix(target)))
    aside.rmdir()  # only the unique name is wanted
    os.rename(target, aside)
    try:
        os.rename(new, target)
    except BaseException:
        os.rename(aside, target)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
