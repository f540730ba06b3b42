"""Every example in the editors' guides (docs/*.md) is built, so the guides cannot go stale.

Each fenced block in a guide names its kind after the three backticks:

- ``markdown``: a whole article (or page, without ``Category:``), built with the real content;
  it must build without error. ``markdown body``: a part of an article's body, built inside a
  small valid article. Photos it names under ``{static}/images/`` are made by the test.
- ``yaml file=data/…``: a whole data file, written at that path under ``content/`` (replacing the
  file there), then the site is built.
- ``… error``: an example of a mistake. It must stop the build, and the ``text`` block that
  follows it holds the message: each of its lines must be printed (a line ending in "…" is
  compared up to there). The message names the file (``LỖI tin-khen-thuong/bai-moi.md:4: …``):
  the example is written there.
- ``text``: output shown to the editor. One that starts with ``LỖI`` must follow an ``error``
  example. ``sh``: commands; each ``make`` target must exist.

A block without a kind fails the test: nothing in a guide escapes it.
"""

from __future__ import annotations

import itertools
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from sitebuild import ROOT, SITE_PLUGINS, build, photo

GUIDES = sorted((ROOT / "docs").glob("*.md"))
FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
PLUGINS = [name for name in SITE_PLUGINS if name != "search"]
KIND_FOLDERS = {
    "Tin khen thưởng": "tin-khen-thuong",
    "Gương vượt khó hiếu học": "guong-vuot-kho",
    "Hoạt động chi hội": "hoat-dong-chi-hoi",
}
WRAPPER = (
    "Title: Bài ví dụ trong hướng dẫn\nDate: 08/02/2024 19:13\nAuthor: Ban biên tập\n"
    "Category: Tin khen thưởng\nSummary: Sapo của bài ví dụ.\n\n"
)


@dataclass
class Block:
    guide: str
    line: int
    kind: str
    options: dict
    body: str
    message: str | None = None  # the text block after an error example

    @property
    def id(self) -> str:
        return f"{self.guide}:{self.line}"


def blocks() -> list[Block]:
    found = []
    for guide in GUIDES:
        text = guide.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            kind, *words = match["info"].split() or [""]
            options = dict(w.split("=", 1) if "=" in w else (w, True) for w in words)
            line = text.count("\n", 0, match.start()) + 1
            found.append(Block(guide.name, line, kind, options, match["body"]))
    for before, after in itertools.pairwise(found):
        if before.options.get("error") and after.kind == "text":
            before.message = after.body
    return found


BLOCKS = blocks()
EXAMPLES = [b for b in BLOCKS if b.kind in ("markdown", "yaml")]


def test_every_block_in_the_guides_says_what_it_is():
    assert len(EXAMPLES) >= 6
    for block in BLOCKS:
        assert block.kind in ("markdown", "yaml", "text", "sh"), f"{block.id}: '{block.kind}'"
        if block.kind == "text" and block.body.startswith("LỖI"):
            assert any(b.message is block.body for b in BLOCKS), f"{block.id}: no example"
        if block.options.get("error"):
            assert block.message, f"{block.id}: an error example needs its message after it"


def test_every_make_command_in_the_guides_exists():
    # "tap-chi magazine: …" declares two targets; a target's name may hold hyphens.
    rules = re.findall(r"^([a-z][a-z -]*):", (ROOT / "Makefile").read_text(), re.MULTILINE)
    targets = {name for rule in rules for name in rule.split()}
    for block in (b for b in BLOCKS if b.kind == "sh"):
        for command in re.findall(r"^make ([a-z][a-z-]*)", block.body, re.MULTILINE):
            assert command in targets, f"{block.id}: make {command}"


def _target(block: Block) -> str:
    """Where the example goes, relative to content/."""
    if block.options.get("file"):
        return block.options["file"]
    if block.message:
        named = re.match(r"LỖI (\S+?):\d+:", block.message)
        if named:
            return named[1]
    if block.options.get("body"):
        return "tin-khen-thuong/vi-du-trong-huong-dan.md"
    category = re.search(r"^Category:\s*(.+)$", block.body, re.MULTILINE)
    folder = KIND_FOLDERS[category[1].strip()] if category else "pages"
    return f"{folder}/vi-du-trong-huong-dan.md"


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("guides-cache")


@pytest.mark.parametrize("block", EXAMPLES, ids=lambda b: b.id)
def test_every_example_in_the_guides_builds_or_fails_as_documented(block, tmp_path, cache):
    content = tmp_path / "content"
    # The real data, photos and pages; not its articles, whose titles an example may share.
    shutil.copytree(
        ROOT / "content", content, ignore=shutil.ignore_patterns(*KIND_FOLDERS.values())
    )
    target = content / _target(block)
    text = WRAPPER + block.body if block.options.get("body") else block.body
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    if not block.options.get("error"):
        for image in re.findall(r"\{static\}/(images/[^)\s\"]+)", text):
            if not (content / image).exists():
                (content / image).parent.mkdir(parents=True, exist_ok=True)
                (content / image).write_bytes(photo((1600, 1200)))
    result = build(content, tmp_path / "output", plugins=PLUGINS, cache=cache / "pelican")
    if not block.options.get("error"):
        assert result.returncode == 0, f"{block.id} does not build:\n{result.stderr}"
        return
    assert result.returncode == 1, f"{block.id} should fail but builds"
    printed = " ".join(result.stderr.split())
    for line in block.message.strip().splitlines():
        expected = " ".join(line.split()).removesuffix("…").strip()
        assert expected in printed, f"{block.id}: not printed: {expected}\n{result.stderr}"
