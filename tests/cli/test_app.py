"""Tests for bevilling.cli.app: parsing (paths anywhere), start-up, and the last line of defence
(no traceback ever reaches a user; Ctrl-C is 130)."""

from __future__ import annotations

import decimal
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT

SMALL = """\
format: bevilling/1
title: Lille
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: A2, title: Mikrolån, amount: 1200, expires: 2016}
"""


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "A2", "--format", "json", "{path}"],
        ["show", "--format", "json", "A2", "{path}"],
        ["show", "A2", "{path}", "--format", "json"],
        ["list", "--format", "json", "{path}", "--phase", "all"],
        ["expiring", "--format", "json", "{path}", "--year", "2016"],
        ["totals", "--format", "json", "{path}"],
        ["timeline", "--format", "json", "{path}", "--to", "2017"],
        ["list", "--format", "json", "--", "{path}"],
    ],
    ids=" ".join,
)
def test_paths_may_come_anywhere(
    argv: list[str], write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling show A2 --format html FILE` failed with "unrecognized arguments": the path
    after the options is now read, in every command, in any order."""
    path = write_ledger(SMALL, "lille.yaml")
    assert 0 == main([str(path) if a == "{path}" else a for a in argv])
    out, err = capsys.readouterr()
    assert ("", True) == (err, str(path) in out or "Mikrolån" in out or "1200" in out)
    json.loads(out)


def test_show_html_with_the_path_last(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The exact command of the report: `bevilling show A2 --format html FILE`."""
    path = write_ledger(SMALL, "lille.yaml")
    assert 0 == main(["show", "A2", "--format", "html", str(path)])
    assert "Mikrolån" in capsys.readouterr().out


def test_diff_and_import_take_their_paths_anywhere(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """`diff --format json OLD --locale en NEW`: both paths are read around the options."""
    old = write_ledger(SMALL, "old.yaml")
    new = write_ledger(SMALL.replace("1200", "1300"), "new.yaml")
    assert 0 == main(["diff", "--format", "json", str(old), "--locale", "en", str(new)])
    assert "changed" in capsys.readouterr().out


def test_an_unknown_option_is_still_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Intermixed parsing keeps argparse's message and exit code for unknown options."""
    assert 2 == main(["show", "A2", "--no-such-option", "x.yaml"])
    assert "fejl: ukendte argumenter: --no-such-option" in capsys.readouterr().err


def test_an_unexpected_exception_is_one_line_and_exit_2(
    write_ledger: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A bug (here: decimal.InvalidOperation from a renderer, as a 29-digit amount once
    raised) reaches the user as one line naming the command, never as a traceback."""
    import bevilling.reports

    def explode(*args: object, **kwargs: object) -> str:
        raise decimal.InvalidOperation([decimal.InvalidOperation])

    monkeypatch.setattr(bevilling.reports, "render_list", explode)
    monkeypatch.delenv("BEVILLING_DEBUG", raising=False)
    path = write_ledger(SMALL, "lille.yaml")
    assert 2 == main(["list", str(path)])
    out, err = capsys.readouterr()
    assert "" == out
    assert (
        "bevilling list: intern fejl: InvalidOperation: [<class 'decimal.InvalidOperation'>]"
        " (en fejl i bevilling: meld den venligst med kommandoen og den bevillingsfil, der"
        " udløste den; BEVILLING_DEBUG=1 viser sporingen)\n"
    ) == err
    assert 2 == main(["list", str(path), "--locale", "en"])
    assert (
        "bevilling list: internal error: InvalidOperation: [<class 'decimal.InvalidOperation'>]"
        " (a bug in bevilling: please report it with the command and the ledger that caused it;"
        " BEVILLING_DEBUG=1 shows the traceback)\n"
    ) == capsys.readouterr().err


def test_an_os_error_is_one_line_and_exit_2(
    write_ledger: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An I/O failure no command expected (a full disk under stdout) is one line, exit 2."""
    import bevilling.reports

    def full(*args: object, **kwargs: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bevilling.reports, "render_list", full)
    monkeypatch.delenv("BEVILLING_DEBUG", raising=False)
    assert 2 == main(["list", str(write_ledger(SMALL, "lille.yaml"))])
    assert (
        "bevilling list: fejl: OSError: [Errno 28] No space left on device\n"
        == capsys.readouterr().err
    )


def test_ctrl_c_is_130(
    write_ledger: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """KeyboardInterrupt stays 130 (128 + SIGINT), quietly."""
    import bevilling.reports

    def interrupted(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(bevilling.reports, "render_list", interrupted)
    assert 130 == main(["list", str(write_ledger(SMALL, "lille.yaml"))])
    assert "" == capsys.readouterr().err


def test_version_imports_no_command_and_no_library() -> None:
    """`bevilling --version` imports the CLI's parser modules and nothing else of bevilling:
    no command module, no loader, no checks (start-up must not get slower)."""
    code = (
        "import sys; from bevilling.cli import main; main(['--version']);"
        " print(sorted(m for m in sys.modules if m.startswith('bevilling')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules = done.stdout.splitlines()[-1]
    expected = ["bevilling", "bevilling._version", "bevilling.cli", "bevilling.cli.app",
                "bevilling.cli.commands", "bevilling.cli.common", "bevilling.cli.language",
                "bevilling.i18n", "bevilling.i18n.catalogs"]  # fmt: skip
    assert str(expected) == modules


@pytest.mark.parametrize("module", ["typing", "pathlib"])
def test_version_does_not_import_typing_or_pathlib(module: str) -> None:
    """`bevilling --version` imports neither `typing` (8 ms of its start-up: the names the type
    checker needs sit under `TYPE_CHECKING`, which each module sets to False itself) nor
    `pathlib` (3-4 ms with the `urllib.parse` it imports: the catalogs' folder is a string)."""
    bare = subprocess.run(
        [sys.executable, "-c", f"import sys; print({module!r} in sys.modules)"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    if bare.stdout.strip() == "True":  # a .pth file of this environment imports it already
        pytest.skip(f"the interpreter's site packages import {module} before bevilling does")
    code = (
        "import sys; from bevilling.cli import main; main(['--version']);"
        f" print({module!r} in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False" == done.stdout.splitlines()[-1]


def test_a_command_imports_only_its_own_module() -> None:
    """Building the parser for `bevilling schema` configures schema alone of the eleven commands."""
    code = (
        "import sys; from bevilling.cli import main; main(['schema']);"
        " print(sorted(m for m in sys.modules if m.startswith('bevilling.cli.commands.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "['bevilling.cli.commands.schema']" == done.stdout.splitlines()[-1]


def test_help_lists_every_command_in_order(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling --help` lists the eleven commands with their help lines, without configuring
    them."""
    assert 0 == main(["--help"])
    out = capsys.readouterr().out
    names = ["list", "show", "expiring", "totals", "timeline", "followup", "check", "import",
             "export", "diff", "schema"]  # fmt: skip
    positions = [out.index(f"\n    {name} ") for name in names]
    assert sorted(positions) == positions
    assert "hvilke bevillinger der udløber i et år, og hvor meget det er" in out


@pytest.mark.parametrize(
    "command",
    ["list", "show", "expiring", "totals", "timeline", "followup", "check", "import", "export",
     "diff", "schema"],
)  # fmt: skip
def test_every_command_has_its_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling COMMAND --help` prints the command's own description (it was configured)."""
    assert 0 == main([command, "--help"])
    out = capsys.readouterr().out
    assert out.startswith(f"brug: bevilling {command} ")
    assert "\ntilvalg:\n" in out
    assert 0 == main([command, "--help", "--locale", "en"])
    out = capsys.readouterr().out
    assert out.startswith(f"usage: bevilling {command} ")
    assert "\noptions:\n" in out


def test_an_exception_while_parsing_is_one_line_too(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An option's type= function that raises unexpectedly (here import --expires, which asks
    the loader) is one line and exit 2 as well, not a traceback."""
    import bevilling.read

    def broken(text: str) -> None:
        raise RuntimeError("loader broke")

    monkeypatch.setattr(bevilling.read, "parse_expiry", broken)
    monkeypatch.delenv("BEVILLING_DEBUG", raising=False)
    assert 2 == main(["import", "x.tsv", "-o", "x.yaml", "--expires", "2016"])
    assert capsys.readouterr().err.startswith("bevilling: intern fejl: RuntimeError: loader broke")


def test_a_command_line_makes_the_parser_of_its_command_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`bevilling expiring ...` makes one command parser, not twelve (each is a quarter of a
    millisecond); a command it only listed gets its parser, configured, if it is asked for."""
    from bevilling.cli.app import build_parser
    from bevilling.cli.common import CommandParser
    from bevilling.cli.language import argparse_speaking
    from bevilling.i18n.catalogs import use_locale

    made: list[str] = []
    original = CommandParser.__init__

    def counting(self: CommandParser, *args: object, **kwargs: object) -> None:
        made.append(str(kwargs.get("prog")))
        original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CommandParser, "__init__", counting)
    with use_locale("da"), argparse_speaking():
        parser = build_parser(["expiring", "--year", "2016"])
        assert ["bevilling expiring"] == made
        args = parser.parse_args(["schema"])
    assert (["bevilling expiring", "bevilling schema"], "schema") == (made, args.command)


def test_an_unknown_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """A misspelt command is a usage error that names all twelve commands, in order, also
    those whose parsers were never made."""
    from bevilling.cli.commands import COMMANDS

    assert 2 == main(["lsit"])
    last = capsys.readouterr().err.splitlines()[-1]
    choices = last[last.index("(") :]
    places = [choices.find(f"{command.name}") for command in COMMANDS]
    assert (True, sorted(places)) == ("'lsit'" in last, places)
    assert -1 not in places
