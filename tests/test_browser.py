"""The built site in headless Chromium, served under a sub-path: screenshots, axe-core, display modes.

Debian's /usr/bin/chromium (installed by .ci/run), driven by Playwright for Python;
no browser is downloaded. Screenshots go to screenshots/ (gitignored) for a look.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from generator.render import urls
from generator.render.urls import record_url

from .browserkit import static_mirror
from .conftest import ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "screenshots"
WIDTHS = (1280, 375, 360)
#: axe-core runs at a desktop and a phone width; every width checks layout and requests.
AXE_WIDTHS = (1280, 375)
#: Pages kept as screenshots for a look (screenshots/, gitignored).
SCREENSHOTS = {"home", "department", "promise", "case", "listing", "shuanggongshi", "data"}


@pytest.fixture(scope="module")
def base_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served by http.server on 127.0.0.1 under /mirror/."""
    with static_mirror(built_site, tmp_path_factory.mktemp("docroot")) as url:
        yield url


@pytest.fixture(scope="module")
def key_pages(sample_portal, built_site: Path) -> dict[str, str]:
    """One page of every kind: home, a department, a promise, a case and a listing chosen for
    their richest content, every page address named in generator/render/urls.py, and one page
    of each other folder of the site (department ids folded together) for the rest."""
    debtor = next(d.department.id for d in sample_portal.debtors if d.active)
    promise = next(p for p in sample_portal.promises if p.promise.lawful_change)
    case = next(c for c in sample_portal.cases if c.overdue)
    person = next(r for r in sample_portal.records if r.record.subject_kind.value == "自然人")
    pages = {
        "home": "index.html",
        "department": f"departments/{debtor}.html",
        "promise": f"promises/{promise.promise.id}.html",
        "case": f"cases/{case.case.id}.html",
        "listing": record_url(person).partition("#")[0],
    }
    named = {k.lower(): v for k, v in vars(urls).items() if k.isupper() and isinstance(v, str)}
    pages |= {k: v for k, v in sorted(named.items()) if v.endswith(".html") and v not in pages.values()}
    departments = {d.id for d in sample_portal.departments}
    kinds = {_kind(p, departments) for p in pages.values()}
    for path in sorted(built_site.rglob("*.html")):
        rel = path.relative_to(built_site).as_posix()
        if _kind(rel, departments) not in kinds and rel not in pages.values():
            kinds.add(_kind(rel, departments))
            pages[_kind(rel, departments)] = rel
    return pages


def _kind(rel: str, departments: set[str]) -> str:
    """A page's kind: a top-level file is its own; elsewhere its folder (department ids folded)
    and whether it is the folder's index."""
    folder, _, name = rel.rpartition("/")
    if not folder:
        return name
    folder = "/".join("<dept>" if part in departments else part for part in folder.split("/"))
    return f"{folder}/{'index' if name == 'index.html' else '*'}"


def _open(browser: Browser, url: str, width: int) -> tuple[Page, list[str], list[str]]:
    """A page at ``url``; returns it with every requested URL and every failed response."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    requested: list[str] = []
    failed: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    return page, requested, failed


def _serious(page: Page) -> list[str]:
    """axe-core violations of serious or critical impact, one line each."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_key_pages_render_accessibly_under_a_sub_path(browser, base_url, key_pages, width):
    SHOTS.mkdir(exist_ok=True)
    for name, path in key_pages.items():
        page, requested, failed = _open(browser, base_url + path, width)
        try:
            assert not failed, failed
            outside = [u for u in requested if not u.startswith(base_url)]
            assert not outside, f"{name}: requests outside the site's sub-path: {outside}"
            assert page.locator("link[rel=stylesheet]").count() >= 1
            # the stylesheet applied: the header is painted in the theme's colour
            bg = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
            assert bg == "rgb(164, 22, 26)", bg
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
            if name in SCREENSHOTS:
                page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
            if width in AXE_WIDTHS:  # axe's rules do not depend on the width beyond these two
                assert not _serious(page), f"{name} at {width}px: {_serious(page)}"
            page.click("label[for=opt-large]")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (
                f"{name} at {width}px in large text scrolls sideways by {overflow}px"
            )
        finally:
            page.close()


def test_high_contrast_and_large_text_work_without_script(browser, base_url):
    page, _, _ = _open(browser, base_url + "index.html", 1280)
    try:
        page.context.set_offline(True)  # nothing more is fetched: the modes are pure CSS
        size = page.eval_on_selector(".page", "e => parseFloat(getComputedStyle(e).fontSize)")
        page.get_by_text("大字模式", exact=True).click()
        larger = page.eval_on_selector(".page", "e => parseFloat(getComputedStyle(e).fontSize)")
        assert larger >= size * 1.2
        page.get_by_text("高对比度", exact=True).click()
        colours = page.eval_on_selector(
            ".page", "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e).color]"
        )
        assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"], colours
        bar = page.eval_on_selector(".chart .bar", "e => getComputedStyle(e).fill")
        assert bar == "rgb(255, 255, 0)", bar
        page.screenshot(path=str(SHOTS / "home-contrast-1280.png"))
        assert not _serious(page), _serious(page)
    finally:
        page.close()


def test_keyboard_reaches_the_display_toggles(browser, base_url):
    page, _, _ = _open(browser, base_url + "index.html", 1280)
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "跳到主要内容"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == "opt-large"
        page.keyboard.press("Space")
        assert page.evaluate("document.getElementById('opt-large').checked")
    finally:
        page.close()


def test_print_hides_navigation(browser, base_url, key_pages):
    page, _, _ = _open(browser, base_url + key_pages["case"], 1280)
    try:
        page.emulate_media(media="print")
        assert page.eval_on_selector(".main-nav", "e => getComputedStyle(e).display") == "none"
        assert page.eval_on_selector("main h1", "e => getComputedStyle(e).display") == "block"
    finally:
        page.close()
