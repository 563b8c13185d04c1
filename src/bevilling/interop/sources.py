"""``bevilling check --sources``: each ledger against the document it names as its source.

A ledger may name its source document as a file (``source_file:`` with ``path`` and
``sha256``).  :func:`check_sources` reads that document again with the import's readers (a
``.docx`` or ``.pdf`` document, or a table file: tab-separated text, ``.csv``, ``.xlsx``),
finds each table of the ledger in it by its name (the caption, and " – <part>" for a table of
several parts, as the import names them), pairs the rows (by title, so that a row missing on
one side does not shift every row after it) and reports:

* ``source-mismatch`` (error): every cell the ledger and the document disagree on, at the
  ledger's ``file:line`` of the field, with the document's page, table and row: the title, the
  amount, each year of a profile, each text column the document prints (Udvalg, Bevilling,
  Funktion, Målgruppe …), the Udløb column, the printed totals; and a row that is on one side
  only;
* ``source-changed`` (warning): the document's SHA-256 checksum is not the one written (the
  document was replaced; the mismatches, if any, say what changed);
* ``source-table-missing`` (error): a table of the ledger is not in the document (renamed, or
  its header needs ``--map`` to be read);
* ``source-unreadable`` (error): the document is missing, cannot be read (broken, protected
  by a password, a PDF without text) or needs an extra that is not installed.

The fields the document does not print are not compared (a Målgruppe taken from the note's
text, an id, a comment).  Amounts are compared in kroner, so a ledger in another unit than
the document is no mismatch.  The codes are documented in docs/checks.md.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from decimal import Decimal
from difflib import SequenceMatcher
from pathlib import Path, PurePath

from bevilling.audit import SOURCE_CODES, key_location
from bevilling.core.model import (
    Appropriation,
    Expiry,
    Ledger,
    LedgerSet,
    SourceFile,
    Table,
)
from bevilling.core.problems import Location, Problem, Severity
from bevilling.core.text import visible
from bevilling.i18n.catalogs import N_, catalog
from bevilling.i18n.formatting import format_amount
from bevilling.interop.documents import (
    DocumentTable,
    is_document,
    table_input,
    tracked_changes,
)
from bevilling.interop.importer import read_document, read_rows
from bevilling.interop.layout import Part, part_label, read_parts
from bevilling.interop.mapping import TEXT_FIELDS, Header
from bevilling.interop.rows import Row
from bevilling.read import os_reason

_, _n = catalog(__name__)

__all__ = ["SOURCE_CODES", "check_sources"]  # the codes are the audit layer's (--select)


#: The files a ``source_file:`` may name: documents and the table files the import reads (a
#: path such as ``/etc/passwd`` is never read, so that no other file is quoted in findings).
SOURCE_SUFFIXES = frozenset({".docx", ".pdf", ".txt", ".tsv", ".csv", ".xlsx", ".xlsm"})

#: The most bytes of a source document read for its checksum and tables (1 GiB).
MAX_DOCUMENT_BYTES = 1 << 30


def check_sources(ledgers: LedgerSet) -> list[Problem]:
    """The ``source-*`` findings of every ledger that names its source file."""
    problems: list[Problem] = []
    for ledger in ledgers.ledgers:
        if ledger.source_file is not None:
            problems.extend(_check_ledger(ledgers, ledger, ledger.source_file))
    return problems


def _document_path(ledger: Ledger, source: SourceFile) -> str:
    """The document's path: as written when absolute, else from the ledger's folder."""
    path = Path(source.path).expanduser()
    if path.is_absolute():
        return str(path)
    return os.path.normpath(Path(ledger.file).parent / path)


def _unreadable(where: Location, message: str, hint: str | None) -> Problem:
    return Problem("source-unreadable", Severity.ERROR, message, where, hint)


def _check_ledger(ledgers: LedgerSet, ledger: Ledger, source: SourceFile) -> Iterator[Problem]:
    where = key_location(ledgers, source.location, "path")
    path = _document_path(ledger, source)
    shown = visible(source.path, one_line=True)
    if PurePath(path).suffix.casefold() not in SOURCE_SUFFIXES:
        yield _unreadable(
            where,
            _(
                "the source document {file} is not a document or table file bevilling reads",
                file=shown,
            ),
            _("name the .docx, .pdf, .txt, .csv or .xlsx file the tables were transcribed from"),
        )
        return
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or /dev/zero would never end
            raise IsADirectoryError(errno.EISDIR, _("not a regular file"))
        if os.path.getsize(path) > MAX_DOCUMENT_BYTES:
            yield _unreadable(
                where,
                _("the source document {file} is larger than 1 GiB", file=shown),
                _("name the document the tables were transcribed from"),
            )
            return
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError as error:
        yield _unreadable(
            where,
            _(
                "the source document {file} cannot be read: {reason}",
                file=shown,
                reason=visible(os_reason(error), one_line=True),
            ),
            _(
                "the path is read from the ledger's folder ({folder}); correct `path:`, or"
                " put the document there",
                folder=visible(str(Path(ledger.file).parent), one_line=True),
            ),
        )
        return
    if source.sha256 is not None and digest != source.sha256:
        yield Problem(
            "source-changed",
            Severity.WARNING,
            _(
                "the source document {file} has changed since the ledger was transcribed: its"
                " SHA-256 checksum is {found}, the ledger says {written}",
                file=shown,
                found=digest[:12] + "…",
                written=source.sha256[:12] + "…",
            ),
            key_location(ledgers, source.location, "sha256"),
            _(
                "check the ledger against the new document (the findings of source-mismatch"
                " show what differs), then write its checksum: `sha256: {digest}`",
                digest=digest,
            ),
        )
    tables, problems = _document_tables(path)
    if problems:
        first = problems[0]
        yield _unreadable(
            where,
            _(
                "the source document {file} cannot be read again: {reason}",
                file=shown,
                reason=first.message,
            ),
            first.hint,
        )
        return
    found, unreadable = _parts(path, tables)
    yield from _compare_ledger(ledgers, ledger, found, unreadable, shown)


def _document_tables(path: str) -> tuple[list[DocumentTable], list[Problem]]:
    """The document's tables; a table file (text, CSV, xlsx) is one table."""
    if is_document(path):
        tables, problems = read_document(path)
        # A table with tracked changes reads neither version: the ledger is compared with
        # no mix of the two (accepted or rejected in Word first).
        tracked = [p for p in (tracked_changes(path, t) for t in tables) if p is not None]
        return (tables, problems) if problems or not tracked else ([], tracked[:1])
    lines, _text, problems = read_rows(path)
    if problems:
        return [], problems
    return [DocumentTable(1, None, tuple(lines))], []


class _Found:
    """One part of a document table, read as the import reads it, with its name."""

    def __init__(self, name: str | None, part: Part, header: Header, table: DocumentTable):
        self.name = name
        self.part = part
        self.header = header
        self.table = table

    def where_table(self) -> str:
        """The document's page and table, in words."""
        if self.table.page is not None:
            return _("page {page}, table {table}", page=self.table.page, table=self.table.number)
        return _("table {table}", table=self.table.number)

    def where(self, line: int) -> str:
        """The document's page, table and row of ``line``, in words."""
        if self.table.page is not None:
            return _(
                "page {page}, table {table}, row {row}",
                page=self.table.page,
                table=self.table.number,
                row=line,
            )
        return _("table {table}, row {row}", table=self.table.number, row=line)


def _parts(path: str, tables: Sequence[DocumentTable]) -> tuple[list[_Found], list[str]]:
    """Every part of every table of the document (named as the import names it), and the
    captions of the tables whose header cannot be read without ``--map``."""
    found: list[_Found] = []
    unreadable: list[str] = []
    for table in tables:
        file, lines, _text = table_input(path, table)
        read = read_parts(lines, file, mapping={}, expires=Expiry.open())
        if read.header is None or not read.parts:
            if read.header is not None:
                unreadable.append(read.caption or table.heading or f"#{table.number}")
            continue
        base = read.caption or table.heading
        for part in read.parts:
            label = part_label(part)
            name = f"{base} – {label}" if len(read.parts) > 1 and label and base else base
            if len(read.parts) > 1 and label and not base:
                name = label
            found.append(_Found(name, part, read.header, table))
    return found, unreadable


def _key(name: str | None) -> str:
    return " ".join((name or "").split()).casefold()


def _compare_ledger(
    ledgers: LedgerSet,
    ledger: Ledger,
    found: list[_Found],
    unreadable: list[str],
    shown: str,
) -> Iterator[Problem]:
    unused = list(found)
    for table in ledger.tables:
        match = next((f for f in unused if _key(f.name) == _key(table.name)), None)
        if match is None and len(ledger.tables) == 1 and len(found) == 1:
            match = found[0]  # one table on each side: the same table, whatever its caption
        if match is None:
            names = "; ".join(visible(f.name or "?", one_line=True) for f in found)
            hint = _(
                "name the table as the document does (its tables: {names})",
                names=names or "-",
            )
            if unreadable:
                hint = _(
                    "the header of {tables} cannot be read without --map: import the table again"
                    " with `bevilling import` and compare by hand",
                    tables="; ".join(visible(t, one_line=True) for t in unreadable),
                )
            yield Problem(
                "source-table-missing",
                Severity.ERROR,
                _(
                    'the table "{table}" is not in the source document {file}',
                    table=visible(table.name, one_line=True),
                    file=shown,
                ),
                Location(ledger.file, table.location.line),
                hint,
            )
            continue
        unused.remove(match)
        yield from _compare_table(ledgers, ledger, table, match)


def _compare_table(
    ledgers: LedgerSet, ledger: Ledger, table: Table, found: _Found
) -> Iterator[Problem]:
    compare = _Comparison(ledgers, ledger, found)
    total = found.part.total
    if total is not None:
        where = found.where(total.line)
        if total.amount is not None:
            yield from compare.amounts(
                table.location, ("stated_total",), _("the printed total"),
                ours=table.stated_total, theirs=total.amount, where=where,
            )  # fmt: skip
        for year, value in (total.years or {}).items():
            ours = table.stated_years.get(year) if table.stated_years is not None else None
            yield from compare.amounts(
                table.location, ("stated_years", str(year)),
                _("the printed total of {year}", year=year), ours=ours, theirs=value, where=where,
            )  # fmt: skip
    rows, doc_rows = table.appropriations, found.part.rows
    matcher = SequenceMatcher(
        None, [_key(a.title) for a in rows], [_key(r.title) for r in doc_rows], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = min(i2 - i1, j2 - j1) if tag in {"equal", "replace"} else 0
        for offset in range(pairs):
            yield from compare.row(rows[i1 + offset], doc_rows[j1 + offset])
        for row in rows[i1 + pairs : i2]:
            yield Problem(
                "source-mismatch",
                Severity.ERROR,
                _(
                    'the row "{title}" is not in the document\'s table ({where})',
                    title=visible(row.title, one_line=True),
                    where=found.where_table(),
                ),
                Location(ledger.file, row.location.line),
                _("remove the row, or check whether the document lists it under another title"),
            )
        for doc_row in doc_rows[j1 + pairs : j2]:
            yield Problem(
                "source-mismatch",
                Severity.ERROR,
                _(
                    'the document has a row the ledger lacks: "{title}" ({where})',
                    title=visible(doc_row.title, one_line=True),
                    where=found.where(doc_row.line),
                ),
                Location(ledger.file, table.location.line),
                _("transcribe the row into the table"),
            )


#: What each compared field is called in a finding.
_LABELS = {
    "title": N_("the title"),
    "amount": N_("the amount"),
    "expires": N_("the expiry"),
    "target_group": N_("the target group"),
    "organisation": N_("the organisation"),
    "description": N_("the description"),
    "source": N_("the source"),
    "committee": N_("the committee"),
    "appropriation_no": N_("the appropriation number"),
    "function": N_("the function code"),
}


def _shown(text: str | None) -> str:
    return _("(empty)") if text is None else '"' + visible(text, one_line=True) + '"'


def _hint() -> str:
    return _(
        "correct the ledger from the document; if the ledger is right and the document"
        " wrong, accept the finding with `code: source-mismatch` and a reason"
    )


class _Comparison:
    """The rows and totals of one ledger table against its table in the document."""

    def __init__(self, ledgers: LedgerSet, ledger: Ledger, found: _Found) -> None:
        self.ledgers = ledgers
        self.ledger = ledger
        self.found = found
        self.unit = found.part.unit or ledger.unit

    def row(self, row: Appropriation, doc: Row) -> Iterator[Problem]:
        """Every printed cell of ``doc`` that ``row`` disagrees with."""
        header, where = self.found.header, self.found.where(doc.line)
        if row.title != doc.title:
            yield self.text(row, "title", ours=row.title, theirs=doc.title, where=where)
        if header.field_column("amount") is not None:
            yield from self.amounts(
                row.location, ("amount",), self.label("amount"),
                ours=row.amount, theirs=doc.amount, where=where,
            )  # fmt: skip
        for year, _index in header.years:
            ours = row.profile.get(year) if row.profile is not None else None
            theirs = doc.profile.get(year) if doc.profile is not None else None
            if ours is not None or theirs is not None:
                yield from self.amounts(
                    row.location, ("profile", str(year)), str(year),
                    ours=ours, theirs=theirs, where=where,
                )  # fmt: skip
        for field in TEXT_FIELDS:
            if header.field_column(field) is not None:
                ours_text, theirs_text = getattr(row, field), doc.texts.get(field)
                if ours_text != theirs_text:
                    yield self.text(row, field, ours=ours_text, theirs=theirs_text, where=where)
        if header.field_column("expires") is not None and row.expiry != doc.expiry:
            yield self.text(
                row, "expires", ours=str(row.expiry), theirs=str(doc.expiry), where=where
            )

    @staticmethod
    def label(key: str) -> str:
        """What the field ``key`` is called in a finding, translated."""
        return _(_LABELS[key])

    def text(
        self, row: Appropriation, key: str, *, ours: str | None, theirs: str | None, where: str
    ) -> Problem:
        """A mismatch of a text field (or the expiry) of ``row``."""
        return Problem(
            "source-mismatch",
            Severity.ERROR,
            _(
                "{field}: the ledger has {ours}, the source document has {theirs} ({where})",
                field=self.label(key),
                ours=_shown(ours),
                theirs=_shown(theirs),
                where=where,
            ),
            key_location(self.ledgers, row.location, key),
            _hint(),
        )

    def amounts(
        self,
        within: Location,
        path: tuple[str, ...],
        label: str,
        *,
        ours: Decimal | None,
        theirs: Decimal | None,
        where: str,
    ) -> Iterator[Problem]:
        """A mismatch when two amounts differ (compared in kroner)."""
        ours_kr = ours * self.ledger.unit.factor if ours is not None else None
        theirs_kr = theirs * self.unit.factor if theirs is not None else None
        if ours_kr == theirs_kr:
            return
        here = self.unit.convert(theirs, self.ledger.unit) if theirs is not None else None
        yield Problem(
            "source-mismatch",
            Severity.ERROR,
            _(
                "{field}: the ledger has {ours}, the source document has {theirs} ({where})",
                field=label,
                ours=format_amount(ours) if ours is not None else _("(empty)"),
                theirs=format_amount(here) if here is not None else _("(empty)"),
                where=where,
            ),
            key_location(self.ledgers, within, *path),
            _hint(),
        )
