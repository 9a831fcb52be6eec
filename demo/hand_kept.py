"""The hand-kept YAML datasets of the sample (promises, cases, archive …), all 演示数据.

Each dataset is built from scenarios chosen so that, as of 2026-11-28, every
promise rating, every sanction state and every objection state occurs, and so
that nothing looks impossible as of any date from 2025-01-01 to 2026-12-31
(a date in the "future" of an earlier as-of date is simply not shown yet).
Sizes grow mildly with the number of 双公示 records.
"""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta
from typing import Any

from generator.core.models import ArchiveCategory, DepartmentKind
from generator.core.workdays import WorkdayCalendar

from .sample import DEPARTMENTS, DEPT_BY_ID, LAST_DAY, person_name

_CAL = WorkdayCalendar()
DISTRICT = [d.id for d in DEPARTMENTS if d.kind == DepartmentKind.district_department]
ALL_IDS = [d.id for d in DEPARTMENTS]
NAME = {d.id: d.name for d in DEPARTMENTS}


def ev(title: str, doc_no: str | None = None, url: str | None = None) -> dict:
    """An evidence mapping (演示数据 documents have numbers but no public address)."""
    item: dict[str, Any] = {"title": title}
    if doc_no:
        item["doc_no"] = doc_no
    if url:
        item["url"] = url
    return item


def days(start: date, n: int) -> date:
    return start + timedelta(days=n)


# --------------------------------------------------------------------------- promises

#: (steps: (days after made_on, rating, note), due after made_on in days or None, lawful change?)
PROMISE_SCENARIOS: list[tuple[list[tuple[int, str, str]], int | None, str | None]] = [
    ([], 900, None),
    ([(30, "推进中", "相关工作已启动，按计划推进")], 1100, None),
    (
        [
            (30, "推进中", "已完成前期手续"),
            (210, "停滞", "配套资金未落实，工作停滞"),
            (420, "推进中", "资金已列入年度预算，工作恢复推进"),
        ],
        330,
        None,
    ),
    ([(30, "推进中", "已签订协议并启动"), (300, "停滞", "超过约定节点未见实质进展")], 280, None),
    (
        [
            (30, "推进中", "按协议分期落实"),
            (200, "停滞", "第二期奖补资金延迟拨付"),
            (330, "推进中", "延迟资金已补拨"),
            (520, "已兑现", "全部奖补资金拨付到位，企业确认"),
        ],
        540,
        None,
    ),
    (
        [(30, "推进中", "已开工建设"), (420, "部分兑现", "主体工程完成，配套道路仅完成一半")],
        400,
        None,
    ),
    (
        [
            (30, "推进中", "已列入年度计划"),
            (180, "停滞", "未按期启动招标"),
            (430, "未兑现", "约定期限届满，承诺事项未兑现"),
        ],
        400,
        None,
    ),
    (
        [
            (30, "推进中", "项目按合同推进"),
            (260, "停滞", "因规划调整暂停"),
            (420, "依法变更", "因公共利益需要依法变更合同约定，已依法补偿"),
        ],
        500,
        "paid",
    ),
    (
        [
            (30, "推进中", "已签约"),
            (300, "已兑现", "约定的用地手续全部办结"),
            (480, "部分兑现", "复核发现配套电力接入未按约完成，评级下调"),
        ],
        360,
        None,
    ),
    (
        [
            (30, "推进中", "已启动"),
            (365, "未兑现", "约定期限届满未兑现"),
            (560, "已兑现", "逾期后已全部兑现，评级上调（逾期情况记入档案）"),
        ],
        330,
        None,
    ),
    (
        [
            (25, "推进中", "按协议推进"),
            (200, "依法变更", "因国家产业政策调整依法变更，补偿尚在核定"),
        ],
        600,
        "unpaid",
    ),
    ([(40, "推进中", "服务承诺已公开"), (250, "已兑现", "全年办结时限全部达标")], 240, None),
]

#: category → (title, summary, departments that make such promises, source document kind)
PROMISE_SUBJECTS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    "招商引资政策": [
        (
            "对新引进的{firm}给予设备投资奖补",
            "按设备投资额的一定比例分三年给予奖补",
            ("ndrc", "finance"),
        ),
        (
            "为{firm}落实厂房租金减免",
            "入驻前三年厂房租金按约定比例减免",
            ("ndrc", "qinghe", "yunling"),
        ),
        ("对{firm}研发中心建设给予配套资金", "研发中心通过验收后拨付配套资金", ("ndrc", "finance")),
    ],
    "政府和社会资本合作项目": [
        (
            "示例区污水处理厂提标改造 PPP 项目按期支付可用性服务费",
            "按合同约定分年度支付可用性服务费",
            ("eco", "finance"),
        ),
        (
            "示例区公共停车场 PPP 项目配套道路建设",
            "政府方负责建设项目配套道路并按期移交",
            ("transport", "urban"),
        ),
        (
            "示例区老旧小区供热管网改造 PPP 项目运维补贴",
            "按绩效考核结果按季度支付运维补贴",
            ("housing",),
        ),
    ],
    "重要涉企合同协议": [
        (
            "与{firm}签订的土地出让合同约定的交地条件",
            "按约定时间完成场地平整并交付土地",
            ("natural",),
        ),
        (
            "与{firm}签订的供热特许经营协议价格调整机制",
            "按协议约定的周期和公式调整供热价格",
            ("housing",),
        ),
        (
            "与{firm}签订的政府采购合同按期付款",
            "验收合格后十五日内支付合同价款",
            ("finance", "health", "culture"),
        ),
    ],
    "服务承诺": [
        ("企业开办一个工作日内办结", "企业开办全流程一个工作日内办结", ("market",)),
        (
            "12345 热线工单按时办结",
            "热线工单在规定时限内答复办结",
            ("qinghe", "yunling", "minghu", "urban"),
        ),
        ("工伤认定申请受理后四十个工作日内作出决定", "工伤认定在法定时限内提前办结", ("hrss",)),
        ("最低生活保障申请二十个工作日内审核确认", "低保申请在承诺时限内审核确认", ("civil",)),
    ],
}
#: What the promise is written in, per category.
PROMISE_SOURCES = {
    "招商引资政策": ("投资合作协议书", "协"),
    "政府和社会资本合作项目": ("PPP 项目合同", "合"),
    "重要涉企合同协议": ("合同文本", "合"),
    "服务承诺": ("服务承诺事项清单", "诺"),
}
FIRMS = (
    "示例区青禾源科技有限公司",
    "示例区云岭峰机械制造有限公司",
    "示例区明湖晨食品有限公司",
    "示例区桃源辉物流有限公司",
    "示例区恒安创环保科技有限公司",
    "示例区瑞祥鼎化工有限公司",
)


def promises(rng: random.Random, count: int) -> list[dict]:
    out = []
    categories = list(PROMISE_SUBJECTS)
    for i in range(count):
        steps, due, change = PROMISE_SCENARIOS[i % len(PROMISE_SCENARIOS)]
        category = categories[(i // len(PROMISE_SCENARIOS) + i) % len(categories)]
        title, summary, owners = rng.choice(PROMISE_SUBJECTS[category])
        dept = rng.choice(owners)
        firm = rng.choice(FIRMS)
        last = steps[-1][0] if steps else 0
        if change == "unpaid":
            made = date(2026, 1, 5) + timedelta(days=rng.randrange(30))
        elif len(steps) <= 1 and due and due > 800:
            made = date(2025, 9, 1) + timedelta(days=rng.randrange(120))
        else:
            made = date(2022, 3, 1) + timedelta(
                days=rng.randrange(max(1, (LAST_DAY - date(2022, 3, 1)).days - last))
            )
        item: dict[str, Any] = {
            "id": f"p{i + 1:03d}",
            "title": title.format(firm=firm) + "（演示数据）",
            "department": dept,
            "category": category,
        }
        if "{firm}" in title:
            item["counterparty"] = firm
        item["made_on"] = made
        if due:
            item["due_on"] = days(made, due)
        if category != "服务承诺":
            item["amount_wan"] = rng.choice((50, 120, 300, 800, 1500, 3000))
        item["summary"] = summary + "。"
        document, mark = PROMISE_SOURCES[category]
        abbr = DEPT_BY_ID[dept].abbr
        item["source"] = ev(f"{NAME[dept]}{document}", f"示{abbr}{mark}〔{made.year}〕{i + 1}号")
        # Every promise is logged as 未评估 the day it is made, so it never appears without a rating.
        logged = [(0, "未评估", "承诺事项纳入台账，尚未到首次评估节点")]
        history = []
        for step, (offset, rating, note) in enumerate(logged + steps, start=1):
            on = days(made, offset)
            proof = (
                ev("承诺事项台账登记表", f"示信办登〔{on.year}〕{i + 1}号")
                if step == 1
                else ev(
                    f"{on.year}年第{(on.month - 1) // 3 + 1}季度承诺兑现情况评估报告",
                    f"示信办评〔{on.year}〕{i + 1}-{step}号",
                )
            )
            history.append({"on": on, "rating": rating, "note": note, "evidence": [proof]})
        item["history"] = history
        if change:
            decided = days(made, last - 20)
            lawful: dict[str, Any] = {
                "decided_on": decided,
                "authority": "示例区人民政府",
                "ground": "公共利益" if change == "paid" else "国家利益",
                "procedure": "经风险评估、合法性审查、听证并经区政府常务会议集体讨论决定",
                "compensation_wan": rng.choice((80, 150, 260)),
            }
            if change == "paid":
                lawful["compensation_paid_on"] = days(decided, 15)
            lawful["evidence"] = [ev("区政府常务会议纪要", f"示政会纪〔{decided.year}〕{i + 3}号")]
            item["lawful_change"] = lawful
        out.append(item)
    return out


# --------------------------------------------------------------------------- cases


def sanction(kind: str, imposed: date, **kw: Any) -> dict:
    item: dict[str, Any] = {"kind": kind, "imposed_on": imposed}
    item.update({k: v for k, v in kw.items() if v is not None})
    return item


def cases(rng: random.Random, count: int) -> list[dict]:
    """Dishonesty cases with sanctions in every state, withdrawn ones, and exemplars."""
    d = date
    scenarios: list[dict] = [
        dict(
            dept="housing",
            title="拖欠中小企业工程款",
            occurred=d(2025, 3, 10),
            exposed=d(2025, 4, 15),
            summary="区属项目竣工验收后未按合同约定期限支付施工企业工程款。",
            sanctions=[
                sanction(
                    "书面说明原因",
                    d(2025, 4, 15),
                    deadline=d(2025, 4, 30),
                    completed_on=d(2025, 4, 25),
                ),
                sanction(
                    "限期整改",
                    d(2025, 4, 15),
                    deadline=d(2025, 7, 31),
                    completed_on=d(2025, 7, 20),
                    note="结清拖欠款项并建立支付台账",
                ),
                sanction("公开通报批评", d(2025, 4, 20)),
            ],
        ),
        dict(
            dept="transport",
            title="未履行招商引资奖补承诺",
            occurred=d(2025, 1, 20),
            exposed=d(2025, 3, 3),
            summary="对已达标企业的物流奖补资金超过承诺期限未拨付。",
            sanctions=[
                sanction(
                    "限期整改",
                    d(2025, 3, 3),
                    deadline=d(2025, 5, 31),
                    completed_on=d(2025, 8, 18),
                    note="拨付全部奖补资金",
                )
            ],
        ),
        dict(
            dept="urban",
            title="行政诉讼生效判决未按期履行",
            occurred=d(2026, 8, 5),
            exposed=d(2026, 10, 12),
            summary="法院判决责令重新作出行政行为，超过判决确定的期限尚未履行。",
            sanctions=[
                sanction(
                    "限期整改",
                    d(2026, 10, 12),
                    deadline=d(2027, 1, 29),
                    note="依判决重新作出行政行为",
                ),
                sanction(
                    "书面说明原因",
                    d(2026, 10, 12),
                    deadline_workdays=10,
                    completed_on=d(2026, 10, 22),
                ),
            ],
        ),
        dict(
            dept="qinghe",
            title="拖欠物业服务企业服务费",
            occurred=d(2025, 11, 3),
            exposed=d(2026, 2, 9),
            summary="街道办事处委托的老旧小区物业托管服务费用逾期未支付。",
            sanctions=[
                sanction("限期整改", d(2026, 2, 9), deadline=d(2026, 6, 30), note="结清欠款"),
                sanction("取消荣誉评选资格", d(2026, 2, 9)),
            ],
        ),
        dict(
            dept="natural",
            title="土地出让合同约定交地逾期",
            occurred=d(2025, 6, 2),
            exposed=d(2025, 8, 11),
            summary="未按土地出让合同约定时间完成场地平整交付土地，逾期四个月。",
            sanctions=[
                sanction(
                    "书面说明原因",
                    d(2025, 8, 11),
                    deadline_workdays=15,
                    completed_on=d(2025, 9, 26),
                ),
                sanction("追究主要负责人责任", d(2025, 9, 1), note="对分管负责人诫勉谈话"),
            ],
        ),
        dict(
            dept="culture",
            title="政府采购合同验收后延迟付款",
            occurred=d(2025, 5, 6),
            exposed=d(2025, 6, 16),
            summary="采购项目验收合格后延迟付款，后主动足额支付并赔偿逾期利息。",
            sanctions=[
                sanction("限期整改", d(2025, 6, 16), waived=True, note="已主动纠正，免于整改措施"),
                sanction("公开通报批评", d(2025, 6, 16), waived=True),
            ],
            leniency=dict(
                outcome="免于惩戒",
                reason="发现问题后主动足额付款并支付逾期利息，及时消除不良影响",
                decided_on=d(2025, 6, 30),
            ),
        ),
        dict(
            dept="health",
            title="未按承诺时限办结审批事项",
            occurred=d(2026, 3, 2),
            exposed=d(2026, 4, 13),
            summary="多件医疗机构执业登记事项超过承诺办结时限。",
            sanctions=[
                sanction(
                    "书面说明原因",
                    d(2026, 4, 13),
                    deadline=d(2026, 4, 30),
                    completed_on=d(2026, 4, 28),
                ),
                sanction("取消荣誉评选资格", d(2026, 4, 13), waived=True),
            ],
            leniency=dict(
                outcome="从轻",
                reason="主动排查整改并建立超时预警，未造成严重后果",
                decided_on=d(2026, 5, 8),
            ),
        ),
        dict(
            dept="safety",
            title="安全生产专项资金未按承诺拨付",
            occurred=d(2024, 2, 5),
            exposed=d(2024, 4, 8),
            summary="承诺的企业安全改造补助资金拨付延迟。",
            sanctions=[
                sanction("取消荣誉评选资格", d(2024, 4, 8), until=d(2025, 4, 7)),
                sanction(
                    "限期整改", d(2024, 4, 8), deadline=d(2024, 6, 30), completed_on=d(2024, 6, 14)
                ),
            ],
        ),
        dict(
            dept="hrss",
            title="政府购买服务合同违约",
            occurred=d(2026, 5, 11),
            exposed=d(2026, 6, 22),
            summary="就业培训购买服务合同约定的结算款逾期支付。",
            sanctions=[
                sanction("限期整改", d(2026, 6, 22), deadline=d(2026, 9, 30)),
                sanction("公开通报批评", d(2026, 6, 22)),
            ],
        ),
        dict(
            dept="taoyuan",
            title="村民委员会拒不履行生效民事判决",
            occurred=d(2025, 12, 1),
            exposed=d(2026, 3, 20),
            summary="村民委员会拒不履行支付工程款的生效判决，被法院纳入失信被执行人名单。",
            sanctions=[
                sanction(
                    "限期整改", d(2026, 3, 20), deadline_workdays=120, note="履行判决确定的给付义务"
                ),
                sanction("取消荣誉评选资格", d(2026, 3, 20), until=d(2027, 3, 19)),
            ],
            shared=["市信用平台", "上级主管部门", "审计部门"],
        ),
        dict(
            dept="eco",
            title="环评审批超时（已信用修复）",
            occurred=d(2024, 9, 2),
            exposed=d(2024, 10, 14),
            summary="建设项目环评审批超过法定时限。",
            repaired=d(2026, 6, 1),
            sanctions=[
                sanction(
                    "限期整改",
                    d(2024, 10, 14),
                    deadline=d(2024, 12, 31),
                    completed_on=d(2024, 12, 20),
                )
            ],
        ),
        dict(
            dept="urban-service",
            title="合同违约认定（已撤销）",
            occurred=d(2025, 2, 3),
            exposed=d(2025, 3, 10),
            summary="曾被认定拖欠保洁服务费用，经核查付款已按约完成，认定撤销。",
            revoked=d(2025, 5, 20),
            sanctions=[
                sanction(
                    "书面说明原因",
                    d(2025, 3, 10),
                    deadline=d(2025, 3, 31),
                    completed_on=d(2025, 3, 28),
                )
            ],
        ),
        dict(
            dept="yunling",
            title="拆迁补偿协议逾期履行（公示期满）",
            occurred=d(2023, 2, 6),
            exposed=d(2023, 5, 8),
            summary="征收补偿款逾期支付，已整改完毕，公示期已满。",
            sanctions=[
                sanction(
                    "限期整改", d(2023, 5, 8), deadline=d(2023, 8, 31), completed_on=d(2023, 8, 1)
                )
            ],
        ),
    ]
    exemplars = [
        dict(
            dept="market",
            title="企业开办“一日办结”承诺全年兑现",
            occurred=d(2025, 12, 31),
            exposed=d(2026, 1, 20),
            summary="全年新开办企业全部在一个工作日内办结，承诺兑现率百分之百。",
        ),
        dict(
            dept="finance",
            title="政府采购合同款项提前支付",
            occurred=d(2025, 6, 30),
            exposed=d(2025, 7, 21),
            summary="推行合同款项验收后五个工作日内支付，上半年无一逾期。",
        ),
        dict(
            dept="minghu",
            title="老旧小区改造承诺如期完成",
            occurred=d(2026, 9, 30),
            exposed=d(2026, 10, 19),
            summary="年初公开承诺的六个老旧小区改造项目全部按期完工。",
        ),
        dict(
            dept="liuan",
            title="社区公开承诺事项全部办结",
            occurred=d(2024, 12, 31),
            exposed=d(2025, 1, 15),
            summary="居民议事会确定的十项为民办事承诺全部按期办结并公示。",
        ),
    ]
    out: list[dict] = []
    extra = max(0, count - len(scenarios) - len(exemplars))
    base = scenarios + exemplars
    for i in range(len(base) + extra):
        if i < len(base):
            spec = copy.deepcopy(base[i])
        else:  # larger samples: the same situations arising in other departments
            spec = dict(
                copy.deepcopy(scenarios[i % len(scenarios)]), dept=DISTRICT[i % len(DISTRICT)]
            )
        kind = "守信典型" if len(scenarios) <= i < len(base) else "失信案例"
        item: dict[str, Any] = {
            "id": f"c{i + 1:03d}",
            "kind": kind,
            "title": f"{NAME[spec['dept']]}{spec['title']}（演示数据）",
            "department": spec["dept"],
            "occurred_on": spec["occurred"],
            "exposed_on": spec["exposed"],
            "summary": spec["summary"],
        }
        if kind == "失信案例":
            item["basis"] = (
                f"示例区社会信用体系建设工作领导小组办公室核查意见（示信办〔{spec['exposed'].year}〕{i + 1}号）"
            )
            item["sanctions"] = spec["sanctions"]
            if "leniency" in spec:
                item["leniency"] = spec["leniency"]
            item["shared_to"] = spec.get("shared", ["市信用平台", "上级主管部门"])
        for key, name in (("repaired", "repaired_on"), ("revoked", "revoked_on")):
            if key in spec:
                item[name] = spec[key]
        out.append(item)
    return out


# --------------------------------------------------------------------------- civil servants


def civil_servant_records(rng: random.Random) -> list[dict]:
    d = date
    specs = [
        (
            "market",
            "科员",
            "纪律处分",
            d(2025, 4, 18),
            "违规收受管理服务对象礼品，给予警告处分。",
            False,
            {},
        ),
        (
            "transport",
            "副科长",
            "问责处理",
            d(2025, 11, 6),
            "对承诺事项逾期兑现负有领导责任，予以诫勉。",
            False,
            {},
        ),
        (
            "housing",
            "科员",
            "行政处罚",
            d(2026, 2, 16),
            "酒后驾驶机动车，被公安机关处以罚款并暂扣驾驶证。",
            False,
            {},
        ),
        (
            "natural",
            "原副局长",
            "司法判决",
            d(2024, 12, 20),
            "犯受贿罪被判处有期徒刑，判决书已依法公开。",
            True,
            {},
        ),
        (
            "qinghe",
            "科员",
            "纪律处分",
            d(2024, 3, 11),
            "违规操作低保审核，给予记过处分。",
            False,
            {"repaired_on": d(2025, 9, 15)},
        ),
        ("eco", "科员", "问责处理", d(2026, 7, 2), "监测数据报送不实，予以通报。", False, {}),
        (
            "urban",
            "队员",
            "纪律处分",
            d(2026, 9, 7),
            "执法过程中言行不当，给予警告处分。",
            False,
            {},
        ),
    ]
    out = []
    for i, (dept, position, source, decided, summary, disclose, extra) in enumerate(specs, start=1):
        item: dict[str, Any] = {
            "id": f"cs{i:03d}",
            "department": dept,
            "name": person_name(rng),
            "position": position,
            "source": source,
            "decided_on": decided,
            "document_no": f"示纪〔{decided.year}〕{10 + i}号"
            if source != "司法判决"
            else f"（{decided.year}）示刑初{30 + i}号",
            "summary": summary + "（演示数据）",
            "lawful_disclosure": disclose,
            "shared_to": ["所在单位", "纪检监察部门", "市信用平台"],
            "published_on": days(decided, 5),
        }
        item.update(extra)
        out.append(item)
    return out


# --------------------------------------------------------------------------- objections


def objections(penalties: list[tuple[str, str]], rng: random.Random) -> list[dict]:
    """One objection in each state as of 2026-11-28, against records that exist."""
    d = date
    targets = sorted(rng.sample(penalties, min(2, len(penalties)))) if penalties else []
    specs: list[tuple[str, str, date, date | None, str | None]] = [
        ("civil:cs001", "market", d(2025, 5, 6), d(2025, 5, 15), "维持"),  # on time
        ("case:c002", "transport", d(2025, 3, 10), d(2025, 4, 2), "维持"),  # late
        ("civil:cs006", "eco", d(2026, 11, 24), None, None),  # pending, within deadline
        ("case:c009", "hrss", d(2026, 10, 26), None, None),  # pending, overdue
        ("civil:cs003", "housing", d(2026, 3, 2), d(2026, 3, 13), "更正"),
    ]
    if len(targets) >= 1:
        (no, dept), filed = targets[0], d(2026, 11, 23)
        specs.append((f"penalty:{no}", dept, filed, None, None))
    if len(targets) >= 2:
        (no, dept), filed = targets[1], d(2026, 11, 2)
        specs.append((f"penalty:{no}", dept, filed, d(2026, 11, 12), "维持"))
    out = []
    for i, (target, dept, filed, answered, outcome) in enumerate(specs, start=1):
        item: dict[str, Any] = {
            "id": f"o{i:03d}",
            "target": target,
            "department": dept,
            "filed_on": filed,
        }
        if answered:
            item["answered_on"] = answered
            item["outcome"] = outcome
        out.append(item)
    return out


# --------------------------------------------------------------------------- archive


ARCHIVE_TEXTS: dict[str, tuple[tuple[str, str, str], ...]] = {
    ArchiveCategory.lawful_administration: (
        (
            "法治政府建设年度报告按时公开",
            "按规定时限向社会公开上一年度法治政府建设情况报告。",
            "正面",
        ),
        (
            "重大行政决策未履行合法性审查程序",
            "一项规范性文件印发前未经合法性审查，已被责令纠正。",
            "负面",
        ),
    ),
    ArchiveCategory.disclosure: (
        ("政府信息公开年度报告", "主动公开政府信息，依申请公开事项均在法定期限内答复。", "正面"),
        ("依申请公开逾期答复", "一件政府信息公开申请超过法定期限答复。", "负面"),
    ),
    ArchiveCategory.credit_system: (
        ("双公示数据报送情况", "全年行政许可、行政处罚信息按时报送，合规率达标。", "正面"),
        ("信用承诺制落实情况", "在行政审批中推行告知承诺制，对失信承诺人开展核查。", "中性"),
    ),
    ArchiveCategory.targets: (
        ("年度重点工作目标完成情况", "区政府下达的年度重点工作目标全部完成。", "正面"),
        ("民生实事项目进度滞后", "一项民生实事项目未按年度计划完工。", "负面"),
    ),
    ArchiveCategory.debt_budget: (
        ("部门预算执行情况", "年度预算执行率符合要求，无新增隐性债务。", "正面"),
        ("预算调整程序不规范", "个别项目预算调整未履行报批程序。", "负面"),
    ),
    ArchiveCategory.contracts: (
        ("涉企合同履约情况清理", "开展涉企合同履约专项清理，未发现新增违约。", "正面"),
        ("政府采购合同付款逾期", "一份采购合同验收后付款超过约定期限。", "负面"),
    ),
    ArchiveCategory.judgments: (
        (
            "行政诉讼败诉：某公司诉{dept}",
            "法院以程序违法为由撤销被诉行政行为，已依判决重新作出。",
            "负面",
        ),
        ("行政诉讼胜诉", "法院判决驳回原告诉讼请求，行政行为合法。", "中性"),
    ),
    ArchiveCategory.reconsideration: (
        ("行政复议决定撤销原行政行为", "复议机关以认定事实不清为由撤销一项行政处罚决定。", "负面"),
        ("行政复议维持", "复议机关维持原行政行为。", "中性"),
    ),
    ArchiveCategory.discipline: (
        ("纪检监察专项检查", "专项检查未发现违规违纪问题。", "正面"),
        ("作风问题通报", "工作人员作风问题被区纪委监委通报。", "负面"),
    ),
    ArchiveCategory.audit: (
        ("经济责任审计", "审计发现的问题已全部整改。", "中性"),
        ("预算执行审计发现问题", "审计发现专项资金闲置，已督促整改。", "负面"),
    ),
}


def archive(rng: random.Random, count: int) -> list[dict]:
    categories = list(ArchiveCategory)
    out = []
    for i in range(count):
        category = categories[i % len(categories)]
        dept = ALL_IDS[(i * 7) % len(ALL_IDS)]
        title, summary, outcome = ARCHIVE_TEXTS[category][(i // len(categories)) % 2]
        on = date(2023, 1, 1) + timedelta(days=rng.randrange((LAST_DAY - date(2023, 1, 1)).days))
        out.append(
            {
                "id": f"a{i + 1:03d}",
                "department": dept,
                "category": category.value,
                "on": on,
                "title": title.format(dept=NAME[dept]) + "（演示数据）",
                "summary": summary,
                "outcome": outcome,
                "evidence": [
                    ev(
                        f"{category.value}相关材料（{on.year} 年）",
                        f"示{category.value[:2]}〔{on.year}〕{i + 1}号",
                    )
                ],
            }
        )
    return out


# --------------------------------------------------------------------------- figures


def hotline(rng: random.Random) -> list[dict]:
    scale = {
        DepartmentKind.district_department: (800, 5000),
        DepartmentKind.public_institution: (150, 1200),
        DepartmentKind.subdistrict_office: (3000, 9000),
        DepartmentKind.grassroots_autonomy: (80, 500),
    }
    out = []
    for d in DEPARTMENTS:
        for year in (2023, 2024, 2025):
            received = rng.randint(*scale[d.kind])
            responded = received - rng.randint(0, received // 12)
            resolved = received - rng.randint(0, received // 8)
            out.append(
                {
                    "department": d.id,
                    "year": year,
                    "received": received,
                    "responded_on_time": responded,
                    "resolved": resolved,
                    "satisfaction": round(rng.uniform(82, 99.5), 1),
                }
            )
    return out


def proposals(rng: random.Random) -> list[dict]:
    out = []
    for d in DEPARTMENTS:
        top = 25 if d.kind == DepartmentKind.district_department else 4
        for year in (2023, 2024, 2025):
            for kind in ("人大代表建议", "政协委员提案"):
                assigned = rng.randint(0, top)
                answered = assigned - (rng.randint(0, 2) if assigned > 2 else 0)
                satisfied = max(0, answered - rng.randint(0, 2))
                out.append(
                    {
                        "department": d.id,
                        "year": year,
                        "kind": kind,
                        "assigned": assigned,
                        "answered_on_time": answered,
                        "satisfied": satisfied,
                    }
                )
    return out


def third_party(rng: random.Random) -> list[dict]:
    out = []
    for dept in ("market", "eco", "transport", "housing", "qinghe", "realestate"):
        for year in (2023, 2024, 2025):
            score = round(rng.uniform(78, 96), 1)
            grade = "优秀" if score >= 90 else "良好"
            out.append(
                {
                    "department": dept,
                    "year": year,
                    "evaluator": "示例信用服务有限公司（演示数据，虚构机构）",
                    "score": score,
                    "grade": grade,
                    "report": ev(
                        f"{NAME[dept]} {year} 年度政务诚信第三方评价报告",
                        f"示信评报〔{year + 1}〕{ALL_IDS.index(dept) + 1}号",
                    ),
                }
            )
    return out


def debtor_listings() -> list[dict]:
    return [
        {
            "department": "taoyuan",
            "court": "示例区人民法院",
            "case_no": "（2026）示0199执恢12号",
            "listed_on": date(2026, 3, 16),
        },
        {
            "department": "urban-service",
            "court": "示例区人民法院",
            "case_no": "（2024）示0199执388号",
            "listed_on": date(2024, 5, 13),
            "lifted_on": date(2024, 11, 4),
        },
    ]


def hand_kept(
    seed: int, records: int, penalties: list[tuple[str, str]]
) -> dict[str, tuple[str, Any]]:
    """Every YAML dataset: file stem → (header title, records).

    Each dataset draws from its own generator (seeded by seed and name), so
    editing one dataset's scenarios leaves the others' files unchanged.
    """

    def rng(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    return {
        "promises": (
            "政府承诺事项（招商引资政策、PPP 项目、重要涉企合同、服务承诺）及兑现评估",
            promises(rng("promises"), max(30, records // 2000)),
        ),
        "cases": ("失信案例与守信典型", cases(rng("cases"), max(20, records // 5000))),
        "civil_servant_records": (
            "公务员失信记录（姓名依规遮蔽）",
            civil_servant_records(rng("civil")),
        ),
        "archive": ("政府诚信档案条目", archive(rng("archive"), max(30, records // 4000))),
        "debtor_listings": ("被纳入失信被执行人名单的单位", debtor_listings()),
        "hotline": ("12345 市民服务热线办理情况", hotline(rng("hotline"))),
        "proposals": ("人大代表建议、政协委员提案办理情况", proposals(rng("proposals"))),
        "objections": ("异议申请及处理情况", objections(penalties, rng("objections"))),
        "third_party": ("第三方政务诚信评价结果", third_party(rng("third_party"))),
    }
