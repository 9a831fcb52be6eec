"""Press updates: published exactly where Pelican writes them, never after the as-of date, or reported.

Issue 11, points 8 and 10: an update whose ``Slug`` pointed outside the site was dropped by
Pelican but stayed in search; a file named ``..md`` gave a traceback from the search
documents; updates dated after ``--as-of`` were published in a build "as of" an earlier date.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.core.derive import derive
from generator.core.portal import check as core_check
from generator.publish import pipeline
from search import index_dir_for
from search.documents import documents
from search.engine import SearchRequest, open_index

from .conftest import file_texts
from .contentkit import make_tree

AS_OF = date(2025, 11, 1)

PAST = "Title: 当天动态\nDate: 2025-11-01 23:00\nSlug: same-day\n\n当天动态标记 正文。\n"
FUTURE = "Title: 次日动态\nDate: 2025-11-02 09:00\nSlug: next-day\nSummary: 次日摘要标记\n\n次日动态标记 正文。\n"


def _whoosh_hits(site: Path, text: str) -> list[str]:
    index = open_index(index_dir_for(site))
    try:
        return [h.id for h in index.search(SearchRequest(text, per_page=50)).hits]
    finally:
        index.close()


@pytest.fixture(scope="module")
def as_of_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("asof")
    content = make_tree(root, {"updates/past.md": PAST, "updates/future.md": FUTURE})
    return pipeline.build(content, root / "out", as_of=AS_OF)


@pytest.mark.slow
def test_update_dated_after_as_of_is_published_nowhere(as_of_site: Path) -> None:
    texts = file_texts(as_of_site)  # pages, feeds, sitemap, Pagefind fragments (un-gzipped)
    assert not (as_of_site / "updates" / "next-day.html").exists()
    for needle in ("次日动态标记", "次日摘要标记", "next-day", "次日动态"):
        hits = [p.relative_to(as_of_site).as_posix() for p, data in texts.items() if needle.encode() in data]
        assert not hits, f"{needle} in {hits}"
    assert _whoosh_hits(as_of_site, "次日动态标记") == []
    # … while the update of the as-of day itself is everywhere, so the search above looked in the right places
    for path in ("updates/same-day.html", "updates/index.html", "feeds/updates.atom.xml", "sitemap.xml"):
        assert b"same-day" in texts[as_of_site / path] or "当天动态".encode() in texts[as_of_site / path], path
    assert any(b"same-day" in data for p, data in texts.items() if "pagefind/fragment" in p.as_posix())
    assert _whoosh_hits(as_of_site, "当天动态标记") == ["update:same-day"]


# --------------------------------------------------------------------------- what Pelican would skip


BAD_FILES = {
    "updates/out.md": "Title: 出界\nDate: 2025-03-01\nSlug: ../../x\n\n出界标记\n",
    "updates/..md": "Title: 点点\nDate: 2025-03-01\n\n点点标记\n",
    "updates/good.md": "Title: 正常\nDate: 2025-03-01\nSlug: good\n\n正常标记\n",
    "updates/twin.md": "Title: 重复\nDate: 2025-03-02\nSlug: good\n\n重复标记\n",
    "updates/home.md": "Title: 覆盖首页\nDate: 2025-03-02\nSlug: home\nSave_as: index.html\n\n覆盖标记\n",
    "updates/listing.md": "Title: 覆盖列表\nDate: 2025-03-02\nSlug: index\n\n列表标记\n",
    "updates/undated.md": "Title: 无日期\nSlug: undated\n\n无日期标记\n",
    "updates/baddate.md": "Title: 坏日期\nDate: 2025-13-45\nSlug: bad-date\nStatus: publish\n\n坏日期标记\n",
    "updates/draft.md": "Title: 草稿\nSlug: draft-undated\nStatus: draft\n\n草稿无日期可以\n",
    "updates/gbk.md": "Title: 编码\nDate: 2025-03-01\n\n国标编码\n".encode("gb18030"),
    "updates/通知.md": "Title: 中文文件名\nDate: 2025-03-01\n\n拼音网址 tong-zhi，没有问题\n",
    "updates/！！.md": "Title: 符号文件名\nDate: 2025-03-01\n\n符号标记\n",
    "pages/search.md": "Title: 搜索\nSlug: search\n\n页面标记\n",
    "updates/.#lock.md": "editor lock file: ignored by Pelican and by the check\n",
}


def test_validate_reports_every_update_pelican_would_skip_or_collide(tmp_path: Path) -> None:
    content = make_tree(tmp_path, BAD_FILES)
    found = [str(p) for p in pipeline.check(content).problems]
    assert found == [
        "content/pages/search.md:2: Slug: 「search」的地址 search.html 是门户自己的页面；请换一个",
        "content/updates/..md:1: 文件名: 以「.」开头的文件不会被发布；请改名，如 2026-01-20-biao-ti.md",
        "content/updates/baddate.md:2: Date: 「2025-13-45」不是日期，应为 2026-01-20 09:00",
        "content/updates/baddate.md:4: Status: 「publish」应为 draft、hidden 或 published",
        "content/updates/gbk.md:1: 编码: Markdown 文件必须是 UTF-8 编码",
        "content/updates/home.md:4: Save_as: 不支持：网址由 Slug 决定，请删去这一行",
        "content/updates/listing.md:3: Slug: 「index」的地址 updates/index.html 是门户自己的页面；请换一个",
        "content/updates/out.md:3: Slug: 「../../x」不能作网址：只能用字母、数字、- 和 _（不含 / 和 ..）",
        "content/updates/twin.md:3: Slug: 「good」与 content/updates/good.md:3 的地址相同（updates/good.html）",
        "content/updates/undated.md:1: Date: 缺少日期（Date: 2026-01-20 09:00）",
        "content/updates/！！.md:1: 文件名: 文件名里没有可作网址的字母或数字；请加一行 Slug: 拼音-网址",
    ]


def test_shipped_updates_and_pages_pass_the_check() -> None:
    from generator.render.press import check_markdown

    from .conftest import SAMPLE_CONTENT

    assert check_markdown(SAMPLE_CONTENT) == []


def test_search_documents_hold_only_what_pelican_published(tmp_path: Path) -> None:
    """Even when content that fails validation reaches the search documents: no traceback, and
    only updates Pelican writes, at the address it writes them to."""
    content = make_tree(
        tmp_path,
        {k: v for k, v in BAD_FILES.items() if k in ("updates/out.md", "updates/..md", "updates/good.md")},
    )
    portal = derive(core_check(content).content, AS_OF)
    settings = pipeline.pelican_settings(content, tmp_path / "out", AS_OF)
    updates = [d for d in documents(portal, settings) if d.type == "update"]
    assert [(d.id, d.url) for d in updates] == [("update:good", "updates/good.html")]


def test_an_editors_lock_file_is_no_traceback(tmp_path: Path) -> None:
    """Emacs marks a file being edited with a link to nowhere, ``.#name.md``: Pelican ignores it,
    and so does ``portal validate`` (it used to stop with FileNotFoundError)."""
    content = make_tree(tmp_path, {"updates/a.md": "Title: 甲\nDate: 2025-01-01\nSlug: a\n\n正文\n"})
    (content / "updates" / ".#a.md").symlink_to("user@host.1234:1700000000")
    assert pipeline.check(content).problems == []
