"""Problems are values: what is wrong, where, and how to fix it.

Loading and checking never raise on bad content; they return :class:`Problem` values, all of
them, not only the first.  Each problem kind has a stable slug (``total-mismatch``,
``ambiguous-number``) that users can name in ``--select``/``--ignore`` and in a ledger's
``accepted:`` list.  Exceptions are kept for situations in which work cannot go on at all
(:class:`BevillingError`) and for bugs.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable
from decimal import Decimal

import attrs

from bevilling.core.lazy import lazy_names

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core import _described as _later
    from bevilling.core._described import Described

__all__ = [
    "LOAD_CODES",
    "PATH_CODES",
    "SEVERITY_WORDS",
    "BevillingError",
    "Described",
    "Location",
    "MissingExtraError",
    "Problem",
    "Severity",
    "Sums",
    "name_severities",
    "source_lines",
]

# Built on first use (see bevilling.core.lazy); Problem's annotation names it `_later.Described`
# so that typing.get_type_hints resolves it before it is built.
if not TYPE_CHECKING:
    _later = lazy_names(__name__, "bevilling.core._described", ("Described",))


class Severity(enum.Enum):
    """How bad a problem is: an error fails ``bevilling check``, a warning only with --strict."""

    ERROR = "error"
    WARNING = "warning"


@attrs.frozen(order=True)
class Location:
    """A place in a ledger file (lines are 1-based; 0 means the file as a whole)."""

    file: str
    """The path as the user gave it (or as found below a directory they gave)."""
    line: int = 0
    """The first line of the thing the location points at."""
    end_line: int = 0
    """The last line of it, for excerpts; 0 when it is a single line."""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    @property
    def last_line(self) -> int:
        """The last line covered: ``end_line`` or, when that is unset, ``line``."""
        return max(self.line, self.end_line)


@attrs.frozen
class Sums:
    """The figures a finding compares: a printed figure and the sum it should equal.

    An ``accepted:`` entry of a code that compares figures accepts only a finding with exactly
    these figures (and scope), so that a later slip in the same table is reported again.
    """

    scope: str
    """``table`` (a table's total or one of its year totals), ``grand`` (the ledger's grand
    total) or ``row`` (a row's amount against its profile)."""
    stated: Decimal
    """The printed figure."""
    summed: Decimal
    """What the figures add up to."""
    year: int | None = None
    """The year of a year total."""


@attrs.frozen
class Problem:
    """One finding about a ledger: a loader problem or the result of a check."""

    code: str
    """The stable slug of the problem kind, e.g. ``total-mismatch``."""
    severity: Severity
    """Error or warning."""
    message: str
    """What is wrong, in one sentence, without the location."""
    location: Location
    """Where it is wrong."""
    hint: str | None = None
    """How to fix it (or how to accept it), when we can tell."""
    accepted: str | None = None
    """The reason recorded in the ledger's ``accepted:`` list, when the finding is accepted."""
    sums: Sums | None = attrs.field(default=None, eq=False, repr=False)
    """The figures compared, for the findings that compare figures (not part of equality)."""
    described: _later.Described | None = attrs.field(
        default=None, eq=False, repr=False, kw_only=True
    )
    """The figures of a ``description-amount`` finding (not part of equality)."""
    locale: str | None = attrs.field(default=None, eq=False, repr=False, kw_only=True)
    """The language the message is written in, when the layer that wrote it says (``check``
    does); ``str(problem)`` names the severity in it.  None: the current locale."""

    @property
    def is_error(self) -> bool:
        """True for an error that is not accepted: the kind that fails a check."""
        return self.severity is Severity.ERROR and self.accepted is None

    def __str__(self) -> str:
        """``file:line: severity[code]: message``, the severity in the current locale's words
        once a layer that writes messages has named them (:func:`name_severities`; the loader
        does): ``fejl[...]`` in Danish, as the messages are, not ``error[...]``."""
        namer = _severity_namer
        word = self.severity.value if namer is None else namer(self.severity, self.locale)
        return f"{self.location}: {word}[{self.code}]: {self.message}"


class BevillingError(Exception):
    """Raised only when work cannot go on at all (never for the content of a ledger)."""


class MissingExtraError(BevillingError):
    """An optional dependency is not installed; the message names the extra to install."""


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for a deferred message
    """Mark ``message`` for the ``core`` catalog; the layer that shows it translates it."""
    return message


#: The words for the severities, as ``str(problem)`` writes them (catalog messages, domain
#: ``core``; English until :func:`name_severities` is told how to translate them).
SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning")}
_severity_namer: Callable[[Severity, str | None], str] | None = None


def name_severities(namer: Callable[[Severity, str | None], str] | None) -> None:
    """How ``str(problem)`` names a severity in a locale (None: the current one), or None for
    its English code.  The model knows no languages; the layer that translates its messages
    (``bevilling.read``) installs the words of the catalogs here."""
    global _severity_namer  # noqa: PLW0603 - one hook, set once by the layer above
    _severity_namer = namer


#: Every code the loader can report, with a one-line description (documented in
#: docs/ledger-format.md).  The checks module has its own registry for check codes.  The
#: descriptions are English catalog messages (domain ``core``): show one translated, with
#: ``bevilling.i18n.catalogs.translate("core", LOAD_CODES[code])``.
LOAD_CODES: dict[str, str] = {
    "unreadable": N_("a path does not exist or cannot be read"),
    "no-ledgers": N_("a directory holds no *.yaml or *.yml file"),
    "not-utf8": N_("the file is not UTF-8 text"),
    "yaml-syntax": N_("the file is not valid YAML"),
    "yaml-tag": N_("an explicit YAML tag (!!python/..., !!float, ...) was used"),
    "yaml-alias": N_("an anchor or alias (&name, *name, <<:) was used"),
    "too-deep": N_("the YAML nests deeper than any ledger does"),
    "empty-file": N_("the file holds no YAML document"),
    "multiple-documents": N_("the file holds more than one YAML document"),
    "bad-format": N_("the file does not declare `format: bevilling/1`"),
    "duplicate-key": N_("a key appears twice in the same mapping"),
    "wrong-type": N_("a value is a mapping, list or text where another kind is expected"),
    "unknown-field": N_("a key is not part of ledger format v1"),
    "missing-field": N_("a required key is absent or empty"),
    "unknown-category": N_("a table's category is not one of the three"),
    "bad-expiry": N_("an expiry is not a year, `open` or `declining`"),
    "bad-year": N_("a year key or value is not a four-digit year"),
    "bad-value": N_("a value is not one of those allowed for its key"),
    "ambiguous-number": N_("an amount could be read two ways (1.200: 1.2 or 1200?)"),
    "bad-number": N_("an amount is not a number in the ledger's notation"),
    "amount-out-of-range": N_("an amount has more digits than bevilling accepts (15 + 6 decimals)"),
    "misplaced-row": N_(
        "an appropriation is indented as a table instead of under `appropriations:`"
    ),
    "multiple-price-indexes": N_("more than one price index file among the paths"),
}

#: Codes meaning that a path could not be read at all: the CLI exits 2 for these.
PATH_CODES: frozenset[str] = frozenset({"unreadable", "no-ledgers"})


@functools.lru_cache(maxsize=16)
def source_lines(text: str) -> list[str]:
    """The lines of a ledger's text, split once per file however many problems quote it.

    Cached on the text itself (a ``str`` computes its hash once), for excerpts and for checks
    that look up the line of a key.  Treat the list as read-only.
    """
    return text.split("\n")
