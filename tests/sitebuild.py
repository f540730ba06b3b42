"""Building sites in tests: the real content, or a small site a test writes, with Pelican."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PELICAN = [sys.executable, "-m", "pelican"]


def run_pelican(
    content: Path,
    output: Path,
    *,
    settings_file: str = "pelicanconf.py",
    cache: Path | None = None,
    env: dict | None = None,
    **overrides,
) -> subprocess.CompletedProcess:
    """Build ``content`` into ``output`` as ``make html`` would, in a separate process.

    The build's cache goes to ``cache`` (a temp folder) so tests never share the developer's.
    """
    overrides.setdefault("CACHE_PATH", str(cache or output.parent / "cache"))
    command = [*PELICAN, str(content), "-s", settings_file, "-o", str(output)]
    # One -e with every pair: Pelican keeps only the last -e given.
    command += ["-e", *(f"{name}={json.dumps(value)}" for name, value in overrides.items())]
    return subprocess.run(
        command,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def write_files(base: Path, files: dict[str, str | bytes]) -> Path:
    for relative, data in files.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return base


def article(
    title: str = "Bài thử",
    *,
    category: str = "Tin khen thưởng",
    date: str = "2024-02-08 19:13",
    author: str = "Người thử",
    summary: str = "Sapo của bài thử.",
    body: str = "Nội dung bài thử.",
    extra: str = "",
) -> str:
    """The text of a small, valid article; tests change one thing to make it invalid."""
    header = [f"Title: {title}", f"Date: {date}", f"Author: {author}"]
    if category:
        header.append(f"Category: {category}")
    if summary:
        header.append(f"Summary: {summary}")
    if extra:
        header.append(extra.strip())
    return "\n".join(header) + "\n\n" + body + "\n"
