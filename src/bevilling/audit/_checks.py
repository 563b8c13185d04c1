"""The class :class:`Check` and :data:`CHECKS` of :mod:`bevilling.audit.registry`, built when
first used.

A frozen attrs class costs about half a millisecond to build (attrs writes and compiles its
methods when the class is made), and :data:`CHECKS` holds the function of every check, so
making it imports every family of checks.  :func:`~bevilling.audit.registry.check` needs
neither: it runs the checks from the registry's table (``registry._TABLE``: code, severity,
where the function is, title), and the reports' gate (``check(errors_only=True)``) imports
only the families it runs.  So :mod:`bevilling.audit.registry` imports this module when
``CHECKS`` or ``Check`` is first used (PEP 562).  Import them from
:mod:`bevilling.audit` (or :mod:`bevilling.audit.registry`), never from here: the class says
that it belongs there (``__module__``), so that pickles, ``repr`` and the documentation name
the public module, and it is one object however it is reached.
"""

from __future__ import annotations

import attrs

from bevilling.audit.registry import _TABLE, CheckFunction, check_function
from bevilling.core.problems import Severity
from bevilling.i18n.catalogs import catalog

__all__ = ["CHECKS", "Check"]

_, _n = catalog(__name__)


@attrs.frozen(kw_only=True)
class Check:
    """One entry of the registry: a code, its severity, what it means and the function."""

    __module__ = "bevilling.audit.registry"

    code: str
    """The stable slug reported, selected, ignored and accepted, e.g. ``total-mismatch``."""
    severity: Severity
    """Error (fails the run) or warning (fails it only with ``--strict``)."""
    title: str
    """What the check guards, in one line, in English (the message id of the catalogs; see
    :meth:`describe` for the title in a user's language)."""
    function: CheckFunction = attrs.field(eq=False, repr=False)
    """The pure function that finds the problems."""

    def describe(self, locale: str | None = None) -> str:
        """The title in ``locale`` (default: the current one, Danish unless asked otherwise):
        ``CHECKS[0].describe("da")`` is 'en tabels rækker (eller en bevillingsfils tabeller)
        summer ikke til den oplyste total'."""
        return _(self.title, locale=locale)


#: Every check, in the order it runs and is documented (docs/checks.md): the registry's table
#: with each check's function.
CHECKS: tuple[Check, ...] = tuple(
    Check(code=code, severity=severity, title=title, function=check_function(code))
    for code, severity, _module, _name, title in _TABLE
)
