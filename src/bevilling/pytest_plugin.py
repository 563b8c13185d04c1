"""A pytest plugin: every ledger becomes a test item that fails on unaccepted errors.

Installed with bevilling (entry point ``pytest11``) and inert until asked for::

    pytest --bevilling ledger/            # on the command line (repeatable), or
    [tool.pytest.ini_options]
    bevilling_paths = ["ledger"]          # in pyproject.toml (``bevilling_paths = ledger``
                                          # in pytest.ini / setup.cfg)

Each ledger file is one item, named after the file; all files are loaded and checked
together (so that cross-ledger checks such as ``possible-duplicate`` see everything), once
per session.  A failing item lists its problems with ``file:line``, excerpt and hint.
``--bevilling-strict`` (or ``bevilling_strict = true``) fails items on warnings as well.

The plugin never ends a run in INTERNALERROR: should loading or checking raise (a bug in
bevilling), the run gets one failing item, ``bevilling``, whose report names the exception
and shows its traceback; the other tests run as usual.

The plugin imports nothing of bevilling until it is enabled, so that it costs nothing in
test runs that do not use it, except the message catalogs for the help of its options: its
words are Danish by default, English with ``BEVILLING_LOCALE=en`` (domain ``bevilling``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from bevilling.audit import Report
    from bevilling.core.model import LedgerSet

__all__ = ["LedgerCollector", "LedgerCrashItem", "LedgerError", "LedgerItem"]


def _(message: str, /, **values: object) -> str:
    """``message`` in the current locale (the catalogs are imported on first use)."""
    from bevilling.i18n.catalogs import translate

    return translate("bevilling", message, None, **values)


def _n(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The plural form of ``singular`` for ``count`` in the current locale."""
    from bevilling.i18n.catalogs import current_locale, translations

    text = translations("bevilling", current_locale()).ngettext(singular, plural, count)
    return text.format(**values) if values else text


_OPTION = "bevilling"
_INI_PATHS = "bevilling_paths"
_INI_STRICT = "bevilling_strict"


def pytest_addoption(parser: pytest.Parser) -> None:
    """Register ``--bevilling PATH``, ``--bevilling-strict`` and the ini options."""
    group = parser.getgroup("bevilling", _("bevilling ledger checks"))
    group.addoption(
        "--bevilling",
        action="append",
        dest=_OPTION,
        metavar=_("PATH"),
        default=None,
        help=_("check the bevilling ledgers in PATH (file or directory), one test per ledger"),
    )
    group.addoption(
        "--bevilling-strict",
        action="store_true",
        dest="bevilling_strict",
        default=False,
        help=_("fail ledger items on warnings as well as errors"),
    )
    parser.addini(_INI_PATHS, _("ledger files or directories to check (enables bevilling)"), "args")
    parser.addini(_INI_STRICT, _("fail ledger items on warnings as well"), "bool", default=False)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``bevilling`` marker that ledger items carry (for ``-m bevilling``)."""
    config.addinivalue_line(
        "markers", "bevilling: " + _("a bevilling ledger checked as a test item")
    )


def _paths(config: pytest.Config) -> list[str]:
    given: list[str] | None = config.getoption(_OPTION)
    if given:
        return given
    ini: list[str] = config.getini(_INI_PATHS)
    if ini:
        return [str(Path(config.rootpath, path)) for path in ini]
    return []


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Add one item per ledger file when the plugin is enabled; otherwise do nothing."""
    paths = _paths(config)
    if not paths:
        return
    collector = LedgerCollector.from_parent(session, name="bevilling")
    collector.paths = paths
    items.extend(collector.collect())


class LedgerError(Exception):
    """A ledger has problems that fail its item."""


class LedgerCollector(pytest.Collector):
    """Loads and checks the ledgers once, and yields one :class:`LedgerItem` per file (or one
    :class:`LedgerCrashItem` when loading or checking raises)."""

    paths: list[str]

    def collect(self) -> Iterator[pytest.Item]:
        try:
            items = list(self._ledger_items())
        except Exception as exc:  # a bug in bevilling: one failing item, never INTERNALERROR
            import traceback

            details = "".join(traceback.format_exception(exc))
            yield LedgerCrashItem.from_parent(
                self, name="bevilling", paths=list(self.paths), error=exc, details=details
            )
            return
        yield from items

    def _ledger_items(self) -> Iterator[LedgerItem]:
        from bevilling.audit import check
        from bevilling.read import load

        ledgers = load(self.paths)
        report = check(ledgers)
        files = list(report.files)
        known = set(files)
        for problem in report.problems:
            if problem.location.file not in known:
                files.append(problem.location.file)
                known.add(problem.location.file)
        for file in files:
            yield LedgerItem.from_parent(
                self, name=_display(file, self.config), file=file, ledgers=ledgers, report=report
            )


class LedgerCrashError(Exception):
    """Loading or checking the ledgers raised (a bug in bevilling)."""


class LedgerCrashItem(pytest.Item):
    """Stands for every ledger when loading or checking them raised: always fails, naming the
    exception, with its traceback, so that the run ends in a failure and not INTERNALERROR."""

    def __init__(self, *, paths: list[str], error: Exception, details: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.paths = paths
        self.error = error
        self.details = details
        self.add_marker("bevilling")

    def runtest(self) -> None:
        raise LedgerCrashError(self.error)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        from bevilling.core.text import visible

        where = ", ".join(self.paths)
        what = f"{type(self.error).__name__}: {self.error}"
        message = _(
            "bevilling could not load and check {paths}: {error}\n"
            "This is a bug in bevilling, not a finding in the ledgers: please report it with"
            " the ledger that caused it.",
            paths=where,
            error=what,
        )
        return visible(f"{message}\n\n{self.details}").rstrip("\n")

    def reportinfo(self) -> tuple[Path | str, int | None, str]:
        return ", ".join(self.paths), None, "bevilling check"


def _display(file: str, config: pytest.Config) -> str:
    try:
        return Path(file).resolve().relative_to(config.rootpath).as_posix()
    except ValueError:
        return file


class LedgerItem(pytest.Item):
    """One ledger file: passes when the check finds no unaccepted error in it."""

    def __init__(self, *, file: str, ledgers: LedgerSet, report: Report, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.file = file
        self.ledgers = ledgers
        self.report = report
        self.add_marker("bevilling")

    def runtest(self) -> None:
        strict = self.config.getoption("bevilling_strict") or self.config.getini(_INI_STRICT)
        mine = [p for p in self.report.problems if p.location.file == self.file]
        failing = [p for p in mine if p.is_error or (strict and p.accepted is None)]
        if failing:
            raise LedgerError(failing)

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: Any = None,
    ) -> str:
        if isinstance(excinfo.value, LedgerError):
            from bevilling.audit import render_problems_text

            problems = excinfo.value.args[0]
            count = len(problems)
            try:
                text = render_problems_text(problems, self.ledgers.sources)
            except Exception:  # a bug in the excerpts must not hide the findings
                text = "".join(f"{problem}\n" for problem in problems)
            heading = _n(
                "{file}: {count} problem",
                "{file}: {count} problems",
                count,
                file=self.file,
                count=count,
            )
            return (heading + "\n" + text).rstrip("\n")
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path | str, int | None, str]:
        return self.file, None, f"bevilling check {self.file}"
