"""Datasets: one YAML file each, read into ``Dataset`` objects or into editor errors.

Parsing works on PyYAML's node tree (``khuyenhoc.yamlfile``), so that every error names its line
and numbers are read from the text the editor wrote: ``491.612`` (a Vietnamese thousands dot,
which YAML reads as 491,612) is refused instead of shrinking a thousandfold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from khuyenhoc import textfile
from khuyenhoc.errors import EditorError, FileErrors
from khuyenhoc.formatting import format_number, format_percent
from khuyenhoc.yamlfile import compose, mapping_fields
from khuyenhoc.yamlfile import line as node_line

GUIDE = "Xem mẫu trong docs/huong-dan-thong-ke.md."

SUFFIXES = (".yaml", ".yml")
DATASET_FIELDS = {
    "title": "tiêu đề",
    "source": "nguồn",
    "source_url": "địa chỉ nguồn",
    "year": "năm",
    "period": "kỳ số liệu",
    "unit": "đơn vị",
    "sample": "số liệu mẫu",
    "note": "ghi chú",
    "items": "danh sách chỉ tiêu",
}
ITEM_FIELDS = {
    "key": "mã chỉ tiêu",
    "label": "tên chỉ tiêu",
    "value": "giá trị",
    "unit": "đơn vị tính",
    "percent": "tỉ lệ phần trăm",
    "of": "tổng số",
    "note": "ghi chú",
}
MONEY_UNITS = {"đồng", "vnđ", "vnd", "đ"}
# Larger numbers are surely a typing mistake, and would overflow the money formatting.
MAX_VALUE = Decimal(10) ** 15

SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_NUMBER = re.compile(r"^[+-]?\d+(?:_\d+)*(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_YEAR = re.compile(r"^\d{4}$")
_TAG_BOOL = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    value: Decimal
    line: int
    unit: str = ""
    percent: Decimal | None = None
    of: Decimal | None = None
    note: str = ""

    @property
    def is_money(self) -> bool:
        return self.unit.lower() in MONEY_UNITS


@dataclass(frozen=True)
class Dataset:
    id: str
    path: str
    title: str
    source: str
    items: tuple[Item, ...]
    year: int | None = None
    period: str = ""
    unit: str = ""
    sample: bool = False
    note: str = ""
    source_url: str = ""
    keys: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self):
        object.__setattr__(self, "keys", tuple(item.key for item in self.items))

    def item(self, key: str) -> Item | None:
        for item in self.items:
            if item.key == key:
                return item
        return None

    @property
    def when(self) -> str:
        """ "Năm 2022", or the period as written ("6 tháng đầu năm 2023")."""
        return self.period or f"Năm {self.year}"

    @property
    def order(self) -> tuple:
        """Chronological order: the year, else the last year named in the period."""
        year = self.year
        if year is None:
            years = re.findall(r"\d{4}", self.period)
            year = int(years[-1]) if years else 9999
        return (year, self.period, self.id)


def parse_dataset(
    text: str, path: str, dataset_id: str
) -> tuple[Dataset | None, list[EditorError]]:
    """The dataset in ``text`` (a YAML file's content), or the errors that stop it.

    Never raises for bad input: every problem becomes an ``EditorError`` naming ``path``, the line
    and the fix. A dataset with any error is not returned, so no box shows half its figures.
    """
    errors = FileErrors(path)
    root = compose(text, errors, "Tệp số liệu", GUIDE, "mỗi chỉ tiêu bắt đầu bằng '- key: …'")
    if root is None and errors.items:
        return None, errors.items

    if not SLUG.match(dataset_id):
        errors.add(
            None,
            f"Tên tệp '{dataset_id}' không dùng được làm mã bộ số liệu.",
            "Đặt tên tệp bằng chữ thường không dấu, số và dấu gạch ngang, ví dụ "
            "'soc-trang-2022.yaml'; bài viết gọi bộ số liệu bằng tên này.",
        )
    if not isinstance(root, yaml.MappingNode):
        errors.add(
            node_line(root) if root is not None else None,
            "Tệp số liệu trống hoặc không có dạng 'tên: giá trị'.",
            "Viết các trường title:, source:, year: và items: như mẫu trong "
            "docs/huong-dan-thong-ke.md.",
        )
        return None, errors.items

    fields = mapping_fields(root, DATASET_FIELDS, "", errors, GUIDE)
    where = "đầu tệp"
    title = _text(fields, "title", errors, root, where)
    source = _text(fields, "source", errors, root, where)
    source_url = _text(fields, "source_url", errors, root, where, required=False)
    unit = _text(fields, "unit", errors, root, where, required=False)
    note = _text(fields, "note", errors, root, where, required=False)
    period = _text(fields, "period", errors, root, where, required=False)
    if source_url and not re.match(r"^https?://\S+$", source_url):
        errors.add(
            node_line(fields["source_url"][1]),
            f"Địa chỉ nguồn '{source_url}' (trường 'source_url') không phải là một địa chỉ web.",
            "Viết đầy đủ, bắt đầu bằng https:// hoặc http://, ví dụ "
            "'source_url: https://congdankhuyenhoc.vn'.",
        )
    year = _year(fields, errors)
    if year is None and not period and "year" not in fields:
        errors.add(
            1,
            "Thiếu năm của số liệu (trường 'year') hoặc kỳ số liệu (trường 'period').",
            "Thêm dòng 'year: 2022' ở đầu tệp, hoặc 'period: 6 tháng đầu năm 2023'.",
        )
    sample = _bool(fields, "sample", errors)
    items = _items(fields, root, errors)
    if errors.items:
        return None, errors.items
    dataset = Dataset(
        id=dataset_id,
        path=path,
        title=title,
        source=source,
        items=tuple(items),
        year=year,
        period=period,
        unit=unit,
        sample=sample,
        note=note,
        source_url=source_url,
    )
    return dataset, []


def _missing(errors: FileErrors, line, name: str, label: str, where: str, example: str) -> None:
    errors.add(
        line,
        f"Thiếu trường bắt buộc '{name}' ({label}) ở {where}.",
        f"Thêm dòng '{name}: {example}'.",
    )


_EXAMPLES = {
    "title": "Kết quả công tác khuyến học năm 2022",
    "source": "Hội Khuyến học tỉnh Sóc Trăng",
    "key": "hoi-vien-moi",
    "label": "Hội viên mới",
    "value": "286354",
}


def _text(fields, name, errors, parent, where, *, required=True, labels=DATASET_FIELDS) -> str:
    if name not in fields:
        if required:
            line = node_line(parent)
            _missing(errors, line, name, labels[name], where, _EXAMPLES.get(name, "…"))
        return ""
    key_node, node = fields[name]
    example = _EXAMPLES.get(name, "…")
    if not isinstance(node, yaml.ScalarNode):
        errors.add(
            node_line(key_node),
            f"Trường '{name}' ({labels[name]}) ở {where} phải là một dòng chữ.",
            f"Viết giá trị trên cùng dòng với tên trường, ví dụ '{name}: {example}'.",
        )
        return ""
    text = " ".join(node.value.split())
    if not text and required:
        errors.add(
            node_line(key_node),
            f"Trường '{name}' ({labels[name]}) ở {where} chưa có giá trị.",
            f"Viết giá trị sau dấu hai chấm, ví dụ '{name}: {example}'.",
        )
    return text


def read_number(raw: str) -> Decimal | None:
    """The number an editor wrote, or None: "286354", "61_600_000_000", "37.65", "-5"."""
    raw = raw.strip()
    if not _NUMBER.match(raw):
        return None
    try:
        number = Decimal(raw.replace("_", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None
    return number if number.is_finite() else None


def _number_fix(name: str, raw: str) -> str:
    if "%" in raw:
        bare = raw.replace("%", "").strip()
        number = read_number(bare)
        meaning = f" (nghĩa là {format_percent(number)})" if number is not None else ""
        return f"Bỏ dấu %: viết '{name}: {bare}'{meaning}."
    if _THOUSANDS_COMMA.match(raw) or re.match(r"^\d{1,3}(?:\.\d{3}){2,}$", raw):
        return f"Viết liền các chữ số, không dấu ngăn cách hàng nghìn: '{name}: {re.sub(r'[.,]', '', raw)}'."
    if _DECIMAL_COMMA.match(raw):
        return f"Phần thập phân dùng dấu chấm: viết '{name}: {raw.replace(',', '.')}'."
    if re.search(r"[^\d\s.,+_-]", raw):
        return (
            "Chỉ viết con số, không kèm chữ; đơn vị ghi ở trường 'unit' (ví dụ 'unit: đồng' và "
            "'value: 61600000000' cho 61,6 tỉ đồng)."
        )
    return (
        f"Chỉ viết chữ số, ví dụ '{name}: 286354'; phần thập phân dùng dấu chấm: '{name}: 37.65'."
    )


def _number(fields, name, errors, where: str) -> Decimal | None:
    if name not in fields:
        return None
    key_node, node = fields[name]
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        errors.add(
            node_line(key_node),
            f"Trường '{name}' ({ITEM_FIELDS[name]}) của {where} chưa có giá trị.",
            f"Viết một con số sau dấu hai chấm, ví dụ '{name}: 286354'.",
        )
        return None
    raw = node.value.strip()
    number = read_number(raw)
    if number is None or node.tag == _TAG_BOOL:
        errors.add(
            node_line(node),
            f"Giá trị '{raw}' của trường '{name}' ({ITEM_FIELDS[name]}) ở {where} không phải là "
            "một con số.",
            _number_fix(name, raw),
        )
        return None
    if name in ("value", "of") and _THOUSANDS_DOT.match(raw):
        errors.add(
            node_line(node),
            f"Giá trị '{raw}' của trường '{name}' ở {where} dễ bị hiểu sai: trong tệp YAML dấu "
            f"chấm là dấu thập phân, nên '{raw}' được đọc là {format_number(number)}, không phải "
            f"{format_number(Decimal(raw.replace('.', '')))}.",
            f"Viết liền các chữ số, không dấu chấm: '{name}: {raw.replace('.', '')}'.",
        )
        return None
    if abs(number) >= MAX_VALUE:
        errors.add(
            node_line(node),
            f"Giá trị '{raw}' của trường '{name}' ở {where} quá lớn.",
            "Kiểm tra lại số chữ số; số tiền viết bằng đồng, ví dụ 61600000000 cho 61,6 tỉ đồng.",
        )
        return None
    return number


def _year(fields, errors) -> int | None:
    if "year" not in fields:
        return None
    key_node, node = fields["year"]
    raw = str(node.value).strip() if isinstance(node, yaml.ScalarNode) else ""
    if not _YEAR.match(raw) or not 1900 <= int(raw) <= 2100:
        errors.add(
            node_line(key_node),
            f"Năm '{raw}' (trường 'year') không hợp lệ.",
            "Viết năm bằng bốn chữ số, ví dụ 'year: 2022'; nếu số liệu theo kỳ, dùng "
            "'period: 6 tháng đầu năm 2023'.",
        )
        return None
    return int(raw)


def _bool(fields, name, errors) -> bool:
    if name not in fields:
        return False
    key_node, node = fields[name]
    if not isinstance(node, yaml.ScalarNode) or node.tag != _TAG_BOOL:
        errors.add(
            node_line(key_node),
            f"Trường '{name}' chỉ nhận giá trị true (có) hoặc false (không).",
            f"Viết '{name}: true' cho số liệu mẫu, hoặc xoá dòng này với số liệu thật.",
        )
        return False
    return str(node.value).strip().lower() in ("true", "yes", "on", "y")


def _items(fields, root, errors: FileErrors) -> list[Item]:
    if "items" not in fields:
        errors.add(
            1,
            "Thiếu danh sách chỉ tiêu (trường 'items').",
            "Thêm 'items:' rồi mỗi chỉ tiêu một mục bắt đầu bằng '- key: …', có 'label:' và "
            "'value:'. Xem mẫu trong docs/huong-dan-thong-ke.md.",
        )
        return []
    key_node, node = fields["items"]
    if not isinstance(node, yaml.SequenceNode) or not node.value:
        errors.add(
            node_line(key_node),
            "Trường 'items' phải là danh sách các chỉ tiêu, có ít nhất một chỉ tiêu.",
            "Dưới dòng 'items:', mỗi chỉ tiêu bắt đầu bằng '  - key: …' (thụt vào hai dấu cách).",
        )
        return []
    items: list[Item] = []
    seen: dict[str, int] = {}
    for number, item_node in enumerate(node.value, start=1):
        if not isinstance(item_node, yaml.MappingNode):
            errors.add(
                node_line(item_node),
                f"Chỉ tiêu thứ {number} trong 'items' không có dạng 'tên: giá trị'.",
                "Mỗi chỉ tiêu viết dạng '- key: …' rồi 'label: …', 'value: …' trên các dòng "
                "sau, thẳng hàng với 'key'.",
            )
            continue
        item = _item(item_node, number, errors)
        if item is None:
            continue
        if item.key in seen:
            errors.add(
                item.line,
                f"Mã chỉ tiêu '{item.key}' bị trùng: đã dùng ở dòng {seen[item.key]}.",
                "Mỗi chỉ tiêu trong một tệp có một mã (key) riêng; đổi mã của một trong hai.",
            )
            continue
        seen[item.key] = item.line
        items.append(item)
    return items


def _item(node, number: int, errors: FileErrors) -> Item | None:
    before = len(errors.items)
    written_key = next(
        (
            v.value.strip()
            for k, v in node.value
            if isinstance(k, yaml.ScalarNode)
            and k.value == "key"
            and isinstance(v, yaml.ScalarNode)
        ),
        "",
    )
    where = f" của chỉ tiêu '{written_key}'" if written_key else f" của chỉ tiêu thứ {number}"
    fields = mapping_fields(node, ITEM_FIELDS, where, errors, GUIDE)
    key = _text(fields, "key", errors, node, f"chỉ tiêu thứ {number}", labels=ITEM_FIELDS)
    if key and not SLUG.match(key):
        errors.add(
            node_line(fields["key"][1]),
            f"Mã chỉ tiêu '{key}' chỉ được có chữ thường không dấu, chữ số và dấu gạch ngang.",
            "Ví dụ 'key: hoi-vien-moi'. Bài viết dùng mã này để chọn chỉ tiêu.",
        )
        key = ""
    name = f"chỉ tiêu '{key}'" if key else f"chỉ tiêu thứ {number}"
    label = _text(fields, "label", errors, node, name, labels=ITEM_FIELDS)
    unit = _text(fields, "unit", errors, node, name, required=False, labels=ITEM_FIELDS)
    note = _text(fields, "note", errors, node, name, required=False, labels=ITEM_FIELDS)
    if "value" not in fields:
        _missing(errors, node_line(node), "value", ITEM_FIELDS["value"], name, "286354")
    value = _number(fields, "value", errors, name)
    percent = _number(fields, "percent", errors, name)
    of = _number(fields, "of", errors, name)
    if percent is not None and not 0 <= percent <= 100:
        errors.add(
            node_line(fields["percent"][1]),
            f"Tỉ lệ {format_number(percent)}% của {name} nằm ngoài khoảng 0 đến 100.",
            "Viết tỉ lệ phần trăm là một số từ 0 đến 100, không kèm dấu %: 'percent: 37.65' "
            "nghĩa là 37,65%.",
        )
    if of is not None and value is not None:
        if of <= 0:
            errors.add(
                node_line(fields["of"][1]),
                f"Tổng số 'of' của {name} phải lớn hơn 0.",
                "'of' là tổng số để so: 'value: 109' và 'of: 109' nghĩa là 109/109.",
            )
        elif value > of:
            errors.add(
                node_line(fields["value"][1]),
                f"Giá trị {format_number(value)} của {name} lớn hơn tổng số 'of' "
                f"({format_number(of)}).",
                "'value' là phần đạt được, 'of' là tổng số: 'value: 109' và 'of: 109' nghĩa là "
                "109/109. Kiểm tra lại hai con số.",
            )
    if len(errors.items) > before:
        return None
    return Item(
        key=key,
        label=label,
        value=value,
        line=node_line(node),
        unit=unit,
        percent=percent,
        of=of,
        note=note,
    )


def load_folder(folder: Path) -> tuple[dict[str, Dataset], set[str], list[EditorError]]:
    """Every dataset in ``folder``: ``(datasets by id, ids of broken files, errors)``."""
    datasets: dict[str, Dataset] = {}
    broken: set[str] = set()
    errors: list[EditorError] = []
    if not folder.is_dir():
        return datasets, broken, errors
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file())
    seen: dict[str, Path] = {}
    for path in files:
        dataset_id = path.stem
        if dataset_id in seen:
            errors.append(
                EditorError(
                    str(path),
                    None,
                    f"Có hai tệp cùng mã bộ số liệu '{dataset_id}': {seen[dataset_id].name} và "
                    f"{path.name}.",
                    "Đổi tên hoặc xoá một trong hai tệp.",
                )
            )
            broken.add(dataset_id)
            continue
        seen[dataset_id] = path
        try:
            text = textfile.read_text(path)
        except textfile.EncodingProblem as problem:
            errors.append(EditorError(str(path), problem.line, problem.message, problem.fix))
            broken.add(dataset_id)
            continue
        dataset, problems = parse_dataset(text, str(path), dataset_id)
        if dataset is None:
            broken.add(dataset_id)
            errors.extend(problems)
        else:
            datasets[dataset_id] = dataset
    return datasets, broken, errors
