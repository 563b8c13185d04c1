"""``bevilling list`` and ``bevilling show``: the appropriations themselves, field by field.

- :func:`select`: the appropriations a :class:`~bevilling.reports.filters.Filter` covers;
- :func:`lookup`: the appropriations with an id (more than one when the id is duplicated);
- :func:`render_list`, :func:`render_entries_table`, :func:`render_entries_json`,
  :func:`render_show` and :func:`entry_record` (one appropriation as JSON-ready values).

Imports :mod:`bevilling.reports.filters`, ``guard``, ``table`` and ``formats``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bevilling.core.model import Entry, ExpiryKind
from bevilling.i18n.catalogs import catalog
from bevilling.reports.filters import Filter, Source, entries_of
from bevilling.reports.formats import Format, expiry_text, json_document, json_lines, render_grid
from bevilling.reports.guard import checked
from bevilling.reports.table import WRAPPED, Cell, Grid, Label, drop_order

__all__ = [
    "entry_record",
    "lookup",
    "render_entries_json",
    "render_entries_table",
    "render_list",
    "render_show",
    "select",
]

_, _n = catalog(__name__)


def select(
    ledgers: Source, filter: Filter | None = None, *, allow_errors: bool = False
) -> tuple[Entry, ...]:
    """The appropriations ``filter`` covers (all phases unless it says otherwise: this is
    what ``bevilling list`` shows), in file order.

    Raises :class:`~bevilling.reports.guard.LedgerErrorsError` when the ledgers have
    unaccepted errors, unless ``allow_errors``.
    """
    source = checked(ledgers, allow_errors=allow_errors)
    return tuple((filter or Filter(phase="all")).apply(source))


def lookup(
    ledgers: Source, appropriation_id: str, *, allow_errors: bool = False
) -> tuple[Entry, ...]:
    """The appropriations with the id ``appropriation_id``, in file order: one, none, or
    several when the id is duplicated (say so: the id is ambiguous).  When no id matches
    exactly, the ids that match ignoring case (``d11`` finds ``D11``).

    Raises :class:`~bevilling.reports.guard.LedgerErrorsError` when the ledgers have
    unaccepted errors, unless ``allow_errors``.
    """
    source = checked(ledgers, allow_errors=allow_errors)
    exact = tuple(e for e in entries_of(source) if e.appropriation.id == appropriation_id)
    if exact:
        return exact
    wanted = appropriation_id.casefold()
    return tuple(e for e in entries_of(source) if e.appropriation.id.casefold() == wanted)


def entry_record(entry: Entry) -> dict[str, Any]:
    """One appropriation as JSON-ready values: what ``bevilling list --format json`` prints."""
    ledger, table, a = entry
    return {
        "id": a.id,
        "file": a.location.file,
        "line": a.location.line,
        "ledger": ledger.title,
        "table": table.name,
        "phase": ledger.phase.value,
        "unit": ledger.unit.value,
        "price_level": ledger.price_level,
        "category": a.category.value,
        "target_group": a.target_group,
        "organisation": a.organisation,
        "title": a.title,
        "description": a.description,
        "source": a.source,
        "amount": str(a.amount),
        "expires": a.expiry.year if a.expiry.kind is ExpiryKind.YEAR else a.expiry.kind.value,
        "profile": (
            {str(year): str(amount) for year, amount in a.profile.items()}
            if a.profile is not None
            else None
        ),
        "committee": a.committee,
        "appropriation_no": a.appropriation_no,
        "function": a.function,
    }


def render_entries_json(entries: Iterable[Entry]) -> str:
    """The appropriations as a JSON document ``{"appropriations": [...]}``, newline-terminated.

    >>> import bevilling
    >>> ledgers = bevilling.load_string('''
    ... format: bevilling/1
    ... title: T
    ... document: D
    ... unit: 1000 DKK
    ... tables:
    ...   - {name: Tabel 1, category: driftsmidler, appropriations: [
    ...       {id: A1, title: Mikrolån, amount: 1200, expires: 2016}]}
    ... ''')
    >>> print(render_entries_json(ledgers.entries()))  # doctest: +ELLIPSIS
    {
      "appropriations": [
        {
          "id": "A1",
    ...
          "amount": "1200",
          "expires": 2016,
    ...
    """
    return json_lines("appropriations", (entry_record(entry) for entry in entries))


def render_list(
    entries: Iterable[Entry],
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """Appropriations as ``bevilling list`` shows them: id, phase, category, target group,
    organisation, title, amount in the ledger's own unit and precision, unit and expiry.

    No total row: the rows may be in different units.  JSON is :func:`render_entries_json`.
    In CSV the amount is a number (``1200``, ``271,1``) with the most decimals of any ledger.
    """
    from bevilling.i18n.formatting import count_phrase, format_amount, label, unit_words

    if format == "json":
        return render_entries_json(entries)
    chosen = list(entries)
    owners = {id(e.ledger): e.ledger for e in chosen}
    places = {key: ledger.decimal_places() for key, ledger in owners.items()}
    phases: dict[str, Label] = {}
    units: dict[str, Label] = {}
    rows: list[tuple[Cell, ...]] = []
    for ledger, _table, a in chosen:
        amount: Cell = a.amount
        if format != "csv":  # each ledger keeps its own precision
            amount = Label(format_amount(a.amount, locale, places=places[id(ledger)]))
        phase = phases.get(ledger.phase.value)
        if phase is None:
            phase = phases[ledger.phase.value] = Label(label(ledger.phase.value, locale))
        unit = units.get(ledger.unit.value)
        if unit is None:
            unit = units[ledger.unit.value] = Label(unit_words(ledger.unit.value, locale))
        cells = (a.id, phase, Label(a.category.value), a.target_group, a.organisation, a.title)
        rows.append((*cells, amount, unit, expiry_text(a.expiry, locale)))
    keys = ("id", "phase", "category", "target_group", "organisation", "title", "amount",
            "unit", "expires")  # fmt: skip
    grid = Grid(
        title=((count_phrase(len(rows), locale), True),),
        headers=tuple(label(k, locale) for k in keys),
        numeric=tuple(k == "amount" for k in keys),
        wrap=tuple(k in WRAPPED for k in keys),
        rows=tuple(rows),
        places=max(places.values(), default=0),
        drop_order=drop_order(keys),
    )
    return render_grid(grid, format, locale, csv_dialect, width)


def render_entries_table(entries: Iterable[Entry], locale: str = "da") -> str:
    """The appropriations as a plain-text table (:func:`render_list`, ``table`` format)."""
    return render_list(entries, "table", locale=locale)


def render_show(
    entry: Entry,
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
) -> str:
    """Everything about one appropriation, field by field, ending with its ``file:line``.

    Fields the ledger does not give are left out of the text formats; JSON is the
    appropriation's record as in ``bevilling list --format json``.  In CSV the amount and
    each profile year are numbers (one row per profile year, ``Profil 2016``).
    """
    from bevilling.i18n.formatting import amount_header, format_amount, label

    if format == "json":
        return json_document(entry_record(entry))
    ledger, table, a = entry
    places = ledger.decimal_places()
    profile: list[tuple[str, Cell]] = []
    if a.profile is not None and format == "csv":
        profile = [
            (_("Profile {year}", locale=locale, year=year), amount)
            for year, amount in a.profile.items()
        ]
    elif a.profile is not None:
        separator = "\n" if format == "table" else "; "
        text = separator.join(
            f"{year}: {format_amount(amount, locale, places=places)}"
            for year, amount in a.profile.items()
        )
        profile = [(label("profile", locale), Label(text))]
    phase = Label(label(ledger.phase.value, locale))
    price_level = Label(str(ledger.price_level)) if ledger.price_level else None
    fields: list[tuple[str, Cell]] = [
        (label("id", locale), a.id),
        (label("title", locale), a.title),
        (label("category", locale), Label(a.category.value)),
        (label("target_group", locale), a.target_group),
        (label("organisation", locale), a.organisation),
        (label("description", locale), a.description),
        (label("source", locale), a.source),
        (amount_header(ledger.unit.value, locale), a.amount),
        *profile,
        (label("expires", locale), expiry_text(a.expiry, locale)),
        (label("phase", locale), phase),
        (label("price_level", locale), price_level),
        (label("committee", locale), a.committee),
        (label("appropriation_no", locale), a.appropriation_no),
        (label("function", locale), a.function),
        (label("table", locale), table.name),
        (label("ledger", locale), ledger.title),
        (label("document", locale), ledger.document),
        (label("location", locale), f"{a.location.file}:{a.location.line}"),
    ]
    grid = Grid(
        title=((a.id, False), (": ", True), (a.title, False)),
        headers=(label("field", locale), label("value", locale)),
        numeric=(False, False),
        wrap=(False, True),
        rows=tuple((Label(name), value) for name, value in fields if value is not None),
        places=places,
    )
    return render_grid(grid, format, locale, csv_dialect, width)
