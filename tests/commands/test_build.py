"""``make html`` (scripts/build.py): a build with nothing changed since the last complete one into
the same folder is not run, and says so, before Pelican is imported; any change builds."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from sitebuild import ROOT, Preview, article

from khuyenhoc.formatting import TIMEZONE

UNCHANGED = "Không có gì thay đổi kể từ lần dựng trước"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    site = Preview(tmp_path_factory.mktemp("build"))
    result = site.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "pelican imported: True" in result.stdout
    return site


def test_nothing_changed_is_said_in_vietnamese_without_importing_pelican(preview):
    before = preview.files()
    result = preview.build()
    assert result.returncode == 0, result.stderr[-3000:]
    assert UNCHANGED in result.stdout
    assert "pelican imported: False" in result.stdout
    assert preview.files() == before, "nothing in the output was written"


def test_an_edit_builds_and_a_failed_build_leaves_no_record(preview):
    page = preview.content / "pages" / "gioi-thieu.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n\n", "\n\nMột câu mới.\n\n", 1), encoding="utf-8")
    result = preview.build()
    assert UNCHANGED not in result.stdout and result.returncode == 0, result.stderr[-3000:]
    assert "Một câu" in (preview.out / "gioi-thieu" / "index.html").read_text()

    broken = preview.content / "tin-khen-thuong" / "bai-hong.md"
    broken.write_text(article("Bài hỏng", category="Không có loại này"), encoding="utf-8")
    result = preview.build()
    assert result.returncode == 1, result.stdout
    assert preview.record() is None
    broken.unlink()
    result = preview.build()  # the content is back as it was built, but the build had failed
    assert UNCHANGED not in result.stdout and result.returncode == 0, result.stderr[-3000:]
    assert UNCHANGED in preview.build().stdout


def test_a_build_holds_until_its_first_scheduled_article_is_due(preview):
    due = (dt.datetime.now(TIMEZONE) + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    scheduled = preview.content / "tin-khen-thuong" / "bai-hen-dang.md"
    scheduled.write_text(article("Bài hẹn đăng", date=f"{due:%d/%m/%Y %H:%M}"), encoding="utf-8")
    try:
        result = preview.build()
        assert result.returncode == 0, result.stderr[-3000:]
        valid_until = preview.record()["valid_until"]
        assert valid_until == (due - dt.timedelta(days=1)).timestamp()
    finally:
        scheduled.unlink()
    assert preview.build().returncode == 0
    assert preview.record()["valid_until"] is None


def test_the_preview_server_does_not_build_what_make_html_left_up_to_date(preview):
    assert preview.build().returncode == 0
    page = preview.content / "pages" / "lien-he.md"
    code = (
        "import sys\nfrom pathlib import Path\nfrom pelican import get_instance, parse_arguments\n"
        "from khuyenhoc import uptodate\nfrom scripts.serve import build_unless_unchanged\n"
        "args = sys.argv[1:-1] + ['EDITOR_ERRORS_EXIT=false']\n"
        "site, _settings = get_instance(parse_arguments(args))\n"
        "build = uptodate.Build.from_arguments(args)\n"
        "print('first:', build_unless_unchanged(site, build))\n"
        "page = Path(sys.argv[-1])\npage.write_text(page.read_text('utf-8') + 'Thêm.\\n', 'utf-8')\n"
        "print('after an edit:', build_unless_unchanged(site, build))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *preview.arguments(), str(page)],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "first: False" in result.stdout and "after an edit: True" in result.stdout
    assert "bản xem thử đã là bản mới nhất" in result.stdout
    assert UNCHANGED in preview.build().stdout, "the server's build was recorded"
