"""``portal serve``: the built site's files and the JSON search API, one WSGI application on waitress.

The application (``PortalApp``) routes ``/api/search`` to search/api.py and everything else
to search/sitefiles.py, and puts SECURITY_HEADERS on every answer, errors included.

Why waitress: pure Python (nothing to compile; it runs wherever the portal runs, Windows
included), maintained, and built for production: an event loop holds the connections (an
idle keep-alive client costs no thread), a pool of THREADS workers runs the application, the
listen backlog is a setting (http.server's was 5), and request heads and bodies have size
limits. In production it sits behind nginx, which serves the files itself
(docs/deployment.md).
"""

from __future__ import annotations

import logging
import re
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http import HTTPStatus
from pathlib import Path
from typing import Any, TextIO
from wsgiref.util import FileWrapper

from waitress.server import create_server
from waitress.trigger import trigger
from waitress.wasyncore import close_all, loop

from . import responses
from .analysis import warm_up
from .api import API_PATH, CACHE_BYTES, MAX_CONCURRENT_SEARCHES, SearchApi
from .responses import Response
from .sitefiles import SiteFiles

#: Worker threads. A search waiting for one of the MAX_CONCURRENT_SEARCHES slots holds a
#: thread (parked: no CPU), so the threads are mostly a waiting room: searches may take all
#: but FILE_THREADS of them (more get 503 at once), and files never wait behind searches.
#: 128: a hundred clients' searches all wait in turn (load test: bench/RESULTS.md).
THREADS = 128
FILE_THREADS = 12
#: Connections waiting to be accepted (the kernel caps it at net.core.somaxconn).
BACKLOG = 2048
#: Open connections at once; beyond it waitress stops accepting (they wait in the backlog).
#: poll(2), not select(2), so more than 1,024 descriptors work.
CONNECTION_LIMIT = 1000
#: Request line and headers; nothing here takes a body.
MAX_HEADER_BYTES = 32 * 1024
MAX_BODY_BYTES = 1024
#: Seconds a shutdown waits for requests in progress.
SHUTDOWN_WAIT = 5
#: How long a thread running Python keeps the GIL while others want it (Python's default is
#: 5 ms). The event loop gives the GIL up at every socket call and then waits a whole
#: interval for it behind the searches: at 5 ms, pages took up to a second under load.
SWITCH_INTERVAL = 0.001

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
#: Statuses that never carry a body (nor a Content-Length).
_NO_BODY = {204, 304}
_BLOCK = 64 * 1024
_UNPRINTABLE = re.compile(r'[\x00-\x1f\x7f"\\]')

log = logging.getLogger("portal.serve")

StartResponse = Callable[..., Any]


class PortalApp:
    """The WSGI application: the search API at API_PATH, the site's files everywhere else."""

    def __init__(self, site: Path, threads: int = THREADS, cache_bytes: int = CACHE_BYTES) -> None:
        # Not resolved: the live path is a link that each release switches (publish/release.py).
        self.site = Path(site).absolute()
        waiting = max(0, threads - FILE_THREADS - MAX_CONCURRENT_SEARCHES)
        self.api = SearchApi(self.site, max_waiting=waiting, cache_bytes=cache_bytes)
        self.files = SiteFiles(self.site)

    def respond(self, environ: dict) -> Response:
        """The answer to one request."""
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        if path.rstrip("/") == API_PATH:
            return self.api(method, environ.get("QUERY_STRING", ""))
        return self.files(method, path, environ)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self.respond(environ)
        except Exception:  # answered with the security headers, logged with the traceback
            log.exception("%s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            response = responses.text(HTTPStatus.INTERNAL_SERVER_ERROR, "服务器内部错误")
        headers = response.headers + list(SECURITY_HEADERS.items())
        if response.status not in _NO_BODY:
            headers.append(("Content-Length", str(response.content_length())))
        start_response(response.status_line, headers)
        if environ["REQUEST_METHOD"] == "HEAD" or response.status in _NO_BODY:
            response.close()
            return []
        if response.file is not None:
            return environ.get("wsgi.file_wrapper", FileWrapper)(response.file, _BLOCK)
        return [response.body]


class AccessLog:
    """One line per request on ``stream``: client, request, status, bytes, milliseconds."""

    def __init__(self, app: Callable, stream: TextIO) -> None:
        self.app, self.stream = app, stream
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        started = time.perf_counter()
        seen: dict[str, str] = {}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"] = status.split(" ", 1)[0]
            seen["length"] = next((v for k, v in headers if k == "Content-Length"), "-")
            return start_response(status, headers, exc_info)

        result = self.app(environ, start)
        # Control characters and quotes escaped: a request cannot forge a log line.
        request = _UNPRINTABLE.sub(
            lambda m: f"\\x{ord(m[0]):02x}",
            f"{environ['REQUEST_METHOD']} {environ.get('REQUEST_URI', '')} {environ.get('SERVER_PROTOCOL', '')}",
        )
        line = (
            f'{environ.get("REMOTE_ADDR", "-")} - - [{time.strftime("%d/%b/%Y:%H:%M:%S %z")}] '
            f'"{request}" {seen.get("status", "-")} {seen.get("length", "-")} '
            f"{(time.perf_counter() - started) * 1000:.0f}ms\n"
        )
        with self._lock:
            self.stream.write(line)
            self.stream.flush()
        return result


class PortalServer:
    """waitress serving the portal, with ``socketserver``'s names: ``serve_forever`` (in any
    thread), ``shutdown`` (from another thread: waits until the loop has stopped) and
    ``server_close``; ``server_address`` is (host, port) after binding (port 0 picks one)."""

    def __init__(self, app: Callable, host: str, port: int, threads: int, backlog: int) -> None:
        self.app = app
        self._map: dict = {}
        self._server = create_server(
            app,
            map=self._map,
            host=host,
            port=port,
            threads=threads,
            backlog=backlog,
            connection_limit=CONNECTION_LIMIT,
            asyncore_use_poll=True,
            max_request_header_size=MAX_HEADER_BYTES,
            max_request_body_size=MAX_BODY_BYTES,
            ident="",  # no Server header: nothing to tell a scanner
        )
        self.threads = threads
        self._stop = threading.Event()
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def server_address(self) -> tuple[str, int]:
        if hasattr(self._server, "effective_port"):
            return self._server.effective_host, self._server.effective_port
        host, port = self._server.effective_listen[0][:2]  # several sockets (localhost: v4 and v6)
        return host, port

    def serve_forever(self) -> None:
        """Run the event loop until ``shutdown``."""
        self._stop.clear()
        self._stopped.clear()
        try:
            while not self._stop.is_set() and self._map:
                loop(timeout=1.0, map=self._map, use_poll=True, count=1)
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop ``serve_forever`` and wait for it to return."""
        self._stop.set()
        for dispatcher in list(self._map.values()):
            if isinstance(dispatcher, trigger):
                dispatcher.pull_trigger()  # wakes the loop now rather than after its timeout
        self._stopped.wait()

    def server_close(self) -> None:
        """Finish the requests in progress (up to SHUTDOWN_WAIT s), then close every socket."""
        self._server.task_dispatcher.shutdown(timeout=SHUTDOWN_WAIT)
        close_all(self._map)


def make_server(
    site: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    quiet: bool = False,
    threads: int = THREADS,
    backlog: int = BACKLOG,
    cache_bytes: int = CACHE_BYTES,
) -> PortalServer:
    """A server for ``site`` and its index (``port`` 0 picks a free port); ``quiet``: no
    access log; ``cache_bytes``: room for recent API answers (0: every query is searched)."""
    app: Callable = PortalApp(site, threads, cache_bytes)
    if not quiet:
        app = AccessLog(app, sys.stderr)
    return PortalServer(app, host, port, threads, backlog)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # systemd and docker stop with SIGTERM: finish requests, then exit


def serve(
    site: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int | None = None,
    quiet: bool = False,
    cache_bytes: int = CACHE_BYTES,
) -> int:
    """Serve until interrupted (Ctrl-C or SIGTERM); exit status 2 when the site is missing."""
    site = Path(site)
    if not site.is_dir():
        print(f"错误：{site} 不是已生成的网站目录：先运行 portal build", file=sys.stderr)
        return 2
    if threads is not None and threads < 1:
        print("错误：--threads 须为正整数", file=sys.stderr)
        return 2
    warm_up()
    try:
        server = make_server(
            site, host, port, quiet=quiet, threads=threads or THREADS, cache_bytes=cache_bytes
        )
    except OSError as e:
        print(f"错误：无法监听 {host}:{port}：{e.strerror or e}", file=sys.stderr)
        return 2
    shown = f"[{host}]" if ":" in host else host  # an IPv6 address
    where = f"http://{shown}:{server.server_address[1]}/"
    print(
        f"正在提供 {site}：{where}（搜索接口 {where}api/search?q=；waitress，{server.threads} 个线程）；Ctrl-C 停止",
        file=sys.stderr,
        flush=True,
    )
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    sys.setswitchinterval(SWITCH_INTERVAL)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
