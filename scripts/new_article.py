"""``make new``: create a new article, correctly named, in the right folder, with its front matter.

    make new                                   # asks for each answer
    make new LOAI=3 TIEU_DE="…" DON_VI="…" TAC_GIA="…"

Asks (in Vietnamese) for what is not given: the kind (a number or a name, from ``ARTICLE_KINDS``),
the title, the unit (from ``content/data/don-vi.yaml``, valid today; required for the kinds that
say so) and the author. Writes ``content/<kind folder>/<year>/<slug>.md`` with today's date and
time in the form the editors' guide teaches, and an empty ``Summary:`` and body for the editor to
fill in (the build names them until they are written). Never overwrites a file, and refuses a
title whose address another article already has.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from pathlib import Path

from unidecode import unidecode

from khuyenhoc.errors import closest
from khuyenhoc.formatting import TIMEZONE
from khuyenhoc.text import slug as make_slug

ROOT = Path(__file__).resolve().parent.parent
DATE_FORMAT = "%d/%m/%Y %H:%M"  # day first, as docs/huong-dan-bien-tap.md teaches it
WRITTEN = ("Title", "Date", "Author", "Category", "Unit", "Summary")  # by make new, in this order


class Refused(Exception):
    """A Vietnamese message for the editor; nothing was written."""


class NoKeyboard(Refused):
    """An answer is missing and there is no one to ask (no terminal, input closed)."""


def _settings(path: str = "pelicanconf.py") -> dict:
    from pelican.settings import read_settings

    return read_settings(str(ROOT / path))


def _nfc(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _ask(question: str) -> str:
    try:
        return _nfc(input(question))
    except EOFError:
        raise NoKeyboard(
            "Thiếu thông tin, và không hỏi được (không có bàn phím). Cách sửa: ghi đủ trên dòng "
            'lệnh: make new LOAI=1 TIEU_DE="Tên bài" DON_VI="Tên đơn vị" TAC_GIA="Tên tác giả"'
        ) from None


def choose_kind(answer: str, kinds: list[dict]) -> dict:
    names = [kind["name"] for kind in kinds]
    if answer.isdigit() and 1 <= int(answer) <= len(kinds):
        return kinds[int(answer) - 1]
    folded = unidecode(answer).casefold()
    for kind in kinds:  # accents and case do not matter: "tin khen thuong" is Tin khen thưởng
        if folded in (unidecode(kind["name"]).casefold(), kind["folder"]):
            return kind
    hints = closest(answer, names, n=1)
    hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
    raise Refused(
        f"Không có loại bài '{answer}'.{hint} Cách sửa: ghi số hoặc tên một loại: "
        + "; ".join(f"{n}. {name}" for n, name in enumerate(names, start=1))
        + "."
    )


def units_today(content: Path, settings: dict, today: dt.date):
    from units.data import parse_units

    path = content / Path(settings["UNITS_FILE"]).relative_to(ROOT / "content")
    units, _errors = parse_units(path.read_text(encoding="utf-8"), str(path), settings=settings)
    valid = [unit for unit in units if unit.valid_on(today)]
    # Local units first, then by name without accents: Đại Hải among the D, not after Xã.
    return units, sorted(valid, key=lambda u: (not u.parent_slug, unidecode(u.name).casefold()))


def _fold(name: str) -> str:
    return " ".join(unidecode(name).casefold().split())


def choose_unit(answer: str, units, valid: list, required: bool, today: dt.date) -> str:
    if not answer:
        if required:
            raise Refused(
                "Loại bài này phải ghi đơn vị. Cách sửa: chọn một đơn vị trong danh sách."
            )
        return ""
    if answer.isdigit() and 1 <= int(answer) <= len(valid):
        return valid[int(answer) - 1].name
    named = [unit for unit in units.named(answer) if unit in valid]
    if named:
        return named[0].name
    folded = _fold(answer)  # "dai hai": the file gets the name as written there
    unaccented = {u.name for u in valid if folded in map(_fold, u.names)}
    if len(unaccented) == 1:
        return unaccented.pop()
    known = units.named(answer)
    day = today.strftime("%d/%m/%Y")
    if known:
        raise Refused(
            f"Đơn vị '{answer}' không còn dùng vào ngày {day} ({known[0].period()}). Cách sửa: "
            "chọn đơn vị hiện nay trong danh sách."
        )
    hints = [name for name in units.closest(answer) if any(u.name == name for u in valid)]
    hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
    raise Refused(
        f"Không có đơn vị '{answer}' trong content/data/don-vi.yaml.{hint} Cách sửa: chọn một "
        "đơn vị trong danh sách, hoặc thêm đơn vị vào tệp đó (xem hướng dẫn ở đầu tệp)."
    )


def taken_addresses(content: Path, settings: dict) -> dict[str, Path]:
    """The slug of every article (its ``Slug:``, else its title), from the front matter alone."""
    found = {}
    for folder in settings["ARTICLE_PATHS"]:
        for path in (content / folder).rglob("*.md"):
            header = path.read_text(encoding="utf-8-sig", errors="replace").split("\n\n", 1)[0]
            fields = dict(
                (m[1].lower(), m[2].strip())
                for m in re.finditer(r"^([A-Za-z]+)\s*:(.*)$", header, re.MULTILINE)
            )
            name = fields.get("slug") or make_slug(_nfc(fields.get("title", "")), settings)
            if name:
                found[name] = path
    return found


def _prompt(fields: dict, name: str) -> str:
    """The field's description in ARTICLE_FIELDS as a question: "Tác giả (họ tên hoặc bút danh): "."""
    return fields[name].split(":")[0].rstrip(".") + ": "


def front_matter(title: str, now: dt.datetime, author: str, kind: dict, unit: str) -> str:
    lines = [
        f"Title: {title}",
        f"Date: {now.strftime(DATE_FORMAT)}",
        f"Author: {author}",
        f"Category: {kind['name']}",
    ]
    if unit:
        lines.append(f"Unit: {unit}")
    lines.append("Summary: ")
    return "\n".join(lines) + "\n\n"


def _answer(given: str, question: str, choose):
    """``choose(given)``; without ``given``, ask until ``choose`` accepts the answer."""
    if given:
        return choose(_nfc(given))
    while True:
        try:
            return choose(_ask(question))
        except NoKeyboard:
            raise
        except Refused as refused:
            print(f"  {refused}")


def _required(what: str, example: str):
    def choose(answer: str) -> str:
        if not answer:
            raise Refused(f"Bài phải có {what}. Cách sửa: ghi {what}, ví dụ {example}.")
        return answer

    return choose


def create(args, content: Path, settings: dict, now: dt.datetime) -> Path:
    kinds = settings["ARTICLE_KINDS"]
    if not args.loai:
        print("Loại bài:")
        for number, kind in enumerate(kinds, start=1):
            print(f"  {number}. {kind['name']}")
    kind = _answer(args.loai, "Chọn loại bài (gõ số): ", lambda a: choose_kind(a, kinds))

    def choose_title(answer: str) -> str:
        _required("tiêu đề", 'TIEU_DE="Tên bài"')(answer)
        if not make_slug(answer, settings):
            raise Refused(f"Tiêu đề '{answer}' không có chữ nào để làm địa chỉ bài.")
        return answer

    fields = settings["ARTICLE_FIELDS"]
    title = _answer(args.tieu_de, _prompt(fields, "Title"), choose_title)
    name = make_slug(title, settings)

    today = now.date()
    units, valid = units_today(content, settings, today)
    required = bool(kind.get("unit_required"))
    asked = not args.don_vi and (required or not args.loai)
    if asked:
        print(f"Đơn vị (đang dùng ngày {today.strftime('%d/%m/%Y')}):")
        for number, unit in enumerate(valid, start=1):
            print(f"  {number}. {unit.label}")
    optional = "" if required else ", Enter để bỏ qua"
    unit = (
        _answer(
            args.don_vi,
            f"Chọn đơn vị (gõ số hoặc tên{optional}): ",
            lambda a: choose_unit(a, units, valid, required, today),
        )
        if asked or args.don_vi
        else ""
    )
    author = _answer(
        args.tac_gia, _prompt(fields, "Author"), _required("tác giả", 'TAC_GIA="Đắc Quang"')
    )

    target = content / kind["folder"] / str(today.year) / f"{name}.md"
    other = taken_addresses(content, settings).get(name)
    if other or target.exists():
        other = other or target
        raise Refused(
            f"Đã có bài cùng địa chỉ '{name}': {other.relative_to(content.parent)}. Không ghi đè. "
            "Cách sửa: đặt tiêu đề khác, hoặc mở bài đó để sửa."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as new:  # "x": never overwrite, even in a race
        new.write(front_matter(title, now, author, kind, unit))
    return target


def other_fields(settings: dict) -> str:
    """The optional fields the editor may add, from ARTICLE_FIELDS."""
    fields = settings["ARTICLE_FIELDS"]
    unknown = [name for name in WRITTEN if name not in fields]
    if unknown:  # the declaration moved on: make new must follow it
        raise RuntimeError(f"ARTICLE_FIELDS has no {unknown}")
    return ", ".join(f"{name}:" for name in fields if name not in WRITTEN)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for option in ("--loai", "--tieu-de", "--don-vi", "--tac-gia"):
        parser.add_argument(option, default="")
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    args = parser.parse_args(argv)
    settings = _settings()
    now = dt.datetime.now(TIMEZONE)
    try:
        target = create(args, args.content.resolve(), settings, now)
    except Refused as refused:
        print(f"LỖI: {refused}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nĐã huỷ: chưa tạo tệp nào.", file=sys.stderr)
        return 130
    shown = target.relative_to(args.content.resolve().parent)
    print(f"\nĐã tạo {shown}")
    print(
        "Việc tiếp theo: mở tệp, viết sapo (một hai câu) sau 'Summary:' và nội dung bài sau dòng "
        "trống; rồi gõ 'make serve' để xem thử, 'make check' để kiểm tra."
    )
    print(f"Có thể thêm các trường {other_fields(settings)} (xem docs/huong-dan-bien-tap.md).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
