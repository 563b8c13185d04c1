"""Tests for bevilling.cli.commands.followup: the follow-up of the invented example."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT

FOLLOWUP_2016 = """\
Opfølgning 2016, beløb (1.000 kr.) (vedtaget)

Id     Titel                                   Udløb    Bevilget    Ændringer    Forbrug    Rest    Bortfalder
-----  -------------------------  ------------------  ----------  -----------  ---------  ------  ------------
D01    Rådgivning af              udløb ikke fastsat         531            0        260     271             0
       socioøkonomiske
       virksomheder
D03    Ekstra indsats ifm.                      2016           0          300        300       0             0
       koordinerende
       sagsbehandler og kvalitet
       i sagsbehandlingen
D06    Rehabiliteringsteam           faldende profil                        0      4.500
D11    Mikrolån                                 2016       1.200            0        400     800           800
D13    Flere private                            2016       4.000         -250      1.500   2.250         2.250
       virksomhedspladser
I01    Næste stop er job - fokus                2016       1.019            0        500     519           519
       på socialøkonomiske
       virksomheder
I02    Lokal Forankring på                      2016       2.000            0        900   1.100         1.100
       Vesterbro og Kgs. Enghave
-----  -------------------------  ------------------  ----------  -----------  ---------  ------  ------------
I alt                                                      8.750           50      3.860   4.940         4.669

D03 er en pulje uden profil (et beløb og et udløb): Bevilget er, hvad der er tilbage af puljen ved starten af
2016 (beløbet + tidligere års ændringer − tidligere års forbrug); det uforbrugte føres videre og bortfalder
først med udløbsåret
D06 har en faldende profil uden årsbeløb: hvad den har til rådighed i 2016, kan ikke vides, så Bevilget, Rest
og Bortfalder står tomme, og rækken er ikke talt med i I alt (skriv profilen i bevillingsfilen)
"""  # noqa: E501


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        code = main(list(argv))
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return code, out, err


def test_followup_of_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling followup --year 2016 ledger/ examples/followup/` is the README's output."""
    code, out, err = _run(
        capsys, "followup", "--year", "2016", "--width", "110", "ledger/", "examples/followup/"
    )
    assert (0, FOLLOWUP_2016, "") == (code, out, err)


def test_followup_json_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json with a filter: rows of id and the five figures."""
    code, out, _err = _run(
        capsys, "followup", "--year", "2015", "--format", "json", "--category", "særindsatser",
        "ledger/", "examples/followup/",
    )  # fmt: skip
    data = json.loads(out)
    assert (0, ["S01", "S02"], "240") == (
        code,
        [r["id"] for r in data["rows"]],
        data["total"]["lapses"],
    )


def test_followup_refuses_errors_in_spending(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Spending on an unknown id stops the report (exit 1) with the finding on stderr."""
    (tmp_path / "forbrug.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: D99, year: 2016, amount: 5}\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "followup", "--year", "2016", "ledger/", str(tmp_path))
    assert (1, "") == (code, out)
    assert "fejl[unknown-appropriation]" in err


def test_followup_needs_a_year(capsys: pytest.CaptureFixture[str]) -> None:
    """Without --year, or with a year that is not one, it is a usage error."""
    assert (2, 2) == (main(["followup"]), main(["followup", "--year", "16"]))
    err = capsys.readouterr().err
    assert "følgende skal angives: --year" in err


def _huge(tmp_path: Path) -> Path:
    """A ledger in DKK holding 0.000001 kr. (open) and twelve monthly spending records of
    999.999.999.999.999,999999 mio. kr.: the largest amounts the format allows, in the two
    units furthest apart."""
    (tmp_path / "l.yaml").write_text(
        "format: bevilling/1\ntitle: E\ndocument: D\nunit: DKK\ntables:\n  - name: T\n"
        "    category: driftsmidler\n    stated_total: 0.000001\n    appropriations:\n"
        "      - {id: A1, title: T, amount: 0.000001, expires: open}\n",
        encoding="utf-8",
    )
    rows = "".join(
        f"  - {{appropriation: A1, year: 2016, months: {m}, amount: 999999999999999.999999}}\n"
        for m in range(1, 13)
    )
    (tmp_path / "s.yaml").write_text(
        "format: bevilling-spending/1\ntitle: F\nunit: mio DKK\nspending:\n" + rows,
        encoding="utf-8",
    )
    return tmp_path


def test_the_largest_amounts_in_units_far_apart_stay_exact(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An attacker's spending file in mio. kr. against a ledger in kr. with millionths: the
    sums need 29 digits, one more than Python's default decimal context keeps. `followup`
    died with "intern fejl: InvalidOperation" (and `expiring` too); the figures are exact, and
    remaining = granted + changes − spent holds to the last millionth."""
    folder = _huge(tmp_path)
    code, out, _err = _run(
        capsys, "followup", "--year", "2016", "--format", "json", "--allow-errors", str(folder)
    )
    row = json.loads(out)["rows"][0]
    assert (0, "11999999999999999999988.000000", "-11999999999999999999987.999999") == (
        code, row["spent"], row["remaining"],
    )  # fmt: skip
    code, out, _err = _run(
        capsys, "expiring", "--year", "2016", "--include-open", "--format", "json",
        "--allow-errors", str(folder),
    )  # fmt: skip
    row = json.loads(out)["without_fixed_expiry"]["appropriations"][0]
    # without a fixed expiry there is no lifetime "unspent" (a yearly amount): none is given
    assert (0, None) == (code, row.get("unspent"))
