"""A build whose inputs are those of the last complete build into the same folder is not run.

Pelican reads every article, runs every plugin and looks at every page before it can tell that
nothing changed: at 5,000 articles that is most of a minute. This module tells it in a fraction
of a second, before Pelican is imported (``scripts/build.py``: ``make html``; the preview
server; ``make publish``, against the build ``output`` points to), from:
- the inputs' state: name, size, modification and change times and inode of every file in the
  content folder, the theme, the plugins' folders and the settings file's folder (its ``*.py``).
  A deleted, added or renamed file changes the names; a file rewritten with its old modification
  time still gets a new change time (which no tool can set back) or a new inode;
- the settings as the settings file computes them, ``-e`` overrides applied: whatever they read
  from the environment (``SITEURL``, ``ALLOW_SAMPLES``) is in their values; and the state of a
  file a setting names by its full path (``UNITS_FILE``), which may lie outside the content;
- the command: the content, settings and output folders;
- the installed libraries (their folder's state), the npm packages (Pagefind, which writes the
  search index: ``package-lock.json`` and the record ``npm ci`` leaves in ``node_modules``) and
  Python's version;
- today's date, in the site's time zone and the machine's (units end, the footer's year);
- the output folder as the last build left it: the size, times and inode of every file and
  folder. The record lists them, so that telling is a stat of each (no folder is read again):
  a file added, removed or renamed anywhere changes its folder's modification and change times.
The record also keeps each content file's state and the fingerprint of all the rest: when only
one Markdown file changed in place and nothing else did, ``Build.edited_file`` names it
(``khuyenhoc.edit_path`` writes what an edit of its text changes).
The record is written atomically, only once a build has completed, in the cache (outside the
output), one per output folder. It also says until when it holds: the moment the first scheduled
article is due (``publish_from``, set by the content rules on each scheduled article). A missing,
damaged or other version's record is a miss, and so is anything this module cannot describe in a
stable way (a setting without a data representation): then the build runs, as before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import runpy
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .failpoints import VARIABLE as FAILPOINT_VARIABLE

__all__ = ["Build", "Edited", "completed", "note_complete", "stable_repr"]

NPM_FILES = ("package-lock.json", "node_modules/.package-lock.json")

RECORD_VERSION = 3
RECORD_FOLDER = "builds"
# Settings that change how a build reports, or when, not what it writes: the preview server sets
# these (``khuyenhoc.incremental`` leaves them out of the pages' fingerprints too).
NOT_OUTPUT = {"EDITOR_ERRORS_EXIT", "SEARCH_DEFERRED"}
_SKIPPED = {"__pycache__", ".DS_Store"}

# Set by ``khuyenhoc.Site`` when ``run()`` completed: until when what it wrote holds (the first
# scheduled article's moment), or None.
_completed: list[float | None] = []


def note_complete(valid_until: float | None) -> None:
    """Called by ``khuyenhoc.Site`` at the end of a complete build."""
    _completed.append(valid_until)


def completed() -> tuple[bool, float | None]:
    """Whether a build completed since the last call, and until when it holds."""
    if not _completed:
        return False, None
    valid_until = _completed[-1]
    _completed.clear()
    return True, valid_until


def _tree(digest, root: str | os.PathLike, files: dict | None = None) -> None:
    """Name, size, times and inode of every file under ``root`` (an input folder); each file's in
    ``files`` too, by its path relative to ``root``, if given."""
    top = os.path.join(os.fspath(root), "")
    folders = [os.fspath(root)]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            digest.update(f"{folder} missing\n".encode("utf-8", "surrogateescape"))
            continue
        lines, inside = [f"d {folder}"], []
        for entry in entries:
            name = entry.name
            if name in _SKIPPED or name.endswith((".pyc", ".egg-info")):
                continue
            if entry.is_dir():
                inside.append(entry.path)
                continue
            try:
                s = entry.stat()
            except OSError:
                lines.append(f"{name} missing")
            else:
                lines.append(f"{name} {s.st_size} {s.st_mtime_ns} {s.st_ctime_ns} {s.st_ino}")
                if files is not None:
                    files[entry.path.removeprefix(top)] = lines[-1]
        lines.append("")
        digest.update("\n".join(lines).encode("utf-8", "surrogateescape"))
        folders.extend(reversed(inside))


def _stat(digest, path: Path) -> None:
    try:
        s = os.stat(path)
    except OSError:
        line = f"{path} missing\n"
    else:
        line = f"{path} {s.st_size} {s.st_mtime_ns} {s.st_ctime_ns} {s.st_ino}\n"
    digest.update(line.encode("utf-8", "surrogateescape"))


def output_listing(output: Path) -> list[str]:
    """Every folder (ending in "/") and file under ``output``, relative to it."""
    names, folders = [], [""]
    while folders:
        folder = folders.pop()
        names.append(folder)
        with os.scandir(os.path.join(output, folder)) as entries:
            for entry in entries:
                if entry.name in _SKIPPED:
                    continue
                if entry.is_dir():
                    folders.append(f"{folder}{entry.name}/")
                else:
                    names.append(folder + entry.name)
    return names


def output_state(output: Path, listing: list[str]) -> str:
    """The size, times and inode of each of ``listing``'s files and folders as they are now.

    A file with other links (a photo or a card, linked from its cache, and by ``make publish``
    into a release too) is told by its size, modification time and inode: each link made or
    removed elsewhere changes its ctime, and a publish made the next preview build whole."""
    prefix = os.path.join(output, "")
    lines = []
    for name in listing:
        try:
            s = os.stat(prefix + name)
        except OSError:
            lines.append(f"{name} missing")
        else:
            changed = "linked" if s.st_nlink > 1 and not name.endswith("/") else s.st_ctime_ns
            lines.append(f"{name} {s.st_size} {s.st_mtime_ns} {changed} {s.st_ino}")
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


@dataclass(frozen=True)
class Edited:
    """The one file an edit changed, and the last complete build's fingerprint and validity."""

    path: Path
    fingerprint: str
    valid_until: float | None


def stable_repr(value) -> str | None:
    """``repr(value)`` if it names the value the same way in every process (no object's
    address), else None."""
    text = repr(value)
    return None if " at 0x" in text else text


class Build:
    """One build: its content folder, settings file, output folder and ``-e`` overrides."""

    def __init__(
        self, content: Path, settings_file: Path, output: Path, overrides: dict, also: str = ""
    ) -> None:
        self.content, self.settings_file, self.output = content, settings_file, output
        self.overrides = overrides
        self.also = also  # what else the output depends on (make publish: compressed copies)
        self.rest = ""  # the fingerprint of all but the content (``fingerprint``)
        self.content_files: dict[str, str] = {}  # each content file's state (``fingerprint``)

    @classmethod
    def from_arguments(cls, argv: list[str]) -> Build | None:
        """The build a ``pelican`` command line asks for; None for options this module does not
        describe (another theme, autoreload…): such a build always runs."""
        content = settings_file = output = None
        overrides: dict = {}
        args = list(argv)
        while args:
            arg = args.pop(0)
            if arg in ("-s", "--settings") and args:
                settings_file = args.pop(0)
            elif arg in ("-o", "--output") and args:
                output = args.pop(0)
            elif arg in ("-e", "--extra-settings"):
                overrides = {}  # Pelican keeps only the last -e
                while args and not args[0].startswith("-"):
                    key, _, value = args.pop(0).partition("=")
                    try:
                        overrides[key] = json.loads(value)
                    except ValueError:
                        return None
            elif arg in ("-q", "--quiet", "-v", "--verbose"):
                continue
            elif not arg.startswith("-") and content is None:
                content = arg
            else:
                return None
        if not (content and settings_file and output):
            return None
        return cls(Path(content), Path(settings_file), Path(output), overrides)

    def _settings(self) -> dict | None:
        """The settings file run as Pelican runs it. The modules it imports from its folder
        (publishconf.py imports pelicanconf.py) are read again each time: they read the
        environment."""
        saved_path = list(sys.path)
        self._forget_settings_modules()
        try:
            namespace = runpy.run_path(str(self.settings_file))
        except Exception:  # Pelican will report it; here it is only a miss
            return None
        finally:
            sys.path[:] = saved_path
            self._forget_settings_modules()
        settings = {k: v for k, v in namespace.items() if k.isupper()}
        settings.update(self.overrides)
        return settings

    def _forget_settings_modules(self) -> None:
        for path in self.settings_file.resolve().parent.glob("*.py"):
            sys.modules.pop(path.stem, None)

    def _resolve(self, value: str) -> Path:
        path = Path(value)
        return path if path.is_absolute() else self.settings_file.resolve().parent / path

    def record_path(self, settings: dict | None = None) -> Path:
        if settings is None:
            settings = self._settings() or {}
        cache = self.overrides.get("CACHE_PATH") or settings.get("CACHE_PATH") or ".cache/pelican"
        cache = Path(cache) if "CACHE_PATH" in self.overrides else self._resolve(str(cache))
        # Named as given: make publish's output/ is a link to the newest build.
        name = hashlib.sha256(os.path.abspath(self.output).encode()).hexdigest()[:16]
        return cache.resolve().parent / RECORD_FOLDER / f"{name}.json"

    def fingerprint(self) -> tuple[str, Path] | None:
        """The inputs' fingerprint and where its record is; None when it cannot be told."""
        if os.environ.get(FAILPOINT_VARIABLE):
            return None  # a test stops this build at a given point: it must run
        settings = self._settings()
        if settings is None:
            return None
        digest = hashlib.sha256(f"v{RECORD_VERSION} {sys.version}\n".encode())
        for key in sorted(settings):
            if key in NOT_OUTPUT:
                continue
            text = stable_repr(settings[key])
            if text is None:
                return None
            digest.update(f"{key}={text}\n".encode("utf-8", "surrogateescape"))
            value = settings[key]
            if isinstance(value, str) and os.path.isabs(value) and os.path.isfile(value):
                _stat(digest, Path(value))  # a file a plugin reads, wherever it is (UNITS_FILE)
        # The output as named, not where a link points: make publish's output/ points to the
        # newest build.
        for path in (self.content.resolve(), self.settings_file.resolve(), self.output.absolute()):
            digest.update(f"{path}\n".encode("utf-8", "surrogateescape"))
        digest.update(f"{self.also}\n".encode())
        try:
            zone = ZoneInfo(str(settings.get("TIMEZONE") or "UTC"))
        except (ZoneInfoNotFoundError, ValueError):
            return None
        digest.update(f"{dt.datetime.now(zone).date()} {dt.date.today()}\n".encode())
        for path in sorted(self.settings_file.resolve().parent.glob("*.py")):
            _stat(digest, path)  # the settings file and those it imports
        for folder in [settings.get("THEME") or "", *(settings.get("PLUGIN_PATHS") or [])]:
            if folder:
                _tree(digest, self._resolve(folder))
        for library in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
            _stat(digest, Path(library))
        project = self.settings_file.resolve().parent
        for npm_file in NPM_FILES:  # Pagefind, which writes the search index, comes from npm
            _stat(digest, project / npm_file)
        # The content last, file by file: an edit of one file is told apart (``edited_file``).
        self.rest = digest.hexdigest()
        self.content_files = {}
        _tree(digest, self.content, self.content_files)
        return digest.hexdigest(), self.record_path(settings)

    def unchanged(self, fingerprint: str, record_path: Path) -> bool:
        """True when the last complete build into this output had these inputs, still holds,
        and left the output as it is now."""
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            return (
                record["version"] == RECORD_VERSION
                and record["fingerprint"] == fingerprint
                and record["output"] == os.path.realpath(self.output)
                and (record["valid_until"] is None or time.time() < record["valid_until"])
                and self.output.is_dir()
                and record["output_state"] == output_state(self.output, record["output_files"])
            )
        except (OSError, ValueError, KeyError, TypeError):
            return False

    def edited_file(self, record_path: Path) -> Edited | None:
        """The one content file changed since the last complete build into this output, when
        it is a Markdown file, changed in place (no file added, removed or renamed), and nothing
        else changed (the rest of the inputs, the output); else None. Call ``fingerprint`` first."""
        try:
            record = json.loads(record_path.read_text(encoding="utf-8"))
            if not (
                record["version"] == RECORD_VERSION
                and record["rest"] == self.rest
                and record["output"] == os.path.realpath(self.output)
                and (record["valid_until"] is None or time.time() < record["valid_until"])
                and record["content_files"].keys() == self.content_files.keys()
            ):
                return None
            changed = [
                name
                for name, line in self.content_files.items()
                if record["content_files"][name] != line
            ]
            if len(changed) != 1 or not changed[0].endswith(".md"):
                return None
            if record["output_state"] != output_state(self.output, record["output_files"]):
                return None
            return Edited(self.content / changed[0], record["fingerprint"], record["valid_until"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def save(self, fingerprint: str, record_path: Path, valid_until: float | None) -> None:
        """Record a complete build made from the inputs of ``fingerprint``."""
        from .files import write_atomic  # after the build: it imports Pelican

        listing = output_listing(self.output)
        record = {
            "version": RECORD_VERSION,
            "fingerprint": fingerprint,
            "rest": self.rest,
            "content_files": self.content_files,
            "output": os.path.realpath(self.output),
            "output_files": listing,
            "output_state": output_state(self.output, listing),
            "valid_until": valid_until,
        }
        write_atomic(record_path, json.dumps(record))

    def forget(self, record_path: Path) -> None:
        """A build into this output starts: the record no longer describes it."""
        record_path.unlink(missing_ok=True)
