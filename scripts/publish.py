"""``make publish`` and ``make rollback``: switch the published site, atomically.

    python -m scripts.publish             # build with publishconf.py, then switch output/ to it
    python -m scripts.publish --rollback  # switch output/ back to the previous complete build

See ``scripts/releases.py`` for how ``output`` and ``releases/`` work. A publish:
1. builds the site with ``pelican`` into a new folder ``releases/<id>/`` (the editors' errors stop
   it there, and ``output`` is not touched);
2. writes precompressed ``.gz`` and ``.br`` copies (``scripts/compress.py``);
3. writes the stamp (``releases/<id>.json``): the build is complete;
4. switches ``output`` to it with one rename, then removes unfinished builds and all but the
   newest complete ones (``KEEP``).
Stopped at any moment (Ctrl+C, SIGTERM, SIGKILL, a power cut before step 4), ``output`` is the
last good site, whole.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

from khuyenhoc import uptodate
from khuyenhoc.formatting import TIMEZONE
from khuyenhoc.processes import stopping_children

from .compress import precompress
from .releases import (
    KEEP,
    ROOT,
    Release,
    Releases,
    add_location_arguments,
    git_commit,
    input_digest,
)


def _say(text: str) -> None:
    print(text, flush=True)


def _published(releases: Releases) -> str:
    current = releases.current()
    if current:
        return f"output/ vẫn là bản đã xuất bản trước ({current.describe()})."
    return "output/ không bị thay đổi."


def publish(args) -> int:
    releases = Releases(args.output, args.releases)
    with releases.locked():
        releases.prune(args.keep)
        # The published build as a whole: its inputs and the folder output/ points to.
        overrides = {"CACHE_PATH": str(args.cache_path)} if args.cache_path else {}
        published = uptodate.Build(
            Path(args.content),
            Path(args.settings),
            Path(args.output),
            overrides,
            f"{args.compress}",
        )
        known = published.fingerprint()
        current = releases.current()
        if known and current and current.complete and published.unchanged(*known):
            _say(
                f"Không có gì thay đổi kể từ bản đang xuất bản ({current.describe()}): không "
                "dựng lại, output/ giữ nguyên."
            )
            return 0
        if known:
            published.forget(known[1])
        inputs = input_digest(args.content)
        commit, dirty = git_commit()
        folder = releases.new_folder()
        _say(f"Đang dựng bản xuất bản vào {_show(folder)}/ (output/ chỉ đổi khi dựng xong)…")
        # scripts.build records the build and until when it holds (a scheduled article).
        pelican_args = [str(args.content), "-s", args.settings, "-o", str(folder)]
        settings = {"REDIRECTS_RECORD": str(releases.addresses_path(folder.name))}
        if args.cache_path:
            settings["CACHE_PATH"] = str(args.cache_path)
        pelican_args += ["-e", *(f"{name}={json.dumps(value)}" for name, value in settings.items())]
        # A new folder each time: no state kept for an edit of one article (khuyenhoc.edit_path).
        command = [sys.executable, "-m", "scripts.build", "--no-state", *pelican_args]
        built = subprocess.run(command, cwd=ROOT)
        if built.returncode != 0:
            shutil.rmtree(folder, ignore_errors=True)
            _say(f"\nKhông xuất bản: bản dựng không thành công. {_published(releases)}")
            return built.returncode if built.returncode > 0 else 1
        files = 0
        if args.compress:
            files = precompress(folder, _cache_path(args).parent / "compressed")
        stamp = {
            "built_at": dt.datetime.now(TIMEZONE).isoformat(timespec="seconds"),
            "settings": args.settings,
            "inputs": inputs,
            "commit": commit,
            "dirty": dirty,
            "compressed": files,
            "published_at": None,  # set once output/ points to it: a rollback goes back to it
        }
        release = releases.finish(folder, stamp)
        previous = releases.current()
        releases.switch(release)
        now = dt.datetime.now(TIMEZONE).isoformat(timespec="seconds")
        release = releases.finish(folder, {**stamp, "published_at": now})
        if known:
            published.save(*known, _valid_until(pelican_args))
        releases.record_addresses(release, _cache_path(args))
        releases.mark_rolled_back(None)
        releases.prune(args.keep)
    _say(f"\nĐã xuất bản: output/ giờ là bản {release.describe()}.")
    if previous:
        _say(f"Bản trước ({previous.id}) vẫn được giữ: 'make rollback' để quay lại bản đó.")
    return 0


def _valid_until(pelican_args: list[str]) -> float | None:
    """Until when the build just made holds: from the record scripts.build left for its folder
    (removed: that folder is published through output/, recorded as such)."""
    build = uptodate.Build.from_arguments(pelican_args)
    path = build.record_path() if build else None
    try:
        return json.loads(path.read_text(encoding="utf-8"))["valid_until"]
    except (AttributeError, OSError, ValueError, KeyError, TypeError):
        return 0.0  # unknown: the next publish builds
    finally:
        if path:
            path.unlink(missing_ok=True)


def rollback(args) -> int:
    releases = Releases(args.output, args.releases)
    with releases.locked():
        current = releases.current()
        complete = [r for r in releases.all() if r.complete]
        # Only builds that were published: one killed before output/ switched to it never was.
        older = [r for r in complete if r.was_published and (current is None or r.id < current.id)]
        if not older:
            _say(
                "Không quay lại được: không có bản xuất bản nào cũ hơn bản hiện tại trong "
                f"{_show(releases.folder)}/. {_published(releases)}"
            )
            return 1
        target: Release = older[-1]
        releases.switch(target)
        releases.record_addresses(target, _cache_path(args))
        releases.mark_rolled_back(target)
    _say(f"Đã quay lại bản xuất bản trước: output/ giờ là bản {target.describe()}.")
    if current:
        _say(
            f"Bản vừa thay ({current.id}) vẫn được giữ trong {_show(releases.folder)}/. Chạy "
            "'make deploy' để đưa bản này lên máy chủ; 'make publish' để xuất bản lại nội dung "
            "hiện tại."
        )
    return 0


def _cache_path(args) -> Path:
    """Pelican's CACHE_PATH: the other caches and records live beside it, in .cache/."""
    return Path(args.cache_path) if args.cache_path else ROOT / ".cache" / "pelican"


def _show(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rollback", action="store_true", help="quay lại bản trước")
    add_location_arguments(parser)
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--cache-path", type=Path, help="Pelican's CACHE_PATH (tests)")
    parser.add_argument("--keep", type=int, default=KEEP)
    parser.add_argument("--no-compress", dest="compress", action="store_false")
    args = parser.parse_args(argv)
    with stopping_children():
        return rollback(args) if args.rollback else publish(args)


if __name__ == "__main__":
    sys.exit(main())
