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

from pelican import signals
from pelican.generators import Generator

from khuyenhoc import errors, textfile
from khuyenhoc.config import setting_table
from khuyenhoc.errors import EditorError, content_path, report
from khuyenhoc.formatting import format_date
from khuyenhoc.sources import SourceLines

from .data import Unit, UnitList, parse_units

__all__ = ["Unit", "UnitList", "load_units", "parse_units"]

SETTINGS = setting_table(
    UNITS_FILE="data/don-vi.yaml",
    UNIT_URL="don-vi/{slug}/",
    UNIT_SAVE_AS="don-vi/{slug}/index.html",
    UNITS_URL="don-vi/",
    UNITS_SAVE_AS="don-vi/index.html",
    ARTICLE_KINDS=[],
)


def units_path(settings) -> str:
    path = SETTINGS.read(settings).UNITS_FILE
    return path if os.path.isabs(path) else os.path.join(settings.get("PATH", "content"), path)


def load_units(settings) -> tuple[UnitList, list[EditorError]]:
    """The units file named by the settings, read and checked."""
    options = SETTINGS.read(settings)
    path = units_path(settings)
    try:
        text = textfile.read_text(path)
    except OSError:
        missing = EditorError(
            path,
            None,
            "Không tìm thấy tệp danh sách đơn vị.",
            "Tạo lại tệp theo mẫu content/data/don-vi.yaml, hoặc sửa thiết lập UNITS_FILE.",
        )
        return UnitList([], path), [missing]
    except textfile.EncodingProblem as problem:
        return UnitList([], path), [EditorError(path, problem.line, problem.message, problem.fix)]
    return parse_units(
        text,
        path,
        settings=settings,
        url=options.UNIT_URL,
        save_as=options.UNIT_SAVE_AS,
    )


# --- Articles ---------------------------------------------------------------------------------

_state: dict = {"units": None}
EXAMPLES = 12  # unit names shown in a message: after 1/7/2025 there are 43 communes and wards


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
            names = [u.name for u in ([u for u in valid if u.parent] or valid)]
            examples = ", ".join(names[:EXAMPLES]) + (", …" if len(names) > EXAMPLES else "")
            report(
                EditorError(
                    path,
                    None,
                    f"Bài {_kind(article)} phải ghi đơn vị (trường Unit:).",
                    "Thêm dòng 'Unit: Tên đơn vị' vào phần thông tin đầu bài"
                    + (f", ví dụ một trong: {examples}." if examples else ".")
                    + f" Danh sách đơn vị ở {content_path(units.path)}.",
                )
            )
        return
    line = SourceLines.of_file(path).field("unit")
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
                f"{content_path(units.path)}; nếu là đơn vị mới, thêm một mục vào tệp đó.",
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
                f"Đơn vị '{given}' chỉ dùng {unit.period()}, nhưng bài đăng ngày "
                f"{format_date(day, 'short')}. "
                "Bài viết ghi tên đơn vị tại ngày đăng.",
                "Ghi tên đơn vị đúng vào ngày đăng bài (từ 1/7/2025 không còn cấp huyện: ghi xã, "
                f"phường mới); nếu tên đó chưa có trong {content_path(units.path)}, thêm một mục "
                "có valid_from.",
            )
        )
        return
    unit = valid[0]
    article.unit = unit.name
    article.unit_ref = unit


def _check_articles(generator) -> None:
    options = SETTINGS.read(generator.settings)
    units, problems = load_units(generator.settings)
    for problem in problems:
        report(problem)
    _state["units"] = units
    if problems:
        return  # the list is wrong: checking articles against it would only repeat that
    required_kinds = {kind["name"] for kind in options.ARTICLE_KINDS if kind.get("unit_required")}
    for article in generator.articles:
        _check_article(article, units, _kind(article) in required_kinds)
    for draft in getattr(generator, "drafts", []):
        # An article scheduled for later (content_rules) is checked as it will be published.
        scheduled = getattr(draft, "scheduled", False)
        _check_article(draft, units, scheduled and _kind(draft) in required_kinds)


# --- Pages ------------------------------------------------------------------------------------


class UnitsGenerator(Generator):
    """Writes a page per unit and the index of units."""

    def generate_context(self):
        units = _state.get("units") or UnitList([])
        for unit in units:
            unit.articles = []
            unit.history_text = unit.history(units)
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
                # A page that lists nothing is not offered to search engines (plugins/sitemap).
                sitemap_exclude=not unit.articles,
            )
        options = SETTINGS.read(self.settings)
        index_save_as = options.UNITS_SAVE_AS
        if index_save_as:
            current = [u for u in units if u.current]
            former = [u for u in units if not u.current]
            writer.write_file(
                index_save_as,
                self.get_template("units"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                url=options.UNITS_URL,
                current_units=current,
                former_units=former,
            )


def _get_generators(_pelican):
    return UnitsGenerator


def register():
    errors.connect()
    signals.article_generator_pretaxonomy.connect(_check_articles)
    signals.get_generators.connect(_get_generators)
