"""Generate a realistic synthetic ledger in format v1: ``python bench/generate.py N OUT``.

The ledger has N appropriations, all three categories, Danish text, sources and target groups
drawn from the real ledgers, multi-year profiles, open and declining expiries, and stated
totals (per table and grand total) that hold, so ``bevilling check`` has real work to do and
finds no errors.  Two layouts (``--style``):

* ``plain`` (the default): the layout bevilling's own writer and ``import`` produce: tables of
  100 rows, every text double-quoted on one line, profiles in block style on every fourth row,
  every amount unique (so no warnings at all).
* ``hand``: what people write by hand, after the shipped ledgers and the docs' examples:
  folded descriptions (``description: >-`` and the text on the next lines) on most rows, some
  literal (``|-``) and some on one line; flow-style profiles (``profile: {2016: 1000, 2017:
  0}``) and a few in block style; comments above and between rows and after values; titles
  quoted because they contain ``: `` or `` #`` (double-quoted, some with ``\\"`` escapes, and
  single-quoted); other text unquoted; blank lines between tables of varying size; one
  table in eight (the 3rd, 11th, ...) a budget note with a profile on every row and
  ``stated_years`` in flow style;
  about 10 % of the rows with round amounts and expiries shared with many others
  (``amount: 500``, ``expires: 2016``) and a description that names the amount ("Der afsættes
  0,5 mio. kr. ..."); and one row in 1 000 is the same money listed again in a later table
  (a ``possible-duplicate`` warning), every other of those accepted under ``accepted:`` with
  a reason.  So ``check`` finds no errors and about one warning per 2 000 rows.

``--vary K`` changes K rows spread over the file (the amount of each, the title of every third
one: the 1st, 4th, 7th, ...; with K >= 4 the 2nd of them is removed instead, and one row is
added at the end), totals kept true, everything else as in the reference file: two files that
differ in exactly those rows (K >= 4: K - 1 changed, 1 removed, 1 added), for ``bevilling
diff``.  ``--format tsv`` writes instead one table
of N rows as tab-separated text as copied out of a Word budget paper (Danish notation, a
total line), for ``bevilling import``.

OUT is a file path (``bench/data/ledger-100000.yaml``); its directory is created.  The output
is deterministic for given arguments (a fixed random seed), so runs can be compared.

Over 500 lines on purpose: one self-contained script (run by path, imported by bench/run.py
and copied to other machines alone), whose layouts share one vocabulary and one seed.
"""

from __future__ import annotations

import argparse
import random
import sys
import textwrap
from dataclasses import dataclass, field
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
STYLES = ("plain", "hand")

# --- hand style -----------------------------------------------------------------------------

#: Round amounts (1000 DKK) and expiries, and how often people write them: a few buckets of
#: (amount, expiry) that many rows share, (500, 2016) the largest (about 1.5 % of all rows).
ROUND_AMOUNTS = [100, 200, 250, 500, 1000, 1500, 2000, 5000]
ROUND_WEIGHTS = [3, 4, 3, 12, 8, 2, 3, 1]
ROUND_EXPIRIES = ["2015", "2016", "2017", "2018", "2019", "2020"]
ROUND_EXPIRY_WEIGHTS = [2, 8, 4, 2, 1, 1]
#: The share of rows with a round amount, and of those the share with a profile.
ROUND_SHARE = 0.12
ROUND_PROFILE_SHARE = 0.15
#: One row in this many is the same money listed again in a later table.
DUPLICATE_EVERY = 1000
COMMENTS = [
    "Fodnote {k}: beløbet er overført fra {year}.",
    "Rækken står to gange i kilden; her kun én gang.",
    "Målgruppen er udfyldt efter teksten, ikke tabellen.",
    "Beløbet er rettet efter budgetnotatets tekst (se side {k}).",
    "Kilden skriver 'mio. kr.', tabellen 'i tusinder': beløbet står som i tabellen.",
]
TRAILING_COMMENTS = ["# som trykt", "# afrundet i kilden", "# jf. fodnote {k}", "# (uændret)"]
CONSONANTS = "bdfghjklmnprstv"
VOWELS = "aeiouy"


def quote(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def squote(text: str) -> str:
    """A single-quoted YAML scalar."""
    return "'" + text.replace("'", "''") + "'"


def project_name(k: int) -> str:
    """A made-up project name, different for every ``k`` below 729 000 ("Bakidu").

    Rows with shared round amounts get these as titles, so that they share no title word with
    one another (``possible-duplicate`` compares title words) unless planted as a duplicate.
    """
    syllables = [CONSONANTS[i % 15] + VOWELS[i // 15] for i in range(90)]
    return (syllables[k // 8100 % 90] + syllables[k // 90 % 90] + syllables[k % 90]).capitalize()


def danish(amount: Decimal) -> str:
    """``amount`` in Danish notation, as a budget paper prints it (``1.019``, ``0,5``)."""
    return f"{amount:,f}".replace(",", "X").replace(".", ",").replace("X", ".")


def mio(amount: Decimal) -> str:
    """``amount`` in 1000 DKK as the million kroner a description names (``0,5``)."""
    return danish((amount / 1000).normalize())


def spread(n: int, k: int) -> list[int]:
    """``k`` row numbers (1-based) spread evenly over ``n`` rows."""
    if n < 1 or k < 1:
        return []
    return sorted({max(1, min(n, round((i + 0.5) * n / k))) for i in range(k)})


def generate(n: int, seed: int = 2015, style: str = "plain", vary: int = 0) -> str:
    """The text of a ledger with ``n`` appropriations in the layout ``style``.

    ``vary`` changes that many rows (see the module docstring); 0 gives the reference file.
    """
    if style == "plain":
        return _generate_plain(n, seed, vary)
    if style == "hand":
        return _generate_hand(n, seed, vary)
    raise ValueError(f"unknown style {style!r}: one of {', '.join(STYLES)}")


def _generate_plain(n: int, seed: int, vary: int) -> str:
    """The plain layout (byte for byte what this script wrote before ``--style`` existed)."""
    rng = random.Random(seed)
    varied = spread(n, vary)
    changed = {row: place for place, row in enumerate(varied)}  # row -> its place among them
    removed = varied[1] if len(varied) >= 4 else None
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
            bump = 1 if row in changed else 0
            if bump and changed[row] % 3 == 0:
                title += " (revideret)"
            row_lines = [
                f"      - id: R{row:06d}",
                f"        target_group: {quote(rng.choice(TARGET_GROUPS))}",
                f"        organisation: {quote(rng.choice(ORGANISATIONS))}",
                f"        description: {quote(description)}",
                f"        title: {quote(title)}",
                f"        source: {quote(rng.choice(SOURCES))}",
            ]
            if row % 4 == 0:
                start = rng.randint(2015, 2018)
                profile = {start + k: Decimal(row * 10 + k + bump * (k == 0)) for k in range(3)}
                profile[start + 3] = Decimal(0)
                row_lines.append("        profile:")
                row_lines += [f"          {y}: {a}" for y, a in profile.items()]
                amount = sum(profile.values(), Decimal(0))
            else:
                # Unique amounts: identical amount and expiry would be flagged as possible
                # duplicates, and the benchmark measures a ledger that checks clean.
                amount = Decimal(row * 10 + rng.randint(1, 9) + bump)
                expiry = rng.choices(
                    [str(rng.randint(2015, 2020)), "open", "Faldende profil"], [90, 6, 4]
                )[0]
                row_lines += [f"        amount: {amount}", f"        expires: {quote(expiry)}"]
            if row != removed:
                table_lines += row_lines
                total += amount
        if vary >= 4 and row == n:  # one row added at the end of the last table
            amount = Decimal(n * 10 + 10)
            table_lines += [
                f"      - id: R{n + 1:06d}",
                f"        title: {quote('Tilføjet bevilling')}",
                f"        amount: {amount}",
                f"        expires: {quote('2017')}",
            ]
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


@dataclass
class _Row:
    """One appropriation of the hand layout, before it is written."""

    id: str
    title: str
    title_yaml: str
    description: str
    target_group: str
    organisation: str
    source: str
    amount: Decimal | None = None
    expires: str | None = None
    profile: dict[int, Decimal] = field(default_factory=dict)
    shared: bool = False  # a round amount and expiry that many rows share
    duplicate_of: str | None = None
    removed: bool = False  # removed by --vary: drawn as in the reference file, not written

    def total(self) -> Decimal:
        return self.amount if self.amount is not None else sum(self.profile.values(), Decimal(0))


@dataclass
class _Table:
    """One table of the hand layout: a budget note has a profile on every row."""

    number: int
    note: bool
    rows: list[_Row] = field(default_factory=list)


def _hand_title(rng: random.Random, words: list[str], row: int) -> tuple[str, str]:
    """A title from ``words`` as typed by hand: (text, YAML).  Some need quotes."""
    base = " ".join(words[:2]).capitalize()
    pick = rng.random()
    if pick < 0.12:
        text = f"{words[0].capitalize()}: {words[1]} og {words[2]}"
        return text, quote(text)
    if pick < 0.17:
        text = f"{base} #{row % 9 + 1}"
        return text, quote(text)
    if pick < 0.20:
        text = f'Projekt "{words[2].capitalize()}": {words[3]}'
        return text, quote(text)  # escapes: \"
    if pick < 0.25:
        text = f"{base} (fase {row % 3 + 1}): {words[2]} #{row % 5 + 1}"
        return text, squote(text)
    if pick < 0.27:
        text = f"Borgernes 'egen' plan: {words[2]}"
        return text, squote(text)  # escapes: ''
    return base, base


def _shared_row(rng: random.Random, row: int, base: _Row, note: bool) -> _Row:
    """A row with a round amount and expiry that many rows share, and a made-up project name
    as its title; its description names the amount, as budget papers do."""
    name = project_name(row)
    base.title = base.title_yaml = name
    base.shared = True
    amount = Decimal(rng.choices(ROUND_AMOUNTS, ROUND_WEIGHTS)[0])
    group = base.target_group.lower()
    if note or rng.random() < ROUND_PROFILE_SHARE:  # the same amount each year
        start = rng.randint(2015, 2018)
        years = rng.randint(1, 3)
        base.profile = {start + k: amount for k in range(years)}
        base.profile[start + years] = Decimal(0)
        span = f"{start}" if years == 1 else f"{start}-{start + years - 1}"
        base.description = (
            f"Der afsættes {mio(amount)} mio. kr. årligt i {span} til {name} for {group};"
            f" bevilling nr. {row}."
        )
    else:
        base.amount = amount
        base.expires = rng.choices(ROUND_EXPIRIES, ROUND_EXPIRY_WEIGHTS)[0]
        base.description = (
            f"Der afsættes {mio(amount)} mio. kr. til {name} for {group}; bevilling nr. {row}."
        )
    return base


def _hand_tables(rng: random.Random, n: int) -> list[_Table]:
    """The tables of the hand layout, with their rows, in order."""
    tables: list[_Table] = []
    shared: list[tuple[int, _Row]] = []  # (table number, row): originals for a planted copy
    due = 0  # planted copies owed (one per DUPLICATE_EVERY rows), placed in an ordinary table
    table = _Table(0, note=False)
    left = 0
    for row in range(1, n + 1):
        if left == 0:
            table = _Table(len(tables) + 1, note=(len(tables) + 1) % 8 == 3)
            tables.append(table)
            left = rng.randint(20, 180)
        left -= 1
        words = rng.sample(WORDS, 4)
        new = _Row(f"R{row:06d}", "", "", "", rng.choice(TARGET_GROUPS),
                   rng.choice(ORGANISATIONS), rng.choice(SOURCES))  # fmt: skip
        kind = rng.random()
        if row % DUPLICATE_EVERY == DUPLICATE_EVERY // 2:
            due += 1
        earlier = [r for t, r in shared[-50:] if t < table.number] if due and not table.note else []
        if earlier:
            # The same money listed again in a later table (a copy of a shared row).
            other = earlier[0]
            new.title, new.title_yaml, new.description = other.title, other.title, other.description
            new.amount, new.expires, new.profile = other.amount, other.expires, dict(other.profile)
            new.shared, new.duplicate_of = True, other.id
            due -= 1
        elif kind < ROUND_SHARE:
            shared.append((table.number, _shared_row(rng, row, new, table.note)))
        else:
            new.title, new.title_yaml = _hand_title(rng, words, row)
            new.description = (
                f"Midlerne skal understøtte {words[2]} og {words[3]} for målgruppen"
                f" {new.target_group.lower()} hos {new.organisation}; bevilling nr. {row}."
            )
            if table.note or kind < 0.35:
                start = rng.randint(2015, 2018)
                years = rng.randint(2, 4)
                # Even figures; odd ones for rows without a profile: a row's total cannot
                # equal another's by accident (that would be a possible duplicate).
                new.profile = {start + k: Decimal(row * 10 + 2 * k + 2) for k in range(years)}
                if rng.random() < 0.5:
                    new.profile[start + years] = Decimal(0)
                if rng.random() < 0.3:  # the printed "I alt" as well
                    new.amount = new.total()
            else:
                new.amount = Decimal(row * 20 + 2 * rng.randint(0, 8) + 1)
                new.expires = rng.choices(
                    [str(rng.randint(2015, 2020)), "open", "declining", "Udløb ikke fastsat",
                     "Faldende profil"],
                    [88, 4, 2, 4, 2],
                )[0]  # fmt: skip
        table.rows.append(new)
    return tables


def _vary(tables: list[_Table], n: int, k: int) -> None:
    """Change ``k`` rows spread over the tables (not the shared ones, whose descriptions name
    their amounts and whose copies are accepted by id), remove one, add one at the end.

    The removed row is marked, not dropped: :func:`_generate_hand` still draws its layout
    (comments, quoting, which rows omit a target group or a description depend on the row's
    number and on the random choices made before it) and leaves it out of the text, so that
    every later row is written exactly as in the reference file."""
    ordinary = [r for t in tables for r in t.rows if not r.shared]
    changed = [ordinary[i - 1] for i in spread(len(ordinary), k)]
    for number, r in enumerate(changed):
        if r.profile:
            r.profile[min(r.profile)] += 2
        if r.amount is not None:
            r.amount += 2
        if number % 3 == 0:
            r.title += " (revideret)"
            r.title_yaml = quote(r.title)
    if len(changed) >= 4:
        changed[1].removed = True
        tables[-1].rows.append(
            _Row(
                id=f"R{n + 1:06d}",
                title="Tilføjet bevilling",
                title_yaml="Tilføjet bevilling",
                description="Tilføjet efter første udgave af registret.",
                target_group="Alle",
                organisation="JKI",
                source="BIU-beslutning",
                amount=Decimal(n * 10 + 15),
                expires="2017",
            )
        )


def _hand_row_lines(rng: random.Random, r: _Row, number: int) -> list[str]:
    """The lines of one row in the hand layout."""
    lines: list[str] = []
    if number % 7 == 3:
        comment = rng.choice(COMMENTS).format(k=number % 40 + 1, year=2014 + number % 3)
        lines.append(f"      # {comment}")
    lines += [f"      - id: {r.id}", f"        title: {r.title_yaml}"]
    if number % 11:
        lines.append(f"        target_group: {r.target_group}")
    lines.append(f"        organisation: {r.organisation}")
    pick = rng.random()
    if pick < 0.80:  # folded: wrapped as an editor wraps it, or all on the next line
        wrapped = textwrap.wrap(r.description, 86 if pick < 0.6 else 200)
        lines.append("        description: >-")
        lines += [f"          {line}" for line in wrapped]
    elif pick < 0.83:  # literal: the line breaks are kept in the text
        lines.append("        description: |-")
        lines += [f"          {line}" for line in textwrap.wrap(r.description, 60)]
    elif pick < 0.93:
        lines.append(f"        description: {quote(r.description)}")
    # else: no description (a row that only has the table's columns)
    lines.append(f"        source: {r.source}")
    if r.profile:
        if rng.random() < 0.8:
            flow = ", ".join(f"{y}: {a}" for y, a in r.profile.items())
            lines.append(f"        profile: {{{flow}}}")
        else:
            lines.append("        profile:")
            lines += [f"          {y}: {a}" for y, a in r.profile.items()]
    if r.amount is not None:
        trailing = ""
        if number % 29 == 5:
            trailing = "   " + rng.choice(TRAILING_COMMENTS).format(k=number % 9 + 1)
        lines.append(f"        amount: {r.amount}{trailing}")
    if r.expires is not None:
        lines.append(f"        expires: {r.expires}")
    return lines


def _generate_hand(n: int, seed: int, vary: int) -> str:
    """The hand-written layout (see the module docstring)."""
    rng = random.Random(seed)
    tables = _hand_tables(rng, n)
    if vary:
        _vary(tables, n, vary)
    body: list[str] = []
    grand = Decimal(0)
    accepted: list[str] = []
    planted = 0
    number = 0
    for table in tables:
        category = CATEGORIES[table.number % 3]
        kept = [r for r in table.rows if not r.removed]
        total = sum((r.total() for r in kept), Decimal(0))
        grand += total
        first, last = kept[0].id, kept[-1].id
        body += ["", f"  # Tabel {table.number} ({category}): {first}-{last}."]
        body.append(f"  - name: {quote(f'Tabel {table.number}: Oversigt over {category}')}")
        body.append(f"    category: {category}")
        if table.note:
            years: dict[int, Decimal] = {}
            for r in kept:
                for year, amount in r.profile.items():
                    years[year] = years.get(year, Decimal(0)) + amount
            flow = ", ".join(f"{y}: {years[y]}" for y in sorted(years))
            body.append(f"    stated_years: {{{flow}}}")
        body.append(f"    stated_total: {total}")
        body.append("    appropriations:")
        for r in table.rows:
            number += 1
            lines = _hand_row_lines(rng, r, number)  # drawn for a removed row too
            if r.removed:
                continue
            body += lines
            if r.duplicate_of:
                planted += 1
                if planted % 2:
                    accepted += [
                        "  - code: possible-duplicate",
                        f"    appropriation: {r.id}",
                        "    reason: >-",
                        f"      {r.id} og {r.duplicate_of} er to bevillinger med samme beløb",
                        "      og udløb; begge står i kilden.",
                    ]
    head = [
        "format: bevilling/1",
        "# Syntetisk register i den form, folk skriver i hånden: foldede beskrivelser,",
        "# profiler i flow-stil, kommentarer, citerede titler.  Genereret af bench/generate.py.",
        f'title: "Syntetisk bevillingsregister: {n} bevillinger (#håndskrevet)"',
        "document: Genereret af bench/generate.py --style hand",
        "unit: 1000 DKK",
        "price_level: 2016",
        f"stated_total: {grand}",
        "tables:",
    ]
    tail = ["", "accepted:", *accepted] if accepted else []
    return "\n".join(head + body + tail) + "\n"


# --- tsv ------------------------------------------------------------------------------------


def generate_tsv(n: int, seed: int = 2015) -> str:
    """One table of ``n`` rows as tab-separated text, as copied out of a Word budget paper:
    the columns of ``udsatte-2015`` Tabel 9, Danish notation, a total line."""
    rng = random.Random(seed)
    lines = ["Målgruppe\tOrg.\tBeskrivelse\tFormål/overskrift\tKilde\tBeløb i tusinder\tUdløb"]
    total = Decimal(0)
    for row in range(1, n + 1):
        words = rng.sample(WORDS, 4)
        amount = Decimal(row * 10 + rng.randint(1, 9))
        total += amount
        expiry = rng.choices(
            [str(rng.randint(2015, 2020)), "Udløb ikke fastsat", "Faldende profil"], [90, 6, 4]
        )[0]
        cells = [
            rng.choice(TARGET_GROUPS),
            rng.choice(ORGANISATIONS),
            f"Midlerne skal understøtte {words[2]} og {words[3]}; bevilling nr. {row}.",
            " ".join(words[:2]).capitalize(),
            rng.choice(SOURCES),
            danish(amount),
            expiry,
        ]
        lines.append("\t".join(cells))
    lines.append(f"I alt i tusinder\t\t\t\t\t{danish(total)}\t")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of appropriations")
    parser.add_argument("out", type=Path, help="the ledger file to write")
    parser.add_argument("--seed", type=int, default=2015)
    parser.add_argument(
        "--style", choices=STYLES, default="plain", help="the layout (default: plain)"
    )
    parser.add_argument(
        "--vary", type=int, default=0, metavar="K", help="change K rows (a file to diff against)"
    )
    parser.add_argument(
        "--format",
        choices=("yaml", "tsv"),
        default="yaml",
        help="yaml: a ledger (default); tsv: one table to import (--style is ignored)",
    )
    args = parser.parse_args(argv)
    if args.n < 0 or args.vary < 0:
        parser.error("N and K must not be negative")
    if args.format == "tsv":
        text = generate_tsv(args.n, args.seed)
    else:
        text = generate(args.n, args.seed, args.style, args.vary)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    what = "rows" if args.format == "tsv" else "appropriations"
    print(f"wrote {args.n} {what} to {args.out} ({args.out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
