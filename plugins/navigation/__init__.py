"""Ways through the site: the kinds on the home page, previous/next, related articles.

Adds, once all articles are read:
- ``kinds`` in the template context: for each entry of ``ARTICLE_KINDS``, the entry itself plus
  ``category`` (Pelican's object, for its URL) and ``articles`` (newest first).
- on each article: ``prev_in_kind`` and ``next_in_kind`` (older and newer article of the same
  kind), and ``related``: up to ``RELATED_ARTICLES_MAX`` articles of the same kind, those of the
  same unit first, then those sharing the most tags, then the closest in date.

Settings (``SETTINGS`` below holds the defaults): ``ARTICLE_KINDS``, ``RELATED_ARTICLES_MAX``.
"""

from __future__ import annotations

from pelican import signals

from khuyenhoc.config import setting_table

SETTINGS = setting_table(ARTICLE_KINDS=[], RELATED_ARTICLES_MAX=3)


def _unit(article) -> str:
    return getattr(article, "unit", "") or ""


def related_articles(article, candidates, limit: int) -> list:
    tags = {t.name for t in getattr(article, "tags", [])}
    unit = _unit(article)

    def rank(other):
        same_unit = bool(unit) and _unit(other) == unit
        shared_tags = len(tags & {t.name for t in getattr(other, "tags", [])})
        distance = abs((other.date - article.date).total_seconds())
        return (not same_unit, -shared_tags, distance)

    others = [a for a in candidates if a is not article]
    return sorted(others, key=rank)[:limit]


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
            article.related = related_articles(
                article, _nearby(article, articles, index, by_unit, unit_position), limit
            )
    generator.context["kinds"] = kinds


def register():
    signals.article_generator_finalized.connect(_link_articles)
