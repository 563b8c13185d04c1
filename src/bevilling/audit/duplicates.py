"""Checks for the same money listed twice: a row written twice in one table, and rows that
look alike (same amount and expiry, shared title words) across tables and ledgers.

Both are linear in the number of rows: rows are grouped by what they must share (a row's
content; an amount in kroner and an expiry), and a group gives one finding that lists its
rows, however many there are (20 000 rows of ``amount: 500, expires: 2016`` are one finding,
not 200 million).
"""

from __future__ import annotations

import collections
import functools
import itertools
import operator
from collections.abc import Hashable, Iterator
from decimal import Decimal

from bevilling.audit.rows import Row, rows_of
from bevilling.audit.support import Figures, expiry_phrase, row_name
from bevilling.core.lazy import LazyPattern
from bevilling.core.model import Appropriation, Ledger, LedgerSet, Table
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = ["rows_are_not_repeated", "same_money_listed_once", "tables_are_not_repeated"]

#: A finding names at most this many other rows of its group, then says how many more.
MAX_NAMED = 5

_amount = operator.attrgetter("amount")
_description = operator.attrgetter("description")

_STOPWORDS = frozenset(
    ("af", "aftale", "alle", "at", "de", "den", "der", "det", "du", "efter", "en", "et", "for",
     "fra", "før", "gennem", "hos", "i", "ifm", "ind", "med", "mm", "mv", "og", "om", "op",
     "over", "på", "samt", "som", "til", "ud", "under", "ved", "vedr")
)  # fmt: skip


#: A word: letters (and the numerals that are not digits), no digits, no underscore.
_WORD = LazyPattern(r"[^\W\d_]+")


@functools.lru_cache(maxsize=65536)
def _words(title: str) -> frozenset[str]:
    """The words of a title that say what it is about (titles repeat: computed once each)."""
    return frozenset(
        w for w in _WORD.findall(title.casefold()) if w not in _STOPWORDS and len(w) > 1
    )


def _title_key(title: str) -> str:
    return " ".join(title.casefold().split())


def _content(a: Appropriation) -> tuple[Hashable, ...]:
    """Everything a row says but its id and place: two rows of one table with the same
    content are one row written twice."""
    return (_title_key(a.title), a.amount, a.expiry.kind, a.expiry.year, a.profile,
            a.target_group, a.organisation, a.description, a.source, a.committee,
            a.appropriation_no, a.function)  # fmt: skip


def _and_more(places: list[str], more: int) -> str:
    """``A, B and C``, or ``A, B and 3 more rows`` (in the current locale)."""
    if more:
        return _n(
            "{rows} and {count} more row",
            "{rows} and {count} more rows",
            more,
            rows=", ".join(places),
            count=more,
        )
    if len(places) == 1:
        return places[0]
    return _("{rows} and {last}", rows=", ".join(places[:-1]), last=places[-1])


def _alike(rows: tuple[Appropriation, ...]) -> list[Appropriation]:
    """The rows that share their amount and description with another row, in order: only
    they can have the same :func:`_content` (cheap to compare; most rows share neither)."""
    keys = list(zip(map(_amount, rows), map(_description, rows), strict=True))
    counts = collections.Counter(keys)
    if len(counts) == len(rows):
        return []  # the common case, told in C-level passes
    return [a for a, key in zip(rows, keys, strict=True) if counts[key] > 1]


def _table_key(table: Table) -> tuple[Hashable, ...]:
    """Everything a table says but its name, ids and places (two tables of two ledgers with
    the same key are one table written twice; of one ledger, only under the same name)."""
    return (
        table.stated_total,
        table.stated_years,
        tuple(_content(a) for a in table.appropriations),
    )


def rows_are_not_repeated(ledgers: LedgerSet) -> Iterator[Problem]:
    """``duplicate-row``: no row of a table repeats another row of the same table in every
    field but the id (the same row pasted twice doubles its money in every report)."""
    every = rows_of(ledgers)
    if not every.repeated(list(zip(every.amounts, every.column("description"), strict=True))):
        return  # no two rows anywhere share amount and description (the common case)
    figures = Figures(ledgers)
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            groups: dict[tuple[Hashable, ...], list[Appropriation]] = {}
            for a in _alike(table.appropriations):
                groups.setdefault(_content(a), []).append(a)
            for rows in groups.values():
                if len(rows) < 2:
                    continue
                first, copy, *others = rows
                named = [_("{id} at {location}", id=first.id, location=first.location)] + [
                    _("{id} at {location}", id=o.id, location=o.location)
                    for o in others[: MAX_NAMED - 1]
                ]
                more = max(len(others) - (MAX_NAMED - 1), 0)
                values = {
                    "row": row_name(copy),
                    "amount": figures.amount(ledger, copy.amount),
                    "expiry": expiry_phrase(copy.expiry),
                    "others": _and_more(named, more),
                    "table": table.name,
                }
                if len(rows) == 2:
                    message = _(
                        "{row} ({amount}, {expiry}) repeats {others} in every field but the id:"
                        ' the same row is written twice in table "{table}"',
                        **values,
                    )
                else:
                    message = _(
                        "{row} ({amount}, {expiry}) repeats {others} in every field but the id:"
                        ' the same row is written {count} times in table "{table}"',
                        count=len(rows),
                        **values,
                    )
                yield Problem(
                    "duplicate-row",
                    Severity.ERROR,
                    message,
                    Location(copy.location.file, copy.location.line, copy.location.last_line),
                    _(
                        "if the row was pasted twice, remove the copy; if the source really"
                        " prints the row more than once, accept it with `code: duplicate-row`"
                        " and `appropriation: {id}`",
                        id=copy.id,
                    ),
                )


def tables_are_not_repeated(ledgers: LedgerSet) -> Iterator[Problem]:
    """``duplicate-table``: no table repeats another table (same printed totals, same rows in
    every field but the ids): of another ledger whatever the tables are named, of the same
    ledger under the same name.  A copy of a ledger left in the folder (``udsatte-2015 -
    Kopi.yaml``) doubles every figure; with ids, ``duplicate-id`` says so, but rows without
    ids get ids derived from the file name and would pass.  The same printed table imported
    beside its hand transcription is named after the import's file: the name is what a second
    transcription most likely changes.  Within one ledger a source may list the same rows in
    two overviews (``possible-duplicate`` says so)."""
    # Tables by a cheap key (their amounts), then by the full key among those sharing it:
    # the full key reads every field of every row, and most tables share no amounts.
    only: dict[tuple[Decimal, ...], tuple[Ledger, Table]] = {}
    seen: dict[tuple[Decimal, ...], dict[tuple[Hashable, ...], list[tuple[Ledger, Table]]]] = {}
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            if not table.appropriations:
                continue
            amounts = tuple(map(_amount, table.appropriations))
            earlier = only.setdefault(amounts, (ledger, table))
            if earlier[1] is table:
                continue
            keyed = seen.get(amounts)
            if keyed is None:
                keyed = seen[amounts] = {_table_key(earlier[1]): [earlier]}
            alike = keyed.setdefault(_table_key(table), [])
            first = next((t for lg, t in alike if lg is not ledger or _same_name(t, table)), None)
            alike.append((ledger, table))
            if first is None:
                continue
            rows = len(table.appropriations)
            yield Problem(
                "duplicate-table",
                Severity.ERROR,
                _n(
                    'table "{table}" repeats table "{first}" at {location} row for row'
                    " ({count} row, every field but the ids): its money would be counted twice"
                    " in every report",
                    'table "{table}" repeats table "{first}" at {location} row for row'
                    " ({count} rows, every field but the ids): its money would be counted twice"
                    " in every report",
                    rows,
                    table=table.name,
                    first=first.name,
                    location=first.location,
                    count=rows,
                ),
                table.location,
                _(
                    "if this is a copy (a ledger file copied in the folder, a table pasted"
                    " twice), remove it; if the source really prints the table twice, accept it"
                    " with `code: duplicate-table` and `table: {table}`",
                    table=table.name,
                ),
            )


def _same_name(one: Table, other: Table) -> bool:
    return _title_key(one.name) == _title_key(other.name)


class _Group:
    """Rows sharing an amount and an expiry, joined when they share a title word."""

    __slots__ = ("first_with", "parent", "rows")

    def __init__(self) -> None:
        self.rows: list[tuple[Ledger, Table, Appropriation, frozenset[str]]] = []
        self.parent: list[int] = []
        self.first_with: dict[str, int] = {}

    def root(self, index: int) -> int:
        while self.parent[index] != index:
            self.parent[index] = self.parent[self.parent[index]]
            index = self.parent[index]
        return index

    def add(self, ledger: Ledger, table: Table, a: Appropriation, words: frozenset[str]) -> None:
        index = len(self.rows)
        self.rows.append((ledger, table, a, words))
        self.parent.append(index)
        for word in words:
            first = self.first_with.setdefault(word, index)
            if first != index:
                self.parent[self.root(index)] = self.root(first)

    def components(self) -> Iterator[list[int]]:
        by_root: dict[int, list[int]] = {}
        for index in range(len(self.rows)):
            by_root.setdefault(self.root(index), []).append(index)
        for members in by_root.values():
            if len(members) > 1:
                yield members


def same_money_listed_once(ledgers: LedgerSet) -> Iterator[Problem]:
    """``possible-duplicate``: no rows have the same amount and expiry and overlapping title
    words in different tables or ledgers, or the same title in one table (the same money
    listed twice).  One finding per group of rows that look alike, listing them."""
    figures = Figures(ledgers)
    rows = rows_of(ledgers)
    # Rows by (amount in kroner, expiry): only rows sharing both can be duplicates.  The
    # amounts in kroner are made and counted in C-level passes; only the rows whose amount
    # another row has too are walked in Python, into their buckets (an expiry kind by its
    # identity: an enum member is its only instance).  Most rows share their money with none.
    kroner = list(
        itertools.chain.from_iterable(
            map(ledger.unit.factor.__mul__, map(_amount, ledger.appropriations))
            for ledger in rows.ledgers
        )
    )
    counts = collections.Counter(kroner)
    if len(counts) == len(kroner):
        return  # no two rows have the same amount (the common case)
    shared = itertools.compress(
        itertools.count(), map(operator.lt, itertools.repeat(1), map(counts.__getitem__, kroner))
    )
    entries, kinds, years = rows.entries, rows.expiry_kinds, rows.expiry_years
    buckets: dict[tuple[Decimal, int, int | None], list[Row]] = {}
    for index in shared:
        value = kroner[index]
        if value == 0:  # zero rows (empty profile years) are not money listed twice
            continue
        key = (value, id(kinds[index]), years[index])
        bucket = buckets.get(key)
        if bucket is None:
            buckets[key] = [entries[index]]
        else:
            bucket.append(entries[index])
    for bucket in buckets.values():
        if len(bucket) < 2:
            continue
        group = _Group()
        # Two rows of one table with the same content (reported as duplicate-row) count
        # once: only rows sharing their table and description can have the same content.
        places = collections.Counter((id(table), a.description) for _l, table, a in bucket)
        seen: set[tuple[int, tuple[Hashable, ...]]] = set()
        for ledger, table, a in bucket:
            if places[id(table), a.description] > 1:
                content = (id(table), _content(a))
                if content in seen:
                    continue  # a repeated row of its table: reported as duplicate-row
                seen.add(content)
            group.add(ledger, table, a, _words(a.title))
        for members in group.components():
            yield from _finding(figures, [group.rows[i] for i in members])


def _finding(
    figures: Figures, rows: list[tuple[Ledger, Table, Appropriation, frozenset[str]]]
) -> Iterator[Problem]:
    tables = {id(table) for _l, table, _a, _w in rows}
    first_table = rows[0][1]
    if len(tables) > 1:  # at the first row of another table than the first row's
        at = next(i for i, row in enumerate(rows) if row[1] is not first_table)
    else:  # one table: at the first row whose title an earlier row has
        seen: set[str] = set()
        at = -1
        for i, (_l, _t, row, _w) in enumerate(rows):
            key = _title_key(row.title)
            if key in seen:
                at = i
                break
            seen.add(key)
        if at < 0:
            return  # rows of one table with different titles: different money
    ledger, _table, a, _words_of_a = rows[at]
    others = rows[:at] + rows[at + 1 :]
    counts: dict[str, int] = {}
    for _l, _t, _r, words in rows:
        for word in words:
            counts[word] = counts.get(word, 0) + 1
    shared = sorted(word for word, count in counts.items() if count > 1)
    named = [
        _(
            "{row} at {location} ({table})",
            row=row_name(other),
            location=other.location,
            table=other_table.name,
        )
        if other_ledger is ledger
        else _(
            "{row} at {location} ({table}, {ledger})",
            row=row_name(other),
            location=other.location,
            table=other_table.name,
            ledger=other_ledger.title,
        )
        for other_ledger, other_table, other, _w in others[:MAX_NAMED]
    ]
    more = max(len(others) - MAX_NAMED, 0)
    yield Problem(
        "possible-duplicate",
        Severity.WARNING,
        _(
            "{row} ({amount}, {expiry}) may be the same money as {others}: same amount and"
            " expiry, shared title words {words}",
            row=row_name(a),
            amount=figures.amount(ledger, a.amount),
            expiry=expiry_phrase(a.expiry),
            others=_and_more(named, more),
            words=", ".join(shared),
        ),
        Location(a.location.file, a.location.line, a.location.last_line),
        _(
            "if the source lists the same money twice, count it once (remove one row, with a"
            " comment); if they are different money, accept it with `code: possible-duplicate`"
            " and `appropriation: {id}`",
            id=a.id,
        ),
    )
