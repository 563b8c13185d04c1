"""Change and spending files (read/followup.py): read like ledgers, problems as values."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import ChangeKind, Expiry, Unit
from bevilling.i18n.catalogs import use_locale
from bevilling.read.followup import record_format


def _load(tmp_path: Path, text: str, name: str = "f.yaml") -> bevilling.LedgerSet:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with use_locale("en"):
        return bevilling.load(path)


def _problems(ledgers: bevilling.LedgerSet) -> list[tuple[int, str, str]]:
    return [(p.location.line, p.code, p.message) for p in ledgers.problems]


CHANGES = """\
format: bevilling-changes/1
# comments anywhere
title: Ændringer 2016
unit: 1000 DKK
number_format: da
changes:
  - kind: tillægsbevilling
    decision: BIU 14.03.2016 pkt. 5
    appropriation: D01
    year: 2016
    amount: '-1.250,5'
    note: Nedskrivning
  - kind: omplacering
    decision: BIU 13.06.2016 pkt. 3
    year: 2016
    sides:
      - {appropriation: D02, amount: '-100'}
      - {appropriation: D03, amount: '60'}
      - {appropriation: D04, amount: '40'}
  - kind: overførsel
    decision: BR 20.04.2017 pkt. 12
    appropriation: D05
    from_year: 2016
    amount: '1.000'
  - kind: forlængelse
    appropriation: D05
    expires: 2017
"""


def test_record_format_reads_the_first_key() -> None:
    """Only a first key (after comments and blank lines) names a change or spending file."""
    assert [
        "bevilling-changes/1",
        "bevilling-spending/1",
        "bevilling-spending/1",
        None,
        None,
        None,
    ] == [
        record_format("format: bevilling-changes/1\n"),
        record_format("# x\n\nformat: 'bevilling-spending/1'  # forbrug\ntitle: x"),
        record_format("format: bevilling-spending/1"),
        record_format("title: x\nformat: bevilling-spending/1\n"),
        record_format("format: bevilling-spending/2\n"),
        record_format("format: bevilling/1\n"),
    ]


def test_changes_are_read_into_sides(tmp_path: Path) -> None:
    """Each kind becomes its sides: one for a tillægsbevilling, one per appropriation of an
    omplacering, two for an overførsel; a forlængelse has its expiry and no sides."""
    ledgers = _load(tmp_path, CHANGES)
    assert [] == _problems(ledgers)
    kinds = [c.kind for c in ledgers.changes]
    sides = [
        [(s.appropriation, s.year, s.amount, s.location.line) for s in c.sides]
        for c in ledgers.changes
    ]
    assert [
        ChangeKind.SUPPLEMENTARY,
        ChangeKind.REALLOCATION,
        ChangeKind.CARRY_OVER,
        ChangeKind.EXTENSION,
    ] == kinds
    assert [
        [("D01", 2016, Decimal("-1250.5"), 7)],
        [("D02", 2016, Decimal("-100"), 17), ("D03", 2016, Decimal("60"), 18),
         ("D04", 2016, Decimal("40"), 19)],
        [("D05", 2016, Decimal("-1000"), 20), ("D05", 2017, Decimal("1000"), 20)],
        [],
    ] == sides  # fmt: skip
    last = ledgers.changes[-1]
    assert (Expiry.in_year(2017), None, Unit.THOUSAND_DKK, (25, 27)) == (
        last.expires,
        last.decision,
        last.unit,
        (last.location.line, last.location.end_line),
    )
    assert ("BIU 14.03.2016 pkt. 5", "Nedskrivning") == (
        ledgers.changes[0].decision,
        ledgers.changes[0].note,
    )
    assert ((), (str(tmp_path / "f.yaml"),)) == (ledgers.ledgers, ledgers.record_files)


def test_spending_is_read_with_periods(tmp_path: Path) -> None:
    """Spending per appropriation and year, the months of a part of the year kept."""
    ledgers = _load(
        tmp_path,
        """\
format: bevilling-spending/1
title: Forbrug 2016
source: Udtræk 15.01.2017
unit: DKK
spending:
  - {appropriation: D01, year: 2016, amount: 1200.50}
  - {appropriation: D01, year: 2017, months: 1-6, amount: 300}
  - appropriation: 18.10
    year: 2017
    months: 7
    amount: 0
""",
    )
    assert [] == _problems(ledgers)
    assert [
        ("D01", 2016, Decimal("1200.50"), (1, 12), 6),
        ("D01", 2017, Decimal("300"), (1, 6), 7),
        ("18.10", 2017, Decimal("0"), (7, 7), 8),
    ] == [(s.appropriation, s.year, s.amount, s.months, s.location.line) for s in ledgers.spending]


def test_bad_records_are_problems_with_lines(tmp_path: Path) -> None:
    """Every problem is reported with its line; a file with an error is left out whole."""
    ledgers = _load(
        tmp_path,
        """\
format: bevilling-changes/1
title: Ændringer
unit: t.kr.
changes:
  - kind: tillaegsbevilling
    appropriation: D01
  - kind: forlængelse
    appropriation: D01
    amount: 5
    expires: ultimo 2017
  - kind: overførsel
    decision: x
    appropriation: D01
    from_year: 16
    amount: -5
  - kind: omplacering
    decision: x
    year: 2016
    sides:
      - {appropriation: D01, amount: 1.200}
""",
    )
    assert (
        [
            (3, "bad-value"),
            (5, "bad-value"),
            (9, "unknown-field"),
            (10, "bad-expiry"),
            (14, "bad-year"),
            (15, "bad-value"),
            (20, "ambiguous-number"),
            (20, "bad-value"),
        ],
        (),
    ) == ([(line, code) for line, code, _m in _problems(ledgers)], ledgers.changes)
    messages = [message for _line, _code, message in _problems(ledgers)]
    assert "`amount` is not a field of a forlængelse" == messages[2]
    assert "an omplacering needs at least two sides, not 1" == messages[-1]


def test_spending_problems(tmp_path: Path) -> None:
    """Missing keys, bad months and a wrong shape are problems, not exceptions."""
    ledgers = _load(
        tmp_path,
        """\
format: bevilling-spending/1
title: Forbrug
unit: 1000 DKK
spending:
  - {appropriation: D01, amount: 5}
  - {appropriation: D01, year: 2016, months: 6-1, amount: 5}
  - {appropriation: D01, year: 2016, months: 13, amount: 5}
  - just text
  - {appropriation: D01, year: 2016, amount: 1e3}
""",
    )
    assert [
        (5, "missing-field"),
        (6, "bad-value"),
        (7, "bad-value"),
        (8, "wrong-type"),
        (9, "bad-number"),
    ] == [(line, code) for line, code, _m in _problems(ledgers)]


def test_hostile_record_files(tmp_path: Path) -> None:
    """Tags, aliases, a NUL byte and an empty list are problems; nothing is built."""
    tagged = _load(
        tmp_path,
        "format: bevilling-spending/1\ntitle: !!python/object:os.system x\nunit: DKK\n"
        "spending: []\n",
        "a.yaml",
    )
    alias = _load(
        tmp_path,
        "format: bevilling-spending/1\ntitle: &t x\nunit: DKK\nspending:\n"
        "  - {appropriation: *t, year: 2016, amount: 1}\n",
        "b.yaml",
    )
    nul = _load(tmp_path, "format: bevilling-spending/1\ntitle: x\x00\n", "c.yaml")
    empty = _load(tmp_path, "format: bevilling-spending/1\ntitle: x\nunit: DKK\nspending:\n")
    assert ["yaml-tag"] == [p.code for p in tagged.problems]
    assert {"yaml-alias"} == {p.code for p in alias.problems}
    assert ["not-utf8"] == [p.code for p in nul.problems]
    assert (["missing-field"], ()) == ([p.code for p in empty.problems], empty.spending)


def test_ledgers_and_records_load_together(tmp_path: Path) -> None:
    """A folder with a ledger, a change file and a spending file loads all three."""
    (tmp_path / "l.yaml").write_text(
        "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
        "  - {name: T1, category: driftsmidler, appropriations: [{id: A, title: X,"
        " amount: 5, expires: 2016}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        "format: bevilling-changes/1\ntitle: C\nunit: 1000 DKK\nchanges: []\n", encoding="utf-8"
    )
    (tmp_path / "s.yaml").write_text(
        "format: bevilling-spending/1\ntitle: S\nunit: 1000 DKK\nspending:\n"
        "  - {appropriation: A, year: 2016, amount: 3}\n",
        encoding="utf-8",
    )
    ledgers = bevilling.load(tmp_path)
    assert ([], 1, 0, 1, 2) == (
        list(ledgers.problems),
        len(ledgers.ledgers),
        len(ledgers.changes),
        len(ledgers.spending),
        len(ledgers.record_files),
    )


def test_the_examples_of_the_format_page_load_and_check_clean(tmp_path: Path) -> None:
    """The change and spending files shown in docs/ledger-format.md load without problems
    and pass `check --strict` findings of their own with the shipped ledgers."""
    import re

    from tests.conftest import ROOT

    page = (ROOT / "docs" / "ledger-format.md").read_text(encoding="utf-8")
    shown = [
        body
        for body in re.findall(r"^```yaml\n(.*?)^```\n", page, flags=re.M | re.S)
        if body.startswith(("format: bevilling-changes/", "format: bevilling-spending/"))
    ]
    for n, body in enumerate(shown):
        (tmp_path / f"{n}.yaml").write_text(body, encoding="utf-8")
    ledgers = bevilling.load([ROOT / "ledger", tmp_path])
    report = bevilling.check(ledgers)
    own = [p for p in report.problems if p.location.file.startswith(str(tmp_path))]
    assert (2, [], 4, 3) == (len(shown), own, len(ledgers.changes), len(ledgers.spending))


@given(
    st.sampled_from(["bevilling-changes/1", "bevilling-spending/1"]),
    st.text(alphabet=st.sampled_from(list("-:{}[]\n #'\"&*!|>ab12.,")), max_size=120),
)
def test_any_text_after_the_format_line_is_problems_not_exceptions(format: str, rest: str) -> None:
    """Whatever follows the format line, reading gives records or problems with lines."""
    from bevilling.read import read_records

    records, problems = read_records(f"format: {format}\n{rest}", "f.yaml", format)
    assert (records is None) == any(p.severity.value == "error" for p in problems)
    assert all(p.location.file == "f.yaml" for p in problems)
