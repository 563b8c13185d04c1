"""The registry of checks, the report object and :func:`check`, which runs them.

Each check is a small pure function ``LedgerSet -> Iterable[Problem]`` named after the
invariant it guards, registered once in the registry's table (``_TABLE``) with its stable code,
its severity and a one-line title (:data:`CHECKS`, the same as :class:`Check` objects, is made
from it on first use); the functions live in one module per family (:mod:`.totals`,
:mod:`.descriptions`, :mod:`.duplicates`, :mod:`.expiries`, :mod:`.figures`,
:mod:`.references`, :mod:`.prices`).  :func:`check` runs them in registry order after the
loader's problems, then applies the ledgers' ``accepted:`` entries (:mod:`.acceptances`): a
finding that is accepted stays in the report, marked with the recorded reason, but no longer
fails the run.  Every check runs at most once per call, also when ``stale-acceptance`` needs
the findings of all of them.

>>> import bevilling
>>> ledgers = bevilling.load_string('''
... format: bevilling/1
... title: T
... document: Budgetaftale 2015
... unit: 1000 DKK
... tables:
...   - name: Tabel 1
...     category: driftsmidler
...     stated_total: 1300
...     appropriations:
...       - {id: A1, title: Mikrolån, amount: 1200, expires: 2016}
... ''')
>>> report = check(ledgers)
>>> [(p.code, p.location.line) for p in report.problems]
[('total-mismatch', 9)]
>>> print(report.problems[0].message)
tabel "Tabel 1": oplyst total 1.300, rækkerne summer til 1.200, difference 100 t.kr.
>>> print(check(ledgers, locale="en").problems[0].message)
table "Tabel 1": stated total 1,300, the rows add up to 1,200, difference 100 (DKK thousand)
>>> report.valid, report.errors, report.warnings
(False, 1, 0)
>>> from bevilling.audit import CHECKS
>>> CHECKS[0].code, CHECKS[0].severity
('total-mismatch', <Severity.ERROR: 'error'>)
>>> print(CHECKS[0].describe("da"))
en tabels rækker (eller en bevillingsfils tabeller) summer ikke til den oplyste total
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator

import attrs

from bevilling.audit.acceptances import (
    AcceptanceIndex,
    did_you_mean,
    ignored_keys,
    stale_acceptances,
    unknown_codes,
    unpinned_acceptances,
)
from bevilling.audit.rows import forget
from bevilling.core.lazy import lazy_names
from bevilling.core.model import LedgerSet
from bevilling.core.problems import LOAD_CODES, Problem, Severity
from bevilling.i18n.catalogs import N_, catalog, current_locale, resolve_locale, use_locale

_, _n = catalog(__name__)

__all__ = [
    "CHECKS",
    "META_CODES",
    "SOURCE_CODES",
    "Check",
    "Report",
    "UnknownCodeError",
    "all_codes",
    "check",
    "resolve_codes",
]

CheckFunction = Callable[[LedgerSet], Iterable[Problem]]

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.audit._checks import CHECKS, Check

# Built on first use (see _TABLE): the Check class (a frozen attrs class is half a millisecond
# of start-up) and its forty objects, with the functions of every check.  No annotation here
# names them.
lazy_names(__name__, "bevilling.audit._checks", ("CHECKS", "Check"))


@attrs.frozen(kw_only=True)
class Report:
    """What :func:`check` found: loader problems first, then check findings."""

    problems: tuple[Problem, ...]
    """Every finding, accepted ones included: loader problems, then checks, by file and line."""
    ledgers: int
    """How many ledgers were loaded and checked."""
    files: tuple[str, ...]
    """The ledger files read, in path order, including those that failed to load (a price
    index that loaded is not a ledger file)."""
    appropriations: int
    """How many appropriations the loaded ledgers hold."""
    record_files: int = 0
    """How many change and spending files were loaded with the ledgers (not in ``files``)."""
    record_files_read: int = 0
    """How many change and spending files were read, including those that failed to load."""
    checked: tuple[str, ...] = ()
    """The check codes that ran, in registry order (after --select/--ignore)."""
    locale: str = "da"
    """The locale the findings are written in (the renderers write their labels in it too)."""

    @property
    def errors(self) -> int:
        """Errors that are not accepted: each one fails the run."""
        return sum(1 for p in self.problems if p.is_error)

    @property
    def warnings(self) -> int:
        """Warnings that are not accepted: they fail the run only in strict mode."""
        return sum(
            1 for p in self.problems if p.severity is Severity.WARNING and p.accepted is None
        )

    @property
    def accepted(self) -> int:
        """Findings accepted by the ledgers' ``accepted:`` entries."""
        return sum(1 for p in self.problems if p.accepted is not None)

    @property
    def valid(self) -> bool:
        """True when there is no unaccepted error."""
        return self.errors == 0

    def passed(self, *, strict: bool = False) -> bool:
        """True when the run passes: no unaccepted errors (nor warnings, when ``strict``)."""
        return self.valid and not (strict and self.warnings)


class UnknownCodeError(ValueError):
    """A code given to --select/--ignore (or to :func:`check`) is not a known code."""


# --- the checks of acceptances (they need the registry itself, so they live beside it) ----

#: The checks about ``accepted:`` entries themselves: they cannot be accepted.
META_CODES = ("unknown-code", "stale-acceptance", "unpinned-acceptance", "ignored-key")


def _acceptable_codes() -> frozenset[str]:
    return frozenset(code for code, *_ in _TABLE if code not in META_CODES)


def acceptances_name_known_codes(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unknown-code``: an ``accepted:`` entry names a code that a check can report."""
    return unknown_codes(ledgers, _acceptable_codes() | set(SOURCE_CODES))


def acceptances_use_their_keys(ledgers: LedgerSet) -> Iterator[Problem]:
    """``ignored-key``: every key of an ``accepted:`` entry is one its code uses."""
    return ignored_keys(ledgers, _acceptable_codes() | set(SOURCE_CODES))


def _matched_index(ledgers: LedgerSet) -> AcceptanceIndex:
    index = AcceptanceIndex(ledgers)
    index.apply(
        p for code, *_ in _TABLE if code not in META_CODES for p in check_function(code)(ledgers)
    )
    return index


def acceptances_match_findings(ledgers: LedgerSet) -> Iterator[Problem]:
    """``stale-acceptance``: every ``accepted:`` entry matches a finding of the checks (an
    entry that matches nothing is left over from a fixed ledger, names the wrong place, or
    records figures that have changed since)."""
    from bevilling.audit.followup import change_acceptances_match

    if not any(ledger.accepted for ledger in ledgers.ledgers):
        return change_acceptances_match(ledgers)  # nothing to match: run no check
    return itertools.chain(
        stale_acceptances(_matched_index(ledgers), _acceptable_codes()),
        change_acceptances_match(ledgers),
    )


def acceptances_are_pinned(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unpinned-acceptance``: every ``accepted:`` entry of a code that compares figures
    records the figures (``stated:``, ``sum:``) and the place it accepts."""
    if not any(ledger.accepted for ledger in ledgers.ledgers):
        return iter(())
    return unpinned_acceptances(_matched_index(ledgers))


# --- the registry ----------------------------------------------------------------------------

#: Every check, in the order it runs and is documented (docs/checks.md): its code, its
#: severity, where its function is (a module of this package, the function's name) and its
#: title.  Data, not the functions themselves, so that the registry knows each check's code
#: and severity without importing its module: the reports' gate (``check(errors_only=True)``)
#: imports no module whose checks find warnings only (``figures``, ``descriptions``).  The
#: public :data:`CHECKS` (the :class:`Check` objects, functions included) is made from it on
#: first use.
_TABLE: tuple[tuple[str, Severity, str, str, str], ...] = (
    ("total-mismatch", Severity.ERROR, "totals", "stated_totals_add_up",
        N_("a table's rows (or a ledger's tables) do not add up to the printed total")),
    ("total-rounding", Severity.WARNING, "totals", "differences_within_rounding",
        N_("a printed total differs by no more than the declared rounding explains")),
    ("implausible-rounding", Severity.WARNING, "totals", "roundings_fit_the_figures",
        N_("a figure is not a multiple of the declared `rounded_to`, so no rounding"
            " tolerance applies")),
    ("year-total-mismatch", Severity.ERROR, "totals", "year_totals_add_up",
        N_("a table's printed year totals differ from the per-year sums of its profiles")),
    ("profile-mismatch", Severity.ERROR, "totals", "profiles_add_up_to_amounts",
        N_("an appropriation's amount differs from the sum of its profile")),
    ("unaudited-table", Severity.WARNING, "totals", "tables_state_a_total",
        N_("a table states no total, so nothing its rows add up to is ever compared")),
    ("unaudited-row", Severity.WARNING, "totals", "rows_count_in_a_year_total",
        N_("a row counts in no year total of a table audited only by its year totals")),
    ("extra-decimals", Severity.WARNING, "figures", "decimals_are_consistent",
        N_("a figure has more decimals than the others of its table or than its unit has")),
    ("negative-amount", Severity.WARNING, "figures", "amounts_are_positive",
        N_("a row's amount or a year of its profile is negative")),
    ("zero-amount", Severity.WARNING, "figures", "rows_have_money",
        N_("a row's amount is 0, or a figure is written -0")),
    ("description-amount", Severity.WARNING, "descriptions", "descriptions_agree_with_amounts",
        N_("the description names an amount that disagrees with the row's amount")),
    ("duplicate-row", Severity.ERROR, "duplicates", "rows_are_not_repeated",
        N_("a row is written twice in one table (every field but the id the same)")),
    ("duplicate-table", Severity.ERROR, "duplicates", "tables_are_not_repeated",
        N_("a table repeats another table row for row (a copied ledger file, a pasted"
            " table)")),
    ("possible-duplicate", Severity.WARNING, "duplicates", "same_money_listed_once",
        N_("the same money seems to be listed twice, in two tables or ledgers")),
    ("expiry-before-source", Severity.ERROR, "expiries", "expiry_not_before_source",
        N_("the expiry year lies before the year named in the source")),
    ("expiry-before-profile", Severity.ERROR, "expiries", "expiry_not_before_profile",
        N_("the expiry year lies before the last year its profile funds")),
    ("expiry-after-profile", Severity.ERROR, "expiries", "expiry_not_after_profile",
        N_("the expiry year lies after the last year its profile funds")),
    ("declining-profile", Severity.ERROR, "expiries", "declining_profiles_decline",
        N_("an appropriation marked declining has a rising profile")),
    ("duplicate-id", Severity.ERROR, "references", "ids_are_unique",
        N_("two appropriations have the same id")),
    ("bad-function-code", Severity.ERROR, "references", "function_codes_are_well_formed",
        N_("a function code is not of the form d.dd.dd or d.dd.dd.d")),
    ("mixed-price-levels", Severity.WARNING, "references", "price_levels_agree",
        N_("ledgers at different price levels are checked and summed together")),
    ("unknown-appropriation", Severity.ERROR, "followup", "records_name_known_appropriations",
        N_("a change or spending names an id that no appropriation has")),
    ("spending-outside-life", Severity.ERROR, "followup", "spending_within_life",
        N_("spending in a year after the expiry, or before the year the source names")),
    ("change-outside-life", Severity.ERROR, "followup", "changes_within_life",
        N_("a tillægsbevilling or omplacering in a year after the expiry, or before the"
           " year the source or the profile names")),
    ("overspending", Severity.WARNING, "followup", "spending_within_available",
        N_("more is spent in a year than is available in it (overforbrug)")),
    ("carry-over-too-large", Severity.ERROR, "followup", "carry_overs_fit_unspent",
        N_("an overførsel carries more than was unspent in the year it leaves")),
    ("carry-over-expired", Severity.ERROR, "followup", "carry_overs_from_running_appropriations",
        N_("an overførsel leaves a year after the appropriation expired")),
    ("unbalanced-reallocation", Severity.ERROR, "followup", "reallocations_cancel",
        N_("the sides of an omplacering do not cancel")),
    ("missing-decision", Severity.ERROR, "followup", "changes_have_decisions",
        N_("a change names no decision")),
    ("duplicate-change", Severity.ERROR, "followup", "changes_are_not_repeated",
        N_("a change is recorded twice (the same kind, decision, appropriations, years"
           " and amounts)")),
    ("spending-overlap", Severity.ERROR, "followup", "spending_periods_do_not_overlap",
        N_("two spending records cover the same months of one appropriation")),
    ("negative-spending", Severity.WARNING, "followup", "spending_is_not_negative",
        N_("the spending of an appropriation in a year adds up to less than 0")),
    ("record-on-proposal", Severity.WARNING, "followup", "records_name_approved_appropriations",
        N_("a change or spending names an appropriation that is only proposed")),
    ("extension-earlier", Severity.WARNING, "followup", "extensions_do_not_shorten",
        N_("a forlængelse moves the expiry to an earlier year")),
    ("price-index-bad-value", Severity.ERROR, "prices", "index_values_are_positive_numbers",
        N_("a value of the price index is not a number greater than 0")),
    ("price-index-duplicate-year", Severity.ERROR, "prices", "index_years_are_unique",
        N_("a year is listed twice in the price index")),
    ("price-index-missing-year", Severity.WARNING, "prices", "ledger_levels_are_in_the_index",
        N_("the price index has no value for a year that a ledger's price level needs")),
    ("price-level-unreachable", Severity.WARNING, "prices", "ledger_levels_are_within_the_index",
        N_("a ledger's price level lies outside the years of the price index")),
    ("unknown-code", Severity.ERROR, "registry", "acceptances_name_known_codes",
        N_("an accepted entry names a code that no check reports")),
    ("stale-acceptance", Severity.WARNING, "registry", "acceptances_match_findings",
        N_("an accepted entry accepts nothing: it matches no finding, records no"
            " figures, or repeats another entry")),
    ("unpinned-acceptance", Severity.ERROR, "registry", "acceptances_are_pinned",
        N_("an accepted entry of a total does not record the figures or the place it"
            " accepts")),
    ("ignored-key", Severity.WARNING, "registry", "acceptances_use_their_keys",
        N_("an accepted entry has a key its code does not use")),
)  # fmt: skip

#: Where each check's function is: code -> (module of this package, function name).
_WHERE = {code: (module, name) for code, _severity, module, name, _title in _TABLE}


def check_function(code: str) -> CheckFunction:
    """The function of the check ``code`` (``CHECKS``' ``function``), its module imported if
    need be.  Looked up at each call, as :func:`check` runs it."""
    module, name = _WHERE[code]
    full = f"{__package__}.{module}"
    if full not in sys.modules:
        # __import__ rather than importlib.import_module: -X importtime then shows the module.
        __import__(full)
    function: CheckFunction = getattr(sys.modules[full], name)
    return function


#: The codes of ``bevilling check --sources`` (each ledger against the document it names in
#: ``source_file:``), with their severity and what they mean.  Reading a Word or PDF document
#: is the interop layer's work, above this one: the caller hands :func:`check` the function
#: that finds them (``sources=``), and the codes are known here so that ``--select``,
#: ``--ignore`` and ``accepted:`` take them.
SOURCE_CODES: dict[str, tuple[Severity, str]] = {
    "source-mismatch": (
        Severity.ERROR,
        N_("a cell of the ledger differs from its source document"),
    ),
    "source-changed": (Severity.WARNING, N_("the source document's checksum has changed")),
    "source-table-missing": (
        Severity.ERROR,
        N_("a table of the ledger is not in its source document"),
    ),
    "source-unreadable": (Severity.ERROR, N_("the source document cannot be read again")),
}


def all_codes() -> list[str]:
    """Every code a report can hold: the loader's, the checks' in registry order, then those
    of ``--sources``."""
    return [*LOAD_CODES, *(code for code, *_ in _TABLE), *SOURCE_CODES]


def resolve_codes(codes: Iterable[str] | str | None) -> frozenset[str] | None:
    """The codes as a set, or None for None; :class:`UnknownCodeError` names unknown ones.

    A string counts as one comma-separated list (``"total-mismatch,duplicate-id"``), as each
    string of an iterable does; codes are also split on blanks.
    """
    if codes is None:
        return None
    if isinstance(codes, str):
        codes = [codes]
    known = all_codes()
    result = set()
    for raw in codes:
        for code in raw.replace(",", " ").split():
            if not code:
                continue
            if code not in known:
                raise UnknownCodeError(
                    _(
                        "unknown code {code}: {suggestion}",
                        code=repr(code),
                        suggestion=did_you_mean(code, known),
                    )
                )
            result.add(code)
    return frozenset(result)


def check(
    ledgers: LedgerSet,
    *,
    select: Iterable[str] | str | None = None,
    ignore: Iterable[str] | str | None = None,
    use_accepted: bool = True,
    locale: str | None = None,
    sources: CheckFunction | None = None,
    errors_only: bool = False,
) -> Report:
    """Run the checks on ``ledgers`` and return the :class:`Report`.

    ``select`` keeps only the given codes (loader and check codes, a comma-separated string
    counts as several), ``ignore`` drops them; an unknown code raises
    :class:`UnknownCodeError`, and a ``select`` that names no code at all (``[]``, ``""``,
    ``","``) raises ``ValueError``: it would run no check and report the ledgers valid.
    With ``use_accepted`` the ``accepted:`` entries of the ledgers (and of changes) mark
    matching findings as accepted; without, every finding is reported raw.  ``locale`` is
    the language of the messages and the notation of their figures (``da``: ``48.779``,
    ``en``: ``48,779``); by default the current locale (Danish unless ``--locale``,
    ``$BEVILLING_LOCALE`` or :func:`~bevilling.i18n.catalogs.use_locale` say otherwise).  An
    unknown locale raises ``ValueError``.
    ``sources`` finds the ``source-*`` findings (``bevilling check --sources``: the interop
    layer's ``check_sources``), run after the checks.
    ``errors_only`` finds what decides :attr:`Report.valid` and nothing else, as the reports
    ask before they report: the loader's errors and the findings of the error checks (each
    accepted or not, as always), ``unknown-code`` and ``unpinned-acceptance``; the checks of
    warnings run only where an ``accepted:`` entry names their code (an unpinned entry's hint
    quotes the finding it meant), and no warning is reported.
    """
    language = resolve_locale(locale) if locale else current_locale()
    try:
        with use_locale(language):
            return _check(
                ledgers,
                select,
                ignore,
                use_accepted=use_accepted,
                language=language,
                sources=sources,
                errors_only=errors_only,
            )
    finally:
        forget(ledgers)  # the facts the checks shared (audit/rows.py): not kept past the run


def _check(
    ledgers: LedgerSet,
    select: Iterable[str] | str | None,
    ignore: Iterable[str] | str | None,
    *,
    use_accepted: bool,
    language: str,
    sources: CheckFunction | None = None,
    errors_only: bool = False,
) -> Report:
    chosen = resolve_codes(select)
    if chosen is not None and not chosen:
        # An empty selection would run no check and pass: in CI, `--select "$CODES"` with
        # an unset variable would turn the gate off without a word.
        raise ValueError(
            _(
                "--select names no code, so no check would run: give at least one code"
                " (docs/checks.md), or leave --select out to run every check"
            )
        )
    dropped = resolve_codes(ignore) or frozenset()
    if errors_only:
        dropped |= _WARNING_CODES

    def wanted(code: str) -> bool:
        return (chosen is None or code in chosen) and code not in dropped

    runs = [code for code, *_fields in _TABLE if wanted(code)]
    if not use_accepted:
        runs = [code for code in runs if code not in ("stale-acceptance", "unpinned-acceptance")]
    index = AcceptanceIndex(ledgers) if use_accepted else None
    entries = index is not None and bool(index.ledgers)
    # Matching the entries against the findings: stale-acceptance needs the findings of every
    # check; unpinned-acceptance only those of the codes the entries name (its hint quotes
    # the finding an unpinned entry meant).
    stale = entries and wanted("stale-acceptance")
    named = (
        {a.code for lg in ledgers.ledgers for a in lg.accepted}
        if entries and wanted("unpinned-acceptance")
        else set()
    )
    found: list[Problem] = []
    for code, *_fields in _TABLE:
        if code in META_CODES or not (stale or wanted(code) or code in named):
            continue
        findings = list(check_function(code)(ledgers))
        if index is not None:  # every finding, also of checks not selected: for the entries
            findings = index.apply(findings)
        elif not use_accepted:  # accepted on a change (`accepted:` in a change file): raw
            findings = [attrs.evolve(p, accepted=None) if p.accepted else p for p in findings]
        if wanted(code):
            found.extend(findings)
    if sources is not None:
        findings = list(sources(ledgers))
        if index is not None:
            findings = index.apply(findings)
        found.extend(f for f in findings if wanted(f.code))
    if wanted("unknown-code"):
        found.extend(acceptances_name_known_codes(ledgers))
    if wanted("ignored-key"):
        found.extend(acceptances_use_their_keys(ledgers))
    if stale and index is not None:
        # an accepted source-* finding can only be matched when --sources ran
        acceptable = _acceptable_codes() | (set(SOURCE_CODES) if sources else set())
        found.extend(stale_acceptances(index, acceptable))
    if use_accepted and wanted("stale-acceptance"):
        from bevilling.audit.followup import change_acceptances_match

        found.extend(change_acceptances_match(ledgers))
    if entries and index is not None and wanted("unpinned-acceptance"):
        found.extend(unpinned_acceptances(index))
    loaded = [
        p for p in ledgers.problems if wanted(p.code) and not (errors_only and not p.is_error)
    ]
    record_files = _record_files(ledgers)
    not_ledgers = _index_files(ledgers) | record_files
    # The findings remember the report's language, so that `str(problem)` names the
    # severity in the words of the report (`error[...]` under English messages).
    language = current_locale()
    return Report(
        problems=tuple(
            attrs.evolve(p, locale=language) for p in (*_by_place(loaded), *_by_place(found))
        ),
        ledgers=len(ledgers.ledgers),
        files=tuple(
            file
            for file in dict.fromkeys([*ledgers.sources, *(lg.file for lg in ledgers.ledgers)])
            if file not in not_ledgers
        ),
        record_files=len(ledgers.record_files),
        record_files_read=len(record_files),
        appropriations=sum(len(t.appropriations) for lg in ledgers.ledgers for t in lg.tables),
        checked=(
            *runs,
            *(code for code in SOURCE_CODES if sources is not None and wanted(code)),
        ),
        locale=language,
    )


#: The codes of warnings, of the checks and of ``--sources`` (``check(errors_only=True)``
#: leaves them out).
_WARNING_CODES = frozenset(
    [code for code, severity, *_ in _TABLE if severity is Severity.WARNING]
    + [code for code, (severity, _title) in SOURCE_CODES.items() if severity is Severity.WARNING]
)


def _record_files(ledgers: LedgerSet) -> frozenset[str]:
    """The change and spending files among those read, loaded or not (told by their
    ``format:`` line, as the loader tells them)."""
    from bevilling.read import record_format

    failed = (
        file
        for file, text in ledgers.sources.items()
        if file not in ledgers.record_files and record_format(text) is not None
    )
    return frozenset((*ledgers.record_files, *failed))


def _index_files(ledgers: LedgerSet) -> frozenset[str]:
    """The price index files read (the one used, and any second one): not ledger files."""
    files = {p.location.file for p in ledgers.problems if p.code == "multiple-price-indexes"}
    if ledgers.price_index is not None:
        files.add(ledgers.price_index.file)
    return frozenset(files)


def _by_place(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.location.file, p.location.line))
