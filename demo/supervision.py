"""The sample's social-supervision data (三(二)): 12345 hotline figures, NPC/CPPCC proposal
figures and the suggestions and proposals behind them, all 演示数据.

Complete years 2023–2025 come from the dataset's own generator, as they always have; the
current year, 2026, is partial — figures up to the sample's last day (``through``) — and
comes from a second generator, so adding it left the earlier years' figures unchanged.
Suggestion and proposal titles are in ``data/proposal_topics.yaml``.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from typing import Any

from generator.core.models import DepartmentKind, ProposalResult

from .datafiles import load
from .dates import LAST_DAY
from .departments import DEPARTMENTS

FULL_YEARS = (2023, 2024, 2025)
PARTIAL_YEAR = LAST_DAY.year
#: The share of the partial year the figures cover (1 January to LAST_DAY).
PARTIAL_SHARE = (LAST_DAY - date(PARTIAL_YEAR, 1, 1)).days / 365
KINDS = ("人大代表建议", "政协委员提案")
RESULTS = {"solved": ProposalResult.solved, "planned": ProposalResult.planned, "noted": ProposalResult.noted}
TOPICS: dict[str, list[list[str]]] = load("proposal_topics")
#: Years whose suggestions and proposals are listed one by one (earlier years: figures only).
ITEM_YEARS = (2025, PARTIAL_YEAR)

HOTLINE_SCALE = {
    DepartmentKind.district_department: (800, 5000),
    DepartmentKind.public_institution: (150, 1200),
    DepartmentKind.subdistrict_office: (3000, 9000),
    DepartmentKind.grassroots_autonomy: (80, 500),
}


def through() -> date:
    """The partial year's cut-off, a new object each time: YAML would write a shared one as an
    alias, which the portal's loader refuses."""
    return date.fromordinal(LAST_DAY.toordinal())


def _hotline_row(rng: random.Random, dept: Any, year: int, share: float = 1.0) -> dict[str, Any]:
    received = int(rng.randint(*HOTLINE_SCALE[dept.kind]) * share)
    responded = received - rng.randint(0, received // 12)
    resolved = received - rng.randint(0, received // 8)
    row = {
        "department": dept.id,
        "year": year,
        "received": received,
        "responded_on_time": responded,
        "resolved": resolved,
        "satisfaction": round(rng.uniform(82, 99.5), 1),
    }
    if share < 1:
        row["through"] = through()
    return row


def hotline(rng: random.Random, partial: random.Random) -> list[dict]:
    """Every body's 12345 figures for the complete years, then the partial year to LAST_DAY."""
    out = []
    for d in DEPARTMENTS:
        out += [_hotline_row(rng, d, year) for year in FULL_YEARS]
        out.append(_hotline_row(partial, d, PARTIAL_YEAR, PARTIAL_SHARE))
    return out


def _proposal_row(rng: random.Random, dept: Any, year: int, kind: str) -> dict[str, Any]:
    top = 25 if dept.kind == DepartmentKind.district_department else 4
    assigned = rng.randint(0, top)
    answered = assigned - (rng.randint(0, 2) if assigned > 2 else 0)
    satisfied = max(0, answered - rng.randint(0, 2))
    return {
        "department": dept.id,
        "year": year,
        "kind": kind,
        "assigned": assigned,
        "answered_on_time": answered,
        "satisfied": satisfied,
    }


def proposals(rng: random.Random, partial: random.Random) -> list[dict]:
    """Suggestions and proposals assigned per body, year and kind, handled on time, satisfied.

    The partial year's items were assigned at the spring sessions and are due by summer, so
    its figures are nearly complete by November; ``through`` still says where they stop.
    """
    out = []
    for d in DEPARTMENTS:
        out += [_proposal_row(rng, d, year, kind) for year in FULL_YEARS for kind in KINDS]
        for kind in KINDS:
            out.append(_proposal_row(partial, d, PARTIAL_YEAR, kind) | {"through": through()})
    return out


def _kind_of(title: str) -> str:
    """…的建议 is an NPC deputy's suggestion, …的提案 a CPPCC member's proposal."""
    return KINDS[0] if title.endswith("建议") else KINDS[1]


def proposal_items(rng: random.Random, figures: list[dict]) -> list[dict]:
    """Titled suggestions and proposals for ITEM_YEARS, never more per body, year and kind than
    its figures say were assigned. Most replies are public; a few are not (figures only), and
    two of the current year's, assigned in autumn between sessions, are still being handled."""
    assigned = {(f["department"], f["year"], f["kind"]): f["assigned"] for f in figures}
    numbers = {(year, kind): 0 for year in ITEM_YEARS for kind in KINDS}
    slots = []
    for d in DEPARTMENTS:
        topics = list(TOPICS.get(d.id, []))
        for year in ITEM_YEARS:
            used = {kind: 0 for kind in KINDS}
            for k in range(2):
                pick = next(
                    (t for t in topics if used[_kind_of(t[0])] < assigned.get((d.id, year, _kind_of(t[0])), 0)),
                    None,
                )
                if pick is None:
                    break
                topics.remove(pick)
                used[_kind_of(pick[0])] += 1
                slots.append((d, year, k, pick))
    out = []
    pending = 0
    for n, (d, year, k, (title, result, answer)) in enumerate(slots, start=1):
        kind = _kind_of(title)
        mark = "示人大建" if kind == KINDS[0] else "示政协提"
        # the second item of the first two bodies with two this year: assigned in autumn
        late = year == PARTIAL_YEAR and k == 1 and pending < 2
        start = date(year, 9, 20) if late else date(year, 2, 24)
        assigned_on = start + timedelta(days=rng.randrange(25))
        item: dict[str, Any] = {
            "id": f"pi{n:03d}",
            "department": d.id,
            "year": year,
            "kind": kind,
            "number": mark,  # numbered below, in the order of assignment
            "title": title + "（演示数据）",
            "assigned_on": assigned_on,
        }
        if late:
            pending += 1
        else:
            item["answered_on"] = assigned_on + timedelta(days=rng.randrange(40, 85))
            item["result"] = RESULTS[result].value
            item["answer"] = answer
        if rng.random() < 0.12:
            item["public"] = False
        out.append(item)
    _leave_room_for_pending(figures, out)
    # Register numbers grow with the date of assignment, a few numbers apart (other bodies').
    for item in sorted(out, key=lambda i: (i["year"], i["kind"], i["assigned_on"], i["id"])):
        key = (item["year"], item["kind"])
        numbers[key] += 1
        item["number"] = f"{item['number']}〔{item['year']}〕{numbers[key] * 3 + rng.randrange(3)}号"
    return out


def _leave_room_for_pending(figures: list[dict], items: list[dict]) -> None:
    """Items still being handled are not among those answered on time: each body's figures
    for the year and kind leave room for them."""
    pending = Counter((i["department"], i["year"], i["kind"]) for i in items if "answered_on" not in i)
    for f in figures:
        waiting = pending.get((f["department"], f["year"], f["kind"]), 0)
        if waiting:
            f["answered_on_time"] = min(f["answered_on_time"], f["assigned"] - waiting)
            f["satisfied"] = min(f["satisfied"], f["answered_on_time"])
