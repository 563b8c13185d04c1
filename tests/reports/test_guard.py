"""Tests for bevilling.reports.guard: queries refuse ledgers with unaccepted errors (issue 10,
item 3) unless the caller opts in with allow_errors=True."""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import bevilling
from bevilling.core.problems import BevillingError
from bevilling.i18n.catalogs import use_locale
from bevilling.reports import (
    LedgerErrorsError,
    expiring,
    lookup,
    select,
    timeline,
    totals,
)
from tests.conftest import ROOT


def _copied_ledger(tmp_path: Path) -> Path:
    """The shipped ledgers with a copy left in the folder, as Explorer names it."""
    folder = tmp_path / "ledger"
    shutil.copytree(ROOT / "ledger", folder)
    shutil.copy(folder / "udsatte-2015.yaml", folder / "udsatte-2015 - Kopi.yaml")
    return folder


def test_a_copied_ledger_is_refused_by_every_query(tmp_path: Path) -> None:
    """A copy of a ledger left in the folder doubles every figure; every query refuses it with
    the duplicate-id errors, file:line first, and says how many more there are."""
    ledgers = bevilling.load(_copied_ledger(tmp_path))
    for query in (
        lambda: expiring(ledgers, 2016),
        lambda: totals(ledgers),
        lambda: timeline(ledgers),
        lambda: select(ledgers),
        lambda: lookup(ledgers, "D11"),
    ):
        with pytest.raises(LedgerErrorsError) as raised:
            query()
        error = raised.value
        assert {"duplicate-id", "duplicate-table"} == {p.code for p in error.problems}
        first = str(error.problems[0].location)
        assert "udsatte-2015" in first
        assert first in str(error)
        assert f"; og {len(error.problems) - 3} til. Kør `bevilling check`" in str(error)
        assert ": fejl[duplicate-" in str(error)
        assert str(error).startswith(
            f"bevillingsfilerne har {len(error.problems)} fejl, der ikke er accepteret, så"
            " rapportens tal ville være forkerte: "
        )
        assert "allow_errors=True" in str(error)
    with use_locale("en"), pytest.raises(LedgerErrorsError) as raised:
        totals(bevilling.load(_copied_ledger(tmp_path / "en")))
    english = str(raised.value)
    assert english.startswith(
        f"the ledgers have {len(raised.value.problems)} unaccepted errors, so report figures"
        " would be wrong: "
    )
    assert f"; and {len(raised.value.problems) - 3} more. Run `bevilling check`" in english
    assert ": error[duplicate-" in english


def test_allow_errors_reports_anyway(tmp_path: Path) -> None:
    """With allow_errors=True the caller gets the (doubled) figure it asked for."""
    ledgers = bevilling.load(_copied_ledger(tmp_path))
    assert Decimal(2 * 8219) == expiring(ledgers, 2016, allow_errors=True).total
    assert 2 == len(lookup(ledgers, "D11", allow_errors=True))


def test_a_ledger_that_failed_to_load_is_refused(write_ledger: Callable[..., Path]) -> None:
    """load() drops a ledger with a load error; expiring() no longer returns 0 for it
    silently but names the file and line of the problem."""
    write_ledger(
        """
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1.200, expires: 2016}
        """,
        "broken.yaml",
    )
    ledgers = bevilling.load(write_ledger("", "broken.yaml").parent)
    assert () == ledgers.ledgers
    with pytest.raises(LedgerErrorsError, match=r"broken\.yaml"):
        expiring(ledgers, 2016)


def test_the_error_is_a_bevilling_error_with_every_problem(
    write_ledger: Callable[..., Path],
) -> None:
    """LedgerErrorsError is a BevillingError; .problems holds every error, not only those the
    message names."""
    path = write_ledger(
        """
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - {id: A1, title: A, amount: 100, expires: 2016}
              - {id: A1, title: B, amount: 200, expires: 2016}
              - {id: A2, title: C, amount: 300, expires: 2016}
              - {id: A2, title: D, amount: 400, expires: 2016}
        """
    )
    with pytest.raises(BevillingError) as raised:
        totals(bevilling.load(path))
    assert isinstance(raised.value, LedgerErrorsError)
    found = [(p.code, Path(p.location.file).name, p.location.line) for p in raised.value.problems]
    assert [("duplicate-id", "ledger.yaml", 10), ("duplicate-id", "ledger.yaml", 12)] == found


def test_accepted_errors_and_warnings_do_not_block(write_ledger: Callable[..., Path]) -> None:
    """A total mismatch accepted on the record, and warnings, leave the figures trusted."""
    path = write_ledger(
        """
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: Tabel 1
            category: driftsmidler
            stated_total: 2000
            appropriations:
              - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
        accepted:
          - {code: total-mismatch, table: Tabel 1, stated: 2000, sum: 1200,
             reason: the source prints 2.000}
        """
    )
    ledgers = bevilling.load(path)
    assert bevilling.check(ledgers).valid
    assert Decimal(1200) == expiring(ledgers, 2016).total


def test_entries_given_directly_are_checked_through_their_ledgers(tmp_path: Path) -> None:
    """expiring(ledgers.entries(), ...) cannot slip past the guard."""
    ledgers = bevilling.load(_copied_ledger(tmp_path))
    with pytest.raises(LedgerErrorsError):
        expiring(ledgers.entries(), 2016)


def test_the_check_runs_once_per_ledger_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """Repeated queries on one LedgerSet run the checks once; a new set is checked anew."""
    import bevilling.audit

    calls: list[int] = []
    real = bevilling.audit.check

    def counting(ledgers: bevilling.LedgerSet, **options: bool) -> bevilling.Report:
        calls.append(1)
        return real(ledgers, **options)

    monkeypatch.setattr(bevilling.audit, "check", counting)
    ledgers = bevilling.load(ROOT / "ledger")
    for year in range(2014, 2020):
        expiring(ledgers, year)
    totals(ledgers)
    timeline(ledgers)
    select(ledgers)
    assert 1 == len(calls)
    expiring(bevilling.load(ROOT / "ledger"), 2016)
    assert 2 == len(calls)
    expiring(ledgers, 2016, allow_errors=True)
    assert 2 == len(calls)


def test_entries_of_a_set_that_passed_are_not_checked_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Combining reports (totals of the rows expiring() returned, as the memo example does)
    costs no second check."""
    import bevilling.audit

    calls: list[int] = []
    real = bevilling.audit.check

    def counting(ledgers: bevilling.LedgerSet, **options: bool) -> bevilling.Report:
        calls.append(1)
        return real(ledgers, **options)

    monkeypatch.setattr(bevilling.audit, "check", counting)
    ledgers = bevilling.load(ROOT / "ledger")
    rows = expiring(ledgers, 2016).rows
    assert Decimal(8219) == totals([row.entry for row in rows], "target-group").total
    assert 1 == len(calls)


def test_entries_of_a_set_with_a_file_that_did_not_load_are_refused(tmp_path: Path) -> None:
    """`bevilling.expiring(ledgers.entries(), 2016).total` returned 8.219 for a folder holding
    a file that did not load, although `bevilling.expiring(ledgers, 2016)` refused: entries
    from `LedgerSet.entries()` are checked as their whole set, load problems included."""
    import shutil

    import bevilling

    root = Path(__file__).resolve().parents[2]
    shutil.copy(root / "ledger" / "udsatte-2015.yaml", tmp_path / "udsatte-2015.yaml")
    (tmp_path / "broken.yaml").write_text("format: bevilling/1\ntitle: [\n", encoding="utf-8")
    ledgers = bevilling.load(tmp_path)
    for query in (
        lambda source: bevilling.expiring(source, 2016),
        bevilling.totals,
        lambda source: bevilling.timeline(source, range(2015, 2021)),
    ):
        with pytest.raises(bevilling.LedgerErrorsError, match=r"broken\.yaml"):
            query(ledgers.entries())
    allowed = bevilling.expiring(ledgers.entries(), 2016, allow_errors=True)
    assert Decimal("8219") == allowed.total


def test_expiring_refuses_a_slip_in_an_accepted_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Trust gap 1, as the user made it: in the shipped ledger the driftsmidler table's
    printed 48.779 against rows adding up to 47.579 is accepted; D11 mistyped 1200 -> 1300
    used to pass `check` and let `bevilling expiring --year 2016` print 8.319 with exit 0.
    The accepted entry records its figures now, so the slip is an error and every report
    refuses."""
    from bevilling.cli import main

    text = (ROOT / "ledger" / "udsatte-2015.yaml").read_text(encoding="utf-8")
    at = text.index("id: D11")
    path = tmp_path / "udsatte-2015.yaml"
    path.write_text(text[:at] + text[at:].replace("amount: 1200", "amount: 1300", 1), "utf-8")
    ledgers = bevilling.load(path)
    with pytest.raises(LedgerErrorsError) as refused:
        expiring(ledgers, 2016)
    assert ["total-mismatch"] == [p.code for p in refused.value.problems]
    assert 1 == main(["expiring", "--year", "2016", str(path)])
    out, err = capsys.readouterr()
    assert "" == out
    assert "fejl[total-mismatch]" in err
    assert "8.319" not in out + err


def test_the_error_survives_pickling(tmp_path: Path) -> None:
    """Exception pickling (multiprocessing, concurrent.futures) called __init__ with the
    message and raised AttributeError; the error comes back with its problems and message."""
    with pytest.raises(LedgerErrorsError) as raised:
        expiring(bevilling.load(_copied_ledger(tmp_path)), 2016)
    copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own bytes
    assert (raised.value.problems, str(raised.value)) == (copy.problems, str(copy))


def test_entries_of_two_sets_that_each_passed_are_checked_together(tmp_path: Path) -> None:
    """Attack 7 #8, as the user made it: a ledger and its copy, each loaded and queried alone
    (8.219 each: both sets pass), then the entries of both in one query.  The guard skipped
    the check because each ledger had passed in some set, and printed 16.438 (the copy
    counted twice); the same query without the earlier ones refused.  Now it refuses
    whatever was asked before."""
    copy = tmp_path / "kopi.yaml"
    shutil.copy(ROOT / "ledger" / "udsatte-2015.yaml", copy)
    a = bevilling.load(ROOT / "ledger" / "udsatte-2015.yaml")
    b = bevilling.load(copy)
    assert (Decimal(8219), Decimal(8219)) == (expiring(a, 2016).total, expiring(b, 2016).total)
    with pytest.raises(LedgerErrorsError) as raised:
        expiring(list(a.entries()) + list(b.entries()), 2016)
    assert {"duplicate-id", "duplicate-table"} == {p.code for p in raised.value.problems}
    c = bevilling.load(copy)
    with pytest.raises(LedgerErrorsError) as fresh:
        expiring(list(a.entries()) + list(c.entries()), 2016)
    assert len(fresh.value.problems) == len(raised.value.problems)


_POOL = {
    "a.yaml": """
        format: bevilling/1
        title: A
        document: D
        unit: 1000 DKK
        tables:
          - name: T1
            category: driftsmidler
            stated_total: 300
            appropriations:
              - {id: A1, title: Mikrolån, amount: 100, expires: 2016}
              - {id: A2, title: Lønstøtte, amount: 200, expires: 2016}
        """,
    # a copy of a.yaml: duplicate-table and duplicate-id with it
    "b.yaml": """
        format: bevilling/1
        title: A
        document: D
        unit: 1000 DKK
        tables:
          - name: T1
            category: driftsmidler
            stated_total: 300
            appropriations:
              - {id: A1, title: Mikrolån, amount: 100, expires: 2016}
              - {id: A2, title: Lønstøtte, amount: 200, expires: 2016}
        """,
    "c.yaml": """
        format: bevilling/1
        title: C
        document: D
        unit: 1000 DKK
        tables:
          - name: T2
            category: indsatsmidler
            stated_total: 50
            appropriations:
              - {id: C1, title: Mentor, amount: 50, expires: 2016}
        """,
    # reuses A1, accepted here: fine after a.yaml (path order), an error before it
    "d.yaml": """
        format: bevilling/1
        title: D
        document: D
        unit: 1000 DKK
        tables:
          - name: T3
            category: indsatsmidler
            stated_total: 70
            appropriations:
              - {id: A1, title: Anden bevilling, amount: 70, expires: 2016}
        accepted:
          - {code: duplicate-id, appropriation: A1, reason: to sager med samme nummer}
        """,
    "e.yaml": """
        format: bevilling/1
        title: E
        document: D
        unit: 1000 DKK
        tables:
          - name: T4
            category: driftsmidler
            stated_total: 900
            appropriations:
              - {id: E1, title: Tastefejl, amount: 90, expires: 2016}
        """,
}


def _pool() -> list[bevilling.Ledger]:
    """Fresh ledger objects of the pool, by file name."""
    import textwrap

    return [
        bevilling.load_string(textwrap.dedent(text), file).ledgers[0]
        for file, text in _POOL.items()
    ]


def _outcome(
    pool: list[bevilling.Ledger], query: tuple[str, tuple[int, ...]]
) -> tuple[str, object]:
    """A query's answer: its total, or the errors it was refused with."""
    kind, chosen = query
    ledgers = [pool[i] for i in chosen]
    source: object
    if kind == "set":
        source = bevilling.LedgerSet(ledgers=tuple(ledgers))
    else:
        source = [
            entry
            for entry in bevilling.LedgerSet(ledgers=tuple(ledgers)).entries()
            if kind == "entries" or entry.appropriation.id.endswith("1")
        ]
    try:
        return ("total", expiring(source, 2016).total)  # type: ignore[arg-type]
    except LedgerErrorsError as error:
        return (
            "refused",
            sorted((p.code, p.location.file, p.location.line) for p in error.problems),
        )


_QUERIES = st.tuples(
    st.sampled_from(["set", "entries", "some entries"]),
    st.lists(st.integers(0, len(_POOL) - 1), min_size=1, max_size=3, unique=True).map(tuple),
)


@given(st.lists(_QUERIES, min_size=1, max_size=6))
@example([("set", (0,)), ("set", (1,)), ("entries", (0, 1))])  # attack 7 #8
@example([("set", (0, 3)), ("entries", (3, 0))])
@example([("set", (3, 0, 2)), ("some entries", (0, 3))])
def test_a_query_never_depends_on_the_queries_before_it(
    queries: list[tuple[str, tuple[int, ...]]],
) -> None:
    """Each query answers as it does in a fresh process (nothing remembered), whatever sets and
    entries were queried before: copies across sets, an accepted duplicate that is fine only
    in path order, a ledger with a total mismatch, sets built in any order."""
    from bevilling.reports import guard

    pool = _pool()
    alone = []
    for query in queries:
        guard._forget_all()
        alone.append(_outcome(pool, query))
    guard._forget_all()
    assert alone == [_outcome(pool, query) for query in queries]
