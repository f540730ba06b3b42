"""The shared package's small modules: settings tables, source lines, YAML, text, colours, files."""

from __future__ import annotations

import os
import unicodedata

import pytest
from sitebuild import ROOT

from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, FileErrors, closest
from khuyenhoc.files import copy_if_changed, write_atomic
from khuyenhoc.palette import palette
from khuyenhoc.sources import SourceLines
from khuyenhoc.text import html_to_text, slug, word_count
from khuyenhoc.yamlfile import MAX_NODES, compose, mapping_fields


def test_a_setting_table_gives_the_site_value_else_its_default():
    table = setting_table(A=1, B=["x"])
    read = table.read({"A": 2})
    assert (read.A, read.B) == (2, ["x"])
    read.B.append("y")  # a default is never shared between reads
    assert table.read({}).B == ["x"]
    with pytest.raises(AttributeError):
        _ = read.C


def test_editor_error_format():
    error = EditorError("/site/content/a.md", 4, "Sai.", "Sửa thế này.")
    assert error.format("/site/content") == "LỖI a.md:4: Sai.\n    Cách sửa: Sửa thế này."
    assert (
        EditorError("/x/b.md", None, "Thiếu.").format("/x", "CẢNH BÁO") == "CẢNH BÁO b.md: Thiếu."
    )


def test_closest_ignores_accents():
    assert closest("Tin khen thuong", ["Tin khen thưởng", "Hoạt động chi hội"]) == [
        "Tin khen thưởng"
    ]


def test_source_lines():
    lines = SourceLines.of_text(
        "Title: A\nDate : 2024\n\n![a](x.jpg)\n"
        + unicodedata.normalize("NFD", "Đoạn ảnh")
        + "\n![b](x.jpg)\n"
    )
    assert lines.field("date") == 2 and lines.field("tags") is None
    assert lines.matching(r"đoạn") == 5  # read as NFC
    assert [lines.next_containing("x.jpg") for _ in range(3)] == [4, 6, 4]  # in order, then wraps
    assert lines.next_containing("khong-co", "a](") == 4  # the first needle found wins


def parse(text: str):
    errors = FileErrors("a.yaml")
    return compose(text, errors, "Tệp", "Xem mẫu."), [(e.line, e.message) for e in errors.items]


def test_yaml_refuses_anchors_and_aliases():
    node, errors = parse("a: &x 1\nb: *x\n")
    assert node is None
    assert errors == [
        (
            1,
            "Tệp dùng dấu '&' hoặc '*' (neo và tham chiếu của YAML) ở dòng 1; trang web không "
            "nhận cách viết này.",
        )
    ]


def test_yaml_refuses_too_many_values():
    node, errors = parse("".join(f"- {n}\n" for n in range(MAX_NODES + 1)))
    assert node is None and "quá nhiều giá trị" in errors[0][1]


def test_yaml_mapping_fields_name_unknown_and_repeated_ones():
    errors = FileErrors("a.yaml")
    node = compose("title: A\ntitle: B\ntilte: C\n", errors, "Tệp", "")
    fields = mapping_fields(node, {"title": "tiêu đề"}, "", errors, "")
    assert list(fields) == ["title"]
    assert [(e.line, e.message) for e in errors.items] == [
        (2, "Trường 'title' được viết hai lần (dòng 1 và dòng 2); chỉ một giá trị được dùng."),
        (3, "Trường 'tilte' không có trong mẫu. Có phải ý bạn là 'title'?"),
    ]


def test_html_to_text():
    assert html_to_text("<b>Chính</b>&nbsp;phủ <!-- x -->") == "Chính\xa0phủ"
    assert html_to_text("Chính&nbsp;phủ", keep_nbsp=False) == "Chính phủ"


def test_slugs_are_ascii_like_pelicans():
    assert slug("Đại hội Hội Khuyến học") == "dai-hoi-hoi-khuyen-hoc"


def test_the_palette_is_the_stylesheets():
    colours = palette(ROOT / "theme")
    css = (ROOT / "theme" / "static" / "css" / "site.css").read_text(encoding="utf-8")
    assert f"--brand: {colours['brand']};" in css
    assert colours.rgb("brand") == (0x12, 0x54, 0x46)


def test_write_atomic_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "a" / "b.json"
    write_atomic(target, "{}")
    write_atomic(target, b"[]")
    assert target.read_bytes() == b"[]"
    assert os.listdir(target.parent) == ["b.json"]


def test_write_atomic_that_fails_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "b.json"
    write_atomic(target, "{}")
    with pytest.raises(TypeError):
        write_atomic(target, ["not", "text"])
    assert target.read_text() == "{}"
    assert os.listdir(tmp_path) == ["b.json"]


def test_copy_if_changed(tmp_path, monkeypatch):
    cached, target = tmp_path / "cached", tmp_path / "out" / "file"
    cached.write_bytes(b"1")
    assert copy_if_changed(cached, target) is True
    assert copy_if_changed(cached, target) is False
    assert target.read_bytes() == b"1"
    assert os.path.samefile(cached, target)  # a hard link: no bytes copied
    # A cache entry is replaced whole, never changed in place: the output keeps what it had.
    write_atomic(cached, b"22")
    assert target.read_bytes() == b"1"
    assert copy_if_changed(cached, target) is True and target.read_bytes() == b"22"
    assert os.listdir(target.parent) == ["file"]

    def no_links(*_args):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)  # the cache on another file system: a copy
    other = tmp_path / "out" / "other"
    assert copy_if_changed(cached, other) is True and other.read_bytes() == b"22"
    assert not os.path.samefile(cached, other)
    assert copy_if_changed(cached, other) is False


def test_front_matter_fields_with_lines():
    from khuyenhoc import frontmatter

    text = "Title: Hội nghị: tổng kết\nTags: a,\n    b\nDate : 2024-02-08\n\nBody: not a field\n"
    front = frontmatter.read(text)
    assert [(f.line, f.name, f.value) for f in front.fields] == [
        (1, "Title", "Hội nghị: tổng kết"),
        (2, "Tags", "a,"),
        (4, "Date", "2024-02-08"),
    ]
    assert front.bad_line is None
    assert frontmatter.tidy(text) == text.replace("Date :", "Date:")
    broken = frontmatter.read("Title: a\nAuthor Đắc Quang\n\nx")
    assert (broken.bad_line, broken.bad_text) == (2, "Author Đắc Quang")


@pytest.mark.parametrize(
    "html",
    [
        "",
        "<p>một</p>",
        "a&nbsp;b",
        "a<b>c</b>",
        "<!-- x > y --> z",
        "x <!-- never closed",
        "<!-- a --> b <!-- c > d",
        "a > b",
        "a < b <i>c</i>",
        "<p title='a>b'>c</p>",
        "&amp;nbsp; &#32;x",
        "<p>\xa0</p>",
        "SEED",
    ],
)
def test_word_count_counts_the_words_of_html_to_text(html):
    if html == "SEED":  # the seed article's body, as Markdown makes it
        import markdown

        seed = next((ROOT / "content" / "tin-khen-thuong").glob("hoi-khuyen-hoc-*.md"))
        html = markdown.markdown(seed.read_text(encoding="utf-8").split("\n\n", 1)[1])
        assert len(html) > 2000
    assert word_count(html) == len(html_to_text(html).split())
