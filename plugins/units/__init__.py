"""Units (đơn vị: provinces, former districts, communes) as data, checked and browsable.

Adds:
- The units list, read from a YAML file (``UNITS_FILE``): each entry has ``name``, ``type`` and
  optionally ``full_name``, ``slug``, ``parent`` (the parent's slug), ``valid_from``,
  ``valid_to``, ``aliases``, ``note``. Mistakes in the file (a missing name, an unknown parent, a
  bad date, two units with one slug) are editor errors naming the line.
- A check of every article's ``Unit:`` against the list, before anything is written: an unknown
  name, or a unit that did not exist on the article's date, is a Vietnamese editor error naming the
  file, the line and the closest names. Kinds whose ``ARTICLE_KINDS`` entry has
  ``"unit_required": True`` must name a unit. Names match case-insensitively, by name, full name
  or alias, and an article keeps the unit names of its own date.
- On each article: ``unit`` (the unit's name, as the list spells it) and ``unit_ref`` (the
  ``Unit``, with ``url``), so that the navigation plugin ranks related articles of the same unit.
- A page for each unit listing its articles, newest first and paginated (template ``unit.html``),
  and an index of all units (template ``units.html``); ``units`` in the template context.

Settings read: ``UNITS_FILE`` (absolute, or relative to ``PATH``; default ``data/don-vi.yaml``),
``UNIT_URL``, ``UNIT_SAVE_AS``, ``UNITS_URL``, ``UNITS_SAVE_AS``, ``ARTICLE_KINDS``,
``DEFAULT_PAGINATION`` and ``PAGINATED_TEMPLATES`` (add ``"unit": None`` to paginate unit pages).
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from editor_errors import EditorError, closest, line_of, report

__all__ = ["Unit", "UnitList", "load_units"]

_FIELDS = {
    "name",
    "type",
    "full_name",
    "slug",
    "parent",
    "valid_from",
    "valid_to",
    "aliases",
    "note",
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
    articles: list = field(default_factory=list, repr=False)

    @property
    def names(self) -> list[str]:
        return [n for n in (self.name, self.full_name, *self.aliases) if n]

    @property
    def label(self) -> str:
        """The full name ("Huyện Kế Sách"), or the type and name when the list gives none."""
        if self.full_name:
            return self.full_name
        if _key(self.name).startswith(_key(self.type)):
            return self.name
        return f"{self.type.capitalize()} {self.name}"

    @property
    def current(self) -> bool:
        return self.valid_to is None or self.valid_to >= _today()

    def valid_on(self, day: dt.date) -> bool:
        after_start = self.valid_from is None or day >= self.valid_from
        before_end = self.valid_to is None or day <= self.valid_to
        return after_start and before_end

    def period(self) -> str:
        """The dates the name was used, in Vietnamese: "đến 30/06/2025", "từ 01/07/2025"."""
        start = f"từ {self.valid_from:%d/%m/%Y}" if self.valid_from else ""
        end = f"đến {self.valid_to:%d/%m/%Y}" if self.valid_to else ""
        return " ".join(part for part in (start, end) if part)

    def describe(self) -> str:
        """For lists of units: "Huyện Kế Sách, đến 30/06/2025" (the name is shown beside it)."""
        parts = [self.label if self.label != self.name else "", self.period()]
        text = ", ".join(part for part in parts if part)
        return text[:1].upper() + text[1:]

    def __str__(self) -> str:
        return self.name


def _today() -> dt.date:
    return dt.date.today()


def _key(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


class UnitList:
    """The units of the YAML file, looked up by any of their names."""

    def __init__(self, units: list[Unit], path: str = ""):
        self.units = units
        self.path = path
        self.by_slug = {unit.slug: unit for unit in units}
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in unit.names:
                self._by_name.setdefault(_key(name), []).append(unit)

    def __iter__(self):
        return iter(self.units)

    def __len__(self) -> int:
        return len(self.units)

    def named(self, name: str) -> list[Unit]:
        return list(dict.fromkeys(self._by_name.get(_key(name), [])))

    def closest(self, name: str, n: int = 3) -> list[str]:
        spellings = {spelling: unit for unit in self.units for spelling in unit.names}
        hits = closest(name, list(spellings), n=n * 2)
        return list(dict.fromkeys(spellings[hit].name for hit in hits))[:n]


class _LineLoader:
    """A YAML safe loader that remembers the line of each mapping (as ``__line__``)."""

    @staticmethod
    def load(text: str):
        import yaml

        class Loader(yaml.SafeLoader):
            pass

        def mapping(loader, node, deep=False):
            value = yaml.SafeLoader.construct_mapping(loader, node, deep=deep)
            value["__line__"] = node.start_mark.line + 1
            return value

        Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
        return yaml.load(text, Loader=Loader)  # a SafeLoader subclass: no arbitrary objects


def _as_date(value, path, line, name, field_name) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        report(
            EditorError(
                path,
                line,
                f"Ngày '{value}' ở trường {field_name} của đơn vị '{name}' không đúng dạng.",
                f"Viết ngày theo dạng năm-tháng-ngày, ví dụ '{field_name}: 2025-06-30'.",
            )
        )
        return None


def load_units(path: str | os.PathLike, settings: dict | None = None) -> UnitList:
    """Read and check the units file. Mistakes are reported as editor errors."""
    import yaml

    settings = settings or {}
    path = str(path)
    try:
        text = unicodedata.normalize("NFC", Path(path).read_text(encoding="utf-8-sig"))
    except OSError:
        report(
            EditorError(
                path,
                None,
                "Không tìm thấy tệp danh sách đơn vị.",
                "Tạo lại tệp theo mẫu content/data/don-vi.yaml, hoặc sửa thiết lập UNITS_FILE.",
            )
        )
        return UnitList([], path)
    try:
        entries = _LineLoader.load(text) or []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        report(
            EditorError(
                path,
                mark.line + 1 if mark else None,
                f"Tệp danh sách đơn vị sai cú pháp YAML ({getattr(error, 'problem', '') or error}).",
                "Mỗi đơn vị bắt đầu bằng '- name: …', các trường bên dưới thụt vào hai dấu cách "
                "và có dạng 'tên: giá trị'; xem mẫu ở đầu tệp.",
            )
        )
        return UnitList([], path)
    if not isinstance(entries, list):
        report(
            EditorError(
                path,
                1,
                "Tệp danh sách đơn vị phải là một danh sách, mỗi đơn vị bắt đầu bằng '- name: …'.",
                "Xem mẫu ở đầu tệp content/data/don-vi.yaml.",
            )
        )
        return UnitList([], path)

    regex_subs = settings.get("SLUG_REGEX_SUBSTITUTIONS", [])
    units: list[Unit] = []
    for entry in entries:
        if not isinstance(entry, dict):
            report(
                EditorError(
                    path,
                    None,
                    f"Mục '{entry}' trong danh sách đơn vị không có dạng 'name: …'.",
                    "Mỗi đơn vị bắt đầu bằng '- name: Tên đơn vị', rồi dòng 'type: …' bên dưới.",
                )
            )
            continue
        line = entry.pop("__line__", None)
        name = str(entry.get("name") or "").strip()
        unknown = sorted(set(entry) - _FIELDS)
        if unknown:
            report(
                EditorError(
                    path,
                    line,
                    f"Đơn vị '{name}' có trường lạ: {', '.join(unknown)}.",
                    "Chỉ dùng các trường: " + ", ".join(sorted(_FIELDS)) + ".",
                )
            )
        if not name:
            report(
                EditorError(
                    path,
                    line,
                    "Một đơn vị chưa có tên (trường name:).",
                    "Thêm dòng 'name: Tên đơn vị' (đúng tên bài viết ghi ở trường Unit:).",
                )
            )
            continue
        kind = str(entry.get("type") or "").strip()
        if not kind:
            report(
                EditorError(
                    path,
                    line,
                    f"Đơn vị '{name}' chưa có loại (trường type:).",
                    "Thêm dòng 'type: huyện' (hoặc tỉnh, thành phố, thị xã, xã, phường, thị trấn).",
                )
            )
        aliases = entry.get("aliases") or []
        if isinstance(aliases, str):
            aliases = [aliases]
        slug = str(entry.get("slug") or "").strip() or slugify(name, regex_subs=regex_subs)
        if slug != slugify(slug, regex_subs=regex_subs):
            report(
                EditorError(
                    path,
                    line,
                    f"Slug '{slug}' của đơn vị '{name}' phải là chữ thường không dấu, nối bằng gạch ngang.",
                    f"Ví dụ 'slug: {slugify(slug, regex_subs=regex_subs)}'.",
                )
            )
        unit = Unit(
            name=name,
            type=kind,
            slug=slug,
            full_name=str(entry.get("full_name") or "").strip(),
            parent_slug=str(entry.get("parent") or "").strip(),
            valid_from=_as_date(entry.get("valid_from"), path, line, name, "valid_from"),
            valid_to=_as_date(entry.get("valid_to"), path, line, name, "valid_to"),
            aliases=[str(a).strip() for a in aliases if str(a).strip()],
            note=str(entry.get("note") or ""),
            line=line,
        )
        if unit.valid_from and unit.valid_to and unit.valid_from > unit.valid_to:
            report(
                EditorError(
                    path,
                    line,
                    f"Đơn vị '{name}' có valid_from sau valid_to.",
                    "Kiểm tra lại hai ngày: valid_from là ngày bắt đầu, valid_to là ngày cuối cùng.",
                )
            )
        units.append(unit)

    _check_slugs_and_names(units, path)
    unit_list = UnitList(units, path)
    for unit in units:
        if not unit.parent_slug:
            continue
        unit.parent = unit_list.by_slug.get(unit.parent_slug)
        if unit.parent is None:
            hints = closest(unit.parent_slug, list(unit_list.by_slug))
            hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
            report(
                EditorError(
                    path,
                    unit.line,
                    f"Đơn vị cấp trên '{unit.parent_slug}' của '{unit.name}' không có trong danh sách.{hint}",
                    "Trường parent: ghi slug của một đơn vị khác trong tệp này.",
                )
            )
    url = settings.get("UNIT_URL", "don-vi/{slug}/")
    save_as = settings.get("UNIT_SAVE_AS", "don-vi/{slug}/index.html")
    for unit in units:
        unit.url = url.format(slug=unit.slug)
        unit.save_as = save_as.format(slug=unit.slug)
    return unit_list


def _overlap(a: Unit, b: Unit) -> bool:
    starts = max(a.valid_from or dt.date.min, b.valid_from or dt.date.min)
    ends = min(a.valid_to or dt.date.max, b.valid_to or dt.date.max)
    return starts <= ends


def _check_slugs_and_names(units: list[Unit], path: str) -> None:
    seen_slugs: dict[str, Unit] = {}
    for unit in units:
        other = seen_slugs.setdefault(unit.slug, unit)
        if other is not unit:
            report(
                EditorError(
                    path,
                    unit.line,
                    f"Đơn vị '{unit.name}' trùng slug '{unit.slug}' với đơn vị '{other.name}' "
                    f"(dòng {other.line}).",
                    "Thêm hoặc sửa dòng 'slug: …' cho một trong hai đơn vị.",
                )
            )
    seen_names: dict[str, list[Unit]] = {}
    for unit in units:
        for name in dict.fromkeys(_key(n) for n in unit.names):
            for other in seen_names.get(name, []):
                if _overlap(unit, other):
                    report(
                        EditorError(
                            path,
                            unit.line,
                            f"Tên '{name}' dùng cho cả '{unit.name}' và '{other.name}' (dòng "
                            f"{other.line}) trong cùng thời gian: bài viết ghi tên này sẽ không "
                            "biết thuộc đơn vị nào.",
                            "Đổi tên hoặc bỏ tên khác (aliases) của một đơn vị, hoặc ghi "
                            "valid_from/valid_to để hai đơn vị không dùng cùng lúc.",
                        )
                    )
            seen_names.setdefault(name, []).append(unit)


# --- Articles ---------------------------------------------------------------------------------

_state: dict = {"units": None}


def units_path(settings: dict) -> str:
    path = settings.get("UNITS_FILE") or "data/don-vi.yaml"
    return path if os.path.isabs(path) else os.path.join(settings.get("PATH", "content"), path)


def _article_day(article) -> dt.date:
    date = article.date
    return date.date() if isinstance(date, dt.datetime) else date


def _kind(article) -> str:
    category = getattr(article, "category", None)
    return category.name if category else ""


def _check_article(article, units: UnitList, required: bool) -> None:
    path = article.source_path
    given = getattr(article, "unit", None)
    given = str(given).strip() if given is not None else ""
    article.unit_ref = None
    if not given:
        article.unit = ""
        if required:
            valid = [u for u in units if u.valid_on(_article_day(article))]
            examples = ", ".join(u.name for u in ([u for u in valid if u.parent] or valid))
            report(
                EditorError(
                    path,
                    None,
                    f"Bài {_kind(article)} phải ghi đơn vị (trường Unit:).",
                    "Thêm dòng 'Unit: Tên đơn vị' vào phần thông tin đầu bài"
                    + (f", ví dụ một trong: {examples}." if examples else ".")
                    + f" Danh sách đơn vị ở {os.path.relpath(units.path)}.",
                )
            )
        return
    line = line_of(path, r"^\s*unit\s*:")
    candidates = units.named(given)
    if not candidates:
        hints = units.closest(given)
        hint = f" Có phải ý bạn là {' hoặc '.join(repr(h) for h in hints)}?" if hints else ""
        report(
            EditorError(
                path,
                line,
                f"Đơn vị '{given}' không có trong danh sách đơn vị.{hint}",
                "Ghi đúng tên một đơn vị trong "
                f"{os.path.relpath(units.path)}; nếu là đơn vị mới, thêm một mục vào tệp đó.",
            )
        )
        return
    day = _article_day(article)
    valid = [unit for unit in candidates if unit.valid_on(day)]
    if not valid:
        unit = candidates[0]
        report(
            EditorError(
                path,
                line,
                f"Đơn vị '{given}' chỉ dùng {unit.period()}, nhưng bài đăng ngày {day:%d/%m/%Y}. "
                "Bài viết ghi tên đơn vị tại ngày đăng.",
                "Ghi tên đơn vị đúng vào ngày đăng bài (từ 1/7/2025 không còn cấp huyện: ghi xã, "
                f"phường mới); nếu tên đó chưa có trong {os.path.relpath(units.path)}, thêm một mục "
                "có valid_from.",
            )
        )
        return
    unit = valid[0]
    article.unit = unit.name
    article.unit_ref = unit


def _check_articles(generator) -> None:
    settings = generator.settings
    units = load_units(units_path(settings), settings)
    _state["units"] = units
    required_kinds = {
        kind["name"] for kind in settings.get("ARTICLE_KINDS", []) if kind.get("unit_required")
    }
    for article in generator.articles:
        _check_article(article, units, _kind(article) in required_kinds)
    for draft in getattr(generator, "drafts", []):
        _check_article(draft, units, False)


# --- Pages ------------------------------------------------------------------------------------


class UnitsGenerator(Generator):
    """Writes a page per unit and the index of units."""

    def generate_context(self):
        units = _state.get("units") or UnitList([])
        for unit in units:
            unit.articles = []
        for article in self.context.get("articles", []):
            ref = getattr(article, "unit_ref", None)
            if ref is not None:
                ref.articles.append(article)
        self.units = units
        self.context["units"] = units

    def generate_output(self, writer):
        units = self.units
        if not units:
            return
        template = self.get_template("unit")
        for unit in units:
            writer.write_file(
                unit.save_as,
                template,
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                paginated={"articles": unit.articles, "dates": unit.articles},
                template_name="unit",
                url=unit.url,
                unit=unit,
                articles=unit.articles,
                dates=unit.articles,
            )
        index_save_as = self.settings.get("UNITS_SAVE_AS", "don-vi/index.html")
        if index_save_as:
            current = [u for u in units if u.current]
            former = [u for u in units if not u.current]
            writer.write_file(
                index_save_as,
                self.get_template("units"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=self.settings.get("UNITS_URL", "don-vi/"),
                current_units=current,
                former_units=former,
            )


def _get_generators(_pelican):
    return UnitsGenerator


def register():
    signals.article_generator_pretaxonomy.connect(_check_articles)
    signals.get_generators.connect(_get_generators)
