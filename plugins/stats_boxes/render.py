"""HTML for the statistics boxes and the charts and tables of the Số liệu page. Every string from
the data is escaped. The page itself is laid out by the theme (``partials/stats_overview.html``),
which calls these through ``template_helpers``.

The markup carries its meaning without the site's CSS (feeds, print, reader modes): a real
``<table>`` with ``th``/``td``, the figures as text, bars as ``<meter>`` and charts as inline SVG
drawn with presentation attributes, so they show without a stylesheet and print without
background colours.
"""

from __future__ import annotations

import functools
from decimal import Decimal
from html import escape

from khuyenhoc.formatting import (
    format_change,
    format_fraction,
    format_money,
    format_number,
    format_percent,
)
from khuyenhoc.palette import palette

from .data import Dataset, Item
from .overview import Point

SAMPLE_NOTE = "Số liệu mẫu"
NBSP = "\u00a0"


def _together(text: str) -> str:
    """A number and the word after it never part at a line end: "61,6 tỉ"."""
    return text.replace(" ", NBSP, 1)


def format_value(item: Item) -> str:
    """The figure as a reader sees it: "491.612", "61,6 tỉ đồng", "109/109", "101.235 suất".

    In an amount of money the space after the number is a no-break space ("61,6 tỉ" stays whole).
    """
    if item.is_money:
        return _together(format_money(item.value))
    if item.of is not None:
        text = format_fraction(item.value, item.of)
    else:
        text = format_number(item.value)
    return f"{text} {item.unit}" if item.unit else text


def _short_value(item: Item) -> str:
    """For chart labels, where space is short: "61,6 tỉ" rather than "61,6 tỉ đồng"."""
    if item.is_money:
        return format_money(item.value, "").strip()
    if item.of is not None:
        return format_fraction(item.value, item.of)
    return format_number(item.value)


def _bar(percent: Decimal) -> str:
    """The percentage as a bar: a ``<meter>``, which browsers draw even without any stylesheet.

    It is hidden from screen readers, which read the figure beside it.
    """
    value = format(percent.normalize(), "f")
    return f'<meter class="stats-bar" max="100" value="{value}" aria-hidden="true"></meter>'


def _caption(dataset: Dataset, page_link: str) -> str:
    parts = []
    if dataset.sample:
        parts.append(f'<strong class="stats-flag">{SAMPLE_NOTE}</strong> ')
    parts.append(f'<strong class="stats-title">{escape(dataset.title)}</strong>')
    meta = [escape(x) for x in (dataset.unit, dataset.when) if x]
    source = escape(dataset.source)
    if dataset.source_url:
        source = f'<a href="{escape(dataset.source_url)}">{source}</a>'
    meta.append(f"Nguồn: {source}")
    parts.append('<br>\n<span class="stats-meta">' + " · ".join(meta) + "</span>")
    if page_link:
        parts.append(f' <a class="stats-more" href="{escape(page_link)}">Xem các năm</a>')
    return "<figcaption>" + "".join(parts) + "</figcaption>"


def _label(item: Item) -> str:
    text = escape(item.label)
    if item.note:
        text += f"<br>\n<small>{escape(item.note)}</small>"
    return text


def render_box(
    dataset: Dataset,
    keys: tuple[str, ...] = (),
    *,
    page_link: str = "",
    anchor: str = "",
    searchable: bool = True,
) -> str:
    """A ``<figure>`` with the dataset's items (those of ``keys``, in that order, when given).

    ``searchable=False`` keeps the box out of the search index (``data-pagefind-ignore``): a box
    in an article repeats figures the Số liệu page holds, and would crowd the index and excerpts.
    """
    items = [dataset.item(key) for key in keys] if keys else list(dataset.items)
    items = [item for item in items if item is not None]
    with_percent = any(item.percent is not None for item in items)
    head = '<th scope="col">Chỉ tiêu</th><th scope="col">Số liệu</th>'
    if with_percent:
        head += '<th scope="col">Tỉ lệ</th>'
    rows = []
    for item in items:
        row = f'<tr><th scope="row">{_label(item)}</th><td>{escape(format_value(item))}</td>'
        if with_percent:
            cell = (
                ""
                if item.percent is None
                else f"{format_percent(item.percent)} {_bar(item.percent)}"
            )
            row += f"<td>{cell}</td>"
        rows.append(row + "</tr>")
    classes = "stats-box stats-sample" if dataset.sample else "stats-box"
    anchor_attr = f' id="{escape(anchor)}"' if anchor else ""
    if not searchable:
        anchor_attr += ' data-pagefind-ignore="all"'
    note = f'\n<p class="stats-note">{escape(dataset.note)}</p>' if dataset.note else ""
    return (
        f'<figure class="{classes}"{anchor_attr}>\n{_caption(dataset, page_link)}\n'
        f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + f"\n</tbody>\n</table>{note}\n</figure>"
    )


# --- The Số liệu page ---------------------------------------------------------------------------


def render_chart(points: list[Point], chart_id: str, label: str, unit: str, colours) -> str:
    """A column chart as inline SVG, its figures in its title and description too.

    ``colours``: the site's palette (``brand``, ``ink``, ``muted``).
    """
    brand, ink, muted = colours["brand"], colours["ink"], colours["muted"]
    width, height, top, bottom, side = 320, 172, 24, 42, 8
    plot = height - top - bottom
    baseline = height - bottom
    slot = (width - 2 * side) / len(points)
    bar = min(56.0, slot * 0.6)
    biggest = max((float(p.item.value) for p in points), default=0) or 1.0
    font = 12 if slot >= 64 else 10 if slot >= 44 else 0
    parts = [
        f'<svg class="stats-chart" role="img" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'font-family="system-ui, sans-serif" font-size="12" fill="{ink}">',
        f'<title id="{chart_id}-t">Biểu đồ: {escape(label)} qua các năm, {escape(unit)}</title>',
    ]
    described = []
    previous = None
    for point in points:
        text = f"{point.when}{' (số liệu mẫu)' if point.dataset.sample else ''}: {format_value(point.item)}"
        if previous is not None:
            text += f", {format_change(previous.item.value, point.item.value, money=point.item.is_money)}"
        described.append(text)
        previous = point
    parts.append(f'<desc id="{chart_id}-d">{escape("; ".join(described))}.</desc>')
    for index, point in enumerate(points):
        centre = side + slot * (index + 0.5)
        value = max(float(point.item.value), 0.0)
        bar_height = round(value / biggest * plot, 1)
        x = round(centre - bar / 2, 1)
        y = round(baseline - bar_height, 1)
        if point.dataset.sample:
            parts.append(
                f'<rect x="{x:g}" y="{y:g}" width="{bar:g}" height="{bar_height:g}" fill="#fff" '
                f'stroke="{brand}" stroke-width="2" stroke-dasharray="5 3"/>'
            )
        else:
            parts.append(
                f'<rect x="{x:g}" y="{y:g}" width="{bar:g}" height="{bar_height:g}" fill="{brand}"/>'
            )
        if font:
            parts.append(
                f'<text x="{centre:g}" y="{y - 6:g}" text-anchor="middle" font-size="{font}" '
                f'font-weight="600">{escape(_short_value(point.item))}</text>'
            )
        year = point.dataset.year if point.dataset.year else point.when
        parts.append(
            f'<text x="{centre:g}" y="{baseline + 16}" text-anchor="middle">{escape(str(year))}</text>'
        )
        if point.dataset.sample:
            parts.append(
                f'<text x="{centre:g}" y="{baseline + 31}" text-anchor="middle" font-size="11" '
                f'fill="{muted}">(mẫu)</text>'
            )
    parts.append(
        f'<line x1="{side}" y1="{baseline}" x2="{width - side}" y2="{baseline}" stroke="{muted}"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def render_series_table(points: list[Point]) -> str:
    with_percent = any(p.item.percent is not None for p in points)
    by_year = all(p.dataset.year and not p.dataset.period for p in points)
    first = "Năm" if by_year else "Năm, kỳ"
    change = "So với năm trước" if by_year else "So với kỳ trước"
    head = f'<th scope="col">{first}</th><th scope="col">Số liệu</th>'
    if with_percent:
        head += '<th scope="col">Tỉ lệ</th>'
    head += f'<th scope="col">{change}</th>'
    rows = []
    previous = None
    for point in points:
        when = str(point.dataset.year) if by_year else point.when
        if point.dataset.sample:
            when = f"{escape(when)} <small>(số liệu mẫu)</small>"
        else:
            when = escape(when)
        row = f'<tr><th scope="row">{when}</th><td>{escape(format_value(point.item))}</td>'
        if with_percent:
            percent = point.item.percent
            row += f"<td>{format_percent(percent) if percent is not None else ''}</td>"
        if previous is None:
            row += "<td></td>"
        else:
            text = format_change(previous.item.value, point.item.value, money=point.item.is_money)
            row += f'<td class="stats-change">{escape(_together(text))}</td>'
        rows.append(row + "</tr>")
        previous = point
    return (
        f'<table class="stats-series-table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )


def template_helpers(theme) -> dict:
    """What ``partials/stats_overview.html`` calls: the box, the chart and the series table."""
    return {
        "stats_box": render_box,
        "stats_chart": functools.partial(render_chart, colours=palette(theme)),
        "stats_series_table": render_series_table,
    }
