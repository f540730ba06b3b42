"""``make html``: build the site with Pelican, unless nothing changed since the last complete build
into the same folder, which ``khuyenhoc.uptodate`` tells before Pelican is even imported.

    python -m scripts.build content -s pelicanconf.py -o preview   # the pelican command's arguments

Options that ``khuyenhoc.uptodate`` does not describe (another theme, autoreload…) always build.
"""

from __future__ import annotations

import os
import sys

from khuyenhoc import uptodate


def say_unchanged(output) -> None:
    shown = os.path.relpath(output) if not os.path.isabs(str(output)) else str(output)
    print(
        f"Không có gì thay đổi kể từ lần dựng trước: {shown}/ đã là bản mới nhất, không cần "
        "dựng lại.",
        flush=True,
    )


def build(argv: list[str], run_pelican) -> int:
    """``run_pelican(argv)`` (Pelican's ``main``), unless nothing changed since the last complete
    build into the same folder; the exit status. A complete build is recorded."""
    build = uptodate.Build.from_arguments(argv)
    known = build.fingerprint() if build else None
    if known and build.unchanged(*known):
        say_unchanged(build.output)
        return 0
    if known:
        build.forget(known[1])
    code = 0
    try:
        run_pelican(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    done, valid_until = uptodate.completed()
    if code == 0 and done and known:
        build.save(*known, valid_until)
    return code


def _pelican_main(argv: list[str]) -> None:
    from pelican import main as pelican_main

    pelican_main(argv)


def main(argv: list[str] | None = None) -> int:
    return build(sys.argv[1:] if argv is None else argv, _pelican_main)


if __name__ == "__main__":
    sys.exit(main())
