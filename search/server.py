"""``portal serve``: the built site's static files and a read-only JSON search API.

``GET /api/search?q=…&type=&dept=&from=YYYY-MM-DD&to=YYYY-MM-DD&sort=relevance|date&page=&per_page=``
answers with ``{"query", "total", "page", "per_page", "timed_out", "results": [...]}``;
a bad query gets 400 and ``{"error": "…"}``. Work per query is bounded: at most
``MAX_PER_PAGE`` results a page, ``MAX_PAGE`` pages, ``TIME_LIMIT`` seconds of matching.
"""

from __future__ import annotations

import json
import sys
import threading
from datetime import date
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import index_dir_for
from .analysis import warm_up
from .engine import QueryError, SearchIndex, SearchRequest, SearchResults, open_index

MAX_PER_PAGE = 100
MAX_PAGE = 50
TIME_LIMIT = 1.0
#: Searches running at once; more wait (up to QUEUE_WAIT seconds, then 503) rather than
#: share the CPU so thinly that every one of them hits the time limit.
MAX_CONCURRENT_SEARCHES = 4
QUEUE_WAIT = 10.0
API_PATH = "/api/search"

#: Sent with every response. Pagefind runs WebAssembly ('wasm-unsafe-eval'); its UI sets styles.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
    ),
}


class ApiError(ValueError):
    """A request the API refuses with 400."""


def _one(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1].strip() if values and values[-1].strip() else None


def _int(params: dict[str, list[str]], name: str, default: int, maximum: int) -> int:
    raw = _one(params, name)
    if raw is None:
        return default
    if not raw.isdigit() or not 1 <= int(raw) <= maximum:
        raise ApiError(f"{name} 须为 1 到 {maximum} 之间的整数")
    return int(raw)


def _date(params: dict[str, list[str]], name: str) -> date | None:
    raw = _one(params, name)
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        raise ApiError(f"{name} 须为 YYYY-MM-DD 日期") from None


def request_from_query(query_string: str) -> SearchRequest:
    """The SearchRequest an API query string asks for, within the API's bounds."""
    params = parse_qs(query_string, keep_blank_values=True)
    if "q" not in params:
        raise ApiError("缺少查询参数 q")
    text = params["q"][-1]
    sort = _one(params, "sort") or "relevance"
    if sort not in ("relevance", "date"):
        raise ApiError("sort 只能是 relevance 或 date")
    return SearchRequest(
        text=text,
        type=_one(params, "type"),
        dept=_one(params, "dept"),
        date_from=_date(params, "from"),
        date_to=_date(params, "to"),
        sort=sort,
        page=_int(params, "page", 1, MAX_PAGE),
        per_page=_int(params, "per_page", 20, MAX_PER_PAGE),
        time_limit=TIME_LIMIT,
    )


class _IndexHolder:
    """Opens the site's index lazily; a build swaps the directory, which the next search sees
    (each search reads the index's table of contents afresh)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> SearchIndex:
        with self._lock:
            if self._index is None:
                self._index = open_index(self.path)
            return self._index


class Busy(RuntimeError):
    """Too many searches are waiting; the client should retry."""


class PortalHandler(SimpleHTTPRequestHandler):
    """Static files from the site directory, plus the search API."""

    index: _IndexHolder
    slots: threading.BoundedSemaphore
    quiet = False

    def end_headers(self) -> None:
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        if not self.quiet:
            super().log_message(format, *args)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        url = urlsplit(self.path)
        if url.path.rstrip("/") == API_PATH:
            self._api(url.query)
        else:
            super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        if urlsplit(self.path).path.rstrip("/") == API_PATH:
            self._json(HTTPStatus.METHOD_NOT_ALLOWED, {"error": "请使用 GET"})
        else:
            super().do_HEAD()

    def _json(self, status: HTTPStatus, payload: dict) -> None:
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _api(self, query_string: str) -> None:
        try:
            req = request_from_query(query_string)
            results = self._search(req)
        except (ApiError, QueryError) as e:
            self._json(HTTPStatus.BAD_REQUEST, {"error": str(e)})
            return
        except (FileNotFoundError, Busy) as e:
            self._json(HTTPStatus.SERVICE_UNAVAILABLE, {"error": str(e)})
            return
        self._json(
            HTTPStatus.OK,
            {
                "query": results.query,
                "total": results.total,
                "page": results.page,
                "per_page": results.per_page,
                "timed_out": results.timed_out,
                "results": [h.as_dict() for h in results.hits],
            },
        )

    def _search(self, req: SearchRequest) -> SearchResults:
        if not self.slots.acquire(timeout=QUEUE_WAIT):
            raise Busy("检索请求过多，请稍后重试")
        try:
            return self.index.get().search(req)
        finally:
            self.slots.release()


def make_server(site: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``site`` and its index (``port`` 0 picks a free port)."""
    site = Path(site).resolve()
    handler = type(
        "Handler",
        (PortalHandler,),
        {
            "index": _IndexHolder(index_dir_for(site)),
            "slots": threading.BoundedSemaphore(MAX_CONCURRENT_SEARCHES),
            "quiet": quiet,
        },
    )
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(site)))
    server.daemon_threads = True
    return server


def serve(site: Path, host: str = "127.0.0.1", port: int = 8000) -> int:
    """Serve until interrupted; exit status 2 when the site is missing."""
    site = Path(site)
    if not site.is_dir():
        print(f"错误：{site} 不是已生成的网站目录：先运行 portal build", file=sys.stderr)
        return 2
    warm_up()
    server = make_server(site, host, port)
    where = f"http://{host}:{server.server_address[1]}/"
    print(f"正在提供 {site}：{where}（搜索接口 {where}api/search?q=）；Ctrl-C 停止", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
