"""Tests for bevilling.cli.language: the locale chosen before the parser is built, and argparse's
own words from the ``cli`` catalog (on the Python that runs the tests: CI runs 3.10 to 3.13)."""

from __future__ import annotations

import argparse
import doctest
import gettext

import pytest
from babel.messages.extract import extract_from_file

from bevilling.cli import language, main
from bevilling.cli.language import (
    ARGPARSE_MESSAGES,
    ARGPARSE_PLURALS,
    ArgumentParser,
    argparse_speaking,
    asks_for_version,
    requested_locale,
)
from bevilling.i18n.catalogs import translations, use_locale


def _argparse_messages() -> set[str | tuple[str, str]]:
    """Every message the running Python's argparse writes through gettext."""
    found: set[str | tuple[str, str]] = set()
    for _lineno, message, _comments, _context in extract_from_file(
        "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}
    ):
        found.add(message if isinstance(message, str) else (message[0], message[1]))
    return found


def test_docstring_examples() -> None:
    """The examples in the module's docstrings hold."""
    assert 0 == doctest.testmod(language).failed


def test_every_message_of_this_pythons_argparse_is_listed() -> None:
    """A message argparse writes and the list lacks would stay English: a new Python release
    that adds one fails here (add it to ARGPARSE_MESSAGES, update and translate the catalog)."""
    listed = set(ARGPARSE_MESSAGES) | set(ARGPARSE_PLURALS)
    assert set() == _argparse_messages() - listed


def test_every_message_of_argparse_is_danish() -> None:
    """Each of argparse's messages has its Danish translation, with the same placeholders."""
    danish = translations("cli", "da")
    for message in ARGPARSE_MESSAGES:
        translated = danish.gettext(message)
        assert translated != message or message in {"%(heading)s:"}, message
        assert sorted(_placeholders(message)) == sorted(_placeholders(translated)), message
    for singular, plural in ARGPARSE_PLURALS:
        assert danish.ngettext(singular, plural, 2) != plural


def _placeholders(text: str) -> list[str]:
    import re

    return re.findall(r"%(?:\([a-z_]+\))?[sr]", text)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], None),
        (["--locale", "en", "check"], "en"),
        (["check", "--locale=en"], "en"),
        (["check", "--loc", "en"], "en"),
        (["--locale", "da", "check", "--locale", "en"], "en"),
        (["check", "--", "--locale", "en"], None),
        (["check", "--locale"], None),
        (["check", "--l=en"], "en"),
        (["check", "--x", "en"], None),
    ],
)
def test_the_locale_is_found_before_the_parser_exists(argv: list[str], expected: str) -> None:
    """`--locale`, also `--locale=en` and abbreviated, before or after the command; the last
    one wins, as with argparse; after `--` it is a path."""
    assert expected == requested_locale(argv)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--version"], True),
        (["--vers"], True),
        (["--locale", "en", "--version"], True),
        (["--locale=en", "--version", "list"], True),
        (["list", "--version"], False),
        (["-h", "--version"], False),
        (["--help", "--version"], False),
        (["--version=1"], False),
        (["--bogus", "--version"], False),
        ([], False),
    ],
)
def test_only_a_version_argparse_would_print_is_answered_early(
    argv: list[str], expected: bool
) -> None:
    """The early answer happens exactly where argparse would print the version first (other
    command lines go to the parser, which answers or refuses as before)."""
    assert expected == asks_for_version(argv)


def test_argparse_speaks_danish_inside_the_block_and_english_after() -> None:
    """Inside the block argparse's words come from the catalog; after it, argparse's own
    functions are back (other users of argparse in the process are not changed)."""
    before = (vars(argparse)["_"], vars(argparse)["ngettext"])
    with use_locale("da"), argparse_speaking():
        usage = argparse.ArgumentParser(prog="x").format_usage()
        plural = vars(argparse)["ngettext"]("expected %s argument", "expected %s arguments", 2)
    assert "brug: x [-h]\n" == usage
    assert "kræver %s værdier" == plural
    assert before == (vars(argparse)["_"], vars(argparse)["ngettext"])
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: ")


def test_the_originals_come_back_after_an_exit() -> None:
    """argparse's SystemExit (a usage error) leaves the block as it found it."""
    before = vars(argparse)["_"]
    with pytest.raises(SystemExit), argparse_speaking():
        argparse.ArgumentParser(prog="x").parse_args(["--nope"])
    assert before is vars(argparse)["_"]
    assert gettext.gettext is before


def test_a_usage_error_names_the_argument_in_the_chosen_language(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`argument --year:` is argparse's English on Python 3.10 (no gettext there): the parser
    writes it from the catalog on every Python."""
    parser = ArgumentParser(prog="x")
    parser.add_argument("--year", type=int)
    with use_locale("da"), argparse_speaking(), pytest.raises(SystemExit):
        parser.parse_args(["--year", "abc"])
    assert capsys.readouterr().err.endswith("x: fejl: --year: ugyldig int-værdi: 'abc'\n")
    with use_locale("en"), argparse_speaking(), pytest.raises(SystemExit):
        parser.parse_args(["--year", "abc"])
    assert capsys.readouterr().err.endswith("x: error: argument --year: invalid int value: 'abc'\n")


def test_intermixed_parsing_keeps_the_whole_program_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """argparse cut the usage after len("usage: ") characters, the first letter of the
    program's name after the shorter "brug: " (`brug: evilling show`)."""
    parser = ArgumentParser(prog="bevilling show")
    parser.add_argument("id")
    with use_locale("da"), argparse_speaking(), pytest.raises(SystemExit):
        parser.parse_intermixed_args([])
    assert capsys.readouterr().err.startswith("brug: bevilling show [-h] id\n")
    assert parser.usage is None


def test_a_percent_sign_in_the_usage_survives_intermixed_parsing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """argparse fills the captured usage in with %: a literal % in it is kept."""
    parser = ArgumentParser(prog="x")
    parser.add_argument("--rate", metavar="PCT%")
    with use_locale("en"), argparse_speaking(), pytest.raises(SystemExit):
        parser.parse_intermixed_args(["--nope"])
    assert "usage: x [-h] [--rate PCT%]\n" in capsys.readouterr().err


def test_an_unknown_locale_is_a_danish_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """`--locale fr` is refused by the parser (exit 2), before or after the command, in
    Danish."""
    assert 2 == main(["--locale", "fr", "list"])
    assert capsys.readouterr().err.endswith(
        "bevilling: fejl: --locale: sproget 'fr' understøttes ikke: brug et af da, en\n"
    )
    assert 2 == main(["check", "--locale", "fr"])
    err = capsys.readouterr().err
    assert err.startswith("brug: bevilling check ")
    assert err.endswith(
        "bevilling check: fejl: --locale: sproget 'fr' understøttes ikke: brug et af da, en\n"
    )
    assert 2 == main(["list", "--locale="])
    assert capsys.readouterr().err.endswith(
        "bevilling list: fejl: --locale: angiv et sprog: da eller en\n"
    )


def test_an_unknown_locale_in_the_environment_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """$BEVILLING_LOCALE=fr is refused too (in Danish) unless --locale says otherwise."""
    monkeypatch.setenv("BEVILLING_LOCALE", "fr")
    assert 2 == main(["list"])
    assert capsys.readouterr().err.endswith(
        "bevilling: fejl: miljøvariablen BEVILLING_LOCALE er 'fr', et sprog, som bevilling"
        " ikke taler: sæt den til da eller en, eller angiv --locale da|en\n"
    )
    assert 0 == main(["schema", "--locale", "en"])
    assert '"$schema"' in capsys.readouterr().out


def test_help_is_shown_with_an_unknown_locale_in_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """$BEVILLING_LOCALE=xx must not keep a user from reading the help that explains it: the
    help is shown (in Danish, exit 0) with the reason on stderr."""
    monkeypatch.setenv("BEVILLING_LOCALE", "xx")
    assert 0 == main(["--help"])
    out, err = capsys.readouterr()
    assert out.startswith("brug: bevilling")
    assert "miljøvariablen BEVILLING_LOCALE er 'xx'" in err


def test_the_environment_chooses_english_and_lang_is_not_read(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """$BEVILLING_LOCALE=en gives English help; LANG=en_US alone does not."""
    monkeypatch.delenv("BEVILLING_LOCALE", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LC_ALL", "en_US.UTF-8")
    assert 0 == main(["--help"])
    assert capsys.readouterr().out.startswith("brug: bevilling ")
    monkeypatch.setenv("BEVILLING_LOCALE", "en")
    assert 0 == main(["--help"])
    assert capsys.readouterr().out.startswith("usage: bevilling ")
    assert 0 == main(["--help", "--locale", "da"])
    assert capsys.readouterr().out.startswith("brug: bevilling ")


def test_the_locale_holds_for_the_run_only(capsys: pytest.CaptureFixture[str]) -> None:
    """`main(["--locale", "en", ...])` in a caller's process leaves the caller's locale alone."""
    from bevilling.i18n.catalogs import current_locale

    with use_locale("da"):
        assert 0 == main(["--locale", "en", "--help"])
        assert "da" == current_locale()
    assert capsys.readouterr().out.startswith("usage: ")


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-3", "57", "200"])
def test_terminal_columns_measures_as_shutil_does(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """terminal_columns (argparse's help and the tables, without importing shutil) gives what
    shutil.get_terminal_size() gives: $COLUMNS when it is a positive number, else the terminal
    of stdout, else 80."""
    import shutil

    from bevilling.cli.language import terminal_columns

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert shutil.get_terminal_size().columns == terminal_columns()


def test_the_help_formatter_is_as_wide_as_argparse_makes_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every parser of bevilling formats its help with HelpFormatter: the terminal's width less
    two, as argparse's own formatter."""
    from bevilling.cli.language import ArgumentParser, HelpFormatter

    monkeypatch.setenv("COLUMNS", "71")
    parser = ArgumentParser(prog="bevilling")
    formatter = parser._get_formatter()
    assert isinstance(formatter, HelpFormatter)
    assert argparse.HelpFormatter("bevilling")._width == formatter._width


def test_two_different_locales_before_and_after_the_command_are_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`bevilling --locale en expiring --year 2016 --locale da` took the last one silently;
    which did the user mean? A usage error now (the same locale twice is harmless)."""
    assert 2 == main(["--locale", "en", "expiring", "--year", "2016", "--locale", "da"])
    assert "--locale er angivet som en og som da; angiv det kun én gang" in capsys.readouterr().err
    assert 0 == main(["--locale", "en", "expiring", "--year", "2016", "--locale", "en"])
    assert capsys.readouterr().out.startswith("Appropriations expiring in 2016")


def test_a_refused_word_with_a_line_break_or_an_escape_stays_one_plain_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`bevilling timeline $'--fo\\nx\\e[2J'`: argparse quoted the unknown word raw, a line
    break and an escape sequence on the terminal; the usage error is one line, both shown as
    escapes."""
    assert 2 == main(["timeline", "--fo\nx\x1b[2J"])
    err = capsys.readouterr().err
    assert err.endswith("bevilling: fejl: ukendte argumenter: --fo\\x0ax\\x1b[2J\n")
    assert "\x1b" not in err
