"""axe-core on one page of every type, on a phone and on a desktop: zero WCAG 2.2 AA violations.

Pages that other features bring (statistics, search, units) are checked as soon as they exist
in the built site; until then their tests are skipped and say why.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.page_weight import PAGE_TYPES, page_types

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = [360, 1280]

RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
  return {
    version: axe.version,
    passes: results.passes.length,
    violations: results.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), summary: n.failureSummary })),
    })),
  };
}
"""


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}")
            lines += [f"        {line}" for line in (node["summary"] or "").splitlines()]
        if len(v["nodes"]) > 5:
            lines.append(f"    ... and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe_present():
    assert AXE.is_file(), f"{AXE} is missing: run `npm ci` (make test does)"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_axe_violations(page_type, width, page_at, url_of, axe_present):
    url = url_of(page_type)
    page = page_at(width)
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert result["passes"] > 0, "axe checked nothing"
    assert not result["violations"], (
        f"axe {result['version']} on {url} at {width} px:\n{describe(result['violations'])}"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results(width, page_at, url_of, axe_present):
    """The search page once it shows results (they are drawn by script, after a query)."""
    url = url_of("search") + "?q=h%E1%BB%8Dc+b%E1%BB%95ng"  # "học bổng"
    page = page_at(width)
    page.goto(url)
    # Results are drawn as a list in main; the outcome is announced in a live region.
    page.locator("#ket-qua li a").first.wait_for(timeout=15_000)
    page.wait_for_function("document.querySelector('[role=status]')?.textContent.trim()")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not result["violations"], (
        f"axe {result['version']} on {url} at {width} px:\n{describe(result['violations'])}"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_second_page_of_a_listing(width, page_at, paged_site, served_paged_site, axe_present):
    """Pagination, on a build with one article per page (the real content may have no page 2)."""
    url = page_types(paged_site)["listing-page-2"]
    assert url, "a build with DEFAULT_PAGINATION=1 has no page 2"
    page = page_at(width)
    response = page.goto(served_paged_site + url)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    assert page.locator("nav.pagination a[rel=prev]").is_visible()
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not result["violations"], (
        f"axe {result['version']} on {url} at {width} px:\n{describe(result['violations'])}"
    )
