"""The registry of checks, the report object and :func:`check`, which runs them.

Each check is a small pure function ``LedgerSet -> Iterable[Problem]`` named after the
invariant it guards, registered once in :data:`CHECKS` with its stable code, its severity and
a one-line title; the functions live in one module per family (:mod:`.totals`,
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
"""

from __future__ import annotations

import itertools
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
from bevilling.audit.descriptions import descriptions_agree_with_amounts
from bevilling.audit.duplicates import (
    rows_are_not_repeated,
    same_money_listed_once,
    tables_are_not_repeated,
)
from bevilling.audit.expiries import (
    declining_profiles_decline,
    expiry_not_after_profile,
    expiry_not_before_profile,
    expiry_not_before_source,
)
from bevilling.audit.figures import (
    amounts_are_positive,
    decimals_are_consistent,
    rows_have_money,
)
from bevilling.audit.followup import (
    carry_overs_fit_unspent,
    carry_overs_from_running_appropriations,
    change_acceptances_match,
    changes_are_not_repeated,
    changes_have_decisions,
    changes_within_life,
    extensions_do_not_shorten,
    reallocations_cancel,
    records_name_approved_appropriations,
    records_name_known_appropriations,
    spending_is_not_negative,
    spending_periods_do_not_overlap,
    spending_within_available,
    spending_within_life,
)
from bevilling.audit.prices import (
    index_values_are_positive_numbers,
    index_years_are_unique,
    ledger_levels_are_in_the_index,
    ledger_levels_are_within_the_index,
)
from bevilling.audit.references import (
    function_codes_are_well_formed,
    ids_are_unique,
    price_levels_agree,
)
from bevilling.audit.rows import forget
from bevilling.audit.totals import (
    differences_within_rounding,
    profiles_add_up_to_amounts,
    roundings_fit_the_figures,
    rows_count_in_a_year_total,
    stated_totals_add_up,
    tables_state_a_total,
    year_totals_add_up,
)
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


@attrs.frozen(kw_only=True)
class Check:
    """One entry of the registry: a code, its severity, what it means and the function."""

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
        """The title in ``locale`` (default: the current one, Danish unless asked otherwise).

        >>> CHECKS[0].describe("da")
        'en tabels rækker (eller en bevillingsfils tabeller) summer ikke til den oplyste total'
        """
        return _(self.title, locale=locale)


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
    return frozenset(c.code for c in CHECKS if c.code not in META_CODES)


def acceptances_name_known_codes(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unknown-code``: an ``accepted:`` entry names a code that a check can report."""
    return unknown_codes(ledgers, _acceptable_codes() | set(SOURCE_CODES))


def acceptances_use_their_keys(ledgers: LedgerSet) -> Iterator[Problem]:
    """``ignored-key``: every key of an ``accepted:`` entry is one its code uses."""
    return ignored_keys(ledgers, _acceptable_codes() | set(SOURCE_CODES))


def _matched_index(ledgers: LedgerSet) -> AcceptanceIndex:
    index = AcceptanceIndex(ledgers)
    index.apply(p for c in CHECKS if c.code not in META_CODES for p in c.function(ledgers))
    return index


def acceptances_match_findings(ledgers: LedgerSet) -> Iterator[Problem]:
    """``stale-acceptance``: every ``accepted:`` entry matches a finding of the checks (an
    entry that matches nothing is left over from a fixed ledger, names the wrong place, or
    records figures that have changed since)."""
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

#: Every check, in the order it runs and is documented (docs/checks.md).
CHECKS: tuple[Check, ...] = (
    Check(code="total-mismatch", severity=Severity.ERROR,
          title=N_("a table's rows (or a ledger's tables) do not add up to the printed total"),
          function=stated_totals_add_up),
    Check(code="total-rounding", severity=Severity.WARNING,
          title=N_("a printed total differs by no more than the declared rounding explains"),
          function=differences_within_rounding),
    Check(code="implausible-rounding", severity=Severity.WARNING,
          title=N_("a figure is not a multiple of the declared `rounded_to`, so no rounding"
                   " tolerance applies"),
          function=roundings_fit_the_figures),
    Check(code="year-total-mismatch", severity=Severity.ERROR,
          title=N_("a table's printed year totals differ from the per-year sums of its profiles"),
          function=year_totals_add_up),
    Check(code="profile-mismatch", severity=Severity.ERROR,
          title=N_("an appropriation's amount differs from the sum of its profile"),
          function=profiles_add_up_to_amounts),
    Check(code="unaudited-table", severity=Severity.WARNING,
          title=N_("a table states no total, so nothing its rows add up to is ever compared"),
          function=tables_state_a_total),
    Check(code="unaudited-row", severity=Severity.WARNING,
          title=N_("a row counts in no year total of a table audited only by its year totals"),
          function=rows_count_in_a_year_total),
    Check(code="extra-decimals", severity=Severity.WARNING,
          title=N_("a figure has more decimals than the others of its table or than its unit has"),
          function=decimals_are_consistent),
    Check(code="negative-amount", severity=Severity.WARNING,
          title=N_("a row's amount or a year of its profile is negative"),
          function=amounts_are_positive),
    Check(code="zero-amount", severity=Severity.WARNING,
          title=N_("a row's amount is 0, or a figure is written -0"),
          function=rows_have_money),
    Check(code="description-amount", severity=Severity.WARNING,
          title=N_("the description names an amount that disagrees with the row's amount"),
          function=descriptions_agree_with_amounts),
    Check(code="duplicate-row", severity=Severity.ERROR,
          title=N_("a row is written twice in one table (every field but the id the same)"),
          function=rows_are_not_repeated),
    Check(code="duplicate-table", severity=Severity.ERROR,
          title=N_("a table repeats another table row for row (a copied ledger file, a pasted"
                   " table)"),
          function=tables_are_not_repeated),
    Check(code="possible-duplicate", severity=Severity.WARNING,
          title=N_("the same money seems to be listed twice, in two tables or ledgers"),
          function=same_money_listed_once),
    Check(code="expiry-before-source", severity=Severity.ERROR,
          title=N_("the expiry year lies before the year named in the source"),
          function=expiry_not_before_source),
    Check(code="expiry-before-profile", severity=Severity.ERROR,
          title=N_("the expiry year lies before the last year its profile funds"),
          function=expiry_not_before_profile),
    Check(code="expiry-after-profile", severity=Severity.ERROR,
          title=N_("the expiry year lies after the last year its profile funds"),
          function=expiry_not_after_profile),
    Check(code="declining-profile", severity=Severity.ERROR,
          title=N_("an appropriation marked declining has a rising profile"),
          function=declining_profiles_decline),
    Check(code="duplicate-id", severity=Severity.ERROR,
          title=N_("two appropriations have the same id"),
          function=ids_are_unique),
    Check(code="bad-function-code", severity=Severity.ERROR,
          title=N_("a function code is not of the form d.dd.dd or d.dd.dd.d"),
          function=function_codes_are_well_formed),
    Check(code="mixed-price-levels", severity=Severity.WARNING,
          title=N_("ledgers at different price levels are checked and summed together"),
          function=price_levels_agree),
    Check(code="unknown-appropriation", severity=Severity.ERROR,
          title=N_("a change or spending names an id that no appropriation has"),
          function=records_name_known_appropriations),
    Check(code="spending-outside-life", severity=Severity.ERROR,
          title=N_("spending in a year after the expiry, or before the year the source names"),
          function=spending_within_life),
    Check(code="change-outside-life", severity=Severity.ERROR,
          title=N_("a tillægsbevilling or omplacering in a year after the expiry, or before the"
                   " year the source or the profile names"),
          function=changes_within_life),
    Check(code="overspending", severity=Severity.WARNING,
          title=N_("more is spent in a year than is available in it (overforbrug)"),
          function=spending_within_available),
    Check(code="carry-over-too-large", severity=Severity.ERROR,
          title=N_("an overførsel carries more than was unspent in the year it leaves"),
          function=carry_overs_fit_unspent),
    Check(code="carry-over-expired", severity=Severity.ERROR,
          title=N_("an overførsel leaves a year after the appropriation expired"),
          function=carry_overs_from_running_appropriations),
    Check(code="unbalanced-reallocation", severity=Severity.ERROR,
          title=N_("the sides of an omplacering do not cancel"),
          function=reallocations_cancel),
    Check(code="missing-decision", severity=Severity.ERROR,
          title=N_("a change names no decision"),
          function=changes_have_decisions),
    Check(code="duplicate-change", severity=Severity.ERROR,
          title=N_("a change is recorded twice (the same kind, decision, appropriations, years"
                   " and amounts)"),
          function=changes_are_not_repeated),
    Check(code="spending-overlap", severity=Severity.ERROR,
          title=N_("two spending records cover the same months of one appropriation"),
          function=spending_periods_do_not_overlap),
    Check(code="negative-spending", severity=Severity.WARNING,
          title=N_("the spending of an appropriation in a year adds up to less than 0"),
          function=spending_is_not_negative),
    Check(code="record-on-proposal", severity=Severity.WARNING,
          title=N_("a change or spending names an appropriation that is only proposed"),
          function=records_name_approved_appropriations),
    Check(code="extension-earlier", severity=Severity.WARNING,
          title=N_("a forlængelse moves the expiry to an earlier year"),
          function=extensions_do_not_shorten),
    Check(code="price-index-bad-value", severity=Severity.ERROR,
          title=N_("a value of the price index is not a number greater than 0"),
          function=index_values_are_positive_numbers),
    Check(code="price-index-duplicate-year", severity=Severity.ERROR,
          title=N_("a year is listed twice in the price index"),
          function=index_years_are_unique),
    Check(code="price-index-missing-year", severity=Severity.WARNING,
          title=N_("the price index has no value for a year that a ledger's price level needs"),
          function=ledger_levels_are_in_the_index),
    Check(code="price-level-unreachable", severity=Severity.WARNING,
          title=N_("a ledger's price level lies outside the years of the price index"),
          function=ledger_levels_are_within_the_index),
    Check(code="unknown-code", severity=Severity.ERROR,
          title=N_("an accepted entry names a code that no check reports"),
          function=acceptances_name_known_codes),
    Check(code="stale-acceptance", severity=Severity.WARNING,
          title=N_("an accepted entry accepts nothing: it matches no finding, records no"
                   " figures, or repeats another entry"),
          function=acceptances_match_findings),
    Check(code="unpinned-acceptance", severity=Severity.ERROR,
          title=N_("an accepted entry of a total does not record the figures or the place it"
                   " accepts"),
          function=acceptances_are_pinned),
    Check(code="ignored-key", severity=Severity.WARNING,
          title=N_("an accepted entry has a key its code does not use"),
          function=acceptances_use_their_keys),
)  # fmt: skip


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
    return [*LOAD_CODES, *(c.code for c in CHECKS), *SOURCE_CODES]


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

    runs = [c for c in CHECKS if wanted(c.code)]
    if not use_accepted:
        runs = [c for c in runs if c.code not in ("stale-acceptance", "unpinned-acceptance")]
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
    for entry in CHECKS if stale else [c for c in CHECKS if wanted(c.code) or c.code in named]:
        if entry.code in META_CODES:
            continue
        findings = list(entry.function(ledgers))
        if index is not None:  # every finding, also of checks not selected: for the entries
            findings = index.apply(findings)
        elif not use_accepted:  # accepted on a change (`accepted:` in a change file): raw
            findings = [attrs.evolve(p, accepted=None) if p.accepted else p for p in findings]
        if wanted(entry.code):
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
            *(c.code for c in runs),
            *(code for code in SOURCE_CODES if sources is not None and wanted(code)),
        ),
        locale=language,
    )


#: The codes of warnings, of the checks and of ``--sources`` (``check(errors_only=True)``
#: leaves them out).
_WARNING_CODES = frozenset(
    [c.code for c in CHECKS if c.severity is Severity.WARNING]
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
