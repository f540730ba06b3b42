"""Raw HTML in articles: what an article needs passes unchanged, the rest is refused by line."""

from __future__ import annotations

import pytest
from sitebuild import article

from vietnamese import html_policy


@pytest.fixture
def site_plugins():
    return ["vietnamese", "content_rules"]


ALLOWED_BODY = """Đoạn có chú thích[^1], H<sub>2</sub>O, m<sup>2</sup> và <abbr title="Hội Khuyến học">HKH</abbr>.

| Năm | Hội viên |
|:----|---------:|
| 2022 | 491.612 |

<figure class="bang">
<table>
<caption>Kết quả năm 2022</caption>
<tr><th scope="col" colspan="2">Chỉ tiêu</th></tr>
<tr><td>Học bổng</td><td style="text-align: right">101.235</td></tr>
</table>
<figcaption>Nguồn: Hội Khuyến học tỉnh</figcaption>
</figure>

<p class="sample-note" role="note"><mark>Lưu ý</mark><br><small>nhỏ</small></p>

Liên hệ [thư](mailto:bbt@example.org), [điện thoại](tel:+842993000000),
[bài khác](../bai-khac/) hoặc [trang gốc](https://congdankhuyenhoc.vn).

<!-- ghi chú của biên tập viên -->

[^1]: Chú thích cuối bài.
"""


def test_what_an_article_needs_is_allowed(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử", body=ALLOWED_BODY)})
    assert result.returncode == 0, result.stderr
    html = (out / "tin-khen-thuong/tin-thu/index.html").read_text("utf-8")
    assert '<td style="text-align: right">101.235</td>' in html
    assert '<abbr title="Hội Khuyến học">HKH</abbr>' in html


@pytest.mark.parametrize(
    ("html", "found"),
    [
        ("<p>a</p>", []),
        ("<script>x</script>", [html_policy.Problem("script")]),
        ('<a href="JaVaScRiPt:x">a</a>', [html_policy.Problem("a", "href", "JaVaScRiPt:x")]),
        (
            '<a href="jav&#x09;ascript:x">a</a>',
            [html_policy.Problem("a", "href", "jav\tascript:x")],
        ),
        ('<svg onload="x"></svg>', [html_policy.Problem("svg")]),
        ("<td>misplaced</td>", [html_policy.Problem("td")]),
        (
            '<table><tr><td style="color: red">a</td></tr></table>',
            [html_policy.Problem("td", "style", "color: red")],
        ),
        ('<table><tr><td style="text-align: left">a</td></tr></table>', []),
    ],
)
def test_problems(html, found):
    assert html_policy.problems(html) == found


BAD_BODY = """Đoạn một.

<script>alert(1)</script>

<iframe src="https://www.youtube.com/embed/abc"></iframe>

Xem [đây](javascript:alert(1)) và <span onmouseover="x">chữ</span>.

<font color="red">đỏ</font>
"""


def test_refused_html_is_named_by_line(small_site):
    result, out = small_site({"tin-khen-thuong/a.md": article("Tin thử", body=BAD_BODY)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert not out.exists()
    expected = [
        "LỖI tin-khen-thuong/a.md:9: Thẻ <script> chứa mã chạy trong trình duyệt: bài viết không "
        "được có mã (bài dán từ nơi khác có thể mang theo mã độc).\n"
        "    Cách sửa: Xoá cả đoạn <script>…</script>.",
        "LỖI tin-khen-thuong/a.md:11: Thẻ <iframe> nhúng nội dung của trang web khác (video, bản "
        "đồ, bài Facebook…): trang của Hội không tải gì từ nơi khác (quyền riêng tư của bạn đọc, "
        "tốc độ), và phần nhúng có thể mang mã độc.\n"
        "    Cách sửa: Xoá thẻ <iframe>…</iframe>, thay bằng một liên kết, ví dụ [Xem video trên "
        "YouTube](https://www.youtube.com/watch?v=…).",
        "LỖI tin-khen-thuong/a.md:13: Địa chỉ 'javascript:alert(1)' (href của thẻ <a>) không được "
        "dùng: chỉ nhận liên kết http://, https://, mailto:, tel: hoặc đường dẫn trong trang.\n"
        "    Cách sửa: Thay bằng địa chỉ đầy đủ của trang (https://…), hoặc bỏ liên kết.",
        "LỖI tin-khen-thuong/a.md:13: Thuộc tính onmouseover của thẻ <span> chạy mã JavaScript: "
        "bài viết không được có mã (bài dán từ nơi khác có thể mang theo mã độc).\n"
        '    Cách sửa: Xoá onmouseover="…" khỏi thẻ <span>.',
        "LỖI tin-khen-thuong/a.md:15: Thẻ HTML <font> không được dùng trong bài.\n"
        "    Cách sửa: Xoá thẻ <font> (giữ lại chữ bên trong nếu cần). Trong bài chỉ dùng được các "
        "thẻ HTML trình bày nội dung: bảng (table, tr, th, td…), figure, sup, sub, abbr, mark, "
        "small, br…; xem mục HTML trong docs/huong-dan-bien-tap.md.",
    ]
    for message in expected:
        assert message in result.stderr
    assert "có 5 lỗi" in result.stderr


def test_html_in_the_title_and_sapo_is_checked(small_site):
    text = article('Tin <img src=x onerror="alert(1)">', summary="Sapo <script>x</script>")
    result, _out = small_site({"tin-khen-thuong/a.md": text})
    assert result.returncode == 1
    assert "LỖI tin-khen-thuong/a.md:1: Thuộc tính onerror của thẻ <img>" in result.stderr
    assert "LỖI tin-khen-thuong/a.md:5: Thẻ <script>" in result.stderr
