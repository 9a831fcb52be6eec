"""Writing a release's search indexes: the Pagefind bundle in the site, the Whoosh index beside it."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.core.privacy import find_leaks
from generator.core.problems import BuildError, Problem

from . import index_dir_for
from .documents import SearchDocument, documents
from .engine import build_index, up_to_date
from .static_index import start_bundle


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
    portal,
    site_dir: Path,
    settings: dict,
    live_site: Path,
    index_target: Path,
    progress: Any = None,
) -> None:
    """Write every search index of a freshly rendered site.

    The Pagefind bundle goes into ``site_dir`` (the staging tree). The Whoosh index is
    written into ``index_target``, starting from the index of ``live_site`` (the tree
    being replaced): only documents whose hash changed are re-indexed, and when none did
    the live index is hard-linked as it is (Whoosh never rewrites a file in place).
    """
    progress = progress or _NoProgress()
    with progress.stage("搜索文档"):
        docs = documents(portal, settings)
        _refuse_leaks(docs)
    # Pagefind (its own process) indexes on one core while Whoosh indexes on the other.
    bundle = start_bundle(docs, Path(site_dir), previous=Path(live_site))
    live = index_dir_for(live_site)
    try:
        with progress.stage("检索索引（Whoosh 或 tantivy，Pagefind 同时在另一核上）"):
            engine = settings.get("PORTAL_SEARCH_ENGINE") or "whoosh"
            if up_to_date(docs, live, engine):
                shutil.copytree(live, index_target, copy_function=os.link)
            else:
                procs = min(2, os.cpu_count() or 1)
                build_index(docs, index_target, previous=live, procs=procs, engine=engine)
    except BaseException:
        shutil.rmtree(index_target, ignore_errors=True)
        _abandon(bundle)
        raise
    with progress.stage("静态搜索（Pagefind，等待完成）"):
        bundle.finish()
        if bundle.reused:
            progress.note("沿用现有索引包")


def _abandon(bundle: Any) -> None:
    """Wait for a background bundle whose build is failing anyway; its own error is secondary."""
    try:
        bundle.finish()
    except Exception:  # noqa: BLE001 - the Whoosh error is the one reported
        pass


class _NoProgress:
    """Stands in for generator.publish.progress.Progress when the caller passes none."""

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[_NoProgress]:
        yield self

    def advance(self, n: int = 1) -> None:
        pass
