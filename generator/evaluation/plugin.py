"""Pelican plugin: evaluation scores and sanctions on department pages, the rankings and methodology pages.

It only connects to the portal's signals (generator/signals.py); core and the rendering
plugin send them and never import this package. Everything shown is computed once per
build, when the Portal is announced, and kept in the build's ``features`` dict; the
methodology page is rendered from the same configuration object the scores were computed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import Markup

from .. import signals
from ..core.models import DepartmentKind
from ..core.problems import BuildError
from ..render.charts import bar_chart, line_chart
from ..render.filters import cndate
from ..render.urls import METHODOLOGY, RANKINGS
from .config import SOURCES, EvaluationConfig, SanctionSettings, check_evaluation, fmt, load_config
from .sanctions import DepartmentSanctions, YearSanctions, department_sanctions, year_sanctions
from .scoring import Evaluation, YearScore, archive_deductions, evaluate

#: This feature's key in the build's ``features`` dict.
FEATURE = "evaluation"


@dataclass
class PortalEvaluation:
    """Evaluation and sanctions of one derived Portal (None evaluation: no evaluation.yaml)."""

    evaluation: Evaluation | None
    sanctions: dict[str, DepartmentSanctions]


def compute(portal: Any) -> PortalEvaluation:
    """Read evaluation.yaml and compute scores and sanctions for this Portal."""
    config, problems = load_config(portal.content_root)
    if problems:  # `portal build` validated already; a plain `pelican` run gets here
        raise BuildError(problems)
    settings = config.sanctions if config else SanctionSettings()
    return PortalEvaluation(
        evaluate(portal, config) if config else None, department_sanctions(portal, settings)
    )


def score_chart(title: str, series: dict[str, list[tuple[str, float]]]) -> Markup:
    """Scores over the years, drawn by the site's chart helpers."""
    return line_chart(series, title=title, unit="分")


def _series(ev: Evaluation, dept_id: str) -> list[tuple[str, float]]:
    return [
        (str(y), round(s.score, 2)) for y, s in ev.scores[dept_id].items() if s.score is not None
    ]


@dataclass
class DepartmentEvaluation:
    """What the evaluation partial shows for one department."""

    years: list[YearScore]
    """Newest first."""
    chart: Markup | None
    config: EvaluationConfig
    as_of: date
    """The data date: a year not over then is labelled partial."""


def department_evaluation(ev: Evaluation, dept: Any) -> DepartmentEvaluation:
    """A department's scores newest first, with its chart (a partial year named in the title)."""
    series = _series(ev, dept.id)
    partial = f"（{ev.partial_year} 年为部分年度）" if ev.partial_year else ""
    title = f"{dept.name}政务诚信评价得分{partial}"
    chart = score_chart(title, {dept.name: series}) if series else None
    years = [ev.scores[dept.id][y] for y in reversed(ev.years)]
    return DepartmentEvaluation(years, chart, ev.config, ev.as_of)


# --------------------------------------------------------------------------- receivers


def on_portal_derived(sender: Any, features: dict, **_: Any) -> None:
    """Compute this build's evaluation once, before any page is written."""
    features[FEATURE] = compute(sender)


def on_department_context(
    sender: Any, department: Any, context: dict, features: dict, **_: Any
) -> None:
    """Add the department's scores and sanctions and the two partials that show them."""
    res: PortalEvaluation = features[FEATURE]
    context["dept_sanctions"] = res.sanctions[department.id]
    if res.evaluation is not None:
        context["evaluation"] = department_evaluation(res.evaluation, department)
        own = [e for e in sender.archive if e.department == department.id]
        context["archive_deductions"] = archive_deductions(res.evaluation, own)
        context.setdefault("sections", []).append("partials/evaluation.html")
    context.setdefault("sections", []).append("partials/sanctions.html")


def on_case_context(sender: Any, case: Any, context: dict, features: dict, **_: Any) -> None:
    """A dishonesty case's page lists every sanction the department page counts: the recorded
    ones and those the rules require (the honours ban from exposure, measures not recorded)."""
    res: PortalEvaluation = features[FEATURE]
    dept = res.sanctions.get(case.department.id)
    found = [cs for cs in (dept.cases if dept else []) if cs.case is case]
    if found:
        context["case_sanctions"] = found[0]
        context["sanctions_section"] = "partials/case_sanctions.html"


def partial_label(ev: Evaluation, year: int) -> str:
    """（部分年度，截至 …） after a year not over on the data date, else nothing."""
    return f"（部分年度，截至 {cndate(ev.as_of)}）" if year == ev.partial_year else ""


def kind_charts(ev: Evaluation, kind: DepartmentKind, tables: list) -> list[Markup]:
    """A kind's average, best and worst score over the years, and its latest year's scores."""
    spread: dict[str, list[tuple[str, float]]] = {"平均分": [], "最高分": [], "最低分": []}
    for year, rows in reversed(tables):
        scores = [round(ys.score, 2) for _, ys in rows if ys.score is not None]
        if scores:
            spread["平均分"].append((str(year), round(sum(scores) / len(scores), 2)))
            spread["最高分"].append((str(year), max(scores)))
            spread["最低分"].append((str(year), min(scores)))
    if not spread["平均分"]:
        return []
    partial = f"，{ev.partial_year} 年为部分年度" if ev.partial_year else ""
    out = [score_chart(f"{kind}历年得分（平均、最高、最低{partial}）", spread)]
    year, rows = tables[0]
    bars = [(d.name, round(ys.score, 2)) for d, ys in rows if ys.score is not None]
    if bars:
        title = f"{year} 年{kind}综合得分{partial_label(ev, year)}"
        out.append(bar_chart(bars, title=title, unit="分", max_value=ev.config.total))
    return out


def sanctions_by_year(
    ev: Evaluation, sanctions: dict[str, DepartmentSanctions]
) -> dict[str, dict[int, YearSanctions]]:
    """department id → year → the sanctions in force during that year (ranking rows)."""
    return {
        dept_id: {year: year_sanctions(ds, year, ev.as_of) for year in ev.years}
        for dept_id, ds in sanctions.items()
    }


def _rankings_context(
    portal: Any, ev: Evaluation, sanctions: dict[str, DepartmentSanctions]
) -> dict:
    kinds = []
    for kind in DepartmentKind:
        members = [d for d in portal.departments if d.kind == kind]
        if not members:
            continue
        tables = [(year, ev.ranking(year, kind, members)) for year in reversed(ev.years)]
        kinds.append({"kind": kind, "charts": kind_charts(ev, kind, tables), "tables": tables})
    return {
        "evaluation": ev,
        "config": ev.config,
        "kinds": kinds,
        "year_sanctions": sanctions_by_year(ev, sanctions),
        "partial_label": lambda year: partial_label(ev, year),
        "fmt": fmt,
    }


def on_write_pages(sender: Any, writer: Any, settings: dict, features: dict, **_: Any) -> None:
    """Write the rankings and methodology pages (only when an evaluation is configured)."""
    res: PortalEvaluation = features[FEATURE]
    if res.evaluation is None:
        return
    ctx = _rankings_context(sender, res.evaluation, res.sanctions)
    writer("rankings.html", RANKINGS, **ctx)
    writer("methodology.html", METHODOLOGY, sources=SOURCES, rules=sender.rules, **ctx)


def on_navigation(sender: Any, nav: list, features: dict, **_: Any) -> None:
    """One main-navigation link: the rankings page (it links to the methodology)."""
    if features[FEATURE].evaluation is not None:
        nav.append(("诚信评价", RANKINGS))


def on_check_content(sender: Any, **_: Any) -> list:
    """Validate evaluation.yaml against the content (``portal validate`` and every build)."""
    return check_evaluation(sender)


def register() -> None:
    """Pelican entry point: connect the receivers to the portal's signals."""
    signals.check_content.connect(on_check_content)
    signals.portal_derived.connect(on_portal_derived)
    signals.department_context.connect(on_department_context)
    signals.case_context.connect(on_case_context)
    signals.write_pages.connect(on_write_pages)
    signals.navigation.connect(on_navigation)
