"""``make check``: check all content without building the site, and list every problem at once.

    python -m scripts.check          # exit 1 if anything would stop `make publish`
    python -m scripts.check --fix    # first rewrite NFD files as NFC, keeping a backup

It runs the site's reading phase with every plugin, as ``make publish`` does (``publishconf.py``:
warnings count as errors), and stops before anything is written: no pages, no photos copied, no
search index (``khuyenhoc.Site.check``). Each problem is printed once, sorted, with the file, the
line and the fix. Articles dated in the future are listed as "hẹn đăng" (scheduled, as
``content_rules`` finds and notes them), and counted at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
import unicodedata
from pathlib import Path

from khuyenhoc.formatting import TIMEZONE
from khuyenhoc.sources import first_line_not_nfc

ROOT = Path(__file__).resolve().parent.parent
TEXT_SUFFIXES = {".md", ".yaml", ".yml"}
BACKUPS = ROOT / "sao-luu"


def _text_files(content: Path):
    for path in sorted(content.rglob("*")):
        if path.suffix.lower() in TEXT_SUFFIXES and path.is_file():
            yield path


def decomposed_files(content: Path) -> list[tuple[Path, int]]:
    """Text files that are not NFC, with the first line NFC would change."""
    found = []
    for path in _text_files(content):
        try:
            line = first_line_not_nfc(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError):
            continue  # the build names the encoding problem
        if line:
            found.append((path, line))
    return found


def fix_decomposed(content: Path, backups: Path = BACKUPS) -> list[tuple[Path, Path]]:
    """Rewrite every NFD text file as NFC; the original goes to ``backups/<time>/``, same path."""
    fixed = []
    folder = backups / dt.datetime.now(TIMEZONE).strftime("%Y%m%d-%H%M%S")
    for path, _line in decomposed_files(content):
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
        backup = folder / path.relative_to(content)
        backup.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, backup)
        bom = "\ufeff" if raw.startswith(b"\xef\xbb\xbf") else ""
        tmp = path.with_name(f".{path.name}.nfc.tmp")
        tmp.write_text(bom + unicodedata.normalize("NFC", text), encoding="utf-8", newline="")
        shutil.copymode(path, tmp)
        os.replace(tmp, path)
        fixed.append((path, backup))
    return fixed


def _show(path: Path, base: Path) -> str:
    try:
        return str(path.relative_to(base))
    except ValueError:
        return str(path)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fix", action="store_true", help="chuyển tệp NFD sang NFC (có sao lưu)")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--settings", default="publishconf.py")
    parser.add_argument("--cache-path", type=Path, help="Pelican's CACHE_PATH (tests)")
    parser.add_argument("--backups", type=Path, default=BACKUPS)
    parser.add_argument("--output", type=Path, help="OUTPUT_PATH, never written (tests)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    content = args.content.resolve()

    if args.fix:
        fixed = fix_decomposed(content, args.backups)
        for path, backup in fixed:
            print(
                f"Đã chuyển sang Unicode dựng sẵn (NFC): {_show(path, content)} "
                f"(bản gốc: {_show(backup, ROOT)})"
            )
        if not fixed:
            print("Không có tệp nào ở dạng Unicode tổ hợp (NFD): không cần sửa.")

    from pelican.log import init as init_logging
    from pelican.settings import read_settings

    import content_rules
    from khuyenhoc.site import Site

    init_logging(name="pelican")
    overrides = {"PATH": str(content), "EDITOR_CHECK_ONLY": True, "EDITOR_ERRORS_EXIT": True}
    if args.cache_path:
        overrides["CACHE_PATH"] = str(args.cache_path)
    if args.output:
        overrides["OUTPUT_PATH"] = str(args.output)
    settings = read_settings(str(ROOT / args.settings), override=overrides)
    site = Site(settings)
    code = 0
    try:
        site.check()
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    generators = getattr(site, "generators", [])
    articles = sum(
        len(getattr(g, "articles", [])) + len(getattr(g, "drafts", [])) for g in generators
    )
    pages = sum(len(getattr(g, "pages", [])) for g in generators)

    later = content_rules.scheduled()
    if later:  # each one has its HẸN ĐĂNG line above, with the file, the line and the day
        print(f"\n{len(later)} bài hẹn đăng: chỉ lên trang khi dựng vào hoặc sau ngày đăng.")

    if decomposed_files(content):
        print(
            "\nGợi ý: 'make check FIX=1' tự chuyển các tệp Unicode tổ hợp (NFD) sang dựng sẵn "
            f"(NFC), bản gốc được giữ trong {_show(args.backups, ROOT)}/."
        )
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    if code == 0:
        print(f"\nKhông có lỗi: đã kiểm tra {articles} bài và {pages} trang trong {seconds} giây.")
    else:
        print(f"\n(kiểm tra {articles} bài và {pages} trang trong {seconds} giây)")
    return code


if __name__ == "__main__":
    sys.exit(main())
