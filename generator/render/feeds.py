"""Atom feeds (press updates, case exposures) and sitemap.xml, deterministic.

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

from markupsafe import Markup

from .urls import case_url

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: Dates without a time are taken as midnight in the district's time zone (UTC+8).
CST = timezone(timedelta(hours=8))
#: Entries per feed: the newest ones.
FEED_LENGTH = 50
#: Namespace for the feeds' stable entry ids (urn:uuid, derived from the page path).
_ID_NS = uuid.uuid5(uuid.NAMESPACE_URL, "integrity-portal")


def _stamp(value: date | datetime) -> str:
    """RFC 3339 timestamp of a date (midnight, UTC+8) or an aware/naive datetime."""
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0), CST)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=CST)
    return value.isoformat(timespec="seconds")


def _href(settings: dict, path: str, depth: int) -> str:
    """Link to a site path from a file ``depth`` folders below the root."""
    domain = (settings.get("PORTAL_FEED_DOMAIN") or "").rstrip("/")
    return f"{domain}/{path}" if domain else "../" * depth + path


def _entry_id(path: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NS, path)}"


def atom(
    title: str, self_path: str, entries: list[dict[str, Any]], settings: dict, as_of: date
) -> bytes:
    """An Atom document; each entry dict has path, title, updated, summary, optional html, category.

    The feed's own ``updated`` is its newest entry's, or the as-of date when it has none.
    """
    depth = self_path.count("/")
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})
    ET.SubElement(feed, f"{{{ATOM}}}title").text = title
    ET.SubElement(feed, f"{{{ATOM}}}id").text = _entry_id(self_path)
    updated = max((e["updated"] for e in entries), default=None)
    stamp = _stamp(updated if updated else as_of)
    ET.SubElement(feed, f"{{{ATOM}}}updated").text = stamp
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "self", "href": _href(settings, self_path, depth)}
    )
    ET.SubElement(
        feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": _href(settings, "index.html", depth)}
    )
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = str(
        settings.get("PORTAL_HOST") or settings.get("AUTHOR")
    )
    for e in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = e["title"]
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _entry_id(e["path"])
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(e["updated"])
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            {"rel": "alternate", "href": _href(settings, e["path"], depth)},
        )
        if e.get("category"):
            ET.SubElement(entry, f"{{{ATOM}}}category", {"term": e["category"]})
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = e["summary"]
        if e.get("html"):
            # Already sanitised with nh3; escaped once more by the serialiser, as type="html" wants.
            ET.SubElement(entry, f"{{{ATOM}}}content", {"type": "html"}).text = e["html"]
    ET.indent(feed)
    return (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + ET.tostring(feed, encoding="unicode").encode()
        + b"\n"
    )


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
            "path": case_url(c.case.id),
            "title": f"【{c.case.kind.value}】{c.case.title}",
            "updated": c.case.exposed_on,
            "summary": c.case.summary,
            "category": c.case.kind.value,
        }
        for c in ordered
    ]


def write_feeds(output: Path, site: Any, settings: dict) -> None:
    """feeds/updates.atom.xml and feeds/cases.atom.xml."""
    name = settings.get("SITENAME", "")
    targets = {
        "feeds/updates.atom.xml": atom(
            f"{name}：工作动态",
            "feeds/updates.atom.xml",
            update_entries(site.updates),
            settings,
            site.as_of,
        ),
        "feeds/cases.atom.xml": atom(
            f"{name}：失信案例与守信典型",
            "feeds/cases.atom.xml",
            case_entries(site.cases),
            settings,
            site.as_of,
        ),
    }
    for rel, data in targets.items():
        path = output / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_sitemap(output: Path, paths: list[str], settings: dict) -> None:
    """sitemap.xml listing every HTML page but the 404 page, in path order."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")
    for rel in sorted(p for p in paths if p != "404.html"):
        url = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(url, f"{{{SITEMAP}}}loc").text = _href(settings, rel, 0)
    ET.indent(urlset)
    data = (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        + ET.tostring(urlset, encoding="unicode").encode()
        + b"\n"
    )
    (output / "sitemap.xml").write_bytes(data)
