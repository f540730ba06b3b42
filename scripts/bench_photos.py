"""Photo pipeline benchmark: cold and warm builds with N camera photos (``make bench`` runs it).

``bench_photos.py [--photos 50] [--size 4000x3000] [--workers 2]``

The corpus is ``corpus.py DEST N --photos N``; each of its photos is then replaced by a distinct
picture the size of a phone camera's, rotated (EXIF Orientation 6) and carrying GPS, as editors
drop them in (the corpus alone copies the same two files, which the content-hash cache would
process once). Reported, as ratios:
- warm / cold: a second build with no change, against the first one with empty caches;
- the same corpus built without the photos plugin (Pelican copies the originals as they are),
  cold and warm, so the plugin's own cost shows;
- what a reader downloads for one photo on a 360 px phone (the 800 px AVIF) against the original.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from corpus import write_corpus  # noqa: E402


def camera_photo(target: Path, size: tuple[int, int], seed: int) -> None:
    """A photo-like JPEG (shapes, soft light, sensor noise) with GPS and a rotation in EXIF."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    small = (size[0] // 8, size[1] // 8)
    base = Image.new("RGB", small, tuple(rng.randrange(60, 200) for _ in range(3)))
    pen = ImageDraw.Draw(base)
    for _ in range(40):
        x, y = rng.randrange(small[0]), rng.randrange(small[1])
        r = rng.randrange(10, small[0] // 3)
        pen.ellipse([x - r, y - r, x + r, y + r], fill=tuple(rng.randrange(256) for _ in range(3)))
    image = base.filter(ImageFilter.GaussianBlur(6)).resize(size, Image.BICUBIC)
    noise = Image.effect_noise(size, 24).convert("RGB")
    image = Image.blend(image, noise, 0.12)
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x010F] = "Bench Phone"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (9.0, 36.0, 12.5), 3: "E", 4: (105.0, 58.0, 48.2)})
    image.save(target, "JPEG", quality=90, exif=exif)


CPU: dict[str, float] = {}


def build(content: Path, out: Path, cache: Path, label: str, **overrides) -> float:
    """Wall-clock seconds of one build; its CPU seconds go to CPU[label].

    The CPU time counts Pelican's process; with worker processes (forkserver) their share is
    not counted, so compare CPU with --workers 1. Wall-clock time depends on the machine's load.
    """
    overrides = {"CACHE_PATH": str(cache), **overrides}
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(out), "-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr[-3000:]}")
    CPU[label] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--size", default="4000x3000")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    sys.path.insert(0, str(ROOT))
    import pelicanconf

    plugins = [p for p in pelicanconf.PLUGINS if p != "photos"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        content = write_corpus(tmp / "content", args.photos, photos=args.photos)
        originals = sorted((content / "images" / "corpus").glob("*.jpg"))
        for number, photo in enumerate(originals):
            camera_photo(photo, size, number)
        source_bytes = sum(p.stat().st_size for p in originals)
        out, cache = tmp / "out", tmp / "cache"
        stats_file = tmp / "photos" / "last-build.json"

        def fresh():
            for folder in (out, cache, tmp / "photos"):
                shutil.rmtree(folder, ignore_errors=True)

        fresh()
        cold = build(content, out, cache, "cold", PHOTOS_WORKERS=args.workers)
        cold_stats = json.loads(stats_file.read_text())
        warm = build(content, out, cache, "warm", PHOTOS_WORKERS=args.workers)
        warm_stats = json.loads(stats_file.read_text())
        photo_out = out / "images" / "corpus"
        avif_800 = [p.stat().st_size for p in photo_out.glob("*-800.avif")]
        published_original = sum((photo_out / p.name).stat().st_size for p in originals)
        fresh()
        plain_cold = build(content, out, cache, "plain cold", PLUGINS=plugins)
        plain_warm = build(content, out, cache, "plain warm", PLUGINS=plugins)

    mb = 1024 * 1024
    load = os.getloadavg()[0]
    busy = f" (busy machine: load {load:.1f} on {os.cpu_count()} cores)" if load > 1.5 else ""
    print(f"Corpus: {args.photos} articles, each with its own {args.size} camera photo")
    print(
        f"  ({source_bytes / mb:.1f} MB of JPEG, rotated, with GPS); {args.workers} workers{busy}."
    )
    print(f"With photos plugin:    cold {cold:.2f} s, warm {warm:.2f} s")
    print(f"Without photos plugin: cold {plain_cold:.2f} s, warm {plain_warm:.2f} s")
    workers = " (Pelican's process only)" if args.workers > 1 else ""
    print(
        f"CPU{workers}: cold {CPU['cold']:.2f} s, warm {CPU['warm']:.2f} s; without plugin: "
        f"cold {CPU['plain cold']:.2f} s, warm {CPU['plain warm']:.2f} s"
    )
    print(f"Ratio warm / cold (photos plugin): {warm / cold:.3f}")
    print(f"Ratio cold, with / without plugin: {cold / plain_cold:.2f}")
    print(f"Ratio warm, with / without plugin: {warm / plain_warm:.2f}")
    print(
        f"Cold: {cold_stats.get('photos_processed', 0)} photos processed, "
        f"{cold_stats.get('cards_drawn', 0)} cards drawn "
        f"({1000 * (cold - plain_cold) / max(1, args.photos):.0f} ms per photo over plain Pelican)"
    )
    print(
        f"Warm: {warm_stats.get('photos_processed', 0)} photos processed, "
        f"{warm_stats.get('cards_drawn', 0)} cards drawn, "
        f"{warm_stats.get('files_copied', 0)} files copied, "
        f"{warm_stats.get('files_unchanged', 0)} unchanged"
    )
    if avif_800:
        per_photo = sum(avif_800) / len(avif_800)
        print(
            f"A 360 px phone downloads the 800 px AVIF: {per_photo / 1024:.0f} KB per photo, "
            f"against {source_bytes / len(originals) / 1024:.0f} KB for the camera file "
            f"(ratio {per_photo / (source_bytes / len(originals)):.3f}); the clean copy at the "
            f"original's address: {published_original / len(originals) / 1024:.0f} KB."
        )


if __name__ == "__main__":
    main()
