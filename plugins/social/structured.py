"""NewsArticle structured data (JSON-LD), and JSON that is safe inside <script>."""

from __future__ import annotations

import json

from markupsafe import Markup

from khuyenhoc.formatting import isoformat
from khuyenhoc.text import html_to_text

# Authors that are an organisation rather than a person ("Ban biên tập", the association).
_ORGANISATION_WORDS = ("ban ", "hội ", "tạp chí", "văn phòng", "trung tâm")


def _absolute(settings, path: str) -> str:
    return f"{settings.get('SITEURL', '')}/{path}"


def _person(author, settings) -> dict:
    name = str(author)
    kind = "Organization" if name.lower().startswith(_ORGANISATION_WORDS) else "Person"
    return {"@type": kind, "name": name, "url": _absolute(settings, author.url)}


def news_article(article, settings, images, logo) -> dict:
    """The article as schema.org NewsArticle: what search engines and some apps read."""
    url = _absolute(settings, article.url)
    modified = getattr(article, "modified", None) or article.date
    site_name = settings.get("SITENAME", "")
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": html_to_text(article.title, keep_nbsp=False),
        "description": html_to_text(getattr(article, "summary", "") or "", keep_nbsp=False),
        "image": [_absolute(settings, image.url) for image in images],
        "datePublished": isoformat(article.date),
        "dateModified": isoformat(modified),
        "inLanguage": settings.get("DEFAULT_LANG", "vi"),
        "author": [_person(author, settings) for author in getattr(article, "authors", [])],
        "publisher": {
            "@type": "Organization",
            "name": site_name,
            "url": _absolute(settings, ""),
            "logo": {
                "@type": "ImageObject",
                "url": _absolute(settings, logo.url),
                "width": logo.width,
                "height": logo.height,
            },
        },
    }
    category = getattr(article, "category", None)
    if category:
        data["articleSection"] = category.name
    tags = getattr(article, "tags", None)
    if tags:
        data["keywords"] = [tag.name for tag in tags]
    return data


_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_ld(data) -> Markup:
    """JSON for ``<script type="application/ld+json">``: no "</script>", no "<!--" can end it."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _UNSAFE.items():
        text = text.replace(character, escaped)
    return Markup(text)
