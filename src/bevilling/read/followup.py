"""Change and spending files → model, with the ledger's safety rules.

A file in the ledger folder that starts with ``format: bevilling-changes/1`` holds changes
decided after the grant (tillægsbevillinger, omplaceringer, overførsler, forlængelser); one
that starts with ``format: bevilling-spending/1`` holds spending (forbrug).  They are read like
ledgers: from the text the user wrote (no implicit typing), amounts as exact decimals in the
file's notation, every problem a value with file:line and a hint, and a file with any error
left out whole.  The format is described in docs/ledger-format.md.
"""

from __future__ import annotations

import re

from bevilling.core.model import (
    Acceptance,
    Change,
    ChangeKind,
    ChangeSide,
    NumberFormat,
    Spending,
    Unit,
)
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.read import fastpath
from bevilling.read import yamltree as yt
from bevilling.read.files import record_format
from bevilling.read.values import ValueReader

_, _n = catalog(__name__)

__all__ = ["CHANGES_FORMAT", "SPENDING_FORMAT", "Records", "read_records", "record_format"]

#: The ``format`` of a change file.
CHANGES_FORMAT = "bevilling-changes/1"
#: The ``format`` of a spending file.
SPENDING_FORMAT = "bevilling-spending/1"


_CHANGES_KEYS = ("format", "title", "unit", "number_format", "changes")
_SPENDING_KEYS = ("format", "title", "source", "unit", "number_format", "spending")
_COMMON_CHANGE_KEYS = ("kind", "decision", "note", "accepted")
_ACCEPTED_KEYS = ("code", "reason")
#: The codes of findings about one change that can be accepted on the change itself.
CHANGE_ACCEPTABLE = ("duplicate-change", "change-outside-life")
_CHANGE_KEYS = {
    ChangeKind.SUPPLEMENTARY: ("appropriation", "year", "amount"),
    ChangeKind.REALLOCATION: ("year", "sides"),
    ChangeKind.CARRY_OVER: ("appropriation", "from_year", "amount"),
    ChangeKind.EXTENSION: ("appropriation", "expires"),
}
_ALL_CHANGE_KEYS = tuple(
    dict.fromkeys([*_COMMON_CHANGE_KEYS, *(key for keys in _CHANGE_KEYS.values() for key in keys)])
)
_SIDE_KEYS = ("appropriation", "amount")
_SPENDING_ITEM_KEYS = ("appropriation", "year", "months", "amount", "note")
#: Printable characters that show nothing: a reason of only these says nothing.
_INVISIBLE = frozenset("\u00ad\u200b\u200c\u200d\u2060\ufeff")
_MONTHS = re.compile(r"\s*([0-9]{1,2})\s*(?:[-–]\s*([0-9]{1,2})\s*)?\Z")


class Records:
    """What one change or spending file holds."""

    __slots__ = ("changes", "spending")

    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.spending: list[Spending] = []


def read_records(text: str, file: str, format: str) -> tuple[Records | None, list[Problem]]:
    """Read a change or spending file's text; the records are None when there is any error."""
    reader = _RecordReader(file)
    records = reader.read(text, format)
    problems = sorted(reader.problems, key=lambda p: p.location.line)
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    return records, problems


class _RecordReader(ValueReader):
    """Reads the node tree of one change or spending file, collecting problems."""

    def read(self, text: str, format: str) -> Records | None:
        if "\x00" in text:
            line = text.count("\n", 0, text.index("\x00")) + 1
            self.report(
                "not-utf8",
                line,
                _("line {line} holds a NUL byte: this is not a text file", line=line),
                _("check that the file is a change or spending file and not a binary file"),
            )
            return None
        root = fastpath.parse_simple(text)
        if root is None:
            root, tree_problems = yt.parse_tree(text)
            for tp in tree_problems:
                self.report(tp.code, tp.line, tp.message, tp.hint)
        if not isinstance(root, yt.Mapping):
            return None  # the format line matched, so this is a YAML problem reported above
        changes = format == CHANGES_FORMAT
        what = "change file" if changes else "spending file"
        fields = self.fields(root, what, _CHANGES_KEYS if changes else _SPENDING_KEYS)
        if fields is None:  # pragma: no cover - root is a mapping
            return None
        number_format = self.choice(
            fields.get("number_format"), "number_format", NumberFormat, "bad-value"
        )
        self.number_format = number_format or NumberFormat.PLAIN
        items_key = "changes" if changes else "spending"
        for key in ("title", "unit", items_key):
            self.required(fields, key, root, what)
        self.text(fields.get("title"), "title")
        self.text(fields.get("source"), "source")
        unit = self.choice(fields.get("unit"), "unit", Unit, "bad-value")
        records = Records()
        for node in self.sequence(fields.get(items_key), items_key, items_key):
            # With a bad unit the file is left out, but its records are still read for problems.
            if changes:
                change = self.change(node, unit or Unit.DKK)
                if change is not None:
                    records.changes.append(change)
            else:
                spent = self.spent(node, unit or Unit.DKK)
                if spent is not None:
                    records.spending.append(spent)
        return records

    # -- changes

    def change(self, node: yt.Node, unit: Unit) -> Change | None:
        fields = self.fields(node, "change", _ALL_CHANGE_KEYS)
        if fields is None:
            return None
        if not self.required(fields, "kind", node, "change"):
            return None
        kind = self.choice(fields.get("kind"), "kind", ChangeKind, "bad-value")
        if kind is None:
            return None
        allowed = (*_COMMON_CHANGE_KEYS, *_CHANGE_KEYS[kind])
        ok = True
        for key, line, _value in node.pairs if isinstance(node, yt.Mapping) else ():
            if key in fields and key not in allowed:
                self.report(
                    "unknown-field",
                    line,
                    _("`{key}` is not a field of a {kind}", key=key, kind=kind.value),
                    _(
                        "a {kind} has the fields {fields}",
                        kind=kind.value,
                        fields=", ".join(f"`{k}`" for k in allowed),
                    ),
                )
                ok = False
        for key in _CHANGE_KEYS[kind]:
            ok = self.required(fields, key, node, kind.value) and ok
        decision = self.text(fields.get("decision"), "decision")
        note = self.text(fields.get("note"), "note")
        accepted = self.accepted(fields.get("accepted"))
        if accepted is None:
            ok = False
        location = Location(self.file, node.line, node.end_line)
        appropriation = self.text(fields.get("appropriation"), "appropriation")
        sides: list[ChangeSide] | None = []
        expires = None
        if kind is ChangeKind.SUPPLEMENTARY:
            year = self.maybe_year(fields, "year")
            amount = self.amount(fields.get("amount"), "amount")
            if appropriation is not None and year is not None and amount is not None:
                sides = [ChangeSide(appropriation=appropriation, year=year, amount=amount,
                                    location=location)]  # fmt: skip
            else:
                sides = None
        elif kind is ChangeKind.CARRY_OVER:
            sides = self.carry_over(fields, appropriation, location)
        elif kind is ChangeKind.REALLOCATION:
            sides = self.reallocation(fields)
        else:
            expires_node = fields.get("expires")
            expires = self.expiry(expires_node) if expires_node is not None else None
            ok = ok and expires is not None and appropriation is not None
        if sides is None:
            ok = False
        if not ok:
            return None
        return Change(
            kind=kind,
            decision=decision,
            unit=unit,
            location=location,
            sides=tuple(sides or ()),
            appropriation=appropriation,
            expires=expires,
            note=note,
            accepted=accepted or (),
        )

    def accepted(self, node: yt.Node | None) -> tuple[Acceptance, ...] | None:
        """A change's ``accepted:`` entries (``code:`` and ``reason:``); None after an error."""
        entries: list[Acceptance] = []
        ok = True
        for item in self.sequence(node, "accepted", "findings"):
            fields = self.fields(item, "accepted finding", _ACCEPTED_KEYS)
            if fields is None:
                ok = False
                continue
            for key in _ACCEPTED_KEYS:
                ok = self.required(fields, key, item, "accepted finding") and ok
            code = self.text(fields.get("code"), "code")
            reason = self.text(fields.get("reason"), "reason")
            if code is None or reason is None:
                ok = False
                continue
            if code.strip() not in CHANGE_ACCEPTABLE:
                self.report(
                    "bad-value",
                    fields["code"],
                    _(
                        "{code} cannot be accepted on a change: only {codes} can",
                        code=repr(code),
                        codes=", ".join(f"`{c}`" for c in CHANGE_ACCEPTABLE),
                    ),
                    _(
                        "fix what the finding is about; a finding about a ledger's figures is"
                        " accepted under `accepted:` in that ledger"
                    ),
                )
                ok = False
                continue
            if not any(c.isprintable() and not c.isspace() and c not in _INVISIBLE for c in reason):
                self.report(
                    "missing-field",
                    fields["reason"],
                    _("`reason` holds no words"),
                    _("write in `reason:` why the finding is accepted, e.g. which decision"),
                )
                ok = False
                continue
            entries.append(
                Acceptance(
                    code=code.strip(),
                    reason=reason,
                    location=Location(self.file, item.line, item.end_line),
                )
            )
        return tuple(entries) if ok else None

    def carry_over(
        self, fields: dict[str, yt.Node], appropriation: str | None, location: Location
    ) -> list[ChangeSide] | None:
        """The two sides of an overførsel: taken from `from_year`, added to the year after."""
        year = self.maybe_year(fields, "from_year")
        amount = self.amount(fields.get("amount"), "amount")
        if amount is not None and amount <= 0:
            self.report(
                "bad-value",
                fields["amount"],
                _("an overførsel carries a positive amount, not {amount}", amount=amount),
                _("write the amount carried from `from_year` to the year after, e.g. 400"),
            )
            amount = None
        if year is not None and year >= 2200:
            self.report(
                "bad-year",
                fields["from_year"],
                _("an overførsel from {year} would reach past 2200", year=year),
                _("write the year the money leaves, e.g. 2016"),
            )
            year = None
        if appropriation is None or year is None or amount is None:
            return None
        return [
            ChangeSide(appropriation=appropriation, year=year, amount=-amount, location=location),
            ChangeSide(
                appropriation=appropriation, year=year + 1, amount=amount, location=location
            ),
        ]

    def reallocation(self, fields: dict[str, yt.Node]) -> list[ChangeSide] | None:
        """The sides of an omplacering (two or more), all in its `year`."""
        year = self.maybe_year(fields, "year")
        sides_node = fields.get("sides")
        items = self.sequence(sides_node, "sides", "sides")
        sides = [self.side(item, year) for item in items]
        if len(items) < 2 and isinstance(sides_node, yt.Sequence):
            self.report(
                "bad-value",
                sides_node,
                _("an omplacering needs at least two sides, not {count}", count=len(items)),
                _("write the appropriation the money leaves (a negative amount) and the one it"
                  " goes to (a positive amount), each as `- appropriation:` with `amount:`"),
            )  # fmt: skip
        if year is None or len(items) < 2 or any(side is None for side in sides):
            return None
        return [side for side in sides if side is not None]

    def side(self, node: yt.Node, year: int | None) -> ChangeSide | None:
        fields = self.fields(node, "side of an omplacering", _SIDE_KEYS)
        if fields is None:
            return None
        ok = True
        for key in _SIDE_KEYS:
            ok = self.required(fields, key, node, "side of an omplacering") and ok
        appropriation = self.text(fields.get("appropriation"), "appropriation")
        amount = self.amount(fields.get("amount"), "amount")
        if not ok or appropriation is None or amount is None or year is None:
            return None
        return ChangeSide(
            appropriation=appropriation,
            year=year,
            amount=amount,
            location=Location(self.file, node.line, node.end_line),
        )

    def maybe_year(self, fields: dict[str, yt.Node], key: str) -> int | None:
        node = fields.get(key)
        if node is None or (isinstance(node, yt.Scalar) and node.is_null):
            return None  # reported as missing
        return self.year(node, key)

    # -- spending

    def spent(self, node: yt.Node, unit: Unit) -> Spending | None:
        what = "spending entry"
        fields = self.fields(node, what, _SPENDING_ITEM_KEYS)
        if fields is None:
            return None
        ok = True
        for key in ("appropriation", "year", "amount"):
            ok = self.required(fields, key, node, what) and ok
        appropriation = self.text(fields.get("appropriation"), "appropriation")
        year = self.maybe_year(fields, "year")
        amount = self.amount(fields.get("amount"), "amount")
        self.text(fields.get("note"), "note")
        months = self.months(fields.get("months"))
        if not ok or appropriation is None or year is None or amount is None or months is None:
            return None
        return Spending(
            appropriation=appropriation,
            year=year,
            amount=amount,
            unit=unit,
            location=Location(self.file, node.line, node.end_line),
            months=months,
        )

    def months(self, node: yt.Node | None) -> tuple[int, int] | None:
        """``1-6`` → (1, 6), ``7`` → (7, 7); absent → the whole year."""
        text = self.text(node, "months")
        if node is None or text is None:
            return (1, 12) if node is None or is_empty(node) else None
        match = _MONTHS.match(text)
        if match is not None:
            first = int(match.group(1))
            last = int(match.group(2) or first)
            if 1 <= first <= last <= 12:
                return (first, last)
        self.report(
            "bad-value",
            node,
            _("`months` is {text}, which is not a month or a run of months", text=repr(text)),
            _("write the months of the year the spending covers, e.g. `months: 1-6` for January"
              " to June, or `months: 7` for July; leave `months` out for the whole year"),
        )  # fmt: skip
        return None


def is_empty(node: yt.Node) -> bool:
    """True for an unquoted empty value, ``~`` or ``null``."""
    return isinstance(node, yt.Scalar) and node.is_null
