"""Tests for bevilling.core.lazy: packages whose names are imported from their modules on first
use, and the four packages that use it (read, write, audit, reports)."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types

import pytest

from tests.conftest import ROOT

LAZY_PACKAGES = ["bevilling.read", "bevilling.write", "bevilling.audit", "bevilling.reports"]


def _run(code: str) -> str:
    """The last line ``code`` prints, run in a fresh interpreter (nothing imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()[-1]


def test_a_name_imports_its_module_only() -> None:
    """`from bevilling.reports import expiring` imports the expiring report, not the page, the
    timeline or the totals."""
    code = (
        "import sys; from bevilling.reports import expiring;"
        " print(sorted(m for m in ('bevilling.reports.expiring', 'bevilling.reports.page',"
        " 'bevilling.reports.timeline', 'bevilling.reports.totals') if m in sys.modules))"
    )
    assert "['bevilling.reports.expiring']" == _run(code)


def test_a_name_that_is_also_a_module_keeps_meaning_the_function() -> None:
    """`totals` is a module of bevilling.reports and the function it exports: after the module
    is imported directly (as the page does), the package's `totals` is still the function."""
    code = (
        "import bevilling.reports.totals; import bevilling.reports as r;"
        " from bevilling.reports import totals; print(callable(totals), r.totals is totals,"
        " type(totals).__name__)"
    )
    assert "True True function" == _run(code)


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A name the package does not export raises AttributeError (so `hasattr` and
    `from package import submodule` work as for any package)."""
    import bevilling.reports

    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        bevilling.reports.nothing  # noqa: B018 - the access is the test
    assert not hasattr(bevilling.reports, "nothing")


def test_a_submodule_imports_through_the_package() -> None:
    """`from bevilling.read import yamltree` still gives the module."""
    from bevilling.read import yamltree

    assert isinstance(yamltree, types.ModuleType)


@pytest.mark.parametrize("name", LAZY_PACKAGES)
def test_the_lazy_names_are_the_names_the_type_checker_sees(name: str) -> None:
    """Each package's map (module → names) says the same as its imports under TYPE_CHECKING
    (what mypy, lint-imports and readers see) and as `__all__`, and every name resolves."""
    package = importlib.import_module(name)
    assert package.__file__ is not None
    with open(package.__file__, encoding="utf-8") as handle:
        tree = ast.parse(handle.read())
    imported: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for statement in node.body:
                if isinstance(statement, ast.ImportFrom) and statement.module is not None:
                    module = statement.module.removeprefix(name + ".")
                    imported.update({alias.name: module for alias in statement.names})
    lazy = package.__dict__["_where"]
    assert sorted(package.__all__) == sorted(lazy)
    assert imported == lazy
    for public in package.__all__:
        module = importlib.import_module(f"{name}.{lazy[public]}")
        assert getattr(module, public) is getattr(package, public)
    assert set(package.__all__) <= set(dir(package))


def test_lazy_names_import_their_module_on_first_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """`lazy_names` leaves the names out of the module until one is used, then binds all of
    them at once to the source module's objects; `dir()` lists them throughout and any other
    name is an AttributeError."""
    from bevilling.core.lazy import lazy_names

    public, private = types.ModuleType("lazy_public"), types.ModuleType("lazy_private")
    private.First, private.Second = object(), object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lazy_public", public)
    monkeypatch.setitem(sys.modules, "lazy_private", private)
    lazy_names("lazy_public", "lazy_private", ("First", "Second"))
    assert (["First", "Second"], []) == (
        [n for n in dir(public) if n in ("First", "Second")],
        [n for n in vars(public) if n in ("First", "Second")],
    )
    assert private.Second is public.Second
    assert private.First is vars(public)["First"]
    with pytest.raises(AttributeError, match="module 'lazy_public' has no attribute 'Third'"):
        public.Third  # noqa: B018 - the access is the test
