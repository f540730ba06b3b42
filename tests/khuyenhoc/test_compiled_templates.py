"""The templates are compiled once and kept beside Pelican's cache (khuyenhoc.site): a build uses
them, a template edited since is compiled again, and a damaged entry is a miss."""

from __future__ import annotations

import shutil

from sitebuild import ROOT, article, build, write_files


def test_kept_templates_are_used_and_a_changed_or_damaged_one_is_compiled_again(tmp_path):
    content = write_files(tmp_path / "content", {"tin-khen-thuong/a.md": article("Tin A")})
    theme = shutil.copytree(ROOT / "theme", tmp_path / "theme")
    out = tmp_path / "out"

    def page() -> str:
        result = build(content, out, plugins=["vietnamese"], THEME=str(theme))
        assert result.returncode == 0, result.stderr
        return next(out.glob("tin-khen-thuong/*/index.html")).read_text(encoding="utf-8")

    first = page()
    kept = sorted((tmp_path / "templates").rglob("*.cache"))
    assert kept, "no compiled template kept"
    stamps = {path: path.stat().st_mtime_ns for path in kept}
    assert page() == first
    assert {path: path.stat().st_mtime_ns for path in kept} == stamps, "compiled again"

    template = theme / "templates" / "article.html"
    template.write_text(
        template.read_text(encoding="utf-8").replace("</article>", "</article><!-- sửa -->", 1),
        encoding="utf-8",
    )
    assert "<!-- sửa -->" in page()
    for path in kept:
        path.write_bytes(b"damaged")
    assert "<!-- sửa -->" in page()
