"""What templates and press-office HTML go through: the nh3 sanitiser and the template filters.

Press updates and pages are ordinary Pelican content; their Markdown HTML is sanitised
here (``content_object_init``). The filters and globals are added to every generator's
Jinja environment (``generator_init``), so Pelican's own pages can use them too.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import nh3
from pelican.contents import Article
from pelican.generators import Generator

from . import urls
from .columns import column_of

#: Tags press-office Markdown may produce; everything else is removed (its text kept).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
    "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
}


def _no_remote_images(tag: str, attr: str, value: str) -> str | None:
    """Drop image sources on other hosts: pages make no external requests."""
    if (
        tag == "img"
        and attr == "src"
        and value.strip().lower().startswith(("http:", "https:", "//"))
    ):
        return None
    return value


def sanitise(html: str) -> str:
    """Clean press-office HTML with nh3: allow-listed tags, http(s)/mailto links only."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_no_remote_images,
    )


def sanitise_content(content: Any) -> None:
    """Pelican content_object_init: sanitise an article's or page's HTML and summary."""
    if getattr(content, "_content", None):
        content._content = sanitise(content._content)
    summary = content.metadata.get("summary") if hasattr(content, "metadata") else None
    if isinstance(summary, str):
        content.metadata["summary"] = sanitise(summary)
        if hasattr(content, "_summary"):
            content._summary = content.metadata["summary"]


def build_as_of(settings: dict) -> date:
    """The date a build shows the data as of: PORTAL_AS_OF (``portal build --as-of``), else today."""
    configured = settings.get("PORTAL_AS_OF")
    return date.fromisoformat(str(configured)) if configured else date.today()


def hold_future_updates(content: Any) -> None:
    """Pelican content_object_init: a press update dated after the as-of date is a draft.

    Pelican's own WITH_FUTURE_DATES compares with the clock; a build "as of" an earlier
    date must not publish what was dated after it. A draft is written nowhere
    (DRAFT_SAVE_AS is empty), so it is on no page, feed, sitemap or search index; the
    search documents apply the same rule (search/documents.py).
    """
    day = getattr(content, "date", None)
    if isinstance(content, Article) and day is not None and day.date() > build_as_of(content.settings):
        content.status = "draft"


# --------------------------------------------------------------------------- template helpers


def cndate(value: date | None) -> str:
    """2026-11-28 → 2026年11月28日 (empty for None)."""
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else ""


def percent(value: float | None) -> str:
    """0.8765 → 87.7%; None → 无数据."""
    return "无数据" if value is None else f"{value * 100:.1f}%"


def wan(value: Any) -> str:
    """An amount in 万元 as shown."""
    return "" if value is None else f"{value}万元"


def slug_of(enum_value: Any) -> str:
    """The ASCII URL slug of an enum member (its Python name)."""
    return enum_value.name.replace("_", "-")


def evidence_href(url: str | None, root: str) -> str | None:
    """An evidence link: site-relative paths ("/x") become relative to the page."""
    if not url:
        return None
    return root + url.lstrip("/") if url.startswith("/") else url


def add_to_environment(generator: Generator) -> None:
    """Pelican generator_init: the filters and the globals ``urls``, ``column_of`` in every env."""
    generator.env.filters.update(
        {
            "cndate": cndate,
            "percent": percent,
            "wan": wan,
            "slug_of": slug_of,
            "evidence_href": evidence_href,
        }
    )
    generator.env.globals["urls"] = urls
    generator.env.globals["column_of"] = column_of
