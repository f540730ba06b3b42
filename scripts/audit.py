"""Lighthouse on the published site: ``make audit`` (``audit.py [--site DIR] [--out bench/audit]``).

Builds the site as ``make publish`` does (publishconf.py: absolute URLs, here to the local
server; ``ALLOW_SAMPLES=1``, so the sample content may be audited), serves it as a static host
would (text gzipped), and runs Lighthouse 12.2.3 (npm, Node 20) in its mobile emulation, driving
Debian's Chromium (/usr/bin/chromium, the flags of scripts/chromium.py; it downloads none) on:
the home page, an article with a photo and a statistics box, a listing, Số liệu, search with a
query and without, a unit's page, a page (Giới thiệu) and the 404 page. Writes ``bench/audit.md`` and ``bench/audit.json``: the four scores, bytes and requests,
LCP and CLS, requests to other hosts, the first HTML's gzipped size and the gzipped CSS, JS and
fonts.

Goals: 100 in every score on every page type, CLS 0, no third-party request, the first HTML
≤ 14 KB gzipped, CSS + JS + fonts ≤ 30 KB gzipped.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from bench_search import serve  # noqa: E402
from chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from page_weight import FIXED_PATHS  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
PAGES = [
    ("Trang chủ", "/"),
    ("Bài có ảnh và hộp số liệu", FIXED_PATHS["article"]),
    ("Danh sách (một loại tin)", FIXED_PATHS["category"]),
    ("Số liệu", FIXED_PATHS["statistics"]),
    ("Tìm kiếm “học bổng”", FIXED_PATHS["search"] + "?q=h%E1%BB%8Dc+b%E1%BB%95ng"),
    ("Tìm kiếm (chưa gõ)", FIXED_PATHS["search"]),
    ("Một đơn vị (Kế Sách)", "/don-vi/ke-sach/"),
    ("Một trang (Giới thiệu)", FIXED_PATHS["page"]),
    ("Trang 404", FIXED_PATHS["404"]),
]
GOAL_HTML = 14 * 1024
GOAL_ASSETS = 30 * 1024
ASSET_TYPES = {"Stylesheet", "Script", "Font"}


def build(site: Path, cache: Path, siteurl: str) -> None:
    """The publish build, its absolute URLs pointing at the local server."""
    env = dict(os.environ, SITEURL=siteurl, ALLOW_SAMPLES="1")
    command = [sys.executable, "-m", "pelican", "content", "-s", "publishconf.py"]
    command += ["-o", str(site), "-e", f"CACHE_PATH={json.dumps(str(cache))}"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"the publish build failed:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")


def lighthouse(url: str, report: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={flags}",
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def figures(lhr: dict, host: str) -> dict:
    audits = lhr["audits"]
    requests = audits["network-requests"]["details"]["items"]
    document = next((r for r in requests if r.get("resourceType") == "Document"), {})
    assets = [r for r in requests if r.get("resourceType") in ASSET_TYPES]
    others = sorted({urlsplit(r["url"]).netloc for r in requests} - {host, ""})
    return {
        "scores": {c: round(100 * (lhr["categories"][c]["score"] or 0)) for c in CATEGORIES},
        "bytes": round(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "third_party_hosts": others,
        "html_bytes": document.get("transferSize", 0),
        "assets_bytes": sum(r.get("transferSize", 0) for r in assets),
        "failed": sorted(
            audit["id"]
            for category in CATEGORIES
            for ref in lhr["categories"][category]["auditRefs"]
            if ref["weight"]
            and (audit := audits[ref["id"]])["score"] is not None
            and audit["score"] < 1
        ),
    }


def kb(n: int) -> str:
    return f"{n / 1024:.1f}"


def markdown(rows: list[dict], version: str) -> str:
    lines = [
        "# Lighthouse audit (`make audit`)",
        "",
        f"Lighthouse {version}, mobile emulation (simulated slow 4G, 4x CPU slowdown), Debian's "
        "Chromium, on the publish build served locally with gzip. Goals: 100 in all four, CLS 0, "
        "no third-party request, first HTML ≤ 14 KB gzip, CSS + JS + fonts ≤ 30 KB gzip.",
        "",
        "| page | perf. | access. | best pr. | SEO | KB | requests | LCP ms | CLS | "
        "HTML KB gz | CSS+JS+fonts KB gz | other hosts |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        s = row["scores"]
        html = kb(row["html_bytes"]) + ("" if row["html_bytes"] <= GOAL_HTML else " ✗")
        assets = kb(row["assets_bytes"]) + ("" if row["assets_bytes"] <= GOAL_ASSETS else " ✗")
        lines.append(
            f"| {row['name']} | {s['performance']} | {s['accessibility']} | "
            f"{s['best-practices']} | {s['seo']} | {kb(row['bytes'])} | {row['requests']} | "
            f"{row['lcp_ms']} | {row['cls']} | {html} | {assets} | "
            f"{', '.join(row['third_party_hosts']) or 'none'} |"
        )
    lines += ["", "Audits below 100 %, by page:", ""]
    for row in rows:
        lines.append(f"- {row['name']}: {', '.join(row['failed']) or 'none'}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, help="audit this built site instead of building")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "audit")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: run scripts/ensure-chromium.sh")
    with tempfile.TemporaryDirectory(prefix="audit-") as tmp:
        tmp = Path(tmp)
        site = args.site or tmp / "site"
        site.mkdir(parents=True, exist_ok=True)
        server, base = serve(site)
        try:
            if args.site is None:
                build(site, ROOT / ".cache" / "audit" / "pelican", base)
            rows, version = [], ""
            for name, path in PAGES:
                print(f"Lighthouse: {name} ({path})", flush=True)
                lhr = lighthouse(base + path, tmp / "report.json")
                version = lhr.get("lighthouseVersion", "")
                rows.append({"name": name, "path": path, **figures(lhr, urlsplit(base).netloc)})
        finally:
            server.shutdown()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(rows, indent=1), encoding="utf-8")
    text = markdown(rows, version)
    args.out.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
