"""Merge two ledgers and compare their totals per category, in one unit.

    python examples/merge_and_compare.py    # ledger/udsatte-2015.yaml vs the Indsatsbudget 2015
    python examples/merge_and_compare.py A.yaml B.yaml --by target-group --locale en
    python examples/merge_and_compare.py ledger/bi2-saerlig-indsats-udsatte.yaml \
        ledger/biie-vision-2020-flere-i-fleksjob.yaml --price-level 2017 \
        --price-index examples/prisindeks-opdigtet.yaml

The two ledgers may be written in different units (1.000 kr. and mio. kr.): every amount is
converted exactly to the smaller one before anything is added.  Ledgers at different price
levels (2016 p/l and 2017 p/l) are not added as they are: give --price-level and a price
index file (the example index holds invented figures), or the comparison is refused.
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from pathlib import Path

import bevilling
from bevilling.i18n.formatting import amount_header, format_amount, label
from bevilling.reports import LedgerErrorsError, MixedPriceLevelsError

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = [
    ROOT / "ledger" / "udsatte-2015.yaml",
    ROOT / "examples/ledgers/indsatsbudget-2015.yaml",
]


def main(argv: list[str] | None = None) -> int:
    """Print the comparison table; 1 if a ledger has errors."""
    from tabulate import tabulate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("first", nargs="?", default=str(DEFAULTS[0]))
    parser.add_argument("second", nargs="?", default=str(DEFAULTS[1]))
    parser.add_argument("--by", default="category", help="category, target-group, source, ...")
    parser.add_argument("--locale", default="da", choices=["da", "en"])
    parser.add_argument("--price-level", type=int, help="convert to this price level (p/l)")
    parser.add_argument("--price-index", help="the price index file (format: bevilling-index/1)")
    args = parser.parse_args(argv)
    bevilling.set_locale(args.locale)  # messages (a refusal) in the language of the table

    index = bevilling.load(args.price_index).price_index if args.price_index else None
    merged = bevilling.load([args.first, args.second])
    everything = bevilling.Filter(phase="all")
    prices = {"price_level": args.price_level, "price_index": index}
    try:  # a query refuses ledgers whose figures would be wrong (load errors, duplicates, ...)
        combined = bevilling.totals(merged, args.by, filter=everything, **prices)
    except LedgerErrorsError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except MixedPriceLevelsError as error:  # 2016 and 2017 kroner are not added as they are
        print(error, file=sys.stderr)
        return 1
    if len(merged.ledgers) != 2:
        print("merge_and_compare: angiv to forskellige bevillingsfiler", file=sys.stderr)
        return 1
    unit, places = combined.unit, combined.places
    per_ledger = [
        bevilling.totals(
            [entry for entry in merged.entries() if entry.ledger is ledger],
            args.by,
            filter=everything,
            unit=unit,
            **prices,
        )
        for ledger in merged.ledgers
    ]
    amounts = [{g.key: g.amount for g in result.groups} for result in per_ledger]

    def money(value: Decimal) -> str:
        return format_amount(value, args.locale, places=places)

    rows = []
    for group in combined.groups:
        first, second = (found.get(group.key, Decimal(0)) for found in amounts)
        if group.key is None:
            name = label("none", args.locale)
        elif args.by == "phase":  # approved/proposed: the report's word for the phase
            name = label(str(group.key), args.locale)
        else:
            name = str(group.key)
        rows.append([name, money(first), money(second), money(second - first), money(group.amount)])
    first_total, second_total = per_ledger[0].total, per_ledger[1].total
    rows.append([label("total", args.locale), money(first_total), money(second_total),
                 money(second_total - first_total), money(combined.total)])  # fmt: skip
    a, b = (Path(ledger.file).name for ledger in merged.ledgers)
    header = amount_header(unit.value, args.locale)
    print(header if args.price_level is None else f"{header}, {args.price_level} p/l")
    difference = "forskel" if args.locale == "da" else "difference"
    by = label(f"by_{args.by}", args.locale)  # "kategori", "målgruppe", ...
    headers = [by[:1].upper() + by[1:], a, b, difference, label("total", args.locale)]
    align = ("left", "right", "right", "right", "right")
    print(tabulate(rows, headers=headers, colalign=align, disable_numparse=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
