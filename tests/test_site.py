"""The built site: every page, permalink, escape, withdrawal and link checked on real output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from pelican import Pelican

from generator.core.derive import Status
from generator.publish import pipeline
from generator.render import pages as plugin
from generator.render.urls import record_url

from .conftest import ROOT, SAMPLE_AS_OF, file_texts, html_files, read_html
from .contentkit import COMPANY, PERSON_ID, make_tree

# --------------------------------------------------------------------------- a crafted tree

HEADER = (
    "行政相对人名称,行政相对人类别,统一社会信用代码,证件类型,证件号码,行政处罚决定书文号,违法事实,"
    "处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚机关,公示日期,撤销日期,信用修复日期,备注"
)
SCRIPT = "<script>alert(1)</script>"
JS_LINK = "javascript:alert(2)"
ONERROR = '<img src=x onerror="alert(3)">'


def _row(name, kind, code, id_type, id_no, no, facts, decided, published, revoked="", repaired="", remarks=""):
    cells = [name, kind, code, id_type, id_no, no, facts, "《食品安全法》第一百二十四条", "罚款",
             "罚款人民币一万元", "1", decided, "示例区市场监督管理局", published, revoked, repaired, remarks]  # fmt: skip
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in (x.replace('"', '""') for x in cells))


ACTIVE = _row("示例区甲商贸有限公司", "法人及非法人组织", COMPANY, "", "", "示市监罚〔2026〕1号",
              f"销售过期食品{SCRIPT}", "2026/09/01", "2026/09/08", remarks=ONERROR)  # fmt: skip
PERSON = _row("张三丰", "自然人", "", "身份证", PERSON_ID, "示市监罚〔2026〕2号", JS_LINK,
              "2026/08/03", "2026/08/31")  # fmt: skip
REVOKED = _row("示例区乙食品店", "个体工商户", "", "", "", "示市监罚〔2026〕撤字3号", "已撤销的处罚",
               "2026/01/05", "2026/01/09", revoked="2026/03/01")  # fmt: skip
REPAIRED = _row("示例区丙餐饮有限公司", "法人及非法人组织", "", "", "", "示市监罚〔2025〕修字4号", "已修复的处罚",
                "2025/06/02", "2025/06/05", repaired="2026/02/01")  # fmt: skip
EXPIRED = _row("示例区丁超市", "法人及非法人组织", "", "", "", "示市监罚〔2021〕期字5号", "公示期满的处罚",
               "2021/03/01", "2021/03/03")  # fmt: skip
WITHDRAWN_NUMBERS = ["示市监罚〔2026〕撤字3号", "示市监罚〔2025〕修字4号", "示市监罚〔2021〕期字5号"]

UPDATE = f"""Title: 测试{SCRIPT}动态
Date: 2026-10-01 09:00
Category: 政策解读
Slug: xss-update

正文 {SCRIPT} [点我]({JS_LINK}) {ONERROR} <img src="https://evil.example/t.png" alt="外链">
<a href="https://example.org/" onclick="alert(5)">外部链接</a>
"""

CASES = f"""\
- id: late-payment
  kind: 失信案例
  title: "拖欠工程款{SCRIPT}"
  department: market
  occurred_on: 2026-03-01
  exposed_on: 2026-05-01
  summary: "{ONERROR.replace('"', "'")}"
  sanctions:
    - kind: 限期整改
      imposed_on: 2026-05-01
      deadline: 2026-08-01
"""


def crafted_tree(tmp_path: Path) -> Path:
    csv = "\n".join([HEADER, ACTIVE, PERSON, REVOKED, REPAIRED, EXPIRED]) + "\n"
    return make_tree(
        tmp_path,
        {
            "data/penalties/market.csv": csv.encode("utf-8-sig"),
            "data/cases.yaml": CASES,
            "updates/xss.md": UPDATE,
        },
    )


@pytest.fixture(scope="module")
def crafted_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The crafted tree (script payloads, a natural person, withdrawn records) built."""
    root = tmp_path_factory.mktemp("crafted")
    content = crafted_tree(root)
    return pipeline.build(content, root / "output", as_of=date(2026, 11, 28))


# --------------------------------------------------------------------------- helpers

_EXTERNAL = re.compile(r"^(https?:)?//", re.I)


def internal_targets(site: Path, page: Path):
    """(attribute value, resolved path) of every same-site link or asset on a page."""
    for tag, attrs in read_html(page).tags:
        for name in ("href", "src", "action"):
            value = attrs.get(name)
            if not value or value.startswith(("#", "mailto:")) or _EXTERNAL.match(value):
                continue
            path = unquote(urlsplit(value).path)
            if not path:
                continue
            yield tag, value, (page.parent / path).resolve()


# --------------------------------------------------------------------------- the sample site


def test_every_department_page_has_every_section(built_site, sample_portal):
    assert sample_portal.departments, "the sample has departments"
    for dept in sample_portal.departments:
        page = read_html(built_site / "departments" / f"{dept.id}.html")
        missing = [sid for sid, _ in plugin.DEPARTMENT_SECTIONS if sid not in page.ids]
        assert not missing, f"{dept.id}: missing sections {missing}"
        assert dept.name in page.plain


def test_every_public_record_has_its_permalink(built_site, sample_portal):
    assert len(sample_portal.records) > 100
    ids: dict[str, set[str]] = {}
    for record in sample_portal.records:
        path, _, anchor = record_url(record).partition("#")
        if path not in ids:
            ids[path] = read_html(built_site / path).ids
        assert anchor in ids[path], f"{record.record.decision_no} has no anchor in {path}"


def test_withdrawn_sample_records_appear_in_no_output_file(built_site, sample_portal):
    public = [r.record.decision_no for r in sample_portal.records]
    withdrawn = [r.record.decision_no for r in sample_portal.all_records if not r.status.public]
    # a 文号 that is part of a public one could be found legitimately; none is expected
    withdrawn = [no for no in withdrawn if not any(no in p for p in public)]
    assert len(withdrawn) >= 3, "the sample withdraws records"
    texts = file_texts(built_site)
    for no in withdrawn:
        needle = no.encode()
        hits = [p.relative_to(built_site).as_posix() for p, data in texts.items() if needle in data]
        assert not hits, f"withdrawn {no} found in {hits}"


def test_no_inline_script_handler_or_javascript_url_anywhere(built_site):
    for page_path in html_files(built_site):
        page = read_html(page_path)
        for attrs, has_body in page.scripts:
            if attrs.get("type") == "application/ld+json" and not attrs.get("src"):
                continue  # JSON-LD is data, never run (its JSON is checked in test_opendata.py)
            assert attrs.get("src") and not has_body, f"inline <script> in {page_path}"
        for tag, attrs in page.tags:
            handlers = [a for a in attrs if a.lower().startswith("on")]
            assert not handlers, f"{page_path}: <{tag}> has {handlers}"
            assert "style" not in attrs, f"{page_path}: <{tag}> has a style attribute"
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").strip().lower().startswith("javascript:"), page_path


def test_assets_come_from_the_site_only(built_site):
    for page_path in html_files(built_site):
        page = read_html(page_path)
        for tag, attrs in page.tags:
            asset = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            if tag in ("a", "form") or not asset:
                continue
            assert not _EXTERNAL.match(asset), f"{page_path}: <{tag}> loads {asset}"


@pytest.mark.slow  # resolves every link of every sample page: 2–5 s
def test_every_internal_link_resolves_under_a_sub_path(built_site):
    """Relative links only: each one, resolved from its page, names a file of the site, and its
    #anchor (same-page ones too) an id on that page."""
    root = built_site.resolve()
    ids: dict[Path, set[str]] = {}

    def anchor_missing(target: Path, value: str) -> bool:
        fragment = unquote(urlsplit(value).fragment)
        if not fragment or target.suffix != ".html":
            return False
        if target not in ids:
            ids[target] = read_html(target).ids
        return fragment not in ids[target]

    broken = []
    for page in html_files(built_site):
        where = page.relative_to(built_site).as_posix()
        for _tag, value, target in internal_targets(built_site, page):
            if value.startswith("/"):
                broken.append((where, value, "absolute path"))
            elif root not in target.parents and target != root:
                broken.append((where, value, "leaves the site"))
            elif not target.is_file():
                broken.append((where, value, "missing"))
            elif anchor_missing(target, value):
                broken.append((where, value, "no such anchor"))
        for attrs in read_html(page).find("a"):
            value = attrs.get("href") or ""
            if value.startswith("#") and anchor_missing(page.resolve(), value):
                broken.append((where, value, "no such anchor on the page"))
    assert not broken, broken[:10]


def test_home_shows_as_of_updates_cases_and_figures(built_site, sample_portal):
    home = read_html(built_site / "index.html")
    assert SAMPLE_AS_OF.isoformat() in home.plain
    assert "演示数据" in home.plain
    links = {a.get("href") for a in home.find("a")}
    newest_case = max((c for c in sample_portal.cases if c.case.kind.value == "失信案例"), key=lambda c: c.case.exposed_on)
    assert f"./cases/{newest_case.case.id}.html" in links
    assert any(h and h.startswith("./updates/") and h != "./updates/index.html" for h in links)
    assert "按时公示率" in home.plain and home.find("svg")


def test_header_search_form_and_footer_settings(built_site):
    page = read_html(built_site / "departments" / "index.html")
    forms = page.find("form")
    assert any(f.get("action") == "../search.html" and f.get("method") == "get" for f in forms)
    assert any(i.get("name") == "q" for i in page.find("input"))
    for label in ("主办单位", "网站标识码", "示ICP备00000000号", "示公网安备", "网站地图", "联系我们"):
        assert label in page.plain


def test_promise_pages_show_history_evidence_and_lawful_change(built_site, sample_portal):
    changed = [p for p in sample_portal.promises if p.promise.lawful_change and p.rating.value == "依法变更"]
    assert changed, "the sample has a lawfully changed promise"
    for view in sample_portal.promises:
        page = read_html(built_site / "promises" / f"{view.promise.id}.html")
        for change in view.history:
            assert change.note in page.plain
            assert change.evidence[0].title in page.plain
    page = read_html(built_site / "promises" / f"{changed[0].promise.id}.html")
    assert "依法变更及补偿" in page.plain and changed[0].promise.lawful_change.authority in page.plain
    # static filter pages: one per rating, each listing exactly the promises with that rating
    for rating in {p.rating for p in sample_portal.promises}:
        page = read_html(built_site / "promises" / "rating" / f"{plugin.slug_of(rating)}.html")
        hrefs = {a.get("href") for a in page.find("a")}
        for view in sample_portal.promises:
            assert (f"../../promises/{view.promise.id}.html" in hrefs) == (view.rating == rating)


def test_case_pages_flag_overdue_sanctions(built_site, sample_portal):
    overdue = [c for c in sample_portal.cases if c.overdue]
    assert overdue, "the sample has an overdue rectification"
    for view in sample_portal.cases:
        page = read_html(built_site / "cases" / f"{view.case.id}.html")
        assert view.case.title in page.plain
        assert ("整改逾期" in page.plain) == view.overdue
        for target in view.case.shared_to:
            assert target in page.plain


def test_debtor_department_page_lists_the_restrictions(built_site, sample_portal):
    listed = {d.department.id for d in sample_portal.debtors if d.active}
    assert listed, "the sample lists a department as 失信被执行人"
    for dept in sample_portal.departments:
        page = read_html(built_site / "departments" / f"{dept.id}.html")
        assert (sample_portal.rules.debtor_restrictions[0] in page.plain) == (dept.id in listed)


def test_objection_figures_page(built_site, sample_portal):
    page = read_html(built_site / "objections" / "index.html")
    assert f"共收到异议 {len(sample_portal.objections)} 件" in page.plain
    assert "10 个工作日" in page.plain


def test_feeds_and_sitemap_are_valid_and_dated_from_the_data(built_site, sample_portal):
    ns = {"a": "http://www.w3.org/2005/Atom"}
    cases = ET.parse(built_site / "feeds" / "cases.atom.xml").getroot()
    entries = cases.findall("a:entry", ns)
    assert len(entries) == min(len(sample_portal.cases), 50)
    newest = max(c.case.exposed_on for c in sample_portal.cases)
    assert cases.find("a:updated", ns).text == f"{newest.isoformat()}T00:00:00+08:00"
    updates = ET.parse(built_site / "feeds" / "updates.atom.xml").getroot()
    assert updates.findall("a:entry", ns)
    sitemap = ET.parse(built_site / "sitemap.xml").getroot()
    locs = {e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "index.html" in locs and "404.html" not in locs
    assert all((built_site / loc).is_file() for loc in locs)
    assert {f"departments/{d.id}.html" for d in sample_portal.departments} <= locs


def test_charts_have_a_text_equivalent(built_site):
    page = read_html(built_site / "departments" / "index.html")
    home = read_html(built_site / "index.html")
    svgs = home.find("svg")
    assert svgs and all(s.get("role") == "img" and s.get("aria-labelledby") for s in svgs)
    for svg in svgs:
        for ref in svg["aria-labelledby"].split():
            assert ref in home.ids
    assert len(home.find("table")) >= len(svgs)
    assert page.find("table")


# --------------------------------------------------------------------------- the crafted tree


def test_script_payloads_in_csv_and_yaml_come_out_escaped(crafted_site):
    listing = crafted_site / "shuanggongshi" / "market" / "penalty-2026.html"
    raw = listing.read_text(encoding="utf-8")
    assert "销售过期食品&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=&#34;alert(3)&#34;&gt;" in raw
    case = (crafted_site / "cases" / "late-payment.html").read_text(encoding="utf-8")
    assert "拖欠工程款&lt;script&gt;" in case
    for path in [*html_files(crafted_site), *crafted_site.rglob("*.xml")]:
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text, path
        page = read_html(path) if path.suffix == ".html" else None
        if page is None:
            continue
        for tag, attrs in page.tags:
            assert not [a for a in attrs if a.startswith("on")], (path, tag, attrs)
            for name in ("href", "src"):
                assert not (attrs.get(name) or "").lower().startswith("javascript:"), (path, tag)


def test_press_update_markdown_is_sanitised(crafted_site):
    page_path = crafted_site / "updates" / "xss-update.html"
    page = read_html(page_path)
    assert "正文" in page.plain and "外部链接" in page.plain
    # only the theme's own external script (the remembered display choice), none from Markdown
    assert [a.get("src", "").rsplit("/", 1)[-1] for a, _ in page.scripts] == ["display.js"]
    srcs = [img.get("src") for img in page.find("img")]
    # the remote image loses its source, the local one keeps it (without onerror)
    assert [s for s in srcs if s] == ["x"], srcs
    hrefs = [a.get("href") for a in page.find("a")]
    assert "https://example.org/" in hrefs and not any(h and h.startswith("javascript") for h in hrefs)
    assert "<script>" not in page_path.read_text(encoding="utf-8").split("<title>")[1]


def test_withdrawn_records_appear_in_no_output_file(crafted_site):
    texts = file_texts(crafted_site)
    for no in WITHDRAWN_NUMBERS:
        hits = [p for p, data in texts.items() if no.encode() in data]
        assert not hits, f"{no} in {hits}"
    # … while the public ones are there, so the search above looked in the right place
    listing = texts[crafted_site / "shuanggongshi" / "market" / "penalty-2026.html"]
    assert "示市监罚〔2026〕1号".encode() in listing and "示市监罚〔2026〕2号".encode() in listing


def test_natural_person_is_masked(crafted_site):
    texts = file_texts(crafted_site)
    assert not [p for p, data in texts.items() if PERSON_ID.encode() in data]
    assert not [p for p, data in texts.items() if "张三丰".encode() in data]
    listing = texts[crafted_site / "shuanggongshi" / "market" / "penalty-2026.html"].decode()
    assert f"{PERSON_ID[:6]}{'*' * 12}" in listing
    assert "张某" in listing


def test_withdrawn_status_counts_are_published_without_contents(crafted_site):
    page = read_html(crafted_site / "objections" / "index.html")
    for status in (Status.revoked, Status.repaired, Status.expired):
        assert f"{status.value} 1 条" in page.plain


def test_long_listing_splits_by_month_keeping_every_anchor(tmp_path, monkeypatch):
    """Past the page limit a year listing keeps one anchored row per record; months hold details."""
    rows = [
        _row(f"示例区商户{i}有限公司", "法人及非法人组织", "", "", "", f"示市监罚〔2026〕{100 + i}号", "违规",
             f"2026/{m:02d}/10", f"2026/{m:02d}/12")  # fmt: skip
        for i, m in enumerate((3, 3, 5, 7))
    ]
    content = make_tree(tmp_path, {"data/penalties/m.csv": ("\n".join([HEADER, *rows]) + "\n").encode()})
    monkeypatch.setattr(plugin, "LISTING_PAGE_LIMIT", 2)
    out = tmp_path / "out"
    settings = pipeline.pelican_settings(content, out, date(2026, 11, 28))
    Pelican(settings).run()
    portal = pipeline.derive_portal(content, date(2026, 11, 28))
    year = read_html(out / "shuanggongshi" / "market" / "penalty-2026.html")
    for record in portal.records:
        assert record.key in year.ids
        month = out / "shuanggongshi" / "market" / f"penalty-2026-{record.record.decided_on.month:02d}.html"
        assert record.key in read_html(month).ids
        assert f"{month.name}#{record.key}" in {a.get("href") for a in year.find("a")}


@pytest.mark.slow  # two builds, each in a fresh process
def test_build_is_byte_reproducible(tmp_path):
    """Same content and as-of date → identical files, in two processes with different hash seeds."""
    content = crafted_tree(tmp_path)
    script = (
        "import sys; from datetime import date; from pathlib import Path; from pelican import Pelican;"
        "from generator.publish import pipeline;"
        "Pelican(pipeline.pelican_settings(Path(sys.argv[1]), Path(sys.argv[2]), date(2026, 11, 28))).run()"
    )
    trees = []
    for seed in ("1", "2"):
        out = tmp_path / f"out-{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", script, str(content), str(out)], cwd=ROOT, env=env, check=True, capture_output=True)
        trees.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert len(trees[0]) > 20 and trees[0].keys() == trees[1].keys()
    differing = [k for k in trees[0] if trees[0][k] != trees[1][k]]
    assert not differing, differing


def test_department_index_groups_departments_by_kind(built_site, sample_portal):
    """No-script filtering: each kind is a section with an anchor, holding exactly its departments."""
    html = (built_site / "departments" / "index.html").read_text(encoding="utf-8")
    kinds = {d.kind for d in sample_portal.departments}
    assert len(kinds) >= 2
    for kind in kinds:
        slug = plugin.slug_of(kind)
        assert f'href="#kind-{slug}"' in html
        section = html.split(f'<section id="kind-{slug}"', 1)[1].split("</section>", 1)[0]
        for dept in sample_portal.departments:
            assert (f'href="../departments/{dept.id}.html"' in section) == (dept.kind == kind), dept.id


def test_empty_feed_is_dated_by_the_as_of_date(tmp_path):
    """A tree without updates still gets a valid, deterministic updates feed."""
    content = make_tree(tmp_path, {})
    out = tmp_path / "out"
    Pelican(pipeline.pelican_settings(content, out, date(2026, 11, 28))).run()
    feed = ET.parse(out / "feeds" / "updates.atom.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:updated", ns).text == "2026-11-28T00:00:00+08:00"
    assert not feed.findall("a:entry", ns)


def test_civil_servants_are_counted_with_masked_names(built_site, sample_portal):
    assert sample_portal.civil, "the sample has civil-servant records"
    for view in sample_portal.civil:
        page = read_html(built_site / "departments" / f"{view.department.id}.html").plain
        assert view.display_name in page
        if not view.record.lawful_disclosure:
            assert view.display_name.endswith("某")
            assert view.record.name not in page, view.record.id


# --------------------------------------------------------------------------- charts


def test_bar_chart_escapes_labels_scales_bars_and_has_a_table():
    from generator.render.charts import WIDTH, bar_chart

    svg = str(bar_chart([("<b>甲</b>", 50), ("乙", 100), ("丙", 250)], title="标题<i>", unit="%", max_value=100))
    assert "<b>" not in svg and "&lt;b&gt;甲&lt;/b&gt;" in svg and "标题&lt;i&gt;" in svg
    widths = [float(w) for w in re.findall(r'class="bar" x="\d+" y="\d+" width="([\d.]+)"', svg)]
    track = float(re.search(r'class="track" x="\d+" y="\d+" width="([\d.]+)"', svg).group(1))
    assert widths == [track / 2, track, track]  # clamped at max_value
    assert track < WIDTH
    assert '<td class="num">250</td>' in svg and 'role="img"' in svg and "<script" not in svg


def test_line_chart_ids_are_stable_and_distinct():
    from generator.render.charts import line_chart

    one = line_chart({"甲": [("2024", 1), ("2025", 2)]}, title="t", unit="件")
    assert one == line_chart({"甲": [("2024", 1), ("2025", 2)]}, title="t", unit="件")
    other = line_chart({"甲": [("2024", 1), ("2025", 3)]}, title="t", unit="件")
    ids = lambda m: set(re.findall(r'id="([^"]+)"', str(m)))  # noqa: E731
    assert ids(one) and not ids(one) & ids(other)
    rows = re.findall(r"<tr><th scope=\"row\">(\d+)</th>", str(one))
    assert rows == ["2024", "2025"]


def test_published_feeds_and_sitemap_use_the_public_address(tmp_path):
    """With PORTAL_FEED_DOMAIN (publishconf.py) feed and sitemap links are absolute."""
    from generator.render import feeds

    settings = {"PORTAL_FEED_DOMAIN": "https://credit.example.gov.cn/shiliqu/", "SITENAME": "站"}
    data = feeds.atom("t", "feeds/cases.atom.xml", [], settings, date(2026, 11, 28))
    root = ET.fromstring(data)
    hrefs = {link.get("rel"): link.get("href") for link in root.iter("{http://www.w3.org/2005/Atom}link")}
    assert hrefs == {"self": "https://credit.example.gov.cn/shiliqu/feeds/cases.atom.xml", "alternate": "https://credit.example.gov.cn/shiliqu/index.html"}
    feeds.write_sitemap(tmp_path, ["b.html", "a.html", "404.html"], settings)
    locs = [e.text for e in ET.parse(tmp_path / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs == ["https://credit.example.gov.cn/shiliqu/a.html", "https://credit.example.gov.cn/shiliqu/b.html"]


# --------------------------------------------------------------------------- page addresses

#: The first segment of every portal page address: templates take these from ``urls``
#: (generator/render/urls.py), never spell them.
_PAGE_PATH = (
    r"(?:departments/|cases/|promises/|shuanggongshi/|evaluation/|objections/|feeds/|updates/"
    r"|index\.html|sitemap|search\.html|contact\.html|404\.html)"
)
_HAND_BUILT = [
    re.compile(r"\{\{-?\s*root\s*-?\}\}\s*" + _PAGE_PATH),  # {{ root }}cases/{{ id }}.html
    re.compile(r"\broot\s*~\s*['\"]"),  # root ~ "departments/" ~ …
    re.compile(r"\b(?:href|action|src)\s*=\s*['\"]" + _PAGE_PATH),  # href="sitemap.html"
    re.compile(r"['\"]" + _PAGE_PATH),  # ("双公示", "shuanggongshi/index.html"), "shuanggongshi/" ~ …
    re.compile(r"['\"][^'\"{}\s]*\.(?:html|xml)['\"]"),  # any other quoted page: "…/….html"
]
#: Template references ({% extends/include/from/import "x.html" %}) and comments are not addresses.
_NOT_ADDRESSES = re.compile(r"\{%-?\s*(?:extends|include|from|import)\b.*?%\}|\{#.*?#\}", re.S)


def _hand_built_paths(text: str) -> list[str]:
    text = _NOT_ADDRESSES.sub("", text)
    return [m.group(0) for rx in _HAND_BUILT for m in rx.finditer(text)]


def test_templates_take_every_page_address_from_urls():
    """No template spells a portal page address: they all come from generator/render/urls.py."""
    # the check itself: the hand-written forms the templates used to have are caught …
    for bad in [
        '<a href="{{ root }}departments/{{ d.id }}.html">',
        '<a href="{{ root }}promises/rating/{{ r|slug_of }}.html">',
        '<a href="{{root}}index.html">',
        '{{ breadcrumb(root, [("双公示", "shuanggongshi/index.html"), (only.name, None)]) }}',
        '(department.name, "shuanggongshi/" ~ department.id ~ "/index.html")',
        '"cases/index.html" if c.kind.value == \'失信案例\' else "cases/exemplars.html"',
        '<a href="sitemap.html">',
    ]:
        assert _hand_built_paths(bad), bad
    # … and addresses from urls, Pelican's own urls, assets and template names are not
    assert not _hand_built_paths(
        '{% extends "base.html" %}{% from "partials/macros.html" import day %}'
        '<a href="{{ root }}{{ urls.case_url(c.case.id) }}">{{ breadcrumb(root, [("政务承诺", urls.PROMISES)]) }}'
        '<a href="{{ root }}{{ a.url }}"><link href="{{ root }}theme/css/portal.css">'
        '<script src="{{ root }}pagefind/pagefind-ui.js"></script>'
    )
    templates = sorted((ROOT / "theme" / "templates").rglob("*.html"))
    assert templates
    found = {
        str(t.relative_to(ROOT)): hits
        for t in templates
        if (hits := _hand_built_paths(t.read_text(encoding="utf-8")))
    }
    assert not found, f"hand-built page addresses (use urls.* from generator/render/urls.py): {found}"
