"""From a table's header to ledger fields: which column holds what, in which unit.

:func:`read_header` maps each header text to a field (Danish and English names,
``--map COLUMN=field``, 4-digit years as profile columns) and finds the unit and price level a
header names.  A header that maps to no field, two columns for one field, or a table without
a title or amount column are problems at the header's line with a ``--map`` hint.  The rows
under the header are read by :mod:`bevilling.interop.rows`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import attrs

from bevilling.core.model import Unit
from bevilling.core.problems import Problem
from bevilling.i18n.catalogs import catalog
from bevilling.interop.tables import RawLine, import_problem

_, _n = catalog(__name__)

__all__ = [
    "FIELDS",
    "GROUPING_FIELDS",
    "HEADERS",
    "IGNORE",
    "TEXT_FIELDS",
    "YEAR",
    "Column",
    "Header",
    "Stated",
    "fill_down_error",
    "header_key",
    "is_year",
    "magnitude_of",
    "map_header",
    "mentions_prices",
    "parse_fill_down",
    "price_level_in",
    "price_levels_in",
    "read_header",
    "stated_in_caption",
    "unit_in",
    "unit_words_in",
    "units_in",
    "unknown_unit_problem",
    "unknown_units_in",
    "without_units",
]

#: The fields a column can map to (``--map COLUMN=field``); a 4-digit year is a profile
#: column and ``-`` ignores the column.
FIELDS = (
    "title",
    "target_group",
    "organisation",
    "description",
    "source",
    "committee",
    "appropriation_no",
    "function",
    "amount",
    "expires",
)
TEXT_FIELDS = (
    "target_group",
    "organisation",
    "description",
    "source",
    "committee",
    "appropriation_no",
    "function",
)
#: The columns that group rows: a Word table prints them once per group (merged cells), so an
#: empty cell under one is read as the value above it.  Never an amount, a title or a year.
GROUPING_FIELDS = ("target_group", "organisation", "source", "committee")
IGNORE = "-"

#: Danish (and English) headers → field, matched on the casefolded header without markup.
HEADERS: dict[str, str] = {
    "målgruppe": "target_group", "målgrupper": "target_group", "target group": "target_group",
    "org.": "organisation", "org": "organisation", "organisation": "organisation",
    "organisation/center": "organisation", "center": "organisation",
    "beskrivelse": "description", "description": "description",
    "formål/overskrift": "title", "formål": "title", "overskrift": "title", "titel": "title",
    "tiltag": "title", "title": "title",
    "kilde": "source", "source": "source",
    "beløb": "amount", "beløb i tusinder": "amount", "beløb i 1.000 kr.": "amount",
    "i alt": "amount", "amount": "amount", "total": "amount",
    "udløb": "expires", "expires": "expires",
    "udvalg": "committee", "committee": "committee",
    "bevilling": "appropriation_no", "bevilling nr.": "appropriation_no",
    "appropriation no.": "appropriation_no", "funktion": "function", "function": "function",
}  # fmt: skip

# Every pattern below runs on user text; each is linear (no two unbounded repeats that can
# match the same characters next to each other; see docs/interop.md, "Untrusted inputs").
YEAR = re.compile(r"(19|20|21)[0-9]{2}\Z")
# "2016 p/l", "2016-p/l", "2016 - p / l".  Not r"\s*-?\s*": two adjacent \s* are quadratic in
# a run of spaces that is not followed by "p".
# Also "2016-pl", "2016 pl.", "2016-priser", "2016-prisniveau", "P/L 2016", "pl 2016" (whole
# words: not "2016 plan").
_PRICE_LEVEL = re.compile(
    r"(?<![0-9])((?:19|20|21)[0-9]{2})\s*(?:-\s*)?(?:p\s*/\s*l|pl(?![^\W\d_])"
    r"|pris(?:er|niveau)(?![^\W\d_]))"
    r"|(?<![^\W\d_])(?:p\s*/\s*l|pl)\.?\s*(?:-\s*)?((?:19|20|21)[0-9]{2})(?![0-9])",
    re.IGNORECASE,
)
# The unit words of a header (casefolded, blanks collapsed), as whole words: a magnitude and a
# currency in either order ("1.000 kr.", "mio. kr.", "mill. kr.", "t. kr.", "tkr", "mdkk",
# "DKK 1,000", "kr. 1.000"), a magnitude word alone ("i tusinder", "mio.", "mia."), or a
# currency alone ("kr.", "EUR").  A figure before a currency counts when grouped in thousands
# or a power of ten ("100.000 kr.", "1000 kr."; not "500 kr. pr. deltager" or "2016 kr.").
# Linear: every start is a word's first letter or a figure's first digit (the look-behind),
# each alternative a run of literals and single optional blanks.
_CURRENCY = r"kr\.?|kroner|dkk|eur|euro|€|usd|\$|sek|nok|gbp|£"
_WORD_MAGNITUDE = (
    r"mio\.?|mill\.?|millioner|millions?|mia\.?|mrd\.?|milliard(?:er)?|billions?"
    r"|tusinde?|tusinder|thousands?"
)
_UNIT_PHRASE = re.compile(
    r"(?<![\w.,'])(?:"
    rf"(?P<m1>{_WORD_MAGNITUDE}|bn|t\.?|m|'000|[0-9]{{1,3}}(?:[., ][0-9]{{3}})+|10+) ?"
    rf"(?P<c1>{_CURRENCY})"
    rf"|(?P<c2>{_CURRENCY}) ?(?P<m2>{_WORD_MAGNITUDE}|m|'000|1(?:[., ]?000)+)"
    rf"|(?P<m3>{_WORD_MAGNITUDE}|bn)"
    rf"|(?P<c3>{_CURRENCY})"
    r")(?![\w€$£])"
)
_MAGNITUDES = {
    "mio": 10**6, "mill": 10**6, "millioner": 10**6, "million": 10**6, "millions": 10**6,
    "m": 10**6, "mia": 10**9, "mrd": 10**9, "milliard": 10**9, "milliarder": 10**9,
    "billion": 10**9, "billions": 10**9, "bn": 10**9, "tusind": 1000, "tusinde": 1000,
    "tusinder": 1000, "thousand": 1000, "thousands": 1000, "t": 1000, "'000": 1000,
}  # fmt: skip
_SCALES = {1: Unit.DKK, 1000: Unit.THOUSAND_DKK, 10**6: Unit.MILLION_DKK}
_KRONER = frozenset({"kr", "kroner", "dkk"})


def header_key(header: str) -> str:
    """A header as matched: whitespace collapsed, casefolded, without a trailing colon."""
    return " ".join(header.split()).casefold().rstrip(":")


def fill_down_error(name: str) -> str | None:
    """Why ``name`` cannot be a field to fill down (``--fill-down``), or None when it can.

    Only the text fields can; the message names the field meant when one is close (a Danish
    header such as ``Målgruppe``, a typo, ``target-group``).

    >>> fill_down_error("description") is None
    True
    """
    if name in TEXT_FIELDS:
        return None
    fields = ", ".join(TEXT_FIELDS)
    shown = repr(name[:40])
    if name in FIELDS or name == IGNORE or YEAR.match(name):
        return _(
            "{name} cannot be filled down: a title, an amount, a year or an expiry is never"
            " taken from the row above; the fields that can are {fields}",
            name=shown,
            fields=fields,
        )
    guess = _fill_down_guess(name)
    if guess is not None:
        return _(
            "{name} is not a field that can be filled down; did you mean {guess}?",
            name=shown,
            guess=guess,
        )
    return _(
        "{name} is not a field that can be filled down; the fields that can are {fields}",
        name=shown,
        fields=fields,
    )


def _fill_down_guess(name: str) -> str | None:
    """The text field ``name`` most likely means: the field of a header it spells
    (``Målgruppe``), else the closest field name."""
    import difflib

    field = HEADERS.get(header_key(name[:100]))
    if field in TEXT_FIELDS:
        return field
    key = "_".join(name[:100].casefold().replace("-", " ").split())
    if key in TEXT_FIELDS:
        return key
    close = difflib.get_close_matches(key, TEXT_FIELDS, n=1, cutoff=0.6)
    return close[0] if close else None


def parse_fill_down(items: Iterable[str]) -> tuple[str, ...]:
    """The fields ``--fill-down`` names (each item one name or several, comma-separated), in
    order, each once; ValueError saying why, for every name that is not a text field, when an
    item names nothing (``--fill-down ''``: ``--no-fill-down`` is the way to fill none) or has
    an empty name between commas (``target_group,,source``), and when names are separated by
    spaces instead of commas.

    >>> parse_fill_down(["target_group, description", "target_group"])
    ('target_group', 'description')
    """
    fields: list[str] = []
    errors: list[str] = []
    for item in items:
        names = [name.strip() for name in item.split(",")]
        if not any(names):
            raise ValueError(
                _(
                    "name the fields to fill down, comma-separated (from {fields});"
                    " --no-fill-down fills none",
                    fields=", ".join(TEXT_FIELDS),
                )
            )
        if not all(names):
            errors.append(
                _(
                    "{item} has an empty field name (two commas in a row, or a comma at an"
                    " end); write the fields with one comma between them: {fields}",
                    item=repr(item[:80]),
                    fields=",".join(filter(None, names))[:80],
                )
            )
        for name in filter(None, names):
            words = name.split()
            error = fill_down_error(name)
            if error is not None and len(words) > 1 and any(w in TEXT_FIELDS for w in words):
                error = _(
                    "{name} is not one field name: separate the fields with commas, not"
                    " spaces: {fields}",
                    name=repr(name[:80]),
                    fields=",".join(words)[:80],
                )
            if error is not None:
                errors.append(error)
            elif name not in fields:
                fields.append(name)
    if errors:
        raise ValueError("; ".join(dict.fromkeys(errors)))  # every bad name, on one line
    return tuple(fields)


def is_year(field: str | None) -> bool:
    """True for a profile column's field (``year:2016``)."""
    return field is not None and field.startswith("year:")


def units_in(text: str) -> tuple[Unit, ...]:
    """Every unit a header names, in order, each once, read by whole words
    (:func:`unit_words_in`): "Beløb (1.000 kr.)", "mio. kr.", "mill. kr.", "t. kr.", "tkr",
    "i tusinder", "DKK 1,000"; kroner only when it names neither ("1.000 kr." is 1000 DKK, not
    also DKK).  Two units in one header ("Beløb (1.000 kr. / mio. kr.)") are two, for the
    import to refuse.  A magnitude or currency bevilling has no unit for ("mia. kr.", "100.000
    kr.", "mio. euro") is none of them: see :func:`unknown_units_in`.

    >>> units_in("I alt (mio. kr.; 1.000 kr.)")
    (<Unit.MILLION_DKK: 'mio DKK'>, <Unit.THOUSAND_DKK: '1000 DKK'>)
    >>> units_in("Beløb i tusinder (økonomiområde 1)"), units_in("Beløb (mia. kr.)")
    ((<Unit.THOUSAND_DKK: '1000 DKK'>,), ())
    """
    found = [u for u in unit_words_in(text) if isinstance(u, Unit)]
    scaled = [u for u in found if u is not Unit.DKK]
    return tuple(dict.fromkeys(scaled or found))


def unknown_units_in(text: str) -> tuple[str, ...]:
    """The unit words of a header that name a magnitude or currency bevilling has no unit for,
    as written, each once: "mia. kr.", "mrd. kr.", "100.000 kr.", "mio. euro", "EUR".

    >>> unknown_units_in("Beløb (mia. kr.)"), unknown_units_in("Beløb (1.000 kr.)")
    (('mia. kr.',), ())
    """
    return tuple(dict.fromkeys(u for u in unit_words_in(text) if isinstance(u, str)))


def unit_words_in(text: str) -> list[Unit | str]:
    """The unit words of ``text`` in order, as whole words (never inside another word:
    "økonomiområde", "Premiopulje"): each the unit it names, or its text as written when it
    names a magnitude or currency bevilling has no unit for (billions, "100.000 kr.", euro).
    The vocabulary is the loader's (``unit: mill. kr.`` is mio DKK, ``t. kr.`` 1000 DKK)."""
    found: list[Unit | str] = []
    for match in _UNIT_PHRASE.finditer(" ".join(text[:10_000].split()).casefold()):
        magnitude = match.group("m1") or match.group("m2") or match.group("m3")
        currency = match.group("c1") or match.group("c2") or match.group("c3")
        scale = _scale(magnitude) if magnitude else 1
        unit = _SCALES.get(scale) if scale is not None else None
        if unit is None or (currency is not None and currency.rstrip(".") not in _KRONER):
            found.append(match.group().strip())
        else:
            found.append(unit)
    return found


def magnitude_of(words: str) -> int | None:
    """What unit words multiply by: 10^9 for "mia. kr.", 1000 for "t. kr.", 1 for "kr.", None
    for words that are no unit ("Beløb") or a figure no power of ten ("2.500 kr.").

    >>> magnitude_of("mia. kr."), magnitude_of("100.000 kr."), magnitude_of("Beløb")
    (1000000000, 100000, None)
    """
    match = _UNIT_PHRASE.fullmatch(" ".join(words.split()).casefold())
    if match is None:
        return None
    magnitude = match.group("m1") or match.group("m2") or match.group("m3")
    return _scale(magnitude) if magnitude else 1


def unknown_unit_problem(
    file: str, line: int, text: str, words: str, given: Unit | None
) -> Problem:
    """``import-unknown-unit``: the header or caption ``text`` states the amounts in ``words``
    ("mia. kr.", "100.000 kr.", "mio. euro"), a unit bevilling has none for.  Read in any unit
    it has, the figures would be wrong by a factor: without ``--unit`` (``given``) an error
    whose hint says how to convert (billions to mio. kr.); with it, a warning that the figures
    are read in that unit."""
    from bevilling.core.money import D
    from bevilling.core.problems import Severity
    from bevilling.core.text import visible
    from bevilling.i18n.formatting import format_amount, unit_words

    values = {"text": repr(visible(text, one_line=True)[:200]), "words": repr(words[:80])}
    if given is not None:
        return import_problem(
            "import-unknown-unit",
            file,
            line,
            _(
                "{text} states the amounts in {words}, a unit bevilling does not have; --unit"
                " {given} reads them in {given_value}",
                **values,
                given=repr(given.value),
                given_value=unit_words(given.value),
            ),
            _(
                "check that the figures are in {given_value}, not in {words}, and correct the"
                " header so that it says so",
                given_value=unit_words(given.value),
                words=values["words"],
            ),
            severity=Severity.WARNING,
        )
    hint = (
        _(
            "bevilling has no unit for billions: write the amounts in mio. kr., 1000 times the"
            " figures ({example} mia. kr. is {converted} mio. kr.), and head the column so",
            example=format_amount(D("1.5")),
            converted=format_amount(D(1500)),
        )
        if magnitude_of(words) == 10**9
        else _(
            "convert the amounts to kr., 1.000 kr. or mio. kr. and head the column so, or say"
            " which unit the figures are in with --unit ('DKK', '1000 DKK' or 'mio DKK')"
        )
    )
    return import_problem(
        "import-unknown-unit",
        file,
        line,
        _(
            "{text} states the amounts in {words}, a unit bevilling does not have: no unit is"
            " read from it",
            **values,
        ),
        hint,
    )


def without_units(text: str) -> str:
    """``text`` (casefolded, blanks collapsed) without its unit words and price levels:
    "Total (mill. kr., 2016-pl)" → "total ( , )"."""
    text = _UNIT_PHRASE.sub(" ", " ".join(text[:10_000].split()).casefold())
    return _PRICE_LEVEL.sub(" ", text)


def _scale(magnitude: str) -> int | None:
    """What a magnitude word multiplies by ("mio." 10^6, "1.000" 1000, "t." 1000), or None for
    a figure that is no power of ten ("2.500")."""
    word = magnitude.rstrip(".")
    if word in _MAGNITUDES:
        return _MAGNITUDES[word]
    digits = "".join(c for c in magnitude if c.isdigit())
    return int(digits) if digits and len(digits) <= 13 else None


def unit_in(text: str) -> Unit | None:
    """The unit a header or label names ("Beløb i tusinder", "(1.000 kr. – 2016 p/l)"); the
    first of :func:`units_in` when it names two."""
    units = units_in(text)
    return units[0] if units else None


def price_levels_in(text: str) -> tuple[int, ...]:
    """Every price level a header names, in order, each once: "2016 p/l", "2016-pl", "2016
    pl.", "2016-priser", "P/L 2016".

    >>> price_levels_in("Beløb (1.000 kr., 2016-pl)"), price_levels_in("P/L 2017; 2016-priser")
    ((2016,), (2017, 2016))
    """
    found = _PRICE_LEVEL.finditer(text[:10_000])
    return tuple(dict.fromkeys(int(m.group(1) or m.group(2)) for m in found))


def mentions_prices(text: str) -> bool:
    """True when ``text`` speaks of a price level ("p/l", "pl", "prisniveau", "pris- og
    lønniveau", "faste priser") other than current prices ("løbende priser"): a header that
    does so but states no level :func:`price_levels_in` reads ("PL16", "faste priser") leaves
    the ledger's price level unsaid.

    >>> mentions_prices("Beløb (1.000 kr., PL16)"), mentions_prices("Beløb (løbende priser)")
    (True, False)
    """
    text = text[:10_000]
    return _PRICE_WORDS.search(text) is not None and _CURRENT_PRICES.search(text) is None


def price_level_in(text: str) -> int | None:
    """The price level a header or caption names ("(1.000 kr. – 2016 p/l)" → 2016).

    >>> price_level_in("Tabel 2: Udgifter til service (1.000 kr. – 2017 p/l)")
    2017
    """
    levels = price_levels_in(text)
    return levels[0] if levels else None


# What a caption states its unit and price level with: a piece of nothing but the unit
# ("1.000 kr.", "mio. kr.", "t.kr.", "DKK million"), or nothing but "2017 p/l", each perhaps
# after "i"/"in" or "beløb i".  All full matches of literals and single optional spaces.
_CAPTION_FILLER = re.compile(r"(?:(?:beløb|amounts?) )?(?:i|in) ")
_CAPTION_UNITS = (
    (Unit.MILLION_DKK, re.compile(
        r"mio\.? ?(?:kr\.?|kroner|dkk)|millioner? ?(?:kr\.?|kroner)|dkk ?(?:millions?|mio\.?|m)"
        r"|(?:millions?|m) dkk"
    )),
    (Unit.THOUSAND_DKK, re.compile(
        r"(?:1\.000|1000|1 000|tusinde?) ?(?:kr\.?|kroner|dkk)|t\. ?kr\.?|tkr\.?|tusinder"
        r"|dkk ?(?:1,000|1000|thousands?|'000)|(?:1,000|thousands?) dkk"
    )),
    (Unit.DKK, re.compile(r"kr\.?|kroner|dkk")),
)  # fmt: skip
# Words on prices that state neither ("(1.000 kr., løbende priser)").
_CAPTION_PRICES = re.compile(r"(?:løbende|faste|årets) priser|(?:current|constant|fixed) prices")
# Words on a price level, as whole words (linear: literals and single optional spaces).
_PRICE_WORDS = re.compile(
    r"(?<![^\W\d_])(?:p ?/ ?l|pl|prisniveau|pris- og lønniveau|faste priser|(?:pl|p/l)[0-9]+)"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
_CURRENT_PRICES = re.compile(r"løbende priser|current prices", re.IGNORECASE)
_CAPTION_LEVEL = re.compile(
    r"(?:19|20|21)[0-9]{2} ?(?:- ?)?(?:p ?/ ?l\.?|pl\.?|priser|prisniveau)"
    r"|(?:p ?/ ?l|pl)\.? ?(?:- ?)?(?:19|20|21)[0-9]{2}"
)
_CAPTION_BRACKET = re.compile(r"\(([^()]*)\)")
_CAPTION_SEPARATOR = re.compile(r",(?![0-9])|[;:–—]| - ")  # not the comma of "1,000 DKK"


@attrs.frozen
class Stated:
    """The unit and price level a caption states (:func:`stated_in_caption`)."""

    unit: Unit | None = None
    """The unit ("(1.000 kr.)" → 1000 DKK), if the caption states one."""
    price_level: int | None = None
    """The price level ("(mio. kr., 2017 p/l)" → 2017), if the caption states one."""
    units: tuple[Unit, ...] = attrs.field(default=(), repr=False)
    """Every unit the caption states, in order, each once: two are a conflict."""
    price_levels: tuple[int, ...] = attrs.field(default=(), repr=False)
    """Every price level the caption states, in order, each once."""
    unknown_units: tuple[str, ...] = attrs.field(default=(), repr=False)
    """The units it states that bevilling has none for ("mia. kr.", "mio. euro"), as written
    (casefolded)."""


def _stated_piece(piece: str) -> Unit | bool | str | None:
    """What one piece of a caption states: its unit ("1.000 kr.", "mill. kr."), True for a
    price level or prices ("2017 p/l", "løbende priser": part of a statement, read by
    :func:`price_level_in`), the piece itself when it is nothing but a unit bevilling has
    none for ("mia. kr.", "mio. euro"), or None when it holds anything else ("500 kr. pr.
    deltager", "jf. bilag 2")."""
    text = " ".join(piece.split()).casefold()
    filler = _CAPTION_FILLER.match(text)
    text = text[filler.end() :] if filler is not None else text
    if _CAPTION_LEVEL.fullmatch(text) or _CAPTION_PRICES.fullmatch(text):
        return True
    for unit, pattern in _CAPTION_UNITS:
        if pattern.fullmatch(text):
            return unit
    if _UNIT_PHRASE.fullmatch(text):  # the header's words: "mill. kr.", "tdkk", "mia. kr."
        (word,) = unit_words_in(text)
        return word
    return None


def stated_in_caption(caption: str) -> Stated:
    """The unit and price level ``caption`` states the way captions do: in brackets that hold
    nothing else ("Tabel 2: Udgifter (1.000 kr. – 2017 p/l)", "(mio. kr.)"), or at its end,
    after a comma, colon or dash ("Tabel 8: Særindsatser, mio. kr., 2016 p/l") or "i" ("…
    udgifter i 1.000 kr.").  A caption that merely mentions an amount ("Tilskud på 500 kr.
    pr. deltager", "Tusindvis af borgere") states no unit.  The first unit stated is
    :attr:`Stated.unit`; every one is in :attr:`Stated.units` (two are a conflict).  A price
    level is stated wherever "2017 p/l" stands (:func:`price_level_in`): nothing else is
    written so.

    >>> stated_in_caption("Tabel 2: Udgifter til service (mio. kr., 2017 p/l)")
    Stated(unit=<Unit.MILLION_DKK: 'mio DKK'>, price_level=2017)
    >>> stated_in_caption("Tabel 4: Tilskud på 500 kr. pr. deltager")
    Stated(unit=None, price_level=None)
    """
    found: list[Unit | bool | str] = []
    caption = caption[:1000]
    for bracket in _CAPTION_BRACKET.finditer(caption):
        pieces = [_stated_piece(p) for p in _CAPTION_SEPARATOR.split(bracket.group(1))]
        if all(p is not None for p in pieces):
            found.extend(p for p in pieces if p is not None)
    rest = _CAPTION_BRACKET.sub(" ", caption).rstrip(" .")
    tail = _CAPTION_SEPARATOR.split(rest)
    for piece in reversed(tail[1:] if len(tail) > 1 else tail):
        stated = _stated_piece(piece)
        if stated is None:
            words = " ".join(piece.split()).casefold().rpartition(" i ")
            stated = _stated_piece(words[2]) if words[1] else None
            if stated is not None:
                found.append(stated)
            break
        found.append(stated)
    units = tuple(dict.fromkeys(s for s in found if isinstance(s, Unit)))
    levels = price_levels_in(caption)
    return Stated(
        units[0] if units else None,
        levels[0] if levels else None,
        units=units,
        price_levels=levels,
        unknown_units=tuple(dict.fromkeys(s for s in found if isinstance(s, str))),
    )


# --- the header ------------------------------------------------------------------------------


@attrs.frozen
class Column:
    """One column of the header: its index, its text and the field it maps to."""

    index: int
    """The 0-based column index."""
    header: str
    """The header text without markup."""
    field: str | None
    """A FIELDS name, ``year:2016``, IGNORE, or None (no header)."""


@attrs.frozen
class Header:
    """The header line of a table: what each column holds, and the unit and price level."""

    line: int
    """The header's line in the input."""
    texts: tuple[str, ...]
    """The header cells' texts."""
    columns: tuple[Column, ...]
    """The columns, in order."""
    unit: Unit | None
    """The unit the headers name, if any."""
    price_level: int | None
    """The price level the headers name ("2016 p/l"), if any."""
    unit_text: str | None = None
    """The header text that names :attr:`unit` ("Beløb i tusinder"), if any."""
    price_level_text: str | None = None
    """The header text that names :attr:`price_level`, if any."""
    stated_units: tuple[tuple[int, str, Unit], ...] = ()
    """(column index, header text, unit) of every unit the headers of the amounts name (the
    amount, year and title columns), in column order: two different ones are a conflict."""
    stated_levels: tuple[tuple[int, str, int], ...] = ()
    """(column index, header text, price level) likewise ("2016 p/l")."""
    unknown_units: tuple[tuple[int, str, str], ...] = ()
    """(column index, header text, unit words) of each unit those headers name that bevilling
    has no unit for ("Beløb (mia. kr.)", "100.000 kr.", "mio. euro"), in column order."""
    by_field: Mapping[str, int] = attrs.field(init=False)
    """The first column of each field."""
    years: tuple[tuple[int, int], ...] = attrs.field(init=False)
    """(year, column index) of every profile column."""
    words: frozenset[int] = attrs.field(init=False)
    """The columns that hold text (title, expiry, text fields)."""

    def __attrs_post_init__(self) -> None:
        by_field: dict[str, int] = {}
        for column in self.columns:
            if column.field is not None:
                by_field.setdefault(column.field, column.index)
        object.__setattr__(self, "by_field", by_field)
        years = tuple(
            (int(c.field[5:]), c.index) for c in self.columns if c.field and is_year(c.field)
        )
        object.__setattr__(self, "years", years)
        text_fields = {"title", "expires", *TEXT_FIELDS}
        words = frozenset(c.index for c in self.columns if c.field in text_fields)
        object.__setattr__(self, "words", words)

    def field_column(self, field: str) -> int | None:
        """The index of the column of ``field``, or None."""
        return self.by_field.get(field)


def map_header(texts: Sequence[str], mapping: Mapping[str, str]) -> tuple[list[str | None], int]:
    """Each header's field (None: unknown or empty) and how many headers were recognised."""
    fields: list[str | None] = []
    known = 0
    for index, text in enumerate(texts):
        key = header_key(text)
        field = mapping.get(str(index + 1), mapping.get(key)) if key or mapping else None
        if field is None and key:
            field = HEADERS.get(key)
            if field is None and key.startswith(("beløb", "amount")):
                field = "amount"
        if field is not None and YEAR.match(field):
            field = f"year:{field}"
        elif field is None and YEAR.match(key):
            field = f"year:{key}"
        if field is not None and field != IGNORE:
            known += 1
        fields.append(field)
    return fields, known


def read_header(
    line: RawLine, file: str, mapping: Mapping[str, str]
) -> tuple[Header, list[Problem]]:
    """The header of a table from its header line, and the problems of its columns."""
    texts = tuple(cell.text for cell in line.cells)
    fields, _known = map_header(texts, mapping)
    problems: list[Problem] = []
    if fields and fields[0] is None and any(is_year(f) for f in fields) and "title" not in fields:
        fields[0] = "title"  # the unnamed first column of a multi-year table ("1.000 kr.")
    # The headers over amounts state their unit and price level: the amount column ("Beløb
    # (1.000 kr., 2017 p/l)"), a year column mapped by hand ("2016 (mio. kr.)") and the title
    # column (the corner cell "Mio. kr." of a multi-year table).  Every one is kept: two
    # different units must never be settled by whichever column comes last.
    stated_units: list[tuple[int, str, Unit]] = []
    stated_levels: list[tuple[int, str, int]] = []
    unknown_units: list[tuple[int, str, str]] = []
    for index, (text, field) in enumerate(zip(texts, fields, strict=True)):
        if field in {"amount", "title"} or is_year(field):
            stated_units.extend((index, text, u) for u in units_in(text))
            stated_levels.extend((index, text, level) for level in price_levels_in(text))
            unknown_units.extend((index, text, words) for words in unknown_units_in(text))
    first_unit = stated_units[0] if stated_units else None
    first_level = stated_levels[0] if stated_levels else None
    columns = []
    seen: dict[str, str] = {}
    for index, (text, field) in enumerate(zip(texts, fields, strict=True)):
        if field is None and text:
            problems.append(
                import_problem(
                    "import-unknown-column",
                    file,
                    line.line,
                    _(
                        "column {number} {header} maps to no ledger field",
                        number=index + 1,
                        header=repr(text),
                    ),
                    _(
                        "map it by hand: --map '{header}=FIELD' with FIELD one of {fields},"
                        " a year, or - to leave the column out",
                        header=text,
                        fields=", ".join(FIELDS),
                    ),
                )
            )
        if field is not None and field != IGNORE:
            if field in seen:
                problems.append(
                    import_problem(
                        "import-duplicate-column",
                        file,
                        line.line,
                        _(
                            "columns {first} and {second} both map to {field}",
                            first=repr(seen[field]),
                            second=repr(text),
                            field=field,
                        ),
                        _("leave one out: --map '{header}=-'", header=text),
                    )
                )
            seen[field] = text
        columns.append(Column(index, text, field))
    header = Header(
        line.line,
        texts,
        tuple(columns),
        first_unit[2] if first_unit else None,
        first_level[2] if first_level else None,
        unit_text=first_unit[1] if first_unit else None,
        price_level_text=first_level[1] if first_level else None,
        stated_units=tuple(stated_units),
        stated_levels=tuple(stated_levels),
        unknown_units=tuple(unknown_units),
    )
    if header.field_column("title") is None:
        problems.append(
            import_problem(
                "import-missing-column",
                file,
                line.line,
                _("the header has no title column (Formål/overskrift)"),
                _("map the column that names each row: --map 'COLUMN=title'"),
            )
        )
    if header.field_column("amount") is None and not header.years:
        problems.append(
            import_problem(
                "import-missing-column",
                file,
                line.line,
                _("the header has no amount column (Beløb, I alt) and no year columns"),
                _("map the column with the amounts: --map 'COLUMN=amount'"),
            )
        )
    return header, problems
