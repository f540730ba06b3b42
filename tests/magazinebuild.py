"""Helpers for tests/magazine/: running ``python -m magazine`` in this process over small sites the tests write, or the real
content, with the settings a test gives (``-e NAME=JSON``, as the command takes them)."""

from __future__ import annotations

import contextlib
import io
import json
import locale
from dataclasses import dataclass
from pathlib import Path

from sitebuild import ROOT, _quiet_signals

# Enough plugins to read an article as the site does: the reader, the rules, the boxes, the
# photos, and this one. Each test adds what it needs.
PLUGINS = ["vietnamese", "content_rules", "stats_boxes", "photos", "magazine"]
SENDER = {
    "name": "Nguyễn Thị Thử",
    "unit": "Hội Khuyến học tỉnh Sóc Trăng",
    "address": "Số 1 đường Thử, phường Sóc Trăng, thành phố Cần Thơ",
    "phone": "0299 3 000 000",
    "email": "thu@vi-du.vn",
}
MAGAZINE_EMAIL = "bientap@vi-du.vn"
# The real seed article (content/tin-khen-thuong/), with its statistics box and its photo.
SEED = "hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_command(arguments: list[str], settings_file: str = "publishconf.py", **settings) -> Run:
    """``python -m magazine <arguments>`` in this process, with ``settings`` as ``-e`` pairs."""
    from magazine.command import main

    pairs = [f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in settings.items()]
    stdout, stderr = io.StringIO(), io.StringIO()
    process_locale = locale.setlocale(locale.LC_ALL)
    _quiet_signals()
    code = 0
    with (
        contextlib.redirect_stdout(stdout),
        contextlib.redirect_stderr(stderr),
        contextlib.chdir(ROOT),
    ):
        try:
            code = main([*arguments, "-s", settings_file, "-e", *pairs])
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            _quiet_signals()
            locale.setlocale(locale.LC_ALL, process_locale)
    return Run(code, stdout.getvalue(), stderr.getvalue())


def run_command_process(
    arguments: list[str], settings_file: str = "publishconf.py", **settings
) -> Run:
    """``python -m magazine`` in a process of its own, as ``make tap-chi`` runs it: for a real exit
    status, and for work whose memory must not count against the test process (a 200 MP photo)."""
    import subprocess
    import sys

    pairs = [f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in settings.items()]
    done = subprocess.run(
        [sys.executable, "-m", "magazine", *arguments, "-s", settings_file, "-e", *pairs],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        timeout=600,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@dataclass
class SmallSite:
    base: Path

    @property
    def content(self) -> Path:
        return self.base / "content"

    @property
    def packages(self) -> Path:
        return self.base / "output-tap-chi"

    @property
    def site_output(self) -> Path:
        return self.base / "output"

    def settings(self, **extra) -> dict:
        values = {
            "PATH": str(self.content),
            "OUTPUT_PATH": str(self.site_output),
            "CACHE_PATH": str(self.base / "cache" / "pelican"),
            "PLUGINS": PLUGINS,
            "STATS_PAGE": "",
            "MAGAZINE_EMAIL": MAGAZINE_EMAIL,
            "MAGAZINE_SENDER": SENDER,
            "MAGAZINE_OUTPUT_PATH": str(self.packages),
        }
        return values | extra

    def run(self, *arguments: str, **extra) -> Run:
        return run_command(list(arguments), **self.settings(**extra))


def assert_refused(run: Run, site: SmallSite) -> None:
    """Exit 1, no traceback, nothing written: no package, no site output."""
    assert run.returncode == 1, run.stderr + run.stdout
    assert "Traceback" not in run.stderr + run.stdout
    if site.packages.exists():
        assert [p.name for p in site.packages.iterdir()] == []
    assert not site.site_output.exists()
