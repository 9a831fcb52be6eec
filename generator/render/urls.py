"""Site-relative addresses of every page: the one place pages, templates, feeds, scores and search take them from.

Addresses have no leading slash, so every copy of the site (the credit website's mirror
under a sub-path included) resolves them relative to the page. Templates see this module
as the global ``urls`` (``{{ root }}{{ urls.case_url(c.case.id) }}``).
"""

from __future__ import annotations

from typing import Any

from ..core.kinds import RECORD_KINDS

HOME = "index.html"
DEPARTMENTS = "departments/index.html"
SHUANGGONGSHI = "shuanggongshi/index.html"
PROMISES = "promises/index.html"
CASES = "cases/index.html"
EXEMPLARS = "cases/exemplars.html"
OBJECTIONS = "objections/index.html"
UPDATES = "updates/index.html"
FEEDS = "feeds/index.html"
UPDATES_FEED = "feeds/updates.atom.xml"
CASES_FEED = "feeds/cases.atom.xml"
SITEMAP = "sitemap.html"
SITEMAP_XML = "sitemap.xml"
SEARCH = "search.html"
CONTACT = "contact.html"
NOT_FOUND = "404.html"
RANKINGS = "evaluation/rankings.html"
METHODOLOGY = "evaluation/methodology.html"


def department_url(dept_id: str) -> str:
    """A department's integrity page."""
    return f"departments/{dept_id}.html"


def department_listings_url(dept_id: str) -> str:
    """A department's 双公示 index (every kind and year)."""
    return f"shuanggongshi/{dept_id}/index.html"


def listing_url(dept_id: str, kind: str, year: int) -> str:
    """The period listing holding a department's records of one kind and year."""
    return f"shuanggongshi/{dept_id}/{RECORD_KINDS[kind].slug}-{year}.html"


def listing_month_url(dept_id: str, kind: str, year: int, month: int) -> str:
    """One month of a period listing too long for one page."""
    return listing_url(dept_id, kind, year)[: -len(".html")] + f"-{month:02d}.html"


def record_url(record: Any) -> str:
    """A record's permalink: its period listing and its stable anchor (a ``PublicRecord``)."""
    return f"{listing_url(record.department.id, record.kind, record.year)}#{record.key}"


def case_url(case_id: str) -> str:
    """A case or exemplar page."""
    return f"cases/{case_id}.html"


def cases_url(exemplar: bool) -> str:
    """The list of dishonesty cases, or of exemplars."""
    return EXEMPLARS if exemplar else CASES


def promise_url(promise_id: str) -> str:
    """A promise page."""
    return f"promises/{promise_id}.html"


def promise_filter_url(dimension: str, slug: str) -> str:
    """A pre-filtered promise list: by ``department``, ``category`` or ``rating``."""
    return f"promises/{dimension}/{slug}.html"
