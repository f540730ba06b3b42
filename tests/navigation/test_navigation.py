"""Ways through the site: the front page, related articles without the neighbours, others."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from sitebuild import article

from navigation import _tag_names, _unit, front_page, others, related_articles

PLUGINS = ["vietnamese", "content_rules", "navigation", "photos"]


@pytest.fixture
def site_plugins():
    return PLUGINS


def story(name, photos=()):
    return SimpleNamespace(name=name, photos=list(photos))


def options(**values):
    return SimpleNamespace(
        **({"HOME_LEAD_WINDOW": 3, "HOME_LATEST": 2, "HOME_PER_KIND": 2} | values)
    )


def test_front_page_leads_with_the_newest_story_with_a_photo_and_shows_each_once():
    a, b, c, d, e = (story(n) for n in "abcde")
    c.photos = ["photo"]
    kinds = [{"name": "x", "articles": [a, c, e]}, {"name": "y", "articles": [b, d]}]
    home = front_page([a, b, c, d, e], kinds, options())
    assert home.lead is c and home.latest == [a, b]
    assert home.kinds[0][1] == [e] and home.kinds[1][1] == [d]


def test_front_page_without_a_recent_photo_leads_with_the_newest():
    a, b, c, d = (story(n) for n in "abcd")
    d.photos = ["photo"]  # too old for the lead
    home = front_page([a, b, c, d], [], options())
    assert home.lead is a and home.latest == [b, c]


def test_others_leaves_out_what_the_page_shows():
    a, b, c, d = (story(n) for n in "abcd")
    assert others([a, b, c, d], a, [c], None, limit=5) == [b, d]
    assert others([a, b, c, d], [a, None, [b, [c]]]) == [d]
    assert others([a, b, c, d], limit=1) == [a]


def test_others_knows_an_article_by_its_file_and_passes_over_undefined_values():
    """make serve renders an edited article read again (khuyenhoc.edited_first) beside the last
    build's lists; a draft's page has no ``related`` (the template's undefined value)."""
    from jinja2 import StrictUndefined
    from pelican.contents import Article

    first, second = (Article("<p>x</p>", {"title": n}, source_path=f"/c/{n}.md") for n in "ab")
    read_again = Article("<p>y</p>", {"title": "a"}, source_path="/c/a.md")
    assert others([first, second], read_again, StrictUndefined(name="related")) == [second]


def test_related_articles_are_the_same_unit_then_most_shared_tags_then_nearest_in_date():
    day = dt.datetime(2025, 3, 10, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

    def item(name, unit, tags, days):
        tags = [SimpleNamespace(name=tag) for tag in tags]
        return SimpleNamespace(name=name, unit=unit, tags=tags, date=day + dt.timedelta(days=days))

    this = item("this", "ke-sach", ["học bổng", "vượt khó"], 0)
    candidates = [
        far_same_unit := item("far_same_unit", "ke-sach", [], 300),
        two_tags := item("two_tags", "long-phu", ["học bổng", "vượt khó"], 50),
        one_tag_near := item("one_tag_near", "", ["học bổng"], -2),
        one_tag_far := item("one_tag_far", "", ["vượt khó"], 40),
        before := item("before", "", [], -5),
        after := item("after", "", [], 5),  # as far as "before": the candidates' order decides
        this,
    ]
    facts = {id(a): (_unit(a), _tag_names(a), a.date) for a in candidates}
    ranked = related_articles(this, candidates, 10, facts)
    assert ranked == [far_same_unit, two_tags, one_tag_near, one_tag_far, before, after]
    assert related_articles(this, candidates, 2, facts) == [far_same_unit, two_tags]


def test_related_articles_leave_out_the_previous_and_the_next(small_site):
    files = {
        f"tin-khen-thuong/{n}.md": article(
            f"Bài số {n}", date=f"2024-03-0{n} 08:00", extra="Tags: chung"
        )
        for n in range(1, 6)
    }
    result, out = small_site(files)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "tin-khen-thuong/bai-so-3/index.html").read_text(), "lxml")
    neighbours = {a["href"] for a in page.select(".prev-next a")}
    related = [a["href"] for a in page.select(".related .card-title a")]
    assert neighbours == {"/tin-khen-thuong/bai-so-2/", "/tin-khen-thuong/bai-so-4/"}
    assert related and not neighbours & set(related)
    aside = [a["href"] for a in page.select(".side .card-title a")]
    assert not set(aside) & (neighbours | set(related) | {"/tin-khen-thuong/bai-so-3/"})
