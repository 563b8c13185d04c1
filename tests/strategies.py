"""Hypothesis strategies shared by the property tests: valid model objects built directly.

Append new strategies at the end; keep each one documented with what it produces.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

from bevilling.core.model import (
    Appropriation,
    Category,
    Change,
    ChangeKind,
    ChangeSide,
    Expiry,
    Ledger,
    LedgerSet,
    Phase,
    Profile,
    Spending,
    Table,
    Unit,
)
from bevilling.core.money import D
from bevilling.core.problems import Location

YEARS = st.integers(min_value=2010, max_value=2025)
"""Budget years."""

TEXTS = st.sampled_from(["Aktivitetsparate", "aktivitetsparate", "Flere", "Alle", "JKI", "KEH"])
"""A few short texts, two of them equal but for case, for target groups and organisations."""


@st.composite
def amounts(draw: st.DrawFn, places: int = 0) -> Decimal:
    """An amount with ``places`` decimals, as a ledger writes it (reductions included)."""
    units = draw(st.integers(min_value=-5_000 * 10**places, max_value=60_000 * 10**places))
    return D(units).scaleb(-places)


@st.composite
def expiries(draw: st.DrawFn) -> Expiry:
    """A fixed year (most often), open or declining."""
    kind = draw(st.sampled_from(["year", "year", "year", "open", "declining"]))
    if kind == "open":
        return Expiry.open()
    if kind == "declining":
        return Expiry.declining()
    return Expiry.in_year(draw(YEARS))


@st.composite
def appropriations(
    draw: st.DrawFn, category: Category, file: str, line: int, places: int = 0
) -> Appropriation:
    """A row: amount and expiry, or a profile with the amount and expiry derived from it (as
    the loader derives them), or a profile with an explicit open/declining expiry."""
    optional = st.none() | TEXTS
    shape = draw(st.sampled_from(["plain", "profile", "profile-open"]))
    profile = None
    if shape == "plain":
        amount = draw(amounts(places))
        expiry = draw(expiries())
    else:
        first = draw(YEARS)
        values = draw(st.lists(amounts(places), min_size=1, max_size=4))
        profile = Profile.of({first + n: value for n, value in enumerate(values)})
        amount = profile.total
        last = profile.last_funded_year
        if shape == "profile-open" or last is None:
            expiry = draw(st.sampled_from([Expiry.open(), Expiry.declining()]))
        else:
            expiry = Expiry.in_year(last)
    return Appropriation(
        id=f"{file}:{line}",
        category=category,
        title=f"Bevilling {line}",
        amount=amount,
        expiry=expiry,
        location=Location(file, line),
        target_group=draw(optional),
        organisation=draw(optional),
        source=draw(st.none() | st.sampled_from(["Budgetaftale 2015", "Intern bevilling"])),
        profile=profile,
    )


@st.composite
def ledgers(draw: st.DrawFn, file: str = "ledger.yaml") -> Ledger:
    """A ledger in any unit and phase, with one to three tables of zero to six rows."""
    unit = draw(st.sampled_from(list(Unit)))
    places = 1 if unit is Unit.MILLION_DKK and draw(st.booleans()) else 0
    tables = []
    line = 10
    for n, category in enumerate(
        draw(st.lists(st.sampled_from(list(Category)), min_size=1, max_size=3))
    ):
        rows = []
        for _ in range(draw(st.integers(min_value=0, max_value=6))):
            line += 1
            rows.append(draw(appropriations(category, file, line, places)))
        tables.append(
            Table(
                name=f"Tabel {n + 1}",
                category=category,
                appropriations=tuple(rows),
                location=Location(file, 5 + n),
            )
        )
    return Ledger(
        title=f"Ledger {file}",
        document="Budgetaftale",
        unit=unit,
        tables=tuple(tables),
        location=Location(file, 1),
        phase=draw(st.sampled_from(list(Phase))),
    )


@st.composite
def ledger_sets(draw: st.DrawFn) -> LedgerSet:
    """One to three ledgers loaded together, possibly in different units and phases."""
    count = draw(st.integers(min_value=1, max_value=3))
    return LedgerSet(ledgers=tuple(draw(ledgers(f"l{n}.yaml")) for n in range(count)))


# --- issue 5 (dump, import, diff): ledgers with any text, as a writer must handle them --------

ANY_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # any character but lone surrogates
    max_size=40,
)
"""Any text at all: quotes, colons, '#', line breaks (also U+2028, U+0085), tabs, control
characters, leading spaces, 'NO', '18.10', '', emoji."""

VISIBLE_TEXT = ANY_TEXT.filter(lambda text: any(c.isprintable() and not c.isspace() for c in text))
"""Any text showing at least one character: an accepted entry's code, place and reason (the
loader refuses them empty or blank)."""


@st.composite
def written_amounts(draw: st.DrawFn) -> Decimal:
    """Any finite amount with 0 to 4 decimals, from -10^9 to 10^9 (also -0 and 1.200)."""
    places = draw(st.integers(min_value=0, max_value=4))
    units = draw(st.integers(min_value=-(10**9) * 10**places, max_value=10**9 * 10**places))
    return D(units).scaleb(-places)


@st.composite
def written_ledgers(draw: st.DrawFn, file: str = "ledger.yaml") -> Ledger:
    """A ledger as :func:`ledgers` makes it, with any text in every text field, any amounts,
    written ids on some rows, either number format, price level, totals and acceptances."""
    import attrs

    from bevilling.core.model import Acceptance, ExpiryKind, NumberFormat

    base = draw(ledgers(file))
    tables = []
    for table in base.tables:
        rows = []
        for number, a in enumerate(table.appropriations, start=1):
            profile = a.profile
            amount = draw(written_amounts())
            if profile is not None:
                profile = Profile.of({y: draw(written_amounts()) for y in profile})
            rows.append(
                attrs.evolve(
                    a,
                    id=draw(st.sampled_from([f"X{number}", a.id]))
                    if draw(st.booleans())
                    else draw(ANY_TEXT.filter(lambda t: t != "")),
                    title=draw(ANY_TEXT),
                    amount=amount,
                    profile=profile,
                    expiry=a.expiry
                    if profile is None or a.expiry.kind is not ExpiryKind.YEAR
                    else Expiry.in_year(draw(YEARS)),
                    **{
                        key: draw(st.none() | ANY_TEXT)
                        for key in (
                            "target_group",
                            "organisation",
                            "description",
                            "source",
                            "committee",
                            "appropriation_no",
                            "function",
                        )
                    },
                )
            )
        tables.append(
            attrs.evolve(
                table,
                name=draw(ANY_TEXT),
                appropriations=tuple(rows),
                stated_total=draw(st.none() | written_amounts()),
                stated_years=draw(
                    st.none()
                    | st.dictionaries(YEARS, written_amounts(), min_size=1, max_size=3).map(
                        Profile.of
                    )
                ),
                rounded_to=draw(st.none() | st.sampled_from([D("0.1"), D(1), D("0.5")])),
            )
        )
    return attrs.evolve(
        base,
        title=draw(ANY_TEXT),
        document=draw(ANY_TEXT),
        tables=tuple(tables),
        number_format=draw(st.sampled_from(list(NumberFormat))),
        price_level=draw(st.none() | YEARS),
        stated_total=draw(st.none() | written_amounts()),
        accepted=tuple(
            Acceptance(
                code=draw(VISIBLE_TEXT),
                reason=draw(VISIBLE_TEXT),
                location=Location(file, 1),
                table=draw(st.none() | VISIBLE_TEXT),
                appropriation=draw(st.none() | VISIBLE_TEXT),
                named=draw(
                    st.none() | st.lists(written_amounts(), min_size=1, max_size=3).map(tuple)
                ),
                amount=draw(st.none() | written_amounts()),
            )
            for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ),
    )


# --- issue 4 (reports fit the width): long titles and words -----------------------------------

WORDS = st.sampled_from(
    ["og", "i", "Næste", "stop", "er", "job", "-", "fokus", "på", "Beskæftigelses-aftale",
     "socialøkonomiske", "virksomhedspladser", "JKI,", "2.", "kontor", "Kgs.", "Enghave",
     "rehabiliteringsteammøder", "Budgetnotat", "BI2", "–", "ledger/biie-vision-2020.yaml:34",
     "Sagsbehandlerressourceforstærkningsindsatsevalueringsrapporteringsgrundlagsmateriale"]
)  # fmt: skip
"""Words of the shipped ledgers, from one letter to far wider than any column (85 letters)."""

REPORT_WIDTHS = st.integers(min_value=60, max_value=200)
"""Terminal widths a table report must fit: 60 columns and wider."""


@st.composite
def wordy_texts(draw: st.DrawFn) -> str:
    """Text of one to fourteen :data:`WORDS`: a title, target group, organisation or source."""
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=14)))


@st.composite
def wordy_ledger_sets(draw: st.DrawFn) -> LedgerSet:
    """:func:`ledger_sets` with :func:`wordy_texts` for titles (of ledgers too, which
    ``totals --by ledger`` groups by) and for target groups, organisations and sources."""
    import attrs

    optional = st.none() | wordy_texts()
    base = draw(ledger_sets())
    return LedgerSet(
        ledgers=tuple(
            attrs.evolve(
                ledger,
                title=draw(wordy_texts()),
                tables=tuple(
                    attrs.evolve(
                        table,
                        appropriations=tuple(
                            attrs.evolve(
                                a,
                                title=draw(wordy_texts()),
                                target_group=draw(optional),
                                organisation=draw(optional),
                                source=draw(optional),
                            )
                            for a in table.appropriations
                        ),
                    )
                    for table in ledger.tables
                ),
            )
            for ledger in base.ledgers
        )
    )


# --- issue 14 (follow-up): changes and spending on the appropriations of a ledger set --------


@st.composite
def with_changes_and_spending(draw: st.DrawFn, ledger_set: LedgerSet) -> LedgerSet:
    """``ledger_set`` with tillægsbevillinger, balanced omplaceringer, overførsler and
    spending on its appropriations, in any unit, in the years 2014-2017 (checks may fail:
    overspending, carry-overs larger than the unspent)."""
    ids = [entry.appropriation.id for entry in ledger_set.entries()]
    if not ids:
        return ledger_set
    year = st.integers(min_value=2014, max_value=2017)
    changes: list[Change] = []
    for n in range(draw(st.integers(min_value=0, max_value=6))):
        unit = draw(st.sampled_from(list(Unit)))
        where = Location("c.yaml", 10 + n)
        kind = draw(st.sampled_from(list(ChangeKind)))
        target = draw(st.sampled_from(ids))
        when = draw(year)
        if kind is ChangeKind.SUPPLEMENTARY:
            sides = (ChangeSide(appropriation=target, year=when, amount=draw(amounts()),
                                location=where),)  # fmt: skip
        elif kind is ChangeKind.REALLOCATION:
            moved = draw(amounts(1))
            other = draw(st.sampled_from(ids))
            sides = (
                ChangeSide(appropriation=target, year=when, amount=-moved, location=where),
                ChangeSide(appropriation=other, year=when, amount=moved, location=where),
            )
        elif kind is ChangeKind.CARRY_OVER:
            moved = abs(draw(amounts())) + 1
            sides = (
                ChangeSide(appropriation=target, year=when, amount=-moved, location=where),
                ChangeSide(appropriation=target, year=when + 1, amount=moved, location=where),
            )
        else:
            sides = ()
        changes.append(
            Change(
                kind=kind,
                decision="BIU 14.03.2016 pkt. 5",
                unit=unit,
                location=where,
                sides=sides,
                appropriation=None if kind is ChangeKind.REALLOCATION else target,
                expires=Expiry.in_year(when) if kind is ChangeKind.EXTENSION else None,
            )
        )
    spending = [
        Spending(
            appropriation=draw(st.sampled_from(ids)),
            year=draw(year),
            amount=abs(draw(amounts(draw(st.integers(min_value=0, max_value=2))))),
            unit=draw(st.sampled_from(list(Unit))),
            location=Location("s.yaml", 10 + n),
        )
        for n in range(draw(st.integers(min_value=0, max_value=8)))
    ]
    return LedgerSet(ledgers=ledger_set.ledgers, changes=tuple(changes), spending=tuple(spending))
