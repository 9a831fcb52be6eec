"""Pelican plugin: the open data (data/ in the site) and its pages — 数据下载, 数据字典, English.

It connects to the portal's ``write_pages`` signal (generator/signals.py): the tables are
made from the build's Portal (and the evaluation feature's scores, read from the
``features`` dict), the files are written into ``<output>/data/``, then the pages, which
show each file's size and SHA-256, through the portal's writer. It also tells every
template that the download page exists (the ``open_data`` global), so the footer links
to it only when this plugin is on.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape
from pelican import signals as pelican_signals

from .. import signals
from ..render import urls
from ..render.plugin import PROGRESS_KEY
from . import files, fts
from .columns import Table, last_changed
from .descriptions import chinese
from .tables import tables

#: This feature's key in the build's ``features`` dict: what it wrote (files.Written).
FEATURE = "opendata"
#: Said on the render stage's line with the seconds the data files took.
OPEN_DATA_NOTE = "其中开放数据文件"

#: Table Schema types in words, on the Chinese and English dictionary pages.
TYPE_ZH = {
    "string": "文本",
    "date": "日期（YYYY-MM-DD）",
    "number": "数值",
    "integer": "整数",
    "boolean": "是/否",
}
TYPE_EN = {
    "string": "text",
    "date": "date (YYYY-MM-DD)",
    "number": "number",
    "integer": "integer",
    "boolean": "是 (yes) / 否 (no); JSON true/false",
}


@dataclass
class Entry:
    """One dataset as the download page lists it."""

    table: Table
    files: list[files.DataFile]
    last_change: date | None
    fts_table: str | None

    @property
    def name(self) -> str:
        """The dataset's name."""
        return self.table.name

    @property
    def dataset(self) -> Any:
        """The catalogue entry (titles, descriptions)."""
        return self.table.dataset

    @property
    def count(self) -> int:
        """Number of records."""
        return len(self.table.rows)


def human_size(n: int) -> str:
    """Bytes as people read them: 812 B, 43.1 KB, 2.4 MB."""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


# --------------------------------------------------------------------------- JSON-LD


def _public_base(settings: dict) -> str:
    """Absolute base of the site when published (PORTAL_FEED_DOMAIN), else empty."""
    return str(settings.get("PORTAL_FEED_DOMAIN") or "").rstrip("/")


def _download(f: files.DataFile, base: str) -> dict[str, Any]:
    """A file as a schema.org DataDownload."""
    # relative to the download page (data/index.html) unless the public address is known
    url = f"{base}/{urls.data_file_url(f.name)}" if base else f.name
    return {
        "@type": "DataDownload",
        "name": f.name,
        "encodingFormat": f.mediatype,
        "contentUrl": url,
        "contentSize": f"{f.bytes} B",
        "sha256": f.sha256,
    }


def jsonld(entries: list[Entry], written: files.Written, settings: dict, as_of: date) -> dict:
    """schema.org ``Dataset`` of the whole catalogue, with one ``Dataset`` per dataset as
    ``hasPart``, each file a ``DataDownload`` with its size and SHA-256."""
    base = _public_base(settings)
    lic = files.licence(settings)
    host = {"@type": "GovernmentOrganization", "name": settings.get("PORTAL_HOST", "")}
    common = {"license": lic.get("path", ""), "creator": host, "isAccessibleForFree": True}
    changed = [e.last_change for e in entries if e.last_change]
    parts = []
    for e in entries:
        part = {
            "@type": "Dataset",
            "name": f"{settings.get('SITENAME', '')}：{e.dataset.title}",
            "alternateName": e.dataset.title_en,
            "identifier": e.name,
            "description": f"{e.dataset.description} {e.dataset.description_en}",
            "variableMeasured": [c.name for c in e.table.columns],
            "inLanguage": "zh-CN",
            **common,
            "distribution": [_download(f, base) for f in e.files[:2]],
        }
        if e.last_change:
            part["dateModified"] = e.last_change.isoformat()
        parts.append(part)
    whole = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{settings.get('SITENAME', '')}开放数据",
        "description": (
            f"截至 {as_of.isoformat()} 公示中的双公示、政务承诺、失信案例、部门诚信档案等全部数据，"
            "每个数据集提供 CSV 和 JSON，另有包含全部数据集的 SQLite 数据库。"
            "All data the portal publishes, as CSV, JSON and one SQLite database."
        ),
        "inLanguage": "zh-CN",
        "temporalCoverage": f"../{as_of.isoformat()}",
        **common,
        "publisher": host,
        "distribution": [
            _download(f, base) for f in (written.database, written.datapackage, written.metadata)
        ],
        "hasPart": parts,
    }
    if changed:
        whole["dateModified"] = max(changed).isoformat()
    return whole


# --------------------------------------------------------------------------- receivers


def entries_of(all_tables: list[Table], written: files.Written) -> list[Entry]:
    """The download page's entries, in catalogue order."""
    return [
        Entry(t, written.per_table[t.name], last_changed(t), files.fts_table(t)) for t in all_tables
    ]


def on_write_pages(sender: Any, writer: Any, settings: dict, features: dict, **_: Any) -> None:
    """Write the data files into <output>/data/, then the download and dictionary pages."""
    portal = sender
    start = time.perf_counter()
    all_tables = tables(portal, features)
    data_dir = Path(settings["OUTPUT_PATH"]) / urls.data_file_url("")
    written = files.write_all(all_tables, data_dir, settings, portal.as_of)
    features[FEATURE] = written
    progress = settings.get(PROGRESS_KEY)
    if progress is not None:  # its share of the build is a target (bench/run.py reads the line)
        progress.note(f"{OPEN_DATA_NOTE} {time.perf_counter() - start:.1f} s")
    entries = entries_of(all_tables, written)
    context = {
        "entries": entries,
        "written": written,
        "licence": files.licence(settings),
        "as_of": portal.as_of,
        "size": human_size,
        "type_zh": TYPE_ZH,
        "type_en": TYPE_EN,
        "fts_example": fts.match_query("甲商贸"),
        "zh": {
            f"{t.name}.{c.name}": chinese(t.name, c.name) or "" for t in all_tables for c in t.columns
        },
    }
    writer(
        "data",
        urls.DATA,
        jsonld=jsonld(entries, written, settings, portal.as_of),
        page_title="数据下载",
        **context,
    )
    writer("data_dictionary", urls.DATA_DICTIONARY, page_title="数据字典", **context)
    writer("data_en", urls.DATA_ENGLISH, page_title="Open data (English)", **context)


_CODE = re.compile(r"``(.+?)``")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def docstring_html(text: str) -> Markup:
    """A model docstring for a reader: ``name`` as code, the rest escaped, and marked English
    (``lang="en"``) when it has no Chinese, so screen readers read it as English."""
    html = _CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text)))  # already escaped
    lang = "" if _CJK.search(text) else ' lang="en"'
    return Markup(f"<span{lang}>{html}</span>")


def on_generator_init(generator: Any) -> None:
    """Pelican generator_init: tell every template that the download page exists (footer link),
    and give the dictionary pages their docstring filter."""
    generator.env.globals["open_data"] = True
    generator.env.filters["docstring"] = docstring_html


def register() -> None:
    """Pelican entry point: connect the receivers."""
    signals.write_pages.connect(on_write_pages)
    pelican_signals.generator_init.connect(on_generator_init)
