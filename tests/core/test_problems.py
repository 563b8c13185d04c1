"""Tests for bevilling.core.problems: problems as values."""

from __future__ import annotations

from bevilling.core.problems import LOAD_CODES, PATH_CODES, Location, Problem, Severity


def test_problem_prints_as_file_line_severity_code_message() -> None:
    """str(problem) is the first line of every text report: `file:line: severity[code]: msg`."""
    problem = Problem("total-mismatch", Severity.ERROR, "stated 48.779", Location("l.yaml", 42))
    assert "l.yaml:42: error[total-mismatch]: stated 48.779" == str(problem)


def test_a_location_without_line_prints_the_file_only() -> None:
    """Path-level problems (unreadable, no-ledgers) have no line."""
    assert ("ledger", 0) == (str(Location("ledger")), Location("ledger").last_line)


def test_only_unaccepted_errors_count_as_errors() -> None:
    """A warning, or an error accepted on the record, does not fail a run."""
    where = Location("l.yaml", 1)
    error = Problem("x", Severity.ERROR, "m", where)
    assert [True, False, False] == [
        error.is_error,
        Problem("x", Severity.WARNING, "m", where).is_error,
        Problem("x", Severity.ERROR, "m", where, accepted="kendt fejl").is_error,
    ]


def test_codes_are_stable_slugs() -> None:
    """Every loader code is a lowercase slug with a description; path codes are loader codes."""
    assert all(code == code.lower() and " " not in code and LOAD_CODES[code] for code in LOAD_CODES)
    assert PATH_CODES <= set(LOAD_CODES)


def test_load_code_descriptions_are_in_the_core_catalog_in_both_languages() -> None:
    """The descriptions `check` lists are catalog messages (domain core): Danish and English."""
    from bevilling.i18n.catalogs import translate

    for code, description in LOAD_CODES.items():
        danish = translate("core", description, "da")
        assert (code, True) == (code, danish != description)
        assert description == translate("core", description, "en")
    assert "et beløb kan læses på to måder (1.200: 1,2 eller 1200?)" == translate(
        "core", LOAD_CODES["ambiguous-number"], "da"
    )
