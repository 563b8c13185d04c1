"""The registry, check() and its report (audit/registry.py)."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.audit import CHECKS, SOURCE_CODES, UnknownCodeError, check, resolve_codes
from bevilling.core.problems import LOAD_CODES
from bevilling.i18n.catalogs import use_locale
from tests.audit.helpers import HEAD, lines_executed

ROOT = Path(__file__).resolve().parents[2]


def test_loader_problems_come_first_through_the_same_channel(tmp_path: Path) -> None:
    """Loader problems are in the report, before the check findings (even of files that sort
    earlier), and count as errors."""
    (tmp_path / "a.yaml").write_text(
        HEAD + "tables:\n  - {name: T, category: driftsmidler, stated_total: 2, appropriations:"
        " [{id: A1, title: X, amount: 1, expires: 2016}]}\n",
        encoding="utf-8",
    )
    (tmp_path / "b.yaml").write_text(HEAD + "tables:\n  - {name: T, category: drift}\n")
    report = check(bevilling.load(tmp_path))
    assert [
        ("b.yaml", "missing-field"),
        ("b.yaml", "unknown-category"),
        ("a.yaml", "total-mismatch"),
    ] == [(Path(p.location.file).name, p.code) for p in report.problems]
    assert (False, 3, 1) == (report.valid, report.errors, report.ledgers)


def test_select_and_ignore() -> None:
    """--select keeps only the given codes (comma-separated counts), --ignore drops them;
    unknown codes raise with a did-you-mean."""
    ledgers = bevilling.load(ROOT / "ledger")
    assert ["description-amount"] == [
        p.code for p in check(ledgers, select=["description-amount"]).problems
    ]
    ignored = check(ledgers, ignore=["description-amount,possible-duplicate"])
    assert {"mixed-price-levels", "total-mismatch"} == {p.code for p in ignored.problems}
    with pytest.raises(
        UnknownCodeError, match="ukendt kode 'total-mismatc': mente du `total-mismatch`"
    ):
        resolve_codes(["total-mismatc"])
    with use_locale("en"), pytest.raises(UnknownCodeError, match="did you mean `total-mismatch`"):
        resolve_codes(["total-mismatc"])


@pytest.mark.parametrize("select", [[], [""], ["", " ,"], "", ",", " "])
def test_an_empty_selection_raises(select: list[str] | str) -> None:
    """check(select=[]) or select="" ran no check and reported valid=True (attack 7 #42): it
    raises ValueError, as an unknown code does; an empty ``ignore`` ignores nothing."""
    ledgers = bevilling.load(ROOT / "ledger")
    with pytest.raises(ValueError, match="--select nævner ingen kode"):
        check(ledgers, select=select)
    assert 4 == len(check(ledgers, ignore=select).problems)


def test_a_string_selection_is_a_list_of_codes() -> None:
    """select="a,b" (one string) is read as the codes it lists, not as its characters."""
    ledgers = bevilling.load(ROOT / "ledger")
    report = check(ledgers, select="description-amount, mixed-price-levels")
    assert ["mixed-price-levels", "description-amount"] == [p.code for p in report.problems]


def test_shipped_ledgers_audit() -> None:
    """The shipped ledgers: the accepted 1.200 discrepancy plus what an auditor finds."""
    report = check(bevilling.load(ROOT / "ledger"))
    assert [
        ("biie-vision-2020-flere-i-fleksjob.yaml", 24, "mixed-price-levels", False),
        ("udsatte-2015.yaml", 26, "total-mismatch", True),
        ("udsatte-2015.yaml", 95, "description-amount", False),
        ("udsatte-2015.yaml", 202, "possible-duplicate", False),
    ] == [
        (Path(p.location.file).name, p.location.line, p.code, p.accepted is not None)
        for p in report.problems
    ]
    assert (True, 0, 3, 1) == (report.valid, report.errors, report.warnings, report.accepted)


def test_every_code_is_documented() -> None:
    """docs/checks.md has a section for every loader and check code (a real guard: adding a
    code without documenting it fails here)."""
    text = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^### `([a-z0-9-]+)`", text, re.MULTILINE))
    codes = {*LOAD_CODES, *(c.code for c in CHECKS), *SOURCE_CODES}
    assert set() == codes - headings
    assert set() == headings - codes


def test_registry_is_well_formed() -> None:
    """Codes are unique slugs and each check has a title and a documented function."""
    codes = [c.code for c in CHECKS]
    assert len(codes) == len(set(codes))
    assert set() == set(codes) & set(LOAD_CODES)
    for entry in CHECKS:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", entry.code)
        assert entry.title
        assert entry.function.__doc__
        assert entry.function.__doc__.lstrip().startswith(f"``{entry.code}``")


# --- issue 10: a slip either gives a finding or changes no figure -------------------------


@st.composite
def clean_ledgers(draw: st.DrawFn) -> list[tuple[str, str]]:
    """A ledger that passes `check --strict`, as (role, line) pairs: every table states its
    exact total, rows have unique title words, whole amounts, sources from 2015 and either an
    amount and expiry or a block profile with its printed "I alt"."""
    lines = [("head", line) for line in HEAD.splitlines()] + [("head", "tables:")]
    word = 0
    for t in range(draw(st.integers(min_value=1, max_value=3))):
        rows: list[list[tuple[str, str]]] = []
        total = 0
        for r in range(draw(st.integers(min_value=1, max_value=4))):
            word += 1
            title = "".join(chr(ord("a") + int(d)) for d in f"{word:03d}")
            row = [
                (f"row {t} {r}", f"      - id: R{t}x{r}"),
                (f"row {t} {r}", f"        title: {title}"),
                (f"row {t} {r}", "        source: Budgetaftale 2015"),
            ]
            if draw(st.booleans()):
                amount = draw(st.integers(min_value=1, max_value=99_999))
                row.append((f"amount {t} {r}", f"        amount: {amount}"))
                year = draw(st.integers(min_value=2015, max_value=2020))
                row.append((f"expires {t} {r}", f"        expires: {year}"))
            else:
                values = draw(st.lists(st.integers(1, 9_999), min_size=1, max_size=3))
                row.append((f"row {t} {r}", "        profile:"))
                row += [
                    (f"year {t} {r}", f"          {2016 + n}: {v}") for n, v in enumerate(values)
                ]
                amount = sum(values)
                row.append((f"amount {t} {r}", f"        amount: {amount}"))
            total += amount
            rows.append(row)
        lines += [
            ("table", f"  - name: T{t}"),
            ("table", "    category: driftsmidler"),
            (f"total {t}", f"    stated_total: {total}"),
            ("table", "    appropriations:"),
        ]
        lines += [line for row in rows for line in row]
    return lines


SLIPS = ("paste a row", "paste a row, new id", "change a digit", "drop a total", "move expiry")


@st.composite
def slips(draw: st.DrawFn) -> tuple[list[tuple[str, str]], list[tuple[str, str]], str]:
    """A clean ledger, the same ledger with one realistic slip made, and the slip's name."""
    lines = draw(clean_ledgers())
    slip = draw(st.sampled_from(SLIPS))
    rows = sorted({role.split(" ", 1)[1] for role, _ in lines if role.startswith("row ")})
    row = draw(st.sampled_from(rows))
    own = [i for i, (role, _) in enumerate(lines) if role.split(" ", 1)[-1] == row]
    own = [i for i in own if not lines[i][0].startswith("total")]
    changed = list(lines)
    if slip.startswith("paste a row"):
        copy = [lines[i] for i in own]
        if slip.endswith("new id"):
            copy[0] = (copy[0][0], copy[0][1] + "b")
        changed[own[-1] + 1 : own[-1] + 1] = copy
    elif slip == "change a digit":
        figures = [i for i, (role, _) in enumerate(lines) if role.split(" ")[0] in
                   ("amount", "year", "total")]  # fmt: skip
        at = draw(st.sampled_from(figures))
        key, _, value = lines[at][1].rpartition(" ")
        position = draw(st.integers(0, len(value) - 1))
        digit = draw(st.sampled_from([d for d in "0123456789" if d != value[position]]))
        value = value[:position] + digit + value[position + 1 :]
        changed[at] = (lines[at][0], f"{key} {value}")
    elif slip == "drop a total":
        totals = [i for i, (role, _) in enumerate(lines) if role.startswith("total")]
        del changed[draw(st.sampled_from(totals))]
    else:
        expires = [i for i, (role, _) in enumerate(lines) if role.startswith("expires")]
        if not expires:
            return lines, lines, "none"
        at = draw(st.sampled_from(expires))
        year = int(lines[at][1].rpartition(" ")[2])
        moved = draw(st.sampled_from([y for y in range(2013, 2022) if y != year]))
        changed[at] = (lines[at][0], f"        expires: {moved}")
    return lines, changed, slip


def figures_of(ledgers: bevilling.LedgerSet) -> dict[str, Decimal]:
    """What the reports add up: the total, by expiry (expiring, totals --by expiry) and by
    year (timeline: a profile's years, else the amount in its expiry year), in kroner."""
    sums: dict[str, Decimal] = {}

    def add(key: str, value: Decimal) -> None:
        sums[key] = sums.get(key, Decimal(0)) + value

    for ledger, _table, a in ledgers.entries():
        kroner = ledger.unit.factor * a.amount
        add("total", kroner)
        add(f"expiry {a.expiry}", kroner)
        years = dict(a.profile.items()) if a.profile else {a.expiry.year: a.amount}
        for year, value in years.items():
            add(f"year {year}", ledger.unit.factor * value)
    return {key: value for key, value in sums.items() if value}


@given(slips())
def test_a_slip_gives_a_finding_or_changes_no_figure(
    case: tuple[list[tuple[str, str]], list[tuple[str, str]], str],
) -> None:
    """Property (issue 10): for a clean ledger and one realistic slip (a pasted row, with or
    without a new id; a changed digit; a dropped stated total; a moved expiry), `check`
    reports a finding, or every figure the reports add up is unchanged. The one exception
    is the documented limitation: a row's expiry year moved to another year the source
    allows (no ledger states an expiry twice), see docs/checks.md."""
    clean, changed, slip = case
    before = bevilling.load_string("\n".join(text for _role, text in clean) + "\n", "t.yaml")
    assert () == check(before).problems
    after = bevilling.load_string("\n".join(text for _role, text in changed) + "\n", "t.yaml")
    report = check(after)
    if report.problems or figures_of(before) == figures_of(after):
        return
    assert "move expiry" == slip  # the documented limitation, and nothing else
    moved = [b for a, b in zip(clean, changed, strict=True) if a != b]
    assert 1 == len(moved)
    assert int(moved[0][1].rpartition(" ")[2]) >= 2015  # the source's year: no earlier


def test_moved_expiry_is_a_documented_limitation() -> None:
    """A row's expiry year changed to another year after its source's year is not found:
    nothing in a ledger states it twice (no printed total by expiry). docs/checks.md says
    so; a profile, or a source year, makes the same slip visible."""
    text = HEAD + textwrap.dedent("""\
        tables:
          - name: T
            category: driftsmidler
            stated_total: 1200
            appropriations:
              - {id: A1, title: Mikrolån, source: Budgetaftale 2015, amount: 1200, expires: 2017}
        """)
    assert () == check(bevilling.load_string(text)).problems
    docs = (ROOT / "docs" / "checks.md").read_text(encoding="utf-8")
    assert "An expiry year changed to another year" in docs


# --- issue 13: the work of check grows linearly with the rows --------------------------------


def _scaling_ledger(rows: int) -> str:
    """A ledger with what makes checks work hard: every fifth row `amount: 500, expires: 2016`
    with a shared title word, descriptions naming amounts, profiles, a stated total per table
    that is off by one and accepted, a stale acceptance per table and one per row."""
    tables = []
    accepted = []
    for t in range(rows // 20):
        lines = []
        total = 0
        for r in range(20):
            n = t * 20 + r
            if r % 5 == 0:
                amount, title = 500, f"Mentor {n}"
            else:
                amount, title = 1000 + n, f"Række {chr(97 + r)}{n}"
            total += amount
            lines.append(
                f"      - id: R{n}\n        title: {title}\n"
                f"        description: Der gives 1,9 mio. kr.\n"
                f"        profile: {{2016: {amount}, 2017: 0}}\n        expires: 2016\n"
            )
            if r == 3:
                accepted.append(
                    f"  - {{code: description-amount, appropriation: R{n}, named: 1900,"
                    f" amount: {amount}, reason: Sådan.}}\n"
                )
        tables.append(
            f"  - name: T{t}\n    category: driftsmidler\n    stated_total: {total + 1}\n"
            "    appropriations:\n" + "".join(lines)
        )
        accepted.append(
            f"  - {{code: total-mismatch, table: T{t}, stated: {total + 1}, sum: {total},"
            " reason: Trykt sådan.}\n"
        )
        accepted.append(
            f"  - {{code: profile-mismatch, table: T{t}, appropriation: R{t}, stated: 1, sum: 2,"
            " reason: Forældet.}\n"
        )
    return HEAD + "tables:\n" + "".join(tables) + "accepted:\n" + "".join(accepted)


def _lines_run(rows: int) -> tuple[int, int]:
    """(findings, lines of bevilling's code executed) for one check run."""
    ledgers = bevilling.load_string(_scaling_ledger(rows), "t.yaml")
    report, executed = lines_executed(lambda: check(ledgers))
    return len(report.problems), executed


def test_check_work_grows_linearly_with_rows() -> None:
    """Issue 13: check on 4N rows executes at most ~4x the lines of bevilling's code it
    executes on N rows (a counted shape, not a time): acceptances are indexed once, grouped
    duplicates are linear, decimal places are memoised per run. A quadratic step (a scan of
    every row per finding or per acceptance, every pair of a bucket) gives ~16x."""
    small_findings, small = _lines_run(100)
    large_findings, large = _lines_run(400)
    assert small_findings > 10
    assert 4 * small_findings - 10 <= large_findings <= 4 * small_findings + 10
    assert large <= 4.6 * small


def _replace_check(
    monkeypatch: pytest.MonkeyPatch, code: str, function: Callable[[bevilling.LedgerSet], object]
) -> Callable[[bevilling.LedgerSet], Iterable[bevilling.Problem]]:
    """Make ``function`` the function of the check ``code`` where `check()` looks it up (an
    attribute of its module, named in the registry's table); returns the one it replaces."""
    from bevilling.audit import registry

    module, name = registry._WHERE[code]
    original = registry.check_function(code)
    monkeypatch.setattr(f"bevilling.audit.{module}.{name}", function)
    return original


def test_each_check_runs_once_with_acceptances(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 13 item 2: with accepted entries (so stale-acceptance needs every finding), each
    check still runs once per call, not a second time for the stale check."""

    from bevilling.audit import registry

    calls: dict[str, int] = {}

    def counted(code: str) -> None:
        def function(ledgers: bevilling.LedgerSet) -> list[bevilling.Problem]:
            calls[code] = calls.get(code, 0) + 1
            return list(original(ledgers))

        original = _replace_check(monkeypatch, code, function)

    for entry in registry.CHECKS:
        if entry.code not in registry.META_CODES:
            counted(entry.code)
    ledgers = bevilling.load_string(_scaling_ledger(20), "t.yaml")
    report = check(ledgers, select=["stale-acceptance", "total-mismatch"])
    assert {"total-mismatch", "stale-acceptance"} == {p.code for p in report.problems}
    assert {c.code: 1 for c in CHECKS if c.code not in registry.META_CODES} == calls


def test_decimal_places_are_computed_once_per_ledger_and_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 13 item 1: formatting many findings asks a ledger's decimal places once per
    check function, not once per finding."""
    from bevilling.core.model import Ledger

    calls = 0
    original = Ledger.decimal_places

    def counting(self: Ledger) -> int:
        nonlocal calls
        calls += 1
        return original(self)

    monkeypatch.setattr(Ledger, "decimal_places", counting)
    ledgers = bevilling.load_string(_scaling_ledger(200), "t.yaml")
    report = check(ledgers, use_accepted=False)
    assert len(report.problems) > 20
    assert calls <= len(CHECKS)


def test_every_check_title_is_translated() -> None:
    """Each check's title has a Danish wording of its own (from the catalog) and the English
    one is its message id."""
    for entry in CHECKS:
        assert entry.title == entry.describe("en")
        assert entry.describe("da") not in ("", entry.title), entry.code
    with use_locale("en"):
        assert CHECKS[0].title == CHECKS[0].describe()
    assert "en tabels rækker" in CHECKS[0].describe()


def test_check_runs_in_the_locale_asked_for_and_records_it() -> None:
    """`check(locale=...)` writes messages and figures in that language and records it on the
    report; without it the current locale applies (Danish by default); an unknown one is a
    ValueError."""
    ledgers = bevilling.load_string(
        HEAD + "tables:\n  - {name: T, category: driftsmidler, stated_total: 1300,"
        " appropriations: [{id: A1, title: X, amount: 1200, expires: 2016}]}\n"
    )
    assert ("da", "tabel") == (check(ledgers).locale, check(ledgers).problems[0].message[:5])
    with use_locale("en"):
        report = check(ledgers)
    assert "en" == report.locale
    assert report.problems[0].message.startswith('table "T": stated total 1,300,')
    assert "da" == check(ledgers, locale="da_DK").locale
    with pytest.raises(ValueError, match="xx"):
        check(ledgers, locale="xx")


# --- check(errors_only=True): what the reports ask before they report -----------------------


def _errors(report: bevilling.Report) -> list[tuple[str, int, str, str | None, str | None]]:
    """The error findings of a report (accepted ones too), as shown: code, line, message,
    hint and the recorded reason."""
    return [
        (p.code, p.location.line, p.message, p.hint, p.accepted)
        for p in report.problems
        if p.severity is bevilling.Severity.ERROR
    ]


def _error_sets() -> list[Path]:
    """Ledger folders and files of the project: the shipped ledgers, the examples (with change
    and spending files and a price index) and every hostile file."""
    return [
        ROOT / "ledger",
        ROOT / "examples",
        *sorted((ROOT / "tests" / "hostile").glob("*.yaml")),
    ]


@pytest.mark.parametrize("where", _error_sets(), ids=lambda p: p.name)
def test_errors_only_finds_the_errors_of_the_full_check(where: Path) -> None:
    """On every shipped, example and hostile ledger, `check(errors_only=True)` finds exactly
    the errors of the full check (the same findings, messages, hints and acceptances, in the
    same order), the same `valid`, and no warning."""
    ledgers = bevilling.load(where)
    full, errors_only = check(ledgers), check(ledgers, errors_only=True)
    assert (_errors(full), full.valid) == (_errors(errors_only), errors_only.valid)
    assert [] == [
        p.code for p in errors_only.problems if p.severity is not bevilling.Severity.ERROR
    ]


def _with_entries(draw: st.DrawFn) -> bevilling.LedgerSet:
    """A ledger set of any texts and amounts whose ledgers accept findings of real codes, in
    the places they have (the figure codes pinned or not, description-amount, warnings)."""
    import attrs

    from bevilling.core.model import Acceptance
    from bevilling.core.problems import Location
    from tests.strategies import written_amounts, written_ledgers

    codes = st.sampled_from(
        ["total-mismatch", "total-rounding", "year-total-mismatch", "profile-mismatch",
         "description-amount", "duplicate-row", "zero-amount", "possible-duplicate",
         "expiry-before-source"]
    )  # fmt: skip
    ledgers = []
    for number in range(draw(st.integers(min_value=1, max_value=2))):
        ledger = draw(written_ledgers(f"l{number}.yaml"))
        tables = [t.name for t in ledger.tables]
        ids = [a.id for t in ledger.tables for a in t.appropriations]
        entries = tuple(
            Acceptance(
                code=draw(codes),
                reason="kilden",
                location=Location(ledger.location.file, 90 + n),
                table=draw(st.none() | st.sampled_from(tables)),
                appropriation=draw(st.none() | st.sampled_from(ids)) if ids else None,
                stated=draw(st.none() | written_amounts()),
                summed=draw(st.none() | written_amounts()),
            )
            for n in range(draw(st.integers(min_value=0, max_value=3)))
        )
        ledgers.append(attrs.evolve(ledger, accepted=entries))
    return bevilling.LedgerSet(ledgers=tuple(ledgers))


@given(ledgers=st.composite(_with_entries)())
def test_errors_only_agrees_with_the_full_check_on_any_ledger(
    ledgers: bevilling.LedgerSet,
) -> None:
    """On any ledger set with entries of real codes, pinned or not, `check(errors_only=True)`
    gives the errors of the full check and its `valid`: leaving the warnings out changes no
    error, no acceptance of an error and no hint of `unpinned-acceptance`."""
    full, errors_only = check(ledgers), check(ledgers, errors_only=True)
    assert (_errors(full), full.valid) == (_errors(errors_only), errors_only.valid)


def test_errors_only_runs_no_check_of_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """`check(errors_only=True)` runs no check that finds warnings only (the reports' gate: a
    description's amounts, possible duplicates... cost time and decide nothing), but for the
    code an `accepted:` entry names (`total-rounding` here: the hint of its unpinned entry
    quotes the finding)."""

    from bevilling.audit import registry

    ran: list[str] = []

    def spy(code: str) -> None:
        def function(ledgers: bevilling.LedgerSet) -> object:
            ran.append(code)
            return original(ledgers)

        original = _replace_check(monkeypatch, code, function)

    for entry in registry.CHECKS:
        if entry.code not in registry.META_CODES:
            spy(entry.code)
    ledgers = bevilling.load_string(
        HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    stated_total: 4\n"
        "    rounded_to: 1\n    appropriations:\n"
        "      - {id: A1, title: X, amount: 1, expires: 2016, description: 'JKA få 1,9 mio. kr.'}\n"
        "      - {id: A2, title: Y, amount: 1, expires: 2016}\n"
        "      - {id: A3, title: Z, amount: 1, expires: 2016}\n"
        "accepted:\n  - {code: total-rounding, table: T, reason: afrundet}\n",
        "t.yaml",
    )
    report = check(ledgers, errors_only=True)
    warnings = {c.code for c in registry.CHECKS if c.severity is bevilling.Severity.WARNING}
    assert ["total-rounding"] == [code for code in ran if code in warnings]
    assert [("unpinned-acceptance", True)] == [
        (p.code, "`stated: 4`, `sum: 3`" in (p.hint or "")) for p in report.problems
    ]
    assert not report.valid


def test_the_checks_are_the_registry_table_with_their_functions() -> None:
    """`CHECKS` (built on first use) is the registry's table, entry for entry and in order:
    code, severity, title, and the function the table names, which is the module's own
    function (so `check()`, which runs the table, runs what `CHECKS` says)."""
    import importlib

    from bevilling.audit import registry

    table = [
        (code, severity, title, getattr(importlib.import_module(f"bevilling.audit.{m}"), name))
        for code, severity, m, name, title in registry._TABLE
    ]
    assert table == [(c.code, c.severity, c.title, c.function) for c in CHECKS]
    assert all(c.function is registry.check_function(c.code) for c in CHECKS)
    assert (registry.Check, "bevilling.audit.registry") == (
        type(CHECKS[0]),
        type(CHECKS[0]).__module__,
    )


def test_errors_only_imports_no_family_of_warnings() -> None:
    """`check(errors_only=True)` (the reports' gate) imports no module whose checks all find
    warnings (`figures`, `descriptions`) and builds no `Check`; the full check imports every
    family.  Told from the table: a family whose every code is a warning."""
    from bevilling.audit import registry

    families: dict[str, set[bevilling.Severity]] = {}
    for _code, severity, module, _name, _title in registry._TABLE:
        families.setdefault(f"bevilling.audit.{module}", set()).add(severity)
    warnings_only = sorted(m for m, s in families.items() if s == {bevilling.Severity.WARNING})
    assert ["bevilling.audit.descriptions", "bevilling.audit.figures"] == warnings_only
    watched = [*warnings_only, "bevilling.audit._checks"]
    code = (
        "import sys, bevilling; ledgers = bevilling.load('ledger');"
        " gate = bevilling.check(ledgers, errors_only=True);"
        f" before = [m for m in {watched!r} if m in sys.modules];"
        " full = bevilling.check(ledgers);"
        f" print(gate.valid, before, [m for m in {watched!r} if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f"True [] {warnings_only!r}" == done.stdout.strip()
