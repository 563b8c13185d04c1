"""``bevilling list`` and ``bevilling show``: the appropriations themselves, field by field.

- :func:`select`: the appropriations a :class:`~bevilling.reports.filters.Filter` covers;
- :func:`lookup`: the appropriations with an id (more than one when the id is duplicated);
- :func:`render_list`, :func:`render_entries_table`, :func:`render_entries_json`,
  :func:`render_show` and :func:`entry_record` (one appropriation as JSON-ready values).

Imports :mod:`bevilling.reports.filters`, ``guard``, ``table`` and ``formats``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from bevilling.core.model import Category, Entry, Expiry, ExpiryKind, Ledger
from bevilling.core.text import visible
from bevilling.i18n.catalogs import catalog
from bevilling.reports.filters import Filter, Source, entries_of, level_argument, year_argument
from bevilling.reports.formats import (
    Format,
    expiry_text,
    extended_note,
    json_chunks,
    json_document,
    render_grid,
)
from bevilling.reports.guard import checked
from bevilling.reports.prices import (
    CONVERTED_PLACES,
    Converter,
    Prices,
    data_figure,
    index_of,
    prices_note,
)
from bevilling.reports.table import WRAPPED, Cell, Grid, Label, drop_order

if TYPE_CHECKING:
    from bevilling.core.prices import PriceIndex

_, _n = catalog(__name__)

__all__ = [
    "entries_json_chunks",
    "entry_record",
    "listing_prices",
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


def _converters(
    entries: list[Entry],
    price_level: int | None,
    price_index: PriceIndex | None,
    places: int | None = None,
) -> dict[int, Converter]:
    """Per ledger (by id), the converter of its amounts to ``price_level`` in its own unit
    and precision (or ``places`` decimals: :data:`CONVERTED_PLACES` for data): each row is
    converted on its own, nothing is added."""
    owners = {id(e.ledger): e.ledger for e in entries}
    return {
        key: Converter(
            [ledger],
            ledger.unit,
            ledger.decimal_places() if places is None else places,
            target=price_level,
            index=price_index,
            allow_mixed=True,
        )
        for key, ledger in owners.items()
    }


def _converted_record(entry: Entry, money: Converter) -> dict[str, Any]:
    """What ``"converted"`` says in JSON: the amount and profile at the target price level."""
    ledger, _table, a = entry
    if not money.converts(ledger):
        money.exact(a.amount, ledger)  # recorded: refused unless mixed levels are allowed
        return {"price_level": ledger.price_level, "amount": None, "profile": None}
    places = ledger.decimal_places()
    record = {
        "price_level": money.target,
        "amount": f"{data_figure(money.row(a.amount, ledger)[1], places):f}",
        "profile": (
            {
                str(year): f"{data_figure(money.row(amount, ledger)[1], places):f}"
                for year, amount in a.profile.items()
            }
            if a.profile is not None
            else None
        ),
    }
    if money.refused(ledger) is not None:  # an amount out of range: no converted figures
        return {"price_level": ledger.price_level, "amount": None, "profile": None}
    return record


def _finish(converters: dict[int, Converter], *, allow_mixed: bool) -> Prices:
    """The price level of a list: :class:`Prices` over every ledger's converter; raises
    :class:`~bevilling.reports.prices.MixedPriceLevelsError` for a row that could not be
    converted, unless ``allow_mixed``."""
    from bevilling.reports.prices import LevelNote, MixedPriceLevelsError

    notes: list[LevelNote] = []
    levels: set[int] = set()
    target, source = None, None
    for money in converters.values():
        prices = money.finish()  # the converters allow mixing: refusing is decided here
        notes += prices.mixed
        levels.update(prices.levels)
        target, source = prices.target, prices.index_source or source
    notes.sort(key=lambda note: note.file)
    if notes and not allow_mixed:
        raise MixedPriceLevelsError(notes, target)
    return Prices(target=target, levels=tuple(sorted(levels)), mixed=tuple(notes),
                  index_source=source)  # fmt: skip


def listing_prices(
    entries: Iterable[Entry], price_level: int, price_index: PriceIndex | None = None
) -> Prices:
    """The price level of ``bevilling list`` with ``price_level``: which ledgers' rows it can
    convert and which it shows as written (:attr:`Prices.mixed`); never raises for them."""
    price_level = year_argument(price_level, "price_level")
    chosen = list(entries)
    converters = _converters(chosen, price_level, price_index or index_of(entries))
    for ledger, _table, a in chosen:
        converters[id(ledger)].exact(a.amount, ledger)
    return _finish(converters, allow_mixed=True)


def render_entries_json(
    entries: Iterable[Entry],
    *,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> str:
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
    pieces = entries_json_chunks(
        entries, price_level=price_level, price_index=price_index,
        allow_mixed_price_levels=allow_mixed_price_levels,
    )  # fmt: skip
    return "".join(pieces)


def entries_json_chunks(
    entries: Iterable[Entry],
    *,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
) -> Iterator[str]:
    """:func:`render_entries_json` in pieces of text, to be written as they come: joined, they
    are its text exactly.  Without ``price_level`` nothing is built ahead (memory stays that
    of one piece); with it, every row is converted first, so that
    :class:`~bevilling.reports.prices.MixedPriceLevelsError` is raised here, before the first
    piece, never halfway through the output."""
    price_level = level_argument(price_level)
    if price_level is None:
        return json_chunks("appropriations", map(entry_record, entries))
    chosen = list(entries)
    index = price_index or index_of(entries)
    converters = _converters(chosen, price_level, index, CONVERTED_PLACES)
    converted = [_converted_record(e, converters[id(e.ledger)]) for e in chosen]
    _finish(converters, allow_mixed=allow_mixed_price_levels)
    return json_chunks(
        "appropriations",
        ({**entry_record(e), "converted": c} for e, c in zip(chosen, converted, strict=True)),
    )


def render_list(
    entries: Iterable[Entry],
    format: Format = "table",
    *,
    locale: str = "da",
    csv_dialect: str = "excel",
    width: int | None = None,
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
    allow_mixed_price_levels: bool = False,
    extended: Mapping[str, Expiry] | None = None,
) -> str:
    """Appropriations as ``bevilling list`` shows them: id, phase, category, target group,
    organisation, title, amount in the ledger's own unit and precision, unit and expiry.

    ``extended`` (by id: the expiries forlængelser give, from
    :func:`bevilling.core.followup.extended_expiries`): those rows show the expiry in force,
    as ``expiring`` does, and a note names them with the printed expiry.  JSON gives the
    ledgers as written.

    No total row: the rows may be in different units.  JSON is :func:`render_entries_json`.
    In CSV the amount is a number (``1200``, ``271,1``) with the most decimals of any ledger.
    With ``price_level`` the amounts are converted to it (each rounded to its ledger's
    precision; in CSV to :data:`~bevilling.reports.prices.CONVERTED_PLACES` decimals, as the
    data outputs are), the header says so, and a row that cannot be converted raises
    :class:`~bevilling.reports.prices.MixedPriceLevelsError` unless
    ``allow_mixed_price_levels`` (then it is shown as written, and a note names it).
    """
    price_level = level_argument(price_level)
    from bevilling.i18n.formatting import count_phrase, format_amount, label, unit_words

    if format == "json":
        return render_entries_json(
            entries, price_level=price_level, price_index=price_index,
            allow_mixed_price_levels=allow_mixed_price_levels,
        )  # fmt: skip
    chosen = list(entries)
    owners = {id(e.ledger): e.ledger for e in chosen}
    places = {key: ledger.decimal_places() for key, ledger in owners.items()}
    data = format == "csv"  # numbers for a spreadsheet: converted ones keep their decimals
    converters = _converters(
        chosen, price_level, price_index or index_of(entries), CONVERTED_PLACES if data else None
    )
    # The cells every row shares with others, made once (a list may have 100 000 rows).
    owned: dict[int, tuple[Label, Label]] = {
        key: (Label(label(owner.phase.value, locale)), Label(unit_words(owner.unit.value, locale)))
        for key, owner in owners.items()
    }
    categories = {id(category): Label(category.value) for category in Category}
    expiries: dict[tuple[int, int | None], Label] = {}
    moved: list[tuple[str, Expiry, Expiry]] = []
    rows: list[tuple[Cell, ...]] = []
    widest = max(places.values(), default=0)  # CSV: the decimals of the widest figure
    for ledger, _table, a in chosen:
        value = a.amount
        if price_level is not None:
            value = converters[id(ledger)].row(a.amount, ledger)[1]
            if data:
                value = data_figure(value, places[id(ledger)])
                widest = max(widest, -int(value.as_tuple().exponent))
        amount: Cell = value
        if format != "csv":  # each ledger keeps its own precision
            amount = Label(format_amount(value, locale, places=places[id(ledger)]))
        phase, unit = owned[id(ledger)]
        expiry = a.expiry
        if extended and a.id in extended:
            expiry = extended[a.id]
            moved.append((a.id, a.expiry, expiry))
        key = (id(expiry.kind), expiry.year)
        expires = expiries.get(key)
        if expires is None:
            expires = expiries[key] = expiry_text(expiry, locale)
        rows.append((a.id, phase, categories[id(a.category)], a.target_group, a.organisation,
                     a.title, amount, unit, expires))  # fmt: skip
    keys = ("id", "phase", "category", "target_group", "organisation", "title", "amount",
            "unit", "expires")  # fmt: skip
    prices = (
        _finish(converters, allow_mixed=allow_mixed_price_levels)
        if price_level is not None
        else Prices()
    )
    headers = [label(k, locale) for k in keys]
    if price_level is not None:
        headers[keys.index("amount")] = _("Amount ({year} p/l)", locale=locale, year=price_level)
    grid = Grid(
        title=((count_phrase(len(rows), locale), True),),
        notes=(*prices_note(prices, locale), *extended_note(tuple(moved), locale)),
        headers=tuple(headers),
        numeric=tuple(k == "amount" for k in keys),
        wrap=tuple(k in WRAPPED for k in keys),
        rows=tuple(rows),
        places=widest,
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
    price_level: int | None = None,
    price_index: PriceIndex | None = None,
) -> str:
    """Everything about one appropriation, field by field, ending with its ``file:line``.

    Fields the ledger does not give are left out of the text formats; JSON is the
    appropriation's record as in ``bevilling list --format json``.  In CSV the amount and
    each profile year are numbers (one row per profile year, ``Profil 2016``).

    With ``price_level`` the amount (and profile) are shown twice: as printed, and converted
    to that price level with ``price_index`` (rounded to the ledger's precision; in JSON and
    CSV, which are data, to :data:`~bevilling.reports.prices.CONVERTED_PLACES` decimals); when
    the appropriation cannot be converted, the converted field says why (JSON:
    ``"converted"``).
    """
    price_level = level_argument(price_level)
    from bevilling.i18n.formatting import amount_header, label

    ledger, table, a = entry
    data = format in ("json", "csv")
    money = (
        Converter(
            [ledger],
            ledger.unit,
            CONVERTED_PLACES if data else ledger.decimal_places(),
            target=price_level,
            index=price_index,
            allow_mixed=True,
        )
        if price_level is not None
        else None
    )
    if format == "json":
        record = entry_record(entry)
        if money is not None:
            record["converted"] = _converted_record(entry, money)
        return json_document(record)
    places = ledger.decimal_places()
    profile = _profile_fields(
        label("profile", locale),
        lambda year: _("Profile {year}", locale=locale, year=year),
        a.profile,
        format=format,
        locale=locale,
        places=places,
    )
    level_name = _("Profile ({year} p/l)", locale=locale, year=price_level)
    converted: list[tuple[str, Cell]] = []
    if money is not None and money.converts(ledger):
        money.row(a.amount, ledger)
        for value in (a.profile or {}).values():
            money.row(value, ledger)
    if money is not None and money.converts(ledger) and money.refused(ledger) is None:
        prices = Prices(target=price_level)

        def figure(value: Decimal, money: Converter = money) -> Decimal:
            shown = money.row(value, ledger)[1]
            return data_figure(shown, places) if data else shown

        converted = [
            (
                _("Amount ({unit})", locale=locale, unit=_price_words(ledger, prices, locale)),
                figure(a.amount),
            ),
            *_profile_fields(
                level_name,
                lambda year: f"{level_name} {year}",
                a.profile and {y: figure(v) for y, v in a.profile.items()},
                format=format,
                locale=locale,
                places=places,
            ),
        ]
    elif money is not None:
        money.exact(a.amount, ledger)  # records why the ledger cannot be converted
        note = money.refused(ledger)
        reason = (note.reason if note is not None else "") or _(
            "the ledger states no price level", locale=locale
        )
        converted = [
            (
                _("Amount ({year} p/l)", locale=locale, year=price_level),
                Label(_("cannot be converted: {reason}", locale=locale, reason=reason)),
            )
        ]
    phase = Label(label(ledger.phase.value, locale))
    stated_level = Label(str(ledger.price_level)) if ledger.price_level else None
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
        *converted,
        (label("expires", locale), expiry_text(a.expiry, locale)),
        (label("phase", locale), phase),
        (label("price_level", locale), stated_level),
        (label("committee", locale), a.committee),
        (label("appropriation_no", locale), a.appropriation_no),
        (label("function", locale), a.function),
        (label("table", locale), table.name),
        (label("ledger", locale), ledger.title),
        (label("document", locale), ledger.document),
        # One line, as in `check`: a line break in a file name split the cell over two rows.
        (label("location", locale), visible(f"{a.location.file}:{a.location.line}", one_line=True)),
    ]
    grid = Grid(
        title=((a.id, False), (": ", True), (a.title, False)),
        headers=(label("field", locale), label("value", locale)),
        numeric=(False, False),
        wrap=(False, True),
        rows=tuple((Label(name), value) for name, value in fields if value is not None),
        # CSV is data: the converted figures keep their decimals (one `places` per grid).
        places=max(
            [places, *(-int(v.as_tuple().exponent) for _, v in converted if isinstance(v, Decimal))]
        ),
    )
    return render_grid(grid, format, locale, csv_dialect, width)


def _price_words(ledger: Ledger, prices: Prices, locale: str) -> str:
    from bevilling.reports.prices import price_unit_words

    return price_unit_words(ledger.unit, prices, locale)


def _profile_fields(
    name: str,
    csv_name: Callable[[int], str],
    profile: Mapping[int, Decimal] | None,
    *,
    format: Format,
    locale: str,
    places: int,
) -> list[tuple[str, Cell]]:
    """A profile as fields of ``show``: one per year in CSV (numbers), else one text field."""
    from bevilling.i18n.formatting import format_amount

    if not profile:
        return []
    pairs = list(profile.items())
    if format == "csv":
        return [(csv_name(year), amount) for year, amount in pairs]
    separator = "\n" if format == "table" else "; "
    text = separator.join(
        f"{year}: {format_amount(amount, locale, places=places)}" for year, amount in pairs
    )
    return [(name, Label(text))]
