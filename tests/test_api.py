"""``portal serve`` as an adversary and a load see it: methods, paths, sizes, headers, releases.

Requests go through real sockets with ``http.client``, which sends the request target
exactly as written (``urllib`` would normalise ``..`` away before the server saw it).
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.publish.pipeline import build
from search.api import MAX_CONCURRENT_SEARCHES, MAX_FIELDS, MAX_QUERY_STRING, FairSlots
from search.documents import SearchDocument
from search.engine import MAX_QUERY_CHARS, SearchIndex, build_index
from search.responses import json_bytes
from search.server import (
    FILE_THREADS,
    MAX_HEADER_BYTES,
    SECURITY_HEADERS,
    THREADS,
    PortalServer,
    make_server,
)
from tests.searchkit import AS_OF, FOOD, POLLUTER, search_tree

SECRET = "机密：不在网站目录中的文件"
NOT_FOUND_TITLE = "页面未找到"


class Answer:
    """Status, headers (names lower-cased) and body of one response."""

    def __init__(self, resp: http.client.HTTPResponse) -> None:
        self.status = resp.status
        self.headers = {k.lower(): v for k, v in resp.getheaders()}
        self.body = resp.read()

    def json(self) -> dict:
        assert self.headers["content-type"] == "application/json; charset=utf-8"
        return json.loads(self.body)


def request(base: str, method: str, target: str, headers: dict | None = None) -> Answer:
    """Send ``method target`` as written, on a fresh connection."""
    url = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        conn.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        return Answer(conn.getresponse())
    finally:
        conn.close()


def run(server: PortalServer) -> str:
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def site(engine_site: Path) -> Path:
    """The search tree's site (tests/searchkit.py) under each engine in turn: the live link into its releases."""
    return engine_site


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    yield run(server)
    server.shutdown()
    server.server_close()


def q(text: str, **params: str) -> str:
    return "/api/search?" + urllib.parse.urlencode({"q": text, **params})


# --------------------------------------------------------------------------- methods


@pytest.mark.parametrize("target", ["/index.html", "/shuanggongshi/", "/theme/css/portal.css", q(FOOD["no"])])
def test_head_is_get_without_body(base: str, target: str) -> None:
    got, head = request(base, "GET", target), request(base, "HEAD", target)
    assert got.status == head.status == 200
    assert got.body and head.body == b""
    for name in ("content-type", "content-length", *map(str.lower, SECURITY_HEADERS)):
        assert head.headers[name] == got.headers[name], name
    assert int(head.headers["content-length"]) == len(got.body)


def test_options_answers_allow_and_cors_preflight(base: str) -> None:
    api = request(
        base, "OPTIONS", "/api/search",
        {"Origin": "https://journalist.example", "Access-Control-Request-Method": "GET"},
    )
    assert api.status == 204 and api.body == b""
    assert api.headers["allow"] == "GET, HEAD, OPTIONS"
    assert api.headers["access-control-allow-origin"] == "*"
    assert api.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert "content-length" not in api.headers  # a 204 has none (RFC 9110 §8.6)
    for target in ("/index.html", "*"):
        page = request(base, "OPTIONS", target)
        assert page.status == 204 and page.headers["allow"] == "GET, HEAD, OPTIONS"
        assert "access-control-allow-origin" not in page.headers  # CORS is for the API only


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"])
def test_other_methods_get_405(base: str, method: str) -> None:
    page = request(base, method, "/index.html")
    assert page.status == 405 and page.headers["allow"] == "GET, HEAD, OPTIONS"
    assert NOT_FOUND_TITLE.encode() not in page.body and b"<html" not in page.body
    api = request(base, method, q(FOOD["no"]))
    assert api.status == 405 and api.headers["allow"] == "GET, HEAD, OPTIONS"
    assert "GET" in api.json()["error"]


# --------------------------------------------------------------------------- paths


@pytest.mark.parametrize("target", ["/pagefind/", "/pagefind", "/theme/", "/theme/css/", "/search/", "/pagefind/fragment/"])
def test_no_directory_listing(site: Path, base: str, target: str) -> None:
    directory = site / target.strip("/")
    assert directory.is_dir() and not (directory / "index.html").exists()
    answer = request(base, "GET", target)
    assert answer.status == 404
    assert NOT_FOUND_TITLE in answer.body.decode("utf-8")
    assert answer.body == request(base, "GET", "/no-such-file").body  # the 404 page, not a listing


def test_directory_serves_its_index(site: Path, base: str) -> None:
    answer = request(base, "GET", "/shuanggongshi/")
    assert answer.status == 200 and answer.body == (site / "shuanggongshi/index.html").read_bytes()
    moved = request(base, "GET", "/shuanggongshi?x=1")
    assert moved.status == 301 and moved.headers["location"] == "/shuanggongshi/?x=1"
    # The location is made of the checked segments: never an address on another host.
    assert request(base, "GET", "//shuanggongshi").headers["location"] == "/shuanggongshi/"


@pytest.fixture(scope="module")
def trap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A small site beside a secret file, with links leading out of it and one inside it."""
    root = tmp_path_factory.mktemp("trap")
    (root / "secret.txt").write_text(SECRET, "utf-8")
    site = root / "site"
    (site / "sub").mkdir(parents=True)
    (site / "index.html").write_text("<p>首页</p>", "utf-8")
    (site / "404.html").write_text('<title>页面未找到</title><link href="./theme/x.css">', "utf-8")
    (site / ".env").write_text(SECRET, "utf-8")
    (site / "sub/.git").mkdir()
    (site / "sub/.git/config").write_text(SECRET, "utf-8")
    (site / "leak.txt").symlink_to(root / "secret.txt")
    (site / "outside").symlink_to(root, target_is_directory=True)
    (site / "sub/index.html").symlink_to(root / "secret.txt")  # a directory's index leading out
    (site / "same.html").symlink_to(site / "index.html")  # inside the site: served
    live = root / "live"
    live.symlink_to(site, target_is_directory=True)
    server = make_server(live, "127.0.0.1", 0, quiet=True)
    yield root, run(server)
    server.shutdown()
    server.server_close()


TRAVERSALS = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/%2E%2E/etc/passwd",
    "/sub/..%2f..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/sub/%2e%2e/%2e%2e/secret.txt",
    "/..%5csecret.txt",
    "//etc/passwd",
    "/%2Fetc%2Fpasswd",
    "http://127.0.0.1/../secret.txt",
    "/leak.txt",
    "/outside/secret.txt",
    "/sub/",
    "/sub/index.html",
    "/.env",
    "/sub/.git/config",
    "/%00/../secret.txt",
    "/index.html%00.txt",
    "/%ff%fe",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_no_file_outside_the_site_is_served(trap: tuple[Path, str], target: str) -> None:
    _, base = trap
    answer = request(base, "GET", target)
    assert answer.status in (400, 404), answer.status
    assert SECRET.encode() not in answer.body and b"root:" not in answer.body
    if answer.status == 404:
        assert NOT_FOUND_TITLE.encode() in answer.body


def test_links_inside_the_site_are_followed(trap: tuple[Path, str]) -> None:
    _, base = trap
    assert request(base, "GET", "/same.html").body == "<p>首页</p>".encode()
    assert request(base, "GET", "/").body == "<p>首页</p>".encode()


def test_not_found_page(site: Path, base: str) -> None:
    answer = request(base, "GET", "/no/such/page.html")
    assert answer.status == 404
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    body = answer.body.decode("utf-8")
    assert NOT_FOUND_TITLE in body and int(answer.headers["content-length"]) == len(answer.body)
    # The page's relative links would point under /no/such/: they are made absolute.
    assert 'href="./' not in body and 'href="/theme/css/portal.css"' in body
    css = request(base, "GET", "/theme/css/portal.css")
    assert css.status == 200 and css.headers["content-type"] == "text/css; charset=utf-8"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("index.html", "text/html; charset=utf-8"),
        ("theme/css/portal.css", "text/css; charset=utf-8"),
        ("pagefind/pagefind-ui.js", "text/javascript; charset=utf-8"),
        ("pagefind/pagefind-entry.json", "application/json; charset=utf-8"),
        ("sitemap.xml", "application/xml; charset=utf-8"),
        ("pagefind/portal-documents.sha256", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(site: Path, base: str, path: str, expected: str) -> None:
    answer = request(base, "GET", "/" + path)
    assert answer.status == 200 and answer.headers["content-type"] == expected
    assert answer.body == (site / path).read_bytes()


def test_pagefind_files_are_bytes(site: Path, base: str) -> None:
    fragment = next((site / "pagefind/fragment").iterdir())
    answer = request(base, "GET", f"/pagefind/fragment/{fragment.name}")
    assert answer.headers["content-type"] == "application/octet-stream"
    assert gzip.decompress(answer.body)  # as written, not re-encoded


@pytest.mark.parametrize("path", ["search.html", "pagefind/pagefind-ui.js", "pagefind/pagefind-entry.json"])
def test_text_goes_gzip_compressed_to_clients_that_accept_it(site: Path, base: str, path: str) -> None:
    raw = (site / path).read_bytes()
    plain = request(base, "GET", "/" + path)
    packed = request(base, "GET", "/" + path, {"Accept-Encoding": "br, gzip;q=0.8"})
    refused = request(base, "GET", "/" + path, {"Accept-Encoding": "gzip;q=0, identity"})
    assert plain.body == raw and refused.body == raw and "content-encoding" not in refused.headers
    assert packed.headers["content-encoding"] == "gzip" and gzip.decompress(packed.body) == raw
    assert len(packed.body) < len(raw) and int(packed.headers["content-length"]) == len(packed.body)
    assert plain.headers["vary"] == packed.headers["vary"] == "Accept-Encoding"
    assert request(base, "GET", "/" + path, {"Accept-Encoding": "gzip"}).body == packed.body


@pytest.mark.parametrize("folder", ["fragment", "."])
def test_pagefind_index_files_are_not_compressed_twice(site: Path, base: str, folder: str) -> None:
    """Its fragments and WebAssembly are gzip files already."""
    file = next(p for p in sorted((site / "pagefind" / folder).iterdir()) if folder != "." or p.suffix == ".pagefind")
    answer = request(base, "GET", f"/pagefind/{folder}/{file.name}", {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in answer.headers and answer.body == file.read_bytes()


def test_conditional_get(base: str) -> None:
    first = request(base, "GET", "/index.html")
    again = request(base, "GET", "/index.html", {"If-Modified-Since": first.headers["last-modified"]})
    assert again.status == 304 and again.body == b""


# --------------------------------------------------------------------------- sizes


def test_over_long_query_refused(base: str) -> None:
    long_q = request(base, "GET", q("罚" * (MAX_QUERY_CHARS + 1)))
    assert long_q.status == 400 and "查询过长" in long_q.json()["error"]
    assert request(base, "GET", q("罚" * MAX_QUERY_CHARS)).status == 200  # the limit itself is allowed
    raw = "/api/search?q=" + "a" * MAX_QUERY_STRING
    too_long = request(base, "GET", raw)
    assert too_long.status == 414 and "查询串过长" in too_long.json()["error"]
    many = "/api/search?q=x" + "&type=penalty" * MAX_FIELDS
    assert request(base, "GET", many).status == 400


def test_huge_request_head_refused(base: str) -> None:
    """waitress refuses a request line and headers over MAX_HEADER_BYTES before the app runs."""
    answer = request(base, "GET", "/index.html?" + "a" * MAX_HEADER_BYTES)
    assert answer.status == 431


def test_api_json_is_strict() -> None:
    """A non-finite amount cannot make the API write ``Infinity`` (invalid JSON)."""
    body = json_bytes({"results": [{"amount": float("inf")}, {"amount": float("nan")}, {"amount": 1.5}]})

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in JSON")

    assert json.loads(body, parse_constant=refuse) == {"results": [{"amount": None}, {"amount": None}, {"amount": 1.5}]}


# --------------------------------------------------------------------------- headers


@pytest.mark.parametrize(
    ("method", "target", "status"),
    [
        ("GET", "/index.html", 200),
        ("GET", "/shuanggongshi", 301),
        ("GET", q(FOOD["no"]), 200),
        ("GET", q("foo:bar"), 400),
        ("GET", "/api/search?q=" + "a" * (MAX_QUERY_STRING + 1), 414),
        ("GET", "/nothing-here", 404),
        ("GET", "/../etc/passwd", 404),
        ("POST", "/api/search", 405),
        ("DELETE", "/index.html", 405),
        ("OPTIONS", "/api/search", 204),
        ("HEAD", "/index.html", 200),
    ],
)
def test_security_headers_on_every_response(base: str, method: str, target: str, status: int) -> None:
    answer = request(base, method, target)
    assert answer.status == status
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name.lower()] == value, name
    assert "server" not in answer.headers  # no software name or version for scanners


# --------------------------------------------------------------------------- load


def _slow_searches(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    real = SearchIndex.search

    def slow(self: SearchIndex, req):
        time.sleep(seconds)
        return real(self, req)

    monkeypatch.setattr(SearchIndex, "search", slow)


def test_files_flow_while_searches_wait(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With every search slot busy and more searches queued, a page still comes at once."""
    _slow_searches(monkeypatch, 0.8)
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    base = run(server)
    searches = 2 * MAX_CONCURRENT_SEARCHES
    assert searches < THREADS
    try:
        with ThreadPoolExecutor(max_workers=searches) as pool:
            pending = [pool.submit(request, base, "GET", q(FOOD["no"])) for _ in range(searches)]
            time.sleep(0.3)  # the searches hold their slots and threads now
            started = time.perf_counter()
            page = request(base, "GET", "/index.html")
            waited = time.perf_counter() - started
            assert [p.result().status for p in pending] == [200] * searches
    finally:
        server.shutdown()
        server.server_close()
    assert page.status == 200 and waited < 1.0, f"a page waited {waited:.2f} s behind searches"


@pytest.mark.slow  # two rounds of 2-second searches
def test_searches_beyond_the_waiting_room_are_refused_at_once(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """More searches than the server has threads: those that cannot wait get 503 at once,
    and FILE_THREADS threads are still there for pages."""
    _slow_searches(monkeypatch, 2.0)
    waiting = 2
    threads = FILE_THREADS + MAX_CONCURRENT_SEARCHES + waiting
    server = make_server(site, "127.0.0.1", 0, quiet=True, threads=threads)
    base = run(server)

    def timed_search(_: int) -> tuple[Answer, float]:
        started = time.perf_counter()
        return request(base, "GET", q(FOOD["no"])), time.perf_counter() - started

    try:
        with ThreadPoolExecutor(max_workers=threads) as pool:
            pending = [pool.submit(timed_search, n) for n in range(threads)]
            time.sleep(0.5)  # four searches hold the slots, two wait, the rest were refused
            started = time.perf_counter()
            page = request(base, "GET", "/index.html")
            waited = time.perf_counter() - started
            flood = [p.result() for p in pending]
    finally:
        server.shutdown()
        server.server_close()
    served = [seconds for answer, seconds in flood if answer.status == 200]
    refused = [seconds for answer, seconds in flood if answer.status == 503]
    assert len(served) == MAX_CONCURRENT_SEARCHES + waiting and len(refused) == threads - len(served)
    assert max(refused) < 1.0, "a search beyond the waiting room was kept waiting"
    assert page.status == 200 and waited < 1.0


def test_busy_api_answers_503_after_queue_wait(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _slow_searches(monkeypatch, 1.0)
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    server.app.api.slots = FairSlots(1)
    server.app.api.queue_wait = 0.2
    base = run(server)
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            answers = list(pool.map(lambda _: request(base, "GET", q(FOOD["no"])), range(3)))
    finally:
        server.shutdown()
        server.server_close()
    assert sorted(a.status for a in answers) == [200, 503, 503]
    busy = [a for a in answers if a.status == 503]
    assert all(a.headers["retry-after"] == "1" and "请稍后重试" in a.json()["error"] for a in busy)


# --------------------------------------------------------------------------- answer cache


def _counted_searches(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []
    real = SearchIndex.search

    def counted(self: SearchIndex, req):
        asked.append(req.text)
        return real(self, req)

    monkeypatch.setattr(SearchIndex, "search", counted)
    return asked


@pytest.mark.parametrize("cache_bytes", [32 * 1024 * 1024, 0])
def test_repeated_query_is_answered_from_the_cache(
    site: Path, monkeypatch: pytest.MonkeyPatch, cache_bytes: int
) -> None:
    asked = _counted_searches(monkeypatch)
    server = make_server(site, "127.0.0.1", 0, quiet=True, cache_bytes=cache_bytes)
    base = run(server)
    try:
        first, again = request(base, "GET", q(FOOD["no"])), request(base, "GET", q(FOOD["no"]))
        other_page = request(base, "GET", q(FOOD["no"], per_page="5"))
        head = request(base, "HEAD", q(FOOD["no"]))
    finally:
        server.shutdown()
        server.server_close()
    assert first.status == again.status == other_page.status == head.status == 200
    assert again.body == first.body and other_page.json()["per_page"] == 5
    assert head.headers["content-length"] == str(len(first.body))
    assert len(asked) == (2 if cache_bytes else 4)


def _doc(name: str) -> SearchDocument:
    return SearchDocument(type="penalty", id=f"penalty:{name}", url=f"{name}.html", title=name, body=f"{name}的违法事实")


def test_index_rewritten_in_place_is_reopened(tmp_path: Path) -> None:
    """A mirror that copies a new index over the old one (no releases) gets new answers: the
    cache, the open index and its idle searchers all belong to the index they came from."""
    site = tmp_path / "mirror"
    site.mkdir()
    (site / "index.html").write_text("<p>镜像</p>", "utf-8")
    index_dir = tmp_path / "mirror.search"
    build_index([_doc("甲公司")], index_dir)
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    base = run(server)
    try:
        assert request(base, "GET", q("甲公司")).json()["total"] == 1
        assert request(base, "GET", q("乙公司")).json()["total"] == 0
        shutil.rmtree(index_dir)
        build_index([_doc("乙公司")], index_dir)
        assert request(base, "GET", q("甲公司")).json()["total"] == 0
        assert request(base, "GET", q("乙公司")).json()["total"] == 1
        shutil.rmtree(index_dir)
        missing = request(base, "GET", q("乙公司"))
        assert missing.status == 503 and "portal build" in missing.json()["error"]
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- releases


@pytest.mark.slow  # two builds of its own
def test_running_server_follows_the_release_switch(tmp_path: Path) -> None:
    """A build switches the live link to a new release: the next request reads the new one."""
    content = search_tree(tmp_path)
    out = build(content, tmp_path / "out", AS_OF)
    first_release = out.resolve()
    server = make_server(out, "127.0.0.1", 0, quiet=True)
    base = run(server)
    try:
        hit = request(base, "GET", q("含铬废水")).json()["results"][0]
        assert hit["decision_no"] == POLLUTER["no"]
        page = "/" + hit["url"].split("#")[0]
        assert POLLUTER["name"] in request(base, "GET", page).body.decode("utf-8")

        shutil.copytree(content, tmp_path / "next")
        csv_path = tmp_path / "next/data/penalties/2025.csv"
        rows = csv_path.read_text("utf-8-sig").splitlines()
        csv_path.write_text("\n".join(r for r in rows if POLLUTER["no"] not in r) + "\n", "utf-8-sig")
        build(tmp_path / "next", tmp_path / "out", AS_OF)
        # The old release is kept (for rollback), page and all: a server still reading it would
        # still show the record.
        assert out.resolve() != first_release
        assert POLLUTER["name"] in (first_release / page.lstrip("/")).read_text("utf-8")

        assert request(base, "GET", q("含铬废水")).json()["results"] == []
        again = request(base, "GET", page)
        assert again.status in (200, 404) and POLLUTER["name"] not in again.body.decode("utf-8")
        new_page = out / page.lstrip("/")
        assert again.body == (new_page.read_bytes() if new_page.exists() else request(base, "GET", "/nope").body)
    finally:
        server.shutdown()
        server.server_close()


def test_listen_backlog_holds_a_crowd(site: Path) -> None:
    """300 clients connecting at once to a server that has not accepted any of them yet all
    get through the handshake (http.server's backlog of 5 dropped the rest: the adversary
    counted 426 listen overflows)."""
    server = make_server(site, "127.0.0.1", 0, quiet=True)  # listening, not yet accepting
    crowd: list[socket.socket] = []
    try:
        for _ in range(300):
            crowd.append(socket.create_connection(server.server_address, timeout=3))
    finally:
        for sock in crowd:
            sock.close()
        server.server_close()
    assert len(crowd) == 300


@pytest.mark.slow  # a process start and jieba's dictionary
def test_portal_serve_command(site: Path) -> None:
    """``portal serve`` (waitress) answers, and stops cleanly on SIGTERM as systemd stops it."""
    portal = Path(sys.executable).with_name("portal")
    proc = subprocess.Popen(
        [str(portal), "serve", "--site", str(site), "--port", "0", "--quiet"],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        banner = proc.stderr.readline()
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", banner)
        assert port and "waitress" in banner, banner
        base = f"http://127.0.0.1:{port[1]}"
        assert request(base, "GET", "/index.html").status == 200
        assert request(base, "GET", q(FOOD["no"])).json()["results"][0]["decision_no"] == FOOD["no"]
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
        assert "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
