"""``make deploy``: send the published site (``output/``) to the web host with rsync over SSH.

    make deploy DEPLOY_TARGET=user@host:/var/www/khuyenhoc   # over SSH
    make deploy DEPLOY_TARGET=/srv/www/khuyenhoc             # a folder on this machine

Refused, with the reason in Vietnamese, when:
- nothing has been published (``output`` is not a complete build: ``make publish`` failed, was
  stopped, or never ran);
- the published build is stale: its stamp's digest of the content, theme, plugins and settings
  is not that of the files as they are now (an edit since ``make publish``), unless ``make
  rollback`` chose that build on purpose;
- the build was not made with ``publishconf.py``.

rsync sends only what changed, puts the new files in place together at the end
(``--delay-updates``) and then deletes files the site no longer has (``--delete-after``), so
readers see the old site or the new one, hardly ever a mix. The ``.gz`` and ``.br`` copies go
too, for hosts that serve them.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from .releases import ROOT, Releases, add_location_arguments, input_digest

RSYNC_OPTIONS = [
    "--recursive",
    "--links",
    "--times",
    "--compress",
    "--delete-after",
    "--delay-updates",
    "--chmod=D755,F644",
    "--exclude=.*",
]


class Refused(Exception):
    pass


def deployable(releases: Releases, content: Path):
    """The release ``output`` points to, if it may be deployed; else ``Refused`` says why."""
    current = releases.current()
    if current is None or not current.complete:
        raise Refused(
            "Chưa có bản xuất bản hoàn chỉnh trong output/ (lần 'make publish' gần nhất không "
            "thành công, bị dừng, hoặc chưa chạy). Cách sửa: chạy 'make publish', rồi "
            "'make deploy'."
        )
    stamp = current.stamp
    if releases.rolled_back_to() == current.id:
        return current, "bản đã quay lại bằng 'make rollback'"
    if stamp.get("settings") != "publishconf.py":
        raise Refused(
            f"Bản {current.id} không phải bản xuất bản chính thức (publishconf.py). Cách sửa: "
            "chạy 'make publish', rồi 'make deploy'."
        )
    if stamp.get("inputs") != input_digest(content):
        raise Refused(
            f"Bản trong output/ ({current.describe()}) đã cũ: nội dung, giao diện hoặc cấu hình đã "
            "thay đổi sau lần 'make publish' đó. Cách sửa: chạy 'make publish' (và sửa lỗi nếu "
            "có), rồi 'make deploy'."
        )
    return current, "bản mới nhất"


def _rsync() -> str:
    if not shutil.which("rsync"):
        subprocess.run([str(ROOT / "scripts" / "ensure-rsync.sh")], check=False)
    rsync = shutil.which("rsync")
    if not rsync:
        raise Refused(
            "Thiếu chương trình rsync. Cách sửa: cài gói rsync (sudo apt-get install rsync)."
        )
    return rsync


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", default="", help="user@host:/thu-muc hoặc một thư mục")
    add_location_arguments(parser)
    args = parser.parse_args(argv)
    releases = Releases(args.output, args.releases)
    try:
        if not args.target.strip():
            raise Refused(
                "Chưa ghi nơi đưa trang lên. Cách sửa: make deploy "
                "DEPLOY_TARGET=tai-khoan@may-chu:/duong/dan/thu-muc-web (qua SSH), hoặc một thư "
                "mục trên máy này."
            )
        release, which = deployable(releases, args.content)
        rsync = _rsync()
    except Refused as refused:
        print(f"Không triển khai: {refused}", file=sys.stderr)
        return 1
    print(f"Đang đưa output/ ({which}: {release.describe()}) lên {args.target}…", flush=True)
    target = args.target if ":" in args.target else str(Path(args.target)) + "/"
    if ":" not in args.target:
        Path(args.target).mkdir(parents=True, exist_ok=True)
    sent = subprocess.run([rsync, *RSYNC_OPTIONS, f"{release.folder}/", target])
    if sent.returncode != 0:
        print(
            f"\nLỖI: rsync không đưa được trang lên {args.target} (mã lỗi {sent.returncode}, xem "
            "dòng ở trên). Trang trên máy chủ có thể chưa đổi hoặc mới đổi một phần; chạy lại "
            "'make deploy' khi đã kết nối được.\n"
            "    Cách sửa: kiểm tra DEPLOY_TARGET, mạng và khoá SSH (ssh tai-khoan@may-chu phải "
            "đăng nhập được không cần mật khẩu).",
            file=sys.stderr,
        )
        return 1
    print(f"Đã triển khai bản {release.id} lên {args.target}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
