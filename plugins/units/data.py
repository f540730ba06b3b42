"""The units file (``don-vi.yaml``) read into ``Unit`` objects, or into editors' errors.

A pure parser in the style of ``stats_boxes.data``: ``parse_units`` takes the text and returns the
units and every mistake it found, each with its line; it reports nothing itself.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field

import yaml

from khuyenhoc.errors import EditorError, FileErrors, closest
from khuyenhoc.formatting import format_date
from khuyenhoc.text import slug as make_slug
from khuyenhoc.yamlfile import compose, line, mapping_fields, scalar_text

__all__ = ["FIELDS", "Unit", "UnitList", "parse_units"]

GUIDE = "Xem mẫu ở đầu tệp content/data/don-vi.yaml."
FIELDS = {
    "name": "tên",
    "type": "loại đơn vị",
    "full_name": "tên đầy đủ",
    "slug": "đường dẫn",
    "parent": "đơn vị cấp trên",
    "valid_from": "ngày bắt đầu",
    "valid_to": "ngày kết thúc",
    "aliases": "tên khác",
    "note": "ghi chú",
}


@dataclass(eq=False)
class Unit:
    name: str
    type: str
    slug: str
    full_name: str = ""
    parent_slug: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    aliases: list[str] = field(default_factory=list)
    note: str = ""
    line: int | None = None
    url: str = ""
    save_as: str = ""
    parent: Unit | None = None
    # Set by the generator from each article's unit; left out of the pages' fingerprints
    # (khuyenhoc.incremental), which describe every article and so its unit.
    articles: list = field(default_factory=list, repr=False, metadata={"fingerprint": False})

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name, self.full_name, *self.aliases) if n]

    @property
    def label(self) -> str:
        """The full name ("Huyện Kế Sách"), or the type and name when the list gives none."""
        if self.full_name:
            return self.full_name
        if key(self.name).startswith(key(self.type)):
            return self.name
        return f"{self.type.capitalize()} {self.name}"

    @property
    def current(self) -> bool:
        return self.valid_to is None or self.valid_to >= dt.date.today()

    def valid_on(self, day: dt.date) -> bool:
        after_start = self.valid_from is None or day >= self.valid_from
        before_end = self.valid_to is None or day <= self.valid_to
        return after_start and before_end

    def period(self) -> str:
        """The dates the name was used, in Vietnamese: "đến 30/06/2025", "từ 01/07/2025"."""
        start = f"từ {format_date(self.valid_from, 'short')}" if self.valid_from else ""
        end = f"đến {format_date(self.valid_to, 'short')}" if self.valid_to else ""
        return " ".join(part for part in (start, end) if part)

    def history(self, units) -> str:
        """When the name was used, as a sentence, and what the area belongs to after it ended:
        "Tên này dùng đến hết ngày 30/06/2025. Từ ngày 01/07/2025, địa bàn thuộc Thành phố Cần
        Thơ." The successor is the top-level unit of ``units`` that begins the next day."""
        if self.valid_to is None:
            if self.valid_from is None:
                return ""
            return f"Tên này dùng từ ngày {format_date(self.valid_from, 'short')}."
        used = f"đến hết ngày {format_date(self.valid_to, 'short')}"
        if self.valid_from is not None:
            used = f"từ ngày {format_date(self.valid_from, 'short')} {used}"
        sentence = f"Tên này dùng {used}."
        next_day = self.valid_to + dt.timedelta(days=1)
        successor = next(
            (u for u in units if u.valid_from == next_day and not u.parent_slug and u is not self),
            None,
        )
        if successor is not None:
            sentence += (
                f" Từ ngày {format_date(next_day, 'short')}, sau khi sắp xếp đơn vị hành chính, "
                f"địa bàn thuộc {successor.label}."
            )
        return sentence

    def describe(self) -> str:
        """For lists of units: "Huyện Kế Sách, đến 30/06/2025" (the name is shown beside it)."""
        parts = [self.label if self.label != self.name else "", self.period()]
        text = ", ".join(part for part in parts if part)
        return text[:1].upper() + text[1:]

    def __str__(self) -> str:
        return self.name


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def key(name: str) -> str:
    """A name as units are looked up: case, spacing and the place of the tone mark ignored.

    Typing tools put the tone of "oa", "oe", "uy" on either vowel ("Khánh Hòa", "Khánh Hoà"): in
    the key, each word's tone mark goes after its letters (every Vietnamese word is a syllable
    with at most one tone).
    """
    words = []
    for word in unicodedata.normalize("NFD", name).casefold().split():
        tones = "".join(c for c in word if c in _TONE_MARKS)
        words.append("".join(c for c in word if c not in _TONE_MARKS) + tones)
    return " ".join(words)


class UnitList:
    """The units of the YAML file, looked up by any of their names."""

    def __init__(self, units: list[Unit], path: str = ""):
        self.units = units
        self.path = path
        self.by_slug = {unit.slug: unit for unit in units}
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in unit.names:
                self._by_name.setdefault(key(name), []).append(unit)

    def __iter__(self):
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def named(self, name: str) -> list[Unit]:
        return list(dict.fromkeys(self._by_name.get(key(name), [])))

    def closest(self, name: str, n: int = 3) -> list[str]:
        spellings = {spelling: unit for unit in self.units for spelling in unit.names}
        hits = closest(name, list(spellings), n=n * 2)
        return list(dict.fromkeys(spellings[hit].name for hit in hits))[:n]


def _date(fields, name: str, unit_name: str, errors: FileErrors) -> dt.date | None:
    if name not in fields:
        return None
    key_node, node = fields[name]
    text = scalar_text(node) or ""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        errors.add(
            line(key_node),
            f"Ngày '{text}' ở trường {name} của đơn vị '{unit_name}' không đúng dạng.",
            f"Viết ngày theo dạng năm-tháng-ngày, ví dụ '{name}: 2025-06-30'.",
        )
        return None


def _aliases(fields, errors: FileErrors) -> list[str]:
    if "aliases" not in fields:
        return []
    key_node, node = fields["aliases"]
    if isinstance(node, yaml.SequenceNode):
        values = [scalar_text(item) for item in node.value]
        if None in values:
            errors.add(
                line(key_node),
                "Trường aliases chỉ là danh sách các tên, ví dụ 'aliases: [TP. Sóc Trăng]'.",
                "Viết mỗi tên khác là một dòng chữ, cách nhau bằng dấu phẩy trong ngoặc vuông.",
            )
            return []
        return [v for v in values if v]
    text = scalar_text(node)
    return [text] if text else []


def _unit(node, errors: FileErrors, settings) -> Unit | None:
    name = next(
        (scalar_text(v) or "" for k, v in node.value if getattr(k, "value", None) == "name"), ""
    )
    where = f" của đơn vị '{name}'" if name else ""
    fields = mapping_fields(node, FIELDS, where, errors, GUIDE)
    texts = {n: scalar_text(fields[n][1]) or "" for n in FIELDS if n in fields}
    if not name:
        errors.add(
            line(node),
            "Một đơn vị chưa có tên (trường name:).",
            "Thêm dòng 'name: Tên đơn vị' (đúng tên bài viết ghi ở trường Unit:).",
        )
        return None
    kind = texts.get("type", "")
    if not kind:
        errors.add(
            line(node),
            f"Đơn vị '{name}' chưa có loại (trường type:).",
            "Thêm dòng 'type: huyện' (hoặc tỉnh, thành phố, thị xã, xã, phường, thị trấn, đặc khu).",
        )
    slug = texts.get("slug") or make_slug(name, settings)
    if slug != make_slug(slug, settings):
        errors.add(
            line(fields["slug"][1]),
            f"Slug '{slug}' của đơn vị '{name}' phải là chữ thường không dấu, nối bằng gạch ngang.",
            f"Ví dụ 'slug: {make_slug(slug, settings)}'.",
        )
    unit = Unit(
        name=name,
        type=kind,
        slug=slug,
        full_name=texts.get("full_name", ""),
        parent_slug=texts.get("parent", ""),
        valid_from=_date(fields, "valid_from", name, errors),
        valid_to=_date(fields, "valid_to", name, errors),
        aliases=_aliases(fields, errors),
        note=texts.get("note", ""),
        line=line(node),
    )
    if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
        errors.add(
            unit.line,
            f"Đơn vị '{name}' có valid_from sau valid_to.",
            "Kiểm tra lại hai ngày: valid_from là ngày bắt đầu, valid_to là ngày cuối cùng.",
        )
    return unit


def _overlap(a: Unit, b: Unit) -> bool:
    starts = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    ends = min(a.valid_to or dt.date.max, b.valid_to or dt.date.max)
    return starts <= ends


def _check_slugs_and_names(units: list[Unit], errors: FileErrors) -> None:
    seen_slugs: dict[str, Unit] = {}
    for unit in units:
        other = seen_slugs.setdefault(unit.slug, unit)
        if other is not unit:
            errors.add(
                unit.line,
                f"Đơn vị '{unit.name}' trùng slug '{unit.slug}' với đơn vị '{other.name}' "
                f"(dòng {other.line}).",
                "Thêm hoặc sửa dòng 'slug: …' cho một trong hai đơn vị.",
            )
    seen_names: dict[str, list[Unit]] = {}
    for unit in units:
        for name in dict.fromkeys(key(n) for n in unit.names):
            for other in seen_names.get(name, []):
                if _overlap(unit, other):
                    errors.add(
                        unit.line,
                        f"Tên '{name}' dùng cho cả '{unit.name}' và '{other.name}' (dòng "
                        f"{other.line}) trong cùng thời gian: bài viết ghi tên này sẽ không "
                        "biết thuộc đơn vị nào.",
                        "Đổi tên hoặc bỏ tên khác (aliases) của một đơn vị, hoặc ghi "
                        "valid_from/valid_to để hai đơn vị không dùng cùng lúc.",
                    )
            seen_names.setdefault(name, []).append(unit)


def _link_parents(unit_list: UnitList, errors: FileErrors) -> None:
    for unit in unit_list:
        if not unit.parent_slug:
            continue
        unit.parent = unit_list.by_slug.get(unit.parent_slug)
        if unit.parent is None:
            hints = closest(unit.parent_slug, list(unit_list.by_slug))
            hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
            errors.add(
                unit.line,
                f"Đơn vị cấp trên '{unit.parent_slug}' của '{unit.name}' không có trong danh "
                f"sách.{hint}",
                "Trường parent: ghi slug của một đơn vị khác trong tệp này.",
            )


def parse_units(
    text: str,
    path: str,
    *,
    settings=None,
    url: str = "don-vi/{slug}/",
    save_as: str = "don-vi/{slug}/index.html",
) -> tuple[UnitList, list[EditorError]]:
    """The units in ``text`` (the YAML file's content), and every mistake found in it.

    ``settings``: Pelican's, for its slug rules (None: Pelican's defaults).
    """
    errors = FileErrors(path)
    root = compose(
        text, errors, "Tệp danh sách đơn vị", GUIDE, "mỗi đơn vị bắt đầu bằng '- name: …'"
    )
    if root is None:
        return UnitList([], path), errors.items
    if not isinstance(root, yaml.SequenceNode):
        errors.add(
            line(root),
            "Tệp danh sách đơn vị phải là một danh sách, mỗi đơn vị bắt đầu bằng '- name: …'.",
            GUIDE,
        )
        return UnitList([], path), errors.items
    units: list[Unit] = []
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            errors.add(
                line(node),
                f"Mục '{scalar_text(node) or '…'}' trong danh sách đơn vị không có dạng 'name: …'.",
                "Mỗi đơn vị bắt đầu bằng '- name: Tên đơn vị', rồi dòng 'type: …' bên dưới.",
            )
            continue
        unit = _unit(node, errors, settings)
        if unit is not None:
            units.append(unit)
    _check_slugs_and_names(units, errors)
    unit_list = UnitList(units, path)
    _link_parents(unit_list, errors)
    for unit in units:
        unit.url = url.format(slug=unit.slug)
        unit.save_as = save_as.format(slug=unit.slug)
    return unit_list, errors.items
