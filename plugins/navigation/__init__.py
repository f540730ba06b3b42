"""Ways through the site: the home page, the kinds, previous/next, related and other articles.

Adds, once all articles are read:
- ``kinds`` in the template context: for each entry of ``ARTICLE_KINDS``, the entry itself plus
  ``category`` (Pelican's object, for its URL) and ``articles`` (newest first).
- ``home`` in the template context (a ``Home``): what the front page shows, each story once.
  ``lead`` is the newest article with a photo among the ``HOME_LEAD_WINDOW`` newest (else the
  newest), ``latest`` the ``HOME_LATEST`` newest after it, and ``kinds`` each kind with its newest
  ``HOME_PER_KIND`` articles not shown above.
- on each article: ``prev_in_kind`` and ``next_in_kind`` (older and newer article of the same
  kind), and ``related``: up to ``RELATED_ARTICLES_MAX`` articles of the same kind but those two,
  those of the same unit first, then those sharing the most tags, then the closest in date.
- ``latest_articles`` in the template context: every published article, newest first (listing
  pages get their own ``articles``), for the lists beside a page.
- the Jinja filter ``others(articles, *shown, limit=ASIDE_ARTICLES)``: the newest of
  ``articles`` that are not among ``shown`` (articles, lists of articles, or None), for the "Tin
  khác" and "Tin mới" lists beside a page, so that no story is listed twice on one page.

Settings (``SETTINGS`` below holds the defaults): ``ARTICLE_KINDS``, ``RELATED_ARTICLES_MAX``,
``HOME_LEAD_WINDOW``, ``HOME_LATEST``, ``HOME_PER_KIND``, ``ASIDE_ARTICLES``.
"""

from __future__ import annotations

import functools
import heapq
from dataclasses import dataclass

from pelican import signals
from pelican.contents import Content

from khuyenhoc.config import setting_table

SETTINGS = setting_table(
    ARTICLE_KINDS=[],
    RELATED_ARTICLES_MAX=3,
    HOME_LEAD_WINDOW=5,
    HOME_LATEST=4,
    HOME_PER_KIND=3,
    ASIDE_ARTICLES=5,
)


@dataclass(frozen=True)
class Home:
    lead: object | None
    latest: list
    kinds: list[tuple[dict, list]]  # (kind, its articles not shown above)


def front_page(articles: list, kinds: list[dict], options) -> Home:
    """The front page from ``articles`` (newest first): a lead with a photo, then the others."""
    if not articles:
        return Home(None, [], [(kind, []) for kind in kinds])
    window = articles[: options.HOME_LEAD_WINDOW]
    lead = next((a for a in window if getattr(a, "photos", None)), articles[0])
    latest = [a for a in articles if a is not lead][: options.HOME_LATEST]
    shown = {id(lead), *map(id, latest)}
    per_kind = [
        (kind, [a for a in kind["articles"] if id(a) not in shown][: options.HOME_PER_KIND])
        for kind in kinds
    ]
    return Home(lead, latest, per_kind)


def others(articles, *shown, limit: int = 5) -> list:
    """The first ``limit`` of ``articles`` that are not in ``shown`` (articles, or lists of
    them, nested at will). An article is known by its file: the preview's page of an edited
    article (``khuyenhoc.edited_first``) shows an object read again, the lists the last build's."""
    seen = set()
    todo = list(shown)
    while todo:
        item = todo.pop()
        if isinstance(item, (list, tuple)):
            todo.extend(item)
        elif item is not None:
            seen.add(_identity(item))
    found = []  # the first ``limit`` only: every page of 5,000 articles calls it
    for article in articles:
        if len(found) >= limit:
            break
        if _identity(article) not in seen:
            found.append(article)
    return found


def _identity(article):
    # Not getattr: a template's undefined value (a draft's missing ``related``) raises on it.
    return article.source_path if isinstance(article, Content) else id(article)


def _unit(article) -> str:
    return getattr(article, "unit", "") or ""


def _tag_names(article) -> frozenset[str]:
    return frozenset(t.name for t in getattr(article, "tags", []))


def related_articles(article, candidates, limit: int, facts: dict) -> list:
    """The ``limit`` candidates nearest to ``article``: same unit, most tags shared, nearest in
    date. ``facts``: each article's unit, tags' names and date by its id, worked out once per
    build (ranking looks them up 360,000 times at 5,000 articles)."""
    unit, tags, date = facts[id(article)]

    def rank(other):
        other_unit, other_tags, other_date = facts[id(other)]
        return (not (unit and other_unit == unit), -len(tags & other_tags), abs(date - other_date))

    return heapq.nsmallest(limit, (a for a in candidates if a is not article), key=rank)


# Ranking every article against every other is quadratic; on a large site the related ones are
# among the nearest in date, overall and within the same unit.
_WINDOW = 30


def _nearby(article, articles, index, by_unit, unit_position) -> list:
    pool = articles[max(0, index - _WINDOW) : index + _WINDOW + 1]
    if _unit(article):
        same_unit = by_unit[_unit(article)]
        position = unit_position[id(article)]
        pool = pool + same_unit[max(0, position - _WINDOW) : position + _WINDOW + 1]
    return list(dict.fromkeys(pool))


def _link_articles(generator) -> None:
    options = SETTINGS.read(generator.settings)
    limit = options.RELATED_ARTICLES_MAX
    by_category = {}
    for article in generator.articles:  # newest first
        by_category.setdefault(article.category.name, []).append(article)
    categories = {category.name: category for category, _ in generator.categories}
    facts = {id(a): (_unit(a), _tag_names(a), a.date) for a in generator.articles}

    kinds = []
    for kind in options.ARTICLE_KINDS:
        articles = by_category.get(kind["name"], [])
        kinds.append({**kind, "category": categories.get(kind["name"]), "articles": articles})
        by_unit, unit_position = {}, {}
        for article in articles:
            same_unit = by_unit.setdefault(_unit(article), [])
            unit_position[id(article)] = len(same_unit)
            same_unit.append(article)
        for index, article in enumerate(articles):
            article.next_in_kind = articles[index - 1] if index > 0 else None
            article.prev_in_kind = articles[index + 1] if index + 1 < len(articles) else None
            neighbours = {id(article.next_in_kind), id(article.prev_in_kind)}
            nearby = [
                other
                for other in _nearby(article, articles, index, by_unit, unit_position)
                if id(other) not in neighbours
            ]
            article.related = related_articles(article, nearby, limit, facts)
    generator.context["kinds"] = kinds
    generator.context["home"] = front_page(generator.articles, kinds, options)
    # Every published article, newest first, under a name that listing pages do not override
    # (Pelican gives a category's or a unit's page its own ``articles``).
    generator.context["latest_articles"] = list(generator.articles)


def _add_filters(generator) -> None:
    limit = SETTINGS.read(generator.settings).ASIDE_ARTICLES
    generator.env.filters["others"] = functools.partial(others, limit=limit)


def register():
    signals.article_generator_finalized.connect(_link_articles)
    signals.generator_init.connect(_add_filters)
