"""Browser fixtures: one server per session, one Debian Chromium per module, a page per test.

No tool downloads a browser here: Playwright drives /usr/bin/chromium (scripts/ensure-chromium.sh
installs it). Every page a test opens refuses requests to any host but the test server, and
remembers them, so "no third-party requests" holds on every page the tests visit.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitebuild import HOST, ROOT, run_pelican, serve

from scripts.chromium import launch
from scripts.page_weight import output_file, page_types

# Any web request that is not to the test server. Only these reach Python, which keeps pages
# fast; data: and blob: URLs never go to the network.
OTHER_HOSTS = re.compile(r"^(?:https?|wss?)://(?!127\.0\.0\.1[:/])", re.IGNORECASE)


@pytest.fixture(scope="session")
def served_site(site: Path) -> Iterator[str]:
    """The built site over HTTP; yields the base URL."""
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> Path:
    """The real content with one article per listing page, so listings have a page 2."""
    out = tmp_path_factory.mktemp("paged") / "output"
    result = run_pelican(ROOT / "content", out, DEFAULT_PAGINATION=1)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def served_paged_site(paged_site: Path) -> Iterator[str]:
    with serve(paged_site) as url:
        yield url


# One Chromium for the whole session: every test that drives a browser is in this folder
# (Playwright's sync API allows one running instance per thread).
@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@dataclass
class Visit:
    """What the pages of one test asked for that they should not have."""

    third_party: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@pytest.fixture
def visit() -> Visit:
    return Visit()


@pytest.fixture
def page_at(browser, served_site, visit) -> Iterator[Callable]:
    """``page_at(width)`` → a new Playwright page that many CSS pixels wide.

    Requests to other hosts are aborted and recorded in ``visit.third_party``; the test fails at
    teardown if any happened, whatever the test itself checked.
    """
    contexts = []

    def block_third_party(route):
        url = route.request.url
        if urlsplit(url).hostname == HOST:  # the pattern should not let these through
            route.continue_()
            return
        try:
            origin = route.request.frame.url
        except Exception:  # requests without a frame (workers)
            origin = "?"
        visit.third_party.append(f"{origin} asked for {url}")
        route.abort()

    def make(width: int, height: int = 800):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            base_url=served_site,
            service_workers="block",
        )
        contexts.append(context)
        context.route(OTHER_HOSTS, block_third_party)
        page = context.new_page()
        page.on("pageerror", lambda error: visit.errors.append(f"{page.url}: {error}"))

        def on_failed(request):
            # ERR_ABORTED is a cancelled request: leaving a page while it still loads (the search
            # page fetches its engine ahead) cancels them. Missing files show as HTTP 404 below,
            # and requests to other hosts are recorded by the route above.
            if request.failure != "net::ERR_ABORTED":
                visit.failed.append(f"{request.url}: {request.failure}")

        page.on("requestfailed", on_failed)

        def on_response(response):
            # A missing page answers 404 on purpose; a missing stylesheet or image is a bug.
            if response.status >= 400 and response.request.resource_type != "document":
                visit.failed.append(f"{response.url}: HTTP {response.status}")

        page.on("response", on_response)
        return page

    yield make
    for context in contexts:
        context.close()
    if visit.third_party:
        pytest.fail("Requests to third-party hosts:\n" + "\n".join(visit.third_party))


@pytest.fixture(scope="session")
def site_pages(site: Path) -> dict[str, str | None]:
    """URL path of one page of each type (see scripts/page_weight.py), None when absent."""
    return page_types(site)


@pytest.fixture(scope="session")
def site_file(site: Path) -> Callable[[str], Path]:
    return functools.partial(output_file, site)


@pytest.fixture
def url_of(site_pages) -> Callable[[str], str]:
    """``url_of("search")`` → its URL path, or skip the test when the site has no such page."""

    def find(page_type: str) -> str:
        url = site_pages[page_type]
        if url is None:
            pytest.skip(f"the built site has no {page_type} page yet")
        return url

    return find
