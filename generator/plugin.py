"""The portal's core Pelican plugin: every page made from the derived Portal.

Records are not Pelican articles (Pelican's cost grows with the square of the
article count): a :class:`PortalGenerator` renders the portal's pages straight
from :class:`generator.derive.Portal` with the theme's Jinja environment, one
period listing per department × kind × year. Press updates and pages stay
ordinary Pelican content; their Markdown HTML is sanitised with nh3 here.

Everything written depends only on the content and the as-of date: no clock,
stable ordering, so the same input gives byte-identical output.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import nh3
from markupsafe import Markup
from pelican import signals as pelican_signals
from pelican.generators import Generator

from . import charts, feeds
from . import signals as portal_signals
from .derive import ACT_KINDS, Portal, PublicRecord, listing_path
from .models import (
    ArchiveCategory,
    CaseKind,
    DepartmentKind,
    PromiseCategory,
    PromiseRating,
)
from .pipeline import portal_for
from .urls import case_url, department_url, promise_url

#: A period listing longer than this is split into month pages; the year page keeps one
#: short row per record (its permalink anchor) linking to the record's month page.
LISTING_PAGE_LIMIT = 2000

#: The main navigation before feature plugins append theirs: (title, site-relative url).
CORE_NAV = [
    ("首页", "index.html"),
    ("部门诚信档案", "departments/index.html"),
    ("双公示", "shuanggongshi/index.html"),
    ("政务承诺", "promises/index.html"),
    ("案例曝光", "cases/index.html"),
    ("异议与信用修复", "objections/index.html"),
    ("工作动态", "updates/index.html"),
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

# --------------------------------------------------------------------------- sanitising

#: Tags press-office Markdown may produce; everything else is removed (its text kept).
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
    "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "ol": {"start"},
}


def _no_remote_images(tag: str, attr: str, value: str) -> str | None:
    """Drop image sources on other hosts: pages make no external requests."""
    if (
        tag == "img"
        and attr == "src"
        and value.strip().lower().startswith(("http:", "https:", "//"))
    ):
        return None
    return value


def sanitise(html: str) -> str:
    """Clean press-office HTML with nh3: allow-listed tags, http(s)/mailto links only."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_no_remote_images,
    )


def _sanitise_content(content: Any) -> None:
    """Pelican content_object_init: sanitise an article's or page's HTML and summary."""
    if getattr(content, "_content", None):
        content._content = sanitise(content._content)
    summary = content.metadata.get("summary") if hasattr(content, "metadata") else None
    if isinstance(summary, str):
        content.metadata["summary"] = sanitise(summary)
        if hasattr(content, "_summary"):
            content._summary = content.metadata["summary"]


# --------------------------------------------------------------------------- template helpers


def cndate(value: date | None) -> str:
    """2026-11-28 → 2026年11月28日 (empty for None)."""
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else ""


def percent(value: float | None) -> str:
    """0.8765 → 87.7%; None → 无数据."""
    return "无数据" if value is None else f"{value * 100:.1f}%"


def wan(value: Any) -> str:
    """An amount in 万元 as shown."""
    return "" if value is None else f"{value}万元"


def slug_of(enum_value: Any) -> str:
    """The ASCII URL slug of an enum member (its Python name)."""
    return enum_value.name.replace("_", "-")


def evidence_href(url: str | None, root: str) -> str | None:
    """An evidence link: site-relative paths ("/x") become relative to the page."""
    if not url:
        return None
    return root + url.lstrip("/") if url.startswith("/") else url


def _add_filters(generator: Generator) -> None:
    """Pelican generator_init: the portal's filters in every generator's Jinja env."""
    generator.env.filters.update(
        {
            "cndate": cndate,
            "percent": percent,
            "wan": wan,
            "slug_of": slug_of,
            "evidence_href": evidence_href,
        }
    )


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


# --------------------------------------------------------------------------- generator


class PortalGenerator(Generator):
    """Writes every portal page from the derived Portal, and lets feature plugins write theirs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.portal: Portal | None = None
        self.written: list[str] = []

    # -- context

    def generate_context(self) -> None:
        """Derive (or reuse) the portal, announce it and collect the navigation."""
        # `portal build` always sets the date; plain `pelican` runs (make devserver) mean today,
        # as docs/settings.md says.
        configured = self.settings.get("PORTAL_AS_OF")
        as_of = date.fromisoformat(str(configured)) if configured else date.today()
        self.portal = portal_for(Path(self.settings["PATH"]), as_of)
        portal_signals.portal_derived.send(self.portal)
        nav = list(CORE_NAV)
        portal_signals.navigation.send(self.portal, nav=nav)
        self.context["PORTAL_NAV"] = nav
        self.context["PORTAL_AS_OF"] = as_of.isoformat()

    # -- writing

    def _writer_for(self, writer: Any) -> Callable[..., None]:
        """A callable(template_name, save_as, **context) that renders with this theme."""

        def write(template_name: str, save_as: str, **context: Any) -> None:
            name = template_name[:-5] if template_name.endswith(".html") else template_name
            template = self.get_template(name)
            depth = save_as.count("/")
            context.setdefault("root", "../" * depth)
            context.setdefault("portal", self.portal)
            writer.write_file(save_as, template, self.context, relative_urls=True, **context)
            if save_as.endswith(".html"):
                self.written.append(save_as)

        return write

    def generate_output(self, writer: Any) -> None:
        """Render every page; feature plugins write theirs through the same writer."""
        portal = self.portal
        assert portal is not None
        write = self._writer_for(writer)
        site = SiteData(portal, self.context)
        write_home(write, site)
        write_departments(write, site)
        write_listings(write, site)
        write_promises(write, site)
        write_cases(write, site)
        write_objections(write, site)
        portal_signals.write_pages.send(portal, writer=write, settings=self.settings)
        write_misc(write, site, self)
        feeds.write_feeds(Path(self.output_path), site, self.settings)
        feeds.write_sitemap(
            Path(self.output_path),
            sorted(set(self.written) | set(pelican_paths(self.context))),
            self.settings,
        )


def pelican_paths(context: dict) -> list[str]:
    """Site-relative paths of the pages Pelican itself writes (updates, pages, categories)."""
    paths = [a.save_as for a in context.get("articles", []) if a.save_as]
    paths += [p.save_as for p in context.get("pages", []) if p.save_as]
    paths += [c.save_as for c, _ in context.get("categories", []) if c.save_as]
    if context.get("INDEX_SAVE_AS") and context.get("articles"):
        paths.append(context["INDEX_SAVE_AS"])
    return paths


# --------------------------------------------------------------------------- data for pages


class SiteData:
    """The Portal regrouped for pages: by department, kind and year, in stable order."""

    def __init__(self, portal: Portal, context: dict):
        self.portal = portal
        self.context = context
        self.as_of = portal.as_of
        self.departments = sorted(portal.departments, key=lambda d: d.id)
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
        content = portal.content
        self.archive = sorted(content.records("archive"), key=lambda e: (e.on, e.id), reverse=True)
        self.hotline = sorted(content.records("hotline"), key=lambda h: h.year)
        self.proposals = sorted(content.records("proposals"), key=lambda p: (p.year, p.kind))
        self.updates = list(context.get("articles", []))

    def listing_years(self, dept_id: str) -> dict[str, list[tuple[int, int]]]:
        """Per kind, (year, count) of the department's public records, newest year first."""
        out: dict[str, list[tuple[int, int]]] = {}
        for kind in ACT_KINDS:
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
        "index.html",
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
        "departments/index.html",
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
            "act_kinds": ACT_KINDS,
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
            "hotline": hotline.get(dept.id, []),
            "proposals": proposals.get(dept.id, []),
            "archive": [(c, [e for e in dept_archive if e.category == c]) for c in ArchiveCategory],
            "debtors": debtors.get(dept.id, []),
            "debtor_active": summaries[dept.id]["debtor"],
            "restrictions": site.portal.rules.debtor_restrictions,
            "objections": objections.get(dept.id, []),
            "page_title": dept.name,
        }
        portal_signals.department_context.send(site.portal, department=dept, context=context)
        write("department", department_url(dept.id), **context)


def _month_pages(
    records: list[PublicRecord], base: str
) -> list[tuple[str, str, list[PublicRecord]]]:
    """Split a long year listing on month boundaries: (label, save_as, records), newest month first."""
    months = _group(records, lambda r: r.record.decided_on.month)
    return [(f"{m}月", f"{base}-{m:02d}.html", months[m]) for m in sorted(months, reverse=True)]


def write_listings(write: Write, site: SiteData) -> None:
    """One listing per department × kind × year (split by month past LISTING_PAGE_LIMIT), and the index."""
    names = {d.id: d for d in site.departments}
    for (dept_id, kind, year), records in sorted(site.listings.items()):
        save_as = listing_path(dept_id, kind, year)
        common = {
            "department": names[dept_id],
            "kind": kind,
            "kind_label": ACT_KINDS[kind][0],
            "year": year,
        }
        title = f"{names[dept_id].name} {year}年{ACT_KINDS[kind][0]}公示"
        if len(records) <= LISTING_PAGE_LIMIT:
            write("listing", save_as, records=records, months=None, page_title=title, **common)
            continue
        months = _month_pages(records, save_as[: -len(".html")])
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
        "shuanggongshi/index.html",
        table=table,
        act_kinds=ACT_KINDS,
        page_title="双公示",
        only=None,
    )
    for dept, years in table:
        write(
            "listings",
            f"shuanggongshi/{dept.id}/index.html",
            table=[(dept, years)],
            act_kinds=ACT_KINDS,
            page_title=f"{dept.name}双公示",
            only=dept,
        )


def write_promises(write: Write, site: SiteData) -> None:
    """The promise tracker, its static pre-filtered pages, and one page per promise."""
    filters = {
        "department": [
            (d.name, f"promises/department/{d.id}.html", d.id) for d in site.departments
        ],
        "category": [(c.value, f"promises/category/{slug_of(c)}.html", c) for c in PromiseCategory],
        "rating": [(r.value, f"promises/rating/{slug_of(r)}.html", r) for r in PromiseRating],
    }
    common = {"filters": filters, "counts": rating_counts(site.promises)}
    write(
        "promises",
        "promises/index.html",
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
        write("promise", promise_url(view.promise.id), view=view, page_title=view.promise.title)


def write_cases(write: Write, site: SiteData) -> None:
    """Dishonesty exposure, good-faith exemplars, and one page per case."""
    write(
        "cases",
        "cases/index.html",
        items=site.dishonesty,
        kind=CaseKind.dishonesty,
        page_title="失信案例曝光",
    )
    write(
        "cases",
        "cases/exemplars.html",
        items=site.exemplars,
        kind=CaseKind.exemplar,
        page_title="守信典型",
    )
    for view in site.cases:
        write("case", case_url(view.case.id), view=view, page_title=view.case.title)


def objection_figures(objections: list) -> dict[str, Any]:
    """Counts per state and the share answered within the deadline (of those due or answered)."""
    states = Counter(o.state for o in objections)
    decided = [o for o in objections if o.on_time is not None]
    return {
        "total": len(objections),
        "states": [(s, states.get(s, 0)) for s in ("按期答复", "逾期答复", "办理中", "逾期未答复")],
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
        "objections/index.html",
        figures=figures,
        rows=rows,
        chart=chart,
        workdays=site.portal.rules.objection_answer_workdays,
        withdrawn=sorted(site.portal.withdrawn_counts.items()),
        page_title="异议申诉与信用修复",
    )


def write_misc(write: Write, site: SiteData, generator: PortalGenerator) -> None:
    """Sitemap page, contact page (unless a Pelican page has that address), feeds page, 404."""
    pages = [p for p in generator.context.get("pages", []) if p.save_as]
    taken = {p.save_as for p in pages}
    if "contact.html" not in taken:
        write("contact", "contact.html", page_title="联系我们")
    write("feeds", "feeds/index.html", page_title="订阅")
    write("404", "404.html", page_title="页面未找到")
    sections = [(title, url) for title, url in generator.context["PORTAL_NAV"]]
    write(
        "sitemap",
        "sitemap.html",
        nav=sections,
        departments=site.departments,
        pages=pages,
        categories=[c for c, _ in generator.context.get("categories", [])],
        page_title="网站地图",
    )


# --------------------------------------------------------------------------- registration


def get_generators(_pelican: Any) -> type[Generator]:
    return PortalGenerator


def register() -> None:
    """Connect the generator, the Markdown sanitiser and the template filters."""
    pelican_signals.get_generators.connect(get_generators)
    pelican_signals.content_object_init.connect(_sanitise_content)
    pelican_signals.generator_init.connect(_add_filters)
