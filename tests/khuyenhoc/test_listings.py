"""A tag's, a category's and an author's articles answer ``in`` from a set (khuyenhoc.listings),
and are still the lists Pelican made."""

from __future__ import annotations

import json

from sitebuild import articles, build, write_files

from khuyenhoc.listings import ArticleList, index_listings


class Item:
    """Compares by identity, as Pelican's content objects do."""


def test_membership_follows_every_change_in_place():
    first, second, third = Item(), Item(), Item()
    listing = ArticleList([first, second])
    assert first in listing and third not in listing
    listing.append(third)
    assert third in listing
    listing.remove(first)
    assert first not in listing
    listing[0] = first
    assert first in listing and second not in listing
    listing += [second]
    assert second in listing and isinstance(listing, ArticleList)
    listing.pop()
    assert second not in listing
    del listing[:]
    assert first not in listing and listing == []
    listing.extend([third])
    listing.insert(0, second)
    assert [second, third] == listing
    listing.clear()
    assert third not in listing


def test_objects_that_compare_by_value_are_found_by_value():
    assert 1 in ArticleList([1.0])
    assert "a" not in ArticleList(["b"])


def test_it_is_still_a_list_to_templates_and_json():
    listing = ArticleList([1, 2, 3])
    assert listing[1:] == [2, 3] and type(listing[1:]) is list
    assert json.dumps(listing) == "[1, 2, 3]"
    assert sorted(listing, reverse=True) == [3, 2, 1]


def test_a_build_indexes_every_listing_in_place(tmp_path):
    content = write_files(
        tmp_path / "content",
        articles(3, extra="Tags: học bổng, khen thưởng"),
    )
    seen = {}

    def listings(site):
        generator = next(g for g in site.last_build if hasattr(g, "tags"))
        seen["tags"] = dict(generator.tags)
        seen["categories"] = list(generator.categories)
        seen["authors"] = list(generator.authors)

    result = build(content, tmp_path / "output", plugins=["vietnamese"], then=listings)
    assert result.returncode == 0, result.stderr
    assert len(seen["tags"]) == 2
    for pairs in (seen["tags"].items(), seen["categories"], seen["authors"]):
        for _key, listing in pairs:
            assert type(listing) is ArticleList
            # the articles Pelican listed, newest first
            assert [a.slug for a in listing] == ["bai-so-2", "bai-so-1", "bai-so-0"]


def test_a_generator_without_listings_is_left_alone():
    class Pages:
        pass

    index_listings(Pages())
