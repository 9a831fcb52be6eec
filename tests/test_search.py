"""Search end to end: a real build, then the CLI, the JSON API and the Pagefind bundle."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.core.derive import record_key
from generator.publish.pipeline import build
from search import index_dir_for
from search.api import MAX_CONCURRENT_SEARCHES
from search.engine import SearchIndex
from search.server import make_server
from tests.searchkit import AS_OF, FOOD, POLLUTER, WITHDRAWN, search_tree

PORTAL = Path(sys.executable).with_name("portal")


#: Tests that run the installed ``portal search`` (a process start and jieba's dictionary,
#: 1–2 s a call) are slow: ``make test-fast`` leaves them out, API checks they share included.
CLI = pytest.mark.slow


@pytest.fixture(scope="module")
def site(engine_site: Path) -> Path:
    """The search tree's site (tests/searchkit.py) under each engine in turn (conftest ``engine_site``)."""
    return engine_site


def portal_search(site: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the installed ``portal search`` command against ``site``."""
    return subprocess.run(
        [str(PORTAL), "search", *args, "--site", str(site)], capture_output=True, text=True, timeout=120
    )


def cli_json(site: Path, *args: str) -> dict:
    proc = portal_search(site, *args, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.fixture(scope="module")
def api(site: Path):
    """Base URL of ``portal serve``'s server on a free port, running in a thread."""
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def get(url: str) -> tuple[int, dict, dict]:
    """Status, JSON body and headers of a GET (errors included)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, json.loads(resp.read()), dict(resp.headers)
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read()), dict(e.headers)


def api_search(base: str, **params: str) -> dict:
    status, body, _ = get(f"{base}/api/search?{urllib.parse.urlencode(params)}")
    assert status == 200, body
    return body


def anchor_of(decision_no: str) -> str:
    """The stable anchor the site gives a penalty record."""
    return record_key("penalty", decision_no)


# --------------------------------------------------------------------------- finding records

FINDERS = [
    pytest.param(FOOD["name"], FOOD["no"], id="company-name"),
    pytest.param(FOOD["uscc"], FOOD["no"], id="uscc"),
    pytest.param(FOOD["uscc"].lower(), FOOD["no"], id="uscc-lower-case"),
    pytest.param(FOOD["no"], FOOD["no"], id="decision-no"),
    pytest.param("保质期 凉菜", FOOD["no"], id="facts-words"),
    pytest.param(POLLUTER["name"], POLLUTER["no"], id="other-company"),
    pytest.param("含铬废水", POLLUTER["no"], id="other-facts"),
]


@CLI
@pytest.mark.parametrize(("query", "decision_no"), FINDERS)
def test_cli_finds_the_record(site: Path, query: str, decision_no: str) -> None:
    hits = cli_json(site, query)["results"]
    assert hits, f"nothing found for {query}"
    assert hits[0]["decision_no"] == decision_no
    assert hits[0]["url"].endswith("#" + anchor_of(decision_no))
    # The permalink is a page the build wrote, holding the record's anchor.
    page, anchor = hits[0]["url"].split("#")
    assert f'id="{anchor}"' in (site / page).read_text("utf-8")


@pytest.mark.parametrize(("query", "decision_no"), FINDERS)
def test_api_finds_the_record(site: Path, api: str, query: str, decision_no: str) -> None:
    body = api_search(api, q=query)
    assert body["results"][0]["decision_no"] == decision_no
    assert body["results"][0]["url"].startswith("shuanggongshi/")


@CLI
def test_cli_text_output_has_snippet_and_link(site: Path) -> None:
    proc = portal_search(site, "保质期")
    assert proc.returncode == 0, proc.stderr
    assert "共 1 条结果" in proc.stdout
    assert "【保质期】" in proc.stdout
    assert "shuanggongshi/market/penalty-2025.html#" in proc.stdout


@CLI
def test_cli_csv_output(site: Path) -> None:
    proc = portal_search(site, "有限公司", "--type", "penalty", "--csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert {r["decision_no"] for r in rows} == {"示市监罚〔2025〕1号", FOOD["no"], POLLUTER["no"]}


@CLI
def test_other_document_types_are_found(site: Path) -> None:
    assert cli_json(site, "工程款")["results"][0]["url"] == "cases/late-payment.html"
    promise = cli_json(site, "房租补贴")["results"][0]
    assert (promise["type"], promise["url"]) == ("promise", "promises/rent-subsidy.html")
    update = cli_json(site, "信用修复 讲座")["results"][0]
    assert update["type"] == "update" and update["url"] == "updates/2025-10-01-week.html"
    assert cli_json(site, "独角兽")["results"] == []  # a draft update is not published, nor indexed
    dept = cli_json(site, "生态环境分局", "--type", "department")["results"]
    assert [d["url"] for d in dept] == ["departments/env.html"]


# --------------------------------------------------------------------------- fielded, filters


@CLI
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"文号:{FOOD['no']}", {FOOD["no"]}),
        (f"文号：{POLLUTER['no']}", {POLLUTER["no"]}),
        (f"统一社会信用代码:{FOOD['uscc']}", {FOOD["no"]}),
        ("相对人名称:乙餐饮", {FOOD["no"]}),
        ("处罚机关:生态环境分局", {POLLUTER["no"]}),
        ("金额:>10", {POLLUTER["no"]}),
        ("金额:[2 TO 10]", {FOOD["no"]}),
        ("日期:[2025-06-01 TO 2025-06-30]", {FOOD["no"]}),
        ("日期:[20240101 TO 20241231] 类型:penalty", {POLLUTER["no"]}),
        ("违法事实:过期食品", {"示市监罚〔2025〕1号"}),
        ("类型:行政处罚 金额:[0 TO 2]", {"示市监罚〔2025〕1号"}),
        ("处罚内容：罚款人民币二十万元", {POLLUTER["no"]}),  # a full-width colon in text, not a field
    ],
)
def test_fielded_queries(site: Path, api: str, query: str, expected: set[str]) -> None:
    hits = cli_json(site, query, "--limit", "50")["results"]
    assert {h["decision_no"] for h in hits if h["type"] == "penalty"} == expected
    body = api_search(api, q=query, per_page="50")
    assert {h["decision_no"] for h in body["results"] if h["type"] == "penalty"} == expected


@CLI
def test_date_range_and_filters(site: Path, api: str) -> None:
    hits = cli_json(site, "有限公司", "--from", "2025-01-01", "--to", "2025-12-31", "--type", "行政处罚")["results"]
    assert {h["decision_no"] for h in hits} == {"示市监罚〔2025〕1号", FOOD["no"]}
    hits = cli_json(site, "有限公司", "--dept", "env", "--type", "penalty")["results"]
    assert [h["decision_no"] for h in hits] == [POLLUTER["no"]]
    hits = cli_json(site, "有限公司", "--dept", "示例区生态环境分局", "--type", "penalty")["results"]
    assert [h["decision_no"] for h in hits] == [POLLUTER["no"]]
    body = api_search(api, q="有限公司", type="penalty", dept="market", sort="date")
    assert [h["date"] for h in body["results"]] == sorted((h["date"] for h in body["results"]), reverse=True)
    assert body["total"] == 2
    body = api_search(api, **{"q": "有限公司", "from": "2024-01-01", "to": "2024-12-31"})
    assert [h["decision_no"] for h in body["results"]] == [POLLUTER["no"]]


def test_api_pages(api: str) -> None:
    first = api_search(api, q="有限公司", type="penalty", per_page="2", sort="date")
    second = api_search(api, q="有限公司", type="penalty", per_page="2", page="2", sort="date")
    assert first["total"] == second["total"] == 3
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    assert not {h["id"] for h in first["results"]} & {h["id"] for h in second["results"]}


# --------------------------------------------------------------------------- withdrawn


@CLI
@pytest.mark.parametrize("query", [WITHDRAWN["name"], WITHDRAWN["uscc"], WITHDRAWN["no"], "蓝鲸标记"])
def test_withdrawn_record_is_found_nowhere(site: Path, api: str, query: str) -> None:
    assert cli_json(site, query)["results"] == []
    assert api_search(api, q=query)["results"] == []


def test_withdrawn_record_not_in_pagefind_bundle(site: Path) -> None:
    texts = []
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        texts.append(gzip.decompress(path.read_bytes()).decode("utf-8", "replace"))
    bundle = "\n".join(texts).replace("\u200b", "")  # Pagefind marks its word breaks with U+200B
    assert FOOD["name"] in bundle and FOOD["no"] in bundle  # the check can see records at all
    for value in WITHDRAWN.values():
        assert value not in bundle
    hashes = json.loads((index_dir_for(site) / "hashes.json").read_text("utf-8"))
    assert f"penalty:{FOOD['no']}" in hashes and f"penalty:{WITHDRAWN['no']}" not in hashes


# --------------------------------------------------------------------------- errors


@CLI
@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("foo:bar", "未知字段「foo」"),
        ("金额:abc", "不是数字"),
        ("日期:[去年 TO 今年]", "不是日期"),
        ("(有限公司", "没有闭合"),
        ('"有限公司', "引号不成对"),
        ("   ", "查询为空"),
        ("文号:", "后缺少检索词"),
        ("*", "通配符不能放在开头"),
        ("正文:*食品", "通配符不能放在开头"),
        ("日期:2025-13", "日期无效"),
        ("相对人名称： 乙餐饮", "后缺少检索词"),
    ],
)
def test_malformed_query_errors(site: Path, api: str, query: str, message: str) -> None:
    proc = portal_search(site, query)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    status, body, headers = get(f"{api}/api/search?{urllib.parse.urlencode({'q': query})}")
    assert status == 400 and message in body["error"]
    assert headers["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "公司", "per_page": "101"}, {"q": "公司", "page": "0"}, {"q": "公司", "from": "2025-13-01"},
     {"q": "公司", "sort": "name"}, {"q": "公司", "type": "nonsense"}],
)
def test_api_rejects_bad_parameters(api: str, params: dict) -> None:
    status, body, _ = get(f"{api}/api/search?{urllib.parse.urlencode(params)}")
    assert status == 400 and body["error"]


@CLI
def test_cli_bad_filters_and_missing_index(site: Path, tmp_path: Path) -> None:
    proc = portal_search(site, "公司", "--type", "nonsense")
    assert proc.returncode == 2 and "未知类型" in proc.stderr
    proc = portal_search(tmp_path, "公司")
    assert proc.returncode == 2 and "portal build" in proc.stderr and "Traceback" not in proc.stderr


# --------------------------------------------------------------------------- serving the site


def test_server_serves_static_site_with_security_headers(site: Path, api: str) -> None:
    with urllib.request.urlopen(f"{api}/search.html", timeout=30) as resp:
        html = resp.read().decode("utf-8")
        headers = dict(resp.headers)
    assert 'id="portal-search"' in html
    assert "wasm-unsafe-eval" in headers["Content-Security-Policy"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    with urllib.request.urlopen(f"{api}/pagefind/pagefind-ui.js", timeout=30) as resp:
        assert resp.status == 200 and b"PagefindUI" in resp.read()


def test_search_page_has_no_inline_script(site: Path) -> None:
    html = (site / "search.html").read_text("utf-8")
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts == [
        '<script src="./pagefind/pagefind-ui.js" defer>',
        '<script src="./search/portal-search.js" defer>',
        '<script src="./theme/js/display.js">',  # every page's: the remembered display choice
    ]
    assert re.search(r"\son[a-z]+=", html) is None  # no inline event handlers
    assert (site / "search" / "portal-search.js").is_file()
    fallback = html[html.index('id="search-needs-script"') :]
    assert 'href="./shuanggongshi/index.html"' in fallback and 'href="./data/index.html"' in fallback
    assert "/api/search" not in fallback and "portal serve" not in fallback  # no tooling for citizens


@pytest.mark.slow  # three builds of its own
def test_rebuild_withdraws_from_running_api(tmp_path: Path) -> None:
    """A record revoked in the next build disappears from a server that keeps running."""
    content = search_tree(tmp_path)
    out = build(content, tmp_path / "out", AS_OF)
    server = make_server(out, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        assert [h["decision_no"] for h in api_search(base, q="含铬废水")["results"]] == [POLLUTER["no"]]
        bundle = {p.relative_to(out): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
        index_files = sorted(p.name for p in index_dir_for(out).iterdir())
        entry_mtime = (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns
        inodes = {p.name: p.stat().st_ino for p in index_dir_for(out).iterdir()}

        # A build with nothing changed reuses both indexes as they are.
        build(content, tmp_path / "out", AS_OF)
        again = {p.relative_to(out): p.read_bytes() for p in (out / "pagefind").rglob("*") if p.is_file()}
        assert again == bundle
        assert sorted(p.name for p in index_dir_for(out).iterdir()) == index_files
        assert (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns == entry_mtime  # copied, not rebuilt
        # The new release shares the live index's files (hard links): nothing re-indexed.
        assert {p.name: p.stat().st_ino for p in index_dir_for(out).iterdir()} == inodes

        # The next publish: the same content less one record (a copy, as the build caches per tree).
        shutil.copytree(content, tmp_path / "next")
        csv_path = tmp_path / "next/data/penalties/2025.csv"
        rows = csv_path.read_text("utf-8-sig").splitlines()
        csv_path.write_text("\n".join(r for r in rows if POLLUTER["no"] not in r) + "\n", "utf-8-sig")
        build(tmp_path / "next", tmp_path / "out", AS_OF)
        assert api_search(base, q="含铬废水")["results"] == []
        assert api_search(base, q=FOOD["name"])["results"][0]["decision_no"] == FOOD["no"]
        hashes = json.loads((index_dir_for(out) / "hashes.json").read_text("utf-8"))
        assert f"penalty:{POLLUTER['no']}" not in hashes and f"penalty:{FOOD['no']}" in hashes
        key = Path("pagefind/portal-documents.sha256")
        assert (out / key).read_bytes() != bundle[key]
        fragments = "".join(
            gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in (out / "pagefind/fragment").iterdir()
        ).replace("\u200b", "")
        assert POLLUTER["name"] not in fragments and FOOD["name"] in fragments
        assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "next", "out", "out.releases"]
    finally:
        server.shutdown()
        server.server_close()


def test_api_answers_many_concurrent_clients(api: str) -> None:
    queries = [FOOD["name"], POLLUTER["no"], FOOD["uscc"], "含铬废水"] * 10
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda q: api_search(api, q=q)["results"][0]["decision_no"], queries))
    assert answers == [FOOD["no"], POLLUTER["no"], FOOD["no"], POLLUTER["no"]] * 10


def test_api_runs_at_most_max_concurrent_searches(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """search/api.py: at most MAX_CONCURRENT_SEARCHES searches run at once, the others wait.

    Each search is slowed down and counted while it runs; three times the limit of clients
    ask at the same moment, through real HTTP requests, each a request of its own (no answer
    can come from a cache). The peak must be the limit: not more (the limit holds), not less
    (the clients really were concurrent), and every client gets its answer (waiting, not refused).
    """
    lock = threading.Lock()
    running = {"now": 0, "peak": 0}
    real_search = SearchIndex.search

    def slow_search(self: SearchIndex, req):
        with lock:
            running["now"] += 1
            running["peak"] = max(running["peak"], running["now"])
        try:
            time.sleep(0.2)
            return real_search(self, req)
        finally:
            with lock:
                running["now"] -= 1

    monkeypatch.setattr(SearchIndex, "search", slow_search)
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/api/search?"
    clients = 3 * MAX_CONCURRENT_SEARCHES
    together = threading.Barrier(clients)

    def ask(n: int) -> tuple[int, dict, dict]:
        together.wait(timeout=30)
        return get(base + urllib.parse.urlencode({"q": FOOD["no"], "per_page": str(n + 1)}))

    try:
        with ThreadPoolExecutor(max_workers=clients) as pool:
            answers = list(pool.map(ask, range(clients)))
    finally:
        server.shutdown()
        server.server_close()
    assert [status for status, _, _ in answers] == [200] * clients, answers
    assert all(body["results"][0]["decision_no"] == FOOD["no"] for _, body, _ in answers)
    assert running["peak"] == MAX_CONCURRENT_SEARCHES, f"{running['peak']} searches ran at once"


def test_every_document_links_to_a_built_page(site: Path) -> None:
    """Search results never lead to a missing page or anchor (records: listing page + anchor)."""
    from generator.publish.pipeline import derive_portal, pelican_settings
    from search.documents import documents

    content = site.parent / "content"
    docs = documents(derive_portal(content, AS_OF), pelican_settings(content, site, AS_OF))
    assert {d.type for d in docs} == {"penalty", "case", "promise", "department", "update"}
    for doc in docs:
        page, _, anchor = doc.url.partition("#")
        assert (site / page).is_file(), doc.url
        if anchor:
            assert f'id="{anchor}"' in (site / page).read_text("utf-8"), doc.url
