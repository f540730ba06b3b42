"""What the Số liệu page shows, as data for its template: datasets by year and unit, and series.

A series is one item key followed across the datasets of one unit, oldest first; the template
draws a chart and a table of the change from year to year for each series with two points or more.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from khuyenhoc.text import slug as make_slug

from .data import Dataset, Item

__all__ = ["Overview", "Point", "Series", "overview", "series"]


@dataclass(frozen=True)
class Point:
    dataset: Dataset
    item: Item

    @property
    def when(self) -> str:
        return self.dataset.when


@dataclass(frozen=True)
class Series:
    id: str
    label: str  # the label of the newest point
    points: list[Point]


@dataclass(frozen=True)
class Period:
    id: str
    when: str  # "Năm 2022", "6 tháng đầu năm 2023"
    units: list[tuple[str, list[Dataset]]]  # (unit, its datasets), by unit name


@dataclass(frozen=True)
class UnitSeries:
    id: str
    unit: str
    charted: list[Series]  # two points or more
    single: list[str] = field(default_factory=list)  # labels of items with one point only


@dataclass(frozen=True)
class Overview:
    periods: list[Period]  # newest first
    units: list[UnitSeries]  # by unit name


def series(datasets: list[Dataset], default_unit: str) -> dict[str, dict[str, list[Point]]]:
    """``{unit: {key: [points, oldest first]}}``: the same key across a unit's datasets."""
    result: dict[str, dict[str, list[Point]]] = defaultdict(dict)
    for dataset in sorted(datasets, key=lambda d: d.order):
        unit = dataset.unit or default_unit
        for item in dataset.items:
            result[unit].setdefault(item.key, []).append(Point(dataset, item))
    return result


def overview(datasets: list[Dataset], default_unit: str, settings=None) -> Overview | None:
    """Every dataset grouped by period and unit, and every series; None when there is none.

    ``settings``: Pelican's, for its slug rules (the ids of headings and sections).
    """
    if not datasets:
        return None

    def slug(text: str) -> str:
        return make_slug(text, settings) or "x"

    periods: dict[str, dict[str, list[Dataset]]] = {}
    for dataset in sorted(datasets, key=lambda d: d.order, reverse=True):
        by_unit = periods.setdefault(dataset.when, {})
        by_unit.setdefault(dataset.unit or default_unit, []).append(dataset)
    units = []
    for unit, by_key in sorted(series(datasets, default_unit).items()):
        charted = [
            Series(f"{slug(unit)}-{key}", points[-1].item.label, points)
            for key, points in by_key.items()
            if len(points) > 1
        ]
        single = [points[0].item.label for points in by_key.values() if len(points) == 1]
        units.append(UnitSeries(f"dien-bien-{slug(unit)}", unit, charted, single))
    return Overview(
        [Period(slug(when), when, sorted(groups.items())) for when, groups in periods.items()],
        units,
    )
