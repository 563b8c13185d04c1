"""Model → ledger YAML text in format v1: the one writer of ledger files.

:func:`dump` writes a :class:`~bevilling.core.model.Ledger` so that
``load_string(dump(ledger), ledger.file)`` gives back an equal ledger (apart from the lines
things are written on).  Every text is double-quoted with :func:`quote`, so no value is ever
re-typed by YAML (``"18.10"``, ``"NO"``, ``"Tabel 9: …"``); amounts are written from the
``Decimal`` in the ledger's notation (``5190`` or ``'5.190'``), never through a float; keys come
in the order of ``docs/ledger-format.md``, with ``format: bevilling/1`` first.

Two things are deliberately not written, because the loader derives them to the same value:
an appropriation's ``id`` when it is the derived ``<file stem>:<table>.<row>`` of the ledger's
own file, and ``expires`` when a profile is given and its last funded year is the expiry.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, cast

import attrs

from bevilling.core.lazy import LazyPattern
from bevilling.core.model import (
    Acceptance,
    Appropriation,
    ExpiryKind,
    Ledger,
    NumberFormat,
    Profile,
    Table,
)
from bevilling.core.problems import Location
from bevilling.core.text import visible

__all__ = [
    "dump",
    "format_ledger_amount",
    "format_named",
    "format_plain",
    "quote",
    "same_content",
    "without_locations",
]

_AmountWriter = Callable[[Decimal], str]

#: The phrases written for the two expiries that are not a year, as the source prints them.
EXPIRY_PHRASES = {ExpiryKind.OPEN: "Udløb ikke fastsat", ExpiryKind.DECLINING: "Faldende profil"}

#: The optional text fields of an appropriation, in the order they are written.
_TEXT_FIELDS = (
    "target_group", "organisation", "description", "source", "committee", "appropriation_no",
    "function",
)  # fmt: skip

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}


def quote(text: str) -> str:
    """``text`` as a YAML double-quoted scalar that reads back as exactly ``text``.

    Backslash, double quote, line breaks of every kind (also U+0085, U+2028, U+2029, which
    YAML would fold) and every character YAML does not allow in a stream are escaped.

    >>> quote('Tabel 9: "Oversigt"')
    '"Tabel 9: \\\\"Oversigt\\\\""'
    >>> quote("18.10")
    '"18.10"'
    """
    if '"' not in text and "\\" not in text and text.isprintable():
        # Every other character _TO_ESCAPE finds is unprintable: nothing to escape, and the
        # pattern is compiled only for text that may need it (start-up).
        return '"' + text + '"'
    return '"' + _TO_ESCAPE.sub(_escape, text) + '"'


# The characters quote() escapes: those of _ESCAPES and those _printable() refuses (C0, DEL,
# C1, surrogates, U+FEFF, U+FFFE, U+FFFF).  One regular expression finds them: most texts
# have none and are written as they are (a test compares it with _printable, code point by
# code point).
_TO_ESCAPE = LazyPattern(r'[\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')


def _escape(match: re.Match[str]) -> str:
    """One character as :func:`quote` escapes it."""
    char = match.group()
    escaped = _ESCAPES.get(char)
    if escaped is not None:
        return escaped
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def _printable(char: str) -> bool:
    """True for the characters YAML allows unescaped in a stream (PyYAML's reader rule)."""
    code = ord(char)
    return (
        0x20 <= code <= 0x7E
        or 0xA0 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    ) and code != 0xFEFF


def format_plain(value: Decimal) -> str:
    """``value`` in the plain notation of a ledger (``5190``, ``18.3``, ``-500``), exactly.

    Never an exponent.  A value whose text would look like Danish grouping (``1.200`` with
    three decimals: the loader refuses that as ambiguous) gets one more trailing zero
    (``1.2000``): the same number, written unambiguously.

    >>> format_plain(Decimal("1E+3")), format_plain(Decimal("1.200"))
    ('1000', '1.2000')
    """
    from bevilling.core.money import AmountSyntaxError, parse_plain

    text = format(value, "f")
    if "." not in text and text != "-0":  # a whole number never looks like grouping
        return text
    if text.startswith("-0") and value == 0:
        text = text[1:]
    try:
        parse_plain(text)
    except AmountSyntaxError:
        text += "0"
    return text


def _format_danish(value: Decimal) -> str:
    """``value`` in Danish notation (``'5.190'``, ``'18,3'``), quoted, exactly."""
    from bevilling.core.money import AmountSyntaxError
    from bevilling.i18n.formatting import format_amount, parse_danish

    exponent = value.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    text = format_amount(value, "da", places=places)
    try:
        parse_danish(text)
    except AmountSyntaxError:  # '1,000' looks English: write '1,0000', the same number
        text = format_amount(value, "da", places=places + 1)
    return f"'{text}'"


def dump(ledger: Ledger, *, comment: str | None = None) -> str:
    """The ledger as the text of a format v1 file, ``format: bevilling/1`` on the first line.

    ``comment`` (any number of lines) is written as ``#`` comments after the first line, e.g.
    to name the source document.

    >>> import bevilling
    >>> ledger = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: "Tabel 1: X", category: driftsmidler, appropriations: [
    ...       {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
    ... ''').ledgers[0]
    >>> print(dump(ledger), end="")
    format: bevilling/1
    title: "T"
    document: "D"
    unit: 1000 DKK
    phase: approved
    tables:
      - name: "Tabel 1: X"
        category: driftsmidler
        appropriations:
          - id: "A1"
            title: "Mikrolån"
            amount: 1200
            expires: 2016
    """
    amount = _amount_writer(ledger.number_format)
    lines = ["format: bevilling/1"]
    if comment:
        # Control characters (ESC, NEL, U+2028, bidi overrides: YAML forbids some and a
        # terminal acts on others) are written as visible escapes; only "\n" breaks a line.
        lines.extend(f"# {line}".rstrip() for line in visible(comment).split("\n"))
    lines.append(f"title: {quote(ledger.title)}")
    lines.append(f"document: {quote(ledger.document)}")
    if ledger.source_file is not None:
        lines.append("source_file:")
        lines.append(f"  path: {quote(ledger.source_file.path)}")
        if ledger.source_file.sha256 is not None:
            lines.append(f"  sha256: {quote(ledger.source_file.sha256)}")
    lines.append(f"unit: {ledger.unit.value}")
    lines.append(f"phase: {ledger.phase.value}")
    if ledger.price_level is not None:
        lines.append(f"price_level: {ledger.price_level}")
    if ledger.number_format is not NumberFormat.PLAIN:
        lines.append(f"number_format: {ledger.number_format.value}")
    if ledger.stated_total is not None:
        lines.append(f"stated_total: {amount(ledger.stated_total)}")
    if ledger.rounded_to is not None:
        lines.append(f"rounded_to: {amount(ledger.rounded_to)}")
    lines.append("tables:" if ledger.tables else "tables: []")
    from pathlib import PurePath  # here: the checks need quote() only (start-up)

    stem = PurePath(ledger.file).stem
    for number, table in enumerate(ledger.tables, start=1):
        lines.extend(_table_lines(table, number, stem, amount))
    if ledger.accepted:
        lines.append("accepted:")
        for acceptance in ledger.accepted:
            lines.extend(_acceptance_lines(acceptance, amount))
    return "\n".join(lines) + "\n"


def _amount_writer(number_format: NumberFormat) -> _AmountWriter:
    return _format_danish if number_format is NumberFormat.DA else format_plain


def format_ledger_amount(value: Decimal, number_format: NumberFormat) -> str:
    """``value`` as a ledger in ``number_format`` writes it (``48779``, ``'48.779'``).

    >>> format_ledger_amount(Decimal(48779), NumberFormat.DA)
    "'48.779'"
    """
    return _amount_writer(number_format)(value)


def format_named(values: Iterable[Decimal], amount: _AmountWriter | NumberFormat) -> str:
    """The value of an entry's ``named:``: one amount as a ledger writes it, several as a
    flow list (``1900``; ``['2.600', '3.000']``: a Danish amount is quoted, so that its comma
    never splits the list).

    >>> format_named([Decimal(2600), Decimal(3000)], NumberFormat.DA)
    "['2.600', '3.000']"
    """
    writer = _amount_writer(amount) if isinstance(amount, NumberFormat) else amount
    texts = [writer(value) for value in values]
    return texts[0] if len(texts) == 1 else "[" + ", ".join(texts) + "]"


def _table_lines(table: Table, number: int, stem: str, amount: _AmountWriter) -> list[str]:
    lines = [
        f"  - name: {quote(table.name)}",
        f"    category: {table.category.value}",
    ]
    if table.stated_total is not None:
        lines.append(f"    stated_total: {amount(table.stated_total)}")
    if table.stated_years is not None:
        lines.extend(_years_lines("stated_years", table.stated_years, "    ", amount))
    if table.rounded_to is not None:
        lines.append(f"    rounded_to: {amount(table.rounded_to)}")
    if not table.appropriations:
        lines.append("    appropriations: []")
        return lines
    lines.append("    appropriations:")
    for row, appropriation in enumerate(table.appropriations, start=1):
        derived_id = f"{stem}:{number}.{row}"
        lines.extend(_appropriation_lines(appropriation, derived_id, amount))
    return lines


def _appropriation_lines(a: Appropriation, derived_id: str, amount: _AmountWriter) -> list[str]:
    fields: list[str] = []
    if a.id != derived_id:
        fields.append(f"id: {quote(a.id)}")
    fields.append(f"title: {quote(a.title)}")
    for key in _TEXT_FIELDS:
        value = getattr(a, key)
        if value is not None:
            fields.append(f"{key}: {quote(value)}")
    profile_lines = _years_lines("profile", a.profile, "", amount) if a.profile is not None else []
    fields.extend(profile_lines)
    fields.append(f"amount: {amount(a.amount)}")
    derived_expiry = a.profile.last_funded_year if a.profile is not None else None
    if not (a.expiry.kind is ExpiryKind.YEAR and a.expiry.year == derived_expiry):
        phrase = EXPIRY_PHRASES.get(a.expiry.kind)
        fields.append(f"expires: {a.expiry.year if phrase is None else quote(phrase)}")
    indent = "        "
    return [f"      - {fields[0]}", *(f"{indent}{field}" for field in fields[1:])]


def _years_lines(key: str, years: Profile, indent: str, amount: _AmountWriter) -> list[str]:
    return [f"{indent}{key}:", *(f"{indent}  {y}: {amount(v)}" for y, v in years.items())]


def _acceptance_lines(acceptance: Acceptance, amount: _AmountWriter) -> list[str]:
    fields = [f"code: {quote(acceptance.code)}"]
    if acceptance.table is not None:
        fields.append(f"table: {quote(acceptance.table)}")
    if acceptance.appropriation is not None:
        fields.append(f"appropriation: {quote(acceptance.appropriation)}")
    if acceptance.year is not None:
        fields.append(f"year: {acceptance.year}")
    if acceptance.stated is not None:
        fields.append(f"stated: {amount(acceptance.stated)}")
    if acceptance.summed is not None:
        fields.append(f"sum: {amount(acceptance.summed)}")
    if acceptance.named is not None:
        fields.append(f"named: {format_named(acceptance.named, amount)}")
    if acceptance.amount is not None:
        fields.append(f"amount: {amount(acceptance.amount)}")
    fields.append(f"reason: {quote(acceptance.reason)}")
    return [f"  - {fields[0]}", *(f"    {field}" for field in fields[1:])]


def without_locations(ledger: Ledger) -> Ledger:
    """The ledger with every location set to its file alone: for comparing content.

    ``without_locations(a) == without_locations(b)`` says that two ledgers hold the same
    data, whatever lines it is written on.
    """
    where = Location(ledger.file)

    def table(t: Table) -> Table:
        rows = tuple(attrs.evolve(a, location=where) for a in t.appropriations)
        return attrs.evolve(t, appropriations=rows, location=where)

    return attrs.evolve(
        ledger,
        tables=tuple(table(t) for t in ledger.tables),
        accepted=tuple(attrs.evolve(a, location=where) for a in ledger.accepted),
        location=where,
    )


def same_content(first: Ledger, second: Ledger) -> bool:
    """``without_locations(first) == without_locations(second)``, without making the copies.

    The fields each class compares (attrs ``eq``) but its location, row by row, one C-level
    getter per object and nothing kept: for the read-back check of ``bevilling import`` on a
    table of 100 000 rows, where the copies took longer than writing the text.
    """
    row, table, acceptance, top = (
        _compared(Appropriation, "location"),
        _compared(Table, "location", "appropriations"),
        _compared(Acceptance, "location"),
        _compared(Ledger, "location", "tables", "accepted"),
    )
    if (  # every location becomes Location(ledger.file)
        first.file != second.file
        or top(first) != top(second)
        or len(first.tables) != len(second.tables)
        or len(first.accepted) != len(second.accepted)
        or any(map(operator.ne, map(acceptance, first.accepted), map(acceptance, second.accepted)))
    ):
        return False
    for mine, theirs in zip(first.tables, second.tables, strict=True):
        rows, other_rows = mine.appropriations, theirs.appropriations
        if table(mine) != table(theirs) or len(rows) != len(other_rows):
            return False
        if any(map(operator.ne, map(row, rows), map(row, other_rows))):
            return False
    return True


@functools.cache
def _compared(cls: type, *left_out: str) -> Callable[[Any], tuple[Any, ...]]:
    """A getter of the fields attrs compares for ``cls`` (but ``left_out``) and of the class
    (attrs compares only objects of one class), as one tuple."""
    fields = [f for f in attrs.fields(cls) if f.eq and f.name not in left_out]
    if any(f.eq_key is not None for f in fields):  # pragma: no cover - no such field today
        raise TypeError(f"{cls.__name__} compares a field by a key: extend _compared")
    getter = operator.attrgetter(*(f.name for f in fields), "__class__")
    return cast("Callable[[Any], tuple[Any, ...]]", getter)
