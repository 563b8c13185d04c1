"""YAML ledger files → model, with file:line on everything; problems are returned, not raised.

:func:`load` takes files and directories; :func:`load_string` takes the text of one ledger.
Every value is read by its field's declared type from the text the user wrote, never by
YAML's implicit typing, so ``appropriation_no: 18.10`` is the text "18.10" and
``amount: 1.200`` is refused as ambiguous instead of becoming 1.2.

A file with any error is left out of :attr:`LedgerSet.ledgers`; all of its problems are in
:attr:`LedgerSet.problems`, so that checks and reports never run on a half-read ledger.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import PurePath
from typing import TypeVar, Union, cast

from bevilling.core.model import (
    Acceptance,
    Appropriation,
    Category,
    Expiry,
    Ledger,
    LedgerSet,
    NumberFormat,
    Phase,
    Profile,
    Table,
    Unit,
)
from bevilling.core.money import AmountSyntaxError, parse_plain
from bevilling.core.problems import Location, Problem, Severity
from bevilling.read import yamltree as yt

__all__ = ["FORMAT", "PathArg", "load", "load_string", "parse_expiry"]

#: The value of the ``format`` key this version reads.
FORMAT = "bevilling/1"

PathArg = Union[str, "os.PathLike[str]"]

_E = TypeVar("_E", Category, Phase, Unit, NumberFormat)

_LEDGER_KEYS = (
    "format", "title", "document", "unit", "phase", "price_level", "number_format",
    "stated_total", "rounded_to", "tables", "accepted",
)  # fmt: skip
_TABLE_KEYS = (
    "name", "category", "stated_total", "stated_years", "rounded_to", "appropriations",
)  # fmt: skip
_APPROPRIATION_KEYS = (
    "id", "title", "amount", "profile", "expires", "target_group", "organisation",
    "description", "source", "committee", "appropriation_no", "function",
)  # fmt: skip
_ACCEPTANCE_KEYS = ("code", "table", "appropriation", "reason")
_OPTIONAL_TEXT = frozenset({
    "target_group", "organisation", "description", "source", "committee", "appropriation_no",
    "function",
})  # fmt: skip

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
_YAML_CODES = frozenset({"yaml-syntax", "yaml-tag", "yaml-alias", "too-deep", "not-utf8"})
_YEAR = re.compile(r"[0-9]{4}\Z")
_KIND = {yt.Scalar: "text", yt.Mapping: "a mapping", yt.Sequence: "a list"}


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


def load(paths: PathArg | Iterable[PathArg]) -> LedgerSet:
    """Load ledger files, and every ``*.yaml``/``*.yml`` below directories, in path order.

    Returns a :class:`~bevilling.core.model.LedgerSet` whose ``problems`` hold everything found,
    all of it, each with file, line and hint.  Never raises for the content of a file;
    a path that does not exist or cannot be read is a problem too (code ``unreadable``).

    >>> ledgers = load("ledger/")  # run from the repository root
    >>> [p.code for p in ledgers.problems]
    []
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    # Loading makes millions of small objects and no cycles: the cyclic collector would only
    # walk them again and again (30-40 % of the time on large ledgers).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(paths)
    finally:
        if collecting:
            gc.enable()


def _load(paths: Iterable[PathArg]) -> LedgerSet:
    files, problems = _collect_files(paths)
    ledgers: list[Ledger] = []
    sources: dict[str, str] = {}
    for file in files:
        text, read_problems = _read_text(file)
        problems.extend(read_problems)
        if text is None:
            continue
        sources[file] = text
        ledger, file_problems = _read_ledger(text, file)
        problems.extend(file_problems)
        if ledger is not None:
            ledgers.append(ledger)
    return LedgerSet(ledgers=tuple(ledgers), problems=tuple(problems), sources=sources)


def load_string(text: str, file: str = "<string>") -> LedgerSet:
    """Load one ledger from its text; ``file`` is the name problems are reported under.

    >>> ledgers = load_string('''
    ... format: bevilling/1
    ... title: Eksempel
    ... document: Budgetaftale 2015
    ... unit: 1000 DKK
    ... tables:
    ...   - name: Tabel 1
    ...     category: driftsmidler
    ...     appropriations:
    ...       - {title: Mikrolån, amount: 1200, expires: 2016}
    ... ''')
    >>> ledgers.ledgers[0].tables[0].appropriations[0].amount
    Decimal('1200')
    """
    text = _normalise_newlines(text.removeprefix("\ufeff"))
    collecting = gc.isenabled()
    gc.disable()
    try:
        ledger, problems = _read_ledger(text, file)
    finally:
        if collecting:
            gc.enable()
    ledgers = (ledger,) if ledger is not None else ()
    return LedgerSet(ledgers=ledgers, problems=tuple(problems), sources={file: text})


# --- finding and reading files -----------------------------------------------------------


def _collect_files(paths: Iterable[PathArg]) -> tuple[list[str], list[Problem]]:
    """The ledger files named by ``paths``, directories expanded, each file once."""
    files: list[str] = []
    problems: list[Problem] = []
    seen: set[str] = set()

    def add(file: str) -> None:
        real = os.path.realpath(file)
        if real not in seen:
            seen.add(real)
            files.append(file)

    for path in paths:
        name = os.fspath(path)
        if os.path.isdir(name):
            found = _walk(name)
            if not found:
                problems.append(
                    _problem(
                        "no-ledgers",
                        Location(name),
                        f"the directory {name} holds no *.yaml or *.yml ledger file",
                        "name a ledger file or a directory that holds ledgers",
                    )
                )
            for file in found:
                add(file)
        elif os.path.isfile(name):
            add(name)
        else:
            what = "does not exist" if not os.path.lexists(name) else "is not a readable file"
            problems.append(
                _problem(
                    "unreadable",
                    Location(name),
                    f"{name} {what}",
                    "check the path; ledgers are usually kept in ledger/",
                )
            )
    return files, problems


def _walk(directory: str) -> list[str]:
    """Every ``*.yaml``/``*.yml`` below ``directory``, sorted, not following directory links.

    Hidden directories (``.git``) are skipped.  Not following links means a symlink loop
    cannot make the walk run forever.
    """
    found: list[str] = []
    for root, dirs, names in os.walk(directory, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            os.path.normpath(os.path.join(root, name))
            for name in sorted(names)
            if name.endswith((".yaml", ".yml")) and not name.startswith(".")
        )
    return found


def _read_text(file: str) -> tuple[str | None, list[Problem]]:
    """The file's text, decoded from UTF-8 (a BOM is dropped, CRLF becomes LF)."""
    try:
        with open(file, "rb") as handle:
            data = handle.read()
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [
            _problem(
                "unreadable",
                Location(file),
                f"{file} cannot be read: {reason}",
                "check the file's permissions",
            )
        ]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _problem(
                "not-utf8",
                Location(file, 1),
                "the file is UTF-16 text; ledgers are UTF-8",
                "save the file as UTF-8 (in Notepad: Save as, Encoding: UTF-8)",
            )
        ]
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start : error.start + 1]
        looks_latin1 = _decodes_as_latin1(data)
        hint = (
            "the file looks like Latin-1/Windows-1252 (æ, ø and å saved as single bytes):"
            " save it as UTF-8"
            if looks_latin1
            else "save the file as UTF-8 text"
        )
        return None, [
            _problem(
                "not-utf8",
                Location(file, line),
                f"the file is not UTF-8: byte 0x{byte.hex()} on line {line} cannot be decoded",
                hint,
            )
        ]
    return _normalise_newlines(text), []


def _decodes_as_latin1(data: bytes) -> bool:
    """True when ``data`` reads as Windows-1252 text with Danish letters in it."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return any(letter in text for letter in "æøåÆØÅé")


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n") if "\r" in text else text


# --- reading one ledger -----------------------------------------------------------------


def _problem(code: str, location: Location, message: str, hint: str | None) -> Problem:
    return Problem(code, Severity.ERROR, message, location, hint)


def _read_ledger(text: str, file: str) -> tuple[Ledger | None, list[Problem]]:
    """Read one ledger's text; the ledger is None when there is any error."""
    reader = _Reader(file)
    ledger = reader.ledger(text)
    if reader.streamed_format not in (None, reader.number_format):
        # `number_format` came after `tables`, so the tables were read in the wrong notation
        # while streaming: read the file again, knowing the notation from the start.
        reader = _Reader(file, number_format=reader.number_format)
        ledger = reader.ledger(text)
    # In line order; on one line, a YAML-level problem first: it explains the others.
    problems = sorted(reader.problems, key=lambda p: (p.location.line, p.code not in _YAML_CODES))
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return ledger, problems


class _Reader:
    """Reads the node tree of one file into the model, collecting problems as it goes."""

    def __init__(self, file: str, number_format: NumberFormat | None = None) -> None:
        self.file = file
        self.problems: list[Problem] = []
        self.number_format = number_format or NumberFormat.PLAIN
        #: The notation tables were read in while streaming (None until a table is streamed).
        self.streamed_format: NumberFormat | None = None
        self._known_format = number_format

    # -- reporting

    def report(self, code: str, node: yt.Node | int, message: str, hint: str | None) -> None:
        if isinstance(node, int):
            location = Location(self.file, node)
        else:
            end = node.end_line if node.end_line > node.line else 0
            location = Location(self.file, node.line, end)
        self.problems.append(_problem(code, location, message, hint))

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
        self, node: yt.Node, what: str, allowed: tuple[str, ...]
    ) -> dict[str, yt.Node] | None:
        """The mapping's values by key; duplicate and unknown keys are reported."""
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
                    "unknown-field", key_line, f"`{key}` is not a field of {_a(what)}",
                    _did_you_mean(key, allowed),
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
                f"{_a(what)} needs `{key}`" if node is None else f"`{key}` has no value",
                _MISSING_HINTS.get(key, f"add `{key}:` with its value"),
            )
            return False
        return True

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
        text = node.value
        try:
            if self.number_format is NumberFormat.DA:
                from bevilling.i18n.formatting import parse_danish

                return parse_danish(text)
            if text.isascii() and text.isdigit():  # the common case: no sign, dot or grouping
                return Decimal(text)
            return parse_plain(text)
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
                "write the year in full, e.g. 2016 (for a price level: 2016, not '2016 p/l')",
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
        hint = _did_you_mean(text, allowed, _UNIT_SYNONYMS if enum is Unit else None)
        self.report(
            code, node, f"`{key}` is {text!r}, which is not one of {_or(allowed)}", hint
        )  # fmt: skip
        return None

    def expiry(self, node: yt.Node) -> Expiry | None:
        if not isinstance(node, yt.Scalar) or node.is_null:
            if isinstance(node, yt.Scalar):
                self.report(
                    "missing-field", node, "`expires` has no value", _MISSING_HINTS["expires"]
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
            _did_you_mean(text, ["open", "declining", "Udløb ikke fastsat", "Faldende profil"])
            or "write a year (2016), `open` (Udløb ikke fastsat) or `declining` (Faldende profil)",
        )
        return None

    def sequence(self, node: yt.Node | None, key: str, wanted: str) -> list[yt.Node]:
        if node is None:
            return []
        if isinstance(node, yt.Scalar) and node.is_null:
            return []
        if not isinstance(node, yt.Sequence):
            self.wrong_type(node, key, wanted)
            return []
        return node.items

    # -- the levels of a ledger

    def ledger(self, text: str) -> Ledger | None:
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            self.report(
                "not-utf8", line, f"line {line} holds a NUL byte: this is not a text file",
                "check that the file is a ledger and not a binary file saved as .yaml",
            )  # fmt: skip
            return None
        # The plain block layout (what bevilling writes, and what large registers use) is read
        # by a fast path; anything else, or a fast path that gives up halfway, by libyaml.
        before = len(self.problems)
        root = yt.parse_simple(text, self.stream_table)
        tree_problems: list[yt.TreeProblem] = []
        if root is None:
            del self.problems[before:]  # from tables streamed before the fast path gave up
            self.streamed_format = None
            root, tree_problems = yt.parse_tree(text, self.stream_table)
        for tp in tree_problems:
            self.report(tp.code, tp.line, tp.message, tp.hint)
        if root is None or (isinstance(root, yt.Scalar) and root.is_null):
            if not tree_problems:
                self.report(
                    "empty-file", 1, "the file holds no ledger: it is empty",
                    f"a ledger starts with `format: {FORMAT}`; see docs/ledger-format.md",
                )  # fmt: skip
            return None
        if not isinstance(root, yt.Mapping) or not any(key == "format" for key, _, _ in root.pairs):
            self.report(
                "bad-format", root.line, f"the file does not start with `format: {FORMAT}`",
                f"every ledger starts with the line `format: {FORMAT}`; if this YAML file is"
                " not a ledger, move it out of the ledger directory",
            )  # fmt: skip
            return None
        first_key, first_line, _ = root.pairs[0]
        if first_key != "format":
            self.report(
                "bad-format", first_line,
                f"`format: {FORMAT}` must be the first key of a ledger, before `{first_key}`",
                "move the `format:` line to the top of the file, so that the file says what"
                " it is on its first line",
            )  # fmt: skip
        fields = self.fields(root, "ledger", _LEDGER_KEYS)
        if fields is None:  # pragma: no cover - root is a mapping
            return None
        declared = self.text(fields.get("format"), "format")
        if declared != FORMAT:
            self.report(
                "bad-format", fields["format"],
                f"`format` is {declared!r}; this version of bevilling reads {FORMAT}",
                f"write `format: {FORMAT}`, or upgrade bevilling if the file was written for a"
                " newer format",
            )  # fmt: skip
            return None
        number_format = self.choice(
            fields.get("number_format"), "number_format", NumberFormat, "bad-value"
        )
        self.number_format = number_format or NumberFormat.PLAIN
        for key in ("title", "document", "unit", "tables"):
            self.required(fields, key, root, "ledger")
        title = self.text(fields.get("title"), "title")
        document = self.text(fields.get("document"), "document")
        unit = self.choice(fields.get("unit"), "unit", Unit, "bad-value")
        phase = self.choice(fields.get("phase"), "phase", Phase, "bad-value")
        price_node = fields.get("price_level")
        price_level = (
            self.year(price_node, "price_level")
            if price_node is not None and not _is_null(price_node)
            else None
        )
        stated_total = self.amount(fields.get("stated_total"), "stated_total")
        rounded_to = self.rounding(fields.get("rounded_to"))
        tables = [
            cast("Table | None", node.value)
            if isinstance(node, yt.Converted)
            else self.table(node, index)
            for index, node in enumerate(
                self.sequence(fields.get("tables"), "tables", "a list of tables"), start=1
            )
        ]
        accepted = [
            self.acceptance(node)
            for node in self.sequence(fields.get("accepted"), "accepted", "a list of findings")
        ]
        if title is None or document is None or unit is None:
            return None
        return Ledger(
            title=title,
            document=document,
            unit=unit,
            tables=tuple(t for t in tables if t is not None),
            location=Location(self.file, 1, root.end_line),
            phase=phase or Phase.APPROVED,
            price_level=price_level,
            number_format=self.number_format,
            stated_total=stated_total,
            rounded_to=rounded_to,
            accepted=tuple(a for a in accepted if a is not None),
        )

    def rounding(self, node: yt.Node | None) -> Decimal | None:
        value = self.amount(node, "rounded_to")
        if value is not None and value <= 0 and node is not None:
            self.report(
                "bad-value", node, f"`rounded_to` must be positive, not {value}",
                "write the unit the printed figures are rounded to, e.g. 0.1 or 1",
            )  # fmt: skip
            return None
        return value

    def stream_table(self, node: yt.Mapping, index: int, root: yt.Mapping) -> yt.Node:
        """Convert a table as soon as the parser has read it (see ``yt.parse_tree``).

        Only for files that start with `format: bevilling/1`; the notation is the one declared
        above `tables` (the rare file that declares it below is read again, see above).
        """
        first_key, _, first_value = root.pairs[0]
        if first_key != "format" or not (
            isinstance(first_value, yt.Scalar) and first_value.value == FORMAT
        ):
            return node
        if self.streamed_format is None:
            self.streamed_format = self._known_format or next(
                (
                    NumberFormat.DA
                    for key, _, value in root.pairs
                    if key == "number_format" and isinstance(value, yt.Scalar)
                    and value.value == NumberFormat.DA.value
                ),
                NumberFormat.PLAIN,
            )  # fmt: skip
        declared, self.number_format = self.number_format, self.streamed_format
        try:
            table = self.table(node, index)
        finally:
            self.number_format = declared
        return yt.Converted(node.line, node.end_line, table)

    def table(self, node: yt.Node, index: int) -> Table | None:
        fields = self.fields(node, "table", _TABLE_KEYS)
        if fields is None:
            return None
        for key in ("name", "category", "appropriations"):
            self.required(fields, key, node, "table")
        name = self.text(fields.get("name"), "name")
        category = self.choice(fields.get("category"), "category", Category, "unknown-category")
        stated_total = self.amount(fields.get("stated_total"), "stated_total")
        years_node = fields.get("stated_years")
        stated_years = self.years(years_node, "stated_years") if years_node else None
        rounded_to = self.rounding(fields.get("rounded_to"))
        rows = self.sequence(fields.get("appropriations"), "appropriations", "a list of rows")
        appropriations = [
            self.appropriation(row, category, index, number)
            for number, row in enumerate(rows, start=1)
        ]
        if name is None or category is None:
            return None
        return Table(
            name=name,
            category=category,
            appropriations=tuple(a for a in appropriations if a is not None),
            location=Location(self.file, node.line, node.end_line),
            stated_total=stated_total,
            stated_years=stated_years,
            rounded_to=rounded_to,
        )

    def appropriation(
        self, node: yt.Node, category: Category | None, table: int, row: int
    ) -> Appropriation | None:
        fields = self.fields(node, "appropriation", _APPROPRIATION_KEYS)
        if fields is None:
            return None
        self.required(fields, "title", node, "appropriation")
        amount_node, profile_node = fields.get("amount"), fields.get("profile")
        amount = self.amount(amount_node, "amount")
        profile = self.years(profile_node, "profile") if profile_node is not None else None
        if amount_node is None and profile_node is None:
            self.report(
                "missing-field", node, "an appropriation needs `amount` or `profile`",
                "add `amount:` with the Beløb from the source, or `profile:` with the amount"
                " per year",
            )  # fmt: skip
        expires_node = fields.get("expires")
        expiry = self.expiry(expires_node) if expires_node is not None else None
        if expires_node is None and profile is not None:
            last = profile.last_funded_year
            if last is None:
                self.report(
                    "bad-expiry", profile_node or node,
                    "the profile has no year with money in it, so the expiry cannot be derived",
                    "add `expires:` with the year, `open` or `declining`",
                )  # fmt: skip
            else:
                expiry = Expiry.in_year(last)
        elif expires_node is None and profile_node is None:
            self.report(
                "missing-field", node, "an appropriation needs `expires`",
                _MISSING_HINTS["expires"],
            )  # fmt: skip
        explicit_id = self.text(fields.get("id"), "id")
        title = self.text(fields.get("title"), "title")
        texts = {
            key: self.text(value, key) for key, value in fields.items() if key in _OPTIONAL_TEXT
        }
        if amount is None and profile is not None and amount_node is None:
            amount = profile.total
        if title is None or amount is None or expiry is None or category is None:
            return None
        return Appropriation(
            id=explicit_id or f"{PurePath(self.file).stem}:{table}.{row}",
            category=category,
            title=title,
            amount=amount,
            expiry=expiry,
            location=Location(self.file, node.line, node.end_line),
            profile=profile,
            **texts,
        )

    def acceptance(self, node: yt.Node) -> Acceptance | None:
        fields = self.fields(node, "accepted finding", _ACCEPTANCE_KEYS)
        if fields is None:
            return None
        for key in ("code", "reason"):
            self.required(fields, key, node, "accepted finding")
        code = self.text(fields.get("code"), "code")
        reason = self.text(fields.get("reason"), "reason")
        if code is None or reason is None:
            return None
        return Acceptance(
            code=code,
            reason=reason,
            location=Location(self.file, node.line, node.end_line),
            table=self.text(fields.get("table"), "table"),
            appropriation=self.text(fields.get("appropriation"), "appropriation"),
        )


def _is_null(node: yt.Node) -> bool:
    return isinstance(node, yt.Scalar) and node.is_null


def _a(what: str) -> str:
    return ("an " if what[0] in "aeiou" else "a ") + what


def _or(words: list[str]) -> str:
    quoted = [f"`{w}`" for w in words]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1] if len(quoted) > 1 else quoted[0]


def _did_you_mean(
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


_TYPE_HINTS = {
    "text": "write the value on the same line after the colon; quote it if it contains `: `",
    "an amount": "write the amount as a number, e.g. 1200",
    "a list of tables": "write each table as a list item starting with `- name:`",
    "a list of rows": "write each appropriation as a list item starting with `- title:`",
    "a list of findings": "write each accepted finding as a list item starting with `- code:`",
    "a mapping of year to amount": "write one `year: amount` per line, e.g. `2016: 1000`",
    "a mapping of keys and values": "write `key: value` lines, indented under the list item",
}
_MISSING_HINTS = {
    "format": f"start the file with `format: {FORMAT}`",
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
