"""YAML ledger files → model, with file:line on everything; problems are returned, not raised.

:func:`load` takes files and directories; :func:`load_string` takes the text of one ledger.
Every value is read by its field's declared type from the text the user wrote, never by
YAML's implicit typing, so ``appropriation_no: 18.10`` is the text "18.10" and
``amount: 1.200`` is refused as ambiguous instead of becoming 1.2.

A file with any error is left out of :attr:`LedgerSet.ledgers`; all of its problems are in
:attr:`LedgerSet.problems`, so that checks and reports never run on a half-read ledger.

This module builds the model from the tree, level by level (ledger, table, appropriation,
accepted finding); :mod:`~bevilling.read.files` finds and decodes files,
:mod:`~bevilling.read.values` reads single values, :mod:`~bevilling.read.yamltree` and
:mod:`~bevilling.read.fastpath` make the tree.  Slightly over 500 lines: every message is a
catalog message with named values, written out at the place it is reported.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import cast

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
    new_appropriation,
)
from bevilling.core.money import AmountSyntaxError
from bevilling.core.prices import INDEX_FORMAT
from bevilling.core.problems import (
    SEVERITY_WORDS,
    Location,
    Problem,
    Severity,
    name_severities,
)
from bevilling.i18n.catalogs import N_, catalog, translate
from bevilling.read import fastpath
from bevilling.read import yamltree as yt
from bevilling.read.files import (
    PathArg,
    collect_files,
    normalise_newlines,
    read_text,
    record_format,
)
from bevilling.read.index import one_index, read_index
from bevilling.read.values import (
    SHORT_DIGITS,
    ValueReader,
    is_null,
    missing_hint,
    parse_expiry,
    read_amount,
)

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    # Built only when a change, spending or price index file is read (see bevilling.core.model
    # and bevilling.core.prices).
    from bevilling.core.model import Change, SourceFile, Spending
    from bevilling.core.prices import PriceIndex

__all__ = ["FORMAT", "PathArg", "load", "load_string", "parse_expiry"]

_, _n = catalog(__name__)


def _severity_word(severity: Severity, locale: str | None) -> str:
    """``fejl``/``advarsel`` in Danish: what ``str(problem)`` writes before a message."""
    return translate("core", SEVERITY_WORDS[severity], locale)


# The loader writes the messages a library user prints first: from here on `str(problem)`
# names the severity in the current locale's words too.
name_severities(_severity_word)

#: The value of the ``format`` key this version reads.
FORMAT = "bevilling/1"

_LEDGER_KEYS = (
    "format", "title", "document", "unit", "phase", "price_level", "number_format",
    "stated_total", "rounded_to", "tables", "accepted", "source_file",
)  # fmt: skip
_SOURCE_FILE_KEYS = ("path", "sha256")
_TABLE_KEYS = (
    "name", "category", "stated_total", "stated_years", "rounded_to", "appropriations",
)  # fmt: skip
_APPROPRIATION_KEYS = (
    "id", "title", "amount", "profile", "expires", "target_group", "organisation",
    "description", "source", "committee", "appropriation_no", "function",
)  # fmt: skip
_ACCEPTANCE_KEYS = (
    "code", "table", "appropriation", "year", "stated", "sum", "named", "amount", "reason",
)  # fmt: skip
_OPTIONAL_TEXT = frozenset({
    "target_group", "organisation", "description", "source", "committee", "appropriation_no",
    "function",
})  # fmt: skip
#: Keys that only an appropriation has: a table item holding these is a row indented too little.
_ROW_ONLY_KEYS = frozenset(_APPROPRIATION_KEYS) - frozenset(_TABLE_KEYS)
_ROW_KEY_HINTS = dict.fromkeys(
    _ROW_ONLY_KEYS,
    N_(
        "`{key}` belongs to an appropriation: indent it to line up with the `title:` of the"
        " row above"
    ),
)
_YEAR_DIGITS = 4
#: Each key of an appropriation → its place in the row's values (see `_Reader.plain_row`).
_ROW_SLOTS = {key: slot for slot, key in enumerate(_APPROPRIATION_KEYS)}
_NO_ROW_VALUES: tuple[yt.Node | None, ...] = (None,) * len(_APPROPRIATION_KEYS)
#: The years a profile may hold, by their text (the fast path reads no other spelling).
_YEARS = {str(year): year for year in range(1900, 2201)}
_YAML_CODES = frozenset({"yaml-syntax", "yaml-tag", "yaml-alias", "too-deep", "not-utf8"})


def load(paths: PathArg | Iterable[PathArg]) -> LedgerSet:
    """Load ledger files, and every ``*.yaml``/``*.yml`` below directories, in path order.

    Returns a :class:`~bevilling.core.model.LedgerSet` whose ``problems`` hold everything found,
    all of it, each with file, line and hint.  Never raises for the content of a file;
    a path that does not exist or cannot be read, a directory that cannot be listed and a
    special file (a named pipe, a device) are problems too (code ``unreadable``).

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
    files, problems = collect_files(paths)
    ledgers: list[Ledger] = []
    indexes: list[PriceIndex] = []
    sources: dict[str, str] = {}
    changes: list[Change] = []
    spending: list[Spending] = []
    record_files: list[str] = []
    for file in files:
        text, read_problems = read_text(file)
        problems.extend(read_problems)
        if text is None:
            continue
        sources[file] = text
        records_format = record_format(text)
        if records_format is not None:  # changes or spending, not a ledger
            from bevilling.read.followup import read_records  # only then (start-up)

            records, file_problems = read_records(text, file, records_format)
            problems.extend(file_problems)
            if records is not None:
                record_files.append(file)
                changes.extend(records.changes)
                spending.extend(records.spending)
            continue
        ledger, file_problems = _read_ledger(text, file)
        problems.extend(file_problems)
        if isinstance(ledger, Ledger):
            ledgers.append(ledger)
        elif ledger is not None:  # a price index
            indexes.append(ledger)
    problems.extend(one_index(indexes))
    return LedgerSet(
        ledgers=tuple(ledgers),
        problems=tuple(problems),
        sources=sources,
        changes=tuple(changes),
        spending=tuple(spending),
        record_files=tuple(record_files),
        price_index=indexes[0] if indexes else None,
    )


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
    text = normalise_newlines(text.removeprefix("\ufeff"))
    collecting = gc.isenabled()
    gc.disable()
    try:
        ledger, problems = _read_ledger(text, file)
    finally:
        if collecting:
            gc.enable()
    if ledger is not None and not isinstance(ledger, Ledger):  # a price index
        return LedgerSet(problems=tuple(problems), sources={file: text}, price_index=ledger)
    ledgers = (ledger,) if ledger is not None else ()
    return LedgerSet(ledgers=ledgers, problems=tuple(problems), sources={file: text})


def _read_ledger(text: str, file: str) -> tuple[Ledger | PriceIndex | None, list[Problem]]:
    """Read one ledger's (or price index's) text; None when there is any error."""
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


def _stem(file: str) -> str:
    """``PurePath(file).stem``, with pathlib imported only for a row without an id (start-up:
    pathlib and the ``urllib.parse`` it imports are 3-4 ms)."""
    from pathlib import PurePath

    return PurePath(file).stem


class _Reader(ValueReader):
    """Reads the node tree of one file into the model, collecting problems as it goes."""

    def __init__(self, file: str, number_format: NumberFormat | None = None) -> None:
        super().__init__(file, number_format)
        #: The notation tables were read in while streaming (None until a table is streamed).
        self.streamed_format: NumberFormat | None = None
        self._known_format = number_format
        #: The last table read: its index, the problem saying it has no rows (if so) and the
        #: line of its `appropriations:` key (0 if absent); see `misplaced_row`.
        self._rows_key: tuple[int, Problem | None, int] | None = None
        #: The index of the last table item that was a misplaced row.
        self._misplaced = 0
        #: The expiries of the rows read so far, by the text written (shared by the rows).
        self._expiries: dict[str, Expiry] = {}
        #: The (year, amount) pairs of the profiles read so far, by the texts written.
        self._profile_years: dict[tuple[str, str], tuple[int, Decimal]] = {}
        #: The last year with money of the last profile `plain_profile` read (None: none).
        self._last_funded: int | None = None
        #: The expiries derived from profiles (their last funded year), by that year.
        self._funded: dict[int, Expiry] = {}
        #: One string per distinct target group, organisation, source, ... of the file's rows.
        self._texts: dict[str, str] = {}
        #: The start of a row's derived id: the file's name without its suffix (once needed).
        self._stem: str | None = None

    # -- the levels of a ledger

    def ledger(self, text: str) -> Ledger | PriceIndex | None:
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            self.report(
                "not-utf8", line,
                _("line {line} holds a NUL byte: this is not a text file", line=line),
                _("check that the file is a ledger and not a binary file saved as .yaml"),
            )  # fmt: skip
            return None
        # The plain block layout (what bevilling writes, and what large registers use) is read
        # by a fast path; anything else, or a fast path that gives up halfway, by libyaml.
        before = len(self.problems)
        root = fastpath.parse_simple(text, self.stream_table)
        tree_problems: list[yt.TreeProblem] = []
        if root is None:
            del self.problems[before:]  # from tables streamed before the fast path gave up
            self.streamed_format = None
            self._rows_key, self._misplaced = None, 0
            root, tree_problems = yt.parse_tree(text, self.stream_table)
        for tp in tree_problems:
            self.report(tp.code, tp.line, tp.message, tp.hint)
        if root is None or (isinstance(root, yt.Scalar) and root.is_null):
            if not tree_problems:
                self.report(
                    "empty-file", 1, _("the file holds no ledger: it is empty"),
                    _(
                        "a ledger starts with `format: {format}`; see docs/ledger-format.md",
                        format=FORMAT,
                    ),
                )  # fmt: skip
            return None
        if not isinstance(root, yt.Mapping) or not any(pair[0] == "format" for pair in root.pairs):
            self.report(
                "bad-format", root.line,
                _("the file does not start with `format: {format}`", format=FORMAT),
                _(
                    "every ledger starts with the line `format: {format}`; if this YAML file is"
                    " not a ledger, move it out of the ledger directory",
                    format=FORMAT,
                ),
            )  # fmt: skip
            return None
        if any(
            key == "format" and isinstance(value, yt.Scalar) and value.value == INDEX_FORMAT
            for key, _line, value in root.pairs
        ):
            return read_index(self, root)
        first_key, first_line, _first = root.pairs[0]
        if first_key != "format":
            self.report(
                "bad-format", first_line,
                _(
                    "`format: {format}` must be the first key of a ledger, before `{key}`",
                    format=FORMAT, key=first_key,
                ),
                _(
                    "move the `format:` line to the top of the file, so that the file says what"
                    " it is on its first line"
                ),
            )  # fmt: skip
        fields = self.fields(root, "ledger", _LEDGER_KEYS)
        if fields is None:  # pragma: no cover - root is a mapping
            return None
        declared = self.text(fields.get("format"), "format")
        if declared != FORMAT:
            self.report(
                "bad-format", fields["format"],
                _(
                    "`format` is {value}; this version of bevilling reads {format}",
                    value=repr(declared), format=FORMAT,
                ),
                _(
                    "write `format: {format}`, or upgrade bevilling if the file was written for"
                    " a newer format",
                    format=FORMAT,
                ),
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
            if price_node is not None and not is_null(price_node)
            else None
        )
        stated_total = self.amount(fields.get("stated_total"), "stated_total")
        rounded_to = self.rounding(fields.get("rounded_to"))
        tables = [
            cast("Table | None", node.value)
            if isinstance(node, yt.Converted)
            else self.table(node, index)
            for index, node in enumerate(
                self.sequence(fields.get("tables"), "tables", "tables"), start=1
            )
        ]
        accepted = [
            self.acceptance(node)
            for node in self.sequence(fields.get("accepted"), "accepted", "findings")
        ]
        source_file = self.source_file(fields.get("source_file"))
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
            source_file=source_file,
        )

    def source_file(self, node: yt.Node | None) -> SourceFile | None:
        """``source_file:`` (``path``, and ``sha256``: 64 hex digits), or None."""
        if node is None or is_null(node):
            return None
        fields = self.fields(node, "source_file", _SOURCE_FILE_KEYS)
        if fields is None or not self.required(fields, "path", node, "source_file"):
            return None
        path = self.text(fields.get("path"), "path")
        checksum_node = fields.get("sha256")
        checksum = self.text(checksum_node, "sha256")
        if checksum is not None and checksum_node is not None:
            digest = checksum.strip().casefold()
            if len(digest) != 64 or not all(c in "0123456789abcdef" for c in digest):
                self.report(
                    "bad-value",
                    checksum_node,
                    _("`sha256` must be 64 hexadecimal digits, not {value}", value=checksum[:80]),
                    _("write the checksum that `sha256sum FILE` prints, or leave `sha256` out"),
                )
                return None
            checksum = digest
        if path is None:
            return None
        # Only now: SourceFile is built on first use (start-up; see bevilling.core.model).
        from bevilling.core.model import SourceFile

        return SourceFile(
            path=path, sha256=checksum, location=Location(self.file, node.line, node.end_line)
        )

    def rounding(self, node: yt.Node | None) -> Decimal | None:
        value = self.amount(node, "rounded_to")
        if value is not None and value <= 0 and node is not None:
            self.report(
                "bad-value", node,
                _("`rounded_to` must be positive, not {value}", value=node_text(node)),
                _("write the unit the printed figures are rounded to, e.g. 0.1 or 1"),
            )  # fmt: skip
            return None
        return value

    def stream_table(self, node: yt.Mapping, index: int, root: yt.Mapping) -> yt.Node:
        """Convert a table as soon as the parser has read it (see ``yt.parse_tree``).

        Only for files that start with `format: bevilling/1`; the notation is the one declared
        above `tables` (the rare file that declares it below is read again, see above).
        """
        first_key, _line, first_value = root.pairs[0]
        if first_key != "format" or not (
            isinstance(first_value, yt.Scalar) and first_value.value == FORMAT
        ):
            return node
        if self.streamed_format is None:
            self.streamed_format = self._known_format or next(
                (
                    NumberFormat.DA
                    for key, _line, value in root.pairs
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

    def misplaced_row(self, node: yt.Node, index: int) -> bool:
        """True, and one finding, when an item of `tables` is a row indented too little.

        A row written at the level of `- name:` would otherwise give a finding per key (not
        a field of a table, no name, no category) and one more for the table above it,
        whose `appropriations:` it should have been under.  A run of such rows is one
        finding, at its first row.
        """
        if not isinstance(node, yt.Mapping):
            return False
        keys = {pair[0] for pair in node.pairs}
        if keys & {"name", "category", "appropriations"} or not keys & _ROW_ONLY_KEYS:
            return False
        run = self._misplaced == index - 1 and index > 1
        self._misplaced = index
        if run:
            return True
        above = self._rows_key
        if above is not None and above[0] == index - 1 and above[2]:
            problem, line = above[1], above[2]
            if problem is not None:  # "a table needs `appropriations`": this row is why
                self.problems.remove(problem)
            hint = _(
                "indent it (and any rows after it) under `appropriations:` on line {line}:"
                " its `- ` must stand further right than `appropriations:`",
                line=line,
            )
        elif above is not None and above[0] == index - 1:
            problem = above[1]
            if problem is not None:  # the table above has no `appropriations:` at all
                self.problems.remove(problem)
            hint = _(
                "add `appropriations:` to the table above, and indent this row (and any rows"
                " after it) under it, its `- ` further right than `appropriations:`"
            )
        else:
            hint = _(
                "move it under the `appropriations:` of its table and indent it so that its"
                " `- ` stands further right than `appropriations:`"
            )
        self.report(
            "misplaced-row",
            node,
            _(
                "this appropriation is indented as if it were a table (at the level of"
                " `- name:`), not as a row under `appropriations:`"
            ),
            hint,
        )
        return True

    def table(self, node: yt.Node, index: int) -> Table | None:
        if self.misplaced_row(node, index):
            return None
        fields = self.fields(node, "table", _TABLE_KEYS, _ROW_KEY_HINTS)
        if fields is None:
            return None
        for key in ("name", "category"):
            self.required(fields, key, node, "table")
        reported = len(self.problems)
        rows_node = fields.get("appropriations")
        rowless = not self.required(fields, "appropriations", node, "table")
        self._rows_key = (
            index,
            self.problems[-1] if rowless and len(self.problems) > reported else None,
            0 if rows_node is None else _key_line(node, "appropriations"),
        )
        name = self.text(fields.get("name"), "name")
        category = self.choice(fields.get("category"), "category", Category, "unknown-category")
        stated_total = self.amount(fields.get("stated_total"), "stated_total")
        years_node = fields.get("stated_years")
        stated_years = self.years(years_node, "stated_years") if years_node else None
        rounded_to = self.rounding(fields.get("rounded_to"))
        rows = self.sequence(fields.get("appropriations"), "appropriations", "rows")
        appropriations = self.appropriations(rows, category, index)
        if name is None or category is None:
            return None
        return Table(
            name=name,
            category=category,
            appropriations=tuple(appropriations),
            location=Location(self.file, node.line, node.end_line),
            stated_total=stated_total,
            stated_years=stated_years,
            rounded_to=rounded_to,
        )

    def appropriations(
        self, rows: list[yt.Node], category: Category | None, table: int
    ) -> list[Appropriation]:
        """The rows of a table that can be read, the problems of the others reported."""
        result: list[Appropriation] = []
        append, plain_row, any_row = result.append, self.plain_row, self.any_row
        mapping = yt.Mapping
        for number, node in enumerate(rows, start=1):
            read = (
                plain_row(node, category, table, number)
                if type(node) is mapping and category is not None
                else None
            )
            if read is None:
                read = any_row(node, category, table, number)
            if read is not None:
                append(read)
        return result

    def plain_row(  # noqa: PLR0915 - one flat pass over the row, on purpose
        self, node: yt.Mapping, category: Category, table: int, row: int
    ) -> Appropriation | None:
        """The row, read in one pass, when nothing in it is wrong or unusual; else None.

        This is the loader's hot path (once per row of a register of 100 000 rows): no
        dictionary of fields, no reader call per field, amounts, profile years, expiries and
        repeated texts (target group, organisation, source, ...) shared per distinct text.
        It reports nothing: whenever a row holds anything it does not read (an unknown or
        repeated key, a null or non-text value, an amount in another notation, a profile
        year spelled otherwise, ...), it gives up and :meth:`any_row` reads the row again,
        reporting what is wrong exactly as always.  A row it does read, it reads to the same
        Appropriation as :meth:`any_row` (tests/read/test_loader.py compares the two).
        """
        values = list(_NO_ROW_VALUES)
        slot_of = _ROW_SLOTS.get
        for key, _line, value in node.pairs:
            slot = slot_of(key)
            if slot is None or values[slot] is not None:
                return None
            values[slot] = value
        (
            id_node, title_node, amount_node, profile_node, expires_node, target_group,
            organisation, description, source, committee, appropriation_no, function,
        ) = values  # fmt: skip
        scalar, nulls = yt.Scalar, yt.NULLS
        if type(title_node) is not scalar or (title_node.plain and title_node.value in nulls):
            return None
        amount: Decimal | None = None
        if amount_node is not None:
            if type(amount_node) is not scalar:
                return None
            # Most rows repeat an amount read before: one lookup, no call.
            amount = self.known_amounts.get(amount_node.value)
            if amount is None:
                amount = self.plain_amount(amount_node)
                if amount is None:
                    return None
        profile: Profile | None = None
        if profile_node is not None:
            profile = self.plain_profile(profile_node)
            if profile is None:
                return None
            if amount is None:
                amount = profile.total
        if amount is None:
            return None
        expiry: Expiry | None
        if expires_node is not None:
            if type(expires_node) is not scalar:
                return None
            expiry = self._expiries.get(expires_node.value)
            if expiry is None:
                if expires_node.is_null or parse_expiry(expires_node.value) is None:
                    return None
                expiry = self.expiry(expires_node)
                if expiry is None:  # pragma: no cover - parse_expiry read it above
                    return None
                self._expiries[expires_node.value] = expiry
        elif profile is not None:
            last_funded = self._last_funded  # profile.last_funded_year, from plain_profile
            if last_funded is None:
                return None
            expiry = self._funded.get(last_funded)
            if expiry is None:
                expiry = self._funded[last_funded] = Expiry.in_year(last_funded)
        else:
            return None
        if id_node is None:
            explicit_id = None
        elif type(id_node) is scalar:
            explicit_id = None if id_node.plain and id_node.value in nulls else id_node.value
        else:
            return None
        # The texts rows repeat are kept once per file (`texts`); descriptions are their own.
        texts = self._texts
        target_group_text = organisation_text = source_text = description_text = None
        if target_group is not None:
            if type(target_group) is not scalar:
                return None
            text = target_group.value
            if not (target_group.plain and text in nulls):
                target_group_text = texts.setdefault(text, text)
        if organisation is not None:
            if type(organisation) is not scalar:
                return None
            text = organisation.value
            if not (organisation.plain and text in nulls):
                organisation_text = texts.setdefault(text, text)
        if source is not None:
            if type(source) is not scalar:
                return None
            text = source.value
            if not (source.plain and text in nulls):
                source_text = texts.setdefault(text, text)
        if description is not None:
            if type(description) is not scalar:
                return None
            text = description.value
            if not (description.plain and text in nulls):
                description_text = text
        rare: list[str | None] = [None, None, None]  # committee, appropriation_no, function
        if committee is not None or appropriation_no is not None or function is not None:
            for place, text_node in enumerate((committee, appropriation_no, function)):
                if text_node is None:
                    continue
                if type(text_node) is not scalar:
                    return None
                text = text_node.value
                if not (text_node.plain and text in nulls):
                    rare[place] = text if place == 2 else texts.setdefault(text, text)
        title = title_node.value
        return new_appropriation(
            explicit_id or self.derived_id(table, row),
            category,
            texts.setdefault(title, title),
            amount,
            expiry,
            Location(self.file, node.line, node.end_line),
            target_group_text,
            organisation_text,
            description_text,
            source_text,
            profile,
            rare[0],
            rare[1],
            rare[2],
        )

    def derived_id(self, table: int, row: int) -> str:
        """The id of a row without one: ``<file stem>:<table>.<row>``."""
        if self._stem is None:
            self._stem = _stem(self.file)
        return f"{self._stem}:{table}.{row}"

    def plain_amount(self, node: yt.Scalar) -> Decimal | None:
        """The amount a (scalar) node stands for, or None where :meth:`amount` would report."""
        text = node.value
        known = self.known_amounts.get(text)
        if known is not None:
            return known
        if text.isascii() and text.isdigit() and len(text) <= SHORT_DIGITS:
            value = self.known_amounts[text] = Decimal(text)  # read_amount's common case
            return value
        if node.plain and text in yt.NULLS:
            return None
        try:
            return read_amount(text, self.number_format)
        except AmountSyntaxError:
            return None

    def plain_profile(self, node: yt.Node) -> Profile | None:
        """A row's ``profile`` for :meth:`plain_row`: None unless it is a mapping of years
        written as four digits, in increasing order, to amounts (the general path then reads
        it, reporting what is wrong, or sorting the years)."""
        if type(node) is not yt.Mapping or not node.pairs:
            return None
        known = self._profile_years
        pairs: list[tuple[int, Decimal]] = []
        last = 0
        last_funded = None
        for year_text, _line, value_node in node.pairs:
            if type(value_node) is not yt.Scalar:
                return None
            pair = known.get((year_text, value_node.value))
            if pair is None:
                year = _YEARS.get(year_text)
                amount = self.plain_amount(value_node) if year is not None else None
                if year is None or amount is None:
                    return None
                pair = (year, amount)
                if value_node.value in self.known_amounts:  # the same in every notation
                    known[year_text, value_node.value] = pair
            if pair[0] <= last:
                return None  # a year repeated, or the years out of order
            last = pair[0]
            if pair[1]:
                last_funded = last
            pairs.append(pair)
        self._last_funded = last_funded
        return Profile(tuple(pairs))

    def any_row(
        self, node: yt.Node, category: Category | None, table: int, row: int
    ) -> Appropriation | None:
        """Any row, every problem in it reported (the general path of :meth:`appropriation`)."""
        fields = self.fields(node, "appropriation", _APPROPRIATION_KEYS)
        if fields is None:
            return None
        self.required(fields, "title", node, "appropriation")
        amount_node, profile_node = fields.get("amount"), fields.get("profile")
        amount = self.amount(amount_node, "amount")
        profile = self.years(profile_node, "profile") if profile_node is not None else None
        if amount_node is None and profile_node is None:
            self.report(
                "missing-field", node, _("an appropriation needs `amount` or `profile`"),
                _(
                    "add `amount:` with the Beløb from the source, or `profile:` with the"
                    " amount per year"
                ),
            )  # fmt: skip
        expires_node = fields.get("expires")
        expiry = self.expiry(expires_node) if expires_node is not None else None
        if expires_node is None and profile is not None:
            last = profile.last_funded_year
            if last is None:
                self.report(
                    "bad-expiry", profile_node or node,
                    _(
                        "the profile has no year with money in it, so the expiry cannot be"
                        " derived"
                    ),
                    _("add `expires:` with the year, `open` or `declining`"),
                )  # fmt: skip
            else:
                expiry = Expiry.in_year(last)
        elif expires_node is None and profile_node is None:
            self.report(
                "missing-field", node, _("an appropriation needs `expires`"),
                missing_hint("expires"),
            )  # fmt: skip
        explicit_id = self.text(fields.get("id"), "id")
        title = self.text(fields.get("title"), "title")
        texts: dict[str, str | None] = {}
        for key, value in fields.items():
            if key in _OPTIONAL_TEXT:
                if type(value) is yt.Scalar:  # self.text() without the call (most rows)
                    texts[key] = None if value.plain and value.value in yt.NULLS else value.value
                else:
                    texts[key] = self.text(value, key)
        if amount is None and profile is not None and amount_node is None:
            amount = profile.total
        if title is None or amount is None or expiry is None or category is None:
            return None
        return Appropriation(
            id=explicit_id or self.derived_id(table, row),
            category=category,
            title=title,
            amount=amount,
            expiry=expiry,
            location=Location(self.file, node.line, node.end_line),
            profile=profile,
            **texts,
        )

    def expiry(self, node: yt.Node) -> Expiry | None:
        """A row's ``expires``, as :meth:`ValueReader.expiry` reads it; a year written as four
        digits gives one shared (frozen) Expiry per year for all the rows of a load, not one
        object per row.  Only rows share them: a change file's forlængelse keeps its own
        object (the reports tell an expiry in force from the printed one by identity)."""
        if type(node) is yt.Scalar:
            known = self._expiries.get(node.value)
            if known is not None:
                return known
        expiry = super().expiry(node)
        if type(node) is yt.Scalar and expiry is not None and len(node.value) == _YEAR_DIGITS:
            self._expiries[node.value] = expiry
        return expiry

    def acceptance(self, node: yt.Node) -> Acceptance | None:
        fields = self.fields(node, "accepted finding", _ACCEPTANCE_KEYS)
        if fields is None:
            return None
        for key in ("code", "reason"):
            self.required(fields, key, node, "accepted finding")
        blank = [key for key in _NAMING_KEYS if self.blank(fields.get(key), key)]
        code = self.text(fields.get("code"), "code")
        reason = self.text(fields.get("reason"), "reason")
        if blank or code is None or reason is None:
            return None
        year_node = fields.get("year")
        return Acceptance(
            code=code,
            reason=reason,
            location=Location(self.file, node.line, node.end_line),
            table=self.text(fields.get("table"), "table"),
            appropriation=self.text(fields.get("appropriation"), "appropriation"),
            year=self.year(year_node, "year") if year_node is not None else None,
            stated=self.amount(fields.get("stated"), "stated"),
            summed=self.amount(fields.get("sum"), "sum"),
            named=self.named(fields.get("named")),
            amount=self.amount(fields.get("amount"), "amount"),
        )

    def blank(self, node: yt.Node | None, key: str) -> bool:
        """Report ``missing-field`` when an entry's ``key`` (``code``, ``reason``, ``table``,
        ``appropriation``) is written without visible text (``""``, spaces, a zero-width
        space): an acceptance must say what it accepts and why.  ``table:`` or
        ``appropriation:`` with no value at all too: without them an entry applies to the
        whole ledger, so an empty one would widen it silently (``code:`` and ``reason:`` with
        no value are reported by :meth:`required`)."""
        if type(node) is not yt.Scalar:
            return False
        if node.is_null:
            if key in ("code", "reason"):
                return False  # reported as missing
            message = _("`{key}` has no value", key=key)
        elif not _blank(node.value):
            return False
        elif node.value:
            message = _(
                "`{key}` holds only spaces or invisible characters ({value})",
                key=key,
                value=repr(node.value),
            )
        else:
            message = _("`{key}` has no value", key=key)
        hint = _(_PLACE_HINTS[key]) if key in _PLACE_HINTS else missing_hint(key)
        self.report("missing-field", node, message, hint)
        return True

    def named(self, node: yt.Node | None) -> tuple[Decimal, ...] | None:
        """An entry's ``named:``: one amount, or a list of them (a description may name
        several), each read as every amount of the ledger is; None when absent or when one
        of them cannot be read (reported)."""
        if node is None:
            return None
        if not isinstance(node, yt.Sequence):
            one = self.amount(node, "named")
            return None if one is None else (one,)
        if not node.items:
            self.report(
                "missing-field", node, _("`{key}` has no value", key="named"),
                _("write the amounts the description names, e.g. `named: 1900`"),
            )  # fmt: skip
            return None
        values = [self.amount(item, "named") for item in node.items]
        return None if None in values else tuple(v for v in values if v is not None)


def node_text(node: yt.Node) -> str:
    """A scalar's text as written (for a message), or empty."""
    return node.value if isinstance(node, yt.Scalar) else ""


def _key_line(node: yt.Node, key: str) -> int:
    """The line of ``key`` in the mapping ``node`` (its first occurrence), or 0."""
    if isinstance(node, yt.Mapping):
        for name, line, _node in node.pairs:
            if name == key:
                return line
    return 0


#: The keys of an accepted entry naming what it accepts and why: written, they must say it.
_NAMING_KEYS = ("code", "table", "appropriation", "reason")
#: What to write in an accepted entry's ``table:`` or ``appropriation:`` written empty.
_PLACE_HINTS = {
    "table": N_(
        "write the name of the table the entry is for, as its `name:` reads; an entry without"
        " `table:` and `appropriation:` applies to the whole ledger"
    ),
    "appropriation": N_(
        "write the id of the row the entry is for; an entry without `table:` and"
        " `appropriation:` applies to the whole ledger"
    ),
}


def _blank(text: str) -> bool:
    """Whether ``text`` shows nothing: empty, or only spaces, tabs, line breaks and invisible
    (format) characters such as a zero-width space or a no-break space.

    >>> _blank(""), _blank(" \\t\\u00a0\\u200b"), _blank(" Kilden summer forkert. ")
    (True, True, False)
    """
    if text.isprintable():  # no invisible character: blank only if all spaces
        return not text.strip()
    return not any(char.isprintable() and not char.isspace() for char in text)
