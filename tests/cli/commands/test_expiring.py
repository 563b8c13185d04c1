"""Tests for bevilling.cli.commands.expiring: what its start-up imports (a test of shape, not
of time: bench/startup.py times it)."""

from __future__ import annotations

import ast
import pathlib
import subprocess
import sys

import pytest

from tests.conftest import ROOT

#: What `bevilling expiring` on the shipped ledgers must not import: the libraries it does
#: without (tabulate and the importlib.metadata it reads its version with, PyYAML while the
#: fast path reads the files, babel while the figures are Danish or English), the reports it
#: does not run, the checks of warnings (the gate runs the error checks only) and standard
#: modules only some outputs need.
NOT_IMPORTED = [
    "tabulate",
    "importlib.metadata",
    "yaml",
    "babel",
    "bevilling.reports.page",
    "bevilling.reports.page_html",
    "bevilling.reports.charts",
    "bevilling.reports.timeline",
    "bevilling.reports.totals",
    "bevilling.reports.followup",
    "bevilling.reports.listing",
    "bevilling.audit.render",
    "bevilling.write.atomic",
    "bevilling.read.schema",
    "bevilling.read.followup",
    "bevilling.interop",
    "bevilling.core._model_later",
    "bevilling.core._index",
    "bevilling.reports._price_notes",
    "bevilling.audit._checks",
    "bevilling.audit.figures",
    "bevilling.audit.descriptions",
    "json",
    "difflib",
    "fractions",
    "shutil",
    "textwrap",
    "pathlib",
    "urllib.parse",
]

#: The model's modules: frozen attrs by the house rule, whatever classes they hold.
MODEL = ("bevilling.core.model", "bevilling.core.problems", "bevilling.core.prices")

#: The model classes `bevilling expiring` builds on a ledger without change, spending or price
#: index files and without `source_file:`.  The others (`Change`, `ChangeKind`, `ChangeSide`,
#: `Spending`, `SourceFile`, `IndexEntry`, `PriceIndex`) are built on first use (see
#: bevilling.core.lazy): each attrs class is about half a millisecond of start-up.
MODEL_CLASSES = [
    "bevilling.core.model.Acceptance",
    "bevilling.core.model.Appropriation",
    "bevilling.core.model.Expiry",
    "bevilling.core.model.Ledger",
    "bevilling.core.model.LedgerSet",
    "bevilling.core.model.Profile",
    "bevilling.core.model.Table",
    "bevilling.core.problems.Location",
    "bevilling.core.problems.Problem",
    "bevilling.core.problems.Sums",
]

#: A ledger with nothing but tables: no acceptance, no source document, no price level.
PLAIN_LEDGER = """format: bevilling/1
title: Eksempel
document: Budgetaftale 2015
unit: 1000 DKK
tables:
  - name: Tabel 1
    category: driftsmidler
    stated_total: 1731
    appropriations:
      - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
      - {id: A2, title: Rådgivning, amount: 531, expires: open}
"""

#: The attrs classes outside the model that `bevilling expiring` builds: the public result
#: and option types (users may `attrs.evolve` them).  attrs generates and compiles each
#: class's methods when its module is imported (about 0.5 ms a class, no `.pyc` caches it),
#: so private helpers on the path (`_Seen`, `_Mention`, `_Sum`, `_Layout`) and the internal
#: `core.followup.Position` are plain classes, and `reports.prices.LevelNote` (a ledger added
#: at another price level) and `audit.registry.Check` (the objects of `CHECKS`; the gate runs
#: the registry's table) are built on first use (bevilling.reports._price_notes,
#: bevilling.audit._checks).
ATTRS_CLASSES = [
    "bevilling.audit.registry.Report",
    "bevilling.reports.expiring.Expiring",
    "bevilling.reports.expiring.ExpiringRow",
    "bevilling.reports.filters.Filter",
    "bevilling.reports.prices.Prices",
    "bevilling.reports.table.Grid",
]


def _already_imported(names: list[str]) -> list[str]:
    """Those of ``names`` a bare interpreter of this environment imports before any code of
    ours runs (a .pth file of the site packages may import shutil or typing)."""
    code = f"import sys; print([m for m in {names!r} if m in sys.modules])"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(ast.literal_eval(done.stdout.strip()))


def test_expiring_imports_only_what_it_needs() -> None:
    """`bevilling expiring --year 2016` on the shipped ledgers reports without importing any
    of NOT_IMPORTED (each was milliseconds of its start-up).  What the interpreter imports
    itself, and what reading the message catalogs takes (a checkout whose `.po` files are newer
    than its `.mo` files compiles them with babel), are not counted."""
    code = (
        "import sys; from bevilling.i18n.catalogs import DOMAINS, translations;"
        " [translations(domain, 'da') for domain in DOMAINS]; before = set(sys.modules);"
        " from bevilling.cli import main; code = main(['expiring', '--year', '2016']);"
        f" print(code, sorted(m for m in {NOT_IMPORTED!r} if m in sys.modules"
        " and m not in before))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "Bevillinger der udløber i 2016 (vedtaget)" == done.stdout.splitlines()[0]
    assert "0 []" == done.stdout.splitlines()[-1]


def test_expiring_builds_no_attrs_class_it_can_do_without() -> None:
    """Outside the model, `bevilling expiring` builds only the attrs classes of
    ATTRS_CLASSES: a new attrs class on its path is a choice to make here, not an accident."""
    code = (
        "import io, contextlib, sys, attrs; from bevilling.cli import main;"
        " out = io.StringIO(); contextlib.redirect_stdout(out).__enter__();"
        " main(['expiring', '--year', '2016']); sys.stdout = sys.__stdout__;"
        " print(sorted(f'{name}.{key}' for name, module in list(sys.modules.items())"
        "   if name.startswith('bevilling') and module is not None"
        f"   and not name.startswith({MODEL!r})"
        "   for key, value in vars(module).items()"
        "   if isinstance(value, type) and value.__module__ == name and attrs.has(value)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert ATTRS_CLASSES == ast.literal_eval(done.stdout.splitlines()[-1])


def test_help_does_not_import_shutil() -> None:
    """argparse measures the terminal with shutil for every argument; bevilling's help
    formatter measures it the same way without importing shutil."""
    if _already_imported(["shutil"]):
        pytest.skip("the interpreter's site packages import shutil before bevilling does")
    code = (
        "import sys; from bevilling.cli import main; main(['--help']);"
        " print('shutil' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert "False" == done.stdout.splitlines()[-1]


@pytest.mark.parametrize("where", ["shipped", "plain"])
def test_expiring_builds_only_the_model_classes_it_meets(
    where: str, tmp_path: pathlib.Path
) -> None:
    """On the shipped ledgers and on a plain ledger alike, `bevilling expiring` builds the
    model classes of MODEL_CLASSES and no other (and imports no private module of the classes
    built on first use; ``Described`` too, although the shipped ledgers' D09 has a
    description-amount finding: a report runs the error checks only): a model class that a
    run without follow-up files builds anyway is a choice to make here, not an accident."""
    paths: list[str] = []
    if where == "plain":
        (tmp_path / "plain.yaml").write_text(PLAIN_LEDGER, encoding="utf-8")
        paths = [str(tmp_path / "plain.yaml")]
    code = (
        "import io, contextlib, sys, attrs; from bevilling.cli import main;"
        " out = io.StringIO(); contextlib.redirect_stdout(out).__enter__();"
        f" code = main(['expiring', '--year', '2016', *{paths!r}]); sys.stdout = sys.__stdout__;"
        " print(code, sorted(f'{name}.{key}' for name, module in list(sys.modules.items())"
        "   if name.startswith('bevilling') and module is not None"
        "   for key, value in vars(module).items()"
        "   if isinstance(value, type) and value.__module__ == name and attrs.has(value)"
        f"   and name.startswith({MODEL!r})),"
        " sorted(m for m in sys.modules if m.startswith('bevilling.core._')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f"0 {MODEL_CLASSES!r} []" == done.stdout.splitlines()[-1]


#: The regular expressions of ours that `bevilling expiring` compiles on a small ledger whose
#: description names an amount (by the module that uses each): none.  The description check,
#: which reads the amount with three, finds warnings only, and a report runs the error checks
#: only; every other pattern on its path is compiled only when first needed, decided without
#: it, or not used on small texts (the fast path's row lane): Python compiles a pattern in
#: Python, 0.05 to 2.5 ms each.
PATTERNS_COMPILED: list[str] = []

SMALL_LEDGER = """\
format: bevilling/1
title: Lille bevillingsfil
document: Budgetnotat
unit: 1000 DKK
tables:
  - name: "Tabel 1: Oversigt"
    category: driftsmidler
    stated_total: 1500
    appropriations:
      - id: A1
        title: Mikrolån
        description: Der afsættes 1,5 mio. kr. til mikrolån.
        source: Budgetaftale 2015
        amount: 1500
        expires: 2016
"""


def test_expiring_compiles_only_the_patterns_it_uses(tmp_path: pathlib.Path) -> None:
    """Importing bevilling.cli and running `expiring` on a small ledger compiles only the
    patterns of PATTERNS_COMPILED (counted by the module of ours that asks for each; those the
    standard library and attrs compile are not counted)."""
    ledger = tmp_path / "lille.yaml"
    ledger.write_text(SMALL_LEDGER, encoding="utf-8")
    code = (
        "import re, re._compiler as c, sys; re.purge(); ours = []; original = c.compile\n"
        "def counting(pattern, flags=0):\n"
        "    frame = sys._getframe(1)\n"
        "    while frame.f_code.co_filename.endswith(('__init__.py', '_compiler.py', 'lazy.py'))"
        " and frame.f_globals['__name__'] in ('re', 're._compiler', 'bevilling.core.lazy'):\n"
        "        frame = frame.f_back\n"
        "    if frame.f_globals['__name__'].startswith('bevilling.'):\n"
        "        ours.append(frame.f_globals['__name__'])\n"
        "    return original(pattern, flags)\n"
        "c.compile = counting\n"
        "from bevilling.cli import main\n"
        f"code = main(['expiring', '--year', '2016', {str(ledger)!r}])\n"
        "print(code, sorted(ours))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert f"0 {PATTERNS_COMPILED}" == done.stdout.splitlines()[-1]
