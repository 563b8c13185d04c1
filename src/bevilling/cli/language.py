"""The language of the command line: chosen before the parser is built, argparse's words too.

The locale comes from ``--locale`` (before or after the command), else ``$BEVILLING_LOCALE``,
else Danish; ``LANG``/``LC_ALL`` are never read.  :func:`requested_locale` finds ``--locale``
in the command line *before* the parser is built, so that every help text, metavar and usage
error is written in one language from the first word on.  :func:`asks_for_version` lets
``bevilling --version`` answer before that, without a parser or a catalog.

argparse writes its own words (``usage:``, ``options``, ``the following arguments are
required: %s``, ...) with ``_`` and ``ngettext`` looked up in its module's globals when it
writes them, which the standard gettext setup would take from ``LANG``.
:func:`argparse_speaking` points those two names at the ``cli`` catalog in the current
locale while the command line is parsed, and puts the originals back afterwards.  The message
ids are argparse's own English strings (those of Python 3.10 to 3.14), listed below with
:func:`~bevilling.i18n.catalogs.N_` so that extraction puts them in the ``cli`` catalog; a
test compares them with the running Python's ``argparse.py``, so that a new Python release
with a new message fails the tests rather than speak English.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence

from bevilling.i18n.catalogs import N_, current_locale, translations

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any, NoReturn

__all__ = [
    "ARGPARSE_MESSAGES",
    "ARGPARSE_PLURALS",
    "ArgumentParser",
    "HelpFormatter",
    "argparse_speaking",
    "asks_for_version",
    "requested_locale",
    "terminal_columns",
]

LOCALE_OPTION = "--locale"
VERSION_OPTION = "--version"

# TRANSLATORS: argparse's own messages. Keep every %s, %r and %(name)s/%(name)r exactly as it
# is (argparse fills them in), and the trailing space of "usage: " and the "\n" of the
# "%(prog)s: ..." lines.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("subcommands"),
    N_("%(heading)s:"),
    N_(" (default: %(default)s)"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("%(prog)s: warning: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_('argument "-" with mode %r'),
    N_("argument '-' with mode %r"),
    N_("argument '%(argument_name)s' is deprecated"),
    N_("command '%(parser_name)s' is deprecated"),
    N_("option '%(option)s' is deprecated"),
    # Mistakes in a program's parser, not in a command line (a user never sees them).
    N_("'required' is an invalid argument for positionals"),
    N_("%r is not callable"),
    N_(".__call__() not defined"),
    N_("cannot have multiple subparser arguments"),
    N_("cannot merge actions - two groups are named %r"),
    N_("conflicting subparser: %s"),
    N_("conflicting subparser alias: %s"),
    N_("dest= is required for options like %r"),
    N_("invalid conflict_resolution value: %r"),
    N_("invalid option string %(option)r: must start with a character %(prefix_chars)r"),
    N_("mutually exclusive arguments must be optional"),
)


def _n(singular: str, plural: str) -> tuple[str, str]:
    """Mark a plural message of argparse for extraction (``_n``: the keyword with two ids)."""
    return singular, plural


#: argparse's plural messages, as (singular, plural).
ARGPARSE_PLURALS = (
    _n("expected %s argument", "expected %s arguments"),
    _n("conflicting option string: %s", "conflicting option strings: %s"),
)


def requested_locale(argv: Sequence[str]) -> str | None:
    """The value of the last ``--locale`` in ``argv`` (also ``--locale=en``, ``--loc en``), or
    None.

    Read before the parser exists, so that the parser is built in the chosen language.  Words
    after ``--`` are positionals, not options.  An abbreviation is recognised as argparse
    recognises it: no other option of bevilling begins with ``--l``.

    >>> requested_locale(["check", "ledger/", "--locale", "en"])
    'en'
    >>> requested_locale(["--locale=da", "show", "--", "--locale", "en"])
    'da'
    """
    found = requested_locales(argv)
    return found[-1] if found else None


def requested_locales(argv: Sequence[str]) -> list[str]:
    """Every value of ``--locale`` in ``argv``, in order (see :func:`requested_locale`).

    >>> requested_locales(["--locale", "en", "expiring", "--locale=da"])
    ['en', 'da']
    """
    found = []
    words = list(argv)
    for index, word in enumerate(words):
        if word == "--":
            break
        name, equals, value = word.partition("=")
        if len(name) < len("--l") or not LOCALE_OPTION.startswith(name):
            continue
        if equals:
            found.append(value)
        elif index + 1 < len(words):
            found.append(words[index + 1])
    return found


def asks_for_version(argv: Sequence[str]) -> bool:
    """Whether argparse would answer ``argv`` by printing the version (``bevilling --version``,
    also after ``--locale en``): a ``--version`` among the options before the command, not
    after ``-h``.

    >>> asks_for_version(["--version"]), asks_for_version(["--locale", "en", "--vers"])
    (True, True)
    >>> asks_for_version(["list", "--version"]), asks_for_version(["-h", "--version"])
    (False, False)
    """
    words = iter(argv)
    for word in words:
        if not word.startswith("--") or word == "--":
            return False  # the command (or -h, or another short option): argparse decides
        name, equals, _value = word.partition("=")
        if len(name) >= len("--v") and VERSION_OPTION.startswith(name) and not equals:
            return True
        if len(name) >= len("--l") and LOCALE_OPTION.startswith(name):
            if not equals:
                next(words, None)
            continue
        return False  # --help, or an option argparse will refuse
    return False


def _argparse_gettext(message: str) -> str:
    if not message:  # argparse passes a missing description through _() as None
        return message
    return translations("cli", current_locale()).gettext(message)


def _argparse_ngettext(singular: str, plural: str, count: int) -> str:
    return translations("cli", current_locale()).ngettext(singular, plural, count)


@contextlib.contextmanager
def argparse_speaking() -> Iterator[None]:
    """argparse writes its words from the ``cli`` catalog, in the current locale, inside the
    ``with`` block (building the parser, parsing, printing help and usage errors).

    argparse looks ``_`` and ``ngettext`` up in its module's globals each time it writes a
    message; they are replaced for the block and restored after it (also when it ends by an
    exception, such as argparse's ``SystemExit``).  A message argparse has and the catalog
    lacks stays English (the tests catch that).
    """
    names = vars(argparse)
    replaced: dict[str, Callable[..., str]] = {
        "_": _argparse_gettext,
        "ngettext": _argparse_ngettext,
    }
    saved = {name: names[name] for name in replaced if name in names}
    names.update(replaced)
    try:
        yield
    finally:
        for name in replaced:
            if name in saved:
                names[name] = saved[name]
            else:  # pragma: no cover - every argparse since 3.2 has both
                del names[name]


def terminal_columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size().columns`` gives it (``$COLUMNS``,
    else the width of the terminal stdout was started on, else 80), without importing shutil
    (with the compression modules it imports: a few ms of every command's start-up)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:  # sys.__stdout__ may be None (AttributeError), as shutil allows
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return columns


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as the terminal (:func:`terminal_columns`).

    argparse makes one for every argument it adds, and its own imports shutil to measure the
    terminal."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
    ) -> None:
        if width is None:  # as argparse: the terminal's width less two
            width = terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, fixed where argparse assumes English (Python 3.10 to 3.13).

    - A usage error names the argument in the chosen language: 3.10 writes the ``argument
      --year:`` before the message without gettext.
    - Intermixed parsing keeps the whole usage line: argparse captures it for its messages as
      ``format_usage()[7:]``, the length of the English ``usage: ``, which cut the first
      letter of the program's name after the shorter Danish ``brug: ``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_known_intermixed_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self.usage is not None:
            return super().parse_known_intermixed_args(args, namespace)
        prefix = _argparse_gettext("usage: ")
        usage = self.format_usage()
        usage = usage[len(prefix) :] if usage.startswith(prefix) else usage
        # argparse fills the usage in with `% {"prog": ...}`: a literal % must be doubled.
        self.usage = usage.rstrip("\n").replace("%", "%%")
        try:
            return super().parse_known_intermixed_args(args, namespace)
        finally:
            self.usage = None

    def error(self, message: str) -> NoReturn:
        # argparse calls error() while it handles the ArgumentError, which is still at hand.
        failure = sys.exc_info()[1]
        if (
            isinstance(failure, argparse.ArgumentError)
            and failure.argument_name is not None
            and message == str(failure)
        ):
            message = _argparse_gettext("argument %(argument_name)s: %(message)s") % {
                "argument_name": failure.argument_name,
                "message": failure.message,
            }
        from bevilling.core.text import visible

        # argparse quotes the words it refused (`unrecognized arguments: ...`): a word may hold
        # a line break or an escape sequence, and a usage error is one plain line.
        super().error(visible(message, one_line=True))
