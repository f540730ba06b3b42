"""The package for the magazine, from a small site written here: the Word file read back with
python-docx against the site's own page, the photos, the text, the draft email, the zip, the
same bytes twice, and the folder replaced whole."""

from __future__ import annotations

import email
import email.policy
import io
import os
import runpy
import unicodedata
import zipfile
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import docx
import pytest
from bs4 import BeautifulSoup
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from magazinebuild import MAGAZINE_EMAIL, SENDER, SmallSite, run_command_process
from PIL import ExifTags, Image
from sitebuild import ROOT, article, build, has_gps, heic_photo, huge_jpeg, photo, write_files

SLUG = "hoi-khuyen-hoc-xa-thu-trao-hoc-bong-tiep-suc-den-truong"
BODY = """Đoạn mở đầu có **chữ đậm**, *chữ nghiêng* và [trang giới thiệu của Hội](https://khuyenhocsoctrang.vn/gioi-thieu/).

![Học sinh nhận học bổng tại hội trường xã]({static}/images/2024/dien-thoai.jpg "Lễ trao học bổng năm học mới. Ảnh: Chi hội ấp Phước Hòa")

## Những con số của năm học

- Học sinh tiểu học được nhận học bổng
    - Khối lớp 1 và lớp 2
- Học sinh trung học cơ sở

1. Bước một: lập danh sách
2. Bước hai: trao tận tay

[[thong-ke: xa-thu-2024]]

![Tấm bằng khen của chi hội]({static}/images/2024/bang-khen.png "Bằng khen treo ở văn phòng chi hội. Ảnh: Nguyễn Văn Ảnh")

Quỹ đã vận động được 61,6 tỉ đồng; xem thêm tại <https://vi-du.vn/quy>."""
DATASET = """\
title: Kết quả khuyến học năm 2024
source: Hội Khuyến học xã Thử
source_url: https://vi-du.vn/so-lieu
year: 2024
unit: Xã Thử
items:
  - key: tong-hoi-vien
    label: Tổng số hội viên
    value: 491612
    percent: 37.65
    note: tỉ lệ so với dân số
  - key: quy
    label: Quỹ khuyến học
    value: 61_600_000_000
    unit: đồng
  - key: hoc-bong
    label: Học bổng
    value: 101235
    unit: suất
"""
FILES = {
    "tin-khen-thuong/trao-hoc-bong.md": article(
        "Hội Khuyến học xã Thử trao học bổng “Tiếp sức đến trường”",
        date="2024-09-20 15:00",
        author="Trần Văn Viết",
        summary="Sáng 20/9, Hội Khuyến học xã Thử trao 25 suất học bổng cho học sinh vượt khó.",
        body=BODY,
        extra="Tags: học bổng, khuyến học",
    ),
    "data/thong-ke/xa-thu-2024.yaml": DATASET,
    # A phone photo: stored sideways with EXIF orientation 6 and a GPS position.
    "images/2024/dien-thoai.jpg": photo((2400, 1600), orientation=6, gps=True),
    "images/2024/bang-khen.png": photo((900, 600), gps=True, fmt="PNG"),
}


def test_a_package_is_made_into_the_folder_as_pelicanconf_names_it(tmp_path):
    # MAGAZINE_OUTPUT_PATH is "output-tap-chi", from the project's folder: pandoc, run in the
    # package's work folder, was given its reference document by that relative path.
    site = SmallSite(tmp_path)
    write_files(site.content, FILES)
    run = site.run(SLUG, MAGAZINE_OUTPUT_PATH=os.path.relpath(site.packages, ROOT))
    assert run.returncode == 0, run.stderr
    assert [p.name for p in site.packages.rglob("*.docx")] == [f"{SLUG}.docx"]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The package, made twice into two folders, and the site built from the same content."""
    base = tmp_path_factory.mktemp("tap-chi")
    site = SmallSite(base)
    write_files(site.content, FILES)
    first = site.run(SLUG)
    assert first.returncode == 0, first.stderr
    again = site.run(SLUG, MAGAZINE_OUTPUT_PATH=str(base / "lan-hai"))
    assert again.returncode == 0, again.stderr
    settings = {k: v for k, v in site.settings().items() if not k.startswith("MAGAZINE")}
    settings["OUTPUT_PATH"] = str(base / "trang")
    result = build(site.content, base / "trang", settings_file="publishconf.py", **settings)
    assert result.returncode == 0, result.stderr
    page = base / "trang" / "tin-khen-thuong" / SLUG / "index.html"
    return site, first, base / "lan-hai", BeautifulSoup(page.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def folder(made) -> Path:
    return made[0].packages / SLUG


@pytest.fixture(scope="module")
def document(folder):
    return docx.Document(str(folder / f"{SLUG}.docx"))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def one_line(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def near(length, expected) -> bool:
    """Word keeps lengths in twentieths of a point: within one of them."""
    return abs(length - expected) <= 635


def body_paragraphs(document) -> list:
    """Top-level paragraphs of the body, in order (table cells are not among them)."""
    return [
        docx.text.paragraph.Paragraph(element, document)
        for element in document.element.body.iterchildren(qn("w:p"))
    ]


def site_blocks(page) -> list[str]:
    """The text of each paragraph the site shows in the article body, links written with their
    address as print needs; statistics boxes are compared as tables, elsewhere."""
    body = BeautifulSoup(str(page), "html.parser").select_one(".article-body")
    for box in body.select("figure.stats-box"):
        box.decompose()
    for link in body.find_all("a"):
        text = link.get_text()
        address = link["href"]
        link.replace_with(
            text if address.rstrip("/") == text.rstrip("/") else f"{text} ({address})"
        )
    blocks = []
    for element in body.find_all(["p", "h2", "h3", "li", "figcaption"]):
        if element.name == "li":
            if element.find("p", recursive=False):
                continue  # a loose item: its paragraphs are counted
            for nested in element.find_all(["ul", "ol"]):
                nested.extract()
        text = " ".join(element.get_text().replace("\n", " ").split(" "))
        blocks.append(" ".join(t for t in text.split(" ") if t))
    return blocks


def test_paragraphs_match_the_site_paragraph_by_paragraph(made, document):
    _site, _run, _again, page = made
    texts = [p.text for p in body_paragraphs(document) if p.text.strip()]
    head = [
        one_line(page.select_one("h1").get_text()),
        "Trần Văn Viết",
        "Thứ Sáu, 20/09/2024",
        one_line(page.select_one(".sapo").get_text()),
    ]
    assert [one_line(t) for t in texts[:4]] == head
    styles = {p.text: p.style.name for p in body_paragraphs(document)}
    body = [t for t in texts[4:] if styles[t] not in ("Table Caption", "Table Source")]
    expected = site_blocks(page)
    assert body[: len(expected)] == expected
    for text in texts:
        assert unicodedata.is_normalized("NFC", text), text
    assert "Lễ trao học bổng năm học mới." in " ".join(texts)
    # The end: the address on the site, then the sender.
    rest = body[len(expected) :]
    assert rest[0] == (
        "Bài đã đăng trên trang Hội Khuyến học tỉnh Sóc Trăng ngày Thứ Sáu, 20/09/2024: "
        f"https://khuyenhocsoctrang.vn/tin-khen-thuong/{SLUG}/"
    )
    assert rest[1].split("\n") == [
        "Thông tin người gửi bài:",
        SENDER["name"],
        f"Đơn vị: {SENDER['unit']}",
        f"Địa chỉ: {SENDER['address']}",
        f"Điện thoại: {SENDER['phone']}",
        f"Email: {SENDER['email']}",
    ]


def test_title_sapo_headings_lists_and_inline_styles(document):
    paragraphs = [p for p in body_paragraphs(document) if p.text.strip()]
    assert paragraphs[0].style.name == "Title"
    sapo = paragraphs[3]
    assert sapo.text.startswith("Sáng 20/9")
    assert all(run.bold for run in sapo.runs if run.text.strip())
    by_text = {one_line(p.text): p for p in paragraphs}
    assert by_text["Những con số của năm học"].style.name == "Heading 2"
    opening = next(p for p in paragraphs if p.text.startswith("Đoạn mở đầu"))
    assert [r.text for r in opening.runs if r.bold] == ["chữ đậm"]
    assert [r.text for r in opening.runs if r.italic] == ["chữ nghiêng"]
    assert opening.text.endswith("(https://khuyenhocsoctrang.vn/gioi-thieu/).")
    assert not document.element.body.findall(".//" + qn("w:hyperlink"))

    # Lists number themselves, the nested item one level down, the numbered list on its own.
    def level(paragraph):
        ilvl = paragraph._p.find(".//" + qn("w:ilvl"))
        return None if ilvl is None else int(ilvl.get(qn("w:val")))

    assert level(by_text["Học sinh tiểu học được nhận học bổng"]) == 0
    assert level(by_text["Khối lớp 1 và lớp 2"]) == 1
    assert level(by_text["Bước một: lập danh sách"]) == 0


def test_the_statistics_box_is_a_table_with_the_sites_figures(made, document):
    _site, _run, _again, page = made
    box = page.select_one("figure.stats-box")
    site_rows = []
    for row in box.select("tbody tr"):
        label = row.th.find(string=True, recursive=False).strip()
        cells = [one_line(td.get_text()) for td in row.find_all("td")]
        site_rows.append([label, *cells])
    assert len(document.tables) == 1
    table = document.tables[0]
    assert [one_line(c.text) for c in table.rows[0].cells] == ["Chỉ tiêu", "Số liệu", "Tỉ lệ"]
    rows = [[one_line(c.text) for c in row.cells] for row in table.rows[1:]]
    assert [[r[0].split(" tỉ lệ")[0], *r[1:]] for r in rows] == site_rows
    assert rows[0] == ["Tổng số hội viên tỉ lệ so với dân số", "491.612", "37,65%"]
    assert rows[1][1] == "61,6 tỉ đồng"
    caption = table._tbl.getprevious()
    assert docx.text.paragraph.Paragraph(caption, document).text == (
        "Bảng 1. Kết quả khuyến học năm 2024"
    )
    source = docx.text.paragraph.Paragraph(table._tbl.getnext(), document)
    assert source.style.name == "Table Source"
    assert source.text == (
        "Xã Thử · Năm 2024 · Nguồn: Hội Khuyến học xã Thử (https://vi-du.vn/so-lieu)"
    )


def test_the_photos_are_inline_with_their_captions(made, document, folder):
    pictures = document.inline_shapes
    assert len(pictures) == 2
    captions = [p for p in body_paragraphs(document) if p.style.name == "Image Caption"]
    assert [p.text for p in captions] == [
        "Ảnh 1. Lễ trao học bổng năm học mới. Ảnh: Chi hội ấp Phước Hòa",
        "Ảnh 2. Bằng khen treo ở văn phòng chi hội. Ảnh: Nguyễn Văn Ảnh",
    ]
    # The first is the phone photo, upright (portrait), as wide as its 12 cm height allows.
    first = pictures[0]
    assert first.height == Cm(12) or abs(first.height - Cm(12)) < Cm(0.01)
    assert abs(first.width / first.height - 1600 / 2400) < 0.01
    assert abs(pictures[1].width - Cm(15)) < Cm(0.01)
    blips = document.element.body.findall(".//" + qn("a:blip"))
    part = document.part.related_parts[blips[0].get(qn("r:embed"))]
    with Image.open(io.BytesIO(part.blob)) as embedded:
        assert embedded.size == (1200, 1800)  # the copy in the Word file: 1800 px at most
        assert embedded.getpixel((1100, 900))[0] > 180  # red on the right: upright
        assert not embedded.getexif()


def test_fonts_language_and_page_setup(document):
    normal = document.styles["Normal"]
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert {fonts.get(qn(f"w:{slot}")) for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {
        "Times New Roman"
    }
    assert normal.font.size == Pt(14)
    assert normal.paragraph_format.line_spacing == 1.5
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "vi-VN"
    assert defaults.find(".//" + qn("w:rFonts")).get(qn("w:ascii")) == "Times New Roman"
    for style in document.styles:
        rpr = style.element.rPr
        fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
        if fonts is not None and style.name != "Verbatim Char":
            assert not any("Theme" in name or "theme" in name for name in fonts.attrib), style.name
    for paragraph in body_paragraphs(document):
        if paragraph.style.name in ("Body Text", "First Paragraph"):
            assert paragraph.style.paragraph_format.line_spacing in (None, 1.5)
    section = document.sections[-1]
    assert near(section.page_width, Mm(210)) and near(section.page_height, Mm(297))
    assert near(section.top_margin, Cm(2)) and near(section.bottom_margin, Cm(2))
    assert near(section.left_margin, Cm(3)) and near(section.right_margin, Cm(2))


def test_properties_say_what_it_is_and_nothing_of_the_tool(folder, document):
    properties = document.core_properties
    assert properties.title == "Hội Khuyến học xã Thử trao học bổng “Tiếp sức đến trường”"
    assert properties.author == "Trần Văn Viết"
    assert properties.language == "vi-VN"
    assert properties.subject == "Tin khen thưởng"
    with zipfile.ZipFile(folder / f"{SLUG}.docx") as archive:
        for name in archive.namelist():
            text = archive.read(name).lower()
            for tool in (b"pandoc", b"python-docx", b"microsoft word", b"libreoffice"):
                assert tool not in text, (name, tool)


def test_photos_full_size_upright_and_without_metadata(folder):
    with Image.open(folder / "anh-1.jpg") as first:
        assert first.size == (1600, 2400)  # full resolution, turned upright
        assert first.getpixel((1500, 1200))[0] > 180 and first.getpixel((100, 1200))[2] > 180
        assert not first.getexif()
        assert not first.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert "xmp" not in first.info and "exif" not in first.info
    with Image.open(folder / "anh-2.jpg") as second:
        assert second.format == "JPEG" and second.size == (900, 600)
        assert not second.getexif()
    assert not has_gps((folder / "anh-1.jpg").read_bytes())


def test_captions_file(folder):
    assert (folder / "chu-thich-anh.txt").read_text("utf-8") == (
        "Ảnh kèm bài “Hội Khuyến học xã Thử trao học bổng “Tiếp sức đến trường””\n\n"
        "anh-1.jpg\n  Chú thích: Lễ trao học bổng năm học mới.\n  Ảnh: Chi hội ấp Phước Hòa\n\n"
        "anh-2.jpg\n  Chú thích: Bằng khen treo ở văn phòng chi hội.\n  Ảnh: Nguyễn Văn Ảnh\n"
    )


def test_text_version_and_its_mailto_line(folder):
    text = (folder / f"{SLUG}.txt").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "Hội Khuyến học xã Thử trao học bổng “Tiếp sức đến trường”"
    assert lines[2] == "Trần Văn Viết - Thứ Sáu, 20/09/2024"
    assert "[Ảnh 1. Lễ trao học bổng năm học mới. Ảnh: Chi hội ấp Phước Hòa]" in lines
    assert "- Tổng số hội viên (tỉ lệ so với dân số): 491.612; 37,65%" in lines
    assert "- Quỹ khuyến học: 61,6 tỉ đồng" in [one_line(line) for line in lines]
    mailto = next(line for line in lines if "mailto:" in line).split(": ", 1)[1]
    parts = urlsplit(mailto)
    assert parts.scheme == "mailto" and unquote(parts.path) == MAGAZINE_EMAIL
    query = parse_qs(parts.query)
    assert query["subject"] == [
        "Gửi bài: Hội Khuyến học xã Thử trao học bổng “Tiếp sức đến trường”"
    ]
    assert "Tệp Word và ảnh gửi kèm" in query["body"][0]


def test_draft_email(folder):
    message = email.message_from_bytes(
        (folder / "gui-tap-chi.eml").read_bytes(), policy=email.policy.default
    )
    assert message["To"].addresses[0].addr_spec == MAGAZINE_EMAIL
    assert message["From"].addresses[0].addr_spec == SENDER["email"]
    assert message["From"].addresses[0].display_name == SENDER["name"]
    assert str(message["Subject"]) == (
        "Gửi bài: Hội Khuyến học xã Thử trao học bổng “Tiếp sức đến trường”"
    )
    assert message["X-Unsent"] == "1"
    assert message["Date"] is None  # the mail client dates it when it sends
    note = message.get_body(("plain",)).get_content()
    assert note.startswith("Kính gửi Ban Biên tập Tạp chí Công dân và Khuyến học,")
    assert "anh-2.jpg: ảnh gốc; Ảnh 2. Bằng khen treo ở văn phòng chi hội." in note
    attachments = list(message.iter_attachments())
    assert [a.get_filename() for a in attachments] == [f"{SLUG}.docx", "anh-1.jpg", "anh-2.jpg"]
    assert attachments[0].get_content_type().endswith("wordprocessingml.document")
    for attachment in attachments:
        assert attachment.get_content() == (folder / attachment.get_filename()).read_bytes()


def test_zip_holds_the_folder(made, folder):
    site = made[0]
    with zipfile.ZipFile(site.packages / f"{SLUG}.zip") as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {name.split("/", 1)[1]: archive.read(name) for name in names} == {
            path.name: path.read_bytes() for path in folder.iterdir()
        }
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["anh-1.jpg", "anh-2.jpg", "chu-thich-anh.txt", "gui-tap-chi.eml", f"{SLUG}.docx",
         f"{SLUG}.txt"]
    )  # fmt: skip


def test_two_builds_give_the_same_bytes(made, folder):
    again = made[2]
    for path in folder.iterdir():
        assert (again / SLUG / path.name).read_bytes() == path.read_bytes(), path.name
    assert (again / f"{SLUG}.zip").read_bytes() == (folder.parent / f"{SLUG}.zip").read_bytes()


def test_the_site_output_is_not_written(made):
    site, run, *_ = made
    assert not site.site_output.exists()
    assert f"{SLUG}/" in run.stdout and "gui-tap-chi.eml" in run.stdout


def test_an_existing_package_is_replaced_whole(small):
    write_files(small.content, FILES)
    stale = small.packages / SLUG
    write_files(stale, {"anh-7.jpg": b"old", "ghi-chu-cu.txt": "cũ"})
    (small.packages / f"{SLUG}.zip").write_bytes(b"old zip")
    run = small.run(SLUG)
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in stale.iterdir())
    assert "anh-7.jpg" not in names and "ghi-chu-cu.txt" not in names
    assert len(names) == 6
    assert zipfile.is_zipfile(small.packages / f"{SLUG}.zip")
    assert sorted(p.name for p in small.packages.iterdir()) == [SLUG, f"{SLUG}.zip"]


def test_a_slug_a_path_or_an_address_names_the_article(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử gửi tạp chí")})
    for name in (
        "content/tin-khen-thuong/a.md",
        "tin-khen-thuong/a.md",
        "https://khuyenhocsoctrang.vn/tin-khen-thuong/tin-thu-gui-tap-chi/",
    ):
        run = small.run(name)
        assert run.returncode == 0, (name, run.stderr)
        assert (small.packages / "tin-thu-gui-tap-chi" / "tin-thu-gui-tap-chi.docx").is_file()


def test_article_without_photos_or_tables(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin ngắn")})
    (small.packages / ".tin-ngan.abc123").mkdir(parents=True)  # left by a killed run
    run = small.run("tin-ngan", MAGAZINE_MAIL_WARN_MB=0.001)
    assert run.returncode == 0, run.stderr
    names = sorted(p.name for p in (small.packages / "tin-ngan").iterdir())
    assert names == ["gui-tap-chi.eml", "tin-ngan.docx", "tin-ngan.txt"]
    assert sorted(p.name for p in small.packages.iterdir()) == ["tin-ngan", "tin-ngan.zip"]
    # A large email is made, with a warning: most mailboxes refuse 25 MB.
    assert run.stderr.startswith("CẢNH BÁO: thư gui-tap-chi.eml nặng 0,0 MB, quá 0,001 MB: ")
    assert run.stderr.endswith(
        "MB: nhiều hộp thư không nhận thư lớn như vậy. Nên gửi tệp Word qua thư và "
        "gửi ảnh qua Zalo hoặc một thư mục chia sẻ (Google Drive, OneDrive).\n"
    )


def test_settings_change_the_page_and_the_font(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin ngắn")})
    run = small.run(
        "tin-ngan",
        MAGAZINE_FONT="Arial",
        MAGAZINE_FONT_SIZE=13,
        MAGAZINE_LINE_SPACING=1.15,
        MAGAZINE_MARGINS_CM={"top": 2.5, "bottom": 2.5, "left": 3.5, "right": 1.5},
    )
    assert run.returncode == 0, run.stderr
    document = docx.Document(str(small.packages / "tin-ngan" / "tin-ngan.docx"))
    normal = document.styles["Normal"]
    assert normal.font.name == "Arial" and normal.font.size == Pt(13)
    assert normal.paragraph_format.line_spacing == 1.15
    assert near(document.sections[-1].left_margin, Cm(3.5))
    assert near(document.sections[-1].top_margin, Cm(2.5))


def test_listing_shows_articles_never_sent_newest_first(small):
    write_files(
        small.content,
        {
            "tin-khen-thuong/cu.md": article("Tin cũ chưa gửi", date="2024-01-05 08:00"),
            "tin-khen-thuong/moi.md": article("Tin mới chưa gửi", date="2024-03-01 08:00"),
            "tin-khen-thuong/da-gui.md": article(
                "Tin đã gửi",
                date="2024-02-01 08:00",
                extra="Gui_tap_chi: 2024-02-03",  # year first is read too
            ),
            "tin-khen-thuong/da-dang.md": article(
                "Tin đã đăng tạp chí",
                date="2024-02-02 08:00",
                extra="Tap_chi_url: https://congdankhuyenhoc.vn/tin-da-dang-1792402.htm",
            ),
            "tin-khen-thuong/nhap.md": article("Tin nháp", extra="Status: draft"),
        },
    )
    run = small.run()
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(
        "2 bài chưa gửi Tạp chí Công dân và Khuyến học (mới nhất trước):\n\n"
        "  01/03/2024  tin-moi-chua-gui\n"
        "              Tin mới chưa gửi\n"
        "  05/01/2024  tin-cu-chua-gui\n"
        "              Tin cũ chưa gửi\n\n"
        "Tạo gói gửi tạp chí cho một bài:  make tap-chi BAI=<đường dẫn của bài>\n"
    )
    assert not small.packages.exists()


def test_listing_works_without_sender_settings(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử")})
    run = small.run(MAGAZINE_EMAIL="", MAGAZINE_SENDER={})
    assert run.returncode == 0, run.stderr
    assert "tin-thu" in run.stdout


def test_the_real_settings_file_is_what_the_command_reads():
    """pelicanconf.py enables the plugin; the addresses in a package are the published site's."""
    # Not Pelican's read_settings: it would set the process's locale for every later test.
    settings = runpy.run_path(str(ROOT / "publishconf.py"))
    assert "magazine" in settings["PLUGINS"]
    assert settings["MAGAZINE_FONT"] == "Times New Roman" and settings["MAGAZINE_FONT_SIZE"] == 14
    assert settings["SITEURL"].startswith("https://")


def test_the_reference_document_is_what_design_makes(tmp_path):
    """The reference document kept in the repository is the one ``python -m magazine.reference``
    makes: change ``design()``, run it, commit both."""
    from magazine import SETTINGS
    from magazine.reference import REFERENCE, make

    made = tmp_path / "mau.docx"
    make(SETTINGS.read({}), made)
    assert made.read_bytes() == REFERENCE.read_bytes()
    reference = docx.Document(str(REFERENCE))
    assert reference.paragraphs == [] and reference.tables == []
    for name in ("Table Source", "Article Address", "Sender", "Image Caption", "Table Caption"):
        assert reference.styles[name] is not None


def test_iphone_heic_and_a_200_megapixel_photo_are_sent_full_size_as_jpeg(small, monkeypatch):
    """The site takes HEIC and phone photos up to 250 MP: so does the package, at full size. The
    command runs in a process of its own, as make tap-chi runs it (a full 200 MP decode takes
    hundreds of MB, which must not count against this test process)."""
    body = (
        "Đoạn mở đầu.\n\n"
        '![Ảnh iPhone]({static}/images/iphone.heic "Ảnh chụp bằng iPhone. Ảnh: Người thử")\n\n'
        '![Ảnh 200 MP]({static}/images/lon.jpg "Ảnh chụp 200 triệu điểm ảnh. Ảnh: Người thử")'
    )
    write_files(
        small.content,
        {
            "tin-khen-thuong/a.md": article("Tin có ảnh lớn", body=body),
            "images/iphone.heic": heic_photo((1600, 1200)),
            "images/lon.jpg": huge_jpeg(16320, 12240),
        },
    )
    run = run_command_process(["tin-co-anh-lon"], **small.settings())
    assert run.returncode == 0, run.stderr
    assert "Đã tạo gói gửi Tạp chí Công dân và Khuyến học:" in run.stdout
    folder = small.packages / "tin-co-anh-lon"
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # to read the 200 MP one back
    with Image.open(folder / "anh-1.jpg") as first, Image.open(folder / "anh-2.jpg") as second:
        assert (first.format, first.size) == ("JPEG", (1600, 1200))
        assert first.getpixel((800, 100))[0] > 180  # red above: upright
        assert (second.format, second.size) == ("JPEG", (16320, 12240))
    document = docx.Document(str(folder / "tin-co-anh-lon.docx"))
    assert len(document.inline_shapes) == 2
