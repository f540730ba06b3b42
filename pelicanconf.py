"""Every setting of the site. publishconf.py only overrides what production needs."""

from pathlib import Path

HERE = Path(__file__).resolve().parent

AUTHOR = "Hội Khuyến học tỉnh Sóc Trăng"
SITENAME = "Hội Khuyến học tỉnh Sóc Trăng"
# The name on one line of a phone's header (up to 30rem wide), where the full name does not fit.
SITE_SHORTNAME = "Hội Khuyến học Sóc Trăng"
SITE_TAGLINE = "Khuyến học, khuyến tài, xây dựng xã hội học tập"
SITEURL = ""
# Where the public site lives: publishconf.py publishes there, and a printed article names it.
PUBLIC_URL = "https://khuyenhocsoctrang.vn"
PATH = "content"
OUTPUT_PATH = "preview"  # make html and make serve; make publish builds into releases/
THEME = "theme"
# Pelican's Jinja options, and no auto_reload: every build loads the templates afresh, and within a
# build Jinja would otherwise check each template file's time at every include (250,000 stats
# when a new article renders every page at 5,000 articles).
JINJA_ENVIRONMENT = {
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": [],
    "auto_reload": False,
}

# Vietnamese first. Dates are formatted by Babel in the templates (vi_date filter), never through
# the OS locale, which build machines do not have.
DEFAULT_LANG = "vi"
OG_LOCALE = "vi_VN"
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_DATE_FORMAT = "%Y-%m-%d"
LOCALE = ("C",)

# Plugins: one package per job under plugins/, each standing on its own (any order builds the
# same site). What they share is plugins/khuyenhoc, whose Pelican class refuses to build without
# a plugin that failed to load.
PELICAN_CLASS = "khuyenhoc.Site"
PLUGIN_PATHS = ["plugins"]
PLUGINS = [
    "vietnamese",
    "content_rules",
    "navigation",
    "stats_boxes",
    "units",
    "redirects",
    "photos",
    "search",  # before social: the cards are still drawn while the search index is made
    "social",
    "sitemap",
    "publishing",
    "magazine",
]
# Editors' mistakes stop the build (khuyenhoc.errors). make serve keeps watching instead.
EDITOR_ERRORS_EXIT = True
EDITOR_WARNINGS_FATAL = False

# The kinds of article. A new kind is one more entry here and one folder in content/.
ARTICLE_KINDS = [
    {
        "name": "Tin khen thưởng",
        "folder": "tin-khen-thuong",
        "description": "Tin thi đua, khen thưởng của các cấp hội khuyến học.",
    },
    {
        "name": "Gương vượt khó hiếu học",
        "folder": "guong-vuot-kho",
        "description": "Những học sinh, sinh viên vượt lên hoàn cảnh để học tốt.",
    },
    {
        "name": "Hoạt động chi hội",
        "folder": "hoat-dong-chi-hoi",
        "description": "Tin hoạt động của các ban, chi hội khuyến học cơ sở.",
        "unit_required": True,
    },
]
REQUIRED_ARTICLE_METADATA = ["title", "date", "author", "summary"]

# The fields an editor may write at the top of an article or a page ("Title: …"), each with what
# it is for, in Vietnamese: the guide, `make new` and the error messages read them from here. Any
# other field is an error naming the closest one (plugins/content_rules): a misspelt field would
# otherwise be dropped without a word. Names are matched regardless of case, as Pelican reads
# them. A plugin that reads a new field adds it here.
ARTICLE_FIELDS = {
    "Title": "Tiêu đề bài.",
    "Date": "Ngày giờ đăng, ngày trước tháng sau, giờ Việt Nam: 08/02/2024 19:13.",
    "Author": "Tác giả (họ tên hoặc bút danh).",
    "Category": "Loại bài: Tin khen thưởng, Gương vượt khó hiếu học hoặc Hoạt động chi hội.",
    "Summary": "Sapo: một hai câu mở đầu, hiện đậm dưới tiêu đề và khi chia sẻ lên Zalo, Facebook.",
    "Unit": "Đơn vị (xã, phường…) đúng tên trong content/data/don-vi.yaml, tại ngày đăng bài; "
    "bắt buộc với bài Hoạt động chi hội.",
    "Tags": "Các chủ đề, cách nhau bằng dấu phẩy.",
    "Source": "Nguồn bài, ví dụ Tạp chí Công dân và Khuyến học.",
    "Source_url": "Địa chỉ bài gốc ở nguồn (https://…).",
    "Modified": "Ngày giờ sửa bài, cùng cách viết với Date.",
    "Slug": "Đường dẫn riêng của bài, khi hai tiêu đề bỏ dấu thì trùng nhau; trang tự đổi thành "
    "chữ thường không dấu, nối bằng gạch ngang.",
    "Status": "nháp (không đăng), ẩn (có trang nhưng không hiện trong danh sách) hoặc đăng "
    "(mặc định).",
    "Sample": "true: bài mẫu để minh hoạ, không phải tin thật; make publish từ chối bài mẫu.",
    "Aliases": "Địa chỉ cũ của bài, khi đã đổi tiêu đề sau lúc đăng, ví dụ "
    "/tin-khen-thuong/ten-bai-cu/ (nhiều địa chỉ cách nhau bằng dấu phẩy): địa chỉ cũ chuyển về bài.",
    "Gui_tap_chi": "Ngày đã gửi bài cho Tạp chí Công dân và Khuyến học, ví dụ 09/02/2024.",
    "Tap_chi_url": "Địa chỉ bài trên trang của Tạp chí, khi Tạp chí đã đăng.",
}
PAGE_FIELDS = {
    "Title": "Tên trang.",
    "Summary": "Một câu giới thiệu trang, hiện khi chia sẻ lên Zalo, Facebook.",
    "Slug": ARTICLE_FIELDS["Slug"],
    "Status": ARTICLE_FIELDS["Status"],
    "Modified": ARTICLE_FIELDS["Modified"],
    "Sample": ARTICLE_FIELDS["Sample"],
    "Aliases": ARTICLE_FIELDS["Aliases"],
    "Template": "Khuôn trình bày riêng của trang (trong theme/templates/), ví dụ lien-he.",
}
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = ""
RELATED_ARTICLES_MAX = 3

# Units (đơn vị) are data: the list an article's "Unit:" is checked against (plugins/units).
UNITS_FILE = str(HERE / "content" / "data" / "don-vi.yaml")
UNIT_URL = "don-vi/{slug}/"
UNIT_SAVE_AS = UNIT_URL + "index.html"
UNITS_URL = "don-vi/"
UNITS_SAVE_AS = UNITS_URL + "index.html"

# Search (plugins/search): a Pagefind index of articles and pages, rebuilt on every build, and the
# search page (theme/templates/search.html, which alone loads theme/js/search.js).
SEARCH_URL = "tim-kiem/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
SEARCH_INDEX = True
SEARCH_BUNDLE_DIR = "pagefind"
SEARCH_LANGUAGE = "vi"
SEARCH_EXCLUDE_SELECTORS = [".share", ".sample-note"]
# Index only the first occurrence of a word in each page, in chunks of 4000 positions: on 5,000
# articles, with Pagefind 1.6.0, a first query downloads 131 KB of the index instead of 239 KB
# with every occurrence (scripts/bench_search.py).
SEARCH_WORD_LIMIT = 1
SEARCH_CHUNK_SIZE = 4000
# After a few pages are edited or added, their words are patched into the index instead of
# Pagefind indexing every page again (0.1-0.4 s instead of 2.3 s at 5,000 articles); publishconf.py
# turns it off.
SEARCH_PATCH = True

# sitemap.xml and robots.txt (plugins/sitemap), from the pages each build writes.
SITEMAP_EXCLUDE = ["404.html", SEARCH_URL]
SITEMAP_ROBOTS = True

ARTICLE_PATHS = [kind["folder"] for kind in ARTICLE_KINDS]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images", "extra"]
# YAML data read by plugins (statistics, units): not published, not articles (content_rules).
CONTENT_DATA_PATHS = ["data"]
EXTRA_PATH_METADATA = {
    "extra/favicon.svg": {"path": "favicon.svg"},
}
READERS = {"html": None, "rst": None}
# Editors' tools leave these beside their files: hidden files (macOS's .DS_Store), Windows'
# thumbnails, Word's lock files (~$bai.docx), editors' backups. Never published.
IGNORE_FILES = [".*", "*.swp", "~*", "*~", "README*", "Thumbs.db", "desktop.ini"]

# Pretty, ASCII URLs. Slugs come from the title (unidecode: Đ → d); duplicates are an error.
SLUGIFY_SOURCE = "title"
ARTICLE_URL = "{category}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "nhap/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_SAVE_AS = ""
TAG_URL = "the/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "the/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "tac-gia/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_SAVE_AS = ""
ARCHIVES_URL = "luu-tru/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
YEAR_ARCHIVE_URL = "luu-tru/{date:%Y}/"
YEAR_ARCHIVE_SAVE_AS = YEAR_ARCHIVE_URL + "index.html"
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "tags", "archives", "404", "search"]
TEMPLATE_PAGES = {}

DEFAULT_PAGINATION = 10
# The home page shows the newest articles of each kind and is not paginated (its copies at
# trang/2/, trang/3/… would be identical pages).
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None, "unit": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/trang/{number}/", "{base_name}/trang/{number}/index.html"),
)

# Feeds: Atom for everything and for each kind. Absolute URLs come from FEED_DOMAIN in publishconf.
FEED_ALL_ATOM = "feeds/tat-ca.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{slug}.atom.xml"
FEED_ALL_RSS = None
CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None
FEED_MAX_ITEMS = 20
RSS_FEED_SUMMARY_ONLY = False

# Typography: typogrify is on, without its caps filter, which only knows ASCII capitals
# ("VIỆT <span class=caps>NAM</span>"). The Vietnamese reader (plugins/vietnamese) runs it, so
# that Pelican's reader cache keeps its output.
TYPOGRIFY = True
TYPOGRIFY_OMIT_FILTERS = ["caps"]
MARKDOWN = {
    "extension_configs": {
        # Footnotes say where their back-link goes in Vietnamese, as everything a reader sees.
        "markdown.extensions.extra": {
            "footnotes": {"BACKLINK_TITLE": "Quay lại chỗ có chú thích %d"},
        },
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}
SUMMARY_MAX_LENGTH = 50

# Speed: cache parsed content between builds, outside output/.
CACHE_PATH = str(HERE / ".cache" / "pelican")
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "reader"
CHECK_MODIFIED_METHOD = "mtime"
DELETE_OUTPUT_DIRECTORY = False

# Photos (plugins/photos; editors' guide: docs/huong-dan-anh.md). Variants in AVIF,
# WebP and JPEG at these widths (never larger than the source); a clean copy, without EXIF, at
# the original's address. Cached by content hash in .cache/photos/ (beside CACHE_PATH).
PHOTOS_WIDTHS = [480, 800, 1200]
PHOTOS_FORMATS = ["avif", "webp", "jpeg"]
PHOTOS_QUALITY = {"avif": 55, "webp": 75, "jpeg": 80}
PHOTOS_ORIGINAL_MAX = 2000
PHOTOS_WORKERS = 2
# Sharing (plugins/social): cards for Facebook and Zalo, cached beside the photos.
SOCIAL_CARDS_DIR = "anh-chia-se"
SOCIAL_CARD_NAME = "anh-chia-se"

# Unfinished content (plugins/publishing, khuyenhoc/unfinished.py): sample articles and data,
# placeholder photos, "(điền …)" and empty contact details make a demo, never a public site.
# This build (make html, make serve) is the demo; publishconf.py refuses them.
ALLOW_SAMPLES = True
# The association's contact details, shown in every page's footer and on Liên hệ. make publish
# refuses to run while one is empty.
CONTACT_ADDRESS = ""
CONTACT_PHONE = ""
CONTACT_EMAIL = ""

# Navigation, shown by the theme.
MENU_PAGES = ["so-lieu", "gioi-thieu", "lien-he"]
DISPLAY_PAGES_ON_MENU = False
DISPLAY_CATEGORIES_ON_MENU = False

# Forwarding to the magazine (plugins/magazine; `make tap-chi BAI=…`; editors' guide:
# docs/huong-dan-bien-tap.md). Until the magazine's address and the sender's name are filled in
# (and the contact details above), the command refuses to make a package, naming what is missing.
MAGAZINE_NAME = "Tạp chí Công dân và Khuyến học"
MAGAZINE_EMAIL = ""  # the address the magazine gave the association for contributions
MAGAZINE_SENDER = {
    "name": "",  # full name of whoever forwards for the association
    "unit": SITENAME,
    "address": CONTACT_ADDRESS,  # postal address
    "phone": CONTACT_PHONE,
    "email": CONTACT_EMAIL,
}
MAGAZINE_OUTPUT_PATH = "output-tap-chi"
# What the magazine asks of contributors (the journals' "thể lệ gửi bài"; Nghị định 30/2020).
MAGAZINE_FONT = "Times New Roman"
MAGAZINE_FONT_SIZE = 14
MAGAZINE_LINE_SPACING = 1.5
MAGAZINE_PAGE_MM = (210, 297)  # A4
MAGAZINE_MARGINS_CM = {"top": 2, "bottom": 2, "left": 3, "right": 2}
MAGAZINE_LANGUAGE = "vi-VN"

# Statistics boxes (plugins/stats_boxes): one YAML dataset per file in content/<STATS_DATA_PATH>/,
# shown by a line [[thong-ke: <id>]] in an article; the Số liệu page gathers them all ([[so-lieu]]).
STATS_DATA_PATH = "data/thong-ke"
STATS_PAGE = "pages/so-lieu.md"
STATS_DEFAULT_UNIT = "Toàn tỉnh"
# The Số liệu page: the newest year's figures shown large, then one table per topic comparing the
# years (items of no topic go under "Chỉ tiêu khác").
STATS_SUMMARY_KEYS = ["tong-hoi-vien", "quy-khuyen-hoc", "hoc-bong", "gia-dinh-hoc-tap"]
STATS_TOPICS = [
    {"title": "Hội viên và tổ chức hội", "keys": ["hoi-vien-moi", "tong-hoi-vien", "ban-chi-hoi"]},
    {"title": "Quỹ khuyến học và học bổng", "keys": ["quy-khuyen-hoc", "hoc-bong"]},
    {
        "title": "Mô hình học tập",
        "keys": ["gia-dinh-hoc-tap", "dong-ho-hoc-tap", "cong-dong-hoc-tap", "don-vi-hoc-tap"],
    },
    {
        "title": "Trung tâm học tập cộng đồng",
        "keys": ["trung-tam-hoc-tap-cong-dong", "lop-hoc", "luot-nguoi-du"],
    },
]

# Pelican's own notices that do not concern editors. In development the site has no address yet,
# so feeds use relative links; publishconf.py sets FEED_DOMAIN.
import logging  # noqa: E402

LOG_FILTER = [
    (logging.WARN, "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid"),
]
