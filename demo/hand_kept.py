"""The hand-kept YAML datasets of the sample (promises, cases, archive …), all 演示数据.

Each dataset is built from scenarios chosen so that, as of 2026-11-28, every
promise rating, every sanction state and every objection state occurs, and so
that nothing looks impossible as of any date from 2025-01-01 to 2026-12-31
(a date in the "future" of an earlier as-of date is simply not shown yet).
Sizes grow mildly with the number of 双公示 records. The scenarios and wording are
in ``data/promises.yaml``, ``data/cases.yaml``, ``data/civil_servants.yaml`` and
``data/archive.yaml``; this module numbers, dates and links them.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from generator.core.models import DepartmentKind

from .archive import archive
from .datafiles import load
from .dates import LAST_DAY
from .departments import DEPARTMENTS, DEPT_BY_ID
from .parties import person_name
from .supervision import hotline, proposal_items, proposals

DISTRICT = [d.id for d in DEPARTMENTS if d.kind == DepartmentKind.district_department]
ALL_IDS = [d.id for d in DEPARTMENTS]
NAME = {d.id: d.name for d in DEPARTMENTS}

_PROMISES = load("promises")
PROMISE_SCENARIOS: list[dict[str, Any]] = _PROMISES["scenarios"]
PROMISE_SUBJECTS: dict[str, list[dict[str, Any]]] = _PROMISES["subjects"]
PROMISE_SOURCES: dict[str, dict[str, str]] = _PROMISES["sources"]
FIRMS: tuple[str, ...] = tuple(_PROMISES["firms"])
#: Categories whose promises are made to a named firm (the counterparty).
TO_FIRMS = {
    c for c, subjects in PROMISE_SUBJECTS.items() if all("{firm}" in s["title"] for s in subjects)
}
_CASES = load("cases")
CASE_SCENARIOS: list[dict[str, Any]] = _CASES["scenarios"]
CASE_EXEMPLARS: list[dict[str, Any]] = _CASES["exemplars"]
#: (scenario, department) for larger samples: each scenario in the departments where the
#: same situation can arise (its repeat_in), taken round the scenarios in turn.
CASE_REPEATS: list[tuple[dict[str, Any], str]] = [
    (s, s["repeat_in"][k])
    for k in range(max(len(s.get("repeat_in", ())) for s in CASE_SCENARIOS))
    for s in CASE_SCENARIOS
    if k < len(s.get("repeat_in", ()))
]
CIVIL_SERVANTS: list[dict[str, Any]] = load("civil_servants")
#: Case fields copied from a scenario as they are (拖欠账款 figures).
ARREARS = ("owed_wan", "paid_wan", "paid_on")


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


def unit_title(unit: str, title: str) -> str:
    """The unit's name put in front of a title, without saying the unit word twice:
    示例区明湖街道桃源村民委员会 + 村民委员会拒不履行… → 示例区明湖街道桃源村民委员会拒不履行…"""
    for n in range(min(len(unit), len(title)), 1, -1):
        if unit.endswith(title[:n]):
            return unit + title[n:]
    return unit + title


# --------------------------------------------------------------------------- promises


def promise_draws(rng: random.Random, category: str) -> Iterator[tuple[dict, str, str]]:
    """Endless (subject, owner, firm) draws for a category: every distinct promise once, in
    random order, before any comes again (then it is the same promise made anew, later).

    Distinct means another title (another subject or, for a title naming {firm}, another
    firm), or another owner for a subject each of whose owners makes its own (each_owner).
    """
    combos = [
        (s, owner, firm)
        for s in PROMISE_SUBJECTS[category]
        for owner in (s["owners"] if s.get("each_owner") else [None])
        for firm in (s.get("firms", FIRMS) if "{firm}" in s["title"] else [None])
    ]
    while True:
        order = combos[:]
        rng.shuffle(order)
        for s, owner, firm in order:
            yield s, owner or rng.choice(s["owners"]), firm or rng.choice(s.get("firms", FIRMS))


def promises(rng: random.Random, count: int) -> list[dict]:
    """Promises of every kind, rated over time: promise i follows scenario i mod 12."""
    out = []
    categories = list(PROMISE_SUBJECTS)
    draws = {c: promise_draws(rng, c) for c in categories}
    for i in range(count):
        scenario = PROMISE_SCENARIOS[i % len(PROMISE_SCENARIOS)]
        steps, due, change = scenario["steps"], scenario["due"], scenario.get("change")
        k = (i // len(PROMISE_SCENARIOS) + i) % len(categories)
        category = categories[k]
        if change:  # a lawful change compensates the counterparty: a promise made to a firm
            category = next(c for c in categories[k:] + categories[:k] if c in TO_FIRMS)
        subject, dept, firm = next(draws[category])
        title, summary = subject["title"], subject["summary"]
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
        document, mark = PROMISE_SOURCES[category]["document"], PROMISE_SOURCES[category]["mark"]
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
                # compensation for what the firm loses: a share of the sum promised, never more
                "compensation_wan": max(5, round(item.get("amount_wan", 100) * rng.choice((0.1, 0.2, 0.3)))),
            }
            if change == "paid":
                lawful["compensation_paid_on"] = days(decided, 15)
            lawful["evidence"] = [ev("区政府常务会议纪要", f"示政会纪〔{decided.year}〕{i + 3}号")]
            item["lawful_change"] = lawful
        out.append(item)
    return out


# --------------------------------------------------------------------------- cases


def case_promises(first: int) -> tuple[list[dict], dict[int, str]]:
    """The promises that scenarios break (their ``promise``), numbered from ``first``, and
    scenario index → promise id for the cases to link."""
    out, ids = [], {}
    for i, spec in enumerate(CASE_SCENARIOS):
        if "promise" not in spec:
            continue
        p, n = spec["promise"], first + len(out)
        dept = spec["department"]
        made = p["made_on"]
        document, mark = PROMISE_SOURCES[p["category"]]["document"], PROMISE_SOURCES[p["category"]]["mark"]
        # a copy of the date: YAML writes one object used twice as an alias, which the loader refuses
        logged = date.fromordinal(made.toordinal())
        steps = [(logged, "未评估", "承诺事项纳入台账，尚未到首次评估节点")]
        steps += [tuple(h) for h in p["history"]]
        history = [
            {
                "on": on,
                "rating": rating,
                "note": note,
                "evidence": [
                    ev("承诺事项台账登记表", f"示信办登〔{on.year}〕{n}号")
                    if step == 1
                    else ev(
                        f"{on.year}年第{(on.month - 1) // 3 + 1}季度承诺兑现情况评估报告",
                        f"示信办评〔{on.year}〕{n}-{step}号",
                    )
                ],
            }
            for step, (on, rating, note) in enumerate(steps, start=1)
        ]
        ids[i] = f"p{n:03d}"
        out.append(
            {
                "id": ids[i],
                "title": p["title"] + "（演示数据）",
                "department": dept,
                "category": p["category"],
                "counterparty": p["counterparty"],
                "made_on": made,
                "due_on": p["due_on"],
                "amount_wan": p["amount_wan"],
                "summary": p["summary"] + "。",
                "source": ev(f"{NAME[dept]}{document}", f"示{DEPT_BY_ID[dept].abbr}{mark}〔{made.year}〕{n}号"),
                "history": history,
            }
        )
    return out, ids


#: A repeated scenario is not a copy: its dates move back by whole weeks (sanction states as of
#: the data date stay those of the scenario) and its arrears are scaled.
_REPEAT_WEEKS = (1, 2, 3)
_REPEAT_SCALE = (0.55, 0.7, 0.85, 1.3, 1.6)


def _repeat(scenario: dict[str, Any], dept: str, j: int) -> dict[str, Any]:
    """The ``j``-th repeat of a scenario, in ``dept``: the same situation on other dates and sums."""
    shift = timedelta(weeks=_REPEAT_WEEKS[j % len(_REPEAT_WEEKS)])

    def moved(value: Any) -> Any:
        if isinstance(value, date):
            return value - shift
        if isinstance(value, dict):
            return {k: moved(v) for k, v in value.items()}
        if isinstance(value, list):
            return [moved(v) for v in value]
        return value

    spec = dict(moved(copy.deepcopy(scenario)), department=dept)
    if "owed_wan" in spec:
        before = spec["owed_wan"]
        owed = max(1, round(before * _REPEAT_SCALE[j % len(_REPEAT_SCALE)]))
        paid = spec.get("paid_wan")
        if paid is not None:  # paid in full stays in full; interest on top stays on top
            ratio = owed / before
            if paid == before:
                spec["paid_wan"] = owed
            elif paid > before:
                spec["paid_wan"] = round(paid * ratio, 1)
            else:
                spec["paid_wan"] = min(owed - 1, round(paid * ratio))
        spec["owed_wan"] = owed
    return spec


def cases(rng: random.Random, count: int, promise_ids: dict[int, str] | None = None) -> list[dict]:
    """Dishonesty cases with sanctions in every state, withdrawn ones, and exemplars.

    ``promise_ids``: scenario index → id of the promise it breaks (``case_promises``); repeats
    of a scenario in other departments do not link it."""
    scenarios, exemplars = CASE_SCENARIOS, CASE_EXEMPLARS
    out: list[dict] = []
    extra = max(0, count - len(scenarios) - len(exemplars))
    base = scenarios + exemplars
    for i in range(len(base) + extra):
        if i < len(base):
            spec = copy.deepcopy(base[i])
        else:  # larger samples: the same situations arising in other departments
            j = i - len(base)
            scenario, dept = CASE_REPEATS[j % len(CASE_REPEATS)]
            spec = _repeat(scenario, dept, j)
        kind = "守信典型" if len(scenarios) <= i < len(base) else "失信案例"
        item: dict[str, Any] = {
            "id": f"c{i + 1:03d}",
            "kind": kind,
            "title": f"{unit_title(NAME[spec['department']], spec['title'])}（演示数据）",
            "department": spec["department"],
            "occurred_on": spec["occurred_on"],
            "exposed_on": spec["exposed_on"],
            "summary": spec["summary"],
        }
        if kind == "失信案例":
            item["basis"] = (
                f"示例区社会信用体系建设工作领导小组办公室核查意见（示信办〔{spec['exposed_on'].year}〕{i + 1}号）"
            )
            item["sanctions"] = spec["sanctions"]
            if "leniency" in spec:
                item["leniency"] = spec["leniency"]
            item["shared_to"] = spec.get("shared_to", ["市信用平台", "上级主管部门"])
        for key in ("repaired_on", "revoked_on", *ARREARS):
            if key in spec:
                item[key] = spec[key]
        if "repaired_on" in spec:
            abbr = DEPT_BY_ID[spec["department"]].abbr
            item["repair_decision_no"] = f"示{abbr}信修〔{spec['repaired_on'].year}〕{i + 1}号"
        if promise_ids and i in promise_ids:
            item["promise"] = promise_ids[i]
        out.append(item)
    return out


# --------------------------------------------------------------------------- civil servants


def civil_servant_records(rng: random.Random) -> list[dict]:
    """Records of civil servants' dishonesty, with fictional names."""
    out = []
    for i, spec in enumerate(CIVIL_SERVANTS, start=1):
        source, decided = spec["source"], spec["decided_on"]
        item: dict[str, Any] = {
            "id": f"cs{i:03d}",
            "department": spec["department"],
            "name": person_name(rng),
            "position": spec["position"],
            "source": source,
            "decided_on": decided,
            "document_no": f"示纪〔{decided.year}〕{10 + i}号"
            if source != "司法判决"
            else f"（{decided.year}）示刑初{30 + i}号",
            "summary": spec["summary"] + "（演示数据）",
            "lawful_disclosure": spec["lawful_disclosure"],
            "shared_to": ["所在单位", "纪检监察部门", "市信用平台"],
            "published_on": days(decided, 5),
        }
        if "repaired_on" in spec:
            item["repaired_on"] = spec["repaired_on"]
            abbr = DEPT_BY_ID[spec["department"]].abbr
            item["repair_decision_no"] = f"示{abbr}信修〔{spec['repaired_on'].year}〕{30 + i}号"
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


# --------------------------------------------------------------------------- figures


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

    count = max(30, records // 2000)
    broken, promise_ids = case_promises(count + 1)
    figures = proposals(rng("proposals"), rng("proposals-partial"))
    return {
        "promises": (
            "政府承诺事项（招商引资政策、PPP 项目、重要涉企合同、服务承诺）及兑现评估",
            promises(rng("promises"), count) + broken,
        ),
        "cases": (
            "失信案例与守信典型",
            cases(rng("cases"), max(20, records // 5000), promise_ids),
        ),
        "civil_servant_records": (
            "公务员失信记录（姓名依规遮蔽）",
            civil_servant_records(rng("civil")),
        ),
        "archive": ("政府诚信档案条目", archive(rng("archive"), records // 4000)),
        "debtor_listings": ("被纳入失信被执行人名单的单位", debtor_listings()),
        "hotline": (
            "12345 市民服务热线办理情况",
            hotline(rng("hotline"), rng("hotline-partial")),
        ),
        "proposals": ("人大代表建议、政协委员提案办理情况", figures),
        "proposal_items": (
            "人大代表建议、政协委员提案及答复（public: false 的答复不公开）",
            proposal_items(rng("proposal-items"), figures),
        ),
        "objections": ("异议申请及处理情况", objections(penalties, rng("objections"))),
        "third_party": ("第三方政务诚信评价结果", third_party(rng("third_party"))),
    }
