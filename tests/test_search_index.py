"""Search documents and the index (Whoosh and tantivy): what goes in, incremental updates, the swap."""

from __future__ import annotations

import dataclasses
import json
import re
from datetime import date
from pathlib import Path

import pytest

from generator.core.derive import derive
from generator.publish.pipeline import BuildError, check, pelican_settings
from search import index_dir_for
from search.documents import SearchDocument, documents
from search.engine import META_FILE, QueryError, SearchRequest, build_index, open_index
from search.indexing import index_site
from tests.contentkit import PERSON_ID, penalties_csv, penalty_row
from tests.searchkit import AS_OF, FOOD, WITHDRAWN, search_tree

# Every test here runs under each engine (conftest ``engine``: build_index's default).
pytestmark = pytest.mark.usefixtures("engine")


@pytest.fixture(scope="module")
def portal_and_settings(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("docs")
    content = search_tree(root)
    person = penalty_row(
        name="张三丰", kind="自然人", uscc_code="", id_type="身份证", id_no=PERSON_ID,
        no="示市监罚〔2025〕5号", facts="无证摆摊经营", fine="0.1",
    )
    (content / "data/penalties/person.csv").write_bytes(penalties_csv(person))
    checked = check(content)
    assert not checked.problems, checked.problems
    return derive(checked.content, AS_OF), pelican_settings(content, root / "out", AS_OF)


def test_documents_cover_every_kind_and_skip_withdrawn(portal_and_settings) -> None:
    portal, settings = portal_and_settings
    docs = documents(portal, settings)
    ids = [d.id for d in docs]
    assert len(ids) == len(set(ids))
    assert {d.type for d in docs} == {"penalty", "case", "promise", "department", "update"}
    assert f"penalty:{FOOD['no']}" in ids
    assert f"penalty:{WITHDRAWN['no']}" not in ids
    assert not any(WITHDRAWN["name"] in json.dumps(d.as_dict(), ensure_ascii=False) for d in docs)
    # Same input, same documents in the same order (the Pagefind bundle depends on it).
    assert [d.digest for d in documents(portal, settings)] == [d.digest for d in docs]


def test_natural_person_appears_only_as_published(portal_and_settings) -> None:
    portal, settings = portal_and_settings
    text = json.dumps([d.as_dict() for d in documents(portal, settings)], ensure_ascii=False)
    assert "张某" in text
    assert "张三丰" not in text and PERSON_ID not in text and PERSON_ID[6:14] not in text


def test_update_document_is_plain_text_and_drafts_are_left_out(portal_and_settings) -> None:
    portal, settings = portal_and_settings
    updates = [d for d in documents(portal, settings) if d.type == "update"]
    assert [u.id for u in updates] == ["update:2025-10-01-week"]  # not the draft
    update = updates[0]
    assert update.title == "我区举办诚信宣传周活动"
    assert "本周举办信用修复政策讲座" in update.body and "<" not in update.body
    assert update.category == "工作动态" and str(update.date) == "2025-10-01"


def _hits(path: Path, text: str) -> list[str]:
    idx = open_index(path)
    try:
        return [h.id for h in idx.search(SearchRequest(text, per_page=50)).hits]
    finally:
        idx.close()


def test_incremental_update_touches_only_changes(portal_and_settings, tmp_path: Path) -> None:
    portal, settings = portal_and_settings
    docs = documents(portal, settings)
    first = build_index(docs, tmp_path / "v1")
    assert (first.added, first.incremental) == (len(docs), False)

    food = next(d for d in docs if d.decision_no == FOOD["no"])
    changed = dataclasses.replace(food, body=food.body + "\n补充说明：涉案冷库已查封")
    gone = next(d for d in docs if d.type == "promise")
    new_docs = [changed if d is food else d for d in docs if d is not gone]
    second = build_index(new_docs, tmp_path / "v2", previous=tmp_path / "v1")
    assert (second.added, second.updated, second.deleted, second.incremental) == (0, 1, 1, True)
    assert _hits(tmp_path / "v2", "冷库") == [food.id]
    assert _hits(tmp_path / "v2", "房租补贴") == []
    assert _hits(tmp_path / "v1", "房租补贴") == [gone.id]  # the previous index is left as it was
    assert _hits(tmp_path / "v2", FOOD["name"]) == [food.id]  # updated, not duplicated

    third = build_index(new_docs, tmp_path / "v3", previous=tmp_path / "v2")
    assert (third.added, third.updated, third.deleted) == (0, 0, 0)


def test_other_schema_version_means_full_rebuild(portal_and_settings, tmp_path: Path) -> None:
    portal, settings = portal_and_settings
    docs = documents(portal, settings)
    build_index(docs, tmp_path / "v1")
    meta = tmp_path / "v1" / META_FILE
    meta.write_text(json.dumps({"schema_version": -1}))
    stats = build_index(docs, tmp_path / "v2", previous=tmp_path / "v1")
    assert (stats.incremental, stats.added) == (False, len(docs))


def test_index_site_writes_a_complete_index_reusing_the_live_one(portal_and_settings, tmp_path: Path) -> None:
    portal, settings = portal_and_settings
    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()
    index_site(portal, staging, settings, live_site=out, index_target=tmp_path / "first")
    assert open_index(tmp_path / "first").doc_count > 0
    assert (staging / "pagefind" / "pagefind-ui.js").is_file()
    (tmp_path / "first").rename(index_dir_for(out))
    assert index_dir_for(out) == tmp_path / "out.search"
    # The live index already holds these documents: the new one shares its files.
    index_site(portal, staging, settings, live_site=out, index_target=tmp_path / "second")
    live = {p.name: p.stat().st_ino for p in index_dir_for(out).iterdir()}
    assert {p.name: p.stat().st_ino for p in (tmp_path / "second").iterdir()} == live


@pytest.mark.slow  # two Pagefind bundles
def test_pagefind_bundle_is_reproducible(portal_and_settings, tmp_path: Path) -> None:
    portal, settings = portal_and_settings
    trees = []
    for name in ("a", "b"):
        site = tmp_path / name
        site.mkdir()
        index_site(portal, site, settings, live_site=site, index_target=tmp_path / f"{name}.idx")
        trees.append({p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()})
    # Pagefind 1.5.2 writes its filter indexes in hash-map order (upstream issue #638: fragments
    # are stable since 1.3, filter and metadata indexes are not), and their names and the entry
    # file follow; everything else, fragments and word indexes included, must be identical.
    unstable = re.compile(r"^pagefind/(filter/.*|pagefind\.zh_\w+\.pf_meta|pagefind-entry\.json)$")
    stable = [{k: v for k, v in t.items() if not unstable.match(k)} for t in trees]
    assert len(stable[0]) > 10
    assert stable[0] == stable[1]
    assert len(trees[0]) == len(trees[1])


def test_query_errors_are_query_errors(portal_and_settings, tmp_path: Path) -> None:
    portal, settings = portal_and_settings
    build_index(documents(portal, settings), tmp_path / "ix")
    idx = open_index(tmp_path / "ix")
    try:
        for bad in ("类型:penalty date:[2025 TO", "日期:[2025-13-45 TO 2026-01-01]", "x" * 501):
            with pytest.raises(QueryError):
                idx.search(SearchRequest(bad))
        with pytest.raises(QueryError, match="起始日期晚于截止日期"):
            idx.search(SearchRequest("公司", date_from=AS_OF, date_to=AS_OF.replace(year=2020)))
    finally:
        idx.close()


def test_totals_are_exact_with_filters_and_pages(tmp_path: Path) -> None:
    docs = [
        SearchDocument(
            type="penalty" if i % 3 else "case",
            id=f"t:{i}",
            url=f"x/{i}.html",
            title=f"示例区第{i}号记录",
            body=f"示例区某公司第{i}号违法事实" + ("；涉及食品安全" if i % 5 == 0 else ""),
            date=date(2024, 1 + i % 12, 1),
        )
        for i in range(600)
    ]
    build_index(docs, tmp_path / "ix")
    idx = open_index(tmp_path / "ix")
    try:
        for sort in ("relevance", "date"):
            res = idx.search(SearchRequest("示例区", type="penalty", per_page=5, page=3, sort=sort))
            assert (res.total, len(res.hits)) == (400, 5)
            res = idx.search(SearchRequest("示例区 食品安全", type="case", per_page=5, sort=sort, time_limit=5))
            assert res.total == len([i for i in range(600) if i % 3 == 0 and i % 5 == 0])
        res = idx.search(SearchRequest("示例区", date_from=date(2024, 3, 1), date_to=date(2024, 3, 31), per_page=100))
        assert res.total == 50 and {h.date for h in res.hits} == {"2024-03-01"}
    finally:
        idx.close()


def test_personal_number_in_a_document_stops_indexing(tmp_path: Path) -> None:
    """The page scan cannot read compressed index files, so documents are checked themselves."""
    content = search_tree(tmp_path)
    cases = content / "data/cases.yaml"
    cases.write_text(cases.read_text("utf-8").replace("限期整改。", "限期整改，联系人手机13812345678。"), "utf-8")
    checked = check(content)
    # Validation finds it where it was typed; the index guard must hold on its own all the same.
    assert [(p.path, p.field) for p in checked.problems] == [("content/data/cases.yaml", "summary")]
    portal = derive(checked.content, AS_OF)
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(BuildError) as err:
        index_site(
            portal,
            staging,
            pelican_settings(content, staging, AS_OF),
            live_site=tmp_path / "out",
            index_target=tmp_path / "fresh",
        )
    assert [str(p) for p in err.value.problems] == [
        "search:case:late-payment:1: 手机号码: 搜索文档含完整个人号码，构建已中止（号码未显示）"
    ]
    assert list(staging.iterdir()) == [] and not (tmp_path / "fresh").exists()


@pytest.mark.slow  # a 200-record sample indexed and queried record by record
def test_sample_content_every_record_found_by_its_numbers(tmp_path: Path) -> None:
    """On `portal sample` content, each public record is found by its 文号 and by its code."""
    from demo.sample import write_sample

    write_sample(tmp_path / "content", records=200, seed=3)
    checked = check(tmp_path / "content")
    assert not checked.problems, checked.problems[:3]
    portal = derive(checked.content, AS_OF)
    docs = documents(portal)
    build_index(docs, tmp_path / "ix")
    idx = open_index(tmp_path / "ix")
    try:
        records = [d for d in docs if d.type in ("penalty", "license", "act")]
        assert len(records) > 50
        for doc in records:
            hits = idx.search(SearchRequest(f"文号:{doc.decision_no}")).hits
            assert [h.id for h in hits] == [doc.id], doc.decision_no
            assert doc.id in [h.id for h in idx.search(SearchRequest(doc.decision_no, per_page=5)).hits]
            if doc.uscc:
                by_code = idx.search(SearchRequest(doc.uscc, per_page=100))
                assert doc.id in [h.id for h in by_code.hits], doc.uscc
    finally:
        idx.close()
