"""Every bad input: its exact Vietnamese message with the file and the line, exit 1, no traceback,
nothing written (no package, no half of one, the site's output untouched)."""

from __future__ import annotations

import datetime as dt

from magazinebuild import SEED, assert_refused, run_command
from sitebuild import ROOT, article, build, photo, write_files

GUIDE_PHOTO = (
    '![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Tên người chụp hoặc đơn vị")'
)
FOOTER = (
    "\nKhông tạo gói gửi tạp chí: có {n} lỗi. Sửa các lỗi trên rồi chạy lại. Thư mục gói cũ "
    "(nếu có) không bị thay đổi.\n"
)
SITE_FOOTER = (
    "\nKhông xuất bản: có {n} lỗi trong nội dung. Sửa các lỗi trên rồi chạy lại. Thư mục "
    "output/ không bị thay đổi.\n"
    "Không tạo gói gửi tạp chí: sửa các lỗi nội dung ở trên rồi chạy lại.\n"
)


def conf_line(start: str, after: str = "") -> int:
    """The line of pelicanconf.py that starts with ``start`` (after the line starting ``after``)."""
    lines = (ROOT / "pelicanconf.py").read_text("utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith(after)) if after else 0
    return (
        next(i for i, line in enumerate(lines) if i >= first and line.strip().startswith(start)) + 1
    )


EMAIL_LINE = conf_line("MAGAZINE_EMAIL =")
SENDER_NAME_LINE = conf_line('"name":', after="MAGAZINE_SENDER =")


def test_unknown_slug_names_the_closest(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Hội Khuyến học nhận cờ thi đua")})
    run = small.run("hoi-khuyen-hoc-nhan-co")
    assert_refused(run, small)
    assert run.stderr == (
        "LỖI: Không có bài nào có đường dẫn hay tên tệp 'hoi-khuyen-hoc-nhan-co'. Bài gần giống "
        "nhất: hoi-khuyen-hoc-nhan-co-thi-dua.\n"
        "    Cách sửa: Chạy 'make tap-chi' (không có BAI=) để xem danh sách bài, rồi chép đúng "
        "đường dẫn của bài: make tap-chi BAI=<đường dẫn>.\n" + FOOTER.format(n=1)
    )


def test_a_draft_is_not_sent_whatever_word_says_so(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin nháp", extra="Status: nháp")})
    run = small.run("tin-nhap")
    assert_refused(run, small)
    assert run.stderr.startswith(
        "LỖI tin-khen-thuong/a.md:6: Bài 'Tin nháp' còn là bản nháp (Status: nháp): bài chưa "
        "đăng trên trang thì chưa gửi tạp chí được.\n"
        "    Cách sửa: Xuất bản bài trước (xoá dòng 'Status: nháp'), rồi chạy lại lệnh.\n"
    )


def test_a_draft_is_not_sent(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin nháp", extra="Status: draft")})
    run = small.run("tin-nhap")
    assert_refused(run, small)
    assert run.stderr == (
        "LỖI tin-khen-thuong/a.md:6: Bài 'Tin nháp' còn là bản nháp (Status: draft): bài chưa "
        "đăng trên trang thì chưa gửi tạp chí được.\n"
        "    Cách sửa: Xuất bản bài trước (xoá dòng 'Status: draft'), rồi chạy lại lệnh.\n"
        + FOOTER.format(n=1)
    )


def test_no_sapo(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử", summary="")})
    # Without the site's rule that every article has one, the command says it itself.
    run = small.run("tin-thu", PLUGINS=["vietnamese", "stats_boxes", "photos", "magazine"])
    assert_refused(run, small)
    assert run.stderr == (
        "LỖI tin-khen-thuong/a.md: Bài chưa có sapo (trường Summary:): tạp chí đăng sapo in đậm "
        "ngay dưới tiêu đề.\n"
        "    Cách sửa: Thêm dòng 'Summary: …' (một hoặc hai câu tóm tắt bài) vào phần thông tin "
        "đầu bài, trước dòng trống đầu tiên.\n" + FOOTER.format(n=1)
    )
    # With the site's rules (content_rules), the site's own message comes first, as in a build.
    run = small.run("tin-thu")
    assert_refused(run, small)
    assert run.stderr == (
        "\nLỖI tin-khen-thuong/a.md: Thiếu sapo (đoạn mở đầu) (trường Summary:).\n"
        "    Cách sửa: Thêm dòng 'Summary: …' vào phần thông tin đầu bài, trước dòng trống đầu "
        "tiên.\n" + SITE_FOOTER.format(n=1)
    )


def test_photos_without_credit_or_caption(small):
    body = (
        'Đoạn một.\n\n![Lễ trao]({static}/images/a.jpg "Lễ trao học bổng.")\n\n'
        "![Lễ khác]({static}/images/b.jpg)"
    )
    write_files(
        small.content,
        {
            "tin-khen-thuong/a.md": article("Tin thử", body=body),
            "images/a.jpg": photo((300, 200)),
            "images/b.jpg": photo((300, 200)),
        },
    )
    run = small.run("tin-thu")
    assert_refused(run, small)
    fix = (
        "    Cách sửa: Viết chú thích rồi 'Ảnh: <nguồn>' trong ngoặc kép sau đường dẫn ảnh: "
        f"{GUIDE_PHOTO}. Xem docs/huong-dan-anh.md.\n"
    )
    assert run.stderr == (
        "LỖI tin-khen-thuong/a.md:9: Ảnh 1 ('/images/a.jpg') chưa có nguồn ảnh: tạp chí chỉ đăng "
        "ảnh có chú thích (ảnh chụp gì, ở đâu, khi nào) và nguồn (ai chụp, đơn vị nào cung "
        "cấp).\n"
        + fix
        + "LỖI tin-khen-thuong/a.md:11: Ảnh 2 ('/images/b.jpg') chưa có chú thích và "
        "nguồn ảnh: tạp chí chỉ đăng ảnh có chú thích (ảnh chụp gì, ở đâu, khi nào) và nguồn "
        "(ai chụp, đơn vị nào cung cấp).\n" + fix + FOOTER.format(n=2)
    )


def test_a_photo_inside_a_sentence(small):
    write_files(
        small.content,
        {
            "tin-khen-thuong/a.md": article(
                "Tin thử", body="Đoạn có ảnh ![biểu tượng]({static}/images/a.jpg) giữa câu."
            ),
            "images/a.jpg": photo((300, 200)),
        },
    )
    run = small.run("tin-thu")
    assert_refused(run, small)
    assert run.stderr == (
        "LỖI tin-khen-thuong/a.md:7: Ảnh '/images/a.jpg' nằm giữa câu nên không có số và chú "
        "thích; tạp chí cần mỗi ảnh có chú thích và nguồn ảnh.\n"
        "    Cách sửa: Đặt ảnh riêng một dòng, có một dòng trống trước và sau, với chú thích và "
        f"nguồn ảnh: {GUIDE_PHOTO}.\n" + FOOTER.format(n=1)
    )


def test_a_missing_photo(small):
    body = 'Đoạn một.\n\n![Lễ trao]({static}/images/khong-co.jpg "Lễ. Ảnh: A")'
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử", body=body)})
    run = small.run("tin-thu")
    assert_refused(run, small)
    assert run.stderr == (
        "\nLỖI tin-khen-thuong/a.md:9: Không tìm thấy ảnh '/images/khong-co.jpg'.\n"
        "    Cách sửa: Kiểm tra tên tệp (chữ hoa, chữ thường, dấu, đuôi .jpg) và thư mục. Đặt ảnh "
        "trong thư mục content/images/ (ví dụ content/images/2024/ten-anh.jpg) và viết "
        '![Mô tả ảnh]({static}/images/2024/ten-anh.jpg "Chú thích. Ảnh: Nguồn").\n'
        + SITE_FOOTER.format(n=1)
    )


def test_an_unreadable_photo(small):
    body = 'Đoạn một.\n\n![Lễ trao]({static}/images/cut.jpg "Lễ. Ảnh: A")'
    write_files(
        small.content,
        {
            "tin-khen-thuong/a.md": article("Tin thử", body=body),
            "images/cut.jpg": photo((800, 600))[:3000],  # copied only in part
        },
    )
    run = small.run("tin-thu")
    assert_refused(run, small)
    assert run.stderr == (
        "\nLỖI tin-khen-thuong/a.md:9: Không dùng được ảnh '/images/cut.jpg': tệp ảnh hỏng, hoặc "
        "bị cắt cụt (chép chưa hết).\n"
        "    Cách sửa: Mở ảnh trên máy tính; nếu xem được, xuất (Save As/Export) lại ở dạng JPEG "
        "(.jpg) rồi thay tệp cũ.\n" + SITE_FOOTER.format(n=1)
    )


def test_an_unreadable_photo_found_by_the_package_itself(small):
    """If the site's photo cache holds a photo its file can no longer give, the package's own
    full-size read says so (the site reads only the header of a photo it has processed)."""
    from magazine import pictures

    error = pictures.unreadable("content/tin-khen-thuong/a.md", 9, "/images/a.jpg", "tệp ảnh hỏng")
    assert error.format("content") == (
        "LỖI tin-khen-thuong/a.md:9: Không dùng được ảnh '/images/a.jpg': tệp ảnh hỏng.\n"
        "    Cách sửa: Mở ảnh trên máy tính; nếu xem được, xuất (Save As/Export) lại ở dạng JPEG "
        "(.jpg) rồi thay tệp cũ."
    )
    target = small.base / "x.jpg"
    (small.base / "hong.jpg").write_bytes(b"\xff\xd8\xff not a photo")
    try:
        pictures.clean_copies(str(small.base / "hong.jpg"), target, target, 100)
    except pictures.PictureError as problem:
        assert str(problem) == "không nhận ra định dạng ảnh (tệp hỏng, hoặc không phải ảnh)"
    else:
        raise AssertionError("a broken photo was accepted")


def test_no_sender_and_no_magazine_address(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử")})
    sender = {"name": "", "unit": "Hội Khuyến học", "address": "", "phone": " ", "email": ""}
    run = small.run("tin-thu", MAGAZINE_EMAIL="", MAGAZINE_SENDER=sender)
    assert_refused(run, small)
    assert run.stderr == (
        f"LỖI pelicanconf.py:{EMAIL_LINE}: Chưa có địa chỉ email nhận bài của Tạp chí Công dân và Khuyến "
        "học (MAGAZINE_EMAIL): thư gửi bài chưa biết gửi tới đâu.\n"
        "    Cách sửa: Ghi địa chỉ email nhận bài mà tạp chí đã cho Hội, ví dụ MAGAZINE_EMAIL = "
        '"bientap@vi-du.vn".\n'
        f"LỖI pelicanconf.py:{SENDER_NAME_LINE}: Thiếu thông tin người gửi bài trong MAGAZINE_SENDER: họ và tên "
        "('name'), địa chỉ liên lạc ('address'), số điện thoại ('phone'), email ('email'). Tạp chí "
        "cần biết ai gửi bài và liên lạc bằng cách nào.\n"
        "    Cách sửa: Điền đủ họ và tên, đơn vị, địa chỉ liên lạc, số điện thoại và email của "
        "người gửi bài thay mặt Hội vào MAGAZINE_SENDER trong pelicanconf.py (địa chỉ, điện "
        "thoại và email mặc định là của Hội: CONTACT_ADDRESS, CONTACT_PHONE, CONTACT_EMAIL).\n"
        + FOOTER.format(n=2)
    )


def test_a_sender_that_is_not_a_table_is_named_without_a_traceback(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử")})
    run = small.run("tin-thu", MAGAZINE_SENDER="Nguyễn Văn A, Văn phòng Hội")
    assert_refused(run, small)
    assert "Traceback" not in run.stderr
    assert (
        "MAGAZINE_SENDER phải là một bảng thông tin người gửi bài, không phải "
        "'Nguyễn Văn A, Văn phòng Hội'." in run.stderr
    )
    assert 'Cách sửa: Viết MAGAZINE_SENDER như trong pelicanconf.py: {"name": "Họ và tên"' in (
        run.stderr
    )


def test_the_real_settings_are_refused_until_filled_in(small):
    """pelicanconf.py as committed: no address and no sender yet."""
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử")})
    settings = small.settings()
    del settings["MAGAZINE_EMAIL"], settings["MAGAZINE_SENDER"]
    run = run_command(["tin-thu"], **settings)
    assert_refused(run, small)
    assert f"LỖI pelicanconf.py:{EMAIL_LINE}: Chưa có địa chỉ email nhận bài" in run.stderr
    assert "MAGAZINE_SENDER: họ và tên ('name'), địa chỉ liên lạc ('address')" in run.stderr


def test_a_magazine_address_that_is_not_one(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử")})
    run = small.run("tin-thu", MAGAZINE_EMAIL="bientap-vi-du.vn")
    assert_refused(run, small)
    assert run.stderr == (
        f"LỖI pelicanconf.py:{EMAIL_LINE}: 'bientap-vi-du.vn' (MAGAZINE_EMAIL) không phải địa chỉ email.\n"
        '    Cách sửa: Ghi đúng một địa chỉ email, ví dụ MAGAZINE_EMAIL = "bientap@vi-du.vn".\n'
        + FOOTER.format(n=1)
    )


def test_sample_figures_are_not_sent(small):
    """Sample data, like sample articles and placeholder photos, is refused by the site's own
    publish checks (the package reads the site as make publish does)."""
    dataset = (
        "title: Số liệu mẫu\nsource: Hội\nyear: 2024\nsample: true\n"
        "items:\n  - key: a\n    label: A\n    value: 1\n"
    )
    write_files(
        small.content,
        {
            "tin-khen-thuong/a.md": article("Tin thử", body="Đoạn.\n\n[[thong-ke: mau]]"),
            "data/thong-ke/mau.yaml": dataset,
        },
    )
    run = small.run("tin-thu")
    assert_refused(run, small)
    assert run.stderr.startswith(
        "\nLỖI data/thong-ke/mau.yaml:4: Bộ số liệu 'mau' là số liệu mẫu (sample: true). Bản xuất "
        "bản không đăng nội dung chưa hoàn chỉnh.\n"
    )
    assert run.stderr.endswith(SITE_FOOTER.format(n=1))


def test_a_refused_package_leaves_the_old_one_alone(small):
    write_files(small.content, {"tin-khen-thuong/a.md": article("Tin thử")})
    old = write_files(small.packages / "tin-thu", {"tin-thu.docx": b"old", "anh-1.jpg": b"old"})
    (small.packages / "tin-thu.zip").write_bytes(b"old zip")
    run = small.run("tin-thu", MAGAZINE_EMAIL="")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert sorted(p.name for p in old.iterdir()) == ["anh-1.jpg", "tin-thu.docx"]
    assert (old / "tin-thu.docx").read_bytes() == b"old"
    assert (small.packages / "tin-thu.zip").read_bytes() == b"old zip"
    assert sorted(p.name for p in small.packages.iterdir()) == ["tin-thu", "tin-thu.zip"]


def test_the_two_fields_are_checked_with_their_line(small):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    files = {
        "tin-khen-thuong/a.md": article(
            "Tin thử", extra="Gui_tap_chi: 9/2/24\nTap_chi_url: congdankhuyenhoc.vn/bai"
        ),
        "tin-khen-thuong/b.md": article("Tin hai", extra=f"Gui_tap_chi: {tomorrow:%d/%m/%Y}"),
    }
    write_files(small.content, files)
    result = build(small.content, small.site_output, plugins=["vietnamese", "magazine"])
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not small.site_output.exists() or not any(small.site_output.iterdir())
    assert result.stderr == (
        "\nLỖI tin-khen-thuong/a.md:6: Ngày '9/2/24' ở trường Gui_tap_chi: viết theo cách dễ "
        "hiểu nhầm; trang web sẽ hiểu là Thứ Sáu, ngày 9 tháng 2 năm 2024.\n"
        "    Cách sửa: Nếu đúng ngày đó, viết 'Gui_tap_chi: 09/02/2024' (ngày/tháng/năm, năm đủ "
        "bốn chữ số, ngăn cách bằng dấu /); nếu không, sửa lại cho đúng.\n"
        "LỖI tin-khen-thuong/a.md:7: Địa chỉ bài trên tạp chí 'congdankhuyenhoc.vn/bai' (trường "
        "Tap_chi_url:) không phải địa chỉ trang web.\n"
        "    Cách sửa: Chép nguyên địa chỉ bài trên trang của tạp chí, bắt đầu bằng https://, ví "
        "dụ 'Tap_chi_url: https://congdankhuyenhoc.vn/ten-bai-179240209.htm'.\n"
        f"LỖI tin-khen-thuong/b.md:6: Ngày gửi tạp chí {tomorrow:%d/%m/%Y} (trường Gui_tap_chi:) "
        "còn chưa tới.\n"
        "    Cách sửa: Ghi ngày đã gửi bài, sau khi gửi, theo dạng ngày/tháng/năm: "
        "'Gui_tap_chi: 09/02/2024'.\n"
        "\nKhông xuất bản: có 3 lỗi trong nội dung. Sửa các lỗi trên rồi chạy lại. Thư mục "
        "output/ không bị thay đổi.\n"
    )


def test_the_demo_is_refused_as_make_publish_refuses_it(tmp_path):
    """The real content is a demo: sample articles, a placeholder photo in the seed, empty
    contact details. The package reads the site as make publish does, so it refuses them too,
    with the site's own messages, and writes nothing."""
    packages = tmp_path / "output-tap-chi"
    run = run_command(
        [SEED],
        CACHE_PATH=str(tmp_path / "cache" / "pelican"),
        OUTPUT_PATH=str(tmp_path / "output"),
        MAGAZINE_OUTPUT_PATH=str(packages),
    )
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert (
        "LỖI tin-khen-thuong/hoi-khuyen-hoc-soc-trang-nhan-co-thi-dua-chinh-phu.md:10: Ảnh "
        "'co-thi-dua-chinh-phu-anh-giu-cho.jpg' là ảnh giữ chỗ, không phải ảnh thật. Bản xuất bản "
        "không đăng nội dung chưa hoàn chỉnh.\n"
    ) in run.stderr
    assert run.stderr.endswith(
        "Không tạo gói gửi tạp chí: sửa các lỗi nội dung ở trên rồi chạy lại.\n"
    )
    assert not packages.exists() and not (tmp_path / "output").exists()
