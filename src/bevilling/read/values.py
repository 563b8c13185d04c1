"""Reading the values of a ledger's fields from tree nodes: text, amounts, years, expiries, enums.

:class:`ValueReader` holds the problems of one file and reads each value by its field's
declared type from the exact text the user wrote (never by YAML's implicit typing), with a
hint a person who is not a programmer can follow.  A hint that proposes a rewritten number
names the value the user meant (``1.234,5`` in a plain ledger: "write 1234.5"), and an amount
outside the range bevilling accepts (see :data:`bevilling.core.money.MAX_INTEGER_DIGITS`) is
refused with ``amount-out-of-range`` before any arithmetic or locale parsing sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, DecimalException
from typing import TypeVar

from bevilling.core.lazy import LazyPattern
from bevilling.core.model import Category, Expiry, NumberFormat, Phase, Profile, Unit
from bevilling.core.money import (
    AmountSyntaxError,
    amount_range_error,
    check_amount_range,
    parse_plain,
    too_many_digits,
)
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import N_, catalog
from bevilling.read import yamltree as yt

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core.model import ChangeKind

__all__ = ["ValueReader", "did_you_mean", "parse_expiry", "year_hint"]

_, _n = catalog(__name__)

# ChangeKind by name: the follow-up classes are built when a change file is first read.
_E = TypeVar("_E", Category, Phase, Unit, NumberFormat, "ChangeKind")

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
    "t.kr.": "1000 DKK", "t. kr.": "1000 DKK", "1.000 kr.": "1000 DKK", "1.000 kr": "1000 DKK",
    "1000 kr.": "1000 DKK", "1000 kr": "1000 DKK", "tkr": "1000 DKK", "tkr.": "1000 DKK",
    "tusind kr.": "1000 DKK", "kr.": "DKK", "kr": "DKK", "kroner": "DKK",
    "mio. kr.": "mio DKK", "mio kr": "mio DKK", "mio.kr.": "mio DKK", "mio kr.": "mio DKK",
    "mill. kr.": "mio DKK", "mill kr": "mio DKK", "mio": "mio DKK", "mio.": "mio DKK",
}  # fmt: skip
#: Words of a magnitude bevilling has no unit for: milliarder (mia. kr.), billions.
_BILLIONS = frozenset({"mia", "mia.", "mia.kr.", "mia.kr", "milliard", "milliarder", "bn",
                       "billion", "billions"})  # fmt: skip
#: A four-digit year inside other text: `ultimo 2017`, `31.12.2017`, `2017-12-31`, `2017 p/l`.
_YEAR_INSIDE = LazyPattern(r"(?<![0-9])(19[0-9]{2}|2[01][0-9]{2}|2200)(?![0-9])")
#: A two-digit year, alone or at the end of a date: `17`, `'17`, `31.12.17`, `31/12-17`.
_SHORT_YEAR = LazyPattern(r"(?:\A'?|[./-])([0-9]{2})\Z")
#: What a node is, in the words of a ``wrong-type`` message.
_KIND = {yt.Scalar: N_("text"), yt.Mapping: N_("a mapping"), yt.Sequence: N_("a list")}

#: What a value must be (the key a reader passes), in words, and how to write it.
_WANTED = {
    "text": (
        N_("text"),
        N_("write the value on the same line after the colon; quote it if it contains `: `"),
    ),
    "amount": (N_("an amount"), N_("write the amount as a number, e.g. 1200")),
    "tables": (
        N_("a list of tables"),
        N_("write each table as a list item starting with `- name:`"),
    ),
    "rows": (
        N_("a list of rows"),
        N_("write each appropriation as a list item starting with `- title:`"),
    ),
    "findings": (
        N_("a list of findings"),
        N_("write each accepted finding as a list item starting with `- code:`"),
    ),
    "years": (
        N_("a mapping of year to amount"),
        N_("write one `year: amount` per line, e.g. `2016: 1000`"),
    ),
    "fields": (
        N_("a mapping of keys and values"),
        N_("write `key: value` lines, indented under the list item"),
    ),
    "year": (N_("a year"), N_("write the year in full, e.g. 2016")),
    "changes": (
        N_("a list of changes"),
        N_("write each change as a list item starting with `- kind:`"),
    ),
    "spending": (
        N_("a list of spending entries"),
        N_("write each spending entry as a list item starting with `- appropriation:`"),
    ),
    "sides": (
        N_("a list of sides"),
        N_("write each side as a list item with `appropriation:` and `amount:`"),
    ),
    "index values": (
        N_("a mapping of year to index value"),
        N_("write one `year: value` per line, e.g. `2016: 100.0`"),
    ),
    "number": (N_("a number"), N_("write the index value as a number, e.g. 100.0")),
    "expiry": (
        N_("a year, `open` or `declining`"),
        N_("write a year (2016), `open` (Udløb ikke fastsat) or `declining` (Faldende profil)"),
    ),
}

#: What a mapping of the format is, for messages about its keys: "a ..." and "this ...".
_OWNERS = {
    "ledger": (N_("a ledger"), N_("this ledger")),
    "table": (N_("a table"), N_("this table")),
    "appropriation": (N_("an appropriation"), N_("this appropriation")),
    "accepted finding": (N_("an accepted finding"), N_("this accepted finding")),
    "price index": (N_("a price index"), N_("this price index")),
    "source_file": (N_("`source_file`"), N_("this `source_file`")),
    "change file": (N_("a change file"), N_("this change file")),
    "spending file": (N_("a spending file"), N_("this spending file")),
    "change": (N_("a change"), N_("this change")),
    "tillægsbevilling": (N_("a tillægsbevilling"), N_("this tillægsbevilling")),
    "omplacering": (N_("an omplacering"), N_("this omplacering")),
    "overførsel": (N_("an overførsel"), N_("this overførsel")),
    "forlængelse": (N_("a forlængelse"), N_("this forlængelse")),
    "side of an omplacering": (N_("a side of an omplacering"), N_("this side of an omplacering")),
    "spending entry": (N_("a spending entry"), N_("this spending entry")),
}

MISSING_HINTS = {
    "title": N_("add `title:` (for an appropriation: its Formål/overskrift in the source)"),
    "document": N_("add `document:` naming the source document the ledger was transcribed from"),
    "unit": N_("add `unit: 1000 DKK` (Beløb i tusinder), `unit: DKK` or `unit: mio DKK`"),
    "tables": N_("add `tables:` with the printed tables of the source"),
    "name": N_("add `name:` with the table's caption, e.g. 'Tabel 9: Oversigt over indsatsmidler'"),
    "category": N_("add `category:` with driftsmidler, indsatsmidler or særindsatser"),
    "appropriations": N_("add `appropriations:` with the table's rows"),
    "expires": N_(
        "add `expires:` with a year (2016), `open` (Udløb ikke fastsat) or `declining`"
        " (Faldende profil)"
    ),
    "code": N_("add `code:` with the problem code accepted, e.g. total-mismatch"),
    "reason": N_("add `reason:` saying why the discrepancy is accepted"),
}
"""Hints for a missing key: English catalog messages, translated where reported."""


def _four_digits(text: str) -> bool:
    """Whether ``text`` is four digits 0-9 (no sign, no space)."""
    return len(text) == 4 and text.isascii() and text.isdigit()


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
    if _four_digits(text) and 1900 <= int(text) <= 2200:
        return Expiry.in_year(int(text))
    return _EXPIRY_WORDS.get(text.casefold())


def year_hint(text: str) -> str | None:
    """ "did you mean `2017`?" for a year written inside other text or with two digits.

    >>> from bevilling.i18n.catalogs import use_locale
    >>> with use_locale("en"):
    ...     year_hint("ultimo 2017"), year_hint("31.12.2017"), year_hint("17"), year_hint("x")
    ('did you mean `2017`?', 'did you mean `2017`?', 'did you mean `2017`?', None)
    >>> year_hint("ultimo 2017")
    'mente du `2017`?'
    """
    stripped = text.strip()
    years = set(_YEAR_INSIDE.findall(stripped))
    if len(years) == 1:
        return _("did you mean `{word}`?", word=years.pop())
    short = _SHORT_YEAR.search(stripped)
    if not years and short is not None:
        return _("did you mean `{word}`?", word=f"20{short.group(1)}")
    return None


#: Digits without sign or point up to this length are read by Decimal() directly.
SHORT_DIGITS = 15


def read_amount(text: str, number_format: NumberFormat) -> Decimal:
    """The amount ``text`` stands for in the ledger's notation, within the accepted range.

    Raises :class:`AmountSyntaxError` for anything else; never a :mod:`decimal` exception.
    """
    if text.isascii() and text.isdigit() and len(text) <= SHORT_DIGITS:  # the common case
        return Decimal(text)
    if too_many_digits(text):  # before babel or Decimal see a 5 000-digit figure
        raise amount_range_error(text)
    try:
        value = _parse_danish(text) if number_format is NumberFormat.DA else parse_plain(text)
        return check_amount_range(value, text)
    except DecimalException:  # pragma: no cover - the digit bound rules this out
        raise AmountSyntaxError(
            _("{text} is not a number bevilling can read", text=repr(text)),
            code="bad-number",
            hint=_("write the figure from the source document in digits"),
        ) from None


#: A plain decimal ("12.34"): in a Danish ledger, the hint spells it the Danish way.
_PLAIN_DECIMAL = LazyPattern(r"-?[0-9]+\.[0-9]+\Z")


def _parse_danish(text: str) -> Decimal:
    """Danish notation via babel; a malformed number's hint says that the ledger declared it."""
    from bevilling.i18n.formatting import parse_danish

    try:
        return parse_danish(text)
    except AmountSyntaxError as error:
        if error.code == "bad-number" and "." in text:
            if _PLAIN_DECIMAL.match(text.strip()):
                hint = _("this ledger declares `number_format: da`, where {hint}", hint=error.hint)
            else:
                hint = _("this ledger declares `number_format: da`: {hint}", hint=error.hint)
            raise AmountSyntaxError(str(error), code=error.code, hint=hint) from None
        raise


#: The allowed keys of fields() as sets, by the tuple given.
_ALLOWED: dict[tuple[str, ...], frozenset[str]] = {}


class ValueReader:
    """The problems of one file, and the readers of its values (each reports what is wrong)."""

    def __init__(self, file: str, number_format: NumberFormat | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.number_format = number_format or NumberFormat.PLAIN
        #: The amounts read so far that are digits alone (the same value in every notation),
        #: by their text: one shared Decimal per distinct text (they are immutable) instead of
        #: one per value, for the figures a file repeats (a profile's years, round amounts).
        self.known_amounts: dict[str, Decimal] = {}

    # -- reporting

    def report(self, code: str, node: yt.Node | int, message: str, hint: str | None) -> None:
        if isinstance(node, int):
            location = Location(self.file, node)
        else:
            end = node.end_line if node.end_line > node.line else 0
            location = Location(self.file, node.line, end)
        self.problems.append(Problem(code, Severity.ERROR, message, location, hint))

    def wrong_type(self, node: yt.Node, key: str, wanted: str) -> None:
        """``wrong-type``: ``wanted`` is a key of :data:`_WANTED` (``"amount"``, ``"rows"``)."""
        if isinstance(node, yt.Invalid):
            return  # already reported (alias, too deep)
        got = _(_KIND[type(node)])
        kind, hint = _WANTED[wanted]
        if isinstance(node, yt.Scalar):
            message = _(
                "`{key}` must be {wanted}, not {got} ({value})",
                key=key, wanted=_(kind), got=got, value=repr(node.value),
            )  # fmt: skip
        else:
            message = _("`{key}` must be {wanted}, not {got}", key=key, wanted=_(kind), got=got)
        self.report("wrong-type", node, message, _(hint))

    # -- structure

    def fields(
        self,
        node: yt.Node,
        what: str,
        allowed: tuple[str, ...],
        elsewhere: dict[str, str] | None = None,
    ) -> dict[str, yt.Node] | None:
        """The mapping's values by key; duplicate and unknown keys are reported.

        ``what`` is a key of :data:`_OWNERS` (``"table"``); ``elsewhere`` holds hints (catalog
        messages with a ``{key}``) for keys that belong one level down (indented too little).
        """
        if not isinstance(node, yt.Mapping):
            self.wrong_type(node, what, "fields")
            return None
        # The common case first: no key twice and every key allowed (one dict, one set test).
        pairs = node.pairs
        result = {key: value for key, _line, value in pairs}
        if len(result) == len(pairs):
            known = _ALLOWED.get(allowed)
            if known is None:
                known = _ALLOWED[allowed] = frozenset(allowed)
            if known.issuperset(result):
                return result
        result = {}
        first_line: dict[str, int] = {}
        for key, key_line, value in node.pairs:
            if key in first_line:
                self.report(
                    "duplicate-key",
                    key_line,
                    _(
                        "`{key}` appears twice in {owner} (first on line {line}); YAML would"
                        " silently keep only the last one",
                        key=key, owner=_(_OWNERS[what][1]), line=first_line[key],
                    ),
                    _("remove one of the two `{key}` lines, or merge them", key=key),
                )  # fmt: skip
                continue
            first_line[key] = key_line
            if key not in allowed:
                moved = (elsewhere or {}).get(key)
                self.report(
                    "unknown-field", key_line,
                    _("`{key}` is not a field of {owner}", key=key, owner=_(_OWNERS[what][0])),
                    _(moved, key=key) if moved else did_you_mean(key, allowed),
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
                _("{owner} needs `{key}`", owner=_(_OWNERS[what][0]), key=key)
                if node is None
                else _("`{key}` has no value", key=key),
                missing_hint(key),
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
            self.wrong_type(node, key, "amount")
            return None
        if node.is_null:
            self.report(
                "missing-field", node, _("`{key}` has no value", key=key),
                _("write the amount, e.g. 1200"),
            )  # fmt: skip
            return None
        try:
            return read_amount(node.value, self.number_format)
        except AmountSyntaxError as error:
            from bevilling.i18n.formatting import amount_error_text

            message, hint = amount_error_text(error)
            self.report(error.code, node, _("`{key}`: {problem}", key=key, problem=message), hint)
            return None

    def year(self, node: yt.Node, key: str) -> int | None:
        if not isinstance(node, yt.Scalar):
            self.wrong_type(node, key, "year")
            return None
        text = node.value.strip()
        if not _four_digits(text) or not 1900 <= int(text) <= 2200:
            self.report(
                "bad-year",
                node,
                _(
                    "`{key}` must be a four-digit year, not {value}",
                    key=key,
                    value=repr(node.value),
                ),
                year_hint(text)
                or _("write the year in full, e.g. 2016 (for a price level: 2016, not '2016 p/l')"),
            )
            return None
        return int(text)

    def years(self, node: yt.Node, key: str) -> Profile | None:
        """A mapping of year → amount (``profile``, ``stated_years``)."""
        if not isinstance(node, yt.Mapping):
            self.wrong_type(node, key, "years")
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
            text = value_node.value if type(value_node) is yt.Scalar else ""
            amount: Decimal | None = self.known_amounts.get(text)
            if amount is None:
                if text.isascii() and text.isdigit() and len(text) <= SHORT_DIGITS:
                    amount = self.known_amounts[text] = Decimal(text)  # read_amount's common case
                else:
                    amount = self.amount(value_node, f"{key} {year_text}")
            if year is not None and year in seen:
                self.report(
                    "duplicate-key", year_line,
                    _("the year {year} appears twice in `{key}`", year=year, key=key),
                    _("keep one line per year"),
                )  # fmt: skip
                ok = False
            elif year is None or amount is None:
                ok = False
            else:
                seen.add(year)
                values[year] = amount
        if not node.pairs:
            self.report(
                "bad-value", node, _("`{key}` has no years", key=key),
                _(
                    "list the years, e.g. `{key}: {example}`, or remove it",
                    key=key, example="{2016: 1000, 2017: 0}",
                ),
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
        hint = unit_hint(text, allowed) if enum is Unit else did_you_mean(text, allowed)
        self.report(
            code, node,
            _("`{key}` is {value}, which is not one of {choices}",
              key=key, value=repr(text), choices=_or(allowed)),
            hint,
        )  # fmt: skip
        return None

    def expiry(self, node: yt.Node) -> Expiry | None:
        if not isinstance(node, yt.Scalar) or node.is_null:
            if isinstance(node, yt.Scalar):
                self.report(
                    "missing-field", node, _("`{key}` has no value", key="expires"),
                    missing_hint("expires"),
                )  # fmt: skip
            else:
                self.wrong_type(node, "expires", "expiry")
            return None
        expiry = parse_expiry(node.value)
        if expiry is not None:
            return expiry
        text = " ".join(node.value.split())
        expiry_hint = _WANTED["expiry"][1]
        self.report(
            "bad-expiry",
            node,
            _(
                "`expires` is {value}, which is not a year, `open` or `declining`",
                value=repr(node.value),
            ),
            year_hint(text)
            or did_you_mean(text, ["open", "declining", "Udløb ikke fastsat", "Faldende profil"])
            or _(expiry_hint),
        )
        return None


def is_null(node: yt.Node) -> bool:
    """True for an unquoted empty value, ``~`` or ``null``."""
    return isinstance(node, yt.Scalar) and node.is_null


def missing_hint(key: str) -> str:
    """How to add the missing ``key``, in the current locale."""
    hint = MISSING_HINTS.get(key)
    return _(hint) if hint else _("add `{key}:` with its value", key=key)


def _or(words: list[str]) -> str:
    """```a`, `b` or `c``` (``eller`` in Danish)."""
    quoted = [f"`{w}`" for w in words]
    if len(quoted) == 1:
        return quoted[0]
    return _("{items} or {last}", items=", ".join(quoted[:-1]), last=quoted[-1])


def did_you_mean(
    word: str,
    allowed: Iterable[str],
    synonyms: dict[str, str] | None = None,
    *,
    listing: bool = True,
) -> str | None:
    """A "did you mean" hint for a near miss, a synonym, or a different case; without one,
    every allowed word (or None, when not ``listing``: too many to list)."""
    choices = list(allowed)
    folded = word.casefold().strip()
    for table in (synonyms or {}, _SYNONYMS):
        target = table.get(folded)
        if target is not None and target in choices:
            return _("did you mean `{word}`?", word=target)
    for choice in choices:
        if choice.casefold() == folded or _ascii_fold(choice) == _ascii_fold(folded):
            return _("did you mean `{word}`? (spelled exactly so)", word=choice)
    prefixed = [c for c in choices if folded and c.casefold().startswith(folded)]
    if len(prefixed) == 1:
        return _("did you mean `{word}`?", word=prefixed[0])
    import difflib  # only for a misspelt word (start-up)

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6) or difflib.get_close_matches(
        folded, [c.casefold() for c in choices], n=1, cutoff=0.6
    )
    if close:
        match = next(c for c in choices if c.casefold() == close[0].casefold())
        return _("did you mean `{word}`?", word=match)
    if not listing:
        return None
    return _("use one of {choices}", choices=_or(choices))


def unit_hint(text: str, allowed: list[str]) -> str:
    """The hint for a ``unit`` that is none of ``allowed``: a synonym or another spelling of
    one of them, never a unit that is merely spelt alike (``mia DKK`` is not ``mio DKK``: the
    neighbour would make every amount 1 000 times too small).

    >>> unit_hint("mill. kr.", ["DKK", "1000 DKK", "mio DKK"])
    'mente du `mio DKK`?'
    """
    folded = " ".join(text.casefold().split())
    target = _UNIT_SYNONYMS.get(folded)
    if target is not None and target in allowed:
        return _("did you mean `{word}`?", word=target)
    for choice in allowed:
        if choice.casefold() == folded or choice.casefold() == folded.replace(".", ""):
            return _("did you mean `{word}`? (spelled exactly so)", word=choice)
    if _BILLIONS & set(folded.replace("kr.", " ").split()) or "milliard" in folded:
        return _(
            "bevilling has no unit for billions (mia. kr.): write the amounts in `mio DKK`,"
            " 1000 times the figures (1,5 mia. kr. is 1500 mio DKK)"
        )
    return _(
        "use one of {choices}; a unit is never guessed from its spelling", choices=_or(allowed)
    )


def _ascii_fold(word: str) -> str:
    return word.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
