"""Issue 12, browsing and government-site norms, on the built sample: district-wide 双公示
pages, the official department order, 政府网站发展指引 page metadata, robots.txt, footer
links, 打印, the remembered display choice and every body's objection contact."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from generator import defaults
from generator.evaluation import scoring
from generator.evaluation.config import load_config
from generator.evaluation.scoring import evaluate
from generator.publish.pipeline import check, pelican_settings
from generator.render import feeds, pages, urls
from tests.contentkit import DEPARTMENTS, make_tree

from .browserkit import static_mirror
from .conftest import ROOT, SAMPLE_AS_OF, SAMPLE_CONTENT, html_files, read_html

SHOTS = ROOT / "screenshots"
SITE_META = ("SiteName", "SiteDomain", "SiteIDCode", "ColumnName", "ColumnType")
ARTICLE_META = ("ArticleTitle", "PubDate", "ContentSource")
#: Article-like pages: a record listing, a case, a promise, a department, a press update.
ARTICLE_PAGES = re.compile(
    r"^(shuanggongshi/[a-z0-9-]+/[a-z]+-\d{4}(-\d\d)?\.html"
    r"|cases/(?!index|exemplars)[^/]+\.html"
    r"|promises/(?!index)[^/]+\.html"
    r"|departments/(?!index)[^/]+\.html"
    r"|updates/(?!index)[^/]+\.html)$"
)


# --------------------------------------------------------------------------- helpers


class _Rows(HTMLParser):
    """(href, decision date) of each body row of a district-wide listing, in page order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("a", "time") and self.rows:
            self.rows[-1].append(a.get("href") or a.get("datetime") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_body = False


def district_rows(path: Path) -> list[tuple[str, date]]:
    """(record link, decided on) per row: the row's first link and its date."""
    parser = _Rows()
    parser.feed(path.read_text(encoding="utf-8"))
    return [(row[0], date.fromisoformat(row[-1])) for row in parser.rows]


@cache
def _ids(path: Path) -> frozenset[str]:
    return frozenset(read_html(path).ids)


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file and anchor a relative link on ``page`` points to."""
    target, anchor = urldefrag(href)
    return (page.parent / target).resolve(), anchor


def official_ids() -> list[str]:
    """Department ids in the order departments.yaml sets (read here, not through the code)."""
    entries = yaml.safe_load((SAMPLE_CONTENT / "data" / "departments.yaml").read_text("utf-8"))
    return [e["id"] for e in sorted(entries, key=lambda e: e["order"])]


def department_ids_in(page: Path, pattern: str) -> list[str]:
    """Department ids in the order their links first appear on ``page``."""
    known = set(official_ids())
    seen: list[str] = []
    for a in read_html(page).find("a"):
        m = re.search(pattern, a.get("href") or "")
        if m and m.group(1) in known and m.group(1) not in seen:
            seen.append(m.group(1))
    return seen


def metas(path: Path) -> dict[str, str]:
    return {
        m["name"]: m.get("content") or "" for m in read_html(path).find("meta") if m.get("name")
    }


# --------------------------------------------------------------------------- district-wide 双公示


def test_latest_lists_the_last_days_of_every_department_newest_first(built_site, sample_portal):
    page = built_site / urls.SHUANGGONGSHI_LATEST
    rows = district_rows(page)
    since = SAMPLE_AS_OF - timedelta(days=defaults.PORTAL_LATEST_DAYS)
    expected = {urls.record_url(r) for r in sample_portal.records if since < r.record.decided_on}
    assert rows and len(rows) == len(expected)
    assert {resolve(page, h) for h, _ in rows} == {
        resolve(built_site / "x.html", u) for u in expected
    }
    days = [d for _, d in rows]
    assert days == sorted(days, reverse=True)
    assert len({r.department.id for r in sample_portal.records if since < r.record.decided_on}) > 1


def test_month_pages_hold_every_record_once_newest_first_linking_to_its_anchor(
    built_site, sample_portal
):
    month_pages = sorted((built_site / "shuanggongshi" / "month").glob("*.html"))
    months = pages.district_months(sample_portal.records)
    assert len(month_pages) == len(months) > 12
    linked = []
    for page in month_pages:
        year, month = map(int, page.stem.split("-")[:2])
        rows = district_rows(page)
        days = [d for _, d in rows]
        assert days == sorted(days, reverse=True), page.name
        assert {(d.year, d.month) for d in days} == {(year, month)}, page.name
        for href, _ in rows:
            target, anchor = resolve(page, href)
            assert anchor in _ids(target), f"{page.name}: {href} has no such anchor"
            linked.append((target, anchor))
        # rows link to the record; its block and its id stay on the department listing
        assert not _ids(page) & {r.key for r in sample_portal.records}, page.name
    permalinks = [resolve(built_site / "x.html", urls.record_url(r)) for r in sample_portal.records]
    assert sorted(linked) == sorted(permalinks)


def test_a_month_past_the_page_limit_is_split(sample_portal, monkeypatch):
    written: list[tuple[str, dict]] = []
    monkeypatch.setattr(pages, "LISTING_PAGE_LIMIT", 3)
    site = pages.SiteData(sample_portal, {"PORTAL_LATEST_DAYS": 90}, {})
    pages.write_district_listings(lambda _t, save_as, **ctx: written.append((save_as, ctx)), site)
    (year, month), records = max(
        pages.district_months(site.records).items(), key=lambda kv: len(kv[1])
    )
    assert len(records) > 3
    parts = [(s, c) for s, c in written if c.get("year") == year and c.get("month") == month]
    assert [s for s, _ in parts] == [
        urls.district_month_url(year, month, i) for i in range(1, len(parts) + 1)
    ]
    assert [r for _, c in parts for r in c["records"]] == records
    assert all(len(c["records"]) <= 3 for _, c in parts)
    latest = dict(written)[urls.SHUANGGONGSHI_LATEST]
    assert len(latest["records"]) == min(3, latest["total"])


def test_district_pages_are_reachable_without_script(built_site, sample_portal):
    index = built_site / urls.SHUANGGONGSHI
    links = {resolve(index, a["href"])[0] for a in read_html(index).find("a") if a.get("href")}
    assert (built_site / urls.SHUANGGONGSHI_LATEST).resolve() in links
    for year, month in pages.district_months(sample_portal.records):
        assert (built_site / urls.district_month_url(year, month)).resolve() in links
    assert "by-month" in read_html(index).ids
    home = built_site / urls.HOME
    home_links = {resolve(home, a["href"]) for a in read_html(home).find("a") if a.get("href")}
    assert resolve(home, urls.SHUANGGONGSHI_LATEST) in home_links
    assert resolve(home, urls.SHUANGGONGSHI_MONTHS) in home_links


# --------------------------------------------------------------------------- official order


def test_departments_follow_the_official_order_everywhere(built_site):
    order = official_ids()
    assert order != sorted(order)  # the official order is not the slugs' order
    assert order[0] == "ndrc" and order[-3:] == ["qingshi", "liuan", "taoyuan"]
    dept_link = r"departments/([a-z0-9-]+)\.html"
    pages_and_links = {
        urls.DEPARTMENTS: dept_link,
        urls.SHUANGGONGSHI: dept_link,
        urls.SITEMAP: dept_link,
        urls.OBJECTIONS: dept_link,
        urls.CONTACT: dept_link,
        urls.PROMISES: r"promises/department/([a-z0-9-]+)\.html",
    }
    for page, pattern in pages_and_links.items():
        found = department_ids_in(built_site / page, pattern)
        assert len(found) >= 3, page
        assert found == [d for d in order if d in found], page


def test_rankings_break_ties_by_the_official_order(sample_portal):
    config, problems = load_config(SAMPLE_CONTENT)
    assert config is not None and not problems
    ev = evaluate(sample_portal, config)
    # every sample body is scored every year and no two scores coincide by chance: make one
    # tie, the last two bodies of the first kind scoring alike, so the rule is exercised
    kind = sample_portal.departments[0].kind
    last, other = [d for d in sample_portal.departments if d.kind == kind][-2:][::-1]
    year = ev.years[0]
    ev.scores[last.id][year].score = ev.scores[other.id][year].score
    scoring._rank(ev.scores, sample_portal.departments, ev.years)
    position = {d: n for n, d in enumerate(official_ids())}
    tied = 0
    for year in ev.years:
        for kind in {d.kind for d in sample_portal.departments}:
            # given in reverse: the order comes from the ranking, not from the caller
            rows = ev.ranking(year, kind, list(reversed(sample_portal.departments)))
            keys = [(s.rank is None, s.rank or 0, position[d.id]) for d, s in rows]
            assert keys == sorted(keys)
            tied += len(keys) - len({k[:2] for k in keys})
    assert tied  # the sample has ties or unscored bodies, so the rule is exercised


def test_department_order_must_be_unique(tmp_path):
    numbered = DEPARTMENTS.replace("  kind: 区直部门\n", "  kind: 区直部门\n  order: 5\n")
    checked = check(make_tree(tmp_path, {"data/departments.yaml": numbered}))
    problems = [str(p) for p in checked.problems]
    assert any("部门排序「5」" in p for p in problems), problems


def test_objection_phone_takes_an_office_line_but_never_a_mobile(tmp_path):
    def problems(phone: str) -> list[str]:
        depts = DEPARTMENTS.replace(
            "  kind: 区直部门\n  aliases", f"  kind: 区直部门\n  phone: {phone}\n  aliases"
        )
        root = tmp_path / phone
        return [str(p) for p in check(make_tree(root, {"data/departments.yaml": depts})).problems]

    assert problems("0000-86012345") == []
    assert any("手机号码" in p for p in problems("办公室 138 0013 8000"))


# --------------------------------------------------------------------------- page metadata


def test_every_page_has_site_and_column_metadata_and_articles_their_own(built_site):
    articles = 0
    for path in html_files(built_site):
        rel = path.relative_to(built_site).as_posix()
        found = metas(path)
        missing = [m for m in SITE_META if not found.get(m)]
        assert not missing, f"{rel}: no {missing}"
        assert found["SiteIDCode"] == defaults.PORTAL_SITE_CODE
        if ARTICLE_PAGES.match(rel):
            articles += 1
            missing = [m for m in ARTICLE_META if not found.get(m)]
            assert not missing, f"{rel}: no {missing}"
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", found["PubDate"]), rel
    assert articles > 100
    case = next(p for p in (built_site / "cases").glob("c*.html"))
    assert metas(case)["ColumnName"] == "案例曝光"
    assert metas(case)["ArticleTitle"] in read_html(case).plain


# --------------------------------------------------------------------------- robots, footer, print


def test_robots_txt_allows_all_and_names_the_public_sitemap(built_site, tmp_path):
    local = (built_site / urls.ROBOTS).read_text(encoding="utf-8")
    assert "User-agent: *" in local and "Allow: /" in local and "Disallow: /" not in local
    settings = pelican_settings(
        SAMPLE_CONTENT, tmp_path, SAMPLE_AS_OF, conf=ROOT / "publishconf.py"
    )
    assert settings["SITEURL"].startswith("https://")
    published = feeds.robots_txt(settings)
    assert f"Sitemap: {settings['SITEURL']}/sitemap.xml" in published.splitlines()


def test_footer_links_come_from_the_settings(built_site):
    channels = dict(defaults.PORTAL_CHANNELS)
    assert {"信用中国", "信用济南"} <= set(channels)
    for rel in (urls.HOME, urls.SHUANGGONGSHI_LATEST, urls.CONTACT):
        links = {a.get("href") for a in read_html(built_site / rel).find("a")}
        assert defaults.PORTAL_ERROR_REPORT_URL in links, rel
        assert set(channels.values()) <= links, rel
    text = (built_site / urls.HOME).read_text(encoding="utf-8")
    assert "政府网站找错" in text
    # links only: no page loads anything from those sites
    assert not re.search(r'(src|href)="https?://[^"]+\.(js|css|png)"', text)


def _article_pages(site: Path, sample_portal) -> dict[str, Path]:
    return {
        "listing": site / urls.record_url(sample_portal.records[0]).partition("#")[0],
        "case": site / urls.case_url(sample_portal.cases[0].case.id),
        "promise": site / urls.promise_url(sample_portal.promises[0].promise.id),
    }


def test_print_button_on_listing_case_and_promise_pages(built_site, sample_portal):
    script = built_site / "theme" / "js" / "print.js"
    assert "window.print()" in script.read_text(encoding="utf-8")
    for kind, path in _article_pages(built_site, sample_portal).items():
        page = read_html(path)
        buttons = [b for b in page.find("button") if "data-print" in b]
        assert buttons, kind
        srcs = [resolve(path, a["src"])[0] for a, _ in page.scripts if a.get("src")]
        assert script.resolve() in srcs, kind
    assert not [b for b in read_html(built_site / urls.HOME).find("button") if "data-print" in b]


def test_display_choice_script_is_external_and_the_css_toggles_remain(built_site):
    script = built_site / "theme" / "js" / "display.js"
    assert "localStorage" in script.read_text(encoding="utf-8")
    css = (built_site / "theme" / "css" / "portal.css").read_text(encoding="utf-8")
    assert "#opt-large:checked ~ .page" in css and "#opt-contrast:checked ~ .page" in css
    for path in html_files(built_site):
        page = read_html(path)
        inline = [a for a, body in page.scripts if body or not a.get("src")]
        assert all((a.get("type") or "").endswith("json") for a in inline), path  # data, not code
        srcs = [resolve(path, a["src"])[0] for a, _ in page.scripts if a.get("src")]
        assert script.resolve() in srcs, path
        labels = {a.get("for") for a in page.find("label")}
        assert {"opt-large", "opt-contrast"} <= page.ids and {"opt-large", "opt-contrast"} <= labels


# --------------------------------------------------------------------------- contacts


def test_contact_page_and_every_department_show_an_objection_phone_and_address(
    built_site, sample_portal
):
    contact = read_html(built_site / urls.CONTACT).plain
    for d in sample_portal.departments:
        assert d.phone and d.address and "演示数据" in d.phone and "演示数据" in d.address
        assert d.phone in contact and d.address in contact, d.id
        page = built_site / urls.department_url(d.id)
        section = page.read_text(encoding="utf-8").split('id="objections"', 1)[1]
        assert d.phone in section and d.address in section and "受理电话" in section, d.id
    assert defaults.PORTAL_CONTACT_PHONE in contact and defaults.PORTAL_CONTACT_ADDRESS in contact


# --------------------------------------------------------------------------- in Chromium


@pytest.fixture(scope="module")
def mirror(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served under a sub-path, as the credit website's mirror serves it."""
    with static_mirror(built_site, tmp_path_factory.mktemp("docroot")) as url:
        yield url


def _font_size(page) -> float:
    return page.eval_on_selector(".page", "e => parseFloat(getComputedStyle(e).fontSize)")


@pytest.mark.browser
def test_large_text_chosen_on_one_page_applies_on_the_next(browser, mirror):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(mirror + urls.HOME)
        normal = _font_size(page)
        page.click("label[for=opt-large]")
        page.click(f"a[href$='{urls.SHUANGGONGSHI_LATEST}']")
        page.wait_for_url("**/" + urls.SHUANGGONGSHI_LATEST)
        assert page.is_checked("#opt-large") and not page.is_checked("#opt-contrast")
        assert _font_size(page) >= normal * 1.2
        page.click("label[for=opt-large]")  # switched off, it stays off
        page.goto(mirror + urls.CONTACT)
        assert not page.is_checked("#opt-large")
    finally:
        context.close()


@pytest.mark.browser
def test_without_script_the_toggles_work_and_no_dead_print_button_shows(
    browser, mirror, built_site, sample_portal
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        case = _article_pages(built_site, sample_portal)["case"].relative_to(built_site)
        page.goto(mirror + case.as_posix())
        normal = _font_size(page)
        page.click("label[for=opt-large]")
        assert _font_size(page) >= normal * 1.2
        assert not page.is_visible("[data-print]")
    finally:
        context.close()


@pytest.mark.browser
def test_print_button_prints(browser, mirror, built_site, sample_portal):
    page = browser.new_page()
    try:
        page.add_init_script("window.print = () => { window.__printed = true; };")
        for path in _article_pages(built_site, sample_portal).values():
            page.goto(mirror + path.relative_to(built_site).as_posix())
            page.click("[data-print]")
            assert page.evaluate("window.__printed === true"), path
    finally:
        page.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", (1280, 375))
def test_district_pages_in_chromium(browser, mirror, sample_portal, width):
    SHOTS.mkdir(exist_ok=True)
    newest = max(pages.district_months(sample_portal.records))
    shots = {
        "shuanggongshi-index": urls.SHUANGGONGSHI,
        "shuanggongshi-latest": urls.SHUANGGONGSHI_LATEST,
        "shuanggongshi-month": urls.district_month_url(*newest),
    }
    page = browser.new_page(viewport={"width": width, "height": 900})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    try:
        for name, rel in shots.items():
            page.goto(mirror + rel, wait_until="load")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{name} at {width}px scrolls sideways by {overflow}px"
            page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        assert not failed, failed
    finally:
        page.close()
