"""Search: one source of search documents, a Whoosh index for journalists, a static index for citizens.

The rest of the portal uses only the functions exported here, so the engine can be swapped.

Where the indexes live, and why (byte-reproducible builds, ROADMAP):

* The Pagefind bundle is part of the page tree (``<site>/pagefind/``). It is made
  from the same documents in the same order, so it is as reproducible as the pages.
* The Whoosh index is kept **beside** the page tree, in ``<site>.search/`` (for
  ``output/``: ``output.search/``). Whoosh names segments randomly and its files
  depend on the history of incremental updates, so it cannot be byte-identical
  across builds; keeping it out of the page tree keeps the page tree reproducible.
  It carries ``hashes.json`` (a SHA-256 per document): the next build copies the
  live index into a fresh ``.<site>.search.building/``, re-indexes only documents
  whose hash changed, deletes the ones that are gone (withdrawn), and swaps the
  directory in with renames only once it is complete. A mirror that wants to serve
  the API copies ``<site>.search/`` along with ``<site>/``.
* Nothing changed, nothing rebuilt: when every document hash matches, the live
  Whoosh index stays as it is and the live Pagefind bundle is copied (its
  ``portal-documents.sha256`` names the documents and Pagefind version it holds).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.core.privacy import find_leaks
from generator.core.problems import BuildError, Problem

from .documents import SearchDocument, documents
from .engine import build_index, up_to_date
from .static_index import write_bundle

__all__ = ["SearchDocument", "documents", "index_dir_for", "index_site"]


def index_dir_for(site_dir: Path) -> Path:
    """The Whoosh index directory that belongs to a built site: ``<site>.search`` beside it."""
    site_dir = Path(site_dir).resolve()
    return site_dir.with_name(f"{site_dir.name}.search")


def _refuse_leaks(docs: list[SearchDocument]) -> None:
    """Stop the build if a document holds a full ID or mobile number.

    The leak scan reads the rendered pages, but not the indexes (Pagefind's files are
    compressed), so the documents are checked here, before anything is written.
    """
    problems = [
        Problem(f"search:{doc.id}", line, kind, "搜索文档含完整个人号码，构建已中止（号码未显示）")
        for doc in docs
        for line, kind in find_leaks(json.dumps(doc.as_dict(), ensure_ascii=False).encode("utf-8"))
    ]
    if problems:
        raise BuildError(problems)


def index_site(
    portal, site_dir: Path, settings: dict, live_site: Path, index_target: Path
) -> None:
    """Write every search index of a freshly rendered site.

    The Pagefind bundle goes into ``site_dir`` (the staging tree). The Whoosh index is
    written into ``index_target``, starting from the index of ``live_site`` (the tree
    being replaced): only documents whose hash changed are re-indexed, and when none did
    the live index is hard-linked as it is (Whoosh never rewrites a file in place).
    """
    docs = documents(portal, settings)
    _refuse_leaks(docs)
    write_bundle(docs, Path(site_dir), previous=Path(live_site))
    live = index_dir_for(live_site)
    try:
        if up_to_date(docs, live):
            shutil.copytree(live, index_target, copy_function=os.link)
        else:
            build_index(docs, index_target, previous=live, procs=min(2, os.cpu_count() or 1))
    except BaseException:
        shutil.rmtree(index_target, ignore_errors=True)
        raise
