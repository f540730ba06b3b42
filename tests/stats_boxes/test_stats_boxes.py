"""Statistics boxes: parsing the YAML datasets, formatting, every editor error, the markers in
articles, random input (hypothesis), and builds of small sites and of the real content."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import ROOT, article, windows_1258

import stats_boxes
from khuyenhoc.formatting import format_change
from stats_boxes import expand, parse_marker
from stats_boxes.data import Item, load_folder, parse_dataset
from stats_boxes.render import format_value, render_box

PATH = "content/data/thong-ke/mau.yaml"
SEED_URL = "tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"

GOOD = """\
title: Kết quả năm 2022
source: Hội Khuyến học tỉnh Sóc Trăng
year: 2022
items:
  - key: hoi-vien-moi
    label: Hội viên mới
    value: 286354
  - key: tong-hoi-vien
    label: Tổng số hội viên
    value: 491612
    percent: 37.65
"""

# The seed's twelve figures, as a reader must see them: label → (figure, percentage).
SEED_FIGURES = {
    "Hội viên mới": ("286.354", ""),
    "Tổng số hội viên": ("491.612", "37,65%"),
    "Ban/chi hội khuyến học được củng cố, thành lập": ("2.318", ""),
    "Quỹ khuyến học - khuyến tài vận động được": ("61,6 tỉ đồng", ""),
    "Học bổng trao học sinh, sinh viên": ("101.235 suất", ""),
    "Gia đình học tập": ("151.804", "40,9%"),
    "Dòng họ học tập": ("2.658", "50,5%"),
    "Cộng đồng học tập": ("675", "69%"),
    "Đơn vị học tập": ("924", "73,57%"),
    "Trung tâm học tập cộng đồng hoạt động hiệu quả": ("109/109", ""),
    "Lớp học tại trung tâm học tập cộng đồng": ("3.647 lớp", ""),
    "Người dự các lớp học": ("81.245 lượt", ""),
}


def parse(text: str, dataset_id: str = "mau"):
    return parse_dataset(text, PATH, dataset_id)


def messages(text: str) -> list[str]:
    dataset, errors = parse(text)
    assert dataset is None
    return [error.format("content") for error in errors]


def clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def rows(figure) -> dict[str, tuple[str, str]]:
    """``{label: (figure, percentage)}`` from a box's table; the note under a label is left out."""
    result = {}
    for tr in figure.select("tbody tr"):
        label = clean("".join(tr.th.find_all(string=True, recursive=False)))
        cells = [clean(td.get_text()) for td in tr.find_all("td")]
        result[label] = (cells[0], cells[1] if len(cells) > 1 else "")
    return result


@pytest.fixture
def datasets(monkeypatch):
    """The plugin's state for one build, with GOOD as 'mau' and a broken file 'hong'."""
    dataset, _ = parse(GOOD)
    state = stats_boxes._State({"THEME": str(ROOT / "theme")})
    state.env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "theme" / "templates"))
    state.datasets = {"mau": dataset, "soc-trang-2022": parse(GOOD, "soc-trang-2022")[0]}
    state.broken = {"hong"}
    monkeypatch.setattr(stats_boxes, "_state", state)
    return state


# --- Parsing ------------------------------------------------------------------------------------


def test_the_real_datasets_parse_with_the_same_keys():
    datasets, broken, errors = load_folder(ROOT / "content" / "data" / "thong-ke")
    assert errors == [] and broken == set()
    real, sample = datasets["soc-trang-2022"], datasets["soc-trang-2021-mau"]
    assert len(real.items) == 12 and real.keys == sample.keys
    assert (real.year, real.sample, sample.year, sample.sample) == (2022, False, 2021, True)
    money = real.item("quy-khuyen-hoc")
    assert money.value == Decimal("61600000000") and money.is_money


def test_numbers_are_read_from_the_text_as_written():
    text = GOOD.replace("value: 286354", "value: 61_600_000_000\n    unit: đồng")
    dataset, errors = parse(text)
    assert errors == []
    assert dataset.item("hoi-vien-moi").value == Decimal("61600000000")
    assert dataset.item("tong-hoi-vien").percent == Decimal("37.65")  # exact, not a float
    assert dataset.items[0].line == 5 and dataset.items[1].line == 9


def test_text_is_kept_as_written_and_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Hội viên mới")
    text = GOOD.replace("title: Kết quả năm 2022", "title: yes").replace("Hội viên mới", decomposed)
    dataset, errors = parse(text)
    assert errors == []
    assert dataset.title == "yes"  # not YAML's boolean True
    assert dataset.items[0].label == "Hội viên mới"
    assert unicodedata.is_normalized("NFC", dataset.items[0].label)


def test_period_instead_of_year_and_the_optional_fields():
    text = GOOD.replace(
        "year: 2022", "period: 6 tháng đầu năm 2023\nunit: Huyện Kế Sách\nsample: true"
    )
    dataset, errors = parse(text)
    assert errors == []
    assert (dataset.year, dataset.period, dataset.unit, dataset.sample) == (
        None,
        "6 tháng đầu năm 2023",
        "Huyện Kế Sách",
        True,
    )
    assert dataset.when == "6 tháng đầu năm 2023"
    assert dataset.order[0] == 2023


def test_a_missing_folder_is_no_dataset(tmp_path):
    assert load_folder(tmp_path / "khong-co") == ({}, set(), [])


def test_two_files_with_one_id(tmp_path):
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a.yml").write_text(GOOD, encoding="utf-8")
    _, broken, errors = load_folder(tmp_path)
    assert broken == {"a"}
    assert [e.message for e in errors] == [
        "Có hai tệp cùng mã bộ số liệu 'a': a.yaml và a.yml.",
    ]


def test_a_file_that_is_not_utf8_says_which_encoding_and_how_to_save_it(tmp_path):
    (tmp_path / "cu.yaml").write_bytes(GOOD.encode("utf-16"))
    (tmp_path / "cu1258.yaml").write_bytes(windows_1258(GOOD))
    _, broken, errors = load_folder(tmp_path)
    assert broken == {"cu", "cu1258"}
    by_file = {Path(e.path).name: e for e in errors}
    assert "Unicode UTF-16" in by_file["cu.yaml"].message
    assert "Windows-1258" in by_file["cu1258.yaml"].message
    first_accent = next(i for i, char in enumerate(GOOD) if ord(char) > 127)
    assert by_file["cu1258.yaml"].line == GOOD[:first_accent].count("\n") + 1
    assert "UTF-8" in by_file["cu1258.yaml"].fix


# --- Formatting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": Decimal(491612)}, "491.612"),
        # No-break spaces: a figure never parts from its unit at a line end.
        ({"value": Decimal("61600000000"), "unit": "đồng"}, "61,6\xa0tỉ\xa0đồng"),
        ({"value": Decimal("850000000"), "unit": "đồng"}, "850\xa0triệu\xa0đồng"),
        ({"value": Decimal(109), "of": Decimal(109)}, "109/109"),
        ({"value": Decimal(101235), "unit": "suất"}, "101.235\xa0suất"),
        ({"value": Decimal("40.9")}, "40,9"),
    ],
)
def test_figures_in_vietnamese(fields, expected):
    assert format_value(Item(key="k", label="L", line=1, **fields)) == expected


@pytest.mark.parametrize(
    ("previous", "current", "money", "expected"),
    [
        (274009, 286354, False, "+12.345 (+4,5%)"),
        (100, 112, False, "+12 (+12%)"),
        (109, 107, False, "-2 (-1,8%)"),
        (5, 5, False, "không đổi"),
        (0, 5, False, "+5"),
        (55_200_000_000, 61_600_000_000, True, "+6,4 tỉ đồng (+11,6%)"),
    ],
)
def test_year_on_year_change(previous, current, money, expected):
    assert format_change(previous, current, money=money) == expected


def test_box_markup_reads_as_a_table():
    dataset, _ = parse(GOOD)
    figure = BeautifulSoup(render_box(dataset), "lxml").figure
    assert figure["class"] == ["stats-box"]
    caption = clean(figure.figcaption.get_text())
    assert caption == "Kết quả năm 2022 Năm 2022 · Nguồn: Hội Khuyến học tỉnh Sóc Trăng"
    assert [th.get_text() for th in figure.select("thead th")] == ["Chỉ tiêu", "Số liệu", "Tỉ lệ"]
    assert all(th["scope"] == "col" for th in figure.select("thead th"))
    assert all(th["scope"] == "row" for th in figure.select("tbody th"))
    assert rows(figure) == {
        "Hội viên mới": ("286.354", ""),
        "Tổng số hội viên": ("491.612", "37,65%"),
    }
    # The bar: a <meter>, drawn by the browser even without a stylesheet; the figure beside it
    # is what screen readers read.
    (bar,) = figure.select("tbody meter")
    assert (bar["max"], bar["value"], bar["aria-hidden"]) == ("100", "37.65", "true")


def test_a_subset_keeps_the_editors_order_and_drops_the_empty_column():
    dataset, _ = parse(GOOD)
    figure = BeautifulSoup(render_box(dataset, ("hoi-vien-moi",)), "lxml").figure
    assert list(rows(figure)) == ["Hội viên mới"]
    assert [th.get_text() for th in figure.select("thead th")] == ["Chỉ tiêu", "Số liệu"]
    both = BeautifulSoup(render_box(dataset, ("tong-hoi-vien", "hoi-vien-moi")), "lxml")
    assert list(rows(both.figure)) == ["Tổng số hội viên", "Hội viên mới"]


def test_sample_data_says_so():
    dataset, _ = parse(GOOD.replace("year: 2022", "year: 2021\nsample: true"))
    figure = BeautifulSoup(render_box(dataset), "lxml").figure
    assert "stats-sample" in figure["class"]
    assert figure.figcaption.select_one(".stats-flag").get_text() == "Số liệu mẫu"


def test_every_string_from_the_data_is_escaped():
    script = "<script>alert(1)</script>"
    text = GOOD.replace("label: Hội viên mới", f"label: '{script}'")
    text = text.replace("title: Kết quả năm 2022", 'title: "<b>x</b> & <i>"')
    text = text.replace("year: 2022", 'year: 2022\nunit: "<img src=x onerror=alert(1)>"')
    text += "    note: '\"><svg onload=alert(1)>'\n"
    dataset, errors = parse(text)
    assert errors == []
    html = render_box(dataset, page_link="{filename}/pages/so-lieu.md#mau")
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "<svg onload" not in html
    soup = BeautifulSoup(html, "lxml")
    assert soup.select_one("tbody th").get_text() == script
    assert soup.select_one(".stats-title").get_text() == "<b>x</b> & <i>"


# --- Errors in a dataset: the exact messages ----------------------------------------------------

FIX_SYNTAX = (
    "    Cách sửa: Mỗi dòng viết dạng 'tên: giá trị'; thụt lề bằng dấu cách (không dùng Tab), các "
    "dòng cùng cấp thẳng hàng nhau; mỗi chỉ tiêu bắt đầu bằng '- key: …'. Giá trị có dấu ':' hoặc "
    "'#' thì đặt trong ngoặc kép. Xem mẫu trong docs/huong-dan-thong-ke.md."
)


def test_yaml_that_does_not_parse_names_line_and_column():
    text = GOOD.replace("source: Hội", "source Hội")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:2: Tệp số liệu không đúng cú pháp YAML ở dòng 2, cột 1: thiếu "
        "dấu hai chấm ':' sau tên trường.\n" + FIX_SYNTAX
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("    value: 286354", "   value: 286354"),
            "LỖI data/thong-ke/mau.yaml:7: Tệp số liệu không đúng cú pháp YAML ở dòng 7, cột 4: "
            "thụt lề không thẳng hàng trong danh sách.",
        ),
        (
            ("  - key: hoi-vien-moi", "\t- key: hoi-vien-moi"),
            "LỖI data/thong-ke/mau.yaml:5: Tệp số liệu không đúng cú pháp YAML ở dòng 5, cột 1: "
            "có ký tự không được đứng đầu giá trị (thường là Tab).",
        ),
        (
            ("title: Kết quả năm 2022", 'title: "Kết quả năm 2022'),
            "LỖI data/thong-ke/mau.yaml:1: Tệp số liệu không đúng cú pháp YAML ở dòng 1, cột 8: "
            "thiếu dấu ngoặc kép đóng.",
        ),
        (
            ("title: Kết quả năm 2022", "title: Kết quả: năm 2022"),
            "LỖI data/thong-ke/mau.yaml:1: Tệp số liệu không đúng cú pháp YAML ở dòng 1, cột 15: "
            "có dấu hai chấm ':' ở chỗ không được có (thụt lề sai, hoặc giá trị có dấu ':' mà "
            "không đặt trong ngoặc kép).",
        ),
    ],
)
def test_more_yaml_syntax_errors(change, expected):
    assert messages(GOOD.replace(*change)) == [expected + "\n" + FIX_SYNTAX]


def test_an_empty_file():
    assert messages("") == [
        "LỖI data/thong-ke/mau.yaml: Tệp số liệu trống hoặc không có dạng 'tên: giá trị'.\n"
        "    Cách sửa: Viết các trường title:, source:, year: và items: như mẫu trong "
        "docs/huong-dan-thong-ke.md."
    ]


def test_required_fields_missing():
    text = "\n".join(
        line
        for line in GOOD.splitlines()
        if not line.startswith(("title:", "year:", "    label: Hội viên mới"))
    )
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:1: Thiếu trường bắt buộc 'title' (tiêu đề) ở đầu tệp.\n"
        "    Cách sửa: Thêm dòng 'title: Kết quả công tác khuyến học năm 2022'.",
        "LỖI data/thong-ke/mau.yaml:1: Thiếu năm của số liệu (trường 'year') hoặc kỳ số liệu "
        "(trường 'period').\n"
        "    Cách sửa: Thêm dòng 'year: 2022' ở đầu tệp, hoặc 'period: 6 tháng đầu năm 2023'.",
        "LỖI data/thong-ke/mau.yaml:3: Thiếu trường bắt buộc 'label' (tên chỉ tiêu) ở chỉ tiêu "
        "'hoi-vien-moi'.\n"
        "    Cách sửa: Thêm dòng 'label: Hội viên mới'.",
    ]


def test_items_missing():
    text = GOOD.split("items:")[0]
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:1: Thiếu danh sách chỉ tiêu (trường 'items').\n"
        "    Cách sửa: Thêm 'items:' rồi mỗi chỉ tiêu một mục bắt đầu bằng '- key: …', có "
        "'label:' và 'value:'. Xem mẫu trong docs/huong-dan-thong-ke.md."
    ]


def test_a_value_missing():
    text = GOOD.replace("    value: 286354\n", "")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:5: Thiếu trường bắt buộc 'value' (giá trị) ở chỉ tiêu "
        "'hoi-vien-moi'.\n"
        "    Cách sửa: Thêm dòng 'value: 286354'."
    ]


@pytest.mark.parametrize(
    ("field", "written", "expected"),
    [
        (
            "value",
            "286354 người",
            "LỖI data/thong-ke/mau.yaml:7: Giá trị '286354 người' của trường 'value' (giá trị) ở "
            "chỉ tiêu 'hoi-vien-moi' không phải là một con số.\n"
            "    Cách sửa: Chỉ viết con số, không kèm chữ; đơn vị ghi ở trường 'unit' (ví dụ "
            "'unit: đồng' và 'value: 61600000000' cho 61,6 tỉ đồng).",
        ),
        (
            "value",
            "61,6 tỉ",
            "LỖI data/thong-ke/mau.yaml:7: Giá trị '61,6 tỉ' của trường 'value' (giá trị) ở chỉ "
            "tiêu 'hoi-vien-moi' không phải là một con số.\n"
            "    Cách sửa: Chỉ viết con số, không kèm chữ; đơn vị ghi ở trường 'unit' (ví dụ "
            "'unit: đồng' và 'value: 61600000000' cho 61,6 tỉ đồng).",
        ),
        (
            "value",
            "2.318.000",
            "LỖI data/thong-ke/mau.yaml:7: Giá trị '2.318.000' của trường 'value' (giá trị) ở chỉ "
            "tiêu 'hoi-vien-moi' không phải là một con số.\n"
            "    Cách sửa: Viết liền các chữ số, không dấu ngăn cách hàng nghìn: 'value: 2318000'.",
        ),
        (
            "value",
            "yes",
            "LỖI data/thong-ke/mau.yaml:7: Giá trị 'yes' của trường 'value' (giá trị) ở chỉ tiêu "
            "'hoi-vien-moi' không phải là một con số.\n"
            "    Cách sửa: Chỉ viết con số, không kèm chữ; đơn vị ghi ở trường 'unit' (ví dụ "
            "'unit: đồng' và 'value: 61600000000' cho 61,6 tỉ đồng).",
        ),
        (
            "value",
            "",
            "LỖI data/thong-ke/mau.yaml:7: Trường 'value' (giá trị) của chỉ tiêu 'hoi-vien-moi' "
            "chưa có giá trị.\n"
            "    Cách sửa: Viết một con số sau dấu hai chấm, ví dụ 'value: 286354'.",
        ),
        (
            "percent",
            "37,65",
            "LỖI data/thong-ke/mau.yaml:8: Giá trị '37,65' của trường 'percent' (tỉ lệ phần trăm) "
            "ở chỉ tiêu 'hoi-vien-moi' không phải là một con số.\n"
            "    Cách sửa: Phần thập phân dùng dấu chấm: viết 'percent: 37.65'.",
        ),
        (
            "percent",
            "37.65%",
            "LỖI data/thong-ke/mau.yaml:8: Giá trị '37.65%' của trường 'percent' (tỉ lệ phần trăm) "
            "ở chỉ tiêu 'hoi-vien-moi' không phải là một con số.\n"
            "    Cách sửa: Bỏ dấu %: viết 'percent: 37.65' (nghĩa là 37,65%).",
        ),
    ],
)
def test_a_value_that_is_not_a_number(field, written, expected):
    line = (
        f"    value: {written}"
        if field == "value"
        else f"    value: 286354\n    percent: {written}"
    )
    assert messages(GOOD.replace("    value: 286354", line)) == [expected]


def test_a_thousands_dot_is_refused_not_read_as_a_fraction():
    assert messages(GOOD.replace("value: 491612", "value: 491.612")) == [
        "LỖI data/thong-ke/mau.yaml:10: Giá trị '491.612' của trường 'value' ở chỉ tiêu "
        "'tong-hoi-vien' dễ bị hiểu sai: trong tệp YAML dấu chấm là dấu thập phân, nên '491.612' "
        "được đọc là 491,612, không phải 491.612.\n"
        "    Cách sửa: Viết liền các chữ số, không dấu chấm: 'value: 491612'."
    ]


@pytest.mark.parametrize("percent", ["137.65", "-1", "100.01"])
def test_a_percent_outside_0_to_100(percent):
    shown = {"137.65": "137,65", "-1": "-1", "100.01": "100,01"}[percent]
    assert messages(GOOD.replace("percent: 37.65", f"percent: {percent}")) == [
        f"LỖI data/thong-ke/mau.yaml:11: Tỉ lệ {shown}% của chỉ tiêu 'tong-hoi-vien' nằm ngoài "
        "khoảng 0 đến 100.\n"
        "    Cách sửa: Viết tỉ lệ phần trăm là một số từ 0 đến 100, không kèm dấu %: "
        "'percent: 37.65' nghĩa là 37,65%."
    ]


@pytest.mark.parametrize("percent", ["0", "100", "0.5"])
def test_percent_bounds_are_allowed(percent):
    assert parse(GOOD.replace("percent: 37.65", f"percent: {percent}"))[1] == []


def test_a_duplicate_item_key():
    text = GOOD.replace("key: tong-hoi-vien", "key: hoi-vien-moi")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:8: Mã chỉ tiêu 'hoi-vien-moi' bị trùng: đã dùng ở dòng 5.\n"
        "    Cách sửa: Mỗi chỉ tiêu trong một tệp có một mã (key) riêng; đổi mã của một trong hai."
    ]


def test_a_field_written_twice():
    text = GOOD.replace("year: 2022", "year: 2022\ntitle: Tiêu đề khác")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:4: Trường 'title' được viết hai lần (dòng 1 và dòng 4); chỉ "
        "một giá trị được dùng.\n"
        "    Cách sửa: Xoá một trong hai dòng, giữ lại giá trị đúng."
    ]


def test_an_unknown_field_suggests_the_closest():
    text = GOOD.replace("percent: 37.65", "percnt: 37.65")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:11: Trường 'percnt' của chỉ tiêu 'tong-hoi-vien' không có "
        "trong mẫu. Có phải ý bạn là 'percent'?\n"
        "    Cách sửa: Các trường dùng được: key, label, value, unit, percent, of, note. Xem mẫu "
        "trong docs/huong-dan-thong-ke.md."
    ]


def test_a_value_above_its_total():
    text = GOOD.replace("value: 286354", "value: 110\n    of: 109")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:7: Giá trị 110 của chỉ tiêu 'hoi-vien-moi' lớn hơn tổng số "
        "'of' (109).\n"
        "    Cách sửa: 'value' là phần đạt được, 'of' là tổng số: 'value: 109' và 'of: 109' nghĩa "
        "là 109/109. Kiểm tra lại hai con số."
    ]


def test_a_key_that_is_not_a_slug_and_a_bad_year():
    text = GOOD.replace("key: hoi-vien-moi", "key: Hội viên mới").replace(
        "year: 2022", "year: 2O22"
    )
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:3: Năm '2O22' (trường 'year') không hợp lệ.\n"
        "    Cách sửa: Viết năm bằng bốn chữ số, ví dụ 'year: 2022'; nếu số liệu theo kỳ, dùng "
        "'period: 6 tháng đầu năm 2023'.",
        "LỖI data/thong-ke/mau.yaml:5: Mã chỉ tiêu 'Hội viên mới' chỉ được có chữ thường không "
        "dấu, chữ số và dấu gạch ngang.\n"
        "    Cách sửa: Ví dụ 'key: hoi-vien-moi'. Bài viết dùng mã này để chọn chỉ tiêu.",
    ]


def test_a_source_url_that_is_not_a_web_address():
    text = GOOD.replace("year: 2022", "year: 2022\nsource_url: javascript:alert(1)")
    assert messages(text) == [
        "LỖI data/thong-ke/mau.yaml:4: Địa chỉ nguồn 'javascript:alert(1)' (trường 'source_url') "
        "không phải là một địa chỉ web.\n"
        "    Cách sửa: Viết đầy đủ, bắt đầu bằng https:// hoặc http://, ví dụ "
        "'source_url: https://congdankhuyenhoc.vn'."
    ]


def test_a_file_name_that_is_not_an_id():
    assert [e.message for e in parse(GOOD, "Số liệu 2022")[1]] == [
        "Tên tệp 'Số liệu 2022' không dùng được làm mã bộ số liệu."
    ]


# --- Markers in articles ------------------------------------------------------------------------


def test_parse_marker():
    assert parse_marker(" soc-trang-2022 ") == ("soc-trang-2022", (), False)
    assert parse_marker("soc-trang-2022 | a, b ,a") == ("soc-trang-2022", ("a", "b"), True)
    assert parse_marker("x |") == ("x", (), True)


def write_source(tmp_path, body: str) -> str:
    path = tmp_path / "bai.md"
    path.write_text(article(body=body), encoding="utf-8")
    return str(path)


def test_a_marker_becomes_a_box_even_after_typogrify(tmp_path, datasets):
    # What Markdown and typogrify leave of "[[thong-ke: mau | tong-hoi-vien, hoi-vien-moi]]".
    html = "<p>Trước.</p>\n<p>[[thong-ke: mau | tong-hoi-vien,&nbsp;hoi-vien-moi]]</p>\n<p>Sau.</p>"
    result, errors = expand(html, write_source(tmp_path, ""))
    assert errors == []
    soup = BeautifulSoup(result, "lxml")
    assert [p.get_text() for p in soup.find_all("p")] == ["Trước.", "Sau."]
    assert list(rows(soup.figure)) == ["Tổng số hội viên", "Hội viên mới"]
    assert "[[" not in result


def test_a_marker_line_inside_a_paragraph_splits_it(tmp_path, datasets):
    html = "<p>Dòng một\n[[thong-ke:&nbsp;mau]]\nDòng hai</p>"
    result, errors = expand(html, write_source(tmp_path, ""))
    assert errors == []
    assert re.fullmatch(r"<p>Dòng một</p>\n<figure.*</figure>\n<p>Dòng hai</p>", result, re.S)


def test_markers_in_code_are_left_alone(tmp_path, datasets):
    html = (
        "<p>Viết <code>[[thong-ke: mau]]</code> để chèn bảng.</p>\n"
        "<pre><code>[[thong-ke: khong-co]]\n</code></pre>"
    )
    assert expand(html, write_source(tmp_path, "")) == (html, [])


def test_no_marker_no_work(datasets):
    html = "<p>Không có bảng.</p>"
    assert expand(html, "/khong/co.md") == (html, [])


def test_an_unknown_dataset_names_the_article_line_and_the_closest_ids(tmp_path, datasets):
    body = "Đoạn một.\n\n[[thong-ke: soc-trang-2O22]]\n"
    path = write_source(tmp_path, body)
    _, errors = expand("<p>Đoạn một.</p>\n<p>[[thong-ke:&nbsp;soc-trang-2O22]]</p>", path)
    assert [e.format(str(tmp_path)) for e in errors] == [
        "LỖI bai.md:9: Không có bộ số liệu 'soc-trang-2O22' (tệp "
        "content/data/thong-ke/soc-trang-2O22.yaml). Có phải ý bạn là 'soc-trang-2022'?\n"
        "    Cách sửa: Dùng đúng tên một tệp trong content/data/thong-ke/, bỏ đuôi .yaml: "
        "soc-trang-2022."
    ]


def test_an_unknown_item_key(tmp_path, datasets):
    body = "[[thong-ke: mau | hoi-vien-moi, tong-hoi-vien-x]]"
    path = write_source(tmp_path, body)
    _, errors = expand(f"<p>{body}</p>", path)
    assert [e.format(str(tmp_path)) for e in errors] == [
        "LỖI bai.md:7: Bộ số liệu 'mau' không có chỉ tiêu 'tong-hoi-vien-x'. Có phải ý bạn là "
        "'tong-hoi-vien'?\n"
        "    Cách sửa: Dùng mã chỉ tiêu (key) có trong tệp content/data/thong-ke/mau.yaml: "
        "hoi-vien-moi, tong-hoi-vien."
    ]


def test_an_empty_subset_and_an_empty_id(tmp_path, datasets):
    body = "[[thong-ke: mau |]]\n\n[[thong-ke: ]]"
    path = write_source(tmp_path, body)
    _, errors = expand("<p>[[thong-ke: mau |]]</p>\n<p>[[thong-ke: ]]</p>", path)
    assert [e.format(str(tmp_path)) for e in errors] == [
        "LỖI bai.md:7: Sau dấu '|' trong dòng '[[thong-ke: mau |]]' chưa có mã chỉ tiêu nào.\n"
        "    Cách sửa: Liệt kê mã chỉ tiêu, cách nhau bằng dấu phẩy, ví dụ [[thong-ke: "
        "soc-trang-2022 | hoi-vien-moi, hoc-bong]]; hoặc bỏ dấu '|' để hiện cả bảng.",
        "LỖI bai.md:9: Dòng '[[thong-ke: ]]' chưa ghi mã bộ số liệu.\n"
        "    Cách sửa: Viết tên tệp số liệu (bỏ đuôi .yaml) sau dấu hai chấm, ví dụ "
        "[[thong-ke: soc-trang-2022]].",
    ]


def test_a_marker_sharing_its_line_with_text(tmp_path, datasets):
    body = "Xem bảng [[thong-ke: mau]] dưới đây.\n\n- [[thong-ke: mau]]"
    path = write_source(tmp_path, body)
    html = (
        "<p>Xem bảng [[thong-ke: mau]] dưới&nbsp;đây.</p>\n<ul>\n<li>[[thong-ke: mau]]</li>\n</ul>"
    )
    result, errors = expand(html, path)
    fix = (
        "    Cách sửa: Tách dòng [[thong-ke: …]] ra riêng, có một dòng trống trước và sau. Nếu "
        "muốn viết cú pháp này như chữ thường, đặt nó giữa hai dấu `."
    )
    message = "Dòng '[[thong-ke: mau]]' phải nằm riêng một dòng, không chung với chữ khác."
    assert [e.format(str(tmp_path)) for e in errors] == [
        f"LỖI bai.md:7: {message}\n{fix}",
        f"LỖI bai.md:9: {message}\n{fix}",
    ]
    assert result == html


def test_a_misspelt_marker_is_not_left_silently_as_text(tmp_path, datasets):
    body = "[[thống kê: mau]]\n\n[[số liệu]]"
    path = write_source(tmp_path, body)
    html = "<p>[[thống kê: mau]]</p>\n<p>[[số liệu]]</p>"
    result, errors = expand(html, path)
    fix = (
        "    Cách sửa: Viết đúng cú pháp, chữ không dấu, có gạch ngang và dấu hai chấm: "
        "[[thong-ke: soc-trang-2022]] cho một bảng số liệu; [[so-lieu]] cho toàn bộ số liệu "
        "(trang Số liệu)."
    )
    assert [e.format(str(tmp_path)) for e in errors] == [
        "LỖI bai.md:7: Không hiểu '[[thống kê:…': có phải ý bạn là "
        f"'[[thong-ke: soc-trang-2022]]'?\n{fix}",
        f"LỖI bai.md:9: Không hiểu '[[số liệu]]': có phải ý bạn là '[[so-lieu]]'?\n{fix}",
    ]
    assert result == html
    # Other double brackets are the editor's own business.
    assert expand("<p>[[Ghi chú]] và [[1]]</p>", path) == ("<p>[[Ghi chú]] và [[1]]</p>", [])


def test_the_overview_marker(tmp_path, datasets):
    result, errors = expand("<p>Mở đầu.</p>\n<p>[[so-lieu]]</p>", write_source(tmp_path, ""))
    assert errors == []
    soup = BeautifulSoup(result, "lxml")
    # Each dataset is a column of the comparison tables, and its source an anchor to link to.
    assert {li["id"] for li in soup.select(".stats-sources li")} == {"soc-trang-2022", "mau"}
    assert soup.select(".stats-topic table.stats-compare")


def test_the_same_bad_marker_twice_names_both_lines(tmp_path, datasets):
    body = "[[thong-ke: khong-co]]\n\nGiữa.\n\n[[thong-ke: khong-co]]"
    path = write_source(tmp_path, body)
    html = "<p>[[thong-ke: khong-co]]</p>\n<p>Giữa.</p>\n<p>[[thong-ke: khong-co]]</p>"
    _, errors = expand(html, path)
    assert [e.line for e in errors] == [7, 11]


def test_a_broken_dataset_is_reported_once_not_again_in_each_article(tmp_path, datasets):
    html = "<p>[[thong-ke: hong]]</p>"
    assert expand(html, write_source(tmp_path, "[[thong-ke: hong]]")) == (html, [])


def test_boxes_are_rendered_once_per_build_and_datasets_read_once(tmp_path, monkeypatch):
    folder = tmp_path / "content" / "data" / "thong-ke"
    folder.mkdir(parents=True)
    (folder / "mau.yaml").write_text(GOOD, encoding="utf-8")
    parsed, rendered = [], []
    real_parse, real_render = stats_boxes.load_folder, stats_boxes.render_box

    def counting_load(*args):
        parsed.append(args)
        return real_parse(*args)

    def counting_render(*args, **kwargs):
        rendered.append(args)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(stats_boxes, "_state", stats_boxes._State())
    monkeypatch.setattr(stats_boxes, "load_folder", counting_load)
    monkeypatch.setattr(stats_boxes, "render_box", counting_render)
    stats_boxes.load({"PATH": str(tmp_path / "content")})
    for number in range(50):
        html, errors = expand("<p>[[thong-ke: mau]]</p>", f"/bai-{number}.md")
        assert errors == [] and "<figure" in html
    assert len(parsed) == 1 and len(rendered) == 1


# --- Random input never ends in a traceback -------------------------------------------------------

scalars = st.one_of(
    st.integers(-(10**18), 10**18),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, min_value=-(10**16), max_value=10**16
    ),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.booleans(),
    st.none(),
    st.sampled_from(
        ["491.612", "37,65", "61,6 tỉ", "1e400", "0x1F", "1_000", ".inf", "~", "12:30"]
    ),
)
values = st.one_of(
    scalars,
    st.lists(scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
)
item_fields = st.dictionaries(
    st.sampled_from(["key", "label", "value", "unit", "percent", "of", "note", "x"]),
    values,
    max_size=8,
)
dataset_fields = st.dictionaries(
    st.sampled_from(
        ["title", "source", "source_url", "year", "period", "unit", "sample", "note", "y"]
    ),
    values,
    max_size=9,
)


def _plain(value):
    """YAML can dump only plain types; Decimal becomes its text."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _check(text: str):
    dataset, errors = parse(text)
    if dataset is None:
        assert errors, "no box and no error"
        for error in errors:
            assert error.path == PATH and error.message and error.fix
            assert error.line is None or error.line >= 1
        return
    assert errors == []
    html = render_box(dataset)
    figure = BeautifulSoup(html, "lxml").figure
    assert len(figure.select("tbody tr")) == len(dataset.items)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fields=dataset_fields, items=st.lists(item_fields, max_size=4))
def test_random_datasets_give_a_box_or_a_clear_error(fields, items):
    document = {**_plain(fields), "items": [_plain(i) for i in items]}
    _check(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(
    fields=st.fixed_dictionaries(
        {"title": st.text(min_size=1, max_size=30), "source": st.text(min_size=1, max_size=30)}
    ),
    year=st.integers(1900, 2100),
    numbers=st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**14, places=2, allow_nan=False),
            st.one_of(st.none(), st.decimals(min_value=-50, max_value=150, places=2)),
            st.sampled_from(["", "đồng", "suất"]),
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_random_values_give_a_box_or_a_clear_error(fields, year, numbers):
    items = []
    for index, (value, percent, unit) in enumerate(numbers):
        item = {"key": f"k{index}", "label": f"Chỉ tiêu {index}", "value": str(value)}
        if percent is not None:
            item["percent"] = str(percent)
        if unit:
            item["unit"] = unit
        items.append(item)
    text = yaml.safe_dump({**fields, "year": year, "items": items}, allow_unicode=True)
    text = text.replace("'", "")  # numbers unquoted, as editors write them (may break the YAML)
    _check(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_random_text_gives_a_box_or_a_clear_error(text):
    _check(text)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(alphabet=st.sampled_from("[]|:, ab-\n&;<>p/thongke"), max_size=60))
def test_random_markers_never_raise(datasets, body):
    html = f"<p>[[thong-ke:{body}]]</p><p>{body}</p>"
    result, errors = expand(html, "/khong-co.md")
    assert isinstance(result, str)
    assert all(e.message and e.fix for e in errors)


# --- Builds -------------------------------------------------------------------------------------


def assert_refused(result):
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "Không xuất bản: có" in result.stderr


def test_a_small_site_with_a_box(small_site):
    body = "Mở đầu.\n\n[[thong-ke: mau | tong-hoi-vien]]\n\nKết thúc."
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article("Tin có bảng", body=body),
            "data/thong-ke/mau.yaml": GOOD,
        }
    )
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (out / "tin-khen-thuong/tin-co-bang/index.html").read_text("utf-8"), "lxml"
    )
    figure = page.select_one(".article-body figure.stats-box")
    assert rows(figure) == {"Tổng số hội viên": ("491.612", "37,65%")}
    assert figure.select_one(".stats-more") is None  # no Số liệu page in this site
    # The data folder is neither copied to the output nor read as content.
    assert not list(out.rglob("*.yaml")) and not (out / "data").exists()
    # The Atom feed carries the same table, readable without the site's CSS.
    feed = (out / "feeds/tat-ca.atom.xml").read_text("utf-8")
    entry = BeautifulSoup(BeautifulSoup(feed, "xml").entry.content.get_text(), "lxml")
    assert rows(entry.select_one("figure.stats-box")) == {"Tổng số hội viên": ("491.612", "37,65%")}


def test_a_changed_dataset_shows_on_the_next_build_despite_the_cache(small_site):
    files = {
        "tin-khen-thuong/a.md": article("Tin có bảng", body="[[thong-ke: mau | hoi-vien-moi]]"),
        "data/thong-ke/mau.yaml": GOOD,
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    # Only the dataset changes: the article, unchanged, comes from Pelican's reader cache.
    result, out = small_site({"data/thong-ke/mau.yaml": GOOD.replace("286354", "300001")})
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup(
        (out / "tin-khen-thuong/tin-co-bang/index.html").read_text("utf-8"), "lxml"
    )
    assert rows(page.select_one("figure.stats-box")) == {"Hội viên mới": ("300.001", "")}


@pytest.mark.parametrize("status", ["published", "draft"])
def test_boxes_link_to_the_statistics_page_unless_it_is_a_draft(small_site, status):
    page = f"Title: Số liệu\nSummary: Mọi số liệu.\nStatus: {status}\n\n[[so-lieu]]\n"
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article("Tin có bảng", body="[[thong-ke: mau]]"),
            "pages/so-lieu.md": page,
            "data/thong-ke/mau.yaml": GOOD,
        },
        SITEURL="https://vi-du.vn",
    )
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-co-bang/index.html").read_text("utf-8")
    link = BeautifulSoup(html, "lxml").select_one("figure.stats-box .stats-more")
    if status == "draft":
        assert link is None
    else:
        assert link["href"] == "https://vi-du.vn/so-lieu/#mau"
        assert (out / "so-lieu/index.html").exists()


def test_a_build_with_an_unknown_dataset_stops_with_the_articles_line(small_site):
    body = "Mở đầu.\n\n[[thong-ke: soc-trang-2O22]]"
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article("Tin có bảng", body=body),
            "data/thong-ke/soc-trang-2022.yaml": GOOD,
        }
    )
    assert_refused(result)
    assert (
        "LỖI tin-khen-thuong/a.md:9: Không có bộ số liệu 'soc-trang-2O22' (tệp "
        "content/data/thong-ke/soc-trang-2O22.yaml). Có phải ý bạn là 'soc-trang-2022'?\n"
        "    Cách sửa: Dùng đúng tên một tệp trong content/data/thong-ke/, bỏ đuôi .yaml: "
        "soc-trang-2022."
    ) in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_build_with_a_broken_dataset_names_the_yaml_file(small_site):
    result, _ = small_site(
        {
            "tin-khen-thuong/a.md": article("Tin có bảng", body="[[thong-ke: mau]]"),
            "data/thong-ke/mau.yaml": GOOD.replace("percent: 37.65", "percent: 137.65"),
        }
    )
    assert_refused(result)
    assert (
        "LỖI data/thong-ke/mau.yaml:11: Tỉ lệ 137,65% của chỉ tiêu 'tong-hoi-vien' nằm ngoài "
        "khoảng 0 đến 100." in result.stderr
    )
    assert "Không xuất bản: có 1 lỗi" in result.stderr  # the article is not blamed too


def test_the_data_folder_is_outside_the_content_paths():
    conf = (ROOT / "pelicanconf.py").read_text("utf-8")
    namespace: dict = {"__file__": str(ROOT / "pelicanconf.py")}
    exec(compile(conf, "pelicanconf.py", "exec"), namespace)
    data = namespace["STATS_DATA_PATH"].split("/")[0]
    for setting in ("ARTICLE_PATHS", "PAGE_PATHS", "STATIC_PATHS"):
        assert data not in namespace[setting], setting
    assert "stats_boxes" in namespace["PLUGINS"]


# --- The real content ----------------------------------------------------------------------------


def test_the_seed_article_shows_all_twelve_figures(site):
    page = BeautifulSoup((site / SEED_URL / "index.html").read_text("utf-8"), "lxml")
    figures = page.select(".article-body figure.stats-box")
    assert len(figures) == 1
    figure = figures[0]
    assert rows(figure) == SEED_FIGURES
    caption = clean(figure.figcaption.get_text())
    assert caption.startswith("Kết quả công tác khuyến học năm 2022 Tỉnh Sóc Trăng · Năm 2022")
    assert "Nguồn: Tạp chí Công dân và Khuyến học" in caption
    assert figure.select_one(".stats-more")["href"] == "/so-lieu/#soc-trang-2022"
    bars = [float(meter["value"]) for meter in figure.select("tbody meter")]
    assert bars == [37.65, 40.9, 50.5, 69, 73.57]  # one bar per percentage
    # Its figures are searched on the Số liệu page; here they would only crowd the index.
    assert figure["data-pagefind-ignore"] == "all"
    # Right after the paragraph with the 2022 figures of the learning centres.
    previous = figure.find_previous_sibling("p")
    assert clean(previous.get_text()).endswith("có 81.245 lượt người dự.")
    assert "[[" not in page.get_text()


def test_the_seed_article_has_one_marker_on_a_line_of_its_own():
    source = ROOT / "content/tin-khen-thuong/hoi-khuyen-hoc-soc-trang-nhan-co-thi-dua-chinh-phu.md"
    lines = source.read_text("utf-8").splitlines()
    markers = [n for n, line in enumerate(lines) if "[[thong-ke" in line]
    assert [lines[n] for n in markers] == ["[[thong-ke: soc-trang-2022]]"]
    n = markers[0]
    assert lines[n - 1] == "" and lines[n + 1] == "" and "81.245 lượt người dự" in lines[n - 2]


def test_the_seed_box_in_the_feed(site):
    feed = BeautifulSoup((site / "feeds/tat-ca.atom.xml").read_text("utf-8"), "xml")
    for entry in feed.find_all("entry"):
        if "cờ thi đua" in entry.title.get_text():
            content = BeautifulSoup(entry.content.get_text(), "lxml")
            assert rows(content.select_one("figure.stats-box")) == SEED_FIGURES
            return
    pytest.fail("the seed article is not in the feed")


def test_yaml_files_are_not_published(site):
    assert not list(site.rglob("*.yaml")) and not list(site.rglob("*.yml"))


def test_the_box_is_light(site):
    import gzip

    page = (site / SEED_URL / "index.html").read_text("utf-8")
    box = re.search(r"<figure class=\"stats-box\".*?</figure>", page, re.S).group(0)
    assert len(box.encode()) < 4000
    assert len(gzip.compress(box.encode())) < 1200


def test_editors_guide_exists():
    guide = (ROOT / "docs" / "huong-dan-thong-ke.md").read_text("utf-8")
    assert "[[thong-ke: soc-trang-2022 | hoi-vien-moi, hoc-bong]]" in guide
    assert Path(ROOT / "content/data/thong-ke/soc-trang-2022.yaml").is_file()
