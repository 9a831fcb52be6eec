"""The read-only JSON search API of ``portal serve``.

``GET /api/search?q=…&type=&dept=&from=YYYY-MM-DD&to=YYYY-MM-DD&sort=relevance|date&page=&per_page=``
answers with ``{"query", "total", "page", "per_page", "timed_out", "results": [...]}``;
a bad query gets 400 and ``{"error": "…"}``. Work per query is bounded: a query string of at
most ``MAX_QUERY_STRING`` bytes (414 beyond), a query of at most ``MAX_QUERY_CHARS``
characters, at most ``MAX_PER_PAGE`` results a page, ``MAX_PAGE`` pages, ``TIME_LIMIT``
seconds of matching, and ``MAX_CONCURRENT_SEARCHES`` searches at once (the others wait in
turn, up to ``QUEUE_WAIT`` seconds, then 503; when the server says how many may wait, those
beyond get 503 at once). Recent answers are kept per index (``AnswerCache``). HEAD is
answered like GET without the body; OPTIONS with the methods and the CORS preflight headers
(any site may read the API: public data, no credentials, read-only).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from dataclasses import astuple
from datetime import date
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs

from . import index_dir_for
from .engine import (
    MAX_QUERY_CHARS,
    QueryError,
    SearchIndex,
    SearchRequest,
    SearchResults,
    index_stamp,
    open_index,
)
from .responses import ALLOW, NOT_ALLOWED, Response, json_bytes, options

MAX_PER_PAGE = 100
MAX_PAGE = 50
TIME_LIMIT = 1.0
#: Searches running at once; more wait (up to QUEUE_WAIT seconds, then 503) rather than
#: share the CPU so thinly that every one of them hits the time limit.
MAX_CONCURRENT_SEARCHES = 4
QUEUE_WAIT = 10.0
API_PATH = "/api/search"
#: Bytes of the raw (percent-encoded) query string: 500 Chinese characters take 4,500, so
#: this leaves room for the filters; a longer one is refused before it is parsed.
MAX_QUERY_STRING = 8192
#: Parameters in one query string (the API knows eight).
MAX_FIELDS = 32
#: Bytes of recent answers kept (AnswerCache); a page of 100 results is about 100 KB.
CACHE_BYTES = 32 * 1024 * 1024

CORS = [("Access-Control-Allow-Origin", "*")]
PREFLIGHT = [
    ("Access-Control-Allow-Methods", ALLOW),
    ("Access-Control-Allow-Headers", "*"),
    ("Access-Control-Max-Age", "86400"),
]


class ApiError(ValueError):
    """A request the API refuses with 400."""


class Busy(RuntimeError):
    """Too many searches are waiting; the client should retry."""


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
    try:
        params = parse_qs(query_string, keep_blank_values=True, max_num_fields=MAX_FIELDS)
    except ValueError:
        raise ApiError(f"参数过多（最多 {MAX_FIELDS} 个）") from None
    if "q" not in params:
        raise ApiError("缺少查询参数 q")
    text = params["q"][-1]
    if len(text.strip()) > MAX_QUERY_CHARS:
        raise ApiError(f"查询过长（最多 {MAX_QUERY_CHARS} 个字符）")
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


class FairSlots:
    """At most ``n`` holders at once; up to ``max_waiting`` others wait, served in turn.

    ``threading.Semaphore`` lets a newcomer take a slot that was just freed before the
    thread woken for it runs, so under load some waiters lose again and again (measured:
    p99 three times the mean). Here a freed slot is handed straight to the first waiter.
    """

    def __init__(self, n: int, max_waiting: int | None = None) -> None:
        self._free = n
        self.max_waiting = max_waiting
        self._lock = threading.Lock()
        self._waiting: deque[threading.Event] = deque()

    def acquire(self, timeout: float) -> bool:
        """Take a slot, waiting at most ``timeout`` seconds; False when none came (or when
        ``max_waiting`` others are waiting already)."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            if self.max_waiting is not None and len(self._waiting) >= self.max_waiting:
                return False
            turn = threading.Event()
            self._waiting.append(turn)
        if turn.wait(timeout):
            return True
        with self._lock:
            if turn.is_set():  # handed over just as the wait ended
                return True
            self._waiting.remove(turn)
            return False

    def release(self) -> None:
        """Give the slot to the first waiter, or back to the pool."""
        with self._lock:
            if self._waiting:
                self._waiting.popleft().set()
            else:
                self._free += 1


class _IndexHolder:
    """The live release's index, opened lazily: when a build switches the site to a new
    release, the next search opens that release's index (the old one stays readable). An
    index rewritten where it is (a mirror copying a new one over it) is reopened too."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self._stamp: tuple | None = None
        self._index: SearchIndex | None = None
        self._lock = threading.Lock()

    def get(self) -> tuple[SearchIndex, tuple]:
        """The index and its stamp (``engine.index_stamp``); FileNotFoundError if there is none."""
        path = index_dir_for(self.site)  # follows the live link afresh
        stamp = index_stamp(path)
        with self._lock:
            if self._index is None or stamp != self._stamp:
                old, self._index, self._stamp = self._index, open_index(path), stamp
                if old is not None:
                    old.close()  # its idle searchers; searches in progress finish on theirs
            return self._index, self._stamp


class AnswerCache:
    """Recent answers of the live index, by question (least recently used go first).

    The same question to the same index gets the same answer, so a repeated query (a
    company in the news) costs no search and takes no slot. Keys carry the index's stamp:
    a new release or a rewritten index is never answered from the old one's entries.
    Answers cut by the time limit are not kept (the next try may finish).
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key: tuple, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped)


def json_response(
    status: HTTPStatus,
    payload: dict,
    extra: list[tuple[str, str]] | None = None,
    body: bytes | None = None,
) -> Response:
    """A JSON answer of the API (``payload``, or ``body`` already encoded): not stored by
    browsers or proxies (the next release may answer otherwise), readable from any origin."""
    headers = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("Cache-Control", "no-store"),
        *CORS,
        *(extra or []),
    ]
    return Response(status, headers, json_bytes(payload) if body is None else body)


def error(status: HTTPStatus, message: str, extra: list[tuple[str, str]] | None = None) -> Response:
    """``{"error": message}``: the message is one line, meant for the user."""
    return json_response(status, {"error": message}, extra)


def results_payload(results: SearchResults) -> dict:
    """The JSON body of a page of results."""
    return {
        "query": results.query,
        "total": results.total,
        "total_exact": results.exact,
        "page": results.page,
        "per_page": results.per_page,
        "timed_out": results.timed_out,
        "results": [h.as_dict() for h in results.hits],
    }


class SearchApi:
    """Answers requests to API_PATH for the site at ``site`` (the live link, not resolved).

    ``max_waiting``: searches that may wait for a slot (each holds a server thread while it
    waits); None for no bound but QUEUE_WAIT.
    """

    def __init__(
        self,
        site: Path,
        slots: int = MAX_CONCURRENT_SEARCHES,
        max_waiting: int | None = None,
        queue_wait: float = QUEUE_WAIT,
        cache_bytes: int = CACHE_BYTES,
    ) -> None:
        self.index = _IndexHolder(site)
        self.slots = FairSlots(slots, max_waiting)
        self.queue_wait = queue_wait
        self.cache = AnswerCache(cache_bytes)

    def __call__(self, method: str, query_string: str) -> Response:
        """The answer to ``method`` with ``query_string`` (the raw, percent-encoded one)."""
        if method == "OPTIONS":
            return options(CORS + PREFLIGHT)
        if method not in ("GET", "HEAD"):
            return error(HTTPStatus.METHOD_NOT_ALLOWED, NOT_ALLOWED, [("Allow", ALLOW)])
        if len(query_string) > MAX_QUERY_STRING:
            return error(HTTPStatus.REQUEST_URI_TOO_LONG, f"查询串过长（最多 {MAX_QUERY_STRING} 字节）")
        try:
            body = self._answer(request_from_query(query_string))
        except (ApiError, QueryError) as e:
            return error(HTTPStatus.BAD_REQUEST, str(e))
        except Busy as e:
            return error(HTTPStatus.SERVICE_UNAVAILABLE, str(e), [("Retry-After", "1")])
        except FileNotFoundError as e:
            return error(HTTPStatus.SERVICE_UNAVAILABLE, str(e))
        return json_response(HTTPStatus.OK, {}, body=body)

    def _cached(self, req: SearchRequest) -> tuple[SearchIndex, tuple, bytes | None]:
        """The live index, the cache key of ``req`` on it, and the cached answer if any."""
        index, stamp = self.index.get()
        key = (stamp, astuple(req))
        return index, key, self.cache.get(key)

    def _answer(self, req: SearchRequest) -> bytes:
        """The JSON answer to ``req``: from the cache, or searched in one of the slots."""
        _, _, body = self._cached(req)
        if body is not None:
            return body
        if not self.slots.acquire(timeout=self.queue_wait):
            raise Busy("检索请求过多，请稍后重试")
        try:
            # Looked up again: the same question may have been answered while this one waited.
            index, key, body = self._cached(req)
            if body is None:
                results = index.search(req)
                body = json_bytes(results_payload(results))
                if not results.timed_out:
                    self.cache.put(key, body)
        finally:
            self.slots.release()
        return body
