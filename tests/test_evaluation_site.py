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
    # 2025 table first: market 1st with 95.00 (+22.00), env 2nd with 62.50 and its debtor listing.
    assert re.search(
        r"1 示例区市场监督管理局 95\.00 \+27\.00 示例信用服务机构：88(\.0)? 分 良好", text
    )
    assert re.search(r"2 示例区生态环境分局 62\.50 -37\.50 — 失信被执行人", text)
    assert re.search(r"1 示例区生态环境分局 100\.00 — — 失信被执行人", text)
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
    target = (page_path.parent / unquote(url)).resolve() if url else page_path
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


def test_changing_a_weight_changes_scores_and_methodology(tmp_path):
    content = make_tree(tmp_path, FILES)
    first = build(content, tmp_path / "out1", AS_OF)
    changed = EVALUATION.replace(
        "weight: 30, source: shuanggongshi", "weight: 10, source: shuanggongshi"
    ).replace("weight: 30, source: cases", "weight: 50, source: cases")
    (content / "data" / "evaluation.yaml").write_text(changed, encoding="utf-8")
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
