"""Ledgers shared by the report tests (each used by several test modules), and a loader that
insists the text loads without a problem."""

from __future__ import annotations

from pathlib import Path

import bevilling
from bevilling.core.model import LedgerSet
from tests.conftest import ROOT

SHIPPED = bevilling.load(ROOT / "ledger")
"""The shipped ledgers in ledger/."""


def load_ok(text: str) -> LedgerSet:
    """The ledgers of ``text`` (as ``t.yaml``), which must load without a problem."""
    ledgers = bevilling.load_string(text, "t.yaml")
    assert () == ledgers.problems
    return ledgers


MIO = """
format: bevilling/1
title: Indsatsbudget
document: D
unit: mio DKK
number_format: da
tables:
  - name: Tabel 8
    category: indsatsmidler
    appropriations:
      - {id: KH-1, title: Fastholdelsesmentor, amount: '18,3', expires: 2015,
         target_group: <Kontanthjælp & co>}
      - {id: KH-2, title: Helhedsorienteret mentor, amount: '69,4', expires: 2015}
      - {id: KH-3, title: Løbende, amount: '1,5', expires: open}
"""

MIXED_A = """
format: bevilling/1
title: Tusinder
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    appropriations:
      - {id: T1, title: Mikrolån, amount: 1200, expires: 2016, target_group: Flere}
      - {id: T2, title: Rådgivning, amount: 531, expires: open, target_group: aktivitetsparate}
"""

MIXED_B = """
format: bevilling/1
title: Millioner
document: Indsatsbudget
unit: mio DKK
tables:
  - name: Tabel 8
    category: indsatsmidler
    appropriations:
      - {id: M1, title: Mentor, amount: 18.3, expires: 2016, target_group: Aktivitetsparate}
      - {id: M2, title: Uddannelse, amount: 1.9, expires: 2015}
"""

WIDE = """
format: bevilling/1
title: T
document: D
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: indsatsmidler
    appropriations:
      - {id: I01, target_group: Aktivitetsparate, organisation: KEH,
         source: Beskæftigelses-aftale 2013, amount: 1019, expires: 2016,
         title: Næste stop er job - fokus på socialøkonomiske virksomheder}
      - {id: I02, target_group: Flere, organisation: CAB, source: Budgetaftale 2014,
         title: Lokal Forankring på Vesterbro og Kgs. Enghave, amount: 2000, expires: 2016}
"""


def load_files(folder: Path, files: dict[str, str]) -> LedgerSet:
    """The ledgers, change and spending files ``files`` (name: text), written to ``folder``
    and loaded from there, without a problem."""
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    ledgers = bevilling.load(folder)
    assert () == ledgers.problems
    return ledgers


POOL = {
    "l.yaml": """format: bevilling/1
title: L
document: D
unit: 1000 DKK
tables:
  - name: T
    category: indsatsmidler
    stated_total: 500
    appropriations:
      - {id: Q, title: Toårig uden profil, amount: 500, expires: 2017}
""",
    "s.yaml": """format: bevilling-spending/1
title: S
unit: 1000 DKK
spending:
  - {appropriation: Q, year: 2016, amount: 300}
  - {appropriation: Q, year: 2017, amount: 100}
""",
}
"""A pool "500 til og med 2017" (no profile), 300 spent in 2016 and 100 in 2017: 100 left to
lapse with 2017 (attack7 #7)."""

EXTENDED = {
    "l.yaml": """format: bevilling/1
title: L
document: D
unit: 1000 DKK
tables:
  - name: T
    category: indsatsmidler
    stated_total: 1500
    appropriations:
      - {id: P, title: Profil, profile: {2015: 500, 2016: 500}, amount: 1000, expires: 2016}
      - {id: Q, title: Uden profil, amount: 500, expires: 2016}
""",
    "c.yaml": """format: bevilling-changes/1
title: C
unit: 1000 DKK
changes:
  - {kind: forlængelse, decision: BR 1, appropriation: P, expires: 2017}
  - {kind: forlængelse, decision: BR 1, appropriation: Q, expires: 2017}
  - {kind: overførsel, decision: BR 1, appropriation: P, from_year: 2016, amount: 200}
  - {kind: overførsel, decision: BR 1, appropriation: Q, from_year: 2016, amount: 100}
""",
    "s.yaml": """format: bevilling-spending/1
title: S
unit: 1000 DKK
spending:
  - {appropriation: P, year: 2015, amount: 500}
  - {appropriation: P, year: 2016, amount: 300}
  - {appropriation: Q, year: 2016, amount: 400}
  - {appropriation: P, year: 2017, amount: 50}
  - {appropriation: Q, year: 2017, amount: 50}
""",
}
"""P (a profile) and Q (a pool), printed to expire with 2016, both extended to 2017 by a
forlængelse, with overførsler of 200 and 100 from 2016 and spending into 2017 (attack7 #5,
#11): 200 left in 2017."""
