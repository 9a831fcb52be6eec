"""Search: one source of search documents, a Whoosh index for journalists, a static index for citizens.

The rest of the portal uses only ``search.indexing.index_site`` (at build time) and the
functions here, so the engine can be swapped. This package's top stays light: ``portal
search`` and ``portal serve`` import it without loading the build's modules.

Where the indexes live, and why (byte-reproducible builds, ROADMAP):

* The Pagefind bundle is part of the page tree (``<site>/pagefind/``). It is made
  from the same documents in the same order, so it is as reproducible as the pages.
* The Whoosh index is kept **beside** the page tree, in the same release
  (``output.releases/NNNNNN/site.search`` beside ``…/site``; ``index_dir_for`` finds it
  from the live ``output`` link). Whoosh names segments randomly and its files depend on
  the history of incremental updates, so it cannot be byte-identical across builds;
  keeping it out of the page tree keeps the page tree reproducible. It carries
  ``hashes.json`` (a SHA-256 per document): the next build starts from the live index
  (hard links: Whoosh never rewrites a file), re-indexes only documents whose hash
  changed and deletes the ones that are gone (withdrawn).
* Nothing changed, nothing rebuilt: when every document hash matches, the live
  Whoosh index and Pagefind bundle are linked as they are (the bundle's
  ``portal-documents.sha256`` names the documents and Pagefind version it holds).
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["index_dir_for"]


def index_dir_for(site_dir: Path) -> Path:
    """The Whoosh index directory that belongs to a built site: ``<site>.search`` beside it
    (the live link followed, so it is the index of the release being served)."""
    site_dir = Path(site_dir).resolve()
    return site_dir.with_name(f"{site_dir.name}.search")
