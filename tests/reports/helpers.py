"""Ledgers shared by the report tests (each used by several test modules), and a loader that
insists the text loads without a problem."""

from __future__ import annotations

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
