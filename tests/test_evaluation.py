"""Integrity evaluation: every indicator on crafted records, scoring rules, ranks, sanctions, validation."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.derive import Portal, derive, record_key
from generator.evaluation.config import EvaluationConfig, Indicator, load_config
from generator.evaluation.sanctions import department_sanctions, year_sanctions
from generator.evaluation.scoring import evaluate
from generator.publish.pipeline import check
from generator.render.urls import case_url, listing_url, promise_url
from tests.contentkit import MARKET, PENALTY_HEADER, make_tree, penalties_csv, penalty_row

# --------------------------------------------------------------------------- helpers

REVOKED_HEADER = PENALTY_HEADER + ",撤销日期"


def portal_of(tmp_path, files: dict[str, str | bytes], as_of: date) -> Portal:
    """Load, validate (no problems allowed) and derive a crafted content tree."""
    checked = check(make_tree(tmp_path, files))
    assert [str(p) for p in checked.problems] == []
    return derive(checked.content, as_of)


def config(source: str, years=(2024,), **kw) -> EvaluationConfig:
    """A one-indicator configuration worth 100 points."""
    ind = {"id": "only", "name": "唯一指标", "weight": 100, "source": source, **kw}
    return EvaluationConfig(years=list(years), indicators=[Indicator(**ind)])


def row(ev, dept: str = "market", year: int = 2024):
    [r] = ev.scores[dept][year].rows
    return r


def promise_yaml(
    pid: str, due: str | None, ratings: list[tuple[str, str]], dept: str = "market"
) -> str:
    history = "".join(
        f"""
  - 'on': {on}
    rating: {rating}
    note: 评估
    evidence:
    - title: 评估记录"""
        for on, rating in ratings
    )
    due_line = f"\n  due_on: {due}" if due else ""
    return f"""
- id: {pid}
  title: 承诺{pid}
  department: {dept}
  category: 招商引资政策
  made_on: 2023-01-10{due_line}
  summary: 演示承诺
  source:
    title: 协议
  history:{history}"""


def case_yaml(
    cid: str, exposed: str, extra: str = "", kind: str = "失信案例", dept: str = "market"
) -> str:
    return f"""
- id: {cid}
  kind: {kind}
  title: 案例{cid}
  department: {dept}
  occurred_on: 2022-12-01
  exposed_on: {exposed}
  summary: 演示案例{extra}"""


# --------------------------------------------------------------------------- 双公示 on time


def _publication_tree() -> dict:
    # 2024-03-01 is a Friday: 7 working days later is Tuesday 2024-03-12 (the deadline).
    rows = [
        penalty_row(no="罚1", decided="2024/03/01", published="2024/03/12") + ",",  # on time
        penalty_row(no="罚2", decided="2024/03/01", published="2024/03/13") + ",",  # one day late
        penalty_row(no="罚3", decided="2024/03/01", published="") + ",",  # date unknown
        penalty_row(no="罚4", decided="2024/03/01", published="2024/04/01")
        + ",2024/05/01",  # late, then revoked
        penalty_row(no="罚5", decided="2023/06/01", published="2023/06/02") + ",",  # other year
        penalty_row(no="罚6", decided="2024/03/01", published="2024/03/05", ptype="警告")
        + ",",  # exempt below
    ]
    return {
        "data/penalties/p.csv": penalties_csv(*rows, header=REVOKED_HEADER),
        "data/rules.yaml": "unpublished_penalty_types: [警告]\n",
    }


def test_publication_counts_withdrawn_records_but_lists_only_public_misses(tmp_path):
    portal = portal_of(tmp_path, _publication_tree(), date(2025, 1, 10))
    r = row(evaluate(portal, config("shuanggongshi.on_time")))
    m = r.measure
    # counted: 罚1 (on time), 罚2 (late), 罚3 (no 公示日期: online from this publish, late),
    # 罚4 (late, revoked: counted only); 罚6 exempt. Leaving the date out never helps a rate.
    assert (m.numerator, m.denominator) == (1, 4)
    assert r.points == pytest.approx(100 / 4)
    assert m.withdrawn == 1
    assert m.excluded == {"依规不公示": 1}
    assert [(i.label, i.note) for i in m.items] == [
        ("行政处罚 罚2", "应于 2024/03/12 前公示，实际 2024/03/13"),
        ("行政处罚 罚3", "应于 2024/03/12 前公示，实际 2025/01/10（本次发布）"),
    ]
    late = m.items[0]
    assert late.url == f"{listing_url('market', 'penalty', 2024)}#{record_key('penalty', '罚2')}"
    assert m.links == [("2024 年行政处罚公示清单", "shuanggongshi/market/penalty-2024.html")]
    assert all("罚4" not in i.label for i in m.items)  # a revoked record's 文号 is not shown


def test_publication_kinds_filter_and_list_limit(tmp_path):
    rows = [
        penalty_row(no=f"罚{i}", decided="2024/03/01", published="2024/04/01") for i in range(5)
    ]
    portal = portal_of(tmp_path, {"data/penalties/p.csv": penalties_csv(*rows)}, date(2025, 1, 10))
    cfg = config("shuanggongshi.on_time")
    cfg.list_limit = 2
    m = row(evaluate(portal, cfg)).measure
    assert (m.numerator, m.denominator, len(m.items), m.overflow) == (0, 5, 2, 3)
    only_licences = row(evaluate(portal, config("shuanggongshi.on_time", kinds=["license"])))
    assert only_licences.points is None  # nothing to measure: excluded by default


def test_publication_not_yet_due_is_left_out(tmp_path):
    # Decided 2024-12-27, published 2025-01-06 (after the data date 2025-01-02); deadline 2025-01-08.
    rows = [penalty_row(no="罚9", decided="2024/12/27", published="2025/01/06")]
    portal = portal_of(tmp_path, {"data/penalties/p.csv": penalties_csv(*rows)}, date(2025, 1, 2))
    m = row(evaluate(portal, config("shuanggongshi.on_time"))).measure
    assert m.denominator == 0 and m.excluded == {"尚在公示时限内": 1}


# --------------------------------------------------------------------------- promises


PROMISES = "".join(
    [
        promise_yaml("pa", "2024-06-30", [("2024-06-28", "已兑现")]),
        promise_yaml("pb", "2024-09-30", [("2024-05-01", "推进中"), ("2024-10-08", "部分兑现")]),
        promise_yaml("pc", "2024-12-31", [("2025-01-05", "未兑现")]),
        promise_yaml("pd", None, [("2024-03-01", "推进中")]),  # no deadline: not assessable
        promise_yaml("pe", "2025-06-30", [("2024-03-01", "推进中")]),  # due in another year
    ]
)


def test_promise_fulfilment_credits_current_ratings(tmp_path):
    portal = portal_of(tmp_path, {"data/promises.yaml": PROMISES}, date(2025, 3, 1))
    r = row(evaluate(portal, config("promises.fulfilment")))
    # (1 + 0.5 + 0) / 3 × 100 = 50
    assert r.points == pytest.approx(50)
    assert [(i.url, i.credit) for i in r.measure.items] == [
        (promise_url("pa"), 1.0),
        (promise_url("pb"), 0.5),
        (promise_url("pc"), 0.0),
    ]


def test_promise_credit_is_configurable(tmp_path):
    portal = portal_of(tmp_path, {"data/promises.yaml": PROMISES}, date(2025, 3, 1))
    r = row(evaluate(portal, config("promises.fulfilment", credit={"已兑现": 1})))
    assert r.points == pytest.approx(100 / 3)


LATE = promise_yaml("pl", "2024-06-30", [("2024-05-01", "推进中"), ("2024-08-15", "已兑现")])


def test_a_promise_kept_after_its_deadline_earns_the_late_credit(tmp_path):
    portal = portal_of(tmp_path, {"data/promises.yaml": PROMISES + LATE}, date(2025, 3, 1))
    late = next(v for v in portal.promises if v.promise.id == "pl")
    assert late.kept_late and late.kept_on == date(2024, 8, 15)
    assert not next(v for v in portal.promises if v.promise.id == "pa").kept_late
    r = row(evaluate(portal, config("promises.fulfilment")))
    # (1 + 0.5 + 0 + 0.5) / 4: kept late earns 部分兑现's credit by default
    assert r.points == pytest.approx(50)
    item = next(i for i in r.measure.items if i.url == promise_url("pl"))
    assert item.credit == 0.5 and "逾期兑现" in item.note
    r = row(evaluate(portal, config("promises.fulfilment", late_credit=0.2)))
    assert r.points == pytest.approx((1 + 0.5 + 0 + 0.2) / 4 * 100)


def test_promise_not_yet_due_is_left_out(tmp_path):
    portal = portal_of(tmp_path, {"data/promises.yaml": PROMISES}, date(2024, 8, 1))
    m = row(evaluate(portal, config("promises.fulfilment"))).measure
    assert m.denominator == 1 and m.excluded == {"尚未到期": 2}


# --------------------------------------------------------------------------- objections

OBJECTIONS = """
- {id: o1, target: "penalty:罚1", department: market, filed_on: 2024-03-04, answered_on: 2024-03-08, outcome: 维持}
- {id: o2, target: "penalty:罚1", department: market, filed_on: 2024-03-04, answered_on: 2024-04-30, outcome: 更正}
- {id: o3, target: "penalty:罚1", department: market, filed_on: 2024-05-06}
- {id: o4, target: "penalty:罚1", department: market, filed_on: 2024-12-30}
"""


def test_objection_answers_within_ten_working_days(tmp_path):
    files = {
        "data/objections.yaml": OBJECTIONS,
        "data/penalties/p.csv": penalties_csv(
            penalty_row(no="罚1", decided="2024/01/05", published="2024/01/08")
        ),
    }
    portal = portal_of(tmp_path, files, date(2025, 1, 3))
    m = row(evaluate(portal, config("objections.on_time"))).measure
    # o1 on time, o2 late, o3 never answered (overdue); o4 still within its 10 working days
    assert (m.numerator, m.denominator) == (1, 3)
    assert m.excluded == {"尚在答复期限内": 1}
    target = f"{listing_url('market', 'penalty', 2024)}#{record_key('penalty', '罚1')}"
    # Named by what they contest, in words: an objection's id is internal (issue 12).
    assert [(i.label, i.url, i.credit) for i in m.items] == [
        ("对行政处罚 罚1的异议", target, 1.0),
        ("对行政处罚 罚1的异议", target, 0.0),
        ("对行政处罚 罚1的异议", target, 0.0),
    ]


# --------------------------------------------------------------------------- hotline and proposals

HOTLINE = """
- {department: market, year: 2024, received: 200, responded_on_time: 180, resolved: 190, satisfaction: 90}
- {department: env, year: 2024, received: 100, responded_on_time: 50, resolved: 100, satisfaction: 80}
"""


@pytest.mark.parametrize(
    ("source", "market", "env"),
    [
        ("hotline.on_time_response", 90.0, 50.0),  # 180/200, 50/100
        ("hotline.resolution", 95.0, 100.0),  # 190/200, 100/100
        ("hotline.satisfaction", 90.0, 80.0),
    ],
)
def test_hotline_indicators(tmp_path, source, market, env):
    portal = portal_of(tmp_path, {"data/hotline.yaml": HOTLINE}, date(2025, 3, 1))
    ev = evaluate(portal, config(source))
    assert row(ev).points == pytest.approx(market)
    assert row(ev, "env").points == pytest.approx(env)
    assert "受理 200 件" in row(ev).measure.items[0].note


PROPOSALS = """
- {department: market, year: 2024, kind: 人大代表建议, assigned: 10, answered_on_time: 9, satisfied: 8}
- {department: market, year: 2024, kind: 政协委员提案, assigned: 5, answered_on_time: 5, satisfied: 3}
"""


def test_proposal_indicators(tmp_path):
    portal = portal_of(tmp_path, {"data/proposals.yaml": PROPOSALS}, date(2025, 3, 1))
    assert row(evaluate(portal, config("proposals.on_time"))).points == pytest.approx(100 * 14 / 15)
    assert row(evaluate(portal, config("proposals.satisfaction"))).points == pytest.approx(
        100 * 11 / 15
    )
    cppcc = evaluate(portal, config("proposals.on_time", kinds=["政协委员提案"]))
    assert row(cppcc).points == pytest.approx(100)  # 5/5


# --------------------------------------------------------------------------- cases and sanctions

CASES = "".join(
    [
        case_yaml("ca", "2024-02-01"),
        case_yaml("cb", "2024-05-01"),
        case_yaml(
            "cc", "2024-01-10", "\n  publicity_until: 2024-06-30"
        ),  # expired: counted, not shown
        case_yaml("cd", "2024-03-01", "\n  revoked_on: 2024-04-01"),  # revoked: not counted
        case_yaml("ce", "2024-03-01", kind="守信典型"),  # exemplar: not counted
        case_yaml("cf", "2023-03-01"),  # other year
    ]
)


def test_dishonesty_deducts_per_case(tmp_path):
    portal = portal_of(tmp_path, {"data/cases.yaml": CASES}, date(2025, 1, 10))
    cfg = EvaluationConfig(
        years=[2024],
        total=10,
        indicators=[
            Indicator(
                id="d",
                name="失信",
                weight=10,
                source="cases.dishonesty",
                rule="deduction",
                per_item=3,
            )
        ],
    )
    r = row(evaluate(portal, cfg))
    # ca, cb (public) and cc (expired) count: 10 − 3 × 3 = 1
    assert r.points == pytest.approx(1)
    assert r.measure.count == 3 and r.measure.withdrawn == 1
    assert [i.url for i in r.measure.items] == [case_url("ca"), case_url("cb")]
    cfg.indicators[0].per_item = 5
    assert row(evaluate(portal, cfg)).points == 0  # never below zero


RECTIFICATION = case_yaml(
    "cr",
    "2024-03-01",
    """
  sanctions:
  - {kind: 限期整改, imposed_on: 2024-03-01, deadline: 2024-06-30, completed_on: 2024-06-20}
  - {kind: 书面说明原因, imposed_on: 2024-03-01, deadline: 2024-05-31, completed_on: 2024-06-10}
  - {kind: 限期整改, imposed_on: 2024-03-01, deadline: 2024-10-31}
  - {kind: 限期整改, imposed_on: 2024-03-01, deadline: 2024-11-30, waived: true}
  - {kind: 限期整改, imposed_on: 2024-03-01, deadline: 2025-12-31}
  - {kind: 公开通报批评, imposed_on: 2024-03-02}""",
)


def test_rectification_on_time(tmp_path):
    portal = portal_of(tmp_path, {"data/cases.yaml": RECTIFICATION}, date(2025, 1, 10))
    m = row(evaluate(portal, config("sanctions.rectification"))).measure
    # done on time, done late, overdue → 1/3; waived is left out; the 2025 deadline is another year
    assert (m.numerator, m.denominator) == (1, 3)
    assert m.excluded == {"依从宽处理免除": 1}
    assert [i.note.split("：")[-1] for i in m.items] == ["已完成", "逾期完成", "已逾期"]


THIRD_PARTY = """
- {department: market, year: 2024, evaluator: 甲信用服务机构, score: 80, report: {title: 报告, url: "https://example.org/r.pdf"}}
- {department: market, year: 2024, evaluator: 乙信用服务机构, score: 90, report: {title: 报告}}
- {department: market, year: 2024, evaluator: 丙信用服务机构, grade: A, report: {title: 报告}}
"""


def test_third_party_score_only_when_configured(tmp_path):
    portal = portal_of(tmp_path, {"data/third_party.yaml": THIRD_PARTY}, date(2025, 1, 10))
    ev = evaluate(portal, config("third_party.score"))
    assert row(ev).points == pytest.approx(
        85
    )  # mean of 80 and 90; the grade-only result is not scored
    assert ev.config.third_party_weighted
    # Not configured: shown beside the score, never merged.
    other = evaluate(portal, config("hotline.resolution", when_empty="zero"))
    assert not other.config.third_party_weighted
    year = other.scores["market"][2024]
    assert year.score == 0 and [t.evaluator for t in year.third_party] == [
        "甲信用服务机构",
        "乙信用服务机构",
        "丙信用服务机构",
    ]


# --------------------------------------------------------------------------- totals, ranks, changes


def test_when_empty_rules_and_rescaling(tmp_path):
    portal = portal_of(tmp_path, {"data/hotline.yaml": HOTLINE}, date(2025, 1, 10))

    def cfg(when_empty: str) -> EvaluationConfig:
        return EvaluationConfig(
            years=[2024],
            indicators=[
                Indicator(id="h", name="办结", weight=60, source="hotline.resolution"),
                Indicator(
                    id="o",
                    name="异议",
                    weight=40,
                    source="objections.on_time",
                    when_empty=when_empty,
                ),
            ],
        )

    # market: resolution 0.95 × 60 = 57; objections: none in 2024
    assert evaluate(portal, cfg("full")).scores["market"][2024].score == pytest.approx(97)
    assert evaluate(portal, cfg("zero")).scores["market"][2024].score == pytest.approx(57)
    assert evaluate(portal, cfg("exclude")).scores["market"][2024].score == pytest.approx(
        95
    )  # 57 / 60 × 100


def test_ranks_within_kind_ties_and_changes(tmp_path):
    hotline = """
- {department: market, year: 2023, received: 100, responded_on_time: 100, resolved: 80, satisfaction: 90}
- {department: env, year: 2023, received: 100, responded_on_time: 100, resolved: 80, satisfaction: 90}
- {department: market, year: 2024, received: 100, responded_on_time: 100, resolved: 90, satisfaction: 90}
- {department: env, year: 2024, received: 100, responded_on_time: 100, resolved: 70, satisfaction: 90}
"""
    portal = portal_of(tmp_path, {"data/hotline.yaml": hotline}, date(2025, 1, 10))
    ev = evaluate(portal, config("hotline.resolution", years=(2023, 2024)))
    m, e = ev.scores["market"], ev.scores["env"]
    assert (m[2023].rank, e[2023].rank, m[2023].rank_of) == (1, 1, 2)  # tie: same rank
    assert (m[2024].rank, e[2024].rank) == (1, 2)
    assert (m[2023].change, m[2024].change, e[2024].change) == (None, 10, -10)


def test_years_after_the_data_date_are_not_evaluated(tmp_path):
    portal = portal_of(tmp_path, {"data/hotline.yaml": HOTLINE}, date(2024, 6, 1))
    ev = evaluate(portal, config("hotline.resolution", years=(2024, 2025)))
    assert ev.years == [2024] and ev.scores["market"][2024].partial


# --------------------------------------------------------------------------- sanctions (四(三))

SANCTION_CASES = case_yaml(
    "s1",
    "2025-03-01",
    """
  sanctions:
  - {kind: 书面说明原因, imposed_on: 2025-03-01, deadline: 2025-03-20, completed_on: 2025-03-18}
  - {kind: 限期整改, imposed_on: 2025-03-01, deadline: 2025-06-30}""",
) + case_yaml(
    "s2",
    "2025-04-01",
    """
  leniency: {outcome: 免于惩戒, reason: 主动纠正并挽回损失, decided_on: 2025-04-20}""",
    dept="env",
)
DEBTORS = """
- {department: market, court: 示例区人民法院, case_no: "（2025）示执1号", listed_on: 2025-05-01}
- {department: env, court: 示例区人民法院, case_no: "（2024）示执9号", listed_on: 2024-05-01, lifted_on: 2024-09-01}
"""


def test_department_sanctions(tmp_path):
    files = {
        "data/cases.yaml": SANCTION_CASES,
        "data/debtor_listings.yaml": DEBTORS,
        "data/rules.yaml": "honours_ban_years: 2\n",
    }
    portal = portal_of(tmp_path, files, date(2025, 7, 15))
    settings = EvaluationConfig(
        years=[2025],
        indicators=[Indicator(id="x", name="x", weight=100, source="hotline.resolution")],
    ).sanctions
    ds = department_sanctions(portal, settings)
    market, env = ds["market"], ds["env"]
    [cs] = market.cases
    states = {r.kind.value: (r.state, r.deadline, r.recorded) for r in cs.rows}
    assert states["书面说明原因"] == ("已完成", date(2025, 3, 20), True)
    assert states["限期整改"] == ("已逾期", date(2025, 6, 30), True)
    # Not recorded on the case: the honours ban is implied for rules.honours_ban_years from exposure.
    assert states["取消荣誉评选资格"] == ("生效中", date(2027, 3, 1), True)
    assert market.honours_banned_until == date(2027, 3, 1)
    assert [r.kind.value for _, r in market.overdue] == ["限期整改"]
    assert market.restrictions == portal.rules.debtor_restrictions and market.restrictions
    # Leniency (免于惩戒) waives every required sanction; a lifted listing restricts nothing.
    [ecs] = env.cases
    assert {r.state for r in ecs.rows} == {"已免除"} and env.honours_banned_until is None
    assert env.restrictions == [] and len(env.debtors) == 1


def test_unrecorded_required_sanction_is_flagged(tmp_path):
    portal = portal_of(
        tmp_path, {"data/cases.yaml": case_yaml("s3", "2025-03-01")}, date(2025, 7, 15)
    )
    ds = department_sanctions(
        portal,
        EvaluationConfig.model_validate(
            {
                "years": [2025],
                "indicators": [
                    {"id": "x", "name": "x", "weight": 100, "source": "hotline.resolution"}
                ],
            }
        ).sanctions,
    )
    assert sorted(r.kind.value for _, r in ds["market"].unrecorded) == ["书面说明原因", "限期整改"]


# --------------------------------------------------------------------------- validation

GOOD = """\
years: [2024]
indicators:
  - id: a
    name: 甲
    weight: 60
    source: hotline.resolution
  - id: b
    name: 乙
    weight: 40
    source: cases.dishonesty
    rule: deduction
    per_item: 5
"""
HOTLINE_ROW = "- {department: market, year: 2024, received: 1, responded_on_time: 1, resolved: 1, satisfaction: 90}\n"


def problems_of(tmp_path, evaluation_yaml: str, extra: dict | None = None) -> list[str]:
    files = {
        "data/evaluation.yaml": evaluation_yaml,
        "data/hotline.yaml": HOTLINE_ROW,
        **(extra or {}),
    }
    return [str(p) for p in check(make_tree(tmp_path, files)).problems]


def test_valid_configuration_has_no_problems(tmp_path):
    assert problems_of(tmp_path, GOOD) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("weight: 40", "weight: 30"),
            "content/data/evaluation.yaml:2: indicators: 各指标权重之和为 90，应等于满分 total 100",
        ),
        (
            GOOD.replace("source: hotline.resolution", "source: hotline.magic"),
            "content/data/evaluation.yaml:6: indicators.0.source: 「hotline.magic」不在允许的取值中",
        ),
        (
            GOOD.replace("    per_item: 5\n", ""),
            "content/data/evaluation.yaml:7: indicators.1.per_item: 扣分规则须填写每项扣分 per_item",
        ),
        (
            GOOD.replace("rule: deduction", "rule: ratio"),
            "content/data/evaluation.yaml:11: indicators.1.rule: 数据来源 cases.dishonesty 只支持 deduction",
        ),
        (
            GOOD.replace("id: b", "id: a"),
            "content/data/evaluation.yaml:7: indicators.1.id: 指标编号「a」与第 1 个指标重复",
        ),
        (GOOD.replace("years: [2024]\n", ""), "content/data/evaluation.yaml:1: years: 必填项为空"),
        (
            GOOD.replace("years: [2024]", "years: [2019, 2024]"),
            "content/data/evaluation.yaml:1: years: 2019 年没有任何评价数据",
        ),
        (
            GOOD.replace("years: [2024]", "years: [2024, 2023]"),
            "content/data/evaluation.yaml:1: years: 评价年度应从早到晚排列且不重复",
        ),
        (
            GOOD.replace("weight: 60", "weight: 60\n    kinds: [penalty]"),
            "content/data/evaluation.yaml:6: indicators.0.kinds: 数据来源 hotline.resolution 不使用此参数",
        ),
        (
            GOOD.replace("weight: 60", "weight: 60\n    required: true"),
            "content/data/evaluation.yaml:6: indicators.0.required: 2024 年缺少部门 env 的 hotline.yaml 数据（甲）",
        ),
        (  # gone: a record without 公示日期 is always counted (issue 12)
            GOOD.replace("weight: 60", "weight: 60\n    unknown_publication: exclude"),
            "content/data/evaluation.yaml:6: indicators.0.unknown_publication: 未知字段",
        ),
        (
            GOOD.replace("weight: 60", "weight: 60\n    categories: [审计督察]"),
            "content/data/evaluation.yaml:6: indicators.0.categories: 数据来源 hotline.resolution 不使用此参数",
        ),
        (
            GOOD + "  - {id: c, name: 丙, weight: 5, source: archive.negative, rule: deduction,"
            " per_item: 1, categories: [财务]}\n",
            "content/data/evaluation.yaml:13: indicators.2.categories.0: 「财务」不在允许的取值中",
        ),
        (
            GOOD + "  - {id: c, name: 丙, weight: 5, source: archive.negative}\n",
            "content/data/evaluation.yaml:13: indicators.2.rule: 数据来源 archive.negative 只支持 deduction",
        ),
        (
            "document_no: 示发改发〔2023〕6号\n" + GOOD,
            "content/data/evaluation.yaml:1: approved_by: 填写批准日期或文号时须写明制定、批准指标体系的单位",
        ),
        (
            GOOD + "  - oops\n",
            "content/data/evaluation.yaml:2: indicators.2: 应为键值映射（每个指标含 id、name、weight、source）",
        ),
    ],
)
def test_configuration_problems_have_lines(tmp_path, text, expected):
    found = problems_of(tmp_path, text)
    assert any(p.startswith(expected) for p in found), found


def test_duplicate_yearly_figures_are_reported(tmp_path):
    found = problems_of(tmp_path, GOOD, {"data/hotline.yaml": HOTLINE_ROW * 2})
    assert found == [
        "content/data/hotline.yaml:2: year: market 2024 年的数据与 content/data/hotline.yaml:1 重复"
    ]


def test_no_configuration_means_no_evaluation(tmp_path):
    checked = check(make_tree(tmp_path, {}))
    assert load_config(checked.content.root) == (None, [])


def test_market_code_is_a_department(tmp_path):
    # Guard for the fixtures above: penalties resolve to the market department by its code.
    portal = portal_of(
        tmp_path, {"data/penalties/p.csv": penalties_csv(penalty_row())}, date(2025, 12, 1)
    )
    assert portal.records[0].department.uscc == MARKET


def test_portal_validate_reports_evaluation_problems(tmp_path, capsys):
    from generator.cli import main

    content = make_tree(
        tmp_path,
        {
            "data/evaluation.yaml": GOOD.replace("per_item: 5", "per_item: -1"),
            "data/hotline.yaml": HOTLINE_ROW,
        },
    )
    assert main(["validate", "--content", str(content)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["content/data/evaluation.yaml:12: indicators.1.per_item: 应大于 0"]


def test_decimal_weights_that_add_up_are_accepted(tmp_path):
    text = GOOD.replace("weight: 60", "weight: 33.3").replace("weight: 40", "weight: 33.3")
    text += "  - {id: c, name: 丙, weight: 33.4, source: hotline.satisfaction}\n"
    assert problems_of(tmp_path, text) == []


# --------------------------------------------------------------------------- issue 12: defensible


def _changed_promise(pid: str, compensation: str) -> str:
    """A promise due in 2024 and changed by lawful procedure, with the given compensation lines."""
    return (
        promise_yaml(pid, "2024-06-30", [("2024-03-01", "推进中"), ("2024-06-01", "依法变更")])
        + f"""
  lawful_change:
    decided_on: 2024-05-20
    authority: 示例区人民政府
    ground: 公共利益
    procedure: 听证并经区政府常务会议集体讨论决定{compensation}
    evidence:
    - title: 区政府常务会议纪要"""
    )


def test_lawful_change_earns_credit_only_once_compensation_is_paid(tmp_path):
    promises = "".join(
        [
            _changed_promise(
                "paid", "\n    compensation_wan: 80\n    compensation_paid_on: 2024-06-20"
            ),
            _changed_promise("unpaid", "\n    compensation_wan: 150"),
            _changed_promise(
                "later", "\n    compensation_wan: 260\n    compensation_paid_on: 2025-05-01"
            ),
            _changed_promise("none", ""),  # no compensation due
        ]
    )
    portal = portal_of(tmp_path, {"data/promises.yaml": promises}, date(2025, 3, 1))
    r = row(evaluate(portal, config("promises.fulfilment")))
    credits = {i.url: (i.credit, i.note) for i in r.measure.items}
    assert credits[promise_url("paid")][0] == 1.0
    assert "补偿 80 万元已于 2024/06/20 支付" in credits[promise_url("paid")][1]
    # Unpaid, or paid only after the data date: no credit, and the breakdown says why.
    for pid, amount in (("unpaid", 150), ("later", 260)):
        credit, note = credits[promise_url(pid)]
        assert credit == 0.0, pid
        assert f"补偿 {amount} 万元尚未支付" in note and note.endswith("折算 0"), note
    assert credits[promise_url("none")] == (1.0, credits[promise_url("none")][1])
    assert "无须补偿" in credits[promise_url("none")][1]
    assert r.points == pytest.approx(50)  # (1 + 0 + 0 + 1) / 4


def test_a_paid_lawful_change_keeps_its_configured_credit(tmp_path):
    promise = _changed_promise(
        "paid", "\n    compensation_wan: 80\n    compensation_paid_on: 2024-06-20"
    )
    portal = portal_of(tmp_path, {"data/promises.yaml": promise}, date(2025, 3, 1))
    r = row(evaluate(portal, config("promises.fulfilment", credit={"依法变更": 0.8})))
    assert r.points == pytest.approx(80)


def test_undated_record_counts_from_the_publish_history(tmp_path):
    checked = check(make_tree(tmp_path, _publication_tree()))
    # 罚3 has no 公示日期: the ledger says it first went online within the deadline.
    portal = derive(checked.content, date(2025, 1, 10), {"penalty:罚3": date(2024, 3, 11)})
    m = row(evaluate(portal, config("shuanggongshi.on_time"))).measure
    assert (m.numerator, m.denominator) == (2, 4)
    # First published after the deadline: late, and the note names where the date comes from.
    portal = derive(checked.content, date(2025, 1, 10), {"penalty:罚3": date(2024, 4, 2)})
    m = row(evaluate(portal, config("shuanggongshi.on_time"))).measure
    assert (m.numerator, m.denominator) == (1, 4)
    assert ("行政处罚 罚3", "应于 2024/03/12 前公示，实际 2024/04/02（本平台发布记录）") in [
        (i.label, i.note) for i in m.items
    ]


ARCHIVE = """
- {id: a1, department: market, category: 司法判决, 'on': 2024-03-01, title: 行政诉讼败诉, summary: 败诉, outcome: 负面, evidence: [{title: 判决书}]}
- {id: a2, department: market, category: 审计督察, 'on': 2024-07-01, title: 审计发现问题, summary: 问题, outcome: 负面, evidence: [{title: 审计报告}]}
- {id: a3, department: market, category: 审计督察, 'on': 2024-08-01, title: 审计整改完成, summary: 完成, outcome: 正面, evidence: [{title: 审计报告}]}
- {id: a4, department: market, category: 行政复议, 'on': 2024-09-01, title: 复议维持, summary: 维持, evidence: [{title: 复议决定}]}
- {id: a5, department: market, category: 行政复议, 'on': 2023-09-01, title: 复议撤销, summary: 撤销, outcome: 负面, evidence: [{title: 复议决定}]}
- {id: a6, department: market, category: 纪检监察, 'on': 2024-12-20, title: 作风问题通报, summary: 通报, outcome: 负面, evidence: [{title: 通报}]}
- {id: a7, department: env, category: 依法行政, 'on': 2024-05-01, title: 决策未经合法性审查, summary: 纠正, outcome: 负面, evidence: [{title: 纠正通知}]}
"""


def _archive_config(**kw) -> EvaluationConfig:
    return config("archive.negative", rule="deduction", per_item=30, **kw)


def test_negative_archive_entries_deduct_points(tmp_path):
    # As of 2024-12-10: a6 (2024-12-20) is not yet on record; a3 正面 and a4 中性 do not count.
    portal = portal_of(tmp_path, {"data/archive.yaml": ARCHIVE}, date(2024, 12, 10))
    ev = evaluate(portal, _archive_config())
    r = row(ev)
    assert r.measure.count == 2 and r.points == pytest.approx(40)  # 100 − 2 × 30
    assert [(i.label, i.url) for i in r.measure.items] == [
        ("行政诉讼败诉", "departments/market.html#entry-a1"),
        ("审计发现问题", "departments/market.html#entry-a2"),
    ]
    assert r.measure.items[0].note == "司法判决，2024/03/01 记入诚信档案，结论负面，扣 30 分"
    assert row(ev, "env").points == pytest.approx(70)
    later = evaluate(
        portal_of(tmp_path / "b", {"data/archive.yaml": ARCHIVE}, date(2025, 1, 5)),
        _archive_config(),
    )
    assert row(later).measure.count == 3 and row(later).points == pytest.approx(10)


def test_negative_archive_entries_can_be_limited_to_categories(tmp_path):
    portal = portal_of(tmp_path, {"data/archive.yaml": ARCHIVE}, date(2025, 1, 5))
    r = row(evaluate(portal, _archive_config(categories=["审计督察", "行政复议"])))
    assert [i.label for i in r.measure.items] == ["审计发现问题"] and r.points == pytest.approx(70)


def test_year_sanctions_only_in_the_years_they_were_in_force(tmp_path):
    cases = case_yaml(
        "late",
        "2026-03-01",  # exposed in 2026: its implied honours ban runs 2026-03-01 … 2027-03-01
    ) + case_yaml(
        "old",
        "2024-03-01",
        """
  sanctions:
  - {kind: 取消荣誉评选资格, imposed_on: 2024-03-01, until: 2024-12-31}
  - {kind: 限期整改, imposed_on: 2024-03-01, deadline: 2024-06-30, completed_on: 2025-02-01}
  - {kind: 书面说明原因, imposed_on: 2024-03-01, deadline: 2024-04-30, completed_on: 2024-04-20}""",
        dept="env",
    )
    debtors = '- {department: market, court: 示例区人民法院, case_no: "（2025）示执1号", listed_on: 2025-10-01}\n'
    files = {"data/cases.yaml": cases, "data/debtor_listings.yaml": debtors}
    as_of = date(2026, 6, 1)
    portal = portal_of(tmp_path, files, as_of)
    ds = department_sanctions(portal, config("hotline.resolution").sanctions)
    market = {y: year_sanctions(ds["market"], y, as_of) for y in (2024, 2025, 2026)}
    assert [(s.honours_banned_until, s.debtor) for s in market.values()] == [
        (None, False),
        (None, True),  # listed 2025-10-01
        (date(2027, 3, 1), True),
    ]
    env = {y: year_sanctions(ds["env"], y, as_of) for y in (2023, 2024, 2025, 2026)}
    assert [(s.honours_banned_until, s.overdue) for s in env.values()] == [
        (None, 0),  # nothing imposed before 2024
        (date(2024, 12, 31), 1),  # the rectification was overdue from 2024-07-01 …
        (None, 1),  # … until its late completion on 2025-02-01; the ban ended in 2024
        (None, 0),
    ]
    assert not env[2026].any_in_force and env[2024].any_in_force


def test_partial_year_is_the_data_dates_year_when_evaluated(tmp_path):
    portal = portal_of(tmp_path, {"data/hotline.yaml": HOTLINE}, date(2025, 3, 1))
    assert evaluate(portal, config("hotline.resolution", years=(2024, 2025))).partial_year == 2025
    assert evaluate(portal, config("hotline.resolution", years=(2024,))).partial_year is None


def test_approval_of_the_indicator_system(tmp_path):
    approval = (
        "approved_by: [示例区发展和改革局, 中共示例区委组织部, 示例区人力资源和社会保障局]\n"
        "approved_on: 2023/02/20\ndocument_no: 示发改发〔2023〕6号\n"
    )
    checked = check(
        make_tree(
            tmp_path, {"data/evaluation.yaml": approval + GOOD, "data/hotline.yaml": HOTLINE_ROW}
        )
    )
    assert checked.problems == []
    cfg, _ = load_config(checked.content.root)
    assert cfg.approved_by[0] == "示例区发展和改革局" and cfg.approved_on == date(2023, 2, 20)
    assert cfg.document_no == "示发改发〔2023〕6号"
