"""The in-browser search bundle: Pagefind (extended build, Chinese segmentation) fed custom records.

Pages are not crawled: Pagefind's memory grows with pages (ROADMAP), and the search
documents already say what each result is. One compact record per document goes in,
with filters 类型 and 部门 and the title as metadata. The bundle lands in ``pagefind/``
of the staging site, beside the pages that its URLs point to.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .documents import SearchDocument

BUNDLE_DIR = "pagefind"


def _record(doc: SearchDocument) -> dict:
    """Arguments of ``PagefindIndex.add_custom_record`` for one document."""
    meta = {"title": doc.title}
    if doc.date:
        meta["date"] = doc.date.isoformat()
    filters = {"类型": [doc.type_label]}
    if doc.dept_name:
        filters["部门"] = [doc.dept_name]
    # Identifiers go into the text so that a 文号 or 统一社会信用代码 typed in the box finds the record.
    content = "\n".join(p for p in (doc.title, doc.subject, doc.uscc, doc.decision_no, doc.dept_name, doc.body) if p)
    sort = {"date": doc.date.isoformat()} if doc.date else None
    return {"url": doc.url, "content": content, "language": "zh", "meta": meta, "filters": filters, "sort": sort}


async def _write(docs: list[SearchDocument], site_dir: Path) -> None:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(site_dir / BUNDLE_DIR), force_language="zh")
    async with PagefindIndex(config=config) as idx:
        for doc in docs:
            await idx.add_custom_record(**_record(doc))


def write_bundle(docs: list[SearchDocument], site_dir: Path) -> Path:
    """Write the Pagefind bundle for ``docs`` into ``site_dir/pagefind``; returns that folder."""
    site_dir = Path(site_dir)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(_write(docs, site_dir))
    else:
        # Called from inside an event loop (an async caller, Playwright's sync API):
        # the Pagefind service gets a loop of its own in a worker thread.
        with ThreadPoolExecutor(max_workers=1) as pool:
            pool.submit(asyncio.run, _write(docs, site_dir)).result()
    return site_dir / BUNDLE_DIR
