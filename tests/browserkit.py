"""Shared pieces of the headless-Chromium tests: Debian's browser and a static mirror server.

Debian's /usr/bin/chromium (installed by .ci/run) driven by Playwright for Python;
no browser is ever downloaded by a tool.

Without the browser the tests marked ``browser`` are skipped, and the end of the pytest
report says so with the command that installs it; with ``PORTAL_REQUIRE_BROWSER=1`` (set by
.ci/run) they fail instead. ``PORTAL_CHROMIUM`` names another browser executable (a path
that does not exist simulates a machine without Chromium).
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = os.environ.get("PORTAL_CHROMIUM") or "/usr/bin/chromium"
INSTALL_COMMAND = "apt-get install -y chromium fonts-noto-cjk"
#: Set (to anything but "" or "0") where a missing browser must fail the tests: CI.
REQUIRE_ENV = "PORTAL_REQUIRE_BROWSER"
#: The start of every skip reason this kit gives, so the report can find those skips.
SKIP_PREFIX = "browser unavailable:"
# Without the background-networking flags Chromium keeps calling home on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SUB_PATH = "/mirror/"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Run an HTTP server on a daemon thread."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread


@contextmanager
def static_mirror(site: Path, docroot: Path) -> Iterator[str]:
    """Serve ``site`` as plain static files under /mirror/, as the credit website would; yields its URL."""
    (docroot / SUB_PATH.strip("/")).symlink_to(site, target_is_directory=True)
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(docroot))
    )
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_port}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()


def browser_required() -> bool:
    """Whether a missing browser fails the tests (CI) rather than skipping them."""
    return os.environ.get(REQUIRE_ENV, "").strip() not in ("", "0")


def missing_browser() -> str | None:
    """Why Chromium cannot be started here, or None."""
    if not os.access(CHROMIUM, os.X_OK):
        return f"Debian's Chromium is missing ({CHROMIUM} is not an executable file)"
    return None


def skip_reason() -> str | None:
    """The reason given for each skipped browser test (with the command that installs it)."""
    reason = missing_browser()
    return reason and f"{SKIP_PREFIX} {reason}; install it with: {INSTALL_COMMAND}"


def skip_or_fail_without_browser() -> None:
    """Skip the calling test when Chromium is missing, or fail it under PORTAL_REQUIRE_BROWSER."""
    reason = missing_browser()
    if reason is None:
        return
    if browser_required():
        pytest.fail(
            f"{reason}; install it with: {INSTALL_COMMAND} ({REQUIRE_ENV} is set: the browser tests must run)",
            pytrace=False,
        )
    pytest.skip(skip_reason())


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's headless Chromium; when it is missing the test is skipped (or fails, see above)."""
    skip_or_fail_without_browser()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
