"""Pelican plugin: evaluation scores and sanctions on department pages, the rankings and methodology pages.

It only connects to the portal's signals (generator/signals.py); the core plugin sends them.
Everything shown is computed once per derived Portal by :mod:`generator.evaluation`, and the
methodology page is rendered from the same configuration object the scores were computed with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from . import signals
from .evaluation import (
    METHODOLOGY_PATH,
    RANKINGS_PATH,
    SOURCES,
    DepartmentSanctions,
    Evaluation,
    EvaluationConfig,
    SanctionSettings,
    YearScore,
    department_sanctions,
    evaluate,
    fmt,
    load_config,
)
from .models import DepartmentKind
from .urls import department_url


@dataclass
class PortalEvaluation:
    """Evaluation and sanctions of one derived Portal (None evaluation: no evaluation.yaml)."""

    evaluation: Evaluation | None
    sanctions: dict[str, DepartmentSanctions]


#: Results per derived Portal, keyed by its id; the Portal is kept so the id stays unique.
_RESULTS: dict[int, tuple[Any, PortalEvaluation]] = {}


def results(portal: Any) -> PortalEvaluation:
    """The evaluation and sanctions of a Portal, computed once per build."""
    cached = _RESULTS.get(id(portal))
    if cached is not None and cached[0] is portal:
        return cached[1]
    return compute(portal)


def compute(portal: Any, **_: Any) -> PortalEvaluation:
    """Read evaluation.yaml afresh and compute; run at the start of every build.

    The pipeline reuses a derived Portal within a process, so the configuration is
    re-read here rather than cached with it: an edited weight shows in the next build.
    """
    config, _problems = load_config(portal.content)  # problems stop the build in validate
    settings = config.sanctions if config else SanctionSettings()
    out = PortalEvaluation(
        evaluate(portal, config) if config else None, department_sanctions(portal, settings)
    )
    _RESULTS.clear()  # one build at a time: do not keep old portals alive
    _RESULTS[id(portal)] = (portal, out)
    return out


def score_chart(title: str, series: dict[str, list[tuple[str, float]]]) -> Markup:
    """Scores over the years, drawn by the site's chart helpers."""
    from .charts import line_chart

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


def department_evaluation(ev: Evaluation, dept: Any) -> DepartmentEvaluation:
    series = _series(ev, dept.id)
    chart = score_chart(f"{dept.name}政务诚信评价得分", {dept.name: series}) if series else None
    years = [ev.scores[dept.id][y] for y in reversed(ev.years)]
    return DepartmentEvaluation(years, chart, ev.config)


# --------------------------------------------------------------------------- receivers


def on_department_context(sender: Any, department: Any, context: dict, **_: Any) -> None:
    """Add the department's scores and sanctions and the two partials that show them."""
    res = results(sender)
    context["dept_sanctions"] = res.sanctions[department.id]
    context["eval_urls"] = {"rankings": RANKINGS_PATH, "methodology": METHODOLOGY_PATH}
    if res.evaluation is not None:
        context["evaluation"] = department_evaluation(res.evaluation, department)
        context.setdefault("sections", []).append("partials/evaluation.html")
    context.setdefault("sections", []).append("partials/sanctions.html")


def kind_charts(ev: Evaluation, kind: DepartmentKind, tables: list) -> list[Markup]:
    """A kind's average, best and worst score over the years, and its latest year's scores."""
    from .charts import bar_chart

    spread: dict[str, list[tuple[str, float]]] = {"平均分": [], "最高分": [], "最低分": []}
    for year, rows in reversed(tables):
        scores = [round(ys.score, 2) for _, ys in rows if ys.score is not None]
        if scores:
            spread["平均分"].append((str(year), round(sum(scores) / len(scores), 2)))
            spread["最高分"].append((str(year), max(scores)))
            spread["最低分"].append((str(year), min(scores)))
    if not spread["平均分"]:
        return []
    out = [score_chart(f"{kind}历年得分（平均、最高、最低）", spread)]
    year, rows = tables[0]
    bars = [(d.name, round(ys.score, 2)) for d, ys in rows if ys.score is not None]
    if bars:
        out.append(
            bar_chart(bars, title=f"{year} 年{kind}综合得分", unit="分", max_value=ev.config.total)
        )
    return out


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
        "dept_sanctions": sanctions,
        "department_url": department_url,
        "eval_urls": {"rankings": RANKINGS_PATH, "methodology": METHODOLOGY_PATH},
        "fmt": fmt,
    }


def on_write_pages(sender: Any, writer: Any, settings: dict, **_: Any) -> None:
    """Write the rankings and methodology pages (only when an evaluation is configured)."""
    res = results(sender)
    if res.evaluation is None:
        return
    ctx = _rankings_context(sender, res.evaluation, res.sanctions)
    writer("rankings.html", RANKINGS_PATH, **ctx)
    writer("methodology.html", METHODOLOGY_PATH, sources=SOURCES, rules=sender.rules, **ctx)


def on_navigation(sender: Any, nav: list, **_: Any) -> None:
    """One main-navigation link: the rankings page (it links to the methodology)."""
    if results(sender).evaluation is not None:
        nav.append(("诚信评价", RANKINGS_PATH))


def register() -> None:
    """Pelican entry point: connect the receivers to the portal's signals."""
    signals.portal_derived.connect(compute)
    signals.department_context.connect(on_department_context)
    signals.write_pages.connect(on_write_pages)
    signals.navigation.connect(on_navigation)
