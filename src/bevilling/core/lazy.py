"""Packages whose public names are imported from their modules on first use (start-up).

A package's ``__init__.py`` imports its names under ``TYPE_CHECKING`` (so that type checkers,
``lint-imports`` and readers see where each comes from) and, at run time, says which module
holds each name::

    # typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
    TYPE_CHECKING = False

    if TYPE_CHECKING:
        from bevilling.reports.expiring import expiring

    __all__ = ["expiring"]

    lazy_package(__name__, {"expiring": ["expiring"]})

``from bevilling.reports import expiring`` then imports :mod:`bevilling.reports.expiring` and
nothing else of the package, so that ``bevilling expiring`` does not pay for the HTML page,
the timeline and the totals.  A name is looked up once; after that it is a plain attribute.

Where a public name is also the name of a module of the package (``expiring`` the function in
``expiring`` the module), the name keeps meaning the function even after the module has been
imported, as it does when a package imports its names eagerly.

A module can do the same for classes it defines in a private module of its own
(:func:`lazy_names`): :mod:`bevilling.core.model` builds the follow-up classes (``Change``,
``Spending``, ...) only when a run first uses one, since a frozen attrs class is half a
millisecond of start-up and most runs read no change file::

    if TYPE_CHECKING:
        from bevilling.core._model_later import Change

    __all__ = ["Change"]

    lazy_names(__name__, "bevilling.core._model_later", ("Change",))

The private module sets each class's ``__module__`` to the public module, so that pickles,
``repr`` and the documentation name it there.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from types import ModuleType

__all__ = ["lazy_names", "lazy_package"]


class _LazyPackage(ModuleType):
    """A package module that imports a public name's module when the name is first used."""

    _where: Mapping[str, str]

    def __getattr__(self, name: str) -> object:
        where: Mapping[str, str] = self.__dict__.get("_where", {})
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}")
        # __import__ rather than importlib.import_module: -X importtime then shows the module.
        full = f"{self.__name__}.{module}"
        __import__(full)
        value = getattr(sys.modules[full], name)
        self.__dict__[name] = value
        return value

    def __setattr__(self, name: str, value: object) -> None:
        # The import system binds a submodule to its package's attribute of the same name once
        # it is loaded; a public name of that name (a function) keeps its meaning instead.
        if (
            isinstance(value, ModuleType)
            and name in self.__dict__.get("_where", {})
            and value.__name__ == f"{self.__name__}.{name}"
        ):
            return
        super().__setattr__(name, value)

    def __dir__(self) -> list[str]:
        return sorted({*self.__dict__, *self.__dict__.get("_where", {})})


def lazy_package(name: str, modules: Mapping[str, Iterable[str]]) -> None:
    """Make the package ``name`` import each public name from its module on first use.

    ``modules`` maps each module of the package (``expiring``) to the public names it defines.
    """
    package = sys.modules[name]
    package.__class__ = _LazyPackage
    package.__dict__["_where"] = {n: module for module, names in modules.items() for n in names}


def lazy_names(name: str, source: str, names: Iterable[str]) -> None:
    """Make the module ``name`` import ``names`` from the module ``source`` when one of them is
    first used (PEP 562): all of them at once, after which they are plain attributes of
    ``name``, the very objects ``source`` defines.  ``dir()`` lists them before that too."""
    module = sys.modules[name]
    later = frozenset(names)
    namespace = module.__dict__

    def __getattr__(attribute: str) -> object:  # noqa: N807 - the PEP 562 hook
        if attribute not in later:
            raise AttributeError(f"module {name!r} has no attribute {attribute!r}")
        # __import__ rather than importlib.import_module: -X importtime then shows the module.
        __import__(source)
        found = sys.modules[source]
        for each in later:
            namespace[each] = getattr(found, each)
        return namespace[attribute]

    def __dir__() -> list[str]:  # noqa: N807 - the PEP 562 hook
        return sorted({*namespace, *later})

    namespace["__getattr__"] = __getattr__
    namespace["__dir__"] = __dir__
