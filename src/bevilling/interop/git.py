"""The ledgers of a git revision, for ``bevilling diff --git REV``: the only I/O of the diff.

:func:`git_ledger_texts` lists the ledger files below some paths at a revision and reads them
(nothing is checked out); :func:`load_texts` loads such texts into one
:class:`~bevilling.core.model.LedgerSet`.

git's output is read in its machine form only: ``ls-tree -z`` (NUL-terminated, paths never
quoted, so ``særindsatser.yaml`` is a file like any other) and ``cat-file --batch`` (the blobs
by object id, all in one process, no path parsed at all).  A revision is checked before it
reaches git: one that starts with ``-`` (``--full-name``, ``--output=x``) would be read by git
as an option, and is refused; ``--end-of-options`` says the same to git.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from bevilling.core.model import Change, Ledger, LedgerSet, Spending
from bevilling.core.problems import BevillingError, Problem
from bevilling.i18n.catalogs import catalog
from bevilling.read import is_ledger_name

_, _n = catalog(__name__)

__all__ = ["GitError", "GitRevision", "git_ledger_texts", "git_revision", "load_texts"]


class GitRevision(NamedTuple):
    """The commit a folder is checked out at, and whether the ledgers differ from it."""

    commit: str
    """The full commit id of ``HEAD``."""
    uncommitted: bool
    """True when the ledger paths have changes that are not committed (or are untracked)."""


class GitError(BevillingError):
    """A git command failed (not a repository, an unknown revision, git not installed)."""


def _check_revision(revision: str) -> None:
    """Refuse what git would take for an option, or what cannot be a revision at all."""
    from bevilling.core.text import visible

    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n\r"):
        raise GitError(
            _(
                "not a git revision: {revision} (a revision never starts with '-' and holds no"
                " line break)",
                revision=repr(visible(revision, one_line=True)),
            )
        )


def git_ledger_texts(
    revision: str, paths: Sequence[str], *, cwd: str | None = None
) -> dict[str, str]:
    """The text of every ``*.yaml``/``*.yml`` file below ``paths`` at git ``revision``.

    With ``cwd``, git runs there and the paths are relative to it, as ``git ls-tree`` shows
    them.  Without, git runs in the folder of each path (the folder a path names, or the one
    holding the file it names), so that ledgers in a repository are found also from a current
    directory outside it, and each file is named as the path given spells it
    (``ledger/a.yaml`` for ``ledger``).  Names that are not ASCII come back as the working
    tree spells them.  Raises :class:`GitError` with git's message when git fails, and for a
    ``revision`` that git would read as an option.
    """
    _check_revision(revision)
    if cwd is not None:
        return _texts(revision, paths, cwd)
    # Each path from its own folder: paths in the same folder share one git call.
    folders: dict[str, list[tuple[str, str]]] = {}
    for path in paths:
        absolute = os.path.abspath(path)
        if os.path.isdir(absolute):
            folder, spec, prefix = absolute, ".", path
        elif os.path.isdir(os.path.dirname(absolute)):
            folder, spec = os.path.dirname(absolute), os.path.basename(absolute)
            prefix = os.path.dirname(path)
        else:  # no such folder in the working tree: as git sees it from here
            folder, spec, prefix = os.getcwd(), path, ""
        folders.setdefault(folder, []).append((spec, prefix))
    texts: dict[str, str] = {}
    for folder, specs in folders.items():
        found = _texts(revision, [spec for spec, _prefix in specs], folder)
        for relative, text in found.items():
            prefix = next((p for spec, p in specs if spec == "." or _below(relative, spec)), "")
            texts[os.path.normpath(os.path.join(prefix, relative)) if prefix else relative] = text
    return {path: texts[path] for path in sorted(texts)}


def _below(relative: str, spec: str) -> bool:
    """True when ``relative`` (a path git listed) is ``spec`` or lies below it."""
    spec = spec.rstrip("/")
    return relative == spec or relative.startswith(spec + "/")


def _texts(revision: str, paths: Sequence[str], cwd: str | None) -> dict[str, str]:
    """The ledger texts below ``paths`` at ``revision``, git run in ``cwd``."""
    listing = _git(
        ["ls-tree", "-r", "-z", "--end-of-options", revision, "--", *paths], cwd, revision=revision
    )  # "<mode> <type> <object>\t<path>\0" per file
    blobs: dict[str, str] = {}
    for record in listing.split(b"\0"):
        meta, tab, raw_path = record.partition(b"\t")
        if not tab:
            continue
        kind, object_id = meta.split(b" ")[1:3]
        path = os.fsdecode(raw_path)
        if kind == b"blob" and is_ledger_name(path.rsplit("/", 1)[-1]):
            blobs[path] = object_id.decode("ascii")
    contents = _cat_blobs([blobs[path] for path in sorted(blobs)], cwd)
    return {path: contents[blobs[path]] for path in sorted(blobs)}


def _cat_blobs(object_ids: list[str], cwd: str | None) -> dict[str, str]:
    """The text of each blob, read with one ``git cat-file --batch``."""
    if not object_ids:
        return {}
    output = _git(["cat-file", "--batch"], cwd, stdin="".join(f"{o}\n" for o in object_ids))
    texts: dict[str, str] = {}
    position = 0
    for object_id in object_ids:  # "<object> blob <size>\n<content>\n" per object
        header_end = output.index(b"\n", position)
        header = output[position:header_end].split(b" ")
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(_("git cat-file failed: cannot read {object}", object=object_id))
        size = int(header[2])
        start = header_end + 1
        texts[object_id] = output[start : start + size].decode("utf-8", "replace")
        position = start + size + 1
    return texts


def _git(
    arguments: list[str], cwd: str | None, *, stdin: str | None = None, revision: str | None = None
) -> bytes:
    """Run git; its output, or :class:`GitError` in the user's words (see :func:`_failure`)."""
    # git's own messages in English, whatever the user's LANG: they are told apart below and
    # quoted as a detail only (LC_ALL=C makes gettext ignore LANGUAGE too).
    environment = {**os.environ, "LC_ALL": "C"}
    try:
        result = subprocess.run(  # noqa: S603 - fixed program, arguments passed as a list
            ["git", *arguments],  # noqa: S607 - git is found on PATH like any user's git
            cwd=cwd,
            input=None if stdin is None else stdin.encode("ascii"),
            capture_output=True,
            check=False,
            env=environment,
        )
    except OSError as error:
        from bevilling.read import os_reason

        raise GitError(
            _(
                "cannot run git ({reason}): `diff --git` needs git installed; or give OLD and"
                " NEW as two files or folders",
                reason=os_reason(error),
            )
        ) from None
    if result.returncode != 0:
        raise GitError(_failure(arguments[0], result.stderr, revision))
    return result.stdout


def _failure(command: str, stderr: bytes, revision: str | None) -> str:
    """What a failed git command means, in the current locale, with git's own (English)
    message quoted at the end as a detail."""
    from bevilling.core.text import visible

    said = " ".join(stderr.decode("utf-8", "replace").split())
    detail = repr(visible(said[:300], one_line=True)) if said else "''"
    lowered = said.casefold()
    if "not a git repository" in lowered:
        return _(
            "the ledgers are not in a git repository, so there is no revision to compare with;"
            " give OLD and NEW as two files or folders (git says: {detail})",
            detail=detail,
        )
    if revision is not None and (
        "not a valid object name" in lowered
        or "unknown revision" in lowered
        or "bad revision" in lowered
        or "not a tree object" in lowered
    ):
        return _(
            "git knows no revision {revision}: give a branch, a tag or a commit id"
            " (`git log --oneline` lists them) (git says: {detail})",
            revision=repr(visible(revision, one_line=True)),
            detail=detail,
        )
    return _("git {command} failed (git says: {detail})", command=command, detail=detail)


def load_texts(texts: Mapping[str, str]) -> LedgerSet:
    """Load ledgers (and change and spending files) from ``path → text`` (e.g.
    :func:`git_ledger_texts`) into one set."""
    from bevilling.read import load_string, read_records, record_format

    ledgers: list[Ledger] = []
    problems: list[Problem] = []
    sources: dict[str, str] = {}
    changes: list[Change] = []
    spending: list[Spending] = []
    record_files: list[str] = []
    for file, text in texts.items():
        kind = record_format(text)
        if kind is not None:
            records, found = read_records(text.removeprefix("\ufeff"), file, kind)
            problems.extend(found)
            sources[file] = text
            if records is not None:
                record_files.append(file)
                changes.extend(records.changes)
                spending.extend(records.spending)
            continue
        loaded = load_string(text, file)
        ledgers.extend(loaded.ledgers)
        problems.extend(loaded.problems)
        sources.update(loaded.sources)
    return LedgerSet(
        ledgers=tuple(ledgers),
        problems=tuple(problems),
        sources=sources,
        changes=tuple(changes),
        spending=tuple(spending),
        record_files=tuple(record_files),
    )


def git_revision(paths: Sequence[str]) -> GitRevision | None:
    """The git revision of the folder ``paths`` are in (the first path's), or None when it is
    not in a git work tree or git is not installed.  Never raises: a page without a revision
    is still a page."""
    if not paths:
        return None
    first = os.path.abspath(paths[0])
    folder = first if os.path.isdir(first) else os.path.dirname(first)
    try:
        commit = _git(["rev-parse", "--verify", "--quiet", "HEAD"], folder).decode().strip()
        relative = [os.path.relpath(os.path.abspath(p), folder) for p in paths]
        status = _git(["status", "--porcelain", "-z", "--", *relative], folder)
    except (GitError, OSError, UnicodeDecodeError):
        return None
    if not commit:
        return None
    return GitRevision(commit=commit, uncommitted=bool(status.strip(b"\0")))
