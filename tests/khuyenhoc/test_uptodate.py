"""khuyenhoc.uptodate: a build is skipped only when its inputs and its output are those the record
of the last complete build describes. A small project of real files, no Pelican: each test
records a build, changes one thing, and asks again."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from khuyenhoc import uptodate
from khuyenhoc.failpoints import VARIABLE as FAILPOINT

SETTINGS = """\
import os
from pathlib import Path
HERE = Path(__file__).resolve().parent
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
CACHE_PATH = str(HERE / ".cache" / "pelican")
TIMEZONE = "Asia/Ho_Chi_Minh"
ALLOW_SAMPLES = os.environ.get("ALLOW_SAMPLES", "") not in ("", "0")
UNITS_FILE = str(HERE / "data" / "don-vi.yaml")
"""
PUBLISH = """\
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).resolve().parent))
from pelicanconf import *
SITEURL = "https://example.org"
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ALLOW_SAMPLES", raising=False)
    monkeypatch.delenv(FAILPOINT, raising=False)
    files = {
        "pelicanconf.py": SETTINGS,
        "publishconf.py": PUBLISH,
        "content/tin/bai-1.md": "Title: Một\n\nMột.\n",
        "content/tin/bai-2.md": "Title: Hai\n\nHai.\n",
        "content/images/anh.jpg": "jpeg",
        "theme/templates/base.html": "<html></html>",
        "plugins/tin/__init__.py": "def register(): pass\n",
        "preview/index.html": "<html>trang</html>",
        "preview/tin/bai-1/index.html": "<html>bài</html>",
        "data/don-vi.yaml": "- Tên: Ngã Năm\n",
        "package-lock.json": '{"pagefind": "1.6.0"}',
        "node_modules/.package-lock.json": '{"pagefind": "1.6.0"}',
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def build(settings="pelicanconf.py", output="preview", *extra) -> uptodate.Build:
    return uptodate.Build.from_arguments(["content", "-s", settings, "-o", output, *extra])


def record(one: uptodate.Build, valid_until: float | None = None) -> None:
    """As ``scripts/build.py`` does once a build completed."""
    one.output.mkdir(exist_ok=True)
    one.save(*one.fingerprint(), valid_until)


def unchanged(one: uptodate.Build) -> bool:
    return one.unchanged(*one.fingerprint())


def rewrite_keeping_mtime(path: Path, text: str) -> None:
    """New bytes of the same size, and the old modification time put back (``cp -p``,
    ``touch -r``, an archive restored)."""
    before = path.stat()
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_nothing_changed_is_told_and_a_missing_record_is_a_miss(project):
    assert not unchanged(build())
    record(build())
    assert unchanged(build())


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda p: (p / "content/tin/bai-2.md").unlink(), id="deleted"),
        pytest.param(
            lambda p: (p / "content/tin/bai-2.md").rename(p / "content/tin/bai-3.md"),
            id="renamed",
        ),
        pytest.param(lambda p: (p / "content/tin/bai-4.md").write_text("x"), id="added"),
        pytest.param(
            lambda p: rewrite_keeping_mtime(p / "content/tin/bai-1.md", "Title: Mot\n\nMot.\n"),
            id="same-mtime",
        ),
        pytest.param(
            lambda p: (p / "content/images/anh.jpg").write_text("jpeg2"), id="photo-edited"
        ),
        pytest.param(
            lambda p: (p / "plugins/tin/__init__.py").write_text("def register(): 1\n"),
            id="plugin-edited",
        ),
        pytest.param(
            lambda p: (p / "theme/templates/base.html").write_text("<html> </html>"),
            id="theme-edited",
        ),
        pytest.param(
            lambda p: (p / "pelicanconf.py").write_text(SETTINGS + "X = 1\n"),
            id="settings-edited",
        ),
        pytest.param(lambda p: (p / "helpers.py").write_text("Y = 1\n"), id="settings-module"),
        pytest.param(
            lambda p: (p / "package-lock.json").write_text('{"pagefind": "1.6.1"}'),
            id="npm-packages-changed",
        ),
        pytest.param(
            lambda p: (p / "node_modules/.package-lock.json").write_text("{}"),
            id="npm-packages-installed",
        ),
        pytest.param(
            lambda p: (p / "data/don-vi.yaml").write_text("- Tên: Vĩnh Châu\n"),
            id="file-named-by-a-setting",
        ),
        pytest.param(lambda p: (p / "preview/index.html").unlink(), id="output-deleted"),
        pytest.param(lambda p: (p / "preview/index.html").write_text("x"), id="output-edited"),
        pytest.param(lambda p: (p / "preview/them.html").write_text("x"), id="output-added"),
        pytest.param(
            lambda p: (p / "preview/tin/bai-1/index.html").write_text("x"),
            id="output-edited-in-a-folder",
        ),
        pytest.param(
            lambda p: (p / "preview/tin/bai-1/them.html").write_text("x"),
            id="output-added-in-a-folder",
        ),
        pytest.param(lambda p: (p / "preview/tin/moi").mkdir(), id="output-folder-added"),
        pytest.param(
            lambda p: (p / "preview/tin/bai-1").rename(p / "preview/tin/bai-2"),
            id="output-folder-renamed",
        ),
    ],
)
def test_any_change_to_an_input_or_the_output_is_a_miss(project, change):
    record(build())
    change(project)
    assert not unchanged(build())


def test_python_bytecode_written_by_a_build_is_not_a_change(project):
    record(build())
    (project / "plugins/tin/__pycache__").mkdir()
    (project / "plugins/tin/__pycache__/__init__.cpython-311.pyc").write_bytes(b"pyc")
    assert unchanged(build())


def test_an_environment_variable_the_settings_read_is_an_input(project, monkeypatch):
    record(build("publishconf.py", "output"))
    monkeypatch.setenv("ALLOW_SAMPLES", "1")
    assert not unchanged(build("publishconf.py", "output"))
    record(build("publishconf.py", "output"))
    assert unchanged(build("publishconf.py", "output"))
    monkeypatch.setenv("ALLOW_SAMPLES", "0")
    assert not unchanged(build("publishconf.py", "output"))


def test_each_output_folder_and_settings_file_has_its_own_record(project):
    record(build("pelicanconf.py", "preview"))
    (project / "preview2").mkdir()
    (project / "preview2/index.html").write_text("<html>trang</html>")
    assert not unchanged(build("pelicanconf.py", "preview2"))
    # The publish settings into the preview folder: another build than the one recorded.
    assert not unchanged(build("publishconf.py", "preview"))
    assert unchanged(build("pelicanconf.py", "preview"))


def test_overrides_are_inputs_but_the_error_reporting_switch_is_not(project):
    record(build())
    assert not unchanged(build("pelicanconf.py", "preview", "-e", 'SITEURL="/x"'))
    assert unchanged(build("pelicanconf.py", "preview", "-e", "EDITOR_ERRORS_EXIT=false"))


def test_a_record_holds_until_the_first_scheduled_article_is_due(project):
    record(build(), valid_until=time.time() + 3600)
    assert unchanged(build())
    record(build(), valid_until=time.time() - 1)
    assert not unchanged(build())


@pytest.mark.parametrize("damage", ["", "{", "[]", '{"version": 1}', "null"])
def test_a_damaged_record_is_a_miss(project, damage):
    one = build()
    record(one)
    _fingerprint, path = one.fingerprint()
    path.write_text(damage, encoding="utf-8")
    assert not unchanged(build())


def test_the_record_lives_in_the_cache_outside_the_output(project):
    one = build()
    record(one)
    _fingerprint, path = one.fingerprint()
    assert path.parent == project / ".cache" / uptodate.RECORD_FOLDER
    assert json.loads(path.read_text())["output"] == str((project / "preview").resolve())
    one.forget(path)
    assert not unchanged(build())


def test_a_build_a_test_stops_at_a_failpoint_always_runs(project, monkeypatch):
    record(build())
    monkeypatch.setenv(FAILPOINT, "writing:/tmp/marker")
    assert build().fingerprint() is None


@pytest.mark.parametrize(
    "argv",
    [
        ["content", "-s", "pelicanconf.py"],  # no output folder named
        ["content", "-s", "pelicanconf.py", "-o", "preview", "-t", "other-theme"],
        ["content", "-s", "pelicanconf.py", "-o", "preview", "--autoreload"],
        ["content", "-s", "pelicanconf.py", "-o", "preview", "-e", "X=not-json"],
    ],
)
def test_a_command_it_cannot_describe_always_builds(project, argv):
    assert uptodate.Build.from_arguments(argv) is None


def test_settings_that_fail_or_cannot_be_described_always_build(project):
    (project / "pelicanconf.py").write_text(SETTINGS + "CALLBACK = object()\n")
    assert build().fingerprint() is None
    (project / "pelicanconf.py").write_text("raise ValueError('settings')\n")
    assert build().fingerprint() is None


def test_a_file_linked_again_elsewhere_is_not_a_change(project):
    """Photos and cards are linked into the output from their cache, and make publish links the
    same files into its release: a link made elsewhere changes the file's ctime, not the file."""
    cached = project / ".cache" / "photos" / "anh-480.webp"
    cached.parent.mkdir(parents=True)
    cached.write_bytes(b"webp")
    os.link(cached, project / "preview" / "anh-480.webp")
    record(build())
    release = project / "releases" / "1"
    release.mkdir(parents=True)
    os.link(cached, release / "anh-480.webp")
    assert unchanged(build())
    (project / "preview" / "anh-480.webp").unlink()
    assert not unchanged(build())
