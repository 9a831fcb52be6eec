"""Integrity evaluation scores (三(一)(二)): yearly points per department, ranks, evidence.

This module turns the configuration (:mod:`.config`) and a derived
:class:`~generator.core.derive.Portal` into yearly scores per department, ranks within
each :class:`~generator.core.models.DepartmentKind`, and for every indicator the records
that produced its points, so each figure can be traced.

Each indicator reads one data source in a single pass over that source's records, so the
cost is linear in records. Withdrawn records count in yearly statistics where the
configuration says so, but only as numbers: nothing of their contents is returned.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..core.derive import PUBLISHED_FROM_EXPORT, Portal, compensation_state, sanction_view
from ..core.kinds import RECORD_KINDS
from ..core.models import (
    ArchiveCategory,
    CaseKind,
    DepartmentKind,
    PromiseRating,
    SanctionKind,
    department_order,
)
from ..core.states import Compensation, SanctionState, Status
from ..render.urls import archive_entry_url, case_url, listing_url, promise_url, record_url
from .config import EvaluationConfig, Indicator, Source, fmt


def anchor(*parts: object) -> str:
    """A stable HTML id from parts (department, year, indicator …)."""
    return "eval-" + "-".join(re.sub(r"[^a-z0-9-]", "-", str(p).lower()) for p in parts)


# --------------------------------------------------------------------------- measurement


@dataclass
class Item:
    """One record behind an indicator: a link where the record is public, else a count only."""

    label: str
    note: str
    url: str | None = None
    credit: float | None = None
    """Contribution to the ratio (1 met, 0 missed, between for partial credit); None when not scored."""
    external: bool = False
    """True when ``url`` is an address on another site (a third-party report), not a site path."""


@dataclass
class Measure:
    """What one source found for one department and year."""

    numerator: float = 0.0
    denominator: float = 0.0
    count: int = 0
    """Items for a deduction rule."""
    items: list[Item] = field(default_factory=list)
    """Records listed (up to the configured limit)."""
    links: list[tuple[str, str]] = field(default_factory=list)
    """Pages listing all records counted, e.g. a department's 双公示 listing of the year."""
    withdrawn: int = 0
    """Records counted that are withdrawn from publication: numbers only, never listed."""
    overflow: int = 0
    """Records that would be listed but exceed the limit (the links above list them all)."""
    excluded: dict[str, int] = field(default_factory=dict)
    """Records left out of the measure, per reason."""

    def add(self, item: Item, limit: int) -> None:
        if len(self.items) < limit:
            self.items.append(item)
        else:
            self.overflow += 1

    def exclude(self, reason: str) -> None:
        self.excluded[reason] = self.excluded.get(reason, 0) + 1

    @property
    def empty(self) -> bool:
        return self.denominator == 0 and self.count == 0


@dataclass
class Row:
    """One indicator in a department's breakdown for one year."""

    indicator: Indicator
    measure: Measure
    points: float | None
    """Points earned; None when the indicator is excluded for the year."""
    anchor: str

    @property
    def ratio(self) -> float | None:
        m = self.measure
        return m.numerator / m.denominator if m.denominator else None


@dataclass
class YearScore:
    """A department's evaluation for one year."""

    department_id: str
    year: int
    rows: list[Row]
    score: float | None
    rank: int | None = None
    rank_of: int = 0
    change: float | None = None
    """Score minus the previous configured year's score."""
    third_party: list[Any] = field(default_factory=list)
    """ThirdPartyResult records for the year, shown beside the score."""
    partial: bool = False
    """True for the year of the data date: the year is not over."""

    @property
    def anchor(self) -> str:
        return anchor(self.department_id, self.year)


@dataclass
class Evaluation:
    """Scores of every department for every evaluated year, with the configuration behind them."""

    config: EvaluationConfig
    as_of: date
    years: list[int]
    scores: dict[str, dict[int, YearScore]]
    """department id → year → score."""

    @property
    def partial_year(self) -> int | None:
        """The evaluated year that is not over on the data date (a partial score), if any."""
        return self.as_of.year if self.as_of.year in self.years else None

    def ranking(
        self, year: int, kind: DepartmentKind, departments: Iterable
    ) -> list[tuple[Any, YearScore]]:
        """Departments of one kind with their scores for a year, best first, unscored last."""
        rows = [
            (d, self.scores[d.id][year])
            for d in departments
            if d.kind == kind and year in self.scores[d.id]
        ]
        # ties and unscored bodies in the official order (部门排序)
        return sorted(
            rows, key=lambda r: (r[1].rank is None, r[1].rank or 0, department_order(r[0]))
        )


def _year_of(day: date | None) -> int | None:
    return day.year if day else None


def measure_publication(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """双公示 on time: one pass over every act record, withdrawn ones counted only."""
    kinds = set(ind.kinds or RECORD_KINDS)
    out: dict[tuple, Measure] = defaultdict(Measure)
    listed_periods: set[tuple] = set()
    for r in portal.all_records:
        year = r.record.decided_on.year
        if r.kind not in kinds or year not in years or r.department is None:
            continue
        m = out[(r.department.id, year)]
        if r.uncounted:
            m.exclude(r.uncounted)
            continue
        on_time = bool(r.on_time)  # derive counts a record with no known date as late
        m.denominator += 1
        m.numerator += 1 if on_time else 0
        if r.status.public and (r.department.id, r.kind, year) not in listed_periods:
            listed_periods.add((r.department.id, r.kind, year))
            m.links.append(
                (
                    f"{year} 年{RECORD_KINDS[r.kind].label}公示清单",
                    listing_url(r.department.id, r.kind, year),
                )
            )
        if not r.status.public:
            m.withdrawn += 1
            continue
        if on_time:
            continue  # met: the listing shows it; misses are listed one by one
        note = (
            "公示日期未知，按逾期计"
            if r.published_on is None
            else f"应于 {r.publish_deadline:%Y/%m/%d} 前公示，实际 {r.published_on:%Y/%m/%d}"
            + (f"（{r.published_from}）" if r.published_from != PUBLISHED_FROM_EXPORT else "")
        )
        m.add(Item(f"{r.label} {r.record.decision_no}", note, record_url(r), 0.0), limit)
    for m in out.values():
        m.links.sort(key=lambda link: link[1])
        m.items.sort(key=lambda i: i.label)
    return out


def measure_promises(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """Promises due in the year, credited by their current rating."""
    credit = dict(ind.credit_table)
    out: dict[tuple, Measure] = defaultdict(Measure)
    for view in portal.promises:
        p = view.promise
        year = _year_of(p.due_on)
        if year not in years:
            continue
        m = out[(view.department.id, year)]
        if p.due_on > portal.as_of:
            m.exclude("尚未到期")
            continue
        value, why = promise_credit(view, credit, portal.as_of, ind.late_credit_value)
        m.denominator += 1
        m.numerator += value
        note = f"兑现期限 {p.due_on:%Y/%m/%d}，现评级：{view.rating}{why}，折算 {fmt(value)}"
        m.add(Item(view.display_title, note, promise_url(p.id), value), limit)
    return out


def promise_credit(
    view: Any, credit: dict[PromiseRating, float], as_of: date, late: float | None = None
) -> tuple[float, str]:
    """Credit a promise earns as of a date, and what about it decided the credit (or "").

    A promise found kept only after its deadline earns ``late`` (逾期兑现; the indicator's
    ``late_credit``), not full credit. 五(三): a promise changed by lawful procedure counts as
    such only once the compensation is paid (``compensation_state``, the rule the promise pages
    show); until then it earns nothing, as a promise not kept.
    """
    if view.kept_late and late is not None:
        return late, f"（逾期兑现：{view.kept_on:%Y/%m/%d} 确认兑现，晚于兑现期限，按逾期兑现折算）"
    value = credit.get(view.rating, 0.0)
    change = view.promise.lawful_change
    if view.rating != PromiseRating.lawfully_changed or change is None:
        return value, ""
    state = compensation_state(change, as_of)
    if state == Compensation.not_due:
        return value, "（无须补偿）"
    amount = f"补偿 {fmt(change.compensation_wan)} 万元"
    if state == Compensation.unpaid:
        return 0.0, f"，但{amount}尚未支付，补偿支付前不按依法变更计分"
    return value, f"（{amount}已于 {change.compensation_paid_on:%Y/%m/%d} 支付）"


def measure_objections(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """Objections filed in the year and whether they were answered within the deadline."""
    targets = _public_targets(portal)
    out: dict[tuple, Measure] = defaultdict(Measure)
    for view in portal.objections:
        o = view.objection
        if o.filed_on.year not in years:
            continue
        m = out[(view.department.id, o.filed_on.year)]
        if view.on_time is None:
            m.exclude("尚在答复期限内")
            continue
        m.denominator += 1
        m.numerator += 1 if view.on_time else 0
        note = f"{o.filed_on:%Y/%m/%d} 受理，答复期限 {view.deadline:%Y/%m/%d}：{view.state}"
        url, words = targets.get(o.target) or (None, _target_kind(o.target) + "（目前不在公示中）")
        m.add(Item(f"对{words}的异议", note, url, 1.0 if view.on_time else 0.0), limit)
    return out


def _public_targets(portal: Portal) -> dict[str, tuple[str, str]]:
    """Objection target → (permalink, the target in words), for targets that are public;
    withdrawn ones have neither, so nothing of them is shown."""
    targets = {
        f"{r.kind}:{r.record.decision_no}": (record_url(r), f"{r.label} {r.record.decision_no}")
        for r in portal.records
    }
    targets.update({f"case:{c.case.id}": (case_url(c.case.id), c.case.title) for c in portal.cases})
    return targets


def _target_kind(target: str) -> str:
    """What kind of record an objection target is, in words (never its id)."""
    kind = target.split(":", 1)[0]
    if kind in RECORD_KINDS:
        return RECORD_KINDS[kind].label
    return {"case": "政务失信案例", "civil": "公务员失信记录"}.get(kind, "记录")


_HOTLINE = {
    Source.hotline_response: ("responded_on_time", "按时响应"),
    Source.hotline_resolution: ("resolved", "办结"),
}


def measure_hotline(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """12345 figures: a ratio of summed counts, satisfaction weighted by tickets received."""
    out: dict[tuple, Measure] = defaultdict(Measure)
    for f in portal.hotline:
        if f.year not in years:
            continue
        m = out[(f.department, f.year)]
        m.denominator += f.received
        if ind.source == Source.hotline_satisfaction:
            m.numerator += f.satisfaction / 100 * f.received
            note = f"受理 {f.received} 件，满意率 {fmt(f.satisfaction)}%"
        else:
            attr, word = _HOTLINE[ind.source]
            m.numerator += getattr(f, attr)
            note = f"受理 {f.received} 件，{word} {getattr(f, attr)} 件"
        m.add(Item(f"12345 热线 {f.year} 年{_through(f)}", note), limit)
    return out


def _through(figures: Any) -> str:
    """（截至 …） after a partial year's label: yearly figures of a year not over say where they stop."""
    return f"（截至 {figures.through:%Y/%m/%d}）" if figures.through else ""


def measure_proposals(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """人大代表建议 / 政协委员提案 figures."""
    attr, word = (
        ("answered_on_time", "按期答复")
        if ind.source == Source.proposals_on_time
        else ("satisfied", "满意")
    )
    out: dict[tuple, Measure] = defaultdict(Measure)
    for f in portal.proposals:
        if f.year not in years or (ind.kinds is not None and f.kind not in ind.kinds):
            continue
        m = out[(f.department, f.year)]
        m.denominator += f.assigned
        m.numerator += getattr(f, attr)
        m.add(
            Item(
                f"{f.kind} {f.year} 年{_through(f)}",
                f"交办 {f.assigned} 件，{word} {getattr(f, attr)} 件",
            ),
            limit,
        )
    return out


def counted_cases(portal: Portal) -> list[tuple[Any, Any, bool]]:
    """Dishonesty cases that count in evaluations: (case, department, public).

    Public cases link to their pages; cases past their publicity period still count,
    as numbers only; revoked and credit-repaired cases no longer count.
    """
    return [
        (c.case, c.department, c.status.public)
        for c in portal.all_cases
        if c.case.kind == CaseKind.dishonesty and (c.status.public or c.status == Status.expired)
    ]


def measure_dishonesty(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """Dishonesty cases exposed in the year, each deducting points."""
    out: dict[tuple, Measure] = defaultdict(Measure)
    for case, dept, public in counted_cases(portal):
        if case.exposed_on.year not in years:
            continue
        m = out[(dept.id, case.exposed_on.year)]
        m.count += 1
        if not public:
            m.withdrawn += 1
            continue
        note = f"{case.exposed_on:%Y/%m/%d} 曝光，扣 {fmt(ind.per_item or 0)} 分"
        m.add(Item(case.title, note, case_url(case.id)), limit)
    return out


_DEADLINE_KINDS = (SanctionKind.written_explanation, SanctionKind.rectification)


def measure_rectification(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """Explanations and rectifications due in the year: done by the deadline or not."""
    out: dict[tuple, Measure] = defaultdict(Measure)
    for case, dept, public in counted_cases(portal):
        for s in case.sanctions:
            if s.kind not in _DEADLINE_KINDS:
                continue
            view = sanction_view(s, portal.rules, portal.calendar, portal.as_of)
            if view.deadline is None or view.deadline.year not in years:
                continue
            m = out[(dept.id, view.deadline.year)]
            if view.state in (SanctionState.in_progress, SanctionState.waived):
                waived = view.state == SanctionState.waived
                m.exclude("依从宽处理免除" if waived else "尚在整改期限内")
                continue
            met = view.state == SanctionState.done
            m.denominator += 1
            m.numerator += 1 if met else 0
            m.count += 0 if met else 1
            if not public:
                m.withdrawn += 1
                continue
            note = f"{s.kind}，期限 {view.deadline:%Y/%m/%d}：{view.state}"
            m.add(Item(case.title, note, case_url(case.id), 1.0 if met else 0.0), limit)
    return out


def measure_third_party(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """Third-party scores (out of 100), averaged; results with only a grade are not scored."""
    out: dict[tuple, Measure] = defaultdict(Measure)
    for r in portal.third_party:
        if r.year not in years:
            continue
        m = out[(r.department, r.year)]
        if r.score is None:
            m.exclude("仅有等级，无分数")
            continue
        m.denominator += 1
        m.numerator += r.score / 100
        url = r.report.url
        internal = url is not None and url.startswith("/")
        label = f"{r.evaluator} {r.year} 年评价"
        item = Item(
            label, f"{fmt(r.score)} 分", url.lstrip("/") if internal else url, r.score / 100
        )
        item.external = url is not None and not internal
        m.add(item, limit)
    return out


def measure_archive(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """Negative entries of the integrity archive (二(二)) dated in the year, each deducting points."""
    out: dict[tuple, Measure] = defaultdict(Measure)
    for e in sorted(portal.archive, key=lambda e: (e.on, e.id)):
        if not archive_entry_counts(e, ind, years, portal.as_of):
            continue
        m = out[(e.department, e.on.year)]
        m.count += 1
        note = (
            f"{e.category}，{e.on:%Y/%m/%d} 记入诚信档案，结论负面，扣 {fmt(ind.per_item or 0)} 分"
        )
        m.add(Item(e.title, note, archive_entry_url(e.department, e.id)), limit)
    return out


def archive_entry_counts(e: Any, ind: Indicator, years: set[int], as_of: date) -> bool:
    """An archive entry deducts under ``ind``: negative, of a counted category, dated in an
    evaluated year and by the data date. The one rule for scores and the department page."""
    categories = set(ind.categories or ArchiveCategory)
    return (
        e.outcome == "负面" and e.category in categories and e.on <= as_of and e.on.year in years
    )


@dataclass
class ArchiveDeduction:
    """How one negative archive entry counts in the evaluation, for its department page."""

    indicator: str
    year: int
    points: str
    """Points deducted per entry, as shown (e.g. 2.5)."""
    cap: str
    """The indicator's weight: the most it can deduct in a year."""
    anchor: str
    """The evaluation evidence block that lists the entry."""


def archive_deductions(ev: Evaluation, archive: Iterable[Any]) -> dict[str, list[ArchiveDeduction]]:
    """Per archive entry id, every indicator it deducts under (usually one)."""
    out: dict[str, list[ArchiveDeduction]] = defaultdict(list)
    wanted = set(ev.years)
    for ind in ev.config.indicators:
        if ind.source != Source.archive_negative:
            continue
        for e in archive:
            if archive_entry_counts(e, ind, wanted, ev.as_of):
                out[e.id].append(
                    ArchiveDeduction(
                        ind.name,
                        e.on.year,
                        fmt(ind.per_item or 0),
                        fmt(ind.weight),
                        anchor(e.department, e.on.year, ind.id),
                    )
                )
    return dict(out)


MEASURES = {
    Source.publication: measure_publication,
    Source.promises: measure_promises,
    Source.objections: measure_objections,
    Source.hotline_response: measure_hotline,
    Source.hotline_resolution: measure_hotline,
    Source.hotline_satisfaction: measure_hotline,
    Source.proposals_on_time: measure_proposals,
    Source.proposals_satisfaction: measure_proposals,
    Source.dishonesty: measure_dishonesty,
    Source.rectification: measure_rectification,
    Source.archive_negative: measure_archive,
    Source.third_party: measure_third_party,
}


# --------------------------------------------------------------------------- scoring


def points(ind: Indicator, m: Measure) -> float | None:
    """Points an indicator earns from its measure; None when excluded for the year."""
    if ind.rule == "deduction":
        return max(0.0, ind.weight - (ind.per_item or 0) * m.count)
    if m.denominator == 0:
        return {"exclude": None, "full": ind.weight, "zero": 0.0}[ind.when_empty]
    return ind.weight * m.numerator / m.denominator


def total_score(rows: list[Row], total: float) -> float | None:
    """Sum of points, rescaled to ``total`` over the indicators not excluded."""
    applicable = sum(r.indicator.weight for r in rows if r.points is not None)
    if applicable == 0:
        return None
    return sum(r.points for r in rows if r.points is not None) * total / applicable


def evaluated_years(config: EvaluationConfig, as_of: date) -> list[int]:
    """Configured years that have begun by the data date."""
    return [y for y in config.years if y <= as_of.year]


def evaluate(portal: Portal, config: EvaluationConfig) -> Evaluation:
    """Scores, ranks within kinds and year-on-year changes for every department and year."""
    years = evaluated_years(config, portal.as_of)
    wanted = set(years)
    measures = [
        MEASURES[ind.source](portal, ind, wanted, config.list_limit) for ind in config.indicators
    ]
    third = defaultdict(list)
    for r in portal.third_party:
        third[(r.department, r.year)].append(r)
    scores: dict[str, dict[int, YearScore]] = {}
    for dept in portal.departments:
        scores[dept.id] = {}
        for year in years:
            rows = []
            for ind, by_key in zip(config.indicators, measures, strict=True):
                m = by_key.get((dept.id, year)) or Measure()
                rows.append(Row(ind, m, points(ind, m), anchor(dept.id, year, ind.id)))
            ys = YearScore(
                dept.id,
                year,
                rows,
                total_score(rows, config.total),
                third_party=third[(dept.id, year)],
            )
            ys.partial = year == portal.as_of.year
            scores[dept.id][year] = ys
    _rank(scores, portal.departments, years)
    _changes(scores, years)
    return Evaluation(config, portal.as_of, years, scores)


def _rank(scores: dict[str, dict[int, YearScore]], departments: list, years: list[int]) -> None:
    """Competition ranking (1, 2, 2, 4) within each kind; scores compared at display precision."""
    for year in years:
        for kind in DepartmentKind:
            scored = [
                scores[d.id][year]
                for d in departments
                if d.kind == kind and scores[d.id][year].score is not None
            ]
            scored.sort(key=lambda s: -round(s.score, 2))
            for s in scored:
                s.rank = 1 + sum(1 for o in scored if round(o.score, 2) > round(s.score, 2))
                s.rank_of = len(scored)


def _changes(scores: dict[str, dict[int, YearScore]], years: list[int]) -> None:
    for by_year in scores.values():
        for prev, year in zip(years, years[1:], strict=False):
            a, b = by_year[prev].score, by_year[year].score
            by_year[year].change = (
                None if a is None or b is None else round(round(b, 2) - round(a, 2), 2)
            )
