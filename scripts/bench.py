"""Build-speed benchmark: ``make bench`` (``bench.py [--articles N]``).

Every figure is a ratio against a baseline measured in the same run on the same corpus: plain
Pelican (no plugins, its bundled "simple" theme, no typogrify). Then the topic benchmarks
(statistics boxes, photos, search) run if present, each reporting its own ratios.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import write_corpus  # noqa: E402

BASELINE = {
    "PLUGINS": [],
    "THEME": "simple",
    "TYPOGRIFY": False,
    "DIRECT_TEMPLATES": ["index", "tags", "categories", "authors", "archives"],
    "PAGINATED_TEMPLATES": {"index": None, "tag": None, "category": None, "author": None},
}


def build(content: Path, out: Path, cache: Path, **overrides) -> float:
    overrides = {"CACHE_PATH": str(cache), **overrides}
    command = [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        "pelicanconf.py",
        "-o",
        str(out),
    ]
    command += ["-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    return elapsed


def best_of(runs: int, action) -> float:
    return min(action() for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--build-only",
        action="store_true",
        help="skip the topic benchmarks (stats, photos, search)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        content = write_corpus(tmp / "content", args.articles)
        out = tmp / "out"

        def cold(**overrides):
            def run():
                shutil.rmtree(tmp / "cache", ignore_errors=True)
                shutil.rmtree(out, ignore_errors=True)
                return build(content, out, tmp / "cache", **overrides)

            return run

        def warm(**overrides):
            build(content, out, tmp / "cache", **overrides)
            return lambda: build(content, out, tmp / "cache", **overrides)

        baseline_cold = best_of(args.runs, cold(**BASELINE))
        baseline_warm = best_of(args.runs, warm(**BASELINE))
        site_cold = best_of(args.runs, cold())
        site_warm = best_of(args.runs, warm())
        pages = len(list(out.rglob("*.html")))

    print(f"Corpus: {args.articles} generated articles + the real content; {pages} HTML pages.")
    print(
        f"Baseline (plain Pelican, simple theme): cold {baseline_cold:.2f} s, warm {baseline_warm:.2f} s"
    )
    print(f"Our site: cold {site_cold:.2f} s, warm {site_warm:.2f} s")
    print(f"Ratio cold (site / baseline): {site_cold / baseline_cold:.2f}")
    print(f"Ratio warm (site / baseline): {site_warm / baseline_warm:.2f}")
    print(f"Per article, cold: {1000 * site_cold / args.articles:.1f} ms")

    if args.build_only:
        return
    for topic in ("bench_stats.py", "bench_photos.py", "bench_search.py", "page_weight.py"):
        script = ROOT / "scripts" / topic
        if script.exists():
            print(f"\n== {topic}")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(script)], cwd=ROOT, check=False)


if __name__ == "__main__":
    main()
