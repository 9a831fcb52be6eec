"""Every portal page, written from the derived Portal: one ``write_*`` function per section.

Records are not Pelican articles (Pelican's cost grows with the square of the article
count): these functions render straight from :class:`generator.core.derive.Portal` with
the theme's templates, one period listing per department × kind × year. Everything
written depends only on the content and the as-of date: no clock, stable ordering,
so the same input gives byte-identical output.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from markupsafe import Markup

from .. import signals
from ..core.derive import Portal, PublicRecord
from ..core.kinds import RECORD_KINDS
from ..core.models import (
    ArchiveCategory,
    CaseKind,
    DepartmentKind,
    PromiseCategory,
    PromiseRating,
)
from ..core.states import ObjectionState
from . import charts, supervision, urls
from .filters import percent, slug_of

#: A period listing longer than this is split into month pages; the year page keeps one
#: short row per record (its permalink anchor) linking to the record's month page.
LISTING_PAGE_LIMIT = 2000

#: The main navigation before feature plugins append theirs: (title, site-relative url).
CORE_NAV = [
    ("首页", urls.HOME),
    ("部门诚信档案", urls.DEPARTMENTS),
    ("双公示", urls.SHUANGGONGSHI),
    ("政务承诺", urls.PROMISES),
    ("案例曝光", urls.CASES),
    ("社会监督", urls.SUPERVISION),
    ("异议与信用修复", urls.OBJECTIONS),
    ("工作动态", urls.UPDATES),
]

#: Sections every department page has, in order: (anchor id, heading).
DEPARTMENT_SECTIONS = [
    ("overview", "概况"),
    ("shuanggongshi", "双公示与按时公开"),
    ("promises", "政务承诺"),
    ("cases", "失信案例与守信典型"),
    ("civil-servants", "公务员诚信记录"),
    ("hotline", "12345 热线办理"),
    ("proposals", "建议提案办理"),
    *[(f"archive-{c.name}", f"诚信档案：{c.value}") for c in ArchiveCategory],
    ("debtor", "失信被执行人状态"),
    ("objections", "异议处理"),
]

# --------------------------------------------------------------------------- statistics


@dataclass
class OnTime:
    """On-time publication of a set of records (within the statutory working days)."""

    total: int = 0
    known: int = 0
    on_time: int = 0

    @property
    def rate(self) -> float | None:
        return self.on_time / self.known if self.known else None

    def add(self, record: PublicRecord) -> None:
        if record.uncounted:  # same rule as the evaluation: derive.timeliness_exclusion
            return
        self.total += 1
        if record.on_time is not None:
            self.known += 1
            self.on_time += bool(record.on_time)


def on_time_by_year(records: list[PublicRecord]) -> dict[int, OnTime]:
    """On-time statistics per decision year, oldest first (all records, withdrawn ones too)."""
    out: dict[int, OnTime] = defaultdict(OnTime)
    for r in records:
        out[r.record.decided_on.year].add(r)
    return dict(sorted(out.items()))


def record_sort_key(r: PublicRecord) -> tuple:
    """Listing order: newest decision first, then 文号 (stable across builds)."""
    return (-r.record.decided_on.toordinal(), r.record.decision_no)


# --------------------------------------------------------------------------- data for pages


class SiteData:
    """The Portal regrouped for pages: by department, kind and year, in stable order."""

    def __init__(self, portal: Portal, context: dict, features: dict[str, Any]):
        self.portal = portal
        self.context = context
        self.features = features
        """The build's per-feature state (generator/signals.py), passed on with every signal."""
        self.as_of = portal.as_of
        self.departments = list(portal.departments)  # the official order (部门排序), from derive
        self.records = sorted(portal.records, key=record_sort_key)
        self.listings: dict[tuple[str, str, int], list[PublicRecord]] = defaultdict(list)
        for r in self.records:
            self.listings[(r.department.id, r.kind, r.record.decided_on.year)].append(r)
        self.on_time_all = on_time_by_year(portal.all_records)
        self.on_time_dept = {
            dept_id: on_time_by_year(rs)
            for dept_id, rs in _group(portal.all_records, lambda r: r.department.id).items()
        }
        self.promises = sorted(
            portal.promises, key=lambda p: (p.promise.made_on, p.promise.id), reverse=True
        )
        self.cases = sorted(
            portal.cases, key=lambda c: (c.case.exposed_on, c.case.id), reverse=True
        )
        self.dishonesty = [c for c in self.cases if c.case.kind == CaseKind.dishonesty]
        self.exemplars = [c for c in self.cases if c.case.kind == CaseKind.exemplar]
        self.civil = sorted(
            portal.civil, key=lambda c: (c.record.decided_on, c.record.id), reverse=True
        )
        self.objections = sorted(
            portal.objections, key=lambda o: (o.objection.filed_on, o.objection.id), reverse=True
        )
        self.debtors = sorted(
            portal.debtors, key=lambda d: (d.listing.listed_on, d.listing.case_no), reverse=True
        )
        self.archive = sorted(portal.archive, key=lambda e: (e.on, e.id), reverse=True)
        self.hotline = sorted(portal.hotline, key=lambda h: h.year)
        self.proposals = sorted(portal.proposals, key=lambda p: (p.year, p.kind))
        self.updates = list(context.get("articles", []))

    def listing_years(self, dept_id: str) -> dict[str, list[tuple[int, int]]]:
        """Per kind, (year, count) of the department's public records, newest year first."""
        out: dict[str, list[tuple[int, int]]] = {}
        for kind in RECORD_KINDS:
            years = sorted(
                (
                    (y, len(rs))
                    for (d, k, y), rs in self.listings.items()
                    if d == dept_id and k == kind
                ),
                reverse=True,
            )
            out[kind] = years
        return out


def _group(items: list, key: Callable[[Any], Any]) -> dict[Any, list]:
    out: dict[Any, list] = {}
    for item in items:
        out.setdefault(key(item), []).append(item)
    return out


def rating_counts(promises: list) -> list[tuple[PromiseRating, int]]:
    """How many promises hold each rating, in the enum's order."""
    counts = Counter(p.rating for p in promises)
    return [(r, counts.get(r, 0)) for r in PromiseRating]


def rating_chart(promises: list, title: str) -> Markup:
    return charts.bar_chart(
        [(r.value, n) for r, n in rating_counts(promises)], title=title, unit="项"
    )


# --------------------------------------------------------------------------- pages

Write = Callable[..., None]


def write_home(write: Write, site: SiteData) -> None:
    """Home: headline figures, latest updates and case exposures, the data's as-of date."""
    year = max(site.on_time_all, default=site.as_of.year)
    stats = site.on_time_all.get(year, OnTime())
    figures = [
        ("公示部门", len(site.departments), "个"),
        ("公示中的双公示记录", len(site.records), "条"),
        (f"{year}年按时公示率", percent(stats.rate), ""),
        ("跟踪的政务承诺", len(site.promises), "项"),
        ("曝光的失信案例", len(site.dishonesty), "起"),
        ("失信被执行人（在列）", sum(1 for d in site.debtors if d.active), "个"),
    ]
    chart = charts.line_chart(
        {
            "按时公示率": [
                (str(y), round((s.rate or 0) * 100, 1)) for y, s in site.on_time_all.items()
            ]
        },
        title="全区双公示按时公示率（7个工作日内）",
        unit="%",
        max_value=100,
    )
    write(
        "home",
        urls.HOME,
        figures=figures,
        latest_updates=site.updates[:5],
        latest_cases=site.dishonesty[:5],
        latest_exemplars=site.exemplars[:3],
        on_time_chart=chart,
        rating_chart=rating_chart(site.promises, "政务承诺兑现评级"),
        page_title="首页",
    )


def department_summary(site: SiteData, dept_id: str) -> dict[str, Any]:
    """Counts shown for a department in the index and on its page."""
    years = site.on_time_dept.get(dept_id, {})
    latest = years[max(years)] if years else OnTime()
    return {
        "records": sum(len(rs) for (d, _, _), rs in site.listings.items() if d == dept_id),
        "on_time_rate": latest.rate,
        "on_time_year": max(years) if years else None,
        "promises": sum(1 for p in site.promises if p.department.id == dept_id),
        "cases": sum(1 for c in site.dishonesty if c.department.id == dept_id),
        "debtor": any(d.active and d.department.id == dept_id for d in site.debtors),
    }


def write_departments(write: Write, site: SiteData) -> None:
    """The department index (a section per kind) and one integrity page per department."""
    by_kind = [(kind, [d for d in site.departments if d.kind == kind]) for kind in DepartmentKind]
    summaries = {d.id: department_summary(site, d.id) for d in site.departments}
    write(
        "departments",
        urls.DEPARTMENTS,
        by_kind=by_kind,
        summaries=summaries,
        page_title="部门诚信档案",
    )
    promises = _group(site.promises, lambda p: p.department.id)
    cases = _group(site.cases, lambda c: c.department.id)
    civil = _group(site.civil, lambda c: c.department.id)
    archive = _group(site.archive, lambda e: e.department)
    hotline = _group(site.hotline, lambda h: h.department)
    proposals = _group(site.proposals, lambda p: p.department)
    proposal_items = _group(site.portal.proposal_items, lambda v: v.department.id)
    debtors = _group(site.debtors, lambda d: d.department.id)
    objections = _group(site.objections, lambda o: o.department.id)
    names = {d.id: d.name for d in site.departments}
    for dept in site.departments:
        on_time = site.on_time_dept.get(dept.id, {})
        dept_archive = archive.get(dept.id, [])
        dept_civil = civil.get(dept.id, [])
        context: dict[str, Any] = {
            "department": dept,
            "parent_name": names.get(dept.parent or ""),
            "summary": summaries[dept.id],
            "sections": [],
            "section_list": list(DEPARTMENT_SECTIONS),
            "listing_years": site.listing_years(dept.id),
            "record_kinds": RECORD_KINDS,
            "on_time": on_time,
            "on_time_chart": charts.bar_chart(
                [(f"{y}年", round((s.rate or 0) * 100, 1)) for y, s in on_time.items() if s.known],
                title=f"{dept.name}按时公示率（按决定年份）",
                unit="%",
                max_value=100,
            ),
            "promises": promises.get(dept.id, []),
            "promise_chart": rating_chart(promises.get(dept.id, []), f"{dept.name}政务承诺评级"),
            "dishonesty": [c for c in cases.get(dept.id, []) if c.case.kind == CaseKind.dishonesty],
            "exemplars": [c for c in cases.get(dept.id, []) if c.case.kind == CaseKind.exemplar],
            "civil": dept_civil,
            "civil_counts": sorted(Counter(c.record.source.value for c in dept_civil).items()),
            "hotline": [
                (h, _figures_label(h, site.as_of))
                for h in reversed(hotline.get(dept.id, []))
                if h.year <= site.as_of.year
            ],
            "proposals": [
                (p, _figures_label(p, site.as_of))
                for p in sorted(proposals.get(dept.id, []), key=lambda p: (-p.year, p.kind))
                if p.year <= site.as_of.year
            ],
            "proposal_items": _newest_items(proposal_items.get(dept.id, [])),
            "proposal_items_unpublished": site.portal.proposal_items_unpublished.get(dept.id, 0),
            "archive": [(c, [e for e in dept_archive if e.category == c]) for c in ArchiveCategory],
            "debtors": debtors.get(dept.id, []),
            "debtor_active": summaries[dept.id]["debtor"],
            "restrictions": site.portal.rules.debtor_restrictions,
            "objections": objections.get(dept.id, []),
            "page_title": dept.name,
        }
        signals.department_context.send(
            site.portal, department=dept, context=context, features=site.features
        )
        write("department", urls.department_url(dept.id), **context)


def _figures_label(figures: Any, as_of: Any) -> str:
    """A yearly figures row's year as shown: partial years say so and up to when."""
    cut = supervision.cut_off(figures.year, figures.through, as_of)
    return supervision.year_label(figures.year, cut)


def _newest_items(items: list) -> list:
    """Suggestions and proposals newest year first, then by kind and number (〔2026〕5号 before 12号)."""
    return sorted(items, key=lambda v: (-v.item.year, v.item.kind, _serial(v.item.number)))


def _serial(number: str) -> tuple[int, str]:
    """The serial in a register number (示人大建〔2026〕12号 → 12), then the text for ties."""
    digits = re.findall(r"\d+", number.rsplit("〕", 1)[-1])
    return (int(digits[-1]) if digits else 0, number)


def _month_pages(
    records: list[PublicRecord], dept_id: str, kind: str, year: int
) -> list[tuple[str, str, list[PublicRecord]]]:
    """Split a long year listing on month boundaries: (label, save_as, records), newest month first."""
    months = _group(records, lambda r: r.record.decided_on.month)
    return [
        (f"{m}月", urls.listing_month_url(dept_id, kind, year, m), months[m])
        for m in sorted(months, reverse=True)
    ]


def write_listings(write: Write, site: SiteData) -> None:
    """One listing per department × kind × year (split by month past LISTING_PAGE_LIMIT), and the index."""
    names = {d.id: d for d in site.departments}
    for (dept_id, kind, year), records in sorted(site.listings.items()):
        save_as = urls.listing_url(dept_id, kind, year)
        common = {
            "department": names[dept_id],
            "kind": kind,
            "kind_label": RECORD_KINDS[kind].label,
            "year": year,
        }
        title = f"{names[dept_id].name} {year}年{RECORD_KINDS[kind].label}公示"
        if len(records) <= LISTING_PAGE_LIMIT:
            write("listing", save_as, records=records, months=None, page_title=title, **common)
            continue
        months = _month_pages(records, dept_id, kind, year)
        month_of = {r.key: page.rsplit("/", 1)[-1] for _, page, rs in months for r in rs}
        write(
            "listing",
            save_as,
            records=records,
            months=months,
            month_of=month_of,
            page_title=title,
            **common,
        )
        for label, page, rs in months:
            write(
                "listing",
                page,
                records=rs,
                months=None,
                year_page=save_as.rsplit("/", 1)[-1],
                page_title=f"{title}（{label}）",
                **common,
            )
    table = [(d, site.listing_years(d.id)) for d in site.departments]
    write(
        "listings",
        urls.SHUANGGONGSHI,
        table=table,
        record_kinds=RECORD_KINDS,
        page_title="双公示",
        only=None,
        month_grid=month_grid(district_months(site.records)),
        latest_days=latest_days(site.context),
    )
    for dept, years in table:
        write(
            "listings",
            urls.department_listings_url(dept.id),
            table=[(dept, years)],
            record_kinds=RECORD_KINDS,
            page_title=f"{dept.name}双公示",
            only=dept,
        )


# --------------------------------------------------------------------------- district-wide 双公示


def latest_days(settings: dict) -> int:
    """How many days back the district-wide latest list reaches (PORTAL_LATEST_DAYS)."""
    return int(settings.get("PORTAL_LATEST_DAYS") or 90)


def district_months(records: list[PublicRecord]) -> dict[tuple[int, int], list[PublicRecord]]:
    """Records by (year, month) of decision, every department together, in the records' order."""
    out: dict[tuple[int, int], list[PublicRecord]] = {}
    for r in records:
        out.setdefault((r.record.decided_on.year, r.record.decided_on.month), []).append(r)
    return out


def month_grid(months: dict[tuple[int, int], list]) -> list[tuple[int, list[tuple[int, int]]]]:
    """Per year, newest first, (month, record count) for months 1–12 (0 where there is none)."""
    years = sorted({y for y, _ in months}, reverse=True)
    return [(y, [(m, len(months.get((y, m), []))) for m in range(1, 13)]) for y in years]


def _parts(records: list[PublicRecord]) -> list[list[PublicRecord]]:
    """A month's records cut into pages of at most LISTING_PAGE_LIMIT rows."""
    return [records[i : i + LISTING_PAGE_LIMIT] for i in range(0, len(records), LISTING_PAGE_LIMIT)]


def write_district_listings(write: Write, site: SiteData) -> None:
    """双公示 across all departments: the latest decisions, and one page per month (split past
    LISTING_PAGE_LIMIT). Rows link to each record's permalink; the record itself stays there."""
    days = latest_days(site.context)
    since = site.as_of - timedelta(days=days)
    recent = [r for r in site.records if since < r.record.decided_on <= site.as_of]
    write(
        "district_listing",
        urls.SHUANGGONGSHI_LATEST,
        records=recent[:LISTING_PAGE_LIMIT],
        total=len(recent),
        since=since + timedelta(days=1),
        latest=True,
        page_title=f"最新双公示（近{days}天，全区）",
    )
    months = district_months(site.records)
    order = sorted(months, reverse=True)
    for n, (year, month) in enumerate(order):
        parts = _parts(months[(year, month)])
        pager = [urls.district_month_url(year, month, i) for i in range(1, len(parts) + 1)]
        newer = order[n - 1] if n else None
        older = order[n + 1] if n + 1 < len(order) else None
        for i, rows in enumerate(parts, 1):
            title = f"{year}年{month}月双公示（全区）"
            write(
                "district_listing",
                urls.district_month_url(year, month, i),
                records=rows,
                total=len(months[(year, month)]),
                latest=False,
                year=year,
                month=month,
                part=i,
                pager=pager,
                newer=newer,
                older=older,
                page_title=title if len(parts) == 1 else f"{title}（第{i}页）",
            )


def write_promises(write: Write, site: SiteData) -> None:
    """The promise tracker, its static pre-filtered pages, and one page per promise."""
    filters = {
        "department": [
            (d.name, urls.promise_filter_url("department", d.id), d.id) for d in site.departments
        ],
        "category": [
            (c.value, urls.promise_filter_url("category", slug_of(c)), c) for c in PromiseCategory
        ],
        "rating": [
            (r.value, urls.promise_filter_url("rating", slug_of(r)), r) for r in PromiseRating
        ],
    }
    common = {"filters": filters, "counts": rating_counts(site.promises)}
    write(
        "promises",
        urls.PROMISES,
        items=site.promises,
        current=None,
        chart=rating_chart(site.promises, "政务承诺兑现评级（全区）"),
        page_title="政务承诺",
        **common,
    )
    select = {
        "department": lambda p, v: p.department.id == v,
        "category": lambda p, v: p.promise.category == v,
        "rating": lambda p, v: p.rating == v,
    }
    labels = {"department": "承诺单位", "category": "承诺类别", "rating": "当前评级"}
    for dimension, options in filters.items():
        for label, save_as, value in options:
            items = [p for p in site.promises if select[dimension](p, value)]
            write(
                "promises",
                save_as,
                items=items,
                current=save_as,
                current_label=f"{labels[dimension]}：{label}",
                chart=None,
                page_title=f"政务承诺：{label}",
                **common,
            )
    for view in site.promises:
        write(
            "promise", urls.promise_url(view.promise.id), view=view, page_title=view.display_title
        )


def write_cases(write: Write, site: SiteData) -> None:
    """Dishonesty exposure, good-faith exemplars, and one page per case."""
    write(
        "cases",
        urls.CASES,
        items=site.dishonesty,
        kind=CaseKind.dishonesty,
        page_title="失信案例曝光",
    )
    write(
        "cases",
        urls.EXEMPLARS,
        items=site.exemplars,
        kind=CaseKind.exemplar,
        page_title="守信典型",
    )
    for view in site.cases:
        context: dict[str, Any] = {"view": view, "page_title": view.case.title}
        signals.case_context.send(site.portal, case=view, context=context, features=site.features)
        write("case", urls.case_url(view.case.id), **context)


def objection_figures(objections: list) -> dict[str, Any]:
    """Counts per state and the share answered within the deadline (of those due or answered)."""
    states = Counter(o.state for o in objections)
    decided = [o for o in objections if o.on_time is not None]
    return {
        "total": len(objections),
        "states": [(s, states.get(s, 0)) for s in ObjectionState],
        "on_time_rate": (sum(1 for o in decided if o.on_time) / len(decided)) if decided else None,
    }


def write_objections(write: Write, site: SiteData) -> None:
    """The objection and credit-repair procedure with answer-time figures."""
    per_dept = _group(site.objections, lambda o: o.department.id)
    rows = [
        (d, objection_figures(per_dept.get(d.id, [])))
        for d in site.departments
        if per_dept.get(d.id)
    ]
    figures = objection_figures(site.objections)
    chart = charts.bar_chart(figures["states"], title="异议办理情况", unit="件")
    write(
        "objections",
        urls.OBJECTIONS,
        figures=figures,
        rows=rows,
        chart=chart,
        objections=site.objections,
        repairs=len(site.portal.repairs),
        workdays=site.portal.rules.objection_answer_workdays,
        withdrawn=sorted(site.portal.withdrawn_counts.items()),
        page_title="异议申诉与信用修复",
    )
    repairs = site.portal.repairs
    by_year = _group(repairs, lambda r: r.repaired_on.year)
    write(
        "repairs",
        urls.REPAIRS,
        repairs=repairs,
        by_year=sorted(by_year.items(), reverse=True),
        per_kind=sorted(Counter(r.kind for r in repairs).items()),
        page_title="信用修复",
    )


# --------------------------------------------------------------------------- social supervision (三(二))


def write_supervision(write: Write, site: SiteData) -> None:
    """The district pages of the 12345 hotline and NPC/CPPCC proposal handling, and their index."""
    hotline = supervision.hotline_years(site.hotline, site.departments, site.as_of)
    proposals = supervision.proposal_years(site.proposals, site.departments, site.as_of)
    items = _newest_items(site.portal.proposal_items)
    unpublished = sum(site.portal.proposal_items_unpublished.values())
    write(
        "supervision",
        urls.SUPERVISION,
        hotline=hotline[:2],
        proposals=proposals[:2],
        items=len(items),
        page_title="社会监督：12345 热线和建议提案办理",
    )
    write(
        "hotline",
        urls.HOTLINE,
        years=hotline,
        charts=supervision.hotline_charts(hotline) if hotline else [],
        page_title="12345 市民服务热线办理情况（全区）",
    )
    write(
        "proposals",
        urls.PROPOSALS,
        years=proposals,
        kinds=supervision.PROPOSAL_KINDS,
        charts=supervision.proposal_charts(proposals) if proposals else [],
        items=_group(items, lambda v: v.item.year),
        unpublished=unpublished,
        page_title="人大代表建议、政协委员提案办理情况（全区）",
    )


def write_misc(write: Write, site: SiteData) -> None:
    """Sitemap page, contact page (unless a Pelican page has that address), feeds page, 404."""
    context = site.context
    pages = [p for p in context.get("pages", []) if p.save_as]
    taken = {p.save_as for p in pages}
    if urls.CONTACT not in taken:
        write("contact", urls.CONTACT, page_title="联系我们")
    write("feeds", urls.FEEDS, page_title="订阅")
    write("404", urls.NOT_FOUND, page_title="页面未找到")
    sections = list(context["PORTAL_NAV"])
    write(
        "sitemap",
        urls.SITEMAP,
        nav=sections,
        departments=site.departments,
        pages=pages,
        categories=[c for c, _ in context.get("categories", [])],
        page_title="网站地图",
    )


