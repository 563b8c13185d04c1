"""Tests for bevilling.core.model: the frozen data model and its small pure helpers."""

from __future__ import annotations

import pickle
import subprocess
import sys
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bevilling.core.model import (
    AmbiguousIdError,
    Appropriation,
    Category,
    Expiry,
    Profile,
    Unit,
)
from bevilling.core.problems import Location
from bevilling.read.loader import load_string
from tests.conftest import ROOT

ROW = Appropriation(
    id="D11",
    category=Category.DRIFTSMIDLER,
    title="Mikrolån",
    amount=Decimal(1200),
    expiry=Expiry.in_year(2016),
    location=Location("ledger/udsatte-2015.yaml", 120, 127),
)


def test_model_objects_are_frozen() -> None:
    """Changing an appropriation means building a new one with attrs.evolve."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        ROW.amount = Decimal(1)  # type: ignore[misc]
    changed = attrs.evolve(ROW, amount=Decimal(1000))
    assert (Decimal(1200), Decimal(1000)) == (ROW.amount, changed.amount)


def test_appropriations_are_hashable_and_compare_by_value() -> None:
    """Equal rows are equal and hash alike, profile included."""
    profiled = attrs.evolve(ROW, profile=Profile.of({2016: Decimal(1000)}))
    twin = attrs.evolve(ROW, profile=Profile.of({2016: Decimal(1000)}))
    assert (profiled, 1) == (twin, len({profiled, twin}))


def test_profile_is_an_ordered_read_only_mapping() -> None:
    """A profile reads like a dict, sorted by year, and knows its sum and last funded year."""
    profile = Profile.of({2018: Decimal(0), 2016: Decimal(1000), 2017: Decimal(600)})
    assert ([2016, 2017, 2018], Decimal(600), Decimal(1600), 2017) == (
        list(profile),
        profile[2017],
        profile.total,
        profile.last_funded_year,
    )
    assert {2016: Decimal(1000), 2017: Decimal(600), 2018: Decimal(0)} == dict(profile)
    with pytest.raises(KeyError):
        profile[2019]


def test_an_all_zero_profile_has_no_funded_year() -> None:
    """Nothing funded, nothing to expire."""
    assert None is Profile.of({2016: Decimal(0)}).last_funded_year


@given(st.dictionaries(st.integers(1990, 2100), st.decimals(-(10**9), 10**9, places=1),
                       max_size=8))  # fmt: skip
def test_profile_total_is_the_sum_of_its_years(years: dict[int, Decimal]) -> None:
    """For any profile, the total is the exact sum of its values."""
    assert sum(years.values(), Decimal(0)) == Profile.of(years).total


@pytest.mark.parametrize(
    ("amount", "source", "target", "expected"),
    [
        ("1.9", Unit.MILLION_DKK, Unit.THOUSAND_DKK, "1900"),
        ("1187", Unit.THOUSAND_DKK, Unit.MILLION_DKK, "1.187"),
        ("800000", Unit.DKK, Unit.THOUSAND_DKK, "800"),
        ("5", Unit.THOUSAND_DKK, Unit.THOUSAND_DKK, "5"),
    ],
)
def test_unit_conversion_is_exact(amount: str, source: Unit, target: Unit, expected: str) -> None:
    """Converting between kroner, thousands and millions never rounds."""
    assert Decimal(expected) == source.convert(Decimal(amount), target)


def test_expiry_prints_as_year_or_kind() -> None:
    """str() of an expiry is what reports show."""
    assert ["2016", "open", "declining"] == [
        str(Expiry.in_year(2016)),
        str(Expiry.open()),
        str(Expiry.declining()),
    ]


LEDGER = """\
format: bevilling/1
title: T
document: D
unit: mio DKK
number_format: da
tables:
  - name: A
    category: indsatsmidler
    stated_total: '18,3'
    appropriations:
      - {id: a1, title: x, amount: '18,3', expires: 2015}
  - name: B
    category: særindsatser
    appropriations:
      - {id: b1, title: y, amount: 5, expires: open}
      - {id: b2, title: z, amount: '0,25', expires: declining}
"""


def test_ledger_set_iterates_entries_and_finds_by_id() -> None:
    """entries() walks ledger → table → row in file order; find() looks a row up by id."""
    result = load_string(LEDGER)
    assert ["a1", "b1", "b2"] == [e.appropriation.id for e in result.entries()]
    found = result.find("b1")
    assert found is not None
    assert ("B", "y") == (found.table.name, found.appropriation.title)
    assert None is result.find("nope")


def test_ledger_knows_its_decimal_places_and_rows() -> None:
    """The precision of a ledger is the most decimals any of its figures is written with."""
    (ledger,) = load_string(LEDGER).ledgers
    assert (2, 3) == (ledger.decimal_places(), len(ledger.appropriations))


MEMO_LEDGER = """
format: bevilling/1
title: T
document: D
unit: mio DKK
tables:
  - {name: Tabel 1, category: driftsmidler, stated_total: 3.25, appropriations: [
      {id: A1, title: Mikrolån, amount: 1.2, expires: 2016},
      {id: A2, title: Rådgivning, amount: 2.05, expires: 2017}]}
"""


def test_decimal_places_is_computed_once_per_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    """decimal_places() walks the amounts on its first call only (issue 13: it was called per
    row and per finding, 274 s for `list` at 20 000 rows); a later call costs nothing."""
    from bevilling.core.model import Ledger

    ledger = load_string(MEMO_LEDGER, "memo.yaml").ledgers[0]
    calls: list[int] = []
    original = Ledger._count_decimal_places

    def counting(self: Ledger) -> int:
        calls.append(1)
        return original(self)

    monkeypatch.setattr(Ledger, "_count_decimal_places", counting)
    assert [2, 2, 2] == [ledger.decimal_places() for _ in range(3)]
    assert 1 == len(calls)


def test_memoised_values_do_not_change_equality_repr_or_evolve() -> None:
    """The memo is invisible: a ledger that has answered equals, hashes and prints as a fresh
    copy, and attrs.evolve recomputes for the new values (never a stale answer)."""
    ledger = load_string(MEMO_LEDGER, "memo.yaml").ledgers[0]
    fresh = load_string(MEMO_LEDGER, "memo.yaml").ledgers[0]
    ledger.decimal_places()
    assert ledger.appropriations is ledger.appropriations
    assert (fresh, hash(fresh), repr(fresh)) == (ledger, hash(ledger), repr(ledger))
    whole = attrs.evolve(ledger, tables=(attrs.evolve(ledger.tables[0], stated_total=None),))
    first = attrs.evolve(whole.tables[0], appropriations=whole.tables[0].appropriations[:1])
    shorter = attrs.evolve(whole, tables=(first,))
    assert (1, ("A1",)) == (shorter.decimal_places(), tuple(a.id for a in shorter.appropriations))


def test_find_refuses_an_ambiguous_id() -> None:
    """Trust gap 4: find() returned the first of two rows sharing an id, silently. It raises
    AmbiguousIdError now, naming every file:line."""
    doubled = LEDGER.replace("id: b2", "id: b1")
    result = load_string(doubled, "t.yaml")
    with pytest.raises(AmbiguousIdError) as ambiguous:
        result.find("b1")
    assert ("t.yaml:15", "t.yaml:16") == ambiguous.value.places
    assert ["y", "z"] == [e.appropriation.title for e in ambiguous.value.entries]
    assert "the id 'b1' is ambiguous: 2 appropriations have it (t.yaml:15, t.yaml:16)" == str(
        ambiguous.value
    )


def test_the_ambiguous_id_error_survives_pickling() -> None:
    """Exception pickling called __init__ with the message and failed; the error comes back
    with its id, entries and message."""
    result = load_string(LEDGER.replace("id: b2", "id: b1"), "t.yaml")
    with pytest.raises(AmbiguousIdError) as ambiguous:
        result.find("b1")
    copy = pickle.loads(pickle.dumps(ambiguous.value))  # noqa: S301 - our own bytes
    assert (ambiguous.value.entries, ambiguous.value.places, str(ambiguous.value)) == (
        copy.entries,
        copy.places,
        str(copy),
    )


def test_new_appropriation_makes_the_same_frozen_row_as_the_class() -> None:
    """The loader's positional constructor sets every field (a new field would have to be
    added to it: all are given distinct values here) and gives an ordinary frozen,
    equal, evolvable Appropriation."""
    from bevilling.core.model import new_appropriation

    values = {
        "id": "A", "category": Category.INDSATSMIDLER, "title": "T", "amount": Decimal(5),
        "expiry": Expiry.in_year(2016), "location": Location("f.yaml", 3, 9),
        "target_group": "tg", "organisation": "org", "description": "d", "source": "s",
        "profile": Profile.of({2016: Decimal(5)}), "committee": "BIU",
        "appropriation_no": "18.10", "function": "6.45",
    }  # fmt: skip
    assert [f.name for f in attrs.fields(Appropriation)] == list(values)
    made = new_appropriation(*values.values())
    expected = Appropriation(**values)  # type: ignore[arg-type]
    assert (Appropriation, expected, repr(expected), hash(expected)) == (
        type(made), made, repr(made), hash(made))  # fmt: skip
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.title = "x"  # type: ignore[misc]
    assert "U" == attrs.evolve(made, title="U").title


# --- the classes built on first use (bevilling.core._model_later) ------------------------------

LATER = ["Change", "ChangeKind", "ChangeSide", "SourceFile", "Spending"]


def _run(code: str) -> str:
    """The last line ``code`` prints, run in a fresh interpreter (nothing imported yet)."""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()[-1]


def test_importing_the_model_builds_no_follow_up_class() -> None:
    """`import bevilling.core.model` (and loading a ledger without change files or
    `source_file:`) leaves the follow-up classes and SourceFile unbuilt: their module is not
    imported and the names are not yet in the model's namespace."""
    code = (
        "import sys, bevilling.core.model as m; from bevilling import load_string;"
        " load_string('format: bevilling/1\\ntitle: T\\ndocument: D\\nunit: DKK\\ntables: []\\n');"
        " print('bevilling.core._model_later' in sys.modules,"
        f" [n for n in {LATER!r} if n in vars(m)])"
    )
    assert "False []" == _run(code)


@pytest.mark.parametrize(
    "first",
    [
        "from bevilling.core.model import Change",
        "import bevilling; bevilling.Change",
        "import bevilling.core.model as m; m.Spending",
        "from bevilling.core.model import *",
        "import pickle; pickle.loads(pickle.dumps(None)); import bevilling.core.followup",
        "import bevilling.core._model_later",
    ],
)
def test_the_lazy_names_are_the_same_objects_however_they_are_reached(first: str) -> None:
    """Whichever way a follow-up class is reached first, every way gives the one class defined
    in bevilling.core._model_later: the model's name, the package's (`bevilling.Change`), the
    private module's and what a pickle names."""
    code = (
        f"{first}; import pickle, bevilling, bevilling.core.model as m,"
        " bevilling.core._model_later as later;"
        " print(all(getattr(m, n) is getattr(later, n) for n in"
        f" {LATER!r}) and bevilling.Change is m.Change and bevilling.ChangeKind is m.ChangeKind"
        " and bevilling.Spending is m.Spending and bevilling.ChangeSide is m.ChangeSide"
        " and pickle.loads(pickle.dumps(m.Change)) is later.Change)"
    )
    assert "True" == _run(code)


def test_the_lazy_classes_belong_to_the_model() -> None:
    """Each class built on first use says it belongs to bevilling.core.model (pickles, `repr`
    and the documentation name the public module), and is a frozen attrs class or an enum as
    before."""
    import bevilling.core._model_later as later
    from bevilling.core import model

    assert dict.fromkeys(LATER, "bevilling.core.model") == {
        n: getattr(model, n).__module__ for n in LATER
    }
    assert ["Change", "ChangeSide", "SourceFile", "Spending"] == [
        n for n in LATER if attrs.has(getattr(later, n))
    ]
    assert ["appropriation", "year", "amount", "location"] == [
        f.name for f in attrs.fields(model.ChangeSide)
    ]


def test_a_lazy_class_makes_objects_that_pickle_evolve_and_compare() -> None:
    """A Change survives pickling and `attrs.evolve`, equal and of the same class."""
    from bevilling.core.model import Change, ChangeKind, ChangeSide, SourceFile

    side = ChangeSide(appropriation="A1", year=2016, amount=Decimal(5), location=Location("c", 3))
    change = Change(
        kind=ChangeKind.SUPPLEMENTARY, decision="BIU 14.03.2016 pkt. 5", unit=Unit.DKK,
        location=Location("c", 2), sides=(side,), appropriation="A1",
    )  # fmt: skip
    again = pickle.loads(pickle.dumps(change))  # noqa: S301 - our own bytes
    assert (change, Change) == (again, type(again))
    assert "omplacering" == attrs.evolve(change, kind=ChangeKind.REALLOCATION).kind.value
    assert repr(change).startswith("Change(kind=<ChangeKind.SUPPLEMENTARY: 'tillægsbevilling'>, ")
    source = SourceFile(path="d.pdf")
    assert source == pickle.loads(pickle.dumps(source))  # noqa: S301 - our own bytes
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        change.note = "x"  # type: ignore[misc]


def test_the_model_lists_every_public_name() -> None:
    """`dir()` lists the lazy names before they are built, each name of `__all__` can be
    imported, and a name the model does not have is an AttributeError."""
    code = (
        "import bevilling.core.model as m; listed = dir(m);"
        " print(all(n in listed for n in m.__all__), all(hasattr(m, n) for n in m.__all__),"
        " hasattr(m, 'Nothing'))"
    )
    assert "True True False" == _run(code)


def test_type_hints_resolve_before_the_classes_built_on_first_use_are_built() -> None:
    """`typing.get_type_hints` (and `attrs.resolve_types`, as cattrs uses it) resolve the
    annotations of `LedgerSet` and `Ledger` in a fresh process: the classes built on first use
    that they name (`Change`, `Spending`, `PriceIndex`, `SourceFile`) are built then, not when
    the model is imported."""
    code = (
        "import sys, typing, attrs; from bevilling.core.model import Ledger, LedgerSet;"
        " built = 'bevilling.core._model_later' in sys.modules;"
        " hints = typing.get_type_hints(LedgerSet); attrs.resolve_types(Ledger);"
        " from bevilling.core.model import Change, PriceIndex, SourceFile, Spending;"
        " print(built, hints['changes'] == tuple[Change, ...],"
        " hints['spending'] == tuple[Spending, ...], hints['price_index'] == PriceIndex | None,"
        " attrs.fields(Ledger).source_file.type == SourceFile | None)"
    )
    assert "False True True True True" == _run(code)
