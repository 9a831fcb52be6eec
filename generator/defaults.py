"""The portal's Pelican settings: what every site starts from, shipped inside the package.

A site's own ``pelicanconf.py`` imports these (``from generator.defaults import *``) and
changes what differs; ``portal build`` reads that file when it is in the current folder
(or is named with ``--settings``), else these. ``portal build`` itself sets PATH,
OUTPUT_PATH and PORTAL_AS_OF. Every PORTAL_* setting is documented in docs/settings.md
(a test checks that). The site identity below is the fictional 示例区's: demo values.
"""

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _theme() -> str:
    """The theme folder: inside the package when installed, beside it in a source checkout."""
    for candidate in (_HERE / "theme", _HERE.parent / "theme"):
        if (candidate / "templates").is_dir():
            return str(candidate)
    raise FileNotFoundError("portal theme not found (generator/theme or theme/)")

AUTHOR = "示例区社会信用体系建设工作领导小组办公室"
SITENAME = "示例区政务诚信公示"
SITEURL = ""
# Relative URLs let every copy of the site work under any sub-path, the credit website's mirror included.
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = ["updates"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
IGNORE_FILES = [".#*", "data"]
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y年%m月%d日"
DEFAULT_PAGINATION = 20

THEME = _theme()
# Features are plugins: drop one from this list and core builds without it.
PLUGINS = [
    "generator.render.plugin",
    "generator.evaluation.plugin",
    "generator.opendata.plugin",
    "search.plugin",
]

# Press updates live under /updates/, pages at the top level.
ARTICLE_URL = "updates/{slug}.html"
ARTICLE_SAVE_AS = "updates/{slug}.html"
PAGE_URL = "{slug}.html"
PAGE_SAVE_AS = "{slug}.html"
CATEGORY_URL = "updates/category/{slug}.html"
CATEGORY_SAVE_AS = "updates/category/{slug}.html"
INDEX_SAVE_AS = "updates/index.html"
TAGS_SAVE_AS = ""
TAG_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
SLUGIFY_SOURCE = "basename"

# Feeds are written by the portal plugin (updates and cases) with stable timestamps.
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Reproducible output: no build-time timestamps, content order fixed.
ARTICLE_ORDER_BY = "reversed-date"
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
MARKDOWN = {
    "extension_configs": {"markdown.extensions.extra": {}, "markdown.extensions.toc": {}},
    "output_format": "html5",
}

# --- portal settings (docs/settings.md) ---
PORTAL_AS_OF = None
PORTAL_DEMO = True
PORTAL_HOST = "示例区社会信用体系建设工作领导小组办公室"
PORTAL_SITE_CODE = "0000000000"
PORTAL_ICP = "示ICP备00000000号"
PORTAL_PSB = "示公网安备 00000000000000号"
PORTAL_CONTACT = "示例区发展和改革局信用科（演示数据）"
PORTAL_CONTACT_PHONE = "0000-86000000（演示数据）"
PORTAL_CONTACT_ADDRESS = "示例市示例区政务服务中心信用工作窗口（演示数据）"
# 政府网站发展指引 page metadata (SiteDomain) and footer links; links only, nothing is fetched.
PORTAL_SITE_DOMAIN = "credit.example.gov.cn"
PORTAL_ERROR_REPORT_URL = "https://zfwzzc.www.gov.cn/"
PORTAL_CHANNELS = [
    ("信用中国", "https://www.creditchina.gov.cn/"),
    ("信用济南", "http://credit.jinan.gov.cn/"),
]
PORTAL_LATEST_DAYS = 90
PORTAL_KEEP_RELEASES = 3
# The journalists' search index: "whoosh" (default) or "tantivy" (district scale, docs/settings.md).
PORTAL_SEARCH_ENGINE = "whoosh"
# None: <output>.ledger.sqlite beside the output (docs/settings.md).
PORTAL_LEDGER = None
# Licence of the open data in data/ (datapackage.json, Datasette, the 数据下载 page): an SPDX
# id or a LicenseRef- name, a title, and where its text is (a district's own terms: a page of the site).
PORTAL_DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "title": "知识共享署名 4.0 国际许可协议（CC BY 4.0）",
    "path": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans",
}
