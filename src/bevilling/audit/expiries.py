"""Checks of expiries: against the source's year, the row's profile, and "Faldende profil"."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator

from bevilling.audit.locate import key_line
from bevilling.audit.rows import rows_of
from bevilling.audit.support import Figures, row_name
from bevilling.core.lazy import LazyPattern
from bevilling.core.model import ExpiryKind, LedgerSet
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = [
    "declining_profiles_decline",
    "expiry_not_after_profile",
    "expiry_not_before_profile",
    "expiry_not_before_source",
]

#: A year counts as the source's year only after a word naming a decision or budget
#: ("Budgetaftale 2015", "Finanslov 2013", "Overførselssag 2014-15", "Særindsatser 2015"),
#: not after a name such as "Vision 2020", which is a target, not a date.  Case is ignored in
#: the words only (nothing else of it has case): the same matches as the whole pattern with
#: re.IGNORECASE (a test compares them), compiled in half the time (start-up).
_SOURCE_YEAR = LazyPattern(
    r"(?i:aftale|aftalen|forlig|finanslov|finansloven|budget|budgettet|sag|indsatser"
    r"|beslutning|bevilling|notat|overførsel)\s+((?:19|20)[0-9]{2})"
    r"(?:\s*[-–/]\s*([0-9]{2}))?(?![0-9])"
)


#: The words of _SOURCE_YEAR, and the characters its case-insensitive match lets stand for
#: their letters beyond those whose lower case is the letter (`İ` and `ı` for `i`, `ſ` for `s`).
_SOURCE_WORDS = (
    "aftale", "aftalen", "forlig", "finanslov", "finansloven", "budget", "budgettet", "sag",
    "indsatser", "beslutning", "bevilling", "notat", "overførsel",
)  # fmt: skip
_SOURCE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s"})


def _may_name_year_after(text: str, year: int) -> bool:
    """False only when ``text`` names no source year after ``year`` (then no year of
    :func:`_years` is after it): no ``19xx`` or ``20xx`` above ``year`` right after one of
    the words and some white space.  Decides most rows without compiling _SOURCE_YEAR
    (start-up): an expiry is rarely before its source's year.
    """
    for prefix in ("19", "20"):
        at = text.find(prefix)
        while at >= 0:
            digits = text[at : at + 4]
            if len(digits) == 4 and digits.isascii() and digits.isdigit() and int(digits) > year:
                # The white space before it (str.isspace is what `\s` matches), then a word:
                # read backwards from the year, never the whole text before it (a source of
                # many years stays linear).
                end = at
                while end > 0 and text[end - 1].isspace():
                    end -= 1
                word = text[max(0, end - len("finansloven")) : end]
                if end < at and word.translate(_SOURCE_FOLD).lower().endswith(_SOURCE_WORDS):
                    return True
            at = text.find(prefix, at + 1)
    return False


@functools.lru_cache(maxsize=4096)
def _years(text: str) -> tuple[int, ...]:
    """The years a source names: ``Budgetaftale 2015`` → 2015; ``sag 2014-15`` → 2014, 2015."""
    years: list[int] = []
    for match in _SOURCE_YEAR.finditer(text):
        first = int(match.group(1))
        years.append(first)
        if match.group(2):
            second = first // 100 * 100 + int(match.group(2))
            if second > first:
                years.append(second)
    return tuple(years)


#: The years a source names (for the checks of spending, too).
source_years = _years


def expiry_not_before_source(ledgers: LedgerSet) -> Iterator[Problem]:
    """``expiry-before-source``: the expiry year is not before the year the source names
    ("Budgetaftale 2015" cannot fund something that ended in 2014)."""
    rows = rows_of(ledgers)
    # Each distinct (source, kind of expiry, year) once: a handful of sources and years.
    late = {
        (source, kind, year)
        for source, kind, year in set(
            zip(rows.column("source"), map(id, rows.expiry_kinds), rows.expiry_years, strict=True)
        )
        if kind == id(ExpiryKind.YEAR)
        and year is not None
        and source
        and _may_name_year_after(source, year)
        and _years(source)
        and year < min(_years(source))
    }
    if not late:
        return
    for _ledger, _table, a in rows.entries:
        if (a.source, id(a.expiry.kind), a.expiry.year) not in late:
            continue
        if a.expiry.kind is not ExpiryKind.YEAR or a.expiry.year is None or not a.source:
            continue
        years = _years(a.source)
        if years and a.expiry.year < min(years):
            line = key_line(ledgers, a.location, "expires")
            yield Problem(
                "expiry-before-source",
                Severity.ERROR,
                _(
                    "{row} expires {year}, before {source_year} named in its source {source}",
                    row=row_name(a),
                    year=a.expiry.year,
                    source_year=min(years),
                    source=repr(a.source),
                ),
                Location(a.location.file, line),
                _(
                    "check the Udløb and Kilde columns of the source: the funding cannot end"
                    " before the decision that granted it"
                ),
            )


def expiry_not_before_profile(ledgers: LedgerSet) -> Iterator[Problem]:
    """``expiry-before-profile``: an explicit expiry year is not before the last year its
    profile funds (``expires: 2017`` with money in 2018 and 2019): ``expiring`` would list
    the row as ended while ``timeline`` still counts its money."""
    figures = Figures(ledgers)
    for (ledger, _table, a), profile, expiry, last_funded in rows_of(ledgers).profile_ends:
        if last_funded is None or last_funded <= expiry:
            continue  # no money after the expiry (the common case)
        later = [(year, value) for year, value in profile.items() if year > expiry and value]
        if not later:
            continue
        years = ", ".join(f"{year}: {figures.amount(ledger, value)}" for year, value in later)
        last = later[-1][0]
        yield Problem(
            "expiry-before-profile",
            Severity.ERROR,
            _(
                "{row} expires {year}, but its profile has money after that ({years})",
                row=row_name(a),
                year=expiry,
                years=years,
            ),
            Location(a.location.file, key_line(ledgers, a.location, "expires")),
            _(
                "compare the Udløb column and the year columns with the source: if the money"
                " runs to {last}, write `expires: {last}` (or leave `expires` out: it is then the"
                " last year with money); if a later year is mistyped, fix it",
                last=last,
            ),
        )


def expiry_not_after_profile(ledgers: LedgerSet) -> Iterator[Problem]:
    """``expiry-after-profile``: an explicit expiry year is not after the last year its
    profile funds (``expires: 2018`` with money in 2016 and 2017 only): the expiry says the
    money runs to 2018, the profile that it ends with 2017.  ``expiring`` and ``timeline``
    both follow the profile (see ``Appropriation.lapse_year``), but the ledger disagrees with
    itself, so the reports refuse until it is fixed or accepted."""
    for (_ledger, _table, a), _profile, year, last in rows_of(ledgers).profile_ends:
        if last is None or last >= year:
            continue
        yield Problem(
            "expiry-after-profile",
            Severity.ERROR,
            _(
                "{row} expires {year}, but its profile has no money after {last}",
                row=row_name(a),
                year=year,
                last=last,
            ),
            Location(a.location.file, key_line(ledgers, a.location, "expires")),
            _(
                "compare the Udløb column and the year columns with the source: if the money"
                " ends with {last}, write `expires: {last}` (or leave `expires` out); if the"
                " profile lacks the later years, add them; if the source prints it so, accept"
                " it with `code: expiry-after-profile`, `appropriation:` and a reason (the"
                " reports then show the money lapsing with {last}, the last year it funds)",
                last=last,
            ),
        )


def declining_profiles_decline(ledgers: LedgerSet) -> Iterator[Problem]:
    """``declining-profile``: a row marked "Faldende profil" has no year higher than the one
    before it."""
    figures = Figures(ledgers)
    for (ledger, _table, a), profile in rows_of(ledgers).declining:
        pairs = profile.pairs
        for (year0, value0), (year1, value1) in itertools.pairwise(pairs):
            if value1 > value0:
                places = figures.places(ledger, value0, value1)
                yield Problem(
                    "declining-profile",
                    Severity.ERROR,
                    _(
                        "{row} is marked declining, but its profile rises from {first} in"
                        " {first_year} to {second} in {second_year}",
                        row=row_name(a),
                        first=figures.fmt(value0, places),
                        first_year=year0,
                        second=figures.fmt(value1, places),
                        second_year=year1,
                    ),
                    Location(a.location.file, key_line(ledgers, a.location, "profile", str(year1))),
                    _(
                        "check the profile against the source, or give the row the expiry the"
                        " source states"
                    ),
                )
                break
