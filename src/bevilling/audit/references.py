"""Checks of references: ids unique, function codes well formed, one price level."""

from __future__ import annotations

from collections.abc import Iterator

from bevilling.audit.locate import key_line
from bevilling.audit.rows import rows_of
from bevilling.audit.support import row_name
from bevilling.core.model import Appropriation, Ledger, LedgerSet
from bevilling.core.problems import Location, Problem, Severity
from bevilling.i18n.catalogs import catalog

_, _n = catalog(__name__)

__all__ = ["function_codes_are_well_formed", "ids_are_unique", "price_levels_agree"]


def _well_formed(code: str) -> bool:
    r"""Whether ``code`` is a function code: ``d.dd.dd`` with an optional ``.d``, digits 0-9
    (``[0-9]\.[0-9]{2}\.[0-9]{2}(?:\.[0-9])?\Z``, without compiling it: start-up)."""
    parts = code.split(".")
    return (
        code.isascii()
        and [len(part) for part in parts] in ([1, 2, 2], [1, 2, 2, 1])
        and all(part.isdigit() for part in parts)
    )


def ids_are_unique(ledgers: LedgerSet) -> Iterator[Problem]:
    """``duplicate-id``: every appropriation id is unique across the ledgers checked together."""
    rows = rows_of(ledgers)
    if not rows.repeated(rows.column("id")):
        return  # every id once (the common case), told by a C-level pass
    first: dict[str, Appropriation] = {}
    for a in rows.rows:
        if a.id in first:
            yield Problem(
                "duplicate-id",
                Severity.ERROR,
                _(
                    "the id {id} is also used at {location}",
                    id=repr(a.id),
                    location=first[a.id].location,
                ),
                Location(a.location.file, key_line(ledgers, a.location, "id")),
                _("give every row its own id: reports and `accepted:` entries refer to rows by it"),
            )
        else:
            first[a.id] = a


def function_codes_are_well_formed(ledgers: LedgerSet) -> Iterator[Problem]:
    """``bad-function-code``: a function code is written ``d.dd.dd`` with an optional ``.d``."""
    rows = rows_of(ledgers)
    # Each distinct code once: a ledger names a few hundred functions at most.
    bad = {
        code
        for code in set(rows.column("function"))
        if code is not None and not _well_formed(code.strip())
    }
    if not bad:
        return
    for a in rows.rows:
        if a.function in bad:
            yield Problem(
                "bad-function-code",
                Severity.ERROR,
                _(
                    "{row}: the function code {code} is not of the form d.dd.dd or d.dd.dd.d",
                    row=row_name(a),
                    code=repr(a.function),
                ),
                Location(a.location.file, key_line(ledgers, a.location, "function")),
                _(
                    "write the municipal function code as printed in the budget, e.g. 6.45.53"
                    " or 6.45.53.1"
                ),
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
                _(
                    "the amounts are at {level} p/l, but {file} is at {first_level} p/l: totals"
                    " across these ledgers mix price levels",
                    level=ledger.price_level,
                    file=first.file,
                    first_level=first.price_level,
                ),
                Location(ledger.file, key_line(ledgers, ledger.location, "price_level")),
                _(
                    "convert to one price level in the reports (`--price-level YEAR`, with a"
                    " price index beside the ledgers), or report on ledgers of one price level"
                    " together; accept it with `code: mixed-price-levels` if you know the sums"
                    " are indicative"
                ),
            )
