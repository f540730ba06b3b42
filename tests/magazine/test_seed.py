"""End to end: the package of the real seed article, its statistics table and its photo caption,
and its Word file opened by an independent reader, LibreOffice, rendered page by page to PNG in
test-artifacts/tap-chi/ for a person to look at."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import docx
from magazinebuild import SEED
from PIL import Image
from sitebuild import ARTIFACTS, ROOT

TITLE = "Hội Khuyến học tỉnh Sóc Trăng nhận cờ thi đua xuất sắc của Chính phủ"
# The seed's photo is a placeholder (scripts/make_placeholder.py): in the demo build the site
# says so instead of a credit, and so does the package.
CAPTION = (
    "Ảnh 1. Hội Khuyến học tỉnh Sóc Trăng nhận Cờ thi đua xuất sắc trong phong trào thi đua của "
    "Chính phủ. Ảnh giữ chỗ, không phải ảnh thật."
)
# The seed's figures as the site shows them (tests/stats_boxes has the whole table).
FIGURES = {
    "Hội viên mới": ["286.354", ""],
    "Tổng số hội viên": ["491.612", "37,65%"],
    "Quỹ khuyến học - khuyến tài vận động được": ["61,6 tỉ đồng", ""],
    "Gia đình học tập": ["151.804", "40,9%"],
    "Đơn vị học tập": ["924", "73,57%"],
    "Trung tâm học tập cộng đồng hoạt động hiệu quả": ["109/109", ""],
    "Người dự các lớp học": ["81.245 lượt", ""],
}


def clean(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_the_seed_package(seed_package):
    folder = seed_package / SEED
    document = docx.Document(str(folder / f"{SEED}.docx"))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == TITLE and document.core_properties.title == TITLE
    assert texts[1] == "Đắc Quang" and texts[2] == "Thứ Năm, 08/02/2024"
    assert CAPTION in texts
    assert len(document.inline_shapes) == 1
    assert len(document.tables) == 1
    rows = {
        clean(r.cells[0].text).split(" tỉ lệ")[0].split(" đạt")[0]: r
        for r in document.tables[0].rows
    }
    for label, figures in FIGURES.items():
        row = (
            rows[label]
            if label in rows
            else next(r for k, r in rows.items() if k.startswith(label))
        )
        assert [clean(c.text) for c in row.cells[1:]] == figures, label
    with Image.open(folder / "anh-1.jpg") as photo:
        assert photo.size == (1600, 1067) and not photo.getexif()
    source = Path(ROOT / "content" / "images" / "2024" / "co-thi-dua-chinh-phu-anh-giu-cho.jpg")
    with Image.open(source) as original:
        assert original.size == (1600, 1067)
    assert (seed_package / f"{SEED}.zip").is_file()


def test_libreoffice_reads_and_renders_the_word_file(seed_package, tmp_path):
    """LibreOffice opens the .docx and prints it: Vietnamese text, the table and the caption are
    all there in the PDF, set in Times New Roman (or its metric twin, Liberation Serif)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: scripts/ensure-libreoffice.sh installs it"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(seed_package / SEED / f"{SEED}.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pdf = tmp_path / f"{SEED}.pdf"
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, encoding="utf-8"
    ).stdout
    flat = clean(text)
    for expected in (
        TITLE.replace("của Chính phủ", ""),
        "Bảng 1. Kết quả công tác khuyến học năm 2022",
        "491.612",
        "37,65%",
        "61,6 tỉ đồng",
        "Ảnh 1. Hội Khuyến học tỉnh Sóc Trăng nhận Cờ thi đua xuất sắc",
        "Ảnh giữ chỗ, không phải ảnh thật.",
        "Ủy ban Nhân dân tỉnh Sóc Trăng",
        "https://khuyenhocsoctrang.vn/tin-khen-thuong/",
    ):
        assert expected in flat, expected
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], check=True, capture_output=True, encoding="utf-8"
    )
    assert "LiberationSerif" in fonts.stdout or "TimesNewRoman" in fonts.stdout, fonts.stdout
    pages = ARTIFACTS / "tap-chi"
    shutil.rmtree(pages, ignore_errors=True)
    pages.mkdir(parents=True)
    subprocess.run(
        ["pdftoppm", "-r", "80", "-png", str(pdf), str(pages / "trang")], check=True, timeout=120
    )
    rendered = sorted(pages.glob("trang-*.png"))
    assert len(rendered) >= 3
    with Image.open(rendered[0]) as first:
        assert (
            first.size[1] / first.size[0] == 297 / 210
            or abs(first.size[1] / first.size[0] - 297 / 210) < 0.01
        )
