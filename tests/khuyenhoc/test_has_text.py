"""``khuyenhoc.text.has_text`` (a body that shows nothing is an editor's error) answers as
``html_to_text`` does, from the first paragraph when it can."""

from __future__ import annotations

import pytest

from khuyenhoc.text import has_text, html_to_text

BODIES = [
    "",
    "   \n",
    "<p></p>",
    "<p>Nội dung</p>",
    "Chữ không trong thẻ",
    "<p> &nbsp; </p>",
    "<p>&amp;</p>",
    "<p>\xa0</p>",
    "<div>\n  <p>\n</p>\n</div>",
    "<!-- ghi chú > ẩn -->",
    "<!-- ghi chú --><p>hiện</p>",
    '<a title="x>y"></a>',
    '<img src="a.jpg" alt="ảnh">',
    "<p><em></em><strong>đậm</strong></p>",
    "<p>unclosed <b",
    "<",
]


@pytest.mark.parametrize("html", BODIES)
def test_has_text_is_html_to_text_not_empty(html):
    assert has_text(html) == bool(html_to_text(html).strip())
