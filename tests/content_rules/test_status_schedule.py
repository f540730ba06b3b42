"""Status in Vietnamese, slugs made ASCII, articles dated ahead scheduled (hẹn đăng)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sitebuild import article

import content_rules
from khuyenhoc.formatting import format_date

NOW = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def site_plugins():
    return ["vietnamese", "content_rules", "units"]


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("nháp", "draft"),
        ("Nháp", "draft"),
        ("nhap", "draft"),
        ("bản nháp", "draft"),
        ("ẩn", "hidden"),
        ("đăng", "published"),
        ("xuất bản", "published"),
        ("draft", "draft"),
        ("hidden", "hidden"),
        ("skip", None),
        ("chờ duyệt", None),
    ],
)
def test_status_words(word, status):
    assert content_rules.status_of(word) == status


def test_vietnamese_draft_is_not_published(small_site):
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article("Bài nháp", extra="Status: nháp"),
            "tin-khen-thuong/b.md": article("Bài ẩn", extra="Status: ẩn"),
            "tin-khen-thuong/c.md": article("Bài đăng", extra="Status: Đăng"),
        }
    )
    assert result.returncode == 0, result.stderr
    assert (out / "nhap/bai-nhap/index.html").exists()
    assert not (out / "tin-khen-thuong/bai-nhap").exists()
    assert (out / "tin-khen-thuong/bai-an/index.html").exists()  # hidden: a page, not listed
    assert "bai-an" not in (out / "index.html").read_text("utf-8")
    assert "bai-dang" in (out / "index.html").read_text("utf-8")


def test_unknown_status_lists_the_words(small_site):
    result, _out = small_site({"tin-khen-thuong/a.md": article("Tin", extra="Status: nhapp")})
    assert result.returncode == 1
    assert (
        "LỖI tin-khen-thuong/a.md:6: Không hiểu trạng thái 'nhapp' (trường Status:). Có phải ý "
        "bạn là 'nháp'?\n"
        "    Cách sửa: Ghi một trong các trạng thái: nháp (không đăng), ẩn (có trang nhưng không "
        "hiện trong danh sách), đăng (mặc định); hoặc xoá dòng Status: để đăng bài."
    ) in result.stderr
    assert "Unknown status" not in result.stderr + result.stdout


def test_slug_with_accents_and_spaces_is_made_ascii(small_site):
    text = article("Tin thử", extra="Slug: Hội nghị  Tổng kết 2024")
    result, out = small_site({"tin-khen-thuong/a.md": text})
    assert result.returncode == 0, result.stderr
    assert (out / "tin-khen-thuong/hoi-nghi-tong-ket-2024/index.html").exists()


def test_slug_with_nothing_usable(small_site):
    result, _out = small_site({"tin-khen-thuong/a.md": article("Tin", extra="Slug: ???")})
    assert result.returncode == 1
    assert (
        "LỖI tin-khen-thuong/a.md:6: Đường dẫn '???' (trường Slug:) không có chữ hay số nào "
        "dùng được.\n"
        "    Cách sửa: Viết vài chữ nói về bài, ví dụ 'Slug: hoi-nghi-tong-ket-2024'; hoặc xoá "
        "dòng Slug: để đường dẫn tạo từ tiêu đề."
    ) in result.stderr


def test_publication():
    now = dt.datetime(2025, 1, 1, 12, tzinfo=dt.UTC)
    assert content_rules.publication(now + dt.timedelta(hours=23), now) == "published"
    assert content_rules.publication(now + dt.timedelta(days=2), now) == "scheduled"
    assert content_rules.publication(now + dt.timedelta(days=300), now) == "scheduled"
    assert content_rules.publication(now + dt.timedelta(days=400), now) == "too far"


def test_an_article_dated_ahead_is_scheduled(small_site):
    ahead = (NOW + dt.timedelta(days=10)).replace(hour=8, minute=0, second=0, microsecond=0)
    result, out = small_site(
        {
            "tin-khen-thuong/a.md": article("Tin hẹn", date=f"{ahead:%d/%m/%Y %H:%M}"),
            "tin-khen-thuong/b.md": article("Tin hôm nay", date=f"{NOW:%d/%m/%Y %H:%M}"),
        }
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"HẸN ĐĂNG tin-khen-thuong/a.md:2: Bài hẹn đăng {format_date(ahead, 'words')}: chưa hiện "
        "trên trang; lần dựng trang đầu tiên từ lúc đó trở đi sẽ đăng bài."
    ) in result.stderr
    assert not (out / "tin-khen-thuong/tin-hen").exists()
    assert (out / "tin-khen-thuong/tin-hom-nay/index.html").exists()
    assert "tin-hen" not in (out / "index.html").read_text("utf-8")
    [waiting] = content_rules.scheduled()
    assert (waiting.title, waiting.date) == ("Tin hẹn", ahead)
    assert waiting.path.endswith("tin-khen-thuong/a.md")


def test_a_scheduled_article_is_checked_like_a_published_one(small_site):
    ahead = NOW + dt.timedelta(days=10)
    text = article(
        "Tin chi hội", category="Hoạt động chi hội", date=f"{ahead:%d/%m/%Y}", summary=""
    )
    result, _out = small_site({"hoat-dong-chi-hoi/a.md": text})
    assert result.returncode == 1
    assert (
        "LỖI hoat-dong-chi-hoi/a.md: Thiếu sapo (đoạn mở đầu) (trường Summary:)." in result.stderr
    )
    assert "LỖI hoat-dong-chi-hoi/a.md: Bài Hoạt động chi hội phải ghi đơn vị" in result.stderr


def test_a_date_over_a_year_ahead_is_a_typo(small_site):
    ahead = NOW + dt.timedelta(days=400)
    result, _out = small_site({"tin-khen-thuong/a.md": article("Tin", date=f"{ahead:%d/%m/%Y}")})
    assert result.returncode == 1
    assert (
        f"LỖI tin-khen-thuong/a.md:2: Ngày đăng {ahead:%d/%m/%Y} còn hơn một năm nữa mới tới: "
        "có lẽ gõ nhầm năm.\n"
        "    Cách sửa: Sửa lại ngày đăng. Muốn hẹn đăng bài, ghi ngày trong vòng một năm tới."
    ) in result.stderr
