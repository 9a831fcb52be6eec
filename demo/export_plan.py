"""Which CSV export files the sample has, and how many rows each holds.

Departments export per kind of record (行政处罚, 行政许可, other acts) and per decision
year; small volumes go out as one batch file covering several years. ``plan_groups``
splits the requested number of records over departments and years by their weights,
and adds the fixed decisions every sample must contain (``fixed_penalties``).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from .dates import LAST_DAY, YEARS
from .departments import DEPARTMENTS, DEPT_BY_ID, Dept


@dataclass
class Group:
    """One export file: a department's records of one kind, for one year or (small volumes) a batch of years."""

    dataset: str
    dept: Dept
    counts: dict[int, int]
    """Rows per decision year."""
    extra: list[dict] = field(default_factory=list)

    @property
    def filename(self) -> str:
        first, last = min(self.counts), max(self.counts)
        return (
            f"{self.dept.id}-{first}.csv" if first == last else f"{self.dept.id}-{first}-{last}.csv"
        )


#: Below this many rows a year, a department exports all its years in one batch file.
ROWS_PER_YEAR_FILE = 40
#: Every body deciding other acts has at least one decided in one of these years, so that
#: each one's acts (强制、确认、征收、给付) are still public in any sample.
RECENT_YEARS = (2024, 2025, 2026)


def allocate(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Split ``total`` over ``weights`` exactly (largest remainder)."""
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w / whole for w in weights]
    counts = [int(s) for s in shares]
    order = sorted(range(len(weights)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def year_weight(year: int) -> float:
    """Later years have more online records; 2026 ends on 20 November."""
    return {2022: 0.7, 2023: 0.85, 2024: 1.0, 2025: 1.1}.get(
        year, 1.0 * (LAST_DAY.timetuple().tm_yday / 365)
    )


def plan_groups(rng: random.Random, records: int) -> list[Group]:
    """Files to write and how many rows each holds; penalties ≈ 40 %, licences ≈ 60 %, acts ≈ 3 % extra
    (at least one recent act per body that decides them, and a few more)."""
    fixed = fixed_penalties()
    n_pen = max(0, round(records * 0.4) - len(fixed))
    n_lic = max(0, records - n_pen - len(fixed))
    act_bodies = [d for d in DEPARTMENTS if d.act_kinds]
    n_act = max(len(act_bodies) + 4, records * 3 // 100)
    groups: list[Group] = []
    for dataset, total, attr in (
        ("penalties", n_pen, "penalty_fields"),
        ("licenses", n_lic, "licence_kinds"),
        ("other-acts", n_act, "act_kinds"),
    ):
        cells = [(d, y) for d in DEPARTMENTS if getattr(d, attr) for y in YEARS]
        weights = [d.weight * year_weight(y) * rng.uniform(0.7, 1.3) for d, y in cells]
        floor = [(d, rng.choice(RECENT_YEARS)) for d in act_bodies] if attr == "act_kinds" else []
        per_dept: dict[str, dict[int, int]] = {}
        for (d, y), n in zip(cells, allocate(rng, total - len(floor), weights), strict=True):
            per_dept.setdefault(d.id, {})[y] = n
        for d, y in floor:
            per_dept[d.id][y] += 1
        for dept_id, counts in per_dept.items():
            dept = DEPT_BY_ID[dept_id]
            extra = fixed if (dataset, dept_id) == ("penalties", "market") else []
            for y in {f["decided"].year for f in extra}:
                counts[y] = counts.get(y, 0)
            years = [
                y for y in YEARS if counts.get(y) or any(f["decided"].year == y for f in extra)
            ]
            if not years:
                continue
            if sum(counts.values()) < ROWS_PER_YEAR_FILE * len(YEARS):
                groups.append(Group(dataset, dept, {y: counts[y] for y in years}, extra))
            else:
                for y in years:
                    groups.append(
                        Group(
                            dataset,
                            dept,
                            {y: counts[y]},
                            [f for f in extra if f["decided"].year == y],
                        )
                    )
    return groups


def fixed_penalties() -> list[dict]:
    """Two decisions of 2025-09-29 around the National Day holiday: published on the
    7th working day (2025-10-15, on time) and on the 8th (2025-10-16, late)."""
    decided = date(2025, 9, 29)
    return [
        {
            "subject": "示例区嘉和食品有限公司",
            "code": "52013145",
            "rep": "周海燕",
            "decided": decided,
            "published": date(2025, 10, 15),
            "facts_note": "节前决定，节后第7个工作日公示（按期）",
        },
        {
            "subject": "示例区润鑫商贸有限公司",
            "code": "52013146",
            "rep": "吴立新",
            "decided": decided,
            "published": date(2025, 10, 16),
            "facts_note": "节前决定，节后第8个工作日公示（逾期）",
        },
    ]
