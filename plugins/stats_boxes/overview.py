"""What the Số liệu page shows, as data for its template: one page a reader reads from the top.

For each unit (the province first: the unit with the most datasets), from its real datasets:
- a summary: the newest year's headline figures (``STATS_SUMMARY_KEYS``, else the first four);
- one comparison table per topic (``STATS_TOPICS``: a title and the item keys it gathers; items
  in no topic are gathered under "Chỉ tiêu khác"), a row per item, a column per year, and the
  change from the year before the newest when there is one.
Sample datasets (``sample: true``) are never mixed with real ones: they are listed apart, each as
its own box, in a demo build (a publish build refuses them).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from khuyenhoc.text import slug as make_slug

from .data import Dataset, Item

__all__ = ["Column", "Overview", "Row", "Topic", "UnitFigures", "overview"]

OTHER_TOPIC = "Chỉ tiêu khác"
SUMMARY_SIZE = 4


@dataclass(frozen=True)
class Row:
    item: Item  # the newest
    values: list[Item | None]  # one per column, oldest first
    previous: Item | None  # the column before the newest, for the change


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    rows: list[Row]


@dataclass(frozen=True)
class Column:
    """One year (or period) of a unit: its datasets, the last by id first when two give a key."""

    when: str
    heading: str  # "2022", or the period as written
    datasets: list[Dataset]

    def item(self, key: str) -> Item | None:
        return next((d.item(key) for d in reversed(self.datasets) if d.item(key)), None)

    @property
    def items(self) -> list[Item]:
        found: dict[str, Item] = {}
        for dataset in self.datasets:
            for item in dataset.items:
                found[item.key] = item
        return list(found.values())


@dataclass(frozen=True)
class UnitFigures:
    id: str
    unit: str
    columns: list[Column]  # oldest first
    summary: list[Item]
    topics: list[Topic]
    sources: list[Dataset]  # newest first

    @property
    def newest(self) -> Column:
        return self.columns[-1]

    @property
    def compares(self) -> bool:
        return len(self.columns) > 1


@dataclass(frozen=True)
class Overview:
    units: list[UnitFigures]  # the province first
    samples: list[Dataset] = field(default_factory=list)  # newest first


def _columns(datasets: list[Dataset]) -> list[Column]:
    """One column per year or period, oldest first."""
    by_when: dict[str, list[Dataset]] = {}
    for dataset in sorted(datasets, key=lambda d: d.order):
        by_when.setdefault(dataset.when, []).append(dataset)
    return [
        Column(when, str(group[0].year) if group[0].year and not group[0].period else when, group)
        for when, group in by_when.items()
    ]


def _topics(columns: list[Column], topics: list[dict], slug) -> list[Topic]:
    newest: dict[str, Item] = {}
    for column in columns:
        for item in column.items:
            newest[item.key] = item

    def row(key: str) -> Row:
        values = [column.item(key) for column in columns]
        previous = values[-2] if len(values) > 1 else None
        return Row(newest[key], values, previous)

    result, placed = [], set()
    for topic in topics:
        keys = [key for key in topic.get("keys", []) if key in newest and key not in placed]
        if keys:
            placed.update(keys)
            result.append(Topic(slug(topic["title"]), topic["title"], [row(k) for k in keys]))
    rest = [key for key in newest if key not in placed]
    if rest:
        title = OTHER_TOPIC if result else "Các chỉ tiêu"
        result.append(Topic(slug(title), title, [row(k) for k in rest]))
    return result


def overview(
    datasets: list[Dataset],
    default_unit: str,
    settings=None,
    *,
    topics: list[dict] | None = None,
    summary_keys: list[str] | None = None,
) -> Overview | None:
    """The page's figures from every dataset; None when there is none.

    ``settings``: Pelican's, for its slug rules (the ids of headings).
    """
    if not datasets:
        return None

    def slug(text: str) -> str:
        return make_slug(text, settings) or "x"

    by_unit: dict[str, list[Dataset]] = defaultdict(list)
    for dataset in datasets:
        if not dataset.sample:
            by_unit[dataset.unit or default_unit].append(dataset)
    units = []
    for unit, unit_datasets in sorted(by_unit.items(), key=lambda u: (-len(u[1]), u[0])):
        columns = _columns(unit_datasets)
        unit_id = slug(unit)
        unit_topics = [
            Topic(f"{unit_id}-{t.id}", t.title, t.rows)
            for t in _topics(columns, topics or [], slug)
        ]
        newest = columns[-1]
        chosen = [newest.item(key) for key in summary_keys or []]
        summary = [item for item in chosen if item is not None] or list(newest.items)[:SUMMARY_SIZE]
        sources = sorted(unit_datasets, key=lambda d: d.order, reverse=True)
        units.append(UnitFigures(unit_id, unit, columns, summary, unit_topics, sources))
    samples = sorted((d for d in datasets if d.sample), key=lambda d: d.order, reverse=True)
    return Overview(units, samples)
