"""Made on first use (start-up): packages' and modules' public names, regular expressions.

Packages whose public names are imported from their modules on first use: a package's
``__init__.py`` imports its names under ``TYPE_CHECKING`` (so that type checkers,
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

    if TYPE_CHECKING:
        from bevilling.core import _model_later as _later
    else:
        _later = lazy_names(__name__, "bevilling.core._model_later", ("Change",))

The private module sets each class's ``__module__`` to the public module, so that pickles,
``repr`` and the documentation name it there.

An annotation of the public module that names such a class names it through the object
:func:`lazy_names` returns (``changes: tuple[_later.Change, ...]``), never bare (``Change``):
``typing.get_type_hints`` and ``attrs.resolve_types`` evaluate an annotation in the module's
namespace, where a bare name is missing until the class has been built (the PEP 562 hook is
not consulted there), whereas ``_later.Change`` builds it right then.  Under
``TYPE_CHECKING`` the name is the private module itself, so the type checker sees the class.

Regular expressions compiled on first use: :class:`LazyPattern`.  Python compiles a pattern in
Python (``re._compiler``), about 0.05 to 2 ms each; a module-level ``re.compile`` pays that at
import, for every command, whether the pattern is used or not.  ``LazyPattern(source)`` is
used like the compiled pattern (``_YEAR.match(text)``) and compiles it at the first call.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from types import ModuleType

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

__all__ = ["LazyPattern", "lazy_names", "lazy_package"]


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


def lazy_names(name: str, source: str, names: Iterable[str]) -> _Later:
    """Make the module ``name`` import ``names`` from the module ``source`` when one of them is
    first used (PEP 562): all of them at once, after which they are plain attributes of
    ``name``, the very objects ``source`` defines.  ``dir()`` lists them before that too.

    Returns the names as attributes of an object (``_later.Change``), for the module's
    annotations: see the module's docstring."""
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
    return _Later(module, later)


class _Later:
    """The names :func:`lazy_names` builds on first use, as attributes: ``_later.Change`` is
    the module's ``Change`` (built by the module's PEP 562 hook if need be), so that an
    annotation naming it resolves in the module's namespace whether or not it is built yet."""

    __slots__ = ("_module", "_names")

    def __init__(self, module: ModuleType, names: frozenset[str]) -> None:
        self._module = module
        self._names = names

    def __getattr__(self, attribute: str) -> object:
        if attribute in _Later.__slots__:  # not set yet (a copy being made): no recursion
            raise AttributeError(attribute)
        if attribute not in self._names:
            raise AttributeError(
                f"the names of {self._module.__name__!r} built on first use do not include"
                f" {attribute!r}"
            )
        return getattr(self._module, attribute)

    def __dir__(self) -> list[str]:
        return sorted(self._names)

    def __repr__(self) -> str:
        return f"<names of {self._module.__name__!r} built on first use: {sorted(self._names)}>"


#: The methods of a compiled pattern that a LazyPattern offers.
_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer")


class LazyPattern:
    r"""A regular expression compiled when one of its methods is first used (start-up).

    >>> YEAR = LazyPattern(r"[0-9]{4}\Z")
    >>> YEAR.match("2016") is not None, YEAR.pattern
    (True, '[0-9]{4}\\Z')

    Made at a module's top level (``_YEAR = LazyPattern(...)``), the first method looked up
    compiles the pattern and puts the compiled pattern itself in that module's globals in
    its place: from then on the module's code uses the ``re.Pattern`` as a module-level
    ``re.compile`` would have made it, at no cost per call (a lookup through this object
    costs about 400 instructions a call, which the fast path's row lane and the checks would
    pay per row).  The compiled pattern's methods are also kept on the instance, for code
    that holds the object itself (another module's import of the name).  Two threads may both
    compile it the first time; either result is the same pattern.
    """

    pattern: str
    flags: int

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        # The namespace this is made in (a module's globals, at its import).  Where the caller
        # has no Python frame (code compiled with mypyc), this is some other namespace, which
        # holds no name for this object: nothing is replaced, the methods still work.
        self._scope = sys._getframe(1).f_globals

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags!r})"

    if TYPE_CHECKING:
        # The compiled pattern's methods (for text).  At run time the first one looked up goes
        # through __getattr__, which puts them all on the instance.
        def match(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> re.Match[str] | None: ...
        def fullmatch(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> re.Match[str] | None: ...
        def search(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> re.Match[str] | None: ...
        def sub(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> str: ...
        def subn(
            self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
        ) -> tuple[str, int]: ...
        def split(self, string: str, maxsplit: int = 0) -> list[str | Any]: ...
        def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]: ...
        def finditer(
            self, string: str, pos: int = 0, endpos: int = sys.maxsize
        ) -> Iterator[re.Match[str]]: ...
    else:

        def __getattr__(self, name: str) -> object:
            if name not in _METHODS:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            compiled = re.compile(self.pattern, self.flags)
            for method in _METHODS:
                self.__dict__[method] = getattr(compiled, method)
            scope = self.__dict__.pop("_scope", {})
            for key in [key for key, value in scope.items() if value is self]:
                scope[key] = compiled
            return self.__dict__[name]
