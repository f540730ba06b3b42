"""Writes a large corpus of generated articles for benchmarks: ``corpus.py DEST N [options]``.

The corpus is the real content folder (pages, data, images) plus N generated articles spread over
the three kinds and several years, with Vietnamese text (đ included) so that search, slugs and
typogrify do real work: every kind, a unit on every "Hoạt động chi hội" article (checked against
the units file), two tags each, a statistics box in one article of five and a photo in one of ten
(by default). The photos are camera-sized JPEGs (4032 x 3024, a few MB), drawn once from a fixed
seed; articles share a pool of them under their own names (hard links), as the same bytes.
The same seed writes the same corpus, byte for byte.
"""

from __future__ import annotations

import argparse
import os
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
CONTENT = ROOT / "content"


def _load_units(content: Path = CONTENT):
    """The units file the site checks ``Unit:`` against, read as the site reads it (plugins/units:
    safe YAML, no aliases)."""
    from units import parse_units

    units_file = content / "data" / "don-vi.yaml"
    units, problems = parse_units(units_file.read_text(encoding="utf-8"), str(units_file))
    if problems:
        raise SystemExit(problems[0].format())
    return units


_ALL_UNITS = _load_units()
# The 11 former district-level units of Sóc Trăng, as the units file names them.
UNITS = [unit.name for unit in _ALL_UNITS if unit.parent_slug == "soc-trang"]


def units_on(day: date, units=_ALL_UNITS) -> list[str]:
    """Units whose name was in use on ``day``: local ones first, the top level otherwise."""
    local = [u.name for u in units if u.parent_slug and u.valid_on(day)]
    return local or [u.name for u in units if u.valid_on(day)]


WORDS = (
    "khuyến học khuyến tài đại học học bổng học sinh sinh viên vượt khó hiếu học gia đình dòng họ "
    "cộng đồng đơn vị học tập trung tâm đường đất địa lý điểm đến đồng bằng sông Cửu Long tỉnh "
    "huyện xã ấp chi hội hội viên trao tặng năm học khai giảng thi đua khen thưởng tấm gương"
).split()


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


CAMERA_SIZE = (4032, 3024)
CAMERA_PHOTOS = 6


def camera_photo(target: Path, seed: int) -> None:
    """A camera-sized JPEG: soft colour fields under sensor-like grain, as large as a phone's."""
    from PIL import Image, ImageChops, ImageFilter

    rng = random.Random(seed)
    width, height = CAMERA_SIZE
    small = Image.new("RGB", (8, 6))
    small.putdata([tuple(rng.randrange(40, 230) for _ in range(3)) for _ in range(48)])
    base = small.resize(CAMERA_SIZE, Image.BICUBIC)
    grain = Image.effect_noise((width // 2, height // 2), 24 + seed % 5).resize(CAMERA_SIZE)
    grain = grain.filter(ImageFilter.GaussianBlur(0.6)).convert("RGB")
    image = ImageChops.overlay(base, grain)
    target.parent.mkdir(parents=True, exist_ok=True)
    image.save(target, "JPEG", quality=90)


def camera_photos(folder: Path, count: int = CAMERA_PHOTOS) -> list[Path]:
    """The pool of photos, drawn once into ``folder`` (kept between corpora)."""
    paths = [folder / f"may-anh-{number}.jpg" for number in range(count)]
    for number, path in enumerate(paths):
        if not path.exists():
            camera_photo(path, number)
    return paths


def write_corpus(
    dest: Path,
    count: int,
    *,
    stats_every: int = 5,
    photo_every: int = 10,
    photo_pool: Path | None = None,
    seed: int = 1,
    content: Path = CONTENT,
):
    """Write the corpus to ``dest``, from the real ``content`` folder (another checkout's, to
    measure it on its own pages and units); every ``stats_every``-th article gets a statistics
    box and every ``photo_every``-th a photo (0: none)."""
    rng = random.Random(seed)
    units = _ALL_UNITS if content == CONTENT else _load_units(content)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(content, dest)
    pool = []
    if photo_every:
        pool = camera_photos(photo_pool or dest.parent / "camera-photos")
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
            lines.append(f"Unit: {rng.choice(units_on(date.fromisoformat(day), units))}")
        body = [paragraph(rng, rng.randint(40, 90)) for _ in range(6)]
        if stats_every and number % stats_every == 0:
            body.insert(2, "[[thong-ke: soc-trang-2022]]")
        if photo_every and number % photo_every == 0:
            image = dest / "images" / "corpus" / f"anh-{number}.jpg"
            image.parent.mkdir(parents=True, exist_ok=True)
            os.link(pool[(number // photo_every) % len(pool)], image)
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
    parser.add_argument("--stats-every", type=int, default=5, help="a statistics box every Nth")
    parser.add_argument("--photo-every", type=int, default=10, help="a photo every Nth (0: none)")
    args = parser.parse_args()
    write_corpus(args.dest, args.count, stats_every=args.stats_every, photo_every=args.photo_every)


if __name__ == "__main__":
    main()
