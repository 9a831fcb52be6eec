"""Atom feeds (press updates, case exposures; feedgenerator), sitemap.xml and robots.txt, deterministic.

Timestamps come from the data (an update's date, a case's exposure date), never
from the clock, so the same content and as-of date give the same bytes. Links are
absolute under ``PORTAL_FEED_DOMAIN`` when it is set (publishing), otherwise
relative to the file (they then resolve against the feed's own address).
"""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from feedgenerator import Atom1Feed
from markupsafe import Markup

from . import urls

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Dates without a time are taken as midnight in the district's time zone (UTC+8).
CST = timezone(timedelta(hours=8))
#: Entries per feed: the newest ones.
FEED_LENGTH = 50
#: Namespace for the feeds' stable entry ids (urn:uuid, derived from the page path).
_ID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "integrity-portal")


def _moment(value: date | datetime) -> datetime:
    """An aware datetime, to the second: a date is midnight UTC+8, a naive datetime is UTC+8."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0), CST)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=CST)
    return value.replace(microsecond=0)


def _href(settings: dict, path: str, depth: int) -> str:
    """Link to a site path from a file ``depth`` folders below the root."""
    domain = (settings.get("PORTAL_FEED_DOMAIN") or "").rstrip("/")
    return f"{domain}/{path}" if domain else "../" * depth + path


def _entry_id(path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NS, path)}"


class PortalAtomFeed(Atom1Feed):
    """feedgenerator's Atom 1.0 writer with plain-text summaries and a feed date from the data.

    ``Atom1Feed`` marks summaries ``type="html"`` and dates an empty feed by the clock;
    here summaries are ``type="text"`` (a reader shows markup in them as text) and the
    feed's ``updated`` is the one given (keyword ``updated``), so output is deterministic.
    """

    def latest_post_date(self) -> datetime:
        """The feed's ``updated``: given by the caller, never the clock."""
        return self.feed["updated"]

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        """The standard entry elements, with the summary written as plain text."""
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def atom(
    title: str, self_path: str, entries: list[dict[str, Any]], settings: dict, as_of: date
) -> bytes:
    """An Atom document; each entry dict has path, title, updated, summary, optional html, category.

    The feed's own ``updated`` is its newest entry's, or the as-of date when it has none.
    """
    depth = self_path.count("/")
    updated = max((_moment(e["updated"]) for e in entries), default=_moment(as_of))
    feed = PortalAtomFeed(
        title=title,
        link=_href(settings, urls.HOME, depth),
        description=None,
        language="zh-CN",
        author_name=str(
            settings.get("PORTAL_HOST") or settings.get("AUTHOR") or settings.get("SITENAME", "")
        ),
        feed_url=_href(settings, self_path, depth),
        feed_guid=_entry_id(self_path),
        updated=updated,
    )
    for e in entries:
        feed.add_item(
            title=e["title"],
            link=_href(settings, e["path"], depth),
            description=e["summary"],
            unique_id=_entry_id(e["path"]),
            updateddate=_moment(e["updated"]),
            categories=[e["category"]] if e.get("category") else (),
            # Already sanitised with nh3; escaped once more by the writer, as type="html" wants.
            content=e.get("html") or None,
        )
    return feed.writeString("utf-8").encode("utf-8") + b"\n"


def update_entries(articles: list) -> list[dict[str, Any]]:
    """Feed entries for press updates (Pelican articles), newest first."""
    ordered = sorted(articles, key=lambda a: (a.date, a.save_as), reverse=True)[:FEED_LENGTH]
    return [
        {
            "path": a.save_as,
            "title": a.title,
            "updated": getattr(a, "modified", None) or a.date,
            "summary": Markup(getattr(a, "summary", "") or "").striptags(),
            "html": a.content,
            "category": str(a.category) if getattr(a, "category", None) else None,
        }
        for a in ordered
    ]


def case_entries(cases: list) -> list[dict[str, Any]]:
    """Feed entries for exposed dishonesty cases and exemplars, newest first."""
    ordered = sorted(cases, key=lambda c: (c.case.exposed_on, c.case.id), reverse=True)[
        :FEED_LENGTH
    ]
    return [
        {
            "path": urls.case_url(c.case.id),
            "title": f"【{c.case.kind.value}】{c.case.title}",
            "updated": c.case.exposed_on,
            "summary": c.case.summary,
            "category": c.case.kind.value,
        }
        for c in ordered
    ]


def write_feeds(output: Path, site: Any, settings: dict) -> None:
    """The press-update and case feeds (``urls.UPDATES_FEED``, ``urls.CASES_FEED``)."""
    name = settings.get("SITENAME", "")
    targets = {
        urls.UPDATES_FEED: atom(
            f"{name}：工作动态",
            urls.UPDATES_FEED,
            update_entries(site.updates),
            settings,
            site.as_of,
        ),
        urls.CASES_FEED: atom(
            f"{name}：失信案例与守信典型",
            urls.CASES_FEED,
            case_entries(site.cases),
            settings,
            site.as_of,
        ),
    }
    for rel, data in targets.items():
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_sitemap(
    output: Path, paths: list[str], settings: dict, lastmod: dict[str, date] | None = None
) -> None:
    """``urls.SITEMAP_XML`` listing every HTML page but the 404 page, in path order, with
    ``<lastmod>`` where the publish history knows when the page's content last changed."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for rel in sorted(p for p in paths if p != urls.NOT_FOUND):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = _href(settings, rel, 0)
        if lastmod and rel in lastmod:
            ET.SubElement(url, f"{{{SITEMAP}}}lastmod").text = lastmod[rel].isoformat()
    ET.indent(urlset)
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + ET.tostring(urlset, encoding="unicode").encode()
        + b"\n"
    )
    (output / urls.SITEMAP_XML).write_bytes(data)


def robots_txt(settings: dict) -> str:
    """robots.txt: every crawler may read everything; the sitemap at the public ``SITEURL``.

    The robots.txt standard wants the sitemap as an absolute address, so without a public
    ``SITEURL`` (local builds) the line is left out rather than guessed.
    """
    lines = ["User-agent: *", "Allow: /"]
    public = str(settings.get("SITEURL") or "").rstrip("/")
    if public.startswith(("http://", "https://")):
        lines += ["", f"Sitemap: {public}/{urls.SITEMAP_XML}"]
    return "\n".join(lines) + "\n"


def write_robots(output: Path, settings: dict) -> None:
    """``urls.ROBOTS`` at the site root (a mirror under a sub-path serves its own)."""
    (output / urls.ROBOTS).write_text(robots_txt(settings), encoding="utf-8")
