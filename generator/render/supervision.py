"""District-wide figures of social supervision (三(二)): the 12345 hotline and NPC/CPPCC proposals.

Yearly totals over every department, rates computed from the totals (never an average of
rates), each department's row, and whether a year is partial: a year not over on the
data date, or whose figures stop short of 31 December (``through``), is labelled
（部分年度，截至 …） wherever it is shown, so a journalist never compares ten months with twelve.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from markupsafe import Markup

from ..core.models import Department, HotlineFigures, ProposalFigures
from . import charts
from .filters import cndate

PROPOSAL_KINDS = ("人大代表建议", "政协委员提案")


def cut_off(year: int, through: date | None, as_of: date) -> date | None:
    """The last day a year's figures cover when the year is partial, else None.

    Partial: the figures say they stop before 31 December, or the year is not over on the data date.
    """
    if through is not None and through < date(year, 12, 31):
        return through
    if year >= as_of.year:
        return as_of
    return None


def year_label(year: int, cut: date | None) -> str:
    """2025年, or 2026年（部分年度，截至 2026年11月20日）."""
    return f"{year}年（部分年度，截至 {cndate(cut)}）" if cut else f"{year}年"


def short_label(year: int, cut: date | None) -> str:
    """For chart rows, where width is short: 2026年（部分年度）; the title says up to when."""
    return f"{year}年（部分年度）" if cut else f"{year}年"


def ratio(part: float, whole: float) -> float | None:
    """part / whole, None when there is nothing to divide."""
    return part / whole if whole else None


@dataclass
class HotlineYear:
    """The district's 12345 figures for one year, and every department's row."""

    year: int
    cut: date | None
    rows: list[tuple[Department, HotlineFigures]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return year_label(self.year, self.cut)

    @property
    def received(self) -> int:
        return sum(h.received for _, h in self.rows)

    @property
    def responded_on_time(self) -> int:
        return sum(h.responded_on_time for _, h in self.rows)

    @property
    def resolved(self) -> int:
        return sum(h.resolved for _, h in self.rows)

    @property
    def response_rate(self) -> float | None:
        return ratio(self.responded_on_time, self.received)

    @property
    def resolution_rate(self) -> float | None:
        return ratio(self.resolved, self.received)

    @property
    def satisfaction(self) -> float | None:
        """Satisfaction weighted by tickets received (a busy street office counts for more)."""
        weighted = sum(h.satisfaction * h.received for _, h in self.rows)
        return ratio(weighted, self.received)


def hotline_years(
    figures: list[HotlineFigures], departments: list[Department], as_of: date
) -> list[HotlineYear]:
    """Per year (newest first, none after the data date), totals and rows in the official order."""
    order = {d.id: n for n, d in enumerate(departments)}
    by_id = {d.id: d for d in departments}
    grouped: dict[int, list[HotlineFigures]] = defaultdict(list)
    for h in figures:
        if h.year <= as_of.year:
            grouped[h.year].append(h)
    out = []
    for year in sorted(grouped, reverse=True):
        rows = sorted(grouped[year], key=lambda h: order[h.department])
        through = max((h.through for h in rows if h.through), default=None)
        out.append(
            HotlineYear(year, cut_off(year, through, as_of), [(by_id[h.department], h) for h in rows])
        )
    return out


@dataclass
class ProposalTotals:
    """Assigned, answered on time and satisfied, over some rows."""

    assigned: int = 0
    answered_on_time: int = 0
    satisfied: int = 0

    def add(self, p: ProposalFigures) -> None:
        self.assigned += p.assigned
        self.answered_on_time += p.answered_on_time
        self.satisfied += p.satisfied

    @property
    def on_time_rate(self) -> float | None:
        return ratio(self.answered_on_time, self.assigned)

    @property
    def satisfaction_rate(self) -> float | None:
        return ratio(self.satisfied, self.assigned)


@dataclass
class ProposalYear:
    """The district's suggestion and proposal handling for one year: per kind, per department."""

    year: int
    cut: date | None
    kinds: dict[str, ProposalTotals] = field(default_factory=dict)
    """Totals per kind (人大代表建议, 政协委员提案), both always present."""
    rows: list[tuple[Department, dict[str, ProposalTotals]]] = field(default_factory=list)
    """Each department with figures that year, per kind, in the official order."""

    @property
    def label(self) -> str:
        return year_label(self.year, self.cut)

    @property
    def total(self) -> ProposalTotals:
        out = ProposalTotals()
        for t in self.kinds.values():
            out.assigned += t.assigned
            out.answered_on_time += t.answered_on_time
            out.satisfied += t.satisfied
        return out


def proposal_years(
    figures: list[ProposalFigures], departments: list[Department], as_of: date
) -> list[ProposalYear]:
    """Per year (newest first, none after the data date), totals per kind and per department."""
    by_year: dict[int, list[ProposalFigures]] = defaultdict(list)
    for p in figures:
        if p.year <= as_of.year:
            by_year[p.year].append(p)
    out = []
    for year in sorted(by_year, reverse=True):
        rows = by_year[year]
        through = max((p.through for p in rows if p.through), default=None)
        py = ProposalYear(year, cut_off(year, through, as_of))
        py.kinds = {k: ProposalTotals() for k in PROPOSAL_KINDS}
        per_dept: dict[str, dict[str, ProposalTotals]] = defaultdict(dict)
        for p in rows:
            py.kinds[p.kind].add(p)
            per_dept[p.department].setdefault(p.kind, ProposalTotals()).add(p)
        py.rows = [(d, per_dept[d.id]) for d in departments if d.id in per_dept]
        out.append(py)
    return out


def _pct(value: float | None) -> float:
    return round((value or 0) * 100, 1)


def hotline_charts(years: list[HotlineYear]) -> list[Markup]:
    """Tickets per year (bars) and the three rates over the years (lines); partial years named."""
    oldest_first = list(reversed(years))
    volume = charts.bar_chart(
        [(short_label(y.year, y.cut), y.received) for y in oldest_first],
        title="全区 12345 热线工单受理量（按年）" + partial_note(years),
        unit="件",
    )
    rates = charts.line_chart(
        {
            "按时响应率": [(str(y.year), _pct(y.response_rate)) for y in oldest_first],
            "办结率": [(str(y.year), _pct(y.resolution_rate)) for y in oldest_first],
            "满意率": [(str(y.year), round(y.satisfaction or 0, 1)) for y in oldest_first],
        },
        title="全区 12345 热线按时响应率、办结率、满意率" + partial_note(years),
        unit="%",
        max_value=100,
    )
    return [volume, rates]


def proposal_charts(years: list[ProposalYear]) -> list[Markup]:
    """Items assigned per year and kind (bars), on-time and satisfaction rates (lines)."""
    oldest_first = list(reversed(years))
    assigned = charts.bar_chart(
        [
            (f"{short_label(y.year, y.cut)}{k}", y.kinds[k].assigned)
            for y in oldest_first
            for k in PROPOSAL_KINDS
        ],
        title="全区交办的人大代表建议、政协委员提案（按年）" + partial_note(years),
        unit="件",
    )
    series: dict[str, list[tuple[str, float]]] = {}
    for k in PROPOSAL_KINDS:
        short = "建议" if k == PROPOSAL_KINDS[0] else "提案"
        series[f"{short}按期答复率"] = [
            (str(y.year), _pct(y.kinds[k].on_time_rate)) for y in oldest_first
        ]
        series[f"{short}满意率"] = [
            (str(y.year), _pct(y.kinds[k].satisfaction_rate)) for y in oldest_first
        ]
    rates = charts.line_chart(
        series,
        title="全区建议提案按期答复率、满意率" + partial_note(years),
        unit="%",
        max_value=100,
    )
    return [assigned, rates]


def partial_note(years: list[Any]) -> str:
    """（2026 年为部分年度，截至 …）for a chart title, when the newest year is partial."""
    partial = [y for y in years if y.cut]
    if not partial:
        return ""
    y = partial[0]
    return f"（{y.year} 年为部分年度，截至 {cndate(y.cut)}）"
