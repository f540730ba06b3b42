"""One timed Pelican build with its time split by phase: ``bench_run.py PHASES.json -- ARGS``.

Run by ``scripts/bench.py`` in place of the ``pelican`` command (same arguments): it runs Pelican
in this process and writes to PHASES.json the wall-clock seconds spent in each phase:
- ``start-up``: imports, settings, plugins (from the interpreter's start to ``Pelican.run``);
- ``read``: Pelican's generators reading content (their ``generate_context``), plugins excluded;
- ``plugins``: the plugins' signal handlers and generators, except the three below;
- ``write``: rendering and writing pages, feeds and static files (``generate_output``);
- ``photos``, ``cards``, ``search``: the plugins of those names (``photos``, ``social``,
  ``search``), wherever they run;
- ``other``: the rest of ``Pelican.run``.
A phase nested in another (a plugin's handler called while a page is read) is counted in the
inner one only. An edit of one article's text (``khuyenhoc.edit_path``) has its own split
(``_timed_edit_path``).

A build goes through ``scripts/build.py``, as ``make html`` does: with nothing changed since the
last complete build, Pelican is not even imported.

``--serve-edits PATH --edits K``: as ``make serve`` does, build once, then K times change one word
of the article at PATH, write its page first (``khuyenhoc.edited_first``) and build again with the
same Pelican object; each rebuild is timed (``rebuilds`` in PHASES.json) until the edited page is
written (``shown``), until the whole site is (profiled), and once the search index
(``SEARCH_DEFERRED``) is made too (``indexed``).
"""

from __future__ import annotations

import json
import os
import sys
import time

STARTED = time.perf_counter()

PLUGIN_PHASES = {"photos": "photos", "social": "cards", "search": "search"}


class Clock:
    """Wall-clock time per phase, for nested phases (the innermost one counts)."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = {}
        self.stack = ["start-up"]
        self.last = STARTED

    def _charge(self) -> None:
        now = time.perf_counter()
        phase = self.stack[-1]
        self.totals[phase] = self.totals.get(phase, 0.0) + now - self.last
        self.last = now

    def enter(self, phase: str) -> None:
        self._charge()
        self.stack.append(phase)

    def leave(self) -> None:
        self._charge()
        self.stack.pop()

    def reset(self) -> None:
        self.totals, self.stack, self.last = {}, ["other"], time.perf_counter()

    def result(self) -> dict[str, float]:
        self._charge()
        return {name: round(seconds, 3) for name, seconds in sorted(self.totals.items())}


clock = Clock()


def _module_phase(module: str, default: str) -> str:
    top = (module or "").split(".")[0]
    if top == "pelican":
        return default
    return PLUGIN_PHASES.get(top, "plugins")


def _timed(function, phase: str):
    def run(*args, **kwargs):
        clock.enter(phase)
        try:
            return function(*args, **kwargs)
        finally:
            clock.leave()

    return run


def _send(self, *sender, **kwargs):
    """blinker's Signal.send, with each receiver's time charged to its plugin."""
    if getattr(self, "is_muted", False):
        return []
    results = []
    for receiver in self.receivers_for(sender[0] if sender else None):
        phase = _module_phase(getattr(receiver, "__module__", ""), "plugins")
        clock.enter(phase)
        try:
            results.append((receiver, receiver(*sender, **kwargs)))
        finally:
            clock.leave()
    return results


def _instrument(classes):
    for cls in classes:
        if getattr(cls, "_bench_timed", False):
            continue
        for method, default in (("generate_context", "read"), ("generate_output", "write")):
            function = getattr(cls, method, None)
            if function is not None:
                phase = _module_phase(cls.__module__, default)
                if phase == "plugins" and method == "generate_output":
                    phase = "write"  # pages a plugin renders (units): Pelican's writing
                setattr(cls, method, _timed(function, phase))
        cls._bench_timed = True
    return classes


def main() -> None:
    target = sys.argv[1]
    args = sys.argv[3:] if sys.argv[2] == "--" else sys.argv[2:]
    serve_path, edits = None, 0
    if "--serve-edits" in args:
        at = args.index("--serve-edits")
        serve_path, edits = args[at + 1], int(args[at + 3])
        del args[at : at + 4]

    report: dict = {}
    code = 0
    if serve_path:
        instrument()
        try:
            report["rebuilds"] = serve(args, serve_path, edits)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    else:
        code = build_unless_unchanged(args)
    if "pelican" in sys.modules:
        stop_forkserver()
    report["phases"] = clock.result()
    report["seconds"] = round(time.perf_counter() - STARTED, 3)
    report["peak_mb"] = peak_mb()
    with open(target, "w", encoding="utf-8") as out:
        json.dump(report, out)
    sys.exit(code)


def peak_mb() -> float:
    """This process's peak resident memory. From /proc (VmHWM) where there is one: Linux's
    ru_maxrss keeps the peak of the process that forked this one (scripts/bench.py, 190 MB once
    its corpus is written), so every build measured at least that much."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def instrument():
    """Pelican with its time split by phase (``clock``)."""
    import blinker
    import pelican

    blinker.Signal.send = _send
    original_classes = pelican.Pelican._get_generator_classes
    pelican.Pelican._get_generator_classes = lambda self: _instrument(original_classes(self))
    original_run = pelican.Pelican.run

    def run(self):
        clock.enter("other")
        try:
            return original_run(self)
        finally:
            clock.leave()

    pelican.Pelican.run = run
    return pelican


def build_unless_unchanged(args: list[str]) -> int:
    """As ``make html``: scripts/build.py, when the measured site has it (``--site``)."""
    try:
        sys.path.insert(0, os.path.join(os.getcwd(), "scripts"))
        from build import build
    except ImportError:
        build = None
    finally:
        del sys.path[0]
    if build is None:
        try:
            instrument().main(args)
        except SystemExit as stop:
            return stop.code if isinstance(stop.code, int) else 1
        return 0
    module = sys.modules[build.__module__]
    module._write_edit = _timed_edit_path(module._write_edit)
    return build(args, lambda argv: instrument().main(argv))


def _timed_edit_path(write_edit):
    """scripts/build.py's edit path (``khuyenhoc.edit_path``), with its time split by phase:
    ``read`` (the state loaded, the file read again), ``write`` (the page, the feeds), ``other``
    (the edit noted beside the state) and ``search`` (the rest: mostly the index)."""

    def run(*args, **kwargs):
        from pelican.generators import ArticlesGenerator

        from khuyenhoc import edit_path, edited_first

        instrument()
        for owner, name, phase in (
            (edit_path, "_load", "read"),
            (edit_path, "_generators", "read"),
            (edited_first, "find_edited", "read"),
            (edited_first, "write_edited", "write"),
            (ArticlesGenerator, "generate_feeds", "write"),
            (edit_path, "_write_edits", "other"),
            (edit_path, "run", "search"),
        ):
            setattr(owner, name, _timed(getattr(owner, name), phase))
        return write_edit(*args, **kwargs)

    return run


def stop_forkserver() -> None:
    """Stop and reap the worker processes' forkserver, so that the CPU time of the workers it
    reaped counts in this process's children (resource.RUSAGE_CHILDREN)."""
    from multiprocessing import forkserver

    forkserver._forkserver._stop()


def cpu_seconds() -> float:
    """CPU seconds of this process, its reaped children, and the forkserver's workers so far."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    from multiprocessing import forkserver

    pid = forkserver._forkserver._forkserver_pid
    if pid:
        try:
            with open(f"/proc/{pid}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
            total += sum(int(value) for value in fields[11:15]) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    return total


def edit_one_word(path: str, step: int) -> None:
    """Change the last word of the article's last paragraph (a different word each step)."""
    with open(path, encoding="utf-8") as source:
        text = source.read()
    head, last = text.rstrip("\n").rsplit(" ", 1)
    words = ["khuyến", "học", "đường", "tài", "đồng", "sông"]
    new = words[step % len(words)]
    if last.rstrip(".") == new:
        new = words[(step + 1) % len(words)]
    _save_as_editors_do(path, f"{head} {new}.\n")


def add_first_word(path: str, step: int) -> None:
    """Add a word at the start of the article's body (a different word each step)."""
    with open(path, encoding="utf-8") as source:
        head, body = source.read().split("\n\n", 1)
    words = ["Hôm nay", "Sáng nay", "Chiều qua", "Tối nay", "Sáng qua", "Hôm qua"]
    _save_as_editors_do(path, f"{head}\n\n{words[step % len(words)]}, {body}")


def _save_as_editors_do(path: str, text: str) -> None:
    """As editors' editors save: a new file renamed into place."""
    from khuyenhoc.files import write_atomic

    write_atomic(path, text)


def serve(args: list[str], path: str, edits: int) -> list[dict]:
    """The preview server's loop: one Pelican object, a build after each change."""
    import pelican

    import search

    # A checkout measured with --site from before SEARCH_DEFERRED indexes within the build, and
    # one from before khuyenhoc.edited_first builds the whole site first.
    index_deferred = getattr(search, "index_deferred", lambda: False)
    try:
        from khuyenhoc.edited_first import render_edited
    except ImportError:
        render_edited = None
    parsed = pelican.parse_arguments(args)
    site, _settings = pelican.get_instance(parsed)
    site.run()
    index_deferred()
    rebuilds = []
    for step in range(edits):
        edit_one_word(path, step)
        clock.reset()
        start = time.perf_counter()
        cpu = cpu_seconds()
        written = render_edited(site, {os.path.abspath(path)}) if render_edited else None
        shown = {
            "seconds": round(time.perf_counter() - start, 3),
            "cpu_seconds": round(cpu_seconds() - cpu, 3),
            "written": written is not None,
        }
        site.run()  # the page reloads here (scripts/serve.py), if it was not shown first
        rebuild = {
            "seconds": round(time.perf_counter() - start, 3),
            "cpu_seconds": round(cpu_seconds() - cpu, 3),
            "phases": clock.result(),
            "shown": shown if written else None,
        }
        clock.enter("search")
        index_deferred()  # with SEARCH_DEFERRED, as make serve sets it
        clock.leave()
        rebuild["indexed"] = {
            "seconds": round(time.perf_counter() - start, 3),
            "cpu_seconds": round(cpu_seconds() - cpu, 3),
            "phases": clock.result(),
        }
        rebuilds.append(rebuild)
    return rebuilds


if __name__ == "__main__":
    main()
