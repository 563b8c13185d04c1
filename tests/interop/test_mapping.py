"""bevilling.interop.mapping: header texts to ledger fields, with a problem and a --map hint
at the header's line for every column that cannot be mapped."""

from __future__ import annotations

import textwrap
from decimal import Decimal
from typing import Any

import pytest

from bevilling.core.model import Category, Expiry, Unit
from bevilling.i18n.catalogs import use_locale
from bevilling.interop.importer import ImportOptions, ImportResult, import_text, parse_mapping


def _table(text: str, **options: Any) -> ImportResult:
    """Import ``text`` (``|`` for tabs, dedented) as table.txt into out.yaml."""
    return import_text(textwrap.dedent(text).lstrip("\n").replace("|", "\t"), "table.txt",
                       ImportOptions(output="out.yaml", **options))  # fmt: skip


def _codes(result: ImportResult) -> list[tuple[str, int]]:
    return [(p.code, p.location.line) for p in result.problems]


def test_unknown_header_is_a_problem_at_the_header_line_with_a_map_hint() -> None:
    """A header that maps to no field stops the import with its line and a --map hint; the
    rows are not reported one by one."""
    result = _table(
        """
        Målgruppe|Tilbud|Beløb i tusinder|Udløb
        Alle|Mentor|1.200|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert None is result.ledger
    assert [("import-unknown-column", 1), ("import-missing-column", 1)] == _codes(result)
    assert "kolonne 2 'Tilbud' svarer ikke til noget felt i bevillingsfilen" == (
        result.problems[0].message
    )
    assert "--map 'Tilbud=FELT'" in (result.problems[0].hint or "")


def test_map_fixes_a_column_and_leaves_one_out() -> None:
    """--map COLUMN=field maps a header (by text or number); COLUMN=- leaves it out."""
    result = _table(
        """
        Målgruppe|Tilbud|Antal|Beløb i tusinder|Udløb
        Alle|Mentor|12|1.200|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
        mapping=parse_mapping(["Tilbud=title", "3=-"]),
    )
    assert () == result.problems
    assert result.ledger is not None
    assert [("Mentor", "Alle", Decimal(1200), Expiry.in_year(2016))] == [
        (a.title, a.target_group, a.amount, a.expiry) for a in result.ledger.appropriations
    ]


@pytest.mark.parametrize("amount", ["Amount (DKK thousand)", "Amount (DKK 1,000)"])
def test_the_headers_of_an_english_export_are_read_back(amount: str) -> None:
    """The column headers `bevilling export --to xlsx --locale en` writes (Title, Committee,
    Appropriation no., Function, Amount (DKK thousand), Expires; before 0.2 "DKK 1,000") map
    to their fields and unit, and "Declining profile" is an expiry."""
    result = _table(
        f"""
        Title|Committee|Appropriation no.|Function|{amount}|Expires
        Mentor|BUU|12|03.22.01|1.200|Declining profile
        """,
        categories=(Category.DRIFTSMIDLER,),
    )
    assert () == result.problems
    assert result.ledger is not None
    assert Unit.THOUSAND_DKK is result.ledger.unit
    assert [("Mentor", "BUU", "12", "03.22.01", Decimal(1200), Expiry.declining())] == [
        (a.title, a.committee, a.appropriation_no, a.function, a.amount, a.expiry)
        for a in result.ledger.appropriations
    ]


def test_a_bad_map_option_says_how_to_write_it_in_danish_and_english() -> None:
    """--map without '=' or with an unknown field is a ValueError naming the fields."""
    with pytest.raises(
        ValueError, match=r"^--map 'Tilbud': skriv KOLONNE=felt, fx 'Tilbud=title'$"
    ):
        parse_mapping(["Tilbud"])
    with (
        use_locale("en"),
        pytest.raises(ValueError, match=r"'titel' is not a field; use one of title, "),
    ):
        parse_mapping(["Tilbud=titel"])


def test_a_column_mapped_twice_to_different_fields_is_refused() -> None:
    """`--map Tilbud=title --map tilbud=organisation` kept the last silently, and the import
    then failed for want of a title column; it is refused naming both. The same field twice
    is harmless."""
    with pytest.raises(ValueError, match="allerede tilknyttet") as raised:
        parse_mapping(["Tilbud=title", "tilbud =organisation"])
    assert (
        "--map 'tilbud =organisation': kolonnen er allerede tilknyttet med --map 'Tilbud=title';"
        " angiv hver kolonne én gang"
    ) == str(raised.value)
    assert {"tilbud": "title"} == parse_mapping(["Tilbud=title", "Tilbud=title"])


def test_a_price_level_header_with_a_million_spaces_is_read_in_linear_time() -> None:
    """A header of "2016" and a million spaces not followed by "p/l": the old price-level pattern
    (two adjacent \\s*) was quadratic, hours at this size: a regression stops the suite."""
    header = "(1.000 kr. 2016" + " " * 1_000_000 + "x)"
    result = _table(f"{header}|2016|I alt\nA|500|500\n", categories=(Category.DRIFTSMIDLER,))
    assert result.ledger is not None
    assert None is result.ledger.price_level


def test_parse_fill_down_takes_text_fields_in_order_each_once() -> None:
    """`--fill-down` values: comma-separated, repeated, spaces around names ignored, each
    field once in the order first named."""
    from bevilling.interop.mapping import parse_fill_down

    assert ("description", "target_group", "committee") == parse_fill_down(
        ["description, target_group", "committee,description"]
    )


@pytest.mark.parametrize(
    ("items", "message"),
    [
        (["target_group,,source"], "'target_group,,source' har et tomt feltnavn (to kommaer i"
         " træk eller et komma i en af enderne); skriv felterne med ét komma imellem:"
         " target_group,source"),
        (["target_group,"], "'target_group,' har et tomt feltnavn (to kommaer i træk eller et"
         " komma i en af enderne); skriv felterne med ét komma imellem: target_group"),
        ([",source"], "',source' har et tomt feltnavn (to kommaer i træk eller et komma i en af"
         " enderne); skriv felterne med ét komma imellem: source"),
        (["target_group description"], "'target_group description' er ikke ét feltnavn: adskil"
         " felterne med komma, ikke mellemrum: target_group,description"),
        (["Målgruppe,sorce"], "'Målgruppe' er ikke et felt, der kan udfyldes nedad; mente du"
         " target_group?; 'sorce' er ikke et felt, der kan udfyldes nedad; mente du source?"),
    ],
)  # fmt: skip
def test_empty_names_spaces_and_every_bad_name_are_said(items: list[str], message: str) -> None:
    """Attack 6, finding 11: `--fill-down 'target_group,,source'` and a trailing comma were
    accepted silently (empty items dropped) while `--fill-down ''` is an error; `--fill-down
    'target_group description'` said "did you mean target_group?" (following it drops
    description); only the first bad name was reported.  An empty name is an error like an
    empty list, names separated by spaces are told to take commas, every bad name is said."""
    from bevilling.interop.mapping import parse_fill_down

    with pytest.raises(ValueError, match=r".") as raised:
        parse_fill_down(items)
    assert message == str(raised.value)


@pytest.mark.parametrize(
    ("name", "guess"),
    [("Målgruppe", "target_group"), ("Org.", "organisation"), ("Beskrivelse", "description"),
     ("udvalg", "committee"), ("Target Group", "target_group"), ("appropriation-no",
     "appropriation_no"), ("sorce", "source")],
)  # fmt: skip
def test_a_name_that_is_not_a_field_names_the_field_meant(name: str, guess: str) -> None:
    """A Danish header, spaces or hyphens for underscores, a capital or a typo: the message
    asks "did you mean" the text field."""
    from bevilling.interop.mapping import fill_down_error

    assert (
        f"{name!r} er ikke et felt, der kan udfyldes nedad; mente du {guess}?"
        == fill_down_error(name)
    )


def test_only_text_fields_can_be_filled_down_from_python() -> None:
    """`ImportOptions(fill_down=("title",))` is an import-options error at the input (a title
    is never taken from the row above), not silently ignored."""
    result = _table(
        """
        Formål/overskrift|Beløb i tusinder|Udløb
        A|500|2016
        """,
        categories=(Category.DRIFTSMIDLER,),
        fill_down=("title", "description"),
    )
    assert (None, [("import-options", 0)]) == (result.ledger, _codes(result))
    assert (
        "udfyld kun tekstfelter nedad: target_group, organisation, description, source,"
        " committee, appropriation_no, function" == result.problems[0].hint
    )


# --- what a caption states (session 6: header against caption) -------------------------------


@pytest.mark.parametrize(
    ("caption", "unit", "level"),
    [
        ("Tabel 2: Udgifter til service (1.000 kr. – 2017 p/l)", Unit.THOUSAND_DKK, 2017),
        ("Tabel 2: Udgifter til service (mio. kr., 2017 p/l)", Unit.MILLION_DKK, 2017),
        ("Tabel 2: Udgifter (1.000 kr.)", Unit.THOUSAND_DKK, None),
        ("Tabel 2: Udgifter (t.kr.)", Unit.THOUSAND_DKK, None),
        ("Tabel 2: Udgifter (kr.)", Unit.DKK, None),
        ("Tabel 8: Særindsatser, mio. kr., 2016 p/l", Unit.MILLION_DKK, 2016),
        ("Tabel 2: Udgifter i 1.000 kr.", Unit.THOUSAND_DKK, None),
        ("Table 2: Spending (DKK million, 2017 p/l)", Unit.MILLION_DKK, 2017),
        ("Tabel 2: Udgifter (1.000 kr., løbende priser)", Unit.THOUSAND_DKK, None),
        ("Tabel 2: Udgifter (beløb i 1.000 kr.)", Unit.THOUSAND_DKK, None),
        ("Table 2: Spending (1,000 DKK, current prices)", Unit.THOUSAND_DKK, None),
        # An amount mentioned, not a unit stated: the loose reading took these as units.
        ("Tabel 4: Tilskud på 500 kr. pr. deltager", None, None),
        ("Tabel 2: Tilskud på 2 mio. kr. til rådgivning", None, None),
        ("Tabel 3: Tusindvis af borgere i fleksjob", None, None),
        ("Tabel 2: Udgifter (jf. bilag 2, mio. kr.)", None, None),
        ("Tabel 2 (Eksempel)", None, None),
        ("Tabel 2: Udgifter 2017 p/l", None, 2017),
    ],
)
def test_a_caption_states_a_unit_only_the_way_captions_do(
    caption: str, unit: Unit | None, level: int | None
) -> None:
    """A caption states its unit in brackets that hold nothing else ("(mio. kr., 2017 p/l)"),
    or at its end after a comma, colon, dash or "i" ("…, mio. kr.", "… i 1.000 kr."); one that
    merely mentions an amount ("Tilskud på 500 kr. pr. deltager", "2 mio. kr. til …") states
    none, so it is neither read as the table's unit nor held against the header's.  "2017 p/l"
    is a price level wherever it stands."""
    from bevilling.interop.mapping import stated_in_caption

    stated = stated_in_caption(caption)
    assert (unit, level) == (stated.unit, stated.price_level)
    assert ((unit,) if unit else (), (level,) if level else ()) == (
        stated.units, stated.price_levels,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("caption", "units", "levels"),
    [
        ("Tabel 2: Udgifter (1.000 kr.), heraf anlæg (mio. kr.)",
         (Unit.THOUSAND_DKK, Unit.MILLION_DKK), ()),
        ("Tabel 2: Udgifter (1.000 kr., 2016 p/l), omregnet til 2017 p/l",
         (Unit.THOUSAND_DKK,), (2016, 2017)),
        ("Tabel 2: Udgifter (1.000 kr.) (t.kr.)", (Unit.THOUSAND_DKK,), ()),
    ],
)  # fmt: skip
def test_a_caption_keeps_every_unit_and_price_level_it_states(
    caption: str, units: tuple[Unit, ...], levels: tuple[int, ...]
) -> None:
    """`stated_in_caption` keeps every unit and price level stated (each once), not the first
    only: two different ones are the import's `import-header-conflict`."""
    from bevilling.interop.mapping import stated_in_caption

    stated = stated_in_caption(caption)
    assert (units, levels) == (stated.units, stated.price_levels)


def test_a_hostile_caption_is_read_in_linear_time() -> None:
    """A caption of a million brackets, commas or spaces is read at once (each pattern is
    linear; the caption is cut to 1 000 characters)."""
    from bevilling.interop.mapping import Stated, stated_in_caption

    for caption in ("(" * 10**6, "Tabel 1: " + ", " * 10**6 + "kr.", "Tabel 1 " + " " * 10**6):
        assert Stated(None, None) == stated_in_caption(caption)


def test_the_amount_column_states_the_price_level() -> None:
    """A header of "Beløb (1.000 kr., 2017 p/l)" over the amounts states the unit AND the price
    level: the price level was read only from a column that maps to no field, so the ledger
    got none, and a caption's "2016 p/l" could not be held against it."""
    table = """
        Titel|Beløb (1.000 kr., 2017 p/l)|Udløb
        Mentor|1.200|2016
        """
    result = _table(table, categories=(Category.DRIFTSMIDLER,))
    assert result.ledger is not None
    assert (Unit.THOUSAND_DKK, 2017) == (result.ledger.unit, result.ledger.price_level)
    conflict = _table(
        "\nTabel 2: Mentorer (1.000 kr., 2016 p/l)\n" + textwrap.dedent(table).lstrip("\n"),
        categories=(Category.DRIFTSMIDLER,),
    )
    assert None is conflict.ledger
    assert ["import-caption-conflict"] == [p.code for p in conflict.problems]


@pytest.mark.parametrize(
    ("text", "units"),
    [
        ("Beløb i tusinder", (Unit.THOUSAND_DKK,)),
        ("Beløb (1.000 kr.)", (Unit.THOUSAND_DKK,)),
        ("Beløb (kr.)", (Unit.DKK,)),
        ("Mio. kr.", (Unit.MILLION_DKK,)),
        ("Beløb (1.000 kr. / mio. kr.)", (Unit.MILLION_DKK, Unit.THOUSAND_DKK)),
        ("Beløb", ()),
    ],
)
def test_units_in_names_every_unit_of_a_header(text: str, units: tuple[Unit, ...]) -> None:
    """`units_in` names every unit a header states (kroner only when it names no other: "1.000
    kr." is one unit); `unit_in` the first of them."""
    from bevilling.interop.mapping import unit_in, units_in

    assert (units, units[0] if units else None) == (units_in(text), unit_in(text))


def test_the_header_keeps_every_unit_and_price_level_its_amount_columns_state() -> None:
    """`read_header` keeps (column, text, value) of every unit and price level stated over
    amounts (title, amount and year columns), not the last one; text columns and columns
    left out state nothing."""
    from bevilling.interop.mapping import read_header
    from bevilling.interop.tables import Cell, RawLine

    texts = [
        "Mio. kr. 2016 p/l",
        "2016",
        "Beløb i alt (1.000 kr., 2017 p/l)",
        "Kilde (kr.)",
        "X (kr.)",
    ]
    line = RawLine(3, tuple(Cell(t) for t in texts))
    header, problems = read_header(line, "t.txt", {"x (kr.)": "-", "kilde (kr.)": "source"})
    assert [] == problems
    assert (
        ((0, texts[0], Unit.MILLION_DKK), (2, texts[2], Unit.THOUSAND_DKK)),
        ((0, texts[0], 2016), (2, texts[2], 2017)),
    ) == (header.stated_units, header.stated_levels)
    assert (Unit.MILLION_DKK, 2016) == (header.unit, header.price_level)
