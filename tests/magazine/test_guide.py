"""The editors' guide, section "Gửi bài cho Tạp chí Công dân và Khuyến học": each example marked
"<!-- kiểm thử: … -->" is built here, so the guide cannot go stale."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from magazinebuild import SEED
from sitebuild import ROOT, build, photo, write_files

GUIDE = ROOT / "docs" / "huong-dan-bien-tap.md"


def example(name: str) -> str:
    """The fenced block after the marker "<!-- kiểm thử: <name> … -->"."""
    text = GUIDE.read_text("utf-8")
    match = re.search(
        rf"<!-- kiểm thử: {re.escape(name)}[^>]*-->\n```[a-z]*\n(?P<block>.*?)\n```", text, re.S
    )
    assert match, f"the guide has no example '{name}'"
    return match["block"]


def test_the_package_tree_is_what_the_command_makes(seed_package):
    lines = example("gói của bài mẫu").splitlines()
    folder = f"output-tap-chi/{SEED}/"
    assert lines[0] == folder
    assert [line.strip() for line in lines[1:-1]] == sorted(
        p.name for p in (seed_package / SEED).iterdir()
    )
    assert lines[-1] == f"output-tap-chi/{SEED}.zip"
    assert sorted(p.name for p in seed_package.iterdir()) == [SEED, f"{SEED}.zip"]


def test_the_error_shown_is_the_one_given(small):
    command, shown = example("lỗi ảnh thiếu nguồn").split("\n", 1)
    assert command == "$ make tap-chi BAI=trao-hoc-bong"
    body = (
        "Đoạn mở đầu.\n\n"
        '![Học sinh nhận học bổng]({static}/images/2024/trao-hoc-bong.jpg "Lễ trao học bổng.")'
    )
    from sitebuild import article

    write_files(
        small.content,
        {
            "tin-khen-thuong/trao-hoc-bong.md": article("Trao học bổng", body=body),
            "images/2024/trao-hoc-bong.jpg": photo((300, 200)),
        },
    )
    run = small.run("trao-hoc-bong")
    assert run.returncode == 1
    assert run.stderr.startswith(shown + "\n")


SITE_PLUGINS = ["vietnamese", "content_rules", "units", "magazine"]


def article_page(small, text: str) -> BeautifulSoup:
    """The page the site builds for the article ``text``."""
    write_files(small.content, {"hoat-dong-chi-hoi/da-gui.md": text + "\n"})
    cache = str(small.base / "cache")
    result = build(small.content, small.site_output, plugins=SITE_PLUGINS, CACHE_PATH=cache)
    assert result.returncode == 0, result.stderr
    page = next(small.site_output.glob("hoat-dong-chi-hoi/*/index.html"))
    return BeautifulSoup(page.read_text("utf-8"), "html.parser")


def test_the_article_sent_and_published(small):
    page = article_page(small, example("bài đã gửi tạp chí"))
    credit = page.select_one(".magazine-credit")
    assert credit.get_text() == "Bài đã đăng trên Tạp chí Công dân và Khuyến học."
    address = "https://congdankhuyenhoc.vn/chi-hoi-ap-phuoc-hoa-trao-hoc-bong-179240925.htm"
    assert credit.a["href"] == address
    listing = small.run(PLUGINS=SITE_PLUGINS)
    assert listing.returncode == 0, listing.stderr
    assert listing.stdout == "Mọi bài đã đăng đều đã gửi Tạp chí Công dân và Khuyến học.\n"


def test_no_credit_before_the_magazine_publishes(small):
    lines = example("bài đã gửi tạp chí").splitlines()
    page = article_page(small, "\n".join(x for x in lines if not x.startswith("Tap_chi_url:")))
    assert page.select_one(".magazine-credit") is None
