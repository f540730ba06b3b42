"""Old addresses: Aliases: redirect pages, and a warning when a published address moves."""

from __future__ import annotations

import json

import pytest
from sitebuild import PublishedSite, article, build, write_files

PLUGINS = ["vietnamese", "content_rules", "redirects", "sitemap"]
OLD = "/tin-khen-thuong/ten-cu-cua-bai/"


def site(tmp_path, files, settings_file="pelicanconf.py", **overrides):
    content = write_files(tmp_path / "content", files)
    return build(
        content,
        tmp_path / "out",
        plugins=PLUGINS,
        cache=tmp_path / "cache" / "pelican",
        settings_file=settings_file,
        **overrides,
    )


def test_an_alias_leaves_a_redirect_page_without_script_at_the_old_address(tmp_path):
    result = site(
        tmp_path, {"tin-khen-thuong/a.md": article("Tên mới của bài", extra=f"Aliases: {OLD}")}
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / OLD.strip("/") / "index.html").read_text(encoding="utf-8")
    new = "/tin-khen-thuong/ten-moi-cua-bai/"
    assert f'<meta http-equiv="refresh" content="0; url={new}">' in page
    assert f'<link rel="canonical" href="{new}">' in page
    assert f'<a href="{new}">Tên mới của bài</a>' in page
    assert "<script" not in page and 'name="robots" content="noindex"' in page
    assert OLD not in (tmp_path / "out" / "sitemap.xml").read_text(encoding="utf-8")


def test_a_publish_build_makes_the_redirect_absolute(tmp_path):
    result = site(
        tmp_path,
        {"tin-khen-thuong/a.md": article("Tên mới của bài", extra=f"Aliases: {OLD}")},
        SITEURL="https://example.org",
    )
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / OLD.strip("/") / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="canonical" href="https://example.org/tin-khen-thuong/ten-moi-cua-bai/">' in page
    )


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        (
            "/tin-khen-thuong/tên cũ/",
            "Địa chỉ cũ '/tin-khen-thuong/tên' trong Aliases: không phải đường dẫn trên trang này.",
        ),
        (
            "https://other.example/a/",
            "Địa chỉ cũ 'https://other.example/a/' trong Aliases: không phải đường dẫn trên trang này.",
        ),
        (
            "/tin-khen-thuong/bai-khac/",
            "Địa chỉ cũ '/tin-khen-thuong/bai-khac/' trong Aliases: đang là địa chỉ của tin-khen-thuong/b.md.",
        ),
    ],
)
def test_a_wrong_alias_is_an_error_with_its_line(tmp_path, aliases, message):
    files = {
        "tin-khen-thuong/a.md": article("Bài có địa chỉ cũ", extra=f"Aliases: {aliases}"),
        "tin-khen-thuong/b.md": article("Bài khác", date="2024-02-09 08:00"),
    }
    result = site(tmp_path, files)
    assert result.returncode == 1
    assert f"LỖI tin-khen-thuong/a.md:6: {message}" in result.stderr
    assert "Cách sửa:" in result.stderr


def test_a_moved_published_address_is_named_and_stops_a_publish_until_aliased(tmp_path):
    record = tmp_path / "cache" / "dia-chi-da-xuat-ban.json"
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"tin-khen-thuong/a.md": OLD}), encoding="utf-8")
    files = {"tin-khen-thuong/a.md": article("Tên mới của bài")}
    preview = site(tmp_path, files)
    assert preview.returncode == 0, preview.stderr
    assert (
        "CẢNH BÁO tin-khen-thuong/a.md:1: Địa chỉ của bài đã đổi từ "
        f"{OLD} (địa chỉ đã xuất bản) thành /tin-khen-thuong/ten-moi-cua-bai/"
    ) in preview.stderr
    assert f"Cách sửa: Nếu bài đã đăng ở địa chỉ cũ, thêm dòng 'Aliases: {OLD}'" in preview.stderr
    publish = site(tmp_path, files, settings_file="publishconf.py", ALLOW_SAMPLES=True)
    assert publish.returncode == 1
    files["tin-khen-thuong/a.md"] = article("Tên mới của bài", extra=f"Aliases: {OLD}")
    fixed = site(tmp_path, files, settings_file="publishconf.py", ALLOW_SAMPLES=True)
    assert fixed.returncode == 0, fixed.stderr
    assert "Địa chỉ của bài đã đổi" not in fixed.stderr


def test_the_preview_names_a_title_change_between_two_builds(tmp_path):
    assert site(tmp_path, {"tin-khen-thuong/a.md": article("Tên đầu tiên")}).returncode == 0
    again = site(tmp_path, {"tin-khen-thuong/a.md": article("Tên thứ hai")})
    assert again.returncode == 0
    assert (
        "Địa chỉ của bài đã đổi từ /tin-khen-thuong/ten-dau-tien/ thành "
        "/tin-khen-thuong/ten-thu-hai/, vì tiêu đề hoặc Slug: đã sửa. Trong bản xem thử, địa "
        "chỉ cũ chuyển tới trang mới."
    ) in again.stderr
    # The editor's browser reloads the old address: it leads to the article as it is now.
    old_page = (tmp_path / "out/tin-khen-thuong/ten-dau-tien/index.html").read_text("utf-8")
    assert 'content="0; url=/tin-khen-thuong/ten-thu-hai/"' in old_page
    assert "Tên đầu tiên" not in old_page


def test_a_failed_build_between_does_not_hide_the_title_change(tmp_path):
    # make serve: the editor saves a mistake, then fixes it and changes the title meanwhile.
    assert site(tmp_path, {"tin-khen-thuong/a.md": article("Tên đầu tiên")}).returncode == 0
    broken = site(tmp_path, {"tin-khen-thuong/a.md": article("Tên đầu tiên", date="31/02/2024")})
    assert broken.returncode == 1
    again = site(tmp_path, {"tin-khen-thuong/a.md": article("Tên thứ hai")})
    assert again.returncode == 0
    assert "Địa chỉ của bài đã đổi từ /tin-khen-thuong/ten-dau-tien/ thành " in again.stderr


def test_make_publish_remembers_published_addresses_and_keeps_them(tmp_path):
    published = PublishedSite(tmp_path)
    code, output = published.run("--no-compress")
    assert code == 0, output
    source = (
        published.content
        / "tin-khen-thuong"
        / "hoi-khuyen-hoc-soc-trang-nhan-co-thi-dua-chinh-phu.md"
    )
    text = source.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("Title: "))
    source.write_text(text.replace(title, "Title: Tiêu đề đã sửa sau khi đăng"), encoding="utf-8")
    code, output = published.run("--no-compress")
    assert code == 1
    old = "/tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
    assert f"thêm dòng 'Aliases: {old}'" in output, output
    source.write_text(
        text.replace(title, f"Title: Tiêu đề đã sửa sau khi đăng\nAliases: {old}"), encoding="utf-8"
    )
    code, output = published.run("--no-compress")
    assert code == 0, output
    redirect = (published.output / old.strip("/") / "index.html").read_text(encoding="utf-8")
    assert "/tin-khen-thuong/tieu-de-da-sua-sau-khi-dang/" in redirect
