"""The Nu HTML Checker (vnu) over the whole built site, HTML and CSS, in one run.

Errors fail the test. Warnings are listed (as pytest warnings) without failing it: vnu warns
about things that are sometimes right on purpose. Plain information messages are ignored.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import warnings
from collections import defaultdict
from pathlib import Path

import pytest
from sitebuild import ROOT

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(*paths: Path) -> list[dict]:
    java = shutil.which("java")
    assert java, "java is missing: the Nu HTML Checker needs Java (CI provides it)"
    assert VNU.is_file(), f"{VNU} is missing: run `npm ci` (make test does)"
    command = [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", "--also-check-css"]
    result = subprocess.run(
        [*command, *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # vnu writes its JSON report to stderr; its exit status only says whether it found errors.
    try:
        return json.loads(result.stderr)["messages"]
    except (json.JSONDecodeError, KeyError) as error:
        raise AssertionError(f"vnu gave no report ({error}):\n{result.stderr[-2000:]}") from None


def in_folder(messages: list[dict], folder: Path) -> list[dict]:
    prefix = f"file:{folder.resolve()}/"
    return [m for m in messages if m.get("url", "").startswith(prefix)]


def describe(messages: list[dict], folder: Path) -> str:
    by_file = defaultdict(list)
    for m in messages:
        by_file[m.get("url", "").removeprefix(f"file:{folder.resolve()}")].append(m)
    lines = []
    for name, found in sorted(by_file.items()):
        lines.append(name or "(no file)")
        for m in found:
            lines.append(f"  line {m.get('lastLine', '?')}: {m['message']}")
            if m.get("extract"):
                lines.append(f"      {m['extract'].strip()!r}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def canary(tmp_path_factory) -> Path:
    """An invalid page and stylesheet, checked in the same run: vnu must report both."""
    folder = tmp_path_factory.mktemp("vnu-canary")
    (folder / "bad.html").write_text(
        '<!doctype html><html lang="vi"><title>x</title><p><div>khối trong đoạn</p>',
        encoding="utf-8",
    )
    (folder / "bad.css").write_text("p { colr: red; }", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def vnu_messages(site, canary) -> list[dict]:
    """One vnu run over the whole site (and the canary)."""
    return run_vnu(site, canary)


def test_site_has_html_and_css_to_check(site):
    assert list(site.rglob("*.html")) and list(site.rglob("*.css"))


def test_no_html_or_css_errors(vnu_messages, site):
    messages = in_folder(vnu_messages, site)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    found = [m for m in messages if m["type"] == "info" and m.get("subType") == "warning"]
    if found:
        warnings.warn(f"vnu warnings:\n{describe(found, site)}", stacklevel=1)
    assert not errors, f"{len(errors)} errors from vnu:\n{describe(errors, site)}"


def test_vnu_reports_errors_in_html_and_css(vnu_messages, canary):
    """The checker really ran, on HTML and on CSS."""
    errors = {
        m["url"].rsplit("/", 1)[-1] for m in in_folder(vnu_messages, canary) if m["type"] == "error"
    }
    assert errors == {"bad.html", "bad.css"}, vnu_messages
