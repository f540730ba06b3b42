"""HTML for the statistics boxes and the charts and tables of the Số liệu page. Every string from
the data is escaped. The page itself is laid out by the theme (``partials/stats_overview.html``),
which calls these through ``template_helpers``.

The markup carries its meaning without the site's CSS (feeds, print, reader modes): a real
``<table>`` with ``th``/``td``, the figures as text and bars as ``<meter>``, so they show without
a stylesheet and print without background colours.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from khuyenhoc.formatting import (
    format_change,
    format_fraction,
    format_money,
    format_number,
    format_percent,
)

from .data import Dataset, Item
from .overview import Topic, UnitFigures

SAMPLE_NOTE = "Số liệu mẫu"
NBSP = "\u00a0"


def _together(text: str) -> str:
    """A figure never breaks at a line end: "61,6 tỉ đồng", "+32.234 (+12,7%)" stay whole."""
    return text.replace(" ", NBSP)


def format_value(item: Item) -> str:
    """The figure as a reader sees it: "491.612", "61,6 tỉ đồng", "109/109", "101.235 suất".

    Its spaces are no-break spaces: a number never parts from its unit at a line end.
    """
    if item.is_money:
        return _together(format_money(item.value))
    if item.of is not None:
        text = format_fraction(item.value, item.of)
    else:
        text = format_number(item.value)
    return _together(f"{text} {item.unit}") if item.unit else text


def figure_parts(item: Item) -> tuple[str, str]:
    """The figure and its unit apart, for the large figures: ("61,6", "tỉ đồng"), ("491.612", "")."""
    number, _, unit = format_value(item).replace(NBSP, " ").partition(" ")
    return number, unit


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


def column_heading(dataset: Dataset) -> str:
    """ "2022", or the period as written when the dataset has one."""
    return str(dataset.year) if dataset.year and not dataset.period else dataset.when


def _cell(item: Item | None) -> str:
    if item is None:
        return "<td>–</td>"
    text = escape(format_value(item))
    if item.percent is not None:
        text += f"<br><small>{format_percent(item.percent)}</small>"
    return f"<td>{text}</td>"


def render_topic_table(figures: UnitFigures, topic: Topic) -> str:
    """One topic's items compared across the unit's years, with the change from the year before
    the newest: a row per item, a column per year. Numbers never part from their units."""
    columns = figures.columns
    # Cells are apart by white space: the search index reads "Chỉ tiêu 2022", not "Chỉ tiêu2022".
    head = '<th scope="col">Chỉ tiêu</th>\n' + "\n".join(
        f'<th scope="col">{escape(column.heading)}</th>' for column in columns
    )
    if figures.compares:
        head += f'\n<th scope="col">So với {escape(columns[-2].heading)}</th>'
    rows = []
    for row in topic.rows:
        cells = "\n".join(_cell(item) for item in row.values)
        if figures.compares:
            newest = row.values[-1]
            if row.previous is None or newest is None:
                cells += "\n<td>–</td>"
            else:
                change = format_change(row.previous.value, newest.value, money=newest.is_money)
                cells += f'\n<td class="stats-change">{escape(_together(change))}</td>'
        rows.append(f'<tr><th scope="row">{_label(row.item)}</th>\n{cells}</tr>')
    return (
        '<div class="stats-scroll"><table class="stats-compare">\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table></div>"
    )


def template_helpers(theme) -> dict:
    """What ``partials/stats_overview.html`` calls: the box, a figure, a percentage, a table."""
    return {
        "stats_box": render_box,
        "stats_value": format_value,
        "stats_figure": figure_parts,
        "stats_percent": format_percent,
        "stats_column": column_heading,
        "stats_topic_table": render_topic_table,
    }
