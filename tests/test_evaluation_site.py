"""End to end: a crafted content tree, scores computed by hand, the built site parsed.

Every figure in the evaluation and sanctions sections of a department page must lead
to an existing page and anchor; editing a weight in evaluation.yaml changes the scores
and the methodology page with no code change.
"""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

import pytest

from generator.publish.pipeline import build
from tests.contentkit import PENALTY_HEADER, make_tree, penalties_csv, penalty_row

AS_OF = date(2026, 1, 15)
REVOKED = "示市监罚〔2024〕9号"

EVALUATION = """\
title: 政务诚信评价（测试）
years: [2024, 2025]
indicators:
  - {id: publication, name: 按时公开, weight: 30, source: shuanggongshi.on_time}
  - {id: promises, name: 承诺兑现, weight: 20, source: promises.fulfilment}
  - {id: hotline, name: 热线办结, weight: 20, source: hotline.resolution}
  - {id: dishonesty, name: 失信扣分, weight: 30, source: cases.dishonesty, rule: deduction, per_item: 10}
approved_by: [示例区发展和改革局, 中共示例区委组织部, 示例区人力资源和社会保障局]
approved_on: 2023-02-20
document_no: 示发改发〔2023〕6号
approval_note: 演示数据：批准信息为虚构的示例值。
"""

FILES = {
    "data/evaluation.yaml": EVALUATION,
    "data/penalties/p.csv": penalties_csv(
        # 2024-03-01 (Fri) + 7 working days = 2024-03-12
        penalty_row(no="示市监罚〔2024〕1号", decided="2024/03/01", published="2024/03/12")
        + ",",  # on time
        penalty_row(no="示市监罚〔2024〕2号", decided="2024/03/01", published="2024/03/13")
        + ",",  # late
        # late, then revoked: counted in the year's statistics, its contents shown nowhere
        penalty_row(no=REVOKED, decided="2024/03/01", published="2024/03/20") + ",2024/06/01",
        # 2025-03-03 (Mon) + 7 working days = 2025-03-12
        penalty_row(no="示市监罚〔2025〕3号", decided="2025/03/03", published="2025/03/04")
        + ",",  # on time
        penalty_row(
            no="示环罚〔2025〕4号",
            decided="2025/03/03",
            published="2025/04/30",
            authority="示例区生态环境分局",
        )
        + ",",  # late
        header=PENALTY_HEADER + ",撤销日期",
    ),
    "data/promises.yaml": """
- id: pa
  title: 按期兑现设备奖补（演示）
  department: market
  category: 招商引资政策
  made_on: 2023-05-01
  due_on: 2024-06-30
  summary: 演示承诺
  source: {title: 协议}
  history:
  - {'on': 2024-06-20, rating: 已兑现, note: 已拨付, evidence: [{title: 拨付凭证}]}
""",
    "data/hotline.yaml": """
- {department: market, year: 2024, received: 100, responded_on_time: 100, resolved: 90, satisfaction: 90}
- {department: env, year: 2024, received: 50, responded_on_time: 50, resolved: 50, satisfaction: 90}
- {department: market, year: 2025, received: 100, responded_on_time: 100, resolved: 80, satisfaction: 90}
- {department: env, year: 2025, received: 50, responded_on_time: 50, resolved: 50, satisfaction: 90}
""",
    "data/cases.yaml": """
- id: c1
  kind: 失信案例
  title: 示例区市场监督管理局逾期未兑现奖补（演示）
  department: market
  occurred_on: 2024-01-10
  exposed_on: 2024-03-01
  summary: 演示案例
  sanctions:
  - {kind: 书面说明原因, imposed_on: 2024-03-01, deadline: 2024-03-15, completed_on: 2024-03-10}
  - {kind: 限期整改, imposed_on: 2024-03-01, deadline: 2024-06-30}
""",
    "data/third_party.yaml": """
- {department: market, year: 2025, evaluator: 示例信用服务机构, score: 88, grade: 良好, report: {title: 评价报告}}
""",
    "data/debtor_listings.yaml": """
- {department: env, court: 示例区人民法院, case_no: "（2025）示执1号", listed_on: 2025-10-01}
""",
}

# Hand computation (weights: publication 30, promises 20, hotline 20, dishonesty 30 − 10 per case).
# market 2024: publication 1 of 3 on time (the revoked one counts) → 30 × 1/3 = 10; promise pa kept → 20;
#              hotline 90/100 → 20 × 0.9 = 18; one case → 30 − 10 = 20.      total 10 + 20 + 18 + 20 = 68
# env 2024:    no records, no promises → both excluded; hotline 50/50 → 20; no case → 30.
#              (20 + 30) / (20 + 30) × 100 = 100
# market 2025: publication 1/1 → 30; no promise due → excluded; hotline 80/100 → 16; no case → 30.
#              (30 + 16 + 30) / (30 + 20 + 30) × 100 = 76 / 80 × 100 = 95;  change 95 − 68 = +27
# env 2025:    publication 0/1 → 0; promises excluded; hotline → 20; no case → 30.
#              (0 + 20 + 30) / 80 × 100 = 62.5;  change 62.5 − 100 = −37.5
# Ranks (both 区直部门): 2024 env 1, market 2; 2025 market 1, env 2.
EXPECTED = {
    ("market", 2024): "68.00",
    ("env", 2024): "100.00",
    ("market", 2025): "95.00",
    ("env", 2025): "62.50",
}


class Page(HTMLParser):
    """Ids of a page, and every link with the ids and classes of the elements around it."""

    def __init__(self, text: str):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, list[str], list[str]]] = []
        self.text_in: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str, str]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.links.append(
                (
                    a["href"],
                    [i for _, i, _ in self._stack if i],
                    [c for _, _, c in self._stack if c],
                )
            )
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._stack.append((tag, a.get("id") or "", a.get("class") or ""))

    def handle_startendtag(self, tag, attrs):
        if dict(attrs).get("id"):
            self.ids.add(dict(attrs)["id"])  # <x/>: nothing to push or pop

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, i, _ in self._stack:
            if i:
                self.text_in.setdefault(i, []).append(data)

    def text(self, element_id: str) -> str:
        return re.sub(r"\s+", " ", "".join(self.text_in.get(element_id, [])))


def parse(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("evalsite")
    content = make_tree(root, FILES)
    return content, build(content, root / "output", AS_OF)


def summary_scores(page: Page) -> dict[int, str]:
    """Year → score as shown in the department's summary table."""
    text = page.text("evaluation")
    return {int(y): s for y, s in re.findall(r"(\d{4}) 年 ([\d.]+) \d+ / \d+", text)}


def test_scores_match_the_hand_computation(site):
    _, out = site
    for (dept, year), score in EXPECTED.items():
        page = parse(out / "departments" / f"{dept}.html")
        assert summary_scores(page)[year] == score, (dept, year)
    market = parse(out / "departments" / "market.html").text("evaluation")
    assert "95.00 1 / 2 +27.00" in market
    assert "示例信用服务机构：88.0 分 良好" in market or "示例信用服务机构：88 分 良好" in market
    env = parse(out / "departments" / "env.html").text("evaluation")
    assert "62.50 2 / 2 -37.50" in env


def test_rankings_page(site):
    _, out = site
    page = parse(out / "evaluation" / "rankings.html")
    text = page.text("main")
    # 2025 table first: market 1st with 95.00 (+27.00), env 2nd with 62.50 and its debtor listing.
    # A sanction stands against the years it was in force: market's honours ban (2024-03-01 …
    # 2025-03-01) and its overdue rectification (since 2024-07-01) in 2024 and 2025; env's
    # listing (2025-10-01) in 2025 only.
    assert re.search(
        r"1 示例区市场监督管理局 95\.00 \+27\.00 示例信用服务机构：88(\.0)? 分 良好 "
        r"取消荣誉评选资格至 2025年03月01日 说明、整改逾期 1 项",
        text,
    )
    assert re.search(r"2 示例区生态环境分局 62\.50 -37\.50 — 失信被执行人", text)
    assert re.search(r"1 示例区生态环境分局 100\.00 — — — ", text)
    assert re.search(
        r"2 示例区市场监督管理局 68\.00 — — 取消荣誉评选资格至 2025年03月01日 说明、整改逾期 1 项", text
    )
    assert "<svg" in (out / "evaluation" / "rankings.html").read_text(encoding="utf-8")
    for href, ids, _classes in page.links:
        if "main" not in ids:
            continue  # the page's own content, not the site chrome
        target, fragment = _resolve(out / "evaluation" / "rankings.html", href, out)
        assert target.is_file(), href
        assert not fragment or fragment in parse(target).ids, href
    nav = re.findall(
        r'<li><a href="([^"]+)">([^<]+)</a></li>', (out / "index.html").read_text(encoding="utf-8")
    )
    assert ("./evaluation/rankings.html", "诚信评价") in nav


def _resolve(page_path: Path, href: str, out: Path) -> tuple[Path, str]:
    url, fragment = urldefrag(href)
    target = (page_path.parent / unquote(url)).resolve() if url else page_path.resolve()
    assert out.resolve() in target.parents, href
    return target, unquote(fragment)


@pytest.mark.parametrize("dept", ["market", "env"])
def test_every_figure_leads_to_its_records(site, dept):
    _, out = site
    path = out / "departments" / f"{dept}.html"
    page = parse(path)
    checked = 0
    for href, ids, _classes in page.links:
        if not ({"evaluation", "sanctions"} & set(ids)) or href.startswith(("http:", "https:")):
            continue
        target, fragment = _resolve(path, href, out)
        assert target.is_file(), href
        if fragment:
            assert fragment in parse(target).ids, href
        checked += 1
    # Each breakdown row (2 years × 4 indicators) links to its evidence block on the page.
    evidence = [
        h
        for h, ids, classes in page.links
        if "evaluation" in ids and h.startswith("#eval-") and "eval-row" in classes
    ]
    assert len(evidence) == 2 * 4 and checked > len(evidence)


def test_breakdown_lists_the_records_behind_each_figure(site):
    _, out = site
    path = out / "departments" / "market.html"
    page = parse(path)
    hrefs = {h for h, ids, _ in page.links if "eval-market-2024-publication" in ids}
    # The late record by its permalink, and the listing with all records of the year.
    assert any(h.startswith("../shuanggongshi/market/penalty-2024.html#r") for h in hrefs), hrefs
    assert "../shuanggongshi/market/penalty-2024.html" in hrefs
    assert "示市监罚〔2024〕2号" in page.text("eval-market-2024-publication")
    assert "示市监罚〔2024〕1号" not in page.text(
        "eval-market-2024-publication"
    )  # on time: in the listing
    assert {h for h, ids, _ in page.links if "eval-market-2024-promises" in ids} == {
        "../promises/pa.html"
    }
    assert {h for h, ids, _ in page.links if "eval-market-2024-dishonesty" in ids} == {
        "../cases/c1.html"
    }
    assert "受理 100 件，办结 90 件" in page.text("eval-market-2024-hotline")


def test_sanctions_section(site):
    _, out = site
    market = parse(out / "departments" / "market.html").text("sanctions")
    # Honours ban implied for rules.honours_ban_years (1) from exposure 2024-03-01: ended by 2026-01-15.
    assert "荣誉评选资格：未受限" in market
    assert "限期整改 2024年06月30日 已逾期" in market
    assert "书面说明原因 2024年03月15日 已完成" in market
    env = parse(out / "departments" / "env.html").text("sanctions")
    assert "失信被执行人：在列" in env and "示例区人民法院 （2025）示执1号" in env
    # The restrictions themselves are on the core page's 失信被执行人 section, linked from here.
    links = parse(out / "departments" / "env.html").links
    assert any(h == "#debtor" and "sanctions" in ids for h, ids, _ in links)


def test_methodology_page_follows_the_configuration(site):
    _, out = site
    text = parse(out / "evaluation" / "methodology.html").text("main")
    assert "按时公开 30" in text and "失信扣分 30" in text
    assert "每项扣 10 分" in text
    assert "不计入综合得分" in text  # third party not weighted in this configuration


@pytest.mark.slow  # a second build
def test_changing_a_weight_changes_scores_and_methodology(site, tmp_path):
    _, first = site  # FILES as they are, built once for the module
    changed = EVALUATION.replace(
        "weight: 30, source: shuanggongshi", "weight: 10, source: shuanggongshi"
    ).replace("weight: 30, source: cases", "weight: 50, source: cases")
    content = make_tree(tmp_path, {**FILES, "data/evaluation.yaml": changed})
    second = build(content, tmp_path / "out2", AS_OF)
    before = summary_scores(parse(first / "departments" / "market.html"))
    after = summary_scores(parse(second / "departments" / "market.html"))
    # market 2024 with publication 10, dishonesty 50: 10 × 1/3 + 20 + 18 + (50 − 10) = 81.33
    # market 2025: (10 + 16 + 50) / (10 + 20 + 50) × 100 = 95
    assert before == {2024: "68.00", 2025: "95.00"}
    assert after == {2024: "81.33", 2025: "95.00"}
    # env 2025: (0 + 20 + 50) / 80 × 100 = 87.5
    assert summary_scores(parse(second / "departments" / "env.html"))[2025] == "87.50"
    assert "按时公开 10" in parse(second / "evaluation" / "methodology.html").text("main")
    assert "按时公开 30" in parse(first / "evaluation" / "methodology.html").text("main")


@pytest.mark.slow  # a build of its own
def test_invalid_configuration_stops_the_build(tmp_path):
    from generator.publish.pipeline import BuildError

    content = make_tree(
        tmp_path,
        {
            **FILES,
            "data/evaluation.yaml": EVALUATION.replace(
                "weight: 20, source: hotline", "weight: 25, source: hotline"
            ),
        },
    )
    with pytest.raises(BuildError) as err:
        build(content, tmp_path / "out", AS_OF)
    assert [str(p) for p in err.value.problems] == [
        "content/data/evaluation.yaml:3: indicators: 各指标权重之和为 105，应等于满分 total 100"
    ]
    assert not (tmp_path / "out").exists()


def test_withdrawn_records_are_counted_never_shown(site):
    _, out = site
    page = parse(out / "departments" / "market.html")
    note = "其中 1 条记录目前不在公示中（已撤销、已信用修复、公示期满或尚未上网），依规只计数、不展示内容"
    assert note in page.text("eval-market-2024-publication")
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt", ".csv"):
            assert REVOKED not in path.read_text(encoding="utf-8", errors="replace"), path


# --------------------------------------------------------------------------- issue 12 (crafted)

APPROVAL = (
    "指标体系由示例区发展和改革局会同中共示例区委组织部、示例区人力资源和社会保障局制定，"
    "2023年02月20日印发（示发改发〔2023〕6号）。"
)


def test_approval_is_shown_on_rankings_and_methodology(site):
    _, out = site
    for name in ("rankings.html", "methodology.html"):
        text = parse(out / "evaluation" / name).text("main")
        assert APPROVAL in text and "演示数据：批准信息为虚构的示例值。" in text, name


def test_methodology_says_how_undated_records_count(site):
    _, out = site
    text = parse(out / "evaluation" / "methodology.html").text("main")
    assert "以本平台发布记录中首次发布该记录的日期为公示日期" in text
    assert "仍无法确定公示日期的一律按未按时公开计" in text
    assert "公示日期未知的记录不计" not in text


def test_no_partial_year_is_claimed_when_none_is_shown(site):
    # Data date 2026-01-15, configured years 2024 and 2025: no 2026 table, so no 2026 claim.
    _, out = site
    text = parse(out / "evaluation" / "rankings.html").text("main")
    assert "部分年度" not in text and "2026 年" not in text
    assert "数据截至 2026年01月15日。" in text


#: Internal names a citizen should never read: source ids and dataset files and folders.
INTERNAL = re.compile(
    r"\b(?:[a-z_]+\.[a-z_]+|penalties|licenses|other-acts|promises|cases|objections|hotline"
    r"|proposals|archive|third_party)\b"
)


def test_methodology_names_the_data_in_words(site):
    _, out = site
    html = (out / "evaluation" / "methodology.html").read_text(encoding="utf-8")
    text = parse(out / "evaluation" / "methodology.html").text("main")
    assert "<code>" not in html and not INTERNAL.findall(text), INTERNAL.findall(text)
    assert "双公示记录（行政处罚、行政许可、其他行政行为）" in text


# --------------------------------------------------------------------------- issue 12 (sample)


def ranking_tables(path: Path) -> dict[str, dict[str, str]]:
    """Caption → department name → the row's 失信惩戒 cell, for every ranking table."""
    html = path.read_text(encoding="utf-8")
    out = {}
    for table in re.findall(r'<table class="ranking">.*?</table>', html, re.S):
        caption = re.search(r"<caption>(.*?)</caption>", table).group(1)
        rows = {}
        for tr in re.findall(r"<tr>(.*?)</tr>", table, re.S):
            name = re.search(r'<th scope="row"><a [^>]*>(.*?)</a>', tr)
            if name:
                cells = re.findall(r"<td>(.*?)</td>", tr, re.S)
                rows[name.group(1)] = re.sub(r"<[^>]+>", "", cells[-1]).strip()
        out[caption] = rows
    return out


def test_sample_approval_of_the_indicator_system(built_site):
    for name in ("rankings.html", "methodology.html"):
        text = parse(built_site / "evaluation" / name).text("main")
        assert APPROVAL in text, name
        assert "演示数据：制定单位、印发日期和文号均为虚构的示例值" in text, name


def test_sample_sanctions_stand_against_the_years_they_were_in_force(built_site):
    tables = ranking_tables(built_site / "evaluation" / "rankings.html")
    partial = "（部分年度，截至 2026年11月28日）"
    kind = "区直部门政务诚信评价排名"
    # The case: 综合行政执法局, exposed in 2026, ineligible for honours until 2027-10-12.
    ban = "取消荣誉评选资格至 2027年10月12日"
    assert ban in tables[f"2026 年{kind}{partial}"]["示例区综合行政执法局"]
    for year in (2023, 2024, 2025):
        assert ban not in tables[f"{year} 年{kind}"]["示例区综合行政执法局"], year
    # Every ban shown against a year had not ended before that year began.
    shown = 0
    for caption, rows in tables.items():
        year = int(caption[:4])
        for cell in rows.values():
            for y, m, d in re.findall(r"取消荣誉评选资格至 (\d{4})年(\d\d)月(\d\d)日", cell):
                assert date(int(y), int(m), int(d)) >= date(year, 1, 1), (caption, cell)
                shown += 1
    assert shown


def test_sample_partial_year_is_shown_and_labelled(built_site):
    tables = ranking_tables(built_site / "evaluation" / "rankings.html")
    partial = "（部分年度，截至 2026年11月28日）"
    assert f"2026 年区直部门政务诚信评价排名{partial}" in tables
    assert all(partial in c for c in tables if c.startswith("2026"))
    assert not any(partial in c for c in tables if not c.startswith("2026"))
    assert len(tables["2026 年区直部门政务诚信评价排名" + partial]) > 1
    summary = parse(built_site / "departments" / "market.html").text("evaluation")
    assert "2026 年" + partial in summary


def test_sample_lawful_change_needs_paid_compensation(built_site, sample_portal):
    from generator.evaluation.config import DEFAULT_CREDIT
    from generator.evaluation.scoring import promise_credit

    changed = {v.promise.id: v for v in sample_portal.promises if v.rating == "依法变更"}
    # p023 (the case): compensation not paid as of the data date.
    credit, why = promise_credit(changed["p023"], DEFAULT_CREDIT, sample_portal.as_of)
    assert credit == 0 and "尚未支付" in why
    # Those due in an evaluated year say on their department's breakdown why they earned credit.
    due = [v for v in changed.values() if v.promise.due_on <= sample_portal.as_of]
    assert due
    for v in due:
        p, lc = v.promise, v.promise.lawful_change
        text = parse(built_site / "departments" / f"{p.department}.html").text(
            f"eval-{p.department}-{p.due_on.year}-promises"
        )
        paid = lc.compensation_paid_on and lc.compensation_paid_on <= sample_portal.as_of
        expected = "支付），折算 1" if paid else "尚未支付，补偿支付前不按依法变更计分，折算 0"
        assert f"{v.display_title}：兑现期限" in text and expected in text, p.id


def test_sample_negative_archive_entries_count(built_site, sample_portal):
    negative = [e for e in sample_portal.archive if e.outcome == "负面" and e.on.year >= 2023]
    assert negative
    for e in negative:
        path = built_site / "departments" / f"{e.department}.html"
        page = parse(path)
        block = f"eval-{e.department}-{e.on.year}-archive-negative"
        assert e.title in page.text(block), e.id
        links = {h for h, ids, _ in page.links if block in ids}
        assert f"../departments/{e.department}.html#entry-{e.id}" in links
        assert f"entry-{e.id}" in page.ids
    methodology = parse(built_site / "evaluation" / "methodology.html").text("main")
    assert "政府诚信档案负面记录 5 " in methodology and "每项扣 2.5 分" in methodology


def test_sample_evaluation_pages_show_no_internal_ids(built_site):
    for name in ("rankings.html", "methodology.html"):
        text = parse(built_site / "evaluation" / name).text("main")
        assert not INTERNAL.findall(text), (name, INTERNAL.findall(text))
        html = (built_site / "evaluation" / name).read_text(encoding="utf-8")
        assert "<code>" not in html
    # Nor record ids (objection o001, promise p023 …) in any department's scores or sanctions.
    record_id = re.compile(r"\b[a-z]\d{3}\b")
    for path in sorted((built_site / "departments").glob("*.html")):
        page = parse(path)
        for block in ("evaluation", "sanctions"):
            text = page.text(block)
            assert not INTERNAL.findall(text) and not record_id.findall(text), (path.name, block)
