"""What make prints first is Vietnamese, for every target: an editor never reads English to know
what happened."""

from __future__ import annotations

import re
import subprocess

import pytest
from sitebuild import ROOT

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
VIETNAMESE = re.compile(
    r"[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I
)
# A recipe starts by saying what it does, or runs one of the editors' commands, which do.
FIRST_LINE = re.compile(r'^\t@(echo "|if \[ -z|\$\(BIN\)/python -m scripts\.(publish|deploy))')


def recipes() -> dict[str, list[str]]:
    """Each target's recipe lines; a rule naming several targets ("tap-chi magazine:") gives each
    of them the same recipe."""
    found: dict[str, list[str]] = {}
    target = None
    for line in MAKEFILE.replace("\\\n", " ").splitlines():  # continuation lines joined
        rule = re.match(r"^([^\s:#=][^:=]*):(?!=)", line)
        if rule:
            target = rule[1].strip()
            found[target] = []
        elif line.startswith("\t") and target:
            found[target].append(line)
        elif line.strip() and not line.startswith("#"):
            target = None
    return {name: lines for names, lines in found.items() if lines for name in names.split()}


def test_every_recipe_says_what_it_does_first_in_vietnamese():
    targets = recipes()
    phony = MAKEFILE.split(".PHONY:")[1].splitlines()[0].split()
    assert set(phony) <= set(targets), set(phony) - set(targets)
    for name, lines in targets.items():
        assert FIRST_LINE.match(lines[0]), f"{name}: {lines[0]}"
        for line in lines:  # no command is echoed: every line is silent or a message
            assert line.startswith(("\t@", "\t\t")), f"{name}: {line}"
        for message in re.findall(r'echo "([^"]+)"', "\n".join(lines)):
            assert VIETNAMESE.search(message) or message.startswith("  make"), message


def make(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "first"),
    [
        ((), "Các lệnh (gõ trong thư mục dự án):"),
        (
            ("khong-co-lenh-nay",),
            "Không có lệnh 'make khong-co-lenh-nay'. Gõ 'make help' để xem các lệnh.",
        ),
        (
            ("rollback", "OUTPUT={tmp}/output", "RELEASES={tmp}/releases"),
            "Không quay lại được: không có bản xuất bản nào cũ hơn",
        ),
        (
            ("deploy", "OUTPUT={tmp}/output", "RELEASES={tmp}/releases"),
            "Không triển khai: Chưa ghi nơi đưa trang lên.",
        ),
        (
            ("deploy", "DEPLOY_TARGET={tmp}/www", "OUTPUT={tmp}/output", "RELEASES={tmp}/releases"),
            "Không triển khai: Chưa có bản xuất bản hoàn chỉnh",
        ),
        (("new",), "Tạo bài mới trong content/…"),
    ],
)
def test_the_first_line_make_prints_is_vietnamese(tmp_path, args, first):
    result = make(*(arg.format(tmp=tmp_path) for arg in args))
    printed = (result.stdout + result.stderr).splitlines()
    assert printed and VIETNAMESE.search(printed[0]), printed
    # Installing what changed since the last run may come first (in Vietnamese too).
    own = [line for line in printed if not line.startswith(("Đang cài", "WARNING: Location"))]
    assert own[0].startswith(first), printed
    if result.returncode:  # make's own English line comes after the explanation, never alone
        assert not printed[0].startswith("make:")
