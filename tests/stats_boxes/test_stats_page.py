"""The Số liệu page: the newest year's headline figures, one table per topic comparing the years
with the change, a jump list, and sample data kept apart (the real page, and the theme's template
over datasets the tests write)."""

from __future__ import annotations

from decimal import Decimal

import jinja2
import pytest
from bs4 import BeautifulSoup
from sitebuild import ROOT

from stats_boxes import OVERVIEW_TEMPLATE
from stats_boxes.data import parse_dataset
from stats_boxes.overview import overview
from stats_boxes.render import format_value, template_helpers

TOPICS = [{"title": "Nhóm một", "keys": ["a", "c"]}]


def render_overview(datasets, default_unit: str, **options) -> str:
    """The Số liệu page's body as the theme lays it out."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"))
    template = env.get_template(OVERVIEW_TEMPLATE)
    return template.render(
        overview=overview(datasets, default_unit, **options), **template_helpers(ROOT / "theme")
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


def test_the_headline_figures_come_first(page):
    summary = page.select_one(".stats-summary")
    assert clean(summary.h2.get_text()) == "Tỉnh Sóc Trăng, năm 2022: những con số chính"
    figures = {
        clean(div.dt.get_text()): clean(div.select_one(".figure").get_text())
        for div in summary.select(".stats-figures > div")
    }
    assert figures == {
        "Tổng số hội viên": "491.612",
        "Quỹ khuyến học - khuyến tài vận động được": "61,6 tỉ đồng",
        "Học bổng trao học sinh, sinh viên": "101.235 suất",
        "Gia đình học tập": "151.804",
    }


def test_one_table_per_topic_and_a_jump_list(page):
    topics = [clean(h.get_text()) for h in page.select(".stats-topic h3")]
    assert topics == [
        "Hội viên và tổ chức hội",
        "Quỹ khuyến học và học bổng",
        "Mô hình học tập",
        "Trung tâm học tập cộng đồng",
    ]
    jumps = [a["href"] for a in page.select(".stats-jump a")]
    for section in page.select(".stats-topic"):
        assert "#" + section.h3["id"] in jumps
    rows = sum(len(t.select("tbody tr")) for t in page.select(".stats-topic table"))
    assert rows == 12  # every item of the dataset, once
    # Each box in an article links to its dataset here.
    assert page.select_one("#soc-trang-2022")


def test_sample_data_is_never_mixed_with_real_data(page):
    for table in page.select(".stats-topic table"):
        assert [clean(th.get_text()) for th in table.select("thead th")][1:] == ["2022"]
    samples = page.select_one(".stats-samples")
    assert samples.select_one("figure.stats-box#soc-trang-2021-mau .stats-flag")
    assert not page.select(".stats-unit .stats-flag")


def test_a_figure_never_parts_from_its_unit(page):
    cells = [td.get_text() for td in page.select(".stats-compare td")]
    assert "101.235\xa0suất" in cells and "61,6\xa0tỉ\xa0đồng" in cells


def test_the_change_from_the_year_before():
    html = render_overview(
        [
            dataset("tinh-2021", "year: 2021", {"a": 8, "b": 5}),
            dataset("tinh-2022", "year: 2022", {"a": 10, "b": 5, "c": 1}),
            dataset("tinh-2020", "year: 2020", {"a": 1}, sample=True),
        ],
        "Toàn tỉnh",
        topics=TOPICS,
    )
    soup = BeautifulSoup(html, "lxml")
    tables = soup.select(".stats-topic")
    assert [clean(t.h3.get_text()) for t in tables] == ["Nhóm một", "Chỉ tiêu khác"]
    first = tables[0].table
    assert [clean(th.get_text()) for th in first.select("thead th")] == [
        "Chỉ tiêu",
        "2021",
        "2022",
        "So với 2021",
    ]
    rows = [
        [clean(c.get_text()) for c in tr.find_all(["th", "td"])] for tr in first.select("tbody tr")
    ]
    assert rows == [["Chỉ tiêu a", "8", "10", "+2 (+25%)"], ["Chỉ tiêu c", "–", "1", "–"]]
    # The sample year is not a column: it is shown apart.
    assert "2020" not in clean(soup.select_one(".stats-unit").get_text())
    assert soup.select_one(".stats-samples #tinh-2020")


def test_units_each_have_their_tables_the_province_first():
    html = render_overview(
        [
            dataset("tinh-2021", "year: 2021", {"a": 8}),
            dataset("tinh-2022", "year: 2022", {"a": 10}),
            dataset("ke-sach-6t", "period: 6 tháng đầu năm 2023", {"a": 2}, unit="Huyện Kế Sách"),
        ],
        "Toàn tỉnh",
    )
    soup = BeautifulSoup(html, "lxml")
    assert [clean(s.h2.get_text()) for s in soup.select(".stats-unit")] == [
        "Toàn tỉnh",
        "Huyện Kế Sách",
    ]
    ke_sach = soup.select(".stats-unit")[1]
    assert clean(ke_sach.select_one("thead").get_text(" ")) == "Chỉ tiêu 6 tháng đầu năm 2023"
    assert "Mới có số liệu 6 tháng đầu năm 2023" in clean(ke_sach.get_text())


def test_format_value_holds_number_and_unit_together():
    item = dataset("x", "year: 2022", {"a": 101235}).items[0]
    assert format_value(item) == "101.235"


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
