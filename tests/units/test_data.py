"""The units file's parser: every mistake with its line, nothing reported behind the caller."""

from __future__ import annotations

import datetime as dt

from units import parse_units


def messages(errors) -> list[str]:
    return [f"{e.line}: {e.message}" for e in errors]


def test_a_unit_with_every_field():
    units, errors = parse_units(
        "- name: Kế Sách\n  full_name: Huyện Kế Sách\n  type: huyện\n  parent: soc-trang\n"
        "  valid_to: 2025-06-30\n  aliases: [KS]\n"
        "- name: Tỉnh Sóc Trăng\n  slug: soc-trang\n  type: tỉnh\n",
        "don-vi.yaml",
    )
    assert errors == []
    ke_sach = units.named("ks")[0]
    assert (ke_sach.slug, ke_sach.url, ke_sach.parent.name) == (
        "ke-sach",
        "don-vi/ke-sach/",
        "Tỉnh Sóc Trăng",
    )
    assert ke_sach.valid_to == dt.date(2025, 6, 30)
    assert ke_sach.period() == "đến 30/06/2025"
    assert ke_sach.describe() == "Huyện Kế Sách, đến 30/06/2025"


def test_mistakes_name_their_line():
    _units, errors = parse_units(
        "- name: Một\n  type: huyện\n"  # line 1
        "- name: Hai\n  slug: mot\n  type: huyện\n"  # line 3: same slug as Một
        "- name: Ba\n  type: xã\n  parent: khong-co\n"  # line 6: unknown parent
        "- name: Bốn\n  type: xã\n  valid_to: 30/06/2025\n"  # line 11: bad date
        "- type: xã\n"  # line 12: no name
        "- name: Năm\n  typ: xã\n",  # line 14: a misspelt field, and so no type
        "don-vi.yaml",
    )
    assert messages(errors) == [
        "11: Ngày '30/06/2025' ở trường valid_to của đơn vị 'Bốn' không đúng dạng.",
        "12: Một đơn vị chưa có tên (trường name:).",
        "14: Trường 'typ' của đơn vị 'Năm' không có trong mẫu. Có phải ý bạn là 'type'?",
        "13: Đơn vị 'Năm' chưa có loại (trường type:).",
        "3: Đơn vị 'Hai' trùng slug 'mot' với đơn vị 'Một' (dòng 1).",
        "6: Đơn vị cấp trên 'khong-co' của 'Ba' không có trong danh sách.",
    ]


def test_yaml_syntax_error():
    _units, errors = parse_units("- name: Một\n  type: [huyện\n", "don-vi.yaml")
    assert messages(errors) == [
        "3: Tệp danh sách đơn vị không đúng cú pháp YAML ở dòng 3, cột 1: thiếu dấu ']' đóng ngoặc."
    ]


def test_aliases_and_anchors_are_refused():
    bomb = "".join(f"- &a{n} [*a{n - 1}, *a{n - 1}]\n" for n in range(1, 9))
    _units, errors = parse_units("- &a0 [x]\n" + bomb, "don-vi.yaml")
    assert len(errors) == 1
    assert errors[0].line == 1
    assert "dùng dấu '&' hoặc '*'" in errors[0].message


def test_empty_file_has_no_units():
    units, errors = parse_units("# chỉ có ghi chú\n", "don-vi.yaml")
    assert (len(units), errors) == (0, [])
