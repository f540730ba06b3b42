"""Building sites in tests, with Pelican: the real content, or a small site a test writes.

- ``build()`` runs Pelican in this process, with only the plugins a test names: a plugin's tests
  build with that plugin alone (and the reader), in a fraction of a second.
- ``run_pelican()`` runs the ``pelican`` command in a separate process, as ``make html`` does: the
  end-to-end tests, and anything that needs a real exit status or a killed process; ``start()``
  starts a command in its own process group, stopped at a failpoint if asked.
- ``PublishedSite``: a copy of the real content published with ``scripts/publish.py`` into a temp
  folder (``make publish``, ``make rollback``, ``make deploy``);
- ``Preview``: a copy of the real content built by ``scripts/build.py`` in its own process
  (``make html``: nothing changed, one article's text edited, anything else).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import io
import json
import locale
import os
import runpy
import shutil
import struct
import subprocess
import sys
import threading
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import ExifTags, Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
# The site's own PLUGINS. Not through Pelican's read_settings, which would set the process's
# locale for every later test.
SITE_PLUGINS = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
HOST = "127.0.0.1"
# Screenshots and other files the tests make for a person to look at.
ARTIFACTS = ROOT / "test-artifacts"
PELICAN = [sys.executable, "-m", "pelican"]


@dataclass
class Result:
    """What a build gave, shaped like ``subprocess.CompletedProcess``."""

    returncode: int
    stderr: str
    stdout: str = ""
    then: object = None  # what ``build(then=…)`` returned


def _quiet_signals() -> None:
    """Disconnect every plugin from Pelican's signals: each build connects its own plugins.

    Pelican's signals are process-wide (blinker), and a plugin connected by one test's build
    would otherwise run in the next test's build too.
    """
    from blinker import Signal
    from pelican.plugins import signals

    for value in vars(signals).values():
        if isinstance(value, Signal):
            value._clear_state()  # blinker's own reset: receivers and their bookkeeping


def build(
    content: Path,
    output: Path,
    *,
    plugins: list[str] | None = None,
    settings_file: str = "pelicanconf.py",
    cache: Path | None = None,
    then=None,
    **overrides,
) -> Result:
    """Build ``content`` into ``output`` in this process, as ``make html`` would.

    ``plugins`` replaces ``PLUGINS`` (None: the site's own list). The build's cache goes to
    ``cache`` (a temp folder) so tests never share the developer's. Editors' errors end the
    build with ``returncode`` 1, their text in ``stderr``, as in a terminal. ``then(site)`` is
    called after the build, with the plugins still connected (``make serve``'s next steps); what
    it returns is ``Result.then``.
    """
    from pelican.settings import read_settings

    from khuyenhoc.site import Site

    overrides.setdefault("CACHE_PATH", str(cache or output.parent / "cache"))
    if plugins is not None:
        overrides["PLUGINS"] = list(plugins)
    overrides |= {"PATH": str(content), "OUTPUT_PATH": str(output)}
    process_locale = locale.setlocale(locale.LC_ALL)  # Pelican sets LOCALE for its build
    settings = read_settings(str(ROOT / settings_file), override=overrides)
    _quiet_signals()
    stderr = io.StringIO()
    code, value = 0, None
    with contextlib.redirect_stderr(stderr), contextlib.chdir(ROOT):
        try:
            site = Site(settings)
            site.run()
            if then is not None:
                value = then(site)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
        finally:
            _quiet_signals()
            locale.setlocale(locale.LC_ALL, process_locale)
    return Result(code, stderr.getvalue(), then=value)


def pelican_command(
    content: Path,
    output: Path,
    *,
    settings_file: str = "pelicanconf.py",
    cache: Path | None = None,
    **overrides,
) -> list[str]:
    """The ``pelican`` command that builds ``content`` into ``output``."""
    overrides.setdefault("CACHE_PATH", str(cache or output.parent / "cache"))
    command = [*PELICAN, str(content), "-s", settings_file, "-o", str(output)]
    # One -e with every pair: Pelican keeps only the last -e given.
    return [*command, "-e", *(f"{name}={json.dumps(value)}" for name, value in overrides.items())]


def run_pelican(
    content: Path,
    output: Path,
    *,
    env: dict | None = None,
    **options,
) -> subprocess.CompletedProcess:
    """Build ``content`` into ``output`` with the ``pelican`` command, in a separate process."""
    return subprocess.run(
        pelican_command(content, output, **options),
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def start(command: list[str], *, stop_at: str | None = None, marker: Path | None = None, env=None):
    """Start ``command`` from the project's folder in a process group of its own, as a terminal
    starts ``make``; with ``stop_at``, the build waits at that failpoint (khuyenhoc.failpoints)
    once it writes ``marker``. Its output goes to pipes: read them with ``communicate()``."""
    extra = dict(env or {})
    if stop_at:
        extra["KHUYENHOC_STOP_AT"] = f"{stop_at}:{marker}"
    return subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        encoding="utf-8",
        env={**os.environ, **extra},
        start_new_session=True,
    )


def wait_for_file(path: Path, process: subprocess.Popen, timeout: float = 300) -> None:
    """Wait until ``path`` exists (the build reached its failpoint) or ``process`` has ended."""
    import time

    import watchfiles

    deadline = time.monotonic() + timeout
    path.parent.mkdir(parents=True, exist_ok=True)
    for _changes in watchfiles.watch(path.parent, yield_on_timeout=True, rust_timeout=200):
        if path.exists() and path.read_text(encoding="utf-8"):
            return
        if process.poll() is not None:
            out, err = process.communicate()
            raise AssertionError(f"the build ended before {path.name}:\n{out}\n{err}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{path} never appeared")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site as a static host does, 404.html included."""

    def send_error(self, code, message=None, explain=None):
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            return super().send_error(code, message, explain)
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: pytest shows failures, not every request
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` over HTTP on 127.0.0.1 and a free port, in a thread; yields the base URL."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def write_files(base: Path, files: dict[str, str | bytes]) -> Path:
    for relative, data in files.items():
        target = base / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return base


def articles(count: int, folder: str = "tin-khen-thuong", **fields) -> dict[str, str]:
    """``count`` articles dated a day apart, newest last: "Bài số 0", "Bài số 1"…

    ``fields`` go to ``article()``; ``title`` may hold "{n}" (the article's number).
    """
    title = fields.pop("title", "Bài số {n}")
    return {
        f"{folder}/bai-{n:02d}.md": article(
            title.format(n=n), date=f"2024-03-{n + 1:02d} 08:00", **fields
        )
        for n in range(count)
    }


def article(
    title: str = "Bài thử",
    *,
    category: str = "Tin khen thưởng",
    date: str = "2024-02-08 19:13",
    author: str = "Người thử",
    summary: str = "Sapo của bài thử.",
    body: str = "Nội dung bài thử.",
    extra: str = "",
) -> str:
    """The text of a small, valid article; tests change one thing to make it invalid."""
    header = [f"Title: {title}", f"Date: {date}", f"Author: {author}"]
    if category:
        header.append(f"Category: {category}")
    if summary:
        header.append(f"Summary: {summary}")
    if extra:
        header.append(extra.strip())
    return "\n".join(header) + "\n\n" + body + "\n"


# Photos, drawn by the test with Pillow. The camera photo is stored sideways, with EXIF
# Orientation 6 and a GPS position, as a phone writes it: red on the stored image's top half,
# blue on the bottom half, so "upright" means red on the right, blue on the left.
RED, BLUE = (220, 30, 30), (30, 40, 210)
GPS_POSITION = {1: "N", 2: (9.0, 36.0, 12.5), 3: "E", 4: (105.0, 58.0, 48.2)}
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".avif", ".tif", ".tiff"}


def photo(
    size=(2400, 1600), *, orientation: int | None = None, gps: bool = False, fmt: str = "JPEG"
) -> bytes:
    """A two-colour test photo; EXIF orientation and GPS as a phone camera writes them."""
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle([0, 0, size[0], size[1] // 2], fill=RED)
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Test Phone"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    if gps:
        exif[ExifTags.IFD.GPSInfo] = GPS_POSITION
    buffer = io.BytesIO()
    image.save(buffer, fmt, exif=exif.tobytes(), **({"quality": 90} if fmt == "JPEG" else {}))
    return buffer.getvalue()


def has_gps(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as image:
        return bool(image.getexif().get_ifd(ExifTags.IFD.GPSInfo))


PHOTOS_BODY = """Đoạn mở đầu của bài.

![Học sinh nhận học bổng tại hội trường xã]({static}/images/2024/dien-thoai.jpg "Lễ trao học bổng năm học mới. Ảnh: Chi hội ấp Phước Hòa")

Đoạn giữa bài, có một biểu tượng nhỏ ![biểu tượng khuyến học]({static}/images/2024/nho.jpg) trong câu.

![Tấm bằng khen của chi hội](/images/2024/nho.jpg "Bằng khen treo ở văn phòng chi hội")

Đoạn cuối."""


def photo_site(base: Path, plugins: list[str]) -> Path:
    """A small site with a camera photo, a small photo (in a sentence and as a figure), an
    article without photos and an image no article uses; returns its output folder."""
    camera = photo((2400, 1600), orientation=6, gps=True)
    assert has_gps(camera), "the fixture itself must carry GPS"
    content = write_files(
        base / "content",
        {
            "tin-khen-thuong/co-anh.md": article("Bài có ảnh", body=PHOTOS_BODY),
            "tin-khen-thuong/khong-anh.md": article("Bài không có ảnh", date="2024-02-09 08:00"),
            "tin-khen-thuong/may-anh.md": article(
                "Bài ảnh điện thoại",
                date="2024-02-10 08:00",
                body='![Ảnh điện thoại cỡ lớn]({static}/images/2024/4000.jpg "Ảnh lớn. Ảnh: Thử")',
            ),
            "images/2024/4000.jpg": photo((4000, 3000), orientation=6, gps=True),
            "images/2024/dien-thoai.jpg": camera,
            "images/2024/nho.jpg": photo((300, 200), gps=True),
            "images/khong-dung/thua.png": photo((640, 480), gps=True, fmt="PNG"),
        },
    )
    out = base / "output"
    result = build(content, out, cache=base / "cache", plugins=plugins)
    assert result.returncode == 0, result.stderr
    return out


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def windows_1258(text: str) -> bytes:
    """``text`` as Windows-1258 stores Vietnamese: letters with ˆ ˘ ' composed, tone marks as
    combining characters after them (the code page has few precomposed toned letters)."""
    clusters: list[list[str]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and clusters:
            clusters[-1].append(char)
        else:
            clusters.append([char])
    out = []
    for base, *marks in clusters:
        letter = unicodedata.normalize(
            "NFC", base + "".join(m for m in marks if m not in _TONE_MARKS)
        )
        out.append(letter + "".join(m for m in marks if m in _TONE_MARKS))
    return "".join(out).encode("cp1258")


def huge_jpeg(width: int, height: int) -> bytes:
    """A real, valid grey JPEG of any size up to 65535×65535, written in milliseconds.

    Each 8×8 block holds only "no change" (two bits, with one-code Huffman tables), so a 200 MP
    photo (16320×12240) is 780 KB, and the JPEG decoder reads it like any camera file. Drawing
    such a photo with Pillow would take 600 MB and seconds.
    """

    def segment(marker: int, payload: bytes) -> bytes:
        return struct.pack(">HH", marker, len(payload) + 2) + payload

    bits = 2 * -(-width // 8) * -(-height // 8)
    scan = bytes(bits // 8) + (bytes([0xFF >> (bits % 8)]) if bits % 8 else b"")
    one_code = bytes([1] + [0] * 15) + b"\x00"  # one code of length 1, for symbol 0
    return b"".join(
        [
            b"\xff\xd8",
            segment(0xFFDB, b"\x00" + bytes([1]) * 64),
            segment(0xFFC0, struct.pack(">BHHB", 8, height, width, 1) + b"\x01\x11\x00"),
            segment(0xFFC4, b"\x00" + one_code),  # DC: difference 0
            segment(0xFFC4, b"\x10" + one_code),  # AC: end of block
            segment(0xFFDA, b"\x01\x01\x00\x00\x3f\x00"),
            scan,
            b"\xff\xd9",
        ]
    )


def png_bomb(width: int, height: int) -> bytes:
    """A small PNG that declares ``width``×``height`` black-and-white pixels, all of them there
    (zlib packs the zero rows a thousandfold): a "decompression bomb"."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = bytes(1 + -(-width // 8))  # filter byte, then the 1-bit pixels
    packer = zlib.compressobj(1)
    rows = [packer.compress(row * min(1000, height - n)) for n in range(0, height, 1000)]
    return b"".join(
        [
            b"\x89PNG\r\n\x1a\n",
            chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)),
            chunk(b"IDAT", b"".join(rows) + packer.flush()),
            chunk(b"IEND", b""),
        ]
    )


def heic_photo(size=(640, 480)) -> bytes:
    """An iPhone-style HEIC photo (pillow-heif), red above blue."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    image = Image.new("RGB", size, BLUE)
    ImageDraw.Draw(image).rectangle([0, 0, size[0], size[1] // 2], fill=RED)
    buffer = io.BytesIO()
    image.save(buffer, "HEIF", quality=60)
    return buffer.getvalue()


PUBLISH = [sys.executable, "-m", "scripts.publish"]


class PublishedSite:
    """A copy of the real content with its own output link, releases and cache."""

    def __init__(self, base):
        self.base = base
        self.content = base / "content"
        shutil.copytree(ROOT / "content", self.content)
        self.output = base / "output"
        self.releases = base / "releases"

    @classmethod
    def published(cls, base) -> PublishedSite:
        """A copy published once, with ``make publish``'s defaults."""
        site = cls(base)
        code, output = site.run()
        assert code == 0, output
        return site

    def command(self, *extra: str) -> list[str]:
        return [
            *PUBLISH,
            "--content",
            str(self.content),
            "--output",
            str(self.output),
            "--releases",
            str(self.releases),
            "--cache-path",
            str(self.base / "cache" / "pelican"),
            *extra,
        ]

    def run(self, *extra: str, stop_at: str | None = None):
        process = start(
            self.command(*extra),
            stop_at=stop_at,
            marker=self.base / "marker",
            env={"ALLOW_SAMPLES": "1"},  # the real content is the sample site
        )
        out, err = process.communicate(timeout=600)
        return process.returncode, out + err

    def tree(self) -> dict[str, str]:
        """Every published file and its SHA-256, read through the output link."""
        root = self.output.resolve()
        return {
            str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    def edit(self, word: str) -> None:
        article = next((self.content / "tin-khen-thuong").glob("*.md"))
        article.write_text(article.read_text(encoding="utf-8") + f"\n{word}\n", encoding="utf-8")


class Preview:
    """``make html`` (scripts/build.py) in a separate process: a copy of the real content (or
    ``content``, as it is), built into its own output with its own cache."""

    def __init__(self, base: Path, content: Path | None = None) -> None:
        self.base, self.content, self.out = base, content or base / "content", base / "preview"
        if content is None:
            shutil.copytree(ROOT / "content", self.content)

    def arguments(self) -> list[str]:
        cache = json.dumps(str(self.base / "cache" / "pelican"))
        output = ["-o", str(self.out), "-e", f"CACHE_PATH={cache}"]
        return [str(self.content), "-s", "pelicanconf.py", *output]

    def build(self) -> subprocess.CompletedProcess:
        # Says whether Pelican was imported, after the build's own output.
        code = (
            "import sys\nfrom scripts.build import main\ncode = main(sys.argv[1:])\n"
            "print('pelican imported:', 'pelican' in sys.modules)\nsys.exit(code)\n"
        )
        return subprocess.run(
            [sys.executable, "-c", code, *self.arguments()],
            cwd=ROOT,
            capture_output=True,
            encoding="utf-8",
            timeout=600,
        )

    def record(self) -> dict | None:
        from khuyenhoc import uptodate

        one = uptodate.Build.from_arguments(self.arguments())
        _fingerprint, path = one.fingerprint()
        return json.loads(path.read_text()) if path.exists() else None

    def files(self) -> dict[str, int]:
        return {str(p): p.stat().st_mtime_ns for p in self.out.rglob("*") if p.is_file()}
