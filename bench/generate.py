"""Generate a realistic synthetic ledger in format v1: ``python bench/generate.py N OUT``.

The ledger has N appropriations in tables of up to 100 rows, all three categories, Danish
text, sources and target groups drawn from the real ledgers, a multi-year profile on every
fourth row, open and declining expiries, and stated totals (per table, per year and grand
total) that hold, so ``bevilling check`` has real work to do and finds no errors.

OUT is a file path (``bench/data/ledger-100000.yaml``); its directory is created.  The output
is deterministic for a given N (a fixed random seed), so runs can be compared.
"""

from __future__ import annotations

import argparse
import random
import sys
from decimal import Decimal
from pathlib import Path

CATEGORIES = ["driftsmidler", "indsatsmidler", "særindsatser"]
TARGET_GROUPS = [
    "Aktivitetsparate", "Fleksjob-visiterede", "Revalidender", "Ressourceforløb", "Alle",
    "Flere", "Borgere med varig funktionsnedsættelse", "Borgere med svær psykisk sygdom",
]  # fmt: skip
ORGANISATIONS = ["JKI", "JKA", "KEH", "CAB", "AMC", "2. kontor", "Forskellige", "BIF"]
SOURCES = [
    "Budgetaftale 2012", "Budgetaftale 2014", "Budgetaftale 2015", "Intern bevilling",
    "Beskæftigelses-aftale 2013", "Overførselssag 2014-15", "Særindsatser 2015", "BIU-beslutning",
]  # fmt: skip
WORDS = [
    "fremskudt", "beskæftigelsesindsats", "rådgivning", "socioøkonomiske", "virksomheder",
    "håndholdt", "indsats", "mentor", "rehabiliteringsteam", "mikrolån", "sundhedsguider",
    "lokal", "forankring", "udredning", "psykiske", "lidelser", "sagsbehandling", "kvalitet",
    "fleksjob", "ressourceforløb", "opsøgende", "praksis", "koordinerende", "ventetid",
]  # fmt: skip
ROWS_PER_TABLE = 100


def quote(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(n: int, seed: int = 2015) -> str:
    """The text of a ledger with ``n`` appropriations."""
    rng = random.Random(seed)
    lines = [
        "format: bevilling/1",
        f'title: "Syntetisk bevillingsregister, {n} bevillinger"',
        'document: "Genereret af bench/generate.py"',
        "unit: 1000 DKK",
        "price_level: 2016",
    ]
    body: list[str] = []
    grand = Decimal(0)
    row = 0
    table_no = 0
    while row < n:
        table_no += 1
        size = min(ROWS_PER_TABLE, n - row)
        category = CATEGORIES[table_no % 3]
        table_lines: list[str] = []
        total = Decimal(0)
        for _ in range(size):
            row += 1
            words = rng.sample(WORDS, 4)
            title = " ".join(words[:2]).capitalize()
            description = (
                f"Midlerne skal understøtte {words[2]} og {words[3]} for målgruppen;"
                f" bevilling nr. {row}."
            )
            table_lines += [
                f"      - id: R{row:06d}",
                f"        target_group: {quote(rng.choice(TARGET_GROUPS))}",
                f"        organisation: {quote(rng.choice(ORGANISATIONS))}",
                f"        description: {quote(description)}",
                f"        title: {quote(title)}",
                f"        source: {quote(rng.choice(SOURCES))}",
            ]
            if row % 4 == 0:
                start = rng.randint(2015, 2018)
                profile = {start + k: Decimal(row * 10 + k) for k in range(3)}
                profile[start + 3] = Decimal(0)
                table_lines.append("        profile:")
                table_lines += [f"          {y}: {a}" for y, a in profile.items()]
                total += sum(profile.values(), Decimal(0))
            else:
                # Unique amounts: identical amount and expiry would be flagged as possible
                # duplicates, and the benchmark measures a ledger that checks clean.
                amount = Decimal(row * 10 + rng.randint(1, 9))
                expiry = rng.choices(
                    [str(rng.randint(2015, 2020)), "open", "Faldende profil"], [90, 6, 4]
                )[0]
                table_lines += [f"        amount: {amount}", f"        expires: {quote(expiry)}"]
                total += amount
        grand += total
        body += [
            f"  - name: {quote(f'Tabel {table_no}: Oversigt over {category}')}",
            f"    category: {category}",
            f"    stated_total: {total}",
        ]
        body.append("    appropriations:")
        body += table_lines
    lines.append(f"stated_total: {grand}")
    lines.append("tables:")
    return "\n".join(lines + body) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of appropriations")
    parser.add_argument("out", type=Path, help="the ledger file to write")
    parser.add_argument("--seed", type=int, default=2015)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(generate(args.n, args.seed), encoding="utf-8")
    print(f"wrote {args.n} appropriations to {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
