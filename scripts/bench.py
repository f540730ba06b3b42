"""Build-speed benchmark: ``make bench`` (``bench.py [--articles 500,2000,5000] [--runs 3]``).

On one generated corpus per size (scripts/corpus.py: every kind, units, tags, a statistics box in
one article of five, a camera-sized photo in one of ten), in the same run:
- (a) ``plain``: plain Pelican 4.12, its default theme, typogrify on, no plugins, the project's
  own syntax (``[[…]]`` lines) stripped, every cache empty;
- (b) ``cold``: our site with every cache empty (Pelican's, photos, cards, search);
- (c) ``edit``: our site after one word changed in one article's body; ``new``: after one new
  article (the newest, so on the home page, its kind's listing and the feeds);
  ``serve-shown``: one word changed while the preview server (``make serve``) keeps running,
  until the edited page is written and reloads (it is written first, ``khuyenhoc.edited_first``);
  ``serve-edit``: until the same Pelican process has built the whole site again;
  ``serve-indexed``: until the search index, which the preview makes last, is up to date too;
- (d) ``unchanged``: our site built again with nothing changed.
(a) and (b) take turns, run by run, so that a machine that speeds up or slows down during the
benchmark weighs on both alike; each starts from new, empty folders, and nothing is deleted until
every build is measured (``Corpus._set_aside``). Each figure is the median of ``--runs`` runs:
wall-clock and CPU seconds (the build and every process it starts), peak memory (the resident
memory of all its processes together, sampled), and the ratio of each to (a). Builds run
``scripts/bench_run.py``, which splits each build's time into phases (read, plugins, write,
photos, cards, search); the report shows them for (b) and (c).

Writes ``bench/report.json`` and ``bench/report.md`` (with the machine's cores and load). With
``--site DIR`` it measures another checkout of the project (its plugins and settings) with this
benchmark, ``--label`` names it and ``--out`` chooses the file names; ``--compare OLD.json`` puts
an earlier report beside this one ("before" and "after").

A benchmark, never a test: the machine is shared, so CPU seconds are the steadier figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import camera_photos, write_corpus  # noqa: E402

RUNNER = ROOT / "scripts" / "bench_run.py"
PLAIN_SETTINGS = """\
# Plain Pelican: its defaults, its default theme, typogrify on.
PATH = {content!r}
ARTICLE_PATHS = {articles!r}
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
TYPOGRIFY = True
"""
CASES = [
    "plain",
    "cold",
    "edit",
    "edit-early",
    "new",
    "serve-shown",
    "serve-edit",
    "serve-indexed",
    "unchanged",
]
CASE_NAMES = {
    "plain": "(a) plain Pelican, cold",
    "cold": "(b) ours, cold (every cache empty)",
    "edit": "(c) ours, one word edited (make html)",
    "edit-early": "(c) ours, one word added at the start of a body (make html)",
    "new": "(c) ours, one new article (make html)",
    "serve-shown": "(c) ours, one word edited (make serve): edited page shown",
    "serve-edit": "(c) ours, one word edited (make serve): whole site rebuilt",
    "serve-indexed": "(c) ours, one word edited (make serve): search index too",
    "unchanged": "(d) ours, nothing changed",
}
PHASES = ["start-up", "read", "plugins", "write", "photos", "cards", "search", "other"]
EDITED = "tin-khen-thuong/corpus/bai-{:05d}.md"


# -- measuring one process tree ---------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * page
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure(command: list[str], cwd: Path, env: dict) -> dict:
    """Run ``command``: wall and CPU seconds, peak memory of its process tree, its phases."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as phases_file:
        phases_path = phases_file.name
    command = [sys.executable, str(RUNNER), phases_path, "--", *command]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.wait(0.05):
            peak = max(peak, _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0:
        sys.exit(f"build failed ({' '.join(command)}):\n{output.decode()[-3000:]}")
    report = json.loads(Path(phases_path).read_text(encoding="utf-8"))
    os.unlink(phases_path)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "seconds": round(wall, 3),
        "cpu_seconds": round(cpu, 3),
        "peak_mb": max(round(peak / 2**20, 1), report.get("peak_mb", 0)),
        "phases": report.get("phases", {}),
        "rebuilds": report.get("rebuilds"),
    }


# -- one corpus -------------------------------------------------------------------------------


class Corpus:
    """A generated corpus and the two sites built from it: plain Pelican and ours."""

    def __init__(self, tmp: Path, articles: int, site: Path, pool: Path) -> None:
        self.tmp, self.site, self.articles = tmp, site, articles
        self.content = write_corpus(
            tmp / "content", articles, photo_pool=pool, content=site / "content"
        )
        self.plain_content = tmp / "plain-content"
        shutil.copytree(self.content, self.plain_content, copy_function=os.link)
        for page in self.plain_content.rglob("*.md"):
            text = page.read_text(encoding="utf-8")
            # The project's own syntax (a statistics box, the Số liệu page) and templates
            # (Liên hệ's) that plain Pelican's theme does not have.
            if "[[" in text or "\nTemplate:" in text:
                page.unlink()
                lines = [
                    line for line in text.splitlines() if not line.startswith(("[[", "Template:"))
                ]
                page.write_text("\n".join(lines) + "\n", encoding="utf-8")
        sys.path.insert(0, str(site))
        self.plain_settings = tmp / "plainconf.py"
        self.plain_settings.write_text(
            PLAIN_SETTINGS.format(content=str(self.plain_content), articles=_article_paths(site)),
            encoding="utf-8",
        )
        self.env = dict(os.environ, PYTHONPATH=str(site / "plugins"))
        self.edited = self.content / EDITED.format(articles // 2 - articles // 2 % 3)
        self.edits = 0
        self.set_aside = 0
        (tmp / "set-aside").mkdir()

    def ours(self, *extra: str, settings: tuple[str, ...] = ()) -> list[str]:
        return [
            str(self.content),
            "-s",
            str(self.site / "pelicanconf.py"),
            "-o",
            str(self.tmp / "out"),
            "-e",
            f"CACHE_PATH={json.dumps(str(self.tmp / 'cache' / 'pelican'))}",
            *settings,
            "-q",
            *extra,
        ]

    def _set_aside(self, *names: str) -> None:
        """The folders of the last build moved out of the way, not deleted: on this machine's
        file system (ext4 without a journal), a file created within a minute (five, until the
        deletion is written out) of a mass deletion skips the freed entries one by one, and the
        50,000 files the last cold build left made the next build's kernel time vary from 3 to
        20 s at random. They are deleted with the benchmark's folder, after the last build."""
        for name in names:
            if (self.tmp / name).exists():
                self.set_aside += 1
                (self.tmp / name).rename(self.tmp / "set-aside" / f"{name}-{self.set_aside}")

    def plain(self) -> dict:
        self._set_aside("plain-out", "plain-cache")
        command = [
            str(self.plain_content),
            "-s",
            str(self.plain_settings),
            "-o",
            str(self.tmp / "plain-out"),
            "-e",
            f"CACHE_PATH={json.dumps(str(self.tmp / 'plain-cache'))}",
            "-q",
        ]
        return measure(command, self.tmp, dict(os.environ))

    def build(self) -> dict:
        return measure(self.ours(), self.site, self.env)

    def cold(self) -> dict:
        self._set_aside("out", "cache")
        return self.build()

    def edit(self) -> dict:
        from bench_run import edit_one_word

        edit_one_word(str(self.edited), self.edits)
        self.edits += 1
        return self.build()

    def edit_early(self) -> dict:
        """A word added where it moves every other word of the body (their positions in the
        search index with them)."""
        from bench_run import add_first_word

        add_first_word(str(self.edited), self.edits)
        self.edits += 1
        return self.build()

    def new(self, number: int) -> dict:
        path = self.content / "tin-khen-thuong" / "corpus" / f"bai-moi-{number}.md"
        path.write_text(
            f"Title: Tin mới số {number}: trao học bổng đầu năm học\n"
            f"Date: 2026-01-{1 + number:02d} 09:00\n"
            "Author: Ban biên tập\nCategory: Tin khen thưởng\n"
            "Summary: Hội Khuyến học trao học bổng cho học sinh vượt khó.\nTags: học bổng\n\n"
            "Sáng nay, Hội Khuyến học tỉnh trao 50 suất học bổng cho học sinh đồng bằng.\n",
            encoding="utf-8",
        )
        return self.build()

    def remove_new(self) -> None:
        for path in (self.content / "tin-khen-thuong" / "corpus").glob("bai-moi-*.md"):
            path.unlink()

    def serve_edits(self, edits: int) -> list[tuple[dict, dict, dict]]:
        """Each rebuild: until the edited page is shown (by a checkout that does not write it
        first: the whole site), until the whole site is built, until the search index is too."""
        result = measure(
            self.ours(
                "--serve-edits",
                str(self.edited),
                "--edits",
                str(edits),
                settings=("SEARCH_DEFERRED=true", "EDITOR_ERRORS_EXIT=false"),
            ),
            self.site,
            self.env,
        )
        peak = {"peak_mb": result["peak_mb"], "rebuilds": None}
        found = []
        for rebuild in result["rebuilds"]:
            shown = rebuild.get("shown")
            first = {**rebuild, "phases": {}, **shown} if shown else rebuild
            found.append(
                ({**first, **peak}, {**rebuild, **peak}, {**rebuild, **rebuild["indexed"], **peak})
            )
        return found


def _article_paths(site: Path) -> list[str]:
    """The article folders of the measured site (its pelicanconf's ARTICLE_PATHS)."""
    namespace: dict = {"__file__": str(site / "pelicanconf.py")}
    exec(compile((site / "pelicanconf.py").read_text(), "pelicanconf.py", "exec"), namespace)
    return list(namespace["ARTICLE_PATHS"])


def run_size(articles: int, runs: int, site: Path, pool: Path, log, root: Path) -> dict:
    """Every case at ``articles`` articles, in a folder of ``root`` (deleted by the caller once
    every size is measured: ``Corpus._set_aside``)."""
    tmp = root / str(articles)
    tmp.mkdir()
    corpus = Corpus(tmp, articles, site, pool)
    results: dict[str, list[dict]] = {case: [] for case in CASES}

    def note(case: str, result: dict) -> None:
        results[case].append(result)
        log(
            f"  {articles:>5} {case:<11} {result['seconds']:7.2f} s wall "
            f"{result['cpu_seconds']:7.2f} s CPU {result['peak_mb']:7.1f} MB"
        )

    # Plain and cold take turns: the machine's speed drifts within a run (a cold build of
    # the same code took 150-162 CPU s in a row, and 137-147 s an hour later), and their
    # ratio is the figure that matters.
    for _ in range(runs):
        note("plain", corpus.plain())
        note("cold", corpus.cold())
    for _ in range(runs):
        note("edit", corpus.edit())
    for _ in range(runs):
        note("edit-early", corpus.edit_early())
    for number in range(runs):
        note("new", corpus.new(number))
    corpus.remove_new()
    corpus.build()
    for _ in range(runs):
        note("unchanged", corpus.build())
    for shown, rebuilt, indexed in corpus.serve_edits(runs):
        note("serve-shown", shown)
        note("serve-edit", rebuilt)
        note("serve-indexed", indexed)
    pages = sum(1 for _ in (tmp / "out").rglob("*.html"))
    plain_pages = sum(1 for _ in (tmp / "plain-out").rglob("*.html"))
    summary = {case: summarise(results[case]) for case in CASES}
    base = summary["plain"]
    for case in CASES:
        row = summary[case]
        row["ratio_wall"] = round(row["seconds"] / base["seconds"], 2)
        row["ratio_cpu"] = round(row["cpu_seconds"] / base["cpu_seconds"], 2)
    return {"pages": pages, "plain_pages": plain_pages, "cases": summary, "runs": results}


def summarise(results: list[dict]) -> dict:
    def median(key):
        return round(statistics.median(r[key] for r in results), 3)

    phases = {
        name: round(statistics.median(r["phases"].get(name, 0.0) for r in results), 3)
        for name in PHASES
    }
    walls = [r["seconds"] for r in results]
    return {
        "seconds": median("seconds"),
        "seconds_range": [min(walls), max(walls)],
        "cpu_seconds": median("cpu_seconds"),
        "peak_mb": median("peak_mb"),
        "phases": phases,
    }


def startup_seconds(env: dict, code: str) -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def machine() -> dict:
    return {
        "cores": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# -- the report -------------------------------------------------------------------------------


def _fmt(seconds: float) -> str:
    return f"{seconds:.2f}"


def markdown(report: dict, before: dict | None) -> str:
    if "machine" not in report:  # runs known only from their log lines: no report to write
        return ""
    m = report["machine"]
    lines = [
        "# Build speed (`make bench`)",
        "",
        f"Measured {m['date']} on {m['cores']} cores, load average {m['load_average_start']} at "
        f"the start and {m['load_average']} at the end (the machine is shared: CPU seconds are "
        f"the steadier figure). Python {m['python']}; site {report['label']}"
        + (f", compared with {before['label']}" if before else "")
        + f". Median of {report['runs']} runs; ratios are to (a), plain Pelican cold. Cold"
        " builds, (a) and (b), start from new empty folders: the last build's are set aside,"
        " and deleted once every build is measured.",
        "",
        f"Python's start-up: {report['startup']['python']:.3f} s bare, "
        f"{report['startup']['pelican']:.3f} s with Pelican imported.",
        "",
    ]
    for size, result in report["sizes"].items():
        pages = (
            f" ({result['pages']:,} HTML pages; plain Pelican {result['plain_pages']:,})"
            if result.get("pages")
            else " (from the run's log)"
        )
        lines += [f"## {int(size):,} articles{pages}", ""]
        old = before["sizes"].get(size) if before else None
        head = "| build | wall s (range) | CPU s | peak MB | wall ÷ (a) | CPU ÷ (a) |"
        rule = "|---|---:|---:|---:|---:|---:|"
        if old:
            head += f" {before['label']}: wall s | CPU s | peak MB | CPU ÷ (a) |"
            rule += "---:|---:|---:|---:|"
        lines += [head, rule]
        for case in CASES:
            if case not in result["cases"]:
                continue  # a run stopped before it (see its log)
            row = result["cases"][case]
            low, high = row["seconds_range"]
            cells = (
                f"| {CASE_NAMES[case]} | {_fmt(row['seconds'])} ({_fmt(low)}–{_fmt(high)}) | "
                f"{_fmt(row['cpu_seconds'])} | {row['peak_mb']:.0f} | {row['ratio_wall']:.2f} | "
                f"{row['ratio_cpu']:.2f} |"
            )
            if old and case in old["cases"]:
                was = old["cases"][case]
                cells += (
                    f" {_fmt(was['seconds'])} | {_fmt(was['cpu_seconds'])} | "
                    f"{was['peak_mb']:.0f} | {was['ratio_cpu']:.2f} |"
                )
            elif old:
                cells += " | | | |"
            lines.append(cells)
        profile = [
            "",
            "Where the wall-clock time goes, by phase (seconds, median):",
            "",
            "| build | " + " | ".join(PHASES) + " |",
            "|---|" + "---:|" * len(PHASES),
        ]
        lines += profile
        for label, source in (("", result), (f"{before['label']}: ", old) if old else ("", None)):
            if source is None:
                continue
            for case in ("cold", "edit", "edit-early", "new", "serve-edit", "serve-indexed"):
                if case not in source["cases"]:
                    continue
                phases = source["cases"][case].get("phases")
                if not phases or not any(phases.values()):
                    continue  # measured without a profile (an earlier bench's log)
                lines.append(
                    f"| {label}{CASE_NAMES[case]} | "
                    + " | ".join(_fmt(phases.get(name, 0.0)) for name in PHASES)
                    + " |"
                )
        if lines[-1] == profile[-1]:  # no profile to show
            del lines[-len(profile) :]
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", default="500,2000,5000", help="corpus sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, default=ROOT, help="the checkout to measure")
    parser.add_argument("--label", default="this branch")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "report")
    parser.add_argument("--compare", type=Path, help="an earlier report.json to show beside")
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        help="measure nothing: join these report.json files (one size each, say) into --out",
    )
    args = parser.parse_args()
    before = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    if args.merge:
        parts = [json.loads(path.read_text(encoding="utf-8")) for path in args.merge]
        report = {"sizes": {}}
        for part in parts:
            report["sizes"].update(part["sizes"])
            for key, value in part.items():
                if key != "sizes" and value and not report.get(key):
                    report[key] = value
        report["sizes"] = dict(sorted(report["sizes"].items(), key=lambda item: int(item[0])))
        write_report(report, before, args.out)
        return
    site = args.site.resolve()
    sizes = [int(n) for n in args.articles.split(",")]
    load_start = [round(x, 2) for x in os.getloadavg()]
    pool = ROOT / ".cache" / "bench-photos"
    camera_photos(pool)
    env = dict(os.environ, PYTHONPATH=str(site / "plugins"))
    report = {
        "label": args.label,
        "runs": args.runs,
        "startup": {
            "python": startup_seconds(env, "pass"),
            "pelican": startup_seconds(env, "import pelican"),
        },
        "sizes": {},
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as root:
        for articles in sizes:
            result = run_size(articles, args.runs, site, pool, print, Path(root))
            report["sizes"][str(articles)] = result
            report["machine"] = {**machine(), "load_average_start": load_start}
            write_report(report, before, args.out)  # after each size: a long run keeps it


def write_report(report: dict, before: dict | None, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    text = markdown(report, before)
    out.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
