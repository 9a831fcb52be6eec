"""Integrity evaluation: every indicator on crafted records, scoring rules, ranks, sanctions, validation."""

from __future__ import annotations

from datetime import date

import pytest

from generator.core.derive import Portal, derive, record_key
from generator.evaluation.config import EvaluationConfig, Indicator, load_config
from generator.evaluation.sanctions import department_sanctions
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
    # counted: 罚1 (on time), 罚2 (late), 罚4 (late, revoked: counted only); 罚3 unknown, 罚6 exempt
    assert (m.numerator, m.denominator) == (1, 3)
    assert r.points == pytest.approx(100 / 3)
    assert m.withdrawn == 1
    assert m.excluded == {"公示日期未知": 1, "依规不公示": 1}
    [late] = m.items
    assert late.label == "行政处罚 罚2"
    assert late.url == f"{listing_url('market', 'penalty', 2024)}#{record_key('penalty', '罚2')}"
    assert m.links == [("2024 年行政处罚公示清单", "shuanggongshi/market/penalty-2024.html")]
    assert all("罚4" not in i.label for i in m.items)  # a revoked record's 文号 is not shown


def test_publication_unknown_date_can_count_as_late(tmp_path):
    portal = portal_of(tmp_path, _publication_tree(), date(2025, 1, 10))
    m = row(evaluate(portal, config("shuanggongshi.on_time", unknown_publication="late"))).measure
    assert (m.numerator, m.denominator) == (1, 4)
    assert [i.label for i in m.items] == ["行政处罚 罚2", "行政处罚 罚3"]


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
        promise_yaml("pa", "2024-06-30", [("2024-07-01", "已兑现")]),
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
    assert [(i.label, i.url, i.credit) for i in m.items] == [
        ("异议 o1", target, 1.0),
        ("异议 o2", target, 0.0),
        ("异议 o3", target, 0.0),
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
