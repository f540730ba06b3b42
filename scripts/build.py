"""``make html``: build the site with Pelican, unless nothing changed since the last complete build
into the same folder, which ``khuyenhoc.uptodate`` tells before Pelican is even imported; when only
one article's text changed, only what that changes is written, from the state the last build kept
(``khuyenhoc.edit_path``).

    python -m scripts.build content -s pelicanconf.py -o preview   # the pelican command's arguments
    python -m scripts.build --no-state …   # no state kept for the next edit (make publish)

Options that ``khuyenhoc.uptodate`` does not describe (another theme, autoreload…) always build.
"""

from __future__ import annotations

import os
import sys

from khuyenhoc import edit_path, uptodate


def say_unchanged(output) -> None:
    shown = os.path.relpath(output) if not os.path.isabs(str(output)) else str(output)
    print(
        f"Không có gì thay đổi kể từ lần dựng trước: {shown}/ đã là bản mới nhất, không cần "
        "dựng lại.",
        flush=True,
    )


def say_edited(relative) -> None:
    print(
        f"Chỉ chữ của một bài thay đổi ({relative}): đã viết lại trang của bài, nguồn tin và "
        "chỉ mục tìm kiếm; các trang khác giữ nguyên.",
        flush=True,
    )


def build(argv: list[str], run_pelican, keep_state: bool = True) -> int:
    """``run_pelican(argv)`` (Pelican's ``main``), unless nothing changed since the last complete
    build into the same folder, or only one article's text did (``khuyenhoc.edit_path``); the
    exit status. A complete build is recorded, and keeps its state for the next edit unless
    ``keep_state`` is false."""
    build = uptodate.Build.from_arguments(argv)
    known = build.fingerprint() if build else None
    if known and build.unchanged(*known):
        say_unchanged(build.output)
        return 0
    if known:
        edited = build.edited_file(known[1])
        build.forget(known[1])
        state = edit_path.state_path(known[1])
        if edited and _write_edit(argv, edited, state, known[0]):
            build.save(*known, edited.valid_until)
            say_edited(edited.path.relative_to(build.content))
            return 0
        edit_path.forget(state)  # kept again only by a complete build
        if keep_state:
            edit_path.request(state, known[0])
    code = 0
    try:
        run_pelican(argv)
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    done, valid_until = uptodate.completed()
    if code == 0 and done and known:
        build.save(*known, valid_until)
    return code


def _write_edit(argv: list[str], edited, state, fingerprint: str) -> bool:
    """The pages an edit of one article's text changes, from the last build's state; False
    when that cannot be told, and the whole site is built."""
    try:
        from pelican import LOG_HANDLERS, get_instance, parse_arguments
        from pelican.log import init as init_logging

        args = parse_arguments(argv)
        init_logging(level=args.verbosity, fatal=args.fatal, handler=LOG_HANDLERS[args.log_handler])
        site, _settings = get_instance(args)
        return edit_path.run(site, str(edited.path), state, edited.fingerprint, fingerprint)
    except Exception:  # the whole build follows, and reports what is wrong
        return False


def _pelican_main(argv: list[str]) -> None:
    from pelican import main as pelican_main

    pelican_main(argv)


def main(argv: list[str] | None = None) -> int:
    """``--no-state`` first: keep no state for an edit (``make publish`` builds a new folder each
    time)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    keep_state = argv[:1] != ["--no-state"]
    return build(argv if keep_state else argv[1:], _pelican_main, keep_state)


if __name__ == "__main__":
    sys.exit(main())
