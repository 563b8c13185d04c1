"""bevilling.interop.diff: what a change to the ledgers means, matched by id or by title."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bevilling
from bevilling.core.model import (
    Category,
    Entry,
    Expiry,
    LedgerSet,
    Phase,
    Profile,
    Unit,
)
from bevilling.core.money import D
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.diff import COMPARED, _compare, _unchanged, detached, diff
from bevilling.interop.diff_render import render_diff
from bevilling.interop.git import GitError, git_ledger_texts, load_texts
from bevilling.write.dump import dump
from tests.strategies import ledger_sets, written_ledgers

OLD = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1200, expires: 2016, source: Budgetaftale 2015}
          - {id: D2, title: Mentor, amount: 500, expires: 2015}
          - {id: D3, title: Rehabiliteringsteam, amount: 9600, expires: Faldende profil}
      - name: Tabel 2
        category: indsatsmidler
        appropriations:
          - {title: Uden id, organisation: JKI, amount: 100, expires: 2015}
    """
)
NEW = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1500, expires: 2017, source: Budgetaftale 2016}
          - {id: D4, title: Ny indsats, amount: 250.5, expires: 2016}
          - {id: D3, title: Rehabiliteringsteam, amount: 9600, expires: Faldende profil}
      - name: Tabel 2
        category: indsatsmidler
        appropriations:
          - {title: Indsat række, amount: 10, expires: 2015}
          - {title: Uden id, organisation: JKI, amount: 100, expires: 2015}
    """
)


def _set(text: str, file: str = "ledger/eksempel.yaml") -> bevilling.LedgerSet:
    loaded = bevilling.load_string(text, file)
    assert () == loaded.problems
    return loaded


def test_added_removed_and_changed_are_found_by_id_and_by_title() -> None:
    """D1 changed (amount, expiry, source), D2 removed, D4 added; the row without an id is
    matched by table, title and organisation although its position (derived id) moved."""
    result = diff(_set(OLD), _set(NEW))
    assert [
        ("changed", "D1", ("amount", "expires", "source")),
        ("added", "D4", ()),
        ("added", "Tabel 2 / Indsat række", ()),
        ("removed", "D2", ()),
    ] == [(c.status, c.key, tuple(f.field for f in c.fields)) for c in result.changes]
    assert [Decimal(300), Decimal("250.5"), Decimal(10), Decimal(-500)] == [
        c.amount_change for c in result.changes
    ]


def test_detached_keeps_only_the_old_rows_it_names() -> None:
    """:func:`detached`: each old entry keeps its row, its table (without rows) and its ledger
    (without tables); the new entries, totals and every rendering are unchanged."""
    result = diff(_set(OLD), _set(NEW))
    alone = detached(result)
    olds = [c.old for c in alone.changes if c.old is not None]
    assert [("D1", "Tabel 1", "Eksempel"), ("D2", "Tabel 1", "Eksempel")] == [
        (e.appropriation.id, e.table.name, e.ledger.title) for e in olds
    ]
    assert [((), ())] * 2 == [(e.table.appropriations, e.ledger.tables) for e in olds]
    assert [c.old.appropriation for c in result.changes if c.old is not None] == [
        e.appropriation for e in olds
    ]
    assert [c.new for c in result.changes] == [c.new for c in alone.changes]
    assert (result.tables, result.totals) == (alone.tables, alone.totals)
    for form in ("text", "markdown", "json"):
        assert render_diff(result, form) == render_diff(alone, form)


def test_table_sums_and_grand_totals_change() -> None:
    """Each changed table's sum before and after; the grand total per phase in 1.000 kr."""
    result = diff(_set(OLD), _set(NEW))
    assert [
        ("Tabel 1 (Eksempel)", Decimal(11300), Decimal("11350.5")),
        ("Tabel 2 (Eksempel)", Decimal(100), Decimal(110)),
    ] == [(t.label, t.old, t.new) for t in result.tables]
    assert [("approved", Decimal(11400), Decimal("11460.5"), Decimal("60.5"))] == [
        (t.label, t.old, t.new, t.change) for t in result.totals
    ]


def test_text_rendering_in_danish() -> None:
    """The default text form, Danish numbers and words."""
    expected = textwrap.dedent(
        """\
        Tilføjet:
          + D4: Ny indsats (Tabel 1, 250,5 t.kr.) [ledger/eksempel.yaml:10]
          + Indsat række (Tabel 2, 10 t.kr.) [ledger/eksempel.yaml:15]

        Fjernet:
          - D2: Mentor (Tabel 1, 500 t.kr.) [ledger/eksempel.yaml:10]

        Ændret:
          ~ D1: Mikrolån (Tabel 1, 1.500 t.kr.) [ledger/eksempel.yaml:9]
              beløb: 1.200 t.kr. → 1.500 t.kr.
              udløb: 2016 → 2017
              kilde: Budgetaftale 2015 → Budgetaftale 2016

        Tabeller:
          Tabel 1 (Eksempel): 11.300 t.kr. → 11.350,5 t.kr. (ændring +50,5 t.kr.)
          Tabel 2 (Eksempel): 100 t.kr. → 110 t.kr. (ændring +10 t.kr.)

        I alt (t.kr.):
          vedtaget: 11.400 t.kr. → 11.460,5 t.kr. (ændring +60,5 t.kr.)
        """
    )
    assert expected == render_diff(diff(_set(OLD), _set(NEW)))


def test_text_rendering_in_english() -> None:
    """With locale en (given, or the current locale) every word and number is English."""
    k = "DKK thousand"
    expected = "\n".join(
        [
            "Added:",
            f"  + D4: Ny indsats (Tabel 1, 250.5 {k}) [ledger/eksempel.yaml:10]",
            f"  + Indsat række (Tabel 2, 10 {k}) [ledger/eksempel.yaml:15]",
            "",
            "Removed:",
            f"  - D2: Mentor (Tabel 1, 500 {k}) [ledger/eksempel.yaml:10]",
            "",
            "Changed:",
            f"  ~ D1: Mikrolån (Tabel 1, 1,500 {k}) [ledger/eksempel.yaml:9]",
            f"      amount: 1,200 {k} → 1,500 {k}",
            "      expires: 2016 → 2017",
            "      source: Budgetaftale 2015 → Budgetaftale 2016",
            "",
            "Tables:",
            f"  Tabel 1 (Eksempel): 11,300 {k} → 11,350.5 {k} (change +50.5 {k})",
            f"  Tabel 2 (Eksempel): 100 {k} → 110 {k} (change +10 {k})",
            "",
            f"Totals ({k}):",
            f"  approved: 11,400 {k} → 11,460.5 {k} (change +60.5 {k})",
            "",
        ]
    )
    result = diff(_set(OLD), _set(NEW))
    assert expected == render_diff(result, locale="en")
    with use_locale("en"):
        assert expected == render_diff(result)
        assert "Ingen ændringer i bevillingerne.\n" == render_diff(
            diff(_set(OLD), _set(OLD)), locale="da"
        )


def test_every_field_and_phrase_is_named_in_both_languages() -> None:
    """Each compared field has its Danish and English name; open and declining expiries,
    phases and stated totals are words of the locale, not the ledger format's keys."""
    old = textwrap.dedent(
        """\
        format: bevilling/1
        title: T
        document: D
        unit: 1000 DKK
        tables:
          - name: N
            category: driftsmidler
            stated_total: 5
            appropriations:
              - {id: A, title: x, amount: 5, expires: 2016, target_group: g, organisation: o,
                 description: d, committee: c, appropriation_no: '1', function: f, source: s}
        """
    )
    new = (
        old.replace("title: x", "title: y").replace("expires: 2016", "expires: Faldende profil")
        .replace("target_group: g", "target_group: h").replace("organisation: o", "organisation: p")
        .replace("description: d", "description: e").replace("committee: c", "committee: k")
        .replace("appropriation_no: '1'", "appropriation_no: '2'")
        .replace("function: f", "function: g").replace("source: s", "source: t")
        .replace("stated_total: 5", "stated_total: 6")
        .replace("title: T", "title: T\nphase: proposed")
    )  # fmt: skip
    result = diff(_set(old), _set(new))
    danish = render_diff(result).splitlines()
    english = render_diff(result, locale="en").splitlines()
    assert [
        "      udløb: 2016 → faldende profil",
        "      kilde: s → t",
        "      titel: x → y",
        "      målgruppe: g → h",
        "      organisation: o → p",
        "      beskrivelse: d → e",
        "      udvalg: c → k",
        "      bevilling: 1 → 2",
        "      funktion: f → g",
        "      fase: vedtaget → forslag",
    ] == danish[2:12]
    assert [
        "      expires: 2016 → declining",
        "      source: s → t",
        "      title: x → y",
        "      target group: g → h",
        "      organisation: o → p",
        "      description: d → e",
        "      committee: c → k",
        "      appropriation no.: 1 → 2",
        "      function: f → g",
        "      phase: approved → proposed",
    ] == english[2:12]
    assert danish[14].endswith("(ændring 0 t.kr.) (oplyst total: 5 t.kr. → 6 t.kr.)")
    assert english[14].endswith(
        "(change 0 DKK thousand) (stated total: 5 DKK thousand → 6 DKK thousand)"
    )


def test_markdown_rendering_in_english_for_a_pull_request() -> None:
    """Markdown: headings with counts, bold rows, tables of totals; English numbers."""
    text = render_diff(diff(_set(OLD), _set(NEW)), "markdown", locale="en")
    assert text.startswith("## Changes to appropriations\n### Added (2)\n- **D4: Ny indsats**")
    assert "  - amount: 1,200 DKK thousand → 1,500 DKK thousand\n" in text
    assert "| | before | after | change |\n" in text
    assert (
        "| approved | 11,400 DKK thousand | 11,460.5 DKK thousand | +60.5 DKK thousand |\n"
    ) in text


def test_json_rendering_keeps_amounts_as_strings() -> None:
    """JSON lists every change with both records and amounts as decimal strings."""
    record = json.loads(render_diff(diff(_set(OLD), _set(NEW)), "json"))
    assert {"field": "amount", "old": "1200 1000 DKK", "new": "1500 1000 DKK"} == record["changes"][
        0
    ]["fields"][0]
    expected = {"label": "approved", "price_level": None, "unit": "1000 DKK", "old": "11400",
                "new": "11460.5", "change": "60.5", "old_stated": None,
                "new_stated": None}  # fmt: skip
    assert expected == record["totals"][0]


def test_a_unit_change_alone_is_no_change_of_money() -> None:
    """Rewriting a ledger from 1000 DKK to mio DKK with the same money changes nothing."""
    mio = OLD.replace("unit: 1000 DKK", "unit: mio DKK")
    for old, new in (("1200", "1.2"), ("500", "0.5"), ("9600", "9.6"), ("100,", "0.1,")):
        mio = mio.replace(f"amount: {old}", f"amount: {new}")
    result = diff(_set(OLD), _set(mio))
    assert () == result.changes
    assert () == result.tables


def test_no_changes() -> None:
    """Identical ledgers: nothing to report, said so in words."""
    result = diff(_set(OLD), _set(OLD))
    assert result.empty
    assert "Ingen ændringer i bevillingerne.\n" == render_diff(result)


@settings(max_examples=50, deadline=None)
@given(ledger_sets())
def test_a_ledger_set_compared_with_itself_has_no_changes(ledgers: bevilling.LedgerSet) -> None:
    """diff(x, x) is empty for any ledgers, and totals before and after are equal."""
    result = diff(ledgers, ledgers)
    assert () == result.changes
    assert all(t.change == 0 for t in result.totals)


@settings(max_examples=50, deadline=None)
@given(ledger_sets(), ledger_sets())
def test_total_change_is_the_sum_of_the_row_changes(
    old: bevilling.LedgerSet, new: bevilling.LedgerSet
) -> None:
    """The grand totals' change equals the sum of every appropriation's amount change."""
    result = diff(old, new)
    assert sum(t.change for t in result.totals) == sum(c.amount_change for c in result.changes)


# --- git -----------------------------------------------------------------------------------------

pytestmark_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytestmark_git
def test_git_ledger_texts_reads_a_revision(tmp_path: Path) -> None:
    """The ledger files below the paths at a revision, as committed (not as in the tree)."""
    _git(tmp_path, "init", "-q")
    (tmp_path / "ledger").mkdir()
    (tmp_path / "ledger" / "eksempel.yaml").write_text(OLD, encoding="utf-8")
    (tmp_path / "ledger" / "notes.txt").write_text("not a ledger", encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "1")
    (tmp_path / "ledger" / "eksempel.yaml").write_text(NEW, encoding="utf-8")
    texts = git_ledger_texts("HEAD", ["ledger"], cwd=str(tmp_path))
    assert {"ledger/eksempel.yaml": OLD} == texts
    old = load_texts(texts)
    assert ["D1", "D2", "D3", "eksempel:2.1"] == [e.appropriation.id for e in old.entries()]


@pytestmark_git
def test_git_failure_is_a_git_error(tmp_path: Path) -> None:
    """An unknown revision (or no repository) raises GitError with git's message."""
    _git(tmp_path, "init", "-q")
    with pytest.raises(GitError, match="git kender ingen version 'no-such-revision'"):
        git_ledger_texts("no-such-revision", ["ledger"], cwd=str(tmp_path))


def test_dump_then_diff_shows_no_change() -> None:
    """A ledger rewritten by bevilling's writer means the same money: no diff."""
    ledger = _set(OLD).ledgers[0]
    assert diff(_set(OLD), _set(dump(ledger))).empty


# --- hostile input ---------------------------------------------------------------------------

HOSTILE = textwrap.dedent(
    """\
    format: bevilling/1
    title: "Eksempel\\n# Godkendt af revisionen"
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: "Tabel | 1 <img src=x onerror=alert(1)>"
        category: driftsmidler
        appropriations:
          - id: D1
            title: "Mikrolån\\n## Alt er godkendt\\n<script>alert(1)</script> | **x**"
            source: "\\e[2J\\e]0;pwn\\a"
            amount: 1200
            expires: 2016
    """
)


def test_markdown_diff_escapes_titles_so_they_add_no_markup() -> None:
    """Issue 11 item 3: a title with a line break, `#`, `<script>` and `|` cannot add a
    heading, HTML or a table column to the pull-request comment: every line the diff writes
    is one of its own, and no raw `<` is left."""
    old = _set(HOSTILE, "ledger/a.yaml")
    new = _set(HOSTILE.replace("amount: 1200", "amount: 1300"), "ledger/a.yaml")
    text = render_diff(diff(old, new), "markdown")
    assert [
        "## Ændringer i bevillinger",
        "### Ændret (1)",
        "- **D1: Mikrolån ## Alt er godkendt \\<script\\>alert\\(1\\)\\</script\\>"
        " \\| \\*\\*x\\*\\***"
        " (Tabel \\| 1 \\<img src=x onerror=alert\\(1\\)\\>, 1.300 t.kr., `ledger/a.yaml:9`)",
        "  - beløb: 1.200 t.kr. → 1.300 t.kr.",
        "",
        "### Tabeller",
        "| | før | efter | ændring |",
        "| --- | ---: | ---: | ---: |",
        "| Tabel \\| 1 \\<img src=x onerror=alert\\(1\\)\\> (Eksempel # Godkendt af revisionen)"
        " | 1.200 t.kr. | 1.300 t.kr. | +100 t.kr. |",
        "",
        "### I alt (t.kr.)",
        "| | før | efter | ændring |",
        "| --- | ---: | ---: | ---: |",
        "| vedtaget | 1.200 t.kr. | 1.300 t.kr. | +100 t.kr. |",
    ] == text.splitlines()
    assert "<" not in text.replace("\\<", "")


def test_markdown_diff_escapes_changed_text_and_odd_paths() -> None:
    """A changed source is escaped like a title; a file name with a backtick stays one code
    span (a longer fence), so it cannot close the span and start markup."""
    old = _set(HOSTILE, "ledger/a`b.yaml")
    new = _set(HOSTILE.replace('source: "', 'source: "<b>'), "ledger/a`b.yaml")
    text = render_diff(diff(old, new), "markdown")
    assert (
        "(Tabel \\| 1 \\<img src=x onerror=alert\\(1\\)\\>, 1.200 t.kr., `` ledger/a`b.yaml:9 ``)"
        in text
    )
    assert r"  - kilde: \\x1b\[2J\\x1b\]0;pwn\\x07 → \<b\>\\x1b\[2J\\x1b\]0;pwn\\x07" in text
    assert "\x1b" not in text


def test_text_diff_shows_control_characters_and_keeps_each_item_on_one_line() -> None:
    """Issue 11 item 4: the text diff shows ESC/BEL as visible escapes (the terminal is not
    rewritten) and a line break in a title as `\\x0a`, so it cannot forge another item."""
    old = _set(HOSTILE, "ledger/a.yaml")
    new = _set(HOSTILE.replace("amount: 1200", "amount: 1300"), "ledger/a.yaml")
    text = render_diff(diff(old, new))
    assert (
        "  ~ D1: Mikrolån\\x0a## Alt er godkendt\\x0a<script>alert(1)</script> | **x**"
        " (Tabel | 1 <img src=x onerror=alert(1)>, 1.300 t.kr.) [ledger/a.yaml:9]"
    ) == text.splitlines()[1]
    assert not any(c in text for c in "\x1b\x07\r")
    assert 9 == len(text.splitlines())


def test_repeated_keys_are_numbered_in_linear_work() -> None:
    """Issue 13 item 4: k id-less rows with the same table and title get `#2` … `#k` in O(k)
    steps (not by trying `#2`, `#3`, … for each); a key such as `X #2` that is itself a title
    is stepped over, never overwritten."""
    import importlib
    import sys

    diff_module = importlib.import_module("bevilling.interop.diff")

    def ledger(rows: int) -> bevilling.LedgerSet:
        lines = [f"      - {{title: Same, amount: {n + 1}, expires: 2016}}" for n in range(rows)]
        text = OLD.split("      - {id: D1")[0] + "\n".join(lines) + "\n"
        return _set(text)

    def steps(ledgers: bevilling.LedgerSet) -> int:
        count = 0

        def trace(frame, event, _arg):  # type: ignore[no-untyped-def]
            nonlocal count
            if frame.f_code is diff_module._keyed.__code__:
                count += event == "line"
                return trace
            return None

        sys.settrace(trace)
        try:
            diff_module._keyed(ledgers)
        finally:
            sys.settrace(None)
        return count

    small, large = steps(ledger(100)), steps(ledger(400))
    assert large <= 4 * small + 50
    keyed = diff_module._keyed(ledger(3))
    assert ["Tabel 1 / Same", "Tabel 1 / Same #2", "Tabel 1 / Same #3"] == list(keyed)
    clash = _set(
        OLD.split("      - {id: D1")[0]
        + "      - {title: 'Same #2', amount: 1, expires: 2016}\n"
        + "      - {title: Same, amount: 2, expires: 2016}\n" * 3
    )
    assert [
        "Tabel 1 / Same #2",
        "Tabel 1 / Same",
        "Tabel 1 / Same #3",
        "Tabel 1 / Same #4",
    ] == list(diff_module._keyed(clash))


@pytestmark_git
def test_git_diff_reads_ledgers_with_non_ascii_names(tmp_path: Path) -> None:
    """Issue 11 item 6: a committed `særindsatser.yaml` is read at the revision (git quotes
    such names in its plain output), so a changed row is `changed`, not `added`."""
    _git(tmp_path, "init", "-q")
    (tmp_path / "ledger").mkdir()
    ledger = tmp_path / "ledger" / "særindsatser.yaml"
    ledger.write_text(OLD, encoding="utf-8")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "1")
    ledger.write_text(OLD.replace("amount: 1200", "amount: 1500"), encoding="utf-8")
    texts = git_ledger_texts("HEAD", ["ledger"], cwd=str(tmp_path))
    assert {"ledger/særindsatser.yaml": OLD} == texts
    new = bevilling.load(ledger)
    assert [("changed", "D1")] == [(c.status, c.key) for c in diff(load_texts(texts), new).changes]


@pytestmark_git
@pytest.mark.parametrize("revision", ["--full-name", "--output=/tmp/x", "-h", "", "HEAD\n-p"])
def test_git_revision_that_looks_like_an_option_is_refused(tmp_path: Path, revision: str) -> None:
    """Issue 11 item 20: `diff --git=--full-name` must not pass an option to git: a revision
    starting with `-` (or empty, or with a line break) is refused before git runs."""
    _git(tmp_path, "init", "-q")
    with pytest.raises(GitError, match="ikke en git-revision"):
        git_ledger_texts(revision, ["ledger"], cwd=str(tmp_path))


@pytestmark_git
def test_cli_diff_git_with_an_option_as_revision_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`bevilling diff --git=--full-name` as a user types it: exit 2, one line, no git run."""
    from bevilling.cli import main

    _git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    assert 2 == main(["diff", "--git=--full-name"])
    assert "bevilling: ikke en git-revision: '--full-name'" in capsys.readouterr().err
    with use_locale("en"), pytest.raises(GitError, match=r"^not a git revision: '-h' \("):
        git_ledger_texts("-h", ["ledger"], cwd=str(tmp_path))


def test_two_tables_of_one_name_are_two_table_changes() -> None:
    """Two tables named `N` in one ledger (or two ledgers of one title) were one key in the
    "Tabeller" section: a change to the first vanished behind the second, and the listed
    table changes did not add up to the total. Each table is its own change now."""
    import bevilling

    def ledger(first: int, second: int) -> str:
        return (
            "format: bevilling/1\ntitle: T\ndocument: D\nunit: 1000 DKK\ntables:\n"
            f"  - {{name: N, category: driftsmidler, stated_total: {first}, appropriations: [\n"
            f"      {{id: A, title: x, amount: {first}, expires: 2016}}]}}\n"
            f"  - {{name: N, category: driftsmidler, stated_total: {second}, appropriations: [\n"
            f"      {{id: B, title: y, amount: {second}, expires: 2016}}]}}\n"
        )

    old = bevilling.load_string(ledger(5, 7), "l.yaml")
    new = bevilling.load_string(ledger(50, 70), "l.yaml")
    result = bevilling.diff(old, new)
    assert [("N (T)", 45), ("N #2 (T)", 63)] == [(t.label, t.new - t.old) for t in result.tables]
    assert sum(t.new - t.old for t in result.tables) == sum(t.new - t.old for t in result.totals)


def _note(name: str, level: int, amount: int) -> str:
    """A one-row budget note at price level ``level``."""
    return textwrap.dedent(f"""\
        format: bevilling/1
        title: {name}
        document: Budgetnotat {name}
        unit: 1000 DKK
        phase: proposed
        price_level: {level}
        tables:
          - name: Tabel 2
            category: særindsatser
            appropriations:
              - {{id: {name}-1, title: Tiltag, amount: {amount}, expires: 2016}}
        """)


def _notes(*texts: str) -> bevilling.LedgerSet:
    """The ledgers, loaded together as one set (from files, as a user's folder)."""
    import tempfile

    folder = Path(tempfile.mkdtemp())
    for i, text in enumerate(texts):
        (folder / f"n{i}.yaml").write_text(text, encoding="utf-8")
    return bevilling.load(folder)


def test_grand_totals_never_add_money_of_two_price_levels() -> None:
    """Two budget notes at 2016 and 2017 p/l, one row changed 1000 → 1100: the diff gave
    "forslag: 6.900 → 7.000", adding 2016 and 2017 kroner. Each level has its own total."""
    old = _notes(_note("BI2", 2016, 1000), _note("BIIe", 2017, 5400))
    new = _notes(_note("BI2", 2016, 1100), _note("BIIe", 2017, 5400))
    totals = {(t.label, t.price_level): (t.old, t.new) for t in diff(old, new).totals}
    assert {
        ("proposed", 2016): (Decimal(1000), Decimal(1100)),
        ("proposed", 2017): (Decimal(5400), Decimal(5400)),
    } == totals
    text = render_diff(diff(old, new), "text", locale="da")
    assert "forslag (2016 p/l): 1.000 t.kr. → 1.100 t.kr." in text
    assert "6.400" not in text
    record = json.loads(render_diff(diff(old, new), "json"))
    assert {2016, 2017} == {t["price_level"] for t in record["totals"]}


def test_one_price_level_keeps_one_total_per_phase() -> None:
    """Ledgers of one price level (or none stated) keep a single total per phase."""
    old = _notes(_note("A", 2016, 1000), _note("B", 2016, 500))
    new = _notes(_note("A", 2016, 1100), _note("B", 2016, 500))
    assert [("proposed", None, Decimal(1500), Decimal(1600))] == [
        (t.label, t.price_level, t.old, t.new) for t in diff(old, new).totals
    ]


def test_a_changed_price_level_is_a_change() -> None:
    """A ledger moved from 2016 to 2017 p/l printed "no changes" and `--exit-code` gave 0:
    the same figure in another year's prices is other money."""
    old = _notes(_note("BI2", 2016, 1000))
    new = _notes(_note("BI2", 2017, 1000))
    result = diff(old, new)
    assert [("price_level", "2016", "2017")] == [
        (f.field, f.old, f.new) for c in result.changes for f in c.fields
    ]
    with use_locale("en"):
        assert "price level: 2016 → 2017" in render_diff(result, "text")


# --- issue 13: the fast path for unchanged rows -------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(written_ledgers("a.yaml"), written_ledgers("a.yaml"), st.data())
def test_rows_seen_as_unchanged_have_no_changed_field(
    first: bevilling.Ledger, second: bevilling.Ledger, data: st.DataObject
) -> None:
    """_unchanged (every field equal as written) never hides a change _compare finds, for rows
    of any two ledgers and for a row against a copy of itself with one field (or its
    ledger's unit, phase or price level, or its table's name) changed."""
    pairs = list(zip(LedgerSet(ledgers=(first,)).entries(), LedgerSet(ledgers=(second,)).entries(),
                     strict=False))  # fmt: skip
    for old, new in pairs:
        assert not (_unchanged(old, new) and _compare(old, new))
    for old in list(LedgerSet(ledgers=(first,)).entries())[:3]:
        a, ledger, table = old.appropriation, old.ledger, old.table
        field = data.draw(st.sampled_from(COMPARED))
        if field == "amount":
            a = attrs.evolve(a, amount=a.amount + 1)
        elif field == "expires":
            a = attrs.evolve(a, expiry=Expiry.in_year(1999))
        elif field == "profile":
            a = attrs.evolve(a, profile=None if a.profile else Profile.of({2016: D(1)}))
        elif field == "category":
            a = attrs.evolve(a, category=next(c for c in Category if c is not a.category))
        elif field == "table":
            table = attrs.evolve(table, name=table.name + "x")
        elif field == "phase":
            ledger = attrs.evolve(ledger, phase=next(p for p in Phase if p is not ledger.phase))
        elif field == "price_level":
            ledger = attrs.evolve(ledger, price_level=(ledger.price_level or 2000) + 1)
        elif field == "unit":  # the same figure in another unit is other money
            ledger = attrs.evolve(ledger, unit=next(u for u in Unit if u is not ledger.unit))
        else:
            a = attrs.evolve(a, **{field: (getattr(a, field) or "") + "x"})
        assert not _unchanged(old, Entry(ledger, table, a))
        assert _unchanged(old, old)
        assert () == _compare(old, old)


ACCEPTED = textwrap.dedent(
    """\
    format: bevilling/1
    title: Eksempel
    document: Budgetaftale 2015
    unit: 1000 DKK
    tables:
      - name: Tabel 1
        category: driftsmidler
        stated_total: 1900
        appropriations:
          - {id: D1, title: Mikrolån, amount: 1200, expires: 2016}
          - {id: D2, title: Mentor, amount: 500, expires: 2015}
    accepted:
      - {code: total-mismatch, table: Tabel 1, stated: 1900, sum: 1700, reason: "Trykt sådan"}
    """
)
"""A ledger whose printed total is off by 200, the finding accepted."""


def test_an_accepted_entry_added_is_a_change_though_no_row_changed() -> None:
    """Attack 7 #32: adding an `accepted:` entry (which makes a failing ledger pass) said "Ingen
    ændringer i bevillingerne", and the pull-request comment showed nothing.  The entry is
    listed as the ledger would hold it, in every format; removing it is listed too."""
    without = ACCEPTED[: ACCEPTED.index("accepted:")]
    result = diff(_set(without), _set(ACCEPTED))
    assert not result.empty
    entry = (
        '{code: total-mismatch, table: "Tabel 1", stated: 1900, sum: 1700, reason: "Trykt sådan"}'
    )
    assert [("added", "Eksempel", "accepted", None, entry)] == [
        (c.status, c.ledger, c.key, c.old, c.new) for c in result.audit
    ]
    text = render_diff(attrs.evolve(result, errors=(1, 0)))
    assert (
        "Kontrol:\n"
        "  fejl, som `bevilling check` finder: 1 → 0\n"
        f"  accepteret fund tilføjet i Eksempel: {entry}\n"
    ) in text
    back = diff(_set(ACCEPTED), _set(without))
    with use_locale("en"):
        markdown = render_diff(back, "markdown")
    assert f"### Check\n- accepted finding removed from Eksempel: `{entry}`\n" in markdown
    record = json.loads(render_diff(back, "json"))
    assert [{"status": "removed", "ledger": "Eksempel", "key": "accepted", "table": None,
             "old": entry, "new": None}] == record["audit"]  # fmt: skip
    assert record["errors"] is None


def test_a_changed_rounding_or_stated_years_is_a_change() -> None:
    """Declaring `rounded_to: 1000` on a table makes its 200 difference "rounding": the diff
    names the declaration, before and after, on the table (and on the ledger)."""
    old = _set(ACCEPTED)
    new = _set(
        ACCEPTED.replace(
            "    stated_total: 1900\n",
            "    stated_total: 1900\n    rounded_to: 1000\n"
            "    stated_years: {2015: 500, 2016: 1200}\n",
        ).replace("unit: 1000 DKK\n", "unit: 1000 DKK\nrounded_to: 1\n")
    )
    result = diff(old, new)
    assert [
        ("changed", "rounded_to", None, None, "1"),
        ("changed", "rounded_to", "Tabel 1", None, "1000"),
        ("changed", "stated_years", "Tabel 1", None, "{2015: 500, 2016: 1200}"),
    ] == [(c.status, c.key, c.table, c.old, c.new) for c in result.audit]
    text = render_diff(result)
    assert "  `rounded_to` for Tabel 1 i Eksempel: – → 1000\n" in text
    assert "  `rounded_to` for Eksempel: – → 1\n" in text


def test_hostile_text_in_an_accepted_entry_stays_inert() -> None:
    """A reason with a line break, a backtick run and HTML cannot forge a line or markup."""
    hostile = ACCEPTED.replace('"Trykt sådan"', '"x\\n## y ``` <script>"')
    result = diff(_set(ACCEPTED[: ACCEPTED.index("accepted:")]), _set(hostile))
    text = render_diff(result)
    assert "\n## y" not in text
    markdown = render_diff(result, "markdown")
    assert "<script>" not in markdown.replace("`", "").split("reason")[0]
    assert "\n## y" not in markdown
