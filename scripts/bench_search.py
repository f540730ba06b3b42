"""Search benchmark: ``bench_search.py [--articles 5000] [--site DIR]`` (run by ``make bench``).

Builds the real site on a generated corpus (scripts/corpus.py) and reports:
- the Pagefind index: total size, files, and the parts a query downloads;
- the time Pagefind adds to a build (folding đ, copying the pages, running the binary);
- per query, in Debian's headless Chromium, the bytes transferred (as a static host sends them:
  HTML, CSS, JS and JSON gzipped; Pagefind's own files are already compressed), both for a first
  query on a fresh page (empty cache) and for a next query on the same page;
- the time to the first result: from navigation start when a reader arrives from the header form
  with ?q=… (cold), and from pressing Enter or from the last keystroke (150 ms debounce included)
  once the page is open (warm); and, for information, the cold figure on an emulated slow 4G link.

Goals (issue 11, at 5,000 articles): a first query transfers ≤ 150 KB of the search bundle, a later
one ≤ 80 KB; the first result within 300 ms after typing once the page has loaded.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from chromium import launch  # noqa: E402

QUERIES = [
    "dai hoc",
    "hoc bong",
    "soc trang",
    "dac quang",
    "khen thuong",
    "ke sach",
    "sinh vien vuot kho",
    "đường đất",
]
GOAL_BYTES = 150 * 1024
GOAL_NEXT_BYTES = 80 * 1024
GOAL_MS = 300
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt")
# Chrome DevTools' "Slow 4G" preset.
SLOW_4G = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 200_000,
    "uploadThroughput": 84_000,
}


class StaticHost(http.server.SimpleHTTPRequestHandler):
    """Serves the output as a static host would: text gzipped when the browser accepts it."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO

        return BytesIO(body)


def serve(directory: Path):
    handler = functools.partial(StaticHost, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB".replace(",", " ")


# The index ---------------------------------------------------------------------------------------


def index_figures(site: Path) -> dict:
    bundle = site / "pagefind"
    files = [p for p in bundle.rglob("*") if p.is_file()]
    fragments = [p.stat().st_size for p in (bundle / "fragment").iterdir()]
    chunks = [p.stat().st_size for p in (bundle / "index").iterdir()]
    by_name = {p.name: p.stat().st_size for p in bundle.iterdir() if p.is_file()}
    meta = sum(size for name, size in by_name.items() if name.endswith(".pf_meta"))
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {
        "pages": sum(lang["page_count"] for lang in entry["languages"].values()),
        "total_bytes": sum(p.stat().st_size for p in files),
        "files": len(files),
        "fragments": len(fragments),
        "fragment_bytes": sum(fragments),
        "fragment_median": statistics.median(fragments),
        "chunks": len(chunks),
        "chunk_bytes": sum(chunks),
        "chunk_median": statistics.median(chunks),
        "meta_bytes": meta,
        "wasm_bytes": sum(s for n, s in by_name.items() if n.endswith(".pagefind")),
        "pagefind_js_bytes": by_name.get("pagefind.js", 0),
        "pagefind_js_gzip": len(gzip.compress((bundle / "pagefind.js").read_bytes(), 6)),
    }


def index_seconds(site: Path, overrides: dict) -> float:
    """Pagefind's share of a build: index the built site again, as the plugin does."""
    from pelican.settings import read_settings

    from search import build_index

    settings = read_settings(str(ROOT / "pelicanconf.py"), override=overrides)
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    start = time.perf_counter()
    build_index(site, pages, settings)
    return time.perf_counter() - start


# The browser -------------------------------------------------------------------------------------

FIRST_RESULT = """
(() => {
  const seen = () => {
    const first = document.querySelector('#ket-qua > li');
    if (first && !window.__firstResult) window.__firstResult = performance.now();
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true});
})();
"""

TIMED_QUERY = """
async ([query, how]) => {
  const input = document.getElementById('tu-khoa');
  const list = document.getElementById('ket-qua');
  const status = document.getElementById('trang-thai');
  input.value = '';
  input.dispatchEvent(new Event('input'));
  await new Promise(r => setTimeout(r, 200));
  const done = new Promise(resolve => {
    const check = () => {
      if (status.textContent.includes('“' + query + '”') && list.children.length) {
        observer.disconnect();
        resolve(performance.now());
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.querySelector('main'), {childList: true, subtree: true, characterData: true});
  });
  input.value = query;
  const start = performance.now();
  if (how === 'enter') input.form.requestSubmit();
  else input.dispatchEvent(new Event('input'));
  return (await done) - start;
}
"""


def transferred(requests: list) -> dict:
    total = {"bytes": 0, "requests": 0, "bundle_bytes": 0, "bundle_requests": 0}
    for request in requests:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        total["bytes"] += size
        total["requests"] += 1
        if "/pagefind/" in request.url:
            total["bundle_bytes"] += size
            total["bundle_requests"] += 1
    return total


def browser_figures(site: Path, queries: list[str]) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    rows = []
    slow = []
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            # Warm the server's disk cache once, so the first measured query is not an outlier.
            warm = browser.new_page()
            warm.goto(f"{base}/tim-kiem/?q=hoc")
            warm.wait_for_selector("#ket-qua > li")
            warm.close()
            for index, query in enumerate(queries):
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script(FIRST_RESULT)
                responses = []

                def record(request, into=responses):
                    into.append(request)

                page.on("requestfinished", record)
                page.goto(f"{base}/tim-kiem/?q={quote_plus(query)}")
                page.wait_for_function("window.__firstResult")
                cold_ms = page.evaluate("window.__firstResult")
                page.wait_for_load_state("networkidle")
                cold = transferred(responses)
                responses.clear()
                other = queries[(index + 1) % len(queries)]
                enter_ms = page.evaluate(TIMED_QUERY, [other, "enter"])
                page.wait_for_load_state("networkidle")
                next_query = transferred(responses)
                typed_ms = page.evaluate(TIMED_QUERY, [query, "typed"])
                count = page.locator("#ket-qua > li").count()
                rows.append(
                    {
                        "query": query,
                        "next": other,
                        "results_shown": count,
                        "cold_ms": cold_ms,
                        "enter_ms": enter_ms,
                        "typed_ms": typed_ms,
                        "cold": cold,
                        "next_query": next_query,
                    }
                )
                context.close()
            for query in queries[:3]:
                context = browser.new_context()
                page = context.new_page()
                page.add_init_script(FIRST_RESULT)
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.emulateNetworkConditions", SLOW_4G)
                page.goto(f"{base}/tim-kiem/?q={quote_plus(query)}")
                page.wait_for_function("window.__firstResult", timeout=60_000)
                slow.append(page.evaluate("window.__firstResult"))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return {"rows": rows, "slow_4g_cold_ms": slow}


# Report ------------------------------------------------------------------------------------------


def report(figures: dict, browser: dict, seconds: dict) -> None:
    f = figures
    print(f"Index: {f['pages']:,} pages, {kb(f['total_bytes'])} in {f['files']:,} files")
    print(
        f"  fragments: {f['fragments']:,} files, {kb(f['fragment_bytes'])} "
        f"(median {kb(f['fragment_median'])}, one per result shown)"
    )
    print(
        f"  word index: {f['chunks']:,} chunks, {kb(f['chunk_bytes'])} "
        f"(median {kb(f['chunk_median'])}, one or a few per query word)"
    )
    print(
        f"  loaded once per page: pagefind.js {kb(f['pagefind_js_bytes'])} "
        f"({kb(f['pagefind_js_gzip'])} gzipped), wasm {kb(f['wasm_bytes'])}, "
        f"metadata {kb(f['meta_bytes'])}"
    )
    if "build" in seconds:
        print(f"Build of the whole site: {seconds['build']:.1f} s")
    print(f"Pagefind's share of a build (fold đ, copy, index): {seconds['index']:.1f} s")
    rows = browser["rows"]
    print()
    print("Per query (headless Chromium, 127.0.0.1, text gzipped as a static host sends it).")
    print("  first: arriving on /tim-kiem/?q=… (empty cache); typed: the same query typed again;")
    print("  then: another query on the same page, with Enter (only what it adds is downloaded).")
    print(
        f"  {'query':<20} {'shown':>5} {'first KB':>8} {'+page KB':>8} {'first ms':>8}"
        f" {'typed ms':>8}   {'then':<20} {'KB':>6} {'ms':>6}"
    )
    for row in rows:
        print(
            f"  {row['query']:<20} {row['results_shown']:>5}"
            f" {row['cold']['bundle_bytes'] / 1024:>8.1f} {row['cold']['bytes'] / 1024:>8.1f}"
            f" {row['cold_ms']:>8.0f} {row['typed_ms']:>8.0f}   {row['next']:<20}"
            f" {row['next_query']['bytes'] / 1024:>6.1f} {row['enter_ms']:>6.0f}"
        )

    def med(key, sub=None):
        values = [r[key][sub] if sub else r[key] for r in rows]
        return statistics.median(values), max(values)

    search_kb, search_max = med("cold", "bundle_bytes")
    page_kb, page_max = med("cold", "bytes")
    next_kb, next_max = med("next_query", "bytes")
    cold, cold_max = med("cold_ms")
    enter, enter_max = med("enter_ms")
    typed, typed_max = med("typed_ms")
    print()
    print(
        f"First query, search bundle: median {kb(search_kb)}, max {kb(search_max)}"
        f" (goal ≤ {kb(GOAL_BYTES)}: {'met' if search_max <= GOAL_BYTES else 'NOT met'})"
    )
    print(f"First query, with the search page itself: median {kb(page_kb)}, max {kb(page_max)}")
    print(
        f"Next query on the same page: median {kb(next_kb)}, max {kb(next_max)}"
        f" (goal ≤ {kb(GOAL_NEXT_BYTES)}: {'met' if next_max <= GOAL_NEXT_BYTES else 'NOT met'})"
    )
    print(
        f"Time to first result, arriving with ?q= (cold): median {cold:.0f} ms, max {cold_max:.0f} ms"
    )
    print(
        f"Time to first result after Enter (page open): median {enter:.0f} ms, max {enter_max:.0f} ms"
    )
    print(
        f"Time to first result after the last keystroke (150 ms debounce included): "
        f"median {typed:.0f} ms, max {typed_max:.0f} ms"
        f" (goal ≤ {GOAL_MS} ms: {'met' if typed <= GOAL_MS else 'NOT met'}, median)"
    )
    if browser["slow_4g_cold_ms"]:
        slow = browser["slow_4g_cold_ms"]
        print(
            f"For information, cold on emulated slow 4G (150 ms RTT, 1.6 Mbit/s): "
            f"median {statistics.median(slow):.0f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--site", type=Path, help="measure an already built output folder")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "-e",
        "--setting",
        action="append",
        default=[],
        metavar="NAME=JSON",
        help="override a setting, as pelican -e does (e.g. SEARCH_WORD_LIMIT=2)",
    )
    args = parser.parse_args()
    overrides = {k: json.loads(v) for k, v in (item.split("=", 1) for item in args.setting)}
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            from corpus import write_corpus

            tmp = Path(tmp)
            content = write_corpus(tmp / "content", args.articles, photo_every=0)
            site = tmp / "out"
            command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
            overrides_e = {"CACHE_PATH": str(tmp / "cache"), **overrides}
            command += [
                "-o",
                str(site),
                "-e",
                *(f"{k}={json.dumps(v)}" for k, v in overrides_e.items()),
            ]
            print(f"Building {args.articles:,} generated articles + the real content…", flush=True)
            start = time.perf_counter()
            result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            seconds["build"] = time.perf_counter() - start
            if result.returncode != 0:
                sys.exit(f"build failed:\n{result.stderr[-3000:]}")
        seconds["index"] = index_seconds(site, overrides)
        figures = index_figures(site)
        browser = browser_figures(site, QUERIES)
    report(figures, browser, seconds)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps({"index": figures, "browser": browser, "seconds": seconds}, indent=2),
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
