"""A price index file (``format: bevilling-index/1``) → :class:`~bevilling.core.prices.PriceIndex`.

The loader hands a file here when its ``format:`` says it is a price index, so that an index
kept in the ledger folder is read with the ledgers (``bevilling check ledger/``).  It is read
with the same safety as a ledger: the YAML tree of :mod:`~bevilling.read.yamltree` (no
implicit typing, no aliases or tags), every value from the text the user wrote, ``file:line``
on everything.  The structure (keys, types, years) is checked here; the values themselves (a
number, positive, each year once) are checked by ``bevilling check``
(:mod:`bevilling.audit.prices`), so that every line of the index is reported, not only the
first bad one.
"""

from __future__ import annotations

from collections.abc import Sequence

from bevilling.core.model import NumberFormat
from bevilling.core.money import AmountSyntaxError
from bevilling.core.prices import INDEX_FORMAT
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog
from bevilling.read import yamltree as yt
from bevilling.read.values import ValueReader, is_null, read_amount

# typing.TYPE_CHECKING without importing typing (start-up); mypy honours the name.
TYPE_CHECKING = False

if TYPE_CHECKING:
    from bevilling.core.prices import PriceIndex

__all__ = ["INDEX_KEYS", "one_index", "read_index"]

_, _n = catalog(__name__)

#: The keys of a price index file.
INDEX_KEYS = ("format", "title", "source", "values")


def read_index(reader: ValueReader, root: yt.Mapping) -> PriceIndex | None:
    """The price index in ``root`` (a mapping whose ``format`` is the index format); problems
    go to ``reader``.  None when a required part is missing or malformed."""
    # Only now: the price index classes are built on first use (start-up).
    from bevilling.core.prices import IndexEntry, PriceIndex

    first_key, first_line, _value = root.pairs[0]
    if first_key != "format":
        reader.report(
            "bad-format",
            first_line,
            _(
                "`format: {format}` must be the first key of a price index, before `{key}`",
                format=INDEX_FORMAT,
                key=first_key,
            ),
            _("move the `format:` line to the top of the file"),
        )
    fields = reader.fields(root, "price index", INDEX_KEYS)
    if fields is None:  # pragma: no cover - root is a mapping
        return None
    title = reader.text(fields.get("title"), "title")
    source = reader.text(fields.get("source"), "source")
    if source is None:
        reader.report(
            "missing-field",
            fields.get("source") or root,
            _("a price index needs `source`: where its figures come from"),
            _(
                "add `source:` naming the edition and date of the figures, e.g. `source: KL's"
                " pris- og lønskøn, juni 2016`"
            ),
        )
    values_node = fields.get("values")
    entries: list[IndexEntry] = []
    if values_node is None or is_null(values_node):
        reader.report(
            "missing-field",
            values_node or root,
            _("a price index needs `values`: the index value of each year"),
            _("add `values:` with one `year: value` line per year, e.g. `2016: 100.0`"),
        )
        return None
    if not isinstance(values_node, yt.Mapping):
        reader.wrong_type(values_node, "values", "index values")
        return None
    for year_text, year_line, value_node in values_node.pairs:
        year = reader.year(yt.Scalar(year_text, year_line, year_line, True), "values year")
        if not isinstance(value_node, yt.Scalar):
            reader.wrong_type(value_node, f"values {year_text}", "number")
            continue
        if year is None:
            continue
        text = value_node.value
        try:
            value = None if value_node.is_null else read_amount(text, NumberFormat.PLAIN)
        except AmountSyntaxError as error:
            if error.code == "amount-out-of-range":  # a number, but too long: say so
                from bevilling.i18n.formatting import amount_error_text

                message, _hint = amount_error_text(error)
                reader.report(
                    error.code,
                    value_node,
                    _("`{key}`: {problem}", key=f"values {year_text}", problem=message),
                    _("check the index value against the source: a digit may be written twice"),
                )
                continue
            value = None
        entries.append(IndexEntry(year, text, value, Location(reader.file, value_node.line)))
    if not values_node.pairs:
        reader.report(
            "bad-value",
            values_node,
            _("`values` lists no years"),
            _("write one `year: value` line per year, e.g. `2016: 100.0`"),
        )
        return None
    if source is None:
        return None
    return PriceIndex(
        source=source,
        entries=tuple(entries),
        location=Location(reader.file, 1, root.end_line),
        title=title,
        values_line=next(line for key, line, _node in root.pairs if key == "values"),
    )


def one_index(indexes: Sequence[PriceIndex]) -> list[Problem]:
    """``multiple-price-indexes`` for every index file after the first: reports convert with
    one index, and two could disagree without anyone noticing."""
    return [
        Problem(
            "multiple-price-indexes",
            Severity.ERROR,
            _(
                "a second price index: {first} is one already; reports convert with one index",
                first=indexes[0].file,
            ),
            Location(index.file, 1),
            _(
                "keep one price index file among the paths (merge the years into it), or name"
                " the files to read instead of their folder"
            ),
        )
        for index in indexes[1:]
    ]
