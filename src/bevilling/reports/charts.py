"""The charts of the HTML page (``bevilling report``), drawn by matplotlib as inline SVG.

- :func:`timeline_chart`: per year two stacked columns, what is available and what of it
  lapses with the year (the funding cliff), one colour per category, with the figures on the
  columns;
- :func:`totals_chart`: a horizontal bar per group of a :func:`~bevilling.reports.totals`
  result, with its amount at the end of the bar.

matplotlib is the ``report`` extra (``pip install 'bevilling[report]'``) and is imported only
here, inside the functions, so that no other command pays for it; a missing install raises
:class:`~bevilling.core.problems.MissingExtraError` naming the extra.  Nothing is fetched:
the figure is drawn with matplotlib's own font metrics and written as SVG text (``<text>``
elements, so that the figures are text a reader can select and a screen reader can read).
Numbers on axes and bars are written by :func:`bevilling.i18n.formatting.format_amount`, so a
Danish page says ``44.321`` on its axis too.

Ledger text on a chart (target groups) passes :func:`bevilling.core.text.visible` and is drawn
without matplotlib's math parser (a ``$`` in a title is a dollar sign); matplotlib escapes it
as XML.  Every bar is a ``<g id="CHART-available-2016-driftsmidler">`` (ids from bevilling's
own words, never from a ledger), which is how the browser test measures the bars.  The
output is deterministic: no date, a fixed hash salt per chart for the SVG's internal ids.

Imports :mod:`bevilling.reports.timeline` and ``totals`` (their result types).
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from bevilling.core.model import Category
from bevilling.core.problems import MissingExtraError
from bevilling.core.text import visible, xml_safe
from bevilling.i18n.catalogs import catalog

if TYPE_CHECKING:
    from bevilling.reports.timeline import Timeline
    from bevilling.reports.totals import Totals

_, _n = catalog(__name__)

__all__ = ["CATEGORY_COLOURS", "Chart", "timeline_chart", "totals_chart"]

#: One colour per category (dark enough for white figures on it: contrast 4.5:1 or more).
CATEGORY_COLOURS = {
    Category.DRIFTSMIDLER: "#0b5394",
    Category.INDSATSMIDLER: "#a5510a",
    Category.SAERINDSATSER: "#38761d",
}
_CATEGORY_NAMES = {c.value for c in Category}
#: The colour of the bars of a totals chart (by category: the category's colour).
BAR_COLOUR = "#0b5394"
#: Text on the charts: the page's text colour.
INK = "#1a1a1a"
#: Labels longer than this are cut with "…" on a chart (the table beside has them whole).
LABEL_MAX = 40
#: A totals chart draws at most this many groups (the table beside lists them all).
MAX_BARS = 30
#: Above this many years, the figures inside the column segments are left out (they would
#: not fit); the totals on top stay up to MAX_TOP_LABELS years.
MAX_SEGMENT_LABELS = 12
MAX_TOP_LABELS = 30
#: A timeline chart draws at most this many years: beyond, only years with money, the first
#: of them (the table under the chart lists every year).
MAX_CHART_YEARS = 40

_PROLOGUE = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_SIZE = re.compile(r'<svg([^>]*?) width="([0-9.]+)pt" height="([0-9.]+)pt"')


@attrs.frozen(kw_only=True)
class Chart:
    """A chart ready for the page: its SVG markup and its text alternative."""

    id: str
    """The chart's id on the page (the bars' ids start with it)."""
    svg: str
    """The ``<svg>`` element, without XML prologue: trusted markup (matplotlib escaped every
    text in it)."""
    title: str
    """What the chart shows, in one line (the SVG's ``<title>``)."""
    description: str
    """The text alternative: what a reader who cannot see the chart should know."""


def _matplotlib() -> Any:
    try:
        import matplotlib
    except ImportError:
        raise MissingExtraError(
            _(
                "the HTML report needs matplotlib and jinja2: install the report extra with"
                " pip install 'bevilling[report]'"
            )
        ) from None
    return matplotlib


def _amount_formatter(locale: str, places: int) -> Callable[[float, int], str]:
    from bevilling.i18n.formatting import format_amount

    def tick(value: float, _position: int) -> str:
        number = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-min(places, 6)))
        return format_amount(number, locale, places=min(places, 6))

    return tick


def _short(text: str) -> str:
    text = visible(text, one_line=True)
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…"


def _tint(colour: str, share: float = 0.6) -> str:
    """``colour`` mixed with white (``share`` of white)."""
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * share) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _svg(figure: Any, chart_id: str, title: str) -> str:
    """The figure as an inline ``<svg>`` with a ``<title>``, scalable (viewBox, no fixed size)."""
    import html

    matplotlib = _matplotlib()
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    svg = _METADATA.sub("", _PROLOGUE.sub("", out.getvalue(), count=1), count=1)
    match = _SIZE.search(svg)
    width = match.group(2) if match else "600"
    svg = _SIZE.sub(
        rf'<svg\1 width="{width}pt" preserveAspectRatio="xMinYMin meet"'
        rf' class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title"'
        rf' style="max-width: {width}pt"',
        svg,
        count=1,
    )
    svg = _own_ids(svg, chart_id)
    head_end = svg.index(">") + 1
    heading = f'<title id="{chart_id}-title">{html.escape(xml_safe(title))}</title>'
    return svg[:head_end] + "\n " + heading + svg[head_end:]


_ID = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def _own_ids(svg: str, chart_id: str) -> str:
    """Every id of the SVG (matplotlib's ``figure_1``, ``axes_1``, ...) and every reference
    to one made unique on the page by the chart's id, so that three charts on one page never
    share an id."""
    prefix = f"{chart_id}-"

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        if name == chart_id or name.startswith(prefix):
            return match.group(0)
        return match.group(1) + prefix + name

    return _ID.sub(rename, svg)


def _figure(width: float, height: float) -> tuple[Any, Any]:
    _matplotlib()
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), layout="constrained")
    axes = figure.add_subplot()
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(colors=INK, labelcolor=INK)
    return figure, axes


def _ink_on(colour: str) -> str:
    """White or black text, whichever reads better on ``colour``."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
    return "#ffffff" if (1.05 / (luminance + 0.05)) >= 4.5 else INK


def _timeline_description(
    result: Timeline, years: list[int], amount: Callable[[Decimal], str], locale: str
) -> str:
    """The text alternative of the timeline chart: the years, the peak and the cliff."""
    from bevilling.i18n.formatting import label

    if not years:
        return label("no_appropriations", locale)
    peak = max(years, key=result.available)
    cliff = max(years, key=result.lapsing)
    description = _(
        "Column chart of the years {first} to {last}: per year, what is available (left"
        " column) and what of it lapses with the year (right column), stacked by"
        " category. The most is available in {peak}: {peak_amount}; the most lapses in"
        " {cliff}: {cliff_amount}.",
        first=years[0],
        last=years[-1],
        peak=peak,
        peak_amount=amount(result.available(peak)),
        cliff=cliff,
        cliff_amount=amount(result.lapsing(cliff)),
        locale=locale,
    )
    if len(years) < len(result.years):
        description += " " + _(
            "The chart shows {shown} of the {count} years, those with money; the table"
            " lists them all.",
            shown=len(years),
            count=len(result.years),
            locale=locale,
        )
    return description


def timeline_chart(result: Timeline, locale: str, chart_id: str = "timeline-chart") -> Chart:
    """Per year: a column of what is available, stacked by category, and beside it a lighter
    column of what lapses with the year; each column's total on top, each category's figure
    inside its segment when there is room.  Raises ``MissingExtraError`` without matplotlib."""
    _matplotlib()
    from matplotlib.patches import Patch

    from bevilling.i18n.formatting import format_amount
    from bevilling.reports.prices import price_amount_header

    years = list(result.years)
    if len(years) > MAX_CHART_YEARS:
        years = [y for y in years if result.available(y) or result.lapsing(y)][:MAX_CHART_YEARS]
    cells = {(c.year, c.category): c for c in result.cells}
    title = _("Available and lapsing per year, by category", locale=locale)
    figure, axes = _figure(min(11.0, max(6.0, 0.8 * len(years) + 2.5)), 4.2)
    width = 0.38
    largest = max([result.available(y) for y in years] + [Decimal(1)])
    room = float(largest) * 0.06  # a segment lower than this gets no figure inside

    def amount(value: Decimal) -> str:
        return format_amount(value, locale, places=result.places)

    for kind, offset in (("available", -width / 2), ("lapsing", width / 2)):
        up = [0.0] * len(years)
        down = [0.0] * len(years)
        for category in result.categories:
            colour = CATEGORY_COLOURS[category]
            fill = colour if kind == "available" else _tint(colour)
            values = [getattr(cells[y, category], kind) for y in years]
            heights = [float(v) for v in values]
            bottoms = [up[i] if h >= 0 else down[i] for i, h in enumerate(heights)]
            bars = axes.bar(
                [i + offset for i in range(len(years))],
                heights,
                width,
                bottom=bottoms,
                color=fill,
                edgecolor=colour if kind == "lapsing" else "#ffffff",
                linewidth=0.8,
            )
            for i, (bar, year) in enumerate(zip(bars, years, strict=True)):
                bar.set_gid(f"{chart_id}-{kind}-{year}-{category.name.lower()}")
                if heights[i] >= 0:
                    up[i] += heights[i]
                else:
                    down[i] += heights[i]
                if len(years) <= MAX_SEGMENT_LABELS and abs(heights[i]) >= room:
                    text = axes.text(
                        bar.get_x() + width / 2,
                        bottoms[i] + heights[i] / 2,
                        amount(values[i]),
                        ha="center",
                        va="center",
                        fontsize=7.5,
                        color=_ink_on(fill),
                    )
                    text.set_gid(f"{chart_id}-{kind}-{year}-{category.name.lower()}-figure")
        if len(years) <= MAX_TOP_LABELS:
            for i, year in enumerate(years):
                total = result.available(year) if kind == "available" else result.lapsing(year)
                if kind == "lapsing" and total == 0:
                    continue
                axes.annotate(
                    amount(total),
                    (i + offset, max(up[i], 0.0)),
                    xytext=(0, 2),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=8,
                    fontweight="bold",
                    color=INK,
                )
    axes.set_xticks(range(len(years)), [str(y) for y in years])
    axes.yaxis.set_major_formatter(_amount_formatter(locale, result.places))
    axes.set_ylabel(price_amount_header(result.unit, result.prices, locale), color=INK)
    axes.margins(y=0.12)
    handles = [Patch(facecolor=CATEGORY_COLOURS[c], label=c.value) for c in result.categories]
    handles += [
        Patch(facecolor="#777777", label=_("left column: available", locale=locale)),
        Patch(
            facecolor=_tint("#777777"),
            edgecolor="#777777",
            label=_("right column: lapses with the year", locale=locale),
        ),
    ]
    axes.legend(handles=handles, loc="upper right", fontsize=8, frameon=False)
    description = _timeline_description(result, years, amount, locale)
    return Chart(
        id=chart_id,
        svg=_svg(figure, chart_id, title),
        title=title,
        description=description,
    )


def totals_chart(
    result: Totals, labels: Sequence[str], locale: str, chart_id: str, title: str
) -> Chart:
    """A horizontal bar per group of ``result`` (at most :data:`MAX_BARS`), named by
    ``labels`` (the first cells of the grid's rows), its amount at the end of the bar.
    Raises ``MissingExtraError`` without matplotlib."""
    from bevilling.i18n.formatting import format_amount
    from bevilling.reports.prices import price_amount_header

    groups = list(result.groups)[:MAX_BARS]
    names = [_short(text) for text in labels[: len(groups)]]
    figure, axes = _figure(7.5, max(1.6, 0.32 * len(groups) + 1.1))
    values = [float(g.amount) for g in groups]
    positions = list(range(len(groups)))
    colours = [
        CATEGORY_COLOURS.get(Category(g.key), BAR_COLOUR)
        if result.by.value == "category" and g.key in _CATEGORY_NAMES
        else BAR_COLOUR
        for g in groups
    ]
    bars = axes.barh(positions, values, 0.6, color=colours)
    for index, bar in enumerate(bars):
        bar.set_gid(f"{chart_id}-bar-{index}")
    amounts = [format_amount(g.amount, locale, places=result.places) for g in groups]
    figures = axes.bar_label(
        bars,
        labels=amounts,
        padding=3,
        fontsize=8,
        color=INK,
    )
    for text in figures:
        text.set_parse_math(False)
    axes.set_yticks(positions, names)
    for text in axes.get_yticklabels():
        text.set_parse_math(False)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(_amount_formatter(locale, result.places))
    axes.set_xlabel(price_amount_header(result.unit, result.prices, locale), color=INK)
    axes.margins(x=0.15)
    shown = len(groups)
    description = _n(
        "Bar chart of {count} group: {items}.",
        "Bar chart of {count} groups: {items}.",
        shown,
        locale=locale,
        count=shown,
        items="; ".join(
            f"{visible(name, one_line=True)} {amount}"
            for name, amount in zip(labels, amounts, strict=False)
        ),
    )
    if len(result.groups) > shown:
        description += " " + _(
            "The chart shows the first {shown} of {count} groups.",
            shown=shown,
            count=len(result.groups),
            locale=locale,
        )
    return Chart(
        id=chart_id, svg=_svg(figure, chart_id, title), title=title, description=description
    )
