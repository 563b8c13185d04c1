"""``bevilling diff``: what changed between two versions of the ledgers.

::

    bevilling diff OLD NEW [--format text|markdown|json] [--locale da|en] [--exit-code]
    bevilling diff --git REV [PATH ...] [--format ...] [--locale ...] [--exit-code]

Lists the appropriations added, removed and changed between OLD and NEW (files or
directories), or, with ``--git REV``, between the ledgers at git revision REV and the working
tree, with the change in each table's sum and in the grand totals.  ``--format markdown``
makes a pull-request comment.

Ledgers that do not load stop the diff (exit 1).  Ledgers that load but fail
``bevilling check`` are compared all the same, with a warning line on stderr per side: a diff
reports what was written, and a bad change (a copied file, a pasted row) is exactly what it
must show the reviewer, as added rows and a changed total; refusing would hide it.
Exit codes: 0 compared (also with differences, unless ``--exit-code``), 1 differences with
``--exit-code`` or ledgers that do not load, 2 usage error, unreadable path or git error.
Docs: docs/interop.md.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from bevilling.cli.common import (
    DEFAULT_PATHS,
    EXIT_OK,
    EXIT_PROBLEMS,
    add_locale,
    command_warning,
    error,
    load_clean,
    number,
)
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from bevilling.core.model import LedgerSet

__all__ = ["configure", "run"]

_, _n = catalog(__name__)


def configure(parser: argparse.ArgumentParser) -> None:
    """The description, arguments and defaults of ``bevilling diff``."""
    parser.description = _(
        "List the appropriations added, removed and changed between OLD and NEW"
        " (files or directories), or, with --git REV, between the ledgers at git revision REV"
        " and the working tree, with the change in each table's sum and the grand totals."
    )
    parser.add_argument(
        "paths",
        nargs="*",
        metavar=_("PATH"),
        help=_("OLD NEW; with --git: the ledger paths (default: ledger/)"),
    )
    parser.add_argument("--git", metavar="REV", help=_("compare the ledgers at git revision REV"))
    parser.add_argument(
        "--format",
        choices=["text", "markdown", "json"],
        default="text",
        help=_("text (default), markdown for a pull-request comment, or json"),
    )
    add_locale(parser)
    parser.add_argument(
        "--exit-code",
        action="store_true",
        help=_("exit 1 when there are differences (like git diff --exit-code)"),
    )
    parser.set_defaults(run=run, command="diff")


def run(args: argparse.Namespace) -> int:
    """Run ``bevilling diff``."""
    import attrs

    from bevilling.i18n.formatting import resolve_locale
    from bevilling.interop import GitError, diff, git_ledger_texts, load_texts, render_diff
    from bevilling.interop.diff import detached

    try:
        locale = resolve_locale(args.locale)
    except ValueError as exc:
        return error(str(exc))
    # Two ledger sets of 100 000 rows are held at once only while they are compared: the old
    # side is checked as soon as it is loaded and kept without its text (only findings quote
    # it); the result keeps just the old rows it names, so that the old ledgers are gone before
    # the new side is checked.  What is printed, and in which order, is as before: the load
    # problems of both sides, then a warning per side, then the diff.
    if args.git is not None:
        paths = args.paths or DEFAULT_PATHS
        try:
            texts = git_ledger_texts(args.git, paths)
        except GitError as exc:
            return error(str(exc))
        old = _errors_counted(_checked(load_texts(texts)))
        new = load_clean(paths)
        sides = (
            _("the ledgers at {revision}", revision=args.git),
            _("the ledgers in the working tree"),
        )
    else:
        if len(args.paths) != 2:
            return error(_("diff takes OLD and NEW (two files or directories), or --git REV"))
        old = _errors_counted(load_clean([args.paths[0]]))
        new = load_clean([args.paths[1]])
        sides = (
            _("OLD ({path})", path=args.paths[0]),
            _("NEW ({path})", path=args.paths[1]),
        )
    if isinstance(old, int):
        return old
    if isinstance(new, int):
        return new
    old_ledgers, old_errors = old
    del old
    result = detached(diff(old_ledgers, new))
    del old_ledgers  # the result holds the old rows it names; the rest is freed here
    new_errors = _errors_counted(new)
    del new
    assert not isinstance(new_errors, int)  # noqa: S101 - a ledger set stays one
    _warn_about_errors(old_errors, sides[0])
    _warn_about_errors(new_errors[1], sides[1])
    # A change that makes failing ledgers pass (or the reverse) is said in the diff itself
    # (a pull-request comment shows stdout only), beside the accepted entries it added.
    result = attrs.evolve(result, errors=(old_errors or 0, new_errors[1] or 0))
    sys.stdout.write(render_diff(result, args.format, locale=locale))
    return EXIT_PROBLEMS if args.exit_code and not result.empty else EXIT_OK


def _checked(ledgers: LedgerSet) -> LedgerSet | int:
    """The old revision's ledgers, or the exit code after printing their problems."""
    from bevilling.audit import render_problems_text

    if ledgers.valid:
        return ledgers
    sys.stderr.write(render_problems_text(ledgers.problems, ledgers.sources))
    sys.stderr.write(
        _("bevilling: the ledgers at the old revision have errors (shown above)") + "\n"
    )
    return EXIT_PROBLEMS


def _errors_counted(ledgers: LedgerSet | int) -> tuple[LedgerSet, int | None] | int:
    """The ledgers (without their texts) and the number of errors ``bevilling check`` finds
    in them (None when it passes); an exit code stays one."""
    import attrs

    from bevilling.audit import check

    if isinstance(ledgers, int):
        return ledgers
    report = check(ledgers, errors_only=True)
    return attrs.evolve(ledgers, sources={}), None if report.valid else report.errors


def _warn_about_errors(count: int | None, side: str) -> None:
    """One warning line on stderr when ``bevilling check`` finds errors on one side."""
    if count is not None:
        command_warning(
            "diff",
            _n(
                "`bevilling check` finds {count} error in {side}; compared as written",
                "`bevilling check` finds {count} errors in {side}; compared as written",
                count,
                count=number(count),
                side=side,
            ),
        )
