"""The Số liệu page: every dataset by year and unit, a chart and the year-on-year change for each
series (the real page, and the theme's template over datasets the tests write)."""

from __future__ import annotations

from decimal import Decimal

import jinja2
import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT

from khuyenhoc.palette import palette
from stats_boxes import OVERVIEW_TEMPLATE
from stats_boxes.data import parse_dataset
from stats_boxes.overview import overview, series
from stats_boxes.render import render_chart, template_helpers

COLOURS = palette(ROOT / "theme")


def render_overview(datasets, default_unit: str) -> str:
    """The Số liệu page's body as the theme lays it out."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"))
    template = env.get_template(OVERVIEW_TEMPLATE)
    return template.render(
        overview=overview(datasets, default_unit), **template_helpers(ROOT / "theme")
    )


def clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def dataset(dataset_id: str, when: str, values: dict[str, int], *, unit: str = "", sample=False):
    items = "".join(
        f"  - key: {key}\n    label: Chỉ tiêu {key}\n    value: {value}\n"
        for key, value in values.items()
    )
    head = f"title: Bảng {dataset_id}\nsource: Nguồn thử\n{when}\n"
    if unit:
        head += f"unit: {unit}\n"
    if sample:
        head += "sample: true\n"
    result, errors = parse_dataset(head + "items:\n" + items, f"{dataset_id}.yaml", dataset_id)
    assert errors == []
    return result


@pytest.fixture(scope="module")
def page(site) -> BeautifulSoup:
    return BeautifulSoup((site / "so-lieu/index.html").read_text("utf-8"), "lxml")


# --- The page built from the real content ---------------------------------------------------------


def test_the_page_is_in_the_menu(site):
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "lxml")
    links = {clean(a.get_text()): a["href"] for a in home.select(".site-nav a")}
    assert links["Số liệu"] == "/so-lieu/"


def test_every_dataset_grouped_by_year_then_unit(page):
    overview = page.select_one("section.stats-overview")
    headings = [(h.name, clean(h.get_text())) for h in overview.find_all(["h3", "h4"])]
    assert headings == [
        ("h3", "Năm 2022"),
        ("h4", "Tỉnh Sóc Trăng"),
        ("h3", "Năm 2021"),
        ("h4", "Tỉnh Sóc Trăng"),
    ]
    real, sample = overview.select("figure.stats-box")
    assert real["id"] == "soc-trang-2022" and sample["id"] == "soc-trang-2021-mau"
    assert len(real.select("tbody tr")) == len(sample.select("tbody tr")) == 12
    assert real.select_one(".stats-flag") is None
    assert sample.select_one(".stats-flag").get_text() == "Số liệu mẫu"
    assert real.select_one(".stats-more") is None  # no link from the page to itself
    assert not real.has_attr("data-pagefind-ignore")  # the figures are searched here
    assert "[[" not in page.get_text()


def test_a_chart_and_a_table_for_each_series(page):
    sections = page.select("section.stats-series")
    assert len(sections) == 12
    for section in sections:
        heading = section.find("h4")
        assert section["aria-labelledby"] == heading["id"]
        svg = section.find("svg")
        assert svg["role"] == "img"
        title_id, desc_id = svg["aria-labelledby"].split()
        assert svg.find("title")["id"] == title_id and svg.find("desc")["id"] == desc_id
        assert clean(heading.get_text()) in svg.find("title").get_text()
        # Two columns, the sample one outlined with dashes and marked under its year.
        sample_bar, real_bar = svg.find_all("rect")
        assert sample_bar.get("stroke-dasharray") and not real_bar.get("stroke-dasharray")
        assert "(mẫu)" in svg.get_text()
        years = [clean(th.get_text()) for th in section.select("tbody th")]
        assert years == ["2021 (số liệu mẫu)", "2022"]
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    ("key", "row_2022", "described"),
    [
        (
            "hoi-vien-moi",
            ["2022", "286.354", "+32.234 (+12,7%)"],
            "Năm 2021 (số liệu mẫu): 254.120; Năm 2022: 286.354, +32.234 (+12,7%).",
        ),
        (
            "tong-hoi-vien",
            ["2022", "491.612", "37,65%", "+23.362 (+5%)"],
            "Năm 2021 (số liệu mẫu): 468.250; Năm 2022: 491.612, +23.362 (+5%).",
        ),
        (
            "quy-khuyen-hoc",
            ["2022", "61,6 tỉ đồng", "+6,4 tỉ đồng (+11,6%)"],
            "Năm 2021 (số liệu mẫu): 55,2 tỉ đồng; Năm 2022: 61,6 tỉ đồng, +6,4 tỉ đồng (+11,6%).",
        ),
        (
            "trung-tam-hoc-tap-cong-dong",
            ["2022", "109/109", "+2 (+1,9%)"],
            "Năm 2021 (số liệu mẫu): 107/109; Năm 2022: 109/109, +2 (+1,9%).",
        ),
    ],
)
def test_the_change_from_year_to_year(page, key, row_2022, described):
    section = page.select_one(
        f"section#tinh-soc-trang-{key}, section[aria-labelledby='tinh-soc-trang-{key}']"
    )
    last = section.select("tbody tr")[-1]
    assert [clean(cell.get_text()) for cell in last.find_all(["th", "td"])] == row_2022
    assert clean(section.find("desc").get_text()) == described


# --- The page's parts, from datasets the tests write ----------------------------------------------


def test_bar_heights_are_proportional_and_start_at_zero():
    points = series(
        [
            dataset("a", "year: 2020", {"x": 100}),
            dataset("b", "year: 2021", {"x": 50}),
            dataset("c", "year: 2022", {"x": 0}),
        ],
        "Toàn tỉnh",
    )["Toàn tỉnh"]["x"]
    svg = BeautifulSoup(
        render_chart(points, "bd-x", "Chỉ tiêu x", "Toàn tỉnh", COLOURS), "lxml"
    ).svg
    heights = [float(rect["height"]) for rect in svg.find_all("rect")]
    assert heights[0] > 0 and heights[1] == pytest.approx(heights[0] / 2) and heights[2] == 0
    bottoms = {round(float(r["y"]) + float(r["height"]), 1) for r in svg.find_all("rect")}
    assert len(bottoms) == 1  # one baseline
    assert [t.get_text() for t in svg.find_all("text")] == [
        "100",
        "2020",
        "50",
        "2021",
        "0",
        "2022",
    ]


def test_units_and_periods_are_grouped_and_ordered():
    html = render_overview(
        [
            dataset("tinh-2022", "year: 2022", {"a": 10, "b": 1}),
            dataset("tinh-2021", "year: 2021", {"a": 8}, sample=True),
            dataset("ke-sach-2022", "year: 2022", {"a": 3}, unit="Huyện Kế Sách"),
            dataset("ke-sach-6t", "period: 6 tháng đầu năm 2023", {"a": 2}, unit="Huyện Kế Sách"),
        ],
        "Toàn tỉnh",
    )
    soup = BeautifulSoup(html, "lxml")
    first, second = soup.select("section.stats-overview")
    assert [clean(h.get_text()) for h in first.find_all(["h3", "h4"])] == [
        "6 tháng đầu năm 2023",
        "Huyện Kế Sách",
        "Năm 2022",
        "Huyện Kế Sách",
        "Toàn tỉnh",
        "Năm 2021",
        "Toàn tỉnh",
    ]
    assert [clean(h.get_text()) for h in second.find_all("h3")] == ["Huyện Kế Sách", "Toàn tỉnh"]
    ke_sach = second.select_one("section[aria-labelledby='huyen-ke-sach-a']")
    rows = [
        [clean(c.get_text()) for c in tr.find_all(["th", "td"])]
        for tr in ke_sach.select("tbody tr")
    ]
    assert rows == [["Năm 2022", "3", ""], ["6 tháng đầu năm 2023", "2", "-1 (-33,3%)"]]
    assert clean(ke_sach.select_one("thead").get_text(" ")) == "Năm, kỳ Số liệu So với kỳ trước"
    # A key with a single year has no chart, and is named.
    assert (
        clean(second.select_one(".stats-single").get_text())
        == "Mới có số liệu một năm: Chỉ tiêu b."
    )


def test_no_dataset_yet():
    assert render_overview([], "Toàn tỉnh").strip() == (
        '<p class="stats-empty">Chưa có bộ số liệu nào.</p>'
    )


def test_escaped_on_the_page_too():
    bad = dataset("a", "year: 2021", {"x": 1}, unit="'<script>alert(1)</script>'")
    other = dataset("b", "year: 2022", {"x": 2}, unit="'<script>alert(1)</script>'")
    html = render_overview([bad, other], "Toàn tỉnh")
    assert "<script>" not in html
    assert Decimal(1) == bad.items[0].value
