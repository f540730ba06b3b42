"""Writes a large corpus of generated articles for benchmarks: ``corpus.py DEST N [options]``.

The corpus is the real content folder (pages, data, images) plus N generated articles spread over
the three kinds and several years, with Vietnamese text (đ included) so that search, slugs and
typogrify do real work. Options add a statistics box or a photo to every article.
"""

from __future__ import annotations

import argparse
import random
import shutil
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = [
    ("Tin khen thưởng", "tin-khen-thuong"),
    ("Gương vượt khó hiếu học", "guong-vuot-kho"),
    ("Hoạt động chi hội", "hoat-dong-chi-hoi"),
]
UNITS_FILE = ROOT / "content" / "data" / "don-vi.yaml"


def _load_units():
    """The units file the site checks ``Unit:`` against, read as the site reads it (plugins/units:
    safe YAML, no aliases)."""
    from units import parse_units

    units, problems = parse_units(UNITS_FILE.read_text(encoding="utf-8"), str(UNITS_FILE))
    if problems:
        raise SystemExit(problems[0].format())
    return units


_ALL_UNITS = _load_units()
# The 11 former district-level units of Sóc Trăng, as the units file names them.
UNITS = [unit.name for unit in _ALL_UNITS if unit.parent_slug == "soc-trang"]


def units_on(day: date) -> list[str]:
    """Units whose name was in use on ``day``: local ones first, the top level otherwise."""
    local = [u.name for u in _ALL_UNITS if u.parent_slug and u.valid_on(day)]
    return local or [u.name for u in _ALL_UNITS if u.valid_on(day)]


WORDS = (
    "khuyến học khuyến tài đại học học bổng học sinh sinh viên vượt khó hiếu học gia đình dòng họ "
    "cộng đồng đơn vị học tập trung tâm đường đất địa lý điểm đến đồng bằng sông Cửu Long tỉnh "
    "huyện xã ấp chi hội hội viên trao tặng năm học khai giảng thi đua khen thưởng tấm gương"
).split()


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def write_corpus(dest: Path, count: int, *, stats: bool = False, photos: int = 0, seed: int = 1):
    rng = random.Random(seed)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(ROOT / "content", dest)
    photo_sources = sorted((ROOT / "content" / "images").rglob("*.jpg"))
    for number in range(count):
        name, folder = KINDS[number % len(KINDS)]
        year = 2019 + number % 7
        day = f"{year}-{1 + number % 12:02d}-{1 + number % 28:02d}"
        when = f"{day} {8 + number % 10:02d}:{number % 60:02d}"
        title = f"Bài số {number}: {paragraph(rng, 8)[:-1]}"
        lines = [
            f"Title: {title}",
            f"Date: {when}",
            "Author: Ban biên tập",
            f"Category: {name}",
            f"Summary: {paragraph(rng, 30)}",
            f"Tags: {rng.choice(WORDS)}, {rng.choice(WORDS)}",
        ]
        if folder == "hoat-dong-chi-hoi":
            lines.append(f"Unit: {rng.choice(units_on(date.fromisoformat(day)))}")
        body = [paragraph(rng, rng.randint(40, 90)) for _ in range(6)]
        if stats:
            body.insert(2, "[[thong-ke: soc-trang-2022]]")
        if photos and number < photos and photo_sources:
            image = dest / "images" / "corpus" / f"anh-{number}.jpg"
            image.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(photo_sources[number % len(photo_sources)], image)
            body.insert(
                0,
                f'![Ảnh minh hoạ số {number}]({{static}}/images/corpus/anh-{number}.jpg "Ảnh minh hoạ. Ảnh: Ban biên tập")',
            )
        target = dest / folder / "corpus" / f"bai-{number:05d}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--stats", action="store_true", help="a statistics box in every article")
    parser.add_argument("--photos", type=int, default=0, help="a photo in the first N articles")
    args = parser.parse_args()
    write_corpus(args.dest, args.count, stats=args.stats, photos=args.photos)


if __name__ == "__main__":
    main()
