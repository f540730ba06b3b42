"""The published site: complete builds in ``releases/``, and ``output``, a link to one of them.

``make publish`` builds into a new folder ``releases/<id>/``, never into the published one. Once
the build is complete (pages, search index, precompressed copies), its stamp ``releases/<id>.json``
is written, and ``output`` is switched to it by renaming a new symbolic link over the old one: one
``rename(2)``, so at every moment ``output`` is either the old site or the new one, whole. A build
killed at any point leaves at most an unfinished folder without a stamp, which the next publish
removes. ``make rollback`` switches ``output`` back to the previous complete build the same way.

The stamp says what was built: when, from which commit, with which settings, and a digest of
every input (content, theme, plugins, settings). ``make deploy`` refuses a build whose digest is
not that of the files as they are now (a stale build).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from khuyenhoc import failpoints
from khuyenhoc.files import write_atomic
from khuyenhoc.formatting import TIMEZONE

ROOT = Path(__file__).resolve().parent.parent
# What a build reads besides the content folder: a change in any of these makes it stale.
CODE = ("theme", "plugins", "pelicanconf.py", "publishconf.py", "requirements.txt")
_NOT_INPUTS = {"__pycache__", ".DS_Store"}
KEEP = 5  # complete builds kept besides the published one
ROLLED_BACK = "rolled-back"  # a file in releases/ naming a build chosen by `make rollback`


def input_digest(content: Path, root: Path = ROOT) -> str:
    """SHA-256 over the path and bytes of every file the build reads (the content folder, the
    theme, the plugins, the settings) and the SITEURL that publishconf.py takes from the
    environment."""
    digest = hashlib.sha256()
    digest.update(os.environ.get("SITEURL", "").encode())
    tops = [(Path(content), "content")] + [(root / name, name) for name in CODE]
    for top, label in tops:
        paths = [top] if top.is_file() else sorted(_files(top))
        for path in paths:
            digest.update(f"{label}/{path.relative_to(top).as_posix()}".encode() + b"\0")
            with open(path, "rb") as source:
                digest.update(hashlib.file_digest(source, "sha256").digest())
    return digest.hexdigest()


def _files(folder: Path) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = [d for d in dirnames if d not in _NOT_INPUTS and not d.endswith(".egg-info")]
        for name in filenames:
            if name not in _NOT_INPUTS and not name.endswith(".pyc"):
                yield Path(dirpath) / name


def add_location_arguments(parser) -> None:
    """The content folder, the ``output`` link and ``releases/``: defaults for make, tests set
    their own."""
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--releases", type=Path, default=ROOT / "releases")


def git_commit(root: Path = ROOT) -> tuple[str | None, bool]:
    """The commit checked out, and whether files differ from it; (None, False) outside git."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "content", *CODE],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return None, False
    return commit, bool(status.strip())


@dataclass(frozen=True)
class Release:
    folder: Path
    stamp: dict | None  # None: unfinished (a build that failed or was killed)

    @property
    def id(self) -> str:
        return self.folder.name

    @property
    def complete(self) -> bool:
        return self.stamp is not None

    @property
    def was_published(self) -> bool:
        """``output`` pointed to it once (a stamp from before ``published_at`` cannot tell, and
        counts as published)."""
        return self.complete and self.stamp.get("published_at", True) is not None

    def describe(self) -> str:
        """ "2025-11-29 19:56 (commit 1a2b3c4)", for messages."""
        if not self.stamp:
            return self.id
        when = dt.datetime.fromisoformat(self.stamp["built_at"]).strftime("%H:%M %d/%m/%Y")
        commit = self.stamp.get("commit")
        text = f"{self.id}, dựng lúc {when}"
        if commit:
            text += f", commit {commit[:7]}" + (
                " có sửa chưa commit" if self.stamp["dirty"] else ""
            )
        return text


class Releases:
    """``output`` (a symbolic link) and the builds it may point to, in ``releases/``."""

    def __init__(self, output: Path, folder: Path):
        self.output = Path(output)
        self.folder = Path(folder)

    # -- what is there --------------------------------------------------------------------

    def all(self) -> list[Release]:
        """Every build folder, oldest first (their names sort by time)."""
        if not self.folder.is_dir():
            return []
        return [
            Release(path, _read_stamp(self._stamp_path(path.name)))
            for path in sorted(self.folder.iterdir())
            if path.is_dir() and not path.is_symlink()
        ]

    def current(self) -> Release | None:
        """The build ``output`` points to, or None (nothing published yet, or an old folder)."""
        if not self.output.is_symlink():
            return None
        target = (self.output.parent / os.readlink(self.output)).resolve()
        for release in self.all():
            if release.folder.resolve() == target:
                return release
        return None

    def rolled_back_to(self) -> str | None:
        try:
            return (self.folder / ROLLED_BACK).read_text(encoding="utf-8").strip()
        except OSError:
            return None

    # -- changing it ----------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """One publish or rollback at a time: a second waits for the first."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield

    def new_folder(self) -> Path:
        now = dt.datetime.now(TIMEZONE).strftime("%Y%m%d-%H%M%S")
        for number in range(1000):
            folder = self.folder / (now if number == 0 else f"{now}-{number}")
            try:
                folder.mkdir(parents=True)
                return folder
            except FileExistsError:
                continue
        raise FileExistsError(self.folder / now)

    def finish(self, folder: Path, stamp: dict) -> Release:
        """Mark a build complete: its stamp is written last, atomically."""
        write_atomic(self._stamp_path(folder.name), json.dumps(stamp, ensure_ascii=False, indent=1))
        return Release(folder, stamp)

    def switch(self, release: Release) -> None:
        """Point ``output`` at ``release`` with one rename of a new link over the old one."""
        if self.output.exists() and not self.output.is_symlink():
            self._adopt_old_folder()
        link = self.output.with_name(f".{self.output.name}.{os.getpid()}.new")
        link.unlink(missing_ok=True)
        link.symlink_to(os.path.relpath(release.folder, self.output.parent))
        failpoints.reach("switch")
        os.replace(link, self.output)

    def mark_rolled_back(self, release: Release | None) -> None:
        marker = self.folder / ROLLED_BACK
        if release is None:
            marker.unlink(missing_ok=True)
        else:
            write_atomic(marker, release.id)

    def prune(self, keep: int = KEEP) -> list[Release]:
        """Remove unfinished builds and all but the ``keep`` newest complete ones; never the one
        published. Returns what was removed."""
        current = self.current()
        complete = [r for r in self.all() if r.complete]
        kept = {r.id for r in complete[-keep:]} | ({current.id} if current else set())
        removed = [r for r in self.all() if r.id not in kept]
        for release in removed:
            self._stamp_path(release.id).unlink(missing_ok=True)
            self.addresses_path(release.id).unlink(missing_ok=True)
            shutil.rmtree(release.folder, ignore_errors=True)
        for link in self.output.parent.glob(f".{self.output.name}.*.new"):
            link.unlink(missing_ok=True)  # left by a switch that was killed before its rename
        return removed

    # -- inside ---------------------------------------------------------------------------

    def _stamp_path(self, name: str) -> Path:
        return self.folder / f"{name}.json"

    def addresses_path(self, name: str) -> Path:
        """Where the build ``name`` records the address of each article (plugins/redirects)."""
        return self.folder / f"{name}.addresses.json"

    def record_addresses(self, release: Release, cache: Path) -> None:
        """Make ``release``'s addresses those of the published site (plugins/redirects)."""
        from redirects import published_record

        try:
            data = self.addresses_path(release.id).read_bytes()
        except OSError:
            return  # a build from before addresses were recorded
        write_atomic(published_record(cache), data)

    def _adopt_old_folder(self) -> None:
        """``output`` is still a folder from before releases existed: keep it as a build that can
        be rolled back to, stamped as such."""
        folder = self.folder / "00000000-truoc-khi-co-releases"
        shutil.rmtree(folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = {"built_at": dt.datetime.now(TIMEZONE).isoformat(), "commit": None, "dirty": False}
        self.finish(folder, stamp)  # first: a folder is never there without its stamp
        os.rename(self.output, folder)


def _read_stamp(path: Path) -> dict | None:
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None
