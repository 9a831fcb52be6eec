"""The integrity evaluation's indicator system (三(一)(二)): configuration and its checks.

The indicator system is data (``content/data/evaluation.yaml``, model :class:`EvaluationConfig`),
checked by ``portal validate`` through the ``check_content`` signal: weights add up,
ids are unique, every configured year has data, required yearly figures are reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from ..core.fields import CNDate
from ..core.kinds import RECORD_KINDS
from ..core.load import Content, _field_line, read_yaml, validate_mapping
from ..core.models import ArchiveCategory, Model, PromiseRating, SanctionKind
from ..core.problems import Problem, split_field

CONFIG_FILE = "evaluation.yaml"

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
    archive_negative = "archive.negative"
    third_party = "third_party.score"


@dataclass(frozen=True)
class SourceInfo:
    """How a source is measured, in words for the methodology page."""

    label: str
    dataset: str
    """The content file or folder the source reads, named in clerks' validation messages."""
    data: str
    """The same data in words, for citizens on the methodology page (no file or field names)."""
    measures: str
    """What the ratio (or the deduction count) is, in one sentence."""
    rules: tuple[str, ...] = ("ratio",)
    params: tuple[str, ...] = ()
    figures: bool = False
    """True when the source is yearly figures per department, which ``required`` can demand."""


HOTLINE_DATA = "各单位报送的 12345 热线年度工作数据"
PROPOSALS_DATA = "各单位报送的人大代表建议、政协委员提案年度办理数据"

SOURCES: dict[Source, SourceInfo] = {
    Source.publication: SourceInfo(
        "双公示按时公开",
        " / ".join(k.dataset for k in RECORD_KINDS.values()),
        f"双公示记录（{'、'.join(k.label for k in RECORD_KINDS.values())}）及本平台发布记录",
        "当年作出的决定中，于作出后法定工作日时限内上网公示的比例（按决定日期归年；依规不公示的不计；已撤销、已修复、公示期满的记录仍计入，只计数不展示）",
        params=("kinds",),
    ),
    Source.promises: SourceInfo(
        "政府承诺兑现",
        "promises",
        "政府承诺及其评级记录",
        "兑现期限在当年的承诺按截至数据日期的评级折算得分的平均值（未到期、无期限的承诺不计；依法变更的承诺须已支付补偿才按依法变更折算，补偿尚未支付的折算 0）",
        params=("credit", "late_credit"),
    ),
    Source.objections: SourceInfo(
        "异议按期答复",
        "objections",
        "异议受理及答复记录",
        "当年受理的异议中，于法定工作日时限内答复的比例（尚在期限内办理中的不计）",
    ),
    Source.hotline_response: SourceInfo(
        "12345 热线按时响应",
        "hotline",
        HOTLINE_DATA,
        "当年热线工单按时响应数 ÷ 受理数",
        figures=True,
    ),
    Source.hotline_resolution: SourceInfo(
        "12345 热线办结", "hotline", HOTLINE_DATA, "当年热线工单办结数 ÷ 受理数", figures=True
    ),
    Source.hotline_satisfaction: SourceInfo(
        "12345 热线满意度",
        "hotline",
        HOTLINE_DATA,
        "当年热线满意率（多行数据按受理量加权）",
        figures=True,
    ),
    Source.proposals_on_time: SourceInfo(
        "建议提案按期答复",
        "proposals",
        PROPOSALS_DATA,
        "当年交办的人大代表建议、政协委员提案中按期答复的比例",
        params=("kinds",),
        figures=True,
    ),
    Source.proposals_satisfaction: SourceInfo(
        "建议提案满意",
        "proposals",
        PROPOSALS_DATA,
        "当年交办的人大代表建议、政协委员提案中代表委员表示满意的比例",
        params=("kinds",),
        figures=True,
    ),
    Source.dishonesty: SourceInfo(
        "政务失信记录扣分",
        "cases",
        "政务失信案例",
        "当年曝光的失信案例条数（已撤销或已信用修复的不计；公示期满的仍计入，只计数）",
        rules=("deduction",),
    ),
    Source.rectification: SourceInfo(
        "限期整改按期完成",
        "cases（惩戒措施）",
        "政务失信案例的惩戒措施",
        "整改期限在当年的书面说明、限期整改措施中按期完成的比例（尚在期限内的、依从宽处理免除的不计）",
        rules=("ratio", "deduction"),
    ),
    Source.archive_negative: SourceInfo(
        "诚信档案负面记录扣分",
        "archive",
        "政府诚信档案（方案二(二)）中结论为负面的条目",
        "当年（按档案条目日期归年）记入本单位政府诚信档案、结论为负面的条目数",
        rules=("deduction",),
        params=("categories",),
    ),
    Source.third_party: SourceInfo(
        "第三方评价",
        "third_party",
        "第三方信用服务机构的评价结果",
        "当年第三方信用服务机构评价分数（百分制）的平均值",
        figures=True,
    ),
}

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
    """Data source id, e.g. ``hotline.resolution``; every id is listed with what it measures in the
    sample's ``evaluation.yaml`` (the methodology page names the data in words)."""
    rule: Literal["ratio", "deduction"] = "ratio"
    """``ratio``: weight × the source's ratio. ``deduction``: weight − per_item × items, at least 0."""
    per_item: float | None = Field(None, gt=0)
    """Points deducted per item, for ``rule: deduction``."""
    when_empty: Literal["exclude", "full", "zero"] = "exclude"
    """With nothing to measure in a year: ``exclude`` the indicator (the total is rescaled over the
    others), or give ``full`` or ``zero`` points."""
    kinds: list[str] | None = None
    """Only these kinds count: act kinds (penalty, license, act) or proposal kinds (人大代表建议, 政协委员提案)."""
    categories: list[ArchiveCategory] | None = None
    """For ``archive.negative``: only entries of these archive categories (二(二)) count; default all."""
    credit: dict[PromiseRating, float] | None = None
    """Credit (0–1) per promise rating; unlisted ratings earn 0. Default: 已兑现 1, 依法变更 1, 部分兑现 0.5.
    依法变更 earns its credit only once any compensation is paid (五(三)); unpaid, it earns 0."""
    late_credit: float | None = Field(None, ge=0, le=1)
    """For ``promises.fulfilment``: credit (0–1) for a promise found kept (已兑现) only after its
    deadline (逾期兑现). Default: the credit of 部分兑现."""
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
        for name in ("kinds", "credit", "late_credit", "categories"):
            if getattr(self, name) is not None and name not in info.params:
                raise ValueError(f"{name}: 数据来源 {self.source} 不使用此参数")
        if self.categories == []:
            raise ValueError("categories: 至少列出一个档案类别，或删去此项以计入全部类别")
        if self.required and not info.figures:
            raise ValueError(f"required: 数据来源 {self.source} 由记录计算，不是年度报送数据")
        if self.kinds is not None:
            allowed = (
                PROPOSAL_KINDS
                if self.source.value.startswith("proposals")
                else tuple(RECORD_KINDS)
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
        return [RECORD_KINDS[k].label if k in RECORD_KINDS else k for k in self.kinds or []]

    @property
    def credit_table(self) -> list[tuple[PromiseRating, float]]:
        """Promise ratings that earn credit, in the ratings' order."""
        credit = self.credit if self.credit is not None else DEFAULT_CREDIT
        return [(r, credit[r]) for r in PromiseRating if credit.get(r)]

    @property
    def late_credit_value(self) -> float:
        """Credit of a promise kept after its deadline: ``late_credit``, or 部分兑现's credit."""
        if self.late_credit is not None:
            return self.late_credit
        return dict(self.credit_table).get(PromiseRating.partly_kept, 0.0)

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
    approved_by: list[str] = []
    """Bodies that drew up and approved the indicator system, lead body first (三(一): 区发展改革局
    with the organisation and personnel departments); shown on the rankings and methodology pages."""
    approved_on: CNDate | None = None
    """Date the indicator system was approved or issued."""
    document_no: str | None = None
    """Number (文号) of the document that issued the indicator system."""
    approval_note: str | None = None
    """Shown after the approval, e.g. that the approval details are demo values (演示数据)."""
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

    @model_validator(mode="after")
    def _approval_complete(self) -> EvaluationConfig:
        if (self.approved_on or self.document_no) and not self.approved_by:
            raise ValueError("approved_by: 填写批准日期或文号时须写明制定、批准指标体系的单位")
        return self

    @property
    def third_party_weighted(self) -> bool:
        """True when the configuration merges third-party scores into the computed score."""
        return any(i.source == Source.third_party for i in self.indicators)


def fmt(value: float) -> str:
    """A number without a trailing .0 (20, 12.5, 0.25)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# --------------------------------------------------------------------------- loading and checks


def config_path(content_root: Path) -> Path:
    """Where the indicator system lives in a content folder."""
    return Path(content_root) / "data" / CONFIG_FILE


def _rel(content_root: Path, path: Path) -> str:
    root = Path(content_root)
    return str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)


def load_config(content_root: Path) -> tuple[EvaluationConfig | None, list[Problem]]:
    """The evaluation configuration and every problem in it; (None, []) when there is no file."""
    path = config_path(content_root)
    if not path.is_file():
        return None, []
    rel = _rel(content_root, path)
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
    config, problems = load_config(content.root)
    if config is None:
        return problems
    path = config_path(content.root)
    rel = _rel(content.root, path)
    data, _ = read_yaml(path, rel)
    return _coverage(config, content, data, rel) + _duplicate_figures(content)


def _record_years(content: Content) -> set[int]:
    years: set[int] = set()
    for kind in RECORD_KINDS.values():
        years.update(r.decided_on.year for r in content.records(kind.dataset))
    years.update(c.exposed_on.year for c in content.records("cases"))
    years.update(p.due_on.year for p in content.records("promises") if p.due_on)
    years.update(o.filed_on.year for o in content.records("objections"))
    years.update(e.on.year for e in content.records("archive"))
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
