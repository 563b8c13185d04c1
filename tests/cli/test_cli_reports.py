"""Golden tests for the report commands: expiring, totals, timeline, show and list.

The expected outputs are the real outputs for the shipped ledgers in ``ledger/``, checked by
hand against the source tables: approved funds ending in 2016 are D11 Mikrolån 1.200, D13
Flere private virksomhedspladser 4.000, I01 Næste stop er job 1.019 and I02 Lokal Forankring
2.000 (8.219); D01 (open, 531) and D06 (declining, 9.600) have no fixed expiry (10.131); the
proposals BI2-1 (1.000) and BI2-2 (500) also end in 2016 (9.719 with --phase all).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bevilling.cli import main
from tests.conftest import ROOT

LEDGER = str(ROOT / "ledger")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process from the repository root (so paths print as ledger/...)."""
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        code = main(list(argv))
    finally:
        os.chdir(cwd)
    out, err = capsys.readouterr()
    return code, out, err


EXPIRING_DA = """\
Bevillinger der udløber i 2016 (vedtaget)

Id     Kategori       Målgruppe         Org.                   Titel                                                       Kilde                         Beløb (1.000 kr.)  Udløb
-----  -------------  ----------------  ---------------------  ----------------------------------------------------------  --------------------------  -------------------  -------
D11    driftsmidler   Flere             JKI, JKA og 2. kontor  Mikrolån                                                    Budgetaftale 2015                         1.200  2016
D13    driftsmidler   Alle              KEH                    Flere private virksomhedspladser                            Budgetaftale 2015                         4.000  2016
I01    indsatsmidler  Aktivitetsparate  KEH                    Næste stop er job - fokus på socialøkonomiske virksomheder  Beskæftigelses-aftale 2013                1.019  2016
I02    indsatsmidler  Flere             CAB                    Lokal Forankring på Vesterbro og Kgs. Enghave               Budgetaftale 2014                         2.000  2016
-----  -------------  ----------------  ---------------------  ----------------------------------------------------------  --------------------------  -------------------  -------
I alt                                                                                                                                                                8.219

2 bevillinger uden fast udløb: 10.131
"""

EXPIRING_EN = """\
Appropriations expiring in 2016 (approved)

Id     Category       Target group      Org.                   Title                                                       Source                        Amount (DKK thousand)  Expires
-----  -------------  ----------------  ---------------------  ----------------------------------------------------------  --------------------------  -----------------------  ---------
D11    driftsmidler   Flere             JKI, JKA og 2. kontor  Mikrolån                                                    Budgetaftale 2015                             1,200  2016
D13    driftsmidler   Alle              KEH                    Flere private virksomhedspladser                            Budgetaftale 2015                             4,000  2016
I01    indsatsmidler  Aktivitetsparate  KEH                    Næste stop er job - fokus på socialøkonomiske virksomheder  Beskæftigelses-aftale 2013                    1,019  2016
I02    indsatsmidler  Flere             CAB                    Lokal Forankring på Vesterbro og Kgs. Enghave               Budgetaftale 2014                             2,000  2016
-----  -------------  ----------------  ---------------------  ----------------------------------------------------------  --------------------------  -----------------------  ---------
Total                                                                                                                                                                    8,219

2 appropriations without fixed expiry: 10,131
"""

EXPIRING_ALL_DA = """\
Bevillinger der udløber i 2016 (vedtaget + forslag)

Id     Fase      Kategori       Målgruppe         Org.                   Titel                                                                                                              Kilde                                                      Beløb (1.000 kr.)  Udløb
-----  --------  -------------  ----------------  ---------------------  -----------------------------------------------------------------------------------------------------------------  -------------------------------------------------------  -------------------  -------
BI2-1  forslag   driftsmidler   Ressourceforløb                          Nedbringe ventetid på koordinerende sagsbehandlere og opstart i indsats for borgere visiteret til ressourceforløb  Budgetnotat BI2 – Særlig indsats for de udsatte borgere                1.000  2016
BI2-2  forslag   driftsmidler   Aktivitetsparate                         Forstærket kontaktflade til sanktionstruede borgere gennem opsøgende praksis                                       Budgetnotat BI2 – Særlig indsats for de udsatte borgere                  500  2016
D11    vedtaget  driftsmidler   Flere             JKI, JKA og 2. kontor  Mikrolån                                                                                                           Budgetaftale 2015                                                      1.200  2016
D13    vedtaget  driftsmidler   Alle              KEH                    Flere private virksomhedspladser                                                                                   Budgetaftale 2015                                                      4.000  2016
I01    vedtaget  indsatsmidler  Aktivitetsparate  KEH                    Næste stop er job - fokus på socialøkonomiske virksomheder                                                         Beskæftigelses-aftale 2013                                             1.019  2016
I02    vedtaget  indsatsmidler  Flere             CAB                    Lokal Forankring på Vesterbro og Kgs. Enghave                                                                      Budgetaftale 2014                                                      2.000  2016
-----  --------  -------------  ----------------  ---------------------  -----------------------------------------------------------------------------------------------------------------  -------------------------------------------------------  -------------------  -------
I alt                                                                                                                                                                                                                                                              9.719

2 bevillinger uden fast udløb: 10.131
"""

EXPIRING_ALL_EN = """\
Appropriations expiring in 2016 (approved + proposed)

Id     Phase     Category       Target group      Org.                   Title                                                                                                              Source                                                     Amount (DKK thousand)  Expires
-----  --------  -------------  ----------------  ---------------------  -----------------------------------------------------------------------------------------------------------------  -------------------------------------------------------  -----------------------  ---------
BI2-1  proposed  driftsmidler   Ressourceforløb                          Nedbringe ventetid på koordinerende sagsbehandlere og opstart i indsats for borgere visiteret til ressourceforløb  Budgetnotat BI2 – Særlig indsats for de udsatte borgere                    1,000  2016
BI2-2  proposed  driftsmidler   Aktivitetsparate                         Forstærket kontaktflade til sanktionstruede borgere gennem opsøgende praksis                                       Budgetnotat BI2 – Særlig indsats for de udsatte borgere                      500  2016
D11    approved  driftsmidler   Flere             JKI, JKA og 2. kontor  Mikrolån                                                                                                           Budgetaftale 2015                                                          1,200  2016
D13    approved  driftsmidler   Alle              KEH                    Flere private virksomhedspladser                                                                                   Budgetaftale 2015                                                          4,000  2016
I01    approved  indsatsmidler  Aktivitetsparate  KEH                    Næste stop er job - fokus på socialøkonomiske virksomheder                                                         Beskæftigelses-aftale 2013                                                 1,019  2016
I02    approved  indsatsmidler  Flere             CAB                    Lokal Forankring på Vesterbro og Kgs. Enghave                                                                      Budgetaftale 2014                                                          2,000  2016
-----  --------  -------------  ----------------  ---------------------  -----------------------------------------------------------------------------------------------------------------  -------------------------------------------------------  -----------------------  ---------
Total                                                                                                                                                                                                                                                                  9,719

2 appropriations without fixed expiry: 10,131
"""

EXPIRING_MARKDOWN = """\
Bevillinger der udløber i 2016 (vedtaget)

| Id    | Kategori      | Målgruppe        | Org.                  | Titel                                                      | Kilde                      |   Beløb (1.000 kr.) | Udløb   |
|:------|:--------------|:-----------------|:----------------------|:-----------------------------------------------------------|:---------------------------|--------------------:|:--------|
| D11   | driftsmidler  | Flere            | JKI, JKA og 2. kontor | Mikrolån                                                   | Budgetaftale 2015          |               1.200 | 2016    |
| D13   | driftsmidler  | Alle             | KEH                   | Flere private virksomhedspladser                           | Budgetaftale 2015          |               4.000 | 2016    |
| I01   | indsatsmidler | Aktivitetsparate | KEH                   | Næste stop er job - fokus på socialøkonomiske virksomheder | Beskæftigelses-aftale 2013 |               1.019 | 2016    |
| I02   | indsatsmidler | Flere            | CAB                   | Lokal Forankring på Vesterbro og Kgs. Enghave              | Budgetaftale 2014          |               2.000 | 2016    |
| I alt |               |                  |                       |                                                            |                            |               8.219 |         |

2 bevillinger uden fast udløb: 10.131
"""

EXPIRING_GITHUB_EN = """\
Appropriations expiring in 2016 (approved)

| Id    | Category      | Target group     | Org.                  | Title                                                      | Source                     |   Amount (DKK thousand) | Expires   |
|-------|---------------|------------------|-----------------------|------------------------------------------------------------|----------------------------|-------------------------|-----------|
| D11   | driftsmidler  | Flere            | JKI, JKA og 2. kontor | Mikrolån                                                   | Budgetaftale 2015          |                   1,200 | 2016      |
| D13   | driftsmidler  | Alle             | KEH                   | Flere private virksomhedspladser                           | Budgetaftale 2015          |                   4,000 | 2016      |
| I01   | indsatsmidler | Aktivitetsparate | KEH                   | Næste stop er job - fokus på socialøkonomiske virksomheder | Beskæftigelses-aftale 2013 |                   1,019 | 2016      |
| I02   | indsatsmidler | Flere            | CAB                   | Lokal Forankring på Vesterbro og Kgs. Enghave              | Budgetaftale 2014          |                   2,000 | 2016      |
| Total |               |                  |                       |                                                            |                            |                   8,219 |           |

2 appropriations without fixed expiry: 10,131
"""

EXPIRING_HTML = """\
<h2>Bevillinger der udløber i 2016 (vedtaget)</h2>
<table>
<thead>
<tr><th>Id   </th><th>Kategori     </th><th>Målgruppe       </th><th>Org.                 </th><th>Titel                                                     </th><th>Kilde                     </th><th style="text-align: right;">  Beløb (1.000 kr.)</th><th>Udløb  </th></tr>
</thead>
<tbody>
<tr><td>D11  </td><td>driftsmidler </td><td>Flere           </td><td>JKI, JKA og 2. kontor</td><td>Mikrolån                                                  </td><td>Budgetaftale 2015         </td><td style="text-align: right;">              1.200</td><td>2016   </td></tr>
<tr><td>D13  </td><td>driftsmidler </td><td>Alle            </td><td>KEH                  </td><td>Flere private virksomhedspladser                          </td><td>Budgetaftale 2015         </td><td style="text-align: right;">              4.000</td><td>2016   </td></tr>
<tr><td>I01  </td><td>indsatsmidler</td><td>Aktivitetsparate</td><td>KEH                  </td><td>Næste stop er job - fokus på socialøkonomiske virksomheder</td><td>Beskæftigelses-aftale 2013</td><td style="text-align: right;">              1.019</td><td>2016   </td></tr>
<tr><td>I02  </td><td>indsatsmidler</td><td>Flere           </td><td>CAB                  </td><td>Lokal Forankring på Vesterbro og Kgs. Enghave             </td><td>Budgetaftale 2014         </td><td style="text-align: right;">              2.000</td><td>2016   </td></tr>
<tr><td>I alt</td><td>             </td><td>                </td><td>                     </td><td>                                                          </td><td>                          </td><td style="text-align: right;">              8.219</td><td>       </td></tr>
</tbody>
</table>
<p>2 bevillinger uden fast udløb: 10.131</p>
"""

TOTALS_DA = """\
I alt fordelt på kategori (vedtaget)

Kategori         Antal    Beløb (1.000 kr.)
-------------  -------  -------------------
driftsmidler        13               47.579
indsatsmidler        5               12.092
særindsatser         2                3.000
-------------  -------  -------------------
I alt               20               62.671
"""

TOTALS_EXPIRY_EN = """\
Totals by expiry year (approved)

Expiry year      Count    Amount (DKK thousand)
-------------  -------  -----------------------
2015                14                   44,321
2016                 4                    8,219
open                 1                      531
declining            1                    9,600
-------------  -------  -----------------------
Total               20                   62,671
"""

TIMELINE_DA = """\
Til rådighed og udløb pr. år, beløb (1.000 kr.) (vedtaget + forslag)

År                    driftsmidler    indsatsmidler    særindsatser    I alt    Heraf udløber
------------------  --------------  ---------------  --------------  -------  ---------------
2015                        32.248            9.073           3.000   44.321           44.321
2016                         6.700            3.019               0    9.719            9.719
2017                         1.700            1.000               0    2.700                0
2018                         1.700            1.000               0    2.700            2.700
2019                             0                0               0        0                0
2020                             0                0               0        0                0
udløb ikke fastsat             531                                       531
faldende profil              9.600                                     9.600

Til rådighed pr. år (1.000 kr.)
2015  44.321  ░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░
2016   9.719  ░░░░░░░░░░░░░░
2017   2.700  ████
2018   2.700  ░░░░
2019       0
2020       0
█ fortsætter   ░ udløber med året
"""

TIMELINE_ASCII_EN = """\
Available and lapsing per year, amount (DKK thousand) (approved + proposed)

Year         driftsmidler    indsatsmidler    særindsatser    Total    Of which lapses
---------  --------------  ---------------  --------------  -------  -----------------
2015               32,248            9,073           3,000   44,321             44,321
2016                6,700            3,019               0    9,719              9,719
2017                1,700            1,000               0    2,700                  0
2018                1,700            1,000               0    2,700              2,700
2019                    0                0               0        0                  0
2020                    0                0               0        0                  0
open                  531                                       531
declining           9,600                                     9,600

Available per year (DKK thousand)
2015  44,321  ------------------------------------------------------------------
2016   9,719  --------------
2017   2,700  ####
2018   2,700  ----
2019       0
2020       0
# continues   - lapses with the year
"""

SHOW_DA = """\
D11: Mikrolån

Felt               Værdi
-----------------  -------------------------------------------------------------------------------------------------------------------------------
Id                 D11
Titel              Mikrolån
Kategori           driftsmidler
Målgruppe          Flere
Org.               JKI, JKA og 2. kontor
Beskrivelse        Tiltag, der kan fremme brugen af mikrolånsordningen
Kilde              Budgetaftale 2015
Beløb (1.000 kr.)  1.200
Udløb              2016
Fase               vedtaget
Tabel              Tablet 8: Oversigt over driftsmidler tildelt målgrupperne
Bevillingsfil      Bevillinger fra politiske aftaler til udsatte borgere 2015
Kildedokument      Bilag til analyse af udsatte borgere i Københavns Kommune – uddybende analyser af målgrupper og indsats, oktober 2015, afsnit 9
Sted               ledger/udsatte-2015.yaml:114
"""

SHOW_EN = """\
BI2-1: Nedbringe ventetid på koordinerende sagsbehandlere og opstart i indsats for borgere visiteret til ressourceforløb

Field                  Value
---------------------  --------------------------------------------------------------------------------------------------------------------------------------
Id                     BI2-1
Title                  Nedbringe ventetid på koordinerende sagsbehandlere og opstart i indsats for borgere visiteret til ressourceforløb
Category               driftsmidler
Target group           Ressourceforløb
Description            Konkret søges om 1. mio. kr. til ansættelse af fire koordinerende sagsbehandlere, som i andet halvår af 2016 kan tage 75 borgere hver.
Source                 Budgetnotat BI2 – Særlig indsats for de udsatte borgere
Amount (DKK thousand)  1,000
Profile                2016: 1,000
                       2017: 0
                       2018: 0
                       2019: 0
Expires                2016
Phase                  proposed
Price level            2016
Committee              BIU
Appropriation no.      18.10
Function               6.45.53.1
Table                  Tabel 2: Udgifter til service
Ledger                 BI2 – Særlig indsats for de udsatte borgere
Source document        Budgetnotat BI2 – Særlig indsats for de udsatte borgere, Tabel 2 Udgifter til service
Location               ledger/bi2-saerlig-indsats-udsatte.yaml:31
"""


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["expiring", "--year", "2016"], EXPIRING_DA),
        (["expiring", "--year", "2016", "--locale", "en"], EXPIRING_EN),
        (["expiring", "--year", "2016", "--phase", "all"], EXPIRING_ALL_DA),
        (["expiring", "--year", "2016", "--phase", "all", "--locale", "en"], EXPIRING_ALL_EN),
        (["totals"], TOTALS_DA),
        (["totals", "--by", "expiry", "--locale", "en"], TOTALS_EXPIRY_EN),
        (["timeline", "--from", "2015", "--to", "2020", "--phase", "all"], TIMELINE_DA),
        (
            [
                "timeline",
                "--from",
                "2015",
                "--to",
                "2020",
                "--phase",
                "all",
                "--ascii",
                "--locale",
                "en",
            ],
            TIMELINE_ASCII_EN,
        ),
        (["show", "D11"], SHOW_DA),
        (["show", "BI2-1", "--locale", "en"], SHOW_EN),
    ],
)
def test_golden_table_outputs(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """Each report command prints exactly its golden table for the shipped ledgers."""
    assert (0, expected, "") == _run(capsys, *argv, "--width", "0")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--format", "markdown"], EXPIRING_MARKDOWN),
        (["--format", "github", "--locale", "en"], EXPIRING_GITHUB_EN),
        (["--format", "html"], EXPIRING_HTML),
    ],
)
def test_golden_markup_formats(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    """markdown, github and html carry the same rows, total row and note."""
    assert (0, expected, "") == _run(capsys, "expiring", "--year", "2016", *argv)


def test_csv_for_danish_excel(capsys: pytest.CaptureFixture[str]) -> None:
    """CSV (excel dialect): UTF-8 BOM, ';', CRLF, amounts without grouping; no total row."""
    code, out, _err = _run(capsys, "expiring", "--year", "2016", "--format", "csv")
    expected = (
        "\ufeffId;Kategori;Målgruppe;Org.;Titel;Kilde;Beløb (1.000 kr.);Udløb\r\n"
        "D11;driftsmidler;Flere;JKI, JKA og 2. kontor;Mikrolån;Budgetaftale 2015;1200;2016\r\n"
        "D13;driftsmidler;Alle;KEH;Flere private virksomhedspladser;Budgetaftale 2015;4000;2016\r\n"
        "I01;indsatsmidler;Aktivitetsparate;KEH;Næste stop er job - fokus på socialøkonomiske"
        " virksomheder;Beskæftigelses-aftale 2013;1019;2016\r\n"
        "I02;indsatsmidler;Flere;CAB;Lokal Forankring på Vesterbro og Kgs. Enghave;"
        "Budgetaftale 2014;2000;2016\r\n"
    )
    assert (0, expected) == (code, out)


def test_csv_plain_dialect_with_proposals(capsys: pytest.CaptureFixture[str]) -> None:
    """--csv-dialect plain: ',' and quoting, no BOM; --phase all adds the phase column."""
    code, out, _err = _run(
        capsys, "expiring", "--year", "2016", "--phase", "all", "--format", "csv",
        "--csv-dialect", "plain", "--locale", "en",
    )  # fmt: skip
    lines = out.split("\n")
    assert 0 == code
    assert (
        "Id,Phase,Category,Target group,Org.,Title,Source,Amount (DKK thousand),Expires" == lines[0]
    )
    assert (
        'D11,approved,driftsmidler,Flere,"JKI, JKA og 2. kontor",Mikrolån,Budgetaftale 2015,1200,2016'
        == lines[3]
    )
    assert ["BI2-1", "BI2-2", "D11", "D13", "I01", "I02", ""] == [
        line.split(",")[0] for line in lines[1:]
    ]


def test_csv_keeps_the_decimal_comma_of_mio_ledgers(capsys: pytest.CaptureFixture[str]) -> None:
    """A mio. kr. ledger's amounts keep their one decimal: 18,3 (excel) and 18.3 (plain)."""
    path = str(ROOT / "examples" / "ledgers" / "indsatsbudget-2015.yaml")
    _code, excel, _err = _run(capsys, "totals", path, "--format", "csv")
    _code, plain, _err = _run(capsys, "totals", path, "--format", "csv", "--csv-dialect", "plain")
    assert "\ufeffKategori;Antal;Beløb (mio. kr.)\r\nindsatsmidler;9;271,2\r\n" == excel
    assert "Kategori,Antal,Beløb (mio. kr.)\nindsatsmidler,9,271.2\n" == plain


@pytest.mark.parametrize("fmt", ["table", "markdown", "github", "html", "csv", "json"])
@pytest.mark.parametrize("locale", ["da", "en"])
def test_phase_all_in_every_format_and_locale(
    capsys: pytest.CaptureFixture[str], fmt: str, locale: str
) -> None:
    """--phase all lists the six appropriations ending in 2016 and their total in every format."""
    code, out, _err = _run(
        capsys, "expiring", "--year", "2016", "--phase", "all", "--format", fmt, "--locale", locale
    )
    assert 0 == code
    for appropriation_id in ["BI2-1", "BI2-2", "D11", "D13", "I01", "I02"]:
        assert appropriation_id in out
    total = {"da": "9.719", "en": "9,719"}[locale] if fmt not in {"csv", "json"} else None
    if total is not None:
        assert total in out
    if fmt == "json":
        document = json.loads(out)
        assert ("9719", 6, "10131") == (
            document["total"], document["count"], document["without_fixed_expiry"]["total"],
        )  # fmt: skip


def test_json_report_amounts_are_decimal_strings(capsys: pytest.CaptureFixture[str]) -> None:
    """expiring --format json: the list's record per row plus report_amount, all strings."""
    code, out, _err = _run(capsys, "expiring", "--year", "2016", "--format", "json")
    document = json.loads(out)
    assert 0 == code
    assert ("expiring", 2016, False, "1000 DKK", "8219") == (
        document["report"], document["year"], document["until"], document["unit"],
        document["total"],
    )  # fmt: skip
    rows = [(r["id"], r["amount"], r["report_amount"]) for r in document["appropriations"]]
    assert [("D11", "1200", "1200"), ("D13", "4000", "4000"), ("I01", "1019", "1019"),
            ("I02", "2000", "2000")] == rows  # fmt: skip
    assert ["D01", "D06"] == [r["id"] for r in document["without_fixed_expiry"]["appropriations"]]


def test_include_open_lists_them_and_counts_them_in_the_total_row(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--include-open adds D01 and D06 under the 2016 rows; the total row is 18.350."""
    _code, out, _err = _run(capsys, "expiring", "--year", "2016", "--include-open")
    lines = out.split("\n")
    ids = [line.split()[0] for line in lines[4:10]]
    assert ["D11", "D13", "I01", "I02", "D01", "D06"] == ids
    assert "udløb ikke fastsat" in lines[8]
    assert ["I", "alt", "18.350"] == lines[11].split()


def test_until_and_filters(capsys: pytest.CaptureFixture[str]) -> None:
    """--until 2016 --target-group aktivitetsparate: the eight rows ended by 2016, 7.990 + 9.073 + 1.019."""
    _code, out, _err = _run(
        capsys, "expiring", "--until", "2016", "--target-group", "aktivitetsparate",
        "--format", "json",
    )  # fmt: skip
    document = json.loads(out)
    ids = [r["id"] for r in document["appropriations"]]
    assert ["D02", "D03", "D04", "D05", "I03", "I04", "I05", "I01"] == ids
    assert ("aktivitetsparate", "18082") == (document["filter"]["target_group"], document["total"])


def test_category_filter_and_did_you_mean(capsys: pytest.CaptureFixture[str]) -> None:
    """--category is case-insensitive; a near miss is a usage error with a suggestion."""
    code, out, _err = _run(capsys, "expiring", "--year", "2016", "--category", "Indsatsmidler")
    assert (0, True, False) == (code, "I01" in out, "D11" in out)
    code, out, err = _run(capsys, "expiring", "--year", "2016", "--category", "drift")
    assert (2, "") == (code, out)
    assert "bevilling expiring: fejl: ukendt kategori 'drift': mente du 'driftsmidler'?" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["expiring", "--year", "2016", "--locale", "fr"],
        ["expiring"],
        ["expiring", "--year", "2016", "--until", "2017"],
        ["totals", "--by", "colour"],
        ["timeline", "--from", "2018", "--to", "2016"],
        ["list", "--format", "xml"],
        ["show", "D99"],
    ],
)
def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    """Unsupported locale, missing/clashing years, bad --by/--format, unknown id: exit 2."""
    code, out, _err = _run(capsys, *argv)
    assert (2, "") == (code, out)


def test_show_unknown_id_suggests_close_ids(capsys: pytest.CaptureFixture[str]) -> None:
    """`show D1` says which ids are close; `show d11` finds D11 (case forgiven)."""
    _code, _out, err = _run(capsys, "show", "D1")
    assert "ingen bevilling har id'et 'D1'; mente du D13, D12 eller D11?" in err
    code, out, _err = _run(capsys, "show", "d11", "--width", "0")
    assert (0, SHOW_DA) == (code, out)


def test_locale_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """BEVILLING_LOCALE=en gives the English report; --locale da overrides it."""
    monkeypatch.setenv("BEVILLING_LOCALE", "en")
    assert (0, EXPIRING_EN, "") == _run(capsys, "expiring", "--year", "2016", "--width", "0")
    assert (0, EXPIRING_DA, "") == _run(
        capsys, "expiring", "--year", "2016", "--width", "0", "--locale", "da"
    )


def test_load_problems_go_to_stderr_with_exit_1(
    capsys: pytest.CaptureFixture[str], write_ledger: Callable[..., Path]
) -> None:
    """A ledger with errors is not reported on: the problems go to stderr, exit 1."""
    path = write_ledger("""
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - {title: A, amount: 1.200, expires: 2016}
        """)
    code, out, err = _run(capsys, "expiring", "--year", "2016", str(path))
    assert (1, "") == (code, out)
    assert "ambiguous-number" in err


def test_long_titles_wrap_to_the_width(
    capsys: pytest.CaptureFixture[str], write_ledger: Callable[..., Path]
) -> None:
    """With --width 80 a long title wraps between words and every line fits 80 columns."""
    path = write_ledger("""
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - id: L1
                title: Nedbringe ventetid på koordinerende sagsbehandlere og opstart i indsats for borgere visiteret til ressourceforløb
                amount: 1000
                expires: 2016
        """)
    code, out, _err = _run(capsys, "expiring", "--year", "2016", str(path), "--width", "80")
    assert 0 == code
    assert max(len(line) for line in out.split("\n")) <= 80
    assert "ressourceforløb" in out
    words = " ".join(out.split()).split()
    assert {"koordinerende", "visiteret"} <= set(words)


def test_list_has_the_phase_column_and_every_phase(capsys: pytest.CaptureFixture[str]) -> None:
    """`bevilling list` shows approved and proposed rows, the phase in its own column."""
    _code, out, _err = _run(capsys, "list", "--width", "0")
    lines = out.split("\n")
    assert "26 bevillinger" == lines[0]
    assert ["Id", "Fase", "Kategori"] == lines[2].split()[:3]
    assert "BI2-1  forslag" in out
    assert "D11    vedtaget" in out
    _code, out, _err = _run(capsys, "list", "--phase", "approved", "--format", "csv")
    assert 21 == len(out.strip("\r\n").split("\r\n"))


def test_list_json_keeps_its_shape(capsys: pytest.CaptureFixture[str]) -> None:
    """`list --format json` is still {"appropriations": [...]}, filters applied."""
    _code, out, _err = _run(capsys, "list", "--format", "json", "--category", "særindsatser")
    document = json.loads(out)
    assert ["S01", "S02"] == [r["id"] for r in document["appropriations"]]


def test_expiring_as_a_process_with_the_default_path() -> None:
    """`python -m bevilling expiring --year 2016` from the repository root reads ledger/."""
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", "expiring", "--year", "2016", "--width", "0"],
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "BEVILLING_LOCALE": ""},
    )
    assert (0, EXPIRING_DA, b"") == (done.returncode, done.stdout.decode("utf-8"), done.stderr)


def test_timeline_falls_back_to_ascii_on_a_non_utf8_terminal() -> None:
    """With a Latin-1 stdout the chart is drawn with '#' and '-', not Unicode blocks."""
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", "timeline", "--phase", "all", "--width", "0"],
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "latin-1", "BEVILLING_LOCALE": "da"},
    )
    out = done.stdout.decode("latin-1")
    assert 0 == done.returncode
    assert "2015  44.321  " + "-" * 66 in out
    assert "# fortsætter   - udløber med året" in out


# --- issue 4: reports fit an 80-column terminal; no traceback on an ASCII terminal ----------

EXPIRING_80_DA = """\
Bevillinger der udløber i 2016 (vedtaget)

Kategori       Målgruppe         Titel                        Beløb  Udløb
                                                        (1.000 kr.)
-------------  ----------------  -------------------  -------------  -------
driftsmidler   Flere             Mikrolån                     1.200  2016
driftsmidler   Alle              Flere private                4.000  2016
                                 virksomhedspladser
indsatsmidler  Aktivitetsparate  Næste stop er job -          1.019  2016
                                 fokus på
                                 socialøkonomiske
                                 virksomheder
indsatsmidler  Flere             Lokal Forankring på          2.000  2016
                                 Vesterbro og Kgs.
                                 Enghave
-------------  ----------------  -------------------  -------------  -------
I alt                                                         8.219

Kolonner udeladt for at passe til bredden: Kilde, Org., Id
2 bevillinger uden fast udløb: 10.131
"""

EXPIRING_80_EN = """\
Appropriations expiring in 2016 (approved)

Category       Target group      Title                         Amount  Expires
                                                       (DKK thousand)
-------------  ----------------  ------------------  ----------------  ---------
driftsmidler   Flere             Mikrolån                       1,200  2016
driftsmidler   Alle              Flere private                  4,000  2016
                                 virksomhedspladser
indsatsmidler  Aktivitetsparate  Næste stop er job              1,019  2016
                                 - fokus på
                                 socialøkonomiske
                                 virksomheder
indsatsmidler  Flere             Lokal Forankring               2,000  2016
                                 på Vesterbro og
                                 Kgs. Enghave
-------------  ----------------  ------------------  ----------------  ---------
Total                                                           8,219

Columns left out to fit the width: Source, Org., Id
2 appropriations without fixed expiry: 10,131
"""


@pytest.mark.parametrize(("locale", "expected"), [("da", EXPIRING_80_DA), ("en", EXPIRING_80_EN)])
def test_expiring_fits_an_80_column_terminal(
    capsys: pytest.CaptureFixture[str], locale: str, expected: str
) -> None:
    """`expiring --year 2016 --width 80` on the shipped ledgers fits 80 columns: titles wrap,
    Kilde, Org. and Id are left out (in that order, said in a note), amounts and the total
    8.219 are whole."""
    code, out, err = _run(capsys, "expiring", "--year", "2016", "--width", "80", "--locale", locale)
    assert (0, expected, "") == (code, out, err)
    assert 80 >= max(len(line) for line in out.split("\n"))


@pytest.mark.parametrize(
    "argv",
    [
        ["expiring", "--year", "2016", "--phase", "all", "--include-open"],
        ["list"],
        ["totals", "--by", "ledger"],
        ["timeline", "--phase", "all"],
        ["show", "BI2-1"],
    ],
)
@pytest.mark.parametrize("locale", ["da", "en"])
def test_every_table_report_fits_80_columns(
    capsys: pytest.CaptureFixture[str], argv: list[str], locale: str
) -> None:
    """Every report on the shipped ledgers fits --width 80 in both locales."""
    code, out, _err = _run(capsys, *argv, "--width", "80", "--locale", locale)
    assert 0 == code
    assert [] == [line for line in out.split("\n") if len(line) > 80]


def test_an_ascii_terminal_gets_question_marks_not_a_traceback() -> None:
    """With PYTHONIOENCODING=ascii, Danish letters print as '?' (one column each, so the table
    stays aligned), the exit code is 0 and nothing reaches stderr."""
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", "expiring", "--year", "2016", "--width", "0"],
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "BEVILLING_LOCALE": ""},
    )
    expected = EXPIRING_DA.translate({ord(c): "?" for c in "åæø–"})
    assert (0, expected, "") == (done.returncode, done.stdout.decode("ascii"), done.stderr.decode())


def test_a_latin1_terminal_keeps_danish_letters_and_replaces_the_rest() -> None:
    """On a Latin-1 stdout 'ø' prints as itself and only what Latin-1 lacks ('–') is replaced;
    show BI2-1 exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", "bevilling", "show", "BI2-1", "--width", "0"],
        capture_output=True,
        cwd=ROOT,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "latin-1", "BEVILLING_LOCALE": "da"},
    )
    out = done.stdout.decode("latin-1")
    assert (0, b"") == (done.returncode, done.stderr)
    assert "Kilde               Budgetnotat BI2 ? Særlig indsats for de udsatte borgere\n" in out
