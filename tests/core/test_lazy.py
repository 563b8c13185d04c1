"""Tests for bevilling.core.lazy: packages whose names are imported from their modules on first
use, and the four packages that use it (read, write, audit, reports)."""

from __future__ import annotations

import ast
import copy
import importlib
import os
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


@pytest.mark.parametrize(
    ("module", "name"),
    [
        ("bevilling.core.model", "Change"),
        ("bevilling.core.model", "ChangeSide"),
        ("bevilling.core.model", "Spending"),
        ("bevilling.core.model", "SourceFile"),
        ("bevilling.core.prices", "IndexEntry"),
        ("bevilling.core.prices", "PriceIndex"),
        ("bevilling.core.problems", "Described"),
        ("bevilling.reports.prices", "LevelNote"),
    ],
)
def test_a_class_built_on_first_use_has_resolvable_annotations(module: str, name: str) -> None:
    """Once built, a class of a private module resolves its annotations in the public module it
    names as its own (`typing.get_type_hints` and `attrs.resolve_types` look there): every
    name they use is in that module."""
    import importlib
    import typing

    import attrs

    cls = getattr(importlib.import_module(module), name)
    hints = typing.get_type_hints(cls)
    assert module == cls.__module__
    assert sorted(f.name for f in attrs.fields(cls)) == sorted(hints)


#: The script that lists every public attrs class of bevilling as (module, name): every
#: module whose name has no private part is imported and every name of its `__all__` looked up
#: (which builds the classes built on first use); a class counts where its ``__module__`` says
#: it belongs, under its public name.  (`bevilling.cli.commands` lists `CommandModule`, a
#: Protocol for the type checker only.)
_LIST_CLASSES = """
import importlib, pkgutil, attrs, bevilling
found = set()
for info in pkgutil.walk_packages(bevilling.__path__, "bevilling."):
    if any(part.startswith("_") for part in info.name.split(".")):
        continue
    module = importlib.import_module(info.name)
    for name in [*vars(module), *getattr(module, "__all__", ())]:
        value = getattr(module, name, None)
        if isinstance(value, type) and attrs.has(value) and not name.startswith("_"):
            if not any(part.startswith("_") for part in value.__module__.split(".")):
                found.add((value.__module__, value.__qualname__))
print(sorted(found))
"""

#: The script that checks each class of CLASSES (given before it) in a process of its own,
#: forked from one that has imported no module of bevilling: the class's module is imported,
#: nothing else, and its annotations resolved.  Prints the failures, then which private modules
#: of classes built on first use each module's import alone imported.
_RESOLVE_EACH = """
import importlib, os, sys, typing, attrs
LATER = ("bevilling.core._model_later", "bevilling.core._index", "bevilling.core._described",
         "bevilling.reports._price_notes")
failed, built = [], set()
for module, name in CLASSES:
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:
        os.close(reading)
        importlib.import_module(module)
        said = ",".join(m for m in LATER if m in sys.modules) + ";"
        try:
            cls = getattr(sys.modules[module], name)
            typing.get_type_hints(cls)
            attrs.resolve_types(cls)
        except Exception as error:
            said += f"{type(error).__name__}: {error}"
        os.write(writing, said.encode())
        os._exit(0)
    os.close(writing)
    with os.fdopen(reading) as pipe:
        imported, _, error = pipe.read().partition(";")
    os.waitpid(child, 0)
    built.update((module, later) for later in filter(None, imported.split(",")))
    if error:
        failed.append((module, name, error))
print((failed, sorted(built)))
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="each class is checked in a forked process")
def test_every_public_attrs_class_resolves_its_annotations_in_a_fresh_process() -> None:
    """`typing.get_type_hints` and `attrs.resolve_types` (as cattrs and Sphinx use them) work
    on every public attrs class of bevilling in a process that has imported only the class's
    module, whether or not the classes its annotations name are built yet (an annotation names
    a class built on first use through `lazy_names`' object, `_later.Change`); and importing
    the model's modules builds none of the classes built on first use."""
    classes = ast.literal_eval(_run(_LIST_CLASSES))
    assert {
        ("bevilling.core.model", "LedgerSet"),
        ("bevilling.core.model", "Ledger"),
        ("bevilling.core.model", "Change"),
        ("bevilling.core.model", "SourceFile"),
        ("bevilling.core.model", "Spending"),
        ("bevilling.core.prices", "PriceIndex"),
        ("bevilling.core.prices", "IndexEntry"),
        ("bevilling.core.problems", "Problem"),
        ("bevilling.core.problems", "Described"),
        ("bevilling.reports.prices", "Prices"),
        ("bevilling.reports.prices", "LevelNote"),
        ("bevilling.reports.page", "Page"),
    } <= set(classes)
    failed, built = ast.literal_eval(_run(f"CLASSES = {classes!r}\n{_RESOLVE_EACH}"))
    assert [] == failed
    lazy = {
        "bevilling.core.model",
        "bevilling.core.problems",
        "bevilling.core.prices",
        "bevilling.reports.prices",
    }
    assert [] == [(module, later) for module, later in built if module in lazy]


def test_the_names_of_lazy_names_build_the_classes_when_looked_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The object `lazy_names` returns gives each name through the public module (whose hook
    binds them all there), lists them, refuses any other name, and can be copied."""
    from bevilling.core.lazy import lazy_names

    public, private = types.ModuleType("later_public"), types.ModuleType("later_private")
    private.First, private.Second = object(), object()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "later_public", public)
    monkeypatch.setitem(sys.modules, "later_private", private)
    later = lazy_names("later_public", "later_private", ("First", "Second"))
    assert "Second" not in vars(public)
    assert private.First is later.First
    assert private.Second is vars(public)["Second"]
    assert ["First", "Second"] == dir(later)
    assert "<names of 'later_public' built on first use: ['First', 'Second']>" == repr(later)
    with pytest.raises(AttributeError, match="do not include 'Third'"):
        later.Third  # noqa: B018 - the access is the test
    assert private.Second is copy.copy(later).Second


# LazyPattern: a regular expression compiled when first used.


def test_a_lazy_pattern_is_used_as_the_compiled_pattern() -> None:
    """Every method gives what the compiled pattern gives, flags included."""
    import re

    from bevilling.core.lazy import LazyPattern

    def uses(p: re.Pattern[str] | LazyPattern) -> list[object]:
        found = [p.match(text, 2), p.fullmatch("kr"), p.search(text), p.match("x")]
        return [
            *[(m.span(), m.groups()) if m else None for m in found],
            p.sub("x", text),
            p.subn(lambda m: m.group(0).upper(), text, 1),
            p.split(text),
            p.findall(text),
            [m.span() for m in p.finditer(text, 3)],
        ]

    source, text = r"(k)r(oner)?\b", "1 Kr. og 2 KRONER, kr"
    lazy = LazyPattern(source, re.IGNORECASE)
    assert uses(re.compile(source, re.IGNORECASE)) == uses(lazy)
    assert (source, re.IGNORECASE) == (lazy.pattern, lazy.flags)
    assert f"LazyPattern({source!r}, {re.IGNORECASE!r})" == repr(lazy)


def test_a_lazy_pattern_compiles_once_at_its_first_use() -> None:
    """Nothing is compiled when the pattern is made; the first method used compiles it once,
    and after that every method is a plain attribute of the instance."""
    code = (
        "import re, re._compiler as c; re.purge(); calls = [];"
        " original = c.compile; c.compile = lambda *a: calls.append(a) or original(*a);"
        " from bevilling.core.lazy import LazyPattern; held = [LazyPattern('[0-9]+x')];"
        " made = len(calls); held[0].findall('1x 22x'); held[0].match('3x'); held[0].sub('', 'x');"
        " print(made, len(calls), sorted(vars(held[0])))"
    )
    methods = ["findall", "finditer", "flags", "fullmatch", "match", "pattern", "search",
               "split", "sub", "subn"]  # fmt: skip
    assert f"0 1 {methods}" == _run(code)


def test_a_module_uses_the_compiled_pattern_after_the_first_use() -> None:
    """The module that made a LazyPattern holds the compiled pattern itself after its first
    use (from anywhere), so its code pays nothing per call; a name imported elsewhere keeps
    the LazyPattern, which works the same."""
    import re

    from bevilling.core.lazy import LazyPattern

    module = types.ModuleType("made_here")
    source = "from bevilling.core.lazy import LazyPattern\nP = Q = LazyPattern('[0-9]+')\n"
    exec(source, module.__dict__)  # noqa: S102 - a module's top level, as the import runs it
    lazy = module.P
    assert isinstance(lazy, LazyPattern)
    assert ["12", "3"] == lazy.findall("12 a 3")
    assert re.compile("[0-9]+") is module.P is module.Q
    assert "1" == lazy.match("1x").group(0)  # type: ignore[union-attr]


def test_a_lazy_pattern_has_no_other_attribute() -> None:
    """Only the pattern's methods are looked up through it: anything else (copy's
    `__deepcopy__`, a misspelt name) is an AttributeError and compiles nothing."""
    from bevilling.core.lazy import LazyPattern

    lazy = LazyPattern("x")
    with pytest.raises(AttributeError, match="no attribute 'groups'"):
        lazy.groups  # type: ignore[attr-defined]  # noqa: B018 - the access is the test
    assert not hasattr(lazy, "__deepcopy__")
    assert "match" not in vars(lazy)


#: The modules whose module-level patterns are LazyPatterns (or tests without a pattern):
#: importing them compiles no regular expression of bevilling's (start-up).
PATTERN_MODULES = [
    "bevilling.core.text", "bevilling.core.money", "bevilling.i18n.formatting",
    "bevilling.read.fastpath", "bevilling.read.values", "bevilling.read.files",
    "bevilling.read.loader", "bevilling.write.dump", "bevilling.audit.expiries",
    "bevilling.audit.descriptions", "bevilling.audit.locate", "bevilling.audit.references",
    "bevilling.audit.duplicates", "bevilling.audit.totals", "bevilling.reports.table",
]  # fmt: skip


def test_importing_the_modules_compiles_no_pattern_of_ours() -> None:
    """Python compiles regular expressions in Python (0.05 to 2.5 ms each): the modules of
    PATTERN_MODULES compile theirs when first used, not when imported.  Patterns the standard
    library and other packages compile at import are not counted."""
    code = (
        "import re, re._compiler as c, sys; re.purge(); ours = [];"
        " original = c.compile;"
        " c.compile = lambda p, f=0: (ours.append(p) if 'bevilling' in"
        "  sys._getframe(3).f_code.co_filename else None) or original(p, f);"
        f" [__import__(m) for m in {PATTERN_MODULES!r}]; print(ours)"
    )
    assert "[]" == _run(code)
