"""The evaluation feature's results as open data: yearly scores, indicator breakdowns, third-party results.

Read from the build's ``features`` dict by key and duck typing (generator/signals.py): this
package never imports generator.evaluation, and without it these datasets are empty (and
not written).
"""

from __future__ import annotations

from typing import Any

from ..core import models as m
from ..core.derive import Portal
from ..render import urls
from .columns import (
    URL,
    Column,
    Rows,
    department_columns,
    evidence_text,
    model_column,
    portal_column,
)

#: Key of the evaluation feature's state in the build's ``features`` dict.
EVALUATION_FEATURE = "evaluation"


def _year_scores(portal: Portal, features: dict) -> list[Any]:
    """The evaluation feature's YearScores, department by department, oldest year first.

    Read from the build's ``features`` dict by duck typing: none when the evaluation
    plugin is not configured or the content has no evaluation.yaml.
    """
    evaluation = getattr(features.get(EVALUATION_FEATURE), "evaluation", None)
    if evaluation is None:
        return []
    return [
        ys
        for d in sorted(portal.departments, key=lambda d: d.id)
        for _, ys in sorted(evaluation.scores.get(d.id, {}).items())
    ]


def _round(value: float | None) -> float | None:
    """Two decimals, as the pages show scores."""
    return None if value is None else round(value, 2)


def evaluation_scores(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Yearly integrity-evaluation scores as the department pages and rankings show them."""
    names = {d.id: d.name for d in portal.departments}
    columns = [
        *department_columns(),
        portal_column("year", "integer", "年度", "Year evaluated."),
        portal_column(
            "score",
            "number",
            "综合得分",
            "Score out of the methodology's total, 2 decimals; empty without data.",
        ),
        portal_column("rank", "integer", "同类排名", "Rank among departments of the same kind."),
        portal_column(
            "rank_of", "integer", "同类单位数", "Number of departments of that kind ranked."
        ),
        portal_column("change", "number", "较上年", "Score minus the previous evaluated year's."),
        portal_column(
            "partial", "boolean", "部分年度", "The year is not over on the data date (是/否)."
        ),
        portal_column("url", "string", "得分明细链接", URL),
    ]
    rows = [
        (
            ys.department_id,
            names[ys.department_id],
            ys.year,
            _round(ys.score),
            ys.rank,
            ys.rank_of or None,
            _round(ys.change),
            bool(ys.partial),
            urls.department_url(ys.department_id) + f"#{ys.anchor}",
        )
        for ys in _year_scores(portal, features)
    ]
    return columns, rows


def evaluation_indicators(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Each year's score broken down by indicator (weight, measure, points)."""
    columns = [
        portal_column("department", "string", "部门标识", "Id of the department."),
        portal_column("year", "integer", "年度", "Year evaluated."),
        portal_column(
            "indicator",
            "string",
            "指标标识",
            "Id of the indicator (the methodology page's anchor ind-<id>).",
        ),
        portal_column("indicator_name", "string", "指标", "Name of the indicator."),
        portal_column("weight", "number", "权重", "Points the indicator is worth."),
        portal_column(
            "numerator",
            "number",
            "计量（分子）",
            "What met the indicator (ratio rules), 2 decimals: records count 1 each, or their "
            "credit (a promise partly kept 0.5), or weighted figures (satisfaction × tickets).",
        ),
        portal_column(
            "denominator",
            "number",
            "计量（分母）",
            "What was measured (ratio rules), 2 decimals: records, or tickets and items reported.",
        ),
        portal_column("items", "integer", "扣分事项", "Items counted (deduction rules)."),
        portal_column(
            "points",
            "number",
            "得分",
            "Points earned, 2 decimals; empty when the indicator is not counted that year (不计).",
        ),
        portal_column("url", "string", "依据链接", URL),
    ]
    rows = [
        (
            ys.department_id,
            ys.year,
            row.indicator.id,
            row.indicator.name,
            row.indicator.weight,
            _round(row.measure.numerator),
            _round(row.measure.denominator),
            row.measure.count,
            _round(row.points),
            urls.department_url(ys.department_id) + f"#{row.anchor}",
        )
        for ys in _year_scores(portal, features)
        for row in ys.rows
    ]
    return columns, rows


def third_party(portal: Portal, features: dict) -> tuple[list[Column], Rows]:
    """Third-party evaluation results (三(一)), shown beside the computed scores."""
    T = m.ThirdPartyResult
    names = {d.id: d.name for d in portal.departments}
    columns = [
        *department_columns(),
        model_column(T, "year", "年度"),
        model_column(T, "evaluator", "评价机构", search=True),
        model_column(T, "score", "得分"),
        model_column(T, "grade", "等级"),
        portal_column(
            "report", "string", "评价报告", "The evaluation report (标题（文号）).", search=True
        ),
        portal_column(
            "report_url", "string", "评价报告地址", "Public address of the report, if online."
        ),
        portal_column("url", "string", "链接", URL),
    ]
    rows = [
        (
            t.department,
            names[t.department],
            t.year,
            t.evaluator,
            t.score,
            t.grade,
            evidence_text([t.report]),
            t.report.url,
            urls.department_url(ys.department_id) + f"#{ys.anchor}",
        )
        for ys in _year_scores(portal, features)
        for t in ys.third_party
    ]
    return columns, rows
