"""What the statistics boxes cost a build: ``bench_stats.py [--articles N] [--runs R]``.

Writes a corpus of N generated articles (default 2,000), each with a ``[[thong-ke: …]]`` box
(``corpus.py --stats``), and builds it with the site's settings twice over: with every plugin of
``pelicanconf.PLUGINS``, and with the same list minus ``stats_boxes``. Each round builds the two
variants cold (empty cache and output), back to back, then warm (Pelican's reader cache filled),
back to back; the order alternates between rounds. It prints the best wall-clock and CPU times
(user + system of the build and its children, Pagefind included) of each variant, and the median
of the pairs' ratios: on a shared machine other jobs slow both builds of a pair alike, so a
pair's ratio holds where single timings wander. A last build with the plugin times its own
handlers in-process: reading the datasets, and expanding the box of every article.

The plugin's budget: under 5% (ratio < 1.05).
"""

from __future__ import annotations

import argparse
import json
import resource
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import write_corpus  # noqa: E402

# Run inside the build process: wraps the plugin's handlers before Pelican registers them, and
# prints the seconds they took as the last line of stdout.
PROFILED_BUILD = """
import atexit, sys, time
import stats_boxes
spent = {"load": 0.0, "expand": 0.0}
def timed(name, handler):
    def wrapper(*args, **kwargs):
        start = time.process_time()
        try:
            return handler(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - start
    return wrapper
stats_boxes._load_for_build = timed("load", stats_boxes._load_for_build)
stats_boxes._expand_all = timed("expand", stats_boxes._expand_all)
atexit.register(lambda: print("STATS_BOXES_SECONDS", spent["load"], spent["expand"],
                              time.process_time()))
from pelican import main
sys.argv = ["pelican", *sys.argv[1:]]
main()
"""


def build(content: Path, out: Path, cache: Path, *, profile: bool = False, **overrides):
    """One build; returns (wall seconds, CPU seconds, stdout)."""
    overrides = {"CACHE_PATH": str(cache), **overrides}
    args = [str(content), "-s", "pelicanconf.py", "-o", str(out)]
    args += ["-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    command = (
        [sys.executable, "-c", PROFILED_BUILD, *args]
        if profile
        else [
            sys.executable,
            "-m",
            "pelican",
            *args,
        ]
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def boxes_in(out: Path) -> int:
    return sum(
        1
        for page in out.rglob("index.html")
        if '<figure class="stats-box"' in page.read_text(encoding="utf-8")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    plugins = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    if "stats_boxes" not in plugins:
        sys.exit("stats_boxes is not in pelicanconf.PLUGINS")
    variants = {
        "with": {"PLUGINS": plugins},
        "without": {"PLUGINS": [p for p in plugins if p != "stats_boxes"]},
    }
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        content = write_corpus(tmp / "content", args.articles, stats=True)
        for round_number in range(args.runs):
            order = list(variants) if round_number % 2 == 0 else list(reversed(variants))
            for kind in ("cold", "warm"):  # the two variants back to back: a pair
                for name in order:
                    out, cache = tmp / f"out-{name}", tmp / f"cache-{name}"
                    if kind == "cold":
                        shutil.rmtree(out, ignore_errors=True)
                        shutil.rmtree(cache, ignore_errors=True)
                    times.setdefault((name, kind), []).append(
                        build(content, out, cache, **variants[name])[:2]
                    )
        with_boxes, without_boxes = boxes_in(tmp / "out-with"), boxes_in(tmp / "out-without")
        if with_boxes < args.articles or without_boxes:
            sys.exit(f"unexpected boxes: {with_boxes} with the plugin, {without_boxes} without")
        shutil.rmtree(tmp / "out-profile", ignore_errors=True)
        _, _, stdout = build(
            content, tmp / "out-profile", tmp / "cache-profile", profile=True, **variants["with"]
        )
    load, expand, total = map(float, stdout.strip().splitlines()[-1].split()[1:])

    def best(name, kind, index):
        return min(t[index] for t in times[(name, kind)])

    def pair_ratios(kind, index):
        pairs = zip(times[("with", kind)], times[("without", kind)], strict=True)
        return sorted(a[index] / b[index] for a, b in pairs)

    print(
        f"Statistics boxes: {args.articles} generated articles, a box in each; {with_boxes} pages"
    )
    print(
        f"with boxes. {args.runs} rounds; in each, the two variants are built back to back (a "
        "pair),\ncold then warm. Times: the best of the rounds. Ratio: the median of the pairs' "
        "ratios\n(with / without), and their range. CPU = user + system, children included."
    )
    print(f"{'':12} {'with':>10} {'without':>10} {'ratio':>8}   range")
    medians = []
    for kind in ("cold", "warm"):
        for label, index in (("wall", 0), ("CPU", 1)):
            ratios = pair_ratios(kind, index)
            median = statistics.median(ratios)
            if label == "CPU":
                medians.append(median)
            print(
                f"{kind + ' ' + label:12} {best('with', kind, index):8.2f} s "
                f"{best('without', kind, index):8.2f} s {median:8.3f}   "
                f"{ratios[0]:.3f} to {ratios[-1]:.3f}"
            )
    print(
        f"In-process, one cold build: reading the datasets {load * 1000:.1f} ms, expanding "
        f"{args.articles} boxes {expand * 1000:.0f} ms, of {total:.1f} s CPU "
        f"({100 * (load + expand) / total:.1f}%)."
    )
    verdict = "under" if max(medians) < 1.05 else "OVER"
    print(
        f"Budget (5%): {verdict}; median CPU ratios {medians[0]:.3f} cold, {medians[1]:.3f} warm."
    )


if __name__ == "__main__":
    main()
