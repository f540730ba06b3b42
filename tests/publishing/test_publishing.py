"""Nothing unfinished reaches the public: sample articles and data, placeholder photos, "(điền …)"
and empty contact details stop a publish build, naming the file and the line; a demo build shows
them, marked. Contact details are settings, shown in the footer and on Liên hệ."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from sitebuild import ROOT, article, run_pelican

from khuyenhoc.unfinished import parse_flag
from photos.images import PLACEHOLDER_MARK
from publishing import ContactRow, contact_rows

PLUGINS = ["vietnamese", "content_rules", "photos", "stats_boxes", "publishing"]
CONTACT = {
    "CONTACT_ADDRESS": "Số 1 đường Thử, phường Sóc Trăng, thành phố Cần Thơ",
    "CONTACT_PHONE": "0299 3 000 000",
    "CONTACT_EMAIL": "bbt@example.org",
}
PUBLISH = {"ALLOW_SAMPLES": False, **CONTACT}
SUFFIX = " Bản xuất bản không đăng nội dung chưa hoàn chỉnh."


@pytest.fixture
def site_plugins():
    return PLUGINS


def jpeg(comment: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (20, 90, 70)).save(buffer, "JPEG", comment=comment)
    return buffer.getvalue()


PLACEHOLDER_BODY = (
    "Đoạn mở đầu.\n\n"
    '![Ảnh giữ chỗ của bài]({static}/images/giu-cho.jpg "Trao cờ. Ảnh: Hội Khuyến học tỉnh")\n'
)
SAMPLE_DATA = """title: Kết quả năm 2021
source: Báo cáo
year: 2021
sample: true
items:
  - key: hoi-vien
    label: Hội viên
    value: 100
"""


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("LỖI")]


def test_publish_refuses_each_kind_of_unfinished_content(small_site):
    result, out = small_site(
        {
            "tin-khen-thuong/mau.md": article("Bài mẫu: thử", extra="Sample: true"),
            "tin-khen-thuong/anh.md": article(
                "Bài có ảnh giữ chỗ", date="2024-02-09 08:00", body=PLACEHOLDER_BODY
            ),
            "tin-khen-thuong/trong.md": article(
                "Bài còn chỗ trống",
                date="2024-02-10 08:00",
                body="Đoạn một.\n\nĐịa chỉ: (điền địa chỉ trụ sở Hội).\n",
            ),
            "tin-khen-thuong/nhap.md": article(
                "Bài nháp", date="2024-02-11 08:00", extra="Status: draft\nSample: true"
            ),
            "images/giu-cho.jpg": jpeg(PLACEHOLDER_MARK.encode()),
            "data/thong-ke/mau-2021.yaml": SAMPLE_DATA,
        },
        **PUBLISH,
    )
    assert result.returncode == 1
    assert error_lines(result.stderr) == [
        "LỖI data/thong-ke/mau-2021.yaml:4: Bộ số liệu 'mau-2021' là số liệu mẫu (sample: true)."
        + SUFFIX,
        "LỖI tin-khen-thuong/anh.md:9: Ảnh 'giu-cho.jpg' là ảnh giữ chỗ, không phải ảnh thật."
        + SUFFIX,
        "LỖI tin-khen-thuong/mau.md:6: Đây là bài mẫu (Sample: true)." + SUFFIX,
        "LỖI tin-khen-thuong/trong.md:9: Còn chỗ trống chưa điền: '(điền địa chỉ trụ sở Hội)'."
        + SUFFIX,
    ]
    assert "Cách sửa: Thay nội dung bằng bài thật rồi xoá dòng 'Sample: true'" in result.stderr
    assert not out.exists(), "a refused build wrote files"


def test_publish_refuses_empty_contact_details(small_site):
    result, _out = small_site(
        {"tin-khen-thuong/a.md": article()},
        **(PUBLISH | {"CONTACT_PHONE": "", "CONTACT_EMAIL": "(điền thư điện tử)"}),
    )
    assert result.returncode == 1
    lines = error_lines(result.stderr)
    assert [line.split(": ", 1)[1] for line in lines] == [
        "Chưa có điện thoại của Hội (CONTACT_PHONE): thông tin liên hệ hiện ở chân mọi trang "
        "và trên trang Liên hệ." + SUFFIX,
        "Chưa có thư điện tử của Hội (CONTACT_EMAIL): thông tin liên hệ hiện ở chân mọi trang "
        "và trên trang Liên hệ." + SUFFIX,
    ]
    # Each names the line of the setting in pelicanconf.py.
    settings = (ROOT / "pelicanconf.py").read_text().splitlines()
    for line, name in zip(lines, ["CONTACT_PHONE", "CONTACT_EMAIL"], strict=True):
        number = int(line.split("pelicanconf.py:")[1].split(":")[0])
        assert settings[number - 1].startswith(f"{name} ="), line


def test_a_finished_site_publishes(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article()}, **PUBLISH)
    assert result.returncode == 0, result.stderr
    footer = BeautifulSoup((out / "index.html").read_text(), "html.parser").select_one("footer")
    assert CONTACT["CONTACT_ADDRESS"] in footer.get_text()


def test_the_demo_shows_samples_marked_and_never_credits_a_placeholder(small_site):
    result, out = small_site(
        {
            "tin-khen-thuong/mau.md": article("Bài mẫu: thử", extra="Sample: có"),
            "tin-khen-thuong/anh.md": article(
                "Bài có ảnh giữ chỗ", date="2024-02-09 08:00", body=PLACEHOLDER_BODY
            ),
            "images/giu-cho.jpg": jpeg(PLACEHOLDER_MARK.encode()),
        },
        ALLOW_SAMPLES=True,
    )
    assert result.returncode == 0, result.stderr
    sample = BeautifulSoup((out / "tin-khen-thuong/bai-mau-thu/index.html").read_text(), "lxml")
    assert "Bài mẫu" in sample.select_one(".sample-note").get_text()
    page = BeautifulSoup(
        (out / "tin-khen-thuong/bai-co-anh-giu-cho/index.html").read_text(), "lxml"
    )
    caption = page.select_one("figcaption")
    assert caption.get_text() == "Ảnh 1. Trao cờ. Ảnh giữ chỗ, không phải ảnh thật."
    assert "Hội Khuyến học tỉnh" not in caption.get_text()
    # Empty contact details say so in the demo.
    footer = sample.select_one("footer .contact").get_text(" ", strip=True)
    assert footer.count("chưa điền") == 3


def test_a_sample_flag_that_is_not_a_flag_is_an_error_even_in_the_demo(small_site):
    result, _out = small_site(
        {"tin-khen-thuong/a.md": article(extra="Sample: có lẽ")}, ALLOW_SAMPLES=True
    )
    assert result.returncode == 1
    assert "LỖI tin-khen-thuong/a.md:6: Không hiểu 'Sample: có lẽ'." in result.stderr


@pytest.mark.parametrize(
    ("value", "flag"),
    [("true", True), ("Có", True), ("1", True), ("false", False), ("không", False), ("x", None)],
)
def test_parse_flag(value, flag):
    assert parse_flag(value) is flag


def test_contact_rows_escape_and_link():
    rows = contact_rows(
        {
            "CONTACT_ADDRESS": "Số 1 <đường> & ngõ",
            "CONTACT_PHONE": "0299 3.000.000",
            "CONTACT_EMAIL": "",
        }
    )
    assert rows[0] == ContactRow("Địa chỉ", "Số 1 &lt;đường&gt; &amp; ngõ", False)
    assert rows[1].html == '<a href="tel:02993000000">0299 3.000.000</a>'
    assert rows[2].missing and "chưa điền" in rows[2].html


def test_the_real_content_is_refused_by_make_publish(tmp_path):
    """The repository holds a demo: publishconf.py names every unfinished piece, and
    ALLOW_SAMPLES=1 builds it as production would."""
    out = tmp_path / "output"
    result = run_pelican(ROOT / "content", out, settings_file="publishconf.py")
    assert result.returncode == 1
    refused = error_lines(result.stderr)
    for expected in [
        "LỖI data/thong-ke/soc-trang-2021-mau.yaml:",
        "LỖI guong-vuot-kho/bai-mau-sinh-vien-dap-xe-60-km.md:8: Đây là bài mẫu",
        "LỖI tin-khen-thuong/hoi-khuyen-hoc-soc-trang-nhan-co-thi-dua-chinh-phu.md:10: Ảnh "
        "'co-thi-dua-chinh-phu-anh-giu-cho.jpg' là ảnh giữ chỗ",
        "LỖI pelicanconf.py:",
    ]:
        assert any(line.startswith(expected) for line in refused), (expected, refused)
    assert not out.exists()
    demo = run_pelican(
        ROOT / "content", out, settings_file="publishconf.py", env={"ALLOW_SAMPLES": "1"}
    )
    assert demo.returncode == 0, demo.stderr


def test_drafts_and_scheduled_articles_are_never_published(tmp_path):
    """make serve previews them at nhap/…; a publish build writes neither, so neither their
    address nor the search index holds them."""
    import datetime as dt

    from sitebuild import build, write_files

    later = (dt.date.today() + dt.timedelta(days=30)).strftime("%d/%m/%Y 08:00")
    files = {
        "tin-khen-thuong/a.md": article("Tin đã đăng"),
        "tin-khen-thuong/b.md": article("Tin còn nháp", extra="Status: nháp"),
        "tin-khen-thuong/c.md": article("Tin hẹn đăng", date=later),
        "pages/d.md": "Title: Trang nháp\nStatus: nháp\n\nNội dung trang nháp.\n",
    }
    content = write_files(tmp_path / "content", files)
    plugins = ["vietnamese", "content_rules", "search"]
    preview = build(content, tmp_path / "preview", plugins=plugins)
    assert preview.returncode == 0, preview.stderr
    assert (tmp_path / "preview" / "nhap" / "tin-con-nhap" / "index.html").is_file()
    out = tmp_path / "output"
    result = build(content, out, plugins=plugins, settings_file="publishconf.py", **PUBLISH)
    assert result.returncode == 0, result.stderr
    written = [p.relative_to(out).as_posix() for p in out.rglob("*.html")]
    assert "tin-khen-thuong/tin-da-dang/index.html" in written
    assert not [p for p in written if "nhap" in p or "hen-dang" in p or "trang-nhap" in p]
    html = "".join((out / p).read_text(encoding="utf-8") for p in written)
    assert "Tin còn nháp" not in html and "Tin hẹn đăng" not in html
