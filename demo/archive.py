"""The sample's government integrity archive (二(二)): every category for every body, with figures.

The texts are in ``data/archive.yaml``; this module decides which fit each body (its
groups: office, street or committee, and whether it penalises, licenses or is the 财政局),
draws an outcome, a date and figures that agree with the text, and numbers the entries.
All of it 演示数据.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from generator.core.models import ArchiveCategory, DepartmentKind

from .datafiles import load
from .dates import LAST_DAY
from .departments import DEPARTMENTS, Dept

_DATA = load("archive")
NEGATIVE_SHARE: float = _DATA["negative_share"]
PLAINTIFFS: list[str] = _DATA["plaintiffs"]
TEXTS: dict[ArchiveCategory, list[dict[str, Any]]] = {
    ArchiveCategory(category): texts for category, texts in _DATA["texts"].items()
}
FIXED: dict[tuple[str, ArchiveCategory], dict[str, Any]] = {
    (f["department"], ArchiveCategory(f["category"])): f for f in _DATA["fixed"]
}
#: Years an annual entry may be about (dated early in the next year, so never after LAST_DAY).
ANNUAL_YEARS = (2023, 2024, 2025)
FIRST = date(2023, 1, 1)


def groups(d: Dept) -> set[str]:
    """The groups of data/archive.yaml a body belongs to."""
    out = {
        DepartmentKind.district_department: "office",
        DepartmentKind.public_institution: "office",
        DepartmentKind.subdistrict_office: "street",
        DepartmentKind.grassroots_autonomy: "committee",
    }[d.kind]
    found = {out}
    if d.penalty_fields:
        found.add("enforcer")
    if d.licence_kinds:
        found.add("licensor")
    if d.id == "finance":
        found.add("finance")
    return found


def _fits(d: Dept, category: ArchiveCategory) -> list[dict[str, Any]]:
    mine = groups(d)
    return [t for t in TEXTS[category] if mine & set(t["for"])]


# --------------------------------------------------------------------------- figures

Figures = Callable[[random.Random, Dept, int], dict[str, Any]]


def _budget(rng: random.Random, d: Dept) -> int:
    """A believable yearly budget, 万元, by kind of body."""
    low, high = {
        DepartmentKind.district_department: (2500, 28000),
        DepartmentKind.public_institution: (600, 4800),
        DepartmentKind.subdistrict_office: (8000, 19000),
        DepartmentKind.grassroots_autonomy: (60, 300),
    }[d.kind]
    return rng.randrange(low, high, 10)


def _share(rng: random.Random, whole: int, low: float, high: float) -> int:
    return int(whole * rng.uniform(low, high))


def _district_debt(rng: random.Random) -> dict[str, Any]:
    """The district's government debt (held by the 财政局): about 1.2–1.6 million 万元."""
    debt = rng.randrange(1_200_000, 1_600_000, 100)
    return {"debt_wan": debt, "repaid_wan": _share(rng, debt, 0.06, 0.09), "overdue_wan": 0}


def _budget_figures(rng: random.Random, d: Dept, with_debt: bool) -> dict[str, Any]:
    """A year's budget and its execution (93–99 %); with_debt: and no debt at all."""
    budget = _budget(rng, d)
    spent = _share(rng, budget, 0.93, 0.99)
    debt = {"debt_wan": 0, "overdue_wan": 0} if with_debt else {}
    return {**debt, "budget_wan": budget, "spent_wan": spent}


def _targets(rng: random.Random, d: Dept, short: bool) -> dict[str, Any]:
    targets = rng.randint(5, 10) if d.kind == DepartmentKind.grassroots_autonomy else rng.randint(8, 20)
    return {"targets": targets, "targets_met": targets - (rng.randint(1, 2) if short else 0)}


def _payables(rng: random.Random, d: Dept, year: int) -> dict[str, Any]:
    debt = rng.randrange(60, 900)
    repaid = _share(rng, debt, 0.4, 0.8)
    return {"debt_wan": debt, "repaid_wan": repaid, "overdue_wan": max(1, _share(rng, debt - repaid, 0.5, 1.0))}


def _collective(rng: random.Random, overdue: bool) -> dict[str, Any]:
    debt = rng.randrange(80, 300) if overdue else rng.randrange(20, 180)
    repaid = rng.randrange(5, 30)
    return {
        "debt_wan": debt,
        "repaid_wan": repaid,
        "overdue_wan": _share(rng, debt, 0.2, 0.6) if overdue else 0,
    }


def _case_no(rng: random.Random, year: int, court: str) -> str:
    return f"（{year}）示0199{court}{rng.randrange(20, 900)}号"


def _findings(rng: random.Random, open_: bool) -> dict[str, Any]:
    if open_:
        found = rng.randint(4, 12)
        return {"findings": found, "rectified": found - rng.randint(1, 3)}
    found = rng.randint(1, 6)
    return {"findings": found, "rectified": found}


FIGURES: dict[str, Figures] = {
    "targets_met": lambda rng, d, y: _targets(rng, d, short=False),
    "targets_short": lambda rng, d, y: _targets(rng, d, short=True),
    "district_debt": lambda rng, d, y: _district_debt(rng),
    "budget_ok": lambda rng, d, y: _budget_figures(rng, d, with_debt=False),
    "budget_ok_no_debt": lambda rng, d, y: _budget_figures(rng, d, with_debt=True),
    "payables_overdue": lambda rng, d, y: _payables(rng, d, y),
    "collective_debt_ok": lambda rng, d, y: _collective(rng, overdue=False),
    "collective_debt_overdue": lambda rng, d, y: _collective(rng, overdue=True),
    "findings_all_fixed": lambda rng, d, y: _findings(rng, open_=False),
    "findings_open": lambda rng, d, y: _findings(rng, open_=True),
    "judgment_lost_performed": lambda rng, d, y: {"case_no": _case_no(rng, y, "行初"), "performed": True},
    "judgment_won": lambda rng, d, y: {"case_no": _case_no(rng, y, "行初")},
    "civil_settled": lambda rng, d, y: {"case_no": _case_no(rng, y, "民初"), "performed": True},
    "reconsideration_revoked": lambda rng, d, y: {
        "case_no": f"示政复决字〔{y}〕{rng.randrange(3, 160)}号",
        "performed": True,
    },
    "reconsideration_upheld": lambda rng, d, y: {"case_no": f"示政复决字〔{y}〕{rng.randrange(3, 160)}号"},
}


# --------------------------------------------------------------------------- entries


def _when(rng: random.Random, text: dict[str, Any]) -> tuple[int, date]:
    """(year concerned, date of the entry) for a text."""
    if text["when"] == "annual":
        year = rng.choice(ANNUAL_YEARS)
        return year, date(year + 1, 1, 10) + timedelta(days=rng.randrange(100))
    on = FIRST + timedelta(days=rng.randrange((LAST_DAY - FIRST).days))
    return on.year, on


#: A committee's texts say 村（居）; a villagers' committee reads 村, a residents' 社区 / 居民.
_VILLAGE = (("居民公约（村规民约）", "村规民约"), ("居民（村民）", "村民"), ("社区（村）", "村"),
            ("村（居）委员会", "村民委员会"), ("村（居）级", "村级"), ("村（居）民", "村民"),
            ("村（居）", "村"))  # fmt: skip
_RESIDENTS = (("居民公约（村规民约）", "居民公约"), ("居民（村民）", "居民"), ("社区（村）", "社区"),
              ("村（居）委员会", "居民委员会"), ("村（居）级", "社区"), ("村（居）民", "居民"),
              ("村（居）务", "居务"), ("村（居）", "社区"))  # fmt: skip


def local(text: str, d: Dept) -> str:
    """A committee's text in its own words: 村 for a villagers' committee, 社区 for residents'."""
    if d.kind != DepartmentKind.grassroots_autonomy:
        return text
    for old, new in _VILLAGE if d.name.endswith("村民委员会") else _RESIDENTS:
        text = text.replace(old, new)
    return text


def _pick(rng: random.Random, fits: list[dict[str, Any]]) -> dict[str, Any]:
    """A negative text with probability NEGATIVE_SHARE (when one fits), else another."""
    negative = [t for t in fits if t["outcome"] == "负面"]
    other = [t for t in fits if t["outcome"] != "负面"]
    if negative and (not other or rng.random() < NEGATIVE_SHARE):
        return rng.choice(negative)
    return rng.choice(other)


def _evidence(source: dict[str, str], on: date, n: int, case_no: str | None) -> dict[str, Any]:
    """The document cited: a court's or reviewer's decision by its case number, else by its mark."""
    if "mark" in source:
        return {"title": source["title"], "doc_no": f"示{source['mark']}〔{on.year}〕{n}号"}
    return {"title": source["title"], "doc_no": case_no} if case_no else {"title": source["title"]}


def _entry(rng: random.Random, d: Dept, category: ArchiveCategory, n: int) -> dict[str, Any]:
    text = _pick(rng, _fits(d, category))
    year, on = _when(rng, text)
    figures = FIGURES[text["figures"]](rng, d, on.year) if "figures" in text else {}
    words = {
        "dept": d.name.removeprefix("示例区"),
        "year": year,
        "plaintiff": rng.choice(PLAINTIFFS),
        **figures,
    }
    item: dict[str, Any] = {
        "department": d.id,
        "category": category.value,
        "on": on,
        "title": local(text["title"].format(**words), d) + "（演示数据）",
        "summary": local(text["summary"].format(**words), d),
        "outcome": text["outcome"],
        "evidence": [_evidence(text["source"], on, n, figures.get("case_no"))],
    }
    return item | figures


def _fixed(spec: dict[str, Any], n: int) -> dict[str, Any]:
    figures = {k: v for k, v in spec.items() if k in _FIGURE_KEYS}
    return {
        "department": spec["department"],
        "category": spec["category"],
        "on": spec["date"],
        "title": spec["title"] + "（演示数据）",
        "summary": spec["summary"],
        "outcome": spec["outcome"],
        "evidence": [_evidence(spec["source"], spec["date"], n, figures.get("case_no"))],
    } | figures


_FIGURE_KEYS = ("debt_wan", "repaid_wan", "overdue_wan", "budget_wan", "spent_wan", "findings",
                "rectified", "case_no", "performed", "targets", "targets_met")  # fmt: skip


def archive(rng: random.Random, at_least: int = 0) -> list[dict]:
    """One entry per body and fitting category (in directory and category order), then more
    for larger samples up to ``at_least``, bodies and categories taken in turn."""
    base = [(d, c) for d in DEPARTMENTS for c in ArchiveCategory if _fits(d, c)]
    extra = max(0, at_least - len(base))
    slots = base + [base[(i * 7) % len(base)] for i in range(extra)]
    out = []
    for n, (d, category) in enumerate(slots, start=1):
        spec = FIXED.get((d.id, category)) if n <= len(base) else None
        item = _fixed(spec, n) if spec else _entry(rng, d, category, n)
        out.append({"id": f"a{n:03d}", **item})
    return out
