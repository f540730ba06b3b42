"""What the preview server (``make serve``, ``scripts/serve.py``) tells the browser.

The build runs in the server's process. It reports here what happened (``report``: the editors'
errors and warnings, once all content is read; ``built``: a build finished and wrote the site),
and the server streams it to every open page, which shows the errors over the page and reloads
itself once a build has succeeded. A build outside ``make serve`` reports to no one: nothing here
changes what a build writes.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["State", "changed_since", "report", "saved_files", "state", "wait_for_a_change"]


@dataclass
class State:
    build: int = 0  # successful builds so far: a page reloads when this moves on
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    version: int = 0  # any change, for the server's waiting streams
    changed: threading.Condition = field(default_factory=threading.Condition, repr=False)

    def as_json(self) -> dict:
        with self.changed:
            return {"build": self.build, "errors": self.errors, "warnings": self.warnings}

    def _update(self, **values) -> None:
        with self.changed:
            for name, value in values.items():
                setattr(self, name, value)
            self.version += 1
            self.changed.notify_all()

    def wait(self, seen_version: int, timeout: float) -> int:
        """Wait until the state changes after ``seen_version`` (or ``timeout``); its version."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen_version, timeout=timeout)
            return self.version


state = State()


def _entry(error, root) -> dict:
    from .errors import _relative

    where = _relative(error.path, root) + (f":{error.line}" if error.line else "")
    return {"where": where, "message": error.message, "fix": error.fix}


def report(errors, warnings, root: str | None) -> None:
    """The editors' errors and warnings of the build that is running (both may be empty)."""
    state._update(
        errors=[_entry(e, root) for e in errors], warnings=[_entry(w, root) for w in warnings]
    )


def failed(message: str, fix: str) -> None:
    """A build stopped by something that is not an editor's mistake (a bug, a missing tool)."""
    state._update(errors=[{"where": "", "message": message, "fix": fix}])


def built() -> None:
    """A build finished and the site is written: pages reload."""
    state._update(build=state.build + 1, errors=[])


def changed_since(paths, moment: float) -> set[str]:
    """The files and folders under ``paths`` modified after ``moment`` (a folder is, when a file
    in it was added or removed)."""

    def entries(path: Path):
        return [path] if path.is_file() else [path, *path.rglob("*")]

    def modified(entry: Path) -> bool:
        try:
            return entry.stat().st_mtime > moment
        except OSError:  # removed since it was listed (an editor's temporary file)
            return False

    return {str(entry) for path in paths for entry in entries(Path(path)) if modified(entry)}


def wait_for_a_change(paths, since: float) -> set[str]:
    """Return once a file under ``paths`` changes, or has changed since ``since``: the files the
    save changed (``saved_files``), or that ``changed_since`` finds.

    The second test closes a race: a fix saved while the build was still running, before the
    watcher started, would otherwise be missed and the preview would wait for ever.
    """
    import watchfiles

    paths = [p for p in paths if p and Path(p).exists()]
    first = True
    for changes in watchfiles.watch(*paths, yield_on_timeout=True, rust_timeout=500):
        if changes:
            return saved_files(changes)
        if first:  # the watcher runs now: anything saved earlier shows in the files' times
            first = False
            changed = changed_since(paths, since)
            if changed:
                return changed
    return set()


def saved_files(changes) -> set[str]:
    """The files of watchfiles' ``changes`` that a save changed: not the temporary files an
    editor writes and removes while saving (vim's ``4913``, ``bai.md~``: added, deleted, gone),
    nor hidden ones (swap files)."""
    from watchfiles import Change

    added = {path for change, path in changes if change == Change.added}
    deleted = {path for change, path in changes if change == Change.deleted}
    return {
        path
        for _change, path in changes
        if not Path(path).name.startswith(".")
        and not (path in added and path in deleted and not os.path.exists(path))
    }
