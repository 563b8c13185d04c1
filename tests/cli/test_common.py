"""Tests for bevilling.cli.common: what every command shares.

- the audit gate: a report command refuses ledgers that fail `bevilling check` (a copy of a
  ledger left in the folder, a table whose stated total disagrees with its rows) unless
  --allow-errors, which reports under one warning line on stderr;
- years and widths checked by the parser: two-digit and absurd years are usage errors with a
  did-you-mean, for every year option.
"""

from __future__ import annotations

import argparse
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.cli import main
from bevilling.cli.common import (
    WIDTH_MAX,
    YEAR_MAX,
    YEAR_MIN,
    command_error,
    command_warning,
    error,
    width_type,
    year_type,
)
from tests.conftest import ROOT

# The ids of udsatte-2015.yaml and the line each is written on.
UDSATTE_IDS = [("D01", 28), ("D02", 36), ("D03", 44), ("D04", 52), ("D05", 60), ("D06", 69),
               ("D07", 77), ("D08", 85), ("D09", 95), ("D10", 103), ("D11", 114), ("D12", 122),
               ("D13", 130), ("I01", 144), ("I02", 152), ("I03", 160), ("I04", 171),
               ("I05", 179), ("S01", 193), ("S02", 202)]  # fmt: skip

# Every report command, as a user types it (the folder is appended).
REPORTS = {
    "expiring": ["expiring", "--year", "2016"],
    "totals": ["totals"],
    "timeline": ["timeline"],
    "list": ["list"],
    "export": ["export", "--to", "json"],
}

REFUSAL = (
    "bevilling {command}: fejl: `bevilling check` finder 23 fejl (duplicate-id ×20,"
    " duplicate-table ×3) i disse bevillingsfiler, så tallene kan være forkerte; ret fejlene"
    " (eller acceptér et fund i bevillingsfilen), eller brug --allow-errors for at lave"
    " rapporten alligevel\n"
)
WARNING = (
    "bevilling {command}: advarsel: `bevilling check` finder 23 fejl (duplicate-id ×20,"
    " duplicate-table ×3) i disse bevillingsfiler; rapporten laves alligevel (--allow-errors),"
    " så tallene kan være forkerte\n"
)
WARNING_EN = (
    "bevilling {command}: warning: `bevilling check` finds 23 errors (duplicate-id ×20,"
    " duplicate-table ×3) in these ledgers; reporting anyway (--allow-errors), so the figures"
    " may be wrong\n"
)


@pytest.fixture
def copied_folder(tmp_path: Path) -> Path:
    """`cp ledger/udsatte-2015.yaml "ledger/udsatte-2015 - Kopi.yaml"`, in a folder of its own."""
    folder = tmp_path / "ledger"
    folder.mkdir()
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", folder / "udsatte-2015.yaml")
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", folder / "udsatte-2015 - Kopi.yaml")
    return folder


@pytest.mark.parametrize("command", list(REPORTS))
def test_a_copied_ledger_is_refused_by_every_report(
    command: str, copied_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A copy of a ledger left in the folder doubled every figure with exit 0; now every report
    command refuses: exit 1, nothing on stdout, each duplicate-id with file:line on stderr."""
    assert 1 == main([*REPORTS[command], str(copied_folder)])
    out, err = capsys.readouterr()
    assert "" == out
    original, copy = copied_folder / "udsatte-2015.yaml", copied_folder / "udsatte-2015 - Kopi.yaml"
    lines = err.splitlines()
    for id_, line in UDSATTE_IDS:  # the wording is the checks' (tests/audit): here the place
        found = [x for x in lines if x.startswith(f"{original}:{line}: fejl[duplicate-id]: ")]
        assert 1 == len(found), (id_, line)
        assert f"'{id_}'" in found[0]
        assert f"{copy}:{line}" in found[0]
    assert err.endswith(REFUSAL.format(command=command))


@pytest.mark.parametrize("command", list(REPORTS))
def test_allow_errors_reports_under_a_warning_line(
    command: str, copied_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--allow-errors reports anyway, exit 0, with one warning line on stderr and none of the
    findings (stdout stays the report alone)."""
    assert 0 == main([*REPORTS[command], str(copied_folder), "--allow-errors"])
    out, err = capsys.readouterr()
    assert WARNING.format(command=command) == err
    assert "" != out
    assert 0 == main([*REPORTS[command], str(copied_folder), "--allow-errors", "--locale", "en"])
    assert WARNING_EN.format(command=command) == capsys.readouterr().err


def test_allow_errors_keeps_json_parseable_and_shows_the_doubled_figure(
    copied_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The warning goes to stderr, so `--format json` output still parses: with the copy, the
    2016 total is doubled (2 x 8.219), which is what the warning is there to say."""
    argv = ["expiring", "--year", "2016", "--format", "json", "--allow-errors", str(copied_folder)]
    assert 0 == main(argv)
    out, err = capsys.readouterr()
    assert WARNING.format(command="expiring") == err
    assert "16438" == json.loads(out)["total"]


TABLE_OFF = """\
format: bevilling/1
title: Lille
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    stated_total: 1300
    appropriations:
      - {id: D11, title: Mikrolån, amount: 1200, expires: 2016}
"""


@pytest.mark.parametrize("command", list(REPORTS))
def test_a_total_that_disagrees_with_its_rows_is_refused(
    command: str, write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A printed total that disagrees with its rows (total-mismatch) stops every report."""
    path = write_ledger(TABLE_OFF, "lille.yaml")
    assert 1 == main([*REPORTS[command], str(path)])
    out, err = capsys.readouterr()
    assert "" == out
    assert f'{path}:8: fejl[total-mismatch]: tabel "Tabel 1": ' in err
    assert err.endswith(
        f"bevilling {command}: fejl: `bevilling check` finder 1 fejl (total-mismatch ×1) i disse"
        " bevillingsfiler, så tallene kan være forkerte; ret fejlen (eller acceptér fundet i"
        " bevillingsfilen), eller brug --allow-errors for at lave rapporten alligevel\n"
    )
    assert 1 == main(["--locale", "en", *REPORTS[command], str(path)])
    assert capsys.readouterr().err.endswith(
        f"bevilling {command}: error: `bevilling check` finds 1 error (total-mismatch ×1) in"
        " these ledgers, so the figures may be wrong; fix it (or accept the finding in the"
        " ledger), or use --allow-errors to report anyway\n"
    )


@pytest.mark.parametrize("command", list(REPORTS))
def test_an_accepted_finding_does_not_stop_a_report(
    command: str, write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A discrepancy accepted in the ledger with a reason is no reason to refuse, nor to warn."""
    accepted = TABLE_OFF + (
        "accepted:\n  - code: total-mismatch\n    table: Tabel 1\n    stated: 1300\n"
        "    sum: 1200\n    reason: Trykt sådan.\n"
    )
    path = write_ledger(accepted, "lille.yaml")
    assert 0 == main([*REPORTS[command], str(path)])
    assert "" == capsys.readouterr().err


def test_a_load_error_stops_a_report_even_with_allow_errors(
    write_ledger: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A ledger that does not load is missing from every figure: --allow-errors does not
    override that (exit 1, the load problem on stderr)."""
    path = write_ledger(TABLE_OFF.replace("amount: 1200", "amount: 1.200"), "lille.yaml")
    assert 1 == main(["totals", str(path), "--allow-errors"])
    out, err = capsys.readouterr()
    assert "" == out
    assert f"{path}:10: fejl[ambiguous-number]" in err


# --- years and widths --------------------------------------------------------------------------

YEAR_OPTIONS = [
    ["expiring", "--year"],
    ["expiring", "--until"],
    ["timeline", "--from"],
    ["timeline", "--to"],
    ["import", "x.tsv", "-o", "x.yaml", "--price-level"],
]


@pytest.mark.parametrize("option", YEAR_OPTIONS, ids=lambda o: o[-1])
def test_a_two_digit_year_is_a_usage_error_with_a_did_you_mean(
    option: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`expiring --year 16` answered "Ingen bevillinger udløber i 16" (exit 0); every year
    option now refuses it before loading anything, and suggests 2016."""
    assert 2 == main([*option, "16"])
    err = capsys.readouterr().err
    expected = f"fejl: {option[-1]}: 16 er ikke et årstal fra 1900 til 2200; mente du 2016?\n"
    assert err.endswith(expected)
    assert 2 == main([*option, "16", "--locale", "en"])
    err = capsys.readouterr().err
    expected = (
        f"error: argument {option[-1]}: 16 is not a year from 1900 to 2200; did you mean 2016?\n"
    )
    assert err.endswith(expected)


def test_expires_of_import_suggests_the_year_too(capsys: pytest.CaptureFixture[str]) -> None:
    """`import --expires 17` suggests 2017, like the year options."""
    assert 2 == main(["import", "x.tsv", "-o", "x.yaml", "--expires", "17"])
    assert capsys.readouterr().err.endswith(
        "fejl: --expires: '17' er ikke et årstal (1900-2200), open eller declining;"
        " mente du 2017?\n"
    )


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("99", "99 er ikke et årstal fra 1900 til 2200; mente du 1999?"),
        ("1899", "1899 er ikke et årstal fra 1900 til 2200"),
        ("2201", "2201 er ikke et årstal fra 1900 til 2200"),
        ("99999999", "99999999 er ikke et årstal fra 1900 til 2200"),
        ("-2016", "-2016 er ikke et årstal fra 1900 til 2200"),
        ("2016.5", "'2016.5' er ikke et årstal"),
    ],
)
def test_absurd_years_are_usage_errors(
    given: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Years outside 1900-2200 (the range ledgers accept) and non-integers are usage errors."""
    assert 2 == main(["timeline", "--to", given])
    assert capsys.readouterr().err.endswith(f"fejl: --to: {message}\n")


@given(st.integers(min_value=-(10**6), max_value=10**6))
def test_year_type_accepts_exactly_the_documented_range(year: int) -> None:
    """Any integer is accepted as a year exactly when it is within 1900-2200."""
    if YEAR_MIN <= year <= YEAR_MAX:
        assert year == year_type(str(year))
    else:
        with pytest.raises(argparse.ArgumentTypeError):
            year_type(str(year))


@pytest.mark.parametrize("given", ["-1", "10001", "abc"])
def test_a_negative_or_absurd_width_is_a_usage_error(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--width -1` is a usage error (exit 2) naming the range, not a table squeezed to nothing."""
    assert 2 == main(["list", "--width", given])
    err = capsys.readouterr().err
    if given == "abc":
        assert err.endswith("fejl: --width: 'abc' er ikke et antal kolonner\n")
    else:
        assert err.endswith(
            f"fejl: --width: {given} er ikke en bredde: angiv antallet af kolonner fra 1 til"
            " 10.000, eller 0 for ingen grænse\n"
        )
    assert 2 == main(["list", "--width", given, "--locale", "en"])
    if given != "abc":
        assert capsys.readouterr().err.endswith(
            f"error: argument --width: {given} is not a width: give the number of columns,"
            " from 1 to 10,000, or 0 for no limit\n"
        )


def test_width_zero_and_the_maximum_are_accepted() -> None:
    """0 means "as wide as it is"; the maximum is accepted as given."""
    assert (0, WIDTH_MAX) == (width_type("0"), width_type(str(WIDTH_MAX)))


@pytest.mark.parametrize(
    "argv",
    [
        ["expiring", "--year", "2015", "--year", "2016"],
        ["expiring", "--year=2015", "--year", "2016"],
        ["totals", "--format", "csv", "--form", "json"],
        ["expiring", "--year", "2016", "ledger", "--width", "80", "--width", "100"],
        ["report", "-o", "a.html", "-ob.html"],
        ["--locale", "en", "--locale", "da", "expiring", "--year", "2016"],
        ["--locale=en", "--loc", "da", "list"],
    ],
)
def test_an_option_given_twice_is_a_usage_error(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """`--year 2015 --year 2016` kept the last year silently: the report answered another
    question than the one asked. Now it is a usage error naming the option (also written
    `--year=2015`, abbreviated `--form`, a short option with its value attached `-ob.html`,
    and `--locale` twice before the command)."""
    from bevilling.cli import main

    assert 2 == main(argv)
    assert "er angivet mere end én gang; angiv det kun én gang" in capsys.readouterr().err


def test_options_meant_to_repeat_may_repeat(capsys: pytest.CaptureFixture[str]) -> None:
    """Options that collect values (`--ignore`, paths) and switches may be given again."""
    from bevilling.cli import main

    assert 0 == main(["check", "ledger", "--ignore", "possible-duplicate", "--ignore",
                      "description-amount"])  # fmt: skip
    capsys.readouterr()


@pytest.mark.parametrize(
    ("command", "english"),
    [(["followup", "--help"], "YEAR"), (["import", "--help"], "SOURCE")],
)
def test_danish_help_names_its_placeholders_in_danish(
    command: list[str], english: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Danish finance officer reads `bevilling followup --help` and `import --help`: the
    placeholders were `--price-level YEAR` and `--source SOURCE` among ÅR and STI. They are
    Danish (ÅR, KILDE); the English help keeps YEAR and SOURCE."""
    assert 0 == main(command)
    danish = capsys.readouterr().out
    assert 0 == main(["--locale", "en", *command])
    assert (False, True) == (english in danish.split(), english in capsys.readouterr().out.split())


def test_show_without_an_id_asks_for_the_id_only(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling show` said "følgende skal angives: ID, STI", but the paths are optional
    (default ledger/): intermixed parsing (Python 3.11) took them for required."""
    from bevilling.cli import main

    assert 2 == main(["show"])
    assert capsys.readouterr().err.endswith("bevilling show: fejl: følgende skal angives: ID\n")


@pytest.mark.parametrize(
    "command",
    [
        ["report", "--force", "-o"],
        ["export", "--to", "csv", "--force", "-o"],
        ["export", "--to", "json", "--force", "-o"],
        ["export", "--to", "xlsx", "--force", "-o"],
    ],
)
def test_report_and_export_never_write_over_a_ledger_they_read(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling report -o ledger/udsatte-2015.yaml --force` replaced the ledger with the HTML
    page (export likewise with its CSV or JSON); like import, they refuse an output that is
    one of the files read, also by another path, and leave it as it was."""
    pytest.importorskip("jinja2")
    pytest.importorskip("openpyxl")
    folder = tmp_path / "ledger"
    shutil.copytree(ROOT / "ledger", folder)
    ledger = folder / "udsatte-2015.yaml"
    before = ledger.read_bytes()
    other_path = str(folder / ".." / "ledger" / "udsatte-2015.yaml")
    assert 2 == main([*command, other_path, str(folder)])
    assert capsys.readouterr().err == (
        f"bevilling: {other_path} er en af inputfilerne; vælg en anden outputfil\n"
    )
    assert before == ledger.read_bytes()


@pytest.mark.parametrize("option", ["--category", "--target-group", "--organisation", "--source"])
def test_an_empty_filter_is_a_usage_error(option: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`--category ''` filtered nothing and `--target-group ''` everything away, silently (an
    unset shell variable); an empty filter value is a usage error naming the option."""
    from bevilling.cli import main

    assert 2 == main(["expiring", "--year", "2016", option, " "])
    assert capsys.readouterr().err.endswith(
        f"bevilling expiring: fejl: {option}: en tom værdi passer ikke på noget: angiv en værdi,"
        " eller udelad tilvalget\n"
    )


def test_a_usage_error_quoting_a_path_with_a_line_break_stays_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling export -o $'a\\nb.xlsx'` onto an existing file: the refusal quoted the name
    with its line break raw, two lines on stderr; a usage error is one line (the break shown as
    an escape, like an escape sequence)."""
    output = tmp_path / "a\nb\x1b[2J.json"
    output.write_text("", encoding="utf-8")
    assert 2 == main(["export", "--to", "json", "-o", str(output), str(ROOT / "ledger")])
    shown = str(tmp_path) + "/a\\x0ab\\x1b[2J.json"
    assert f"bevilling: {shown} findes allerede; brug --force for at overskrive den\n" == (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("write", "expected"),
    [
        (lambda m: command_error("show", m), "bevilling show: fejl: a\\x0ab\\x0dc\n"),
        (lambda m: command_warning("show", m), "bevilling show: advarsel: a\\x0ab\\x0dc\n"),
        (error, "bevilling: a\\x0ab\\x0dc\n"),
    ],
)
def test_every_stderr_line_of_the_commands_is_one_line(
    write: Callable[[str], object], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """error, command_error and command_warning write one line whatever the message quotes: a
    line break or carriage return in a quoted name is shown as an escape."""
    write("a\nb\rc")
    assert expected == capsys.readouterr().err


def test_allow_errors_never_counts_a_change_or_spending_once_per_copy(
    copied_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a copy of the ledger and --allow-errors, `followup` counted every spending on
    both copies (16.720 spent in 2016 for 8.360 recorded). The records that point at an id
    two appropriations have are applied to neither, and a warning line under the first says
    how many and which ids."""
    argv = ["followup", "--year", "2016", str(copied_folder), str(ROOT / "examples" / "followup"),
            "--allow-errors", "--format", "json"]  # fmt: skip
    assert 0 == main(argv)
    out, err = capsys.readouterr()
    total = json.loads(out)["total"]
    assert ("0", "0") == (total["changes"], total["spent"])
    assert err.splitlines()[1] == (
        "bevilling followup: advarsel: 27 ændrings- og forbrugsposter peger på id'er, som flere"
        " bevillinger har (D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, …); de regnes ikke"
        " med på nogen af dem, så deres ændringer og forbrug er udeladt"
    )
    assert 0 == main([*argv, "--locale", "en"])
    assert capsys.readouterr().err.splitlines()[1] == (
        "bevilling followup: warning: 27 change and spending records point at ids that several"
        " appropriations have (D01, D02, D03, D04, D05, D06, D07, D08, D09, D10, …); they are"
        " applied to none of them, so their changes and spending are left out"
    )


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["expiring", "--year", "2016", "--target-group", "Aktivitetsparat"],
            "målgruppen 'Aktivitetsparat' (uanset år og fase); mente du `Aktivitetsparate`?",
        ),
        (
            ["totals", "--target-group", "Aktivitetsparat", "--format", "json"],
            "målgruppen 'Aktivitetsparat' (uanset år og fase); mente du `Aktivitetsparate`?",
        ),
        (["timeline", "--organisation", "JKl"], "organisationen 'JKl'"),
        (["list", "--organisation", "JKl", "--format", "csv"], "organisationen 'JKl'"),
        (
            ["followup", "--year", "2016", "--source", "Budgetaftale 2051"],
            "kilden 'Budgetaftale 2051' (uanset år og fase); mente du `Budgetaftale 2015`?",
        ),
        (
            ["report", "-o", "-", "--year", "2016", "--target-group", "Aktivitetsparat"],
            "målgruppen",
        ),
    ],
)
def test_a_filter_value_no_appropriation_has_is_a_usage_error(
    command: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Attack 7 #4, as the user made it: a typo in --target-group/--organisation/--source
    (a value no appropriation has, in any year or phase) printed "I alt 0" with exit 0.  It is
    a usage error now: exit 2, nothing on stdout (JSON/CSV stay clean), one line on stderr
    naming the value with a did-you-mean from the values the ledgers have."""
    paths = [str(ROOT / "ledger")]
    if command[0] == "followup":
        paths.append(str(ROOT / "examples" / "followup"))
    assert 2 == main([*command, *paths])
    out, err = capsys.readouterr()
    assert "" == out
    assert err.startswith(f"bevilling {command[0]}: fejl: ingen bevilling i bevillingsfilerne har ")
    assert said in err
    assert 1 == err.count("\n")


def test_a_filter_value_no_appropriation_has_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    """--locale en says it in English; a value that exists (any case) still reports."""
    ledger = str(ROOT / "ledger")
    assert 2 == main(["--locale", "en", "expiring", "--year", "2016", "--target-group",
                      "Aktivitetsparat", ledger])  # fmt: skip
    assert (
        "",
        "bevilling expiring: error: no appropriation in the ledgers has the target group"
        " 'Aktivitetsparat' (in any year or phase); did you mean `Aktivitetsparate`?\n",
    ) == capsys.readouterr()
    assert 0 == main(["expiring", "--year", "2016", "--target-group", "aktivitetsparate ", ledger])
    assert "I alt" in capsys.readouterr().out
