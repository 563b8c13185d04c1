"""Print a memo paragraph per target group: what expires in a year, in Danish.

    python examples/memo_by_target_group.py              # 2016, ledger/
    python examples/memo_by_target_group.py 2015 ledger/

Each line reads like "Aktivitetsparate: 2 bevillinger, 3.019 t.kr. udløber i 2016", ready to
paste into a memo (notat).  Amounts are formatted by bevilling.i18n.formatting, in Danish.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import bevilling
from bevilling.i18n.formatting import count_phrase, format_amount, unit_abbreviation
from bevilling.reports import LedgerErrorsError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    """Print one paragraph per target group; 1 if the ledgers have errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year", nargs="?", type=int, default=2016, help="default: 2016")
    parser.add_argument("paths", nargs="*", help="ledgers (default: the repository's ledger/)")
    args = parser.parse_args(argv)

    ledgers = bevilling.load(args.paths or [ROOT / "ledger"])
    try:  # a query refuses ledgers whose figures would be wrong (load errors, duplicates, ...)
        everything = bevilling.expiring(ledgers, args.year)
    except LedgerErrorsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    unit = unit_abbreviation(everything.unit.value, "da")
    groups = bevilling.totals(
        [row.entry for row in everything.rows], bevilling.Dimension.TARGET_GROUP
    )
    print(f"Bevillinger der udløber i {args.year}, fordelt på målgrupper:")
    print()
    for group in groups.groups:
        name = group.key if group.key is not None else "Uden målgruppe"
        amount = format_amount(group.amount, "da", places=groups.places)
        print(f"{name}: {count_phrase(group.count, 'da')}, {amount} {unit} udløber i {args.year}.")
    total = format_amount(everything.total, "da", places=everything.places)
    print()
    print(f"I alt: {count_phrase(len(everything.rows), 'da')}, {total} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
