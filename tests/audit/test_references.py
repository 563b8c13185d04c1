"""Ids, function codes and price levels (audit/references.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import bevilling
from bevilling.audit import check, problem_line, references
from tests.audit.helpers import HEAD, QUIET, run


def test_duplicate_id_golden() -> None:
    """Two rows with one id: the second is reported, naming the first."""
    output = run("""\
        tables:
          - name: Tabel 1
            category: driftsmidler
            appropriations:
              - id: A1
                title: Mikrolån
                amount: 1200
                expires: 2016
              - id: A1
                title: Sundhedsguider
                amount: 500
                expires: 2016
        """)
    assert (
        "t.yaml:13: fejl[duplicate-id]: id'et 'A1' bruges også i t.yaml:9\n"
        "  13 |       - id: A1\n"
        "  tip: giv hver række sit eget id: rapporter og `accepted:`-poster henviser til rækkerne"
        " med det\n"
        "\n"
        "1 bevillingsfil, 2 bevillinger: 1 fejl, 0 advarsler, 0 accepterede\n"
    ) == output


@pytest.mark.parametrize(
    ("code", "bad"),
    [("6.45.53", False), ("6.45.53.1", False), ("6.45.5", True), ("645531", True),
     ("6.45.53.12", True), ("06.45.53", True)],
)  # fmt: skip
def test_bad_function_code(code: str, bad: bool) -> None:
    """Function codes are d.dd.dd with an optional .d, and nothing else."""
    ledgers = bevilling.load_string(
        HEAD + "tables:\n  - name: T\n    category: driftsmidler\n    appropriations:\n"
        f"      - id: A1\n        title: X\n        function: {code}\n"
        "        amount: 1\n        expires: 2016\n"
    )
    problems = check(ledgers, ignore=QUIET).problems
    assert (["bad-function-code"] if bad else []) == [p.code for p in problems]
    if bad:
        assert (
            f"<string>:11: fejl[bad-function-code]: A1 \"X\": funktionskoden '{code}' har ikke"
            " formen d.dd.dd eller d.dd.dd.d"
        ) == problem_line(problems[0])


def test_mixed_price_levels_golden(tmp_path: Path) -> None:
    """Ledgers at different price levels checked together give a warning at the second."""
    for name, level in (("a.yaml", 2016), ("b.yaml", 2017)):
        (tmp_path / name).write_text(
            HEAD + f"price_level: {level}\ntables:\n  - {{name: T, category: driftsmidler,"
            f" appropriations: [{{id: {name[0]}, title: X{level}, amount: 1, expires: 2016}}]}}\n",
            encoding="utf-8",
        )
    report = check(bevilling.load(tmp_path), ignore=QUIET)
    assert [
        f"{tmp_path / 'b.yaml'}:5: advarsel[mixed-price-levels]: beløbene er i 2017 p/l, men"
        f" {tmp_path / 'a.yaml'} er i 2016 p/l: totaler på tværs af disse bevillingsfiler"
        " blander pris- og lønniveauer"
    ] == [problem_line(p) for p in report.problems]
    english = check(bevilling.load(tmp_path), ignore=QUIET, locale="en")
    assert [
        f"{tmp_path / 'b.yaml'}:5: warning[mixed-price-levels]: the amounts are at 2017 p/l,"
        f" but {tmp_path / 'a.yaml'} is at 2016 p/l: totals across these ledgers mix price"
        " levels"
    ] == [problem_line(p, "en") for p in english.problems]


@given(st.text(st.sampled_from("0123456789.\u0663\xb2 x"), max_size=11))
def test_function_codes_are_checked_as_the_pattern_checks_them(code: str) -> None:
    """_well_formed (no pattern to compile: start-up) accepts what
    `[0-9]\\.[0-9]{2}\\.[0-9]{2}(?:\\.[0-9])?\\Z` matches, and nothing else."""
    pattern = re.compile(r"[0-9]\.[0-9]{2}\.[0-9]{2}(?:\.[0-9])?\Z")
    assert bool(pattern.match(code)) == references._well_formed(code)


@pytest.mark.parametrize("code", ["1.23.45", "1.23.45.6", "1.23.45.67", "12.3.45", "1.23.4"])
def test_function_codes_at_their_edges(code: str) -> None:
    """One digit, two, two and an optional one: the lengths of the parts decide."""
    pattern = re.compile(r"[0-9]\.[0-9]{2}\.[0-9]{2}(?:\.[0-9])?\Z")
    assert bool(pattern.match(code)) == references._well_formed(code)
