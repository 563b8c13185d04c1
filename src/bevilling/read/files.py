"""Finding ledger files under the paths a user gives, and reading their text safely.

Every path the user names is either read or reported (code ``unreadable`` or ``no-ledgers``):
a directory that cannot be listed, a named pipe, a device or a socket is a problem with the
path, never a silent skip and never a hang.  Only regular files are ever opened, and they are
opened without blocking, so a FIFO swapped in between the walk and the read cannot hang either.

Text must be UTF-8 (a byte order mark is dropped, CRLF becomes LF); UTF-16, UTF-32 and
Latin-1 files are named as what they are, with how to save them as UTF-8.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from typing import Union

from bevilling.core.lazy import LazyPattern
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import N_, catalog

__all__ = [
    "PathArg",
    "collect_files",
    "is_ledger_name",
    "normalise_newlines",
    "read_text",
    "record_format",
]

_, _n = catalog(__name__)

PathArg = Union[str, "os.PathLike[str]"]

#: Byte order marks and what they mean, the four-byte ones first (UTF-32LE starts like UTF-16LE).
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)


def _error(code: str, location: Location, message: str, hint: str) -> Problem:
    return Problem(code, Severity.ERROR, message, location, hint)


def is_ledger_name(name: str) -> bool:
    """True for a visible ``*.yaml``/``*.yml`` file name, in any case (``B.YAML`` too)."""
    return name.lower().endswith((".yaml", ".yml")) and not name.startswith(".")


def _kind(mode: int) -> str:
    """What a non-regular file is, in words a user knows."""
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISDIR(mode):
        return _("a directory")
    return _("not a regular file")


#: The reasons a path cannot be read that users meet, in words of the catalogs; any other
#: error is named by the operating system's own (English) text.
_OS_REASONS = {
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("operation not permitted"),
    errno.ENOENT: N_("no such file or directory"),
    errno.ENOTDIR: N_("a part of the path is not a directory"),
    errno.ELOOP: N_("too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EIO: N_("input/output error"),
    errno.EISDIR: N_("it is a directory"),
    errno.ENOSPC: N_("no space left on the device"),
    errno.EROFS: N_("the file system is read-only"),
    errno.EEXIST: N_("the file exists"),
    errno.EDQUOT: N_("the disk quota is exceeded"),
    errno.ETXTBSY: N_("the file is busy"),
}


def os_reason(error: OSError) -> str:
    """Why ``error`` happened, in the current locale where the catalogs know the reason."""
    reason = _OS_REASONS.get(error.errno) if error.errno is not None else None
    return _(reason) if reason else str(error.strerror or error)


def _not_regular(name: str, mode: int) -> Problem:
    return _error(
        "unreadable",
        Location(name),
        _("{name} is {kind}, not a ledger file; it was not read", name=name, kind=_kind(mode)),
        _("ledgers are ordinary text files: move the special file out of the ledger directory"),
    )


def collect_files(paths: Iterable[PathArg]) -> tuple[list[str], list[Problem]]:
    """The ledger files named by ``paths``, directories expanded, each file once.

    Problems for every path (or part of a directory) that cannot be read.
    """
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(file: str) -> None:
        real = os.path.realpath(file)
        if real not in seen:
            seen.add(real)
            files.append(file)

    for path in paths:
        name = os.fspath(path)
        try:
            mode = os.stat(name).st_mode
        except (OSError, ValueError) as error:  # ValueError: a NUL byte in the name
            exists = not isinstance(error, ValueError) and os.path.lexists(name)
            message = (
                _("{name} cannot be read: {reason}", name=name, reason=os_reason(error))
                if exists and isinstance(error, OSError) and error.strerror
                else _("{name} does not exist", name=name)
            )
            problems.append(
                _error(
                    "unreadable",
                    Location(name),
                    message,
                    _("check the path; ledgers are usually kept in ledger/"),
                )
            )
            continue
        if stat.S_ISDIR(mode):
            found, walk_problems = _walk(name)
            problems.extend(walk_problems)
            if not found and not walk_problems:
                problems.append(
                    _error(
                        "no-ledgers",
                        Location(name),
                        _("the directory {name} holds no *.yaml or *.yml ledger file", name=name),
                        _("name a ledger file or a directory that holds ledgers"),
                    )
                )
            for file in found:
                add(file)
        elif stat.S_ISREG(mode):
            add(name)
        else:
            problems.append(_not_regular(name, mode))
    return files, problems


def _walk(directory: str) -> tuple[list[str], list[Problem]]:
    """Every ``*.yaml``/``*.yml`` below ``directory``, sorted, not following directory links.

    Hidden directories (``.git``) and hidden files are skipped; a subdirectory that cannot be
    listed and a ledger-named entry that is not a regular file are reported.  Not following
    links means a symlink loop cannot make the walk run forever.
    """
    found: list[str] = []
    problems: list[Problem] = []

    def unlistable(error: OSError) -> None:
        where = error.filename if isinstance(error.filename, str) else directory
        problems.append(
            _error(
                "unreadable",
                Location(os.path.normpath(where)),
                _(
                    "the directory {name} cannot be read: {reason}; ledgers in it were not loaded",
                    name=os.path.normpath(where),
                    reason=os_reason(error),
                ),
                _("check the directory's permissions (it must be readable and searchable)"),
            )
        )

    for root, dirs, names in os.walk(directory, onerror=unlistable, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not is_ledger_name(name):
                continue
            path = os.path.normpath(os.path.join(root, name))
            try:
                mode = os.stat(path).st_mode
            except OSError:
                found.append(path)  # a dangling link: reading it reports why
                continue
            if stat.S_ISREG(mode):
                found.append(path)
            else:
                problems.append(_not_regular(path, mode))
    return found, problems


def read_text(file: str) -> tuple[str | None, list[Problem]]:
    """The file's text, decoded from UTF-8 (a BOM is dropped, CRLF becomes LF).

    The file is opened without blocking and read only if it is a regular file.
    """
    try:
        with open(file, "rb", opener=_nonblocking) as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                return None, [_not_regular(file, mode)]
            data = handle.read()
    except OSError as error:
        return None, [_cannot_read(file, error)]
    return decode(data, file)


def _nonblocking(path: str, flags: int) -> int:
    """Open without waiting: a named pipe would otherwise block until a writer comes."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _cannot_read(file: str, error: OSError) -> Problem:
    return _error(
        "unreadable",
        Location(file),
        _("{name} cannot be read: {reason}", name=file, reason=os_reason(error)),
        _("check the file's permissions"),
    )


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """``data`` as text, or a ``not-utf8`` problem naming the encoding it seems to be in."""
    encoding = _wide_encoding(data)
    if encoding is not None:
        return None, [
            _error(
                "not-utf8",
                Location(file, 1),
                _("the file is {encoding} text; ledgers are UTF-8", encoding=encoding),
                _("save the file as UTF-8 (in Notepad: Save as, Encoding: UTF-8)"),
            )
        ]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1]
        hint = (
            _(
                "the file looks like Latin-1/Windows-1252 (æ, ø and å saved as single bytes):"
                " save it as UTF-8"
            )
            if _decodes_as_latin1(data)
            else _("save the file as UTF-8 text")
        )
        return None, [
            _error(
                "not-utf8",
                Location(file, line),
                _(
                    "the file is not UTF-8: byte {byte} on line {line} cannot be decoded",
                    byte=f"0x{byte.hex()}",
                    line=line,
                ),
                hint,
            )
        ]
    return normalise_newlines(text), []


def _wide_encoding(data: bytes) -> str | None:
    """ "UTF-16" or "UTF-32" when ``data`` is in one of them (by its BOM, or, without one, by
    the zero bytes of its first ASCII character as the YAML spec detects it), else None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    if len(head) == 4:
        if head[1:] == b"\x00\x00\x00" or head[:3] == b"\x00\x00\x00":
            return "UTF-32"
        if (head[1] == 0 and head[3] == 0 and head[0] and head[2]) or (
            head[0] == 0 and head[2] == 0 and head[1] and head[3]
        ):
            return "UTF-16"
    return None


def _decodes_as_latin1(data: bytes) -> bool:
    """True when ``data`` reads as Windows-1252 text with Danish letters in it."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return any(letter in text for letter in "æøåÆØÅé")


def normalise_newlines(text: str) -> str:
    """CRLF as LF (a lone CR stays: the YAML tree maps YAML's other line breaks to lines)."""
    return text.replace("\r\n", "\n") if "\r" in text else text


#: The first key of a change or spending file (after comments and blank lines), naming its format.
_FORMAT_LINE = LazyPattern(
    r"(?:[ \t]*(?:#[^\n]*)?\n)*format:[ \t]*(['\"]?)(bevilling-(?:changes|spending)/1)\1"
    r"[ \t]*(?:#[^\n]*)?(?:\n|\Z)"
)


def record_format(text: str) -> str | None:
    """The format a change or spending file declares on its first key, else None (here, not
    in :mod:`~bevilling.read.followup`: the loader asks it of every file, and most runs read
    no change or spending file, so need not import their reader).

    >>> record_format("# Forbrug 2016\\nformat: bevilling-spending/1\\n")
    'bevilling-spending/1'
    >>> record_format("format: bevilling/1\\n") is None
    True
    """
    if text.startswith("format:"):
        # A ledger (`format: bevilling/1`, its first line): the format line can only be the
        # first line, and the value after `format:` (spaces, a quote) must begin with
        # `bevilling-`: most files are decided without compiling the pattern (start-up).
        end = text.find("\n", 7, 200)
        value = text[7 : end if end >= 0 else 200].lstrip(" \t'\"")
        if not value.startswith("bevilling-") and len(value) >= len("bevilling-"):
            return None
    match = _FORMAT_LINE.match(text)
    return match.group(2) if match else None
