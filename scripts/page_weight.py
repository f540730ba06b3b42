#!/usr/bin/env python3
"""How many bytes each kind of page costs a reader, measured on a built site.

Usage:
    python scripts/page_weight.py            # builds the site into a temp folder, then measures
    python scripts/page_weight.py output/    # measures a folder already built
    python scripts/page_weight.py output/ --json

For one page of each type (home, article, listing, page, statistics, search, ...) it prints the
bytes sent over the network:
- text (HTML, CSS, JS, SVG, JSON) as gzip at level 6, what a typical static host sends;
- fonts (woff2) and photos (JPEG, WebP, AVIF, PNG) as they are: they are compressed already.

What counts as loaded is read from the HTML, not from a browser: stylesheets (and the fonts and
images their ``url()`` name, through ``@import`` too), ``<script src>`` and module preloads, the
icon, and for each ``<img>`` the file a 360 px wide phone at 2x density would pick from
``srcset`` for the width its ``sizes`` gives it (AVIF/WebP ``<source>`` first). Fonts named in ``@font-face`` count in full even if
the page does not use them, so the figure is an upper bound. What a script fetches later (the
search index, for instance) is not counted.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

ROOT = Path(__file__).resolve().parent.parent

SEED_ARTICLE = (
    "/tin-khen-thuong/hoi-khuyen-hoc-tinh-soc-trang-nhan-co-thi-dua-xuat-sac-cua-chinh-phu/"
)

# Page types, in the order they are reported. Fixed paths first; the others are found in the
# output (the first match in sorted order), so new content does not need new code.
FIXED_PATHS = {
    "home": "/",
    "article": SEED_ARTICLE,
    "category": "/tin-khen-thuong/",
    "tags": "/the/",
    "archives": "/luu-tru/",
    "page": "/gioi-thieu/",
    "404": "/404.html",
    "statistics": "/so-lieu/",
    "search": "/tim-kiem/",
    "units": "/don-vi/",
}
FOUND_PATHS = {
    # A second page of any listing (categories, tags, authors).
    "listing-page-2": "**/trang/2/index.html",
    "tag": "the/*/index.html",
    "year-archive": "luu-tru/[0-9][0-9][0-9][0-9]/index.html",
    "author": "tac-gia/*/index.html",
    "unit": "don-vi/*/index.html",
}
PAGE_TYPES = [
    "home",
    "article",
    "category",
    "listing-page-2",
    "tag",
    "tags",
    "archives",
    "year-archive",
    "author",
    "page",
    "404",
    "statistics",
    "search",
    "units",
    "unit",
]

TEXT_SUFFIXES = {".html", ".css", ".js", ".mjs", ".svg", ".json", ".xml", ".txt", ".map"}
# Anything else counts as stored: fonts, images, and Pagefind's .pagefind and .pf_* files, which
# are gzip files already.
FONT_SUFFIXES = {".woff2", ".woff", ".ttf", ".otf"}
SCRIPT_SUFFIXES = {".js", ".mjs", ".wasm"}
PHONE_PIXELS = 720  # 360 CSS px at device pixel ratio 2


def output_file(output: Path, url_path: str) -> Path:
    """The file a static server sends for ``url_path`` (``/a/`` → ``a/index.html``)."""
    path = unquote(urlsplit(url_path).path)
    relative = path.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return output / relative


def page_types(output: Path) -> dict[str, str | None]:
    """URL path of one page of each type, or None when the site has no page of that type."""
    found: dict[str, str | None] = {}
    for name in PAGE_TYPES:
        if name in FIXED_PATHS:
            path = FIXED_PATHS[name]
            found[name] = path if output_file(output, path).is_file() else None
            continue
        matches = sorted(output.glob(FOUND_PATHS[name]))
        found[name] = (
            "/" + matches[0].parent.relative_to(output).as_posix() + "/" if matches else None
        )
    return found


def transfer_bytes(path: Path) -> int:
    data = path.read_bytes()
    if path.suffix.lower() in TEXT_SUFFIXES:
        return len(gzip.compress(data, compresslevel=6, mtime=0))
    return len(data)


def _local(base_url: str, reference: str) -> str | None:
    """The site-relative path of ``reference``, or None when it points off the site."""
    reference = reference.strip()
    if not reference or reference.startswith(("data:", "#")):
        return None
    parts = urlsplit(urljoin("http://site" + base_url, reference))
    if parts.netloc != "site":
        return None
    return parts.path


_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]?([^'")\s;]+)""")


def _css_references(output: Path, css_url: str, seen: set[str]) -> list[str]:
    """Every local file a stylesheet pulls in: itself, imports, fonts and images."""
    if css_url in seen:
        return []
    seen.add(css_url)
    path = output_file(output, css_url)
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8", errors="replace")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    found = [css_url]
    imports = {_local(css_url, m.group(1)) for m in _CSS_IMPORT.finditer(text)}
    for imported in sorted(i for i in imports if i):
        found += _css_references(output, imported, seen)
    for match in _CSS_URL.finditer(text):
        local = _local(css_url, match.group(2))
        if local and local not in imports and local not in seen:
            seen.add(local)
            found.append(local)
    return found


PHONE_WIDTH = PHONE_PIXELS // 2  # CSS px
_LENGTH = re.compile(r"^(-?[\d.]+)(px|rem|em|vw)$")
_MEDIA = re.compile(r"^\((min|max)-width:\s*([\d.]+(?:px|rem|em))\)$")


def _css_px(length: str) -> float | None:
    """A length of ``sizes`` in CSS px on the phone: px, rem/em, vw, and calc(a - b) or (a + b)."""
    length = length.strip()
    if length.startswith("calc(") and length.endswith(")"):
        match = re.fullmatch(r"(\S+)\s*([-+])\s*(\S+)", length[5:-1].strip())
        if not match:
            return None
        left, right = _css_px(match[1]), _css_px(match[3])
        if left is None or right is None:
            return None
        return left - right if match[2] == "-" else left + right
    match = _LENGTH.match(length)
    if not match:
        return None
    number, unit = float(match[1]), match[2]
    return {"px": 1, "rem": 16, "em": 16, "vw": PHONE_WIDTH / 100}[unit] * number


def _slot_width(sizes: str | None) -> float:
    """The width ``sizes`` gives an image on the phone (the whole viewport without it)."""
    for entry in (sizes or "").split(","):
        entry = entry.strip()
        media, _, length = entry.rpartition(" ") if entry.startswith("(") else ("", "", entry)
        if media:
            match = _MEDIA.match(media.strip())
            if not match:
                continue
            bound = _css_px(match[2])
            if bound is None or (match[1] == "min") != (bound <= PHONE_WIDTH):
                continue
        width = _css_px(length)
        if width is not None:
            return width
    return PHONE_WIDTH


def _srcset_pick(srcset: str, sizes: str | None = None) -> str | None:
    """The candidate of a ``srcset`` a 360 px phone at 2x would use (a model, not a browser):
    the smallest at least twice as wide as the slot ``sizes`` gives the image."""
    needed = _slot_width(sizes) * PHONE_PIXELS / PHONE_WIDTH
    candidates = []
    for item in srcset.split(","):
        bits = item.strip().split()
        if not bits:
            continue
        descriptor = bits[1] if len(bits) > 1 else "1x"
        if descriptor.endswith("w"):
            size = int(descriptor[:-1])
        elif descriptor.endswith("x"):
            size = int(float(descriptor[:-1]) * PHONE_PIXELS / 2)
        else:
            size = PHONE_PIXELS
        candidates.append((size, bits[0]))
    if not candidates:
        return None
    candidates.sort()
    big_enough = [c for c in candidates if c[0] >= needed]
    return (big_enough[0] if big_enough else candidates[-1])[1]


def _image_choice(img) -> str | None:
    # libxml2's HTML parser does not know <source> is void and nests the next element inside it,
    # so the <picture> is the nearest such ancestor, not always the parent; its first <source>
    # (AVIF) is what Chromium picks.
    picture = next(img.iterancestors("picture"), None)
    if picture is not None:
        for source in picture.iter("source"):
            if source.get("srcset") and not source.get("media"):
                return _srcset_pick(source.get("srcset"), source.get("sizes"))
    if img.get("srcset"):
        return _srcset_pick(img.get("srcset"), img.get("sizes"))
    return img.get("src")


@dataclass
class PageWeight:
    """Bytes over the network for one page; ``files`` maps each file to its bytes."""

    url: str
    html: int = 0
    css: int = 0
    fonts: int = 0
    js: int = 0
    images: int = 0
    missing: list[str] = field(default_factory=list)
    files: dict[str, int] = field(default_factory=dict)

    @property
    def css_fonts_js(self) -> int:
        return self.css + self.fonts + self.js


def measure_page(output: Path, url: str) -> PageWeight:
    page_file = output_file(output, url)
    weight = PageWeight(url=url, html=transfer_bytes(page_file))
    tree = lxml.html.fromstring(page_file.read_bytes())

    def add(kind: str, reference: str | None) -> None:
        local = _local(url, reference or "")
        if local is None or local in weight.files:
            return
        path = output_file(output, local)
        if not path.is_file():
            weight.missing.append(local)
            return
        size = transfer_bytes(path)
        weight.files[local] = size
        suffix = path.suffix.lower()
        if kind == "css":
            kind = "fonts" if suffix in FONT_SUFFIXES else "css" if suffix == ".css" else "images"
        setattr(weight, kind, getattr(weight, kind) + size)

    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = link.get("href")
        if "stylesheet" in rel:
            for reference in _css_references(output, _local(url, href or "") or "", set()):
                add("css", reference)
        elif "modulepreload" in rel:
            add("js", href)
        elif "preload" in rel and link.get("as") == "font":
            add("fonts", href)
        elif "icon" in rel:
            add("images", href)
    for script in tree.iter("script"):
        add("js", script.get("src"))
    for img in tree.iter("img"):
        # Lazy images count too: a reader who scrolls loads them.
        add("images", _image_choice(img))
    return weight


def measure(output: Path) -> dict[str, PageWeight]:
    """One PageWeight per page type the site has, keyed by page type."""
    weights = {
        name: measure_page(output, url)
        for name, url in page_types(output).items()
        if url is not None
    }
    engine = search_engine(output)
    if engine is not None:
        weights["search-query"] = engine
    return weights


def search_engine(output: Path) -> PageWeight | None:
    """What the search page fetches on the first query: Pagefind's code, WebAssembly and index
    entry point (the index chunks it then reads depend on the words typed and are not counted).

    Reported apart: the page-load budget does not apply to it.
    """
    folder = output / "pagefind"
    if not (folder / "pagefind.js").is_file():
        return None
    weight = PageWeight(url="/pagefind/ (on the first query)")
    # Pagefind loads the WebAssembly for the page's language, or the generic one.
    wasm = sorted(folder.glob("wasm.vi*.pagefind")) or sorted(folder.glob("wasm.unknown.pagefind"))
    meta = sorted(folder.glob("*.pf_meta"))[:1]
    for path in [folder / "pagefind.js", *wasm[:1], folder / "pagefind-entry.json", *meta]:
        if path.is_file():
            size = transfer_bytes(path)
            weight.files["/" + path.relative_to(output).as_posix()] = size
            weight.js += size
    return weight


def build(target: Path) -> Path:
    output = target / "output"
    command = [
        sys.executable,
        "-m",
        "pelican",
        "content",
        "-s",
        "pelicanconf.py",
        "-o",
        str(output),
    ]
    command += ["-e", f"CACHE_PATH={json.dumps(str(target / 'cache'))}"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
    return output


def report(weights: dict[str, PageWeight]) -> str:
    columns = ["html", "css", "fonts", "js", "css+fonts+js", "images"]
    lines = [f"{'page type':<15}" + "".join(f"{c:>13}" for c in columns) + "  url"]
    for name, w in weights.items():
        values = [w.html, w.css, w.fonts, w.js, w.css_fonts_js, w.images]
        lines.append(f"{name:<15}" + "".join(f"{v:>13,}" for v in values) + f"  {w.url}")
        lines += [f"{'':<15}  missing: {m}" for m in w.missing]
    lines.append("Bytes over the network: gzip -6 for text, as stored for fonts and images.")
    if "search-query" in weights:
        lines.append("search-query: what the search page fetches once a reader types (js column).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", nargs="?", type=Path, help="a built site (default: build one)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temp:
        output = args.output or build(Path(temp))
        weights = measure(output)
        if args.json:
            data = {
                name: {**asdict(w), "css_fonts_js": w.css_fonts_js} for name, w in weights.items()
            }
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            print(report(weights))
    return 0


if __name__ == "__main__":
    sys.exit(main())
