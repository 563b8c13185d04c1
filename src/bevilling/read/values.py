"""Reading the values of a ledger's fields from tree nodes: text, amounts, years, expiries, enums.

:class:`ValueReader` holds the problems of one file and reads each value by its field's
declared type from the exact text the user wrote (never by YAML's implicit typing), with a
hint a person who is not a programmer can follow.  A hint that proposes a rewritten number
names the value the user meant (``1.234,5`` in a plain ledger: "write 1234.5"), and an amount
outside the range bevilling accepts (see :data:`bevilling.core.money.MAX_INTEGER_DIGITS`) is
refused with ``amount-out-of-range`` before any arithmetic or locale parsing sees it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from decimal import Decimal, DecimalException
from typing import TypeVar

from bevilling.core.model import Category, ChangeKind, Expiry, NumberFormat, Phase, Profile, Unit
from bevilling.core.money import (
    AmountSyntaxError,
    amount_range_error,
    check_amount_range,
    parse_plain,
    too_many_digits,
)
from bevilling.core.problems import Location, Problem, Severity
from bevilling.read import yamltree as yt

__all__ = ["ValueReader", "did_you_mean", "parse_expiry", "year_hint"]

_E = TypeVar("_E", Category, Phase, Unit, NumberFormat, ChangeKind)

#: Words users reach for (Danish column headers, other spellings) → the key format v1 uses.
_SYNONYMS = {
    "målgruppe": "target_group", "maalgruppe": "target_group", "targetgroup": "target_group",
    "org": "organisation", "org.": "organisation", "organization": "organisation",
    "beskrivelse": "description", "formål": "title", "overskrift": "title", "name": "title",
    "kilde": "source", "beløb": "amount", "belob": "amount", "udløb": "expires",
    "expiry": "expires", "expire": "expires", "udvalg": "committee",
    "bevilling": "appropriation_no",
    "funktion": "function", "profil": "profile", "kategori": "category", "enhed": "unit",
    "fase": "phase", "total": "stated_total", "i alt": "stated_total", "sum": "stated_total",
    "p/l": "price_level", "pl": "price_level", "rows": "appropriations",
    "bevillinger": "appropriations",
    "tabeller": "tables", "tabel": "tables", "accept": "accepted", "acceptances": "accepted",
}  # fmt: skip

_EXPIRY_WORDS = {
    "open": Expiry.open(),
    "udløb ikke fastsat": Expiry.open(),
    "declining": Expiry.declining(),
    "faldende profil": Expiry.declining(),
}
_UNIT_SYNONYMS = {
    "t.kr.": "1000 DKK", "1.000 kr.": "1000 DKK", "1000 kr.": "1000 DKK", "tkr": "1000 DKK",
    "kr.": "DKK", "kr": "DKK", "mio. kr.": "mio DKK", "mio kr": "mio DKK", "mio.kr.": "mio DKK",
}  # fmt: skip
_YEAR = re.compile(r"[0-9]{4}\Z")
#: A four-digit year inside other text: `ultimo 2017`, `31.12.2017`, `2017-12-31`, `2017 p/l`.
_YEAR_INSIDE = re.compile(r"(?<![0-9])(19[0-9]{2}|2[01][0-9]{2}|2200)(?![0-9])")
#: A two-digit year, alone or at the end of a date: `17`, `'17`, `31.12.17`, `31/12-17`.
_SHORT_YEAR = re.compile(r"(?:\A'?|[./-])([0-9]{2})\Z")
_KIND = {yt.Scalar: "text", yt.Mapping: "a mapping", yt.Sequence: "a list"}

_TYPE_HINTS = {
    "text": "write the value on the same line after the colon; quote it if it contains `: `",
    "an amount": "write the amount as a number, e.g. 1200",
    "a list of tables": "write each table as a list item starting with `- name:`",
    "a list of rows": "write each appropriation as a list item starting with `- title:`",
    "a list of findings": "write each accepted finding as a list item starting with `- code:`",
    "a mapping of year to amount": "write one `year: amount` per line, e.g. `2016: 1000`",
    "a mapping of keys and values": "write `key: value` lines, indented under the list item",
}
MISSING_HINTS = {
    "title": "add `title:` (for an appropriation: its Formål/overskrift in the source)",
    "document": "add `document:` naming the source document the ledger was transcribed from",
    "unit": "add `unit: 1000 DKK` (Beløb i tusinder), `unit: DKK` or `unit: mio DKK`",
    "tables": "add `tables:` with the printed tables of the source",
    "name": "add `name:` with the table's caption, e.g. 'Tabel 9: Oversigt over indsatsmidler'",
    "category": "add `category:` with driftsmidler, indsatsmidler or særindsatser",
    "appropriations": "add `appropriations:` with the table's rows",
    "expires": "add `expires:` with a year (2016), `open` (Udløb ikke fastsat) or `declining`"
    " (Faldende profil)",
    "code": "add `code:` with the problem code accepted, e.g. total-mismatch",
    "reason": "add `reason:` saying why the discrepancy is accepted",
}


def parse_expiry(text: str) -> Expiry | None:
    """Read an expiry as ledgers write it, or None: a year (1900-2200), ``open`` or
    ``declining``, or the Danish phrases "Udløb ikke fastsat" and "Faldende profil" (any case
    and spacing).

    >>> str(parse_expiry("2016")), str(parse_expiry("Udløb  ikke fastsat")), parse_expiry("x")
    ('2016', 'open', None)
    """
    if len(text) == 4 and text.isascii() and text.isdigit() and "1900" <= text <= "2200":
        return Expiry.in_year(int(text))  # the common case, without the normalising below
    text = " ".join(text.split())
    if _YEAR.match(text) and 1900 <= int(text) <= 2200:
        return Expiry.in_year(int(text))
    return _EXPIRY_WORDS.get(text.casefold())


def year_hint(text: str) -> str | None:
    """ "did you mean `2017`?" for a year written inside other text or with two digits.

    >>> year_hint("ultimo 2017"), year_hint("31.12.2017"), year_hint("17"), year_hint("x")
    ('did you mean `2017`?', 'did you mean `2017`?', 'did you mean `2017`?', None)
    """
    stripped = text.strip()
    years = set(_YEAR_INSIDE.findall(stripped))
    if len(years) == 1:
        return f"did you mean `{years.pop()}`?"
    short = _SHORT_YEAR.search(stripped)
    if not years and short is not None:
        return f"did you mean `20{short.group(1)}`?"
    return None


def read_amount(text: str, number_format: NumberFormat) -> Decimal:
    """The amount ``text`` stands for in the ledger's notation, within the accepted range.

    Raises :class:`AmountSyntaxError` for anything else; never a :mod:`decimal` exception.
    """
    if text.isascii() and text.isdigit() and len(text) <= 15:  # the common case
        return Decimal(text)
    if too_many_digits(text):  # before babel or Decimal see a 5 000-digit figure
        raise amount_range_error(text)
    try:
        value = _parse_danish(text) if number_format is NumberFormat.DA else parse_plain(text)
        return check_amount_range(value, text)
    except DecimalException:  # pragma: no cover - the digit bound rules this out
        raise AmountSyntaxError(
            f"{text!r} is not a number bevilling can read",
            code="bad-number",
            hint="write the figure from the source document in digits",
        ) from None


def _parse_danish(text: str) -> Decimal:
    """Danish notation via babel; a malformed number's hint says that the ledger declared it."""
    from bevilling.i18n.formatting import parse_danish

    try:
        return parse_danish(text)
    except AmountSyntaxError as error:
        if error.code == "bad-number" and "." in text:
            joiner = ", where " if error.hint.startswith("',' comes") else ": "
            hint = f"this ledger declares `number_format: da`{joiner}{error.hint}"
            raise AmountSyntaxError(str(error), code=error.code, hint=hint) from None
        raise


class ValueReader:
    """The problems of one file, and the readers of its values (each reports what is wrong)."""

    def __init__(self, file: str, number_format: NumberFormat | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.number_format = number_format or NumberFormat.PLAIN

    # -- reporting

    def report(self, code: str, node: yt.Node | int, message: str, hint: str | None) -> None:
        if isinstance(node, int):
            location = Location(self.file, node)
        else:
            end = node.end_line if node.end_line > node.line else 0
            location = Location(self.file, node.line, end)
        self.problems.append(Problem(code, Severity.ERROR, message, location, hint))

    def wrong_type(self, node: yt.Node, key: str, wanted: str) -> None:
        if isinstance(node, yt.Invalid):
            return  # already reported (alias, too deep)
        got = _KIND[type(node)]
        example = f" ({node.value!r})" if isinstance(node, yt.Scalar) else ""
        self.report(
            "wrong-type",
            node,
            f"`{key}` must be {wanted}, not {got}{example}",
            _TYPE_HINTS.get(wanted, f"write `{key}` as {wanted}"),
        )

    # -- structure

    def fields(
        self,
        node: yt.Node,
        what: str,
        allowed: tuple[str, ...],
        elsewhere: dict[str, str] | None = None,
    ) -> dict[str, yt.Node] | None:
        """The mapping's values by key; duplicate and unknown keys are reported.

        ``elsewhere`` holds hints for keys that belong one level down (indented too little).
        """
        if not isinstance(node, yt.Mapping):
            self.wrong_type(node, what, "a mapping of keys and values")
            return None
        result: dict[str, yt.Node] = {}
        first_line: dict[str, int] = {}
        for key, key_line, value in node.pairs:
            if key in first_line:
                self.report(
                    "duplicate-key",
                    key_line,
                    f"`{key}` appears twice in this {what} (first on line {first_line[key]});"
                    " YAML would silently keep only the last one",
                    f"remove one of the two `{key}` lines, or merge them",
                )
                continue
            first_line[key] = key_line
            if key not in allowed:
                self.report(
                    "unknown-field", key_line, f"`{key}` is not a field of {a(what)}",
                    (elsewhere or {}).get(key) or did_you_mean(key, allowed),
                )  # fmt: skip
                continue
            result[key] = value
        return result

    def required(self, fields: dict[str, yt.Node], key: str, owner: yt.Node, what: str) -> bool:
        node = fields.get(key)
        if node is None or (isinstance(node, yt.Scalar) and node.is_null):
            self.report(
                "missing-field",
                owner if node is None else node,
                f"{a(what)} needs `{key}`" if node is None else f"`{key}` has no value",
                MISSING_HINTS.get(key, f"add `{key}:` with its value"),
            )
            return False
        return True

    def sequence(self, node: yt.Node | None, key: str, wanted: str) -> list[yt.Node]:
        if node is None:
            return []
        if isinstance(node, yt.Scalar) and node.is_null:
            return []
        if not isinstance(node, yt.Sequence):
            self.wrong_type(node, key, wanted)
            return []
        return node.items

    # -- values

    def text(self, node: yt.Node | None, key: str) -> str | None:
        """Text exactly as written (``18.10`` and ``NO`` stay text); None for null/absent."""
        if node is None:
            return None
        if type(node) is not yt.Scalar:
            self.wrong_type(node, key, "text")
            return None
        value = node.value
        return None if node.plain and value in yt.NULLS else value

    def amount(self, node: yt.Node | None, key: str) -> Decimal | None:
        if node is None:
            return None
        if not isinstance(node, yt.Scalar):
            self.wrong_type(node, key, "an amount")
            return None
        if node.is_null:
            self.report(
                "missing-field", node, f"`{key}` has no value", "write the amount, e.g. 1200"
            )
            return None
        try:
            return read_amount(node.value, self.number_format)
        except AmountSyntaxError as error:
            self.report(error.code, node, f"`{key}` {error}", error.hint)
            return None

    def year(self, node: yt.Node, key: str) -> int | None:
        if not isinstance(node, yt.Scalar):
            self.wrong_type(node, key, "a year")
            return None
        text = node.value.strip()
        if not _YEAR.match(text) or not 1900 <= int(text) <= 2200:
            self.report(
                "bad-year",
                node,
                f"`{key}` must be a four-digit year, not {node.value!r}",
                year_hint(text)
                or "write the year in full, e.g. 2016 (for a price level: 2016, not '2016 p/l')",
            )
            return None
        return int(text)

    def years(self, node: yt.Node, key: str) -> Profile | None:
        """A mapping of year → amount (``profile``, ``stated_years``)."""
        if not isinstance(node, yt.Mapping):
            self.wrong_type(node, key, "a mapping of year to amount")
            return None
        seen: set[int] = set()
        values: dict[int, Decimal] = {}
        ok = True
        for year_text, year_line, value_node in node.pairs:
            year = (
                int(year_text)
                if len(year_text) == 4 and year_text.isascii() and year_text.isdigit()
                and "1900" <= year_text <= "2200"
                else self.year(yt.Scalar(year_text, year_line, year_line, True), f"{key} year")
            )  # fmt: skip
            amount = self.amount(value_node, f"{key} {year_text}")
            if year is not None and year in seen:
                self.report(
                    "duplicate-key", year_line, f"the year {year} appears twice in `{key}`",
                    "keep one line per year",
                )  # fmt: skip
                ok = False
            elif year is None or amount is None:
                ok = False
            else:
                seen.add(year)
                values[year] = amount
        if not node.pairs:
            self.report(
                "bad-value", node, f"`{key}` has no years",
                f"list the years, e.g. `{key}: {{2016: 1000, 2017: 0}}`, or remove it",
            )  # fmt: skip
            return None
        return Profile.of(values) if ok else None

    def choice(self, node: yt.Node | None, key: str, enum: type[_E], code: str) -> _E | None:
        """One of an enum's values, spelled exactly; a near miss gets a "did you mean"."""
        text = self.text(node, key)
        if text is None or node is None:
            return None
        for member in enum:
            if member.value == text:
                return member
        allowed = [str(member.value) for member in enum]
        hint = did_you_mean(text, allowed, _UNIT_SYNONYMS if enum is Unit else None)
        self.report(
            code, node, f"`{key}` is {text!r}, which is not one of {_or(allowed)}", hint
        )  # fmt: skip
        return None

    def expiry(self, node: yt.Node) -> Expiry | None:
        if not isinstance(node, yt.Scalar) or node.is_null:
            if isinstance(node, yt.Scalar):
                self.report(
                    "missing-field", node, "`expires` has no value", MISSING_HINTS["expires"]
                )
            else:
                self.wrong_type(node, "expires", "a year, `open` or `declining`")
            return None
        expiry = parse_expiry(node.value)
        if expiry is not None:
            return expiry
        text = " ".join(node.value.split())
        self.report(
            "bad-expiry",
            node,
            f"`expires` is {node.value!r}, which is not a year, `open` or `declining`",
            year_hint(text)
            or did_you_mean(text, ["open", "declining", "Udløb ikke fastsat", "Faldende profil"])
            or "write a year (2016), `open` (Udløb ikke fastsat) or `declining` (Faldende profil)",
        )
        return None


def is_null(node: yt.Node) -> bool:
    """True for an unquoted empty value, ``~`` or ``null``."""
    return isinstance(node, yt.Scalar) and node.is_null


def a(what: str) -> str:
    """``what`` with its indefinite article."""
    return ("an " if what[0] in "aeiou" else "a ") + what


def _or(words: list[str]) -> str:
    quoted = [f"`{w}`" for w in words]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


def did_you_mean(
    word: str, allowed: Iterable[str], synonyms: dict[str, str] | None = None
) -> str | None:
    """A "did you mean" hint for a near miss, a synonym, or a different case."""
    choices = list(allowed)
    folded = word.casefold().strip()
    for table in (synonyms or {}, _SYNONYMS):
        target = table.get(folded)
        if target is not None and target in choices:
            return f"did you mean `{target}`?"
    for choice in choices:
        if choice.casefold() == folded or _ascii_fold(choice) == _ascii_fold(folded):
            return f"did you mean `{choice}`? (spelled exactly so)"
    prefixed = [c for c in choices if folded and c.casefold().startswith(folded)]
    if len(prefixed) == 1:
        return f"did you mean `{prefixed[0]}`?"
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6) or difflib.get_close_matches(
        folded, [c.casefold() for c in choices], n=1, cutoff=0.6
    )
    if close:
        match = next(c for c in choices if c.casefold() == close[0].casefold())
        return f"did you mean `{match}`?"
    return f"use one of {_or(choices)}"


def _ascii_fold(word: str) -> str:
    return word.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
