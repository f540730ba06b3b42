"""Every link and every file a built page names exists, and nothing points to an unknown host.

Checked in each HTML file of the output: href, src and srcset (and a few more attributes that
name files), URLs inside stylesheets, and fragments (#id) in the page they point to. Directory
URLs resolve to index.html, as on any static host; percent-encoded paths are decoded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
import pytest

# Hosts a page may link to: sharing buttons and the magazine that is the source of articles.
# Pages must never load anything from them (tests/browser checks requests in a real browser).
ALLOWED_EXTERNAL_HOSTS = ["facebook.com", "zalo.me", "congdankhuyenhoc.vn"]

# Attributes that name a URL, per element.
URL_ATTRIBUTES = {
    "a": ["href"],
    "area": ["href"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "source": ["src", "srcset"],
    "script": ["src"],
    "iframe": ["src"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "track": ["src"],
    "form": ["action"],
    "blockquote": ["cite"],
}
# Open Graph and Twitter meta tags name pages and images too.
META_URL_PROPERTIES = {"og:url", "og:image", "og:image:secure_url", "twitter:image"}

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+['"]([^'"]+)['"]""")


def url_path_of(output: Path, file: Path) -> str:
    relative = file.relative_to(output).as_posix()
    if relative == "index.html":
        return "/"
    if relative.endswith("/index.html"):
        return "/" + relative.removesuffix("index.html")
    return "/" + relative


def srcset_urls(value: str) -> list[str]:
    return [item.strip().split()[0] for item in value.split(",") if item.strip()]


# What the browser fetches by itself when it shows the page (as opposed to links a reader may
# follow): these must stay on the site, whatever the host.
LOADED = {"img", "source", "script", "iframe", "video", "audio", "track"}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


def references(html_file: Path) -> list[tuple[str, str, bool]]:
    """(where, url, loaded) for every URL the page names; ``loaded``: the browser fetches it."""
    tree = lxml.html.fromstring(html_file.read_bytes())
    found = []
    for element in tree.iter(*URL_ATTRIBUTES):
        rels = set((element.get("rel") or "").lower().split())
        loaded = element.tag in LOADED or bool(element.tag == "link" and rels & LOADED_LINK_RELS)
        for attribute in URL_ATTRIBUTES[element.tag]:
            value = element.get(attribute)
            if value is None:
                continue
            where = f"<{element.tag} {attribute}>"
            if attribute == "srcset":
                found += [(where, url, loaded) for url in srcset_urls(value)]
            else:
                found.append((where, value, loaded))
    for meta in tree.iter("meta"):
        name = meta.get("property") or meta.get("name")
        if name in META_URL_PROPERTIES and meta.get("content"):
            found.append((f"<meta {name}>", meta.get("content"), False))
    for style in tree.iter("style"):
        found += [("<style> url()", m.group(2), True) for m in _CSS_URL.finditer(style.text or "")]
    for element in tree.xpath("//*[@style]"):
        found += [
            ("style url()", m.group(2), True) for m in _CSS_URL.finditer(element.get("style"))
        ]
    return found


def css_references(css_file: Path) -> list[tuple[str, str]]:
    text = re.sub(r"/\*.*?\*/", "", css_file.read_text(encoding="utf-8"), flags=re.S)
    urls = [m.group(2) for m in _CSS_URL.finditer(text)] + _CSS_IMPORT.findall(text)
    return [("css url()", url, True) for url in urls]


def target_file(output: Path, path: str) -> Path | None:
    """The file a static host serves for ``path``, or None."""
    decoded = unquote(path)
    candidate = output / decoded.lstrip("/")
    if decoded.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


@cache
def ids_in(file: Path) -> frozenset[str]:
    tree = lxml.html.fromstring(file.read_bytes())
    return frozenset(tree.xpath("//@id") + tree.xpath("//a/@name"))


def external_host_allowed(host: str) -> bool:
    return any(host == h or host.endswith("." + h) for h in ALLOWED_EXTERNAL_HOSTS)


def check(output: Path, source: Path, where: str, url: str, loaded: bool = False) -> str | None:
    """A problem with ``url`` found in ``source``, or None when it resolves.

    ``loaded``: the browser fetches the URL with the page (an image, a script): it must be local.
    """
    url = url.strip()
    if not url:
        return f"{where}: empty URL"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in ("mailto", "tel"):
        return None if parts.path else f"{where}: {url!r} has no address"
    if scheme == "data":
        return None
    if scheme and scheme not in ("http", "https"):
        return f"{where}: {url!r}: scheme {scheme!r} not allowed"
    if parts.netloc:
        host = (parts.hostname or "").lower()
        if host in ("localhost", "127.0.0.1", "0.0.0.0"):
            return f"{where}: {url!r} points to a development server"
        if loaded:
            return f"{where}: {url!r}: pages load nothing from other hosts ({host})"
        if not external_host_allowed(host):
            return f"{where}: {url!r}: host {host!r} not in ALLOWED_EXTERNAL_HOSTS"
        return None
    base = "http://site" + url_path_of(output, source)
    resolved = urlsplit(urljoin(base, url))
    target = target_file(output, resolved.path)
    if target is None:
        hint = (
            " (add the trailing /)"
            if (output / unquote(resolved.path).lstrip("/")).is_dir()
            else ""
        )
        return f"{where}: {url!r} → {resolved.path} does not exist{hint}"
    fragment = unquote(resolved.fragment)
    if fragment and target.suffix == ".html" and fragment not in ids_in(target):
        return f"{where}: {url!r}: no id {fragment!r} in {target.relative_to(output)}"
    return None


def problems_in(output: Path) -> dict[str, list[str]]:
    found = defaultdict(list)
    for file in sorted(output.rglob("*.html")):
        for where, url, loaded in references(file):
            problem = check(output, file, where, url, loaded)
            if problem:
                found[file.relative_to(output).as_posix()].append(problem)
    for file in sorted(output.rglob("*.css")):
        for where, url, loaded in css_references(file):
            problem = check(output, file, where, url, loaded)
            if problem:
                found[file.relative_to(output).as_posix()].append(problem)
    return found


def describe(found: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{name}\n" + "\n".join(f"  {p}" for p in problems) for name, problems in found.items()
    )


def test_every_link_resolves(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5, "the site has almost no pages"
    found = problems_in(site)
    assert not found, f"broken or disallowed links in {len(found)} files:\n{describe(found)}"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/a/", None),
        ("/a/#muc-1", None),
        ("#noi-dung", None),
        ("../a/", None),
        ("/anh/t%E1%BA%BFt.jpg", None),
        ("/a", "add the trailing /"),
        ("/khong-co/", "does not exist"),
        ("/a/#khong-co", "no id"),
        ("#khong-co", "no id"),
        ("https://www.facebook.com/sharer/sharer.php?u=x", None),
        ("https://zalo.me/share?url=x", None),
        ("https://congdankhuyenhoc.vn/bai-viet", None),
        ("https://fonts.googleapis.com/css2", "not in ALLOWED_EXTERNAL_HOSTS"),
        ("https://notfacebook.com/", "not in ALLOWED_EXTERNAL_HOSTS"),
        ("http://127.0.0.1:8000/a/", "development server"),
        ("javascript:alert(1)", "not allowed"),
        ("mailto:bbt@example.vn", None),
        ("", "empty"),
    ],
)
def test_checker_judges_links(tmp_path, url, expected):
    """The checker itself: what it accepts and what it reports."""
    page = '<!doctype html><title>t</title><main id="noi-dung"><h2 id="muc-1">x</h2></main>'
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "tết.jpg").write_bytes(b"")
    problem = check(tmp_path, tmp_path / "b" / "index.html", "<a href>", url)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def test_pages_load_nothing_from_other_hosts(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><a href="https://congdankhuyenhoc.vn/">ok</a>'
        '<img alt="" src="https://congdankhuyenhoc.vn/anh.jpg">'
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Be+Vietnam+Pro">',
        encoding="utf-8",
    )
    problems = problems_in(tmp_path)["index.html"]
    assert len(problems) == 2, problems
    assert all("load nothing from other hosts" in p for p in problems), problems


def test_srcset_candidates_are_each_checked(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><img alt="" src="/a.jpg" srcset="/a.jpg 480w, /b.jpg 960w">',
        encoding="utf-8",
    )
    (tmp_path / "a.jpg").write_bytes(b"")
    found = problems_in(tmp_path)
    assert list(found) == ["index.html"]
    assert len(found["index.html"]) == 1 and "/b.jpg" in found["index.html"][0]
