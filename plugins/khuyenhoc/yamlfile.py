"""Editors' YAML files, read safely and with the line of everything.

Parsing works on PyYAML's node tree (``yaml.compose``), not on the loaded Python values, so that
every error names the line it comes from, a key written twice is caught (PyYAML keeps the last one
silently), and numbers can be read from the text the editor wrote.

Safe limits: a file larger than ``MAX_BYTES``, or with more than ``MAX_NODES`` values, is refused;
anchors and aliases (``&a`` / ``*a``) are refused outright. Editors never need them, and a few
nested aliases ("billion laughs") make a tiny file expand into gigabytes.
"""

from __future__ import annotations

import yaml

from .errors import FileErrors, closest
from .formatting import nfc

__all__ = ["MAX_BYTES", "MAX_NODES", "compose", "line", "mapping_fields", "scalar_text"]

MAX_BYTES = 1_000_000
MAX_NODES = 50_000

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONTEXT_FIRST = ("while scanning a simple key", "while scanning a quoted scalar")


def line(node) -> int:
    return node.start_mark.line + 1


def _reason(problem: str) -> str:
    """PyYAML's English problem, said in Vietnamese for the common cases."""
    problem = problem or ""
    table = (
        ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên trường"),
        (
            "mapping values are not allowed",
            "có dấu hai chấm ':' ở chỗ không được có (thụt lề sai, hoặc giá trị có dấu ':' mà "
            "không đặt trong ngoặc kép)",
        ),
        ("did not find expected ',' or ']'", "thiếu dấu ']' đóng ngoặc"),
        ("did not find expected ',' or '}'", "thiếu dấu '}' đóng ngoặc"),
        ("that cannot start any token", "có ký tự không được đứng đầu giá trị (thường là Tab)"),
        ("found a tab character", "có ký tự Tab; chỉ được thụt lề bằng dấu cách"),
        ("expected <block end>", "thụt lề không thẳng hàng"),
        ("did not find expected '-' indicator", "thụt lề không thẳng hàng trong danh sách"),
        ("did not find expected key", "thụt lề không thẳng hàng"),
        ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng"),
        ("found unknown escape character", "có dấu gạch chéo ngược '\\' trong ngoặc kép"),
        ("expected a single document", "tệp có nhiều hơn một phần '---'"),
        ("found undefined alias", "có dấu '*' ở đầu giá trị"),
        (
            "did not find expected alphabetic or numeric character",
            "có dấu '&' hoặc '*' ở đầu giá trị",
        ),
        ("did not find expected node content", "thiếu giá trị"),
    )
    for english, vietnamese in table:
        if english in problem:
            return vietnamese
    return "sai cú pháp"


def compose(text: str, errors: FileErrors, what: str, guide: str, layout: str = ""):
    """The node tree of ``text`` (NFC), or None with the reason added to ``errors``.

    ``what`` names the file for the editor ("Tệp số liệu"); ``guide`` ends the fix ("Xem mẫu
    trong docs/huong-dan-thong-ke.md."); ``layout`` adds how its entries begin ("mỗi chỉ tiêu bắt
    đầu bằng '- key: …'").
    """
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        errors.add(
            None,
            f"{what} quá lớn (hơn {MAX_BYTES // 1_000_000} MB): không phải tệp do người viết.",
            f"Kiểm tra lại tệp, hoặc chia thành nhiều tệp nhỏ. {guide}",
        )
        return None
    text = nfc(text)
    try:
        nodes = 0
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                errors.add(
                    event.start_mark.line + 1,
                    f"{what} dùng dấu '&' hoặc '*' (neo và tham chiếu của YAML) ở dòng "
                    f"{event.start_mark.line + 1}; trang web không nhận cách viết này.",
                    "Viết đầy đủ từng giá trị thay vì tham chiếu; giá trị bắt đầu bằng '&' "
                    f"hoặc '*' thì đặt trong ngoặc kép. {guide}",
                )
                return None
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > MAX_NODES:
                    errors.add(
                        event.start_mark.line + 1,
                        f"{what} có quá nhiều giá trị (hơn {MAX_NODES}).",
                        f"Chia thành nhiều tệp nhỏ. {guide}",
                    )
                    return None
        return yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        if error.context_mark and error.context in _CONTEXT_FIRST:
            mark = error.context_mark  # where the key or the quote began, not where it broke
        where = f" ở dòng {mark.line + 1}, cột {mark.column + 1}" if mark else ""
        errors.add(
            mark.line + 1 if mark else None,
            f"{what} không đúng cú pháp YAML{where}: {_reason(error.problem)}.",
            "Mỗi dòng viết dạng 'tên: giá trị'; thụt lề bằng dấu cách (không dùng Tab), các dòng "
            f"cùng cấp thẳng hàng nhau{'; ' + layout if layout else ''}. Giá trị có dấu ':' hoặc "
            f"'#' thì đặt trong ngoặc kép. {guide}",
        )
    except yaml.YAMLError as error:  # not marked: an encoding problem, for example
        errors.add(
            None,
            f"{what} không đọc được ({type(error).__name__}).",
            f"Lưu tệp ở dạng văn bản UTF-8. {guide}",
        )
    return None


def mapping_fields(node, known, where: str, errors: FileErrors, guide: str) -> dict:
    """``{name: (key_node, value_node)}`` of a mapping; unknown and repeated names are errors.

    ``known`` holds the names allowed (a dict of name → Vietnamese label, or any collection).
    """
    fields: dict = {}
    for key_node, value_node in node.value:
        name = str(key_node.value).strip() if isinstance(key_node, yaml.ScalarNode) else "?"
        if name in fields:
            errors.add(
                line(key_node),
                f"Trường '{name}'{where} được viết hai lần (dòng {line(fields[name][0])} và "
                f"dòng {line(key_node)}); chỉ một giá trị được dùng.",
                "Xoá một trong hai dòng, giữ lại giá trị đúng.",
            )
            continue
        if name not in known:
            hints = closest(name, known)
            hint = f" Có phải ý bạn là '{hints[0]}'?" if hints else ""
            errors.add(
                line(key_node),
                f"Trường '{name}'{where} không có trong mẫu.{hint}",
                "Các trường dùng được: " + ", ".join(known) + f". {guide}",
            )
            continue
        fields[name] = (key_node, value_node)
    return fields


def scalar_text(node) -> str | None:
    """The text of a scalar node, spaces folded; None for a list or a mapping."""
    if not isinstance(node, yaml.ScalarNode):
        return None
    return " ".join(str(node.value).split())
