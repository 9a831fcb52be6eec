"""Shared fixtures: the sites built once per test session, Chromium, and an HTML reader.

Also the ``browser`` marker's handling (see tests/browserkit.py): without Chromium the
browser tests are skipped before any site is built for them, and the report ends with a
section naming them and the command that installs the browser; PORTAL_REQUIRE_BROWSER=1
(set by .ci/run) turns those skips into failures.
"""

from __future__ import annotations

import functools
import gzip
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.publish import pipeline
from tests import browserkit, searchkit

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CONTENT = ROOT / "content"
SAMPLE_AS_OF = date(2026, 11, 28)
#: A test whose call takes longer belongs under ``slow`` (make test-fast must stay under 30 s).
SLOW_SECONDS = 2.0
_unmarked_slow: list[tuple[str, float]] = []


@pytest.hookimpl(tryfirst=True)  # before -m deselects, so the markers added here count
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test using the ``browser`` fixture is a browser test; without Chromium it is skipped
    up front (its sites are not built), unless PORTAL_REQUIRE_BROWSER asks for a failure."""
    reason = browserkit.skip_reason()
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        if reason and not browserkit.browser_required() and item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call" and report.duration > SLOW_SECONDS and "slow" not in report.keywords:
        _unmarked_slow.append((report.nodeid, report.duration))


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """Name the tests a fast run should not have had; say loudly which browser tests did not
    run and why."""
    if _unmarked_slow and "not slow" in (config.option.markexpr or ""):
        terminalreporter.write_sep("-", f"tests over {SLOW_SECONDS:.0f} s without @pytest.mark.slow")
        for nodeid, seconds in sorted(_unmarked_slow, key=lambda t: -t[1]):
            terminalreporter.write_line(f"  {seconds:5.1f} s  {nodeid}")
    skipped = [
        r for r in terminalreporter.stats.get("skipped", []) if browserkit.SKIP_PREFIX in str(r.longrepr)
    ]
    if not skipped:
        return
    tr = terminalreporter
    tr.write_sep("!", f"{len(skipped)} browser tests SKIPPED: Chromium is missing", yellow=True, bold=True)
    tr.write_line(f"{browserkit.missing_browser() or 'Chromium was missing'}.", yellow=True, bold=True)
    tr.write_line(f"install it with: {browserkit.INSTALL_COMMAND}", yellow=True, bold=True)
    tr.write_line(
        f"({browserkit.REQUIRE_ENV}=1, as .ci/run sets, makes this a failure; "
        "PORTAL_CHROMIUM names another executable)"
    )
    for report in skipped:
        tr.write_line(f"  skipped: {report.nodeid}")


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for every browser test (see tests/browserkit.py)."""
    with browserkit.chromium() as b:
        yield b


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content/ built as of 2026-11-28; returns the output directory."""
    out = tmp_path_factory.mktemp("site") / "output"
    return pipeline.build(SAMPLE_CONTENT, out, as_of=SAMPLE_AS_OF)


@pytest.fixture(scope="session")
def search_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The search test tree (tests/searchkit.py) built once, for test_search.py and
    test_search_browser.py: ``<root>/out``, its content in ``<root>/content``. Read-only."""
    root = tmp_path_factory.mktemp("search")
    return pipeline.build(searchkit.search_tree(root), root / "out", searchkit.AS_OF)


@pytest.fixture(scope="session")
def search_site_tantivy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same search tree built with ``PORTAL_SEARCH_ENGINE = "tantivy"``: the API and CLI
    tests run against both engines (test_search.py, test_api.py). Read-only."""
    root = tmp_path_factory.mktemp("search-tantivy")
    conf = root / "tantivyconf.py"
    conf.write_text('from generator.defaults import *  # noqa: F403\nPORTAL_SEARCH_ENGINE = "tantivy"\n', "utf-8")
    return pipeline.build(searchkit.search_tree(root), root / "out", searchkit.AS_OF, conf=conf)


@pytest.fixture(scope="session", params=["whoosh", "tantivy"])
def engine_site(request: pytest.FixtureRequest) -> Path:
    """The search tree's site under each engine in turn (search/engine.py ENGINES)."""
    return request.getfixturevalue("search_site" if request.param == "whoosh" else "search_site_tantivy")


@pytest.fixture(params=["whoosh", "tantivy"])
def engine(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each search engine in turn as ``build_index``'s default (tests/test_search_index.py)."""
    from search import engine as search_engine

    monkeypatch.setattr(search_engine, "DEFAULT_ENGINE", request.param)
    return request.param


@pytest.fixture(scope="session")
def sample_portal():
    """The derived Portal of the shipped content (the same one the build used)."""
    return pipeline.derive_portal(SAMPLE_CONTENT, SAMPLE_AS_OF)


@dataclass
class Page:
    """What tests need from one HTML file: every start tag with its attributes, ids, text."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    text: list[str] = field(default_factory=list)
    #: (tag, attrs) of <script> elements and whether each had any content
    scripts: list[tuple[dict[str, str | None], bool]] = field(default_factory=list)

    def find(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]

    @property
    def plain(self) -> str:
        return "".join(self.text)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._in_script: dict[str, str | None] | None = None
        self._script_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        d = dict(attrs)
        self.page.tags.append((tag, d))
        if d.get("id"):
            self.page.ids.add(d["id"] or "")
        if tag == "script":
            self._in_script, self._script_body = d, False

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script is not None:
            self.page.scripts.append((self._in_script, self._script_body))
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self._script_body = self._script_body or bool(data.strip())
        self.page.text.append(data)


def read_html(path: Path) -> Page:
    """Parse one HTML file. The result is shared by every test reading the same file (several
    tests walk every page of the session's sites): read it, never change it."""
    st = path.stat()
    return _parse_html(path, st.st_ino, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8192)
def _parse_html(path: Path, inode: int, mtime_ns: int, size: int) -> Page:
    """The parse of one version of a file (a rebuilt file is another inode or mtime)."""
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def file_texts(site: Path) -> dict[Path, bytes]:
    """Every output file's bytes, gzip members (Pagefind fragments …) decompressed."""
    out = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                pass
        out[path] = data
    return out
