"""Integrity evaluation (三(一)(二)) and sanctions (四(三)): configuration, scores, evidence.

The indicator system is data (``content/data/evaluation.yaml``, model :class:`EvaluationConfig`);
this module turns it and a derived :class:`~generator.derive.Portal` into yearly scores per
department, ranks within each :class:`~generator.models.DepartmentKind`, and for every
indicator the records that produced its points, so each figure can be traced.

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
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field, model_validator

from .load import Content, _field_line, read_yaml, validate_mapping
from .models import CaseKind, DepartmentKind, Model, PromiseRating, SanctionKind
from .problems import Problem, split_field
from .urls import case_url, promise_url

if TYPE_CHECKING:
    from .derive import CaseView, Portal, SanctionView

CONFIG_FILE = "evaluation.yaml"

# --------------------------------------------------------------------------- site paths


RANKINGS_PATH = "evaluation/rankings.html"
METHODOLOGY_PATH = "evaluation/methodology.html"


def anchor(*parts: object) -> str:
    """A stable HTML id from parts (department, year, indicator …)."""
    return "eval-" + "-".join(re.sub(r"[^a-z0-9-]", "-", str(p).lower()) for p in parts)


# --------------------------------------------------------------------------- configuration


class Source(StrEnum):
    """Data sources an indicator can read; each is computed from one dataset of the portal."""

    publication = "shuanggongshi.on_time"
    promises = "promises.fulfilment"
    objections = "objections.on_time"
    hotline_response = "hotline.on_time_response"
    hotline_resolution = "hotline.resolution"
    hotline_satisfaction = "hotline.satisfaction"
    proposals_on_time = "proposals.on_time"
    proposals_satisfaction = "proposals.satisfaction"
    dishonesty = "cases.dishonesty"
    rectification = "sanctions.rectification"
    third_party = "third_party.score"


@dataclass(frozen=True)
class SourceInfo:
    """How a source is measured, in words for the methodology page."""

    label: str
    dataset: str
    measures: str
    """What the ratio (or the deduction count) is, in one sentence."""
    rules: tuple[str, ...] = ("ratio",)
    params: tuple[str, ...] = ()
    figures: bool = False
    """True when the source is yearly figures per department, which ``required`` can demand."""


SOURCES: dict[Source, SourceInfo] = {
    Source.publication: SourceInfo(
        "双公示按时公开",
        "penalties / licenses / other-acts",
        "当年作出的决定中，于作出后法定工作日时限内上网公示的比例（按决定日期归年；依规不公示的不计；已撤销、已修复、公示期满的记录仍计入，只计数不展示）",
        params=("kinds", "unknown_publication"),
    ),
    Source.promises: SourceInfo(
        "政府承诺兑现",
        "promises",
        "兑现期限在当年的承诺按截至数据日期的评级折算得分的平均值（未到期、无期限的承诺不计）",
        params=("credit",),
    ),
    Source.objections: SourceInfo(
        "异议按期答复",
        "objections",
        "当年受理的异议中，于法定工作日时限内答复的比例（尚在期限内办理中的不计）",
    ),
    Source.hotline_response: SourceInfo(
        "12345 热线按时响应", "hotline", "当年热线工单按时响应数 ÷ 受理数", figures=True
    ),
    Source.hotline_resolution: SourceInfo(
        "12345 热线办结", "hotline", "当年热线工单办结数 ÷ 受理数", figures=True
    ),
    Source.hotline_satisfaction: SourceInfo(
        "12345 热线满意度", "hotline", "当年热线满意率（多行数据按受理量加权）", figures=True
    ),
    Source.proposals_on_time: SourceInfo(
        "建议提案按期答复",
        "proposals",
        "当年交办的人大代表建议、政协委员提案中按期答复的比例",
        params=("kinds",),
        figures=True,
    ),
    Source.proposals_satisfaction: SourceInfo(
        "建议提案满意",
        "proposals",
        "当年交办的人大代表建议、政协委员提案中代表委员表示满意的比例",
        params=("kinds",),
        figures=True,
    ),
    Source.dishonesty: SourceInfo(
        "政务失信记录扣分",
        "cases",
        "当年曝光的失信案例条数（已撤销或已信用修复的不计；公示期满的仍计入，只计数）",
        rules=("deduction",),
    ),
    Source.rectification: SourceInfo(
        "限期整改按期完成",
        "cases（惩戒措施）",
        "整改期限在当年的书面说明、限期整改措施中按期完成的比例（尚在期限内的、依从宽处理免除的不计）",
        rules=("ratio", "deduction"),
    ),
    Source.third_party: SourceInfo(
        "第三方评价",
        "third_party",
        "当年第三方信用服务机构评价分数（百分制）的平均值",
        figures=True,
    ),
}

ACT_KIND_NAMES = {"penalty": "行政处罚", "license": "行政许可", "act": "其他行政行为"}
PROPOSAL_KINDS = ("人大代表建议", "政协委员提案")
DEFAULT_CREDIT = {
    PromiseRating.kept: 1.0,
    PromiseRating.lawfully_changed: 1.0,
    PromiseRating.partly_kept: 0.5,
}


#: 四(三): restrictions on a body listed as 失信被执行人, in the plan's words.
class Indicator(Model):
    """One indicator: where its data comes from, how it is scored and what it weighs."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    """Stable identifier (anchors on the department and methodology pages)."""
    name: str
    """Name shown in breakdowns and on the methodology page."""
    weight: float = Field(gt=0)
    """Points the indicator is worth; all weights add up to ``total``."""
    source: Source
    """Data source: one of the ids listed on the methodology page (e.g. ``hotline.resolution``)."""
    rule: Literal["ratio", "deduction"] = "ratio"
    """``ratio``: weight × the source's ratio. ``deduction``: weight − per_item × items, at least 0."""
    per_item: float | None = Field(None, gt=0)
    """Points deducted per item, for ``rule: deduction``."""
    when_empty: Literal["exclude", "full", "zero"] = "exclude"
    """With nothing to measure in a year: ``exclude`` the indicator (the total is rescaled over the
    others), or give ``full`` or ``zero`` points."""
    kinds: list[str] | None = None
    """Only these kinds count: act kinds (penalty, license, act) or proposal kinds (人大代表建议, 政协委员提案)."""
    unknown_publication: Literal["exclude", "late"] = "exclude"
    """双公示 records without a publication date: left out, or counted as late."""
    credit: dict[PromiseRating, float] | None = None
    """Credit (0–1) per promise rating; unlisted ratings earn 0. Default: 已兑现 1, 依法变更 1, 部分兑现 0.5."""
    required: bool = False
    """For yearly figures (hotline, proposals, third party): every department must report for every year."""
    basis: str | None = None
    """Section of the plan the indicator implements, e.g. 五(一)."""
    description: str | None = None
    """Plain-language note shown on the methodology page."""

    @model_validator(mode="after")
    def _fits_source(self) -> Indicator:
        info = SOURCES[self.source]
        if self.rule not in info.rules:
            raise ValueError(f"rule: 数据来源 {self.source} 只支持 {' / '.join(info.rules)}")
        if self.rule == "deduction" and self.per_item is None:
            raise ValueError("per_item: 扣分规则须填写每项扣分 per_item")
        if self.rule == "ratio" and self.per_item is not None:
            raise ValueError("per_item: 只有扣分规则（rule: deduction）才填写 per_item")
        for name in ("kinds", "credit"):
            if getattr(self, name) is not None and name not in info.params:
                raise ValueError(f"{name}: 数据来源 {self.source} 不使用此参数")
        if self.unknown_publication != "exclude" and "unknown_publication" not in info.params:
            raise ValueError(f"unknown_publication: 数据来源 {self.source} 不使用此参数")
        if self.required and not info.figures:
            raise ValueError(f"required: 数据来源 {self.source} 由记录计算，不是年度报送数据")
        if self.kinds is not None:
            allowed = (
                PROPOSAL_KINDS
                if self.source.value.startswith("proposals")
                else tuple(ACT_KIND_NAMES)
            )
            bad = [k for k in self.kinds if k not in allowed]
            if bad or not self.kinds:
                raise ValueError(
                    f"kinds: 「{'、'.join(bad)}」不在允许的取值中：{', '.join(allowed)}"
                )
        for rating, value in (self.credit or {}).items():
            if not 0 <= value <= 1:
                raise ValueError(f"credit: {rating} 的折算分应在 0 到 1 之间")
        return self

    @property
    def info(self) -> SourceInfo:
        return SOURCES[self.source]

    @property
    def kind_labels(self) -> list[str]:
        """The ``kinds`` filter in words (行政处罚 for penalty …)."""
        return [ACT_KIND_NAMES.get(k, k) for k in self.kinds or []]

    @property
    def credit_table(self) -> list[tuple[PromiseRating, float]]:
        """Promise ratings that earn credit, in the ratings' order."""
        credit = self.credit if self.credit is not None else DEFAULT_CREDIT
        return [(r, credit[r]) for r in PromiseRating if credit.get(r)]

    def rule_text(self, total: float) -> str:
        """The scoring rule in words, for the methodology page."""
        if self.rule == "deduction":
            text = f"满分 {fmt(self.weight)} 分，每项扣 {fmt(self.per_item or 0)} 分，扣完为止"
        else:
            text = f"得分 = {fmt(self.weight)} × 比例"
        empty = {
            "exclude": f"当年无可计量事项时不计此项，总分按其余指标权重折算为 {fmt(total)} 分制",
            "full": "当年无可计量事项时得满分",
            "zero": "当年无可计量事项时得 0 分",
        }[self.when_empty]
        return text if self.rule == "deduction" else f"{text}；{empty}"


class SanctionSettings(Model):
    """Which sanctions a dishonesty record brings (四(三)); the honours ban length is in rules.yaml."""

    required: list[SanctionKind] = [
        SanctionKind.written_explanation,
        SanctionKind.rectification,
        SanctionKind.honours_ban,
    ]
    """Sanctions every public dishonesty case must carry; a missing one is flagged on the department page."""


class EvaluationConfig(Model):
    """The integrity evaluation indicator system (三(一)), read from ``content/data/evaluation.yaml``."""

    title: str = "政务诚信评价"
    """Heading of the rankings page."""
    years: list[int] = Field(min_length=1)
    """Calendar years to evaluate, oldest first; years after the data date are skipped."""
    total: float = Field(100, gt=0)
    """Full score; the indicator weights must add up to it."""
    indicators: list[Indicator] = Field(min_length=1)
    """The indicators, in display order."""
    list_limit: int = Field(50, ge=1)
    """At most this many records listed per indicator and year; the rest are linked via their listings."""
    sanctions: SanctionSettings = SanctionSettings()
    """Sanctions derived from dishonesty records and 失信被执行人 listings."""
    third_party_note: str = (
        "第三方评价结果由受托信用服务机构独立作出，与本平台计算的得分并列展示，不计入综合得分。"
    )
    """Shown beside third-party results when no indicator reads ``third_party.score``."""

    @model_validator(mode="after")
    def _years_in_order(self) -> EvaluationConfig:
        if self.years != sorted(set(self.years)):
            raise ValueError("years: 评价年度应从早到晚排列且不重复")
        if any(not 2000 <= y <= 2100 for y in self.years):
            raise ValueError("years: 评价年度应在 2000–2100 之间")
        return self

    @property
    def third_party_weighted(self) -> bool:
        """True when the configuration merges third-party scores into the computed score."""
        return any(i.source == Source.third_party for i in self.indicators)


def fmt(value: float) -> str:
    """A number without a trailing .0 (20, 12.5, 0.25)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- loading and checks


def config_path(content: Content) -> Path:
    return Path(content.root) / "data" / CONFIG_FILE


def _rel(content: Content, path: Path) -> str:
    root = Path(content.root)
    return str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)


def load_config(content: Content) -> tuple[EvaluationConfig | None, list[Problem]]:
    """The evaluation configuration and every problem in it; (None, []) when there is no file."""
    path = config_path(content)
    if not path.is_file():
        return None, []
    rel = _rel(content, path)
    data, problems = read_yaml(path, rel)
    if problems:
        return None, problems
    if data is None:
        return None, [Problem(rel, 1, "-", "文件为空")]
    config, problems = validate_mapping(EvaluationConfig, data, rel, 1)
    problems = [_repoint(p, data) for p in problems]
    if config is not None:
        problems += _weights_and_ids(config, data, rel)
    return (None if problems else config), problems


#: pydantic messages that problems.describe leaves in English, in the clerk's words.
_MESSAGES = [
    (re.compile(r"^Input should be greater than or equal to (\S+)$"), "应不小于 {}"),
    (re.compile(r"^Input should be greater than (\S+)$"), "应大于 {}"),
    (re.compile(r"^Input should be less than or equal to (\S+)$"), "应不大于 {}"),
    (
        re.compile(r"^Input should be a valid dictionary"),
        "应为键值映射（每个指标含 id、name、weight、source）",
    ),
]


def _repoint(problem: Problem, data: Any) -> Problem:
    """A model-level message ``field: text`` is about that field: give its path and line."""
    for pattern, text in _MESSAGES:
        if match := pattern.match(problem.message):
            return Problem(problem.path, problem.line, problem.field, text.format(*match.groups()))
    head, rest = split_field(problem.message, "")
    if not head or problem.field == "-":
        return problem
    path = f"{problem.field}.{head}"
    return Problem(problem.path, _field_line(data, path), path, rest)


def _weights_and_ids(config: EvaluationConfig, data: dict, rel: str) -> list[Problem]:
    out = []
    weight_sum = sum(i.weight for i in config.indicators)
    # Decimal weights (33.3 + 33.3 + 33.4) are not exact in binary floats: compare with a tolerance.
    if abs(weight_sum - config.total) > 1e-6:
        out.append(
            Problem(
                rel,
                _field_line(data, "indicators"),
                "indicators",
                f"各指标权重之和为 {fmt(weight_sum)}，应等于满分 total {fmt(config.total)}",
            )
        )
    seen: dict[str, int] = {}
    for n, ind in enumerate(config.indicators):
        if ind.id in seen:
            out.append(
                Problem(
                    rel,
                    _field_line(data, f"indicators.{n}.id"),
                    f"indicators.{n}.id",
                    f"指标编号「{ind.id}」与第 {seen[ind.id] + 1} 个指标重复",
                )
            )
        seen.setdefault(ind.id, n)
    return out


def check_evaluation(content: Content) -> list[Problem]:
    """Every problem in evaluation.yaml, including data the configured years need but lack."""
    config, problems = load_config(content)
    if config is None:
        return problems
    path = config_path(content)
    rel = _rel(content, path)
    data, _ = read_yaml(path, rel)
    return _coverage(config, content, data, rel) + _duplicate_figures(content)


def _record_years(content: Content) -> set[int]:
    years: set[int] = set()
    for name in ("penalties", "licenses", "other-acts"):
        years.update(r.decided_on.year for r in content.records(name))
    years.update(c.exposed_on.year for c in content.records("cases"))
    years.update(p.due_on.year for p in content.records("promises") if p.due_on)
    years.update(o.filed_on.year for o in content.records("objections"))
    for name in ("hotline", "proposals", "third_party"):
        years.update(r.year for r in content.records(name))
    return years


def _coverage(config: EvaluationConfig, content: Content, data: dict, rel: str) -> list[Problem]:
    """Years without any data, and required yearly figures a department did not report."""
    out = []
    with_data = _record_years(content)
    for n, year in enumerate(config.years):
        if year not in with_data:
            out.append(
                Problem(rel, _field_line(data, f"years.{n}"), "years", f"{year} 年没有任何评价数据")
            )
    departments = content.records("departments")
    for n, ind in enumerate(config.indicators):
        if not ind.required:
            continue
        dataset = ind.info.dataset
        reported = {
            (r.department, r.year)
            for r in content.records(dataset)
            if dataset != "proposals" or ind.kinds is None or r.kind in ind.kinds
        }
        for year in config.years:
            missing = [d.id for d in departments if (d.id, year) not in reported]
            if missing:
                out.append(
                    Problem(
                        rel,
                        _field_line(data, f"indicators.{n}.required"),
                        f"indicators.{n}.required",
                        f"{year} 年缺少部门 {', '.join(missing)} 的 {dataset}.yaml 数据（{ind.name}）",
                    )
                )
    return out


def _duplicate_figures(content: Content) -> list[Problem]:
    """Two rows of yearly figures for the same department, year (and kind) would be summed silently."""
    out = []
    for name in ("hotline", "proposals"):
        seen: dict[tuple, Any] = {}
        for loc in content.datasets.get(name, []):
            r = loc.record
            key = (r.department, r.year, getattr(r, "kind", None))
            first = seen.setdefault(key, loc)
            if first is not loc:
                out.append(
                    loc.problem(
                        "year", f"{r.department} {r.year} 年的数据与 {first.path}:{first.line} 重复"
                    )
                )
    return out


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

    def ranking(
        self, year: int, kind: DepartmentKind, departments: Iterable
    ) -> list[tuple[Any, YearScore]]:
        """Departments of one kind with their scores for a year, best first, unscored last."""
        rows = [
            (d, self.scores[d.id][year])
            for d in departments
            if d.kind == kind and year in self.scores[d.id]
        ]
        return sorted(rows, key=lambda r: (r[1].rank is None, r[1].rank or 0, r[0].id))


def _year_of(day: date | None) -> int | None:
    return day.year if day else None


def measure_publication(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """双公示 on time: one pass over every act record, withdrawn ones counted only."""
    from .derive import listing_path

    kinds = set(ind.kinds or ACT_KIND_NAMES)
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
        on_time = r.on_time
        if on_time is None and ind.unknown_publication == "exclude":
            m.exclude("公示日期未知")
            continue
        m.denominator += 1
        m.numerator += 1 if on_time else 0
        if r.status.public and (r.department.id, r.kind, year) not in listed_periods:
            listed_periods.add((r.department.id, r.kind, year))
            m.links.append(
                (
                    f"{year} 年{ACT_KIND_NAMES[r.kind]}公示清单",
                    listing_path(r.department.id, r.kind, year),
                )
            )
        if not r.status.public:
            m.withdrawn += 1
            continue
        if on_time:
            continue  # met: the listing shows it; misses are listed one by one
        note = (
            "公示日期未知，按逾期计"
            if on_time is None
            else (
                f"应于 {r.publish_deadline:%Y/%m/%d} 前公示，实际 {r.record.published_on:%Y/%m/%d}"
            )
        )
        m.add(Item(f"{r.label} {r.record.decision_no}", note, r.url, 0.0), limit)
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
        value = credit.get(view.rating, 0.0)
        m.denominator += 1
        m.numerator += value
        note = f"兑现期限 {p.due_on:%Y/%m/%d}，现评级：{view.rating}，折算 {fmt(value)}"
        m.add(Item(p.title, note, promise_url(p.id), value), limit)
    return out


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
        m.add(
            Item(f"异议 {o.id}", note, targets.get(o.target), 1.0 if view.on_time else 0.0), limit
        )
    return out


def _public_targets(portal: Portal) -> dict[str, str]:
    """Objection target → permalink, for targets that are public (withdrawn ones have none)."""
    targets = {f"{r.kind}:{r.record.decision_no}": r.url for r in portal.records}
    targets.update({f"case:{c.case.id}": case_url(c.case.id) for c in portal.cases})
    return targets


_HOTLINE = {
    Source.hotline_response: ("responded_on_time", "按时响应"),
    Source.hotline_resolution: ("resolved", "办结"),
}


def measure_hotline(
    portal: Portal, ind: Indicator, years: set[int], limit: int
) -> dict[tuple, Measure]:
    """12345 figures: a ratio of summed counts, satisfaction weighted by tickets received."""
    out: dict[tuple, Measure] = defaultdict(Measure)
    for f in portal.content.records("hotline"):
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
        m.add(Item(f"12345 热线 {f.year} 年", note), limit)
    return out


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
    for f in portal.content.records("proposals"):
        if f.year not in years or (ind.kinds is not None and f.kind not in ind.kinds):
            continue
        m = out[(f.department, f.year)]
        m.denominator += f.assigned
        m.numerator += getattr(f, attr)
        m.add(
            Item(f"{f.kind} {f.year} 年", f"交办 {f.assigned} 件，{word} {getattr(f, attr)} 件"),
            limit,
        )
    return out


def counted_cases(portal: Portal) -> list[tuple[Any, Any, bool]]:
    """Dishonesty cases that count in evaluations: (case, department, public).

    Public cases link to their pages; cases past their publicity period still count,
    as numbers only; revoked and credit-repaired cases no longer count.
    """
    from .derive import Status, case_status

    public = {c.case.id for c in portal.cases}
    by_id = {d.id: d for d in portal.departments}
    out = []
    for c in portal.content.records("cases"):
        if c.kind != CaseKind.dishonesty:
            continue
        if c.id in public:
            out.append((c, by_id[c.department], True))
        elif case_status(c, portal.rules, portal.as_of) == Status.expired:
            out.append((c, by_id[c.department], False))
    return out


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
    from .derive import sanction_view

    out: dict[tuple, Measure] = defaultdict(Measure)
    for case, dept, public in counted_cases(portal):
        for s in case.sanctions:
            if s.kind not in _DEADLINE_KINDS:
                continue
            view = sanction_view(s, portal.rules, portal.calendar, portal.as_of)
            if view.deadline is None or view.deadline.year not in years:
                continue
            m = out[(dept.id, view.deadline.year)]
            if view.state in ("整改中", "已免除"):
                m.exclude("尚在整改期限内" if view.state == "整改中" else "依从宽处理免除")
                continue
            met = view.state == "已完成"
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
    for r in portal.content.records("third_party"):
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
    for r in portal.content.records("third_party"):
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


# --------------------------------------------------------------------------- sanctions


@dataclass
class SanctionRow:
    """A sanction a dishonesty case brings, recorded on the case or implied by the rules."""

    kind: SanctionKind
    state: str
    deadline: date | None
    recorded: bool
    """False when the case does not record this required sanction (flagged for the department)."""
    view: SanctionView | None = None

    @property
    def overdue(self) -> bool:
        return self.state == "已逾期"


@dataclass
class CaseSanctions:
    """A public dishonesty case with all of its sanctions and any leniency."""

    case: CaseView
    rows: list[SanctionRow]

    @property
    def url(self) -> str:
        return case_url(self.case.case.id)


@dataclass
class DepartmentSanctions:
    """What 四(三) means for one department as of the data date."""

    cases: list[CaseSanctions]
    honours_banned_until: date | None
    """End of the current loss of honours eligibility; None when eligible."""
    debtors: list[Any]
    """DebtorView listings, in force or lifted."""
    restrictions: list[str]
    """Restrictions in force because of an active 失信被执行人 listing."""

    @property
    def overdue(self) -> list[tuple[CaseSanctions, SanctionRow]]:
        return [(c, r) for c in self.cases for r in c.rows if r.overdue]

    @property
    def unrecorded(self) -> list[tuple[CaseSanctions, SanctionRow]]:
        return [(c, r) for c in self.cases for r in c.rows if not r.recorded]


def case_sanctions(view: CaseView, settings: SanctionSettings, portal: Portal) -> CaseSanctions:
    """The recorded sanctions of a case plus the required ones it lacks, with their states."""
    from .derive import add_months

    rows = [SanctionRow(s.sanction.kind, s.state, s.deadline, True, s) for s in view.sanctions]
    have = {r.kind for r in rows}
    waived = view.case.leniency is not None and view.case.leniency.outcome == "免于惩戒"
    for kind in settings.required:
        if kind in have:
            continue
        if waived:
            rows.append(SanctionRow(kind, "已免除", None, True))
        elif kind == SanctionKind.honours_ban:
            # The plan removes honours eligibility for any dishonesty record: implied from exposure.
            until = add_months(view.case.exposed_on, 12 * portal.rules.honours_ban_years)
            rows.append(
                SanctionRow(kind, "生效中" if portal.as_of <= until else "已结束", until, True)
            )
        else:
            rows.append(SanctionRow(kind, "未登记", None, False))
    return CaseSanctions(view, rows)


def department_sanctions(
    portal: Portal, settings: SanctionSettings
) -> dict[str, DepartmentSanctions]:
    """Sanctions of every department, from public dishonesty cases and debtor listings."""
    out = {d.id: DepartmentSanctions([], None, [], []) for d in portal.departments}
    for view in portal.cases:
        if view.case.kind != CaseKind.dishonesty:
            continue
        ds = out[view.department.id]
        cs = case_sanctions(view, settings, portal)
        ds.cases.append(cs)
        for row in cs.rows:
            if row.kind == SanctionKind.honours_ban and row.state == "生效中" and row.deadline:
                ds.honours_banned_until = max(ds.honours_banned_until or row.deadline, row.deadline)
    for debtor in portal.debtors:
        ds = out[debtor.department.id]
        ds.debtors.append(debtor)
        if debtor.active:
            ds.restrictions = list(portal.rules.debtor_restrictions)
    for ds in out.values():
        ds.cases.sort(key=lambda c: (c.case.case.exposed_on, c.case.case.id))
    return out
