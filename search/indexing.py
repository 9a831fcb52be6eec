"""Writing a release's search indexes: the Pagefind bundle in the site, the Whoosh index beside it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.core.privacy import find_leaks
from generator.core.problems import BuildError, Problem

from . import index_dir_for
from .documents import SearchDocument, documents
from .engine import build_index, up_to_date
from .static_index import write_bundle


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
