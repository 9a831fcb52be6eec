"""The static search box in headless Chromium: Pagefind finds records in the browser, no server API.

Debian's /usr/bin/chromium driven by Playwright for Python; no browser is downloaded.
The site is served once by ``portal serve``'s server (its security headers apply) and
once by a plain static server under a sub-path, as the credit website's mirror would.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from playwright.sync_api import Browser, Page, expect

from search.server import make_server
from tests.browserkit import serve_in_thread, static_mirror
from tests.searchkit import FOOD, POLLUTER, WITHDRAWN

pytestmark = pytest.mark.browser

RESULT_LINK = ".pagefind-ui__result-link"


@pytest.fixture(scope="module")
def site(search_site: Path) -> Path:
    """The search tree's site, built once per session for this module and test_search.py."""
    return search_site


@pytest.fixture(scope="module")
def portal_serve(site: Path) -> Iterator[str]:
    server = make_server(site, "127.0.0.1", 0, quiet=True)
    serve_in_thread(server)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def mirror(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site as static files under /mirror/ on a plain web server."""
    with static_mirror(site, tmp_path_factory.mktemp("docroot")) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None,
    )
    # Name the missing file (the console message does not say which).
    pg.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    yield pg
    context.close()
    assert errors == [], errors  # no script errors and no CSP violations


def _type_query(page: Page, text: str) -> None:
    box = page.locator(".pagefind-ui__search-input")
    expect(box).to_be_visible(timeout=15000)
    box.click()
    box.press_sequentially(text, delay=20)


@pytest.mark.parametrize("server", ["portal_serve", "mirror"])
def test_typing_a_chinese_query_finds_the_record(
    page: Page, server: str, request: pytest.FixtureRequest
) -> None:
    base = request.getfixturevalue(server)
    page.goto(base + "search.html")
    expect(page.locator("#search-needs-script")).to_be_hidden()
    _type_query(page, "保质期")
    link = page.locator(RESULT_LINK).first
    expect(link).to_contain_text(FOOD["name"], timeout=15000)
    href = link.get_attribute("href")
    assert href is not None and "#r" in href
    # The link leads to the record's anchor on its listing page, under the mirror's path too.
    target = urljoin(page.url, href)
    assert target.startswith(base + "shuanggongshi/market/penalty-2025.html#")
    page.goto(target)
    anchor = target.rsplit("#", 1)[1]
    expect(page.locator(f"[id='{anchor}']")).to_contain_text(FOOD["no"])


def test_query_from_address_prefills_and_searches(page: Page, portal_serve: str) -> None:
    page.goto(portal_serve + "search.html?q=" + quote("含铬废水"))
    expect(page.locator(RESULT_LINK).first).to_contain_text(POLLUTER["name"], timeout=15000)
    expect(page.locator("#site-search-q")).to_have_value("含铬废水")
    expect(page.locator(".pagefind-ui__search-input")).to_have_value("含铬废水")


def test_filters_by_type_and_department(page: Page, portal_serve: str) -> None:
    page.goto(portal_serve + "search.html?q=" + quote("示例区"))
    expect(page.locator(RESULT_LINK).first).to_be_visible(timeout=15000)
    panel = page.locator(".pagefind-ui__filter-panel")
    expect(panel).to_contain_text("类型")
    expect(panel).to_contain_text("部门")
    panel.get_by_text("案例", exact=False).first.click()
    expect(page.locator(RESULT_LINK)).to_have_count(1, timeout=15000)
    expect(page.locator(RESULT_LINK).first).to_contain_text("拖欠中小企业工程款")


def test_withdrawn_record_is_not_found_in_the_browser(page: Page, portal_serve: str) -> None:
    page.goto(portal_serve + "search.html")
    _type_query(page, "蓝鲸标记")  # words only the withdrawn record's facts contain
    expect(page.locator(".pagefind-ui__message")).to_contain_text("蓝鲸标记", timeout=15000)
    expect(page.locator(RESULT_LINK)).to_have_count(0)
    page.locator(".pagefind-ui__search-input").fill("")
    _type_query(page, WITHDRAWN["name"])  # its name's words match other companies, never it
    expect(page.locator(RESULT_LINK).first).to_be_visible(timeout=15000)
    titles = page.locator(RESULT_LINK).all_inner_texts()
    assert titles and not any(WITHDRAWN["name"] in t for t in titles)


def test_search_page_with_results_is_accessible(page: Page, mirror: str) -> None:
    """axe-core finds no serious or critical problem on the search page showing results."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(mirror + "search.html?q=" + quote("有限公司"))
    expect(page.locator(RESULT_LINK).first).to_be_visible(timeout=15000)
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]
    assert violations == []
