"""Write the appropriations that expire in a year to a CSV file that Danish Excel opens.

    python examples/expiring_to_csv.py                       # 2016, ledger/ -> udloeb-2016.csv
    python examples/expiring_to_csv.py 2015 ledger/ -o udloeb.csv --phase all

The file uses ``;`` between fields, a decimal comma and a UTF-8 byte order mark, so that Excel
with Danish settings reads the amounts as numbers and the æ, ø, å correctly.
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
    """Write the CSV and say what was written; 1 if the ledgers have errors."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("year", nargs="?", type=int, default=2016, help="default: 2016")
    parser.add_argument("paths", nargs="*", help="ledgers (default: the repository's ledger/)")
    parser.add_argument("-o", "--output", help="the CSV file (default: udloeb-YEAR.csv)")
    parser.add_argument("--phase", choices=["approved", "proposed", "all"], default="approved")
    args = parser.parse_args(argv)

    ledgers = bevilling.load(args.paths or [ROOT / "ledger"])
    try:  # a query refuses ledgers whose figures would be wrong (load errors, duplicates, ...)
        result = bevilling.expiring(ledgers, args.year, filter=bevilling.Filter(phase=args.phase))
    except LedgerErrorsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    text = bevilling.render_expiring(result, "csv", csv_dialect="excel", include_open=False)
    output = Path(args.output or f"udloeb-{args.year}.csv")
    output.write_text(text, encoding="utf-8", newline="")
    total = format_amount(result.total, "da", places=result.places)
    unit = unit_abbreviation(result.unit.value, "da")
    print(f"{output}: {count_phrase(len(result.rows), 'da')}, {total} {unit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
