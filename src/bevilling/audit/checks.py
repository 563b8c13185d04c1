"""Audit checks: the ways a ledger can disagree with itself or with its source document.

Each check is a small pure function ``LedgerSet -> Iterable[Problem]`` named after the
invariant it guards, registered once in :data:`CHECKS` with its stable code, its severity and
a one-line title.  :func:`check` runs them in registry order after the loader's problems,
then applies the ledgers' ``accepted:`` entries: a finding that is accepted stays in the
report, marked with the recorded reason, but no longer fails the run.

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
table "Tabel 1": stated 1.300, rows sum to 1.200, difference 100 (1000 DKK)
>>> report.valid, report.errors, report.warnings
(False, 1, 0)
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from contextvars import ContextVar
from decimal import Decimal

import attrs

from bevilling.core.model import (
    Acceptance,
    Appropriation,
    Expiry,
    ExpiryKind,
    Ledger,
    LedgerSet,
    Table,
    Unit,
)
from bevilling.core.money import ZERO, AmountSyntaxError
from bevilling.core.problems import LOAD_CODES, Location, Problem, Severity, source_lines

__all__ = [
    "CHECKS",
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
    """What the check guards, in one line."""
    function: CheckFunction = attrs.field(eq=False, repr=False)
    """The pure function that finds the problems."""


@attrs.frozen(kw_only=True)
class Report:
    """What :func:`check` found: loader problems first, then check findings."""

    problems: tuple[Problem, ...]
    """Every finding, accepted ones included: loader problems, then checks, by file and line."""
    ledgers: int
    """How many ledgers were loaded and checked."""
    files: tuple[str, ...]
    """The ledger files read, in path order, including those that failed to load."""
    appropriations: int
    """How many appropriations the loaded ledgers hold."""
    checked: tuple[str, ...]
    """The check codes that ran, in registry order (after --select/--ignore)."""

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


# --- helpers: figures, places, lines -------------------------------------------------------


def _places(ledger: Ledger, *figures: Decimal) -> int:
    """The decimals to show: the ledger's, or more if a figure has more."""
    places = ledger.decimal_places()
    for figure in figures:
        exponent = figure.normalize().as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


def _fmt(value: Decimal, locale: str, places: int) -> str:
    from bevilling.i18n.formatting import format_amount

    return format_amount(value, locale, places=places)


#: The locale figures in messages are written in, set by :func:`check` for one run; a check
#: function called on its own uses ``$BEVILLING_LOCALE`` or Danish.
_LOCALE: ContextVar[str | None] = ContextVar("bevilling_check_locale", default=None)


def _locale() -> str:
    chosen = _LOCALE.get()
    if chosen is not None:
        return chosen
    from bevilling.i18n.formatting import resolve_locale

    try:
        return resolve_locale()
    except ValueError:
        return "da"


def _key_line(ledgers: LedgerSet, within: Location, key: str, *, indent: int | None = None) -> int:
    """The line of ``key:`` inside ``within`` (block style), or ``within.line`` if not found."""
    text = ledgers.sources.get(within.file)
    if text is None or within.line < 1:
        return within.line
    lines = source_lines(text)
    pattern = re.compile(rf"(\s*)(?:-\s+)?['\"]?{re.escape(key)}['\"]?\s*:(?:\s|\Z)")
    for number in range(within.line, min(within.last_line, len(lines)) + 1):
        match = pattern.match(lines[number - 1])
        if match and (indent is None or len(match.group(1)) == indent):
            return number
    return within.line


def _key_location(
    ledgers: LedgerSet, within: Location, key: str, *, indent: int | None = None
) -> Location:
    return Location(within.file, _key_line(ledgers, within, key, indent=indent))


def _year_location(ledgers: LedgerSet, within: Location, year: int) -> Location:
    return Location(within.file, _year_line(ledgers, within, "stated_years", year))


def _year_line(ledgers: LedgerSet, within: Location, key: str, year: int) -> int:
    """The line of ``year:`` in the block ``key:`` inside ``within`` (else the key's line)."""
    start = _key_line(ledgers, within, key)
    return _key_line(ledgers, Location(within.file, start, within.last_line), str(year))


def _row(a: Appropriation) -> str:
    return f'{a.id} "{a.title}"'


#: A year counts as the source's year only after a word naming a decision or budget
#: ("Budgetaftale 2015", "Finanslov 2013", "Overførselssag 2014-15", "Særindsatser 2015"),
#: not after a name such as "Vision 2020", which is a target, not a date.
_SOURCE_YEAR = re.compile(
    r"(?:aftale|aftalen|forlig|finanslov|finansloven|budget|budgettet|sag|indsatser"
    r"|beslutning|bevilling|notat|overførsel)\s+((?:19|20)[0-9]{2})"
    r"(?:\s*[-–/]\s*([0-9]{2}))?(?![0-9])",
    re.IGNORECASE,
)


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


# --- sums: stated totals, year totals, profiles --------------------------------------------


@attrs.frozen(kw_only=True)
class _Sum:
    """A printed figure compared with the sum it should equal."""

    kind: str
    """``table``, ``grand``, ``year`` or ``profile``: which comparison."""
    ledger: Ledger
    """The ledger the figures are in."""
    locate: Callable[[], Location]
    """Finds where the printed figure is written (only asked for figures that disagree)."""
    subject: str
    """What the figure is the total of, for the message."""
    stated_word: str
    """``stated`` or ``amount``."""
    summed_word: str
    """``rows sum to``, ``tables sum to``, ``profile sums to``."""
    stated: Decimal
    """The printed figure."""
    summed: Decimal
    """The sum of the figures it should equal."""
    figures: int
    """How many figures were summed (for the rounding tolerance)."""
    rounded_to: Decimal | None
    """The declared rounding, if any."""

    @property
    def difference(self) -> Decimal:
        """Printed minus summed."""
        return self.stated - self.summed

    @property
    def tolerance(self) -> Decimal:
        """Half of ``rounded_to`` per summed figure; zero (exact) when none is declared."""
        if self.rounded_to is None:
            return ZERO
        return self.rounded_to * self.figures / 2

    @property
    def within_rounding(self) -> bool:
        """True for a non-zero difference that the declared rounding explains."""
        return self.difference != 0 and abs(self.difference) <= self.tolerance

    def message(self, locale: str) -> str:
        places = _places(self.ledger, self.stated, self.summed)
        text = (
            f"{self.subject}: {self.stated_word} {_fmt(self.stated, locale, places)},"
            f" {self.summed_word} {_fmt(self.summed, locale, places)},"
            f" difference {_fmt(self.difference, locale, places)} ({self.ledger.unit.value})"
        )
        if self.within_rounding and self.rounded_to is not None:
            rounding_places = _places(self.ledger, self.rounded_to, self.tolerance)
            rounding = _fmt(self.rounded_to, locale, rounding_places)
            text += (
                f", within the declared rounding to {rounding}"
                f" (up to {_fmt(self.tolerance, locale, rounding_places)}"
                f" for {self.figures} figures)"
            )
        return text


def _table_sum(table: Table) -> Decimal:
    return sum((a.amount for a in table.appropriations), ZERO)


def _sums(ledgers: LedgerSet) -> Iterator[_Sum]:
    """Every printed total, year total and row amount against what it should be the sum of."""
    for ledger in ledgers.ledgers:
        for table in ledger.tables:
            subject = f'table "{table.name}"'
            if table.stated_total is not None and table.stated_total != _table_sum(table):
                yield _Sum(
                    kind="table", ledger=ledger,
                    locate=functools.partial(_key_location, ledgers, table.location,
                                             "stated_total"),
                    subject=subject, stated_word="stated", summed_word="rows sum to",
                    stated=table.stated_total, summed=_table_sum(table),
                    figures=len(table.appropriations), rounded_to=table.rounded_to,
                )  # fmt: skip
            yield from _year_sums(ledgers, ledger, table)
            for a in table.appropriations:
                if a.profile is None or a.amount == a.profile.total:
                    continue
                yield _Sum(
                    kind="profile", ledger=ledger,
                    locate=functools.partial(_key_location, ledgers, a.location, "amount"),
                    subject=_row(a), stated_word="amount", summed_word="profile sums to",
                    stated=a.amount, summed=a.profile.total, figures=len(a.profile),
                    rounded_to=table.rounded_to,
                )  # fmt: skip
        if ledger.stated_total is None:
            continue
        subtotals = [
            t.stated_total if t.stated_total is not None else _table_sum(t) for t in ledger.tables
        ]
        if ledger.stated_total != sum(subtotals, ZERO):
            yield _Sum(
                kind="grand", ledger=ledger,
                locate=functools.partial(_key_location, ledgers, ledger.location,
                                         "stated_total", indent=0),
                subject="grand total", stated_word="stated", summed_word="tables sum to",
                stated=ledger.stated_total, summed=sum(subtotals, ZERO),
                figures=len(subtotals), rounded_to=ledger.rounded_to,
            )  # fmt: skip


def _year_sums(ledgers: LedgerSet, ledger: Ledger, table: Table) -> Iterator[_Sum]:
    if table.stated_years is None:
        return
    profiled = [a.profile for a in table.appropriations if a.profile is not None]
    years = sorted(set(table.stated_years) | {y for p in profiled for y, v in p.items() if v})
    for year in years:
        in_year = [p[year] for p in profiled if year in p]
        stated = table.stated_years.get(year, ZERO)
        if stated == sum(in_year, ZERO):
            continue
        if year in table.stated_years:
            locate = functools.partial(_year_location, ledgers, table.location, year)
        else:
            locate = functools.partial(_key_location, ledgers, table.location, "stated_years")
        yield _Sum(
            kind="year", ledger=ledger, locate=locate,
            subject=f'table "{table.name}", {year}'
            + ("" if year in table.stated_years else " (no stated figure)"),
            stated_word="stated", summed_word="rows sum to", stated=stated,
            summed=sum(in_year, ZERO), figures=max(len(in_year), 1),
            rounded_to=table.rounded_to,
        )  # fmt: skip


_ACCEPT_HINT = (
    "if the source itself prints it so, keep the figure as printed and record it under"
    " `accepted:` with the code, the {what} and a reason"
)


def _mismatches(ledgers: LedgerSet, kinds: Collection[str], code: str) -> Iterator[Problem]:
    locale = _locale()
    for s in _sums(ledgers):
        if s.kind in kinds and s.difference != 0 and not s.within_rounding:
            if s.kind == "profile":
                hint = (
                    "compare the row's I alt and its year columns with the source and fix the"
                    " mistyped figure; " + _ACCEPT_HINT.format(what="`appropriation:` id")
                )
            else:
                hint = (
                    "compare each figure with the source and fix a mistyped row or total; "
                    + _ACCEPT_HINT.format(
                        what="`table:` name" if s.kind != "grand" else "ledger (no table)"
                    )
                )
                if s.rounded_to is None and s.kind != "year":
                    hint += "; if the printed figures are rounded, declare `rounded_to`"
            yield Problem(code, Severity.ERROR, s.message(locale), s.locate(), hint)


def stated_totals_add_up(ledgers: LedgerSet) -> Iterator[Problem]:
    """``total-mismatch``: each table's rows add up to its ``stated_total``; the tables to the
    ledger's grand total (each table counted at its printed subtotal when it has one)."""
    return _mismatches(ledgers, {"table", "grand"}, "total-mismatch")


def differences_within_rounding(ledgers: LedgerSet) -> Iterator[Problem]:
    """``total-rounding``: a difference no larger than the declared ``rounded_to`` explains
    (half a unit per summed figure).  Without ``rounded_to`` comparison is exact."""
    locale = _locale()
    for s in _sums(ledgers):
        if s.within_rounding:
            yield Problem(
                "total-rounding",
                Severity.WARNING,
                s.message(locale),
                s.locate(),
                "nothing to fix if the source prints these figures: rounded figures need not"
                " add up exactly; accept it with `code: total-rounding` to record that",
            )


def year_totals_add_up(ledgers: LedgerSet) -> Iterator[Problem]:
    """``year-total-mismatch``: a table's ``stated_years`` equal the per-year profile sums."""
    return _mismatches(ledgers, {"year"}, "year-total-mismatch")


def profiles_add_up_to_amounts(ledgers: LedgerSet) -> Iterator[Problem]:
    """``profile-mismatch``: an appropriation's ``amount`` equals the sum of its profile."""
    return _mismatches(ledgers, {"profile"}, "profile-mismatch")


# --- amounts named in descriptions ---------------------------------------------------------

_MENTION = re.compile(
    r"(?<![0-9.,])(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<decimals>[0-9]+))?"
    r"(?:\.(?=\s))?\s*"
    r"(?P<unit>mia\.?|milliard(?:er)?|mio\.?|mill\.?|million(?:er)?|t\.\s?|tusind(?:e)?\s+)?"
    r"\s*(?:kr\b\.?|kroner\b)",
    re.IGNORECASE,
)
_UNIT_WORDS = {"mia": Decimal(10) ** 9, "mil": Decimal(10) ** 6, "mio": Decimal(10) ** 6,
               "t.": Decimal(1000), "tus": Decimal(1000)}  # fmt: skip
_YEARLY = re.compile(r"\b(?:årligt|om året|pr\.\s*år|per år|hvert år)\b", re.IGNORECASE)


@attrs.frozen(kw_only=True)
class _Mention:
    """An amount named in a description, in kroner, with the precision it was written with."""

    text: str
    """As written, e.g. ``1,9 mio. kr.``."""
    kroner: Decimal
    """Its value in kroner."""
    precision: Decimal
    """Half a unit of its last significant digit, in kroner."""


def _mentions(text: str) -> Iterator[_Mention]:
    """The amounts a Danish text names: "1,9 mio. kr.", "800.000 kr.", "1. mio. kr."."""
    if "kr" not in text.casefold():  # every mention ends in kr./kroner: skip the regex
        return
    from bevilling.i18n.formatting import parse_danish

    for match in _MENTION.finditer(text):
        written = match.group("number") + (
            "," + match.group("decimals") if match.group("decimals") else ""
        )
        try:
            value = parse_danish(written)
        except AmountSyntaxError:  # pragma: no cover - the pattern admits Danish numbers only
            continue
        unit = (match.group("unit") or "").strip().lower()
        factor = next((f for prefix, f in _UNIT_WORDS.items() if unit.startswith(prefix)), None)
        factor = factor if factor is not None else Decimal(1)
        if match.group("decimals"):
            step = Decimal(1).scaleb(-len(match.group("decimals")))
        elif unit:  # "1 mio. kr.", "10 mio. kr.": to the nearest whole unit named
            step = Decimal(1)
        else:  # whole kroner are as precise as their last non-zero digit: 800.000 → 100.000
            digits = match.group("number").replace(".", "")
            zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
            step = Decimal(10) ** zeros
        yield _Mention(
            text=match.group(0).strip(), kroner=value * factor, precision=step * factor / 2
        )


def _agrees(mention: _Mention, amount: Decimal, unit: Unit) -> bool:
    kroner = unit.convert(amount, Unit.DKK)
    return abs(kroner - mention.kroner) <= mention.precision


def descriptions_agree_with_amounts(ledgers: LedgerSet) -> Iterator[Problem]:
    """``description-amount``: an amount named in the description ("1,9 mio. kr.") agrees with
    the row's amount, or with every funded year of its profile when the text says "årligt",
    within the precision the text was written with.  Warns only when no named amount agrees."""
    locale = _locale()
    for ledger, _table, a in ledgers.entries():
        if not a.description:
            continue
        mentions = list(_mentions(a.description))
        if not mentions:
            continue
        yearly = bool(_YEARLY.search(a.description))
        funded = [v for v in (a.profile or {}).values() if v != 0]
        if any(
            _agrees(m, a.amount, ledger.unit)
            or (yearly and funded and all(_agrees(m, v, ledger.unit) for v in funded))
            for m in mentions
        ):
            continue
        places = _places(ledger, a.amount)
        said = ", ".join(
            f"{m.text} (= {_fmt(Unit.DKK.convert(m.kroner, ledger.unit), locale, places)})"
            for m in mentions
        )
        against = f"the amount is {_fmt(a.amount, locale, places)} ({ledger.unit.value})"
        if yearly and funded:
            per_year = ", ".join(
                f"{y}: {_fmt(v, locale, places)}" for y, v in (a.profile or {}).items() if v
            )
            against += f" and the years are {per_year}"
        yield Problem(
            "description-amount",
            Severity.WARNING,
            f"{_row(a)}: the description says {said}, but {against}",
            Location(a.location.file, a.location.line, a.location.last_line),
            "check the source: if the amount is mistyped, fix it; if the source itself"
            " disagrees, keep both as printed and accept it with `code: description-amount`"
            f" and `appropriation: {a.id}`",
        )


# --- the same money twice ------------------------------------------------------------------

_STOPWORDS = frozenset(
    ("af", "aftale", "alle", "at", "de", "den", "der", "det", "du", "efter", "en", "et", "for",
     "fra", "før", "gennem", "hos", "i", "ifm", "ind", "med", "mm", "mv", "og", "om", "op",
     "over", "på", "samt", "som", "til", "ud", "under", "ved", "vedr")
)  # fmt: skip


@functools.lru_cache(maxsize=65536)
def _words(title: str) -> frozenset[str]:
    """The words of a title that say what it is about (titles repeat: computed once each)."""
    return frozenset(
        w for w in re.findall(r"[^\W\d_]+", title.casefold()) if w not in _STOPWORDS and len(w) > 1
    )


def same_money_listed_once(ledgers: LedgerSet) -> Iterator[Problem]:
    """``possible-duplicate``: no two rows in different tables or ledgers have the same amount
    and expiry and overlapping title words (the same money listed twice)."""
    locale = _locale()
    # Earlier rows by (amount in kroner, expiry): only rows sharing both can be duplicates, so
    # the check stays linear in the number of rows instead of comparing every pair.
    seen: dict[
        tuple[Decimal, Expiry], list[tuple[Ledger, Table, Appropriation, frozenset[str]]]
    ] = {}
    for ledger, table, a in ledgers.entries():
        kroner = ledger.unit.convert(a.amount, Unit.DKK).normalize()
        if kroner == 0:  # zero rows (empty profile years) are not money listed twice
            continue
        words = _words(a.title)
        earlier = seen.setdefault((kroner, a.expiry), [])
        for other_ledger, other_table, other, other_words in earlier:
            if other_table is table:
                continue
            shared = words & other_words
            if not shared:
                continue
            where = (
                f"{other.location} ({other_table.name}"
                + (f", {other_ledger.title}" if other_ledger is not ledger else "")
                + ")"
            )
            yield Problem(
                "possible-duplicate",
                Severity.WARNING,
                f"{_row(a)} ({_fmt(a.amount, locale, _places(ledger, a.amount))},"
                f" expires {a.expiry}) may be the same money as"
                f" {_row(other)} at {where}: same amount and expiry, shared title words"
                f" {', '.join(sorted(shared))}",
                Location(a.location.file, a.location.line, a.location.last_line),
                "if the source lists the same money twice, count it once (remove one row, with"
                " a comment); if they are different money, accept it with"
                f" `code: possible-duplicate` and `appropriation: {a.id}`",
            )
        earlier.append((ledger, table, a, words))


# --- expiries -----------------------------------------------------------------------------


def expiry_not_before_source(ledgers: LedgerSet) -> Iterator[Problem]:
    """``expiry-before-source``: the expiry year is not before the year the source names
    ("Budgetaftale 2015" cannot fund something that ended in 2014)."""
    for _ledger, _table, a in ledgers.entries():
        if a.expiry.kind is not ExpiryKind.YEAR or a.expiry.year is None or not a.source:
            continue
        years = _years(a.source)
        if years and a.expiry.year < min(years):
            line = _key_line(ledgers, a.location, "expires")
            yield Problem(
                "expiry-before-source",
                Severity.ERROR,
                f"{_row(a)} expires {a.expiry.year}, before {min(years)} named in its source"
                f" {a.source!r}",
                Location(a.location.file, line),
                "check the Udløb and Kilde columns of the source: the funding cannot end before"
                " the decision that granted it",
            )


def declining_profiles_decline(ledgers: LedgerSet) -> Iterator[Problem]:
    """``declining-profile``: a row marked "Faldende profil" has no year higher than the one
    before it."""
    locale = _locale()
    for ledger, _table, a in ledgers.entries():
        if a.expiry.kind is not ExpiryKind.DECLINING or a.profile is None:
            continue
        pairs = list(a.profile.items())
        for (year0, value0), (year1, value1) in itertools.pairwise(pairs):
            if value1 > value0:
                places = _places(ledger, value0, value1)
                yield Problem(
                    "declining-profile",
                    Severity.ERROR,
                    f"{_row(a)} is marked declining, but its profile rises from"
                    f" {_fmt(value0, locale, places)} in {year0} to"
                    f" {_fmt(value1, locale, places)} in {year1}",
                    Location(a.location.file, _year_line(ledgers, a.location, "profile", year1)),
                    "check the profile against the source, or give the row the expiry the"
                    " source states",
                )
                break


# --- identifiers and codes ------------------------------------------------------------------

_FUNCTION_CODE = re.compile(r"[0-9]\.[0-9]{2}\.[0-9]{2}(?:\.[0-9])?\Z")


def ids_are_unique(ledgers: LedgerSet) -> Iterator[Problem]:
    """``duplicate-id``: every appropriation id is unique across the ledgers checked together."""
    first: dict[str, Appropriation] = {}
    for _ledger, _table, a in ledgers.entries():
        if a.id in first:
            yield Problem(
                "duplicate-id",
                Severity.ERROR,
                f"the id {a.id!r} is also used at {first[a.id].location}",
                Location(a.location.file, _key_line(ledgers, a.location, "id")),
                "give every row its own id: reports and `accepted:` entries refer to rows by it",
            )
        else:
            first[a.id] = a


def function_codes_are_well_formed(ledgers: LedgerSet) -> Iterator[Problem]:
    """``bad-function-code``: a function code is written ``d.dd.dd`` with an optional ``.d``."""
    for _ledger, _table, a in ledgers.entries():
        if a.function is not None and not _FUNCTION_CODE.match(a.function.strip()):
            yield Problem(
                "bad-function-code",
                Severity.ERROR,
                f"{_row(a)}: the function code {a.function!r} is not of the form d.dd.dd or"
                " d.dd.dd.d",
                Location(a.location.file, _key_line(ledgers, a.location, "function")),
                "write the municipal function code as printed in the budget, e.g. 6.45.53 or"
                " 6.45.53.1",
            )


def price_levels_agree(ledgers: LedgerSet) -> Iterator[Problem]:
    """``mixed-price-levels``: ledgers checked and summed together state one price level.

    Units convert exactly; price levels do not, so a sum across 2016 p/l and 2017 p/l
    ledgers mixes prices."""
    first: Ledger | None = None
    for ledger in ledgers.ledgers:
        if ledger.price_level is None:
            continue
        if first is None:
            first = ledger
            continue
        if ledger.price_level != first.price_level:
            yield Problem(
                "mixed-price-levels",
                Severity.WARNING,
                f"the amounts are at {ledger.price_level} p/l, but {first.file} is at"
                f" {first.price_level} p/l: totals across these ledgers mix price levels",
                Location(ledger.file, _key_line(ledgers, ledger.location, "price_level", indent=0)),
                "report on ledgers of one price level together, or convert the amounts to one"
                " price level in the source; accept it with `code: mixed-price-levels` if you"
                " know the sums are indicative",
            )


# --- acceptances ---------------------------------------------------------------------------

_META_CODES = ("unknown-code", "stale-acceptance")


def _acceptable_codes() -> list[str]:
    return [c.code for c in CHECKS if c.code not in _META_CODES]


def acceptances_name_known_codes(ledgers: LedgerSet) -> Iterator[Problem]:
    """``unknown-code``: an ``accepted:`` entry names a code that a check can report."""
    acceptable = _acceptable_codes()
    for ledger in ledgers.ledgers:
        for acceptance in ledger.accepted:
            if acceptance.code in acceptable:
                continue
            if acceptance.code in LOAD_CODES:
                message = (
                    f"`{acceptance.code}` is a loader problem, and those cannot be accepted:"
                    " a file with a loader error is not checked at all"
                )
                hint = "fix the problem the loader reports instead, and remove this entry"
            else:
                message = f"the accepted code `{acceptance.code}` is not a check code"
                hint = _did_you_mean(acceptance.code, acceptable)
            line = _key_line(ledgers, acceptance.location, "code")
            yield Problem(
                "unknown-code", Severity.ERROR, message, Location(ledger.file, line), hint
            )


def _in(location: Location, within: Location) -> bool:
    return location.file == within.file and within.line <= location.line <= max(
        within.last_line, within.line
    )


def _matches(ledger: Ledger, acceptance: Acceptance, problem: Problem) -> bool:
    """True when ``acceptance`` (of ``ledger``) covers ``problem``."""
    if acceptance.code != problem.code or problem.location.file != ledger.file:
        return False
    if acceptance.table is not None and not any(
        t.name == acceptance.table and _in(problem.location, t.location) for t in ledger.tables
    ):
        return False
    return acceptance.appropriation is None or any(
        a.id == acceptance.appropriation and _in(problem.location, a.location)
        for a in ledger.appropriations
    )


def _raw_findings(ledgers: LedgerSet) -> list[Problem]:
    return [p for c in CHECKS if c.code not in _META_CODES for p in c.function(ledgers)]


def acceptances_match_findings(ledgers: LedgerSet) -> Iterator[Problem]:
    """``stale-acceptance``: every ``accepted:`` entry matches a finding of the checks (an
    entry that matches nothing is left over from a fixed ledger, or names the wrong place)."""
    if not any(ledger.accepted for ledger in ledgers.ledgers):
        return  # nothing to match: do not run every check a second time
    acceptable = _acceptable_codes()
    findings = _raw_findings(ledgers)
    for ledger in ledgers.ledgers:
        for acceptance in ledger.accepted:
            if acceptance.code not in acceptable:
                continue  # reported as unknown-code
            if any(_matches(ledger, acceptance, p) for p in findings):
                continue
            where = []
            if acceptance.table is not None:
                where.append(f'table "{acceptance.table}"')
                if not any(t.name == acceptance.table for t in ledger.tables):
                    where[-1] += " (no table of that name in this ledger)"
            if acceptance.appropriation is not None:
                where.append(f"appropriation {acceptance.appropriation}")
                if not any(a.id == acceptance.appropriation for a in ledger.appropriations):
                    where[-1] += " (no row with that id in this ledger)"
            place = " for " + " and ".join(where) if where else ""
            yield Problem(
                "stale-acceptance",
                Severity.WARNING,
                f"the accepted `{acceptance.code}`{place} matches no finding",
                Location(ledger.file, acceptance.location.line, acceptance.location.last_line),
                "remove the entry if the discrepancy has been fixed, or correct its `table:` or"
                " `appropriation:` so that it names the place of the finding",
            )


def _apply_acceptances(ledgers: LedgerSet, problems: Iterable[Problem]) -> list[Problem]:
    by_file = {ledger.file: ledger for ledger in ledgers.ledgers}
    result = []
    for problem in problems:
        ledger = by_file.get(problem.location.file)
        accepting = (
            next((a for a in ledger.accepted if _matches(ledger, a, problem)), None)
            if ledger is not None
            else None
        )
        result.append(
            problem
            if accepting is None
            else attrs.evolve(problem, accepted=" ".join(accepting.reason.split()))
        )
    return result


# --- the registry ----------------------------------------------------------------------------

#: Every check, in the order it runs and is documented (docs/checks.md).
CHECKS: tuple[Check, ...] = (
    Check(code="total-mismatch", severity=Severity.ERROR,
          title="a table's rows (or a ledger's tables) do not add up to the printed total",
          function=stated_totals_add_up),
    Check(code="total-rounding", severity=Severity.WARNING,
          title="a printed total differs by no more than the declared rounding explains",
          function=differences_within_rounding),
    Check(code="year-total-mismatch", severity=Severity.ERROR,
          title="a table's printed year totals differ from the per-year sums of its profiles",
          function=year_totals_add_up),
    Check(code="profile-mismatch", severity=Severity.ERROR,
          title="an appropriation's amount differs from the sum of its profile",
          function=profiles_add_up_to_amounts),
    Check(code="description-amount", severity=Severity.WARNING,
          title="the description names an amount that disagrees with the row's amount",
          function=descriptions_agree_with_amounts),
    Check(code="possible-duplicate", severity=Severity.WARNING,
          title="the same money seems to be listed twice, in two tables or ledgers",
          function=same_money_listed_once),
    Check(code="expiry-before-source", severity=Severity.ERROR,
          title="the expiry year lies before the year named in the source",
          function=expiry_not_before_source),
    Check(code="declining-profile", severity=Severity.ERROR,
          title="an appropriation marked declining has a rising profile",
          function=declining_profiles_decline),
    Check(code="duplicate-id", severity=Severity.ERROR,
          title="two appropriations have the same id",
          function=ids_are_unique),
    Check(code="bad-function-code", severity=Severity.ERROR,
          title="a function code is not of the form d.dd.dd or d.dd.dd.d",
          function=function_codes_are_well_formed),
    Check(code="mixed-price-levels", severity=Severity.WARNING,
          title="ledgers at different price levels are checked and summed together",
          function=price_levels_agree),
    Check(code="unknown-code", severity=Severity.ERROR,
          title="an accepted entry names a code that no check reports",
          function=acceptances_name_known_codes),
    Check(code="stale-acceptance", severity=Severity.WARNING,
          title="an accepted entry matches no finding",
          function=acceptances_match_findings),
)  # fmt: skip


def all_codes() -> list[str]:
    """Every code a report can hold: the loader's, then the checks', in registry order."""
    return [*LOAD_CODES, *(c.code for c in CHECKS)]


def _did_you_mean(code: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(code, list(known), n=1, cutoff=0.5)
    return f"did you mean `{close[0]}`?" if close else "see docs/checks.md for every code"


def resolve_codes(codes: Iterable[str] | None) -> frozenset[str] | None:
    """The codes as a set, or None for None; :class:`UnknownCodeError` names unknown ones."""
    if codes is None:
        return None
    known = all_codes()
    result = set()
    for raw in codes:
        for code in (c.strip() for c in raw.split(",")):
            if not code:
                continue
            if code not in known:
                raise UnknownCodeError(f"unknown code {code!r}: {_did_you_mean(code, known)}")
            result.add(code)
    return frozenset(result)


def check(
    ledgers: LedgerSet,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    use_accepted: bool = True,
    locale: str | None = None,
) -> Report:
    """Run the checks on ``ledgers`` and return the :class:`Report`.

    ``select`` keeps only the given codes (loader and check codes, a comma-separated string
    counts as several), ``ignore`` drops them; an unknown code raises
    :class:`UnknownCodeError`.  With ``use_accepted`` the ledgers' ``accepted:`` entries mark
    matching findings as accepted; without, every finding is reported raw.  ``locale`` sets
    how figures in messages are written (default: ``$BEVILLING_LOCALE``, else Danish).
    """
    from bevilling.i18n.formatting import resolve_locale

    chosen = resolve_codes(select)
    dropped = resolve_codes(ignore) or frozenset()
    language = resolve_locale(locale)

    def wanted(code: str) -> bool:
        return (chosen is None or code in chosen) and code not in dropped

    runs = [c for c in CHECKS if wanted(c.code)]
    if not use_accepted:
        runs = [c for c in runs if c.code != "stale-acceptance"]
    found: list[Problem] = []
    token = _LOCALE.set(language)
    try:
        for entry in runs:
            found.extend(entry.function(ledgers))
    finally:
        _LOCALE.reset(token)
    if use_accepted:
        found = _apply_acceptances(ledgers, found)
    loaded = [p for p in ledgers.problems if wanted(p.code)]
    return Report(
        problems=(*_by_place(loaded), *_by_place(found)),
        ledgers=len(ledgers.ledgers),
        files=tuple(dict.fromkeys([*ledgers.sources, *(lg.file for lg in ledgers.ledgers)])),
        appropriations=sum(len(lg.appropriations) for lg in ledgers.ledgers),
        checked=tuple(c.code for c in runs),
    )


def _by_place(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.location.file, p.location.line))
