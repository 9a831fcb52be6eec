"""The catalogue of open datasets: each with its names, description and the function making its rows.

One function per dataset returns ``(columns, rows)``; every file format (CSV, JSON,
SQLite, datapackage.json, Datasette metadata) and the download pages are written from
those, so they agree. The rule for what goes in: **what the pages publish, nothing else**.
Withdrawn records are not in the Portal, so they are in no dataset; names are as the
pages show them (``PublicRecord.subject``, civil servants' ``display_name``); a field the
pages do not show is left out, except in the 双公示 files, which keep every column of the
national layout (so the city platform ingests them unchanged) and leave such a column
empty (``Column.withheld`` says why).

The datasets live in acts.py (双公示 and other acts), records.py (the hand-kept data) and
scores.py (the evaluation feature's results); columns.py has what they are made of.
"""

from __future__ import annotations

from ..core.derive import Portal
from .acts import licenses, other_acts, penalties, publication_timeliness
from .columns import Dataset, Table
from .records import (
    archive,
    case_sanctions,
    cases,
    civil_servant_records,
    credit_repairs,
    debtor_listings,
    departments,
    hotline,
    objections,
    promise_ratings,
    promises,
    proposal_items,
    proposals,
)
from .scores import evaluation_indicators, evaluation_scores, third_party

# --------------------------------------------------------------------------- the catalogue

_DEPT_EN = "One row per department"

#: Every dataset, in the order of the download page, the database and datapackage.json.
DATASETS: list[Dataset] = [
    Dataset(
        "penalties",
        "行政处罚",
        "Administrative penalties",
        "双公示行政处罚信息，按国家标准字段顺序和中文表头，另附公示日期、法定期限、按时情况和本条链接。",
        "Administrative penalties (双公示) in the national column layout with its Chinese "
        "headers, then the portal's columns: publication date, statutory deadline, on time, permalink.",
        penalties,
        ("处罚决定日期", "公示日期"),
    ),
    Dataset(
        "licenses",
        "行政许可",
        "Administrative licences",
        "双公示行政许可信息，按国家标准字段顺序和中文表头，另附公示日期、法定期限、按时情况和本条链接。",
        "Administrative licences (双公示) in the national column layout with its Chinese "
        "headers, then the portal's columns: publication date, statutory deadline, on time, permalink.",
        licenses,
        ("许可决定日期", "公示日期"),
    ),
    Dataset(
        "other_acts",
        "其他行政行为",
        "Other administrative acts",
        "行政强制、行政确认、行政征收、行政给付信息，字段与双公示格式相仿。",
        "Administrative enforcement, confirmation, levy and payment decisions, in a layout "
        "shaped like the 双公示 one.",
        other_acts,
        ("决定日期", "公示日期"),
    ),
    Dataset(
        "publication_timeliness",
        "双公示按时公开统计",
        "On-time publication counts",
        "按部门、决定年度和类别统计的按时上网公示情况，含已撤销、已修复、公示期满而不再公示的记录（只计数），"
        "首页、部门页和诚信评价中的按时公开率均可由此复算（按时公开 ÷ 可判断）。",
        "On-time publication per department, decision year and kind, counting withdrawn records "
        "too (numbers only): every on-time rate the pages show is on_time / known here.",
        publication_timeliness,
    ),
    Dataset(
        "cases",
        "失信案例与守信典型",
        "Dishonesty cases and good-faith exemplars",
        "政务失信案例曝光和守信典型，每条附案例页面链接。",
        "Government dishonesty cases exposed and good-faith exemplars, each with its page.",
        cases,
        ("exposed_on",),
    ),
    Dataset(
        "case_sanctions",
        "失信案例惩戒措施",
        "Sanctions in dishonesty cases",
        "失信案例的惩戒措施、整改期限和截至数据日期的状态。",
        "Sanctions applied in dishonesty cases, with deadlines and their state on the data date.",
        case_sanctions,
        ("imposed_on", "completed_on"),
    ),
    Dataset(
        "promises",
        "政务承诺",
        "Government promises",
        "招商引资政策、PPP 项目、重要涉企合同等政务承诺及截至数据日期的兑现评级。",
        "Government promises (investment policies, PPP projects, enterprise contracts) and "
        "their rating on the data date.",
        promises,
        ("made_on", "rated_on"),
    ),
    Dataset(
        "promise_ratings",
        "政务承诺评级记录",
        "Promise rating history",
        "每项承诺截至数据日期的评级变化及依据。",
        "Every rating change of every promise up to the data date, with its evidence.",
        promise_ratings,
        ("on",),
    ),
    Dataset(
        "civil_servant_records",
        "公务员诚信记录",
        "Civil servants' dishonesty records",
        "公务员失信记录（姓名依规脱敏为“张某”形式，法律或生效文书已依法公开姓名的除外并注明），与部门页面所列一致。",
        "Civil servants' dishonesty records, names masked (张某) as on the department pages, "
        "unless a law or a published judgment makes the name public (marked).",
        civil_servant_records,
        ("decided_on",),
    ),
    Dataset(
        "archive",
        "政府诚信档案",
        "Government integrity archive",
        "各部门政府诚信档案条目（依法行政、政务公开、审计等），每条附来源。",
        "Entries of each department's government integrity archive, each with its sources.",
        archive,
        ("on",),
    ),
    Dataset(
        "debtor_listings",
        "失信被执行人",
        "Listings as judgment defaulters",
        "部门被人民法院列为失信被执行人的纳入、移出记录。",
        "Departments listed by a court as judgment defaulters (失信被执行人), and when lifted.",
        debtor_listings,
        ("listed_on", "lifted_on"),
    ),
    Dataset(
        "hotline",
        "12345 热线办理",
        "12345 hotline figures",
        "各部门各年度 12345 市民服务热线工单办理情况。",
        f"{_DEPT_EN} and year: tickets received, answered on time, resolved, satisfaction.",
        hotline,
    ),
    Dataset(
        "proposals",
        "建议提案办理",
        "NPC suggestions and CPPCC proposals",
        "各部门各年度人大代表建议、政协委员提案办理情况。",
        f"{_DEPT_EN}, year and kind: items assigned, answered on time, satisfied.",
        proposals,
    ),
    Dataset(
        "proposal_items",
        "建议提案及答复",
        "Suggestions and proposals and their answers",
        "可公开的人大代表建议、政协委员提案：标题、编号、承办单位、答复日期和办理结果（办理中的尚无答复）。",
        "NPC suggestions and CPPCC proposals that may be published: title, number, the "
        "department handling each, the answer date and result (none yet while in hand).",
        proposal_items,
        ("assigned_on", "answered_on"),
    ),
    Dataset(
        "objections",
        "异议处理",
        "Objections",
        "对公示记录提出的异议及答复期限、答复情况；所指记录仍在公示的，附其名称和链接。",
        "Objections to published records, with answer deadlines and outcomes; the record "
        "objected to is named and linked while it is public (a withdrawn one by its kind only).",
        objections,
        ("filed_on", "answered_on"),
    ),
    Dataset(
        "credit_repairs",
        "信用修复决定",
        "Credit repairs",
        "因信用修复停止公示的记录的修复决定：记录类别、部门、修复日期和修复决定文号（不含当事人和原记录内容）。",
        "Credit-repair decisions for records withdrawn after repair: kind of record, department, "
        "date and the decision's number; nothing of the repaired record itself.",
        credit_repairs,
        ("repaired_on",),
    ),
    Dataset(
        "departments",
        "部门",
        "Departments",
        "公示诚信档案的各部门、街道和单位。",
        "The bodies whose integrity archives the portal publishes.",
        departments,
    ),
    Dataset(
        "evaluation_scores",
        "政务诚信评价得分",
        "Integrity evaluation scores",
        "按公开的评价方法计算的各部门年度政务诚信评价得分和同类排名。",
        f"{_DEPT_EN} and year: the integrity score computed by the published methodology, and rank.",
        evaluation_scores,
        optional=True,
    ),
    Dataset(
        "evaluation_indicators",
        "政务诚信评价指标得分",
        "Integrity evaluation by indicator",
        "各部门年度评价得分的分项指标明细。",
        "Each department's yearly score broken down by indicator.",
        evaluation_indicators,
        optional=True,
    ),
    Dataset(
        "third_party",
        "第三方评价结果",
        "Third-party evaluations",
        "信用服务机构的第三方评价结果，与计算得分并列展示。",
        "Third-party evaluation results, shown beside the computed scores.",
        third_party,
        optional=True,
    ),
]


def tables(portal: Portal, features: dict) -> list[Table]:
    """Every dataset's table for this build; an optional dataset without rows is left out."""
    out = []
    for ds in DATASETS:
        columns, rows = ds.build(portal, features)
        if ds.optional and not rows:
            continue
        out.append(Table(ds, columns, rows))
    return out
