"""Tests for bevilling.core.problems: problems as values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bevilling.core import problems as problems_module
from bevilling.core.problems import (
    LOAD_CODES,
    PATH_CODES,
    Described,
    Location,
    Problem,
    Severity,
    name_severities,
)


def test_problem_prints_as_file_line_severity_code_message() -> None:
    """str(problem) is the first line of every text report: `file:line: severity[code]: msg`
    (the severity's English code while no layer has named the severities)."""
    problem = Problem("total-mismatch", Severity.ERROR, "stated 48.779", Location("l.yaml", 42))
    installed = problems_module._severity_namer
    name_severities(None)
    try:
        assert "l.yaml:42: error[total-mismatch]: stated 48.779" == str(problem)
    finally:
        name_severities(installed)


def test_the_loader_names_the_severities_in_the_current_locale() -> None:
    """The README's `print(problem)` wrote `error[...]` before a Danish message:
    once the loader is imported, the severity is in the current locale's words."""
    import bevilling
    from bevilling.i18n.catalogs import use_locale

    ledgers = bevilling.load_string("format: bevilling/1\ntitle: T\ntitle: U\n", "x.yaml")
    first = ledgers.problems[0]
    with use_locale("en"):
        english = str(first)
    assert (f"x.yaml:1: fejl[{first.code}]: {first.message}", "x.yaml:1: error[") == (
        str(first),
        english[: len("x.yaml:1: error[")],
    )


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


def test_described_is_a_value() -> None:
    """The figures of a description-amount finding compare and hash by their fields."""
    one = Described("D09", (Decimal(1900),), Decimal(1187))
    assert one == Described("D09", (Decimal("1900.0"),), Decimal(1187))
    assert one != Described("D09", (Decimal(1900),), Decimal(1178))
    assert one != ("D09", (Decimal(1900),), Decimal(1187))
    assert 1 == len({one, Described("D09", (Decimal(1900),), Decimal(1187))})
    expected = "Described(appropriation='D09', named=(Decimal('1900'),), amount=Decimal('1187'))"
    assert expected == repr(one)


def test_described_is_a_frozen_attrs_class_built_on_first_use() -> None:
    """``Described`` is a frozen attrs class of the model, named in ``core.problems`` and the
    same object however it is reached; a fresh interpreter that only imports the module does
    not build it (start-up: only a run with a description-amount finding needs it)."""
    import subprocess
    import sys

    import attrs

    from bevilling.core import _described, problems

    one = Described("D09", (Decimal(1900),), Decimal(1187))
    assert ["appropriation", "named", "amount"] == [f.name for f in attrs.fields(Described)]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        one.amount = Decimal(1)  # type: ignore[misc]
    assert (problems.Described, _described.Described) == (Described, Described)
    assert "bevilling.core.problems" == Described.__module__
    assert "Described" in dir(problems)
    probe = (
        "import sys, bevilling.core.problems, bevilling.audit;"
        " print('bevilling.core._described' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert "False" == result.stdout.strip()
