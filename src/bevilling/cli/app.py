"""The ``bevilling`` command: build the parser, run the command, map the outcome to an exit code.

Exit codes: 0 clean, 1 problems found, 2 usage error, a path that cannot be read, or an
internal error; 130 after Ctrl-C, 141 when the reader of stdout went away.  No traceback
reaches a user: an unexpected exception becomes one line on stderr (``BEVILLING_DEBUG=1``
shows the traceback).

The commands live one per module in :mod:`bevilling.cli.commands`; the helpers they share in
:mod:`bevilling.cli.common`.  Only the standard library and the message catalogs module are
imported to build the parser, so ``bevilling --version`` starts fast; it answers before any
parser is built, and reads no catalog.

Every word is in one language, chosen before the parser is built: ``--locale da|en`` (before
or after the command), else ``$BEVILLING_LOCALE``, else Danish (``LANG``/``LC_ALL`` are not
read).  argparse's own words (``usage:``, ``options``, its usage errors) come from the ``cli``
catalog too (see :mod:`bevilling.cli.language`).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import warnings
from collections.abc import Sequence

from bevilling._version import __version__
from bevilling.cli.commands import COMMANDS, Command, command_module
from bevilling.cli.common import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CommandParser,
    add_locale,
    refuse_repeated,
)
from bevilling.cli.language import (
    ArgumentParser,
    argparse_speaking,
    asks_for_version,
    requested_locale,
    requested_locales,
)
from bevilling.i18n.catalogs import (
    DEFAULT_LOCALE,
    LOCALE_ENV,
    UnknownLocaleError,
    catalog,
    resolve_locale,
    use_locale,
)

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TextIO

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "build_parser", "main"]


class _MainParser(ArgumentParser):
    """The parser of ``bevilling`` itself: ``--locale en --locale da`` before the command is
    a usage error, as a command's repeated option is (argparse kept the last silently)."""

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if args is not None:
            names = {command.name for command in COMMANDS}
            before: list[str] = []
            for word in args:
                if word in names:
                    break
                before.append(word)
            refuse_repeated(self, before)
        return super().parse_known_args(args, namespace)


if TYPE_CHECKING:
    _SubParsersAction = argparse._SubParsersAction[ArgumentParser]
else:
    _SubParsersAction = argparse._SubParsersAction


class _Commands(_SubParsersAction):
    """The commands of ``bevilling``: every command is listed (in ``--help``, and among the
    choices of a usage error), but a command's parser is made only for a command line that
    names it (an argparse parser is a quarter of a millisecond; ``bevilling expiring`` needs
    one, not twelve)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unmade: dict[str, Callable[[ArgumentParser], None]] = {}

    def list_only(self, name: str, help: str, configure: Callable[[ArgumentParser], None]) -> None:
        """List the command ``name`` with its ``help`` line, as ``add_parser`` does, without
        making its parser: ``configure`` configures it should a command line name it."""
        self._choices_actions.append(self._ChoicesPseudoAction(name, (), help))
        # Among the choices; the parser is made (in __call__) before argparse looks it up.
        self._name_parser_map[name] = None  # type: ignore[assignment]
        self._unmade[name] = configure

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        name = values[0] if values else None
        configure = self._unmade.pop(name, None) if isinstance(name, str) else None
        if configure is not None and isinstance(name, str):
            sub = self._parser_class(prog=f"{self._prog_prefix} {name}")
            configure(sub)
            self._name_parser_map[name] = sub
        super().__call__(parser, namespace, values, option_string)


_, _n = catalog(__name__)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``) and return the exit code.

    The locale (``--locale``, ``$BEVILLING_LOCALE``, Danish) holds for the whole run and only
    for it (:func:`~bevilling.i18n.catalogs.use_locale`), so that a caller running ``main``
    in its own process (tests, scripts) keeps its own.
    """
    _degrade_unencodable_output()
    argv = sys.argv[1:] if argv is None else list(argv)
    if asks_for_version(argv):  # no parser, no catalog: the fastest answer
        sys.stdout.write(f"bevilling {__version__}\n")
        return EXIT_OK
    locale, refusal = _choose_locale(argv)
    from bevilling.core.money import exact_context

    with use_locale(locale), exact_context():  # sums of the largest amounts stay exact
        return _run(argv, locale, refusal)


def _choose_locale(argv: Sequence[str]) -> tuple[str, str | None]:
    """The locale of this run, and the usage error to report when ``$BEVILLING_LOCALE`` names
    one bevilling does not speak (None when all is well).

    A bad ``--locale`` value is refused by the parser (its ``type=``), in the locale of
    ``$BEVILLING_LOCALE``, else in Danish.
    """
    requested = requested_locale(argv)
    try:
        return resolve_locale(requested), None
    except UnknownLocaleError:
        pass
    if requested is not None:
        try:
            return resolve_locale(None), None
        except UnknownLocaleError:
            return DEFAULT_LOCALE, None
    with use_locale(DEFAULT_LOCALE):
        refusal = _(
            "the environment variable {name} is {value}, a locale bevilling does not speak:"
            " set it to da or en, or give --locale da|en",
            name=LOCALE_ENV,
            value=repr(os.environ.get(LOCALE_ENV, "")),
        )
    return DEFAULT_LOCALE, refusal


def _run(argv: list[str], locale: str, refusal: str | None) -> int:
    """Parse ``argv`` and run its command, in ``locale``."""
    with argparse_speaking():
        parser = build_parser(argv)
        try:
            if refusal is not None and not {"-h", "--help"} & set(argv):
                parser.error(refusal)
            if refusal is not None:  # help is still shown (in Danish), with the reason
                sys.stderr.write(f"bevilling: {refusal}\n")
            args = parser.parse_args(argv)
            asked = list(dict.fromkeys(requested_locales(argv)))
            if len(asked) > 1:  # before and after the command (a parser refuses its own repeats)
                parser.error(
                    _(
                        "--locale is given as {first} and as {second}; give it once",
                        first=asked[0],
                        second=asked[1],
                    )
                )
        except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 for --help
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
        except KeyboardInterrupt:
            return EXIT_INTERRUPTED
        except Exception as exc:  # a type= function that failed unexpectedly: still no traceback
            return _internal_error(exc, "")
        if not hasattr(args, "run"):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
    args.locale = locale  # the commands' --locale, or the one given before the command
    # A command is a short-lived process that makes many objects and few cycles: the cyclic
    # garbage collector would only slow it down (the loader pauses it for library users too).
    collecting = gc.isenabled()
    gc.disable()
    shown, warnings.showwarning = warnings.showwarning, _show_warning
    try:
        code: int = args.run(args)
        sys.stdout.flush()
    except BrokenPipeError:  # `bevilling list | head`: the reader went away
        _silence_stdout()
        # Not 0: the command did not finish (`bevilling check | head` must not pass a CI job
        # whose ledgers have errors).  128 + SIGPIPE, as Unix tools killed by it report.
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: no traceback reaches a user
        return _internal_error(exc, getattr(args, "command", "") or "")
    finally:  # as it was, for callers that run main() in their own process (tests, scripts)
        warnings.showwarning = shown
        if collecting:
            gc.enable()
    return code


def _internal_error(exc: Exception, command: str) -> int:
    """One line on stderr for an exception no command expected; exit 2.

    An OSError (disk full, stdout closed by the system) is an I/O failure and says so; anything
    else is a bug in bevilling, and says that too.  ``BEVILLING_DEBUG=1`` re-raises, for the
    traceback.
    """
    if os.environ.get("BEVILLING_DEBUG"):
        raise exc
    from bevilling.core.text import visible

    name = f"bevilling {command}" if command else "bevilling"
    what = visible(f"{type(exc).__name__}: {exc}", one_line=True)
    try:
        if isinstance(exc, OSError):
            message = _("{name}: error: {what}", name=name, what=what) + "\n"
        else:
            message = (
                _(
                    "{name}: internal error: {what} (a bug in bevilling: please report it with"
                    " the command and the ledger that caused it; BEVILLING_DEBUG=1 shows the"
                    " traceback)",
                    name=name,
                    what=what,
                )
                + "\n"
            )
    except Exception:  # pragma: no cover - the catalog itself is broken: say it in English
        message = f"{name}: internal error: {what}\n"
    try:
        sys.stderr.write(message)
        sys.stderr.flush()
    except (OSError, ValueError):  # pragma: no cover - stderr is gone too: nothing to tell
        pass
    return EXIT_USAGE


def _show_warning(  # noqa: PLR0917 - the signature of warnings.showwarning
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Library warnings (e.g. the slow YAML parser) as one plain line on stderr."""
    from bevilling.core.text import visible

    line = _("bevilling: warning: {message}", message=message)
    sys.stderr.write(visible(line, one_line=True) + "\n")


def _degrade_unencodable_output() -> None:
    """Let stdout and stderr replace what their encoding cannot write (``Bel?b`` on an ASCII
    terminal, ``PYTHONIOENCODING=ascii``) instead of raising UnicodeEncodeError mid-report.

    Only streams in an encoding other than UTF-8/16/32 are changed, and only when they would
    raise: ``?`` takes one column, as the character it replaces, so tables stay aligned.
    """
    import codecs
    import io

    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper) or stream.errors not in _RAISING_HANDLERS:
            continue
        try:
            name = codecs.lookup(stream.encoding).name
        except LookupError:  # pragma: no cover - Python refuses to start with such a stream
            name = ""
        if not name.startswith("utf"):
            stream.reconfigure(errors="replace")


# Error handlers that raise on a character the encoding lacks (surrogateescape raises on
# anything but the surrogates it made).
_RAISING_HANDLERS = frozenset({"strict", "surrogateescape"})


def build_parser(argv: Sequence[str] | None = None) -> ArgumentParser:
    """The argument parser with every subcommand.

    Every command is listed (with its help line from ``cli.commands.COMMANDS``), but only the
    commands named in ``argv`` are imported and configured: the one being run, and any word of
    ``argv`` that happens to be a command's name too (harmless).  Without ``argv`` (for tools
    that document the whole command line) every command is configured.

    The words are those of the current locale: build it inside
    :func:`~bevilling.i18n.catalogs.use_locale` and
    :func:`~bevilling.cli.language.argparse_speaking`, as :func:`main` does.
    """
    parser = _MainParser(
        prog="bevilling",
        description=_("Track public budget appropriations (bevillinger) in YAML ledgers."),
        epilog=_(
            "Ledger format: docs/ledger-format.md. Exit codes: 0 clean, 1 problems,"
            " 2 usage error or unreadable path."
        ),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"bevilling {__version__}",
        help=_("show program's version number and exit"),
    )
    add_locale(parser)
    # prog given: argparse would otherwise format a usage line (and compile four regular
    # expressions) to find that the commands' programme name is "bevilling".
    subparsers = parser.add_subparsers(
        title=_("commands"),
        metavar=_("COMMAND"),
        parser_class=CommandParser,
        prog="bevilling",
        action=_Commands,
    )
    if not isinstance(subparsers, _Commands):  # pragma: no cover - argparse makes `action=`
        raise TypeError(type(subparsers).__name__)
    words = None if argv is None else set(argv)
    for command in COMMANDS:
        if words is None or command.name in words:
            command_module(command).configure(
                subparsers.add_parser(command.name, help=_(command.help))
            )
        else:
            subparsers.list_only(command.name, _(command.help), _configure(command))
    return parser


def _configure(command: Command) -> Callable[[ArgumentParser], None]:
    """What configures the parser of ``command`` once it is made."""
    return lambda parser: command_module(command).configure(parser)


def _silence_stdout() -> None:
    """After a broken pipe, point stdout at devnull so the interpreter's flush cannot fail."""
    import contextlib
    import io

    with contextlib.suppress(AttributeError, OSError, ValueError, io.UnsupportedOperation):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
