"""Build hook: compile the message catalogs (.po → .mo) whenever the package is built.

``pip install -e .`` and ``pip install .`` both run ``build_py``, so the compiled catalogs are
never a step a user can forget.  Everything else about the project is in pyproject.toml.
"""

from __future__ import annotations

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALE_DIR = Path(__file__).resolve().parent / "src" / "bevilling" / "locale"


def compile_catalogs() -> None:
    """Write a .mo file beside every .po file of the package (fuzzy entries left out)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)


class BuildWithCatalogs(build_py):
    """``build_py`` that first compiles the catalogs (in editable installs too)."""

    def run(self) -> None:
        compile_catalogs()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
