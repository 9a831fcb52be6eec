"""Site-relative addresses of every page: the one place pages, templates, feeds, scores and search take them from.

Addresses have no leading slash, so every copy of the site (the credit website's mirror
under a sub-path included) resolves them relative to the page. Templates see this module
as the global ``urls`` (``{{ root }}{{ urls.case_url(c.case.id) }}``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..core.kinds import RECORD_KINDS

HOME = "index.html"
DEPARTMENTS = "departments/index.html"
SHUANGGONGSHI = "shuanggongshi/index.html"
SHUANGGONGSHI_LATEST = "shuanggongshi/latest.html"
SHUANGGONGSHI_MONTHS = f"{SHUANGGONGSHI}#by-month"
PROMISES = "promises/index.html"
CASES = "cases/index.html"
EXEMPLARS = "cases/exemplars.html"
OBJECTIONS = "objections/index.html"
REPAIRS = "objections/repairs.html"
"""信用修复: the repair decisions in force (kind, body, date, 文号), never the repaired records."""
SUPERVISION = "supervision/index.html"
"""社会监督 (三(二)): the 12345 hotline and NPC/CPPCC proposal handling, district-wide."""
HOTLINE = "supervision/hotline.html"
PROPOSALS = "supervision/proposals.html"
UPDATES = "updates/index.html"
FEEDS = "feeds/index.html"
UPDATES_FEED = "feeds/updates.atom.xml"
CASES_FEED = "feeds/cases.atom.xml"
SITEMAP = "sitemap.html"
SITEMAP_XML = "sitemap.xml"
ROBOTS = "robots.txt"
SEARCH = "search.html"
CONTACT = "contact.html"
NOT_FOUND = "404.html"
RANKINGS = "evaluation/rankings.html"
METHODOLOGY = "evaluation/methodology.html"


def department_url(dept_id: str) -> str:
    """A department's integrity page."""
    return f"departments/{dept_id}.html"


def archive_entry_url(dept_id: str, entry_id: str) -> str:
    """One integrity-archive entry (二(二)) on its department's page."""
    return f"{department_url(dept_id)}#entry-{entry_id}"


def civil_record_url(dept_id: str, record_id: str) -> str:
    """A civil-servant record (二(一)) on its department's page."""
    return f"{department_url(dept_id)}#civil-{record_id}"


def proposal_item_url(item_id: str) -> str:
    """One public suggestion or proposal on the district proposals page."""
    return f"{PROPOSALS}#item-{item_id}"


def objection_target_url(objection: Any) -> str | None:
    """Where the record an objection contests is shown (an ``ObjectionView``); None once withdrawn."""
    t = objection.target
    if t is None:
        return None
    if t.prefix == "case":
        return case_url(t.id)
    if t.prefix == "civil":
        return civil_record_url(t.department_id, t.id)
    return f"{listing_url(t.department_id, t.prefix, t.year)}#{t.id}"


def department_listings_url(dept_id: str) -> str:
    """A department's 双公示 index (every kind and year)."""
    return f"shuanggongshi/{dept_id}/index.html"


def listing_url(dept_id: str, kind: str, year: int) -> str:
    """The period listing holding a department's records of one kind and year."""
    return f"shuanggongshi/{dept_id}/{RECORD_KINDS[kind].slug}-{year}.html"


def listing_month_url(dept_id: str, kind: str, year: int, month: int) -> str:
    """One month of a period listing too long for one page."""
    return listing_url(dept_id, kind, year)[: -len(".html")] + f"-{month:02d}.html"


def district_month_url(year: int, month: int, part: int = 1) -> str:
    """One month of 双公示 decisions across all departments; parts 2, 3 … past the page limit."""
    tail = f"-{part}" if part > 1 else ""
    return f"shuanggongshi/month/{year}-{month:02d}{tail}.html"


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


# --------------------------------------------------------------------------- publish history

CHANGES = "changes/index.html"
CHANGES_FEED = "feeds/changes.atom.xml"
DELTA_INDEX = "data/changes/index.json"


def changes_day_url(day: date) -> str:
    """The 更新记录 page of one publish day."""
    return f"changes/{day.isoformat()}.html"


def delta_url(day: date) -> str:
    """The machine-readable delta (ADD / MOD / DEL by opaque id) of one publish day."""
    return f"data/changes/{day.isoformat()}.json"


# --------------------------------------------------------------------------- open data

DATA = "data/index.html"
"""数据下载: every dataset with its files, sizes and SHA-256 (generator/opendata)."""
DATA_DICTIONARY = "data/dictionary.html"
"""数据字典: every dataset and column with its meaning."""
DATA_ENGLISH = "data/en.html"
"""The portal and its data dictionary in English, for foreign journalists."""


def data_file_url(name: str) -> str:
    """A file of the open data: ``data/penalties.csv``, ``data/schemas/penalties.json`` …"""
    return f"data/{name}"
