"""The catalogue of editors' mistakes: one fixture per bad input, each with its exact message.

Every case starts from the same small, valid site, built once (``base``): an article of each
kind, two pages, a statistics dataset, a photo and the units file. A case adds or changes a few
files, builds again, and must give:

- exit status 1 and no traceback;
- each expected message, exactly (file, line, what is wrong, "Cách sửa: …"), in Vietnamese;
- the previous output untouched, byte for byte.

Most cases build in this process (``sitebuild.build``, all plugins but search); the ones marked
``process`` run the ``pelican`` command, for the real exit status and what a terminal shows.
"""

from __future__ import annotations

import datetime as dt
import runpy
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import ALL_BUT_SEARCH
from sitebuild import (
    ROOT,
    article,
    build,
    huge_jpeg,
    photo,
    run_pelican,
    windows_1258,
    write_files,
)

NOW = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
# Other plugins add fields to ARTICLE_FIELDS: the messages list them all.
ARTICLE_FIELDS_LISTED = (
    "Các trường dùng được: "
    + ", ".join(runpy.run_path(str(ROOT / "pelicanconf.py"))["ARTICLE_FIELDS"])
    + " (xem docs/huong-dan-bien-tap.md)."
)
FAR = NOW + dt.timedelta(days=400)

DATASET = """title: Kết quả công tác khuyến học năm 2022
source: Hội Khuyến học tỉnh Sóc Trăng
year: 2022
items:
  - key: hoi-vien
    label: Tổng số hội viên
    value: 491612
  - key: hoc-bong
    label: Học bổng
    value: 101235
    unit: suất
"""
PHOTO_LINE = '![Lễ trao học bổng ở xã]({static}/images/2024/trao.jpg "Lễ trao học bổng. Ảnh: Thử")'
BASE = {
    "tin-khen-thuong/co-thi-dua.md": article(
        "Hội nhận Cờ thi đua",
        body=f"Đoạn mở đầu.\n\n{PHOTO_LINE}\n\n[[thong-ke: soc-trang-2022]]\n\nĐoạn cuối.",
    ),
    "guong-vuot-kho/em-h.md": article(
        "Em H. học giỏi", category="Gương vượt khó hiếu học", date="05/09/2024 08:30"
    ),
    "hoat-dong-chi-hoi/trao-hoc-bong.md": article(
        "Chi hội trao học bổng",
        category="Hoạt động chi hội",
        date="20/09/2024 15:00",
        extra="Unit: Kế Sách",
    ),
    "pages/gioi-thieu.md": "Title: Giới thiệu\nSummary: Về Hội.\n\nHội Khuyến học tỉnh Sóc Trăng.\n",
    "pages/so-lieu.md": "Title: Số liệu\nSummary: Số liệu qua các năm.\n\n[[so-lieu]]\n",
    "data/thong-ke/soc-trang-2022.yaml": DATASET,
    "data/don-vi.yaml": (ROOT / "content/data/don-vi.yaml").read_text(encoding="utf-8"),
    "images/2024/trao.jpg": photo((1200, 800)),
    "extra/favicon.svg": (ROOT / "content/extra/favicon.svg").read_text(encoding="utf-8"),
}


def alias_bomb(levels: int = 9) -> str:
    """The "billion laughs" in YAML: each level repeats the one before nine times."""
    lines = ['- name: &a0 "ha"']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"- name: &a{level} [{refs}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Case:
    name: str  # its messages: EXPECTED[name]
    files: dict[str, str | bytes]
    settings: dict = field(default_factory=dict)
    process: bool = False  # build with the pelican command
    links: dict[str, str] = field(default_factory=dict)  # symbolic links: path → target


def tkt(text: str | bytes) -> dict[str, str | bytes]:
    """One more article in Tin khen thưởng."""
    return {"tin-khen-thuong/bai-moi.md": text}


def branch_report(date: str = "10/03/2024", unit: str = "Kế Sách") -> str:
    extra = f"Unit: {unit}" if unit else ""
    return article("Tin chi hội", category="Hoạt động chi hội", date=date, extra=extra)


CASES = [
    # --- dates, status, fields, body (issue 9) ---------------------------------------------
    Case("date-ambiguous", tkt(article("Tin mới", date="08-02-2024"))),
    Case("date-impossible", tkt(article("Tin mới", date="31/02/2024"))),
    Case("date-too-far", tkt(article("Tin mới", date=f"{FAR:%d/%m/%Y}"))),
    Case("status-unknown", tkt(article("Tin mới", extra="Status: nhapp"))),
    Case("field-misspelt", tkt(article("Tin mới").replace("Title:", "Tilte:"))),
    Case("field-tag", tkt(article("Tin mới", extra="Tag: học bổng"))),
    Case("field-twice", tkt(article("Tin mới", extra="Summary: Sapo khác."))),
    Case("page-field", {"pages/lien-he.md": "Title: Liên hệ\nDate: 2024-01-01\n\nĐịa chỉ.\n"}),
    Case("no-body", tkt(article("Tin mới", body=""))),
    Case("slug-empty", tkt(article("Tin mới", extra="Slug: ???"))),
    # --- files in the wrong place (issue 9) ------------------------------------------------
    Case("md-at-the-root", {"bai-moi.md": article("Tin mới")}),
    Case(
        "md-in-unknown-folder",
        {"tin-tuc/bai-moi.md": article("Tin mới", category="Gương vượt khó hiếu học")},
    ),
    Case("md-txt", {"tin-khen-thuong/bai-moi.md.txt": article("Tin mới")}),
    Case("markdown-at-the-root", {"bai-moi.markdown": article("Tin mới")}),
    Case("docx", {"hoat-dong-chi-hoi/bao-cao.docx": b"PK\x03\x04"}),
    Case("md-in-images", {"images/2024/ghi-chu.md": "Title: Ghi chú\n\nChữ.\n"}),
    Case("spreadsheet-in-data", {"data/thong-ke/soc-trang-2023.xlsx": b"PK\x03\x04"}),
    Case("photos-in-unknown-folder", {"anh/1.jpg": photo((60, 40)), "anh/2.jpg": photo((60, 40))}),
    # --- reading (issue 9) ----------------------------------------------------------------
    Case(
        "windows-1258",
        tkt(windows_1258(article("Tin mới", body="Hội Khuyến học trao học bổng."))),
        process=True,
    ),
    Case("utf-16", tkt(article("Tin mới").encode("utf-16"))),
    Case(
        "html-script",
        tkt(article("Tin mới", body="Đoạn.\n\n<script>alert(1)</script>\n")),
        process=True,
    ),
    Case(
        "html-embed-events-links",
        tkt(
            article(
                "Tin mới",
                body='<iframe src="https://www.youtube.com/embed/x"></iframe>\n\n'
                'Xem <a href="javascript:alert(1)">đây</a> và <span onclick="x">chữ</span>.\n',
            )
        ),
    ),
    Case("stats-unclosed", tkt(article("Tin mới", body="Đoạn.\n\n[[thong-ke: soc-trang-2022\n"))),
    # --- outside content/ (issue 9) ---------------------------------------------------------
    Case(
        "static-outside",
        tkt(article("Tin mới", body="[Tệp]({static}/../../../../../../etc/passwd)")),
        process=True,
    ),
    Case(
        "photo-outside",
        tkt(article("Tin mới", body='![Ảnh]({static}/../anh.jpg "Chú thích. Ảnh: Thử")')),
    ),
    Case("symlink-outside", {}, links={"images/ngoai": "/etc"}),
    Case(
        "file-missing",
        {
            **tkt(article("Tin mới", body="[Tải quyết định]({static}/extra/quyet-dinh.pdf)")),
            "extra/quyet-dinh-2024.pdf": b"%PDF-1.4\n",
        },
        process=True,  # the pelican command, whose log shows Pelican's English warnings
    ),
    # --- photos (issue 9 and earlier) --------------------------------------------------------
    Case("photo-bomb", {"images/2024/bom.jpg": huge_jpeg(30000, 30000)}),
    Case(
        "photo-missing",
        tkt(article("Tin mới", body='![Ảnh]({static}/images/2024/trao.JPG "Chú thích. Ảnh: Thử")')),
    ),
    Case(
        "photo-no-alt",
        tkt(article("Tin mới", body='![]({static}/images/2024/trao.jpg "Chú thích. Ảnh: Thử")')),
    ),
    Case("photo-elsewhere", tkt(article("Tin mới", body="![Ảnh](https://example.com/anh.jpg)"))),
    Case("photo-damaged", {"images/2024/hong.jpg": b"day khong phai la anh"}),
    # --- YAML and units (issue 9 and earlier) ------------------------------------------------
    Case("units-alias-bomb", {"data/don-vi.yaml": alias_bomb(9)}, process=True),
    Case("units-yaml-syntax", {"data/don-vi.yaml": "- name: Kế Sách\n  type huyện\n"}),
    Case(
        "unit-after-merger",
        {"hoat-dong-chi-hoi/bai-moi.md": branch_report(date="01/08/2025", unit="Thạnh Trị")},
    ),
    Case("unit-unknown", {"hoat-dong-chi-hoi/bai-moi.md": branch_report(unit="Ke Sach 2")}),
    Case("unit-missing", {"hoat-dong-chi-hoi/bai-moi.md": branch_report(unit="")}),
    # --- kinds, fields, slugs, Unicode (earlier issues) --------------------------------------
    Case("kind-unknown", tkt(article("Tin mới", category="Tin khen thuong"))),
    Case("kind-missing", tkt(article("Tin mới", category=""))),
    Case("kind-wrong-folder", tkt(article("Tin mới", category="Gương vượt khó hiếu học"))),
    Case("summary-missing", tkt(article("Tin mới", summary=""))),
    Case("front-matter-line", tkt(article("Tin mới").replace("Author: ", "Author "))),
    Case("duplicate-slug", tkt(article("Hỏi nhận Cờ thi đua"))),
    Case(
        "nfd-when-publishing",
        tkt(unicodedata.normalize("NFD", article("Hội nghị"))),
        settings={"EDITOR_WARNINGS_FATAL": True},
    ),
    # --- statistics (earlier issues) ------------------------------------------------------------
    Case("stats-unknown-dataset", tkt(article("Tin mới", body="[[thong-ke: soc-trang-2O22]]"))),
    Case(
        "stats-unknown-item",
        tkt(article("Tin mới", body="[[thong-ke: soc-trang-2022 | hoc-bongg]]")),
    ),
    Case(
        "stats-thousands-dot",
        {"data/thong-ke/soc-trang-2022.yaml": DATASET.replace("491612", "491.612")},
    ),
    Case("stats-misspelt-marker", tkt(article("Tin mới", body="[[thống kê: soc-trang-2022]]"))),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The valid site, built once: ``content/``, ``output/`` and ``cache/`` in one folder."""
    root = tmp_path_factory.mktemp("catalogue-base")
    content = write_files(root / "content", BASE)
    result = build(content, root / "output", plugins=ALL_BUT_SEARCH, **_settings(content))
    assert result.returncode == 0, result.stderr
    return root


def _settings(content: Path) -> dict:
    return {"UNITS_FILE": str(content / "data" / "don-vi.yaml")}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run_case(case: Case, base: Path, root: Path):
    shutil.copytree(base, root, symlinks=True)
    content, out = root / "content", root / "output"
    write_files(content, case.files)
    for link, target in case.links.items():
        (content / link).parent.mkdir(parents=True, exist_ok=True)
        (content / link).symlink_to(target)
    settings = _settings(content) | case.settings
    if case.process:
        return run_pelican(content, out, cache=root / "cache", **settings)
    return build(content, out, plugins=ALL_BUT_SEARCH, cache=root / "cache", **settings)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_catalogue(case, base, tmp_path):
    before = snapshot(base / "output")
    result = run_case(case, base, tmp_path / "site")
    shown = result.stderr + result.stdout
    assert result.returncode == 1, shown
    assert "Traceback" not in shown
    assert "Cannot get modification stamp" not in shown  # Pelican's English, for a missing file
    expected = EXPECTED[case.name]
    for message in expected:
        assert message in result.stderr, f"\n--- expected:\n{message}\n--- got:\n{result.stderr}"
    assert f"Không xuất bản: có {len(expected)} lỗi trong nội dung." in result.stderr
    assert snapshot(tmp_path / "site" / "output") == before, "the last good output is untouched"


EXPECTED = {
    "date-ambiguous": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:2: Ngày '08-02-2024' ở trường Date: viết theo cách dễ hiểu nhầm; trang web sẽ hiểu là Thứ Năm, ngày 8 tháng 2 năm 2024.\n"
            "    Cách sửa: Nếu đúng ngày đó, viết 'Date: 08/02/2024' (ngày/tháng/năm, năm đủ bốn chữ số, ngăn cách bằng dấu /); nếu không, sửa lại cho đúng."
        ),
    ),
    "date-impossible": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:2: Ngày '31/02/2024' ở trường Date: không có thật (tháng 2 năm 2024 không có ngày 31).\n"
            "    Cách sửa: Sửa lại ngày, viết theo dạng 'Date: 08/02/2024 19:13' (ngày/tháng/năm giờ:phút)."
        ),
    ),
    "date-too-far": (
        (
            f"LỖI tin-khen-thuong/bai-moi.md:2: Ngày đăng {FAR:%d/%m/%Y} còn hơn một năm nữa mới tới: có lẽ gõ nhầm năm.\n"
            "    Cách sửa: Sửa lại ngày đăng. Muốn hẹn đăng bài, ghi ngày trong vòng một năm tới."
        ),
    ),
    "status-unknown": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:6: Không hiểu trạng thái 'nhapp' (trường Status:). Có phải ý bạn là 'nháp'?\n"
            "    Cách sửa: Ghi một trong các trạng thái: nháp (không đăng), ẩn (có trang nhưng không hiện trong danh sách), đăng (mặc định); hoặc xoá dòng Status: để đăng bài."
        ),
    ),
    "field-misspelt": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:1: Trường 'Tilte:' không có trong mẫu bài viết. Có phải ý bạn là 'Title:'?\n"
            f"    Cách sửa: Sửa tên trường thành 'Title:'. {ARTICLE_FIELDS_LISTED}"
        ),
    ),
    "field-tag": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:6: Trường 'Tag:' không có trong mẫu bài viết. Có phải ý bạn là 'Tags:'?\n"
            f"    Cách sửa: Sửa tên trường thành 'Tags:'. {ARTICLE_FIELDS_LISTED}"
        ),
    ),
    "field-twice": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:6: Trường Summary: được viết hai lần (dòng 5 và dòng 6).\n"
            "    Cách sửa: Xoá một trong hai dòng, giữ lại giá trị đúng."
        ),
    ),
    "page-field": (
        (
            "LỖI pages/lien-he.md:2: Trường 'Date:' chỉ dùng cho bài viết; trang (content/pages/) không có trường này.\n"
            "    Cách sửa: Xoá dòng này. Nếu tệp là một bài viết, chuyển nó vào thư mục của loại bài (xem docs/huong-dan-bien-tap.md)."
        ),
    ),
    "no-body": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:6: Bài chỉ có phần thông tin đầu bài, chưa có nội dung: trang đăng lên sẽ trống.\n"
            "    Cách sửa: Viết nội dung sau phần thông tin, cách một dòng trống; bài chưa xong thì thêm dòng 'Status: nháp'."
        ),
    ),
    "slug-empty": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:6: Đường dẫn '???' (trường Slug:) không có chữ hay số nào dùng được.\n"
            "    Cách sửa: Viết vài chữ nói về bài, ví dụ 'Slug: hoi-nghi-tong-ket-2024'; hoặc xoá dòng Slug: để đường dẫn tạo từ tiêu đề."
        ),
    ),
    "md-at-the-root": (
        (
            "LỖI bai-moi.md: Bài viết nằm ở content/ nên không được đăng: trang chỉ đọc bài trong thư mục của loại bài (hoặc content/pages/).\n"
            "    Cách sửa: Chuyển tệp vào content/tin-khen-thuong/ (thư mục của loại 'Tin khen thưởng' ghi ở dòng Category:)."
        ),
    ),
    "md-in-unknown-folder": (
        (
            "LỖI tin-tuc/bai-moi.md: Bài viết nằm ở content/tin-tuc/ nên không được đăng: trang chỉ đọc bài trong thư mục của loại bài (hoặc content/pages/).\n"
            "    Cách sửa: Chuyển tệp vào content/guong-vuot-kho/ (thư mục của loại 'Gương vượt khó hiếu học' ghi ở dòng Category:)."
        ),
    ),
    "md-txt": (
        (
            "LỖI tin-khen-thuong/bai-moi.md.txt: Tệp có đuôi .txt nên không được đọc: trang web chỉ đọc bài có đuôi .md.\n"
            "    Cách sửa: Đổi tên tệp thành 'bai-moi.md' (trên Windows, bật View → File name extensions trong File Explorer để thấy đuôi tệp)."
        ),
    ),
    "markdown-at-the-root": (
        (
            "LỖI bai-moi.markdown: Bài viết nằm ở content/ nên không được đăng: trang chỉ đọc bài trong thư mục của loại bài (hoặc content/pages/).\n"
            "    Cách sửa: Chuyển tệp vào content/tin-khen-thuong/ (thư mục của loại 'Tin khen thưởng' ghi ở dòng Category:)."
        ),
    ),
    "docx": (
        (
            "LỖI hoat-dong-chi-hoi/bao-cao.docx: Tệp Word (hay văn bản định dạng) không được trang web đọc: trang chỉ đọc bài viết dạng Markdown (.md).\n"
            "    Cách sửa: Chép nội dung sang một tệp .md theo mẫu trong docs/huong-dan-bien-tap.md, đặt tệp đó vào content/hoat-dong-chi-hoi/, rồi đưa tệp Word ra khỏi thư mục content/."
        ),
    ),
    "md-in-images": (
        (
            "LỖI images/2024/ghi-chu.md: Bài viết nằm ở content/images/ nên không được đăng: trang chỉ đọc bài trong thư mục của loại bài (hoặc content/pages/).\n"
            "    Cách sửa: Chuyển tệp vào content/pages/ (trang không có ngày đăng, như Giới thiệu, Liên hệ)."
        ),
    ),
    "spreadsheet-in-data": (
        (
            "LỖI data/thong-ke/soc-trang-2023.xlsx: Thư mục content/data/ chỉ chứa số liệu dạng YAML (.yaml): tệp này không được trang web đọc.\n"
            "    Cách sửa: Chép số liệu sang một tệp .yaml theo mẫu trong docs/huong-dan-thong-ke.md, rồi đưa tệp này ra khỏi thư mục content/."
        ),
    ),
    "photos-in-unknown-folder": (
        (
            "LỖI anh: Thư mục content/anh/ không phải thư mục nào của trang web: 2 tệp trong đó không được đăng.\n"
            "    Cách sửa: Ảnh chuyển vào content/images/, tệp cho bạn đọc tải về vào content/extra/. Các thư mục của trang: content/tin-khen-thuong/, content/guong-vuot-kho/, content/hoat-dong-chi-hoi/, content/pages/, content/images/, content/extra/, content/data/."
        ),
    ),
    "windows-1258": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:1: Tệp được lưu bằng bảng mã Windows-1258 (tiếng Việt của Windows), không phải UTF-8: chữ có dấu từ dòng này sẽ thành ký tự lạ.\n"
            "    Cách sửa: Mở tệp bằng Notepad++, chọn Encoding → Character sets → Vietnamese → Windows-1258 (chữ hiện đúng dấu), rồi Encoding → Convert to UTF-8 và lưu lại."
        ),
    ),
    "utf-16": (
        (
            "LỖI tin-khen-thuong/bai-moi.md: Tệp được lưu ở dạng Unicode UTF-16 (Notepad gọi là 'Unicode' hoặc 'UTF-16 LE'); trang web chỉ đọc tệp UTF-8.\n"
            "    Cách sửa: Mở tệp bằng Notepad, chọn File → Save As (Lưu thành), ở ô Encoding (Mã hoá) chọn UTF-8 rồi lưu đè tệp cũ."
        ),
    ),
    "html-script": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:9: Thẻ <script> chứa mã chạy trong trình duyệt: bài viết không được có mã (bài dán từ nơi khác có thể mang theo mã độc).\n"
            "    Cách sửa: Xoá cả đoạn <script>…</script>."
        ),
    ),
    "html-embed-events-links": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Thẻ <iframe> nhúng nội dung của trang web khác (video, bản đồ, bài Facebook…): trang của Hội không tải gì từ nơi khác (quyền riêng tư của bạn đọc, tốc độ), và phần nhúng có thể mang mã độc.\n"
            "    Cách sửa: Xoá thẻ <iframe>…</iframe>, thay bằng một liên kết, ví dụ [Xem video trên YouTube](https://www.youtube.com/watch?v=…)."
        ),
        (
            "LỖI tin-khen-thuong/bai-moi.md:9: Địa chỉ 'javascript:alert(1)' (href của thẻ <a>) không được dùng: chỉ nhận liên kết http://, https://, mailto:, tel: hoặc đường dẫn trong trang.\n"
            "    Cách sửa: Thay bằng địa chỉ đầy đủ của trang (https://…), hoặc bỏ liên kết."
        ),
        (
            "LỖI tin-khen-thuong/bai-moi.md:9: Thuộc tính onclick của thẻ <span> chạy mã JavaScript: bài viết không được có mã (bài dán từ nơi khác có thể mang theo mã độc).\n"
            '    Cách sửa: Xoá onclick="…" khỏi thẻ <span>.'
        ),
    ),
    "stats-unclosed": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:9: Dòng '[[thong-ke: soc-trang-2022' thiếu dấu ']]' đóng, nên sẽ hiện nguyên văn trên trang.\n"
            "    Cách sửa: Viết đủ hai dấu ngoặc vuông đóng ở cuối: [[thong-ke: soc-trang-2022]]"
        ),
    ),
    "static-outside": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Liên kết '{static}/../../../../../../etc/passwd' trỏ ra ngoài thư mục content/: trang không đăng tệp nằm ngoài content/.\n"
            "    Cách sửa: Chép tệp vào content/images/ (ảnh) hoặc content/extra/ (tệp khác), rồi viết {static}/images/ten-tep.jpg; không dùng '../' để ra khỏi content/."
        ),
    ),
    "file-missing": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Không tìm thấy tệp '/extra/quyet-dinh.pdf' mà bài liên kết tới: liên kết sẽ hỏng trên trang. Trong thư mục có: 'quyet-dinh-2024.pdf', có phải tệp này không?\n"
            "    Cách sửa: Kiểm tra tên tệp (chữ hoa, chữ thường, dấu, đuôi như .pdf) và thư mục. Tệp không phải ảnh đặt trong content/extra/ và viết [Tải về]({static}/extra/ten-tep.pdf)."
        ),
    ),
    "photo-outside": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Liên kết '{static}/../anh.jpg' trỏ ra ngoài thư mục content/: trang không đăng tệp nằm ngoài content/.\n"
            "    Cách sửa: Chép tệp vào content/images/ (ảnh) hoặc content/extra/ (tệp khác), rồi viết {static}/images/ten-tep.jpg; không dùng '../' để ra khỏi content/."
        ),
    ),
    "symlink-outside": (
        (
            "LỖI images/ngoai: Đây là lối tắt (symbolic link) trỏ ra ngoài thư mục content/, tới /etc: trang không đăng tệp nằm ngoài content/.\n"
            "    Cách sửa: Xoá lối tắt, rồi chép chính tệp (hay thư mục) cần đăng vào content/."
        ),
    ),
    "photo-bomb": (
        (
            "LỖI images/2024/bom.jpg: Không dùng được ảnh 'images/2024/bom.jpg': ảnh quá lớn: 30.000 × 30.000 điểm ảnh (900 triệu điểm ảnh, giới hạn là 250 triệu); ảnh lớn như vậy thường là tệp hỏng, hoặc tệp cố ý làm cạn bộ nhớ máy (decompression bomb).\n"
            "    Cách sửa: Mở ảnh bằng phần mềm xem ảnh, thu nhỏ (Resize) còn cạnh dài khoảng 4000 điểm ảnh, lưu lại ở dạng JPEG (.jpg) rồi thay tệp cũ."
        ),
    ),
    "photo-missing": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Không tìm thấy ảnh '/images/2024/trao.JPG'. Trong thư mục có: 'trao.jpg', có phải ảnh này không?\n"
            '    Cách sửa: Kiểm tra tên tệp (chữ hoa, chữ thường, dấu, đuôi .jpg) và thư mục. Đặt ảnh trong thư mục content/images/ (ví dụ content/images/2024/ten-anh.jpg) và viết ![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Nguồn").'
        ),
    ),
    "photo-no-alt": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Ảnh '/images/2024/trao.jpg' chưa có mô tả (alt): người khiếm thị và người đọc khi ảnh chưa tải được sẽ không biết ảnh có gì.\n"
            '    Cách sửa: Viết một câu mô tả nội dung ảnh trong ngoặc vuông: ![Lãnh đạo tỉnh trao cờ thi đua cho Hội]({static}/images/… "Chú thích. Ảnh: Nguồn").'
        ),
    ),
    "photo-elsewhere": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Ảnh 'https://example.com/anh.jpg' nằm trên trang web khác: trang của Hội không tải gì từ nơi khác (quyền riêng tư của bạn đọc, tốc độ, ảnh có thể mất).\n"
            '    Cách sửa: Tải ảnh về (khi được phép dùng), rồi: Đặt ảnh trong thư mục content/images/ (ví dụ content/images/2024/ten-anh.jpg) và viết ![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Nguồn").'
        ),
    ),
    "photo-damaged": (
        (
            "LỖI images/2024/hong.jpg: Không dùng được ảnh 'images/2024/hong.jpg': không nhận ra định dạng ảnh (tệp hỏng, hoặc không phải ảnh).\n"
            "    Cách sửa: Mở ảnh trên máy tính; nếu xem được, xuất (Save As/Export) lại ở dạng JPEG (.jpg) rồi thay tệp cũ."
        ),
    ),
    "units-alias-bomb": (
        (
            "LỖI data/don-vi.yaml:1: Tệp danh sách đơn vị dùng dấu '&' hoặc '*' (neo và tham chiếu của YAML) ở dòng 1; trang web không nhận cách viết này.\n"
            "    Cách sửa: Viết đầy đủ từng giá trị thay vì tham chiếu; giá trị bắt đầu bằng '&' hoặc '*' thì đặt trong ngoặc kép. Xem mẫu ở đầu tệp content/data/don-vi.yaml."
        ),
    ),
    "units-yaml-syntax": (
        (
            "LỖI data/don-vi.yaml:2: Tệp danh sách đơn vị không đúng cú pháp YAML ở dòng 2, cột 3: thiếu dấu hai chấm ':' sau tên trường.\n"
            "    Cách sửa: Mỗi dòng viết dạng 'tên: giá trị'; thụt lề bằng dấu cách (không dùng Tab), các dòng cùng cấp thẳng hàng nhau; mỗi đơn vị bắt đầu bằng '- name: …'. Giá trị có dấu ':' hoặc '#' thì đặt trong ngoặc kép. Xem mẫu ở đầu tệp content/data/don-vi.yaml."
        ),
    ),
    "unit-after-merger": (
        (
            "LỖI hoat-dong-chi-hoi/bai-moi.md:6: Đơn vị 'Thạnh Trị' chỉ dùng đến 30/06/2025, nhưng bài đăng ngày 01/08/2025. Bài viết ghi tên đơn vị tại ngày đăng.\n"
            "    Cách sửa: Ghi tên đơn vị đúng vào ngày đăng bài (từ 1/7/2025 không còn cấp huyện: ghi xã, phường mới); nếu tên đó chưa có trong content/data/don-vi.yaml, thêm một mục có valid_from."
        ),
    ),
    "unit-unknown": (
        (
            "LỖI hoat-dong-chi-hoi/bai-moi.md:6: Đơn vị 'Ke Sach 2' không có trong danh sách đơn vị. Có phải ý bạn là 'Kế Sách'?\n"
            "    Cách sửa: Ghi đúng tên một đơn vị trong content/data/don-vi.yaml; nếu là đơn vị mới, thêm một mục vào tệp đó."
        ),
    ),
    "unit-missing": (
        (
            "LỖI hoat-dong-chi-hoi/bai-moi.md: Bài Hoạt động chi hội phải ghi đơn vị (trường Unit:).\n"
            "    Cách sửa: Thêm dòng 'Unit: Tên đơn vị' vào phần thông tin đầu bài, ví dụ một trong: TP Sóc Trăng, TX Vĩnh Châu, TX Ngã Năm, Châu Thành, Kế Sách, Mỹ Tú, Cù Lao Dung, Long Phú, Mỹ Xuyên, Thạnh Trị, Trần Đề. Danh sách đơn vị ở content/data/don-vi.yaml."
        ),
    ),
    "kind-unknown": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:4: Loại bài 'Tin khen thuong' không có trong danh sách. Có phải ý bạn là 'Tin khen thưởng'?\n"
            "    Cách sửa: Dùng đúng một trong các loại: Tin khen thưởng; Gương vượt khó hiếu học; Hoạt động chi hội."
        ),
    ),
    "kind-missing": (
        (
            "LỖI tin-khen-thuong/bai-moi.md: Bài chưa có loại bài (trường Category:).\n"
            "    Cách sửa: Thêm dòng 'Category: ' với một trong các loại: Tin khen thưởng; Gương vượt khó hiếu học; Hoạt động chi hội."
        ),
    ),
    "kind-wrong-folder": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:4: Bài loại 'Gương vượt khó hiếu học' phải nằm trong thư mục content/guong-vuot-kho/.\n"
            "    Cách sửa: Chuyển tệp vào content/guong-vuot-kho/, hoặc sửa dòng Category: cho đúng loại bài."
        ),
    ),
    "summary-missing": (
        (
            "LỖI tin-khen-thuong/bai-moi.md: Thiếu sapo (đoạn mở đầu) (trường Summary:).\n"
            "    Cách sửa: Thêm dòng 'Summary: …' vào phần thông tin đầu bài, trước dòng trống đầu tiên."
        ),
    ),
    "front-matter-line": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:3: Dòng 'Author Người thử' nằm trong phần thông tin đầu bài nhưng không có dạng 'Tên: giá trị'.\n"
            "    Cách sửa: Thêm dấu hai chấm sau tên trường (ví dụ 'Author: Đắc Quang'), hoặc để một dòng trống giữa phần thông tin và nội dung bài."
        ),
    ),
    "duplicate-slug": (
        (
            "LỖI tin-khen-thuong/co-thi-dua.md:1: Trùng đường dẫn 'hoi-nhan-co-thi-dua' với tệp content/tin-khen-thuong/bai-moi.md: bỏ dấu đi thì hai tiêu đề giống nhau, nên một bài sẽ đè lên bài kia.\n"
            "    Cách sửa: Thêm dòng 'Slug: ten-khac' (chữ không dấu, nối bằng gạch ngang) vào một trong hai bài."
        ),
    ),
    "nfd-when-publishing": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:1: Văn bản ở dạng Unicode tổ hợp (NFD), thường do dán từ macOS hoặc Word; dấu có thể hiển thị sai và tìm kiếm không khớp. Trang web đã tự chuyển sang NFC, tệp gốc không bị sửa.\n"
            "    Cách sửa: Lưu lại tệp ở dạng Unicode dựng sẵn (NFC), ví dụ dùng Unikey: Công cụ → Chuyển mã, nguồn và đích đều là Unicode dựng sẵn."
        ),
    ),
    "stats-unknown-dataset": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Không có bộ số liệu 'soc-trang-2O22' (tệp content/data/thong-ke/soc-trang-2O22.yaml). Có phải ý bạn là 'soc-trang-2022'?\n"
            "    Cách sửa: Dùng đúng tên một tệp trong content/data/thong-ke/, bỏ đuôi .yaml: soc-trang-2022."
        ),
    ),
    "stats-unknown-item": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Bộ số liệu 'soc-trang-2022' không có chỉ tiêu 'hoc-bongg'. Có phải ý bạn là 'hoc-bong'?\n"
            "    Cách sửa: Dùng mã chỉ tiêu (key) có trong tệp content/data/thong-ke/soc-trang-2022.yaml: hoi-vien, hoc-bong."
        ),
    ),
    "stats-thousands-dot": (
        (
            "LỖI data/thong-ke/soc-trang-2022.yaml:7: Giá trị '491.612' của trường 'value' ở chỉ tiêu 'hoi-vien' dễ bị hiểu sai: trong tệp YAML dấu chấm là dấu thập phân, nên '491.612' được đọc là 491,612, không phải 491.612.\n"
            "    Cách sửa: Viết liền các chữ số, không dấu chấm: 'value: 491612'."
        ),
    ),
    "stats-misspelt-marker": (
        (
            "LỖI tin-khen-thuong/bai-moi.md:7: Không hiểu '[[thống kê:…': có phải ý bạn là '[[thong-ke: soc-trang-2022]]'?\n"
            "    Cách sửa: Viết đúng cú pháp, chữ không dấu, có gạch ngang và dấu hai chấm: [[thong-ke: soc-trang-2022]] cho một bảng số liệu; [[so-lieu]] cho toàn bộ số liệu (trang Số liệu)."
        ),
    ),
}
