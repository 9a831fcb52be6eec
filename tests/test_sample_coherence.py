"""The sample is coherent and its pages do not mislead (issue 12).

Each department decides within its remit and about parties whose business it is; a
个体工商户's 经营者 is called so and masked as a natural person; no unit name is said twice;
promises of the same title are told apart wherever they are listed; a lawful change whose
compensation is unpaid is not shown as good. The oracles below (which laws each body
applies, which businesses a matter concerns) are written here, independently of the demo
tables they check, and are applied both to the shipped sample as built and to a larger
generated sample.
"""

from __future__ import annotations

import csv
import dataclasses
import html
import io
import random
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from demo import hand_kept
from demo.departments import DEPARTMENTS
from demo.export_plan import plan_groups
from demo.exports import Writer
from demo.hand_kept import promise_draws, unit_title
from demo.templates import ACT_TEMPLATES, LICENCE_TEMPLATES, PENALTY_TEMPLATES
from generator.core.derive import _tell_promises_apart, compensation_state, derive
from generator.core.models import LawfulChange, PromiseRating
from generator.core.states import Compensation
from generator.evaluation.config import DEFAULT_CREDIT
from generator.evaluation.scoring import promise_credit
from generator.publish.ledger import published_items
from generator.publish.pipeline import check
from generator.render import urls
from search.documents import promise_document
from tests.conftest import SAMPLE_AS_OF, SAMPLE_CONTENT

# --------------------------------------------------------------------------- oracles

_STREET = {"城市市容和环境卫生管理条例", "中华人民共和国大气污染防治法"}
#: Department id → the laws (titles between 《》) its penalties and other acts may apply.
REMIT: dict[str, set[str]] = {
    "market": {
        "中华人民共和国产品质量法",
        "中华人民共和国反不正当竞争法",
        "中华人民共和国市场主体登记管理条例",
        "中华人民共和国计量法实施细则",
        "中华人民共和国食品安全法",
        "中华人民共和国特种设备安全法",
        "中华人民共和国行政强制法",
    },
    "eco": {
        "中华人民共和国大气污染防治法",
        "中华人民共和国环境影响评价法",
        "中华人民共和国固体废物污染环境防治法",
        "排污许可管理条例",
        "中华人民共和国环境保护法",
        "环境保护主管部门实施查封、扣押办法",
    },
    "safety": {"中华人民共和国安全生产法", "危险化学品安全管理条例"},
    "fire": {"中华人民共和国消防法"},
    "transport": {"中华人民共和国道路运输条例", "公路安全保护条例"},
    "urban": {"城市道路管理条例", "城市市容和环境卫生管理条例", "中华人民共和国行政强制法"},
    "qinghe": _STREET,
    "yunling": _STREET,
    "minghu": _STREET,
    "housing": {
        "建筑工程施工许可管理办法",
        "建设工程质量管理条例",
        "示例市城市基础设施配套费征收管理办法",
    },
    "health": {"公共场所卫生管理条例实施细则", "医疗机构管理条例"},
    "culture": {"互联网上网服务营业场所管理条例", "中华人民共和国旅游法"},
    "hrss": {
        "中华人民共和国社会保险法",
        "劳动保障监察条例",
        "工伤保险条例",
        "就业补助资金管理办法",
    },
    "natural": {"中华人民共和国土地管理法", "闲置土地处置办法"},
    "agri-enforce": {"农药管理条例", "兽药管理条例"},
    "civil": {"社会救助暂行办法"},
    "realestate": {"不动产登记暂行条例"},
}
#: Department id → the licences (许可决定文书名称 contains one) it may grant.
LICENCE_REMIT: dict[str, tuple[str, ...]] = {
    "ndrc": ("企业投资项目核准",),
    "market": ("食品经营许可", "食品生产许可", "特种设备使用登记"),
    "eco": ("排污许可", "环境影响"),
    "safety": ("危险化学品经营许可",),
    "fire": ("消防安全检查",),
    "transport": ("道路货物运输经营许可",),
    "urban": ("建筑垃圾处置", "户外广告"),
    "housing": ("建筑工程施工许可",),
    "health": ("公共场所卫生许可", "医疗机构执业许可"),
    "culture": ("娱乐经营许可",),
    "hrss": ("劳务派遣经营许可",),
    "natural": ("建设工程规划许可",),
}
#: Department id → the kinds of other act it decides (行政强制 / 确认 / 征收 / 给付).
ACT_MIX: dict[str, set[str]] = {
    **dict.fromkeys(
        ("market", "eco", "safety", "fire", "transport", "urban", "agri-enforce"), {"行政强制"}
    ),
    "housing": {"行政征收"},
    "natural": {"行政征收"},
    "hrss": {"行政确认", "行政给付"},
    "realestate": {"行政确认"},
    "civil": {"行政给付"},
}
_FOOD_BUSINESS = (
    "餐饮管理有限公司",
    "酒店管理有限公司",
    "商贸有限公司",
    "便利店",
    "小吃店",
    "水果店",
    "烟酒店",
    "快餐店",
    "副食店",
)
#: A matter (words in the record) → the businesses (name endings) it can concern.
BUSINESS: dict[str, tuple[str, ...]] = {
    "医疗机构": ("门诊部有限公司",),
    "食品经营许可决定书": _FOOD_BUSINESS,
    "食品生产许可": ("食品有限公司",),
    "互联网上网服务营业场所": ("网吧",),
    "旅行社": ("旅行社有限公司",),
    "娱乐经营许可": ("文化娱乐有限公司",),
    "劳务派遣": ("人力资源有限公司",),
    "道路货物运输经营许可": ("物流有限公司", "汽车运输有限公司", "货运部"),
    "卫生许可": ("宾馆", "酒店管理有限公司", "浴池", "理发店"),
    "农药": ("农资店",),
    "兽药": ("农资店",),
    "客运车辆": ("汽车运输有限公司",),
    "危险化学品经营许可": ("化工有限公司", "石油销售有限公司"),
    "房屋所有权首次登记": ("房地产开发有限公司",),
}
#: What a 理发店 can appear in at all.
BARBER_MATTERS = ("美容美发", "年度报告", "社会保险", "创业补贴")
#: Penalties a natural person (not a firm) can receive in the sample.
PERSON_VIOLATIONS = {
    "未取得食品经营许可从事食品经营",
    "未取得道路运输经营许可擅自从事道路运输经营",
    "货运车辆超限运输",
    "擅自占用城市道路",
    "店外经营",
}
_VILLAGERS = {d.id for d in DEPARTMENTS if d.name.endswith("村民委员会")}
#: Words in a case's story → the departments it can be about.
CASE_STORIES: dict[str, set[str]] = {
    "医疗机构": {"health"},
    "土地出让": {"natural"},
    "村民委员会": _VILLAGERS,
    "环评": {"eco"},
    "安全生产": {"safety"},
    "物业服务": {"qinghe", "yunling", "minghu"},
    "就业培训": {"hrss"},
}
#: Unit words that must never come twice in a row (示例区…村民委员会村民委员会…).
DOUBLED = re.compile(
    r"(村民委员会|居民委员会|街道办事处|办事处|委员会|管理局|分局|大队|中心|街道)\1"
)
LAW = re.compile(r"《([^》]+)》")
PROMISE_LINK = re.compile(r'<a href="[^"]*promises/(p[0-9]+)\.html">([^<]*)</a>')
RECORD = re.compile(r'<li class="record" id="r[0-9a-f]+">(.*?)</li>', re.S)
FACT = re.compile(r"<dt>([^<]*)</dt><dd>(.*?)</dd>", re.S)


def laws(text: str | None) -> set[str]:
    """The laws a 依据 cites."""
    return set(LAW.findall(text or ""))


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def rows3000() -> list[tuple[str, str, dict[str, str]]]:
    """(dataset, department id, row) of a 3,000-record sample, generated in memory."""
    rng = random.Random("coherence:csv")
    writer = Writer(rng, 3000)
    return [(g.dataset, g.dept.id, row) for g in plan_groups(rng, 3000) for row in writer.rows(g)]


def _sample_rows(portal) -> list[tuple[str, str, dict[str, str]]]:
    """The shipped sample's public records in the same shape as ``rows3000``."""
    dataset = {"penalty": "penalties", "license": "licenses", "act": "other-acts"}
    out = []
    for r in portal.records:
        row = {k: (v.value if hasattr(v, "value") else v) for k, v in vars(r.record).items()}
        out.append((dataset[r.kind], r.department.id, row))
    return out


@pytest.fixture(scope="module", params=["sample", "3000"])
def rows(request, sample_portal) -> list[tuple[str, str, dict]]:
    if request.param == "sample":
        return _sample_rows(sample_portal)
    return request.getfixturevalue("rows3000")


def _text(row: dict) -> str:
    keys = ("violation_type", "facts", "legal_basis", "document_name", "content", "act_kind")
    return "".join(str(row.get(k) or "") for k in keys)


# --------------------------------------------------------------------------- 1. remit


def test_demo_templates_belong_to_their_departments_remit() -> None:
    for d in DEPARTMENTS:
        for f in d.penalty_fields:
            for tpl in PENALTY_TEMPLATES[f]:
                assert laws(tpl.basis) and laws(tpl.basis) <= REMIT[d.id], (d.id, tpl.violation)
        for kind in d.licence_kinds:
            document = LICENCE_TEMPLATES[kind].document
            assert any(w in document for w in LICENCE_REMIT[d.id]), (d.id, document)
        for key in d.act_kinds:
            tpl = ACT_TEMPLATES[key]
            assert laws(tpl.basis) and laws(tpl.basis) <= REMIT[d.id], (d.id, key)
            assert tpl.kind in ACT_MIX[d.id], (d.id, key)
        assert {ACT_TEMPLATES[k].kind for k in d.act_kinds} == ACT_MIX.get(d.id, set()), d.id


def test_records_apply_only_their_departments_laws(rows) -> None:
    counted = defaultdict(int)
    for dataset, dept, row in rows:
        if dataset == "licenses":
            assert any(w in row["document_name"] for w in LICENCE_REMIT[dept]), (dept, row)
        else:
            cited = laws(row.get("legal_basis"))
            assert cited and cited <= REMIT[dept], (dept, row.get("legal_basis"))
        counted[dataset] += 1
    assert min(counted.values()) >= 10, counted


def test_parties_are_in_the_business_the_matter_is_about(rows) -> None:
    checked = defaultdict(int)
    for dataset, dept, row in rows:
        name, kind, text = row["subject_name"], row["subject_kind"], _text(row)
        if kind == "自然人":
            if dataset == "penalties":
                assert row["violation_type"] in PERSON_VIOLATIONS, row
            continue
        for matter, businesses in BUSINESS.items():
            if matter in text:
                assert name.endswith(businesses), (matter, name, dataset, dept)
                checked[matter] += 1
        if name.endswith("理发店"):
            assert any(m in text for m in BARBER_MATTERS), (name, text)
        if name.endswith("建筑工程有限公司"):
            assert "食品" not in text, (name, text)
    # not vacuous: the issue's own examples (医疗机构, 食品经营许可, 卫生许可) were checked
    assert checked["医疗机构"] and checked["食品经营许可决定书"] and checked["卫生许可"], checked


def test_every_body_shows_its_own_mix_of_other_acts(sample_portal, built_site: Path) -> None:
    acts = [r for r in sample_portal.records if r.kind == "act"]
    assert {r.record.act_kind.value for r in acts} == {
        "行政强制",
        "行政确认",
        "行政征收",
        "行政给付",
    }
    by_dept = defaultdict(set)
    for r in acts:
        by_dept[r.department.id].add(r.record.act_kind.value)
    for dept, kinds in by_dept.items():
        assert kinds <= ACT_MIX[dept], dept
    assert set(by_dept) == set(ACT_MIX), "every body deciding other acts has a public one"
    # not one 查封 for all: each body's acts say what it does
    assert len({r.record.content for r in acts}) >= 10
    words = {
        ("hrss", "行政确认"): ("工伤",),
        ("hrss", "行政给付"): ("创业补贴",),
        ("civil", "行政给付"): ("最低生活保障金", "临时救助金"),
        ("natural", "行政征收"): ("土地闲置费",),
        ("realestate", "行政确认"): ("登记",),
    }
    for r in acts:
        expected = words.get((r.department.id, r.record.act_kind.value))
        assert expected is None or any(w in r.record.content for w in expected), r.record.content
    # and the pages show each one at its permalink
    for r in acts:
        page, _, anchor = urls.record_url(r).partition("#")
        assert f'id="{anchor}"' in (built_site / page).read_text(encoding="utf-8")


def test_cases_are_about_their_departments_business(sample_portal) -> None:
    generated = hand_kept.cases(random.Random("coherence:cases"), 40)
    stories = [(c.case.title + c.case.summary, c.case.department) for c in sample_portal.all_cases]
    stories += [(c["title"] + c["summary"], c["department"]) for c in generated]
    hits = 0
    for text, dept in stories:
        for word, owners in CASE_STORIES.items():
            if word in text:
                assert dept in owners, (word, dept, text)
                hits += 1
    assert hits >= 10
    # a 200,000-record sample (40 cases) repeats scenarios in other bodies, never in the same
    pairs = [(c["title"], c["department"]) for c in generated]
    assert len(pairs) == len(set(pairs))


# --------------------------------------------------------------------------- 2. 经营者


def _record_blocks(built_site: Path) -> list[dict[str, str]]:
    """Every 双公示 record shown on the department listings: its facts, label → text."""
    out = []
    for page in sorted((built_site / "shuanggongshi").rglob("*.html")):
        for block in RECORD.findall(page.read_text(encoding="utf-8")):
            facts = {dt: re.sub(r"<[^>]+>", "", dd) for dt, dd in FACT.findall(block)}
            out.append(facts)
    return out


def test_sole_traders_show_their_operator_masked(built_site: Path) -> None:
    kinds = defaultdict(int)
    for facts in _record_blocks(built_site):
        party = facts.get("行政相对人", "")
        if party.endswith("（个体工商户）"):
            assert "法定代表人" not in facts, facts
            if "经营者" in facts:
                assert re.fullmatch(r".某", facts["经营者"]), facts["经营者"]
                kinds["个体工商户"] += 1
        elif party.endswith("（自然人）"):
            assert "法定代表人" not in facts and "经营者" not in facts, facts
            kinds["自然人"] += 1
        else:
            assert "经营者" not in facts, facts
            if "法定代表人" in facts:
                assert not re.fullmatch(r".某", facts["法定代表人"])
                kinds["法人"] += 1
    assert kinds["个体工商户"] and kinds["自然人"] and kinds["法人"], kinds


def test_open_data_keeps_the_national_header_and_masks_operators(built_site: Path) -> None:
    text = (built_site / "data" / "penalties.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert "法定代表人" in rows[0] and "经营者" not in rows[0]
    sole = [r for r in rows if r["行政相对人类别"] == "个体工商户" and r["法定代表人"]]
    assert sole and all(re.fullmatch(r".某", r["法定代表人"]) for r in sole)
    people = [r for r in rows if r["行政相对人类别"] == "自然人"]
    assert people and not any(r["法定代表人"] for r in people)
    dictionary = html.unescape((built_site / "data" / "dictionary.html").read_text("utf-8"))
    row = re.search(r"<code>法定代表人</code>.*?</tr>", dictionary, re.S)
    assert row and "经营者" in row.group(0) and "个体工商户" in row.group(0)


def test_operator_names_follow_the_natural_person_rule() -> None:
    content = check(SAMPLE_CONTENT).content
    full = dataclasses.replace(
        content, rules=content.rules.model_copy(update={"natural_person_names": "full"})
    )
    for rules_content, masked in ((content, True), (full, False)):
        portal = derive(rules_content, SAMPLE_AS_OF)
        shown = [r for r in portal.records if r.kind != "act"]  # other acts have no such column
        sole = [r for r in shown if r.representative_label == "经营者" and r.record.legal_rep]
        assert sole
        for r in sole:
            expected = r.record.legal_rep[0] + "某" if masked else r.record.legal_rep
            assert r.representative == expected
        firms = [r for r in shown if r.representative_label == "法定代表人" and r.representative]
        assert firms and all(r.representative == r.record.legal_rep for r in firms)


# --------------------------------------------------------------------------- 3. unit names


def test_unit_title_does_not_repeat_the_unit_word() -> None:
    village = "示例区明湖街道桃源村民委员会"
    assert unit_title(village, "村民委员会拒不履行生效民事判决") == village + "拒不履行生效民事判决"
    assert (
        unit_title("示例区青禾街道办事处", "街道办事处拖欠服务费")
        == "示例区青禾街道办事处拖欠服务费"
    )
    assert (
        unit_title("示例区财政局", "政府采购合同款项提前支付")
        == "示例区财政局政府采购合同款项提前支付"
    )


def test_no_unit_name_is_doubled_anywhere(sample_portal, built_site: Path) -> None:
    generated = hand_kept.cases(random.Random("coherence:cases"), 40)
    titles = [c.case.title for c in sample_portal.all_cases] + [c["title"] for c in generated]
    assert titles and not [t for t in titles if DOUBLED.search(t)]
    doubled = []
    for page in built_site.rglob("*.html"):
        if DOUBLED.search(page.read_text(encoding="utf-8")):
            doubled.append(page.relative_to(built_site).as_posix())
    assert not doubled


# --------------------------------------------------------------------------- 4. promise titles


def test_promises_of_the_same_title_are_told_apart(sample_portal) -> None:
    views = sample_portal.promises
    shown = [v.display_title for v in views]
    assert len(shown) == len(set(shown))
    by_title = defaultdict(list)
    for v in views:
        by_title[v.promise.title].append(v)
    shared = [group for group in by_title.values() if len(group) > 1]
    assert shared, "the sample has promises of the same title (made by different bodies)"
    for group in shared:
        # the sample repeats a title only for different promises: another body's own
        assert len({v.department.id for v in group}) == len(group), group[0].promise.title
    # should the month not tell two apart, the day and the source's 文号 do
    first, other = views[0].promise, views[1].promise
    twin = first.model_copy(
        update={"source": first.source.model_copy(update={"doc_no": "示X〔2026〕99号"})}
    )
    pair = [dataclasses.replace(views[0], promise=p, title_note="") for p in (first, twin)]
    alone = dataclasses.replace(views[1], promise=other, title_note="")
    _tell_promises_apart([*pair, alone])
    assert pair[0].display_title != pair[1].display_title
    assert (
        f"{first.made_on.day}日" in pair[0].display_title
        and "示X〔2026〕99号" in pair[1].display_title
    )
    assert alone.title_note == ""  # a promise already told apart keeps the short note


def test_promise_draws_repeat_nothing_before_every_promise_is_used() -> None:
    for category, subjects in hand_kept.PROMISE_SUBJECTS.items():
        draws = promise_draws(random.Random(category), category)
        distinct = sum(
            (len(s["owners"]) if s.get("each_owner") else 1)
            * (len(s.get("firms", hand_kept.FIRMS)) if "{firm}" in s["title"] else 1)
            for s in subjects
        )
        first = [next(draws) for _ in range(distinct)]
        keys = {
            (s["title"].format(firm=f), o if s.get("each_owner") else None) for s, o, f in first
        }
        assert len(keys) == distinct, category


def test_every_list_names_promises_by_their_display_title(sample_portal, built_site: Path) -> None:
    shown = {v.promise.id: v.display_title for v in sample_portal.promises}
    pages_with_links = 0
    for page in sorted(built_site.rglob("*.html")):
        links = PROMISE_LINK.findall(page.read_text(encoding="utf-8"))
        links = [(pid, html.unescape(text).strip()) for pid, text in links if text.strip()]
        if not links:
            continue
        pages_with_links += 1
        titled = {text: pid for pid, text in links if text != "本条链接"}
        for pid, text in links:
            assert text == shown[pid], (page.name, pid, text)
        # on one page, one text names one promise
        assert len({pid for pid, _ in links}) == len(titled), page
    assert pages_with_links >= 5  # promise tracker, filters, department pages, cases …
    for v in sample_portal.promises:
        page = (built_site / "promises" / f"{v.promise.id}.html").read_text(encoding="utf-8")
        assert f"<h1>{html.escape(v.display_title, quote=False)}</h1>" in page
    # search results and the change log name them the same way
    assert [promise_document(v).title for v in sample_portal.promises] == list(shown.values())
    items = published_items(sample_portal)
    assert {items[v.ref].title for v in sample_portal.promises} == set(shown.values())


# --------------------------------------------------------------------------- 5. compensation


def test_compensation_is_paid_only_from_its_payment_date() -> None:
    change = LawfulChange(
        decided_on=date(2026, 1, 5),
        authority="示例区人民政府",
        ground="公共利益",
        procedure="听证并集体讨论决定",
        compensation_wan=150,
        compensation_paid_on=date(2026, 3, 1),
        evidence=[{"title": "会议纪要"}],
    )
    assert compensation_state(change, date(2026, 2, 28)) == Compensation.unpaid
    assert compensation_state(change, date(2026, 3, 1)) == Compensation.paid
    none_due = change.model_copy(update={"compensation_wan": None, "compensation_paid_on": None})
    assert compensation_state(none_due, date(2026, 1, 6)) == Compensation.not_due


def test_badge_promise_page_and_evaluation_agree_on_unpaid_compensation(
    sample_portal, built_site: Path
) -> None:
    changed = [v for v in sample_portal.promises if v.rating == PromiseRating.lawfully_changed]
    assert {v.compensation_unpaid for v in changed} == {True, False}
    tracker = (built_site / "promises" / "index.html").read_text(encoding="utf-8")
    for v in changed:
        credit, why = promise_credit(v, DEFAULT_CREDIT, sample_portal.as_of)
        page = (built_site / "promises" / f"{v.promise.id}.html").read_text(encoding="utf-8")
        row = re.search(rf'promises/{v.promise.id}\.html">.*?</tr>', tracker, re.S).group(0)
        if v.compensation_unpaid:
            assert credit == 0 and "尚未支付" in why
            for text in (page, row):
                assert '<span class="badge warn">依法变更（补偿未支付）</span>' in text
                assert '<span class="badge good">依法变更' not in text
            assert 'id="compensation-unpaid"' in page
        else:
            assert credit == DEFAULT_CREDIT[PromiseRating.lawfully_changed]
            assert '<span class="badge good">依法变更</span>' in row
            assert "补偿未支付" not in page and "补偿未支付" not in row
