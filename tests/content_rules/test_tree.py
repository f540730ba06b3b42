"""What belongs in each folder of content/: files the site would ignore are named."""

from __future__ import annotations

import os

from sitebuild import article, write_files

from content_rules import tree

FOLDERS = tree.Folders(
    kinds={"tin-khen-thuong": "Tin khen thưởng", "guong-vuot-kho": "Gương vượt khó hiếu học"},
    pages=("pages",),
    static=("images", "extra"),
    data=("data",),
    ignore=(".*", "~*", "Thumbs.db"),
)


def named(root, found):
    return sorted(os.path.relpath(problem.path, root) for problem in found)


def test_files_where_the_site_reads_them_pass(tmp_path):
    write_files(
        tmp_path,
        {
            "tin-khen-thuong/2024/a.md": article("A"),
            "tin-khen-thuong/anh-ben-bai.jpg": b"photo referenced beside the article",
            "pages/gioi-thieu.md": "Title: Giới thiệu\n\nNội dung.\n",
            "images/2024/a.jpg": b"x",
            "images/mau-don.docx": b"a form for readers to download",
            "extra/favicon.svg": "<svg/>",
            "extra/google123.txt": "verification",
            "data/don-vi.yaml": "[]",
            "data/thong-ke/a.yml": "{}",
            "images/.DS_Store": b"x",
            "pages/~$bai.docx": b"Word's lock file",
            "images/Thumbs.db": b"x",
            ".git/config": "x",
        },
    )
    (tmp_path / "images" / "cung-thu-muc").symlink_to(tmp_path / "images" / "2024")
    assert tree.problems(tmp_path, FOLDERS) == []


def test_files_the_site_would_ignore_are_named(tmp_path):
    write_files(
        tmp_path,
        {
            "a.md": article("A"),
            "tin-tuc/b.md": article("B", category="Gương vượt khó hiếu học"),
            "tin-khen-thuong/c.md.txt": article("C"),
            "tin-khen-thuong/d.docx": b"PK",
            "images/e.md": article("E"),
            "data/f.xlsx": b"PK",
            "anh/1.jpg": b"x",
            "anh/2.jpg": b"x",
            "g.jpg": b"x",
        },
    )
    (tmp_path / "images" / "ngoai").symlink_to(tmp_path.parent)
    found = tree.problems(tmp_path, FOLDERS)
    assert named(tmp_path, found) == [
        "a.md",
        "anh",
        "data/f.xlsx",
        "g.jpg",
        "images/e.md",
        "images/ngoai",
        "tin-khen-thuong/c.md.txt",
        "tin-khen-thuong/d.docx",
        "tin-tuc/b.md",
    ]
    fixes = {os.path.relpath(p.path, tmp_path): p.fix for p in found}
    assert fixes["tin-tuc/b.md"] == (
        "Chuyển tệp vào content/guong-vuot-kho/ (thư mục của loại 'Gương vượt khó hiếu học' ghi "
        "ở dòng Category:)."
    )
    assert fixes["tin-khen-thuong/c.md.txt"].startswith("Đổi tên tệp thành 'c.md'")
    assert "2 tệp trong đó không được đăng" in next(
        p.message for p in found if p.path.endswith("anh")
    )


def test_a_page_outside_pages_is_sent_there(tmp_path):
    write_files(tmp_path, {"images/lien-he.md": "Title: Liên hệ\n\nĐịa chỉ.\n"})
    [problem] = tree.problems(tmp_path, FOLDERS)
    assert problem.fix == (
        "Chuyển tệp vào content/pages/ (trang không có ngày đăng, như Giới thiệu, Liên hệ)."
    )
