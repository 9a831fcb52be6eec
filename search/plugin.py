"""Pelican plugin of search: writes search.html and the small script that drives Pagefind's UI.

The page is rendered through the portal's ``write_pages`` signal, so it gets the same
theme context (navigation, relative ``root``) as every other portal page. The
Pagefind bundle itself is written after Pelican, by ``search.indexing.index_site``, from the
press updates Pelican published in this build (recorded here, see ``record_updates``).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from pelican import signals as pelican_signals

from generator import signals as portal_signals

from .documents import UPDATES_KEY

STATIC = Path(__file__).resolve().parent / "static"
#: Where our script lands in the site (beside search.html's own folder).
SCRIPT_SAVE_AS = "search/portal-search.js"


def write_search_page(portal: Any, writer: Any, settings: dict, **_: Any) -> None:
    """search.html, and search/portal-search.js copied as a file (no inline script)."""
    writer("search", "search.html", page_title="站内搜索", script_path=SCRIPT_SAVE_AS)
    target = Path(settings["OUTPUT_PATH"]) / SCRIPT_SAVE_AS
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC / "portal-search.js", target)


def record_updates(generator: Any) -> None:
    """Pelican article_generator_finalized: keep the articles this build publishes, so the
    search documents hold exactly those (the settings dict is the build's own)."""
    generator.settings[UPDATES_KEY] = [*generator.articles, *generator.translations]


def register() -> None:
    """Pelican entry point."""
    portal_signals.write_pages.connect(write_search_page)
    pelican_signals.article_generator_finalized.connect(record_updates)
