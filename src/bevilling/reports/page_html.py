"""The HTML page of ``bevilling report``: sections of tables, charts and findings, one file.

A page is a list of :class:`Section`; a section is a heading and blocks: :class:`HtmlTable`
(made from any report's :class:`~bevilling.reports.table.Grid` by :func:`grid_table`),
:class:`Figure` (a chart with its text alternative, beside the table of its data),
:class:`Findings` (the audit), :class:`Facts` (term and value pairs) and :class:`Paragraph`.
To add a section for a new report, build its grid and call :func:`grid_section`, then add it
to the list :func:`sections` returns.

The page is written by a jinja2 template (``templates/page.html``) with autoescaping on:
every text, a ledger's or bevilling's own, is HTML-escaped there, and ledger text is first
passed through :func:`bevilling.core.text.visible` (control characters as visible escapes).
The only markup not escaped is the charts' SVG, which matplotlib writes and escapes itself.
The CSS is inline; there is no script and no link to anything outside the file.

jinja2 and matplotlib are the ``report`` extra, imported only when a page is rendered.

Imports :mod:`bevilling.reports.page`, ``charts``, ``expiring``, ``timeline``, ``totals``,
``table`` and ``filters``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from bevilling.core.problems import MissingExtraError, Problem, Severity
from bevilling.core.text import visible, xml_safe
from bevilling.i18n.catalogs import catalog
from bevilling.reports.charts import Chart, timeline_chart, totals_chart
from bevilling.reports.expiring import expiring_grid
from bevilling.reports.filters import scope_parts
from bevilling.reports.followup import followup_grid
from bevilling.reports.page import Page, Provenance
from bevilling.reports.table import Grid, Label
from bevilling.reports.timeline import timeline_grid
from bevilling.reports.totals import Totals, totals_grid

if TYPE_CHECKING:
    from bevilling.audit import Report

_, _n = catalog(__name__)

__all__ = [
    "Facts",
    "Figure",
    "FindingRow",
    "Findings",
    "HtmlTable",
    "Paragraph",
    "Section",
    "grid_section",
    "grid_table",
    "render_page",
    "sections",
]

#: Where the template and the style sheet live.
TEMPLATES = Path(__file__).resolve().parent / "templates"


#: A word longer than this gets a break opportunity (``<wbr>``) every BREAK_EVERY characters,
#: so that a table holding it still fits the page's width (paper cannot scroll); copied text
#: stays as written.
LONG_WORD = 40
BREAK_EVERY = 10
_LONG_WORD = re.compile(rf"[^\s]{{{LONG_WORD + 1},}}")


def _markupsafe() -> Any:
    try:
        import markupsafe
    except ImportError:
        raise MissingExtraError(_extra_message()) from None
    return markupsafe


def _extra_message() -> str:
    return _(
        "the HTML report needs matplotlib and jinja2: install the report extra with"
        " pip install 'bevilling[report]'"
    )


def _plain(value: str) -> str:
    """Ledger text as it is copied from the page: control characters (and what XML cannot
    hold) as visible escapes; the template escapes the rest.  For file names and codes."""
    return visible(xml_safe(value))


def _text(value: str) -> str:
    """Ledger text for a table cell or a paragraph: :func:`_plain`, and a word longer than
    :data:`LONG_WORD` characters gets a ``<wbr>`` every :data:`BREAK_EVERY` characters (the
    returned ``Markup`` is escaped already)."""
    text = _plain(value)
    if not _LONG_WORD.search(text):
        return text
    markupsafe = _markupsafe()
    pieces: list[str] = []
    position = 0
    for match in _LONG_WORD.finditer(text):
        pieces.append(markupsafe.escape(text[position : match.start()]))
        word = match.group(0)
        chunks = [
            markupsafe.escape(word[i : i + BREAK_EVERY]) for i in range(0, len(word), BREAK_EVERY)
        ]
        pieces.append(markupsafe.Markup("<wbr>").join(chunks))
        position = match.end()
    pieces.append(markupsafe.escape(text[position:]))
    joined: str = markupsafe.Markup("").join(pieces)
    return joined


@attrs.frozen(kw_only=True)
class HtmlTable:
    """A table: caption, headers, rows of text (amounts already formatted), total, notes."""

    kind: ClassVar[str] = "table"
    id: str
    caption: str
    headers: tuple[str, ...]
    numeric: tuple[bool, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()
    row_headers: bool = True
    """The first cell of each row names the row (``<th scope="row">``)."""
    paths: tuple[bool, ...] = ()
    """Per column: file names, which may break anywhere (empty: none)."""

    @property
    def total_span(self) -> int:
        """How many columns the total row's label spans: it and the empty cells after it."""
        if not self.total:
            return 1
        span = 1
        while span < len(self.total) and not self.total[span] and not self.numeric[span]:
            span += 1
        return span


@attrs.frozen(kw_only=True)
class Figure:
    """A chart, its text alternative, and the id of the table that holds its data."""

    kind: ClassVar[str] = "figure"
    chart: Chart
    table_id: str


@attrs.frozen(kw_only=True)
class Paragraph:
    """A paragraph; ``tone`` ``warning`` or ``error`` makes it a notice box."""

    kind: ClassVar[str] = "paragraph"
    text: str
    tone: str = ""


@attrs.frozen(kw_only=True)
class Facts:
    """Term and value pairs (a two-column table with row headers)."""

    kind: ClassVar[str] = "facts"
    caption: str
    """The table's caption; empty: the section's heading names the table."""
    pairs: tuple[tuple[str, str], ...]


@attrs.frozen(kw_only=True)
class FindingRow:
    """One finding of the audit, as the page shows it."""

    severity: str
    """``error``, ``warning`` or ``accepted`` (the CSS class)."""
    severity_text: str
    code: str
    location: str
    message: str
    excerpt: str
    hint: str
    accepted: str


@attrs.frozen(kw_only=True)
class Findings:
    """Every finding of the audit: errors first, then warnings, then accepted findings."""

    kind: ClassVar[str] = "findings"
    id: str
    caption: str
    headers: tuple[str, ...]
    rows: tuple[FindingRow, ...]


Block = HtmlTable | Figure | Paragraph | Facts | Findings


@attrs.frozen(kw_only=True)
class Section:
    """A part of the page, with its anchor in the page's table of contents."""

    id: str
    heading: str
    blocks: tuple[Block, ...]


def _amount(value: Decimal, locale: str, places: int) -> str:
    from bevilling.i18n.formatting import format_amount

    return format_amount(value, locale, places=places)


def _cell(cell: object, locale: str, places: int) -> str:
    if cell is None:
        return ""
    if isinstance(cell, Decimal):
        return _amount(cell, locale, places)
    if isinstance(cell, Label):
        return str(cell)
    return _text(str(cell))


def grid_table(grid: Grid, table_id: str, locale: str, *, caption: str | None = None) -> HtmlTable:
    """Any report's grid as a table of the page (the grid's title is its caption)."""
    title = "".join(text if trusted else _plain(text) for text, trusted in grid.title).strip()
    return HtmlTable(
        id=table_id,
        caption=caption if caption is not None else title,
        headers=tuple(grid.headers),
        numeric=tuple(grid.numeric),
        rows=tuple(tuple(_cell(c, locale, grid.places) for c in row) for row in grid.rows),
        total=(
            tuple(_cell(c, locale, grid.places) for c in grid.total)
            if grid.total is not None
            else None
        ),
        notes=tuple(grid.notes),
    )


def grid_section(
    section_id: str,
    heading: str,
    grid: Grid,
    locale: str,
    *,
    intro: Sequence[str] = (),
    chart: Chart | None = None,
) -> Section:
    """A section from a report's grid: heading, intro paragraphs, the chart (if any) and the
    table of its data.  How a new report (follow-up, price levels) joins the page."""
    table = grid_table(grid, f"{section_id}-table", locale)
    blocks: list[Block] = [Paragraph(text=text) for text in intro]
    if chart is not None:
        blocks.append(Figure(chart=chart, table_id=table.id))
    blocks.append(table)
    return Section(id=section_id, heading=heading, blocks=tuple(blocks))


# --- the sections of the page ---------------------------------------------------------------


def _severity(problem: Problem, locale: str) -> tuple[str, str]:
    if problem.accepted is not None:
        return "accepted", _("accepted", locale=locale)
    if problem.severity is Severity.ERROR:
        return "error", _("error", locale=locale)
    return "warning", _("warning", locale=locale)


def _findings(page: Page, locale: str) -> Section:
    from bevilling.audit import excerpt

    report = page.audit
    order = {"error": 0, "warning": 1, "accepted": 2}
    rows = []
    for problem in report.problems:
        kind, word = _severity(problem, locale)
        rows.append(
            FindingRow(
                severity=kind,
                severity_text=word,
                code=_plain(problem.code),
                location=_plain(str(problem.location)),
                message=_text(problem.message),
                excerpt=xml_safe(excerpt(problem, page.sources, locale)),
                hint=_text(problem.hint or "") if problem.accepted is None else "",
                accepted=_text(problem.accepted or ""),
            )
        )
    rows.sort(key=lambda row: order[row.severity])
    facts = Facts(
        caption=_("Summary of the check", locale=locale),
        pairs=(
            (_("Ledger files", locale=locale), str(len(report.files))),
            (_("Appropriations", locale=locale), str(report.appropriations)),
            (_("Errors", locale=locale), str(report.errors)),
            (_("Warnings", locale=locale), str(report.warnings)),
            (_("Accepted findings", locale=locale), str(report.accepted)),
        ),
    )
    blocks: list[Block] = [facts]
    if report.valid:
        verdict = _(
            "The ledgers pass the check: no unaccepted errors.",
            locale=locale,
        )
        blocks.insert(0, Paragraph(text=verdict))
    else:
        verdict = _n(
            "The ledgers have {count} unaccepted error: the figures may be wrong until it is"
            " fixed or accepted in the ledger with a reason.",
            "The ledgers have {count} unaccepted errors: the figures may be wrong until they"
            " are fixed or accepted in the ledger with a reason.",
            report.errors,
            locale=locale,
            count=report.errors,
        )
        blocks.insert(0, Paragraph(text=verdict, tone="error"))
    if rows:
        blocks.append(
            Findings(
                id="findings-table",
                caption=_("Every finding, errors first", locale=locale),
                headers=(
                    _("Severity", locale=locale),
                    _("Code and place", locale=locale),
                    _("Finding", locale=locale),
                ),
                rows=tuple(rows),
            )
        )
    else:
        blocks.append(Paragraph(text=_("No findings.", locale=locale)))
    return Section(id="check", heading=_("Check", locale=locale), blocks=tuple(blocks))


def _expiring(page: Page, locale: str) -> Section:
    from bevilling.i18n.formatting import label

    result = page.expiring
    assert result is not None  # noqa: S101 - only called when the figures are there
    blocks: list[Block] = [
        grid_table(expiring_grid(result, locale), "expiring-table", locale),
    ]
    if result.open_rows:
        # The open table's own totals: the unspent total was the expiring rows' (4.669 under
        # rows of -229 and -4.000).
        opened = attrs.evolve(
            result,
            rows=result.open_rows,
            total=result.open_total,
            open_rows=(),
            unspent_total=result.open_unspent_total,
        )
        grid = attrs.evolve(expiring_grid(opened, locale), notes=())
        blocks.append(grid_table(grid, "open-table", locale, caption=label("open_heading", locale)))
    return Section(
        id="expiring",
        heading=_("Expiring in {year}", locale=locale, year=page.year),
        blocks=tuple(blocks),
    )


def _timeline(page: Page, locale: str) -> Section:

    result = page.timeline
    assert result is not None  # noqa: S101 - only called when the figures are there
    chart = timeline_chart(result, locale) if result.years else None
    return grid_section(
        "timeline",
        _("Available and lapsing per year", locale=locale),
        timeline_grid(result, locale),
        locale,
        intro=(
            _(
                "Per year: what is available, and how much of it lapses with the year (the"
                " funding cliff: what lapses in a year is gone the next). Appropriations"
                " without a profile are counted in their expiry year only; those without a"
                " fixed expiry are on rows of their own.",
                locale=locale,
            ),
        ),
        chart=chart,
    )


def _totals_blocks(result: Totals, name: str, locale: str) -> list[Block]:
    grid = totals_grid(result, locale)
    table = grid_table(grid, f"{name}-table", locale)
    blocks: list[Block] = []
    if result.groups:
        labels = [str(row[0]) for row in grid.rows]
        chart = totals_chart(result, labels, locale, f"{name}-chart", table.caption)
        blocks.append(Figure(chart=chart, table_id=table.id))
    blocks.append(table)
    return blocks


def _totals(page: Page, locale: str) -> Section:
    assert page.by_category is not None  # noqa: S101 - only called with the figures
    assert page.by_target_group is not None  # noqa: S101
    blocks = [
        *_totals_blocks(page.by_category, "by-category", locale),
        *_totals_blocks(page.by_target_group, "by-target-group", locale),
    ]
    return Section(id="totals", heading=_("Totals", locale=locale), blocks=tuple(blocks))


def _withheld(page: Page, locale: str) -> Section:
    text = _n(
        "The figures are left out: the ledgers have {count} unaccepted error (see Check),"
        " so totals and expiries would be wrong. Fix it, accept it in the ledger with a"
        " reason, or make the page with --allow-errors.",
        "The figures are left out: the ledgers have {count} unaccepted errors (see Check),"
        " so totals and expiries would be wrong. Fix them, accept them in the ledger with a"
        " reason, or make the page with --allow-errors.",
        page.audit.errors,
        locale=locale,
        count=page.audit.errors,
    )
    return Section(
        id="figures",
        heading=_("Figures", locale=locale),
        blocks=(Paragraph(text=text, tone="error"),),
    )


def _revision(info: Provenance, locale: str) -> str:
    if not info.revision:
        return _("not in git", locale=locale)
    if info.uncommitted:
        return _(
            "{commit}, with changes to the ledgers not yet committed",
            locale=locale,
            commit=_plain(info.revision),
        )
    return _plain(info.revision)


def _price_refusal(page: Page, locale: str) -> Section:
    text = _(
        "The figures are left out: {reason}.",
        locale=locale,
        reason=_plain(page.price_refusal or "").rstrip("."),
    )
    return Section(
        id="figures",
        heading=_("Figures", locale=locale),
        blocks=(Paragraph(text=text, tone="error"),),
    )


def _provenance(page: Page, locale: str) -> Section:
    from bevilling.i18n.formatting import label, unit_words

    info = page.provenance
    headers = (
        _("File", locale=locale),
        label("title", locale),
        label("document", locale),
        label("phase", locale),
        label("unit", locale),
        label("price_level", locale),
        _("Tables", locale=locale),
        _("Appropriations", locale=locale),
    )
    rows = [
        (
            _plain(ledger.file),
            _text(ledger.title),
            _text(ledger.document),
            label(ledger.phase.value, locale),
            unit_words(ledger.unit.value, locale),
            f"{ledger.price_level} p/l" if ledger.price_level is not None else "",
            str(ledger.tables),
            str(ledger.appropriations),
        )
        for ledger in info.ledgers
    ]
    not_loaded = _("not loaded (see Check)", locale=locale)
    rows += [(_plain(file), not_loaded, "", "", "", "", "", "") for file in info.unloaded]
    ledgers = HtmlTable(
        id="ledgers-table",
        caption=_("Ledger files", locale=locale),
        headers=headers,
        numeric=(False,) * 6 + (True, True),
        rows=tuple(rows),
        paths=(True,) + (False,) * 7,
    )
    scope = "".join(
        text if trusted else _text(text) for text, trusted in scope_parts(page.filter, locale)
    )
    made = info.made_at.strftime("%Y-%m-%d %H:%M %Z").strip() if info.made_at else ""
    pairs = [
        (_("Figures cover", locale=locale), scope.strip("()")),
        (_("Git revision", locale=locale), _revision(info, locale)),
        (_("Made", locale=locale), made or _("not recorded", locale=locale)),
        (_("Made with", locale=locale), f"bevilling {info.version}"),
    ]
    facts = Facts(caption=_("How the page was made", locale=locale), pairs=tuple(pairs))
    return Section(
        id="provenance",
        heading=_("Where the figures come from", locale=locale),
        blocks=(ledgers, facts),
    )


def _counts(report: Report, locale: str) -> str:
    """``0 fejl, 3 advarsler, 1 accepteret``: the audit's counts."""
    errors = _n(
        "{count} error", "{count} errors", report.errors, locale=locale, count=report.errors
    )
    warnings = _n(
        "{count} warning", "{count} warnings", report.warnings, locale=locale,
        count=report.warnings,
    )  # fmt: skip
    accepted = _n(
        "{count} accepted", "{count} accepted", report.accepted, locale=locale,
        count=report.accepted,
    )  # fmt: skip
    return f"{errors}, {warnings}, {accepted}"


def _price_levels(page: Page, locale: str) -> str:
    """The price level of every figure: converted to one (``2017 p/l, omregnet``), the one
    the ledgers state (``2016 p/l``), mixed (with a warning), or not stated."""
    from bevilling.reports.prices import prices_warning

    prices = page.prices
    if prices is not None and prices.mixed:
        return prices_warning(prices, locale) or ""
    if prices is not None and prices.target is not None:
        return _(
            "{year} p/l (every figure converted with the price index: {source})",
            locale=locale,
            year=prices.target,
            source=_plain(prices.index_source or ""),
        )
    levels = [f"{year} p/l" for year in page.price_levels if year is not None]
    unstated = None in page.price_levels
    if not levels:
        return _("not stated in the ledgers", locale=locale)
    if len(levels) == 1 and not unstated:
        return levels[0]
    if unstated:
        levels.append(_("not stated", locale=locale))
    return _(
        "mixed: {levels}; the sums add kroner of different years (see Check)",
        locale=locale,
        levels=", ".join(levels),
    )


def _overview(page: Page, locale: str) -> Section:
    pairs: list[tuple[str, str]] = []
    result = page.expiring
    if result is not None:
        from bevilling.i18n.formatting import label, unit_abbreviation

        unit = unit_abbreviation(result.unit.value, locale)
        pairs.append(
            (
                _("Expiring in {year}", locale=locale, year=page.year),
                f"{_amount(result.total, locale, result.places)} {unit}",
            )
        )
        pairs.append(
            (
                _("Without fixed expiry", locale=locale),
                f"{_amount(result.open_total, locale, result.places)} {unit}",
            )
        )
        pairs.append((label("price_level", locale), _price_levels(page, locale)))
    report = page.audit
    pairs.append(
        (
            _("Check", locale=locale),
            _counts(report, locale),
        )
    )
    blocks: list[Block] = [Facts(caption="", pairs=tuple(pairs))]
    if page.allow_errors:
        blocks.insert(
            0,
            Paragraph(
                tone="error",
                text=_(
                    "Made with --allow-errors: the ledgers have unaccepted errors (see Check),"
                    " so the figures on this page may be wrong.",
                    locale=locale,
                ),
            ),
        )
    return Section(id="overview", heading=_("At a glance", locale=locale), blocks=tuple(blocks))


def sections(page: Page, locale: str) -> list[Section]:
    """The sections of the page, in order: overview, check, the figures (the follow-up when
    spending or changes are recorded), provenance."""
    found = [_overview(page, locale), _findings(page, locale)]
    if page.figures_withheld:
        found.append(_withheld(page, locale))
    elif page.price_refusal is not None:
        found.append(_price_refusal(page, locale))
    else:
        found += [_expiring(page, locale), _timeline(page, locale), _totals(page, locale)]
        if page.followup is not None:
            found.append(
                grid_section(
                    "followup",
                    _("Follow-up {year}", locale=locale, year=page.year),
                    followup_grid(page.followup, locale),
                    locale,
                    intro=(
                        _(
                            "Per appropriation, for the year: what was granted, the changes"
                            " decided since, what is spent, what remains, and what of it"
                            " lapses with the year.",
                            locale=locale,
                        ),
                    ),
                )
            )
    found.append(_provenance(page, locale))
    return found


def _environment() -> Any:
    try:
        import jinja2
    except ImportError:
        raise MissingExtraError(_extra_message()) from None
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_page(page: Page, *, locale: str = "da", extra: Sequence[Section] = ()) -> str:
    """``page`` as one self-contained HTML document (inline CSS and SVG, no script).

    ``extra`` sections go before the provenance section.  Raises
    :class:`~bevilling.core.problems.MissingExtraError` when jinja2 or matplotlib is missing.
    """
    from markupsafe import Markup

    environment = _environment()
    parts = sections(page, locale)
    parts[-1:-1] = list(extra)
    template = environment.get_template("page.html")
    return str(
        template.render(
            lang=locale,
            title=_("Appropriations report {year}", locale=locale, year=page.year),
            subtitle=_(
                "The check of the ledgers, what expires in {year}, the years ahead and the totals.",
                locale=locale,
                year=page.year,
            ),
            contents=_("Contents", locale=locale),
            sections=parts,
            style=Markup((TEMPLATES / "page.css").read_text(encoding="utf-8")),  # noqa: S704
            svg=lambda chart: Markup(chart.svg),  # noqa: S704 - matplotlib's escaped SVG
            excerpt_label=_("Excerpt", locale=locale),
            hint_label=_("Hint", locale=locale),
            reason_label=_("Accepted because", locale=locale),
            data_label=_("The chart's figures are in the table below it.", locale=locale),
        )
    )
